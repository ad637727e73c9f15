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
    /// The unit of a metric, from its name.
    pub fn of(metric: &str) -> Unit {
        if metric.starts_with("availability")
            || metric.ends_with("_share")
            || metric.starts_with("uptime")
            || metric == "service_threshold"
        {
            Unit::Share
        } else if metric.ends_with("_usd") {
            Unit::Usd
        } else if metric.ends_with("_bytes") {
            Unit::Bytes
        } else if metric.ends_with("_s") {
            Unit::Seconds
        } else if metric.ends_with("_year") {
            Unit::Year
        } else if metric.starts_with("gini") {
            Unit::Ratio
        } else {
            Unit::Count
        }
    }

    /// Axis description.
    pub fn axis(self) -> &'static str {
        match self {
            Unit::Share => "share (%)",
            Unit::Count => "count",
            Unit::Usd => "USD",
            Unit::Bytes => "bytes",
            Unit::Seconds => "seconds",
            Unit::Ratio => "ratio",
            Unit::Year => "year",
        }
    }

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

/// What a headline metric means, for people; unknown names are shown as they are.
pub fn label(metric: &str) -> String {
    let known = match metric {
        "availability_mean" => "availability, mean",
        "availability_min" => "availability, worst sample",
        "availability_baseline" => "availability before the outage",
        "time_to_recover_s" => "time to recover (99% of baseline)",
        "downtime_s" => "time below 99% of baseline",
        "data_lost_bytes" => "data lost",
        "rewards_total_usd" => "rewards paid to operators",
        "cost_total_usd" => "operators' costs",
        "profit_total_usd" => "operators' profit",
        "cost_per_unit_usd" => "cost per unit of service",
        "gini_rewards" => "Gini coefficient of rewards",
        "nakamoto_providers" => "providers that can take it down (Nakamoto)",
        "uptime_mean" => "node uptime, mean",
        "service_threshold" => "service threshold",
        other => return other.replace('_', " "),
    };
    known.to_string()
}

/// Whether a larger value of `metric` is better (`Some(true)`), worse (`Some(false)`), or
/// neither; used to colour differences in comparisons.
pub fn higher_is_better(metric: &str) -> Option<bool> {
    match metric {
        m if m.starts_with("availability") || m.starts_with("uptime") => Some(true),
        "rewards_total_usd" | "profit_total_usd" | "nakamoto_providers" | "requests_served" => Some(true),
        "time_to_recover_s" | "downtime_s" | "cost_total_usd" | "cost_per_unit_usd" | "gini_rewards" => Some(false),
        m if m.contains("lost") || m.contains("unavailable") || m.contains("degraded") => Some(false),
        // Service the protocols measure: coverage and fresh maps, jobs and leases that succeed,
        // load served from local energy; waiting, delayed rewards, unmet load and gamed rewards.
        m if m.contains("coverage")
            || m.contains("fresh")
            || m.ends_with("success_rate")
            || m.contains("self_sufficiency")
            || m.ends_with("served_share") =>
        {
            Some(true)
        }
        m if m.contains("delay") || m.contains("queue_time") || m.contains("unmet") || m == "gamers_share" => {
            Some(false)
        }
        _ => None,
    }
}

/// A headline value for a table: `None` is "never" for a time to recover or a year something
/// happens in (an endowment that never runs dry), "-" otherwise.
pub fn headline(metric: &str, value: Option<f64>) -> String {
    match value {
        Some(v) => Unit::of(metric).show(v),
        None if metric == "time_to_recover_s" || metric.ends_with("_year") => "never".into(),
        None => "-".into(),
    }
}

/// Calendar time `offset_s` seconds after `start` (RFC 3339).
pub fn utc(start: &str, offset_s: f64) -> Option<OffsetDateTime> {
    let start = OffsetDateTime::parse(start, &Rfc3339).ok()?;
    Some(start + time::Duration::milliseconds((offset_s * 1e3).round() as i64))
}

/// A Julian year in seconds: charts spanning several years tick in years.
pub const YEAR_S: f64 = 365.25 * 86_400.0;

/// A time-axis tick: "HH:MM" for runs up to two days, "Mon DD" up to 300 days, "Mon YYYY" up to
/// two years and the year alone beyond (a century-long study needs the year, not the day).
pub fn tick(start: &str, span_s: f64, offset_s: f64) -> String {
    let Some(t) = utc(start, offset_s) else {
        return duration(offset_s);
    };
    if span_s <= 2.0 * 86_400.0 {
        format!("{:02}:{:02}", t.hour(), t.minute())
    } else if span_s > 2.0 * YEAR_S {
        t.year().to_string()
    } else if span_s > 300.0 * 86_400.0 {
        format!("{} {}", &t.month().to_string()[..3], t.year())
    } else {
        format!("{} {:02}", &t.month().to_string()[..3], t.day())
    }
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
    fn units_from_names() {
        assert_eq!(Unit::of("availability_mean"), Unit::Share);
        assert_eq!(Unit::of("cost_total_usd"), Unit::Usd);
        assert_eq!(Unit::of("data_lost_bytes"), Unit::Bytes);
        assert_eq!(Unit::of("time_to_recover_s"), Unit::Seconds);
        assert_eq!(Unit::of("objects_lost"), Unit::Count);
        assert_eq!(Unit::of("endowment_dry_year"), Unit::Year);
        assert_eq!(Unit::Year.show(2112.0), "2112");
        assert_eq!(tick("2026-01-01T00:00:00Z", 100.0 * YEAR_S, 20.0 * YEAR_S), "2046");
        assert_eq!(tick("2026-01-01T00:00:00Z", 365.0 * 86_400.0, 40.0 * 86_400.0), "Feb 2026");
        assert_eq!(tick("2026-01-01T00:00:00Z", 30.0 * 86_400.0, 40.0 * 86_400.0), "Feb 10");
    }

    #[test]
    fn shows_values_for_people() {
        assert_eq!(Unit::Share.show(0.7960), "79.60%");
        assert_eq!(Unit::Count.show(1234567.0), "1,234,567");
        assert_eq!(bytes(7.8716e12), "7.9 TB");
        assert_eq!(duration(20_820.0), "5h47m");
        assert_eq!(duration(1_900_800.0), "22d00h");
        assert_eq!(headline("time_to_recover_s", None), "never");
        assert_eq!(headline("endowment_dry_year", None), "never");
        assert_eq!(Unit::Usd.show(-59_448.2), "-$59,448");
        assert_eq!(Unit::Usd.show(0.0), "$0");
        assert_eq!(higher_is_better("data_lost_bytes"), Some(false));
        assert_eq!(higher_is_better("availability_min"), Some(true));
        assert_eq!(higher_is_better("coverage_hexes_min"), Some(true));
        assert_eq!(higher_is_better("reward_delay_max_s"), Some(false));
        assert_eq!(higher_is_better("islanded_unmet_kwh"), Some(false));
        assert_eq!(higher_is_better("witnesses_valid"), None);
        assert_eq!(timestamp("2025-11-18T10:00:00Z", 4_800.0), "2025-11-18 11:20 UTC");
        assert_eq!(tick("2025-11-18T10:00:00Z", 32_400.0, 4_800.0), "11:20");
        assert_eq!(tick("2021-03-09T23:00:00Z", 30.0 * 86_400.0, 86_400.0), "Mar 10");
    }
}
