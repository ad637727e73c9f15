//! # depinsim-content: a decentralized content network
//!
//! Objects are replicated on `replicas` storage nodes run by independent operators, in homes and
//! datacenters. Clients reach them through gateways. A request succeeds while its gateway is up
//! and some replica of its object is reachable. Replicas lost with a destroyed node, or stranded
//! on a node down for longer than `repair_timeout`, are re-created from a live survivor after
//! `repair_delay`; an object whose every replica is destroyed is lost for good. Operators earn
//! for what they store (per TB-month while up) and serve (per request); they pay for hardware,
//! power and hosting through their profiles.
//!
//! This is a generic model of replicated storage networks (the repair-on-loss scheme of Storj,
//! Sia, Filecoin's deal replication, IPFS pinning services), not a single protocol's rules; the
//! reward rates are parameters, and the defaults are assumptions stated where they are set.

pub mod catalogue;
mod checks;
pub mod placement;

use depinsim_core::StreamRng;
use depinsim_core::config::ConfigError;
use depinsim_core::metrics::{AVAILABILITY, DATA_LOST_BYTES, Headline, Observer};
use depinsim_core::node::{GroupInfo, NodeTable};
use depinsim_core::profile::HOURS_PER_MONTH;
use depinsim_core::traffic::{Traffic, TrafficConfig};
use depinsim_core::units::ByteSize;
use depinsim_core::uptime::UpTime;
use depinsim_core::{Ctx, Fault, Liveness, NodeId, Protocol, SimDuration, SimTime, Work};
pub use placement::Spread;
use rand::Rng;
use serde::Deserialize;

/// What one sampled request or one holder's reward costs, ns: measured from the Cloudflare
/// studies' content networks (BENCHMARKS.md, "Run-time estimates").
const NS_PER_CONTENT_STEP: f64 = 35.0;

/// The `[networks.params]` of a `content` network.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ContentConfig {
    /// Objects stored.
    pub objects: u32,
    /// Size of each object.
    pub object_size: ByteSize,
    /// Replicas per object (k).
    pub replicas: u8,
    /// Failure domain replicas must not share.
    pub spread: Spread,
    /// Time to re-create a replica once needed (detection plus transfer). Assumption: 1 h.
    pub repair_delay: SimDuration,
    /// How long a node may be unreachable before its replicas are re-created elsewhere.
    /// Assumption: 24 h, the order of the offline grace periods of storage networks. Zero is
    /// allowed: a node's replicas are re-created `repair_delay` after it goes down.
    pub repair_timeout: SimDuration,
    /// Storage reward per TB-month held while up, USD. Assumption: 2.50, the price of Filecoin
    /// Onchain Cloud storage (docs/reference/hardware.md, FilOz Synapse docs).
    pub reward_usd_per_tb_month: f64,
    /// Reward per million requests served, USD, split with the gateway.
    pub reward_usd_per_million_requests: f64,
    /// Share of the request reward that goes to the gateway.
    pub gateway_share: f64,
    /// How often rewards are paid.
    pub reward_every: SimDuration,
    /// Request sampling.
    pub traffic: TrafficConfig,
}

impl Default for ContentConfig {
    fn default() -> Self {
        ContentConfig {
            objects: 10_000,
            object_size: ByteSize(1 << 30),
            replicas: 3,
            spread: Spread::Operators,
            repair_delay: SimDuration::from_hours(1),
            repair_timeout: SimDuration::from_hours(24),
            reward_usd_per_tb_month: 2.5,
            reward_usd_per_million_requests: 0.5,
            gateway_share: 0.2,
            reward_every: SimDuration::from_hours(1),
            traffic: TrafficConfig::default(),
        }
    }
}

/// Timers of the content network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Route one tick's sample of requests.
    Tick,
    /// Pay storage and serving rewards.
    Rewards,
    /// Re-create one missing or stranded replica of `object`.
    Repair {
        /// The object.
        object: u32,
    },
    /// `node` has been down since its down count was `epoch`; if it still is, its replicas are
    /// re-created elsewhere.
    Timeout {
        /// The node.
        node: NodeId,
        /// Its down count when it went down.
        epoch: u32,
    },
}

