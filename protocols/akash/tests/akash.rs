//! The Akash market driven by hand: escrow, bids, failures, and the queue against Erlang C.

use depinsim_akash::Akash;
use depinsim_akash::config::{AkashConfig, BidStrategy, Denom, Workload};
use depinsim_akash::network::Close;
use depinsim_core::node::{GroupInfo, NodeTable};
use depinsim_core::profile::HardwareProfile;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Fault, NodeId, Protocol, SimDuration, SimTime};
use std::sync::Arc;

/// `n` providers (or cloud instances, by `role`) with one H100 each, in group `name`.
fn group(name: &str, role: &str, gpus: u32) -> GroupInfo {
    let mut p: HardwareProfile = (*test_profile()).clone();
    p.capacity.gpus = Some(gpus);
    p.capacity.gpu_model = Some("H100".into());
    p.capacity.cpu_cores = Some(16);
    GroupInfo { name: name.into(), role: role.into(), profile: Arc::new(p), count: 0, traffic_weight: 1.0 }
}

fn table(groups: Vec<(GroupInfo, u32)>) -> NodeTable {
    let groups = groups.iter().map(|(g, n)| (g.name.as_str(), g.role.as_str(), g.profile.clone(), *n)).collect();
    testing::table(groups, |i| Place { site: Some(0), operator: i, ..Place::default() })
}

fn workload(mean: SimDuration, max: f64) -> Workload {
    Workload {
        name: "w".into(),
        arrivals_per_hour: 1.0,
        mean_duration: mean,
        exponential: true,
        gpus: 1,
        gpu_model: None,
        cpu: 1,
        memory: None,
        storage: None,
        max_usd_per_gpu_hour: max,
        requires: vec![],
        patience: None,
        underfunded_share: 0.0,
    }
}

fn config(w: Workload, price: f64) -> AkashConfig {
    AkashConfig {
        workloads: vec![w],
        bid: BidStrategy::Fixed { usd_per_gpu_hour: price },
        default_gpu_interruptions_per_gpu_day: 0.0,
        ..AkashConfig::default()
    }
}

fn build(config: AkashConfig, nodes: &NodeTable, script: &mut Script<Akash>) -> Akash {
    Akash::new(config, nodes, script.rng()).unwrap_or_else(|e| panic!("{e}"))
}

fn at(h: f64) -> SimTime {
    SimTime::from_millis((h * 3.6e6) as u64)
}

#[test]
fn take_rate_splits_each_withdrawal_by_denomination() {
    // $0.6 per GPU-hour is 1,000 base units per 6 s block (600 blocks an hour): an hour-long lease
    // settles 600,000 units ($0.60). USDC pays the 20% default take, AKT (at $1) 2%.
    for (denom, provider_usd, fee_usd) in [(Denom::Usdc, 0.48, 0.12), (Denom::Akt, 0.588, 0.012)] {
        let nodes = table(vec![(group("p", "provider", 1), 1)]);
        let mut script = Script::<Akash>::new(1, 1);
        let mut c = config(workload(SimDuration::from_hours(1), 1.0), 0.6);
        c.denom = denom;
        let mut akash = build(c, &nodes, &mut script);
        script.call(None, |cx| akash.net.submit(0, SimDuration::from_hours(1), false, cx));
        script.advance(&mut akash, at(2.0));
        assert_eq!(akash.auction().stats.leases_closed[Close::Completed as usize], 1);
        assert!(
            (script.ledger.rewards_total - provider_usd).abs() < 1e-9,
            "{denom:?}: {}",
            script.ledger.rewards_total
        );
        assert!((akash.net.tokens.fees_usd - fee_usd).abs() < 1e-9, "{denom:?}");
    }
}

#[test]
fn an_overdrawn_escrow_closes_the_lease_and_a_funded_one_runs_to_the_end() {
    for underfunded in [true, false] {
        let nodes = table(vec![(group("p", "provider", 1), 1)]);
        let mut script = Script::<Akash>::new(1, 2);
        let mut c = config(workload(SimDuration::from_hours(10), 2.0), 0.6);
        c.underfunded_cover = 0.5;
        let mut akash = build(c, &nodes, &mut script);
        script.call(None, |cx| akash.net.submit(0, SimDuration::from_hours(10), underfunded, cx));
        script.advance(&mut akash, at(6.0));
        let s = &akash.auction().stats;
        if underfunded {
            // Half the run is paid for: the escrow runs dry after 5 h, the lease closes for
            // insufficient funds and the deployment with it (no re-bid).
            assert_eq!(s.leases_closed[Close::InsufficientFunds as usize], 1);
            assert_eq!(s.overdrawn, 1);
            assert_eq!(akash.auction().active(), 0);
            // The provider got the 5 h that were paid: 5 x 0.6 x 80%.
            assert!((script.ledger.rewards_total - 2.4).abs() < 0.01, "{}", script.ledger.rewards_total);
        } else {
            assert_eq!(s.leases_closed, [0, 0, 0, 0]);
            assert_eq!(akash.auction().active(), 1);
        }
        script.advance(&mut akash, at(11.0));
        let s = &akash.auction().stats;
        assert_eq!(s.completed, u64::from(!underfunded));
    }
}

