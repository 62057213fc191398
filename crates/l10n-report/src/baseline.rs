//! Baselines: the findings a site had when it adopted the checks, so that a CI gate fails on
//! new findings only (a localized Win32 site has about 550,000 findings today).
//!
//! A finding is keyed by its page, its segment (`data-ttu-id`), its check and the defect's text
//! (the target text it marks, else its segment's target, else its message), never by line or
//! column: the key survives lines moved and edits elsewhere on the page, and a defect fixed and
//! another made in the same segment read as one stale entry and one new finding. The same key
//! twice on a page is one entry with a count.
//!
//! The file is JSON, one entry a line, sorted, so that a diff of two baselines reads as the
//! findings that came and went:
//!
//! ```json
//! {
//!   "version": 1,
//!   "entries": [
//!     {"page": "sspi-status-codes.zh-tw.md", "segment": "df3f1-115", "check": "dnt-identifier", "defect": "秒 \\_ E \\_ 無法 \\_ 安裝"},
//!     {"page": "x.md", "segment": null, "check": "front-matter", "defect": "title: SSPI became Sspi", "count": 2}
//!   ]
//! }
//! ```
//!
//! Reviews are classified on the worker threads that make them ([`Baseline::for_page`], then
//! [`PageBaseline::classify`]); the [`Writer`](crate::Writer) that writes their reports on the
//! main thread keeps which entries were found, for [`Writer::stale`](crate::Writer::stale).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;
use std::num::NonZeroUsize;
use std::sync::Arc;

use doccodes_diagnostic::{Diagnostic, Location};
use doccodes_l10n::{Check, Located, Review};
use serde::Deserialize;

use crate::json_string;

/// The version of the file format this crate reads and writes.
pub const VERSION: u64 = 1;

/// One key of a baseline and how many findings on its page have it. A whole site's baseline
/// is 700,000 of them: a page's name is shared by its entries, a known check's id is not
/// copied.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// The page as the run that wrote the baseline labelled it, with `/` separators.
    pub page: Arc<str>,
    /// The `data-ttu-id` of the finding's segment; `None` for findings of the whole page.
    pub segment: Option<Box<str>>,
    /// The check's id (`dnt-identifier`); a check no longer known is kept, and goes stale.
    pub check: Cow<'static, str>,
    pub defect: Box<str>,
    pub count: usize,
}

/// The findings known when the baseline was written: entries sorted by page, segment, check
/// and defect, one per key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    entries: Vec<Entry>,
}

/// One page's entries, for classifying its findings on a worker thread.
#[derive(Clone, Copy, Debug)]
pub struct PageBaseline<'b> {
    /// The index of the page's first entry in the whole baseline.
    first: usize,
    entries: &'b [Entry],
}

/// A page's findings against the baseline: which are known, and which entries they used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Known {
    /// For each finding of the review, in order: whether the baseline holds it.
    pub findings: Vec<bool>,
    pub(crate) usage: Usage,
}

/// How many findings each of a page's entries matched: the page's entries start at `first`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Usage {
    pub(crate) first: usize,
    pub(crate) found: Vec<usize>,
}

/// An entry of a page that was checked and no longer has (all of) its findings: the defect
/// was fixed, or its segment rewritten.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stale<'b> {
    pub entry: &'b Entry,
    /// How many findings still have its key (fewer than its count).
    pub found: usize,
}

/// Collects the pages of a run, in any order, into a baseline file.
#[derive(Debug, Default)]
pub struct BaselineWriter {
    pages: Vec<PageEntries>,
}

/// The entries of one page's findings, sorted, counted and written as the file's lines where
/// the review is (a worker thread), added to a [`BaselineWriter`] on the thread that writes
/// the baseline: that thread then only puts pages in order, where it once sorted 700,000
/// entries and wrote them after the last page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageEntries {
    /// The page's label as the file has it: its entries sort by it first.
    page: Box<str>,
    /// The page's entries as the file's lines, in order, joined by [`BETWEEN_ENTRIES`]; empty
    /// for a page without findings.
    lines: String,
}

