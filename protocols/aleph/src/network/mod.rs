//! The state of an Aleph.im network and its handlers' work, by job; the
//! [`depinsim_core::Protocol`] implementation in the crate root drives them:
//! - `capacity`: whether the VMs can be placed, checked before any node is;
//! - `setup`: building the network from the scenario (stakes, links, hosts, first placement);
//! - `scheduling`: VMs started, stopped and moved, and the costs and revenues they accrue;
//! - `scoring`: the day's scores and the rewards paid on them;
//! - [`metrics`]: the metric names and the figures read from outside.

mod capacity;
pub mod metrics;
mod scheduling;
mod scoring;
mod setup;

pub(crate) use capacity::check as check_capacity;

use crate::config::{AlephConfig, GroupParams};
use crate::content::Replication;
use crate::staking::{CcnStatus, Links};
use crate::vms::Scheduler;
use depinsim_core::{NodeId, SimTime};

/// Timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Score the day and pay.
    Score,
    /// CRN `crn` went down at its down count `epoch`; move its VMs if it still is.
    Reschedule {
        /// CRN index.
        crn: u32,
        /// Its down count then.
        epoch: u32,
    },
    /// Try again to place the VMs waiting for capacity.
    Retry,
}

/// An Aleph.im network.
pub struct Aleph {
    pub(crate) cfg: AlephConfig,
    /// CCN nodes, by CCN index.
    pub ccns: Vec<NodeId>,
    /// CRN nodes, by CRN index.
    pub crns: Vec<NodeId>,
    /// Per node: its CCN or CRN index.
    pub(crate) index: Vec<u32>,
    pub(crate) is_ccn: Vec<bool>,
    /// Per node: its group's parameters.
    pub(crate) params: Vec<GroupParams>,
    /// Per CCN: status.
    pub ccn_status: Vec<CcnStatus>,
    pub(crate) ccn_stake: Vec<f64>,
    /// CRN links.
    pub links: Links,
    pub(crate) decentralization: Vec<f64>,
    pub(crate) down_since: Vec<Option<SimTime>>,
    pub(crate) window_down_ms: Vec<u64>,
    pub(crate) window_start: SimTime,
    /// Per CCN: score at the last scoring.
    pub ccn_score: Vec<f64>,
    /// Per CRN: score at the last scoring.
    pub crn_score: Vec<f64>,
    /// VMs and their hosts.
    pub sched: Scheduler,
    pub(crate) crn_epoch: Vec<u32>,
    pub(crate) pending: Vec<u32>,
    pub(crate) retry_armed: bool,
    /// Stored content.
    pub content: Replication,
    pub(crate) last_accrue: SimTime,
    pub(crate) last_observe: SimTime,
    pub(crate) vms_down: u32,
    pub(crate) vm_down_ms: f64,
    pub(crate) observed_down_ms: f64,
    pub(crate) user_rate: f64,
    pub(crate) aws_rate: f64,
    pub(crate) user_cost: f64,
    pub(crate) aws_cost: f64,
    /// Per CRN: ALEPH per hour from credit VMs (execution revenue) and pay-as-you-go streams.
    pub(crate) exec_rate: Vec<f64>,
    pub(crate) payg_rate: Vec<f64>,
    pub(crate) exec_aleph: Vec<f64>,
    pub(crate) payg_aleph: Vec<f64>,
    pub(crate) reschedules: u64,
    pub(crate) failed: u64,
    pub(crate) crns_paid: u32,
    /// ALEPH paid: CCN operators, CRN operators, stakers, development fund, unallocated.
    pub paid: [f64; 5],
    pub(crate) reach_sum: f64,
    pub(crate) flagged_sum: f64,
    pub(crate) reach_min: f64,
    pub(crate) flagged_min: f64,
    pub(crate) samples: u32,
}

pub(crate) const CCN: usize = 0;
pub(crate) const CRN: usize = 1;
pub(crate) const STAKERS: usize = 2;
pub(crate) const DEV: usize = 3;
pub(crate) const UNALLOCATED: usize = 4;

impl Aleph {
    /// The CRN index of `node`, if it is a CRN.
    pub(crate) fn crn_of(&self, node: NodeId) -> Option<u32> {
        (!self.is_ccn[node.index()]).then_some(self.index[node.index()])
    }
}
