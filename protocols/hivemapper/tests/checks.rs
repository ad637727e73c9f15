//! Hivemapper's configuration checks: each refuses its value at the key the user wrote, with
//! what is allowed, and the shipped scenarios pass.

mod shipped;

use depinsim_core::config::{ConfigError, Located};
use depinsim_core::node::GroupInfo;
use depinsim_core::protocol::testing::test_profile;
use depinsim_core::{Protocol, SimDuration};
use depinsim_hivemapper::rewards::PoolStep;
use depinsim_hivemapper::{Hivemapper, HivemapperConfig};
use toml::Value;

fn dashcams() -> Vec<GroupInfo> {
    vec![GroupInfo {
        name: "dashcams".into(),
        role: "driver".into(),
        profile: test_profile(),
        count: 10,
        traffic_weight: 1.0,
    }]
}

fn refused(config: HivemapperConfig) -> ConfigError {
    Hivemapper::check(&config, &dashcams()).expect_err("refused")
}

fn param(e: &ConfigError) -> &str {
    match &e.at {
        Located::Param(p) => p,
        other => panic!("{e}: located at {other:?}"),
    }
}

#[test]
fn each_bad_value_is_refused_at_its_key() {
    let d = HivemapperConfig::default;
    let nan = f64::NAN;
    let step = |days: u64, honey: f64| PoolStep { at: SimDuration::from_days(days), honey };
    let cases = [
        (HivemapperConfig { city_lat: nan, ..d() }, "city_lat"),
        (HivemapperConfig { city_lat: 91.0, ..d() }, "city_lat"),
        (HivemapperConfig { city_lng: nan, ..d() }, "city_lng"),
        (HivemapperConfig { city_lng: -181.0, ..d() }, "city_lng"),
        (HivemapperConfig { resolution: 16, ..d() }, "resolution"),
        (HivemapperConfig { weekly_pool: vec![], ..d() }, "weekly_pool"),
        (HivemapperConfig { weekly_pool: vec![step(0, nan)], ..d() }, "weekly_pool.0.honey"),
        (HivemapperConfig { weekly_pool: vec![step(0, 1.0), step(7, -1.0)], ..d() }, "weekly_pool.1.honey"),
        (HivemapperConfig { weekly_pool: vec![step(7, 1.0), step(7, 2.0)], ..d() }, "weekly_pool.1.at"),
        (HivemapperConfig { explore_share: nan, ..d() }, "explore_share"),
        (HivemapperConfig { quality_min: 1.1, ..d() }, "quality_min"),
        (HivemapperConfig { initial_active_share: -0.1, ..d() }, "initial_active_share"),
        (HivemapperConfig { leave_per_week: nan, ..d() }, "leave_per_week"),
        (HivemapperConfig { low_reward_leave_per_week: 2.0, ..d() }, "low_reward_leave_per_week"),
        (HivemapperConfig { join_per_week: nan, ..d() }, "join_per_week"),
        (HivemapperConfig { drive_days_per_week: 8.0, ..d() }, "drive_days_per_week"),
        (HivemapperConfig { drive_days_per_week: nan, ..d() }, "drive_days_per_week"),
        (HivemapperConfig { rings: 0, ..d() }, "rings"),
        (HivemapperConfig { rings: 201, ..d() }, "rings"),
        (HivemapperConfig { replenish: SimDuration::ZERO, ..d() }, "replenish"),
        (HivemapperConfig { fresh_within: SimDuration::ZERO, ..d() }, "fresh_within"),
        (HivemapperConfig { honey_usd: nan, ..d() }, "honey_usd"),
        (HivemapperConfig { honey_usd: -0.01, ..d() }, "honey_usd"),
        (HivemapperConfig { min_weekly_usd: nan, ..d() }, "min_weekly_usd"),
        (HivemapperConfig { warmup: SimDuration::from_hours(36), ..d() }, "warmup"),
        (HivemapperConfig { warmup: SimDuration::from_days(366), ..d() }, "warmup"),
        (HivemapperConfig { trips_per_day: 21, ..d() }, "trips_per_day"),
    ];
    for (config, path) in cases {
        let e = refused(config);
        assert_eq!(param(&e), path);
        let leaf = path.rsplit('.').next().unwrap();
        assert!(e.to_string().contains(&format!("`{leaf}`")), "{path}: {e}");
        assert!(e.help.is_some(), "{e}");
    }
}

