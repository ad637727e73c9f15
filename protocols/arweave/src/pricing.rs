//! Arweave's money rules after fork 2.6, as ArweaveTeam/arweave computes them (commit 50e47de,
//! May 2026): the upload fee (`ar_pricing:get_tx_fee/1`, `ar_tx:get_tx_fee2/1`), its split
//! between the endowment and the miner (`distribute_transaction_fees2/4`), the expected block
//! reward and the endowment draw (`get_miner_reward_endowment_pool_debt_supply/1`), and the
//! inflation schedule (`ar_inflation:calculate_base/1`).
//!
//! Amounts are winston (10^-12 AR). The fee is exact integer arithmetic with upstream's
//! truncation; the inflation schedule is evaluated in `f64` (upstream uses a 24-term Taylor
//! series over exact fractions: the two agree to about 1e-15 relative, far below anything a
//! century-long study reads).

/// Winston per AR (`?WINSTON_PER_AR`, apps/arweave/include/ar.hrl).
pub const WINSTON_PER_AR: u128 = 1_000_000_000_000;
/// Bytes per GiB (`?GiB`, ar.hrl).
pub const GIB: u128 = 1 << 30;
/// Target block time, seconds (`?TARGET_BLOCK_TIME`, ar.hrl).
pub const BLOCK_TIME_S: u64 = 120;
/// Blocks per year at the target block time: (60 * 60 * 24 * 365) div 120 = 262,800
/// (`ar_inflation:blocks_per_year/1`).
pub const BLOCKS_PER_YEAR: u64 = 365 * 24 * 3600 / BLOCK_TIME_S;
/// Blocks per day at the target block time.
pub const BLOCKS_PER_DAY: u64 = 24 * 3600 / BLOCK_TIME_S;
/// The replica count the price pays for since fork 2.6 (`?N_REPLICATIONS`,
/// apps/arweave/include/ar_pricing.hrl; 45 from 2.5, 10 before).
pub const N_REPLICATIONS: u128 = 20;
/// Bytes charged on top of every transaction's data (`?TX_SIZE_BASE`, ar.hrl).
pub const TX_SIZE_BASE: u64 = 3210;
/// Data is stored in chunks of 256 KiB and a transaction's data is padded to a whole number of
/// them since fork 2.5 (`ar_tx:get_weave_size_increase/2`, `?DATA_CHUNK_SIZE`).
pub const DATA_CHUNK_SIZE: u64 = 256 * 1024;
/// ln(0.995) as the fraction -5012541823544286 / 10^18 (`?LN_PRICE_DECAY_ANNUAL`,
/// ar_pricing.hrl): the assumed 0.5% yearly decline of storage prices. Stored here as the
/// positive numerator of -ln(0.995).
pub const NEG_LN_DECAY_NUM: u128 = 5_012_541_823_544_286;
/// Denominator of [`NEG_LN_DECAY_NUM`].
pub const NEG_LN_DECAY_DEN: u128 = 1_000_000_000_000_000_000;
/// The fee is the endowment's share X plus X / 20 for the miner
/// (`?MINER_MINIMUM_ENDOWMENT_CONTRIBUTION_SHARE` = {1, 20}).
pub const MINER_CONTRIBUTION: (u128, u128) = (1, 20);
/// The miner always receives 1/21 of every fee (`?MINER_FEE_SHARE` = {1, 21}); with the fee at
/// X * 21/20 that is exactly X / 20, and the endowment keeps X.
pub const MINER_FEE_SHARE: (u128, u128) = (1, 21);
/// Once the Kryder+ latch is closed it reopens only when the endowment holds more than this
/// (`?RESET_KRYDER_PLUS_LATCH_THRESHOLD` = 10^16 winston = 10,000 AR).
pub const RESET_KRYDER_PLUS_LATCH_THRESHOLD: u128 = 10_000_000_000_000_000;
/// Genesis tokens, AR (`?GENESIS_TOKENS`, ar.hrl); inflation mints 20% of it in total.
pub const GENESIS_TOKENS: f64 = 55_000_000.0;
/// Minutes per year in the fee's first-year price (`60 * 24 * 365`, `ar_pricing:get_tx_fee/1`).
pub const MINUTES_PER_YEAR: u128 = 525_600;
/// Size of one storage partition, bytes (`?PARTITION_SIZE`, apps/arweave/include/ar_consensus.hrl:
/// "90% of 4 TB"). Miners store and mine whole partitions.
pub const PARTITION_SIZE: u64 = 3_600_000_000_000;

/// The weave grows by a transaction's data size padded to whole 256 KiB chunks (0 for none).
pub fn padded_size(data_size: u64) -> u64 {
    data_size.div_ceil(DATA_CHUNK_SIZE) * DATA_CHUNK_SIZE
}

