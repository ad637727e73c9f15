//! HIP-15 reward units of one beacon (helium/HIP 0015-beaconing-rewards.md; the verifier's
//! `poc_beaconer_reward_unit` and `poc_per_witness_reward_unit` in iot_verifier/src/runner.rs).
//!
//! With w valid selected witnesses, N = 4 and r = 0.8:
//! - the transmitter earns w / N if w <= N, else min(2, 2 - r^(w - N));
//! - each witness earns 1 if w <= N, else (N - (1 - r^(w - N))) / w;
//! - nothing for w = 0.
//!
//! Both are rounded to 4 decimals (`SCALING_PRECISION`, file_store_oracles iot_valid_poc.rs) with
//! rust_decimal's default `round_dp`, banker's rounding.

/// N: the witness count beyond which rewards decay (`WITNESS_REDUNDANCY`).
pub const WITNESS_REDUNDANCY: u32 = 4;
/// r: the decay rate (`POC_REWARD_DECAY_RATE`).
pub const POC_REWARD_DECAY_RATE: f64 = 0.8;
/// Most reward units a transmitter earns (`HIP15_TX_REWARD_UNIT_CAP`).
pub const HIP15_TX_REWARD_UNIT_CAP: f64 = 2.0;
/// Decimal places kept in reward units and hex scales (`SCALING_PRECISION`).
pub const SCALING_PRECISION: i32 = 4;

/// Rounds to [`SCALING_PRECISION`] decimals. Upstream rounds exact decimals with ties to even;
/// in binary floating point an exact decimal tie is not representable, so plain rounding gives the
/// same results (a stand-in: reward units and scales here are `f64`, not `Decimal`).
pub fn round_dp4(x: f64) -> f64 {
    let p = 10f64.powi(SCALING_PRECISION);
    (x * p).round() / p
}

/// Reward units of the transmitter of a beacon with `w` valid selected witnesses.
pub fn tx_units(w: u32) -> f64 {
    let units = if w == 0 {
        0.0
    } else if w <= WITNESS_REDUNDANCY {
        w as f64 / WITNESS_REDUNDANCY as f64
    } else {
        (2.0 - POC_REWARD_DECAY_RATE.powi((w - WITNESS_REDUNDANCY) as i32)).min(HIP15_TX_REWARD_UNIT_CAP)
    };
    round_dp4(units)
}

/// Reward units of each of the `w` valid selected witnesses of a beacon.
pub fn witness_units(w: u32) -> f64 {
    let units = if w == 0 {
        0.0
    } else if w <= WITNESS_REDUNDANCY {
        1.0
    } else {
        let decay = POC_REWARD_DECAY_RATE.powi((w - WITNESS_REDUNDANCY) as i32);
        ((WITNESS_REDUNDANCY as f64 - (1.0 - decay)) / w as f64).min(HIP15_TX_REWARD_UNIT_CAP)
    };
    round_dp4(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_figures() {
        // docs/reference/protocols.md: w = 5 -> each witness 0.76, transmitter 1.20.
        assert_eq!(witness_units(5), 0.76);
        assert_eq!(tx_units(5), 1.2);
        // w <= 4 -> 1.00 each and w / 4 for the transmitter.
        for w in 1..=4 {
            assert_eq!(witness_units(w), 1.0);
            assert_eq!(tx_units(w), w as f64 / 4.0);
        }
        assert_eq!(tx_units(0), 0.0);
        assert_eq!(witness_units(0), 0.0);
    }

    #[test]
    fn hand_computed_decay() {
        // w = 6: tx 2 - 0.64 = 1.36; witness (4 - 0.36) / 6 = 0.60666.. -> 0.6067.
        assert_eq!(tx_units(6), 1.36);
        assert_eq!(witness_units(6), 0.6067);
        // w = 14: tx 2 - 0.8^10 = 1.892626.. -> 1.8926; witness (3 + 0.8^10) / 14 = 0.22195.. -> 0.222.
        assert_eq!(tx_units(14), 1.8926);
        assert_eq!(witness_units(14), 0.222);
        // The transmitter approaches the cap of 2 and never passes it.
        assert!(tx_units(60) <= HIP15_TX_REWARD_UNIT_CAP);
    }

    #[test]
    fn rounding_to_four_decimals() {
        assert_eq!(round_dp4(0.123449), 0.1234);
        assert_eq!(round_dp4(0.60666), 0.6067);
        assert_eq!(round_dp4(1.0 / 3.0), 0.3333);
    }
}
