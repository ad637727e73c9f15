//! From an arrival to a lease: the deployment in each market, the bids it gets, the one it takes,
//! and the escrow deposit and payment that the lease opens (or the queue, when no bid is valid).

use super::{Deployment, Kind, Lease, Network, Timer};
use crate::config::{Rules, Workload};
use crate::escrow::Account;
use crate::market::{self, Bid, Order, Rejection};
use crate::money::Dec;
use depinsim_cloud::interruptions as gpu;
use depinsim_core::{Ctx, SimDuration};
use rand::Rng;

impl Network {
    pub(super) fn schedule_arrival<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, w: u16, cx: &mut Ctx<'_, P>) {
        let rate = self.config.workloads[w as usize].arrivals_per_hour;
        let gap = gpu::exponential_ms(cx.rng(), 3.6e6 / rate);
        cx.set_timer(SimDuration::from_millis(gap), Timer::Arrival(w));
    }

    pub(super) fn arrive<P: depinsim_core::Protocol<Timer = Timer>>(&mut self, w: u16, cx: &mut Ctx<'_, P>) {
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
        let order =
            Order { need: wl.need(), max_usd_per_gpu_hour: wl.max_usd_per_gpu_hour, requires: wl.requires.clone() };
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
    pub(super) fn place_or_queue<P: depinsim_core::Protocol<Timer = Timer>>(
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
    pub(super) fn bids(&mut self, m: usize, d: u32) -> Vec<Bid> {
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

    pub(super) fn try_place<P: depinsim_core::Protocol<Timer = Timer>>(
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

    pub(super) fn open_lease<P: depinsim_core::Protocol<Timer = Timer>>(
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
}

/// How an attempt to lease went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Placement {
    Leased,
    LaunchFailed,
    NoBid,
}
