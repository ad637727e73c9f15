//! # depinsim-cdn: a centralized content delivery network
//!
//! Points of presence (PoPs) serve requests at the edge. Every PoP depends on the provider's
//! control plane and configuration pipeline (a service vertex in the scenario's world), so a bad
//! configuration pushed everywhere takes every PoP down at once: the single shared dependency
//! that a decentralized network is meant not to have.
//!
//! Request model: a client is routed to a PoP, in proportion to the PoP's traffic weight (its
//! group's `traffic_weight` in the scenario, evenly when every group leaves it at 1: Cloudflare's
//! 19 MCP locations, 4% of its network, carried about half of all requests on 21 Jun 2022; an
//! outage with `share_of = "traffic"` counts the same weights). Two failure modes
//! differ: an unreachable PoP (`down`) is *withdrawn* from anycast and the request is routed to
//! another one, up to `anycast_retries` times, while a PoP still announced but failing
//! (`degraded`, with `loss = 1.0` a *blackhole*) loses that share of the requests routed to
//! it. The operator earns no protocol rewards: it is paid by its customers, outside the
//! model; its costs are the PoPs' hardware, hosting and power.

pub mod catalogue;
use depinsim_core::StreamRng;
use depinsim_core::config::ConfigError;
use depinsim_core::metrics::{AVAILABILITY, Headline, Observer};
use depinsim_core::node::{GroupInfo, NodeTable, check_roles};
use depinsim_core::traffic::{Traffic, TrafficConfig};
use depinsim_core::{Ctx, Liveness, NodeId, Protocol, SimDuration, SimTime, Work};
use rand::Rng;
use serde::Deserialize;
use std::collections::BTreeMap;

/// What routing one sampled request costs, ns: measured from cloudflare-2025-11-18
/// (BENCHMARKS.md, "Run-time estimates").
const NS_PER_REQUEST: f64 = 8.0;

/// The `[networks.params]` of a `cdn` network.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CdnConfig {
    /// How many other PoPs anycast tries when the nearest one is unreachable. Assumption: BGP
    /// withdraws a dead PoP's routes within the tick, so the retry lands on a live one if any.
    pub anycast_retries: u32,
    /// Request sampling.
    pub traffic: TrafficConfig,
    /// No longer a parameter: a PoP's traffic weight is its group's `traffic_weight`, the one
    /// value routing and outages' `share_of = "traffic"` both read. Kept only to refuse a
    /// scenario that still writes it, saying where each weight goes.
    pub traffic_weights: Option<BTreeMap<String, f64>>,
}

/// Most anycast retries accepted. Anycast falls back to a handful of nearby PoPs; the cap keeps
/// a tick's cost bounded when every PoP is down (each retry is one more draw per sampled
/// request) and the closed form of [`Cdn::service_level`] within `i32` exponents.
pub const MAX_ANYCAST_RETRIES: u32 = 100;

impl Default for CdnConfig {
    fn default() -> Self {
        CdnConfig { anycast_retries: 2, traffic: TrafficConfig::default(), traffic_weights: None }
    }
}

/// A CDN network.
pub struct Cdn {
    config: CdnConfig,
    pops: Vec<NodeId>,
    /// Running sums of the PoPs' traffic weights (in `pops` order), when they are not all equal.
    cumulative: Option<Vec<f64>>,
    traffic: Traffic,
}

/// The CDN's only timer: route one tick's sample of requests.
#[derive(Clone, Copy, Debug)]
pub struct Tick;

/// Name of the metric counting PoPs up.
pub const POPS_UP: &str = "pops_up";
/// Name of the cumulative requests-delivered metric.
pub const REQUESTS_SERVED: &str = "requests_served";

impl Cdn {
    /// The PoP a request is routed to: in proportion to the weights, or uniformly when they are
    /// all equal (one draw either way).
    fn route(&self, rng: &mut StreamRng) -> NodeId {
        match &self.cumulative {
            None => self.pops[rng.random_range(0..self.pops.len())],
            Some(sums) => {
                let total = sums.last().copied().unwrap_or(0.0);
                let x = rng.random::<f64>() * total;
                self.pops[sums.partition_point(|s| *s <= x).min(self.pops.len() - 1)]
            }
        }
    }

    fn serve(&self, live: &Liveness, rng: &mut StreamRng) -> bool {
        for _ in 0..=self.config.anycast_retries {
            let pop = self.route(rng);
            if live.is_up(pop) {
                let loss = live.loss(pop);
                return loss == 0.0 || rng.random::<f32>() >= loss;
            }
        }
        false
    }
}

