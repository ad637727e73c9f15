//! Running a sweep: windows of runs in parallel, rows appended in run order, resumable.

use super::plan::{Plan, Run, Shard};
use super::stats;
use super::table::{self, FIXED_COLUMNS, Result1, row};
use crate::scenario::{InputError, LoadOptions, load_str};
use crate::{output, run};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How and where to run a sweep.
#[derive(Clone, Debug)]
pub struct SweepOptions {
    /// The output folder.
    pub out: PathBuf,
    /// The slice of runs this machine takes.
    pub shard: Shard,
    /// How to load each run's scenario (profiles, protocols); its overrides are the plan's.
    pub load: LoadOptions,
    /// Runs kept in flight at once: results are written in order after each window, so memory
    /// is bounded by the window, not by the number of runs.
    pub window: usize,
}

/// `sweep.json`: the plan and the shard, so that a resumed or merged sweep is the same sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The plan.
    pub plan: Plan,
    /// This folder's shard.
    pub shard: Shard,
}

/// What a sweep did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Runs in this shard.
    pub runs: u64,
    /// Runs found already done (resumed).
    pub skipped: u64,
    /// Runs that failed (recorded with their error).
    pub failed: u64,
}

fn run_one(path: &Path, text: &str, plan: &Plan, run: &Run, load: &LoadOptions) -> Result1 {
    let options = LoadOptions { overrides: plan.overrides(run), ..load.clone() };
    let first_line = |e: InputError| e.to_string().lines().next().unwrap_or_default().to_string();
    let scenario = load_str(path, text, &options).map_err(first_line)?;
    let outputs = run::run(&scenario, None).map_err(first_line)?;
    let summary = output::summary(&scenario, &outputs);
    Ok(summary
        .networks
        .into_iter()
        .flat_map(|(net, s)| s.metrics.into_iter().map(move |(m, v)| (format!("{net}.{m}"), v)))
        .collect())
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> InputError + '_ {
    move |e| InputError::new(path.display().to_string(), e.to_string())
}

/// Rows already complete in a partial `sweep.csv`: (header, number of rows). A line cut short by
/// an interruption is dropped.
fn resume_point(partial: &Path) -> Result<Option<(Vec<String>, u64)>, InputError> {
    let Ok(text) = std::fs::read_to_string(partial) else {
        return Ok(None);
    };
    let complete = &text[..text.rfind('\n').map_or(0, |i| i + 1)];
    std::fs::write(partial, complete).map_err(io(partial))?;
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(complete.as_bytes());
    let Ok(header) = reader.headers().map(|h| h.iter().map(str::to_string).collect::<Vec<_>>()) else {
        return Ok(None);
    };
    if header.is_empty() {
        return Ok(None);
    }
    Ok(Some((header, reader.records().filter(|r| r.is_ok()).count() as u64)))
}

/// Runs `plan`'s share of runs for `options.shard` on the scenario at `path`, in the current rayon
/// pool, writing into `options.out`; `done` counts finished runs, for a progress bar.
pub fn execute(path: &Path, plan: &Plan, options: &SweepOptions, done: &AtomicU64) -> Result<Outcome, InputError> {
    plan.check().map_err(|e| InputError::new(path.display().to_string(), e))?;
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    let out = &options.out;
    std::fs::create_dir_all(out).map_err(io(out))?;
    let manifest = Manifest { plan: plan.clone(), shard: options.shard };
    let manifest_path = out.join("sweep.json");
    match std::fs::read_to_string(&manifest_path) {
        Ok(existing) => {
            let existing: Manifest = serde_json::from_str(&existing).map_err(|e| {
                InputError::new(manifest_path.display().to_string(), format!("not a sweep manifest: {e}"))
            })?;
            if existing != manifest {
                return Err(InputError::new(
                    out.display().to_string(),
                    "this folder holds a different sweep (other parameters, seeds or shard)",
                )
                .help("use another --out, or delete the folder to start over"));
            }
        }
        Err(_) => depinsim_reports::write_json(&manifest_path, &manifest).map_err(io(&manifest_path))?,
    }
    let (final_csv, partial) = (out.join("sweep.csv"), out.join("sweep.csv.partial"));
    let runs: Vec<u64> = plan.shard_runs(options.shard).collect();
    let mut outcome = Outcome { runs: runs.len() as u64, ..Default::default() };
    if final_csv.exists() {
        outcome.skipped = outcome.runs;
        done.fetch_add(outcome.runs, Ordering::Relaxed);
        stats::summarize(out)?;
        return Ok(outcome);
    }
    let (mut header, already) = match resume_point(&partial)? {
        Some((h, n)) => (Some(h), n),
        None => (None, 0),
    };
    outcome.skipped = already;
    done.fetch_add(already, Ordering::Relaxed);
    let param_columns = FIXED_COLUMNS.len() + plan.params.len() + 1;
    let mut metrics: Vec<String> = header.as_ref().map(|h| h[param_columns..].to_vec()).unwrap_or_default();
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&partial).map_err(io(&partial))?;
    let fail = |e: &dyn std::fmt::Display| InputError::new(partial.display().to_string(), e.to_string());
    let mut pending_failures: Vec<(Run, Result1)> = Vec::new();
    for window in runs[already as usize..].chunks(options.window.max(1)) {
        let results: Vec<(Run, Result1)> = window
            .par_iter()
            .map(|&index| {
                let run = plan.run(index);
                let result = run_one(path, &text, plan, &run, &options.load);
                done.fetch_add(1, Ordering::Relaxed);
                (run, result)
            })
            .collect();
        let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        for (run, result) in results {
            outcome.failed += u64::from(result.is_err());
            if header.is_none() {
                // The metric columns come from the first successful run; failures before it wait.
                match &result {
                    Ok(values) => {
                        metrics = values.keys().cloned().collect();
                        let h = table::header(plan, &metrics);
                        writer.write_record(&h).map_err(|e| fail(&e))?;
                        header = Some(h);
                        for (r, res) in pending_failures.drain(..) {
                            writer.write_record(row(plan, &r, &res, &metrics)).map_err(|e| fail(&e))?;
                        }
                    }
                    Err(_) => {
                        pending_failures.push((run, result));
                        continue;
                    }
                }
            }
            writer.write_record(row(plan, &run, &result, &metrics)).map_err(|e| fail(&e))?;
        }
        let bytes = writer.into_inner().map_err(|e| fail(&e))?;
        file.write_all(&bytes).map_err(io(&partial))?;
        file.flush().map_err(io(&partial))?;
    }
    if header.is_none() {
        // Every run failed: the rows still say why.
        let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        writer.write_record(table::header(plan, &[])).map_err(|e| fail(&e))?;
        for (r, res) in pending_failures.drain(..) {
            writer.write_record(row(plan, &r, &res, &[])).map_err(|e| fail(&e))?;
        }
        file.write_all(&writer.into_inner().map_err(|e| fail(&e))?).map_err(io(&partial))?;
    }
    file.sync_all().map_err(io(&partial))?;
    drop(file);
    std::fs::rename(&partial, &final_csv).map_err(io(&final_csv))?;
    stats::summarize(out)?;
    Ok(outcome)
}
