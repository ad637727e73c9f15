//! Helpers: load scenario text against the test profiles, run it, read series.

use depinsim::engine::NetworkOutput;
use depinsim::run::run;
use depinsim::scenario::{InputError, LoadOptions, LoadedScenario, load_str};
use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Test profiles with exact failure figures.
pub fn test_profiles() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/profiles")
}

/// A small world: regions r1, r2; providers p1, p2; sites a (r1, p1), b (r2, p1), c (r2, p2);
/// service svc on site a.
pub const WORLD: &str = r#"
[[regions]]
name = "r1"
usd_per_kwh = 0.2
[[regions]]
name = "r2"
usd_per_kwh = 0.2
[[providers]]
name = "p1"
[[providers]]
name = "p2"
[[sites]]
name = "a"
region = "r1"
provider = "p1"
[[sites]]
name = "b"
region = "r2"
provider = "p1"
[[sites]]
name = "c"
region = "r2"
provider = "p2"
[[services]]
name = "svc"
depends_on = ["a"]
"#;

/// Loads `body` (a scenario without `start` and world) in the shared world, starting at
/// 2025-01-01T00:00:00Z, against the test profiles.
pub fn load(body: &str) -> Result<LoadedScenario, InputError> {
    // Top-level keys first: in TOML a key after a table header belongs to that table.
    let text = format!("start = \"2025-01-01T00:00:00Z\"\n{body}\n{WORLD}");
    let options = LoadOptions { profiles_dir: Some(test_profiles()), ..Default::default() };
    load_str(Path::new("test.toml"), &text, &options)
}

/// Loads and runs `body`.
pub fn run_body(body: &str) -> (LoadedScenario, Vec<NetworkOutput>) {
    let scenario = load(body).unwrap_or_else(|e| panic!("{e}"));
    let outputs = run(&scenario, None).unwrap_or_else(|e| panic!("{e}"));
    (scenario, outputs)
}

/// The samples of `metric` as (minutes, value).
pub fn minutes(out: &NetworkOutput, metric: &str) -> Vec<(u64, f64)> {
    out.series.metric(metric).into_iter().map(|(t, v)| ((t / 60.0).round() as u64, v)).collect()
}

/// The value of `metric` at minute `m`.
pub fn at(out: &NetworkOutput, metric: &str, m: u64) -> f64 {
    minutes(out, metric).into_iter().find(|(t, _)| *t == m).unwrap_or_else(|| panic!("no {metric} sample at {m} min")).1
}
