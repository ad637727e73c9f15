//! The alpha-beta filter and the extrapolated ratio sum against the unit tests in
//! runtime/src/builtin/reward/smooth/alpha_beta_filter.rs (filecoin-project/builtin-actors).

use depinsim_filecoin::math::PRECISION;
use depinsim_filecoin::smooth::{
    DEFAULT_ALPHA, DEFAULT_BETA, FilterEstimate, extrapolated_cum_sum_of_ratio, initial_qa_power_estimate,
    next_qa_power_estimate,
};
use depinsim_filecoin::units::{EPOCHS_PER_DAY, TokenAmount};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::Signed;

#[test]
fn filter_step_matches_upstream_rounding_vector() {
    // `rounding_issue` in alpha_beta_filter.rs: one filter step of 3 epochs from a given Q.128
    // estimate with a reward observation.
    let prev = FilterEstimate {
        position: "12340768897043811082913117521041414330876498465539749838848".parse().unwrap(),
        velocity: "-37396269384748225153347462373739139597454335279104".parse().unwrap(),
    };
    let next = prev.next(&BigInt::from(36266252337034982540u128), 3, &DEFAULT_ALPHA, &DEFAULT_BETA);
    assert_eq!(next.position.to_string(), "12340768782449774548722755900999027209659079673176744001536");
    assert_eq!(next.velocity.to_string(), "-37396515542149801792802995707072472930787668612438");
    assert_eq!(next, prev.next_default(&BigInt::from(36266252337034982540u128), 3));
}

#[test]
fn filter_gains_are_upstreams() {
    // alpha ~ 9.25e-4 and beta ~ 2.84e-7 (smooth_func.rs).
    let alpha = depinsim_filecoin::math::q128_to_f64(&DEFAULT_ALPHA);
    let beta = depinsim_filecoin::math::q128_to_f64(&DEFAULT_BETA);
    assert!((alpha - 9.25e-4).abs() < 1e-6, "{alpha}");
    assert!((beta - 2.84e-7).abs() < 1e-9, "{beta}");
}

#[test]
fn constant_estimates() {
    // `constant_estimate` in alpha_beta_filter.rs.
    let num = FilterEstimate::new(4_000_000, 0);
    let den = FilterEstimate::new(1, 0);
    // 4e6 / 1 over 1000 epochs is 4e9, whatever the start.
    let sum = extrapolated_cum_sum_of_ratio(1000, 0, &num, &den) >> PRECISION;
    assert_eq!(sum, BigInt::from(4_000_000_000i64));
    let later = extrapolated_cum_sum_of_ratio(1000, 10i64.pow(15), &num, &den) >> PRECISION;
    assert_eq!(sum, later);

    // 1e12 / 200e12 over 100 epochs is 1/2: zero as an integer, 5000 when scaled by 10^4.
    let num = FilterEstimate::new(10i64.pow(12), 0);
    let den = FilterEstimate::new(200 * 10i64.pow(12), 0);
    let frac = extrapolated_cum_sum_of_ratio(100, 0, &num, &den);
    assert_eq!(&frac >> PRECISION, BigInt::default());
    let product = frac * (BigInt::from(10_000) << PRECISION);
    assert_eq!(product >> (2 * PRECISION), BigInt::from(5000));
}

/// Trapezoidal sum of the extrapolated ratio, epoch by epoch (the reference the analytic form is
/// checked against upstream, `iterative_cum_sum_of_ratio`), Q.128.
fn iterative_cum_sum(num: &FilterEstimate, den: &FilterEstimate, t0: i64, delta: i64) -> BigInt {
    let mut sum = BigInt::default();
    for i in 0..delta {
        let n = num.extrapolate(t0 + i); // Q.256
        let d = den.extrapolate(t0 + i) >> PRECISION; // Q.128
        let ratio = n.div_floor(&d); // Q.128
        sum += if i != 0 && i != delta - 1 { ratio * 2 } else { ratio };
    }
    sum.div_floor(&BigInt::from(2))
}

/// Millionths of relative difference, as upstream's `per_million_error`.
fn per_million_error(a: &BigInt, b: &BigInt) -> BigInt {
    let ratio = ((a - b) << PRECISION).div_floor(a);
    ((ratio * (BigInt::from(1_000_000) << PRECISION)).abs()) >> (2 * PRECISION)
}

fn assert_close(num: &FilterEstimate, den: &FilterEstimate, delta: i64) {
    let analytic = extrapolated_cum_sum_of_ratio(delta, 0, num, den);
    let iterative = iterative_cum_sum(num, den, 0, delta);
    // Upstream's ERR_BOUND: 350 parts per million.
    let err = per_million_error(&analytic, &iterative);
    assert!(err < BigInt::from(350), "error {err} ppm");
}

#[test]
fn moving_estimates_match_the_iterative_sum() {
    // `both_positive_velocity` and `flipped_signs` in alpha_beta_filter.rs.
    assert_close(&FilterEstimate::new(111, 12), &FilterEstimate::new(3456, 8), 10_000);
    assert_close(&FilterEstimate::new(1_000_000, -100), &FilterEstimate::new(70_000, 1000), 100_000);
}

#[test]
fn realistic_values_match_the_iterative_sum() {
    // `values_in_range` in alpha_beta_filter.rs: 50 FIL rewards moving 25 or 100 atto per epoch
    // against 10 EB or 20 ZB of power moving 1 B, 10 PiB/day or 1 EiB/day.
    let tens_of_fil = TokenAmount::from_whole(50).atto();
    let monies = [FilterEstimate::new(tens_of_fil, 25), FilterEstimate::new(tens_of_fil, 100)];
    let velocities = [1i128, 10 * (1i128 << 50) / EPOCHS_PER_DAY as i128, (1i128 << 60) / EPOCHS_PER_DAY as i128];
    for position in [10i128.pow(19), 2 * 10i128.pow(22)] {
        for v in velocities {
            let power = FilterEstimate::new(position, v);
            for money in &monies {
                assert_close(money, &power, EPOCHS_PER_DAY);
            }
        }
    }
}

#[test]
fn qa_power_filter_converges_to_a_constant_network() {
    // The power actor's estimate starts at 750,000 GiB moving 3,840 GiB/epoch (actors/power/src/
    // state.rs); fed a constant QA power it settles on it.
    let target = 20i128 * (1 << 60); // 20 EiB
    let mut est = initial_qa_power_estimate();
    for _ in 0..40_000 {
        est = next_qa_power_estimate(&est, target);
    }
    let err = (est.estimate_i128() - target) as f64 / target as f64;
    assert!(err.abs() < 1e-3, "relative error {err}");
}
