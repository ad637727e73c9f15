//! The Filecoin network as a [`Protocol`]: SPs (role `sp`) onboard sectors, prove them at their
//! deadlines, fault, recover, expire and are terminated; the chain mints and pays block rewards
//! and charges fees; clients' objects survive or not.
//!
//! Events: one network timer per deadline (every 30 minutes) steps the chain through its 60
//! epochs and walks, for every SP, the partitions of the deadline that closes then; one hourly
//! timer onboards (precommit, ProveCommit, expired precommits); an optional timer checks each
//! SP's profitability. Nothing is scheduled per sector.
//!
//! Money is exact attoFIL ([`crate::monies`], [`crate::policy`]); it is converted to USD at the
//! price path of the scenario when earned or charged and passed to [`Ctx::pay`] /
//! [`Ctx::charge`]. Assumptions: a reward counts in USD when won, though 75% of it vests over
//! 180 days (the locked part is reported apart and pays fees first, as upstream); pledge and
//! deposits are locked, not spent, so they are not costs; gas is ignored.

use depinsim_core::metrics::{AVAILABILITY, DATA_LOST_BYTES, Headline, Observer};
use depinsim_core::node::NodeTable;
use depinsim_core::time::{HOUR, MINUTE};
use depinsim_core::{Ctx, Fault, Liveness, NodeId, Protocol, SimDuration, SimTime};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::chain::{CONSENSUS_MINER_MIN_MINERS, Chain, MINIMUM_CONSENSUS_POWER, PIB, draw_win_count};
use crate::config::{Exit, FilecoinConfig, OnDestroyed};
use crate::deadline::{
    self, EXPIRED_PRE_COMMIT_CLEAN_UP_DELAY, FAULT_DECLARATION_CUTOFF, FAULT_MAX_AGE, MAX_PROVE_COMMIT_DURATION,
    PRE_COMMIT_CHALLENGE_DELAY, Partition, WPOST_CHALLENGE_WINDOW, WPOST_PERIOD_DEADLINES,
};
use crate::deals::{Deals, ObjectStatus};
use crate::monies::{
    FIP0081_RAMP_DURATION_EPOCHS, INITIAL_PLEDGE_PROJECTION_PERIOD, LegacyTerminationInputs, expected_reward_for_power,
    initial_pledge_for_power, pledge_penalty_for_continued_fault, pre_commit_deposit_for_power,
};
use crate::policy::{RuleSet, TerminationInputs, qa_power_for_weight};
use crate::sector::{DATA_GONE, NO_EPOCH, SectorState, Sectors};
use crate::sp::Sp;
use crate::units::{ATTO_PER_FIL, ChainEpoch, EPOCH_DURATION_SECONDS, EPOCHS_PER_DAY, StoragePower, TokenAmount};
use crate::vesting::locked_reward_from_reward;

/// Milliseconds per epoch.
const EPOCH_MS: u64 = EPOCH_DURATION_SECONDS as u64 * 1000;
/// Milliseconds per deadline.
const DEADLINE_MS: u64 = 30 * MINUTE;
/// Internal epochs are relative to the start plus this (five years), so that sectors activated
/// before the start have positive epochs.
const E0: i64 = 5 * 365 * EPOCHS_PER_DAY;

