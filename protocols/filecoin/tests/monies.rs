//! Miner money rules against filecoin-project/builtin-actors' unit tests in actors/miner/tests/:
//! monies_test.rs, expected_reward_for_power_clampted_at_atto_fil_test.rs,
//! precommit_deposit_and_initial_pledge_positive_test.rs, fip0081_initial_pledge.rs,
//! pledge_penalty_for_termination.rs (current, FIP-0098) and the same file before commit 94f154ee
//! (pre-FIP-0098 termination fee).

use depinsim_filecoin::monies::{
    CONTINUED_FAULT_PROJECTION_PERIOD, FIP0081_RAMP_DURATION_EPOCHS, INITIAL_PLEDGE_MAX_PER_BYTE,
    INITIAL_PLEDGE_PROJECTION_PERIOD, INVALID_WINDOW_POST_PROJECTION_PERIOD, LegacyTerminationInputs,
    PRE_COMMIT_DEPOSIT_PROJECTION_PERIOD, TERM_FEE_MAX_FAULT_FEE_MULTIPLE, TERM_FEE_MIN_PLEDGE_MULTIPLE,
    TERM_FEE_PLEDGE_MULTIPLE, TERMINATION_LIFETIME_CAP_DAYS, TERMINATION_REWARD_FACTOR, consensus_fault_penalty,
    expected_reward_for_power, expected_reward_for_power_clamped_at_atto_fil, fip0081_gamma_permille,
    initial_pledge_for_power, pledge_penalty_for_continued_fault, pledge_penalty_for_invalid_windowpost,
    pledge_penalty_for_termination, pledge_penalty_for_termination_lower_bound,
    pledge_penalty_for_termination_pre_fip0098, pre_commit_deposit_for_power,
};
use depinsim_filecoin::policy::{RuleSet, TerminationInputs};
use depinsim_filecoin::smooth::FilterEstimate;
use depinsim_filecoin::units::{EPOCHS_PER_DAY, SECTOR_SIZE_32GIB, TokenAmount};

// ---- expected reward and its clamp (monies_test.rs, expected_reward_..._test.rs) ----

#[test]
fn negative_br_is_clamped_to_zero() {
    // `negative_br_clamp` in monies_test.rs: power shrinking fast enough makes the projected
    // ratio negative; BR is then 0.
    let reward = FilterEstimate::new(1i64 << 50, 0);
    let power = FilterEstimate::new(1i64 << 10, -(1i64 << 10));
    assert!(power.extrapolate(4) < FilterEstimate::new(1i64 << 10, 0).extrapolate(0));
    assert!(expected_reward_for_power(&reward, &power, 1 << 36, 4).is_zero());
    // `expected_negative_value_br_clamped_at_1_atto_fil`.
    assert_eq!(expected_reward_for_power_clamped_at_atto_fil(&reward, &power, 1 << 36, 4), TokenAmount::from_atto(1));
}

#[test]
fn zero_valued_br_is_clamped_to_one_atto() {
    // `expected_zero_valued_br_clamped_at_1_attofil`.
    let reward = FilterEstimate::new(1i64 << 50, 0);
    let power = FilterEstimate::new(1i64 << 10, 1i64 << 10);
    assert_eq!(expected_reward_for_power_clamped_at_atto_fil(&reward, &power, 0, 1), TokenAmount::from_atto(1));
}

#[test]
fn zero_power_pays_no_fault_fee() {
    // `zero_power_means_zero_fault_penalty` in monies_test.rs.
    let reward = FilterEstimate::new(1i64 << 50, 0);
    let power = FilterEstimate::new(1i64 << 10, 1i64 << 10);
    assert!(pledge_penalty_for_continued_fault(&reward, &power, 0).is_zero());
}

#[test]
fn aggregate_fault_fee_equals_sum_of_sector_fees() {
    // `aggregate_power_pledge_penalty_for_continued_fault` in monies_test.rs (FIP-0098): within
    // one attoFIL per sector.
    let reward = FilterEstimate::new(1i64 << 50, 0);
    let power = FilterEstimate::new(1i64 << 10, 1i64 << 10);
    for (sectors, qa) in
        [(10, 1i128 << 6), (10, 1 << 36), (10, 1 << 50), (1000, 1 << 6), (1000, 1 << 36), (1000, 1 << 50)]
    {
        let aggregate = pledge_penalty_for_continued_fault(&reward, &power, qa * sectors);
        let individual = pledge_penalty_for_continued_fault(&reward, &power, qa).mul_int(sectors);
        assert!(aggregate.is_positive());
        assert!((aggregate.atto() - individual.atto()).abs() <= sectors, "{aggregate} vs {individual}");
    }
}

