//! Sector quality (QA power) and the FIP-0100 daily fee; the rule sets that select fee versions.
//!
//! Sources (filecoin-project/builtin-actors): actors/miner/src/policy.rs (`quality_for_weight`,
//! `qa_power_for_weight`, `daily_proof_fee`, `daily_proof_fee_adjust`, `daily_proof_fee_payable`),
//! runtime/src/runtime/policy.rs (`DAILY_FEE_*` constants), actors/miner/src/lib.rs (where the fee
//! is fixed at activation and charged per deadline). FIP-0098 and FIP-0100 both shipped in
//! builtin-actors v16 (network version 25).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::ToPrimitive;

use crate::monies::{
    LegacyTerminationInputs, pledge_penalty_for_continued_fault, pledge_penalty_for_termination,
    pledge_penalty_for_termination_pre_fip0098,
};
use crate::smooth::FilterEstimate;
use crate::units::{ChainEpoch, EPOCHS_PER_DAY, StoragePower, TokenAmount};

/// Fractional bits of sector quality: 20. Upstream: `SECTOR_QUALITY_PRECISION` in
/// actors/miner/src/policy.rs.
pub const SECTOR_QUALITY_PRECISION: u64 = 20;

/// Quality multiplier of space without verified deals: 10 (i.e. 1x). Upstream:
/// `QUALITY_BASE_MULTIPLIER` in actors/miner/src/policy.rs.
pub const QUALITY_BASE_MULTIPLIER: i128 = 10;

/// Quality multiplier of space with verified deals: 100 (i.e. 10x). Upstream:
/// `VERIFIED_DEAL_WEIGHT_MULTIPLIER` in actors/miner/src/policy.rs.
pub const VERIFIED_DEAL_WEIGHT_MULTIPLIER: i128 = 100;

/// FIP-0100 daily fee per byte of QA power as a fraction of circulating supply: numerator
/// 161817 over 10^30 (1.61817e-25, about 5.56e-15 per 32 GiB). Upstream:
/// `DAILY_FEE_CIRCULATING_SUPPLY_QAP_MULTIPLIER_NUM` in runtime/src/runtime/policy.rs.
pub const DAILY_FEE_CIRCULATING_SUPPLY_QAP_MULTIPLIER_NUM: i128 = 161_817;

/// Denominator of the FIP-0100 daily fee multiplier: 10^30. Upstream:
/// `DAILY_FEE_CIRCULATING_SUPPLY_QAP_MULTIPLIER_DENOM` in runtime/src/runtime/policy.rs.
pub const DAILY_FEE_CIRCULATING_SUPPLY_QAP_MULTIPLIER_DENOM: i128 = 1_000_000_000_000_000_000_000_000_000_000;

/// FIP-0100: the fee charged per deadline is at most 1/2 of the estimated day reward of the
/// deadline's live power. Upstream: `DAILY_FEE_BLOCK_REWARD_CAP_DENOM` in runtime/src/runtime/policy.rs.
pub const DAILY_FEE_BLOCK_REWARD_CAP_DENOM: i128 = 2;

/// Sector quality (Q.20): the space-time-weighted average of 1x for plain space and 10x for
/// verified deal space. `verified_deal_weight` is verified bytes times epochs. Upstream:
/// `quality_for_weight` in actors/miner/src/policy.rs.
pub fn quality_for_weight(sector_size: StoragePower, duration: ChainEpoch, verified_deal_weight: &BigInt) -> BigInt {
    let space_time = BigInt::from(sector_size) * duration;
    let weighted = (&space_time - verified_deal_weight) * QUALITY_BASE_MULTIPLIER
        + verified_deal_weight * VERIFIED_DEAL_WEIGHT_MULTIPLIER;
    (weighted << SECTOR_QUALITY_PRECISION).div_floor(&space_time).div_floor(&BigInt::from(QUALITY_BASE_MULTIPLIER))
}

/// QA power of a sector: `size * quality >> 20`. Upstream: `qa_power_for_weight` in
/// actors/miner/src/policy.rs.
pub fn qa_power_for_weight(
    sector_size: StoragePower,
    duration: ChainEpoch,
    verified_deal_weight: &BigInt,
) -> StoragePower {
    let quality = quality_for_weight(sector_size, duration, verified_deal_weight);
    ((BigInt::from(sector_size) * quality) >> SECTOR_QUALITY_PRECISION).to_i128().expect("QA power fits i128")
}

/// FIP-0100 daily fee of a sector: `floor(161817 * CS * qa / 10^30)` attoFIL, computed once with
/// the circulating supply at activation (or at extension / replica update of a sector whose fee
/// is still zero) and then fixed. Upstream: `daily_proof_fee` in actors/miner/src/policy.rs.
pub fn daily_proof_fee(circulating_supply: TokenAmount, qa_power: StoragePower) -> TokenAmount {
    let fee = (BigInt::from(DAILY_FEE_CIRCULATING_SUPPLY_QAP_MULTIPLIER_NUM) * circulating_supply.atto() * qa_power)
        .div_floor(&BigInt::from(DAILY_FEE_CIRCULATING_SUPPLY_QAP_MULTIPLIER_DENOM));
    TokenAmount::from_bigint(&fee)
}

