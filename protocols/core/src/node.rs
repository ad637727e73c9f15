//! What a protocol knows about the nodes it runs on: their group, role, hardware and place in
//! the world. Built by the engine from the scenario; read-only for protocols.

use crate::ids::{NodeId, OperatorId, VertexId};
use crate::profile::HardwareProfile;
use std::sync::Arc;

/// Where one node stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeInfo {
    /// Index of the node's group in [`NodeTable::groups`].
    pub group: u16,
    /// The datacenter or cloud site hosting the node; `None` for a node in a home.
    pub site: Option<VertexId>,
    /// The region (power grid, geography) it is in.
    pub region: VertexId,
    /// Its hosting provider, or its internet provider for a home node.
    pub provider: VertexId,
    /// Who runs it.
    pub operator: OperatorId,
}

/// A group of like nodes from the scenario: same role, same hardware.
#[derive(Clone, Debug)]
pub struct GroupInfo {
    /// The group's name in the scenario.
    pub name: String,
    /// The protocol-defined role of its nodes (e.g. "storage", "gateway", "pop").
    pub role: String,
    /// Its hardware.
    pub profile: Arc<HardwareProfile>,
    /// How many nodes it has.
    pub count: u32,
    /// The relative traffic each of its nodes draws (the scenario's `traffic_weight`, 1 unless
    /// it says otherwise; 0 or more). The one per-node traffic figure: the CDN routes requests
    /// in proportion to it, and an outage with `share_of = "traffic"` counts its share of the
    /// dependents by it. Protocols with their own traffic model need not read it.
    pub traffic_weight: f64,
}

impl GroupInfo {
    /// A group of `count` nodes of `role` on `profile`, each drawing traffic weight 1.
    pub fn new(name: impl Into<String>, role: impl Into<String>, profile: Arc<HardwareProfile>, count: u32) -> Self {
        GroupInfo { name: name.into(), role: role.into(), profile, count, traffic_weight: 1.0 }
    }
}

/// The nodes of one network.
#[derive(Clone, Debug, Default)]
pub struct NodeTable {
    /// One entry per node, indexed by [`NodeId`].
    pub nodes: Vec<NodeInfo>,
    /// The groups the nodes belong to.
    pub groups: Vec<GroupInfo>,
    /// Number of distinct operators; operator ids are `0..operators`.
    pub operators: u32,
}

impl NodeTable {
    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }
    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
    /// The node's record.
    pub fn info(&self, node: NodeId) -> &NodeInfo {
        &self.nodes[node.index()]
    }
    /// The node's role.
    pub fn role(&self, node: NodeId) -> &str {
        &self.groups[self.info(node).group as usize].role
    }
    /// The node's hardware.
    pub fn profile(&self, node: NodeId) -> &HardwareProfile {
        &self.groups[self.info(node).group as usize].profile
    }
    /// The relative traffic the node draws: its group's [`GroupInfo::traffic_weight`].
    pub fn traffic_weight(&self, node: NodeId) -> f64 {
        self.groups[self.info(node).group as usize].traffic_weight
    }
    /// All node ids, in order.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = NodeId> + use<> {
        (0..self.nodes.len() as u32).map(NodeId)
    }
    /// A key that is equal for two nodes exactly when they share a physical site: the site
    /// vertex for hosted nodes, the node itself for a home (every home is its own site).
    pub fn site_key(&self, node: NodeId) -> u64 {
        match self.info(node).site {
            Some(site) => site.0 as u64,
            None => (1 << 32) | node.0 as u64,
        }
    }
    /// Refuses roles `protocol` does not know, for protocols built without the scenario loader
    /// (which already rejects them with the file position).
    pub fn check_roles(&self, protocol: &str, known: &[&str]) -> Result<(), crate::ConfigError> {
        check_roles(&self.groups, protocol, known)
    }
}

/// Refuses a group whose role `protocol` does not know, naming the group.
pub fn check_roles(groups: &[GroupInfo], protocol: &str, known: &[&str]) -> Result<(), crate::ConfigError> {
    match groups.iter().find(|g| !known.contains(&g.role.as_str())) {
        None => Ok(()),
        Some(g) => Err(crate::ConfigError::group(
            &g.name,
            format!("group `{}` has role `{}`, which protocol `{protocol}` does not know", g.name, g.role),
        )
        .help(format!("roles: {}", known.join(", ")))),
    }
}

#[cfg(test)]
mod tests {
    use crate::protocol::testing::{Place, table, test_profile};

    #[test]
    fn roles_outside_the_protocols_are_refused_by_name() {
        let nodes =
            table(vec![("a", "miner", test_profile(), 1), ("b", "gateway", test_profile(), 1)], |_| Place::default());
        assert!(nodes.check_roles("x", &["miner", "gateway"]).is_ok());
        let e = nodes.check_roles("arweave", &["miner"]).unwrap_err();
        assert_eq!(e.at, crate::config::Located::Group("b".into()));
        assert_eq!(
            e.to_string(),
            "group `b` has role `gateway`, which protocol `arweave` does not know (roles: miner)"
        );
    }
}
