//! Location gaming: rings of hotspots at one real site that assert positions spread over a disk
//! elsewhere and witness each other's beacons (the "spoofers" of the reference notes: in Hong
//! Kong 42% of hotspots were on the anti-gaming denylist, docs/reference/hardware.md,
//! unverified).
//!
//! Model: a `spoofer` group stands at its area's centre (one real site). Its hotspots assert
//! positions drawn in the claimed disk, kept at least [`MIN_CLAIM_SPACING_M`] apart so that they
//! pass the 8-cell rule. Each ring (consecutive `ring_size` members) fabricates witness reports of
//! every member's beacons: the members are on one local network, so their reports arrive first.
//! A naive ring reports the real, co-located signal (about -40 dBm), which the RSSI rule rejects
//! for any claimed distance beyond a few hundred metres; a ring with `fake_rssi` reports a signal
//! some dB below the free-space bound of the claimed distance and passes every rule the verifier
//! has. Simplifications (labelled): honest hotspots neither hear ring beacons nor are heard by
//! the ring; the denylist is not modelled.

use crate::geo::{Claims, point_in_disk};
use crate::radio::{arc_m, unit_vector};
use rand::Rng;

/// Least distance between two claimed positions of one group, m: a little more than 8
/// resolution-11 cells (about 350 m), so that the ring passes the minimum cell distance.
pub const MIN_CLAIM_SPACING_M: f64 = 500.0;
/// Distance between ring members at their real site, m. Assumption: one room or building.
pub const COLOCATED_M: f64 = 10.0;
/// A faked signal is drawn this many dB (uniform) below the free-space bound. Assumption: 3-15 dB,
/// enough to look like a real link.
pub const FAKE_MARGIN_DB: (f64, f64) = (3.0, 15.0);

/// `n` claimed positions in the claims disk, spread at least [`MIN_CLAIM_SPACING_M`] apart when
/// the disk allows it (up to 30 draws per position).
pub fn claimed_positions<R: Rng + ?Sized>(claims: &Claims, n: usize, rng: &mut R) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(n);
    let mut vecs: Vec<[f64; 3]> = Vec::with_capacity(n);
    for _ in 0..n {
        let mut best = point_in_disk(claims.lat, claims.lon, claims.radius_km, rng);
        for _ in 0..30 {
            let v = unit_vector(best.0, best.1);
            if vecs.iter().all(|u| arc_m(*u, v) >= MIN_CLAIM_SPACING_M) {
                break;
            }
            best = point_in_disk(claims.lat, claims.lon, claims.radius_km, rng);
        }
        vecs.push(unit_vector(best.0, best.1));
        out.push(best);
    }
    out
}

/// The signal a ring member reports, tenths of dBm: the real one, or with `fake_rssi` a value
/// below the free-space bound `max_allowed_dbm` of the claimed distance.
pub fn reported_signal_ddbm<R: Rng + ?Sized>(real_dbm: f64, max_allowed_dbm: f64, fake: bool, rng: &mut R) -> i32 {
    if fake {
        let margin = rng.random_range(FAKE_MARGIN_DB.0..FAKE_MARGIN_DB.1);
        ((max_allowed_dbm - margin).min(real_dbm) * 10.0).floor() as i32
    } else {
        (real_dbm * 10.0).floor() as i32
    }
}

/// The share of rewards captured by gamers, `None` when nothing was earned.
pub fn gamers_share(gamers: f64, total: f64) -> Option<f64> {
    (total > 0.0).then(|| gamers / total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::radio::{expected_rssi_dbm, fspl_db};
    use crate::witness::{Invalid, verify_witness_rssi};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn claims() -> Claims {
        Claims { lat: 41.0, lon: -5.0, radius_km: 20.0, ring_size: 8, fake_rssi: false }
    }

    #[test]
    fn claims_are_spread_out() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let pts = claimed_positions(&claims(), 40, &mut rng);
        for (i, a) in pts.iter().enumerate() {
            for b in &pts[..i] {
                assert!(arc_m(unit_vector(a.0, a.1), unit_vector(b.0, b.1)) >= MIN_CLAIM_SPACING_M);
            }
        }
    }

    #[test]
    fn the_rssi_rule_catches_a_naive_ring_not_a_faking_one() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let f = 867_900_024u64;
        // Co-located: 14 dBm + 2 + 2 dBi - FSPL(10 m) = about -33 dBm; claimed 5 km apart.
        let real = 14.0 + 2.0 + 2.0 - fspl_db(f as f64, COLOCATED_M);
        let bound = expected_rssi_dbm(14, f, 5_000, 23, 23);
        let naive = reported_signal_ddbm(real, bound, false, &mut rng);
        assert_eq!(verify_witness_rssi(naive, f, 14, 23, 23, 5_000), Err(Invalid::BadRssi));
        let faked = reported_signal_ddbm(real, bound, true, &mut rng);
        assert_eq!(verify_witness_rssi(faked, f, 14, 23, 23, 5_000), Ok(()));
        assert_eq!(gamers_share(1.0, 4.0), Some(0.25));
        assert_eq!(gamers_share(0.0, 0.0), None);
    }
}
