//! Sizes with units, as written in scenario and profile files (`"20TiB"`, `"1.5GB"`).

use serde::{Deserialize, Deserializer};
use std::fmt;
use std::str::FromStr;

/// A size in bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ByteSize(pub u64);

const UNITS: [(&str, u64); 11] = [
    ("KiB", 1 << 10),
    ("MiB", 1 << 20),
    ("GiB", 1 << 30),
    ("TiB", 1 << 40),
    ("PiB", 1 << 50),
    ("KB", 1_000),
    ("MB", 1_000_000),
    ("GB", 1_000_000_000),
    ("TB", 1_000_000_000_000),
    ("PB", 1_000_000_000_000_000),
    ("B", 1),
];

/// Why a size string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid size `{0}`: write a number and a unit (B, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB), e.g. \"20TiB\""
)]
pub struct SizeError(String);

impl FromStr for ByteSize {
    type Err = SizeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(|| SizeError(s.into()))?;
        let (num, unit) = (text[..split].trim(), text[split..].trim());
        let number: f64 = num.parse().map_err(|_| SizeError(s.into()))?;
        let scale =
            UNITS.iter().find(|(u, _)| *u == unit).map(|(_, scale)| *scale).ok_or_else(|| SizeError(s.into()))?;
        let bytes = number * scale as f64;
        if !bytes.is_finite() || bytes >= u64::MAX as f64 {
            return Err(SizeError(s.into()));
        }
        Ok(ByteSize(bytes.round() as u64))
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl ByteSize {
    /// The size in (decimal) terabytes, the unit storage prices use.
    pub fn as_tb(self) -> f64 {
        self.0 as f64 / 1e12
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (unit, scale) in UNITS[..5].iter().rev() {
            if self.0 >= *scale && self.0 % scale == 0 {
                return write!(f, "{}{unit}", self.0 / scale);
            }
        }
        write!(f, "{}B", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_decimal_units() {
        assert_eq!("20TiB".parse::<ByteSize>().unwrap().0, 20 << 40);
        assert_eq!("1.5GB".parse::<ByteSize>().unwrap().0, 1_500_000_000);
        assert_eq!("32 GiB".parse::<ByteSize>().unwrap().0, 32 << 30);
        assert_eq!("0B".parse::<ByteSize>().unwrap().0, 0);
        assert_eq!(ByteSize(64 << 30).to_string(), "64GiB");
    }

    #[test]
    fn rejects_bad_sizes() {
        for bad in ["", "20", "TiB", "20 TiBs", "-1GB", "1e400GB"] {
            assert!(bad.parse::<ByteSize>().is_err(), "{bad:?}");
        }
    }
}
