//! Block reward minting: the reward actor's simple and baseline minting and its per-epoch state.
//!
//! Per epoch the network mints `simple + baseline`:
//! - simple: `330M FIL * (e^lambda - 1) * e^(-lambda t)`, `lambda = ln 2 / (6 years)`;
//! - baseline: `770M FIL * (e^(-lambda theta_prev) - e^(-lambda theta))`, where `theta` is the
//!   effective network time: the (fractional) epoch at which the cumulative baseline power equals
//!   the cumulative realized power, each epoch's realized power capped at that epoch's baseline.
//!
//! Baseline power starts at `B0 = 2,888,888,880,000,000,000` bytes and doubles every 365 days,
//! computed by multiplying by a Q.128 per-epoch exponent every epoch.
//!
//! Sources (filecoin-project/builtin-actors): actors/reward/src/logic.rs (constants,
//! `baseline_power_from_prev`, `compute_r_theta`, `compute_reward`), actors/reward/src/state.rs
//! (`State`, `update_to_next_epoch`, `update_to_next_epoch_with_reward`,
//! `update_smoothed_estimates`), actors/reward/src/lib.rs (`update_network_kpi`), and
//! actors/power/src/lib.rs (`on_epoch_tick_end`: the realized power passed to the reward actor is
//! the network's raw byte power). Spec: Filecoin spec "Block Reward Minting".

use std::sync::LazyLock;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::ToPrimitive;

use crate::math::{PRECISION, expneg, q128_one};
use crate::smooth::FilterEstimate;
use crate::units::{ChainEpoch, EXPECTED_LEADERS_PER_EPOCH, StoragePower, TokenAmount};

/// Per-epoch growth factor of the baseline, `floor(e^(ln 2 / (365 days of 30 s epochs)) * 2^128)`.
/// Upstream: `BASELINE_EXPONENT` in actors/reward/src/logic.rs.
pub static BASELINE_EXPONENT: LazyLock<BigInt> =
    LazyLock::new(|| "340282591298641078465964189926313473653".parse().expect("valid constant"));

/// Baseline power at epoch 0, `B0 = 2,888,888,880,000,000,000` bytes (~2.5057 EiB). Upstream:
/// `BASELINE_INITIAL_VALUE` in actors/reward/src/logic.rs.
pub const BASELINE_INITIAL_VALUE: StoragePower = 2_888_888_880_000_000_000;

/// Baseline power one epoch before epoch 0, `B0 / exponent` in Q.128 arithmetic, so that the first
/// update yields epoch 0's baseline (which is `B0 - 1` after truncation). Upstream:
/// `INIT_BASELINE_POWER` in actors/reward/src/logic.rs.
pub fn init_baseline_power() -> BigInt {
    ((BigInt::from(BASELINE_INITIAL_VALUE) << (2 * PRECISION)) / &*BASELINE_EXPONENT) >> PRECISION
}

/// Total of simple minting: 330M FIL. Upstream: `SIMPLE_TOTAL` in actors/reward/src/logic.rs.
pub const SIMPLE_TOTAL: TokenAmount = TokenAmount::from_whole(330_000_000);

/// Total of baseline minting: 770M FIL. Upstream: `BASELINE_TOTAL` in actors/reward/src/logic.rs.
pub const BASELINE_TOTAL: TokenAmount = TokenAmount::from_whole(770_000_000);

/// `e^lambda - 1` in Q.128. Upstream: `EXP_LAM_SUB_ONE` in actors/reward/src/logic.rs.
static EXP_LAMBDA_MINUS_ONE: LazyLock<BigInt> =
    LazyLock::new(|| BigInt::from(37_396_273_494_747_879_394_193_016_954_629u128));

/// `lambda = ln 2 / (6 years * 365 days * 2880 epochs)` in Q.128. Upstream: `LAMBDA` in
/// actors/reward/src/logic.rs.
pub static LAMBDA: LazyLock<BigInt> = LazyLock::new(|| BigInt::from(37_396_271_439_864_487_274_534_522_888_786u128));

/// Initial position of the smoothed reward estimate: 36.266260308195979333 FIL. Upstream:
/// `INITIAL_REWARD_POSITION_ESTIMATE` in actors/reward/src/state.rs.
pub const INITIAL_REWARD_POSITION_ESTIMATE: TokenAmount = TokenAmount::from_atto(36_266_260_308_195_979_333);

/// Initial velocity of the smoothed reward estimate: -1.09897758509e-7 FIL per epoch. Upstream:
/// `INITIAL_REWARD_VELOCITY_ESTIMATE` in actors/reward/src/state.rs.
pub const INITIAL_REWARD_VELOCITY_ESTIMATE: TokenAmount = TokenAmount::from_atto(-109_897_758_509);

