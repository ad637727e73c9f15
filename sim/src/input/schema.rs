//! The scenario file as written: serde structures with the spans of every name that refers to
//! something else, so that a semantic error can point at it. `load` checks and resolves them.

use depinsim_core::SimDuration;
pub use depinsim_engine::model::{OutageKind, ShareOf, SplitBy};
use serde::Deserialize;
use toml::Spanned;

/// A scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Short name; also the default output folder.
    pub name: Spanned<String>,
    /// What the study is about.
    #[serde(default)]
    pub description: String,
    /// Where the figures the scenario uses come from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Calendar time of simulated time zero, RFC 3339 (e.g. "2025-11-18T10:00:00Z").
    pub start: Spanned<String>,
    /// How long to simulate.
    pub duration: Spanned<SimDuration>,
    /// Time between metric samples.
    pub sample_every: Spanned<SimDuration>,
    /// Base seed of every random stream.
    #[serde(default, deserialize_with = "seed")]
    pub seed: u64,
    /// The longest the run is expected to take on the machine that runs it, wall-clock: `run`
    /// starts a run estimated to take longer only with `--yes` (default 1h, see
    /// `depinsim::estimate`). For studies meant to run for hours.
    pub max_run_time: Option<Spanned<SimDuration>>,
    /// Folder of hardware profiles, relative to this file.
    pub profiles: Option<Spanned<String>>,
    /// Power grids and geographies.
    #[serde(default)]
    pub regions: Vec<RegionFile>,
    /// Hosting providers and internet providers.
    #[serde(default)]
    pub providers: Vec<ProviderFile>,
    /// Datacenters and cloud regions.
    #[serde(default)]
    pub sites: Vec<SiteFile>,
    /// Shared services: a CDN's configuration pipeline, a DNS, a chain, an oracle.
    #[serde(default)]
    pub services: Vec<ServiceFile>,
    /// The networks simulated side by side over the same world.
    pub networks: Vec<NetworkFile>,
    /// Real events included from outage files (`outages/<name>.toml`), before the outages below.
    #[serde(default)]
    pub events: Vec<EventRef>,
    /// Injected outages.
    #[serde(default)]
    pub outages: Vec<OutageFile>,
    /// How reports present the run.
    #[serde(default)]
    pub report: ReportFile,
    /// A parameter sweep, read by `depinsim sweep` (ignored by `depinsim run`).
    pub sweep: Option<toml::Value>,
}

/// The `[report]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    /// How the "nodes up" series are split: by provider (default), region or site.
    #[serde(default)]
    pub split_by: SplitBy,
}

/// A region: a power grid and a geography.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionFile {
    /// Name.
    pub name: Spanned<String>,
    /// Household electricity price, USD per kWh, paid by home operators (0 when absent).
    pub usd_per_kwh: Option<Spanned<f64>>,
    /// Local power or internet cuts per home per year (independent per home; 0 when absent).
    pub home_outages_per_year: Option<Spanned<f64>>,
    /// Mean length of such a cut.
    pub home_outage_mean: Option<Spanned<SimDuration>>,
}

/// A provider: hosting company, cloud, CDN or internet provider.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderFile {
    /// Name.
    pub name: Spanned<String>,
}

/// A physical site: a datacenter building, a room, a cloud availability zone.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// Name.
    pub name: Spanned<String>,
    /// The region whose power it draws.
    pub region: Spanned<String>,
    /// The provider operating it.
    pub provider: Spanned<String>,
    /// Other vertices it depends on (a shared power feed, a campus).
    #[serde(default)]
    pub depends_on: Vec<Spanned<String>>,
}

/// A shared service.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    /// Name.
    pub name: Spanned<String>,
    /// The vertices it runs on or needs (a provider, a site, another service).
    #[serde(default)]
    pub depends_on: Vec<Spanned<String>>,
}

/// A network: one protocol over groups of nodes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkFile {
    /// Name, the key of the network in every output.
    pub name: Spanned<String>,
    /// The protocol model (see `depinsim list`).
    pub protocol: Spanned<String>,
    /// The service level under which the network counts as failed, for the Nakamoto coefficient.
    #[serde(default = "default_threshold")]
    pub service_threshold: Spanned<f64>,
    /// Protocol parameters, checked by the protocol.
    #[serde(default)]
    pub params: Option<toml::Table>,
    /// Groups of like nodes.
    pub nodes: Vec<GroupFile>,
}

fn default_threshold() -> Spanned<f64> {
    Spanned::new(0..0, 0.5)
}

/// A group of nodes with the same role and hardware.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupFile {
    /// Name, unique in the network.
    pub name: Spanned<String>,
    /// Role, as the protocol defines them.
    pub role: Spanned<String>,
    /// How many nodes.
    pub count: Spanned<i64>,
    /// Hardware profile name.
    pub profile: Spanned<String>,
    /// Sites to spread the nodes over, round robin; or use `homes`.
    #[serde(default)]
    pub sites: Vec<Spanned<String>>,
    /// Nodes in homes: regions and internet providers to spread them over.
    pub homes: Option<HomesFile>,
    /// How many distinct operators run the group's nodes (round robin); default one per node.
    pub operators: Option<Spanned<i64>>,
    /// Extra dependencies of (a share of) the group's nodes, e.g. a CDN in front of gateways.
    #[serde(default)]
    pub depends_on: Vec<Spanned<String>>,
    /// Share of the group's nodes that have `depends_on` (0..1).
    #[serde(default = "one")]
    pub depends_share: Spanned<f64>,
    /// The relative traffic each of the group's nodes draws (0 or more, default 1): the CDN
    /// routes requests by it, and outages with `share_of = "traffic"` count by it.
    #[serde(default = "one")]
    pub traffic_weight: Spanned<f64>,
}

