//! Where hotspots and sensors stand: named areas (dense city, suburbs, rural) with a centre and a
//! radius, positions drawn uniformly in them, H3 cells of the asserted positions (resolution 12,
//! the precision hotspots assert at; resolution 8 for coverage), region plans, and the spatial
//! index that finds who can hear whom without comparing every pair.

use crate::radio::{EARTH_RADIUS_M, Environment, unit_vector};
use depinsim_core::ConfigError;
use h3o::{CellIndex, LatLng, Resolution};
use rand::Rng;
use serde::Deserialize;

/// Resolution hotspots assert their location at (helium-config-service stores res-12 cells).
pub const ASSERT_RES: Resolution = Resolution::Twelve;
/// Resolution of the coverage metric: a res-8 hex (about 0.74 km²) counts as covered while a
/// hotspot asserted in it is up.
pub const COVERAGE_RES: Resolution = Resolution::Eight;

/// A LoRaWAN region plan (LoRa Alliance, RP002 Regional Parameters).
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub enum Plan {
    /// Europe, 863-870 MHz.
    #[default]
    #[serde(rename = "EU868")]
    Eu868,
    /// North America, 902-928 MHz.
    #[serde(rename = "US915")]
    Us915,
}

impl Plan {
    /// Beacon frequency, Hz. Assumption: one channel per plan (the values of the verifier's unit
    /// tests, iot_verifier/src/poc.rs: 867.900024 MHz and 904.700032 MHz).
    pub fn freq_hz(self) -> u64 {
        match self {
            Plan::Eu868 => 867_900_024,
            Plan::Us915 => 904_700_032,
        }
    }
    /// Beacon transmit power, dBm. EU868: 14 dBm, the ETSI EN 300 220 limit of 25 mW ERP on the
    /// 868.0-868.6 MHz sub-band (assumption for the beacon); US915: 27 dBm, the verifier's unit
    /// tests (iot_verifier/src/poc.rs `test_verify_witness_rssi`).
    pub fn tx_dbm(self) -> i32 {
        match self {
            Plan::Eu868 => 14,
            Plan::Us915 => 27,
        }
    }
}

/// Spoofers' claimed positions: a ring of hotspots at one real site asserting positions spread
/// over a disk elsewhere.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    /// Centre of the claimed disk, degrees.
    pub lat: f64,
    /// Centre of the claimed disk, degrees.
    pub lon: f64,
    /// Radius of the claimed disk, km.
    pub radius_km: f64,
    /// Hotspots per ring; each ring's members witness each other's beacons.
    pub ring_size: u32,
    /// Whether the ring reports signal strengths consistent with the claimed distances (a
    /// sophisticated spoofer) or the real, co-located ones (caught by the RSSI rule).
    #[serde(default)]
    pub fake_rssi: bool,
}

impl Claims {
    /// Checks the claimed disk of the spoofer group of area `area`, with paths relative to the
    /// `claims` table. A ring needs two members to witness each other; the disk is at most 500
    /// km across so that flat-earth offsets stay close to true distances.
    pub fn check(&self, area: &str) -> Result<(), ConfigError> {
        let found = |key: &str, v: &dyn std::fmt::Display| format!("`claims.{key}` of area `{area}` is {v}");
        if !(self.lat.is_finite() && (-85.0..=85.0).contains(&self.lat)) {
            return Err(ConfigError::param("lat", found("lat", &self.lat)).help("a latitude from -85 to 85 degrees"));
        }
        if !(self.lon.is_finite() && (-180.0..=180.0).contains(&self.lon)) {
            return Err(ConfigError::param("lon", found("lon", &self.lon)).help("a longitude from -180 to 180 degrees"));
        }
        if !(self.radius_km > 0.0 && self.radius_km <= 500.0) {
            return Err(ConfigError::param("radius_km", found("radius_km", &self.radius_km))
                .help("a radius above 0 and at most 500 km"));
        }
        if self.ring_size < 2 {
            return Err(ConfigError::param("ring_size", found("ring_size", &self.ring_size))
                .help("2 or more hotspots per ring (the members witness each other's beacons)"));
        }
        Ok(())
    }
}

/// A named area where one node group stands.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// The node group placed here (its `name` in the scenario).
    pub group: String,
    /// Surroundings.
    pub environment: Environment,
    /// Centre, degrees.
    pub lat: f64,
    /// Centre, degrees.
    pub lon: f64,
    /// Radius, km; hotspots and sensors are drawn uniformly in the disk.
    pub radius_km: f64,
    /// Region plan.
    #[serde(default)]
    pub plan: Plan,
    /// Antenna gain, dBi (default by environment, [`Environment::default_gain_ddbi`]).
    pub gain_dbi: Option<f64>,
    /// Antenna elevation above ground, m (default by environment).
    pub elevation_m: Option<f64>,
    /// Sensors sending uplinks in the area.
    #[serde(default)]
    pub sensors: u32,
    /// For a `spoofer` group: the positions its hotspots claim.
    pub claims: Option<Claims>,
}

