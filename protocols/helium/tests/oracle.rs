//! Service and accounting apart: a chain halt or an oracle outage stops payment, not coverage;
//! what was earned is paid late, and the delay is what the model says.

use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::time::HOUR;
use depinsim_core::{Fault, NodeId, Protocol, SimTime};
use depinsim_helium::geo::Area;
use depinsim_helium::radio::Environment;
use depinsim_helium::{Helium, HeliumConfig};

/// 30 rural hotspots within 15 km, one oracle node (30), one chain node (31).
fn network() -> (Helium, Script<Helium>) {
    let nodes = testing::table(
        vec![
            ("h", "hotspot", test_profile(), 30),
            ("o", "oracle", test_profile(), 1),
            ("c", "chain", test_profile(), 1),
        ],
        |i| Place { provider: 1, operator: i, ..Place::default() },
    );
    let cfg = HeliumConfig {
        areas: vec![Area {
            group: "h".into(),
            environment: Environment::Rural,
            lat: 41.0,
            lon: -4.6,
            radius_km: 15.0,
            plan: Default::default(),
            gain_dbi: None,
            elevation_m: None,
            sensors: 20,
            claims: None,
        }],
        ..HeliumConfig::default()
    };
    let mut script = Script::new(32, 7);
    let mut h = Helium::new(cfg, &nodes, script.rng()).expect("valid");
    script.call(None, |cx| h.on_start(cx));
    (h, script)
}

fn at(hours: u64) -> SimTime {
    SimTime::from_millis(hours * HOUR)
}

#[test]
fn a_chain_halt_delays_payment_until_the_chain_is_back() {
    let (mut h, mut s) = network();
    // Day 1 is paid at 00:30 on day 2.
    s.advance(&mut h, SimTime::from_millis(24 * HOUR + HOUR / 2));
    let day1 = s.ledger.rewards_total;
    assert!(day1 > 0.0);
    let coverage = h.coverage_hexes();
    // The chain halts at 30 h and is back at 50 h: day 2 (due at 48h30) waits.
    s.advance(&mut h, at(30));
    s.fault(&mut h, NodeId(31), Fault::Down);
    s.advance(&mut h, at(49));
    assert_eq!(s.ledger.rewards_total, day1, "nothing paid while the chain is halted");
    assert_eq!(h.coverage_hexes(), coverage, "coverage goes on");
    assert!(h.witnesses_valid() > 0);
    s.advance(&mut h, at(50));
    s.fault(&mut h, NodeId(31), Fault::Up);
    assert!(s.ledger.rewards_total > 1.5 * day1, "day 2 paid on the chain's return");
    let mut headline = depinsim_core::Headline::default();
    h.headline(&mut headline);
    let get = |k: &str| headline.values().iter().find(|(n, _)| *n == k).and_then(|(_, v)| *v).unwrap();
    assert_eq!(get("epochs_delayed"), 1.0);
    // Due 48h30, paid 50h: 1.5 h late.
    assert_eq!(get("reward_delay_max_s"), 1.5 * 3600.0);
}

#[test]
fn an_oracle_outage_delays_payment_by_its_backlog() {
    let (mut h, mut s) = network();
    // The oracle is down from 20 h to 26 h: 6 h of reports, processed at 4x real time (3 h of
    // backlog per hour of catch-up), current at 28 h. Day 1 (due 24h30) is paid then, 3.5 h late.
    s.advance(&mut h, at(20));
    s.fault(&mut h, NodeId(30), Fault::Down);
    s.advance(&mut h, at(26));
    assert_eq!(s.ledger.rewards_total, 0.0);
    s.fault(&mut h, NodeId(30), Fault::Up);
    assert_eq!(s.ledger.rewards_total, 0.0, "still catching up");
    s.advance(&mut h, at(27));
    assert_eq!(s.ledger.rewards_total, 0.0);
    s.advance(&mut h, at(28));
    assert!(s.ledger.rewards_total > 0.0);
    let mut headline = depinsim_core::Headline::default();
    h.headline(&mut headline);
    let delay = headline.values().iter().find(|(n, _)| *n == "reward_delay_max_s").and_then(|(_, v)| *v).unwrap();
    assert_eq!(delay, 3.5 * 3600.0);
}

