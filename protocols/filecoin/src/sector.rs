//! Sectors and their lifecycle, kept as a struct of arrays (a few bytes per sector, so that a
//! million sectors stay compact and deadline walks stay in cache).
//!
//! States follow the miner actor (actors/miner/src/{state,partition_state}.rs):
//! precommitted (deposit locked) -> unproven (ProveCommit: pledge locked, sector assigned to a
//! deadline; power counts from its first WindowPoSt) -> active -> faulty (missed or declared) ->
//! recovering (recovery declared) -> active again at the next successful proof; a sector ends
//! expired (on schedule, pledge released) or terminated (faulty 42 days or by the SP, fee
//! charged); a precommit not proven in time expires and its deposit is burned.

use crate::units::TokenAmount;

/// Where a sector stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum SectorState {
    /// Precommitted, deposit locked, waiting for ProveCommit.
    Precommitted,
    /// Proven committed, in a partition, not yet proven by a WindowPoSt: no power yet.
    Unproven,
    /// Proven at its last deadline: counts power.
    Active,
    /// Faulty (missed PoSt or declared): no power; pays the continued fault fee.
    Faulty,
    /// Faulty with a recovery declared: power back at its next successful proof.
    Recovering,
    /// Reached its expiration: pledge released.
    Expired,
    /// Terminated early (faulty for 42 days, or by its SP): termination fee charged.
    Terminated,
    /// The precommit was never proven: deposit burned.
    PrecommitExpired,
}

impl SectorState {
    /// Whether the sector is in a partition and not yet ended (upstream's "live" sectors).
    pub fn is_live(self) -> bool {
        matches!(self, SectorState::Unproven | SectorState::Active | SectorState::Faulty | SectorState::Recovering)
    }
    /// Whether it is faulty (recovering sectors are still faulty until proven).
    pub fn is_faulty(self) -> bool {
        matches!(self, SectorState::Faulty | SectorState::Recovering)
    }
}

/// No epoch set.
pub const NO_EPOCH: u32 = u32::MAX;

/// Flag: the sector holds verified deals only (QA power = 10 x size).
pub const VERIFIED: u8 = 1;
/// Flag: the sector's data was destroyed with its SP's hardware; it can never be proven again.
pub const DATA_GONE: u8 = 2;

/// Every sector of the network. Epochs are relative to the scenario start (chain epoch minus
/// the start epoch) and fit `u32` for four thousand years.
#[derive(Clone, Debug, Default)]
pub struct Sectors {
    /// Owning SP (node index).
    pub sp: Vec<u32>,
    /// State.
    pub state: Vec<SectorState>,
    /// [`VERIFIED`] and [`DATA_GONE`] bits.
    pub flags: Vec<u8>,
    /// Global index of its partition (`u32::MAX` until ProveCommit).
    pub partition: Vec<u32>,
    /// Precommit epoch, then activation (ProveCommit) epoch.
    pub epoch: Vec<u32>,
    /// Scheduled expiration epoch.
    pub expiration: Vec<u32>,
    /// Epoch at which it is terminated if still faulty ([`NO_EPOCH`] when not faulty).
    pub fault_expiration: Vec<u32>,
    /// Precommit deposit while precommitted, then initial pledge, attoFIL.
    pub locked: Vec<i128>,
    /// FIP-0100 daily fee fixed at activation, attoFIL.
    pub daily_fee: Vec<i128>,
    /// Pre-FIP-0098 fee inputs recorded at activation (only kept under network version 24):
    /// BR(1 day) and BR(20 days).
    pub legacy: Vec<(i128, i128)>,
}

impl Sectors {
    /// Number of sectors ever created.
    pub fn len(&self) -> usize {
        self.sp.len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.sp.is_empty()
    }
    /// Adds a precommitted sector; returns its id.
    pub fn precommit(&mut self, sp: u32, verified: bool, epoch: u32, deposit: TokenAmount, legacy: bool) -> u32 {
        let id = self.sp.len() as u32;
        self.sp.push(sp);
        self.state.push(SectorState::Precommitted);
        self.flags.push(if verified { VERIFIED } else { 0 });
        self.partition.push(u32::MAX);
        self.epoch.push(epoch);
        self.expiration.push(NO_EPOCH);
        self.fault_expiration.push(NO_EPOCH);
        self.locked.push(deposit.atto());
        self.daily_fee.push(0);
        if legacy {
            self.legacy.push((0, 0));
        }
        id
    }
    /// Whether sector `s` holds verified deals only.
    pub fn verified(&self, s: u32) -> bool {
        self.flags[s as usize] & VERIFIED != 0
    }
    /// Whether sector `s`'s data was destroyed.
    pub fn data_gone(&self, s: u32) -> bool {
        self.flags[s as usize] & DATA_GONE != 0
    }
}
