//! # A proof-of-uptime network: a template for your own protocol
//!
//! Every `epoch`, the network splits a fixed reward pool equally among the nodes that are up at
//! that instant. Nothing more: it is here to show the shape of a protocol model, not to model a
//! real network. Copy the folder, rename the type, and replace the rules with yours.
//!
//! The shape every protocol shares:
//! - [`UptimeConfig`] is the scenario's `[networks.params]` table (serde, `deny_unknown_fields`).
//! - [`Protocol::check`] refuses a bad configuration when the scenario is loaded, naming the key
//!   (`depinsim validate` shows it at the file, line and column).
//! - [`Protocol::new`] builds the network's state over its node table.
//! - Handlers (`on_start`, `on_timer`, `on_fault`) change that state and ask the engine for
//!   timers and payments through [`Ctx`]; [`Protocol::observe`] records metrics at each sample.
//! - [`catalogue`] declares what each of those metrics means (label, unit, kind, which way is
//!   better), and [`Protocol::METRICS`] hands the declarations to every output: a metric recorded
//!   without a declaration fails the tests (`tests/catalogue.rs`).
//!
//! A test drives it by hand, with no engine, through the script harness:
//!
//! ```
//! use depinsim_core::protocol::testing::{Place, Script, table, test_profile};
//! use depinsim_core::{Fault, NodeId, Protocol, SimDuration, SimTime};
//! use depinsim_template::{Uptime, UptimeConfig};
//!
//! let nodes = table(vec![("n", "node", test_profile(), 3)], |_| Place::default());
//! let mut script = Script::<Uptime>::new(3, 1);
//! let config = UptimeConfig { epoch: SimDuration::from_hours(1), pool_usd_per_epoch: 30.0 };
//! let mut net = Uptime::new(config, &nodes, script.rng()).unwrap();
//! script.call(None, |cx| net.on_start(cx));
//! script.fault(&mut net, NodeId(2), Fault::Down);
//! script.advance(&mut net, SimTime::ZERO + SimDuration::from_hours(1));
//! // The two nodes up at the end of the epoch share its pool.
//! assert_eq!(script.ledger.rewards_usd, vec![15.0, 15.0, 0.0]);
//! ```

pub mod catalogue;

use depinsim_core::StreamRng;
use depinsim_core::catalogue::Metric;
use depinsim_core::config::{self, ConfigError};
use depinsim_core::node::GroupInfo;
use depinsim_core::{Ctx, Liveness, NodeId, NodeTable, Observer, Protocol, SimDuration, SimTime, metrics};
use serde::Deserialize;

/// Metric: reward epochs paid so far.
pub const EPOCHS_PAID: &str = "epochs_paid";

/// The network's parameters, as written under `[networks.params]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UptimeConfig {
    /// How often the pool is paid out ("1h", "1d").
    pub epoch: SimDuration,
    /// The pool paid each epoch, USD, split equally among the nodes up.
    pub pool_usd_per_epoch: f64,
}

/// The network: its parameters and counters.
pub struct Uptime {
    config: UptimeConfig,
    nodes: usize,
    epochs_paid: u64,
}

/// The protocol's one timer: an epoch ends.
pub struct EpochEnd;

impl Protocol for Uptime {
    const NAME: &'static str = "uptime";
    const SUMMARY: &'static str = "template: a reward pool split each epoch among the nodes that are up";
    const ROLES: &'static [&'static str] = &["node"];
    const KEY_METRICS: &'static [&'static str] = &[EPOCHS_PAID];
    const METRICS: &'static [Metric] = catalogue::METRICS;
    type Config = UptimeConfig;
    type Timer = EpochEnd;
    type Msg = ();

    fn check(config: &UptimeConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        if config.epoch == SimDuration::ZERO {
            return Err(ConfigError::param("epoch", "`epoch` is 0").help("a duration above zero, e.g. \"1h\""));
        }
        config::at_least("pool_usd_per_epoch", config.pool_usd_per_epoch, 0.0)?;
        if groups.iter().map(|g| g.count).sum::<u32>() == 0 {
            return Err(ConfigError::network("the network has no nodes").help("give a group a `count` above 0"));
        }
        Ok(())
    }

    fn new(config: UptimeConfig, nodes: &NodeTable, _rng: &mut StreamRng) -> Result<Self, ConfigError> {
        Self::check(&config, &nodes.groups)?;
        Ok(Uptime { config, nodes: nodes.len(), epochs_paid: 0 })
    }

    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        cx.set_timer(self.config.epoch, EpochEnd);
    }

    fn on_timer(&mut self, _node: Option<NodeId>, _timer: EpochEnd, cx: &mut Ctx<'_, Self>) {
        let up: Vec<NodeId> = (0..self.nodes as u32).map(NodeId).filter(|n| cx.is_up(*n)).collect();
        if !up.is_empty() {
            let share = self.config.pool_usd_per_epoch / up.len() as f64;
            for node in up {
                cx.pay(node, share);
            }
        }
        self.epochs_paid += 1;
        cx.set_timer(self.config.epoch, EpochEnd);
    }

    fn observe(&mut self, _now: SimTime, live: &Liveness, obs: &mut Observer) {
        // The service is the nodes themselves: the share of them up at this instant.
        obs.record(metrics::AVAILABILITY, live.up_count() as f64 / self.nodes.max(1) as f64);
        obs.record(EPOCHS_PAID, self.epochs_paid as f64);
    }
}
