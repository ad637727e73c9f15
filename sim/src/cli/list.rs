//! `depinsim list`: the protocols this binary knows, the scenarios and the hardware profiles;
//! `depinsim list metrics`: the metric catalogue.

use super::Failure;
use crate::input::events::{event_names, read_event};
use crate::registry::Registry;
use crate::scenario::profiles::{embedded_profiles, find_profile_dir, load_profiles};
use depinsim_core::catalogue::{self, Metric};
use std::path::{Path, PathBuf};

/// Prints the catalogue: the common series, the headline figures every network gets, and each
/// protocol's own metrics, with unit, kind and direction.
pub(super) fn metrics(registry: &Registry) -> Result<(), Failure> {
    let show = |m: &Metric| {
        let unit = serde_json::to_value(m.unit).map(|v| v.to_string()).unwrap_or_default();
        let kind = serde_json::to_value(m.kind).map(|v| v.to_string()).unwrap_or_default();
        let dir = serde_json::to_value(m.direction).map(|v| v.to_string()).unwrap_or_default();
        outln!("  {:36} {:44} {:14} {:16} {}", m.name, m.label, kind.trim_matches('"'), dir.trim_matches('"'), unit);
    };
    outln!("Every network (series):");
    catalogue::SERIES.iter().chain([&catalogue::NODES_UP_SPLIT]).for_each(show);
    outln!("\nEvery network (headline, computed from the series and accounts):");
    crate::headline::HEADLINE.iter().chain([&crate::headline::cost_per_unit("unit of service")]).for_each(show);
    for p in registry.entries() {
        outln!("\n{} ({} metrics):", p.name, p.metrics.len());
        p.metrics.iter().for_each(show);
    }
    Ok(())
}

pub(super) fn list(registry: &Registry, scenarios: &Path, profiles: &Path) -> Result<(), Failure> {
    outln!("Protocols:");
    for p in registry.entries() {
        outln!("  {:12} {} (roles: {})", p.name, p.summary, p.roles.join(", "));
    }
    let here = std::env::current_dir().unwrap_or_default();
    let Ok(entries) = std::fs::read_dir(scenarios) else {
        // Away from a clone of the repository: say where it looked and how to point elsewhere.
        outln!(
            "\nNo scenario folder at {} (looked in {}).\n  Give one with --scenarios DIR; the shipped studies are in scenarios/ of a clone of the repository.",
            scenarios.display(),
            here.join(scenarios).display()
        );
        if !profiles.is_dir() && find_profile_dir(scenarios).is_none() {
            outln!(
                "\nHardware profiles built into this binary (no folder at {}; give one with --profiles DIR):",
                here.join(profiles).display()
            );
            print_profiles(embedded_profiles()?);
        }
        return Ok(());
    };
    outln!("\nScenarios in {}:", scenarios.display());
    let mut files: Vec<PathBuf> = entries
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
        outln!("  {:38} {summary}", file.display());
    }
    let dir = if profiles.is_dir() {
        profiles.to_path_buf()
    } else {
        find_profile_dir(scenarios).unwrap_or(profiles.to_path_buf())
    };
    outln!("\nHardware profiles in {}:", dir.display());
    print_profiles(load_profiles(&dir)?);
    let events = scenarios.join("outages");
    let events = events.is_dir().then_some(events.as_path());
    match events {
        Some(dir) => {
            outln!("\nOutage files in {} (a scenario includes one with [[events]] name = \"...\"):", dir.display())
        }
        None => {
            outln!("\nOutage files built into this binary (a scenario includes one with [[events]] name = \"...\"):")
        }
    }
    for name in event_names(events) {
        match read_event(events, &name) {
            Ok(Some(e)) => {
                let mut about: String = e.file.description.split_whitespace().collect::<Vec<_>>().join(" ");
                if about.chars().count() > 110 {
                    about = about.chars().take(107).collect::<String>() + "...";
                }
                outln!("  {name:30} {} outages  {about}", e.file.outages.len());
            }
            Ok(None) => {}
            Err(e) => outln!("  {name:30} does not load: {}", e.to_string().lines().next().unwrap_or_default()),
        }
    }
    Ok(())
}

fn print_profiles(profiles: crate::scenario::profiles::Profiles) {
    for (name, p) in profiles {
        outln!(
            "  {name:20} {:14} ${:>9.0} {:>7.0} W  {:>6.3} failures/yr  {}",
            p.kind,
            p.capex_usd,
            p.power_w,
            p.failures_per_year,
            p.description
        );
    }
}
