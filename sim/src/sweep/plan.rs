//! What a sweep runs: the points (assignments of values to scenario keys), the replicates per
//! point, the seed of each run, and the slice of runs a shard takes.
//!
//! Points come from `--set KEY=V1,V2,...` on the command line or from the scenario's `[sweep]`
//! table:
//!
//! ```toml
//! [sweep]
//! mode = "cartesian"      # or "zip": the i-th values of every parameter together
//! seeds = 8               # replicates per point
//! [[sweep.params]]
//! key = "networks.content.nodes.gateways.depends_share"
//! values = [0.1, 0.3, 0.5]
//! [[sweep.params]]
//! key = "networks.content.params.replicas"
//! range = { from = 1, to = 4, step = 1 }
//! ```

use crate::scenario::InputError;
use crate::scenario::overrides::Override;
use depinsim_core::rng::derive_seed;
use serde::{Deserialize, Serialize};

/// The most runs one sweep (over all its shards) may plan: far beyond any study (a million
/// runs of the smallest shipped scenario take days on one machine), and small enough that the
/// plan's bookkeeping (a run index per run) stays in memory.
pub const MAX_RUNS: u64 = 10_000_000;

/// How the values of several parameters combine into points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Every combination, the first parameter varying slowest.
    #[default]
    Cartesian,
    /// The i-th values of every parameter together; all lists have the same length.
    Zip,
}

/// One swept parameter: a scenario key and its values, as TOML value text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// Dotted key, as for `--set`.
    pub key: String,
    /// Values, as written after `KEY=` in `--set`.
    pub values: Vec<String>,
}

/// A whole sweep: parameters, combination mode, replicates, base seed, shard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Scenario name.
    pub scenario: String,
    /// Swept parameters.
    pub params: Vec<Param>,
    /// How they combine.
    pub mode: Mode,
    /// Replicates per point.
    pub seeds: u32,
    /// Base seed, from which every run's seed derives.
    pub base_seed: u64,
    /// Overrides applied to every run (single-valued `--set`).
    pub fixed: Vec<(String, String)>,
}

/// `K/N`: this machine runs every run whose index is K-1 modulo N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 1-based shard number.
    pub index: u32,
    /// Number of shards.
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let err = || format!("`{s}` is not a shard: write K/N with 1 <= K <= N, e.g. 1/4");
        let (k, n) = s.split_once('/').ok_or_else(err)?;
        let (index, count): (u32, u32) = (k.trim().parse().map_err(|_| err())?, n.trim().parse().map_err(|_| err())?);
        if index == 0 || count == 0 || index > count {
            return Err(err());
        }
        Ok(Shard { index, count })
    }
}

impl Default for Shard {
    fn default() -> Self {
        Shard { index: 1, count: 1 }
    }
}

/// One run of a sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Index over the whole sweep (point-major).
    pub index: u64,
    /// Point index.
    pub point: u64,
    /// Replicate within the point.
    pub replicate: u32,
    /// Its seed.
    pub seed: u64,
    /// The values of the swept parameters at its point.
    pub values: Vec<String>,
}

