//! What every metric of the `filecoin` protocol means: the series [`Filecoin`] records at each
//! sample and the figures it adds to the headline, declared once (the common series, such as
//! `data_lost_bytes`, are in [`depinsim_core::catalogue::SERIES`]).
//!
//! A name both recorded and set in the headline has one declaration, the series': its headline
//! figure is the series' value at the end of the run.
//!
//! [`Filecoin`]: crate::Filecoin

use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::AVAILABILITY;

use crate::network::{
    BASELINE_PIB, DAILY_FEES_FIL, DEPOSITS_BURNT_FIL, EPOCH_REWARD_FIL, FAULT_FEES_FIL, FEES_FIL, FIL_PRICE_USD,
    OBJECTS_LOST, OBJECTS_UNAVAILABLE, PLEDGE_LOCKED_FIL, QA_POWER_PIB, RAW_POWER_PIB, REWARDS_EARNED_FIL,
    REWARDS_LOCKED_FIL, REWARDS_MINTED_FIL, SECTORS_ACTIVE, SECTORS_EXPIRED, SECTORS_FAULTY, SECTORS_RECOVERING,
    SECTORS_TERMINATED, SP_PROFIT_USD, SPS_LEFT, TERMINATION_FEES_FIL,
};

const FIL: Unit = Unit::Token("FIL");
const SECTORS: Unit = Unit::Count("sectors");
const OBJECTS: Unit = Unit::Count("objects");
const PIB: Unit = Unit::Quantity("PiB");

/// Every metric the `filecoin` protocol records or sets in its headline.
pub const METRICS: &[Metric] = &[
    // Clients' data. Objects whose deals all ended are left out of the share.
    Metric::new(AVAILABILITY, "share of client objects retrievable now (ended deals left out)", Unit::Share)
        .higher_is_better(),
    Metric::new(OBJECTS_LOST, "client objects lost (every copy gone)", OBJECTS).cumulative().lower_is_better(),
    Metric::new(OBJECTS_UNAVAILABLE, "client objects not retrievable now, lost included", OBJECTS).lower_is_better(),
    // Sectors. Terminated and expired are end states: their counts only grow.
    Metric::new(SECTORS_ACTIVE, "sectors proving (active or awaiting their first proof)", SECTORS).higher_is_better(),
    Metric::new(SECTORS_FAULTY, "sectors faulty, recovering included", SECTORS).lower_is_better(),
    Metric::new(SECTORS_RECOVERING, "faulty sectors with a recovery declared", SECTORS),
    Metric::new(SECTORS_TERMINATED, "sectors terminated early", SECTORS).cumulative().lower_is_better(),
    Metric::new(SECTORS_EXPIRED, "sectors expired on schedule", SECTORS).cumulative(),
    // Power.
    Metric::new(RAW_POWER_PIB, "raw byte power of the simulated SPs", PIB).higher_is_better(),
    Metric::new(QA_POWER_PIB, "quality-adjusted power of the simulated SPs", PIB).higher_is_better(),
    Metric::new(BASELINE_PIB, "baseline power of the reward actor", PIB),
    // Fees and penalties paid by the simulated SPs.
    Metric::new(FAULT_FEES_FIL, "continued fault fees paid", FIL).cumulative(),
    Metric::new(TERMINATION_FEES_FIL, "termination fees paid", FIL).cumulative(),
    Metric::new(DAILY_FEES_FIL, "FIP-0100 daily fees paid", FIL).cumulative(),
    Metric::new(DEPOSITS_BURNT_FIL, "precommit deposits burnt", FIL).cumulative(),
    Metric::new(FEES_FIL, "fees and penalties paid, all kinds", FIL).cumulative(),
    // Rewards and locked funds.
    Metric::new(REWARDS_MINTED_FIL, "FIL minted for block rewards, whole network", FIL).cumulative(),
    Metric::new(REWARDS_EARNED_FIL, "block rewards won by the simulated SPs", FIL).cumulative(),
    Metric::new(REWARDS_LOCKED_FIL, "block rewards still vesting", FIL),
    Metric::new(PLEDGE_LOCKED_FIL, "initial pledge locked", FIL),
    Metric::new(EPOCH_REWARD_FIL, "block reward of the current epoch, all winners", FIL),
    // The SPs' business.
    Metric::new(SP_PROFIT_USD, "SPs' block rewards minus fees, at the FIL price when earned or charged", Unit::Usd)
        .cumulative(),
    Metric::new(SPS_LEFT, "SPs that left for want of profit", Unit::Count("SPs")).cumulative().lower_is_better(),
    Metric::new(FIL_PRICE_USD, "FIL price", Unit::UsdPer("FIL")),
];
