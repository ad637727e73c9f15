//! The `depinsim` command line, as a value: the built-in protocols, plus any a program adds, and
//! every command over them. This crate's binary is `Cli::new().run()`; a crate with its own
//! protocol runs `Cli::new().protocol::<MyModel>().run()` and gets the same tool.
//!
//! - [`run`]: `depinsim run`, its progress bar and end-of-run table ([`table`]).
//! - [`sweep`]: `depinsim sweep`.
//! - [`results`]: commands over finished runs: `baseline`, `check`, `report`, `compare`.
//! - [`list`]: `depinsim list`.

/// `println!` for the command line's output: once the reader has gone away (`depinsim list |
/// head`) the rest of the output is dropped instead of a panic, and the command ends with its own
/// exit code; another write error is reported once on stderr.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::write_line(format_args!($($arg)*))
    };
}

mod list;
mod results;
mod run;
mod sweep;
mod table;

use crate::registry::Registry;
use crate::scenario::overrides::Override;
use crate::scenario::{InputError, LoadOptions, load};
use crate::sweep::Shard;
use clap::{Parser, Subcommand};
use depinsim_core::Protocol;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The whole command line over a set of protocols.
///
/// ```
/// // The built-ins, and a protocol of the same name replacing one (here, by itself).
/// let cli = depinsim::Cli::new().protocol::<depinsim_cdn::Cdn>();
/// assert!(cli.registry().find("cdn").is_some());
/// assert_eq!(cli.run_from(["depinsim", "validate", "no-such-file.toml"]), 2);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Cli {
    registry: Registry,
}

impl Cli {
    /// The command line with every built-in protocol.
    pub fn new() -> Self {
        Cli { registry: Registry::builtin() }
    }

    /// The command line over exactly the protocols of `registry`.
    pub fn with_registry(registry: Registry) -> Self {
        Cli { registry }
    }

    /// Adds protocol `P` (or replaces the protocol of the same name).
    pub fn protocol<P: Protocol>(mut self) -> Self {
        self.registry = self.registry.with::<P>();
        self
    }

    /// The protocols it knows.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Parses the process's arguments, runs the command and exits with its code: 0 ok, 1 a
    /// failure (I/O, or a regression found by `check`), 2 bad input, 3 a sweep with failed runs.
    pub fn run(self) -> ! {
        std::process::exit(self.run_from(std::env::args_os()))
    }

    /// Runs the command line `args` (the first is the program name) and returns its exit code.
    /// `--help` and `--version` print and return 0; an argument error prints and returns 2.
    pub fn run_from<I, T>(&self, args: I) -> i32
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        match Args::try_parse_from(args) {
            Ok(args) => dispatch(args, &self.registry),
            Err(e) => {
                let code = e.exit_code();
                let _ = e.print();
                code
            }
        }
    }
}

/// The exit code of a sweep or merge that finished but in which some runs failed.
pub const SOME_RUNS_FAILED: i32 = 3;

/// The study run when `depinsim run` is given no scenario.
const DEFAULT_SCENARIO: &str = "scenarios/cloudflare-2025-11-18.toml";

/// depinsim: what decentralized physical infrastructure networks deliver when the world breaks.
///
/// Simulates DePIN networks and the centralized services they compete with over a world of
/// regions, providers, sites and shared services, injects outages modelled on real events, and
/// reports availability, recovery, data lost, costs and rewards. A scenario and a seed reproduce
/// a run byte for byte.
///
/// Exit codes: 0 ok; 1 an I/O or internal error, or a regression found by `check`; 2 bad input
/// (the message says where); 3 a sweep or merge in which some runs failed (sweep.csv records
/// why).
#[derive(Parser)]
#[command(name = "depinsim", version = env!("DEPINSIM_BUILD"), propagate_version = true)]
struct Args {
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
        /// Start a run estimated to take longer than the scenario's `max_run_time` (default 1h)
        /// without asking.
        #[arg(long, short = 'y')]
        yes: bool,
        /// No progress bar and no summary table.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check a scenario (syntax, names, times, shares, protocol parameters) without running it,
    /// and estimate how long a run of it will take.
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
        /// Resume a folder whose runs were made from another scenario text, profile or build
        /// (refused without it); sweep.json then records both.
        #[arg(long)]
        force: bool,
        /// Start a sweep estimated to take longer than the scenario's `max_run_time` (default
        /// 1h) without asking.
        #[arg(long, short = 'y')]
        yes: bool,
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
        /// Merge shards made from different scenario texts, profiles or builds (refused without
        /// it); sweep.json then records each.
        #[arg(long)]
        force: bool,
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
        /// What to list: everything but the metrics by default; `metrics` prints the metric
        /// catalogue (unit, kind and direction of every metric).
        #[arg(value_enum)]
        what: Option<ListWhat>,
        /// Scenario folder.
        #[arg(long, default_value = "scenarios")]
        scenarios: PathBuf,
        /// Hardware profile folder.
        #[arg(long, default_value = "hardware-profiles")]
        profiles: PathBuf,
    },
}

