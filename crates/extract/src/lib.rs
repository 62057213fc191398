//! From the pages of one set of codes, and the facts file the pages need, to the canonical
//! model.
//!
//! A table is a table of codes when most cells of one column are code names (`SEC_E_OK`, or
//! `0x800007D0 (PDH_CSTATUS_NO_MACHINE)` with the value beside it); its other columns give the
//! meaning and, where the page has them, the values (a value column, or a second line in the
//! name cell as in `<dl> <dt>**NAME**</dt> <dt>0x...</dt> </dl>`). A definition list outside a
//! table (`<dl> <dt>NAME</dt> <dd>value, meaning</dd> </dl>`, the WMI and WinHTTP shape) is read
//! the same way: the term is the name, the first detail the value when it is one. Names and
//! values are read from the English side only: the translated side of a name cell is an artefact
//! of machine translation (`SEC \_ E \_ 演算法 \_ 不相符`). Every row ends up in the model or in a
//! diagnostic; every other table gets a warning.
//!
//! The phases, one function each: `read_pages` parses the pages and their front matter
//! (`read::read_page`); `page_rows` reads a page's rows that name codes (the `rows` and `lists`
//! modules), which `merge_pages` merges by name under the page's `merge::Policy` (today's
//! English decides, a translation is checked against it); `add_values_and_facts` adds the
//! pages read for values and the facts; `build` makes the model (symbol, titles, sources,
//! url). Every diagnostic goes to one list, in the order found; the outcome says whether a
//! model came of it.

mod against;
mod facts;
mod lint;
mod lists;
mod merge;
mod read;
mod repair;
mod rows;
mod sets;
mod value;

use std::collections::BTreeMap;

use doccodes_diagnostic::{Diagnostic, Location, Severity};
use doccodes_front_matter::Locale;
use doccodes_model::{
    ENGLISH, Entry, Model, SCHEMA, Source, SourceKind, default_symbol, is_snake_case,
};

pub use against::{Comparison, HeaderValues, against};
pub use facts::{Fact, FactValue, Facts};
use merge::{Merge, Policy};
use read::{ReadPage, read_page};
pub use repair::Translations;
use rows::Row;
pub use sets::{SetDeclaration, parse_sets};
pub use value::{ValueError, parse_value};

/// One page of a set, as read from disk.
#[derive(Clone, Copy, Debug)]
pub struct PageInput<'a> {
    /// The path to name in diagnostics and in the model's sources.
    pub path: &'a str,
    pub text: &'a str,
}

/// What extraction made of a set: a model, or why none, and what a reader should know.
#[derive(Debug)]
pub struct Extraction {
    pub model: Result<Model, Failure>,
    /// Every error, warning and note, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// What became of the rows of each page that could be read, in the order given.
    pub rows: Vec<RowCount>,
    /// Where each code's value was given (a page's cell, a facts line): the place a comparison
    /// with a C header names ([`against`]).
    pub places: BTreeMap<String, Location>,
}

/// What became of the rows of one page (table rows, definition-list terms, code paragraphs):
/// each is read into the model, skipped on purpose (a table of prose, a placeholder, a section
/// of navigation) or unreadable, with a warning. Nothing else happens to a row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowCount {
    pub path: String,
    pub read: usize,
    pub skipped: usize,
    pub unreadable: usize,
    /// The tables and definition lists skipped whole, in page order; their rows are among
    /// `skipped`.
    pub skipped_blocks: Vec<SkippedBlock>,
}

/// A table or definition list whose rows are all skipped: where it starts, how many rows it
/// has, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedBlock {
    /// The line of its first row (its first term, for a definition list).
    pub line: usize,
    pub rows: usize,
    pub why: Skip,
}