#[test]
fn br_with_constant_estimates_is_share_of_reward_times_duration() {
    // Independent check with the miner test harness's network (actors/miner/tests/util.rs:
    // 10 FIL per epoch, 1 PiB of QA power, both constant): BR = qa / P * reward * d, exact up to
    // the Q.128 truncations (a few attoFIL).
    let reward = FilterEstimate::new(TokenAmount::from_whole(10).atto(), 0);
    let power = FilterEstimate::new(1i128 << 50, 0);
    for days in [1, 20] {
        let d = days * EPOCHS_PER_DAY;
        let exact = TokenAmount::from_whole(10).atto() * SECTOR_SIZE_32GIB * d as i128 / (1i128 << 50);
        let br = expected_reward_for_power(&reward, &power, SECTOR_SIZE_32GIB, d);
        assert!((br.atto() - exact).abs() <= 2, "{days} days: {br} vs {exact}");
        assert!(br.atto() <= exact);
    }
    // No network power: BR falls back to the reward estimate itself (upstream's special case).
    let no_power = FilterEstimate::new(0, 0);
    assert_eq!(expected_reward_for_power(&reward, &no_power, SECTOR_SIZE_32GIB, 100), TokenAmount::from_whole(10));
}

#[test]
fn projection_periods() {
    // actors/miner/src/monies.rs: FF over 3.51 days (floor(2880 * 351 / 100)), invalid PoSt over
    // FF + 2 days.
    assert_eq!(CONTINUED_FAULT_PROJECTION_PERIOD, 10108);
    assert_eq!(INVALID_WINDOW_POST_PROJECTION_PERIOD, 10108 + 5760);
    assert_eq!(INITIAL_PLEDGE_PROJECTION_PERIOD, 20 * 2880);
    assert_eq!(PRE_COMMIT_DEPOSIT_PROJECTION_PERIOD, 20 * 2880);
}

#[test]
fn invalid_windowpost_penalty_is_br_plus_20_fil() {
    let reward = FilterEstimate::new(TokenAmount::from_whole(10).atto(), 0);
    let power = FilterEstimate::new(1i128 << 50, 0);
    let br = expected_reward_for_power(&reward, &power, SECTOR_SIZE_32GIB, INVALID_WINDOW_POST_PROJECTION_PERIOD);
    assert_eq!(
        pledge_penalty_for_invalid_windowpost(&reward, &power, SECTOR_SIZE_32GIB),
        br + TokenAmount::from_whole(20)
    );
}

#[test]
fn consensus_fault_penalty_is_five_block_rewards() {
    assert_eq!(consensus_fault_penalty(TokenAmount::from_atto(1000)), TokenAmount::from_atto(1000));
}

// ---- precommit deposit and initial pledge (precommit_deposit_and_initial_pledge_positive_test.rs,
//      fip0081_initial_pledge.rs) ----

fn zero_reward() -> FilterEstimate {
    FilterEstimate::new(0, 0)
}

fn tiny_power() -> FilterEstimate {
    FilterEstimate::new(1i64 << 10, 1i64 << 10)
}

const QA: i128 = 1 << 36;

#[test]
fn precommit_deposit_and_pledge_are_at_least_one_atto() {
    // `precommit_deposit_is_clamped_at_one_attofil` and `initial_pledge_clamped_at_one_attofil`:
    // zero reward and zero circulating supply.
    assert_eq!(pre_commit_deposit_for_power(&zero_reward(), &tiny_power(), QA), TokenAmount::from_atto(1));
    let ip = initial_pledge_for_power(QA, 1 << 10, &zero_reward(), &tiny_power(), TokenAmount::ZERO, 0, 0);
    assert_eq!(ip, TokenAmount::from_atto(1));
}

/// `initial_pledge_for_power` with fip0081_initial_pledge.rs's inputs: 64 GiB of QA power,
/// baseline 128 GiB, network QA ~1 KiB, zero reward, 1 FIL circulating.
fn fip0081_pledge(epochs_since_ramp_start: i64, ramp_duration: u64) -> TokenAmount {
    initial_pledge_for_power(
        QA,
        1 << 37,
        &zero_reward(),
        &tiny_power(),
        TokenAmount::from_whole(1),
        epochs_since_ramp_start,
        ramp_duration,
    )
}

/// 1 attoFIL (the clamped storage pledge) plus `ten_thousandths` of a FIL.
fn one_atto_plus(ten_thousandths: i128) -> TokenAmount {
    TokenAmount::from_atto(1) + TokenAmount::from_whole(ten_thousandths).div_floor(10_000)
}

