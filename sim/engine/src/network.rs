//! The discrete-event engine: one network, one thread, events in (time, insertion) order.
//!
//! The engine knows no protocol by name: [`run_network`] is generic over [`Protocol`] and
//! monomorphized per protocol, so the per-event path has no dynamic dispatch and no boxing.
//!
//! # What a run covers
//!
//! A run simulates the span from 0 to `end` (the scenario's duration), both included: every
//! event at a time up to and including `end` runs, and anything scheduled later is dropped. The
//! protocols' periodic work closes the period that ends when it fires (a CDN tick stands for the
//! `tick` before it, a Filecoin deadline is settled at its close, an epoch's rewards are paid
//! after it): each schedules its first firing one period after the start, so a run of `n`
//! periods fires exactly `n` times, the last at `end`. Leaving out the events at `end` would lose
//! that last period; work that instead opened a period at its firing time would have to open
//! none at `end`, since nothing of it lies inside the run (no built-in protocol does: Powerledger
//! settles each interval when it ends).
//!
//! Samples are taken at 0, `sample_every`, 2 x `sample_every`, ... strictly before `end`, and
//! once more at exactly `end` after every event at or before it, `end`'s own included. So the
//! last sample of every series, the summary (the protocol's headline, the ledger, the uptime
//! accounts) and nodes.csv see the same events, and a `sample_every` that does not divide the
//! duration still gets a sample at the end (the last interval is then shorter).

use crate::accounts::{Accounts, UP};
use crate::conditions::Conditions;
use crate::faults::{Action, FailureProcess, Processes, Timeline};
use crate::model::{Network, Scenario, VertexKind};
use crate::queue::EventQueue;
use crate::series::Series;
use crate::split::UpBy;
use crate::world::{Layout, WorldGraph};
use depinsim_core::metrics::{self, Headline, Observer};
use depinsim_core::rng::{NETWORK_STREAM, Purpose, Streams, derive_key};
use depinsim_core::{ConfigError, Ctx, Effect, Fault, Ledger, Liveness, NodeId, Protocol, SimTime};
use std::sync::atomic::{AtomicU64, Ordering};

/// What one network of a scenario needs to run.
pub struct NetworkInput<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its world.
    pub graph: &'a WorldGraph,
    /// The network.
    pub network: &'a Network,
    /// Where to publish the simulated time reached (milliseconds), for a progress bar.
    pub progress: Option<&'a AtomicU64>,
}

/// What one network's run produced.
pub struct NetworkOutput {
    /// Where the nodes stood.
    pub layout: Layout,
    /// Events processed.
    pub events: u64,
    /// Sampled metrics.
    pub series: Series,
    /// Per node: milliseconds up.
    pub uptime_ms: Vec<u64>,
    /// Node conditions at the end of the run.
    pub live: Liveness,
    /// Per node: rewards, USD.
    pub rewards_usd: Vec<f64>,
    /// The token the network pays in, if any, and per node the rewards in it.
    pub token: Option<&'static str>,
    /// Per node: rewards in `token` (zeros without one).
    pub rewards_tokens: Vec<f64>,
    /// Per node: costs, USD.
    pub cost_usd: Vec<f64>,
    /// The protocol's headline figures.
    pub headline: Vec<(&'static str, Option<f64>)>,
    /// Fewest providers whose joint failure takes the network below its service threshold
    /// (greedy), `None` if even all of them together do not.
    pub nakamoto: Option<f64>,
    /// Unit and amount of service delivered.
    pub service: Option<(&'static str, f64)>,
    /// The protocol's key metrics.
    pub key_metrics: &'static [&'static str],
    /// The declarations of the protocol's own metrics.
    pub metrics: &'static [depinsim_core::catalogue::Metric],
}

enum Event<T, M> {
    Sample,
    Action(u32),
    Fail { node: NodeId, process: FailureProcess },
    Repair { node: NodeId, process: FailureProcess, lost: bool },
    Timer { node: Option<NodeId>, timer: T },
    Message { from: NodeId, to: NodeId, msg: M },
}

/// Runs network `input.network` with protocol `P` and its parsed, checked `config`. An `Err`
/// comes from [`Protocol::new`] refusing the configuration (which [`Protocol::check`] should
/// already have done when the scenario was loaded).
pub fn run_network<P: Protocol>(input: &NetworkInput<'_>, config: P::Config) -> Result<NetworkOutput, ConfigError> {
    let layout = Layout::new(input.scenario, input.graph, input.network);
    let seed = input.scenario.seed;
    let name = &input.network.name;
    let mut streams = Streams::new(derive_key(seed, name, Purpose::Protocol), layout.table.len());
    let mut faults = Streams::new(derive_key(seed, name, Purpose::Faults), layout.table.len());
    let proto = P::new(config, &layout.table, streams.get(NETWORK_STREAM))?;
    streams.close();
    let timeline =
        Timeline::compile(&input.scenario.outages, &layout, input.scenario.end(), faults.get(NETWORK_STREAM));
    faults.close();
    let sim = Sim::new(input, layout, proto, streams, faults, timeline);
    Ok(sim.run())
}

struct Sim<'a, P: Protocol> {
    input: &'a NetworkInput<'a>,
    layout: Layout,
    proto: P,
    queue: EventQueue<Event<P::Timer, P::Msg>>,
    effects: Vec<Effect<P::Timer, P::Msg>>,
    cond: Conditions,
    ledger: Ledger,
    streams: Streams,
    faults: Streams,
    timeline: Timeline,
    processes: Processes,
    now: SimTime,
    end: SimTime,
    events: u64,
    accounts: Accounts,
    up_by: UpBy,
    series: Series,
    observer: Observer,
}

