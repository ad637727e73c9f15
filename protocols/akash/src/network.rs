//! The market state machine: deployments, bids, leases, escrow payments, failures and the queue.
//!
//! Two markets run over the same arrivals: the Akash auction over the `provider` nodes and, when
//! the network has `cloud` nodes, an AWS-like cloud that serves the same deployments at list
//! prices (the centralized baseline). Every arrival creates one deployment in each, so both see
//! exactly the same demand and the same outages.

use crate::config::{AkashConfig, BidStrategy, Denom, Rules, Workload};
use crate::escrow::Account;
use crate::market::{self, Bid, Capacity, Need, Order, Rejection};
use crate::money::{self, Dec, PricePath};
use depinsim_cloud::interruptions as gpu;
use depinsim_core::node::NodeTable;
use depinsim_core::{Ctx, NodeId, SimDuration, SimTime};
use rand::Rng;

/// Which market.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Akash reverse auction with escrow.
    Auction,
    /// AWS-like cloud at list prices.
    Cloud,
}

/// Why a lease ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Close {
    /// The tenant's run ended.
    Completed,
    /// The provider went down (power, network, hardware, an outage).
    ProviderFailure,
    /// A GPU of the lease was interrupted; its running work is lost.
    GpuInterruption,
    /// The escrow account ran dry (upstream: lease closed with reason insufficient funds).
    InsufficientFunds,
}

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
    waiting: usize,
}

impl Market {
    fn new(kind: Kind) -> Self {
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
    fn set_busy(&mut self, now: SimTime, busy: u64) {
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

/// Timers of the market.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// The next deployment of a workload class arrives.
    Arrival(u16),
    /// A lease's run ends.
    LeaseEnd(u8, u32),
    /// A GPU of a lease is interrupted.
    Interrupt(u8, u32),
    /// The account of an auction deployment is projected to run dry; `u32` is its lease.
    Overdraw(u32),
    /// A deployment whose launch failed bids again.
    Retry(u8, u32),
    /// A queued deployment's tenant gives up if still queued with this generation.
    Patience(u8, u32, u32),
    /// Providers withdraw from every lease (one batch).
    Withdraw,
}

/// The whole network: both markets and the token flows.
pub struct Network {
    /// Parameters.
    pub config: AkashConfig,
    /// AKT price.
    pub akt_price: PricePath,
    /// `[auction, cloud]` (the cloud has no providers when the scenario has no cloud nodes).
    pub markets: [Market; 2],
    /// Node -> (market, provider index).
    pub where_is: Vec<Option<(u8, u32)>>,
    /// Token flows.
    pub tokens: Tokens,
    /// Time of the last sample, for end-of-run figures.
    pub last_seen: SimTime,
}

impl Network {
    /// Builds the markets from the nodes: role `provider` joins the auction, `cloud` the cloud.
    pub fn new(config: AkashConfig, nodes: &NodeTable) -> Result<Self, String> {
        config.check()?;
        let akt_price = PricePath::new(config.akt_price.clone(), "akt_price")?;
        for g in config.attributes.keys().chain(config.bids.keys()) {
            if !nodes.groups.iter().any(|x| x.name == *g) {
                let names: Vec<&str> = nodes.groups.iter().map(|x| x.name.as_str()).collect();
                return Err(format!("no node group is named `{g}`; groups: {}", names.join(", ")));
            }
        }
        let mut markets = [Market::new(Kind::Auction), Market::new(Kind::Cloud)];
        let mut where_is = vec![None; nodes.len()];
        for node in nodes.ids() {
            let info = nodes.info(node);
            let group = &nodes.groups[info.group as usize];
            let profile = &group.profile;
            let free = Capacity::of(profile);
            if free.gpus == 0 {
                return Err(format!("group `{}`: profile `{}` has no GPUs (capacity.gpus)", group.name, profile.name));
            }
            let (m, price) = match group.role.as_str() {
                "provider" => {
                    let strategy = config.bids.get(&group.name).unwrap_or(&config.bid);
                    let price = match *strategy {
                        BidStrategy::CostPlus { margin, utilisation } => {
                            market::cost_plus(profile, config.usd_per_kwh, margin, utilisation)
                        }
                        BidStrategy::Fixed { usd_per_gpu_hour } => usd_per_gpu_hour,
                    };
                    (0, price)
                }
                "cloud" => (1, config.cloud_price(&free.gpu_model).on_demand),
                other => return Err(format!("unknown role `{other}`; allowed: provider, cloud")),
            };
            let attributes = config.attributes.get(&group.name).cloned().unwrap_or_default();
            where_is[node.index()] = Some((m as u8, markets[m].providers.len() as u32));
            markets[m].providers.push(Provider {
                node,
                gpus: free.gpus,
                free,
                attributes,
                price,
                launch_loss: 0.0,
                up: true,
                leases: Vec::new(),
            });
        }
        if markets[0].providers.is_empty() {
            return Err("an akash network needs at least one node with role `provider`".into());
        }
        Ok(Network { config, akt_price, markets, where_is, tokens: Tokens::default(), last_seen: SimTime::ZERO })
    }

    fn height(&self, t: SimTime) -> u64 {
        t.as_millis() / self.config.block_time.as_millis()
    }

    /// USD per token of the lease denomination at `t`.
    fn token_usd(&self, t: SimTime) -> f64 {
        match (self.config.rules, self.config.denom) {
            (Rules::TakeRate, Denom::Akt) => self.akt_price.at(t),
            _ => 1.0,
        }
    }

    /// The take rate of the lease denomination, percent.
    fn take_pct(&self) -> u32 {
        match (self.config.rules, self.config.denom) {
            (Rules::TakeRate, Denom::Akt) => self.config.akt_take_rate_pct,
            (Rules::TakeRate, Denom::Usdc) => self.config.take_rate_pct,
            (Rules::Bme, _) => 0,
        }
    }

    /// Schedules the first arrivals and withdrawal.
    pub fn start<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, cx: &mut Ctx<'_, P>) {
        for w in 0..self.config.workloads.len() {
            self.schedule_arrival(w as u16, cx);
        }
        cx.set_timer(self.config.withdraw_every, Timer::Withdraw);
    }

    fn schedule_arrival<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, w: u16, cx: &mut Ctx<'_, P>) {
        let rate = self.config.workloads[w as usize].arrivals_per_hour;
        let gap = gpu::exponential_ms(cx.rng(), 3.6e6 / rate);
        cx.set_timer(SimDuration::from_millis(gap), Timer::Arrival(w));
    }

