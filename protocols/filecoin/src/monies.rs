//! The miner actor's money rules: expected reward BR(t, d), deposits, pledge, fault and
//! termination fees, penalties.
//!
//! Every function is pure: the network state it needs (smoothed reward and QA power estimates,
//! baseline power, circulating supply) is passed in. Sources (filecoin-project/builtin-actors):
//! actors/miner/src/monies.rs for the current rules (FIP-0081 pledge, FIP-0098 termination fee),
//! and the same file before commit 94f154ee ("fip-0098: simplify termination fee", v16 / network
//! version 25) for the older termination fee.

use num_bigint::BigInt;
use num_integer::Integer;

use crate::math::PRECISION;
use crate::smooth::{FilterEstimate, extrapolated_cum_sum_of_ratio};
use crate::units::{ChainEpoch, EPOCHS_PER_DAY, EXPECTED_LEADERS_PER_EPOCH, StoragePower, TokenAmount};

/// Projection period of the precommit deposit: 20 days. Upstream:
/// `PRE_COMMIT_DEPOSIT_PROJECTION_PERIOD` in actors/miner/src/monies.rs.
pub const PRE_COMMIT_DEPOSIT_PROJECTION_PERIOD: ChainEpoch = 20 * EPOCHS_PER_DAY;

/// Projection period of the storage part of the initial pledge: 20 days. Upstream:
/// `INITIAL_PLEDGE_PROJECTION_PERIOD` in actors/miner/src/monies.rs.
pub const INITIAL_PLEDGE_PROJECTION_PERIOD: ChainEpoch = 20 * EPOCHS_PER_DAY;

/// Projection period of the continued fault fee: 3.51 days = 2880 * 351 / 100 = 10108 epochs
/// (rounded down). Upstream: `CONTINUED_FAULT_PROJECTION_PERIOD` in actors/miner/src/monies.rs.
pub const CONTINUED_FAULT_PROJECTION_PERIOD: ChainEpoch = (EPOCHS_PER_DAY * 351) / 100;

/// Projection period of the invalid-WindowPoSt penalty: FF + 2 days = 15868 epochs (5.51 days).
/// Upstream: `INVALID_WINDOW_POST_PROJECTION_PERIOD` in actors/miner/src/monies.rs.
pub const INVALID_WINDOW_POST_PROJECTION_PERIOD: ChainEpoch = CONTINUED_FAULT_PROJECTION_PERIOD + 2 * EPOCHS_PER_DAY;

/// Projection period of the pre-FIP-0098 termination fee lower bound: 3.5 days = 10080 epochs.
/// Upstream: `TERMINATION_PENALTY_LOWER_BOUND_PROJECTIONS_PERIOD` in actors/miner/src/monies.rs.
pub const TERMINATION_PENALTY_LOWER_BOUND_PROJECTION_PERIOD: ChainEpoch = (EPOCHS_PER_DAY * 35) / 10;

/// Days of sector age the termination fee grows over: 140. Upstream: `TERMINATION_LIFETIME_CAP`
/// in actors/miner/src/monies.rs.
pub const TERMINATION_LIFETIME_CAP_DAYS: ChainEpoch = 140;

/// FIP-0098 base termination fee as a fraction of initial pledge: 85/1000. Upstream:
/// `TERM_FEE_PLEDGE_MULTIPLE_{NUM,DENOM}` in actors/miner/src/monies.rs.
pub const TERM_FEE_PLEDGE_MULTIPLE: (i128, i128) = (85, 1000);

/// FIP-0098 minimum termination fee as a fraction of initial pledge: 2/100. Upstream:
/// `TERM_FEE_MIN_PLEDGE_MULTIPLE_{NUM,DENOM}` in actors/miner/src/monies.rs.
pub const TERM_FEE_MIN_PLEDGE_MULTIPLE: (i128, i128) = (2, 100);

