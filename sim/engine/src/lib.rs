//! # depinsim-engine
//!
//! The discrete-event engine of depinsim, on its own so that benches, engine tests and other
//! front ends build it without the command line, the report renderer or any protocol.
//!
//! It is fed typed inputs only: a checked [`model::Scenario`] (the world's vertices, the
//! networks' node groups, the outages on the simulated clock), the world's [`world::WorldGraph`]
//! and a protocol's parsed configuration. It never sees scenario text; reading and checking files
//! is the loader's job (`depinsim::scenario`).
//!
//! - [`model`]: the checked scenario.
//! - [`world`]: the dependency graph of regions, providers, sites and services; node layout.
//! - [`faults`]: outages compiled into actions; independent failures.
//! - [`network`]: the per-network event loop, generic over [`depinsim_core::Protocol`] and
//!   monomorphized per protocol, so the per-event path has no dynamic dispatch and no boxing.
//! - [`queue`], [`series`], [`accounts`], [`conditions`], [`split`]: its parts.

pub mod accounts;
pub mod conditions;
pub mod faults;
pub mod model;
pub mod network;
pub mod queue;
pub mod series;
pub mod split;
pub mod world;

pub use model::Scenario;
pub use network::{NetworkInput, NetworkOutput, run_network};
pub use world::WorldGraph;
