//! The `[networks.params]` of a `filecoin` network, with the defaults and the assumptions behind
//! them. Chain rules are not parameters (they are constants with their sources in the other
//! modules); what is here describes the SPs, the rest of the network and the market.

use depinsim_core::SimDuration;
use depinsim_core::price;
use depinsim_core::units::ByteSize;
use serde::Deserialize;

use crate::policy::RuleSet;

/// Which rule version applies (serde names `"nv24"` and `"nv25"`).
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Rules {
    /// Network version 24: no FIP-0098 termination fee, no FIP-0100 daily fee.
    Nv24,
    /// Network version 25 on: FIP-0098 and FIP-0100.
    #[default]
    Nv25,
}

impl Rules {
    /// The rule set of the money module.
    pub fn rule_set(self) -> RuleSet {
        match self {
            Rules::Nv24 => RuleSet::Nv24,
            Rules::Nv25 => RuleSet::Nv25,
        }
    }
}

/// The failure domain the replicas of a client object must not share.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Spread {
    /// Distinct SPs only.
    #[default]
    Sps,
    /// Distinct physical sites.
    Sites,
    /// Distinct hosting providers.
    Providers,
}

/// What an SP does once it leaves.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Exit {
    /// Stop onboarding and let sectors run to their expiration (no fee).
    #[default]
    Expire,
    /// Terminate every live sector at once, paying the termination fee.
    Terminate,
}

/// What an SP whose hardware was destroyed does with the sectors whose data is gone.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum OnDestroyed {
    /// Nothing: the chain finds them faulty at their deadlines and terminates them after 42
    /// days, charging the continued fault fee every day meanwhile.
    #[default]
    Wait,
    /// Terminate them at once (the cheaper choice for the SP; needs its chain node elsewhere).
    Terminate,
}

/// One point of the FIL price path (USD per FIL).
pub use depinsim_core::price::PricePoint;

/// A network's raw byte power at a chain epoch, for replaying the reward actor's history up to
/// the start (see [`crate::chain`]).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PowerPoint {
    /// Chain epoch.
    pub epoch: i64,
    /// Raw byte power then, PiB (2^50 bytes).
    pub raw_pib: f64,
}

/// The `[networks.params]` of a `filecoin` network.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct FilecoinConfig {
    /// Rule version: `"nv24"` (before FIP-0098/FIP-0100) or `"nv25"` (after).
    pub rules: Rules,
    /// Sector size: 32 GiB or 64 GiB.
    pub sector_size: ByteSize,
    /// Share of onboarded sectors filled with verified (FIL+) deals, whose QA power is ten times
    /// their size. Assumption: 0.
    pub verified_share: f64,
    /// Sectors each SP holds, active, at the start (their ages and expirations are spread
    /// uniformly, see [`Self::sector_lifetime`]).
    pub initial_sectors_per_sp: u32,
    /// Sectors each SP precommits per day while it stays in business.
    pub onboard_sectors_per_day: f64,
    /// Most sectors an SP holds (live and precommitted); 0 = as many as the profile's storage
    /// capacity holds.
    pub max_sectors_per_sp: u32,
    /// Commitment of new sectors, from activation to expiration. Assumption: 540 days (upstream
    /// allows 180 days to 5 years: `MIN_SECTOR_EXPIRATION`, runtime/src/runtime/policy.rs).
    pub sector_lifetime: SimDuration,
    /// Time from precommit to ProveCommit while the SP is up: the 150-epoch challenge delay
    /// (`PRE_COMMIT_CHALLENGE_DELAY`) plus the commit proof. Assumption: 2 h.
    pub prove_commit_delay: SimDuration,
    /// Chain epoch at the scenario start (0 = genesis). The reward actor's state is replayed
    /// from genesis along [`Self::power_history`].
    pub start_epoch: i64,
    /// Raw byte power of the network before the start, linearly interpolated between points
    /// (and from 0 at genesis to the first point). Empty = the background power throughout.
    pub power_history: Vec<PowerPoint>,
    /// Raw byte power of the rest of the network (not simulated), PiB. Counted in the totals
    /// that set the reward, the pledge and each SP's chance of winning blocks.
    pub background_raw_pib: f64,
    /// QA power of the rest of the network, PiB (at least its raw power).
    pub background_qa_pib: f64,
    /// Circulating supply at the start, FIL.
    pub circulating_supply_fil: f64,
    /// Chain epoch at which FIP-0081's pledge ramp starts (mainnet: network version 24).
    pub pledge_ramp_start_epoch: i64,
    /// FIL price path, linearly interpolated, constant beyond its ends.
    pub fil_price: Vec<PricePoint>,
    /// Client objects stored.
    pub objects: u32,
    /// Size of each object.
    pub object_size: ByteSize,
    /// Copies of each object, each in a sector of a different SP.
    pub replicas: u8,
    /// Failure domain copies must not share.
    pub spread: Spread,
    /// An SP whose storage goes down declares its sectors faulty (from a chain node hosted
    /// elsewhere) for the deadlines whose declaration cutoff has not passed. Assumption: false.
    pub declare_faults: bool,
    /// What an SP does with sectors whose data was destroyed.
    pub on_destroyed: OnDestroyed,
    /// An SP leaves when its FIL income (rewards minus fees, USD) over one such period falls
    /// short of its hardware cost over the same period; `"0s"` = never.
    pub exit_after: SimDuration,
    /// What a leaving SP does with its sectors.
    pub exit: Exit,
    /// Electricity price the SPs assume when judging their own profitability, USD per kWh.
    /// Assumption: 0.10.
    pub power_usd_per_kwh: f64,
}

impl Default for FilecoinConfig {
    fn default() -> Self {
        FilecoinConfig {
            rules: Rules::Nv25,
            sector_size: ByteSize(32 << 30),
            verified_share: 0.0,
            initial_sectors_per_sp: 100,
            onboard_sectors_per_day: 0.0,
            max_sectors_per_sp: 0,
            sector_lifetime: SimDuration::from_days(540),
            prove_commit_delay: SimDuration::from_hours(2),
            start_epoch: 0,
            power_history: Vec::new(),
            background_raw_pib: 0.0,
            background_qa_pib: 0.0,
            circulating_supply_fil: 600_000_000.0,
            pledge_ramp_start_epoch: crate::policy::MAINNET_NV24_EPOCH,
            fil_price: vec![PricePoint { at: SimDuration::ZERO, usd: 3.0 }],
            objects: 1_000,
            object_size: ByteSize(1 << 30),
            replicas: 1,
            spread: Spread::Sps,
            declare_faults: false,
            on_destroyed: OnDestroyed::Wait,
            exit_after: SimDuration::ZERO,
            exit: Exit::Expire,
            power_usd_per_kwh: 0.10,
        }
    }
}

/// The checks are in [`crate::check`].
impl FilecoinConfig {
    /// The FIL price in USD `since` the start: linear between points, flat beyond the ends.
    pub fn price_usd(&self, since: SimDuration) -> f64 {
        price::at(&self.fil_price, since)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_is_interpolated_and_flat_beyond_the_ends() {
        let c = FilecoinConfig {
            fil_price: vec![
                PricePoint { at: SimDuration::from_days(1), usd: 10.0 },
                PricePoint { at: SimDuration::from_days(3), usd: 20.0 },
            ],
            ..FilecoinConfig::default()
        };
        assert_eq!(c.price_usd(SimDuration::ZERO), 10.0);
        assert_eq!(c.price_usd(SimDuration::from_days(2)), 15.0);
        assert_eq!(c.price_usd(SimDuration::from_days(9)), 20.0);
        assert!(c.check().is_ok());
    }
}
