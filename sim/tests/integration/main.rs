//! End-to-end tests of the engine, the world, the faults and the CLI, in one test binary.

mod bad_input;
mod browser;
mod common;
mod determinism;
mod helium;
mod profiles;
mod propagation;
mod reliability;
mod replicas;
mod reports;
mod shapes;
mod studies;
mod sweeps;
