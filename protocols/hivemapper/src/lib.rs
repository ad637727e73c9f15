//! # depinsim-hivemapper: a city mapped by dashcam drivers for weekly HONEY pools
//!
//! Each node is a dashcam (role `driver`). Its owner is an active driver or not (churn: drivers
//! leave, idle dashcams find drivers); an active driver whose dashcam is up drives on some days,
//! commuting between a home and a work tile of the city or, on some trips, exploring to a random
//! tile. Every tile a trip passes through is mapped: the driver earns the tile's multiplier (see
//! [`tiles`]) times its quality score, and the multiplier resets to 0. Every week the region's
//! pool (a base schedule times the MIP-7 progress multiplier, see [`rewards`]) is split among the
//! drivers in proportion to what they earned, and paid in HONEY at the scenario's HONEY price.
//!
//! The service metric is the map itself: its **coverage** (share of tiles ever mapped) and its
//! **freshness** (share mapped within `fresh_within`, recorded as the network's availability: the
//! chance that a map query for a random tile finds fresh imagery), with the age distribution.
//!
//! The map keeps its own clock, shifted by `warmup`: that much driving is simulated in
//! `on_start`, before time zero, without rewards or churn, so a run can start from a city already
//! mapped. Tile times and ages are read on that clock.
//!
//! Events are batched: one timer a day processes the day just ended for every driver (trips
//! sorted by their time of day, so drivers who pass the same tile compete in time order), and
//! every seventh day also pays the week and applies churn. Cost scales with trips, not with
//! drivers × time steps. A dashcam that goes down or comes back during the day is taken as it
//! was at each trip's start: the day's faults are kept until the day is processed, so a fault
//! counts from its minute (see [`Hivemapper::on_fault`]).
//!
//! Documented only loosely (docs/reference/protocols.md marks Hivemapper "docs only,
//! unverified"): the rules taken from Hivemapper's docs and what stands in for the unpublished
//! parts are listed in [`tiles`], [`rewards`] and [`config`].

pub mod catalogue;
pub mod config;
pub mod rewards;
pub mod tiles;

pub use config::HivemapperConfig;
use depinsim_core::StreamRng;
use depinsim_core::config::ConfigError;
use depinsim_core::metrics::{AVAILABILITY, Headline, Observer};
use depinsim_core::node::{GroupInfo, NodeTable, check_roles};
use depinsim_core::stats::gini;
use depinsim_core::{Ctx, Fault, Liveness, NodeId, Protocol, SimDuration, SimTime, Work};
use rand::Rng;
use rewards::{base_pool, progress_multiplier, split_pool};
use tiles::{City, Freshness, TileState};

/// What one trip or one cell visit costs, ns: measured from hivemapper-city-freshness
/// (BENCHMARKS.md, "Run-time estimates").
const NS_PER_HIVEMAPPER_STEP: f64 = 25.0;

/// Metric: share of tiles ever mapped.
pub const MAP_COVERAGE: &str = "map_coverage";
/// Metric: share of tiles mapped within `fresh_within`.
pub const MAP_FRESH_SHARE: &str = "map_fresh_share";
/// Metric: share of tiles mapped within the last 7 days.
pub const MAP_FRESH_7D_SHARE: &str = "map_fresh_7d_share";
/// Metric: median age of the mapped tiles, days.
pub const TILE_AGE_MEDIAN_DAYS: &str = "tile_age_median_days";
/// Metric: 90th percentile of the age of the mapped tiles, days.
pub const TILE_AGE_P90_DAYS: &str = "tile_age_p90_days";
/// Metric: mean tile multiplier over the city.
pub const TILE_MULTIPLIER_MEAN: &str = "tile_multiplier_mean";
/// Metric: drivers active (whether or not their dashcam works).
pub const DRIVERS_ACTIVE: &str = "drivers_active";
/// Metric: active drivers whose dashcam is up.
pub const DRIVERS_MAPPING: &str = "drivers_mapping";
/// Metric: the last week's pool, HONEY (after the progress multiplier).
pub const WEEKLY_POOL_HONEY: &str = "weekly_pool_honey";
/// Metric: HONEY paid to drivers since the start.
pub const HONEY_PAID: &str = "honey_paid";
/// Metric: the last week's mean reward per driver paid, HONEY.
pub const HONEY_PER_DRIVER_WEEK: &str = "honey_per_driver_week";
/// Metric: tile passes (a tile mapped by one trip) since the start.
pub const TILE_PASSES: &str = "tile_passes";

