//! The network through the Protocol contract: VMs moved off a failed CRN, downtime measured,
//! failed moves when capacity runs out, blacklisted content, and bad parameters.

use depinsim_aleph::pricing::{Payment, VmKind};
use depinsim_aleph::{Aleph, AlephConfig, GroupParams, RuleSet, VmGroup};
use depinsim_core::config::Located;
use depinsim_core::node::NodeTable;
use depinsim_core::profile::{Capacity, HardwareProfile};
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::units::ByteSize;
use depinsim_core::{Fault, Protocol, SimDuration, SimTime};
use std::sync::Arc;

/// A CRN with 2 cores (4 vCPUs) and 8 GiB: 4 compute units.
fn crn_profile() -> Arc<HardwareProfile> {
    let mut p = (*test_profile()).clone();
    p.capacity = Capacity { cpu_cores: Some(2), memory: Some(ByteSize(8 << 30)), ..Default::default() };
    Arc::new(p)
}

/// `ccns` CCNs (group "ccn") then `crns` CRNs (group "crn"), each its own provider.
fn table(ccns: u32, crns: u32) -> NodeTable {
    testing::table(vec![("ccn", "ccn", test_profile(), ccns), ("crn", "crn", crn_profile(), crns)], |i| Place {
        site: Some(100 + i),
        provider: 10 + i,
        operator: i,
        ..Place::default()
    })
}

fn vms(count: u32) -> Vec<VmGroup> {
    vec![VmGroup {
        kind: VmKind::Regular,
        count,
        vcpus: 2,
        memory: ByteSize(4 << 30),
        gpu: None,
        payment: Payment::Hold,
    }]
}

fn at(minutes: u64) -> SimTime {
    SimTime::ZERO + SimDuration::from_secs(minutes * 60)
}

#[test]
fn vms_of_a_failed_crn_move_after_the_detection_delay_and_their_downtime_is_measured() {
    // 1 CCN, 3 CRNs of 4 CU; 3 VMs of 2 CU: placement leaves room for a failed CRN's VMs.
    let nodes = table(1, 3);
    let mut s = Script::<Aleph>::new(nodes.len(), 5);
    let cfg = AlephConfig { vms: vms(3), ..AlephConfig::default() };
    let mut a = Aleph::new(cfg, &nodes, s.rng()).unwrap();
    s.call(None, |cx| a.on_start(cx));
    let host = a.sched.vms[0].host;
    let on_it = a.sched.on_host[host as usize].len() as f64;
    s.advance(&mut a, at(60));
    let failed = a.crns[host as usize];
    s.fault(&mut a, failed, Fault::Down);
    // Ten minutes later (reschedule_after) the VMs run elsewhere.
    s.advance(&mut a, at(69));
    assert!(!a.sched.vms[0].running);
    s.advance(&mut a, at(71));
    assert!(a.sched.vms[0].running && a.sched.vms[0].host != host);
    assert_eq!(a.reschedules(), (on_it as u64, 0));
    // Downtime: 10 minutes per VM that was on the failed CRN.
    s.call(None, |cx| a.on_timer(None, depinsim_aleph::Timer::Retry, cx));
    assert!((a.vm_downtime_hours() - on_it * 10.0 / 60.0).abs() < 1e-9, "{}", a.vm_downtime_hours());
}

#[test]
fn a_crn_back_before_the_delay_keeps_its_vms_and_full_crns_make_moves_fail() {
    let nodes = table(1, 2);
    let mut s = Script::<Aleph>::new(nodes.len(), 9);
    // 4 VMs of 2 CU fill both CRNs (4 CU each): nowhere to move.
    let cfg = AlephConfig { vms: vms(4), ..AlephConfig::default() };
    let mut a = Aleph::new(cfg, &nodes, s.rng()).unwrap();
    s.call(None, |cx| a.on_start(cx));
    let crn = a.crns[0];
    // Back after 5 minutes: no move, 2 VMs x 5 minutes down.
    s.fault(&mut a, crn, Fault::Down);
    s.advance(&mut a, at(5));
    s.fault(&mut a, crn, Fault::Up);
    s.advance(&mut a, at(30));
    assert_eq!(a.reschedules(), (0, 0));
    assert!((a.vm_downtime_hours() - 2.0 * 5.0 / 60.0).abs() < 1e-9);
    // Down for good: both VMs fail to move, wait, and are retried every 30 minutes.
    s.fault(&mut a, crn, Fault::Destroyed);
    s.advance(&mut a, at(41));
    assert_eq!(a.reschedules(), (0, 2));
    assert_eq!(a.waiting(), 2);
    s.advance(&mut a, at(71));
    assert_eq!(a.reschedules(), (0, 2));
    assert_eq!(a.waiting(), 2);
    // The CRN is replaced: the waiting VMs are placed at the next retry.
    s.fault(&mut a, crn, Fault::Up);
    s.advance(&mut a, at(101));
    assert_eq!((a.reschedules(), a.waiting()), ((2, 2), 0));
}

