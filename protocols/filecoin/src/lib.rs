//! # depinsim-filecoin
//!
//! Filecoin storage providers as the chain treats them (filecoin-project/builtin-actors). Work in
//! progress: the money and minting functions come first, then the sector state machine.
