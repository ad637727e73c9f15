//! HIP-17 hex density scaling with the HIP-104 parameters (or a designer's own, see
//! [`DensityRules`]), as the IoT verifier computed it over every asserted hotspot (helium/HIP 0017
//! and 0104; iot_verifier/src/hex_density.rs).
//!
//! Hotspots are counted in their resolution-11 cell. Going up from resolution 10 to 4, each
//! parent's unclipped count is the sum of its children's clipped counts; its clipped count is
//! min(unclipped, limit), with limit = min(max, target * max(n - N + 1, 1)) where n is the number
//! of cells of its 7-cell k-ring whose (clipped) count reaches the target. A hotspot's scale is the
//! product, over its parents at resolutions 11 to 4, of clipped / unclipped, rounded to 4 decimals.
//!
//! Maps are `BTreeMap`s keyed by the cell index so that nothing depends on hash order (upstream
//! iterates a HashMap; the result does not depend on the order, since a clipped count is below the
//! target only when its unclipped count was).

use crate::hip15::round_dp4;
use depinsim_core::ConfigError;
use h3o::{CellIndex, Resolution};
use serde::Deserialize;
use std::collections::BTreeMap;

/// HIP-104 parameters of one resolution: (N neighbours, density target, density max).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResConfig {
    /// N: occupied neighbours allowed before the limit grows.
    pub neighbors: u64,
    /// Density target.
    pub target: u64,
    /// Density max.
    pub max: u64,
}

/// HIP-104 parameters by resolution (`HIP104_RES_CONFIG`): res 4 (2, 500, 1000), res 5
/// (4, 100, 200), res 6 (4, 25, 50), res 7 (4, 5, 10), res 8-10 (2, 1, 1).
pub fn hip104(res: Resolution) -> ResConfig {
    let (neighbors, target, max) = match res {
        Resolution::Four => (2, 500, 1000),
        Resolution::Five => (4, 100, 200),
        Resolution::Six => (4, 25, 50),
        Resolution::Seven => (4, 5, 10),
        _ => (2, 1, 1),
    };
    ResConfig { neighbors, target, max }
}

/// A change to one resolution's parameters, from the scenario's `hip17` table (key: the
/// resolution, "4" to "10"): each field left out keeps its HIP-104 value. For designers trying
/// other density rules than the ones the verifier shipped.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ResOverride {
    /// N: occupied neighbours allowed before the limit grows.
    pub neighbors: Option<u64>,
    /// Density target.
    pub target: Option<u64>,
    /// Density max.
    pub max: Option<u64>,
}

/// The parameters of every rolled-up resolution: HIP-104's, with the scenario's changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DensityRules {
    /// Indexed by resolution (0..=15; only 4 to 10 are used).
    by_res: [ResConfig; 16],
}

impl Default for DensityRules {
    /// HIP-104's table.
    fn default() -> Self {
        let mut by_res = [ResConfig { neighbors: 2, target: 1, max: 1 }; 16];
        for res in USED_RES {
            by_res[u8::from(res) as usize] = hip104(res);
        }
        DensityRules { by_res }
    }
}

impl DensityRules {
    /// HIP-104's table with `changes` (key: the resolution, "4" to "10"), each checked: a
    /// resolution the verifier rolls up, a target of at least 1 and a max of at least the target.
    /// Errors name `key.<res>.<field>`.
    pub fn new(changes: &BTreeMap<String, ResOverride>, key: &str) -> Result<Self, ConfigError> {
        let mut rules = DensityRules::default();
        for (name, change) in changes {
            // "8" only: "08" or "+8" would name the same resolution as another key.
            let res = name.parse::<u8>().ok().filter(|r| (4..=10).contains(r) && r.to_string() == *name).ok_or_else(
                || {
                    ConfigError::param(format!("{key}.{name}"), format!("`{key}` has a resolution `{name}`"))
                        .help("HIP-17 rolls up resolutions 4 to 10: keys \"4\" to \"10\"")
                },
            )?;
            let c = &mut rules.by_res[res as usize];
            c.neighbors = change.neighbors.unwrap_or(c.neighbors);
            c.target = change.target.unwrap_or(c.target);
            c.max = change.max.unwrap_or(c.max);
            if c.target == 0 {
                return Err(ConfigError::param(
                    format!("{key}.{name}.target"),
                    format!("the density target of resolution {res} is 0"),
                )
                .help("a target of 1 or more hotspots"));
            }
            if c.max < c.target {
                let field = if change.max.is_some() { "max" } else { "target" };
                return Err(ConfigError::param(
                    format!("{key}.{name}.{field}"),
                    format!("the density max of resolution {res} ({}) is below its target ({})", c.max, c.target),
                )
                .help("a max at least the target (HIP-104 uses twice the target from resolution 7 up)"));
            }
        }
        Ok(rules)
    }

