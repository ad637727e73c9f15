//! The content network's rules, driven by hand without the engine.

use depinsim_content::{Content, ContentConfig, Spread};
use depinsim_core::node::NodeTable;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Fault, NodeId, Protocol, SimDuration, SimTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// `n` storage nodes, each its own operator, spread over `sites` sites (site i % sites).
fn table(n: u32, sites: u32) -> NodeTable {
    testing::table(vec![("s", "storage", test_profile(), n)], |i| Place {
        site: Some(10 + i % sites),
        provider: 1 + i % sites,
        operator: i,
        ..Place::default()
    })
}

fn config(objects: u32, replicas: u8) -> ContentConfig {
    ContentConfig { objects, replicas, ..ContentConfig::default() }
}

fn build(n: u32, sites: u32, cfg: ContentConfig) -> (Content, Script<Content>, NodeTable) {
    let nodes = table(n, sites);
    let mut script = Script::new(n as usize, 7);
    let content = Content::new(cfg, &nodes, script.rng()).unwrap();
    (content, script, nodes)
}

/// The time `h` hours after the start.
fn hours(h: u64) -> SimTime {
    SimTime::ZERO + SimDuration::from_hours(h)
}

#[test]
fn placement_respects_the_failure_domain() {
    let (c, _, nodes) = build(20, 4, ContentConfig { spread: Spread::Sites, ..config(500, 3) });
    for o in 0..500 {
        let holders = c.holders(o);
        assert_eq!(holders.len(), 3);
        let mut sites: Vec<u64> = holders.iter().map(|h| nodes.site_key(*h)).collect();
        sites.sort();
        sites.dedup();
        assert_eq!(sites.len(), 3, "object {o} has two replicas on one site");
    }
    // Three replicas on distinct sites cannot fit on two sites.
    let err = Content::new(
        ContentConfig { spread: Spread::Sites, ..config(10, 3) },
        &table(20, 2),
        Script::<Content>::new(20, 1).rng(),
    );
    let err = err.err().expect("two sites cannot hold three replicas");
    assert_eq!(err.at, depinsim_core::config::Located::Param("replicas".into()));
}

#[test]
fn exactly_the_objects_with_every_replica_destroyed_are_lost() {
    let (mut c, mut script, _) = build(30, 30, config(2_000, 2));
    let burnt: Vec<NodeId> = (0..10).map(NodeId).collect();
    let expected: Vec<u32> = (0..2_000).filter(|o| c.holders(*o).iter().all(|h| burnt.contains(h))).collect();
    assert!(!expected.is_empty(), "the test needs some objects entirely on burnt nodes");
    for n in &burnt {
        script.fault(&mut c, *n, Fault::Destroyed);
    }
    script.advance(&mut c, hours(3));
    let lost: Vec<u32> = (0..2_000).filter(|o| c.is_lost(*o)).collect();
    assert_eq!(lost, expected);
    assert_eq!(c.objects_lost() as usize, expected.len());
}

#[test]
fn lost_replicas_are_recreated_from_survivors_after_the_delay() {
    let (mut c, mut script, nodes) = build(40, 40, config(300, 3));
    let victim = NodeId(5);
    let held: Vec<u32> = (0..300).filter(|o| c.holders(*o).contains(&victim)).collect();
    script.fault(&mut c, victim, Fault::Destroyed);
    assert_eq!(c.degraded() as usize, held.len());
    // Not before the repair delay...
    script.advance(&mut c, SimTime::from_millis(SimDuration::from_hours(1).as_millis() - 1));
    assert_eq!(c.degraded() as usize, held.len());
    // ...but right after it, every object is back to 3 replicas on distinct operators.
    script.advance(&mut c, hours(1));
    assert_eq!(c.degraded(), 0);
    for o in held {
        let holders = c.holders(o);
        assert_eq!(holders.len(), 3);
        assert!(!holders.contains(&victim));
        let mut ops: Vec<u32> = holders.iter().map(|h| nodes.info(*h).operator.0).collect();
        ops.sort();
        ops.dedup();
        assert_eq!(ops.len(), 3);
    }
    assert_eq!(c.objects_lost(), 0);
}

