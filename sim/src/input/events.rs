//! Outage files: one real event's timeline as data (`scenarios/outages/<event>.toml`), written
//! once with its sources and included by every study of the event:
//!
//! ```toml
//! # scenarios/outages/iberian-blackout-2025.toml
//! name = "iberian-blackout-2025"
//! description = "..."
//! sources = ["ENTSO-E ...", "REE ..."]
//! [[outages]]              # the same fields as a scenario's [[outages]], in real UTC time
//! name = "Iberian blackout: Spain"
//! target = "spain"
//! kind = "down"
//! start = "2025-04-28T10:33:00Z"
//! ```
//!
//! A scenario includes it by name and maps the event's targets onto its own world where the names
//! differ: `[[events]]` with `name = "iberian-blackout-2025"` and `targets = { spain = "es" }`.
//! An event target the study does not model is left out with `skip = ["target"]`; where the event
//! leaves open how hard a target hit (which share of the study's nodes sat behind the failing
//! part, what share of their launches failed), `[events.impact]` gives the study's own `kind`
//! (down or degraded), `loss`, `share` and `share_of` for that target's outages, e.g.
//! `aws-use1-nlb = { share = 0.33 }`; the times stay the event's.
//! The folder is found beside the scenario (`outages/`), else as `scenarios/outages/` from the
//! working directory; away from the repository the files built into the binary are used.

use super::error::InputError;
use super::profiles::{named_text, sha256_hex};
use super::schema::OutageFile;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// An outage file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    /// The event's name: the file's name without `.toml`.
    pub name: Spanned<String>,
    /// What happened.
    #[serde(default)]
    pub description: String,
    /// Where the timeline comes from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The event's outages, in real (UTC) time.
    pub outages: Vec<OutageFile>,
}

/// An outage file as read: its path and text (for positions in errors), what it says, and the
/// SHA-256 of its text (recorded with every run that includes it).
#[derive(Debug)]
pub struct LoadedEvent {
    /// Where it was read from (or `(built-in) ...` for a copy in the binary).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its content.
    pub file: EventFile,
    /// SHA-256 of `text`.
    pub sha256: String,
}

/// The outage folder for the scenario at `scenario`: `outages/` beside it, else
/// `scenarios/outages/` under the working directory.
pub fn find_event_dir(scenario: &Path) -> Option<PathBuf> {
    let dir = scenario.parent().unwrap_or(Path::new("."));
    [dir.join("outages"), PathBuf::from("scenarios/outages")].into_iter().find(|p| p.is_dir())
}

/// The names of the outage files in `dir` (or of those built in), sorted.
pub fn event_names(dir: Option<&Path>) -> Vec<String> {
    let mut names: Vec<String> = match dir {
        Some(dir) => std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                    .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                    .collect()
            })
            .unwrap_or_default(),
        None => crate::embedded::OUTAGES.iter().map(|(f, _)| f.trim_end_matches(".toml").to_string()).collect(),
    };
    names.sort();
    names
}

/// Reads outage file `name` from `dir`, or the copy built into the binary when `dir` is `None`;
/// `None` when there is no such file.
pub fn read_event(dir: Option<&Path>, name: &str) -> Result<Option<LoadedEvent>, InputError> {
    let file = format!("{name}.toml");
    let Some((path, text)) = named_text(dir, crate::embedded::OUTAGES, "(built-in) scenarios/outages", &file)? else {
        return Ok(None);
    };
    let parsed: EventFile = toml::from_str(&text).map_err(|e| InputError::from_toml(&path, &text, &e))?;
    if parsed.name.get_ref() != name {
        let span = Some(parsed.name.span());
        return Err(InputError::at(
            &path,
            &text,
            span,
            format!("the outage file is named `{}` but its file is `{file}`", parsed.name.get_ref()),
        )
        .help(format!("name it `{name}`, or rename the file")));
    }
    if parsed.sources.iter().all(|s| s.trim().is_empty()) {
        return Err(InputError::at(&path, &text, Some(parsed.name.span()), "the outage file cites no `sources`")
            .help("a real event's timeline says where it comes from: sources = [\"the operator's post-mortem ...\"]"));
    }
    let sha256 = sha256_hex(text.as_bytes());
    Ok(Some(LoadedEvent { path, text, file: parsed, sha256 }))
}
