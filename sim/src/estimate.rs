//! How long a run will take, estimated from its inputs before it starts, so that `validate` can
//! warn about a scenario that will take hours and `run` can ask before starting one.
//!
//! Each network's estimate adds the engine's events (samples, hardware failures and home cuts,
//! each a down and an up) at the engine's measured cost per event, and the protocol's own work
//! ([`depinsim_core::Work`]: the steps of its dominant loops at their measured cost). Networks run
//! in parallel over the worker threads, so a run takes about the larger of its slowest network
//! and the sum over the threads. The costs were measured on the 2-core CI machine with a release
//! build; BENCHMARKS.md ("Run-time estimates") compares the estimate with the measured time of
//! every shipped study. It is an estimate, good to a small factor, not a bound.

use crate::scenario::LoadedScenario;
use depinsim_core::Work;
use depinsim_core::time::{DAY, YEAR};
use depinsim_engine::model::{Network, Placement, Scenario};

/// What one engine event (a fault, a sample, a timer, a message) costs besides the handler's own
/// work, ns: the engine hold model's measured 3.2 M events/s at 10^3 pending events, each with a
/// random draw (BENCHMARKS.md, "Engine: hold model through the whole engine").
pub const ENGINE_NS_PER_EVENT: f64 = 300.0;

/// What each node costs besides the protocol's loops, ns: its place in the layout, its accounts,
/// its row of nodes.csv and its share of the report. Measured from the default study at
/// 1,000,000 nodes (BENCHMARKS.md, "Run-time estimates").
pub const NS_PER_NODE: f64 = 3000.0;

/// How long a run may be estimated to take before `run` asks for `--yes`, when the scenario sets
/// no `max_run_time`: an hour. An assumption: past it a mistaken count or duration costs more than
/// the question does.
pub const DEFAULT_MAX_RUN_S: u64 = 3600;

/// One network's share of the estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkEstimate {
    /// The network's name.
    pub name: String,
    /// The protocol's work.
    pub work: Work,
    /// The protocol's steps over the run.
    pub steps: f64,
    /// The engine's events for faults and samples.
    pub events: f64,
    /// Estimated seconds, both together.
    pub seconds: f64,
}

/// A run's estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// Per network, in file order.
    pub networks: Vec<NetworkEstimate>,
    /// Worker threads the estimate assumes.
    pub threads: usize,
}

impl Estimate {
    /// The run's estimated wall-clock seconds: the networks spread over the threads, no faster
    /// than the slowest of them.
    pub fn seconds(&self) -> f64 {
        let sum: f64 = self.networks.iter().map(|n| n.seconds).sum();
        let slowest = self.networks.iter().map(|n| n.seconds).fold(0.0, f64::max);
        slowest.max(sum / self.threads.max(1) as f64)
    }

    /// The network that takes longest.
    pub fn slowest(&self) -> Option<&NetworkEstimate> {
        self.networks.iter().max_by(|a, b| a.seconds.total_cmp(&b.seconds))
    }

    /// One line: the time, and what drives it ("about 3.2 h; network `helium`: 4.1e12 witness
    /// links checked, driven by `nodes.city.count`").
    pub fn describe(&self) -> String {
        let mut text = about(self.seconds());
        if let Some(n) = self.slowest() {
            text.push_str(&format!(
                "; network `{}`: {:.2e} {} and {:.2e} engine events",
                n.name, n.steps, n.work.what, n.events
            ));
            if !n.work.knob.is_empty() {
                text.push_str(&format!(", driven most by `{}`", n.work.knob));
            }
        }
        text
    }
}

