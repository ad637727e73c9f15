//! Who is paid what, under two rule sets (aleph-im/aleph-nodestatus, commit 24d69de):
//! - [`legacy`]: the staking emission (distribution.py `process_distribution`, settings.py);
//! - [`credits`]: the 2026 distribution of what users pay in credits (credit_distribution.py,
//!   settings.py `credit_*_share`).
//!
//! Amounts are ALEPH. Both work on a snapshot of the nodes ([`CcnView`], [`CrnView`]).

use crate::score::score_multiplier;
use crate::staking::{CcnStatus, MAX_PAID};
use serde::Deserialize;

/// Which rules pay the operators.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RuleSet {
    /// The staking emission: 15,000 ALEPH a day to CCNs, a share to stakers, a monthly amount
    /// per CRN, scaled by scores and linkage.
    #[default]
    Legacy,
    /// The 2026 credit distribution: users' credit payments split between the CRN that ran
    /// the workload, its CCN, stakers and a development fund.
    #[serde(rename = "credits-2026")]
    Credits2026,
}

/// A CCN as the distribution sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct CcnView {
    /// Its status.
    pub status: CcnStatus,
    /// Its score (0..1).
    pub score: f64,
    /// ALEPH staked on it.
    pub stake: f64,
    /// Its linked CRNs (indexes into the CRN views), in link order.
    pub crns: Vec<u32>,
}

/// A CRN as the distribution sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CrnView {
    /// Its score (0..1).
    pub score: f64,
    /// Its decentralization factor (0..1).
    pub decentralization: f64,
    /// Whether it is linked to a CCN.
    pub linked: bool,
}

/// What a distribution pays, ALEPH.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Payout {
    /// Per CCN.
    pub ccn: Vec<f64>,
    /// Per CRN.
    pub crn: Vec<f64>,
    /// To stakers, in total.
    pub stakers: f64,
    /// To the development fund.
    pub dev: f64,
    /// Shares with no eligible receiver (a CRN unlinked, a CCN not active, no stakers).
    pub unallocated: f64,
}

impl Payout {
    fn new(ccns: usize, crns: usize) -> Self {
        Payout { ccn: vec![0.0; ccns], crn: vec![0.0; crns], ..Default::default() }
    }
}

pub mod legacy {
    //! The staking emission (distribution.py `process_distribution`; settings.py values).
    use super::*;

    /// ALEPH a day shared by the active CCNs (`reward_nodes_daily`).
    pub const NODES_DAILY: f64 = 15_000.0;
    /// Base of the stakers' daily emission (`reward_stakers_daily_base`).
    pub const STAKERS_DAILY_BASE: f64 = 15_000.0;
    /// Monthly CRN reward, fixed part (`reward_resource_node_monthly_base`).
    pub const CRN_MONTHLY_BASE: f64 = 250.0;
    /// Monthly CRN reward, part scaled by decentralization (`reward_resource_node_monthly_variable`).
    pub const CRN_MONTHLY_VARIABLE: f64 = 1_250.0;
    /// Linkage of a CCN with no paid CRN; +0.1 per paid CRN, capped at 1.
    pub const LINKAGE_BASE: f64 = 0.7;
    /// The early-CCN bonus (`bonus_modifier` 1.25, minus `bonus_decay` 1e-7 per Ethereum block
    /// from block 12,020,360) fell to 1 at block 14,520,360 (2022) and no longer applies: not
    /// modelled.
    pub const BONUS_EXPIRED: bool = true;

    /// A CRN's reward per day before its score multiplier: (250 + 1250 * d) / (365 / 12).
    pub fn crn_daily(decentralization: f64) -> f64 {
        (CRN_MONTHLY_BASE + CRN_MONTHLY_VARIABLE * decentralization) / (365.0 / 12.0)
    }

    /// A CCN's linkage with `paid` paid CRNs: min(1, 0.7 + 0.1 * min(paid, 5)).
    pub fn linkage(paid: usize) -> f64 {
        (LINKAGE_BASE + 0.1 * paid.min(MAX_PAID) as f64).min(1.0)
    }

