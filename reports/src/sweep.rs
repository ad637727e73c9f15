//! The charts and page of a sweep, from its `sweep-summary.csv` and `sweep.json`: every headline
//! metric that varies, against every swept parameter, as the mean across seeds with a band from
//! the 5th to the 95th percentile; one line per combination of the other parameters.

use crate::catalogue::Meaning;
use crate::chart::{Axis, BandPoint, BandedLine, Chart, Plot, colour};
use crate::data::MetricInfo;
use crate::html::{escape, figure, page, table};
use crate::report::HEADLINE_ORDER;
use crate::run::ReportError;
use crate::write::AtomicFile;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One point of `sweep-summary.csv`.
struct PointRow {
    /// The swept parameters' values.
    values: Vec<String>,
    runs: u64,
    failed: u64,
    /// `network.metric.stat -> value`.
    cells: BTreeMap<String, f64>,
}

/// `sweep-summary.csv` in memory: one row per point.
struct SummaryTable {
    params: Vec<String>,
    rows: Vec<PointRow>,
    /// Metric names (`network.metric`), in column order.
    metrics: Vec<String>,
}

fn read(out: &Path) -> Result<SummaryTable, ReportError> {
    let path = out.join("sweep-summary.csv");
    let mut reader = csv::Reader::from_path(&path).map_err(|e| ReportError::format(&path, e))?;
    let header: Vec<String> =
        reader.headers().map_err(|e| ReportError::format(&path, e))?.iter().map(str::to_string).collect();
    let runs_col =
        header.iter().position(|h| h == "runs").ok_or_else(|| ReportError::format(&path, "no `runs` column"))?;
    let params = header[1..runs_col].to_vec();
    let metrics: Vec<String> =
        header[runs_col + 2..].iter().filter_map(|h| h.strip_suffix(".mean").map(str::to_string)).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let r = record.map_err(|e| ReportError::format(&path, e))?;
        let values = (1..runs_col).map(|i| r[i].to_string()).collect();
        let cells = header
            .iter()
            .zip(r.iter())
            .skip(runs_col + 2)
            .filter_map(|(h, v)| Some((h.clone(), v.parse().ok()?)))
            .collect();
        rows.push(PointRow {
            values,
            runs: r[runs_col].parse().unwrap_or(0),
            failed: r[runs_col + 1].parse().unwrap_or(0),
            cells,
        });
    }
    Ok(SummaryTable { params, rows, metrics })
}

/// The metrics worth a chart: headline ones that vary across points.
fn charted(t: &SummaryTable) -> Vec<String> {
    let order = |m: &String| HEADLINE_ORDER.iter().position(|h| m.ends_with(&format!(".{h}"))).unwrap_or(usize::MAX);
    let mut out: Vec<String> = t
        .metrics
        .iter()
        .filter(|m| order(m) != usize::MAX)
        .filter(|m| {
            let means: Vec<f64> = t.rows.iter().filter_map(|r| r.cells.get(&format!("{m}.mean")).copied()).collect();
            means.iter().any(|v| (v - means[0]).abs() > 1e-12 * means[0].abs().max(1.0))
        })
        .cloned()
        .collect();
    out.sort_by_key(|m| (m.split('.').next().unwrap_or_default().to_string(), order(m)));
    out
}

/// The declarations of the headline figures, by metric name: the same for every network (the
/// simulator computes them alike), passed in by the simulator since a sweep keeps no run's
/// `summary.json`.
pub type Catalogue = BTreeMap<String, MetricInfo>;

