//! Engine throughput: the classic hold model (pop the earliest event, push one a random delay
//! later) at 10^3, 10^5 and 10^6 pending events, for the radix-heap event queue against a binary
//! heap, and for the whole engine (queue, per-node random streams, protocol dispatch).

#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use depinsim_benches::{HoldInput, MEAN_DELAY_MS};
use depinsim_engine::queue::EventQueue;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

const SIZES: [usize; 3] = [1_000, 100_000, 1_000_000];

fn delays(n: usize) -> Vec<u64> {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    (0..n).map(|_| (-(1.0 - rng.random::<f64>()).ln() * MEAN_DELAY_MS) as u64 + 1).collect()
}

fn queues(c: &mut Criterion) {
    let mut group = c.benchmark_group("hold/queue");
    group.throughput(Throughput::Elements(1));
    let increments = delays(1 << 16);
    for n in SIZES {
        group.bench_with_input(BenchmarkId::new("radix", n), &n, |b, &n| {
            let mut q = EventQueue::new();
            delays(n).into_iter().enumerate().for_each(|(i, t)| q.push(t, i as u32));
            let mut i = 0;
            b.iter(|| {
                let (t, e) = q.pop().expect("pending");
                q.push(t + increments[i & 0xffff], e);
                i += 1;
            });
        });
        group.bench_with_input(BenchmarkId::new("binary-heap", n), &n, |b, &n| {
            let mut h = BinaryHeap::new();
            let mut seq = 0u64;
            for (i, t) in delays(n).into_iter().enumerate() {
                h.push(Reverse((t, seq, i as u32)));
                seq += 1;
            }
            let mut i = 0;
            b.iter(|| {
                let Reverse((t, _, e)) = h.pop().expect("pending");
                h.push(Reverse((t + increments[i & 0xffff], seq, e)));
                seq += 1;
                i += 1;
            });
        });
    }
    group.finish();
}

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("hold/engine");
    group.sample_size(10);
    for n in SIZES {
        let input = HoldInput::new(n);
        group.throughput(Throughput::Elements(input.run().events));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| b.iter(|| input.run().events));
    }
    group.finish();
}

criterion_group!(benches, queues, engine);
criterion_main!(benches);
