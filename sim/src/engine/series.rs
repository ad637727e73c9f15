//! A network's time series, kept compactly until written out.

use depinsim_core::SimTime;

/// Samples of named metrics: `(time, metric index, value)` rows in sampling order.
#[derive(Clone, Debug, Default)]
pub struct Series {
    /// Metric names, in order of first appearance.
    pub names: Vec<&'static str>,
    /// Rows.
    pub rows: Vec<(SimTime, u16, f64)>,
}

impl Series {
    /// Appends a sample.
    pub fn record(&mut self, time: SimTime, metric: &'static str, value: f64) {
        let index = match self.names.iter().position(|n| *n == metric) {
            Some(i) => i,
            None => {
                self.names.push(metric);
                self.names.len() - 1
            }
        };
        self.rows.push((time, index as u16, value));
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