/// Metric: sectors proving (active or unproven).
pub const SECTORS_ACTIVE: &str = "sectors_active";
/// Metric: faulty sectors (recovering included).
pub const SECTORS_FAULTY: &str = "sectors_faulty";
/// Metric: sectors with a recovery declared.
pub const SECTORS_RECOVERING: &str = "sectors_recovering";
/// Metric: sectors terminated early since the start.
pub const SECTORS_TERMINATED: &str = "sectors_terminated";
/// Metric: sectors expired on schedule since the start.
pub const SECTORS_EXPIRED: &str = "sectors_expired";
/// Metric: raw byte power of the simulated SPs, PiB.
pub const RAW_POWER_PIB: &str = "raw_power_pib";
/// Metric: QA power of the simulated SPs, PiB.
pub const QA_POWER_PIB: &str = "qa_power_pib";
/// Metric: continued fault fees paid since the start, FIL.
pub const FAULT_FEES_FIL: &str = "fault_fees_fil";
/// Metric: termination fees paid since the start, FIL.
pub const TERMINATION_FEES_FIL: &str = "termination_fees_fil";
/// Metric: FIP-0100 daily fees paid since the start, FIL.
pub const DAILY_FEES_FIL: &str = "daily_fees_fil";
/// Metric: precommit deposits burnt since the start, FIL.
pub const DEPOSITS_BURNT_FIL: &str = "deposits_burnt_fil";
/// Metric: all fees and penalties paid since the start, FIL.
pub const FEES_FIL: &str = "fees_fil";
/// Metric: block rewards minted since the start, whole network, FIL.
pub const REWARDS_MINTED_FIL: &str = "rewards_minted_fil";
/// Metric: block rewards earned by the simulated SPs since the start, FIL.
pub const REWARDS_EARNED_FIL: &str = "rewards_earned_fil";
/// Metric: rewards still vesting, FIL.
pub const REWARDS_LOCKED_FIL: &str = "rewards_locked_fil";
/// Metric: initial pledge locked, FIL.
pub const PLEDGE_LOCKED_FIL: &str = "pledge_locked_fil";
/// Metric: the reward for all of this epoch's winners, FIL.
pub const EPOCH_REWARD_FIL: &str = "epoch_reward_fil";
/// Metric: baseline power, PiB.
pub const BASELINE_PIB: &str = "baseline_power_pib";
/// Metric: client objects lost.
pub const OBJECTS_LOST: &str = "objects_lost";
/// Metric: client objects not retrievable now (lost included).
pub const OBJECTS_UNAVAILABLE: &str = "objects_unavailable";
/// Metric: SPs' rewards minus fees, USD, since the start (hardware costs are in `cost_usd`).
pub const SP_PROFIT_USD: &str = "sp_fil_income_usd";
/// Metric: SPs that left.
pub const SPS_LEFT: &str = "sps_left";
/// Metric: FIL price, USD.
pub const FIL_PRICE_USD: &str = "fil_price_usd";

/// Timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Deadline slot `0` closes (every SP's deadline due then is processed).
    Deadline(u64),
    /// Hourly onboarding: ProveCommit, precommit, expired precommits.
    Onboard,
    /// Each SP checks whether it earned its costs.
    ExitCheck,
}

/// Fee and reward totals, attoFIL.
#[derive(Clone, Copy, Debug, Default)]
pub struct Totals {
    /// Continued fault fees.
    pub fault_fees: i128,
    /// Termination fees.
    pub termination_fees: i128,
    /// Daily fees.
    pub daily_fees: i128,
    /// Burnt precommit deposits.
    pub deposits_burnt: i128,
    /// Rewards minted (all winners).
    pub minted: i128,
    /// Rewards earned by simulated SPs.
    pub earned: i128,
    /// Income of the SPs, USD (rewards minus fees).
    pub income_usd: f64,
    /// Bytes of sectors whose data was destroyed.
    pub sector_bytes_destroyed: i128,
}

/// Kinds of charge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charge {
    /// Continued fault fee.
    Fault,
    /// Termination fee.
    Termination,
    /// FIP-0100 daily fee.
    Daily,
    /// Burnt precommit deposit.
    Deposit,
}

/// What a sector of one QA power pays when committed now. The money functions are pure
/// functions of the chain state, which changes only between events, and of the circulating
/// supply, snapshotted once per event (upstream computes it once per epoch), so one value per
/// QA power and event is exact.
#[derive(Clone, Copy, Debug)]
struct Quote {
    epoch: ChainEpoch,
    qa: StoragePower,
    deposit: TokenAmount,
    pledge: TokenAmount,
    daily_fee: TokenAmount,
    legacy: (i128, i128),
}

/// A Filecoin network of storage providers.
pub struct Filecoin {
    cfg: FilecoinConfig,
    rules: RuleSet,
    sector_size: StoragePower,
    qa_verified: StoragePower,
    part_size: u32,
    /// All sectors.
    pub sectors: Sectors,
    /// All partitions.
    pub partitions: Vec<Partition>,
    /// All SPs, indexed by node.
    pub sps: Vec<Sp>,
    /// The chain.
    pub chain: Chain,
    /// Client objects.
    pub deals: Deals,
    /// Fee and reward totals.
    pub totals: Totals,
    counts: [u64; 8],
    raw_total: StoragePower,
    qa_total: StoragePower,
    /// Cumulative eligible QA power (f64) per SP in `winners`, for drawing block winners.
    cumulative: Vec<f64>,
    winners: Vec<u32>,
    power_dirty: bool,
    sps_left: u32,
    wins_scratch: Vec<u32>,
    quotes: Vec<Quote>,
    /// Circulating supply snapshot of the current event.
    cs: TokenAmount,
}

