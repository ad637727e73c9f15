//! The CDN's request model against its closed form.

use depinsim_cdn::{Cdn, CdnConfig, Tick};
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