#[test]
fn bids_above_the_max_price_or_missing_an_attribute_lose_to_a_valid_one() {
    // Three providers: a cheap one without the attribute, an expensive one with it, and a valid
    // one. The tenant leases from the valid one although it is not the cheapest bidder.
    let nodes = table(vec![
        (group("cheap-home", "provider", 1), 1),
        (group("pricey-dc", "provider", 1), 1),
        (group("fair-dc", "provider", 1), 1),
    ]);
    let mut script = Script::<Akash>::new(3, 3);
    let mut w = workload(SimDuration::from_hours(1), 2.0);
    w.requires = vec!["tier=datacenter".into()];
    let mut c = config(w, 1.0);
    c.bids.insert("cheap-home".into(), BidStrategy::Fixed { usd_per_gpu_hour: 0.5 });
    c.bids.insert("pricey-dc".into(), BidStrategy::Fixed { usd_per_gpu_hour: 3.0 });
    c.bids.insert("fair-dc".into(), BidStrategy::Fixed { usd_per_gpu_hour: 1.5 });
    c.attributes.insert("pricey-dc".into(), vec!["tier=datacenter".into()]);
    c.attributes.insert("fair-dc".into(), vec!["tier=datacenter".into()]);
    let mut akash = build(c, &nodes, &mut script);
    script.call(None, |cx| akash.net.submit(0, SimDuration::from_hours(1), false, cx));
    let a = akash.auction();
    assert_eq!(a.stats.rejected_price, 1);
    assert_eq!(a.stats.rejected_attribute, 1);
    assert_eq!(a.leases[0].provider, 2);
    assert_eq!(a.leases[0].price, 1.5);
}

#[test]
fn a_provider_failure_closes_its_leases_and_the_tenant_redeploys_elsewhere() {
    let nodes = table(vec![(group("a", "provider", 1), 1), (group("b", "provider", 1), 1)]);
    let mut script = Script::<Akash>::new(2, 4);
    let mut c = config(workload(SimDuration::from_hours(10), 2.0), 1.0);
    c.bids.insert("a".into(), BidStrategy::Fixed { usd_per_gpu_hour: 0.5 });
    let mut akash = build(c, &nodes, &mut script);
    script.call(None, |cx| akash.net.submit(0, SimDuration::from_hours(10), false, cx));
    assert_eq!(akash.auction().leases[0].provider, 0);
    script.advance(&mut akash, at(4.0));
    script.fault(&mut akash, NodeId(0), Fault::Down);
    let a = akash.auction();
    assert_eq!(a.stats.leases_closed[Close::ProviderFailure as usize], 1);
    assert_eq!(a.leases.len(), 2);
    assert_eq!(a.leases[1].provider, 1);
    // The rest of the run (6 h) goes on at the new provider and ends at 10 h.
    script.advance(&mut akash, at(9.99));
    assert_eq!(akash.auction().stats.completed, 0);
    script.advance(&mut akash, at(10.01));
    assert_eq!(akash.auction().stats.completed, 1);
}

#[test]
fn a_control_plane_that_cannot_launch_fails_new_leases_but_keeps_running_ones() {
    let nodes = table(vec![(group("a", "provider", 2), 1), (group("b", "provider", 2), 1)]);
    let mut script = Script::<Akash>::new(2, 5);
    let mut c = config(workload(SimDuration::from_hours(10), 2.0), 1.0);
    c.bids.insert("a".into(), BidStrategy::Fixed { usd_per_gpu_hour: 0.5 });
    let mut akash = build(c, &nodes, &mut script);
    script.call(None, |cx| akash.net.submit(0, SimDuration::from_hours(10), false, cx));
    script.fault(&mut akash, NodeId(0), Fault::Loss(1.0));
    script.call(None, |cx| akash.net.submit(0, SimDuration::from_hours(10), false, cx));
    // The running lease on `a` goes on; the new one fails to launch there and re-bids after
    // `relaunch_delay` on `b`.
    assert_eq!(akash.auction().stats.launch_failures, 1);
    assert_eq!(akash.auction().active(), 1);
    script.advance(&mut akash, at(0.1));
    let a = akash.auction();
    assert_eq!(a.active(), 2);
    assert_eq!(a.leases[1].provider, 1);
}

/// Erlang C: the probability that an arrival waits in an M/M/c queue with offered load `a`.
fn erlang_c(c: u32, a: f64) -> f64 {
    let mut term = 1.0; // a^k / k!
    let mut sum = 0.0;
    for k in 0..c {
        sum += term;
        term *= a / (k + 1) as f64;
    }
    // term is now a^c / c!
    let top = term * c as f64 / (c as f64 - a);
    top / (sum + top)
}

