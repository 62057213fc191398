//! Translation check results as people and programs read them: [`human`] (rustc's layout, one
//! diagnostic per finding, then a summary), [`json`] (exactly the report of L10N-CHECKS.md) and
//! [`html`] (one self-contained side-by-side review page).

mod html;

use std::collections::BTreeMap;
use std::fmt::Write;

use doccodes_diagnostic::{Diagnostic, Location, Severity};
use doccodes_l10n::{Category, Located, Review};
use serde::Serialize;

pub use html::html;

/// Counts over all reviews: what the summary lines and the HTML header show.
pub struct Totals {
    pub files: usize,
    pub segments: usize,
    pub findings: usize,
    pub by_severity: BTreeMap<Severity, usize>,
    pub by_category: BTreeMap<Category, usize>,
}

impl Totals {
    pub fn of(reviews: &[Review]) -> Totals {
        let mut totals = Totals {
            files: reviews.len(),
            segments: reviews.iter().map(|r| r.segments).sum(),
            findings: 0,
            by_severity: BTreeMap::new(),
            by_category: BTreeMap::new(),
        };
        for finding in reviews.iter().flat_map(|r| &r.findings) {
            totals.findings += 1;
            *totals.by_severity.entry(finding.severity).or_default() += 1;
            *totals
                .by_category
                .entry(finding.check.category())
                .or_default() += 1;
        }
        totals
    }
}

/// Each finding as rustc prints a diagnostic (`error[identifier]: ...`, `--> file:line:col`, the
/// line, a caret, the suggestion), a note for each page without segments, then the totals.
pub fn human(reviews: &[Review]) -> String {
    let mut out = String::new();
    for review in reviews {
        if review.is_untranslated_page() {
            let _ = writeln!(
                out,
                "note: {}: no bilingual segments (an English page?): nothing to check\n",
                review.path
            );
            continue;
        }
        for finding in &review.findings {
            let _ = writeln!(out, "{}", diagnostic(review, finding));
        }
    }
    let totals = Totals::of(reviews);
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
struct JsonReport<'a> {
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
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

/// The JSON report of L10N-CHECKS.md: `findings` in the reviews' order (by file, then line and
/// column), and a `summary`.
pub fn json(reviews: &[Review]) -> String {
    let totals = Totals::of(reviews);
    let report = JsonReport {
        findings: reviews
            .iter()
            .flat_map(|review| {
                review.findings.iter().map(move |finding| JsonFinding {
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
                })
            })
            .collect(),
        summary: Summary {
            files: totals.files,
            segments: totals.segments,
            findings: totals.findings,
        },
    };
    let mut out = serde_json::to_string_pretty(&report).expect("a report always serializes");
    out.push('\n');
    out
}
