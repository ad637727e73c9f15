//! A token's price over time, as a scenario gives it: points, linear between them and flat
//! beyond the ends. Every protocol that pays in a token (FIL, HNT, AKT) converts to USD with it.
//!
//! Assumption: the price is exogenous. The simulated network does not move the market; a
//! designer who wants a feedback loop sweeps the path instead.

use crate::time::SimDuration;
use serde::Deserialize;

/// One point of a price path: `usd` per token at `at` after the scenario start.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PricePoint {
    /// Time since the scenario start.
    pub at: SimDuration,
    /// Price, USD per token.
    pub usd: f64,
}

/// Checks a path named `name` (the scenario key, for the message): at least one point, each
/// price finite and not negative, times strictly increasing.
pub fn check(points: &[PricePoint], name: &str) -> Result<(), String> {
    if points.is_empty() {
        return Err(format!("{name} needs at least one point"));
    }
    if points.iter().any(|p| !p.usd.is_finite() || p.usd < 0.0) {
        return Err(format!("{name} points need a finite, non-negative usd"));
    }
    if points.windows(2).any(|w| w[0].at >= w[1].at) {
        return Err(format!("{name} points must be in increasing time order"));
    }
    Ok(())
}

/// The price `since` the start: linear between points, flat beyond the ends. `points` must
/// have passed [`check`].
pub fn at(points: &[PricePoint], since: SimDuration) -> f64 {
    let i = points.partition_point(|p| p.at <= since);
    if i == 0 {
        return points[0].usd;
    }
    if i == points.len() {
        return points[i - 1].usd;
    }
    let (a, b) = (points[i - 1], points[i]);
    let f = (since.as_millis() - a.at.as_millis()) as f64 / (b.at.as_millis() - a.at.as_millis()) as f64;
    a.usd + (b.usd - a.usd) * f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(hours: u64, usd: f64) -> PricePoint {
        PricePoint { at: SimDuration::from_hours(hours), usd }
    }

    #[test]
    fn linear_between_points_and_flat_beyond() {
        let path = [p(10, 2.0), p(20, 4.0)];
        assert_eq!(at(&path, SimDuration::ZERO), 2.0);
        assert_eq!(at(&path, SimDuration::from_hours(15)), 3.0);
        assert_eq!(at(&path, SimDuration::from_hours(20)), 4.0);
        assert_eq!(at(&path, SimDuration::from_hours(99)), 4.0);
    }

    #[test]
    fn bad_paths_are_refused_with_the_key_named() {
        assert!(check(&[p(0, 1.0), p(1, 0.0)], "x").is_ok());
        assert_eq!(check(&[], "fil_price").unwrap_err(), "fil_price needs at least one point");
        assert!(check(&[p(0, -1.0)], "x").unwrap_err().contains("non-negative"));
        assert!(check(&[p(0, f64::NAN)], "x").is_err());
        assert!(check(&[p(2, 1.0), p(2, 1.0)], "x").unwrap_err().contains("increasing"));
    }
}
