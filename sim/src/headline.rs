//! Headline metrics of a network, computed from its run: availability statistics, recovery,
//! downtime, money, and concentration (Gini, Nakamoto).

use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::{AVAILABILITY, DATA_LOST_BYTES};
use depinsim_core::stats::gini;
use depinsim_engine::NetworkOutput;
use depinsim_engine::Scenario;
use std::collections::BTreeMap;

/// Availability relative to its level before the first outage, and how long the network spent
/// failed and degraded.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovery {
    /// Mean availability of the samples up to the first outage (all samples if none).
    pub baseline: f64,
    /// When this network itself first fell below [`RECOVERED`] of its baseline, at or after the
    /// scenario's first outage: interpolated between the last sample above and the first below
    /// (seconds since the start); `None` if it never did.
    pub first_impact_s: Option<f64>,
    /// From [`Recovery::first_impact_s`] to the moment it climbed back to [`RECOVERED`] of its
    /// baseline after its last sample below, interpolated between that sample and the next: 0 if
    /// never hit, `None` if still below at the end.
    pub time_to_recover_s: Option<f64>,
    /// Time the network was down: the samples (each standing for the interval since the sample
    /// before it, the first for one step) below its own `service_threshold`.
    pub downtime_s: f64,
    /// Time the network was degraded: samples at or above its service threshold but below
    /// [`RECOVERED`] of its baseline.
    pub degraded_s: f64,
}

/// The share of the pre-outage level that counts as recovered.
pub const RECOVERED: f64 = 0.99;

/// Where the line from `(t0, a0)` to `(t1, a1)` crosses `level` (the samples straddle it).
fn crossing(t0: f64, a0: f64, t1: f64, a1: f64, level: f64) -> f64 {
    if a1 == a0 { t1 } else { t0 + (level - a0) / (a1 - a0) * (t1 - t0) }
}

/// Recovery figures of `samples` (seconds, availability), taken every `step_s`, for a scenario
/// whose first outage starts at `outage_s`, for a network that fails below `service_threshold`.
pub fn recovery(
    samples: &[(f64, f64)],
    outage_s: Option<f64>,
    step_s: f64,
    service_threshold: f64,
) -> Option<Recovery> {
    if samples.is_empty() {
        return None;
    }
    let start = outage_s.unwrap_or(0.0);
    let before: Vec<f64> = samples.iter().filter(|(t, _)| *t <= start).map(|(_, a)| *a).collect();
    let reference =
        if before.is_empty() || outage_s.is_none() { samples.iter().map(|(_, a)| *a).collect() } else { before };
    let baseline = reference.iter().sum::<f64>() / reference.len() as f64;
    let threshold = RECOVERED * baseline;
    let below = |a: f64| a < threshold;
    // Each sample stands for one step, except the final one when the step does not divide the
    // duration: the engine still samples at the end of the run, and that sample stands for the
    // shorter rest since the one before it. The clock counts milliseconds, so a rest shorter by
    // less than half of one is the float rounding of a whole step, not a short interval.
    let last = samples.len() - 1;
    let rest = if last > 0 { samples[last].0 - samples[last - 1].0 } else { step_s };
    let final_span = if step_s - rest > 0.5e-3 { rest } else { step_s };
    let span = |i: usize| if i == last { final_span } else { step_s };
    let time_where = |hit: &dyn Fn(f64) -> bool| -> f64 {
        // A fold from +0.0: `sum` of no f64 is -0.0, which summary.json would print as such.
        samples.iter().enumerate().filter(|(_, (_, a))| hit(*a)).fold(0.0, |t, (i, _)| t + span(i))
    };
    let downtime_s = time_where(&|a| a < service_threshold);
    let degraded_s = time_where(&|a| a >= service_threshold && below(a));
    // The network's own first impact: the first sample below after the first outage began.
    let Some(first) = samples.iter().position(|(t, a)| *t > start && below(*a)) else {
        return Some(Recovery { baseline, first_impact_s: None, time_to_recover_s: Some(0.0), downtime_s, degraded_s });
    };
    let (t1, a1) = samples[first];
    let impact = match first.checked_sub(1).map(|i| samples[i]) {
        Some((t0, a0)) if !below(a0) => crossing(t0, a0, t1, a1, threshold).max(start),
        _ => t1.min(start.max(t1 - step_s)),
    };
    let last = samples.iter().rposition(|(_, a)| below(*a)).expect("one is below");
    let time_to_recover_s = samples.get(last + 1).map(|&(t2, a2)| {
        let (tl, al) = samples[last];
        crossing(tl, al, t2, a2, threshold) - impact
    });
    Some(Recovery { baseline, first_impact_s: Some(impact), time_to_recover_s, downtime_s, degraded_s })
}

