//! The network-level chain state: the reward actor (minting), the power actor's totals and
//! smoothed QA power, the circulating supply, and each epoch's block winners.
//!
//! Epochs are stepped exactly, one by one, inside the deadline event that covers them (one
//! event per 60 epochs): each epoch's blocks are paid `this_epoch_reward * wins / 5` with the
//! reward computed at the end of the previous epoch, then the power actor's cron filters the QA
//! power and the reward actor computes the next epoch's reward from the raw byte power
//! (`on_epoch_tick_end` in actors/power/src/lib.rs, `update_network_kpi` in
//! actors/reward/src/lib.rs). Power changes made by the deadline's own processing take effect
//! from the next batch of 60 epochs: a simplification of at most 30 minutes.

use rand::Rng;

use crate::config::FilecoinConfig;
use crate::reward::RewardState;
use crate::smooth::{FilterEstimate, initial_qa_power_estimate, next_qa_power_estimate};
use crate::units::{ChainEpoch, EXPECTED_LEADERS_PER_EPOCH, StoragePower, TokenAmount};

/// A miner needs 10 TiB of raw power to be eligible to win blocks. Upstream:
/// `MINIMUM_CONSENSUS_POWER` (mainnet) in runtime/src/runtime/policy.rs, checked on the claim's raw
/// byte power by `miner_nominal_power_meets_consensus_minimum` in actors/power/src/state.rs.
pub const MINIMUM_CONSENSUS_POWER: StoragePower = 10 << 40;

/// While fewer than 4 miners meet the minimum, every miner with power is eligible. Upstream:
/// `CONSENSUS_MINER_MIN_MINERS` in actors/power/src/state.rs.
pub const CONSENSUS_MINER_MIN_MINERS: usize = 4;

/// PiB in bytes.
pub const PIB: f64 = (1u64 << 50) as f64;

/// Bytes from a figure in PiB.
pub fn pib_to_bytes(pib: f64) -> StoragePower {
    (pib * PIB) as StoragePower
}

/// Draws a Poisson number of events with mean `EXPECTED_LEADERS_PER_EPOCH` (5), by Knuth's
/// product of uniforms. Expected consensus gives each miner a Poisson number of wins with mean
/// 5 x its power share, so the network total is Poisson(5) and each win goes to a miner with
/// probability proportional to its power (the election in lotus chain/gen; FIP-0002 election
/// with win counts).
pub fn draw_win_count<R: Rng + ?Sized>(rng: &mut R) -> u32 {
    let limit = (-(EXPECTED_LEADERS_PER_EPOCH as f64)).exp();
    let mut product: f64 = rng.random();
    let mut k = 0;
    while product > limit {
        k += 1;
        product *= rng.random::<f64>();
    }
    k
}

/// Network-level state.
#[derive(Clone, Debug)]
pub struct Chain {
    /// The reward actor.
    pub reward: RewardState,
    /// The power actor's smoothed QA power.
    pub qa_smoothed: FilterEstimate,
    /// Chain epoch at the scenario start.
    pub start_epoch: ChainEpoch,
    /// Raw byte power of the background (not simulated) network.
    pub background_raw: StoragePower,
    /// QA power of the background network.
    pub background_qa: StoragePower,
    /// Circulating supply at the start.
    pub circulating_start: TokenAmount,
    /// Minted since the start (to every winner, background included).
    pub minted: TokenAmount,
    /// Burnt since the start (fees, penalties, deposits).
    pub burnt: TokenAmount,
    /// Change of pledge locked by simulated SPs since the start.
    pub pledge_delta: TokenAmount,
}

fn interpolate(points: &[(ChainEpoch, StoragePower)], epoch: ChainEpoch) -> StoragePower {
    let i = points.partition_point(|p| p.0 <= epoch);
    if i == 0 {
        return points.first().map_or(0, |p| p.1);
    }
    if i == points.len() {
        return points[i - 1].1;
    }
    let (a, b) = (points[i - 1], points[i]);
    a.1 + (b.1 - a.1) * (epoch - a.0) as i128 / (b.0 - a.0) as i128
}

