//! The table of `sweep.csv`: its fixed columns, then the swept parameters, the error and the
//! metrics; shared by the runner that writes it and the summary and merge that read it.

use super::plan::{Plan, Run};
use std::collections::BTreeMap;

/// The fixed columns of `sweep.csv`, before the swept parameters and the metrics.
pub const FIXED_COLUMNS: [&str; 4] = ["run", "point", "replicate", "seed"];

/// The result of one run: its headline metrics (`network.metric` -> the cell `sweep.csv` holds),
/// or its error.
pub type Result1 = Result<BTreeMap<String, String>, String>;

/// A metric's cell: the shortest text that reads back as the same number; empty when the run has
/// no value for it.
pub fn cell(value: Option<f64>) -> String {
    value.map_or(String::new(), |v| v.to_string())
}

/// How many rows of the finished table at `path` record a failed run.
pub fn failed_rows(path: &std::path::Path) -> Result<u64, crate::scenario::InputError> {
    let bad = |e: csv::Error| crate::scenario::InputError::new(path.display().to_string(), e.to_string());
    let mut reader = csv::Reader::from_path(path).map_err(bad)?;
    let error = reader.headers().map_err(bad)?.iter().position(|h| h == "error");
    let Some(error) = error else { return Ok(0) };
    let mut failed = 0;
    for record in reader.records() {
        failed += u64::from(!record.map_err(bad)?[error].is_empty());
    }
    Ok(failed)
}

/// The header of `sweep.csv` for `plan`, with the metric columns of the first successful run.
pub fn header(plan: &Plan, metrics: &[String]) -> Vec<String> {
    let mut h: Vec<String> = FIXED_COLUMNS.iter().map(|c| c.to_string()).collect();
    h.extend(plan.params.iter().map(|p| p.key.clone()));
    h.push("error".into());
    h.extend(metrics.iter().cloned());
    h
}

/// The cells of a run's row under `header`.
pub fn row(plan: &Plan, run: &Run, result: &Result1, metrics: &[String]) -> Vec<String> {
    let mut r = vec![run.index.to_string(), run.point.to_string(), run.replicate.to_string(), run.seed.to_string()];
    r.extend(run.values.iter().cloned());
    debug_assert_eq!(r.len(), FIXED_COLUMNS.len() + plan.params.len());
    match result {
        Ok(values) => {
            r.push(String::new());
            r.extend(metrics.iter().map(|m| values.get(m).cloned().unwrap_or_default()));
        }
        Err(e) => {
            r.push(e.clone());
            r.extend(metrics.iter().map(|_| String::new()));
        }
    }
    r
}