/// The estimate of a run of `scenario` over `threads` worker threads.
pub fn estimate(scenario: &LoadedScenario, threads: usize) -> Estimate {
    let days = scenario.duration.as_millis() as f64 / DAY as f64;
    // The samples at every `sample_every` and the final one at the end.
    let samples = (scenario.duration.as_millis() / scenario.sample_every.as_millis().max(1)) as f64 + 2.0;
    let networks = scenario
        .networks
        .iter()
        .zip(&scenario.prepared)
        .map(|(net, prepared)| {
            let work = prepared.work.clone();
            let steps = work.steps(days, samples);
            let events = samples + fault_events(scenario, net);
            let nodes: f64 = net.groups.iter().map(|g| g.count as f64).sum();
            let seconds = work.seconds(days, samples) + (events * ENGINE_NS_PER_EVENT + nodes * NS_PER_NODE) * 1e-9;
            NetworkEstimate { name: net.name.clone(), work, steps, events, seconds: or_forever(seconds) }
        })
        .collect();
    Estimate { networks, threads: threads.max(1) }
}

/// `seconds` if it is a time, else forever: a figure that is not a number (an overflow, a protocol
/// from elsewhere) is as good as too long, and must not hide the run from the question.
fn or_forever(seconds: f64) -> f64 {
    if seconds.is_finite() && seconds >= 0.0 { seconds } else { f64::INFINITY }
}

/// The engine events a network's own failure processes make over the run: each hardware failure
/// and each home cut is a down and an up.
fn fault_events(scenario: &Scenario, net: &Network) -> f64 {
    let years = scenario.duration.as_millis() as f64 / YEAR as f64;
    let per_year: f64 = net
        .groups
        .iter()
        .map(|g| {
            let homes = match &g.placement {
                Placement::Homes { regions, .. } if !regions.is_empty() => {
                    let rates =
                        regions.iter().map(|r| scenario.vertices[r.index()].home_outages.map_or(0.0, |f| f.per_year));
                    rates.sum::<f64>() / regions.len() as f64
                }
                _ => 0.0,
            };
            g.count as f64 * (g.profile.failures_per_year + homes)
        })
        .sum();
    2.0 * per_year * years
}

/// An estimate as a person reads it: "about 40 s", "about 3.2 h", "under 1 s", "longer than can be
/// estimated".
pub fn about(seconds: f64) -> String {
    match human_seconds(seconds) {
        t if seconds.is_finite() && seconds >= 1.0 => format!("about {t}"),
        t => t,
    }
}

/// Seconds as a person reads them: "under 1 s", "40 s", "12 min", "3.2 h", "5.0 days".
pub fn human_seconds(s: f64) -> String {
    if !s.is_finite() {
        "longer than can be estimated".to_string()
    } else if s < 1.0 {
        "under 1 s".to_string()
    } else if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 90.0 * 60.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 48.0 * 3600.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} days", s / 86_400.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_that_is_not_a_number_reads_as_too_long() {
        let work = Work {
            once: f64::NAN,
            per_day: 0.0,
            per_sample: 0.0,
            what: "steps",
            ns_per_step: 1.0,
            knob: String::new(),
        };
        let network =
            |seconds| NetworkEstimate { name: "n".into(), work: work.clone(), steps: 0.0, events: 0.0, seconds };
        let e = Estimate { networks: vec![network(f64::INFINITY), network(1.0)], threads: 2 };
        assert_eq!(e.seconds(), f64::INFINITY);
        assert_eq!((or_forever(f64::NAN), or_forever(-1.0), or_forever(2.5)), (f64::INFINITY, f64::INFINITY, 2.5));
        assert!(e.describe().starts_with("longer than can be estimated"), "{}", e.describe());
    }

    #[test]
    fn human_seconds_picks_the_unit_a_person_reads() {
        assert_eq!(human_seconds(0.2), "under 1 s");
        assert_eq!(human_seconds(40.0), "40 s");
        assert_eq!(human_seconds(720.0), "12 min");
        assert_eq!(human_seconds(3.2 * 3600.0), "3.2 h");
        assert_eq!(human_seconds(5.0 * 86_400.0), "5.0 days");
        assert_eq!(human_seconds(f64::INFINITY), "longer than can be estimated");
        assert_eq!((about(0.3), about(40.0)), ("under 1 s".to_string(), "about 40 s".to_string()));
    }
}
