//! `cargo xtask sync --docs DIR...`: each set's pages brought from Microsoft docs checkouts
//! (`MicrosoftDocs/win32` and its `win32-pr.<locale>` translations) into `docs-src/` byte for
//! byte, `generated/` made again from them as `gen` makes it, and what changed in the bindings
//! told as a changelog: codes added and removed, values changed, meanings changed per locale.
//!
//! A set's `docs:` path is looked up in every checkout; the page found there replaces the file
//! of `pages:` whose name says the same locale (`sspi-status-codes.zh-tw.md` for a zh-TW page,
//! `sspi-status-codes.md` for the English one). A page read for values is named by its path in
//! a checkout, and comes from the English one. A locale the set does not list is said, not
//! added: the sets file says which pages make a set. Nothing is left half done: when the new
//! pages make no model, the old pages are put back and nothing else is written.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use doccodes_diagnostic::Diagnostic;
use doccodes_extract::set_of;
use doccodes_files::write_atomically;
use doccodes_front_matter::{FrontMatter, Locale};
use doccodes_model::{ENGLISH, Model};

use crate::generate::{self, SETS, declarations};
use crate::{SUCCESS, Terminal};

/// A page to bring: where it is in a checkout, where it goes in `docs-src/`, its new bytes.
struct Brought {
    from: PathBuf,
    to: PathBuf,
    bytes: Vec<u8>,
}

