//! Sampled request traffic, shared by the networks that serve requests.
//!
//! Simulating each of a CDN's millions of requests per second is neither possible nor needed: at
//! every tick a fixed sample of requests is routed through the current state of the network, and
//! the share served estimates availability (binomial, standard error sqrt(p(1-p)/n) per tick).
//! The real traffic level (`requests_per_second`) scales the sample into requests delivered, the
//! unit that costs are divided by.

use crate::config::{ConfigError, positive};
use crate::time::SimDuration;
use serde::Deserialize;

/// The `[params.traffic]` table.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TrafficConfig {
    /// Real request rate offered to the network, per second.
    pub requests_per_second: f64,
    /// Requests simulated at each tick.
    pub sampled_per_tick: u32,
    /// Time between ticks; finer than the outage's shape (Cloudflare flapped every ~5 minutes).
    pub tick: SimDuration,
}

impl Default for TrafficConfig {
    fn default() -> Self {
        TrafficConfig { requests_per_second: 1_000.0, sampled_per_tick: 200, tick: SimDuration::from_secs(10) }
    }
}

impl TrafficConfig {
    /// Why the configuration is unusable, if it is, with paths relative to the traffic table (a
    /// caller adds its own key with [`ConfigError::within`]). A rate of zero would deliver
    /// nothing to divide costs by, an empty sample would divide by zero, and a zero tick would
    /// loop at one instant forever.
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("requests_per_second", self.requests_per_second)?;
        if self.sampled_per_tick == 0 {
            return Err(ConfigError::param("sampled_per_tick", "`sampled_per_tick` is 0")
                .help("at least 1 request sampled per tick (200 gives a standard error of 3.5% at 50%)"));
        }
        if self.tick == SimDuration::ZERO {
            return Err(ConfigError::param("tick", "`tick` is 0s").help("a duration longer than zero, e.g. \"10s\""));
        }
        Ok(())
    }
}

/// Counters of served and offered requests.
#[derive(Clone, Debug, Default)]
pub struct Traffic {
    /// The configuration.
    pub config: TrafficConfig,
    window_served: u64,
    window_total: u64,
    delivered: f64,
}

impl Traffic {
    /// Counters at zero.
    pub fn new(config: TrafficConfig) -> Self {
        Traffic { config, ..Default::default() }
    }

    /// Records one tick in which `served` of the sampled requests were served.
    pub fn record_tick(&mut self, served: u32) {
        let sampled = self.config.sampled_per_tick;
        self.window_served += served as u64;
        self.window_total += sampled as u64;
        self.delivered +=
            served as f64 / sampled as f64 * self.config.requests_per_second * self.config.tick.as_secs_f64();
    }

    /// Share served since the last call (the sample window), `None` if no tick fell in it.
    pub fn take_availability(&mut self) -> Option<f64> {
        let total = std::mem::take(&mut self.window_total);
        let served = std::mem::take(&mut self.window_served);
        (total > 0).then(|| served as f64 / total as f64)
    }

    /// Real requests served since the start (the sample scaled to the offered rate).
    pub fn delivered(&self) -> f64 {
        self.delivered
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Located;

    #[test]
    fn windows_and_delivered_requests() {
        let mut t = Traffic::new(TrafficConfig {
            requests_per_second: 100.0,
            sampled_per_tick: 10,
            tick: SimDuration::from_secs(10),
        });
        assert_eq!(t.take_availability(), None);
        t.record_tick(10);
        t.record_tick(5);
        assert_eq!(t.take_availability(), Some(0.75));
        // 1000 requests per 10 s tick: all of the first, half of the second.
        assert!((t.delivered() - 1500.0).abs() < 1e-9);
        assert_eq!(t.take_availability(), None);
    }

    #[test]
    fn bad_samples_are_refused_at_their_key() {
        assert!(TrafficConfig::default().check().is_ok());
        let at = |c: TrafficConfig| c.check().unwrap_err();
        let e = at(TrafficConfig { sampled_per_tick: 0, ..Default::default() });
        assert_eq!(e.at, Located::Param("sampled_per_tick".into()));
        assert!(e.message.contains("`sampled_per_tick`"), "{e}");
        let e = at(TrafficConfig { tick: SimDuration::ZERO, ..Default::default() }).within("traffic");
        assert_eq!(e.at, Located::Param("traffic.tick".into()));
        for rate in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let e = at(TrafficConfig { requests_per_second: rate, ..Default::default() });
            assert_eq!(e.at, Located::Param("requests_per_second".into()), "{rate}");
        }
    }
}
