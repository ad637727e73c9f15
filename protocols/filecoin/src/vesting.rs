//! Block reward vesting: 25% of a reward is liquid, 75% is locked and vests linearly over 180 days
//! in one-day steps, each vesting epoch rounded up to a 12-hour grid aligned on the miner's
//! proving period start; funds recorded for epoch `e` unlock from epoch `e + 1` (strictly after).
//!
//! Sources (filecoin-project/builtin-actors): actors/miner/src/policy.rs (`VestSpec`,
//! `REWARD_VESTING_SPEC`), actors/miner/src/monies.rs (`locked_reward_from_reward`),
//! actors/miner/src/vesting_state.rs (`VestingFunds`), actors/miner/src/quantize.rs (`QuantSpec`),
//! actors/miner/src/state.rs (`add_locked_funds`, `unlock_vested_funds`,
//! `unlock_vested_and_unvested_funds`).

use crate::units::{ChainEpoch, EPOCHS_PER_DAY, EPOCHS_PER_HOUR, TokenAmount};

/// A linear vesting schedule. Upstream: `VestSpec` in actors/miner/src/policy.rs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VestSpec {
    /// Delay before the vesting clock starts.
    pub initial_delay: ChainEpoch,
    /// Period over which the whole amount vests, after the delay.
    pub vest_period: ChainEpoch,
    /// Time between successive vesting steps.
    pub step_duration: ChainEpoch,
    /// Vesting epochs are rounded up to multiples of this (offset by the proving period start).
    pub quantization: ChainEpoch,
}

/// The block reward vesting schedule: no delay, 180 days, 1-day steps, 12-hour quantization.
/// Upstream: `REWARD_VESTING_SPEC` in actors/miner/src/policy.rs.
pub const REWARD_VESTING_SPEC: VestSpec = VestSpec {
    initial_delay: 0,
    vest_period: 180 * EPOCHS_PER_DAY,
    step_duration: EPOCHS_PER_DAY,
    quantization: 12 * EPOCHS_PER_HOUR,
};

/// Locked share of a block reward: 3/4. Upstream: `LOCKED_REWARD_FACTOR_{NUM,DENOM}` in
/// actors/miner/src/monies.rs.
pub const LOCKED_REWARD_FACTOR: (i128, i128) = (3, 4);

/// The part of a reward to lock, `floor(reward * 3 / 4)`, and its schedule; the rest is liquid at
/// once. Upstream: `locked_reward_from_reward` in actors/miner/src/monies.rs.
pub fn locked_reward_from_reward(reward: TokenAmount) -> (TokenAmount, &'static VestSpec) {
    (reward.mul_int(LOCKED_REWARD_FACTOR.0).div_floor(LOCKED_REWARD_FACTOR.1), &REWARD_VESTING_SPEC)
}

/// Rounds epochs up onto a grid of `unit` epochs offset by `offset % unit`. Upstream: `QuantSpec`
/// in actors/miner/src/quantize.rs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuantSpec {
    /// Grid step (> 0).
    pub unit: ChainEpoch,
    /// Grid offset (taken modulo `unit`).
    pub offset: ChainEpoch,
}

impl QuantSpec {
    /// The smallest grid epoch >= `epoch`. Mirrors upstream's truncating arithmetic, including
    /// its behaviour for epochs below the offset. Upstream: `QuantSpec::quantize_up`.
    pub fn quantize_up(&self, epoch: ChainEpoch) -> ChainEpoch {
        let offset = self.offset % self.unit;
        let shifted = epoch - offset;
        let quotient = shifted / self.unit;
        if shifted % self.unit == 0 || shifted < 0 {
            self.unit * quotient + offset
        } else {
            self.unit * (quotient + 1) + offset
        }
    }
}

/// One entry of the vesting table: `amount` unlocks at any epoch strictly after `epoch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VestingFund {
    /// Vesting epoch.
    pub epoch: ChainEpoch,
    /// Amount vesting then.
    pub amount: TokenAmount,
}

