//! The one place where protocol names from scenario files map to protocol types. From here on
//! everything is generic and monomorphized: each entry holds functions instantiated for its type.

use crate::engine::{NetworkInput, NetworkOutput, run_network};
use crate::scenario::model::Source;
use crate::scenario::{InputError, parse_params};
use depinsim_akash::Akash;
use depinsim_aleph::Aleph;
use depinsim_arweave::Arweave;
use depinsim_cdn::Cdn;
use depinsim_content::Content;
use depinsim_core::Protocol;
use depinsim_filecoin::Filecoin;
use depinsim_helium::Helium;
use depinsim_hivemapper::Hivemapper;
use depinsim_powerledger::Powerledger;
use depinsim_render::Render;

/// A protocol the CLI can run.
pub struct ProtocolEntry {
    /// Name in scenario files.
    pub name: &'static str,
    /// One line for `depinsim list`.
    pub summary: &'static str,
    /// Node roles it knows.
    pub roles: &'static [&'static str],
    /// Checks a network's `params` table.
    pub check_params: fn(&Source, usize) -> Result<(), InputError>,
    /// Runs one network.
    pub run: fn(&NetworkInput<'_>) -> Result<NetworkOutput, InputError>,
}

const fn entry<P: Protocol>() -> ProtocolEntry {
    ProtocolEntry {
        name: P::NAME,
        summary: P::SUMMARY,
        roles: P::ROLES,
        check_params: check::<P>,
        run: run_network::<P>,
    }
}

fn check<P: Protocol>(source: &Source, index: usize) -> Result<(), InputError> {
    parse_params::<P::Config>(source, index).map(drop)
}

/// Every protocol, by name.
pub static PROTOCOLS: [ProtocolEntry; 10] = [
    entry::<Cdn>(),
    entry::<Content>(),
    entry::<Filecoin>(),
    entry::<Helium>(),
    entry::<Akash>(),
    entry::<Render>(),
    entry::<Hivemapper>(),
    entry::<Powerledger>(),
    entry::<Aleph>(),
    entry::<Arweave>(),
];

/// The protocol called `name`.
pub fn find(name: &str) -> Option<&'static ProtocolEntry> {
    PROTOCOLS.iter().find(|p| p.name == name)
}
