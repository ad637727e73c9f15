//! Simulated time: integer milliseconds since the scenario start.
//!
//! Floating-point time drifts and makes event order depend on rounding; an integer clock keeps
//! every run exact and reproducible. Durations in scenario files are strings with units
//! (`"5h46m"`, `"12d"`, `"250ms"`), parsed here.

use serde::{Deserialize, Deserializer};
use std::fmt;
use std::ops::{Add, AddAssign, Sub};
use std::str::FromStr;

/// A point in simulated time, in milliseconds since the scenario start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(u64);

/// A span of simulated time, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimDuration(u64);

/// Milliseconds in one second, minute, hour, day and (365-day) year.
pub const SECOND: u64 = 1_000;
/// Milliseconds in a minute.
pub const MINUTE: u64 = 60 * SECOND;
/// Milliseconds in an hour.
pub const HOUR: u64 = 60 * MINUTE;
/// Milliseconds in a day.
pub const DAY: u64 = 24 * HOUR;
/// Milliseconds in a 365-day year, the unit of annualized failure rates.
pub const YEAR: u64 = 365 * DAY;

impl SimTime {
    /// The scenario start.
    pub const ZERO: SimTime = SimTime(0);
    /// Latest representable time; used for "never".
    pub const MAX: SimTime = SimTime(u64::MAX);

    /// A time `ms` milliseconds after the start.
    pub const fn from_millis(ms: u64) -> Self {
        SimTime(ms)
    }
    /// Milliseconds since the start.
    pub const fn as_millis(self) -> u64 {
        self.0
    }
    /// Seconds since the start, for reports.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1e3
    }
    /// The span from `earlier` to `self`, zero if `earlier` is later.
    pub fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
}

impl SimDuration {
    /// No time at all.
    pub const ZERO: SimDuration = SimDuration(0);

    /// A span of `ms` milliseconds.
    pub const fn from_millis(ms: u64) -> Self {
        SimDuration(ms)
    }
    /// A span of `s` seconds.
    pub const fn from_secs(s: u64) -> Self {
        SimDuration(s * SECOND)
    }
    /// A span of `h` hours.
    pub const fn from_hours(h: u64) -> Self {
        SimDuration(h * HOUR)
    }
    /// A span of `d` days.
    pub const fn from_days(d: u64) -> Self {
        SimDuration(d * DAY)
    }
    /// The span in milliseconds.
    pub const fn as_millis(self) -> u64 {
        self.0
    }
    /// The span in seconds.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1e3
    }
    /// The span in hours, the unit of power and rent accounting.
    pub fn as_hours_f64(self) -> f64 {
        self.0 as f64 / HOUR as f64
    }
    /// The span in 365-day years, the unit of failure rates.
    pub fn as_years_f64(self) -> f64 {
        self.0 as f64 / YEAR as f64
    }
    /// A span from a (non-negative, finite) number of milliseconds, rounded to the nearest ms.
    /// Used to turn a random draw into a delay; saturates instead of overflowing.
    pub fn from_millis_f64(ms: f64) -> Self {
        if ms.is_nan() || ms <= 0.0 {
            SimDuration(0)
        } else if ms >= u64::MAX as f64 {
            SimDuration(u64::MAX)
        } else {
            SimDuration(ms.round() as u64)
        }
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}
impl AddAssign<SimDuration> for SimTime {
    fn add_assign(&mut self, d: SimDuration) {
        *self = *self + d;
    }
}
impl Sub<SimTime> for SimTime {
    type Output = SimDuration;
    fn sub(self, o: SimTime) -> SimDuration {
        self.since(o)
    }
}
impl Add for SimDuration {
    type Output = SimDuration;
    fn add(self, d: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(d.0))
    }
}

/// Units a duration string may use, longest suffix first so that `ms` is not read as `m`.
const UNITS: [(&str, u64); 7] =
    [("ms", 1), ("s", SECOND), ("m", MINUTE), ("h", HOUR), ("d", DAY), ("w", 7 * DAY), ("y", YEAR)];

/// Why a duration string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid duration `{input}`: {reason}; write a number and a unit (ms, s, m, h, d, w, y), e.g. \"90s\", \"5h46m\", \"12d\""
)]
pub struct DurationError {
    input: String,
    reason: &'static str,
}

impl FromStr for SimDuration {
    type Err = DurationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason| DurationError { input: s.to_string(), reason };
        let text = s.trim();
        if text.is_empty() {
            return Err(err("it is empty"));
        }
        if text.starts_with('-') {
            return Err(err("a duration cannot be negative"));
        }
        let mut total: u64 = 0;
        let mut rest = text;
        while !rest.is_empty() {
            rest = rest.trim_start();
            let digits =
                rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(|| err("a number has no unit"))?;
            if digits == 0 {
                return Err(err("expected a number"));
            }
            let number: f64 = rest[..digits].parse().map_err(|_| err("malformed number"))?;
            rest = &rest[digits..];
            let (unit, scale) = UNITS
                .iter()
                .find(|(u, _)| rest.starts_with(u) && !rest[u.len()..].starts_with(|c: char| c.is_ascii_alphabetic()))
                .ok_or_else(|| err("unknown unit"))?;
            rest = &rest[unit.len()..];
            let ms = number * *scale as f64;
            if ms.fract() != 0.0 {
                return Err(err("finer than a millisecond"));
            }
            total = total.checked_add(ms as u64).ok_or_else(|| err("too large"))?;
        }
        Ok(SimDuration(total))
    }
}

impl<'de> Deserialize<'de> for SimDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for SimDuration {
    /// Largest units first, e.g. `5h46m`; `0s` for zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("0s");
        }
        let mut rest = self.0;
        for (unit, scale) in [("d", DAY), ("h", HOUR), ("m", MINUTE), ("s", SECOND), ("ms", 1)] {
            if rest >= scale {
                write!(f, "{}{unit}", rest / scale)?;
                rest %= scale;
            }
        }
        Ok(())
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", SimDuration(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_compound_durations() {
        assert_eq!("5h46m".parse::<SimDuration>().unwrap().as_millis(), (5 * 60 + 46) * MINUTE);
        assert_eq!("250ms".parse::<SimDuration>().unwrap().as_millis(), 250);
        assert_eq!("1.5h".parse::<SimDuration>().unwrap().as_millis(), 90 * MINUTE);
        assert_eq!("2w".parse::<SimDuration>().unwrap(), SimDuration::from_days(14));
        assert_eq!("1y".parse::<SimDuration>().unwrap(), SimDuration::from_days(365));
        assert_eq!("12d 3h".parse::<SimDuration>().unwrap().as_millis(), 12 * DAY + 3 * HOUR);
    }

    #[test]
    fn rejects_bad_durations() {
        for bad in ["", "5", "h", "-3h", "5 parsecs", "3mo", "0.5ms", "1x"] {
            assert!(bad.parse::<SimDuration>().is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn display_round_trips() {
        for s in ["5h46m", "12d", "1s", "3d4h5m6s7ms"] {
            let d: SimDuration = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
            assert_eq!(d.to_string().parse::<SimDuration>().unwrap(), d);
        }
    }

    #[test]
    fn time_arithmetic_saturates() {
        assert_eq!(SimTime::MAX + SimDuration::from_secs(1), SimTime::MAX);
        assert_eq!(SimTime::ZERO.since(SimTime::from_millis(5)), SimDuration::ZERO);
    }
}
