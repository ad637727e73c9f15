//! The Aleph.im and Arweave studies answer their questions, and their bad parameters are
//! refused with a message.

use crate::common::root;
use depinsim::engine::NetworkOutput;
use depinsim::run::run;
use depinsim::scenario::overrides::Override;
use depinsim::scenario::{LoadOptions, LoadedScenario, load};

fn study(name: &str, overrides: &[(&str, &str)]) -> (LoadedScenario, Result<Vec<NetworkOutput>, String>) {
    let overrides = overrides.iter().map(|(k, v)| Override { key: k.to_string(), value: v.to_string() }).collect();
    let path = root().join("scenarios").join(format!("{name}.toml"));
    let scenario = load(&path, &LoadOptions { overrides, ..Default::default() }).unwrap_or_else(|e| panic!("{e}"));
    let outputs = run(&scenario, None).map_err(|e| e.to_string());
    (scenario, outputs)
}

fn headline(out: &NetworkOutput, metric: &str) -> Option<f64> {
    out.headline.iter().find(|(m, _)| *m == metric).unwrap_or_else(|| panic!("no headline {metric}")).1
}

#[test]
fn arweave_endowment_runs_dry_only_when_costs_rise_fast_and_kryder_plus_then_doubles() {
    let (scenario, out) = study("arweave-endowment-stress", &[]);
    let out = out.unwrap();
    let by_name = |n: &str| &out[scenario.networks.iter().position(|x| x.name == n).unwrap()];
    // Costs falling as assumed, or flat: the endowment outlasts the century.
    for n in ["falls-2pct", "falls-0.5pct", "flat", "rises-1pct"] {
        assert_eq!(headline(by_name(n), "endowment_dry_year"), None, "{n}");
        assert_eq!(headline(by_name(n), "kryder_multiplier"), Some(1.0), "{n}");
    }
    // Rising 3% a year: dry within the century, the multiplier doubles and debt is minted.
    let fast = by_name("rises-3pct");
    let year = headline(fast, "endowment_dry_year").expect("runs dry");
    assert!((2080.0..2126.0).contains(&year), "{year}");
    assert!(headline(fast, "kryder_multiplier").unwrap() >= 2.0);
    assert!(headline(fast, "debt_supply_ar").unwrap() > 0.0);
    // The faster costs rise, the less is left: the endowment at the end falls with the trend.
    let left: Vec<f64> = ["flat", "rises-1pct", "rises-2pct", "rises-3pct"]
        .iter()
        .map(|n| headline(by_name(n), "endowment_ar").unwrap())
        .collect();
    assert!(left.windows(2).all(|w| w[0] > w[1]), "{left:?}");
    // 60% of the miners leave with their data in year 20: the partitions whose five copies were
    // all there are lost, about (24/40)(23/39)(22/38)(21/37)(20/36) = 6.5% of those then.
    for o in &out {
        let lost = headline(o, "partitions_lost").unwrap();
        let parts = headline(o, "partitions").unwrap();
        assert!(lost > 0.0 && lost < 0.2 * parts, "{lost} of {parts}");
    }
}

#[test]
fn aleph_fire_strands_vms_until_strasbourg_restarts_and_credits_pay_the_crns_more() {
    let (_, out) = study("aleph-crn-failover", &[]);
    let out = out.unwrap();
    for o in &out {
        // The fire takes a quarter of the VMs down; many find no room elsewhere and wait.
        let min = o.series.metric("availability").iter().map(|(_, a)| *a).fold(1.0, f64::min);
        assert!(min < 0.85, "min availability {min}");
        assert!(headline(o, "vm_reschedules").unwrap() > 100.0);
        assert!(headline(o, "vm_reschedules_failed").unwrap() > 50.0);
        assert!(headline(o, "vm_downtime_hours").unwrap() > 10_000.0);
        // SBG3/SBG4's restart gives them room again: nothing waits at the end.
        assert_eq!(headline(o, "vms_waiting_for_capacity"), Some(0.0));
        // Content is on every CCN: the Strasbourg CCNs' loss leaves it all reachable.
        assert_eq!(headline(o, "content_reachable_min"), Some(1.0));
        assert!(headline(o, "vm_cost_vs_aws").unwrap() < 1.0);
    }
    let (credits, legacy) = (&out[1], &out[0]);
    assert!(headline(credits, "crn_rewards_aleph").unwrap() > headline(legacy, "crn_rewards_aleph").unwrap());
    assert!(headline(credits, "dev_fund_aleph").unwrap() > 0.0);
    assert_eq!(headline(legacy, "dev_fund_aleph"), Some(0.0));
}

#[test]
fn bad_parameters_of_both_protocols_are_refused_when_loaded_with_what_is_allowed() {
    // Refused when the scenario is loaded (so `validate` catches them), not when a run starts.
    let refused = |name: &str, key: &str, value: &str| {
        let path = root().join("scenarios").join(format!("{name}.toml"));
        let overrides = vec![Override { key: key.into(), value: value.into() }];
        load(&path, &LoadOptions { overrides, ..Default::default() }).expect_err("refused").to_string()
    };
    let err = refused("aleph-crn-failover", "networks.legacy.params.blacklisted_share", "1.5");
    assert!(err.contains("`blacklisted_share` is 1.5") && err.contains("help: a share between 0 and 1"), "{err}");
    let err = refused("aleph-crn-failover", "networks.legacy.params.vms.1.payment", "credit");
    assert!(err.contains("credits-2026"), "{err}");
    let err = refused("arweave-endowment-stress", "networks.flat.params.storage_cost_decline_per_year", "0.7");
    assert!(err.contains("storage_cost_decline_per_year") && err.contains("0.5"), "{err}");
    assert!(
        refused("arweave-endowment-stress", "networks.flat.params.replica", "3").contains("did you mean `replicas`")
    );
}
