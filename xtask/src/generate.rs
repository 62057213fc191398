//! `cargo xtask gen`: every artifact from `docs-src/`, written only when it changed, or in
//! check mode compared and reported. One plan serves both modes (rust-analyzer's
//! `ensure_file_contents`), so `--check` can never disagree with what `gen` writes.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use doccodes_diagnostic::Diagnostic;
use doccodes_extract::{Facts, PageInput, extract, set_of};
use doccodes_model::Model;

use crate::files::{read_text, write_atomically};
use crate::{STALE, SUCCESS, report};

const INPUT: &str = "docs-src";
const OUTPUT: &str = "generated";

/// What `gen` makes of a workspace: each file under `generated/` (path relative to the root,
/// `/`-separated) with its contents, and the warnings met on the way.
#[derive(Debug, Default)]
pub struct Outputs {
    pub files: BTreeMap<String, String>,
    pub warnings: Vec<Diagnostic>,
}

/// The pages and facts file of one set in `docs-src/`.
#[derive(Default)]
struct SetFiles {
    pages: Vec<String>,
    facts: Option<String>,
}

/// Reads `docs-src/` under `root` and makes every output in memory; writes nothing.
pub fn plan(root: &Path) -> Result<Outputs, Vec<Diagnostic>> {
    let mut outputs = Outputs::default();
    let sets = find_sets(root, &mut outputs.warnings)?;
    let mut errors = Vec::new();
    for (id, set) in &sets {
        match generate_set(root, id, set, &mut outputs) {
            Ok(()) => {}
            Err(mut set_errors) => errors.append(&mut set_errors),
        }
    }
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(errors)
    }
}

