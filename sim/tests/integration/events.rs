//! Outage files: one event's timeline, written once and included by every study of it; its
//! targets mapped onto a scenario's own world; its mistakes reported at their place in it.

use crate::common::root;
use depinsim::scenario::{LoadOptions, load};
use std::path::Path;
use std::process::{Command, Output};

fn depinsim(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_depinsim")).current_dir(dir).args(args).output().expect("runs")
}

#[test]
fn the_two_iberian_studies_see_one_blackout() {
    let outages = |name: &str| {
        let loaded = load(&root().join(format!("scenarios/{name}.toml")), &LoadOptions::default()).unwrap();
        let named: Vec<_> = loaded
            .outages
            .iter()
            .map(|o| (o.name.clone(), loaded.vertices[o.target.index()].name.clone(), o.start, o.end, o.shape.clone()))
            .collect();
        (loaded.start_unix_ms, named, loaded.event_digests.clone())
    };
    let (helium, power) = (outages("helium-iberian-blackout-2025"), outages("powerledger-iberian-blackout"));
    assert_eq!(helium.0, power.0, "both studies start at the same instant, so their clocks compare");
    assert_eq!(helium.1, power.1);
    assert_eq!(helium.1.len(), 2);
    assert_eq!(helium.2, power.2, "and both record the same outage file");
    // 10:33 UTC on a run that starts at midnight UTC.
    assert_eq!(helium.1[0].2.as_millis(), (10 * 60 + 33) * 60_000);
}

/// A folder holding the Powerledger study, its profiles' folder named in it, and an outage
/// folder with `event` written as `name`.
fn study_with_event(dir: &Path, name: &str, event: &str, reference: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(root().join("scenarios/powerledger-iberian-blackout.toml")).unwrap();
    let profiles = root().join("hardware-profiles");
    let text = text
        .replace("[[events]]\nname = \"iberian-blackout-2025\"\n", reference)
        .replace("seed = 20250428", &format!("seed = 20250428\nprofiles = {:?}", profiles.display().to_string()));
    std::fs::create_dir_all(dir.join("outages")).unwrap();
    std::fs::write(dir.join("outages").join(format!("{name}.toml")), event).unwrap();
    let path = dir.join("study.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn targets_map_onto_the_scenarios_own_names_and_mistakes_point_into_the_right_file() {
    let tmp = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(root().join("scenarios/outages/iberian-blackout-2025.toml")).unwrap();
    // The event names the grid `es`; the study maps it onto its region `spain`.
    let event = shipped.replace("target = \"spain\"", "target = \"es\"");
    let reference = "[[events]]\nname = \"iberian-blackout-2025\"\ntargets = { es = \"spain\" }\n";
    let path = study_with_event(tmp.path(), "iberian-blackout-2025", &event, reference);
    let out = depinsim(tmp.path(), &["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    // Without the mapping: refused at the reference, with the fix.
    let path =
        study_with_event(tmp.path(), "iberian-blackout-2025", &event, "[[events]]\nname = \"iberian-blackout-2025\"\n");
    let out = depinsim(tmp.path(), &["validate", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("study.toml:") && stderr.contains("hits `es`, which this scenario has no"), "{stderr}");
    assert!(stderr.contains("targets = { es = \"...\" }"), "{stderr}");

    // A mapping of a target the event does not have.
    let reference = "[[events]]\nname = \"iberian-blackout-2025\"\ntargets = { espana = \"spain\" }\n";
    let path = study_with_event(tmp.path(), "iberian-blackout-2025", &shipped, reference);
    let stderr =
        String::from_utf8_lossy(&depinsim(tmp.path(), &["validate", path.to_str().unwrap()]).stderr).into_owned();
    assert!(stderr.contains("has no target `espana`"), "{stderr}");

    // A mistake inside the outage file is reported at its line in that file.
    let broken = shipped
        .replace("{ at = \"2025-04-28T20:30:00Z\", share = 0.31 }", "{ at = \"2025-04-28T20:30:00Z\", share = 1.31 }");
    let line = broken.lines().position(|l| l.contains("share = 1.31")).unwrap() + 1;
    let path = study_with_event(
        tmp.path(),
        "iberian-blackout-2025",
        &broken,
        "[[events]]\nname = \"iberian-blackout-2025\"\n",
    );
    let out = depinsim(tmp.path(), &["validate", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("outages/iberian-blackout-2025.toml:{line}:")), "{stderr}");

    // An unknown event: the nearest name.
    let path = study_with_event(
        tmp.path(),
        "iberian-blackout-2025",
        &shipped,
        "[[events]]\nname = \"iberian-blackout-2024\"\n",
    );
    let stderr =
        String::from_utf8_lossy(&depinsim(tmp.path(), &["validate", path.to_str().unwrap()]).stderr).into_owned();
    assert!(stderr.contains("no outage file is named `iberian-blackout-2024`"), "{stderr}");
    assert!(stderr.contains("did you mean `iberian-blackout-2025`"), "{stderr}");
}

#[test]
fn an_edited_outage_file_is_a_different_input() {
    let tmp = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(root().join("scenarios/outages/iberian-blackout-2025.toml")).unwrap();
    let reference = "[[events]]\nname = \"iberian-blackout-2025\"\n";
    let path = study_with_event(tmp.path(), "iberian-blackout-2025", &shipped, reference);
    let digest = |p: &Path| load(p, &LoadOptions::default()).unwrap().event_digests["iberian-blackout-2025"].clone();
    let before = digest(&path);
    let path = study_with_event(tmp.path(), "iberian-blackout-2025", &shipped.replace("0.9916", "0.99"), reference);
    assert_ne!(before, digest(&path), "the run records the outage file's content");
}

#[test]
fn a_run_that_covers_part_of_an_event_keeps_what_happens_within_it() {
    // The Powerledger study cut to 20 h: Portugal is back at 22:30 UTC and Spain at 05:00 the
    // next day, both after the end: both outages last to the end, without the later steps.
    let path = root().join("scenarios/powerledger-iberian-blackout.toml");
    let options = |d: &str| LoadOptions {
        overrides: vec![depinsim::scenario::overrides::Override { key: "duration".into(), value: d.into() }],
        ..Default::default()
    };
    let loaded = load(&path, &options("20h")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.outages.len(), 2);
    assert!(loaded.outages.iter().all(|o| o.end.is_none()));
    let depinsim::engine::model::Shape::Staged(spain) = &loaded.outages[0].shape else { panic!("staged") };
    assert_eq!(spain.len(), 2, "Spain's steps at 16:00 and 19:00 UTC fall within the run, the rest after");
    // A run that ends before the blackout starts includes nothing of it: refused, not silent.
    let e = load(&path, &options("10h")).unwrap_err();
    assert!(
        e.to_string().contains("every outage of event `iberian-blackout-2025` starts after the end of the run"),
        "{e}"
    );
}