/// Metric: objects whose every replica is gone.
pub const OBJECTS_LOST: &str = "objects_lost";
/// Metric: objects with no reachable replica right now.
pub const OBJECTS_UNAVAILABLE: &str = "objects_unavailable";
/// Metric: objects with fewer than `replicas` replicas.
pub const OBJECTS_DEGRADED: &str = "objects_degraded";
/// Metric: bytes copied by repairs since the start.
pub const REPAIR_BYTES: &str = "repair_bytes";
/// Metric: gateways up.
pub const GATEWAYS_UP: &str = "gateways_up";
/// Metric: requests served since the start.
pub const REQUESTS_SERVED: &str = "requests_served";

const EMPTY: u32 = u32::MAX;

/// A content network.
pub struct Content {
    config: ContentConfig,
    nodes: NodeTable,
    storage: Vec<NodeId>,
    gateways: Vec<NodeId>,
    /// `replicas[o * k + j]`: the node holding replica j of object o, or EMPTY.
    replicas: Vec<u32>,
    /// Objects each node holds.
    held: Vec<Vec<u32>>,
    /// Requests each node served since the last reward payment (storage and gateway).
    served: Vec<u32>,
    down_epoch: Vec<u32>,
    down_since: Vec<SimTime>,
    /// Objects with no live replica, waiting for a holder to come back.
    waiting: Vec<bool>,
    /// The protocol's view of which nodes are up (a destroyed node may never have been "down").
    up: Vec<bool>,
    /// Per object, replicas on nodes that are up; kept as nodes come and go so that a sample
    /// costs O(1) instead of a scan of every object.
    live_replicas: Vec<u8>,
    /// Objects with no live replica.
    unavailable: u32,
    /// Objects with an empty replica slot.
    degraded: u32,
    lost: Vec<bool>,
    objects_lost: u32,
    repair_bytes: f64,
    traffic: Traffic,
    last_reward: SimTime,
    /// Per node: how long it has been up since the last reward payment, ms (the storage
    /// reward is paid for the time a holder was up, not by its state at the payment).
    up_ms: UpTime,
}

impl Content {
    fn k(&self) -> usize {
        self.config.replicas as usize
    }

    fn slots(&self, object: u32) -> &[u32] {
        let k = self.k();
        &self.replicas[object as usize * k..(object as usize + 1) * k]
    }

    /// The nodes holding a replica of `object`.
    pub fn holders(&self, object: u32) -> Vec<NodeId> {
        self.slots(object).iter().filter(|n| **n != EMPTY).map(|n| NodeId(*n)).collect()
    }

    /// Whether `object` is lost for good.
    pub fn is_lost(&self, object: u32) -> bool {
        self.lost[object as usize]
    }

    /// Objects lost so far.
    pub fn objects_lost(&self) -> u32 {
        self.objects_lost
    }

    /// Objects with no live replica now (kept incrementally).
    pub fn unavailable(&self) -> u32 {
        self.unavailable
    }

    /// Objects with fewer replicas than configured (kept incrementally).
    pub fn degraded(&self) -> u32 {
        self.degraded
    }

    /// Routes one request; returns whether it was served, crediting who served it.
    fn request(&mut self, live: &Liveness, rng: &mut StreamRng) -> bool {
        let passes = |node: NodeId, rng: &mut StreamRng| {
            live.is_up(node) && (live.loss(node) == 0.0 || rng.random::<f32>() >= live.loss(node))
        };
        let gateway = if self.gateways.is_empty() {
            None
        } else {
            let g = self.gateways[rng.random_range(0..self.gateways.len())];
            if !passes(g, rng) {
                return false;
            }
            Some(g)
        };
        let object = rng.random_range(0..self.config.objects);
        let k = self.k();
        let first = rng.random_range(0..k);
        for j in 0..k {
            let slot = self.slots(object)[(first + j) % k];
            if slot != EMPTY && passes(NodeId(slot), rng) {
                self.served[slot as usize] += 1;
                if let Some(g) = gateway {
                    self.served[g.index()] += 1;
                }
                return true;
            }
        }
        false
    }

