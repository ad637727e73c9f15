//! # depinsim-akash: the Akash compute market, against an AWS-like cloud
//!
//! Providers (nodes of role `provider`) offer CPU, memory, storage and GPUs from their hardware
//! profile, with attributes from the scenario. Tenants create deployments (Poisson arrivals per
//! workload class, run times, resources, a max price, required attributes). Providers bid by a
//! configurable strategy (cost-plus from the profile's capex, lifetime, power and hosting by
//! default); bids above the max price or lacking an attribute are rejected, and the tenant takes
//! the cheapest valid bid ([`market`], after akash-network/node x/market). A lease pays its bid
//! price per 6-second block from the deployment's escrow account, settled lazily
//! ([`escrow`], after x/escrow): only when touched (a withdrawal, a deposit, a close) or at the
//! block where it is projected to run dry, when the account is overdrawn and its lease closed.
//! A provider going down closes its leases, and a GPU interruption (at the published per-GPU-day
//! rate, [`depinsim_cloud::interruptions`]) closes the lease it ran; the tenant re-bids for the rest of its run.
//!
//! Rule sets ([`config::Rules`]): the take rate (x/take: 20% by default, 2% on AKT) and the
//! burn-mint equilibrium of AEP-76 (ACT at $1 minted by burning AKT at the price path, settled
//! by burning ACT and minting AKT to the provider, 25 bps spreads).
//!
//! Nodes of role `cloud` form the centralized baseline: the same deployments, first-fit on cloud
//! instances at list prices (AWS on-demand and Capacity Blocks), failing under the same outages.
//! A degraded dependency (a control plane that cannot launch, such as EC2 in us-east-1 on
//! 20 Oct 2025) makes a share of new launches fail while running leases go on; a dependency that
//! goes down kills the running ones.

pub mod catalogue;
pub mod check;
pub mod config;
pub mod escrow;
pub mod market;
pub mod money;
pub mod network;

use config::AkashConfig;
use depinsim_core::StreamRng;
use depinsim_core::catalogue::Metric;
use depinsim_core::metrics::{AVAILABILITY, Headline, Observer};
use depinsim_core::node::{GroupInfo, NodeTable, check_roles};
use depinsim_core::{ConfigError, Ctx, Fault, Growth, Liveness, NodeId, Protocol, SimDuration, SimTime, Work};
use network::{Close, Network, Timer};

/// What one provider's part in a bid or a withdrawal costs, ns: measured from
/// akash-aws-us-east-1-2025 (BENCHMARKS.md, "Run-time estimates").
const NS_PER_PROVIDER_VISIT: f64 = 60.0;

/// Metric: leases running on the Akash market.
pub const LEASES_ACTIVE: &str = "leases_active";
/// Metric: deployments waiting for a lease on the Akash market.
pub const DEPLOYMENTS_WAITING: &str = "deployments_waiting";
/// Metric: leases lost so far (provider failures and GPU interruptions).
pub const LEASES_LOST: &str = "leases_lost";
/// Metric: leases created so far.
pub const LEASES_CREATED: &str = "leases_created";
/// Metric: share of GPU capacity leased over the run so far.
pub const UTILISATION: &str = "utilisation";
/// Metric: AKT price.
pub const AKT_PRICE_USD: &str = "akt_price_usd";
/// Metric: AKT burned so far.
pub const AKT_BURNED: &str = "akt_burned";
/// Metric: AKT minted so far.
pub const AKT_MINTED: &str = "akt_minted";
/// Metric: take fees so far, USD.
pub const TAKE_FEES_USD: &str = "take_fees_usd";
/// Metric: deployments running on the cloud baseline.
pub const CLOUD_LEASES_ACTIVE: &str = "cloud_leases_active";
/// Metric: deployments waiting on the cloud baseline.
pub const CLOUD_WAITING: &str = "cloud_waiting";
/// Metric: cloud launches that failed so far.
pub const CLOUD_LAUNCH_FAILURES: &str = "cloud_launch_failures";
/// Metric: Akash launches that failed so far.
pub const LAUNCH_FAILURES: &str = "launch_failures";

