//! The shipped scenarios' filecoin networks pass `check`, and each `--set` override below, applied
//! to one of them, fails it at the key path of the value it sets (the loader turns that path into
//! the override's position, which the CLI's integration tests check).

use depinsim_core::config::Located;
use depinsim_core::node::GroupInfo;
use depinsim_core::profile::HardwareProfile;
use depinsim_core::{ConfigError, Protocol};
use depinsim_filecoin::{Filecoin, FilecoinConfig};
use std::path::PathBuf;
use std::sync::Arc;
use toml::{Table, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn profile(name: &str) -> Arc<HardwareProfile> {
    let text = std::fs::read_to_string(root().join(format!("hardware-profiles/{name}.toml"))).expect("profile");
    Arc::new(toml::from_str(&text).expect("a valid profile"))
}

/// A network of a scenario as `check` sees it: its params table and its node groups.
struct Network {
    params: Value,
    groups: Vec<GroupInfo>,
}

fn networks(scenario: &str) -> Vec<(String, Network)> {
    let text = std::fs::read_to_string(root().join(format!("scenarios/{scenario}.toml"))).expect("scenario");
    let doc: Table = toml::from_str(&text).expect("valid TOML");
    let mut out = Vec::new();
    for net in doc["networks"].as_array().expect("networks") {
        if net["protocol"].as_str() != Some(Filecoin::NAME) {
            continue;
        }
        let groups = net["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|g| GroupInfo {
                name: g["name"].as_str().unwrap().into(),
                role: g["role"].as_str().unwrap().into(),
                profile: profile(g["profile"].as_str().unwrap()),
                count: g["count"].as_integer().unwrap() as u32,
                traffic_weight: g.get("traffic_weight").and_then(|w| w.as_float()).unwrap_or(1.0),
            })
            .collect();
        let params = net.get("params").cloned().unwrap_or(Value::Table(Table::new()));
        out.push((net["name"].as_str().unwrap().to_string(), Network { params, groups }));
    }
    out
}

fn check(net: &Network) -> Result<(), ConfigError> {
    let cfg: FilecoinConfig = net.params.clone().try_into().expect("params parse");
    Filecoin::check(&cfg, &net.groups)
}

/// Sets `value` (TOML) at dotted `path` of the params (`params.`) or of a group (`nodes.NAME.role`).
fn set(net: &mut Network, key: &str, value: &str) {
    let value: Value = toml::from_str::<Table>(&format!("v = {value}")).expect("a TOML value")["v"].clone();
    if let Some(rest) = key.strip_prefix("nodes.") {
        let (name, field) = rest.rsplit_once('.').unwrap();
        let g = net.groups.iter_mut().find(|g| g.name == name).expect("group");
        match field {
            "role" => g.role = value.as_str().unwrap().into(),
            "profile" => g.profile = profile(value.as_str().unwrap()),
            "count" => g.count = value.as_integer().unwrap() as u32,
            other => panic!("unsupported group field {other}"),
        }
        return;
    }
    let path = key.strip_prefix("params.").expect("params or nodes");
    let mut at = &mut net.params;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        at = match (at, part.parse::<usize>()) {
            (Value::Array(a), Ok(n)) => &mut a[n],
            (Value::Table(t), _) if last => {
                t.insert(part.to_string(), value.clone());
                return;
            }
            (Value::Table(t), _) => t.get_mut(*part).expect("present"),
            _ => panic!("no {part} in {path}"),
        };
    }
    *at = value;
}

#[test]
fn shipped_filecoin_networks_pass_check() {
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        for (name, net) in networks(&stem) {
            if let Err(e) = check(&net) {
                panic!("{stem}: network {name}: {e}");
            }
            seen += 1;
        }
    }
    assert!(seen >= 3, "the three filecoin networks of the shipped scenarios, found {seen}");
}

/// `scenario | network | --set key (after networks.<network>.) | value | located at | fragment`.
/// The Located path is the key's own unless given (`network` for the network as a whole).
type Override = (&'static str, &'static str, &'static str, &'static str, Option<&'static str>, &'static str);

