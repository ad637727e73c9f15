//! Errors in a network's configuration, found by a protocol's own checks.
//!
//! A protocol does not see the scenario file, so it cannot say where a value was written. It
//! says instead *which* value is wrong: a key path inside the network's `params` table (or a node
//! group, or the network as a whole). The scenario loader turns that path back into the file,
//! line and column the value was read from, or the `--set` argument that supplied it, so that a
//! protocol's check reads to the user exactly like the loader's own errors, at `validate` time.
//!
//! ```
//! use depinsim_core::config::{ConfigError, Located};
//! fn check_share(share: f64) -> Result<(), ConfigError> {
//!     if !(0.0..=1.0).contains(&share) {
//!         return Err(ConfigError::param("gateway_share", format!("`gateway_share` is {share}"))
//!             .help("a share between 0 and 1"));
//!     }
//!     Ok(())
//! }
//! let e = check_share(1.5).unwrap_err();
//! assert_eq!(e.at, Located::Param("gateway_share".into()));
//! assert_eq!(e.to_string(), "`gateway_share` is 1.5 (a share between 0 and 1)");
//! ```

use std::fmt;

/// Where in a network's configuration a problem lies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Located {
    /// A value of the network's `params` table, by dotted path from it: `gateway_share`,
    /// `traffic.tick`, `price.points.2.usd` (a number indexes an array). An empty path is the
    /// table itself.
    Param(String),
    /// The node group of that name (its count, role or profile).
    Group(String),
    /// The network as a whole (for example, a role that has no nodes).
    Network,
}

/// A configuration problem, shown to the user with the position of the value it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The value, group or network it is about.
    pub at: Located,
    /// What is wrong, as a sentence naming the key (``"`replicas` is 0"``).
    pub message: String,
    /// What is allowed, or how to fix it.
    pub help: Option<String>,
}

impl ConfigError {
    /// A problem with the value at `path` in the network's `params`.
    pub fn param(path: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError { at: Located::Param(path.into()), message: message.into(), help: None }
    }
    /// A problem with the node group called `name`.
    pub fn group(name: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError { at: Located::Group(name.into()), message: message.into(), help: None }
    }
    /// A problem with the network as a whole.
    pub fn network(message: impl Into<String>) -> Self {
        ConfigError { at: Located::Network, message: message.into(), help: None }
    }
    /// Adds what is allowed.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    /// The same problem seen from an enclosing table: `prefix.path` (for a check written for a
    /// sub-table that is reused under several keys).
    pub fn within(mut self, prefix: &str) -> Self {
        if let Located::Param(path) = &mut self.at {
            *path = if path.is_empty() { prefix.to_string() } else { format!("{prefix}.{path}") };
        }
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.help {
            Some(help) => write!(f, "{} ({help})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Checks that `value` at `path` is a share in `0..=1` (or `0 < v <= 1` when `zero_ok` is
/// false), the most common range check of protocol parameters.
pub fn share(path: &str, value: f64, zero_ok: bool) -> Result<(), ConfigError> {
    let ok = value.is_finite() && value <= 1.0 && (value > 0.0 || (zero_ok && value == 0.0));
    if ok {
        return Ok(());
    }
    let range = if zero_ok { "between 0 and 1" } else { "above 0 and at most 1" };
    Err(ConfigError::param(path, format!("`{path}` is {value}")).help(format!("a share {range}")))
}

/// Checks that `value` at `path` is finite and at least `min`.
pub fn at_least(path: &str, value: f64, min: f64) -> Result<(), ConfigError> {
    if value.is_finite() && value >= min {
        return Ok(());
    }
    Err(ConfigError::param(path, format!("`{path}` is {value}")).help(format!("a finite number >= {min}")))
}

/// Checks that `value` at `path` is finite and above zero.
pub fn positive(path: &str, value: f64) -> Result<(), ConfigError> {
    if value.is_finite() && value > 0.0 {
        return Ok(());
    }
    Err(ConfigError::param(path, format!("`{path}` is {value}")).help("a finite number above 0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_checks_name_the_key_and_the_range() {
        assert!(share("s", 0.0, true).is_ok());
        let e = share("s", 0.0, false).unwrap_err();
        assert_eq!(e.to_string(), "`s` is 0 (a share above 0 and at most 1)");
        assert!(share("s", f64::NAN, true).is_err());
        assert!(at_least("n", 3.0, 3.0).is_ok());
        assert_eq!(at_least("n", 2.0, 3.0).unwrap_err().at, Located::Param("n".into()));
        assert!(positive("p", f64::INFINITY).is_err());
    }

    #[test]
    fn within_prefixes_param_paths_only() {
        let e = ConfigError::param("tick", "x").within("traffic");
        assert_eq!(e.at, Located::Param("traffic.tick".into()));
        assert_eq!(ConfigError::param("", "x").within("traffic").at, Located::Param("traffic".into()));
        assert_eq!(ConfigError::network("x").within("traffic").at, Located::Network);
    }
}
