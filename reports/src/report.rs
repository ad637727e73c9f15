//! The report of one run: its charts and `report.html`, rebuilt from the run's output folder.

use crate::catalogue::Meaning;
use crate::chart::{Axis, Band, Bar, Chart, Line, Plot, colour};
use crate::data::Summary;
use crate::format::{Unit, duration, timestamp};
use crate::html::{escape, figure, page, swatch, table, text_table};
use crate::run::{ReportError, Run};
use crate::write::AtomicFile;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Headline metrics shown first, in this order; others follow alphabetically.
pub const HEADLINE_ORDER: [&str; 12] = [
    "availability_mean",
    "availability_min",
    "time_to_recover_s",
    "downtime_s",
    "data_lost_bytes",
    "rewards_total_usd",
    "cost_total_usd",
    "profit_total_usd",
    "cost_per_unit_usd",
    "gini_rewards",
    "nakamoto_providers",
    "uptime_mean",
];

/// The metrics of `summary`'s networks, headline ones first.
pub fn metric_names(summary: &Summary) -> Vec<String> {
    let mut all: Vec<String> = summary.networks.values().flat_map(|n| n.metrics.keys().cloned()).collect();
    all.sort();
    all.dedup();
    let mut ordered: Vec<String> = HEADLINE_ORDER.iter().map(|s| s.to_string()).filter(|m| all.contains(m)).collect();
    ordered.extend(all.into_iter().filter(|m| !HEADLINE_ORDER.contains(&m.as_str())));
    ordered
}

/// The outages of a run as shaded bands, labelled with their number and name.
pub fn bands(summary: &Summary) -> Vec<Band> {
    summary
        .outages
        .iter()
        .enumerate()
        .flat_map(|(i, o)| {
            let mut name: String = o.name.chars().take(34).collect();
            if o.name.chars().count() > 34 {
                name.push('…');
            }
            // Each interval its targets were hit (every flap), labelled once.
            let whole = [(o.start_s, o.end_s.unwrap_or(summary.duration_s))];
            let hit = if o.hit.is_empty() || o.kind == "destroyed" { whole.to_vec() } else { o.hit.clone() };
            hit.into_iter().enumerate().map(move |(k, (from, to))| Band {
                from,
                to,
                label: (k == 0).then(|| (i + 1, name.clone())),
                instant: o.kind == "destroyed",
            })
        })
        .collect()
}

/// The axis of `metric` across the networks that record it: its catalogue label and unit when
/// they agree, each network's label otherwise ("share of requests served; share of load served").
pub fn axis_of(summary: &Summary, metric: &str) -> Axis {
    let mut titles: Vec<String> = Vec::new();
    for n in summary.networks.keys() {
        if summary.networks[n].catalogue.contains_key(metric) {
            let t = summary.meaning(n, metric).axis_title();
            if !titles.contains(&t) {
                titles.push(t);
            }
        }
    }
    let meaning = summary.meaning_anywhere(metric);
    let title = match titles.len() {
        0 => meaning.axis_title(),
        1 => titles.remove(0),
        _ => {
            let labels: Vec<String> = summary
                .networks
                .keys()
                .filter(|n| summary.networks[*n].catalogue.contains_key(metric))
                .map(|n| summary.meaning(n, metric).label())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let symbol = meaning.axis_symbol();
            format!("{}{}", labels.join("; "), if symbol.is_empty() { String::new() } else { format!(" ({symbol})") })
        }
    };
    fitted(Axis { unit: meaning.unit(), title }, metric)
}

/// Longest axis title that fits beside a chart's plot, characters.
const AXIS_CHARS: usize = 64;

/// `axis`, its title shortened to the metric's name and unit when the catalogue's label is too
/// long to fit beside the plot (the chart's caption then gives the whole definition).
pub fn fitted(axis: Axis, metric: &str) -> Axis {
    if axis.title.chars().count() <= AXIS_CHARS {
        return axis;
    }
    let unit = axis.title.rsplit_once(" (").map_or("", |(_, u)| u.trim_end_matches(')')).to_string();
    Axis { title: format!("{} ({unit})", metric.replace('_', " ")), ..axis }
}

