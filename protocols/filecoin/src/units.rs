//! Units of the Filecoin chain: token amounts in attoFIL, chain epochs, storage power in bytes.
//!
//! Source: `runtime/src/builtin/network.rs` (epoch length, epochs per day/year) and the `fvm_shared`
//! types `TokenAmount`, `ChainEpoch` and `StoragePower` used throughout filecoin-project/builtin-actors.
//! Upstream keeps every amount as an arbitrary-precision integer; here balances are `i128`
//! (enough for 1.7e20 FIL) and only the fixed-point intermediates use [`BigInt`].

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::ToPrimitive;

/// A chain epoch (block height). Upstream: `fvm_shared::clock::ChainEpoch` (`i64`).
pub type ChainEpoch = i64;

/// Storage power (raw bytes or quality-adjusted bytes). Upstream: `fvm_shared::sector::StoragePower`
/// (a `BigInt`); `i128` holds any realistic network total (the baseline passes 1.7e38 bytes only
/// around year 2080).
pub type StoragePower = i128;

/// Seconds per epoch. Upstream: `EPOCH_DURATION_SECONDS` in runtime/src/builtin/network.rs.
pub const EPOCH_DURATION_SECONDS: i64 = 30;

/// Epochs per hour (120). Upstream: `EPOCHS_IN_HOUR` in runtime/src/builtin/network.rs.
pub const EPOCHS_PER_HOUR: ChainEpoch = 3600 / EPOCH_DURATION_SECONDS;

/// Epochs per day (2880). Upstream: `EPOCHS_IN_DAY` in runtime/src/builtin/network.rs.
pub const EPOCHS_PER_DAY: ChainEpoch = 86_400 / EPOCH_DURATION_SECONDS;

/// Epochs per year as the runtime defines it: 31,556,925 s / 30 s = 1,051,897 (a tropical year,
/// rounded down). Upstream: `EPOCHS_IN_YEAR` in runtime/src/builtin/network.rs. Note that the
/// reward actor's constants (baseline doubling, lambda) were instead derived from 365-day years.
pub const EPOCHS_PER_YEAR: ChainEpoch = 31_556_925 / EPOCH_DURATION_SECONDS;

/// Expected block winners per epoch (5). Upstream: `EXPECTED_LEADERS_PER_EPOCH` in
/// runtime/src/builtin/network.rs; a block's reward is `this_epoch_reward * win_count / 5`.
pub const EXPECTED_LEADERS_PER_EPOCH: i128 = 5;

/// One GiB in bytes.
pub const GIB: StoragePower = 1 << 30;

/// Size of a 32 GiB sector in bytes (`SectorSize::_32GiB` in fvm_shared).
pub const SECTOR_SIZE_32GIB: StoragePower = 32 * GIB;

/// Size of a 64 GiB sector in bytes (`SectorSize::_64GiB` in fvm_shared).
pub const SECTOR_SIZE_64GIB: StoragePower = 64 * GIB;

/// attoFIL per FIL (10^18).
pub const ATTO_PER_FIL: i128 = 1_000_000_000_000_000_000;

/// An amount of FIL, held exactly in attoFIL (10^-18 FIL). May be negative (a filter's velocity,
/// a balance change). Upstream: `fvm_shared::econ::TokenAmount`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TokenAmount(i128);

impl TokenAmount {
    /// Zero attoFIL.
    pub const ZERO: TokenAmount = TokenAmount(0);

    /// An amount of attoFIL.
    pub const fn from_atto(atto: i128) -> Self {
        TokenAmount(atto)
    }

    /// An amount of nanoFIL (10^9 attoFIL).
    pub const fn from_nano(nano: i128) -> Self {
        TokenAmount(nano * 1_000_000_000)
    }

    /// A whole number of FIL.
    pub const fn from_whole(fil: i128) -> Self {
        TokenAmount(fil * ATTO_PER_FIL)
    }

