//! The `[networks.params]` of an `aleph` network. Protocol constants live in the other modules
//! with their sources; what is here describes the operators, the workloads and the market,
//! with the assumptions behind each default.

use crate::pricing::{AwsPrices, GpuModel, Payment, VmKind, compute_units};
use crate::rewards::RuleSet;
use crate::score::Version;
use depinsim_core::SimDuration;
use depinsim_core::config::{ConfigError, at_least, share};
use depinsim_core::node::GroupInfo;
use depinsim_core::units::ByteSize;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Per node group: stake and what the scoring probes see.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct GroupParams {
    /// ALEPH held by each CCN's owner (CCN groups). Default 200,000, the threshold.
    pub owner_balance: f64,
    /// Stakers on each CCN (CCN groups). Assumption: 50.
    pub stakers: u32,
    /// ALEPH each of them stakes. Assumption: 12,000 (50 x 12,000 = 600,000, above activation).
    pub stake_per_staker: f64,
    /// Base latency, 25th percentile, s. Assumption: 0.15.
    pub latency_p25_s: f64,
    /// Base latency, upper percentile (p95 CRN, p80 CCN), s. Assumption: 0.4.
    pub latency_high_s: f64,
    /// Extra time of the heavy checks (diagnostic VM, metrics, aggregates), s. Assumption: 0.5.
    pub check_overhead_s: f64,
    /// Software version.
    pub version: Version,
    /// CRNs: whether they support confidential VMs (AMD SEV). Default false.
    pub confidential: bool,
    /// CRNs: the CCN group they link to (default: every CCN, round robin).
    pub link_to: Option<String>,
}

impl Default for GroupParams {
    fn default() -> Self {
        GroupParams {
            owner_balance: 200_000.0,
            stakers: 50,
            stake_per_staker: 12_000.0,
            latency_p25_s: 0.15,
            latency_high_s: 0.4,
            check_overhead_s: 0.5,
            version: Version::Latest,
            confidential: false,
            link_to: None,
        }
    }
}

/// A set of like VMs.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VmGroup {
    /// Regular, confidential or GPU.
    pub kind: VmKind,
    /// How many.
    pub count: u32,
    /// vCPUs each (regular and confidential).
    #[serde(default = "one")]
    pub vcpus: u32,
    /// Memory each (regular and confidential).
    #[serde(default = "two_gib")]
    pub memory: ByteSize,
    /// GPU model (GPU VMs: `a100` or `h100`).
    #[serde(default)]
    pub gpu: Option<GpuModel>,
    /// How the owners pay.
    pub payment: Payment,
}

fn one() -> u32 {
    1
}
fn two_gib() -> ByteSize {
    ByteSize(2 << 30)
}

impl VmGroup {
    /// Compute units of each VM: pyaleph's rule for CPU instances, the tier's for GPU ones.
    pub fn compute_units(&self) -> u32 {
        match (self.kind, self.gpu) {
            (VmKind::Gpu, Some(g)) => g.compute_units(),
            _ => compute_units(self.vcpus, self.memory.0 >> 20, self.kind),
        }
    }
}

/// The `[networks.params]` of an `aleph` network.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AlephConfig {
    /// Which rules pay operators: `"legacy"` (staking emission) or `"credits-2026"`.
    pub rules: RuleSet,
    /// Per node group, by the group's name in the scenario.
    pub groups: BTreeMap<String, GroupParams>,
    /// The VMs to run.
    pub vms: Vec<VmGroup>,
    /// How long a CRN is down before its VMs are moved (detection and boot elsewhere).
    /// Assumption: 10 minutes.
    pub reschedule_after: SimDuration,
    /// How often VMs that fit nowhere are tried again. Assumption: 30 minutes.
    pub retry_every: SimDuration,
    /// How often scores are computed and rewards paid. Default one day
    /// (aleph-scoring `SCORE_METRICS_PERIOD`, `DAEMON_MODE_PERIOD_HOURS` = 24).
    pub score_every: SimDuration,
    /// Messages and files stored on the CCNs.
    pub objects: u32,
    /// Size of each. Assumption: 1 MiB.
    pub object_size: ByteSize,
    /// Share of the objects flagged by some operators. Default 0.
    pub blacklisted_share: f64,
    /// Share of the CCN operators that refuse to serve flagged objects. Default 0.
    pub blacklisting_ccn_share: f64,
    /// ALEPH price, USD. Assumption: $0.05 (market price of 2025-2026, unverified).
    pub aleph_usd: f64,
    /// Yearly cost of capital of ALEPH held for hold-tier instances. Assumption: 10%.
    pub hold_capital_per_year: f64,
    /// AWS prices for the comparison.
    pub aws: AwsPrices,
}

impl Default for AlephConfig {
    fn default() -> Self {
        AlephConfig {
            rules: RuleSet::Legacy,
            groups: BTreeMap::new(),
            vms: Vec::new(),
            reschedule_after: SimDuration::from_secs(600),
            retry_every: SimDuration::from_secs(1800),
            score_every: SimDuration::from_days(1),
            objects: 10_000,
            object_size: ByteSize(1 << 20),
            blacklisted_share: 0.0,
            blacklisting_ccn_share: 0.0,
            aleph_usd: 0.05,
            hold_capital_per_year: 0.10,
            aws: AwsPrices::default(),
        }
    }
}

