//! One beacon slot: every hotspot of the slot that is up beacons; the hotspots that hear it report
//! witnesses; the verifier checks each report and selects the first 14 valid ones; HIP-15 units
//! scaled by the beaconer's HIP-17 scale accumulate as the epoch's shares (upstream gives each
//! witness the beaconer's scale: `verify_witness` looks up the density map at the beaconer's
//! location).

use super::{Helium, Kind};
use crate::gaming::reported_signal_ddbm;
use crate::hip15::{tx_units, witness_units};
use crate::radio::expected_rssi_dbm;
use crate::witness::{Invalid, RECIPROCITY_WINDOW_MS, select_first, verify_witness_lag, verify_witness_rssi};
use depinsim_core::StreamRng;
use depinsim_core::rng::standard_exponential;
use depinsim_core::{Liveness, NodeId, SimTime};

/// One heard report, before verification.
#[derive(Clone, Copy, Debug)]
pub(super) struct Heard {
    witness: u32,
    received_ms: i64,
    signal_ddbm: i32,
    link: u32,
}

impl Helium {
    /// Exponential jitter, ms.
    fn jitter(&self, rng: &mut StreamRng) -> f64 {
        standard_exponential(rng) * self.cfg.jitter_ms
    }

    /// Runs the beacons of slot `slot` at `now`.
    pub(super) fn beacon_slot(&mut self, slot: usize, now: SimTime, live: &Liveness, rng: &mut StreamRng) {
        let beaconers = std::mem::take(&mut self.slots[slot]);
        for &b in &beaconers {
            if live.is_up(NodeId(b)) {
                self.beacon(b as usize, now.as_millis(), live, rng);
            }
        }
        self.slots[slot] = beaconers;
    }

    fn beacon(&mut self, b: usize, now: u64, live: &Liveness, rng: &mut StreamRng) {
        self.beacons_sent[b] += 1;
        self.totals.beacons += 1;
        let beacon_received = (self.latency_ms[b] as f64 + self.jitter(rng)) as i64;
        // Who hears it.
        let mut heard = std::mem::take(&mut self.scratch);
        heard.clear();
        let (from, to) = (self.link_start[b] as usize, self.link_start[b + 1] as usize);
        let tx = self.plan[b].tx_dbm();
        let sigma = self.cfg.shadowing_db;
        for li in from..to {
            let link = self.links[li];
            let w = link.to as usize;
            if !live.is_up(NodeId(link.to)) {
                continue;
            }
            let shadow = (super::setup::normal(rng) * sigma).clamp(-2.0 * sigma, 2.0 * sigma);
            let rssi = tx as f64 + self.gain_ddbi[b] as f64 / 10.0 + self.gain_ddbi[w] as f64 / 10.0
                - link.loss_db as f64
                + shadow;
            if rssi < self.cfg.sensitivity_dbm {
                continue;
            }
            let signal_ddbm = if self.kind[w] == Kind::Spoofer {
                let bound = expected_rssi_dbm(
                    tx,
                    self.plan[w].freq_hz(),
                    link.distance_m,
                    self.gain_ddbi[b],
                    self.gain_ddbi[w],
                );
                reported_signal_ddbm(rssi, bound, self.fake_rssi[w], rng)
            } else {
                (rssi * 10.0).floor() as i32
            };
            let received_ms = (self.latency_ms[w] as f64 + self.jitter(rng)) as i64;
            heard.push(Heard { witness: link.to, received_ms, signal_ddbm, link: li as u32 });
        }
        // Beacon reciprocity: the beaconer needs a valid witness report within 48 h.
        if now.saturating_sub(self.last_witness[b]) >= RECIPROCITY_WINDOW_MS {
            self.totals.beacons_invalid += 1;
            self.scratch = heard;
            return;
        }
        self.last_beacon[b] = now;
        let first = heard.iter().map(|x| x.received_ms).min().unwrap_or(i64::MAX);
        let mut valid = std::mem::take(&mut self.valid_scratch);
        valid.clear();
        for r in &heard {
            let link = self.links[r.link as usize];
            let w = r.witness as usize;
            let verdict = verify_witness_lag(beacon_received, first, r.received_ms)
                .and_then(|()| super::decode(link.verdict))
                .and_then(|()| {
                    verify_witness_rssi(
                        r.signal_ddbm,
                        self.plan[w].freq_hz(),
                        tx,
                        self.gain_ddbi[b],
                        self.gain_ddbi[w],
                        link.distance_m,
                    )
                });
            let verdict = verdict.and_then(|()| {
                self.last_witness[w] = now;
                if now.saturating_sub(self.last_beacon[w]) < RECIPROCITY_WINDOW_MS {
                    Ok(())
                } else {
                    Err(Invalid::NoValidBeacons)
                }
            });
            match verdict {
                Ok(()) => valid.push((r.witness, r.received_ms)),
                Err(reason) => self.totals.invalid[reason as usize] += 1,
            }
        }
        let cut = select_first(&mut valid);
        self.totals.invalid[Invalid::Unselected as usize] += cut as u64;
        let w = valid.len() as u32;
        self.totals.witnesses_valid += w as u64;
        if self.cfg.rules.pays_poc() && w > 0 {
            let scale = self.scale[b];
            self.beacon_shares[b] += tx_units(w) * scale;
            let per = witness_units(w) * scale;
            for (wi, _) in &valid {
                self.witness_shares[*wi as usize] += per;
            }
        }
        self.valid_scratch = valid;
        self.scratch = heard;
    }

    /// The uplinks of the part of the traffic tick from `traffic_from` to `now`: each sensor's
    /// go to the strongest hotspot up over that part that hears it, which earns their data
    /// credits. A hotspot's change inside a tick splits the tick there (see `on_fault`), so an
    /// uplink is delivered, and paid, by the hotspots up when it is sent: a packet is bought with
    /// data credits when the packet router delivers it (helium/oracles `iot_packet_verifier`
    /// burns the DC of each packet report as it comes), not at the tick that batches them here.
    pub(super) fn traffic(&mut self, now: SimTime) {
        if now <= self.traffic_from {
            return;
        }
        let ms = now.since(self.traffic_from).as_millis();
        let hours = now.since(self.traffic_from).as_hours_f64();
        self.traffic_from = now;
        let packets = self.cfg.packets_per_sensor_hour * hours;
        let sensors = self.sensor_start.len().saturating_sub(1);
        let mut delivered = 0usize;
        for s in 0..sensors {
            let (from, to) = (self.sensor_start[s] as usize, self.sensor_start[s + 1] as usize);
            if let Some(hs) = self.sensor_links[from..to].iter().find(|h| self.up[**h as usize]) {
                self.dc[*hs as usize] += packets * super::DC_PER_PACKET;
                delivered += 1;
            }
        }
        self.totals.packets_sent += packets * sensors as f64;
        self.totals.packets_delivered += packets * delivered as f64;
        self.tick_ms.0 += ms * sensors as u64;
        self.tick_ms.1 += ms * delivered as u64;
    }

    /// Ends a traffic tick: its delivery is the share of its sensor-time with a hotspot up,
    /// over its parts (the share of sensors served, when nothing changed in it).
    pub(super) fn close_tick(&mut self) {
        let (all, served) = std::mem::take(&mut self.tick_ms);
        self.last_delivery = (all > 0).then(|| served as f64 / all as f64);
    }
}
