//! The `depinsim` command line: run, validate and list scenarios.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
