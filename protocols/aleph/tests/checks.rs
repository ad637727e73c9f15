//! `Aleph::check`: every refused configuration names the key as the scenario writes it, at the
//! path the loader turns into a file position; the shipped scenarios pass; and what cannot be
//! known before placement is refused by `new`, located too.

mod common;

use depinsim_aleph::pricing::{GpuModel, Payment, VmKind};
use depinsim_aleph::{Aleph, AlephConfig, GroupParams, RuleSet, VmGroup};
use depinsim_core::config::{ConfigError, Located};
use depinsim_core::node::GroupInfo;
use depinsim_core::profile::{Capacity, HardwareProfile};
use depinsim_core::protocol::testing::{self, Place, Script, test_profile};
use depinsim_core::units::ByteSize;
use depinsim_core::{Protocol, SimDuration};
use std::sync::Arc;

/// A CRN of `cores` cores (2 vCPUs each), `gib` GiB and `gpus` H100s.
fn crn(cores: u32, gib: u64, gpus: u32) -> Arc<HardwareProfile> {
    let mut p = (*test_profile()).clone();
    p.capacity = Capacity {
        cpu_cores: Some(cores),
        memory: Some(ByteSize(gib << 30)),
        gpus: (gpus > 0).then_some(gpus),
        gpu_model: (gpus > 0).then(|| "H100 SXM 80GB".into()),
        ..Default::default()
    };
    Arc::new(p)
}

/// Groups `ccn` (`ccns` CCNs) and `crn` (`crns` CRNs of 2 cores and 8 GiB: 4 compute units).
fn groups(ccns: u32, crns: u32) -> Vec<GroupInfo> {
    table(vec![("ccn", "ccn", test_profile(), ccns), ("crn", "crn", crn(2, 8, 0), crns)])
}

fn table(groups: Vec<(&str, &str, Arc<HardwareProfile>, u32)>) -> Vec<GroupInfo> {
    testing::table(groups, |i| Place { provider: i, operator: i, ..Place::default() }).groups
}

fn vm(kind: VmKind, count: u32, vcpus: u32) -> VmGroup {
    let gpu = (kind == VmKind::Gpu).then_some(GpuModel::H100);
    VmGroup { kind, count, vcpus, memory: ByteSize(2 << 30), gpu, payment: Payment::Hold }
}

fn with_vms(vms: Vec<VmGroup>) -> AlephConfig {
    AlephConfig { vms, ..AlephConfig::default() }
}

/// The error of `cfg` over `groups`, checked to be at `path` and to name it and `fragment`.
#[track_caller]
fn refused(cfg: &AlephConfig, groups: &[GroupInfo], path: &str, fragment: &str) -> ConfigError {
    let e = Aleph::check(cfg, groups).expect_err("refused");
    assert_eq!(e.at, Located::Param(path.into()), "{e}");
    let text = e.to_string();
    assert!(text.contains(&format!("`{path}`")) && text.contains(fragment), "{text}");
    assert!(e.help.is_some(), "{text}");
    e
}

#[test]
fn a_role_the_protocol_does_not_know_is_refused_at_its_group() {
    let g = table(vec![("ccn", "ccn", test_profile(), 1), ("edge", "gateway", test_profile(), 1)]);
    let e = Aleph::check(&AlephConfig::default(), &g).unwrap_err();
    assert_eq!(e.at, Located::Group("edge".into()));
    assert!(e.to_string().contains("roles: ccn, crn"), "{e}");
}

#[test]
fn group_params_must_name_a_group_and_link_to_a_ccn_group() {
    let g = groups(1, 1);
    let mut cfg = AlephConfig::default();
    cfg.groups.insert("nope".into(), GroupParams::default());
    let e = refused(&cfg, &g, "groups.nope", "names no node group");
    assert!(e.to_string().contains("`ccn`, `crn`"), "{e}");

    let mut cfg = AlephConfig::default();
    cfg.groups.insert("crn".into(), GroupParams { link_to: Some("crn".into()), ..GroupParams::default() });
    refused(&cfg, &g, "groups.crn.link_to", "\"crn\", not a `ccn` group");

    let mut cfg = AlephConfig::default();
    cfg.groups.insert("ccn".into(), GroupParams { link_to: Some("ccn".into()), ..GroupParams::default() });
    refused(&cfg, &g, "groups.ccn.link_to", "`crn` groups only");

    let mut cfg = AlephConfig::default();
    cfg.groups.insert("crn".into(), GroupParams { link_to: Some("ccn".into()), ..GroupParams::default() });
    assert_eq!(Aleph::check(&cfg, &g), Ok(()));
}

