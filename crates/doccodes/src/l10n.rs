//! `doccodes l10n PATH...`: find the pages, pair each with today's English page when asked,
//! check them on every core, print the report in the order of the paths.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use doccodes_diagnostic::{Diagnostic, Severity};
use doccodes_files::{
    EnglishSite, in_order_with, read_text, write_atomically, write_atomically_with,
};
use doccodes_l10n::{Check, Config, SegmentMemo, repair, review_with};
use doccodes_l10n_report::Writer;
use doccodes_l10n_report::baseline::{Baseline, BaselineWriter, PageEntries};
use doccodes_l10n_report::glossary::{self, Glossary, PageTerms};
use rayon::prelude::*;

use crate::{BAD_INPUT, STALE, SUCCESS, Terminal};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// rustc's layout: file:line:col, the line, a caret, the suggestion.
    Human,
    /// The report of L10N-CHECKS.md.
    Json,
    /// One self-contained review page, source and translation side by side.
    Html,
    /// SARIF 2.1.0, for code-scanning annotations (GitHub, Azure DevOps): a rule per check,
    /// fixes for the certain repairs, `baselineState` against --baseline.
    Sarif,
}

/// Which findings make the exit code 1.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Deny {
    Error,
    Warning,
    /// Report only: exit 0 whatever is found.
    None,
}

#[derive(clap::Args)]
pub struct Options {
    #[arg(required_unless_present_any = ["files_from", "list_checks"], value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print every check: its id, category, default severity, whether it runs by default, and
    /// what it looks for; then exit.
    #[arg(long, exclusive = true)]
    pub list_checks: bool,
    /// Also check the paths listed in FILE, one per line.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Exit 1 when a finding is this severe or more (none: always exit 0).
    #[arg(long, value_enum, default_value = "error")]
    pub deny: Deny,
    /// Today's English pages, to pair with by ms.assetid or relative path: enables the
    /// stale and structure checks.
    #[arg(long, value_name = "DIR")]
    pub source_root: Option<PathBuf>,
    /// Run only this check (repeatable); `--list-checks` lists them.
    #[arg(long, value_name = "CHECK")]
    pub only: Vec<String>,
    /// Skip this check (repeatable).
    #[arg(long, value_name = "CHECK")]
    pub exclude: Vec<String>,
    /// Change a check's severity: CHECK=error|warning|info (repeatable).
    #[arg(long, value_name = "CHECK=LEVEL")]
    pub severity: Vec<String>,
    /// Terms to keep verbatim, one per line, on top of the built-in rules.
    #[arg(long, value_name = "FILE")]
    pub dnt_file: Option<PathBuf>,
    /// Repair, in place, what is certain (identifiers restored to the source's token), then
    /// report what is left; each repair is listed on stderr.
    #[arg(long)]
    pub fix: bool,
    /// Findings this baseline file lists are known: not reported (SARIF marks them
    /// `unchanged`) and never the exit code's; entries nothing matched any more are warned
    /// about as stale. Entries are keyed by page path as given, segment id, check and the
    /// defect's text, so they survive moved lines and edits elsewhere on the page.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write every finding of this run to FILE as a baseline (sorted, one entry a line, for a
    /// reviewable diff); the report is written as usual. Not written when a path could not be
    /// read: a baseline of some pages would pass for one of them all.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Also write the do-not-translate terms the translations broke to FILE (.csv or .tbx),
    /// for the machine-translation system's glossary (repeatable).
    ///
    /// The terms are the source tokens of the identifier findings (`SEC_E_OK`, `Winerror.h`,
    /// `[in]`), each with its findings, pages, target locales, checks and first place, most
    /// often broken first. The extension picks the format: `.csv` (RFC 4180, UTF-8 with a byte
    /// order mark, for a spreadsheet) or `.tbx` (ISO 30042:2019 TBX-Core: one entry per term,
    /// the same term in English and in each target locale it broke in). With --fix, the terms
    /// as the pages were before the repairs.
    #[arg(long, value_name = "FILE")]
    pub glossary: Vec<PathBuf>,
}

/// The forms of `--glossary`, by the file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GlossaryFormat {
    Csv,
    Tbx,
}

/// Runs of more pages than this show their progress on a terminal.
const PROGRESS_FROM: usize = 256;

