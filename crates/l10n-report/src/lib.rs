//! Translation check results as people and programs read them, written page by page by a
//! [`Writer`]: human (rustc's layout, one diagnostic per finding, then a summary), JSON (exactly
//! the report of L10N-CHECKS.md), HTML (one self-contained side-by-side review page) and SARIF
//! 2.1.0 (for code-scanning services).
//!
//! Against a [`Baseline`] (the findings known when a site adopted the checks), the human, JSON
//! and HTML reports show only the new findings and their totals count only those; SARIF lists
//! every finding with its `baselineState`. [`Totals::known`] counts the findings left out.

pub mod baseline;
pub mod glossary;
mod html;
mod sarif;

use std::collections::BTreeMap;
use std::fmt::Write;

use doccodes_diagnostic::{Diagnostic, Location, Severity};
use doccodes_l10n::{Category, Check, Located, Review};
use serde::Serialize;

pub use baseline::{Baseline, BaselineWriter, Known, PageBaseline, PageEntries, Stale};

/// Counts over the reviews so far: what the summary lines and the HTML header show. `findings`
/// and the counts by severity, category and check are of the findings reported: in a run
/// against a baseline, the new ones.
#[derive(Default)]
pub struct Totals {
    pub files: usize,
    pub segments: usize,
    pub findings: usize,
    /// Findings the baseline holds, left out of `findings`.
    pub known: usize,
    /// Paths given that could not be read (missing, not UTF-8, binary): not in `files`, but
    /// in every summary, so a run that checked less than it was given says so.
    pub unreadable: usize,
    pub by_severity: BTreeMap<Severity, usize>,
    pub by_category: BTreeMap<Category, usize>,
    pub by_check: BTreeMap<Check, usize>,
}

impl Totals {
    pub fn add(&mut self, review: &Review<'_>) {
        self.files += 1;
        self.segments += review.segments;
        for finding in &review.findings {
            self.add_finding(finding);
        }
    }

    fn add_finding(&mut self, finding: &Located<'_>) {
        self.findings += 1;
        *self.by_severity.entry(finding.severity).or_default() += 1;
        *self
            .by_category
            .entry(finding.check.category())
            .or_default() += 1;
        *self.by_check.entry(finding.check).or_default() += 1;
    }

