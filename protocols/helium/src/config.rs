//! The `[networks.params]` of a `helium` network, with defaults and the assumptions behind them.
//! Protocol rules are constants in their modules, with their sources; what is here describes the
//! hotspots, their surroundings, the rest of the network and the market.

use crate::emission::days_from_civil;
use crate::geo::Area;
use crate::rules::RuleSet;
use crate::witness::MAX_WITNESSES_PER_POC;
use depinsim_core::SimDuration;
use depinsim_core::config::{ConfigError, at_least, share};
use depinsim_core::price;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One point of the HNT price path (USD per HNT).
pub use depinsim_core::price::PricePoint;

/// The range of a sensor's transmit power, dBm: from a low-power end device at -30 dBm up to 36
/// dBm, the FCC limit of EIRP in US915 (47 CFR 15.247 with a 6 dBi antenna), above every
/// LoRaWAN plan's end-device maximum (EU868: 16 dBm EIRP, RP002 Regional Parameters).
pub const SENSOR_TX_DBM: (f64, f64) = (-30.0, 36.0);

/// Core's price path check ([`price::check`]), located at the point at fault: `key` when the
/// path is empty, `key.N.usd` for a bad price, `key.N.at` for a point not after the one
/// before it.
pub fn check_price(points: &[PricePoint], key: &str) -> Result<(), ConfigError> {
    let Err(verdict) = price::check(points, key) else {
        return Ok(());
    };
    if points.is_empty() {
        return Err(ConfigError::param(key, format!("`{key}` has no points"))
            .help(format!("at least one point, e.g. `{key} = [{{ at = \"0d\", usd = 3.0 }}]`")));
    }
    if let Some(i) = points.iter().position(|p| !p.usd.is_finite() || p.usd < 0.0) {
        return Err(ConfigError::param(
            format!("{key}.{i}.usd"),
            format!("`usd` of point {i} of `{key}` is {}", points[i].usd),
        )
        .help("a finite price in USD, 0 or more"));
    }
    if let Some(i) = points.windows(2).position(|w| w[0].at >= w[1].at) {
        let (a, b) = (points[i].at, points[i + 1].at);
        return Err(ConfigError::param(
            format!("{key}.{}.at", i + 1),
            format!("`at` of point {} of `{key}` is {b}, not after point {i} ({a})", i + 1),
        )
        .help("points in increasing time order"));
    }
    Err(ConfigError::param(key, verdict))
}

/// The `[networks.params]` of a `helium` network.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct HeliumConfig {
    /// Rule set: `"hip15"`, `"hip17"` or `"data-only"` (see [`RuleSet`]).
    pub rules: RuleSet,
    /// Calendar date (UTC, `YYYY-MM-DD`) of the scenario start, for the HIP-20 halvings; the
    /// scenario is assumed to start at midnight UTC so that reward epochs are UTC days.
    pub start_date: String,
    /// Areas, one per node group of role `hotspot` or `spoofer`.
    pub areas: Vec<Area>,
    /// Changes to the HIP-17 density parameters of HIP-104 (`rules = "hip17"` only), by
    /// resolution: `hip17 = { "8" = { target = 2, max = 4 } }`; what is left out keeps HIP-104's
    /// value (see [`crate::hip17::DensityRules`]). The background hotspots keep their own
    /// `background_hex_scale`: a looser table raises the simulated hotspots' share of the pool.
    pub hip17: BTreeMap<String, crate::hip17::ResOverride>,
    /// Beacon interval (`default_beacon_interval`, 6 h, iot_verifier/src/settings.rs).
    pub beacon_every: SimDuration,
    /// Slots per beacon interval: each hotspot beacons in one slot of each interval (drawn once),
    /// and each slot is one engine event. Assumption: 24 (15-minute slots for 6 h).
    pub beacon_slots: u32,
    /// Reward epoch (`default_reward_period`, 24 h).
    pub epoch: SimDuration,
    /// Delay after an epoch's end before its rewards are computed (`default_reward_period_offset`,
    /// 30 min).
    pub reward_offset: SimDuration,
    /// Sensor traffic tick. Assumption: 15 min.
    pub traffic_every: SimDuration,
    /// Uplinks per sensor per hour. Assumption: 4 (a reading every 15 minutes).
    pub packets_per_sensor_hour: f64,
    /// Sensor transmit power, dBm. Assumption: 14 (EU868 default maximum EIRP of end devices).
    pub sensor_tx_dbm: f64,
    /// Receiver sensitivity of a hotspot, dBm. Assumption: -134 dBm (SX1302 concentrator around
    /// SF10 at 125 kHz, Semtech datasheet order of magnitude).
    pub sensitivity_dbm: f64,
    /// Standard deviation of log-normal shadowing on each beacon-witness link, dB, clipped at two
    /// deviations. Assumption: 6 dB (typical of suburban measurements).
    pub shadowing_db: f64,
    /// Median backhaul latency of a hotspot's reports to the oracle, ms. Assumption: 150 ms.
    pub backhaul_ms: f64,
    /// Share of hotspots on a slow backhaul (cellular, satellite, congested Wi-Fi). Assumption: 0.05.
    pub slow_backhaul_share: f64,
    /// Median latency of a slow backhaul, ms. Assumption: 2500 ms.
    pub slow_backhaul_ms: f64,
    /// Mean extra latency of each report (exponential), ms. Assumption: 100 ms.
    pub jitter_ms: f64,
    /// The IoT network's share of the HNT emission. Default 0.11: HIP-149 gives the Mobile share
    /// as ≈0.89 (a 30-epoch EMA of veHNT delegation).
    pub iot_share: f64,
    /// HNT price path, linearly interpolated, flat beyond its ends.
    pub hnt_price: Vec<PricePoint>,
    /// How much faster than real time the oracle works through reports that piled up while it was
    /// down; an epoch is rewarded only once its reports are processed (upstream's
    /// `data_current_check`). Assumption: 4.
    pub catch_up_speed: f64,
    /// IoT hotspots in the rest of the network (not simulated), sharing the same pools.
    pub background_hotspots: u32,
    /// Valid witnesses of an average background beacon. Assumption: 5.
    pub background_witnesses: u32,
    /// Mean HIP-17 hex scale of background hotspots (ignored unless `rules = "hip17"`).
    /// Assumption: 0.5.
    pub background_hex_scale: f64,
    /// Data credits the background hotspots earn a day.
    pub background_dc_per_day: f64,
    /// Electricity price hotspot owners pay, for ROI, USD per kWh. Assumption: 0.25.
    pub power_usd_per_kwh: f64,
}

