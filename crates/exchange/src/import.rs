//! A translator's file back into its page, in three gates: the file as a whole (well-formed,
//! this page's, each segment once), each entry (translated, from today's English, readable),
//! each target (keeps the page's markup and structure, adds no defect the checks find).

use std::collections::HashMap;
use std::fmt;

use doccodes_diagnostic::{Diagnostic, LineIndex, Location};
use doccodes_l10n::{Category, Check, Config, Review, review};
use doccodes_page::{Page, Segment};

use crate::{Entry, Exchanged, Format, PageError, Status, file_name, segment_indexes};

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Apply targets that add identifier, link or markup findings (never ones that break the
    /// page).
    pub force: bool,
    /// The translation checks every target passes, as `l10n` runs them.
    pub config: Config,
}

/// What an import did. Nothing is written: the caller writes [`Imported::page`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The page with the targets applied; `None` when no target changed.
    pub page: Option<String>,
    /// The ids of the segments whose target changed, in page order.
    pub updated: Vec<String>,
    /// How many entries the file has.
    pub entries: usize,
    /// Entries left out, each with why, in file order.
    pub not_applied: Vec<NotApplied>,
    /// Entries applied under [`ImportOptions::force`] although they add defects.
    pub forced: Vec<NotApplied>,
}

impl Imported {
    /// One line for the person who ran the import: `PAGE: 1 of 171 segments updated (id);
    /// 2 not applied`.
    pub fn summary(&self, page_shown: &str) -> String {
        let mut line = format!(
            "{page_shown}: {} of {} segments updated",
            self.updated.len(),
            self.entries
        );
        if !self.updated.is_empty() {
            line.push_str(&format!(" ({})", self.updated.join(", ")));
        }
        if !self.not_applied.is_empty() {
            line.push_str(&format!("; {} not applied", self.not_applied.len()));
        }
        if !self.forced.is_empty() {
            line.push_str(&format!("; {} forced", self.forced.len()));
        }
        line
    }

    /// A warning per entry not applied or forced, in file order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut diagnostics: Vec<(&Location, Diagnostic)> = self
            .not_applied
            .iter()
            .map(|entry| (&entry.at, entry.diagnostic()))
            .chain(self.forced.iter().map(|entry| {
                (
                    &entry.at,
                    Diagnostic::warning(format!(
                        "`{}` imported with --force: {}",
                        entry.segment, entry.reason
                    ))
                    .code("import")
                    .at(entry.at.clone()),
                )
            }))
            .collect();
        diagnostics.sort_by_key(|(at, _)| (at.line, at.column));
        diagnostics
            .into_iter()
            .map(|(_, diagnostic)| diagnostic)
            .collect()
    }
}

/// One entry of the file that was not applied (or was, under force), where it is in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotApplied {
    pub segment: String,
    pub at: Location,
    pub reason: Reason,
}

impl NotApplied {
    pub fn diagnostic(&self) -> Diagnostic {
        let diagnostic =
            Diagnostic::warning(format!("`{}` not applied: {}", self.segment, self.reason))
                .code("import")
                .at(self.at.clone());
        match &self.reason {
            Reason::NotOnPage => diagnostic.help("the page changed since the export: export it again"),
            Reason::Stale { file, page } => diagnostic.help(format!(
                "the file's English: {file}\n      the page's English: {page}\n      export the page again and carry the translation over"
            )),
            Reason::Fuzzy => diagnostic.help("review the translation and clear the fuzzy flag"),
            Reason::Initial | Reason::Untranslated => {
                diagnostic.help("translate it and mark the segment translated (state=\"translated\")")
            }
            Reason::Defects(_) => {
                diagnostic.help("correct the target, or import with --force to apply it anyway")
            }
            Reason::Empty | Reason::Unreadable(_) | Reason::BreaksPage(_) => diagnostic,
        }
    }
}

