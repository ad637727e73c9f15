//! What operators spend: depreciation and hosting all the time, electricity while up; and how
//! long each node was up. Kept per node in flat vectors; O(1) per change of condition.

use crate::model::Scenario;
use crate::world::Layout;
use depinsim_core::{NodeId, SimTime};

/// What operators spend: depreciation and hosting all the time, electricity while up.
pub struct Accounts {
    /// Per node: depreciation and hosting, USD per hour.
    pub fixed_usd_per_hour: Vec<f32>,
    /// Per node: electricity while up, USD per hour.
    pub power_usd_per_hour: Vec<f32>,
    fixed_total_per_hour: f64,
    power_up_per_hour: f64,
    power_spent: f64,
    power_since: SimTime,
    /// Per node: when it went down, [`UP`] while up.
    pub down_since: Vec<u64>,
    /// Per node: time down so far, not counting a current outage.
    pub downtime_ms: Vec<u64>,
}

/// `down_since` of a node that is up.
pub const UP: u64 = u64::MAX;

impl Accounts {
    /// Accounts of `layout`'s nodes, all up.
    pub fn new(scenario: &Scenario, layout: &Layout) -> Self {
        let (mut fixed, mut power) = (Vec::with_capacity(layout.table.len()), Vec::with_capacity(layout.table.len()));
        for node in layout.table.ids() {
            let profile = layout.table.profile(node);
            let region = &scenario.vertices[layout.table.info(node).region.index()];
            fixed.push(profile.fixed_usd_per_hour() as f32);
            power.push(profile.power_usd_per_hour(region.usd_per_kwh) as f32);
        }
        Accounts {
            fixed_total_per_hour: fixed.iter().map(|x| *x as f64).sum(),
            power_up_per_hour: power.iter().map(|x| *x as f64).sum(),
            fixed_usd_per_hour: fixed,
            power_usd_per_hour: power,
            power_spent: 0.0,
            power_since: SimTime::ZERO,
            down_since: vec![UP; layout.table.len()],
            downtime_ms: vec![0; layout.table.len()],
        }
    }

    fn settle_power(&mut self, now: SimTime) {
        self.power_spent += self.power_up_per_hour * now.since(self.power_since).as_hours_f64();
        self.power_since = now;
    }

    /// Records that `node` is now up or down; returns whether that changed anything.
    pub fn change(&mut self, now: SimTime, node: NodeId, up: bool) -> bool {
        let i = node.index();
        let was_up = self.down_since[i] == UP;
        if was_up == up {
            return false;
        }
        self.settle_power(now);
        if up {
            self.downtime_ms[i] += now.as_millis() - self.down_since[i];
            self.down_since[i] = UP;
            self.power_up_per_hour += self.power_usd_per_hour[i] as f64;
        } else {
            self.down_since[i] = now.as_millis();
            self.power_up_per_hour -= self.power_usd_per_hour[i] as f64;
        }
        true
    }

    /// What all operators spent up to `now`, USD.
    pub fn total(&mut self, now: SimTime) -> f64 {
        self.settle_power(now);
        self.fixed_total_per_hour * now.since(SimTime::ZERO).as_hours_f64() + self.power_spent
    }
}