impl Default for HeliumConfig {
    fn default() -> Self {
        HeliumConfig {
            rules: RuleSet::Hip17,
            start_date: "2025-04-28".into(),
            areas: Vec::new(),
            hip17: BTreeMap::new(),
            beacon_every: SimDuration::from_hours(6),
            beacon_slots: 24,
            epoch: SimDuration::from_hours(24),
            reward_offset: SimDuration::from_secs(30 * 60),
            traffic_every: SimDuration::from_secs(15 * 60),
            packets_per_sensor_hour: 4.0,
            sensor_tx_dbm: 14.0,
            sensitivity_dbm: -134.0,
            shadowing_db: 6.0,
            backhaul_ms: 150.0,
            slow_backhaul_share: 0.05,
            slow_backhaul_ms: 2500.0,
            jitter_ms: 100.0,
            iot_share: 0.11,
            hnt_price: vec![PricePoint { at: SimDuration::ZERO, usd: 3.0 }],
            catch_up_speed: 4.0,
            background_hotspots: 0,
            background_witnesses: 5,
            background_hex_scale: 0.5,
            background_dc_per_day: 0.0,
            power_usd_per_kwh: 0.25,
        }
    }
}

impl HeliumConfig {
    /// Checks what serde cannot, with the key path of the value at fault. [`crate::Helium`]'s
    /// `Protocol::check` adds the checks of the areas against the node groups.
    pub fn check(&self) -> Result<(), ConfigError> {
        if days_from_civil(&self.start_date).is_none() {
            return Err(ConfigError::param("start_date", format!("`start_date` is {:?}, not a date", self.start_date))
                .help("a calendar date as YYYY-MM-DD, e.g. \"2025-04-28\""));
        }
        for (i, a) in self.areas.iter().enumerate() {
            a.check().map_err(|e| e.within(&format!("areas.{i}")))?;
            if let Some(first) = self.areas[..i].iter().position(|b| b.group == a.group) {
                return Err(ConfigError::param(
                    format!("areas.{i}.group"),
                    format!("`group` of area {i} is `{}`, which area {first} already names", a.group),
                )
                .help("one area per node group"));
            }
        }
        if !self.hip17.is_empty() && !self.rules.hex_scaling() {
            let first = self.hip17.keys().next().cloned().unwrap_or_default();
            return Err(ConfigError::param(
                format!("hip17.{first}"),
                format!("`hip17` changes the density scaling, which rules `{}` do not apply", self.rules.name()),
            )
            .help("set `rules = \"hip17\"`, or remove `hip17`"));
        }
        crate::hip17::DensityRules::new(&self.hip17, "hip17")?;
        self.check_timing()?;
        self.check_radio()?;
        for (key, v) in [
            ("packets_per_sensor_hour", self.packets_per_sensor_hour),
            ("background_dc_per_day", self.background_dc_per_day),
            ("power_usd_per_kwh", self.power_usd_per_kwh),
        ] {
            at_least(key, v, 0.0)?;
        }
        share("slow_backhaul_share", self.slow_backhaul_share, true)?;
        share("iot_share", self.iot_share, true)?;
        share("background_hex_scale", self.background_hex_scale, true)?;
        if self.background_witnesses as usize > MAX_WITNESSES_PER_POC {
            return Err(ConfigError::param(
                "background_witnesses",
                format!("`background_witnesses` is {}", self.background_witnesses),
            )
            .help(format!("0 to {MAX_WITNESSES_PER_POC}: the verifier selects at most {MAX_WITNESSES_PER_POC} witnesses per beacon")));
        }
        if !(self.catch_up_speed > 1.0 && self.catch_up_speed.is_finite()) {
            return Err(ConfigError::param("catch_up_speed", format!("`catch_up_speed` is {}", self.catch_up_speed))
                .help("a finite number above 1: the oracle must outpace new reports to catch up"));
        }
        check_price(&self.hnt_price, "hnt_price")
    }

