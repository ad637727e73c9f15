//! # depinsim-aleph
//!
//! Aleph.im / Twentysix cloud as the `aleph` protocol of depinsim: [`Aleph`] (roles `ccn` and
//! `crn`, config [`AlephConfig`]). The questions it answers: when CRNs fail (their hardware, or
//! a datacenter fire), how long are the VMs down and how many cannot be moved for lack of
//! capacity; what operators earn under the legacy staking rules and under the 2026 credit
//! distribution; how much stored content stays reachable when some CCN operators blacklist
//! part of it; and what instances cost against AWS.
//!
//! - [`staking`]: CCN thresholds and status, CRN links (at most 8 per CCN, 5 paid);
//! - [`score`]: scores from measured latency, uptime and version, and the score multiplier;
//! - [`rewards`]: the legacy emission and the 2026 credit distribution, as rule sets;
//! - [`pricing`]: compute units, hold / pay-as-you-go / credit prices, AWS prices;
//! - [`vms`]: VM placement by capacity and rescheduling;
//! - [`content`]: messages and files replicated on every CCN, and blacklisting;
//! - [`config`]: parameters and their assumptions;
//! - [`catalogue`]: what each metric means (its declaration);
//! - [`network`]: the network's state and its handlers' work (set-up, scheduling, scoring,
//!   metrics), driven by the [`Protocol`] implementation here.
//!
//! Events: a daily network timer computes the scores of the day from what the simulation
//! measured (each node's downtime, its group's latency and version) and pays the rewards; a
//! timer per failed CRN moves its VMs; one retry timer while VMs wait for capacity. Costs and
//! revenues accrue continuously between events (rates times time), nothing is polled.
//!
//! Assumptions and stand-ins, labelled:
//! - a node's autonomous system (for the CRN decentralization factor) is its hosting or
//!   internet provider in the scenario;
//! - pay-as-you-go streams go in full to the CRN running the VM, under both rule sets (the
//!   stream's receiver split was not checked upstream);
//! - `credits-2026` distributes what users pay in credits only: the staking emission, the wage
//!   subsidy (aleph-nodestatus wage_subsidy.py) and inactivity cut-offs are not modelled there;
//! - node status comes from fixed stakes (no staker churn during a run);
//! - a VM moved off a destroyed CRN restarts from its image elsewhere (its volumes on that
//!   CRN are not modelled).

pub mod catalogue;
pub mod config;
pub mod content;
pub mod network;
pub mod pricing;
pub mod rewards;
pub mod score;
pub mod staking;
pub mod vms;

pub use config::{AlephConfig, GroupParams, VmGroup};
pub use network::metrics::*;
pub use network::{Aleph, Timer};
pub use rewards::RuleSet;

use depinsim_core::StreamRng;
use depinsim_core::catalogue::Metric;
use depinsim_core::metrics::{AVAILABILITY, Headline, Observer};
use depinsim_core::node::{GroupInfo, NodeTable, check_roles};
use depinsim_core::time::HOUR;
use depinsim_core::{ConfigError, Ctx, Fault, Liveness, NodeId, Protocol, SimTime, Work};
use network::{CCN, CRN, DEV, STAKERS, UNALLOCATED};
use pricing::{GpuModel, VmKind};
use staking::CcnStatus;
use vms::NONE;

/// What scoring one node costs, ns: an assumption of the order of an engine event; the Aleph
/// studies run too briefly to tell it from their set-up (BENCHMARKS.md, "Run-time estimates").
const NS_PER_ALEPH_STEP: f64 = 50.0;

