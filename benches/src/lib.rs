//! Criterion benches of depinsim: `benches/engine.rs` (event queue and engine hold models) and
//! `benches/scenario.rs` (whole scenarios). Run with `cargo bench -p depinsim-benches`; the figures
//! and the commands that produced them are in BENCHMARKS.md.
