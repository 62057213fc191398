//! `cargo xtask`: the commands of DESIGN.md over the library crates. This crate reads
//! arguments and files, calls the stages, and writes files; it decides nothing about pages,
//! models or generated code.
//!
//! Exit codes: 0 success, 1 stale output (`gen --check`), 2 bad usage or bad input.

mod bench;
mod bench_macro;
mod exchange;
mod files;
mod generate;
mod l10n;
mod site;
mod sync;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use doccodes_diagnostic::Diagnostic;
use doccodes_extract::{Extraction, Facts, against, extract, set_of};
use doccodes_model::Model;

pub use generate::{Outputs, plan};

pub const SUCCESS: i32 = 0;
pub const STALE: i32 = 1;
pub const BAD_INPUT: i32 = 2;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Generate code from Microsoft Learn status-code pages, and check their translations.",
    after_help = "Examples:
  cargo xtask gen                                   regenerate generated/ from docs-src/
  cargo xtask gen --check                           exit 1 if generated/ is stale (CI)
  cargo xtask sync --docs ../win32 --docs ../win32-pr.zh-tw    bring the sets' pages from docs
                                                    checkouts, regenerate, print the changelog
  cargo xtask model docs-src/sspi-status-codes.zh-tw.md        print a page's model
  cargo xtask model --site ../win32/desktop-src --out models   every code page's model
  cargo xtask model page.md --against /usr/x86_64-w64-mingw32/include/winerror.h
                                                    documented values a header contradicts
  cargo xtask l10n --format html ../win32-pr.zh-tw/desktop-src > review.html
  cargo xtask l10n --fix --deny warning page.zh-tw.md          repair what is certain, then check
  cargo xtask l10n --glossary dnt.tbx zh-tw/ > report.txt      also the terms the translations
                                                    broke, for the MT system's glossary
  cargo xtask export --format po page.zh-tw.md > page.po         segments for a CAT tool
  cargo xtask import page.po page.zh-tw.md                     corrected targets back in
  cargo xtask bench --corpus ../win32-pr.zh-tw/desktop-src     l10n and model against the floor
  cargo xtask bench-macro                           include_codes! against the generated file"
)]
struct Cli {
    /// The workspace to work in (default: the one this xtask belongs to).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Make every set docs-src/sets declares into generated/ (model, Rust, C, Markdown).
    Gen {
        /// Write nothing; exit 1 and list what is stale.
        #[arg(long)]
        check: bool,
    },
    /// Bring each set's pages from Microsoft docs checkouts into docs-src/ (byte for byte),
    /// regenerate generated/, and print what changed in the bindings as Markdown.
    Sync {
        /// A Microsoft docs checkout (one per locale, repeatable: `MicrosoftDocs/win32`, a
        /// `win32-pr.<locale>` on branch `live-sxs`): each set's page is its `docs:` path there.
        #[arg(long, value_name = "DIR", required = true)]
        docs: Vec<PathBuf>,
        /// Also write the changelog to FILE, for a pull request.
        #[arg(long, value_name = "FILE")]
        changelog: Option<PathBuf>,
    },
    /// Print the canonical model of the given pages (translations of one page) to stdout; with
    /// --site, write the model of every page of a docs site that lists codes.
    Model {
        #[arg(required_unless_present = "site", value_name = "PAGE")]
        pages: Vec<PathBuf>,
        /// The facts file (values the pages lack); default: `<set>.facts` beside the first page.
        #[arg(long, value_name = "FILE", conflicts_with = "site")]
        facts: Option<PathBuf>,
        /// A page read only for the values of these pages' codes (repeatable).
        #[arg(long, value_name = "PAGE", conflicts_with = "site")]
        values: Vec<PathBuf>,
        /// C headers, or folders of them (mingw-w64's include/, your own winerror.h), to
        /// compare the documented values with: each name a header defines with another value
        /// is a warning naming both places, then a count. Models are written unchanged.
        #[arg(long, value_name = "HEADER", num_args = 1..)]
        against: Vec<PathBuf>,
        /// A docs site (a folder searched for *.md): each page that lists codes is a set of its
        /// own, written to --out; pages of prose are counted.
        #[arg(long, value_name = "DIR", requires = "out", conflicts_with = "pages")]
        site: Option<PathBuf>,
        /// Where --site writes each model: `OUT/<the page's path below DIR>.yaml`.
        #[arg(long, value_name = "OUT", requires = "site")]
        out: Option<PathBuf>,
    },
    /// Check translations: every defect of the bilingual pages in PATH (files, or folders
    /// searched for *.md), against each segment's own English and, with --source-root, today's
    /// English page.
    L10n(l10n::Options),
    /// Write a page's segments for a CAT tool: XLIFF 2.0 or PO on stdout, findings as notes.
    Export {
        #[arg(long, value_enum)]
        format: exchange::Format,
        #[arg(value_name = "PAGE")]
        page: PathBuf,
    },
    /// Write the targets of a CAT tool's file (.po, .xlf, .xliff) back into PAGE: only those
    /// spans' text changes.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(value_name = "PAGE")]
        page: PathBuf,
    },
    /// Measure l10n and model over a docs site against one pulldown-cmark pass on the same
    /// files (the floor): wall time, MB/s, peak RSS, time per MB at 10%, 50% and 100%.
    Bench {
        /// The pages to measure on, such as a localized site's desktop-src/.
        #[arg(long, value_name = "DIR")]
        corpus: PathBuf,
    },
    /// Time rebuilding a crate that gets the SSPI items from include_codes! against one that
    /// include!s the generated file (builds in target/bench-macro).
    BenchMacro {
        /// Rebuilds of each crate; the median is reported.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
        runs: u16,
    },
}