const DAY: SimDuration = SimDuration::from_days(1);
/// Assumption: dashcam imagery needs daylight; trips start between 06:00 and 22:00 of the
/// scenario's day (the older HDC maps in daylight; MIP-24's 24x7 mapping is for the Bee).
const TRIP_START_MS: u64 = 6 * 3_600_000;
const TRIP_SPAN_MS: u64 = 16 * 3_600_000;

/// Timers of a Hivemapper city.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Process day `day` (just ended); pay the week and apply churn when it ends a week.
    Day {
        /// Index of the day, from 0.
        day: u32,
    },
}

/// A trip of one driver on one day.
#[derive(Clone, Copy, Debug)]
struct Trip {
    at: u64,
    driver: u32,
    /// `None`: the commute (`back`: from work to home); `Some(t)`: from home to tile `t`.
    explore: Option<u32>,
    back: bool,
}

/// One Hivemapper city.
pub struct Hivemapper {
    config: HivemapperConfig,
    city: City,
    tiles: TileState,
    drivers: Vec<NodeId>,
    active: Vec<bool>,
    ever_active: Vec<bool>,
    quality: Vec<f64>,
    home: Vec<u32>,
    commute: Vec<Vec<u32>>,
    week_points: Vec<f64>,
    honey: Vec<f64>,
    honey_paid: f64,
    last_pool: f64,
    last_per_driver: f64,
    tile_passes: u64,
    joined: u32,
    left: u32,
    weeks: u32,
    weekly_active_sum: f64,
    last_now: SimTime,
    /// The map clock's offset: `warmup` in milliseconds.
    epoch: u64,
    fresh_sum: f64,
    samples: u32,
    /// Per dashcam: whether it was up when the day not yet processed began.
    day_up: Vec<bool>,
    /// Per dashcam: its changes (time in ms of the run's clock, up) in the day not yet
    /// processed, in order.
    day_changes: Vec<Vec<(u64, bool)>>,
}

impl Hivemapper {
    /// The city's tiles.
    pub fn city(&self) -> &City {
        &self.city
    }

    /// When each tile was last mapped.
    pub fn tiles(&self) -> &TileState {
        &self.tiles
    }

    /// Whether dashcam `node` has an active driver.
    pub fn is_active(&self, node: NodeId) -> bool {
        self.active[node.index()]
    }

    /// HONEY paid to each node so far.
    pub fn honey(&self) -> &[f64] {
        &self.honey
    }

    /// Points earned this week so far by each node.
    pub fn week_points(&self) -> &[f64] {
        &self.week_points
    }

    /// `now` on the map's clock.
    fn map_time(&self, now: SimTime) -> SimTime {
        SimTime::from_millis(now.as_millis() + self.epoch)
    }

    /// Gives dashcam `i` a new driver: a quality score, a home and a commute.
    fn assign_driver(&mut self, i: usize, rng: &mut StreamRng) {
        let n = self.city.len() as u32;
        let (home, work) = (rng.random_range(0..n), rng.random_range(0..n));
        self.quality[i] = rng.random_range(self.config.quality_min..=1.0);
        self.home[i] = home;
        self.commute[i] = self.city.route(home, work);
        self.active[i] = true;
        self.ever_active[i] = true;
    }

    /// Whether dashcam `i` was up at `at` (the map's clock) of the day not yet processed: its
    /// state when the day began, then its changes up to `at`. A warm-up day, before time zero,
    /// sees the state at the start.
    fn up_at(&self, i: usize, at: u64) -> bool {
        let Some(run_ms) = at.checked_sub(self.epoch) else { return self.day_up[i] };
        self.day_changes[i].iter().take_while(|(t, _)| *t <= run_ms).last().map_or(self.day_up[i], |(_, up)| *up)
    }

