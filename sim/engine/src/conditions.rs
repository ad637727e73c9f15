//! Each node's condition, derived from three causes: full outages of vertices it depends on,
//! node-level faults (its own hardware, a partial outage that picked it), and destruction.
//!
//! A node is up when it is not destroyed, has no node-level fault and none of the vertices in
//! its dependency closure is down. Counters make every change O(1) per affected node; a vertex
//! outage walks dep sets, not nodes, until a dep set actually changes state.

use crate::world::Layout;
use depinsim_core::{Fault, Liveness, NodeId, VertexId};

/// The conditions of one network's nodes.
pub struct Conditions {
    vertex_down: Vec<u32>,
    vertex_loss: Vec<Vec<f32>>,
    depset_down: Vec<u32>,
    depset_loss: Vec<f32>,
    node_faults: Vec<u16>,
    node_loss: Vec<f32>,
    /// Destroyed by an outage (a fire): never replaced within the run.
    wrecked: Vec<bool>,
    /// What protocols read.
    pub live: Liveness,
    /// Changes since the engine last took them, in the order they happened.
    pub changes: Vec<(NodeId, Fault)>,
}

/// Combined traffic loss of independent lossy dependencies: 1 - prod(1 - loss).
fn combine(losses: impl IntoIterator<Item = f32>) -> f32 {
    1.0 - losses.into_iter().fold(1.0, |kept, l| kept * (1.0 - l))
}

impl Conditions {
    /// Every node up, nothing degraded.
    pub fn new(layout: &Layout) -> Self {
        let n = layout.table.len();
        Conditions {
            vertex_down: vec![0; layout.vertex_depsets.len()],
            vertex_loss: vec![Vec::new(); layout.vertex_depsets.len()],
            depset_down: vec![0; layout.depsets.len()],
            depset_loss: vec![0.0; layout.depsets.len()],
            node_faults: vec![0; n],
            node_loss: vec![0.0; n],
            wrecked: vec![false; n],
            live: Liveness::all_up(n),
            changes: Vec::new(),
        }
    }

    fn refresh(&mut self, layout: &Layout, node: NodeId) {
        let i = node.index();
        let up = !self.live.is_destroyed(node)
            && self.node_faults[i] == 0
            && self.depset_down[layout.node_depset[i] as usize] == 0;
        if self.live.set_up(node, up) {
            self.changes.push((node, if up { Fault::Up } else { Fault::Down }));
        }
    }

    /// One more full outage on `v`.
    pub fn vertex_down(&mut self, layout: &Layout, v: VertexId) {
        self.vertex_down[v.index()] += 1;
        if self.vertex_down[v.index()] == 1 {
            self.shift_depsets(layout, v, true);
        }
    }

    /// One full outage on `v` fewer.
    pub fn vertex_up(&mut self, layout: &Layout, v: VertexId) {
        let count = &mut self.vertex_down[v.index()];
        *count = count.saturating_sub(1);
        if *count == 0 {
            self.shift_depsets(layout, v, false);
        }
    }

    fn shift_depsets(&mut self, layout: &Layout, v: VertexId, down: bool) {
        for &d in &layout.vertex_depsets[v.index()] {
            let d = d as usize;
            let before = self.depset_down[d];
            self.depset_down[d] = if down { before + 1 } else { before - 1 };
            if (before == 0) != (self.depset_down[d] == 0) {
                for &n in &layout.depsets[d].nodes {
                    self.refresh(layout, n);
                }
            }
        }
    }

    /// Whether `node` was destroyed for good.
    pub fn is_wrecked(&self, node: NodeId) -> bool {
        self.wrecked[node.index()]
    }

    /// One more node-level fault on `node`.
    pub fn node_down(&mut self, layout: &Layout, node: NodeId) {
        self.node_faults[node.index()] += 1;
        self.refresh(layout, node);
    }

    /// One node-level fault on `node` fewer.
    pub fn node_up(&mut self, layout: &Layout, node: NodeId) {
        let f = &mut self.node_faults[node.index()];
        *f = f.saturating_sub(1);
        self.refresh(layout, node);
    }

    /// Destroys `node`'s hardware and data; `for_good` when no replacement comes within the
    /// run (a site burnt down), rather than a failed disk that the operator replaces.
    pub fn destroy(&mut self, node: NodeId, for_good: bool) {
        self.wrecked[node.index()] |= for_good;
        if self.live.set_destroyed(node) {
            self.changes.push((node, Fault::Destroyed));
        }
    }

    /// Replaces destroyed hardware with new, empty hardware (after a failure that lost data).
    pub fn replace(&mut self, layout: &Layout, node: NodeId) {
        if !self.wrecked[node.index()] && self.live.clear_destroyed(node) {
            self.refresh(layout, node);
        }
    }

    /// Starts (`on`) or ends a degradation losing `loss` of traffic through `v`.
    pub fn vertex_loss(&mut self, layout: &Layout, v: VertexId, loss: f32, on: bool) {
        let active = &mut self.vertex_loss[v.index()];
        if on {
            active.push(loss);
        } else if let Some(i) = active.iter().position(|l| *l == loss) {
            active.swap_remove(i);
        }
        for &d in &layout.vertex_depsets[v.index()] {
            let set = &layout.depsets[d as usize];
            self.depset_loss[d as usize] =
                combine(set.closure.iter().flat_map(|u| self.vertex_loss[u.index()].iter().copied()));
            for &n in &set.nodes {
                self.refresh_loss(layout, n);
            }
        }
    }

    /// Sets the node-level traffic loss of `node` (0 ends it).
    pub fn node_loss(&mut self, layout: &Layout, node: NodeId, loss: f32) {
        self.node_loss[node.index()] = loss;
        self.refresh_loss(layout, node);
    }

    fn refresh_loss(&mut self, layout: &Layout, node: NodeId) {
        let i = node.index();
        let loss = combine([self.depset_loss[layout.node_depset[i] as usize], self.node_loss[i]]);
        if self.live.set_loss(node, loss) {
            self.changes.push((node, Fault::Loss(loss)));
        }
    }
}