/// FIP-0098 minimum termination fee as a multiple of the continued fault fee: 105/100. Upstream:
/// `TERM_FEE_MAX_FAULT_FEE_MULTIPLE_{NUM,DENOM}` in actors/miner/src/monies.rs.
pub const TERM_FEE_MAX_FAULT_FEE_MULTIPLE: (i128, i128) = (105, 100);

/// Pre-FIP-0098 share of the expected daily reward charged per day of age: 1/2. Upstream:
/// `TERMINATION_REWARD_FACTOR_{NUM,DENOM}` in actors/miner/src/monies.rs.
pub const TERMINATION_REWARD_FACTOR: (i128, i128) = (1, 2);

/// Share of circulating supply targeted for consensus pledge: 3/10. Upstream:
/// `LOCK_TARGET_FACTOR_{NUM,DENOM}` in actors/miner/src/monies.rs.
pub const LOCK_TARGET_FACTOR: (i128, i128) = (3, 10);

/// Cap on initial pledge per byte of QA power: `floor(1 FIL / 32 GiB)` = 29,103,830 attoFIL.
/// Upstream: `INITIAL_PLEDGE_MAX_PER_BYTE` in actors/miner/src/monies.rs (applied to QA power).
pub const INITIAL_PLEDGE_MAX_PER_BYTE: TokenAmount = TokenAmount::from_atto(1_000_000_000_000_000_000 / (32 << 30));

/// Fixed part of the invalid-WindowPoSt penalty: 20 FIL. Upstream:
/// `BASE_PENALTY_FOR_DISPUTED_WINDOW_POST` in actors/miner/src/monies.rs.
pub const BASE_PENALTY_FOR_DISPUTED_WINDOW_POST: TokenAmount = TokenAmount::from_whole(20);

/// Reward paid to a successful WindowPoSt disputer: 4 FIL. Upstream:
/// `BASE_REWARD_FOR_DISPUTED_WINDOW_POST` in actors/miner/src/monies.rs.
pub const BASE_REWARD_FOR_DISPUTED_WINDOW_POST: TokenAmount = TokenAmount::from_whole(4);

/// Consensus fault penalty in whole per-winner block rewards: 5. Upstream:
/// `CONSENSUS_FAULT_FACTOR` in actors/miner/src/monies.rs.
pub const CONSENSUS_FAULT_FACTOR: i128 = 5;

/// FIP-0081: length of the ramp of gamma from 1.0 to 0.7, one 365-day year of epochs (1,051,200),
/// set in the power actor state by the network version 24 migration (ramp start: the upgrade
/// epoch, [`crate::policy::MAINNET_NV24_EPOCH`] on mainnet). Sources: FIP-0081, "State Migration"
/// (`ramp_duration_epochs`); filecoin-project/lotus build/buildconstants/params_mainnet.go
/// (`UpgradeTuktukPowerRampDurationEpochs = builtin.EpochsInYear`). Upstream actors read it from the
/// power actor state.
pub const FIP0081_RAMP_DURATION_EPOCHS: u64 = 365 * EPOCHS_PER_DAY as u64;

/// FIP-0081: how far gamma moves over the ramp, in thousandths (1000 -> 700). Upstream:
/// `FIP_0081_ACTIVATION_PERMILLE` in `initial_pledge_for_power`, actors/miner/src/monies.rs.
pub const FIP0081_ACTIVATION_PERMILLE: i64 = 300;

fn token(atto: BigInt) -> TokenAmount {
    TokenAmount::from_bigint(&atto)
}

/// BR(t, d): the reward a sector of `qa_sector_power` is expected to earn over the next
/// `projection_duration` epochs, `qa * sum over the period of (reward / network QA power)`,
/// projected with both filters' velocities and never negative. If the network QA power estimate
/// is zero it returns the reward estimate itself (as upstream does). Upstream:
/// `expected_reward_for_power` in actors/miner/src/monies.rs.
pub fn expected_reward_for_power(
    reward_estimate: &FilterEstimate,
    network_qa_power_estimate: &FilterEstimate,
    qa_sector_power: StoragePower,
    projection_duration: ChainEpoch,
) -> TokenAmount {
    if network_qa_power_estimate.estimate() == BigInt::default() {
        return token(reward_estimate.estimate());
    }
    let ratio_sum = extrapolated_cum_sum_of_ratio(projection_duration, 0, reward_estimate, network_qa_power_estimate);
    let br = (BigInt::from(qa_sector_power) * ratio_sum) >> PRECISION;
    token(br.max(BigInt::default()))
}

