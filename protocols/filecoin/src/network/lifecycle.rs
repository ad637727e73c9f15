//! What happens to a storage provider as a whole: its live sectors, termination of all of them,
//! destruction of its hardware, and leaving the network when it stays unprofitable.

use super::*;

impl Filecoin {
    /// All live sectors of `sp`.
    pub(super) fn live_sectors(&self, sp: u32) -> Vec<u32> {
        (0..WPOST_PERIOD_DEADLINES)
            .flat_map(|d| self.deadline_sectors(NodeId(sp), d))
            .filter(|s| self.sectors.state[*s as usize].is_live())
            .collect()
    }

    /// Terminates every live sector of `sp` (optionally only those whose data is gone).
    pub fn terminate_all(&mut self, sp: NodeId, only_gone: bool, cx: &mut Ctx<'_, Self>) {
        let ie = Self::ie(Self::rel(cx.now()));
        for s in self.live_sectors(sp.0) {
            if !only_gone || self.sectors.data_gone(s) {
                self.end_sector(s, true, ie, cx);
            }
        }
    }

    pub(super) fn destroyed(&mut self, sp: u32, cx: &mut Ctx<'_, Self>) {
        self.sps[sp as usize].data_lost = true;
        let mut ids = self.live_sectors(sp);
        ids.extend(self.sps[sp as usize].precommits.iter().copied());
        for s in ids {
            if self.sectors.data_gone(s) {
                continue;
            }
            self.sectors.flags[s as usize] |= DATA_GONE;
            self.totals.sector_bytes_destroyed += self.sector_size;
            let state = self.sectors.state[s as usize];
            if state.is_faulty() {
                let p = &mut self.partitions[self.sectors.partition[s as usize] as usize];
                p.recoverable -= 1;
                if state == SectorState::Recovering {
                    p.recovering -= 1;
                    self.set_state(s, SectorState::Faulty);
                }
            }
        }
        if self.cfg.on_destroyed == OnDestroyed::Terminate {
            self.terminate_all(NodeId(sp), true, cx);
        }
    }

    pub(super) fn exit_check(&mut self, cx: &mut Ctx<'_, Self>) {
        let hours = self.cfg.exit_after.as_hours_f64();
        for sp in 0..self.sps.len() as u32 {
            let s = &mut self.sps[sp as usize];
            let income = std::mem::take(&mut s.income_usd);
            if s.left || income >= s.cost_usd_per_hour * hours {
                continue;
            }
            s.left = true;
            self.sps_left += 1;
            if self.cfg.exit == Exit::Terminate {
                self.terminate_all(NodeId(sp), false, cx);
            }
        }
    }

    /// Client objects by status: (available, unavailable, lost, ended).
    pub fn object_counts(&self, live: &Liveness) -> (u64, u64, u64, u64) {
        let mut c = (0, 0, 0, 0);
        for o in 0..self.deals.len() {
            match self.deals.status(o, &self.sectors, |sp| live.is_up(NodeId(sp as u32))) {
                ObjectStatus::Available => c.0 += 1,
                ObjectStatus::Unavailable => c.1 += 1,
                ObjectStatus::Lost => c.2 += 1,
                ObjectStatus::Ended => c.3 += 1,
            }
        }
        c
    }

    /// Creates the SPs' initial sectors: active at the start, activated at a uniformly drawn
    /// time within one lifetime before it (so expirations spread over the next lifetime, at
    /// least a day away). Assumption: their pledge, daily fee and legacy fee inputs are those
    /// of a sector activated at the start.
    pub(super) fn genesis(&mut self, rng: &mut StreamRng) {
        let lifetime = (self.cfg.sector_lifetime.as_millis() / EPOCH_MS) as i64;
        for sp in 0..self.sps.len() as u32 {
            let n = self.cfg.initial_sectors_per_sp.min(self.sps[sp as usize].capacity);
            for _ in 0..n {
                let verified = self.cfg.verified_share > 0.0 && rng.random::<f64>() < self.cfg.verified_share;
                let s =
                    self.sectors.precommit(sp, verified, Self::ie(0), TokenAmount::ZERO, self.rules == RuleSet::Nv24);
                self.counts[SectorState::Precommitted as usize] += 1;
                let age = rng.random_range(0..lifetime - EPOCHS_PER_DAY);
                let act = Self::ie(-age);
                self.sectors.epoch[s as usize] = act;
                self.sectors.expiration[s as usize] = act + lifetime as u32;
                let d = deadline::assign(&self.sps[sp as usize].deadlines, self.part_size, |_| true)
                    .expect("an empty SP has room");
                self.activate(s, d);
                let p = self.sectors.partition[s as usize] as usize;
                self.partitions[p].unproven -= 1;
                self.sps[sp as usize].held += 1;
                self.set_state(s, SectorState::Active);
                self.power(s, 1);
            }
        }
        // Money once power is known (the filters at the start see it).
        self.chain = Chain::new(&self.cfg, self.raw_total, self.qa_total);
        self.quotes.clear();
        self.cs = self.chain.circulating_supply();
        for s in 0..self.sectors.len() as u32 {
            let i = s as usize;
            let quote = self.quote(self.qa_of(s));
            self.sectors.locked[i] = quote.pledge.atto();
            let sp = self.sectors.sp[i] as usize;
            self.sps[sp].pledge += quote.pledge.atto();
            let fee = quote.daily_fee.atto();
            let d = self.partitions[self.sectors.partition[i] as usize].deadline as usize;
            self.sps[sp].deadlines[d].daily_fee += fee - self.sectors.daily_fee[i];
            self.sectors.daily_fee[i] = fee;
            if let Some(l) = self.sectors.legacy.get_mut(i) {
                *l = quote.legacy;
            }
        }
    }
}
