//! Where each household's energy comes from and goes: rooftop solar over the day, the household's
//! load over the day, and its battery.

use depinsim_core::config::ConfigError;
use serde::Deserialize;

/// A clear-sky day of rooftop solar: output follows a half sine between sunrise and sunset (the
/// bell shape of PVGIS's average daily profiles, EU JRC PVGIS 5 "daily radiation" tool), scaled so
/// that one kWp yields `daily_kwh_per_kwp` over the day.
///
/// **Stand-in** for hourly PVGIS data: a half sine has the right area and timing, not the exact
/// shoulders.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SolarDay {
    /// Energy per kWp installed over the day, kWh. Default 5.0: PVGIS gives Spain 1,500 to 2,200
    /// kWh/kWp a year (JRC PVGIS solar map, Renewable Energy Magazine, "The European Union creates
    /// a new solar map"), about 4.1 to 6.0 a day; late April on a clear day in central Spain or
    /// Lisbon is near the middle of that range (assumption).
    pub daily_kwh_per_kwp: f64,
    /// Solar noon, hours UTC. Default 12.4: Madrid (3.7 W) about 12:15 UTC and Lisbon (9.1 W)
    /// about 12:37 UTC at the end of April (equation of time about -2 minutes), rounded to a
    /// value for the whole Iberian community (assumption).
    pub solar_noon_utc_h: f64,
    /// Hours from sunrise to sunset. Default 13.7: day length at 40° N on 28 April (assumption
    /// from the standard sunrise equation).
    pub day_length_h: f64,
}

impl Default for SolarDay {
    fn default() -> Self {
        SolarDay { daily_kwh_per_kwp: 5.0, solar_noon_utc_h: 12.4, day_length_h: 13.7 }
    }
}

impl SolarDay {
    /// kWh per kWp produced between hours `from` and `to` of the day (UTC, may cross midnight
    /// only within one day: 0 <= from <= to <= 24). Exact integral of the half sine, so the
    /// intervals of a day sum to `daily_kwh_per_kwp`.
    pub fn kwh_per_kwp(&self, from: f64, to: f64) -> f64 {
        let rise = self.solar_noon_utc_h - self.day_length_h / 2.0;
        let set = self.solar_noon_utc_h + self.day_length_h / 2.0;
        let (a, b) = (from.max(rise), to.min(set));
        if b <= a {
            return 0.0;
        }
        // P(t) = peak sin(pi (t - rise) / L); the day's integral is 2 peak L / pi.
        let l = self.day_length_h;
        let peak = self.daily_kwh_per_kwp * std::f64::consts::PI / (2.0 * l);
        let k = std::f64::consts::PI / l;
        peak / k * (((a - rise) * k).cos() - ((b - rise) * k).cos())
    }

    /// Checks the values, with paths relative to the `solar` table: a yield no rooftop reaches,
    /// a day of no length (a division by zero in the curve), or daylight that crosses a UTC
    /// midnight (the curve is integrated within one day).
    pub fn check(&self) -> Result<(), ConfigError> {
        if !(self.daily_kwh_per_kwp >= 0.0 && self.daily_kwh_per_kwp <= 12.0) {
            return Err(ConfigError::param(
                "daily_kwh_per_kwp",
                format!("`daily_kwh_per_kwp` is {}", self.daily_kwh_per_kwp),
            )
            .help("kWh per kWp in a day, from 0 to 12 (the sunniest places give about 7)"));
        }
        if !(self.day_length_h > 0.0 && self.day_length_h <= 24.0) {
            return Err(ConfigError::param("day_length_h", format!("`day_length_h` is {}", self.day_length_h))
                .help("hours from sunrise to sunset, above 0 and at most 24"));
        }
        if !(self.solar_noon_utc_h >= 0.0 && self.solar_noon_utc_h <= 24.0) {
            return Err(ConfigError::param(
                "solar_noon_utc_h",
                format!("`solar_noon_utc_h` is {}", self.solar_noon_utc_h),
            )
            .help("an hour of the UTC day, from 0 to 24"));
        }
        let (rise, set) =
            (self.solar_noon_utc_h - self.day_length_h / 2.0, self.solar_noon_utc_h + self.day_length_h / 2.0);
        if rise < 0.0 || set > 24.0 {
            return Err(ConfigError::param(
                "",
                format!("daylight runs from {rise} h to {set} h UTC, across a midnight"),
            )
            .help("`solar_noon_utc_h` and `day_length_h` with noon - length/2 >= 0 and noon + length/2 <= 24"));
        }
        Ok(())
    }
}

/// Share of a household's daily consumption in each local hour 0..24. **Stand-in** shaped after
/// Red Eléctrica's initial consumption profiles for the 2.0TD household tariff (REE, "perfiles
/// iniciales de consumo") and the Spanish residential load curves of Escobar et al., "Modeling
/// and analysis of the electricity consumption profile of the residential sector in Spain",
/// Energy & Buildings 207 (2020) 109629: low at night, a morning rise, a lunch shoulder and the
/// evening peak at 20-22 h. The exact weights are this model's (they sum to 1).
pub const LOAD_SHAPE: [f64; 24] = [
    0.032, 0.026, 0.023, 0.022, 0.022, 0.023, 0.029, 0.037, 0.042, 0.043, 0.043, 0.044, //
    0.046, 0.049, 0.050, 0.045, 0.042, 0.043, 0.047, 0.054, 0.062, 0.068, 0.061, 0.047,
];

