//! The Protocol contract: what a protocol model implements, and the context the engine hands it.
//!
//! A protocol is a sans-IO state machine. The engine calls its handlers with a [`Ctx`]; the
//! handlers change the protocol's own state and push [`Effect`]s (timers, messages) into a buffer
//! that the engine applies afterwards, the way stateright's actors do. Nothing here knows about the
//! event queue, so a protocol can be driven by a script in a unit test (see [`testing`]).

use crate::config::ConfigError;
use crate::ids::NodeId;
use crate::metrics::{Headline, Observer};
use crate::node::{GroupInfo, NodeTable};
use crate::rng::{NETWORK_STREAM, StreamRng, Streams};
use crate::time::{SimDuration, SimTime};
use serde::de::DeserializeOwned;

/// A change in a node's condition, as the engine derives it from the world's dependency graph,
/// the outages and the node's own hardware.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fault {
    /// The node became unreachable (power, network, hardware); its data is intact.
    Down,
    /// The node is reachable again.
    Up,
    /// The node's hardware and data are gone for good.
    Destroyed,
    /// The share of the node's traffic lost to a degraded dependency changed (0 = none lost).
    Loss(f32),
}

impl Fault {
    /// Whether the node can be reached after the fault: `Some(false)` down or destroyed,
    /// `Some(true)` back, `None` for a change of loss, which leaves it reachable as it was. For
    /// the protocols that keep their own view of who is up, to split batched work at a change.
    pub fn reachable(self) -> Option<bool> {
        match self {
            Fault::Down | Fault::Destroyed => Some(false),
            Fault::Up => Some(true),
            Fault::Loss(_) => None,
        }
    }
}

/// What a network's memory grows with over a run, estimated from its inputs before the run
/// starts (see [`Protocol::growth`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Growth {
    /// How many items the run creates and keeps (deployments, jobs, sectors).
    pub items: f64,
    /// What they are, plural ("deployments").
    pub what: &'static str,
    /// Bytes each holds (its type's size, and what it owns on the heap on average).
    pub bytes_per_item: f64,
    /// The `params` path of the value that drives the growth most (for the error's position).
    pub knob: String,
}

impl Growth {
    /// The growth of work that arrives at the hourly `rates` over `duration`, every item kept to
    /// the end of the run: the sum of rate x duration, driven most by the fastest rate (whose
    /// `params` path `knob` gives from its index). `None` when nothing arrives.
    pub fn of_arrivals(
        rates: &[f64],
        duration: SimDuration,
        what: &'static str,
        bytes_per_item: usize,
        knob: impl Fn(usize) -> String,
    ) -> Option<Growth> {
        let (top, _) = rates.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))?;
        let hours = duration.as_hours_f64();
        Some(Growth {
            items: rates.iter().map(|r| r * hours).sum(),
            what,
            bytes_per_item: bytes_per_item as f64,
            knob: knob(top),
        })
    }
}

/// The work a network does over a run, estimated from its inputs before the run starts (see
/// [`Protocol::work`]): how many steps of its dominant loop it takes, and what one step costs.
/// `validate` prints the estimate and `run` asks for `--yes` before a run estimated to take hours.
#[derive(Clone, Debug, PartialEq)]
pub struct Work {
    /// Steps taken once, when the network is built (links found, sectors placed).
    pub once: f64,
    /// Steps per simulated day, on average over the run (witness links checked, sectors proven,
    /// requests sampled).
    pub per_day: f64,
    /// Steps each metric sample takes.
    pub per_sample: f64,
    /// What a step is, plural ("witness links checked").
    pub what: &'static str,
    /// What one step costs, ns: measured on a release build on the 2-core CI machine, from the
    /// protocol's shipped study (BENCHMARKS.md, "Run-time estimates", gives the command and the
    /// estimate against the measured time for every study). An estimate, not a bound.
    pub ns_per_step: f64,
    /// The `params` path, or the group, whose value drives the work most (for the message).
    pub knob: String,
}

impl Work {
    /// Work that grows with the nodes alone: each is visited once as the network is built, at
    /// `ns_per_step` each, and nothing else is proportional to the run (the default of
    /// [`Protocol::work`], and the base the protocols add their loops to).
    pub fn over_nodes(groups: &[GroupInfo], ns_per_step: f64) -> Work {
        Work {
            once: Work::nodes(groups),
            per_day: 0.0,
            per_sample: 0.0,
            what: "node visits",
            ns_per_step,
            knob: groups.iter().max_by_key(|g| g.count).map_or_else(String::new, |g| format!("nodes.{}.count", g.name)),
        }
    }