impl Baseline {
    /// Reads a baseline file; `shown` names it in errors, which point at the line and column of
    /// bad JSON, a missing or unknown field, a count of 0 or a version this crate does not read.
    /// Entries may come in any order, and a key given twice counts twice.
    pub fn parse(shown: &str, text: &str) -> Result<Baseline, Diagnostic> {
        let file: File = serde_json::from_str(text).map_err(|error| {
            let message = error.to_string();
            // serde_json ends its message with the position, which the location shows.
            let message = message
                .rfind(" at line ")
                .map_or(message.as_str(), |at| &message[..at]);
            Diagnostic::error(format!("`{shown}` is not a baseline: {message}"))
                .at(location(shown, text, error.line(), error.column()))
                .help(format!(
                    "a baseline is written by `l10n --write-baseline FILE` (format version {VERSION})"
                ))
        })?;
        // Entries read borrowed from the file's text where they hold no escape, then owned,
        // a page's name once for its run of entries (a written baseline lists a page's
        // together); sorted and counted as a run's are.
        let mut entries: Vec<Entry> = Vec::with_capacity(file.entries.len());
        for entry in file.entries {
            let page = normalize(&entry.page);
            let page = match entries.last() {
                Some(last) if *last.page == *page => last.page.clone(),
                _ => Arc::from(page),
            };
            entries.push(Entry {
                page,
                segment: entry.segment.map(Box::from),
                check: check_id(entry.check),
                defect: Box::from(entry.defect),
                count: entry.count.get(),
            });
        }
        Ok(Baseline {
            entries: merged(entries),
        })
    }

    /// The file: pretty JSON, one entry a line, sorted; what [`Baseline::parse`] reads back to
    /// the same baseline.
    pub fn to_json(&self) -> String {
        file_text([entry_lines(&self.entries).as_str()])
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries of `page` (labelled as when the baseline was written): two binary searches,
    /// nothing copied.
    pub fn for_page(&self, page: &str) -> PageBaseline<'_> {
        let page = normalize(page);
        let first = self.entries.partition_point(|entry| *entry.page < *page);
        let end = first + self.entries[first..].partition_point(|entry| *entry.page == *page);
        PageBaseline {
            first,
            entries: &self.entries[first..end],
        }
    }

    /// The entries that matched fewer findings than their count, of the pages in `usages` (the
    /// pages checked: an entry of a page this run did not check is not stale).
    pub(crate) fn stale<'b>(&'b self, usages: &[Usage]) -> Vec<Stale<'b>> {
        let mut stale = Vec::new();
        for usage in usages {
            for (index, &found) in usage.found.iter().enumerate() {
                if let Some(entry) = self.entries.get(usage.first + index)
                    && found < entry.count
                {
                    stale.push(Stale { entry, found });
                }
            }
        }
        stale
    }
}

impl PageBaseline<'_> {
    /// Whether each finding of `review` is known: a finding is known while its entry has count
    /// left, so a defect made once more than the baseline knows is one new finding.
    pub fn classify(&self, review: &Review<'_>) -> Known {
        let mut found = vec![0; self.entries.len()];
        let findings = review
            .findings
            .iter()
            .map(|finding| {
                let key = (finding.segment, finding.check.id(), defect(finding));
                let at = self.entries.binary_search_by(|entry| {
                    (entry.segment.as_deref(), &*entry.check, &*entry.defect).cmp(&key)
                });
                match at {
                    Ok(index) if found[index] < self.entries[index].count => {
                        found[index] += 1;
                        true
                    }
                    _ => false,
                }
            })
            .collect();
        Known {
            findings,
            usage: Usage {
                first: self.first,
                found,
            },
        }
    }
}

impl Known {
    /// How many of the page's findings are known.
    pub fn count(&self) -> usize {
        self.findings.iter().filter(|&&known| known).count()
    }
}

impl Stale<'_> {
    /// A warning naming the entry, for stderr: it no longer hides anything, and would hide the
    /// defect coming back.
    pub fn diagnostic(&self) -> Diagnostic {
        let entry = self.entry;
        let segment = entry
            .segment
            .as_deref()
            .map_or(String::new(), |segment| format!(" segment {segment}"));
        let found = if self.found == 0 {
            "no longer found".to_owned()
        } else {
            format!("found {} of {} times", self.found, entry.count)
        };
        Diagnostic::warning(format!(
            "baseline entry `{}`{segment} {}: `{}` {found}",
            entry.page, entry.check, entry.defect
        ))
        .help("fixed? write the baseline again (--write-baseline) to drop the entry")
    }
}

impl BaselineWriter {
    pub fn new() -> BaselineWriter {
        BaselineWriter::default()
    }

    /// Adds the findings of `review`, its page labelled `page`.
    pub fn add(&mut self, page: &str, review: &Review<'_>) {
        self.add_page(PageEntries::of(page, review));
    }

    pub fn add_page(&mut self, page: PageEntries) {
        if !page.lines.is_empty() {
            self.pages.push(page);
        }
    }