/// Why an entry was not applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Its id is no segment of the page (the page changed since the export).
    NotOnPage,
    /// The file's English differs from the page's: translated from another version.
    Stale { file: String, page: String },
    /// XLIFF: a unit or segment without `<target>`.
    Untranslated,
    /// An empty target (PO's untranslated `msgstr ""`).
    Empty,
    /// PO's `#, fuzzy`.
    Fuzzy,
    /// XLIFF `state="initial"` (or no state, which means it).
    Initial,
    /// Its inline codes cannot be put back (a code without original data).
    Unreadable(String),
    /// It would break the page: the segment's span markup, its table row, its line.
    BreaksPage(String),
    /// The translation checks find identifier, link or markup defects in it that the page's
    /// target does not have. The only reason `force` overrides.
    Defects(Vec<String>),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NotOnPage => f.write_str("the page has no segment with this id"),
            Reason::Stale { .. } => f.write_str("its English differs from the page's: it is stale"),
            Reason::Untranslated => f.write_str("it has no target"),
            Reason::Empty => f.write_str("its target is empty"),
            Reason::Fuzzy => f.write_str("it is marked fuzzy"),
            Reason::Initial => f.write_str("its state is initial: it is not translated yet"),
            Reason::Unreadable(why) => write!(f, "its markup cannot be restored: {why}"),
            Reason::BreaksPage(why) => write!(f, "it would break the page: {why}"),
            Reason::Defects(found) => write!(
                f,
                "it adds {}: {}",
                if found.len() == 1 {
                    "a defect".to_owned()
                } else {
                    format!("{} defects", found.len())
                },
                found.join("; ")
            ),
        }
    }
}

/// A file that cannot be imported at all; nothing of it is applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Not well-formed XML, a PO syntax error, a file cut short, an entry this tool cannot
    /// place.
    Syntax {
        format: Format,
        at: Location,
        message: String,
    },
    /// An XLIFF that is not 2.x (1.2 has another vocabulary).
    UnsupportedVersion { at: Location, version: String },
    /// One segment twice: which of the two would be meant?
    Duplicate {
        id: String,
        at: Location,
        first: Location,
    },
    /// The file names another page (XLIFF `<file original>`, the PO header's
    /// `X-Doccodes-Page`). File names are compared, so a page moved to another folder is
    /// still its page.
    OtherPage {
        at: Location,
        named: String,
        page: String,
    },
    /// The file has no entry for any segment of the page (or no entry at all).
    NoSegmentOfPage {
        file: String,
        page: String,
        entries: usize,
        /// The first entry's id, to show what the file is about.
        first: Option<String>,
    },
    /// The page cannot take an import.
    Page(PageError),
}

impl From<ImportError> for Diagnostic {
    fn from(error: ImportError) -> Diagnostic {
        match error {
            ImportError::Syntax {
                format,
                at,
                message,
            } => Diagnostic::error(format!("cannot read the {} file: {message}", format.name()))
                .at(at)
                .help("nothing was imported; save the file again from the CAT tool, or export again"),
            ImportError::UnsupportedVersion { at, version } => Diagnostic::error(format!(
                "XLIFF {version} is not read; export again with this tool's XLIFF 2.0"
            ))
            .at(at)
            .help("nothing was imported"),
            ImportError::Duplicate { id, at, first } => Diagnostic::error(format!(
                "segment `{id}` has two entries: the file cannot say which target is meant"
            ))
            .at(at)
            .related(first, "first entry here")
            .help("nothing was imported; keep one entry per segment"),
            ImportError::OtherPage { at, named, page } => Diagnostic::error(format!(
                "the file is for `{named}`, not `{page}`"
            ))
            .at(at)
            .help("nothing was imported; import it into the page it names (if the page was renamed, change the name in the file)"),
            ImportError::NoSegmentOfPage {
                file,
                page,
                first: None,
                ..
            } => Diagnostic::error(format!("`{file}` has no entries to import into `{page}`"))
                .help("nothing was imported"),
            ImportError::NoSegmentOfPage {
                file,
                page,
                entries,
                first: Some(first),
            } => Diagnostic::error(format!(
                "none of the {entries} entries of `{file}` (the first is `{first}`) is a segment of `{page}`: the file is for another page"
            ))
            .help("nothing was imported"),
            ImportError::Page(error) => error.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Diagnostic::from(self.clone()).fmt(f)
    }
}

impl std::error::Error for ImportError {}

/// A CAT tool file being read: its text, the name it is shown by and its format, to place
/// what it holds and what is wrong with it.
pub(crate) struct FileText<'t> {
    format: Format,
    shown: &'t str,
    pub(crate) text: &'t str,
    lines: LineIndex,
}

