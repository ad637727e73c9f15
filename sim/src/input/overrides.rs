//! `--set KEY=VALUE`: change any value of a scenario before it is read.
//!
//! Keys are dotted paths. An array of tables is indexed by position or by the `name` of an
//! element: `networks.content.nodes.storage.count=100000` sets `count` in the `nodes` element
//! named `storage` of the `networks` element named `content`. The value is read as TOML (a
//! number, a boolean, a quoted string, an array) and otherwise taken as a bare string.

use super::error::{InputError, unknown_name_help};
use toml_edit::{DocumentMut, Item, Value};

/// One `KEY=VALUE` override.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    /// Dotted path.
    pub key: String,
    /// Raw value text.
    pub value: String,
}

impl std::str::FromStr for Override {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (key, value) = s.split_once('=').ok_or_else(|| format!("`{s}` is not KEY=VALUE"))?;
        if key.trim().is_empty() {
            return Err(format!("`{s}` has an empty key"));
        }
        Ok(Override { key: key.trim().to_string(), value: value.trim().to_string() })
    }
}

/// Applies `overrides` to the TOML `text`, keeping its layout so that positions in later error
/// messages still match the file's lines.
pub fn apply(text: &str, overrides: &[Override]) -> Result<String, InputError> {
    if overrides.is_empty() {
        return Ok(text.to_string());
    }
    let mut doc: DocumentMut =
        text.parse().map_err(|e: toml_edit::TomlError| InputError::new("scenario", e.message().to_string()))?;
    for o in overrides {
        set(doc.as_item_mut(), &o.key, parse_value(&o.value))
            .map_err(|(msg, help)| InputError::new(format!("--set {}={}", o.key, o.value), msg).help(help))?;
    }
    Ok(doc.to_string())
}

fn parse_value(raw: &str) -> Value {
    raw.parse::<Value>().unwrap_or_else(|_| Value::from(raw))
}

fn set(root: &mut Item, key: &str, value: Value) -> Result<(), (String, String)> {
    let parts: Vec<&str> = key.split('.').collect();
    let mut item = root;
    for (depth, part) in parts.iter().enumerate() {
        let last = depth + 1 == parts.len();
        let path = parts[..depth].join(".");
        item = match item {
            Item::Table(_) | Item::Value(Value::InlineTable(_)) => {
                let table = item.as_table_like_mut().expect("table-like");
                if last {
                    if table.get(part).is_none() {
                        table.insert(part, Item::Value(value));
                        return Ok(());
                    }
                } else if table.get(part).is_none() {
                    // A table the file leaves to its defaults (`params.aws`, `params.groups.x`):
                    // created inline, and the scenario's schema refuses it if the key is unknown.
                    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
                    if path.is_empty() {
                        return Err((
                            format!("no key `{part}` at this level"),
                            unknown_name_help(part, keys.iter().map(String::as_str)),
                        ));
                    }
                    table.insert(part, Item::Value(Value::InlineTable(Default::default())));
                }
                table.get_mut(part).expect("present")
            }
            Item::ArrayOfTables(array) => {
                let names: Vec<String> =
                    array.iter().filter_map(|t| t.get("name").and_then(|n| n.as_str()).map(str::to_string)).collect();
                let index = part
                    .parse::<usize>()
                    .ok()
                    .filter(|i| *i < array.len())
                    .or_else(|| names.iter().position(|n| n == part));
                let Some(index) = index else {
                    return Err((
                        format!(
                            "`{path}` has no element named `{part}` (and it is not an index below {})",
                            array.len()
                        ),
                        unknown_name_help(part, names.iter().map(String::as_str)),
                    ));
                };
                let table = array.get_mut(index).expect("in range");
                if last {
                    return Err((format!("`{key}` is a table; set one of its keys"), "e.g. KEY.count=10".into()));
                }
                // Descend into the element, which is a table.
                return set_in_table(table, &parts[depth + 1..], key, value);
            }
            Item::Value(v @ Value::Array(_)) => {
                return set_in_value(v, &parts[depth..], &path, value)
                    .map_err(|(m, h)| (format!("in `{key}`: {m}"), h));
            }
            _ => {
                return Err((
                    format!("`{path}` is a value, not a table; cannot set `{part}` inside it"),
                    "shorten the key".into(),
                ));
            }
        };
        if last {
            return replace(item, value, key);
        }
    }
    Ok(())
}

