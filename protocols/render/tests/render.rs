//! The Render network driven by hand: tiers, interruptions, approval and the epoch's rewards.

use depinsim_core::node::NodeTable;
use depinsim_core::profile::HardwareProfile;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Fault, NodeId, OperatorId, Protocol, SimDuration, SimTime};
use depinsim_render::Render;
use depinsim_render::config::{EurPoint, JobClass, RenderConfig};
use depinsim_render::rewards;
use std::sync::Arc;

/// `n` one-GPU RTX 4090 nodes; `wallets` distinct operators, round robin.
fn nodes(n: u32, wallets: u32) -> NodeTable {
    let mut p: HardwareProfile = (*test_profile()).clone();
    p.capacity.gpus = Some(1);
    p.capacity.gpu_model = Some("RTX 4090".into());
    testing::table(vec![("rigs", "node", Arc::new(p), n)], |i| Place { operator: i % wallets, ..Place::default() })
}

fn class(name: &str, tier: u8, frames: u32) -> JobClass {
    // 1,300 OB-hours a frame: one hour on an RTX 4090 (OctaneBench 1,300).
    JobClass { name: name.into(), arrivals_per_hour: 1.0, frames, obh_per_frame: 1_300.0, tier, min_vram_gb: 0.0 }
}

fn config(jobs: Vec<JobClass>) -> RenderConfig {
    RenderConfig {
        jobs,
        frames_per_task: 1,
        default_gpu_interruptions_per_gpu_day: 0.0,
        render_price_eur: vec![EurPoint { at: SimDuration::ZERO, eur: 2.0 }],
        ..RenderConfig::default()
    }
}

fn at(h: f64) -> SimTime {
    SimTime::from_millis((h * 3.6e6) as u64)
}

#[test]
fn tier_2_jobs_are_served_before_tier_3() {
    let table = nodes(1, 1);
    let mut s = Script::<Render>::new(1, 1);
    let mut r = Render::new(config(vec![class("economy", 3, 2), class("priority", 2, 2)]), &table, s.rng()).unwrap();
    // The economy job arrives first and takes the GPU; the priority job, arriving second, gets
    // the GPU as soon as the running frame ends, before the economy job's second frame.
    s.call(None, |cx| r.submit(0, cx));
    s.call(None, |cx| r.submit(1, cx));
    s.advance(&mut r, at(3.01));
    assert_eq!(r.stats.finished, 1, "only the priority job is done after 3 frames");
    s.advance(&mut r, at(4.01));
    assert_eq!(r.stats.finished, 2);
    // Queue times: 0 for the economy job, 1 h for the priority one.
    assert!((r.stats.queue_ms / 3.6e6 - 1.0).abs() < 1e-6);
}

#[test]
fn a_node_failure_loses_the_running_frame_which_is_reassigned() {
    let table = nodes(2, 2);
    let mut s = Script::<Render>::new(2, 2);
    let mut r = Render::new(config(vec![class("job", 2, 2)]), &table, s.rng()).unwrap();
    s.call(None, |cx| r.submit(0, cx));
    // Both frames start at once on the two GPUs; node 0 fails half way through its frame.
    s.advance(&mut r, at(0.5));
    s.fault(&mut r, NodeId(0), Fault::Down);
    assert_eq!(r.stats.frames_lost, 1);
    // Node 1 finishes its frame at 1 h and re-renders the lost one by 2 h.
    s.advance(&mut r, at(1.99));
    assert_eq!(r.stats.finished, 0);
    s.advance(&mut r, at(2.01));
    assert_eq!(r.stats.finished, 1);
    assert!((r.stats.lost_ms / 3.6e6 - 0.5).abs() < 1e-6, "half an hour of GPU work lost");
}

