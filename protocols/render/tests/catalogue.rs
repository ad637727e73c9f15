//! Every metric the `render` protocol records or sets in its headline is declared once in
//! [`Protocol::METRICS`], and its shares are shares. A metric added to `observe` or `headline`
//! without a declaration in `src/catalogue.rs` fails here.

use depinsim_core::catalogue::{Kind, Metric, SERIES, Unit};
use depinsim_core::metrics::{Headline, Observer};
use depinsim_core::profile::HardwareProfile;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Fault, NodeId, Protocol, SimDuration, SimTime};
use depinsim_render::Render;
use depinsim_render::config::{EurPoint, JobClass, RenderConfig};
use std::sync::Arc;

/// What a run recorded: every sample's values, and the headline.
struct Recorded {
    series: Vec<(&'static str, f64)>,
    headline: Vec<(&'static str, Option<f64>)>,
}

/// Three days of hourly samples over six one-GPU nodes with daily epochs: jobs of both tiers
/// busy enough to queue, GPU interruptions, and a node down for a day.
fn run() -> Recorded {
    let mut p: HardwareProfile = (*test_profile()).clone();
    p.capacity.gpus = Some(1);
    p.capacity.gpu_model = Some("RTX 4090".into());
    let table =
        testing::table(vec![("rigs", "node", Arc::new(p), 6)], |i| Place { operator: i % 2, ..Place::default() });
    let class = |name: &str, tier: u8| JobClass {
        name: name.into(),
        arrivals_per_hour: 0.6,
        frames: 4,
        obh_per_frame: 1_300.0,
        tier,
        min_vram_gb: 0.0,
    };
    let config = RenderConfig {
        jobs: vec![class("priority", 2), class("economy", 3)],
        frames_per_task: 2,
        default_gpu_interruptions_per_gpu_day: 2.0,
        epoch: SimDuration::from_days(1),
        render_price_eur: vec![EurPoint { at: SimDuration::ZERO, eur: 2.0 }],
        ..RenderConfig::default()
    };
    let mut script = Script::<Render>::new(6, 11);
    let mut net = Render::new(config, &table, script.rng()).unwrap();
    script.call(None, |cx| net.on_start(cx));
    let mut series = Vec::new();
    let mut obs = Observer::default();
    for hour in 0..=72u64 {
        match hour {
            20 => script.fault(&mut net, NodeId(1), Fault::Down),
            44 => script.fault(&mut net, NodeId(1), Fault::Up),
            _ => {}
        }
        let now = SimTime::ZERO + SimDuration::from_hours(hour);
        script.advance(&mut net, now);
        obs.clear();
        net.observe(now, &script.live, &mut obs);
        series.extend_from_slice(obs.values());
    }
    let mut headline = Headline::default();
    net.headline(&mut headline);
    assert!(net.stats.approved > 0 && net.stats.tasks_lost > 0, "the run exercises approvals and losses");
    Recorded { series, headline: headline.values().to_vec() }
}

/// The declaration of `name`, which must be the only one.
fn declaration(name: &str) -> Metric {
    let found: Vec<&Metric> = Render::METRICS.iter().filter(|m| m.name == name).collect();
    assert_eq!(
        found.len(),
        1,
        "`{name}` is recorded or in the headline but declared {} times in Render::METRICS",
        found.len()
    );
    *found[0]
}

#[test]
fn every_metric_recorded_or_in_the_headline_is_declared_once() {
    let run = run();
    assert!(!run.series.is_empty() && !run.headline.is_empty(), "observe or headline gave nothing");
    for m in Render::METRICS {
        assert_eq!(Render::METRICS.iter().filter(|d| d.name == m.name).count(), 1, "`{}` declared twice", m.name);
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
    for m in Render::METRICS {
        let used = run.series.iter().any(|(n, _)| *n == m.name) || run.headline.iter().any(|(n, _)| *n == m.name);
        assert!(used, "`{}` is declared but neither recorded nor in the headline", m.name);
    }
}

#[test]
fn availability_is_the_share_of_gpus_on_nodes_up_at_the_sample() {
    let run = run();
    let availability: Vec<f64> = run.series.iter().filter(|(n, _)| *n == "availability").map(|(_, v)| *v).collect();
    // Five of six GPUs while node 1 is down (hours 20 to 43), all six otherwise.
    assert_eq!(availability[19], 1.0);
    assert_eq!(availability[30], 5.0 / 6.0);
    assert_eq!(availability[72], 1.0);
    assert_eq!(declaration("availability").kind, Kind::State);
}
