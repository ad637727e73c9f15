//! Every metric a shipped study records, in its series or its headline, has a declaration in the
//! catalogue, and every output carries it: nothing is left for a report to guess from a name.

use crate::common::root;
use depinsim::headline;
use depinsim::output;
use depinsim::run::run;
use depinsim::scenario::overrides::Override;
use depinsim::scenario::{LoadOptions, load};

#[test]
fn every_metric_of_every_shipped_study_is_declared_and_reaches_the_summary() {
    let mut missing = Vec::new();
    let mut declared = 0;
    let mut files: Vec<_> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        // The Filecoin year takes minutes unoptimized; its first month records every metric.
        let overrides = match name.as_str() {
            "filecoin-network-year" => vec![Override { key: "duration".into(), value: "\"30d\"".into() }],
            _ => vec![],
        };
        let scenario = load(&path, &LoadOptions { overrides, ..Default::default() }).unwrap_or_else(|e| panic!("{e}"));
        let outputs = run(&scenario, None).unwrap_or_else(|e| panic!("{e}"));
        let summary = output::summary(&scenario, &outputs);
        for (net, out) in scenario.networks.iter().zip(&outputs) {
            let s = &summary.networks[&net.name];
            let names = out.series.names.iter().chain(s.metrics.keys());
            for metric in names {
                match headline::declaration(out, metric) {
                    None => missing.push(format!("{name}: {} ({}) `{metric}`", net.name, net.protocol)),
                    Some(_) => {
                        declared += 1;
                        assert!(s.catalogue.contains_key(metric), "{name}: `{metric}` not in summary.json's catalogue");
                    }
                }
            }
            let mut own: Vec<&str> = out.metrics.iter().map(|m| m.name).collect();
            own.sort();
            let before = own.len();
            own.dedup();
            assert_eq!(own.len(), before, "{}: a metric is declared twice", net.protocol);
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "{} metrics without a declaration ({declared} declared):\n{}",
        missing.len(),
        missing.join("\n")
    );
}
