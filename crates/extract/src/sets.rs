//! The sets file, `docs-src/sets`: which sets of codes `cargo xtask gen` makes, from which
//! pages, with values from where.
//!
//! ```text
//! # One paragraph per set.
//! set: sspi-status-codes
//! docs: desktop-src/SecAuthN/sspi-status-codes.md
//! pages: sspi-status-codes.zh-tw.md
//! values: sspi-status-codes.facts
//! translations: strict
//! ```
//!
//! `set` is the id. `pages` are files in `docs-src/`: the page and its translations. `docs` is
//! the page's path in a Microsoft docs checkout, from which `cargo xtask sync --docs DIR` brings
//! the set's pages (every DIR given: one per locale's checkout). `values` are facts files in
//! `docs-src/` and pages (`.md`, found like the set's pages) that give values for the set's codes; any two
//! sources that disagree are an error naming both. `translations` says what becomes of a
//! localized meaning that still lacks an identifier of its English after the certain repairs
//! (`cargo xtask l10n --fix`'s): `strict` (the default: what a set ships)
//! drops it so that the code's message in that locale is the English one, `repaired` keeps it;
//! a warning names each either way.

use std::collections::HashMap;

use doccodes_diagnostic::{Diagnostic, LineIndex, Location};

use crate::Translations;

/// One set, as declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetDeclaration {
    pub id: String,
    /// Where the `set:` line is.
    pub location: Location,
    pub docs: Option<String>,
    pub pages: Vec<String>,
    pub facts: Vec<String>,
    /// Pages read for values only.
    pub value_pages: Vec<String>,
    /// What becomes of a localized meaning that lacks an identifier of its English.
    pub translations: Translations,
}

