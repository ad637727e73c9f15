//! Every configuration check: it refuses the value with the key path the scenario loader turns
//! into a file position, and a message naming the key; `new` refuses the same configurations.

use depinsim_core::config::Located;
use depinsim_core::node::GroupInfo;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{ConfigError, Protocol, SimDuration};
use depinsim_helium::config::PricePoint;
use depinsim_helium::geo::{Area, Claims};
use depinsim_helium::radio::Environment;
use depinsim_helium::{Helium, HeliumConfig};

fn area(group: &str, claims: Option<Claims>) -> Area {
    Area {
        group: group.into(),
        environment: Environment::Rural,
        lat: 41.0,
        lon: -4.6,
        radius_km: 15.0,
        plan: Default::default(),
        gain_dbi: None,
        elevation_m: None,
        sensors: 5,
        claims,
    }
}

fn claims() -> Claims {
    Claims { lat: 41.6, lon: -5.2, radius_km: 40.0, ring_size: 4, fake_rssi: false }
}

/// Hotspots `h`, spoofers `ring`, one oracle and one chain node.
fn groups() -> Vec<(&'static str, &'static str, u32)> {
    vec![("h", "hotspot", 10), ("ring", "spoofer", 4), ("o", "oracle", 1), ("c", "chain", 1)]
}

fn infos(groups: &[(&str, &str, u32)]) -> Vec<GroupInfo> {
    groups
        .iter()
        .map(|(name, role, count)| GroupInfo {
            name: name.to_string(),
            role: role.to_string(),
            profile: test_profile(),
            count: *count,
            traffic_weight: 1.0,
        })
        .collect()
}

fn config() -> HeliumConfig {
    HeliumConfig { areas: vec![area("h", None), area("ring", Some(claims()))], ..HeliumConfig::default() }
}

/// `check` and `new` both refuse `cfg` over `groups`, at `at`, with a message naming `key`.
fn refused(cfg: HeliumConfig, groups: &[(&str, &str, u32)], at: Located, key: &str) -> ConfigError {
    let e = Helium::check(&cfg, &infos(groups)).expect_err("check must refuse it");
    assert_eq!(e.at, at, "{e}");
    assert!(e.message.contains(key) && e.message.contains('`'), "the message names `{key}`: {e}");
    assert!(e.help.is_some(), "says what is allowed: {e}");
    let table = testing::table(groups.iter().map(|(n, r, c)| (*n, *r, test_profile(), *c)).collect(), |i| Place {
        operator: i,
        ..Place::default()
    });
    let n = table.len();
    match Helium::new(cfg, &table, Script::<Helium>::new(n, 1).rng()) {
        Err(built) => assert_eq!(built, e, "new refuses it the same way"),
        Ok(_) => panic!("new accepted what check refused"),
    }
    e
}

fn param(path: &str) -> Located {
    Located::Param(path.into())
}

/// A parameter check: the path is `path`, the key its last segment.
fn bad(cfg: HeliumConfig, path: &str) -> ConfigError {
    let key = path.rsplit('.').next().unwrap();
    refused(cfg, &groups(), param(path), key)
}

#[test]
fn the_base_configuration_builds() {
    assert!(Helium::check(&config(), &infos(&groups())).is_ok());
    let table = testing::table(groups().iter().map(|(n, r, c)| (*n, *r, test_profile(), *c)).collect(), |i| Place {
        operator: i,
        ..Place::default()
    });
    assert!(Helium::new(config(), &table, Script::<Helium>::new(16, 1).rng()).is_ok());
}

#[test]
fn start_date_must_be_a_date() {
    let e = bad(HeliumConfig { start_date: "2025-13-01".into(), ..config() }, "start_date");
    assert!(e.message.contains("\"2025-13-01\""), "{e}");
}