    /// The nodes of the groups, for the protocols whose loops visit each of them.
    pub fn nodes(groups: &[GroupInfo]) -> f64 {
        groups.iter().map(|g| g.count as f64).sum()
    }

    /// How many times a day something every `every` happens.
    pub fn per_day(every: SimDuration) -> f64 {
        crate::time::DAY as f64 / every.as_millis().max(1) as f64
    }

    /// The steps of a run of `days` simulated days with `samples` samples.
    pub fn steps(&self, days: f64, samples: f64) -> f64 {
        self.once + self.per_day * days + self.per_sample * samples
    }

    /// Its estimated time, seconds, for a run of `days` simulated days with `samples` samples.
    pub fn seconds(&self, days: f64, samples: f64) -> f64 {
        self.steps(days, samples) * self.ns_per_step * 1e-9
    }
}

/// What a visit of one node costs in a protocol that keeps no per-node loop of its own beyond
/// its samples, ns: an assumption of the same order as the measured engine cost per event
/// (BENCHMARKS.md, "Run-time estimates").
pub const DEFAULT_NS_PER_NODE_VISIT: f64 = 50.0;

/// A protocol model of one network.
pub trait Protocol: Sized {
    /// Its name in scenario files (`protocol = "..."`).
    const NAME: &'static str;
    /// One line for `depinsim list`.
    const SUMMARY: &'static str;
    /// The node roles it knows (a scenario group's `role` must be one of them).
    const ROLES: &'static [&'static str];
    /// The protocol's own metrics that tell its story, charted in each network's section of the
    /// report (the common ones are always charted).
    const KEY_METRICS: &'static [&'static str] = &[];
    /// The declaration of every metric it records or sets in its headline, `availability`
    /// included (each protocol says what its availability is a share of, and whether it is a
    /// state or a window average). The common series are declared in
    /// [`crate::catalogue::SERIES`].
    const METRICS: &'static [crate::catalogue::Metric] = &[];
    /// The scenario's `[networks.params]` table. Parsed and checked once when the scenario is
    /// loaded, then cloned into each run (a sweep runs the same configuration over many seeds).
    type Config: DeserializeOwned + Clone + Send + Sync + 'static;
    /// Typed timers.
    type Timer;
    /// Node-to-node messages.
    type Msg;

    /// Checks the configuration against the network's node groups, before any node is placed.
    /// The scenario loader calls it, so `depinsim validate` reports every problem with the file,
    /// line and column of the value it names (see [`ConfigError`]). Every check that [`new`]
    /// would fail on belongs here: a configuration that passes must build.
    ///
    /// [`new`]: Protocol::new
    fn check(config: &Self::Config, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        let _ = (config, groups);
        Ok(())
    }

    /// Builds the network's state over its nodes. `rng` is the network's own stream, for
    /// set-up draws (initial placement). It starts with [`Protocol::check`], so a protocol driven
    /// without the loader (a test script) refuses the same configurations.
    fn new(config: Self::Config, nodes: &NodeTable, rng: &mut StreamRng) -> Result<Self, ConfigError>;

    /// What the network's memory grows with over a run of `duration`, beyond the nodes and the
    /// samples (which the loader bounds itself): items created as the run goes (arrivals of
    /// work). The loader refuses a run whose estimate does not fit a machine, at the value that
    /// drives it, rather than let it abort mid-run. The default: nothing grows.
    fn growth(config: &Self::Config, groups: &[GroupInfo], duration: SimDuration) -> Option<Growth> {
        let _ = (config, groups, duration);
        None
    }

    /// The work a run takes, beyond the engine's own (events for faults and samples, which it
    /// estimates itself): the steps of the protocol's dominant loops and their measured cost
    /// (see [`Work`]). The default: each node is visited once, when the network is built.
    fn work(config: &Self::Config, groups: &[GroupInfo], duration: SimDuration) -> Work {
        let _ = (config, duration);
        Work::over_nodes(groups, DEFAULT_NS_PER_NODE_VISIT)
    }

    /// Called once at time zero: schedule the first timers here.
    fn on_start(&mut self, cx: &mut Ctx<'_, Self>);

    /// A timer set with [`Ctx::set_timer`] (`node == None`) or [`Ctx::set_node_timer`] fired.
    fn on_timer(&mut self, node: Option<NodeId>, timer: Self::Timer, cx: &mut Ctx<'_, Self>) {
        let _ = (node, timer, cx);
    }

    /// A message sent with [`Ctx::send`] arrived at a node that is up.
    fn on_message(&mut self, to: NodeId, from: NodeId, msg: Self::Msg, cx: &mut Ctx<'_, Self>) {
        let _ = (to, from, msg, cx);
    }

    /// A node's condition changed. [`Ctx::is_up`] already reflects the change.
    fn on_fault(&mut self, node: NodeId, fault: Fault, cx: &mut Ctx<'_, Self>) {
        let _ = (node, fault, cx);
    }

    /// Records this sample's protocol metrics, including [`crate::metrics::AVAILABILITY`].
    fn observe(&mut self, now: SimTime, live: &Liveness, obs: &mut Observer);

    /// The service level (0..1, e.g. the share of requests that would be served) if exactly the
    /// nodes marked in `down` were down, from the current state. Used for the Nakamoto
    /// coefficient over providers. The default is the share of nodes up.
    fn service_level(&self, down: &[bool]) -> f64 {
        if down.is_empty() {
            return 1.0;
        }
        down.iter().filter(|d| !**d).count() as f64 / down.len() as f64
    }

    /// The token its operators are paid in ("HNT", "FIL"), whose amounts [`Ctx::pay_in`] records
    /// beside their USD value; `None` for a network that pays in USD.
    fn token(&self) -> Option<&'static str> {
        None
    }

    /// The service delivered so far, for the cost per unit of service: the unit's name (e.g.
    /// "1M requests") and how many units. `None` for a network that sells nothing countable.
    fn service_delivered(&self) -> Option<(&'static str, f64)> {
        None
    }

    /// Adds the protocol's end-of-run headline figures.
    fn headline(&self, headline: &mut Headline) {
        let _ = headline;
    }
}

