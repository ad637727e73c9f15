//! The world the networks live in: regions, providers, sites and shared services in a dependency
//! graph, and where each node stands in it.
//!
//! An outage on any vertex reaches every node whose dependencies lead to it; that is how one
//! event becomes a correlated failure.

pub mod graph;
pub mod layout;

pub use graph::WorldGraph;
pub use layout::{DepSet, Layout};
