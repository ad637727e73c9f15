//! Building the network from the scenario's node groups and areas: positions, asserted cells,
//! HIP-17 scales, radio links between hotspots (who can hear whose beacon, with the static
//! validity verdicts precomputed), sensors and the hotspots that hear them.

use super::{Helium, Kind, Link};
use crate::config::HeliumConfig;
use crate::gaming::{COLOCATED_M, claimed_positions};
use crate::geo::{COVERAGE_RES, SpatialIndex, cell_of, cell_vector, point_in_disk};
use crate::hip17::{DensityMap, DensityRules};
use crate::radio::{
    HATA_MAX_HM, SENSOR_HEIGHT_M, arc_m, fspl_db, hata_range_km, path_loss_db, radio_horizon_km, unit_vector,
};
use crate::witness::{
    CELL_CHECK_BELOW_M, Invalid, verify_witness_cell_distance, verify_witness_distance, verify_witness_freq,
    verify_witness_region,
};
use depinsim_core::StreamRng;
use depinsim_core::node::NodeTable;
use h3o::CellIndex;
use rand::Rng;

/// Encodes a static verdict: 0 valid, else 1 + the reason's index in [`Invalid::ALL`].
pub(super) fn encode(v: Result<(), Invalid>) -> u8 {
    match v {
        Ok(()) => 0,
        Err(r) => 1 + Invalid::ALL.iter().position(|x| *x == r).expect("listed") as u8,
    }
}

/// The static part of the witness checks of a beacon from `b` heard by `w`: frequency, region,
/// minimum cell distance, maximum distance (in upstream's order; they depend only on the two
/// hotspots' assertions).
pub(super) fn static_verdict(h: &Helium, b: usize, w: usize, distance_m: u32) -> Result<(), Invalid> {
    verify_witness_freq(h.plan[b].freq_hz(), h.plan[w].freq_hz())?;
    verify_witness_region(h.plan[b], h.plan[w])?;
    if distance_m < CELL_CHECK_BELOW_M {
        verify_witness_cell_distance(h.cell[b], h.cell[w])?;
    }
    verify_witness_distance(distance_m)
}

