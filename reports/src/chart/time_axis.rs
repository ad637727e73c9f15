//! The time axis of a run: ticks on round UTC times (every 10 minutes, every 6 hours, the 1st and
//! 16th of the month, each quarter, each decade), labelled with as much of the date as the span
//! needs for every label to be distinct and placed in the calendar: a nine-hour run says which
//! day it was, a two-day run says the day of every hour shown, a century says only years.

use super::ticks::Ticks;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, Time};

/// Labels longer than a date and an hour fit about eight to a chart's width.
const MOST: usize = 8;

/// A step between ticks.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Step {
    /// A fixed number of seconds that divides a day.
    Seconds(i64),
    /// Days of the month: 1, 1+k, 1+2k, ...
    Days(u8),
    /// Months: January and every k-th month after.
    Months(u8),
    /// Years that are multiples of k.
    Years(i32),
}

const STEPS: [Step; 26] = [
    Step::Seconds(1),
    Step::Seconds(5),
    Step::Seconds(10),
    Step::Seconds(30),
    Step::Seconds(60),
    Step::Seconds(2 * 60),
    Step::Seconds(5 * 60),
    Step::Seconds(10 * 60),
    Step::Seconds(15 * 60),
    Step::Seconds(30 * 60),
    Step::Seconds(3_600),
    Step::Seconds(2 * 3_600),
    Step::Seconds(3 * 3_600),
    Step::Seconds(6 * 3_600),
    Step::Seconds(12 * 3_600),
    Step::Days(1),
    Step::Days(2),
    Step::Days(5),
    Step::Days(15),
    Step::Months(1),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(5),
    Step::Years(10),
    Step::Years(25),
];

fn month_name(m: Month) -> &'static str {
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m as usize - 1]
}

/// About how long `step` is, seconds: steps that would give far too many ticks are not tried.
fn approx_s(step: Step) -> f64 {
    match step {
        Step::Seconds(s) => s as f64,
        Step::Days(k) => f64::from(k) * 86_400.0,
        Step::Months(k) => f64::from(k) * 30.4 * 86_400.0,
        Step::Years(k) => f64::from(k) * 365.25 * 86_400.0,
    }
}

fn at_midnight(d: Date) -> OffsetDateTime {
    d.with_time(Time::MIDNIGHT).assume_utc()
}

/// Tick instants of `step` from `t0` to `t1`, in order.
fn instants(step: Step, t0: OffsetDateTime, t1: OffsetDateTime) -> Vec<OffsetDateTime> {
    let mut out = Vec::new();
    match step {
        Step::Seconds(s) => {
            // Steps divide a day, and Unix time starts at a midnight: multiples are round times.
            let (a, b) = (t0.unix_timestamp(), t1.unix_timestamp());
            let mut k = a.div_euclid(s) + i64::from(a.rem_euclid(s) != 0 || t0.nanosecond() != 0);
            while k * s <= b {
                out.extend(OffsetDateTime::from_unix_timestamp(k * s));
                k += 1;
            }
        }
        Step::Days(k) => {
            let mut d = t0.date();
            while at_midnight(d) <= t1 {
                if (d.day() - 1) % k == 0 && d.day() + k / 2 <= 31 && at_midnight(d) >= t0 {
                    out.push(at_midnight(d));
                }
                d = d.next_day().unwrap_or(d);
                if d == Date::MAX {
                    break;
                }
            }
        }
        Step::Months(k) => {
            let (mut y, mut m) = (t0.year(), t0.month() as u8);
            while let Ok(d) = Date::from_calendar_date(y, Month::try_from(m).unwrap_or(Month::January), 1) {
                if at_midnight(d) > t1 {
                    break;
                }
                if (m - 1) % k == 0 && at_midnight(d) >= t0 {
                    out.push(at_midnight(d));
                }
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
        }
        Step::Years(k) => {
            let mut y = t0.year();
            while let Ok(d) = Date::from_calendar_date(y, Month::January, 1) {
                if at_midnight(d) > t1 {
                    break;
                }
                if y.rem_euclid(k) == 0 && at_midnight(d) >= t0 {
                    out.push(at_midnight(d));
                }
                y += 1;
            }
        }
    }
    out
}

fn hh_mm(t: OffsetDateTime, seconds: bool) -> String {
    if seconds {
        format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    } else {
        format!("{:02}:{:02}", t.hour(), t.minute())
    }
}

fn day(t: OffsetDateTime) -> String {
    format!("{} {}", month_name(t.month()), t.day())
}

/// The labels of `ticks` (taken `step` apart) and the axis title.
fn labels(step: Step, ticks: &[OffsetDateTime], span_s: f64) -> (Vec<String>, String) {
    let years: Vec<i32> = ticks.iter().map(|t| t.year()).collect();
    let (y0, y1) = (years.first().copied().unwrap_or(0), years.last().copied().unwrap_or(0));
    let year_note = if y0 == y1 { format!("{y0}") } else { format!("{y0}-{y1}") };
    match step {
        Step::Seconds(s) => {
            let secs = s < 60;
            let labels = if span_s < 86_400.0 {
                // Within a day every time of day is distinct: the date goes on the first tick
                // and on the first tick of each new day.
                ticks
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        if i == 0 || t.date() != ticks[i - 1].date() {
                            format!("{} {}", day(*t), hh_mm(*t, secs))
                        } else {
                            hh_mm(*t, secs)
                        }
                    })
                    .collect()
            } else {
                // Over more than a day an hour comes back: every label carries its date.
                ticks.iter().map(|t| format!("{} {}", day(*t), hh_mm(*t, secs))).collect()
            };
            (labels, format!("time (UTC, {year_note})"))
        }
        Step::Days(_) => (ticks.iter().map(|t| day(*t)).collect(), format!("date (UTC, {year_note})")),
        Step::Months(_) => (
            ticks.iter().map(|t| format!("{} {}", month_name(t.month()), t.year())).collect(),
            "month (UTC)".to_string(),
        ),
        Step::Years(_) => (ticks.iter().map(|t| t.year().to_string()).collect(), "year (UTC)".to_string()),
    }
}

