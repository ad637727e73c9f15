//! Every metric the `uptime` protocol records or sets in its headline is declared once in
//! [`Protocol::METRICS`], and its shares are shares. A metric added to `observe` or `headline`
//! without a declaration in `src/catalogue.rs` fails here.

use depinsim_core::catalogue::{Kind, Metric, SERIES, Unit};
use depinsim_core::metrics::{Headline, Observer};
use depinsim_core::protocol::testing::{Place, Script, table, test_profile};
use depinsim_core::{Fault, NodeId, Protocol, SimDuration, SimTime};
use depinsim_template::{Uptime, UptimeConfig};

/// What a run recorded: every sample's values, and the headline.
struct Recorded {
    series: Vec<(&'static str, f64)>,
    headline: Vec<(&'static str, Option<f64>)>,
}

/// A day of ten-minute samples over four nodes, one of them down for the middle of it.
fn run() -> Recorded {
    let nodes = table(vec![("n", "node", test_profile(), 4)], |_| Place::default());
    let mut script = Script::<Uptime>::new(4, 3);
    let config = UptimeConfig { epoch: SimDuration::from_hours(1), pool_usd_per_epoch: 40.0 };
    let mut net = Uptime::new(config, &nodes, script.rng()).unwrap();
    script.call(None, |cx| net.on_start(cx));
    let mut series = Vec::new();
    let mut obs = Observer::default();
    for step in 1..=144u64 {
        match step {
            50 => script.fault(&mut net, NodeId(3), Fault::Down),
            90 => script.fault(&mut net, NodeId(3), Fault::Up),
            _ => {}
        }
        let now = SimTime::ZERO + SimDuration::from_secs(600 * step);
        script.advance(&mut net, now);
        obs.clear();
        net.observe(now, &script.live, &mut obs);
        series.extend_from_slice(obs.values());
    }
    let mut headline = Headline::default();
    net.headline(&mut headline);
    Recorded { series, headline: headline.values().to_vec() }
}

/// The declaration of `name`, which must be the only one.
fn declaration(name: &str) -> Metric {
    let found: Vec<&Metric> = Uptime::METRICS.iter().filter(|m| m.name == name).collect();
    assert_eq!(
        found.len(),
        1,
        "`{name}` is recorded or in the headline but declared {} times in Uptime::METRICS",
        found.len()
    );
    *found[0]
}

#[test]
fn every_metric_recorded_or_in_the_headline_is_declared_once() {
    let run = run();
    assert!(!run.series.is_empty(), "observe recorded nothing");
    for m in Uptime::METRICS {
        assert_eq!(Uptime::METRICS.iter().filter(|d| d.name == m.name).count(), 1, "`{}` declared twice", m.name);
        assert!(!SERIES.iter().any(|s| s.name == m.name), "`{}` is a common series, declared in core", m.name);
    }
    for &(name, value) in &run.series {
        let m = declaration(name);
        assert_ne!(m.kind, Kind::EndOfRun, "`{name}` is recorded at each sample, not once for the run");
        if m.unit == Unit::Share {
            assert!((0.0..=1.0).contains(&value), "share `{name}` recorded as {value}");
        }
    }
    for &(name, value) in &run.headline {
        let m = declaration(name);
        let recorded = run.series.iter().any(|(n, _)| *n == name);
        assert!(recorded || m.kind == Kind::EndOfRun, "`{name}` is only in the headline: declare it end_of_run");
        if m.unit == Unit::Share {
            assert!(value.is_none_or(|v| (0.0..=1.0).contains(&v)), "share `{name}` in the headline is {value:?}");
        }
    }
    // And nothing is declared that the run does not produce (a declaration left behind by a rename).
    for m in Uptime::METRICS {
        let used = run.series.iter().any(|(n, _)| *n == m.name) || run.headline.iter().any(|(n, _)| *n == m.name);
        assert!(used, "`{}` is declared but neither recorded nor in the headline", m.name);
    }
}

#[test]
fn availability_is_the_share_of_nodes_up_at_the_sample() {
    let run = run();
    let availability: Vec<f64> = run.series.iter().filter(|(n, _)| *n == "availability").map(|(_, v)| *v).collect();
    // Three of four nodes up while node 3 is down, all four otherwise.
    assert_eq!(availability.iter().cloned().fold(f64::INFINITY, f64::min), 0.75);
    assert_eq!(availability[0], 1.0);
    assert_eq!(declaration("availability").kind, Kind::State);
}