/// The `p`-th quantile (0..1) of `values`, interpolating between closest ranks (Hyndman and
/// Fan's type 7, the default of R and NumPy).
pub fn quantile(values: &[f64], p: f64) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let h = (sorted.len().checked_sub(1)? as f64) * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Rewards per operator (indexed by operator id), summed over its nodes in node order.
pub fn operator_rewards(out: &NetworkOutput) -> Vec<f64> {
    let mut per_operator = vec![0.0; out.layout.table.operators as usize];
    for (node, reward) in out.layout.table.nodes.iter().zip(&out.rewards_usd) {
        per_operator[node.operator.index()] += reward;
    }
    per_operator
}

/// The headline figures every network gets, computed here from its series and accounts.
pub const HEADLINE: &[Metric] = &[
    Metric::new("availability_mean", "availability, mean over the samples", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new("availability_min", "availability, worst sample", Unit::Share).end_of_run().higher_is_better(),
    Metric::new("availability_p5", "availability, 5th percentile of the samples", Unit::Share)
        .end_of_run()
        .higher_is_better(),
    Metric::new("availability_baseline", "availability before the first outage", Unit::Share).end_of_run(),
    Metric::new("first_impact_s", "first fell below 99% of baseline (since the start)", Unit::Seconds)
        .end_of_run()
        .median(),
    Metric::new("time_to_recover_s", "time to recover (from its first impact to 99% of baseline)", Unit::Seconds)
        .end_of_run()
        .lower_is_better()
        .median(),
    Metric::new("downtime_s", "time down (below its service threshold)", Unit::Seconds).end_of_run().lower_is_better(),
    Metric::new("degraded_s", "time degraded (above its threshold, below 99% of baseline)", Unit::Seconds)
        .end_of_run()
        .lower_is_better(),
    Metric::new("rewards_total_usd", "rewards paid to operators", Unit::Usd).end_of_run().higher_is_better(),
    Metric::new("cost_total_usd", "operators' costs", Unit::Usd).end_of_run().lower_is_better(),
    Metric::new("profit_total_usd", "operators' profit", Unit::Usd).end_of_run().higher_is_better(),
    Metric::new("gini_rewards", "Gini coefficient of rewards per operator", Unit::Ratio).end_of_run().lower_is_better(),
    Metric::new("nakamoto_providers", "providers that can take it down (Nakamoto)", Unit::Count("providers"))
        .end_of_run()
        .higher_is_better(),
    Metric::new("service_threshold", "service threshold", Unit::Share).end_of_run(),
    Metric::new("uptime_mean", "node uptime, mean", Unit::Share).end_of_run().higher_is_better(),
];

/// The cost per unit of service, in USD per the network's own unit of service.
pub fn cost_per_unit(service_unit: &'static str) -> Metric {
    Metric::new("cost_per_unit_usd", "operators' cost per unit of service", Unit::UsdPer(service_unit))
        .end_of_run()
        .lower_is_better()
}

/// The declaration of `name` for a network whose run produced `out`: its protocol's own, the
/// common series, or the headline figures computed here.
pub fn declaration(out: &NetworkOutput, name: &str) -> Option<Metric> {
    if name == "cost_per_unit_usd" {
        return out.service.map(|(unit, _)| cost_per_unit(unit));
    }
    let all = out.metrics.iter().chain(depinsim_core::catalogue::SERIES).chain(HEADLINE);
    depinsim_core::catalogue::find(all, name)
}

/// The headline metrics of one network, by name.
pub fn metrics(scenario: &Scenario, index: usize, out: &NetworkOutput) -> BTreeMap<String, Option<f64>> {
    let network = &scenario.networks[index];
    let mut m: BTreeMap<String, Option<f64>> = BTreeMap::new();
    let availability = out.series.metric(AVAILABILITY);
    let values: Vec<f64> = availability.iter().map(|(_, a)| *a).collect();
    if !values.is_empty() {
        m.insert("availability_mean".into(), Some(values.iter().sum::<f64>() / values.len() as f64));
        m.insert("availability_min".into(), values.iter().copied().reduce(f64::min));
        m.insert("availability_p5".into(), quantile(&values, 0.05));
    }
    let first_outage = scenario.outages.iter().map(|o| o.start.as_secs_f64()).reduce(f64::min);
    let step = scenario.sample_every.as_secs_f64();
    if let Some(r) = recovery(&availability, first_outage, step, network.service_threshold) {
        m.insert("availability_baseline".into(), Some(r.baseline));
        m.insert("first_impact_s".into(), r.first_impact_s);
        m.insert("time_to_recover_s".into(), r.time_to_recover_s);
        m.insert("downtime_s".into(), Some(r.downtime_s));
        m.insert("degraded_s".into(), Some(r.degraded_s));
    }
    let rewards: f64 = out.rewards_usd.iter().sum();
    let cost: f64 = out.cost_usd.iter().sum();
    m.insert("rewards_total_usd".into(), Some(rewards));
    m.insert("cost_total_usd".into(), Some(cost));
    m.insert("profit_total_usd".into(), Some(rewards - cost));
    m.insert("gini_rewards".into(), gini(&operator_rewards(out)));
    m.insert("nakamoto_providers".into(), out.nakamoto);
    m.insert("service_threshold".into(), Some(network.service_threshold));
    let n = out.uptime_ms.len().max(1) as f64;
    let duration = scenario.duration.as_millis() as f64;
    m.insert("uptime_mean".into(), Some(out.uptime_ms.iter().map(|u| *u as f64 / duration).sum::<f64>() / n));
    m.insert(DATA_LOST_BYTES.into(), Some(out.series.last(DATA_LOST_BYTES).unwrap_or(0.0)));
    if let Some((_, units)) = out.service {
        m.insert("cost_per_unit_usd".into(), (units > 0.0).then(|| cost / units));
    }
    for (name, value) in &out.headline {
        m.insert(name.to_string(), *value);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Samples at 60, 120, 180, ... s.
    fn series(values: &[f64]) -> Vec<(f64, f64)> {
        values.iter().enumerate().map(|(i, a)| ((i as f64 + 1.0) * 60.0, *a)).collect()
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn recovery_is_interpolated_between_samples() {
        // Outage at 180 s. Samples: 180 s at 1.0, 240 s at 0.2 (below), 300 s at 0.5 (below),
        // 360 s at 0.995 (back). Threshold 0.99: the fall crosses it at 180 + 60 * 0.01/0.8 =
        // 180.75 s; the climb at 300 + 60 * (0.99 - 0.5)/(0.995 - 0.5) = 359.3939... s.
        let s = series(&[1.0, 1.0, 1.0, 0.2, 0.5, 0.995, 1.0]);
        let r = recovery(&s, Some(180.0), 60.0, 0.5).unwrap();
        assert_eq!(r.baseline, 1.0);
        assert!(close(r.first_impact_s, 180.75), "{r:?}");
        let back = 300.0 + 60.0 * (0.99 - 0.5) / (0.995 - 0.5);
        assert!(close(r.time_to_recover_s, back - 180.75), "{r:?}");
    }

    #[test]
    fn recovery_counts_from_the_networks_own_first_impact() {
        // The scenario's first outage is at 60 s, but this network is hit only at 300 s.
        let s = series(&[1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0]);
        let r = recovery(&s, Some(60.0), 60.0, 0.5).unwrap();
        // 1.0 at 300 s, 0.0 at 360 s: crosses 0.99 at 300.6 s; back from 0.0 at 420 s to 1.0 at
        // 480 s: crosses at 479.4 s.
        assert!(close(r.first_impact_s, 300.6), "{r:?}");
        assert!(close(r.time_to_recover_s, 479.4 - 300.6), "{r:?}");
        assert_eq!(r.downtime_s, 120.0);
    }

    #[test]
    fn a_degraded_tail_is_not_downtime() {
        // Down for two samples (below the 0.5 threshold), then three degraded samples.
        let s = series(&[1.0, 0.1, 0.2, 0.9, 0.95, 0.97, 1.0]);
        let r = recovery(&s, Some(60.0), 60.0, 0.5).unwrap();
        assert_eq!(r.downtime_s, 120.0);
        assert_eq!(r.degraded_s, 180.0);
        // Back after the last degraded sample: 0.97 at 360 s to 1.0 at 420 s crosses 0.99 at 400 s.
        assert!(close(r.first_impact_s.map(|i| i + r.time_to_recover_s.unwrap()), 400.0), "{r:?}");
    }

    #[test]
    fn flapping_counts_until_the_last_bad_window() {
        let s = series(&[1.0, 0.0, 1.0, 0.0, 1.0, 1.0]);
        let r = recovery(&s, Some(60.0), 60.0, 0.5).unwrap();
        // Falls between 60 and 120 s (at 60.6 s), climbs back between 240 and 300 s (at 299.4 s).
        assert!(close(r.time_to_recover_s, 299.4 - 60.6), "{r:?}");
        assert_eq!((r.downtime_s, r.degraded_s), (120.0, 0.0));
    }

    #[test]
    fn never_recovered_and_never_hurt() {
        let r = recovery(&series(&[1.0, 0.5, 0.5]), Some(60.0), 60.0, 0.5).unwrap();
        assert_eq!(r.time_to_recover_s, None);
        assert_eq!((r.downtime_s, r.degraded_s), (0.0, 120.0));
        let calm = recovery(&series(&[1.0, 1.0, 0.995]), Some(60.0), 60.0, 0.5).unwrap();
        assert_eq!((calm.first_impact_s, calm.time_to_recover_s), (None, Some(0.0)));
        assert_eq!(calm.downtime_s, 0.0);
        // +0, not the -0 of an empty float sum (summary.json would print "-0.0").
        assert!(calm.downtime_s.is_sign_positive() && calm.degraded_s.is_sign_positive());
        assert!(recovery(&[], None, 60.0, 0.5).is_none());
    }

    #[test]
    fn a_short_final_sample_stands_for_the_rest_of_the_run() {
        // Samples every 60 s of a 150 s run: at 0, 60, 120 and the final one at 150 s, all down.
        // Down for 60 + 60 + 60 + 30 s: the first sample stands for one step, the final for the
        // 30 s since the one before it.
        let s = [(0.0, 0.0), (60.0, 0.0), (120.0, 0.0), (150.0, 0.0)];
        let r = recovery(&s, None, 60.0, 0.5).unwrap();
        assert_eq!(r.downtime_s, 210.0);
        // A final sample one step after the one before it stands for one step.
        let r = recovery(&s[..3], None, 60.0, 0.5).unwrap();
        assert_eq!(r.downtime_s, 180.0);
    }

    #[test]
    fn the_low_percentile_is_type_7() {
        // NumPy: np.percentile([0, 1, ..., 20], 5) = 1.0; of [1, 2, 3, 4], 5% = 1.15.
        let v: Vec<f64> = (0..=20).map(f64::from).collect();
        assert_eq!(quantile(&v, 0.05), Some(1.0));
        assert!(close(quantile(&[4.0, 1.0, 3.0, 2.0], 0.05), 1.15));
        assert_eq!(quantile(&[], 0.05), None);
    }
}
