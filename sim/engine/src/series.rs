//! A network's time series, kept compactly until written out.

use depinsim_core::SimTime;

/// Samples of named metrics: `(time, metric index, value)` rows in sampling order.
#[derive(Clone, Debug, Default)]
pub struct Series {
    /// Metric names, in order of first appearance.
    pub names: Vec<String>,
    /// Rows.
    pub rows: Vec<(SimTime, u16, f64)>,
}

impl Series {
    /// The index of `metric`, added if new.
    pub fn index(&mut self, metric: &str) -> u16 {
        match self.names.iter().position(|n| n == metric) {
            Some(i) => i as u16,
            None => {
                self.names.push(metric.to_string());
                self.names.len() as u16 - 1
            }
        }
    }

    /// Appends a sample.
    pub fn record(&mut self, time: SimTime, metric: &str, value: f64) {
        let index = self.index(metric);
        self.rows.push((time, index, value));
    }

    /// Appends a sample of the metric at `index`.
    pub fn record_at(&mut self, time: SimTime, index: u16, value: f64) {
        self.rows.push((time, index, value));
    }

    /// The samples of one metric, as (seconds, value).
    pub fn metric(&self, metric: &str) -> Vec<(f64, f64)> {
        let Some(index) = self.names.iter().position(|n| *n == metric) else {
            return Vec::new();
        };
        self.rows.iter().filter(|r| r.1 as usize == index).map(|r| (r.0.as_secs_f64(), r.2)).collect()
    }

    /// The last value of one metric.
    pub fn last(&self, metric: &str) -> Option<f64> {
        let index = self.names.iter().position(|n| *n == metric)?;
        self.rows.iter().rev().find(|r| r.1 as usize == index).map(|r| r.2)
    }
}
