//! # depinsim-filecoin
//!
//! Filecoin storage providers as the chain treats them (filecoin-project/builtin-actors). Work in
//! progress: the money and minting functions come first, then the sector state machine.
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

pub mod math;
pub mod monies;
pub mod policy;
pub mod reward;
pub mod smooth;
pub mod units;
pub mod vesting;

pub use policy::RuleSet;
pub use smooth::FilterEstimate;
pub use units::{ChainEpoch, StoragePower, TokenAmount};