/// Reads a sets file; every malformed line is one error.
pub fn parse_sets(path: &str, text: &str) -> Result<Vec<SetDeclaration>, Vec<Diagnostic>> {
    let index = LineIndex::new(text);
    let mut sets: Vec<SetDeclaration> = Vec::new();
    let mut errors = Vec::new();
    let mut first: HashMap<String, Location> = HashMap::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end();
        let line_start = offset;
        offset += raw.len();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let here = |column: usize| index.location(path, text, line_start + indent + column);
        let Some((key, value)) = trimmed.split_once(':') else {
            errors.push(
                Diagnostic::error("expected `key: value`").at(here(0)).help(
                    "the keys are `set`, `docs`, `pages`, `values` and `translations`, one set per paragraph",
                ),
            );
            continue;
        };
        let value = value.trim();
        let values = || value.split_whitespace().map(str::to_owned);
        if key == "set" {
            // It names the model's files, so it must be one the model loader takes (`..` is not).
            let valid = doccodes_model::is_file_stem(value)
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
            if !valid {
                errors.push(
                    Diagnostic::error(format!("`{value}` is not a set id"))
                        .at(here(key.len() + 1))
                        .help(
                            "a set id is its page's file name without `.md`: `sspi-status-codes`",
                        ),
                );
                continue;
            }
            if let Some(earlier) = first.insert(value.to_owned(), here(0)) {
                errors.push(
                    Diagnostic::error(format!("set `{value}` is declared twice"))
                        .at(here(0))
                        .related(earlier, "first here"),
                );
                continue;
            }
            sets.push(SetDeclaration {
                id: value.to_owned(),
                location: here(0),
                docs: None,
                pages: Vec::new(),
                facts: Vec::new(),
                value_pages: Vec::new(),
                // What a set ships has its English's identifiers, or is English.
                translations: Translations::Strict,
            });
            continue;
        }
        let Some(set) = sets.last_mut() else {
            errors.push(Diagnostic::error(format!("`{key}:` before any `set:` line")).at(here(0)));
            continue;
        };
        match key {
            "docs" => set.docs = Some(value.to_owned()),
            "translations" => match Translations::parse(value) {
                Some(translations) => set.translations = translations,
                None => errors.push(
                    Diagnostic::error(format!("`{value}` is not a translations setting"))
                        .at(here(trimmed.find(value).unwrap_or(0)))
                        .help("`translations: strict` (the default) or `translations: repaired`"),
                ),
            },
            "pages" => set.pages.extend(values()),
            "values" => {
                for source in values() {
                    if source.ends_with(".facts") {
                        set.facts.push(source);
                    } else if source.ends_with(".md") {
                        set.value_pages.push(source);
                    } else {
                        errors.push(
                            Diagnostic::error(format!(
                                "`{source}` is neither a facts file (.facts) nor a page (.md)"
                            ))
                            .at(here(trimmed.find(&source).unwrap_or(0))),
                        );
                    }
                }
            }
            _ => errors.push(
                Diagnostic::error(format!("unknown key `{key}`"))
                    .at(here(0))
                    .help("the keys are `set`, `docs`, `pages`, `values` and `translations`"),
            ),
        }
    }
    for set in &sets {
        if set.pages.is_empty() && set.docs.is_none() {
            errors.push(
                Diagnostic::error(format!("set `{}` names no page", set.id))
                    .at(set.location.clone())
                    .help("add `pages:` (files in docs-src/) or `docs:` (its path in a docs checkout)"),
            );
        }
    }
    if errors.is_empty() {
        Ok(sets)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sets_with_pages_docs_and_value_sources() {
        let text = "# sets\nset: sspi-status-codes\ndocs: desktop-src/SecAuthN/sspi-status-codes.md\npages: sspi-status-codes.zh-tw.md\nvalues: sspi-status-codes.facts desktop-src/com/com-error-codes-4.md\n\nset: other\npages: other.md\n";
        let sets = parse_sets("sets", text).unwrap();
        assert_eq!(sets.len(), 2);
        assert_eq!(sets[0].id, "sspi-status-codes");
        assert_eq!(
            sets[0].docs.as_deref(),
            Some("desktop-src/SecAuthN/sspi-status-codes.md")
        );
        assert_eq!(sets[0].pages, ["sspi-status-codes.zh-tw.md"]);
        assert_eq!(sets[0].facts, ["sspi-status-codes.facts"]);
        assert_eq!(
            sets[0].value_pages,
            ["desktop-src/com/com-error-codes-4.md"]
        );
        assert_eq!(sets[1].location.line, 7);
        assert_eq!(
            sets[0].translations,
            Translations::Strict,
            "what a set ships, by default"
        );
    }

    #[test]
    fn a_set_says_what_becomes_of_a_meaning_without_its_identifiers() {
        let text = "set: a\npages: a.md\ntranslations: strict\n\nset: b\npages: b.md\ntranslations: repaired\n\nset: c\npages: c.md\ntranslations: loose\n";
        let errors = parse_sets("sets", text).unwrap_err();
        let shown: Vec<(usize, usize, &str)> = errors
            .iter()
            .map(|e| {
                let at = e.location.as_ref().unwrap();
                (at.line, at.column, e.message.as_str())
            })
            .collect();
        assert_eq!(shown, [(11, 15, "`loose` is not a translations setting")]);
        let sets = parse_sets("sets", &text.replace("loose", "strict")).unwrap();
        let settings: Vec<Translations> = sets.iter().map(|set| set.translations).collect();
        assert_eq!(
            settings,
            [
                Translations::Strict,
                Translations::Repaired,
                Translations::Strict
            ]
        );
    }

    #[test]
    fn every_bad_line_is_an_error_with_its_place() {
        let text = "pages: a.md\nset: a b\nset: ok\nvalues: x.txt\nfoo: bar\nset: ok\nset: empty\nset: ..\nset: .hidden\n";
        let errors = parse_sets("sets", text).unwrap_err();
        let shown: Vec<(usize, &str)> = errors
            .iter()
            .map(|e| (e.location.as_ref().unwrap().line, e.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (1, "`pages:` before any `set:` line"),
                (2, "`a b` is not a set id"),
                (
                    4,
                    "`x.txt` is neither a facts file (.facts) nor a page (.md)"
                ),
                (5, "unknown key `foo`"),
                (6, "set `ok` is declared twice"),
                (8, "`..` is not a set id"),
                (9, "`.hidden` is not a set id"),
                (3, "set `ok` names no page"),
                (7, "set `empty` names no page"),
            ]
        );
    }
}
