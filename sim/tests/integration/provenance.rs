//! Every run records what produced it, and `compare` says what differs between two runs before
//! it shows a figure.

use crate::common::root;
use std::path::Path;
use std::process::Command;

fn depinsim(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_depinsim")).current_dir(root()).args(args).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn provenance(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&text).unwrap()["provenance"].clone()
}

#[test]
fn an_override_is_recorded_and_named_by_compare_in_the_terminal_and_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let (plain, set, other) = (tmp.path().join("plain"), tmp.path().join("set"), tmp.path().join("other"));
    let key = "networks.content.nodes.gateways.depends_share";
    depinsim(&["run", "--quiet", "--out", plain.to_str().unwrap()]);
    depinsim(&["run", "--quiet", "--out", set.to_str().unwrap(), "--set", &format!("{key}=0.6")]);
    let (p, s) = (provenance(&plain), provenance(&set));
    assert_eq!(p["overrides"], serde_json::json!([]));
    assert_eq!(s["overrides"], serde_json::json!([format!("{key}=0.6")]));
    assert_ne!(p["scenario_sha256"], s["scenario_sha256"], "the resolved scenario differs");
    assert_eq!(p["profiles"], s["profiles"]);
    assert_eq!(p["profiles"]["cdn-pop"].as_str().unwrap().len(), 64, "a SHA-256 per profile");

    let out = tmp.path().join("cmp");
    let shown = depinsim(&["compare", plain.to_str().unwrap(), set.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let differs: Vec<&str> = shown
        .lines()
        .skip_while(|l| !l.starts_with("Inputs that differ"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(differs.len(), 1, "{shown}");
    assert!(differs[0].contains(&format!("--set {key}")) && differs[0].contains("B: 0.6"), "{shown}");
    assert!(!shown.contains("warning"), "{shown}");
    assert!(shown.lines().any(|l| l.starts_with("content ") && l.contains("availability, mean")), "the table: {shown}");
    let page = std::fs::read_to_string(out.join("compare.html")).unwrap();
    assert!(page.contains(&format!("--set {key}")), "compare.html names the override");

    // Two different scenarios: a warning, in both.
    depinsim(&["run", "scenarios/powerledger-iberian-blackout.toml", "--quiet", "--out", other.to_str().unwrap()]);
    let shown =
        depinsim(&["compare", plain.to_str().unwrap(), other.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(shown.contains("warning: the runs are of different scenarios"), "{shown}");
    assert!(shown.contains("not compared:") && shown.contains("(only in A)"), "{shown}");
    let page = std::fs::read_to_string(out.join("compare.html")).unwrap();
    assert!(page.contains("different scenarios"));
}

#[test]
fn the_same_inputs_give_the_same_provenance() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    depinsim(&["run", "--quiet", "--seed", "3", "--out", a.to_str().unwrap()]);
    depinsim(&["run", "--quiet", "--seed", "3", "--out", b.to_str().unwrap()]);
    assert_eq!(std::fs::read(a.join("summary.json")).unwrap(), std::fs::read(b.join("summary.json")).unwrap());
    assert_eq!(provenance(&a)["overrides"], serde_json::json!(["seed=3"]));
}
