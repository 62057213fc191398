//! `cargo xtask gen`: every artifact from `docs-src/`, written only when it changed, or in
//! check mode compared and reported. One plan serves both modes (rust-analyzer's
//! `ensure_file_contents`), so `--check` can never disagree with what `gen` writes.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use doccodes_diagnostic::Diagnostic;
use doccodes_extract::{Facts, SetDeclaration, Translations, extract_with, parse_sets};
use doccodes_files::{read_text, write_atomically_with_hook};
use doccodes_model::Model;

use crate::read::ReadPages;
use crate::{STALE, SUCCESS, Terminal};

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
    let read = |(path, shown): &(PathBuf, String)| read_text(path, shown).map_err(Vec::from);
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
    let model = Model::from_yaml(&model_path, &yaml)?;
    let mut add = |path: String, contents: String| -> Result<(), Vec<Diagnostic>> {
        match outputs.files.insert(path.clone(), contents) {
            None => Ok(()),
            Some(_) => Err(vec![Diagnostic::error(format!(
                "two sets would write `{path}`: give one a `symbol:` of its own in its facts file"
            ))]),
        }
    };
    add(model_path.clone(), yaml)?;
    // The set's Rust lives in the crate that compiles it, whole, so the crate packages as it is.
    let crate_dir = format!("crates/{}", doccodes_emit_rust::crate_name(&model));
    for (path, contents) in doccodes_emit_rust::crate_files(&model, &model_path)? {
        add(format!("{crate_dir}/{path}"), contents)?;
    }
    add(
        format!("{OUTPUT}/c/{}", doccodes_emit_c::file_name(&model)),
        doccodes_emit_c::header(&model, &model_path),
    )?;
    for (locale, markdown) in doccodes_emit_markdown::files(&model, &model_path) {
        add(format!("{OUTPUT}/md/{locale}/{id}.md"), markdown)?;
    }
    Ok(())
}

/// How a file gen owns differs from the plan.
enum Change {
    Missing,
    Differs,
    NotGenerated,
}

/// The mark every file gen writes carries in its first line, and the only files it removes.
const MARK: &str = "generated by `cargo xtask gen`";

fn carries_mark(path: &Path) -> bool {
    let mut head = [0u8; 256];
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let read = std::io::Read::read(&mut file, &mut head).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..read]);
    head.lines().next().is_some_and(|line| line.contains(MARK))
}

/// The folders gen writes into: `generated/`, and each crate of a set, planned now or made by
/// an earlier gen (its manifest carries the mark), so that the crate of a set since renamed or
/// removed is cleaned up too.
fn owned_folders(root: &Path, outputs: &Outputs) -> Vec<String> {
    let mut folders = vec![OUTPUT.to_owned()];
    let planned = outputs
        .files
        .keys()
        .filter_map(|path| path.strip_prefix("crates/")?.split_once('/'))
        .map(|(name, _)| format!("crates/{name}"));
    let earlier = fs::read_dir(root.join("crates"))
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok())
        .filter(|entry| carries_mark(&entry.path().join("Cargo.toml")))
        .map(|entry| format!("crates/{}", entry.file_name().to_string_lossy()));
    for folder in planned.chain(earlier) {
        if !folders.contains(&folder) {
            folders.push(folder);
        }
    }
    folders
}

/// Sets whose id changed: a model no set makes now, whose pages make a new model.
fn renames(root: &Path, outputs: &Outputs, changes: &[(String, Change)]) -> Vec<String> {
    let sources = |path: &str, yaml: &str| -> Option<(String, Vec<String>)> {
        let model = Model::from_yaml(path, yaml).ok()?;
        let pages = model
            .sources
            .iter()
            .map(|source| source.path.clone())
            .collect();
        Some((model.id, pages))
    };
    let gone: Vec<(String, Vec<String>)> = changes
        .iter()
        .filter(|(path, change)| {
            matches!(change, Change::NotGenerated) && path.starts_with("generated/model/")
        })
        .filter_map(|(path, _)| sources(path, &fs::read_to_string(root.join(path)).ok()?))
        .collect();
    changes
        .iter()
        .filter(|(path, change)| {
            matches!(change, Change::Missing) && path.starts_with("generated/model/")
        })
        .filter_map(|(path, _)| sources(path, &outputs.files[path]))
        .filter_map(|(id, pages)| {
            let (old, _) = gone.iter().find(|(_, old_pages)| *old_pages == pages)?;
            Some(format!("set `{old}` is now `{id}`: its files are renamed"))
        })
        .collect()
}

