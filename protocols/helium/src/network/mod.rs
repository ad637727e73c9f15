//! The Helium IoT network as a [`Protocol`]: hotspots (roles `hotspot` and `spoofer`) beacon and
//! witness, sensors send uplinks, and reward oracles (role `oracle`, e.g. in a cloud region)
//! settle each day's rewards on the chain (role `chain`).
//!
//! Events: one network timer per beacon slot (the beacon interval divided into
//! `beacon_slots`, each hotspot beaconing in one slot per interval), one per traffic tick, one
//! per reward epoch, and a retry when the oracle has caught up (a traffic tick is split at a
//! hotspot's change inside it, so its uplinks count from the fault's minute; a beacon is an
//! instant and reads the state then). Nothing is scheduled per hotspot;
//! who hears whom is precomputed once through an H3 spatial index ([`crate::geo::SpatialIndex`]).
//!
//! Service and accounting are apart: hotspots keep covering and sensors keep delivering while an
//! oracle or the chain is down (reports are assumed buffered by the hotspots and ingestors, an
//! assumption); only payment waits, and is made late once every oracle and chain node is up and
//! the backlog is processed ([`crate::config::HeliumConfig::catch_up_speed`]).

mod groups;
mod metrics;
mod poc;
mod rewards;
mod setup;

pub use metrics::*;

use crate::config::HeliumConfig;
use crate::geo::Plan;
use crate::radio::Environment;
use crate::witness::Invalid;
use depinsim_core::ConfigError;
use depinsim_core::StreamRng;
use depinsim_core::catalogue::Metric;
use depinsim_core::metrics::{AVAILABILITY, Headline, Observer};
use depinsim_core::node::{GroupInfo, NodeTable, check_roles};
use depinsim_core::stats::gini;
use depinsim_core::time::{DAY, YEAR};
use depinsim_core::{Ctx, Fault, Liveness, NodeId, Protocol, SimDuration, SimTime, Work};
use h3o::CellIndex;
use poc::Heard;

/// What checking one witness link of a beacon (or routing a sensor's uplinks through one
/// hotspot) costs in the shipped studies, ns: measured from helium-aws-oracle-outage and
/// helium-density-scaling over 30 days (BENCHMARKS.md, "Run-time estimates").
const NS_PER_WITNESS_LINK_SMALL: f64 = 10.0;

/// The same in the 400,000-hotspot week, ns: 427 s over about 1.6e9 link checks (BENCHMARKS.md,
/// "Helium: 400,000 IoT hotspots"; about 60 M links, 1 GB). Why a check costs 27 times more there
/// is not established: more of its links are heard and verified (970 M reports), and its links
/// outgrow the caches. Between the two the estimate takes the cost as linear in the links' bytes
/// up to [`LINKS_LARGE_BYTES`]: an assumption that fits both measurements, not a model of either.
const NS_PER_WITNESS_LINK_LARGE: f64 = 280.0;

/// The links' bytes from which a check costs [`NS_PER_WITNESS_LINK_LARGE`].
const LINKS_LARGE_BYTES: f64 = 1e9;

/// Data credits per sensor uplink: one DC buys 24 bytes of payload, and a typical sensor reading
/// fits in 24 bytes (assumption).
pub const DC_PER_PACKET: f64 = 1.0;

/// What a node is to the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An honest hotspot at its asserted position.
    Honest,
    /// A spoofer: at its group's real site, asserting a position elsewhere.
    Spoofer,
    /// A reward oracle node.
    Oracle,
    /// A chain node (the chain halts while one is down).
    Chain,
}

/// A beacon from one hotspot can reach another.
#[derive(Clone, Copy, Debug)]
pub struct Link {
    /// The hotspot hearing it.
    pub to: u32,
    /// Mean path loss, dB.
    pub loss_db: f32,
    /// Distance between the asserted cells' centres, m.
    pub distance_m: u32,
    /// Static verdict: 0 valid, else 1 + index in [`Invalid::ALL`].
    pub verdict: u8,
}

