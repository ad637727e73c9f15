//! What a `filecoin` network's configuration must satisfy before it is built, each problem
//! located at the key path of the value at fault (see [`depinsim_core::config`]). The bounds
//! that are not the chain's own rules keep a run from hanging or overflowing the chain's
//! integers, and each says why.

use depinsim_core::SimDuration;
use depinsim_core::config::{ConfigError, at_least, share};
use depinsim_core::node::GroupInfo;
use depinsim_core::price::{self, PricePoint};

use crate::config::FilecoinConfig;
use crate::deadline::{
    MAX_PARTITIONS_PER_DEADLINE, PRE_COMMIT_CHALLENGE_DELAY, WPOST_PERIOD_DEADLINES, partition_sectors,
};
use crate::units::{EPOCH_DURATION_SECONDS, EPOCHS_PER_DAY, SECTOR_SIZE_32GIB, SECTOR_SIZE_64GIB, StoragePower};

/// The latest start epoch: 50 years of epochs. The reward actor's baseline power doubles every
/// year from 2.9 EB and leaves its 128-bit integers after about 65 years
/// ([`crate::reward::RewardState::baseline_power`]), so this leaves 15 years of run; the replay
/// from genesis also walks every epoch up to the start.
pub const MAX_START_EPOCH: i64 = 50 * 365 * EPOCHS_PER_DAY;

/// The most raw or QA power of the rest of the network, PiB: a million (1 ZiB), some fifty times
/// mainnet's peak, far below where sums of power in bytes leave 128-bit integers.
pub const MAX_BACKGROUND_PIB: f64 = 1e6;

/// The most circulating supply, FIL: Filecoin's maximum supply of 2 billion.
pub const MAX_SUPPLY_FIL: f64 = 2e9;

/// The shortest profitability period: a day, the proving period over which every deadline has
/// paid its daily fee and proven once (a shorter one judges a partial cycle, and sets a timer
/// every few milliseconds at worst).
pub const MIN_EXIT_AFTER: SimDuration = SimDuration::from_days(1);

/// The longest precommit-to-ProveCommit delay: 30 days, inside the 30 days and 150 epochs a
/// precommit has to be proven (`MAX_PROVE_COMMIT_DURATION`) with an hourly onboarding round
/// to spare. A longer one proves nothing and burns every deposit.
pub const MAX_PROVE_COMMIT_DELAY: SimDuration = SimDuration::from_days(30);

/// Core's price path check ([`price::check`]), located at the point at fault: `key` when the
/// path is empty, `key.N.usd` for a bad price, `key.N.at` for a point not after the one
/// before it.
pub fn check_price(points: &[PricePoint], key: &str) -> Result<(), ConfigError> {
    let Err(verdict) = price::check(points, key) else {
        return Ok(());
    };
    if points.is_empty() {
        return Err(ConfigError::param(key, format!("`{key}` has no points"))
            .help(format!("at least one point, e.g. `{key} = [{{ at = \"0d\", usd = 3.0 }}]`")));
    }
    if let Some(i) = points.iter().position(|p| !p.usd.is_finite() || p.usd < 0.0) {
        return Err(ConfigError::param(
            format!("{key}.{i}.usd"),
            format!("`usd` of point {i} of `{key}` is {}", points[i].usd),
        )
        .help("a finite price in USD, 0 or more"));
    }
    if let Some(i) = points.windows(2).position(|w| w[0].at >= w[1].at) {
        let (a, b) = (points[i].at, points[i + 1].at);
        return Err(ConfigError::param(
            format!("{key}.{}.at", i + 1),
            format!("`at` of point {} of `{key}` is {b}, not after point {i} ({a})", i + 1),
        )
        .help("points in increasing time order"));
    }
    Err(ConfigError::param(key, verdict))
}

/// The most sectors one SP can hold: 48 deadlines of 3,000 partitions each.
pub fn max_sectors_per_sp(sector_size: StoragePower) -> u64 {
    WPOST_PERIOD_DEADLINES as u64 * MAX_PARTITIONS_PER_DEADLINE as u64 * partition_sectors(sector_size) as u64
}

