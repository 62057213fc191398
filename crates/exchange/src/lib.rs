//! A page's bilingual segments for CAT tools, and back.
//!
//! [`export_page`] writes a page's segments as XLIFF 2.0 or PO: the segment id as the unit id
//! or `msgctxt`, each finding of the translation checks as a note, the inline Markdown as codes
//! a CAT tool protects (XLIFF `<ph>`/`<pc>` with `originalData`, identifiers and code in
//! `<mrk translate="no">`; PO `#, no-wrap` and a comment of what to keep), and a state per
//! segment from what the page says of its translation.
//!
//! [`import_file`] reads a translator's file and puts its targets into the page, all or
//! nothing: a file it cannot trust (ill-formed, truncated, for another page, another XLIFF
//! version, an id twice) is an [`ImportError`] and nothing changes; an entry it cannot trust
//! (empty, fuzzy, untranslated, stale, breaking the page, adding defects) is listed in
//! [`Imported::not_applied`] and its segment keeps its text. Both read nothing from disk and
//! write nothing: the caller shows the paths and writes the page.

mod import;
mod markup;
mod po;
mod xliff;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use doccodes_diagnostic::{Diagnostic, Location};
use doccodes_front_matter::FrontMatter;
use doccodes_l10n::{Config, Review, review_translation};
use doccodes_page::{Segment, Translation};

pub use import::{ImportError, ImportOptions, Imported, NotApplied, Reason, import_file};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xliff,
    Po,
}

impl Format {
    /// The format a file name says: `.po`, or `.xlf` / `.xliff`.
    pub fn of_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".po") {
            Some(Format::Po)
        } else if lower.ends_with(".xlf") || lower.ends_with(".xliff") {
            Some(Format::Xliff)
        } else {
            None
        }
    }

    /// The format a file's text is in: XML starts with `<`, anything else is read as PO. The
    /// text decides, not the name, so a `.xlf` saved as PO is still read for what it is.
    fn of_text(text: &str) -> Format {
        if text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<')
        {
            Format::Xliff
        } else {
            Format::Po
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Xliff => "XLIFF",
            Format::Po => "PO",
        }
    }
}

/// A page that cannot be exchanged: nothing to translate, or ids that do not say which
/// segment an entry is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageError {
    /// An English page, or one whose span markup is all broken.
    NoSegments { page: String },
    /// Two segments with one id (the checks' `duplicate-id`): an entry for it would be
    /// ambiguous.
    DuplicateId {
        id: String,
        at: Location,
        first: Location,
    },
}

impl From<PageError> for Diagnostic {
    fn from(error: PageError) -> Diagnostic {
        match error {
            PageError::NoSegments { page } => Diagnostic::error(format!(
                "`{page}` has no bilingual segments: there is nothing to translate"
            ))
            .help("export a localized page (one with `<span data-ttu-id>` markup)"),
            PageError::DuplicateId { id, at, first } => Diagnostic::error(format!(
                "segment id `{id}` is used twice on the page: an entry for it would be ambiguous"
            ))
            .at(at)
            .related(first, "first used here")
            .help("fix the page first (`l10n` reports it as duplicate-id)"),
        }
    }
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Diagnostic::from(self.clone()).fmt(f)
    }
}

impl std::error::Error for PageError {}

/// The segments of the page `page_text` (shown as `page_shown`) in `format`, each with the
/// findings of the translation checks (run with `config`) as notes.
///
/// The file names its page by `page_shown` when that is relative, else by its file name: an
/// exported file never carries a path of the machine that wrote it.
pub fn export_page(
    format: Format,
    page_shown: &str,
    page_text: &str,
    config: &Config,
) -> Result<String, PageError> {
    // Read once: its segments are exported, and checked for the notes.
    let page = Translation::parse(page_text);
    segment_indexes(page_shown, page.text, &page.segments)?;
    let review = review_translation(page_shown, &page, config);
    Ok(write(format, page_shown, &page, &review))
}

