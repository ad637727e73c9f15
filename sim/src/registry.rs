//! Protocol names from scenario files mapped to protocol types, as a value: the built-ins are
//! registered the same way as a protocol from another crate ([`Registry::with`]). From an entry
//! on, everything is generic and monomorphized: each entry holds functions instantiated for its
//! type, so the per-event path has no dynamic dispatch.

use crate::input::{InputError, Source, parse_params};
use depinsim_core::catalogue::Metric;
use depinsim_core::node::GroupInfo;
use depinsim_core::{ConfigError, Protocol, SimDuration, Work};
use depinsim_engine::{NetworkInput, NetworkOutput, run_network};
use std::any::Any;
use std::fmt;
use std::sync::Arc;

/// A network's configuration, parsed and checked when the scenario was loaded, kept as the
/// protocol's own `Config` type behind a type-erased handle until its run.
pub type PreparedConfig = Arc<dyn Any + Send + Sync>;

/// A network's configuration as `prepare` made it, with the protocol's estimate of its work.
pub struct Prepared {
    /// The configuration.
    pub config: PreparedConfig,
    /// The estimate of the network's work (see [`Protocol::work`]).
    pub work: Work,
}

/// Why a network's `params` were refused.
#[derive(Debug)]
pub enum Refusal {
    /// They do not parse as the protocol's configuration (already located in the file).
    Parse(InputError),
    /// They parse, but the protocol's [`Protocol::check`] refuses them.
    Check(ConfigError),
}

/// A protocol the CLI can run.
#[derive(Clone, Copy)]
pub struct ProtocolEntry {
    /// Name in scenario files.
    pub name: &'static str,
    /// One line for `depinsim list`.
    pub summary: &'static str,
    /// Node roles it knows.
    pub roles: &'static [&'static str],
    /// The declarations of its own metrics.
    pub metrics: &'static [Metric],
    /// Parses network `index`'s `params` table and runs the protocol's checks against its groups
    /// and, for a run of the given duration, its memory growth; returns the configuration and
    /// the estimate of the network's work (see [`Protocol::work`]).
    pub prepare: fn(&Source, usize, &[GroupInfo], SimDuration) -> Result<Prepared, Refusal>,
    /// Runs one network with the configuration `prepare` made.
    pub run: fn(&NetworkInput<'_>, &PreparedConfig) -> Result<NetworkOutput, ConfigError>,
}

impl ProtocolEntry {
    /// The entry of protocol `P`.
    pub fn of<P: Protocol>() -> Self {
        ProtocolEntry {
            name: P::NAME,
            summary: P::SUMMARY,
            roles: P::ROLES,
            metrics: P::METRICS,
            prepare: prepare::<P>,
            run: run::<P>,
        }
    }
}

impl fmt::Debug for ProtocolEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProtocolEntry").field("name", &self.name).finish_non_exhaustive()
    }
}

/// The most memory a network's growth (see [`Protocol::growth`]) may be estimated to take:
/// beyond it the run is refused before it starts. An assumption sized to the machines the
/// project targets (the 2-core, 24 GiB machine of its CI among them), with room for the nodes.
pub const MAX_GROWTH_BYTES: f64 = 16.0 * (1u64 << 30) as f64;

fn prepare<P: Protocol>(
    source: &Source,
    index: usize,
    groups: &[GroupInfo],
    duration: SimDuration,
) -> Result<Prepared, Refusal> {
    let config: P::Config = parse_params(source, index).map_err(Refusal::Parse)?;
    P::check(&config, groups).map_err(Refusal::Check)?;
    if let Some(g) = P::growth(&config, groups, duration) {
        let bytes = g.items * g.bytes_per_item;
        if bytes.is_nan() || bytes > MAX_GROWTH_BYTES {
            let message = format!(
                "`{}` makes the run create about {:.3e} {} over {duration}, about {:.1} GiB held; at most {:.0} GiB fit",
                g.knob,
                g.items,
                g.what,
                bytes / (1u64 << 30) as f64,
                MAX_GROWTH_BYTES / (1u64 << 30) as f64
            );
            return Err(Refusal::Check(
                ConfigError::param(&g.knob, message)
                    .help(format!("lower `{}`, or the duration ({} are kept to the end of the run)", g.knob, g.what)),
            ));
        }
    }
    let work = P::work(&config, groups, duration);
    Ok(Prepared { config: Arc::new(config), work })
}

fn run<P: Protocol>(input: &NetworkInput<'_>, config: &PreparedConfig) -> Result<NetworkOutput, ConfigError> {
    let Some(config) = config.downcast_ref::<P::Config>() else {
        return Err(ConfigError::network(format!(
            "internal error: the configuration of network `{}` was not prepared by protocol `{}`",
            input.network.name,
            P::NAME
        )));
    };
    run_network::<P>(input, config.clone())
}

/// The protocols a scenario may name.
///
/// A program that embeds depinsim loads and runs scenarios over its own registry, without the
/// command line:
///
/// ```
/// use depinsim::Registry;
/// use depinsim::scenario::{LoadOptions, load_str};
/// use std::path::Path;
///
/// let scenario = r#"
///     name = "tiny"
///     start = "2026-01-01T00:00:00Z"
///     duration = "1h"
///     sample_every = "10m"
///     [[regions]]
///     name = "r"
///     [[providers]]
///     name = "p"
///     [[sites]]
///     name = "s"
///     region = "r"
///     provider = "p"
///     [[networks]]
///     name = "cdn"
///     protocol = "cdn"
///     [[networks.nodes]]
///     name = "pops"
///     role = "pop"
///     count = 4
///     profile = "cdn-pop"
///     sites = ["s"]
/// "#;
/// let options = LoadOptions { registry: Registry::builtin(), ..Default::default() };
/// let loaded = load_str(Path::new("tiny.toml"), scenario, &options).unwrap();
/// let outputs = depinsim::run::run(&loaded, None).unwrap();
/// assert_eq!(outputs[0].layout.table.len(), 4);
///
/// // Without the protocol, the same scenario is refused at the name, with the known ones listed.
/// let options = LoadOptions { registry: Registry::empty(), ..Default::default() };
/// let err = load_str(Path::new("tiny.toml"), scenario, &options).unwrap_err();
/// assert!(err.message.contains("unknown protocol `cdn`"));
/// ```
#[derive(Clone, Debug)]
pub struct Registry {
    entries: Vec<ProtocolEntry>,
}

impl Registry {
    /// No protocol at all.
    pub fn empty() -> Self {
        Registry { entries: Vec::new() }
    }

    /// Adds protocol `P`, or replaces the protocol of the same name.
    pub fn with<P: Protocol>(mut self) -> Self {
        let entry = ProtocolEntry::of::<P>();
        match self.entries.iter_mut().find(|e| e.name == entry.name) {
            Some(slot) => *slot = entry,
            None => self.entries.push(entry),
        }
        self
    }

    /// The protocol called `name`.
    pub fn find(&self, name: &str) -> Option<&ProtocolEntry> {
        self.entries.iter().find(|p| p.name == name)
    }

    /// Every protocol, in registration order.
    pub fn entries(&self) -> &[ProtocolEntry] {
        &self.entries
    }
}
