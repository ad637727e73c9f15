//! Names that become file names: a scenario's (its output folder) and its networks' (their
//! charts). One rule for all of them, so that no name can reach outside the output folder.

/// What a name may contain, for messages.
pub const ALLOWED: &str =
    "use 1 to 100 letters, digits, `-`, `_` and `.`, not starting with `.` (e.g. \"ovh-sbg-2021\")";

/// Whether `name` is safe as a file name on every platform; otherwise what is wrong with it.
pub fn file_safe(name: &str) -> Result<(), &'static str> {
    if name.is_empty() || name.chars().count() > 100 {
        return Err("must be 1 to 100 characters long");
    }
    if name.starts_with('.') {
        return Err("may not start with `.` (`..` would leave the output folder)");
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
        return Err("has a character a file name cannot safely hold");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_could_escape_or_break_a_path_are_refused() {
        for good in ["cloudflare-2025-11-18", "falls-0.5pct", "helium_hip17", "a"] {
            assert!(file_safe(good).is_ok(), "{good}");
        }
        for bad in ["", "..", ".hidden", "../../../escape-net", "a/b", "a\\b", "nul\0byte", "spa ce", &"x".repeat(101)]
        {
            assert!(file_safe(bad).is_err(), "{bad:?}");
        }
    }
}