impl Helium {
    /// Places every node, computes scales, links and sensors. The configuration has passed
    /// [`Helium::check`](depinsim_core::Protocol::check): every hotspot and spoofer group has
    /// its area, and only spoofers' areas have claims.
    pub(super) fn build(
        cfg: HeliumConfig,
        density_rules: &DensityRules,
        nodes: &NodeTable,
        rng: &mut StreamRng,
    ) -> Self {
        let n = nodes.len();
        let mut h = Helium::empty(cfg, n);
        // Which area each group stands in.
        let area_of_group: Vec<Option<usize>> =
            nodes.groups.iter().map(|g| h.cfg.areas.iter().position(|a| a.group == g.name)).collect();
        // Real positions, asserted cells, radio parameters.
        let mut real: Vec<(f64, f64)> = vec![(0.0, 0.0); n];
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); nodes.groups.len()];
        for node in nodes.ids() {
            members[nodes.info(node).group as usize].push(node.index());
        }
        for (gi, group) in nodes.groups.iter().enumerate() {
            let kind = match group.role.as_str() {
                "hotspot" => Kind::Honest,
                "spoofer" => Kind::Spoofer,
                "oracle" => Kind::Oracle,
                _ => Kind::Chain,
            };
            let Some(ai) = area_of_group[gi] else {
                for &i in &members[gi] {
                    h.kind[i] = kind;
                }
                continue;
            };
            let area = h.cfg.areas[ai].clone();
            let claims = match &area.claims {
                Some(c) => claimed_positions(c, members[gi].len(), rng),
                None => Vec::new(),
            };
            for (k, &i) in members[gi].iter().enumerate() {
                h.kind[i] = kind;
                h.env[i] = area.environment;
                h.plan[i] = area.plan;
                h.gain_ddbi[i] = area.gain_ddbi();
                h.elevation[i] = area.elevation_m() as f32;
                h.profile_capex[i] = nodes.profile(depinsim_core::NodeId(i as u32)).capex_usd;
                h.profile_power_w[i] = nodes.profile(depinsim_core::NodeId(i as u32)).power_w;
                if let Some(c) = &area.claims {
                    real[i] = (area.lat, area.lon);
                    h.cell[i] = cell_of(claims[k].0, claims[k].1);
                    let rs = c.ring_size as usize;
                    h.ring[i] = (members[gi][0] + (k / rs) * rs) as u32;
                    h.fake_rssi[i] = c.fake_rssi;
                } else {
                    real[i] = point_in_disk(area.lat, area.lon, area.radius_km, rng);
                    h.cell[i] = cell_of(real[i].0, real[i].1);
                }
                h.placed[i] = true;
            }
        }
        // Backhaul latency and beacon slot of each hotspot.
        let ln_fast = h.cfg.backhaul_ms.max(1.0).ln();
        let ln_slow = h.cfg.slow_backhaul_ms.max(1.0).ln();
        for i in 0..n {
            let slow = rng.random::<f64>() < h.cfg.slow_backhaul_share;
            let z: f64 = normal(rng);
            h.latency_ms[i] = ((if slow { ln_slow } else { ln_fast }) + 0.5 * z).exp() as f32;
            let slot = rng.random_range(0..h.cfg.beacon_slots) as usize;
            if h.placed[i] {
                h.slots[slot].push(i as u32);
            }
        }
        // HIP-17 over every asserted hotspot.
        let asserted: Vec<CellIndex> = (0..n).filter(|i| h.placed[*i]).map(|i| h.cell[i]).collect();
        let density = DensityMap::with_rules(&asserted, density_rules);
        for i in 0..n {
            if h.placed[i] {
                h.scale[i] = if h.cfg.rules.hex_scaling() { density.scale(h.cell[i]) } else { 1.0 };
            }
        }
        // Coverage hexes.
        let mut hexes: Vec<u64> = (0..n)
            .filter(|i| h.placed[*i])
            .map(|i| u64::from(h.cell[i].parent(COVERAGE_RES).expect("coarser")))
            .collect();
        hexes.sort_unstable();
        hexes.dedup();
        h.hex_live = vec![0; hexes.len()];
        for i in 0..n {
            if h.placed[i] {
                let key = u64::from(h.cell[i].parent(COVERAGE_RES).expect("coarser"));
                let hex = hexes.binary_search(&key).expect("listed") as u32;
                h.hex[i] = hex;
                h.hex_live[hex as usize] += 1;
            }
        }
        h.covered = h.hex_live.iter().filter(|c| **c > 0).count() as u32;
        h.hexes_total = hexes.len() as u32;
        h.build_links(&real);
        h.build_sensors(&real, rng);
        h
    }

    /// The furthest any beacon can be heard, km: the Hata range of the best link budget with the
    /// shadowing margin, over every area.
    pub(super) fn search_radius_km(cfg: &HeliumConfig) -> f64 {
        let max_gain = cfg.areas.iter().map(|a| a.gain_ddbi()).max().unwrap_or(0) as f64 / 10.0;
        let mut r: f64 = 1.0;
        for a in &cfg.areas {
            let budget = a.plan.tx_dbm() as f64 + a.gain_ddbi() as f64 / 10.0 + max_gain - cfg.sensitivity_dbm
                + 2.0 * cfg.shadowing_db;
            let freq_mhz = a.plan.freq_hz() as f64 / 1e6;
            r = r.max(hata_range_km(a.environment, freq_mhz, budget, a.elevation_m(), HATA_MAX_HM));
        }
        let highest = cfg.areas.iter().map(|a| a.elevation_m()).fold(1.0, f64::max);
        r.min(radio_horizon_km(highest, highest))
    }

    /// Who can hear whose beacons, in compressed rows per beaconer.
    fn build_links(&mut self, real: &[(f64, f64)]) {
        let n = self.kind.len();
        let vec_real: Vec<[f64; 3]> = real.iter().map(|p| unit_vector(p.0, p.1)).collect();
        let vec_cell: Vec<[f64; 3]> =
            (0..n).map(|i| if self.placed[i] { cell_vector(self.cell[i]) } else { [0.0; 3] }).collect();
        let honest: Vec<u32> = (0..n as u32).filter(|i| self.kind[*i as usize] == Kind::Honest).collect();
        let honest_pts: Vec<(f64, f64)> = honest.iter().map(|i| real[*i as usize]).collect();
        let radius = Self::search_radius_km(&self.cfg);
        let index = SpatialIndex::new(&honest_pts, radius);
        let margin = 2.0 * self.cfg.shadowing_db;
        self.link_start.push(0);
        for b in 0..n {
            match self.kind[b] {
                Kind::Honest => {
                    let freq_mhz = self.plan[b].freq_hz() as f64 / 1e6;
                    let eirp = self.plan[b].tx_dbm() as f64 + self.gain_ddbi[b] as f64 / 10.0;
                    let start = self.links.len();
                    index.near(real[b].0, real[b].1, |k| {
                        let w = honest[k as usize] as usize;
                        if w == b || self.plan[w] != self.plan[b] {
                            return;
                        }
                        let d_km = arc_m(vec_real[b], vec_real[w]) / 1000.0;
                        if d_km > radio_horizon_km(self.elevation[b] as f64, self.elevation[w] as f64) {
                            return;
                        }
                        let loss = path_loss_db(
                            self.env[b],
                            freq_mhz,
                            d_km,
                            self.elevation[b] as f64,
                            self.elevation[w] as f64,
                        );
                        if eirp + self.gain_ddbi[w] as f64 / 10.0 - loss + margin < self.cfg.sensitivity_dbm {
                            return;
                        }
                        let distance_m = arc_m(vec_cell[b], vec_cell[w]).round() as u32;
                        let verdict = encode(static_verdict(self, b, w, distance_m));
                        self.links.push(Link { to: w as u32, loss_db: loss as f32, distance_m, verdict });
                    });
                    // Index order is by coarse cell; sort by witness for a stable, readable order.
                    self.links[start..].sort_unstable_by_key(|l| l.to);
                }
                Kind::Spoofer => {
                    let freq = self.plan[b].freq_hz() as f64;
                    let ring = self.ring[b];
                    let mut w = ring as usize;
                    while w < n && self.ring[w] == ring {
                        if w != b {
                            let distance_m = arc_m(vec_cell[b], vec_cell[w]).round() as u32;
                            let verdict = encode(static_verdict(self, b, w, distance_m));
                            let loss = fspl_db(freq, COLOCATED_M) as f32;
                            self.links.push(Link { to: w as u32, loss_db: loss, distance_m, verdict });
                        }
                        w += 1;
                    }
                }
                _ => {}
            }
            self.link_start.push(self.links.len() as u32);
        }
    }

    /// Sensors in each area and, for each, the hotspots that hear it, strongest first.
    fn build_sensors(&mut self, real: &[(f64, f64)], rng: &mut StreamRng) {
        let n = self.kind.len();
        let receivers: Vec<u32> = (0..n as u32).filter(|i| self.placed[*i as usize]).collect();
        let pts: Vec<(f64, f64)> = receivers.iter().map(|i| real[*i as usize]).collect();
        let index = SpatialIndex::new(&pts, Self::search_radius_km(&self.cfg));
        let areas = self.cfg.areas.clone();
        self.sensor_start.push(0);
        for area in &areas {
            let freq_mhz = area.plan.freq_hz() as f64 / 1e6;
            for _ in 0..area.sensors {
                let (lat, lon) = point_in_disk(area.lat, area.lon, area.radius_km, rng);
                let v = unit_vector(lat, lon);
                let mut heard: Vec<(f32, u32)> = Vec::new();
                index.near(lat, lon, |k| {
                    let hs = receivers[k as usize] as usize;
                    if self.plan[hs] != area.plan {
                        return;
                    }
                    let d_km = arc_m(v, unit_vector(real[hs].0, real[hs].1)) / 1000.0;
                    if d_km > radio_horizon_km(self.elevation[hs] as f64, SENSOR_HEIGHT_M) {
                        return;
                    }
                    let loss =
                        path_loss_db(area.environment, freq_mhz, d_km, self.elevation[hs] as f64, SENSOR_HEIGHT_M);
                    if self.cfg.sensor_tx_dbm + self.gain_ddbi[hs] as f64 / 10.0 - loss >= self.cfg.sensitivity_dbm {
                        heard.push((loss as f32, hs as u32));
                    }
                });
                heard.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                self.sensor_links.extend(heard.iter().map(|x| x.1));
                self.sensor_start.push(self.sensor_links.len() as u32);
            }
        }
    }
}

/// A standard normal draw (Box-Muller).
pub(super) fn normal(rng: &mut StreamRng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(1e-300);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}
