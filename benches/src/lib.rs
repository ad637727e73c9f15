//! Shared pieces of depinsim's benches: the hold model as a protocol and a scenario to run it.
//! The criterion benches (`benches/engine.rs`, `benches/scenario.rs`) measure wall time; the
//! gungraun bench (`benches/instructions.rs`) counts instructions under valgrind, which does not
//! vary with the load of a shared CI machine. Figures and commands: BENCHMARKS.md.

use depinsim::scenario::{LoadOptions, load_str};
use depinsim_core::node::NodeTable;
use depinsim_core::{Ctx, Liveness, NodeId, Observer, Protocol, SimDuration, SimTime};
use depinsim_engine::{NetworkInput, NetworkOutput, Scenario, WorldGraph, run_network};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::path::Path;

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
    fn new(_: HoldConfig, _: &NodeTable, _: &mut ChaCha8Rng) -> Result<Self, depinsim_core::ConfigError> {
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
pub fn next_delay(rng: &mut ChaCha8Rng) -> SimDuration {
    SimDuration::from_millis_f64(-(1.0 - rng.random::<f64>()).ln() * MEAN_DELAY_MS + 1.0)
}

/// A scenario of `n` nodes with no failures, long enough for about 10 events per node.
pub fn hold_scenario(n: usize) -> String {
    format!(
        r#"
name = "hold"
start = "2025-01-01T00:00:00Z"
duration = "10m"
sample_every = "10m"
[[regions]]
name = "r"
[[providers]]
name = "p"
[[sites]]
name = "s"
region = "r"
provider = "p"
[[networks]]
name = "hold"
protocol = "cdn"
[[networks.nodes]]
name = "nodes"
role = "pop"
count = {n}
profile = "cloud-vm-no-failures"
sites = ["s"]
"#
    )
}

/// A loaded hold scenario of `n` nodes, ready to run.
pub struct HoldInput {
    /// The scenario.
    pub scenario: Scenario,
    /// Its world.
    pub graph: WorldGraph,
}

impl HoldInput {
    /// Loads the hold scenario of `n` nodes with the benches' failure-free profile.
    pub fn new(n: usize) -> Self {
        let profiles = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles");
        let options = LoadOptions { profiles_dir: Some(profiles), ..Default::default() };
        let scenario =
            load_str(Path::new("hold.toml"), &hold_scenario(n), &options).expect("valid bench scenario").scenario;
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
