//! Leases ending (completed, lost, overdrawn), their cost at cloud prices, and the queue draining
//! into the capacity they free.

use super::placement::Placement;
use super::{Close, Kind, Network, Timer};
use depinsim_core::{Ctx, SimDuration, SimTime};

impl Network {
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
    pub(super) fn refund(&mut self, m: usize, d: u32, now: SimTime) {
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
}