    /// The parameters of `res`.
    pub fn at(&self, res: Resolution) -> ResConfig {
        self.by_res[u8::from(res) as usize]
    }

    /// The limit of a cell at `res` with `occupied` k-ring cells at or above the target:
    /// min(max, target x max(occupied - N + 1, 1)) (`limit`).
    pub fn limit(&self, res: Resolution, occupied: u64) -> u64 {
        let c = self.at(res);
        c.max.min(c.target.saturating_mul((occupied.saturating_sub(c.neighbors) + 1).max(1)))
    }
}

/// Resolutions rolled up, finest first (`USED_RES`).
const USED_RES: [Resolution; 7] = [
    Resolution::Ten,
    Resolution::Nine,
    Resolution::Eight,
    Resolution::Seven,
    Resolution::Six,
    Resolution::Five,
    Resolution::Four,
];

/// The limit of a cell at `res` with `occupied` k-ring cells at or above the target, with
/// HIP-104's parameters (`limit`).
pub fn limit(res: Resolution, occupied: u64) -> u64 {
    DensityRules::default().limit(res, occupied)
}

/// Clipped and unclipped counts of every occupied cell at resolutions 11 to 4.
#[derive(Clone, Debug, Default)]
pub struct DensityMap {
    unclipped: BTreeMap<u64, u64>,
    clipped: BTreeMap<u64, u64>,
}

impl DensityMap {
    /// Counts the asserted cells (any resolution from 11 down) and rolls the counts up with
    /// HIP-104's parameters.
    pub fn new(asserted: &[CellIndex]) -> Self {
        Self::with_rules(asserted, &DensityRules::default())
    }

    /// The same with `rules` for the limits.
    pub fn with_rules(asserted: &[CellIndex], rules: &DensityRules) -> Self {
        let mut m = DensityMap::default();
        let mut level: Vec<CellIndex> = Vec::new();
        for cell in asserted {
            if let Some(p) = cell.parent(Resolution::Eleven) {
                *m.unclipped.entry(p.into()).or_insert(0) += 1;
                *m.clipped.entry(p.into()).or_insert(0) += 1;
                level.push(p);
            }
        }
        level.sort_unstable();
        level.dedup();
        for res in USED_RES {
            let mut parents: Vec<CellIndex> = Vec::with_capacity(level.len());
            for cell in &level {
                let Some(parent) = cell.parent(res) else { continue };
                let child = m.clipped.get(&u64::from(*cell)).copied().unwrap_or(0);
                *m.unclipped.entry(parent.into()).or_insert(0) += child;
                *m.clipped.entry(parent.into()).or_insert(0) += child;
                parents.push(parent);
            }
            parents.sort_unstable();
            parents.dedup();
            let target = rules.at(res).target;
            for parent in &parents {
                let occupied = parent
                    .grid_disk::<Vec<_>>(1)
                    .into_iter()
                    .filter(|c| m.clipped.get(&u64::from(*c)).is_some_and(|n| *n >= target))
                    .count() as u64;
                let lim = rules.limit(res, occupied);
                if let Some(unclipped) = m.unclipped.get(&u64::from(*parent)).copied() {
                    m.clipped.insert((*parent).into(), lim.min(unclipped));
                }
            }
            level = parents;
        }
        m
    }

    /// The scale of a hotspot asserted at `cell`: the product of clipped / unclipped over its
    /// parents, rounded to 4 decimals (`compute_hex_density_map`).
    pub fn scale(&self, cell: CellIndex) -> f64 {
        let mut scale = 1.0;
        for r in (4..=13u8).rev() {
            let res = Resolution::try_from(r).expect("valid resolution");
            let Some(parent) = cell.parent(res) else { continue };
            let key = u64::from(parent);
            if let (Some(u), Some(c)) = (self.unclipped.get(&key), self.clipped.get(&key)) {
                scale *= *c as f64 / *u as f64;
            }
        }
        round_dp4(scale)
    }

