//! The `[networks.params]` of a `powerledger` network, with the source or the assumption behind
//! every default.

use crate::energy::SolarDay;
use depinsim_core::SimDuration;
use depinsim_core::config::{ConfigError, at_least, share};
use serde::Deserialize;

const DAY_MS: u64 = 86_400_000;

/// What a household's solar and battery do when its grid supply is lost.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Islanding {
    /// The community's feeder has an islanding switch and grid-forming battery inverters: the
    /// islanded households of a region keep trading with each other (a microgrid; stand-in for
    /// what a Powerledger-style community would need to trade through a blackout).
    Microgrid,
    /// Each household's hybrid inverter islands the home alone: own solar and battery only, no
    /// trading.
    HomeBackup,
    /// Plain grid-tied inverters: anti-islanding protection (EN 50549-1; IEEE 1547 in the US)
    /// shuts solar and battery off with the grid, so the whole load goes unserved.
    GridTied,
}

/// Parameters of a Powerledger community.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PowerledgerConfig {
    /// Length of a trading interval: 30 minutes (issue 8; Powerledger's trading periods follow the
    /// market's settlement period, 30 minutes in Australia's NEM before 2021, unverified).
    pub interval: SimDuration,
    /// Hour of the UTC day at simulated time zero; must agree with the scenario's `start`.
    pub start_hour_utc: f64,
    /// Local time minus UTC, hours, for the load profile. Default 2 (CEST; Portugal's WEST is
    /// UTC+1, but Portuguese habits run about an hour earlier on the clock, so one value is kept
    /// for the community: assumption).
    pub utc_offset_h: f64,
    /// The day's solar curve.
    pub solar: SolarDay,
    /// Share of households with rooftop solar. Assumption: 0.6 (a community formed around solar
    /// owners).
    pub pv_share: f64,
    /// Smallest and largest rooftop array, kWp. Assumption: 3 to 6 kWp, typical Spanish
    /// self-consumption installations (UNEF, unverified).
    pub pv_kwp: [f64; 2],
    /// Share of households with a home battery. Assumption: 0.4.
    pub battery_share: f64,
    /// Usable battery capacity, kWh: 13.5 (Tesla Powerwall 2 datasheet).
    pub battery_kwh: f64,
    /// Battery power limit, kW: 5 continuous (Tesla Powerwall 2 datasheet).
    pub battery_kw: f64,
    /// Battery round-trip efficiency: 0.90 (Tesla Powerwall 2 datasheet).
    pub battery_round_trip: f64,
    /// State of charge at the start, share of capacity. Assumption: 0.3 (after a night).
    pub initial_soc: f64,
    /// A battery offers to neighbours what it holds above this share of its capacity, kept as its
    /// own reserve. Assumption: 0.5.
    pub battery_reserve: f64,
    /// Mean household consumption, kWh a day: 12.0 (FACUA's average Spanish household, 366 kWh a
    /// month, via mediterraneoglobal.es "Energy consumption in Spanish households", 2021).
    pub daily_load_kwh: f64,
    /// Households' daily load is spread evenly within ±this share of the mean. Assumption: 0.3.
    pub load_spread: f64,
    /// Price of grid electricity, USD per kWh. Default 0.16: Spanish regulated tariff (PVPC) in
    /// spring 2025, about 0.15 EUR/kWh all in at USD/EUR 1.08 (assumption; FACUA reported 0.188
    /// EUR/kWh with taxes in Jan 2021, a high-price month).
    pub import_usd_per_kwh: f64,
    /// What the grid pays for exported solar, USD per kWh. Default 0.05: Spain's simplified
    /// compensation of surpluses values exports at the wholesale price (RD 244/2019); midday
    /// wholesale prices in April 2025 were near zero to a few cents (assumption).
    pub export_usd_per_kwh: f64,
    /// What households bid, at most, per kWh when islanded: with no grid, unserved load is worth
    /// more than the grid price. Assumption: 0.50 USD/kWh (far below estimates of the value of
    /// lost load, several USD per kWh, as a platform cap).
    pub island_bid_cap_usd_per_kwh: f64,
    /// What households do when their grid supply is lost.
    pub islanding: Islanding,
}

