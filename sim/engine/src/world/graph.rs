//! The dependency graph between regions, providers, sites and services (petgraph), and what
//! each vertex transitively depends on.

use crate::model::Vertex;
use depinsim_core::VertexId;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::Dfs;

/// The world's vertices with an edge from each to each of its direct dependencies.
#[derive(Clone, Debug)]
pub struct WorldGraph {
    graph: DiGraph<VertexId, ()>,
    closure: Vec<Vec<VertexId>>,
}

fn build(vertices: &[Vertex]) -> DiGraph<VertexId, ()> {
    let mut graph = DiGraph::with_capacity(vertices.len(), vertices.len() * 2);
    for i in 0..vertices.len() {
        graph.add_node(VertexId(i as u32));
    }
    for (i, v) in vertices.iter().enumerate() {
        for d in &v.deps {
            graph.add_edge(NodeIndex::new(i), NodeIndex::new(d.index()), ());
        }
    }
    graph
}

/// A dependency cycle among `vertices`, if there is one, as the vertices on it.
pub fn find_cycle(vertices: &[Vertex]) -> Option<Vec<VertexId>> {
    let graph = build(vertices);
    tarjan_scc(&graph).into_iter().find(|scc| scc.len() > 1 || graph.contains_edge(scc[0], scc[0])).map(|mut scc| {
        scc.sort();
        scc.into_iter().map(|n| graph[n]).collect()
    })
}

impl WorldGraph {
    /// The graph of `vertices`, which must be acyclic (the scenario checker ensures it).
    pub fn new(vertices: &[Vertex]) -> Self {
        let graph = build(vertices);
        let closure = (0..vertices.len())
            .map(|i| {
                let mut seen = Vec::new();
                let mut dfs = Dfs::new(&graph, NodeIndex::new(i));
                while let Some(n) = dfs.next(&graph) {
                    seen.push(graph[n]);
                }
                seen.sort();
                seen
            })
            .collect();
        WorldGraph { graph, closure }
    }

    /// Number of vertices.
    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    /// Whether the world has no vertices.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every vertex `v` depends on, directly or not, including `v` itself; sorted.
    pub fn closure(&self, v: VertexId) -> &[VertexId] {
        &self.closure[v.index()]
    }

    /// The union of the closures of `direct`, sorted and without repeats.
    pub fn closure_of(&self, direct: &[VertexId]) -> Vec<VertexId> {
        let mut all: Vec<VertexId> = direct.iter().flat_map(|d| self.closure(*d).iter().copied()).collect();
        all.sort();
        all.dedup();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::VertexKind;

    fn v(name: &str, deps: &[u32]) -> Vertex {
        Vertex {
            name: name.into(),
            kind: VertexKind::Site,
            deps: deps.iter().map(|d| VertexId(*d)).collect(),
            usd_per_kwh: 0.0,
            home_outages: None,
        }
    }

    #[test]
    fn closure_is_transitive() {
        // 0 region, 1 provider, 2 site -> {0, 1}, 3 service -> {2}
        let w = WorldGraph::new(&[v("r", &[]), v("p", &[]), v("s", &[0, 1]), v("svc", &[2])]);
        assert_eq!(w.closure(VertexId(3)), &[VertexId(0), VertexId(1), VertexId(2), VertexId(3)]);
        assert_eq!(w.closure(VertexId(0)), &[VertexId(0)]);
        assert_eq!(w.closure_of(&[VertexId(0), VertexId(2)]), vec![VertexId(0), VertexId(1), VertexId(2)]);
    }

    #[test]
    fn cycles_are_found() {
        assert!(find_cycle(&[v("a", &[1]), v("b", &[2]), v("c", &[])]).is_none());
        assert_eq!(find_cycle(&[v("a", &[1]), v("b", &[2]), v("c", &[0])]).unwrap().len(), 3);
        assert_eq!(find_cycle(&[v("a", &[0])]).unwrap(), vec![VertexId(0)]);
    }
}
