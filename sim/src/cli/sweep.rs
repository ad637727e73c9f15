//! `depinsim sweep`: plan the grid from `--set` lists or the scenario's `[sweep]` table, then run
//! this machine's shard of it.

use super::Failure;
use super::run::progress_bar;
use crate::scenario::overrides::Override;
use crate::scenario::{InputError, LoadOptions, load};
use crate::sweep::{Plan, Shard, SweepOptions};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

#[allow(clippy::too_many_arguments)]
pub(super) fn sweep(
    path: &Path,
    set: &[Override],
    seeds: Option<u32>,
    jobs: Option<usize>,
    shard: Shard,
    out: Option<PathBuf>,
    options: LoadOptions,
    force: bool,
    yes: bool,
    quiet: bool,
) -> Result<Option<i32>, Failure> {
    // Check the scenario as written (with fixed overrides) before any run.
    let (mut params, fixed) = crate::sweep::plan::from_overrides(set);
    let fixed_overrides: Vec<Override> =
        fixed.iter().map(|(k, v)| Override { key: k.clone(), value: v.clone() }).collect();
    let scenario = load(path, &LoadOptions { overrides: fixed_overrides, ..options.clone() })?;
    let mut mode = crate::sweep::Mode::Cartesian;
    let mut table_seeds = None;
    if params.is_empty() {
        if let Some(table) = &scenario.sweep {
            let (p, m, s) = crate::sweep::plan::from_table(&path.display().to_string(), table)?;
            (params, mode, table_seeds) = (p, m, s);
        }
    }
    let plan = Plan {
        scenario: scenario.name.clone(),
        params,
        mode,
        seeds: seeds.or(table_seeds).unwrap_or(1),
        base_seed: scenario.seed,
        fixed,
    };
    plan.check().map_err(|e| Failure::Input(InputError::new(path.display().to_string(), e)))?;
    let out = out.unwrap_or_else(|| {
        let suffix = if shard.count > 1 { format!("-shard-{}-of-{}", shard.index, shard.count) } else { String::new() };
        Path::new("out").join(format!("{}-sweep{suffix}", scenario.name))
    });
    let pool = super::run::worker_pool(jobs)?;
    let options = SweepOptions { out: out.clone(), shard, load: options, force };
    let total = plan.shard_runs(shard).count() as u64;
    confirm_sweep(path, &scenario, &plan, shard, &out, pool.current_num_threads(), yes, quiet)?;
    let done = AtomicU64::new(0);
    let finished = AtomicBool::new(false);
    let outcome = std::thread::scope(|s| {
        if !quiet && std::io::stderr().is_terminal() {
            s.spawn(|| {
                let bar = progress_bar(total, "{pos}/{len} runs, {elapsed} elapsed, eta {eta}", &plan.scenario);
                while !finished.load(Ordering::Relaxed) {
                    bar.set_position(done.load(Ordering::Relaxed));
                    std::thread::sleep(Duration::from_millis(200));
                }
                bar.finish_and_clear();
            });
        }
        let r = pool.install(|| crate::sweep::execute(&scenario, &plan, &options, &done));
        finished.store(true, Ordering::Relaxed);
        r
    })?;
    if !quiet {
        outln!(
            "{} points x {} seeds: {} runs in this shard ({} resumed, {} failed). Results in {}/ (sweep.csv, sweep-summary.csv, sweep.html)",
            plan.points(),
            plan.seeds,
            outcome.runs,
            outcome.skipped,
            outcome.failed,
            out.display()
        );
    }
    // A sweep in which some runs failed is not a success: a cluster's task must say so.
    Ok((outcome.failed > 0).then_some(super::SOME_RUNS_FAILED))
}

/// Asks before a sweep whose runs still to do are estimated to take longer than the scenario's
/// `max_run_time` (see [`super::run::confirm_long_run`]). Each run is on one thread and the runs
/// spread over the pool, so the sweep takes about its runs' estimate times the rounds of
/// `threads` runs it needs. The scenario as written stands for every point: a swept count or
/// duration may make some points longer.
#[allow(clippy::too_many_arguments)]
fn confirm_sweep(
    path: &Path,
    scenario: &crate::scenario::LoadedScenario,
    plan: &Plan,
    shard: Shard,
    out: &Path,
    threads: usize,
    yes: bool,
    quiet: bool,
) -> Result<(), Failure> {
    let done = if out.join("sweep.csv").exists() {
        plan.shard_runs(shard).collect()
    } else {
        crate::sweep::journal::done_runs(&out.join(crate::sweep::journal::FILE))
    };
    let todo = plan.shard_runs(shard).filter(|r| !done.contains(r)).count();
    if todo == 0 {
        return Ok(());
    }
    let rounds = (todo as f64 / threads.max(1) as f64).ceil();
    let mut estimate = crate::estimate::estimate(scenario, 1);
    for n in &mut estimate.networks {
        n.seconds *= rounds;
    }
    let what = format!("the {todo} runs still to do in this shard are");
    super::run::confirm_long_run(&path.display().to_string(), &what, scenario, &estimate, yes)?;
    if !quiet {
        eprintln!("{todo} runs to do, estimated {}", estimate.describe());
    }
    Ok(())
}
