//! Rule sets, selected in the scenario with `rules = "..."`.
//!
//! Helium changed its IoT reward rules several times; a scenario picks one era:
//! - `hip15`: Proof-of-Coverage with HIP-15 reward units and no density scaling (every hex scale
//!   is 1): the rules before HIP-17 (helium/HIP 0015, 0017);
//! - `hip17`: Proof-of-Coverage with HIP-15 units scaled by HIP-17 hex density with the HIP-104
//!   parameters, as the oracle-era IoT verifier ran it (helium/oracles iot_verifier, before
//!   commit 1149d319 removed it);
//! - `data-only`: after HIP-149 (helium/HIP 0149, decision 3): IoT Proof-of-Coverage is retired,
//!   hotspots earn only data transfer at the $/DC peg, and the former PoC bucket and the unused data
//!   bucket go to the IoT Operations Fund, not to hotspots.

use serde::Deserialize;

/// Which rules apply.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RuleSet {
    /// PoC with HIP-15 units, no density scaling.
    Hip15,
    /// PoC with HIP-15 units and HIP-17/HIP-104 density scaling.
    #[default]
    Hip17,
    /// Data transfer only (HIP-149).
    DataOnly,
}

impl RuleSet {
    /// Whether beacons and witnesses earn anything.
    pub fn pays_poc(self) -> bool {
        self != RuleSet::DataOnly
    }
    /// Whether PoC rewards are scaled by hex density.
    pub fn hex_scaling(self) -> bool {
        self == RuleSet::Hip17
    }
    /// Whether the unused data bucket flows back to the PoC pools (before HIP-149) rather than to
    /// the operations fund.
    pub fn data_remainder_to_poc(self) -> bool {
        self != RuleSet::DataOnly
    }
    /// Name, as in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            RuleSet::Hip15 => "hip15",
            RuleSet::Hip17 => "hip17",
            RuleSet::DataOnly => "data-only",
        }
    }
}