#[test]
fn a_node_down_longer_than_the_timeout_loses_its_replicas_to_others() {
    let (mut c, mut script, _) = build(40, 40, config(300, 3));
    let (short, long) = (NodeId(1), NodeId(2));
    let held_long: Vec<u32> = (0..300).filter(|o| c.holders(*o).contains(&long)).collect();
    let held_short: Vec<u32> = (0..300).filter(|o| c.holders(*o).contains(&short)).collect();
    script.fault(&mut c, short, Fault::Down);
    script.fault(&mut c, long, Fault::Down);
    script.advance(&mut c, hours(23));
    script.fault(&mut c, short, Fault::Up);
    // Timeout (24 h) plus repair delay (1 h).
    script.advance(&mut c, hours(26));
    assert!(held_short.iter().all(|o| c.holders(*o).contains(&short)), "a short outage moves nothing");
    assert!(held_long.iter().all(|o| !c.holders(*o).contains(&long) && c.holders(*o).len() == 3));
}

#[test]
fn objects_without_a_live_replica_wait_without_polling() {
    let mut cfg = config(50, 2);
    cfg.traffic.tick = SimDuration::from_hours(1);
    let (mut c, mut script, _) = build(6, 6, cfg);
    script.call(None, |cx| c.on_start(cx));
    for n in 0..6 {
        script.fault(&mut c, NodeId(n), Fault::Down);
    }
    script.advance(&mut c, hours(24 * 10));
    assert_eq!(c.unavailable(), 50);
    // Only the periodic request and reward timers remain: no repair retries pile up.
    assert_eq!(script.pending(), 2);
    script.fault(&mut c, NodeId(0), Fault::Up);
    assert_eq!(c.objects_lost(), 0);
    assert!(c.unavailable() < 50);
}

#[test]
fn incremental_counters_match_a_full_scan() {
    let (mut c, mut script, _) = build(25, 25, config(400, 3));
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for step in 0..300u64 {
        let node = NodeId(rng.random_range(0..25));
        let fault = match rng.random_range(0..10) {
            0 => Fault::Destroyed,
            1..=4 => Fault::Down,
            _ => Fault::Up,
        };
        script.fault(&mut c, node, fault);
        script.advance(&mut c, hours(step / 4));
        let live = &script.live;
        let unavailable = (0..400).filter(|o| !c.holders(*o).iter().any(|h| live.is_up(*h))).count();
        let degraded = (0..400).filter(|o| c.holders(*o).len() < 3).count();
        assert_eq!(c.unavailable() as usize, unavailable, "step {step}");
        assert_eq!(c.degraded() as usize, degraded, "step {step}");
    }
}

#[test]
fn service_level_counts_reachable_objects() {
    let (c, _, _) = build(10, 10, config(1_000, 1));
    let mut down = vec![false; 10];
    assert_eq!(c.service_level(&down), 1.0);
    down[0] = true;
    let on_zero = (0..1_000).filter(|o| c.holders(*o) == vec![NodeId(0)]).count();
    assert_eq!(c.service_level(&down), 1.0 - on_zero as f64 / 1_000.0);
}

#[test]
fn storage_is_paid_for_the_time_a_holder_was_up_not_by_its_state_at_the_payment() {
    // No traffic rewards, so the payment is storage alone; one hourly reward period.
    let cfg = ContentConfig {
        reward_usd_per_million_requests: 0.0,
        repair_timeout: SimDuration::from_hours(100),
        ..config(200, 2)
    };
    let (mut c, mut script, _) = build(10, 10, cfg);
    script.call(None, |cx| c.on_start(cx));
    let (a, b) = (NodeId(0), NodeId(1));
    // `a` is down for the first 45 minutes, `b` for the last 15 (down at the payment).
    script.fault(&mut c, a, Fault::Down);
    script.advance(&mut c, SimTime::ZERO + SimDuration::from_secs(45 * 60));
    script.fault(&mut c, a, Fault::Up);
    script.fault(&mut c, b, Fault::Down);
    script.advance(&mut c, hours(1));
    let full = |n: NodeId| {
        let held = (0..200).filter(|o| c.holders(*o).contains(&n)).count() as f64;
        let cfg = ContentConfig::default();
        held * cfg.object_size.as_tb() * cfg.reward_usd_per_tb_month / depinsim_core::profile::HOURS_PER_MONTH
    };
    let paid = |n: NodeId| script.ledger.rewards_usd[n.index()];
    assert!((paid(a) - 0.25 * full(a)).abs() < 1e-9 * full(a), "a: {} of {}", paid(a), full(a));
    assert!((paid(b) - 0.75 * full(b)).abs() < 1e-9 * full(b), "b: {} of {}", paid(b), full(b));
    assert!((paid(NodeId(2)) - full(NodeId(2))).abs() < 1e-9 * full(NodeId(2)));
}