/// Headline: share of the leases ended that ran to completion.
pub const LEASE_SUCCESS_RATE: &str = "lease_success_rate";
/// Headline: share of the deployments ended that were served to the end.
pub const DEPLOYMENT_SUCCESS_RATE: &str = "deployment_success_rate";
/// Headline: mean wait from a deployment's arrival to its first lease, seconds.
pub const QUEUE_TIME_MEAN_S: &str = "queue_time_mean_s";
/// Headline: share of the deployments that got no lease on arrival.
pub const WAIT_PROBABILITY: &str = "wait_probability";
/// Headline: what tenants paid per GPU-hour leased, USD.
pub const USD_PER_GPU_HOUR: &str = "usd_per_gpu_hour";
/// Headline: what tenants paid for their leases, USD.
pub const TENANT_COST_USD: &str = "tenant_cost_usd";
/// Headline: the GPU-hours leased on Akash at cloud on-demand prices, USD per GPU-hour.
pub const AWS_ON_DEMAND_USD_PER_GPU_HOUR: &str = "aws_on_demand_usd_per_gpu_hour";
/// Headline: the GPU-hours leased on Akash at cloud Capacity Block prices, USD per GPU-hour.
pub const AWS_CAPACITY_BLOCK_USD_PER_GPU_HOUR: &str = "aws_capacity_block_usd_per_gpu_hour";
/// Headline: deployments created.
pub const DEPLOYMENTS: &str = "deployments";
/// Headline: leases closed because their provider went down.
pub const LEASES_LOST_PROVIDER_FAILURE: &str = "leases_lost_provider_failure";
/// Headline: leases closed by a GPU interruption.
pub const LEASES_LOST_GPU_INTERRUPTION: &str = "leases_lost_gpu_interruption";
/// Headline: leases closed because their escrow ran dry.
pub const LEASES_CLOSED_INSUFFICIENT_FUNDS: &str = "leases_closed_insufficient_funds";
/// Headline: bids rejected as above the order's max price.
pub const BIDS_REJECTED_MAX_PRICE: &str = "bids_rejected_max_price";
/// Headline: bids rejected for a missing attribute.
pub const BIDS_REJECTED_ATTRIBUTE: &str = "bids_rejected_attribute";
/// Headline: time deployments waited for a new lease after losing one, summed, hours.
pub const REQUEUE_TIME_TOTAL_H: &str = "requeue_time_total_h";
/// Headline: paid out to providers, USD.
pub const PROVIDER_REVENUE_USD: &str = "provider_revenue_usd";
/// Headline: spreads kept by the BME vault, USD.
pub const BME_SPREAD_USD: &str = "bme_spread_usd";
/// Headline: ACT minted.
pub const ACT_MINTED: &str = "act_minted";
/// Headline: ACT burned.
pub const ACT_BURNED: &str = "act_burned";
/// Headline: share of the cloud leases ended that ran to completion.
pub const CLOUD_LEASE_SUCCESS_RATE: &str = "cloud_lease_success_rate";
/// Headline: share of the cloud deployments ended that were served to the end.
pub const CLOUD_DEPLOYMENT_SUCCESS_RATE: &str = "cloud_deployment_success_rate";
/// Headline: mean wait from a deployment's arrival to its first cloud instance, seconds.
pub const CLOUD_QUEUE_TIME_MEAN_S: &str = "cloud_queue_time_mean_s";
/// Headline: share of the cloud deployments that got no instance on arrival.
pub const CLOUD_WAIT_PROBABILITY: &str = "cloud_wait_probability";
/// Headline: share of the cloud's GPU capacity leased over the run.
pub const CLOUD_UTILISATION: &str = "cloud_utilisation";
/// Headline: what the cloud's tenants paid per GPU-hour, USD.
pub const CLOUD_USD_PER_GPU_HOUR: &str = "cloud_usd_per_gpu_hour";
/// Headline: what the cloud's tenants paid at on-demand prices, USD.
pub const CLOUD_ON_DEMAND_COST_USD: &str = "cloud_on_demand_cost_usd";
/// Headline: the cloud's GPU-hours at on-demand prices, USD per GPU-hour.
pub const CLOUD_ON_DEMAND_USD_PER_GPU_HOUR: &str = "cloud_on_demand_usd_per_gpu_hour";
/// Headline: the cloud's GPU-hours at Capacity Block prices, USD per GPU-hour.
pub const CLOUD_CAPACITY_BLOCK_USD_PER_GPU_HOUR: &str = "cloud_capacity_block_usd_per_gpu_hour";
/// Headline: cloud leases created.
pub const CLOUD_LEASES_CREATED: &str = "cloud_leases_created";
/// Headline: cloud leases lost (instance failures and GPU interruptions).
pub const CLOUD_LEASES_LOST: &str = "cloud_leases_lost";
/// Headline: the cloud's GPU-hours at Capacity Block prices, USD.
pub const CLOUD_CAPACITY_BLOCK_COST_USD: &str = "cloud_capacity_block_cost_usd";