/// Why a whole table or definition list gives no codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// In a section of navigation (See also, Requirements, ...): skipped without a word.
    Navigation,
    /// No column (or term) of code names, or one row whose header does not say it names
    /// codes: a warning says so.
    NoCodeNames,
    /// Gives a code a second value from a column whose header does not say value: a table of
    /// settings, with a warning.
    Settings,
}

impl RowCount {
    pub fn total(&self) -> usize {
        self.read + self.skipped + self.unreadable
    }
}

/// Why a set has no model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The pages list no codes: a page of prose to a reader of a whole site, not a defect.
    NoCodes,
    /// The errors among the diagnostics make the set untrustworthy.
    Invalid,
}

/// The set id and locale named by a page's file name: `sspi-status-codes.zh-tw.md` is page
/// `sspi-status-codes` in zh-TW; `sspi-status-codes.md` names no locale.
pub fn set_of(path: &str) -> (String, Option<String>) {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let named = stem
        .rsplit_once('.')
        .and_then(|(id, part)| Some((id, Locale::named(part)?)));
    match named {
        Some((id, locale)) => (id.to_owned(), Some(locale.tag)),
        None => (stem.to_owned(), None),
    }
}

/// Builds the model of set `id` from its pages (any order; English first wins for English text)
/// and its facts. Localized meanings get the certain identifier repairs, and one that still
/// lacks an identifier of its English is kept with a warning ([`Translations::Repaired`]).
pub fn extract(
    id: &str,
    pages: &[PageInput<'_>],
    facts: &[Facts],
    value_pages: &[PageInput<'_>],
) -> Extraction {
    extract_with(id, pages, facts, value_pages, Translations::default())
}

/// [`extract`], with what becomes of a localized meaning that lacks an identifier of its English
/// after repair: the set's `translations:` setting.
pub fn extract_with(
    id: &str,
    pages: &[PageInput<'_>],
    facts: &[Facts],
    value_pages: &[PageInput<'_>],
    translations: Translations,
) -> Extraction {
    let mut diagnostics = Vec::new();
    let mut rows = Vec::new();
    let mut places = BTreeMap::new();
    let model = model(
        id,
        pages,
        facts,
        value_pages,
        translations,
        (&mut rows, &mut places),
        &mut diagnostics,
    );
    Extraction {
        model,
        diagnostics,
        rows,
        places,
    }
}

/// The phases in order: the pages read ([`read_pages`]), their rows merged
/// ([`merge_pages`]), the pages read for values and the facts added
/// ([`add_values_and_facts`]), the entries linted, the model built ([`build`]). The phases up
/// to the lint run though an earlier one found errors, so that all of a set's errors are
/// reported at once; the model is then withheld.
fn model(
    id: &str,
    pages: &[PageInput<'_>],
    facts: &[Facts],
    value_pages: &[PageInput<'_>],
    translations: Translations,
    (counts, places): (&mut Vec<RowCount>, &mut BTreeMap<String, Location>),
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Model, Failure> {
    let read = read_pages(pages, diagnostics);
    let mut merge = merge_pages(&read, translations, counts, diagnostics);
    add_values_and_facts(&mut merge, value_pages, facts, diagnostics);
    let (entries, value_places) =
        merge.entries(facts.iter().find_map(|facts| facts.kind), diagnostics);
    lint::hresults(&entries, &value_places, diagnostics);
    *places = value_places;
    if diagnostics.iter().any(is_error) {
        return Err(Failure::Invalid);
    }
    if entries.is_empty() {
        diagnostics.push(no_codes(id, pages));
        return Err(Failure::NoCodes);
    }
    build(id, &read, facts, value_pages, entries, diagnostics)
}

/// The pages that can be trusted, read; the English page, when given, first: it is today's
/// English, which the translations are merged against.
fn read_pages<'a>(pages: &[PageInput<'a>], diagnostics: &mut Vec<Diagnostic>) -> Vec<ReadPage<'a>> {
    let mut read: Vec<ReadPage<'a>> = pages
        .iter()
        .filter_map(|input| read_page(input, diagnostics))
        .collect();
    read.sort_by_key(|page| page.locale != ENGLISH);
    read
}

/// The rows of every page ([`page_rows`]) merged by name, each page under its [`policy`], in
/// the order [`read_pages`] gives; what became of each page's rows is counted in `counts`, in
/// the same order. A page's rows are merged before the next page's are read, so that each
/// page's diagnostics stay together.
fn merge_pages(
    read: &[ReadPage<'_>],
    translations: Translations,
    counts: &mut Vec<RowCount>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Merge {
    let today = read.iter().any(|page| page.locale == ENGLISH);
    let mut merge = Merge::default();
    for page in read {
        let (rows, count) = page_rows(page, translations, diagnostics);
        counts.push(count);
        merge.page(page, rows, policy(page, today), diagnostics);
    }
    merge
}

/// The codes `page` lists, its localized meanings checked against their English (repaired
/// where the repair is certain, else as `translations` says), and what became of each of its
/// rows.
fn page_rows(
    page: &ReadPage<'_>,
    translations: Translations,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Row>, RowCount) {
    let mut count = RowCount {
        path: page.path.to_owned(),
        ..RowCount::default()
    };
    let mut rows = page.rows(&mut count, diagnostics);
    page.check_meanings(&mut rows, translations, diagnostics);
    (rows, count)
}

/// How far `page` is trusted: when today's English page is in the set (`today`), it decides
/// the codes and a translation is only checked against it; without it, every page decides.
fn policy(page: &ReadPage<'_>, today: bool) -> Policy {
    if today && page.locale != ENGLISH {
        Policy::Translation
    } else {
        Policy::Authoritative
    }
}

/// Adds what the pages read for values say of this set's codes (what they say of other codes
/// is not this set's business; only their errors are), then the facts: values, aliases,
/// corrections.
fn add_values_and_facts(
    merge: &mut Merge,
    value_pages: &[PageInput<'_>],
    facts: &[Facts],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for input in value_pages {
        let mut found = Vec::new();
        if let Some(page) = read_page(input, &mut found) {
            let mut count = RowCount::default();
            merge.values(page.rows(&mut count, &mut found));
        }
        diagnostics.extend(found.into_iter().filter(is_error));
    }
    for facts in facts {
        merge.facts(facts, diagnostics);
    }
}

/// The error of a set whose pages list no code: a page of prose to a reader of a whole site.
fn no_codes(id: &str, pages: &[PageInput<'_>]) -> Diagnostic {
    let paths: Vec<String> = pages
        .iter()
        .map(|page| format!("`{}`", page.path))
        .collect();
    Diagnostic::error(format!(
        "no table of codes on the pages of `{id}` ({}): there is nothing to generate",
        paths.join(", ")
    ))
    .code("no-codes")
}

/// The model of a set whose entries merged without error: its symbol, titles, header, url
/// and sources around them. The facts' settings win over what the pages say.
fn build(
    id: &str,
    read: &[ReadPage<'_>],
    facts: &[Facts],
    value_pages: &[PageInput<'_>],
    entries: Vec<Entry>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Model, Failure> {
    Ok(Model {
        schema: SCHEMA,
        id: id.to_owned(),
        symbol: symbol(id, facts, diagnostics)?,
        title: titles(read),
        header: facts.iter().find_map(|facts| facts.header.clone()),
        url: facts
            .iter()
            .find_map(|facts| facts.url.clone())
            .or_else(|| read.iter().find_map(|page| learn_url(page.path))),
        sources: sources(read, facts, value_pages),
        entries,
    })
}

/// The symbol the facts set, or else the set id's ([`default_symbol`]). One the facts set
/// must be a snake_case identifier: it names the generated type and files.
fn symbol(id: &str, facts: &[Facts], diagnostics: &mut Vec<Diagnostic>) -> Result<String, Failure> {
    match facts.iter().find_map(|facts| facts.symbol.clone()) {
        None => Ok(default_symbol(id)),
        Some((symbol, _)) if is_snake_case(&symbol) => Ok(symbol),
        Some((symbol, at)) => {
            diagnostics.push(
                Diagnostic::error(format!(
                    "symbol `{symbol}` is not a snake_case identifier: it names the generated type and files"
                ))
                .at(at),
            );
            Err(Failure::Invalid)
        }
    }
}

/// The set's title per locale, from each page's title on each of its sides; the first page
/// to give a locale's wins, so today's English page gives the English one.
fn titles(read: &[ReadPage<'_>]) -> BTreeMap<String, String> {
    let mut titles = BTreeMap::new();
    for page in read {
        for &side in page.sides() {
            if let Some(text) = page.title(side) {
                titles
                    .entry(page.locale_of(side).to_owned())
                    .or_insert(text);
            }
        }
    }
    titles
}

/// What the model was made from: the pages read (with their locale and front matter), the
/// facts files, the pages read for values.
fn sources(read: &[ReadPage<'_>], facts: &[Facts], value_pages: &[PageInput<'_>]) -> Vec<Source> {
    let pages = read.iter().map(|page| Source {
        path: page.path.to_owned(),
        kind: SourceKind::Page,
        locale: Some(page.locale.clone()),
        front_matter: Some(page.front_matter.clone()),
    });
    let facts = facts.iter().map(|facts| Source {
        path: facts.path.clone(),
        kind: SourceKind::Facts,
        locale: None,
        front_matter: None,
    });
    let values = value_pages.iter().map(|page| Source {
        path: page.path.to_owned(),
        kind: SourceKind::Values,
        locale: None,
        front_matter: None,
    });
    pages.chain(facts).chain(values).collect()
}

fn is_error(diagnostic: &Diagnostic) -> bool {
    diagnostic.severity == Severity::Error
}

/// The Microsoft Learn address of a page in a docs checkout (`.../desktop-src/SecAuthN/x.md`).
fn learn_url(path: &str) -> Option<String> {
    let path = path.replace('\\', "/");
    let (_, rest) = path.split_once("desktop-src/")?;
    let page = rest.strip_suffix(".md")?;
    Some(format!(
        "https://learn.microsoft.com/{}/windows/win32/{}",
        ENGLISH.to_ascii_lowercase(),
        page.to_ascii_lowercase()
    ))
}

/// What extraction makes of one page, its set named by its file: for the tests of every module.
#[cfg(test)]
pub(crate) fn extract_page(path: &str, text: &str) -> Extraction {
    extract(&set_of(path).0, &[PageInput { path, text }], &[], &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_set_and_locale() {
        assert_eq!(
            set_of("docs-src/sspi-status-codes.zh-tw.md"),
            ("sspi-status-codes".into(), Some("zh-TW".into()))
        );
        assert_eq!(
            set_of("a/b/sspi-status-codes.md"),
            ("sspi-status-codes".into(), None)
        );
        assert_eq!(
            set_of("com-error-codes-4.md"),
            ("com-error-codes-4".into(), None)
        );
        assert_eq!(
            set_of("x/sspi-status-codes.zh-hant-tw.md"),
            ("sspi-status-codes".into(), Some("zh-Hant-TW".into()))
        );
    }

    #[test]
    fn pages_in_a_docs_checkout_have_a_learn_url() {
        assert_eq!(
            learn_url("../shared/corpus/zh-tw/desktop-src/SecAuthN/sspi-status-codes.md").unwrap(),
            "https://learn.microsoft.com/en-us/windows/win32/secauthn/sspi-status-codes"
        );
        assert_eq!(learn_url("docs-src/sspi-status-codes.zh-tw.md"), None);
    }

    #[test]
    fn a_set_id_that_starts_with_a_digit_still_gives_a_symbol() {
        let text = "| Name | Meaning |\n|---|---|\n| A\\_B | It works. |\n";
        let page = PageInput {
            path: "3d-codes.md",
            text,
        };
        let model = extract("3d-codes", &[page], &[], &[]).model.unwrap();
        assert_eq!(model.symbol, "codes_3d_codes");
        assert_eq!(model.entries[0].name, "A_B");
        assert_eq!(model.entries[0].value, None);
    }

    #[test]
    fn a_facts_symbol_that_is_no_identifier_is_an_error_at_its_line() {
        let text = "| Name | Meaning |\n|---|---|\n| A\\_B | It works. |\n";
        let page = PageInput {
            path: "codes.md",
            text,
        };
        let facts = Facts::parse("codes.facts", "symbol: 3d\n").unwrap();
        let extraction = extract("codes", &[page], &[facts], &[]);
        assert_eq!(extraction.model.unwrap_err(), Failure::Invalid);
        let message = extraction.diagnostics[0].to_string();
        assert!(
            message.starts_with("error: symbol `3d` is not a snake_case identifier")
                && message.contains("codes.facts:1:9"),
            "{message}"
        );
    }

    #[test]
    fn two_names_in_one_cell_are_one_code_under_both_names() {
        let text = "| Name | Value | Meaning |\n|---|---|---|\n| E\\_A or E\\_B | 0x80004005 | Failed. |\n";
        let page = PageInput {
            path: "codes.md",
            text,
        };
        let model = extract("codes", &[page], &[], &[]).model.unwrap();
        let entries: Vec<(&str, Option<u32>)> = model
            .entries
            .iter()
            .map(|entry| (entry.name.as_str(), entry.value))
            .collect();
        assert_eq!(
            entries,
            [("E_A", Some(0x8000_4005)), ("E_B", Some(0x8000_4005))]
        );
    }

    #[test]
    fn a_facts_file_sets_the_kind_of_every_code() {
        let text = "| Name | Value |\n|---|---|\n| NERR\\_X | 0x80004005 |\n";
        let page = PageInput {
            path: "codes.md",
            text,
        };
        let inferred = extract("codes", &[page], &[], &[]).model.unwrap();
        assert_eq!(
            inferred.entries[0].kind,
            Some(doccodes_model::Kind::Hresult)
        );
        let facts = Facts::parse("codes.facts", "kind: win32\n").unwrap();
        let model = extract("codes", &[page], &[facts], &[]).model.unwrap();
        assert_eq!(model.entries[0].kind, Some(doccodes_model::Kind::Win32));
        let error = Facts::parse("codes.facts", "kind: dword\n").unwrap_err();
        assert_eq!(error[0].message, "unknown kind `dword`");
    }

    #[test]
    fn a_page_of_win32_codes_makes_its_16_bit_integers_win32() {
        let kinds = |rows: &str| {
            let text = format!("| Name | Value |\n|---|---|\n{rows}");
            let page = PageInput {
                path: "codes.md",
                text: &text,
            };
            let model = extract("codes", &[page], &[], &[]).model.unwrap();
            model
                .entries
                .iter()
                .map(|entry| entry.kind.unwrap().as_str())
                .collect::<Vec<_>>()
        };
        let win32 = "| ERROR\\_A | 1 |\n| ERROR\\_B | 2 |\n| ERROR\\_C | 3 |\n| ERROR\\_D | 4 |\n| WAIT\\_TIMEOUT | 258 |\n| SCHED\\_E\\_X | 6200 |\n| E\\_FAIL | 0x80004005 |\n";
        assert_eq!(
            kinds(win32),
            [
                "win32", "win32", "win32", "win32", "win32", "win32", "hresult"
            ]
        );
        let mixed = "| ERROR\\_A | 1 |\n| TAG\\_B | 2 |\n| WAIT\\_TIMEOUT | 258 |\n";
        assert_eq!(kinds(mixed), ["win32", "int", "int"]);
    }
}
