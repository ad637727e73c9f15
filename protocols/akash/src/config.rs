//! The `[networks.params]` of an `akash` network (its checks are in [`crate::check`]).

use crate::money::{BME_DEFAULT_SPREAD_BPS, PricePoint};
use depinsim_cloud::{CloudPrice, LLAMA3_INTERRUPTIONS_PER_GPU_DAY, interruptions};
use depinsim_core::SimDuration;
use depinsim_core::units::ByteSize;
use serde::Deserialize;
use std::collections::BTreeMap;

/// How leases are paid for and what the network keeps.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Rules {
    /// Before AEP-76: leases are priced in a denomination (`denom`) and x/take keeps a share of
    /// every withdrawal.
    #[default]
    TakeRate,
    /// AEP-76 burn-mint equilibrium (final 2026-03-23): tenants burn AKT for ACT (1 ACT = $1),
    /// leases are priced in ACT, a withdrawal burns ACT and mints AKT to the provider; no take.
    Bme,
}

/// The denomination leases are priced in under [`Rules::TakeRate`].
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Denom {
    /// AKT (`uakt`): its price follows `akt_price`.
    Akt,
    /// USDC over IBC: $1.
    #[default]
    Usdc,
}

/// How a provider prices its bids.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, tag = "strategy", rename_all = "kebab-case")]
pub enum BidStrategy {
    /// Cost plus a margin, from the hardware profile: (depreciation + hosting) per hour divided by
    /// the utilisation the provider expects, plus power while leased, per GPU, times
    /// `1 + margin`. A stand-in for the provider's bid-price script (akash provider
    /// `bidpricescript`), whose real inputs are private.
    CostPlus {
        /// Markup on cost (0.3 = 30%).
        margin: f64,
        /// Share of the time the provider expects its GPUs to be leased (0..1].
        utilisation: f64,
    },
    /// A fixed price per GPU-hour.
    Fixed {
        /// USD per GPU-hour.
        usd_per_gpu_hour: f64,
    },
}

/// One class of deployments tenants create.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// Name, for messages.
    pub name: String,
    /// Poisson arrival rate.
    pub arrivals_per_hour: f64,
    /// Mean run time the tenant wants.
    pub mean_duration: SimDuration,
    /// Whether run times are exponential (default) or all equal to the mean.
    #[serde(default = "yes")]
    pub exponential: bool,
    /// GPUs needed (on one provider).
    pub gpus: u32,
    /// GPU model required (`capacity.gpu_model` of the profile); any model if absent.
    #[serde(default)]
    pub gpu_model: Option<String>,
    /// CPU cores needed.
    #[serde(default)]
    pub cpu: u32,
    /// Memory needed.
    #[serde(default)]
    pub memory: Option<ByteSize>,
    /// Storage needed.
    #[serde(default)]
    pub storage: Option<ByteSize>,
    /// The order's max price (x/market: a bid above it is invalid), USD per GPU-hour.
    pub max_usd_per_gpu_hour: f64,
    /// Attributes a provider must have, `key=value` (x/market: the group's requirements).
    #[serde(default)]
    pub requires: Vec<String>,
    /// How long a queued deployment waits for a lease before the tenant gives up; forever if
    /// absent.
    #[serde(default)]
    pub patience: Option<SimDuration>,
    /// Share of the tenants who deposit too little and let their escrow run dry.
    #[serde(default)]
    pub underfunded_share: f64,
}

fn yes() -> bool {
    true
}

