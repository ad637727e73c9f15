//! A run's output folder read back: enough to re-render its charts and report without running
//! the simulation again.

use crate::data::Summary;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The marker a complete run folder holds, written last when the run is swapped into place:
/// a folder without it is an interrupted run (or one from before markers) and is not read.
pub const COMPLETE: &str = ".complete";

/// Why a folder could not be read or a report written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A file is not what a depinsim run writes.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A chart could not be drawn.
    #[error("chart {name}: {message}")]
    Chart {
        /// The chart.
        name: String,
        /// What went wrong.
        message: String,
    },
}

impl ReportError {
    pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ReportError + '_ {
        move |source| ReportError::Io { path: path.to_path_buf(), source }
    }
    pub(crate) fn format(path: &Path, message: impl ToString) -> ReportError {
        ReportError::Format { path: path.to_path_buf(), message: message.to_string() }
    }
}

/// One metric of one network over time: (seconds since the start, value).
pub type Points = Vec<(f64, f64)>;

/// A run's data.
#[derive(Clone, Debug)]
pub struct Run {
    /// The folder it was read from.
    pub dir: PathBuf,
    /// `summary.json`.
    pub summary: Summary,
    /// `timeseries.csv`, by (network, metric).
    pub series: BTreeMap<(String, String), Points>,
    /// Rewards per operator, by network (from `nodes.csv`).
    pub operator_rewards: BTreeMap<String, Vec<f64>>,
}

#[derive(serde::Deserialize)]
struct SeriesRecord {
    time_s: f64,
    network: String,
    metric: String,
    value: f64,
}

#[derive(serde::Deserialize)]
struct NodeRecord {
    network: String,
    operator: u32,
    rewards_usd: f64,
}

impl Run {
    /// Reads the run in `dir`.
    pub fn load(dir: &Path) -> Result<Run, ReportError> {
        let marker = dir.join(COMPLETE);
        if !marker.is_file() {
            return Err(ReportError::format(
                dir,
                format!("no `{COMPLETE}` marker: not a complete run folder (an interrupted or older run)"),
            ));
        }
        let path = dir.join("summary.json");
        let text = std::fs::read_to_string(&path).map_err(ReportError::io(&path))?;
        let summary: Summary = serde_json::from_str(&text)
            .map_err(|e| ReportError::format(&path, format!("not a depinsim summary ({e})")))?;
        let mut series: BTreeMap<(String, String), Points> = BTreeMap::new();
        let path = dir.join("timeseries.csv");
        let mut reader = csv::Reader::from_path(&path).map_err(|e| ReportError::format(&path, e))?;
        for row in reader.deserialize::<SeriesRecord>() {
            let r = row.map_err(|e| ReportError::format(&path, e))?;
            series.entry((r.network, r.metric)).or_default().push((r.time_s, r.value));
        }
        let mut operators: BTreeMap<String, BTreeMap<u32, f64>> = BTreeMap::new();
        let path = dir.join("nodes.csv");
        let mut reader = csv::Reader::from_path(&path).map_err(|e| ReportError::format(&path, e))?;
        for row in reader.deserialize::<NodeRecord>() {
            let r = row.map_err(|e| ReportError::format(&path, e))?;
            *operators.entry(r.network).or_default().entry(r.operator).or_default() += r.rewards_usd;
        }
        let operator_rewards = operators.into_iter().map(|(n, ops)| (n, ops.into_values().collect())).collect();
        Ok(Run { dir: dir.to_path_buf(), summary, series, operator_rewards })
    }

    /// The samples of `metric` in `network` (empty if absent).
    pub fn points(&self, network: &str, metric: &str) -> &[(f64, f64)] {
        self.series.get(&(network.to_string(), metric.to_string())).map_or(&[], |p| p.as_slice())
    }

    /// The metrics of `network` whose names start with `prefix`, in name order.
    pub fn metrics_with_prefix<'a>(&'a self, network: &'a str, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.series.keys().filter(move |(n, m)| n == network && m.starts_with(prefix)).map(|(_, m)| m.as_str())
    }
}
