//! Hardware profiles: what a node is made of and what it costs.
//!
//! Profiles are data files in `hardware-profiles/`, one per kind of machine, every figure with its
//! source in a `[sources]` table. The engine uses the failure figures (`failures_per_year`, `mttr`,
//! `data_loss_share`) to draw independent failures and the cost figures to account what an
//! operator pays; protocols read `capacity`.

use crate::time::SimDuration;
use crate::units::ByteSize;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Where a piece of hardware normally runs; decides who pays its electricity and which shared
/// infrastructure it depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SiteKind {
    /// A home or small business: the operator's own power and internet connection.
    Home,
    /// A datacenter or colocation facility.
    Datacenter,
    /// A public cloud region.
    Cloud,
}

/// What a node can hold or compute; only the fields that apply are set.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    /// Usable storage.
    pub storage: Option<ByteSize>,
    /// CPU cores.
    pub cpu_cores: Option<u32>,
    /// Memory.
    pub memory: Option<ByteSize>,
    /// Number of GPUs.
    pub gpus: Option<u32>,
    /// GPU model name, e.g. "RTX 4090".
    pub gpu_model: Option<String>,
    /// Network bandwidth in Mbit/s.
    pub bandwidth_mbps: Option<f64>,
}

/// One kind of machine, as read from `hardware-profiles/<name>.toml`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HardwareProfile {
    /// Name, equal to the file stem.
    pub name: String,
    /// One sentence: what it is and who runs it.
    pub description: String,
    /// Category (hotspot, server, gpu-rig, ...), for listings.
    pub kind: String,
    /// Where it normally runs.
    pub site: SiteKind,
    /// Purchase price in USD; zero when rented.
    pub capex_usd: f64,
    /// Depreciation period over which `capex_usd` is spread.
    pub lifetime: SimDuration,
    /// Average wall power draw in watts.
    pub power_w: f64,
    /// Whether the operator pays electricity on top of `hosting_usd_per_month`.
    pub pays_power: bool,
    /// Rent, colocation or instance price per month (30.4375 days), USD.
    pub hosting_usd_per_month: f64,
    /// Hardware failures that take the node down, per node-year: a Poisson rate (the engine
    /// draws exponential gaps between failures with this mean rate), not a probability. A
    /// published annual failure probability `p` (a drive's AFR) is the rate `-ln(1 - p)`, which
    /// is within 1 % of `p` below 2 %. Written `afr` in profiles made before the rename.
    #[serde(alias = "afr")]
    pub failures_per_year: f64,
    /// Mean time to repair or replace after a failure.
    pub mttr: SimDuration,
    /// Share of failures that also destroy the data stored on the node.
    pub data_loss_share: f64,
    /// What the node can hold or compute.
    #[serde(default)]
    pub capacity: Capacity,
    /// Where each figure comes from, keyed by field name (`capacity.storage` for nested ones).
    pub sources: BTreeMap<String, String>,
}

/// Hours in an average month (365.25 / 12 days), for monthly prices.
pub const HOURS_PER_MONTH: f64 = 730.5;

impl HardwareProfile {
    /// The figures that must cite a source, present in every profile.
    pub const CITED: [&'static str; 8] = [
        "capex_usd",
        "lifetime",
        "power_w",
        "pays_power",
        "hosting_usd_per_month",
        "failures_per_year",
        "mttr",
        "data_loss_share",
    ];

    /// The `[sources]` entry of figure `key` (an older profile cites `failures_per_year` as `afr`).
    pub fn source(&self, key: &str) -> Option<&String> {
        self.sources.get(key).or_else(|| (key == "failures_per_year").then(|| self.sources.get("afr")).flatten())
    }

