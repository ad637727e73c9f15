//! A checked scenario: every name resolved, every time on the simulated clock. This is all the
//! engine reads: the loader (in `depinsim`) turns scenario text into these types, and nothing
//! here knows about files, TOML or positions.

use depinsim_core::profile::HardwareProfile;
use depinsim_core::{SimDuration, SimTime, VertexId};
use serde::Deserialize;
use std::sync::Arc;

/// What an outage does to its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutageKind {
    /// Unreachable or unpowered; recovers.
    Down,
    /// Hardware and data gone.
    Destroyed,
    /// Reachable but losing a share of traffic.
    Degraded,
}

/// A way of grouping nodes in the "nodes up" series.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SplitBy {
    /// Hosting or internet provider.
    #[default]
    Provider,
    /// Region.
    Region,
    /// Site ("home" for home nodes).
    Site,
}

impl SplitBy {
    /// Lower-case name, as in metric names.
    pub fn as_str(self) -> &'static str {
        match self {
            SplitBy::Provider => "provider",
            SplitBy::Region => "region",
            SplitBy::Site => "site",
        }
    }
}

/// What a vertex of the world's dependency graph stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum VertexKind {
    /// A power grid and geography.
    Region,
    /// A hosting, cloud, CDN or internet provider.
    Provider,
    /// A datacenter, room or availability zone.
    Site,
    /// A shared service (CDN configuration, DNS, chain, oracle).
    Service,
}

impl VertexKind {
    /// Lower-case name, for messages and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            VertexKind::Region => "region",
            VertexKind::Provider => "provider",
            VertexKind::Site => "site",
            VertexKind::Service => "service",
        }
    }
}

/// An independent failure process: events at `per_year` per node-year, each lasting `mean` on
/// average (exponentially distributed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FailureRate {
    /// Expected failures per node-year.
    pub per_year: f64,
    /// Mean time until repaired.
    pub mean: SimDuration,
}

/// A vertex of the world.
#[derive(Clone, Debug)]
pub struct Vertex {
    /// Unique name.
    pub name: String,
    /// What it is.
    pub kind: VertexKind,
    /// The vertices it directly depends on.
    pub deps: Vec<VertexId>,
    /// For a region: household electricity price, USD/kWh.
    pub usd_per_kwh: f64,
    /// For a region: local cuts at each home in it.
    pub home_outages: Option<FailureRate>,
}

/// Where a group's nodes are.
#[derive(Clone, Debug)]
pub enum Placement {
    /// In these sites, round robin.
    Sites(Vec<VertexId>),
    /// In homes spread round robin over these regions and internet providers.
    Homes {
        /// Regions.
        regions: Vec<VertexId>,
        /// Internet providers.
        isps: Vec<VertexId>,
    },
}

/// A group of like nodes.
#[derive(Clone, Debug)]
pub struct Group {
    /// Name.
    pub name: String,
    /// Protocol role.
    pub role: String,
    /// How many.
    pub count: u32,
    /// Hardware.
    pub profile: Arc<HardwareProfile>,
    /// Where.
    pub placement: Placement,
    /// Distinct operators, round robin.
    pub operators: u32,
    /// Extra dependencies of the first `depends_share` of the nodes (spread evenly).
    pub depends_on: Vec<VertexId>,
    /// Share of nodes with `depends_on`.
    pub depends_share: f64,
    /// The relative traffic each node draws (0 or more; 1 unless the scenario says otherwise):
    /// what the CDN routes by and an outage with [`ShareOf::Traffic`] counts.
    pub traffic_weight: f64,
}

/// A network of the scenario.
#[derive(Clone, Debug)]
pub struct Network {
    /// Name.
    pub name: String,
    /// Protocol name (a registry key).
    pub protocol: String,
    /// Service level below which the network has failed.
    pub service_threshold: f64,
    /// Position in the scenario's `networks` (the loader reports errors by it).
    pub index: usize,
    /// Node groups.
    pub groups: Vec<Group>,
}

/// What an outage's `share`, and the shares of its recovery steps, are a share of.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShareOf {
    /// Of the nodes that depend on the target: `share = 0.3` hits 30% of them.
    #[default]
    Nodes,
    /// Of the traffic those nodes draw, by their groups' `traffic_weight`: nodes are hit, in
    /// the same random order as by nodes, until their weights come nearest the share of the
    /// dependents' total weight (Cloudflare's 19 MCP locations were 4% of its PoPs and about
    /// 50% of its requests on 21 Jun 2022).
    Traffic,
}