/// Baseline power one epoch later: `floor(prev * exponent / 2^128)`. Upstream:
/// `baseline_power_from_prev` in actors/reward/src/logic.rs.
pub fn baseline_power_from_prev(prev: &BigInt) -> BigInt {
    (prev * &*BASELINE_EXPONENT) >> PRECISION
}

/// Baseline power at `epoch` (>= 0) as the reward actor tracks it: [`init_baseline_power`]
/// advanced `epoch + 1` times by [`baseline_power_from_prev`]. O(epoch).
pub fn baseline_power_at(epoch: ChainEpoch) -> BigInt {
    assert!(epoch >= 0, "baseline power is defined from epoch 0");
    (0..=epoch).fold(init_baseline_power(), |b, _| baseline_power_from_prev(&b))
}

/// Fractional effective network time theta (Q.128): `theta = T - (cumsum_baseline -
/// cumsum_realized) / B(T)`, linear interpolation within the epoch `T = effective_network_time`
/// (the ceiling of theta); 0 when `T` is 0. Upstream: `compute_r_theta` in actors/reward/src/logic.rs.
pub fn compute_r_theta(
    effective_network_time: ChainEpoch,
    baseline_power_at_effective_network_time: &BigInt,
    cumsum_realized: &BigInt,
    cumsum_baseline: &BigInt,
) -> BigInt {
    if effective_network_time == 0 {
        return BigInt::default();
    }
    let shortfall =
        ((cumsum_baseline - cumsum_realized) << PRECISION).div_floor(baseline_power_at_effective_network_time);
    (BigInt::from(effective_network_time) << PRECISION) - shortfall
}

/// Baseline tokens minted by effective network time `theta` (Q.128), as Q.128 attoFIL:
/// `(1 - e^(-lambda theta)) * baseline_total`. Upstream: `compute_baseline_supply` in
/// actors/reward/src/logic.rs.
pub fn compute_baseline_supply(theta: &BigInt, baseline_total: TokenAmount) -> BigInt {
    let theta_lambda = (theta * &*LAMBDA) >> PRECISION;
    (q128_one() - expneg(&theta_lambda)) * baseline_total.to_bigint()
}

/// Simple minting at `epoch`, as Q.128 attoFIL: `simple_total * (e^lambda - 1) * e^(-lambda
/// epoch)`. Part of upstream's `compute_reward` in actors/reward/src/logic.rs.
fn simple_reward_q128(epoch: ChainEpoch, simple_total: TokenAmount) -> BigInt {
    let decay = expneg(&(&*LAMBDA * epoch));
    (simple_total.to_bigint() * &*EXP_LAMBDA_MINUS_ONE * decay) >> PRECISION
}

/// The reward for all of an epoch's expected leaders: simple minting at `epoch` plus baseline
/// minting between effective network times `prev_theta` and `curr_theta` (Q.128), truncated to
/// whole attoFIL once at the end. Upstream: `compute_reward` in actors/reward/src/logic.rs.
pub fn compute_reward(
    epoch: ChainEpoch,
    prev_theta: &BigInt,
    curr_theta: &BigInt,
    simple_total: TokenAmount,
    baseline_total: TokenAmount,
) -> TokenAmount {
    let simple = simple_reward_q128(epoch, simple_total);
    let baseline =
        compute_baseline_supply(curr_theta, baseline_total) - compute_baseline_supply(prev_theta, baseline_total);
    TokenAmount::from_bigint(&((simple + baseline) >> PRECISION))
}

/// Simple minting alone at `epoch` for mainnet totals (baseline part zero): what
/// actors/reward/testdata/TestSimpleReward.golden tabulates.
pub fn simple_reward(epoch: ChainEpoch) -> TokenAmount {
    let zero = BigInt::default();
    compute_reward(epoch, &zero, &zero, SIMPLE_TOTAL, BASELINE_TOTAL)
}

/// The reward actor's state, advanced one epoch at a time. Upstream: `State` in
/// actors/reward/src/state.rs (fields of the same names); cumulative sums stay arbitrary-precision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RewardState {
    /// Cumulative baseline power up to the effective network time (byte-epochs).
    pub cumsum_baseline: BigInt,
    /// Cumulative realized raw byte power, each epoch capped at that epoch's baseline (byte-epochs).
    pub cumsum_realized: BigInt,
    /// Ceiling of the effective network time theta.
    pub effective_network_time: ChainEpoch,
    /// Baseline power at `effective_network_time`.
    pub effective_baseline_power: BigInt,
    /// Reward for all of this epoch's expected leaders (a block with `w` wins gets `w / 5` of it).
    pub this_epoch_reward: TokenAmount,
    /// Alpha-beta-filtered `this_epoch_reward` (what miners see as the reward estimate).
    pub this_epoch_reward_smoothed: FilterEstimate,
    /// Baseline power at `epoch`.
    pub this_epoch_baseline_power: BigInt,
    /// Epoch for which the reward was computed.
    pub epoch: ChainEpoch,
    /// Simple minting total (330M FIL on mainnet).
    pub simple_total: TokenAmount,
    /// Baseline minting total (770M FIL on mainnet).
    pub baseline_total: TokenAmount,
}

