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

mod facts;
mod sets;
mod value;

use std::collections::{BTreeMap, HashMap};

use doccodes_diagnostic::{Diagnostic, Location};
use doccodes_inline::{Inline, plain_text, to_markdown};
pub use doccodes_model::normalize_locale;
use doccodes_model::{
    ENGLISH, Entry, Mapping, Model, SCHEMA, Source, SourceKind, is_identifier, is_locale,
    parse_front_matter,
};
use doccodes_page::{Cell, Context, Page, Side, Table};

pub use facts::{Fact, FactValue, Facts};
pub use sets::{SetDeclaration, parse_sets};
pub use value::parse_value;

/// One page of a set, as read from disk.
#[derive(Clone, Copy, Debug)]
pub struct PageInput<'a> {
    /// The path to name in diagnostics and in the model's sources.
    pub path: &'a str,
    pub text: &'a str,
}

/// A model and what the reader should know about how it was made.
/// The code of the error a set gets when its pages list no codes: a page of prose to a reader of
/// a whole site, not a defect.
pub const NO_CODES: &str = "no-codes";

#[derive(Debug)]
pub struct Extracted {
    pub model: Model,
    pub warnings: Vec<Diagnostic>,
}

/// The set id and locale named by a page's file name: `sspi-status-codes.zh-tw.md` is page
/// `sspi-status-codes` in zh-TW; `sspi-status-codes.md` names no locale.
pub fn set_of(path: &str) -> (String, Option<String>) {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = file.strip_suffix(".md").unwrap_or(file);
    match stem.rsplit_once('.') {
        Some((id, locale)) if looks_like_locale(locale) => {
            (id.to_owned(), Some(normalize_locale(locale)))
        }
        _ => (stem.to_owned(), None),
    }
}

