//! # depinsim-arweave
//!
//! Arweave as the `arweave` protocol of depinsim: [`Arweave`] (role `miner`, config
//! [`ArweaveConfig`]). The question it answers for designers: how long does the storage
//! endowment last if storage costs fall more slowly than the 0.5% a year the fee assumes, or
//! rise; and how durable is the weave when its copies gather at a few providers.
//!
//! - [`pricing`]: the upload fee, its split, the expected reward, inflation and the per-block
//!   endowment rule, as ArweaveTeam/arweave computes them;
//! - [`endowment`]: the economy advanced a batch of blocks (a day) at a time, in closed form;
//! - [`weave`]: partitions, their copies on miners, loss and re-sync;
//! - [`config`]: parameters and their assumptions.
//!
//! Events: one network timer per batch (default 720 blocks, one day) advances the economy,
//! pays the miners and adds the partitions the uploads filled; nothing is scheduled per block.
//! Miners earn the batch's block rewards in proportion to the partitions they held intact while
//! up, times the time they were up during the batch: since fork 2.6 a miner's chance of a block
//! grows with the partitions it stores (SPoRA recall ranges per partition), so stored data
//! stands for hash rate, and a miner down for part of the batch mined none of the blocks found
//! meanwhile. Its share is split at each of its up/down changes ([`UpTime`]), not read from its
//! state at the batch's end (a miner down for the first 23 hours of a day earned the full day
//! if up at its end, one down for its last hour nothing). Partitions the batch's uploads fill
//! are placed at its end and count from the next batch.

pub mod catalogue;
pub mod config;
pub mod endowment;
pub mod pricing;
pub mod weave;

pub use config::{ArweaveConfig, UploadPhase};
pub use endowment::{Batch, Economy};
pub use weave::{Spread, Weave};

use depinsim_core::StreamRng;
use depinsim_core::config::ConfigError;
use depinsim_core::metrics::{AVAILABILITY, DATA_LOST_BYTES, Headline, Observer};
use depinsim_core::node::{GroupInfo, NodeTable, check_roles};
use depinsim_core::time::YEAR;
use depinsim_core::uptime::UpTime;
use depinsim_core::{Ctx, Fault, Liveness, NodeId, Protocol, SimDuration, SimTime, Work};
use pricing::{BLOCK_TIME_S, PARTITION_SIZE, WINSTON_PER_AR};

/// What one miner's part in a reward batch costs, ns: measured from arweave-endowment-stress
/// (BENCHMARKS.md, "Run-time estimates").
const NS_PER_MINER_BATCH: f64 = 50.0;

/// Metric: the endowment pool, AR.
pub const ENDOWMENT_AR: &str = "endowment_ar";
/// Metric: tokens minted because the endowment was empty, AR.
pub const DEBT_AR: &str = "debt_supply_ar";
/// Metric: the Kryder+ multiplier.
pub const KRYDER: &str = "kryder_multiplier";
/// Metric: the weave, TiB.
pub const WEAVE_TIB: &str = "weave_tib";
/// Metric: price per GiB-minute, winston.
pub const PRICE: &str = "price_winston_per_gib_minute";
/// Metric: fee for uploading one GiB now, AR.
pub const FEE_PER_GIB_AR: &str = "fee_per_gib_ar";
/// Metric: mean block reward over the last batch, AR.
pub const BLOCK_REWARD_AR: &str = "block_reward_ar";
/// Metric: drawn from the endowment since the start, AR.
pub const ENDOWMENT_DRAWN_AR: &str = "endowment_drawn_ar";
/// Metric: fees paid since the start, AR.
pub const FEES_AR: &str = "fees_ar";
/// Metric: partitions of the weave.
pub const PARTITIONS: &str = "partitions";
/// Metric: partitions with no intact copy on a miner that is up.
pub const PARTITIONS_UNAVAILABLE: &str = "partitions_unavailable";
/// Metric: partitions whose every copy was destroyed.
pub const PARTITIONS_LOST: &str = "partitions_lost";
/// Headline: years from the start until the endowment first ran dry (none if it never did).
pub const DRY_AFTER_YEARS: &str = "endowment_dry_after_years";
/// Headline: the calendar year the endowment first ran dry.
pub const DRY_YEAR: &str = "endowment_dry_year";
/// Headline: the largest the endowment got, AR.
pub const ENDOWMENT_PEAK_AR: &str = "endowment_peak_ar";
/// Headline: share of partitions whose intact copies all sit with one provider.
pub const SINGLE_PROVIDER_SHARE: &str = "partitions_single_provider_share";

/// Timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Advance the economy one batch of blocks.
    Batch,
}

/// An Arweave network.
pub struct Arweave {
    cfg: ArweaveConfig,
    nodes: NodeTable,
    /// The chain's economy.
    pub economy: Economy,
    /// Partitions and their copies.
    pub weave: Weave,
    batch: SimDuration,
    dry_at: Option<SimTime>,
    peak: f64,
    drawn: f64,
    fees: f64,
    last_reward: f64,
    lost_bytes: f64,
    /// Per miner, partitions stored intact x milliseconds up in the batch under way.
    mined: UpTime,
}

impl Arweave {
    /// When the endowment first ran dry.
    pub fn dry_at(&self) -> Option<SimTime> {
        self.dry_at
    }

    /// Partitions the weave fills.
    fn partitions_for(weave_size: f64) -> usize {
        (weave_size / PARTITION_SIZE as f64).ceil() as usize
    }

    fn batch_step(&mut self, cx: &mut Ctx<'_, Self>) {
        let since = cx.now().since(SimTime::ZERO);
        let start = SimDuration::from_millis(since.as_millis() - self.batch.as_millis());
        let days = self.batch.as_millis() as f64 / depinsim_core::time::DAY as f64;
        let uploads = self.cfg.uploads_per_day(start) * days;
        let price = self.cfg.price_at(start);
        let b = self.economy.advance(self.cfg.batch_blocks, uploads, self.cfg.tx_size.0, price);
        if b.ran_dry && self.dry_at.is_none() {
            self.dry_at = Some(cx.now());
        }
        self.peak = self.peak.max(self.economy.endowment);
        self.drawn += b.take;
        self.fees += b.fees;
        self.last_reward = b.rewards / self.cfg.batch_blocks as f64;
        self.pay(b.rewards, cx);
        while self.weave.partitions() < Self::partitions_for(self.economy.weave_size) {
            let (live, rng) = cx.live_and_rng();
            if self.weave.add_partition(&self.nodes, Some(live), rng).is_err() {
                // No room on distinct live miners now: count the partition as stored by none.
                // Rare (most miners down at once); it is placed on the next batch.
                break;
            }
        }
        // The new copies count from here.
        for n in self.nodes.ids() {
            self.mined.set_weight(n, self.weave.stored_by(n) as f64, cx.now());
        }
    }

    /// Pays the batch that ends now: each miner its partition-time up over the batch's total.
    fn pay(&mut self, rewards: f64, cx: &mut Ctx<'_, Self>) {
        self.mined.end_period(cx.now());
        let mined: Vec<f64> = self.nodes.ids().map(|n| self.mined.take(n)).collect();
        let total: f64 = mined.iter().sum();
        if total == 0.0 {
            return;
        }
        let ar = rewards / WINSTON_PER_AR as f64;
        for (i, m) in mined.iter().enumerate() {
            if *m > 0.0 {
                let share = ar * (*m / total);
                cx.pay_in(NodeId(i as u32), share, share * self.cfg.ar_usd);
            }
        }
    }
}

/// The weave's initial partitions found no `replicas` distinct failure domains among the miners.
fn unplaceable(cfg: &ArweaveConfig) -> ConfigError {
    let domains = cfg.spread.name();
    ConfigError::param(
        "replicas",
        format!("`replicas` is {} but the miners' {domains} cannot hold that many distinct copies", cfg.replicas),
    )
    .help(format!("at most the number of distinct {domains} among the miners, or another `spread`"))
}

