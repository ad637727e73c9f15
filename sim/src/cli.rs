//! Commands, arguments, progress and the end-of-run table.

use clap::{Parser, Subcommand};
use depinsim::output;
use depinsim::registry::PROTOCOLS;
use depinsim::run::run;
use depinsim::scenario::overrides::Override;
use depinsim::scenario::profiles::{find_profile_dir, load_profiles};
use depinsim::scenario::{InputError, LoadOptions, Scenario, load, load_str};
use depinsim::sweep::{Plan, Shard, SweepOptions};
use depinsim_reports::baseline::{Baseline, Status};
use depinsim_reports::{ReportError, Run, RunInfo, Summary};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The study run when `depinsim run` is given no scenario.
const DEFAULT_SCENARIO: &str = "scenarios/cloudflare-2025-11-18.toml";

/// depinsim: what decentralized physical infrastructure networks deliver when the world breaks.
///
/// Simulates DePIN networks and the centralized services they compete with over a world of
/// regions, providers, sites and shared services, injects outages modelled on real events, and
/// reports availability, recovery, data lost, costs and rewards. A scenario and a seed reproduce
/// a run byte for byte.
#[derive(Parser)]
#[command(name = "depinsim", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario and write its results to an output folder.
    Run {
        /// Scenario file (TOML). Default: the Cloudflare 18 Nov 2025 study.
        scenario: Option<PathBuf>,
        /// Base seed of every random stream (overrides the scenario's `seed`).
        #[arg(long)]
        seed: Option<u64>,
        /// Output folder. Default: out/<scenario name>/.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Override a scenario value, e.g. --set networks.content.nodes.home-storage.count=100000.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<Override>,
        /// Hardware profile folder. Default: hardware-profiles/ beside or above the scenario.
        #[arg(long)]
        profiles: Option<PathBuf>,
        /// Worker threads for running networks in parallel (results do not depend on it).
        #[arg(long)]
        jobs: Option<usize>,
        /// No progress bar and no summary table.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check a scenario (syntax, names, times, shares, protocol parameters) without running it.
    Validate {
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// Override a scenario value before checking.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<Override>,
        /// Hardware profile folder.
        #[arg(long)]
        profiles: Option<PathBuf>,
    },
    /// Run a scenario over a grid of parameter values and seeds, in parallel.
    ///
    /// Values come from `--set KEY=V1,V2,...` (several `--set` give every combination) or from
    /// the scenario's [sweep] table. Writes sweep.csv (one row per run, with its seed),
    /// sweep-summary.csv (mean, sd, p5/p50/p95 per point), charts and sweep.html. Re-running into
    /// the same folder resumes; --shard K/N runs a slice for `depinsim merge`.
    Sweep {
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// Sweep KEY over comma-separated values, or fix it to one value.
        #[arg(long = "set", value_name = "KEY=V1,V2,...")]
        set: Vec<Override>,
        /// Seeds (replicates) per point. Default: the [sweep] table's, else 1.
        #[arg(long)]
        seeds: Option<u32>,
        /// Worker threads. Results do not depend on it.
        #[arg(long)]
        jobs: Option<usize>,
        /// Run only slice K of N (1-based), for clusters; combine with `depinsim merge`.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
        /// Output folder. Default: out/<scenario name>-sweep/ (with -shard-K-of-N).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Hardware profile folder.
        #[arg(long)]
        profiles: Option<PathBuf>,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Combine shard folders of one sweep into the files one machine would have written.
    Merge {
        /// Shard folders (all of 1/N .. N/N).
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a baseline file from a run: its headline metrics, each with a direction and tolerance.
    Baseline {
        /// A run's output folder.
        dir: PathBuf,
        /// The baseline file to write (TOML), e.g. scenarios/baselines/<scenario>.toml.
        #[arg(long)]
        out: PathBuf,
    },
    /// Compare a run with a baseline; exit 1 if a metric got worse by more than its tolerance.
    Check {
        /// A run's output folder.
        dir: PathBuf,
        /// The baseline file (TOML).
        #[arg(long)]
        baseline: PathBuf,
    },
    /// Re-render the charts and report.html of a run's output folder, without simulating again.
    Report {
        /// A run's output folder (with summary.json, timeseries.csv, nodes.csv).
        dir: PathBuf,
    },
    /// Put two runs side by side: metrics with differences, overlaid series, an HTML page.
    Compare {
        /// The first run's output folder (A, drawn solid).
        dir_a: PathBuf,
        /// The second run's output folder (B, drawn dashed).
        dir_b: PathBuf,
        /// Where to write compare.html, compare.csv and charts. Default: out/compare-<A>-vs-<B>/.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List scenarios, hardware profiles and protocols.
    List {
        /// Scenario folder.
        #[arg(long, default_value = "scenarios")]
        scenarios: PathBuf,
        /// Hardware profile folder.
        #[arg(long, default_value = "hardware-profiles")]
        profiles: PathBuf,
    },
}

/// Runs the command line; returns the process exit code (0 ok, 1 failure, 2 bad input).
pub fn main() -> i32 {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run { scenario, seed, out, mut set, profiles, jobs, quiet } => {
            if let Some(seed) = seed {
                set.push(Override { key: "seed".into(), value: seed.to_string() });
            }
            run_command(scenario, out, LoadOptions { overrides: set, profiles_dir: profiles }, jobs, quiet)
                .map(|()| None)
        }
        Command::Validate { scenario, set, profiles } => {
            validate(&scenario, &LoadOptions { overrides: set, profiles_dir: profiles }).map(|()| None)
        }
        Command::Sweep { scenario, set, seeds, jobs, shard, out, profiles, quiet } => {
            sweep(&scenario, &set, seeds, jobs, shard.unwrap_or_default(), out, profiles, quiet).map(|()| None)
        }
        Command::Merge { dirs, out } => depinsim::sweep::merge(&dirs, &out).map_err(Failure::Input).map(|()| {
            println!("{}", out.join("sweep.csv").display());
            None
        }),
        Command::Baseline { dir, out } => baseline(&dir, &out).map(|()| None),
        // The one command whose success can still exit non-zero: a regression is exit 1.
        Command::Check { dir, baseline } => {
            check(&dir, &baseline).map(|regressed| if regressed { Some(1) } else { None })
        }
        Command::Report { dir } => report(&dir).map(|()| None),
        Command::Compare { dir_a, dir_b, out } => compare(&dir_a, &dir_b, out).map(|()| None),
        Command::List { scenarios, profiles } => list(&scenarios, &profiles).map(|()| None),
    };
    match result {
        Ok(code) => code.unwrap_or(0),
        Err(Failure::Input(e)) => {
            eprint!("{e}");
            2
        }
        Err(Failure::Io(msg)) => {
            eprintln!("error: {msg}");
            1
        }
    }
}

enum Failure {
    Input(InputError),
    Io(String),
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::Input(e)
    }
}

/// The default study: the file in the repository when run from it, else the copy built in.
fn load_default(options: &LoadOptions) -> Result<Scenario, InputError> {
    let here = PathBuf::from(DEFAULT_SCENARIO);
    if here.is_file() {
        return load(&here, options);
    }
    load_str(
        Path::new("(built-in) scenarios/cloudflare-2025-11-18.toml"),
        depinsim::embedded::DEFAULT_SCENARIO,
        options,
    )
}

fn run_command(
    scenario: Option<PathBuf>,
    out: Option<PathBuf>,
    options: LoadOptions,
    jobs: Option<usize>,
    quiet: bool,
) -> Result<(), Failure> {
    let scenario = match scenario {
        Some(path) => load(&path, &options)?,
        None => load_default(&options)?,
    };
    let dir = out.unwrap_or_else(|| Path::new("out").join(&scenario.name));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| Failure::Io(format!("cannot start worker threads: {e}")))?;
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
        version: env!("CARGO_PKG_VERSION").into(),
        wall_time_s: wall,
        events_per_s: summary.events as f64 / wall.max(1e-9),
        threads: pool.current_num_threads(),
        host: std::fs::read_to_string("/etc/hostname").ok().map(|h| h.trim().to_string()),
        started_unix_s: std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()),
    };
    output::write(&dir, &scenario, &outputs, &summary, &info)
        .map_err(|e| Failure::Io(format!("cannot write to {}: {e}", dir.display())))?;
    depinsim_reports::report::render_run(&output::report_data(&dir, &scenario, &outputs, &summary))
        .map_err(|e| Failure::Io(format!("cannot write the report: {e}")))?;
    if !quiet {
        print_table(&summary);
        println!(
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
fn progress_bar(total: u64, detail: &str, message: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let template = format!("{{msg}} [{{bar:40}}] {detail}");
    bar.set_style(ProgressStyle::with_template(&template).expect("valid template").progress_chars("=> "));
    bar.set_message(message.to_string());
    bar
}

/// A progress bar on stderr, shown only once a run has lasted about a second.
fn show_progress(scenario: &Scenario, progress: &[AtomicU64], done: &AtomicBool) {
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

fn fmt_metric(value: Option<&Option<f64>>, kind: &str) -> String {
    match (value, kind) {
        (None, _) => "-".into(),
        (Some(None), "duration") => "never".into(),
        (Some(None), _) => "-".into(),
        (Some(Some(v)), "percent") => format!("{:.2}%", v * 100.0),
        (Some(Some(v)), "duration") => depinsim_core::SimDuration::from_millis_f64(v * 1000.0).to_string(),
        (Some(Some(v)), "usd") => format!("${v:.0}"),
        (Some(Some(v)), "bytes") => format!("{:.1} GB", v / 1e9),
        (Some(Some(v)), "ratio") => format!("{v:.2}"),
        (Some(Some(v)), _) => format!("{v}"),
    }
}

fn print_table(summary: &Summary) {
    let columns = [
        ("availability", "availability_mean", "percent"),
        ("min", "availability_min", "percent"),
        ("recovered in", "time_to_recover_s", "duration"),
        ("downtime", "downtime_s", "duration"),
        ("data lost", "data_lost_bytes", "bytes"),
        ("rewards", "rewards_total_usd", "usd"),
        ("cost", "cost_total_usd", "usd"),
        ("gini", "gini_rewards", "ratio"),
        ("nakamoto", "nakamoto_providers", "plain"),
    ];
    let name_width = summary.networks.keys().map(|k| k.len()).max().unwrap_or(7).max(7);
    print!("{:name_width$}", "network");
    for (title, _, _) in &columns {
        print!("  {title:>12}");
    }
    println!();
    for (name, net) in &summary.networks {
        print!("{name:name_width$}");
        for (_, key, kind) in &columns {
            print!("  {:>12}", fmt_metric(net.metrics.get(*key), kind));
        }
        println!();
    }
}

#[allow(clippy::too_many_arguments)]
fn sweep(
    path: &Path,
    set: &[Override],
    seeds: Option<u32>,
    jobs: Option<usize>,
    shard: Shard,
    out: Option<PathBuf>,
    profiles: Option<PathBuf>,
    quiet: bool,
) -> Result<(), Failure> {
    // Check the scenario as written (with fixed overrides) before any run.
    let (mut params, fixed) = depinsim::sweep::plan::from_overrides(set);
    let fixed_overrides: Vec<Override> =
        fixed.iter().map(|(k, v)| Override { key: k.clone(), value: v.clone() }).collect();
    let scenario = load(path, &LoadOptions { overrides: fixed_overrides, profiles_dir: profiles.clone() })?;
    let mut mode = depinsim::sweep::Mode::Cartesian;
    let mut table_seeds = None;
    if params.is_empty() {
        if let Some(table) = &scenario.sweep {
            let (p, m, s) = depinsim::sweep::plan::from_table(&path.display().to_string(), table)?;
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| Failure::Io(format!("cannot start worker threads: {e}")))?;
    let window = pool.current_num_threads() * 4;
    let options = SweepOptions { out: out.clone(), shard, profiles_dir: profiles, window };
    let total = plan.shard_runs(shard).count() as u64;
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
        let r = pool.install(|| depinsim::sweep::execute(path, &plan, &options, &done));
        finished.store(true, Ordering::Relaxed);
        r
    })?;
    if !quiet {
        println!(
            "{} points x {} seeds: {} runs in this shard ({} resumed, {} failed). Results in {}/ (sweep.csv, sweep-summary.csv, sweep.html)",
            plan.points(),
            plan.seeds,
            outcome.runs,
            outcome.skipped,
            outcome.failed,
            out.display()
        );
    }
    Ok(())
}

fn read_summary(dir: &Path) -> Result<Summary, Failure> {
    Run::load(dir).map(|r| r.summary).map_err(report_failure)
}

fn baseline(dir: &Path, out: &Path) -> Result<(), Failure> {
    let b = Baseline::from_summary(&read_summary(dir)?);
    let text = format!(
        "# Baseline of `depinsim check`: made from a run of `{}` (seed {}) by `depinsim baseline`.\n\
         # A metric fails the check when it moves against `direction` by more than `tolerance`.\n\
         # Update it deliberately, when a change is meant to alter the results.\n\n{}",
        b.scenario,
        b.seed,
        toml::to_string(&b).map_err(|e| Failure::Io(e.to_string()))?
    );
    let mut file =
        depinsim_reports::AtomicFile::create(out).map_err(|e| Failure::Io(format!("{}: {e}", out.display())))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .and_then(|()| file.commit())
        .map_err(|e| Failure::Io(format!("{}: {e}", out.display())))?;
    println!("{}: {} metrics guarded", out.display(), b.metrics.len());
    Ok(())
}

/// Prints the comparison of a run with a baseline; returns whether a metric regressed.
fn check(dir: &Path, path: &Path) -> Result<bool, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::Input(InputError::new(path.display().to_string(), format!("cannot read the baseline: {e}")))
    })?;
    let baseline: Baseline =
        toml::from_str(&text).map_err(|e| Failure::Input(InputError::from_toml(path, &text, &e)))?;
    let summary = read_summary(dir)?;
    if summary.scenario != baseline.scenario {
        return Err(Failure::Input(
            InputError::new(
                path.display().to_string(),
                format!("the baseline is of `{}` but the run is of `{}`", baseline.scenario, summary.scenario),
            )
            .help("check a run of the same scenario"),
        ));
    }
    let verdicts = depinsim_reports::baseline::check(&baseline, &summary);
    println!("{:12} {:32} {:>14} {:>14} {:>12}  status", "network", "metric", "baseline", "run", "tolerance");
    for v in &verdicts {
        let g = &v.guard;
        let unit = depinsim_reports::format::Unit::of(&g.metric);
        let status = match v.status {
            Status::Ok => "ok",
            Status::Improved => "improved",
            Status::Regression => "REGRESSION",
        };
        println!(
            "{:12} {:32} {:>14} {:>14} {:>12}  {status}",
            g.network,
            g.metric,
            unit.show(g.value),
            v.current.map_or("missing".into(), |c| unit.show(c)),
            unit.show(g.tolerance)
        );
    }
    let regressions = verdicts.iter().filter(|v| v.status == Status::Regression).count();
    if regressions > 0 {
        println!("\n{regressions} of {} metrics regressed against {}.", verdicts.len(), path.display());
    } else {
        println!("\nAll {} metrics within tolerance of {}.", verdicts.len(), path.display());
    }
    Ok(regressions > 0)
}

