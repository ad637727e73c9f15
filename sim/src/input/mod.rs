//! What the user writes, as text: the scenario file's schema, `--set` overrides, hardware
//! profiles, the source text with positions, and the errors that point into them. Nothing here
//! knows the protocols; [`crate::registry`] and [`crate::scenario`] build on it.

pub mod error;
pub mod events;
pub mod names;
pub mod overrides;
pub mod params;
pub mod profiles;
pub mod schema;
pub mod source;

pub use error::InputError;
pub use params::parse_params;
pub use source::Source;