pub fn run(
    root: &Path,
    docs: &[PathBuf],
    changelog: Option<&Path>,
    terminal: Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<i32, Vec<Diagnostic>> {
    let declarations = declarations(root)?;
    let mut brought = Vec::new();
    let mut notes = Vec::new();
    let mut errors = Vec::new();
    for declaration in &declarations {
        let Some(docs_path) = &declaration.docs else {
            notes.push(Diagnostic::warning(format!(
                "set `{}` has no `docs:` path in `{SETS}`, so sync leaves its pages as they are",
                declaration.id
            )));
            continue;
        };
        // The set's own files, by the locale their names say.
        let local: BTreeMap<String, &String> = declaration
            .pages
            .iter()
            .map(|name| {
                let locale = set_of(name).1.unwrap_or_else(|| ENGLISH.to_owned());
                (locale, name)
            })
            .collect();
        let mut found = false;
        for dir in docs {
            let from = dir.join(docs_path);
            let Ok(bytes) = std::fs::read(&from) else {
                continue;
            };
            found = true;
            let locale = page_locale(&bytes, &from);
            match local.get(&locale) {
                Some(name) => brought.push(Brought {
                    from,
                    to: root.join("docs-src").join(name),
                    bytes,
                }),
                None => notes.push(Diagnostic::warning(format!(
                    "`{}` is the {locale} page of set `{}`, which `{SETS}` does not list; add `{}.{}.md` to its `pages:` to bring it",
                    from.display(),
                    declaration.id,
                    declaration.id,
                    locale.to_ascii_lowercase()
                ))),
            }
        }
        if !found {
            errors.push(
                Diagnostic::error(format!(
                    "no checkout given has `{docs_path}`, the page of set `{}`",
                    declaration.id
                ))
                .at(declaration.location.clone()),
            );
        }
        // A page read for values, named by its path in a checkout
        // (`values: desktop-src/com/com-error-codes-4.md`), comes from the English checkout.
        for name in &declaration.value_pages {
            let english = docs.iter().find_map(|dir| {
                let from = dir.join(name);
                let bytes = std::fs::read(&from).ok()?;
                (page_locale(&bytes, &from) == ENGLISH).then_some((from, bytes))
            });
            match english {
                Some((from, bytes)) => brought.push(Brought {
                    from,
                    to: root.join("docs-src").join(name),
                    bytes,
                }),
                None => notes.push(Diagnostic::warning(format!(
                    "no checkout given has the English page `{name}` that set `{}` reads for values; it is left as it is",
                    declaration.id
                ))),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    terminal.report(stderr, &notes);
    if brought.is_empty() {
        let _ = writeln!(
            stderr,
            "no page to bring; docs-src/ and generated/ are as they were"
        );
        return Ok(SUCCESS);
    }

    // The bindings as they are (as generated/ holds them), to tell what changes.
    let before = models(&checked_in_models(root));
    let old: Vec<Option<Vec<u8>>> = brought
        .iter()
        .map(|page| std::fs::read(&page.to).ok())
        .collect();
    let put_back = |stderr: &mut dyn Write| {
        for (page, old) in brought.iter().zip(&old) {
            let restored = match old {
                Some(bytes) => write_atomically(&page.to, bytes),
                None => std::fs::remove_file(&page.to),
            };
            if let Err(error) = restored {
                let _ = writeln!(
                    stderr,
                    "error: cannot put back `{}`: {error}",
                    page.to.display()
                );
            }
        }
    };
    for page in &brought {
        if let Err(error) = write_atomically(&page.to, &page.bytes) {
            put_back(stderr);
            return Err(vec![Diagnostic::error(format!(
                "cannot write `{}`: {error}",
                page.to.display()
            ))]);
        }
    }
    let outputs = match generate::plan(root) {
        Ok(outputs) => outputs,
        Err(errors) => {
            put_back(stderr);
            let _ = writeln!(
                stderr,
                "the new pages make no model; docs-src/ is as it was"
            );
            return Err(errors);
        }
    };
    for page in &brought {
        let _ = writeln!(
            stderr,
            "brought {} to {}",
            page.from.display(),
            shown(root, &page.to)
        );
    }
    let code = generate::apply(root, &outputs, false, terminal, stderr)?;
    let log = changelog_text(&before, &models(&outputs.files));
    let _ = stdout.write_all(log.as_bytes());
    if let Some(path) = changelog {
        write_atomically(path, log.as_bytes()).map_err(|error| {
            vec![Diagnostic::error(format!(
                "cannot write `{}`: {error}",
                path.display()
            ))]
        })?;
    }
    Ok(code)
}

/// `path` below `root`, as the workspace names it.
fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
        .replace('\\', "/")
}

/// The locale of a checkout's page, as the translation checks see it ([`Locale::of`]:
/// `ms.contentlocale`, else a locale in its path); English without one.
fn page_locale(bytes: &[u8], path: &Path) -> String {
    let text = String::from_utf8_lossy(bytes);
    Locale::of(
        &FrontMatter::of(doccodes_front_matter::find(&text)),
        &path.to_string_lossy(),
    )
    .map_or_else(|| ENGLISH.to_owned(), |locale| locale.tag)
}

/// The models `generated/model/` holds, by path.
fn checked_in_models(root: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(root.join("generated/model")) else {
        return BTreeMap::new();
    };
    entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let yaml = std::fs::read_to_string(entry.path()).ok()?;
            Some((format!("generated/model/{name}"), yaml))
        })
        .collect()
}

/// The models among planned outputs, by set id.
fn models(files: &BTreeMap<String, String>) -> BTreeMap<String, Model> {
    files
        .iter()
        .filter_map(|(path, yaml)| {
            let id = path
                .strip_prefix("generated/model/")?
                .strip_suffix(".yaml")?;
            Some((id.to_owned(), Model::from_yaml(path, yaml).ok()?))
        })
        .collect()
}

/// What changed from `before` to `after`, set by set, as Markdown for a pull request.
fn changelog_text(before: &BTreeMap<String, Model>, after: &BTreeMap<String, Model>) -> String {
    let mut out = String::from("# Changes to the bindings\n");
    let ids: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for id in ids {
        let _ = write!(out, "\n## {id}\n\n");
        let (old, new) = match (before.get(id), after.get(id)) {
            (None, Some(_)) => {
                out.push_str("A new set.\n");
                continue;
            }
            (Some(_), None) => {
                out.push_str("Removed.\n");
                continue;
            }
            (Some(old), Some(new)) => (old, new),
            (None, None) => continue,
        };
        let lines = changes(old, new);
        if lines.is_empty() {
            out.push_str("No change.\n");
        }
        for line in lines {
            let _ = writeln!(out, "- {line}");
        }
    }
    out
}

/// One line per change between two models of a set.
fn changes(old: &Model, new: &Model) -> Vec<String> {
    let value = |value: Option<u32>| value.map_or("no value".to_owned(), |v| format!("0x{v:08X}"));
    let mut lines = Vec::new();
    for entry in &new.entries {
        match old.entry(&entry.name) {
            None => lines.push(format!("added `{}` ({})", entry.name, value(entry.value))),
            Some(was) if was.value != entry.value => lines.push(format!(
                "`{}`: value {} → {}",
                entry.name,
                value(was.value),
                value(entry.value)
            )),
            Some(_) => {}
        }
    }
    for entry in &old.entries {
        if new.entry(&entry.name).is_none() {
            lines.push(format!("removed `{}` ({})", entry.name, value(entry.value)));
        }
    }
    // Meanings, per locale: the codes whose text changed, came or went.
    let mut meanings: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for entry in &new.entries {
        let Some(was) = old.entry(&entry.name) else {
            continue;
        };
        let locales: std::collections::BTreeSet<&String> =
            entry.meaning.keys().chain(was.meaning.keys()).collect();
        for locale in locales {
            if entry.meaning.get(locale) != was.meaning.get(locale) {
                meanings.entry(locale).or_default().push(&entry.name);
            }
        }
    }
    for (locale, names) in meanings {
        let names: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
        lines.push(format!(
            "{locale} meaning changed for {}: {}",
            if names.len() == 1 {
                "1 code".to_owned()
            } else {
                format!("{} codes", names.len())
            },
            names.join(", ")
        ));
    }
    lines
}
