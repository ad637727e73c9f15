//! The `[networks.params]` of a `helium` network, with defaults and the assumptions behind them.
//! Protocol rules are constants in their modules, with their sources; what is here describes the
//! hotspots, their surroundings, the rest of the network and the market.

use crate::emission::days_from_civil;
use crate::geo::Area;
use crate::rules::RuleSet;
use depinsim_core::SimDuration;
use depinsim_core::price;
use serde::Deserialize;

/// One point of the HNT price path (USD per HNT).
pub use depinsim_core::price::PricePoint;

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
    /// Checks what serde cannot.
    pub fn validate(&self) -> Result<(), String> {
        if days_from_civil(&self.start_date).is_none() {
            return Err(format!("start_date must be a date YYYY-MM-DD, not {:?}", self.start_date));
        }
        for a in &self.areas {
            a.validate()?;
        }
        for (i, a) in self.areas.iter().enumerate() {
            if self.areas[..i].iter().any(|b| b.group == a.group) {
                return Err(format!("two areas name the group `{}`; each group has one area", a.group));
            }
        }
        if self.beacon_every < SimDuration::from_secs(60) || self.beacon_slots == 0 {
            return Err("beacon_every must be at least 1 minute and beacon_slots at least 1".into());
        }
        if self.beacon_every.as_millis() % self.beacon_slots as u64 != 0 {
            return Err("beacon_every must divide evenly into beacon_slots (in ms)".into());
        }
        for (name, d) in [("epoch", self.epoch), ("traffic_every", self.traffic_every)] {
            if d < SimDuration::from_secs(60) {
                return Err(format!("{name} must be at least 1 minute"));
            }
        }
        if self.reward_offset >= self.epoch {
            return Err("reward_offset must be shorter than the epoch".into());
        }
        for (name, v) in [
            ("packets_per_sensor_hour", self.packets_per_sensor_hour),
            ("shadowing_db", self.shadowing_db),
            ("backhaul_ms", self.backhaul_ms),
            ("slow_backhaul_ms", self.slow_backhaul_ms),
            ("jitter_ms", self.jitter_ms),
            ("background_hex_scale", self.background_hex_scale),
            ("background_dc_per_day", self.background_dc_per_day),
            ("power_usd_per_kwh", self.power_usd_per_kwh),
        ] {
            if !v.is_finite() || v < 0.0 {
                return Err(format!("{name} must be a non-negative number, not {v}"));
            }
        }
        for (name, v) in [("slow_backhaul_share", self.slow_backhaul_share), ("iot_share", self.iot_share)] {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("{name} must be within 0..1, not {v}"));
            }
        }
        if self.background_hex_scale > 1.0 {
            return Err("background_hex_scale must be within 0..1".into());
        }
        if !(self.catch_up_speed > 1.0 && self.catch_up_speed.is_finite()) {
            return Err("catch_up_speed must be above 1 (the oracle must outpace new reports to catch up)".into());
        }
        if !(-150.0..=-90.0).contains(&self.sensitivity_dbm) {
            return Err("sensitivity_dbm must be within -150..-90".into());
        }
        price::check(&self.hnt_price, "hnt_price")?;
        Ok(())
    }

    /// The HNT price `since` the start: linear between points, flat beyond the ends.
    pub fn price_usd(&self, since: SimDuration) -> f64 {
        price::at(&self.hnt_price, since)
    }
}
