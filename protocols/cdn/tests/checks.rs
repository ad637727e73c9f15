//! The CDN's configuration checks: each refuses its value at the key the user wrote, and the
//! shipped scenarios pass.

mod shipped;

use depinsim_cdn::{Cdn, CdnConfig};
use depinsim_core::config::{ConfigError, Located};
use depinsim_core::node::GroupInfo;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Protocol, SimDuration};

fn pops(count: u32) -> Vec<GroupInfo> {
    vec![GroupInfo { name: "pops".into(), role: "pop".into(), profile: test_profile(), count, traffic_weight: 1.0 }]
}

fn refused(config: CdnConfig, groups: &[GroupInfo]) -> ConfigError {
    Cdn::check(&config, groups).expect_err("refused")
}

fn param(e: &ConfigError) -> &str {
    match &e.at {
        Located::Param(p) => p,
        other => panic!("{e}: located at {other:?}"),
    }
}

#[test]
fn traffic_values_are_refused_under_the_traffic_key() {
    let d = CdnConfig::default();
    for (config, path) in [
        (
            CdnConfig {
                traffic: depinsim_core::traffic::TrafficConfig { tick: SimDuration::ZERO, ..d.traffic.clone() },
                ..d.clone()
            },
            "traffic.tick",
        ),
        (
            CdnConfig {
                traffic: depinsim_core::traffic::TrafficConfig { sampled_per_tick: 0, ..d.traffic.clone() },
                ..d.clone()
            },
            "traffic.sampled_per_tick",
        ),
        (
            CdnConfig {
                traffic: depinsim_core::traffic::TrafficConfig { requests_per_second: f64::NAN, ..d.traffic.clone() },
                ..d.clone()
            },
            "traffic.requests_per_second",
        ),
    ] {
        let e = refused(config, &pops(3));
        assert_eq!(param(&e), path);
        let leaf = path.rsplit('.').next().unwrap();
        assert!(e.message.contains(&format!("`{leaf}`")), "{e}");
        assert!(e.help.is_some(), "{e}");
    }
}

#[test]
fn unbounded_anycast_retries_are_refused() {
    let ok = CdnConfig { anycast_retries: depinsim_cdn::MAX_ANYCAST_RETRIES, ..CdnConfig::default() };
    assert!(Cdn::check(&ok, &pops(3)).is_ok());
    let e = refused(CdnConfig { anycast_retries: 101, ..CdnConfig::default() }, &pops(3));
    assert_eq!(param(&e), "anycast_retries");
    assert_eq!(e.to_string(), "`anycast_retries` is 101 (from 0 to 100 retries after the first PoP tried)");
}

#[test]
fn a_cdn_without_pops_is_refused() {
    let e = refused(CdnConfig::default(), &[]);
    assert_eq!(e.at, Located::Network);
    assert!(e.to_string().contains("role `pop`"), "{e}");
    let e = refused(CdnConfig::default(), &pops(0));
    assert_eq!(e.at, Located::Group("pops".into()));
    assert!(e.message.contains("`count` 0"), "{e}");
    let mut other = pops(3);
    other[0].role = "gateway".into();
    assert_eq!(refused(CdnConfig::default(), &other).at, Located::Group("pops".into()));
}

#[test]
fn new_refuses_what_check_refuses() {
    let nodes = testing::table(vec![("pops", "pop", test_profile(), 0)], |_| Place::default());
    let mut script = Script::<Cdn>::new(0, 1);
    let e = Cdn::new(CdnConfig::default(), &nodes, script.rng()).err().expect("refused");
    assert_eq!(e.at, Located::Group("pops".into()));
}

#[test]
fn shipped_scenarios_pass() {
    let networks = shipped::networks("cdn");
    assert!(!networks.is_empty());
    for n in &networks {
        let config: CdnConfig = n.config();
        Cdn::check(&config, &n.groups).unwrap_or_else(|e| panic!("{} / {}: {e}", n.scenario, n.name));
    }
}

#[test]
fn overrides_of_the_cloudflare_study_are_refused_at_their_key() {
    let cdn = shipped::network("cdn", "cloudflare-2025-11-18", "cdn");
    for (path, value, fragment) in [
        ("traffic.tick", toml::Value::String("0s".into()), "`tick` is 0s"),
        ("traffic.sampled_per_tick", toml::Value::Integer(0), "`sampled_per_tick` is 0"),
        ("traffic.requests_per_second", toml::Value::Float(f64::NAN), "`requests_per_second` is NaN"),
        ("traffic.requests_per_second", toml::Value::Float(0.0), "`requests_per_second` is 0"),
        ("anycast_retries", toml::Value::Integer(1000), "`anycast_retries` is 1000"),
    ] {
        let e = refused(cdn.with(path, value), &cdn.groups);
        assert_eq!(param(&e), path);
        assert!(e.to_string().contains(fragment), "{path}: {e}");
    }
    let mut no_pops = cdn.groups.clone();
    no_pops[0].count = 0;
    assert_eq!(refused(cdn.config(), &no_pops).at, Located::Group("pops".into()));
}
