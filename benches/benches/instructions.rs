//! Instruction counts of the engine's hot path under valgrind (gungraun): repeatable on a shared
//! machine, where wall time is noise. The hold model through the queue alone and through the whole
//! engine; set-up (filling the queue, loading the scenario) is outside the measured region.

#![allow(missing_docs)]

use depinsim_benches::HoldInput;
use depinsim_engine::queue::EventQueue;
use gungraun::prelude::*;
use std::hint::black_box;

/// A queue holding `n` events at spread-out times.
fn filled(n: u64) -> EventQueue<u64> {
    let mut q = EventQueue::new();
    // A multiplicative hash spreads the times without a random generator in the measured binary.
    (0..n).for_each(|i| q.push(i.wrapping_mul(0x9e37_79b9) % 3_600_000, i));
    q
}

// 10,000 hold operations (pop the earliest, push it a pseudo-random delay later).
#[library_benchmark]
#[bench::pending_1k(filled(1_000))]
#[bench::pending_100k(filled(100_000))]
fn queue_hold(mut q: EventQueue<u64>) -> EventQueue<u64> {
    for i in 0..10_000u64 {
        let (t, e) = q.pop().expect("pending");
        q.push(t + 1 + (i.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 44), e);
    }
    black_box(q)
}

// The whole engine: 1,000 nodes for 10 simulated minutes (about 10,000 events).
#[library_benchmark]
#[bench::nodes_1k(HoldInput::new(1_000))]
fn engine_hold(input: HoldInput) -> u64 {
    black_box(input.run().events)
}

library_benchmark_group!(name = hot_path, benchmarks = [queue_hold, engine_hold]);
main!(library_benchmark_groups = hot_path);