/// A run folder that cannot be read is bad input; a chart that cannot be drawn is a failure.
fn report_failure(e: ReportError) -> Failure {
    match e {
        ReportError::Io { ref path, .. } | ReportError::Format { ref path, .. } => Failure::Input(
            InputError::new(path.display().to_string(), format!("not a readable run folder: {e}"))
                .help("give the output folder of `depinsim run` (it holds summary.json, timeseries.csv, nodes.csv)"),
        ),
        ReportError::Chart { .. } => Failure::Io(e.to_string()),
    }
}

fn report(dir: &Path) -> Result<(), Failure> {
    let page = depinsim_reports::render(dir).map_err(report_failure)?;
    println!("{}", page.display());
    Ok(())
}

fn compare(a: &Path, b: &Path, out: Option<PathBuf>) -> Result<(), Failure> {
    let name = |p: &Path| p.file_name().map_or("run".into(), |n| n.to_string_lossy().into_owned());
    let out = out.unwrap_or_else(|| Path::new("out").join(format!("compare-{}-vs-{}", name(a), name(b))));
    let page = depinsim_reports::compare(a, b, &out).map_err(report_failure)?;
    println!("{}", page.display());
    Ok(())
}

fn validate(path: &Path, options: &LoadOptions) -> Result<(), Failure> {
    let scenario = load(path, options)?;
    println!(
        "{}: ok ({} networks, {} nodes, {} outages, {} simulated)",
        path.display(),
        scenario.networks.len(),
        scenario.node_count(),
        scenario.outages.len(),
        scenario.duration
    );
    Ok(())
}

