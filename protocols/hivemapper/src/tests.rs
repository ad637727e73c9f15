//! Scripted tests of the whole protocol, without the engine.

use super::*;
use depinsim_core::Fault;
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};

fn drivers(n: usize) -> NodeTable {
    testing::table(vec![("dashcams", "driver", test_profile(), n as u32)], |i| Place {
        provider: 1,
        operator: i,
        ..Place::default()
    })
}

fn small() -> HivemapperConfig {
    HivemapperConfig {
        rings: 6,
        initial_active_share: 1.0,
        leave_per_week: 0.0,
        low_reward_leave_per_week: 0.0,
        join_per_week: 0.0,
        drive_days_per_week: 7.0,
        ..Default::default()
    }
}

fn run(config: HivemapperConfig, n: usize, days: u64, seed: u64) -> (Hivemapper, Script<Hivemapper>) {
    let mut script = Script::<Hivemapper>::new(n, seed);
    let mut h = Hivemapper::new(config, &drivers(n), script.rng()).unwrap();
    script.call(None, |cx| h.on_start(cx));
    script.advance(&mut h, SimTime::ZERO + SimDuration::from_days(days));
    (h, script)
}

#[test]
fn weekly_pool_is_paid_in_full_and_matches_the_ledger() {
    let config = HivemapperConfig { progress_multiplier: false, ..small() };
    let (h, script) = run(config, 20, 7, 1);
    // One week: the base pool (100,000 HONEY, no multiplier) is paid in full.
    assert!((h.honey().iter().sum::<f64>() - 100_000.0).abs() < 1e-6);
    // Paid at the HONEY price to the operators' ledger.
    assert!((script.ledger.rewards_total - 100_000.0 * 0.02).abs() < 1e-6);
    // Week points were consumed.
    assert!(h.week_points().iter().all(|p| *p == 0.0));
}

#[test]
fn mip7_multiplier_triples_the_pool_of_a_fresh_city() {
    // Many drivers exploring a small city: nearly every tile is fresh at the week's end.
    let config = HivemapperConfig { rings: 3, explore_share: 1.0, ..small() };
    let (h, _) = run(config, 60, 7, 2);
    let fresh = h.tiles().fresh_share(SimTime::ZERO + SimDuration::from_days(7), SimDuration::from_days(30), |_| true);
    assert!(fresh >= 0.9, "fresh share {fresh}");
    assert!((h.honey().iter().sum::<f64>() - 300_000.0).abs() < 1e-6);
}

#[test]
fn broken_dashcams_map_nothing_and_earn_nothing() {
    let mut script = Script::<Hivemapper>::new(4, 3);
    let mut h = Hivemapper::new(small(), &drivers(4), script.rng()).unwrap();
    script.call(None, |cx| h.on_start(cx));
    for i in 0..2 {
        script.fault(&mut h, NodeId(i), Fault::Down);
    }
    script.advance(&mut h, SimTime::ZERO + SimDuration::from_days(7));
    assert_eq!(h.honey()[0], 0.0);
    assert_eq!(h.honey()[1], 0.0);
    assert!(h.honey()[2] > 0.0 && h.honey()[3] > 0.0);
    // No tile was last mapped by a broken dashcam.
    assert!((0..h.city().len() as u32).all(|t| !matches!(h.tiles().last_mapper(t), Some(0 | 1))));
}

#[test]
fn churn_without_joiners_empties_the_city_and_freshness_decays() {
    let config = HivemapperConfig { leave_per_week: 1.0, ..small() };
    let (mut h, _) = run(config, 10, 7 * 8, 4);
    assert!(h.drivers.iter().all(|d| !h.is_active(*d)));
    // Everyone left after week 1: by day 56 nothing was mapped within 30 days.
    let mut obs = Observer::default();
    h.observe(SimTime::ZERO + SimDuration::from_days(56), &Liveness::all_up(10), &mut obs);
    let fresh = obs.values().iter().find(|(m, _)| *m == MAP_FRESH_SHARE).unwrap().1;
    let coverage = obs.values().iter().find(|(m, _)| *m == MAP_COVERAGE).unwrap().1;
    assert_eq!(fresh, 0.0);
    assert!(coverage > 0.0);
}

#[test]
fn same_seed_same_map() {
    let (a, _) = run(small(), 15, 14, 9);
    let (b, _) = run(small(), 15, 14, 9);
    assert_eq!(a.honey(), b.honey());
    let (c, _) = run(small(), 15, 14, 10);
    assert_ne!(a.honey(), c.honey());
}