    /// Clipped count of a cell (0 if empty).
    pub fn clipped(&self, cell: CellIndex) -> u64 {
        self.clipped.get(&u64::from(cell)).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use h3o::LatLng;

    fn cell(raw: u64) -> CellIndex {
        CellIndex::try_from(raw).unwrap()
    }

    #[test]
    fn limits_by_hand() {
        // Res 8-10: target 1, max 1: the limit is 1 however many neighbours are occupied.
        assert_eq!(limit(Resolution::Eight, 0), 1);
        assert_eq!(limit(Resolution::Eight, 7), 1);
        // Res 7 (N 4, target 5, max 10): up to 4 occupied -> 5; 5 occupied -> 5 * 2 = 10; 7 -> capped 10.
        assert_eq!(limit(Resolution::Seven, 4), 5);
        assert_eq!(limit(Resolution::Seven, 5), 10);
        assert_eq!(limit(Resolution::Seven, 7), 10);
        // Res 4 (N 2, target 500, max 1000): 3 occupied -> 1000.
        assert_eq!(limit(Resolution::Four, 2), 500);
        assert_eq!(limit(Resolution::Four, 3), 1000);
    }

    #[test]
    fn a_lone_hotspot_keeps_its_full_scale() {
        let c = LatLng::new(40.0, -4.0).unwrap().to_cell(Resolution::Twelve);
        let m = DensityMap::new(&[c]);
        assert_eq!(m.scale(c), 1.0);
    }

    #[test]
    fn the_default_rules_are_hip104_and_changes_replace_only_what_they_name() {
        let d = DensityRules::default();
        for res in USED_RES {
            assert_eq!(d.at(res), hip104(res), "{res:?}");
        }
        let change = ResOverride { target: Some(2), ..Default::default() };
        let rules = DensityRules::new(&[("7".to_string(), change)].into_iter().collect(), "hip17").unwrap();
        assert_eq!(rules.at(Resolution::Seven), ResConfig { neighbors: 4, target: 2, max: 10 });
        assert_eq!(rules.at(Resolution::Six), hip104(Resolution::Six));
        // Limit = min(max, target x max(occupied - N + 1, 1)): 2 x (7 - 4 + 1) = 8 <= 10.
        assert_eq!(rules.limit(Resolution::Seven, 7), 8);
        assert_eq!(d.limit(Resolution::Seven, 7), 10);
    }

    #[test]
    fn changes_out_of_range_are_refused_at_their_key() {
        let one = |res: &str, c: ResOverride| DensityRules::new(&[(res.to_string(), c)].into_iter().collect(), "hip17");
        for bad in ["3", "11", "08", "+8", "eight"] {
            let err = one(bad, ResOverride::default()).unwrap_err();
            assert!(format!("{err:?}").contains(&format!("hip17.{bad}")), "{err:?}");
        }
        let err = one("8", ResOverride { target: Some(0), ..Default::default() }).unwrap_err();
        assert!(format!("{err:?}").contains("hip17.8.target"), "{err:?}");
        let err = one("5", ResOverride { max: Some(50), ..Default::default() }).unwrap_err();
        assert!(format!("{err:?}").contains("hip17.5.max") && format!("{err:?}").contains("below its target (100)"));
    }

    #[test]
    fn a_looser_rule_at_resolutions_8_to_10_lets_two_close_hotspots_keep_their_full_scale() {
        // The pair of the test below: under HIP-104 each scales by 1/2; with a target and max of
        // 2 at resolutions 8 to 10 no level clips them (resolution 7 and up hold 2 of 5 or more).
        let base = LatLng::new(40.0, -4.0).unwrap().to_cell(Resolution::Ten);
        let kids: Vec<CellIndex> = base.children(Resolution::Eleven).take(2).collect();
        let (a, b) =
            (kids[0].center_child(Resolution::Twelve).unwrap(), kids[1].center_child(Resolution::Twelve).unwrap());
        let loose = ResOverride { target: Some(2), max: Some(2), ..Default::default() };
        let changes = ["8", "9", "10"].iter().map(|r| (r.to_string(), loose)).collect();
        let rules = DensityRules::new(&changes, "hip17").unwrap();
        let m = DensityMap::with_rules(&[a, b], &rules);
        assert_eq!((m.scale(a), m.scale(b)), (1.0, 1.0));
        // Only resolution 10 loosened: resolution 9 clips the pair to 1.
        let only_10 = [("10".to_string(), loose)].into_iter().collect();
        let m = DensityMap::with_rules(&[a, b], &DensityRules::new(&only_10, "hip17").unwrap());
        assert_eq!((m.scale(a), m.scale(b)), (0.5, 0.5));
        assert_eq!(DensityMap::new(&[a, b]).scale(a), 0.5);
    }

    #[test]
    fn two_hotspots_in_one_res10_cell_share_it() {
        // Two hotspots in distinct res-11 cells of one res-10 cell: that cell's limit is 1, its
        // unclipped count 2, so each scales by 1/2 (every coarser level holds 1 of a limit >= 1).
        let base = LatLng::new(40.0, -4.0).unwrap().to_cell(Resolution::Ten);
        let kids: Vec<CellIndex> = base.children(Resolution::Eleven).take(2).collect();
        let a = kids[0].center_child(Resolution::Twelve).unwrap();
        let b = kids[1].center_child(Resolution::Twelve).unwrap();
        let m = DensityMap::new(&[a, b]);
        assert_eq!(m.scale(a), 0.5);
        assert_eq!(m.scale(b), 0.5);
        // Three in one res-11 cell: res 11 is not clipped, res 10 is: each gets 1/3.
        let m3 = DensityMap::new(&[a, a, a]);
        assert_eq!(m3.scale(a), 0.3333);
    }

    #[test]
    fn reproduces_the_verifiers_simple_scale_check() {
        // iot_verifier/src/hex_density.rs, test simple_scale_check: the asserted cells and the
        // expected scales.
        let indexes: [u64; 36] = [
            631210990515536895,
            631210990515536895,
            631210990515536895,
            631210990515537919,
            631210990515537919,
            631210990515537919,
            631210990515538431,
            631210990515564031,
            631210990515589631,
            631210990515600383,
            631210990515601919,
            631210990515606527,
            631210990515722239,
            631210990515722239,
            631210990515727359,
            631210990515728895,
            631210990515739647,
            631210990515874303,
            631210990515924479,
            631210990516363775,
            631210990515987455,
            631210990516590079,
            631210990516612607,
            631210990516613631,
            631210990516640767,
            631210990516876799,
            631210990516885503,
            631210990516888063,
            631210990516907007,
            631210990516912639,
            631210990516955647,
            631210990516996607,
            631210990517011455,
            631210990517016575,
            631210990517144063,
            631210990517264895,
        ];
        let expected: [(u64, f64); 32] = [
            (631210990515537919, 0.0060),
            (631210990516955647, 0.0417),
            (631210990516885503, 0.0139),
            (631210990515601919, 0.0104),
            (631210990516590079, 0.0556),
            (631210990516888063, 0.0139),
            (631210990516640767, 0.0556),
            (631210990516907007, 0.0208),
            (631210990515874303, 0.0556),
            (631210990517011455, 0.0139),
            (631210990516363775, 0.1667),
            (631210990515589631, 0.0104),
            (631210990516996607, 0.0139),
            (631210990515600383, 0.0104),
            (631210990517016575, 0.0139),
            (631210990515606527, 0.0104),
            (631210990515739647, 0.0083),
            (631210990516613631, 0.0278),
            (631210990516876799, 0.0139),
            (631210990515924479, 0.0556),
            (631210990515538431, 0.0060),
            (631210990515536895, 0.0060),
            (631210990517144063, 0.0833),
            (631210990517264895, 0.0833),
            (631210990516612607, 0.0278),
            (631210990515722239, 0.0083),
            (631210990516912639, 0.0208),
            (631210990515727359, 0.0083),
            (631210990515564031, 0.0417),
            (631210990515728895, 0.0083),
            (631210990515987455, 0.0556),
            (631210990517264895, 0.0833),
        ];
        let cells: Vec<CellIndex> = indexes.iter().map(|i| cell(*i)).collect();
        let m = DensityMap::new(&cells);
        for (raw, scale) in expected {
            assert_eq!(m.scale(cell(raw)), scale, "cell {raw}");
        }
    }
}
