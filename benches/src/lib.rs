//! Shared pieces of depinsim's benches: the hold model as a protocol and a scenario to run it.
//! The criterion benches (`benches/engine.rs`, `benches/scenario.rs`) measure wall time; the
//! gungraun bench (`benches/instructions.rs`) counts instructions under valgrind, which does not
//! vary with the load of a shared CI machine. Figures and commands: BENCHMARKS.md.

use depinsim_core::StreamRng;
use depinsim_core::node::NodeTable;
use depinsim_core::profile::{HardwareProfile, SiteKind};
use depinsim_core::rng::standard_exponential;
use depinsim_core::{Ctx, Liveness, NodeId, Observer, Protocol, SimDuration, SimTime, VertexId};
use depinsim_engine::model::{Group, Network, Placement, SplitBy, Vertex, VertexKind};
use depinsim_engine::{NetworkInput, NetworkOutput, Scenario, WorldGraph, run_network};
use std::sync::Arc;

/// Mean delay between a node's events in the hold model, in ms.
pub const MEAN_DELAY_MS: f64 = 60_000.0;

/// A protocol that only holds: every node keeps one timer pending and, when it fires, draws an
/// exponential delay from its own stream and sets the next.
pub struct Hold;

/// The hold model has no parameters.
#[derive(serde::Deserialize, Default, Clone)]
pub struct HoldConfig {}

impl Protocol for Hold {
    const NAME: &'static str = "hold";
    const SUMMARY: &'static str = "benchmark hold model";
    const ROLES: &'static [&'static str] = &["pop"];
    type Config = HoldConfig;
    type Timer = ();
    type Msg = ();
    fn new(_: HoldConfig, _: &NodeTable, _: &mut StreamRng) -> Result<Self, depinsim_core::ConfigError> {
        Ok(Hold)
    }
    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        let n = cx.live().len();
        for node in 0..n as u32 {
            let d = next_delay(cx.rng());
            cx.set_node_timer(NodeId(node), d, ());
        }
    }
    fn on_timer(&mut self, node: Option<NodeId>, _: (), cx: &mut Ctx<'_, Self>) {
        let d = next_delay(cx.rng());
        cx.set_node_timer(node.expect("node timer"), d, ());
    }
    fn observe(&mut self, _: SimTime, _: &Liveness, _: &mut Observer) {}
}

/// An exponential delay with mean [`MEAN_DELAY_MS`].
pub fn next_delay(rng: &mut StreamRng) -> SimDuration {
    SimDuration::from_millis_f64(standard_exponential(rng) * MEAN_DELAY_MS + 1.0)
}

/// A loaded hold scenario of `n` nodes, ready to run.
pub struct HoldInput {
    /// The scenario.
    pub scenario: Scenario,
    /// Its world.
    pub graph: WorldGraph,
}

impl HoldInput {
    /// The hold scenario of `n` nodes on one site, with a free node that never fails, over 10
    /// simulated minutes sampled once: built as the engine's typed input directly, so these
    /// benches need neither the loader nor any protocol.
    pub fn new(n: usize) -> Self {
        let vertex =
            |name: &str, kind, deps| Vertex { name: name.into(), kind, deps, usd_per_kwh: 0.0, home_outages: None };
        let vertices = vec![
            vertex("r", VertexKind::Region, vec![]),
            vertex("p", VertexKind::Provider, vec![]),
            vertex("s", VertexKind::Site, vec![VertexId(0), VertexId(1)]),
        ];
        let group = Group {
            name: "nodes".into(),
            role: "pop".into(),
            count: n as u32,
            profile: Arc::new(no_failures()),
            placement: Placement::Sites(vec![VertexId(2)]),
            operators: n.max(1) as u32,
            depends_on: vec![],
            depends_share: 0.0,
            traffic_weight: 1.0,
        };
        let network = Network {
            name: "hold".into(),
            protocol: "hold".into(),
            service_threshold: 0.5,
            index: 0,
            groups: vec![group],
        };
        let scenario = Scenario {
            name: "hold".into(),
            description: String::new(),
            sources: vec![],
            start: "2025-01-01T00:00:00Z".into(),
            start_unix_ms: 1_735_689_600_000,
            duration: SimDuration::from_secs(600),
            sample_every: SimDuration::from_secs(600),
            seed: 0,
            vertices,
            networks: vec![network],
            outages: vec![],
            split_by: SplitBy::Provider,
        };
        let graph = WorldGraph::new(&scenario.vertices);
        HoldInput { scenario, graph }
    }

    /// Runs it once.
    pub fn run(&self) -> NetworkOutput {
        let input = NetworkInput {
            scenario: &self.scenario,
            graph: &self.graph,
            network: &self.scenario.networks[0],
            progress: None,
        };
        run_network::<Hold>(&input, HoldConfig {}).expect("runs")
    }
}

/// The benches' node: free and never failing, so only the engine is measured (a benchmark
/// fixture, not a real machine).
fn no_failures() -> HardwareProfile {
    HardwareProfile {
        name: "cloud-vm-no-failures".into(),
        description: "Benchmark-only node that never fails.".into(),
        kind: "vm".into(),
        site: SiteKind::Cloud,
        capex_usd: 0.0,
        lifetime: "1y".parse().expect("a duration"),
        power_w: 0.0,
        pays_power: false,
        hosting_usd_per_month: 0.0,
        failures_per_year: 0.0,
        mttr: SimDuration::from_hours(1),
        data_loss_share: 0.0,
        capacity: Default::default(),
        sources: Default::default(),
    }
}
