//! Instance prices per compute unit (pyaleph constants.py, services/cost.py).

use depinsim_aleph::pricing::*;

#[test]
fn a_one_cu_instance_on_hold_costs_1000_aleph() {
    // 1 vCPU and 2 GiB is one compute unit; an instance holds 1,000 ALEPH per unit.
    let cu = compute_units(1, 2048, VmKind::Regular);
    assert_eq!(cu, 1);
    assert_eq!(hold_aleph(VmKind::Regular, cu), 1_000.0);
    // Confidential: 2,000; pay as you go: 0.055 ALEPH/h; credits: 14,250 a CU-hour = $0.01425.
    assert_eq!(hold_aleph(VmKind::Confidential, 1), 2_000.0);
    assert!((usd_per_hour(VmKind::Regular, 1, Payment::Payg, 1.0, 0.0) - 0.055).abs() < 1e-12);
    assert!((usd_per_hour(VmKind::Regular, 1, Payment::Credit, 0.0, 0.0) - 0.014_25).abs() < 1e-12);
}

#[test]
fn compute_units_are_the_larger_of_vcpus_and_memory_units() {
    // 2 vCPU, 6 GiB: ceil(6144 / 2048) = 3 > 2.
    assert_eq!(compute_units(2, 6144, VmKind::Regular), 3);
    // 4 vCPU, 2 GiB: 4.
    assert_eq!(compute_units(4, 2048, VmKind::Regular), 4);
    // 2049 MiB needs a second unit.
    assert_eq!(compute_units(1, 2049, VmKind::Regular), 2);
    // GPU units carry 6 GiB.
    assert_eq!(compute_units(1, 12_288, VmKind::Gpu), 2);
    assert_eq!(GpuModel::A100.compute_units(), 16);
    assert_eq!(GpuModel::H100.compute_units(), 24);
}

#[test]
fn a_gpu_instance_by_credits_against_aws() {
    // H100 tier: 24 CU x 86,250 credits = 2,070,000 credits = $2.07 an hour, vs $6.88 on AWS.
    let aleph = usd_per_hour(VmKind::Gpu, 24, Payment::Credit, 0.0, 0.0);
    assert!((aleph - 2.07).abs() < 1e-9);
    let aws = AwsPrices::default().usd_per_hour(VmKind::Gpu, 24, Some(GpuModel::H100));
    assert!((aws - 6.88).abs() < 1e-12);
    // Hold at $0.05 and 10% a year: 1,000 ALEPH x $0.05 x 0.1 / 8760 h = $0.000571 an hour.
    let hold = usd_per_hour(VmKind::Regular, 1, Payment::Hold, 0.05, 0.10);
    assert!((hold - 5.0 / 8760.0).abs() < 1e-12);
}
