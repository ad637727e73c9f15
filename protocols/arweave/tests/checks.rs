//! Arweave's configuration checks: each refuses its value at the key the user wrote, with what
//! is allowed, and the shipped scenarios pass.

mod shipped;

use depinsim_arweave::{Arweave, ArweaveConfig, UploadPhase};
use depinsim_core::config::{ConfigError, Located};
use depinsim_core::node::GroupInfo;
use depinsim_core::protocol::testing::test_profile;
use depinsim_core::units::ByteSize;
use depinsim_core::{Protocol, SimDuration};
use toml::Value;

fn group(name: &str, count: u32) -> GroupInfo {
    GroupInfo { name: name.into(), role: "miner".into(), profile: test_profile(), count, traffic_weight: 1.0 }
}

fn refused(config: ArweaveConfig) -> ConfigError {
    Arweave::check(&config, &[group("miners", 10)]).expect_err("refused")
}

fn param(e: &ConfigError) -> &str {
    match &e.at {
        Located::Param(p) => p,
        other => panic!("{e}: located at {other:?}"),
    }
}

fn phase(years: u64, growth: f64) -> UploadPhase {
    UploadPhase { until: SimDuration::from_days(365 * years), per_day: ByteSize(1 << 30), growth_per_year: growth }
}

#[test]
fn each_bad_value_is_refused_at_its_key() {
    let d = ArweaveConfig::default;
    let nan = f64::NAN;
    let cases = [
        (ArweaveConfig { storage_cost_decline_per_year: 0.5, ..d() }, "storage_cost_decline_per_year"),
        (ArweaveConfig { storage_cost_decline_per_year: nan, ..d() }, "storage_cost_decline_per_year"),
        (ArweaveConfig { price_per_gib_minute: 0, ..d() }, "price_per_gib_minute"),
        (ArweaveConfig { endowment_ar: nan, ..d() }, "endowment_ar"),
        (ArweaveConfig { endowment_ar: -1.0, ..d() }, "endowment_ar"),
        (ArweaveConfig { ar_usd: f64::INFINITY, ..d() }, "ar_usd"),
        (ArweaveConfig { tx_size: ByteSize(0), ..d() }, "tx_size"),
        (ArweaveConfig { batch_blocks: 0, ..d() }, "batch_blocks"),
        (ArweaveConfig { batch_blocks: 7_201, ..d() }, "batch_blocks"),
        (ArweaveConfig { replicas: 0, ..d() }, "replicas"),
        (ArweaveConfig { replicas: 11, ..d() }, "replicas"),
        (ArweaveConfig { uploads: vec![phase(1, 0.0), phase(2, -1.0)], ..d() }, "uploads.1.growth_per_year"),
        (ArweaveConfig { uploads: vec![phase(1, nan)], ..d() }, "uploads.0.growth_per_year"),
        (ArweaveConfig { uploads: vec![phase(1, 11.0)], ..d() }, "uploads.0.growth_per_year"),
        (ArweaveConfig { uploads: vec![phase(2, 0.0), phase(2, 0.0)], ..d() }, "uploads.1.until"),
    ];
    for (config, path) in cases {
        let e = refused(config);
        assert_eq!(param(&e), path);
        let leaf = path.rsplit('.').next().unwrap();
        assert!(e.message.contains(&format!("`{leaf}`")), "{path}: {e}");
        assert!(e.help.is_some(), "{e}");
    }
}

#[test]
fn the_edges_of_what_is_allowed_pass() {
    let d = ArweaveConfig::default;
    for ok in [
        ArweaveConfig { storage_cost_decline_per_year: -0.5, ..d() },
        ArweaveConfig { endowment_ar: 0.0, ar_usd: 0.0, ..d() },
        ArweaveConfig { batch_blocks: 1, replicas: 10, ..d() },
        ArweaveConfig { batch_blocks: 7_200, ..d() },
        ArweaveConfig { uploads: vec![], ..d() },
        ArweaveConfig { uploads: vec![phase(1, -0.99), phase(2, 10.0)], ..d() },
    ] {
        assert!(Arweave::check(&ok, &[group("miners", 10)]).is_ok(), "{ok:?}");
    }
}

#[test]
fn miners_must_exist_and_outnumber_the_copies() {
    let config = ArweaveConfig::default();
    let e = Arweave::check(&config, &[]).unwrap_err();
    assert_eq!(e.at, Located::Network);
    assert!(e.to_string().contains("`miner`"), "{e}");
    assert_eq!(Arweave::check(&config, &[group("miners", 0)]).unwrap_err().at, Located::Network);
    // Two groups count together: 3 + 2 miners hold 5 copies.
    assert!(Arweave::check(&config, &[group("a", 3), group("b", 2)]).is_ok());
    let e = Arweave::check(&config, &[group("a", 3), group("b", 1)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`replicas` is 5 but the network has only 4 miners (at most 4: each copy of a partition goes to a distinct miner)"
    );
    let mut other = vec![group("a", 5)];
    other[0].role = "storage".into();
    assert_eq!(Arweave::check(&config, &other).unwrap_err().at, Located::Group("a".into()));
}

#[test]
fn shipped_scenarios_pass() {
    let networks = shipped::networks("arweave");
    assert!(networks.len() >= 6, "{}", networks.len());
    for n in &networks {
        let config: ArweaveConfig = n.config();
        Arweave::check(&config, &n.groups).unwrap_or_else(|e| panic!("{} / {}: {e}", n.scenario, n.name));
    }
}

#[test]
fn overrides_of_the_endowment_study_are_refused_at_their_key() {
    let net = shipped::network("arweave", "arweave-endowment-stress", "flat");
    for (path, value, fragment) in [
        ("storage_cost_decline_per_year", Value::Float(0.6), "`storage_cost_decline_per_year` is 0.6"),
        ("storage_cost_decline_per_year", Value::Float(f64::NAN), "`storage_cost_decline_per_year` is NaN"),
        ("price_per_gib_minute", Value::Integer(0), "`price_per_gib_minute` is 0"),
        ("endowment_ar", Value::Float(f64::NAN), "`endowment_ar` is NaN"),
        ("ar_usd", Value::Float(-2.0), "`ar_usd` is -2"),
        ("tx_size", Value::String("0B".into()), "`tx_size` is 0B"),
        ("batch_blocks", Value::Integer(0), "`batch_blocks` is 0"),
        ("replicas", Value::Integer(0), "`replicas` is 0"),
        ("replicas", Value::Integer(41), "`replicas` is 41 but the network has only 40 miners"),
        ("uploads.0.growth_per_year", Value::Float(f64::NAN), "`growth_per_year` of upload phase 0 is NaN"),
        ("uploads.1.growth_per_year", Value::Float(-1.0), "`growth_per_year` of upload phase 1 is -1"),
        ("uploads.1.until", Value::String("10y".into()), "`until` of upload phase 1 is 3650d, not after 5475d"),
    ] {
        let e = refused_with(&net, path, value);
        assert_eq!(param(&e), path, "{e}");
        assert!(e.to_string().contains(fragment), "{path}: {e}");
    }
}

fn refused_with(net: &shipped::Network, path: &str, value: Value) -> ConfigError {
    Arweave::check(&net.with(path, value), &net.groups).expect_err("refused")
}
