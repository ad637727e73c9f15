//! Parameter sweeps and Monte Carlo: many runs of one scenario over a grid of parameter values
//! and seeds, in parallel, streamed to disk in a deterministic order, resumable, and splittable
//! into shards that merge into exactly what one machine would have written.
//!
//! A sweep folder holds `sweep.json` (the plan and what its runs are made from), `sweep.csv` (one
//! row per run; while running, each finished run is a line of `sweep.journal.jsonl`),
//! `sweep-summary.csv` (one row per point), `charts/` and `sweep.html`.

pub mod exec;
pub mod journal;
pub mod merge;
pub mod plan;
pub mod stats;
pub mod table;

pub use exec::{SweepOptions, execute};
pub use merge::merge;
pub use plan::{Mode, Param, Plan, Shard};
