//! Loading hardware profiles from a folder of TOML files.

use super::error::InputError;
use depinsim_core::profile::HardwareProfile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every profile in a folder, by name.
pub type Profiles = BTreeMap<String, Arc<HardwareProfile>>;

/// Reads every `*.toml` in `dir`. Each must parse, be named like its file, cite a source for
/// every figure and have figures in range.
pub fn load_profiles(dir: &Path) -> Result<Profiles, InputError> {
    let (profiles, broken) = load_used_profiles(dir)?;
    match broken.into_values().next() {
        Some(first) => Err(first),
        None => Ok(profiles),
    }
}

/// Reads every `*.toml` in `dir` as [`load_profiles`] does, but keeps going past a broken file:
/// its error is kept under the file's name, for a scenario that uses it, so that a malformed
/// profile no scenario group names does not stop every run.
pub fn load_used_profiles(dir: &Path) -> Result<(Profiles, BTreeMap<String, InputError>), InputError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        InputError::new(dir.display().to_string(), format!("cannot read the hardware profile folder: {e}"))
            .help("pass --profiles DIR, or set `profiles = \"...\"` in the scenario")
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let (mut profiles, mut broken) = (Profiles::new(), BTreeMap::new());
    for path in paths {
        match load_profile(&path) {
            Ok(profile) => {
                profiles.insert(profile.name.clone(), Arc::new(profile));
            }
            Err(e) => {
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                broken.insert(stem, e);
            }
        }
    }
    Ok((profiles, broken))
}

/// The profiles built into the binary, for runs away from the repository.
pub fn embedded_profiles() -> Result<Profiles, InputError> {
    let mut profiles = Profiles::new();
    for (file, text) in crate::embedded::PROFILES {
        let profile = parse_profile(&Path::new("(built-in) hardware-profiles").join(file), text)?;
        profiles.insert(profile.name.clone(), Arc::new(profile));
    }
    Ok(profiles)
}

/// The SHA-256 (hex) of profile `name`'s file in `dir`, or of its built-in copy when `dir` is
/// `None`: recorded with every run, so two runs on different hardware figures are told apart.
pub fn digest(dir: Option<&Path>, name: &str) -> Option<String> {
    let (_, text) = profile_text(dir, name).ok()??;
    Some(sha256_hex(text.as_bytes()))
}

/// The path and text of profile `name`'s file in `dir`, or of its built-in copy.
fn profile_text(dir: Option<&Path>, name: &str) -> Result<Option<(PathBuf, String)>, InputError> {
    named_text(dir, crate::embedded::PROFILES, "(built-in) hardware-profiles", &format!("{name}.toml"))
}

/// The path and text of `file` in `dir`, or, when `dir` is `None`, of its copy among the files
/// built into the binary (`builtin`, shown as under `builtin_dir`); `None` when there is none.
pub fn named_text(
    dir: Option<&Path>,
    builtin: &[(&str, &str)],
    builtin_dir: &str,
    file: &str,
) -> Result<Option<(PathBuf, String)>, InputError> {
    match dir {
        Some(dir) => {
            let path = dir.join(file);
            if !path.is_file() {
                return Ok(None);
            }
            let text = std::fs::read_to_string(&path)
                .map_err(|e| InputError::new(path.display().to_string(), format!("cannot read: {e}")))?;
            Ok(Some((path, text)))
        }
        None => Ok(builtin
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, t)| (Path::new(builtin_dir).join(file), t.to_string()))),
    }
}

/// The prefix of an override that reaches a hardware profile: `profiles.<name>.<field>=V`.
pub const PROFILE_PREFIX: &str = "profiles.";

