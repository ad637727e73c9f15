//! Errors in what the user wrote: a scenario, a profile, a `--set`. Each names the file, line
//! and column, says what is wrong and what is allowed, and offers the nearest valid name.

use std::fmt;
use std::ops::Range;
use std::path::Path;

/// A problem with input, shown to the user; the CLI exits with code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file (or `--set`) the problem is in.
    pub origin: String,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// The offending source line, for the caret display.
    pub line_text: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What is allowed, or a suggestion.
    pub help: Option<String>,
}

impl std::error::Error for InputError {}

impl InputError {
    /// An error about a whole file or argument, with no position.
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> Self {
        InputError { origin: origin.into(), position: None, line_text: None, message: message.into(), help: None }
    }

    /// An error at byte range `span` of `text`, read from `origin`.
    pub fn at(origin: &Path, text: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        let mut e = InputError::new(origin.display().to_string(), message);
        if let Some(span) = span {
            let (line, col) = line_col(text, span.start);
            e.position = Some((line, col));
            e.line_text = text.lines().nth(line - 1).map(str::to_string);
        }
        e
    }

    /// Adds a help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Turns a TOML or serde error into an input error, improving serde's messages: an unknown
    /// key or variant gets the nearest valid name.
    pub fn from_toml(origin: &Path, text: &str, err: &toml::de::Error) -> Self {
        let message = err.message().trim().to_string();
        let help = suggestion_for(&message);
        let mut e = InputError::at(origin, text, err.span(), message);
        e.help = help;
        e
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, col)) => writeln!(f, "error: {}:{line}:{col}: {}", self.origin, self.message)?,
            None => writeln!(f, "error: {}: {}", self.origin, self.message)?,
        }
        if let (Some((line, col)), Some(text)) = (self.position, &self.line_text) {
            let gutter = line.to_string().len();
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{line} | {text}")?;
            writeln!(f, "{:gutter$} | {:>col$}", "", "^")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "help: {help}")?;
        }
        Ok(())
    }
}

/// Levenshtein distance between two short names.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(diag + usize::from(ca != *cb));
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The valid name closest to `wrong`, if it is close enough to be a likely typo.
pub fn nearest<'a>(wrong: &str, valid: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(2);
    valid
        .into_iter()
        .map(|v| (edit_distance(wrong, v), v))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

/// A help line for an unknown name: the nearest valid one, and the list of what is allowed.
pub fn unknown_name_help<'a>(wrong: &str, valid: impl IntoIterator<Item = &'a str> + Clone) -> String {
    let list: Vec<&str> = valid.clone().into_iter().collect();
    let shown = if list.len() > 12 {
        format!("{}, ... ({} in all)", list[..12].join(", "), list.len())
    } else {
        list.join(", ")
    };
    match nearest(wrong, valid) {
        Some(n) => format!("did you mean `{n}`? allowed: {shown}"),
        None if list.is_empty() => "none are defined".to_string(),
        None => format!("allowed: {shown}"),
    }
}

/// serde writes "unknown field `x`, expected one of `a`, `b`" (or "expected `a` or `b`"); pull out
/// the names and suggest the nearest.
fn suggestion_for(message: &str) -> Option<String> {
    let kind = ["unknown field `", "unknown variant `"].into_iter().find(|k| message.starts_with(k))?;
    let rest = &message[kind.len()..];
    let wrong = &rest[..rest.find('`')?];
    let expected = &rest[rest.find("expected")?..];
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    Some(unknown_name_help(wrong, names.iter().copied()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_name_for_typos() {
        assert_eq!(nearest("sampel_every", ["seed", "sample_every", "start"]), Some("sample_every"));
        assert_eq!(nearest("hdd-storge-server", ["hdd-storage-server", "home-server"]), Some("hdd-storage-server"));
        assert_eq!(nearest("zzz", ["seed", "start"]), None);
    }

    #[test]
    fn unknown_field_messages_get_a_suggestion() {
        let help =
            suggestion_for("unknown field `sampel_every`, expected one of `name`, `sample_every`, `seed`").unwrap();
        assert!(help.starts_with("did you mean `sample_every`?"), "{help}");
        assert!(suggestion_for("invalid type: found string").is_none());
    }

    #[test]
    fn positions_are_one_based_and_render_a_caret() {
        let text = "a = 1\nbb = oops\n";
        let e = InputError::at(Path::new("s.toml"), text, Some(11..15), "bad value");
        assert_eq!(e.position, Some((2, 6)));
        let shown = e.to_string();
        assert!(shown.starts_with("error: s.toml:2:6: bad value"), "{shown}");
        assert!(shown.contains("2 | bb = oops"), "{shown}");
    }
}
