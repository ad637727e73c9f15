//! The shipped studies show what they claim.

use crate::common::root;
use depinsim::headline::RECOVERED;
use depinsim::run::run;
use depinsim::scenario::overrides::Override;
use depinsim::scenario::{LoadOptions, load};

fn study(
    name: &str,
    overrides: &[(&str, &str)],
) -> (depinsim::scenario::LoadedScenario, Vec<depinsim::engine::NetworkOutput>) {
    let overrides = overrides.iter().map(|(k, v)| Override { key: k.to_string(), value: v.to_string() }).collect();
    let path = root().join("scenarios").join(format!("{name}.toml"));
    let scenario = load(&path, &LoadOptions { overrides, ..Default::default() }).unwrap_or_else(|e| panic!("{e}"));
    let outputs = run(&scenario, None).unwrap_or_else(|e| panic!("{e}"));
    (scenario, outputs)
}

fn window(out: &depinsim::engine::NetworkOutput, from_s: f64, to_s: f64) -> Vec<f64> {
    out.series.metric("availability").into_iter().filter(|(t, _)| *t > from_s && *t <= to_s).map(|(_, a)| a).collect()
}

/// Seconds from the scenario start (10:00 UTC) to `h:m` UTC.
fn utc(h: f64, m: f64) -> f64 {
    ((h - 10.0) * 60.0 + m) * 60.0
}

#[test]
fn cloudflare_cdn_collapses_in_waves_and_the_decentralized_drop_is_the_cdn_share() {
    for share in ["0.3", "0.6"] {
        let (_, out) = study("cloudflare-2025-11-18", &[("networks.content.nodes.gateways.depends_share", share)]);
        let (cdn, content) = (&out[0], &out[1]);
        let waves = window(cdn, utc(11.0, 20.0), utc(14.0, 30.0));
        // The CDN fails completely in each bad phase and recovers completely in each good one:
        // count the falls from served to failed, one per 5-minute cycle (38 in 11:20-14:30).
        let falls = waves.windows(2).filter(|w| w[0] >= 0.5 && w[1] < 0.5).count();
        assert!((36..=39).contains(&falls), "{falls} waves");
        assert_eq!(waves.iter().copied().fold(1.0, f64::min), 0.0);
        assert_eq!(waves.iter().copied().fold(0.0, f64::max), 1.0);
        // The decentralized network never falls further than the share behind the CDN.
        let share: f64 = share.parse().unwrap();
        let worst = window(content, utc(11.0, 20.0), utc(14.0, 30.0)).into_iter().fold(1.0, f64::min);
        assert!(worst > 1.0 - share - 0.1 && worst < 1.0 - share + 0.1, "worst {worst} with share {share}");
        // Before and after the outage both serve everything.
        for out in [cdn, content] {
            assert!(window(out, 0.0, utc(11.0, 20.0)).iter().all(|a| *a >= RECOVERED));
            assert!(window(out, utc(17.0, 10.0), utc(19.0, 0.0)).iter().all(|a| *a >= RECOVERED));
        }
    }
}