/// Decodes a static verdict.
fn decode(v: u8) -> Result<(), Invalid> {
    if v == 0 { Ok(()) } else { Err(Invalid::ALL[v as usize - 1]) }
}

/// An epoch's rewards waiting to be paid.
#[derive(Clone, Debug)]
struct PendingEpoch {
    /// When they were due.
    due: SimTime,
    /// HNT per node.
    hnt: Vec<f64>,
}

/// Counts since the start.
#[derive(Clone, Debug, Default)]
struct Totals {
    beacons: u64,
    beacons_invalid: u64,
    witnesses_valid: u64,
    invalid: [u64; 9],
    packets_sent: f64,
    packets_delivered: f64,
    hnt_earned: f64,
    hnt_spoofers: f64,
    hnt_pending: f64,
    epochs_paid: u64,
    epochs_delayed: u64,
    delay_max: SimDuration,
}

/// Timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Beacon slot (the count since the start; the slot is this modulo `beacon_slots`).
    Beacon(u64),
    /// Sensor traffic tick.
    Traffic,
    /// Reward epoch `k` closes.
    Epoch(u64),
    /// The oracle has worked through its backlog: pay what waits.
    Retry,
}

/// A Helium IoT network.
pub struct Helium {
    cfg: HeliumConfig,
    kind: Vec<Kind>,
    placed: Vec<bool>,
    env: Vec<Environment>,
    plan: Vec<Plan>,
    gain_ddbi: Vec<i32>,
    elevation: Vec<f32>,
    cell: Vec<CellIndex>,
    scale: Vec<f64>,
    latency_ms: Vec<f32>,
    ring: Vec<u32>,
    fake_rssi: Vec<bool>,
    profile_capex: Vec<f64>,
    profile_power_w: Vec<f64>,
    slots: Vec<Vec<u32>>,
    link_start: Vec<u32>,
    links: Vec<Link>,
    sensor_start: Vec<u32>,
    sensor_links: Vec<u32>,
    hex: Vec<u32>,
    hex_live: Vec<u32>,
    covered: u32,
    hexes_total: u32,
    up: Vec<bool>,
    last_witness: Vec<u64>,
    last_beacon: Vec<u64>,
    beacon_shares: Vec<f64>,
    witness_shares: Vec<f64>,
    dc: Vec<f64>,
    hnt_earned: Vec<f64>,
    tx_hnt: Vec<f64>,
    usd_paid: Vec<f64>,
    beacons_sent: Vec<u32>,
    pending: Vec<PendingEpoch>,
    oracles_down: u32,
    chains_down: u32,
    down_since: SimTime,
    backlog_ms: f64,
    current_at: SimTime,
    retry_set: bool,
    totals: Totals,
    last_delivery: Option<f64>,
    /// Where the part of the traffic tick not yet counted starts: the tick's start, or the
    /// last change of a hotspot in it.
    traffic_from: SimTime,
    /// Sensor-milliseconds of the parts of the tick counted so far: all, and those with a
    /// hotspot up (integers, so that a tick in one part gives exactly the share of sensors).
    tick_ms: (u64, u64),
    delivery_samples: Vec<f64>,
    coverage_min: u32,
    scratch: Vec<Heard>,
    valid_scratch: Vec<(u32, i64)>,
}