#[test]
fn group_numbers_must_be_finite_and_not_negative() {
    let g = groups(1, 1);
    type Field = fn(&mut GroupParams) -> &mut f64;
    let fields: [(&str, Field); 5] = [
        ("owner_balance", |p| &mut p.owner_balance),
        ("stake_per_staker", |p| &mut p.stake_per_staker),
        ("latency_p25_s", |p| &mut p.latency_p25_s),
        ("latency_high_s", |p| &mut p.latency_high_s),
        ("check_overhead_s", |p| &mut p.check_overhead_s),
    ];
    for (key, field) in fields {
        for bad in [f64::NAN, -1.0, f64::INFINITY] {
            let mut p = GroupParams::default();
            *field(&mut p) = bad;
            let mut cfg = AlephConfig::default();
            cfg.groups.insert("ccn".into(), p);
            refused(&cfg, &g, &format!("groups.ccn.{key}"), &format!("is {bad}"));
        }
    }
    let mut cfg = AlephConfig::default();
    cfg.groups.insert("ccn".into(), GroupParams { stakers: 2_000_000, ..GroupParams::default() });
    refused(&cfg, &g, "groups.ccn.stakers", "is 2000000");
}

#[test]
fn each_vm_group_is_checked_at_its_own_key() {
    let g = groups(1, 2);
    let mut gpu = vm(VmKind::Gpu, 1, 1);
    gpu.gpu = None;
    refused(&with_vms(vec![vm(VmKind::Regular, 1, 1), gpu]), &g, "vms.1.kind", "`vms.1.gpu` is missing");
    let mut regular = vm(VmKind::Regular, 1, 1);
    regular.gpu = Some(GpuModel::A100);
    refused(&with_vms(vec![regular]), &g, "vms.0.gpu", "\"a100\" but `vms.0.kind` is \"regular\"");
    refused(&with_vms(vec![vm(VmKind::Regular, 1, 0)]), &g, "vms.0.vcpus", "is 0");
    let mut empty = vm(VmKind::Regular, 1, 1);
    empty.memory = ByteSize(0);
    refused(&with_vms(vec![empty]), &g, "vms.0.memory", "is 0");
    let mut credit = vm(VmKind::Regular, 1, 1);
    credit.payment = Payment::Credit;
    refused(&with_vms(vec![credit.clone()]), &g, "vms.0.payment", "`rules` is \"legacy\"");
    let cfg = AlephConfig { rules: RuleSet::Credits2026, ..with_vms(vec![credit]) };
    assert_eq!(Aleph::check(&cfg, &g), Ok(()));
}

#[test]
fn shares_prices_and_periods_are_range_checked() {
    let g = groups(1, 1);
    let d = AlephConfig::default;
    refused(&AlephConfig { blacklisted_share: 1.5, ..d() }, &g, "blacklisted_share", "is 1.5");
    refused(&AlephConfig { blacklisting_ccn_share: f64::NAN, ..d() }, &g, "blacklisting_ccn_share", "is NaN");
    refused(&AlephConfig { aleph_usd: -0.05, ..d() }, &g, "aleph_usd", "is -0.05");
    refused(&AlephConfig { hold_capital_per_year: f64::INFINITY, ..d() }, &g, "hold_capital_per_year", "is inf");
    let mut aws = d();
    aws.aws.per_vcpu = f64::NAN;
    refused(&aws, &g, "aws.per_vcpu", "is NaN");
    let mut aws = d();
    aws.aws.per_vcpu_confidential = -1.0;
    refused(&aws, &g, "aws.per_vcpu_confidential", "is -1");
    let mut aws = d();
    aws.aws.per_a100 = f64::NAN;
    refused(&aws, &g, "aws.per_a100", "is NaN");
    let mut aws = d();
    aws.aws.per_h100 = -6.88;
    refused(&aws, &g, "aws.per_h100", "is -6.88");
    let zero = SimDuration::ZERO;
    refused(&AlephConfig { reschedule_after: zero, ..d() }, &g, "reschedule_after", "is 0");
    refused(&AlephConfig { retry_every: zero, ..d() }, &g, "retry_every", "is 0");
    refused(&AlephConfig { score_every: zero, ..d() }, &g, "score_every", "is 0");
}