/// The `[sweep]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepTable {
    #[serde(default)]
    mode: Mode,
    seeds: Option<u32>,
    #[serde(default)]
    params: Vec<ParamTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParamTable {
    key: String,
    values: Option<Vec<toml::Value>>,
    range: Option<RangeTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeTable {
    from: f64,
    to: f64,
    step: f64,
}

/// A TOML value as `--set` text: strings bare, everything else as TOML.
fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A number as short `--set` text: integers without a decimal point, and no binary noise
/// (0.1 + 0.2 is written 0.3): rounded to 12 decimals, far below any scenario's precision.
fn number_text(x: f64) -> String {
    let x = (x * 1e12).round() / 1e12;
    if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") }
}

/// Parameters from the `[sweep]` table (`origin` names the file, for errors).
pub fn from_table(origin: &str, table: &toml::Value) -> Result<(Vec<Param>, Mode, Option<u32>), InputError> {
    let t: SweepTable = table.clone().try_into().map_err(|e: toml::de::Error| {
        InputError::new(origin, format!("in [sweep]: {}", e.message())).help("see README.md, 'Sweeps'")
    })?;
    let mut params = Vec::new();
    for p in t.params {
        let values = match (p.values, p.range) {
            (Some(v), None) => v.iter().map(value_text).collect(),
            (None, Some(r)) => {
                let valid =
                    r.step > 0.0 && r.step.is_finite() && r.from.is_finite() && r.to.is_finite() && r.to >= r.from;
                if !valid {
                    return Err(InputError::new(
                        origin,
                        format!("[sweep] range of `{}` needs from <= to and step > 0", p.key),
                    ));
                }
                let n = ((r.to - r.from) / r.step + 1e-9).floor() as u64 + 1;
                if n > 100_000 {
                    return Err(InputError::new(origin, format!("[sweep] range of `{}` has {n} values", p.key)));
                }
                // Each value from the start, not by repeated addition, so 0.1 steps stay exact-ish.
                (0..n).map(|i| number_text(r.from + i as f64 * r.step)).collect()
            }
            _ => {
                return Err(InputError::new(
                    origin,
                    format!("[sweep] parameter `{}` needs exactly one of `values` or `range`", p.key),
                ));
            }
        };
        params.push(Param { key: p.key, values });
    }
    Ok((params, t.mode, t.seeds))
}

/// Splits `--set` overrides into swept parameters (several comma-separated values) and fixed ones.
pub fn from_overrides(overrides: &[Override]) -> (Vec<Param>, Vec<(String, String)>) {
    let (mut params, mut fixed) = (Vec::new(), Vec::new());
    for o in overrides {
        let values: Vec<String> = o.value.split(',').map(|v| v.trim().to_string()).collect();
        if values.len() > 1 {
            params.push(Param { key: o.key.clone(), values });
        } else {
            fixed.push((o.key.clone(), o.value.clone()));
        }
    }
    (params, fixed)
}

impl Plan {
    /// Checks the plan: at least one value per parameter, equal lengths in zip mode, and at most
    /// [`MAX_RUNS`] runs.
    pub fn check(&self) -> Result<(), String> {
        if self.seeds == 0 {
            return Err("a sweep needs at least one seed per point".into());
        }
        if let Some(p) = self.params.iter().find(|p| p.values.is_empty()) {
            return Err(format!("parameter `{}` has no values", p.key));
        }
        if self.mode == Mode::Zip {
            if let Some(p) = self.params.iter().find(|p| p.values.len() != self.params[0].values.len()) {
                return Err(format!(
                    "zip mode needs equal numbers of values, but `{}` has {} and `{}` has {}",
                    self.params[0].key,
                    self.params[0].values.len(),
                    p.key,
                    p.values.len()
                ));
            }
        }
        let points = self.checked_points();
        match points.and_then(|p| p.checked_mul(self.seeds as u64)) {
            Some(runs) if runs <= MAX_RUNS => Ok(()),
            runs => Err(format!(
                "the sweep plans {} runs ({} points x {} seeds); at most {MAX_RUNS} fit in one sweep",
                runs.map_or("more than 2^64".to_string(), |r| r.to_string()),
                points.map_or("more than 2^64".to_string(), |p| p.to_string()),
                self.seeds
            )),
        }
    }

    /// Number of points.
    pub fn points(&self) -> u64 {
        // A checked plan has at most MAX_RUNS runs, so this never saturates.
        self.checked_points().unwrap_or(u64::MAX)
    }

    /// Number of points, `None` when it does not fit a `u64`.
    fn checked_points(&self) -> Option<u64> {
        match (self.mode, self.params.first()) {
            (_, None) => Some(1),
            (Mode::Zip, Some(p)) => Some(p.values.len() as u64),
            (Mode::Cartesian, _) => self.params.iter().try_fold(1u64, |n, p| n.checked_mul(p.values.len() as u64)),
        }
    }

    /// Number of runs over all shards.
    pub fn runs(&self) -> u64 {
        self.points() * self.seeds as u64
    }

    /// The values of each parameter at `point`.
    pub fn values(&self, point: u64) -> Vec<String> {
        match self.mode {
            Mode::Zip => self.params.iter().map(|p| p.values[point as usize].clone()).collect(),
            Mode::Cartesian => {
                let mut rest = point;
                let mut out = vec![String::new(); self.params.len()];
                for (i, p) in self.params.iter().enumerate().rev() {
                    let n = p.values.len() as u64;
                    out[i] = p.values[(rest % n) as usize].clone();
                    rest /= n;
                }
                out
            }
        }
    }

    /// Run `index`.
    pub fn run(&self, index: u64) -> Run {
        let (point, replicate) = (index / self.seeds as u64, (index % self.seeds as u64) as u32);
        Run {
            index,
            point,
            replicate,
            seed: derive_seed(self.base_seed, point, replicate as u64),
            values: self.values(point),
        }
    }

    /// The runs `shard` takes, in index order.
    pub fn shard_runs(&self, shard: Shard) -> impl Iterator<Item = u64> + use<> {
        let (k, n) = (shard.index as u64 - 1, shard.count as u64);
        (0..self.runs()).filter(move |r| r % n == k)
    }

    /// The overrides of `run`: the fixed ones, its point's values, its seed.
    pub fn overrides(&self, run: &Run) -> Vec<Override> {
        let mut out: Vec<Override> =
            self.fixed.iter().map(|(k, v)| Override { key: k.clone(), value: v.clone() }).collect();
        out.extend(self.params.iter().zip(&run.values).map(|(p, v)| Override { key: p.key.clone(), value: v.clone() }));
        out.push(Override { key: "seed".into(), value: run.seed.to_string() });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(mode: Mode) -> Plan {
        Plan {
            scenario: "s".into(),
            params: vec![
                Param { key: "a".into(), values: vec!["1".into(), "2".into()] },
                Param { key: "b".into(), values: vec!["x".into(), "y".into(), "z".into()] },
            ],
            mode,
            seeds: 2,
            base_seed: 9,
            fixed: vec![],
        }
    }

    #[test]
    fn cartesian_points_vary_the_last_parameter_fastest() {
        let p = plan(Mode::Cartesian);
        assert_eq!(p.points(), 6);
        assert_eq!(p.runs(), 12);
        assert_eq!(p.values(0), vec!["1", "x"]);
        assert_eq!(p.values(1), vec!["1", "y"]);
        assert_eq!(p.values(5), vec!["2", "z"]);
        let r = p.run(7);
        assert_eq!((r.point, r.replicate), (3, 1));
        assert_eq!(r.seed, derive_seed(9, 3, 1));
    }

    #[test]
    fn a_plan_beyond_the_run_bound_is_refused_with_its_size() {
        let mut p = plan(Mode::Cartesian);
        p.seeds = u32::MAX;
        let err = p.check().unwrap_err();
        assert!(err.contains("plans 25769803770 runs (6 points x 4294967295 seeds)"), "{err}");
        p.seeds = (MAX_RUNS / 6) as u32;
        assert!(p.check().is_ok());
    }

    #[test]
    fn zip_needs_equal_lengths() {
        let mut p = plan(Mode::Zip);
        assert!(p.check().is_err());
        p.params[1].values.pop();
        assert!(p.check().is_ok());
        assert_eq!(p.points(), 2);
        assert_eq!(p.values(1), vec!["2", "y"]);
    }

    #[test]
    fn shards_partition_the_runs() {
        let p = plan(Mode::Cartesian);
        let mut all: Vec<u64> =
            (1..=3).flat_map(|k| p.shard_runs(Shard { index: k, count: 3 }).collect::<Vec<_>>()).collect();
        all.sort();
        assert_eq!(all, (0..12).collect::<Vec<_>>());
        assert!("0/2".parse::<Shard>().is_err() && "3/2".parse::<Shard>().is_err() && "x".parse::<Shard>().is_err());
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
    }

    #[test]
    fn table_ranges_and_values() {
        let table: toml::Value = toml::from_str(
            "mode = \"cartesian\"\nseeds = 3\n[[params]]\nkey = \"k\"\nrange = { from = 0.1, to = 0.5, step = 0.2 }\n[[params]]\nkey = \"s\"\nvalues = [\"sites\", 2]\n",
        )
        .unwrap();
        let (params, mode, seeds) = from_table("t", &table).unwrap();
        assert_eq!((mode, seeds), (Mode::Cartesian, Some(3)));
        assert_eq!(params[0].values, vec!["0.1", "0.3", "0.5"]);
        assert_eq!(params[1].values, vec!["sites", "2"]);
    }

    #[test]
    fn comma_values_sweep_and_single_values_fix() {
        let o = |k: &str, v: &str| Override { key: k.into(), value: v.into() };
        let (params, fixed) = from_overrides(&[o("a", "1,2,3"), o("b", "5")]);
        assert_eq!(params, vec![Param { key: "a".into(), values: vec!["1".into(), "2".into(), "3".into()] }]);
        assert_eq!(fixed, vec![("b".to_string(), "5".to_string())]);
    }
}
