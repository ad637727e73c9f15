//! What the centralized cloud charges per GPU-hour: AWS on-demand and Capacity Block prices of
//! the H100 (p5) and A100 (p4d) instances, the baseline every GPU market is priced against.

use depinsim_core::config::ConfigError;
use serde::Deserialize;

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

/// What the centralized cloud charges per GPU-hour for one GPU model. A scenario writes it as a
/// table `{ on_demand = ..., capacity_block = ... }`.
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

    /// Checks that both prices are finite USD amounts, not negative (they are multiplied into
    /// every cost figure of the baseline, so a NaN would spread to all of them). `table` is the
    /// key path of the price's table in the network's `params` (`aws_price`,
    /// `cloud_prices.H100 SXM 80GB`).
    pub fn check(&self, table: &str) -> Result<(), ConfigError> {
        for (key, v) in [("on_demand", self.on_demand), ("capacity_block", self.capacity_block)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(ConfigError::param(format!("{table}.{key}"), format!("`{key}` in `{table}` is {v}"))
                    .help("a finite price in USD per GPU-hour, 0 or more"));
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

#[cfg(test)]
mod tests {
    use super::*;
    use depinsim_core::config::Located;

    #[test]
    fn aws_per_gpu_prices() {
        assert!((AWS_H100_ON_DEMAND_USD_PER_GPU_HOUR - 6.88).abs() < 1e-9);
        assert!((AWS_A100_ON_DEMAND_USD_PER_GPU_HOUR - 4.09625).abs() < 1e-9);
        assert_eq!(default_cloud_price("A100 SXM 80GB"), CloudPrice::A100);
        assert_eq!(default_cloud_price("RTX 4090"), CloudPrice::H100);
    }

    #[test]
    fn a_price_that_is_not_a_finite_amount_is_refused_by_key() {
        assert!(CloudPrice::H100.check("aws_price").is_ok());
        assert!(CloudPrice { on_demand: 0.0, capacity_block: 0.0 }.check("aws_price").is_ok());
        let e = CloudPrice { on_demand: f64::NAN, ..CloudPrice::H100 }.check("aws_price").unwrap_err();
        assert_eq!(e.at, Located::Param("aws_price.on_demand".into()));
        assert_eq!(e.to_string(), "`on_demand` in `aws_price` is NaN (a finite price in USD per GPU-hour, 0 or more)");
        let e = CloudPrice { capacity_block: -1.0, ..CloudPrice::H100 }.check("cloud_prices.H100").unwrap_err();
        assert_eq!(e.at, Located::Param("cloud_prices.H100.capacity_block".into()));
        let e = CloudPrice { capacity_block: f64::INFINITY, ..CloudPrice::H100 }.check("x").unwrap_err();
        assert!(e.to_string().starts_with("`capacity_block` in `x` is inf"), "{e}");
    }
}