#[test]
fn a_vm_larger_than_every_linked_crn_is_refused_before_placement() {
    // CRNs of 4 compute units: a VM of 5 fits on none.
    let e = refused(&with_vms(vec![vm(VmKind::Regular, 3, 5)]), &groups(1, 2), "vms.0", "fits on no linked CRN");
    assert!(e.to_string().contains("`crn`: 2 of 2 linked, each 4 compute units"), "{e}");
    // No confidential CRN, no GPU CRN.
    refused(
        &with_vms(vec![vm(VmKind::Confidential, 1, 1)]),
        &groups(1, 2),
        "vms.0",
        "1 confidential VMs of 1 compute units each",
    );
    refused(&with_vms(vec![vm(VmKind::Gpu, 1, 1)]), &groups(1, 2), "vms.0", "with one h100 GPU");
    // No CCN, or only a dropped one: no CRN is linked.
    let e = refused(&with_vms(vec![vm(VmKind::Regular, 1, 1)]), &groups(0, 2), "vms.0", "fits on no linked CRN");
    assert!(e.to_string().contains("`crn`: 0 of 2 linked"), "{e}");
    let mut cfg = with_vms(vec![vm(VmKind::Regular, 1, 1)]);
    cfg.groups.insert("ccn".into(), GroupParams { owner_balance: 0.0, ..GroupParams::default() });
    refused(&cfg, &groups(1, 2), "vms.0", "fits on no linked CRN");
    // A group of no VMs asks for nothing.
    assert_eq!(Aleph::check(&with_vms(vec![vm(VmKind::Gpu, 0, 1)]), &groups(0, 0)), Ok(()));
}

#[test]
fn totals_beyond_the_linked_crns_are_refused_at_the_group_that_tips_them_over() {
    // 9 CRNs of 4 compute units, but a CCN links 8: 32 units. 10 + 8 VMs of 2 units need 36.
    let g = groups(1, 9);
    let cfg = with_vms(vec![vm(VmKind::Regular, 10, 2), vm(VmKind::Regular, 8, 2)]);
    refused(&cfg, &g, "vms.1.count", "brings the VMs' compute units to 36, more than the 32 of the linked CRNs");
    assert_eq!(Aleph::check(&with_vms(vec![vm(VmKind::Regular, 16, 2)]), &g), Ok(()));
    // Confidential VMs fit on confidential CRNs only: 1 of the 2 here (4 units).
    let g = table(vec![
        ("ccn", "ccn", test_profile(), 1),
        ("sev", "crn", crn(2, 8, 0), 1),
        ("plain", "crn", crn(2, 8, 0), 1),
    ]);
    let mut cfg = with_vms(vec![vm(VmKind::Confidential, 3, 2)]);
    cfg.groups.insert("sev".into(), GroupParams { confidential: true, ..GroupParams::default() });
    refused(&cfg, &g, "vms.0.count", "confidential VMs' compute units to 6, more than the 4");
    // One GPU VM per GPU: 2 H100s for 3 VMs.
    let g = table(vec![("ccn", "ccn", test_profile(), 1), ("gpu", "crn", crn(64, 512, 2), 1)]);
    refused(
        &with_vms(vec![vm(VmKind::Gpu, 3, 1)]),
        &g,
        "vms.0.count",
        "the h100 VMs to 3, more than the 2 h100 GPUs of the linked CRNs",
    );
    // Enough GPUs but not enough units on their hosts: 8 H100s, 24 compute units, 2 VMs of 24
    // (and room for them elsewhere, on a CRN without GPUs).
    let big = crn(64, 512, 0);
    let g = table(vec![("ccn", "ccn", test_profile(), 1), ("gpu", "crn", crn(12, 512, 8), 1), ("big", "crn", big, 1)]);
    let e = refused(
        &with_vms(vec![vm(VmKind::Gpu, 2, 1)]),
        &g,
        "vms.0.count",
        "compute units to 48, more than the 24 of the linked CRNs with h100 GPUs",
    );
    assert!(e.to_string().contains("`gpu`: 1 of 1 linked, each 24 compute units, 8 h100 GPUs"), "{e}");
}

