//! Reward epochs and their payment. At each epoch's end (plus the reward offset) the oracle turns
//! the epoch's shares into HNT: the IoT part of the HIP-20 emission is split into pools
//! ([`crate::emission::pools`]) and each pool pro rata over its shares, the background network's
//! included. The HNT is paid (converted to USD at the price of the day it is paid) only when
//! every oracle node and every chain node is up and the oracle has worked through the reports
//! that piled up while it was down; until then the epoch waits, and the delay is recorded.

use super::{Helium, Kind, PendingEpoch};
use crate::emission::{days_from_civil, dc_to_hnt, hnt_per_day, pools};
use crate::hip15::{tx_units, witness_units};
use depinsim_core::time::DAY;
use depinsim_core::{Ctx, NodeId, SimDuration, SimTime};

impl Helium {
    /// Computes epoch `k`'s rewards (its shares are those accumulated since the previous epoch)
    /// and queues them for payment.
    pub(super) fn close_epoch(&mut self, k: u64, now: SimTime) {
        let epoch_days = self.cfg.epoch.as_millis() as f64 / DAY as f64;
        let start_day = days_from_civil(&self.cfg.start_date).expect("validated");
        let day = start_day + ((k * self.cfg.epoch.as_millis()) / DAY) as i64;
        let iot_hnt = hnt_per_day(day) * self.cfg.iot_share * epoch_days;
        let price = self.price(now);
        // The background network's shares over the epoch.
        let bg = self.cfg.background_hotspots as f64;
        let beacons = bg * (self.cfg.epoch.as_millis() as f64 / self.cfg.beacon_every.as_millis() as f64);
        let bw = self.cfg.background_witnesses;
        let bscale = if self.cfg.rules.hex_scaling() { self.cfg.background_hex_scale } else { 1.0 };
        let (bg_beacon, bg_witness) = if self.cfg.rules.pays_poc() {
            (beacons * tx_units(bw) * bscale, beacons * bw as f64 * witness_units(bw) * bscale)
        } else {
            (0.0, 0.0)
        };
        let bg_dc = self.cfg.background_dc_per_day * epoch_days;
        let total_beacon: f64 = self.beacon_shares.iter().sum::<f64>() + bg_beacon;
        let total_witness: f64 = self.witness_shares.iter().sum::<f64>() + bg_witness;
        let total_dc: f64 = self.dc.iter().sum::<f64>() + bg_dc;
        let p = pools(self.cfg.rules, iot_hnt, dc_to_hnt(total_dc, price));
        let per = |pool: f64, total: f64| if total > 0.0 { pool / total } else { 0.0 };
        let (pb, pw, pd) = (per(p.beacon, total_beacon), per(p.witness, total_witness), per(p.data, total_dc));
        let n = self.kind.len();
        let mut hnt = vec![0.0; n];
        for (i, slot) in hnt.iter_mut().enumerate() {
            let tx = self.beacon_shares[i] * pb;
            let amount = tx + self.witness_shares[i] * pw + self.dc[i] * pd;
            *slot = amount;
            self.hnt_earned[i] += amount;
            self.tx_hnt[i] += tx;
            self.totals.hnt_earned += amount;
            if self.kind[i] == Kind::Spoofer {
                self.totals.hnt_spoofers += amount;
            }
        }
        self.beacon_shares.iter_mut().for_each(|x| *x = 0.0);
        self.witness_shares.iter_mut().for_each(|x| *x = 0.0);
        self.dc.iter_mut().for_each(|x| *x = 0.0);
        self.totals.hnt_pending += hnt.iter().sum::<f64>();
        self.pending.push(PendingEpoch { due: now, hnt });
    }

    /// Whether the oracle can pay now: every oracle and chain node up and the backlog processed.
    fn can_pay(&self, now: SimTime) -> bool {
        self.oracles_down == 0 && self.chains_down == 0 && now >= self.current_at
    }

    /// Pays every waiting epoch if the oracle can; otherwise, if only the backlog stands in the
    /// way, asks for a retry when it will be processed.
    pub(super) fn try_pay(&mut self, cx: &mut Ctx<'_, Self>) {
        let now = cx.now();
        if self.pending.is_empty() {
            return;
        }
        if !self.can_pay(now) {
            if self.oracles_down == 0 && self.chains_down == 0 && self.current_at > now && !self.retry_set {
                self.retry_set = true;
                cx.set_timer(self.current_at.since(now), super::Timer::Retry);
            }
            return;
        }
        let price = self.price(now);
        for epoch in std::mem::take(&mut self.pending) {
            for (i, amount) in epoch.hnt.iter().enumerate() {
                if *amount > 0.0 {
                    let usd = amount * price;
                    cx.pay_in(NodeId(i as u32), *amount, usd);
                    self.usd_paid[i] += usd;
                }
            }
            self.totals.hnt_pending -= epoch.hnt.iter().sum::<f64>();
            let delay = now.since(epoch.due);
            self.totals.epochs_paid += 1;
            if delay > SimDuration::ZERO {
                self.totals.epochs_delayed += 1;
                self.totals.delay_max = self.totals.delay_max.max(delay);
            }
        }
        self.totals.hnt_pending = self.totals.hnt_pending.max(0.0);
    }

    /// The oracle's view of an infrastructure node going down (`down`) or up at `now`.
    pub(super) fn infra_fault(&mut self, kind: Kind, down: bool, now: SimTime) {
        let speed = self.cfg.catch_up_speed;
        match (kind, down) {
            (Kind::Oracle, true) => {
                if self.oracles_down == 0 {
                    // Reports still unprocessed from an earlier outage carry over.
                    let left = self.current_at.as_millis().saturating_sub(now.as_millis()) as f64 * (speed - 1.0);
                    self.backlog_ms = left;
                    self.down_since = now;
                }
                self.oracles_down += 1;
            }
            (Kind::Oracle, false) => {
                self.oracles_down -= 1;
                if self.oracles_down == 0 {
                    let backlog = self.backlog_ms + now.since(self.down_since).as_millis() as f64;
                    self.current_at = now + SimDuration::from_millis_f64(backlog / (speed - 1.0));
                    self.retry_set = false;
                }
            }
            (Kind::Chain, true) => self.chains_down += 1,
            (Kind::Chain, false) => self.chains_down -= 1,
            _ => {}
        }
    }
}
