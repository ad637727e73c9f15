//! A scenario and a seed give byte-identical outputs, whatever the thread count; another seed
//! gives other results.

use crate::common::root;
use std::path::Path;
use std::process::Command;

const FILES: [&str; 6] = [
    "summary.json",
    "timeseries.csv",
    "nodes.csv",
    "report.html",
    "charts/availability.svg",
    "charts/availability.png",
];

fn run_cli(out: &Path, args: &[&str]) {
    run_scenario("scenarios/cloudflare-2025-11-18.toml", out, args);
}

fn run_scenario(scenario: &str, out: &Path, args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_depinsim"))
        .current_dir(root())
        .args(["run", scenario, "--quiet", "--out"])
        .arg(out)
        .args(args)
        .status()
        .expect("runs");
    assert!(status.success());
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Asserts `file` is byte-identical in both folders; on failure, says where they first differ.
fn same(x: &Path, y: &Path, file: &str, when: &str) {
    let (a, b) = (read(x, file), read(y, file));
    if a != b {
        let at = a.iter().zip(&b).position(|(p, q)| p != q).unwrap_or(a.len().min(b.len()));
        let context =
            |v: &[u8]| String::from_utf8_lossy(&v[at.saturating_sub(80)..(at + 80).min(v.len())]).into_owned();
        panic!("{file} differs {when} at byte {at}:\n{}\n---\n{}", context(&a), context(&b));
    }
}

#[test]
fn same_seed_same_bytes_other_seed_other_results() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c, d) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"), tmp.path().join("d"));
    run_cli(&a, &["--seed", "7", "--jobs", "1"]);
    run_cli(&b, &["--seed", "7", "--jobs", "2"]);
    run_cli(&c, &["--seed", "7", "--jobs", "2"]);
    run_cli(&d, &["--seed", "8"]);
    for file in FILES {
        same(&a, &b, file, "between 1 and 2 threads");
        same(&b, &c, file, "between two runs");
    }
    assert_ne!(read(&a, "timeseries.csv"), read(&d, "timeseries.csv"), "seed 8 gave the same series as seed 7");
    assert_ne!(read(&a, "nodes.csv"), read(&d, "nodes.csv"));
    // run.json holds what may differ (wall time), and only that.
    let info: serde_json::Value = serde_json::from_slice(&read(&a, "run.json")).unwrap();
    assert!(info["wall_time_s"].as_f64().unwrap() > 0.0);
    // No temporary files are left behind.
    let names: Vec<String> =
        std::fs::read_dir(&a).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

/// The protocol studies with several networks, which the engine runs on several threads: one
/// thread or two, the same bytes.
#[test]
fn every_multi_network_protocol_study_gives_the_same_bytes_on_one_thread_or_two() {
    let tmp = tempfile::tempdir().unwrap();
    for study in [
        "helium-density-scaling",
        "gpu-market-vs-aws",
        "aleph-crn-failover",
        "arweave-endowment-stress",
        "hivemapper-city-freshness",
        "powerledger-iberian-blackout",
    ] {
        let scenario = format!("scenarios/{study}.toml");
        let (a, b) = (tmp.path().join(format!("{study}-1")), tmp.path().join(format!("{study}-2")));
        run_scenario(&scenario, &a, &["--jobs", "1"]);
        run_scenario(&scenario, &b, &["--jobs", "2"]);
        for file in ["summary.json", "timeseries.csv", "nodes.csv", "report.html"] {
            same(&a, &b, file, &format!("between 1 and 2 threads in {study}"));
        }
    }
}

#[test]
fn outputs_have_the_documented_shape() {
    let tmp = tempfile::tempdir().unwrap();
    run_cli(tmp.path(), &[]);
    let series = String::from_utf8(read(tmp.path(), "timeseries.csv")).unwrap();
    assert!(series.starts_with("time_s,network,metric,value\n"));
    let summary: serde_json::Value = serde_json::from_slice(&read(tmp.path(), "summary.json")).unwrap();
    for network in ["cdn", "content"] {
        let m = &summary["networks"][network]["metrics"];
        for key in [
            "availability_mean",
            "availability_min",
            "time_to_recover_s",
            "downtime_s",
            "data_lost_bytes",
            "rewards_total_usd",
            "cost_total_usd",
            "nakamoto_providers",
        ] {
            assert!(m.get(key).is_some(), "{network} lacks {key}");
        }
    }
    assert_eq!(summary["networks"]["cdn"]["metrics"]["nakamoto_providers"], 1.0, "one provider takes the CDN down");
    let nodes = String::from_utf8(read(tmp.path(), "nodes.csv")).unwrap();
    assert_eq!(nodes.lines().count(), 1 + 330 + 3100);
}