#[test]
fn the_edges_of_what_is_allowed_pass() {
    let d = HivemapperConfig::default;
    for ok in [
        HivemapperConfig { city_lat: 90.0, city_lng: -180.0, ..d() },
        HivemapperConfig { resolution: 15, rings: 1, ..d() },
        HivemapperConfig { drive_days_per_week: 7.0, trips_per_day: 20, ..d() },
        HivemapperConfig { warmup: SimDuration::from_days(365), ..d() },
        HivemapperConfig { quality_min: 1.0, honey_usd: 0.0, min_weekly_usd: 0.0, ..d() },
    ] {
        assert!(Hivemapper::check(&ok, &dashcams()).is_ok(), "{ok:?}");
    }
}

#[test]
fn unknown_roles_are_refused_by_group() {
    let mut groups = dashcams();
    groups[0].role = "household".into();
    assert_eq!(
        Hivemapper::check(&HivemapperConfig::default(), &groups).unwrap_err().at,
        Located::Group("dashcams".into())
    );
}

#[test]
fn shipped_scenarios_pass() {
    let networks = shipped::networks("hivemapper");
    assert!(networks.len() >= 2, "{}", networks.len());
    for n in &networks {
        let config: HivemapperConfig = n.config();
        Hivemapper::check(&config, &n.groups).unwrap_or_else(|e| panic!("{} / {}: {e}", n.scenario, n.name));
    }
}

#[test]
fn overrides_of_the_freshness_study_are_refused_at_their_key() {
    let net = shipped::network("hivemapper", "hivemapper-city-freshness", "halved-pool");
    for (path, value, fragment) in [
        ("city_lat", Value::Float(f64::NAN), "`city_lat` is NaN"),
        ("city_lng", Value::Float(200.0), "`city_lng` is 200"),
        ("resolution", Value::Integer(16), "`resolution` is 16"),
        ("weekly_pool.1.honey", Value::Float(f64::NAN), "`honey` of `weekly_pool` step 1 is NaN"),
        ("weekly_pool.1.at", Value::String("0d".into()), "`at` of `weekly_pool` step 1 is 0s, not after 0s"),
        ("explore_share", Value::Float(1.5), "`explore_share` is 1.5 (a share between 0 and 1)"),
        ("quality_min", Value::Float(f64::NAN), "`quality_min` is NaN"),
        ("initial_active_share", Value::Float(2.0), "`initial_active_share` is 2"),
        ("leave_per_week", Value::Float(-0.1), "`leave_per_week` is -0.1"),
        ("low_reward_leave_per_week", Value::Float(f64::NAN), "`low_reward_leave_per_week` is NaN"),
        ("join_per_week", Value::Float(1.01), "`join_per_week` is 1.01"),
        ("drive_days_per_week", Value::Float(f64::NAN), "`drive_days_per_week` is NaN"),
        ("rings", Value::Integer(0), "`rings` is 0"),
        ("replenish", Value::String("0s".into()), "`replenish` is 0s"),
        ("fresh_within", Value::String("0d".into()), "`fresh_within` is 0s"),
        ("honey_usd", Value::Float(f64::NAN), "`honey_usd` is NaN"),
        ("min_weekly_usd", Value::Float(f64::INFINITY), "`min_weekly_usd` is inf"),
        ("warmup", Value::String("36h".into()), "`warmup` is 1d12h"),
        ("trips_per_day", Value::Integer(21), "`trips_per_day` is 21"),
    ] {
        let e = refused(net.with(path, value));
        assert_eq!(param(&e), path, "{e}");
        assert!(e.to_string().contains(fragment), "{path}: {e}");
    }
    let e = refused(net.with("weekly_pool", Value::Array(vec![])));
    assert_eq!(param(&e), "weekly_pool");
}