fn write(format: Format, page_shown: &str, page: &Translation<'_>, review: &Review<'_>) -> String {
    let mut notes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for finding in &review.findings {
        if let Some(id) = finding.segment {
            notes.entry(id).or_default().push(format!(
                "{} {}: {}",
                finding.check.category().name(),
                finding.check.id(),
                finding.message
            ));
        }
    }
    let front_matter = FrontMatter::of(page.front_matter);
    // Microsoft Learn says how a page was translated: `HT` by people, `MT` by machine.
    let human = front_matter.value("ms.translationtype") == Some("HT");
    let header = Header {
        path: portable_path(page_shown),
        locale: review
            .locale
            .as_ref()
            .map_or("und", |locale| locale.tag.as_str()),
        title: front_matter.value("title").map(str::to_owned),
    };
    let segments: Vec<Outgoing<'_>> = page
        .segments
        .iter()
        .map(|segment| Outgoing {
            id: segment.id,
            source: segment.source,
            target: segment.target,
            line: page.line_column(segment.target_offset).0,
            notes: notes.remove(segment.id).unwrap_or_default(),
            identifiers: doccodes_l10n::identifiers(segment.source),
            state: if segment.target.trim().is_empty() {
                State::Initial
            } else if human {
                State::Reviewed
            } else {
                State::Translated
            },
        })
        .collect();
    match format {
        Format::Xliff => xliff::write(&header, &segments),
        Format::Po => po::write(&header, &segments),
    }
}

/// What both formats say of the page.
struct Header<'a> {
    /// Relative, `/`-separated.
    path: String,
    locale: &'a str,
    title: Option<String>,
}

/// One segment on its way out.
struct Outgoing<'a> {
    id: &'a str,
    source: &'a str,
    target: &'a str,
    /// The page line of the target, for PO's `#:` reference.
    line: usize,
    notes: Vec<String>,
    /// What the checks call the English's identifiers (visible text: `SEC_E_OK`).
    identifiers: Vec<String>,
    state: State,
}

/// Where a segment stands, in XLIFF 2.0's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// No target yet.
    Initial,
    /// Translated, not reviewed: a machine translation.
    Translated,
    /// Translated by people.
    Reviewed,
}

impl State {
    fn name(self) -> &'static str {
        match self {
            State::Initial => "initial",
            State::Translated => "translated",
            State::Reviewed => "reviewed",
        }
    }
}

/// `shown` as an exported file names its page: relative paths as given (with `/`), an
/// absolute one by its file name only.
fn portable_path(shown: &str) -> String {
    let slashed = shown.replace('\\', "/");
    let absolute = slashed.starts_with('/')
        || slashed.as_bytes().get(1) == Some(&b':')
        || slashed.starts_with("//");
    if absolute {
        file_name(&slashed).to_owned()
    } else {
        slashed.trim_start_matches("./").to_owned()
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Each segment's index by id; a page with an id twice, or none, cannot be exchanged.
fn segment_indexes<'p>(
    shown: &str,
    text: &str,
    segments: &[Segment<'p>],
) -> Result<HashMap<&'p str, usize>, PageError> {
    if segments.is_empty() {
        return Err(PageError::NoSegments {
            page: shown.to_owned(),
        });
    }
    let mut indexes = HashMap::with_capacity(segments.len());
    for (index, segment) in segments.iter().enumerate() {
        if let Some(first) = indexes.insert(segment.id, index) {
            let at = |offset| Location::at_offset(shown, text, offset);
            return Err(PageError::DuplicateId {
                id: segment.id.to_owned(),
                at: at(segment.markup.start),
                first: at(segments[first].markup.start),
            });
        }
    }
    Ok(indexes)
}

/// What a CAT tool file says, whichever its format.
struct Exchanged {
    /// The page each `<file original>` or the PO header names, and where.
    pages: Vec<(String, Location)>,
    entries: Vec<Entry>,
}

/// One entry: what the file says for one segment.
struct Entry {
    id: String,
    /// The target's place in the file (the entry's, when it has no target).
    at: Location,
    /// The English as the file has it, markup restored.
    source: String,
    /// The target, markup restored; `None` when the file has none (XLIFF without `<target>`).
    target: Option<String>,
    status: Status,
    /// Why the target cannot be restored (an inline code without its original data).
    unreadable: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Ready,
    /// PO's `#, fuzzy`.
    Fuzzy,
    /// XLIFF's `state="initial"`, which is also what a segment without `state` is.
    Initial,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exported_paths_are_never_absolute() {
        assert_eq!(portable_path("docs-src/a.md"), "docs-src/a.md");
        assert_eq!(portable_path("./docs-src/a.md"), "docs-src/a.md");
        assert_eq!(portable_path("docs-src\\a.md"), "docs-src/a.md");
        assert_eq!(portable_path("/home/me/docs/a.md"), "a.md");
        assert_eq!(portable_path("C:\\Users\\me\\a.md"), "a.md");
    }
}
