//! WindowPoSt timing: the proving period, its 48 deadlines, partitions, and the rule that
//! assigns new sectors to deadlines.
//!
//! Each SP proves each of its deadlines once per 24-hour proving period. Here every SP's proving
//! period starts on a deadline boundary (upstream draws an arbitrary epoch offset per miner,
//! `assign_proving_period_offset` in actors/miner/src/lib.rs), so that the deadlines of all SPs
//! close together on a 30-minute grid and one network timer per deadline walks them in a batch.

use crate::units::{ChainEpoch, EPOCHS_PER_DAY, EPOCHS_PER_HOUR, SECTOR_SIZE_32GIB, StoragePower};
use std::cmp::Ordering;

/// Proving period: one day, 2880 epochs. Upstream: `WPOST_PROVING_PERIOD` in
/// runtime/src/runtime/policy.rs.
pub const WPOST_PROVING_PERIOD: ChainEpoch = EPOCHS_PER_DAY;

/// Deadline length (challenge window): 30 minutes, 60 epochs. Upstream: `WPOST_CHALLENGE_WINDOW`.
pub const WPOST_CHALLENGE_WINDOW: ChainEpoch = 60;

/// Deadlines per proving period: 48. Upstream: `WPOST_PERIOD_DEADLINES`.
pub const WPOST_PERIOD_DEADLINES: usize = 48;

/// A sector faulty this long is terminated: 42 proving periods. Upstream: `FAULT_MAX_AGE`
/// (runtime/src/runtime/policy.rs); the expiration is set to the detecting deadline's last epoch
/// plus this (`advance_deadline` in actors/miner/src/state.rs).
pub const FAULT_MAX_AGE: ChainEpoch = WPOST_PROVING_PERIOD * 42;

/// Faults and recoveries for a deadline must be declared at least 70 epochs before it opens.
/// Upstream: `FAULT_DECLARATION_CUTOFF = WPOST_CHALLENGE_LOOKBACK (20) + 50`.
pub const FAULT_DECLARATION_CUTOFF: ChainEpoch = 70;

/// ProveCommit is allowed only after 150 epochs. Upstream: `PRE_COMMIT_CHALLENGE_DELAY`
/// (runtime/src/runtime/policy.rs), checked in `prove_commit_sectors3` (actors/miner/src/lib.rs).
pub const PRE_COMMIT_CHALLENGE_DELAY: ChainEpoch = 150;

/// ProveCommit must come within 30 days + 150 epochs of the precommit (V1_1 seal proofs).
/// Upstream: `max_prove_commit_duration` in actors/miner/src/policy.rs.
pub const MAX_PROVE_COMMIT_DURATION: ChainEpoch = 30 * EPOCHS_PER_DAY + PRE_COMMIT_CHALLENGE_DELAY;

/// An expired precommit's deposit is burned this long after its deadline to prove: 8 hours.
/// Upstream: `EXPIRED_PRE_COMMIT_CLEAN_UP_DELAY`, applied by `cleanup_expired_pre_commits` in
/// `handle_proving_deadline` (actors/miner/src/lib.rs).
pub const EXPIRED_PRE_COMMIT_CLEAN_UP_DELAY: ChainEpoch = 8 * EPOCHS_PER_HOUR;

/// Most partitions a deadline may hold. Upstream: `MAX_PARTITIONS_PER_DEADLINE` (3000).
pub const MAX_PARTITIONS_PER_DEADLINE: u32 = 3000;

/// Sectors per WindowPoSt partition: 2349 for 32 GiB sectors, 2300 for 64 GiB. Upstream:
/// `RegisteredPoStProof::window_post_partitions_sector` in fvm_shared (src/sector/registered_proof.rs),
/// stored as `window_post_partition_sectors` in the miner info.
pub fn partition_sectors(sector_size: StoragePower) -> u32 {
    if sector_size == SECTOR_SIZE_32GIB { 2349 } else { 2300 }
}