#[test]
fn fip0081_pledge_ramp() {
    // Every case of fip0081_initial_pledge.rs: (epochs since ramp start, ramp duration, expected
    // pledge in 1/10000 FIL on top of 1 attoFIL). Baseline-only pledge is 0.3 * 1/2 = 0.15 FIL,
    // simple-only 0.3 FIL; 0.195 = 0.7 * 0.15 + 0.3 * 0.3.
    let cases = [
        (-100, 100, 1500), // initial_pledge_pre_ramp_negative
        (0, 0, 1950),      // initial_pledge_zero_ramp_duration
        (10, 0, 1950),     // initial_pledge_zero_ramp_duration
        (0, 100, 1500),    // initial_pledge_pre_ramp
        (50, 100, 1725),   // initial_pledge_on_ramp_mid
        (150, 100, 1950),  // initial_pledge_after_ramp
        (10, 100, 1545),   // initial_pledge_on_ramp_early
        (1, 10, 1545),     // initial_pledge_on_ramp_step
        (-1, 10, 1500),    // initial_pledge_ramp_edges
        (0, 10, 1500),     // initial_pledge_ramp_edges
        (500, 100, 1950),  // initial_pledge_post_ramp
    ];
    for (since, duration, expected) in cases {
        assert_eq!(fip0081_pledge(since, duration), one_atto_plus(expected), "since {since}, duration {duration}");
    }
}

#[test]
fn fip0081_gamma_ramps_from_1000_to_700_over_a_year() {
    assert_eq!(FIP0081_RAMP_DURATION_EPOCHS, 1_051_200); // FIP-0081, "State Migration"
    assert_eq!(fip0081_gamma_permille(-1, FIP0081_RAMP_DURATION_EPOCHS), 1000);
    assert_eq!(fip0081_gamma_permille(0, FIP0081_RAMP_DURATION_EPOCHS), 1000);
    assert_eq!(fip0081_gamma_permille(1_051_200 / 2, FIP0081_RAMP_DURATION_EPOCHS), 850);
    assert_eq!(fip0081_gamma_permille(1_051_199, FIP0081_RAMP_DURATION_EPOCHS), 701);
    assert_eq!(fip0081_gamma_permille(1_051_200, FIP0081_RAMP_DURATION_EPOCHS), 700);
}

#[test]
fn pledge_is_capped_at_one_fil_per_32_gib_of_qa_power() {
    // INITIAL_PLEDGE_MAX_PER_BYTE = floor(1e18 / 2^35) = 29103830 attoFIL; with a huge circulating
    // supply the cap binds: qa * 29103830.
    assert_eq!(INITIAL_PLEDGE_MAX_PER_BYTE, TokenAmount::from_atto(29_103_830));
    let ip = initial_pledge_for_power(
        SECTOR_SIZE_32GIB,
        1 << 37,
        &zero_reward(),
        &tiny_power(),
        TokenAmount::from_whole(1_000_000_000),
        0,
        0,
    );
    assert_eq!(ip, TokenAmount::from_atto(29_103_830 * SECTOR_SIZE_32GIB));
    assert!(ip < TokenAmount::from_whole(1));
}

// ---- termination fee, FIP-0098 (pledge_penalty_for_termination.rs) ----

const CAP_EPOCHS: i64 = TERMINATION_LIFETIME_CAP_DAYS * EPOCHS_PER_DAY;

#[test]
fn fip0098_fee_past_age_cap_is_share_of_pledge() {
    // `when_sector_age_exceeds_cap_returns_percentage_of_initial_pledge`.
    let ip = TokenAmount::from_atto(1 << 10);
    let fee = pledge_penalty_for_termination(ip, CAP_EPOCHS + EPOCHS_PER_DAY, TokenAmount::ZERO);
    assert_eq!(fee, ip.mul_int(TERM_FEE_PLEDGE_MULTIPLE.0).div_floor(TERM_FEE_PLEDGE_MULTIPLE.1));
    assert_eq!(fee, TokenAmount::from_atto(87)); // floor(1024 * 0.085)
}

#[test]
fn fip0098_fee_below_age_cap_scales_with_age() {
    // `when_sector_age_below_cap_returns_percentage_of_initial_pledge_percentage`: age 70 days.
    let ip = TokenAmount::from_atto(1 << 10);
    let days = TERMINATION_LIFETIME_CAP_DAYS / 2;
    let fee = pledge_penalty_for_termination(ip, days * EPOCHS_PER_DAY, TokenAmount::ZERO);
    let expected = ip
        .mul_int(TERM_FEE_PLEDGE_MULTIPLE.0)
        .div_floor(TERM_FEE_PLEDGE_MULTIPLE.1)
        .mul_int(days as i128)
        .div_floor(TERMINATION_LIFETIME_CAP_DAYS as i128);
    assert_eq!(fee, expected);
}