/// The caption sentence that gives an axis's whole definition when its title was shortened.
pub fn defined(axis: &Axis, full: &str) -> String {
    if axis.title == full { String::new() } else { format!(" Axis: {full}.") }
}

/// What `metric` is in each network that records it, for a caption: "cdn: share of requests
/// served (%); content: ...", or the one definition when they agree.
pub fn definitions(summary: &Summary, metric: &str) -> String {
    let mut by: Vec<(String, String)> = Vec::new();
    for n in summary.networks.keys().filter(|n| summary.networks[*n].catalogue.contains_key(metric)) {
        by.push((n.clone(), summary.meaning(n, metric).axis_title()));
    }
    let mut distinct: Vec<&String> = by.iter().map(|b| &b.1).collect();
    distinct.sort();
    distinct.dedup();
    if distinct.len() <= 1 {
        return distinct.first().map_or_else(|| metric.to_string(), |d| d.to_string());
    }
    by.iter().map(|(n, d)| format!("{n}: {d}")).collect::<Vec<_>>().join("; ")
}

fn time_plot(summary: &Summary, y: Axis, lines: Vec<Line>, with_bands: bool) -> Plot {
    Plot::Time {
        start: summary.start.clone(),
        span: summary.duration_s,
        y,
        lines,
        bands: if with_bands { bands(summary) } else { Vec::new() },
    }
}