/// BR(t, d) clamped to at least 1 attoFIL, so that deposits and pledges of live sectors are
/// never zero. Upstream: `detail::expected_reward_for_power_clamped_at_atto_fil` in
/// actors/miner/src/monies.rs.
pub fn expected_reward_for_power_clamped_at_atto_fil(
    reward_estimate: &FilterEstimate,
    network_qa_power_estimate: &FilterEstimate,
    qa_sector_power: StoragePower,
    projection_duration: ChainEpoch,
) -> TokenAmount {
    let br =
        expected_reward_for_power(reward_estimate, network_qa_power_estimate, qa_sector_power, projection_duration);
    if br.is_positive() { br } else { TokenAmount::from_atto(1) }
}

/// Precommit deposit: BR(t, 20 days), at least 1 attoFIL. Upstream: `pre_commit_deposit_for_power`
/// in actors/miner/src/monies.rs.
pub fn pre_commit_deposit_for_power(
    reward_estimate: &FilterEstimate,
    network_qa_power_estimate: &FilterEstimate,
    qa_sector_power: StoragePower,
) -> TokenAmount {
    expected_reward_for_power_clamped_at_atto_fil(
        reward_estimate,
        network_qa_power_estimate,
        qa_sector_power,
        PRE_COMMIT_DEPOSIT_PROJECTION_PERIOD,
    )
}

/// FIP-0081 gamma in thousandths: 1000 before the ramp starts, then falling linearly (integer
/// division) to 700 at `ramp_duration_epochs` and after; 700 at once if the duration is 0.
/// Upstream: the `skew` computation in `initial_pledge_for_power`, actors/miner/src/monies.rs.
pub fn fip0081_gamma_permille(epochs_since_ramp_start: i64, ramp_duration_epochs: u64) -> i64 {
    let skew = if epochs_since_ramp_start < 0 {
        0
    } else if ramp_duration_epochs == 0 || epochs_since_ramp_start >= ramp_duration_epochs as i64 {
        FIP0081_ACTIVATION_PERMILLE
    } else {
        epochs_since_ramp_start * FIP0081_ACTIVATION_PERMILLE / ramp_duration_epochs as i64
    };
    1000 - skew
}

/// Initial pledge (FIP-0081): storage pledge BR(t, 20 days) (at least 1 attoFIL) plus consensus
/// pledge `0.3 * CS * qa * [gamma / max(QAP, baseline, qa) + (1 - gamma) / max(QAP, qa)]`, where
/// QAP is the smoothed network QA power estimate (its integer position), capped at
/// [`INITIAL_PLEDGE_MAX_PER_BYTE`] per byte of QA power. Each consensus term is floored
/// separately. Before the ramp (`epochs_since_ramp_start < 0`) this is the pre-FIP-0081 pledge.
/// Upstream: `initial_pledge_for_power` in actors/miner/src/monies.rs; FIP-0081.
pub fn initial_pledge_for_power(
    qa_power: StoragePower,
    baseline_power: StoragePower,
    reward_estimate: &FilterEstimate,
    network_qa_power_estimate: &FilterEstimate,
    circulating_supply: TokenAmount,
    epochs_since_ramp_start: i64,
    ramp_duration_epochs: u64,
) -> TokenAmount {
    let storage_pledge = expected_reward_for_power_clamped_at_atto_fil(
        reward_estimate,
        network_qa_power_estimate,
        qa_power,
        INITIAL_PLEDGE_PROJECTION_PERIOD,
    );

    let gamma = BigInt::from(fip0081_gamma_permille(epochs_since_ramp_start, ramp_duration_epochs));
    let permille = BigInt::from(1000);
    let qa = BigInt::from(qa_power);
    let network_qa = network_qa_power_estimate.estimate();
    let lock_target_numerator = circulating_supply.to_bigint() * LOCK_TARGET_FACTOR.0;
    let consensus_numerator = lock_target_numerator * &qa;

    let share_denominator_baseline = network_qa.clone().max(BigInt::from(baseline_power)).max(qa.clone());
    let share_denominator_simple = network_qa.max(qa);

    let baseline_part =
        (&gamma * &consensus_numerator).div_floor(&(share_denominator_baseline * LOCK_TARGET_FACTOR.1 * &permille));
    let simple_part = ((&permille - &gamma) * &consensus_numerator)
        .div_floor(&(share_denominator_simple * LOCK_TARGET_FACTOR.1 * &permille));

    let nominal = storage_pledge + token(baseline_part + simple_part);
    let cap = INITIAL_PLEDGE_MAX_PER_BYTE.mul_int(qa_power);
    nominal.min(cap)
}

