//! Embeds the default study and the hardware profiles in the binary, so that `depinsim run`
//! works from any folder, even when installed away from the repository.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let profiles = root.join("hardware-profiles");
    let scenario = root.join("scenarios/cloudflare-2025-11-18.toml");
    println!("cargo:rerun-if-changed={}", profiles.display());
    println!("cargo:rerun-if-changed={}", scenario.display());
    let mut files: Vec<_> = std::fs::read_dir(&profiles)
        .expect("hardware-profiles/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut code = String::from(
        "/// Hardware profiles shipped with this build: (file name, text).\npub const PROFILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy();
        writeln!(code, "    ({name:?}, include_str!({:?})),", f.canonicalize().unwrap().display().to_string()).unwrap();
    }
    code.push_str("];\n");
    writeln!(
        code,
        "/// The default study shipped with this build.\npub const DEFAULT_SCENARIO: &str = include_str!({:?});",
        scenario.canonicalize().unwrap().display().to_string()
    )
    .unwrap();
    std::fs::write(Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs"), code).unwrap();
}