fn fil(atto: i128) -> f64 {
    atto as f64 / ATTO_PER_FIL as f64
}

impl Filecoin {
    /// Relative epoch at `now`.
    fn rel(now: SimTime) -> i64 {
        (now.as_millis() / EPOCH_MS) as i64
    }
    /// Internal epoch (`u32`) of a relative epoch.
    fn ie(rel: i64) -> u32 {
        (rel + E0) as u32
    }
    /// Chain epoch of an internal epoch.
    fn chain_epoch(&self, ie: u32) -> ChainEpoch {
        self.chain.start_epoch + ie as i64 - E0
    }
    /// QA power of sector `s`.
    pub fn qa_of(&self, s: u32) -> StoragePower {
        if self.sectors.verified(s) { self.qa_verified } else { self.sector_size }
    }
    /// Sectors in `state` now (ended states: since the start).
    pub fn count(&self, state: SectorState) -> u64 {
        self.counts[state as usize]
    }
    /// Raw byte power of the simulated SPs' active sectors.
    pub fn raw_power(&self) -> StoragePower {
        self.raw_total
    }
    /// The sector size.
    pub fn sector_size(&self) -> StoragePower {
        self.sector_size
    }
    /// Sectors of `sp`'s deadline `d` (all partitions).
    pub fn deadline_sectors(&self, sp: NodeId, d: usize) -> Vec<u32> {
        self.sps[sp.index()].deadlines[d]
            .partitions
            .iter()
            .flat_map(|p| self.partitions[*p as usize].sectors.iter().copied())
            .collect()
    }
    /// The deadline index of `sp` that closes at the end of global slot `slot`.
    pub fn deadline_of(&self, sp: NodeId, slot: u64) -> usize {
        let n = WPOST_PERIOD_DEADLINES as u64;
        ((slot % n + n - self.sps[sp.index()].offset as u64) % n) as usize
    }
    /// The time at which `sp`'s deadline `d` next closes after `now`.
    pub fn next_close(&self, sp: NodeId, d: usize, now: SimTime) -> SimTime {
        let slot = now.as_millis() / DEADLINE_MS;
        let k = (0..WPOST_PERIOD_DEADLINES as u64).find(|k| self.deadline_of(sp, slot + k) == d).expect("48 slots");
        SimTime::from_millis((slot + k + 1) * DEADLINE_MS)
    }
    fn set_state(&mut self, s: u32, state: SectorState) {
        let old = &mut self.sectors.state[s as usize];
        self.counts[*old as usize] -= 1;
        self.counts[state as usize] += 1;
        *old = state;
    }
    fn power(&mut self, s: u32, sign: i128) {
        let qa = self.qa_of(s) * sign;
        let raw = self.sector_size * sign;
        let sp = &mut self.sps[self.sectors.sp[s as usize] as usize];
        sp.raw += raw;
        sp.qa += qa;
        self.raw_total += raw;
        self.qa_total += qa;
        self.power_dirty = true;
    }
    fn price(&self, now: SimTime) -> f64 {
        self.cfg.price_usd(now.since(SimTime::ZERO))
    }

    /// Charges `amount` to `sp`: burnt, paid from its vesting rewards first (upstream
    /// `repay_partial_debt_in_priority_order`), and charged in USD.
    fn charge(&mut self, sp: u32, amount: TokenAmount, kind: Charge, cx: &mut Ctx<'_, Self>) {
        if !amount.is_positive() {
            return;
        }
        let a = amount.atto();
        match kind {
            Charge::Fault => self.totals.fault_fees += a,
            Charge::Termination => self.totals.termination_fees += a,
            Charge::Daily => self.totals.daily_fees += a,
            Charge::Deposit => self.totals.deposits_burnt += a,
        }
        self.chain.burnt += amount;
        let epoch = self.chain_epoch(Self::ie(Self::rel(cx.now())));
        let s = &mut self.sps[sp as usize];
        s.vesting.unlock_vested_and_unvested(epoch, amount);
        s.fees += a;
        let usd = fil(a) * self.cfg.price_usd(cx.now().since(SimTime::ZERO));
        s.income_usd -= usd;
        self.totals.income_usd -= usd;
        cx.charge(NodeId(sp), usd);
    }

