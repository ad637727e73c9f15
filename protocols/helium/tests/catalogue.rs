//! Every metric the protocol records or sets in its headline is declared once, in
//! `Helium::METRICS` or among the common series, and its shares are shares.

use std::collections::BTreeMap;
use std::sync::Arc;

use depinsim_core::catalogue::{Kind, Metric, SERIES, Unit};
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::time::HOUR;
use depinsim_core::{Fault, Headline, NodeId, Observer, Protocol, SimTime};
use depinsim_helium::geo::{Area, Claims};
use depinsim_helium::radio::Environment;
use depinsim_helium::{Helium, HeliumConfig};

/// Declarations of `name` among the protocol's and the common ones.
fn declarations(name: &str) -> Vec<&'static Metric> {
    Helium::METRICS.iter().chain(SERIES).filter(|m| m.name == name).collect()
}

fn area(group: &str, claims: Option<Claims>) -> Area {
    Area {
        group: group.into(),
        environment: Environment::Rural,
        lat: 41.0,
        lon: -4.6,
        radius_km: 15.0,
        plan: Default::default(),
        gain_dbi: None,
        elevation_m: None,
        sensors: 20,
        claims,
    }
}

/// 30 rural hotspots (nodes 0..30) with a price and a power draw, a ring of 4 spoofers
/// (30..34), one oracle (34) and one chain node (35), over three days: a hotspot down for a
/// day, an oracle outage that delays payment.
fn run() -> (BTreeMap<&'static str, Vec<f64>>, Headline) {
    let mut profile = (*test_profile()).clone();
    profile.capex_usd = 200.0;
    profile.power_w = 5.0;
    let profile = Arc::new(profile);
    let nodes = testing::table(
        vec![
            ("h", "hotspot", profile.clone(), 30),
            ("ring", "spoofer", profile, 4),
            ("o", "oracle", test_profile(), 1),
            ("c", "chain", test_profile(), 1),
        ],
        |i| Place { provider: 1, operator: i, ..Place::default() },
    );
    let claims = Claims { lat: 41.6, lon: -5.2, radius_km: 40.0, ring_size: 4, fake_rssi: true };
    let cfg = HeliumConfig { areas: vec![area("h", None), area("ring", Some(claims))], ..HeliumConfig::default() };
    let mut s = Script::new(36, 3);
    let mut h = Helium::new(cfg, &nodes, s.rng()).expect("valid config");
    s.call(None, |cx| h.on_start(cx));
    let mut recorded: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut obs = Observer::default();
    for hour in 1..=72u64 {
        match hour {
            5 => s.fault(&mut h, NodeId(0), Fault::Down),
            20 => s.fault(&mut h, NodeId(34), Fault::Down),
            26 => s.fault(&mut h, NodeId(34), Fault::Up),
            29 => s.fault(&mut h, NodeId(0), Fault::Up),
            _ => {}
        }
        let now = SimTime::from_millis(hour * HOUR);
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
    assert!(recorded.len() > 20, "observe was called: {recorded:?}");
    assert!(headline.values().len() > 20, "headline was called");

    for m in Helium::METRICS {
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
    for m in Helium::METRICS {
        let produced = recorded.contains_key(m.name) || headline.values().iter().any(|(n, _)| *n == m.name);
        assert!(produced, "{} is declared but neither recorded nor in the headline", m.name);
    }
}

#[test]
fn the_run_reaches_the_states_the_metrics_describe() {
    let (recorded, headline) = run();
    let max = |name: &str| recorded[name].iter().copied().fold(f64::MIN, f64::max);
    let get = |name: &str| headline.values().iter().find(|(n, _)| *n == name).and_then(|(_, v)| *v);
    assert!(max("hnt_pending") > 0.0, "the oracle outage left rewards unpaid for a while");
    assert!(max("reward_backlog_s") > 0.0);
    assert!(max("gamers_share") > 0.0, "the spoofers earned");
    assert!(recorded["coverage_share"].iter().any(|c| *c < 1.0), "a hotspot was down");
    assert!(get("operator_roi_annual").is_some(), "hotspots have a price");
}
