//! The city as H3 tiles, when each was last mapped, and the per-tile multiplier that decides how
//! much a fresh drive through it is worth.
//!
//! Hivemapper divides the world into H3 hexes, "the atomic unit of the map" (docs.hivemapper.com,
//! *Use map data / Map data structure*). The network uses very small cells; this model uses a
//! coarser resolution (8 by default, about 0.74 km² per hex) so that a city has a few hundred to a
//! few thousand tiles: an assumption that trades road-level detail for speed, stated in the
//! scenario.
//!
//! The multiplier rule (docs/reference/protocols.md, *Hivemapper*, "unverified"): each tile's
//! multiplier runs from 0 to 1, is reset to 0 when the tile is mapped and replenished over 7 days.
//! Hivemapper's blog ("The best places in the world to be Hivemapping right now", 2023) says
//! "roads that haven't been mapped in at least 7 days generate the biggest rewards". How the
//! multiplier climbs between 0 and 7 days is not published: a **linear** climb is this model's
//! stand-in.

use depinsim_core::config::ConfigError;
use depinsim_core::{SimDuration, SimTime};
use h3o::{CellIndex, LatLng, Resolution};

/// Sentinel for a tile never mapped.
const NEVER: u64 = u64::MAX;

/// The tiles of a city: an H3 disk around its centre, sorted by index so that every lookup and
/// every scan is in a fixed order.
#[derive(Clone, Debug)]
pub struct City {
    cells: Vec<CellIndex>,
}

impl City {
    /// The disk of `rings` rings of resolution-`resolution` cells around (`lat`, `lng`):
    /// 3·rings·(rings+1)+1 tiles away from pentagons. Refuses what [`check_centre`] refuses.
    pub fn disk(lat: f64, lng: f64, resolution: u8, rings: u32) -> Result<Self, ConfigError> {
        let res = check_centre(lat, lng, resolution)?;
        let centre = LatLng::new(lat, lng).map_err(|e| {
            ConfigError::param("city_lat", format!("the city centre ({lat}, {lng}) is not a place on Earth: {e}"))
        })?;
        let mut cells: Vec<CellIndex> = centre.to_cell(res).grid_disk(rings);
        cells.sort_unstable();
        cells.dedup();
        Ok(City { cells })
    }

    /// Number of tiles.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether the city has no tiles.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The tile's H3 cell.
    pub fn cell(&self, tile: u32) -> CellIndex {
        self.cells[tile as usize]
    }

    /// The tile number of `cell`, if it is in the city.
    pub fn tile(&self, cell: CellIndex) -> Option<u32> {
        self.cells.binary_search(&cell).ok().map(|i| i as u32)
    }

    /// The tiles a drive from `from` to `to` passes through, in order: H3's grid path (a straight
    /// line of adjacent hexes; a stand-in for the road network, which the model does not have).
    /// Cells of the path outside the city are skipped; an empty path means H3 could not draw one.
    pub fn route(&self, from: u32, to: u32) -> Vec<u32> {
        let Ok(path) = self.cell(from).grid_path_cells(self.cell(to)) else {
            return Vec::new();
        };
        path.filter_map(|c| c.ok()).filter_map(|c| self.tile(c)).collect()
    }
}

/// The multiplier of a tile last mapped at `last` (None: never), at `now`: 1 for a tile never
/// mapped, 0 just after mapping, climbing linearly back to 1 over `replenish` (stand-in shape, see
/// the module docs).
pub fn multiplier(last: Option<SimTime>, now: SimTime, replenish: SimDuration) -> f64 {
    match last {
        None => 1.0,
        Some(t) if replenish == SimDuration::ZERO => f64::from(u8::from(now > t)),
        Some(t) => (now.since(t).as_millis() as f64 / replenish.as_millis() as f64).min(1.0),
    }
}

