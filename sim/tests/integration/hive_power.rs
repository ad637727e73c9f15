//! The Hivemapper and Powerledger studies show what they claim, through the engine.

use crate::common::root;
use depinsim::engine::NetworkOutput;
use depinsim::run::run;
use depinsim::scenario::overrides::Override;
use depinsim::scenario::{LoadOptions, LoadedScenario, load};

fn study(name: &str, overrides: &[(&str, &str)]) -> Result<(LoadedScenario, Vec<NetworkOutput>), String> {
    let overrides = overrides.iter().map(|(k, v)| Override { key: k.to_string(), value: v.to_string() }).collect();
    let path = root().join("scenarios").join(format!("{name}.toml"));
    let scenario = load(&path, &LoadOptions { overrides, ..Default::default() }).map_err(|e| e.to_string())?;
    let outputs = run(&scenario, None).map_err(|e| e.to_string())?;
    Ok((scenario, outputs))
}

fn headline(out: &NetworkOutput, name: &str) -> f64 {
    out.headline.iter().find(|(m, _)| *m == name).and_then(|(_, v)| *v).unwrap_or_else(|| panic!("no {name}"))
}

/// The sample of `metric` at `s` seconds from the start.
fn sample(out: &NetworkOutput, metric: &str, s: f64) -> f64 {
    out.series
        .metric(metric)
        .into_iter()
        .find(|(t, _)| (*t - s).abs() < 1.0)
        .unwrap_or_else(|| panic!("{metric} at {s}"))
        .1
}

const HOUR: f64 = 3600.0;
const DAY: f64 = 86_400.0;

#[test]
fn iberian_blackout_islands_the_community_along_the_restoration_timeline() {
    let (_, out) = study("powerledger-iberian-blackout", &[]).unwrap();
    let (micro, backup, tied) = (&out[0], &out[1], &out[2]);
    for net in [micro, backup, tied] {
        // Nobody is islanded before 10:33 UTC, everybody at 11:00.
        assert_eq!(sample(net, "households_islanded", 10.0 * HOUR), 0.0);
        assert_eq!(sample(net, "households_islanded", 11.0 * HOUR), 100.0);
        // 23:00 UTC: Portugal is back (22:30), Spain at 60% since 22:00: 40% of 60 homes remain.
        assert_eq!(sample(net, "households_islanded", 23.0 * HOUR), 24.0);
        // 05:00 UTC on 29 Apr: everyone is back.
        assert_eq!(sample(net, "households_islanded", 29.5 * HOUR), 0.0);
        // No unmet load before the blackout, and none added after the restoration.
        assert_eq!(sample(net, "unmet_load_kwh", 10.5 * HOUR), 0.0);
        let after = sample(net, "unmet_load_kwh", 29.5 * HOUR);
        assert_eq!(net.series.last("unmet_load_kwh"), Some(after));
        // Grid imports stop while the whole community is islanded (11:00 to 16:00 UTC).
        assert_eq!(sample(net, "grid_import_kwh", 11.0 * HOUR), sample(net, "grid_import_kwh", 16.0 * HOUR));
    }
    // Anti-islanding loses every islanded kWh; a home on its own kit keeps part; a microgrid more.
    let served = |o: &NetworkOutput| headline(o, "islanded_served_share");
    assert_eq!(served(tied), 0.0);
    assert!(served(backup) > 0.3, "{}", served(backup));
    assert!(served(micro) > served(backup) + 0.2, "{} vs {}", served(micro), served(backup));
    // Only the microgrid trades while islanded, and its island price stays under the bid cap.
    assert!(headline(micro, "island_traded_kwh") > 0.0);
    assert_eq!(headline(backup, "island_traded_kwh"), 0.0);
    let p = headline(micro, "island_price_mean_usd_per_kwh");
    assert!(p > 0.05 && p <= 0.50, "{p}");
}

#[test]
fn hivemapper_pays_the_weekly_pool_in_full_and_the_halved_pool_halves_it() {
    let (_, out) = study("hivemapper-city-freshness", &[]).unwrap();
    for (net, halved) in [(&out[0], false), (&out[1], true)] {
        // Each week's pool (sampled the day after payment) is its base times a MIP-7 multiplier,
        // and the pools paid add up to the HONEY paid: the split sums to the pool.
        let mut sum = 0.0;
        for week in 1..=25u32 {
            let t = (7 * week + 1) as f64 * DAY;
            let pool = sample(net, "weekly_pool_honey", t);
            let base = if halved && week > 13 { 10_000.0 } else { 20_000.0 };
            let mult = pool / base;
            assert!([1.0, 1.5, 2.0, 3.0].iter().any(|m| (mult - m).abs() < 1e-9), "week {week}: {pool}");
            sum += pool;
        }
        let paid = sample(net, "honey_paid", (7 * 25 + 1) as f64 * DAY);
        assert!((paid - sum).abs() < 1e-6 * sum, "{paid} vs {sum}");
        // The warmed-up city is mapped from the first day, and stays nearly complete.
        assert!(sample(net, "map_coverage", DAY) > 0.85);
        assert!(headline(net, "map_coverage_end") > 0.9);
        let fresh = headline(net, "map_fresh_share_mean");
        assert!(fresh > 0.5 && fresh < 1.0, "{fresh}");
    }
}

#[test]
fn both_studies_are_deterministic() {
    for name in ["powerledger-iberian-blackout", "hivemapper-city-freshness"] {
        let overrides: &[(&str, &str)] = if name.starts_with("hive") { &[("duration", "28d")] } else { &[] };
        let (_, a) = study(name, overrides).unwrap();
        let (_, b) = study(name, overrides).unwrap();
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.headline, y.headline);
            assert_eq!(x.rewards_usd, y.rewards_usd);
        }
    }
}

#[test]
fn bad_params_are_rejected_before_the_run() {
    let err = study("powerledger-iberian-blackout", &[("networks.p2p-microgrid.params.islanding", "diesel")])
        .err()
        .expect("an unknown islanding mode is an error");
    assert!(err.contains("microgrid") && err.contains("grid-tied"), "{err}");
    let err = study("hivemapper-city-freshness", &[("networks.steady-pool.params.explore_share", "2.0")])
        .err()
        .expect("a share above 1 is an error");
    assert!(err.contains("explore_share"), "{err}");
}