/// A Learn locale as the localized repositories name them: language and region, `zh-tw`,
/// `de-de`, `zh-hant-tw`. A bare word (`error-codes.old.md`) is part of the name, not a locale.
fn looks_like_locale(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let language = parts[0];
    parts.len() >= 2
        && (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && parts[1..]
            .iter()
            .all(|p| (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Builds the model of set `id` from its pages (any order; English first wins for English text)
/// and its facts. On error, every error found, after the warnings.
pub fn extract(
    id: &str,
    pages: &[PageInput<'_>],
    facts: &[Facts],
    value_pages: &[PageInput<'_>],
) -> Result<Extracted, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut read = Vec::new();
    for input in pages {
        match read_page(input) {
            Ok(page) => read.push(page),
            Err(mut page_errors) => errors.append(&mut page_errors),
        }
    }
    // The English page, when given, is today's English: it goes first.
    read.sort_by_key(|page| page.locale != ENGLISH);

    let mut drafts: Vec<Draft> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut title = BTreeMap::new();
    // With today's English page, it alone says which codes there are and what they mean in
    // English; a translation is checked against it.
    let today = read.iter().any(|page| page.locale == ENGLISH);
    for page in &read {
        let translation = page.locale != ENGLISH;
        for &side in page.sides() {
            let locale = page.locale_of(side);
            if let Some(text) = page.title(side) {
                title.entry(locale.to_owned()).or_insert(text);
            }
        }
        let mut rows = page.code_rows(&mut errors, &mut warnings);
        rows.extend(page.definition_rows(&mut errors, &mut warnings));
        if today && translation {
            let here: std::collections::HashSet<&str> =
                rows.iter().map(|row| row.name.as_str()).collect();
            let missing: Vec<&str> = drafts
                .iter()
                .map(|draft| draft.name.as_str())
                .filter(|name| !here.contains(name))
                .collect();
            if !missing.is_empty() {
                warnings.push(
                    Diagnostic::warning(format!(
                        "this {} translation lacks {} of today's English codes: {}",
                        page.locale,
                        missing.len(),
                        missing.join(", ")
                    ))
                    .at(page.page.location(page.path, 0))
                    .help("the translation is older than the English page; their meanings stay untranslated"),
                );
            }
        }
        for row in rows {
            if today && translation && !by_name.contains_key(&row.name) {
                warnings.push(
                    Diagnostic::warning(format!(
                        "`{}` is in this translation but not on today's English page; it is not in the model",
                        row.name
                    ))
                    .at(row.at.clone()),
                );
                continue;
            }
            let index = *by_name.entry(row.name.clone()).or_insert_with(|| {
                drafts.push(Draft::new(&row));
                drafts.len() - 1
            });
            let draft = &mut drafts[index];
            if let Some(first) = draft.seen_on.get(&page.locale) {
                warnings.push(
                    Diagnostic::warning(format!("`{}` is listed twice on this page", row.name))
                        .at(row.at.clone())
                        .related(first.clone(), "first here"),
                );
            } else {
                draft.seen_on.insert(page.locale.clone(), row.at.clone());
            }
            match row.value {
                // The value in a translation is its English's: older than today's page.
                Some((value, at)) if today && translation => {
                    if let Some((now, _)) = draft.values.iter().find(|(now, _)| *now != value) {
                        warnings.push(
                            Diagnostic::warning(format!(
                                "this {} translation gives `{}` the value 0x{value:08X}; today's English page gives 0x{now:08X}",
                                page.locale, draft.name
                            ))
                            .at(at)
                            .help("the English page wins: the translation is older"),
                        );
                    }
                }
                Some(value) => draft.values.push(value),
                None => {}
            }
            for (locale, heading) in row.heading {
                if !(today && translation && locale == ENGLISH) {
                    draft.heading.entry(locale).or_insert(heading);
                }
            }
            for (locale, meaning) in row.meanings {
                if today && translation && locale == ENGLISH {
                    // The English this translation was made from.
                    if draft
                        .meaning
                        .get(ENGLISH)
                        .is_some_and(|now| *now != meaning)
                    {
                        warnings.push(
                            Diagnostic::warning(format!(
                                "the {} meaning of `{}` translates older English: \"{meaning}\"",
                                page.locale, draft.name
                            ))
                            .at(row.at.clone())
                            .help(format!(
                                "today's English is \"{}\"; the translation is kept, and is stale",
                                draft.meaning[ENGLISH]
                            )),
                        );
                    }
                    continue;
                }
                draft.meaning.entry(locale).or_insert(meaning);
            }
        }
    }

    // Pages read for values only: the codes of this set they list give their values.
    for input in value_pages {
        let page = match read_page(input) {
            Ok(page) => page,
            Err(mut page_errors) => {
                errors.append(&mut page_errors);
                continue;
            }
        };
        let mut ignored = Vec::new();
        let mut rows = page.code_rows(&mut errors, &mut ignored);
        rows.extend(page.definition_rows(&mut errors, &mut ignored));
        for row in rows {
            if let (Some(&index), Some(value)) = (by_name.get(&row.name), row.value) {
                drafts[index].values.push(value);
            }
        }
    }

    let mut aliases = HashMap::new();
    for facts in facts {
        for fact in &facts.codes {
            let Some(&index) = by_name.get(&fact.name) else {
                errors.push(
                    Diagnostic::error(format!(
                        "`{}` is in the facts file but on no page",
                        fact.name
                    ))
                    .at(fact.location.clone())
                    .help("check the name's spelling, or remove the line"),
                );
                continue;
            };
            if let FactValue::AliasOf(other) = &fact.value {
                aliases.insert(fact.name.clone(), other.clone());
            }
            if let Some(value) = facts.value_of(&fact.name) {
                drafts[index].values.push((value, fact.location.clone()));
            }
        }
    }

    let entries: Vec<Entry> = drafts
        .into_iter()
        .map(|draft| {
            let value = draft.value(&mut errors);
            Entry {
                alias_of: aliases.remove(&draft.name),
                name: draft.name,
                value,
                meaning: draft.meaning,
                heading: draft.heading,
            }
        })
        .collect();
    if entries.is_empty() && errors.is_empty() {
        let paths: Vec<String> = pages
            .iter()
            .map(|page| format!("`{}`", page.path))
            .collect();
        errors.push(
            Diagnostic::error(format!(
                "no table of codes on the pages of `{id}` ({}): there is nothing to generate",
                paths.join(", ")
            ))
            .code(NO_CODES),
        );
    }
    if !errors.is_empty() {
        // The warnings often say why (a table that was not read), so they go along.
        warnings.append(&mut errors);
        return Err(warnings);
    }

    let setting = |get: &dyn Fn(&Facts) -> Option<String>| facts.iter().find_map(get);
    let (symbol, symbol_at) = match facts.iter().find_map(|facts| facts.symbol.clone()) {
        Some((symbol, at)) => (symbol, Some(at)),
        None => (id.replace(['-', '.'], "_").to_ascii_lowercase(), None),
    };
    if !is_snake_case(&symbol) {
        let error = Diagnostic::error(format!(
            "symbol `{symbol}` is not a snake_case identifier: it names the generated type and files"
        ));
        return Err(vec![match symbol_at {
            Some(at) => error.at(at),
            None => error.help(format!(
                "the set id `{id}` gives none; set `symbol: some_name` in its facts file"
            )),
        }]);
    }
    let mut sources: Vec<Source> = read
        .iter()
        .map(|page| Source {
            path: page.path.to_owned(),
            kind: SourceKind::Page,
            locale: Some(page.locale.clone()),
            front_matter: Some(page.front_matter.clone()),
        })
        .collect();
    for facts in facts {
        sources.push(Source {
            path: facts.path.clone(),
            kind: SourceKind::Facts,
            locale: None,
            front_matter: None,
        });
    }
    for page in value_pages {
        sources.push(Source {
            path: page.path.to_owned(),
            kind: SourceKind::Values,
            locale: None,
            front_matter: None,
        });
    }
    let url = setting(&|facts| facts.url.clone())
        .or_else(|| read.iter().find_map(|page| learn_url(page.path)));
    let model = Model {
        schema: SCHEMA,
        id: id.to_owned(),
        symbol,
        title,
        header: setting(&|facts| facts.header.clone()),
        url,
        sources,
        entries,
    };
    Ok(Extracted { model, warnings })
}

fn is_snake_case(symbol: &str) -> bool {
    is_identifier(symbol) && !symbol.bytes().any(|b| b.is_ascii_uppercase())
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

/// A code as the pages give it, before the sources are merged.
struct Draft {
    name: String,
    heading: BTreeMap<String, String>,
    /// Every value given, with where it was given.
    values: Vec<(u32, Location)>,
    meaning: BTreeMap<String, String>,
    /// Per locale, where the name was first listed.
    seen_on: HashMap<String, Location>,
}

impl Draft {
    fn new(row: &Row) -> Draft {
        Draft {
            name: row.name.clone(),
            heading: BTreeMap::new(),
            values: Vec::new(),
            meaning: BTreeMap::new(),
            seen_on: HashMap::new(),
        }
    }

    /// The one value all sources agree on; two different ones are an error naming both.
    fn value(&self, errors: &mut Vec<Diagnostic>) -> Option<u32> {
        let (first, first_at) = self.values.first()?;
        if let Some((other, other_at)) = self.values.iter().find(|(value, _)| value != first) {
            errors.push(
                Diagnostic::error(format!(
                    "`{}` has two values: 0x{first:08X} and 0x{other:08X}",
                    self.name
                ))
                .at(other_at.clone())
                .related(first_at.clone(), format!("0x{first:08X} here"))
                .help("correct the wrong source: the facts file, or the page"),
            );
        }
        Some(*first)
    }
}

/// One row of a table of codes.
struct Row {
    name: String,
    at: Location,
    value: Option<(u32, Location)>,
    /// Per locale, canonical Markdown.
    meanings: Vec<(String, String)>,
    /// A second code the name cell names under the first.
    also: Option<String>,
    /// Per locale, the heading of the row's table where the page has several.
    heading: Vec<(String, String)>,
}

struct ReadPage<'a> {
    path: &'a str,
    page: Page<'a>,
    locale: String,
    front_matter: Mapping,
}

fn read_page<'a>(input: &PageInput<'a>) -> Result<ReadPage<'a>, Vec<Diagnostic>> {
    let page = Page::parse(input.text);
    let mut errors = page.problem_diagnostics(input.path);
    let front_matter = match page.front_matter {
        None => Mapping::new(),
        Some(front) => parse_front_matter(front.yaml).unwrap_or_else(|(message, line, column)| {
            let (first_line, _) = page.line_column(front.offset);
            errors.push(
                Diagnostic::error(format!("invalid front matter: {message}")).at(
                    Location::at_line_column(input.path, input.text, first_line + line - 1, column),
                ),
            );
            Mapping::new()
        }),
    };
    let declared = front_matter
        .get("ms.contentlocale")
        .and_then(|value| value.as_str())
        .map(normalize_locale);
    let named = set_of(input.path).1;
    if let Some(declared) = &declared
        && !is_locale(declared)
    {
        errors.push(
            Diagnostic::error(format!("`ms.contentlocale: {declared}` is not a locale"))
                .at(page.location(input.path, page.front_matter.map_or(0, |f| f.offset))),
        );
    }
    let locale = declared.clone().unwrap_or_else(|| ENGLISH.to_owned());
    if let (Some(declared), Some(named)) = (&declared, &named)
        && declared != named
    {
        errors.push(
            Diagnostic::error(format!(
                "the file name says {named} but `ms.contentlocale` says {declared}"
            ))
            .at(page.location(input.path, page.front_matter.map_or(0, |f| f.offset))),
        );
    }
    if declared.is_none() && !page.segments.is_empty() {
        errors.push(
            Diagnostic::error(
                "a translated page (it has bilingual segments) without `ms.contentlocale`",
            )
            .at(page.location(input.path, page.segments[0].markup.start)),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ReadPage {
        path: input.path,
        page,
        locale,
        front_matter,
    })
}

/// Which column of a table of codes holds what.
struct Columns {
    name: usize,
    value: Option<usize>,
    meaning: Option<usize>,
}

impl ReadPage<'_> {
    /// The sides this page has text for: an English page has only its source.
    fn sides(&self) -> &'static [Side] {
        if self.locale == ENGLISH {
            &[Side::Source]
        } else {
            &[Side::Source, Side::Target]
        }
    }

    fn locale_of(&self, side: Side) -> &str {
        match side {
            Side::Source => ENGLISH,
            Side::Target => &self.locale,
        }
    }

    fn title(&self, side: Side) -> Option<String> {
        let heading = self.page.headings.iter().find(|heading| heading.level == 1);
        let from_heading = heading.map(|heading| {
            let lines = self
                .page
                .lines(heading.content.clone(), side, Context::Heading);
            lines
                .iter()
                .map(|line| plain_text(line, " "))
                .collect::<Vec<_>>()
                .join(" ")
        });
        from_heading.filter(|title| !title.is_empty()).or_else(|| {
            // The front matter's title is in the page's own language.
            (self.locale_of(side) == self.locale)
                .then(|| self.front_matter.get("title")?.as_str().map(str::to_owned))
                .flatten()
        })
    }

    fn cell_lines(&self, table: &Table, cell: &Cell, side: Side) -> Vec<Vec<Inline>> {
        self.page
            .lines(cell.content.clone(), side, cell_context(table))
    }

    /// Where the English text of a cell starts: inside its first segment on a translated page.
    fn english_at(&self, cell: &Cell) -> Location {
        let offset = self
            .page
            .segments_in(cell.content.clone())
            .first()
            .map_or(cell.content.start, |segment| segment.source_offset);
        self.page.location(self.path, offset)
    }

    fn code_rows(&self, errors: &mut Vec<Diagnostic>, warnings: &mut Vec<Diagnostic>) -> Vec<Row> {
        let mut rows = Vec::new();
        for table in &self.page.tables {
            let english: Vec<Vec<Vec<Vec<Inline>>>> = table
                .rows
                .iter()
                .map(|row| {
                    row.cells
                        .iter()
                        .map(|cell| self.cell_lines(table, cell, Side::Source))
                        .collect()
                })
                .collect();
            let Some(columns) = classify(table, &english) else {
                if let Some(first) = table.rows.first() {
                    warnings.push(
                        Diagnostic::warning(format!(
                            "this table has no column of code names; its {} rows are not in the model",
                            table.rows.len()
                        ))
                        .at(self.page.location(self.path, first.offset)),
                    );
                }
                continue;
            };
            let headings = table
                .heading
                .map(|index| self.heading_text(index))
                .unwrap_or_default();
            for (row, cells) in table.rows.iter().zip(&english) {
                let Some(mut read) = self.code_row(table, &columns, row, cells, errors, warnings)
                else {
                    continue;
                };
                read.heading = headings.clone();
                // `D2DERR_INSUFFICIENT_BUFFER` over `ERROR_INSUFFICIENT_BUFFER (Windows error)`:
                // the row names two codes, and both are kept.
                if let Some(also) = read.also.take() {
                    warnings.push(
                        Diagnostic::info(format!(
                            "this row also names `{also}`; it is kept as a code of its own, with `{}`'s meaning and no value",
                            read.name
                        ))
                        .at(read.at.clone()),
                    );
                    rows.push(Row {
                        name: also,
                        at: read.at.clone(),
                        value: None,
                        meanings: read.meanings.clone(),
                        also: None,
                        heading: read.heading.clone(),
                    });
                    rows.insert(rows.len() - 1, read);
                } else {
                    rows.push(read);
                }
            }
        }
        rows
    }

    fn code_row(
        &self,
        table: &Table,
        columns: &Columns,
        row: &doccodes_page::Row,
        english: &[Vec<Vec<Inline>>],
        errors: &mut Vec<Diagnostic>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Option<Row> {
        let row_at = || self.page.location(self.path, row.offset);
        let (Some(name_cell), Some(name_lines)) =
            (row.cells.get(columns.name), english.get(columns.name))
        else {
            warnings.push(
                Diagnostic::warning("this row has no name cell; the row is not in the model")
                    .at(row_at()),
            );
            return None;
        };
        let at = self.english_at(name_cell);
        let Some(name_line) = name_lines.first() else {
            warnings.push(
                Diagnostic::warning("this row's name cell is empty; the row is not in the model")
                    .at(row_at()),
            );
            return None;
        };
        let name_text = plain_text(name_line, " ");
        let (name, beside) = self.name_of(&name_text, &at, errors, warnings)?;
        let value_text = match (columns.value, beside) {
            (Some(column), _) => english
                .get(column)
                .and_then(|lines| lines.first())
                .map(|line| {
                    (
                        plain_text(line, " "),
                        self.english_at(&row.cells[column]),
                        true,
                    )
                }),
            (None, Some(value)) => Some((value.to_owned(), at.clone(), true)),
            (None, None) => name_lines
                .get(1)
                .map(|line| (plain_text(line, " "), at.clone(), false)),
        };
        let also = match &value_text {
            Some((text, _, false)) => second_code(text).map(str::to_owned),
            _ => None,
        };
        let value_text = value_text.filter(|_| also.is_none());
        let value = self.value_of(&name, value_text, errors, warnings);
        let meaning = columns
            .meaning
            .and_then(|column| Some(row.cells.get(column)?.content.clone()))
            .map(|range| (range, cell_context(table)));
        Some(Row {
            meanings: self.meanings(meaning.into_iter().collect()),
            name,
            at,
            value,
            also,
            heading: Vec::new(),
        })
    }

    /// The name of a name cell whose English first line is `text`, and a value written beside
    /// it; a diagnostic instead when the cell names no code.
    fn name_of<'t>(
        &self,
        text: &'t str,
        at: &Location,
        errors: &mut Vec<Diagnostic>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Option<(String, Option<&'t str>)> {
        match read_name_cell(text) {
            NameCell::Code { name, value } => Some((name.to_owned(), value)),
            NameCell::Macro(text) => {
                warnings.push(
                    Diagnostic::warning(format!(
                        "`{text}` is a macro over the codes, not a code; it is not in the model"
                    ))
                    .at(at.clone()),
                );
                None
            }
            NameCell::Other => {
                errors.push(
                    Diagnostic::error(format!(
                        "the English side of this name cell is not an identifier: `{text}`"
                    ))
                    .at(at.clone())
                    .help("a code's name must be a C identifier such as `SEC_E_OK`"),
                );
                None
            }
        }
    }

    /// The value `text` gives `name`: an error where the page says it is a value (a value column,
    /// a value beside the name), a warning where it only might be (a name cell's second line).
    fn value_of(
        &self,
        name: &str,
        text: Option<(String, Location, bool)>,
        errors: &mut Vec<Diagnostic>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Option<(u32, Location)> {
        let (text, at, certain) = text?;
        match parse_value(&text) {
            Ok(value) => Some((value, at)),
            Err(message) if certain => {
                errors.push(Diagnostic::error(format!("the value of `{name}`: {message}")).at(at));
                None
            }
            Err(_) => {
                warnings.push(
                    Diagnostic::warning(format!(
                        "the second line of `{name}`'s cell is not a value, and is not in the model: `{text}`"
                    ))
                    .at(at),
                );
                None
            }
        }
    }

    /// The meaning in every locale of the page: the lines of `parts`, in order, one after another.
    fn meanings(&self, parts: Vec<(std::ops::Range<usize>, Context)>) -> Vec<(String, String)> {
        let mut meanings = Vec::new();
        for &side in self.sides() {
            let lines: Vec<Vec<Inline>> = parts
                .iter()
                .flat_map(|(range, context)| self.page.lines(range.clone(), side, *context))
                .collect();
            let nodes: Vec<Inline> = lines.join(&Inline::Break);
            if !nodes.is_empty() {
                meanings.push((self.locale_of(side).to_owned(), to_markdown(&nodes)));
            }
        }
        meanings
    }

    /// Codes listed as `<dl> <dt>NAME</dt> <dd>...</dd> </dl>` outside tables: the term is the
    /// name; the first detail is the value when it reads as one, the rest the meaning.
    fn definition_rows(
        &self,
        errors: &mut Vec<Diagnostic>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Vec<Row> {
        let mut rows = Vec::new();
        for list in &self.page.definition_lists {
            let terms: Vec<Vec<Vec<Inline>>> = list
                .items
                .iter()
                .map(|item| {
                    self.page
                        .lines(item.term.clone(), Side::Source, Context::Block)
                })
                .collect();
            let first_line = |lines: &Vec<Vec<Inline>>| {
                lines
                    .first()
                    .map(|line| plain_text(line, " "))
                    .unwrap_or_default()
            };
            let codes = terms
                .iter()
                .filter(|lines| code_like(&first_line(lines)))
                .count();
            if codes * 2 <= terms.len() {
                if !terms.is_empty() {
                    warnings.push(
                        Diagnostic::warning(format!(
                            "this definition list has no code names; its {} terms are not in the model",
                            terms.len()
                        ))
                        .at(self.page.location(self.path, list.offset)),
                    );
                }
                continue;
            }
            for (item, lines) in list.items.iter().zip(&terms) {
                let at = self.english_at_offset(item.term.start, item.term.clone());
                let text = first_line(lines);
                if text.is_empty() {
                    warnings.push(
                        Diagnostic::warning("this term is empty; it is not in the model").at(at),
                    );
                    continue;
                }
                let Some((name, beside)) = self.name_of(&text, &at, errors, warnings) else {
                    continue;
                };
                let mut details = item.details.as_slice();
                let first_detail = details.first().map(|range| {
                    let lines = self.page.lines(range.clone(), Side::Source, Context::Block);
                    (
                        first_line(&lines),
                        self.english_at_offset(range.start, range.clone()),
                    )
                });
                let value_text = match (beside, first_detail) {
                    (Some(value), _) => Some((value.to_owned(), at.clone(), true)),
                    (None, Some((text, detail_at))) if parse_value(&text).is_ok() => {
                        details = &details[1..];
                        Some((text, detail_at, true))
                    }
                    _ => None,
                };
                let value = self.value_of(&name, value_text, errors, warnings);
                let parts = details
                    .iter()
                    .map(|range| (range.clone(), Context::Block))
                    .collect();
                rows.push(Row {
                    meanings: self.meanings(parts),
                    name,
                    at,
                    value,
                    also: None,
                    heading: self.heading_before(list.offset),
                });
            }
        }
        rows
    }

    /// Heading `index` of the page in each of its locales, unless it is the page's title: a
    /// section heading is worth keeping only on a page with sections.
    fn heading_text(&self, index: usize) -> Vec<(String, String)> {
        let heading = &self.page.headings[index];
        if heading.level == 1 {
            return Vec::new();
        }
        self.sides()
            .iter()
            .filter_map(|&side| {
                let lines = self
                    .page
                    .lines(heading.content.clone(), side, Context::Heading);
                let text: Vec<String> = lines.iter().map(|line| plain_text(line, " ")).collect();
                let text = text.join(" ");
                (!text.is_empty()).then(|| (self.locale_of(side).to_owned(), text))
            })
            .collect()
    }

    /// The section heading of what starts at `offset`.
    fn heading_before(&self, offset: usize) -> Vec<(String, String)> {
        self.page
            .headings
            .iter()
            .rposition(|heading| heading.content.start < offset)
            .map(|index| self.heading_text(index))
            .unwrap_or_default()
    }

    /// Where the English text in `range` starts: inside its first segment on a translated page.
    fn english_at_offset(&self, start: usize, range: std::ops::Range<usize>) -> Location {
        let offset = self
            .page
            .segments_in(range)
            .first()
            .map_or(start, |segment| segment.source_offset);
        let text = &self.page.text[offset..];
        // Skip the blank lines a `<dt>` starts with, to point at the name itself.
        let skipped = text.len() - text.trim_start().len();
        self.page.location(self.path, offset + skipped)
    }
}

/// How a cell's content reads: inline Markdown in a Markdown table, blocks in an HTML one.
fn cell_context(table: &Table) -> Context {
    if table.html {
        Context::Block
    } else {
        Context::TableCell
    }
}

/// What the first line of a name cell says.
#[derive(Debug, PartialEq, Eq)]
enum NameCell<'t> {
    /// A code's name, with the value written beside it where there is one:
    /// `0x00000000 (PDH_CSTATUS_VALID_DATA)` or `NAME (0x1)`.
    Code {
        name: &'t str,
        value: Option<&'t str>,
    },
    /// A macro over codes, `DRM_FAILED(Status)`: listed among them, not one of them.
    Macro(&'t str),
    Other,
}

fn read_name_cell(text: &str) -> NameCell<'_> {
    let text = text.trim();
    if is_identifier(text) {
        return NameCell::Code {
            name: text,
            value: None,
        };
    }
    // `JET_errColumnIndexed -1505`: the name and its value on one line.
    if let Some((name, value)) = text.split_once(char::is_whitespace)
        && is_identifier(name)
        && parse_value(value).is_ok()
    {
        return NameCell::Code {
            name,
            value: Some(value.trim()),
        };
    }
    if let Some((head, rest)) = text.split_once('(')
        && let Some(inside) = rest.trim_end().strip_suffix(')')
    {
        let (head, inside) = (head.trim(), inside.trim());
        if is_identifier(head) && !text.contains(" (") && !inside.contains('(') {
            return NameCell::Macro(text);
        }
        if is_identifier(inside) && parse_value(head).is_ok() {
            return NameCell::Code {
                name: inside,
                value: Some(head),
            };
        }
        if is_identifier(head) && parse_value(inside).is_ok() {
            return NameCell::Code {
                name: head,
                value: Some(inside),
            };
        }
    }
    NameCell::Other
}

/// The code a name cell's second line names, `ERROR_INSUFFICIENT_BUFFER (Windows error)`:
/// a code name, alone or before a note in parentheses.
fn second_code(text: &str) -> Option<&str> {
    let (name, note) = match text.split_once(" (") {
        Some((name, note)) => (name, Some(note)),
        None => (text, None),
    };
    let name = name.trim();
    (looks_like_code(name)
        && parse_value(text).is_err()
        && note.is_none_or(|note| note.trim_end().ends_with(')')))
    .then_some(name)
}

/// A name cell that looks like a code's, or a macro's among codes.
fn code_like(text: &str) -> bool {
    match read_name_cell(text) {
        NameCell::Code { name, .. } => looks_like_code(name),
        NameCell::Macro(_) => true,
        NameCell::Other => false,
    }
}

/// A name looks like a code: `SEC_E_OK`, `NERR_NetNotStarted`, `WSAEINTR`; not `Header`.
fn looks_like_code(name: &str) -> bool {
    is_identifier(name)
        && (name.contains('_')
            || (name.len() > 2
                && name
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())))
}

/// The name column is the first where most non-empty cells are code names; the value column the
/// first other where most parse as numbers; the meaning column the first left.
fn classify(table: &Table, english: &[Vec<Vec<Vec<Inline>>>]) -> Option<Columns> {
    let width = table.header.len();
    let first_lines = |column: usize| {
        english
            .iter()
            .filter_map(move |row| row.get(column)?.first())
            .map(|line| plain_text(line, " "))
    };
    let most = |column: usize, test: &dyn Fn(&str) -> bool| {
        let (hits, total) = first_lines(column).fold((0, 0), |(hits, total), text| {
            (hits + usize::from(test(&text)), total + 1)
        });
        total > 0 && hits * 2 > total
    };
    let name = (0..width).find(|&column| most(column, &code_like))?;
    let value = (0..width)
        .filter(|&column| column != name)
        .find(|&column| most(column, &|text| parse_value(text).is_ok()));
    let meaning = (0..width).find(|&column| column != name && Some(column) != value);
    Some(Columns {
        name,
        value,
        meaning,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_cells_hold_a_name_a_value_beside_it_or_a_macro() {
        assert_eq!(
            read_name_cell("SEC_E_OK"),
            NameCell::Code {
                name: "SEC_E_OK",
                value: None
            }
        );
        assert_eq!(
            read_name_cell("0x800007D0 (PDH_CSTATUS_NO_MACHINE)"),
            NameCell::Code {
                name: "PDH_CSTATUS_NO_MACHINE",
                value: Some("0x800007D0")
            }
        );
        assert_eq!(
            read_name_cell("WSAEINTR (10004)"),
            NameCell::Code {
                name: "WSAEINTR",
                value: Some("10004")
            }
        );
        assert_eq!(
            read_name_cell("JET_errColumnIndexed -1505"),
            NameCell::Code {
                name: "JET_errColumnIndexed",
                value: Some("-1505")
            }
        );
        assert_eq!(
            read_name_cell("DRM_FAILED(Status)"),
            NameCell::Macro("DRM_FAILED(Status)")
        );
        assert_eq!(read_name_cell("Minimum supported client"), NameCell::Other);
        assert!(code_like("DRM_SUCCEEDED(Status)") && !code_like("Header"));
    }

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
        assert_eq!(normalize_locale("zh-hant-tw"), "zh-Hant-TW");
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
    fn a_set_id_that_gives_no_symbol_asks_for_one() {
        let text = "| Name | Meaning |\n|---|---|\n| A\\_B | It works. |\n";
        let page = PageInput {
            path: "3d-codes.md",
            text,
        };
        let errors = extract("3d-codes", &[page], &[], &[]).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "error: symbol `3d_codes` is not a snake_case identifier: it names the generated type and files\n \
             = help: the set id `3d-codes` gives none; set `symbol: some_name` in its facts file\n"
        );
        let model = extract("codes", &[page], &[], &[]).unwrap().model;
        assert_eq!(model.symbol, "codes");
        assert_eq!(model.entries[0].name, "A_B");
        assert_eq!(model.entries[0].value, None);
    }
}
