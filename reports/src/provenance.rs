//! What two runs were made from, and how they differ: the question a comparison must answer
//! before any figure in it means anything.

use crate::data::Summary;
use std::collections::BTreeMap;

/// One input that differs between run A and run B.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputDifference {
    /// What differs: "seed", "scenario", "override networks.x.y", "profile home-server", ...
    pub what: String,
    /// Its value in A ("-" when absent).
    pub a: String,
    /// Its value in B.
    pub b: String,
}

/// Every input that differs between `a` and `b`: the scenario (name, file, resolved content),
/// each `--set` key, the seed, each hardware profile and the version.
pub fn differences(a: &Summary, b: &Summary) -> Vec<InputDifference> {
    let mut out = Vec::new();
    let mut push = |what: String, x: &str, y: &str| {
        if x != y {
            out.push(InputDifference { what, a: x.to_string(), b: y.to_string() });
        }
    };
    push("scenario".into(), &a.scenario, &b.scenario);
    push("scenario file".into(), &a.provenance.scenario_path, &b.provenance.scenario_path);
    let overrides = |s: &Summary| -> BTreeMap<String, String> {
        s.provenance
            .overrides
            .iter()
            .map(|o| o.split_once('=').map_or((o.clone(), String::new()), |(k, v)| (k.to_string(), v.to_string())))
            .collect()
    };
    let (oa, ob) = (overrides(a), overrides(b));
    for key in oa.keys().chain(ob.keys()).collect::<std::collections::BTreeSet<_>>() {
        if key == "seed" {
            continue; // shown as the seed below
        }
        let get = |o: &BTreeMap<String, String>| o.get(key).cloned().unwrap_or_else(|| "-".into());
        push(format!("--set {key}"), &get(&oa), &get(&ob));
    }
    push("seed".into(), &a.seed.to_string(), &b.seed.to_string());
    let (pa, pb) = (&a.provenance.profiles, &b.provenance.profiles);
    for name in pa.keys().chain(pb.keys()).collect::<std::collections::BTreeSet<_>>() {
        let get = |p: &BTreeMap<String, String>| p.get(name).map_or("-".into(), |h| short(h));
        push(format!("profile {name}"), &get(pa), &get(pb));
    }
    let (ea, eb) = (&a.provenance.outages, &b.provenance.outages);
    for name in ea.keys().chain(eb.keys()).collect::<std::collections::BTreeSet<_>>() {
        let get = |p: &BTreeMap<String, String>| p.get(name).map_or("-".into(), |h| short(h));
        push(format!("outage file {name}"), &get(ea), &get(eb));
    }
    push("version".into(), &a.provenance.version, &b.provenance.version);
    // The resolved content differs with any override; say so only when nothing above explains it.
    if out.is_empty() && a.provenance.scenario_sha256 != b.provenance.scenario_sha256 {
        out.push(InputDifference {
            what: "scenario content (the file was edited)".into(),
            a: short(&a.provenance.scenario_sha256),
            b: short(&b.provenance.scenario_sha256),
        });
    }
    out
}

/// Warnings a reader must see before trusting a comparison.
pub fn warnings(a: &Summary, b: &Summary) -> Vec<String> {
    let mut w = Vec::new();
    if a.scenario != b.scenario || a.provenance.scenario_path != b.provenance.scenario_path {
        w.push(format!(
            "the runs are of different scenarios (`{}` and `{}`): every figure differs for more reasons than the ones listed",
            a.scenario, b.scenario
        ));
    }
    let only = |x: &Summary, y: &Summary| -> Vec<String> {
        x.networks.keys().filter(|n| !y.networks.contains_key(*n)).cloned().collect()
    };
    let (only_a, only_b) = (only(a, b), only(b, a));
    if !only_a.is_empty() || !only_b.is_empty() {
        w.push(format!(
            "networks are paired by name; not compared: {}",
            only_a
                .iter()
                .map(|n| format!("{n} (only in A)"))
                .chain(only_b.iter().map(|n| format!("{n} (only in B)")))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if a.provenance.version.is_empty() || b.provenance.version.is_empty() {
        w.push("a run records no provenance (written by an older depinsim): what it was made from is unknown".into());
    }
    w
}

/// The first 12 hex digits of a hash, enough to tell two apart in a table.
fn short(hash: &str) -> String {
    hash.chars().take(12).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(seed: u64, overrides: &[&str]) -> Summary {
        let mut s: Summary = serde_json::from_str(
            r#"{"scenario":"s","description":"","sources":[],"seed":1,"start":"2025-01-01T00:00:00Z","duration_s":1,"sample_every_s":1,"nodes":1,"split_by":"provider","events":1,"outages":[],"networks":{}}"#,
        )
        .unwrap();
        s.seed = seed;
        s.provenance.scenario_path = "scenarios/s.toml".into();
        s.provenance.overrides = overrides.iter().map(|o| o.to_string()).collect();
        s.provenance.version = "0.1.0".into();
        s.provenance.scenario_sha256 = format!("{overrides:?}");
        s
    }

    #[test]
    fn an_override_is_named_as_the_difference() {
        let d = differences(&summary(1, &[]), &summary(1, &["networks.cdn.params.x=2"]));
        assert_eq!(
            d,
            vec![InputDifference { what: "--set networks.cdn.params.x".into(), a: "-".into(), b: "2".into() }]
        );
        assert!(warnings(&summary(1, &[]), &summary(1, &["a=1"])).is_empty());
    }

    #[test]
    fn seeds_scenarios_and_networks_are_told_apart() {
        let d = differences(&summary(1, &["seed=1"]), &summary(7, &["seed=7"]));
        assert_eq!(d.iter().map(|d| d.what.as_str()).collect::<Vec<_>>(), vec!["seed"]);
        let mut other = summary(1, &[]);
        other.scenario = "t".into();
        other.networks.insert(
            "cdn".into(),
            serde_json::from_str(
                r#"{"protocol":"cdn","nodes":1,"events":1,"service_unit":null,"key_metrics":[],"metrics":{}}"#,
            )
            .unwrap(),
        );
        let w = warnings(&summary(1, &[]), &other);
        assert!(w[0].contains("different scenarios"), "{w:?}");
        assert!(w[1].contains("cdn (only in B)"), "{w:?}");
    }
}