fn ar(winston: f64) -> f64 {
    winston / WINSTON_PER_AR as f64
}

impl Protocol for Arweave {
    const NAME: &'static str = "arweave";
    const SUMMARY: &'static str =
        "Arweave: upload fees into the endowment, block rewards, Kryder+, miners holding partition replicas";
    const ROLES: &'static [&'static str] = &["miner"];
    const KEY_METRICS: &'static [&'static str] =
        &[ENDOWMENT_AR, DEBT_AR, KRYDER, WEAVE_TIB, BLOCK_REWARD_AR, PARTITIONS_UNAVAILABLE, PARTITIONS_LOST];
    const METRICS: &'static [depinsim_core::catalogue::Metric] = catalogue::METRICS;
    type Config = ArweaveConfig;
    type Timer = Timer;
    type Msg = ();

    /// Refuses a configuration before placement: its own values (see [`ArweaveConfig::check`]),
    /// roles, and more copies per partition than there are miners.
    fn check(cfg: &ArweaveConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
        cfg.check()?;
        check_roles(groups, Self::NAME, Self::ROLES)?;
        let miners: u64 = groups.iter().map(|g| g.count as u64).sum();
        if miners == 0 {
            return Err(ConfigError::network("the arweave network has no miner to hold the weave")
                .help("add a node group with role `miner` and a `count` of at least 1"));
        }
        if miners < cfg.replicas as u64 {
            return Err(ConfigError::param(
                "replicas",
                format!("`replicas` is {} but the network has only {miners} miners", cfg.replicas),
            )
            .help(format!("at most {miners}: each copy of a partition goes to a distinct miner")));
        }
        Ok(())
    }

    /// Every batch of `batch_blocks` blocks visits every miner.
    fn work(cfg: &ArweaveConfig, groups: &[GroupInfo], _duration: SimDuration) -> Work {
        Work {
            per_day: pricing::BLOCKS_PER_DAY as f64 / cfg.batch_blocks.max(1) as f64 * Work::nodes(groups),
            what: "miner batches",
            ..Work::over_nodes(groups, NS_PER_MINER_BATCH)
        }
    }

    /// Fails after [`Protocol::check`] has passed only if the weave's first partitions cannot
    /// be placed on `replicas` distinct operators or providers: who runs the miners, and where,
    /// is not known before placement.
    fn new(cfg: ArweaveConfig, nodes: &NodeTable, rng: &mut StreamRng) -> Result<Self, ConfigError> {
        Self::check(&cfg, &nodes.groups)?;
        let economy = Economy {
            height: cfg.start_height,
            weave_size: cfg.weave_size.0 as f64,
            endowment: cfg.endowment_ar * WINSTON_PER_AR as f64,
            debt: 0.0,
            kryder: 1,
            latch: false,
        };
        let mut weave = Weave::new(nodes.len(), cfg.replicas as usize, cfg.spread);
        for _ in 0..Self::partitions_for(economy.weave_size) {
            weave.add_partition(nodes, None, rng).map_err(|_| unplaceable(&cfg))?;
        }
        let batch = SimDuration::from_secs(cfg.batch_blocks * BLOCK_TIME_S);
        let mined = UpTime::new(nodes.len(), |i| weave.stored_by(NodeId(i as u32)) as f64);
        Ok(Arweave {
            peak: economy.endowment,
            economy,
            weave,
            batch,
            nodes: nodes.clone(),
            cfg,
            dry_at: None,
            drawn: 0.0,
            fees: 0.0,
            last_reward: 0.0,
            lost_bytes: 0.0,
            mined,
        })
    }

    fn on_start(&mut self, cx: &mut Ctx<'_, Self>) {
        cx.set_timer(self.batch, Timer::Batch);
    }

    fn on_timer(&mut self, _node: Option<NodeId>, timer: Timer, cx: &mut Ctx<'_, Self>) {
        match timer {
            Timer::Batch => {
                self.batch_step(cx);
                cx.set_timer(self.batch, Timer::Batch);
            }
        }
    }

    /// A change ends the miner's stretch of the batch at its partitions as they were: a
    /// destroyed miner mined with its copies until that minute; a replaced one mines with what
    /// it re-synced from its return. A lossy link leaves a miner mining.
    fn on_fault(&mut self, node: NodeId, fault: Fault, cx: &mut Ctx<'_, Self>) {
        let now = cx.now();
        self.mined.fault(node, fault, now);
        match fault {
            Fault::Destroyed => {
                self.weave.destroy(node);
                self.lost_bytes = self.weave.lost() as f64 * PARTITION_SIZE as f64;
            }
            Fault::Up => self.weave.replace(node),
            Fault::Down | Fault::Loss(_) => {}
        }
        self.mined.set_weight(node, self.weave.stored_by(node) as f64, now);
    }

    fn observe(&mut self, now: SimTime, live: &Liveness, obs: &mut Observer) {
        let parts = self.weave.partitions();
        let reachable = self.weave.reachable(|m| live.is_up(NodeId(m)));
        obs.record(AVAILABILITY, if parts == 0 { 1.0 } else { reachable as f64 / parts as f64 });
        obs.record(ENDOWMENT_AR, ar(self.economy.endowment));
        obs.record(DEBT_AR, ar(self.economy.debt));
        obs.record(KRYDER, self.economy.kryder as f64);
        obs.record(WEAVE_TIB, self.economy.weave_size / (1u64 << 40) as f64);
        let price = self.cfg.price_at(now.since(SimTime::ZERO));
        obs.record(PRICE, price as f64);
        let gib_fee = pricing::upload_fee(1 << 30, price, self.economy.kryder);
        obs.record(FEE_PER_GIB_AR, gib_fee as f64 / WINSTON_PER_AR as f64);
        obs.record(BLOCK_REWARD_AR, ar(self.last_reward));
        obs.record(ENDOWMENT_DRAWN_AR, ar(self.drawn));
        obs.record(FEES_AR, ar(self.fees));
        obs.record(PARTITIONS, parts as f64);
        obs.record(PARTITIONS_UNAVAILABLE, (parts - reachable) as f64);
        obs.record(PARTITIONS_LOST, self.weave.lost() as f64);
        obs.record(DATA_LOST_BYTES, self.lost_bytes);
    }

    fn service_level(&self, down: &[bool]) -> f64 {
        let parts = self.weave.partitions();
        if parts == 0 {
            return 1.0;
        }
        self.weave.reachable(|m| !down.get(m as usize).copied().unwrap_or(false)) as f64 / parts as f64
    }

    /// Mining rewards are in AR (`ar_usd` prices them).
    fn token(&self) -> Option<&'static str> {
        Some("AR")
    }

    fn headline(&self, h: &mut Headline) {
        let years = self.dry_at.map(|t| t.as_millis() as f64 / YEAR as f64);
        h.set(DRY_AFTER_YEARS, years);
        h.set(DRY_YEAR, years.map(|y| self.cfg.start_year as f64 + y.floor()));
        h.set(ENDOWMENT_AR, Some(ar(self.economy.endowment)));
        h.set(ENDOWMENT_PEAK_AR, Some(ar(self.peak)));
        h.set(ENDOWMENT_DRAWN_AR, Some(ar(self.drawn)));
        h.set(DEBT_AR, Some(ar(self.economy.debt)));
        h.set(KRYDER, Some(self.economy.kryder as f64));
        h.set(FEES_AR, Some(ar(self.fees)));
        h.set(WEAVE_TIB, Some(self.economy.weave_size / (1u64 << 40) as f64));
        let parts = self.weave.partitions();
        h.set(PARTITIONS, Some(parts as f64));
        h.set(PARTITIONS_LOST, Some(self.weave.lost() as f64));
        h.set(DATA_LOST_BYTES, Some(self.lost_bytes));
        let single = self.weave.single_provider(&self.nodes);
        h.set(SINGLE_PROVIDER_SHARE, (parts > 0).then(|| single as f64 / parts as f64));
    }
}
