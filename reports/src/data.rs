//! What a run produces, as serializable records.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `summary.json`: deterministic for a scenario and seed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// What it studies.
    pub description: String,
    /// Where its figures come from.
    pub sources: Vec<String>,
    /// Base seed.
    pub seed: u64,
    /// Calendar start, RFC 3339.
    pub start: String,
    /// Simulated seconds.
    pub duration_s: f64,
    /// Seconds between samples.
    pub sample_every_s: f64,
    /// Nodes over all networks.
    pub nodes: u64,
    /// How `nodes_up/<split_by>/<name>` series split the nodes: provider, region or site.
    pub split_by: String,
    /// Events processed over all networks.
    pub events: u64,
    /// The outages injected.
    pub outages: Vec<OutageSummary>,
    /// Per network, keyed by name.
    pub networks: BTreeMap<String, NetworkSummary>,
    /// What produced it.
    #[serde(default)]
    pub provenance: Provenance,
}

/// What a run was made from: enough to tell two runs apart and to reproduce one.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Provenance {
    /// The scenario file, as given on the command line.
    pub scenario_path: String,
    /// SHA-256 of the scenario as resolved (its text after every `--set`).
    pub scenario_sha256: String,
    /// Every `--set KEY=VALUE`, in order, as given (`--seed N` is `seed=N`).
    pub overrides: Vec<String>,
    /// Each hardware profile used: SHA-256 of its file.
    pub profiles: BTreeMap<String, String>,
    /// Each outage file the scenario includes: SHA-256 of its file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outages: BTreeMap<String, String>,
    /// The depinsim version that ran it.
    pub version: String,
}

/// One injected outage, for the report's timeline.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct OutageSummary {
    /// Name.
    pub name: String,
    /// Target vertex.
    pub target: String,
    /// down, destroyed or degraded.
    pub kind: String,
    /// Start, seconds since the scenario start.
    pub start_s: f64,
    /// End, seconds since the scenario start; `None` if it lasts to the end.
    pub end_s: Option<f64>,
    /// Its shape as written: `window`, `flapping` or `staged`.
    #[serde(default)]
    pub shape: String,
    /// Share of the target's dependent nodes hit, or of their traffic (see `share_of`).
    #[serde(default = "one")]
    pub share: f64,
    /// What `share` and the recovery shares count: `nodes`, or `traffic` (written only then).
    #[serde(default = "nodes", skip_serializing_if = "is_nodes")]
    pub share_of: String,
    /// Share of traffic lost, for `degraded` (the peak, when it varies).
    #[serde(default)]
    pub loss: f64,
    /// When the loss varies: (seconds since the scenario start, share lost from then on).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub loss_steps: Vec<(f64, f64)>,
    /// For `flapping`: the length of one cycle and the hit part of it, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flapping: Option<FlappingSummary>,
    /// For `staged`: (seconds since the start, cumulative share of the targets back).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recovery: Vec<(f64, f64)>,
    /// The intervals during which its targets were hit, `(from, until)` in seconds (every flap
    /// of a flapping outage; one interval otherwise).
    #[serde(default)]
    pub hit: Vec<(f64, f64)>,
    /// How long, on average over its targets, they were hit, seconds: the sum of the intervals,
    /// or for a staged restoration each slice's time until it came back.
    #[serde(default)]
    pub hit_s: f64,
}

fn one() -> f64 {
    1.0
}

fn nodes() -> String {
    "nodes".into()
}

fn is_nodes(share_of: &str) -> bool {
    share_of == "nodes"
}

/// A flapping outage's rhythm.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FlappingSummary {
    /// Length of one cycle, seconds.
    pub period_s: f64,
    /// Hit part of each cycle, seconds.
    pub down_s: f64,
}

/// Headline figures of one network.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct NetworkSummary {
    /// Protocol model.
    pub protocol: String,
    /// Node count.
    pub nodes: u64,
    /// Events processed.
    pub events: u64,
    /// What one unit of service is, for `cost_per_unit_usd` (e.g. "1M requests").
    pub service_unit: Option<String>,
    /// The protocol's own metrics that tell its story.
    pub key_metrics: Vec<String>,
    /// Headline metrics by name; `None` when undefined (e.g. never recovered).
    pub metrics: BTreeMap<String, Option<f64>>,
    /// What each metric of this network means (its series and its headline figures), from the
    /// protocol's declarations: every output reads units, labels and directions from here.
    #[serde(default)]
    pub catalogue: BTreeMap<String, MetricInfo>,
}

/// A metric's declaration as written in `summary.json`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct MetricInfo {
    /// What it is, in words.
    pub label: String,
    /// Its unit.
    pub unit: UnitInfo,
    /// state, window, cumulative or end-of-run.
    pub kind: String,
    /// higher-better, lower-better or neutral.
    pub direction: String,
    /// How seeds are summarised: mean or median.
    pub aggregate: String,
}

/// A unit with its dimension.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct UnitInfo {
    /// share, count, usd, usd-per, token, bytes, seconds, quantity, ratio or year.
    pub dimension: String,
    /// What is counted, which token, or the quantity's symbol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
}

/// One row of `timeseries.csv`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SeriesRow<'a> {
    /// Seconds since the scenario start.
    pub time_s: f64,
    /// Network name.
    pub network: &'a str,
    /// Metric name.
    pub metric: &'a str,
    /// Value.
    pub value: f64,
}

/// One row of `nodes.csv`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct NodeRow<'a> {
    /// Node index within its network.
    pub id: u32,
    /// Network name.
    pub network: &'a str,
    /// Group name.
    pub group: &'a str,
    /// Protocol role.
    pub role: &'a str,
    /// Hardware profile.
    pub profile: &'a str,
    /// Site, or "home".
    pub site: &'a str,
    /// Region.
    pub region: &'a str,
    /// Hosting or internet provider.
    pub provider: &'a str,
    /// Operator id within the network.
    pub operator: u32,
    /// Share of the run the node was up.
    pub uptime: f64,
    /// How it ended: up, down or destroyed.
    pub state: &'a str,
    /// Rewards earned, USD.
    pub rewards_usd: f64,
    /// Costs borne, USD (hardware, hosting, power, penalties).
    pub cost_usd: f64,
    /// The token the network pays in ("HNT", "FIL"), empty for a network that pays in USD.
    pub token: &'a str,
    /// Rewards earned in `token`, as paid (empty without a token).
    pub rewards_tokens: Option<f64>,
}

/// `run.json`: what is not deterministic, kept apart from the other files.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RunInfo {
    /// depinsim version.
    pub version: String,
    /// Wall-clock seconds the simulation took.
    pub wall_time_s: f64,
    /// Events per wall-clock second.
    pub events_per_s: f64,
    /// Worker threads.
    pub threads: usize,
    /// Host name, if known.
    pub host: Option<String>,
    /// When the run started, Unix seconds.
    pub started_unix_s: u64,
}
