//! Every metric the protocol records or sets in its headline is declared once, in
//! `Arweave::METRICS` or among the common series, and its shares are shares.

use std::collections::BTreeMap;

use depinsim_arweave::{Arweave, ArweaveConfig, UploadPhase};
use depinsim_core::catalogue::{Kind, Metric, SERIES, Unit};
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::units::ByteSize;
use depinsim_core::{Fault, Headline, NodeId, Observer, Protocol, SimDuration, SimTime};

/// Declarations of `name` among the protocol's and the common ones.
fn declarations(name: &str) -> Vec<&'static Metric> {
    Arweave::METRICS.iter().chain(SERIES).filter(|m| m.name == name).collect()
}

const N: u32 = 8;

/// Eight miners at four providers holding 10 partitions in two copies, at a price that the
/// endowment of 1 AR cannot sustain (it runs dry), with a few days of small uploads, sampled daily
/// for 20 days: a miner is down for a week, four are destroyed (partitions lost), one of them
/// replaced.
fn run() -> (BTreeMap<&'static str, Vec<f64>>, Headline) {
    let nodes = testing::table(vec![("miners", "miner", test_profile(), N)], |i| Place {
        site: Some(100 + i),
        provider: i % 4,
        operator: i,
        ..Place::default()
    });
    let cfg = ArweaveConfig {
        weave_size: ByteSize(36_000_000_000_000),
        endowment_ar: 1.0,
        price_per_gib_minute: 1_000_000,
        replicas: 2,
        uploads: vec![UploadPhase {
            until: SimDuration::from_days(4),
            per_day: ByteSize(1 << 30),
            growth_per_year: 0.0,
        }],
        ..ArweaveConfig::default()
    };
    let mut s = Script::new(N as usize, 3);
    let mut a = Arweave::new(cfg, &nodes, s.rng()).expect("valid config");
    s.call(None, |cx| a.on_start(cx));
    let mut recorded: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut obs = Observer::default();
    for day in 1..=20u64 {
        match day {
            3 => s.fault(&mut a, NodeId(0), Fault::Down),
            10 => s.fault(&mut a, NodeId(0), Fault::Up),
            12 => (1..5).for_each(|n| s.fault(&mut a, NodeId(n), Fault::Destroyed)),
            15 => s.fault(&mut a, NodeId(1), Fault::Up),
            _ => {}
        }
        // Half a day in: the day's batch has settled.
        let now = SimTime::ZERO + SimDuration::from_hours(24 * day + 12);
        s.advance(&mut a, now);
        obs.clear();
        a.observe(now, &s.live, &mut obs);
        for (name, value) in obs.values() {
            recorded.entry(name).or_default().push(*value);
        }
    }
    let mut headline = Headline::default();
    a.headline(&mut headline);
    (recorded, headline)
}

#[test]
fn every_metric_recorded_or_in_the_headline_is_declared_once() {
    let (recorded, headline) = run();
    assert!(recorded.len() >= 14, "observe was called: {recorded:?}");
    assert!(headline.values().len() >= 13, "headline was called");

    for m in Arweave::METRICS {
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
    for m in Arweave::METRICS {
        let produced = recorded.contains_key(m.name) || headline.values().iter().any(|(n, _)| *n == m.name);
        assert!(produced, "{} is declared but neither recorded nor in the headline", m.name);
    }
}

#[test]
fn the_run_reaches_the_states_the_metrics_describe() {
    let (recorded, headline) = run();
    let get = |name: &str| headline.values().iter().find(|(n, _)| *n == name).unwrap().1;
    let last = |name: &str| *recorded[name].last().unwrap();
    assert!(recorded["availability"].iter().any(|a| *a < 1.0), "some partitions were unreachable");
    assert!(last("partitions_lost") > 0.0, "four destroyed miners held both copies of some partition");
    assert!(last("partitions_unavailable") >= last("partitions_lost"), "lost partitions are unavailable too");
    assert!(last("debt_supply_ar") > 0.0, "the endowment of 1 AR ran dry");
    let years = get("endowment_dry_after_years").expect("ran dry");
    assert!(years < 0.1, "{years}");
    assert_eq!(get("endowment_dry_year"), Some(2026.0));
    assert_eq!(get("partitions"), Some(last("partitions")));
}
