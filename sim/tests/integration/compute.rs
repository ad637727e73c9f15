//! The compute-market studies (Akash, Render, the AWS baseline) show what they claim.

use crate::common::root;
use depinsim::engine::NetworkOutput;
use depinsim::run::run;
use depinsim::scenario::{LoadOptions, load};

fn study(name: &str) -> Vec<NetworkOutput> {
    let path = root().join("scenarios").join(format!("{name}.toml"));
    let scenario = load(&path, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    run(&scenario, None).unwrap_or_else(|e| panic!("{e}"))
}

fn get(out: &NetworkOutput, metric: &str) -> f64 {
    out.headline
        .iter()
        .find(|(m, _)| *m == metric)
        .and_then(|(_, v)| *v)
        .unwrap_or_else(|| panic!("no headline figure `{metric}`"))
}

/// Seconds from the scenario start (19 Oct 2025 00:00 UTC) to `h:m` UTC on 20 Oct.
fn oct20(h: f64, m: f64) -> f64 {
    (24.0 + h) * 3600.0 + m * 60.0
}

fn peak(out: &NetworkOutput, metric: &str, from_s: f64, to_s: f64) -> f64 {
    out.series
        .metric(metric)
        .into_iter()
        .filter(|(t, _)| *t >= from_s && *t <= to_s)
        .map(|(_, v)| v)
        .fold(0.0, f64::max)
}

#[test]
fn us_east_1_outage_loses_leases_akash_recreates_them_elsewhere_and_the_cloud_waits() {
    let out = study("akash-aws-us-east-1-2025");
    let akash = &out[0];
    // Leases on the us-east-1 providers behind the failing load balancers are lost and re-created
    // on other providers: more leases than deployments.
    let lost = get(akash, "leases_lost_provider_failure");
    assert!(lost >= 5.0, "{lost} leases lost");
    assert!(get(akash, "leases_created") >= get(akash, "deployments") + lost - 1.0);
    // New launches fail in us-east-1 while running leases go on: Akash tenants re-bid elsewhere
    // within minutes, cloud tenants wait for EC2 to launch again.
    assert!(get(akash, "launch_failures") > 0.0);
    assert!(get(akash, "cloud_launch_failures") > get(akash, "launch_failures"));
    let cloud_wait = get(akash, "cloud_queue_time_mean_s");
    let akash_wait = get(akash, "queue_time_mean_s");
    assert!(cloud_wait > 5.0 * akash_wait, "cloud {cloud_wait} s vs akash {akash_wait} s");
    // The cloud backlog builds during the EC2 launch failures and is gone after recovery.
    let backlog = peak(akash, "cloud_waiting", oct20(9.0, 25.0), oct20(17.0, 36.0));
    let before = peak(akash, "cloud_waiting", 0.0, oct20(6.0, 48.0));
    let after = peak(akash, "cloud_waiting", oct20(23.0, 0.0), 3.0 * 86_400.0);
    assert!(backlog >= 50.0 && before <= 5.0 && after <= 5.0, "backlog {backlog}, before {before}, after {after}");
    // Price per GPU-hour: the Akash auction below AWS Capacity Blocks, below on-demand.
    let akash_price = get(akash, "usd_per_gpu_hour");
    assert!(akash_price < get(akash, "aws_capacity_block_usd_per_gpu_hour"), "{akash_price}");
    assert!((get(akash, "cloud_usd_per_gpu_hour") - 6.88).abs() < 1e-6);
    // Bids are rejected for both reasons in the study's demand.
    assert!(get(akash, "bids_rejected_max_price") > 0.0 && get(akash, "bids_rejected_attribute") > 0.0);
}

#[test]
fn a_month_of_gpu_demand_costs_less_on_akash_than_on_aws_and_bme_burns_and_mints_akt() {
    let out = study("gpu-market-vs-aws");
    let (akash, render) = (&out[0], &out[1]);
    let tenants = get(akash, "tenant_cost_usd");
    let on_demand = get(akash, "cloud_on_demand_cost_usd");
    let blocks = get(akash, "cloud_capacity_block_cost_usd");
    assert!(tenants < blocks && blocks < on_demand, "akash {tenants}, blocks {blocks}, on demand {on_demand}");
    // The same GPU-hours priced at the two AWS rates: exactly their ratio.
    assert!((blocks / on_demand - 4.92 / 6.88).abs() < 1e-9);
    // AEP-76: no take fee; AKT burned for ACT and minted to providers; ACT minted covers ACT burned.
    assert_eq!(get(akash, "take_fees_usd"), 0.0);
    assert!(get(akash, "akt_burned") > 0.0 && get(akash, "akt_minted") > 0.0);
    assert!(get(akash, "act_minted") >= get(akash, "act_burned"));
    // Under-funded training tenants run dry and their leases close.
    assert!(get(akash, "leases_closed_insufficient_funds") >= 1.0);
    // Render: each approved job's payment burns 95% and keeps 5% (RNP-006).
    assert!((get(render, "render_burned") / get(render, "render_fees") - 19.0).abs() < 1e-9);
    assert!(get(render, "aws_on_demand_cost_usd") > 0.0);
}

#[test]
fn render_month_loses_frames_to_failures_and_reassigns_them() {
    let out = study("render-gpu-failures");
    let render = &out[0];
    assert!(get(render, "frames_lost") > 0.0);
    // Every lost frame is re-rendered: almost every job is approved by the end of the month (the
    // last hours' jobs are still rendering or awaiting approval).
    assert!(get(render, "job_success_rate") > 0.98, "{}", get(render, "job_success_rate"));
    assert!(get(render, "task_success_rate") > 0.99);
    // The emission is minted in full each epoch: 4 weekly epochs in 30 days, at 5% of the network.
    let minted = get(render, "render_minted_work");
    let per_epoch = 190_142.0 / (365.25 / 12.0) * 7.0 * 0.05;
    assert!((minted - 4.0 * per_epoch).abs() < 1e-6, "{minted}");
    let availability = get(render, "render_minted_availability");
    assert!((availability - 4.0 * 12_500.0 / (365.25 / 12.0) * 7.0 * 0.05).abs() < 1e-6);
}