    fn pay_rewards(&mut self, cx: &mut Ctx<'_, Self>) {
        let period_ms = cx.now().since(self.last_reward).as_millis().max(1);
        self.up_ms.end_period(cx.now());
        let months = cx.now().since(self.last_reward).as_hours_f64() / HOURS_PER_MONTH;
        self.last_reward = cx.now();
        let tb_month = self.config.object_size.as_tb() * self.config.reward_usd_per_tb_month * months;
        // A sampled request stands for requests_per_second * tick / sampled real ones.
        let t = &self.config.traffic;
        let per_sampled = t.requests_per_second * t.tick.as_secs_f64() / t.sampled_per_tick as f64;
        let per_request = self.config.reward_usd_per_million_requests / 1e6 * per_sampled;
        for i in 0..self.served.len() {
            let node = NodeId(i as u32);
            let served = std::mem::take(&mut self.served[i]) as f64;
            let is_gateway = self.gateways.binary_search(&node).is_ok();
            let share = if is_gateway { self.config.gateway_share } else { 1.0 - self.config.gateway_share };
            let mut usd = served * per_request * share;
            // Storage is paid for the share of the period the node was up and holding.
            let down_ms = period_ms.saturating_sub(self.up_ms.take(node) as u64);
            let up_share = 1.0 - down_ms as f64 / period_ms as f64;
            usd += self.held[i].len() as f64 * tb_month * up_share;
            if usd > 0.0 {
                cx.pay(node, usd);
            }
        }
    }

    /// Writes `value` into the first slot of `object` holding `current`, keeping the counters.
    fn set_slot(&mut self, object: u32, current: u32, value: u32) {
        let k = self.k();
        let was_degraded = self.slots(object).contains(&EMPTY);
        let range = object as usize * k..(object as usize + 1) * k;
        let slot = self.replicas[range].iter_mut().find(|s| **s == current).expect("slot present");
        *slot = value;
        let is_degraded = self.slots(object).contains(&EMPTY);
        self.degraded = self.degraded + u32::from(is_degraded) - u32::from(was_degraded);
        let live_delta = |n: u32| n != EMPTY && self.up[n as usize];
        match (live_delta(current), live_delta(value)) {
            (true, false) => self.replica_down(object),
            (false, true) => self.replica_up(object),
            _ => {}
        }
    }

    fn replica_down(&mut self, object: u32) {
        let live = &mut self.live_replicas[object as usize];
        *live -= 1;
        if *live == 0 {
            self.unavailable += 1;
        }
    }

    fn replica_up(&mut self, object: u32) {
        let live = &mut self.live_replicas[object as usize];
        *live += 1;
        if *live == 1 {
            self.unavailable -= 1;
        }
    }

    /// Records that `node` went down or came up, for the objects it holds.
    fn node_moved(&mut self, node: NodeId, up: bool) {
        if std::mem::replace(&mut self.up[node.index()], up) == up {
            return;
        }
        for i in 0..self.held[node.index()].len() {
            let object = self.held[node.index()][i];
            if up { self.replica_up(object) } else { self.replica_down(object) }
        }
    }

    /// Empties `node`'s slot of `object` (not its `held` list).
    fn clear_slot(&mut self, object: u32, node: NodeId) {
        self.set_slot(object, node.0, EMPTY);
    }

    /// Removes `node`'s replica of `object` entirely.
    fn drop_holder(&mut self, object: u32, node: NodeId) {
        self.clear_slot(object, node);
        let held = &mut self.held[node.index()];
        if let Some(i) = held.iter().position(|o| *o == object) {
            held.swap_remove(i);
        }
    }

    /// A holder unreachable for at least `repair_timeout`, whose replica should move elsewhere.
    fn stranded(&self, object: u32, cx: &Ctx<'_, Self>) -> Option<NodeId> {
        self.holders(object)
            .into_iter()
            .find(|h| !cx.is_up(*h) && cx.now().since(self.down_since[h.index()]) >= self.config.repair_timeout)
    }

    /// Re-creates one missing or stranded replica of `object` from a live one; schedules itself
    /// again while more are missing. With no live replica the object waits for a holder to come
    /// back (see `on_fault`), so a long outage costs no polling.
    fn repair(&mut self, object: u32, cx: &mut Ctx<'_, Self>) {
        if self.lost[object as usize] {
            return;
        }
        let stranded = self.stranded(object, cx);
        if stranded.is_none() && !self.slots(object).contains(&EMPTY) {
            return;
        }
        let holders = self.holders(object);
        if !holders.iter().any(|h| cx.is_up(*h)) {
            self.waiting[object as usize] = true;
            return;
        }
        let others: Vec<NodeId> = holders.into_iter().filter(|h| Some(*h) != stranded).collect();
        let (live, rng) = cx.live_and_rng();
        let Some(target) = self.config.spread.pick(&self.nodes, &self.storage, &others, Some(live), rng) else {
            cx.set_timer(self.config.repair_delay, Timer::Repair { object });
            return;
        };
        if let Some(old) = stranded {
            self.drop_holder(object, old);
        }
        self.set_slot(object, EMPTY, target.0);
        self.held[target.index()].push(object);
        self.repair_bytes += self.config.object_size.0 as f64;
        if self.slots(object).contains(&EMPTY) || self.stranded(object, cx).is_some() {
            cx.set_timer(self.config.repair_delay, Timer::Repair { object });
        }
    }

