//! # depinsim-cdn: a centralized content delivery network
//!
//! Points of presence (PoPs) serve requests at the edge. Every PoP depends on the provider's
//! control plane and configuration pipeline (a service vertex in the scenario's world), so a bad
//! configuration pushed everywhere takes every PoP down at once: the single shared dependency
//! that a decentralized network is meant not to have.
//!
//! Request model: a client is routed to a PoP (uniformly: traffic is assumed spread evenly over
//! PoPs); an unreachable PoP is withdrawn from anycast and the request is routed to another one,
//! up to `anycast_retries` times; a reachable PoP on a degraded path loses that share of
//! requests. The operator earns no protocol rewards: it is paid by its customers, outside the
//! model; its costs are the PoPs' hardware, hosting and power.

pub mod catalogue;
use depinsim_core::metrics::{AVAILABILITY, Headline, Observer};
use depinsim_core::node::NodeTable;
use depinsim_core::traffic::{Traffic, TrafficConfig};
use depinsim_core::{Ctx, Liveness, NodeId, Protocol, SimTime};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;

/// The `[networks.params]` of a `cdn` network.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CdnConfig {
    /// How many other PoPs anycast tries when the nearest one is unreachable. Assumption: BGP
    /// withdraws a dead PoP's routes within the tick, so the retry lands on a live one if any.
    pub anycast_retries: u32,
    /// Request sampling.
    pub traffic: TrafficConfig,
}

impl Default for CdnConfig {
    fn default() -> Self {
        CdnConfig { anycast_retries: 2, traffic: TrafficConfig::default() }
    }
}

/// A CDN network.
pub struct Cdn {
    config: CdnConfig,
    pops: Vec<NodeId>,
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
    fn serve(&self, live: &Liveness, rng: &mut ChaCha8Rng) -> bool {
        for _ in 0..=self.config.anycast_retries {
            let pop = self.pops[rng.random_range(0..self.pops.len())];
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

    fn new(config: CdnConfig, nodes: &NodeTable, _rng: &mut ChaCha8Rng) -> Result<Self, depinsim_core::ConfigError> {
        config.traffic.check()?;
        let pops: Vec<NodeId> = nodes.ids().collect();
        if pops.is_empty() {
            return Err("a cdn network needs at least one node with role `pop`".into());
        }
        Ok(Cdn { traffic: Traffic::new(config.traffic.clone()), config, pops })
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
        // is up with probability u.
        let up = self.pops.iter().filter(|p| !down[p.index()]).count() as f64 / self.pops.len() as f64;
        1.0 - (1.0 - up).powi(self.config.anycast_retries as i32 + 1)
    }

    fn service_delivered(&self) -> Option<(&'static str, f64)> {
        Some(("1M requests", self.traffic.delivered() / 1e6))
    }

    fn headline(&self, h: &mut Headline) {
        h.set(REQUESTS_SERVED, Some(self.traffic.delivered()));
    }
}