impl<'a, P: Protocol> Sim<'a, P> {
    fn new(
        input: &'a NetworkInput<'a>,
        layout: Layout,
        proto: P,
        streams: Streams,
        faults: Streams,
        timeline: Timeline,
    ) -> Self {
        let n = layout.table.len();
        let mut series = Series::default();
        Sim {
            accounts: Accounts::new(input.scenario, &layout),
            up_by: UpBy::new(input.scenario, &layout, &mut series),
            processes: Processes::new(input.scenario, &layout),
            cond: Conditions::new(&layout),
            ledger: Ledger::new(n),
            queue: EventQueue::new(),
            effects: Vec::new(),
            now: SimTime::ZERO,
            end: input.scenario.end(),
            events: 0,
            series,
            observer: Observer::default(),
            input,
            layout,
            proto,
            streams,
            faults,
            timeline,
        }
    }

    /// Queues `event` at `at`; an event after the end of the run is dropped (see the module
    /// docs: one at exactly `end` runs).
    fn push(&mut self, at: SimTime, event: Event<P::Timer, P::Msg>) {
        if at <= self.end {
            self.queue.push(at.as_millis(), event);
        }
    }

    /// Queues the periodic sample at `at` if it falls before the end: the sample at `end` is
    /// taken by [`Sim::run`] once every event up to `end` has run.
    fn push_sample(&mut self, at: SimTime) {
        if at < self.end {
            self.queue.push(at.as_millis(), Event::Sample);
        }
    }

    fn run(mut self) -> NetworkOutput {
        self.start();
        let nakamoto = self.nakamoto();
        while let Some((t, event)) = self.queue.pop() {
            self.now = SimTime::from_millis(t);
            self.events += 1;
            self.handle(event);
        }
        // The final sample, at exactly the end, after every event at or before it; counted as
        // an event like every other sample.
        self.now = self.end;
        self.events += 1;
        self.sample();
        self.finish(nakamoto)
    }

    fn start(&mut self) {
        for i in 0..self.timeline.actions.len() {
            let at = self.timeline.actions[i].0;
            self.push(at, Event::Action(i as u32));
        }
        for node in self.layout.table.ids() {
            for process in [FailureProcess::Hardware, FailureProcess::Home] {
                self.schedule_failure(node, process);
            }
        }
        self.faults.close();
        self.push_sample(SimTime::ZERO);
        let mut cx =
            Ctx::new(self.now, self.end, None, &mut self.streams, &mut self.effects, &self.cond.live, &mut self.ledger);
        self.proto.on_start(&mut cx);
        self.streams.close();
        self.apply_effects();
    }