fn availability(h: &mut Helium, now: SimTime) -> f64 {
    let mut obs = depinsim_core::metrics::Observer::default();
    h.observe(now, &depinsim_core::Liveness::all_up(32), &mut obs);
    obs.values().iter().find(|(m, _)| *m == depinsim_core::metrics::AVAILABILITY).unwrap().1
}

fn uplinks(h: &Helium) -> f64 {
    h.service_delivered().expect("sensors send").1 * 1000.0
}

/// Uplinks are delivered and paid packet by packet, when sent (the packet router buys each
/// with data credits, helium/oracles `iot_packet_verifier`): hotspots that fail 10 minutes into
/// a 15-minute traffic tick delivered its first 10 minutes, and those back 5 minutes into one
/// deliver its last 10. (Read at the tick's end alone, the first tick delivered nothing and the
/// second everything.)
#[test]
fn hotspots_failing_inside_a_traffic_tick_deliver_until_their_minute() {
    let (mut h, mut s) = network();
    let (tick, minute) = (15 * 60_000, 60_000);
    s.advance(&mut h, SimTime::from_millis(tick));
    let full = uplinks(&h);
    let share = availability(&mut h, s.now);
    assert!(full > 0.0 && share > 0.0);
    s.advance(&mut h, SimTime::from_millis(tick + 10 * minute));
    for i in 0..30 {
        s.fault(&mut h, NodeId(i), Fault::Down);
    }
    s.advance(&mut h, SimTime::from_millis(2 * tick));
    let second = uplinks(&h) - full;
    assert!((second - full * 10.0 / 15.0).abs() < 1e-9 * full, "{second} of {full}");
    assert!((availability(&mut h, s.now) - share * 10.0 / 15.0).abs() < 1e-12);
    s.advance(&mut h, SimTime::from_millis(3 * tick));
    assert_eq!(uplinks(&h) - full, second, "nothing delivered while every hotspot is down");
    assert_eq!(availability(&mut h, s.now), 0.0);
    s.advance(&mut h, SimTime::from_millis(3 * tick + 5 * minute));
    for i in 0..30 {
        s.fault(&mut h, NodeId(i), Fault::Up);
    }
    s.advance(&mut h, SimTime::from_millis(4 * tick));
    let fourth = uplinks(&h) - full - second;
    assert!((fourth - full * 10.0 / 15.0).abs() < 1e-9 * full, "{fourth} of {full}");
}

/// A beacon is sent at an instant (one hotspot's slot in the beacon interval), so the rule is
/// the beaconer's state at that instant: a hotspot down inside the slot before it, and back
/// before its beacon, beacons; one down across the instant does not.
#[test]
fn a_beacon_is_sent_if_the_hotspot_is_up_at_its_instant() {
    let slot = 15 * 60_000;
    // The first beacon of hotspot 0, found slot by slot (the slots are the network's own).
    let (mut h, mut s) = network();
    let mut first = 0;
    for k in 1..=24 {
        s.advance(&mut h, SimTime::from_millis(k * slot));
        if h.beacons_sent(NodeId(0)) > 0 {
            first = k * slot;
            break;
        }
    }
    assert!(first > 0, "hotspot 0 beacons within the 6-hour interval");
    let beacons_with = |faults: &[(u64, Fault)]| {
        let (mut h, mut s) = network();
        for &(t, fault) in faults {
            s.advance(&mut h, SimTime::from_millis(t));
            s.fault(&mut h, NodeId(0), fault);
        }
        s.advance(&mut h, SimTime::from_millis(first));
        h.beacons_sent(NodeId(0))
    };
    assert_eq!(beacons_with(&[(first - 14 * 60_000, Fault::Down), (first - 60_000, Fault::Up)]), 1);
    assert_eq!(beacons_with(&[(first - 60_000, Fault::Down)]), 0);
}
