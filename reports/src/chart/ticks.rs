//! Tick positions and labels of a value axis. Ticks fall on a nice step (1, 2 or 5 times a power
//! of ten, in the unit the labels are written in) and every label carries enough digits to tell
//! it from its neighbours: an axis whose labels repeat (`0, 0, 1, 1`) makes noise look like an
//! effect. A flat or nearly flat series gets a minimum span, so it is drawn flat instead of its
//! noise being stretched to the chart's full height.

use crate::format::Unit;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use std::ops::Range;

/// A value axis: the range to plot and its ticks with their labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks {
    /// Lower end of the axis.
    pub lo: f64,
    /// Upper end of the axis.
    pub hi: f64,
    /// (position, label), from `lo` to `hi`.
    pub at: Vec<(f64, String)>,
}

impl Ticks {
    /// The label of the tick at `v` (plotters asks by position).
    pub fn label(&self, v: f64) -> String {
        let tolerance = (self.hi - self.lo).abs() * 1e-9;
        self.at.iter().find(|(p, _)| (p - v).abs() <= tolerance).map_or_else(String::new, |(_, l)| l.clone())
    }

    /// The tick positions.
    pub fn positions(&self) -> Vec<f64> {
        self.at.iter().map(|t| t.0).collect()
    }
}

/// A plotters coordinate whose mesh lines and labels are exactly these ticks (plotters' own
/// f64 coordinate picks its own positions).
#[derive(Clone, Debug)]
pub struct Ticked {
    lo: f64,
    hi: f64,
    keys: Vec<f64>,
}

