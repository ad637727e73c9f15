//! Where replicas go: distinct nodes, and distinct operators, sites or providers as the
//! scenario asks, so that one failure domain holds at most one replica of an object.

use depinsim_core::StreamRng;
use depinsim_core::node::NodeTable;
use depinsim_core::{Liveness, NodeId};
use rand::Rng;
use serde::Deserialize;

/// The failure domain replicas must not share.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Spread {
    /// Distinct operators (the default: what a network can check from its own registry).
    #[default]
    Operators,
    /// Distinct physical sites (a home is its own site).
    Sites,
    /// Distinct hosting or internet providers.
    Providers,
}

/// How many draws to try before giving up on finding a fitting node; with a failure domain
/// holding share s of the nodes, the chance all fail is s^32.
const DRAWS: usize = 32;

impl Spread {
    /// Its name in scenario files, which is also what its failure domains are called.
    pub fn name(self) -> &'static str {
        match self {
            Spread::Operators => "operators",
            Spread::Sites => "sites",
            Spread::Providers => "providers",
        }
    }

    /// The failure-domain key of `node`.
    pub fn key(self, nodes: &NodeTable, node: NodeId) -> u64 {
        match self {
            Spread::Operators => nodes.info(node).operator.0 as u64,
            Spread::Sites => nodes.site_key(node),
            Spread::Providers => nodes.info(node).provider.0 as u64,
        }
    }

    /// Number of distinct failure domains among `candidates`.
    pub fn domains(self, nodes: &NodeTable, candidates: &[NodeId]) -> usize {
        let mut keys: Vec<u64> = candidates.iter().map(|n| self.key(nodes, *n)).collect();
        keys.sort_unstable();
        keys.dedup();
        keys.len()
    }

    /// A random candidate that is up (when `live` is given) and shares no failure domain with
    /// `holders`; `None` if none was found in a bounded number of draws.
    pub fn pick(
        self,
        nodes: &NodeTable,
        candidates: &[NodeId],
        holders: &[NodeId],
        live: Option<&Liveness>,
        rng: &mut StreamRng,
    ) -> Option<NodeId> {
        (0..DRAWS).find_map(|_| {
            let c = candidates[rng.random_range(0..candidates.len())];
            let fits = live.is_none_or(|l| l.is_up(c))
                && !holders.iter().any(|h| *h == c || self.key(nodes, *h) == self.key(nodes, c));
            fits.then_some(c)
        })
    }
}
