//! The day's scores, from what the simulation measured of each node, and the rewards paid on
//! them under the configured rule set.

use super::{Aleph, CCN, CRN, DEV, STAKERS, UNALLOCATED};
use crate::content;
use crate::pricing;
use crate::rewards::{CcnView, CrnView, Payout, RuleSet, credits, legacy};
use crate::score::{Measured, ccn_performance, crn_performance, total_score, version_score};
use depinsim_core::{Ctx, SimTime};

impl Aleph {
    /// Share of the window node `i` was down, closing the window at `now`.
    fn down_share(&mut self, i: usize, now: SimTime) -> f64 {
        let window = now.since(self.window_start).as_millis();
        let mut down = std::mem::take(&mut self.window_down_ms[i]);
        if let Some(since) = self.down_since[i] {
            down += now.since(since.max(self.window_start)).as_millis();
        }
        if window == 0 { 0.0 } else { (down as f64 / window as f64).min(1.0) }
    }

    fn measured(&self, node: usize, down_share: f64) -> Measured {
        let p = &self.params[node];
        Measured {
            down_share,
            latency_p25_s: p.latency_p25_s,
            latency_high_s: p.latency_high_s,
            check_overhead_s: p.check_overhead_s,
            version: p.version,
        }
    }

    /// Scores every node over the window ending now.
    pub(crate) fn score(&mut self, now: SimTime) {
        for (i, node) in self.ccns.clone().into_iter().enumerate() {
            let d = self.down_share(node.index(), now);
            let m = self.measured(node.index(), d);
            self.ccn_score[i] = total_score(ccn_performance(&m), version_score(&m));
        }
        for (i, node) in self.crns.clone().into_iter().enumerate() {
            let d = self.down_share(node.index(), now);
            let m = self.measured(node.index(), d);
            self.crn_score[i] = total_score(crn_performance(&m), version_score(&m));
        }
        self.window_start = now;
    }

    fn views(&self) -> (Vec<CcnView>, Vec<CrnView>) {
        let ccns = (0..self.ccns.len())
            .map(|i| CcnView {
                status: self.ccn_status[i],
                score: self.ccn_score[i],
                stake: self.ccn_stake[i],
                crns: self.links.crns[i].clone(),
            })
            .collect();
        let crns = (0..self.crns.len())
            .map(|i| CrnView {
                score: self.crn_score[i],
                decentralization: self.decentralization[i],
                linked: self.links.parent[i].is_some(),
            })
            .collect();
        (ccns, crns)
    }

    /// Pays a day's rewards under the rule set.
    pub(crate) fn distribute(&mut self, days: f64, cx: &mut Ctx<'_, Self>) {
        let (ccns, crns) = self.views();
        let mut payout = match self.cfg.rules {
            RuleSet::Legacy => legacy::distribute(&ccns, &crns, days),
            RuleSet::Credits2026 => {
                let exec = credits::execution(&ccns, &crns, &self.links.parent, &self.exec_aleph);
                let stored_mib = self.cfg.objects as f64 * self.cfg.object_size.0 as f64 / (1 << 20) as f64;
                let storage_usd = stored_mib * content::STORAGE_CREDITS_PER_MIB_HOUR / pricing::CREDITS_PER_USD;
                let storage_aleph =
                    if self.cfg.aleph_usd > 0.0 { storage_usd * 24.0 * days / self.cfg.aleph_usd } else { 0.0 };
                let store = credits::storage(&ccns, crns.len(), storage_aleph);
                merge(exec, store)
            }
        };
        for (i, a) in std::mem::take(&mut self.payg_aleph).into_iter().enumerate() {
            payout.crn[i] += a;
        }
        self.payg_aleph = vec![0.0; self.crns.len()];
        self.exec_aleph.iter_mut().for_each(|a| *a = 0.0);
        self.crns_paid = payout.crn.iter().filter(|a| **a > 0.0).count() as u32;
        let usd = self.cfg.aleph_usd;
        for (i, a) in payout.ccn.iter().enumerate() {
            if *a > 0.0 {
                cx.pay_in(self.ccns[i], *a, a * usd);
            }
        }
        for (i, a) in payout.crn.iter().enumerate() {
            if *a > 0.0 {
                cx.pay_in(self.crns[i], *a, a * usd);
            }
        }
        self.paid[CCN] += payout.ccn.iter().sum::<f64>();
        self.paid[CRN] += payout.crn.iter().sum::<f64>();
        self.paid[STAKERS] += payout.stakers;
        self.paid[DEV] += payout.dev;
        self.paid[UNALLOCATED] += payout.unallocated;
    }
}

fn merge(mut a: Payout, b: Payout) -> Payout {
    a.ccn.iter_mut().zip(&b.ccn).for_each(|(x, y)| *x += y);
    a.crn.iter_mut().zip(&b.crn).for_each(|(x, y)| *x += y);
    a.stakers += b.stakers;
    a.dev += b.dev;
    a.unallocated += b.unallocated;
    a
}
