//! What a market is made of: providers, deployments, leases and their counters.

use super::Kind;
use crate::escrow::Account;
use crate::market::{Capacity, Order};
use depinsim_core::{NodeId, SimDuration, SimTime};

/// One provider (or cloud instance).
#[derive(Clone, Debug)]
pub struct Provider {
    /// Its node.
    pub node: NodeId,
    /// Free resources.
    pub free: Capacity,
    /// GPUs in total.
    pub gpus: u32,
    /// Attributes, `key=value`.
    pub attributes: Vec<String>,
    /// Its bid price, USD per GPU-hour (list price for a cloud instance).
    pub price: f64,
    /// Share of new launches that fail (set by a degraded dependency: a control plane that
    /// cannot start workloads while running ones go on).
    pub launch_loss: f32,
    /// Whether it is up.
    pub up: bool,
    /// Its open leases.
    pub leases: Vec<u32>,
}

/// A tenant's deployment in one market.
#[derive(Clone, Debug)]
pub struct Deployment {
    /// Its workload class.
    pub workload: u16,
    /// What it asks for.
    pub order: Order,
    /// When it arrived.
    pub arrived: SimTime,
    /// Run time still wanted.
    pub remaining: SimDuration,
    /// The open lease.
    pub lease: Option<u32>,
    /// Since when it waits for a lease (first placement or after a failure).
    pub waiting_since: Option<SimTime>,
    /// Bumped each time it enters the queue, to match patience timers.
    pub queue_gen: u32,
    /// Whether it is in the queue.
    pub queued: bool,
    /// Whether it ever got a lease.
    pub placed: bool,
    /// Ended: served, abandoned or closed for lack of funds.
    pub done: bool,
    /// Whether the tenant under-funds its escrow.
    pub underfunded: bool,
    /// Providers whose launch failed for it.
    pub excluded: Vec<u32>,
    /// Escrow (auction only), created with the first lease.
    pub account: Option<Account>,
}

/// A lease.
#[derive(Clone, Debug)]
pub struct Lease {
    /// Its deployment.
    pub deployment: u32,
    /// Its provider.
    pub provider: u32,
    /// Started.
    pub start: SimTime,
    /// Price, USD per GPU-hour.
    pub price: f64,
    /// GPUs.
    pub gpus: u32,
    /// Its payment in the deployment's account.
    pub payment: usize,
    /// Whether it runs.
    pub open: bool,
}

/// Counters of one market.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Deployments created.
    pub deployments: u64,
    /// Deployments that found no lease on arrival and waited.
    pub waited: u64,
    /// Sum of the waits until the first lease, ms.
    pub first_wait_ms: f64,
    /// Deployments that got a first lease.
    pub first_placed: u64,
    /// Sum of the waits for a new lease after a failure, ms.
    pub rewait_ms: f64,
    /// Deployments served to the end.
    pub completed: u64,
    /// Deployments whose tenant gave up waiting.
    pub abandoned: u64,
    /// Deployments closed because the escrow ran dry.
    pub overdrawn: u64,
    /// Leases created.
    pub leases_created: u64,
    /// Leases closed, by reason: completed, provider failure, GPU interruption, insufficient funds.
    pub leases_closed: [u64; 4],
    /// Leases that failed to launch.
    pub launch_failures: u64,
    /// Bids rejected as above the max price.
    pub rejected_price: u64,
    /// Bids rejected for a missing attribute.
    pub rejected_attribute: u64,
    /// GPU-milliseconds leased.
    pub gpu_ms: f64,
    /// What tenants paid for the leases, USD (auction: settled tokens at the price of the
    /// day; cloud: on-demand list price).
    pub tenant_usd: f64,
    /// What the same GPU-hours cost at cloud on-demand prices, USD.
    pub on_demand_usd: f64,
    /// ... and at Capacity Block prices, USD.
    pub capacity_block_usd: f64,
}

/// Token flows of the auction, whole tokens (and USD where noted).
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    /// AKT burned (BME: to mint ACT).
    pub akt_burned: f64,
    /// AKT minted (BME: settling ACT to providers).
    pub akt_minted: f64,
    /// ACT minted.
    pub act_minted: f64,
    /// ACT burned.
    pub act_burned: f64,
    /// Take fees, in the lease denomination.
    pub fees: f64,
    /// Take fees, USD at the time taken.
    pub fees_usd: f64,
    /// Spreads kept by the BME vault, USD at the time taken.
    pub spread_usd: f64,
    /// Paid out to providers, USD at the time paid.
    pub providers_usd: f64,
}

/// One market over its providers.
#[derive(Clone, Debug)]
pub struct Market {
    /// Auction or cloud.
    pub kind: Kind,
    /// Providers (or instances).
    pub providers: Vec<Provider>,
    /// Deployments, by arrival.
    pub deployments: Vec<Deployment>,
    /// Leases, by creation.
    pub leases: Vec<Lease>,
    /// Deployments waiting for a lease, in arrival order (entries may be stale: check `queued`).
    pub queue: Vec<u32>,
    /// Counters.
    pub stats: Stats,
    /// GPUs leased now.
    pub busy_gpus: u64,
    /// When `busy_gpus` last changed.
    pub busy_since: SimTime,
    /// Deployments waiting for a lease (kept as they come and go, so a sample is O(1)).
    pub(super) waiting: usize,
}

impl Market {
    pub(super) fn new(kind: Kind) -> Self {
        Market {
            kind,
            providers: Vec::new(),
            deployments: Vec::new(),
            leases: Vec::new(),
            queue: Vec::new(),
            stats: Stats::default(),
            busy_gpus: 0,
            busy_since: SimTime::ZERO,
            waiting: 0,
        }
    }
    pub(super) fn set_busy(&mut self, now: SimTime, busy: u64) {
        self.stats.gpu_ms += self.busy_gpus as f64 * now.since(self.busy_since).as_millis() as f64;
        self.busy_gpus = busy;
        self.busy_since = now;
    }
    /// GPU-hours leased up to `now`.
    pub fn gpu_hours(&self, now: SimTime) -> f64 {
        (self.stats.gpu_ms + self.busy_gpus as f64 * now.since(self.busy_since).as_millis() as f64) / 3.6e6
    }
    /// GPUs across all providers.
    pub fn total_gpus(&self) -> u64 {
        self.providers.iter().map(|p| p.gpus as u64).sum()
    }
    /// Deployments waiting (queued or about to re-bid).
    pub fn waiting(&self) -> usize {
        self.waiting
    }
    /// Open leases.
    pub fn active(&self) -> usize {
        self.providers.iter().map(|p| p.leases.len()).sum()
    }
}
