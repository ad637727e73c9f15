//! Scripted tests of the whole community, without the engine.

use super::*;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::{Fault, SimDuration};

fn homes(n: usize) -> NodeTable {
    testing::table(vec![("homes", "household", test_profile(), n as u32)], |i| Place {
        region: i % 2,
        provider: 2,
        operator: i,
        ..Place::default()
    })
}

const N: usize = 40;

fn start(config: PowerledgerConfig) -> (Powerledger, Script<Powerledger>) {
    let mut script = Script::<Powerledger>::new(N, 7);
    let mut p = Powerledger::new(config, &homes(N), script.rng()).unwrap();
    script.call(None, |cx| p.on_start(cx));
    (p, script)
}

fn at(hours: u64) -> SimTime {
    SimTime::ZERO + SimDuration::from_hours(hours)
}

/// Runs a day with every household islanded from `from` hours on.
fn day_islanded_from(config: PowerledgerConfig, from: u64) -> Powerledger {
    let (mut p, mut script) = start(config);
    if from > 0 {
        script.advance(&mut p, at(from));
    }
    for i in 0..N as u32 {
        script.fault(&mut p, NodeId(i), Fault::Down);
    }
    script.advance(&mut p, at(24));
    p
}

#[test]
fn every_kwh_of_load_is_accounted_for() {
    let (mut p, mut script) = start(PowerledgerConfig::default());
    script.advance(&mut p, at(48));
    let t = p.totals();
    // Load = own solar and battery + bought from neighbours + bought from the grid + unmet.
    let sum = t.local_kwh + t.p2p_kwh + t.grid_import_kwh + t.unmet_kwh;
    assert!((t.load_kwh - sum).abs() < 1e-6, "{} vs {sum}", t.load_kwh);
    // 40 households, 12 kWh a day on average (evenly spread loads), two days.
    assert!((t.load_kwh - 2.0 * 40.0 * 12.0).abs() / t.load_kwh < 0.02, "{}", t.load_kwh);
    // With the grid up nothing goes unserved, and neighbours do trade.
    assert_eq!(t.unmet_kwh, 0.0);
    assert!(t.p2p_kwh > 0.0);
    // Solar: 24 PV homes (60%) of 3-6 kWp at 5 kWh/kWp a day.
    assert!(t.pv_kwh > 2.0 * 24.0 * 3.0 * 5.0 && t.pv_kwh < 2.0 * 24.0 * 6.0 * 5.0, "{}", t.pv_kwh);
}

#[test]
fn islanding_stops_grid_trades_and_unmet_load_appears() {
    // Islanded from 10:00 UTC to the end of the day.
    let (mut p, mut script) = start(PowerledgerConfig::default());
    script.advance(&mut p, at(10));
    let (import, export) = (p.totals().grid_import_kwh, p.totals().grid_export_kwh);
    assert_eq!(p.totals().unmet_kwh, 0.0);
    for i in 0..N as u32 {
        script.fault(&mut p, NodeId(i), Fault::Down);
    }
    script.advance(&mut p, at(24));
    let t = p.totals();
    assert_eq!(t.grid_import_kwh, import, "no grid imports while islanded");
    assert_eq!(t.grid_export_kwh, export, "no grid exports while islanded");
    assert!(t.unmet_kwh > 0.0, "homes without batteries go dark at night");
    assert!(t.island_p2p_kwh > 0.0, "neighbours trade within the island");
    // The grid comes back: imports resume and unmet load stops growing.
    for i in 0..N as u32 {
        script.fault(&mut p, NodeId(i), Fault::Up);
    }
    let unmet = p.totals().unmet_kwh;
    script.advance(&mut p, at(30));
    assert!(p.totals().grid_import_kwh > import);
    assert_eq!(p.totals().unmet_kwh, unmet);
}

#[test]
fn islanding_modes_rank_as_expected_on_the_same_fleet() {
    let mode = |islanding| day_islanded_from(PowerledgerConfig { islanding, ..Default::default() }, 10);
    let micro = mode(Islanding::Microgrid);
    let backup = mode(Islanding::HomeBackup);
    let tied = mode(Islanding::GridTied);
    let served = |p: &Powerledger| p.totals().islanded_served_share().unwrap();
    // Anti-islanding: every islanded kWh is lost.
    assert_eq!(served(&tied), 0.0);
    assert_eq!(tied.totals().islanded_load_kwh, tied.totals().islanded_unmet_kwh);
    // Alone on its own kit a home serves part of its load; sharing in a microgrid serves more.
    assert!(served(&backup) > 0.0);
    assert!(served(&micro) > served(&backup), "{} vs {}", served(&micro), served(&backup));
    assert_eq!(backup.totals().island_p2p_kwh, 0.0);
    // Same fleet in all three.
    assert_eq!(micro.totals().islanded_load_kwh, backup.totals().islanded_load_kwh);
}

#[test]
fn island_prices_rise_above_the_grid_tariff_only_when_islanded() {
    let connected = {
        let (mut p, mut script) = start(PowerledgerConfig::default());
        script.advance(&mut p, at(24));
        p
    };
    let t = connected.totals();
    let mean = t.p2p_usd / t.p2p_kwh;
    // Zero-intelligence traders between export (0.05) and import (0.16) clear between them.
    assert!(mean > 0.05 && mean < 0.16, "{mean}");
    let island = day_islanded_from(PowerledgerConfig::default(), 0);
    let ti = island.totals();
    let mean_island = ti.island_p2p_usd / ti.island_p2p_kwh;
    assert!(mean_island > mean, "{mean_island} vs {mean}");
    assert!(mean_island <= 0.50);
}