#[test]
fn the_queue_matches_erlang_c() {
    // M/M/10 at rho = 0.8: arrivals 8/h, mean run 1 h, 10 providers of one GPU, every deployment
    // one GPU, infinite patience, FIFO queue.
    let (c, lambda, mu) = (10u32, 8.0, 1.0);
    let nodes = table(vec![(group("p", "provider", 1), c)]);
    let mut script = Script::<Akash>::new(c as usize, 20240601);
    let mut w = workload(SimDuration::from_hours(1), 2.0);
    w.arrivals_per_hour = lambda;
    let mut akash = build(config(w, 1.0), &nodes, &mut script);
    script.call(None, |cx| akash.on_start(cx));
    // 20 batches of 2,000 h (~16,000 arrivals each, 320,000 in all), after a 100 h warm-up.
    let (batches, hours, warm) = (20, 2_000.0, 100.0);
    script.advance(&mut akash, at(warm));
    let mut p_wait = Vec::new();
    let mut util = Vec::new();
    for b in 0..batches {
        let (s0, g0) = (akash.auction().stats.clone(), akash.auction().gpu_hours(script.now));
        script.advance(&mut akash, at(warm + (b + 1) as f64 * hours));
        let s1 = &akash.auction().stats;
        p_wait.push((s1.waited - s0.waited) as f64 / (s1.deployments - s0.deployments) as f64);
        util.push((akash.auction().gpu_hours(script.now) - g0) / (c as f64 * hours));
    }
    let mean_se = |x: &[f64]| {
        let n = x.len() as f64;
        let m = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
        (m, (var / n).sqrt())
    };
    let (pw, pw_se) = mean_se(&p_wait);
    let (u, u_se) = mean_se(&util);
    let expected_pw = erlang_c(c, lambda / mu);
    let expected_u = lambda / (c as f64 * mu);
    assert!((expected_pw - 0.4092).abs() < 1e-3, "closed form {expected_pw}");
    // Batch means: the tolerance is 4 standard errors, and the errors are small enough that the
    // check has teeth (a 3-point error in P(wait) would fail).
    assert!(pw_se < 0.008 && u_se < 0.004, "standard errors {pw_se}, {u_se}");
    eprintln!("P(wait) {pw:.4} +- {pw_se:.4} (Erlang C {expected_pw:.4}); utilisation {u:.4} +- {u_se:.4}");
    assert!((pw - expected_pw).abs() < 4.0 * pw_se, "P(wait) {pw} vs Erlang C {expected_pw} (se {pw_se})");
    assert!((u - expected_u).abs() < 4.0 * u_se, "utilisation {u} vs {expected_u} (se {u_se})");
}

/// A lease pays per block, settled when its account is touched (x/escrow `accountSettle`,
/// see [`depinsim_akash::escrow`]): a provider failing 4 h 33 min into a day-long withdrawal
/// period is paid its lease's blocks up to the failure's own block, and the tenant's new lease
/// pays its provider from that block, not from the next withdrawal.
#[test]
fn a_provider_failure_inside_a_withdrawal_period_is_settled_at_its_block() {
    let nodes = table(vec![(group("a", "provider", 1), 1), (group("b", "provider", 1), 1)]);
    let mut script = Script::<Akash>::new(2, 6);
    // $0.6 and $1.2 per GPU-hour: 1,000 and 2,000 base units per 6 s block.
    let mut c = config(workload(SimDuration::from_hours(10), 2.0), 1.2);
    c.bids.insert("a".into(), BidStrategy::Fixed { usd_per_gpu_hour: 0.6 });
    let mut akash = build(c, &nodes, &mut script);
    script.call(None, |cx| akash.net.submit(0, SimDuration::from_hours(10), false, cx));
    let fail = SimTime::from_millis((4 * 60 + 33) * 60_000);
    script.advance(&mut akash, fail);
    script.fault(&mut akash, NodeId(0), Fault::Down);
    // 2,730 blocks at 1,000 units, less the 20% take: $2.184, paid at the failure.
    assert!((script.ledger.rewards_usd[0] - 2.730 * 0.8).abs() < 1e-9, "{}", script.ledger.rewards_usd[0]);
    assert_eq!(script.ledger.rewards_usd[1], 0.0);
    // The rest of the run, 5 h 27 min (3,270 blocks), at 2,000 units on b: $5.232.
    script.advance(&mut akash, at(10.01));
    assert_eq!(akash.auction().stats.completed, 1);
    assert!((script.ledger.rewards_usd[1] - 6.540 * 0.8).abs() < 1e-9, "{}", script.ledger.rewards_usd[1]);
    assert!((script.ledger.rewards_usd[0] - 2.730 * 0.8).abs() < 1e-9);
}
