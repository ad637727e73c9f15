//! Reading the metric catalogue a run carries in `summary.json`: each network's declarations of
//! its metrics (unit, label, kind, direction), written by the simulator from the protocols' own
//! declarations. Tables, charts, comparisons and baselines take a metric's meaning from here and
//! never from the shape of its name.

use crate::data::{MetricInfo, Summary};
use crate::format::Unit;

/// What one metric of one network means, as far as its run declared it.
#[derive(Clone, Copy, Debug)]
pub struct Meaning<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its declaration; `None` for a run written without one (an older run).
    pub info: Option<&'a MetricInfo>,
}

impl Summary {
    /// The meaning of `metric` in `network`.
    pub fn meaning<'a>(&'a self, network: &str, metric: &'a str) -> Meaning<'a> {
        let info = self.networks.get(network).and_then(|n| n.catalogue.get(metric));
        Meaning { name: metric, info }
    }

    /// The meaning of `metric` in the first network (in name order) that declares it, for a
    /// chart or row that spans networks.
    pub fn meaning_anywhere<'a>(&'a self, metric: &'a str) -> Meaning<'a> {
        let info = self.networks.values().find_map(|n| n.catalogue.get(metric));
        Meaning { name: metric, info }
    }
}

impl Meaning<'_> {
    /// How its numbers are formatted.
    pub fn unit(&self) -> Unit {
        match self.info.map(|i| i.unit.dimension.as_str()) {
            Some("share") => Unit::Share,
            Some("usd" | "usd-per") => Unit::Usd,
            Some("bytes") => Unit::Bytes,
            Some("seconds") => Unit::Seconds,
            Some("ratio") => Unit::Ratio,
            Some("year") => Unit::Year,
            _ => Unit::Count,
        }
    }

    /// What it is, in words (its name, undeclared).
    pub fn label(&self) -> String {
        self.info.map_or_else(|| self.name.to_string(), |i| i.label.clone())
    }

    /// Its unit as written after a figure or in an axis title: "%", "USD", "USD per 1M
    /// requests", "FIL", "sectors"; `None` when undeclared.
    pub fn symbol(&self) -> Option<String> {
        let unit = &self.info?.unit;
        let of = unit.of.clone().unwrap_or_default();
        Some(match unit.dimension.as_str() {
            "share" => "%".into(),
            "usd" => "USD".into(),
            "usd-per" => format!("USD per {of}"),
            "bytes" => "bytes".into(),
            "seconds" => "h:m".into(),
            "ratio" => "ratio".into(),
            "year" => "year".into(),
            _ => of,
        })
    }

    /// Its label with its unit: "nodes up (nodes)", "fees paid (FIL)".
    pub fn title(&self) -> String {
        match self.symbol() {
            Some(s) if !s.is_empty() => format!("{} ({s})", self.label()),
            _ => self.label(),
        }
    }

    /// Its unit as an axis title says it: as [`Meaning::symbol`], but "duration" for seconds
    /// (the ticks say "h" or "d") and "count" for an undeclared metric.
    pub fn axis_symbol(&self) -> String {
        match self.info.map(|i| i.unit.dimension.as_str()) {
            Some("seconds") => "duration".into(),
            _ => self.symbol().filter(|s| !s.is_empty()).unwrap_or_else(|| "count".into()),
        }
    }

    /// The title of an axis of it: "nodes up and healthy (nodes)", "time down (duration)".
    pub fn axis_title(&self) -> String {
        format!("{} ({})", self.label(), self.axis_symbol())
    }

    /// `Some(true)` when more is better, `Some(false)` when less is, `None` when neutral or
    /// undeclared.
    pub fn higher_is_better(&self) -> Option<bool> {
        match self.info?.direction.as_str() {
            "higher-better" => Some(true),
            "lower-better" => Some(false),
            _ => None,
        }
    }

    /// A figure of it for a table: formatted in its unit, with the unit's symbol where the
    /// number alone does not say it (a token, a count, a quantity); `None` is "never" for a time
    /// or a year that did not come, "-" otherwise.
    pub fn show(&self, value: Option<f64>) -> String {
        let Some(v) = value else {
            let dimension = self.info.map(|i| i.unit.dimension.as_str());
            return if matches!(dimension, Some("seconds" | "year")) { "never".into() } else { "-".into() };
        };
        let shown = self.unit().show(v);
        match self.info.map(|i| (i.unit.dimension.as_str(), i.unit.of.as_deref())) {
            Some(("token" | "quantity", Some(of))) => format!("{shown} {of}"),
            Some(("usd-per", Some(of))) => format!("{shown} per {of}"),
            _ => shown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{NetworkSummary, UnitInfo};

    fn summary() -> Summary {
        let info = |label: &str, dimension: &str, of: Option<&str>, direction: &str| MetricInfo {
            label: label.into(),
            unit: UnitInfo { dimension: dimension.into(), of: of.map(str::to_string) },
            kind: "end-of-run".into(),
            direction: direction.into(),
            aggregate: "mean".into(),
        };
        let net = NetworkSummary {
            protocol: "p".into(),
            nodes: 1,
            events: 1,
            service_unit: None,
            key_metrics: vec![],
            metrics: Default::default(),
            catalogue: [
                ("fees_fil".to_string(), info("fees paid", "token", Some("FIL"), "lower-better")),
                ("availability".to_string(), info("share of load served", "share", None, "higher-better")),
                (
                    "cost_per_unit_usd".to_string(),
                    info("cost per unit", "usd-per", Some("1M requests"), "lower-better"),
                ),
                ("time_to_recover_s".to_string(), info("time to recover", "seconds", None, "lower-better")),
            ]
            .into(),
        };
        let mut s: Summary = serde_json::from_str(
            r#"{"scenario":"s","description":"","sources":[],"seed":1,"start":"2025-01-01T00:00:00Z","duration_s":1,"sample_every_s":1,"nodes":1,"split_by":"provider","events":1,"outages":[],"networks":{}}"#,
        )
        .unwrap();
        s.networks.insert("n".into(), net);
        s
    }

    #[test]
    fn meanings_come_from_the_declarations_not_the_names() {
        let s = summary();
        let fees = s.meaning("n", "fees_fil");
        assert_eq!(fees.title(), "fees paid (FIL)");
        assert_eq!(fees.higher_is_better(), Some(false));
        assert_eq!(fees.show(Some(1234.5)), "1234.500 FIL");
        let a = s.meaning("n", "availability");
        assert_eq!(a.unit(), Unit::Share);
        assert_eq!(a.title(), "share of load served (%)");
        assert_eq!(s.meaning("n", "cost_per_unit_usd").show(Some(0.5)), "$0.500 per 1M requests");
        assert_eq!(s.meaning("n", "time_to_recover_s").show(None), "never");
        // Undeclared: nothing is guessed from a suffix.
        let u = s.meaning("n", "downtime_s");
        assert_eq!((u.unit(), u.label(), u.higher_is_better()), (Unit::Count, "downtime_s".into(), None));
        assert_eq!(u.show(None), "-");
    }
}