impl<'t> FileText<'t> {
    pub(crate) fn new(format: Format, shown: &'t str, text: &'t str) -> FileText<'t> {
        FileText {
            format,
            shown,
            text,
            lines: LineIndex::new(text),
        }
    }

    pub(crate) fn at(&self, offset: usize) -> Location {
        self.lines.location(self.shown, self.text, offset)
    }

    /// The file refused at `offset`: it is not what its format says a file is.
    pub(crate) fn syntax(&self, offset: usize, message: impl Into<String>) -> ImportError {
        ImportError::Syntax {
            format: self.format,
            at: self.at(offset),
            message: message.into(),
        }
    }
}

/// Reads a CAT tool file (XLIFF 2.0 or PO, as its text says) and refuses it whole when one
/// segment has two entries.
pub(crate) fn read(file_shown: &str, file_text: &str) -> Result<Exchanged, ImportError> {
    // Windows tools start files with a byte order mark; positions count from after it.
    let file_text = file_text.strip_prefix('\u{feff}').unwrap_or(file_text);
    let exchanged = match Format::of_text(file_text) {
        Format::Xliff => crate::xliff::read(file_shown, file_text)?,
        Format::Po => crate::po::read(file_shown, file_text)?,
    };
    let mut seen: HashMap<&str, &Location> = HashMap::new();
    for entry in &exchanged.entries {
        if let Some(first) = seen.insert(&entry.id, &entry.at) {
            return Err(ImportError::Duplicate {
                id: entry.id.clone(),
                at: entry.at.clone(),
                first: first.clone(),
            });
        }
    }
    Ok(exchanged)
}

/// Puts the targets of the CAT tool file `file_text` (XLIFF 2.0 or PO, whichever it is) into
/// the page `page_text`. The paths are only shown (and the page's file name compared with the
/// one the file names); nothing is read or written.
///
/// All or nothing for the file: an [`ImportError`] when it cannot be trusted. Entry by entry
/// after that: what [`Reason`] says is left out and listed, every other target applied.
pub fn import_file(
    page_shown: &str,
    page_text: &str,
    file_shown: &str,
    file_text: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let exchanged = read(file_shown, file_text)?;
    let page = Page::parse(page_text);
    let indexes =
        segment_indexes(page_shown, page.text, &page.segments).map_err(ImportError::Page)?;
    names_only(&exchanged, page_shown)?;
    has_a_segment_of(&exchanged, &indexes, file_shown, page_shown)?;

    let mut not_applied = Vec::new();
    let changes = screen_entries(&page, &indexes, &exchanged.entries, &mut not_applied);
    let changes = keep_page_shape(&page, changes, &mut not_applied);
    let (mut changes, forced) =
        refuse_defects(page_shown, &page, changes, options, &mut not_applied);

    not_applied.sort_by_key(|entry| (entry.at.line, entry.at.column));
    changes.sort_by_key(|change| change.index);
    Ok(Imported {
        page: (!changes.is_empty()).then(|| replace(&page, &changes)),
        updated: changes
            .iter()
            .map(|change| page.segments[change.index].id.to_owned())
            .collect(),
        entries: exchanged.entries.len(),
        not_applied,
        forced,
    })
}

/// What one entry would change: its segment's target, in place of the page's.
struct Change<'a> {
    /// The segment's index on the page.
    index: usize,
    target: &'a str,
    entry: &'a Entry,
}

impl NotApplied {
    fn new(entry: &Entry, reason: Reason) -> NotApplied {
        NotApplied {
            segment: entry.id.clone(),
            at: entry.at.clone(),
            reason,
        }
    }
}

/// The file must name no other page than `page_shown` (by file name: a page moved to another
/// folder is still its page).
fn names_only(exchanged: &Exchanged, page_shown: &str) -> Result<(), ImportError> {
    match exchanged
        .pages
        .iter()
        .find(|(named, _)| file_name(named) != file_name(page_shown))
    {
        Some((named, at)) => Err(ImportError::OtherPage {
            at: at.clone(),
            named: named.clone(),
            page: page_shown.to_owned(),
        }),
        None => Ok(()),
    }
}

/// A file none of whose entries is a segment of the page is for another page, whatever it
/// names.
fn has_a_segment_of(
    exchanged: &Exchanged,
    indexes: &HashMap<&str, usize>,
    file_shown: &str,
    page_shown: &str,
) -> Result<(), ImportError> {
    if exchanged
        .entries
        .iter()
        .any(|entry| indexes.contains_key(entry.id.as_str()))
    {
        return Ok(());
    }
    Err(ImportError::NoSegmentOfPage {
        file: file_shown.to_owned(),
        page: page_shown.to_owned(),
        entries: exchanged.entries.len(),
        first: exchanged.entries.first().map(|entry| entry.id.clone()),
    })
}

