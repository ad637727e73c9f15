//! How often a GPU running a long job is interrupted, and the exponential draws of the markets.
//!
//! Both markets take the same two keys from their `params`: `gpu_interruptions_per_gpu_day`, a
//! table of rates by GPU model (`capacity.gpu_model` of the hardware profile), and
//! `default_gpu_interruptions_per_gpu_day` for the models it does not list, the Llama 3 figure
//! unless the scenario says otherwise. [`rate`] reads them and [`check_rates`] checks them, so the
//! two markets cannot drift apart on what a rate means or which ones are allowed.

use depinsim_core::config::ConfigError;
use depinsim_core::rng::standard_exponential;
use rand::Rng;
use std::collections::BTreeMap;

/// Unexpected interruptions per GPU-day in Meta's Llama 3 405B pre-training run: 419
/// interruptions on 16,384 H100 GPUs in 54 days (Llama 3 paper, "The Llama 3 Herd of Models",
/// 2024, section 3.3.4; docs/reference/hardware.md), 419 / (16,384 x 54) = 4.736e-4. About one
/// interruption every 3 h across the cluster. It counts every cause (GPU, HBM3, network, software);
/// 58.7% were GPU-related.
pub const LLAMA3_INTERRUPTIONS_PER_GPU_DAY: f64 = 419.0 / (16_384.0 * 54.0);

/// The key of the per-model rate table in a market's `params`.
pub const BY_MODEL_KEY: &str = "gpu_interruptions_per_gpu_day";
/// The key of the rate of the models the table does not list.
pub const DEFAULT_KEY: &str = "default_gpu_interruptions_per_gpu_day";

/// The interruption rate of GPU `model`, per GPU-day: its entry in `by_model`, else `default`.
pub fn rate(by_model: &BTreeMap<String, f64>, default: f64, model: &str) -> f64 {
    by_model.get(model).copied().unwrap_or(default)
}

/// Checks every rate of the table and the default: a finite number of interruptions per GPU-day,
/// 0 (never) or more. A negative rate would be read as none, silently; an infinite one would
/// interrupt every task at once.
pub fn check_rates(by_model: &BTreeMap<String, f64>, default: f64) -> Result<(), ConfigError> {
    let listed = by_model.iter().map(|(model, r)| (format!("{BY_MODEL_KEY}.{model}"), *r));
    for (path, r) in listed.chain([(DEFAULT_KEY.to_string(), default)]) {
        if !(r.is_finite() && r >= 0.0) {
            return Err(ConfigError::param(&path, format!("`{path}` is {r}"))
                .help("a finite number of interruptions per GPU-day, 0 or more; Llama 3 measured 4.7e-4"));
        }
    }
    Ok(())
}

/// Draws the time to the next interruption of `gpus` GPUs failing independently at
/// `per_gpu_day` each (a Poisson process of rate `gpus x per_gpu_day`), in milliseconds; `None`
/// when the rate is zero.
pub fn next_interruption_ms<R: Rng + ?Sized>(rng: &mut R, gpus: u32, per_gpu_day: f64) -> Option<u64> {
    let rate_per_ms = gpus as f64 * per_gpu_day / 86_400_000.0;
    if rate_per_ms <= 0.0 {
        return None;
    }
    Some(exponential_ms(rng, 1.0 / rate_per_ms))
}

/// An exponential draw with the given mean, in whole milliseconds (at least 1): one uniform from
/// `rng`, through [`standard_exponential`] like every exponential delay of the simulator.
pub fn exponential_ms<R: Rng + ?Sized>(rng: &mut R, mean_ms: f64) -> u64 {
    let x = standard_exponential(rng) * mean_ms;
    (x.round() as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use depinsim_core::config::Located;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn llama3_rate_is_one_interruption_every_3_hours_on_16k_gpus() {
        assert!((LLAMA3_INTERRUPTIONS_PER_GPU_DAY - 4.736e-4).abs() < 1e-6);
        let hours_between = 24.0 / (LLAMA3_INTERRUPTIONS_PER_GPU_DAY * 16_384.0);
        assert!((hours_between - 3.09).abs() < 0.01, "{hours_between}");
    }

    #[test]
    fn exponential_draws_are_the_hand_written_inversion_bit_for_bit() {
        // What the markets drew before the helper: `-mean * ln(1 - u)` from one uniform. IEEE
        // negation is exact, so `(-ln(1 - u)) * mean` is the same number.
        let (mut a, mut b) = (ChaCha8Rng::seed_from_u64(7), ChaCha8Rng::seed_from_u64(7));
        for mean in [1.0, 3.6e6, 86_400_000.0 / 4.736e-4, 0.3] {
            for _ in 0..1000 {
                let u: f64 = b.random::<f64>();
                let by_hand = ((-mean * (1.0 - u).ln()).round() as u64).max(1);
                assert_eq!(exponential_ms(&mut a, mean), by_hand);
            }
        }
    }

    #[test]
    fn no_interruption_at_rate_zero_and_mean_one_over_the_rate() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert_eq!(next_interruption_ms(&mut rng, 8, 0.0), None);
        assert_eq!(next_interruption_ms(&mut rng, 0, 1.0), None);
        let n = 20_000;
        let mean = (0..n).map(|_| next_interruption_ms(&mut rng, 4, 1.0).unwrap() as f64).sum::<f64>() / n as f64;
        // 4 GPUs at 1 a day: one every 6 h on average (standard error 0.7%).
        assert!((mean / 21_600_000.0 - 1.0).abs() < 0.03, "{mean}");
    }

    #[test]
    fn rates_read_the_table_then_the_default_and_refuse_bad_ones_by_key() {
        let mut table = BTreeMap::new();
        table.insert("RTX 4090".to_string(), 1e-3);
        assert_eq!(rate(&table, 5e-4, "RTX 4090"), 1e-3);
        assert_eq!(rate(&table, 5e-4, "H100"), 5e-4);
        assert!(check_rates(&table, 0.0).is_ok());
        let e = check_rates(&table, f64::NAN).unwrap_err();
        assert_eq!(e.at, Located::Param("default_gpu_interruptions_per_gpu_day".into()));
        assert!(e.to_string().starts_with("`default_gpu_interruptions_per_gpu_day` is NaN"), "{e}");
        table.insert("H100".to_string(), -1.0);
        let e = check_rates(&table, 0.0).unwrap_err();
        assert_eq!(e.at, Located::Param("gpu_interruptions_per_gpu_day.H100".into()));
        assert!(e.to_string().contains("`gpu_interruptions_per_gpu_day.H100` is -1"), "{e}");
    }
}
