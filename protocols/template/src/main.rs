//! The depinsim command line with the built-in protocols and this crate's own.

fn main() {
    depinsim::Cli::new().protocol::<depinsim_template::Uptime>().run()
}
