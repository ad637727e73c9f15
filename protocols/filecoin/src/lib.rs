//! # depinsim-filecoin
//!
//! Filecoin storage providers as the chain treats them (filecoin-project/builtin-actors), as the
//! `filecoin` protocol of depinsim: [`Filecoin`] (role `sp`, config [`FilecoinConfig`]).
//!
//! The SP model:
//! - [`config`]: the scenario parameters and their assumptions;
//! - [`check`]: what they must satisfy, each problem located at its key;
//! - [`sector`]: the sector lifecycle, as a struct of arrays;
//! - [`deadline`]: WindowPoSt timing, partitions, deadline assignment;
//! - [`chain`]: minting, network power, circulating supply, block winners;
//! - [`deals`]: client objects and their durability;
//! - [`sp`]: one SP's books;
//! - [`catalogue`]: what each metric it records means;
//! - [`network`]: the [`depinsim_core::Protocol`] implementation tying them together.
//!
//! The modules reproduce builtin-actors' integer and Q.128 fixed-point arithmetic exactly (same
//! truncations in the same places), so that their results match the chain to the attoFIL:
//! - [`units`]: attoFIL amounts, epochs, storage power;
//! - [`math`]: Q.128 helpers, `expneg` (e^-x) and `ln`;
//! - [`smooth`]: the alpha-beta filter and the projected reward/power ratio;
//! - [`reward`]: simple and baseline minting and the reward actor's per-epoch state;
//! - [`monies`]: expected reward BR(t, d), deposits, pledge (FIP-0081), fault and termination fees
//!   (FIP-0098 and the older rule), penalties;
//! - [`policy`]: QA power and the FIP-0100 daily fee, and the [`policy::RuleSet`] selecting fee
//!   versions;
//! - [`vesting`]: the 75% / 180-day block reward vesting table.

pub mod catalogue;
pub mod chain;
pub mod check;
pub mod config;
pub mod deadline;
pub mod deals;
pub mod math;
pub mod monies;
pub mod network;
pub mod policy;
pub mod reward;
pub mod sector;
pub mod smooth;
pub mod sp;
pub mod units;
pub mod vesting;

pub use config::FilecoinConfig;
pub use network::{Filecoin, Timer};
pub use policy::RuleSet;
pub use smooth::FilterEstimate;
pub use units::{ChainEpoch, StoragePower, TokenAmount};