/// An Akash network (and its cloud baseline).
pub struct Akash {
    /// The markets.
    pub net: Network,
}

impl Akash {
    /// The Akash market.
    pub fn auction(&self) -> &network::Market {
        &self.net.markets[0]
    }
    /// The cloud baseline.
    pub fn cloud(&self) -> &network::Market {
        &self.net.markets[1]
    }

    fn market_headline(&self, m: usize, prefix: &'static [&'static str; 9], h: &mut Headline) {
        let market = &self.net.markets[m];
        let s = &market.stats;
        let now = self.net.last_seen;
        let ended: u64 = s.leases_closed.iter().sum();
        let div = |a: f64, b: f64| if b > 0.0 { Some(a / b) } else { None };
        let gpu_hours = market.gpu_hours(now);
        // Open leases at the end: what they have used so far, at their price.
        let (mut open_usd, mut open_od, mut open_cb) = (0.0, 0.0, 0.0);
        for p in &market.providers {
            let price = self.net.config.cloud_price(&p.free.gpu_model);
            for &l in &p.leases {
                let lease = &market.leases[l as usize];
                let hours = now.since(lease.start).as_hours_f64() * lease.gpus as f64;
                open_usd += hours * lease.price;
                open_od += hours * price.on_demand;
                open_cb += hours * price.capacity_block;
            }
        }
        let paid = s.tenant_usd + open_usd;
        let capacity_hours = market.total_gpus() as f64 * now.as_secs_f64() / 3600.0;
        h.set(prefix[0], div(s.leases_closed[Close::Completed as usize] as f64, ended as f64));
        h.set(prefix[1], div(s.completed as f64, (s.completed + s.abandoned + s.overdrawn) as f64));
        h.set(prefix[2], div(s.first_wait_ms / 1000.0, s.first_placed as f64));
        h.set(prefix[3], div(s.waited as f64, s.deployments as f64));
        h.set(prefix[4], div(gpu_hours, capacity_hours));
        h.set(prefix[5], div(paid, gpu_hours));
        h.set(prefix[6], Some(paid));
        h.set(prefix[7], div(s.on_demand_usd + open_od, gpu_hours));
        h.set(prefix[8], div(s.capacity_block_usd + open_cb, gpu_hours));
    }
}

const AKASH_HEADLINE: [&str; 9] = [
    LEASE_SUCCESS_RATE,
    DEPLOYMENT_SUCCESS_RATE,
    QUEUE_TIME_MEAN_S,
    WAIT_PROBABILITY,
    UTILISATION,
    USD_PER_GPU_HOUR,
    TENANT_COST_USD,
    AWS_ON_DEMAND_USD_PER_GPU_HOUR,
    AWS_CAPACITY_BLOCK_USD_PER_GPU_HOUR,
];
const CLOUD_HEADLINE: [&str; 9] = [
    CLOUD_LEASE_SUCCESS_RATE,
    CLOUD_DEPLOYMENT_SUCCESS_RATE,
    CLOUD_QUEUE_TIME_MEAN_S,
    CLOUD_WAIT_PROBABILITY,
    CLOUD_UTILISATION,
    CLOUD_USD_PER_GPU_HOUR,
    CLOUD_ON_DEMAND_COST_USD,
    CLOUD_ON_DEMAND_USD_PER_GPU_HOUR,
    CLOUD_CAPACITY_BLOCK_USD_PER_GPU_HOUR,
];

