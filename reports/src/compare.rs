//! Two runs side by side: their headline metrics with absolute and relative differences, their
//! time series overlaid (first run solid, second dashed), as `compare.html` and `compare.csv`.
//! Typical uses: two rule versions, two seeds, a centralized against a decentralized network.

use crate::catalogue::Meaning;
use crate::chart::{Axis, Chart, Line, Plot, colour};
use crate::format::{Unit, timestamp};
use crate::html::{escape, figure, page, swatch, table};
use crate::provenance::{self, InputDifference};
use crate::report::{axis_of, bands, definitions, metric_cell, metric_names};
use crate::run::{ReportError, Run};
use crate::write::AtomicFile;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Networks compared: those of the same name in both runs (a network in one run only is named
/// in the warnings, never paired with another by position).
pub fn pairs(a: &Run, b: &Run) -> Vec<(String, String)> {
    a.summary.networks.keys().filter(|n| b.summary.networks.contains_key(*n)).map(|n| (n.clone(), n.clone())).collect()
}

/// A comparison written: its page, and the same tables as lines for the terminal.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// `compare.html`.
    pub page: PathBuf,
    /// What differs between the inputs, the warnings, and the headline table.
    pub terminal: Vec<String>,
}

/// The terminal's version of the page: inputs that differ, warnings, then the headline table.
fn terminal(a: &Run, b: &Run, inputs: &[InputDifference], warnings: &[String], diffs: &[Difference]) -> Vec<String> {
    let mut out = vec![format!("A: {}", a.dir.display()), format!("B: {}", b.dir.display())];
    if inputs.is_empty() {
        out.push("Inputs: identical (same scenario, overrides, seed, profiles and version).".into());
    } else {
        out.push("Inputs that differ:".into());
        let w = inputs.iter().map(|d| d.what.len()).max().unwrap_or(0);
        out.extend(inputs.iter().map(|d| format!("  {:w$}  A: {}  B: {}", d.what, d.a, d.b)));
    }
    out.extend(warnings.iter().map(|w| format!("warning: {w}")));
    out.push(String::new());
    let rows: Vec<[String; 6]> = diffs
        .iter()
        .map(|d| {
            let m = a.summary.meaning(&d.network_a, &d.metric);
            let diff = d.diff.map_or("-".into(), |x| signed(m, x));
            let rel = d.rel_diff.map_or("-".into(), |r| format!("{:+.1}%", r * 100.0));
            [d.network_a.clone(), m.title(), m.show(d.a), m.show(d.b), diff, rel]
        })
        .collect();
    let head = ["network", "metric", "A", "B", "B - A", "relative"].map(String::from);
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).chain([head[i].len()]).max().unwrap_or(0);
    let widths: Vec<usize> = (0..6).map(width).collect();
    for r in std::iter::once(&head).chain(&rows) {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| if i < 2 { format!("{c:<w$}", w = widths[i]) } else { format!("{c:>w$}", w = widths[i]) })
            .collect();
        out.push(cells.join("  ").trim_end().to_string());
    }
    out
}

/// A difference in a metric's own unit, with its sign (percentage points for shares).
fn signed(meaning: Meaning<'_>, diff: f64) -> String {
    match meaning.unit() {
        Unit::Share => format!("{:+.2} pp", diff * 100.0),
        _ if diff > 0.0 => format!("+{}", meaning.show(Some(diff))),
        _ => meaning.show(Some(diff)),
    }
}

/// One row of the comparison: a metric of a network pair in both runs.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Difference {
    /// Network in the first run.
    pub network_a: String,
    /// Network in the second run.
    pub network_b: String,
    /// Metric.
    pub metric: String,
    /// Value in the first run.
    pub a: Option<f64>,
    /// Value in the second run.
    pub b: Option<f64>,
    /// b - a.
    pub diff: Option<f64>,
    /// (b - a) / |a|, when a is not zero.
    pub rel_diff: Option<f64>,
}