impl Helium {
    fn empty(cfg: HeliumConfig, n: usize) -> Self {
        let slots = vec![Vec::new(); cfg.beacon_slots as usize];
        let placeholder = crate::geo::cell_of(0.0, 0.0);
        Helium {
            kind: vec![Kind::Chain; n],
            placed: vec![false; n],
            env: vec![Environment::Rural; n],
            plan: vec![Plan::Eu868; n],
            gain_ddbi: vec![0; n],
            elevation: vec![1.0; n],
            cell: vec![placeholder; n],
            scale: vec![1.0; n],
            latency_ms: vec![0.0; n],
            ring: vec![u32::MAX; n],
            fake_rssi: vec![false; n],
            profile_capex: vec![0.0; n],
            profile_power_w: vec![0.0; n],
            slots,
            link_start: Vec::with_capacity(n + 1),
            links: Vec::new(),
            sensor_start: Vec::new(),
            sensor_links: Vec::new(),
            hex: vec![0; n],
            hex_live: Vec::new(),
            covered: 0,
            hexes_total: 0,
            up: vec![true; n],
            last_witness: vec![0; n],
            last_beacon: vec![0; n],
            beacon_shares: vec![0.0; n],
            witness_shares: vec![0.0; n],
            dc: vec![0.0; n],
            hnt_earned: vec![0.0; n],
            tx_hnt: vec![0.0; n],
            usd_paid: vec![0.0; n],
            beacons_sent: vec![0; n],
            pending: Vec::new(),
            oracles_down: 0,
            chains_down: 0,
            down_since: SimTime::ZERO,
            backlog_ms: 0.0,
            current_at: SimTime::ZERO,
            retry_set: false,
            totals: Totals::default(),
            last_delivery: None,
            traffic_from: SimTime::ZERO,
            tick_ms: (0, 0),
            delivery_samples: Vec::new(),
            coverage_min: u32::MAX,
            scratch: Vec::new(),
            valid_scratch: Vec::new(),
            cfg,
        }
    }

    /// HNT price at `now`.
    fn price(&self, now: SimTime) -> f64 {
        self.cfg.price_usd(now.since(SimTime::ZERO))
    }

    fn is_hotspot(&self, i: usize) -> bool {
        matches!(self.kind[i], Kind::Honest | Kind::Spoofer)
    }

    /// The HIP-17 scale of a node (1 without scaling).
    pub fn scale(&self, node: NodeId) -> f64 {
        self.scale[node.index()]
    }
    /// HNT earned by a node so far (computed at epoch ends, paid or not).
    pub fn hnt_earned(&self, node: NodeId) -> f64 {
        self.hnt_earned[node.index()]
    }
    /// Beacon-pool HNT earned by a node so far.
    pub fn tx_hnt(&self, node: NodeId) -> f64 {
        self.tx_hnt[node.index()]
    }
    /// Beacons a node sent.
    pub fn beacons_sent(&self, node: NodeId) -> u32 {
        self.beacons_sent[node.index()]
    }
    /// Hotspots that hear a node's beacons (precomputed links).
    pub fn links_of(&self, node: NodeId) -> &[Link] {
        &self.links[self.link_start[node.index()] as usize..self.link_start[node.index() + 1] as usize]
    }
    /// Resolution-8 hexes covered now.
    pub fn coverage_hexes(&self) -> u32 {
        self.covered
    }
    /// The node's asserted cell.
    pub fn cell(&self, node: NodeId) -> CellIndex {
        self.cell[node.index()]
    }
    /// Witness reports rejected for `reason` so far.
    pub fn invalid(&self, reason: Invalid) -> u64 {
        self.totals.invalid[reason as usize]
    }
    /// Valid, selected witnesses so far.
    pub fn witnesses_valid(&self) -> u64 {
        self.totals.witnesses_valid
    }

    /// Mean of `f` over honest hotspots in `env`.
    fn env_mean(&self, env: Environment, f: impl Fn(usize) -> f64) -> Option<f64> {
        let ids: Vec<usize> =
            (0..self.kind.len()).filter(|i| self.kind[*i] == Kind::Honest && self.env[*i] == env).collect();
        (!ids.is_empty()).then(|| ids.iter().map(|i| f(*i)).sum::<f64>() / ids.len() as f64)
    }

    fn set_up(&mut self, i: usize, up: bool) {
        if self.up[i] == up || !self.is_hotspot(i) {
            self.up[i] = up;
            return;
        }
        self.up[i] = up;
        let hex = self.hex[i] as usize;
        if up {
            self.hex_live[hex] += 1;
            if self.hex_live[hex] == 1 {
                self.covered += 1;
            }
        } else {
            self.hex_live[hex] -= 1;
            if self.hex_live[hex] == 0 {
                self.covered -= 1;
            }
        }
    }
}