pub(crate) fn run(
    root: &Path,
    check: bool,
    terminal: Terminal,
    stderr: &mut dyn Write,
) -> Result<i32, Vec<Diagnostic>> {
    apply(root, &plan(root)?, check, terminal, stderr)
}

/// Writes what `outputs` (the plan of `root`) says, or in check mode compares; removes the
/// files gen wrote that no set makes now.
pub(crate) fn apply(
    root: &Path,
    outputs: &Outputs,
    check: bool,
    terminal: Terminal,
    stderr: &mut dyn Write,
) -> Result<i32, Vec<Diagnostic>> {
    terminal.report(stderr, &outputs.warnings);
    let mut changes: Vec<(String, Change)> = Vec::new();
    for (path, contents) in &outputs.files {
        match fs::read(root.join(path)) {
            Ok(existing) if existing == contents.as_bytes() => {}
            Ok(_) => changes.push((path.clone(), Change::Differs)),
            Err(_) => changes.push((path.clone(), Change::Missing)),
        }
    }
    // Only files gen wrote (they carry its mark) are gen's to remove; others are said and left.
    let folders = owned_folders(root, outputs);
    let mut existing = Vec::new();
    for folder in &folders {
        list_files(&root.join(folder), folder, &mut existing);
    }
    let mut foreign = Vec::new();
    for path in existing {
        if outputs.files.contains_key(&path) {
            continue;
        }
        if carries_mark(&root.join(&path)) || path.ends_with(".tmp") {
            changes.push((path, Change::NotGenerated));
        } else {
            foreign.push(Diagnostic::warning(format!(
                "`{path}` is not one of gen's files (it lacks the `{MARK}` line); it is left as it is"
            )));
        }
    }
    terminal.report(stderr, &foreign);
    changes.sort_by(|a, b| a.0.cmp(&b.0));
    for rename in renames(root, outputs, &changes) {
        let _ = writeln!(stderr, "note: {rename}");
    }
    let up_to_date = format!(
        "{} up to date ({} files)",
        match folders.as_slice() {
            [only] => format!("{only}/ is"),
            many => format!("{}/ are", many.join("/, ")),
        },
        outputs.files.len()
    );

    if check {
        if changes.is_empty() {
            let _ = writeln!(stderr, "{up_to_date}");
            return Ok(SUCCESS);
        }
        let _ = writeln!(stderr, "error: generated files are stale:");
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

    let stops = TestHookAbort::from_env();
    for (path, change) in &changes {
        let full = root.join(path);
        stops.stop();
        let done = match change {
            Change::Missing | Change::Differs => {
                write_atomically_with_hook(&full, outputs.files[path].as_bytes(), || stops.stop())
                    .map(|()| "wrote")
            }
            Change::NotGenerated => {
                stops.stop();
                fs::remove_file(&full).map(|()| "removed")
            }
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
    stops.stop();
    if changes.is_empty() {
        let _ = writeln!(stderr, "{up_to_date}");
    }
    Ok(SUCCESS)
}

/// A test hook, never set in use: `DOCCODES_TEST_HOOK_ABORT_GEN_AT=N` makes `gen` abort the
/// process (as a kill would: no unwinding, no cleanup) at its stop number `N`, counted from 0.
/// `gen` applies its changes one at a time, in path order, and has two stops per change: one
/// before it, and one in the middle (for a write, between its temporary file and the rename;
/// a removal has nothing in the middle, so there it is still before), then one after the last.
/// Stop `2k` finds `k` changes done, stop `2k + 1` the change `k` half done, and a number past
/// the last stop lets `gen` finish. `tests/generate.rs` kills `gen` at every stop in turn and
/// finds each file old or new, never a part.
const TEST_HOOK_ABORT_GEN_AT: &str = "DOCCODES_TEST_HOOK_ABORT_GEN_AT";

/// The stops of [`TEST_HOOK_ABORT_GEN_AT`]: counted, and the chosen one aborts.
struct TestHookAbort {
    at: Option<u64>,
    passed: std::cell::Cell<u64>,
}

impl TestHookAbort {
    fn from_env() -> TestHookAbort {
        let at = std::env::var(TEST_HOOK_ABORT_GEN_AT).ok().map(|at| {
            at.parse()
                .unwrap_or_else(|_| panic!("{TEST_HOOK_ABORT_GEN_AT} is not a number: {at:?}"))
        });
        TestHookAbort {
            at,
            passed: std::cell::Cell::new(0),
        }
    }

    fn stop(&self) {
        let Some(at) = self.at else {
            return;
        };
        if self.passed.get() == at {
            std::process::abort();
        }
        self.passed.set(self.passed.get() + 1);
    }
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
