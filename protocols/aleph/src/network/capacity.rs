//! Whether the VMs can be placed, decided from the configuration and the node groups before
//! any node is placed.
//!
//! Everything placement depends on but chance is known from the groups: the nodes of a group
//! are consecutive in group order (as the scenario lays them out), so the CCNs' status, the
//! round-robin links and each CRN's capacity (from its group's hardware profile) come out the
//! same here as in [`Aleph::build`](super::Aleph). What is not known is the placement itself:
//! each VM goes to the first linked CRN with room, scanning from a random one, so the same VMs
//! may pack well or leave room in pieces too small for a later VM. The checks here are the
//! conditions every placement needs, which a configuration failing them can never meet:
//! - each VM group fits on some linked CRN (compute units, confidential support, a GPU of its
//!   model);
//! - the VMs' compute units in all fit in the linked CRNs' compute units, the confidential ones
//!   in the linked confidential CRNs', and each GPU model's VMs in the GPUs (and compute units)
//!   of the linked CRNs with that model.
//!
//! A configuration that passes may still fail to place a VM (first fit from random CRNs leaving
//! no piece large enough); `build` then reports the VM group with a located error.

use super::setup::host_of;
use crate::config::{AlephConfig, GroupParams, VmGroup};
use crate::pricing::{GpuModel, VmKind};
use crate::staking::{self, CcnStatus, Links};
use crate::vms::{Host, NONE, Scheduler, Vm};
use depinsim_core::ConfigError;
use depinsim_core::node::GroupInfo;

/// A CRN group as placement sees it.
struct CrnGroup<'a> {
    name: &'a str,
    /// The capacity of each of its CRNs.
    host: Host,
    /// How many CRNs it has.
    count: u32,
    /// How many of them are linked to a CCN (the others take no VM).
    linked: u64,
}

/// Checks that the VMs of `cfg` could be placed on the linked CRNs of `groups` (see the module
/// documentation for what can and cannot be decided before placement).
pub(crate) fn check(cfg: &AlephConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
    if cfg.vms.iter().all(|g| g.count == 0) {
        return Ok(());
    }
    let crns = linked_crn_groups(cfg, groups);
    let linked: Vec<&CrnGroup> = crns.iter().filter(|g| g.linked > 0).collect();
    let help = describe(&crns);
    for (i, g) in cfg.vms.iter().enumerate().filter(|(_, g)| g.count > 0) {
        let vm = Vm { kind: g.kind, cu: g.compute_units(), gpu: g.gpu, payment: g.payment, host: NONE, running: false };
        if !linked.iter().any(|c| Scheduler::fits(&c.host, &vm)) {
            let at = format!("vms.{i}");
            return Err(ConfigError::param(&at, format!("`{at}` ({}) fits on no linked CRN", shape(g))).help(help));
        }
    }
    // Running totals in VM group order, so that the error names the group that tips them over.
    let cap = |keep: &dyn Fn(&Host) -> bool, of: &dyn Fn(&Host) -> u64| -> u64 {
        linked.iter().filter(|c| keep(&c.host)).map(|c| c.linked * of(&c.host)).sum()
    };
    let all_cu = cap(&|_| true, &|h| h.cu_free as u64);
    let confidential_cu = cap(&|h| h.confidential, &|h| h.cu_free as u64);
    let (mut cu, mut confidential, mut gpu_vms, mut gpu_cu) = (0u64, 0u64, [0u64; 2], [0u64; 2]);
    for (i, g) in cfg.vms.iter().enumerate() {
        let at = format!("vms.{i}.count");
        let total = g.count as u64 * g.compute_units() as u64;
        let over = |what: &str, need: u64, limit: String| {
            let message = format!("`{at}` is {}, which brings {what} to {need}, more than {limit}", g.count);
            ConfigError::param(&at, message).help(help.clone())
        };
        cu += total;
        if cu > all_cu {
            return Err(over("the VMs' compute units", cu, format!("the {all_cu} of the linked CRNs")));
        }
        if g.kind == VmKind::Confidential {
            confidential += total;
            if confidential > confidential_cu {
                let limit = format!("the {confidential_cu} of the linked confidential CRNs");
                return Err(over("the confidential VMs' compute units", confidential, limit));
            }
        }
        if let (VmKind::Gpu, Some(model)) = (g.kind, g.gpu) {
            let (m, name) = (model as usize, model.name());
            let with_model = |h: &Host| h.gpu == Some(model) && h.gpus_free > 0;
            gpu_vms[m] += g.count as u64;
            let gpus = cap(&with_model, &|h| h.gpus_free as u64);
            if gpu_vms[m] > gpus {
                let limit = format!("the {gpus} {name} GPUs of the linked CRNs");
                return Err(over(&format!("the {name} VMs"), gpu_vms[m], limit));
            }
            gpu_cu[m] += total;
            let units = cap(&with_model, &|h| h.cu_free as u64);
            if gpu_cu[m] > units {
                let limit = format!("the {units} of the linked CRNs with {name} GPUs");
                return Err(over(&format!("the {name} VMs' compute units"), gpu_cu[m], limit));
            }
        }
    }
    Ok(())
}