#[test]
fn bad_params_are_rejected_at_their_key() {
    let nodes = drivers(2);
    let mut rng = Script::<Hivemapper>::new(2, 0);
    let mut err = |c: HivemapperConfig| Hivemapper::new(c, &nodes, rng.rng()).err().expect("refused");
    let at = |p: &str| depinsim_core::config::Located::Param(p.into());
    let e = err(HivemapperConfig { explore_share: 1.5, ..Default::default() });
    assert_eq!(e.to_string(), "`explore_share` is 1.5 (a share between 0 and 1)");
    assert_eq!(e.at, at("explore_share"));
    assert_eq!(err(HivemapperConfig { weekly_pool: vec![], ..Default::default() }).at, at("weekly_pool"));
    let e = err(HivemapperConfig { city_lat: 120.0, ..Default::default() });
    assert_eq!(e.to_string(), "`city_lat` is 120 (a latitude from -90 to 90 degrees)");
}

#[test]
fn warmup_maps_the_city_before_time_zero_without_paying() {
    let config = HivemapperConfig { warmup: SimDuration::from_days(14), ..small() };
    let mut script = Script::<Hivemapper>::new(20, 5);
    let mut h = Hivemapper::new(config, &drivers(20), script.rng()).unwrap();
    script.call(None, |cx| h.on_start(cx));
    let mut obs = Observer::default();
    h.observe(SimTime::ZERO, &Liveness::all_up(20), &mut obs);
    let coverage = obs.values().iter().find(|(m, _)| *m == MAP_COVERAGE).unwrap().1;
    assert!(coverage > 0.3, "{coverage}");
    assert_eq!(script.ledger.rewards_total, 0.0);
    assert!(h.week_points().iter().all(|p| *p == 0.0));
    // Without warm-up the map starts blank (failing case).
    let (mut blank, _) = run(small(), 20, 0, 5);
    let mut obs = Observer::default();
    blank.observe(SimTime::ZERO, &Liveness::all_up(20), &mut obs);
    assert_eq!(obs.values().iter().find(|(m, _)| *m == MAP_COVERAGE).unwrap().1, 0.0);
}

/// Day 0 of one driver who drives every day, 20 trips, with its dashcam's changes `faults`
/// (hour of day 0, fault) scripted at their minute; returns the city after day 0 is processed.
fn one_day(faults: &[(f64, Fault)]) -> Hivemapper {
    let config = HivemapperConfig { trips_per_day: 20, ..small() };
    let mut script = Script::<Hivemapper>::new(1, 21);
    let mut h = Hivemapper::new(config, &drivers(1), script.rng()).unwrap();
    script.call(None, |cx| h.on_start(cx));
    for &(hour, fault) in faults {
        script.advance(&mut h, SimTime::from_millis((hour * 3.6e6) as u64));
        script.fault(&mut h, NodeId(0), fault);
    }
    script.advance(&mut h, SimTime::ZERO + DAY);
    h
}

#[test]
fn a_dashcam_failure_inside_a_day_counts_from_its_minute() {
    let whole = one_day(&[]);
    assert!(whole.tile_passes > 0);
    // Down at 23:00, after the day's last trip (trips start before 22:00): the day was mapped
    // in full (the day's end read alone saw a dead dashcam and mapped nothing).
    let late = one_day(&[(23.0, Fault::Down)]);
    assert_eq!(late.tile_passes, whole.tile_passes);
    assert_eq!(late.week_points()[0], whole.week_points()[0]);
    // Down from 06:00 (before the first trip) to 23:30: nothing mapped (the day's end read alone
    // saw a working dashcam and mapped the whole day).
    let away = one_day(&[(6.0, Fault::Down), (23.5, Fault::Up)]);
    assert_eq!(away.tile_passes, 0);
    assert_eq!(away.week_points()[0], 0.0);
    // Down at 14:00: the trips before count, those after do not; with the complement (down from
    // 06:00 to 14:00) they add up to the whole day exactly, the same trips split at the minute.
    let fourteen = SimTime::from_millis(14 * 3_600_000);
    let before = one_day(&[(14.0, Fault::Down)]);
    let after = one_day(&[(6.0, Fault::Down), (14.0, Fault::Up)]);
    assert!(before.tile_passes > 0 && after.tile_passes > 0);
    assert_eq!(before.tile_passes + after.tile_passes, whole.tile_passes);
    let mapped: Vec<SimTime> = (0..before.city().len() as u32).filter_map(|t| before.tiles().last_mapped(t)).collect();
    assert!(!mapped.is_empty() && mapped.iter().all(|t| *t < fourteen));
    assert!((0..after.city().len() as u32).filter_map(|t| after.tiles().last_mapped(t)).all(|t| t >= fourteen));
}