/// The differences between the headline metrics of `a` and `b`.
pub fn differences(a: &Run, b: &Run) -> Vec<Difference> {
    let mut out = Vec::new();
    for (na, nb) in pairs(a, b) {
        let (ma, mb) = (&a.summary.networks[&na].metrics, &b.summary.networks[&nb].metrics);
        let mut names = metric_names(&a.summary);
        let only_in_b: Vec<String> = metric_names(&b.summary).into_iter().filter(|m| !names.contains(m)).collect();
        names.extend(only_in_b);
        for metric in names {
            let (va, vb) = (ma.get(&metric).copied().flatten(), mb.get(&metric).copied().flatten());
            if ma.get(&metric).is_none() && mb.get(&metric).is_none() {
                continue;
            }
            let diff = va.zip(vb).map(|(x, y)| y - x);
            let rel_diff = va.zip(diff).and_then(|(x, d)| (x != 0.0).then(|| d / x.abs()));
            out.push(Difference { network_a: na.clone(), network_b: nb.clone(), metric, a: va, b: vb, diff, rel_diff });
        }
    }
    out
}

fn cell_for(d: &Difference, meaning: Meaning<'_>) -> (String, String) {
    let unit = meaning.unit();
    let Some(diff) = d.diff else {
        return ("<td>-</td>".into(), "<td>-</td>".into());
    };
    let class = match meaning.higher_is_better() {
        _ if diff == 0.0 => "",
        Some(true) if diff > 0.0 => "better",
        Some(false) if diff < 0.0 => "better",
        Some(_) => "worse",
        None => "",
    };
    let _ = unit;
    let abs = signed(meaning, diff);
    let rel = d.rel_diff.map_or("-".into(), |r| format!("{:+.1}%", r * 100.0));
    (format!("<td class=\"{class}\">{}</td>", escape(&abs)), format!("<td class=\"{class}\">{}</td>", escape(&rel)))
}

fn overlay(a: &Run, b: &Run, pairs: &[(String, String)], metric: &str, per_node: bool) -> Vec<Line> {
    let mut lines = Vec::new();
    for (i, (na, nb)) in pairs.iter().enumerate() {
        for (run, n, dashed, tag) in [(a, na, false, "A"), (b, nb, true, "B")] {
            let total = if per_node { run.summary.networks[n].nodes.max(1) as f64 } else { 1.0 };
            let points = run.points(n, metric).iter().map(|(t, v)| (*t, v / total)).collect();
            lines.push(Line { label: format!("{tag}: {n}"), colour: colour(i), dashed, points });
        }
    }
    lines
}

