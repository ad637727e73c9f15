//! A bounded fuzz of the loader over the shipped scenarios: a value of a shipped scenario, picked
//! at random, is replaced through `--set` by a hostile value (the corpus,
//! `sim/tests/fuzz/hostile-values.txt`), and the result loaded as `validate` loads it. No input
//! may panic, every refusal must point at a line and column or name the `--set` that caused it,
//! and loading must stay fast. The cases are drawn from a fixed seed, so a failure reproduces;
//! `DEPINSIM_FUZZ_CASES` sets how many (default 400).

use crate::common::root;
use depinsim::scenario::overrides::Override;
use depinsim::scenario::{LoadOptions, load_str};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant};
use toml_edit::{DocumentMut, Item, Value};

/// Dotted paths (keys, and array positions as numbers) of every scalar value under `item`.
fn scalars(item: &Item, path: &mut Vec<String>, out: &mut Vec<String>) {
    let mut visit = |key: String, child: &Item, out: &mut Vec<String>| {
        path.push(key);
        scalars(child, path, out);
        path.pop();
    };
    match item {
        Item::Table(t) => t.iter().for_each(|(k, v)| visit(k.to_string(), v, out)),
        Item::ArrayOfTables(a) => {
            a.iter().enumerate().for_each(|(i, t)| visit(i.to_string(), &Item::Table(t.clone()), out))
        }
        Item::Value(Value::InlineTable(t)) => {
            t.iter().for_each(|(k, v)| visit(k.to_string(), &Item::Value(v.clone()), out))
        }
        Item::Value(Value::Array(a)) => {
            a.iter().enumerate().for_each(|(i, v)| visit(i.to_string(), &Item::Value(v.clone()), out))
        }
        Item::Value(_) => out.push(path.join(".")),
        Item::None => {}
    }
}

#[test]
fn hostile_values_in_shipped_scenarios_are_refused_with_a_position_and_never_panic() {
    let corpus: Vec<String> = include_str!("../fuzz/hostile-values.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let mut scenarios = Vec::new();
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let doc: DocumentMut = text.parse().unwrap();
            let mut paths = Vec::new();
            scalars(doc.as_item(), &mut vec![], &mut paths);
            scenarios.push((path, text, paths));
        }
    }
    scenarios.sort_by(|a, b| a.0.cmp(&b.0));
    let cases: usize = std::env::var("DEPINSIM_FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(400);
    let mut rng = ChaCha8Rng::seed_from_u64(20261202);
    let started = Instant::now();
    let (mut refused, mut accepted, mut slowest) = (0, 0, Duration::ZERO);
    let mut problems = Vec::new();
    for _ in 0..cases {
        let (path, text, paths) = &scenarios[rng.random_range(0..scenarios.len())];
        let key = &paths[rng.random_range(0..paths.len())];
        let value = &corpus[rng.random_range(0..corpus.len())];
        let set = Override { key: key.clone(), value: value.clone() };
        let shown = format!("{} --set {key}={value}", path.display());
        let options = LoadOptions { overrides: vec![set], ..Default::default() };
        let t = Instant::now();
        let result = std::panic::catch_unwind(|| load_str(path, text, &options));
        slowest = slowest.max(t.elapsed());
        match result {
            Err(_) => problems.push(format!("{shown}: panicked")),
            Ok(Ok(_)) => accepted += 1,
            Ok(Err(e)) => {
                refused += 1;
                let located = e.position.is_some() || e.origin.starts_with("--set");
                if !located {
                    problems.push(format!("{shown}: refused without a position:\n{e}"));
                }
                if std::env::var("DEPINSIM_FUZZ_SHOW").is_ok() {
                    eprintln!("{shown}\n  {}", e.to_string().lines().next().unwrap_or_default());
                }
            }
        }
    }
    eprintln!(
        "fuzz: {cases} inputs in {:.1} s ({refused} refused, {accepted} accepted), slowest load {:.0} ms",
        started.elapsed().as_secs_f64(),
        slowest.as_secs_f64() * 1e3
    );
    assert!(slowest < Duration::from_secs(10), "a load took {slowest:?}");
    assert!(problems.is_empty(), "{} of {cases} inputs:\n{}", problems.len(), problems.join("\n"));
    assert!(refused > cases / 4, "the corpus should mostly be refused ({refused} of {cases})");
}
