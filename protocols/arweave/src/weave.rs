//! Who holds which part of the weave. The weave is cut into partitions of
//! [`crate::pricing::PARTITION_SIZE`] bytes (miners pack and mine whole partitions); the
//! simulated miners hold `replicas` copies of each, placed on distinct operators, sites or
//! providers. A miner whose hardware is destroyed loses its copies; when it is replaced it
//! syncs them again from any surviving copy (assumption: the re-sync is instantaneous at the
//! model's day scale). A partition whose every copy is destroyed is lost.

use depinsim_core::StreamRng;
use depinsim_core::node::NodeTable;
use depinsim_core::{Liveness, NodeId};
use rand::Rng;
use serde::Deserialize;

/// The failure domain the copies of a partition must not share.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Spread {
    /// Distinct operators only: nothing stops copies from gathering at one provider (what the
    /// protocol can see: it rewards storage, not where it is).
    #[default]
    Operators,
    /// Distinct hosting or internet providers.
    Providers,
}

impl Spread {
    /// Its name in scenario files, which is also what its failure domains are called.
    pub fn name(self) -> &'static str {
        match self {
            Spread::Operators => "operators",
            Spread::Providers => "providers",
        }
    }

    fn key(self, nodes: &NodeTable, node: NodeId) -> u32 {
        match self {
            Spread::Operators => nodes.info(node).operator.0,
            Spread::Providers => nodes.info(node).provider.0,
        }
    }
}

/// How many random draws to try before giving up on a fitting miner.
const DRAWS: usize = 64;

/// Partitions, their copies and the miners holding them.
#[derive(Clone, Debug)]
pub struct Weave {
    replicas: usize,
    spread: Spread,
    /// `holders[p * replicas + j]`: the miner holding copy j of partition p.
    holders: Vec<u32>,
    /// Copies of each partition not destroyed.
    intact: Vec<u8>,
    lost: Vec<bool>,
    lost_count: u32,
    /// Partitions each miner is assigned.
    held: Vec<Vec<u32>>,
    /// Miners whose hardware was destroyed and not yet replaced.
    wiped: Vec<bool>,
    /// Partitions each miner stores intact, kept as copies come and go (read every batch).
    stored: Vec<u32>,
}

impl Weave {
    /// An empty weave over `miners` miners.
    pub fn new(miners: usize, replicas: usize, spread: Spread) -> Self {
        Weave {
            replicas,
            spread,
            holders: Vec::new(),
            intact: Vec::new(),
            lost: Vec::new(),
            lost_count: 0,
            held: vec![Vec::new(); miners],
            wiped: vec![false; miners],
            stored: vec![0; miners],
        }
    }

    /// Number of partitions.
    pub fn partitions(&self) -> usize {
        self.intact.len()
    }

    /// Partitions whose every copy was destroyed.
    pub fn lost(&self) -> u32 {
        self.lost_count
    }

    /// The miners holding partition `p`.
    pub fn holders(&self, p: usize) -> &[u32] {
        &self.holders[p * self.replicas..(p + 1) * self.replicas]
    }

    /// Partitions held by `miner` with its data intact (what it mines with).
    pub fn stored_by(&self, miner: NodeId) -> usize {
        self.stored[miner.index()] as usize
    }

    /// Adds a partition, its copies on distinct failure domains among the miners not wiped and
    /// up (when `live` is given). Errs when too few domains can take it.
    pub fn add_partition(
        &mut self,
        nodes: &NodeTable,
        live: Option<&Liveness>,
        rng: &mut StreamRng,
    ) -> Result<(), String> {
        let p = self.intact.len() as u32;
        let miners = self.held.len();
        let mut chosen: Vec<u32> = Vec::with_capacity(self.replicas);
        for _ in 0..self.replicas {
            let pick = (0..DRAWS).find_map(|_| {
                let m = rng.random_range(0..miners) as u32;
                let node = NodeId(m);
                let fits = !self.wiped[m as usize]
                    && live.is_none_or(|l| l.is_up(node))
                    && !chosen.iter().any(|c| self.spread.key(nodes, NodeId(*c)) == self.spread.key(nodes, node));
                fits.then_some(m)
            });
            let m = pick.ok_or_else(|| {
                format!("could not place {} copies of a partition on distinct {:?}", self.replicas, self.spread)
            })?;
            chosen.push(m);
        }
        for m in &chosen {
            self.held[*m as usize].push(p);
            self.stored[*m as usize] += 1;
        }
        self.holders.extend_from_slice(&chosen);
        self.intact.push(self.replicas as u8);
        self.lost.push(false);
        Ok(())
    }

    /// `miner`'s hardware and data are gone.
    pub fn destroy(&mut self, miner: NodeId) {
        if std::mem::replace(&mut self.wiped[miner.index()], true) {
            return;
        }
        self.stored[miner.index()] = 0;
        for &p in &self.held[miner.index()] {
            let p = p as usize;
            if self.lost[p] {
                continue;
            }
            self.intact[p] -= 1;
            if self.intact[p] == 0 {
                self.lost[p] = true;
                self.lost_count += 1;
            }
        }
    }

    /// `miner` has new hardware: it syncs every partition it held that still has a copy.
    pub fn replace(&mut self, miner: NodeId) {
        if !std::mem::replace(&mut self.wiped[miner.index()], false) {
            return;
        }
        for &p in &self.held[miner.index()] {
            if !self.lost[p as usize] {
                self.intact[p as usize] += 1;
                self.stored[miner.index()] += 1;
            }
        }
    }

    /// Partitions with at least one intact copy on a miner for which `up` holds.
    pub fn reachable(&self, up: impl Fn(u32) -> bool) -> usize {
        (0..self.partitions())
            .filter(|p| !self.lost[*p] && self.holders(*p).iter().any(|m| !self.wiped[*m as usize] && up(*m)))
            .count()
    }

    /// Partitions (not lost) whose intact copies all sit with one provider: one provider's exit
    /// or one site's fire there loses them.
    pub fn single_provider(&self, nodes: &NodeTable) -> usize {
        (0..self.partitions())
            .filter(|p| {
                let mut providers = self
                    .holders(*p)
                    .iter()
                    .filter(|m| !self.wiped[**m as usize])
                    .map(|m| nodes.info(NodeId(*m)).provider.0);
                match providers.next() {
                    None => false,
                    Some(first) => providers.all(|x| x == first),
                }
            })
            .count()
    }
}