#[test]
fn area_positions_must_be_finite_and_on_the_map() {
    let with = |f: &dyn Fn(&mut Area)| {
        let mut c = config();
        f(&mut c.areas[0]);
        c
    };
    let e = bad(with(&|a| a.radius_km = f64::NAN), "areas.0.radius_km");
    assert_eq!(e.to_string(), "`radius_km` of area `h` is NaN (a radius from 0 to 2000 km)");
    bad(with(&|a| a.radius_km = f64::INFINITY), "areas.0.radius_km");
    bad(with(&|a| a.radius_km = -1.0), "areas.0.radius_km");
    bad(with(&|a| a.radius_km = 2500.0), "areas.0.radius_km");
    bad(with(&|a| a.lat = 89.0), "areas.0.lat");
    bad(with(&|a| a.lat = f64::NAN), "areas.0.lat");
    bad(with(&|a| a.lon = 181.0), "areas.0.lon");
    bad(with(&|a| a.gain_dbi = Some(f64::NAN)), "areas.0.gain_dbi");
    bad(with(&|a| a.gain_dbi = Some(20.0)), "areas.0.gain_dbi");
    bad(with(&|a| a.elevation_m = Some(0.5)), "areas.0.elevation_m");
    // A radius of 0 stands every node at the centre: allowed (a spoofer ring's real site).
    assert!(Helium::check(&with(&|a| a.radius_km = 0.0), &infos(&groups())).is_ok());
}

#[test]
fn claims_must_be_a_disk_on_the_map_and_rings_of_two() {
    let with = |f: &dyn Fn(&mut Claims)| {
        let mut c = config();
        f(c.areas[1].claims.as_mut().unwrap());
        c
    };
    let e = bad(with(&|c| c.radius_km = f64::NAN), "areas.1.claims.radius_km");
    assert!(e.message.starts_with("`claims.radius_km` of area `ring` is NaN"), "{e}");
    bad(with(&|c| c.radius_km = 0.0), "areas.1.claims.radius_km");
    bad(with(&|c| c.radius_km = 600.0), "areas.1.claims.radius_km");
    bad(with(&|c| c.lat = -86.0), "areas.1.claims.lat");
    bad(with(&|c| c.lon = f64::NAN), "areas.1.claims.lon");
    bad(with(&|c| c.ring_size = 1), "areas.1.claims.ring_size");
}

#[test]
fn one_area_per_group() {
    let mut c = config();
    c.areas.push(area("h", None));
    let e = bad(c, "areas.2.group");
    assert!(e.message.contains("area 0 already names"), "{e}");
}

#[test]
fn timers_are_at_least_a_minute_and_slots_whole_and_a_second_or_more() {
    let minute_less = SimDuration::from_secs(59);
    bad(HeliumConfig { beacon_every: minute_less, ..config() }, "beacon_every");
    bad(HeliumConfig { epoch: minute_less, reward_offset: SimDuration::ZERO, ..config() }, "epoch");
    bad(HeliumConfig { traffic_every: SimDuration::ZERO, ..config() }, "traffic_every");
    bad(HeliumConfig { beacon_slots: 0, ..config() }, "beacon_slots");
    let e = bad(HeliumConfig { beacon_slots: 7, ..config() }, "beacon_slots");
    assert!(e.message.contains("does not divide"), "{e}");
    // 6 h into 43,200 slots of 500 ms: whole, but shorter than a second.
    let e = bad(HeliumConfig { beacon_slots: 43_200, ..config() }, "beacon_slots");
    assert!(e.message.contains("shorter than a second"), "{e}");
    assert!(Helium::check(&HeliumConfig { beacon_slots: 21_600, ..config() }, &infos(&groups())).is_ok());
    let e = bad(HeliumConfig { reward_offset: SimDuration::from_hours(24), ..config() }, "reward_offset");
    assert!(e.message.contains("`epoch` (1d)"), "{e}");
}

#[test]
fn radio_figures_are_finite_and_physical() {
    bad(HeliumConfig { sensitivity_dbm: -80.0, ..config() }, "sensitivity_dbm");
    bad(HeliumConfig { sensitivity_dbm: f64::NAN, ..config() }, "sensitivity_dbm");
    let e = bad(HeliumConfig { sensor_tx_dbm: f64::NAN, ..config() }, "sensor_tx_dbm");
    assert_eq!(e.to_string(), "`sensor_tx_dbm` is NaN (a transmit power from -30 to 36 dBm)");
    bad(HeliumConfig { sensor_tx_dbm: f64::INFINITY, ..config() }, "sensor_tx_dbm");
    bad(HeliumConfig { sensor_tx_dbm: 40.0, ..config() }, "sensor_tx_dbm");
    bad(HeliumConfig { shadowing_db: -1.0, ..config() }, "shadowing_db");
    bad(HeliumConfig { backhaul_ms: f64::NAN, ..config() }, "backhaul_ms");
    bad(HeliumConfig { slow_backhaul_ms: f64::INFINITY, ..config() }, "slow_backhaul_ms");
    bad(HeliumConfig { jitter_ms: -5.0, ..config() }, "jitter_ms");
}