#[test]
fn fip0098_fee_is_at_least_105_percent_of_fault_fee() {
    // `when_termination_fee_less_than_fault_fee_returns_multiple_of_fault_fee`.
    let ip = TokenAmount::from_atto(1 << 10);
    let ff = TokenAmount::from_atto(1 << 10);
    let fee = pledge_penalty_for_termination(ip, CAP_EPOCHS + EPOCHS_PER_DAY, ff);
    assert_eq!(fee, ff.mul_int(TERM_FEE_MAX_FAULT_FEE_MULTIPLE.0).div_floor(TERM_FEE_MAX_FAULT_FEE_MULTIPLE.1));
}

#[test]
fn fip0098_fee_is_at_least_2_percent_of_pledge() {
    // `when_termination_fee_less_than_minimum_returns_minimum`: age 0.
    let ip = TokenAmount::from_atto(1 << 10);
    let fee = pledge_penalty_for_termination(ip, 0, TokenAmount::ZERO);
    assert_eq!(fee, ip.mul_int(TERM_FEE_MIN_PLEDGE_MULTIPLE.0).div_floor(TERM_FEE_MIN_PLEDGE_MULTIPLE.1));
    // The reference figure: IP = 10 FIL, FF = 0, age 0 -> 0.2 FIL.
    let fee = pledge_penalty_for_termination(TokenAmount::from_whole(10), 0, TokenAmount::ZERO);
    assert_eq!(fee, TokenAmount::from_atto(200_000_000_000_000_000));
    // And at or past 140 days: 0.85 FIL.
    let fee = pledge_penalty_for_termination(TokenAmount::from_whole(10), CAP_EPOCHS, TokenAmount::ZERO);
    assert_eq!(fee, TokenAmount::from_atto(850_000_000_000_000_000));
}

// ---- termination fee before FIP-0098 (pledge_penalty_for_termination.rs at 94f154ee^) ----

/// That file's network: 2^50 attoFIL per epoch over 1 PiB of QA power (1 attoFIL per byte per
/// epoch), constant; one 64 GiB sector.
fn legacy_reward() -> FilterEstimate {
    FilterEstimate::new(1i128 << 50, 0)
}
fn legacy_power() -> FilterEstimate {
    FilterEstimate::new(1i128 << 50, 0)
}
const LEGACY_QA: i128 = 1 << 36;

fn undeclared_penalty() -> TokenAmount {
    pledge_penalty_for_termination_lower_bound(&legacy_reward(), &legacy_power(), LEGACY_QA)
}

fn legacy_fee(
    day_reward: TokenAmount,
    sector_age: i64,
    twenty_day_reward: TokenAmount,
    qa: i128,
    replaced_day_reward: TokenAmount,
    replaced_sector_age: i64,
) -> TokenAmount {
    let inputs = LegacyTerminationInputs {
        day_reward,
        sector_age,
        twenty_day_reward_at_activation: twenty_day_reward,
        qa_sector_power: qa,
        replaced_day_reward,
        replaced_sector_age,
    };
    pledge_penalty_for_termination_pre_fip0098(&inputs, &legacy_reward(), &legacy_power())
}

fn half(v: TokenAmount) -> TokenAmount {
    v.mul_int(TERMINATION_REWARD_FACTOR.0).div_floor(TERMINATION_REWARD_FACTOR.1)
}

#[test]
fn legacy_fee_is_at_least_the_undeclared_fault_penalty() {
    // `when_undeclared_fault_fee_exceeds_expected_reward_returns_undeclared_fault_fee`.
    let ip = TokenAmount::from_atto(1 << 10);
    let day = ip.div_floor(20);
    let fee = legacy_fee(day, 20 * EPOCHS_PER_DAY, day.mul_int(20), LEGACY_QA, TokenAmount::ZERO, 0);
    assert_eq!(fee, undeclared_penalty());
    // 3.5 days of 1 attoFIL per byte per epoch for 2^36 bytes: exactly 10080 * 2^36.
    assert_eq!(undeclared_penalty(), TokenAmount::from_atto(10_080 * (1i128 << 36)));
}

#[test]
fn legacy_fee_is_pledge_plus_half_day_reward_per_day_of_age() {
    // `when_expected_reward_exceeds_undeclared_fault_fee_returns_expected_reward`.
    let ip = undeclared_penalty();
    let day = ip.div_floor(20);
    let twenty = day.mul_int(20);
    let fee = legacy_fee(day, 20 * EPOCHS_PER_DAY, twenty, LEGACY_QA, TokenAmount::ZERO, 0);
    assert_eq!(fee, ip + half(day.mul_int(20)));
}

