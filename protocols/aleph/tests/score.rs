//! Scores and the score multiplier (aleph-nodestatus distribution.py; aleph-scoring).

use depinsim_aleph::score::*;

#[test]
fn a_score_of_half_gives_a_multiplier_of_half_and_the_limits_hold() {
    // Reference figure: (0.5 - 0.2) / 0.6 = 0.5.
    assert!((score_multiplier(0.5) - 0.5).abs() < 1e-12);
    // Below 0.2 nothing, from 0.8 everything, linear in between.
    assert_eq!(score_multiplier(0.199_999), 0.0);
    assert_eq!(score_multiplier(0.2), 0.0);
    assert!((score_multiplier(0.35) - 0.25).abs() < 1e-12);
    assert!((score_multiplier(0.799_999) - 0.999_998_333).abs() < 1e-6);
    assert_eq!(score_multiplier(0.8), 1.0);
    assert_eq!(score_multiplier(1.0), 1.0);
}

fn crn(down_share: f64, version: Version) -> Measured {
    Measured { down_share, latency_p25_s: 0.2, latency_high_s: 0.5, check_overhead_s: 0.3, version }
}

#[test]
fn a_crn_up_all_day_scores_from_its_latencies_by_hand() {
    // Base p25 1 - 0.2/2 = 0.9; base p95 1 - 0.5/2 = 0.75; diagnostic VM 1 - 0.5/2.5 = 0.8;
    // full check 1 - 0.5/4 = 0.875. Performance = (0.9 * 0.75 * 0.8 * 0.875)^(1/4)
    // = 0.4725^(1/4) = 0.829088. Version score 1 (latest, no missing probe): total =
    // sqrt(0.829088) = 0.910543, multiplier 1.
    let m = crn(0.0, Version::Latest);
    assert!((crn_performance(&m) - 0.829_088).abs() < 1e-6);
    let s = total_score(crn_performance(&m), version_score(&m));
    assert!((s - 0.910_543).abs() < 1e-6, "{s}");
    assert_eq!(score_multiplier(s), 1.0);
}

#[test]
fn a_crn_down_more_than_5_percent_of_the_day_scores_zero() {
    // 4% down: the 95th percentile still lands on an answered probe; version score 0.96.
    let ok = crn(0.04, Version::Latest);
    let s = total_score(crn_performance(&ok), version_score(&ok));
    assert!((s - (0.829_088f64 * 0.96).sqrt()).abs() < 1e-6);
    // 6% down: the 95th percentile is a missing probe (100 s): performance 0, score 0.
    let bad = crn(0.06, Version::Latest);
    assert_eq!(crn_performance(&bad), 0.0);
    assert_eq!(score_multiplier(total_score(crn_performance(&bad), version_score(&bad))), 0.0);
}

#[test]
fn a_ccn_tolerates_20_percent_down_and_an_obsolete_version_scores_zero() {
    let ccn = |d| Measured {
        down_share: d,
        latency_p25_s: 0.2,
        latency_high_s: 0.5,
        check_overhead_s: 0.3,
        version: Version::Latest,
    };
    // 15% down: every 80th percentile still answered; version 0.85.
    assert!(ccn_performance(&ccn(0.15)) > 0.5);
    assert!((version_score(&ccn(0.15)) - 0.85).abs() < 1e-12);
    // 21% down: the 80th percentiles fall on missing probes.
    assert_eq!(ccn_performance(&ccn(0.21)), 0.0);
    // Missing probes above a fifth of the others (down > 1/6) zero the version score.
    assert_eq!(version_score(&ccn(0.17)), 0.0);
    // Obsolete software: version 0 whatever the uptime.
    assert_eq!(version_score(&crn(0.0, Version::Obsolete)), 0.0);
    assert_eq!(version_score(&crn(0.0, Version::Outdated)), 1.0);
}

#[test]
fn decentralization_falls_with_the_share_of_crns_in_the_same_network() {
    // 10 CRNs, 4 in this one's autonomous system: (1 - 0.4)^2 = 0.36; alone: 0.81.
    assert!((decentralization(4, 10) - 0.36).abs() < 1e-12);
    assert!((decentralization(1, 10) - 0.81).abs() < 1e-12);
    assert_eq!(decentralization(10, 10), 0.0);
}
