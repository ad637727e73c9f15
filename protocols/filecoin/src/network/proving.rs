//! WindowPoSt: closing a deadline (proven or faulty), continued fault fees, fault and recovery
//! declarations, expiry and termination of sectors.

use super::*;

impl Filecoin {
    /// The continued fault fee of `qa` faulty power now.
    pub(super) fn fault_fee(&self, qa: StoragePower) -> TokenAmount {
        if qa == 0 {
            return TokenAmount::ZERO;
        }
        pledge_penalty_for_continued_fault(self.chain.reward_smoothed(), &self.chain.qa_smoothed, qa)
    }

    /// Marks a live, non-faulty sector faulty, to be terminated at `fault_expiration`.
    pub(super) fn make_faulty(&mut self, s: u32, fault_expiration: u32) {
        let p = self.sectors.partition[s as usize] as usize;
        let qa = self.qa_of(s);
        let gone = self.sectors.data_gone(s);
        match self.sectors.state[s as usize] {
            SectorState::Active => self.power(s, -1),
            SectorState::Unproven => self.partitions[p].unproven -= 1,
            _ => return,
        }
        let part = &mut self.partitions[p];
        part.faulty += 1;
        part.faulty_qa += qa;
        part.recoverable += u32::from(!gone);
        let fe = fault_expiration.min(self.sectors.expiration[s as usize]);
        self.sectors.fault_expiration[s as usize] = fe;
        part.next_expiration = part.next_expiration.min(fe);
        self.set_state(s, SectorState::Faulty);
    }

    /// Ends a live sector: expired on schedule or terminated (with its fee); releases its pledge.
    pub(super) fn end_sector(&mut self, s: u32, terminated: bool, now_ie: u32, cx: &mut Ctx<'_, Self>) {
        let i = s as usize;
        let state = self.sectors.state[i];
        if !state.is_live() {
            return;
        }
        let sp = self.sectors.sp[i];
        let p = self.sectors.partition[i] as usize;
        let qa = self.qa_of(s);
        let gone = self.sectors.data_gone(s);
        if state == SectorState::Active {
            self.power(s, -1);
        }
        let part = &mut self.partitions[p];
        part.live -= 1;
        match state {
            SectorState::Unproven => part.unproven -= 1,
            SectorState::Faulty | SectorState::Recovering => {
                part.faulty -= 1;
                part.faulty_qa -= qa;
                part.recoverable -= u32::from(!gone);
                part.recovering -= u32::from(state == SectorState::Recovering);
            }
            _ => {}
        }
        let d = part.deadline as usize;
        let dl = &mut self.sps[sp as usize].deadlines[d];
        dl.live_sectors -= 1;
        dl.live_qa -= qa;
        dl.daily_fee -= self.sectors.daily_fee[i];
        let pledge = self.sectors.locked[i];
        if terminated {
            let age = (now_ie - self.sectors.epoch[i]) as i64;
            let legacy = self.sectors.legacy.get(i).copied().unwrap_or((0, 0));
            let inputs = TerminationInputs {
                initial_pledge: TokenAmount::from_atto(pledge),
                sector_age: age,
                qa_sector_power: qa,
                legacy: LegacyTerminationInputs {
                    day_reward: TokenAmount::from_atto(legacy.0),
                    sector_age: age,
                    twenty_day_reward_at_activation: TokenAmount::from_atto(legacy.1),
                    qa_sector_power: qa,
                    replaced_day_reward: TokenAmount::ZERO,
                    replaced_sector_age: 0,
                },
            };
            let fee = self.rules.termination_fee(&inputs, self.chain.reward_smoothed(), &self.chain.qa_smoothed);
            self.charge(sp, fee, Charge::Termination, cx);
        }
        self.sps[sp as usize].pledge -= pledge;
        self.sps[sp as usize].held -= 1;
        self.chain.pledge_delta -= TokenAmount::from_atto(pledge);
        self.set_state(s, if terminated { SectorState::Terminated } else { SectorState::Expired });
    }