    /// Figures lacking a `[sources]` entry, including present capacity figures.
    pub fn uncited(&self) -> Vec<String> {
        let c = &self.capacity;
        let capacity = [
            ("capacity.storage", c.storage.is_some()),
            ("capacity.cpu_cores", c.cpu_cores.is_some()),
            ("capacity.memory", c.memory.is_some()),
            ("capacity.gpus", c.gpus.is_some()),
            ("capacity.bandwidth_mbps", c.bandwidth_mbps.is_some()),
        ];
        Self::CITED
            .iter()
            .copied()
            .chain(capacity.iter().filter(|(_, present)| *present).map(|(k, _)| *k))
            .filter(|k| self.source(k).is_none_or(|s| s.trim().is_empty()))
            .map(str::to_string)
            .collect()
    }

    /// Problems with the figures themselves (negative prices, rates outside their range).
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut non_negative = |name: &str, v: f64| {
            if !(v.is_finite() && v >= 0.0) {
                problems.push(format!("`{name}` must be a finite number >= 0, found {v}"));
            }
        };
        non_negative("capex_usd", self.capex_usd);
        non_negative("power_w", self.power_w);
        non_negative("hosting_usd_per_month", self.hosting_usd_per_month);
        non_negative("failures_per_year", self.failures_per_year);
        if !(0.0..=1.0).contains(&self.data_loss_share) {
            problems.push(format!("`data_loss_share` must be between 0 and 1, found {}", self.data_loss_share));
        }
        if self.lifetime == SimDuration::ZERO {
            problems.push("`lifetime` must be longer than zero".into());
        }
        if self.failures_per_year > 0.0 && self.mttr == SimDuration::ZERO {
            problems.push("`mttr` must be longer than zero when `failures_per_year` > 0".into());
        }
        problems
    }

    /// What the node costs per hour whether it runs or not: depreciation plus hosting, USD.
    pub fn fixed_usd_per_hour(&self) -> f64 {
        self.capex_usd / self.lifetime.as_hours_f64() + self.hosting_usd_per_month / HOURS_PER_MONTH
    }

    /// What the node's electricity costs per hour of running at `usd_per_kwh`, when the operator
    /// pays it.
    pub fn power_usd_per_hour(&self, usd_per_kwh: f64) -> f64 {
        if self.pays_power { self.power_w / 1000.0 * usd_per_kwh } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> HardwareProfile {
        toml::from_str(
            r#"
            name = "x"
            description = "d"
            kind = "server"
            site = "home"
            capex_usd = 876.0
            lifetime = "1y"
            power_w = 100.0
            pays_power = true
            hosting_usd_per_month = 7.305
            afr = 0.1
            mttr = "48h"
            data_loss_share = 0.5
            [capacity]
            storage = "4TiB"
            [sources]
            capex_usd = "a"
            lifetime = "a"
            power_w = "a"
            pays_power = "a"
            hosting_usd_per_month = "a"
            afr = "a"
            mttr = "a"
            data_loss_share = "a"
            "#,
        )
        .unwrap()
    }

    #[test]
    fn costs_per_hour() {
        let p = sample();
        // 876 USD over 8760 h = 0.100 USD/h; 7.305 USD/month over 730.5 h = 0.010 USD/h.
        assert!((p.fixed_usd_per_hour() - 0.11).abs() < 1e-12);
        // 100 W for an hour is 0.1 kWh.
        assert!((p.power_usd_per_hour(0.3) - 0.03).abs() < 1e-12);
    }

    #[test]
    fn capacity_figures_need_sources_too() {
        let mut p = sample();
        assert_eq!(p.uncited(), vec!["capacity.storage".to_string()]);
        p.sources.insert("capacity.storage".into(), "spec sheet".into());
        // The sample is written the old way (`afr`): read, and cited, as `failures_per_year`.
        assert_eq!(p.failures_per_year, 0.1);
        p.sources.remove("afr");
        assert_eq!(p.uncited(), vec!["failures_per_year".to_string()]);
    }

    #[test]
    fn check_rejects_out_of_range_figures() {
        let mut p = sample();
        assert!(p.check().is_empty());
        p.data_loss_share = 1.5;
        p.capex_usd = -1.0;
        assert_eq!(p.check().len(), 2);
    }
}
