//! Writing a run's output folder: `summary.json`, `timeseries.csv`, `nodes.csv` (deterministic)
//! and `run.json` (wall time and host, kept apart).

use crate::headline;
use crate::scenario::LoadedScenario;
use depinsim_core::SimTime;
use depinsim_engine::NetworkOutput;
use depinsim_engine::Scenario;
use depinsim_engine::faults::timeline::{restoration, weights};
use depinsim_engine::model::{Outage, OutageKind, RecoveryStep, Shape};
use depinsim_reports::{
    FlappingSummary, MetricInfo, NetworkSummary, NodeRow, OutageSummary, Provenance, RunInfo, SeriesRow, Summary,
    write_json, write_nodes, write_timeseries,
};
use std::collections::BTreeMap;
use std::path::Path;

/// The declarations of every metric of a network's run: its series and its headline figures.
/// A name without a declaration is left out (a test requires there are none).
fn catalogue(out: &NetworkOutput, headline: &BTreeMap<String, Option<f64>>) -> BTreeMap<String, MetricInfo> {
    let names = out.series.names.iter().map(String::as_str).chain(headline.keys().map(String::as_str));
    names.filter_map(|name| Some((name.to_string(), metric_info(&headline::declaration(out, name)?)?))).collect()
}

/// A metric's declaration as the outputs carry it (the reports crate's mirror of the catalogue
/// type, which it reads back from summary.json and sweep folders).
pub fn metric_info(metric: &depinsim_core::catalogue::Metric) -> Option<MetricInfo> {
    serde_json::to_value(metric).and_then(serde_json::from_value).ok()
}

/// An outage's shape for the outputs, from the one [`Shape`] the loader built and the timeline
/// compiled: what the report's timeline and `summary.json` say of it.
fn outage_shape(o: &Outage, end: SimTime, outputs: &[NetworkOutput]) -> OutageSummary {
    let secs = |t: SimTime| t.as_secs_f64();
    let hit: Vec<(f64, f64)> = o.hit_intervals(end).iter().map(|(a, b)| (secs(*a), secs(b.unwrap_or(end)))).collect();
    let window: f64 = hit.iter().map(|(a, b)| b - a).sum();
    let (shape, flapping, recovery, hit_s) = match &o.shape {
        Shape::Window => ("window", None, vec![], window),
        Shape::Flapping { period, down } => (
            "flapping",
            Some(FlappingSummary { period_s: period.as_secs_f64(), down_s: down.as_secs_f64() }),
            vec![],
            window,
        ),
        Shape::Staged(steps) => {
            // Each slice of the targets is hit from the start until its step brings it back.
            let shares = step_shares(o, steps, outputs);
            let stop = secs(o.end.unwrap_or(end));
            let mut back = 0.0;
            let mut mean = 0.0;
            for (s, share) in steps.iter().zip(&shares) {
                mean += (share - back) * (secs(s.at) - secs(o.start));
                back = *share;
            }
            mean += (1.0 - back) * (stop - secs(o.start));
            ("staged", None, steps.iter().zip(&shares).map(|(s, share)| (secs(s.at), *share)).collect(), mean)
        }
    };
    OutageSummary {
        name: String::new(),
        target: String::new(),
        kind: String::new(),
        start_s: 0.0,
        end_s: None,
        shape: shape.into(),
        share: o.share,
        share_of: o.share_of.as_str().into(),
        loss: o.loss,
        loss_steps: o.loss_steps.iter().map(|(t, l)| (t.as_secs_f64(), *l)).collect(),
        flapping,
        recovery,
        hit,
        hit_s,
    }
}

/// The cumulative share of the outage's targets back after each step: the step's own share, or,
/// for a step that names a place, what that place's dependents add, counted over every network's
/// nodes depending on the target (the expected share when the outage hits only part of them),
/// by their number or, with `share_of = "traffic"`, by their traffic weights.
fn step_shares(o: &Outage, steps: &[RecoveryStep], outputs: &[NetworkOutput]) -> Vec<f64> {
    if steps.iter().all(|s| s.back.is_none()) {
        return steps.iter().map(|s| s.share).collect();
    }
    let (mut back, mut total) = (vec![0.0; steps.len()], 0.0);
    for out in outputs {
        let hit = out.layout.dependents(o.target);
        let depends = |k: usize, v| out.layout.closure(hit[k]).contains(&v);
        let weights = weights(o.share_of, &out.layout, &hit);
        let weight = |k: usize| weights.as_ref().map_or(1.0, |w| w[k]);
        let slices = restoration(hit.len(), weights.as_deref(), steps.iter().map(|s| (s.share, s.back)), depends);
        let mut sum = 0.0;
        for (k, take) in slices.iter().enumerate() {
            sum += take.iter().map(|&i| weight(i)).sum::<f64>();
            back[k] += sum;
        }
        total += (0..hit.len()).map(weight).sum::<f64>();
    }
    if total == 0.0 {
        return steps.iter().map(|s| s.share).collect();
    }
    back.iter().map(|b| *b / total).collect()
}

