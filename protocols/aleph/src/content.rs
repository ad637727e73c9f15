//! Messages and files replicated on the CCNs, and what stays reachable when some operators
//! blacklist part of them.
//!
//! Every CCN keeps every message and the files they reference: pyaleph nodes sync all messages
//! of the network through their peers and fetch stored files (src/aleph/handlers, the
//! `store_files` setting on by default), so replication is full. A CCN operator may refuse to
//! serve content it objects to (here: a share of the operators refuses the same flagged share
//! of the content). Content is reachable while some CCN that is up, and not refusing it, holds
//! it. A destroyed CCN loses its copy and syncs it again from any peer holding one when its
//! hardware is replaced; content is lost when no CCN holds a copy any more.

use crate::config::AlephConfig;
use crate::staking::CcnStatus;
use depinsim_core::StreamRng;
use rand::seq::SliceRandom;

/// Storage price in credits per MiB-hour (pyaleph constants.py, `STORAGE.price.storage.credit`
/// = 0.17967489030626108).
pub const STORAGE_CREDITS_PER_MIB_HOUR: f64 = 0.179_674_890_306_261_08;

/// Copies of the content on the CCNs.
#[derive(Clone, Debug)]
pub struct Replication {
    /// Whether each CCN takes part (not dropped).
    member: Vec<bool>,
    /// Whether each CCN refuses flagged content.
    blacklisting: Vec<bool>,
    /// Whether each CCN's copy was destroyed (until its replacement resyncs).
    wiped: Vec<bool>,
    flagged_share: f64,
    lost: bool,
}

impl Replication {
    /// Full replication over the CCNs that are not dropped; `blacklisting_ccn_share` of them,
    /// drawn at random, refuse the flagged content.
    pub fn new(ccns: usize, status: &[CcnStatus], cfg: &AlephConfig, rng: &mut StreamRng) -> Self {
        let member: Vec<bool> = status.iter().map(|s| *s != CcnStatus::Dropped).collect();
        let mut order: Vec<usize> = (0..ccns).filter(|c| member[*c]).collect();
        order.shuffle(rng);
        let refusing = (cfg.blacklisting_ccn_share * order.len() as f64).round() as usize;
        let mut blacklisting = vec![false; ccns];
        for c in order.into_iter().take(refusing) {
            blacklisting[c] = true;
        }
        Replication {
            member,
            blacklisting,
            wiped: vec![false; ccns],
            flagged_share: cfg.blacklisted_share,
            lost: false,
        }
    }

    /// Whether CCN `c` refuses flagged content.
    pub fn is_blacklisting(&self, c: u32) -> bool {
        self.blacklisting[c as usize]
    }

    /// CCN `c` went down; `destroyed` when its data went with it.
    pub fn ccn_down(&mut self, c: u32, destroyed: bool) {
        if !destroyed || self.wiped[c as usize] {
            return;
        }
        self.wiped[c as usize] = true;
        let holders = (0..self.member.len()).filter(|i| self.member[*i] && !self.wiped[*i]).count();
        if holders == 0 && self.member.iter().any(|m| *m) {
            self.lost = true;
        }
    }

    /// CCN `c` is back: with new hardware it syncs from any peer that still holds the content.
    pub fn ccn_up(&mut self, c: u32) {
        if self.wiped[c as usize] && !self.lost {
            self.wiped[c as usize] = false;
        }
    }

    /// Whether every copy was destroyed.
    pub fn lost(&self) -> bool {
        self.lost
    }

    /// (share of all content reachable, share of flagged content reachable) when the CCNs for
    /// which `up` holds are up.
    pub fn reachable(&self, up: impl Fn(u32) -> bool) -> (f64, f64) {
        if self.lost {
            return (0.0, 0.0);
        }
        let serving = |refuses: bool| {
            (0..self.member.len())
                .any(|c| self.member[c] && !self.wiped[c] && self.blacklisting[c] == refuses && up(c as u32))
        };
        let (open, refusing) = (serving(false), serving(true));
        let flagged = if open { 1.0 } else { 0.0 };
        let all = if open {
            1.0
        } else if refusing {
            1.0 - self.flagged_share
        } else {
            0.0
        };
        (all, flagged)
    }
}
