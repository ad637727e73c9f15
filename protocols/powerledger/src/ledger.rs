//! Energy and money totals of a community, kept as intervals settle.

/// Totals since the start, kWh and USD.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    /// Households' consumption.
    pub load_kwh: f64,
    /// Solar produced (by households whose inverters were running).
    pub pv_kwh: f64,
    /// Load served by the household's own solar or battery.
    pub local_kwh: f64,
    /// Traded between households.
    pub p2p_kwh: f64,
    /// Value of the trades at their clearing prices.
    pub p2p_usd: f64,
    /// Traded between islanded households.
    pub island_p2p_kwh: f64,
    /// Value of the islanded trades.
    pub island_p2p_usd: f64,
    /// Bought from the grid.
    pub grid_import_kwh: f64,
    /// Sold to the grid.
    pub grid_export_kwh: f64,
    /// Solar that could be neither used, stored, sold nor exported (islanded).
    pub curtailed_kwh: f64,
    /// Load no source covered.
    pub unmet_kwh: f64,
    /// Load of households while they had no grid supply.
    pub islanded_load_kwh: f64,
    /// The part of it left unserved.
    pub islanded_unmet_kwh: f64,
}

impl Totals {
    /// Share of the load served from local sources (own solar and battery, and neighbours'):
    /// (load - grid imports - unmet) / load. `None` before any load.
    pub fn self_sufficiency(&self) -> Option<f64> {
        (self.load_kwh > 0.0).then(|| (self.load_kwh - self.grid_import_kwh - self.unmet_kwh) / self.load_kwh)
    }

    /// Share of the islanded households' load that was served. `None` if nobody was islanded.
    pub fn islanded_served_share(&self) -> Option<f64> {
        (self.islanded_load_kwh > 0.0).then(|| 1.0 - self.islanded_unmet_kwh / self.islanded_load_kwh)
    }
}