impl FilecoinConfig {
    /// Checks what serde cannot, on the parameters alone.
    pub fn check(&self) -> Result<(), ConfigError> {
        let size = self.sector_size.0 as StoragePower;
        if size != SECTOR_SIZE_32GIB && size != SECTOR_SIZE_64GIB {
            return Err(ConfigError::param("sector_size", format!("`sector_size` is {}", self.sector_size))
                .help("\"32GiB\" or \"64GiB\", the sizes of the chain's seal proofs"));
        }
        share("verified_share", self.verified_share, true)?;
        let most = max_sectors_per_sp(size);
        if self.initial_sectors_per_sp as u64 > most {
            return Err(ConfigError::param(
                "initial_sectors_per_sp",
                format!("`initial_sectors_per_sp` is {}", self.initial_sectors_per_sp),
            )
            .help(format!("at most {most}: 48 deadlines of 3000 partitions of {} sectors", partition_sectors(size))));
        }
        at_least("onboard_sectors_per_day", self.onboard_sectors_per_day, 0.0)?;
        self.check_durations()?;
        self.check_chain()?;
        check_price(&self.fil_price, "fil_price")?;
        if self.replicas == 0 {
            return Err(ConfigError::param("replicas", "`replicas` is 0").help("1 or more copies of each object"));
        }
        at_least("power_usd_per_kwh", self.power_usd_per_kwh, 0.0)
    }

    fn check_durations(&self) -> Result<(), ConfigError> {
        let (min, max) = (SimDuration::from_days(180), SimDuration::from_days(5 * 365));
        if self.sector_lifetime < min || self.sector_lifetime > max {
            return Err(ConfigError::param(
                "sector_lifetime",
                format!("`sector_lifetime` is {}", self.sector_lifetime),
            )
            .help("from 180d to 1825d (5 years), builtin-actors' sector expiration bounds"));
        }
        let challenge = SimDuration::from_secs(PRE_COMMIT_CHALLENGE_DELAY as u64 * EPOCH_DURATION_SECONDS as u64);
        if self.prove_commit_delay <= challenge || self.prove_commit_delay > MAX_PROVE_COMMIT_DELAY {
            return Err(ConfigError::param(
                "prove_commit_delay",
                format!("`prove_commit_delay` is {}", self.prove_commit_delay),
            )
            .help(format!(
                "more than the 150-epoch challenge delay ({challenge}) and at most {MAX_PROVE_COMMIT_DELAY} \
                     (a precommit must be proven within 30 days and 150 epochs)"
            )));
        }
        if self.exit_after != SimDuration::ZERO && self.exit_after < MIN_EXIT_AFTER {
            return Err(ConfigError::param("exit_after", format!("`exit_after` is {}", self.exit_after))
                .help(format!("\"0s\" (SPs never leave) or at least {MIN_EXIT_AFTER}, one proving period")));
        }
        Ok(())
    }

