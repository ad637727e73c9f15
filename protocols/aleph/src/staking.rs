//! Core Channel Nodes, their stake, and the Compute Resource Nodes linked to them, as
//! aleph-im/aleph-nodestatus keeps them (src/aleph_nodestatus/settings.py and status.py,
//! commit 24d69de, July 2026).

/// A CCN exists while its owner holds at least this many ALEPH (`node_threshold` = 199,999,
/// compared with `>=` in status.py: "200k" in the docs).
pub const NODE_THRESHOLD: f64 = 199_999.0;
/// A CCN is active once the ALEPH staked on it reach `node_activation - 1` = 499,999
/// (status.py `update_node_stats`).
pub const ACTIVATION_THRESHOLD: f64 = 499_999.0;
/// A staker needs at least this balance (`staking_threshold` = 9,999).
pub const STAKING_THRESHOLD: f64 = 9_999.0;
/// CRNs a CCN may link (`node_max_linked`; status.py links only while fewer are linked).
pub const MAX_LINKED: usize = 8;
/// Linked CRNs with a non-zero score that are paid (`node_max_paid`, distribution.py).
pub const MAX_PAID: usize = 5;

/// Where a CCN stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CcnStatus {
    /// The owner holds too little: the node is removed (its CRNs unlinked).
    Dropped,
    /// Registered, not yet staked enough: no rewards.
    Waiting,
    /// Staked enough: rewarded, and its CRNs with it.
    Active,
}

/// The status of a CCN whose owner holds `owner_balance` and on which stakers holding
/// `stakes` (each split evenly over the nodes it stakes on) have staked.
pub fn ccn_status(owner_balance: f64, stakes: &[f64]) -> CcnStatus {
    if owner_balance < NODE_THRESHOLD {
        return CcnStatus::Dropped;
    }
    if total_stake(stakes) >= ACTIVATION_THRESHOLD { CcnStatus::Active } else { CcnStatus::Waiting }
}

/// The stake that counts: stakers below [`STAKING_THRESHOLD`] cannot stake.
pub fn total_stake(stakes: &[f64]) -> f64 {
    stakes.iter().filter(|s| **s >= STAKING_THRESHOLD).sum()
}

/// Why a CRN was not linked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// The CCN already has [`MAX_LINKED`] CRNs.
    Full,
    /// The CCN was dropped.
    NoSuchCcn,
}

/// Which CRNs each CCN links, in link order (the order that decides which five are paid).
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// Per CCN (by index), its CRNs (by index).
    pub crns: Vec<Vec<u32>>,
    /// Per CRN, its CCN.
    pub parent: Vec<Option<u32>>,
}

impl Links {
    /// `ccns` CCNs and `crns` CRNs, nothing linked.
    pub fn new(ccns: usize, crns: usize) -> Self {
        Links { crns: vec![Vec::new(); ccns], parent: vec![None; crns] }
    }

    /// Links `crn` to `ccn` unless the CCN is dropped or full (status.py: only while fewer
    /// than [`MAX_LINKED`] are linked).
    pub fn link(&mut self, crn: u32, ccn: u32, status: CcnStatus) -> Result<(), LinkError> {
        if status == CcnStatus::Dropped {
            return Err(LinkError::NoSuchCcn);
        }
        let linked = &mut self.crns[ccn as usize];
        if linked.len() >= MAX_LINKED {
            return Err(LinkError::Full);
        }
        linked.push(crn);
        self.parent[crn as usize] = Some(ccn);
        Ok(())
    }

    /// Links every CRN, in order, to the first CCN that takes it, trying round robin (CRN `k`
    /// starts at candidate `k`) the CCNs it may link to: those of the group named by its
    /// `link_to` (`crn_target`), or every CCN. `ccn_group` is each CCN's group name. Dropped
    /// and full CCNs refuse, so a CRN may stay unlinked.
    pub fn round_robin(ccn_group: &[&str], ccn_status: &[CcnStatus], crn_target: &[Option<&str>]) -> Self {
        let mut links = Links::new(ccn_group.len(), crn_target.len());
        for (k, target) in crn_target.iter().enumerate() {
            let candidates: Vec<u32> =
                (0..ccn_group.len() as u32).filter(|c| target.is_none_or(|t| ccn_group[*c as usize] == t)).collect();
            for j in 0..candidates.len() {
                let c = candidates[(k + j) % candidates.len()];
                if links.link(k as u32, c, ccn_status[c as usize]).is_ok() {
                    break;
                }
            }
        }
        links
    }
}
