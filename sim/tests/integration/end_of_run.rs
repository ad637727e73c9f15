//! Exact end-of-run accounting (issue 19): the run covers 0 to its duration, the final sample is
//! taken at exactly the duration after every event up to it, so the summary and the last sample
//! of every series agree, and nothing after the simulated time is counted.

use crate::common::root;
use depinsim::engine::NetworkOutput;
use depinsim::headline;
use depinsim::run::run;
use depinsim::scenario::overrides::Override;
use depinsim::scenario::{LoadOptions, LoadedScenario, load_str};
use depinsim_core::catalogue::Kind;
use depinsim_core::metrics::{COST_USD, REWARDS_USD};
use proptest::prelude::*;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A 30-minute run of the Iberian community is one trading interval: before, the interval that
/// opens at the end (00:30 UTC) was settled too and doubled every energy figure.
///
/// By hand, from the overrides and `protocols/powerledger`: the run is 00:00 to 00:30 UTC on
/// 28 April, local 02:00 to 02:30 (`utc_offset_h = 2`). The sun rises at 12.4 - 13.7 / 2 = 5.55 h
/// UTC, so no panel produces; with `battery_share = 0` no home stores anything, so nobody offers,
/// nothing clears and every household buys its whole load from the grid. With `load_spread = 0`
/// each of the 100 households uses 12 kWh a day, of which `LOAD_SHAPE[2]` = 2.3% falls in the
/// hour 02:00-03:00, flat within it: 12 x 0.023 x 0.5 = 0.138 kWh in the interval. Load and grid
/// import: 100 x 0.138 = 13.8 kWh (27.6 kWh when the interval opening at 00:30 was counted too:
/// 02:30-03:00 local is in the same hour of the load shape).
#[test]
fn a_thirty_minute_powerledger_run_settles_one_interval() {
    let mut overrides = vec![("duration", "30m"), ("sample_every", "10m")];
    let nets = ["p2p-microgrid", "home-backup", "grid-tied"];
    let keys: Vec<[String; 2]> = nets
        .iter()
        .map(|n| [format!("networks.{n}.params.battery_share"), format!("networks.{n}.params.load_spread")])
        .collect();
    for [battery, spread] in &keys {
        overrides.push((battery, "0.0"));
        overrides.push((spread, "0.0"));
    }
    let (scenario, outputs) = study_without_outages("powerledger-iberian-blackout", &overrides);
    assert_eq!(scenario.duration.as_millis(), 30 * 60 * 1000);
    let per_home = 12.0 * 0.023 * 0.5;
    for (net, out) in scenario.networks.iter().zip(&outputs) {
        let metrics = headline::metrics(&scenario, net.index, out);
        let import = metrics["grid_import_kwh"].unwrap();
        assert!((import - 100.0 * per_home).abs() < 1e-9, "{}: {import} kWh, not 13.8", net.name);
        assert!((metrics["load_kwh"].unwrap() - 13.8).abs() < 1e-9, "{}", net.name);
        // Nothing exported at night: no household earned anything.
        assert_eq!(metrics["rewards_total_usd"], Some(0.0), "{}", net.name);
        // The series says the same at its last sample, taken at 30 minutes.
        let series = out.series.metric("grid_import_kwh");
        assert_eq!(series.last().map(|s| s.0), Some(1800.0));
        assert_eq!(series.last().map(|s| s.1), Some(import));
        // Samples at 0, 10, 20 and 30 minutes.
        assert_eq!(series.iter().map(|s| s.0).collect::<Vec<_>>(), [0.0, 600.0, 1200.0, 1800.0]);
    }
}

/// The Arweave century sampled every 30 days: 30 does not divide 36,500 days, and the last
/// 20 days are sampled at the end of the run.
#[test]
fn a_step_that_does_not_divide_the_duration_still_samples_the_end() {
    let (scenario, outputs) =
        study_without_outages("arweave-endowment-stress", &[("duration", "1000d"), ("sample_every", "30d")]);
    let day = 86_400.0;
    for out in &outputs {
        let times: Vec<f64> = out.series.metric("availability").iter().map(|s| s.0 / day).collect();
        // 0, 30, ..., 990 and the end, 1000.
        assert_eq!(times.len(), 35, "{times:?}");
        assert_eq!(times[33], 990.0);
        assert_eq!(times[34], 1000.0);
    }
    assert_eq!(scenario.duration.as_millis() as f64 / 1000.0 / day, 1000.0);
}

