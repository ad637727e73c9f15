//! Running a sweep: runs in parallel, each finished run appended to a journal at once, and
//! `sweep.csv` written in run order from the journal at the end; resumable, under a lock, and
//! refusing to mix runs made from different inputs.

use super::journal::{self, Journal};
use super::plan::{Plan, Run, Shard};
use super::stats;
use super::table::{self, Result1};
use crate::scenario::{InputError, LoadOptions, LoadedScenario, load_str};
use crate::{output, run};
use depinsim_reports::Provenance;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
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
    /// Resume even though the folder's runs were made from other inputs (the manifest then
    /// records both).
    pub force: bool,
}

/// `sweep.json`: the plan, the shard and what the runs are made from, so that a resumed or
/// merged sweep is the same sweep of the same model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The plan.
    pub plan: Plan,
    /// This folder's shard.
    pub shard: Shard,
    /// The scenario (resolved with the plan's fixed overrides), the profiles and the build the
    /// runs were made from. Absent in folders written before it was recorded.
    #[serde(default)]
    pub provenance: Option<Provenance>,
    /// Other inputs some of the folder's runs were made from, accepted knowingly with `--force`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forced: Vec<Provenance>,
}

/// What a sweep did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Runs in this shard.
    pub runs: u64,
    /// Runs found already done (resumed).
    pub skipped: u64,
    /// Runs of this shard that failed (recorded with their error), resumed ones included.
    pub failed: u64,
}

/// What a folder whose sweep.json records no provenance (from an older depinsim) differs in.
pub const UNRECORDED: &str = "the inputs of its runs (its sweep.json, from an older depinsim, does not record them)";

/// The differences as the list a refusal shows, one per line.
pub fn listed(diffs: &[String]) -> String {
    diffs.iter().map(|d| format!("\n  - {d}")).collect()
}

/// The inputs in which two provenances differ, in words; the scenario's path is not one (a
/// cluster's tasks may name one file by different paths), its resolved content is.
pub fn differences(was: &Provenance, now: &Provenance) -> Vec<String> {
    let mut out = Vec::new();
    if was.scenario_sha256 != now.scenario_sha256 {
        out.push(format!(
            "the scenario's content (sha256 {} then, {} now: the file was edited)",
            short(&was.scenario_sha256),
            short(&now.scenario_sha256)
        ));
    }
    files_differ("hardware profile", &was.profiles, &now.profiles, &mut out);
    files_differ("outage file", &was.outages, &now.outages, &mut out);
    if was.version != now.version {
        out.push(format!("the depinsim build ({} then, {} now)", was.version, now.version));
    }
    out
}

/// Each file (`what` by name -> SHA-256) present or hashed differently then and now.
fn files_differ(
    what: &str,
    was: &std::collections::BTreeMap<String, String>,
    now: &std::collections::BTreeMap<String, String>,
    out: &mut Vec<String>,
) {
    let names: std::collections::BTreeSet<&String> = was.keys().chain(now.keys()).collect();
    for name in names {
        let (a, b) = (was.get(name), now.get(name));
        if a != b {
            let show = |h: Option<&String>| h.map_or("absent".to_string(), |h| short(h).to_string());
            out.push(format!("{what} `{name}` ({} then, {} now)", show(a), show(b)));
        }
    }
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
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
        .flat_map(|(net, s)| s.metrics.into_iter().map(move |(m, v)| (format!("{net}.{m}"), table::cell(v))))
        .collect())
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> InputError + '_ {
    move |e| InputError::new(path.display().to_string(), e.to_string())
}

/// Reads the folder's manifest and checks that it is this sweep made from these inputs; writes it
/// when the folder is new. With `force`, a difference in inputs is recorded rather than refused.
fn check_manifest(out: &Path, manifest: &mut Manifest, force: bool) -> Result<(), InputError> {
    let path = out.join("sweep.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return depinsim_reports::write_json(&path, manifest).map_err(io(&path));
    };
    let existing: Manifest = serde_json::from_str(&text)
        .map_err(|e| InputError::new(path.display().to_string(), format!("not a sweep manifest: {e}")))?;
    if existing.plan != manifest.plan || existing.shard != manifest.shard {
        return Err(InputError::new(
            out.display().to_string(),
            "this folder holds a different sweep (other parameters, seeds or shard)",
        )
        .help("use another --out, or delete the folder to start over"));
    }
    let now = manifest.provenance.clone().unwrap_or_default();
    let diffs = match &existing.provenance {
        Some(was) => differences(was, &now),
        None => vec![UNRECORDED.into()],
    };
    manifest.forced = existing.forced.clone();
    if diffs.is_empty() {
        return Ok(());
    }
    if !force {
        return Err(InputError::new(
            out.display().to_string(),
            format!("this folder's runs were made from other inputs than this sweep's; they differ in:{}", listed(&diffs)),
        )
        .help("resuming would mix two models in one table: use another --out, or pass --force to go on knowingly (sweep.json then records both)"));
    }
    manifest.forced.extend(existing.provenance);
    depinsim_reports::write_json(&path, manifest).map_err(io(&path))
}

/// Runs `plan`'s share of runs for `options.shard` of `scenario` (loaded with the plan's fixed
/// overrides, which its provenance records) in the current rayon pool, writing into
/// `options.out`; `done` counts finished runs, for a progress bar.
pub fn execute(
    scenario: &LoadedScenario,
    plan: &Plan,
    options: &SweepOptions,
    done: &AtomicU64,
) -> Result<Outcome, InputError> {
    let (path, text) = (&scenario.source.path, &scenario.source.written);
    plan.check().map_err(|e| InputError::new(path.display().to_string(), e))?;
    let out = &options.out;
    // One writer per folder: a second sweep into it is refused, a dead one's lock taken over.
    let _lock = crate::folder::lock(out).map_err(|e| InputError::new(out.display().to_string(), e))?;
    std::fs::create_dir_all(out).map_err(io(out))?;
    let mut manifest = Manifest {
        plan: plan.clone(),
        shard: options.shard,
        provenance: Some(output::provenance(scenario)),
        forced: vec![],
    };
    check_manifest(out, &mut manifest, options.force)?;
    let final_csv = out.join("sweep.csv");
    let runs: Vec<u64> = plan.shard_runs(options.shard).collect();
    let mut outcome = Outcome { runs: runs.len() as u64, ..Default::default() };
    if final_csv.exists() {
        outcome.skipped = outcome.runs;
        outcome.failed = table::failed_rows(&final_csv)?;
        done.fetch_add(outcome.runs, Ordering::Relaxed);
        stats::summarize(out)?;
        return Ok(outcome);
    }
    let journal = Journal::open(&out.join(journal::FILE))?;
    let resumed = journal.done();
    outcome.skipped = resumed.len() as u64;
    done.fetch_add(outcome.skipped, Ordering::Relaxed);
    let todo: Vec<u64> = runs.iter().copied().filter(|r| !resumed.contains(r)).collect();
    todo.par_iter().try_for_each(|&index| {
        let run = plan.run(index);
        let result = run_one(path, text, plan, &run, &options.load);
        journal.append(index, &result)?;
        done.fetch_add(1, Ordering::Relaxed);
        Ok::<_, InputError>(())
    })?;
    outcome.failed = journal.write_table(plan, &final_csv)?;
    stats::summarize(out)?;
    Ok(outcome)
}
