//! Radio physics of a LoRa beacon: free-space path loss (the verifier's RSSI bound), the
//! Okumura-Hata path loss that decides who actually hears a beacon, link budgets and ranges.
//!
//! The verifier (helium/oracles `iot_verifier/src/poc.rs`, `calc_fpsl` and `calc_expected_rssi`)
//! only knows free space: a witness reporting a signal stronger than free space allows over the
//! asserted distance is invalid. Real signals lose much more than free space on the ground, so
//! whether a hotspot hears a beacon at all is decided here with the Hata model (stand-in: no
//! terrain data; Hata is the usual empirical model for 150-1500 MHz over 1-20 km, applied here
//! also to antennas lower than its 30 m validity floor, which makes it pessimistic, i.e. shorter
//! ranges, in line with the LoRa ranges of the reference notes: ~4.8 km urban, 16 km or more
//! rural, docs/reference/hardware.md).

use serde::Deserialize;
use std::f64::consts::PI;

/// Speed of light used by the verifier, m/s (`C` in iot_verifier/src/poc.rs: 2.998e8, "in air").
pub const C: f64 = 2.998e8;

/// Mean Earth radius, metres, as h3o's `LatLng::distance_m` (`EARTH_RADIUS_KM` in h3o).
pub const EARTH_RADIUS_M: f64 = 6_371_007.180_918_475;

/// Height of a sensor's antenna above ground, metres. Assumption: 1.5 m, Hata's reference mobile
/// height.
pub const SENSOR_HEIGHT_M: f64 = 1.5;

/// Free-space path loss in dB: 20 log10(4 pi d f / c) (iot_verifier/src/poc.rs `calc_fpsl`).
pub fn fspl_db(freq_hz: f64, distance_m: f64) -> f64 {
    20.0 * (4.0 * PI * distance_m * freq_hz / C).log10()
}

/// The strongest signal, dBm, a witness can receive from a beacon over `distance_m` in free
/// space: tx power + beaconer gain - FSPL + witness gain (iot_verifier/src/poc.rs
/// `calc_expected_rssi`). Gains are in tenths of dBi and, as upstream, truncated to whole dB by
/// integer division before use.
pub fn expected_rssi_dbm(
    tx_dbm: i32,
    freq_hz: u64,
    distance_m: u32,
    beacon_gain_ddbi: i32,
    witness_gain_ddbi: i32,
) -> f64 {
    let gb = beacon_gain_ddbi / 10;
    let gw = witness_gain_ddbi / 10;
    tx_dbm as f64 + gb as f64 - fspl_db(freq_hz as f64, distance_m as f64) + gw as f64
}

/// The surroundings of a hotspot, which set how fast its signal decays.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Environment {
    /// A dense city centre: Hata's large-city urban loss.
    DenseCity,
    /// Suburbs: Hata's suburban correction.
    Suburbs,
    /// Open rural land: Hata's open-area correction.
    Rural,
}

impl Environment {
    /// All environments, in a fixed order (for per-environment metrics).
    pub const ALL: [Environment; 3] = [Environment::DenseCity, Environment::Suburbs, Environment::Rural];

    /// Default antenna gain, tenths of dBi. Assumptions: the stock 2.3 dBi antenna in a city flat,
    /// a 4 dBi antenna in suburbs, a 5.8 dBi outdoor antenna in the country (common Helium kits).
    pub fn default_gain_ddbi(self) -> i32 {
        match self {
            Environment::DenseCity => 23,
            Environment::Suburbs => 40,
            Environment::Rural => 58,
        }
    }

    /// Default antenna elevation above ground, metres. Assumptions: a window or balcony several
    /// floors up in a city, a roof in the suburbs, a mast in the country.
    pub fn default_elevation_m(self) -> f64 {
        match self {
            Environment::DenseCity => 15.0,
            Environment::Suburbs => 8.0,
            Environment::Rural => 12.0,
        }
    }

