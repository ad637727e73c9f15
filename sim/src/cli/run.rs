//! `depinsim run`: load, run every network, write the output folder and the report, and print
//! the end-of-run table.

use super::table::print_table;
use super::{DEFAULT_SCENARIO, Failure};
use crate::estimate::{self, Estimate};
use crate::output;
use crate::run::run;
use crate::scenario::{InputError, LoadOptions, LoadedScenario, load, load_str};
use depinsim_core::SimDuration;
use depinsim_reports::RunInfo;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The default study: the file in the repository when run from it, else the copy built in.
fn load_default(options: &LoadOptions) -> Result<LoadedScenario, InputError> {
    let here = PathBuf::from(DEFAULT_SCENARIO);
    if here.is_file() {
        return load(&here, options);
    }
    load_str(Path::new("(built-in) scenarios/cloudflare-2025-11-18.toml"), crate::embedded::DEFAULT_SCENARIO, options)
}

/// The most worker threads `--jobs` may ask for: beyond the cores of any machine this runs on,
/// and short of what exhausts a process's thread limit.
pub const MAX_JOBS: usize = 1024;

/// A pool of `jobs` worker threads (default: one per core), or a refusal of a count out of range.
pub(super) fn worker_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, Failure> {
    if let Some(jobs) = jobs.filter(|j| *j == 0 || *j > MAX_JOBS) {
        let cores = default_threads();
        return Err(Failure::Input(
            InputError::new("--jobs", format!("`--jobs {jobs}` is out of range: between 1 and {MAX_JOBS}"))
                .help(format!("this machine has {cores} cores; leave --jobs out to use them all")),
        ));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| Failure::Io(format!("cannot start worker threads: {e}")))
}

/// The worker threads a run uses when `--jobs` is not given: one per core.
pub(super) fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The longest a run of `scenario` may be estimated to take before `run` asks: its
/// `max_run_time`, else an hour.
fn max_run_time(scenario: &LoadedScenario) -> SimDuration {
    scenario.max_run_time.unwrap_or(SimDuration::from_secs(estimate::DEFAULT_MAX_RUN_S))
}

/// What to say of a run estimated to take longer than its scenario allows, if it does.
/// `what` names the work with its verb ("a run is", "the 40 runs still to do in this shard are").
pub(super) fn long_run(what: &str, scenario: &LoadedScenario, estimate: &Estimate) -> Option<String> {
    let limit = max_run_time(scenario);
    (estimate.seconds() > limit.as_millis() as f64 / 1000.0).then(|| {
        format!(
            "`{}`: {what} estimated to take {}, more than its `max_run_time` ({limit})",
            scenario.name,
            estimate.describe(),
        )
    })
}

/// Whether a run estimated to take longer than its scenario allows may start: with `--yes`, or
/// when the person at the terminal says so; refused (bad input, exit 2) otherwise.
pub(super) fn confirm_long_run(
    path: &str,
    what: &str,
    scenario: &LoadedScenario,
    estimate: &Estimate,
    yes: bool,
) -> Result<(), Failure> {
    let Some(warning) = long_run(what, scenario, estimate) else { return Ok(()) };
    if yes {
        return Ok(());
    }
    let help = "pass --yes to start it, set `max_run_time` in the scenario to what you expect (e.g. \"6h\"), or lower what drives it";
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        eprint!("{warning}.\nStart it? [y/N] ");
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer).is_ok() && matches!(answer.trim(), "y" | "Y" | "yes") {
            return Ok(());
        }
    }
    Err(Failure::Input(InputError::new(path, warning).help(help)))
}

pub(super) fn run_command(
    scenario: Option<PathBuf>,
    out: Option<PathBuf>,
    options: LoadOptions,
    jobs: Option<usize>,
    yes: bool,
    quiet: bool,
) -> Result<(), Failure> {
    let (scenario, path) = match scenario {
        Some(path) => (load(&path, &options)?, path.display().to_string()),
        None => (load_default(&options)?, DEFAULT_SCENARIO.to_string()),
    };
    let pool = worker_pool(jobs)?;
    confirm_long_run(&path, "a run is", &scenario, &estimate::estimate(&scenario, pool.current_num_threads()), yes)?;
    let dir = out.unwrap_or_else(|| Path::new("out").join(&scenario.name));
    // One writer per folder, and a folder that always holds one complete run.
    let _lock = crate::folder::lock(&dir).map_err(|e| Failure::Input(InputError::new(dir.display().to_string(), e)))?;
    let started = Instant::now();
    let progress: Vec<AtomicU64> = scenario.networks.iter().map(|_| AtomicU64::new(0)).collect();
    let done = AtomicBool::new(false);
    let outputs = std::thread::scope(|s| {
        if !quiet && std::io::stderr().is_terminal() {
            s.spawn(|| show_progress(&scenario, &progress, &done));
        }
        let result = pool.install(|| run(&scenario, Some(&progress)));
        done.store(true, Ordering::Relaxed);
        result
    })?;
    let wall = started.elapsed().as_secs_f64();
    let summary = output::summary(&scenario, &outputs);
    let info = RunInfo {
        version: env!("DEPINSIM_BUILD").into(),
        wall_time_s: wall,
        events_per_s: summary.events as f64 / wall.max(1e-9),
        threads: pool.current_num_threads(),
        host: std::fs::read_to_string("/etc/hostname").ok().map(|h| h.trim().to_string()),
        started_unix_s: std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()),
    };
    let staged = crate::folder::staging(&dir)
        .map_err(|e| Failure::Io(format!("cannot create beside {}: {e}", dir.display())))?;
    output::write(&staged, &scenario, &outputs, &summary, &info)
        .map_err(|e| Failure::Io(format!("cannot write to {}: {e}", staged.display())))?;
    depinsim_reports::report::render_run(&output::report_data(&staged, &scenario, &outputs, &summary))
        .map_err(|e| Failure::Io(format!("cannot write the report: {e}")))?;
    crate::folder::publish(&staged, &dir)
        .map_err(|e| Failure::Io(format!("cannot put the run in place at {}: {e}", dir.display())))?;
    if !quiet {
        print_table(&summary);
        outln!(
            "\n{} nodes, {} events in {:.2} s ({:.0} events/s). Report: {}/report.html",
            summary.nodes,
            summary.events,
            wall,
            info.events_per_s,
            dir.display()
        );
    }
    Ok(())
}

/// A bar on stderr of `total` steps labelled `message`, followed by `detail` (an indicatif template).
pub(super) fn progress_bar(total: u64, detail: &str, message: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let template = format!("{{msg}} [{{bar:40}}] {detail}");
    bar.set_style(ProgressStyle::with_template(&template).expect("valid template").progress_chars("=> "));
    bar.set_message(message.to_string());
    bar
}

/// A progress bar on stderr, shown only once a run has lasted about a second.
fn show_progress(scenario: &LoadedScenario, progress: &[AtomicU64], done: &AtomicBool) {
    let started = Instant::now();
    let total = scenario.duration.as_millis() * progress.len() as u64;
    let mut bar: Option<ProgressBar> = None;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        if bar.is_none() && started.elapsed() >= Duration::from_secs(1) {
            bar = Some(progress_bar(total, "{percent:>3}% of simulated time, eta {eta}", &scenario.name));
        }
        if let Some(b) = &bar {
            b.set_position(progress.iter().map(|p| p.load(Ordering::Relaxed)).sum());
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
}
