//! Bad input gets a clear message (file:line:column, what is wrong, what is allowed or the
//! nearest valid name), exit code 2, no panic, and nothing already written is touched.

use crate::common::root;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const STUDY: &str = "scenarios/cloudflare-2025-11-18.toml";

fn depinsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_depinsim")).current_dir(root()).args(args).output().expect("runs")
}

/// Writes the study with `from` replaced by `to` into a temporary folder.
fn broken(dir: &Path, from: &str, to: &str) -> (PathBuf, usize) {
    let text = std::fs::read_to_string(root().join(STUDY)).unwrap();
    let at = text.find(from).unwrap_or_else(|| panic!("the study has no {from:?}"));
    let line = text[..at].matches('\n').count() + 1;
    let path = dir.join("broken.toml");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    (path, line)
}

/// Validates the study with one change; returns stderr after checking the exit code and location.
fn rejected(from: &str, to: &str, message: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let (path, line) = broken(tmp.path(), from, to);
    let profiles = root().join("hardware-profiles");
    let out = depinsim(&["validate", path.to_str().unwrap(), "--profiles", profiles.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "exit code for {to:?}: {stderr}");
    let location = format!("{}:{line}:", path.display());
    assert!(stderr.contains(&location), "expected {location} in:\n{stderr}");
    assert!(stderr.contains(message), "expected {message:?} in:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn malformed_toml() {
    rejected("name = \"cloudflare-2025-11-18\"", "name = \"cloudflare", "");
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let e = rejected("sample_every = \"1m\"", "sampel_every = \"1m\"", "unknown field `sampel_every`");
    assert!(e.contains("did you mean `sample_every`?"), "{e}");
}

#[test]
fn wrong_type() {
    rejected("duration = \"9h\"", "duration = 9", "invalid type: integer `9`, expected a string");
}

#[test]
fn unknown_profile_suggests_the_nearest() {
    let e =
        rejected("profile = \"home-server\"", "profile = \"home-sever\"", "no hardware profile is named `home-sever`");
    assert!(e.contains("did you mean `home-server`?"), "{e}");
}

#[test]
fn unknown_site_and_provider() {
    let e = rejected(
        "sites = [\"hetzner-fsn1\", \"ovh-rbx\", \"aws-use1\"]",
        "sites = [\"hetzner-fsn\"]",
        "no site is named `hetzner-fsn`",
    );
    assert!(e.contains("did you mean `hetzner-fsn1`?"), "{e}");
    let e = rejected("provider = \"hetzner\"", "provider = \"hetzer\"", "no provider is named `hetzer`");
    assert!(e.contains("did you mean `hetzner`?"), "{e}");
}

#[test]
fn zero_and_negative_durations() {
    rejected("duration = \"9h\"", "duration = \"0s\"", "`duration` must be longer than zero");
    rejected("duration = \"9h\"", "duration = \"-9h\"", "cannot be negative");
}

#[test]
fn outage_outside_the_simulated_time() {
    // An outage of the scenario's own, a day after the run.
    let outage = "[[outages]]\nname = \"late\"\ntarget = \"cloudflare-proxy\"\nkind = \"down\"\nstart = \"2025-11-19T11:20:00Z\"\n\n[[events]]";
    let tmp = tempfile::tempdir().unwrap();
    let (path, line) = broken(tmp.path(), "[[events]]", outage);
    let out = depinsim(&["validate", path.to_str().unwrap()]);
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(
        e.contains(&format!("{}:{}:9: `2025-11-19T11:20:00Z` is outside the simulated time", path.display(), line + 4)),
        "{e}"
    );
    assert!(e.contains("the run covers 2025-11-18T10:00:00Z to 2025-11-18T19:00:00Z"), "{e}");
}

#[test]
fn unknown_protocol_and_role_and_parameter() {
    let e = rejected("protocol = \"content\"", "protocol = \"contnet\"", "unknown protocol `contnet`");
    assert!(e.contains("did you mean `content`?"), "{e}");
    let e = rejected("role = \"gateway\"", "role = \"gatway\"", "protocol `content` has no role `gatway`");
    assert!(e.contains("did you mean `gateway`?"), "{e}");
    let e = rejected("replicas = 3", "replica = 3", "unknown field `replica`");
    assert!(e.contains("did you mean `replicas`?"), "{e}");
}

#[test]
fn shares_out_of_range() {
    rejected("depends_share = 0.3", "depends_share = 1.3", "`depends_share` is 1.3; it must be between 0 and 1");
}

#[test]
fn bad_set_names_the_key_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("summary.json"), "earlier results\n").unwrap();
    let out = depinsim(&[
        "run",
        STUDY,
        "--quiet",
        "--out",
        out_dir.to_str().unwrap(),
        "--set",
        "networks.contnet.nodes.gateways.count=5",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--set networks.contnet.nodes.gateways.count=5"), "{stderr}");
    assert!(stderr.contains("did you mean `content`?"), "{stderr}");
    assert_eq!(std::fs::read_to_string(out_dir.join("summary.json")).unwrap(), "earlier results\n");
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 1);
}

#[test]
fn a_missing_file_is_an_input_error() {
    let out = depinsim(&["validate", "scenarios/no-such-study.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the scenario"));
}

#[test]
fn runs_beyond_the_bounds_are_refused_with_the_knob_to_turn() {
    rejected(
        "duration = \"9h\"",
        "duration = \"100000y\"",
        "`duration` is 36500000d; at most 365000d can be simulated",
    );
    let stderr = rejected("sample_every = \"1m\"", "sample_every = \"1ms\"", "takes 32400000 samples");
    assert!(stderr.contains("sample every 33ms or more"), "{stderr}");
    rejected("seed = 20251118", "seed = -1", "`seed` is -1; a seed is a whole number from 0 to 9223372036854775807");
    rejected("usd_per_kwh = 0.1545", "usd_per_kwh = nan", "`usd_per_kwh` of region `us-east` must be >= 0, found NaN");
    // The node bound comes before any protocol sizes its buffers by a group's count.
    rejected("count = 2_000", "count = 4294967295", "nodes in all; at most 25000000 fit in a run");
}

#[test]
fn bytes_that_are_not_text_are_refused_at_their_offset() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("binary.toml");
    std::fs::write(&path, b"name = \"x\"\nstart = \"\xff\"\n").unwrap();
    let out = depinsim(&["validate", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("{}:2:10: byte 20 is not UTF-8 text (0xff)", path.display())), "{stderr}");
}

