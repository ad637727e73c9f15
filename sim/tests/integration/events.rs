//! Outage files: one event's timeline, written once and included by every study of it; its
//! targets mapped onto a scenario's own world; its mistakes reported at their place in it.

use crate::common::root;
use depinsim::scenario::{LoadOptions, load, load_str};
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

#[test]
fn the_two_aws_2025_studies_share_one_timeline_and_each_says_how_it_hits_its_world() {
    use depinsim::engine::model::OutageKind;
    let load_study =
        |name: &str| load(&root().join(format!("scenarios/{name}.toml")), &LoadOptions::default()).unwrap();
    let (akash, helium) = (load_study("akash-aws-us-east-1-2025"), load_study("helium-aws-oracle-outage"));
    let event = "aws-us-east-1-2025-10-20";
    assert_eq!(akash.event_digests[event], helium.event_digests[event], "one outage file");
    // The same instants on both clocks (Akash starts on 19 Oct, Helium on 20 Oct, both at 00:00).
    let utc = |s: &depinsim::scenario::LoadedScenario, o: &depinsim::engine::model::Outage| {
        (s.start_unix_ms + o.start.as_millis() as i64, o.end.map(|e| s.start_unix_ms + e.as_millis() as i64))
    };
    fn phase<'a>(s: &'a depinsim::scenario::LoadedScenario, name: &str) -> &'a depinsim::engine::model::Outage {
        s.outages.iter().find(|o| o.name == name).unwrap_or_else(|| panic!("no {name}"))
    }
    for name in ["us-east-1: DynamoDB endpoint DNS record empty", "us-east-1: NLB health-check failures"] {
        assert_eq!(utc(&akash, phase(&akash, name)), utc(&helium, phase(&helium, name)), "{name}");
    }
    // 06:48 UTC on 20 Oct, 24 h after the Akash run's start.
    let dynamodb = phase(&akash, "us-east-1: DynamoDB endpoint DNS record empty");
    assert_eq!(dynamodb.start.as_millis(), (24 * 60 + 6 * 60 + 48) * 60_000);
    // Akash: every phase, the DynamoDB one as half of the launches failing and a third of the
    // hosts behind a failing NLB (its `impact`); Helium: the endpoint down, the NLB on its load
    // balancer in full, and no EC2 launch phase (skipped: its oracles launch nothing).
    assert_eq!(akash.outages.len(), 4);
    assert_eq!((dynamodb.kind, dynamodb.loss), (OutageKind::Degraded, 0.5));
    assert_eq!(phase(&akash, "us-east-1: NLB health-check failures").share, 0.33);
    assert_eq!(helium.outages.len(), 2);
    let h = phase(&helium, "us-east-1: DynamoDB endpoint DNS record empty");
    assert_eq!((h.kind, h.share), (OutageKind::Down, 1.0));
    assert_eq!(phase(&helium, "us-east-1: NLB health-check failures").share, 1.0);
    assert!(helium.outages.iter().all(|o| !o.name.contains("EC2")));
}