    fn merge(&mut self, other: Totals) {
        self.files += other.files;
        self.segments += other.segments;
        self.findings += other.findings;
        self.known += other.known;
        for (severity, count) in other.by_severity {
            *self.by_severity.entry(severity).or_default() += count;
        }
        for (category, count) in other.by_category {
            *self.by_category.entry(category).or_default() += count;
        }
        for (check, count) in other.by_check {
            *self.by_check.entry(check).or_default() += count;
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
    /// SARIF 2.1.0: one run, a rule per check, a result per finding.
    Sarif,
}

/// Writes a report page by page, so a whole site's report never sits in memory: the caller
/// prints [`start`](Writer::start), then each page [`render`](Format::render)ed (on any
/// thread) and [`write`](Writer::write)n in order, then [`finish`](Writer::finish) (the totals).
pub struct Writer {
    format: Format,
    totals: Totals,
    /// The folder the HTML page shows paths relative to, named in its header.
    base: Option<String>,
    /// The tool's version and web page, named by SARIF.
    version: String,
    information_uri: Option<String>,
    /// Elements of the report's array written so far (JSON findings, SARIF results), for the
    /// commas between pages.
    items: usize,
    /// Which baseline entries each page checked matched, for [`Writer::stale`].
    usages: Vec<baseline::Usage>,
}

/// A page's part of the report, made on any thread by [`Format::render`]; [`Writer::write`]
/// puts it in place.
pub struct Rendered {
    text: String,
    /// Elements of the report's array in `text`.
    items: usize,
    counts: Totals,
    usage: Option<baseline::Usage>,
}

impl Rendered {
    /// The most severe finding reported (in a run against a baseline, of the new ones): what
    /// `--deny` compares with.
    pub fn worst(&self) -> Option<Severity> {
        self.counts.by_severity.keys().next_back().copied()
    }
}

impl Format {
    /// A page's part of the report, independent of the pages before it.
    pub fn render(self, review: &Review<'_>) -> Rendered {
        self.render_as(review, &review.path)
    }

    /// As [`render`](Format::render), the file labelled `shown` (its path relative to the
    /// folder checked; see [`Writer::base`]): the name the HTML page shows and the page of
    /// SARIF's baseline keys. The human and JSON reports keep `review.path`, the path as given,
    /// as L10N-CHECKS.md specifies, and so do SARIF's locations.
    pub fn render_as(self, review: &Review<'_>, shown: &str) -> Rendered {
        self.render_with(review, shown, None)
    }

    /// As [`render_as`](Format::render_as), against a baseline when `known` (the page's
    /// [`PageBaseline::classify`]) is given: the human, JSON and HTML reports leave out the
    /// known findings, SARIF marks each result `new` or `unchanged`, and the counts (and
    /// [`Rendered::worst`]) are of the new findings.
    pub fn render_with(self, review: &Review<'_>, shown: &str, known: Option<&Known>) -> Rendered {
        let flags = known.map(|known| known.findings.as_slice());
        let is_known = |index: usize| flags.and_then(|f| f.get(index)).copied().unwrap_or(false);
        let mut counts = Totals {
            files: 1,
            segments: review.segments,
            ..Totals::default()
        };
        for (index, finding) in review.findings.iter().enumerate() {
            if is_known(index) {
                counts.known += 1;
            } else {
                counts.add_finding(finding);
            }
        }
        // The new findings alone, copied only when some are known (on a site checked against
        // its baseline, few are new).
        let new_only;
        let reported = if counts.known == 0 || self == Format::Sarif {
            review
        } else {
            new_only = Review {
                path: review.path.clone(),
                locale: review.locale.clone(),
                segments: review.segments,
                findings: (review.findings.iter().enumerate())
                    .filter(|&(index, _)| !is_known(index))
                    .map(|(_, finding)| finding.clone())
                    .collect(),
                compared_with_english: review.compared_with_english,
            };
            &new_only
        };
        let (text, items) = match self {
            Format::Human => (human_page(reported, false), 0),
            Format::HumanColored => (human_page(reported, true), 0),
            Format::Json => (json_page(reported), reported.findings.len()),
            Format::Html => (html::page(reported, shown), 0),
            Format::Sarif => (sarif::page(review, shown, flags), review.findings.len()),
        };
        Rendered {
            text,
            items,
            counts,
            usage: known.map(|known| known.usage.clone()),
        }
    }
}

impl Writer {
    pub fn new(format: Format) -> Writer {
        Writer {
            format,
            totals: Totals::default(),
            base: None,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            information_uri: None,
            items: 0,
            usages: Vec::new(),
        }
    }

    /// The version SARIF names the tool by (by default this crate's, which is the workspace's).
    pub fn version(mut self, version: impl Into<String>) -> Writer {
        self.version = version.into();
        self
    }

    /// The tool's web page, in SARIF (an absolute URI).
    pub fn information_uri(mut self, uri: impl Into<String>) -> Writer {
        self.information_uri = Some(uri.into());
        self
    }

    /// The folder the HTML page's paths are relative to (see [`Format::render_as`]), named
    /// in its header.
    pub fn base(mut self, base: impl Into<String>) -> Writer {
        self.base = Some(base.into());
        self
    }

    pub fn start(&self) -> String {
        match self.format {
            Format::Human | Format::HumanColored => String::new(),
            Format::Json => "{\n  \"findings\": [".into(),
            Format::Html => html::start(),
            Format::Sarif => sarif::start(&self.version, self.information_uri.as_deref()),
        }
    }

    /// Prints a rendered page to `out`, in order after the pages before it.
    pub fn write(
        &mut self,
        rendered: Rendered,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let separator = self.items > 0 && rendered.items > 0;
        self.items += rendered.items;
        self.totals.merge(rendered.counts);
        self.usages.extend(rendered.usage);
        if separator {
            out.write_all(b",")?;
        }
        out.write_all(rendered.text.as_bytes())
    }

    /// Counts a path that could not be read, for the summary.
    pub fn unreadable(&mut self) {
        self.totals.unreadable += 1;
    }

    /// The totals of the pages written so far.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// The entries of `baseline` (the one the pages were classified against) that the pages
    /// written no longer match, in the baseline's order; entries of pages not checked are not
    /// stale.
    pub fn stale<'b>(&self, baseline: &'b Baseline) -> Vec<Stale<'b>> {
        baseline.stale(&self.usages)
    }

    pub fn finish(self) -> String {
        match self.format {
            Format::Human | Format::HumanColored => human_summary(&self.totals),
            Format::Json => json_summary(&self.totals),
            Format::Html => html::finish(&self.totals, self.base.as_deref()),
            Format::Sarif => sarif::finish(&self.totals, self.items),
        }
    }
}