/// A household's load between local hours `from` and `to` (same day, 0 <= from <= to <= 24),
/// kWh, for `daily_kwh` a day: the hourly shares of [`LOAD_SHAPE`], flat within each hour.
pub fn load_kwh(daily_kwh: f64, from: f64, to: f64) -> f64 {
    let mut kwh = 0.0;
    for (h, share) in LOAD_SHAPE.iter().enumerate() {
        let (a, b) = (from.max(h as f64), to.min(h as f64 + 1.0));
        if b > a {
            kwh += share * (b - a);
        }
    }
    kwh * daily_kwh
}

/// A home battery: state of charge within its capacity, power limits per interval, and losses
/// split evenly between charging and discharging (one-way efficiency = sqrt(round trip)).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Battery {
    /// Usable capacity, kWh.
    pub capacity_kwh: f64,
    /// Most power in or out, kW.
    pub max_kw: f64,
    /// Round-trip efficiency (0..1].
    pub round_trip: f64,
    /// Energy stored now, kWh.
    pub soc_kwh: f64,
}

impl Battery {
    /// No battery.
    pub const NONE: Battery = Battery { capacity_kwh: 0.0, max_kw: 0.0, round_trip: 1.0, soc_kwh: 0.0 };

    /// Stores up to `offered` kWh over `hours`; returns the kWh taken from the offer (the
    /// battery gains that times the one-way efficiency), limited by power and free capacity.
    pub fn charge(&mut self, offered: f64, hours: f64) -> f64 {
        let eta = self.round_trip.sqrt();
        let by_power = self.max_kw * hours;
        let by_room = if eta > 0.0 { (self.capacity_kwh - self.soc_kwh).max(0.0) / eta } else { 0.0 };
        let taken = offered.max(0.0).min(by_power).min(by_room);
        self.soc_kwh = (self.soc_kwh + taken * eta).min(self.capacity_kwh);
        taken
    }

    /// Delivers up to `wanted` kWh over `hours`; returns the kWh delivered (the battery loses
    /// that divided by the one-way efficiency), limited by power and the energy stored.
    pub fn discharge(&mut self, wanted: f64, hours: f64) -> f64 {
        let eta = self.round_trip.sqrt();
        let by_power = self.max_kw * hours;
        let by_energy = self.soc_kwh * eta;
        let delivered = wanted.max(0.0).min(by_power).min(by_energy);
        if eta > 0.0 {
            self.soc_kwh = (self.soc_kwh - delivered / eta).max(0.0);
        }
        delivered
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solar_intervals_sum_to_the_daily_yield_and_peak_at_noon() {
        let sun = SolarDay::default();
        let total: f64 = (0..48).map(|i| sun.kwh_per_kwp(i as f64 / 2.0, (i + 1) as f64 / 2.0)).sum();
        assert!((total - 5.0).abs() < 1e-9, "{total}");
        // Nothing at night; the interval around solar noon is the largest.
        assert_eq!(sun.kwh_per_kwp(0.0, 5.0), 0.0);
        assert_eq!(sun.kwh_per_kwp(20.0, 24.0), 0.0);
        let noon = sun.kwh_per_kwp(12.15, 12.65);
        assert!(noon > sun.kwh_per_kwp(9.0, 9.5) && noon > sun.kwh_per_kwp(15.0, 15.5));
        // Closed form: the half hour centred on noon is peak * sin-area = 5 pi/(2 L) * (2L/pi) sin(pi/(4L)).
        let l = 13.7;
        let expected = 5.0 * (std::f64::consts::PI * 0.5 / (2.0 * l)).sin();
        assert!((noon - expected).abs() < 1e-12);
    }

    #[test]
    fn load_shape_sums_to_one_and_peaks_in_the_evening() {
        assert!((LOAD_SHAPE.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((load_kwh(12.0, 0.0, 24.0) - 12.0).abs() < 1e-12);
        let peak = (0..24).max_by(|a, b| LOAD_SHAPE[*a].total_cmp(&LOAD_SHAPE[*b])).unwrap();
        assert_eq!(peak, 21);
        assert!((load_kwh(10.0, 21.0, 21.5) - 10.0 * 0.068 * 0.5).abs() < 1e-12);
    }

    #[test]
    fn battery_respects_power_capacity_and_efficiency() {
        // 10 kWh, 5 kW, 81% round trip (90% each way), empty.
        let mut b = Battery { capacity_kwh: 10.0, max_kw: 5.0, round_trip: 0.81, soc_kwh: 0.0 };
        // Power limit: 5 kW over half an hour takes 2.5 kWh, not the 4 offered; stores 2.25.
        assert!((b.charge(4.0, 0.5) - 2.5).abs() < 1e-12);
        assert!((b.soc_kwh - 2.25).abs() < 1e-12);
        // Capacity limit: nearly full, it takes only what fits.
        b.soc_kwh = 9.91;
        assert!((b.charge(2.0, 0.5) - 0.1).abs() < 1e-9);
        assert!((b.soc_kwh - 10.0).abs() < 1e-9);
        // Discharge limited by power (2.5 kWh per half hour) ...
        assert!((b.discharge(9.0, 0.5) - 2.5).abs() < 1e-12);
        // ... and by the energy stored: 0.9 kWh stored delivers 0.81, and the battery is empty.
        b.soc_kwh = 0.9;
        assert!((b.discharge(2.0, 0.5) - 0.81).abs() < 1e-12);
        assert!(b.soc_kwh.abs() < 1e-12);
        // Failing case: without a battery nothing is stored or delivered.
        let mut none = Battery::NONE;
        assert_eq!(none.charge(3.0, 0.5), 0.0);
        assert_eq!(none.discharge(3.0, 0.5), 0.0);
    }
}