#[rustfmt::skip]
const OVERRIDES: &[Override] = &[
    ("filecoin-network-year", "filecoin", "params.sector_size", "\"16GiB\"", None, "`sector_size` is 16GiB"),
    ("filecoin-network-year", "filecoin", "params.verified_share", "nan", None, "`verified_share` is NaN"),
    ("filecoin-network-year", "filecoin", "params.initial_sectors_per_sp", "400000000", None, "`initial_sectors_per_sp` is 400000000"),
    ("filecoin-network-year", "filecoin", "params.onboard_sectors_per_day", "nan", None, "`onboard_sectors_per_day` is NaN"),
    ("filecoin-network-year", "filecoin", "params.sector_lifetime", "\"100d\"", None, "`sector_lifetime` is 100d"),
    ("filecoin-network-year", "filecoin", "params.prove_commit_delay", "\"1h\"", None, "`prove_commit_delay` is 1h"),
    ("filecoin-network-year", "filecoin", "params.prove_commit_delay", "\"31d\"", None, "`prove_commit_delay` is 31d"),
    ("filecoin-network-year", "filecoin", "params.exit_after", "\"1h\"", None, "`exit_after` is 1h"),
    ("filecoin-network-year", "filecoin", "params.start_epoch", "-1", None, "`start_epoch` is -1"),
    ("filecoin-network-year", "filecoin", "params.start_epoch", "60000000", None, "`start_epoch` is 60000000"),
    ("filecoin-network-year", "filecoin", "params.pledge_ramp_start_epoch", "-1", None, "`pledge_ramp_start_epoch` is -1"),
    ("filecoin-ovh-fire", "fil-any-two", "params.background_raw_pib", "nan", None, "`background_raw_pib` is NaN"),
    ("filecoin-ovh-fire", "fil-any-two", "params.background_raw_pib", "2e6", None, "`background_raw_pib` is 2000000"),
    ("filecoin-ovh-fire", "fil-any-two", "params.background_qa_pib", "1000.0", None, "`background_qa_pib` is 1000, below `background_raw_pib` (3072)"),
    ("filecoin-network-year", "filecoin", "params.circulating_supply_fil", "3e9", None, "`circulating_supply_fil` is 3000000000"),
    ("filecoin-ovh-fire", "fil-any-two", "params.power_history", "[{ epoch = -1, raw_pib = 1.0 }]", Some("power_history.0.epoch"), "`epoch` of point 0 of `power_history` is -1"),
    ("filecoin-ovh-fire", "fil-any-two", "params.power_history", "[{ epoch = 10, raw_pib = 1.0 }, { epoch = 10, raw_pib = 2.0 }]", Some("power_history.1.epoch"), "`epoch` of point 1 of `power_history` is 10, not after point 0 (10)"),
    ("filecoin-ovh-fire", "fil-any-two", "params.power_history", "[{ epoch = 10, raw_pib = nan }]", Some("power_history.0.raw_pib"), "`raw_pib` of point 0 of `power_history` is NaN"),
    ("filecoin-network-year", "filecoin", "params.fil_price", "[]", None, "`fil_price` has no points"),
    ("filecoin-network-year", "filecoin", "params.fil_price.1.usd", "nan", None, "`usd` of point 1 of `fil_price` is NaN"),
    ("filecoin-network-year", "filecoin", "params.fil_price.1.at", "\"0d\"", None, "`at` of point 1 of `fil_price` is 0s, not after point 0 (0s)"),
    ("filecoin-network-year", "filecoin", "params.replicas", "0", None, "`replicas` is 0"),
    ("filecoin-network-year", "filecoin", "params.power_usd_per_kwh", "-1.0", None, "`power_usd_per_kwh` is -1"),
    ("filecoin-ovh-fire", "fil-any-two", "params.replicas", "200", None, "`replicas` is 200, but the network has 100 SPs"),
    ("filecoin-network-year", "filecoin", "params.initial_sectors_per_sp", "0", None, "`initial_sectors_per_sp` is 0, but the 10000 objects are stored in the SPs' initial sectors"),
    ("filecoin-network-year", "filecoin", "nodes.sps.count", "0", Some("network"), "the network has no node of role `sp`"),
];

#[test]
fn each_override_fails_check_at_its_key() {
    for (scenario, network, key, value, at, fragment) in OVERRIDES {
        let mut net = networks(scenario).into_iter().find(|(n, _)| n == network).expect("network").1;
        set(&mut net, key, value);
        let e = check(&net).expect_err(&format!("{scenario} --set {key}={value} must fail"));
        let expected = match *at {
            Some("network") => Located::Network,
            Some(a) => Located::Param(a.to_string()),
            None => Located::Param(key.strip_prefix("params.").unwrap().into()),
        };
        assert_eq!(e.at, expected, "{scenario} --set {key}={value}: {e}");
        assert!(e.to_string().contains(fragment), "{scenario} --set {key}={value}: {e}");
    }
}