/// Something a handler asks the engine to do once it returns.
#[derive(Debug)]
pub enum Effect<T, M> {
    /// Fire `timer` at `at`, in the context of `node` (or of the network).
    Timer {
        /// When.
        at: SimTime,
        /// Whose stream the handler draws from.
        node: Option<NodeId>,
        /// What.
        timer: T,
    },
    /// Deliver `msg` to `to` at `at` (dropped if `to` is not up then).
    Send {
        /// When it arrives.
        at: SimTime,
        /// Sender.
        from: NodeId,
        /// Recipient.
        to: NodeId,
        /// Payload.
        msg: M,
    },
}

/// Which nodes are up, destroyed or degraded. Kept by the engine, read by protocols.
#[derive(Clone, Debug)]
pub struct Liveness {
    up: Vec<bool>,
    destroyed: Vec<bool>,
    loss: Vec<f32>,
    up_count: usize,
    /// Nodes up whose traffic a degraded dependency is cutting (loss above zero).
    degraded_count: usize,
}

impl Liveness {
    /// `n` nodes, all up.
    pub fn all_up(n: usize) -> Self {
        Liveness { up: vec![true; n], destroyed: vec![false; n], loss: vec![0.0; n], up_count: n, degraded_count: 0 }
    }
    /// Whether the node is reachable.
    pub fn is_up(&self, node: NodeId) -> bool {
        self.up[node.index()]
    }
    /// Whether the node's hardware and data are gone.
    pub fn is_destroyed(&self, node: NodeId) -> bool {
        self.destroyed[node.index()]
    }
    /// Share of the node's traffic lost to degraded dependencies.
    pub fn loss(&self, node: NodeId) -> f32 {
        self.loss[node.index()]
    }
    /// Number of nodes up (reachable), degraded ones included.
    pub fn up_count(&self) -> usize {
        self.up_count
    }
    /// Number of nodes up but degraded: reachable, with some of their traffic lost.
    pub fn degraded_count(&self) -> usize {
        self.degraded_count
    }
    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.up.len()
    }
    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.up.is_empty()
    }
    /// Engine side: sets whether the node is up; returns whether that changed anything.
    pub fn set_up(&mut self, node: NodeId, up: bool) -> bool {
        let slot = &mut self.up[node.index()];
        if *slot == up {
            return false;
        }
        *slot = up;
        let lossy = self.loss[node.index()] > 0.0;
        if up {
            self.up_count += 1;
            self.degraded_count += usize::from(lossy);
        } else {
            self.up_count -= 1;
            self.degraded_count -= usize::from(lossy);
        }
        true
    }
    /// Engine side: marks the node destroyed (and down). Returns whether it was not already.
    pub fn set_destroyed(&mut self, node: NodeId) -> bool {
        self.set_up(node, false);
        !std::mem::replace(&mut self.destroyed[node.index()], true)
    }
    /// Engine side: new hardware replaces a destroyed node's; it holds no data. Returns whether
    /// the node was destroyed.
    pub fn clear_destroyed(&mut self, node: NodeId) -> bool {
        std::mem::replace(&mut self.destroyed[node.index()], false)
    }
    /// Engine side: sets the node's traffic loss; returns whether it changed.
    pub fn set_loss(&mut self, node: NodeId, loss: f32) -> bool {
        let slot = &mut self.loss[node.index()];
        let changed = *slot != loss;
        let (was, is) = (*slot > 0.0, loss > 0.0);
        *slot = loss;
        if self.up[node.index()] && was != is {
            if is {
                self.degraded_count += 1;
            } else {
                self.degraded_count -= 1;
            }
        }
        changed
    }
}