/// A page checked and its report rendered, on a worker thread.
struct Checked {
    path: String,
    /// What --fix changed in the page before it was checked.
    repairs: Vec<doccodes_l10n::Repair>,
    denied: bool,
    without_english: bool,
    rendered: doccodes_l10n_report::Rendered,
    /// The page's broken terms, with --glossary.
    glossary: Option<PageTerms>,
    /// The page's findings as baseline entries, with --write-baseline.
    entries: Option<PageEntries>,
}

/// A page to check: where it is and how to show it.
struct Input {
    path: PathBuf,
    /// As given, or the folder given joined with the path under it: what the human and JSON
    /// reports name (L10N-CHECKS.md: "paths as given on the command line").
    shown: String,
    /// What the HTML page names: the path under the folders checked, or as given.
    label: String,
}

pub fn run(
    options: Options,
    terminal: Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<i32, Vec<Diagnostic>> {
    if options.list_checks {
        let _ = stdout.write_all(list_checks().as_bytes());
        return Ok(SUCCESS);
    }
    let config = config(&options)?;
    let glossaries = glossary_files(&options.glossary)?;
    let mut paths = options.paths.clone();
    if let Some(list) = &options.files_from {
        let text = read_text(list, &list.display().to_string())?;
        paths.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(PathBuf::from),
        );
    }
    let (inputs, mut unreadable, base) = inputs(&paths);
    let english = match &options.source_root {
        Some(root) => Some(EnglishSite::open(root)?),
        None => None,
    };

    let threshold = match options.deny {
        Deny::Error => Some(Severity::Error),
        Deny::Warning => Some(Severity::Warning),
        Deny::None => None,
    };
    let format = match options.format {
        Format::Human if terminal.stdout => doccodes_l10n_report::Format::HumanColored,
        Format::Human => doccodes_l10n_report::Format::Human,
        Format::Json => doccodes_l10n_report::Format::Json,
        Format::Html => doccodes_l10n_report::Format::Html,
        Format::Sarif => doccodes_l10n_report::Format::Sarif,
    };
    let baseline = match &options.baseline {
        Some(path) => {
            let shown = path.display().to_string();
            let text = read_text(path, &shown)?;
            Some(Baseline::parse(&shown, &text)?)
        }
        None => None,
    };
    let mut new_baseline = options
        .write_baseline
        .as_ref()
        .map(|_| BaselineWriter::new());
    let writing_baseline = new_baseline.is_some();
    let mut writer = Writer::new(format).version(env!("CARGO_PKG_VERSION"));
    if let Some(base) = base {
        writer = writer.base(base.display().to_string());
    }
    // A progress line on a terminal for long runs; nothing in a pipe.
    let progress = terminal.stderr && inputs.len() > PROGRESS_FROM;
    let mut done = 0;
    // Paths that named nothing are in the totals with the pages that could not be read.
    for _ in &unreadable {
        writer.unreadable();
    }
    let _ = stdout.write_all(writer.start().as_bytes());
    let mut denied = false;
    let mut without_english = Vec::new();
    // Terms are gathered as the reviews pass by: one entry per distinct term, never a review.
    let mut glossary = Glossary::new();
    let check = |memo: &mut SegmentMemo<'_>, input: &Input| -> Result<Checked, Diagnostic> {
        let mut text = read_text(&input.path, &input.shown)?;
        let mut repairs = Vec::new();
        // The page as it came, when --fix changed it: the glossary is what the translation broke.
        let mut before_repairs = None;
        if options.fix
            && let Some((repaired, made)) = repair(&input.shown, &text, &config)
        {
            write_atomically(&input.path, repaired.as_bytes()).map_err(|error| {
                Diagnostic::error(format!("cannot write `{}`: {error}", input.shown))
            })?;
            before_repairs = Some(std::mem::replace(&mut text, repaired));
            repairs = made;
        }
        let today = match &english {
            Some(english) => english.page_for(&input.path, &text)?,
            None => None,
        };
        let review = review_with(memo, &input.shown, &text, today.as_deref());
        // Baselines and SARIF name a page as given: a run over a site's folder and one over
        // the pages a pull request changed, both from the repository's root, agree.
        let known = baseline
            .as_ref()
            .map(|baseline| baseline.for_page(&input.shown).classify(&review));
        let shown = match format {
            doccodes_l10n_report::Format::Sarif => &input.shown,
            _ => &input.label,
        };
        let rendered = format.render_with(&review, shown, known.as_ref());
        let glossary = (!glossaries.is_empty()).then(|| match &before_repairs {
            Some(original) => {
                PageTerms::of(&review_with(memo, &input.shown, original, today.as_deref()))
            }
            None => PageTerms::of(&review),
        });
        Ok(Checked {
            denied: threshold
                .is_some_and(|threshold| rendered.worst().is_some_and(|worst| worst >= threshold)),
            entries: writing_baseline.then(|| PageEntries::of(&input.shown, &review)),
            without_english: english.is_some()
                && review.segments > 0
                && !review.compared_with_english,
            rendered,
            path: review.path,
            repairs,
            glossary,
        })
    };
    // Pages are checked on every core and reported in path order, so memory holds a window of
    // reviews, never the site's; this thread writes each report while the workers go on. Each
    // worker remembers the segments it checked, which later pages repeat.
    let memo = || SegmentMemo::new(&config);
    in_order_with(&inputs, memo, check, |outcome| {
        match outcome {
            Ok(checked) => {
                for repair in &checked.repairs {
                    let _ = writeln!(
                        stderr,
                        "fixed {}:{}:{}: `{}` → `{}`",
                        checked.path, repair.line, repair.column, repair.before, repair.after
                    );
                }
                denied |= checked.denied;
                if let Some(terms) = checked.glossary {
                    glossary.add(terms);
                }
                if let (Some(new_baseline), Some(entries)) = (&mut new_baseline, checked.entries) {
                    new_baseline.add_page(entries);
                }
                if checked.without_english {
                    without_english.push(checked.path);
                }
                let _ = writer.write(checked.rendered, stdout);
            }
            Err(diagnostic) => {
                writer.unreadable();
                unreadable.push(diagnostic);
            }
        }
        done += 1;
        // A redraw per hundredth of the run: a terminal need not see 50,000 lines.
        if progress && (done % (inputs.len() / 100).max(1) == 0 || done == inputs.len()) {
            let width = 30;
            let filled = width * done / inputs.len();
            let _ = write!(
                stderr,
                "\r[{}{}] {done}/{} pages",
                "=".repeat(filled),
                " ".repeat(width - filled),
                inputs.len()
            );
            let _ = stderr.flush();
        }
    });
    if progress {
        let _ = write!(stderr, "\r\x1b[2K");
    }
    if let Some(baseline) = &baseline {
        for stale in writer.stale(baseline) {
            let _ = writeln!(stderr, "{}", stale.diagnostic());
        }
    }
    let _ = stdout.write_all(writer.finish().as_bytes());
    if let (Some(path), Some(new_baseline)) = (&options.write_baseline, new_baseline) {
        if unreadable.is_empty() {
            // Streamed to its file: a whole site's baseline is 100 MB, never whole in memory.
            write_atomically_with(path, |out| new_baseline.write_to(out)).map_err(|error| {
                vec![Diagnostic::error(format!(
                    "cannot write `{}`: {error}",
                    path.display()
                ))]
            })?;
        } else {
            let _ = writeln!(
                stderr,
                "{}",
                Diagnostic::warning(format!(
                    "baseline `{}` not written: {} of the paths could not be read",
                    path.display(),
                    unreadable.len()
                ))
            );
        }
    }
    if let Some(english) = &english {
        for warning in without_english_warnings(&without_english, inputs.len(), english.root()) {
            let _ = writeln!(stderr, "{warning}");
        }
    }
    if !glossaries.is_empty() {
        if unreadable.is_empty() {
            write_glossaries(&glossaries, &glossary, stderr)?;
        } else {
            // A glossary of some of the pages would pass for one of them all.
            let _ = writeln!(
                stderr,
                "{}",
                Diagnostic::warning(format!(
                    "{} not written: {} of the paths could not be read",
                    files_named(&glossaries),
                    unreadable.len()
                ))
            );
        }
    }
    for diagnostic in &unreadable {
        let _ = writeln!(stderr, "{diagnostic}");
    }
    if !unreadable.is_empty() {
        return Ok(BAD_INPUT);
    }
    Ok(if denied { STALE } else { SUCCESS })
}