    fn schedule_failure(&mut self, node: NodeId, process: FailureProcess) {
        if !self.processes.fails(&self.layout, node, process) {
            return;
        }
        let rng = self.faults.get(node.0 as u64);
        if let Some(delay) = self.processes.next_failure(&self.layout, node, process, rng) {
            self.push(self.now + delay, Event::Fail { node, process });
        }
    }

    fn handle(&mut self, event: Event<P::Timer, P::Msg>) {
        match event {
            Event::Sample => self.sample(),
            Event::Action(i) => self.action(i as usize),
            Event::Fail { node, process } => {
                if self.cond.is_wrecked(node) {
                    return; // burnt hardware fails no more
                }
                let (delay, lost) = self.processes.repair(&self.layout, node, process, self.faults.get(node.0 as u64));
                self.faults.close();
                self.cond.node_down(&self.layout, node);
                if lost {
                    self.cond.destroy(node, false);
                }
                self.push(self.now + delay, Event::Repair { node, process, lost });
                self.dispatch();
            }
            Event::Repair { node, process, lost } => {
                if lost {
                    self.cond.replace(&self.layout, node);
                }
                self.cond.node_up(&self.layout, node);
                self.schedule_failure(node, process);
                self.faults.close();
                self.dispatch();
            }
            Event::Timer { node, timer } => {
                let mut cx = Ctx::new(
                    self.now,
                    self.end,
                    node,
                    &mut self.streams,
                    &mut self.effects,
                    &self.cond.live,
                    &mut self.ledger,
                );
                self.proto.on_timer(node, timer, &mut cx);
                self.streams.close();
                self.apply_effects();
            }
            Event::Message { from, to, msg } => {
                if self.cond.live.is_up(to) {
                    let mut cx = Ctx::new(
                        self.now,
                        self.end,
                        Some(to),
                        &mut self.streams,
                        &mut self.effects,
                        &self.cond.live,
                        &mut self.ledger,
                    );
                    self.proto.on_message(to, from, msg, &mut cx);
                    self.streams.close();
                    self.apply_effects();
                }
            }
        }
    }

    fn action(&mut self, i: usize) {
        let layout = &self.layout;
        match self.timeline.actions[i].2 {
            Action::VertexDown(v) => self.cond.vertex_down(layout, v),
            Action::VertexUp(v) => self.cond.vertex_up(layout, v),
            Action::VertexLoss { vertex, loss, on } => self.cond.vertex_loss(layout, vertex, loss, on),
            Action::NodesDown(b) => {
                self.timeline.batches[b as usize].iter().for_each(|n| self.cond.node_down(layout, *n))
            }
            Action::NodesUp(b) => self.timeline.batches[b as usize].iter().for_each(|n| self.cond.node_up(layout, *n)),
            Action::NodesDestroyed(b) => {
                self.timeline.batches[b as usize].iter().for_each(|n| self.cond.destroy(*n, true))
            }
            Action::NodesLoss(b, loss) => {
                self.timeline.batches[b as usize].iter().for_each(|n| self.cond.node_loss(layout, *n, loss))
            }
        }
        self.dispatch();
    }

    /// Tells the protocol about every node whose condition changed, in order.
    fn dispatch(&mut self) {
        let mut changes = std::mem::take(&mut self.cond.changes);
        for (node, fault) in changes.drain(..) {
            let up = match fault {
                Fault::Up => Some(true),
                Fault::Down | Fault::Destroyed => Some(false),
                Fault::Loss(_) => None,
            };
            if let Some(up) = up {
                if self.accounts.change(self.now, node, up) {
                    self.up_by.change(node, up);
                }
            }
            let mut cx = Ctx::new(
                self.now,
                self.end,
                Some(node),
                &mut self.streams,
                &mut self.effects,
                &self.cond.live,
                &mut self.ledger,
            );
            self.proto.on_fault(node, fault, &mut cx);
        }
        self.streams.close();
        self.cond.changes = changes;
        self.apply_effects();
    }

    fn apply_effects(&mut self) {
        let mut effects = std::mem::take(&mut self.effects);
        for effect in effects.drain(..) {
            match effect {
                Effect::Timer { at, node, timer } => self.push(at, Event::Timer { node, timer }),
                Effect::Send { at, from, to, msg } => self.push(at, Event::Message { from, to, msg }),
            }
        }
        self.effects = effects;
    }

