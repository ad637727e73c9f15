//! Scenario files: their schema, loading and checking (the protocols' own checks included),
//! `--set` overrides, hardware profiles, and the messages that explain what is wrong with them.
//! The checked result is the engine's typed [`depinsim_engine::model`] plus each network's
//! parsed configuration ([`LoadedScenario`]).

pub mod error;
pub mod load;
pub mod loaded;
pub mod overrides;
pub mod profiles;
pub mod schema;
pub mod source;

pub use depinsim_engine::model;
pub use error::InputError;
pub use load::{LoadOptions, load, load_str, parse_params};
pub use loaded::LoadedScenario;
pub use model::Scenario;
pub use source::Source;