fn charts(t: &SummaryTable, catalogue: &Catalogue) -> Vec<Chart> {
    let mut out = Vec::new();
    for (pi, param) in t.params.iter().enumerate() {
        let values: Vec<&String> = {
            let mut v: Vec<&String> = Vec::new();
            for r in &t.rows {
                if !v.contains(&&r.values[pi]) {
                    v.push(&r.values[pi]);
                }
            }
            v
        };
        let numeric = values.iter().all(|v| v.parse::<f64>().is_ok());
        let x_of = |v: &str| {
            if numeric { v.parse().unwrap_or(0.0) } else { values.iter().position(|x| *x == v).unwrap_or(0) as f64 }
        };
        for metric in charted(t) {
            let (_, name) = metric.split_once('.').unwrap_or(("", &metric));
            // One line per combination of the other parameters' values.
            let mut lines: BTreeMap<String, Vec<BandPoint>> = BTreeMap::new();
            for r in &t.rows {
                let key: Vec<String> = t
                    .params
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != pi)
                    .map(|(i, p)| format!("{}={}", p.rsplit('.').next().unwrap_or(p), r.values[i]))
                    .collect();
                let get = |s: &str| r.cells.get(&format!("{metric}.{s}")).copied();
                if let Some(mean) = get("mean") {
                    let (low, high) = (get("p5").unwrap_or(mean), get("p95").unwrap_or(mean));
                    lines.entry(key.join(", ")).or_default().push(BandPoint {
                        x: x_of(&r.values[pi]),
                        mean,
                        low,
                        high,
                    });
                }
            }
            let lines: Vec<_> = lines
                .into_iter()
                .enumerate()
                .map(|(i, (label, mut points))| {
                    points.sort_by(|a, b| a.x.total_cmp(&b.x));
                    BandedLine {
                        label: if label.is_empty() { "mean".to_string() } else { label },
                        colour: colour(i),
                        points,
                    }
                })
                .collect();
            let short = param.rsplit('.').next().unwrap_or(param);
            let meaning = Meaning { name, info: catalogue.get(name) };
            out.push(Chart {
                name: format!("sweep-{}-vs-{}", metric.replace('.', "-"), short),
                title: format!("{}: {} against {short}", metric.split('.').next().unwrap_or_default(), meaning.label()),
                caption: format!("Mean across seeds (line) and 5th to 95th percentile (band) of `{metric}` for each value of `{param}`."),
                plot: Plot::Sweep {
                    x_desc: param.clone(),
                    x_labels: (!numeric).then(|| values.iter().map(|v| v.to_string()).collect()),
                    y: Axis { unit: meaning.unit(), title: meaning.axis_title() },
                    lines,
                },
            });
        }
    }
    out
}

/// Writes the sweep's charts into `out/charts/` and `out/sweep.html`; metrics' meanings come from
/// `catalogue`.
pub fn render(out: &Path, catalogue: &Catalogue) -> Result<PathBuf, ReportError> {
    let t = read(out)?;
    let charts_dir = out.join("charts");
    std::fs::create_dir_all(&charts_dir).map_err(ReportError::io(&charts_dir))?;
    let manifest: serde_json::Value = std::fs::read_to_string(out.join("sweep.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let plan = &manifest["plan"];
    let mut head: Vec<String> = vec!["point".into()];
    head.extend(t.params.iter().map(|p| escape(p)));
    head.extend(["runs".into(), "failed".into()]);
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = vec![i.to_string()];
            row.extend(r.values.iter().map(|v| escape(v)));
            row.extend([r.runs.to_string(), r.failed.to_string()]);
            row
        })
        .collect();
    let mut body = format!(
        "<section id=\"points\"><h2>Points</h2>\n{}</section>\n<section id=\"charts\"><h2>Charts</h2>\n",
        table(&head, &rows)
    );
    let list = charts(&t, catalogue);
    if list.is_empty() {
        body.push_str("<p>No headline metric varies across the points.</p>");
    }
    for chart in &list {
        body.push_str(&figure(chart, &chart.render(&charts_dir)?));
    }
    body.push_str("</section>\n");
    let runs: u64 = t.rows.iter().map(|r| r.runs).sum();
    let failed: u64 = t.rows.iter().map(|r| r.failed).sum();
    let header = format!(
        "<h1>Sweep of {}</h1><p>{} points x {} seeds = {runs} runs ({failed} failed), base seed {}, {} mode. Data: sweep.csv (one row per run), sweep-summary.csv (one row per point).</p>",
        escape(plan["scenario"].as_str().unwrap_or("a scenario")),
        t.rows.len(),
        plan["seeds"].as_u64().unwrap_or(0),
        plan["base_seed"].as_u64().unwrap_or(0),
        escape(plan["mode"].as_str().unwrap_or("cartesian")),
    );
    let path = out.join("sweep.html");
    let mut file = AtomicFile::create(&path).map_err(ReportError::io(&path))?;
    file.write_all(page("depinsim sweep", &header, &body).as_bytes()).map_err(ReportError::io(&path))?;
    file.commit().map_err(ReportError::io(&path))?;
    Ok(path)
}