    /// Beacon slots, reward epochs and traffic ticks: each is a timer, so none may be zero, and
    /// a slot is at least a second so that slots (one engine event each, one list of hotspots
    /// each) stay few.
    fn check_timing(&self) -> Result<(), ConfigError> {
        let minute = SimDuration::from_secs(60);
        for (key, d) in
            [("beacon_every", self.beacon_every), ("epoch", self.epoch), ("traffic_every", self.traffic_every)]
        {
            if d < minute {
                return Err(ConfigError::param(key, format!("`{key}` is {d}")).help("a duration of at least 1m"));
            }
        }
        let every_ms = self.beacon_every.as_millis();
        let most = every_ms / 1000;
        let slots = self.beacon_slots;
        if slots == 0 || every_ms % slots as u64 != 0 || every_ms / (slots as u64) < 1000 {
            let why = if slots == 0 {
                String::new()
            } else if every_ms % slots as u64 != 0 {
                format!(", which does not divide `beacon_every` ({}) into whole milliseconds", self.beacon_every)
            } else {
                format!(", leaving slots shorter than a second in `beacon_every` ({})", self.beacon_every)
            };
            return Err(ConfigError::param("beacon_slots", format!("`beacon_slots` is {slots}{why}"))
                .help(format!("a divisor of {every_ms} (`beacon_every` in ms) from 1 to {most}, e.g. 24")));
        }
        if self.reward_offset >= self.epoch {
            return Err(ConfigError::param(
                "reward_offset",
                format!("`reward_offset` is {}, not shorter than `epoch` ({})", self.reward_offset, self.epoch),
            )
            .help("a delay shorter than the reward epoch"));
        }
        Ok(())
    }

    /// Link budget and latencies. Transmit power and sensitivity bound the range of every link
    /// and each witness's signal, so they must be finite and physical.
    fn check_radio(&self) -> Result<(), ConfigError> {
        if !(self.sensitivity_dbm.is_finite() && (-150.0..=-90.0).contains(&self.sensitivity_dbm)) {
            return Err(ConfigError::param(
                "sensitivity_dbm",
                format!("`sensitivity_dbm` is {}", self.sensitivity_dbm),
            )
            .help("a receiver sensitivity from -150 to -90 dBm"));
        }
        if !(self.sensor_tx_dbm.is_finite() && (SENSOR_TX_DBM.0..=SENSOR_TX_DBM.1).contains(&self.sensor_tx_dbm)) {
            return Err(ConfigError::param("sensor_tx_dbm", format!("`sensor_tx_dbm` is {}", self.sensor_tx_dbm))
                .help(format!("a transmit power from {} to {} dBm", SENSOR_TX_DBM.0, SENSOR_TX_DBM.1)));
        }
        for (key, v) in [
            ("shadowing_db", self.shadowing_db),
            ("backhaul_ms", self.backhaul_ms),
            ("slow_backhaul_ms", self.slow_backhaul_ms),
            ("jitter_ms", self.jitter_ms),
        ] {
            at_least(key, v, 0.0)?;
        }
        Ok(())
    }

    /// The HNT price `since` the start: linear between points, flat beyond the ends.
    pub fn price_usd(&self, since: SimDuration) -> f64 {
        price::at(&self.hnt_price, since)
    }
}
