//! Scenario files: their schema, loading and checking, `--set` overrides, hardware profiles, and
//! the messages that explain what is wrong with them.

pub mod error;
pub mod load;
pub mod model;
pub mod overrides;
pub mod profiles;
pub mod schema;

pub use error::InputError;
pub use load::{LoadOptions, load, load_str, parse_params};
pub use model::Scenario;