/// The changes the entries would make, in file order; each entry that may not make its
/// change is listed in `not_applied` with why.
fn screen_entries<'a>(
    page: &Page<'_>,
    indexes: &HashMap<&str, usize>,
    entries: &'a [Entry],
    not_applied: &mut Vec<NotApplied>,
) -> Vec<Change<'a>> {
    let mut changes = Vec::new();
    for entry in entries {
        match screen(page, indexes, entry) {
            Ok(Some(change)) => changes.push(change),
            Ok(None) => {}
            Err(reason) => not_applied.push(NotApplied::new(entry, reason)),
        }
    }
    changes
}

/// What one entry would change, by what it says alone: `Ok(None)` when it would change
/// nothing, the reason when it may not change its segment.
fn screen<'a>(
    page: &Page<'_>,
    indexes: &HashMap<&str, usize>,
    entry: &'a Entry,
) -> Result<Option<Change<'a>>, Reason> {
    let Some(&index) = indexes.get(entry.id.as_str()) else {
        return Err(Reason::NotOnPage);
    };
    let segment = &page.segments[index];
    if let Some(why) = &entry.unreadable {
        return Err(Reason::Unreadable(why.clone()));
    }
    if entry.source != segment.source {
        return Err(Reason::Stale {
            file: entry.source.clone(),
            page: segment.source.to_owned(),
        });
    }
    let Some(target) = entry.target.as_deref() else {
        // No target for a segment the page has none for either: nothing was lost.
        if segment.target.is_empty() {
            return Ok(None);
        }
        return Err(Reason::Untranslated);
    };
    if target == segment.target {
        return Ok(None);
    }
    if target.trim().is_empty() {
        return Err(Reason::Empty);
    }
    match entry.status {
        Status::Fuzzy => Err(Reason::Fuzzy),
        Status::Initial => Err(Reason::Initial),
        Status::Ready => match breaks_page(page, segment, target) {
            Some(why) => Err(Reason::BreaksPage(why)),
            None => Ok(Some(Change {
                index,
                target,
                entry,
            })),
        },
    }
}

/// What the rules of [`screen`] cannot foresee, the page read again can: a target must leave
/// the page's tables, headings, lists and segments as they were. The changes that would not
/// are listed in `not_applied`; the others are returned.
fn keep_page_shape<'a>(
    page: &Page<'_>,
    mut changes: Vec<Change<'a>>,
    not_applied: &mut Vec<NotApplied>,
) -> Vec<Change<'a>> {
    while let Some(why) = reshapes(page, &changes) {
        for (position, why) in culprits(page, &changes, why).into_iter().rev() {
            let change = changes.remove(position);
            not_applied.push(NotApplied::new(change.entry, Reason::BreaksPage(why)));
        }
    }
    changes
}

/// How the page with `changes` made would differ in shape from the page, if it would.
fn reshapes(page: &Page<'_>, changes: &[Change<'_>]) -> Option<String> {
    shape_difference(page, &Page::parse(&replace(page, changes)), changes)
}

/// The positions in `changes` of the changes that reshape the page alone, each with how.
/// When none does alone, they do it together (`why`), and all of them are refused.
fn culprits(page: &Page<'_>, changes: &[Change<'_>], why: String) -> Vec<(usize, String)> {
    let alone: Vec<(usize, String)> = changes
        .iter()
        .enumerate()
        .filter_map(|(position, change)| {
            reshapes(page, std::slice::from_ref(change)).map(|why| (position, why))
        })
        .collect();
    if !alone.is_empty() {
        return alone;
    }
    (0..changes.len())
        .map(|position| (position, why.clone()))
        .collect()
}

