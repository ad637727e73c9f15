//! The legacy emission and the 2026 credit distribution, by hand.

use depinsim_aleph::rewards::{CcnView, CrnView, credits, legacy};
use depinsim_aleph::staking::CcnStatus;

fn ccn(status: CcnStatus, score: f64, crns: Vec<u32>) -> CcnView {
    CcnView { status, score, stake: 600_000.0, crns }
}

#[test]
fn legacy_splits_15000_a_day_among_active_ccns_by_linkage_and_score() {
    let crns = vec![CrnView { score: 1.0, decentralization: 0.36, linked: true }; 2];
    let ccns = vec![
        ccn(CcnStatus::Active, 1.0, vec![0]), // linkage 0.8, multiplier 1
        ccn(CcnStatus::Active, 0.5, vec![1]), // linkage 0.8, multiplier 0.5
        ccn(CcnStatus::Waiting, 1.0, vec![]), // not rewarded, not counted
    ];
    let p = legacy::distribute(&ccns, &crns, 1.0);
    // 15,000 / 2 active = 7,500; x 0.8 = 6,000; x 0.8 x 0.5 = 3,000.
    assert!((p.ccn[0] - 6_000.0).abs() < 1e-9);
    assert!((p.ccn[1] - 3_000.0).abs() < 1e-9);
    assert_eq!(p.ccn[2], 0.0);
    // Stakers: (log10 2 + 1) / 3 x 15,000 = 6,505.15, half per CCN (equal stakes), times the
    // node modifiers 0.8 and 0.4: 6,505.15 x 0.6 = 3,903.09.
    let stakers = (2f64.log10() + 1.0) / 3.0 * 15_000.0;
    assert!((p.stakers - stakers * 0.6).abs() < 1e-6);
    // CRNs: (250 + 1250 x 0.36) / (365 / 12) = 700 / 30.4167 = 23.0137 a day.
    assert!((p.crn[0] - 700.0 / (365.0 / 12.0)).abs() < 1e-9);
}

#[test]
fn execution_credits_go_60_15_20_5_and_missing_links_are_unallocated() {
    let ccns = vec![ccn(CcnStatus::Active, 1.0, vec![0]), ccn(CcnStatus::Waiting, 1.0, vec![1])];
    let crns = vec![
        CrnView { score: 1.0, decentralization: 1.0, linked: true },
        CrnView { score: 1.0, decentralization: 1.0, linked: true },
        CrnView { score: 1.0, decentralization: 1.0, linked: false },
    ];
    let parent = vec![Some(0), Some(1), None];
    let p = credits::execution(&ccns, &crns, &parent, &[100.0, 100.0, 100.0]);
    // CRN 0 under an active CCN: 60 / 15 / 20 / 5.
    assert!((p.crn[0] - 60.0).abs() < 1e-9);
    assert!((p.ccn[0] - 15.0).abs() < 1e-9);
    // CRN 1 under a waiting CCN: its 60 paid, the CCN's 15 and stakers' 20 unallocated.
    assert!((p.crn[1] - 60.0).abs() < 1e-9);
    assert_eq!(p.ccn[1], 0.0);
    // CRN 2 unlinked: 60 + 15 + 20 unallocated.
    assert_eq!(p.crn[2], 0.0);
    assert!((p.stakers - 20.0).abs() < 1e-9);
    assert!((p.dev - 15.0).abs() < 1e-9);
    assert!((p.unallocated - (35.0 + 95.0)).abs() < 1e-9);
}

#[test]
fn storage_credits_go_75_to_ccns_by_score_multiplier_and_20_to_stakers() {
    let ccns = vec![
        ccn(CcnStatus::Active, 1.0, vec![]),
        ccn(CcnStatus::Active, 0.5, vec![]),
        ccn(CcnStatus::Active, 0.1, vec![]),
    ];
    let p = credits::storage(&ccns, 0, 150.0);
    // Weights 1 and 0.5 (the 0.1 score has multiplier 0): 75% of 150 = 112.5 split 2:1.
    assert!((p.ccn[0] - 75.0).abs() < 1e-9);
    assert!((p.ccn[1] - 37.5).abs() < 1e-9);
    assert_eq!(p.ccn[2], 0.0);
    assert!((p.stakers - 30.0).abs() < 1e-9);
    assert!((p.dev - 7.5).abs() < 1e-9);
}
