//! HNT emissions, the IoT network's split of them, and data credits.
//!
//! - HNT schedule (helium/HIP 0020-hnt-max-supply.md): 5 M HNT a month until the first halving on
//!   1 Aug 2021, then halving every two years on 1 August: 2.5 M (2021-23), 1.25 M (2023-25),
//!   625 k (2025-27) a month. Daily emission = monthly * 12 / 365; for 2025-27 that is 20,548 HNT a
//!   day, the figure HIP-149 quotes ("≈20,548 HNT/day HIP 20 network emission"). The HIP-20 net
//!   emissions re-mint of burned HNT and the HIP-149 supplement (which goes to a vault, not to
//!   hotspots) are not modelled.
//! - IoT share: since HIP-51/52 the HNT emission is split between the IoT and Mobile networks by
//!   their utility scores / veHNT; HIP-149 gives the Mobile share as ≈0.89, so the IoT share is a
//!   scenario parameter defaulting to 0.11 ([`crate::config::HeliumConfig::iot_share`]).
//! - IoT split (iot_verifier/src/reward_share.rs): beacons 6%, witnesses 24%, data transfer up to
//!   50%, operations 7%, oracles 7% (6% to veHNT on chain). Data credits burned for data transfer
//!   are paid at their USD value (1 DC = $0.00001, `DC_USD_PRICE`) in HNT, up to the data bucket;
//!   the unused part of the bucket goes 20/80 to the beacon and witness pools
//!   (`get_scheduled_poc_tokens`). After HIP-149 the PoC pools are zero and the unused data
//!   bucket goes to the IoT Operations Fund.

use crate::rules::RuleSet;

/// Monthly HNT emission before the first halving (HIP-20: "the Helium protocol mints 5 million
/// HNT in" a month).
pub const HNT_PER_MONTH_GENESIS: f64 = 5_000_000.0;
/// Days since 1970-01-01 of the first halving, 1 Aug 2021 (HIP-20).
pub const FIRST_HALVING_DAYS: i64 = 18_840;
/// Beacon pool share of the IoT emission (`BEACON_REWARDS_PER_DAY_PERCENT`).
pub const BEACON_SHARE: f64 = 0.06;
/// Witness pool share (`WITNESS_REWARDS_PER_DAY_PERCENT`).
pub const WITNESS_SHARE: f64 = 0.24;
/// Data transfer bucket, a cap (`DATA_TRANSFER_REWARDS_PER_DAY_PERCENT`).
pub const DATA_SHARE: f64 = 0.50;
/// Operations fund (`OPERATIONS_REWARDS_PER_DAY_PERCENT`).
pub const OPERATIONS_SHARE: f64 = 0.07;
/// Oracles (`ORACLES_REWARDS_PER_DAY_PERCENT`).
pub const ORACLES_SHARE: f64 = 0.07;
/// Share of the unused data bucket added to the beacon pool (`BEACON_DC_REMAINER_PERCENT`).
pub const BEACON_DC_REMAINDER: f64 = 0.20;
/// Share of the unused data bucket added to the witness pool (`WITNESS_DC_REMAINER_PERCENT`).
pub const WITNESS_DC_REMAINDER: f64 = 0.80;
/// USD value of one data credit (`DC_USD_PRICE`).
pub const DC_USD: f64 = 0.00001;
/// Bytes of payload one data credit buys (Helium docs, "Data Credit": 1 DC per 24 bytes).
pub const BYTES_PER_DC: u32 = 24;

/// Days since 1970-01-01 of a date `YYYY-MM-DD` (proleptic Gregorian; H. Hinnant's
/// days_from_civil), or `None` if malformed.
pub fn days_from_civil(date: &str) -> Option<i64> {
    let mut it = date.splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Halvings that have happened by `day` (days since 1970): one on 1 Aug 2021 and every 1 Aug two
/// years later.
pub fn halvings(day: i64) -> u32 {
    if day < FIRST_HALVING_DAYS {
        return 0;
    }
    let mut n = 0;
    let mut year = 2021;
    while days_from_civil(&format!("{year}-08-01")).is_some_and(|h| h <= day) {
        n += 1;
        year += 2;
    }
    n
}

/// Whole-network HNT emitted on `day` (days since 1970), HIP-20.
pub fn hnt_per_day(day: i64) -> f64 {
    HNT_PER_MONTH_GENESIS / 2f64.powi(halvings(day) as i32) * 12.0 / 365.0
}

/// HNT worth `dc` data credits at `hnt_usd` (`dc_to_hnt_bones`).
pub fn dc_to_hnt(dc: f64, hnt_usd: f64) -> f64 {
    if hnt_usd <= 0.0 { 0.0 } else { dc * DC_USD / hnt_usd }
}

/// One epoch's pools for hotspots, HNT.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pools {
    /// Split over beacon shares.
    pub beacon: f64,
    /// Split over witness shares.
    pub witness: f64,
    /// Paid for data transfer (at most the data bucket).
    pub data: f64,
    /// To the operations fund beyond its 7% (the unused data bucket after HIP-149, and the retired
    /// PoC pools).
    pub to_operations: f64,
}