fn find_sets(
    root: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<BTreeMap<String, SetFiles>, Vec<Diagnostic>> {
    let entries = fs::read_dir(root.join(INPUT)).map_err(|error| {
        vec![Diagnostic::error(format!(
            "cannot read `{}`: {error}",
            root.join(INPUT).display()
        ))]
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut sets: BTreeMap<String, SetFiles> = BTreeMap::new();
    for name in names {
        let path = format!("{INPUT}/{name}");
        if name.ends_with(".md") {
            sets.entry(set_of(&name).0).or_default().pages.push(path);
        } else if let Some(id) = name.strip_suffix(".facts") {
            sets.entry(id.to_owned()).or_default().facts = Some(path);
        } else if !name.starts_with('.') {
            warnings.push(Diagnostic::warning(format!(
                "`{path}` is neither a page (.md) nor a facts file (.facts); it is not read"
            )));
        }
    }
    let orphans: Vec<Diagnostic> = sets
        .iter()
        .filter(|(_, set)| set.pages.is_empty())
        .map(|(id, set)| {
            Diagnostic::error(format!(
                "`{}` is the facts file of set `{id}`, but no page `{id}*.md` is beside it",
                set.facts.as_deref().unwrap_or_default()
            ))
        })
        .collect();
    if !orphans.is_empty() {
        return Err(orphans);
    }
    if sets.is_empty() {
        return Err(vec![Diagnostic::error(format!(
            "`{INPUT}/` holds no pages"
        ))]);
    }
    Ok(sets)
}

fn generate_set(
    root: &Path,
    id: &str,
    set: &SetFiles,
    outputs: &mut Outputs,
) -> Result<(), Vec<Diagnostic>> {
    let read = |path: &str| read_text(&root.join(path), path).map_err(|error| vec![error]);
    let texts = set
        .pages
        .iter()
        .map(|path| read(path))
        .collect::<Result<Vec<_>, _>>()?;
    let pages: Vec<PageInput<'_>> = set
        .pages
        .iter()
        .zip(&texts)
        .map(|(path, text)| PageInput { path, text })
        .collect();
    let facts = match &set.facts {
        Some(path) => Some(Facts::parse(path, &read(path)?)?),
        None => None,
    };
    let extracted = extract(id, &pages, facts.as_ref())?;
    outputs.warnings.extend(extracted.warnings);

    // Every artifact is made from the model as its YAML says, the way the proc-macro reads it:
    // what is checked in under generated/model/ is all the emitters ever saw.
    let model_path = format!("{OUTPUT}/model/{id}.yaml");
    let yaml = extracted.model.to_yaml();
    let model = Model::from_yaml(&model_path, &yaml).map_err(|error| vec![error])?;
    let symbol = &model.symbol;
    let mut add = |path: String, contents: String| -> Result<(), Vec<Diagnostic>> {
        match outputs.files.insert(path.clone(), contents) {
            None => Ok(()),
            Some(_) => Err(vec![Diagnostic::error(format!(
                "two sets would write `{path}`: give one a `symbol:` of its own in its facts file"
            ))]),
        }
    };
    add(model_path.clone(), yaml)?;
    let rust = doccodes_emit_rust::file(&model, &model_path).map_err(|error| vec![error])?;
    add(format!("{OUTPUT}/rust/{symbol}.rs"), rust)?;
    add(
        format!("{OUTPUT}/c/{}", doccodes_emit_c::file_name(&model)),
        doccodes_emit_c::header(&model, &model_path),
    )?;
    for (locale, markdown) in doccodes_emit_markdown::files(&model, &model_path) {
        add(format!("{OUTPUT}/md/{locale}/{id}.md"), markdown)?;
    }
    Ok(())
}

/// How a file under `generated/` differs from the plan.
enum Change {
    Missing,
    Differs,
    NotGenerated,
}

pub(crate) fn run(
    root: &Path,
    check: bool,
    stderr: &mut dyn Write,
) -> Result<i32, Vec<Diagnostic>> {
    let outputs = plan(root)?;
    report(stderr, &outputs.warnings);
    let mut changes: Vec<(String, Change)> = Vec::new();
    for (path, contents) in &outputs.files {
        match fs::read(root.join(path)) {
            Ok(existing) if existing == contents.as_bytes() => {}
            Ok(_) => changes.push((path.clone(), Change::Differs)),
            Err(_) => changes.push((path.clone(), Change::Missing)),
        }
    }
    let mut existing = Vec::new();
    list_files(&root.join(OUTPUT), OUTPUT, &mut existing);
    for path in existing {
        if !outputs.files.contains_key(&path) {
            changes.push((path, Change::NotGenerated));
        }
    }
    changes.sort_by(|a, b| a.0.cmp(&b.0));

    if check {
        if changes.is_empty() {
            let _ = writeln!(
                stderr,
                "{OUTPUT}/ is up to date ({} files)",
                outputs.files.len()
            );
            return Ok(SUCCESS);
        }
        let _ = writeln!(stderr, "error: {OUTPUT}/ is stale:");
        for (path, change) in &changes {
            let why = match change {
                Change::Missing => "missing",
                Change::Differs => "differs from what docs-src/ gives",
                Change::NotGenerated => "not generated from docs-src/",
            };
            let _ = writeln!(stderr, "  {path}: {why}");
        }
        let _ = writeln!(
            stderr,
            "  = help: run `cargo xtask gen` and commit the result"
        );
        return Ok(STALE);
    }

    for (path, change) in &changes {
        let full = root.join(path);
        let done = match change {
            Change::Missing | Change::Differs => {
                write_atomically(&full, outputs.files[path].as_bytes()).map(|()| "wrote")
            }
            Change::NotGenerated => fs::remove_file(&full).map(|()| "removed"),
        };
        match done {
            Ok(verb) => {
                let _ = writeln!(stderr, "{verb} {path}");
            }
            Err(error) => {
                return Err(vec![Diagnostic::error(format!(
                    "cannot write `{path}`: {error}"
                ))]);
            }
        }
    }
    if changes.is_empty() {
        let _ = writeln!(
            stderr,
            "{OUTPUT}/ is up to date ({} files)",
            outputs.files.len()
        );
    }
    Ok(SUCCESS)
}

/// Every file under `dir` (named `shown`), except dot files such as a temporary file in flight.
fn list_files(dir: &Path, shown: &str, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|entry| entry.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = format!("{shown}/{name}");
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => list_files(&entry.path(), &path, out),
            Ok(_) => out.push(path),
            Err(_) => {}
        }
    }
}