    /// The file, as [`Baseline::to_json`] writes the baseline of these pages: each page's
    /// lines, in the order of their labels (see [`BaselineWriter::write_to`]).
    pub fn finish(mut self) -> String {
        self.sort_and_merge();
        file_text(self.pages.iter().map(|page| page.lines.as_str()))
    }

    /// Writes the file to `out` as it goes, never whole in memory (see
    /// [`BaselineWriter::finish`]).
    pub fn write_to(mut self, out: &mut dyn Write) -> std::io::Result<()> {
        self.sort_and_merge();
        write_file(self.pages.iter().map(|page| page.lines.as_str()), out)
    }

    /// The pages in the order of their labels, one page a label: a label given twice (two
    /// paths naming one page) has its entries counted together, as a file's are, by reading
    /// that page's lines back.
    fn sort_and_merge(&mut self) {
        self.pages.sort_by(|a, b| a.page.cmp(&b.page));
        let mut merged: Vec<PageEntries> = Vec::with_capacity(self.pages.len());
        for page in self.pages.drain(..) {
            match merged.last_mut() {
                Some(last) if last.page == page.page => {
                    let text = file_text([last.lines.as_str(), page.lines.as_str()]);
                    let both =
                        Baseline::parse("", &text).expect("lines this crate wrote read back");
                    last.lines = entry_lines(both.entries());
                }
                _ => merged.push(page),
            }
        }
        self.pages = merged;
    }
}

/// The file whose entries are `runs` of lines, each run in order after the one before.
fn write_file<'l>(
    runs: impl IntoIterator<Item = &'l str>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    out.write_all(format!("{{\n  \"version\": {VERSION},\n  \"entries\": [").as_bytes())?;
    let mut empty = true;
    for run in runs.into_iter().filter(|run| !run.is_empty()) {
        out.write_all(if empty { "\n    " } else { BETWEEN_ENTRIES }.as_bytes())?;
        out.write_all(run.as_bytes())?;
        empty = false;
    }
    out.write_all(if empty { "]\n}\n" } else { "\n  ]\n}\n" }.as_bytes())
}

/// [`write_file`] to a string.
fn file_text<'l>(runs: impl IntoIterator<Item = &'l str>) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and every run is text.
    let _ = write_file(runs, &mut out);
    String::from_utf8(out).expect("a baseline is text")
}

/// `entries` as the file's lines, joined by [`BETWEEN_ENTRIES`].
fn entry_lines(entries: &[Entry]) -> String {
    // Sized once: a whole site's baseline is 100 MB, copied at every doubling otherwise.
    let texts: usize = (entries.iter())
        .map(|entry| entry.page.len() + entry.check.len() + entry.defect.len() + 80)
        .sum();
    let mut lines = String::with_capacity(texts);
    for (index, entry) in entries.iter().enumerate() {
        if index > 0 {
            lines.push_str(BETWEEN_ENTRIES);
        }
        let segment = entry.segment.as_deref();
        write_entry(
            &mut lines,
            &entry.page,
            segment,
            &entry.check,
            &entry.defect,
            entry.count,
        );
    }
    lines
}

/// What comes between two entries of the file: each is a line of its own, indented.
const BETWEEN_ENTRIES: &str = ",\n    ";

/// One entry as the file writes it, on one line.
fn write_entry(
    out: &mut String,
    page: &str,
    segment: Option<&str>,
    check: &str,
    defect: &str,
    count: usize,
) {
    out.push_str("{\"page\": ");
    json_string(out, page);
    out.push_str(", \"segment\": ");
    match segment {
        Some(segment) => json_string(out, segment),
        None => out.push_str("null"),
    }
    out.push_str(", \"check\": ");
    json_string(out, check);
    out.push_str(", \"defect\": ");
    json_string(out, defect);
    if count > 1 {
        let _ = write!(out, ", \"count\": {count}");
    }
    out.push('}');
}

/// `entries` sorted, one per key, its count the sum of theirs: a page checked twice, or a key
/// a file gives twice, counts twice. Pages come sorted and counted already (a run's, from their
/// workers; a file's, as written), so the sort is a merge of sorted runs.
fn merged(mut entries: Vec<Entry>) -> Vec<Entry> {
    entries.sort();
    let mut merged: Vec<Entry> = Vec::with_capacity(entries.len());
    for entry in entries {
        match merged.last_mut() {
            Some(last)
                if (&last.page, &last.segment, &last.check, &last.defect)
                    == (&entry.page, &entry.segment, &entry.check, &entry.defect) =>
            {
                last.count += entry.count;
            }
            _ => merged.push(entry),
        }
    }
    merged
}