/// The charts of a run: the overview ones, then per network.
pub fn charts(run: &Run) -> (Vec<Chart>, Vec<(String, Vec<Chart>)>) {
    let s = &run.summary;
    let nets: Vec<(usize, &String)> = s.networks.keys().enumerate().collect();
    let line = |i: usize, label: String, dashed: bool, points: Vec<(f64, f64)>| Line {
        label,
        colour: colour(i),
        dashed,
        points,
    };
    let share_axis = |title: &str| Axis { unit: Unit::Share, title: format!("{title} (%)") };
    let availability = axis_of(s, "availability");
    let definition = definitions(s, "availability");
    let mut overview = vec![Chart {
        name: "availability".into(),
        title: "Availability of each network, as it defines it".into(),
        caption: format!(
            "Each point is each network's availability at that sample: {definition}. Shaded: the injected outages, each interval they hit, numbered as in the timeline."
        ),
        plot: time_plot(
            s,
            availability,
            nets.iter().map(|(i, n)| line(*i, (*n).clone(), false, run.points(n, "availability").to_vec())).collect(),
            true,
        ),
    }];
    overview.push(Chart {
        name: "nodes-up".into(),
        title: "Nodes up, as a share of each network's nodes".into(),
        caption: "Nodes reachable at each sample: outages reach nodes through the regions, providers, sites and services they depend on; independent hardware and home failures come and go.".into(),
        plot: time_plot(
            s,
            share_axis("nodes reachable, share of the network's nodes"),
            nets.iter()
                .map(|(i, n)| {
                    let total = s.networks[*n].nodes.max(1) as f64;
                    line(*i, (*n).clone(), false, run.points(n, "nodes_up").iter().map(|(t, v)| (*t, v / total)).collect())
                })
                .collect(),
            true,
        ),
    });
    let mut money = Vec::new();
    for (i, n) in &nets {
        money.push(line(*i, format!("{n} rewards"), false, run.points(n, "rewards_usd").to_vec()));
        money.push(line(*i, format!("{n} costs"), true, run.points(n, "cost_usd").to_vec()));
    }
    overview.push(Chart {
        name: "rewards-costs".into(),
        title: "Cumulative rewards (solid) and costs (dashed)".into(),
        caption: "Rewards paid to operators by the protocol, and what operators spent on hardware depreciation, hosting, power while up, and fees, in USD.".into(),
        plot: time_plot(s, Axis { unit: Unit::Usd, title: "cumulative rewards and costs (USD)".into() }, money, false),
    });
    let curves: Vec<_> = nets
        .iter()
        .filter_map(|(i, n)| {
            let rewards = run.operator_rewards.get(*n)?;
            let gini = s.networks[*n].metrics.get("gini_rewards").copied().flatten()?;
            Some((format!("{n} (Gini {gini:.2})"), colour(*i), rewards.clone()))
        })
        .collect();
    if !curves.is_empty() {
        overview.push(Chart {
            name: "lorenz".into(),
            title: "Who earns: rewards across operators".into(),
            caption: "Lorenz curve of rewards per operator: the further below the diagonal, the more unequal. The Gini coefficient is twice the area between the curve and the diagonal.".into(),
            plot: Plot::Lorenz(curves),
        });
    }
    let bars: Vec<Bar> = nets
        .iter()
        .filter_map(|(i, n)| {
            let net = &s.networks[*n];
            let cost = net.metrics.get("cost_per_unit_usd").copied().flatten()?;
            let shown = s.meaning(n, "cost_per_unit_usd").show(Some(cost));
            Some(Bar { label: format!("{n} ({})", net.protocol), value: cost, shown, colour: colour(*i) })
        })
        .collect();
    if !bars.is_empty() {
        // Each network's cost is per its own unit of service; one axis title says so when they differ.
        let x = axis_of(s, "cost_per_unit_usd");
        let units: std::collections::BTreeSet<&str> =
            s.networks.values().filter_map(|n| n.service_unit.as_deref()).collect();
        let title = match units.iter().next() {
            Some(unit) if units.len() == 1 => format!("Cost per {unit} served"),
            _ => "Cost per unit of service (each network's own unit)".into(),
        };
        let x = if units.len() > 1 {
            Axis { title: "USD per unit of service (each bar's unit beside it)".into(), ..x }
        } else {
            x
        };
        overview.push(Chart {
            name: "cost-per-unit".into(),
            title,
            caption: "What operators spent (hardware, hosting, power, fees) divided by the service actually delivered, outages included: centralized and decentralized networks side by side.".into(),
            plot: Plot::Bars { x, bars },
        });
    }
    overview.extend(shared_key_charts(run, &nets));
    let mut per_network = Vec::new();
    for (i, n) in &nets {
        let mut list = Vec::new();
        let split: Vec<&str> = run.metrics_with_prefix(n, "nodes_up/").collect();
        if split.len() > 1 {
            // Each group as a share of its size at the start, so that a 50-node site and
            // 1,500 homes read on one scale; the ten largest get their own colours, the rest
            // are summed.
            let mut groups: Vec<(&str, f64)> =
                split.iter().map(|m| (*m, run.points(n, m).first().map_or(0.0, |p| p.1))).collect();
            groups.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            let shown = if groups.len() <= 10 { groups.len() } else { 9 };
            let share = |points: &[(f64, f64)]| {
                let size = points.first().map_or(1.0, |p| p.1.max(1.0));
                points.iter().map(|(t, v)| (*t, v / size)).collect::<Vec<_>>()
            };
            let mut lines: Vec<Line> = groups[..shown]
                .iter()
                .enumerate()
                .map(|(j, (m, _))| Line {
                    label: m.rsplit('/').next().unwrap_or(m).to_string(),
                    colour: colour(j),
                    dashed: false,
                    points: share(run.points(n, m)),
                })
                .collect();
            if shown < groups.len() {
                let mut other: Vec<(f64, f64)> = run.points(n, groups[shown].0).to_vec();
                for (m, _) in &groups[shown + 1..] {
                    for (o, p) in other.iter_mut().zip(run.points(n, m)) {
                        o.1 += p.1;
                    }
                }
                lines.push(Line {
                    label: format!("{} others", groups.len() - shown),
                    colour: colour(9),
                    dashed: false,
                    points: share(&other),
                });
            }
            let by = &s.split_by;
            list.push(Chart {
                name: format!("{n}-nodes-up-by-{by}"),
                title: format!("{n}: nodes up by {by}"),
                caption: format!("Share of each {by}'s nodes of {n} up at each sample: which part of the world went dark, and when it came back."),
                plot: time_plot(s, share_axis(&format!("nodes reachable, share of the {by}'s nodes")), lines, true),
            });
        }
        for metric in &s.networks[*n].key_metrics {
            let points = run.points(n, metric);
            if points.is_empty() {
                continue;
            }
            let meaning = s.meaning(n, metric);
            let y = fitted(Axis { unit: meaning.unit(), title: meaning.axis_title() }, metric);
            let full = meaning.axis_title();
            let mut title = format!("{n}: {}", meaning.label());
            if title.chars().count() > 80 {
                title = format!("{n}: {}", metric.replace('_', " "));
            }
            list.push(Chart {
                name: format!("{n}-{metric}"),
                title,
                caption: format!(
                    "`{metric}` of {n}, as recorded at each sample by the {} protocol.{}",
                    s.networks[*n].protocol,
                    defined(&y, &full)
                ),
                plot: time_plot(s, y, vec![line(*i, (*n).clone(), false, points.to_vec())], true),
            });
        }
        per_network.push(((*n).clone(), list));
    }
    (overview, per_network)
}

