//! The areas against the node groups: every hotspot or spoofer group stands in exactly one area,
//! every area names such a group, and only spoofer groups claim positions elsewhere. Checked
//! before placement, so that [`super::Helium::new`] cannot fail once the scenario is loaded.

use crate::config::HeliumConfig;
use depinsim_core::ConfigError;
use depinsim_core::node::GroupInfo;

/// Roles whose nodes have a position (and so an area).
const PLACED: [&str; 2] = ["hotspot", "spoofer"];

/// Checks the node groups against `cfg.areas` (which [`HeliumConfig::check`] has checked alone).
pub(super) fn check_groups(cfg: &HeliumConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
    let placed = |g: &&GroupInfo| PLACED.contains(&g.role.as_str());
    let names = |gs: &mut dyn Iterator<Item = &GroupInfo>| {
        let v: Vec<String> = gs.map(|g| format!("`{}`", g.name)).collect();
        if v.is_empty() { "none".to_string() } else { v.join(", ") }
    };
    for (i, a) in cfg.areas.iter().enumerate() {
        let Some(g) = groups.iter().find(|g| g.name == a.group) else {
            return Err(ConfigError::param(
                format!("areas.{i}.group"),
                format!("`group` of area {i} is `{}`, which is no node group of this network", a.group),
            )
            .help(format!(
                "the name of a group of role hotspot or spoofer: {}",
                names(&mut groups.iter().filter(placed))
            )));
        };
        match g.role.as_str() {
            "hotspot" if a.claims.is_some() => {
                return Err(ConfigError::param(
                    format!("areas.{i}.claims"),
                    format!("area `{}` has `claims`, but group `{}` has role `hotspot`", a.group, g.name),
                )
                .help(
                    "`claims` is only for a group of role `spoofer`: remove it, or make the group's role `spoofer`",
                ));
            }
            "spoofer" if a.claims.is_none() => {
                return Err(ConfigError::param(
                    format!("areas.{i}"),
                    format!("area `{}` has no `claims`, and group `{}` has role `spoofer`", a.group, g.name),
                )
                .help("a spoofer group's area needs `claims = { lat, lon, radius_km, ring_size }`, the positions it asserts"));
            }
            "hotspot" | "spoofer" => {}
            role => {
                return Err(ConfigError::param(
                    format!("areas.{i}.group"),
                    format!("`group` of area {i} is `{}`, a group of role `{role}`", a.group),
                )
                .help(format!(
                    "areas place groups of role hotspot or spoofer ({}); oracle and chain nodes have no position",
                    names(&mut groups.iter().filter(placed))
                )));
            }
        }
    }
    if let Some(g) = groups.iter().filter(placed).find(|g| !cfg.areas.iter().any(|a| a.group == g.name)) {
        let areas: Vec<String> = cfg.areas.iter().map(|a| format!("`{}`", a.group)).collect();
        let areas = if areas.is_empty() { "no group".to_string() } else { areas.join(", ") };
        return Err(ConfigError::group(
            &g.name,
            format!("group `{}` (role `{}`) has no area in `areas`", g.name, g.role),
        )
        .help(format!("add an area with `group = \"{}\"`; the areas name {areas}", g.name)));
    }
    if groups.iter().filter(placed).map(|g| g.count as u64).sum::<u64>() == 0 {
        return Err(ConfigError::network("the network has no node of role `hotspot` or `spoofer`")
            .help("add a group of role `hotspot`, with its area in `areas`"));
    }
    Ok(())
}
