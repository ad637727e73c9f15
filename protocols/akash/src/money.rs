//! Exact token amounts, the take rate (x/take) and the burn-mint conversions (x/bme, AEP-76).
//!
//! Escrow balances and payment rates are `sdk.DecCoin`s upstream: a decimal with 18 fractional
//! digits of the chain's base unit (`uakt`, `uact`, micro-USDC). [`Dec`] is the same fixed-point
//! number on a `u128`, so settlement truncates exactly where the chain does
//! (akash-network/node x/escrow/keeper/keeper.go: `accountSettleFullBlocks` multiplies the rate by
//! the blocks elapsed and truncates to the 18 decimals; `paymentWithdraw` pays out the integer
//! part of the payment balance).

use depinsim_core::config::ConfigError;
use depinsim_core::price;
use depinsim_core::{SimDuration, SimTime};

/// Fractional digits of `sdk.LegacyDec` (cosmos-sdk math: `LegacyPrecision = 18`).
pub const DEC_PRECISION: u128 = 1_000_000_000_000_000_000;
/// Base units per whole token: 1 AKT = 1,000,000 uakt; ACT and USDC also have 6 decimals.
pub const MICRO_PER_TOKEN: f64 = 1e6;

/// A non-negative amount of base units (uakt, uact, micro-USDC) with 18 fractional digits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dec(pub u128);

impl Dec {
    /// Zero.
    pub const ZERO: Dec = Dec(0);
    /// `micro` whole base units.
    pub const fn from_micro(micro: u128) -> Dec {
        Dec(micro * DEC_PRECISION)
    }
    /// The nearest amount to `tokens` whole tokens (for prices set once, e.g. a bid).
    pub fn from_tokens_f64(tokens: f64) -> Dec {
        Dec((tokens.max(0.0) * MICRO_PER_TOKEN * DEC_PRECISION as f64).round() as u128)
    }
    /// The integer part in base units (what a withdrawal can pay out).
    pub const fn trunc_micro(self) -> u128 {
        self.0 / DEC_PRECISION
    }
    /// The amount in whole tokens, for reporting.
    pub fn tokens(self) -> f64 {
        self.0 as f64 / DEC_PRECISION as f64 / MICRO_PER_TOKEN
    }
    /// `self * n` (a per-block rate over `n` blocks).
    pub const fn times(self, n: u64) -> Dec {
        Dec(self.0 * n as u128)
    }
    /// `self - other`, or zero.
    pub const fn saturating_sub(self, other: Dec) -> Dec {
        Dec(self.0.saturating_sub(other.0))
    }
}

impl std::ops::Add for Dec {
    type Output = Dec;
    fn add(self, o: Dec) -> Dec {
        Dec(self.0 + o.0)
    }
}

impl std::ops::AddAssign for Dec {
    fn add_assign(&mut self, o: Dec) {
        self.0 += o.0;
    }
}

/// Splits a withdrawal of `earnings` base units into what the provider receives and the fee, at
/// `rate_pct` percent: `fee = trunc(earnings * rate / 100)`, `provider = earnings - fee`
/// (x/take/keeper/keeper.go `SubtractFees` and `findRate`, before the module was removed with
/// BME; the rate is a whole percent per denomination).
pub fn take_fee(earnings: u128, rate_pct: u32) -> (u128, u128) {
    let fee = earnings * rate_pct as u128 / 100;
    (earnings - fee, fee)
}

/// Mint spread of AEP-76 / x/bme, in basis points: the part of a mint kept in the vault
/// (x/bme/keeper/keeper.go `prepareToBM`: `spread = trunc(mint * bps / 10000)`, the user gets
/// `mint - spread`). AEP-76 starts both spreads at 25 bps (docs/reference/protocols.md).
pub const BME_DEFAULT_SPREAD_BPS: u32 = 25;

/// One burn-mint conversion: `burn` base units of one token at `price_from` USD, minting
/// `trunc(burn * price_from / price_to)` of the other, of which `trunc(mint * spread_bps / 10000)`
/// stays in the vault (x/bme/keeper/keeper.go `prepareToBM`). Returns (to the user, spread).
pub fn burn_mint(burn: u128, price_from: f64, price_to: f64, spread_bps: u32) -> (u128, u128) {
    let mint = (burn as f64 * price_from / price_to).floor() as u128;
    let spread = mint * spread_bps as u128 / 10_000;
    (mint - spread, spread)
}

pub use depinsim_core::price::PricePoint;

/// A token price over time, linear between points and flat outside them. Stand-in for the
/// chain's oracle (AEP-76 uses a 30-minute TWAP; a path given at hourly or coarser resolution is
/// already smoother than that).
#[derive(Clone, Debug, PartialEq)]
pub struct PricePath(Vec<PricePoint>);

