//! Every metric the protocol records or sets in its headline is declared once, in
//! `Powerledger::METRICS` or among the common series, and its shares are shares.

use std::collections::BTreeMap;

use depinsim_core::catalogue::{Kind, Metric, SERIES, Unit};
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Fault, Headline, NodeId, Observer, Protocol, SimTime};
use depinsim_powerledger::{Islanding, Powerledger, PowerledgerConfig};

/// Declarations of `name` among the protocol's and the common ones.
fn declarations(name: &str) -> Vec<&'static Metric> {
    Powerledger::METRICS.iter().chain(SERIES).filter(|m| m.name == name).collect()
}

const N: u32 = 40;

/// 40 households in two regions (even and odd nodes) for two days, sampled hourly; region 0
/// loses its grid from 10:00 to 30:00 (through a night).
fn run(islanding: Islanding) -> (BTreeMap<&'static str, Vec<f64>>, Headline) {
    let nodes = testing::table(vec![("homes", "household", test_profile(), N)], |i| Place {
        region: i % 2,
        provider: 2,
        operator: i,
        ..Place::default()
    });
    let cfg = PowerledgerConfig { islanding, ..PowerledgerConfig::default() };
    let mut s = Script::new(N as usize, 7);
    let mut p = Powerledger::new(cfg, &nodes, s.rng()).expect("valid config");
    s.call(None, |cx| p.on_start(cx));
    let mut recorded: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut obs = Observer::default();
    for hour in 1..=48u64 {
        match hour {
            11 => (0..N).step_by(2).for_each(|n| s.fault(&mut p, NodeId(n), Fault::Down)),
            31 => (0..N).step_by(2).for_each(|n| s.fault(&mut p, NodeId(n), Fault::Up)),
            _ => {}
        }
        // Just before the hour: the interval starting then has not settled yet.
        let now = SimTime::from_millis(hour * 3_600_000 - 1);
        s.advance(&mut p, now);
        obs.clear();
        p.observe(now, &s.live, &mut obs);
        for (name, value) in obs.values() {
            recorded.entry(name).or_default().push(*value);
        }
    }
    let mut headline = Headline::default();
    p.headline(&mut headline);
    (recorded, headline)
}

#[test]
fn every_metric_recorded_or_in_the_headline_is_declared_once() {
    for islanding in [Islanding::Microgrid, Islanding::HomeBackup, Islanding::GridTied] {
        let (recorded, headline) = run(islanding);
        assert!(recorded.len() >= 10, "observe was called: {recorded:?}");
        assert!(headline.values().len() >= 10, "headline was called");

        for m in Powerledger::METRICS {
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
        // And nothing is declared that the protocol never produces (the islanded markets'
        // prices only in a microgrid).
        if islanding == Islanding::Microgrid {
            for m in Powerledger::METRICS {
                let produced = recorded.contains_key(m.name) || headline.values().iter().any(|(n, _)| *n == m.name);
                assert!(produced, "{} is declared but neither recorded nor in the headline", m.name);
            }
        }
    }
}

#[test]
fn availability_is_the_share_of_load_served() {
    let (recorded, headline) = run(Islanding::GridTied);
    let a = &recorded["availability"];
    // Grid-tied: half the load goes unserved while region 0 is dark, none otherwise.
    assert_eq!(a[5], 1.0);
    assert!(a[15] < 0.75 && a[15] > 0.25, "{}", a[15]);
    assert_eq!(a[40], 1.0);
    let get = |name: &str| headline.values().iter().find(|(n, _)| *n == name).unwrap().1;
    assert_eq!(get("islanded_served_share"), Some(0.0), "anti-islanding serves nothing");
    let (_, micro) = run(Islanding::Microgrid);
    let served = micro.values().iter().find(|(n, _)| *n == "islanded_served_share").unwrap().1.unwrap();
    assert!(served > 0.0 && served < 1.0, "{served}");
}
