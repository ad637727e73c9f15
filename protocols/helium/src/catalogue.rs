//! What every metric of the `helium` protocol means: the series [`Helium`] records at each
//! sample and the figures it adds to the headline, declared once (the common series are in
//! [`depinsim_core::catalogue::SERIES`]).
//!
//! A name both recorded and set in the headline has one declaration, the series': its headline
//! figure is the series' value at the end of the run. The counts of witness reports rejected
//! for each reason are named by [`Invalid::metric`].
//!
//! [`Helium`]: crate::Helium

use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::AVAILABILITY;

use crate::network::{
    BEACONS, BEACONS_INVALID, COVERAGE_HEXES, COVERAGE_HEXES_MIN, COVERAGE_SHARE, EPOCHS_DELAYED, EPOCHS_PAID,
    GAMERS_SHARE, GINI_HOTSPOTS, HEX_SCALE_MEAN, HNT_EARNED, HNT_PENDING, HNT_PER_BEACON, HNT_PER_HOTSPOT_DAY,
    HNT_PRICE, PACKET_DELIVERY, PACKET_DELIVERY_MEAN, PACKET_DELIVERY_MIN, PAYBACK_YEARS, REWARD_BACKLOG_S,
    REWARD_DELAY_MAX_S, ROI_ANNUAL, USD_PER_HOTSPOT, WITNESSES_INVALID, WITNESSES_VALID,
};
use crate::witness::Invalid;

const HNT: Unit = Unit::Token("HNT");
const HEXES: Unit = Unit::Count("hexes");
const REPORTS: Unit = Unit::Count("witness reports");
const EPOCHS: Unit = Unit::Count("reward epochs");

/// A count of witness reports rejected for `reason` since the start.
const fn rejected(reason: Invalid, label: &'static str) -> Metric {
    Metric::new(reason.metric(), label, REPORTS).cumulative()
}

/// Every metric the `helium` protocol records or sets in its headline.
pub const METRICS: &[Metric] = &[
    // Service: sensors' uplinks and coverage, at the sample instant (the delivery rate is 0 before
    // the first traffic tick).
    Metric::new(
        AVAILABILITY,
        "share of sensors' uplinks heard by a live hotspot at the last traffic tick (share of hexes covered before \
         the first)",
        Unit::Share,
    )
    .higher_is_better(),
    Metric::new(
        PACKET_DELIVERY,
        "share of sensors' uplinks heard by a live hotspot at the last traffic tick",
        Unit::Share,
    )
    .higher_is_better(),
    Metric::new(COVERAGE_HEXES, "resolution-8 hexes with an asserted hotspot up", HEXES).higher_is_better(),
    Metric::new(COVERAGE_SHARE, "share of the hotspots' resolution-8 hexes covered by one up", Unit::Share)
        .higher_is_better(),
    // Proof of coverage, since the start.
    Metric::new(BEACONS, "beacons sent", Unit::Count("beacons")).cumulative(),
    Metric::new(BEACONS_INVALID, "beacons rejected (beaconer without a valid witness in 48 h)", Unit::Count("beacons"))
        .cumulative(),
    Metric::new(WITNESSES_VALID, "valid witness reports selected for rewards", REPORTS).cumulative(),
    Metric::new(WITNESSES_INVALID, "witness reports rejected, unselected included", REPORTS).cumulative(),
    rejected(Invalid::SelfWitness, "witness reports rejected: the beaconer's own"),
    rejected(Invalid::TooLate, "witness reports rejected: too late"),
    rejected(Invalid::InvalidFrequency, "witness reports rejected: frequency off the beacon's"),
    rejected(Invalid::InvalidRegion, "witness reports rejected: another region plan"),
    rejected(Invalid::BelowMinDistance, "witness reports rejected: too close to the beaconer"),
    rejected(Invalid::MaxDistanceExceeded, "witness reports rejected: over 100 km from the beaconer"),
    rejected(Invalid::BadRssi, "witness reports rejected: signal stronger than free space allows"),
    rejected(Invalid::NoValidBeacons, "witness reports rejected: witness without a valid beacon in 48 h"),
    rejected(Invalid::Unselected, "valid witness reports beyond the first 14, not rewarded"),
    // Rewards.
    Metric::new(HNT_EARNED, "HNT earned by the hotspots, paid or not", HNT).cumulative(),
    Metric::new(HNT_PENDING, "HNT earned and not yet paid", HNT).lower_is_better(),
    Metric::new(REWARD_BACKLOG_S, "age of the oldest unpaid epoch's rewards", Unit::Seconds).lower_is_better(),
    Metric::new(GAMERS_SHARE, "share of the HNT earned so far that went to spoofers", Unit::Share)
        .cumulative()
        .lower_is_better(),
    Metric::new(HNT_PRICE, "HNT price", Unit::UsdPer("HNT")),
    // Headline only.
    Metric::new(COVERAGE_HEXES_MIN, "fewest resolution-8 hexes covered at a sample", HEXES)
        .end_of_run()
        .higher_is_better(),
    Metric::new(PACKET_DELIVERY_MEAN, "mean share of sensors' uplinks delivered over the samples", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new(PACKET_DELIVERY_MIN, "lowest share of sensors' uplinks delivered at a sample", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new(USD_PER_HOTSPOT, "mean rewards paid per hotspot, spoofers included", Unit::Usd).end_of_run(),
    Metric::new(GINI_HOTSPOTS, "Gini coefficient of rewards paid over hotspots", Unit::Ratio).end_of_run(),
    Metric::new(ROI_ANNUAL, "honest operators' yearly return on hardware, net of power", Unit::Ratio).end_of_run(),
    Metric::new(
        PAYBACK_YEARS,
        "years for honest operators to pay back hardware, net of power",
        Unit::Quantity("years"),
    )
    .end_of_run()
    .median(),
    Metric::new(EPOCHS_PAID, "reward epochs paid", EPOCHS).end_of_run(),
    Metric::new(EPOCHS_DELAYED, "reward epochs paid late", EPOCHS).end_of_run().lower_is_better(),
    Metric::new(REWARD_DELAY_MAX_S, "longest delay of an epoch's rewards past their due time", Unit::Seconds)
        .end_of_run()
        .lower_is_better(),
    // Per environment, over honest hotspots.
    Metric::new(HNT_PER_BEACON[0], "beacon-pool HNT per beacon sent by honest hotspots, dense city", HNT).end_of_run(),
    Metric::new(HNT_PER_BEACON[1], "beacon-pool HNT per beacon sent by honest hotspots, suburbs", HNT).end_of_run(),
    Metric::new(HNT_PER_BEACON[2], "beacon-pool HNT per beacon sent by honest hotspots, rural", HNT).end_of_run(),
    Metric::new(HNT_PER_HOTSPOT_DAY[0], "HNT earned per honest hotspot per day, dense city", HNT).end_of_run(),
    Metric::new(HNT_PER_HOTSPOT_DAY[1], "HNT earned per honest hotspot per day, suburbs", HNT).end_of_run(),
    Metric::new(HNT_PER_HOTSPOT_DAY[2], "HNT earned per honest hotspot per day, rural", HNT).end_of_run(),
    Metric::new(HEX_SCALE_MEAN[0], "mean HIP-17 hex scale of honest hotspots, dense city", Unit::Ratio).end_of_run(),
    Metric::new(HEX_SCALE_MEAN[1], "mean HIP-17 hex scale of honest hotspots, suburbs", Unit::Ratio).end_of_run(),
    Metric::new(HEX_SCALE_MEAN[2], "mean HIP-17 hex scale of honest hotspots, rural", Unit::Ratio).end_of_run(),
];