    /// Pays a block reward to `sp`: 75% vests over 180 days, 25% is liquid; worth its USD value
    /// at once.
    fn earn(&mut self, sp: u32, amount: TokenAmount, epoch: ChainEpoch, cx: &mut Ctx<'_, Self>) {
        self.totals.earned += amount.atto();
        let (locked, spec) = locked_reward_from_reward(amount);
        let s = &mut self.sps[sp as usize];
        let pps = self.chain.start_epoch + s.offset as i64 * WPOST_CHALLENGE_WINDOW;
        s.vesting.add_locked(epoch, locked, pps, spec);
        s.rewards += amount.atto();
        let usd = amount.to_fil_f64() * self.cfg.price_usd(cx.now().since(SimTime::ZERO));
        s.income_usd += usd;
        self.totals.income_usd += usd;
        cx.pay(NodeId(sp), usd);
    }

    /// Rebuilds the table of block-winning power: SPs with active power, eligible when their
    /// raw power meets the consensus minimum or fewer than four miners do (the background
    /// network counts as miners above it).
    fn rebuild_winners(&mut self) {
        self.power_dirty = false;
        let above = self.sps.iter().filter(|s| s.raw >= MINIMUM_CONSENSUS_POWER).count()
            + if self.chain.background_raw > 0 { CONSENSUS_MINER_MIN_MINERS } else { 0 };
        let all = above < CONSENSUS_MINER_MIN_MINERS;
        self.winners.clear();
        self.cumulative.clear();
        let mut acc = self.chain.background_qa as f64;
        for (i, s) in self.sps.iter().enumerate() {
            if s.qa > 0 && (all || s.raw >= MINIMUM_CONSENSUS_POWER) {
                acc += s.qa as f64;
                self.winners.push(i as u32);
                self.cumulative.push(acc);
            }
        }
    }

    /// Steps the chain through the 60 epochs of `slot`, paying each epoch's winners.
    fn mint(&mut self, slot: u64, cx: &mut Ctx<'_, Self>) {
        if self.power_dirty {
            self.rebuild_winners();
        }
        let total = self.cumulative.last().copied().unwrap_or(self.chain.background_qa as f64);
        let background = self.chain.background_qa as f64;
        for i in 0..WPOST_CHALLENGE_WINDOW {
            let rel = slot as i64 * WPOST_CHALLENGE_WINDOW + i;
            let epoch = self.chain.start_epoch + rel;
            let wins = draw_win_count(cx.rng());
            self.wins_scratch.clear();
            for _ in 0..wins {
                if total <= 0.0 {
                    break;
                }
                let x = cx.rng().random::<f64>() * total;
                if x < background {
                    // A background miner's block.
                    let r = self.chain.reward.block_reward(1);
                    self.chain.minted += r;
                    self.totals.minted += r.atto();
                    continue;
                }
                let k = self.cumulative.partition_point(|c| *c <= x).min(self.winners.len() - 1);
                let sp = self.winners[k];
                if cx.is_up(NodeId(sp)) {
                    self.wins_scratch.push(sp);
                }
            }
            self.wins_scratch.sort_unstable();
            let mut j = 0;
            while j < self.wins_scratch.len() {
                let sp = self.wins_scratch[j];
                let n = self.wins_scratch[j..].iter().take_while(|w| **w == sp).count();
                let reward = self.chain.reward.block_reward(n as i64);
                self.chain.minted += reward;
                self.totals.minted += reward.atto();
                self.earn(sp, reward, epoch, cx);
                j += n;
            }
            let raw = self.chain.background_raw + self.raw_total;
            let qa = self.chain.background_qa + self.qa_total;
            self.chain.end_epoch(epoch, raw, qa);
        }
    }

    /// The continued fault fee of `qa` faulty power now.
    fn fault_fee(&self, qa: StoragePower) -> TokenAmount {
        if qa == 0 {
            return TokenAmount::ZERO;
        }
        pledge_penalty_for_continued_fault(self.chain.reward_smoothed(), &self.chain.qa_smoothed, qa)
    }

