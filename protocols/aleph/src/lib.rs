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
//! - [`config`]: parameters and their assumptions.
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

pub mod config;
pub mod content;
pub mod pricing;
pub mod rewards;
pub mod score;
pub mod staking;
pub mod vms;

pub use config::{AlephConfig, GroupParams, VmGroup};
pub use rewards::RuleSet;

use content::Replication;
use depinsim_core::metrics::{AVAILABILITY, Headline, Observer};
use depinsim_core::node::NodeTable;
use depinsim_core::time::HOUR;
use depinsim_core::{Ctx, Fault, Liveness, NodeId, Protocol, SimTime};
use pricing::{GpuModel, Payment, VmKind};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rewards::{CcnView, CrnView, Payout, credits, legacy};
use score::{Measured, ccn_performance, crn_performance, decentralization, total_score, version_score};
use staking::{CcnStatus, Links};
use vms::{Host, NONE, Scheduler, Vm};

/// Metric: VMs running.
pub const VMS_RUNNING: &str = "vms_running";
/// Metric: VMs that fit on no CRN and wait for capacity.
pub const VMS_WAITING: &str = "vms_waiting_for_capacity";
/// Metric: VM downtime since the start, hours.
pub const VM_DOWNTIME_H: &str = "vm_downtime_hours";
/// Metric: VMs moved to another CRN since the start.
pub const RESCHEDULES: &str = "vm_reschedules";
/// Metric: VMs whose move found no CRN with room (each counted once per failure of its host;
/// they then wait and are retried every `retry_every`).
pub const RESCHEDULES_FAILED: &str = "vm_reschedules_failed";
/// Metric: active CCNs.
pub const CCNS_ACTIVE: &str = "ccns_active";
/// Metric: CRNs paid at the last distribution.
pub const CRNS_PAID: &str = "crns_paid";
/// Metric: mean CRN score at the last scoring.
pub const CRN_SCORE_MEAN: &str = "crn_score_mean";
/// Metric: share of stored content reachable through some CCN.
pub const CONTENT_REACHABLE: &str = "content_reachable";
/// Metric: share of blacklisted content reachable (through CCNs that do not blacklist it).
pub const BLACKLISTED_REACHABLE: &str = "blacklisted_content_reachable";
/// Metric: what users paid for VMs since the start, USD.
pub const USER_COST_USD: &str = "vm_user_cost_usd";
/// Metric: what the same VM-hours would have cost on AWS, USD.
pub const AWS_COST_USD: &str = "vm_aws_cost_usd";
/// Metric: ALEPH paid to CCN and CRN operators since the start.
pub const REWARDS_ALEPH: &str = "operator_rewards_aleph";
/// Metric: ALEPH paid to stakers since the start.
pub const STAKER_REWARDS_ALEPH: &str = "staker_rewards_aleph";
/// Headline: user cost over the AWS cost of the same VM-hours.
pub const COST_VS_AWS: &str = "vm_cost_vs_aws";

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
    cfg: AlephConfig,
    /// CCN nodes, by CCN index.
    pub ccns: Vec<NodeId>,
    /// CRN nodes, by CRN index.
    pub crns: Vec<NodeId>,
    /// Per node: its CCN or CRN index.
    index: Vec<u32>,
    is_ccn: Vec<bool>,
    /// Per node: its group's parameters.
    params: Vec<GroupParams>,
    /// Per CCN: status.
    pub ccn_status: Vec<CcnStatus>,
    ccn_stake: Vec<f64>,
    /// CRN links.
    pub links: Links,
    decentralization: Vec<f64>,
    down_since: Vec<Option<SimTime>>,
    window_down_ms: Vec<u64>,
    window_start: SimTime,
    /// Per CCN: score at the last scoring.
    pub ccn_score: Vec<f64>,
    /// Per CRN: score at the last scoring.
    pub crn_score: Vec<f64>,
    /// VMs and their hosts.
    pub sched: Scheduler,
    crn_epoch: Vec<u32>,
    pending: Vec<u32>,
    retry_armed: bool,
    /// Stored content.
    pub content: Replication,
    last_accrue: SimTime,
    last_observe: SimTime,
    vms_down: u32,
    vm_down_ms: f64,
    observed_down_ms: f64,
    user_rate: f64,
    aws_rate: f64,
    user_cost: f64,
    aws_cost: f64,
    /// Per CRN: ALEPH per hour from credit VMs (execution revenue) and pay-as-you-go streams.
    exec_rate: Vec<f64>,
    payg_rate: Vec<f64>,
    exec_aleph: Vec<f64>,
    payg_aleph: Vec<f64>,
    reschedules: u64,
    failed: u64,
    crns_paid: u32,
    /// ALEPH paid: CCN operators, CRN operators, stakers, development fund, unallocated.
    pub paid: [f64; 5],
    reach_sum: f64,
    flagged_sum: f64,
    reach_min: f64,
    flagged_min: f64,
    samples: u32,
}