    /// Drives of the day that starts at `start` (the map's clock): every active driver whose
    /// dashcam works at some moment of the day drives with probability days/7, its trips at
    /// random times of the day; a trip that starts while the dashcam is down maps nothing.
    fn drive_day(&mut self, start: SimTime, cx: &mut Ctx<'_, Self>) {
        let p_drive = self.config.drive_days_per_week / 7.0;
        let n = self.city.len() as u32;
        let mut trips = Vec::new();
        for &node in &self.drivers {
            let i = node.index();
            let up_some_time = self.day_up[i] || self.day_changes[i].iter().any(|(_, up)| *up);
            if !self.active[i] || !up_some_time {
                continue;
            }
            let rng = cx.rng();
            if rng.random::<f64>() >= p_drive {
                continue;
            }
            for k in 0..self.config.trips_per_day {
                let at = start.as_millis() + TRIP_START_MS + rng.random_range(0..TRIP_SPAN_MS);
                let explore = (rng.random::<f64>() < self.config.explore_share).then(|| rng.random_range(0..n));
                trips.push(Trip { at, driver: node.0, explore, back: k % 2 == 1 });
            }
        }
        trips.retain(|t| self.up_at(t.driver as usize, t.at));
        trips.sort_by_key(|t| (t.at, t.driver));
        for trip in trips {
            let i = trip.driver as usize;
            let now = SimTime::from_millis(trip.at);
            let route = match trip.explore {
                Some(dest) => self.city.route(self.home[i], dest),
                None => self.commute[i].clone(),
            };
            let mut points = 0.0;
            let mut pass = |tile: u32| points += self.tiles.map(tile, now, trip.driver);
            if trip.back {
                route.iter().rev().for_each(|t| pass(*t));
            } else {
                route.iter().for_each(|t| pass(*t));
            }
            self.tile_passes += route.len() as u64;
            self.week_points[i] += points * self.quality[i];
        }
    }

    /// Pays the week's pool and applies churn.
    fn end_week(&mut self, now: SimTime, cx: &mut Ctx<'_, Self>) {
        let progress = self.tiles.fresh_share(self.map_time(now), self.config.fresh_within, |_| true);
        let mult = if self.config.progress_multiplier { progress_multiplier(progress) } else { 1.0 };
        // The week that ended started 7 days ago: its pool is the schedule's value then.
        let week_start = SimDuration::from_millis(now.as_millis().saturating_sub(7 * DAY.as_millis()));
        let base = base_pool(&self.config.weekly_pool, week_start);
        let pool = base * mult;
        let points: Vec<f64> = self.drivers.iter().map(|d| self.week_points[d.index()]).collect();
        let shares = split_pool(pool, &points);
        let mut paid_to = 0u32;
        let mut week_usd = vec![0.0; self.drivers.len()];
        for (k, (&node, honey)) in self.drivers.iter().zip(&shares).enumerate() {
            if *honey > 0.0 {
                self.honey[node.index()] += honey;
                self.honey_paid += honey;
                week_usd[k] = honey * self.config.honey_usd;
                cx.pay_in(node, *honey, week_usd[k]);
                paid_to += 1;
            }
            self.week_points[node.index()] = 0.0;
        }
        let paid: f64 = shares.iter().sum();
        self.last_pool = if paid > 0.0 { pool } else { 0.0 };
        self.last_per_driver = if paid_to > 0 { paid / paid_to as f64 } else { 0.0 };
        let active_now = self.active.iter().filter(|a| **a).count();
        self.weeks += 1;
        self.weekly_active_sum += active_now as f64;
        // Churn: what last week paid decides who stays and how attractive joining is.
        let mean_usd = if active_now > 0 { week_usd.iter().sum::<f64>() / active_now as f64 } else { 0.0 };
        let attraction =
            if self.config.min_weekly_usd > 0.0 { (mean_usd / self.config.min_weekly_usd).min(1.0) } else { 1.0 };
        for (k, &node) in self.drivers.clone().iter().enumerate() {
            let i = node.index();
            let rng = cx.rng();
            if self.active[i] {
                let low = week_usd[k] < self.config.min_weekly_usd;
                let p = self.config.leave_per_week + if low { self.config.low_reward_leave_per_week } else { 0.0 };
                if rng.random::<f64>() < p {
                    self.active[i] = false;
                    self.left += 1;
                }
            } else if rng.random::<f64>() < self.config.join_per_week * attraction {
                self.assign_driver(i, rng);
                self.joined += 1;
            }
        }
    }

    fn freshness(&self, now: SimTime) -> Freshness {
        self.tiles.freshness(now, self.config.fresh_within)
    }
}

