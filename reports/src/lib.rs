//! # depinsim-reports
//!
//! Turns a run's data into files: `summary.json`, `timeseries.csv`, `nodes.csv`, `run.json`, and
//! from those, charts (SVG and PNG, plotters) and a self-contained `report.html`; and puts two
//! runs side by side. It renders data and never simulates, so it re-renders from a run's folder.
//!
//! Every file is written under a temporary name in the same folder and renamed into place, so an
//! interrupted run never leaves a truncated file that looks complete.

pub mod baseline;
pub mod catalogue;
pub mod chart;
pub mod compare;
pub mod data;
pub mod format;
pub mod html;
pub mod outage;
pub mod provenance;
pub mod report;
pub mod run;
pub mod sweep;
pub mod write;

pub use compare::{Comparison, compare};
pub use data::{
    FlappingSummary, MetricInfo, NetworkSummary, NodeRow, OutageSummary, Provenance, RunInfo, SeriesRow, Summary,
    UnitInfo,
};
pub use report::render;
pub use run::{ReportError, Run};
pub use write::{AtomicFile, write_json, write_nodes, write_timeseries};