    /// The emission over `days` days.
    pub fn distribute(ccns: &[CcnView], crns: &[CrnView], days: f64) -> Payout {
        let mut out = Payout::new(ccns.len(), crns.len());
        let active = ccns.iter().filter(|c| c.status == CcnStatus::Active).count();
        if active == 0 {
            return out;
        }
        let per_node = NODES_DAILY / active as f64 * days;
        let stakers = ((active as f64).log10() + 1.0) / 3.0 * STAKERS_DAILY_BASE * days;
        let total_staked: f64 = ccns.iter().filter(|c| c.status == CcnStatus::Active).map(|c| c.stake).sum();
        for (i, ccn) in ccns.iter().enumerate() {
            if ccn.status != CcnStatus::Active {
                continue;
            }
            let mut paid = 0;
            for &r in &ccn.crns {
                let crn = &crns[r as usize];
                let m = score_multiplier(crn.score);
                if m > 0.0 {
                    paid += 1;
                }
                // Upstream counts first, then pays while the count is at most five.
                if paid <= MAX_PAID {
                    out.crn[r as usize] += crn_daily(crn.decentralization) * days * m;
                }
            }
            let modifier = linkage(paid) * score_multiplier(ccn.score);
            out.ccn[i] += per_node * modifier;
            if total_staked > 0.0 {
                out.stakers += stakers * ccn.stake / total_staked * modifier;
            }
        }
        out
    }
}

pub mod credits {
    //! The 2026 credit distribution (credit_distribution.py `_distribute_execution_credits`,
    //! `_distribute_storage_pools`; shares from settings.py).
    use super::*;

    /// Execution revenue: to the CRN that ran the workload (if linked).
    pub const EXECUTION_CRN: f64 = 0.60;
    /// Execution revenue: to that CRN's CCN (if active).
    pub const EXECUTION_CCN: f64 = 0.15;
    /// Execution revenue: to that CCN's stakers.
    pub const EXECUTION_STAKERS: f64 = 0.20;
    /// Storage revenue: to active CCNs, weighted by score multiplier.
    pub const STORAGE_CCN: f64 = 0.75;
    /// Storage revenue: to stakers, sliced by the same weights.
    pub const STORAGE_STAKERS: f64 = 0.20;
    /// Development fund, from both (`credit_dev_fund_share`).
    pub const DEV: f64 = 0.05;

    /// Splits execution revenue, `by_crn[r]` ALEPH earned by workloads on CRN r.
    pub fn execution(ccns: &[CcnView], crns: &[CrnView], parent: &[Option<u32>], by_crn: &[f64]) -> Payout {
        let mut out = Payout::new(ccns.len(), crns.len());
        for (r, amount) in by_crn.iter().enumerate() {
            if *amount == 0.0 {
                continue;
            }
            out.dev += amount * DEV;
            if crns[r].linked {
                out.crn[r] += amount * EXECUTION_CRN;
            } else {
                out.unallocated += amount * EXECUTION_CRN;
            }
            match parent[r].map(|c| (c, &ccns[c as usize])) {
                Some((c, ccn)) if ccn.status == CcnStatus::Active => {
                    out.ccn[c as usize] += amount * EXECUTION_CCN;
                    if ccn.stake > 0.0 {
                        out.stakers += amount * EXECUTION_STAKERS;
                    } else {
                        out.unallocated += amount * EXECUTION_STAKERS;
                    }
                }
                _ => out.unallocated += amount * (EXECUTION_CCN + EXECUTION_STAKERS),
            }
        }
        out
    }

    /// Splits storage revenue `amount` ALEPH.
    pub fn storage(ccns: &[CcnView], crns: usize, amount: f64) -> Payout {
        let mut out = Payout::new(ccns.len(), crns);
        out.dev = amount * DEV;
        let weight = |c: &CcnView| if c.status == CcnStatus::Active { score_multiplier(c.score) } else { 0.0 };
        let total: f64 = ccns.iter().map(weight).sum();
        if total == 0.0 {
            out.unallocated = amount * (STORAGE_CCN + STORAGE_STAKERS);
            return out;
        }
        for (i, c) in ccns.iter().enumerate() {
            let w = weight(c) / total;
            out.ccn[i] = amount * STORAGE_CCN * w;
            if c.stake > 0.0 {
                out.stakers += amount * STORAGE_STAKERS * w;
            } else {
                out.unallocated += amount * STORAGE_STAKERS * w;
            }
        }
        out
    }
}
