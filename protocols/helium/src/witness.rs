//! Witness validity, as the IoT verifier checked each witness report of a beacon
//! (helium/oracles before the IoT verifier was removed, `iot_verifier/src/poc.rs`,
//! `do_witness_verifications`, and `iot_verifier/src/runner.rs`), and the selection of the
//! witnesses that are rewarded (at most 14, first to witness: HIP-83, `sort_and_split_witnesses`).
//!
//! Each rule is its own function returning the reason a witness fails it. The order of the checks
//! is upstream's: self-witness, timing, frequency, region, minimum cell distance, maximum distance,
//! RSSI. Checks that cannot fail in the model (denylist, entropy window, payload, gateway
//! capability) are not modelled: every simulated hotspot is a full hotspot on no denylist that
//! relays the payload it heard.

use crate::geo::Plan;
use crate::radio::expected_rssi_dbm;
use h3o::{CellIndex, LatLng, Resolution};

/// Furthest a witness may be from the beaconer, km (`POC_DISTANCE_LIMIT`, iot_verifier/src/poc.rs).
pub const POC_DISTANCE_LIMIT_KM: u32 = 100;
/// Fewest resolution-11 cells between beaconer and witness (`POC_CELL_DISTANCE_MINIMUM`).
pub const POC_CELL_DISTANCE_MINIMUM: u32 = 8;
/// Resolution at which the cell distance is measured (`POC_CELL_PARENT_RES`).
pub const POC_CELL_PARENT_RES: Resolution = Resolution::Eleven;
/// Most a witness report may lag the beacon report, ms (`MAX_BEACON_TO_WITNESS_LAG`).
pub const MAX_BEACON_TO_WITNESS_LAG_MS: i64 = 4000;
/// Most a witness report may lag the first witness report when that came before the beacon
/// report, ms (`MAX_WITNESS_LAG`).
pub const MAX_WITNESS_LAG_MS: i64 = 1500;
/// Frequency tolerance, Hz: 100 kHz (`verify_witness_freq`).
pub const FREQ_TOLERANCE_HZ: u64 = 100_000;
/// Most witnesses rewarded per beacon (`default_max_witnesses_per_poc` in
/// iot_verifier/src/settings.rs; HIP-83 first to witness).
pub const MAX_WITNESSES_PER_POC: usize = 14;
/// A beaconer must have had a valid witness, and a witness a valid beacon, within this window,
/// ms (`RECIPROCITY_WINDOW`, 48 hours, iot_verifier/src/runner.rs).
pub const RECIPROCITY_WINDOW_MS: u64 = 48 * 3_600_000;
/// Beyond this distance, metres, two resolution-11 cells are always at least
/// [`POC_CELL_DISTANCE_MINIMUM`] apart (their centres are about 43 m apart, 8 cells at most about
/// 450 m even where H3 cells are largest), so the grid distance is computed only below it. An
/// optimisation that cannot change a verdict.
pub const CELL_CHECK_BELOW_M: u32 = 2_000;

/// Why a witness is not rewarded (names from helium-proto's `InvalidReason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Invalid {
    /// The beaconer witnessing its own beacon (`SelfWitness`).
    SelfWitness,
    /// Received too long after the beacon or the first witness (`TooLate`).
    TooLate,
    /// Heard on a frequency more than 100 kHz off the beacon's (`InvalidFrequency`).
    InvalidFrequency,
    /// Asserted in another region plan (`InvalidRegion`).
    InvalidRegion,
    /// Fewer than 8 resolution-11 cells from the beaconer (`BelowMinDistance`).
    BelowMinDistance,
    /// More than 100 km from the beaconer (`MaxDistanceExceeded`).
    MaxDistanceExceeded,
    /// A signal stronger than free space allows over the asserted distance (`BadRssi`).
    BadRssi,
    /// No valid beacon of its own within 48 hours (`GatewayNoValidBeacons`, reciprocity).
    NoValidBeacons,
    /// Valid but beyond the first 14 (unselected, not rewarded).
    Unselected,
}

