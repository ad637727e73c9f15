//! Loading a scenario: parse, apply `--set`, check every reference, time and share, and run each
//! protocol's own checks, before anything runs. The result is the engine's typed
//! [`depinsim_engine::model`] plus each network's parsed configuration ([`LoadedScenario`]).
//! The text-level pieces (schema, overrides, profiles, errors) live in [`crate::input`] and are
//! re-exported here.

pub mod load;
pub mod loaded;

pub use crate::input::{InputError, Source, error, overrides, parse_params, profiles, schema, source};
pub use depinsim_engine::model;
pub use load::{LoadOptions, load, load_str};
pub use loaded::LoadedScenario;
pub use model::Scenario;
