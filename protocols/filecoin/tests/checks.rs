//! Every configuration check: it refuses the value with the key path the scenario loader turns
//! into a file position, and a message naming the key; `new` refuses the same configurations.

use depinsim_core::config::Located;
use depinsim_core::node::{GroupInfo, NodeTable};
use depinsim_core::profile::HardwareProfile;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::units::ByteSize;
use depinsim_core::{ConfigError, Protocol, SimDuration};
use depinsim_filecoin::Filecoin;
use depinsim_filecoin::check::{MAX_START_EPOCH, max_sectors_per_sp};
use depinsim_filecoin::config::{FilecoinConfig, PowerPoint, PricePoint, Spread};
use std::sync::Arc;

/// A config that builds quickly: few sectors, a start after genesis.
fn config() -> FilecoinConfig {
    FilecoinConfig {
        initial_sectors_per_sp: 4,
        objects: 10,
        replicas: 2,
        start_epoch: 100,
        background_raw_pib: 1.0,
        background_qa_pib: 1.0,
        ..FilecoinConfig::default()
    }
}

fn storing(bytes: u64) -> Arc<HardwareProfile> {
    let mut p = (*test_profile()).clone();
    p.name = "small-disk".into();
    p.capacity.storage = Some(ByteSize(bytes));
    Arc::new(p)
}

/// Groups `(name, role, profile, count)`, each SP its own site and provider.
type Groups = Vec<(&'static str, &'static str, Arc<HardwareProfile>, u32)>;

fn sps(n: u32) -> Groups {
    vec![("sps", "sp", test_profile(), n)]
}

fn table(groups: Groups) -> NodeTable {
    testing::table(groups, |i| Place { site: Some(100 + i), provider: 1 + i, operator: i, ..Place::default() })
}

fn infos(groups: &Groups) -> Vec<GroupInfo> {
    table(groups.clone()).groups
}

/// `check` and `new` both refuse `cfg` over `groups`, at `at`, with a message naming `key`.
fn refused(cfg: FilecoinConfig, groups: Groups, at: Located, key: &str) -> ConfigError {
    let e = Filecoin::check(&cfg, &infos(&groups)).expect_err("check must refuse it");
    assert_eq!(e.at, at, "{e}");
    assert!(e.message.contains(key) && e.message.contains('`'), "the message names `{key}`: {e}");
    assert!(e.help.is_some(), "says what is allowed: {e}");
    let nodes = table(groups);
    match Filecoin::new(cfg, &nodes, Script::<Filecoin>::new(nodes.len(), 1).rng()) {
        Err(built) => assert_eq!(built, e, "new refuses it the same way"),
        Ok(_) => panic!("new accepted what check refused"),
    }
    e
}

/// A parameter check over three SPs: the path is `path`, the key its last segment.
fn bad(cfg: FilecoinConfig, path: &str) -> ConfigError {
    let key = path.rsplit('.').next().unwrap();
    refused(cfg, sps(3), Located::Param(path.into()), key)
}

fn passes(cfg: FilecoinConfig) {
    Filecoin::check(&cfg, &infos(&sps(3))).expect("check passes");
}

#[test]
fn the_base_configuration_builds() {
    passes(config());
    assert!(Filecoin::new(config(), &table(sps(3)), Script::<Filecoin>::new(3, 1).rng()).is_ok());
}

#[test]
fn sectors_are_32_or_64_gib_and_fit_the_deadlines() {
    let e = bad(FilecoinConfig { sector_size: ByteSize(16 << 30), ..config() }, "sector_size");
    assert_eq!(e.message, "`sector_size` is 16GiB");
    bad(FilecoinConfig { verified_share: f64::NAN, ..config() }, "verified_share");
    bad(FilecoinConfig { verified_share: 1.5, ..config() }, "verified_share");
    let most = max_sectors_per_sp(32 << 30);
    assert_eq!(most, 48 * 3000 * 2349);
    let e = bad(FilecoinConfig { initial_sectors_per_sp: most as u32 + 1, ..config() }, "initial_sectors_per_sp");
    assert!(e.help.unwrap().contains(&most.to_string()));
    bad(FilecoinConfig { onboard_sectors_per_day: f64::NAN, ..config() }, "onboard_sectors_per_day");
    bad(FilecoinConfig { onboard_sectors_per_day: -1.0, ..config() }, "onboard_sectors_per_day");
}

#[test]
fn durations_follow_the_chain_and_the_profitability_period_is_a_day_or_more() {
    bad(FilecoinConfig { sector_lifetime: SimDuration::from_days(179), ..config() }, "sector_lifetime");
    bad(FilecoinConfig { sector_lifetime: SimDuration::from_days(5 * 365 + 1), ..config() }, "sector_lifetime");
    let e =
        bad(FilecoinConfig { prove_commit_delay: SimDuration::from_secs(75 * 60), ..config() }, "prove_commit_delay");
    assert!(e.help.unwrap().contains("(1h15m)"));
    bad(FilecoinConfig { prove_commit_delay: SimDuration::from_days(31), ..config() }, "prove_commit_delay");
    passes(FilecoinConfig { prove_commit_delay: SimDuration::from_days(30), ..config() });
    let e = bad(FilecoinConfig { exit_after: SimDuration::from_hours(1), ..config() }, "exit_after");
    assert_eq!(e.message, "`exit_after` is 1h");
    passes(FilecoinConfig { exit_after: SimDuration::ZERO, ..config() });
}