#[test]
fn legacy_fee_age_is_capped_at_140_days() {
    // `sector_age_is_capped`: 500 days of age count as 140.
    let ip = undeclared_penalty();
    let day = ip.div_floor(20);
    let fee = legacy_fee(day, 500 * EPOCHS_PER_DAY, day.mul_int(20), LEGACY_QA, TokenAmount::ZERO, 0);
    assert_eq!(fee, ip + half(day.mul_int(TERMINATION_LIFETIME_CAP_DAYS as i128)));
}

#[test]
fn legacy_fee_for_replacement_with_unchanged_rewards() {
    // `fee_for_replacement_eq_fee_for_original_sector_when_power_br_are_unchanged` (power 1 byte
    // so that the lower bound does not bind).
    let ip = undeclared_penalty();
    let day = ip.div_floor(20);
    let twenty = day.mul_int(20);
    let age = 20 * EPOCHS_PER_DAY;
    let replacement_age = 2 * EPOCHS_PER_DAY;
    let unreplaced = legacy_fee(day, age, twenty, 1, TokenAmount::ZERO, 0);
    let replaced = legacy_fee(day, replacement_age, twenty, 1, day, age - replacement_age);
    assert_eq!(unreplaced, replaced);
}

#[test]
fn legacy_fee_for_replacement_after_the_cap() {
    // `fee_for_replacement_eq_fee_for_same_sector_without_replacement_after_lifetime_cap`.
    let ip = undeclared_penalty();
    let day = ip.div_floor(20);
    let twenty = day.mul_int(20);
    let replacement_age = (TERMINATION_LIFETIME_CAP_DAYS + 1) * EPOCHS_PER_DAY;
    let no_replace = legacy_fee(day, replacement_age, twenty, 1, TokenAmount::ZERO, 0);
    let with_replace = legacy_fee(day, replacement_age, twenty, 1, day, 20 * EPOCHS_PER_DAY);
    assert_eq!(no_replace, with_replace);
}

#[test]
fn legacy_fee_charges_replaced_sector_at_its_day_rate() {
    // `charges_for_replaced_sector_at_replaced_sector_day_rate`.
    let ip = undeclared_penalty();
    let day = ip.div_floor(20);
    let old_day = day.mul_int(2);
    let twenty = day.mul_int(20);
    let fee = legacy_fee(day, 15 * EPOCHS_PER_DAY, twenty, 1, old_day, 20 * EPOCHS_PER_DAY);
    assert_eq!(fee, twenty + half(old_day.mul_int(20)) + half(day.mul_int(15)));
}

// ---- rule sets ----

#[test]
fn rule_sets_select_the_termination_fee() {
    let reward = FilterEstimate::new(TokenAmount::from_whole(10).atto(), 0);
    let power = FilterEstimate::new(1i128 << 50, 0);
    let br = |d: i64| expected_reward_for_power(&reward, &power, SECTOR_SIZE_32GIB, d);
    let ip = TokenAmount::from_whole(10);
    let sector = TerminationInputs {
        initial_pledge: ip,
        sector_age: 30 * EPOCHS_PER_DAY,
        qa_sector_power: SECTOR_SIZE_32GIB,
        legacy: LegacyTerminationInputs {
            day_reward: br(EPOCHS_PER_DAY),
            sector_age: 30 * EPOCHS_PER_DAY,
            twenty_day_reward_at_activation: br(20 * EPOCHS_PER_DAY),
            qa_sector_power: SECTOR_SIZE_32GIB,
            replaced_day_reward: TokenAmount::ZERO,
            replaced_sector_age: 0,
        },
    };
    let ff = pledge_penalty_for_continued_fault(&reward, &power, SECTOR_SIZE_32GIB);
    assert_eq!(
        RuleSet::Nv25.termination_fee(&sector, &reward, &power),
        pledge_penalty_for_termination(ip, 30 * EPOCHS_PER_DAY, ff)
    );
    assert_eq!(
        RuleSet::Nv24.termination_fee(&sector, &reward, &power),
        pledge_penalty_for_termination_pre_fip0098(&sector.legacy, &reward, &power)
    );
    // Old rule: BR(20 d) + 30 days * BR(1 d) / 2 = 35 day rewards (to within rounding).
    let old = RuleSet::Nv24.termination_fee(&sector, &reward, &power);
    assert!((old.atto() - br(EPOCHS_PER_DAY).mul_int(35).atto()).abs() <= 35);
}
