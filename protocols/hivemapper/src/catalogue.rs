//! What every metric of the `hivemapper` protocol means: the series [`Hivemapper`] records at
//! each sample and the figures it adds to the headline, declared once (the common series, such
//! as `nodes_up`, are in [`depinsim_core::catalogue::SERIES`]).
//!
//! A name both recorded and set in the headline has one declaration, the series': its headline
//! figure is the series' value at the end of the run. Tiles, ages and freshness are read on the
//! map's clock (shifted by `warmup`), over every tile of the city.
//!
//! [`Hivemapper`]: crate::Hivemapper

use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::AVAILABILITY;

use crate::{
    DRIVERS_ACTIVE, DRIVERS_MAPPING, HONEY_PAID, HONEY_PER_DRIVER_WEEK, MAP_COVERAGE, MAP_FRESH_7D_SHARE,
    MAP_FRESH_SHARE, TILE_AGE_MEDIAN_DAYS, TILE_AGE_P90_DAYS, TILE_MULTIPLIER_MEAN, TILE_PASSES, WEEKLY_POOL_HONEY,
};

/// Headline: share of tiles ever mapped, at the end.
pub const MAP_COVERAGE_END: &str = "map_coverage_end";
/// Headline: share of tiles mapped within `fresh_within`, at the end.
pub const MAP_FRESH_SHARE_END: &str = "map_fresh_share_end";
/// Headline: share of tiles mapped within `fresh_within`, mean over the samples.
pub const MAP_FRESH_SHARE_MEAN: &str = "map_fresh_share_mean";
/// Headline: share of tiles mapped within the last 7 days, at the end.
pub const MAP_FRESH_7D_SHARE_END: &str = "map_fresh_7d_share_end";
/// Headline: median age of the mapped tiles at the end, days.
pub const TILE_AGE_MEDIAN_END: &str = "tile_age_median_days_end";
/// Headline: 90th percentile of the age of the mapped tiles at the end, days.
pub const TILE_AGE_P90_END: &str = "tile_age_p90_days_end";
/// Headline: drivers active at the end.
pub const DRIVERS_ACTIVE_END: &str = "drivers_active_end";
/// Headline: drivers active at the end of each week, mean over the weeks.
pub const DRIVERS_WEEKLY: &str = "drivers_active_weekly_mean";
/// Headline: idle dashcams that got a driver.
pub const DRIVERS_JOINED: &str = "drivers_joined";
/// Headline: drivers who stopped mapping.
pub const DRIVERS_LEFT: &str = "drivers_left";
/// Headline: mean HONEY paid per dashcam that ever had an active driver.
pub const HONEY_PER_DRIVER_MEAN: &str = "honey_per_driver_mean";
/// Headline: Gini coefficient of the HONEY paid over those dashcams.
pub const GINI_DRIVER_HONEY: &str = "gini_driver_honey";

const DAYS: Unit = Unit::Quantity("days");
const DRIVERS: Unit = Unit::Count("drivers");
const HONEY: Unit = Unit::Token("HONEY");

/// Every metric the `hivemapper` protocol records or sets in its headline.
pub const METRICS: &[Metric] = &[
    // The map at the sample instant. Availability is the chance that a query for a random tile
    // finds imagery fresher than `fresh_within` (30 days by default); `map_fresh_share` is the
    // same figure under its own name.
    Metric::new(AVAILABILITY, "share of the city's tiles mapped within the freshness window", Unit::Share)
        .higher_is_better(),
    Metric::new(MAP_FRESH_SHARE, "share of the city's tiles mapped within the freshness window", Unit::Share)
        .higher_is_better(),
    Metric::new(MAP_FRESH_7D_SHARE, "share of the city's tiles mapped within the last 7 days", Unit::Share)
        .higher_is_better(),
    Metric::new(MAP_COVERAGE, "share of the city's tiles ever mapped", Unit::Share).higher_is_better(),
    // Absent while no tile is mapped.
    Metric::new(TILE_AGE_MEDIAN_DAYS, "median time since the mapped tiles were last mapped", DAYS)
        .lower_is_better()
        .median(),
    Metric::new(TILE_AGE_P90_DAYS, "90th percentile of the time since the mapped tiles were last mapped", DAYS)
        .lower_is_better()
        .median(),
    // 1 for a tile never mapped or not mapped for `replenish`, 0 just after a pass.
    Metric::new(TILE_MULTIPLIER_MEAN, "mean reward multiplier of the city's tiles", Unit::Ratio),
    // Drivers now.
    Metric::new(DRIVERS_ACTIVE, "dashcams with an active driver, working or not", DRIVERS).higher_is_better(),
    Metric::new(DRIVERS_MAPPING, "active drivers whose dashcam is up", DRIVERS).higher_is_better(),
    // Rewards. The pool and the mean per driver are those of the last week paid (0 before the
    // first, and for a week in which nobody earned points).
    Metric::new(WEEKLY_POOL_HONEY, "HONEY pool of the last week paid, progress multiplier applied", HONEY),
    Metric::new(HONEY_PER_DRIVER_WEEK, "mean HONEY per driver paid, last week paid", HONEY),
    Metric::new(HONEY_PAID, "HONEY paid to drivers", HONEY).cumulative(),
    // A pass is one tile mapped by one trip (warm-up included).
    Metric::new(TILE_PASSES, "tile passes (a tile mapped by one trip)", Unit::Count("tile passes")).cumulative(),
    // Headline only.
    Metric::new(MAP_COVERAGE_END, "share of the city's tiles ever mapped, at the end", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new(
        MAP_FRESH_SHARE_END,
        "share of the city's tiles mapped within the freshness window, at the end",
        Unit::Share,
    )
    .end_of_run()
    .higher_is_better(),
    Metric::new(
        MAP_FRESH_SHARE_MEAN,
        "share of the city's tiles mapped within the freshness window, mean over the samples",
        Unit::Share,
    )
    .end_of_run()
    .higher_is_better(),
    Metric::new(
        MAP_FRESH_7D_SHARE_END,
        "share of the city's tiles mapped within the last 7 days, at the end",
        Unit::Share,
    )
    .end_of_run()
    .higher_is_better(),
    Metric::new(TILE_AGE_MEDIAN_END, "median time since the mapped tiles were last mapped, at the end", DAYS)
        .end_of_run()
        .lower_is_better()
        .median(),
    Metric::new(
        TILE_AGE_P90_END,
        "90th percentile of the time since the mapped tiles were last mapped, at the end",
        DAYS,
    )
    .end_of_run()
    .lower_is_better()
    .median(),
    Metric::new(DRIVERS_ACTIVE_END, "dashcams with an active driver, at the end", DRIVERS)
        .end_of_run()
        .higher_is_better(),
    Metric::new(DRIVERS_WEEKLY, "dashcams with an active driver, mean over the weeks' ends", DRIVERS)
        .end_of_run()
        .higher_is_better(),
    Metric::new(DRIVERS_JOINED, "idle dashcams that found a driver", DRIVERS).end_of_run(),
    Metric::new(DRIVERS_LEFT, "drivers who stopped mapping", DRIVERS).end_of_run().lower_is_better(),
    Metric::new(HONEY_PER_DRIVER_MEAN, "mean HONEY paid per dashcam that ever had an active driver", HONEY)
        .end_of_run(),
    Metric::new(
        GINI_DRIVER_HONEY,
        "Gini coefficient of HONEY paid over dashcams that ever had an active driver",
        Unit::Ratio,
    )
    .end_of_run(),
];
