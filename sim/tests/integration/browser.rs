//! The report in a real browser: headless Chromium opens it, and the page must render without a
//! console message (the page runs no script, so any message is a blocked load or an error) and
//! show its charts. The same checks run against a broken and an empty page, which must fail.
//! Needs `chromium` (Debian's package; `.ci/run` installs it): run with
//! `cargo test -p depinsim --test integration browser -- --ignored`.

use crate::common::root;
use std::path::Path;
use std::process::Command;

const FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
];

/// What Chromium saw: console messages, the rendered DOM, and a screenshot's pixels.
struct Seen {
    console: Vec<String>,
    dom: String,
    /// Pixels (RGB) of a 1280-wide screenshot of the top of the page.
    pixels: Vec<[u8; 3]>,
}

fn chromium(page: &Path, work: &Path) -> Seen {
    let url = format!("file://{}", page.display());
    let profile = work.join("profile");
    let dump = Command::new("chromium")
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom", &url])
        .output()
        .expect("chromium runs (install Debian's `chromium` package)");
    let console =
        String::from_utf8_lossy(&dump.stderr).lines().filter(|l| l.contains(":CONSOLE")).map(str::to_string).collect();
    let shot = work.join("shot.png");
    let status = Command::new("chromium")
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--window-size=1280,2000", &format!("--screenshot={}", shot.display()), &url])
        .output()
        .expect("chromium runs");
    assert!(status.status.success());
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()].chunks(channels).map(|p| [p[0], p[1], p[2]]).collect();
    Seen { console, dom: String::from_utf8_lossy(&dump.stdout).into_owned(), pixels }
}

/// Why the page fails, if it does.
fn problems(seen: &Seen) -> Vec<String> {
    let mut out: Vec<String> = seen.console.iter().map(|l| format!("console: {l}")).collect();
    let charts = seen.dom.matches("<svg role=\"img\"").count();
    if charts < 5 {
        out.push(format!("{charts} charts in the rendered page"));
    }
    // The first network's colour (#4e79a7) must be on screen: its lines and legend swatches.
    let blue = seen
        .pixels
        .iter()
        .filter(|p| p[0].abs_diff(0x4e) < 12 && p[1].abs_diff(0x79) < 12 && p[2].abs_diff(0xa7) < 12)
        .count();
    if blue < 500 {
        out.push(format!("only {blue} pixels of the first network's colour are visible"));
    }
    out
}