#[test]
fn links_in_check_are_the_links_new_makes() {
    // A CRN group linked to a CCN group whose CCNs are dropped gets no VM; the other does.
    let g = table(vec![
        ("rich", "ccn", test_profile(), 1),
        ("poor", "ccn", test_profile(), 2),
        ("a", "crn", crn(2, 8, 0), 3),
        ("b", "crn", crn(2, 8, 0), 9),
    ]);
    let mut cfg = with_vms(vec![vm(VmKind::Regular, 9, 4)]);
    cfg.groups.insert("poor".into(), GroupParams { owner_balance: 0.0, ..GroupParams::default() });
    cfg.groups.insert("a".into(), GroupParams { link_to: Some("poor".into()), ..GroupParams::default() });
    // Only `rich` links, 8 of the 9 CRNs of `b`: 8 VMs of 4 units fit, 9 do not.
    refused(&cfg, &g, "vms.0.count", "more than the 32 of the linked CRNs");
    cfg.vms[0].count = 8;
    assert_eq!(Aleph::check(&cfg, &g), Ok(()));
    let nodes = testing::table(
        g.iter().map(|g| (g.name.as_str(), g.role.as_str(), g.profile.clone(), g.count)).collect(),
        |i| Place { provider: i, ..Place::default() },
    );
    let a = Aleph::new(cfg, &nodes, Script::<Aleph>::new(nodes.len(), 3).rng()).unwrap();
    let linked: Vec<bool> = a.links.parent.iter().map(Option::is_some).collect();
    assert_eq!(linked, [[false; 3].as_slice(), &[true; 8], &[false]].concat());
}

#[test]
fn room_left_in_pieces_by_the_random_placement_is_refused_by_new_at_the_vm_group() {
    // 2 CRNs of 4 units; 2 VMs of 2 units, then one of 4. The totals fit (8 of 8), so `check`
    // passes; whether the VM of 4 finds a CRN depends on where the first two landed.
    let g = groups(1, 2);
    let cfg = with_vms(vec![vm(VmKind::Regular, 2, 2), vm(VmKind::Regular, 1, 4)]);
    assert_eq!(Aleph::check(&cfg, &g), Ok(()));
    let nodes = testing::table(vec![("ccn", "ccn", test_profile(), 1), ("crn", "crn", crn(2, 8, 0), 2)], |i| Place {
        provider: i,
        ..Place::default()
    });
    let (mut built, mut refused) = (0, 0);
    for seed in 0..20 {
        match Aleph::new(cfg.clone(), &nodes, Script::<Aleph>::new(nodes.len(), seed).rng()) {
            Ok(_) => built += 1,
            Err(e) => {
                assert_eq!(e.at, Located::Param("vms.1".into()));
                assert!(e.to_string().contains("`vms.1`: VM 2") && e.to_string().contains("no linked CRN with room"));
                refused += 1;
            }
        }
    }
    assert!(built > 0 && refused > 0, "{built} built, {refused} refused");
}

#[test]
fn the_shipped_scenarios_pass_and_build() {
    let nets = common::shipped();
    assert!(!nets.is_empty());
    for net in &nets {
        assert_eq!(Aleph::check(&net.config, &net.groups), Ok(()), "{}", net.label);
        let groups = net.groups.iter().map(|g| (g.name.as_str(), g.role.as_str(), g.profile.clone(), g.count));
        let nodes = testing::table(groups.collect(), |i| Place { provider: i % 8, ..Place::default() });
        let a = Aleph::new(net.config.clone(), &nodes, Script::<Aleph>::new(nodes.len(), 1).rng());
        assert!(a.is_ok(), "{}: {:?}", net.label, a.err());
    }
}

