//! The shipped scenarios' `aleph` networks, read the way the scenario loader reads them: each
//! network's `params` as an [`AlephConfig`], and its node groups (name, role, count, hardware
//! profile from `hardware-profiles/`) as [`GroupInfo`]s.

use depinsim_aleph::AlephConfig;
use depinsim_core::node::GroupInfo;
use depinsim_core::profile::HardwareProfile;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One `aleph` network of a shipped scenario.
pub struct Network {
    /// `<scenario file> / <network name>`, for messages.
    pub label: String,
    /// The scenario file's stem.
    pub scenario: String,
    /// The network's name.
    pub name: String,
    /// Its `[networks.params]`, as written.
    pub params: toml::Value,
    /// The same, read.
    pub config: AlephConfig,
    /// Its node groups, in scenario order.
    pub groups: Vec<GroupInfo>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn profile(name: &str) -> Arc<HardwareProfile> {
    let path = root().join("hardware-profiles").join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Arc::new(toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Every network with `protocol = "aleph"` in `scenarios/*.toml`.
pub fn shipped() -> Vec<Network> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let doc: toml::Table = toml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let Some(networks) = doc.get("networks").and_then(|n| n.as_array()) else { continue };
        for net in networks.iter().filter(|n| n.get("protocol").and_then(|p| p.as_str()) == Some("aleph")) {
            let name = net["name"].as_str().unwrap();
            let params = net.get("params").cloned().unwrap_or(toml::Value::Table(toml::Table::new()));
            let config: AlephConfig =
                params.clone().try_into().unwrap_or_else(|e| panic!("{}: {name}: {e}", file.display()));
            let groups = net["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| GroupInfo {
                    name: g["name"].as_str().unwrap().into(),
                    role: g["role"].as_str().unwrap().into(),
                    profile: profile(g["profile"].as_str().unwrap()),
                    count: g["count"].as_integer().unwrap() as u32,
                    traffic_weight: g.get("traffic_weight").and_then(|w| w.as_float()).unwrap_or(1.0),
                })
                .collect();
            let scenario = file.file_stem().unwrap().to_string_lossy().into_owned();
            out.push(Network {
                label: format!("{scenario} / {name}"),
                scenario,
                name: name.into(),
                params,
                config,
                groups,
            });
        }
    }
    out
}

impl Network {
    /// The params with `key` (a dotted path, numbers indexing arrays, as `--set` takes it)
    /// set to `value` (TOML), read again.
    pub fn with(&self, key: &str, value: &str) -> Result<AlephConfig, String> {
        let value = toml::from_str::<toml::Table>(&format!("v = {value}")).unwrap()["v"].clone();
        let mut params = self.params.clone();
        set(&mut params, &key.split('.').collect::<Vec<_>>(), value);
        params.try_into().map_err(|e: toml::de::Error| e.to_string())
    }
}

fn set(at: &mut toml::Value, path: &[&str], value: toml::Value) {
    let (first, rest) = path.split_first().unwrap();
    let next = match at {
        toml::Value::Array(items) => &mut items[first.parse::<usize>().unwrap()],
        toml::Value::Table(t) => t.entry(first.to_string()).or_insert(toml::Value::Table(toml::Table::new())),
        _ => panic!("{first}: not a table or an array"),
    };
    if rest.is_empty() { *next = value } else { set(next, rest, value) }
}