impl Protocol for Cdn {
    const NAME: &'static str = "cdn";
    const SUMMARY: &'static str =
        "centralized CDN: points of presence behind one control plane and configuration pipeline";
    const ROLES: &'static [&'static str] = &["pop"];
    const KEY_METRICS: &'static [&'static str] = &[POPS_UP];
    const METRICS: &'static [depinsim_core::catalogue::Metric] = catalogue::METRICS;
    type Config = CdnConfig;
    type Timer = Tick;
    type Msg = ();

    /// Refuses what would break the request model: an unusable traffic sample, unbounded
    /// retries, and a network with no PoP to route a request to, or none that draws traffic;
    /// and the former `traffic_weights`, with where its weights go now.
    fn check(config: &CdnConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        config.traffic.check().map_err(|e| e.within("traffic"))?;
        if config.anycast_retries > MAX_ANYCAST_RETRIES {
            return Err(ConfigError::param(
                "anycast_retries",
                format!("`anycast_retries` is {}", config.anycast_retries),
            )
            .help(format!("from 0 to {MAX_ANYCAST_RETRIES} retries after the first PoP tried")));
        }
        check_roles(groups, Self::NAME, Self::ROLES)?;
        if let Some(weights) = &config.traffic_weights {
            let moves: Vec<String> =
                weights.iter().map(|(group, w)| format!("`traffic_weight = {w}` in group `{group}`")).collect();
            let moves =
                if moves.is_empty() { "`traffic_weight = ...` in a group".to_string() } else { moves.join(", ") };
            return Err(ConfigError::param(
                "traffic_weights",
                "`traffic_weights` is no longer a cdn parameter: a PoP's traffic weight is its group's `traffic_weight`",
            )
            .help(format!(
                "remove it and write {moves} under [[networks.nodes]]; outages with share_of = \"traffic\" count the same weights"
            )));
        }
        // The loader refuses these at the value; a table built by hand is checked here.
        if let Some(g) = groups.iter().find(|g| !(g.traffic_weight.is_finite() && g.traffic_weight >= 0.0)) {
            return Err(ConfigError::group(
                &g.name,
                format!("group `{}` has `traffic_weight` {}", g.name, g.traffic_weight),
            )
            .help("a relative weight per PoP, 0 or more (1 when not given)"));
        }
        let total: f64 = groups.iter().map(|g| g.count as f64 * g.traffic_weight).sum();
        if let Some(g) = groups.iter().find(|g| g.count > 0).filter(|_| total <= 0.0) {
            return Err(ConfigError::group(&g.name, "every PoP has `traffic_weight` 0: no request can be routed")
                .help("give at least one group of PoPs a `traffic_weight` above 0"));
        }
        if groups.iter().all(|g| g.count == 0) {
            let e = match groups.first() {
                None => ConfigError::network("the cdn network has no node group"),
                Some(g) => {
                    ConfigError::group(&g.name, format!("group `{}` has `count` 0 and no group has a PoP", g.name))
                }
            };
            return Err(e.help("a cdn network needs at least one node with role `pop`"));
        }
        Ok(())
    }

    /// Every traffic tick samples `sampled_per_tick` requests (most served at their first try);
    /// samples count the PoPs up.
    fn work(config: &CdnConfig, groups: &[GroupInfo], _duration: SimDuration) -> Work {
        let t = &config.traffic;
        Work {
            per_day: Work::per_day(t.tick) * t.sampled_per_tick as f64,
            per_sample: Work::nodes(groups),
            what: "requests sampled",
            knob: "traffic.sampled_per_tick".into(),
            ..Work::over_nodes(groups, NS_PER_REQUEST)
        }
    }

    fn new(config: CdnConfig, nodes: &NodeTable, _rng: &mut StreamRng) -> Result<Self, ConfigError> {
        Self::check(&config, &nodes.groups)?;
        let pops: Vec<NodeId> = nodes.ids().collect();
        let weights: Vec<f64> = pops.iter().map(|p| nodes.traffic_weight(*p)).collect();
        let even = weights.iter().all(|w| *w == weights[0]);
        let cumulative = (!even).then(|| {
            weights
                .iter()
                .scan(0.0, |sum, w| {
                    *sum += w;
                    Some(*sum)
                })
                .collect()
        });
        Ok(Cdn { traffic: Traffic::new(config.traffic.clone()), config, pops, cumulative })
    }

    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        cx.set_timer(self.config.traffic.tick, Tick);
    }

    fn on_timer(&mut self, _node: Option<NodeId>, _timer: Tick, cx: &mut Ctx<'_, Self>) {
        let mut served = 0;
        for _ in 0..self.config.traffic.sampled_per_tick {
            let (live, rng) = cx.live_and_rng();
            served += u32::from(self.serve(live, rng));
        }
        self.traffic.record_tick(served);
        cx.set_timer(self.config.traffic.tick, Tick);
    }

    fn observe(&mut self, _now: SimTime, live: &Liveness, obs: &mut Observer) {
        if let Some(a) = self.traffic.take_availability() {
            obs.record(AVAILABILITY, a);
        }
        obs.record(POPS_UP, self.pops.iter().filter(|p| live.is_up(**p)).count() as f64);
        obs.record(REQUESTS_SERVED, self.traffic.delivered());
    }

    fn service_level(&self, down: &[bool]) -> f64 {
        // The request model in closed form: each of the 1 + retries tries lands on a PoP that
        // is up with probability u, the up PoPs' share of the traffic weight.
        let up = match &self.cumulative {
            None => self.pops.iter().filter(|p| !down[p.index()]).count() as f64 / self.pops.len() as f64,
            Some(sums) => {
                let weight_of = |i: usize| sums[i] - if i == 0 { 0.0 } else { sums[i - 1] };
                let up: f64 = (0..self.pops.len()).filter(|&i| !down[self.pops[i].index()]).map(weight_of).sum();
                up / sums.last().copied().unwrap_or(1.0)
            }
        };
        1.0 - (1.0 - up).powi(self.config.anycast_retries as i32 + 1)
    }

    fn service_delivered(&self) -> Option<(&'static str, f64)> {
        Some(("1M requests", self.traffic.delivered() / 1e6))
    }

    fn headline(&self, h: &mut Headline) {
        h.set(REQUESTS_SERVED, Some(self.traffic.delivered()));
    }
}