    fn sample(&mut self) {
        let now = self.now;
        let (up, degraded) = (self.cond.live.up_count(), self.cond.live.degraded_count());
        self.series.record(now, metrics::NODES_UP, (up - degraded) as f64);
        self.series.record(now, metrics::NODES_DEGRADED, degraded as f64);
        self.series.record(now, metrics::REWARDS_USD, self.ledger.rewards_total);
        let cost = self.accounts.total(now) + self.ledger.charges_total;
        self.series.record(now, metrics::COST_USD, cost);
        self.up_by.record(now, &mut self.series);
        self.observer.clear();
        self.proto.observe(now, &self.cond.live, &mut self.observer);
        for &(metric, value) in self.observer.values() {
            self.series.record(now, metric, value);
        }
        if let Some(progress) = self.input.progress {
            progress.store(now.as_millis(), Ordering::Relaxed);
        }
        self.push_sample(now + self.input.scenario.sample_every);
    }

    /// Greedy Nakamoto coefficient over providers: take down, one at a time, the provider whose
    /// loss hurts service most, until service falls under the threshold. Greedy gives an upper
    /// bound on the true minimum; with the few large providers of real networks it is exact in
    /// the common case where one or two providers dominate.
    fn nakamoto(&self) -> Option<f64> {
        let n = self.layout.table.len();
        let threshold = self.input.network.service_threshold;
        let mut down = vec![false; n];
        if self.proto.service_level(&down) < threshold {
            return Some(0.0);
        }
        let mut providers: Vec<Vec<NodeId>> = self
            .input
            .scenario
            .vertices
            .iter()
            .enumerate()
            .filter(|(_, v)| v.kind == VertexKind::Provider)
            .map(|(i, _)| self.layout.dependents(depinsim_core::VertexId(i as u32)))
            .filter(|d| !d.is_empty())
            .collect();
        let mut count = 0.0;
        while !providers.is_empty() {
            let level_without = |nodes: &[NodeId], down: &[bool]| {
                let mut trial = down.to_vec();
                nodes.iter().for_each(|n| trial[n.index()] = true);
                self.proto.service_level(&trial)
            };
            let (best, level) = providers
                .iter()
                .enumerate()
                .map(|(i, nodes)| (i, level_without(nodes, &down)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .expect("non-empty");
            providers.swap_remove(best).iter().for_each(|n| down[n.index()] = true);
            count += 1.0;
            if level < threshold {
                return Some(count);
            }
        }
        None
    }

    fn finish(mut self, nakamoto: Option<f64>) -> NetworkOutput {
        let end = self.end;
        let hours = end.since(SimTime::ZERO).as_hours_f64();
        let n = self.layout.table.len();
        let mut uptime_ms = Vec::with_capacity(n);
        let mut cost_usd = Vec::with_capacity(n);
        for i in 0..n {
            let mut down = self.accounts.downtime_ms[i];
            if self.accounts.down_since[i] != UP {
                down += end.as_millis() - self.accounts.down_since[i];
            }
            let up = end.as_millis() - down;
            uptime_ms.push(up);
            let up_hours = up as f64 / depinsim_core::time::HOUR as f64;
            cost_usd.push(
                self.accounts.fixed_usd_per_hour[i] as f64 * hours
                    + self.accounts.power_usd_per_hour[i] as f64 * up_hours
                    + self.ledger.charges_usd[i],
            );
        }
        let mut headline = Headline::default();
        self.proto.headline(&mut headline);
        NetworkOutput {
            events: self.events,
            series: std::mem::take(&mut self.series),
            uptime_ms,
            rewards_usd: std::mem::take(&mut self.ledger.rewards_usd),
            token: self.proto.token(),
            rewards_tokens: std::mem::take(&mut self.ledger.rewards_tokens),
            cost_usd,
            headline: headline.values().to_vec(),
            nakamoto,
            service: self.proto.service_delivered(),
            live: self.cond.live,
            key_metrics: P::KEY_METRICS,
            metrics: P::METRICS,
            layout: self.layout,
        }
    }
}
