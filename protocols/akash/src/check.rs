//! The checks of an `akash` network's configuration, run when the scenario is loaded
//! ([`crate::Akash`]'s `Protocol::check`), each error at the key path it is about.
//!
//! Two kinds: the `params` alone ([`AkashConfig::check`]: ranges, durations, price paths, the
//! shape of attributes) and the `params` against the node groups ([`AkashConfig::check_groups`]:
//! the groups that `bids` and `attributes` name, GPUs in every profile, at least one provider, and
//! a provider able to take each workload). A configuration that passes both builds: nothing in
//! [`crate::network::Network::new`] can fail on it.

use crate::config::{AkashConfig, BidStrategy, Workload};
use crate::market::{Capacity, Need};
use crate::money;
use depinsim_cloud::interruptions;
use depinsim_core::SimDuration;
use depinsim_core::config::{ConfigError, at_least, positive, share};
use depinsim_core::node::GroupInfo;

/// A whole percent, 0 to 100 (x/take rates).
fn percent(path: &str, v: u32) -> Result<(), ConfigError> {
    if v <= 100 {
        return Ok(());
    }
    Err(ConfigError::param(path, format!("`{path}` is {v}")).help("a whole percent between 0 and 100"))
}

/// Basis points, 0 to 10,000 (BME spreads).
fn basis_points(path: &str, v: u32) -> Result<(), ConfigError> {
    if v <= 10_000 {
        return Ok(());
    }
    Err(ConfigError::param(path, format!("`{path}` is {v}")).help("basis points between 0 and 10000; 25 is 0.25%"))
}

/// A duration the market divides by or repeats at: zero would divide by zero or loop forever.
fn longer_than_zero(path: &str, d: SimDuration, example: &str) -> Result<(), ConfigError> {
    if d > SimDuration::ZERO {
        return Ok(());
    }
    Err(ConfigError::param(path, format!("`{path}` is {d}")).help(format!("a duration above zero, e.g. \"{example}\"")))
}

/// An attribute a provider has or a workload requires, matched verbatim: `key=value`.
fn attribute(path: &str, a: &str) -> Result<(), ConfigError> {
    if a.contains('=') {
        return Ok(());
    }
    Err(ConfigError::param(path, format!("`{path}` is \"{a}\", which is not key=value"))
        .help("an attribute written key=value, e.g. \"tier=datacenter\""))
}

impl BidStrategy {
    /// Checks the strategy written at `at` (`bid`, `bids.<group>`).
    pub fn check(&self, at: &str) -> Result<(), ConfigError> {
        match *self {
            BidStrategy::CostPlus { margin, utilisation } => {
                if !(margin.is_finite() && margin > -1.0) {
                    let path = format!("{at}.margin");
                    return Err(ConfigError::param(&path, format!("`{path}` is {margin}"))
                        .help("a finite markup above -1: 0.3 is 30% over cost, -1 would bid 0"));
                }
                // The cost is divided by it.
                share(&format!("{at}.utilisation"), utilisation, false)
            }
            BidStrategy::Fixed { usd_per_gpu_hour } => {
                at_least(&format!("{at}.usd_per_gpu_hour"), usd_per_gpu_hour, 0.0)
            }
        }
    }
}

impl Workload {
    /// Checks the workload written at `at` (`workloads.<i>`); messages name it by its `name`.
    pub fn check(&self, at: &str) -> Result<(), ConfigError> {
        let name = &self.name;
        let err = |key: &str, found: String, help: &str| {
            ConfigError::param(format!("{at}.{key}"), format!("workload `{name}`: `{key}` is {found}")).help(help)
        };
        if !(self.arrivals_per_hour.is_finite() && self.arrivals_per_hour > 0.0) {
            return Err(err(
                "arrivals_per_hour",
                self.arrivals_per_hour.to_string(),
                "a finite rate above 0, deployments per hour",
            ));
        }
        if self.mean_duration == SimDuration::ZERO {
            return Err(err("mean_duration", self.mean_duration.to_string(), "a run time above zero, e.g. \"8h\""));
        }
        if self.gpus == 0 {
            return Err(err("gpus", "0".into(), "at least 1 GPU on one provider"));
        }
        if !(self.max_usd_per_gpu_hour.is_finite() && self.max_usd_per_gpu_hour >= 0.0) {
            return Err(err(
                "max_usd_per_gpu_hour",
                self.max_usd_per_gpu_hour.to_string(),
                "a finite price in USD per GPU-hour, 0 or more",
            ));
        }
        if !(0.0..=1.0).contains(&self.underfunded_share) {
            return Err(err("underfunded_share", self.underfunded_share.to_string(), "a share between 0 and 1"));
        }
        for (j, a) in self.requires.iter().enumerate() {
            attribute(&format!("{at}.requires.{j}"), a)?;
        }
        Ok(())
    }

    /// What one deployment of this workload asks of a provider.
    pub fn need(&self) -> Need {
        Need {
            cpu: self.cpu,
            memory: self.memory.map_or(0, |m| m.0),
            storage: self.storage.map_or(0, |s| s.0),
            gpus: self.gpus,
            gpu_model: self.gpu_model.clone(),
        }
    }
}