impl PricePath {
    /// A checked path; `key` is its key in the network's `params` (`akt_price`), for the paths of
    /// the errors (`akt_price.1.usd`).
    pub fn new(points: Vec<PricePoint>, key: &str) -> Result<Self, ConfigError> {
        check_points(&points, key)?;
        Ok(PricePath(points))
    }
    /// The price at `t`.
    pub fn at(&self, t: SimTime) -> f64 {
        price::at(&self.0, t.since(SimTime::ZERO))
    }
}

/// Checks an AKT price path written at `key`: at least one point, each price a finite USD amount
/// above zero (AKT is burned and minted at it: a zero price would divide by zero), times strictly
/// increasing. The same rules as [`price::check`], each error at the point it is about.
pub fn check_points(points: &[PricePoint], key: &str) -> Result<(), ConfigError> {
    if points.is_empty() {
        return Err(ConfigError::param(key, format!("`{key}` has no point"))
            .help("at least one point, e.g. `[{ at = \"0d\", usd = 0.6 }]`"));
    }
    let mut before: Option<SimDuration> = None;
    for (i, p) in points.iter().enumerate() {
        if !(p.usd.is_finite() && p.usd > 0.0) {
            let path = format!("{key}.{i}.usd");
            return Err(ConfigError::param(&path, format!("`{path}` is {}", p.usd))
                .help("a finite price in USD per AKT above 0: AKT is burned and minted at it"));
        }
        if let Some(b) = before.filter(|b| p.at <= *b) {
            let path = format!("{key}.{i}.at");
            return Err(ConfigError::param(
                &path,
                format!("`{path}` is {}, not after the point before it ({b})", p.at),
            )
            .help("points in strictly increasing time order"));
        }
        before = Some(p.at);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn take_rate_example_from_the_notes() {
        // docs/reference/protocols.md: 1000 at 2% -> provider 980, fee 20.
        assert_eq!(take_fee(1000, 2), (980, 20));
        // The default 20% rate on the same amount.
        assert_eq!(take_fee(1000, 20), (800, 200));
        // Truncation favours the provider: 2% of 49 is 0.98, the fee is 0.
        assert_eq!(take_fee(49, 2), (49, 0));
    }

    #[test]
    fn bme_swap_matches_the_upstream_comment() {
        // x/bme/keeper/keeper.go: burning 100 ACT at an AKT price of $1.14 mints 87.719298 AKT.
        let (user, spread) = burn_mint(100_000_000, 1.0, 1.14, 0);
        assert_eq!((user, spread), (87_719_298, 0));
        let (user, spread) = burn_mint(100_000_000, 1.0, 1.14, 25);
        assert_eq!(spread, 87_719_298 * 25 / 10_000);
        assert_eq!(user + spread, 87_719_298);
    }

    #[test]
    fn price_path_interpolates() {
        let p = PricePath::new(
            vec![
                PricePoint { at: SimDuration::ZERO, usd: 2.0 },
                PricePoint { at: SimDuration::from_hours(10), usd: 4.0 },
            ],
            "akt_price",
        )
        .unwrap();
        assert_eq!(p.at(SimTime::ZERO + SimDuration::from_hours(5)), 3.0);
        assert_eq!(p.at(SimTime::ZERO + SimDuration::from_hours(50)), 4.0);
        assert!(PricePath::new(vec![], "x").is_err());
    }

    #[test]
    fn bad_price_points_are_refused_at_the_point() {
        use depinsim_core::config::Located;
        let p = |h, usd| PricePoint { at: SimDuration::from_hours(h), usd };
        let e = check_points(&[], "akt_price").unwrap_err();
        assert_eq!((e.at, e.message.as_str()), (Located::Param("akt_price".into()), "`akt_price` has no point"));
        let e = check_points(&[p(0, 1.0), p(1, 0.0)], "akt_price").unwrap_err();
        assert_eq!(e.at, Located::Param("akt_price.1.usd".into()));
        assert!(e.to_string().starts_with("`akt_price.1.usd` is 0 (a finite price in USD per AKT above 0"), "{e}");
        assert_eq!(check_points(&[p(0, f64::NAN)], "k").unwrap_err().at, Located::Param("k.0.usd".into()));
        assert_eq!(check_points(&[p(0, f64::INFINITY)], "k").unwrap_err().at, Located::Param("k.0.usd".into()));
        let e = check_points(&[p(0, 1.0), p(5, 1.0), p(5, 2.0)], "akt_price").unwrap_err();
        assert_eq!(e.at, Located::Param("akt_price.2.at".into()));
        assert_eq!(e.message, "`akt_price.2.at` is 5h, not after the point before it (5h)");
    }
}