fn one() -> Spanned<f64> {
    Spanned::new(0..0, 1.0)
}

/// Where home nodes are.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HomesFile {
    /// Regions, round robin.
    pub regions: Vec<Spanned<String>>,
    /// Internet providers, round robin.
    pub isps: Vec<Spanned<String>>,
}

/// An injected outage.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutageFile {
    /// Name, for reports.
    pub name: String,
    /// The vertex hit: a region, provider, site or service.
    pub target: Spanned<String>,
    /// What happens to the target.
    pub kind: OutageKind,
    /// When, RFC 3339.
    pub start: Spanned<String>,
    /// When it ends, RFC 3339; omit for an outage that lasts to the end of the run.
    pub end: Option<Spanned<String>>,
    /// Share of the nodes depending on the target that are hit (0..1], or of their traffic.
    #[serde(default = "one")]
    pub share: Spanned<f64>,
    /// What `share` and the recovery steps' shares count: `nodes` (default) or `traffic` (the
    /// nodes' `traffic_weight`).
    pub share_of: Option<Spanned<ShareOf>>,
    /// For `degraded`: share of traffic lost (0..1].
    pub loss: Option<Spanned<f64>>,
    /// For `degraded`, instead of `loss`: the share lost at given times, linear in between (the
    /// first point's before it, the last's after it).
    pub loss_ramp: Option<Spanned<Vec<LossPointFile>>>,
    /// The target goes down and comes back periodically within the window.
    pub flapping: Option<FlappingFile>,
    /// Staged recovery: at each step, the cumulative share of the hit nodes (or of their
    /// traffic, with `share_of = "traffic"`) that is back.
    #[serde(default)]
    pub recovery: Vec<StageFile>,
}

/// An outage file included by a scenario, with the event's targets mapped onto its world.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRef {
    /// The outage file's name (`outages/<name>.toml`).
    pub name: Spanned<String>,
    /// Event target -> this scenario's region, provider, site or service, where they differ.
    #[serde(default)]
    pub targets: std::collections::BTreeMap<String, Spanned<String>>,
    /// Event targets this scenario does not model: their outages are left out of the run (a
    /// phase that reaches nothing in this world, said so rather than mapped onto a stand-in).
    #[serde(default)]
    pub skip: Vec<Spanned<String>>,
    /// Event target -> how hard its outages hit this scenario's world, where the event leaves it
    /// open (which share of the study's nodes sat behind the failing part, what share of their
    /// launches or traffic failed): the study's assumption, not the event's. The times stay the
    /// event's.
    #[serde(default)]
    pub impact: std::collections::BTreeMap<String, Spanned<ImpactFile>>,
}

/// How an included event's outages on one target hit a scenario's world; each field given
/// replaces the event's.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactFile {
    /// `down` or `degraded` (a `down` drops the event's `loss`).
    pub kind: Option<Spanned<OutageKind>>,
    /// For `degraded`: share of traffic lost (0..1], in place of the event's `loss` or `loss_ramp`.
    pub loss: Option<Spanned<f64>>,
    /// Share of the nodes depending on the target that are hit (0..1], or of their traffic.
    pub share: Option<Spanned<f64>>,
    /// What the share counts, `nodes` or `traffic`, in place of the event's `share_of`.
    pub share_of: Option<Spanned<ShareOf>>,
}

/// A periodic down/up pattern.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlappingFile {
    /// Length of one down-and-up cycle.
    pub period: Spanned<SimDuration>,
    /// How long the target is down in each cycle.
    pub down: Spanned<SimDuration>,
}

/// One point of a loss ramp.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LossPointFile {
    /// When, RFC 3339.
    pub at: Spanned<String>,
    /// Share of traffic lost then (0..1).
    pub loss: Spanned<f64>,
}

/// One step of a staged recovery.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageFile {
    /// When, RFC 3339.
    pub at: Spanned<String>,
    /// Cumulative share of the hit nodes (or their traffic) back by then (0..1]; or, instead:
    pub share: Option<Spanned<f64>>,
    /// The region, provider, site or service whose hit nodes come back then (restoration site by
    /// site, region by region).
    pub back: Option<Spanned<String>>,
}

/// The largest seed: the largest integer a TOML file can hold, so that every seed (the ones a
/// sweep derives included) can be written back into a scenario.
pub const MAX_SEED: u64 = i64::MAX as u64;

/// A seed: a whole number from 0 to [`MAX_SEED`], as an integer or as digits in a string (a
/// `--set seed=...` beyond a TOML integer arrives as a string), refused in the project's words.
fn seed<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    struct Seed;
    impl serde::de::Visitor<'_> for Seed {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "a seed: a whole number from 0 to {MAX_SEED}")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u64, E> {
            u64::try_from(v)
                .map_err(|_| E::custom(format!("`seed` is {v}; a seed is a whole number from 0 to {MAX_SEED}")))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u64, E> {
            if v > MAX_SEED {
                Err(E::custom(format!("`seed` is {v}; a seed is a whole number from 0 to {MAX_SEED}")))
            } else {
                Ok(v)
            }
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u64, E> {
            match v.trim().parse::<u64>() {
                Ok(n) => self.visit_u64(n),
                Err(_) => Err(E::custom(format!("`seed` is {v:?}; a seed is a whole number from 0 to {MAX_SEED}"))),
            }
        }
    }
    d.deserialize_any(Seed)
}
