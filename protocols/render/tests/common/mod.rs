//! The shipped scenarios' networks of one protocol: their `params` tables and node groups, with
//! the hardware profiles read from `hardware-profiles/`, as the scenario loader gives them.

use depinsim_core::node::GroupInfo;
use depinsim_core::profile::HardwareProfile;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One network of a shipped scenario.
pub struct Shipped {
    /// The scenario file's name.
    pub file: String,
    /// Its `[networks.params]` table.
    pub params: toml::Value,
    /// Its node groups.
    pub groups: Vec<GroupInfo>,
}

/// Every network running `protocol` in `scenarios/*.toml`.
pub fn networks(protocol: &str) -> Vec<Shipped> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let scenario: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let Some(networks) = scenario.get("networks").and_then(|n| n.as_array()) else { continue };
        for network in networks {
            if network.get("protocol").and_then(|p| p.as_str()) != Some(protocol) {
                continue;
            }
            let params = network.get("params").cloned().unwrap_or(toml::Value::Table(Default::default()));
            let groups = network
                .get("nodes")
                .and_then(|n| n.as_array())
                .into_iter()
                .flatten()
                .map(|g| {
                    let profile = g["profile"].as_str().unwrap();
                    let path = root().join("hardware-profiles").join(format!("{profile}.toml"));
                    let profile: HardwareProfile = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                    GroupInfo {
                        name: g["name"].as_str().unwrap().into(),
                        role: g["role"].as_str().unwrap().into(),
                        profile: Arc::new(profile),
                        count: g["count"].as_integer().unwrap() as u32,
                        traffic_weight: g.get("traffic_weight").and_then(|w| w.as_float()).unwrap_or(1.0),
                    }
                })
                .collect();
            found.push(Shipped { file: file.file_name().unwrap().to_string_lossy().into(), params, groups });
        }
    }
    assert!(!found.is_empty(), "no shipped scenario runs `{protocol}`");
    found
}
