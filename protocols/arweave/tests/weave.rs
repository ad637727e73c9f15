//! Partition copies: loss only when every copy is destroyed, re-sync on replacement, spread
//! over providers, and the network driven through the Protocol contract.

use depinsim_arweave::{Arweave, ArweaveConfig, Spread, UploadPhase, Weave};
use depinsim_core::node::NodeTable;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::units::ByteSize;
use depinsim_core::{Fault, NodeId, Protocol, SimDuration, SimTime};

/// `n` miners, each its own operator, node i at provider `provider(i)`.
fn miners(n: u32, provider: impl Fn(u32) -> u32) -> NodeTable {
    testing::table(vec![("miners", "miner", test_profile(), n)], |i| Place {
        site: Some(100 + i),
        provider: provider(i),
        operator: i,
        ..Place::default()
    })
}

#[test]
fn a_partition_is_lost_only_when_its_last_copy_is_destroyed_and_replacements_resync() {
    let nodes = miners(6, |i| i);
    let mut s = Script::<Arweave>::new(6, 1);
    let mut w = Weave::new(6, 2, Spread::Operators);
    w.add_partition(&nodes, None, s.rng()).unwrap();
    let h: Vec<u32> = w.holders(0).to_vec();
    assert_ne!(h[0], h[1]);
    w.destroy(NodeId(h[0]));
    assert_eq!(w.lost(), 0, "one copy survives");
    // The first holder gets new hardware: it syncs from the survivor, so losing the second is fine.
    w.replace(NodeId(h[0]));
    w.destroy(NodeId(h[1]));
    assert_eq!(w.lost(), 0);
    assert_eq!(w.reachable(|_| true), 1);
    // Both destroyed: lost for good, and a replacement has nothing to sync.
    w.destroy(NodeId(h[0]));
    assert_eq!(w.lost(), 1);
    w.replace(NodeId(h[0]));
    assert_eq!(w.lost(), 1);
    assert_eq!(w.reachable(|_| true), 0);
}

#[test]
fn copies_spread_over_providers_never_share_one_but_operator_spread_can() {
    // 10 miners: 8 at provider 1, one each at providers 2 and 3.
    let nodes = miners(10, |i| if i < 8 { 1 } else { i - 6 });
    let mut s = Script::<Arweave>::new(10, 7);
    let mut by_provider = Weave::new(10, 3, Spread::Providers);
    let mut by_operator = Weave::new(10, 3, Spread::Operators);
    for _ in 0..200 {
        by_provider.add_partition(&nodes, None, s.rng()).unwrap();
        by_operator.add_partition(&nodes, None, s.rng()).unwrap();
    }
    assert_eq!(by_provider.single_provider(&nodes), 0);
    // With distinct operators only, all 3 copies land at provider 1 with probability
    // (8/10)(7/9)(6/8) = 0.467.
    let share = by_operator.single_provider(&nodes) as f64 / 200.0;
    assert!((share - 0.467).abs() < 0.1, "{share}");
    // Asking for more distinct providers than exist is refused.
    let mut four = Weave::new(10, 4, Spread::Providers);
    assert!(four.add_partition(&nodes, None, s.rng()).is_err());
}

fn config() -> ArweaveConfig {
    ArweaveConfig {
        weave_size: ByteSize(36_000_000_000_000), // 10 partitions
        replicas: 2,
        uploads: vec![UploadPhase {
            until: SimDuration::from_days(10),
            per_day: ByteSize(3_600_000_000_000),
            growth_per_year: 0.0,
        }],
        ..ArweaveConfig::default()
    }
}

#[test]
fn the_network_adds_partitions_as_uploads_fill_them_and_pays_miners_by_what_they_store() {
    let nodes = miners(8, |i| i % 4);
    let mut s = Script::<Arweave>::new(8, 3);
    let mut a = Arweave::new(config(), &nodes, s.rng()).unwrap();
    assert_eq!(a.weave.partitions(), 10);
    s.call(None, |cx| a.on_start(cx));
    s.advance(&mut a, SimTime::ZERO + SimDuration::from_days(5));
    // Five days of one partition a day.
    assert_eq!(a.weave.partitions(), 15);
    assert!(s.ledger.rewards_total > 0.0);
    // A miner down earns nothing while down.
    s.fault(&mut a, NodeId(0), Fault::Down);
    let before = s.ledger.rewards_usd[0];
    s.advance(&mut a, SimTime::ZERO + SimDuration::from_days(8));
    assert_eq!(s.ledger.rewards_usd[0], before);
    assert!(s.ledger.rewards_usd[1] > 0.0);
}

