//! How long each node was up during a batched period (a reward period, a block batch), split at
//! every change, for the protocols that pay a period's work at its end: a node down for part of
//! the period earns the part it was up, not what its state at the payment says (a holder down
//! 45 of 60 minutes and up at the payment would earn the full hour; one down for the last 15
//! nothing).
//!
//! Each node's time is counted in segments over which both its state and its weight hold; the
//! weight is what a millisecond up is worth to the caller (1 for plain up-time, the partitions a
//! miner stores for Arweave). A change of either closes the segment. Weights times milliseconds
//! are summed in `f64`, per period (taking a node's sum zeroes it): exact for integer weights
//! while a period's sum stays below 2^53 (for a one-day period, weights up to 10^8), and within
//! a relative 10^-16 beyond.
//!
//! ```
//! use depinsim_core::uptime::UpTime;
//! use depinsim_core::{Fault, NodeId, SimTime};
//! let mut t = UpTime::new(2, |_| 1.0);
//! t.fault(NodeId(0), Fault::Down, SimTime::from_millis(45));
//! t.fault(NodeId(0), Fault::Up, SimTime::from_millis(60));
//! t.fault(NodeId(1), Fault::Down, SimTime::from_millis(85));
//! t.end_period(SimTime::from_millis(100));
//! assert_eq!((t.take(NodeId(0)), t.take(NodeId(1))), (85.0, 85.0));
//! ```

use crate::ids::NodeId;
use crate::protocol::Fault;
use crate::time::SimTime;

/// Per node, the weighted time up in the period under way. Every node starts up at
/// [`SimTime::ZERO`], as the engine starts them.
#[derive(Clone, Debug)]
pub struct UpTime {
    /// When each node's current segment (its state and weight unchanged) began.
    since: Vec<SimTime>,
    up: Vec<bool>,
    weight: Vec<f64>,
    /// Weight x milliseconds up in the period, over the segments closed so far.
    accrued: Vec<f64>,
}

impl UpTime {
    /// `nodes` nodes, all up from time zero, node `i` with weight `weight(i)`.
    pub fn new(nodes: usize, weight: impl Fn(usize) -> f64) -> Self {
        UpTime {
            since: vec![SimTime::ZERO; nodes],
            up: vec![true; nodes],
            weight: (0..nodes).map(weight).collect(),
            accrued: vec![0.0; nodes],
        }
    }

    /// Closes `i`'s segment at `now`.
    fn close(&mut self, i: usize, now: SimTime) {
        if self.up[i] {
            self.accrued[i] += self.weight[i] * now.since(self.since[i]).as_millis() as f64;
        }
        self.since[i] = now;
    }

    /// `node`'s condition changed at `now` (read with [`Fault::reachable`]: a change of loss
    /// leaves it up or down as it was, and changes nothing here).
    pub fn fault(&mut self, node: NodeId, fault: Fault, now: SimTime) {
        let Some(up) = fault.reachable() else { return };
        let i = node.index();
        self.close(i, now);
        self.up[i] = up;
    }

    /// `node`'s weight is `weight` from `now` on.
    pub fn set_weight(&mut self, node: NodeId, weight: f64, now: SimTime) {
        let i = node.index();
        if self.weight[i] != weight {
            self.close(i, now);
            self.weight[i] = weight;
        }
    }

    /// Ends the period at `now`: every node's time up to `now` is counted, and the next period
    /// starts at `now`. Read each node's with [`UpTime::take`] before the next change.
    pub fn end_period(&mut self, now: SimTime) {
        for i in 0..self.since.len() {
            self.close(i, now);
        }
    }

    /// `node`'s weighted milliseconds up in the period just ended, and zero from here on.
    pub fn take(&mut self, node: NodeId) -> f64 {
        std::mem::take(&mut self.accrued[node.index()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: u64) -> SimTime {
        SimTime::from_millis(ms)
    }

    #[test]
    fn each_node_counts_the_part_of_the_period_it_was_up_at_its_weight() {
        let mut t = UpTime::new(4, |i| [1.0, 1.0, 3.0, 2.0][i]);
        // 0: down for the first 45 of 100; 1: down for the last 15; 2: up throughout at weight
        // 3; 3: weight 2 for 40, then 5 for 60; a change of loss is not a change of state.
        t.fault(NodeId(0), Fault::Down, at(0));
        t.fault(NodeId(0), Fault::Up, at(45));
        t.fault(NodeId(1), Fault::Down, at(85));
        t.fault(NodeId(2), Fault::Loss(0.5), at(10));
        t.set_weight(NodeId(3), 5.0, at(40));
        t.end_period(at(100));
        let got: Vec<f64> = (0..4).map(|i| t.take(NodeId(i))).collect();
        assert_eq!(got, vec![55.0, 85.0, 300.0, 2.0 * 40.0 + 5.0 * 60.0]);
        // The next period starts where this one ended; node 1 is still down, node 0 up.
        t.end_period(at(150));
        let got: Vec<f64> = (0..4).map(|i| t.take(NodeId(i))).collect();
        assert_eq!(got, vec![50.0, 0.0, 150.0, 250.0]);
        // A node destroyed is down until it comes back.
        t.fault(NodeId(2), Fault::Destroyed, at(160));
        t.fault(NodeId(2), Fault::Up, at(190));
        t.end_period(at(200));
        assert_eq!(t.take(NodeId(2)), 3.0 * 20.0);
    }
}