impl Protocol for Aleph {
    const NAME: &'static str = "aleph";
    const SUMMARY: &'static str = "Aleph.im / Twentysix: CCNs and CRNs, scores, legacy and 2026 credit rewards, VMs rescheduled on CRN failure, content blacklisting";
    const ROLES: &'static [&'static str] = &["ccn", "crn"];
    const KEY_METRICS: &'static [&'static str] = &[
        VMS_RUNNING,
        VMS_WAITING,
        VM_DOWNTIME_H,
        RESCHEDULES_FAILED,
        CRN_SCORE_MEAN,
        CONTENT_REACHABLE,
        BLACKLISTED_REACHABLE,
        REWARDS_ALEPH,
    ];
    const METRICS: &'static [Metric] = catalogue::METRICS;
    type Config = AlephConfig;
    type Timer = Timer;
    type Msg = ();

    /// Roles, then each parameter, then whether the VMs could fit on the linked CRNs at all
    /// (the placement itself is random, so a VM may still find no room in `new`).
    fn check(cfg: &AlephConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        check_roles(groups, Self::NAME, Self::ROLES)?;
        cfg.check(groups)?;
        network::check_capacity(cfg, groups)
    }

    /// Every scoring round visits every node.
    fn work(cfg: &AlephConfig, groups: &[GroupInfo], _duration: depinsim_core::SimDuration) -> Work {
        let nodes = Work::nodes(groups);
        Work { per_day: Work::per_day(cfg.score_every) * nodes, ..Work::over_nodes(groups, NS_PER_ALEPH_STEP) }
    }

    fn new(cfg: AlephConfig, nodes: &NodeTable, rng: &mut StreamRng) -> Result<Self, ConfigError> {
        Self::check(&cfg, &nodes.groups)?;
        Self::build(cfg, nodes, rng)
    }

    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        cx.set_timer(self.cfg.score_every, Timer::Score);
    }

    fn on_timer(&mut self, _node: Option<NodeId>, timer: Timer, cx: &mut Ctx<'_, Self>) {
        self.accrue(cx.now());
        match timer {
            Timer::Score => {
                self.score(cx.now());
                let days = self.cfg.score_every.as_hours_f64() / 24.0;
                self.distribute(days, cx);
                cx.set_timer(self.cfg.score_every, Timer::Score);
            }
            Timer::Reschedule { crn, epoch } => {
                if self.crn_epoch[crn as usize] == epoch && !cx.is_up(self.crns[crn as usize]) {
                    self.reschedule(crn, cx);
                }
            }
            Timer::Retry => {
                self.retry_armed = false;
                // Room only shrinks during the round: once a shape (kind, units, GPU) fits
                // nowhere, later VMs of that shape are not tried again until the next round.
                let mut no_room: Vec<(VmKind, u32, Option<GpuModel>)> = Vec::new();
                for vm in std::mem::take(&mut self.pending) {
                    let v = self.sched.vms[vm as usize];
                    let shape = (v.kind, v.cu, v.gpu);
                    if !no_room.contains(&shape) && self.try_place(vm, cx) {
                        self.reschedules += 1;
                    } else {
                        no_room.push(shape);
                        self.pending.push(vm);
                    }
                }
                self.arm_retry(cx);
            }
        }
    }

    fn on_fault(&mut self, node: NodeId, fault: Fault, cx: &mut Ctx<'_, Self>) {
        self.accrue(cx.now());
        let i = node.index();
        match fault {
            Fault::Down | Fault::Destroyed => {
                if self.down_since[i].is_none() {
                    self.down_since[i] = Some(cx.now());
                }
                if self.is_ccn[i] {
                    self.content.ccn_down(self.index[i], fault == Fault::Destroyed);
                } else if let Some(crn) = self.crn_of(node) {
                    let fresh = self.sched.on_host[crn as usize].iter().any(|v| self.sched.vms[*v as usize].running);
                    if fresh || fault == Fault::Down {
                        self.crn_epoch[crn as usize] += 1;
                        for vm in self.sched.on_host[crn as usize].clone() {
                            if self.sched.vms[vm as usize].running {
                                self.stop_vm(vm);
                                self.vms_down += 1;
                            }
                        }
                        let epoch = self.crn_epoch[crn as usize];
                        cx.set_timer(self.cfg.reschedule_after, Timer::Reschedule { crn, epoch });
                    }
                }
            }
            Fault::Up => {
                if let Some(since) = self.down_since[i].take() {
                    self.window_down_ms[i] += cx.now().since(since.max(self.window_start)).as_millis();
                }
                if self.is_ccn[i] {
                    self.content.ccn_up(self.index[i]);
                } else if let Some(crn) = self.crn_of(node) {
                    for vm in self.sched.on_host[crn as usize].clone() {
                        if !self.sched.vms[vm as usize].running {
                            self.start_vm(vm);
                            self.vms_down -= 1;
                        }
                    }
                }
            }
            Fault::Loss(_) => {}
        }
    }

    fn observe(&mut self, now: SimTime, live: &Liveness, obs: &mut Observer) {
        self.accrue(now);
        let window = now.since(self.last_observe).as_millis() as f64 * self.sched.vms.len() as f64;
        let down = self.vm_down_ms - self.observed_down_ms;
        self.last_observe = now;
        self.observed_down_ms = self.vm_down_ms;
        let (reach, flagged) = self.content.reachable(|c| live.is_up(self.ccns[c as usize]));
        let availability = if self.sched.vms.is_empty() {
            reach
        } else if window > 0.0 {
            1.0 - down / window
        } else {
            1.0 - self.vms_down as f64 / self.sched.vms.len() as f64
        };
        obs.record(AVAILABILITY, availability);
        obs.record(VMS_RUNNING, (self.sched.vms.len() as u32 - self.vms_down) as f64);
        obs.record(VMS_WAITING, self.pending.len() as f64);
        obs.record(VM_DOWNTIME_H, self.vm_downtime_hours());
        obs.record(RESCHEDULES, self.reschedules as f64);
        obs.record(RESCHEDULES_FAILED, self.failed as f64);
        obs.record(CCNS_ACTIVE, self.ccn_status.iter().filter(|s| **s == CcnStatus::Active).count() as f64);
        obs.record(CRNS_PAID, self.crns_paid as f64);
        let mean = if self.crns.is_empty() { 0.0 } else { self.crn_score.iter().sum::<f64>() / self.crns.len() as f64 };
        obs.record(CRN_SCORE_MEAN, mean);
        obs.record(CONTENT_REACHABLE, reach);
        obs.record(BLACKLISTED_REACHABLE, flagged);
        obs.record(USER_COST_USD, self.user_cost);
        obs.record(AWS_COST_USD, self.aws_cost);
        obs.record(REWARDS_ALEPH, self.paid[CCN] + self.paid[CRN]);
        obs.record(STAKER_REWARDS_ALEPH, self.paid[STAKERS]);
        self.reach_sum += reach;
        self.flagged_sum += flagged;
        self.reach_min = self.reach_min.min(reach);
        self.flagged_min = self.flagged_min.min(flagged);
        self.samples += 1;
    }

    fn service_level(&self, down: &[bool]) -> f64 {
        if self.sched.vms.is_empty() {
            return self.content.reachable(|c| !down[self.ccns[c as usize].index()]).0;
        }
        let ok = self.sched.vms.iter().filter(|v| v.host != NONE && !down[self.crns[v.host as usize].index()]).count();
        ok as f64 / self.sched.vms.len() as f64
    }

    /// Node rewards are in ALEPH (`aleph_usd` prices them).
    fn token(&self) -> Option<&'static str> {
        Some("ALEPH")
    }

    fn service_delivered(&self) -> Option<(&'static str, f64)> {
        let hours = self.last_accrue.as_millis() as f64 / HOUR as f64 * self.sched.vms.len() as f64;
        (!self.sched.vms.is_empty()).then(|| ("VM-hour", hours - self.vm_downtime_hours()))
    }

    fn headline(&self, h: &mut Headline) {
        h.set(VM_DOWNTIME_H, Some(self.vm_downtime_hours()));
        h.set(RESCHEDULES, Some(self.reschedules as f64));
        h.set(RESCHEDULES_FAILED, Some(self.failed as f64));
        h.set(VMS_WAITING, Some(self.pending.len() as f64));
        h.set(USER_COST_USD, Some(self.user_cost));
        h.set(AWS_COST_USD, Some(self.aws_cost));
        h.set(COST_VS_AWS, (self.aws_cost > 0.0).then(|| self.user_cost / self.aws_cost));
        h.set(CCN_REWARDS_ALEPH, Some(self.paid[CCN]));
        h.set(CRN_REWARDS_ALEPH, Some(self.paid[CRN]));
        h.set(STAKER_REWARDS_ALEPH, Some(self.paid[STAKERS]));
        h.set(DEV_FUND_ALEPH, Some(self.paid[DEV]));
        h.set(UNALLOCATED_ALEPH, Some(self.paid[UNALLOCATED]));
        h.set(CCNS_ACTIVE, Some(self.ccn_status.iter().filter(|s| **s == CcnStatus::Active).count() as f64));
        h.set(CRNS_LINKED, Some(self.links.parent.iter().filter(|p| p.is_some()).count() as f64));
        let n = self.samples.max(1) as f64;
        h.set(CONTENT_REACHABLE_MEAN, Some(self.reach_sum / n));
        h.set(CONTENT_REACHABLE_MIN, Some(self.reach_min));
        h.set(BLACKLISTED_REACHABLE_MEAN, Some(self.flagged_sum / n));
        h.set(BLACKLISTED_REACHABLE_MIN, Some(self.flagged_min));
        h.set(CONTENT_LOST, Some(f64::from(u8::from(self.content.lost()))));
    }
}
