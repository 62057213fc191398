//! `doccodes`: the commands of DESIGN.md over the library crates, for the `doccodes` binary and
//! `cargo xtask` alike. This crate reads arguments, calls the stages and `doccodes-files`, and
//! writes what they return; it decides nothing about pages, models or generated code.
//!
//! Exit codes: 0 success, 1 stale output (`gen --check`) or findings denied (`l10n`), 2 bad
//! usage or bad input.

mod exchange;
mod generate;
mod l10n;
mod read;
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
    name = "doccodes",
    version,
    about = "Generate code from Microsoft Learn status-code pages, and check their translations.",
    after_help = "Examples:
  doccodes gen                                      regenerate generated/ from docs-src/
  doccodes gen --check                              exit 1 if generated/ is stale (CI)
  doccodes sync --docs ../win32 --docs ../win32-pr.zh-tw       bring the sets' pages from docs
                                                    checkouts, regenerate, print the changelog
  doccodes model docs-src/sspi-status-codes.zh-tw.md           print a page's model
  doccodes model --site ../win32/desktop-src --out models      every code page's model
  doccodes model page.md --against /usr/x86_64-w64-mingw32/include/winerror.h
                                                    documented values a header contradicts
  doccodes l10n --list-checks                       every check: id, category, severity, help
  doccodes l10n --format html ../win32-pr.zh-tw/desktop-src > review.html
  doccodes l10n --fix --deny warning page.zh-tw.md             repair what is certain, then check
  doccodes l10n --glossary dnt.tbx zh-tw/ > report.txt         also the terms the translations
                                                    broke, for the MT system's glossary
  doccodes export --format po page.zh-tw.md > page.po          segments for a CAT tool
  doccodes import page.po page.zh-tw.md                        corrected targets back in

gen and sync work on the project in the current folder, or the one --root names."
)]
struct Cli {
    /// The project to work in (docs-src/, generated/, crates/): default, the current folder.
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// The commands, for `cargo xtask` to flatten into its own.
#[derive(Subcommand)]
pub enum Command {
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
    ///
    /// A file that cannot be trusted (ill-formed, truncated, another page's, duplicate ids,
    /// XLIFF 1.2) is refused whole; empty, fuzzy, untranslated and stale
    /// entries, and targets that would break the page, are listed and left out.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(value_name = "PAGE")]
        page: PathBuf,
        /// Also apply targets that add an identifier, link or markup defect (they are listed).
        #[arg(long)]
        force: bool,
    },
}

/// Runs the `doccodes` command line `args` (program name first) on the project `--root` names,
/// or the current folder; returns the exit code.
pub fn run<I, T>(args: I, terminal: Terminal, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli: Cli = match parse(args, stdout, stderr) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let root = cli.root.unwrap_or_else(|| PathBuf::from("."));
    execute(cli.command, &root, terminal, stdout, stderr)
}

/// The command line `args` parsed as `P`, or the exit code after --help, --version (output, on
/// stdout) or a usage error (on stderr).
pub fn parse<P, I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<P, i32>
where
    P: Parser,
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    P::try_parse_from(args).map_err(|error| {
        if error.use_stderr() {
            let _ = write!(stderr, "{}", error.render());
            BAD_INPUT
        } else {
            let _ = write!(stdout, "{}", error.render());
            SUCCESS
        }
    })
}

/// Runs `command` on the project at `root`; returns the exit code.
pub fn execute(
    command: Command,
    root: &Path,
    terminal: Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let result = match command {
        Command::Gen { check } => generate::run(root, check, terminal, stderr),
        Command::Sync { docs, changelog } => {
            sync::run(root, &docs, changelog.as_deref(), terminal, stdout, stderr)
        }
        Command::Model {
            site: Some(site),
            out: Some(out),
            against,
            ..
        } => site::run(&site, &out, &against, terminal, stdout, stderr),
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
            terminal,
            stdout,
            stderr,
        ),
        Command::L10n(options) => l10n::run(options, terminal, stdout, stderr),
        Command::Export { format, page } => exchange::export(format, &page, stdout),
        Command::Import { file, page, force } => {
            exchange::import(&file, &page, force, terminal, stderr)
        }
    };
    match result {
        Ok(code) => code,
        Err(diagnostics) => {
            terminal.report(stderr, &diagnostics);
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

/// Which of stdout and stderr are terminals a person reads: colours and progress go there
/// only. `main` says so; tests and pipes get plain text.
#[derive(Clone, Copy, Debug, Default)]
pub struct Terminal {
    pub stdout: bool,
    pub stderr: bool,
}

impl Terminal {
    /// What `main` passes: terminals as the process has them, colours off under `NO_COLOR`
    /// (no-color.org).
    pub fn of_process() -> Terminal {
        use std::io::IsTerminal;
        let colours = std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
        Terminal {
            stdout: colours && std::io::stdout().is_terminal(),
            stderr: std::io::stderr().is_terminal(),
        }
    }

    fn report(self, stderr: &mut dyn Write, diagnostics: &[Diagnostic]) {
        let _ = stderr.write_all(self.rendered(diagnostics).as_bytes());
    }

    /// The diagnostics as [`Terminal::report`] writes them, for a worker thread to render.
    fn rendered(self, diagnostics: &[Diagnostic]) -> String {
        let mut out = String::new();
        for diagnostic in diagnostics {
            if self.stderr {
                let _ = writeln!(out, "{}", diagnostic.colored());
            } else {
                let _ = writeln!(out, "{diagnostic}");
            }
        }
        out
    }
}

/// The `main` of a binary over [`run`] or [`execute`]: `run` with the process's terminals and
/// a buffered stdout (a site's report is written page by page), then exit with its code.
pub fn main_with(run: impl FnOnce(Terminal, &mut dyn Write, &mut dyn Write) -> i32) -> ! {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let code = run(Terminal::of_process(), &mut stdout, &mut std::io::stderr());
    if let Err(error) = std::io::Write::flush(&mut stdout)
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the output: {error}");
        std::process::exit(BAD_INPUT);
    }
    std::process::exit(code);
}

fn model(
    pages: &[PathBuf],
    facts: Option<&Path>,
    (values, header_paths): (&[PathBuf], &[PathBuf]),
    terminal: Terminal,
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
    let read = read::ReadPages::read(&shown(pages))?;
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
            let text = doccodes_files::read_text(path, &shown)?;
            Some(Facts::parse(&shown, &text)?)
        }
        None => None,
    };
    let value_pages = read::ReadPages::read(&shown(values))?;
    let headers = if header_paths.is_empty() {
        Vec::new()
    } else {
        read::read_headers(header_paths)?
    };
    let mut extraction = extract(&id, &read.inputs(), facts.as_slice(), &value_pages.inputs());
    let places = std::mem::take(&mut extraction.places);
    let (model, diagnostics) = model_or_report(extraction)?;
    terminal.report(stderr, &diagnostics);
    if !headers.is_empty() {
        let comparison = against(&model, &places, &headers);
        terminal.report(stderr, &comparison.diagnostics);
        terminal.report(stderr, &[comparison.summary(&shown_list(header_paths))]);
    }
    let _ = stdout.write_all(model.to_yaml().as_bytes());
    Ok(SUCCESS)
}