impl Protocol for Helium {
    const NAME: &'static str = "helium";
    const SUMMARY: &'static str = "Helium IoT hotspots on H3 cells: PoC beacons and witnesses with the verifier's validity rules, HIP-15/17 rewards, HNT emissions, data credits, oracles and chain";
    const ROLES: &'static [&'static str] = &["hotspot", "spoofer", "oracle", "chain"];
    const KEY_METRICS: &'static [&'static str] = &[
        COVERAGE_HEXES,
        PACKET_DELIVERY,
        WITNESSES_VALID,
        WITNESSES_INVALID,
        HNT_EARNED,
        HNT_PENDING,
        REWARD_BACKLOG_S,
        GAMERS_SHARE,
    ];
    const METRICS: &'static [Metric] = crate::catalogue::METRICS;
    type Config = HeliumConfig;
    type Timer = Timer;
    type Msg = ();

    fn check(cfg: &HeliumConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        cfg.check()?;
        check_roles(groups, Self::NAME, Self::ROLES)?;
        groups::check_groups(cfg, groups)
    }

    /// Every beacon is checked against each hotspot that may hear it, and every traffic tick
    /// sends each sensor's uplinks through the hotspots that hear it. In an area of `n` hotspots
    /// spread over a disk of radius `r`, a hotspot has about `n x min(1, (R / r)^2)` neighbours
    /// within the search radius `R` (the same radius the set-up searches), found once at set-up.
    /// A check costs more in larger networks (see `NS_PER_WITNESS_LINK_LARGE`).
    fn work(cfg: &HeliumConfig, groups: &[GroupInfo], _duration: SimDuration) -> Work {
        let radius = Helium::search_radius_km(cfg);
        let (beacons_per_day, ticks_per_day) = (Work::per_day(cfg.beacon_every), Work::per_day(cfg.traffic_every));
        let mut work = Work {
            once: 0.0,
            per_day: 0.0,
            per_sample: 0.0,
            what: "witness links checked",
            ns_per_step: NS_PER_WITNESS_LINK_SMALL,
            knob: String::new(),
        };
        let mut most = 0.0;
        for area in &cfg.areas {
            let n: f64 = groups.iter().filter(|g| g.name == area.group).map(|g| g.count as f64).sum();
            let neighbours = n * (radius / area.radius_km.max(1e-3)).powi(2).min(1.0);
            let links = n * neighbours;
            let per_day = links * beacons_per_day + area.sensors as f64 * neighbours * ticks_per_day;
            work.once += links;
            work.per_day += per_day;
            if per_day > most {
                most = per_day;
                work.knob = format!("nodes.{}.count", area.group);
            }
        }
        let bytes = work.once * std::mem::size_of::<Link>() as f64;
        let large = (bytes / LINKS_LARGE_BYTES).min(1.0);
        work.ns_per_step += large * (NS_PER_WITNESS_LINK_LARGE - NS_PER_WITNESS_LINK_SMALL);
        work
    }

    fn new(cfg: HeliumConfig, nodes: &NodeTable, rng: &mut StreamRng) -> Result<Self, ConfigError> {
        Self::check(&cfg, &nodes.groups)?;
        let density_rules = crate::hip17::DensityRules::new(&cfg.hip17, "hip17")?;
        Ok(Helium::build(cfg, &density_rules, nodes, rng))
    }

    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        let slot = SimDuration::from_millis(self.cfg.beacon_every.as_millis() / self.cfg.beacon_slots as u64);
        cx.set_timer(slot, Timer::Beacon(0));
        cx.set_timer(self.cfg.traffic_every, Timer::Traffic);
        cx.set_timer(self.cfg.epoch + self.cfg.reward_offset, Timer::Epoch(0));
    }

    fn on_timer(&mut self, _node: Option<NodeId>, timer: Timer, cx: &mut Ctx<'_, Self>) {
        let now = cx.now();
        match timer {
            Timer::Beacon(k) => {
                if self.cfg.rules.pays_poc() {
                    let slot = (k % self.cfg.beacon_slots as u64) as usize;
                    let (live, rng) = cx.live_and_rng();
                    self.beacon_slot(slot, now, live, rng);
                }
                let step = SimDuration::from_millis(self.cfg.beacon_every.as_millis() / self.cfg.beacon_slots as u64);
                cx.set_timer(step, Timer::Beacon(k + 1));
            }
            Timer::Traffic => {
                self.traffic(now);
                self.close_tick();
                cx.set_timer(self.cfg.traffic_every, Timer::Traffic);
            }
            Timer::Epoch(k) => {
                self.close_epoch(k, now);
                self.try_pay(cx);
                cx.set_timer(self.cfg.epoch, Timer::Epoch(k + 1));
            }
            Timer::Retry => {
                self.retry_set = false;
                self.try_pay(cx);
            }
        }
    }

    fn on_fault(&mut self, node: NodeId, fault: Fault, cx: &mut Ctx<'_, Self>) {
        let i = node.index();
        let Some(up) = fault.reachable() else { return };
        match self.kind[i] {
            Kind::Honest | Kind::Spoofer => {
                // The tick's uplinks before the change went through the hotspots as they were.
                if self.up[i] != up {
                    self.traffic(cx.now());
                }
                self.set_up(i, up);
            }
            kind => {
                if self.up[i] != up {
                    self.up[i] = up;
                    self.infra_fault(kind, !up, cx.now());
                    if up {
                        self.try_pay(cx);
                    }
                }
            }
        }
    }

    fn observe(&mut self, now: SimTime, _live: &Liveness, obs: &mut Observer) {
        let share = if self.hexes_total == 0 { 1.0 } else { self.covered as f64 / self.hexes_total as f64 };
        self.coverage_min = self.coverage_min.min(self.covered);
        if let Some(d) = self.last_delivery {
            self.delivery_samples.push(d);
        }
        obs.record(AVAILABILITY, self.last_delivery.unwrap_or(share));
        obs.record(COVERAGE_HEXES, self.covered as f64);
        obs.record(COVERAGE_SHARE, share);
        obs.record(PACKET_DELIVERY, self.last_delivery.unwrap_or(0.0));
        let t = &self.totals;
        obs.record(BEACONS, t.beacons as f64);
        obs.record(BEACONS_INVALID, t.beacons_invalid as f64);
        obs.record(WITNESSES_VALID, t.witnesses_valid as f64);
        obs.record(WITNESSES_INVALID, t.invalid.iter().sum::<u64>() as f64);
        for reason in Invalid::ALL {
            obs.record(reason.metric(), t.invalid[reason as usize] as f64);
        }
        obs.record(HNT_EARNED, t.hnt_earned);
        obs.record(HNT_PENDING, t.hnt_pending);
        let backlog = self.pending.first().map_or(0.0, |e| now.since(e.due).as_secs_f64());
        obs.record(REWARD_BACKLOG_S, backlog);
        obs.record(GAMERS_SHARE, crate::gaming::gamers_share(t.hnt_spoofers, t.hnt_earned).unwrap_or(0.0));
        obs.record(HNT_PRICE, self.price(now));
    }

    fn service_level(&self, down: &[bool]) -> f64 {
        // Share of sensors still heard by a hotspot that is not down.
        let sensors = self.sensor_start.len().saturating_sub(1);
        if sensors == 0 {
            return 1.0;
        }
        let ok = (0..sensors)
            .filter(|s| {
                let (a, b) = (self.sensor_start[*s] as usize, self.sensor_start[*s + 1] as usize);
                self.sensor_links[a..b].iter().any(|h| !down.get(*h as usize).copied().unwrap_or(false))
            })
            .count();
        ok as f64 / sensors as f64
    }

    /// PoC and data rewards are in HNT (`hnt_price` prices them).
    fn token(&self) -> Option<&'static str> {
        Some("HNT")
    }

    fn service_delivered(&self) -> Option<(&'static str, f64)> {
        (self.totals.packets_sent > 0.0).then(|| ("1k uplinks", self.totals.packets_delivered / 1000.0))
    }

    fn headline(&self, h: &mut Headline) {
        let t = &self.totals;
        let hotspots: Vec<usize> = (0..self.kind.len()).filter(|i| self.is_hotspot(*i)).collect();
        h.set(COVERAGE_HEXES_MIN, (self.coverage_min != u32::MAX).then_some(self.coverage_min as f64));
        let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        h.set(PACKET_DELIVERY_MEAN, mean(&self.delivery_samples));
        h.set(PACKET_DELIVERY_MIN, self.delivery_samples.iter().copied().reduce(f64::min));
        h.set(BEACONS, Some(t.beacons as f64));
        h.set(BEACONS_INVALID, Some(t.beacons_invalid as f64));
        h.set(WITNESSES_VALID, Some(t.witnesses_valid as f64));
        h.set(WITNESSES_INVALID, Some(t.invalid.iter().sum::<u64>() as f64));
        for reason in Invalid::ALL {
            h.set(reason.metric(), Some(t.invalid[reason as usize] as f64));
        }
        h.set(HNT_EARNED, Some(t.hnt_earned));
        h.set(HNT_PENDING, Some(t.hnt_pending));
        let usd: Vec<f64> = hotspots.iter().map(|i| self.usd_paid[*i]).collect();
        h.set(USD_PER_HOTSPOT, mean(&usd));
        h.set(GINI_HOTSPOTS, gini(&usd));
        h.set(GAMERS_SHARE, crate::gaming::gamers_share(t.hnt_spoofers, t.hnt_earned));
        h.set(EPOCHS_PAID, Some(t.epochs_paid as f64));
        h.set(EPOCHS_DELAYED, Some(t.epochs_delayed as f64));
        h.set(REWARD_DELAY_MAX_S, Some(t.delay_max.as_secs_f64()));
        // Operator economics over honest hotspots, from HNT earned at the final price (delays do
        // not change what an operator earns, only when).
        let honest: Vec<usize> = hotspots.iter().copied().filter(|i| self.kind[*i] == Kind::Honest).collect();
        let days = self.elapsed_days();
        if !honest.is_empty() && days > 0.0 {
            let price = self.cfg.hnt_price.last().map_or(0.0, |p| p.usd);
            let per_year = YEAR as f64 / DAY as f64 / days;
            let rewards: f64 = honest.iter().map(|i| self.hnt_earned[*i] * price).sum::<f64>() * per_year;
            let power: f64 = honest.iter().map(|i| self.profile_power_w[*i] * 8.76 * self.cfg.power_usd_per_kwh).sum();
            let capex: f64 = honest.iter().map(|i| self.profile_capex[*i]).sum();
            let net = rewards - power;
            h.set(ROI_ANNUAL, (capex > 0.0).then(|| net / capex));
            h.set(PAYBACK_YEARS, (net > 0.0 && capex > 0.0).then(|| capex / net));
        }
        for env in Environment::ALL {
            let e = env.index();
            let beacons: f64 = self.env_sum(env, |i| self.beacons_sent[i] as f64);
            let tx: f64 = self.env_sum(env, |i| self.tx_hnt[i]);
            h.set(HNT_PER_BEACON[e], (beacons > 0.0).then(|| tx / beacons));
            h.set(HNT_PER_HOTSPOT_DAY[e], self.env_mean(env, |i| self.hnt_earned[i]).map(|x| x / days.max(1e-9)));
            h.set(HEX_SCALE_MEAN[e], self.env_mean(env, |i| self.scale[i]));
        }
    }
}

impl Helium {
    fn env_sum(&self, env: Environment, f: impl Fn(usize) -> f64) -> f64 {
        (0..self.kind.len()).filter(|i| self.kind[*i] == Kind::Honest && self.env[*i] == env).map(f).sum()
    }
    /// Days covered by the epochs closed so far.
    fn elapsed_days(&self) -> f64 {
        (self.totals.epochs_paid as usize + self.pending.len()) as f64 * self.cfg.epoch.as_millis() as f64 / DAY as f64
    }
}