/// Continued fault fee FF: BR(t, 3.51 days) for the faulty QA power, charged at each deadline end
/// for power that was already faulty. Upstream: `pledge_penalty_for_continued_fault` in
/// actors/miner/src/monies.rs.
pub fn pledge_penalty_for_continued_fault(
    reward_estimate: &FilterEstimate,
    network_qa_power_estimate: &FilterEstimate,
    qa_sector_power: StoragePower,
) -> TokenAmount {
    expected_reward_for_power(
        reward_estimate,
        network_qa_power_estimate,
        qa_sector_power,
        CONTINUED_FAULT_PROJECTION_PERIOD,
    )
}

/// Lower bound of the pre-FIP-0098 termination fee: BR(t, 3.5 days). Upstream:
/// `pledge_penalty_for_termination_lower_bound` in actors/miner/src/monies.rs.
pub fn pledge_penalty_for_termination_lower_bound(
    reward_estimate: &FilterEstimate,
    network_qa_power_estimate: &FilterEstimate,
    qa_sector_power: StoragePower,
) -> TokenAmount {
    expected_reward_for_power(
        reward_estimate,
        network_qa_power_estimate,
        qa_sector_power,
        TERMINATION_PENALTY_LOWER_BOUND_PROJECTION_PERIOD,
    )
}

/// Termination fee (FIP-0098, network version 25 on):
/// `max(min(0.085 IP, 0.085 IP * age / 140 days), 0.02 IP, 1.05 FF)`, each term floored
/// (the age-scaled term is `floor(age * floor(0.085 IP) / (140 * 2880))`). `sector_age` is in
/// epochs since activation; `fault_fee` is the sector's continued fault fee FF now.
/// Note: the FIP text applies 1.05 FF as a cap; the implemented (and deployed) rule applies it as
/// a floor, which is what this follows. Upstream: `pledge_penalty_for_termination` in
/// actors/miner/src/monies.rs; FIP-0098.
pub fn pledge_penalty_for_termination(
    initial_pledge: TokenAmount,
    sector_age: ChainEpoch,
    fault_fee: TokenAmount,
) -> TokenAmount {
    let simple = initial_pledge.mul_int(TERM_FEE_PLEDGE_MULTIPLE.0).div_floor(TERM_FEE_PLEDGE_MULTIPLE.1);
    let by_age = simple.mul_int(sector_age as i128).div_floor((TERMINATION_LIFETIME_CAP_DAYS * EPOCHS_PER_DAY) as i128);
    let base = simple.min(by_age);
    let min_by_pledge =
        initial_pledge.mul_int(TERM_FEE_MIN_PLEDGE_MULTIPLE.0).div_floor(TERM_FEE_MIN_PLEDGE_MULTIPLE.1);
    let min_by_fault_fee =
        fault_fee.mul_int(TERM_FEE_MAX_FAULT_FEE_MULTIPLE.0).div_floor(TERM_FEE_MAX_FAULT_FEE_MULTIPLE.1);
    base.max(min_by_pledge.max(min_by_fault_fee))
}

