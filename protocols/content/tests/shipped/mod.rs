//! The shipped scenarios' networks of one protocol, read as the scenario loader reads them (the
//! `params` table and the node groups), so that a test can run the protocol's `check` on them
//! and on `--set` overrides of them without the engine.

use depinsim_core::node::GroupInfo;
use depinsim_core::protocol::testing::test_profile;
use serde::de::DeserializeOwned;
use std::path::Path;

/// One network of a shipped scenario.
pub struct Network {
    /// The scenario file's stem.
    pub scenario: String,
    /// The network's `name`.
    pub name: String,
    /// Its `[networks.params]` table (empty when absent).
    pub params: toml::Table,
    /// Its node groups (profiles are the test fixture: no check of ours reads hardware).
    pub groups: Vec<GroupInfo>,
}

/// Every network running `protocol` in `scenarios/*.toml`, in file order.
pub fn networks(protocol: &str) -> Vec<Network> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("scenarios folder")
        .map(|e| e.expect("scenario entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("scenario readable");
        let doc: toml::Table = text.parse().unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let scenario = file.file_stem().unwrap().to_string_lossy().into_owned();
        for net in doc.get("networks").and_then(|n| n.as_array()).into_iter().flatten() {
            if net.get("protocol").and_then(|p| p.as_str()) != Some(protocol) {
                continue;
            }
            let params = net.get("params").and_then(|p| p.as_table()).cloned().unwrap_or_default();
            let groups = net
                .get("nodes")
                .and_then(|n| n.as_array())
                .into_iter()
                .flatten()
                .map(|g| GroupInfo {
                    name: g["name"].as_str().expect("group name").into(),
                    role: g["role"].as_str().expect("group role").into(),
                    profile: test_profile(),
                    count: g["count"].as_integer().expect("group count") as u32,
                    traffic_weight: g.get("traffic_weight").and_then(|w| w.as_float()).unwrap_or(1.0),
                })
                .collect();
            out.push(Network {
                scenario: scenario.clone(),
                name: net["name"].as_str().unwrap().into(),
                params,
                groups,
            });
        }
    }
    out
}

/// The network `name` of scenario `scenario`.
pub fn network(protocol: &str, scenario: &str, name: &str) -> Network {
    networks(protocol)
        .into_iter()
        .find(|n| n.scenario == scenario && n.name == name)
        .unwrap_or_else(|| panic!("no {protocol} network `{name}` in {scenario}"))
}

impl Network {
    /// The params as the protocol's configuration.
    pub fn config<C: DeserializeOwned>(&self) -> C {
        self.params.clone().try_into().unwrap_or_else(|e| panic!("{} / {}: {e}", self.scenario, self.name))
    }

    /// The configuration after `--set networks.<name>.params.<path>=<value>`: `path` is dotted,
    /// a segment indexing an array by position or by the `name` of an element.
    pub fn with<C: DeserializeOwned>(&self, path: &str, value: toml::Value) -> C {
        let mut params = toml::Value::Table(self.params.clone());
        let mut at = &mut params;
        let keys: Vec<&str> = path.split('.').collect();
        for (i, key) in keys.iter().enumerate() {
            let last = i + 1 == keys.len();
            at = match at {
                toml::Value::Table(t) if last => {
                    t.insert(key.to_string(), value.clone());
                    break;
                }
                toml::Value::Table(t) => t.entry(key.to_string()).or_insert(toml::Value::Table(Default::default())),
                toml::Value::Array(a) => {
                    let index = key.parse::<usize>().ok().unwrap_or_else(|| {
                        a.iter().position(|e| e.get("name").and_then(|n| n.as_str()) == Some(key)).expect("element")
                    });
                    if last {
                        a[index] = value.clone();
                        break;
                    }
                    &mut a[index]
                }
                other => panic!("`{key}` of {path} is inside {other:?}"),
            };
        }
        params.try_into().unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}