/// The deterministic summary of a run.
pub fn summary(loaded: &LoadedScenario, outputs: &[NetworkOutput]) -> Summary {
    let scenario: &Scenario = loaded;
    let networks = scenario
        .networks
        .iter()
        .zip(outputs)
        .enumerate()
        .map(|(i, (net, out))| {
            let metrics = headline::metrics(scenario, i, out);
            let summary = NetworkSummary {
                protocol: net.protocol.clone(),
                nodes: out.layout.table.len() as u64,
                events: out.events,
                service_unit: out.service.map(|(unit, _)| unit.to_string()),
                key_metrics: out.key_metrics.iter().map(|m| m.to_string()).collect(),
                catalogue: catalogue(out, &metrics),
                metrics,
            };
            (net.name.clone(), summary)
        })
        .collect();
    let outages = scenario
        .outages
        .iter()
        .map(|o| OutageSummary {
            name: o.name.clone(),
            target: scenario.vertices[o.target.index()].name.clone(),
            kind: match o.kind {
                OutageKind::Down => "down",
                OutageKind::Destroyed => "destroyed",
                OutageKind::Degraded => "degraded",
            }
            .into(),
            start_s: o.start.as_secs_f64(),
            end_s: o.end.map(|e| e.as_secs_f64()),
            ..outage_shape(o, scenario.end(), outputs)
        })
        .collect();
    Summary {
        scenario: scenario.name.clone(),
        description: scenario.description.clone(),
        sources: scenario.sources.clone(),
        seed: scenario.seed,
        start: scenario.start.clone(),
        duration_s: scenario.duration.as_secs_f64(),
        sample_every_s: scenario.sample_every.as_secs_f64(),
        nodes: scenario.node_count(),
        split_by: scenario.split_by.as_str().into(),
        events: outputs.iter().map(|o| o.events).sum(),
        outages,
        networks,
        provenance: provenance(loaded),
    }
}

/// What produced the run: the scenario file and its resolved content, the overrides as given,
/// the profiles' files and this build's version.
pub fn provenance(loaded: &LoadedScenario) -> Provenance {
    Provenance {
        scenario_path: loaded.source.path.display().to_string(),
        scenario_sha256: loaded.digest(),
        overrides: loaded.overrides.iter().map(|o| format!("{}={}", o.key, o.value)).collect(),
        profiles: loaded.profile_digests.clone(),
        outages: loaded.event_digests.clone(),
        version: env!("DEPINSIM_BUILD").to_string(),
    }
}

/// The run's data as the report reads it, built from memory rather than read back from the files
/// just written (for a million nodes, parsing nodes.csv again costs most of a second).
pub fn report_data(
    dir: &Path,
    scenario: &Scenario,
    outputs: &[NetworkOutput],
    summary: &Summary,
) -> depinsim_reports::Run {
    let mut series: BTreeMap<(String, String), Vec<(f64, f64)>> = BTreeMap::new();
    for (net, out) in scenario.networks.iter().zip(outputs) {
        for (t, metric, value) in &out.series.rows {
            let key = (net.name.clone(), out.series.names[*metric as usize].clone());
            series.entry(key).or_default().push((t.as_secs_f64(), *value));
        }
    }
    let operator_rewards = scenario
        .networks
        .iter()
        .zip(outputs)
        .map(|(net, out)| (net.name.clone(), headline::operator_rewards(out)))
        .collect();
    depinsim_reports::Run { dir: dir.to_path_buf(), summary: summary.clone(), series, operator_rewards }
}

/// Writes the run's files into `dir` (created if missing). Each file appears whole or not at all.
pub fn write(
    dir: &Path,
    scenario: &Scenario,
    outputs: &[NetworkOutput],
    summary: &Summary,
    info: &RunInfo,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let rows = scenario.networks.iter().zip(outputs).flat_map(|(net, out)| {
        out.series.rows.iter().map(move |(t, metric, value)| SeriesRow {
            time_s: t.as_secs_f64(),
            network: &net.name,
            metric: &out.series.names[*metric as usize],
            value: *value,
        })
    });
    write_timeseries(&dir.join("timeseries.csv"), rows)?;
    let duration = scenario.duration.as_millis() as f64;
    let nodes = scenario.networks.iter().zip(outputs).flat_map(|(net, out)| {
        let table = &out.layout.table;
        table.ids().map(move |id| {
            let info = table.info(id);
            let group = &table.groups[info.group as usize];
            NodeRow {
                id: id.0,
                network: &net.name,
                group: &group.name,
                role: &group.role,
                profile: &group.profile.name,
                site: info.site.map_or("home", |s| &scenario.vertices[s.index()].name),
                region: &scenario.vertices[info.region.index()].name,
                provider: &scenario.vertices[info.provider.index()].name,
                operator: info.operator.0,
                uptime: out.uptime_ms[id.index()] as f64 / duration,
                state: match (out.live.is_destroyed(id), out.live.is_up(id)) {
                    (true, _) => "destroyed",
                    (false, true) => "up",
                    (false, false) => "down",
                },
                rewards_usd: out.rewards_usd[id.index()],
                cost_usd: out.cost_usd[id.index()],
                token: out.token.unwrap_or(""),
                rewards_tokens: out.token.map(|_| out.rewards_tokens[id.index()]),
            }
        })
    });
    write_nodes(&dir.join("nodes.csv"), nodes)?;
    write_json(&dir.join("summary.json"), summary)?;
    write_json(&dir.join("run.json"), info)
}
