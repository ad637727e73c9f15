//! Every metric the protocol records or sets in its headline is declared once, in `Cdn::METRICS`
//! or among the common series, and its shares are shares.

use std::collections::BTreeMap;

use depinsim_cdn::{Cdn, CdnConfig};
use depinsim_core::catalogue::{Kind, Metric, SERIES, Unit};
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Fault, Headline, NodeId, Observer, Protocol, SimDuration, SimTime};

/// Declarations of `name` among the protocol's and the common ones.
fn declarations(name: &str) -> Vec<&'static Metric> {
    Cdn::METRICS.iter().chain(SERIES).filter(|m| m.name == name).collect()
}

/// Ten PoPs for ten minutes, sampled every minute: two go down, one is degraded, then all go
/// down for a minute (the pushed bad configuration).
fn run() -> (BTreeMap<&'static str, Vec<f64>>, Headline) {
    let nodes = testing::table(vec![("pops", "pop", test_profile(), 10)], |_| Place::default());
    let mut s = Script::new(10, 3);
    let mut cdn = Cdn::new(CdnConfig::default(), &nodes, s.rng()).expect("valid config");
    s.call(None, |cx| cdn.on_start(cx));
    let mut recorded: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut obs = Observer::default();
    for minute in 1..=10u64 {
        match minute {
            2 => {
                s.fault(&mut cdn, NodeId(0), Fault::Down);
                s.fault(&mut cdn, NodeId(1), Fault::Down);
                s.fault(&mut cdn, NodeId(2), Fault::Loss(0.5));
            }
            6 => (0..10).for_each(|n| s.fault(&mut cdn, NodeId(n), Fault::Down)),
            7 => (0..10).for_each(|n| s.fault(&mut cdn, NodeId(n), Fault::Up)),
            _ => {}
        }
        let now = SimTime::ZERO + SimDuration::from_secs(60 * minute);
        s.advance(&mut cdn, now);
        obs.clear();
        cdn.observe(now, &s.live, &mut obs);
        for (name, value) in obs.values() {
            recorded.entry(name).or_default().push(*value);
        }
    }
    let mut headline = Headline::default();
    cdn.headline(&mut headline);
    (recorded, headline)
}

#[test]
fn every_metric_recorded_or_in_the_headline_is_declared_once() {
    let (recorded, headline) = run();
    assert!(recorded.len() >= 3, "observe was called: {recorded:?}");
    assert!(!headline.values().is_empty(), "headline was called");

    for m in Cdn::METRICS {
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
    for m in Cdn::METRICS {
        let produced = recorded.contains_key(m.name) || headline.values().iter().any(|(n, _)| *n == m.name);
        assert!(produced, "{} is declared but neither recorded nor in the headline", m.name);
    }
}

#[test]
fn the_run_reaches_the_states_the_metrics_describe() {
    let (recorded, _) = run();
    let a = &recorded["availability"];
    assert_eq!(a.len(), 10, "a window of ticks before every sample");
    assert!(a.iter().any(|v| *v < 1.0) && a.contains(&0.0), "degraded, then nothing served: {a:?}");
    assert_eq!(recorded["pops_up"][5], 0.0, "every PoP down in the sixth minute");
    let served = &recorded["requests_served"];
    assert!(served.windows(2).all(|w| w[0] <= w[1]), "requests served only grow: {served:?}");
}
