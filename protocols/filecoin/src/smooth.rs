//! The alpha-beta filter that smooths the network's reward and QA power, and the projection of
//! their ratio used by every "expected reward" BR(t, d).
//!
//! Sources (filecoin-project/builtin-actors): runtime/src/builtin/reward/smooth/alpha_beta_filter.rs
//! (`FilterEstimate`, `AlphaBetaFilter::next_estimate`), runtime/src/builtin/reward/smooth/smooth_func.rs
//! (`DEFAULT_ALPHA`, `DEFAULT_BETA`, `extrapolated_cum_sum_of_ratio`), actors/power/src/state.rs
//! (initial QA power estimate, `update_smoothed_estimate`). Specified in the Filecoin spec,
//! "Smoothing" (specs-actors `util/smoothing`).

use std::sync::LazyLock;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::ToPrimitive;

use crate::math::{PRECISION, ln};
use crate::units::{ChainEpoch, GIB, StoragePower, TokenAmount};

/// Filter gain on position, alpha ~ 9.25e-4, in Q.128. Upstream: `DEFAULT_ALPHA` in
/// runtime/src/builtin/reward/smooth/smooth_func.rs.
pub static DEFAULT_ALPHA: LazyLock<BigInt> =
    LazyLock::new(|| "314760000000000000000000000000000000".parse().expect("valid constant"));

/// Filter gain on velocity, beta ~ 2.84e-7, in Q.128. Upstream: `DEFAULT_BETA` in
/// runtime/src/builtin/reward/smooth/smooth_func.rs.
pub static DEFAULT_BETA: LazyLock<BigInt> =
    LazyLock::new(|| "96640100000000000000000000000000".parse().expect("valid constant"));

/// Below this squared velocity (Q.128, ~8.9e-16) the denominator is treated as constant in
/// [`extrapolated_cum_sum_of_ratio`]. Upstream: `EPSILON` in smooth_func.rs.
static EPSILON: LazyLock<BigInt> = LazyLock::new(|| "302231454903657293676544".parse().expect("valid constant"));

/// A filtered estimate of a quantity: position and velocity (change per epoch), both Q.128.
/// Upstream: `FilterEstimate` in runtime/src/builtin/reward/smooth/alpha_beta_filter.rs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterEstimate {
    /// Estimated value, Q.128.
    pub position: BigInt,
    /// Estimated change per epoch, Q.128.
    pub velocity: BigInt,
}

impl FilterEstimate {
    /// An estimate from an integer (Q.0) position and velocity (upstream `FilterEstimate::new`).
    pub fn new(position: impl Into<BigInt>, velocity: impl Into<BigInt>) -> Self {
        FilterEstimate { position: position.into() << PRECISION, velocity: velocity.into() << PRECISION }
    }

    /// The integer (Q.0) position, rounded down (upstream `FilterEstimate::estimate`).
    pub fn estimate(&self) -> BigInt {
        &self.position >> PRECISION
    }

    /// [`Self::estimate`] as `i128` (panics beyond i128).
    pub fn estimate_i128(&self) -> i128 {
        self.estimate().to_i128().expect("estimate does not fit i128")
    }

    /// The position extrapolated `delta` epochs ahead, in Q.256 (upstream
    /// `FilterEstimate::extrapolate`).
    pub fn extrapolate(&self, delta: ChainEpoch) -> BigInt {
        (&self.velocity * (BigInt::from(delta) << PRECISION)) + (&self.position << PRECISION)
    }

    /// The next estimate after observing `observation` (Q.0) `epoch_delta` epochs after this one,
    /// with gains `alpha` and `beta` (Q.128). Upstream: `AlphaBetaFilter::next_estimate`:
    /// predict `x + v dt`, then correct position by `alpha * residual` and velocity by
    /// `beta * residual / dt`.
    pub fn next(&self, observation: &BigInt, epoch_delta: ChainEpoch, alpha: &BigInt, beta: &BigInt) -> Self {
        let dt = BigInt::from(epoch_delta) << PRECISION;
        let predicted = ((&dt * &self.velocity) >> PRECISION) + &self.position;
        let residual = (observation << PRECISION) - &predicted;
        let position = predicted + ((alpha * &residual) >> PRECISION);
        let velocity = &self.velocity + (residual * beta).div_floor(&dt);
        FilterEstimate { position, velocity }
    }

