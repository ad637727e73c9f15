//! The chain's economy advanced a batch of blocks at a time: uploads pay fees, the endowment
//! takes its share, each block pays inflation plus the miner's share of fees, and the endowment
//! covers the shortfall against the expected reward; when it cannot, the rest is minted as
//! debt and the Kryder+ multiplier doubles (see [`crate::pricing::Pool::block`] for the
//! per-block rule this batches).
//!
//! A century is about 263,000 blocks a year times 100, so a run never simulates blocks one by
//! one. One call of [`Economy::advance`] covers `n` blocks (a day is 720) with closed-form sums:
//! - uploads arrive evenly over the batch, so the weave, and with it the expected reward,
//!   grows linearly from block to block (an arithmetic series);
//! - inflation falls geometrically (a geometric series, [`crate::pricing::inflation_sum`]);
//! - the miner's fee share is the same in every block of the batch.
//!
//! The shortfall of block b is expected(b) - inflation(b) - fees(b), which increases with b, so
//! the blocks that draw on the endowment are a suffix of the batch, found by bisection; the
//! draw is the sum over that suffix. The endowment's balance within the batch is concave in b
//! (constant inflow, increasing outflow), so it goes below zero inside the batch only if it
//! ends below zero: detecting exhaustion at the end of the batch is exact up to which block of
//! the batch it happened in. Approximations of the batch, stated: the Kryder+ multiplier and the
//! price per GiB-minute change at batch boundaries only (upstream: the multiplier at the block
//! where the pool empties, the price every 50 blocks), and uploads are a flow of equal
//! transactions whose count may be fractional.

use crate::pricing::{
    BLOCK_TIME_S, GIB, N_REPLICATIONS, RESET_KRYDER_PLUS_LATCH_THRESHOLD, inflation_sum, split_fee, upload_fee,
};

/// The chain state that matters for the endowment.
#[derive(Clone, Debug, PartialEq)]
pub struct Economy {
    /// Block height.
    pub height: u64,
    /// Bytes in the weave.
    pub weave_size: f64,
    /// The endowment pool, winston.
    pub endowment: f64,
    /// Tokens minted for lack of endowment, winston.
    pub debt: f64,
    /// The Kryder+ rate multiplier.
    pub kryder: u64,
    /// Whether the Kryder+ latch is closed.
    pub latch: bool,
}

/// What one batch did, winston.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Batch {
    /// Fees paid by uploads.
    pub fees: f64,
    /// The endowment's share of the fees.
    pub to_endowment: f64,
    /// Inflation minted.
    pub inflation: f64,
    /// Drawn from the endowment (including what became debt).
    pub take: f64,
    /// Minted as debt because the endowment was empty.
    pub new_debt: f64,
    /// Paid to miners: inflation, their fee share and the draw.
    pub rewards: f64,
    /// Whether the endowment ran dry in this batch.
    pub ran_dry: bool,
    /// Whether the Kryder+ multiplier doubled in this batch.
    pub kryder_doubled: bool,
}

impl Economy {
    /// Advances `n` blocks during which `uploads` bytes are uploaded in transactions of `tx_size`
    /// bytes at `price` winston per GiB-minute.
    pub fn advance(&mut self, n: u64, uploads: f64, tx_size: u64, price: u64) -> Batch {
        let mut b = Batch::default();
        if n == 0 {
            return b;
        }
        let txs = if tx_size == 0 { 0.0 } else { uploads / tx_size as f64 };
        let fee = upload_fee(tx_size, price, self.kryder);
        let (pool_share, miner_share) = split_fee(fee);
        b.fees = txs * fee as f64;
        b.to_endowment = txs * pool_share as f64;
        let miner_fee = txs * miner_share as f64 / n as f64;
        // expected(j) = a + s * (j + 1) for block j of the batch (the weave after its uploads).
        let k = (N_REPLICATIONS * price as u128 * BLOCK_TIME_S as u128) as f64 / (60 * GIB) as f64;
        let (a, s) = (k * self.weave_size, k * uploads / n as f64);
        let shortfall = |j: u64| a + s * (j + 1) as f64 - inflation_sum(self.height + j, 1) - miner_fee;
        // First block with a positive shortfall (the shortfall increases with j).
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if shortfall(mid) > 0.0 { hi = mid } else { lo = mid + 1 }
        }
        let m = (n - lo) as f64;
        let series = |j: u64| (j * (j + 1)) as f64 / 2.0;
        let expected = m * a + s * (series(n) - series(lo));
        b.take = (expected - inflation_sum(self.height + lo, n - lo) - m * miner_fee).max(0.0);
        b.inflation = inflation_sum(self.height, n);
        b.rewards = b.inflation + miner_fee * n as f64 + b.take;

        self.endowment += b.to_endowment;
        if b.take > self.endowment {
            b.ran_dry = true;
            b.new_debt = b.take - self.endowment;
            self.debt += b.new_debt;
            self.endowment = 0.0;
            if !self.latch {
                self.latch = true;
                self.kryder *= 2;
                b.kryder_doubled = true;
            }
        } else {
            self.endowment -= b.take;
            if self.latch && b.take > 0.0 && self.endowment > RESET_KRYDER_PLUS_LATCH_THRESHOLD as f64 {
                self.latch = false;
            }
        }
        self.height += n;
        self.weave_size += uploads;
        b
    }
}
