//! The protocols shipped with depinsim: one registration line each.

use crate::registry::Registry;

impl Registry {
    /// Every protocol shipped with depinsim.
    pub fn builtin() -> Self {
        register(Registry::empty())
    }
}

impl Default for Registry {
    /// The built-ins.
    fn default() -> Self {
        Registry::builtin()
    }
}

/// Adds every built-in protocol to `registry`.
pub fn register(registry: Registry) -> Registry {
    registry
        .with::<depinsim_cdn::Cdn>()
        .with::<depinsim_content::Content>()
        .with::<depinsim_filecoin::Filecoin>()
        .with::<depinsim_helium::Helium>()
        .with::<depinsim_akash::Akash>()
        .with::<depinsim_render::Render>()
        .with::<depinsim_hivemapper::Hivemapper>()
        .with::<depinsim_powerledger::Powerledger>()
        .with::<depinsim_aleph::Aleph>()
        .with::<depinsim_arweave::Arweave>()
}
