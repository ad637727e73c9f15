//! The end-of-run table in the terminal.

use depinsim_reports::Summary;

fn fmt_metric(value: Option<&Option<f64>>, kind: &str) -> String {
    match (value, kind) {
        (None, _) => "-".into(),
        (Some(None), "duration") => "never".into(),
        (Some(None), _) => "-".into(),
        (Some(Some(v)), "percent") => format!("{:.2}%", v * 100.0),
        (Some(Some(v)), "duration") => depinsim_core::SimDuration::from_millis_f64(v * 1000.0).to_string(),
        (Some(Some(v)), "usd") => format!("${v:.0}"),
        (Some(Some(v)), "bytes") => format!("{:.1} GB", v / 1e9),
        (Some(Some(v)), "ratio") => format!("{v:.2}"),
        (Some(Some(v)), _) => format!("{v}"),
    }
}

pub(super) fn print_table(summary: &Summary) {
    let columns = [
        ("availability", "availability_mean", "percent"),
        ("min", "availability_min", "percent"),
        ("recovered in", "time_to_recover_s", "duration"),
        ("downtime", "downtime_s", "duration"),
        ("data lost", "data_lost_bytes", "bytes"),
        ("rewards", "rewards_total_usd", "usd"),
        ("cost", "cost_total_usd", "usd"),
        ("gini", "gini_rewards", "ratio"),
        ("nakamoto", "nakamoto_providers", "plain"),
    ];
    let name_width = summary.networks.keys().map(|k| k.len()).max().unwrap_or(7).max(7);
    print!("{:name_width$}", "network");
    for (title, _, _) in &columns {
        print!("  {title:>12}");
    }
    println!();
    for (name, net) in &summary.networks {
        print!("{name:name_width$}");
        for (_, key, kind) in &columns {
            print!("  {:>12}", fmt_metric(net.metrics.get(*key), kind));
        }
        println!();
    }
}