#[test]
fn ovh_fire_loses_data_only_where_it_had_no_copy_elsewhere() {
    let (_, out) = study("ovh-sbg-2021-03-10", &[]);
    let lost = |i: usize| out[i].series.last("objects_lost").unwrap();
    let (decentralized, multi_site, sbg_only) = (lost(0), lost(1), lost(2));
    // Replicas spread over independent operators: at most a few objects of 100,000.
    assert!(decentralized < 100.0, "decentralized lost {decentralized}");
    // Strasbourg only: objects with both replicas in SBG2 when it burns, (1/4)^2 = 6.25%, plus
    // those with both in SBG1's burnt third when it burns 2 h 41 min later, (1/12)^2 = 0.7%
    // (objects that lost one replica in SBG2 were repaired within the hour): about 7%.
    assert!(sbg_only > 6_000.0 && sbg_only < 9_500.0, "sbg-only lost {sbg_only}");
    assert!(multi_site <= decentralized + 100.0);
    // Stranded in SBG3/SBG4 but not destroyed: unavailable for days, back after the restart.
    let unavailable = out[2].series.metric("objects_unavailable");
    let at_day = |d: f64| unavailable.iter().find(|(t, _)| *t >= d * 86_400.0).unwrap().1;
    assert!(at_day(5.0) > at_day(29.0) + 10_000.0, "SBG3/SBG4 restarts bring data back");
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

#[test]
fn cloudflare_2022_fails_half_of_the_requests_from_19_weighted_locations() {
    let (scenario, out) = study("cloudflare-2022-06-21", &[]);
    let cdn = &out[0];
    assert_eq!(scenario.networks[0].groups.iter().map(|g| g.count).sum::<u32>(), 475, "no duplicated nodes");
    // Seconds from the run's start (06:00 UTC).
    let at = |h: f64, m: f64| ((h - 6.0) * 60.0 + m) * 60.0;
    // Until the reverts begin (06:27-06:58), about 50% of requests fail (the blog's figure): a
    // blackhole of the 19 locations that carry half of the traffic, not a withdrawal.
    let hit = mean(&window(cdn, at(6.0, 28.0), at(6.0, 58.0)));
    assert!((hit - 0.5).abs() < 0.03, "availability while the 19 locations fail: {hit}");
    // Served in full before 06:27 and after the last revert at 07:42, and in between recovering.
    assert!(window(cdn, 0.0, at(6.0, 27.0)).iter().all(|a| *a > 0.99));
    assert!(window(cdn, at(7.0, 43.0), at(9.0, 0.0)).iter().all(|a| *a > 0.99));
    let reverting = mean(&window(cdn, at(7.0, 26.0), at(7.0, 42.0)));
    assert!(reverting > hit + 0.2 && reverting < 0.95, "while the reverts land: {reverting}");
}

#[test]
fn cloudflare_2019_drops_82_percent_of_traffic_for_27_minutes() {
    let (_, out) = study("cloudflare-2019-07-02", &[]);
    let cdn = &out[0];
    let at = |h: f64, m: f64| ((h - 13.0) * 60.0 + m) * 60.0;
    let hit = window(cdn, at(13.0, 43.0), at(14.0, 9.0));
    assert_eq!(hit.len(), 26, "one-minute samples over 13:42-14:09 (the first opens at 13:42)");
    let served = mean(&hit);
    assert!((served - 0.18).abs() < 0.02, "served during the outage: {served} (the blog: an 82% drop)");
    assert!(window(cdn, 0.0, at(13.0, 42.0)).iter().all(|a| *a > 0.99));
    assert!(window(cdn, at(14.0, 10.0), at(15.0, 0.0)).iter().all(|a| *a > 0.99));
}

#[test]
fn the_iberian_blackout_reaches_the_powerledger_community_at_10_33_not_at_the_next_interval() {
    let (scenario, out) = study("powerledger-iberian-blackout", &[]);
    // grid-tied: every islanded kWh goes unserved. The run starts at 00:00 UTC.
    assert_eq!(scenario.networks[2].name, "grid-tied");
    let grid_tied = &out[2];
    let series = |m: &str| grid_tied.series.metric(m);
    let at = |m: &str, h: f64| series(m).into_iter().find(|(t, _)| *t == h * 3600.0).map(|(_, v)| v).unwrap();
    assert_eq!(at("households_islanded", 10.5), 0.0);
    assert_eq!(at("households_islanded", 11.0), 100.0);
    // The 10:30-11:00 interval is settled at 11:00 with its 27 islanded minutes unserved (it was
    // counted as connected, and nothing unserved, when faults were read at interval starts).
    let (u0, u1, u2) = (at("unmet_load_kwh", 10.5), at("unmet_load_kwh", 11.0), at("unmet_load_kwh", 11.5));
    assert_eq!(u0, 0.0);
    assert!(u1 > 0.0 && u1 < u2 - u1, "27 minutes ({}) less than the next whole interval ({})", u1 - u0, u2 - u1);
}

/// A study's scenario with `edit` applied to its text, loaded as if it sat in `scenarios/` (so its
/// profiles and outage files are found), and run.
fn study_edited(
    name: &str,
    edit: impl Fn(&str) -> String,
) -> (depinsim::scenario::LoadedScenario, Vec<depinsim::engine::NetworkOutput>) {
    let path = root().join("scenarios").join(format!("{name}.toml"));
    let text = edit(&std::fs::read_to_string(&path).unwrap());
    assert_ne!(text, std::fs::read_to_string(&path).unwrap(), "the edit changes the study");
    let scenario =
        depinsim::scenario::load_str(&path, &text, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let outputs = run(&scenario, None).unwrap_or_else(|e| panic!("{e}"));
    (scenario, outputs)
}

fn headline(out: &depinsim::engine::NetworkOutput, name: &str) -> f64 {
    out.headline.iter().find(|(k, _)| *k == name).and_then(|(_, v)| *v).unwrap_or_else(|| panic!("no {name}"))
}

/// The sample of `metric` at `s` seconds from the start.
fn sample(out: &depinsim::engine::NetworkOutput, metric: &str, s: f64) -> f64 {
    out.series
        .metric(metric)
        .into_iter()
        .find(|(t, _)| (*t - s).abs() < 1.0)
        .unwrap_or_else(|| panic!("no {metric} at {s}"))
        .1
}

#[test]
fn the_solana_halt_stops_helium_s_chain_for_five_hours_and_misses_the_daily_reward_run() {
    let name = "helium-solana-halt-2024-02-06";
    let (_, out) = study(name, &[]);
    let helium = &out[0];
    // Seconds from the run's start (5 Feb 2024 00:00 UTC) to h:m UTC on 6 Feb.
    let feb6 = |h: f64, m: f64| (24.0 + h) * 3600.0 + m * 60.0;
    // Anza's report: finalization halted at 09:53, consensus resumed at 14:55. The chain node is
    // down in every 5-minute sample from 09:55 to 14:50 and up at 09:50 and 15:00.
    let chain = "nodes_up/site/solana-mainnet";
    assert_eq!((sample(helium, chain, feb6(9.0, 50.0)), sample(helium, chain, feb6(15.0, 0.0))), (1.0, 1.0));
    let halted: Vec<f64> = helium
        .series
        .metric(chain)
        .into_iter()
        .filter(|(t, _)| *t >= feb6(9.0, 55.0) && *t <= feb6(14.0, 50.0))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(halted.len(), 60);
    assert!(halted.iter().all(|v| *v == 0.0), "{halted:?}");
    // Coverage, sensor delivery and rewards do not move: every series but the chain's own is
    // the same as in the same run without the halt.
    let (_, calm) = study_edited(name, |t| t.replace("[[events]]\nname = \"solana-mainnet-2024-02-06\"\n", ""));
    for metric in ["coverage_hexes", "packet_delivery_rate", "rewards_usd", "hnt_pending", "nodes_up/site/home"] {
        assert_eq!(helium.series.metric(metric), calm[0].series.metric(metric), "{metric}");
    }
    assert!(headline(helium, "coverage_hexes_min") >= 0.98 * sample(helium, "coverage_hexes", 300.0));
    assert!(headline(helium, "packet_delivery_min") >= 0.97);
    // The daily reward runs (00:30 UTC on 6 and 7 Feb) fall outside the halt: none waits.
    assert_eq!(headline(helium, "epochs_paid"), 2.0);
    assert_eq!((headline(helium, "epochs_delayed"), headline(helium, "reward_delay_max_s")), (0.0, 0.0));
    // A reward run moved into the halt waits for the restart at 14:55: the delay reads the halt's
    // start (after 09:52, by 09:54) and its end (14:55, to the second). From 09:54 the wait is
    // 5 h 1 min, the published five hours less the minute after 09:53.
    for (offset, delay_s) in [("9h52m", 0.0), ("9h54m", (5.0 * 60.0 + 1.0) * 60.0), ("14h54m", 60.0), ("14h56m", 0.0)] {
        let (_, out) = study(name, &[("networks.helium.params.reward_offset", offset)]);
        let delayed = if delay_s > 0.0 { 1.0 } else { 0.0 };
        assert_eq!(headline(&out[0], "epochs_delayed"), delayed, "reward run at {offset}");
        assert_eq!(headline(&out[0], "reward_delay_max_s"), delay_s, "reward run at {offset}");
    }
}

#[test]
fn aws_2021_control_plane_failure_keeps_running_workloads_while_launches_fail_15_30_to_22_22() {
    let name = "akash-aws-us-east-1-2021";
    let (_, out) = study(name, &[]);
    let akash = &out[0];
    // Seconds from the run's start (6 Dec 2021 00:00 UTC) to h:m UTC on 7 Dec.
    let dec7 = |h: f64, m: f64| (24.0 + h) * 3600.0 + m * 60.0;
    let at = |metric: &str, h: f64, m: f64| sample(akash, metric, dec7(h, m));
    // AWS: control planes failed from 7:30 AM PST (15:30 UTC) until the network devices recovered
    // at 2:22 PM PST (22:22 UTC). Cloud launches fail from the first 10-minute sample after 15:30
    // to the one after 22:22, and never outside it.
    let failures = "cloud_launch_failures";
    let last = headline(akash, failures);
    assert_eq!(at(failures, 15.0, 30.0), 0.0);
    assert!(at(failures, 15.0, 40.0) > 0.0);
    assert!(at(failures, 22.0, 10.0) < last && at(failures, 22.0, 30.0) == last, "{last}");
    // Running workloads keep running (the summary: running instances were not affected): no cloud
    // lease is lost and every one that ended ran to completion; no Akash lease is lost in the window.
    assert_eq!(headline(akash, "cloud_leases_lost"), 0.0);
    assert_eq!(headline(akash, "cloud_lease_success_rate"), 1.0);
    assert_eq!(at("leases_lost", 15.0, 30.0), at("leases_lost", 22.0, 30.0));
    // The cloud's running leases only end as their runs do, while its tenants queue; the queue
    // launches at once when the control plane is back.
    let running = at("cloud_leases_active", 15.0, 30.0);
    assert!(at("cloud_leases_active", 15.0, 40.0) >= running - 3.0, "{running} running at 15:30");
    let queued = at("cloud_waiting", 22.0, 20.0);
    assert!(queued >= 50.0 && at("cloud_waiting", 15.0, 30.0) <= 5.0 && at("cloud_waiting", 22.0, 30.0) <= 5.0);
    assert!(at("cloud_leases_active", 22.0, 30.0) >= at("cloud_leases_active", 22.0, 20.0) + queued - 5.0);
    // Akash tenants whose bid lands in us-east-1 re-bid elsewhere within minutes: the Akash market
    // keeps serving nearly everything it was asked to.
    let served = mean(&window(akash, dec7(15.0, 30.0), dec7(22.0, 30.0)));
    assert!(served > 0.9, "Akash availability over the window: {served}");
    assert!(headline(akash, "launch_failures") > 0.0 && headline(akash, "queue_time_mean_s") < 600.0);
    // Had the region taken running instances down too, the cloud would have lost its running
    // leases: the kind of the failure, not its window, is what keeps them.
    let (_, down) = study_edited(name, |t| {
        t.replace(
            "skip = [\"aws-use1-internal-dns\", \"aws-use1-api-tail\"]\n",
            "skip = [\"aws-use1-internal-dns\", \"aws-use1-api-tail\"]\n[events.impact]\naws-use1-control-plane = { kind = \"down\" }\n",
        )
    });
    assert!(headline(&down[0], "cloud_leases_lost") >= running - 5.0, "{}", headline(&down[0], "cloud_leases_lost"));
}