/// Money paid to and charged to each node's operator by the protocol, in USD, and the rewards in
/// the network's own token where it pays in one (see [`Protocol::token`]).
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// Rewards per node.
    pub rewards_usd: Vec<f64>,
    /// Rewards per node in the network's token, as paid ([`Ctx::pay_in`]), before any price.
    pub rewards_tokens: Vec<f64>,
    /// Fees and penalties per node.
    pub charges_usd: Vec<f64>,
    /// Sum of `rewards_usd`, kept as payments are made (summing a million entries per sample
    /// would be the slowest part of a run).
    pub rewards_total: f64,
    /// Sum of `charges_usd`.
    pub charges_total: f64,
}

impl Ledger {
    /// An empty ledger for `n` nodes.
    pub fn new(n: usize) -> Self {
        Ledger {
            rewards_usd: vec![0.0; n],
            rewards_tokens: vec![0.0; n],
            charges_usd: vec![0.0; n],
            ..Default::default()
        }
    }
}

/// What a handler may read and do.
pub struct Ctx<'a, P: Protocol> {
    now: SimTime,
    end: SimTime,
    stream: u64,
    streams: &'a mut Streams,
    effects: &'a mut Vec<Effect<P::Timer, P::Msg>>,
    live: &'a Liveness,
    ledger: &'a mut Ledger,
}

impl<'a, P: Protocol> Ctx<'a, P> {
    /// Engine side: a context at `now` for the handler of `node` (or of the network).
    pub fn new(
        now: SimTime,
        end: SimTime,
        node: Option<NodeId>,
        streams: &'a mut Streams,
        effects: &'a mut Vec<Effect<P::Timer, P::Msg>>,
        live: &'a Liveness,
        ledger: &'a mut Ledger,
    ) -> Self {
        let stream = node.map_or(NETWORK_STREAM, |n| n.0 as u64);
        Ctx { now, end, stream, streams, effects, live, ledger }
    }
    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.now
    }
    /// When the simulation ends. Events at exactly this time still run (they close the last
    /// period of the run) and the final sample is taken after them; effects after it are
    /// dropped. Work that opens a period at its firing time should open none at the end.
    pub fn end(&self) -> SimTime {
        self.end
    }
    /// The random stream of the node (or network) this handler runs for.
    pub fn rng(&mut self) -> &mut StreamRng {
        self.streams.get(self.stream)
    }
    /// Fires `timer` for the network after `delay`.
    pub fn set_timer(&mut self, delay: SimDuration, timer: P::Timer) {
        self.effects.push(Effect::Timer { at: self.now + delay, node: None, timer });
    }
    /// Fires `timer` for `node` after `delay`; its handler draws from `node`'s stream.
    pub fn set_node_timer(&mut self, node: NodeId, delay: SimDuration, timer: P::Timer) {
        self.effects.push(Effect::Timer { at: self.now + delay, node: Some(node), timer });
    }
    /// Sends `msg` from `from` to `to`, arriving after `delay`.
    pub fn send(&mut self, from: NodeId, to: NodeId, delay: SimDuration, msg: P::Msg) {
        self.effects.push(Effect::Send { at: self.now + delay, from, to, msg });
    }
    /// Which nodes are up.
    pub fn live(&self) -> &Liveness {
        self.live
    }
    /// Node conditions and the random stream together, for a loop that needs both.
    pub fn live_and_rng(&mut self) -> (&Liveness, &mut StreamRng) {
        (self.live, self.streams.get(self.stream))
    }
    /// Whether `node` is up.
    pub fn is_up(&self, node: NodeId) -> bool {
        self.live.is_up(node)
    }
    /// Pays `usd` to `node`'s operator.
    pub fn pay(&mut self, node: NodeId, usd: f64) {
        self.ledger.rewards_usd[node.index()] += usd;
        self.ledger.rewards_total += usd;
    }
    /// Pays `tokens` of the network's token (see [`Protocol::token`]) to `node`'s operator, worth
    /// `usd` at the price of the moment: both are kept, so a token figure can be checked against
    /// the protocol's own rules without a price in the way.
    pub fn pay_in(&mut self, node: NodeId, tokens: f64, usd: f64) {
        self.ledger.rewards_tokens[node.index()] += tokens;
        self.pay(node, usd);
    }
    /// Charges `usd` (a fee or penalty) to `node`'s operator.
    pub fn charge(&mut self, node: NodeId, usd: f64) {
        self.ledger.charges_usd[node.index()] += usd;
        self.ledger.charges_total += usd;
    }
}

