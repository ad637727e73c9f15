//! Compiling outages into timed actions.
//!
//! An outage that hits its whole target, without staged recovery, acts on the vertex: one action
//! flips every dependent node through the dependency graph. An outage that hits only a share of
//! the target's dependents, or recovers in stages, or destroys, acts on a batch of nodes chosen
//! from the dependents with the network's fault stream, so the choice is reproducible. A share
//! is of the dependents' count, or with `share_of = "traffic"` of their traffic weights: the
//! same random order, cut where the weights taken come nearest the share.

use crate::model::{Outage, OutageKind, Shape, ShareOf};
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
        // Partial Fisher-Yates: the first entries become a uniform random sample, in a random
        // order that also decides who recovers first in a staged recovery.
        let take = match o.share_of {
            ShareOf::Nodes => {
                let take = ((o.share * hit.len() as f64).round() as usize).min(hit.len());
                for k in 0..take {
                    let j = rng.random_range(k..hit.len());
                    hit.swap(k, j);
                }
                take
            }
            // The same draws, one node at a time, until the next would take the weight hit
            // further from the share of the dependents' total than stopping does.
            ShareOf::Traffic => {
                let weight = |n: NodeId| layout.table.traffic_weight(n);
                let target = o.share * hit.iter().map(|n| weight(*n)).sum::<f64>();
                let (mut k, mut taken) = (0, 0.0);
                while k < hit.len() {
                    let j = rng.random_range(k..hit.len());
                    hit.swap(k, j);
                    if !nearer(taken, weight(hit[k]), target) {
                        break;
                    }
                    taken += weight(hit[k]);
                    k += 1;
                }
                k
            }
        };
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
        let weights = weights(o.share_of, layout, &hit);
        let slices = restoration(hit.len(), weights.as_deref(), steps, |k, v| layout.closure(hit[k]).contains(&v));
        for (t, take) in times.into_iter().zip(slices) {
            if !take.is_empty() {
                let b = self.batch(take.iter().map(|&k| hit[k]).collect());
                self.actions.push((t, i, pair(b).1));
            }
        }
    }
}

/// Whether a node of `weight` added to the `taken` weight of a traffic share still brings it
/// nearer `target`, or as near (a tie is taken, as `f64::round` rounds a half up, so equal
/// weights cut exactly where a share of nodes does; a weight of 0 before the target is reached
/// is taken, as it is in the random order).
fn nearer(taken: f64, weight: f64, target: f64) -> bool {
    taken < target && taken + weight - target <= target - taken
}

/// What a recovery step's share counts for each of an outage's `hit` nodes: `None` for a share
/// of their number, or each one's traffic weight.
pub fn weights(share_of: ShareOf, layout: &Layout, hit: &[NodeId]) -> Option<Vec<f64>> {
    match share_of {
        ShareOf::Nodes => None,
        ShareOf::Traffic => Some(hit.iter().map(|n| layout.table.traffic_weight(*n)).collect()),
    }
}

/// Which of an outage's `n` hit nodes (positions in their random order) each recovery step
/// brings back: a step by share the next ones in that order up to its cumulative share of `n`
/// (with `weights`, the next ones while their weights bring the weight back nearer its share of
/// the total, as the outage picked them), a step naming a place every one not yet back that
/// `depends` on it; a share of 1 brings back every one left. The timeline restores by it, and
/// the outputs count by it, so the two agree.
pub fn restoration(
    n: usize,
    weights: Option<&[f64]>,
    steps: impl IntoIterator<Item = (f64, Option<VertexId>)>,
    depends: impl Fn(usize, VertexId) -> bool,
) -> Vec<Vec<usize>> {
    let weight = |k: usize| weights.map_or(1.0, |w| w[k]);
    let total: f64 = weights.map_or(0.0, |w| w.iter().sum());
    let mut restored = vec![false; n];
    let (mut count, mut back_weight) = (0, 0.0);
    let mut out = Vec::new();
    for (share, back) in steps {
        let take: Vec<usize> = match (back, weights) {
            (Some(v), _) => (0..n).filter(|&k| !restored[k] && depends(k, v)).collect(),
            (None, None) => {
                let upto = ((share * n as f64).round() as usize).clamp(count, n);
                (0..n).filter(|&k| !restored[k]).take(upto - count).collect()
            }
            (None, Some(_)) if share >= 1.0 => (0..n).filter(|&k| !restored[k]).collect(),
            (None, Some(_)) => {
                let (target, mut w) = (share * total, back_weight);
                let mut take = Vec::new();
                for k in (0..n).filter(|&k| !restored[k]) {
                    if !nearer(w, weight(k), target) {
                        break;
                    }
                    w += weight(k);
                    take.push(k);
                }
                take
            }
        };
        take.iter().for_each(|&k| restored[k] = true);
        count += take.len();
        back_weight += take.iter().map(|&k| weight(k)).sum::<f64>();
        out.push(take);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_of_equal_weights_cuts_where_a_share_of_nodes_rounds() {
        for n in 1..40 {
            let weights = vec![1.0; n];
            for s in 1..=100 {
                let share = s as f64 / 100.0;
                let by_nodes = restoration(n, None, [(share, None)], |_, _| false);
                let by_weight = restoration(n, Some(&weights), [(share, None)], |_, _| false);
                assert_eq!(by_nodes, by_weight, "{share} of {n}");
            }
        }
    }

    #[test]
    fn weight_comes_back_nearest_each_share_and_the_end_brings_back_the_weightless_too() {
        // Weights in the random order: 5, 0, 1, 1, 3, 0 (10 in all).
        let weights = [5.0, 0.0, 1.0, 1.0, 3.0, 0.0];
        let steps = [(0.5, None), (0.7, None), (1.0, None)];
        let slices = restoration(weights.len(), Some(&weights), steps, |_, _| false);
        // 5 of 10 is half; then 0 + 1 + 1 make 7 of 10 (3 more would overshoot to 10); the end
        // brings back the rest, the node of weight 0 after them included.
        assert_eq!(slices, vec![vec![0], vec![1, 2, 3], vec![4, 5]]);
        // A step naming a place takes its dependents whatever their weight, and the next share
        // counts the weight they brought back: 3 + 5 is 2 from 6 of 10, nearer than 3 is; at 4
        // of 10 the next in the order (5) would overshoot by more than stopping short.
        let depends = |k: usize, v: VertexId| v == VertexId(9) && k == 4;
        let steps = [(0.0, Some(VertexId(9))), (0.6, None)];
        assert_eq!(restoration(weights.len(), Some(&weights), steps, depends), vec![vec![4], vec![0]]);
        let steps = [(0.0, Some(VertexId(9))), (0.4, None)];
        assert_eq!(restoration(weights.len(), Some(&weights), steps, depends), vec![vec![4], vec![]]);
    }
}