#[test]
fn a_ninth_crn_stays_unlinked_and_gets_no_vm() {
    let nodes = table(1, 9);
    let mut s = Script::<Aleph>::new(nodes.len(), 1);
    let a = Aleph::new(AlephConfig { vms: vms(18), ..AlephConfig::default() }, &nodes, s.rng());
    // 9 x 4 CU would hold 18 VMs of 2 CU, but the 9th CRN is not linked: 8 x 4 = 32 < 36.
    let err = a.err().expect("does not fit");
    assert_eq!(err.at, Located::Param("vms.0.count".into()));
    assert!(err.to_string().contains("to 36, more than the 32 of the linked CRNs"), "{err}");
    let a = Aleph::new(AlephConfig { vms: vms(16), ..AlephConfig::default() }, &nodes, s.rng()).unwrap();
    assert_eq!(a.links.parent.iter().filter(|p| p.is_some()).count(), 8);
    assert!(a.sched.on_host[8].is_empty());
}

#[test]
fn blacklisted_content_is_reachable_only_through_ccns_that_do_not_blacklist_it() {
    let nodes = table(4, 0);
    let mut s = Script::<Aleph>::new(nodes.len(), 2);
    let cfg = AlephConfig { blacklisted_share: 0.3, blacklisting_ccn_share: 0.5, ..AlephConfig::default() };
    let a = Aleph::new(cfg, &nodes, s.rng()).unwrap();
    let refusing: Vec<u32> = (0..4).filter(|c| a.content.is_blacklisting(*c)).collect();
    assert_eq!(refusing.len(), 2);
    // All up: everything reachable.
    assert_eq!(a.content.reachable(|_| true), (1.0, 1.0));
    // Only the blacklisting CCNs up: the flagged 30% is unreachable, the rest is served.
    let only_refusing = a.content.reachable(|c| refusing.contains(&c));
    assert_eq!(only_refusing, (0.7, 0.0));
    // One open CCN up is enough for all of it.
    let open = (0..4).find(|c| !refusing.contains(c)).unwrap();
    assert_eq!(a.content.reachable(|c| c == open), (1.0, 1.0));
}

#[test]
fn legacy_rewards_are_paid_daily_and_a_waiting_ccn_earns_nothing() {
    let nodes = table(2, 2);
    let mut s = Script::<Aleph>::new(nodes.len(), 4);
    let mut cfg = AlephConfig { vms: vms(1), ..AlephConfig::default() };
    cfg.groups.insert("ccn".into(), GroupParams::default());
    let mut a = Aleph::new(cfg.clone(), &nodes, s.rng()).unwrap();
    s.call(None, |cx| a.on_start(cx));
    s.advance(&mut a, SimTime::ZERO + SimDuration::from_days(1));
    // Two active CCNs, each with one CRN scoring 1 (linkage 0.8): 7,500 x 0.8 = 6,000 ALEPH each.
    assert!((a.paid[0] - 12_000.0).abs() < 1e-6, "{}", a.paid[0]);
    // Too little stake: both wait, nothing is paid to CCNs or their CRNs.
    cfg.groups.insert("ccn".into(), GroupParams { stakers: 40, ..GroupParams::default() }); // 480,000
    let mut b = Aleph::new(cfg, &nodes, s.rng()).unwrap();
    let mut s = Script::<Aleph>::new(nodes.len(), 4);
    s.call(None, |cx| b.on_start(cx));
    s.advance(&mut b, SimTime::ZERO + SimDuration::from_days(1));
    assert_eq!(b.paid[0] + b.paid[1], 0.0);
}

#[test]
fn bad_parameters_are_refused_with_what_is_allowed() {
    let nodes = table(1, 1);
    let mut s = Script::<Aleph>::new(nodes.len(), 4);
    let mut cfg = AlephConfig::default();
    cfg.groups.insert("nope".into(), GroupParams::default());
    let err = Aleph::new(cfg, &nodes, s.rng()).err().unwrap();
    assert_eq!(err.at, Located::Param("groups.nope".into()));
    let err = err.to_string();
    assert!(err.contains("names no node group") && err.contains("`crn`"), "{err}");
    let credit = vec![VmGroup {
        kind: VmKind::Regular,
        count: 1,
        vcpus: 1,
        memory: ByteSize(2 << 30),
        gpu: None,
        payment: Payment::Credit,
    }];
    let err = Aleph::new(AlephConfig { vms: credit.clone(), ..AlephConfig::default() }, &nodes, s.rng()).err().unwrap();
    assert_eq!(err.at, Located::Param("vms.0.payment".into()));
    assert!(err.to_string().contains("credits-2026"), "{err}");
    assert!(
        Aleph::new(AlephConfig { vms: credit, rules: RuleSet::Credits2026, ..AlephConfig::default() }, &nodes, s.rng())
            .is_ok()
    );
}
