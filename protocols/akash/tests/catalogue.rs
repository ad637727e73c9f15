//! Every metric the `akash` protocol records or sets in its headline is declared once in
//! [`Protocol::METRICS`], and its shares are shares. A metric added to `observe` or `headline`
//! without a declaration in `src/catalogue.rs` fails here.

use depinsim_akash::Akash;
use depinsim_akash::config::{AkashConfig, BidStrategy, Rules, Workload};
use depinsim_core::catalogue::{Kind, Metric, SERIES, Unit};
use depinsim_core::metrics::{Headline, Observer};
use depinsim_core::profile::HardwareProfile;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Fault, NodeId, Protocol, SimDuration, SimTime};
use std::sync::Arc;

/// What a run recorded: every sample's values, and the headline.
struct Recorded {
    series: Vec<(&'static str, f64)>,
    headline: Vec<(&'static str, Option<f64>)>,
}

/// Two days of half-hourly samples of four Akash providers and four cloud instances of two
/// H100s each, under `rules`: tenants that give up and tenants that under-fund, GPU
/// interruptions, two providers down for ten hours, another that cannot launch for ten, and a cloud
/// instance down for a while.
fn run(rules: Rules) -> Recorded {
    let mut p: HardwareProfile = (*test_profile()).clone();
    p.capacity.gpus = Some(2);
    p.capacity.gpu_model = Some("H100".into());
    p.capacity.cpu_cores = Some(16);
    let p = Arc::new(p);
    let table = testing::table(vec![("p", "provider", p.clone(), 4), ("c", "cloud", p, 4)], |i| Place {
        site: Some(0),
        operator: i,
        ..Place::default()
    });
    let config = AkashConfig {
        rules,
        workloads: vec![Workload {
            name: "training".into(),
            arrivals_per_hour: 2.0,
            mean_duration: SimDuration::from_hours(3),
            exponential: true,
            gpus: 1,
            gpu_model: None,
            cpu: 1,
            memory: None,
            storage: None,
            max_usd_per_gpu_hour: 5.0,
            requires: vec![],
            patience: Some(SimDuration::from_hours(2)),
            underfunded_share: 0.2,
        }],
        bid: BidStrategy::Fixed { usd_per_gpu_hour: 1.5 },
        default_gpu_interruptions_per_gpu_day: 0.5,
        withdraw_every: SimDuration::from_hours(6),
        ..AkashConfig::default()
    };
    let mut script = Script::<Akash>::new(8, 17);
    let mut net = Akash::new(config, &table, script.rng()).unwrap_or_else(|e| panic!("{e}"));
    script.call(None, |cx| net.on_start(cx));
    let mut series = Vec::new();
    let mut obs = Observer::default();
    for half_hour in 0..=96u64 {
        match half_hour {
            10 => script.fault(&mut net, NodeId(1), Fault::Loss(0.8)),
            20 => {
                script.fault(&mut net, NodeId(0), Fault::Down);
                script.fault(&mut net, NodeId(3), Fault::Down);
            }
            30 => script.fault(&mut net, NodeId(1), Fault::Loss(0.0)),
            40 => {
                script.fault(&mut net, NodeId(0), Fault::Up);
                script.fault(&mut net, NodeId(3), Fault::Up);
            }
            50 => script.fault(&mut net, NodeId(5), Fault::Down),
            60 => script.fault(&mut net, NodeId(5), Fault::Up),
            _ => {}
        }
        let now = SimTime::ZERO + SimDuration::from_secs(1800 * half_hour);
        script.advance(&mut net, now);
        obs.clear();
        net.observe(now, &script.live, &mut obs);
        series.extend_from_slice(obs.values());
    }
    let mut headline = Headline::default();
    net.headline(&mut headline);
    let s = &net.auction().stats;
    assert!(s.leases_created > 0 && s.launch_failures > 0 && s.leases_closed.iter().all(|c| *c > 0), "{s:?}");
    Recorded { series, headline: headline.values().to_vec() }
}

/// The declaration of `name`, which must be the only one.
fn declaration(name: &str) -> Metric {
    let found: Vec<&Metric> = Akash::METRICS.iter().filter(|m| m.name == name).collect();
    assert_eq!(
        found.len(),
        1,
        "`{name}` is recorded or in the headline but declared {} times in Akash::METRICS",
        found.len()
    );
    *found[0]
}

#[test]
fn every_metric_recorded_or_in_the_headline_is_declared_once() {
    for m in Akash::METRICS {
        assert_eq!(Akash::METRICS.iter().filter(|d| d.name == m.name).count(), 1, "`{}` declared twice", m.name);
        assert!(!SERIES.iter().any(|s| s.name == m.name), "`{}` is a common series, declared in core", m.name);
    }
    for rules in [Rules::TakeRate, Rules::Bme] {
        let run = run(rules);
        assert!(!run.series.is_empty() && !run.headline.is_empty(), "observe or headline gave nothing");
        for &(name, value) in &run.series {
            let m = declaration(name);
            assert_ne!(m.kind, Kind::EndOfRun, "`{name}` is recorded at each sample, not once for the run");
            if m.unit == Unit::Share {
                assert!((0.0..=1.0).contains(&value), "{rules:?}: share `{name}` recorded as {value}");
            }
        }
        for &(name, value) in &run.headline {
            let m = declaration(name);
            let recorded = run.series.iter().any(|(n, _)| *n == name);
            assert!(recorded || m.kind == Kind::EndOfRun, "`{name}` is only in the headline: declare it end_of_run");
            if m.unit == Unit::Share {
                let ok = value.is_none_or(|v| (0.0..=1.0).contains(&v));
                assert!(ok, "{rules:?}: share `{name}` in the headline is {value:?}");
            }
        }
        // And nothing is declared that a run with a cloud baseline does not produce (a
        // declaration left behind by a rename).
        for m in Akash::METRICS {
            let used = run.series.iter().any(|(n, _)| *n == m.name) || run.headline.iter().any(|(n, _)| *n == m.name);
            assert!(used, "`{}` is declared but neither recorded nor in the headline", m.name);
        }
    }
}

#[test]
fn availability_is_the_share_of_wanted_deployments_running_at_the_sample() {
    let run = run(Rules::TakeRate);
    let at = |i: usize, name: &str| run.series.iter().filter(|(n, _)| *n == name).nth(i).unwrap().1;
    for i in 0..=96 {
        let (running, waiting) = (at(i, "leases_active"), at(i, "deployments_waiting"));
        let expected = if running + waiting == 0.0 { 1.0 } else { running / (running + waiting) };
        assert_eq!(at(i, "availability"), expected, "sample {i}");
    }
    assert_eq!(declaration("availability").kind, Kind::State);
}