/// `--list-checks`: a line per check, in columns, for a person and for `grep`/`awk` alike.
fn list_checks() -> String {
    let width = Check::ALL.iter().map(|c| c.id().len()).max().unwrap_or(0);
    let mut out = format!(
        "{:width$}  {:12}  {:8}  {:7}  what it finds\n",
        "check", "category", "severity", "runs"
    );
    for check in Check::ALL {
        let runs = if check.on_by_default() {
            "always"
        } else {
            "--only"
        };
        out.push_str(&format!(
            "{:width$}  {:12}  {:8}  {runs:7}  {}\n",
            check.id(),
            check.category().name(),
            check.severity().label(),
            check.summary()
        ));
    }
    out
}

/// Each `--glossary FILE` with the format its extension names; any other extension is an
/// error before a page is read.
fn glossary_files(paths: &[PathBuf]) -> Result<Vec<(PathBuf, GlossaryFormat)>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let format = if extension.eq_ignore_ascii_case("csv") {
            GlossaryFormat::Csv
        } else if extension.eq_ignore_ascii_case("tbx") {
            GlossaryFormat::Tbx
        } else {
            errors.push(
                Diagnostic::error(format!(
                    "`--glossary {}`: the format is chosen by the extension, .csv or .tbx",
                    path.display()
                ))
                .help("`terms.csv` for a spreadsheet, `terms.tbx` for a terminology or MT tool"),
            );
            continue;
        };
        files.push((path.clone(), format));
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Writes the glossary to each file, atomically, in the file's format. An empty glossary is
/// a CSV of its header and no TBX (whose body holds at least one entry), which stderr says.
fn write_glossaries(
    files: &[(PathBuf, GlossaryFormat)],
    glossary: &Glossary,
    stderr: &mut dyn Write,
) -> Result<(), Vec<Diagnostic>> {
    for (path, format) in files {
        let contents = match format {
            GlossaryFormat::Csv => glossary::csv(glossary),
            GlossaryFormat::Tbx => match glossary::tbx(glossary) {
                Some(tbx) => tbx,
                None => {
                    let _ = writeln!(
                        stderr,
                        "{}",
                        Diagnostic::warning(format!(
                            "`{}` not written: no term was broken, and TBX needs one",
                            path.display()
                        ))
                    );
                    continue;
                }
            },
        };
        write_atomically(path, contents.as_bytes()).map_err(|error| {
            vec![Diagnostic::error(format!(
                "cannot write `{}`: {error}",
                path.display()
            ))]
        })?;
    }
    Ok(())
}

