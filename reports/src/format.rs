//! How figures are shown to people: percentages, durations, money, bytes; and UTC times.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The kind of quantity a metric is, which decides its axis and its formatting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A share, shown as a percentage.
    Share,
    /// A count.
    Count,
    /// US dollars.
    Usd,
    /// Bytes.
    Bytes,
    /// Seconds, shown as a duration.
    Seconds,
    /// A plain ratio (Gini).
    Ratio,
    /// A calendar year ("2112"): no thousands separator.
    Year,
}

impl Unit {
    /// A value for a table cell or axis tick.
    pub fn show(self, v: f64) -> String {
        match self {
            Unit::Share => format!("{:.2}%", v * 100.0),
            Unit::Usd if v < 0.0 => format!("-{}", Unit::Usd.show(-v)),
            Unit::Usd if v == 0.0 => "$0".into(),
            Unit::Usd if v >= 1e6 => format!("${:.2}M", v / 1e6),
            Unit::Usd if v >= 100.0 => format!("${}", count(v.round())),
            Unit::Usd => format!("${v:.3}"),
            Unit::Bytes => bytes(v),
            Unit::Seconds => duration(v),
            Unit::Ratio => format!("{v:.3}"),
            Unit::Count => count(v),
            Unit::Year => format!("{v:.0}"),
        }
    }
}

fn count(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let digits = format!("{}", v.abs() as u64);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if v < 0.0 { format!("-{out}") } else { out }
    } else if v.abs() >= 1e6 {
        format!("{:.2}M", v / 1e6)
    } else {
        format!("{v:.3}")
    }
}

/// Bytes in decimal units.
pub fn bytes(v: f64) -> String {
    for (unit, scale) in [("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] {
        if v.abs() >= scale {
            return format!("{:.1} {unit}", v / scale);
        }
    }
    format!("{v:.0} B")
}

/// A duration in days, hours and minutes.
pub fn duration(seconds: f64) -> String {
    let s = seconds.round() as u64;
    let (d, h, m) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, m) => format!("{h}h{m:02}m"),
        (d, h, _) => format!("{d}d{h:02}h"),
    }
}

/// Calendar time `offset_s` seconds after `start` (RFC 3339).
pub fn utc(start: &str, offset_s: f64) -> Option<OffsetDateTime> {
    let start = OffsetDateTime::parse(start, &Rfc3339).ok()?;
    Some(start + time::Duration::milliseconds((offset_s * 1e3).round() as i64))
}

/// A full UTC timestamp for tables: "2025-11-18 11:20 UTC".
pub fn timestamp(start: &str, offset_s: f64) -> String {
    match utc(start, offset_s) {
        Some(t) => format!("{}-{:02}-{:02} {:02}:{:02} UTC", t.year(), t.month() as u8, t.day(), t.hour(), t.minute()),
        None => duration(offset_s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_values_for_people() {
        assert_eq!(Unit::Share.show(0.7960), "79.60%");
        assert_eq!(Unit::Year.show(2112.0), "2112");
        assert_eq!(Unit::Count.show(1234567.0), "1,234,567");
        assert_eq!(bytes(7.8716e12), "7.9 TB");
        assert_eq!(duration(20_820.0), "5h47m");
        assert_eq!(duration(1_900_800.0), "22d00h");
        assert_eq!(Unit::Usd.show(-59_448.2), "-$59,448");
        assert_eq!(Unit::Usd.show(0.0), "$0");
        assert_eq!(timestamp("2025-11-18T10:00:00Z", 4_800.0), "2025-11-18 11:20 UTC");
    }
}
