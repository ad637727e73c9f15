//! # depinsim
//!
//! A deterministic discrete-event simulator of decentralized physical infrastructure networks
//! (DePIN) and the centralized services they compete with, under real outages.
//!
//! - [`input`]: what the user writes: the scenario schema, `--set` overrides, hardware profiles,
//!   and errors that point at the file, line and column.
//! - [`scenario`]: loading and checking a scenario, each protocol's own checks included.
//! - [`engine`]: the engine crate (`depinsim-engine`): world, faults, the per-network event loop,
//!   generic over the protocol and fed typed inputs.
//! - [`registry`]: protocol names to protocol types, as a value a program extends.
//! - [`run`], [`headline`], [`output`]: running a scenario, its headline metrics, its files.
//! - [`sweep`]: grids of runs, shards and merges.
//! - [`Cli`]: the whole `depinsim` command line, for this crate's binary and for yours.
//!
//! # Your own protocol
//!
//! A crate that depends on depinsim adds its protocol (or replaces a built-in of the same name)
//! and gets every command, `run`, `validate`, `sweep`, `report`, `compare`, `check`, `list`:
//!
//! ```no_run
//! # use depinsim_core::{Ctx, Liveness, Observer, Protocol, SimTime, ConfigError, NodeTable};
//! # use depinsim_core::StreamRng;
//! # struct MyModel;
//! # impl Protocol for MyModel {
//! #     const NAME: &'static str = "my-model";
//! #     const SUMMARY: &'static str = "";
//! #     const ROLES: &'static [&'static str] = &["node"];
//! #     type Config = ();
//! #     type Timer = ();
//! #     type Msg = ();
//! #     fn new(_: (), _: &NodeTable, _: &mut StreamRng) -> Result<Self, ConfigError> { Ok(MyModel) }
//! #     fn on_start(&mut self, _: &mut Ctx<'_, Self>) {}
//! #     fn observe(&mut self, _: SimTime, _: &Liveness, _: &mut Observer) {}
//! # }
//! fn main() {
//!     depinsim::Cli::new().protocol::<MyModel>().run()
//! }
//! ```
//!
//! `protocols/template` is such a crate, with a small protocol, its scenario and its tests, to
//! copy.

pub mod builtins;
pub mod cli;
pub mod estimate;
pub mod folder;
pub mod headline;
pub mod input;
pub mod output;
pub mod registry;
pub mod run;
pub mod scenario;
pub mod sweep;

pub use cli::Cli;
pub use depinsim_engine as engine;
pub use registry::Registry;

/// Files built into the binary (see build.rs).
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