/// The files, for a message about them all: glossary `a.csv`, `a.tbx`.
fn files_named(files: &[(PathBuf, GlossaryFormat)]) -> String {
    let names: Vec<String> = files
        .iter()
        .map(|(path, _)| format!("`{}`", path.display()))
        .collect();
    format!("glossary {}", names.join(", "))
}

fn config(options: &Options) -> Result<Config, Vec<Diagnostic>> {
    let check = |id: &str| {
        Check::from_id(id).ok_or_else(|| {
            let known: Vec<&str> = Check::ALL.iter().map(|c| c.id()).collect();
            vec![
                Diagnostic::error(format!("unknown check `{id}`"))
                    .help(format!("the checks are: {}", known.join(", "))),
            ]
        })
    };
    let only = options
        .only
        .iter()
        .map(|id| check(id))
        .collect::<Result<_, _>>()?;
    let exclude = options
        .exclude
        .iter()
        .map(|id| check(id))
        .collect::<Result<_, _>>()?;
    let mut severities = Vec::new();
    for setting in &options.severity {
        let (id, level) = setting.split_once('=').ok_or_else(|| {
            vec![Diagnostic::error(format!(
                "`--severity {setting}`: expected CHECK=error|warning|info"
            ))]
        })?;
        let severity = match level {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            _ => {
                return Err(vec![Diagnostic::error(format!(
                    "`--severity {setting}`: the level is error, warning or info"
                ))]);
            }
        };
        severities.push((check(id)?, severity));
    }
    let terms = match &options.dnt_file {
        Some(path) => read_text(path, &path.display().to_string())?
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    };
    Ok(Config {
        only,
        exclude,
        terms,
        severities,
        mark_certain: matches!(options.format, Format::Sarif),
    })
}