/// Loads shipped scenario `name` with `overrides`, without the outages that do not fit wholly
/// inside the shortened run (a shortened run refuses them otherwise).
fn study_without_outages(name: &str, overrides: &[(&str, &str)]) -> (LoadedScenario, Vec<NetworkOutput>) {
    let scenario = shortened(name, overrides).unwrap_or_else(|e| panic!("{e}"));
    let outputs = run(&scenario, None).unwrap_or_else(|e| panic!("{e}"));
    (scenario, outputs)
}

/// The shipped scenario `name` with `overrides` applied, keeping only the outages all of whose
/// times fall before the end of the (shortened) run.
fn shortened(name: &str, overrides: &[(&str, &str)]) -> Result<LoadedScenario, String> {
    let path = root().join("scenarios").join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let mut doc: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let get = |k: &str| overrides.iter().find(|(key, _)| *key == k).map(|(_, v)| v.to_string());
    let duration: depinsim_core::SimDuration = get("duration")
        .or_else(|| doc.get("duration").and_then(|d| d.as_str()).map(str::to_string))
        .ok_or("no duration")?
        .parse()
        .map_err(|e| format!("{e:?}"))?;
    let parse = |s: &str| OffsetDateTime::parse(s, &Rfc3339).map_err(|e| e.to_string());
    let start = parse(doc["start"].as_str().ok_or("no start")?)?;
    let end = start + time::Duration::milliseconds(duration.as_millis() as i64);
    let inside = |v: Option<&toml::Value>| v.and_then(|v| v.as_str()).is_none_or(|s| parse(s).is_ok_and(|t| t < end));
    if let Some(toml::Value::Array(outages)) = doc.get_mut("outages") {
        outages.retain(|o| {
            let steps = o.get("recovery").and_then(|r| r.as_array()).cloned().unwrap_or_default();
            inside(o.get("start")) && inside(o.get("end")) && steps.iter().all(|s| inside(s.get("at")))
        });
    }
    let overrides: Vec<Override> =
        overrides.iter().map(|(k, v)| Override { key: k.to_string(), value: v.to_string() }).collect();
    let load = |doc: &toml::Table| {
        let options = LoadOptions { overrides: overrides.clone(), ..Default::default() };
        load_str(&path, &toml::to_string(doc).map_err(|e| e.to_string())?, &options).map_err(|e| e.to_string())
    };
    // An included event is cut at the end of the run; one that starts after it is refused, and
    // dropped here.
    match load(&doc) {
        Err(e) if e.contains("starts after the end of the run") => {
            doc.remove("events");
            load(&doc)
        }
        other => other,
    }
}

/// The cumulative metrics of `out` and the summary's figure each must equal: the protocol's own
/// under the same name, the common rewards and costs under their headline totals (summed per
/// node, in another order than the ledger's running totals: equal to rounding).
fn check_summary_matches_last_sample(
    scenario: &LoadedScenario,
    out: &NetworkOutput,
    index: usize,
) -> Result<(), String> {
    let name = &scenario.networks[index].name;
    let end_s = scenario.duration.as_millis() as f64 / 1000.0;
    let metrics = headline::metrics(scenario, index, out);
    let mut checked = 0;
    for metric in &out.series.names {
        let Some(decl) = headline::declaration(out, metric) else { continue };
        if decl.kind != Kind::Cumulative {
            continue;
        }
        let samples = out.series.metric(metric);
        let &(t, last) = samples.last().expect("a series has samples");
        if t != end_s {
            return Err(format!("{name}: last sample of `{metric}` at {t} s, the run ends at {end_s} s"));
        }
        let (key, tolerance) = match metric.as_str() {
            REWARDS_USD => ("rewards_total_usd", 1e-9),
            COST_USD => ("cost_total_usd", 1e-9),
            other => (other, 0.0),
        };
        let Some(summary) = metrics.get(key) else { continue };
        // A share of nothing (HNT to spoofers before any HNT is earned) has no value in the
        // summary; a series has no gaps, and records it as 0.
        let Some(summary) = *summary else {
            if last == 0.0 {
                continue;
            }
            return Err(format!("{name}: `{key}` has no value in the summary, {last} at the last sample"));
        };
        if (summary - last).abs() > tolerance * last.abs().max(1.0) {
            return Err(format!("{name}: summary `{key}` = {summary}, last sample of `{metric}` = {last} at {t} s"));
        }
        checked += 1;
    }
    // Every network records the common rewards and costs at least.
    if checked < 2 {
        return Err(format!("{name}: only {checked} cumulative metrics compared"));
    }
    Ok(())
}

