//! The weekly HONEY pool of a region and how it is split among its drivers.
//!
//! What Hivemapper documents (docs.hivemapper.com, *Earning HONEY*, *Global Map Progress*,
//! *Individual Reward Factors*, *MIP-7*):
//! - rewards are paid per week of contributions, Monday to Sunday;
//! - up to 4 billion HONEY are minted to contributors as Global Map Progress is made; "the precise
//!   amount of global rewards depends on the precise amount of progress", and the global pool is
//!   divided into one pool per region, which is divided among the region's contributors "based on
//!   their respective contributions toward a region's map progress";
//! - MIP-7 multiplies a region's weight by its Region Progress: 1x below 70%, 1.5x from 70 to 80%,
//!   2x from 80 to 90%, 3x from 90%;
//! - individual factors: coverage, freshness (tiles not mapped for 7 days earn most) and quality
//!   (a reputation score and quality assurance).
//!
//! What is not published, and this model's **stand-ins** for it: the week's base pool of the
//! region (a schedule in the scenario, in HONEY); Region Progress (the share of the region's tiles
//! mapped within the freshness window); and a driver's contribution (the sum over the tiles it
//! mapped of the tile multiplier at that moment, times its quality score). A week with no
//! contribution mints nothing, as the pool is minted only as progress is made.

use depinsim_core::SimDuration;
use depinsim_core::config::ConfigError;
use serde::Deserialize;

/// The MIP-7 multiplier for a region at `progress` (0..1).
///
/// Source: docs.hivemapper.com, *Network governance / MIP-7*: "0–70% region progress: 1x
/// multiplier; 70–80%: 1.5x; 80–90%: 2x; 90%+: 3x".
pub fn progress_multiplier(progress: f64) -> f64 {
    if progress >= 0.9 {
        3.0
    } else if progress >= 0.8 {
        2.0
    } else if progress >= 0.7 {
        1.5
    } else {
        1.0
    }
}

/// Splits `pool` among contributors in proportion to their `points`. The shares sum to `pool`
/// (up to rounding) whenever some points are positive; with no points nothing is paid (and
/// nothing minted). Negative or non-finite points count as zero.
pub fn split_pool(pool: f64, points: &[f64]) -> Vec<f64> {
    let clean = |p: f64| if p.is_finite() && p > 0.0 { p } else { 0.0 };
    let total: f64 = points.iter().map(|p| clean(*p)).sum();
    if total <= 0.0 || pool <= 0.0 {
        return vec![0.0; points.len()];
    }
    points.iter().map(|p| pool * clean(*p) / total).collect()
}

/// One step of the base-pool schedule: from `at` on, the region's base pool is `honey` a week.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PoolStep {
    /// Time since the scenario start.
    pub at: SimDuration,
    /// Base weekly pool from then on, HONEY (before the MIP-7 progress multiplier).
    pub honey: f64,
}

/// The base pool at `at` from a schedule in increasing time order (the first step applies
/// before its own time too).
pub fn base_pool(schedule: &[PoolStep], at: SimDuration) -> f64 {
    schedule.iter().take_while(|s| s.at <= at).last().or(schedule.first()).map_or(0.0, |s| s.honey)
}

/// Checks the `weekly_pool` schedule, with paths relative to it (the caller adds the key, so
/// that the schedule could sit under another one): at least one
/// step, each pool finite and not negative, times strictly increasing.
pub fn check_schedule(schedule: &[PoolStep]) -> Result<(), ConfigError> {
    if schedule.is_empty() {
        return Err(ConfigError::param("", "`weekly_pool` has no step").help("at least one { at, honey } step"));
    }
    if let Some(i) = schedule.iter().position(|s| !s.honey.is_finite() || s.honey < 0.0) {
        return Err(ConfigError::param(
            format!("{i}.honey"),
            format!("`honey` of `weekly_pool` step {i} is {}", schedule[i].honey),
        )
        .help("a finite number of HONEY, at least 0"));
    }
    if let Some(i) = schedule.windows(2).position(|w| w[0].at >= w[1].at) {
        let (before, at) = (schedule[i].at, schedule[i + 1].at);
        return Err(ConfigError::param(
            format!("{}.at", i + 1),
            format!("`at` of `weekly_pool` step {} is {at}, not after {before}", i + 1),
        )
        .help("steps in increasing time order"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mip7_multiplier_steps() {
        assert_eq!(progress_multiplier(0.0), 1.0);
        assert_eq!(progress_multiplier(0.699), 1.0);
        assert_eq!(progress_multiplier(0.70), 1.5);
        assert_eq!(progress_multiplier(0.85), 2.0);
        assert_eq!(progress_multiplier(0.90), 3.0);
        assert_eq!(progress_multiplier(1.0), 3.0);
    }

    #[test]
    fn pool_split_sums_to_the_pool_in_proportion_to_points() {
        let shares = split_pool(1_000.0, &[1.0, 3.0, 0.0, 4.0]);
        assert_eq!(shares, vec![125.0, 375.0, 0.0, 500.0]);
        assert_eq!(shares.iter().sum::<f64>(), 1_000.0);
        // An awkward split still sums to the pool up to rounding.
        let shares = split_pool(7_777.7, &[0.3, 1.0 / 3.0, 2.9, 1e-9]);
        assert!((shares.iter().sum::<f64>() - 7_777.7).abs() < 1e-9);
        // Failing case: nobody contributed, nothing is paid (not the pool shared equally).
        assert_eq!(split_pool(1_000.0, &[0.0, 0.0]), vec![0.0, 0.0]);
        // Bad points do not steal the pool.
        assert_eq!(split_pool(10.0, &[f64::NAN, -5.0, 2.0]), vec![0.0, 0.0, 10.0]);
    }

    #[test]
    fn schedule_lookup_and_checks() {
        let s = [
            PoolStep { at: SimDuration::ZERO, honey: 100.0 },
            PoolStep { at: SimDuration::from_days(28), honey: 50.0 },
        ];
        assert_eq!(base_pool(&s, SimDuration::from_days(27)), 100.0);
        assert_eq!(base_pool(&s, SimDuration::from_days(28)), 50.0);
        assert!(check_schedule(&s).is_ok());
        let path = |e: ConfigError| e.within("weekly_pool").at;
        let at = |p: &str| depinsim_core::config::Located::Param(p.into());
        assert_eq!(path(check_schedule(&[]).unwrap_err()), at("weekly_pool"));
        let e = check_schedule(&[s[1], s[0]]).unwrap_err();
        assert_eq!(e.to_string(), "`at` of `weekly_pool` step 1 is 0s, not after 28d (steps in increasing time order)");
        assert_eq!(path(e), at("weekly_pool.1.at"));
        let bad = [s[0], PoolStep { honey: f64::NAN, ..s[1] }];
        assert_eq!(path(check_schedule(&bad).unwrap_err()), at("weekly_pool.1.honey"));
    }
}