pub mod testing {
    //! Drive a protocol by hand, without the engine: change node conditions, call handlers, and
    //! let [`Script::advance`] fire the timers they set, in (time, insertion) order.
    //!
    //! ```
    //! use depinsim_core::protocol::testing::{Place, Script, table, test_profile};
    //! use depinsim_core::{ConfigError, Ctx, Fault, Liveness, NodeId, NodeTable, Observer, Protocol};
    //! use depinsim_core::{SimDuration, SimTime, StreamRng};
    //!
    //! /// Pays $1 every hour to each node that is up.
    //! struct Hourly;
    //! impl Protocol for Hourly {
    //!     const NAME: &'static str = "hourly";
    //!     const SUMMARY: &'static str = "an example";
    //!     const ROLES: &'static [&'static str] = &["node"];
    //!     type Config = ();
    //!     type Timer = ();
    //!     type Msg = ();
    //!     fn new(_: (), _: &NodeTable, _: &mut StreamRng) -> Result<Self, ConfigError> {
    //!         Ok(Hourly)
    //!     }
    //!     fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
    //!         cx.set_timer(SimDuration::from_hours(1), ());
    //!     }
    //!     fn on_timer(&mut self, _: Option<NodeId>, _: (), cx: &mut Ctx<'_, Self>) {
    //!         for n in 0..cx.live().len() as u32 {
    //!             if cx.is_up(NodeId(n)) {
    //!                 cx.pay(NodeId(n), 1.0);
    //!             }
    //!         }
    //!         cx.set_timer(SimDuration::from_hours(1), ());
    //!     }
    //!     fn observe(&mut self, _: SimTime, _: &Liveness, _: &mut Observer) {}
    //! }
    //!
    //! let nodes = table(vec![("n", "node", test_profile(), 2)], |_| Place::default());
    //! let mut script = Script::<Hourly>::new(2, 7);
    //! let mut net = Hourly::new((), &nodes, script.rng()).unwrap();
    //! script.call(None, |cx| net.on_start(cx));
    //! script.advance(&mut net, SimTime::ZERO + SimDuration::from_hours(2));
    //! script.fault(&mut net, NodeId(1), Fault::Down);
    //! script.advance(&mut net, SimTime::ZERO + SimDuration::from_hours(3));
    //! assert_eq!(script.ledger.rewards_usd, vec![3.0, 2.0]);
    //! ```

    use super::*;
    use crate::rng::{Purpose, derive_key};
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    /// The pieces a [`Ctx`] borrows, owned here so a test can inspect them between calls.
    pub struct Script<P: Protocol> {
        /// Node conditions.
        pub live: Liveness,
        /// Payments made so far.
        pub ledger: Ledger,
        /// The current time.
        pub now: SimTime,
        streams: Streams,
        effects: Vec<Effect<P::Timer, P::Msg>>,
        pending: BinaryHeap<Reverse<(SimTime, u64)>>,
        timers: Vec<Option<(Option<NodeId>, P::Timer)>>,
    }

    impl<P: Protocol> Script<P> {
        /// A script over `nodes` nodes, all up, with random streams from `seed`.
        pub fn new(nodes: usize, seed: u64) -> Self {
            Script {
                live: Liveness::all_up(nodes),
                ledger: Ledger::new(nodes),
                now: SimTime::ZERO,
                streams: Streams::new(derive_key(seed, "script", Purpose::Protocol), nodes),
                effects: Vec::new(),
                pending: BinaryHeap::new(),
                timers: Vec::new(),
            }
        }