    /// The amount in attoFIL.
    pub const fn atto(self) -> i128 {
        self.0
    }

    /// The amount in FIL as a float (for reports only; never for protocol arithmetic).
    pub fn to_fil_f64(self) -> f64 {
        self.0 as f64 / ATTO_PER_FIL as f64
    }

    /// Whether the amount is zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Whether the amount is strictly positive.
    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// Whether the amount is strictly negative.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The amount times an integer. Panics on overflow (beyond 1.7e20 FIL).
    pub fn mul_int(self, k: i128) -> Self {
        TokenAmount(self.0.checked_mul(k).expect("token amount overflow"))
    }

    /// The amount divided by an integer, rounded towards negative infinity (upstream's
    /// `TokenAmount::div_floor`).
    pub fn div_floor(self, d: i128) -> Self {
        TokenAmount(Integer::div_floor(&self.0, &d))
    }

    /// The amount as an arbitrary-precision integer of attoFIL.
    pub fn to_bigint(self) -> BigInt {
        BigInt::from(self.0)
    }

    /// An amount from an arbitrary-precision integer of attoFIL. Panics if it does not fit `i128`.
    pub fn from_bigint(atto: &BigInt) -> Self {
        TokenAmount(atto.to_i128().expect("token amount does not fit i128 attoFIL"))
    }
}

impl fmt::Display for TokenAmount {
    /// Shows the exact amount in FIL with up to 18 decimals, e.g. `0.2 FIL`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / ATTO_PER_FIL as u128;
        let frac = abs % ATTO_PER_FIL as u128;
        if frac == 0 {
            write!(f, "{sign}{whole} FIL")
        } else {
            let digits = format!("{frac:018}");
            write!(f, "{sign}{whole}.{} FIL", digits.trim_end_matches('0'))
        }
    }
}

impl Add for TokenAmount {
    type Output = TokenAmount;
    fn add(self, rhs: TokenAmount) -> TokenAmount {
        TokenAmount(self.0.checked_add(rhs.0).expect("token amount overflow"))
    }
}

impl Sub for TokenAmount {
    type Output = TokenAmount;
    fn sub(self, rhs: TokenAmount) -> TokenAmount {
        TokenAmount(self.0.checked_sub(rhs.0).expect("token amount overflow"))
    }
}

impl Neg for TokenAmount {
    type Output = TokenAmount;
    fn neg(self) -> TokenAmount {
        TokenAmount(-self.0)
    }
}

impl AddAssign for TokenAmount {
    fn add_assign(&mut self, rhs: TokenAmount) {
        *self = *self + rhs;
    }
}

impl SubAssign for TokenAmount {
    fn sub_assign(&mut self, rhs: TokenAmount) {
        *self = *self - rhs;
    }
}

impl Sum for TokenAmount {
    fn sum<I: Iterator<Item = TokenAmount>>(iter: I) -> TokenAmount {
        iter.fold(TokenAmount::ZERO, |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_constants_match_the_runtime() {
        assert_eq!(EPOCHS_PER_DAY, 2880);
        assert_eq!(EPOCHS_PER_HOUR, 120);
        assert_eq!(EPOCHS_PER_YEAR, 1_051_897);
    }

    #[test]
    fn display_is_exact() {
        assert_eq!(TokenAmount::from_atto(200_000_000_000_000_000).to_string(), "0.2 FIL");
        assert_eq!(TokenAmount::from_whole(-3).to_string(), "-3 FIL");
        assert_eq!(TokenAmount::from_atto(1).to_string(), "0.000000000000000001 FIL");
    }

    #[test]
    fn div_floor_rounds_down_for_negatives() {
        assert_eq!(TokenAmount::from_atto(-100).div_floor(3), TokenAmount::from_atto(-34));
        assert_eq!(TokenAmount::from_atto(200).div_floor(3), TokenAmount::from_atto(66));
    }
}
