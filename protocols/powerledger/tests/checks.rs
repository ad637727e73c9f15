//! The Powerledger community's configuration checks: each refuses its value at the key the
//! user wrote, with what is allowed, and the shipped scenarios pass.

mod shipped;

use depinsim_core::config::{ConfigError, Located};
use depinsim_core::node::GroupInfo;
use depinsim_core::protocol::testing::test_profile;
use depinsim_core::{Protocol, SimDuration};
use depinsim_powerledger::energy::SolarDay;
use depinsim_powerledger::{Powerledger, PowerledgerConfig};
use toml::Value;

fn homes() -> Vec<GroupInfo> {
    vec![GroupInfo {
        name: "homes".into(),
        role: "household".into(),
        profile: test_profile(),
        count: 10,
        traffic_weight: 1.0,
    }]
}

fn refused(config: PowerledgerConfig) -> ConfigError {
    Powerledger::check(&config, &homes()).expect_err("refused")
}

fn param(e: &ConfigError) -> &str {
    match &e.at {
        Located::Param(p) => p,
        other => panic!("{e}: located at {other:?}"),
    }
}

#[test]
fn each_bad_value_is_refused_at_its_key() {
    let d = PowerledgerConfig::default;
    let sun = SolarDay::default;
    let nan = f64::NAN;
    let cases = [
        (PowerledgerConfig { solar: SolarDay { daily_kwh_per_kwp: 13.0, ..sun() }, ..d() }, "solar.daily_kwh_per_kwp"),
        (PowerledgerConfig { solar: SolarDay { day_length_h: 0.0, ..sun() }, ..d() }, "solar.day_length_h"),
        (PowerledgerConfig { solar: SolarDay { solar_noon_utc_h: nan, ..sun() }, ..d() }, "solar.solar_noon_utc_h"),
        (PowerledgerConfig { pv_share: 1.5, ..d() }, "pv_share"),
        (PowerledgerConfig { pv_share: nan, ..d() }, "pv_share"),
        (PowerledgerConfig { battery_share: -0.1, ..d() }, "battery_share"),
        (PowerledgerConfig { battery_share: 0.7, ..d() }, "battery_share"),
        (PowerledgerConfig { initial_soc: nan, ..d() }, "initial_soc"),
        (PowerledgerConfig { battery_reserve: 2.0, ..d() }, "battery_reserve"),
        (PowerledgerConfig { load_spread: nan, ..d() }, "load_spread"),
        (PowerledgerConfig { battery_round_trip: 0.0, ..d() }, "battery_round_trip"),
        (PowerledgerConfig { battery_round_trip: nan, ..d() }, "battery_round_trip"),
        (PowerledgerConfig { interval: SimDuration::ZERO, ..d() }, "interval"),
        (PowerledgerConfig { interval: SimDuration::from_days(2), ..d() }, "interval"),
        (PowerledgerConfig { start_hour_utc: 24.0, ..d() }, "start_hour_utc"),
        (PowerledgerConfig { start_hour_utc: nan, ..d() }, "start_hour_utc"),
        (PowerledgerConfig { utc_offset_h: 15.0, ..d() }, "utc_offset_h"),
        (PowerledgerConfig { utc_offset_h: nan, ..d() }, "utc_offset_h"),
        (PowerledgerConfig { pv_kwp: [nan, 6.0], ..d() }, "pv_kwp.0"),
        (PowerledgerConfig { pv_kwp: [3.0, 2000.0], ..d() }, "pv_kwp.1"),
        (PowerledgerConfig { pv_kwp: [6.0, 3.0], ..d() }, "pv_kwp"),
        (PowerledgerConfig { battery_kwh: nan, ..d() }, "battery_kwh"),
        (PowerledgerConfig { battery_kw: -1.0, ..d() }, "battery_kw"),
        (PowerledgerConfig { daily_load_kwh: f64::INFINITY, ..d() }, "daily_load_kwh"),
        (PowerledgerConfig { export_usd_per_kwh: nan, ..d() }, "export_usd_per_kwh"),
        (PowerledgerConfig { import_usd_per_kwh: 0.01, ..d() }, "import_usd_per_kwh"),
        (PowerledgerConfig { import_usd_per_kwh: nan, ..d() }, "import_usd_per_kwh"),
        (PowerledgerConfig { island_bid_cap_usd_per_kwh: 0.01, ..d() }, "island_bid_cap_usd_per_kwh"),
    ];
    for (config, path) in cases {
        let e = refused(config);
        assert_eq!(param(&e), path);
        let leaf = path.split('.').find(|s| s.parse::<u32>().is_err() && *s != "solar").unwrap();
        assert!(e.message.contains(&format!("`{leaf}`")), "{path}: {e}");
        assert!(e.help.is_some(), "{e}");
    }
    // Daylight across midnight is about the `solar` table as a whole.
    let e = refused(PowerledgerConfig { solar: SolarDay { solar_noon_utc_h: 3.0, ..sun() }, ..d() });
    assert_eq!(param(&e), "solar");
    assert!(e.to_string().contains("midnight") && e.to_string().contains("`day_length_h`"), "{e}");
}

