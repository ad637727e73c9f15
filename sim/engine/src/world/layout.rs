//! Where each node of a network stands: its site or home, region, provider and operator, and
//! which vertices it depends on.
//!
//! Nodes with the same direct dependencies share one [`DepSet`]; an outage walks the dep sets of
//! the hit vertex, not every node, so a vertex going down costs O(dep sets) plus a notification
//! per node that actually changes.

use super::graph::WorldGraph;
use crate::model::{Group, Network, Placement, Scenario};
use depinsim_core::node::{GroupInfo, NodeInfo, NodeTable};
use depinsim_core::{NodeId, OperatorId, VertexId};
use std::collections::BTreeMap;

/// Nodes sharing the same dependencies.
#[derive(Clone, Debug, Default)]
pub struct DepSet {
    /// Every vertex these nodes depend on, directly or not.
    pub closure: Vec<VertexId>,
    /// The nodes.
    pub nodes: Vec<NodeId>,
}

/// The nodes of one network placed in the world.
#[derive(Clone, Debug)]
pub struct Layout {
    /// What the protocol sees.
    pub table: NodeTable,
    /// Each node's dep set.
    pub node_depset: Vec<u32>,
    /// The distinct dep sets.
    pub depsets: Vec<DepSet>,
    /// For each vertex, the dep sets whose closure contains it.
    pub vertex_depsets: Vec<Vec<u32>>,
}

/// Whether node `i` of a group is among the spread-out `share` that gets the group's extra
/// dependencies: Bresenham-style, so the chosen nodes are spread evenly over sites and homes.
fn in_share(i: u32, share: f64) -> bool {
    ((i as f64 + 1.0) * share).floor() > (i as f64 * share).floor()
}

impl Layout {
    /// Places the nodes of `network`.
    pub fn new(scenario: &Scenario, graph: &WorldGraph, network: &Network) -> Self {
        let total: usize = network.groups.iter().map(|g| g.count as usize).sum();
        let mut table = NodeTable { nodes: Vec::with_capacity(total), groups: Vec::new(), operators: 0 };
        let mut node_depset = Vec::with_capacity(total);
        let mut interned: BTreeMap<Vec<VertexId>, u32> = BTreeMap::new();
        let mut depsets: Vec<DepSet> = Vec::new();
        for (gi, group) in network.groups.iter().enumerate() {
            table.groups.push(GroupInfo {
                name: group.name.clone(),
                role: group.role.clone(),
                profile: group.profile.clone(),
                count: group.count,
                traffic_weight: group.traffic_weight,
            });
            let first_operator = table.operators;
            for i in 0..group.count {
                let (site, region, provider, mut direct) = match &group.placement {
                    Placement::Sites(sites) => {
                        let site = sites[i as usize % sites.len()];
                        let deps = &scenario.vertices[site.index()].deps;
                        (Some(site), deps[0], deps[1], vec![site])
                    }
                    Placement::Homes { regions, isps } => {
                        let region = regions[i as usize % regions.len()];
                        let isp = isps[(i as usize / regions.len()) % isps.len()];
                        (None, region, isp, vec![region, isp])
                    }
                };
                if in_share(i, group.depends_share) {
                    direct.extend_from_slice(&group.depends_on);
                }
                direct.sort();
                direct.dedup();
                let next = depsets.len() as u32;
                let ds = *interned.entry(direct).or_insert_with_key(|direct| {
                    depsets.push(DepSet { closure: graph.closure_of(direct), nodes: Vec::new() });
                    next
                });
                let id = NodeId(table.nodes.len() as u32);
                depsets[ds as usize].nodes.push(id);
                node_depset.push(ds);
                table.nodes.push(NodeInfo {
                    group: gi as u16,
                    site,
                    region,
                    provider,
                    operator: OperatorId(first_operator + i % group.operators),
                });
            }
            // Operator ids are i % operators, so a group uses min(operators, count) of them.
            table.operators += group.operators.min(group.count);
        }
        let mut vertex_depsets = vec![Vec::new(); graph.len()];
        for (d, set) in depsets.iter().enumerate() {
            for v in &set.closure {
                vertex_depsets[v.index()].push(d as u32);
            }
        }
        Layout { table, node_depset, depsets, vertex_depsets }
    }

    /// The nodes depending on `v`, directly or not, in dep-set order.
    pub fn dependents(&self, v: VertexId) -> Vec<NodeId> {
        self.vertex_depsets[v.index()].iter().flat_map(|d| self.depsets[*d as usize].nodes.iter().copied()).collect()
    }

    /// Every vertex `node` depends on.
    pub fn closure(&self, node: NodeId) -> &[VertexId] {
        &self.depsets[self.node_depset[node.index()] as usize].closure
    }
}

/// Whether any node of `group` depends on `target`, directly or not: whether
/// [`Layout::dependents`] would find one of the group's nodes, known without placing them (the
/// loader asks before a run, for groups of any size). Node `i` is at site `i % sites` (in a home
/// of region `i % regions` and internet provider `(i / regions) % isps`), so the group uses its
/// first `count` sites or regions and its first `ceil(count / regions)` providers; the
/// spread-out [`in_share`] nodes with `depends_on` number `floor(count x depends_share)` (the
/// sum of its steps).
pub fn group_depends_on(group: &Group, graph: &WorldGraph, target: VertexId) -> bool {
    let n = group.count as usize;
    let reaches = |v: &VertexId| graph.closure(*v).binary_search(&target).is_ok();
    let placed = match &group.placement {
        Placement::Sites(sites) => sites.iter().take(n).any(reaches),
        Placement::Homes { regions, isps } => {
            regions.iter().take(n).any(reaches) || isps.iter().take(n.div_ceil(regions.len().max(1))).any(reaches)
        }
    };
    let extra = (n as f64 * group.depends_share).floor() >= 1.0 && group.depends_on.iter().any(reaches);
    placed || extra
}

#[cfg(test)]
mod tests {
    use super::in_share;

    #[test]
    fn shares_are_spread_evenly() {
        let picked: Vec<u32> = (0..10).filter(|i| in_share(*i, 0.3)).collect();
        assert_eq!(picked.len(), 3);
        assert_eq!(picked, vec![3, 6, 9]);
        assert_eq!((0..1000).filter(|i| in_share(*i, 1.0)).count(), 1000);
        assert_eq!((0..1000).filter(|i| in_share(*i, 0.0)).count(), 0);
    }
}