    fn check_chain(&self) -> Result<(), ConfigError> {
        if !(0..=MAX_START_EPOCH).contains(&self.start_epoch) {
            return Err(ConfigError::param("start_epoch", format!("`start_epoch` is {}", self.start_epoch))
                .help(format!("a chain epoch from 0 (genesis) to {MAX_START_EPOCH} (50 years)")));
        }
        if self.pledge_ramp_start_epoch < 0 {
            return Err(ConfigError::param(
                "pledge_ramp_start_epoch",
                format!("`pledge_ramp_start_epoch` is {}", self.pledge_ramp_start_epoch),
            )
            .help("a chain epoch, 0 or more (mainnet: 4461240, network version 24)"));
        }
        for (key, v) in [("background_raw_pib", self.background_raw_pib), ("background_qa_pib", self.background_qa_pib)]
        {
            if !(v.is_finite() && (0.0..=MAX_BACKGROUND_PIB).contains(&v)) {
                return Err(ConfigError::param(key, format!("`{key}` is {v}")).help("from 0 to 1000000 PiB"));
            }
        }
        if self.background_qa_pib < self.background_raw_pib {
            return Err(ConfigError::param(
                "background_qa_pib",
                format!(
                    "`background_qa_pib` is {}, below `background_raw_pib` ({})",
                    self.background_qa_pib, self.background_raw_pib
                ),
            )
            .help("at least the raw byte power: QA power counts each byte once or more"));
        }
        let cs = self.circulating_supply_fil;
        if !(cs.is_finite() && (0.0..=MAX_SUPPLY_FIL).contains(&cs)) {
            return Err(ConfigError::param("circulating_supply_fil", format!("`circulating_supply_fil` is {cs}"))
                .help("from 0 to 2000000000 FIL, the maximum supply"));
        }
        for (i, p) in self.power_history.iter().enumerate() {
            if p.epoch < 0 {
                return Err(ConfigError::param(
                    format!("power_history.{i}.epoch"),
                    format!("`epoch` of point {i} of `power_history` is {}", p.epoch),
                )
                .help("a chain epoch, 0 or more"));
            }
            if i > 0 && self.power_history[i - 1].epoch >= p.epoch {
                return Err(ConfigError::param(
                    format!("power_history.{i}.epoch"),
                    format!(
                        "`epoch` of point {i} of `power_history` is {}, not after point {} ({})",
                        p.epoch,
                        i - 1,
                        self.power_history[i - 1].epoch
                    ),
                )
                .help("points in increasing epoch order"));
            }
            if !(p.raw_pib.is_finite() && (0.0..=MAX_BACKGROUND_PIB).contains(&p.raw_pib)) {
                return Err(ConfigError::param(
                    format!("power_history.{i}.raw_pib"),
                    format!("`raw_pib` of point {i} of `power_history` is {}", p.raw_pib),
                )
                .help("from 0 to 1000000 PiB"));
            }
        }
        Ok(())
    }
}

/// How many sectors an SP of `group` can hold under `cfg`: `max_sectors_per_sp` when set, else
/// what its profile's storage holds (unbounded without a storage figure).
pub fn sp_capacity(cfg: &FilecoinConfig, group: &GroupInfo) -> u32 {
    let by_disk = group.profile.capacity.storage.map_or(u32::MAX, |b| (b.0 as i128 / cfg.sector_size.0 as i128) as u32);
    if cfg.max_sectors_per_sp > 0 { cfg.max_sectors_per_sp } else { by_disk }
}

/// Checks the node groups against the parameters: there are SPs, each can hold a sector, and
/// there are enough of them, with initial sectors, for the copies of each object. Whether their
/// sites or providers are distinct enough for `spread` depends on placement, so
/// [`crate::deals::Deals::place`] checks that.
pub fn check_groups(cfg: &FilecoinConfig, groups: &[GroupInfo]) -> Result<(), ConfigError> {
    let sps: u64 = groups.iter().map(|g| g.count as u64).sum();
    if sps == 0 {
        return Err(ConfigError::network("the network has no node of role `sp`").help("add a group of role `sp`"));
    }
    if let Some(g) = groups.iter().find(|g| g.count > 0 && sp_capacity(cfg, g) == 0) {
        let gib = g.profile.capacity.storage.map_or(0.0, |b| b.0 as f64 / (1u64 << 30) as f64);
        return Err(ConfigError::group(
            &g.name,
            format!(
                "group `{}`'s profile `{}` stores {gib:.1} GiB, less than one {} sector",
                g.name, g.profile.name, cfg.sector_size
            ),
        )
        .help("a profile that stores at least one sector, or `max_sectors_per_sp` above 0"));
    }
    if cfg.objects == 0 {
        return Ok(());
    }
    if cfg.initial_sectors_per_sp == 0 {
        return Err(ConfigError::param(
            "initial_sectors_per_sp",
            format!(
                "`initial_sectors_per_sp` is 0, but the {} objects are stored in the SPs' initial sectors",
                cfg.objects
            ),
        )
        .help("1 or more initial sectors per SP, or `objects = 0`"));
    }
    if (cfg.replicas as u64) > sps {
        return Err(ConfigError::param(
            "replicas",
            format!("`replicas` is {}, but the network has {sps} SPs", cfg.replicas),
        )
        .help(format!("at most {sps}: each copy of an object is on a different SP")));
    }
    Ok(())
}
