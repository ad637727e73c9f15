//! Every check of a render configuration fails at the key path it names, with a message naming
//! the key; the shipped scenarios pass them all.

mod common;

use depinsim_cloud::CloudPrice;
use depinsim_core::config::{ConfigError, Located};
use depinsim_core::node::GroupInfo;
use depinsim_core::profile::HardwareProfile;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Protocol, SimDuration};
use depinsim_render::Render;
use depinsim_render::config::{EurPoint, GpuSpec, JobClass, RenderConfig};
use std::sync::Arc;

fn group(name: &str, gpus: u32, model: &str, count: u32) -> GroupInfo {
    let mut p: HardwareProfile = (*test_profile()).clone();
    p.capacity.gpus = Some(gpus);
    p.capacity.gpu_model = Some(model.into());
    GroupInfo { name: name.into(), role: "node".into(), profile: Arc::new(p), count, traffic_weight: 1.0 }
}

fn class(name: &str) -> JobClass {
    JobClass { name: name.into(), arrivals_per_hour: 1.0, frames: 10, obh_per_frame: 100.0, tier: 2, min_vram_gb: 12.0 }
}

fn valid() -> (RenderConfig, Vec<GroupInfo>) {
    let config = RenderConfig { jobs: vec![class("animation"), class("archviz")], ..RenderConfig::default() };
    (config, vec![group("rigs", 1, "RTX 4090", 10), group("servers", 8, "H100 SXM 80GB", 2)])
}

/// The error `change` makes `check` report, after checking the unchanged config passes.
fn refused(change: impl FnOnce(&mut RenderConfig, &mut Vec<GroupInfo>)) -> ConfigError {
    let (mut config, mut groups) = valid();
    Render::check(&config, &groups).unwrap_or_else(|e| panic!("the base config is valid: {e}"));
    change(&mut config, &mut groups);
    Render::check(&config, &groups).expect_err("the change must be refused")
}

fn param(path: &str) -> Located {
    Located::Param(path.into())
}

/// Asserts the error is at `at` and its message contains every fragment.
fn assert_refused(e: ConfigError, at: Located, fragments: &[&str]) {
    assert_eq!(e.at, at, "{e}");
    let text = e.to_string();
    for f in fragments {
        assert!(text.contains(f), "`{text}` lacks `{f}`");
    }
    assert!(e.help.is_some(), "{e} says what is allowed");
}

#[test]
fn job_classes_are_checked_by_index_and_named_in_the_message() {
    assert_refused(refused(|c, _| c.jobs.clear()), param("jobs"), &["no job class"]);
    assert_refused(
        refused(|c, _| c.jobs[1].arrivals_per_hour = f64::NAN),
        param("jobs.1.arrivals_per_hour"),
        &["job class `archviz`: `arrivals_per_hour` is NaN"],
    );
    assert_refused(refused(|c, _| c.jobs[0].frames = 0), param("jobs.0.frames"), &["`frames` is 0"]);
    assert_refused(refused(|c, _| c.jobs[0].obh_per_frame = 0.0), param("jobs.0.obh_per_frame"), &["is 0"]);
    assert_refused(
        refused(|c, _| c.jobs[0].tier = 4),
        param("jobs.0.tier"),
        &["job class `animation`: `tier` is 4", "2 for priority or 3 for economy"],
    );
    assert_refused(refused(|c, _| c.jobs[0].min_vram_gb = -1.0), param("jobs.0.min_vram_gb"), &["is -1"]);
}

#[test]
fn gpu_figures_and_the_aws_model_are_usable() {
    assert_refused(
        refused(|c, _| _ = c.gpus.insert("RTX 3090".into(), GpuSpec { octanebench: 0.0, vram_gb: 24.0 })),
        param("gpus.RTX 3090.octanebench"),
        &["GPU `RTX 3090`: `octanebench` is 0"],
    );
    assert_refused(
        refused(|c, _| _ = c.gpus.insert("RTX 3090".into(), GpuSpec { octanebench: 600.0, vram_gb: f64::INFINITY })),
        param("gpus.RTX 3090.vram_gb"),
        &["`vram_gb` is inf"],
    );
    assert_refused(
        refused(|c, _| c.aws_gpu_model = "H200".into()),
        param("aws_gpu_model"),
        &[
            "`aws_gpu_model` is \"H200\", which has no entry in `gpus`",
            "\"A100 SXM 80GB\", \"H100 SXM 80GB\", \"RTX 4090\"",
        ],
    );
    assert_refused(
        refused(|c, _| c.aws_price = CloudPrice { on_demand: f64::NAN, capacity_block: 4.92 }),
        param("aws_price.on_demand"),
        &["`on_demand` in `aws_price` is NaN"],
    );
}