impl PageEntries {
    pub fn of(page: &str, review: &Review<'_>) -> PageEntries {
        let page = normalize(page);
        let mut keys: Vec<(Option<&str>, &'static str, &str)> = review
            .findings
            .iter()
            .map(|finding| (finding.segment, finding.check.id(), defect(finding)))
            .collect();
        keys.sort_unstable();
        let mut lines = String::new();
        for same in keys.chunk_by(|a, b| a == b) {
            let (segment, check, defect) = same[0];
            if !lines.is_empty() {
                lines.push_str(BETWEEN_ENTRIES);
            }
            write_entry(&mut lines, &page, segment, check, defect, same.len());
        }
        PageEntries {
            page: page.into(),
            lines,
        }
    }
}

/// A check's id as the baseline stores it: a known check's own `&'static str`, an unknown one
/// (a check since renamed) kept as given.
fn check_id(id: Cow<'_, str>) -> Cow<'static, str> {
    match Check::from_id(&id) {
        Some(check) => Cow::Borrowed(check.id()),
        None => Cow::Owned(id.into_owned()),
    }
}

/// What a finding is about, in words that do not move with the page: the target text it
/// marks; where it marks none, its segment's target (an id used twice: the message names the
/// line of the first use); for a finding of the whole page, its message.
pub(crate) fn defect<'a>(finding: &'a Located<'_>) -> &'a str {
    let marked = finding
        .mark
        .clone()
        .and_then(|mark| finding.target?.get(mark));
    [marked, finding.target]
        .into_iter()
        .flatten()
        .find(|text| !text.is_empty())
        .unwrap_or(&finding.message)
}

/// A page label with `/` separators and without a leading `./`: the same page named on any
/// system, with or without the dot, has one key.
pub(crate) fn normalize(page: &str) -> Cow<'_, str> {
    // Nearly every label of a baseline file needs no change, and is borrowed.
    if !page.contains('\\') && !page.starts_with("./") {
        return Cow::Borrowed(page);
    }
    let page = page.replace('\\', "/");
    let mut rest = page.as_str();
    while let Some(after) = rest.strip_prefix("./") {
        rest = after.trim_start_matches('/');
    }
    Cow::Owned(rest.to_owned())
}

/// The file as serde reads it: unknown fields are errors (a misspelt `segmnet` would otherwise
/// make every entry of its page new), and `version` is read first and checked as it is read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File<'a> {
    #[serde(rename = "version")]
    _version: Version,
    #[serde(borrow)]
    entries: Vec<FileEntry<'a>>,
}

/// An entry, its texts borrowed from the file's unless they hold an escape.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEntry<'a> {
    #[serde(borrow)]
    page: Cow<'a, str>,
    #[serde(default, borrow)]
    segment: Option<Cow<'a, str>>,
    #[serde(borrow)]
    check: Cow<'a, str>,
    #[serde(borrow)]
    defect: Cow<'a, str>,
    #[serde(default = "one")]
    count: NonZeroUsize,
}

fn one() -> NonZeroUsize {
    NonZeroUsize::MIN
}

/// [`VERSION`], or an error at it.
struct Version;

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Version, D::Error> {
        let version = u64::deserialize(deserializer)?;
        if version == VERSION {
            Ok(Version)
        } else {
            Err(serde::de::Error::custom(format!(
                "version {version} of the baseline format; this doccodes reads version {VERSION}"
            )))
        }
    }
}

/// serde_json's line and column (in bytes; 0 at the very end) as a location in characters.
fn location(shown: &str, text: &str, line: usize, column: usize) -> Location {
    let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let mut bytes = column.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(bytes) {
        bytes -= 1;
    }
    Location::at_line_column(
        shown,
        text,
        line.max(1),
        line_text[..bytes].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_normalized() {
        assert_eq!(normalize(".\\docs\\a.md"), "docs/a.md");
        assert_eq!(normalize("././/a.md"), "a.md");
        assert_eq!(normalize("../a.md"), "../a.md");
    }

    #[test]
    fn errors_point_at_the_place_in_characters() {
        let text =
            "{\n  \"version\": 1,\n  \"entries\": [{\"page\": \"秒秒\", \"segmnet\": null}]\n}\n";
        let error = Baseline::parse("b.json", text).unwrap_err();
        let location = error.location.clone().unwrap();
        // serde_json's column 42 counts bytes, and points at the key's closing quote.
        assert_eq!((location.line, location.column), (3, 38), "{error}");
        assert!(error.message.contains("unknown field `segmnet`"), "{error}");
        assert!(!error.message.contains("at line"), "{error}");
    }
}
