//! The text a scenario was read from, and where in it a value sits: the bridge from a protocol's
//! [`ConfigError`] (a key path inside a network's `params`) back to the file, line and column the
//! user wrote, or the `--set` argument that supplied the value.

use super::error::InputError;
use super::overrides::Override;
use depinsim_core::config::{ConfigError, Located};
use std::ops::Range;
use std::path::PathBuf;
use toml::de::{DeTable, DeValue};

/// The source text a scenario was read from (after `--set` overrides, which keep the file's
/// layout, so positions still match its lines).
#[derive(Clone, Debug)]
pub struct Source {
    /// File path.
    pub path: PathBuf,
    /// Text, with overrides applied.
    pub text: String,
    /// Text as written in the file, before any override: positions in messages refer to it.
    pub written: String,
}

impl Source {
    /// The span of the value at `path` (table keys, or array positions written as numbers), or of
    /// its deepest ancestor present in the text; the flag says whether the whole path was found.
    pub fn span_of(&self, path: &[String]) -> Option<(Range<usize>, bool)> {
        span_in(&self.written, path)
    }

    /// The positional form of an override's dotted `key` (array elements named by their `name`
    /// become their index), as far as the text has it: `networks.akash.params.workloads.gpu-a.gpus`
    /// becomes `networks.0.params.workloads.3.gpus`.
    fn positional(&self, key: &str) -> Vec<String> {
        let Ok(root) = DeTable::parse(&self.text) else {
            return key.split('.').map(str::to_string).collect();
        };
        let root = DeValue::Table(root.into_inner());
        let mut value = Some(&root);
        let mut out = Vec::new();
        for seg in key.split('.') {
            let (name, next) = match value {
                Some(DeValue::Array(items)) => {
                    let by_name = |v: &&toml::Spanned<DeValue>| {
                        v.get_ref().get("name").and_then(|n| n.get_ref().as_str()) == Some(seg)
                    };
                    match seg.parse::<usize>().ok().filter(|i| *i < items.len()) {
                        Some(i) => (i.to_string(), items.get(i)),
                        None => match items.iter().position(|v| by_name(&v)) {
                            Some(i) => (i.to_string(), items.get(i)),
                            None => (seg.to_string(), None),
                        },
                    }
                }
                Some(v) => (seg.to_string(), v.get(seg)),
                None => (seg.to_string(), None),
            };
            out.push(name);
            value = next.map(|v| v.get_ref());
        }
        out
    }

    /// Position of a network's element among `networks` whose `nodes` element is named `group`.
    fn group_position(&self, network: usize, group: &str) -> Option<usize> {
        let root = DeTable::parse(&self.text).ok()?;
        let root = DeValue::Table(root.into_inner());
        let nodes = root.get("networks")?.get_ref().get(network)?.get_ref().get("nodes")?;
        let DeValue::Array(groups) = nodes.get_ref() else { return None };
        groups.iter().position(|g| g.get_ref().get("name").and_then(|n| n.get_ref().as_str()) == Some(group))
    }

    /// The input error for a protocol's refusal of network `index` (named `network`), at the
    /// value it names, noting the `--set` override that supplied it.
    pub fn config_error(&self, index: usize, network: &str, error: &ConfigError, overrides: &[Override]) -> InputError {
        let net = |rest: &[&str]| {
            let mut p = vec!["networks".to_string(), index.to_string()];
            p.extend(rest.iter().map(|s| s.to_string()));
            p
        };
        let (path, shown) = match &error.at {
            Located::Param(key) if key.is_empty() => (net(&["params"]), "params".to_string()),
            Located::Param(key) => {
                let mut p = net(&["params"]);
                p.extend(key.split('.').map(str::to_string));
                (p, format!("params.{key}"))
            }
            Located::Group(group) => match self.group_position(index, group) {
                Some(g) => (net(&["nodes", &g.to_string(), "name"]), format!("nodes.{group}")),
                None => (net(&["name"]), format!("nodes.{group}")),
            },
            Located::Network => (net(&["name"]), String::new()),
        };
        // Where it is in the file as written, and whether it is in the scenario at all once the
        // overrides are applied (an override may add a key the file leaves to its default).
        let span = self.span_of(&path).map(|(s, _)| s);
        let found = span_in(&self.text, &path).is_some_and(|(_, f)| f);
        let mut message = format!("network `{network}`: {}", error.message);
        if !found {
            message.push_str(&format!(" (`{shown}` is not in the file: its default applies)"));
        }
        // The override that wrote this value, a table holding it or a value inside it, whether
        // its key names array elements by position or by name.
        let about: &[String] = match &error.at {
            Located::Group(_) if found => &path[..path.len() - 1],
            _ => &path,
        };
        let from_set = overrides.iter().rev().find(|o| {
            let key = self.positional(&o.key);
            let n = key.len().min(about.len());
            !shown.is_empty() && found && key[..n] == about[..n]
        });
        match (from_set, overrides) {
            (Some(o), _) => message.push_str(&format!(" (set by `--set {}={}`)", o.key, o.value)),
            // Written elsewhere, but an override may be why it is refused.
            (None, [_, ..]) => {
                let all: Vec<String> = overrides.iter().map(|o| format!("`--set {}={}`", o.key, o.value)).collect();
                message.push_str(&format!(" (with {})", all.join(", ")));
            }
            (None, []) => {}
        }
        let mut e = InputError::at(&self.path, &self.written, span, message);
        e.help = error.help.clone();
        e
    }
}