/// Runs `args` (without the program name) against `registry`; returns the exit code.
fn dispatch(args: Args, registry: &Registry) -> i32 {
    let options = |overrides: Vec<Override>, profiles_dir: Option<PathBuf>| LoadOptions {
        overrides,
        profiles_dir,
        registry: registry.clone(),
    };
    let result = match args.command {
        Command::Run { scenario, seed, out, mut set, profiles, jobs, yes, quiet } => {
            if let Some(seed) = seed {
                set.push(Override { key: "seed".into(), value: seed.to_string() });
            }
            run::run_command(scenario, out, options(set, profiles), jobs, yes, quiet).map(|()| None)
        }
        Command::Validate { scenario, set, profiles } => validate(&scenario, &options(set, profiles)).map(|()| None),
        Command::Sweep { scenario, set, seeds, jobs, shard, out, profiles, force, yes, quiet } => {
            let options = options(vec![], profiles);
            sweep::sweep(&scenario, &set, seeds, jobs, shard.unwrap_or_default(), out, options, force, yes, quiet)
        }
        Command::Merge { dirs, out, force } => {
            crate::sweep::merge(&dirs, &out, force).map_err(Failure::Input).map(|failed| {
                outln!("{}", out.join("sweep.csv").display());
                (failed > 0).then_some(SOME_RUNS_FAILED)
            })
        }
        Command::Baseline { dir, out } => results::baseline(&dir, &out).map(|()| None),
        // The one command whose success can still exit non-zero: a regression is exit 1.
        Command::Check { dir, baseline } => {
            results::check(&dir, &baseline).map(|regressed| if regressed { Some(1) } else { None })
        }
        Command::Report { dir } => results::report(&dir).map(|()| None),
        Command::Compare { dir_a, dir_b, out } => results::compare(&dir_a, &dir_b, out).map(|()| None),
        Command::List { what: Some(ListWhat::Metrics), .. } => list::metrics(registry).map(|()| None),
        Command::List { what: None, scenarios, profiles } => list::list(registry, &scenarios, &profiles).map(|()| None),
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

/// Whether standard output can no longer be written (see `outln!`). Process-wide, as stdout is;
/// never read by a simulation.
static STDOUT_GONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Writes one line to stdout (see `outln!`).
pub(crate) fn write_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    use std::sync::atomic::Ordering;
    if STDOUT_GONE.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        STDOUT_GONE.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write to standard output: {e}");
        }
    }
}

/// What `depinsim list` lists besides the default.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ListWhat {
    /// The metric catalogue.
    Metrics,
}

/// Why a command failed: bad input (exit 2) or anything else (exit 1).
enum Failure {
    Input(InputError),
    Io(String),
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::Input(e)
    }
}

fn validate(path: &Path, options: &LoadOptions) -> Result<(), Failure> {
    let scenario = load(path, options)?;
    let estimate = crate::estimate::estimate(&scenario, run::default_threads());
    outln!(
        "{}: ok ({} networks, {} nodes, {} outages, {} simulated; estimated run time {})",
        path.display(),
        scenario.networks.len(),
        scenario.node_count(),
        scenario.outages.len(),
        scenario.duration,
        estimate.describe()
    );
    for n in &estimate.networks {
        outln!(
            "  network `{}`: {:.3e} {} and {:.3e} engine events, {}",
            n.name,
            n.steps,
            n.work.what,
            n.events,
            crate::estimate::about(n.seconds)
        );
    }
    if let Some(warning) = run::long_run("a run is", &scenario, &estimate) {
        eprintln!("warning: {warning}");
    }
    Ok(())
}
