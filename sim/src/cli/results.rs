//! Commands over finished runs: `baseline`, `check`, `report` and `compare`.

use super::Failure;
use crate::scenario::InputError;
use depinsim_reports::baseline::{Baseline, Status};
use depinsim_reports::{ReportError, Run, Summary};
use std::path::{Path, PathBuf};

fn read_summary(dir: &Path) -> Result<Summary, Failure> {
    Run::load(dir).map(|r| r.summary).map_err(report_failure)
}

pub(super) fn baseline(dir: &Path, out: &Path) -> Result<(), Failure> {
    let b = Baseline::from_summary(&read_summary(dir)?);
    let text = format!(
        "# Baseline of `depinsim check`: made from a run of `{}` (seed {}) by `depinsim baseline`.\n\
         # A metric fails the check when it moves against `direction` by more than `tolerance`.\n\
         # Update it deliberately, when a change is meant to alter the results.\n\n{}",
        b.scenario,
        b.seed,
        toml::to_string(&b).map_err(|e| Failure::Io(e.to_string()))?
    );
    let mut file =
        depinsim_reports::AtomicFile::create(out).map_err(|e| Failure::Io(format!("{}: {e}", out.display())))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .and_then(|()| file.commit())
        .map_err(|e| Failure::Io(format!("{}: {e}", out.display())))?;
    outln!("{}: {} metrics guarded", out.display(), b.metrics.len());
    Ok(())
}

/// Prints the comparison of a run with a baseline; returns whether a metric regressed.
pub(super) fn check(dir: &Path, path: &Path) -> Result<bool, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::Input(InputError::new(path.display().to_string(), format!("cannot read the baseline: {e}")))
    })?;
    let baseline: Baseline =
        toml::from_str(&text).map_err(|e| Failure::Input(InputError::from_toml(path, &text, &e)))?;
    let summary = read_summary(dir)?;
    if summary.scenario != baseline.scenario {
        return Err(Failure::Input(
            InputError::new(
                path.display().to_string(),
                format!("the baseline is of `{}` but the run is of `{}`", baseline.scenario, summary.scenario),
            )
            .help("check a run of the same scenario"),
        ));
    }
    let verdicts = depinsim_reports::baseline::check(&baseline, &summary);
    outln!("{:12} {:32} {:>14} {:>14} {:>12}  status", "network", "metric", "baseline", "run", "tolerance");
    for v in &verdicts {
        let g = &v.guard;
        let unit = summary.meaning(&g.network, &g.metric).unit();
        let status = match v.status {
            Status::Ok => "ok",
            Status::Improved => "improved",
            Status::Regression => "REGRESSION",
        };
        outln!(
            "{:12} {:32} {:>14} {:>14} {:>12}  {status}",
            g.network,
            g.metric,
            unit.show(g.value),
            v.current.map_or("missing".into(), |c| unit.show(c)),
            unit.show(g.tolerance)
        );
    }
    let regressions = verdicts.iter().filter(|v| v.status == Status::Regression).count();
    if regressions > 0 {
        outln!("\n{regressions} of {} metrics regressed against {}.", verdicts.len(), path.display());
    } else {
        outln!("\nAll {} metrics within tolerance of {}.", verdicts.len(), path.display());
    }
    Ok(regressions > 0)
}

/// A run folder that cannot be read is bad input; a chart that cannot be drawn is a failure.
fn report_failure(e: ReportError) -> Failure {
    match e {
        ReportError::Io { ref path, .. } | ReportError::Format { ref path, .. } => Failure::Input(
            InputError::new(path.display().to_string(), format!("not a readable run folder: {e}"))
                .help("give the output folder of `depinsim run` (it holds summary.json, timeseries.csv, nodes.csv)"),
        ),
        ReportError::Chart { .. } => Failure::Io(e.to_string()),
    }
}

pub(super) fn report(dir: &Path) -> Result<(), Failure> {
    let page = depinsim_reports::render(dir).map_err(report_failure)?;
    outln!("{}", page.display());
    Ok(())
}

pub(super) fn compare(a: &Path, b: &Path, out: Option<PathBuf>) -> Result<(), Failure> {
    let name = |p: &Path| p.file_name().map_or("run".into(), |n| n.to_string_lossy().into_owned());
    let out = out.unwrap_or_else(|| Path::new("out").join(format!("compare-{}-vs-{}", name(a), name(b))));
    let comparison = depinsim_reports::compare(a, b, &out).map_err(report_failure)?;
    for line in &comparison.terminal {
        outln!("{line}");
    }
    outln!("\nPage: {}", comparison.page.display());
    Ok(())
}