impl ShareOf {
    /// Its name in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            ShareOf::Nodes => "nodes",
            ShareOf::Traffic => "traffic",
        }
    }
}

/// A checked outage.
#[derive(Clone, Debug)]
pub struct Outage {
    /// Name.
    pub name: String,
    /// Target vertex.
    pub target: VertexId,
    /// Effect.
    pub kind: OutageKind,
    /// Start on the simulated clock.
    pub start: SimTime,
    /// End; `None` lasts to the end of the run.
    pub end: Option<SimTime>,
    /// Share of the dependent nodes hit, or of their traffic (see `share_of`).
    pub share: f64,
    /// What `share` and the recovery steps' shares are a share of.
    pub share_of: ShareOf,
    /// Traffic loss, for `degraded`.
    pub loss: f64,
    /// For a `degraded` outage whose loss varies over its window: (from, loss) steps in time
    /// order, the first at `start`, each holding until the next (the loader turns a linear ramp
    /// into such steps). Empty: `loss` throughout.
    pub loss_steps: Vec<(SimTime, f64)>,
    /// How it unfolds between its start and its end.
    pub shape: Shape,
}

/// How an outage unfolds between its start and its end: the one description of it that the
/// loader builds, the fault timeline compiles and the outputs report.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// Hit from the start to the end.
    Window,
    /// Hit for `down` at the start of every `period`, then back until the next period (a bad
    /// configuration pushed and reverted in waves, as Cloudflare's on 18 Nov 2025).
    Flapping {
        /// Length of one cycle.
        period: SimDuration,
        /// Hit part of each cycle.
        down: SimDuration,
    },
    /// Every target hit at the start, then brought back in slices: at each step the cumulative
    /// share of the targets is back; the rest come back at the end.
    Staged(Vec<RecoveryStep>),
}

/// One step of a staged recovery.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RecoveryStep {
    /// When.
    pub at: SimTime,
    /// The share of the outage's targets back by then (cumulative; of their nodes or of their
    /// traffic, as the outage's `share_of` says); for a step that restores a named vertex, the
    /// share of the last step by share (what it brings back depends on the network's layout).
    pub share: f64,
    /// Restore the hit nodes that depend on this vertex (a site, a region), rather than a share.
    pub back: Option<VertexId>,
}

impl Outage {
    /// Whether it is restored in stages.
    pub fn is_staged(&self) -> bool {
        matches!(self.shape, Shape::Staged(_))
    }

    /// The intervals during which the targets are hit, `(from, until)` (`None` lasts to the end
    /// of the run): the whole window, or the hit part of each flapping cycle up to the outage's
    /// end or the run's `end`. A staged outage is one interval; its steps say who is back when.
    pub fn hit_intervals(&self, end: SimTime) -> Vec<(SimTime, Option<SimTime>)> {
        let Shape::Flapping { period, down } = self.shape else {
            return vec![(self.start, self.end)];
        };
        let stop = self.end.unwrap_or(end);
        let mut out = Vec::new();
        let mut t = self.start;
        while t < stop {
            let up = t + down;
            out.push((t, (up < stop).then_some(up).or(self.end)));
            t += period;
        }
        out
    }
}

/// A checked scenario, ready to run.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Short name.
    pub name: String,
    /// What it studies.
    pub description: String,
    /// Where its figures come from.
    pub sources: Vec<String>,
    /// Calendar start, RFC 3339.
    pub start: String,
    /// Calendar start, Unix milliseconds.
    pub start_unix_ms: i64,
    /// Simulated duration.
    pub duration: SimDuration,
    /// Sample step.
    pub sample_every: SimDuration,
    /// Base seed.
    pub seed: u64,
    /// World vertices, indexed by [`VertexId`].
    pub vertices: Vec<Vertex>,
    /// Networks.
    pub networks: Vec<Network>,
    /// Outages.
    pub outages: Vec<Outage>,
    /// How "nodes up" series are split.
    pub split_by: SplitBy,
}

impl Scenario {
    /// When the run ends.
    pub fn end(&self) -> SimTime {
        SimTime::ZERO + self.duration
    }
    /// The vertex called `name`.
    pub fn vertex(&self, name: &str) -> Option<VertexId> {
        self.vertices.iter().position(|v| v.name == name).map(|i| VertexId(i as u32))
    }
    /// Total node count over all networks.
    pub fn node_count(&self) -> u64 {
        self.networks.iter().flat_map(|n| &n.groups).map(|g| g.count as u64).sum()
    }
}