    /// Marks a live, non-faulty sector faulty, to be terminated at `fault_expiration`.
    fn make_faulty(&mut self, s: u32, fault_expiration: u32) {
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
    fn end_sector(&mut self, s: u32, terminated: bool, now_ie: u32, cx: &mut Ctx<'_, Self>) {
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
    fn close_deadline(&mut self, sp: u32, d: usize, last: i64, proven: bool, cx: &mut Ctx<'_, Self>) {
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
    fn declare_recoveries(&mut self, sp: u32, d: usize) {
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
    fn cutoff_passed(&self, sp: NodeId, d: usize, now: SimTime) -> bool {
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

    /// ProveCommit of precommitted sector `s`: deposit released, initial pledge locked, daily
    /// fee fixed, sector assigned to a deadline (unproven until its first WindowPoSt).
    fn prove_commit(&mut self, s: u32, now: SimTime) -> bool {
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
    fn quote(&mut self, qa: StoragePower) -> Quote {
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
    fn activate(&mut self, s: u32, d: usize) {
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
    fn onboard(&mut self, cx: &mut Ctx<'_, Self>) {
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

    fn burn_precommit(&mut self, s: u32, cx: &mut Ctx<'_, Self>) {
        let sp = self.sectors.sp[s as usize];
        let deposit = self.sectors.locked[s as usize];
        let spr = &mut self.sps[sp as usize];
        spr.deposits -= deposit;
        spr.held -= 1;
        self.set_state(s, SectorState::PrecommitExpired);
        self.charge(sp, TokenAmount::from_atto(deposit), Charge::Deposit, cx);
    }

    /// All live sectors of `sp`.
    fn live_sectors(&self, sp: u32) -> Vec<u32> {
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

    fn destroyed(&mut self, sp: u32, cx: &mut Ctx<'_, Self>) {
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

    fn exit_check(&mut self, cx: &mut Ctx<'_, Self>) {
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
    fn genesis(&mut self, rng: &mut ChaCha8Rng) {
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

impl Protocol for Filecoin {
    const NAME: &'static str = "filecoin";
    const SUMMARY: &'static str = "Filecoin storage providers as builtin-actors treats them: sectors, WindowPoSt deadlines, faults, fees, minting, deals";
    const ROLES: &'static [&'static str] = &["sp"];
    const KEY_METRICS: &'static [&'static str] = &[
        SECTORS_ACTIVE,
        SECTORS_FAULTY,
        SECTORS_TERMINATED,
        QA_POWER_PIB,
        FEES_FIL,
        REWARDS_EARNED_FIL,
        PLEDGE_LOCKED_FIL,
        OBJECTS_LOST,
    ];
    type Config = FilecoinConfig;
    type Timer = Timer;
    type Msg = ();

    fn new(cfg: FilecoinConfig, nodes: &NodeTable, rng: &mut ChaCha8Rng) -> Result<Self, String> {
        cfg.validate()?;
        let unknown = nodes.unknown_roles(Self::ROLES);
        if !unknown.is_empty() {
            return Err(format!("unknown roles {unknown:?}; a filecoin network has only `sp` nodes"));
        }
        let sector_size = cfg.sector_size.0 as StoragePower;
        let lifetime = (cfg.sector_lifetime.as_millis() / EPOCH_MS) as i64;
        let full = num_bigint::BigInt::from(sector_size) * lifetime;
        let qa_verified = qa_power_for_weight(sector_size, lifetime, &full);
        let sps = nodes
            .ids()
            .map(|n| {
                let profile = nodes.profile(n);
                let by_disk = profile.capacity.storage.map_or(u32::MAX, |b| (b.0 as i128 / sector_size) as u32);
                let capacity = if cfg.max_sectors_per_sp > 0 { cfg.max_sectors_per_sp } else { by_disk };
                let cost = profile.fixed_usd_per_hour() + profile.power_usd_per_hour(cfg.power_usd_per_kwh);
                Sp::new(rng.random_range(0..WPOST_PERIOD_DEADLINES as u8), capacity, cost)
            })
            .collect();
        let mut f = Filecoin {
            rules: cfg.rules.rule_set(),
            sector_size,
            qa_verified,
            part_size: deadline::partition_sectors(sector_size),
            sectors: Sectors::default(),
            partitions: Vec::new(),
            sps,
            chain: Chain::new(&FilecoinConfig::default(), 0, 0),
            deals: Deals::default(),
            totals: Totals::default(),
            counts: [0; 8],
            raw_total: 0,
            qa_total: 0,
            cumulative: Vec::new(),
            winners: Vec::new(),
            power_dirty: true,
            sps_left: 0,
            wins_scratch: Vec::new(),
            quotes: Vec::new(),
            cs: TokenAmount::ZERO,
            cfg,
        };
        f.genesis(rng);
        let mut by_sp: Vec<Vec<u32>> = vec![Vec::new(); f.sps.len()];
        for s in 0..f.sectors.len() as u32 {
            by_sp[f.sectors.sp[s as usize] as usize].push(s);
        }
        f.deals = Deals::place(f.cfg.objects, f.cfg.replicas as usize, f.cfg.spread, nodes, &by_sp, rng)?;
        Ok(f)
    }

    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        cx.set_timer(SimDuration::from_millis(DEADLINE_MS), Timer::Deadline(0));
        cx.set_timer(SimDuration::from_millis(HOUR), Timer::Onboard);
        if self.cfg.exit_after > SimDuration::ZERO {
            cx.set_timer(self.cfg.exit_after, Timer::ExitCheck);
        }
    }

    fn on_timer(&mut self, _node: Option<NodeId>, timer: Timer, cx: &mut Ctx<'_, Self>) {
        self.cs = self.chain.circulating_supply();
        match timer {
            Timer::Deadline(slot) => {
                self.mint(slot, cx);
                let last = (slot as i64 + 1) * WPOST_CHALLENGE_WINDOW - 1;
                let open_ms = slot * DEADLINE_MS;
                for sp in 0..self.sps.len() as u32 {
                    let d = self.deadline_of(NodeId(sp), slot);
                    if self.sps[sp as usize].deadlines[d].live_sectors == 0 {
                        continue;
                    }
                    let down_since = self.sps[sp as usize].down_since;
                    // Proven if the SP was up at some moment of the window.
                    let proven = cx.is_up(NodeId(sp)) || (down_since != u64::MAX && down_since > open_ms);
                    self.close_deadline(sp, d, last, proven, cx);
                }
                cx.set_timer(SimDuration::from_millis(DEADLINE_MS), Timer::Deadline(slot + 1));
            }
            Timer::Onboard => {
                self.onboard(cx);
                cx.set_timer(SimDuration::from_millis(HOUR), Timer::Onboard);
            }
            Timer::ExitCheck => {
                self.exit_check(cx);
                cx.set_timer(self.cfg.exit_after, Timer::ExitCheck);
            }
        }
    }

    fn on_fault(&mut self, node: NodeId, fault: Fault, cx: &mut Ctx<'_, Self>) {
        let now = cx.now();
        match fault {
            Fault::Down => {
                self.sps[node.index()].down_since = now.as_millis();
                if self.cfg.declare_faults {
                    self.declare_faults(node, now);
                }
            }
            Fault::Destroyed => {
                let sp = &mut self.sps[node.index()];
                if sp.down_since == u64::MAX {
                    sp.down_since = now.as_millis();
                }
                self.destroyed(node.0, cx);
            }
            Fault::Up => {
                self.sps[node.index()].down_since = u64::MAX;
                self.declare_recovery(node, now);
            }
            Fault::Loss(_) => {}
        }
    }

    fn observe(&mut self, now: SimTime, live: &Liveness, obs: &mut Observer) {
        let (available, unavailable, lost, ended) = self.object_counts(live);
        let current = available + unavailable + lost;
        obs.record(AVAILABILITY, if current == 0 { 1.0 } else { available as f64 / current as f64 });
        obs.record(OBJECTS_LOST, lost as f64);
        obs.record(OBJECTS_UNAVAILABLE, (unavailable + lost) as f64);
        let _ = ended;
        obs.record(DATA_LOST_BYTES, lost as f64 * self.cfg.object_size.0 as f64);
        obs.record(SECTORS_ACTIVE, (self.count(SectorState::Active) + self.count(SectorState::Unproven)) as f64);
        obs.record(SECTORS_FAULTY, (self.count(SectorState::Faulty) + self.count(SectorState::Recovering)) as f64);
        obs.record(SECTORS_RECOVERING, self.count(SectorState::Recovering) as f64);
        obs.record(SECTORS_TERMINATED, self.count(SectorState::Terminated) as f64);
        obs.record(SECTORS_EXPIRED, self.count(SectorState::Expired) as f64);
        obs.record(RAW_POWER_PIB, self.raw_total as f64 / PIB);
        obs.record(QA_POWER_PIB, self.qa_total as f64 / PIB);
        let t = &self.totals;
        obs.record(FAULT_FEES_FIL, fil(t.fault_fees));
        obs.record(TERMINATION_FEES_FIL, fil(t.termination_fees));
        obs.record(DAILY_FEES_FIL, fil(t.daily_fees));
        obs.record(DEPOSITS_BURNT_FIL, fil(t.deposits_burnt));
        obs.record(FEES_FIL, fil(t.fault_fees + t.termination_fees + t.daily_fees + t.deposits_burnt));
        obs.record(REWARDS_MINTED_FIL, fil(t.minted));
        obs.record(REWARDS_EARNED_FIL, fil(t.earned));
        let locked: i128 = self.sps.iter().map(|s| s.vesting.locked().atto()).sum();
        obs.record(REWARDS_LOCKED_FIL, fil(locked));
        obs.record(PLEDGE_LOCKED_FIL, fil(self.sps.iter().map(|s| s.pledge).sum()));
        obs.record(EPOCH_REWARD_FIL, self.chain.reward.this_epoch_reward.to_fil_f64());
        obs.record(BASELINE_PIB, self.chain.reward.baseline_power() as f64 / PIB);
        obs.record(SP_PROFIT_USD, t.income_usd);
        obs.record(SPS_LEFT, self.sps_left as f64);
        obs.record(FIL_PRICE_USD, self.price(now));
    }

    fn service_level(&self, down: &[bool]) -> f64 {
        let mut ok = 0u64;
        let mut current = 0u64;
        for o in 0..self.deals.len() {
            match self.deals.status(o, &self.sectors, |sp| !down.get(sp).copied().unwrap_or(false)) {
                ObjectStatus::Ended => {}
                ObjectStatus::Available => {
                    ok += 1;
                    current += 1;
                }
                _ => current += 1,
            }
        }
        if current == 0 { 1.0 } else { ok as f64 / current as f64 }
    }

    fn service_delivered(&self) -> Option<(&'static str, f64)> {
        None
    }

    fn headline(&self, h: &mut Headline) {
        let t = &self.totals;
        h.set(SECTORS_ACTIVE, Some((self.count(SectorState::Active) + self.count(SectorState::Unproven)) as f64));
        h.set(SECTORS_FAULTY, Some((self.count(SectorState::Faulty) + self.count(SectorState::Recovering)) as f64));
        h.set(SECTORS_TERMINATED, Some(self.count(SectorState::Terminated) as f64));
        h.set(SECTORS_EXPIRED, Some(self.count(SectorState::Expired) as f64));
        h.set(QA_POWER_PIB, Some(self.qa_total as f64 / PIB));
        h.set(FAULT_FEES_FIL, Some(fil(t.fault_fees)));
        h.set(TERMINATION_FEES_FIL, Some(fil(t.termination_fees)));
        h.set(DAILY_FEES_FIL, Some(fil(t.daily_fees)));
        h.set(DEPOSITS_BURNT_FIL, Some(fil(t.deposits_burnt)));
        h.set(REWARDS_MINTED_FIL, Some(fil(t.minted)));
        h.set(REWARDS_EARNED_FIL, Some(fil(t.earned)));
        h.set(PLEDGE_LOCKED_FIL, Some(fil(self.sps.iter().map(|s| s.pledge).sum())));
        h.set(SP_PROFIT_USD, Some(t.income_usd));
        h.set(SPS_LEFT, Some(self.sps_left as f64));
        let lost = (0..self.deals.len())
            .filter(|o| self.deals.status(*o, &self.sectors, |_| true) == ObjectStatus::Lost)
            .count();
        h.set(OBJECTS_LOST, Some(lost as f64));
        h.set(DATA_LOST_BYTES, Some(lost as f64 * self.cfg.object_size.0 as f64));
    }
}
