//! Every run writes a self-contained report; `depinsim report` re-renders it from the folder
//! alone; `depinsim compare` puts two runs side by side.

use crate::common::root;
use std::path::Path;
use std::process::Command;

fn depinsim(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_depinsim")).current_dir(root()).args(args).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn run_into(dir: &Path, extra: &[&str]) {
    let mut args = vec!["run", "--quiet", "--out", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    depinsim(&args);
}

/// The `<svg` elements of a page that are charts.
fn charts(html: &str) -> usize {
    html.matches("<svg role=\"img\"").count()
}

#[test]
fn the_default_run_writes_a_self_contained_report_with_its_charts() {
    let tmp = tempfile::tempdir().unwrap();
    run_into(tmp.path(), &[]);
    let html = std::fs::read_to_string(tmp.path().join("report.html")).unwrap();
    assert!(charts(&html) >= 5, "{} charts", charts(&html));
    for name in ["availability", "nodes-up", "rewards-costs", "lorenz", "cost-per-unit"] {
        assert!(html.contains(&format!("data-chart=\"{name}\"")), "{name} missing from the page");
        for ext in ["svg", "png"] {
            let file = tmp.path().join("charts").join(format!("{name}.{ext}"));
            assert!(
                std::fs::metadata(&file).map(|m| m.len() > 1_000).unwrap_or(false),
                "{} missing or empty",
                file.display()
            );
        }
    }
    // Nothing is fetched: no external references; the only URL is the SVG namespace.
    let without_ns = html.replace("http://www.w3.org/2000/svg", "");
    for needle in ["http://", "https://", "src=", "<link", "<script", "@import", "url("] {
        assert!(!without_ns.contains(needle), "the report contains {needle:?}");
    }
    assert!(html.contains("default-src 'none'"), "the page forbids loading anything");
    // What the page says: the scenario's sources, the outage timeline, both networks.
    for text in [
        "Cloudflare blog",
        "bad Bot Management feature file",
        "2025-11-18 11:20 UTC",
        "id=\"network-cdn\"",
        "id=\"network-content\"",
    ] {
        assert!(html.contains(text), "the report lacks {text:?}");
    }
}

#[test]
fn report_re_renders_the_same_page_from_the_folder_alone() {
    let tmp = tempfile::tempdir().unwrap();
    run_into(tmp.path(), &[]);
    let first = std::fs::read(tmp.path().join("report.html")).unwrap();
    let chart = std::fs::read(tmp.path().join("charts/availability.png")).unwrap();
    std::fs::remove_dir_all(tmp.path().join("charts")).unwrap();
    std::fs::remove_file(tmp.path().join("report.html")).unwrap();
    depinsim(&["report", tmp.path().to_str().unwrap()]);
    assert_eq!(std::fs::read(tmp.path().join("report.html")).unwrap(), first);
    assert_eq!(std::fs::read(tmp.path().join("charts/availability.png")).unwrap(), chart);
}

#[test]
fn compare_shows_the_difference_a_parameter_makes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, out) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("cmp"));
    run_into(&a, &[]);
    run_into(&b, &["--set", "networks.content.nodes.gateways.depends_share=0.6"]);
    depinsim(&["compare", a.to_str().unwrap(), b.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let html = std::fs::read_to_string(out.join("compare.html")).unwrap();
    assert!(charts(&html) >= 3);
    let mut reader = csv::Reader::from_path(out.join("compare.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let get = |net: &str, metric: &str| {
        rows.iter().find(|r| &r[0] == net && &r[2] == metric).unwrap_or_else(|| panic!("{net} {metric}")).clone()
    };
    // The CDN is untouched by the content network's gateways: identical.
    assert_eq!(&get("cdn", "availability_mean")[5], "0.0");
    // More gateways behind the CDN: the content network's worst sample falls (about 0.7 -> 0.4).
    let worst = get("content", "availability_min");
    let (va, vb, diff): (f64, f64, f64) =
        (worst[3].parse().unwrap(), worst[4].parse().unwrap(), worst[5].parse().unwrap());
    assert!(va > 0.6 && vb < 0.5, "{va} -> {vb}");
    assert!((diff - (vb - va)).abs() < 1e-12);
    assert_eq!(&get("content", "nakamoto_providers")[4], "1.0", "60% behind one CDN: one provider can take it down");
}

#[test]
fn networks_that_share_a_key_metric_are_drawn_on_one_chart_with_years_on_a_century_axis() {
    let tmp = tempfile::tempdir().unwrap();
    run_into(tmp.path(), &["scenarios/arweave-endowment-stress.toml"]);
    let html = std::fs::read_to_string(tmp.path().join("report.html")).unwrap();
    assert!(html.contains("data-chart=\"networks-endowment_ar\""), "no overlay of the endowment");
    let svg = std::fs::read_to_string(tmp.path().join("charts/networks-endowment_ar.svg")).unwrap();
    for trend in ["falls-2pct", "falls-0.5pct", "flat", "rises-1pct", "rises-2pct", "rises-3pct"] {
        assert!(svg.contains(&format!(">\n{trend}\n<")), "{trend} is not in the overlay's legend");
    }
    // A century is labelled in years, not in days of the month.
    assert!(svg.contains(">\n2050\n<") && !svg.contains(">\nJan 1\n<"), "the time axis is not in years");
    // The default study's two networks share no key metric: no overlay there.
    let default = tempfile::tempdir().unwrap();
    run_into(default.path(), &[]);
    let html = std::fs::read_to_string(default.path().join("report.html")).unwrap();
    assert!(!html.contains("data-chart=\"networks-"), "an overlay of metrics no two networks share");
}
