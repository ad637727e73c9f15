//! Every metric the protocol records or sets in its headline is declared once, in
//! `Content::METRICS` or among the common series, and its shares are shares.

use std::collections::BTreeMap;

use depinsim_content::{Content, ContentConfig};
use depinsim_core::catalogue::{Kind, Metric, SERIES, Unit};
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::traffic::TrafficConfig;
use depinsim_core::{Fault, Headline, NodeId, Observer, Protocol, SimDuration, SimTime};

/// Declarations of `name` among the protocol's and the common ones.
fn declarations(name: &str) -> Vec<&'static Metric> {
    Content::METRICS.iter().chain(SERIES).filter(|m| m.name == name).collect()
}

/// Twelve storage nodes (nodes 0..12) and two gateways (12, 13), 300 objects in two replicas,
/// sampled hourly for two days: a gateway goes down, three storage nodes burn (objects lost,
/// replicas re-created), another is down for longer than the repair timeout.
fn run() -> (BTreeMap<&'static str, Vec<f64>>, Headline) {
    let nodes = testing::table(
        vec![("storage", "storage", test_profile(), 12), ("gateways", "gateway", test_profile(), 2)],
        |i| Place { site: Some(100 + i), provider: 1 + i, operator: i, ..Place::default() },
    );
    let cfg = ContentConfig {
        objects: 300,
        replicas: 2,
        repair_delay: SimDuration::from_hours(3),
        repair_timeout: SimDuration::from_hours(6),
        traffic: TrafficConfig { sampled_per_tick: 50, tick: SimDuration::from_secs(60), ..TrafficConfig::default() },
        ..ContentConfig::default()
    };
    let mut s = Script::new(14, 5);
    let mut c = Content::new(cfg, &nodes, s.rng()).expect("valid config");
    s.call(None, |cx| c.on_start(cx));
    let mut recorded: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut obs = Observer::default();
    for hour in 1..=48u64 {
        match hour {
            3 => s.fault(&mut c, NodeId(12), Fault::Down),
            5 => (0..3).for_each(|n| s.fault(&mut c, NodeId(n), Fault::Destroyed)),
            8 => s.fault(&mut c, NodeId(12), Fault::Up),
            10 => s.fault(&mut c, NodeId(3), Fault::Down),
            30 => s.fault(&mut c, NodeId(3), Fault::Up),
            _ => {}
        }
        let now = SimTime::ZERO + SimDuration::from_hours(hour);
        s.advance(&mut c, now);
        obs.clear();
        c.observe(now, &s.live, &mut obs);
        for (name, value) in obs.values() {
            recorded.entry(name).or_default().push(*value);
        }
    }
    let mut headline = Headline::default();
    c.headline(&mut headline);
    (recorded, headline)
}

#[test]
fn every_metric_recorded_or_in_the_headline_is_declared_once() {
    let (recorded, headline) = run();
    assert!(recorded.len() >= 8, "observe was called: {recorded:?}");
    assert!(headline.values().len() >= 5, "headline was called");

    for m in Content::METRICS {
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
    for m in Content::METRICS {
        let produced = recorded.contains_key(m.name) || headline.values().iter().any(|(n, _)| *n == m.name);
        assert!(produced, "{} is declared but neither recorded nor in the headline", m.name);
    }
}

#[test]
fn the_run_reaches_the_states_the_metrics_describe() {
    let (recorded, headline) = run();
    let max = |name: &str| recorded[name].iter().copied().fold(f64::MIN, f64::max);
    let last = |name: &str| *recorded[name].last().unwrap();
    assert!(recorded["availability"].iter().any(|a| *a < 1.0), "some requests failed");
    assert!(max("objects_degraded") > last("objects_lost"), "replicas waited for re-creation");
    assert!(last("objects_lost") > 0.0, "three burnt nodes lost objects in two replicas");
    assert!(last("objects_unavailable") >= last("objects_lost"), "lost objects are unavailable too");
    assert!(last("repair_bytes") > 0.0);
    assert!(recorded["gateways_up"].contains(&1.0));
    let share = headline.values().iter().find(|(n, _)| *n == "objects_lost_share").unwrap().1.unwrap();
    assert!((share - last("objects_lost") / 300.0).abs() < 1e-12);
}