impl Invalid {
    /// Every reason, in a fixed order.
    pub const ALL: [Invalid; 9] = [
        Invalid::SelfWitness,
        Invalid::TooLate,
        Invalid::InvalidFrequency,
        Invalid::InvalidRegion,
        Invalid::BelowMinDistance,
        Invalid::MaxDistanceExceeded,
        Invalid::BadRssi,
        Invalid::NoValidBeacons,
        Invalid::Unselected,
    ];

    /// The metric counting witnesses rejected for this reason.
    pub const fn metric(self) -> &'static str {
        match self {
            Invalid::SelfWitness => "witnesses_invalid_self",
            Invalid::TooLate => "witnesses_invalid_too_late",
            Invalid::InvalidFrequency => "witnesses_invalid_frequency",
            Invalid::InvalidRegion => "witnesses_invalid_region",
            Invalid::BelowMinDistance => "witnesses_invalid_below_min_distance",
            Invalid::MaxDistanceExceeded => "witnesses_invalid_max_distance",
            Invalid::BadRssi => "witnesses_invalid_bad_rssi",
            Invalid::NoValidBeacons => "witnesses_invalid_no_valid_beacons",
            Invalid::Unselected => "witnesses_unselected",
        }
    }
}

/// A witness is not the beaconer (`verify_self_witness`).
pub fn verify_self_witness(beaconer: u32, witness: u32) -> Result<(), Invalid> {
    if beaconer == witness { Err(Invalid::SelfWitness) } else { Ok(()) }
}

/// Timing (`verify_witness_lag`): if the beacon report arrived first, a witness must arrive within
/// 4000 ms of it; if a witness arrived first, within 1500 ms of that witness. Times in ms.
pub fn verify_witness_lag(beacon_received: i64, first_witness_received: i64, received: i64) -> Result<(), Invalid> {
    let (first, max) = if beacon_received <= first_witness_received {
        (beacon_received, MAX_BEACON_TO_WITNESS_LAG_MS)
    } else {
        (first_witness_received, MAX_WITNESS_LAG_MS)
    };
    if received - first > max { Err(Invalid::TooLate) } else { Ok(()) }
}

/// Same frequency within 100 kHz (`verify_witness_freq`).
pub fn verify_witness_freq(beacon_hz: u64, witness_hz: u64) -> Result<(), Invalid> {
    if beacon_hz.abs_diff(witness_hz) > FREQ_TOLERANCE_HZ { Err(Invalid::InvalidFrequency) } else { Ok(()) }
}

/// Same region plan (`verify_witness_region`).
pub fn verify_witness_region(beacon: Plan, witness: Plan) -> Result<(), Invalid> {
    if beacon != witness { Err(Invalid::InvalidRegion) } else { Ok(()) }
}

/// Grid distance between the resolution-11 parents of two asserted cells (`calc_cell_distance`);
/// `None` when H3 cannot compute it (cells too far apart or across a pentagon).
pub fn cell_distance(beacon: CellIndex, witness: CellIndex) -> Option<u32> {
    let a = beacon.parent(POC_CELL_PARENT_RES)?;
    let b = witness.parent(POC_CELL_PARENT_RES)?;
    a.grid_distance(b).ok().map(|d| d as u32)
}

/// At least 8 resolution-11 cells apart (`verify_witness_cell_distance`; an uncomputable
/// distance is invalid, as upstream).
pub fn verify_witness_cell_distance(beacon: CellIndex, witness: CellIndex) -> Result<(), Invalid> {
    match cell_distance(beacon, witness) {
        Some(d) if d >= POC_CELL_DISTANCE_MINIMUM => Ok(()),
        _ => Err(Invalid::BelowMinDistance),
    }
}

/// Distance in metres between the centres of two asserted cells, rounded (`calc_distance`).
pub fn distance_m(beacon: CellIndex, witness: CellIndex) -> u32 {
    LatLng::from(beacon).distance_m(LatLng::from(witness)).round() as u32
}

/// At most 100 km apart (`verify_witness_distance`: whole kilometres, `distance / 1000 > 100`).
pub fn verify_witness_distance(distance_m: u32) -> Result<(), Invalid> {
    if distance_m / 1000 > POC_DISTANCE_LIMIT_KM { Err(Invalid::MaxDistanceExceeded) } else { Ok(()) }
}

