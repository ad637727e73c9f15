//! The market state machine: deployments, bids, leases, escrow payments, failures and the queue.
//!
//! Two markets run over the same arrivals: the Akash auction over the `provider` nodes and, when
//! the network has `cloud` nodes, an AWS-like cloud that serves the same deployments at list
//! prices (the centralized baseline). Every arrival creates one deployment in each, so both see
//! exactly the same demand and the same outages.
//!
//! By job: `state` holds what a market is made of (providers, deployments, leases, counters),
//! `setup` builds the markets from the node groups, `placement` turns arrivals into deployments
//! and leases them to the cheapest valid bid, `settlement` moves escrow and tokens (withdrawals,
//! overdrawn accounts, BME mints), and `closing` ends leases and drains the queue. This file keeps
//! the timers and the faults that drive them.

use crate::config::{AkashConfig, Denom, Rules};
use crate::money::PricePath;
use depinsim_core::{Ctx, NodeId, SimTime};

mod closing;
mod placement;
mod settlement;
mod setup;
mod state;

pub use state::{Deployment, Lease, Market, Provider, Stats, Tokens};

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
    pub(super) fn height(&self, t: SimTime) -> u64 {
        t.as_millis() / self.config.block_time.as_millis()
    }

    /// USD per token of the lease denomination at `t`.
    pub(super) fn token_usd(&self, t: SimTime) -> f64 {
        match (self.config.rules, self.config.denom) {
            (Rules::TakeRate, Denom::Akt) => self.akt_price.at(t),
            _ => 1.0,
        }
    }

    /// The take rate of the lease denomination, percent.
    pub(super) fn take_pct(&self) -> u32 {
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
