//! Whole scenarios, as a user runs them (load, simulate every network, compute the summary; no
//! file writing): the default Cloudflare study at its own size.

#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use depinsim::output::summary;
use depinsim::run::run;
use depinsim::scenario::{LoadOptions, load};
use std::path::Path;

fn scenarios(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut group = c.benchmark_group("scenario");
    group.sample_size(10);
    for name in ["cloudflare-2025-11-18", "ovh-sbg-2021-03-10"] {
        let path = root.join("scenarios").join(format!("{name}.toml"));
        group.bench_function(name, |b| {
            b.iter(|| {
                let scenario = load(&path, &LoadOptions::default()).expect("valid scenario");
                let outputs = run(&scenario, None).expect("runs");
                summary(&scenario, &outputs).events
            });
        });
    }
    group.finish();
}

criterion_group!(benches, scenarios);
criterion_main!(benches);