/// The reported signal (tenths of dBm) is no stronger than free space allows over the asserted
/// distance (`verify_witness_rssi`).
pub fn verify_witness_rssi(
    signal_ddbm: i32,
    freq_hz: u64,
    tx_dbm: i32,
    beacon_gain_ddbi: i32,
    witness_gain_ddbi: i32,
    distance_m: u32,
) -> Result<(), Invalid> {
    let max = expected_rssi_dbm(tx_dbm, freq_hz, distance_m, beacon_gain_ddbi, witness_gain_ddbi);
    if signal_ddbm as f64 / 10.0 > max { Err(Invalid::BadRssi) } else { Ok(()) }
}

/// What the verifier knows of a beacon.
#[derive(Clone, Copy, Debug)]
pub struct Beacon {
    /// The beaconer.
    pub hotspot: u32,
    /// Its asserted resolution-12 cell.
    pub cell: CellIndex,
    /// Its region plan.
    pub plan: Plan,
    /// Transmit power, dBm.
    pub tx_dbm: i32,
    /// Antenna gain, tenths of dBi.
    pub gain_ddbi: i32,
    /// Frequency, Hz.
    pub freq_hz: u64,
    /// When the verifier received the beacon report, ms after transmission.
    pub received_ms: i64,
}

/// One witness report, with what the verifier knows of the witness.
#[derive(Clone, Copy, Debug)]
pub struct Report {
    /// The witness.
    pub hotspot: u32,
    /// Its asserted resolution-12 cell.
    pub cell: CellIndex,
    /// Its region plan.
    pub plan: Plan,
    /// Antenna gain, tenths of dBi.
    pub gain_ddbi: i32,
    /// Frequency it heard the beacon on, Hz.
    pub freq_hz: u64,
    /// Reported signal, tenths of dBm.
    pub signal_ddbm: i32,
    /// When the verifier received the report, ms after the beacon's transmission.
    pub received_ms: i64,
    /// Distance between the asserted cells' centres, m (precomputed by the caller).
    pub distance_m: u32,
}

/// Every validity rule, in upstream's order; the first failure is the reason.
pub fn verify(beacon: &Beacon, report: &Report, first_witness_ms: i64) -> Result<(), Invalid> {
    verify_self_witness(beacon.hotspot, report.hotspot)?;
    verify_witness_lag(beacon.received_ms, first_witness_ms, report.received_ms)?;
    verify_witness_freq(beacon.freq_hz, report.freq_hz)?;
    verify_witness_region(beacon.plan, report.plan)?;
    if report.distance_m < CELL_CHECK_BELOW_M {
        verify_witness_cell_distance(beacon.cell, report.cell)?;
    }
    verify_witness_distance(report.distance_m)?;
    verify_witness_rssi(
        report.signal_ddbm,
        report.freq_hz,
        beacon.tx_dbm,
        beacon.gain_ddbi,
        report.gain_ddbi,
        report.distance_m,
    )
}