#[test]
fn approval_burns_95_percent_and_the_epoch_pays_work_pro_rata_to_eur() {
    // Two nodes of one wallet each; one job of 2 frames at Tier 2: 2,600 OB-hours = EUR 26
    // (100 OB-hours per EUR), paid as 13 RENDER at EUR 2: 12.35 burned, 0.65 fee.
    let table = nodes(2, 2);
    let mut s = Script::<Render>::new(2, 3);
    let mut c = config(vec![class("job", 2, 2)]);
    c.epoch = SimDuration::from_days(1);
    c.work_emission_per_epoch = Some(1_000.0);
    c.availability_pool_per_epoch = Some(0.0);
    let mut r = Render::new(c, &table, s.rng()).unwrap();
    s.call(None, |cx| r.on_start(cx));
    s.call(None, |cx| r.submit(0, cx));
    // Frames done at 1 h, approved 2 h later; the epoch ends at 24 h.
    s.advance(&mut r, at(3.5));
    assert_eq!(r.stats.approved, 1);
    assert!((r.stats.artist_eur - 26.0).abs() < 1e-9);
    assert!((r.stats.burned - 12.35).abs() < 1e-9 && (r.stats.fees - 0.65).abs() < 1e-9);
    s.advance(&mut r, at(24.5));
    // Each node did half the work: 500 RENDER each, paid at EUR 2 x 1.08 USD/EUR.
    assert!((r.stats.minted_work - 1_000.0).abs() < 1e-9);
    assert!((s.ledger.rewards_usd[0] - 500.0 * 2.0 * 1.08).abs() < 1e-6);
    assert!((s.ledger.rewards_usd[1] - 500.0 * 2.0 * 1.08).abs() < 1e-6);
}

#[test]
fn availability_rewards_penalise_a_wallet_of_five_nodes() {
    // Six identical idle nodes: one alone in its wallet, five in another. The five each earn
    // e^(-0.65 x 2) of the single node's reward (RNP-015).
    let mut table = nodes(6, 1);
    table.nodes[0].operator = OperatorId(1);
    table.operators = 2;
    let mut s = Script::<Render>::new(6, 4);
    let mut c = config(vec![class("job", 2, 1)]);
    c.epoch = SimDuration::from_days(7);
    c.work_emission_per_epoch = Some(0.0);
    c.availability_pool_per_epoch = Some(100.0);
    // No jobs in the week: every node is idle all the time.
    c.jobs[0].arrivals_per_hour = 1e-9;
    let mut r = Render::new(c, &table, s.rng()).unwrap();
    s.call(None, |cx| r.on_start(cx));
    s.advance(&mut r, at(7.0 * 24.0 + 0.1));
    let single = s.ledger.rewards_usd[0];
    let pooled = s.ledger.rewards_usd[1];
    assert!(single > 0.0);
    assert!((pooled / single - rewards::wallet_penalty(5)).abs() < 1e-9, "{pooled} / {single}");
    assert!((r.stats.minted_availability - 100.0).abs() < 1e-9);
}

#[test]
fn bad_parameters_are_rejected_at_their_key() {
    use depinsim_core::config::Located;
    let table = nodes(1, 1);
    let mut s = Script::<Render>::new(1, 5);
    let err = |c: RenderConfig, s: &mut Script<Render>| Render::new(c, &table, s.rng()).err().unwrap();
    let e = err(config(vec![class("x", 4, 1)]), &mut s);
    assert_eq!(e.at, Located::Param("jobs.0.tier".into()));
    assert!(e.to_string().contains("`tier` is 4"), "{e}");
    assert_eq!(err(config(vec![]), &mut s).at, Located::Param("jobs".into()));
    let mut c = config(vec![class("x", 2, 1)]);
    c.gpus.remove("RTX 4090");
    c.aws_gpu_model = "H100 SXM 80GB".into();
    let e = err(c, &mut s);
    assert_eq!(e.at, Located::Group("rigs".into()));
    assert!(e.to_string().contains("`RTX 4090`"), "{e}");
}