/// Runs the command line `args` (program name first); returns the exit code.
pub fn run<I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        // --help and --version are output, on stdout; usage errors go to stderr.
        Err(error) if error.use_stderr() => {
            let _ = write!(stderr, "{}", error.render());
            return BAD_INPUT;
        }
        Err(help) => {
            let _ = write!(stdout, "{}", help.render());
            return SUCCESS;
        }
    };
    let root = cli.root.unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask/ is inside the workspace")
            .to_path_buf()
    });
    let result = match cli.command {
        Command::Gen { check } => generate::run(&root, check, stderr),
        Command::Sync { docs, changelog } => {
            sync::run(&root, &docs, changelog.as_deref(), stdout, stderr)
        }
        Command::Model {
            site: Some(site),
            out: Some(out),
            against,
            ..
        } => site::run(&site, &out, &against, stdout, stderr),
        Command::Model {
            pages,
            facts,
            values,
            against,
            ..
        } => model(
            &pages,
            facts.as_deref(),
            (&values, &against),
            stdout,
            stderr,
        ),
        Command::L10n(options) => l10n::run(options, stdout, stderr),
        Command::Export { format, page } => exchange::export(format, &page, stdout),
        Command::Import { file, page } => exchange::import(&file, &page, stderr),
        Command::Bench { corpus } => bench::run(&corpus, stdout),
        Command::BenchMacro { runs } => bench_macro::run(&root, usize::from(runs), stdout),
    };
    match result {
        Ok(code) => code,
        Err(diagnostics) => {
            report(stderr, &diagnostics);
            BAD_INPUT
        }
    }
}

/// The model and the diagnostics that come with it, or every diagnostic to report when there is
/// no model (the warnings often say why: a table that was not read).
fn model_or_report(extraction: Extraction) -> Result<(Model, Vec<Diagnostic>), Vec<Diagnostic>> {
    match extraction.model {
        Ok(model) => Ok((model, extraction.diagnostics)),
        Err(_) => Err(extraction.diagnostics),
    }
}

/// `a.h, b.h`: the paths as a person gave them.
fn shown_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|path| path.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn report(stderr: &mut dyn Write, diagnostics: &[Diagnostic]) {
    let _ = stderr.write_all(rendered(diagnostics).as_bytes());
}

/// The diagnostics as [`report`] writes them, for a worker thread to render.
fn rendered(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        if terminal().stderr {
            let _ = writeln!(out, "{}", diagnostic.colored());
        } else {
            let _ = writeln!(out, "{diagnostic}");
        }
    }
    out
}

/// Which of stdout and stderr are terminals a person reads: colours and progress go there
/// only. `main` says so once; tests and pipes get plain text.
#[derive(Clone, Copy, Debug, Default)]
pub struct Terminal {
    pub stdout: bool,
    pub stderr: bool,
}

static TERMINAL: std::sync::OnceLock<Terminal> = std::sync::OnceLock::new();

/// Declares the terminals for this process (before [`run`]).
pub fn on_terminal(terminal: Terminal) {
    let _ = TERMINAL.set(terminal);
}

fn terminal() -> Terminal {
    TERMINAL.get().copied().unwrap_or_default()
}

fn model(
    pages: &[PathBuf],
    facts: Option<&Path>,
    (values, header_paths): (&[PathBuf], &[PathBuf]),
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<i32, Vec<Diagnostic>> {
    let paths: Vec<String> = pages.iter().map(|p| p.display().to_string()).collect();
    let id = set_of(&paths[0]).0;
    if let Some(other) = paths.iter().find(|path| set_of(path).0 != id) {
        return Err(vec![Diagnostic::error(format!(
            "`{}` and `{other}` are not translations of one page: a model is one set",
            paths[0]
        ))]);
    }
    let shown = |paths: &[PathBuf]| -> Vec<(PathBuf, String)> {
        paths
            .iter()
            .map(|path| (path.clone(), path.display().to_string()))
            .collect()
    };
    let read = files::ReadPages::read(&shown(pages))?;
    let facts_path = match facts {
        Some(path) => Some(path.to_path_buf()),
        None => {
            let beside = pages[0].with_file_name(format!("{id}.facts"));
            beside.is_file().then_some(beside)
        }
    };
    let facts = match &facts_path {
        Some(path) => {
            let shown = path.display().to_string();
            let text = files::read_text(path, &shown).map_err(|error| vec![error])?;
            Some(Facts::parse(&shown, &text)?)
        }
        None => None,
    };
    let value_pages = files::ReadPages::read(&shown(values))?;
    let headers = if header_paths.is_empty() {
        Vec::new()
    } else {
        files::read_headers(header_paths)?
    };
    let mut extraction = extract(&id, &read.inputs(), facts.as_slice(), &value_pages.inputs());
    let places = std::mem::take(&mut extraction.places);
    let (model, diagnostics) = model_or_report(extraction)?;
    report(stderr, &diagnostics);
    if !headers.is_empty() {
        let comparison = against(&model, &places, &headers);
        report(stderr, &comparison.diagnostics);
        report(stderr, &[comparison.summary(&shown_list(header_paths))]);
    }
    let _ = stdout.write_all(model.to_yaml().as_bytes());
    Ok(SUCCESS)
}
