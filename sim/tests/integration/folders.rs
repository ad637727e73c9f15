//! An output folder always holds exactly one complete run: a run killed while it writes leaves
//! the previous run whole, a folder without its completion marker is refused, and a second
//! writer into a folder in use is refused.

use crate::common::root;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn depinsim() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_depinsim"));
    c.current_dir(root());
    c
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n != "run.json") {
                out.push((p.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_run_killed_mid_way_leaves_the_previous_run_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ovh");
    let study = "scenarios/filecoin-ovh-fire.toml";
    let ok = depinsim().args(["run", study, "--quiet", "--out", out.to_str().unwrap()]).status().unwrap();
    assert!(ok.success());
    let before = files(&out);
    assert!(before.iter().any(|(n, _)| n == ".complete"));
    // Another seed into the same folder, killed while it simulates.
    let mut child =
        depinsim().args(["run", study, "--quiet", "--seed", "9", "--out", out.to_str().unwrap()]).spawn().unwrap();
    let started = Instant::now();
    let lock = tmp.path().join(".ovh.lock");
    while !lock.exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let killed = Command::new("kill").args(["-9", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let _ = child.wait();
    assert_eq!(files(&out), before, "the folder holds the previous run, whole");
    // A second writer while a (live) first one holds the lock is refused.
    std::fs::write(&lock, format!("1 {}\n", std::fs::read_to_string("/etc/hostname").unwrap_or_default().trim()))
        .unwrap();
    let refused = depinsim().args(["run", study, "--quiet", "--out", out.to_str().unwrap()]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("being written by another depinsim"));
    std::fs::remove_file(&lock).unwrap();
    // The next run replaces it whole and leaves no staging folder behind.
    let ok =
        depinsim().args(["run", study, "--quiet", "--seed", "9", "--out", out.to_str().unwrap()]).status().unwrap();
    assert!(ok.success());
    let left: Vec<String> =
        std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, vec!["ovh".to_string()], "no staging, set-aside or lock file left");
    assert_ne!(files(&out), before);
}

#[test]
fn report_and_compare_refuse_a_folder_without_its_completion_marker() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    assert!(depinsim().args(["run", "--quiet", "--out", out.to_str().unwrap()]).status().unwrap().success());
    assert!(depinsim().args(["report", out.to_str().unwrap()]).status().unwrap().success());
    std::fs::remove_file(out.join(".complete")).unwrap();
    for args in [vec!["report", out.to_str().unwrap()], vec!["compare", out.to_str().unwrap(), out.to_str().unwrap()]] {
        let o = depinsim().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("not a complete run folder"), "{args:?}");
    }
}