/// A sector's daily fee rescaled when its QA power changes: `floor(fee * new / old)` (unchanged if
/// the power is). Upstream: `daily_proof_fee_adjust` in actors/miner/src/policy.rs.
pub fn daily_proof_fee_adjust(
    daily_fee: TokenAmount,
    old_qa_power: StoragePower,
    new_qa_power: StoragePower,
) -> TokenAmount {
    if old_qa_power == new_qa_power {
        return daily_fee;
    }
    TokenAmount::from_bigint(&(daily_fee.to_bigint() * new_qa_power).div_floor(&BigInt::from(old_qa_power)))
}

/// The daily fee actually charged for a deadline: the sum of its sectors' fees, capped at
/// `floor(estimated_day_reward / 2)`. Upstream: `daily_proof_fee_payable` in actors/miner/src/policy.rs.
pub fn daily_proof_fee_payable(daily_fee: TokenAmount, estimated_day_reward: TokenAmount) -> TokenAmount {
    daily_fee.min(estimated_day_reward.div_floor(DAILY_FEE_BLOCK_REWARD_CAP_DENOM))
}

/// Mainnet epoch of network version 24 ("Tuk Tuk", 2024-11-20T23:00Z): FIP-0081's pledge ramp
/// starts here (the migration sets the power actor's `ramp_start_epoch` to the upgrade height).
/// Source: filecoin-project/lotus build/buildconstants/params_mainnet.go (`UpgradeTuktukHeight`).
pub const MAINNET_NV24_EPOCH: ChainEpoch = 4_461_240;

/// Mainnet epoch of network version 25 ("Teep", 2025-04-14T23:00Z): FIP-0098 and FIP-0100 apply
/// from here. Source: filecoin-project/lotus build/buildconstants/params_mainnet.go
/// (`UpgradeTeepHeight`).
pub const MAINNET_NV25_EPOCH: ChainEpoch = 4_878_840;

/// Versions of the miner's fee rules. Upstream's network versions: FIP-0098 and FIP-0100
/// activated together in network version 25 (builtin-actors v16, 2025).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RuleSet {
    /// Network version 24 and before: the reward-based termination fee
    /// ([`pledge_penalty_for_termination_pre_fip0098`]) and no daily fee.
    Nv24,
    /// Network version 25 on: FIP-0098 termination fee ([`pledge_penalty_for_termination`]) and
    /// the FIP-0100 daily fee.
    #[default]
    Nv25,
}

/// Everything either termination fee needs about one sector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TerminationInputs {
    /// The sector's initial pledge (FIP-0098).
    pub initial_pledge: TokenAmount,
    /// Epochs since activation (FIP-0098).
    pub sector_age: ChainEpoch,
    /// The sector's QA power now.
    pub qa_sector_power: StoragePower,
    /// Values recorded at activation, used only by the pre-FIP-0098 fee.
    pub legacy: LegacyTerminationInputs,
}

impl RuleSet {
    /// The rule set in force on mainnet at `epoch` ([`MAINNET_NV25_EPOCH`] switches to
    /// [`RuleSet::Nv25`]).
    pub fn mainnet_at(epoch: ChainEpoch) -> Self {
        if epoch >= MAINNET_NV25_EPOCH { RuleSet::Nv25 } else { RuleSet::Nv24 }
    }

    /// The termination fee of one sector under this rule set, given the current smoothed
    /// estimates. Under [`RuleSet::Nv25`] the fault fee is the sector's FF now, as the miner actor
    /// computes it when terminating (actors/miner/src/lib.rs).
    pub fn termination_fee(
        self,
        sector: &TerminationInputs,
        reward_estimate: &FilterEstimate,
        network_qa_power_estimate: &FilterEstimate,
    ) -> TokenAmount {
        match self {
            RuleSet::Nv24 => {
                pledge_penalty_for_termination_pre_fip0098(&sector.legacy, reward_estimate, network_qa_power_estimate)
            }
            RuleSet::Nv25 => {
                let fault_fee = pledge_penalty_for_continued_fault(
                    reward_estimate,
                    network_qa_power_estimate,
                    sector.qa_sector_power,
                );
                pledge_penalty_for_termination(sector.initial_pledge, sector.sector_age, fault_fee)
            }
        }
    }

    /// The daily fee fixed for a sector activated now: zero under [`RuleSet::Nv24`].
    pub fn daily_fee(self, circulating_supply: TokenAmount, qa_power: StoragePower) -> TokenAmount {
        match self {
            RuleSet::Nv24 => TokenAmount::ZERO,
            RuleSet::Nv25 => daily_proof_fee(circulating_supply, qa_power),
        }
    }

    /// The fee charged at a deadline's end: the deadline's summed daily fees capped at half the
    /// expected day reward BR(t, 1 day) of its live QA power (faulty power included). Upstream:
    /// `handle_proving_deadline` in actors/miner/src/lib.rs.
    pub fn deadline_fee_payable(
        self,
        deadline_daily_fee: TokenAmount,
        live_qa_power: StoragePower,
        reward_estimate: &FilterEstimate,
        network_qa_power_estimate: &FilterEstimate,
    ) -> TokenAmount {
        match self {
            RuleSet::Nv24 => TokenAmount::ZERO,
            RuleSet::Nv25 => {
                if !deadline_daily_fee.is_positive() {
                    return TokenAmount::ZERO;
                }
                let day_reward = crate::monies::expected_reward_for_power(
                    reward_estimate,
                    network_qa_power_estimate,
                    live_qa_power,
                    EPOCHS_PER_DAY,
                );
                daily_proof_fee_payable(deadline_daily_fee, day_reward)
            }
        }
    }
}
