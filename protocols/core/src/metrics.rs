//! Metric names shared by every network, and the buffers protocols report into.
//!
//! Protocol-specific metrics are named by the protocol (`data_lost_objects`, `faulty_sectors`);
//! the common ones are named once here so that reports and comparisons find them everywhere.

/// Share of requests served in the sample window (0..1).
pub const AVAILABILITY: &str = "availability";
/// Nodes up and healthy at the sample time: reachable, with none of their traffic lost.
pub const NODES_UP: &str = "nodes_up";
/// Nodes up but degraded at the sample time: reachable, losing part of their traffic to a
/// degraded dependency (a node losing all of it is still counted here, not as up).
pub const NODES_DEGRADED: &str = "nodes_degraded";
/// Rewards paid to operators since the start, USD.
pub const REWARDS_USD: &str = "rewards_usd";
/// What operators spent since the start (hardware, power, hosting, penalties), USD.
pub const COST_USD: &str = "cost_usd";
/// Data lost for good since the start, bytes.
pub const DATA_LOST_BYTES: &str = "data_lost_bytes";

/// Collects one sample of a network's metrics.
#[derive(Debug, Default)]
pub struct Observer {
    values: Vec<(&'static str, f64)>,
}

impl Observer {
    /// Records `value` for `metric` at this sample.
    pub fn record(&mut self, metric: &'static str, value: f64) {
        self.values.push((metric, value));
    }
    /// The recorded values, in recording order.
    pub fn values(&self) -> &[(&'static str, f64)] {
        &self.values
    }
    /// Empties the buffer for the next sample, keeping its memory.
    pub fn clear(&mut self) {
        self.values.clear();
    }
}

/// A protocol's end-of-run headline figures, added to the summary beside the common ones.
#[derive(Debug, Default)]
pub struct Headline {
    values: Vec<(&'static str, Option<f64>)>,
}

impl Headline {
    /// Sets a headline figure; `None` when it is undefined (e.g. nothing to divide by).
    pub fn set(&mut self, metric: &'static str, value: Option<f64>) {
        self.values.push((metric, value));
    }
    /// The figures, in the order set.
    pub fn values(&self) -> &[(&'static str, Option<f64>)] {
        &self.values
    }
}
