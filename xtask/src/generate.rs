//! `cargo xtask gen`: every artifact from `docs-src/`, written only when it changed, or in
//! check mode compared and reported. One plan serves both modes (rust-analyzer's
//! `ensure_file_contents`), so `--check` can never disagree with what `gen` writes.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use doccodes_diagnostic::Diagnostic;
use doccodes_extract::{Facts, SetDeclaration, Translations, extract_with, parse_sets};
use doccodes_model::Model;

use crate::files::{ReadPages, read_text, write_atomically};
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

/// The files of one set: pages (with the path to show), facts files, pages for values.
struct SetFiles {
    pages: Vec<(PathBuf, String)>,
    facts: Vec<(PathBuf, String)>,
    value_pages: Vec<(PathBuf, String)>,
    translations: Translations,
}

/// Reads the sets `docs-src/sets` declares under `root` and makes every output in memory;
/// writes nothing. Pages come from `docs-src/` only (`cargo xtask sync` brings them there), so
/// `gen` and `gen --check` always read the same inputs.
pub fn plan(root: &Path) -> Result<Outputs, Vec<Diagnostic>> {
    let mut outputs = Outputs::default();
    let sets = find_sets(root, &mut outputs.warnings)?;
    let mut errors = Vec::new();
    for (id, set) in &sets {
        match generate_set(id, set, &mut outputs) {
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

/// The file that declares the sets.
pub(crate) const SETS: &str = "docs-src/sets";

/// The sets `docs-src/sets` under `root` declares.
pub(crate) fn declarations(root: &Path) -> Result<Vec<SetDeclaration>, Vec<Diagnostic>> {
    let text = read_text(&root.join(SETS), SETS).map_err(|error| {
        vec![error.help("`docs-src/sets` declares each set: `set:`, `docs:`, `pages:`, `values:`")]
    })?;
    parse_sets(SETS, &text)
}

fn find_sets(
    root: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, SetFiles)>, Vec<Diagnostic>> {
    let declarations = declarations(root)?;
    let local = |name: &str| (root.join(INPUT).join(name), format!("{INPUT}/{name}"));
    let mut sets = Vec::new();
    let mut read = std::collections::HashSet::new();
    for declaration in declarations {
        let pages: Vec<(PathBuf, String)> =
            declaration.pages.iter().map(|name| local(name)).collect();
        let value_pages: Vec<(PathBuf, String)> = declaration
            .value_pages
            .iter()
            .map(|name| local(name))
            .collect();
        let facts: Vec<(PathBuf, String)> =
            declaration.facts.iter().map(|name| local(name)).collect();
        for (_, shown) in pages.iter().chain(&facts).chain(&value_pages) {
            read.insert(shown.clone());
        }
        sets.push((
            declaration.id,
            SetFiles {
                pages,
                facts,
                value_pages,
                translations: declaration.translations,
            },
        ));
    }
    // Files in docs-src/ no set reads are said, not silently left.
    if let Ok(entries) = fs::read_dir(root.join(INPUT)) {
        let mut names: Vec<String> = entries
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name != "sets" && !name.starts_with('.'))
            .collect();
        names.sort();
        for name in names {
            let shown = format!("{INPUT}/{name}");
            if !read.contains(&shown) {
                warnings.push(Diagnostic::warning(format!(
                    "`{shown}` is in no set of `{SETS}`; it is not read"
                )));
            }
        }
    }
    if sets.is_empty() {
        return Err(vec![Diagnostic::error(format!("`{SETS}` declares no set"))]);
    }
    Ok(sets)
}

fn generate_set(id: &str, set: &SetFiles, outputs: &mut Outputs) -> Result<(), Vec<Diagnostic>> {
    let read =
        |(path, shown): &(PathBuf, String)| read_text(path, shown).map_err(|error| vec![error]);
    let pages = ReadPages::read(&set.pages)?;
    let value_pages = ReadPages::read(&set.value_pages)?;
    let facts = set
        .facts
        .iter()
        .map(|file| Facts::parse(&file.1, &read(file)?))
        .collect::<Result<Vec<_>, _>>()?;
    let (pages, value_pages) = (pages.inputs(), value_pages.inputs());
    let extraction = extract_with(id, &pages, &facts, &value_pages, set.translations);
    let (model, diagnostics) = crate::model_or_report(extraction)?;
    outputs.warnings.extend(diagnostics);

    // Every artifact is made from the model as its YAML says, the way the proc-macro reads it:
    // what is checked in under generated/model/ is all the emitters ever saw.
    let model_path = format!("{OUTPUT}/model/{id}.yaml");
    let yaml = model.to_yaml();
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
                Change::Differs => "differs from what its sources give",
                Change::NotGenerated => "made by no set",
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
        // Hidden files are not ours, but for the temporary files of an interrupted write.
        if name.starts_with('.') && !name.ends_with(".tmp") {
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
