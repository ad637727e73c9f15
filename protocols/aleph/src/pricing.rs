//! What instances cost, per compute unit, as pyaleph prices them (src/aleph/toolkit/constants.py
//! `DEFAULT_PRICE_AGGREGATE`, src/aleph/services/cost.py `_get_nb_compute_units`; commit b09db70,
//! July 2026), and what the same capacity costs on AWS.

use depinsim_core::config::{ConfigError, at_least};
use serde::Deserialize;

/// vCPUs in one compute unit (`compute_unit.vcpus`).
pub const CU_VCPUS: u32 = 1;
/// Memory in one compute unit of a regular or confidential instance, MiB (`memory_mib` 2048).
pub const CU_MEMORY_MIB: u64 = 2048;
/// Disk in one compute unit of an instance, MiB (`disk_mib` 20480).
pub const CU_DISK_MIB: u64 = 20_480;
/// Memory in one compute unit of a GPU instance, MiB (`INSTANCE_GPU_PREMIUM.compute_unit`).
pub const GPU_CU_MEMORY_MIB: u64 = 6144;
/// Credits per USD since 2 Feb 2026 (`CREDIT_PRECISION_CUTOFF_TIMESTAMP`: "1 USD = 1,000,000
/// credits").
pub const CREDITS_PER_USD: f64 = 1_000_000.0;

/// What kind of virtual machine.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum VmKind {
    /// A regular instance (`INSTANCE`).
    Regular,
    /// A confidential instance on an AMD SEV host (`INSTANCE_CONFIDENTIAL`).
    Confidential,
    /// A GPU instance for AI inference (`INSTANCE_GPU_PREMIUM`).
    Gpu,
}

impl VmKind {
    /// Its name in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            VmKind::Regular => "regular",
            VmKind::Confidential => "confidential",
            VmKind::Gpu => "gpu",
        }
    }
}

/// How the owner pays.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Payment {
    /// Holds ALEPH for as long as the instance runs (deprecated for new instances from
    /// 2026-03-11, `HOLD_AND_STREAM_CUTOFF_TIMESTAMP`).
    Hold,
    /// Streams ALEPH per hour (same cutoff).
    Payg,
    /// Pays credits per hour (USD-denominated).
    Credit,
}

/// The premium GPU tiers (`INSTANCE_GPU_PREMIUM.tiers`).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum GpuModel {
    /// A100 80 GB: 16 compute units.
    A100,
    /// H100 80 GB: 24 compute units.
    H100,
}

impl GpuModel {
    /// Its name in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            GpuModel::A100 => "a100",
            GpuModel::H100 => "h100",
        }
    }

    /// Compute units of the tier.
    pub fn compute_units(self) -> u32 {
        match self {
            GpuModel::A100 => 16,
            GpuModel::H100 => 24,
        }
    }
}

/// Compute units of an instance: max(vCPUs, ceil(memory / CU memory)) (`_get_nb_compute_units`).
pub fn compute_units(vcpus: u32, memory_mib: u64, kind: VmKind) -> u32 {
    let per = if kind == VmKind::Gpu { GPU_CU_MEMORY_MIB } else { CU_MEMORY_MIB };
    vcpus.max(memory_mib.div_ceil(per) as u32)
}

/// Per compute unit: ALEPH held, ALEPH per hour (pay as you go), credits per hour.
pub fn per_cu(kind: VmKind) -> (f64, f64, f64) {
    match kind {
        VmKind::Regular => (1_000.0, 0.055, 14_250.0),
        VmKind::Confidential => (2_000.0, 0.11, 28_500.0),
        VmKind::Gpu => (560.0, 0.56, 86_250.0),
    }
}

/// ALEPH an instance of `cu` compute units requires holding.
pub fn hold_aleph(kind: VmKind, cu: u32) -> f64 {
    per_cu(kind).0 * cu as f64
}

/// What one hour of an instance costs its owner, USD: credits at their USD value; pay as you
/// go at the ALEPH price; hold as the cost of capital of the ALEPH held (`capital_per_year`,
/// an assumption of the study, since holding spends nothing).
pub fn usd_per_hour(kind: VmKind, cu: u32, payment: Payment, aleph_usd: f64, capital_per_year: f64) -> f64 {
    let (hold, payg, credit) = per_cu(kind);
    let cu = cu as f64;
    match payment {
        Payment::Credit => credit * cu / CREDITS_PER_USD,
        Payment::Payg => payg * cu * aleph_usd,
        Payment::Hold => hold * cu * aleph_usd * capital_per_year / (365.0 * 24.0),
    }
}

/// AWS on-demand prices for the same capacity, USD per hour.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AwsPrices {
    /// Per vCPU of a general-purpose instance: m6i.xlarge $0.192/h for 4 vCPU = $0.048
    /// (hardware-profiles/cloud-vm.toml). It carries 4 GiB per vCPU, twice a CU's memory, so the
    /// comparison flatters AWS slightly less than a t-class burstable would.
    pub per_vcpu: f64,
    /// Per vCPU of a confidential instance. Assumption: the general-purpose price (AWS charges
    /// nothing extra for Nitro Enclaves / AMD SEV-SNP on supported types).
    pub per_vcpu_confidential: f64,
    /// Per A100 GPU: p4d.24xlarge $32.77/h / 8 = $4.10 before the June 2025 cut
    /// (docs/reference/hardware.md).
    pub per_a100: f64,
    /// Per H100 GPU: p5.48xlarge $98.32/h / 8 = $12.29 at launch, ~$6.88 after the June 2025 cut
    /// of up to 45% (hardware.md, derived, unverified).
    pub per_h100: f64,
}

impl Default for AwsPrices {
    fn default() -> Self {
        AwsPrices { per_vcpu: 0.048, per_vcpu_confidential: 0.048, per_a100: 4.10, per_h100: 6.88 }
    }
}

impl AwsPrices {
    /// Checks that every price is a finite number >= 0; `at` is the table's path (`aws`).
    pub fn check(&self, at: &str) -> Result<(), ConfigError> {
        for (key, v) in [
            ("per_vcpu", self.per_vcpu),
            ("per_vcpu_confidential", self.per_vcpu_confidential),
            ("per_a100", self.per_a100),
            ("per_h100", self.per_h100),
        ] {
            at_least(&format!("{at}.{key}"), v, 0.0)?;
        }
        Ok(())
    }

    /// The AWS price of an instance of `cu` compute units (one GPU for a GPU instance).
    pub fn usd_per_hour(&self, kind: VmKind, cu: u32, gpu: Option<GpuModel>) -> f64 {
        match (kind, gpu) {
            (VmKind::Gpu, Some(GpuModel::A100)) => self.per_a100,
            (VmKind::Gpu, Some(GpuModel::H100)) => self.per_h100,
            (VmKind::Confidential, _) => self.per_vcpu_confidential * (cu * CU_VCPUS) as f64,
            _ => self.per_vcpu * (cu * CU_VCPUS) as f64,
        }
    }
}
