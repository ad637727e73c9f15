//! HIP-17 hex density scaling with the HIP-104 parameters, as the IoT verifier computed it over
//! every asserted hotspot (helium/HIP 0017 and 0104; iot_verifier/src/hex_density.rs).
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
use h3o::{CellIndex, Resolution};
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

/// The limit of a cell at `res` with `occupied` k-ring cells at or above the target (`limit`).
pub fn limit(res: Resolution, occupied: u64) -> u64 {
    let c = hip104(res);
    c.max.min(c.target * (occupied.saturating_sub(c.neighbors) + 1).max(1))
}

/// Clipped and unclipped counts of every occupied cell at resolutions 11 to 4.
#[derive(Clone, Debug, Default)]
pub struct DensityMap {
    unclipped: BTreeMap<u64, u64>,
    clipped: BTreeMap<u64, u64>,
}

impl DensityMap {
    /// Counts the asserted cells (any resolution from 11 down) and rolls the counts up.
    pub fn new(asserted: &[CellIndex]) -> Self {
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
            let target = hip104(res).target;
            for parent in &parents {
                let occupied = parent
                    .grid_disk::<Vec<_>>(1)
                    .into_iter()
                    .filter(|c| m.clipped.get(&u64::from(*c)).is_some_and(|n| *n >= target))
                    .count() as u64;
                let lim = limit(res, occupied);
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
