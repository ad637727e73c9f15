//! Rewards in the networks' own tokens: what each node was paid in HNT or FIL, kept beside its USD
//! value, so a token figure can be checked against the protocol's rules without a price between.

use crate::common::root;
use depinsim::engine::NetworkOutput;
use depinsim::input::overrides::Override;
use depinsim::run::run;
use depinsim::scenario::{LoadOptions, LoadedScenario, load};
use std::process::Command;

fn study(name: &str, sets: &[(&str, &str)]) -> (LoadedScenario, Vec<NetworkOutput>) {
    let path = root().join("scenarios").join(format!("{name}.toml"));
    let overrides = sets.iter().map(|(k, v)| Override { key: k.to_string(), value: v.to_string() }).collect();
    let scenario = load(&path, &LoadOptions { overrides, ..Default::default() }).unwrap_or_else(|e| panic!("{e}"));
    let outputs = run(&scenario, None).unwrap_or_else(|e| panic!("{e}"));
    (scenario, outputs)
}

#[test]
fn helium_pays_hnt_worth_its_usd_at_the_one_price_of_the_study() {
    // One HNT price throughout (USD 2.5): each hotspot's USD is exactly its HNT at that price.
    let (_, outs) = study("helium-aws-oracle-outage", &[]);
    let out = &outs[0];
    assert_eq!(out.token, Some("HNT"));
    let paid: Vec<usize> = (0..out.rewards_usd.len()).filter(|i| out.rewards_tokens[*i] > 0.0).collect();
    assert!(paid.len() > 100, "{} hotspots paid", paid.len());
    for i in paid {
        let (hnt, usd) = (out.rewards_tokens[i], out.rewards_usd[i]);
        assert!((usd - 2.5 * hnt).abs() <= 1e-12 * usd, "node {i}: {hnt} HNT, {usd} USD");
    }
    // What the oracle paid is what was earned less what still waits at the end.
    let tokens: f64 = out.rewards_tokens.iter().sum();
    let earned = out.series.last("hnt_earned").unwrap();
    let pending = out.series.last("hnt_pending").unwrap();
    assert!((tokens - (earned - pending)).abs() <= 1e-9 * earned, "{tokens} vs {earned} - {pending}");
}

#[test]
fn filecoin_sps_hold_the_fil_the_network_minted_for_them() {
    let (_, outs) = study("filecoin-ovh-fire", &[("duration", "3d")]);
    for out in &outs {
        assert_eq!(out.token, Some("FIL"));
        let tokens: f64 = out.rewards_tokens.iter().sum();
        let earned = out.series.last("rewards_earned_fil").unwrap();
        assert!(earned > 0.0);
        assert!((tokens - earned).abs() <= 1e-9 * earned, "{tokens} FIL paid vs {earned} FIL earned");
    }
}

#[test]
fn nodes_csv_names_the_token_and_leaves_it_empty_for_usd_networks() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    let status = Command::new(env!("CARGO_BIN_EXE_depinsim"))
        .current_dir(root())
        .args(["run", "scenarios/gpu-market-vs-aws.toml", "--quiet", "--out"])
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(dir.join("nodes.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[header.len() - 2..], ["token", "rewards_tokens"]);
    let (token, amount) = (header.len() - 2, header.len() - 1);
    let mut seen = std::collections::BTreeSet::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        seen.insert(f[token].to_string());
        if f[token].is_empty() {
            assert_eq!(f[amount], "", "{line}");
        } else {
            assert!(f[amount].parse::<f64>().unwrap() >= 0.0, "{line}");
        }
    }
    // Under BME Akash pays its providers in AKT minted at settlement; Render pays in RENDER.
    assert!(seen.contains("AKT") && seen.contains("RENDER"), "{seen:?}");
}