#[test]
fn a_broken_profile_stops_only_the_scenarios_that_use_it() {
    let tmp = tempfile::tempdir().unwrap();
    let profiles = tmp.path().join("profiles");
    std::fs::create_dir_all(&profiles).unwrap();
    for entry in std::fs::read_dir(root().join("hardware-profiles")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, profiles.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(profiles.join("unused-broken.toml"), "this is = = broken\n").unwrap();
    let validate = || depinsim(&["validate", STUDY, "--profiles", profiles.to_str().unwrap()]);
    let out = validate();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(profiles.join("home-server.toml"), "this is = = broken\n").unwrap();
    let out = validate();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("home-server.toml:1:6"), "{stderr}");
}

#[test]
fn work_arriving_faster_than_memory_holds_is_refused_at_its_rate() {
    for (scenario, key, what) in [
        ("scenarios/akash-aws-us-east-1-2025.toml", "networks.0.params.workloads.0.arrivals_per_hour", "deployments"),
        ("scenarios/render-gpu-failures.toml", "networks.0.params.jobs.0.arrivals_per_hour", "jobs"),
    ] {
        let set = format!("{key}=1e12");
        let out = depinsim(&["validate", scenario, "--set", &set]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("{scenario}:")) && stderr.contains(&format!("(set by `--set {set}`)")),
            "{stderr}"
        );
        assert!(stderr.contains(&format!("{what} over")) && stderr.contains("at most 16 GiB fit"), "{stderr}");
        // The shipped rate fits.
        assert_eq!(depinsim(&["validate", scenario]).status.code(), Some(0));
    }
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    // `depinsim list | head -1`: the pipe is closed before the listing is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_depinsim"))
        .current_dir(root())
        .arg("list")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