/// The `[networks.params]` of an `akash` network.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AkashConfig {
    /// Rule set.
    pub rules: Rules,
    /// Denomination under the take-rate rules.
    pub denom: Denom,
    /// x/take default rate, percent: 20 (docs/reference/protocols.md; x/take params
    /// `default_take_rate`). Applies to USDC.
    pub take_rate_pct: u32,
    /// x/take rate for `uakt`, percent: 2 (x/take params `denom_take_rates`).
    pub akt_take_rate_pct: u32,
    /// AEP-76 spread on AKT -> ACT mints, basis points (25 at launch).
    pub mint_spread_bps: u32,
    /// AEP-76 spread on ACT -> AKT settlements, basis points (25 at launch).
    pub settle_spread_bps: u32,
    /// AKT price path, USD.
    pub akt_price: Vec<PricePoint>,
    /// Block time: ~6 s on mainnet (akash-network/node sets CometBFT `timeout_commit` to 5 s in
    /// util/cli/configs.go; with proposal and voting a block takes about 6 s, ~14,400 a day,
    /// docs/reference/protocols.md). Assumption within a second.
    pub block_time: SimDuration,
    /// How often providers withdraw from their leases (akash provider `withdrawal-period`,
    /// default 24 h).
    pub withdraw_every: SimDuration,
    /// Most bids an order takes (x/market: 20; docs/reference/protocols.md).
    pub max_bids: usize,
    /// A tenant's deposit as a multiple of the expected cost of its run at the accepted price.
    /// Assumption: 1.1 (funded tenants top up in time; the console asks for a deposit and warns
    /// before the escrow runs out).
    pub deposit_cover: f64,
    /// Cover of the underfunded tenants' deposit (`Workload::underfunded_share`). Assumption: 0.5.
    pub underfunded_cover: f64,
    /// Default bid strategy.
    pub bid: BidStrategy,
    /// Bid strategy per provider group (by group name).
    pub bids: BTreeMap<String, BidStrategy>,
    /// Electricity price the cost-plus strategy assumes for providers that pay power, USD/kWh.
    /// Assumption: 0.12 (US commercial order of magnitude; residential is 0.15, EIA Jan 2024).
    pub usd_per_kwh: f64,
    /// Provider attributes per group (by group name), `key=value`.
    pub attributes: BTreeMap<String, Vec<String>>,
    /// Deployments tenants create.
    pub workloads: Vec<Workload>,
    /// Interruptions per GPU-day that kill the running lease, by GPU model; see
    /// `default_gpu_interruptions_per_gpu_day` for the others.
    pub gpu_interruptions_per_gpu_day: BTreeMap<String, f64>,
    /// Interruptions per GPU-day for models not listed: the Llama 3 figure, 4.7e-4
    /// ([`LLAMA3_INTERRUPTIONS_PER_GPU_DAY`]).
    pub default_gpu_interruptions_per_gpu_day: f64,
    /// Delay before a tenant whose lease failed to launch re-bids (assumption: 5 minutes).
    pub relaunch_delay: SimDuration,
    /// AWS-like cloud prices per GPU model (cloud nodes); AWS p5/p4d figures by default.
    pub cloud_prices: BTreeMap<String, CloudPrice>,
}

impl Default for AkashConfig {
    fn default() -> Self {
        AkashConfig {
            rules: Rules::TakeRate,
            denom: Denom::Usdc,
            take_rate_pct: 20,
            akt_take_rate_pct: 2,
            mint_spread_bps: BME_DEFAULT_SPREAD_BPS,
            settle_spread_bps: BME_DEFAULT_SPREAD_BPS,
            akt_price: vec![PricePoint { at: SimDuration::ZERO, usd: 1.0 }],
            block_time: SimDuration::from_secs(6),
            withdraw_every: SimDuration::from_hours(24),
            max_bids: 20,
            deposit_cover: 1.1,
            underfunded_cover: 0.5,
            bid: BidStrategy::CostPlus { margin: 0.3, utilisation: 0.6 },
            bids: BTreeMap::new(),
            usd_per_kwh: 0.12,
            attributes: BTreeMap::new(),
            workloads: Vec::new(),
            gpu_interruptions_per_gpu_day: BTreeMap::new(),
            default_gpu_interruptions_per_gpu_day: LLAMA3_INTERRUPTIONS_PER_GPU_DAY,
            relaunch_delay: SimDuration::from_secs(300),
            cloud_prices: BTreeMap::new(),
        }
    }
}

impl AkashConfig {
    /// The interruption rate of a GPU model, per GPU-day.
    pub fn interruptions_per_gpu_day(&self, model: &str) -> f64 {
        interruptions::rate(&self.gpu_interruptions_per_gpu_day, self.default_gpu_interruptions_per_gpu_day, model)
    }

    /// The cloud price of a GPU model.
    pub fn cloud_price(&self, model: &str) -> CloudPrice {
        self.cloud_prices.get(model).copied().unwrap_or_else(|| depinsim_cloud::default_cloud_price(model))
    }
}
