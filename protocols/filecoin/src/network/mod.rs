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

use depinsim_core::ConfigError;
use depinsim_core::StreamRng;
use depinsim_core::catalogue::Metric;
use depinsim_core::metrics::{AVAILABILITY, DATA_LOST_BYTES, Headline, Observer};
use depinsim_core::node::{GroupInfo, NodeTable, check_roles};
use depinsim_core::time::{DAY, HOUR, MINUTE};
use depinsim_core::{Ctx, Fault, Liveness, NodeId, Protocol, SimDuration, SimTime, Work};
use rand::Rng;

use crate::catalogue;
use crate::chain::{CONSENSUS_MINER_MIN_MINERS, Chain, MINIMUM_CONSENSUS_POWER, PIB, draw_win_count};
use crate::check::{check_groups, sp_capacity};
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

/// What proving one sector at its deadline costs, with its share of the deadlines' and the
/// onboarding's visits to the SPs, ns: measured from filecoin-network-year (BENCHMARKS.md,
/// "Run-time estimates").
const NS_PER_SECTOR_PROOF: f64 = 100.0;

mod lifecycle;
mod money;
mod onboarding;
mod proving;

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
    const METRICS: &'static [Metric] = catalogue::METRICS;
    type Config = FilecoinConfig;
    type Timer = Timer;
    type Msg = ();

    fn check(cfg: &FilecoinConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        cfg.check()?;
        check_roles(groups, Self::NAME, Self::ROLES)?;
        check_groups(cfg, groups)
    }

    /// Every live sector is proven once a day at its SP's deadline, and every deadline and
    /// onboarding hour visits every SP; the sectors held grow from the initial ones by each SP's
    /// onboarding up to its capacity, so the run holds on average the sectors of its middle day.
    /// Samples count the objects' copies.
    fn work(cfg: &FilecoinConfig, groups: &[GroupInfo], duration: SimDuration) -> Work {
        let days = duration.as_millis() as f64 / DAY as f64;
        let held = |g: &GroupInfo, days: f64| {
            let cap = sp_capacity(cfg, g) as f64;
            g.count as f64 * cap.min(cfg.initial_sectors_per_sp as f64 + cfg.onboard_sectors_per_day * days)
        };
        let sps: f64 = groups.iter().map(|g| g.count as f64).sum();
        let biggest = groups.iter().max_by(|a, b| held(a, days).total_cmp(&held(b, days)));
        Work {
            once: groups.iter().map(|g| held(g, 0.0)).sum(),
            per_day: groups.iter().map(|g| held(g, days / 2.0)).sum::<f64>()
                + sps * (WPOST_PERIOD_DEADLINES as f64 + 24.0),
            per_sample: cfg.objects as f64 * cfg.replicas as f64,
            what: "sector proofs",
            ns_per_step: NS_PER_SECTOR_PROOF,
            knob: if cfg.onboard_sectors_per_day > 0.0 {
                "onboard_sectors_per_day".into()
            } else {
                biggest.map_or_else(String::new, |g| format!("nodes.{}.count", g.name))
            },
        }
    }

    fn new(cfg: FilecoinConfig, nodes: &NodeTable, rng: &mut StreamRng) -> Result<Self, ConfigError> {
        Self::check(&cfg, &nodes.groups)?;
        let sector_size = cfg.sector_size.0 as StoragePower;
        let lifetime = (cfg.sector_lifetime.as_millis() / EPOCH_MS) as i64;
        let full = num_bigint::BigInt::from(sector_size) * lifetime;
        let qa_verified = qa_power_for_weight(sector_size, lifetime, &full);
        let sps = nodes
            .ids()
            .map(|n| {
                let profile = nodes.profile(n);
                let capacity = sp_capacity(&cfg, &nodes.groups[nodes.info(n).group as usize]);
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

    /// Block rewards are in FIL (`fil_price` prices them).
    fn token(&self) -> Option<&'static str> {
        Some("FIL")
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
