//! Virtual machines on CRNs: placement by capacity, and moving the VMs of a failed CRN to
//! others. Capacity is counted in compute units (vCPUs and memory) and GPUs; a confidential VM
//! needs a host with AMD SEV, a GPU VM a host with a free GPU of its model.
//!
//! Stand-in, labelled: aleph-vm runs what it is given and a CRN that dies takes its VMs with it;
//! which component moves them (the scheduler for hold-tier instances, the owner for pay-as-you-go
//! and credit ones, who picked the CRN) and how fast is not one upstream rule. The model moves
//! every VM of a CRN down for longer than a detection delay to the first CRN that fits, scanning
//! from a random CRN, and retries those that fit nowhere.

use crate::pricing::{GpuModel, Payment, VmKind};

/// No host.
pub const NONE: u32 = u32::MAX;

/// What a CRN can run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Host {
    /// Compute units free.
    pub cu_free: u32,
    /// GPUs free.
    pub gpus_free: u32,
    /// Its GPU model, if a premium tier.
    pub gpu: Option<GpuModel>,
    /// Whether it supports confidential VMs.
    pub confidential: bool,
    /// Whether it may take VMs (linked to a CCN).
    pub eligible: bool,
}

/// One VM.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Vm {
    /// Its kind.
    pub kind: VmKind,
    /// Its compute units.
    pub cu: u32,
    /// Its GPU model (GPU VMs).
    pub gpu: Option<GpuModel>,
    /// How its owner pays.
    pub payment: Payment,
    /// The CRN it is assigned to, or [`NONE`].
    pub host: u32,
    /// Whether it runs now.
    pub running: bool,
}

/// Hosts and VMs.
#[derive(Clone, Debug, Default)]
pub struct Scheduler {
    /// One per CRN.
    pub hosts: Vec<Host>,
    /// Every VM.
    pub vms: Vec<Vm>,
    /// VMs assigned to each host.
    pub on_host: Vec<Vec<u32>>,
}

impl Scheduler {
    /// Whether `host` can take `vm`.
    pub fn fits(host: &Host, vm: &Vm) -> bool {
        host.eligible
            && host.cu_free >= vm.cu
            && (vm.kind != VmKind::Confidential || host.confidential)
            && (vm.kind != VmKind::Gpu || (host.gpus_free >= 1 && host.gpu == vm.gpu))
    }

    /// Assigns `vm` to the first host that is up and fits, scanning from `start`; returns it.
    pub fn place(&mut self, vm: u32, start: usize, up: impl Fn(u32) -> bool) -> Option<u32> {
        let n = self.hosts.len();
        let v = self.vms[vm as usize];
        let h =
            (0..n).map(|k| ((start + k) % n) as u32).find(|h| up(*h) && Self::fits(&self.hosts[*h as usize], &v))?;
        let host = &mut self.hosts[h as usize];
        host.cu_free -= v.cu;
        if v.kind == VmKind::Gpu {
            host.gpus_free -= 1;
        }
        self.on_host[h as usize].push(vm);
        let v = &mut self.vms[vm as usize];
        v.host = h;
        v.running = true;
        Some(h)
    }

    /// Frees `vm`'s place on its host.
    pub fn release(&mut self, vm: u32) {
        let v = self.vms[vm as usize];
        if v.host == NONE {
            return;
        }
        let host = &mut self.hosts[v.host as usize];
        host.cu_free += v.cu;
        if v.kind == VmKind::Gpu {
            host.gpus_free += 1;
        }
        let list = &mut self.on_host[v.host as usize];
        if let Some(i) = list.iter().position(|x| *x == vm) {
            list.remove(i);
        }
        let v = &mut self.vms[vm as usize];
        v.host = NONE;
        v.running = false;
    }
}
