//! The template's binary is a whole depinsim: it lists its own protocol beside the built-ins,
//! validates and runs its scenario, and reports its own checks at the file's position.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_my-depinsim"));
    // From the repository root, where the hardware profiles are.
    c.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."));
    c
}

const SCENARIO: &str = "protocols/template/scenarios/uptime.toml";

#[test]
fn list_shows_the_builtins_and_its_own_protocol() {
    let out = bin().args(["list"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for name in ["cdn", "filecoin", "helium", "uptime"] {
        assert!(text.lines().any(|l| l.trim_start().starts_with(name)), "{name} missing from:\n{text}");
    }
}

#[test]
fn its_scenario_runs_and_pays_the_pool_to_the_nodes_up() {
    let dir = std::env::temp_dir().join(format!("depinsim-template-{}", std::process::id()));
    let out = bin().args(["run", SCENARIO, "--quiet", "--out"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary = std::fs::read_to_string(PathBuf::from(&dir).join("summary.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&summary).unwrap();
    let metrics = &json["networks"]["uptime"]["metrics"];
    // 24 epochs of $100 each, every one with some node up: $2,400 paid in all.
    let rewards = metrics["rewards_total_usd"].as_f64().unwrap();
    assert!((rewards - 2400.0).abs() < 1e-6, "{rewards}");
    // The northern homes (200 of 500 nodes) are down for 3 of the 24 hours: availability dips.
    let min = metrics["availability_min"].as_f64().unwrap();
    assert!(min < 0.65, "{min}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn its_own_checks_are_reported_at_validate_with_the_position() {
    let out =
        bin().args(["validate", SCENARIO, "--set", "networks.uptime.params.pool_usd_per_epoch=-5"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{SCENARIO}:43:22")), "{err}");
    assert!(err.contains("`pool_usd_per_epoch` is -5"), "{err}");
    assert!(err.contains("set by `--set networks.uptime.params.pool_usd_per_epoch=-5`"), "{err}");
    assert!(err.contains("help: a finite number >= 0"), "{err}");
}