/// One shipped scenario per protocol, the longest duration its property test draws, and the
/// period its work runs at (drawn durations are often whole multiples of it, so that work falls
/// exactly on the end).
const STUDIES: &[(&str, u64, u64)] = &[
    ("cloudflare-2025-11-18", 3 * H, 10 * S),    // cdn, content: 10 s ticks
    ("filecoin-ovh-fire", D, 30 * M),            // filecoin: 30-minute deadlines
    ("helium-iberian-blackout-2025", D, 15 * M), // helium
    ("akash-aws-us-east-1-2025", 2 * D, H),      // akash
    ("gpu-market-vs-aws", 3 * D, H),             // akash, render
    ("aleph-crn-failover", 5 * D, H),            // aleph
    ("arweave-endowment-stress", 10 * Y, D),     // arweave
    ("hivemapper-city-freshness", 35 * D, D),    // hivemapper: daily drives, weekly pays
    ("powerledger-iberian-blackout", D, 30 * M), // powerledger: 30-minute intervals
];
const S: u64 = 1000;
const M: u64 = 60 * S;
const H: u64 = 60 * M;
const D: u64 = 24 * H;
const Y: u64 = 365 * D;

/// The protocols the table above covers (the template's own is tested in its crate).
#[test]
fn the_property_covers_every_builtin_protocol() {
    let mut covered: Vec<String> = Vec::new();
    for (name, _, _) in STUDIES {
        let scenario = shortened(name, &[]).unwrap();
        covered.extend(scenario.networks.iter().map(|n| n.protocol.clone()));
    }
    for entry in depinsim::Registry::builtin().entries() {
        assert!(covered.iter().any(|p| p == entry.name), "no study for `{}`", entry.name);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2, ..ProptestConfig::default() })]

    /// For every protocol and every cumulative metric, the summary equals the last sample, and
    /// the last sample is at exactly the end, on random durations and sample steps (some that
    /// divide the duration, most not; durations often on the protocol's own period).
    #[test]
    fn the_summary_equals_the_last_sample(
        picks in proptest::collection::vec((1u64..=1000, 1u64..=40, 0u64..3, 0u64..1000), STUDIES.len()),
    ) {
        for (&(name, max, period), (a, k, shape, b)) in STUDIES.iter().zip(picks) {
            // A step of `a` thousandths of the longest run over `k` samples (a minute at
            // least), and a duration of `k` steps (the step divides it), or rounded down to whole
            // periods of the protocol's work (which then falls on the end), or any milliseconds.
            let step = (max / k * a / 1000).max(M);
            let duration = match shape {
                0 => step * k,
                1 => ((step * k + b * step / 1000) / period * period).max(period),
                _ => step * k + b * step / 1000,
            }
            .min(max);
            let step = step.min(duration);
            let (d, s) = (format!("{duration}ms"), format!("{step}ms"));
            let scenario = shortened(name, &[("duration", &d), ("sample_every", &s)]).map_err(TestCaseError::fail)?;
            let outputs = run(&scenario, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for (i, out) in outputs.iter().enumerate() {
                check_summary_matches_last_sample(&scenario, out, i)
                    .map_err(|e| TestCaseError::fail(format!("{name}, duration {d}, sample_every {s}: {e}")))?;
            }
        }
    }
}
