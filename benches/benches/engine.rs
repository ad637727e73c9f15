//! Engine throughput: the classic hold model (pop the earliest event, push one a random delay
//! later) at 10^3, 10^5 and 10^6 pending events, for the radix-heap event queue against a binary
//! heap, and for the whole engine (queue, per-node random streams, protocol dispatch).

#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use depinsim::engine::queue::EventQueue;
use depinsim::engine::{NetworkInput, run_network};
use depinsim::scenario::{LoadOptions, load_str};
use depinsim::world::WorldGraph;
use depinsim_core::node::NodeTable;
use depinsim_core::{Ctx, Liveness, NodeId, Observer, Protocol, SimDuration, SimTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::Path;

const SIZES: [usize; 3] = [1_000, 100_000, 1_000_000];
/// Mean delay between a node's events in the hold model, in ms.
const MEAN_DELAY_MS: f64 = 60_000.0;

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

/// A protocol that only holds: every node keeps one timer pending and, when it fires, draws an
/// exponential delay from its own stream and sets the next.
struct Hold;

#[derive(serde::Deserialize, Default)]
struct HoldConfig {}

impl Protocol for Hold {
    const NAME: &'static str = "hold";
    const SUMMARY: &'static str = "benchmark hold model";
    const ROLES: &'static [&'static str] = &["pop"];
    type Config = HoldConfig;
    type Timer = ();
    type Msg = ();
    fn new(_: HoldConfig, _: &NodeTable, _: &mut ChaCha8Rng) -> Result<Self, String> {
        Ok(Hold)
    }
    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        let n = cx.live().len();
        for node in 0..n as u32 {
            let d = next_delay(cx.rng());
            cx.set_node_timer(NodeId(node), d, ());
        }
    }
    fn on_timer(&mut self, node: Option<NodeId>, _: (), cx: &mut Ctx<'_, Self>) {
        let d = next_delay(cx.rng());
        cx.set_node_timer(node.expect("node timer"), d, ());
    }
    fn observe(&mut self, _: SimTime, _: &Liveness, _: &mut Observer) {}
}

fn next_delay(rng: &mut ChaCha8Rng) -> SimDuration {
    SimDuration::from_millis_f64(-(1.0 - rng.random::<f64>()).ln() * MEAN_DELAY_MS + 1.0)
}

/// A scenario of `n` nodes with no failures, long enough for about 10 events per node.
fn hold_scenario(n: usize) -> String {
    format!(
        r#"
name = "hold"
start = "2025-01-01T00:00:00Z"
duration = "10m"
sample_every = "10m"
[[regions]]
name = "r"
[[providers]]
name = "p"
[[sites]]
name = "s"
region = "r"
provider = "p"
[[networks]]
name = "hold"
protocol = "cdn"
[[networks.nodes]]
name = "nodes"
role = "pop"
count = {n}
profile = "cloud-vm-no-failures"
sites = ["s"]
"#
    )
}

fn engine(c: &mut Criterion) {
    let profiles = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles");
    let mut group = c.benchmark_group("hold/engine");
    group.sample_size(10);
    for n in SIZES {
        let text = hold_scenario(n);
        let options = LoadOptions { profiles_dir: Some(profiles.clone()), ..Default::default() };
        let scenario = load_str(Path::new("hold.toml"), &text, &options).expect("valid bench scenario");
        let graph = WorldGraph::new(&scenario.vertices);
        let input = NetworkInput { scenario: &scenario, graph: &graph, network: &scenario.networks[0], progress: None };
        let events = run_network::<Hold>(&input).expect("runs").events;
        group.throughput(Throughput::Elements(events));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| run_network::<Hold>(&input).expect("runs").events);
        });
    }
    group.finish();
}

criterion_group!(benches, queues, engine);
criterion_main!(benches);
