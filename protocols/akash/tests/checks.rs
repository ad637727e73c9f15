//! Every check of an akash configuration fails at the key path it names, with a message naming
//! the key; the shipped scenarios pass them all.

mod common;

use depinsim_akash::Akash;
use depinsim_akash::config::{AkashConfig, BidStrategy, Workload};
use depinsim_cloud::CloudPrice;
use depinsim_core::config::{ConfigError, Located};
use depinsim_core::node::GroupInfo;
use depinsim_core::price::PricePoint;
use depinsim_core::profile::HardwareProfile;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::units::ByteSize;
use depinsim_core::{Protocol, SimDuration};
use std::sync::Arc;

fn group(name: &str, role: &str, gpus: u32, count: u32) -> GroupInfo {
    let mut p: HardwareProfile = (*test_profile()).clone();
    p.capacity.gpus = Some(gpus);
    p.capacity.gpu_model = Some("H100".into());
    p.capacity.cpu_cores = Some(16);
    GroupInfo { name: name.into(), role: role.into(), profile: Arc::new(p), count, traffic_weight: 1.0 }
}

fn workload(name: &str) -> Workload {
    Workload {
        name: name.into(),
        arrivals_per_hour: 1.0,
        mean_duration: SimDuration::from_hours(1),
        exponential: true,
        gpus: 1,
        gpu_model: None,
        cpu: 1,
        memory: None,
        storage: None,
        max_usd_per_gpu_hour: 2.0,
        requires: vec![],
        patience: None,
        underfunded_share: 0.0,
    }
}

fn valid() -> (AkashConfig, Vec<GroupInfo>) {
    let config = AkashConfig {
        workloads: vec![workload("inference"), workload("training")],
        bid: BidStrategy::Fixed { usd_per_gpu_hour: 1.0 },
        ..AkashConfig::default()
    };
    (config, vec![group("dc", "provider", 8, 2), group("aws", "cloud", 8, 1)])
}