impl Default for PowerledgerConfig {
    fn default() -> Self {
        PowerledgerConfig {
            interval: SimDuration::from_secs(30 * 60),
            start_hour_utc: 0.0,
            utc_offset_h: 2.0,
            solar: SolarDay::default(),
            pv_share: 0.6,
            pv_kwp: [3.0, 6.0],
            battery_share: 0.4,
            battery_kwh: 13.5,
            battery_kw: 5.0,
            battery_round_trip: 0.90,
            initial_soc: 0.3,
            battery_reserve: 0.5,
            daily_load_kwh: 12.0,
            load_spread: 0.3,
            import_usd_per_kwh: 0.16,
            export_usd_per_kwh: 0.05,
            island_bid_cap_usd_per_kwh: 0.50,
            islanding: Islanding::Microgrid,
        }
    }
}

impl PowerledgerConfig {
    /// Checks every value, saying which key is wrong and what is allowed. The trading interval
    /// must divide a day: an interval is split at most once at midnight when the day's solar and
    /// load curves are read, and settlement periods start at the same hours every day; order prices are drawn between the export price and the import price (or
    /// the island cap), so those must be ordered; batteries go to solar owners, so there cannot
    /// be more of them.
    pub fn check(&self) -> Result<(), ConfigError> {
        self.solar.check().map_err(|e| e.within("solar"))?;
        for (key, value) in [
            ("pv_share", self.pv_share),
            ("battery_share", self.battery_share),
            ("initial_soc", self.initial_soc),
            ("battery_reserve", self.battery_reserve),
            ("load_spread", self.load_spread),
        ] {
            share(key, value, true)?;
        }
        share("battery_round_trip", self.battery_round_trip, false)?;
        let interval = self.interval.as_millis();
        if interval == 0 || interval > DAY_MS || DAY_MS % interval != 0 {
            return Err(ConfigError::param(
                "interval",
                format!("`interval` is {}, which does not divide a day", self.interval),
            )
            .help("a duration that divides 24h, e.g. \"15m\", \"30m\" or \"1h\""));
        }
        if !(0.0..24.0).contains(&self.start_hour_utc) {
            return Err(ConfigError::param("start_hour_utc", format!("`start_hour_utc` is {}", self.start_hour_utc))
                .help("an hour of the UTC day, at least 0 and below 24"));
        }
        if !(-12.0..=14.0).contains(&self.utc_offset_h) {
            return Err(ConfigError::param("utc_offset_h", format!("`utc_offset_h` is {}", self.utc_offset_h))
                .help("hours from -12 to 14, as time zones are"));
        }
        self.check_pv_kwp()?;
        for (key, value) in [
            ("battery_kwh", self.battery_kwh),
            ("battery_kw", self.battery_kw),
            ("daily_load_kwh", self.daily_load_kwh),
            ("export_usd_per_kwh", self.export_usd_per_kwh),
        ] {
            at_least(key, value, 0.0)?;
        }
        let export = self.export_usd_per_kwh;
        for (key, value) in [
            ("import_usd_per_kwh", self.import_usd_per_kwh),
            ("island_bid_cap_usd_per_kwh", self.island_bid_cap_usd_per_kwh),
        ] {
            if !(value.is_finite() && value >= export) {
                return Err(ConfigError::param(
                    key,
                    format!("`{key}` is {value}, below `export_usd_per_kwh` ({export})"),
                )
                .help(format!(
                    "a finite price of at least `export_usd_per_kwh`, {export}: orders are priced between them"
                )));
            }
        }
        if self.battery_share > self.pv_share {
            return Err(ConfigError::param(
                "battery_share",
                format!("`battery_share` ({}) exceeds `pv_share` ({})", self.battery_share, self.pv_share),
            )
            .help(format!("at most `pv_share`, {}: batteries go to solar owners", self.pv_share)));
        }
        Ok(())
    }

    /// `pv_kwp` is `[min, max]` with 0 <= min <= max <= 1000 kWp (a rooftop, not a solar farm).
    fn check_pv_kwp(&self) -> Result<(), ConfigError> {
        let [min, max] = self.pv_kwp;
        let help = "[min, max] kWp with 0 <= min <= max <= 1000";
        if !(0.0..=1_000.0).contains(&min) {
            return Err(
                ConfigError::param("pv_kwp.0", format!("the smallest array of `pv_kwp` is {min} kWp")).help(help)
            );
        }
        if !(0.0..=1_000.0).contains(&max) {
            return Err(
                ConfigError::param("pv_kwp.1", format!("the largest array of `pv_kwp` is {max} kWp")).help(help)
            );
        }
        if min > max {
            return Err(
                ConfigError::param("pv_kwp", format!("`pv_kwp` is [{min}, {max}], smallest above largest")).help(help)
            );
        }
        Ok(())
    }
}