impl Protocol for Akash {
    const NAME: &'static str = "akash";
    const SUMMARY: &'static str = "Akash compute market: reverse auctions, leases paid per block from lazily settled escrow, take rate or BME; AWS-like cloud baseline";
    const ROLES: &'static [&'static str] = &["provider", "cloud"];
    const KEY_METRICS: &'static [&'static str] =
        &[LEASES_ACTIVE, DEPLOYMENTS_WAITING, LEASES_LOST, UTILISATION, CLOUD_LEASES_ACTIVE, CLOUD_WAITING];
    const METRICS: &'static [Metric] = catalogue::METRICS;
    type Config = AkashConfig;
    type Timer = Timer;
    type Msg = ();

    fn check(config: &AkashConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        check_roles(groups, Self::NAME, Self::ROLES)?;
        config.check()?;
        config.check_groups(groups)
    }

    /// Every deployment that arrives takes bids from the providers, and every withdrawal visits
    /// every provider's leases.
    fn work(config: &AkashConfig, groups: &[GroupInfo], _duration: SimDuration) -> Work {
        let arrivals: f64 = config.workloads.iter().map(|w| w.arrivals_per_hour * 24.0).sum();
        let nodes = Work::nodes(groups);
        Work {
            per_day: (arrivals + Work::per_day(config.withdraw_every)) * nodes,
            what: "provider visits",
            ..Work::over_nodes(groups, NS_PER_PROVIDER_VISIT)
        }
    }

    fn new(config: AkashConfig, nodes: &NodeTable, _rng: &mut StreamRng) -> Result<Self, ConfigError> {
        Self::check(&config, &nodes.groups)?;
        Ok(Akash { net: Network::new(config, nodes)? })
    }

    /// Every deployment that arrives is kept to the end of the run (for its lease history), so
    /// memory grows with the arrivals: the sum over workloads of rate x duration.
    fn growth(config: &AkashConfig, _groups: &[GroupInfo], duration: SimDuration) -> Option<Growth> {
        let rates: Vec<f64> = config.workloads.iter().map(|w| w.arrivals_per_hour).collect();
        let bytes = std::mem::size_of::<network::Deployment>();
        Growth::of_arrivals(&rates, duration, "deployments", bytes, |i| format!("workloads.{i}.arrivals_per_hour"))
    }

    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        self.net.start(cx);
    }

    fn on_timer(&mut self, _node: Option<NodeId>, timer: Timer, cx: &mut Ctx<'_, Self>) {
        self.net.on_timer(timer, cx);
    }

    fn on_fault(&mut self, node: NodeId, fault: Fault, cx: &mut Ctx<'_, Self>) {
        self.net.on_fault(node, fault, cx);
    }

    fn observe(&mut self, now: SimTime, _live: &Liveness, obs: &mut Observer) {
        self.net.last_seen = now;
        let a = &self.net.markets[0];
        let (running, waiting) = (a.active(), a.waiting());
        // Availability: the share of the deployments that want to run that are running.
        let wanted = running + waiting;
        obs.record(AVAILABILITY, if wanted == 0 { 1.0 } else { running as f64 / wanted as f64 });
        obs.record(LEASES_ACTIVE, running as f64);
        obs.record(DEPLOYMENTS_WAITING, waiting as f64);
        let closed = &a.stats.leases_closed;
        obs.record(
            LEASES_LOST,
            (closed[Close::ProviderFailure as usize] + closed[Close::GpuInterruption as usize]) as f64,
        );
        obs.record(LEASES_CREATED, a.stats.leases_created as f64);
        obs.record(LAUNCH_FAILURES, a.stats.launch_failures as f64);
        let cap = a.total_gpus() as f64 * now.as_secs_f64() / 3600.0;
        obs.record(UTILISATION, if cap > 0.0 { a.gpu_hours(now) / cap } else { 0.0 });
        obs.record(AKT_PRICE_USD, self.net.akt_price.at(now));
        obs.record(AKT_BURNED, self.net.tokens.akt_burned);
        obs.record(AKT_MINTED, self.net.tokens.akt_minted);
        obs.record(TAKE_FEES_USD, self.net.tokens.fees_usd);
        let c = &self.net.markets[1];
        if !c.providers.is_empty() {
            obs.record(CLOUD_LEASES_ACTIVE, c.active() as f64);
            obs.record(CLOUD_WAITING, c.waiting() as f64);
            obs.record(CLOUD_LAUNCH_FAILURES, c.stats.launch_failures as f64);
        }
    }

    /// Providers are paid in the escrow's denomination under the take-rate rules (AKT or USDC),
    /// in AKT minted at settlement under BME.
    fn token(&self) -> Option<&'static str> {
        Some(match (self.net.config.rules, self.net.config.denom) {
            (config::Rules::Bme, _) => "AKT",
            (_, config::Denom::Akt) => "AKT",
            (_, config::Denom::Usdc) => "USDC",
        })
    }

    fn service_delivered(&self) -> Option<(&'static str, f64)> {
        Some(("GPU-hour", self.net.markets[0].gpu_hours(self.net.last_seen)))
    }

    fn headline(&self, h: &mut Headline) {
        self.market_headline(0, &AKASH_HEADLINE, h);
        let s = &self.net.markets[0].stats;
        h.set(DEPLOYMENTS, Some(s.deployments as f64));
        h.set(LEASES_CREATED, Some(s.leases_created as f64));
        h.set(LEASES_LOST_PROVIDER_FAILURE, Some(s.leases_closed[Close::ProviderFailure as usize] as f64));
        h.set(LEASES_LOST_GPU_INTERRUPTION, Some(s.leases_closed[Close::GpuInterruption as usize] as f64));
        h.set(LEASES_CLOSED_INSUFFICIENT_FUNDS, Some(s.leases_closed[Close::InsufficientFunds as usize] as f64));
        h.set(LAUNCH_FAILURES, Some(s.launch_failures as f64));
        h.set(BIDS_REJECTED_MAX_PRICE, Some(s.rejected_price as f64));
        h.set(BIDS_REJECTED_ATTRIBUTE, Some(s.rejected_attribute as f64));
        h.set(REQUEUE_TIME_TOTAL_H, Some(s.rewait_ms / 3.6e6));
        let t = &self.net.tokens;
        h.set(PROVIDER_REVENUE_USD, Some(t.providers_usd));
        h.set(TAKE_FEES_USD, Some(t.fees_usd));
        h.set(BME_SPREAD_USD, Some(t.spread_usd));
        h.set(AKT_BURNED, Some(t.akt_burned));
        h.set(AKT_MINTED, Some(t.akt_minted));
        h.set(ACT_MINTED, Some(t.act_minted));
        h.set(ACT_BURNED, Some(t.act_burned));
        let c = &self.net.markets[1];
        if !c.providers.is_empty() {
            self.market_headline(1, &CLOUD_HEADLINE, h);
            let s = &c.stats;
            h.set(CLOUD_LEASES_CREATED, Some(s.leases_created as f64));
            h.set(
                CLOUD_LEASES_LOST,
                Some(
                    (s.leases_closed[Close::ProviderFailure as usize]
                        + s.leases_closed[Close::GpuInterruption as usize]) as f64,
                ),
            );
            h.set(CLOUD_LAUNCH_FAILURES, Some(s.launch_failures as f64));
            let od = s.on_demand_usd + open_hours_cost(c, &self.net, true);
            let cb = s.capacity_block_usd + open_hours_cost(c, &self.net, false);
            h.set(CLOUD_CAPACITY_BLOCK_COST_USD, Some(cb));
            let _ = od;
        }
    }
}

/// What the open leases of a market have used so far, at on-demand or Capacity Block prices.
fn open_hours_cost(market: &network::Market, net: &Network, on_demand: bool) -> f64 {
    let now = net.last_seen;
    let mut usd = 0.0;
    for p in &market.providers {
        let price = net.config.cloud_price(&p.free.gpu_model);
        let per = if on_demand { price.on_demand } else { price.capacity_block };
        for &l in &p.leases {
            let lease = &market.leases[l as usize];
            usd += now.since(lease.start).as_hours_f64() * lease.gpus as f64 * per;
        }
    }
    usd
}