impl AkashConfig {
    /// Checks the `params` on their own: ranges, durations, the AKT price path, bid strategies,
    /// attributes, workloads, interruption rates and cloud prices.
    pub fn check(&self) -> Result<(), ConfigError> {
        percent("take_rate_pct", self.take_rate_pct)?;
        percent("akt_take_rate_pct", self.akt_take_rate_pct)?;
        basis_points("mint_spread_bps", self.mint_spread_bps)?;
        basis_points("settle_spread_bps", self.settle_spread_bps)?;
        money::check_points(&self.akt_price, "akt_price")?;
        longer_than_zero("block_time", self.block_time, "6s")?;
        longer_than_zero("withdraw_every", self.withdraw_every, "24h")?;
        if self.max_bids == 0 {
            return Err(ConfigError::param("max_bids", "`max_bids` is 0")
                .help("at least 1 bid per order; x/market takes up to 20"));
        }
        positive("deposit_cover", self.deposit_cover)?;
        positive("underfunded_cover", self.underfunded_cover)?;
        at_least("usd_per_kwh", self.usd_per_kwh, 0.0)?;
        self.bid.check("bid")?;
        for (group, strategy) in &self.bids {
            strategy.check(&format!("bids.{group}"))?;
        }
        for (group, attributes) in &self.attributes {
            for (j, a) in attributes.iter().enumerate() {
                attribute(&format!("attributes.{group}.{j}"), a)?;
            }
        }
        if self.workloads.is_empty() {
            return Err(ConfigError::param("workloads", "an akash network has no workload")
                .help("add at least one `[[networks.params.workloads]]` table: the deployments tenants create"));
        }
        for (i, w) in self.workloads.iter().enumerate() {
            w.check(&format!("workloads.{i}"))?;
        }
        interruptions::check_rates(&self.gpu_interruptions_per_gpu_day, self.default_gpu_interruptions_per_gpu_day)?;
        for (model, price) in &self.cloud_prices {
            price.check(&format!("cloud_prices.{model}"))?;
        }
        Ok(())
    }

    /// Checks the `params` against the network's node groups (the roles are checked apart, by
    /// `depinsim_core::node::check_roles`). Groups with no nodes place nothing and are not asked
    /// for GPUs.
    pub fn check_groups(&self, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        for (key, named) in
            [("bids", self.bids.keys().collect::<Vec<_>>()), ("attributes", self.attributes.keys().collect())]
        {
            if let Some(g) = named.into_iter().find(|g| !names.contains(&g.as_str())) {
                return Err(ConfigError::param(
                    format!("{key}.{g}"),
                    format!("`{key}` names node group `{g}`, which the network does not have"),
                )
                .help(format!("groups: {}", names.join(", "))));
            }
        }
        for g in groups.iter().filter(|g| g.count > 0) {
            if Capacity::of(&g.profile).gpus == 0 {
                return Err(ConfigError::group(
                    &g.name,
                    format!("group `{}`: profile `{}` has no GPUs (`capacity.gpus`)", g.name, g.profile.name),
                )
                .help("the akash market leases GPUs: a profile with `capacity.gpus` of 1 or more"));
            }
        }
        let providers: Vec<&GroupInfo> = groups.iter().filter(|g| g.role == "provider" && g.count > 0).collect();
        if providers.is_empty() {
            return Err(ConfigError::network("an akash network needs at least one node of role `provider`")
                .help("a `[[networks.nodes]]` group with `role = \"provider\"` and a count above 0"));
        }
        for (i, w) in self.workloads.iter().enumerate() {
            self.check_servable(i, w, &providers)?;
        }
        Ok(())
    }

    /// Checks that some provider group can ever lease workload `w`: a profile with room for one
    /// deployment, and every attribute it requires. Otherwise its deployments would wait forever.
    fn check_servable(&self, i: usize, w: &Workload, providers: &[&GroupInfo]) -> Result<(), ConfigError> {
        let need = w.need();
        let roomy: Vec<&GroupInfo> =
            providers.iter().copied().filter(|g| Capacity::of(&g.profile).fits(&need)).collect();
        if roomy.is_empty() {
            let model = w.gpu_model.as_deref().map_or(String::new(), |m| format!(" `{m}`"));
            let sizes: Vec<String> =
                providers.iter().map(|g| format!("`{}` {}", g.name, size(&Capacity::of(&g.profile)))).collect();
            return Err(ConfigError::param(
                format!("workloads.{i}"),
                format!(
                    "workload `{}` needs {} GPUs{model}, {} CPU cores, {} memory and {} storage on one provider, more than any `provider` group has",
                    w.name,
                    w.gpus,
                    w.cpu,
                    bytes(need.memory),
                    bytes(need.storage),
                ),
            )
            .help(format!("provider groups: {}", sizes.join("; "))));
        }
        let none = Vec::new();
        let has = |g: &GroupInfo| {
            let attributes = self.attributes.get(&g.name).unwrap_or(&none);
            w.requires.iter().all(|r| attributes.contains(r))
        };
        if !roomy.iter().any(|g| has(g)) {
            let offered: Vec<String> = roomy
                .iter()
                .map(|g| format!("`{}` [{}]", g.name, self.attributes.get(&g.name).unwrap_or(&none).join(", ")))
                .collect();
            return Err(ConfigError::param(
                format!("workloads.{i}.requires"),
                format!(
                    "workload `{}` requires {}, which no `provider` group with room for it has",
                    w.name,
                    w.requires.join(", ")
                ),
            )
            .help(format!("attributes of the groups with room: {}", offered.join("; "))));
        }
        Ok(())
    }
}

/// A provider's capacity, for messages: `8 x H100 SXM 80GB, 112 cores, 2TiB, 30720GB`.
fn size(c: &Capacity) -> String {
    format!("{} x {}, {} cores, {}, {}", c.gpus, c.gpu_model, c.cpu, bytes(c.memory), bytes(c.storage))
}

/// A size as scenarios write it: decimal units when they divide it (disks, `10TB`), else binary
/// ones (memory, `1TiB`).
fn bytes(b: u64) -> String {
    for (unit, scale) in [("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000)] {
        if b >= scale && b % scale == 0 {
            return format!("{}{unit}", b / scale);
        }
    }
    depinsim_core::units::ByteSize(b).to_string()
}