/// The CRN groups with their capacity and how many of their CRNs get linked, linking exactly
/// as [`Aleph::build`](super::Aleph) does over nodes laid out group after group.
fn linked_crn_groups<'a>(cfg: &AlephConfig, groups: &'a [GroupInfo]) -> Vec<CrnGroup<'a>> {
    let params = |g: &GroupInfo| cfg.groups.get(&g.name).cloned().unwrap_or_default();
    let (mut ccn_group, mut ccn_status) = (Vec::new(), Vec::new());
    let mut crn_target = Vec::new();
    let mut crn_groups = Vec::new();
    for g in groups {
        let p: GroupParams = params(g);
        if g.role == "ccn" {
            let status: CcnStatus = staking::ccn_status(p.owner_balance, &vec![p.stake_per_staker; p.stakers as usize]);
            ccn_group.extend(std::iter::repeat_n(g.name.as_str(), g.count as usize));
            ccn_status.extend(std::iter::repeat_n(status, g.count as usize));
        } else {
            let target = cfg.groups.get(&g.name).and_then(|p| p.link_to.as_deref());
            crn_target.extend(std::iter::repeat_n(target, g.count as usize));
            crn_groups.push((g, host_of(&g.profile, &p)));
        }
    }
    let links = Links::round_robin(&ccn_group, &ccn_status, &crn_target);
    let mut first = 0;
    crn_groups
        .into_iter()
        .map(|(g, host)| {
            let crns = first..first + g.count as usize;
            first = crns.end;
            let linked = links.parent[crns].iter().filter(|p| p.is_some()).count() as u64;
            CrnGroup { name: &g.name, host: Host { eligible: true, ..host }, count: g.count, linked }
        })
        .collect()
}

/// What a VM group asks of each of its VMs, as a scenario writes it.
fn shape(g: &VmGroup) -> String {
    let gpu = g.gpu.map_or(String::new(), |m: GpuModel| format!(", with one {} GPU", m.name()));
    format!("{} {} VMs of {} compute units each{gpu}", g.count, g.kind.name(), g.compute_units())
}

/// The CRN groups' capacity, and where it comes from, for the help of an error.
fn describe(crns: &[CrnGroup]) -> String {
    let groups: Vec<String> = crns
        .iter()
        .map(|c| {
            let h = &c.host;
            let gpus = h
                .gpu
                .filter(|_| h.gpus_free > 0)
                .map_or(String::new(), |m| format!(", {} {} GPUs", h.gpus_free, m.name()));
            let conf = if h.confidential { ", confidential" } else { "" };
            format!("`{}`: {} of {} linked, each {} compute units{gpus}{conf}", c.name, c.linked, c.count, h.cu_free)
        })
        .collect();
    let groups = if groups.is_empty() { "none".to_string() } else { groups.join("; ") };
    format!(
        "CRN groups: {groups}. A CRN has min(2 x cpu_cores, memory / 2 GiB) compute units of its profile; \
         confidential VMs need `groups.<crn group>.confidential = true`, GPU VMs a profile with `gpus` of \
         their model; a CRN links to a CCN that is not dropped and has fewer than {} CRNs",
        staking::MAX_LINKED
    )
}