    /// [`Self::next`] with the network's default gains [`DEFAULT_ALPHA`] and [`DEFAULT_BETA`].
    pub fn next_default(&self, observation: &BigInt, epoch_delta: ChainEpoch) -> Self {
        self.next(observation, epoch_delta, &DEFAULT_ALPHA, &DEFAULT_BETA)
    }
}

/// The cumulative sum over `delta` epochs, starting `relative_start` epochs from now, of the ratio
/// of two filtered quantities (numerator / denominator), extrapolated with their velocities, as
/// Q.128. With a moving denominator this is the closed form of the integral of
/// `(x1 + v1 t) / (x2 + v2 t)`, using [`ln`]; with a (nearly) constant denominator it is the
/// numerator at mid-interval times `delta` over the denominator. Upstream:
/// `extrapolated_cum_sum_of_ratio` in runtime/src/builtin/reward/smooth/smooth_func.rs.
pub fn extrapolated_cum_sum_of_ratio(
    delta: ChainEpoch,
    relative_start: ChainEpoch,
    num: &FilterEstimate,
    den: &FilterEstimate,
) -> BigInt {
    let dt = BigInt::from(delta) << PRECISION;
    let t0 = BigInt::from(relative_start) << PRECISION;
    let (x1, v1) = (&num.position, &num.velocity);
    let (x2, v2) = (&den.position, &den.velocity);

    let v2_squared = (v2 * v2) >> PRECISION;
    if v2_squared > *EPSILON {
        let den_start = ((v2 * &t0) >> PRECISION) + x2;
        let den_end = ((v2 * &dt) >> PRECISION) + &den_start;
        let ln_start = ln(&den_start);
        let ln_end = ln(&den_end);
        let log_term = ((&ln_end - &ln_start) * x1 * v2) >> PRECISION;
        let linear_term = (((&ln_start - &ln_end) * x2 + v2 * &dt) * v1) >> PRECISION;
        return (linear_term + log_term).div_floor(&v2_squared);
    }

    let mid = t0 + (&dt >> 1u64);
    let num_mid = ((v1 * mid) >> PRECISION) + x1;
    (num_mid * dt).div_floor(x2)
}

/// Initial position of the power actor's QA power estimate: 750,000 GiB. Upstream:
/// `INITIAL_QA_POWER_ESTIMATE_POSITION` in actors/power/src/state.rs.
pub const INITIAL_QA_POWER_ESTIMATE_POSITION: StoragePower = 750_000 * GIB;

/// Initial velocity of the power actor's QA power estimate: 3,840 GiB per epoch. Upstream:
/// `INITIAL_QA_POWER_ESTIMATE_VELOCITY` in actors/power/src/state.rs.
pub const INITIAL_QA_POWER_ESTIMATE_VELOCITY: StoragePower = 3_840 * GIB;

/// The power actor's QA power estimate at genesis. Upstream: `State::new` in actors/power/src/state.rs.
pub fn initial_qa_power_estimate() -> FilterEstimate {
    FilterEstimate::new(INITIAL_QA_POWER_ESTIMATE_POSITION, INITIAL_QA_POWER_ESTIMATE_VELOCITY)
}

/// Advances the power actor's smoothed QA power by one epoch with the epoch's total QA power.
/// The power actor's cron runs every epoch and always uses a delta of 1 (even after null rounds).
/// Upstream: `State::update_smoothed_estimate` and `on_epoch_tick_end` in actors/power/src.
pub fn next_qa_power_estimate(prev: &FilterEstimate, network_qa_power: StoragePower) -> FilterEstimate {
    prev.next_default(&BigInt::from(network_qa_power), 1)
}

/// A filter estimate of a token quantity from attoFIL position and velocity.
pub fn token_estimate(position: TokenAmount, velocity: TokenAmount) -> FilterEstimate {
    FilterEstimate::new(position.atto(), velocity.atto())
}
