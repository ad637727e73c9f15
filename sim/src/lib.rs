//! # depinsim
//!
//! A deterministic discrete-event simulator of decentralized physical infrastructure networks
//! (DePIN) and the centralized services they compete with, under real outages.
//!
//! - [`scenario`]: scenario files, `--set` overrides, hardware profiles, input errors.
//! - [`world`]: the dependency graph of regions, providers, sites and services; node layout.
//! - [`faults`]: outages compiled into actions; independent failures.
//! - [`engine`]: the event queue and the per-network event loop, generic over the protocol.
//! - [`registry`]: protocol names to protocol types.
//! - [`run`], [`headline`], [`output`]: running a scenario, its headline metrics, its files.

pub mod engine;
pub mod faults;
pub mod headline;
pub mod output;
pub mod registry;
pub mod run;
pub mod scenario;
pub mod sweep;
pub mod world;

/// Files built into the binary (see build.rs).
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