/// The `--set` overrides of the shipped scenarios that each check refuses, with the key path
/// and a fragment of the message (the integration test of `depinsim validate` uses the same).
const OVERRIDES: &[(&str, &str, &str, &str)] = &[
    ("groups.nope.stakers", "1", "groups.nope", "names no node group"),
    ("groups.crn-home.link_to", "\"crn-gpu\"", "groups.crn-home.link_to", "not a `ccn` group"),
    ("groups.ccn-elsewhere.link_to", "\"ccn-strasbourg\"", "groups.ccn-elsewhere.link_to", "`crn` groups only"),
    ("groups.ccn-elsewhere.owner_balance", "-1.0", "groups.ccn-elsewhere.owner_balance", "is -1"),
    ("groups.ccn-elsewhere.stake_per_staker", "nan", "groups.ccn-elsewhere.stake_per_staker", "is NaN"),
    ("groups.crn-home.latency_p25_s", "nan", "groups.crn-home.latency_p25_s", "is NaN"),
    ("groups.crn-home.latency_high_s", "-0.9", "groups.crn-home.latency_high_s", "is -0.9"),
    ("groups.crn-home.check_overhead_s", "inf", "groups.crn-home.check_overhead_s", "is inf"),
    ("groups.ccn-elsewhere.stakers", "2000000", "groups.ccn-elsewhere.stakers", "is 2000000"),
    ("vms.2.kind", "\"gpu\"", "vms.2.kind", "`vms.2.gpu` is missing"),
    ("vms.2.gpu", "\"a100\"", "vms.2.gpu", "`vms.2.kind` is \"regular\""),
    ("vms.2.vcpus", "0", "vms.2.vcpus", "`vms.2.vcpus` is 0"),
    ("vms.2.memory", "\"0B\"", "vms.2.memory", "`vms.2.memory` is 0"),
    ("blacklisted_share", "1.5", "blacklisted_share", "`blacklisted_share` is 1.5"),
    ("blacklisting_ccn_share", "-0.1", "blacklisting_ccn_share", "`blacklisting_ccn_share` is -0.1"),
    ("aleph_usd", "-0.05", "aleph_usd", "`aleph_usd` is -0.05"),
    ("hold_capital_per_year", "inf", "hold_capital_per_year", "`hold_capital_per_year` is inf"),
    ("aws.per_vcpu", "nan", "aws.per_vcpu", "`aws.per_vcpu` is NaN"),
    ("aws.per_vcpu_confidential", "-1.0", "aws.per_vcpu_confidential", "is -1"),
    ("aws.per_a100", "nan", "aws.per_a100", "`aws.per_a100` is NaN"),
    ("aws.per_h100", "-1.0", "aws.per_h100", "`aws.per_h100` is -1"),
    ("reschedule_after", "\"0s\"", "reschedule_after", "`reschedule_after` is 0"),
    ("retry_every", "\"0s\"", "retry_every", "`retry_every` is 0"),
    ("score_every", "\"0s\"", "score_every", "`score_every` is 0"),
    ("vms.2.vcpus", "300", "vms.2", "fits on no linked CRN"),
    ("vms.1.vcpus", "13", "vms.1", "fits on no linked CRN"),
    ("groups.ccn-elsewhere.owner_balance", "0.0", "vms.0", "fits on no linked CRN"),
    ("vms.2.count", "1000", "vms.2.count", "more than the 2336 of the linked CRNs"),
    ("vms.1.count", "300", "vms.1.count", "more than the 480 of the linked confidential CRNs"),
    ("vms.0.count", "40", "vms.0.count", "the h100 VMs to 40, more than the 32 h100 GPUs"),
];

#[test]
fn overrides_of_the_shipped_scenarios_are_refused_at_the_key_they_set() {
    let nets = common::shipped();
    let legacy_only = [("vms.2.payment", "\"credit\"", "vms.2.payment", "`rules` is \"legacy\"")];
    for net in &nets {
        let extra = if net.config.rules == RuleSet::Legacy { &legacy_only[..] } else { &[] };
        for (key, value, path, fragment) in OVERRIDES.iter().chain(extra) {
            let cfg = net.with(key, value).unwrap_or_else(|e| panic!("{}: {key}={value}: {e}", net.label));
            let e = Aleph::check(&cfg, &net.groups).expect_err(&format!("{}: {key}={value}", net.label));
            assert_eq!(e.at, Located::Param(path.to_string()), "{}: {key}={value}: {e}", net.label);
            assert!(e.to_string().contains(fragment), "{}: {key}={value}: {e}", net.label);
            println!("{} | --set networks.{}.params.{key}={value} | {fragment}", net.scenario, net.name);
        }
    }
}
