//! The `depinsim` command line, over the built-in protocols.

fn main() {
    depinsim::Cli::new().run()
}
