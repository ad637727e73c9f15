//! Onboarding: precommits with their deposit, prove-commit and activation with initial pledge,
//! and the burning of deposits of precommits never proven.

use super::*;

impl Filecoin {
    /// ProveCommit of precommitted sector `s`: deposit released, initial pledge locked, daily
    /// fee fixed, sector assigned to a deadline (unproven until its first WindowPoSt).
    pub(super) fn prove_commit(&mut self, s: u32, now: SimTime) -> bool {
        let i = s as usize;
        let sp = self.sectors.sp[i];
        let rel = Self::rel(now);
        let slot = now.as_millis() / DEADLINE_MS;
        let cur = self.deadline_of(NodeId(sp), slot);
        let next = (cur + 1) % WPOST_PERIOD_DEADLINES;
        let Some(d) = deadline::assign(&self.sps[sp as usize].deadlines, self.part_size, |k| k != cur && k != next)
        else {
            return false;
        };
        let qa = self.qa_of(s);
        let ie = Self::ie(rel);
        let ip = self.quote(qa).pledge;
        let deposit = self.sectors.locked[i];
        self.sectors.locked[i] = ip.atto();
        self.sectors.epoch[i] = ie;
        self.sectors.expiration[i] = ie + (self.cfg.sector_lifetime.as_millis() / EPOCH_MS) as u32;
        self.activate(s, d);
        let spr = &mut self.sps[sp as usize];
        spr.deposits -= deposit;
        spr.pledge += ip.atto();
        self.chain.pledge_delta += ip;
        self.set_state(s, SectorState::Unproven);
        true
    }

    /// The deposit, pledge, daily fee and legacy fee inputs of a sector of `qa` committed now.
    pub(super) fn quote(&mut self, qa: StoragePower) -> Quote {
        let epoch = self.chain.reward.epoch;
        if let Some(q) = self.quotes.iter().find(|q| q.qa == qa && q.epoch == epoch) {
            return *q;
        }
        let r = self.chain.reward_smoothed();
        let n = &self.chain.qa_smoothed;
        let q = Quote {
            epoch,
            qa,
            deposit: pre_commit_deposit_for_power(r, n, qa),
            pledge: initial_pledge_for_power(
                qa,
                self.chain.reward.baseline_power(),
                r,
                n,
                self.cs,
                epoch - self.cfg.pledge_ramp_start_epoch,
                FIP0081_RAMP_DURATION_EPOCHS,
            ),
            daily_fee: self.rules.daily_fee(self.cs, qa),
            legacy: if self.rules == RuleSet::Nv24 {
                (
                    expected_reward_for_power(r, n, qa, EPOCHS_PER_DAY).atto(),
                    expected_reward_for_power(r, n, qa, INITIAL_PLEDGE_PROJECTION_PERIOD).atto(),
                )
            } else {
                (0, 0)
            },
        };
        self.quotes.retain(|q| q.epoch == epoch);
        self.quotes.push(q);
        q
    }

    /// Puts sector `s` into deadline `d` of its SP, with its daily fee and legacy fee inputs.
    pub(super) fn activate(&mut self, s: u32, d: usize) {
        let i = s as usize;
        let sp = self.sectors.sp[i] as usize;
        let qa = self.qa_of(s);
        let quote = self.quote(qa);
        let fee = quote.daily_fee.atto();
        self.sectors.daily_fee[i] = fee;
        if let Some(l) = self.sectors.legacy.get_mut(i) {
            *l = quote.legacy;
        }
        let part_size = self.part_size;
        let dl = &mut self.sps[sp].deadlines[d];
        let open =
            dl.partitions.last().is_some_and(|p| self.partitions[*p as usize].sectors.len() < part_size as usize);
        if !open {
            dl.partitions.push(self.partitions.len() as u32);
            self.partitions.push(Partition {
                sp: sp as u32,
                deadline: d as u8,
                next_expiration: NO_EPOCH,
                ..Partition::default()
            });
        }
        let p = *dl.partitions.last().expect("a partition") as usize;
        dl.total_sectors += 1;
        dl.live_sectors += 1;
        dl.live_qa += qa;
        dl.daily_fee += fee;
        let part = &mut self.partitions[p];
        part.sectors.push(s);
        part.live += 1;
        part.unproven += 1;
        part.next_expiration = part.next_expiration.min(self.sectors.expiration[i]);
        self.sectors.partition[i] = p as u32;
    }

    /// Hourly onboarding for every SP: burn expired precommits, ProveCommit the due ones (if
    /// up), precommit new ones (if up, in business and below capacity).
    pub(super) fn onboard(&mut self, cx: &mut Ctx<'_, Self>) {
        let now = cx.now();
        let rel = Self::rel(now);
        let ie = Self::ie(rel);
        let delay = (self.cfg.prove_commit_delay.as_millis() / EPOCH_MS) as u32;
        let per_hour = self.cfg.onboard_sectors_per_day / 24.0;
        for sp in 0..self.sps.len() as u32 {
            let up = cx.is_up(NodeId(sp));
            if !self.sps[sp as usize].precommits.is_empty() {
                let pending = std::mem::take(&mut self.sps[sp as usize].precommits);
                let mut keep = Vec::with_capacity(pending.len());
                for s in pending {
                    let at = self.sectors.epoch[s as usize];
                    let due = at + MAX_PROVE_COMMIT_DURATION as u32;
                    if ie > due + EXPIRED_PRE_COMMIT_CLEAN_UP_DELAY as u32 {
                        self.burn_precommit(s, cx);
                    } else {
                        let ready = up
                            && ie <= due
                            && ie >= at + delay
                            && ie > at + PRE_COMMIT_CHALLENGE_DELAY as u32
                            && !self.sectors.data_gone(s);
                        if !(ready && self.prove_commit(s, now)) {
                            keep.push(s);
                        }
                    }
                }
                self.sps[sp as usize].precommits = keep;
            }
            let spr = &mut self.sps[sp as usize];
            if !up || spr.left || per_hour == 0.0 {
                continue;
            }
            spr.carry += per_hour;
            let n = (spr.carry.floor() as u32).min(spr.capacity.saturating_sub(spr.held));
            spr.carry -= spr.carry.floor();
            for _ in 0..n {
                let verified = self.cfg.verified_share > 0.0 && cx.rng().random::<f64>() < self.cfg.verified_share;
                let qa = if verified { self.qa_verified } else { self.sector_size };
                let deposit = self.quote(qa).deposit;
                let s = self.sectors.precommit(sp, verified, ie, deposit, self.rules == RuleSet::Nv24);
                self.counts[SectorState::Precommitted as usize] += 1;
                let spr = &mut self.sps[sp as usize];
                spr.precommits.push(s);
                spr.deposits += deposit.atto();
                spr.held += 1;
            }
        }
    }

    pub(super) fn burn_precommit(&mut self, s: u32, cx: &mut Ctx<'_, Self>) {
        let sp = self.sectors.sp[s as usize];
        let deposit = self.sectors.locked[s as usize];
        let spr = &mut self.sps[sp as usize];
        spr.deposits -= deposit;
        spr.held -= 1;
        self.set_state(s, SectorState::PrecommitExpired);
        self.charge(sp, TokenAmount::from_atto(deposit), Charge::Deposit, cx);
    }
}
