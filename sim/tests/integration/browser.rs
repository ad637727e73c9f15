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