        /// A generator for `Protocol::new`.
        pub fn rng(&mut self) -> &mut StreamRng {
            self.streams.get(NETWORK_STREAM)
        }

        /// Runs `f` with a context at the current time for `node` (or the network), then queues
        /// the timers it set.
        pub fn call<R>(&mut self, node: Option<NodeId>, f: impl FnOnce(&mut Ctx<'_, P>) -> R) -> R {
            let mut cx = Ctx::new(
                self.now,
                SimTime::MAX,
                node,
                &mut self.streams,
                &mut self.effects,
                &self.live,
                &mut self.ledger,
            );
            let r = f(&mut cx);
            self.streams.close();
            for effect in self.effects.drain(..) {
                if let Effect::Timer { at, node, timer } = effect {
                    self.pending.push(Reverse((at, self.timers.len() as u64)));
                    self.timers.push(Some((node, timer)));
                }
            }
            r
        }

        /// Marks `node` down (or destroyed) and tells the protocol.
        pub fn fault(&mut self, protocol: &mut P, node: NodeId, fault: Fault) {
            match fault {
                Fault::Down => {
                    self.live.set_up(node, false);
                }
                Fault::Up => {
                    self.live.clear_destroyed(node);
                    self.live.set_up(node, true);
                }
                Fault::Destroyed => {
                    self.live.set_destroyed(node);
                }
                Fault::Loss(l) => {
                    self.live.set_loss(node, l);
                }
            }
            self.call(Some(node), |cx| protocol.on_fault(node, fault, cx));
        }

        /// Fires every timer due up to `until`, in order, and moves the clock there.
        pub fn advance(&mut self, protocol: &mut P, until: SimTime) {
            while let Some(Reverse((at, id))) = self.pending.peek().copied() {
                if at > until {
                    break;
                }
                self.pending.pop();
                self.now = at;
                let (node, timer) = self.timers[id as usize].take().expect("fires once");
                self.call(node, |cx| protocol.on_timer(node, timer, cx));
            }
            self.now = until;
        }

        /// Timers still pending.
        pub fn pending(&self) -> usize {
            self.pending.len()
        }
    }

    /// Where a test node sits: plain world-graph vertex numbers and its operator.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct Place {
        /// Site vertex, if the node has one.
        pub site: Option<u32>,
        /// Region vertex.
        pub region: u32,
        /// Provider vertex.
        pub provider: u32,
        /// Operator.
        pub operator: u32,
    }

    /// A node table for protocol tests: `count` nodes of each `(name, role, profile, count)`
    /// group in order, node `i` placed by `place(i)`; one operator more than the largest used.
    pub fn table(
        groups: Vec<(&str, &str, std::sync::Arc<crate::profile::HardwareProfile>, u32)>,
        place: impl Fn(u32) -> Place,
    ) -> crate::node::NodeTable {
        use crate::node::{GroupInfo, NodeInfo, NodeTable};
        use crate::{OperatorId, VertexId};
        let mut nodes = Vec::new();
        let mut infos = Vec::new();
        for (g, (name, role, profile, count)) in groups.into_iter().enumerate() {
            for _ in 0..count {
                let p = place(nodes.len() as u32);
                nodes.push(NodeInfo {
                    group: g as u16,
                    site: p.site.map(VertexId),
                    region: VertexId(p.region),
                    provider: VertexId(p.provider),
                    operator: OperatorId(p.operator),
                });
            }
            infos.push(GroupInfo::new(name, role, profile, count));
        }
        let operators = nodes.iter().map(|n| n.operator.0 + 1).max().unwrap_or(0);
        NodeTable { nodes, groups: infos, operators }
    }

    /// A profile for protocol tests: free, and never failing on its own.
    pub fn test_profile() -> std::sync::Arc<crate::profile::HardwareProfile> {
        use crate::profile::{HardwareProfile, SiteKind};
        std::sync::Arc::new(HardwareProfile {
            name: "test".into(),
            description: "protocol test fixture".into(),
            kind: "server".into(),
            site: SiteKind::Datacenter,
            capex_usd: 0.0,
            lifetime: SimDuration::from_days(365),
            power_w: 0.0,
            pays_power: false,
            hosting_usd_per_month: 0.0,
            failures_per_year: 0.0,
            mttr: SimDuration::from_hours(1),
            data_loss_share: 0.0,
            capacity: Default::default(),
            sources: Default::default(),
        })
    }
}
