//! Escrow accounts settled lazily, block by block, as akash-network/node x/escrow does.
//!
//! A deployment's account holds the tenant's deposit; each lease is a payment drawing `rate` per
//! block from it. Nothing happens per block: settlement computes `rate x blocks since the last
//! settlement` when the account is touched (a deposit, a withdrawal, a lease closing), exactly
//! like `accountSettle` / `accountSettleFullBlocks` in x/escrow/keeper/keeper.go. The simulator adds
//! one touch upstream leaves to the next transaction: [`Account::overdrawn_at`] gives the block at
//! which the funds run out, so the market schedules one event there instead of polling.

use crate::money::Dec;

/// A payment (one lease) drawing on an account.
#[derive(Clone, Debug, PartialEq)]
pub struct Payment {
    /// Per-block rate (the accepted bid price).
    pub rate: Dec,
    /// Settled but not yet withdrawn.
    pub balance: Dec,
    /// Owed but not paid because the account ran dry (upstream `Unsettled`).
    pub unsettled: Dec,
    /// Withdrawn so far, base units (before the take fee).
    pub withdrawn: u128,
    /// Whether the payment still draws on the account.
    pub open: bool,
}

/// An escrow account (one deployment).
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    /// Deposits not yet transferred to payments.
    pub funds: Dec,
    /// Block height of the last settlement.
    pub settled_at: u64,
    /// Transferred to payments so far.
    pub transferred: Dec,
    /// Whether a settlement found the funds short (upstream `StateOverdrawn`).
    pub overdrawn: bool,
    /// Its payments, in creation order (settlement deducts in this order, as upstream does).
    pub payments: Vec<Payment>,
}

impl Account {
    /// An account opened at `height` with `deposit`.
    pub fn new(height: u64, deposit: Dec) -> Self {
        Account { funds: deposit, settled_at: height, transferred: Dec::ZERO, overdrawn: false, payments: Vec::new() }
    }

    /// Sum of the open payments' rates.
    pub fn rate(&self) -> Dec {
        self.payments.iter().filter(|p| p.open).fold(Dec::ZERO, |a, p| a + p.rate)
    }

    /// Settles every open payment up to `height`; returns whether the account is overdrawn.
    /// Each payment gets `rate x (height - settled_at)`, taken from the funds in payment order; a
    /// payment that cannot be paid in full takes what is left and records the rest as unsettled.
    pub fn settle(&mut self, height: u64) -> bool {
        if self.overdrawn || height <= self.settled_at {
            return self.overdrawn;
        }
        let blocks = height - self.settled_at;
        self.settled_at = height;
        for p in self.payments.iter_mut().filter(|p| p.open) {
            let owed = p.rate.times(blocks);
            let paid = owed.min(self.funds);
            self.funds = self.funds.saturating_sub(paid);
            self.transferred += paid;
            p.balance += paid;
            if paid < owed {
                p.unsettled += owed.saturating_sub(paid);
                self.overdrawn = true;
            }
        }
        self.overdrawn
    }

    /// Adds a payment at `rate` from `height` (settling first, so it pays only from now on).
    /// Returns its index, or `None` if the account is already overdrawn (upstream
    /// `ErrAccountOverdrawn`).
    pub fn open_payment(&mut self, height: u64, rate: Dec) -> Option<usize> {
        if self.settle(height) {
            return None;
        }
        self.payments.push(Payment { rate, balance: Dec::ZERO, unsettled: Dec::ZERO, withdrawn: 0, open: true });
        Some(self.payments.len() - 1)
    }

    /// Adds `amount` to the funds at `height` (settling first).
    pub fn deposit(&mut self, height: u64, amount: Dec) {
        self.settle(height);
        self.funds += amount;
    }

    /// Settles to `height` and withdraws the integer part of payment `i`'s balance; returns the
    /// base units paid out (before the take fee).
    pub fn withdraw(&mut self, i: usize, height: u64) -> u128 {
        self.settle(height);
        let p = &mut self.payments[i];
        let out = p.balance.trunc_micro();
        p.balance = p.balance.saturating_sub(Dec::from_micro(out));
        p.withdrawn += out;
        out
    }

    /// Settles to `height`, withdraws payment `i` and stops it; returns the base units paid out.
    pub fn close_payment(&mut self, i: usize, height: u64) -> u128 {
        let out = self.withdraw(i, height);
        self.payments[i].open = false;
        out
    }

    /// The first height at which a settlement would find the account overdrawn, given its open
    /// payments: the funds pay `floor(funds / rate)` more blocks in full. `None` with no open
    /// payment.
    pub fn overdrawn_at(&self) -> Option<u64> {
        let rate = self.rate();
        if rate == Dec::ZERO || self.overdrawn {
            return None;
        }
        Some(self.settled_at + (self.funds.0 / rate.0) as u64 + 1)
    }

    /// Closes the account at `height`: settles and returns what is left of the deposit.
    pub fn close(&mut self, height: u64) -> Dec {
        self.settle(height);
        for p in &mut self.payments {
            p.open = false;
        }
        std::mem::take(&mut self.funds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settles_lazily_over_many_blocks() {
        // 1,000 uakt deposited, a lease at 3 uakt per block opened at block 100.
        let mut a = Account::new(100, Dec::from_micro(1_000));
        let p = a.open_payment(100, Dec::from_micro(3)).unwrap();
        // Nothing moves until the account is touched ...
        assert_eq!(a.payments[p].balance, Dec::ZERO);
        // ... then 250 blocks settle at once: 750 uakt to the payment, 250 left.
        assert_eq!(a.withdraw(p, 350), 750);
        assert_eq!(a.funds, Dec::from_micro(250));
        assert_eq!(a.settled_at, 350);
        // Settling twice at the same height moves nothing.
        assert!(!a.settle(350));
        assert_eq!(a.funds, Dec::from_micro(250));
        // 250 / 3 = 83 more full blocks: paid through 433, overdrawn at 434.
        assert_eq!(a.overdrawn_at(), Some(434));
        assert!(!a.settle(433));
        assert_eq!(a.funds, Dec::from_micro(1));
        assert!(a.settle(434));
        // The last block paid 1 of 3 uakt; 2 are unsettled.
        assert_eq!(a.payments[p].unsettled, Dec::from_micro(2));
        assert_eq!(a.withdraw(p, 434), 1 + 249);
    }

    #[test]
    fn fractional_rates_truncate_like_the_chain() {
        // A rate of 1/3 uakt per block: 10 blocks settle 3.333... uakt; 3 can be withdrawn.
        let third = Dec(crate::money::DEC_PRECISION / 3);
        let mut a = Account::new(0, Dec::from_micro(100));
        let p = a.open_payment(0, third).unwrap();
        assert_eq!(a.withdraw(p, 10), 3);
        assert_eq!(a.payments[p].balance, Dec(third.0 * 10 - 3 * crate::money::DEC_PRECISION));
    }

    #[test]
    fn an_overdrawn_account_takes_no_new_payment() {
        let mut a = Account::new(0, Dec::from_micro(5));
        a.open_payment(0, Dec::from_micro(1)).unwrap();
        assert!(a.settle(10));
        assert_eq!(a.open_payment(10, Dec::from_micro(1)), None);
    }
}