/// Sets `parts` inside an inline value: an inline table's key, or an inline array's element by
/// position or by the `name` of an inline table in it (`akt_price.1.usd`, `areas.ring.lat`).
fn set_in_value(item: &mut Value, parts: &[&str], path: &str, value: Value) -> Result<(), (String, String)> {
    let Some((part, rest)) = parts.split_first() else {
        let decor = item.decor().clone();
        *item = value;
        *item.decor_mut() = decor;
        return Ok(());
    };
    let here = if path.is_empty() { part.to_string() } else { format!("{path}.{part}") };
    let next = match item {
        Value::InlineTable(table) => {
            if rest.is_empty() && table.get(part).is_none() {
                table.insert(*part, value);
                return Ok(());
            }
            if table.get(part).is_none() {
                table.insert(*part, Value::InlineTable(Default::default()));
            }
            table.get_mut(part).expect("present")
        }
        Value::Array(array) => {
            let names: Vec<String> = array
                .iter()
                .map(|v| {
                    v.as_inline_table().and_then(|t| t.get("name")).and_then(|n| n.as_str()).unwrap_or("").to_string()
                })
                .collect();
            let index = part
                .parse::<usize>()
                .ok()
                .filter(|i| *i < array.len())
                .or_else(|| names.iter().position(|n| n == part));
            let len = array.len();
            match index.and_then(|i| array.get_mut(i)) {
                Some(v) => v,
                None => {
                    let named: Vec<&str> = names.iter().map(String::as_str).filter(|n| !n.is_empty()).collect();
                    return Err((
                        format!("`{path}` has no element named `{part}` (and it is not an index below {len})"),
                        unknown_name_help(part, named),
                    ));
                }
            }
        }
        _ => {
            return Err((
                format!("`{path}` is a value, not a table; cannot set `{part}` inside it"),
                "shorten the key".into(),
            ));
        }
    };
    set_in_value(next, rest, &here, value)
}

fn set_in_table(table: &mut toml_edit::Table, parts: &[&str], key: &str, value: Value) -> Result<(), (String, String)> {
    let mut item = Item::Table(std::mem::take(table));
    let result = set(&mut item, &parts.join("."), value);
    *table = item.into_table().expect("still a table");
    result.map_err(|(m, h)| (format!("in `{key}`: {m}"), h))
}

fn replace(item: &mut Item, value: Value, key: &str) -> Result<(), (String, String)> {
    match item {
        Item::Value(old) => {
            let decor = old.decor().clone();
            *old = value;
            *old.decor_mut() = decor;
            Ok(())
        }
        _ => Err((format!("`{key}` is a table; set one of its keys"), "e.g. KEY.count=10".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "seed = 1\n[[networks]]\nname = \"a\"\n[[networks.nodes]]\nname = \"s\"\ncount = 3 # nodes\n[networks.params]\nk = 2\n";

    fn set1(key: &str, value: &str) -> Result<String, InputError> {
        apply(DOC, &[Override { key: key.into(), value: value.into() }])
    }

    #[test]
    fn sets_values_by_name_and_index_keeping_lines() {
        let out = set1("networks.a.nodes.s.count", "100000").unwrap();
        assert!(out.contains("count = 100000 # nodes"), "{out}");
        assert_eq!(out.lines().count(), DOC.lines().count());
        let out = set1("networks.0.params.k", "3").unwrap();
        assert!(out.contains("k = 3"), "{out}");
        let out = set1("seed", "7").unwrap();
        assert!(out.starts_with("seed = 7"), "{out}");
        let out = set1("networks.a.params.placement", "sites").unwrap();
        assert!(out.contains("placement = \"sites\""), "{out}");
    }

    #[test]
    fn sets_inside_inline_arrays_by_index_and_by_name() {
        let doc = "[p]\nprice = [{ at = \"0d\", usd = 1.0 }, { at = \"9d\", usd = 2.0 }]\nareas = [{ name = \"ring\", lat = 1.0 }]\n";
        let set = |k: &str, v: &str| apply(doc, &[Override { key: k.into(), value: v.into() }]);
        let out = set("p.price.1.usd", "0.5").unwrap();
        assert!(out.contains("{ at = \"9d\", usd = 0.5 }"), "{out}");
        assert_eq!(out.lines().count(), doc.lines().count());
        let out = set("p.areas.ring.lat", "2.0").unwrap();
        assert!(out.contains("lat = 2.0"), "{out}");
        let e = set("p.price.5.usd", "1").unwrap_err();
        assert!(e.message.contains("not an index below 2"), "{}", e.message);
        let e = set("p.areas.rign.lat", "1").unwrap_err();
        assert!(e.help.unwrap().contains("did you mean `ring`"));
    }

    #[test]
    fn unknown_paths_name_the_nearest_key() {
        let e = set1("networks.b.nodes.s.count", "1").unwrap_err();
        assert!(e.message.contains("no element named `b`"), "{}", e.message);
        let e = set1("sede.x", "1").unwrap_err();
        assert!(e.help.unwrap().contains("did you mean `seed`"));
        // A table the file leaves to its defaults is created, for the schema to check.
        let out = set1("networks.a.params.aws.per_vcpu", "0.5").unwrap();
        assert!(out.contains("aws = { per_vcpu = 0.5 }"), "{out}");
        assert!("nokey".parse::<Override>().is_err());
    }
}
