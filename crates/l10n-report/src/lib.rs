//! Translation check results as people and programs read them, written page by page by a
//! [`Writer`]: human (rustc's layout, one diagnostic per finding, then a summary), JSON (exactly
//! the report of L10N-CHECKS.md) and HTML (one self-contained side-by-side review page).

mod html;

use std::collections::BTreeMap;
use std::fmt::Write;

use doccodes_diagnostic::{Diagnostic, Location, Severity};
use doccodes_l10n::{Category, Located, Review};
use serde::Serialize;

/// Counts over the reviews so far: what the summary lines and the HTML header show.
#[derive(Default)]
pub struct Totals {
    pub files: usize,
    pub segments: usize,
    pub findings: usize,
    pub by_severity: BTreeMap<Severity, usize>,
    pub by_category: BTreeMap<Category, usize>,
}

impl Totals {
    pub fn add(&mut self, review: &Review) {
        self.files += 1;
        self.segments += review.segments;
        for finding in &review.findings {
            self.findings += 1;
            *self.by_severity.entry(finding.severity).or_default() += 1;
            *self
                .by_category
                .entry(finding.check.category())
                .or_default() += 1;
        }
    }
}

/// The forms of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    /// Human, with colours for a terminal.
    HumanColored,
    Json,
    Html,
}

/// Writes a report page by page, so a whole site's report never sits in memory: the caller
/// prints [`start`](Writer::start), then each page [`render`](Writer::render)ed (on any
/// thread) and [`write`](Writer::write)n in order, then [`finish`](Writer::finish) (the totals).
pub struct Writer {
    format: Format,
    totals: Totals,
}

/// A page's part of the report, made on any thread; [`Writer::write`] puts it in place.
pub struct Rendered {
    text: String,
    findings: usize,
    counts: Totals,
}

impl Writer {
    pub fn new(format: Format) -> Writer {
        Writer {
            format,
            totals: Totals::default(),
        }
    }

    pub fn start(&self) -> String {
        match self.format {
            Format::Human | Format::HumanColored => String::new(),
            Format::Json => "{\n  \"findings\": [".into(),
            Format::Html => html::start(),
        }
    }

    /// The page's part, independent of the pages before it.
    pub fn render(&self, review: &Review) -> Rendered {
        let mut counts = Totals::default();
        counts.add(review);
        let text = match self.format {
            Format::Human => human_page(review, false),
            Format::HumanColored => human_page(review, true),
            Format::Json => json_page(review),
            Format::Html => html::page(review),
        };
        Rendered {
            text,
            findings: review.findings.len(),
            counts,
        }
    }

    /// The text to print for a rendered page, in order after the pages before it.
    pub fn write(&mut self, rendered: Rendered) -> String {
        let separator =
            self.format == Format::Json && self.totals.findings > 0 && rendered.findings > 0;
        let totals = &mut self.totals;
        totals.files += rendered.counts.files;
        totals.segments += rendered.counts.segments;
        totals.findings += rendered.counts.findings;
        for (severity, count) in rendered.counts.by_severity {
            *totals.by_severity.entry(severity).or_default() += count;
        }
        for (category, count) in rendered.counts.by_category {
            *totals.by_category.entry(category).or_default() += count;
        }
        if separator {
            format!(",{}", rendered.text)
        } else {
            rendered.text
        }
    }

    pub fn finish(self) -> String {
        match self.format {
            Format::Human | Format::HumanColored => human_summary(&self.totals),
            Format::Json => json_summary(&self.totals),
            Format::Html => html::finish(&self.totals),
        }
    }
}

/// Each finding as rustc prints a diagnostic (`error[identifier]: ...`, `--> file:line:col`, the
/// line, a caret, the suggestion), or a note for a page without segments.
fn human_page(review: &Review, colored: bool) -> String {
    let mut out = String::new();
    if review.is_untranslated_page() {
        let _ = writeln!(
            out,
            "note: {}: no bilingual segments (an English page?): nothing to check\n",
            review.path
        );
        return out;
    }
    for finding in &review.findings {
        let diagnostic = diagnostic(review, finding);
        if colored {
            let _ = writeln!(out, "{}", diagnostic.colored());
        } else {
            let _ = writeln!(out, "{diagnostic}");
        }
    }
    out
}