#[test]
fn the_edges_of_what_is_allowed_pass() {
    let d = PowerledgerConfig::default;
    for ok in [
        PowerledgerConfig { pv_share: 0.0, battery_share: 0.0, ..d() },
        PowerledgerConfig { pv_share: 1.0, battery_share: 1.0, ..d() },
        PowerledgerConfig { battery_round_trip: 1.0, ..d() },
        PowerledgerConfig { interval: SimDuration::from_days(1), ..d() },
        PowerledgerConfig { interval: SimDuration::from_secs(15 * 60), ..d() },
        PowerledgerConfig { import_usd_per_kwh: 0.05, island_bid_cap_usd_per_kwh: 0.05, ..d() },
        PowerledgerConfig { pv_kwp: [0.0, 0.0], ..d() },
    ] {
        assert!(Powerledger::check(&ok, &homes()).is_ok(), "{ok:?}");
    }
}

#[test]
fn unknown_roles_are_refused_by_group() {
    let mut groups = homes();
    groups[0].role = "miner".into();
    let e = Powerledger::check(&PowerledgerConfig::default(), &groups).unwrap_err();
    assert_eq!(e.at, Located::Group("homes".into()));
}

#[test]
fn shipped_scenarios_pass() {
    let networks = shipped::networks("powerledger");
    assert!(networks.len() >= 3, "{}", networks.len());
    for n in &networks {
        let config: PowerledgerConfig = n.config();
        Powerledger::check(&config, &n.groups).unwrap_or_else(|e| panic!("{} / {}: {e}", n.scenario, n.name));
    }
}

#[test]
fn overrides_of_the_iberian_blackout_study_are_refused_at_their_key() {
    let net = shipped::network("powerledger", "powerledger-iberian-blackout", "p2p-microgrid");
    for (path, value, fragment) in [
        ("pv_share", Value::Float(1.5), "`pv_share` is 1.5 (a share between 0 and 1)"),
        ("pv_share", Value::Float(0.3), "`battery_share` (0.4) exceeds `pv_share` (0.3)"),
        ("battery_share", Value::Float(f64::NAN), "`battery_share` is NaN"),
        ("initial_soc", Value::Float(1.2), "`initial_soc` is 1.2"),
        ("battery_reserve", Value::Float(-0.5), "`battery_reserve` is -0.5"),
        ("load_spread", Value::Float(f64::NAN), "`load_spread` is NaN"),
        ("battery_round_trip", Value::Float(0.0), "`battery_round_trip` is 0 (a share above 0 and at most 1)"),
        ("interval", Value::String("7m".into()), "`interval` is 7m, which does not divide a day"),
        ("start_hour_utc", Value::Float(24.0), "`start_hour_utc` is 24"),
        ("utc_offset_h", Value::Float(f64::NAN), "`utc_offset_h` is NaN"),
        ("pv_kwp.0", Value::Float(-1.0), "the smallest array of `pv_kwp` is -1 kWp"),
        ("pv_kwp.1", Value::Float(f64::NAN), "the largest array of `pv_kwp` is NaN kWp"),
        ("battery_kwh", Value::Float(f64::NAN), "`battery_kwh` is NaN"),
        ("battery_kw", Value::Float(-5.0), "`battery_kw` is -5"),
        ("daily_load_kwh", Value::Float(f64::INFINITY), "`daily_load_kwh` is inf"),
        ("export_usd_per_kwh", Value::Float(f64::NAN), "`export_usd_per_kwh` is NaN"),
        ("import_usd_per_kwh", Value::Float(0.01), "`import_usd_per_kwh` is 0.01, below `export_usd_per_kwh` (0.05)"),
        ("island_bid_cap_usd_per_kwh", Value::Float(f64::NAN), "`island_bid_cap_usd_per_kwh` is NaN"),
        ("solar.daily_kwh_per_kwp", Value::Float(f64::NAN), "`daily_kwh_per_kwp` is NaN"),
        ("solar.day_length_h", Value::Float(0.0), "`day_length_h` is 0"),
        ("solar.solar_noon_utc_h", Value::Float(f64::NAN), "`solar_noon_utc_h` is NaN"),
    ] {
        let expected = if path == "pv_share" && fragment.contains("exceeds") { "battery_share" } else { path };
        let e = refused(net.with(path, value));
        assert_eq!(param(&e), expected, "{e}");
        assert!(e.to_string().contains(fragment), "{path}: {e}");
    }
    let e = refused(net.with("solar.solar_noon_utc_h", Value::Float(20.0)));
    assert_eq!(param(&e), "solar");
    // The whole array set at once: the path still names the element.
    let kwp = |a: f64, b: f64| Value::Array(vec![Value::Float(a), Value::Float(b)]);
    assert_eq!(param(&refused(net.with("pv_kwp", kwp(-1.0, 6.0)))), "pv_kwp.0");
    assert_eq!(param(&refused(net.with("pv_kwp", kwp(6.0, 3.0)))), "pv_kwp");
}