impl Ticks {
    /// The coordinate to build a chart on, from `lo` to `hi` (which may pad the ticks' range).
    pub fn coord(&self, lo: f64, hi: f64) -> Ticked {
        Ticked { lo, hi, keys: self.positions().into_iter().filter(|p| *p >= lo && *p <= hi).collect() }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let share = if self.hi > self.lo { (value - self.lo) / (self.hi - self.lo) } else { 0.5 };
        limit.0 + (f64::from(limit.1 - limit.0) * share + 1e-3).floor() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // Bold lines and labels at the ticks; no light lines between them.
        if hint.weight().allow_light_points() { Vec::new() } else { self.keys.clone() }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

/// How labels are written: a divisor and the text around the number (`$` and `k`, `%`, ` GB`).
#[derive(Clone, Copy, Debug)]
struct Scale {
    div: f64,
    prefix: &'static str,
    suffix: &'static str,
}

fn scale(unit: Unit, largest: f64, span: f64) -> Scale {
    let s = |div, prefix, suffix| Scale { div, prefix, suffix };
    match unit {
        Unit::Share => s(0.01, "", "%"),
        Unit::Usd if largest >= 1e6 => s(1e6, "$", "M"),
        Unit::Usd if largest >= 1e4 => s(1e3, "$", "k"),
        Unit::Usd => s(1.0, "$", ""),
        Unit::Bytes => [(1e15, " PB"), (1e12, " TB"), (1e9, " GB"), (1e6, " MB"), (1e3, " kB")]
            .into_iter()
            .find(|(d, _)| largest >= *d)
            .map_or(s(1.0, "", " B"), |(d, u)| s(d, "", u)),
        // Durations in the unit the span is best read in; the suffix says which.
        Unit::Seconds if span >= 2.0 * 86_400.0 => s(86_400.0, "", "d"),
        Unit::Seconds if span >= 2.0 * 3_600.0 => s(3_600.0, "", "h"),
        Unit::Seconds if span >= 120.0 => s(60.0, "", "m"),
        Unit::Seconds => s(1.0, "", "s"),
        Unit::Year | Unit::Ratio => s(1.0, "", ""),
        Unit::Count if largest >= 1e6 => s(1e6, "", "M"),
        Unit::Count if largest >= 1e4 => s(1e3, "", "k"),
        Unit::Count => s(1.0, "", ""),
    }
}

/// The smallest step of 1, 2 or 5 times a power of ten that cuts `span` into at most `most`
/// intervals.
pub fn nice_step(span: f64, most: usize) -> f64 {
    let raw = span / most.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|s| *s >= raw * (1.0 - 1e-9)).unwrap_or(raw)
}

/// Decimals needed to write every multiple of `step` exactly.
fn decimals(step: f64) -> usize {
    (0..=9).find(|d| ((step * 10f64.powi(*d as i32)).round() - step * 10f64.powi(*d as i32)).abs() < 1e-6).unwrap_or(9)
}

fn write(v: f64, s: Scale, decimals: usize) -> String {
    let x = v / s.div;
    let sign = if x < 0.0 { "-" } else { "" };
    if x == 0.0 && matches!(s.suffix, "k" | "M") {
        // Zero needs no multiplier: "$0", not "$0k".
        return format!("{}0", s.prefix);
    }
    format!("{sign}{}{:.decimals$}{}", s.prefix, x.abs(), s.suffix)
}

/// The axis for values between `min` and `max` in `unit`: from zero when `from_zero` (levels and
/// amounts over time), around the data otherwise (a metric against a swept parameter). At most
/// about seven ticks.
pub fn value_axis(min: f64, max: f64, unit: Unit, from_zero: bool) -> Ticks {
    let (mut min, mut max) = if min.is_finite() && max.is_finite() && min <= max { (min, max) } else { (0.0, 1.0) };
    if from_zero {
        min = min.min(0.0);
        max = max.max(0.0);
    }
    // A minimum span: a tenth of the value's size (a percentage point for a share), one unit
    // around zero. Within it, a flat series is drawn flat.
    let mid = (min + max) / 2.0;
    let floor = match unit {
        Unit::Share => 0.01f64.max(mid.abs() * 0.02),
        _ if mid == 0.0 => 1.0,
        _ => mid.abs() * 0.1,
    };
    if max - min < floor {
        let (lo, hi) = (mid - floor / 2.0, mid + floor / 2.0);
        // Do not push non-negative data below zero, nor a share above 100%.
        let shift = if min >= 0.0 && lo < 0.0 { -lo } else { 0.0 };
        let shift = if unit == Unit::Share && hi + shift > 1.0 && max <= 1.0 { 1.0 - hi } else { shift };
        (min, max) = (lo + shift, hi + shift);
    }
    let s = scale(unit, min.abs().max(max.abs()), max - min);
    let step = nice_step((max - min) / s.div, 6) * s.div;
    let (first, last) = ((min / step + 1e-9).floor() as i64, (max / step - 1e-9).ceil() as i64);
    let positions: Vec<f64> = (first..=last).map(|k| k as f64 * step).collect();
    let mut d = decimals(step / s.div);
    // Multiples of the step written with its decimals are distinct; rounding in the last digit
    // could still merge two, so add digits until they differ.
    loop {
        let labels: Vec<String> = positions.iter().map(|p| write(*p, s, d)).collect();
        let mut sorted = labels.clone();
        sorted.sort();
        sorted.dedup();
        if sorted.len() == labels.len() || d >= 12 {
            let at = positions.into_iter().zip(labels).collect();
            return Ticks { lo: first as f64 * step, hi: last as f64 * step, at };
        }
        d += 1;
    }
}

/// Ticks at fixed positions with their own labels (categories, swept values).
pub fn fixed(lo: f64, hi: f64, at: Vec<(f64, String)>) -> Ticks {
    Ticks { lo, hi, at }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(t: &Ticks) -> Vec<&str> {
        t.at.iter().map(|(_, l)| l.as_str()).collect()
    }

    fn distinct(t: &Ticks) -> bool {
        let mut l = labels(t);
        l.sort();
        l.dedup();
        l.len() == t.at.len()
    }

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_step(10.0, 5), 2.0);
        assert_eq!(nice_step(7.0, 6), 2.0);
        assert_eq!(nice_step(0.03, 6), 0.005);
        assert_eq!(nice_step(1200.0, 6), 200.0);
        assert_eq!(nice_step(3.1e6, 6), 1e6);
    }

    #[test]
    fn a_flat_series_is_flat_and_its_labels_are_distinct() {
        // A series at zero (nothing lost): the axis spans one unit, not 0, 0, 0, 1, 1, 1.
        let zero = value_axis(0.0, 0.0, Unit::Count, true);
        assert!(distinct(&zero), "{zero:?}");
        assert_eq!((zero.lo, zero.hi), (0.0, 1.0));
        // A share flat at 80% across a sweep: a span of at least a percentage point or two,
        // with labels that tell the ticks apart.
        let share = value_axis(0.7960, 0.7962, Unit::Share, false);
        assert!(distinct(&share), "{share:?}");
        assert!(share.hi - share.lo >= 0.01, "{share:?}");
        assert!(labels(&share).iter().all(|l| l.ends_with('%')));
        // Dollars around $2.5k that vary by $20: "$2k, $2k, $3k, $3k" no more.
        let usd = value_axis(2_480.0, 2_500.0, Unit::Usd, false);
        assert!(distinct(&usd), "{usd:?}");
        assert!(usd.hi - usd.lo >= 240.0, "{usd:?}");
        // A count flat at 1,500 nodes over time starts at zero.
        let nodes = value_axis(1500.0, 1500.0, Unit::Count, true);
        assert_eq!(nodes.lo, 0.0);
        assert!(nodes.hi >= 1500.0 && distinct(&nodes), "{nodes:?}");
    }

    #[test]
    fn labels_are_written_in_the_unit_with_the_digits_the_step_needs() {
        let share = value_axis(0.0, 1.0, Unit::Share, true);
        assert_eq!(labels(&share), ["0%", "20%", "40%", "60%", "80%", "100%"]);
        let usd = value_axis(0.0, 59_448.0, Unit::Usd, true);
        assert_eq!(labels(&usd), ["$0", "$10k", "$20k", "$30k", "$40k", "$50k", "$60k"]);
        let small = value_axis(0.0395, 0.0425, Unit::Usd, false);
        assert!(distinct(&small) && labels(&small).iter().all(|l| l.starts_with("$0.0")), "{small:?}");
        let loss = value_axis(-59_500.0, -59_400.0, Unit::Usd, false);
        assert!(distinct(&loss) && labels(&loss)[0].starts_with("-$"), "{loss:?}");
        let time = value_axis(0.0, 5.0 * 3600.0, Unit::Seconds, true);
        assert_eq!(labels(&time), ["0h", "1h", "2h", "3h", "4h", "5h"]);
        let bytes = value_axis(0.0, 7.9e12, Unit::Bytes, true);
        assert_eq!(labels(&bytes), ["0 TB", "2 TB", "4 TB", "6 TB", "8 TB"]);
    }

    #[test]
    fn every_range_gets_distinct_labels_and_covers_its_data() {
        let mut cases = Vec::new();
        for unit in [Unit::Share, Unit::Usd, Unit::Count, Unit::Bytes, Unit::Seconds, Unit::Ratio] {
            for (a, b) in [(0.0, 1e-9), (0.999, 1.0), (123.456, 123.457), (-5.0, 5.0), (1e6, 1.000_01e6), (0.0, 3.7e9)]
            {
                for from_zero in [true, false] {
                    cases.push((unit, a, b, from_zero));
                }
            }
        }
        for (unit, a, b, from_zero) in cases {
            let t = value_axis(a, b, unit, from_zero);
            assert!(distinct(&t), "{unit:?} {a} {b}: {t:?}");
            assert!(t.lo <= a && t.hi >= b && t.at.len() >= 2 && t.at.len() <= 9, "{unit:?} {a} {b}: {t:?}");
        }
    }
}
