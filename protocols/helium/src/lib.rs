//! # depinsim-helium
//!
//! Helium IoT hotspots as the oracle-era IoT verifier treated them (helium/oracles
//! `iot_verifier`, before commit 1149d319 removed it; helium/HIP), as the `helium` protocol of
//! depinsim: [`Helium`] (roles `hotspot`, `spoofer`, `oracle`, `chain`; config [`HeliumConfig`]).
//!
//! - [`geo`]: areas (dense city, suburbs, rural), positions, H3 cells, the spatial index;
//! - [`radio`]: free-space path loss (the verifier's bound), Hata path loss (who hears whom),
//!   ranges;
//! - [`witness`]: each witness validity rule as its own function, selection of the first 14;
//! - [`hip15`]: reward units by witness count;
//! - [`hip17`]: hex density scaling with the HIP-104 parameters;
//! - [`emission`]: the HIP-20 HNT schedule, the IoT split, data credits;
//! - [`rules`]: the rule sets `hip15`, `hip17` and `data-only` (HIP-149);
//! - [`gaming`]: location spoofers and witness rings;
//! - [`config`]: the scenario parameters;
//! - [`catalogue`]: what each metric it records means;
//! - [`network`]: the [`depinsim_core::Protocol`] implementation tying them together.

pub mod catalogue;
pub mod config;
pub mod emission;
pub mod gaming;
pub mod geo;
pub mod hip15;
pub mod hip17;
pub mod network;
pub mod radio;
pub mod rules;
pub mod witness;

pub use config::HeliumConfig;
pub use network::{Helium, Timer};
pub use rules::RuleSet;