    /// Index in [`Environment::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Okumura-Hata path loss, dB, at `freq_mhz` over `d_km` between a base antenna `hb_m` high and a
/// receiver `hm_m` high (Hata, "Empirical formula for propagation loss in land mobile radio
/// services", IEEE Trans. Veh. Tech. 29(3), 1980; COST 231 final report section 4.4).
pub fn hata_db(env: Environment, freq_mhz: f64, d_km: f64, hb_m: f64, hm_m: f64) -> f64 {
    let lf = freq_mhz.log10();
    let lhb = hb_m.max(1.0).log10();
    let a_hm = match env {
        // Large city, f >= 300 MHz.
        Environment::DenseCity => 3.2 * (11.75 * hm_m).log10().powi(2) - 4.97,
        _ => (1.1 * lf - 0.7) * hm_m - (1.56 * lf - 0.8),
    };
    let urban = 69.55 + 26.16 * lf - 13.82 * lhb - a_hm + (44.9 - 6.55 * lhb) * d_km.max(1e-3).log10();
    match env {
        Environment::DenseCity => urban,
        Environment::Suburbs => urban - 2.0 * (freq_mhz / 28.0).log10().powi(2) - 5.4,
        Environment::Rural => urban - 4.78 * lf * lf + 18.33 * lf - 40.94,
    }
}

/// Receiver heights above this are clipped in Hata's mobile-height term (its validity range is
/// 1-10 m).
pub const HATA_MAX_HM: f64 = 10.0;

/// The path loss used for reception, dB: Hata, with the receiver height clipped to Hata's 1-10 m
/// range, and never less than free space (Hata's open-area and suburban corrections can fall
/// below free space for short links between raised antennas, which no real link does).
pub fn path_loss_db(env: Environment, freq_mhz: f64, d_km: f64, hb_m: f64, hm_m: f64) -> f64 {
    let hata = hata_db(env, freq_mhz, d_km, hb_m, hm_m.clamp(1.0, HATA_MAX_HM));
    hata.max(fspl_db(freq_mhz * 1e6, (d_km * 1000.0).max(1.0)))
}

/// Radio horizon between antennas `h1_m` and `h2_m` high, km: 4.12 (sqrt h1 + sqrt h2), the
/// line-of-sight distance over a smooth Earth with the standard 4/3 effective radius (ITU-R
/// P.834/P.526 convention). Beyond it a UHF beacon is not heard: Hata's open-area formula would
/// otherwise let two raised rural antennas hear each other at 200 km.
pub fn radio_horizon_km(h1_m: f64, h2_m: f64) -> f64 {
    4.12 * (h1_m.max(0.0).sqrt() + h2_m.max(0.0).sqrt())
}

/// The distance, km, at which the Hata loss equals `budget_db` (the inverse of [`hata_db`] in d).
pub fn hata_range_km(env: Environment, freq_mhz: f64, budget_db: f64, hb_m: f64, hm_m: f64) -> f64 {
    let at_1km = hata_db(env, freq_mhz, 1.0, hb_m, hm_m);
    let slope = 44.9 - 6.55 * hb_m.max(1.0).log10();
    10f64.powf((budget_db - at_1km) / slope)
}

/// Great-circle distance, metres, between two unit vectors (chord to arc).
pub fn arc_m(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    let chord = (dx * dx + dy * dy + dz * dz).sqrt();
    2.0 * EARTH_RADIUS_M * (chord / 2.0).min(1.0).asin()
}

/// The unit vector of a latitude and longitude in degrees.
pub fn unit_vector(lat_deg: f64, lon_deg: f64) -> [f64; 3] {
    let (lat, lon) = (lat_deg.to_radians(), lon_deg.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fspl_matches_a_hand_computation() {
        // 868 MHz over 1 km: 20 log10(4 pi * 1000 * 868e6 / 2.998e8) = 20 log10(36,383.1) = 91.218 dB.
        let by_hand = 20.0 * (4.0 * PI * 1000.0 * 868e6 / 2.998e8f64).log10();
        assert!((by_hand - 91.218).abs() < 1e-3);
        assert_eq!(fspl_db(868e6, 1000.0), by_hand);
        // Doubling the distance adds 20 log10 2 = 6.02 dB.
        assert!((fspl_db(868e6, 2000.0) - fspl_db(868e6, 1000.0) - 6.0206).abs() < 1e-4);
    }

    #[test]
    fn expected_rssi_reproduces_the_verifiers_unit_test() {
        // iot_verifier/src/poc.rs test_calc_expected_rssi: tx 12 dBm, gains 8.1 and 8.3 dBi
        // (truncated to 8 and 8), 508 m at 867.900024 MHz -> -57.334232963418515 dBm.
        assert_eq!(expected_rssi_dbm(12, 867_900_024, 508, 81, 83), -57.334232963418515);
    }

    #[test]
    fn hata_ranges_match_the_reference_orders_of_magnitude() {
        // EU868 link: 14 dBm + gains - (-134 dBm sensitivity); see crate::geo for the defaults.
        let urban = hata_range_km(Environment::DenseCity, 868.0, 14.0 + 2.0 + 2.0 + 134.0, 15.0, 1.5);
        let rural = hata_range_km(Environment::Rural, 868.0, 14.0 + 5.0 + 2.0 + 134.0, 12.0, 1.5);
        assert!((1.5..6.0).contains(&urban), "urban sensor range {urban} km");
        assert!((12.0..40.0).contains(&rural), "rural sensor range {rural} km");
        // The inverse is exact.
        let d = 3.7;
        let l = hata_db(Environment::Suburbs, 868.0, d, 8.0, 1.5);
        assert!((hata_range_km(Environment::Suburbs, 868.0, l, 8.0, 1.5) - d).abs() < 1e-9);
        // Hata's open-area formula between raised antennas drops below free space at 1 km (81.6 dB
        // against 91.2 dB); the path loss used never does.
        assert!(hata_db(Environment::Rural, 868.0, 1.0, 12.0, 10.0) < fspl_db(868e6, 1000.0));
        assert_eq!(path_loss_db(Environment::Rural, 868.0, 1.0, 12.0, 12.0), fspl_db(868e6, 1000.0));
        assert!(path_loss_db(Environment::DenseCity, 868.0, 1.0, 15.0, 1.5) > fspl_db(868e6, 1000.0) + 20.0);
    }

    #[test]
    fn horizon_by_hand() {
        // Two 12 m masts: 4.12 * 2 * sqrt(12) = 28.54 km; a 15 m antenna and a 1.5 m sensor: 21.0 km.
        assert!((radio_horizon_km(12.0, 12.0) - 28.544).abs() < 1e-3);
        assert!((radio_horizon_km(15.0, 1.5) - 21.002).abs() < 1e-3);
    }

    #[test]
    fn arc_matches_h3o_haversine() {
        let (a, b) = ((51.51231394840223, -0.2919014665284206), (51.5649315958581, -0.10295780727096393));
        let ours = arc_m(unit_vector(a.0, a.1), unit_vector(b.0, b.1));
        let h3 = h3o::LatLng::new(a.0, a.1).unwrap().distance_m(h3o::LatLng::new(b.0, b.1).unwrap());
        assert!((ours - h3).abs() < 1e-3, "{ours} vs {h3}");
    }
}
