//! Faults: scenario outages compiled into a timeline of actions, and independent failures drawn
//! from each node's hardware profile and each home's region.

pub mod independent;
pub mod timeline;

pub use independent::{FailureProcess, Processes};
pub use timeline::{Action, Timeline};
