//! Building an Aleph.im network from the scenario: each CCN's stake and status, CRNs linked
//! round robin to the CCNs they may link to, each CRN's capacity from its hardware profile, the
//! content replicated on the CCNs, and every VM placed on a linked CRN with room.

use super::Aleph;
use crate::config::{AlephConfig, GroupParams};
use crate::content::Replication;
use crate::pricing::{self, GpuModel};
use crate::score::decentralization;
use crate::staking::{self, CcnStatus, Links};
use crate::vms::{Host, NONE, Scheduler, Vm};
use depinsim_core::StreamRng;
use depinsim_core::node::NodeTable;
use depinsim_core::profile::HardwareProfile;
use depinsim_core::{ConfigError, SimTime};
use rand::Rng;

impl Aleph {
    /// Builds the network over `nodes`: CCN stakes and status, CRN links, hosts, content
    /// replication, and the first placement of every VM.
    pub(crate) fn build(cfg: AlephConfig, nodes: &NodeTable, rng: &mut StreamRng) -> Result<Self, ConfigError> {
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
        let ccn_group: Vec<&str> =
            ccns.iter().map(|c| nodes.groups[nodes.info(*c).group as usize].name.as_str()).collect();
        let crn_target: Vec<Option<&str>> = crns.iter().map(|c| params[c.index()].link_to.as_deref()).collect();
        let links = Links::round_robin(&ccn_group, &ccn_status, &crn_target);
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
            hosts: crns.iter().map(|c| host_of(nodes.profile(*c), &params[c.index()])).collect(),
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
                return Err(no_room(&a.cfg, vm));
            }
            a.sched.vms[vm as usize].running = false;
            a.start_vm(vm);
        }
        Ok(a)
    }
}

/// VM `vm` found no linked CRN with room at the first placement, although the CRNs could hold
/// every VM by the counts `check` makes (network::capacity): first fit from random CRNs left
/// room only in pieces too small for it. Which VMs that happens to depends on the draws, so it
/// is known only here; the error names the VM's group.
fn no_room(cfg: &AlephConfig, vm: u32) -> ConfigError {
    let mut first = 0u64;
    let (i, g) = cfg
        .vms
        .iter()
        .enumerate()
        .find(|(_, g)| {
            first += g.count as u64;
            (vm as u64) < first
        })
        .expect("every VM comes from a group");
    let at = format!("vms.{i}");
    let gpu = g.gpu.map_or(String::new(), |m| format!(", one {} GPU", m.name()));
    ConfigError::param(
        &at,
        format!(
            "`{at}`: VM {vm} ({} VM of {} compute units{gpu}) found no linked CRN with room when the VMs were first placed",
            g.kind.name(),
            g.compute_units()
        ),
    )
    .help(
        "the linked CRNs have the capacity for all the VMs in total, but placing each VM on the first CRN with \
         room from a random one left no piece large enough; leave spare capacity (fewer or smaller `vms`, or \
         more or larger CRNs)",
    )
}

/// A CRN's capacity from its hardware profile. Assumption: two vCPUs per core (SMT), as
/// aleph-vm hands out hyper-threads.
pub(crate) fn host_of(profile: &HardwareProfile, params: &GroupParams) -> Host {
    let cap = &profile.capacity;
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