/// The pages under `paths` (folders walked for `*.md`), sorted by the path shown; paths that
/// do not exist are errors. Pages found in folders are labelled by their path under the
/// folders' deepest common folder, returned last (`AD/x.md` when one folder was checked);
/// pages given directly, as given.
fn inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<Diagnostic>, Option<PathBuf>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    // One look at each path, on every core: a site's list of 50,000 pages costs a file
    // system call each before any page can be checked.
    let kinds: Vec<Option<std::fs::FileType>> = paths
        .par_iter()
        .map(|path| std::fs::metadata(path).ok().map(|m| m.file_type()))
        .collect();
    let base = paths
        .iter()
        .zip(&kinds)
        .filter(|(_, kind)| kind.is_some_and(|kind| kind.is_dir()))
        .map(|(path, _)| path.clone())
        .reduce(|common, path| {
            common
                .components()
                .zip(path.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect()
        })
        .filter(|base| base.components().next().is_some());
    for (path, kind) in paths.iter().zip(kinds) {
        if kind.is_some_and(|kind| kind.is_dir()) {
            let mut found = Vec::new();
            doccodes_files::markdown_files(path, &mut found, &mut errors);
            if found.is_empty() {
                // A folder of no pages is a wrong path more often than a finished job.
                errors.push(Diagnostic::error(format!(
                    "no *.md under `{}`: nothing to check",
                    path.display()
                )));
            }
            inputs.extend(found.into_iter().map(|path| {
                let under = base
                    .as_deref()
                    .and_then(|base| path.strip_prefix(base).ok());
                Input {
                    label: under.unwrap_or(&path).display().to_string(),
                    shown: path.display().to_string(),
                    path,
                }
            }));
        } else if kind.is_some_and(|kind| kind.is_file()) {
            inputs.push(Input {
                shown: path.display().to_string(),
                label: path.display().to_string(),
                path: path.clone(),
            });
        } else {
            errors.push(Diagnostic::error(format!(
                "cannot read `{}`: no such file or folder",
                path.display()
            )));
        }
    }
    // The report's order (L10N-CHECKS.md): by file, then line and column. A page named twice
    // is checked once.
    inputs.sort_by(|a, b| a.shown.cmp(&b.shown));
    inputs.dedup_by(|a, b| a.shown == b.shown);
    (inputs, errors, base)
}

/// Pages that up to this many lack an English page are each named; more (a folder the English
/// site moved elsewhere is thousands) are counted by folder in one warning.
const WITHOUT_ENGLISH_NAMED: usize = 10;

/// What a run says of the pages `without` an English page under `root`, of `checked` pages.
fn without_english_warnings(without: &[String], checked: usize, root: &Path) -> Vec<Diagnostic> {
    let root = root.display();
    if without.len() <= WITHOUT_ENGLISH_NAMED {
        return without
            .iter()
            .map(|path| {
                Diagnostic::warning(format!(
                    "no English page for `{path}` under `{root}`: stale and structure not checked"
                ))
            })
            .collect();
    }
    let mut folders: Vec<(&str, usize)> = Vec::new();
    for path in without {
        let folder = path
            .rsplit_once(['/', '\\'])
            .map_or(".", |(folder, _)| folder);
        match folders.iter_mut().find(|(known, _)| *known == folder) {
            Some((_, count)) => *count += 1,
            None => folders.push((folder, 1)),
        }
    }
    folders.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = (folders.iter().take(WITHOUT_ENGLISH_NAMED))
        .map(|(folder, count)| format!("`{folder}` ({count})"))
        .collect();
    let more = match folders.len().saturating_sub(WITHOUT_ENGLISH_NAMED) {
        0 => String::new(),
        more => format!(" and {more} more folders"),
    };
    vec![
        Diagnostic::warning(format!(
            "no English page for {} of {checked} pages under `{root}`: stale and structure not \
             checked on them",
            without.len()
        ))
        .help(format!(
            "in {}{more}; a page is paired by the longest tail of its path, else by its \
             ms.assetid, and these have neither under the English site (moved or removed there?)",
            shown.join(", ")
        )),
    ]
}