#[test]
fn prices_and_emissions_are_finite_and_in_range() {
    let p = |h, eur| EurPoint { at: SimDuration::from_hours(h), eur };
    assert_refused(refused(|c, _| c.render_price_eur = vec![]), param("render_price_eur"), &["has no point"]);
    assert_refused(
        refused(|c, _| c.render_price_eur = vec![p(0, 3.0), p(24, 0.0)]),
        param("render_price_eur.1.eur"),
        &["`render_price_eur.1.eur` is 0", "EUR per RENDER"],
    );
    assert_refused(
        refused(|c, _| c.render_price_eur = vec![p(24, 3.0), p(0, 2.5)]),
        param("render_price_eur.1.at"),
        &["`render_price_eur.1.at` is 0s, not after the point before it (1d)"],
    );
    assert_refused(
        refused(|c, _| c.obh_per_eur_tier2 = 0.0),
        param("obh_per_eur_tier2"),
        &["`obh_per_eur_tier2` is 0"],
    );
    assert_refused(refused(|c, _| c.obh_per_eur_tier3 = f64::INFINITY), param("obh_per_eur_tier3"), &["is inf"]);
    assert_refused(refused(|c, _| c.usd_per_eur = -1.08), param("usd_per_eur"), &["`usd_per_eur` is -1.08"]);
    assert_refused(
        refused(|c, _| c.work_emission_per_epoch = Some(f64::NAN)),
        param("work_emission_per_epoch"),
        &["`work_emission_per_epoch` is NaN"],
    );
    assert_refused(
        refused(|c, _| c.availability_pool_per_epoch = Some(-1.0)),
        param("availability_pool_per_epoch"),
        &["is -1"],
    );
    assert_refused(refused(|c, _| c.network_share = 0.0), param("network_share"), &["`network_share` is 0"]);
    assert_refused(refused(|c, _| c.network_share = 1.5), param("network_share"), &["above 0 and at most 1"]);
}

#[test]
fn durations_counts_ages_and_rates_are_usable() {
    assert_refused(refused(|c, _| c.epoch = SimDuration::ZERO), param("epoch"), &["`epoch` is 0s"]);
    assert_refused(refused(|c, _| c.frames_per_task = 0), param("frames_per_task"), &["`frames_per_task` is 0"]);
    assert_refused(
        refused(|c, _| _ = c.age_days.insert("rigs".into(), f64::NAN)),
        param("age_days.rigs"),
        &["`age_days.rigs` is NaN"],
    );
    assert_refused(
        refused(|c, _| c.default_gpu_interruptions_per_gpu_day = f64::INFINITY),
        param("default_gpu_interruptions_per_gpu_day"),
        &["is inf"],
    );
    assert_refused(
        refused(|c, _| _ = c.gpu_interruptions_per_gpu_day.insert("RTX 4090".into(), -1.0)),
        param("gpu_interruptions_per_gpu_day.RTX 4090"),
        &["`gpu_interruptions_per_gpu_day.RTX 4090` is -1"],
    );
}

#[test]
fn groups_need_known_gpus_and_age_days_names_real_groups() {
    assert_refused(
        refused(|_, g| g[0] = group("rigs", 1, "RTX 3090", 10)),
        Located::Group("rigs".into()),
        &["group `rigs`: profile `test` has 1 GPUs of model `RTX 3090`", "\"RTX 4090\""],
    );
    assert_refused(
        refused(|_, g| g[1] = group("servers", 0, "H100 SXM 80GB", 2)),
        Located::Group("servers".into()),
        &["has 0 GPUs"],
    );
    // A group of no nodes places nothing: its profile is not asked for GPUs.
    let (c, mut g) = valid();
    g[1] = group("servers", 0, "", 0);
    assert!(Render::check(&c, &g).is_ok());
    assert_refused(
        refused(|c, _| _ = c.age_days.insert("farm".into(), 200.0)),
        param("age_days.farm"),
        &["`age_days` names node group `farm`", "groups: rigs, servers"],
    );
    assert_refused(
        refused(|_, g| g.iter_mut().for_each(|g| g.count = 0)),
        Located::Network,
        &["a render network has no node"],
    );
    assert_refused(refused(|_, g| g[0].role = "gateway".into()), Located::Group("rigs".into()), &["role `gateway`"]);
}

#[test]
fn every_job_class_fits_the_vram_of_some_gpu() {
    // The H100s have 80 GB: a scene of 81 GB never starts.
    assert_refused(
        refused(|c, _| c.jobs[1].min_vram_gb = 81.0),
        param("jobs.1.min_vram_gb"),
        &["job class `archviz`: `min_vram_gb` is 81, more than any node's GPU has (80 GB)"],
    );
    // Without the servers, 40 GB is more than an RTX 4090's 24.
    assert_refused(
        refused(|c, g| {
            g.pop();
            c.jobs[0].min_vram_gb = 40.0;
        }),
        param("jobs.0.min_vram_gb"),
        &["(24 GB)"],
    );
}

#[test]
fn new_refuses_what_check_refuses() {
    let (mut c, _) = valid();
    c.jobs[0].tier = 1;
    let g = group("rigs", 1, "RTX 4090", 1);
    let nodes = testing::table(vec![("rigs", "node", g.profile.clone(), 1)], |_| Place::default());
    let mut script = Script::<Render>::new(1, 1);
    let e = Render::new(c, &nodes, script.rng()).err().expect("refused");
    assert_eq!(e.at, param("jobs.0.tier"));
}

#[test]
fn the_shipped_scenarios_pass_the_checks() {
    for net in common::networks("render") {
        let config: RenderConfig = net.params.clone().try_into().unwrap_or_else(|e| panic!("{}: {e}", net.file));
        Render::check(&config, &net.groups).unwrap_or_else(|e| panic!("{}: {:?} {e}", net.file, e.at));
    }
}