/// The time axis of a run starting at `start` (RFC 3339) and lasting `span_s` seconds: positions
/// in seconds since the start, and the axis title. A start that does not parse gives elapsed
/// time (`None` when it parses).
pub fn time_axis(start: &str, span_s: f64) -> Option<(Ticks, String)> {
    let t0 = OffsetDateTime::parse(start, &Rfc3339).ok()?.to_offset(time::UtcOffset::UTC);
    let span_s = span_s.max(1.0);
    // No tick in the last 5% of the axis: its label, centred on it, would run past the chart.
    let t1 = t0 + time::Duration::seconds_f64(span_s * 0.95);
    let chosen = STEPS
        .iter()
        .filter(|s| span_s / approx_s(**s) <= 4.0 * MOST as f64)
        .map(|s| (*s, instants(*s, t0, t1)))
        .find(|(_, ticks)| ticks.len() <= MOST && ticks.len() >= 2)
        .or_else(|| STEPS.iter().rev().map(|s| (*s, instants(*s, t0, t1))).find(|(_, t)| !t.is_empty()));
    let (step, instants) = chosen?;
    let (labels, title) = labels(step, &instants, span_s);
    let at = instants.iter().map(|t| (t.unix_timestamp() - t0.unix_timestamp()) as f64).zip(labels).collect();
    Some((Ticks { lo: 0.0, hi: span_s, at }, title))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(start: &str, span_s: f64) -> (Vec<String>, String) {
        let (t, title) = time_axis(start, span_s).unwrap();
        for (p, _) in &t.at {
            assert!(*p >= 0.0 && *p <= span_s, "{p} outside 0..{span_s}");
        }
        let labels: Vec<String> = t.at.iter().map(|(_, l)| l.clone()).collect();
        let mut unique = labels.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), labels.len(), "repeated: {labels:?}");
        assert!((2..=MOST).contains(&labels.len()), "{labels:?}");
        assert!(title.contains("UTC"), "{title}");
        (labels, title)
    }

    #[test]
    fn minutes_show_the_day_once_and_seconds_when_needed() {
        let (labels, title) = axis("2025-11-18T11:20:00Z", 600.0);
        assert_eq!(labels[0], "Nov 18 11:20");
        assert_eq!(labels[1], "11:22");
        assert_eq!(title, "time (UTC, 2025)");
        let (labels, _) = axis("2025-11-18T11:20:00Z", 30.0);
        assert!(labels[1].len() == 8, "{labels:?}");
    }

    #[test]
    fn hours_within_a_day_carry_the_date_on_the_first_tick_and_at_midnight() {
        let (labels, _) = axis("2025-11-18T10:00:00Z", 9.0 * 3600.0);
        assert_eq!(labels, ["Nov 18 10:00", "12:00", "14:00", "16:00", "18:00"]);
        let (labels, _) = axis("2025-04-28T18:00:00Z", 12.0 * 3600.0);
        assert!(labels.contains(&"Apr 29 00:00".to_string()), "{labels:?}");
    }

    #[test]
    fn two_days_put_the_date_on_every_hour() {
        let (labels, _) = axis("2025-04-28T00:00:00Z", 2.0 * 86_400.0);
        assert_eq!(labels[0], "Apr 28 00:00");
        assert!(labels.iter().all(|l| l.starts_with("Apr ")), "{labels:?}");
        let (labels, _) = axis("2025-10-20T06:00:00Z", 3.0 * 86_400.0);
        assert!(labels.iter().all(|l| l.contains(':')), "{labels:?}");
    }

    #[test]
    fn days_months_and_years() {
        let (labels, title) = axis("2021-03-09T23:00:00Z", 30.0 * 86_400.0);
        assert_eq!(labels[0], "Mar 11");
        assert_eq!(title, "date (UTC, 2021)");
        let (labels, _) = axis("2025-01-01T00:00:00Z", 182.0 * 86_400.0);
        assert_eq!(labels[0], "Jan 2025");
        let (labels, _) = axis("2025-06-01T00:00:00Z", 365.0 * 86_400.0);
        assert!(labels.contains(&"Jan 2026".to_string()), "{labels:?}");
        let (labels, title) = axis("2026-01-01T00:00:00Z", 100.0 * 365.25 * 86_400.0);
        assert_eq!(labels[..2], ["2050".to_string(), "2075".to_string()]);
        assert_eq!(title, "year (UTC)");
    }

    #[test]
    fn an_unreadable_start_gives_no_calendar() {
        assert!(time_axis("yesterday", 3600.0).is_none());
    }
}