/// A miner's table of locked funds, sorted by epoch, with the running locked total. Upstream:
/// `VestingFunds` in actors/miner/src/vesting_state.rs together with `State::locked_funds`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VestingFunds {
    funds: Vec<VestingFund>,
    locked: TokenAmount,
}

impl VestingFunds {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Total still locked.
    pub fn locked(&self) -> TokenAmount {
        self.locked
    }

    /// The table's entries in epoch order.
    pub fn entries(&self) -> &[VestingFund] {
        &self.funds
    }

    /// Locks `amount` on `spec` starting at `current_epoch`, with the quantization grid aligned on
    /// `proving_period_start`, after first unlocking everything already vested; returns the amount
    /// unlocked. Step `k` (1, 2, ...) vests at `quantize_up(start + k * step)` the increment of
    /// `floor(amount * elapsed / vest_period)`, and everything once `elapsed >= vest_period`.
    /// Upstream: `VestingFunds::add_locked_funds` and `State::add_locked_funds`.
    pub fn add_locked(
        &mut self,
        current_epoch: ChainEpoch,
        amount: TokenAmount,
        proving_period_start: ChainEpoch,
        spec: &VestSpec,
    ) -> TokenAmount {
        assert!(!amount.is_negative(), "negative vesting sum {amount}");
        let start = current_epoch + spec.initial_delay;
        let quant = QuantSpec { unit: spec.quantization, offset: proving_period_start };
        let mut vested = TokenAmount::ZERO;
        let mut step_epoch = start;
        while vested < amount {
            step_epoch += spec.step_duration;
            let vest_epoch = quant.quantize_up(step_epoch);
            let elapsed = vest_epoch - start;
            let target = if elapsed < spec.vest_period {
                amount.mul_int(elapsed as i128).div_floor(spec.vest_period as i128)
            } else {
                amount
            };
            self.add_at(vest_epoch, target - vested);
            vested = target;
        }
        let unlocked = self.take_vested(current_epoch);
        self.locked += amount;
        unlocked
    }

    /// Unlocks and returns everything vesting strictly before `current_epoch`. Upstream:
    /// `State::unlock_vested_funds`.
    pub fn unlock_vested(&mut self, current_epoch: ChainEpoch) -> TokenAmount {
        self.take_vested(current_epoch)
    }

    /// Unlocks everything vested before `current_epoch`, then up to `target` of unvested funds,
    /// soonest first (to pay fee debt). Returns `(unvested unlocked, total unlocked)`. Upstream:
    /// `State::unlock_vested_and_unvested_funds`.
    pub fn unlock_vested_and_unvested(
        &mut self,
        current_epoch: ChainEpoch,
        target: TokenAmount,
    ) -> (TokenAmount, TokenAmount) {
        if target.is_zero() || self.locked.is_zero() {
            return (TokenAmount::ZERO, TokenAmount::ZERO);
        }
        let vested = self.take_vested(current_epoch);
        let mut remaining = target;
        let mut unvested = TokenAmount::ZERO;
        while let Some(first) = self.funds.first_mut() {
            if remaining.is_zero() {
                break;
            }
            if first.amount <= remaining {
                remaining -= first.amount;
                unvested += first.amount;
                self.funds.remove(0);
            } else {
                first.amount -= remaining;
                unvested += remaining;
                remaining = TokenAmount::ZERO;
            }
        }
        self.locked -= unvested;
        (unvested, vested + unvested)
    }

    fn add_at(&mut self, epoch: ChainEpoch, amount: TokenAmount) {
        match self.funds.binary_search_by_key(&epoch, |f| f.epoch) {
            Ok(i) => self.funds[i].amount += amount,
            Err(i) => self.funds.insert(i, VestingFund { epoch, amount }),
        }
    }

    fn take_vested(&mut self, current_epoch: ChainEpoch) -> TokenAmount {
        let n = self.funds.partition_point(|f| f.epoch < current_epoch);
        let unlocked: TokenAmount = self.funds.drain(..n).map(|f| f.amount).sum();
        self.locked -= unlocked;
        unlocked
    }
}
