//! The CDN's request model against its closed form.

use depinsim_cdn::{Cdn, CdnConfig, Tick};
use depinsim_core::config::Located;
use depinsim_core::node::NodeTable;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::traffic::TrafficConfig;
use depinsim_core::{Fault, Liveness, NodeId, Observer, Protocol, SimTime};

fn pops(n: u32) -> NodeTable {
    testing::table(vec![("pops", "pop", test_profile(), n)], |_| Place { site: Some(0), ..Place::default() })
}

fn availability(cdn: &mut Cdn, live: &Liveness) -> f64 {
    let mut obs = Observer::default();
    cdn.observe(SimTime::ZERO, live, &mut obs);
    obs.values().iter().find(|(m, _)| *m == "availability").expect("availability recorded").1
}

#[test]
fn anycast_retries_match_the_closed_form() {
    for retries in [0u32, 1, 2] {
        let nodes = pops(100);
        let config = CdnConfig {
            anycast_retries: retries,
            traffic: TrafficConfig { sampled_per_tick: 100_000, ..TrafficConfig::default() },
            ..CdnConfig::default()
        };
        let mut script = Script::new(100, 11);
        let mut cdn = Cdn::new(config, &nodes, script.rng()).unwrap();
        // 40 of 100 PoPs unreachable.
        for n in 0..40 {
            script.fault(&mut cdn, NodeId(n), Fault::Down);
        }
        script.call(None, |cx| cdn.on_timer(None, Tick, cx));
        let simulated = availability(&mut cdn, &script.live);
        let mut down = vec![false; 100];
        down[..40].iter_mut().for_each(|d| *d = true);
        let closed = cdn.service_level(&down);
        assert!((closed - (1.0 - 0.4f64.powi(retries as i32 + 1))).abs() < 1e-12);
        // 100,000 requests: standard error below 0.0016.
        assert!((simulated - closed).abs() < 0.006, "retries {retries}: simulated {simulated}, closed form {closed}");
    }
}

#[test]
fn degraded_pops_fail_without_rerouting() {
    let nodes = pops(10);
    let config = CdnConfig {
        anycast_retries: 2,
        traffic: TrafficConfig { sampled_per_tick: 50_000, ..TrafficConfig::default() },
        ..CdnConfig::default()
    };
    let mut script = Script::new(10, 12);
    let mut cdn = Cdn::new(config, &nodes, script.rng()).unwrap();
    for n in 0..10 {
        script.fault(&mut cdn, NodeId(n), Fault::Loss(0.25));
    }
    script.call(None, |cx| cdn.on_timer(None, Tick, cx));
    let a = availability(&mut cdn, &script.live);
    assert!((a - 0.75).abs() < 0.01, "{a}");
}

/// 19 heavy PoPs (weight 24 each) beside 456 light ones: the heavy group carries half of the
/// traffic, as Cloudflare's 19 MCP locations (4% of its network) did on 21 Jun 2022.
fn weighted() -> (NodeTable, CdnConfig) {
    let mut nodes =
        testing::table(vec![("mcp", "pop", test_profile(), 19), ("edge", "pop", test_profile(), 456)], |_| Place {
            site: Some(0),
            ..Place::default()
        });
    nodes.groups[0].traffic_weight = 24.0;
    let config = CdnConfig {
        anycast_retries: 2,
        traffic: TrafficConfig { sampled_per_tick: 100_000, ..TrafficConfig::default() },
        ..CdnConfig::default()
    };
    (nodes, config)
}

#[test]
fn a_blackholed_heavy_group_fails_its_share_of_traffic_and_a_withdrawn_one_is_routed_around() {
    // Blackhole: still announced, every request routed there fails: half of all requests.
    let (nodes, config) = weighted();
    let mut script = Script::new(475, 13);
    let mut cdn = Cdn::new(config.clone(), &nodes, script.rng()).unwrap();
    for n in 0..19 {
        script.fault(&mut cdn, NodeId(n), Fault::Loss(1.0));
    }
    script.call(None, |cx| cdn.on_timer(None, Tick, cx));
    let blackholed = availability(&mut cdn, &script.live);
    assert!((blackholed - 0.5).abs() < 0.006, "blackholed: {blackholed}");

    // Withdrawal: the same PoPs unreachable, anycast retries elsewhere: 1 - 0.5^3 by the closed
    // form, which weighs the PoPs too.
    let mut script = Script::new(475, 14);
    let mut cdn = Cdn::new(config, &nodes, script.rng()).unwrap();
    for n in 0..19 {
        script.fault(&mut cdn, NodeId(n), Fault::Down);
    }
    script.call(None, |cx| cdn.on_timer(None, Tick, cx));
    let withdrawn = availability(&mut cdn, &script.live);
    let mut down = vec![false; 475];
    down[..19].iter_mut().for_each(|d| *d = true);
    let closed = cdn.service_level(&down);
    assert!((closed - (1.0 - 0.5f64.powi(3))).abs() < 1e-12, "closed form {closed}");
    assert!((withdrawn - closed).abs() < 0.006, "withdrawn: {withdrawn}, closed form {closed}");
}

#[test]
fn weights_are_not_negative_and_some_pop_draws_traffic() {
    let (mut nodes, config) = weighted();
    nodes.groups[1].traffic_weight = -1.0;
    let e = Cdn::check(&config, &nodes.groups).unwrap_err();
    assert_eq!(e.at, Located::Group("edge".into()));
    assert!(e.message.contains("`traffic_weight` -1"), "{e}");
    nodes.groups[1].traffic_weight = f64::NAN;
    assert!(Cdn::check(&config, &nodes.groups).is_err());
    // Weight 0 on one group is a group that draws none; on every group, nothing can be routed.
    nodes.groups[1].traffic_weight = 0.0;
    assert!(Cdn::check(&config, &nodes.groups).is_ok());
    nodes.groups[0].traffic_weight = 0.0;
    let e = Cdn::check(&config, &nodes.groups).unwrap_err();
    assert_eq!(e.at, Located::Group("mcp".into()));
    assert!(e.message.contains("every PoP has `traffic_weight` 0"), "{e}");
}

#[test]
fn the_former_traffic_weights_parameter_is_refused_with_where_each_weight_goes() {
    let (nodes, mut config) = weighted();
    config.traffic_weights = Some([("mcp".to_string(), 24.0)].into_iter().collect());
    let e = Cdn::check(&config, &nodes.groups).unwrap_err();
    assert_eq!(e.at, Located::Param("traffic_weights".into()));
    assert!(e.message.contains("no longer a cdn parameter"), "{e}");
    assert!(e.help.as_deref().unwrap().contains("`traffic_weight = 24` in group `mcp`"), "{e}");
}
