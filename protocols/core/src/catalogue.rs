//! The metric catalogue: what every metric a run records means, declared once beside the code
//! that records it (here for the common ones, in each protocol's [`crate::Protocol::METRICS`]
//! for its own).
//!
//! Every output reads these declarations: the headline table, the time series' charts, the
//! report, `compare`, `check` and its baselines, the terminal table and `depinsim list metrics`.
//! Nothing guesses a metric's unit or direction from its name, so one name has one meaning, and
//! a metric recorded without a declaration is a test failure, not a silently mislabelled chart.
//!
//! ```
//! use depinsim_core::catalogue::{Direction, Kind, Metric, Unit};
//! const POPS_UP: Metric = Metric::new("pops_up", "points of presence up", Unit::Count("PoPs"))
//!     .kind(Kind::State)
//!     .higher_is_better();
//! assert_eq!(POPS_UP.direction, Direction::HigherBetter);
//! assert_eq!(POPS_UP.unit.symbol(), "PoPs");
//! ```

use serde::Serialize;

/// What a metric's numbers are, with their dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "dimension", content = "of", rename_all = "kebab-case")]
pub enum Unit {
    /// A share, 0..1 (shown as a percentage).
    Share,
    /// A count of things: `Count("nodes")`, `Count("sectors")`.
    Count(&'static str),
    /// US dollars.
    Usd,
    /// US dollars per some quantity: `UsdPer("kWh")`, `UsdPer("GPU-hour")`.
    UsdPer(&'static str),
    /// An amount of a token: `Token("FIL")`, `Token("HNT")`.
    Token(&'static str),
    /// Bytes (binary multiples are shown where the protocol sizes things in GiB).
    Bytes,
    /// A duration in seconds.
    Seconds,
    /// A physical or protocol quantity with its symbol: `Quantity("kWh")`, `Quantity("PiB")`,
    /// `Quantity("days")`.
    Quantity(&'static str),
    /// A dimensionless ratio or multiplier (a Gini coefficient, a score, a cost ratio).
    Ratio,
    /// A calendar year.
    Year,
}

impl Unit {
    /// The unit as written after a figure or in an axis title ("%", "USD", "FIL", "nodes").
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Share => "%",
            Unit::Count(of) | Unit::Token(of) | Unit::Quantity(of) => of,
            Unit::Usd => "USD",
            Unit::UsdPer(_) => "USD per unit",
            Unit::Bytes => "bytes",
            Unit::Seconds => "s",
            Unit::Ratio => "ratio",
            Unit::Year => "year",
        }
    }
}

/// What one value of a metric stands for in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The state at the sample instant (nodes up now).
    State,
    /// An aggregate over the sample window that ends at the sample (the share of requests served
    /// in the last minute).
    Window,
    /// A running total since the start (rewards paid so far).
    Cumulative,
    /// One figure for the whole run (headline).
    EndOfRun,
}

/// Which way is better, for comparisons and regression checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// More is better (availability, coverage).
    HigherBetter,
    /// Less is better (downtime, cost, data lost).
    LowerBetter,
    /// Neither: a descriptive figure (a price, a count of events).
    Neutral,
}

/// How runs of several seeds are summarised into one figure per point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aggregate {
    /// The mean (with standard deviation and quantiles beside it).
    Mean,
    /// The median, for figures whose mean misleads (a year, a time that may be missing).
    Median,
}

/// One metric's declaration.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Metric {
    /// Its name in outputs (`timeseries.csv`, `summary.json`).
    pub name: &'static str,
    /// What it is, in words, for tables and axis titles (no unit: that is [`Metric::unit`]).
    pub label: &'static str,
    /// What its numbers are.
    pub unit: Unit,
    /// What a value stands for in time.
    pub kind: Kind,
    /// Which way is better.
    pub direction: Direction,
    /// How seeds are summarised.
    pub aggregate: Aggregate,
}

impl Metric {
    /// A metric sampled as a state, neutral, averaged over seeds; refine with the builders.
    pub const fn new(name: &'static str, label: &'static str, unit: Unit) -> Self {
        Metric { name, label, unit, kind: Kind::State, direction: Direction::Neutral, aggregate: Aggregate::Mean }
    }
    /// Sets its kind.
    pub const fn kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }
    /// A running total since the start.
    pub const fn cumulative(self) -> Self {
        self.kind(Kind::Cumulative)
    }
    /// An aggregate over each sample window.
    pub const fn window(self) -> Self {
        self.kind(Kind::Window)
    }
    /// One figure for the whole run.
    pub const fn end_of_run(self) -> Self {
        self.kind(Kind::EndOfRun)
    }
    /// More is better.
    pub const fn higher_is_better(mut self) -> Self {
        self.direction = Direction::HigherBetter;
        self
    }
    /// Less is better.
    pub const fn lower_is_better(mut self) -> Self {
        self.direction = Direction::LowerBetter;
        self
    }
    /// Summarised over seeds by the median.
    pub const fn median(mut self) -> Self {
        self.aggregate = Aggregate::Median;
        self
    }
}

/// The series every network records (see [`crate::metrics`]).
pub const SERIES: &[Metric] = &[
    Metric::new(crate::metrics::NODES_UP, "nodes up and healthy", Unit::Count("nodes")).higher_is_better(),
    Metric::new(crate::metrics::NODES_DEGRADED, "nodes up but degraded", Unit::Count("nodes")).lower_is_better(),
    Metric::new(crate::metrics::REWARDS_USD, "rewards paid to operators", Unit::Usd).cumulative(),
    Metric::new(crate::metrics::COST_USD, "operators' costs", Unit::Usd).cumulative().lower_is_better(),
    Metric::new(crate::metrics::DATA_LOST_BYTES, "data lost for good", Unit::Bytes).cumulative().lower_is_better(),
];

/// Prefix of the `nodes up` series split by provider, region or site: `nodes_up/<split>/<name>`.
pub const NODES_UP_SPLIT: Metric =
    Metric::new("nodes_up/", "nodes reachable (degraded included), split", Unit::Count("nodes")).higher_is_better();

/// The declaration of `name` among `declared`, with the split `nodes_up/...` series resolved to
/// [`NODES_UP_SPLIT`].
pub fn find<'a>(declared: impl IntoIterator<Item = &'a Metric>, name: &str) -> Option<Metric> {
    if name.starts_with(NODES_UP_SPLIT.name) {
        return Some(NODES_UP_SPLIT);
    }
    declared.into_iter().find(|m| m.name == name).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_serialize_with_their_dimension() {
        let m = Metric::new("fees_fil", "fees", Unit::Token("FIL")).cumulative().lower_is_better();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json,
            r#"{"name":"fees_fil","label":"fees","unit":{"dimension":"token","of":"FIL"},"kind":"cumulative","direction":"lower-better","aggregate":"mean"}"#
        );
        let share = serde_json::to_string(&Unit::Share).unwrap();
        assert_eq!(share, r#"{"dimension":"share"}"#);
    }

    #[test]
    fn split_series_resolve_to_one_declaration() {
        assert_eq!(find(SERIES, "nodes_up/provider/ovh").unwrap().name, "nodes_up/");
        assert_eq!(find(SERIES, "cost_usd").unwrap().direction, Direction::LowerBetter);
        assert!(find(SERIES, "no_such").is_none());
    }
}
