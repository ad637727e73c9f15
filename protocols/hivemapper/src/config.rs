//! The `[networks.params]` of a `hivemapper` network, with the source or the assumption behind
//! every default.

use crate::rewards::{PoolStep, check_schedule};
use crate::tiles::check_centre;
use depinsim_core::SimDuration;
use depinsim_core::config::{ConfigError, at_least, share};
use serde::Deserialize;

const DAY_MS: u64 = 86_400_000;
/// Most rings of tiles: 120,601 tiles, about 89,000 km² at the default resolution (a region
/// far larger than a city).
const MAX_RINGS: u32 = 200;
/// Most warm-up days: a year of driving reaches any steady state the map has.
const MAX_WARMUP_DAYS: u64 = 365;
/// Most trips a driver makes in a day (a delivery driver's, not a commuter's).
const MAX_TRIPS_PER_DAY: u32 = 20;

/// Parameters of a Hivemapper city.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct HivemapperConfig {
    /// Latitude of the city centre, degrees. Default: Lisbon (38.7223 N), one of the 15 areas of
    /// the highest dashcam density named in MIP-10 (Hivemapper Foundation, Feb 2024).
    pub city_lat: f64,
    /// Longitude of the city centre, degrees. Default: Lisbon (9.1393 W).
    pub city_lng: f64,
    /// H3 resolution of a map tile. Assumption: 8 (about 0.74 km² per hex), coarser than the
    /// network's own small cells, so that a city has hundreds of tiles rather than millions.
    pub resolution: u8,
    /// Rings of tiles around the centre: the city is 3·r·(r+1)+1 tiles. Assumption: 15 (721
    /// tiles, about 530 km², the order of the Lisbon metropolitan core).
    pub rings: u32,
    /// Time for a tile's multiplier to climb back from 0 to 1 after it is mapped: 7 days
    /// (docs/reference/protocols.md, Hivemapper blog 2023).
    pub replenish: SimDuration,
    /// A tile mapped within this window counts as fresh (the service metric). Assumption: 30 days,
    /// the refresh period map customers of dynamic layers ask for (no published figure).
    pub fresh_within: SimDuration,
    /// The region's base weekly pool, HONEY, as a schedule (stand-in: Hivemapper publishes no
    /// per-region pool). Multiplied by the MIP-7 progress multiplier when `progress_multiplier`.
    pub weekly_pool: Vec<PoolStep>,
    /// Whether the MIP-7 Region Progress multiplier (1x/1.5x/2x/3x) applies to the pool.
    pub progress_multiplier: bool,
    /// HONEY price, USD. Assumption: 0.02 (order of magnitude of 2025 market prices, unverified).
    pub honey_usd: f64,
    /// Days a week an active driver drives. Assumption: 4.
    pub drive_days_per_week: f64,
    /// Trips on a driving day (a commute out and back is 2). Assumption: 2.
    pub trips_per_day: u32,
    /// Share of trips to a random destination instead of the commute. Assumption: 0.2.
    pub explore_share: f64,
    /// Drivers' quality scores are drawn uniformly in [quality_min, 1] (stand-in for Hivemapper's
    /// reputation score and quality assurance, whose formulas are not published).
    pub quality_min: f64,
    /// Share of the dashcams whose owners are active drivers at the start. Assumption: 0.7.
    pub initial_active_share: f64,
    /// Weekly probability that an active driver stops mapping for reasons other than rewards.
    /// Assumption: 0.02 (about a 65% yearly retention).
    pub leave_per_week: f64,
    /// Extra weekly probability of leaving for a driver who earned less than `min_weekly_usd`
    /// that week. Assumption: 0.10.
    pub low_reward_leave_per_week: f64,
    /// Weekly reward, USD, below which a driver is tempted to stop. Assumption: 5.
    pub min_weekly_usd: f64,
    /// Driving simulated before time zero (no rewards, no churn), so the run starts from a city
    /// already mapped the way its drivers map it rather than from a blank map. Assumption: 0 by
    /// default; a few weeks is enough to reach the steady state.
    pub warmup: SimDuration,
    /// Weekly probability that an idle dashcam slot gets an active driver (a new owner or a
    /// returning one), scaled down when the last week's mean reward per driver is below
    /// `min_weekly_usd`. Assumption: 0.03.
    pub join_per_week: f64,
}

impl Default for HivemapperConfig {
    fn default() -> Self {
        HivemapperConfig {
            city_lat: 38.7223,
            city_lng: -9.1393,
            resolution: 8,
            rings: 15,
            replenish: SimDuration::from_days(7),
            fresh_within: SimDuration::from_days(30),
            weekly_pool: vec![PoolStep { at: SimDuration::ZERO, honey: 100_000.0 }],
            progress_multiplier: true,
            honey_usd: 0.02,
            drive_days_per_week: 4.0,
            trips_per_day: 2,
            explore_share: 0.2,
            quality_min: 0.5,
            initial_active_share: 0.7,
            leave_per_week: 0.02,
            low_reward_leave_per_week: 0.10,
            min_weekly_usd: 5.0,
            join_per_week: 0.03,
            warmup: SimDuration::ZERO,
        }
    }
}

impl HivemapperConfig {
    /// Checks every value, saying which key is wrong and what is allowed. Zero `replenish` or
    /// `fresh_within` would make every tile worthless or never fresh; `warmup` is driven a whole
    /// day at a time; `rings` and `trips_per_day` are bounded so that a city and a day stay
    /// affordable to simulate.
    pub fn check(&self) -> Result<(), ConfigError> {
        check_centre(self.city_lat, self.city_lng, self.resolution)?;
        check_schedule(&self.weekly_pool).map_err(|e| e.within("weekly_pool"))?;
        for (key, value) in [
            ("explore_share", self.explore_share),
            ("quality_min", self.quality_min),
            ("initial_active_share", self.initial_active_share),
            ("leave_per_week", self.leave_per_week),
            ("low_reward_leave_per_week", self.low_reward_leave_per_week),
            ("join_per_week", self.join_per_week),
        ] {
            share(key, value, true)?;
        }
        if !(0.0..=7.0).contains(&self.drive_days_per_week) {
            return Err(ConfigError::param(
                "drive_days_per_week",
                format!("`drive_days_per_week` is {}", self.drive_days_per_week),
            )
            .help("days from 0 to 7"));
        }
        if self.rings == 0 || self.rings > MAX_RINGS {
            return Err(ConfigError::param("rings", format!("`rings` is {}", self.rings))
                .help(format!("from 1 to {MAX_RINGS} rings of tiles around the centre")));
        }
        for (key, value) in [("replenish", self.replenish), ("fresh_within", self.fresh_within)] {
            if value == SimDuration::ZERO {
                return Err(
                    ConfigError::param(key, format!("`{key}` is 0s")).help("a duration longer than zero, e.g. \"7d\"")
                );
            }
        }
        at_least("honey_usd", self.honey_usd, 0.0)?;
        at_least("min_weekly_usd", self.min_weekly_usd, 0.0)?;
        if self.warmup.as_millis() % DAY_MS != 0 || self.warmup > SimDuration::from_days(MAX_WARMUP_DAYS) {
            return Err(ConfigError::param("warmup", format!("`warmup` is {}", self.warmup))
                .help(format!("whole days, at most {MAX_WARMUP_DAYS}d")));
        }
        if self.trips_per_day > MAX_TRIPS_PER_DAY {
            return Err(ConfigError::param("trips_per_day", format!("`trips_per_day` is {}", self.trips_per_day))
                .help(format!("at most {MAX_TRIPS_PER_DAY} trips a day")));
        }
        Ok(())
    }
}
