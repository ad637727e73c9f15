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

    // Killed (SIGKILL) after some runs finished, with a torn last journal line: the rerun keeps
    // every finished run, does the rest, and ends with the same bytes.
    let resumed = d("resumed");
    let mut args = sweep_args(&resumed, &["--jobs", "1", "--quiet"]);
    args.retain(|a| !a.is_empty());
    let mut child = Command::new(env!("CARGO_BIN_EXE_depinsim")).current_dir(root()).args(&args).spawn().unwrap();
    let journal = resumed.join("sweep.journal.jsonl");
    let lines = |p: &Path| std::fs::read_to_string(p).map_or(0, |t| t.matches('\n').count());
    while lines(&journal) < 3 {
        assert!(child.try_wait().unwrap().is_none(), "the sweep ended before it could be killed");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let finished = lines(&journal);
    assert!(finished < 32, "killed mid-sweep");
    let mut torn = std::fs::read_to_string(&journal).unwrap();
    torn.push_str("{\"run\":31,\"metr");
    std::fs::write(&journal, torn).unwrap();
    let out = depinsim(&sweep_args(&resumed, &[]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&format!("({finished} resumed, 0 failed)")), "{stdout}");
    assert_eq!(read(&resumed, "sweep.csv"), csv);
    assert_eq!(read(&resumed, "sweep.json"), read(&d("one"), "sweep.json"));
    assert!(!journal.exists(), "the journal becomes sweep.csv");

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
    // replicas = 0 is rejected by the protocol: that point fails, the other runs; the sweep
    // exits 3, so that a cluster's task does not show a success.
    let out = depinsim(&[
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
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
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

/// The Cloudflare study in a folder of its own (with the profiles found through `--profiles`),
/// so that a test can edit it.
fn own_copy(dir: &Path) -> std::path::PathBuf {
    let scenario = dir.join("study.toml");
    std::fs::copy(root().join("scenarios/cloudflare-2025-11-18.toml"), &scenario).unwrap();
    scenario
}

fn small_sweep<'a>(scenario: &'a str, profiles: &'a str, out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "sweep",
        scenario,
        "--quiet",
        "--profiles",
        profiles,
        "--seeds",
        "2",
        "--set",
        "networks.content.params.objects=200",
        "--set",
        "networks.content.nodes.home-storage.count=200",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn resume_and_merge_refuse_runs_made_from_an_edited_scenario_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = own_copy(tmp.path());
    let profiles = root().join("hardware-profiles");
    let (s, p) = (scenario.to_str().unwrap(), profiles.to_str().unwrap());
    let dir = |n: &str| tmp.path().join(n).to_str().unwrap().to_string();
    let (s1, s2, whole) = (dir("s1"), dir("s2"), dir("whole"));
    ok(&small_sweep(s, p, &s1, &["--shard", "1/2"]));
    ok(&small_sweep(s, p, &whole, &[]));
    // The scenario is edited between the shards (a cluster's queued task reads the new file).
    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(&scenario, text.replace("usd_per_kwh = 0.", "usd_per_kwh = 1.")).unwrap();
    ok(&small_sweep(s, p, &s2, &["--shard", "2/2"]));

    // Resuming the finished folder with the edited file: refused, and why.
    let out = depinsim(&small_sweep(s, p, &whole, &[]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("made from other inputs") && stderr.contains("the file was edited"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");

    // Merging shard 1 (old text) with shard 2 (edited): refused, naming the odd shard.
    let merged = dir("merged");
    let out = depinsim(&["merge", &s1, &s2, "--out", &merged]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&s2) && stderr.contains("the scenario's content"), "{stderr}");
    assert!(!Path::new(&merged).join("sweep.csv").exists(), "nothing merged");

    // Forced, both are done, and sweep.json records the two inputs.
    ok(&["merge", &s1, &s2, "--out", &merged, "--force"]);
    let manifest: serde_json::Value = serde_json::from_str(&read(Path::new(&merged), "sweep.json")).unwrap();
    let (was, other) = (&manifest["provenance"]["scenario_sha256"], &manifest["forced"][0]["scenario_sha256"]);
    assert!(was.is_string() && other.is_string() && was != other, "{manifest}");
    ok(&small_sweep(s, p, &whole, &["--force"]));
    let manifest: serde_json::Value = serde_json::from_str(&read(Path::new(&whole), "sweep.json")).unwrap();
    assert_eq!(manifest["forced"].as_array().map(Vec::len), Some(1), "{manifest}");
}

#[test]
fn a_second_sweep_into_a_folder_in_use_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("busy");
    let args = sweep_args(&out, &["--jobs", "1", "--quiet"]);
    let mut first = Command::new(env!("CARGO_BIN_EXE_depinsim")).current_dir(root()).args(&args).spawn().unwrap();
    let lock = tmp.path().join(".busy.lock");
    while !lock.exists() {
        assert!(first.try_wait().unwrap().is_none(), "the first sweep ended before the second started");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let second = depinsim(&args);
    let stderr = String::from_utf8_lossy(&second.stderr);
    first.kill().unwrap();
    first.wait().unwrap();
    assert_eq!(second.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is being written by another depinsim"), "{stderr}");
}

#[test]
fn sweep_bounds_are_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("big");
    let o = out.to_str().unwrap();
    let seeds = depinsim(&["sweep", "scenarios/cloudflare-2025-11-18.toml", "--seeds", "4294967295", "--out", o]);
    let stderr = String::from_utf8_lossy(&seeds.stderr);
    assert_eq!(seeds.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("plans 4294967295 runs (1 points x 4294967295 seeds); at most 10000000"), "{stderr}");
    assert!(!out.exists(), "no sweep.json left to block the folder");
    for jobs in ["0", "100000"] {
        let run = depinsim(&["run", "--jobs", jobs, "--out", o]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&format!("`--jobs {jobs}` is out of range: between 1 and 1024")), "{stderr}");
    }
}

#[test]
fn a_sweep_over_a_profiles_failure_rate_moves_uptime_the_right_way() {
    let tmp = tempfile::tempdir().unwrap();
    ok(&[
        "sweep",
        "scenarios/cloudflare-2025-11-18.toml",
        "--quiet",
        "--set",
        "profiles.home-server.failures_per_year=0,100,1000",
        "--set",
        "networks.content.nodes.home-storage.count=300",
        "--set",
        "networks.content.nodes.hosted-storage.count=900",
        "--set",
        "networks.content.nodes.gateways.count=100",
        "--set",
        "networks.content.params.objects=300",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    let csv = read(tmp.path(), "sweep.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name} in {header:?}"));
    let (rate, uptime) = (col("profiles.home-server.failures_per_year"), col("content.uptime_mean"));
    let rows: Vec<(f64, f64)> =
        reader.records().map(|r| r.unwrap()).map(|r| (r[rate].parse().unwrap(), r[uptime].parse().unwrap())).collect();
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![0.0, 100.0, 1000.0]);
    // More failures, less uptime.
    assert!(rows[0].1 > rows[1].1 && rows[1].1 > rows[2].1, "uptime by failure rate: {rows:?}");
    // Closed form: a home server's first failure comes at an exponential time of rate
    // lambda (per run) and its repair (mttr 96 h) outlasts the 9-hour run, so its expected share
    // of the run up is (1 - e^-lambda) / lambda. The 1,000 other nodes (hosted storage and
    // gateways, another profile) and the outages are as at rate 0, whose uptime scales the whole.
    for &(rate, uptime) in &rows[1..] {
        let lambda = rate * 9.0 / 8760.0;
        let home = (1.0 - (-lambda).exp()) / lambda;
        let expected = rows[0].1 * (300.0 * home + 1000.0) / 1300.0;
        assert!((uptime - expected).abs() < 0.015, "rate {rate}: uptime {uptime}, closed form {expected}");
    }
}