impl GroupParams {
    /// Checks the group's numbers; `at` is the group's path (`groups.<name>`).
    pub fn check(&self, at: &str) -> Result<(), ConfigError> {
        for (field, v) in [
            ("owner_balance", self.owner_balance),
            ("stake_per_staker", self.stake_per_staker),
            ("latency_p25_s", self.latency_p25_s),
            ("latency_high_s", self.latency_high_s),
            ("check_overhead_s", self.check_overhead_s),
        ] {
            at_least(&format!("{at}.{field}"), v, 0.0)?;
        }
        if self.stakers > MAX_STAKERS {
            let path = format!("{at}.stakers");
            return Err(ConfigError::param(&path, format!("`{path}` is {}", self.stakers))
                .help(format!("at most {MAX_STAKERS} stakers per CCN: the model keeps one stake per staker")));
        }
        Ok(())
    }
}

/// Stakers per CCN the model accepts: each is one stake in memory, so a count in the billions
/// would exhaust it; the real network has a few thousand stakers in all.
pub const MAX_STAKERS: u32 = 1_000_000;

impl VmGroup {
    /// Checks one VM group under `rules`; `at` is its path (`vms.<index>`).
    pub fn check(&self, at: &str, rules: RuleSet) -> Result<(), ConfigError> {
        if self.kind == VmKind::Gpu && self.gpu.is_none() {
            return Err(ConfigError::param(
                format!("{at}.kind"),
                format!("`{at}.kind` is \"gpu\" but `{at}.gpu` is missing"),
            )
            .help("a gpu VM needs `gpu` = \"a100\" or \"h100\""));
        }
        if self.kind != VmKind::Gpu
            && let Some(g) = self.gpu
        {
            return Err(ConfigError::param(
                format!("{at}.gpu"),
                format!("`{at}.gpu` is \"{}\" but `{at}.kind` is \"{}\"", g.name(), self.kind.name()),
            )
            .help("`gpu` applies to kind = \"gpu\" only"));
        }
        if self.vcpus == 0 {
            return Err(
                ConfigError::param(format!("{at}.vcpus"), format!("`{at}.vcpus` is 0")).help("at least 1 vCPU per VM")
            );
        }
        if self.memory.0 == 0 {
            return Err(ConfigError::param(format!("{at}.memory"), format!("`{at}.memory` is 0"))
                .help("a size above zero, e.g. \"2GiB\""));
        }
        if self.payment == Payment::Credit && rules == RuleSet::Legacy {
            return Err(ConfigError::param(
                format!("{at}.payment"),
                format!("`{at}.payment` is \"credit\" but `rules` is \"legacy\""),
            )
            .help("legacy rules take \"hold\" and \"payg\"; \"credit\" needs rules = \"credits-2026\""));
        }
        Ok(())
    }
}

impl AlephConfig {
    /// Checks what serde cannot, against the network's node groups (by name and role).
    /// Whether the VMs fit on the CRNs is checked apart (`network::capacity`).
    pub fn check(&self, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        let names = || groups.iter().map(|g| format!("`{}`", g.name)).collect::<Vec<_>>().join(", ");
        for (name, p) in &self.groups {
            let at = format!("groups.{name}");
            let Some(group) = groups.iter().find(|g| g.name == *name) else {
                return Err(ConfigError::param(&at, format!("`{at}` names no node group of this network"))
                    .help(format!("the groups: {}", names())));
            };
            if let Some(target) = &p.link_to {
                let path = format!("{at}.link_to");
                if group.role != "crn" {
                    return Err(ConfigError::param(
                        &path,
                        format!("`{path}` is set on group `{name}`, whose role is `{}`", group.role),
                    )
                    .help("`link_to` applies to `crn` groups only"));
                }
                if !groups.iter().any(|g| g.name == *target && g.role == "ccn") {
                    let ccns: Vec<String> =
                        groups.iter().filter(|g| g.role == "ccn").map(|g| format!("\"{}\"", g.name)).collect();
                    return Err(ConfigError::param(&path, format!("`{path}` is \"{target}\", not a `ccn` group"))
                        .help(format!("the `ccn` groups: {}", ccns.join(", "))));
                }
            }
            p.check(&at)?;
        }
        for (i, g) in self.vms.iter().enumerate() {
            g.check(&format!("vms.{i}"), self.rules)?;
        }
        share("blacklisted_share", self.blacklisted_share, true)?;
        share("blacklisting_ccn_share", self.blacklisting_ccn_share, true)?;
        at_least("aleph_usd", self.aleph_usd, 0.0)?;
        at_least("hold_capital_per_year", self.hold_capital_per_year, 0.0)?;
        self.aws.check("aws")?;
        for (key, d) in [
            ("reschedule_after", self.reschedule_after),
            ("retry_every", self.retry_every),
            ("score_every", self.score_every),
        ] {
            if d == SimDuration::ZERO {
                return Err(
                    ConfigError::param(key, format!("`{key}` is 0")).help("a duration above zero, e.g. \"10m\"")
                );
            }
        }
        Ok(())
    }
}