impl RewardState {
    /// The state at genesis given the network's raw byte power then; computes epoch 0's reward.
    /// Upstream: `State::new` in actors/reward/src/state.rs (epoch starts at -1, `EPOCH_UNDEFINED`).
    pub fn new(realized_power: StoragePower) -> Self {
        let mut st = RewardState {
            cumsum_baseline: BigInt::default(),
            cumsum_realized: BigInt::default(),
            effective_network_time: 0,
            effective_baseline_power: BigInt::from(BASELINE_INITIAL_VALUE),
            this_epoch_reward: TokenAmount::ZERO,
            this_epoch_reward_smoothed: FilterEstimate::new(
                INITIAL_REWARD_POSITION_ESTIMATE.atto(),
                INITIAL_REWARD_VELOCITY_ESTIMATE.atto(),
            ),
            this_epoch_baseline_power: init_baseline_power(),
            epoch: -1,
            simple_total: SIMPLE_TOTAL,
            baseline_total: BASELINE_TOTAL,
        };
        st.advance_with_reward(realized_power);
        st
    }

    fn theta(&self) -> BigInt {
        compute_r_theta(
            self.effective_network_time,
            &self.effective_baseline_power,
            &self.cumsum_realized,
            &self.cumsum_baseline,
        )
    }

    /// One epoch without recomputing the reward (a null round): grows the baseline, adds the
    /// capped realized power, and moves the effective network time forward while the cumulative
    /// realized power exceeds the cumulative baseline. Upstream: `State::update_to_next_epoch`.
    pub fn advance(&mut self, realized_power: StoragePower) {
        self.epoch += 1;
        self.this_epoch_baseline_power = baseline_power_from_prev(&self.this_epoch_baseline_power);
        let realized = BigInt::from(realized_power);
        self.cumsum_realized += std::cmp::min(&self.this_epoch_baseline_power, &realized);
        while self.cumsum_realized > self.cumsum_baseline {
            self.effective_network_time += 1;
            self.effective_baseline_power = baseline_power_from_prev(&self.effective_baseline_power);
            self.cumsum_baseline += &self.effective_baseline_power;
        }
    }

    /// One epoch and the new epoch's reward. Upstream: `State::update_to_next_epoch_with_reward`.
    pub fn advance_with_reward(&mut self, realized_power: StoragePower) {
        let prev_theta = self.theta();
        self.advance(realized_power);
        let curr_theta = self.theta();
        self.this_epoch_reward =
            compute_reward(self.epoch, &prev_theta, &curr_theta, self.simple_total, self.baseline_total);
    }

    /// What the reward actor does on `UpdateNetworkKPI` at the end of a non-null epoch
    /// `current_epoch`: catch up null epochs with [`Self::advance`], compute the reward for the
    /// next epoch, then filter it into [`Self::this_epoch_reward_smoothed`] with the number of
    /// epochs elapsed. `realized_power` is the network's raw byte power (the power actor passes
    /// `this_epoch_raw_byte_power`, not QA power). Upstream: `update_network_kpi` in
    /// actors/reward/src/lib.rs and `on_epoch_tick_end` in actors/power/src/lib.rs.
    pub fn update_network_kpi(&mut self, current_epoch: ChainEpoch, realized_power: StoragePower) {
        let prev = self.epoch;
        while self.epoch < current_epoch {
            self.advance(realized_power);
        }
        self.advance_with_reward(realized_power);
        let observation = self.this_epoch_reward.to_bigint();
        self.this_epoch_reward_smoothed = self.this_epoch_reward_smoothed.next_default(&observation, self.epoch - prev);
    }

    /// Baseline power at the state's epoch, in bytes.
    pub fn baseline_power(&self) -> StoragePower {
        self.this_epoch_baseline_power.to_i128().expect("baseline power does not fit i128")
    }

    /// A block's reward for `win_count` wins: `this_epoch_reward * win_count / 5`, rounded down.
    /// Upstream: `award_block_reward` in actors/reward/src/lib.rs.
    pub fn block_reward(&self, win_count: i64) -> TokenAmount {
        self.this_epoch_reward.mul_int(win_count as i128).div_floor(EXPECTED_LEADERS_PER_EPOCH)
    }
}
