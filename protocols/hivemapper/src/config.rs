//! The `[networks.params]` of a `hivemapper` network, with the source or the assumption behind
//! every default.

use crate::rewards::{PoolStep, check_schedule};
use depinsim_core::SimDuration;
use serde::Deserialize;

const DAY_MS: u64 = 86_400_000;

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
    /// (shared/reference/protocols.md, Hivemapper blog 2023).
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
    /// Checks every value, saying what is wrong and what is allowed.
    pub fn check(&self) -> Result<(), String> {
        check_schedule(&self.weekly_pool)?;
        let share = |name: &str, v: f64| {
            if (0.0..=1.0).contains(&v) { Ok(()) } else { Err(format!("`{name}` must be between 0 and 1, found {v}")) }
        };
        share("explore_share", self.explore_share)?;
        share("quality_min", self.quality_min)?;
        share("initial_active_share", self.initial_active_share)?;
        share("leave_per_week", self.leave_per_week)?;
        share("low_reward_leave_per_week", self.low_reward_leave_per_week)?;
        share("join_per_week", self.join_per_week)?;
        if !(0.0..=7.0).contains(&self.drive_days_per_week) {
            return Err(format!("`drive_days_per_week` must be between 0 and 7, found {}", self.drive_days_per_week));
        }
        if self.rings == 0 || self.rings > 200 {
            return Err(format!("`rings` must be between 1 and 200, found {}", self.rings));
        }
        if self.replenish == SimDuration::ZERO || self.fresh_within == SimDuration::ZERO {
            return Err("`replenish` and `fresh_within` must be longer than zero".into());
        }
        if !self.honey_usd.is_finite() || self.honey_usd < 0.0 || !self.min_weekly_usd.is_finite() {
            return Err("`honey_usd` must be a non-negative number and `min_weekly_usd` a number".into());
        }
        if self.warmup.as_millis() % DAY_MS != 0 || self.warmup > SimDuration::from_days(365) {
            return Err(format!("`warmup` must be whole days, at most 365, found {}", self.warmup));
        }
        if self.trips_per_day > 20 {
            return Err(format!("`trips_per_day` must be at most 20, found {}", self.trips_per_day));
        }
        Ok(())
    }
}
