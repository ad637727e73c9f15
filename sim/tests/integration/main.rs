//! End-to-end tests of the engine, the world, the faults and the CLI, in one test binary.

mod aleph_arweave;
mod bad_input;
mod browser;
mod catalogue;
mod common;
mod compute;
mod determinism;
mod end_of_run;
mod estimate;
mod events;
mod folders;
mod fuzz;
mod helium;
mod hive_power;
mod profiles;
mod propagation;
mod protocol_checks;
mod provenance;
mod reliability;
mod replicas;
mod reports;
mod shapes;
mod sources;
mod studies;
mod sweeps;
mod traffic_share;
