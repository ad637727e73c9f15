//! FIP-0100 daily fee against filecoin-project/builtin-actors' actors/miner/tests/policy_test.rs
//! (`daily_proof_fee_calc`) and actors/miner/tests/daily_fees_test.rs (`fee_paid_at_deadline`,
//! `test_fee_capped_by_reward`), plus QA power from policy_test.rs.

use depinsim_filecoin::monies::expected_reward_for_power;
use depinsim_filecoin::policy::{
    RuleSet, daily_proof_fee, daily_proof_fee_adjust, daily_proof_fee_payable, qa_power_for_weight,
};
use depinsim_filecoin::smooth::FilterEstimate;
use depinsim_filecoin::units::{EPOCHS_PER_DAY, GIB, SECTOR_SIZE_32GIB, SECTOR_SIZE_64GIB, TokenAmount};
use num_bigint::BigInt;

#[test]
fn daily_fee_for_680m_fil_circulating() {
    // `daily_proof_fee_calc`: CS 680M FIL; a 32 GiB QAP fee of 3780793052776 attoFIL (within 10
    // atto upstream; exact here: floor(161817 * 680e24 * 2^35 / 1e30)), scaling with power.
    let cs = TokenAmount::from_whole(680_000_000);
    let reference = 3_780_793_052_776i128;
    for (gib, multiple) in [(32i128, 1i128), (64, 2), (320, 10), (160, 5), (640, 20)] {
        let fee = daily_proof_fee(cs, gib * GIB);
        assert!((fee.atto() - reference * multiple).abs() <= 10, "{gib} GiB: {fee}");
    }
    assert_eq!(daily_proof_fee(cs, SECTOR_SIZE_32GIB), TokenAmount::from_atto(reference));
}

#[test]
fn daily_fee_just_under_the_fip_reference() {
    // `fee_paid_at_deadline`: CS 696.7M FIL and one 32 GiB sector; FIP-0100's reference
    // 5.56e-15 * CS = 3873652000000 attoFIL; the per-byte multiplier rounds under it by at most
    // 1/100 nanoFIL.
    let fee = daily_proof_fee(TokenAmount::from_whole(696_700_000), SECTOR_SIZE_32GIB);
    let diff = 3_873_652_000_000i128 - fee.atto();
    assert!(diff > 0 && diff <= TokenAmount::from_nano(1).div_floor(100).atto(), "fee {fee}");
}

/// The miner test harness's network (actors/miner/tests/util.rs): 1 PiB of QA power, constant.
fn harness_power() -> FilterEstimate {
    FilterEstimate::new(1i128 << 50, 0)
}

#[test]
fn daily_fee_capped_at_half_the_day_reward() {
    // `test_fee_capped_by_reward`: CS 500M FIL, reward estimate lowered to 5e13 attoFIL per epoch;
    // for 1 and 55 sectors of 32 GiB the fee lies between half the day reward and the day reward,
    // so the amount charged is half the day reward.
    let low_reward = FilterEstimate::new(50_000_000_000_000i64, 0);
    let cs = TokenAmount::from_whole(500_000_000);
    for sectors in [1i128, 55] {
        let qa = sectors * SECTOR_SIZE_32GIB;
        let fee = daily_proof_fee(cs, SECTOR_SIZE_32GIB).mul_int(sectors);
        let day_reward = expected_reward_for_power(&low_reward, &harness_power(), qa, EPOCHS_PER_DAY);
        assert!(fee < day_reward, "{fee} < {day_reward}");
        assert!(fee > day_reward.div_floor(2));
        assert_eq!(daily_proof_fee_payable(fee, day_reward), day_reward.div_floor(2));
        assert_eq!(RuleSet::Nv25.deadline_fee_payable(fee, qa, &low_reward, &harness_power()), day_reward.div_floor(2));
        assert!(RuleSet::Nv24.deadline_fee_payable(fee, qa, &low_reward, &harness_power()).is_zero());
    }
    // With the harness's normal 10 FIL reward the fee is far below the cap and paid in full.
    let reward = FilterEstimate::new(TokenAmount::from_whole(10).atto(), 0);
    let fee = daily_proof_fee(cs, SECTOR_SIZE_32GIB);
    assert_eq!(RuleSet::Nv25.deadline_fee_payable(fee, SECTOR_SIZE_32GIB, &reward, &harness_power()), fee);
}

#[test]
fn mainnet_rule_set_switches_at_nv25() {
    use depinsim_filecoin::policy::MAINNET_NV25_EPOCH;
    assert_eq!(RuleSet::mainnet_at(MAINNET_NV25_EPOCH - 1), RuleSet::Nv24);
    assert_eq!(RuleSet::mainnet_at(MAINNET_NV25_EPOCH), RuleSet::Nv25);
}

#[test]
fn no_daily_fee_before_fip0100() {
    let cs = TokenAmount::from_whole(600_000_000);
    assert!(RuleSet::Nv24.daily_fee(cs, SECTOR_SIZE_32GIB).is_zero());
    assert_eq!(RuleSet::Nv25.daily_fee(cs, SECTOR_SIZE_32GIB), daily_proof_fee(cs, SECTOR_SIZE_32GIB));
}

#[test]
fn daily_fee_follows_power_changes() {
    let fee = TokenAmount::from_atto(1000);
    assert_eq!(daily_proof_fee_adjust(fee, 10, 10), fee);
    assert_eq!(daily_proof_fee_adjust(fee, 3, 10), TokenAmount::from_atto(3333));
}

#[test]
fn qa_power_counts_verified_space_tenfold() {
    // `demonstrate_standard_sectors` in policy_test.rs: 180-day 32 and 64 GiB sectors, empty,
    // fully verified and half verified.
    let duration = 180 * EPOCHS_PER_DAY;
    for size in [SECTOR_SIZE_32GIB, SECTOR_SIZE_64GIB] {
        let weight = BigInt::from(size) * duration;
        assert_eq!(qa_power_for_weight(size, duration, &BigInt::default()), size);
        assert_eq!(qa_power_for_weight(size, duration, &weight), 10 * size);
        assert_eq!(qa_power_for_weight(size, duration, &(weight / 2)), size / 2 + 10 * size / 2);
    }
}