const CCN: usize = 0;
const CRN: usize = 1;
const STAKERS: usize = 2;
const DEV: usize = 3;
const UNALLOCATED: usize = 4;

impl Aleph {
    /// The CRN index of `node`, if it is a CRN.
    fn crn_of(&self, node: NodeId) -> Option<u32> {
        (!self.is_ccn[node.index()]).then_some(self.index[node.index()])
    }

    fn vm_rates(&self, vm: &Vm) -> (f64, f64, f64, f64) {
        let c = &self.cfg;
        let user = pricing::usd_per_hour(vm.kind, vm.cu, vm.payment, c.aleph_usd, c.hold_capital_per_year);
        let aws = c.aws.usd_per_hour(vm.kind, vm.cu, vm.gpu);
        let (_, payg, _) = pricing::per_cu(vm.kind);
        let exec = if vm.payment == Payment::Credit && c.aleph_usd > 0.0 { user / c.aleph_usd } else { 0.0 };
        let stream = if vm.payment == Payment::Payg { payg * vm.cu as f64 } else { 0.0 };
        (user, aws, exec, stream)
    }

    /// Adds or removes `vm`'s rates, as it starts (`sign` 1) or stops (-1) running on `host`.
    fn rates(&mut self, vm: u32, host: u32, sign: f64) {
        let (user, aws, exec, stream) = self.vm_rates(&self.sched.vms[vm as usize]);
        self.user_rate += sign * user;
        self.aws_rate += sign * aws;
        self.exec_rate[host as usize] += sign * exec;
        self.payg_rate[host as usize] += sign * stream;
    }

    /// Integrates downtime, costs and revenues up to `now`.
    fn accrue(&mut self, now: SimTime) {
        let ms = now.since(self.last_accrue).as_millis() as f64;
        if ms == 0.0 {
            return;
        }
        self.last_accrue = now;
        let h = ms / HOUR as f64;
        self.vm_down_ms += self.vms_down as f64 * ms;
        self.user_cost += self.user_rate * h;
        self.aws_cost += self.aws_rate * h;
        for i in 0..self.crns.len() {
            self.exec_aleph[i] += self.exec_rate[i] * h;
            self.payg_aleph[i] += self.payg_rate[i] * h;
        }
    }

    fn start_vm(&mut self, vm: u32) {
        let host = self.sched.vms[vm as usize].host;
        self.sched.vms[vm as usize].running = true;
        self.rates(vm, host, 1.0);
    }

    fn stop_vm(&mut self, vm: u32) {
        let host = self.sched.vms[vm as usize].host;
        self.sched.vms[vm as usize].running = false;
        self.rates(vm, host, -1.0);
    }

    /// Tries to place `vm` (not running, no host) on a CRN that is up; returns whether it did.
    fn try_place(&mut self, vm: u32, cx: &mut Ctx<'_, Self>) -> bool {
        if self.crns.is_empty() {
            return false;
        }
        let start = cx.rng().random_range(0..self.crns.len());
        let crns = &self.crns;
        let live = cx.live();
        match self.sched.place(vm, start, |h| live.is_up(crns[h as usize])) {
            Some(_) => {
                self.sched.vms[vm as usize].running = false;
                self.start_vm(vm);
                self.vms_down -= 1;
                true
            }
            None => false,
        }
    }

    fn reschedule(&mut self, crn: u32, cx: &mut Ctx<'_, Self>) {
        for vm in self.sched.on_host[crn as usize].clone() {
            self.sched.release(vm);
            if self.try_place(vm, cx) {
                self.reschedules += 1;
            } else {
                self.failed += 1;
                self.pending.push(vm);
            }
        }
        self.arm_retry(cx);
    }

