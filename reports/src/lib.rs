//! # depinsim-reports
//!
//! Turns a run's data into files: `summary.json`, `timeseries.csv`, `nodes.csv`, `run.json`.
//! It renders data and never simulates, so it can re-render from a run's output folder.
//!
//! Every file is written under a temporary name in the same folder and renamed into place, so an
//! interrupted run never leaves a truncated file that looks complete.

pub mod data;
pub mod write;

pub use data::{NetworkSummary, NodeRow, OutageSummary, RunInfo, SeriesRow, Summary};
pub use write::{AtomicFile, write_json, write_nodes, write_timeseries};
