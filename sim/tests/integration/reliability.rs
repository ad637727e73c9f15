//! Independent failures against the closed form of the alternating renewal process, and the cost
//! accounts against a hand computation.

use crate::common::run_body;

const WEEKLY: &str = r#"
name = "reliability"
duration = "200d"
sample_every = "1d"
[[networks]]
name = "n"
protocol = "cdn"
[networks.params.traffic]
tick = "1d"
[[networks.nodes]]
name = "pops"
role = "pop"
count = 2000
profile = "weekly"
sites = ["a"]
"#;

#[test]
fn long_run_availability_is_mtbf_over_mtbf_plus_mttr() {
    let (scenario, out) = run_body(WEEKLY);
    let duration = scenario.duration.as_millis() as f64;
    let mean = out[0].uptime_ms.iter().map(|u| *u as f64 / duration).sum::<f64>() / out[0].uptime_ms.len() as f64;
    let mtbf_days = 365.0 / 52.0;
    let expected = mtbf_days / (mtbf_days + 1.0);
    // 2000 nodes x ~25 cycles each: the standard error of the mean is about 0.001.
    assert!((mean - expected).abs() < 0.005, "simulated {mean}, closed form {expected}");
}

#[test]
fn costs_follow_the_profile() {
    // 8760 USD over a year is 1 USD per hour; 1 kW at 0.2 USD/kWh is 0.2 USD per hour while up.
    let (scenario, out) = run_body(WEEKLY);
    let hours = scenario.duration.as_hours_f64();
    for (cost, up_ms) in out[0].cost_usd.iter().zip(&out[0].uptime_ms) {
        let up_hours = *up_ms as f64 / 3_600_000.0;
        let expected = hours * 1.0 + up_hours * 0.2;
        assert!((cost - expected).abs() < 1e-3 * expected, "{cost} vs {expected}");
    }
}
