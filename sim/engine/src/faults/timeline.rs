//! Compiling outages into timed actions.
//!
//! An outage that hits its whole target, without staged recovery, acts on the vertex: one action
//! flips every dependent node through the dependency graph. An outage that hits only a share of
//! the target's dependents, or recovers in stages, or destroys, acts on a batch of nodes chosen
//! from the dependents with the network's fault stream, so the choice is reproducible.

use crate::model::{Outage, OutageKind, Shape};
use crate::world::Layout;
use depinsim_core::StreamRng;
use depinsim_core::{NodeId, SimTime, VertexId};
use rand::Rng;

/// Something an outage does at one instant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// A vertex goes down.
    VertexDown(VertexId),
    /// A vertex comes back.
    VertexUp(VertexId),
    /// A vertex starts (`on`) or stops losing `loss` of its traffic.
    VertexLoss {
        /// Vertex.
        vertex: VertexId,
        /// Share lost.
        loss: f32,
        /// Start or end.
        on: bool,
    },
    /// The nodes of a batch go down.
    NodesDown(u32),
    /// The nodes of a batch come back.
    NodesUp(u32),
    /// The nodes of a batch are destroyed.
    NodesDestroyed(u32),
    /// The nodes of a batch start losing `loss` of traffic (0 ends it).
    NodesLoss(u32, f32),
}

/// The actions of every outage of a scenario for one network, in time order.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    /// (time, outage index, action), sorted by time, stable.
    pub actions: Vec<(SimTime, usize, Action)>,
    /// Node batches referred to by the actions.
    pub batches: Vec<Vec<NodeId>>,
}

impl Timeline {
    /// Compiles `outages` for the network laid out in `layout`; `rng` (the network's fault
    /// stream) picks the nodes of partial outages.
    pub fn compile(outages: &[Outage], layout: &Layout, end: SimTime, rng: &mut StreamRng) -> Self {
        let mut tl = Timeline::default();
        for (i, o) in outages.iter().enumerate() {
            let whole = o.share >= 1.0 && !o.is_staged() && o.kind != OutageKind::Destroyed;
            if whole {
                tl.vertex_outage(i, o, end);
            } else {
                tl.batch_outage(i, o, layout, end, rng);
            }
        }
        tl.actions.sort_by_key(|(t, _, _)| *t);
        tl
    }

    fn vertex_outage(&mut self, i: usize, o: &Outage, end: SimTime) {
        let v = o.target;
        if !o.loss_steps.is_empty() {
            // A varying loss: each step starts its loss, then ends the one before it.
            let loss = |l: f64| l as f32;
            let mut last: Option<f32> = None;
            for &(t, l) in &o.loss_steps {
                self.actions.push((t, i, Action::VertexLoss { vertex: v, loss: loss(l), on: true }));
                if let Some(prev) = last {
                    self.actions.push((t, i, Action::VertexLoss { vertex: v, loss: prev, on: false }));
                }
                last = Some(loss(l));
            }
            if let (Some(prev), Some(stop)) = (last, o.end) {
                self.actions.push((stop, i, Action::VertexLoss { vertex: v, loss: prev, on: false }));
            }
            return;
        }
        for (down, up) in o.hit_intervals(end) {
            let (start, stop) = match o.kind {
                OutageKind::Degraded => (
                    Action::VertexLoss { vertex: v, loss: o.loss as f32, on: true },
                    Action::VertexLoss { vertex: v, loss: o.loss as f32, on: false },
                ),
                _ => (Action::VertexDown(v), Action::VertexUp(v)),
            };
            self.actions.push((down, i, start));
            if let Some(up) = up {
                self.actions.push((up, i, stop));
            }
        }
    }

    fn batch(&mut self, nodes: Vec<NodeId>) -> u32 {
        self.batches.push(nodes);
        self.batches.len() as u32 - 1
    }

    fn batch_outage(&mut self, i: usize, o: &Outage, layout: &Layout, end: SimTime, rng: &mut StreamRng) {
        let mut hit = layout.dependents(o.target);
        let take = ((o.share * hit.len() as f64).round() as usize).min(hit.len());
        // Partial Fisher-Yates: the first `take` entries become a uniform random sample, in a
        // random order that also decides who recovers first in a staged recovery.
        for k in 0..take {
            let j = rng.random_range(k..hit.len());
            hit.swap(k, j);
        }
        hit.truncate(take);
        let loss = o.loss as f32;
        if o.kind == OutageKind::Destroyed {
            let b = self.batch(hit);
            self.actions.push((o.start, i, Action::NodesDestroyed(b)));
            return;
        }
        // The action that starts and the one that ends the outage for batch `b`.
        let pair = |b: u32| match o.kind {
            OutageKind::Degraded => (Action::NodesLoss(b, loss), Action::NodesLoss(b, 0.0)),
            _ => (Action::NodesDown(b), Action::NodesUp(b)),
        };
        if !o.loss_steps.is_empty() {
            let b = self.batch(hit);
            for &(t, l) in &o.loss_steps {
                self.actions.push((t, i, Action::NodesLoss(b, l as f32)));
            }
            if let Some(stop) = o.end {
                self.actions.push((stop, i, Action::NodesLoss(b, 0.0)));
            }
            return;
        }
        let Shape::Staged(steps) = &o.shape else {
            let b = self.batch(hit);
            for (start, stop) in o.hit_intervals(end) {
                self.actions.push((start, i, pair(b).0));
                if let Some(stop) = stop {
                    self.actions.push((stop, i, pair(b).1));
                }
            }
            return;
        };
        // Staged: everyone goes down at the start; each step brings back the next slice of the
        // random order, or the hit nodes that depend on the place it names.
        let all = self.batch(hit.clone());
        self.actions.push((o.start, i, pair(all).0));
        let times: Vec<SimTime> = steps.iter().map(|s| s.at).chain(o.end).collect();
        let steps = steps.iter().map(|s| (s.share, s.back)).chain(o.end.map(|_| (1.0, None)));
        let slices = restoration(hit.len(), steps, |k, v| layout.closure(hit[k]).contains(&v));
        for (t, take) in times.into_iter().zip(slices) {
            if !take.is_empty() {
                let b = self.batch(take.iter().map(|&k| hit[k]).collect());
                self.actions.push((t, i, pair(b).1));
            }
        }
    }
}

/// Which of an outage's `n` hit nodes (positions in their random order) each recovery step
/// brings back: a step by share the next ones in that order up to its cumulative share of `n`,
/// a step naming a place every one not yet back that `depends` on it. The timeline restores by
/// it, and the outputs count by it, so the two agree.
pub fn restoration(
    n: usize,
    steps: impl IntoIterator<Item = (f64, Option<VertexId>)>,
    depends: impl Fn(usize, VertexId) -> bool,
) -> Vec<Vec<usize>> {
    let mut restored = vec![false; n];
    let mut count = 0;
    let mut out = Vec::new();
    for (share, back) in steps {
        let take: Vec<usize> = match back {
            Some(v) => (0..n).filter(|&k| !restored[k] && depends(k, v)).collect(),
            None => {
                let upto = ((share * n as f64).round() as usize).clamp(count, n);
                (0..n).filter(|&k| !restored[k]).take(upto - count).collect()
            }
        };
        take.iter().for_each(|&k| restored[k] = true);
        count += take.len();
        out.push(take);
    }
    out
}