/// Each finding as rustc prints a diagnostic (`error[identifier]: ...`, `--> file:line:col`, the
/// line, a caret, the suggestion), or a note for a page without segments.
fn human_page(review: &Review<'_>, colored: bool) -> String {
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
        "checked {} {}, {} {}: {} {}",
        totals.files,
        plural("file", totals.files),
        totals.segments,
        plural("segment", totals.segments),
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
    if totals.unreadable > 0 {
        let _ = write!(
            out,
            "; {} {} not read",
            totals.unreadable,
            plural("path", totals.unreadable)
        );
    }
    if totals.known > 0 {
        let _ = write!(out, "; {} known from the baseline, not shown", totals.known);
    }
    out.push('\n');
    out
}

pub(crate) fn plural(word: &str, count: usize) -> String {
    if count == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

fn diagnostic(review: &Review<'_>, finding: &Located<'_>) -> Diagnostic {
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
        line_text: finding.line_text.to_owned(),
    });
    let segment = finding
        .segment
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
struct Summary {
    files: usize,
    segments: usize,
    findings: usize,
    /// Only when some path could not be read: the summary of a clean run is L10N-CHECKS.md's.
    #[serde(skip_serializing_if = "is_zero")]
    unreadable: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// A page's findings as elements of the report's `findings` array, laid out as serde_json's
/// pretty printer lays out the whole report (L10N-CHECKS.md's schema, findings in page order).
/// Written directly: a whole site's report is 400 MB, and serializing each finding on its own
/// to indent it again took a tenth of the site's check.
fn json_page(review: &Review<'_>) -> String {
    // About what it takes: the texts and the layout around them, grown at most once.
    let capacity = review
        .findings
        .iter()
        .map(|f| {
            let texts = [f.source, f.target, f.suggestion.as_deref()];
            texts.iter().flatten().map(|t| t.len()).sum::<usize>()
                + f.message.len()
                + review.path.len()
                + 250
        })
        .sum();
    let mut out = String::with_capacity(capacity);
    let locale = review.locale.as_ref().map(|l| l.tag.as_str());
    for (index, finding) in review.findings.iter().enumerate() {
        let fields = [
            ("category", Json::from(finding.check.category().name())),
            ("check", finding.check.id().into()),
            ("severity", finding.severity.label().into()),
            ("file", review.path.as_str().into()),
            ("line", Json::Number(finding.line)),
            ("column", Json::Number(finding.column)),
            ("segment", finding.segment.into()),
            ("locale", locale.into()),
            ("source", finding.source.into()),
            ("target", finding.target.into()),
            ("message", finding.message.as_str().into()),
            ("suggestion", finding.suggestion.as_deref().into()),
        ];
        out.push_str(if index == 0 { "\n    {" } else { ",\n    {" });
        for (number, (name, value)) in fields.into_iter().enumerate() {
            out.push_str(if number == 0 {
                "\n      \""
            } else {
                ",\n      \""
            });
            out.push_str(name);
            out.push_str("\": ");
            match value {
                Json::String(text) => json_string(&mut out, text),
                Json::Number(number) => {
                    let _ = write!(out, "{number}");
                }
                Json::Null => out.push_str("null"),
            }
        }
        out.push_str("\n    }");
    }
    out
}

/// A value of a finding's JSON object.
enum Json<'a> {
    String(&'a str),
    Number(usize),
    Null,
}

impl<'a> From<&'a str> for Json<'a> {
    fn from(text: &'a str) -> Json<'a> {
        Json::String(text)
    }
}

impl<'a> From<Option<&'a str>> for Json<'a> {
    fn from(text: Option<&'a str>) -> Json<'a> {
        text.map_or(Json::Null, Json::String)
    }
}

/// `text` as a JSON string, escaped as serde_json escapes: `"`, `\` and control characters.
pub(crate) fn json_string(out: &mut String, text: &str) {
    out.push('"');
    json_escaped(out, text);
    out.push('"');
}

/// `text` as the inside of a JSON string (without its quotes): what [`json_string`] writes
/// between them. Parts of one string are written one after another.
pub(crate) fn json_escaped(out: &mut String, text: &str) {
    escape_runs(out, text, push_escape);
}

/// `text` escaped as the inside of a JSON string, and that escaped again: a JSON string held
/// in a JSON string (SARIF's fingerprints), written in one pass.
pub(crate) fn json_escaped_twice(out: &mut String, text: &str) {
    escape_runs(out, text, |out, byte| {
        let mut once = String::with_capacity(6);
        push_escape(&mut once, byte);
        json_escaped(out, &once);
    });
}

/// Writes `text` to `out`, each byte that needs an escape in a JSON string by `escaped`.
fn escape_runs(out: &mut String, text: &str, mut escaped: impl FnMut(&mut String, u8)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Runs that need no escape, passed a word of 8 bytes at a time; a word with a byte to
        // escape (a Markdown `\_`, a quote) is passed up to that byte.
        if let Some(word) = bytes
            .get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            if !needs_escape(u64::from_le_bytes(word)) {
                at += 8;
                continue;
            }
            at += word.iter().position(|&b| escape(b).is_some()).unwrap_or(0);
        }
        let byte = bytes[at];
        at += 1;
        if escape(byte).is_none() {
            continue;
        }
        out.push_str(&text[start..at - 1]);
        escaped(out, byte);
        start = at;
    }
    out.push_str(&text[start..]);
}

