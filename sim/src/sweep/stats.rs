//! `sweep-summary.csv`: one row per point, with the mean, standard deviation and 5th, 50th and
//! 95th percentiles of every metric across the point's seeds. Read from `sweep.csv` one point at a
//! time (rows are point-major), so memory holds one point, not the sweep.

use super::table::FIXED_COLUMNS;
use crate::scenario::InputError;
use depinsim_reports::AtomicFile;
use std::path::Path;

/// The `p`-th quantile (0..1) of sorted values, interpolating linearly between closest ranks
/// (Hyndman and Fan's type 7, the default of R and NumPy).
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Mean and sample standard deviation (n - 1); the deviation needs two values.
pub fn mean_sd(values: &[f64]) -> (Option<f64>, Option<f64>) {
    if values.is_empty() {
        return (None, None);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.len() > 1).then(|| (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt());
    (Some(mean), sd)
}

const STATS: [&str; 5] = ["mean", "sd", "p5", "p50", "p95"];

fn cell(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

/// Writes `sweep-summary.csv` from `sweep.csv` in `out`, then the sweep's charts and page.
pub fn summarize(out: &Path) -> Result<(), InputError> {
    let input = out.join("sweep.csv");
    let err = |e: &dyn std::fmt::Display| InputError::new(input.display().to_string(), e.to_string());
    let mut reader = csv::Reader::from_path(&input).map_err(|e| err(&e))?;
    let header: Vec<String> = reader.headers().map_err(|e| err(&e))?.iter().map(str::to_string).collect();
    let error_col = header.iter().position(|h| h == "error").ok_or_else(|| err(&"no `error` column"))?;
    let params = &header[FIXED_COLUMNS.len()..error_col];
    let metrics = &header[error_col + 1..];
    let target = out.join("sweep-summary.csv");
    let mut file = AtomicFile::create(&target).map_err(|e| err(&e))?;
    {
        let mut writer = csv::Writer::from_writer(&mut file);
        let mut head: Vec<String> = vec!["point".into()];
        head.extend(params.iter().cloned());
        head.extend(["runs".to_string(), "failed".to_string()]);
        head.extend(metrics.iter().flat_map(|m| STATS.iter().map(move |s| format!("{m}.{s}"))));
        writer.write_record(&head).map_err(|e| err(&e))?;
        let mut group: Vec<csv::StringRecord> = Vec::new();
        let flush =
            |group: &mut Vec<csv::StringRecord>, writer: &mut csv::Writer<&mut AtomicFile>| -> Result<(), InputError> {
                let Some(first) = group.first() else {
                    return Ok(());
                };
                let mut row: Vec<String> = vec![first[1].to_string()];
                row.extend((FIXED_COLUMNS.len()..error_col).map(|i| first[i].to_string()));
                let failed = group.iter().filter(|r| !r[error_col].is_empty()).count();
                row.extend([group.len().to_string(), failed.to_string()]);
                for (j, _) in metrics.iter().enumerate() {
                    let mut values: Vec<f64> =
                        group.iter().filter_map(|r| r[error_col + 1 + j].parse::<f64>().ok()).collect();
                    values.sort_by(f64::total_cmp);
                    let (mean, sd) = mean_sd(&values);
                    row.extend([
                        cell(mean),
                        cell(sd),
                        cell(quantile(&values, 0.05)),
                        cell(quantile(&values, 0.5)),
                        cell(quantile(&values, 0.95)),
                    ]);
                }
                writer.write_record(&row).map_err(|e| err(&e))?;
                group.clear();
                Ok(())
            };
        for record in reader.records() {
            let record = record.map_err(|e| err(&e))?;
            if group.first().is_some_and(|g| g[1] != record[1]) {
                flush(&mut group, &mut writer)?;
            }
            group.push(record);
        }
        flush(&mut group, &mut writer)?;
        writer.flush().map_err(|e| err(&e))?;
    }
    file.commit().map_err(|e| err(&e))?;
    depinsim_reports::sweep::render(out, &headline_catalogue()).map(drop).map_err(|e| err(&e))
}

/// The declarations of the headline figures a sweep charts: computed alike for every network, so
/// known without any run (a resumed or merged sweep charts the same). The cost per unit of service
/// is per each network's own unit, which a sweep's table does not keep: it says "unit of service".
fn headline_catalogue() -> depinsim_reports::sweep::Catalogue {
    let generic = crate::headline::cost_per_unit("unit of service");
    let all = crate::headline::HEADLINE.iter().chain(depinsim_core::catalogue::SERIES).chain([&generic]);
    all.filter_map(|m| Some((m.name.to_string(), crate::output::metric_info(m)?))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_ranks() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), Some(3.0));
        assert_eq!(quantile(&v, 0.0), Some(1.0));
        assert_eq!(quantile(&v, 1.0), Some(5.0));
        // Type 7: h = (n - 1) p = 0.2 -> 1 + 0.2 * (2 - 1).
        assert!((quantile(&v, 0.05).unwrap() - 1.2).abs() < 1e-12);
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn sample_standard_deviation() {
        let (mean, sd) = mean_sd(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(mean, Some(5.0));
        // Sum of squares 32 over n - 1 = 7.
        assert!((sd.unwrap() - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert_eq!(mean_sd(&[3.0]), (Some(3.0), None));
    }
}
