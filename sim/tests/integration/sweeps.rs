//! Sweeps: the same bytes whatever the thread count, and for merged shards; resuming after an
//! interruption; failed runs recorded; and `check` against a baseline.

use crate::common::root;
use std::path::Path;
use std::process::{Command, Output};

fn depinsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_depinsim")).current_dir(root()).args(args).output().expect("runs")
}

fn ok(args: &[&str]) -> Output {
    let out = depinsim(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// Two parameters x 8 seeds on the Cloudflare study, made smaller with fixed overrides so the
/// test stays quick.
fn sweep_args<'a>(out: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "sweep",
        "scenarios/cloudflare-2025-11-18.toml",
        "--seeds",
        "8",
        "--set",
        "networks.content.nodes.gateways.depends_share=0.2,0.6",
        "--set",
        "networks.content.params.replicas=2,3",
        "--set",
        "networks.content.nodes.home-storage.count=300",
        "--set",
        "networks.content.params.objects=300",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args
}

fn sweep(out: &Path, extra: &[&str]) {
    let mut args = sweep_args(out, extra);
    args.push("--quiet");
    ok(&args);
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(file).display()))
}

#[test]
fn sweeps_are_identical_across_threads_and_shards_and_resume() {
    let tmp = tempfile::tempdir().unwrap();
    let d = |n: &str| tmp.path().join(n);
    sweep(&d("one"), &["--jobs", "1"]);
    sweep(&d("two"), &["--jobs", "2"]);
    sweep(&d("s1"), &["--shard", "1/2"]);
    sweep(&d("s2"), &["--shard", "2/2"]);
    ok(&["merge", d("s1").to_str().unwrap(), d("s2").to_str().unwrap(), "--out", d("merged").to_str().unwrap()]);
    for file in ["sweep.csv", "sweep-summary.csv", "sweep.json", "sweep.html"] {
        assert_eq!(read(&d("one"), file), read(&d("two"), file), "{file}: --jobs 1 vs 2");
        assert_eq!(read(&d("one"), file), read(&d("merged"), file), "{file}: one machine vs merged shards");
    }
    let csv = read(&d("one"), "sweep.csv");
    assert_eq!(csv.lines().count(), 1 + 4 * 8, "a header and 32 runs");
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with(
        "run,point,replicate,seed,networks.content.nodes.gateways.depends_share,networks.content.params.replicas,error,"
    ));
    assert!(header.contains("content.availability_mean"));
    // Every run has its own seed, recorded in its row.
    let mut seeds: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').nth(3).unwrap()).collect();
    seeds.sort();
    seeds.dedup();
    assert_eq!(seeds.len(), 32);
    let summary = read(&d("one"), "sweep-summary.csv");
    assert_eq!(summary.lines().count(), 1 + 4, "one row per point");
    assert!(summary.lines().next().unwrap().contains("content.availability_min.p95"));
    // The charts: each varying headline metric against each parameter.
    assert!(d("one").join("charts/sweep-content-availability_min-vs-depends_share.svg").exists());

    // Interrupted after 10 complete rows and half a line: the rerun resumes and ends identical.
    let lines: Vec<&str> = csv.lines().collect();
    let cut = format!("{}\n{}", lines[..11].join("\n"), &lines[11][..lines[11].len() / 2]);
    std::fs::create_dir_all(d("resumed")).unwrap();
    std::fs::copy(d("one").join("sweep.json"), d("resumed").join("sweep.json")).unwrap();
    std::fs::write(d("resumed").join("sweep.csv.partial"), cut).unwrap();
    let out = depinsim(&sweep_args(&d("resumed"), &[]));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("(10 resumed, 0 failed)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(read(&d("resumed"), "sweep.csv"), csv);
    assert!(!d("resumed").join("sweep.csv.partial").exists());

    // Another sweep into the same folder is refused rather than mixed in.
    let out = depinsim(&[
        "sweep",
        "scenarios/cloudflare-2025-11-18.toml",
        "--quiet",
        "--seeds",
        "2",
        "--out",
        d("one").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds a different sweep"));
}

#[test]
fn failed_runs_are_recorded_and_the_sweep_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    // replicas = 0 is rejected by the protocol: that point fails, the other runs.
    ok(&[
        "sweep",
        "scenarios/cloudflare-2025-11-18.toml",
        "--quiet",
        "--seeds",
        "2",
        "--set",
        "networks.content.params.replicas=0,2",
        "--set",
        "networks.content.params.objects=200",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    let csv = read(tmp.path(), "sweep.csv");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 4);
    assert!(rows[0].contains("`replicas` is 0") && rows[1].contains("`replicas` is 0"), "{csv}");
    assert!(rows[2].contains(",,") && !rows[2].contains("error"), "{csv}");
    let summary = read(tmp.path(), "sweep-summary.csv");
    assert!(summary.lines().nth(1).unwrap().contains(",2,2,"), "point 0: 2 runs, 2 failed:\n{summary}");
}

#[test]
fn check_passes_unchanged_and_fails_when_a_parameter_makes_things_worse() {
    let tmp = tempfile::tempdir().unwrap();
    let (same, worse) = (tmp.path().join("same"), tmp.path().join("worse"));
    let baseline = root().join("scenarios/baselines/cloudflare-2025-11-18.toml");
    ok(&["run", "--quiet", "--out", same.to_str().unwrap()]);
    let out = depinsim(&["check", same.to_str().unwrap(), "--baseline", baseline.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    ok(&[
        "run",
        "--quiet",
        "--out",
        worse.to_str().unwrap(),
        "--set",
        "networks.content.nodes.gateways.depends_share=0.5",
    ]);
    let out = depinsim(&["check", worse.to_str().unwrap(), "--baseline", baseline.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.lines().any(|l| l.starts_with("content") && l.contains("availability_min") && l.ends_with("REGRESSION")),
        "{stdout}"
    );
    assert!(
        stdout.lines().any(|l| l.starts_with("cdn") && l.contains("availability_mean") && l.ends_with("ok")),
        "{stdout}"
    );
    // A baseline written from a run passes on that run.
    let own = tmp.path().join("own.toml");
    ok(&["baseline", worse.to_str().unwrap(), "--out", own.to_str().unwrap()]);
    assert_eq!(
        depinsim(&["check", worse.to_str().unwrap(), "--baseline", own.to_str().unwrap()]).status.code(),
        Some(0)
    );
}

#[test]
fn a_sweep_table_in_the_scenario_gives_the_points_and_seeds() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(root().join("scenarios/cloudflare-2025-11-18.toml")).unwrap();
    text.push_str("\n[sweep]\nseeds = 2\n[[sweep.params]]\nkey = \"networks.content.nodes.gateways.depends_share\"\nrange = { from = 0.2, to = 0.6, step = 0.2 }\n");
    let scenario = tmp.path().join("swept.toml");
    std::fs::write(&scenario, text).unwrap();
    let (profiles, out) = (root().join("hardware-profiles"), tmp.path().join("out"));
    ok(&[
        "sweep",
        scenario.to_str().unwrap(),
        "--quiet",
        "--profiles",
        profiles.to_str().unwrap(),
        "--set",
        "networks.content.params.objects=300",
        "--out",
        out.to_str().unwrap(),
    ]);
    let csv = read(&out, "sweep.csv");
    let shares: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').nth(4).unwrap()).collect();
    assert_eq!(shares, vec!["0.2", "0.2", "0.4", "0.4", "0.6", "0.6"], "3 points from the range, 2 seeds each");
}
