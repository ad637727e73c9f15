//! CCN thresholds, CRN links and which CRNs are paid (aleph-nodestatus status.py,
//! distribution.py, settings.py).

use depinsim_aleph::rewards::{CcnView, CrnView, legacy};
use depinsim_aleph::staking::*;

#[test]
fn a_ccn_needs_its_owner_above_the_threshold_and_activates_at_500k_staked() {
    let stakes = vec![50_000.0; 10]; // 500,000
    assert_eq!(ccn_status(200_000.0, &stakes), CcnStatus::Active);
    assert_eq!(ccn_status(199_999.0, &stakes), CcnStatus::Active);
    // Owner below 199,999: the node does not exist.
    assert_eq!(ccn_status(199_998.0, &stakes), CcnStatus::Dropped);
    // 499,999 staked activates (>= node_activation - 1); 499,998 waits.
    assert_eq!(ccn_status(200_000.0, &[499_999.0]), CcnStatus::Active);
    assert_eq!(ccn_status(200_000.0, &[499_998.0]), CcnStatus::Waiting);
    // Stakers under 9,999 ALEPH do not count: 60 x 9,000 = 540,000 but none of it stakes.
    assert_eq!(ccn_status(200_000.0, &vec![9_000.0; 60]), CcnStatus::Waiting);
}

#[test]
fn a_ccn_links_eight_crns_and_refuses_the_ninth() {
    let mut links = Links::new(1, 9);
    for crn in 0..8 {
        assert_eq!(links.link(crn, 0, CcnStatus::Waiting), Ok(()));
    }
    assert_eq!(links.link(8, 0, CcnStatus::Active), Err(LinkError::Full));
    assert_eq!(links.parent[8], None);
    assert_eq!(links.crns[0].len(), 8);
    // A dropped CCN links nothing.
    let mut links = Links::new(1, 1);
    assert_eq!(links.link(0, 0, CcnStatus::Dropped), Err(LinkError::NoSuchCcn));
}

fn crn(score: f64) -> CrnView {
    CrnView { score, decentralization: 1.0, linked: true }
}

#[test]
fn the_first_five_scoring_crns_are_paid_and_the_sixth_is_not() {
    let ccn = CcnView { status: CcnStatus::Active, score: 1.0, stake: 600_000.0, crns: (0..6).collect() };
    let crns = vec![crn(1.0); 6];
    let p = legacy::distribute(std::slice::from_ref(&ccn), &crns, 1.0);
    // (250 + 1250 * 1) / (365 / 12) = 49.3151 ALEPH a day each, to the first five.
    let daily = 1500.0 / (365.0 / 12.0);
    for r in 0..5 {
        assert!((p.crn[r] - daily).abs() < 1e-9);
    }
    assert_eq!(p.crn[5], 0.0);
    // Five paid: linkage min(1, 0.7 + 0.5) = 1; one CCN takes the whole 15,000.
    assert!((p.ccn[0] - 15_000.0).abs() < 1e-9);
    // A CRN scoring below 0.2 is not counted: with the first at 0.1, the other five are paid.
    let mut crns = vec![crn(1.0); 6];
    crns[0] = crn(0.1);
    let p = legacy::distribute(&[ccn], &crns, 1.0);
    assert_eq!(p.crn[0], 0.0);
    assert!((p.crn[5] - daily).abs() < 1e-9);
}

#[test]
fn linkage_grows_with_paid_crns_and_caps_at_one() {
    assert!((legacy::linkage(0) - 0.7).abs() < 1e-12);
    assert!((legacy::linkage(2) - 0.9).abs() < 1e-12);
    assert_eq!(legacy::linkage(3), 1.0);
    assert_eq!(legacy::linkage(8), 1.0);
}
