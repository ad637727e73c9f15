//! The shipped hardware profiles: all load, every figure cites a source, the required kinds exist,
//! and the copies built into the binary match the files.

use crate::common::root;
use depinsim::scenario::profiles::{embedded_profiles, load_profiles};

#[test]
fn shipped_profiles_load_with_every_figure_cited() {
    let profiles = load_profiles(&root().join("hardware-profiles")).unwrap_or_else(|e| panic!("{e}"));
    for required in [
        "lorawan-hotspot",
        "5g-small-cell",
        "home-server",
        "gpu-rig-rtx4090",
        "gpu-server-h100",
        "hdd-storage-server",
        "dedicated-server",
        "cloud-vm",
        "cdn-pop",
    ] {
        let p = profiles.get(required).unwrap_or_else(|| panic!("no profile {required}"));
        assert!(p.uncited().is_empty(), "{required}: {:?}", p.uncited());
        assert!(p.check().is_empty(), "{required}: {:?}", p.check());
    }
    // Figures that the reference notes give directly (docs/reference/hardware.md).
    assert!(profiles["gpu-rig-rtx4090"].capex_usd >= 1_599.0, "RTX 4090 launch MSRP is $1,599");
    assert_eq!(profiles["gpu-rig-rtx4090"].capacity.gpus, Some(1));
    assert_eq!(profiles["gpu-server-h100"].capacity.gpus, Some(8));
}

#[test]
fn built_in_profiles_match_the_files() {
    let files = load_profiles(&root().join("hardware-profiles")).unwrap();
    let built_in = embedded_profiles().unwrap();
    assert_eq!(files, built_in);
}