#[test]
fn amounts_are_finite_and_not_negative_and_shares_within_0_1() {
    bad(HeliumConfig { packets_per_sensor_hour: f64::NAN, ..config() }, "packets_per_sensor_hour");
    bad(HeliumConfig { background_dc_per_day: -1.0, ..config() }, "background_dc_per_day");
    bad(HeliumConfig { power_usd_per_kwh: f64::INFINITY, ..config() }, "power_usd_per_kwh");
    bad(HeliumConfig { slow_backhaul_share: 1.5, ..config() }, "slow_backhaul_share");
    bad(HeliumConfig { iot_share: f64::NAN, ..config() }, "iot_share");
    let e = bad(HeliumConfig { background_hex_scale: 1.2, ..config() }, "background_hex_scale");
    assert_eq!(e.to_string(), "`background_hex_scale` is 1.2 (a share between 0 and 1)");
}

#[test]
fn background_beacons_have_at_most_the_verifiers_14_witnesses() {
    let e = bad(HeliumConfig { background_witnesses: 15, ..config() }, "background_witnesses");
    assert!(e.help.unwrap().contains("0 to 14"));
    assert!(Helium::check(&HeliumConfig { background_witnesses: 14, ..config() }, &infos(&groups())).is_ok());
}

#[test]
fn the_oracle_catches_up_faster_than_real_time() {
    bad(HeliumConfig { catch_up_speed: 1.0, ..config() }, "catch_up_speed");
    bad(HeliumConfig { catch_up_speed: f64::NAN, ..config() }, "catch_up_speed");
}

#[test]
fn price_errors_point_at_the_point() {
    let p = |days: u64, usd: f64| PricePoint { at: SimDuration::from_days(days), usd };
    let e = bad(HeliumConfig { hnt_price: vec![], ..config() }, "hnt_price");
    assert!(e.message.contains("no points"), "{e}");
    let e = bad(HeliumConfig { hnt_price: vec![p(0, 1.0), p(1, f64::NAN)], ..config() }, "hnt_price.1.usd");
    assert_eq!(e.message, "`usd` of point 1 of `hnt_price` is NaN");
    bad(HeliumConfig { hnt_price: vec![p(0, -1.0)], ..config() }, "hnt_price.0.usd");
    let e = bad(HeliumConfig { hnt_price: vec![p(0, 1.0), p(5, 2.0), p(5, 3.0)], ..config() }, "hnt_price.2.at");
    assert!(e.message.contains("not after point 1 (5d)"), "{e}");
}

#[test]
fn roles_must_be_the_protocols() {
    let mut g = groups();
    g.push(("miners", "miner", 2));
    refused(config(), &g, Located::Group("miners".into()), "miners");
}

#[test]
fn areas_name_hotspot_or_spoofer_groups() {
    let mut c = config();
    c.areas[0].group = "hh".into();
    let e = refused(c, &groups(), param("areas.0.group"), "group");
    assert!(e.help.unwrap().contains("`h`, `ring`"));
    let mut c = config();
    c.areas.push(area("o", None));
    let e = refused(c, &groups(), param("areas.2.group"), "group");
    assert!(e.message.contains("role `oracle`"), "{e}");
}

#[test]
fn claims_are_for_spoofers_and_spoofers_need_them() {
    let mut c = config();
    c.areas[0].claims = Some(claims());
    refused(c, &groups(), param("areas.0.claims"), "claims");
    let mut c = config();
    c.areas[1].claims = None;
    refused(c, &groups(), param("areas.1"), "claims");
}

#[test]
fn every_hotspot_group_has_an_area() {
    let mut g = groups();
    g.push(("extra", "hotspot", 3));
    let e = refused(config(), &g, Located::Group("extra".into()), "extra");
    assert!(e.help.unwrap().contains("`group = \"extra\"`"));
}

#[test]
fn a_network_needs_hotspots() {
    let g = vec![("h", "hotspot", 0), ("ring", "spoofer", 0), ("o", "oracle", 1)];
    let e = refused(config(), &g, Located::Network, "hotspot");
    assert!(e.message.contains("no node of role"), "{e}");
}