/// Writes `out/compare.html`, `out/compare.csv` and the charts in `out/charts/` for the runs in
/// `dir_a` and `dir_b`.
pub fn compare(dir_a: &Path, dir_b: &Path, out: &Path) -> Result<Comparison, ReportError> {
    let (a, b) = (Run::load(dir_a)?, Run::load(dir_b)?);
    let inputs = provenance::differences(&a.summary, &b.summary);
    let warnings = provenance::warnings(&a.summary, &b.summary);
    let charts_dir = out.join("charts");
    std::fs::create_dir_all(&charts_dir).map_err(ReportError::io(&charts_dir))?;
    let pairs = pairs(&a, &b);
    let diffs = differences(&a, &b);
    let csv_path = out.join("compare.csv");
    let mut file = AtomicFile::create(&csv_path).map_err(ReportError::io(&csv_path))?;
    {
        let mut w = csv::Writer::from_writer(&mut file);
        for d in &diffs {
            w.serialize(d).map_err(|e| ReportError::format(&csv_path, e))?;
        }
        w.flush().map_err(ReportError::io(&csv_path))?;
    }
    file.commit().map_err(ReportError::io(&csv_path))?;

    let span = a.summary.duration_s.max(b.summary.duration_s);
    let time = |y, lines| Plot::Time { start: a.summary.start.clone(), span, y, lines, bands: bands(&a.summary) };
    let share = |title: &str| Axis { unit: Unit::Share, title: title.into() };
    let mut charts = vec![
        Chart {
            name: "compare-availability".into(),
            title: "Availability: A solid, B dashed".into(),
            caption: format!(
                "Availability in each run ({}); each network pair has one colour. Shaded: the first run's outages.",
                definitions(&a.summary, "availability")
            ),
            plot: time(axis_of(&a.summary, "availability"), overlay(&a, &b, &pairs, "availability", false)),
        },
        Chart {
            name: "compare-nodes-up".into(),
            title: "Nodes up (share): A solid, B dashed".into(),
            caption: "Share of each network's nodes up at each sample in each run.".into(),
            plot: time(
                share("nodes reachable, share of the network's nodes (%)"),
                overlay(&a, &b, &pairs, "nodes_up", true),
            ),
        },
        Chart {
            name: "compare-costs".into(),
            title: "Cumulative costs: A solid, B dashed".into(),
            caption: "What operators spent in each run, USD.".into(),
            plot: time(
                Axis { unit: Unit::Usd, title: "cumulative operators' costs (USD)".into() },
                overlay(&a, &b, &pairs, "cost_usd", false),
            ),
        },
    ];
    let shared_keys: Vec<String> = pairs
        .iter()
        .flat_map(|(na, _)| a.summary.networks[na].key_metrics.clone())
        .filter(|m| pairs.iter().any(|(na, nb)| !a.points(na, m).is_empty() && !b.points(nb, m).is_empty()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for m in shared_keys {
        charts.push(Chart {
            name: format!("compare-{m}"),
            title: format!("{}: A solid, B dashed", a.summary.meaning_anywhere(&m).label()),
            caption: format!("`{m}` in each run."),
            plot: time(axis_of(&a.summary, &m), overlay(&a, &b, &pairs, &m, false)),
        });
    }

    let head: Vec<String> = ["network", "metric", "A", "B", "B - A", "relative"].map(String::from).to_vec();
    let rows: Vec<Vec<String>> = diffs
        .iter()
        .map(|d| {
            let meaning = a.summary.meaning(&d.network_a, &d.metric);
            let (abs, rel) = cell_for(d, meaning);
            let network = if d.network_a == d.network_b {
                d.network_a.clone()
            } else {
                format!("{} / {}", d.network_a, d.network_b)
            };
            vec![
                escape(&network),
                metric_cell(meaning),
                escape(&meaning.show(d.a)),
                escape(&meaning.show(d.b)),
                abs,
                rel,
            ]
        })
        .collect();
    let describe = |tag: &str, run: &Run| {
        format!(
            "<p><strong>{tag}</strong>: {} (seed {}, from {}, {}) in <code>{}</code></p>",
            escape(&run.summary.scenario),
            run.summary.seed,
            timestamp(&run.summary.start, 0.0),
            escape(&crate::format::duration(run.summary.duration_s)),
            escape(&run.dir.display().to_string())
        )
    };
    let mut body = format!("<section id=\"metrics\"><h2>Headline metrics</h2>\n{}</section>\n", table(&head, &rows));
    body.push_str("<section id=\"charts\"><h2>Charts</h2><p>");
    for (i, (na, nb)) in pairs.iter().enumerate() {
        body.push_str(&format!(
            "{}{} &nbsp; ",
            swatch(colour(i)),
            escape(&if na == nb { na.clone() } else { format!("{na} / {nb}") })
        ));
    }
    body.push_str("</p>\n");
    for chart in &charts {
        body.push_str(&figure(chart, &chart.render(&charts_dir)?));
    }
    body.push_str("</section>\n");
    let mut header = format!("<h1>Comparison</h1>{}{}", describe("A", &a), describe("B", &b));
    header.push_str(&inputs_html(&inputs, &warnings));
    let path = out.join("compare.html");
    let mut file = AtomicFile::create(&path).map_err(ReportError::io(&path))?;
    let title = format!("{} vs {} - depinsim comparison", a.summary.scenario, b.summary.scenario);
    file.write_all(page(&title, &header, &body).as_bytes()).map_err(ReportError::io(&path))?;
    file.commit().map_err(ReportError::io(&path))?;
    Ok(Comparison { terminal: terminal(&a, &b, &inputs, &warnings, &diffs), page: path })
}

/// What differs between the inputs, and the warnings, as the page shows them above the figures.
fn inputs_html(inputs: &[InputDifference], warnings: &[String]) -> String {
    let mut html = String::from("<section id=\"inputs\"><h2>What differs between A and B</h2>");
    if inputs.is_empty() {
        html.push_str("<p>Nothing: same scenario, overrides, seed, profiles and version.</p>");
    } else {
        let head = ["input", "A", "B"].map(String::from).to_vec();
        let rows: Vec<Vec<String>> = inputs.iter().map(|d| vec![escape(&d.what), escape(&d.a), escape(&d.b)]).collect();
        html.push_str(&table(&head, &rows));
    }
    for w in warnings {
        html.push_str(&format!("<p class=\"warning\"><strong>Warning:</strong> {}</p>", escape(w)));
    }
    html.push_str("</section>\n");
    html
}
