//! Client data and its durability: each object is stored in one sector of each of `replicas`
//! SPs (a storage deal per copy, as clients replicate on Filecoin; the chain itself keeps no
//! copies). A copy is gone when its sector is terminated or its data destroyed with the SP's
//! hardware; an object is lost when every copy is gone. A copy whose sector expired on schedule
//! ended with its deal; an object whose copies all ended or are gone, not all gone, has ended.

use depinsim_core::StreamRng;
use depinsim_core::node::NodeTable;
use depinsim_core::{ConfigError, NodeId};
use rand::Rng;

use crate::config::Spread;
use crate::sector::{SectorState, Sectors};

/// What became of one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectStatus {
    /// Some copy sits in a live, non-faulty sector with its data on an SP that is up.
    Available,
    /// Some copy may still be retrieved later, none now.
    Unavailable,
    /// Every copy is gone.
    Lost,
    /// No copy is live and not all are gone: the deals ended.
    Ended,
}

/// Client objects and the sectors holding their copies.
#[derive(Clone, Debug, Default)]
pub struct Deals {
    /// Copies per object.
    pub replicas: usize,
    /// `copies[o * replicas + j]`: the sector holding copy j of object o.
    pub copies: Vec<u32>,
}

fn key(spread: Spread, nodes: &NodeTable, sp: usize) -> u64 {
    let node = NodeId(sp as u32);
    match spread {
        Spread::Sps => sp as u64,
        Spread::Sites => nodes.site_key(node),
        Spread::Providers => nodes.info(node).provider.0 as u64,
    }
}

impl Deals {
    /// Places `objects` objects on the sectors listed per SP in `by_sp`, one copy per SP, on
    /// `replicas` SPs of distinct failure domains drawn at random among those with sectors.
    /// [`crate::check::check_groups`] has made sure there are `replicas` SPs with sectors; how
    /// many distinct sites or providers they stand in is known only once they are placed, so
    /// too few is refused here, at `replicas`.
    pub fn place(
        objects: u32,
        replicas: usize,
        spread: Spread,
        nodes: &NodeTable,
        by_sp: &[Vec<u32>],
        rng: &mut StreamRng,
    ) -> Result<Self, ConfigError> {
        let candidates: Vec<usize> = (0..by_sp.len()).filter(|s| !by_sp[*s].is_empty()).collect();
        if objects == 0 {
            return Ok(Deals { replicas, copies: Vec::new() });
        }
        let mut keys: Vec<u64> = candidates.iter().map(|s| key(spread, nodes, *s)).collect();
        keys.sort_unstable();
        keys.dedup();
        if keys.len() < replicas {
            let (domains, spread_name) = match spread {
                Spread::Sps => ("SPs", "sps"),
                Spread::Sites => ("sites", "sites"),
                Spread::Providers => ("hosting providers", "providers"),
            };
            return Err(ConfigError::param(
                "replicas",
                format!(
                    "`replicas` is {replicas}, but the SPs with sectors stand in only {} distinct {domains}",
                    keys.len()
                ),
            )
            .help(format!(
                "with `spread = \"{spread_name}\"`, at most {}: place the SP groups in more {domains}, lower \
                 `replicas`, or choose a narrower `spread`",
                keys.len()
            )));
        }
        let mut copies = Vec::with_capacity(objects as usize * replicas);
        let mut chosen: Vec<usize> = Vec::with_capacity(replicas);
        for _ in 0..objects {
            chosen.clear();
            while chosen.len() < replicas {
                let sp = candidates[rng.random_range(0..candidates.len())];
                let k = key(spread, nodes, sp);
                if chosen.iter().any(|c| key(spread, nodes, *c) == k) {
                    continue;
                }
                chosen.push(sp);
                let sectors = &by_sp[sp];
                copies.push(sectors[rng.random_range(0..sectors.len())]);
            }
        }
        Ok(Deals { replicas, copies })
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.copies.len().checked_div(self.replicas).unwrap_or(0)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.copies.is_empty()
    }

    /// The sectors holding object `o`.
    pub fn sectors(&self, o: usize) -> &[u32] {
        &self.copies[o * self.replicas..(o + 1) * self.replicas]
    }

    /// What became of object `o`, given which SPs are up.
    pub fn status(&self, o: usize, sectors: &Sectors, sp_up: impl Fn(usize) -> bool) -> ObjectStatus {
        let (mut gone, mut live) = (0, false);
        for &s in self.sectors(o) {
            let state = sectors.state[s as usize];
            if sectors.data_gone(s) || state == SectorState::Terminated {
                gone += 1;
                continue;
            }
            if state.is_live() {
                live = true;
                if matches!(state, SectorState::Active | SectorState::Unproven)
                    && sp_up(sectors.sp[s as usize] as usize)
                {
                    return ObjectStatus::Available;
                }
            }
        }
        if gone == self.replicas {
            ObjectStatus::Lost
        } else if live {
            ObjectStatus::Unavailable
        } else {
            ObjectStatus::Ended
        }
    }
}
