//! `depinsim list`: the protocols this binary knows, the scenarios and the hardware profiles.

use super::Failure;
use crate::registry::Registry;
use crate::scenario::profiles::{find_profile_dir, load_profiles};
use std::path::{Path, PathBuf};

pub(super) fn list(registry: &Registry, scenarios: &Path, profiles: &Path) -> Result<(), Failure> {
    println!("Protocols:");
    for p in registry.entries() {
        println!("  {:12} {} (roles: {})", p.name, p.summary, p.roles.join(", "));
    }
    println!("\nScenarios in {}:", scenarios.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios)
        .map_err(|e| Failure::Io(format!("cannot read {}: {e}", scenarios.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        // The file's opening comment paragraph, up to its first blank comment line.
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let summary: Vec<&str> = text.lines().map_while(|l| l.strip_prefix("# ")).collect();
        let mut summary = summary.join(" ");
        if summary.chars().count() > 160 {
            summary = summary.chars().take(157).collect::<String>() + "...";
        }
        println!("  {:38} {summary}", file.display());
    }
    let dir = if profiles.is_dir() {
        profiles.to_path_buf()
    } else {
        find_profile_dir(scenarios).unwrap_or(profiles.to_path_buf())
    };
    println!("\nHardware profiles in {}:", dir.display());
    for (name, p) in load_profiles(&dir)? {
        println!(
            "  {name:20} {:14} ${:>9.0} {:>7.0} W  AFR {:>5.1}%  {}",
            p.kind,
            p.capex_usd,
            p.power_w,
            p.afr * 100.0,
            p.description
        );
    }
    Ok(())
}
