//! Running a whole scenario: every network on its own thread (rayon), results in file order,
//! so that no output depends on the thread count.

use crate::engine::{NetworkInput, NetworkOutput};
use crate::registry;
use crate::scenario::{InputError, Scenario};
use crate::world::WorldGraph;
use rayon::prelude::*;
use std::sync::atomic::AtomicU64;

/// The outputs of every network of `scenario`, in the order of its file. `progress`, if given,
/// has one counter per network (simulated milliseconds reached).
pub fn run(scenario: &Scenario, progress: Option<&[AtomicU64]>) -> Result<Vec<NetworkOutput>, InputError> {
    let graph = WorldGraph::new(&scenario.vertices);
    scenario
        .networks
        .par_iter()
        .enumerate()
        .map(|(i, network)| {
            let entry = registry::find(&network.protocol).expect("checked when loaded");
            let input = NetworkInput { scenario, graph: &graph, network, progress: progress.map(|p| &p[i]) };
            (entry.run)(&input)
        })
        .collect()
}
