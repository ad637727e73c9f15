//! GPU figures shared by the compute markets (Akash here, Render in `depinsim-render`): the
//! published interruption rate of large GPU clusters and the AWS prices of the centralized
//! baseline. One place, so both markets are measured against the same numbers.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;

/// Unexpected interruptions per GPU-day in Meta's Llama 3 405B pre-training run: 419
/// interruptions on 16,384 H100 GPUs in 54 days (Llama 3 paper, "The Llama 3 Herd of Models",
/// 2024, section 3.3.4; shared/reference/hardware.md), 419 / (16,384 x 54) = 4.736e-4. About one
/// interruption every 3 h across the cluster. It counts every cause (GPU, HBM3, network, software);
/// 58.7% were GPU-related.
pub const LLAMA3_INTERRUPTIONS_PER_GPU_DAY: f64 = 419.0 / (16_384.0 * 54.0);

/// AWS on-demand p5.48xlarge (8x H100) in us-east-1 after the June 2025 cut: $55.04/h, so
/// $6.88 per GPU-hour (instances.vantage.sh snapshot 2025-12-21, consistent with the AWS News Blog
/// of 5 Jun 2025 announcing up to 45% lower P5 prices; cited in hardware-profiles/cloud-gpu-h100.toml).
pub const AWS_H100_ON_DEMAND_USD_PER_GPU_HOUR: f64 = 55.04 / 8.0;
/// AWS EC2 Capacity Blocks for ML, p5: $4.92 per GPU-hour (AWS pricing; hardware.md).
pub const AWS_H100_CAPACITY_BLOCK_USD_PER_GPU_HOUR: f64 = 4.92;
/// AWS on-demand p4d.24xlarge (8x A100): $32.77/h = $4.10 per GPU-hour before the June 2025 cut
/// (AWS pricing; hardware.md). The cut lowered it too; the later figure is not in the notes, so
/// this is an upper bound.
pub const AWS_A100_ON_DEMAND_USD_PER_GPU_HOUR: f64 = 32.77 / 8.0;
/// AWS EC2 Capacity Blocks, p4d: $1.84 per GPU-hour (AWS pricing; hardware.md).
pub const AWS_A100_CAPACITY_BLOCK_USD_PER_GPU_HOUR: f64 = 1.84;

/// What the centralized cloud charges per GPU-hour for one GPU model.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CloudPrice {
    /// On-demand price, USD per GPU-hour.
    pub on_demand: f64,
    /// Capacity Block (reserved in advance for a fixed window) price, USD per GPU-hour.
    pub capacity_block: f64,
}

impl CloudPrice {
    /// AWS p5 (H100) prices.
    pub const H100: CloudPrice = CloudPrice {
        on_demand: AWS_H100_ON_DEMAND_USD_PER_GPU_HOUR,
        capacity_block: AWS_H100_CAPACITY_BLOCK_USD_PER_GPU_HOUR,
    };
    /// AWS p4d (A100) prices.
    pub const A100: CloudPrice = CloudPrice {
        on_demand: AWS_A100_ON_DEMAND_USD_PER_GPU_HOUR,
        capacity_block: AWS_A100_CAPACITY_BLOCK_USD_PER_GPU_HOUR,
    };

    /// Checks the prices are usable.
    pub fn check(&self, model: &str) -> Result<(), String> {
        for (name, v) in [("on_demand", self.on_demand), ("capacity_block", self.capacity_block)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(format!("cloud price `{name}` for `{model}` must be a finite number >= 0, found {v}"));
            }
        }
        Ok(())
    }
}

/// The AWS prices to compare a GPU model with: A100 prices for an A100, H100 prices for anything
/// else (the H100 is the baseline the notes give for data-centre GPUs; an RTX 4090 has no AWS
/// equivalent, so comparing its work with an H100-hour is an upper bound on the saving).
pub fn default_cloud_price(model: &str) -> CloudPrice {
    if model.contains("A100") { CloudPrice::A100 } else { CloudPrice::H100 }
}

/// Draws the time to the next interruption of `gpus` GPUs failing independently at
/// `per_gpu_day` each (a Poisson process of rate `gpus x per_gpu_day`), in milliseconds; `None`
/// when the rate is zero.
pub fn next_interruption_ms(rng: &mut ChaCha8Rng, gpus: u32, per_gpu_day: f64) -> Option<u64> {
    let rate_per_ms = gpus as f64 * per_gpu_day / 86_400_000.0;
    if rate_per_ms <= 0.0 {
        return None;
    }
    Some(exponential_ms(rng, 1.0 / rate_per_ms))
}

/// An exponential draw with the given mean, in whole milliseconds (at least 1).
pub fn exponential_ms(rng: &mut ChaCha8Rng, mean_ms: f64) -> u64 {
    let u: f64 = rng.random::<f64>();
    let x = -mean_ms * (1.0 - u).ln();
    (x.round() as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn llama3_rate_is_one_interruption_every_3_hours_on_16k_gpus() {
        assert!((LLAMA3_INTERRUPTIONS_PER_GPU_DAY - 4.736e-4).abs() < 1e-6);
        let hours_between = 24.0 / (LLAMA3_INTERRUPTIONS_PER_GPU_DAY * 16_384.0);
        assert!((hours_between - 3.09).abs() < 0.01, "{hours_between}");
    }

    #[test]
    fn aws_per_gpu_prices() {
        assert!((AWS_H100_ON_DEMAND_USD_PER_GPU_HOUR - 6.88).abs() < 1e-9);
        assert!((AWS_A100_ON_DEMAND_USD_PER_GPU_HOUR - 4.09625).abs() < 1e-9);
        assert_eq!(default_cloud_price("A100 SXM 80GB"), CloudPrice::A100);
        assert_eq!(default_cloud_price("RTX 4090"), CloudPrice::H100);
    }
}