#[test]
fn skips_and_impacts_name_the_events_targets_and_mistakes_are_refused_at_their_place() {
    // The Helium study with its [[events]] entry replaced, loaded from the scenarios folder (so
    // the shipped outage files are found).
    let text = std::fs::read_to_string(root().join("scenarios/helium-aws-oracle-outage.toml")).unwrap();
    let block = text.find("[[events]]").unwrap();
    let end = text.find("[report]").unwrap();
    let with = |reference: &str| {
        let t = format!("{}{reference}\n{}", &text[..block], &text[end..]);
        load_str(&root().join("scenarios/study.toml"), &t, &LoadOptions::default())
    };
    let targets = "name = \"aws-us-east-1-2025-10-20\"\ntargets = { aws-use1-dynamodb = \"aws-us-east-1\", aws-use1-nlb = \"aws-use1-load-balancer\" }\n";
    let err = |reference: &str| with(reference).map(|_| ()).unwrap_err().to_string();

    // Without the skip, the EC2 phases hit `aws-use1-ec2-launches`, which this world has not.
    let e = err(&format!("[[events]]\n{targets}"));
    assert!(e.contains("hits `aws-use1-ec2-launches`, which this scenario has no"), "{e}");
    // An impact makes the endpoint's outage a degraded one on the oracles' site, with the
    // study's loss and share; the times stay the event's.
    let loaded = with(&format!(
        "[[events]]\n{targets}skip = [\"aws-use1-ec2-launches\"]\n[events.impact]\naws-use1-dynamodb = {{ kind = \"degraded\", loss = 0.25, share = 0.5 }}\n"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let o = &loaded.outages[0];
    assert_eq!((o.kind, o.loss, o.share), (depinsim::engine::model::OutageKind::Degraded, 0.25, 0.5));
    assert_eq!(
        (o.start.as_millis(), o.end.map(|e| e.as_millis())),
        ((6 * 60 + 48) * 60_000, Some((9 * 60 + 40) * 60_000))
    );
    // A `down` impact on the degraded EC2 phases drops their loss.
    let loaded = with(
        "[[events]]\nname = \"aws-us-east-1-2025-10-20\"\ntargets = { aws-use1-dynamodb = \"aws-us-east-1\", aws-use1-nlb = \"aws-use1-load-balancer\", aws-use1-ec2-launches = \"aws-us-east-1\" }\n[events.impact]\naws-use1-ec2-launches = { kind = \"down\" }\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.outages.len(), 4);
    assert!(loaded.outages.iter().all(|o| o.kind == depinsim::engine::model::OutageKind::Down && o.loss == 0.0));

    // Mistakes, each at its place in the study, with the fix.
    let skip = |s: &str| format!("[[events]]\n{targets}skip = [{s}]\n");
    let e = err(&skip("\"aws-use1-ec2-launch\""));
    assert!(e.contains("study.toml:") && e.contains("has no target `aws-use1-ec2-launch` to skip"), "{e}");
    assert!(e.contains("did you mean `aws-use1-ec2-launches`"), "{e}");
    let e = err(&skip("\"aws-use1-ec2-launches\", \"aws-use1-ec2-launches\""));
    assert!(e.contains("skipped twice"), "{e}");
    let e = err(&skip("\"aws-use1-ec2-launches\", \"aws-use1-nlb\""));
    assert!(e.contains("both skipped and mapped onto `aws-use1-load-balancer`"), "{e}");
    let e = err(
        "[[events]]\nname = \"aws-us-east-1-2025-10-20\"\nskip = [\"aws-use1-ec2-launches\", \"aws-use1-nlb\", \"aws-use1-dynamodb\"]\n",
    );
    assert!(e.contains("skips every target of event `aws-us-east-1-2025-10-20`"), "{e}");
    let impact = |i: &str| format!("{}[events.impact]\n{i}\n", skip("\"aws-use1-ec2-launches\""));
    let e = err(&impact("aws-use1-ec2-launches = { share = 0.5 }"));
    assert!(e.contains("is skipped and given an impact"), "{e}");
    let e = err(&impact("aws-use1-dynamo = { share = 0.5 }"));
    assert!(e.contains("has no target `aws-use1-dynamo` to give an impact"), "{e}");
    let e = err(&impact("aws-use1-dynamodb = { kind = \"destroyed\" }"));
    assert!(e.contains("an impact's `kind` is `down` or `degraded`"), "{e}");
    let e = err(&impact("aws-use1-dynamodb = { loss = 0.5 }"));
    assert!(e.contains("`loss` applies only to `kind = \"degraded\"`"), "{e}");
    let e = err(&impact("aws-use1-dynamodb = { kind = \"degraded\" }"));
    assert!(e.contains("has no loss") && e.contains("loss = 0.5"), "{e}");
    let e = err(&impact("aws-use1-dynamodb = { share = 1.5 }"));
    assert!(e.contains("`share` is 1.5"), "{e}");
    let e = err(&impact("aws-use1-dynamodb = { kind = \"degraded\", lost = 0.5 }"));
    assert!(e.contains("lost"), "{e}");
}