    /// Processes the end of `sp`'s deadline `d`, whose last epoch is `last` (relative): the
    /// WindowPoSt (if `proven`) or the detection of faults, the continued fault fee on power
    /// already faulty, expirations and fault terminations, the daily fee, and the recovery
    /// declarations for the next period. Upstream: `handle_proving_deadline` (lib.rs),
    /// `advance_deadline` (state.rs), `process_deadline_end` (deadline_state.rs),
    /// `record_missed_post` and `recover_faults` (partition_state.rs).
    pub(super) fn close_deadline(&mut self, sp: u32, d: usize, last: i64, proven: bool, cx: &mut Ctx<'_, Self>) {
        let last_ie = Self::ie(last);
        let fault_exp = Self::ie(last + FAULT_MAX_AGE);
        let mut previously_faulty: StoragePower = 0;
        let nparts = self.sps[sp as usize].deadlines[d].partitions.len();
        for k in 0..nparts {
            let p = self.sps[sp as usize].deadlines[d].partitions[k] as usize;
            if proven {
                let part = &self.partitions[p];
                let gone = self.sps[sp as usize].data_lost && part.live > part.faulty;
                if part.recovering > 0 || part.unproven > 0 || gone {
                    for j in 0..self.partitions[p].sectors.len() {
                        let s = self.partitions[p].sectors[j];
                        let gone = self.sectors.data_gone(s);
                        match self.sectors.state[s as usize] {
                            // Data destroyed: skipped in the proof, so faulty (no fee at detection).
                            SectorState::Active | SectorState::Unproven if gone => self.make_faulty(s, fault_exp),
                            SectorState::Unproven => {
                                self.partitions[p].unproven -= 1;
                                self.set_state(s, SectorState::Active);
                                self.power(s, 1);
                            }
                            SectorState::Recovering => {
                                let qa = self.qa_of(s);
                                let part = &mut self.partitions[p];
                                part.recovering -= 1;
                                part.faulty -= 1;
                                part.faulty_qa -= qa;
                                part.recoverable -= 1;
                                self.sectors.fault_expiration[s as usize] = NO_EPOCH;
                                self.set_state(s, SectorState::Active);
                                self.power(s, 1);
                            }
                            _ => {}
                        }
                    }
                }
                previously_faulty += self.partitions[p].faulty_qa;
            } else {
                previously_faulty += self.partitions[p].faulty_qa;
                let part = &self.partitions[p];
                if part.recovering > 0 || part.live > part.faulty {
                    for j in 0..self.partitions[p].sectors.len() {
                        let s = self.partitions[p].sectors[j];
                        match self.sectors.state[s as usize] {
                            SectorState::Active | SectorState::Unproven => self.make_faulty(s, fault_exp),
                            SectorState::Recovering => {
                                self.partitions[p].recovering -= 1;
                                self.set_state(s, SectorState::Faulty);
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        // Faults detected now pay nothing; power faulty before pays FF (one fee for the deadline).
        let ff = self.fault_fee(previously_faulty);
        self.charge(sp, ff, Charge::Fault, cx);
        // Expirations: on schedule first, then faulty for 42 days (upstream `pop_expired_sectors`).
        for k in 0..nparts {
            let p = self.sps[sp as usize].deadlines[d].partitions[k] as usize;
            if self.partitions[p].next_expiration > last_ie {
                continue;
            }
            let mut next = NO_EPOCH;
            for j in 0..self.partitions[p].sectors.len() {
                let s = self.partitions[p].sectors[j];
                let i = s as usize;
                let state = self.sectors.state[i];
                if !state.is_live() {
                    continue;
                }
                if self.sectors.expiration[i] <= last_ie {
                    self.end_sector(s, false, last_ie, cx);
                } else if state.is_faulty() && self.sectors.fault_expiration[i] <= last_ie {
                    self.end_sector(s, true, last_ie, cx);
                } else {
                    next = next.min(self.sectors.expiration[i]);
                    if state.is_faulty() {
                        next = next.min(self.sectors.fault_expiration[i]);
                    }
                }
            }
            self.partitions[p].next_expiration = next;
        }
        // FIP-0100 daily fee of the deadline's remaining live power.
        let dl = &self.sps[sp as usize].deadlines[d];
        let fee = self.rules.deadline_fee_payable(
            TokenAmount::from_atto(dl.daily_fee),
            dl.live_qa,
            self.chain.reward_smoothed(),
            &self.chain.qa_smoothed,
        );
        self.charge(sp, fee, Charge::Daily, cx);
        // An SP that is up declares recovery of its intact faulty sectors for the next period.
        if proven {
            self.declare_recoveries(sp, d);
        }
    }

    /// Declares every intact faulty sector of `sp`'s deadline `d` recovering.
    pub(super) fn declare_recoveries(&mut self, sp: u32, d: usize) {
        for k in 0..self.sps[sp as usize].deadlines[d].partitions.len() {
            let p = self.sps[sp as usize].deadlines[d].partitions[k] as usize;
            if self.partitions[p].recoverable <= self.partitions[p].recovering {
                continue;
            }
            for j in 0..self.partitions[p].sectors.len() {
                let s = self.partitions[p].sectors[j];
                if self.sectors.state[s as usize] == SectorState::Faulty && !self.sectors.data_gone(s) {
                    self.partitions[p].recovering += 1;
                    self.set_state(s, SectorState::Recovering);
                }
            }
        }
    }

    /// Whether the declaration cutoff of `sp`'s deadline `d` (70 epochs before it next opens)
    /// has passed at `now`; the open deadline's has.
    pub(super) fn cutoff_passed(&self, sp: NodeId, d: usize, now: SimTime) -> bool {
        let close = self.next_close(sp, d, now).as_millis();
        let open_rel = (close - DEADLINE_MS) / EPOCH_MS;
        Self::rel(now) >= open_rel as i64 - FAULT_DECLARATION_CUTOFF
    }

    /// Declares the faults of `sp`'s live sectors in every deadline whose cutoff has not passed;
    /// they pay the continued fault fee from that deadline's end on. Upstream: `declare_faults`
    /// (lib.rs), the fault expiring 42 days after the target deadline's last epoch.
    pub fn declare_faults(&mut self, sp: NodeId, now: SimTime) {
        for d in 0..WPOST_PERIOD_DEADLINES {
            if self.cutoff_passed(sp, d, now) {
                continue;
            }
            let last = (self.next_close(sp, d, now).as_millis() / EPOCH_MS) as i64 - 1;
            let fe = Self::ie(last + FAULT_MAX_AGE);
            for s in self.deadline_sectors(sp, d) {
                self.make_faulty(s, fe);
            }
        }
    }

    /// Declares recovery of `sp`'s intact faulty sectors in every deadline whose cutoff has not
    /// passed (the others are declared when their deadline closes). Upstream:
    /// `declare_faults_recovered` (lib.rs).
    pub fn declare_recovery(&mut self, sp: NodeId, now: SimTime) {
        for d in 0..WPOST_PERIOD_DEADLINES {
            if !self.cutoff_passed(sp, d, now) {
                self.declare_recoveries(sp.0, d);
            }
        }
    }
}
