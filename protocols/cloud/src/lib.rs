//! # depinsim-cloud: the centralized cloud the GPU markets are measured against
//!
//! The decentralized compute markets (`depinsim-akash`, `depinsim-render`) are compared with the
//! same work on a hyperscaler, and their GPUs fail like any data-centre GPU. These facts belong to
//! neither market, so they live here, once, each with its source:
//!
//! - [`prices`]: what AWS charges per GPU-hour, on demand and for Capacity Blocks, by GPU model.
//! - [`interruptions`]: how often a GPU running a long job is interrupted (the Llama 3 figure),
//!   the per-model rate tables both markets take from their `params`, and the exponential draws
//!   of interruptions and arrivals (one helper, on `depinsim_core::rng::standard_exponential`).
//!
//! ```
//! use depinsim_cloud::{CloudPrice, default_cloud_price};
//! assert_eq!(default_cloud_price("A100 SXM 80GB"), CloudPrice::A100);
//! assert!((CloudPrice::H100.on_demand - 6.88).abs() < 1e-9);
//! ```

pub mod interruptions;
pub mod prices;

pub use interruptions::{LLAMA3_INTERRUPTIONS_PER_GPU_DAY, exponential_ms, next_interruption_ms};
pub use prices::{CloudPrice, default_cloud_price};