/// The pools of an epoch whose IoT emission is `iot_hnt` and whose data transfer is worth
/// `data_hnt` at the peg (`calculate_rewards_per_share`, `normalize_dc_transfer_rewards`).
pub fn pools(rules: RuleSet, iot_hnt: f64, data_hnt: f64) -> Pools {
    let bucket = iot_hnt * DATA_SHARE;
    let data = data_hnt.min(bucket);
    let unused = bucket - data;
    if rules.data_remainder_to_poc() {
        Pools {
            beacon: iot_hnt * BEACON_SHARE + unused * BEACON_DC_REMAINDER,
            witness: iot_hnt * WITNESS_SHARE + unused * WITNESS_DC_REMAINDER,
            data,
            to_operations: 0.0,
        }
    } else {
        Pools { beacon: 0.0, witness: 0.0, data, to_operations: unused + iot_hnt * (BEACON_SHARE + WITNESS_SHARE) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar() {
        assert_eq!(days_from_civil("1970-01-01"), Some(0));
        assert_eq!(days_from_civil("2021-08-01"), Some(FIRST_HALVING_DAYS));
        assert_eq!(days_from_civil("2000-03-01"), Some(11_017));
        assert_eq!(days_from_civil("2025-13-01"), None);
        assert_eq!(days_from_civil("yesterday"), None);
    }

    #[test]
    fn hip20_schedule() {
        let d = |s| days_from_civil(s).unwrap();
        assert_eq!(hnt_per_day(d("2021-07-31")), 5e6 * 12.0 / 365.0);
        assert_eq!(hnt_per_day(d("2021-08-01")), 2.5e6 * 12.0 / 365.0);
        assert_eq!(hnt_per_day(d("2023-08-01")), 1.25e6 * 12.0 / 365.0);
        // 2025-27: HIP-149 quotes ≈20,548 HNT a day.
        assert_eq!(hnt_per_day(d("2025-10-20")).round(), 20_548.0);
        assert_eq!(hnt_per_day(d("2025-04-28")).round(), 41_096.0);
        assert_eq!(hnt_per_day(d("2027-08-01")), 312_500.0 * 12.0 / 365.0);
    }

    #[test]
    fn iot_split_and_remainder() {
        // No data: the whole 50% bucket flows back 20/80: beacons 6 + 10 = 16%, witnesses 24 + 40 = 64%.
        let p = pools(RuleSet::Hip17, 100.0, 0.0);
        assert!((p.beacon - 16.0).abs() < 1e-12 && (p.witness - 64.0).abs() < 1e-12 && p.data == 0.0);
        // Data worth 10: paid in full, 40 flows back.
        let p = pools(RuleSet::Hip17, 100.0, 10.0);
        assert!((p.beacon - 14.0).abs() < 1e-12 && (p.witness - 56.0).abs() < 1e-12 && p.data == 10.0);
        // Data worth more than the bucket is capped at 50.
        assert_eq!(pools(RuleSet::Hip15, 100.0, 80.0).data, 50.0);
        // After HIP-149 nothing flows to PoC.
        let p = pools(RuleSet::DataOnly, 100.0, 10.0);
        assert_eq!((p.beacon, p.witness, p.data), (0.0, 0.0, 10.0));
        assert!((p.to_operations - 70.0).abs() < 1e-12);
        // 1,000,000 DC = $10; at $2 per HNT, 5 HNT.
        assert_eq!(dc_to_hnt(1e6, 2.0), 5.0);
    }
}
