//! The content network's configuration checks: each refuses its value at the key the user
//! wrote, with what is allowed, and the shipped scenarios pass.

mod shipped;

use depinsim_content::{Content, ContentConfig, Spread};
use depinsim_core::config::{ConfigError, Located};
use depinsim_core::node::GroupInfo;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Protocol, SimDuration};
use toml::Value;

fn group(name: &str, role: &str, count: u32) -> GroupInfo {
    GroupInfo { name: name.into(), role: role.into(), profile: test_profile(), count, traffic_weight: 1.0 }
}

fn network() -> Vec<GroupInfo> {
    vec![group("storage", "storage", 10), group("gateways", "gateway", 2)]
}

fn refused(config: ContentConfig, groups: &[GroupInfo]) -> ConfigError {
    Content::check(&config, groups).expect_err("refused")
}

fn param(e: &ConfigError) -> &str {
    match &e.at {
        Located::Param(p) => p,
        other => panic!("{e}: located at {other:?}"),
    }
}

#[test]
fn each_bad_value_is_refused_at_its_key() {
    let d = ContentConfig::default;
    let t = || d().traffic;
    let cases = [
        (ContentConfig { objects: 0, ..d() }, "objects"),
        (ContentConfig { replicas: 0, ..d() }, "replicas"),
        (ContentConfig { gateway_share: 1.5, ..d() }, "gateway_share"),
        (ContentConfig { gateway_share: -0.1, ..d() }, "gateway_share"),
        (ContentConfig { gateway_share: f64::NAN, ..d() }, "gateway_share"),
        (ContentConfig { repair_delay: SimDuration::ZERO, ..d() }, "repair_delay"),
        (ContentConfig { reward_every: SimDuration::ZERO, ..d() }, "reward_every"),
        (ContentConfig { reward_usd_per_tb_month: f64::NAN, ..d() }, "reward_usd_per_tb_month"),
        (ContentConfig { reward_usd_per_tb_month: -1.0, ..d() }, "reward_usd_per_tb_month"),
        (ContentConfig { reward_usd_per_million_requests: f64::INFINITY, ..d() }, "reward_usd_per_million_requests"),
        (
            ContentConfig { traffic: depinsim_core::traffic::TrafficConfig { tick: SimDuration::ZERO, ..t() }, ..d() },
            "traffic.tick",
        ),
        (
            ContentConfig { traffic: depinsim_core::traffic::TrafficConfig { sampled_per_tick: 0, ..t() }, ..d() },
            "traffic.sampled_per_tick",
        ),
        (
            ContentConfig {
                traffic: depinsim_core::traffic::TrafficConfig { requests_per_second: f64::NAN, ..t() },
                ..d()
            },
            "traffic.requests_per_second",
        ),
        (ContentConfig { replicas: 11, ..d() }, "replicas"),
    ];
    for (config, path) in cases {
        let e = refused(config, &network());
        assert_eq!(param(&e), path);
        let leaf = path.rsplit('.').next().unwrap();
        assert!(e.message.contains(&format!("`{leaf}`")), "{e}");
        assert!(e.help.is_some(), "{e}");
    }
    // The edges of what is allowed pass.
    for ok in [
        ContentConfig { gateway_share: 0.0, ..d() },
        ContentConfig { gateway_share: 1.0, ..d() },
        ContentConfig { replicas: 10, ..d() },
        ContentConfig { repair_timeout: SimDuration::ZERO, ..d() },
        ContentConfig { reward_usd_per_tb_month: 0.0, ..d() },
    ] {
        assert!(Content::check(&ok, &network()).is_ok(), "{ok:?}");
    }
}

#[test]
fn the_gateway_share_message_gives_the_range() {
    let e = refused(ContentConfig { gateway_share: 1.5, ..ContentConfig::default() }, &network());
    assert_eq!(e.to_string(), "`gateway_share` is 1.5 (a share between 0 and 1)");
}

