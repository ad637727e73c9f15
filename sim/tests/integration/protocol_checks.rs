//! Every protocol's own checks run when a scenario is loaded: `validate` refuses what a run would
//! refuse, at the file, line and column of the value, naming the `--set` that supplied it.
//!
//! The cases are data, one file per protocol in `checks/`: lines of
//! `SCENARIO | --set KEY=VALUE | a fragment of the expected message` (`#` starts a comment).

use crate::common::root;
use depinsim::scenario::overrides::Override;
use depinsim::scenario::{LoadOptions, load};
use std::process::Command;

struct Case {
    file: &'static str,
    line: usize,
    scenario: String,
    set: Override,
    fragment: String,
}

fn cases() -> Vec<Case> {
    let files: [(&str, &str); 10] = [
        ("akash", include_str!("checks/akash.txt")),
        ("render", include_str!("checks/render.txt")),
        ("cdn", include_str!("checks/cdn.txt")),
        ("content", include_str!("checks/content.txt")),
        ("powerledger", include_str!("checks/powerledger.txt")),
        ("hivemapper", include_str!("checks/hivemapper.txt")),
        ("arweave", include_str!("checks/arweave.txt")),
        ("filecoin", include_str!("checks/filecoin.txt")),
        ("helium", include_str!("checks/helium.txt")),
        ("aleph", include_str!("checks/aleph.txt")),
    ];
    let mut out = Vec::new();
    for (file, text) in files {
        for (i, line) in text.lines().enumerate() {
            let line_text = line.trim();
            if line_text.is_empty() || line_text.starts_with('#') {
                continue;
            }
            let parts: Vec<&str> = line_text.splitn(3, " | ").collect();
            assert_eq!(parts.len(), 3, "checks/{file}.txt:{}: not SCENARIO | --set K=V | fragment", i + 1);
            let set = parts[1].trim().strip_prefix("--set ").expect("--set K=V");
            out.push(Case {
                file,
                line: i + 1,
                scenario: parts[0].trim().to_string(),
                set: set.parse().expect("K=V"),
                fragment: parts[2].trim().to_string(),
            });
        }
    }
    out
}

#[test]
fn every_protocol_check_is_reported_at_load_with_its_position() {
    let cases = cases();
    let mut failures = Vec::new();
    let mut per_protocol = std::collections::BTreeMap::<&str, usize>::new();
    for c in &cases {
        let path = root().join("scenarios").join(format!("{}.toml", c.scenario));
        let options = LoadOptions { overrides: vec![c.set.clone()], ..Default::default() };
        let at = format!("checks/{}.txt:{}", c.file, c.line);
        match load(&path, &options) {
            Ok(_) => failures.push(format!("{at}: accepted --set {}={}", c.set.key, c.set.value)),
            Err(e) => {
                let shown = e.to_string();
                if e.position.is_none() {
                    failures.push(format!("{at}: no line and column:\n{shown}"));
                } else if !shown.contains(&c.fragment) {
                    failures.push(format!("{at}: expected {:?} in:\n{shown}", c.fragment));
                } else if !shown.contains("(set by `--set ") && !shown.contains("(with `--set ") {
                    failures.push(format!("{at}: the message does not name the override:\n{shown}"));
                } else if e.help.is_none() {
                    failures.push(format!("{at}: no help saying what is allowed:\n{shown}"));
                }
            }
        }
        *per_protocol.entry(c.file).or_default() += 1;
    }
    eprintln!("protocol checks exercised: {per_protocol:?}");
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn the_shipped_scenarios_pass_every_protocol_check() {
    let mut names: Vec<String> = cases().into_iter().map(|c| c.scenario).collect();
    names.sort();
    names.dedup();
    for name in names {
        let path = root().join("scenarios").join(format!("{name}.toml"));
        if let Err(e) = load(&path, &LoadOptions::default()) {
            panic!("{name} is refused as shipped:\n{e}");
        }
    }
}

#[test]
fn validate_exits_2_with_the_position_and_range_of_a_protocol_check() {
    let study = "scenarios/cloudflare-2025-11-18.toml";
    let out = Command::new(env!("CARGO_BIN_EXE_depinsim"))
        .current_dir(root())
        .args(["validate", study, "--set", "networks.content.params.gateway_share=1.5"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // The study leaves `gateway_share` to its default, so the error points at the content
    // network's `[networks.params]` table in the file as written, and names the `--set`.
    let text = std::fs::read_to_string(root().join(study)).unwrap();
    let content = text.lines().position(|l| l == "name = \"content\"").expect("a content network");
    let line = content + text.lines().skip(content).position(|l| l == "[networks.params]").expect("its params") + 1;
    assert!(stderr.contains("set by `--set networks.content.params.gateway_share=1.5`"), "{stderr}");
    assert!(stderr.contains(&format!("{study}:{line}:")), "{stderr}");
    assert!(stderr.contains("`gateway_share` is 1.5"), "{stderr}");
    assert!(stderr.contains("between 0 and 1"), "{stderr}");
    // And `run` refuses it the same way, before any network starts.
    let out = Command::new(env!("CARGO_BIN_EXE_depinsim"))
        .current_dir(root())
        .args(["run", study, "--quiet", "--out", "/nonexistent/never-written"])
        .args(["--set", "networks.content.params.gateway_share=1.5"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("{study}:{line}:")));
}
