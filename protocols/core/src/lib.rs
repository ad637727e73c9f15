//! # depinsim-core
//!
//! The contract between the depinsim engine (`sim`) and the protocol models (`protocols/*`).
//! A protocol crate depends on this crate only, never on the engine, so that a protocol stays a
//! sans-IO state machine: events in ([`Protocol::on_timer`], [`Protocol::on_fault`], ...), effects
//! out (timers, messages, payments through [`Ctx`]). It can be unit-tested with a scripted
//! context and no engine.
//!
//! ```
//! use depinsim_core::time::{SimDuration, SimTime};
//! let d: SimDuration = "5h46m".parse().unwrap();
//! assert_eq!(SimTime::ZERO + d, SimTime::from_millis((5 * 60 + 46) * 60_000));
//! ```

pub mod catalogue;
pub mod config;
pub mod ids;
pub mod metrics;
pub mod node;
pub mod price;
pub mod profile;
pub mod protocol;
pub mod rng;
pub mod stats;
pub mod time;
pub mod traffic;
pub mod units;
pub mod uptime;

pub use config::ConfigError;
pub use ids::{NodeId, OperatorId, VertexId};
pub use metrics::{Headline, Observer};
pub use node::{NodeInfo, NodeTable};
pub use protocol::{Ctx, Effect, Fault, Growth, Ledger, Liveness, Protocol, Work};
pub use rng::StreamRng;
pub use time::{SimDuration, SimTime};