/// What JSON writes for `byte`, one that needs an escape.
fn push_escape(out: &mut String, byte: u8) {
    match escape(byte) {
        Some("") => {
            let _ = write!(out, "\\u{byte:04x}");
        }
        Some(escape) => out.push_str(escape),
        None => out.push(char::from(byte)),
    }
}

/// What JSON writes for `byte` in a string, `Some("")` for a control character written as
/// `\u00XX`; `None` when it is written as it is.
fn escape(byte: u8) -> Option<&'static str> {
    Some(match byte {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        0x08 => "\\b",
        0x0c => "\\f",
        0x00..=0x1f => "",
        _ => return None,
    })
}

/// Whether any of the 8 bytes of `word` is a quote, a backslash or a control character: the
/// bit tricks of "Bit Twiddling Hacks" (a byte is zero, a byte is less than n), exact as a
/// yes or no.
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    let less_than = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS;
    let has = |byte: u8| less_than(word ^ (ONES * u64::from(byte)), 1);
    (less_than(word, 0x20) | has(b'"') | has(b'\\')) != 0
}

/// Closes `findings` and adds the `summary`.
fn json_summary(totals: &Totals) -> String {
    let summary = Summary {
        files: totals.files,
        segments: totals.segments,
        findings: totals.findings,
        unreadable: totals.unreadable,
    };
    let text = serde_json::to_string_pretty(&summary).expect("a summary always serializes");
    let summary = text.replace('\n', "\n  ");
    let close = if totals.findings == 0 { "]" } else { "\n  ]" };
    format!("{close},\n  \"summary\": {summary}\n}}\n")
}

/// `text` for HTML or XML character data or a double-quoted attribute (the review page, the
/// TBX glossary): `&`, `<`, `>`, `"` escaped, and
/// characters XML 1.0 does not allow (control characters but tab and line breaks, U+FFFE,
/// U+FFFF) replaced by U+FFFD.
pub(crate) fn markup_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, json_escaped_twice, json_string, needs_escape};

    /// The word test against the byte test: every byte at every place among fillers, and a
    /// million words of a fixed pseudo-random sequence.
    #[test]
    fn a_word_needs_an_escape_when_one_of_its_bytes_does() {
        let by_bytes = |word: u64| word.to_le_bytes().iter().any(|&b| escape(b).is_some());
        for filler in [b'a', b' ', b'!', 0x7f, 0x80, 0xe5, 0xff] {
            for place in 0..8 {
                for byte in 0..=255 {
                    let mut bytes = [filler; 8];
                    bytes[place] = byte;
                    let word = u64::from_le_bytes(bytes);
                    assert_eq!(needs_escape(word), by_bytes(word), "{bytes:?}");
                }
            }
        }
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..1_000_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            assert_eq!(needs_escape(state), by_bytes(state), "{state:#x}");
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = (0..=0x7f_u8).map(|b| format!("a{}b", b as char)).collect();
        texts.extend(
            ["", "\"\\\"", "標題 \u{2028}\u{85}\u{7f}", "\r\n\t", "end\\"].map(String::from),
        );
        // Past the first 32 bytes, which are checked a chunk at a time.
        let long = "標題 and more text ".repeat(4);
        texts.extend([
            format!("{long}\"{long}\n"),
            long.clone(),
            format!("{long}\u{1}"),
        ]);
        // A byte to escape at every place of a chunk, alone and two in a row.
        for at in 0..40 {
            for escaped in ["\\", "\"", "\n", "\u{1}", "\\_\\_"] {
                let mut text = "x".repeat(40);
                text.insert_str(at, escaped);
                texts.push(text);
            }
        }
        for text in texts {
            let mut ours = String::new();
            json_string(&mut ours, &text);
            let once = serde_json::to_string(&text).unwrap();
            assert_eq!(ours, once, "{text:?}");
            // A JSON string held in a JSON string, as SARIF's fingerprints are: escaped twice
            // in one pass as serde_json escapes it twice.
            let mut twice = String::new();
            json_escaped_twice(&mut twice, &text);
            let inside = |quoted: &str| quoted[1..quoted.len() - 1].to_owned();
            let expected = inside(&serde_json::to_string(&inside(&once)).unwrap());
            assert_eq!(twice, expected, "{text:?}");
        }
    }
}