/// What a sector carried for the pre-FIP-0098 termination fee (fields of `SectorOnChainInfo`
/// before network version 25). Upstream: actors/miner/src/types.rs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LegacyTerminationInputs {
    /// BR(1 day) at activation (`expected_day_reward`).
    pub day_reward: TokenAmount,
    /// Epochs since the sector's power base epoch (upstream: `epoch - power_base_epoch`).
    pub sector_age: ChainEpoch,
    /// BR(20 days) at activation (`expected_storage_pledge`).
    pub twenty_day_reward_at_activation: TokenAmount,
    /// QA power of the sector now.
    pub qa_sector_power: StoragePower,
    /// Day reward of a sector this one replaced (0 if none; `replaced_day_reward`).
    pub replaced_day_reward: TokenAmount,
    /// Age of the replaced sector when it was replaced (0 if none).
    pub replaced_sector_age: ChainEpoch,
}

/// Termination fee before FIP-0098 (network versions up to 24):
/// `max(BR(t, 3.5 days), BR_activation(20 days) + BR_activation(1 day) * min(age, 140 days)
/// / 2)`, with a replaced sector's day reward charged for the part of the 140 days its age
/// fills. Computed as `floor(floor((day_reward * capped_age + replaced_day_reward *
/// replaced_age) / 2) / 2880)` with ages in epochs. Upstream: `pledge_penalty_for_termination`
/// in actors/miner/src/monies.rs at the parent of commit 94f154ee.
pub fn pledge_penalty_for_termination_pre_fip0098(
    inputs: &LegacyTerminationInputs,
    reward_estimate: &FilterEstimate,
    network_qa_power_estimate: &FilterEstimate,
) -> TokenAmount {
    let lifetime_cap = TERMINATION_LIFETIME_CAP_DAYS * EPOCHS_PER_DAY;
    let capped_age = inputs.sector_age.min(lifetime_cap);
    let replaced_age = inputs.replaced_sector_age.min(lifetime_cap - capped_age);
    let expected =
        inputs.day_reward.mul_int(capped_age as i128) + inputs.replaced_day_reward.mul_int(replaced_age as i128);
    let penalized = expected.mul_int(TERMINATION_REWARD_FACTOR.0).div_floor(TERMINATION_REWARD_FACTOR.1);
    let lower_bound =
        pledge_penalty_for_termination_lower_bound(reward_estimate, network_qa_power_estimate, inputs.qa_sector_power);
    lower_bound.max(inputs.twenty_day_reward_at_activation + penalized.div_floor(EPOCHS_PER_DAY as i128))
}

/// Penalty for a WindowPoSt proven invalid by a dispute: BR(t, 5.51 days) + 20 FIL (the
/// disputer is paid [`BASE_REWARD_FOR_DISPUTED_WINDOW_POST`] out of it). Upstream:
/// `pledge_penalty_for_invalid_windowpost` in actors/miner/src/monies.rs.
pub fn pledge_penalty_for_invalid_windowpost(
    reward_estimate: &FilterEstimate,
    network_qa_power_estimate: &FilterEstimate,
    qa_sector_power: StoragePower,
) -> TokenAmount {
    expected_reward_for_power(
        reward_estimate,
        network_qa_power_estimate,
        qa_sector_power,
        INVALID_WINDOW_POST_PROJECTION_PERIOD,
    ) + BASE_PENALTY_FOR_DISPUTED_WINDOW_POST
}

/// Consensus fault penalty: 5 per-winner block rewards, `this_epoch_reward * 5 / 5`. Upstream:
/// `consensus_fault_penalty` in actors/miner/src/monies.rs.
pub fn consensus_fault_penalty(this_epoch_reward: TokenAmount) -> TokenAmount {
    this_epoch_reward.mul_int(CONSENSUS_FAULT_FACTOR).div_floor(EXPECTED_LEADERS_PER_EPOCH)
}