/// One partition of one SP's deadline: its sectors and counters kept as they change, so that a
/// deadline end can skip partitions with nothing to do.
#[derive(Clone, Debug, Default)]
pub struct Partition {
    /// Owning SP.
    pub sp: u32,
    /// Deadline index (0..48).
    pub deadline: u8,
    /// Sector ids, including ended ones (partitions are never compacted here).
    pub sectors: Vec<u32>,
    /// Live sectors (unproven, active, faulty, recovering).
    pub live: u32,
    /// Faulty sectors, recovering ones included.
    pub faulty: u32,
    /// Recovering sectors.
    pub recovering: u32,
    /// Unproven sectors.
    pub unproven: u32,
    /// Faulty sectors whose data is intact (may declare recovery).
    pub recoverable: u32,
    /// QA power of faulty sectors (recovering included).
    pub faulty_qa: StoragePower,
    /// Earliest scheduled or fault expiration among live sectors (relative epoch).
    pub next_expiration: u32,
}

/// One deadline of one SP.
#[derive(Clone, Debug, Default)]
pub struct Deadline {
    /// Global partition ids, in order.
    pub partitions: Vec<u32>,
    /// Sectors ever assigned (upstream's `total_sectors`, terminated included until compaction).
    pub total_sectors: u32,
    /// Live sectors.
    pub live_sectors: u32,
    /// Sum of its live sectors' FIP-0100 daily fees, attoFIL.
    pub daily_fee: i128,
    /// QA power of its live sectors (faulty and unproven included).
    pub live_qa: StoragePower,
}

fn div_ceil(a: u32, b: u32) -> u32 {
    a.div_ceil(b)
}

/// Upstream's ordering of candidate deadlines for a new sector (without compaction): fewest
/// partitions after assignment (live, then total), then a deadline with an open partition
/// (the fuller first), then fewest live sectors, then the lowest index. Upstream: `cmp` in
/// actors/miner/src/deadline_assignment.rs.
fn cmp(a: (usize, &Deadline), b: (usize, &Deadline), size: u32) -> Ordering {
    let (ia, a) = a;
    let (ib, b) = b;
    let full = |d: &Deadline| d.total_sectors % size == 0;
    div_ceil(a.live_sectors + 1, size)
        .cmp(&div_ceil(b.live_sectors + 1, size))
        .then_with(|| div_ceil(a.total_sectors + 1, size).cmp(&div_ceil(b.total_sectors + 1, size)))
        .then_with(|| full(a).cmp(&full(b)))
        .then_with(
            || {
                if !full(a) && !full(b) { a.total_sectors.cmp(&b.total_sectors).reverse() } else { Ordering::Equal }
            },
        )
        .then_with(|| a.live_sectors.cmp(&b.live_sectors))
        .then_with(|| ia.cmp(&ib))
}

/// The deadline a new sector goes to among those `mutable` (upstream excludes the open
/// deadline and the next one, `deadline_is_mutable` in actors/miner/src/deadlines.rs) and not
/// full. `None` if none can take it.
pub fn assign(deadlines: &[Deadline], size: u32, mutable: impl Fn(usize) -> bool) -> Option<usize> {
    deadlines
        .iter()
        .enumerate()
        .filter(|(i, d)| mutable(*i) && d.total_sectors < size * MAX_PARTITIONS_PER_DEADLINE)
        .min_by(|a, b| cmp(*a, *b, size))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_sectors_fill_an_open_partition_before_opening_another() {
        let mut dls = vec![Deadline::default(); WPOST_PERIOD_DEADLINES];
        // The first sector goes to deadline 0; the next ones fill it (open partition) until full.
        for _ in 0..5 {
            let d = assign(&dls, 4, |_| true).unwrap();
            dls[d].total_sectors += 1;
            dls[d].live_sectors += 1;
        }
        assert_eq!(dls[0].total_sectors, 4);
        assert_eq!(dls[1].total_sectors, 1);
        // Immutable deadlines are skipped.
        assert_eq!(assign(&dls, 4, |i| i != 1), Some(2));
    }

    #[test]
    fn the_timing_constants_match_the_runtime() {
        assert_eq!(WPOST_CHALLENGE_WINDOW * WPOST_PERIOD_DEADLINES as i64, WPOST_PROVING_PERIOD);
        assert_eq!(FAULT_MAX_AGE, 120_960);
        assert_eq!(MAX_PROVE_COMMIT_DURATION, 86_550);
    }
}