#[test]
fn replicas_beyond_the_storage_nodes_are_refused_with_their_number() {
    let e = refused(ContentConfig { replicas: 11, ..ContentConfig::default() }, &network());
    assert_eq!(
        e.to_string(),
        "`replicas` is 11 but the network has only 10 storage nodes (at most 10: each replica of an object goes to a distinct node)"
    );
}

#[test]
fn a_network_without_storage_or_with_unknown_roles_is_refused() {
    let e = refused(ContentConfig::default(), &[group("gateways", "gateway", 3)]);
    assert_eq!(e.at, Located::Network);
    assert!(e.to_string().contains("storage"), "{e}");
    let e = refused(ContentConfig::default(), &[group("storage", "storage", 0)]);
    assert_eq!(e.at, Located::Network);
    let e = refused(ContentConfig::default(), &[group("storage", "storage", 5), group("pops", "pop", 1)]);
    assert_eq!(e.at, Located::Group("pops".into()));
}

#[test]
fn too_few_failure_domains_are_refused_at_placement_at_replicas() {
    // Ten storage nodes on two sites: three replicas on distinct sites cannot fit. `check`
    // cannot know the sites; `new` refuses with the same kind of error.
    let nodes = testing::table(vec![("storage", "storage", test_profile(), 10)], |i| Place {
        site: Some(10 + i % 2),
        operator: i,
        ..Place::default()
    });
    let config = ContentConfig { spread: Spread::Sites, objects: 10, ..ContentConfig::default() };
    assert!(Content::check(&config, &nodes.groups).is_ok());
    let mut script = Script::<Content>::new(10, 1);
    let e = Content::new(config, &nodes, script.rng()).err().expect("refused");
    assert_eq!(param(&e), "replicas");
    assert_eq!(
        e.to_string(),
        "`replicas` is 3 but the storage nodes span only 2 distinct sites (at most 2 with `spread = \"sites\"`, or a spread over smaller failure domains)"
    );
}

#[test]
fn new_refuses_what_check_refuses() {
    let nodes =
        testing::table(vec![("storage", "storage", test_profile(), 4)], |i| Place { operator: i, ..Place::default() });
    let mut script = Script::<Content>::new(4, 1);
    let e = Content::new(ContentConfig { gateway_share: 2.0, ..ContentConfig::default() }, &nodes, script.rng());
    assert_eq!(param(&e.err().expect("refused")), "gateway_share");
}

#[test]
fn shipped_scenarios_pass() {
    let networks = shipped::networks("content");
    assert!(networks.len() >= 3, "{}", networks.len());
    for n in &networks {
        let config: ContentConfig = n.config();
        Content::check(&config, &n.groups).unwrap_or_else(|e| panic!("{} / {}: {e}", n.scenario, n.name));
    }
}

#[test]
fn overrides_of_the_cloudflare_study_are_refused_at_their_key() {
    let content = shipped::network("content", "cloudflare-2025-11-18", "content");
    for (path, value, fragment) in [
        ("gateway_share", Value::Float(1.5), "`gateway_share` is 1.5 (a share between 0 and 1)"),
        ("gateway_share", Value::Float(f64::NAN), "`gateway_share` is NaN"),
        ("replicas", Value::Integer(0), "`replicas` is 0"),
        ("objects", Value::Integer(0), "`objects` is 0"),
        ("repair_delay", Value::String("0s".into()), "`repair_delay` is 0s"),
        ("reward_every", Value::String("0s".into()), "`reward_every` is 0s"),
        ("reward_usd_per_tb_month", Value::Float(f64::NAN), "`reward_usd_per_tb_month` is NaN"),
        ("reward_usd_per_million_requests", Value::Float(-1.0), "`reward_usd_per_million_requests` is -1"),
        ("traffic.tick", Value::String("0s".into()), "`tick` is 0s"),
        ("traffic.sampled_per_tick", Value::Integer(0), "`sampled_per_tick` is 0"),
        ("traffic.requests_per_second", Value::Float(f64::NAN), "`requests_per_second` is NaN"),
    ] {
        let e = refused(content.with(path, value), &content.groups);
        assert_eq!(param(&e), path);
        assert!(e.to_string().contains(fragment), "{path}: {e}");
    }
}