    /// Handles a timer.
    pub fn on_timer<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, timer: Timer, cx: &mut Ctx<'_, P>) {
        match timer {
            Timer::Arrival(w) => {
                self.arrive(w, cx);
                self.schedule_arrival(w, cx);
            }
            Timer::LeaseEnd(m, l) => self.close_lease(m as usize, l, Close::Completed, cx),
            Timer::Interrupt(m, l) => self.close_lease(m as usize, l, Close::GpuInterruption, cx),
            Timer::Overdraw(l) => self.check_overdraw(l, cx),
            Timer::Retry(m, d) => {
                let dep = &self.markets[m as usize].deployments[d as usize];
                if !dep.done && dep.lease.is_none() && !dep.queued {
                    self.place_or_queue(m as usize, d, cx);
                }
            }
            Timer::Patience(m, d, generation) => {
                let dep = &mut self.markets[m as usize].deployments[d as usize];
                if dep.queued && dep.queue_gen == generation && dep.lease.is_none() && !dep.done {
                    dep.queued = false;
                    dep.done = true;
                    dep.waiting_since = None;
                    self.markets[m as usize].waiting -= 1;
                    self.markets[m as usize].stats.abandoned += 1;
                }
            }
            Timer::Withdraw => {
                self.withdraw_all(cx);
                cx.set_timer(self.config.withdraw_every, Timer::Withdraw);
            }
        }
    }

    fn arrive<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, w: u16, cx: &mut Ctx<'_, P>) {
        let wl: &Workload = &self.config.workloads[w as usize];
        let mean = wl.mean_duration.as_millis() as f64;
        let duration = if wl.exponential { gpu::exponential_ms(cx.rng(), mean) } else { mean as u64 };
        let underfunded = wl.underfunded_share > 0.0 && cx.rng().random::<f64>() < wl.underfunded_share;
        self.submit(w, SimDuration::from_millis(duration), underfunded, cx);
    }

    /// A tenant of workload class `w` creates a deployment wanting to run for `duration` (and
    /// under-funding its escrow if `underfunded`), in each market. Arrivals call this; tests and
    /// embedders can too.
    pub fn submit<P: depinsim_core::Protocol<Timer = Timer>>(
        &mut self,
        w: u16,
        duration: SimDuration,
        underfunded: bool,
        cx: &mut Ctx<'_, P>,
    ) {
        let wl: &Workload = &self.config.workloads[w as usize];
        let order = Order {
            need: Need {
                cpu: wl.cpu,
                memory: wl.memory.map_or(0, |m| m.0),
                storage: wl.storage.map_or(0, |s| s.0),
                gpus: wl.gpus,
                gpu_model: wl.gpu_model.clone(),
            },
            max_usd_per_gpu_hour: wl.max_usd_per_gpu_hour,
            requires: wl.requires.clone(),
        };
        for m in 0..2 {
            if self.markets[m].providers.is_empty() {
                continue;
            }
            let market = &mut self.markets[m];
            let d = market.deployments.len() as u32;
            market.deployments.push(Deployment {
                workload: w,
                order: order.clone(),
                arrived: cx.now(),
                remaining: duration,
                lease: None,
                waiting_since: Some(cx.now()),
                queue_gen: 0,
                queued: false,
                placed: false,
                done: false,
                underfunded,
                excluded: Vec::new(),
                account: None,
            });
            market.stats.deployments += 1;
            market.waiting += 1;
            if !self.place_or_queue(m, d, cx) {
                self.markets[m].stats.waited += 1;
            }
        }
    }

    /// Tries to lease `d` now; queues it when no valid bid came. Returns whether it got a lease.
    fn place_or_queue<P: depinsim_core::Protocol<Timer = Timer>>(
        &mut self,
        m: usize,
        d: u32,
        cx: &mut Ctx<'_, P>,
    ) -> bool {
        match self.try_place(m, d, cx) {
            Placement::Leased => true,
            Placement::LaunchFailed => false,
            Placement::NoBid => {
                let patience =
                    self.config.workloads[self.markets[m].deployments[d as usize].workload as usize].patience;
                let dep = &mut self.markets[m].deployments[d as usize];
                // Back in the queue, the tenant will take any provider again.
                dep.excluded.clear();
                dep.queued = true;
                dep.queue_gen += 1;
                let generation = dep.queue_gen;
                self.markets[m].queue.push(d);
                if let Some(p) = patience {
                    cx.set_timer(p, Timer::Patience(m as u8, d, generation));
                }
                false
            }
        }
    }

    /// The bids `d` gets now: providers that are up, have room and did not fail it, in an order
    /// rotated by the deployment so the `max_bids` cap does not always favour the same ones.
    fn bids(&mut self, m: usize, d: u32) -> Vec<Bid> {
        let market = &mut self.markets[m];
        let dep = &market.deployments[d as usize];
        let n = market.providers.len();
        let mut bids = Vec::new();
        for k in 0..n {
            let i = (d as usize + k) % n;
            let p = &market.providers[i];
            if !p.up || !p.free.fits(&dep.order.need) || dep.excluded.contains(&(i as u32)) {
                continue;
            }
            if market.kind == Kind::Auction {
                match market::check_bid(&dep.order, p.price, &p.attributes) {
                    Ok(()) => {}
                    Err(Rejection::AboveMaxPrice { .. }) => {
                        market.stats.rejected_price += 1;
                        continue;
                    }
                    Err(Rejection::MissingAttribute(_)) => {
                        market.stats.rejected_attribute += 1;
                        continue;
                    }
                }
            }
            bids.push(Bid { provider: i as u32, price: p.price });
            if bids.len() >= self.config.max_bids {
                break;
            }
        }
        bids
    }

    fn try_place<P: depinsim_core::Protocol<Timer = Timer>>(
        &mut self,
        m: usize,
        d: u32,
        cx: &mut Ctx<'_, P>,
    ) -> Placement {
        let bids = self.bids(m, d);
        let Some(bid) = market::select(&bids) else {
            return Placement::NoBid;
        };
        let loss = self.markets[m].providers[bid.provider as usize].launch_loss;
        if loss > 0.0 && cx.rng().random::<f32>() < loss {
            let market = &mut self.markets[m];
            market.stats.launch_failures += 1;
            market.deployments[d as usize].excluded.push(bid.provider);
            cx.set_timer(self.config.relaunch_delay, Timer::Retry(m as u8, d));
            return Placement::LaunchFailed;
        }
        self.open_lease(m, d, bid, cx);
        Placement::Leased
    }

    fn open_lease<P: depinsim_core::Protocol<Timer = Timer>>(
        &mut self,
        m: usize,
        d: u32,
        bid: Bid,
        cx: &mut Ctx<'_, P>,
    ) {
        let now = cx.now();
        let height = self.height(now);
        let blocks_per_hour = 3.6e6 / self.config.block_time.as_millis() as f64;
        let token_usd = self.token_usd(now);
        let (cover, underfunded_cover) = (self.config.deposit_cover, self.config.underfunded_cover);
        let market = &mut self.markets[m];
        let l = market.leases.len() as u32;
        let dep = &mut market.deployments[d as usize];
        let gpus = dep.order.need.gpus;
        if let Some(since) = dep.waiting_since.take() {
            market.waiting -= 1;
            let wait = now.since(since).as_millis() as f64;
            if dep.placed {
                market.stats.rewait_ms += wait;
            } else {
                market.stats.first_wait_ms += wait;
                market.stats.first_placed += 1;
            }
        }
        dep.placed = true;
        dep.queued = false;
        dep.excluded.clear();
        dep.lease = Some(l);
        let remaining = dep.remaining;
        let mut payment = 0;
        let mut deposit_act = 0.0;
        if market.kind == Kind::Auction {
            // Per-block rate in base units of the denomination, fixed at the accepted bid.
            let usd_per_block = bid.price * gpus as f64 / blocks_per_hour;
            let rate = Dec::from_tokens_f64(usd_per_block / token_usd);
            let cover = if dep.underfunded { underfunded_cover } else { cover };
            let blocks = remaining.as_millis() / self.config.block_time.as_millis() + 1;
            let wanted = Dec(((rate.0 as f64) * blocks as f64 * cover) as u128);
            let account = dep.account.get_or_insert_with(|| Account::new(height, Dec::ZERO));
            account.settle(height);
            // Funded tenants top up to cover the rest of the run; the under-funded ones deposit
            // once.
            let first = account.payments.is_empty();
            if account.funds < wanted && (first || !dep.underfunded) {
                let top_up = Dec(wanted.0 - account.funds.0);
                account.deposit(height, top_up);
                deposit_act = top_up.tokens();
            }
            payment = account.open_payment(height, rate).unwrap_or(0);
        }
        let provider = &mut market.providers[bid.provider as usize];
        provider.free.take(&market.deployments[d as usize].order.need);
        provider.leases.push(l);
        let model = provider.free.gpu_model.clone();
        market.leases.push(Lease {
            deployment: d,
            provider: bid.provider,
            start: now,
            price: bid.price,
            gpus,
            payment,
            open: true,
        });
        market.stats.leases_created += 1;
        let busy = market.busy_gpus + gpus as u64;
        market.set_busy(now, busy);
        if deposit_act > 0.0 && self.config.rules == Rules::Bme {
            self.mint_act(deposit_act, now);
        }
        cx.set_timer(remaining, Timer::LeaseEnd(m as u8, l));
        let rate = self.config.interruptions_per_gpu_day(&model);
        if let Some(t) = gpu::next_interruption_ms(cx.rng(), gpus, rate) {
            if t < remaining.as_millis() {
                cx.set_timer(SimDuration::from_millis(t), Timer::Interrupt(m as u8, l));
            }
        }
        if m == 0 {
            self.schedule_overdraw(l, cx);
        }
    }

    /// BME: the tenant burns AKT to mint `act` ACT (x/bme `mintACT`; spread `mint_spread_bps`).
    fn mint_act(&mut self, act: f64, now: SimTime) {
        let price = self.akt_price.at(now);
        let keep = 1.0 - self.config.mint_spread_bps as f64 / 1e4;
        // AKT to burn so that the ACT received after the spread is `act`.
        let akt = act / price / keep;
        self.tokens.akt_burned += akt;
        self.tokens.act_minted += act / keep;
        self.tokens.spread_usd += act / keep - act;
    }

    fn schedule_overdraw<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, l: u32, cx: &mut Ctx<'_, P>) {
        let d = self.markets[0].leases[l as usize].deployment;
        let Some(at) = self.markets[0].deployments[d as usize].account.as_ref().and_then(Account::overdrawn_at) else {
            return;
        };
        let at_ms = at * self.config.block_time.as_millis();
        let delay = at_ms.saturating_sub(cx.now().as_millis());
        cx.set_timer(SimDuration::from_millis(delay), Timer::Overdraw(l));
    }

    fn check_overdraw<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, l: u32, cx: &mut Ctx<'_, P>) {
        if !self.markets[0].leases[l as usize].open {
            return;
        }
        let height = self.height(cx.now());
        let d = self.markets[0].leases[l as usize].deployment;
        let overdrawn = self.markets[0].deployments[d as usize].account.as_mut().is_some_and(|a| a.settle(height));
        if overdrawn {
            self.close_lease(0, l, Close::InsufficientFunds, cx);
        } else {
            self.schedule_overdraw(l, cx);
        }
    }

    /// Withdraws `l`'s payment (closing it if `close`) and pays the provider.
    fn settle_lease<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, l: u32, close: bool, cx: &mut Ctx<'_, P>) {
        let now = cx.now();
        let height = self.height(now);
        let lease = &self.markets[0].leases[l as usize];
        let (d, payment, provider) = (lease.deployment, lease.payment, lease.provider);
        let Some(account) = self.markets[0].deployments[d as usize].account.as_mut() else {
            return;
        };
        let earned = if close { account.close_payment(payment, height) } else { account.withdraw(payment, height) };
        if earned == 0 {
            return;
        }
        let node = self.markets[0].providers[provider as usize].node;
        let tokens = earned as f64 / money::MICRO_PER_TOKEN;
        let usd = match self.config.rules {
            Rules::TakeRate => {
                let (to_provider, fee) = money::take_fee(earned, self.take_pct());
                let price = self.token_usd(now);
                self.tokens.fees += fee as f64 / money::MICRO_PER_TOKEN;
                self.tokens.fees_usd += fee as f64 / money::MICRO_PER_TOKEN * price;
                self.markets[0].stats.tenant_usd += tokens * price;
                to_provider as f64 / money::MICRO_PER_TOKEN * price
            }
            Rules::Bme => {
                // Settlement burns ACT and mints AKT to the provider at the oracle price, minus the
                // settle spread (x/bme `burnACT`).
                let price = self.akt_price.at(now);
                let (akt_micro, spread) = money::burn_mint(earned, 1.0, price, self.config.settle_spread_bps);
                self.tokens.act_burned += tokens;
                self.tokens.akt_minted += (akt_micro + spread) as f64 / money::MICRO_PER_TOKEN;
                self.tokens.spread_usd += spread as f64 / money::MICRO_PER_TOKEN * price;
                self.markets[0].stats.tenant_usd += tokens;
                akt_micro as f64 / money::MICRO_PER_TOKEN * price
            }
        };
        self.tokens.providers_usd += usd;
        cx.pay(node, usd);
    }

    fn withdraw_all<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, cx: &mut Ctx<'_, P>) {
        let mut open: Vec<u32> = self.markets[0].providers.iter().flat_map(|p| p.leases.iter().copied()).collect();
        open.sort_unstable();
        for l in open {
            self.settle_lease(l, false, cx);
            let d = self.markets[0].leases[l as usize].deployment;
            if self.markets[0].deployments[d as usize].account.as_ref().is_some_and(|a| a.overdrawn) {
                self.close_lease(0, l, Close::InsufficientFunds, cx);
            }
        }
    }

    /// Ends lease `l` for `why`; a failed lease's deployment bids again.
    pub fn close_lease<P: depinsim_core::Protocol<Timer = Timer>>(
        &mut self,
        m: usize,
        l: u32,
        why: Close,
        cx: &mut Ctx<'_, P>,
    ) {
        if !self.markets[m].leases[l as usize].open {
            return;
        }
        let now = cx.now();
        if m == 0 {
            self.settle_lease(l, true, cx);
        }
        let price = {
            let lease = &self.markets[m].leases[l as usize];
            let p = &self.markets[m].providers[lease.provider as usize];
            self.config.cloud_price(&p.free.gpu_model)
        };
        let market = &mut self.markets[m];
        let lease = &mut market.leases[l as usize];
        lease.open = false;
        let (d, pi, gpus, start) = (lease.deployment, lease.provider, lease.gpus, lease.start);
        let hours = now.since(start).as_hours_f64() * gpus as f64;
        market.stats.on_demand_usd += hours * price.on_demand;
        market.stats.capacity_block_usd += hours * price.capacity_block;
        if market.kind == Kind::Cloud {
            market.stats.tenant_usd += hours * price.on_demand;
        }
        let provider = &mut market.providers[pi as usize];
        let need = market.deployments[d as usize].order.need.clone();
        provider.free.give(&need);
        provider.leases.retain(|x| *x != l);
        let busy = market.busy_gpus - gpus as u64;
        market.set_busy(now, busy);
        market.stats.leases_closed[why as usize] += 1;
        let dep = &mut market.deployments[d as usize];
        dep.lease = None;
        match why {
            Close::Completed => {
                dep.done = true;
                dep.remaining = SimDuration::ZERO;
                market.stats.completed += 1;
                self.refund(m, d, now);
            }
            Close::InsufficientFunds => {
                // Upstream: the hook closes the deployment and its groups go to insufficient funds.
                dep.done = true;
                market.stats.overdrawn += 1;
                self.refund(m, d, now);
            }
            Close::ProviderFailure | Close::GpuInterruption => {
                dep.remaining = SimDuration::from_millis(dep.remaining.as_millis() - now.since(start).as_millis());
                dep.waiting_since = Some(now);
                market.waiting += 1;
                self.place_or_queue(m, d, cx);
            }
        }
        self.drain(m, cx);
    }

    /// Closes a finished deployment's account; BME refunds stay as ACT with the tenant.
    fn refund(&mut self, m: usize, d: u32, now: SimTime) {
        let height = self.height(now);
        if let Some(a) = self.markets[m].deployments[d as usize].account.as_mut() {
            a.close(height);
        }
    }

    /// Leases queued deployments, in arrival order, while GPUs are free.
    pub fn drain<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, m: usize, cx: &mut Ctx<'_, P>) {
        if self.markets[m].queue.is_empty() {
            return;
        }
        let queue = std::mem::take(&mut self.markets[m].queue);
        let mut kept = Vec::with_capacity(queue.len());
        let mut free: u64 = self.markets[m].providers.iter().filter(|p| p.up).map(|p| p.free.gpus as u64).sum();
        for d in queue {
            let dep = &self.markets[m].deployments[d as usize];
            if !dep.queued || dep.done || dep.lease.is_some() {
                continue;
            }
            let gpus = dep.order.need.gpus as u64;
            if free < gpus {
                kept.push(d);
                continue;
            }
            self.markets[m].deployments[d as usize].queued = false;
            match self.try_place(m, d, cx) {
                Placement::Leased => free -= gpus,
                Placement::LaunchFailed => {}
                Placement::NoBid => {
                    self.markets[m].deployments[d as usize].queued = true;
                    kept.push(d);
                }
            }
        }
        let mut rest = std::mem::take(&mut self.markets[m].queue);
        kept.append(&mut rest);
        self.markets[m].queue = kept;
    }

    /// A node went down, came back or had its launches degraded.
    pub fn on_fault<P: depinsim_core::Protocol<Timer = Timer>>(
        &mut self,
        node: NodeId,
        fault: depinsim_core::Fault,
        cx: &mut Ctx<'_, P>,
    ) {
        use depinsim_core::Fault;
        let Some((m, i)) = self.where_is[node.index()] else { return };
        let (m, i) = (m as usize, i as usize);
        match fault {
            Fault::Down | Fault::Destroyed => {
                self.markets[m].providers[i].up = false;
                let mut leases = self.markets[m].providers[i].leases.clone();
                leases.sort_unstable();
                for l in leases {
                    self.close_lease(m, l, Close::ProviderFailure, cx);
                }
            }
            Fault::Up => {
                self.markets[m].providers[i].up = true;
                self.drain(m, cx);
            }
            Fault::Loss(loss) => {
                self.markets[m].providers[i].launch_loss = loss;
                if loss == 0.0 {
                    self.drain(m, cx);
                }
            }
        }
    }
}

/// How an attempt to lease went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placement {
    Leased,
    LaunchFailed,
    NoBid,
}
