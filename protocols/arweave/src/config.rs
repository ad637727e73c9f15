//! The `[networks.params]` of an `arweave` network. Chain rules are constants in
//! [`crate::pricing`]; what is here describes the starting state, the market and the miners,
//! with the assumptions behind each default.

use crate::weave::Spread;
use depinsim_core::SimDuration;
use depinsim_core::config::{ConfigError, at_least};
use depinsim_core::units::ByteSize;
use serde::Deserialize;

/// Most blocks per batch: ten days. The economy is advanced in closed form over a batch, with the
/// price and the Kryder+ multiplier fixed within it, so a longer batch would blur them.
const MAX_BATCH_BLOCKS: u64 = 7_200;

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
    /// 2.2 AR (about $4.4 at $2/AR: the order of the ~$5/GB of docs/reference/hardware.md).
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
    /// Checks what serde cannot, saying which key is wrong and what is allowed. A price of zero
    /// would make uploads free and the expected reward zero; a batch of zero blocks would stop
    /// the chain's clock; phases out of order would make the upload flow jump back in time.
    pub fn check(&self) -> Result<(), ConfigError> {
        let d = self.storage_cost_decline_per_year;
        if !(-0.5..0.5).contains(&d) {
            return Err(ConfigError::param(
                "storage_cost_decline_per_year",
                format!("`storage_cost_decline_per_year` is {d}"),
            )
            .help("a yearly rate from -0.5 to below 0.5 (0.005 = falls 0.5% a year, negative = rises)"));
        }
        if self.price_per_gib_minute == 0 {
            return Err(ConfigError::param("price_per_gib_minute", "`price_per_gib_minute` is 0")
                .help("at least 1 winston per GiB-minute"));
        }
        at_least("endowment_ar", self.endowment_ar, 0.0)?;
        at_least("ar_usd", self.ar_usd, 0.0)?;
        if self.tx_size.0 == 0 {
            return Err(ConfigError::param("tx_size", "`tx_size` is 0B").help("at least 1 byte per upload transaction"));
        }
        if self.batch_blocks == 0 || self.batch_blocks > MAX_BATCH_BLOCKS {
            return Err(ConfigError::param("batch_blocks", format!("`batch_blocks` is {}", self.batch_blocks))
                .help(format!("from 1 to {MAX_BATCH_BLOCKS} blocks (720 = one day)")));
        }
        if self.replicas == 0 {
            return Err(ConfigError::param("replicas", "`replicas` is 0").help("at least 1 copy of each partition"));
        }
        for (i, p) in self.uploads.iter().enumerate() {
            let g = p.growth_per_year;
            if !(g > -1.0 && g <= 10.0) {
                return Err(ConfigError::param(
                    format!("uploads.{i}.growth_per_year"),
                    format!("`growth_per_year` of upload phase {i} is {g}"),
                )
                .help("a yearly rate above -1 (the flow would stop or turn negative) and at most 10"));
            }
        }
        if let Some(i) = self.uploads.windows(2).position(|w| w[0].until >= w[1].until) {
            let (before, until) = (self.uploads[i].until, self.uploads[i + 1].until);
            return Err(ConfigError::param(
                format!("uploads.{}.until", i + 1),
                format!("`until` of upload phase {} is {until}, not after {before}", i + 1),
            )
            .help("phases in increasing order of `until`"));
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