fn facts(items: &[(&str, String)]) -> String {
    let mut out = String::from("<dl class=\"facts\">");
    for (k, v) in items {
        out.push_str(&format!("<div><dt>{}</dt><dd>{}</dd></div>", escape(k), escape(v)));
    }
    out.push_str("</dl>");
    out
}

fn headline_table(s: &Summary) -> String {
    let nets: Vec<&String> = s.networks.keys().collect();
    let mut head = vec!["metric".to_string()];
    head.extend(nets.iter().enumerate().map(|(i, n)| format!("{}{}", swatch(colour(i)), escape(n))));
    let rows: Vec<Vec<String>> = metric_names(s)
        .iter()
        .map(|m| {
            let mut row = vec![metric_cell(s.meaning_anywhere(m))];
            row.extend(
                nets.iter().map(|n| escape(&s.meaning(n, m).show(s.networks[*n].metrics.get(m).copied().flatten()))),
            );
            row
        })
        .collect();
    table(&head, &rows)
}

/// A metric's label and unit, with its key (as in summary.json) as a tooltip.
pub fn metric_cell(meaning: Meaning<'_>) -> String {
    format!("<td title=\"{}\">{}</td>", escape(meaning.name), escape(&meaning.title()))
}

/// What produced the run, so that a reader can tell it from another and reproduce it.
fn provenance_facts(s: &Summary) -> String {
    let p = &s.provenance;
    let overrides = if p.overrides.is_empty() { "none".into() } else { p.overrides.join(" ") };
    let profiles: Vec<String> =
        p.profiles.iter().map(|(n, h)| format!("{n} {}", h.chars().take(12).collect::<String>())).collect();
    facts(&[
        ("scenario file", p.scenario_path.clone()),
        ("--set", overrides),
        ("resolved scenario SHA-256", p.scenario_sha256.clone()),
        ("profiles", profiles.join(", ")),
        ("depinsim", p.version.clone()),
    ])
}

fn outage_table(s: &Summary) -> String {
    if s.outages.is_empty() {
        return "<p>No outages were injected.</p>".into();
    }
    let head = ["#", "outage", "target", "kind", "shape", "start", "end", "span", "targets hit for"].map(String::from);
    let rows: Vec<Vec<String>> = s
        .outages
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let end = o.end_s.unwrap_or(s.duration_s);
            vec![
                (i + 1).to_string(),
                escape(&o.name),
                escape(&o.target),
                escape(&o.kind),
                escape(&crate::outage::describe(o, &s.start)),
                timestamp(&s.start, o.start_s),
                if o.end_s.is_some() { timestamp(&s.start, end) } else { "end of run".into() },
                duration(end - o.start_s),
                // An older summary has no hit intervals: its span is all it knows.
                duration(if o.hit.is_empty() { end - o.start_s } else { o.hit_s }),
            ]
        })
        .collect();
    text_table(&head, &rows)
}

/// One chart per key metric that several networks record, a line per network: a scenario that
/// runs the same protocol under several rule sets or trends (HIP-17 on and off, storage costs
/// falling or rising) is read from one chart, not from one per network.
fn shared_key_charts(run: &Run, nets: &[(usize, &String)]) -> Vec<Chart> {
    let s = &run.summary;
    let mut metrics: Vec<&str> = Vec::new();
    for (_, n) in nets {
        for m in &s.networks[*n].key_metrics {
            if !metrics.contains(&m.as_str()) {
                metrics.push(m);
            }
        }
    }
    metrics
        .into_iter()
        .filter_map(|metric| {
            let lines: Vec<Line> = nets
                .iter()
                .filter(|(_, n)| !run.points(n, metric).is_empty())
                .map(|(i, n)| Line {
                    label: (*n).clone(),
                    colour: colour(*i),
                    dashed: false,
                    points: run.points(n, metric).to_vec(),
                })
                .collect();
            (lines.len() > 1).then(|| Chart {
                name: format!("networks-{metric}"),
                title: format!("{} by network", metric.replace('_', " ")),
                caption: format!(
                    "`{metric}` of every network that records it, on one scale: {}.",
                    definitions(s, metric)
                ),
                plot: time_plot(s, axis_of(s, metric), lines, true),
            })
        })
        .collect()
}