fn human_summary(totals: &Totals) -> String {
    let mut out = String::new();
    let severities: Vec<String> = totals
        .by_severity
        .iter()
        .rev()
        .map(|(severity, count)| format!("{count} {}", plural(severity.label(), *count)))
        .collect();
    let categories: Vec<String> = totals
        .by_category
        .iter()
        .map(|(category, count)| format!("{} {count}", category.name()))
        .collect();
    let _ = write!(
        out,
        "checked {} {}, {} segments: {} {}",
        totals.files,
        plural("file", totals.files),
        totals.segments,
        totals.findings,
        plural("finding", totals.findings),
    );
    if totals.findings > 0 {
        let _ = write!(
            out,
            " ({}; {})",
            severities.join(", "),
            categories.join(", ")
        );
    }
    out.push('\n');
    out
}

fn plural(word: &str, count: usize) -> String {
    if count == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

fn diagnostic(review: &Review, finding: &Located) -> Diagnostic {
    let diagnostic = match finding.severity {
        Severity::Error => Diagnostic::error(&finding.message),
        Severity::Warning => Diagnostic::warning(&finding.message),
        Severity::Info => Diagnostic::info(&finding.message),
    }
    .code(format!(
        "{}/{}",
        finding.check.category().name(),
        finding.check.id()
    ))
    .at(Location {
        path: review.path.clone(),
        line: finding.line,
        column: finding.column,
        line_text: finding.line_text.clone(),
    });
    let segment = finding
        .segment
        .as_deref()
        .map(|id| format!(" (segment {id})"))
        .unwrap_or_default();
    match &finding.suggestion {
        Some(suggestion) => diagnostic.help(format!("write `{suggestion}`{segment}")),
        None => match &finding.segment {
            Some(id) => diagnostic.help(format!("in segment {id}")),
            None => diagnostic,
        },
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    category: &'static str,
    check: &'static str,
    severity: &'static str,
    file: &'a str,
    line: usize,
    column: usize,
    segment: Option<&'a str>,
    locale: Option<&'a str>,
    source: Option<&'a str>,
    target: Option<&'a str>,
    message: &'a str,
    suggestion: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    segments: usize,
    findings: usize,
}

/// A page's findings as elements of the report's `findings` array, pretty-printed as
/// serde_json prints the whole report (L10N-CHECKS.md's schema, findings in page order).
fn json_page(review: &Review) -> String {
    let mut out = String::new();
    for (index, finding) in review.findings.iter().enumerate() {
        let element = JsonFinding {
            category: finding.check.category().name(),
            check: finding.check.id(),
            severity: finding.severity.label(),
            file: &review.path,
            line: finding.line,
            column: finding.column,
            segment: finding.segment.as_deref(),
            locale: review.locale.as_ref().map(|l| l.tag.as_str()),
            source: finding.source.as_deref(),
            target: finding.target.as_deref(),
            message: &finding.message,
            suggestion: finding.suggestion.as_deref(),
        };
        let text = serde_json::to_string_pretty(&element).expect("a finding always serializes");
        if index > 0 {
            out.push(',');
        }
        out.push('\n');
        for (number, line) in text.lines().enumerate() {
            if number > 0 {
                out.push('\n');
            }
            out.push_str("    ");
            out.push_str(line);
        }
    }
    out
}

/// Closes `findings` and adds the `summary`.
fn json_summary(totals: &Totals) -> String {
    let summary = Summary {
        files: totals.files,
        segments: totals.segments,
        findings: totals.findings,
    };
    let text = serde_json::to_string_pretty(&summary).expect("a summary always serializes");
    let summary = text.replace('\n', "\n  ");
    let close = if totals.findings == 0 { "]" } else { "\n  ]" };
    format!("{close},\n  \"summary\": {summary}\n}}\n")
}