#[test]
fn bad_parameters_are_refused_with_what_is_allowed() {
    let nodes = miners(4, |i| i);
    let mut s = Script::<Arweave>::new(4, 3);
    let replicas = depinsim_core::config::Located::Param("replicas".into());
    let bad = ArweaveConfig { storage_cost_decline_per_year: 0.9, ..config() };
    let err = Arweave::new(bad, &nodes, s.rng()).err().unwrap().to_string();
    assert!(err.contains("from -0.5 to below 0.5"), "{err}");
    // More copies than miners: known before placement.
    let bad = ArweaveConfig { replicas: 5, ..config() };
    let err = Arweave::new(bad, &nodes, s.rng()).err().unwrap();
    assert_eq!((err.at, err.message.as_str()), (replicas.clone(), "`replicas` is 5 but the network has only 4 miners"));
    // Four miners at two providers cannot hold three copies on distinct providers: only
    // placement shows it, at the same key.
    let bad = ArweaveConfig { replicas: 3, spread: Spread::Providers, ..config() };
    let two_providers = miners(4, |i| i % 2);
    assert!(Arweave::check(&bad, &two_providers.groups).is_ok());
    let err = Arweave::new(bad, &two_providers, s.rng()).err().unwrap();
    assert_eq!(err.at, replicas);
    assert!(err.message.contains("providers"), "{err}");
}

#[test]
fn a_miner_down_for_part_of_a_batch_earns_the_share_of_it_that_it_was_up() {
    // Four miners each holding all 10 partitions (4 copies of each on 4 operators), no uploads:
    // every miner stores the same, so its share of the batch is its time up over the total.
    let cfg = ArweaveConfig { replicas: 4, uploads: vec![], ..config() };
    let nodes = miners(4, |i| i);
    let mut s = Script::<Arweave>::new(4, 3);
    let mut a = Arweave::new(cfg, &nodes, s.rng()).unwrap();
    assert!((0..4).all(|m| a.weave.stored_by(NodeId(m)) == 10));
    s.call(None, |cx| a.on_start(cx));
    let hour = |h: u64| SimTime::ZERO + SimDuration::from_hours(h);
    // Miner 0 down for the first 6 hours of the one-day batch, miner 1 for its last 6 (down at
    // the batch's end); 2 and 3 up throughout.
    s.fault(&mut a, NodeId(0), Fault::Down);
    s.advance(&mut a, hour(6));
    s.fault(&mut a, NodeId(0), Fault::Up);
    s.advance(&mut a, hour(18));
    s.fault(&mut a, NodeId(1), Fault::Down);
    s.advance(&mut a, hour(24));
    let total = s.ledger.rewards_total;
    assert!(total > 0.0);
    // 18 + 18 + 24 + 24 = 84 miner-hours: 18/84 each for the two, 24/84 for the others (read
    // at the batch's end it was 1/3 for miner 0 and nothing for miner 1).
    let paid = |m: usize| s.ledger.rewards_usd[m] / total;
    for (m, share) in [(0, 18.0 / 84.0), (1, 18.0 / 84.0), (2, 24.0 / 84.0), (3, 24.0 / 84.0)] {
        assert!((paid(m) - share).abs() < 1e-12, "miner {m}: {} of the batch, not {share}", paid(m));
    }
}

#[test]
fn a_destroyed_miner_mines_with_its_copies_until_then_and_with_what_it_resyncs_after() {
    // Miner 0 is destroyed at 6 h and replaced at 12 h: every partition has 3 other copies, so
    // it re-syncs all 10. It earns for 6 + 12 of 24 hours at 10 partitions.
    let cfg = ArweaveConfig { replicas: 4, uploads: vec![], ..config() };
    let nodes = miners(4, |i| i);
    let mut s = Script::<Arweave>::new(4, 3);
    let mut a = Arweave::new(cfg, &nodes, s.rng()).unwrap();
    s.call(None, |cx| a.on_start(cx));
    let hour = |h: u64| SimTime::ZERO + SimDuration::from_hours(h);
    s.advance(&mut a, hour(6));
    s.fault(&mut a, NodeId(0), Fault::Destroyed);
    assert_eq!(a.weave.stored_by(NodeId(0)), 0);
    s.advance(&mut a, hour(12));
    s.fault(&mut a, NodeId(0), Fault::Up);
    assert_eq!(a.weave.stored_by(NodeId(0)), 10);
    s.advance(&mut a, hour(24));
    let share = s.ledger.rewards_usd[0] / s.ledger.rewards_total;
    assert!((share - 18.0 / 90.0).abs() < 1e-12, "{share}");
}
