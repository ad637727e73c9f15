//! Every metric the protocol records or sets in its headline is declared once, in
//! `Filecoin::METRICS` or among the common series, and its shares are shares.

use std::collections::BTreeMap;

use depinsim_core::catalogue::{Kind, Metric, SERIES, Unit};
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Fault, Headline, NodeId, Observer, Protocol, SimDuration, SimTime};
use depinsim_filecoin::{Filecoin, FilecoinConfig};

/// Declarations of `name` among the protocol's and the common ones.
fn declarations(name: &str) -> Vec<&'static Metric> {
    Filecoin::METRICS.iter().chain(SERIES).filter(|m| m.name == name).collect()
}

/// Three SPs holding 60 objects in two copies; SP 0 goes down for a day, SP 1 is destroyed:
/// faults, fees, terminations after nothing, lost and unavailable objects.
fn run() -> (BTreeMap<&'static str, Vec<f64>>, Headline) {
    let nodes = testing::table(vec![("sps", "sp", test_profile(), 3)], |i| Place {
        site: Some(100 + i),
        provider: 1 + i,
        operator: i,
        ..Place::default()
    });
    let cfg = FilecoinConfig {
        initial_sectors_per_sp: 20,
        onboard_sectors_per_day: 4.0,
        objects: 60,
        replicas: 2,
        start_epoch: 100,
        background_raw_pib: 1.0,
        background_qa_pib: 1.0,
        exit_after: SimDuration::from_days(1),
        ..FilecoinConfig::default()
    };
    let mut s = Script::new(3, 5);
    let mut f = Filecoin::new(cfg, &nodes, s.rng()).expect("valid config");
    s.call(None, |cx| f.on_start(cx));
    let mut recorded: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut obs = Observer::default();
    for hour in 1..=72u64 {
        match hour {
            6 => s.fault(&mut f, NodeId(0), Fault::Down),
            30 => s.fault(&mut f, NodeId(0), Fault::Up),
            40 => s.fault(&mut f, NodeId(1), Fault::Destroyed),
            _ => {}
        }
        let now = SimTime::ZERO + SimDuration::from_hours(hour);
        s.advance(&mut f, now);
        obs.clear();
        f.observe(now, &s.live, &mut obs);
        for (name, value) in obs.values() {
            recorded.entry(name).or_default().push(*value);
        }
    }
    let mut headline = Headline::default();
    f.headline(&mut headline);
    (recorded, headline)
}

#[test]
fn every_metric_recorded_or_in_the_headline_is_declared_once() {
    let (recorded, headline) = run();
    assert!(recorded.len() > 20, "observe was called: {recorded:?}");
    assert!(headline.values().len() > 10, "headline was called");

    for m in Filecoin::METRICS {
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
    for m in Filecoin::METRICS {
        let produced = recorded.contains_key(m.name) || headline.values().iter().any(|(n, _)| *n == m.name);
        assert!(produced, "{} is declared but neither recorded nor in the headline", m.name);
    }
}

#[test]
fn the_run_reaches_the_states_the_metrics_describe() {
    let (recorded, _) = run();
    let last = |name: &str| *recorded[name].last().unwrap();
    let max = |name: &str| recorded[name].iter().copied().fold(f64::MIN, f64::max);
    assert!(max("sectors_faulty") > 0.0, "SP 0's sectors faulted");
    assert!(recorded["availability"].iter().any(|a| *a < 1.0), "some objects were unavailable");
    assert!(last("objects_lost") <= last("objects_unavailable"), "lost objects are unavailable too");
    assert!(last("data_lost_bytes") >= 0.0);
}