/// The checks, on the page before and after: a target may keep a defect the page has, not
/// add one. A change that adds one is listed in `not_applied`, or under `force` made and
/// listed as forced (the second list returned).
fn refuse_defects<'a>(
    page_shown: &str,
    page: &Page<'_>,
    changes: Vec<Change<'a>>,
    options: &ImportOptions,
    not_applied: &mut Vec<NotApplied>,
) -> (Vec<Change<'a>>, Vec<NotApplied>) {
    let mut forced = Vec::new();
    if changes.is_empty() {
        return (changes, forced);
    }
    let after_text = replace(page, &changes);
    let before = review(page_shown, page.text, None, &options.config);
    let after = review(page_shown, &after_text, None, &options.config);
    let (before, after) = (defects(&before), defects(&after));
    let mut kept = Vec::with_capacity(changes.len());
    for change in changes {
        let id = change.entry.id.as_str();
        let added = added_defects(before.get(id), after.get(id));
        if added.is_empty() {
            kept.push(change);
            continue;
        }
        let listed = NotApplied::new(change.entry, Reason::Defects(added));
        if options.force {
            forced.push(listed);
            kept.push(change);
        } else {
            not_applied.push(listed);
        }
    }
    (kept, forced)
}

/// The findings of `after` that `before` does not have, as `check-id message`; each finding
/// of `before` excuses one equal finding of `after`.
fn added_defects(
    before: Option<&Vec<(Check, &str)>>,
    after: Option<&Vec<(Check, &str)>>,
) -> Vec<String> {
    let mut known = before.cloned().unwrap_or_default();
    after
        .into_iter()
        .flatten()
        .filter(|finding| match known.iter().position(|k| k == *finding) {
            Some(position) => {
                known.remove(position);
                false
            }
            None => true,
        })
        .map(|(check, message)| format!("{} {}", check.id(), message))
        .collect()
}

/// The page's text with the target of each change's segment replaced; every other byte as
/// it was.
fn replace(page: &Page<'_>, changes: &[Change<'_>]) -> String {
    let mut sorted: Vec<(usize, &str)> = changes
        .iter()
        .map(|change| (change.index, change.target))
        .collect();
    sorted.sort_by_key(|&(index, _)| index);
    let mut out = String::with_capacity(page.text.len());
    let mut at = 0;
    for (index, target) in sorted {
        let segment = &page.segments[index];
        out.push_str(&page.text[at..segment.target_offset]);
        out.push_str(target);
        at = segment.target_offset + segment.target.len();
    }
    out.push_str(&page.text[at..]);
    out
}

/// The identifier, link and markup findings of each segment: what an import may not add.
fn defects<'r>(review: &'r Review<'_>) -> HashMap<&'r str, Vec<(Check, &'r str)>> {
    let mut defects: HashMap<&str, Vec<(Check, &str)>> = HashMap::new();
    for finding in &review.findings {
        let category = finding.check.category();
        if let Some(id) = finding.segment
            && matches!(
                category,
                Category::Identifier | Category::Link | Category::Markup
            )
        {
            defects
                .entry(id)
                .or_default()
                .push((finding.check, finding.message.as_str()));
        }
    }
    defects
}

/// Why `target` in place of `segment`'s would break the page, by what it holds: the rules a
/// person can act on. What they miss, [`shape_difference`] catches.
fn breaks_page(page: &Page<'_>, segment: &Segment<'_>, target: &str) -> Option<String> {
    let lower = target.to_ascii_lowercase();
    if lower.contains("<span") || lower.contains("</span") {
        return Some("span markup (`<span`, `</span>`) in the target would break the segment's pair of spans".into());
    }
    if let Some(c) = target
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Some(format!(
            "a control character (U+{:04X}) in the target",
            u32::from(c)
        ));
    }
    if target.contains(['\n', '\r']) && !segment.source.contains('\n') {
        let place = if in_table(page, segment) {
            "table row"
        } else if page
            .headings
            .iter()
            .any(|heading| heading.content.contains(&segment.markup.start))
        {
            "heading"
        } else {
            "line"
        };
        return Some(format!(
            "a line break in the target would end the {place} the segment stands on"
        ));
    }
    if in_table(page, segment)
        && let Some(at) = unescaped_pipe(target)
    {
        return Some(format!(
            "an unescaped `|` in a table cell would split the cell (at byte {at} of the target): write `\\|`"
        ));
    }
    if unclosed_code(target) && !unclosed_code(segment.source) {
        return Some("a backtick that opens no closed code span could pair with one after the target and take in the span markup".into());
    }
    if let Some(tag) = unclosed_tag(target)
        && unclosed_tag(segment.source).is_none()
    {
        return Some(format!(
            "`{tag}` opens an HTML tag or comment the target does not close: it would take in the span markup after it"
        ));
    }
    if (target.len() - target.trim_end_matches('\\').len()) % 2 == 1 {
        return Some(
            "a backslash at the end escapes the `<` of the `</span>` after the target".into(),
        );
    }
    None
}

