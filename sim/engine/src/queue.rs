//! The pending-event set: a monotone radix heap.
//!
//! Simulated time only moves forward, so the queue never has to hand out a time earlier than the
//! last one popped. A radix heap exploits that: an event waits in the bucket named by the highest
//! bit in which its time differs from the current time, and moves down at most 64 times before it
//! is popped, so a push is O(1) and a pop amortized O(log T) in the time span T, not O(log n) in
//! the number of pending events. Buckets are contiguous vectors, which keeps it fast when the
//! pending set is far larger than the cache, where a binary heap slows down (see BENCHMARKS.md).
//!
//! Events at the same time leave in the order they were pushed: events at the current time wait
//! in a FIFO; a bucket emptied into it is first sorted by insertion number.

use std::collections::VecDeque;

/// A monotone priority queue of events ordered by (time, insertion order).
pub struct EventQueue<E> {
    now: u64,
    next_seq: u64,
    len: usize,
    /// Events at `now`, in insertion order.
    current: VecDeque<(u64, E)>,
    /// `buckets[b]` holds events whose time first differs from `now` at bit `b`.
    buckets: Vec<Vec<(u64, u64, E)>>,
    /// The bucket being redistributed; kept to reuse its allocation.
    scratch: Vec<(u64, u64, E)>,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventQueue<E> {
    /// An empty queue at time zero.
    pub fn new() -> Self {
        EventQueue {
            now: 0,
            next_seq: 0,
            len: 0,
            current: VecDeque::new(),
            buckets: (0..64).map(|_| Vec::new()).collect(),
            scratch: Vec::new(),
        }
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The time of the last event popped.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Adds `event` at `time`, which must not be earlier than the last time popped.
    pub fn push(&mut self, time: u64, event: E) {
        assert!(time >= self.now, "event at {time} pushed after time {} was popped", self.now);
        let seq = self.next_seq;
        self.next_seq += 1;
        self.len += 1;
        if time == self.now {
            self.current.push_back((seq, event));
        } else {
            let bucket = 63 - (time ^ self.now).leading_zeros() as usize;
            self.buckets[bucket].push((time, seq, event));
        }
    }

    /// Removes and returns the earliest event (first pushed among equals), with its time.
    pub fn pop(&mut self) -> Option<(u64, E)> {
        if self.current.is_empty() && !self.advance() {
            return None;
        }
        self.len -= 1;
        self.current.pop_front().map(|(_, e)| (self.now, e))
    }

    /// The time of the earliest pending event.
    pub fn peek_time(&mut self) -> Option<u64> {
        if self.current.is_empty() && !self.advance() {
            return None;
        }
        Some(self.now)
    }

    /// Moves `now` to the earliest pending time and fills `current` with its events.
    fn advance(&mut self) -> bool {
        let Some(b) = self.buckets.iter().position(|b| !b.is_empty()) else {
            return false;
        };
        std::mem::swap(&mut self.scratch, &mut self.buckets[b]);
        self.now = self.scratch.iter().map(|(t, _, _)| *t).min().expect("non-empty");
        // `current` is empty here: fill it in place (no allocation) and restore insertion order.
        for (time, seq, event) in self.scratch.drain(..) {
            if time == self.now {
                self.current.push_back((seq, event));
            } else {
                let nb = 63 - (time ^ self.now).leading_zeros() as usize;
                self.buckets[nb].push((time, seq, event));
            }
        }
        if self.current.len() > 1 {
            self.current.make_contiguous().sort_unstable_by_key(|(seq, _)| *seq);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    #[test]
    fn equal_times_leave_in_insertion_order() {
        let mut q = EventQueue::new();
        for (t, e) in [(5, 'a'), (3, 'b'), (5, 'c'), (3, 'd'), (0, 'e')] {
            q.push(t, e);
        }
        let order: Vec<char> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['e', 'b', 'd', 'a', 'c']);
    }

    #[test]
    #[should_panic(expected = "pushed after")]
    fn refuses_to_go_back_in_time() {
        let mut q = EventQueue::new();
        q.push(10, ());
        q.pop();
        q.push(9, ());
    }

    proptest! {
        /// Against a binary heap on (time, seq): any interleaving of pushes (never in the past)
        /// and pops gives the same sequence.
        #[test]
        fn matches_a_binary_heap(ops in proptest::collection::vec((any::<bool>(), 0u64..1_000, 0u8..3), 1..400)) {
            let mut q = EventQueue::new();
            let mut h = BinaryHeap::new();
            let mut seq = 0u64;
            for (pop, delta, scale) in ops {
                if pop {
                    let got = q.pop();
                    let want = h.pop().map(|Reverse((t, s))| (t, s));
                    prop_assert_eq!(got, want);
                } else {
                    let t = q.now() + delta * 10u64.pow(scale as u32 * 3);
                    q.push(t, seq);
                    h.push(Reverse((t, seq)));
                    seq += 1;
                }
                prop_assert_eq!(q.len(), h.len());
            }
            while let Some(Reverse((t, s))) = h.pop() {
                prop_assert_eq!(q.pop(), Some((t, s)));
            }
            prop_assert!(q.pop().is_none());
        }
    }
}