#[test]
fn batteries_stay_within_their_limits_through_a_day() {
    let config = PowerledgerConfig::default();
    let (mut p, mut script) = start(config.clone());
    let half_hour_kwh = config.battery_kw * 0.5;
    let mut before: Vec<f64> = p.households().iter().map(|h| h.battery.soc_kwh).collect();
    for step in 1..=48 {
        script.advance(&mut p, SimTime::from_millis(step * 1_800_000 - 1));
        for (h, b) in p.households().iter().zip(&before) {
            let soc = h.battery.soc_kwh;
            assert!((0.0..=h.battery.capacity_kwh + 1e-9).contains(&soc));
            // Stored energy moves by at most the power limit (times the one-way efficiency
            // when charging, divided by it when discharging) in one interval.
            assert!((soc - b).abs() <= half_hour_kwh / 0.9f64.sqrt() + 1e-9, "{b} -> {soc}");
        }
        before = p.households().iter().map(|h| h.battery.soc_kwh).collect();
        if step == 34 {
            // By 17:00 UTC a sunny day has filled the batteries from 30% to well above it.
            let batteries: Vec<&Household> = p.households().iter().filter(|h| h.battery.capacity_kwh > 0.0).collect();
            assert_eq!(batteries.len(), 16, "40% of 40 homes");
            let mean = batteries.iter().map(|h| h.battery.soc_kwh).sum::<f64>() / 16.0;
            assert!(mean > 0.6 * config.battery_kwh, "{mean}");
        }
    }
}

#[test]
fn solar_households_save_against_the_grid() {
    let (mut p, mut script) = start(PowerledgerConfig::default());
    script.advance(&mut p, at(24));
    let bills = p.bills();
    let pv: Vec<usize> = (0..N).filter(|i| p.households()[*i].pv_kwp > 0.0).collect();
    let no_pv: Vec<usize> = (0..N).filter(|i| p.households()[*i].pv_kwp == 0.0).collect();
    let import = 0.16;
    for &i in &pv {
        assert!(bills[i] < p.households()[i].daily_load_kwh * import, "PV home {i} saves");
    }
    // Homes without solar never pay more than the grid price for a kWh.
    for &i in &no_pv {
        assert!(bills[i] <= p.households()[i].daily_load_kwh * import + 1e-9, "home {i}");
    }
    assert!(script.ledger.rewards_total > 0.0 && script.ledger.charges_total > 0.0);
}

#[test]
fn bad_params_are_rejected_at_their_key() {
    let nodes = homes(2);
    let mut s = Script::<Powerledger>::new(2, 0);
    let mut err = |c: PowerledgerConfig| Powerledger::new(c, &nodes, s.rng()).err().expect("refused");
    let at = |path: &str| depinsim_core::config::Located::Param(path.into());
    let e = err(PowerledgerConfig { battery_round_trip: 1.2, ..Default::default() });
    assert_eq!((e.at, e.message.contains("`battery_round_trip`")), (at("battery_round_trip"), true));
    assert_eq!(err(PowerledgerConfig { pv_kwp: [6.0, 3.0], ..Default::default() }).at, at("pv_kwp"));
    assert_eq!(err(PowerledgerConfig { battery_share: 0.9, ..Default::default() }).at, at("battery_share"));
    let e = err(PowerledgerConfig { interval: SimDuration::from_secs(7 * 60), ..Default::default() });
    assert_eq!(
        e.to_string(),
        "`interval` is 7m, which does not divide a day (a duration that divides 24h, e.g. \"15m\", \"30m\" or \"1h\")"
    );
    assert_eq!(err(PowerledgerConfig { import_usd_per_kwh: 0.01, ..Default::default() }).at, at("import_usd_per_kwh"));
}

#[test]
fn a_community_without_solar_runs() {
    // pv_share = 0 (and so no batteries) must not divide by zero when the fleet is built.
    let config = PowerledgerConfig { pv_share: 0.0, battery_share: 0.0, ..Default::default() };
    let (mut p, mut script) = start(config);
    script.advance(&mut p, at(24));
    assert!(p.households().iter().all(|h| h.pv_kwp == 0.0 && h.battery.capacity_kwh == 0.0));
    let t = p.totals();
    assert_eq!(t.pv_kwh, 0.0);
    assert!((t.grid_import_kwh - t.load_kwh).abs() < 1e-9, "every kWh comes from the grid");
    assert_eq!(t.p2p_kwh, 0.0);
}

/// The islanded load counted over 10:00-11:00 UTC when every household loses the grid at 10:00
/// plus `minute` minutes.
fn islanded_load_by_11(minute: u64) -> f64 {
    let (mut p, mut script) = start(PowerledgerConfig::default());
    script.advance(&mut p, at(10) + SimDuration::from_secs(minute * 60));
    for i in 0..N as u32 {
        script.fault(&mut p, NodeId(i), Fault::Down);
    }
    script.advance(&mut p, at(11));
    p.totals().islanded_load_kwh
}

#[test]
fn a_grid_failure_inside_an_interval_counts_from_its_minute() {
    // The Iberian blackout began at 10:33 UTC, 3 minutes into the 10:30 interval: 27 of its 30
    // minutes are islanded. The load profile is flat within the hour, so the islanded load over
    // 10:30-11:00 is exactly 27/30 of that of a failure at 10:30 (and the 10:00 interval none).
    let (at_33, at_30) = (islanded_load_by_11(33), islanded_load_by_11(30));
    assert!(at_30 > 0.0);
    assert!((at_33 / at_30 - 0.9).abs() < 1e-12, "{at_33} / {at_30}");
    // And a failure at 10:00 islands two whole intervals.
    assert!((islanded_load_by_11(0) / at_30 - 2.0).abs() < 1e-12);
}
