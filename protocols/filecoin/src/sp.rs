//! One storage provider's books: its deadlines, precommits, locked funds, power, and the FIL and
//! USD it earned and paid.

use crate::deadline::{Deadline, WPOST_PERIOD_DEADLINES};
use crate::units::StoragePower;
use crate::vesting::VestingFunds;

/// A storage provider (one node of the network).
#[derive(Clone, Debug)]
pub struct Sp {
    /// Its proving period starts this many deadlines after the scenario start.
    pub offset: u8,
    /// Its 48 deadlines.
    pub deadlines: Vec<Deadline>,
    /// Precommitted sectors waiting for ProveCommit.
    pub precommits: Vec<u32>,
    /// Block rewards still vesting (75% of each, over 180 days).
    pub vesting: VestingFunds,
    /// Initial pledge locked, attoFIL.
    pub pledge: i128,
    /// Precommit deposits locked, attoFIL.
    pub deposits: i128,
    /// Raw byte power (active sectors).
    pub raw: StoragePower,
    /// QA power (active sectors).
    pub qa: StoragePower,
    /// Live and precommitted sectors (for the capacity limit).
    pub held: u32,
    /// Most sectors it may hold.
    pub capacity: u32,
    /// Fraction of a sector carried to the next onboarding round.
    pub carry: f64,
    /// Left the business (no more onboarding).
    pub left: bool,
    /// Its hardware was destroyed once: some live sectors may have no data.
    pub data_lost: bool,
    /// Went down at this time (ms), `u64::MAX` while up.
    pub down_since: u64,
    /// Rewards earned, attoFIL.
    pub rewards: i128,
    /// Fees and penalties charged, attoFIL.
    pub fees: i128,
    /// Rewards minus fees, USD, since the last profitability check.
    pub income_usd: f64,
    /// Hardware cost per hour as the SP estimates it, USD.
    pub cost_usd_per_hour: f64,
}

impl Sp {
    /// A new SP with no sectors.
    pub fn new(offset: u8, capacity: u32, cost_usd_per_hour: f64) -> Self {
        Sp {
            offset,
            deadlines: vec![Deadline::default(); WPOST_PERIOD_DEADLINES],
            precommits: Vec::new(),
            vesting: VestingFunds::new(),
            pledge: 0,
            deposits: 0,
            raw: 0,
            qa: 0,
            held: 0,
            capacity,
            carry: 0.0,
            left: false,
            data_lost: false,
            down_since: u64::MAX,
            rewards: 0,
            fees: 0,
            income_usd: 0.0,
            cost_usd_per_hour,
        }
    }
}