/// Checks a city centre and tile resolution, with the keys of `[networks.params]`: an H3
/// resolution (0 to 15) and a latitude and longitude in range (NaN is not).
pub fn check_centre(lat: f64, lng: f64, resolution: u8) -> Result<Resolution, ConfigError> {
    let res = Resolution::try_from(resolution).map_err(|_| {
        ConfigError::param("resolution", format!("`resolution` is {resolution}"))
            .help("an H3 resolution from 0 to 15 (8 is about 0.74 km² per tile)")
    })?;
    if !(-90.0..=90.0).contains(&lat) {
        return Err(
            ConfigError::param("city_lat", format!("`city_lat` is {lat}")).help("a latitude from -90 to 90 degrees")
        );
    }
    if !(-180.0..=180.0).contains(&lng) {
        return Err(
            ConfigError::param("city_lng", format!("`city_lng` is {lng}")).help("a longitude from -180 to 180 degrees")
        );
    }
    Ok(res)
}

/// When each tile was last mapped, and by whom.
#[derive(Clone, Debug)]
pub struct TileState {
    last: Vec<u64>,
    by: Vec<u32>,
    replenish: SimDuration,
}

/// The map's freshness at one instant.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Freshness {
    /// Share of tiles ever mapped.
    pub coverage: f64,
    /// Share of tiles mapped within the freshness window.
    pub fresh: f64,
    /// Share of tiles mapped within the last 7 days.
    pub fresh_7d: f64,
    /// Median age of the mapped tiles, days (None when nothing is mapped).
    pub median_age_days: Option<f64>,
    /// 90th percentile of the age of the mapped tiles, days.
    pub p90_age_days: Option<f64>,
    /// Mean multiplier over all tiles (1 = every tile is worth a full reward).
    pub mean_multiplier: f64,
}

impl TileState {
    /// `tiles` tiles, none mapped.
    pub fn new(tiles: usize, replenish: SimDuration) -> Self {
        TileState { last: vec![NEVER; tiles], by: vec![u32::MAX; tiles], replenish }
    }

    /// When the tile was last mapped.
    pub fn last_mapped(&self, tile: u32) -> Option<SimTime> {
        let t = self.last[tile as usize];
        (t != NEVER).then(|| SimTime::from_millis(t))
    }

    /// Who last mapped the tile (a driver's node index).
    pub fn last_mapper(&self, tile: u32) -> Option<u32> {
        let b = self.by[tile as usize];
        (b != u32::MAX).then_some(b)
    }

    /// The tile's multiplier at `now`.
    pub fn multiplier(&self, tile: u32, now: SimTime) -> f64 {
        multiplier(self.last_mapped(tile), now, self.replenish)
    }

    /// `driver` maps `tile` at `now`: returns the multiplier it earned and resets it to 0.
    pub fn map(&mut self, tile: u32, now: SimTime, driver: u32) -> f64 {
        let m = self.multiplier(tile, now);
        self.last[tile as usize] = now.as_millis();
        self.by[tile as usize] = driver;
        m
    }

    /// Number of tiles.
    pub fn len(&self) -> usize {
        self.last.len()
    }

    /// Whether there are no tiles.
    pub fn is_empty(&self) -> bool {
        self.last.is_empty()
    }

    /// Share of tiles mapped within `window` of `now` whose last mapper passes `keep`.
    pub fn fresh_share(&self, now: SimTime, window: SimDuration, keep: impl Fn(u32) -> bool) -> f64 {
        if self.last.is_empty() {
            return 0.0;
        }
        let fresh = (0..self.last.len() as u32)
            .filter(|t| self.last_mapped(*t).is_some_and(|m| now.since(m) <= window) && keep(self.by[*t as usize]))
            .count();
        fresh as f64 / self.last.len() as f64
    }

