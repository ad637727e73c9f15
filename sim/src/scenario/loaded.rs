//! A scenario as the loader hands it on: the engine's typed [`Scenario`], plus what only the
//! front end needs (the text it came from, its `[sweep]` table) and each network's protocol
//! configuration, parsed and checked once.

use crate::input::Source;
use crate::input::overrides::Override;
use crate::registry::{PreparedConfig, ProtocolEntry};
use depinsim_engine::Scenario;
use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// One network's protocol and its checked configuration.
#[derive(Clone)]
pub struct PreparedNetwork {
    /// The protocol that runs it.
    pub entry: ProtocolEntry,
    /// Its `params`, as the protocol's own `Config` type.
    pub config: PreparedConfig,
    /// The protocol's estimate of its work (see [`depinsim_core::Work`]).
    pub work: depinsim_core::Work,
}

impl std::fmt::Debug for PreparedNetwork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedNetwork").field("protocol", &self.entry.name).finish_non_exhaustive()
    }
}

/// A checked scenario, ready to run. It reads as the engine's [`Scenario`] (through `Deref`),
/// which is all a run needs besides each network's configuration.
#[derive(Clone, Debug)]
pub struct LoadedScenario {
    /// The typed scenario the engine runs.
    pub scenario: Scenario,
    /// Where it came from (after `--set` overrides).
    pub source: Arc<Source>,
    /// The `[sweep]` table, as written, for `depinsim sweep`.
    pub sweep: Option<toml::Value>,
    /// Per network, in file order: its protocol and configuration.
    pub prepared: Vec<PreparedNetwork>,
    /// The `--set` overrides applied, in order, as given.
    pub overrides: Vec<Override>,
    /// Each hardware profile its groups use: SHA-256 of the profile's file.
    pub profile_digests: BTreeMap<String, String>,
    /// Each outage file it includes: SHA-256 of the file.
    pub event_digests: BTreeMap<String, String>,
    /// The scenario's `max_run_time`, if it sets one (see [`crate::estimate`]).
    pub max_run_time: Option<depinsim_core::SimDuration>,
}

impl LoadedScenario {
    /// SHA-256 of the scenario as resolved: its text after every override.
    pub fn digest(&self) -> String {
        crate::input::profiles::sha256_hex(self.source.text.as_bytes())
    }
}

impl Deref for LoadedScenario {
    type Target = Scenario;
    fn deref(&self) -> &Scenario {
        &self.scenario
    }
}

impl DerefMut for LoadedScenario {
    fn deref_mut(&mut self) -> &mut Scenario {
        &mut self.scenario
    }
}
