//! The `[networks.params]` of an `arweave` network. Chain rules are constants in
//! [`crate::pricing`]; what is here describes the starting state, the market and the miners,
//! with the assumptions behind each default.

use crate::weave::Spread;
use depinsim_core::SimDuration;
use depinsim_core::units::ByteSize;
use serde::Deserialize;

/// A period of uploads: `per_day` at its start, growing by `growth_per_year` (0.1 = +10% a
/// year: the flow is per_day * (1 + growth)^years), until `until` after the scenario start.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UploadPhase {
    /// End of the phase, from the scenario start.
    pub until: SimDuration,
    /// Bytes uploaded per day at the start of the phase.
    pub per_day: ByteSize,
    /// Yearly growth rate of the upload flow within the phase.
    #[serde(default)]
    pub growth_per_year: f64,
}

/// The `[networks.params]` of an `arweave` network.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ArweaveConfig {
    /// Block height at the start. Assumption: 1,850,000, about early 2026 (genesis June 2018,
    /// ~262,800 blocks a year since, slower at first); it sets where inflation stands.
    pub start_height: u64,
    /// Calendar year at the start, only to label the year the endowment runs dry (keep it equal
    /// to the scenario's `start`).
    pub start_year: u32,
    /// Weave size at the start. Assumption: 300 TiB (order of magnitude of public explorers'
    /// figures; unverified).
    pub weave_size: ByteSize,
    /// Endowment at the start, AR. Default 330,000: "almost 330,000 AR ... zero AR released"
    /// (arweavehub.com, "The storage endowment explained", 2025).
    pub endowment_ar: f64,
    /// Price per GiB-minute at the start, winston. Assumption: 1,000, for which a GiB costs
    /// 2.2 AR (about $4.4 at $2/AR: the order of the ~$5/GB of shared/reference/hardware.md).
    /// Upstream estimates it from the mining reward and hash rate of the last blocks.
    pub price_per_gib_minute: u64,
    /// How fast the real cost of storage falls each year (0.005 is what the fee assumes; 0 is
    /// flat; negative rises). The price per GiB-minute follows it: a stand-in for upstream's
    /// estimate from the hash rate, which tracks what storing a GiB costs miners, at a
    /// constant AR price.
    pub storage_cost_decline_per_year: f64,
    /// Uploads, phase after phase; none after the last.
    pub uploads: Vec<UploadPhase>,
    /// Data size of each upload transaction. Assumption: 1 MiB (bundled uploads are larger; the
    /// fee is linear in size but for the 3,210-byte base and the 256 KiB padding).
    pub tx_size: ByteSize,
    /// Blocks per batch (see [`crate::endowment`]). Default 720, one day.
    pub batch_blocks: u64,
    /// Copies of each partition among the simulated miners. Assumption: 5.
    pub replicas: u8,
    /// Failure domain the copies must not share.
    pub spread: Spread,
    /// AR price, USD, for miners' rewards in USD. Default $2 (CoinGecko, April 2026, quoted by
    /// cryptogloss.io).
    pub ar_usd: f64,
}

impl Default for ArweaveConfig {
    fn default() -> Self {
        ArweaveConfig {
            start_height: 1_850_000,
            start_year: 2026,
            weave_size: ByteSize(300 << 40),
            endowment_ar: 330_000.0,
            price_per_gib_minute: 1_000,
            storage_cost_decline_per_year: 0.005,
            uploads: vec![UploadPhase {
                until: SimDuration::from_days(100 * 365),
                per_day: ByteSize(100 << 30),
                growth_per_year: 0.0,
            }],
            tx_size: ByteSize(1 << 20),
            batch_blocks: 720,
            replicas: 5,
            spread: Spread::Operators,
            ar_usd: 2.0,
        }
    }
}

impl ArweaveConfig {
    /// Checks what serde cannot.
    pub fn validate(&self) -> Result<(), String> {
        let d = self.storage_cost_decline_per_year;
        if !d.is_finite() || !(-0.5..0.5).contains(&d) {
            return Err(format!(
                "storage_cost_decline_per_year must be within -0.5..0.5 (0.005 = falls 0.5% a year), not {d}"
            ));
        }
        if self.price_per_gib_minute == 0 {
            return Err("price_per_gib_minute must be at least 1 winston".into());
        }
        if !self.endowment_ar.is_finite() || self.endowment_ar < 0.0 {
            return Err("endowment_ar must be a non-negative number".into());
        }
        if !self.ar_usd.is_finite() || self.ar_usd < 0.0 {
            return Err("ar_usd must be a non-negative number".into());
        }
        if self.tx_size.0 == 0 {
            return Err("tx_size must be at least 1 byte".into());
        }
        if self.batch_blocks == 0 || self.batch_blocks > 7_200 {
            return Err(format!("batch_blocks must be within 1..=7200 (720 = one day), not {}", self.batch_blocks));
        }
        if self.replicas == 0 {
            return Err("replicas must be at least 1".into());
        }
        for (i, p) in self.uploads.iter().enumerate() {
            if !p.growth_per_year.is_finite() || p.growth_per_year <= -1.0 || p.growth_per_year > 10.0 {
                return Err(format!("uploads[{i}].growth_per_year must be within -1 (excluded)..10"));
            }
        }
        if self.uploads.windows(2).any(|w| w[0].until >= w[1].until) {
            return Err("uploads phases must be in increasing order of `until`".into());
        }
        Ok(())
    }

    /// Bytes uploaded per day at `t` since the start (0 after the last phase).
    pub fn uploads_per_day(&self, t: SimDuration) -> f64 {
        let mut begin = SimDuration::ZERO;
        for p in &self.uploads {
            if t < p.until {
                let years = (t.as_millis() - begin.as_millis()) as f64 / depinsim_core::time::YEAR as f64;
                return p.per_day.0 as f64 * (1.0 + p.growth_per_year).powf(years);
            }
            begin = p.until;
        }
        0.0
    }

    /// Price per GiB-minute at `t` since the start, winston (at least 1).
    pub fn price_at(&self, t: SimDuration) -> u64 {
        let years = t.as_millis() as f64 / depinsim_core::time::YEAR as f64;
        let p = self.price_per_gib_minute as f64 * (1.0 - self.storage_cost_decline_per_year).powf(years);
        (p.round() as u64).max(1)
    }
}