    fn on_destroyed(&mut self, node: NodeId, cx: &mut Ctx<'_, Self>) {
        self.node_moved(node, false);
        for object in std::mem::take(&mut self.held[node.index()]) {
            self.clear_slot(object, node);
            if self.holders(object).is_empty() {
                if !self.lost[object as usize] {
                    self.lost[object as usize] = true;
                    self.objects_lost += 1;
                }
            } else {
                cx.set_timer(self.config.repair_delay, Timer::Repair { object });
            }
        }
    }

    /// Objects with at least one replica not marked in `down`.
    fn reachable_objects(&self, down: impl Fn(u32) -> bool) -> usize {
        (0..self.config.objects).filter(|o| self.slots(*o).iter().any(|s| *s != EMPTY && !down(*s))).count()
    }
}

impl Protocol for Content {
    const NAME: &'static str = "content";
    const SUMMARY: &'static str =
        "decentralized content network: k replicas on independent operators, repaired from survivors";
    const ROLES: &'static [&'static str] = &["storage", "gateway"];
    const KEY_METRICS: &'static [&'static str] = &[OBJECTS_UNAVAILABLE, OBJECTS_DEGRADED, OBJECTS_LOST, REPAIR_BYTES];
    const METRICS: &'static [depinsim_core::catalogue::Metric] = catalogue::METRICS;
    type Config = ContentConfig;
    type Timer = Timer;
    type Msg = ();

    fn check(config: &ContentConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        checks::check(config, groups)
    }

    /// Fails after [`Protocol::check`] has passed only if the placed storage nodes span fewer
    /// failure domains than `replicas` (or a replica finds no fitting node in its draws): the
    /// operators, sites and providers of the nodes are not known before placement.
    /// Every traffic tick samples `sampled_per_tick` requests; every reward period visits every
    /// holder; samples visit the gateways.
    fn work(config: &ContentConfig, groups: &[GroupInfo], _duration: SimDuration) -> Work {
        let t = &config.traffic;
        let nodes = Work::nodes(groups);
        Work {
            per_day: Work::per_day(t.tick) * t.sampled_per_tick as f64 + Work::per_day(config.reward_every) * nodes,
            per_sample: groups.iter().filter(|g| g.role == "gateway").map(|g| g.count as f64).sum(),
            what: "requests and holder visits",
            ..Work::over_nodes(groups, NS_PER_CONTENT_STEP)
        }
    }

    fn new(config: ContentConfig, nodes: &NodeTable, rng: &mut StreamRng) -> Result<Self, ConfigError> {
        Self::check(&config, &nodes.groups)?;
        let storage: Vec<NodeId> = nodes.ids().filter(|n| nodes.role(*n) == "storage").collect();
        let gateways: Vec<NodeId> = nodes.ids().filter(|n| nodes.role(*n) == "gateway").collect();
        checks::check_domains(&config, nodes, &storage)?;
        let k = config.replicas as usize;
        let mut replicas = vec![EMPTY; config.objects as usize * k];
        let mut held = vec![Vec::new(); nodes.len()];
        for object in 0..config.objects {
            let mut holders = Vec::with_capacity(k);
            for j in 0..k {
                let node = config
                    .spread
                    .pick(nodes, &storage, &holders, None, rng)
                    .ok_or_else(|| checks::placement_failed(&config, object, j + 1))?;
                holders.push(node);
                replicas[object as usize * k + j] = node.0;
                held[node.index()].push(object);
            }
        }
        Ok(Content {
            traffic: Traffic::new(config.traffic.clone()),
            lost: vec![false; config.objects as usize],
            served: vec![0; nodes.len()],
            down_epoch: vec![0; nodes.len()],
            down_since: vec![SimTime::ZERO; nodes.len()],
            waiting: vec![false; config.objects as usize],
            up: vec![true; nodes.len()],
            live_replicas: vec![config.replicas; config.objects as usize],
            unavailable: 0,
            degraded: 0,
            nodes: nodes.clone(),
            config,
            storage,
            gateways,
            replicas,
            held,
            objects_lost: 0,
            repair_bytes: 0.0,
            last_reward: SimTime::ZERO,
            up_ms: UpTime::new(nodes.len(), |_| 1.0),
        })
    }

    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        cx.set_timer(self.config.traffic.tick, Timer::Tick);
        cx.set_timer(self.config.reward_every, Timer::Rewards);
    }

    fn on_timer(&mut self, _node: Option<NodeId>, timer: Timer, cx: &mut Ctx<'_, Self>) {
        match timer {
            Timer::Tick => {
                let mut served = 0;
                for _ in 0..self.config.traffic.sampled_per_tick {
                    let (live, rng) = cx.live_and_rng();
                    served += u32::from(self.request(live, rng));
                }
                self.traffic.record_tick(served);
                cx.set_timer(self.config.traffic.tick, Timer::Tick);
            }
            Timer::Rewards => {
                self.pay_rewards(cx);
                cx.set_timer(self.config.reward_every, Timer::Rewards);
            }
            Timer::Repair { object } => self.repair(object, cx),
            Timer::Timeout { node, epoch } => {
                if !cx.is_up(node) && self.down_epoch[node.index()] == epoch {
                    for &object in &self.held[node.index()] {
                        cx.set_timer(self.config.repair_delay, Timer::Repair { object });
                    }
                }
            }
        }
    }

    fn on_fault(&mut self, node: NodeId, fault: Fault, cx: &mut Ctx<'_, Self>) {
        self.up_ms.fault(node, fault, cx.now());
        match fault {
            Fault::Destroyed => self.on_destroyed(node, cx),
            Fault::Down => {
                self.node_moved(node, false);
                self.down_since[node.index()] = cx.now();
                self.down_epoch[node.index()] += 1;
                if !self.held[node.index()].is_empty() {
                    let epoch = self.down_epoch[node.index()];
                    cx.set_timer(self.config.repair_timeout, Timer::Timeout { node, epoch });
                }
            }
            Fault::Up => {
                self.node_moved(node, true);
                // Objects that were waiting for any live replica can be repaired from this one.
                for &object in &self.held[node.index()] {
                    if std::mem::take(&mut self.waiting[object as usize]) {
                        cx.set_timer(self.config.repair_delay, Timer::Repair { object });
                    }
                }
            }
            Fault::Loss(_) => {}
        }
    }

    fn observe(&mut self, _now: SimTime, live: &Liveness, obs: &mut Observer) {
        if let Some(a) = self.traffic.take_availability() {
            obs.record(AVAILABILITY, a);
        }
        obs.record(OBJECTS_UNAVAILABLE, self.unavailable as f64);
        obs.record(OBJECTS_DEGRADED, self.degraded as f64);
        obs.record(OBJECTS_LOST, self.objects_lost as f64);
        obs.record(DATA_LOST_BYTES, self.objects_lost as f64 * self.config.object_size.0 as f64);
        obs.record(REPAIR_BYTES, self.repair_bytes);
        obs.record(GATEWAYS_UP, self.gateways.iter().filter(|g| live.is_up(**g)).count() as f64);
        obs.record(REQUESTS_SERVED, self.traffic.delivered());
    }

    fn service_level(&self, down: &[bool]) -> f64 {
        let gateways_up = if self.gateways.is_empty() {
            1.0
        } else {
            self.gateways.iter().filter(|g| !down[g.index()]).count() as f64 / self.gateways.len() as f64
        };
        gateways_up * self.reachable_objects(|n| down[n as usize]) as f64 / self.config.objects as f64
    }

    fn service_delivered(&self) -> Option<(&'static str, f64)> {
        Some(("1M requests", self.traffic.delivered() / 1e6))
    }

    fn headline(&self, h: &mut Headline) {
        h.set(OBJECTS_LOST, Some(self.objects_lost as f64));
        h.set(DATA_LOST_BYTES, Some(self.objects_lost as f64 * self.config.object_size.0 as f64));
        h.set(catalogue::OBJECTS_LOST_SHARE, Some(self.objects_lost as f64 / self.config.objects as f64));
        h.set(REPAIR_BYTES, Some(self.repair_bytes));
        h.set(REQUESTS_SERVED, Some(self.traffic.delivered()));
    }
}