impl Protocol for Hivemapper {
    const NAME: &'static str = "hivemapper";
    const SUMMARY: &'static str = "Hivemapper: dashcam drivers refresh H3 map tiles for weekly HONEY pools; tile multipliers, churn, map freshness";
    const ROLES: &'static [&'static str] = &["driver"];
    const KEY_METRICS: &'static [&'static str] =
        &[MAP_COVERAGE, MAP_FRESH_SHARE, TILE_AGE_MEDIAN_DAYS, DRIVERS_ACTIVE, WEEKLY_POOL_HONEY];
    const METRICS: &'static [depinsim_core::catalogue::Metric] = catalogue::METRICS;
    type Config = HivemapperConfig;
    type Timer = Timer;
    type Msg = ();

    fn check(config: &HivemapperConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        config.check()?;
        check_roles(groups, Self::NAME, Self::ROLES)
    }

    /// Every day each driving contributor makes its trips over the map's cells; samples visit the
    /// cells (a hexagon of `rings` rings has 3r^2 + 3r + 1).
    fn work(config: &HivemapperConfig, groups: &[GroupInfo], _duration: SimDuration) -> Work {
        let cells = 3.0 * (config.rings as f64).powi(2) + 3.0 * config.rings as f64 + 1.0;
        let drives = Work::nodes(groups) * config.drive_days_per_week / 7.0 * config.trips_per_day as f64;
        Work {
            per_day: drives + cells,
            per_sample: cells,
            what: "trips and cell visits",
            ..Work::over_nodes(groups, NS_PER_HIVEMAPPER_STEP)
        }
    }

    fn new(config: HivemapperConfig, nodes: &NodeTable, rng: &mut StreamRng) -> Result<Self, ConfigError> {
        Self::check(&config, &nodes.groups)?;
        let city = City::disk(config.city_lat, config.city_lng, config.resolution, config.rings)?;
        let n = nodes.len();
        let mut h = Hivemapper {
            tiles: TileState::new(city.len(), config.replenish),
            city,
            drivers: nodes.ids().collect(),
            active: vec![false; n],
            ever_active: vec![false; n],
            quality: vec![0.0; n],
            home: vec![0; n],
            commute: vec![Vec::new(); n],
            week_points: vec![0.0; n],
            honey: vec![0.0; n],
            honey_paid: 0.0,
            last_pool: 0.0,
            last_per_driver: 0.0,
            tile_passes: 0,
            joined: 0,
            left: 0,
            weeks: 0,
            weekly_active_sum: 0.0,
            last_now: SimTime::ZERO,
            epoch: config.warmup.as_millis(),
            fresh_sum: 0.0,
            samples: 0,
            day_up: vec![true; n],
            day_changes: vec![Vec::new(); n],
            config,
        };
        for i in 0..n {
            if rng.random::<f64>() < h.config.initial_active_share {
                h.assign_driver(i, rng);
            }
        }
        Ok(h)
    }

    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        for &node in &self.drivers {
            self.day_up[node.index()] = cx.is_up(node);
        }
        let warmup_days = self.epoch / DAY.as_millis();
        for d in 0..warmup_days {
            self.drive_day(SimTime::ZERO + SimDuration::from_days(d), cx);
        }
        // Warm-up contributions are not paid.
        self.week_points.iter_mut().for_each(|p| *p = 0.0);
        self.last_now = self.map_time(cx.now());
        cx.set_timer(DAY, Timer::Day { day: 0 });
    }

    fn on_timer(&mut self, _node: Option<NodeId>, timer: Timer, cx: &mut Ctx<'_, Self>) {
        let Timer::Day { day } = timer;
        let now = cx.now();
        self.drive_day(self.map_time(SimTime::ZERO + SimDuration::from_days(day as u64)), cx);
        for &node in &self.drivers {
            let i = node.index();
            self.day_up[i] = cx.is_up(node);
            self.day_changes[i].clear();
        }
        if (day + 1) % 7 == 0 {
            self.end_week(now, cx);
        }
        self.last_now = self.map_time(now);
        cx.set_timer(DAY, Timer::Day { day: day + 1 });
    }

    /// A dashcam's change is kept with its minute until its day is processed, so that the
    /// day's trips see the dashcam as it was when each started. Drives happen during the day
    /// (trips start between 06:00 and 22:00) and the imagery is captured on the dashcam as it
    /// drives (Hivemapper/odc-api, the software of the Open Dashcam, collects the frames on the
    /// device), so the rule is the dashcam's state at the trip, not at the day's end. Assumption
    /// (Hivemapper is "docs only, unverified", docs/reference/protocols.md): a dashcam down
    /// captures nothing, and a trip is instantaneous, at its start. A dashcam that fails at
    /// 23:00 has mapped its day; one that fails at 08:00 and works again at midnight has not.
    fn on_fault(&mut self, node: NodeId, fault: Fault, cx: &mut Ctx<'_, Self>) {
        // A lossy link does not stop a dashcam capturing; imagery is uploaded later.
        let Some(up) = fault.reachable() else { return };
        self.day_changes[node.index()].push((cx.now().as_millis(), up));
    }

    fn observe(&mut self, now: SimTime, live: &Liveness, obs: &mut Observer) {
        self.last_now = self.map_time(now);
        let f = self.freshness(self.last_now);
        self.fresh_sum += f.fresh;
        self.samples += 1;
        obs.record(AVAILABILITY, f.fresh);
        obs.record(MAP_COVERAGE, f.coverage);
        obs.record(MAP_FRESH_SHARE, f.fresh);
        obs.record(MAP_FRESH_7D_SHARE, f.fresh_7d);
        if let Some(a) = f.median_age_days {
            obs.record(TILE_AGE_MEDIAN_DAYS, a);
        }
        if let Some(a) = f.p90_age_days {
            obs.record(TILE_AGE_P90_DAYS, a);
        }
        obs.record(TILE_MULTIPLIER_MEAN, f.mean_multiplier);
        obs.record(DRIVERS_ACTIVE, self.active.iter().filter(|a| **a).count() as f64);
        let mapping = self.drivers.iter().filter(|d| self.active[d.index()] && live.is_up(**d)).count();
        obs.record(DRIVERS_MAPPING, mapping as f64);
        obs.record(WEEKLY_POOL_HONEY, self.last_pool);
        obs.record(HONEY_PAID, self.honey_paid);
        obs.record(HONEY_PER_DRIVER_WEEK, self.last_per_driver);
        obs.record(TILE_PASSES, self.tile_passes as f64);
    }

    /// The share of tiles that would still be fresh without the drivers marked down: a tile's
    /// freshness is credited to its last mapper (an approximation: an earlier pass by another
    /// driver within the window is not remembered).
    fn service_level(&self, down: &[bool]) -> f64 {
        self.tiles
            .fresh_share(self.last_now, self.config.fresh_within, |by| (by as usize) < down.len() && !down[by as usize])
    }

    /// Map rewards are in HONEY (`honey_usd` prices them).
    fn token(&self) -> Option<&'static str> {
        Some("HONEY")
    }

    fn service_delivered(&self) -> Option<(&'static str, f64)> {
        Some(("1k tile passes", self.tile_passes as f64 / 1e3))
    }

    fn headline(&self, h: &mut Headline) {
        let f = self.freshness(self.last_now);
        h.set(catalogue::MAP_COVERAGE_END, Some(f.coverage));
        h.set(catalogue::MAP_FRESH_SHARE_END, Some(f.fresh));
        h.set(catalogue::MAP_FRESH_SHARE_MEAN, (self.samples > 0).then(|| self.fresh_sum / self.samples as f64));
        h.set(catalogue::MAP_FRESH_7D_SHARE_END, Some(f.fresh_7d));
        h.set(catalogue::TILE_AGE_MEDIAN_END, f.median_age_days);
        h.set(catalogue::TILE_AGE_P90_END, f.p90_age_days);
        h.set(catalogue::DRIVERS_ACTIVE_END, Some(self.active.iter().filter(|a| **a).count() as f64));
        h.set(catalogue::DRIVERS_WEEKLY, (self.weeks > 0).then(|| self.weekly_active_sum / self.weeks as f64));
        h.set(catalogue::DRIVERS_JOINED, Some(self.joined as f64));
        h.set(catalogue::DRIVERS_LEFT, Some(self.left as f64));
        h.set(HONEY_PAID, Some(self.honey_paid));
        let earners: Vec<f64> =
            self.drivers.iter().filter(|d| self.ever_active[d.index()]).map(|d| self.honey[d.index()]).collect();
        h.set(
            catalogue::HONEY_PER_DRIVER_MEAN,
            (!earners.is_empty()).then(|| earners.iter().sum::<f64>() / earners.len() as f64),
        );
        h.set(catalogue::GINI_DRIVER_HONEY, gini(&earners));
        h.set(TILE_PASSES, Some(self.tile_passes as f64));
    }
}

#[cfg(test)]
mod tests;
