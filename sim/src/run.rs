//! Running a whole scenario: every network on its own thread (rayon), results in file order,
//! so that no output depends on the thread count.

use crate::scenario::{InputError, LoadedScenario};
use depinsim_engine::{NetworkInput, NetworkOutput, WorldGraph};
use rayon::prelude::*;
use std::sync::atomic::AtomicU64;

/// The outputs of every network of `scenario`, in the order of its file. `progress`, if given,
/// has one counter per network (simulated milliseconds reached).
pub fn run(scenario: &LoadedScenario, progress: Option<&[AtomicU64]>) -> Result<Vec<NetworkOutput>, InputError> {
    let graph = WorldGraph::new(&scenario.vertices);
    scenario
        .networks
        .par_iter()
        .zip(&scenario.prepared)
        .enumerate()
        .map(|(i, (network, prepared))| {
            let input = NetworkInput { scenario, graph: &graph, network, progress: progress.map(|p| &p[i]) };
            // A refusal here passed the load-time check: still shown at the value it names.
            (prepared.entry.run)(&input, &prepared.config)
                .map_err(|e| scenario.source.config_error(network.index, &network.name, &e, &[]))
        })
        .collect()
}