#[test]
#[ignore = "needs chromium; run by .ci/run"]
fn report_renders_in_chromium_with_visible_charts_and_no_console_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    let status = Command::new(env!("CARGO_BIN_EXE_depinsim"))
        .current_dir(root())
        .args(["run", "--quiet", "--out", run.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let seen = chromium(&run.join("report.html"), tmp.path());
    assert_eq!(problems(&seen), Vec::<String>::new());

    // Negative controls: a page with a broken chart and an external load, and an empty page.
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    let broken = html.replace("<svg role=\"img\"", "<img src=\"https://example.com/chart.png\"><svg role=\"broken\"");
    std::fs::write(tmp.path().join("broken.html"), broken).unwrap();
    let seen = chromium(&tmp.path().join("broken.html"), tmp.path());
    let found = problems(&seen);
    assert!(found.iter().any(|p| p.starts_with("console:")), "the external load went unnoticed: {found:?}");
    assert!(found.iter().any(|p| p.contains("charts in the rendered page")), "{found:?}");
    std::fs::write(tmp.path().join("empty.html"), "<!doctype html><title>empty</title>").unwrap();
    let seen = chromium(&tmp.path().join("empty.html"), tmp.path());
    assert_eq!(problems(&seen).len(), 2, "an empty page must fail both the chart and the pixel checks");
}

/// The checks `browser_checks.js` makes on a laid-out page: charts of positive size with a data
/// mark, distinct tick labels on every axis, no text cut at a chart's edge, nothing wider than
/// its container at 1400 px, a unit for every headline figure.
const CHECKS: &str = include_str!("browser_checks.js");

/// What is wrong with `page` laid out at 1400 px, one line per problem, and how many charts it
/// has. The page is copied with its Content-Security-Policy removed and the checks appended: the
/// shipped page runs no script.
fn measured_problems(page: &Path, work: &Path) -> (Vec<String>, usize) {
    let html = std::fs::read_to_string(page).unwrap();
    let csp = html.find("<meta http-equiv=\"Content-Security-Policy\"").expect("the page has its CSP");
    let end = csp + html[csp..].find('>').unwrap() + 1;
    let body = html.rfind("</body>").expect("a whole page");
    let probe = format!("{}{}<script>{CHECKS}</script>{}", &html[..csp], &html[end..body], &html[body..]);
    // Beside the page, so that anything it refers to resolves the same.
    let probe_path = page.with_file_name(".browser-probe.html");
    std::fs::write(&probe_path, probe).unwrap();
    let dump = Command::new("chromium")
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", work.join("profile").display()))
        .args(["--window-size=1400,3000", "--virtual-time-budget=2000", "--dump-dom"])
        .arg(format!("file://{}", probe_path.display()))
        .output()
        .expect("chromium runs (install Debian's `chromium` package)");
    std::fs::remove_file(&probe_path).unwrap();
    let dom = String::from_utf8_lossy(&dump.stdout);
    // The last one: the script's own text names the element too.
    let start =
        dom.rfind("<pre id=\"depinsim-problems\"").unwrap_or_else(|| panic!("the checks ran on {}", page.display()));
    let charts: usize =
        dom[start..].split("data-charts=\"").nth(1).and_then(|c| c.split('"').next()?.parse().ok()).unwrap_or(0);
    let text = &dom[start + dom[start..].find('>').unwrap() + 1..];
    let text = &text[..text.find("</pre>").unwrap()];
    let unescape = |l: &str| l.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    (text.lines().filter(|l| !l.is_empty()).map(unescape).collect(), charts)
}

/// The pages to check: the report of every shipped scenario but `filecoin-network-year` (five
/// minutes in a debug build; its charts are those of `filecoin-ovh-fire` over a longer span), a
/// comparison and a sweep. Produced into `out` by the binary under test.
fn produce_pages(out: &Path) -> Vec<std::path::PathBuf> {
    let depinsim = |args: &[&str]| {
        let status = Command::new(env!("CARGO_BIN_EXE_depinsim")).current_dir(root()).args(args).output().unwrap();
        assert!(status.status.success(), "depinsim {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    };
    let mut pages = Vec::new();
    let mut scenarios: Vec<_> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    scenarios.sort();
    for scenario in scenarios {
        let name = scenario.file_stem().unwrap().to_str().unwrap().to_string();
        if name == "filecoin-network-year" {
            continue;
        }
        let dir = out.join(&name);
        depinsim(&["run", scenario.to_str().unwrap(), "--quiet", "--out", dir.to_str().unwrap()]);
        pages.push(dir.join("report.html"));
    }
    let (a, b, cmp) = (out.join("cloudflare-2025-11-18"), out.join("cf-seed7"), out.join("compare"));
    let cf = "scenarios/cloudflare-2025-11-18.toml";
    depinsim(&["run", cf, "--quiet", "--seed", "7", "--out", b.to_str().unwrap()]);
    depinsim(&["compare", a.to_str().unwrap(), b.to_str().unwrap(), "--out", cmp.to_str().unwrap()]);
    pages.push(cmp.join("compare.html"));
    let sweep = out.join("sweep");
    let set = "networks.content.nodes.gateways.depends_share=0.1,0.3,0.5";
    depinsim(&["sweep", cf, "--set", set, "--seeds", "3", "--jobs", "2", "--quiet", "--out", sweep.to_str().unwrap()]);
    pages.push(sweep.join("sweep.html"));
    pages
}

#[test]
#[ignore = "needs chromium; run by .ci/run"]
fn every_shipped_page_has_honest_charts_and_fits_at_1400_px() {
    let tmp = tempfile::tempdir().unwrap();
    // DEPINSIM_BROWSER_PAGES=<folder>: check the pages already in that folder (laid out as
    // produce_pages does) instead, e.g. another build's.
    let pages: Vec<std::path::PathBuf> = match std::env::var_os("DEPINSIM_BROWSER_PAGES") {
        Some(dir) => {
            let mut found = Vec::new();
            for entry in std::fs::read_dir(&dir).unwrap() {
                let d = entry.unwrap().path();
                for page in ["report.html", "compare.html", "sweep.html"] {
                    if d.join(page).exists() && !d.ends_with("cf-seed7") {
                        found.push(d.join(page));
                    }
                }
            }
            found.sort();
            found
        }
        None => produce_pages(tmp.path()),
    };
    let mut all = Vec::new();
    let (mut charts, mut failing) = (0, 0);
    for page in &pages {
        let (problems, n) = measured_problems(page, tmp.path());
        charts += n;
        if !problems.is_empty() {
            failing += 1;
        }
        let folder = page.parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
        all.extend(problems.into_iter().map(|p| format!("{folder}: {p}")));
    }
    eprintln!("browser: {} pages, {charts} charts, {failing} pages with problems, {} problems", pages.len(), all.len());
    for p in &all {
        eprintln!("  {p}");
    }
    assert!(pages.len() >= 3 && charts > 0, "no pages checked");
    assert!(all.is_empty(), "{} problems on {failing} of {} pages", all.len(), pages.len());

    // The checks catch what they claim to: a bar of negative width, repeated ticks, a table
    // wider than the window, a figure without a unit.
    let report = &pages[0];
    let html = std::fs::read_to_string(report).unwrap();
    let svg = "<svg width=\"100\" height=\"50\"><rect x=\"0\" y=\"0\" width=\"-5\" height=\"9\" fill=\"#4E79A7\"/><text x=\"9\" y=\"5\" text-anchor=\"end\">1</text><text x=\"9\" y=\"25\" text-anchor=\"end\">1</text></svg>";
    let wide = "<table><tr><td title=\"x\">a metric without a unit</td><td style=\"white-space:nowrap\">".to_string()
        + &"wide ".repeat(400)
        + "</td></tr></table>";
    let bad = html.replacen(
        "<section id=\"headline\">",
        &format!("<section id=\"headline\"><figure>{svg}<figcaption>bad</figcaption></figure>{wide}"),
        1,
    );
    let control = tmp.path().join("control");
    std::fs::create_dir_all(&control).unwrap();
    std::fs::write(control.join("report.html"), bad).unwrap();
    let (found, _) = measured_problems(&control.join("report.html"), tmp.path());
    for expected in ["negative size", "no data mark", "repeats", "overflows", "no unit for"] {
        assert!(found.iter().any(|p| p.contains(expected)), "the checks missed `{expected}`: {found:?}");
    }
}
