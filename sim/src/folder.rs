//! Output folders that always hold exactly one complete run.
//!
//! A run is written into a fresh staging folder beside its target (`.<name>.partial-<pid>`),
//! charts and report included, then marked complete ([`COMPLETE`], written last) and swapped in
//! whole: the old folder is renamed aside, the new one renamed into place, the old one removed.
//! A process killed at any point leaves the previous complete run where it was (or, between the
//! two renames, beside it under a hidden name), never a folder mixing two runs; its staging
//! folder is removed by the next run into the same place. While a process writes a target it
//! holds a lock file beside it (`.<name>.lock`, holding its pid and host), so a second writer is
//! refused, and a lock left by a dead process on this host is recognised and taken over.

use std::io::Write;
use std::path::{Path, PathBuf};

pub use depinsim_reports::run::COMPLETE;

/// A held lock on an output folder; released when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A hidden sibling of `target` named `.<name>.<suffix>`.
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.{suffix}"))
}

/// This machine's name, to tell a stale lock of this host from one of another machine sharing
/// the file system.
fn host() -> String {
    std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_string()).unwrap_or_default()
}

/// Whether process `pid` is alive on this host.
fn alive(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Takes the lock of `target`, or explains who holds it.
pub fn lock(target: &Path) -> Result<Lock, String> {
    let path = sibling(target, "lock");
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    for _ in 0..2 {
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                writeln!(file, "{} {}", std::process::id(), host())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                return Ok(Lock { path });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = std::fs::read_to_string(&path).unwrap_or_default();
                let mut parts = holder.split_whitespace();
                let pid = parts.next().and_then(|p| p.parse::<u32>().ok());
                let their_host = parts.next().unwrap_or_default().to_string();
                match pid {
                    // A lock of a process that died on this machine: take it over.
                    Some(pid) if their_host == host() && !alive(pid) => {
                        let _ = std::fs::remove_file(&path);
                    }
                    _ => {
                        return Err(format!(
                            "{} is being written by another depinsim (process {}, host {}); its lock is {}",
                            target.display(),
                            pid.map_or("?".into(), |p| p.to_string()),
                            if their_host.is_empty() { "?" } else { &their_host },
                            path.display()
                        ));
                    }
                }
            }
            Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
        }
    }
    Err(format!("cannot take the lock {}", path.display()))
}

/// A staging folder for a new run into `target`, empty; staging folders left by dead processes
/// are removed first.
pub fn staging(target: &Path) -> std::io::Result<PathBuf> {
    clean_stale(target);
    let dir = sibling(target, &format!("partial-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Removes staging and set-aside folders of `target` whose process is gone.
fn clean_stale(target: &Path) {
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else { return };
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else { continue };
        let pid = rest.strip_prefix("partial-").or_else(|| rest.strip_prefix("old-"));
        if let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok()) {
            if !alive(pid) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Marks `staged` complete and puts it in place of `target`, replacing what was there.
pub fn publish(staged: &Path, target: &Path) -> std::io::Result<()> {
    std::fs::write(staged.join(COMPLETE), format!("depinsim {}\n", env!("DEPINSIM_BUILD")))?;
    if target.exists() {
        let aside = sibling(target, &format!("old-{}", std::process::id()));
        if aside.exists() {
            std::fs::remove_dir_all(&aside)?;
        }
        std::fs::rename(target, &aside)?;
        std::fs::rename(staged, target)?;
        std::fs::remove_dir_all(&aside)?;
    } else {
        std::fs::rename(staged, target)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_and_a_dead_ones_lock_taken_over() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("run");
        let held = lock(&target).unwrap();
        let err = lock(&target).unwrap_err();
        assert!(err.contains(&format!("process {}", std::process::id())), "{err}");
        drop(held);
        // A lock of a process that cannot exist (pid above the kernel's maximum) on this host.
        std::fs::write(sibling(&target, "lock"), format!("4294967295 {}\n", host())).unwrap();
        assert!(lock(&target).is_ok());
    }

    #[test]
    fn publishing_replaces_the_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("run");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("old-only.csv"), "x").unwrap();
        let staged = staging(&target).unwrap();
        std::fs::write(staged.join("summary.json"), "{}").unwrap();
        publish(&staged, &target).unwrap();
        assert!(target.join("summary.json").is_file() && target.join(COMPLETE).is_file());
        assert!(!target.join("old-only.csv").exists(), "nothing of the old run is left");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "no staging folder left");
    }

    #[test]
    fn staging_folders_of_dead_processes_are_cleaned() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("run");
        let stale = sibling(&target, "partial-4294967295");
        std::fs::create_dir_all(&stale).unwrap();
        let staged = staging(&target).unwrap();
        assert!(!stale.exists());
        assert!(staged.is_dir());
    }
}
