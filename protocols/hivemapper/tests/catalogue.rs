//! Every metric the protocol records or sets in its headline is declared once, in
//! `Hivemapper::METRICS` or among the common series, and its shares are shares.

use std::collections::BTreeMap;

use depinsim_core::catalogue::{Kind, Metric, SERIES, Unit};
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Fault, Headline, NodeId, Observer, Protocol, SimDuration, SimTime};
use depinsim_hivemapper::{Hivemapper, HivemapperConfig};

/// Declarations of `name` among the protocol's and the common ones.
fn declarations(name: &str) -> Vec<&'static Metric> {
    Hivemapper::METRICS.iter().chain(SERIES).filter(|m| m.name == name).collect()
}

const N: u32 = 20;

/// 20 dashcams in a 127-tile city for three weeks, sampled every 12 hours, with brisk churn;
/// half the dashcams break in the second week.
fn run() -> (BTreeMap<&'static str, Vec<f64>>, Headline) {
    let nodes = testing::table(vec![("dashcams", "driver", test_profile(), N)], |i| Place {
        provider: 1,
        operator: i,
        ..Place::default()
    });
    let cfg = HivemapperConfig {
        rings: 6,
        fresh_within: SimDuration::from_days(5),
        leave_per_week: 0.2,
        join_per_week: 0.5,
        ..HivemapperConfig::default()
    };
    let mut s = Script::new(N as usize, 4);
    let mut h = Hivemapper::new(cfg, &nodes, s.rng()).expect("valid config");
    s.call(None, |cx| h.on_start(cx));
    let mut recorded: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut obs = Observer::default();
    for half_day in 1..=42u64 {
        match half_day {
            16 => (0..N / 2).for_each(|n| s.fault(&mut h, NodeId(n), Fault::Down)),
            28 => (0..N / 2).for_each(|n| s.fault(&mut h, NodeId(n), Fault::Up)),
            _ => {}
        }
        let now = SimTime::ZERO + SimDuration::from_hours(12 * half_day);
        s.advance(&mut h, now);
        obs.clear();
        h.observe(now, &s.live, &mut obs);
        for (name, value) in obs.values() {
            recorded.entry(name).or_default().push(*value);
        }
    }
    let mut headline = Headline::default();
    h.headline(&mut headline);
    (recorded, headline)
}

#[test]
fn every_metric_recorded_or_in_the_headline_is_declared_once() {
    let (recorded, headline) = run();
    assert!(recorded.len() >= 13, "observe was called: {recorded:?}");
    assert!(headline.values().len() >= 14, "headline was called");

    for m in Hivemapper::METRICS {
        assert_eq!(declarations(m.name).len(), 1, "{} is declared more than once", m.name);
    }
    for (name, values) in &recorded {
        let found = declarations(name);
        assert_eq!(found.len(), 1, "series {name} has {} declarations, wants exactly one", found.len());
        let m = found[0];
        assert_ne!(m.kind, Kind::EndOfRun, "series {name} is declared as an end-of-run figure");
        if m.unit == Unit::Share {
            assert!(values.iter().all(|v| (0.0..=1.0).contains(v)), "share {name} out of 0..1: {values:?}");
        }
    }
    for (name, value) in headline.values() {
        let found = declarations(name);
        assert_eq!(found.len(), 1, "headline {name} has {} declarations, wants exactly one", found.len());
        if let (Unit::Share, Some(v)) = (found[0].unit, value) {
            assert!((0.0..=1.0).contains(v), "share {name} out of 0..1: {v}");
        }
    }
    // And nothing is declared that the protocol never produces.
    for m in Hivemapper::METRICS {
        let produced = recorded.contains_key(m.name) || headline.values().iter().any(|(n, _)| *n == m.name);
        assert!(produced, "{} is declared but neither recorded nor in the headline", m.name);
    }
}

#[test]
fn the_run_reaches_the_states_the_metrics_describe() {
    let (recorded, headline) = run();
    let get = |name: &str| headline.values().iter().find(|(n, _)| *n == name).unwrap().1.unwrap();
    // Availability is the fresh share, sample by sample.
    assert_eq!(recorded["availability"], recorded["map_fresh_share"]);
    let (cov, fresh) = (&recorded["map_coverage"], &recorded["map_fresh_share"]);
    assert!(cov.iter().zip(fresh).all(|(c, f)| f <= c), "fresh tiles are mapped tiles");
    assert!(cov.windows(2).all(|w| w[0] <= w[1]), "coverage only grows");
    assert!(recorded["drivers_mapping"].iter().zip(&recorded["drivers_active"]).all(|(m, a)| m <= a));
    assert!(recorded["weekly_pool_honey"].iter().any(|p| *p > 0.0), "weeks were paid");
    assert!(get("drivers_joined") > 0.0 && get("drivers_left") > 0.0, "churn both ways");
    assert_eq!(get("honey_paid"), *recorded["honey_paid"].last().unwrap());
}
