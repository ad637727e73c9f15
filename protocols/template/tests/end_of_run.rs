//! The end of a run, through the engine: an epoch that ends exactly at the end of the run is paid
//! (the engine runs events at the end), none after it is, and the final sample, at exactly the
//! end, sees what the summary sees, whatever the duration and the sample step.

use depinsim::Registry;
use depinsim::headline;
use depinsim::scenario::overrides::Override;
use depinsim::scenario::{LoadOptions, load};
use depinsim_template::{EPOCHS_PAID, Uptime};
use proptest::prelude::*;
use std::path::Path;

const MINUTE_MS: u64 = 60_000;
const HOUR_MS: u64 = 60 * MINUTE_MS;

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    /// Durations from 12 h (the scenario's outage ends at 11:00) to two days, on whole hours or
    /// not, and sample steps from a minute to the duration, most of them not dividing it.
    #[test]
    fn every_epoch_that_ends_in_the_run_is_paid_and_the_summary_equals_the_last_sample(
        minutes in 12 * 60u64..=48 * 60,
        whole_hours in any::<bool>(),
        step_share in 1u64..=1000,
    ) {
        let duration = if whole_hours { minutes / 60 * HOUR_MS } else { minutes * MINUTE_MS + 7 };
        let step = (duration * step_share / 1000).max(MINUTE_MS);
        let overrides = vec![
            Override { key: "duration".into(), value: format!("{duration}ms") },
            Override { key: "sample_every".into(), value: format!("{step}ms") },
        ];
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let registry = Registry::builtin().with::<Uptime>();
        let options = LoadOptions { registry, overrides, ..Default::default() };
        let scenario = load(&root.join("protocols/template/scenarios/uptime.toml"), &options)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let out = depinsim::run::run(&scenario, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let out = &out[0];
        let end_s = duration as f64 / 1000.0;
        // One epoch per whole hour of the run: the one ending at the end is paid, the next not.
        let epochs = out.series.metric(EPOCHS_PAID);
        prop_assert_eq!(epochs.last().copied(), Some((end_s, (duration / HOUR_MS) as f64)));
        let rewards = out.series.metric(depinsim_core::metrics::REWARDS_USD);
        let (t, last) = *rewards.last().unwrap();
        prop_assert_eq!(t, end_s);
        let summary = headline::metrics(&scenario, 0, out)["rewards_total_usd"].unwrap();
        prop_assert!((summary - last).abs() <= 1e-9 * last.max(1.0), "summary {} vs last sample {}", summary, last);
    }
}
