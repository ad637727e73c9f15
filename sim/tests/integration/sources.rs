//! What the scenario files, profiles and models cite is in the repository (docs/reference/).

use crate::common::root;

#[test]
fn every_reference_note_the_repository_cites_is_in_it() {
    let mut cited = Vec::new();
    let mut stack = vec![root().join("scenarios"), root().join("hardware-profiles"), root().join("protocols")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "toml" || x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(!text.contains("shared/reference"), "{} cites notes outside the repository", path.display());
                for (i, _) in text.match_indices("docs/reference/") {
                    let rest = &text[i..];
                    let end = rest.find(|c: char| !(c.is_alphanumeric() || "/._-".contains(c))).unwrap_or(rest.len());
                    cited.push((path.clone(), rest[..end].trim_end_matches('.').to_string()));
                }
            }
        }
    }
    assert!(cited.len() > 20, "found only {} citations", cited.len());
    for (file, note) in cited {
        assert!(root().join(&note).is_file(), "{} cites {note}, which is not in the repository", file.display());
    }
}
