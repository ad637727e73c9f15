//! Headline metrics of a network, computed from its run: availability statistics, recovery,
//! downtime, money, and concentration (Gini, Nakamoto).

use depinsim_core::catalogue::{Metric, Unit};
use depinsim_core::metrics::{AVAILABILITY, DATA_LOST_BYTES};
use depinsim_core::stats::gini;
use depinsim_engine::NetworkOutput;
use depinsim_engine::Scenario;
use std::collections::BTreeMap;

/// Availability relative to its level before the first outage.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovery {
    /// Mean availability of the samples up to the first outage (all samples if none).
    pub baseline: f64,
    /// From the first outage's start to the first sample back at or above 99% of the baseline
    /// after the last one below it: 0 if never below, `None` if still below at the end.
    pub time_to_recover_s: Option<f64>,
    /// Total length of the sample windows below 99% of the baseline.
    pub downtime_s: f64,
}

/// The share of the pre-outage level that counts as recovered.
pub const RECOVERED: f64 = 0.99;

/// Recovery figures of `samples` (seconds, availability; each sample covers the `step_s` before
/// it), for an outage starting at `outage_s`.
pub fn recovery(samples: &[(f64, f64)], outage_s: Option<f64>, step_s: f64) -> Option<Recovery> {
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
    let downtime_s = samples.iter().filter(|(_, a)| below(*a)).count() as f64 * step_s;
    let after: Vec<&(f64, f64)> = samples.iter().filter(|(t, _)| *t > start).collect();
    let time_to_recover_s = match after.iter().rposition(|(_, a)| below(*a)) {
        None => Some(0.0),
        Some(last) if last + 1 < after.len() => Some(after[last + 1].0 - start),
        Some(_) => None,
    };
    Some(Recovery { baseline, time_to_recover_s, downtime_s })
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
    Metric::new("availability_baseline", "availability before the first outage", Unit::Share).end_of_run(),
    Metric::new("time_to_recover_s", "time to recover (99% of baseline)", Unit::Seconds)
        .end_of_run()
        .lower_is_better()
        .median(),
    Metric::new("downtime_s", "time below 99% of baseline", Unit::Seconds).end_of_run().lower_is_better(),
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
    }
    let first_outage = scenario.outages.iter().map(|o| o.start.as_secs_f64()).reduce(f64::min);
    if let Some(r) = recovery(&availability, first_outage, scenario.sample_every.as_secs_f64()) {
        m.insert("availability_baseline".into(), Some(r.baseline));
        m.insert("time_to_recover_s".into(), r.time_to_recover_s);
        m.insert("downtime_s".into(), Some(r.downtime_s));
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

    fn series(values: &[f64]) -> Vec<(f64, f64)> {
        values.iter().enumerate().map(|(i, a)| ((i as f64 + 1.0) * 60.0, *a)).collect()
    }

    #[test]
    fn recovery_after_a_dip() {
        // Outage at 180 s; samples at 240 and 300 s below; back at 360 s.
        let s = series(&[1.0, 1.0, 1.0, 0.2, 0.5, 0.995, 1.0]);
        let r = recovery(&s, Some(180.0), 60.0).unwrap();
        assert_eq!(r.baseline, 1.0);
        assert_eq!(r.time_to_recover_s, Some(180.0));
        assert_eq!(r.downtime_s, 120.0);
    }

    #[test]
    fn flapping_counts_until_the_last_bad_window() {
        let s = series(&[1.0, 0.0, 1.0, 0.0, 1.0, 1.0]);
        let r = recovery(&s, Some(60.0), 60.0).unwrap();
        assert_eq!(r.time_to_recover_s, Some(240.0));
        assert_eq!(r.downtime_s, 120.0);
    }

    #[test]
    fn never_recovered_and_never_hurt() {
        assert_eq!(recovery(&series(&[1.0, 0.5, 0.5]), Some(60.0), 60.0).unwrap().time_to_recover_s, None);
        let calm = recovery(&series(&[1.0, 1.0, 0.995]), Some(60.0), 60.0).unwrap();
        assert_eq!(calm.time_to_recover_s, Some(0.0));
        assert_eq!(calm.downtime_s, 0.0);
        assert!(recovery(&[], None, 60.0).is_none());
    }
}