impl Chain {
    /// The chain at the scenario start. At genesis (`start_epoch == 0`) the actors' genesis
    /// state is used as is. Otherwise the reward actor is replayed epoch by epoch from genesis
    /// with the raw byte power of `power_history` (linear from 0 at genesis), and the two filters
    /// start at the replayed reward and at the start's total QA power with zero velocity (an
    /// assumption: upstream's filters carry their own history).
    pub fn new(cfg: &FilecoinConfig, simulated_raw: StoragePower, simulated_qa: StoragePower) -> Self {
        let background_raw = pib_to_bytes(cfg.background_raw_pib);
        let background_qa = pib_to_bytes(cfg.background_qa_pib);
        let start_raw = background_raw + simulated_raw;
        let start_qa = background_qa + simulated_qa;
        let (reward, qa_smoothed) = if cfg.start_epoch == 0 {
            (RewardState::new(start_raw), initial_qa_power_estimate())
        } else {
            let mut points: Vec<(ChainEpoch, StoragePower)> = vec![(0, 0)];
            points.extend(cfg.power_history.iter().map(|p| (p.epoch, pib_to_bytes(p.raw_pib))));
            if points.len() == 1 {
                points.push((cfg.start_epoch, start_raw));
            }
            let mut reward = RewardState::new(0);
            while reward.epoch < cfg.start_epoch - 1 {
                let next = reward.epoch + 1;
                reward.advance(interpolate(&points, next));
            }
            reward.advance_with_reward(start_raw);
            reward.this_epoch_reward_smoothed = FilterEstimate::new(reward.this_epoch_reward.atto(), 0);
            (reward, FilterEstimate::new(start_qa, 0))
        };
        Chain {
            reward,
            qa_smoothed,
            start_epoch: cfg.start_epoch,
            background_raw,
            background_qa,
            circulating_start: TokenAmount::from_atto((cfg.circulating_supply_fil * 1e6) as i128 * 1_000_000_000_000),
            minted: TokenAmount::ZERO,
            burnt: TokenAmount::ZERO,
            pledge_delta: TokenAmount::ZERO,
        }
    }

    /// The smoothed reward estimate.
    pub fn reward_smoothed(&self) -> &FilterEstimate {
        &self.reward.this_epoch_reward_smoothed
    }

    /// The circulating supply now: at the start, plus what was minted, minus what was burnt and
    /// what simulated SPs locked as pledge since (an approximation of the supply accounting of
    /// the FVM's `total_fil_circ_supply`, which also vests investor allocations).
    pub fn circulating_supply(&self) -> TokenAmount {
        let cs = self.circulating_start + self.minted - self.burnt - self.pledge_delta;
        cs.max(TokenAmount::ZERO)
    }

    /// Ends chain epoch `epoch` with the network's total raw and QA power: the power actor's
    /// filter, then the reward actor's next reward.
    pub fn end_epoch(&mut self, epoch: ChainEpoch, total_raw: StoragePower, total_qa: StoragePower) {
        self.qa_smoothed = next_qa_power_estimate(&self.qa_smoothed, total_qa);
        self.reward.update_network_kpi(epoch, total_raw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn win_counts_average_five() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let n = 200_000;
        let total: u64 = (0..n).map(|_| draw_win_count(&mut rng) as u64).sum();
        let mean = total as f64 / n as f64;
        // Poisson(5): standard error of the mean = sqrt(5 / n) = 0.005.
        assert!((mean - 5.0).abs() < 0.03, "mean {mean}");
    }

    #[test]
    fn replay_reaches_the_start_epoch() {
        let cfg = FilecoinConfig {
            start_epoch: 5_000,
            background_raw_pib: 100.0,
            background_qa_pib: 100.0,
            ..FilecoinConfig::default()
        };
        let chain = Chain::new(&cfg, 0, 0);
        assert_eq!(chain.reward.epoch, 5_000);
        assert!(chain.reward.this_epoch_reward.is_positive());
    }
}