/// The span of the value at `path` in `text`, or of its deepest ancestor present; the flag says
/// whether the whole path was found.
fn span_in(text: &str, path: &[String]) -> Option<(Range<usize>, bool)> {
    let root = DeTable::parse(text).ok()?;
    let mut span = root.span();
    let root = DeValue::Table(root.into_inner());
    let mut value = &root;
    for seg in path {
        let next = match (value, seg.parse::<usize>()) {
            (DeValue::Array(_), Ok(i)) => value.get(i),
            _ => value.get(seg.as_str()),
        };
        let Some(next) = next else {
            return Some((span, false));
        };
        span = next.span();
        value = next.get_ref();
    }
    Some((span, true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn source(text: &str) -> Source {
        Source { path: Path::new("s.toml").into(), text: text.into(), written: text.into() }
    }

    const TEXT: &str = "name = \"x\"\n\n[[networks]]\nname = \"a\"\n\n[[networks]]\nname = \"b\"\n[networks.params]\nshare = 0.5\npoints = [{ usd = 1.0 }, { usd = -2.0 }]\n\n[[networks.nodes]]\nname = \"edge\"\n";

    #[test]
    fn a_param_path_points_at_its_value() {
        let s = source(TEXT);
        let e = ConfigError::param("share", "`share` is 0.5").help("below 0.5");
        let err = s.config_error(1, "b", &e, &[]);
        assert_eq!(err.position, Some((9, 9)));
        assert_eq!(err.message, "network `b`: `share` is 0.5");
        assert_eq!(err.help.as_deref(), Some("below 0.5"));
        let e = ConfigError::param("points.1.usd", "`usd` is -2");
        assert_eq!(s.config_error(1, "b", &e, &[]).position, Some((10, 34)));
    }

    #[test]
    fn a_missing_key_points_at_its_table_and_says_the_default_applies() {
        let s = source(TEXT);
        let err = s.config_error(1, "b", &ConfigError::param("tick", "`tick` is 0"), &[]);
        assert_eq!(err.position, Some((8, 1)));
        assert!(err.message.contains("`params.tick` is not in the file"), "{}", err.message);
    }

    #[test]
    fn groups_and_networks_point_at_their_names() {
        let s = source(TEXT);
        let err = s.config_error(1, "b", &ConfigError::group("edge", "no"), &[]);
        assert_eq!(err.position, Some((13, 8)));
        let err = s.config_error(0, "a", &ConfigError::network("no"), &[]);
        assert_eq!(err.position, Some((4, 8)));
    }

    #[test]
    fn a_value_from_set_names_the_override() {
        let s = source(TEXT);
        let set = [Override { key: "networks.b.params.share".into(), value: "1.5".into() }];
        let err = s.config_error(1, "b", &ConfigError::param("share", "`share` is 1.5"), &set);
        assert!(err.message.ends_with("(set by `--set networks.b.params.share=1.5`)"), "{}", err.message);
        let set = [Override { key: "networks.1.params.share".into(), value: "1.5".into() }];
        assert!(s.config_error(1, "b", &ConfigError::param("share", "x"), &set).message.contains("--set"));
        let set = [Override { key: "networks.b.params.points.1".into(), value: "{ usd = -2.0 }".into() }];
        let e = ConfigError::param("points.1.usd", "x");
        assert!(s.config_error(1, "b", &e, &set).message.contains("(set by `--set networks.b.params.points.1="));
        let set = [Override { key: "networks.b.params.other".into(), value: "1".into() }];
        let shown = s.config_error(1, "b", &ConfigError::param("share", "x"), &set).message;
        assert!(shown.ends_with("(with `--set networks.b.params.other=1`)"), "{shown}");
    }
}
