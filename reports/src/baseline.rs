//! Regression checks: a run's headline metrics against a stored baseline, each metric with the
//! direction in which it must not move (availability must not fall, cost and data lost must not
//! rise) and a tolerance. `depinsim baseline` writes the file from a run; `depinsim check` exits 1
//! when a metric moved the wrong way by more than its tolerance.

use crate::catalogue::Meaning;
use crate::data::Summary;
use crate::format::Unit;
use serde::{Deserialize, Serialize};

/// Which way a metric must not move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Higher is better: it must not fall.
    Higher,
    /// Lower is better: it must not rise.
    Lower,
}

/// One guarded metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guard {
    /// Network.
    pub network: String,
    /// Metric (a key of the network's metrics in summary.json).
    pub metric: String,
    /// Value in the baseline run.
    pub value: f64,
    /// Which way it must not move.
    pub direction: Direction,
    /// How far it may move the wrong way, in the metric's own unit.
    pub tolerance: f64,
}

/// A baseline file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Scenario it was made from.
    pub scenario: String,
    /// Seed of that run.
    pub seed: u64,
    /// The guarded metrics.
    #[serde(rename = "metric")]
    pub metrics: Vec<Guard>,
}

/// Default tolerance: half a percentage point for shares, a minute or 2% for durations, 2% for
/// money and counts (never less than a billionth, so a zero stays zero).
pub fn default_tolerance(meaning: Meaning<'_>, value: f64) -> f64 {
    match meaning.unit() {
        Unit::Share => 0.005,
        Unit::Seconds => (value.abs() * 0.02).max(60.0),
        _ => (value.abs() * 0.02).max(1e-9),
    }
}

impl Baseline {
    /// A baseline from a run's summary: every metric with a direction and a value.
    pub fn from_summary(s: &Summary) -> Baseline {
        let mut metrics = Vec::new();
        for (network, net) in &s.networks {
            for (metric, value) in &net.metrics {
                let meaning = s.meaning(network, metric);
                let (Some(value), Some(higher)) = (value, meaning.higher_is_better()) else {
                    continue;
                };
                let direction = if higher { Direction::Higher } else { Direction::Lower };
                metrics.push(Guard {
                    network: network.clone(),
                    metric: metric.clone(),
                    value: *value,
                    direction,
                    tolerance: default_tolerance(meaning, *value),
                });
            }
        }
        Baseline { scenario: s.scenario.clone(), seed: s.seed, metrics }
    }
}

/// How a metric compares with its baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Within tolerance.
    Ok,
    /// Better than the baseline by more than the tolerance (consider updating the baseline).
    Improved,
    /// Worse by more than the tolerance, or missing.
    Regression,
}

/// One line of a check.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The guard.
    pub guard: Guard,
    /// The run's value (`None`: missing or undefined, e.g. never recovered).
    pub current: Option<f64>,
    /// The outcome.
    pub status: Status,
}

/// Compares `run` with `baseline`.
pub fn check(baseline: &Baseline, run: &Summary) -> Vec<Verdict> {
    baseline
        .metrics
        .iter()
        .map(|g| {
            let current = run.networks.get(&g.network).and_then(|n| n.metrics.get(&g.metric)).copied().flatten();
            let status = match current {
                None => Status::Regression,
                Some(v) => {
                    let worse_by = match g.direction {
                        Direction::Higher => g.value - v,
                        Direction::Lower => v - g.value,
                    };
                    if worse_by > g.tolerance {
                        Status::Regression
                    } else if -worse_by > g.tolerance {
                        Status::Improved
                    } else {
                        Status::Ok
                    }
                }
            };
            Verdict { guard: g.clone(), current, status }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::NetworkSummary;
    use std::collections::BTreeMap;

    fn info(dimension: &str, direction: &str) -> crate::data::MetricInfo {
        crate::data::MetricInfo {
            label: String::new(),
            unit: crate::data::UnitInfo { dimension: dimension.into(), of: None },
            kind: "end-of-run".into(),
            direction: direction.into(),
            aggregate: "mean".into(),
        }
    }

    fn summary(availability: f64, cost: f64) -> Summary {
        let metrics: BTreeMap<String, Option<f64>> = [
            ("availability_mean".to_string(), Some(availability)),
            ("cost_total_usd".to_string(), Some(cost)),
            ("service_threshold".to_string(), Some(0.5)),
            ("time_to_recover_s".to_string(), None),
        ]
        .into();
        Summary {
            scenario: "s".into(),
            description: String::new(),
            sources: vec![],
            seed: 1,
            start: "2025-01-01T00:00:00Z".into(),
            duration_s: 1.0,
            sample_every_s: 1.0,
            nodes: 1,
            split_by: "provider".into(),
            events: 1,
            outages: vec![],
            networks: [(
                "n".to_string(),
                NetworkSummary {
                    protocol: "p".into(),
                    nodes: 1,
                    events: 1,
                    service_unit: None,
                    key_metrics: vec![],
                    metrics,
                    catalogue: [
                        ("availability_mean".to_string(), info("share", "higher-better")),
                        ("cost_total_usd".to_string(), info("usd", "lower-better")),
                        ("service_threshold".to_string(), info("share", "neutral")),
                        ("time_to_recover_s".to_string(), info("seconds", "lower-better")),
                    ]
                    .into(),
                },
            )]
            .into(),
            provenance: Default::default(),
        }
    }

    #[test]
    fn only_metrics_with_a_direction_and_a_value_are_guarded() {
        let b = Baseline::from_summary(&summary(0.9, 100.0));
        let names: Vec<&str> = b.metrics.iter().map(|g| g.metric.as_str()).collect();
        assert_eq!(names, vec!["availability_mean", "cost_total_usd"]);
        let text = toml::to_string(&b).unwrap();
        assert_eq!(toml::from_str::<Baseline>(&text).unwrap(), b);
    }

    #[test]
    fn regressions_improvements_and_tolerance() {
        let b = Baseline::from_summary(&summary(0.9, 100.0));
        let statuses = |a, c| check(&b, &summary(a, c)).iter().map(|v| v.status).collect::<Vec<_>>();
        assert_eq!(statuses(0.9, 100.0), vec![Status::Ok, Status::Ok]);
        assert_eq!(statuses(0.897, 101.9), vec![Status::Ok, Status::Ok], "within tolerance");
        assert_eq!(statuses(0.89, 100.0), vec![Status::Regression, Status::Ok], "availability fell 1 pp");
        assert_eq!(statuses(0.9, 103.0), vec![Status::Ok, Status::Regression], "cost rose 3%");
        assert_eq!(statuses(0.95, 90.0), vec![Status::Improved, Status::Improved]);
    }
}
