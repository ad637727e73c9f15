//! Embeds the default study and the hardware profiles in the binary, so that `depinsim run`
//! works from any folder, even when installed away from the repository; and names the source
//! the binary was built from (`DEPINSIM_BUILD`), so that outputs and sweeps can tell two builds
//! of the same version apart.

use std::fmt::Write;
use std::path::Path;
use std::process::Command;

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
    // The outage files, for the same reason: a scenario includes them by name.
    let outages = root.join("scenarios/outages");
    println!("cargo:rerun-if-changed={}", outages.display());
    let mut events: Vec<_> = std::fs::read_dir(&outages)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect()
        })
        .unwrap_or_default();
    events.sort();
    code.push_str(
        "/// Outage files shipped with this build: (file name, text).\npub const OUTAGES: &[(&str, &str)] = &[\n",
    );
    for f in &events {
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
    build_identity(&root);
}

/// `DEPINSIM_BUILD`: the package version, and where the source is a git checkout its commit, with
/// a digest of any uncommitted change to tracked files (two different edits of one commit are two
/// builds). Rerun whenever the commit or any tracked source may have changed.
fn build_identity(root: &Path) {
    let version = env!("CARGO_PKG_VERSION");
    let git = |args: &[&str]| -> Option<Vec<u8>> {
        let out = Command::new("git").arg("-C").arg(root).args(args).output().ok()?;
        out.status.success().then_some(out.stdout)
    };
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).trim().to_string();
    let identity = match git(&["rev-parse", "--short=12", "HEAD"]).map(text) {
        Some(commit) if !commit.is_empty() => {
            for dir in ["git-dir", "git-common-dir"] {
                if let Some(d) = git(&["rev-parse", &format!("--{dir}")]).map(text) {
                    let d = root.join(d);
                    for f in ["HEAD", "index", "refs", "packed-refs"] {
                        println!("cargo:rerun-if-changed={}", d.join(f).display());
                    }
                }
            }
            for dir in SOURCES {
                println!("cargo:rerun-if-changed={}", root.join(dir).display());
            }
            let mut args = vec!["diff", "HEAD", "--no-ext-diff", "--"];
            args.extend(SOURCES);
            let diff = git(&args).unwrap_or_default();
            if diff.is_empty() {
                format!("{version} (commit {commit})")
            } else {
                format!("{version} (commit {commit}, modified {:016x})", fnv1a(&diff))
            }
        }
        _ => version.to_string(),
    };
    println!("cargo:rustc-env=DEPINSIM_BUILD={identity}");
}

/// What the binary is built from (the code and what it embeds), relative to the workspace root.
const SOURCES: [&str; 11] = [
    "Cargo.toml",
    "Cargo.lock",
    "sim/Cargo.toml",
    "sim/build.rs",
    "sim/src",
    "sim/engine",
    "protocols",
    "reports",
    "hardware-profiles",
    "scenarios/cloudflare-2025-11-18.toml",
    "scenarios/outages",
];

/// FNV-1a, 64 bits: a short fingerprint of the uncommitted diff (it names a build, it guards
/// nothing, so a cryptographic hash would add a build dependency for no gain).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}
