//! Run-time estimates: how the work grows with the inputs, what `validate` says, and `run` and
//! `sweep` asking for `--yes` before a run estimated to outlast the scenario's `max_run_time`.

use crate::common::{load, root};
use depinsim::estimate::{ENGINE_NS_PER_EVENT, NS_PER_NODE, estimate};
use std::process::{Command, Output};

fn depinsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_depinsim")).current_dir(root()).args(args).output().expect("runs")
}

/// A scenario's top: `extra` lands on line 5 of the loaded text (after `start`, `name`,
/// `duration` and `sample_every`).
fn header(duration: &str, extra: &str) -> String {
    format!("name = \"estimate\"\nduration = \"{duration}\"\nsample_every = \"1h\"\n{extra}\n")
}

/// A content network `name` of `count` storage nodes that never fail, and a gateway.
fn network(name: &str, count: u32) -> String {
    format!(
        r#"[[networks]]
name = "{name}"
protocol = "content"
[networks.params]
objects = 10
replicas = 1
[[networks.nodes]]
name = "n"
role = "storage"
count = {count}
profile = "steady"
sites = ["a"]
[[networks.nodes]]
name = "gw"
role = "gateway"
count = 1
profile = "steady"
sites = ["a"]
"#
    )
}

fn small(count: u32, duration: &str, extra: &str) -> String {
    header(duration, extra) + &network("net", count)
}

#[test]
fn the_work_grows_with_the_duration_and_the_samples_as_its_model_says() {
    let short = estimate(&load(&small(100, "10d", "")).unwrap(), 1);
    let long = estimate(&load(&small(100, "20d", "")).unwrap(), 1);
    let (s, l) = (&short.networks[0], &long.networks[0]);
    // Twice the days and twice the samples (1h apart, plus the two at the ends): every term but
    // the set-up doubles.
    let w = &s.work;
    assert_eq!(s.steps, w.once + w.per_day * 10.0 + w.per_sample * (240.0 + 2.0));
    assert_eq!(l.steps, w.once + w.per_day * 20.0 + w.per_sample * (480.0 + 2.0));
    assert!(w.per_day > 0.0 && w.per_sample > 0.0, "{w:?}");
    // The steady profile never fails: the engine's events are the samples alone.
    assert_eq!(s.events, 242.0);
    let expected = (s.steps * w.ns_per_step + s.events * ENGINE_NS_PER_EVENT + 101.0 * NS_PER_NODE) * 1e-9;
    assert!((s.seconds - expected).abs() < 1e-12 * expected.max(1.0), "{} vs {expected}", s.seconds);
}

#[test]
fn networks_spread_over_the_threads_but_no_faster_than_the_slowest() {
    let scenario = load(&(header("10d", "") + &network("one", 100) + &network("two", 200_000))).unwrap();
    let one = estimate(&scenario, 1);
    let two = estimate(&scenario, 2);
    let (a, b) = (one.networks[0].seconds, one.networks[1].seconds);
    // Each node's set-up and output: 200,000 more nodes than the other network.
    assert!(b > a + 199_000.0 * NS_PER_NODE * 1e-9, "{a} vs {b}");
    assert!((one.seconds() - (a + b)).abs() < 1e-12);
    // On two threads the big network is the run's length.
    assert!((two.seconds() - b).abs() < 1e-12);
}

#[test]
fn helium_work_grows_with_the_square_of_the_hotspots_of_a_dense_area() {
    let study = std::fs::read_to_string(root().join("scenarios/helium-aws-oracle-outage.toml")).unwrap();
    let options = depinsim::scenario::LoadOptions::default();
    let path = root().join("scenarios/helium-aws-oracle-outage.toml");
    let at = |count: u32| {
        let text = study.replacen("count = 450", &format!("count = {count}"), 1);
        let s = depinsim::scenario::load_str(&path, &text, &options).unwrap();
        estimate(&s, 1).networks[0].work.clone()
    };
    let (small, big) = (at(450), at(900));
    // The NYC area is smaller than the search radius: every hotspot hears every other, so
    // doubling them multiplies its links by four; the other areas are unchanged.
    let nyc = |w: &depinsim_core::Work| w.once - (small.once - 450.0 * 450.0);
    assert!((nyc(&small) - 450.0 * 450.0).abs() < 1e-6, "{}", nyc(&small));
    assert!((nyc(&big) - 900.0 * 900.0).abs() < 1e-6, "{}", nyc(&big));
    assert_eq!(big.knob, "nodes.nyc.count");
}

#[test]
fn validate_prints_the_estimate_and_warns_past_max_run_time() {
    let tmp = tempfile::tempdir().unwrap();
    let study = root().join("scenarios/helium-aws-oracle-outage.toml");
    let out = depinsim(&["validate", study.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("estimated run time under 1 s; network `helium`"), "{stdout}");
    assert!(stdout.contains("network `helium`:") && stdout.contains("witness links checked"), "{stdout}");
    assert!(out.stderr.is_empty(), "no warning for a short run: {}", String::from_utf8_lossy(&out.stderr));

    // The same study asked to take no more than a millisecond.
    let text = std::fs::read_to_string(&study).unwrap().replacen("seed = ", "max_run_time = \"1ms\"\nseed = ", 1);
    let strict = tmp.path().join("strict.toml");
    std::fs::write(&strict, text).unwrap();
    let profiles = root().join("hardware-profiles");
    let out = depinsim(&["validate", strict.to_str().unwrap(), "--profiles", profiles.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "validate still passes: {stderr}");
    assert!(
        stderr.contains("warning: `helium-aws-oracle-outage`: a run is estimated to take under 1 s; network `helium`"),
        "{stderr}"
    );
    assert!(stderr.contains("more than its `max_run_time` (1ms)"), "{stderr}");

    // `run` refuses it without --yes (no terminal to ask at), leaving no folder; with --yes it runs.
    let dir = tmp.path().join("out");
    let args = |yes: bool| {
        let mut a = vec!["run", strict.to_str().unwrap(), "--profiles", profiles.to_str().unwrap()];
        a.extend(["--quiet", "--out", dir.to_str().unwrap()]);
        if yes {
            a.push("--yes");
        }
        a
    };
    let out = depinsim(&args(false));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("pass --yes to start it") && stderr.contains("`max_run_time`"), "{stderr}");
    assert!(!dir.exists(), "a refused run writes nothing");
    let out = depinsim(&args(true));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("summary.json").is_file());

    // A sweep asks the same, for all its runs.
    let sweep_dir = tmp.path().join("sweep");
    let sweep = |yes: bool| {
        let mut a = vec!["sweep", strict.to_str().unwrap(), "--profiles", profiles.to_str().unwrap()];
        a.extend(["--seeds", "2", "--quiet", "--out", sweep_dir.to_str().unwrap()]);
        if yes {
            a.push("--yes");
        }
        depinsim(&a)
    };
    let out = sweep(false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`helium-aws-oracle-outage`: the 2 runs still to do in this shard are estimated"),
        "{stderr}"
    );
    assert_eq!(sweep(true).status.code(), Some(0));
    // Finished: resuming it runs nothing, so nothing is asked.
    let out = sweep(false);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_zero_max_run_time_is_refused_at_its_value() {
    let err = load(&small(10, "1d", "max_run_time = \"0s\"")).unwrap_err().to_string();
    assert!(err.contains("test.toml:5:") && err.contains("`max_run_time` is 0"), "{err}");
}
