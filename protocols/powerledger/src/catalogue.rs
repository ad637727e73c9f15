//! What every metric of the `powerledger` protocol means: the series [`Powerledger`] records at
//! each sample and the figures it adds to the headline, declared once (the common series, such
//! as `nodes_up`, are in [`depinsim_core::catalogue::SERIES`]).
//!
//! A name both recorded and set in the headline has one declaration, the series': its headline
//! figure is the series' value at the end of the run. Energy is in kWh of household load, solar
//! or trade; "islanded" means without grid supply (the household's node is down).
//!
//! [`Powerledger`]: crate::Powerledger

use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::AVAILABILITY;

use crate::{
    BATTERY_KWH, CLEARING_PRICE, GRID_EXPORT_KWH, GRID_IMPORT_KWH, HOUSEHOLDS_ISLANDED, ISLAND_CLEARING_PRICE, P2P_KWH,
    SAVINGS_USD, SELF_SUFFICIENCY, UNMET_KWH,
};

/// Headline: the households' load over the run, kWh.
pub const LOAD_KWH: &str = "load_kwh";
/// Headline: energy traded between households over the run, kWh.
pub const TRADED_KWH: &str = "energy_traded_kwh";
/// Headline: the volume-weighted mean clearing price over the run, USD/kWh.
pub const PRICE_MEAN: &str = "clearing_price_mean_usd_per_kwh";
/// Headline: energy traded between islanded households over the run, kWh.
pub const ISLAND_TRADED_KWH: &str = "island_traded_kwh";
/// Headline: the volume-weighted mean clearing price of the islanded markets, USD/kWh.
pub const ISLAND_PRICE_MEAN: &str = "island_price_mean_usd_per_kwh";
/// Headline: load of households while they had no grid supply, kWh.
pub const ISLANDED_LOAD_KWH: &str = "islanded_load_kwh";
/// Headline: the part of it left unserved, kWh.
pub const ISLANDED_UNMET_KWH: &str = "islanded_unmet_kwh";
/// Headline: share of the islanded households' load that was served.
pub const ISLANDED_SERVED: &str = "islanded_served_share";
/// Headline: islanded solar that could be neither used, stored nor sold, kWh.
pub const CURTAILED_KWH: &str = "curtailed_kwh";
/// Headline: the bills saved as a fraction of the grid-only bills.
pub const SAVINGS_SHARE: &str = "savings_share";

const KWH: Unit = Unit::Quantity("kWh");
const USD_PER_KWH: Unit = Unit::UsdPer("kWh");

/// Every metric the `powerledger` protocol records or sets in its headline.
pub const METRICS: &[Metric] = &[
    // Service: load, not requests. Over the trading intervals settled since the previous sample
    // (1 when they had no load).
    Metric::new(AVAILABILITY, "share of household load served (not left unmet) in the sample window", Unit::Share)
        .window()
        .higher_is_better(),
    Metric::new(UNMET_KWH, "household load no source served", KWH).cumulative().lower_is_better(),
    Metric::new(HOUSEHOLDS_ISLANDED, "households without grid supply", Unit::Count("households")).lower_is_better(),
    // (load - grid imports - unmet) / load since the start: own solar and battery, and
    // neighbours'. 0 before any load.
    Metric::new(SELF_SUFFICIENCY, "share of the load served by the community's own solar and batteries", Unit::Share)
        .cumulative()
        .higher_is_better(),
    // Trading. The prices are those of the last interval settled, absent when nothing cleared.
    Metric::new(P2P_KWH, "energy traded between households, islanded markets included", KWH).cumulative(),
    Metric::new(CLEARING_PRICE, "volume-weighted clearing price of the last interval, all markets", USD_PER_KWH),
    Metric::new(
        ISLAND_CLEARING_PRICE,
        "volume-weighted clearing price of the last interval, islanded markets",
        USD_PER_KWH,
    ),
    // Batteries and the grid.
    Metric::new(BATTERY_KWH, "energy stored in the households' batteries", KWH),
    Metric::new(GRID_IMPORT_KWH, "energy bought from the grid", KWH).cumulative(),
    Metric::new(GRID_EXPORT_KWH, "solar surplus sold to the grid", KWH).cumulative(),
    // Against each household buying its whole load from the grid (nothing while islanded).
    Metric::new(SAVINGS_USD, "households' bills saved against buying their load from the grid", Unit::Usd)
        .cumulative()
        .higher_is_better(),
    // Headline only.
    Metric::new(LOAD_KWH, "household load", KWH).end_of_run(),
    Metric::new(TRADED_KWH, "energy traded between households, islanded markets included", KWH).end_of_run(),
    Metric::new(PRICE_MEAN, "volume-weighted mean clearing price, all markets", USD_PER_KWH).end_of_run(),
    Metric::new(ISLAND_TRADED_KWH, "energy traded between islanded households", KWH).end_of_run(),
    Metric::new(ISLAND_PRICE_MEAN, "volume-weighted mean clearing price, islanded markets", USD_PER_KWH).end_of_run(),
    Metric::new(ISLANDED_LOAD_KWH, "household load while without grid supply", KWH).end_of_run(),
    Metric::new(ISLANDED_UNMET_KWH, "household load left unserved while without grid supply", KWH)
        .end_of_run()
        .lower_is_better(),
    Metric::new(ISLANDED_SERVED, "share of the load served while without grid supply", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new(CURTAILED_KWH, "islanded solar neither used, stored nor sold", KWH).end_of_run(),
    // Not a share: bills net of export earnings can fall below zero, taking it above 1.
    Metric::new(SAVINGS_SHARE, "bills saved as a fraction of grid-only bills (above 1: net earnings)", Unit::Ratio)
        .end_of_run()
        .higher_is_better(),
];