    /// Coverage, freshness and the age distribution at `now`, with `window` as "fresh".
    pub fn freshness(&self, now: SimTime, window: SimDuration) -> Freshness {
        let n = self.last.len();
        if n == 0 {
            return Freshness::default();
        }
        let mut ages: Vec<u64> =
            self.last.iter().filter(|t| **t != NEVER).map(|t| now.as_millis().saturating_sub(*t)).collect();
        ages.sort_unstable();
        let day = SimDuration::from_days(1).as_millis() as f64;
        let quantile =
            |q: f64| (!ages.is_empty()).then(|| ages[((ages.len() - 1) as f64 * q).round() as usize] as f64 / day);
        let within = |w: u64| ages.iter().filter(|a| **a <= w).count() as f64 / n as f64;
        let mean_multiplier = (0..n as u32).map(|t| self.multiplier(t, now)).sum::<f64>() / n as f64;
        Freshness {
            coverage: ages.len() as f64 / n as f64,
            fresh: within(window.as_millis()),
            fresh_7d: within(SimDuration::from_days(7).as_millis()),
            median_age_days: quantile(0.5),
            p90_age_days: quantile(0.9),
            mean_multiplier,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEEK: SimDuration = SimDuration::from_days(7);

    #[test]
    fn multiplier_resets_when_mapped_and_replenishes_over_seven_days() {
        let mut tiles = TileState::new(2, WEEK);
        let t0 = SimTime::ZERO + SimDuration::from_days(3);
        // Never mapped: full multiplier, and mapping earns it.
        assert_eq!(tiles.map(0, t0, 5), 1.0);
        // Reset to 0 at once: a second pass in the same instant earns nothing.
        assert_eq!(tiles.map(0, t0, 6), 0.0);
        // Linear climb: half after 3.5 days, full at 7 days, capped at 1 afterwards.
        assert!((tiles.multiplier(0, t0 + SimDuration::from_hours(84)) - 0.5).abs() < 1e-12);
        assert_eq!(tiles.multiplier(0, t0 + WEEK), 1.0);
        assert_eq!(tiles.multiplier(0, t0 + SimDuration::from_days(30)), 1.0);
        // Failing case: one day after mapping the tile is worth only 1/7, not a full reward.
        let one_day = tiles.multiplier(0, t0 + SimDuration::from_days(1));
        assert!((one_day - 1.0 / 7.0).abs() < 1e-12 && one_day < 1.0);
        // The other tile was untouched.
        assert_eq!(tiles.multiplier(1, t0), 1.0);
        assert_eq!(tiles.last_mapper(0), Some(6));
    }

    #[test]
    fn disk_has_the_closed_form_number_of_tiles_and_routes_stay_inside() {
        // Lisbon, resolution 8, 5 rings: 3*5*6+1 = 91 hexes (no pentagon nearby).
        let city = City::disk(38.7223, -9.1393, 8, 5).unwrap();
        assert_eq!(city.len(), 91);
        let route = city.route(0, 90);
        assert!(route.len() >= 2);
        assert_eq!(route.first(), Some(&0));
        assert_eq!(route.last(), Some(&90));
        // Consecutive tiles of a route are neighbours.
        for w in route.windows(2) {
            assert!(city.cell(w[0]).is_neighbor_with(city.cell(w[1])).unwrap());
        }
        assert!(City::disk(95.0, 0.0, 8, 5).is_err());
        assert!(City::disk(38.0, -9.0, 16, 5).is_err());
    }

    #[test]
    fn freshness_counts_ages_and_never_mapped_tiles() {
        let mut tiles = TileState::new(4, WEEK);
        let day = |d: u64| SimTime::ZERO + SimDuration::from_days(d);
        tiles.map(0, day(0), 0);
        tiles.map(1, day(20), 0);
        tiles.map(2, day(29), 1);
        let f = tiles.freshness(day(30), SimDuration::from_days(14));
        assert_eq!(f.coverage, 0.75);
        assert_eq!(f.fresh, 0.5); // tiles 1 (10 days) and 2 (1 day)
        assert_eq!(f.fresh_7d, 0.25);
        assert_eq!(f.median_age_days, Some(10.0));
        assert_eq!(f.p90_age_days, Some(30.0));
        // Driver 1's tile no longer counts if driver 1 is gone.
        assert_eq!(tiles.fresh_share(day(30), SimDuration::from_days(14), |d| d != 1), 0.25);
    }
}