    fn arm_retry(&mut self, cx: &mut Ctx<'_, Self>) {
        if !self.pending.is_empty() && !self.retry_armed {
            self.retry_armed = true;
            cx.set_timer(self.cfg.retry_every, Timer::Retry);
        }
    }

    /// Share of the window node `i` was down, closing the window at `now`.
    fn down_share(&mut self, i: usize, now: SimTime) -> f64 {
        let window = now.since(self.window_start).as_millis();
        let mut down = std::mem::take(&mut self.window_down_ms[i]);
        if let Some(since) = self.down_since[i] {
            down += now.since(since.max(self.window_start)).as_millis();
        }
        if window == 0 { 0.0 } else { (down as f64 / window as f64).min(1.0) }
    }

    fn measured(&self, node: usize, down_share: f64) -> Measured {
        let p = &self.params[node];
        Measured {
            down_share,
            latency_p25_s: p.latency_p25_s,
            latency_high_s: p.latency_high_s,
            check_overhead_s: p.check_overhead_s,
            version: p.version,
        }
    }

    /// Scores every node over the window ending now.
    fn score(&mut self, now: SimTime) {
        for (i, node) in self.ccns.clone().into_iter().enumerate() {
            let d = self.down_share(node.index(), now);
            let m = self.measured(node.index(), d);
            self.ccn_score[i] = total_score(ccn_performance(&m), version_score(&m));
        }
        for (i, node) in self.crns.clone().into_iter().enumerate() {
            let d = self.down_share(node.index(), now);
            let m = self.measured(node.index(), d);
            self.crn_score[i] = total_score(crn_performance(&m), version_score(&m));
        }
        self.window_start = now;
    }

    fn views(&self) -> (Vec<CcnView>, Vec<CrnView>) {
        let ccns = (0..self.ccns.len())
            .map(|i| CcnView {
                status: self.ccn_status[i],
                score: self.ccn_score[i],
                stake: self.ccn_stake[i],
                crns: self.links.crns[i].clone(),
            })
            .collect();
        let crns = (0..self.crns.len())
            .map(|i| CrnView {
                score: self.crn_score[i],
                decentralization: self.decentralization[i],
                linked: self.links.parent[i].is_some(),
            })
            .collect();
        (ccns, crns)
    }

    /// Pays a day's rewards under the rule set.
    fn distribute(&mut self, days: f64, cx: &mut Ctx<'_, Self>) {
        let (ccns, crns) = self.views();
        let mut payout = match self.cfg.rules {
            RuleSet::Legacy => legacy::distribute(&ccns, &crns, days),
            RuleSet::Credits2026 => {
                let exec = credits::execution(&ccns, &crns, &self.links.parent, &self.exec_aleph);
                let stored_mib = self.cfg.objects as f64 * self.cfg.object_size.0 as f64 / (1 << 20) as f64;
                let storage_usd = stored_mib * content::STORAGE_CREDITS_PER_MIB_HOUR / pricing::CREDITS_PER_USD;
                let storage_aleph =
                    if self.cfg.aleph_usd > 0.0 { storage_usd * 24.0 * days / self.cfg.aleph_usd } else { 0.0 };
                let store = credits::storage(&ccns, crns.len(), storage_aleph);
                merge(exec, store)
            }
        };
        for (i, a) in std::mem::take(&mut self.payg_aleph).into_iter().enumerate() {
            payout.crn[i] += a;
        }
        self.payg_aleph = vec![0.0; self.crns.len()];
        self.exec_aleph.iter_mut().for_each(|a| *a = 0.0);
        self.crns_paid = payout.crn.iter().filter(|a| **a > 0.0).count() as u32;
        let usd = self.cfg.aleph_usd;
        for (i, a) in payout.ccn.iter().enumerate() {
            if *a > 0.0 {
                cx.pay(self.ccns[i], a * usd);
            }
        }
        for (i, a) in payout.crn.iter().enumerate() {
            if *a > 0.0 {
                cx.pay(self.crns[i], a * usd);
            }
        }
        self.paid[CCN] += payout.ccn.iter().sum::<f64>();
        self.paid[CRN] += payout.crn.iter().sum::<f64>();
        self.paid[STAKERS] += payout.stakers;
        self.paid[DEV] += payout.dev;
        self.paid[UNALLOCATED] += payout.unallocated;
    }