#[test]
fn chain_figures_stay_where_the_reward_actor_can_compute() {
    bad(FilecoinConfig { start_epoch: -1, ..config() }, "start_epoch");
    bad(FilecoinConfig { start_epoch: MAX_START_EPOCH + 1, ..config() }, "start_epoch");
    bad(FilecoinConfig { pledge_ramp_start_epoch: i64::MIN, ..config() }, "pledge_ramp_start_epoch");
    bad(FilecoinConfig { background_raw_pib: f64::NAN, ..config() }, "background_raw_pib");
    bad(FilecoinConfig { background_raw_pib: 2e6, background_qa_pib: 2e6, ..config() }, "background_raw_pib");
    bad(FilecoinConfig { background_qa_pib: f64::INFINITY, ..config() }, "background_qa_pib");
    let e = bad(FilecoinConfig { background_qa_pib: 0.5, ..config() }, "background_qa_pib");
    assert!(e.message.contains("below `background_raw_pib` (1)"), "{e}");
    bad(FilecoinConfig { circulating_supply_fil: f64::NAN, ..config() }, "circulating_supply_fil");
    bad(FilecoinConfig { circulating_supply_fil: 3e9, ..config() }, "circulating_supply_fil");
    bad(FilecoinConfig { power_usd_per_kwh: -0.1, ..config() }, "power_usd_per_kwh");
}

#[test]
fn power_history_errors_point_at_the_point() {
    let p = |epoch: i64, raw_pib: f64| PowerPoint { epoch, raw_pib };
    bad(FilecoinConfig { power_history: vec![p(-1, 1.0)], ..config() }, "power_history.0.epoch");
    let e = bad(FilecoinConfig { power_history: vec![p(10, 1.0), p(10, 2.0)], ..config() }, "power_history.1.epoch");
    assert!(e.message.contains("not after point 0 (10)"), "{e}");
    let e =
        bad(FilecoinConfig { power_history: vec![p(10, 1.0), p(20, f64::NAN)], ..config() }, "power_history.1.raw_pib");
    assert_eq!(e.message, "`raw_pib` of point 1 of `power_history` is NaN");
}

#[test]
fn price_errors_point_at_the_point() {
    let p = |days: u64, usd: f64| PricePoint { at: SimDuration::from_days(days), usd };
    bad(FilecoinConfig { fil_price: vec![], ..config() }, "fil_price");
    let e = bad(FilecoinConfig { fil_price: vec![p(0, 1.0), p(1, f64::INFINITY)], ..config() }, "fil_price.1.usd");
    assert_eq!(e.to_string(), "`usd` of point 1 of `fil_price` is inf (a finite price in USD, 0 or more)");
    bad(FilecoinConfig { fil_price: vec![p(3, 1.0), p(2, 1.0)], ..config() }, "fil_price.1.at");
}

#[test]
fn objects_need_copies_on_distinct_sps_with_initial_sectors() {
    bad(FilecoinConfig { replicas: 0, ..config() }, "replicas");
    let e = bad(FilecoinConfig { replicas: 4, ..config() }, "replicas");
    assert!(e.message.contains("the network has 3 SPs"), "{e}");
    let e = bad(FilecoinConfig { initial_sectors_per_sp: 0, ..config() }, "initial_sectors_per_sp");
    assert!(e.message.contains("initial sectors"), "{e}");
    // Without objects, neither matters.
    passes(FilecoinConfig { replicas: 4, objects: 0, ..config() });
    passes(FilecoinConfig { initial_sectors_per_sp: 0, objects: 0, ..config() });
}

#[test]
fn groups_are_sps_there_are_some_and_each_holds_a_sector() {
    let mut g = sps(3);
    g.push(("gw", "gateway", test_profile(), 1));
    refused(config(), g, Located::Group("gw".into()), "gw");
    let e = refused(config(), sps(0), Located::Network, "sp");
    assert!(e.message.contains("no node of role `sp`"), "{e}");
    let mut g = sps(3);
    g.push(("tiny", "sp", storing(10 << 30), 2));
    let e = refused(config(), g.clone(), Located::Group("tiny".into()), "tiny");
    assert_eq!(e.message, "group `tiny`'s profile `small-disk` stores 10.0 GiB, less than one 32GiB sector");
    // A sector limit of its own overrides the disk.
    Filecoin::check(&FilecoinConfig { max_sectors_per_sp: 4, ..config() }, &infos(&g)).expect("passes");
}

/// Placement decides how many sites or providers the SPs stand in: `new` refuses too few, at
/// `replicas`, for a configuration `check` accepts.
#[test]
fn too_few_sites_for_the_replicas_are_refused_at_build() {
    let cfg = FilecoinConfig { spread: Spread::Sites, ..config() };
    let nodes = testing::table(sps(3), |i| Place { site: Some(7), provider: 1, operator: i, ..Place::default() });
    assert!(Filecoin::check(&cfg, &nodes.groups).is_ok());
    let e = Filecoin::new(cfg, &nodes, Script::<Filecoin>::new(3, 1).rng()).err().expect("refused");
    assert_eq!(e.at, Located::Param("replicas".into()));
    assert!(e.message.contains("only 1 distinct sites"), "{e}");
    assert!(e.help.unwrap().contains("`spread = \"sites\"`"));
}
