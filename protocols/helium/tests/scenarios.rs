//! The shipped scenarios' helium networks pass `check`, and each `--set` override below, applied
//! to one of them, fails it at the key path of the value it sets (the loader turns that path into
//! the override's position, which the CLI's integration tests check).

use depinsim_core::config::Located;
use depinsim_core::node::GroupInfo;
use depinsim_core::profile::HardwareProfile;
use depinsim_core::{ConfigError, Protocol};
use depinsim_helium::{Helium, HeliumConfig};
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
        if net["protocol"].as_str() != Some(Helium::NAME) {
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
    let cfg: HeliumConfig = net.params.clone().try_into().expect("params parse");
    Helium::check(&cfg, &net.groups)
}

/// Sets `value` (TOML) at dotted `path` of the params (`params.`) or of a group (`nodes.NAME.role`).
fn set(net: &mut Network, key: &str, value: &str) {
    let value: Value = toml::from_str::<Table>(&format!("v = {value}")).expect("a TOML value")["v"].clone();
    if let Some(rest) = key.strip_prefix("nodes.") {
        let (name, field) = rest.rsplit_once('.').unwrap();
        let g = net.groups.iter_mut().find(|g| g.name == name).expect("group");
        match field {
            "role" => g.role = value.as_str().unwrap().into(),
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
fn shipped_helium_networks_pass_check() {
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
    assert!(seen >= 5, "the five helium networks of the shipped scenarios, found {seen}");
}

/// `scenario | network | --set key (after networks.<network>.) | value | located at | fragment`.
/// The Located path is the key's own unless given.
type Override = (&'static str, &'static str, &'static str, &'static str, Option<&'static str>, &'static str);

#[rustfmt::skip]
const OVERRIDES: &[Override] = &[
    ("helium-iberian-blackout-2025", "helium", "params.start_date", "\"2025-13-01\"", None, "`start_date` is \"2025-13-01\", not a date"),
    ("helium-iberian-blackout-2025", "helium", "params.areas.0.radius_km", "nan", None, "`radius_km` of area `madrid` is NaN"),
    ("helium-iberian-blackout-2025", "helium", "params.areas.0.radius_km", "2500.0", None, "`radius_km` of area `madrid` is 2500"),
    ("helium-iberian-blackout-2025", "helium", "params.areas.0.lat", "95.0", None, "`lat` of area `madrid` is 95"),
    ("helium-iberian-blackout-2025", "helium", "params.areas.0.lon", "-200.0", None, "`lon` of area `madrid` is -200"),
    ("helium-iberian-blackout-2025", "helium", "params.areas.0.gain_dbi", "20.0", None, "`gain_dbi` of area `madrid` is 20"),
    ("helium-iberian-blackout-2025", "helium", "params.areas.0.elevation_m", "0.0", None, "`elevation_m` of area `madrid` is 0"),
    ("helium-density-scaling", "helium-hip17", "params.areas.3.claims.radius_km", "nan", None, "`claims.radius_km` of area `ring` is NaN"),
    ("helium-density-scaling", "helium-hip17", "params.areas.3.claims.lat", "90.0", None, "`claims.lat` of area `ring` is 90"),
    ("helium-density-scaling", "helium-hip17", "params.areas.3.claims.lon", "nan", None, "`claims.lon` of area `ring` is NaN"),
    ("helium-density-scaling", "helium-hip17", "params.areas.3.claims.ring_size", "1", None, "`claims.ring_size` of area `ring` is 1"),
    ("helium-iberian-blackout-2025", "helium", "params.areas.1.group", "\"madrid\"", None, "`group` of area 1 is `madrid`, which area 0 already names"),
    ("helium-iberian-blackout-2025", "helium", "params.beacon_every", "\"30s\"", None, "`beacon_every` is 30s"),
    ("helium-iberian-blackout-2025", "helium", "params.epoch", "\"30s\"", None, "`epoch` is 30s"),
    ("helium-iberian-blackout-2025", "helium", "params.traffic_every", "\"0s\"", None, "`traffic_every` is 0s"),
    ("helium-iberian-blackout-2025", "helium", "params.beacon_slots", "0", None, "`beacon_slots` is 0"),
    ("helium-iberian-blackout-2025", "helium", "params.beacon_slots", "7", None, "`beacon_slots` is 7, which does not divide `beacon_every` (6h)"),
    ("helium-iberian-blackout-2025", "helium", "params.beacon_slots", "43200", None, "`beacon_slots` is 43200, leaving slots shorter than a second"),
    ("helium-iberian-blackout-2025", "helium", "params.reward_offset", "\"1d\"", None, "`reward_offset` is 1d, not shorter than `epoch` (1d)"),
    ("helium-iberian-blackout-2025", "helium", "params.sensitivity_dbm", "-80.0", None, "`sensitivity_dbm` is -80"),
    ("helium-iberian-blackout-2025", "helium", "params.sensor_tx_dbm", "nan", None, "`sensor_tx_dbm` is NaN"),
    ("helium-iberian-blackout-2025", "helium", "params.shadowing_db", "-1.0", None, "`shadowing_db` is -1"),
    ("helium-iberian-blackout-2025", "helium", "params.backhaul_ms", "nan", None, "`backhaul_ms` is NaN"),
    ("helium-iberian-blackout-2025", "helium", "params.slow_backhaul_ms", "inf", None, "`slow_backhaul_ms` is inf"),
    ("helium-iberian-blackout-2025", "helium", "params.jitter_ms", "-5.0", None, "`jitter_ms` is -5"),
    ("helium-iberian-blackout-2025", "helium", "params.packets_per_sensor_hour", "nan", None, "`packets_per_sensor_hour` is NaN"),
    ("helium-iberian-blackout-2025", "helium", "params.background_dc_per_day", "-1.0", None, "`background_dc_per_day` is -1"),
    ("helium-iberian-blackout-2025", "helium", "params.power_usd_per_kwh", "inf", None, "`power_usd_per_kwh` is inf"),
    ("helium-iberian-blackout-2025", "helium", "params.slow_backhaul_share", "1.5", None, "`slow_backhaul_share` is 1.5"),
    ("helium-iberian-blackout-2025", "helium", "params.iot_share", "nan", None, "`iot_share` is NaN"),
    ("helium-iberian-blackout-2025", "helium", "params.background_hex_scale", "1.2", None, "`background_hex_scale` is 1.2"),
    ("helium-iberian-blackout-2025", "helium", "params.background_witnesses", "15", None, "`background_witnesses` is 15"),
    ("helium-iberian-blackout-2025", "helium", "params.catch_up_speed", "1.0", None, "`catch_up_speed` is 1"),
    ("helium-iberian-blackout-2025", "helium", "params.hnt_price", "[]", None, "`hnt_price` has no points"),
    ("helium-iberian-blackout-2025", "helium", "params.hnt_price.0.usd", "nan", None, "`usd` of point 0 of `hnt_price` is NaN"),
    ("helium-iberian-blackout-2025", "helium", "params.hnt_price", "[{ at = \"1d\", usd = 1.0 }, { at = \"1d\", usd = 2.0 }]", Some("hnt_price.1.at"), "`at` of point 1 of `hnt_price` is 1d, not after point 0 (1d)"),
    ("helium-iberian-blackout-2025", "helium", "params.areas.0.group", "\"nowhere\"", None, "`group` of area 0 is `nowhere`, which is no node group of this network"),
    ("helium-iberian-blackout-2025", "helium", "params.areas.0.group", "\"oracles\"", None, "`group` of area 0 is `oracles`, a group of role `oracle`"),
    ("helium-iberian-blackout-2025", "helium", "params.areas.0.claims", "{ lat = 41.0, lon = -3.0, radius_km = 10.0, ring_size = 4 }", None, "area `madrid` has `claims`, but group `madrid` has role `hotspot`"),
    ("helium-density-scaling", "helium-hip17", "nodes.ring.role", "\"hotspot\"", Some("areas.3.claims"), "area `ring` has `claims`, but group `ring` has role `hotspot`"),
    ("helium-density-scaling", "helium-hip17", "nodes.madrid-centre.role", "\"spoofer\"", Some("areas.0"), "area `madrid-centre` has no `claims`, and group `madrid-centre` has role `spoofer`"),
    ("helium-iberian-blackout-2025", "helium", "nodes.oracles.role", "\"hotspot\"", Some("group:oracles"), "group `oracles` (role `hotspot`) has no area in `areas`"),
];

#[test]
fn each_override_fails_check_at_its_key() {
    for (scenario, network, key, value, at, fragment) in OVERRIDES {
        let mut net = networks(scenario).into_iter().find(|(n, _)| n == network).expect("network").1;
        set(&mut net, key, value);
        let e = check(&net).expect_err(&format!("{scenario} --set {key}={value} must fail"));
        let expected = match at {
            Some(a) => match a.strip_prefix("group:") {
                Some(g) => Located::Group(g.into()),
                None => Located::Param(a.to_string()),
            },
            None => Located::Param(key.strip_prefix("params.").unwrap().into()),
        };
        assert_eq!(e.at, expected, "{scenario} --set {key}={value}: {e}");
        assert!(e.to_string().contains(fragment), "{scenario} --set {key}={value}: {e}");
    }
}