    /// VM hours of downtime so far (up to the last event).
    pub fn vm_downtime_hours(&self) -> f64 {
        self.vm_down_ms / HOUR as f64
    }

    /// Moves so far: (succeeded, failed for lack of room).
    pub fn reschedules(&self) -> (u64, u64) {
        (self.reschedules, self.failed)
    }

    /// VMs waiting for capacity.
    pub fn waiting(&self) -> usize {
        self.pending.len()
    }

    /// What users paid and what AWS would have charged, USD.
    pub fn costs(&self) -> (f64, f64) {
        (self.user_cost, self.aws_cost)
    }
}

fn merge(mut a: Payout, b: Payout) -> Payout {
    a.ccn.iter_mut().zip(&b.ccn).for_each(|(x, y)| *x += y);
    a.crn.iter_mut().zip(&b.crn).for_each(|(x, y)| *x += y);
    a.stakers += b.stakers;
    a.dev += b.dev;
    a.unallocated += b.unallocated;
    a
}

/// A CRN's capacity from its hardware profile. Assumption: two vCPUs per core (SMT), as
/// aleph-vm hands out hyper-threads.
fn host_of(nodes: &NodeTable, node: NodeId, params: &GroupParams) -> Host {
    let cap = &nodes.profile(node).capacity;
    let vcpus = cap.cpu_cores.unwrap_or(0) * 2;
    let mem_cu = cap.memory.map_or(0, |m| (m.0 >> 20) / pricing::CU_MEMORY_MIB) as u32;
    let gpu = cap.gpu_model.as_deref().and_then(|m| {
        if m.contains("H100") {
            Some(GpuModel::H100)
        } else if m.contains("A100") {
            Some(GpuModel::A100)
        } else {
            None
        }
    });
    Host {
        cu_free: vcpus.min(mem_cu),
        gpus_free: if gpu.is_some() { cap.gpus.unwrap_or(0) } else { 0 },
        gpu,
        confidential: params.confidential,
        eligible: false,
    }
}

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
    type Config = AlephConfig;
    type Timer = Timer;
    type Msg = ();

    fn new(cfg: AlephConfig, nodes: &NodeTable, rng: &mut ChaCha8Rng) -> Result<Self, depinsim_core::ConfigError> {
        nodes.check_roles(Self::NAME, Self::ROLES)?;
        let names: Vec<(&str, &str)> = nodes.groups.iter().map(|g| (g.name.as_str(), g.role.as_str())).collect();
        cfg.validate(&names)?;
        let group_params: Vec<GroupParams> =
            nodes.groups.iter().map(|g| cfg.groups.get(&g.name).cloned().unwrap_or_default()).collect();
        let params: Vec<GroupParams> = nodes.nodes.iter().map(|n| group_params[n.group as usize].clone()).collect();
        let (mut ccns, mut crns, mut index, mut is_ccn) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for n in nodes.ids() {
            let ccn = nodes.role(n) == "ccn";
            let list = if ccn { &mut ccns } else { &mut crns };
            index.push(list.len() as u32);
            is_ccn.push(ccn);
            list.push(n);
        }
        let ccn_stake: Vec<f64> = ccns
            .iter()
            .map(|n| {
                let p = &params[n.index()];
                staking::total_stake(&vec![p.stake_per_staker; p.stakers as usize])
            })
            .collect();
        let ccn_status: Vec<CcnStatus> = ccns
            .iter()
            .map(|n| {
                let p = &params[n.index()];
                staking::ccn_status(p.owner_balance, &vec![p.stake_per_staker; p.stakers as usize])
            })
            .collect();
        // Link CRNs round robin over the CCNs they may link to, skipping dropped and full ones.
        let mut links = Links::new(ccns.len(), crns.len());
        for (k, crn) in crns.iter().enumerate() {
            let target = params[crn.index()].link_to.as_deref();
            let candidates: Vec<u32> = (0..ccns.len() as u32)
                .filter(|c| target.is_none_or(|t| nodes.groups[nodes.info(ccns[*c as usize]).group as usize].name == t))
                .collect();
            for j in 0..candidates.len() {
                let c = candidates[(k + j) % candidates.len()];
                if links.link(k as u32, c, ccn_status[c as usize]).is_ok() {
                    break;
                }
            }
        }
        // Decentralization: CRNs sharing a provider (the autonomous system) with this one.
        let decentral: Vec<f64> = crns
            .iter()
            .map(|c| {
                let asn = nodes.info(*c).provider;
                let same = crns.iter().filter(|o| nodes.info(**o).provider == asn).count();
                decentralization(same, crns.len())
            })
            .collect();
        let mut sched = Scheduler {
            hosts: crns.iter().map(|c| host_of(nodes, *c, &params[c.index()])).collect(),
            vms: Vec::new(),
            on_host: vec![Vec::new(); crns.len()],
        };
        for (i, h) in sched.hosts.iter_mut().enumerate() {
            h.eligible = links.parent[i].is_some();
        }
        for g in &cfg.vms {
            let cu = g.compute_units();
            for _ in 0..g.count {
                sched.vms.push(Vm { kind: g.kind, cu, gpu: g.gpu, payment: g.payment, host: NONE, running: false });
            }
        }
        let n_ccn = ccns.len();
        let content = Replication::new(n_ccn, &ccn_status, &cfg, rng);
        let mut a = Aleph {
            exec_rate: vec![0.0; crns.len()],
            payg_rate: vec![0.0; crns.len()],
            exec_aleph: vec![0.0; crns.len()],
            payg_aleph: vec![0.0; crns.len()],
            crn_epoch: vec![0; crns.len()],
            crn_score: vec![1.0; crns.len()],
            decentralization: decentral,
            ccn_score: vec![1.0; n_ccn],
            down_since: vec![None; nodes.len()],
            window_down_ms: vec![0; nodes.len()],
            window_start: SimTime::ZERO,
            ccns,
            crns,
            index,
            is_ccn,
            params,
            ccn_status,
            ccn_stake,
            links,
            sched,
            pending: Vec::new(),
            retry_armed: false,
            content,
            last_accrue: SimTime::ZERO,
            last_observe: SimTime::ZERO,
            vms_down: 0,
            vm_down_ms: 0.0,
            observed_down_ms: 0.0,
            user_rate: 0.0,
            aws_rate: 0.0,
            user_cost: 0.0,
            aws_cost: 0.0,
            reschedules: 0,
            failed: 0,
            crns_paid: 0,
            paid: [0.0; 5],
            reach_sum: 0.0,
            flagged_sum: 0.0,
            reach_min: 1.0,
            flagged_min: 1.0,
            samples: 0,
            cfg,
        };
        let n_crn = a.crns.len();
        for vm in 0..a.sched.vms.len() as u32 {
            let start = if n_crn == 0 { 0 } else { rng.random_range(0..n_crn) };
            if n_crn == 0 || a.sched.place(vm, start, |_| true).is_none() {
                let v = a.sched.vms[vm as usize];
                return Err(format!(
                    "VM {vm} ({:?}, {} compute units{}) fits on no linked CRN: the CRNs' capacity (profile cpu_cores, memory, gpus; `confidential` for confidential VMs) is too small for `vms`",
                    v.kind,
                    v.cu,
                    v.gpu.map_or(String::new(), |g| format!(", {g:?}"))
                )
                .into());
            }
            a.sched.vms[vm as usize].running = false;
            a.start_vm(vm);
        }
        Ok(a)
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
        h.set("ccn_rewards_aleph", Some(self.paid[CCN]));
        h.set("crn_rewards_aleph", Some(self.paid[CRN]));
        h.set(STAKER_REWARDS_ALEPH, Some(self.paid[STAKERS]));
        h.set("dev_fund_aleph", Some(self.paid[DEV]));
        h.set("unallocated_aleph", Some(self.paid[UNALLOCATED]));
        h.set(CCNS_ACTIVE, Some(self.ccn_status.iter().filter(|s| **s == CcnStatus::Active).count() as f64));
        h.set("crns_linked", Some(self.links.parent.iter().filter(|p| p.is_some()).count() as f64));
        let n = self.samples.max(1) as f64;
        h.set("content_reachable_mean", Some(self.reach_sum / n));
        h.set("content_reachable_min", Some(self.reach_min));
        h.set("blacklisted_content_reachable_mean", Some(self.flagged_sum / n));
        h.set("blacklisted_content_reachable_min", Some(self.flagged_min));
        h.set("content_lost", Some(f64::from(u8::from(self.content.lost()))));
    }
}
