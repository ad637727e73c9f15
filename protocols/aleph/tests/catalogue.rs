//! The metric catalogue: every series `observe` records and every figure `headline` sets has
//! exactly one declaration (here or, for the common series, in core), every declaration is used,
//! and every share stays within 0..1, over runs that fail CRNs and CCNs, destroy content and
//! blacklist part of it, under both rule sets and without VMs.

#[allow(dead_code)] // shared with tests/checks.rs, which uses the rest of it
mod common;

use depinsim_aleph::catalogue::METRICS;
use depinsim_aleph::{Aleph, AlephConfig};
use depinsim_core::catalogue::{Kind, SERIES, Unit};
use depinsim_core::metrics::{Headline, Observer};
use depinsim_core::node::NodeTable;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Fault, NodeId, Protocol, SimDuration, SimTime};
use std::collections::BTreeSet;

/// What a run recorded: every sample's values, and the headline.
struct Recorded {
    series: Vec<(&'static str, f64)>,
    headline: Vec<(&'static str, Option<f64>)>,
}

/// A fault at `minute` for `node`.
type Step = (u64, NodeId, Fault);

/// Runs `a` for `days`, observing every 10 minutes and applying `faults` (sorted by minute).
fn run(mut a: Aleph, mut s: Script<Aleph>, days: u64, faults: &[Step]) -> Recorded {
    s.call(None, |cx| a.on_start(cx));
    let mut series = Vec::new();
    let mut faults = faults.iter().peekable();
    for minute in (10..=days * 24 * 60).step_by(10) {
        while let Some((at, node, fault)) = faults.next_if(|(at, _, _)| *at <= minute) {
            s.advance(&mut a, SimTime::ZERO + SimDuration::from_secs(at * 60));
            s.fault(&mut a, *node, *fault);
        }
        let now = SimTime::ZERO + SimDuration::from_secs(minute * 60);
        s.advance(&mut a, now);
        let mut obs = Observer::default();
        a.observe(now, &s.live, &mut obs);
        series.extend_from_slice(obs.values());
    }
    let mut h = Headline::default();
    a.headline(&mut h);
    Recorded { series, headline: h.values().to_vec() }
}

/// The shipped networks, with a third of their CRNs destroyed on the first hour (most replaced
/// on day 2), a CCN down for half a day and another destroyed.
fn shipped_runs() -> Vec<(String, Recorded)> {
    let mut out = Vec::new();
    for net in common::shipped() {
        let groups = net.groups.iter().map(|g| (g.name.as_str(), g.role.as_str(), g.profile.clone(), g.count));
        let nodes = testing::table(groups.collect(), |i| Place { provider: i % 8, operator: i, ..Place::default() });
        let mut s = Script::<Aleph>::new(nodes.len(), 20210310);
        let a = Aleph::new(net.config.clone(), &nodes, s.rng()).unwrap();
        let mut faults: Vec<Step> = Vec::new();
        for (i, crn) in a.crns.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
            faults.push((60, *crn, Fault::Destroyed));
            if i % 2 == 0 {
                faults.push((2 * 24 * 60, *crn, Fault::Up));
            }
        }
        faults.push((120, a.ccns[0], Fault::Down));
        faults.push((120 + 12 * 60, a.ccns[0], Fault::Up));
        faults.push((180, a.ccns[1], Fault::Destroyed));
        faults.sort_by_key(|f| f.0);
        out.push((net.label.clone(), run(a, s, 3, &faults)));
    }
    out
}

/// Four CCNs and no VM, half of them blacklisting a fifth of the content: availability is the
/// content reachable; every CCN destroyed in turn, so the content is lost.
fn content_only_run() -> (String, Recorded) {
    let nodes: NodeTable = testing::table(vec![("ccn", "ccn", test_profile(), 4)], |i| Place {
        provider: i,
        operator: i,
        ..Place::default()
    });
    let mut s = Script::<Aleph>::new(nodes.len(), 7);
    let cfg = AlephConfig { blacklisted_share: 0.2, blacklisting_ccn_share: 0.5, ..AlephConfig::default() };
    let a = Aleph::new(cfg, &nodes, s.rng()).unwrap();
    let faults: Vec<Step> = (0..4).map(|c| (60 + 120 * c as u64, a.ccns[c], Fault::Destroyed)).collect();
    ("content only".into(), run(a, s, 2, &faults))
}

#[test]
fn every_metric_recorded_or_in_the_headline_has_one_declaration_and_shares_stay_in_0_1() {
    let mut names: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
    names.sort();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "a metric is declared twice in METRICS");
    assert_eq!(<Aleph as Protocol>::METRICS, METRICS);

    let mut runs = shipped_runs();
    assert!(!runs.is_empty());
    runs.push(content_only_run());
    let (mut recorded, mut headline) = (BTreeSet::new(), BTreeSet::new());
    for (label, r) in &runs {
        assert!(!r.series.is_empty() && !r.headline.is_empty(), "{label}: nothing recorded");
        let values = r.series.iter().map(|(n, v)| (*n, Some(*v))).chain(r.headline.iter().copied());
        for (name, value) in values {
            let here = METRICS.iter().filter(|m| m.name == name).count();
            let core = SERIES.iter().filter(|m| m.name == name).count();
            assert_eq!(here + core, 1, "{label}: `{name}` has {here} declarations here and {core} in core");
            let m = METRICS.iter().chain(SERIES).find(|m| m.name == name).unwrap();
            if let (Unit::Share, Some(v)) = (m.unit, value) {
                assert!((0.0..=1.0).contains(&v), "{label}: `{name}` = {v}, a share outside 0..1");
            }
        }
        recorded.extend(r.series.iter().map(|(n, _)| *n));
        headline.extend(r.headline.iter().map(|(n, _)| *n));
    }
    for m in METRICS {
        assert!(recorded.contains(m.name) || headline.contains(m.name), "`{}` is declared but never recorded", m.name);
        // A name also recorded as a series is declared as the series; headline-only ones are
        // figures for the whole run.
        let end_of_run = !recorded.contains(m.name);
        assert_eq!(m.kind == Kind::EndOfRun, end_of_run, "`{}` is declared {:?}", m.name, m.kind);
    }
}

#[test]
fn the_runs_reach_the_edges_the_shares_are_checked_at() {
    let (_, r) = content_only_run();
    let head = |name: &str| r.headline.iter().find(|(n, _)| *n == name).unwrap().1.unwrap();
    assert_eq!(head(depinsim_aleph::CONTENT_LOST), 1.0);
    assert_eq!(head(depinsim_aleph::CONTENT_REACHABLE_MIN), 0.0);
    let partial = r.series.iter().any(|(n, v)| *n == depinsim_aleph::CONTENT_REACHABLE && *v > 0.0 && *v < 1.0);
    let blacklisted = r.series.iter().any(|(n, v)| *n == depinsim_aleph::BLACKLISTED_REACHABLE && *v == 0.0);
    assert!(partial || blacklisted, "no CCN refusing the flagged content was left alone");
    for (label, r) in shipped_runs() {
        let waited = r.series.iter().any(|(n, v)| *n == depinsim_aleph::VMS_WAITING && *v > 0.0);
        let dipped = r.series.iter().any(|(n, v)| *n == depinsim_core::metrics::AVAILABILITY && *v < 1.0);
        assert!(waited && dipped, "{label}: the destroyed CRNs left no VM waiting or availability whole");
    }
}