/// Whether the segment stands in a cell of a Markdown table, where `|` ends the cell.
fn in_table(page: &Page<'_>, segment: &Segment<'_>) -> bool {
    page.tables.iter().filter(|table| !table.html).any(|table| {
        table
            .header
            .iter()
            .chain(table.rows.iter().flat_map(|row| &row.cells))
            .any(|cell| cell.content.contains(&segment.markup.start))
    })
}

/// The byte offset of the first `|` no backslash escapes (GFM splits cells on it even in code).
fn unescaped_pipe(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().find_map(|(at, &byte)| {
        let backslashes = bytes[..at]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        (byte == b'|' && backslashes % 2 == 0).then_some(at)
    })
}

/// Whether a run of backticks has no run of the same length after it to close it.
fn unclosed_code(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'`' {
            at += 1;
            continue;
        }
        let run = bytes[at..].iter().take_while(|&&b| b == b'`').count();
        let mut close = at + run;
        loop {
            let Some(next) = bytes[close..].iter().position(|&b| b == b'`') else {
                return true;
            };
            let start = close + next;
            let length = bytes[start..].iter().take_while(|&&b| b == b'`').count();
            close = start + length;
            if length == run {
                break;
            }
        }
        at = close;
    }
    false
}

/// The start of the first `<` that begins a tag or comment (`<b`, `</`, `<!--`) without its end.
fn unclosed_tag(text: &str) -> Option<&str> {
    text.match_indices('<').find_map(|(at, _)| {
        let rest = &text[at..];
        let opens = rest[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        (opens && crate::markup::tag_length(rest).is_none()).then(|| {
            &rest[..rest
                .char_indices()
                .nth(8)
                .map_or(rest.len(), |(end, _)| end)]
        })
    })
}

/// How the page read again after the changes differs from the page: its segments (each
/// target what was imported), span problems, tables, headings, lists, code blocks.
fn shape_difference(before: &Page<'_>, after: &Page<'_>, changes: &[Change<'_>]) -> Option<String> {
    if let Some(why) = segments_difference(before, after, changes) {
        return Some(why);
    }
    if after.problems.len() != before.problems.len() {
        return Some("the page's span markup would no longer pair".into());
    }
    let tables = |page: &Page<'_>| -> Vec<(bool, usize, Vec<usize>)> {
        page.tables
            .iter()
            .map(|table| {
                (
                    table.html,
                    table.header.len(),
                    table.rows.iter().map(|row| row.cells.len()).collect(),
                )
            })
            .collect()
    };
    if tables(before) != tables(after) {
        return Some("a table would have other rows or cells".into());
    }
    let headings = |page: &Page<'_>| -> Vec<u8> {
        page.headings.iter().map(|heading| heading.level).collect()
    };
    if headings(before) != headings(after) {
        return Some("the page's headings would change".into());
    }
    let blocks = |page: &Page<'_>| {
        (
            page.lists
                .iter()
                .map(|list| list.items.len())
                .collect::<Vec<_>>(),
            page.definition_lists
                .iter()
                .map(|list| list.items.len())
                .collect::<Vec<_>>(),
            page.code_blocks.len(),
            page.paragraphs.len(),
        )
    };
    if blocks(before) != blocks(after) {
        return Some("the page's paragraphs, lists or code blocks would change".into());
    }
    None
}

/// Whether the page read again has the same segments, each with its id, its English and the
/// target imported into it (or its own).
fn segments_difference(
    before: &Page<'_>,
    after: &Page<'_>,
    changes: &[Change<'_>],
) -> Option<String> {
    if after.segments.len() != before.segments.len() {
        return Some(format!(
            "the page would have {} segments instead of {}",
            after.segments.len(),
            before.segments.len()
        ));
    }
    for (index, (old, new)) in before.segments.iter().zip(&after.segments).enumerate() {
        let target = changes
            .iter()
            .find(|change| change.index == index)
            .map_or(old.target, |change| change.target);
        if old.id != new.id || old.source != new.source || new.target != target {
            return Some(format!(
                "segment `{}` would no longer read as its own",
                old.id
            ));
        }
    }
    None
}