fn list(scenarios: &Path, profiles: &Path) -> Result<(), Failure> {
    println!("Protocols:");
    for p in &PROTOCOLS {
        println!("  {:12} {} (roles: {})", p.name, p.summary, p.roles.join(", "));
    }
    println!("\nScenarios in {}:", scenarios.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios)
        .map_err(|e| Failure::Io(format!("cannot read {}: {e}", scenarios.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        // The file's opening comment paragraph, up to its first blank comment line.
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let summary: Vec<&str> = text.lines().map_while(|l| l.strip_prefix("# ")).collect();
        let mut summary = summary.join(" ");
        if summary.chars().count() > 160 {
            summary = summary.chars().take(157).collect::<String>() + "...";
        }
        println!("  {:38} {summary}", file.display());
    }
    let dir = if profiles.is_dir() {
        profiles.to_path_buf()
    } else {
        find_profile_dir(scenarios).unwrap_or(profiles.to_path_buf())
    };
    println!("\nHardware profiles in {}:", dir.display());
    for (name, p) in load_profiles(&dir)? {
        println!(
            "  {name:20} {:14} ${:>9.0} {:>7.0} W  AFR {:>5.1}%  {}",
            p.kind,
            p.capex_usd,
            p.power_w,
            p.afr * 100.0,
            p.description
        );
    }
    Ok(())
}