impl Area {
    /// Checks what serde cannot, with paths relative to the area's table (the caller adds
    /// `areas.N` with [`ConfigError::within`]). Latitudes stop at 85 degrees because positions
    /// are drawn with flat-earth offsets, which stretch without bound toward the poles.
    pub fn check(&self) -> Result<(), ConfigError> {
        let name = &self.group;
        let within = |key: &str, v: f64, lo: f64, hi: f64, what: &str| {
            if v.is_finite() && (lo..=hi).contains(&v) {
                return Ok(());
            }
            Err(ConfigError::param(key, format!("`{key}` of area `{name}` is {v}")).help(what))
        };
        within("lat", self.lat, -85.0, 85.0, "a latitude from -85 to 85 degrees")?;
        within("lon", self.lon, -180.0, 180.0, "a longitude from -180 to 180 degrees")?;
        within("radius_km", self.radius_km, 0.0, 2000.0, "a radius from 0 to 2000 km")?;
        if let Some(g) = self.gain_dbi {
            within("gain_dbi", g, 0.0, 15.0, "an antenna gain from 0 to 15 dBi")?;
        }
        if let Some(e) = self.elevation_m {
            within("elevation_m", e, 1.0, 300.0, "an antenna height from 1 to 300 m above ground")?;
        }
        if let Some(c) = &self.claims {
            c.check(name).map_err(|e| e.within("claims"))?;
        }
        Ok(())
    }
    /// Antenna gain, tenths of dBi.
    pub fn gain_ddbi(&self) -> i32 {
        self.gain_dbi.map_or(self.environment.default_gain_ddbi(), |g| (g * 10.0).round() as i32)
    }
    /// Antenna elevation, m.
    pub fn elevation_m(&self) -> f64 {
        self.elevation_m.unwrap_or(self.environment.default_elevation_m())
    }
}

/// A point drawn uniformly in the disk of `radius_km` around (`lat`, `lon`), degrees (flat-earth
/// offsets, fine for radii of a few hundred km).
pub fn point_in_disk<R: Rng + ?Sized>(lat: f64, lon: f64, radius_km: f64, rng: &mut R) -> (f64, f64) {
    let r = radius_km * rng.random::<f64>().sqrt();
    let theta = 2.0 * std::f64::consts::PI * rng.random::<f64>();
    let km_per_deg = EARTH_RADIUS_M / 1000.0 * std::f64::consts::PI / 180.0;
    let dlat = r * theta.cos() / km_per_deg;
    let dlon = r * theta.sin() / (km_per_deg * lat.to_radians().cos().max(0.01));
    ((lat + dlat).clamp(-89.0, 89.0), ((lon + dlon + 540.0) % 360.0) - 180.0)
}

/// The resolution-12 cell of a position.
pub fn cell_of(lat: f64, lon: f64) -> CellIndex {
    LatLng::new(lat, lon).expect("finite coordinates").to_cell(ASSERT_RES)
}

/// The unit vector of a cell's centre.
pub fn cell_vector(cell: CellIndex) -> [f64; 3] {
    let ll = LatLng::from(cell);
    unit_vector(ll.lat(), ll.lng())
}

/// Points indexed by an H3 cell about a sixth of the search radius across, so that a query
/// walks the k-ring of cells that covers the radius (a little more than the disk, not the 19 big
/// cells of a 2-ring at a resolution as coarse as the radius, which scanned some 70 times the
/// disk's area at national densities).
pub struct SpatialIndex {
    res: Resolution,
    k: u32,
    /// (cell, point), sorted.
    entries: Vec<(u64, u32)>,
}

impl SpatialIndex {
    /// Indexes `points` (lat, lon) for queries within `radius_km`.
    pub fn new(points: &[(f64, f64)], radius_km: f64) -> Self {
        let mut res = Resolution::Zero;
        for r in 0..=15u8 {
            let candidate = Resolution::try_from(r).expect("valid");
            if candidate.edge_length_km() >= radius_km / 6.0 {
                res = candidate;
            }
        }
        // Ring k reaches at least 1.5 k edges from the centre cell; 0.8 allows for H3 cells that
        // are smaller than the average edge, and one more ring for the query point's offset
        // within its cell.
        let k = (radius_km / (1.5 * 0.8 * res.edge_length_km())).ceil() as u32 + 1;
        let mut entries: Vec<(u64, u32)> = points
            .iter()
            .enumerate()
            .map(|(i, (lat, lon))| (u64::from(LatLng::new(*lat, *lon).expect("finite").to_cell(res)), i as u32))
            .collect();
        entries.sort_unstable();
        SpatialIndex { res, k, entries }
    }

    /// Calls `f` with every point in the k-ring of the query point's cell, in index order (a
    /// superset of the points within the radius).
    pub fn near(&self, lat: f64, lon: f64, mut f: impl FnMut(u32)) {
        let cell = LatLng::new(lat, lon).expect("finite").to_cell(self.res);
        let mut disk: Vec<CellIndex> = cell.grid_disk(self.k);
        disk.sort_unstable();
        for c in disk {
            let key = u64::from(c);
            let from = self.entries.partition_point(|e| e.0 < key);
            for e in &self.entries[from..] {
                if e.0 != key {
                    break;
                }
                f(e.1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::radio::arc_m;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn points_stay_in_their_disk() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..1000 {
            let (lat, lon) = point_in_disk(40.4, -3.7, 10.0, &mut rng);
            let d = arc_m(unit_vector(40.4, -3.7), unit_vector(lat, lon));
            assert!(d <= 10_050.0, "{d} m");
        }
    }

    #[test]
    fn index_finds_every_point_within_the_radius() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let pts: Vec<(f64, f64)> = (0..2000).map(|_| point_in_disk(40.4, -3.7, 60.0, &mut rng)).collect();
        let radius_km = 7.0;
        let idx = SpatialIndex::new(&pts, radius_km);
        for q in pts.iter().take(50) {
            let mut found = Vec::new();
            idx.near(q.0, q.1, |i| found.push(i));
            let brute: Vec<u32> = (0..pts.len() as u32)
                .filter(|i| {
                    let p = pts[*i as usize];
                    arc_m(unit_vector(q.0, q.1), unit_vector(p.0, p.1)) <= radius_km * 1000.0
                })
                .collect();
            assert!(brute.iter().all(|b| found.contains(b)));
            assert!(found.len() < pts.len() / 4, "the index must prune: {} of {}", found.len(), pts.len());
        }
    }
}
