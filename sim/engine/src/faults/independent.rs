//! Independent failures: each node's hardware fails at its profile's annualized failure rate and
//! is repaired after an exponentially distributed time with the profile's mean (the standard
//! alternating renewal model, whose long-run availability is MTBF / (MTBF + MTTR)); each home
//! node also loses power or internet at its region's rate.

use crate::model::{FailureRate, Scenario};
use crate::world::Layout;
use depinsim_core::StreamRng;
use depinsim_core::rng::standard_exponential;
use depinsim_core::{NodeId, SimDuration, time::YEAR};
use rand::Rng;

/// Which independent process failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureProcess {
    /// The node's hardware (profile `failures_per_year`, `mttr`, `data_loss_share`).
    Hardware,
    /// The home's power or internet (region `home_outages_per_year`, `home_outage_mean`).
    Home,
}

/// The independent failure processes of one network's nodes.
pub struct Processes {
    hardware: Vec<(FailureRate, f64)>,
    homes: Vec<Option<FailureRate>>,
}

/// An exponential draw with the given rate per year, as a delay; `None` for a zero rate.
fn exponential(rng: &mut StreamRng, per_year: f64) -> Option<SimDuration> {
    if per_year <= 0.0 {
        return None;
    }
    Some(SimDuration::from_millis_f64(standard_exponential(rng) / per_year * YEAR as f64))
}

impl Processes {
    /// The processes of `layout`'s nodes, by group and by region.
    pub fn new(scenario: &Scenario, layout: &Layout) -> Self {
        let hardware = layout
            .table
            .groups
            .iter()
            .map(|g| {
                (FailureRate { per_year: g.profile.failures_per_year, mean: g.profile.mttr }, g.profile.data_loss_share)
            })
            .collect();
        let homes = scenario.vertices.iter().map(|v| v.home_outages).collect();
        Processes { hardware, homes }
    }

    fn rate(&self, layout: &Layout, node: NodeId, process: FailureProcess) -> Option<FailureRate> {
        let info = layout.table.info(node);
        match process {
            FailureProcess::Hardware => Some(self.hardware[info.group as usize].0),
            FailureProcess::Home if info.site.is_none() => self.homes[info.region.index()],
            FailureProcess::Home => None,
        }
    }

    /// Whether `node` fails at all through `process` (checked before opening its stream).
    pub fn fails(&self, layout: &Layout, node: NodeId, process: FailureProcess) -> bool {
        self.rate(layout, node, process).is_some_and(|r| r.per_year > 0.0)
    }

    /// Time until `node`'s next failure of `process`, if it has that process.
    pub fn next_failure(
        &self,
        layout: &Layout,
        node: NodeId,
        process: FailureProcess,
        rng: &mut StreamRng,
    ) -> Option<SimDuration> {
        exponential(rng, self.rate(layout, node, process)?.per_year)
    }

    /// How long the failure lasts, and whether it destroyed the node's data.
    pub fn repair(
        &self,
        layout: &Layout,
        node: NodeId,
        process: FailureProcess,
        rng: &mut StreamRng,
    ) -> (SimDuration, bool) {
        let rate = self.rate(layout, node, process).expect("a failure implies a rate");
        let mean_ms = rate.mean.as_millis() as f64;
        let delay = SimDuration::from_millis_f64(standard_exponential(rng) * mean_ms);
        let lost = match process {
            FailureProcess::Hardware => rng.random::<f64>() < self.hardware[layout.table.info(node).group as usize].1,
            FailureProcess::Home => false,
        };
        (delay, lost)
    }
}