/// Sorts `valid` witnesses (hotspot, received ms) by arrival and keeps the first
/// [`MAX_WITNESSES_PER_POC`]; returns how many were cut (`sort_and_split_witnesses`: the list is
/// sorted only when it exceeds the cap; ties keep their order, a stable sort).
pub fn select_first(valid: &mut Vec<(u32, i64)>) -> usize {
    if valid.len() <= MAX_WITNESSES_PER_POC {
        return 0;
    }
    valid.sort_by_key(|w| w.1);
    let cut = valid.len() - MAX_WITNESSES_PER_POC;
    valid.truncate(MAX_WITNESSES_PER_POC);
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(raw: u64) -> CellIndex {
        CellIndex::try_from(raw).unwrap()
    }

    // Test cells of iot_verifier/src/poc.rs.
    const LOC0: u64 = 631615575095659519; // Malta
    const LOC1: u64 = 631615576056478207; // Malta, a little out from LOC0
    const LOC2: u64 = 631278052025960447; // Armenia
    const LOC3: u64 = 627111975468974079; // 7 cells from the beaconer
    const LOC4: u64 = 627111975465463807; // 28 cells from the beaconer

    #[test]
    fn self_witness() {
        assert_eq!(verify_self_witness(1, 2), Ok(()));
        assert_eq!(verify_self_witness(1, 1), Err(Invalid::SelfWitness));
    }

    #[test]
    fn lag_as_upstream() {
        // Times in ms relative to "now" (upstream test_verify_witness_lag).
        assert_eq!(verify_witness_lag(-60_000, -59_000, -58_000), Ok(()));
        assert_eq!(verify_witness_lag(-60_000, -64_000, -63_000), Ok(()));
        assert_eq!(verify_witness_lag(-60_000, -59_000, -55_000), Err(Invalid::TooLate));
        assert_eq!(verify_witness_lag(-55_000, -60_000, -58_000), Err(Invalid::TooLate));
        assert_eq!(verify_witness_lag(-55_000, -60_000, -60_000), Ok(()));
        // The edges: exactly 4000 ms after the beacon passes, 4001 fails.
        assert_eq!(verify_witness_lag(0, 10, 4000), Ok(()));
        assert_eq!(verify_witness_lag(0, 10, 4001), Err(Invalid::TooLate));
    }

    #[test]
    fn frequency_as_upstream() {
        let beacon = 904_499_968;
        assert_eq!(verify_witness_freq(beacon, beacon + 90_000), Ok(()));
        assert_eq!(verify_witness_freq(beacon, beacon + 100_000), Ok(()));
        assert_eq!(verify_witness_freq(beacon, beacon + 110_000), Err(Invalid::InvalidFrequency));
    }

    #[test]
    fn region() {
        assert_eq!(verify_witness_region(Plan::Us915, Plan::Us915), Ok(()));
        assert_eq!(verify_witness_region(Plan::Us915, Plan::Eu868), Err(Invalid::InvalidRegion));
    }

    #[test]
    fn cell_distance_as_upstream() {
        assert_eq!(verify_witness_cell_distance(cell(LOC0), cell(LOC3)), Err(Invalid::BelowMinDistance));
        assert_eq!(verify_witness_cell_distance(cell(LOC0), cell(LOC4)), Ok(()));
        // iot_verifier test_calc_cell_distance: Ealing to Finsbury Park, 360 cells at res 11.
        assert_eq!(cell_distance(cell(644459695463521437), cell(644460986971331488)), Some(360));
    }

    #[test]
    fn distance_as_upstream() {
        // iot_verifier test_calc_distance: 14,318 m.
        assert_eq!(distance_m(cell(644459695463521437), cell(644460986971331488)), 14_318);
        assert_eq!(verify_witness_distance(distance_m(cell(LOC0), cell(LOC1))), Ok(()));
        assert_eq!(verify_witness_distance(distance_m(cell(LOC0), cell(LOC2))), Err(Invalid::MaxDistanceExceeded));
        // Whole kilometres: 100,999 m passes, 101,000 m fails.
        assert_eq!(verify_witness_distance(100_999), Ok(()));
        assert_eq!(verify_witness_distance(101_000), Err(Invalid::MaxDistanceExceeded));
    }

    #[test]
    fn rssi_as_upstream() {
        let d01 = distance_m(cell(LOC0), cell(LOC1));
        assert_eq!(verify_witness_rssi(-1060, 904_700_032, 27, 80, 12, d01), Ok(()));
        let d02 = distance_m(cell(LOC0), cell(LOC2));
        assert_eq!(verify_witness_rssi(-19, 904_499_968, 27, 12, 12, d02), Err(Invalid::BadRssi));
    }

    #[test]
    fn first_fourteen_by_arrival() {
        let mut v: Vec<(u32, i64)> = (0..20).map(|i| (i, 1000 - i as i64 * 10)).collect();
        assert_eq!(select_first(&mut v), 6);
        assert_eq!(v.len(), 14);
        // The latest arrivals (hotspots 0..6) were cut; the earliest (19) comes first.
        assert_eq!(v[0].0, 19);
        assert!(v.iter().all(|w| w.0 >= 6));
        let mut few: Vec<(u32, i64)> = vec![(3, 50), (1, 10)];
        assert_eq!(select_first(&mut few), 0);
        assert_eq!(few, vec![(3, 50), (1, 10)]);
    }
}