/// The error `change` makes `check` report, after checking the unchanged config passes.
fn refused(change: impl FnOnce(&mut AkashConfig, &mut Vec<GroupInfo>)) -> ConfigError {
    let (mut config, mut groups) = valid();
    Akash::check(&config, &groups).unwrap_or_else(|e| panic!("the base config is valid: {e}"));
    change(&mut config, &mut groups);
    Akash::check(&config, &groups).expect_err("the change must be refused")
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
fn percentages_and_basis_points_are_in_range() {
    assert_refused(
        refused(|c, _| c.take_rate_pct = 101),
        param("take_rate_pct"),
        &["`take_rate_pct` is 101", "0 and 100"],
    );
    assert_refused(
        refused(|c, _| c.akt_take_rate_pct = 200),
        param("akt_take_rate_pct"),
        &["`akt_take_rate_pct` is 200"],
    );
    assert_refused(
        refused(|c, _| c.mint_spread_bps = 10_001),
        param("mint_spread_bps"),
        &["`mint_spread_bps` is 10001"],
    );
    assert_refused(refused(|c, _| c.settle_spread_bps = 20_000), param("settle_spread_bps"), &["`settle_spread_bps`"]);
    let (mut c, g) = valid();
    (c.take_rate_pct, c.mint_spread_bps) = (100, 10_000);
    assert!(Akash::check(&c, &g).is_ok(), "the bounds are allowed");
}

#[test]
fn the_akt_price_path_needs_points_above_zero_in_time_order() {
    let p = |h, usd| PricePoint { at: SimDuration::from_hours(h), usd };
    assert_refused(refused(|c, _| c.akt_price = vec![]), param("akt_price"), &["`akt_price` has no point"]);
    assert_refused(
        refused(|c, _| c.akt_price = vec![p(0, 0.6), p(10, 0.0)]),
        param("akt_price.1.usd"),
        &["`akt_price.1.usd` is 0", "USD per AKT"],
    );
    assert_refused(refused(|c, _| c.akt_price = vec![p(0, f64::NAN)]), param("akt_price.0.usd"), &["is NaN"]);
    assert_refused(
        refused(|c, _| c.akt_price = vec![p(10, 0.6), p(10, 0.5)]),
        param("akt_price.1.at"),
        &["`akt_price.1.at` is 10h, not after", "increasing"],
    );
}

#[test]
fn durations_counts_and_covers_are_usable() {
    assert_refused(refused(|c, _| c.block_time = SimDuration::ZERO), param("block_time"), &["`block_time` is 0s"]);
    assert_refused(
        refused(|c, _| c.withdraw_every = SimDuration::ZERO),
        param("withdraw_every"),
        &["`withdraw_every`"],
    );
    assert_refused(refused(|c, _| c.max_bids = 0), param("max_bids"), &["`max_bids` is 0"]);
    assert_refused(refused(|c, _| c.deposit_cover = 0.0), param("deposit_cover"), &["`deposit_cover` is 0"]);
    assert_refused(refused(|c, _| c.underfunded_cover = f64::NAN), param("underfunded_cover"), &["is NaN"]);
    assert_refused(refused(|c, _| c.usd_per_kwh = -0.1), param("usd_per_kwh"), &["`usd_per_kwh` is -0.1"]);
    assert_refused(refused(|c, _| c.usd_per_kwh = f64::INFINITY), param("usd_per_kwh"), &["is inf"]);
}

#[test]
fn bid_strategies_are_checked_where_written() {
    let cost_plus = |margin, utilisation| BidStrategy::CostPlus { margin, utilisation };
    assert_refused(refused(|c, _| c.bid = cost_plus(-1.0, 0.5)), param("bid.margin"), &["`bid.margin` is -1"]);
    assert_refused(refused(|c, _| c.bid = cost_plus(0.3, 0.0)), param("bid.utilisation"), &["`bid.utilisation` is 0"]);
    assert_refused(refused(|c, _| c.bid = cost_plus(0.3, 1.5)), param("bid.utilisation"), &["above 0 and at most 1"]);
    assert_refused(
        refused(|c, _| c.bid = BidStrategy::Fixed { usd_per_gpu_hour: f64::NAN }),
        param("bid.usd_per_gpu_hour"),
        &["`bid.usd_per_gpu_hour` is NaN"],
    );
    assert_refused(
        refused(|c, _| _ = c.bids.insert("dc".into(), cost_plus(f64::INFINITY, 0.5))),
        param("bids.dc.margin"),
        &["`bids.dc.margin` is inf"],
    );
}

#[test]
fn workloads_are_checked_by_index_and_named_in_the_message() {
    assert_refused(refused(|c, _| c.workloads.clear()), param("workloads"), &["no workload"]);
    assert_refused(
        refused(|c, _| c.workloads[1].arrivals_per_hour = 0.0),
        param("workloads.1.arrivals_per_hour"),
        &["workload `training`: `arrivals_per_hour` is 0"],
    );
    assert_refused(
        refused(|c, _| c.workloads[0].mean_duration = SimDuration::ZERO),
        param("workloads.0.mean_duration"),
        &["workload `inference`: `mean_duration` is 0s"],
    );
    assert_refused(refused(|c, _| c.workloads[0].gpus = 0), param("workloads.0.gpus"), &["`gpus` is 0"]);
    assert_refused(
        refused(|c, _| c.workloads[0].max_usd_per_gpu_hour = -1.0),
        param("workloads.0.max_usd_per_gpu_hour"),
        &["`max_usd_per_gpu_hour` is -1"],
    );
    assert_refused(
        refused(|c, _| c.workloads[1].underfunded_share = 1.5),
        param("workloads.1.underfunded_share"),
        &["`underfunded_share` is 1.5", "between 0 and 1"],
    );
    assert_refused(
        refused(|c, _| c.workloads[0].requires = vec!["tier=dc".into(), "gpu".into()]),
        param("workloads.0.requires.1"),
        &["`workloads.0.requires.1` is \"gpu\", which is not key=value"],
    );
}

#[test]
fn attributes_are_key_value_and_maps_by_group_name_real_groups() {
    assert_refused(
        refused(|c, _| _ = c.attributes.insert("dc".into(), vec!["tier".into()])),
        param("attributes.dc.0"),
        &["not key=value"],
    );
    assert_refused(
        refused(|c, _| _ = c.attributes.insert("home".into(), vec!["tier=home".into()])),
        param("attributes.home"),
        &["`attributes` names node group `home`", "groups: dc, aws"],
    );
    assert_refused(
        refused(|c, _| _ = c.bids.insert("dcs".into(), BidStrategy::Fixed { usd_per_gpu_hour: 1.0 })),
        param("bids.dcs"),
        &["`bids` names node group `dcs`"],
    );
}

#[test]
fn interruption_rates_and_cloud_prices_are_finite_and_not_negative() {
    assert_refused(
        refused(|c, _| c.default_gpu_interruptions_per_gpu_day = -1e-4),
        param("default_gpu_interruptions_per_gpu_day"),
        &["`default_gpu_interruptions_per_gpu_day` is -0.0001"],
    );
    assert_refused(
        refused(|c, _| _ = c.gpu_interruptions_per_gpu_day.insert("H100".into(), f64::NAN)),
        param("gpu_interruptions_per_gpu_day.H100"),
        &["is NaN"],
    );
    assert_refused(
        refused(|c, _| _ = c.cloud_prices.insert("H100".into(), CloudPrice { on_demand: -1.0, capacity_block: 1.0 })),
        param("cloud_prices.H100.on_demand"),
        &["`on_demand` in `cloud_prices.H100` is -1"],
    );
}

#[test]
fn groups_need_gpus_and_a_provider() {
    assert_refused(
        refused(|_, g| g[1] = group("aws", "cloud", 0, 1)),
        Located::Group("aws".into()),
        &["group `aws`: profile `test` has no GPUs"],
    );
    // A group of no nodes places nothing: its profile is not asked for GPUs.
    let (c, mut g) = valid();
    g[1] = group("aws", "cloud", 0, 0);
    assert!(Akash::check(&c, &g).is_ok());
    assert_refused(refused(|_, g| g[0].count = 0), Located::Network, &["at least one node of role `provider`"]);
    assert_refused(refused(|_, g| g[0].role = "miner".into()), Located::Group("dc".into()), &["role `miner`"]);
}

#[test]
fn every_workload_must_fit_some_provider_and_find_its_attributes() {
    assert_refused(
        refused(|c, _| c.workloads[1].gpus = 16),
        param("workloads.1"),
        &["workload `training` needs 16 GPUs", "more than any `provider` group has", "`dc` 8 x H100"],
    );
    assert_refused(
        refused(|c, _| c.workloads[0].gpu_model = Some("A100".into())),
        param("workloads.0"),
        &["needs 1 GPUs `A100`"],
    );
    assert_refused(
        refused(|c, _| c.workloads[0].memory = Some(ByteSize(1 << 40))),
        param("workloads.0"),
        &["1TiB memory"],
    );
    // The cloud group has room for it, but only providers serve the auction.
    assert_refused(
        refused(|c, g| {
            g[1] = group("aws", "cloud", 32, 1);
            c.workloads[0].gpus = 32;
        }),
        param("workloads.0"),
        &["needs 32 GPUs"],
    );
    assert_refused(
        refused(|c, _| c.workloads[0].requires = vec!["tier=datacenter".into()]),
        param("workloads.0.requires"),
        &["workload `inference` requires tier=datacenter, which no `provider` group with room for it has", "`dc` []"],
    );
    let (mut c, g) = valid();
    c.workloads[0].requires = vec!["tier=datacenter".into()];
    c.attributes.insert("dc".into(), vec!["tier=datacenter".into(), "region=eu".into()]);
    assert!(Akash::check(&c, &g).is_ok());
}

#[test]
fn new_refuses_what_check_refuses() {
    let (mut c, _) = valid();
    c.max_bids = 0;
    let g = group("dc", "provider", 8, 1);
    let nodes = testing::table(vec![("dc", "provider", g.profile.clone(), 1)], |_| Place::default());
    let mut script = Script::<Akash>::new(1, 1);
    let e = Akash::new(c, &nodes, script.rng()).err().expect("refused");
    assert_eq!(e.at, param("max_bids"));
}

#[test]
fn the_shipped_scenarios_pass_the_checks() {
    for net in common::networks("akash") {
        let config: AkashConfig = net.params.clone().try_into().unwrap_or_else(|e| panic!("{}: {e}", net.file));
        Akash::check(&config, &net.groups).unwrap_or_else(|e| panic!("{}: {:?} {e}", net.file, e.at));
    }
}