/// Applies the `--set profiles.<name>.<field>=V` overrides in `sets` to the texts of the profiles
/// they name (the file in `dir`, or the built-in copy), and puts the profiles so changed in
/// `profiles`; returns the SHA-256 of each changed text, which the run records in place of the
/// file's. A profile that does not exist, a field it does not have, or a value out of range is
/// refused with the `--set` that gave it.
pub fn override_profiles(
    dir: Option<&Path>,
    profiles: &mut Profiles,
    broken: &mut BTreeMap<String, InputError>,
    sets: &[&super::overrides::Override],
) -> Result<BTreeMap<String, String>, InputError> {
    use super::overrides::{Override, apply};
    let mut by_profile: BTreeMap<&str, Vec<Override>> = BTreeMap::new();
    for o in sets {
        let shown = format!("--set {}={}", o.key, o.value);
        let rest = &o.key[PROFILE_PREFIX.len()..];
        let Some((name, field)) = rest.split_once('.').filter(|(n, f)| !n.is_empty() && !f.is_empty()) else {
            return Err(InputError::new(shown, "a profile override names a profile and a field")
                .help("e.g. --set profiles.home-server.failures_per_year=0.1"));
        };
        let known = profiles.keys().chain(broken.keys()).any(|k| k == name);
        if !known {
            let names: Vec<&str> = profiles.keys().map(String::as_str).collect();
            return Err(InputError::new(shown, format!("no hardware profile is named `{name}`"))
                .help(super::error::unknown_name_help(name, names.iter().copied())));
        }
        by_profile.entry(name).or_default().push(Override { key: field.to_string(), value: o.value.clone() });
    }
    let mut digests = BTreeMap::new();
    for (name, fields) in by_profile {
        let Some((path, text)) = profile_text(dir, name)? else {
            return Err(InputError::new(format!("{name}.toml"), "the profile's file is gone"));
        };
        let changed = apply(&text, &fields)?;
        let profile = parse_profile(&path, &changed).map_err(|mut e| {
            let sets: Vec<String> =
                fields.iter().map(|f| format!("--set profiles.{name}.{}={}", f.key, f.value)).collect();
            e.message.push_str(&format!(" (after {})", sets.join(", ")));
            e
        })?;
        broken.remove(name);
        profiles.insert(name.to_string(), Arc::new(profile));
        digests.insert(name.to_string(), sha256_hex(changed.as_bytes()));
    }
    Ok(digests)
}

/// SHA-256 of `bytes`, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads and checks one profile file.
pub fn load_profile(path: &Path) -> Result<HardwareProfile, InputError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError::new(path.display().to_string(), format!("cannot read: {e}")))?;
    parse_profile(path, &text)
}

/// Checks the profile `text` read from `path`.
fn parse_profile(path: &Path, text: &str) -> Result<HardwareProfile, InputError> {
    let profile: HardwareProfile = toml::from_str(text).map_err(|e| InputError::from_toml(path, text, &e))?;
    let at_key = |key: &str| {
        let span = text.find(&format!("\n{key} ")).map(|i| i + 1..i + 1 + key.len());
        move |msg: String| InputError::at(path, text, span, msg)
    };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if profile.name != stem {
        return Err(at_key("name")(format!("the profile is named `{}` but its file is `{stem}.toml`", profile.name))
            .help(format!("name the profile `{stem}`, or rename the file")));
    }
    if let Some(problem) = profile.check().into_iter().next() {
        return Err(InputError::new(path.display().to_string(), problem));
    }
    let uncited = profile.uncited();
    if !uncited.is_empty() {
        return Err(at_key("[sources]")(format!("figures without a source: {}", uncited.join(", ")))
            .help("every figure needs an entry in [sources]; write \"assumption: ...\" for a judgement"));
    }
    Ok(profile)
}

/// Where to look for profiles when nothing says: beside the scenario, above it, or here.
pub fn find_profile_dir(scenario: &Path) -> Option<PathBuf> {
    let dir = scenario.parent().unwrap_or(Path::new("."));
    [dir.join("hardware-profiles"), dir.join("../hardware-profiles"), PathBuf::from("hardware-profiles")]
        .into_iter()
        .find(|p| p.is_dir())
}