/// `ar_pricing:get_tx_fee/1`: the fee for storing `bytes` (data plus [`TX_SIZE_BASE`]) forever
/// at `price` winston per GiB-minute under the Kryder+ multiplier `kryder`:
///
/// fee = floor(bytes * price * 525600 * kryder * N / (-ln 0.995) / GiB * (1 + 1/20)).
///
/// 525600 * price is the price of a GiB-year; 1 / -ln 0.995 = 199.5 years is the integral of a
/// price falling 0.5% a year, for ever; N = 20 replicas; the last factor is the miner's share.
///
/// Upstream computes with Erlang's unbounded integers; here the numerator is formed in 256 bits
/// so that no realistic size, price or multiplier overflows.
pub fn tx_fee(bytes: u64, price: u64, kryder: u64) -> u128 {
    let first_year = bytes as u128 * price as u128 * MINUTES_PER_YEAR;
    // Perpetual = first_year * kryder * N / (-ln 0.995) / GiB, as upstream's fraction, plus the
    // miner's 1/20 ({num, den} + {num * 1, den * 20}), truncated once at the end.
    let (c, d) = MINER_CONTRIBUTION;
    let a = first_year * kryder as u128 * N_REPLICATIONS * (d + c);
    mul_div_floor(a, NEG_LN_DECAY_DEN, NEG_LN_DECAY_NUM * GIB * d)
}

/// floor(a * b / c) with a 256-bit intermediate product (shift-subtract long division).
/// Panics if the quotient exceeds `u128` (a fee above 3.4e26 AR).
pub fn mul_div_floor(a: u128, b: u128, c: u128) -> u128 {
    let (hi, lo) = mul_wide(a, b);
    let (mut rem, mut q) = (0u128, 0u128);
    for i in (0..256).rev() {
        let bit = if i >= 128 { (hi >> (i - 128)) & 1 } else { (lo >> i) & 1 };
        let carry = rem >> 127;
        rem = (rem << 1) | bit;
        if carry == 1 || rem >= c {
            rem = rem.wrapping_sub(c);
            assert!(i < 128, "fee overflows u128");
            q |= 1 << i;
        }
    }
    q
}

/// The 256-bit product of `a` and `b` as (high, low) halves.
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    let mask = u64::MAX as u128;
    let (a1, a0, b1, b0) = (a >> 64, a & mask, b >> 64, b & mask);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (p00 >> 64) + (p01 & mask) + (p10 & mask);
    let lo = (p00 & mask) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// `ar_tx:get_tx_fee2/1` for an existing wallet: the fee for uploading `data_size` bytes (padded
/// to whole chunks, plus the transaction base size).
pub fn upload_fee(data_size: u64, price: u64, kryder: u64) -> u128 {
    tx_fee(padded_size(data_size) + TX_SIZE_BASE, price, kryder)
}

/// `distribute_transaction_fees2/4`: (endowment share, miner share) of one fee.
pub fn split_fee(fee: u128) -> (u128, u128) {
    let miner = fee * MINER_FEE_SHARE.0 / MINER_FEE_SHARE.1;
    (fee - miner, miner)
}

/// The reward a block must pay for storing the weave:
/// N * weave_size * price * interval div (60 * GiB), interval in seconds.
pub fn expected_reward(weave_size: u128, price: u64, interval_s: u64) -> u128 {
    N_REPLICATIONS * weave_size * price as u128 * interval_s as u128 / (60 * GIB)
}

/// Inflation at `height` after fork 2.5 (`ar_inflation:calculate_base/1`), winston:
/// 0.2 * 55M AR * ln 2 * 2^(-height / blocks_per_year) / blocks_per_year.
pub fn inflation(height: u64) -> f64 {
    inflation_c() * (-(height as f64) / BLOCKS_PER_YEAR as f64).exp2()
}

/// Inflation summed over blocks `from .. from + n`, in closed form: the schedule is geometric
/// with ratio r = 2^(-1 / blocks_per_year), so the sum is I(from) * (1 - r^n) / (1 - r).
pub fn inflation_sum(from: u64, n: u64) -> f64 {
    let ln_r = -std::f64::consts::LN_2 / BLOCKS_PER_YEAR as f64;
    // (1 - r^n) / (1 - r) with expm1 for accuracy when r is within 3e-6 of 1.
    inflation(from) * (ln_r * n as f64).exp_m1() / ln_r.exp_m1()
}

fn inflation_c() -> f64 {
    0.2 * GENESIS_TOKENS * WINSTON_PER_AR as f64 * std::f64::consts::LN_2 / BLOCKS_PER_YEAR as f64
}

/// What one block does to the endowment: `get_miner_reward_endowment_pool_debt_supply/1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pool {
    /// The endowment pool, winston.
    pub endowment: u128,
    /// New tokens minted because the pool could not pay (debt supply), winston.
    pub debt: u128,
    /// The Kryder+ rate multiplier applied to fees.
    pub kryder: u64,
    /// Whether the multiplier's latch is closed (it doubled and the pool has not refilled).
    pub latch: bool,
}

impl Pool {
    /// Applies one block: `inflation` minted, `fees` paid by its transactions, `expected` the
    /// reward due for the weave. Returns (miner reward, taken from the endowment).
    pub fn block(&mut self, inflation: u128, fees: &[u128], expected: u128) -> (u128, u128) {
        let (to_pool, to_miner) = fees.iter().map(|f| split_fee(*f)).fold((0, 0), |(p, m), (dp, dm)| (p + dp, m + dm));
        let base = inflation + to_miner;
        self.endowment += to_pool;
        if base >= expected {
            return (base, 0);
        }
        let take = expected - base;
        let dry = take > self.endowment;
        if dry {
            self.debt += take - self.endowment;
            self.endowment = 0;
        } else {
            self.endowment -= take;
        }
        match (dry, self.latch) {
            (true, false) => {
                self.latch = true;
                self.kryder *= 2;
            }
            (false, true) if self.endowment > RESET_KRYDER_PLUS_LATCH_THRESHOLD => self.latch = false,
            _ => {}
        }
        (base + take, take)
    }
}
