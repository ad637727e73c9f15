//! The end-of-run table in the terminal: the same figures as the report's headline table,
//! formatted by the same code from the same metric declarations.

use depinsim_reports::Summary;

/// The headline figures shown, with their column titles.
const COLUMNS: [(&str, &str); 9] = [
    ("availability", "availability_mean"),
    ("min", "availability_min"),
    ("recovered in", "time_to_recover_s"),
    ("downtime", "downtime_s"),
    ("data lost", "data_lost_bytes"),
    ("rewards", "rewards_total_usd"),
    ("cost", "cost_total_usd"),
    ("gini", "gini_rewards"),
    ("nakamoto", "nakamoto_providers"),
];

/// The table's lines: a header, one row per network, then each network's cost per unit of
/// service in its own unit.
pub(super) fn lines(summary: &Summary) -> Vec<String> {
    let name_width = summary.networks.keys().map(|k| k.len()).max().unwrap_or(7).max(7);
    let mut header = format!("{:name_width$}", "network");
    for (title, _) in COLUMNS {
        header.push_str(&format!("  {title:>12}"));
    }
    let mut out = vec![header];
    for (name, net) in &summary.networks {
        let mut row = format!("{name:name_width$}");
        for (_, key) in COLUMNS {
            let shown = match net.metrics.get(key) {
                Some(v) => summary.meaning(name, key).show(*v),
                None => "-".into(),
            };
            row.push_str(&format!("  {shown:>12}"));
        }
        out.push(row);
    }
    let per_unit: Vec<String> = summary
        .networks
        .iter()
        .filter_map(|(name, net)| {
            let v = net.metrics.get("cost_per_unit_usd")?;
            Some(format!("{name} {}", summary.meaning(name, "cost_per_unit_usd").show(*v)))
        })
        .collect();
    if !per_unit.is_empty() {
        out.push(format!("cost per unit of service: {}", per_unit.join("; ")));
    }
    out
}

/// Prints [`lines`].
pub(super) fn print_table(summary: &Summary) {
    for line in lines(summary) {
        outln!("{line}");
    }
}