/// Renders the charts (into `dir/charts/`) and `dir/report.html` of the run in `dir`, from its
/// files alone.
pub fn render(dir: &Path) -> Result<PathBuf, ReportError> {
    render_run(&Run::load(dir)?)
}

/// Renders the charts and report of `run` into `run.dir`: the data may come from the files or,
/// right after a simulation, from memory (the same values, so the same bytes).
pub fn render_run(run: &Run) -> Result<PathBuf, ReportError> {
    let dir = run.dir.as_path();
    let charts_dir = dir.join("charts");
    std::fs::create_dir_all(&charts_dir).map_err(ReportError::io(&charts_dir))?;
    let s = &run.summary;
    let (overview, per_network) = charts(run);
    let mut body = String::new();
    body.push_str(&format!("<section id=\"headline\"><h2>Headline metrics</h2>\n{}</section>\n", headline_table(s)));
    body.push_str(&format!("<section id=\"outages\"><h2>Outage timeline</h2>\n{}</section>\n", outage_table(s)));
    body.push_str("<section id=\"charts\"><h2>Charts</h2>\n");
    for chart in &overview {
        body.push_str(&figure(chart, &chart.render(&charts_dir)?));
    }
    body.push_str("</section>\n");
    for (i, (network, list)) in per_network.iter().enumerate() {
        let net = &s.networks[network];
        body.push_str(&format!(
            "<section id=\"network-{}\"><h2>{}{} <small>({} protocol, {} nodes, {} events)</small></h2>\n",
            escape(network),
            swatch(colour(i)),
            escape(network),
            escape(&net.protocol),
            net.nodes,
            net.events
        ));
        let rows: Vec<Vec<String>> = metric_names(s)
            .iter()
            .filter_map(|m| {
                let meaning = s.meaning(network, m);
                net.metrics.get(m).map(|v| vec![metric_cell(meaning), escape(&meaning.show(*v))])
            })
            .collect();
        body.push_str(&table(&["metric".into(), "value".into()], &rows));
        body.push_str("<div class=\"grid\">\n");
        for chart in list {
            body.push_str(&figure(chart, &chart.render(&charts_dir)?));
        }
        body.push_str("</div></section>\n");
    }
    if !s.sources.is_empty() {
        body.push_str("<section id=\"sources\"><h2>Sources</h2><ol class=\"sources\">");
        for src in &s.sources {
            body.push_str(&format!("<li>{}</li>", escape(src)));
        }
        body.push_str("</ol></section>\n");
    }
    let mut nav = String::from(
        "<nav><a href=\"#headline\">Headline</a><a href=\"#outages\">Outages</a><a href=\"#charts\">Charts</a>",
    );
    for n in s.networks.keys() {
        nav.push_str(&format!("<a href=\"#network-{0}\">{0}</a>", escape(n)));
    }
    nav.push_str("<a href=\"#sources\">Sources</a></nav>");
    let mut header = format!(
        "<h1>{}</h1><p>{}</p>{}{nav}",
        escape(&s.scenario),
        escape(&s.description),
        facts(&[
            ("seed", s.seed.to_string()),
            ("start", timestamp(&s.start, 0.0)),
            ("simulated", duration(s.duration_s)),
            ("sampled every", duration(s.sample_every_s)),
            ("nodes", Unit::Count.show(s.nodes as f64)),
            ("events", Unit::Count.show(s.events as f64)),
        ])
    );
    header.push_str(&provenance_facts(s));
    let path = dir.join("report.html");
    let mut file = AtomicFile::create(&path).map_err(ReportError::io(&path))?;
    file.write_all(page(&format!("{} - depinsim report", s.scenario), &header, &body).as_bytes())
        .map_err(ReportError::io(&path))?;
    file.commit().map_err(ReportError::io(&path))?;
    Ok(path)
}
