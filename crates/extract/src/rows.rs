//! The rows of a page that name codes: tables whose column of names is found by its cells,
//! and definition lists outside tables. Names and values are read from the English side only:
//! the translated side of a name cell is an artefact of machine translation
//! (`SEC \_ E \_ 演算法 \_ 不相符`).

use std::collections::HashMap;

use doccodes_diagnostic::{Diagnostic, Location};
use doccodes_inline::{Inline, plain_text, to_markdown};
use doccodes_model::is_identifier;
use doccodes_page::{Cell, Context, Side, Table};

use crate::read::ReadPage;
use crate::value::{Radix, ValueError, parse_value, range_of, value_of};
use crate::{RowCount, Skip, SkippedBlock};

/// Headings of sections that point elsewhere: their tables and lists name functions, headers
/// and pages, never codes, and are not read. Matched on the English side, so a translated
/// page's `另請參閱` is found through its `See also`.
const NAVIGATION: [&str; 8] = [
    "see also",
    "related topics",
    "related links",
    "in this section",
    "requirements",
    "related articles",
    "related sections",
    "additional resources",
];

/// Name cells that hold no code: the row is a gap in the list, skipped with a note.
const PLACEHOLDERS: [&str; 9] = [
    "0",
    "n/a",
    "na",
    "reserved",
    "-",
    "—",
    "–",
    "none",
    "undefined",
];

/// One code a page lists.
pub(crate) struct Row {
    pub name: String,
    pub at: Location,
    pub value: Option<(u32, Location)>,
    /// Per locale, canonical Markdown.
    pub meanings: Vec<(String, String)>,
    /// Per locale, the heading of the row's table where the page has several.
    pub heading: Vec<(String, String)>,
}

/// What became of a row of a page.
pub(crate) enum RowRead {
    /// The codes it lists: one, or two (`A or B`, a second code under the first).
    Codes(Vec<Row>),
    /// On purpose, with a note: a placeholder, a macro.
    Skipped,
    /// With a warning saying why.
    Unreadable,
}

impl RowCount {
    /// Counts the rows of a table or definition list skipped whole, and keeps where it is and
    /// why (a block without rows is nothing to account for).
    pub(crate) fn skip_block(&mut self, line: Option<usize>, rows: usize, why: Skip) {
        self.skipped += rows;
        if let Some(line) = line {
            self.skipped_blocks.push(SkippedBlock { line, rows, why });
        }
    }

    /// Counts what became of one row and keeps its codes.
    pub(crate) fn tally(&mut self, read: RowRead, rows: &mut Vec<Row>) {
        match read {
            RowRead::Codes(codes) => {
                self.read += 1;
                rows.extend(codes);
            }
            RowRead::Skipped => self.skipped += 1,
            RowRead::Unreadable => self.unreadable += 1,
        }
    }
}

/// The codes a name cell names.
struct Named<'t> {
    names: Vec<String>,
    /// A value written beside the names: `0x800007D0 (PDH_CSTATUS_NO_MACHINE)`.
    beside: Option<&'t str>,
    share: Share,
}

/// How the names of one cell share the row's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Share {
    /// All take it: one code, or two names of one code (`A or B`).
    One,
    /// `EVENT_MIN / EVENT_MAX` over `0x00000001-0x7FFFFFFF`: the names are the bounds of a
    /// range, the first takes its low value and the second its high one.
    Bounds,
}

/// A text that may give a code's value, where the page has it.
struct ValueText {
    text: String,
    at: Location,
    claim: Claim,
}

/// What the page says of a [`ValueText`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Claim {
    /// That it is the value: a value column, a value beside the name, a value paragraph.
    Value,
    /// Nothing: a name cell's second line, which may also be a second code or a note.
    SecondLine,
}

/// A section heading of the page, read once however many tables sit under it.
pub(crate) struct Section {
    /// Per locale; empty for the page's title.
    heading: Vec<(String, String)>,
    /// Under See also, Requirements and the like, or a section nested in one.
    navigation: bool,
}

/// Which column of a table of codes holds what.
struct Columns {
    name: usize,
    value: Option<ValueColumn>,
    meaning: Option<usize>,
}

/// Why a table is not read as a table of codes.
enum NotCodes {
    NoNameColumn,
    /// One row, under a name column's header that does not say it names codes.
    OneRowUnnamed(String),
}

#[derive(Clone, Copy)]
struct ValueColumn {
    column: usize,
    numbers: Numbers,
    /// What its header says: a value, or nothing (a column of numbers that differ row by row).
    said: Header,
}

/// The codes one table gives, held until the page's other tables are read: a table that gives
/// a code another value than the page does elsewhere, from a column whose header does not say
/// it holds values, is a table of settings (Msi's sample database rows, a priority per API).
struct TableCodes {
    at: Location,
    first_row_line: Option<usize>,
    rows: Vec<Row>,
    count: RowCount,
    values_said: Option<Header>,
    /// The header of the value column, as the English side says it.
    value_header: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

/// The tables of a page that are tables of settings, each with what gives it away: a name
/// with two values, one from a column whose header does not say it holds values.
fn tables_of_settings(tables: &[TableCodes]) -> HashMap<usize, String> {
    let mut seen: HashMap<&str, (u32, usize)> = HashMap::new();
    let mut settings = HashMap::new();
    for (index, table) in tables.iter().enumerate() {
        for row in &table.rows {
            let Some((value, _)) = row.value else {
                continue;
            };
            let Some(&(first, first_table)) = seen.get(row.name.as_str()) else {
                seen.insert(&row.name, (value, index));
                continue;
            };
            if first == value {
                continue;
            }
            let conflict = format!(
                "`{}` the value {value:#010X} where it is also {first:#010X}",
                row.name
            );
            for table_index in [first_table, index] {
                if tables[table_index].values_said == Some(Header::Silent) {
                    settings
                        .entry(table_index)
                        .or_insert_with(|| conflict.clone());
                }
            }
        }
    }
    // The page's other tables with that column (`| Buffer | Length | Buffer type |` once per
    // example) are settings too, whether or not their own rows happen to disagree.
    let headers: Vec<(String, String)> = settings
        .iter()
        .filter_map(|(&index, conflict)| {
            Some((tables[index].value_header.clone()?, conflict.clone()))
        })
        .collect();
    for (index, table) in tables.iter().enumerate() {
        if table.values_said != Some(Header::Silent) {
            continue;
        }
        let like = headers
            .iter()
            .find(|(header, _)| table.value_header.as_ref() == Some(header));
        if let Some((header, conflict)) = like {
            settings.entry(index).or_insert_with(|| {
                format!(
                    "values under `{header}`, the column of another table that gives {conflict}"
                )
            });
        }
    }
    settings
}

/// How the numbers of a value column give a code's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Numbers {
    /// As written; bare digits in hex under a `Hex` header.
    Value(Radix),
    /// A bit number under a `Bit` header, the code being that bit's mask: `0` is `1 << 0`.
    BitNumber,
}

/// What a column's header says of the numbers under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Header {
    /// `Value`, `HRESULT`, `Error code`: the code's value.
    Value,
    /// `Hex`, `Hexadecimal`: the value in hex, with or without `0x`.
    Hex,
    /// `Bit`: the number of the code's bit.
    Bit,
    /// `New Default Value`, `Size`, `Key length`, `Index`, `ChildCount`: numbers, not the code's.
    Other,
    /// `Meaning`, `Description`: prose about the code, which may name other codes.
    Prose,
    /// Nothing either way (no header, or `Constant/value`-like words for another column).
    Silent,
}

fn header_says(text: &str) -> Header {
    const OTHER: [&str; 16] = [
        "default", "size", "length", "index", "offset", "count", "ordinal", "byte", "version",
        "minimum", "maximum", "initial", "sequence", "priority", "protocol", "page",
    ];
    const VALUE: [&str; 6] = ["value", "hresult", "code", "decimal", "error", "return"];
    const PROSE: [&str; 5] = ["meaning", "description", "remarks", "comment", "notes"];
    let text = text.to_ascii_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    // `ChildCount`, `KeyLength`: a compound word counts as its last part too.
    let has = |list: &[&str], compound: bool| {
        words.iter().any(|word| {
            list.iter()
                .any(|known| word.starts_with(known) || (compound && word.ends_with(known)))
        })
    };
    // `Bit`, `Bit position`; not `R Bits`, the width of a field.
    let bit = |word: &&str| matches!(*word, "bit" | "bits" | "number" | "position" | "index");
    let bits = words.iter().any(|word| matches!(*word, "bit" | "bits"));
    if bits && words.iter().all(bit) {
        Header::Bit
    } else if bits || has(&OTHER, true) {
        Header::Other
    } else if has(&["hex"], false) {
        Header::Hex
    } else if has(&VALUE, false) || words == ["number"] {
        // `Number` alone, `Error number`; not `Buffer number`, an index.
        Header::Value
    } else if words.len() == 1 && has(&PROSE, false) {
        Header::Prose
    } else {
        Header::Silent
    }
}

/// True when a name column's header says it names codes (`Constant`, `Flag`, `Error code`,
/// `#define`, `Enum value`, `Success`) or says nothing at all.
fn header_names_codes(text: &str) -> bool {
    const NAMING: &str = "name constant flag identifier id define member type enum code handle \
        error status value format state macro message result success warning failure";
    let text = text.to_ascii_lowercase();
    let mut words = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .peekable();
    words.peek().is_none()
        || words.any(|word| {
            NAMING
                .split_whitespace()
                .any(|known| word.starts_with(known) || word.ends_with(known))
        })
}

impl ReadPage<'_> {
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

    /// Every row of the page that names a code, in every layout it is read in.
    pub fn rows(&self, count: &mut RowCount, diagnostics: &mut Vec<Diagnostic>) -> Vec<Row> {
        let mut rows = self.code_rows(count, diagnostics);
        rows.extend(self.definition_rows(count, diagnostics));
        rows.extend(self.paragraph_rows(count, diagnostics));
        // Lists and code blocks after the rest: a code they list again gives its value to
        // the row before, and their values may be written over the codes before.
        self.list_rows(&mut rows, count, diagnostics);
        self.define_rows(&mut rows, count, diagnostics);
        rows
    }

    fn code_rows(&self, count: &mut RowCount, diagnostics: &mut Vec<Diagnostic>) -> Vec<Row> {
        let mut tables: Vec<TableCodes> = Vec::new();
        // The values read so far on this page, for values written over other codes
        // (`(0x1 | TAG_TYPE_LIST)`).
        let mut known: HashMap<String, u32> = HashMap::new();
        for table in &self.page.tables {
            // Where the table's first row is, for a table skipped whole.
            let first_row_line = table
                .rows
                .first()
                .map(|row| self.page.location(self.path, row.offset).line);
            if self.in_navigation(table.heading) {
                count.skip_block(first_row_line, table.rows.len(), Skip::Navigation);
                continue;
            }
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
            let headers: Vec<String> = table
                .header
                .iter()
                .map(|cell| {
                    self.cell_lines(table, cell, Side::Source)
                        .iter()
                        .map(|line| plain_text(line, " "))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let columns = match classify(table, &headers, &english) {
                Ok(columns) => columns,
                Err(not_codes) => {
                    if let Some(first) = table.rows.first() {
                        let rows = match table.rows.len() {
                            1 => "its row is".to_owned(),
                            n => format!("its {n} rows are"),
                        };
                        let why = match not_codes {
                            NotCodes::NoNameColumn => {
                                "this table has no column of code names".to_owned()
                            }
                            NotCodes::OneRowUnnamed(header) => format!(
                                "this table has one row, and its header `{header}` does not \
                                 say the column names codes"
                            ),
                        };
                        diagnostics.push(
                            Diagnostic::warning(format!("{why}; {rows} not in the model"))
                                .at(self.page.location(self.path, first.offset)),
                        );
                    }
                    count.skip_block(first_row_line, table.rows.len(), Skip::NoCodeNames);
                    continue;
                }
            };
            let heading = self.heading_text(table.heading);
            let mut read = TableCodes {
                at: self.page.location(
                    self.path,
                    table.header.first().map_or(0, |cell| cell.content.start),
                ),
                rows: Vec::new(),
                first_row_line,
                count: RowCount::default(),
                values_said: columns.value.map(|value| value.said),
                value_header: columns
                    .value
                    .and_then(|value| headers.get(value.column).cloned()),
                diagnostics: Vec::new(),
            };
            for (row, cells) in table.rows.iter().zip(&english) {
                let first = read.rows.len();
                let outcome =
                    self.code_row(table, &columns, row, cells, &known, &mut read.diagnostics);
                read.count.tally(outcome, &mut read.rows);
                for code in &mut read.rows[first..] {
                    code.heading.clone_from(&heading);
                    if let Some((value, _)) = &code.value {
                        known.insert(code.name.clone(), *value);
                    }
                }
            }
            tables.push(read);
        }
        let settings = tables_of_settings(&tables);
        let mut rows = Vec::new();
        for (index, table) in tables.into_iter().enumerate() {
            match settings.get(&index) {
                Some(conflict) => {
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "this table gives {conflict}, in a column whose header does not say it holds values: it is read as a table of settings, and its {} not in the model",
                            match table.count.total() {
                                1 => "row is".to_owned(),
                                rows => format!("{rows} rows are"),
                            }
                        ))
                        .at(table.at),
                    );
                    count.skip_block(table.first_row_line, table.count.total(), Skip::Settings);
                }
                None => {
                    diagnostics.extend(table.diagnostics);
                    count.read += table.count.read;
                    count.skipped += table.count.skipped;
                    count.unreadable += table.count.unreadable;
                    rows.extend(table.rows);
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
        known: &HashMap<String, u32>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> RowRead {
        let row_at = || self.page.location(self.path, row.offset);
        let (Some(name_cell), Some(name_lines)) =
            (row.cells.get(columns.name), english.get(columns.name))
        else {
            diagnostics.push(
                Diagnostic::warning("this row has no name cell; the row is not in the model")
                    .at(row_at()),
            );
            return RowRead::Unreadable;
        };
        let at = self.english_at(name_cell);
        let lines: Vec<String> = name_lines
            .iter()
            .map(|line| plain_text(line, " ").trim().to_owned())
            .collect();
        // `ERROR_DS_DRA_SOURCE_` and `REINSTALLED` on two lines: one name, wrapped.
        let (name_text, rest) = match lines.as_slice() {
            [first, second, rest @ ..] if wrapped(first, second) => {
                (format!("{first}{second}"), rest)
            }
            [first, rest @ ..] => (unwrapped(first), rest),
            [] => {
                diagnostics.push(
                    Diagnostic::warning(
                        "this row's name cell is empty; the row is not in the model",
                    )
                    .at(row_at()),
                );
                return RowRead::Unreadable;
            }
        };
        let named = match self.name_of(&name_text, &at, diagnostics) {
            Ok(named) => named,
            Err(outcome) => return outcome,
        };
        let value_text = match (columns.value, named.beside) {
            (Some(ValueColumn { column, .. }), _) => english
                .get(column)
                .and_then(|lines| lines.first())
                .map(|line| ValueText {
                    text: plain_text(line, " "),
                    at: self.english_at(&row.cells[column]),
                    claim: Claim::Value,
                }),
            (None, Some(value)) => Some(ValueText {
                text: value.to_owned(),
                at: at.clone(),
                claim: Claim::Value,
            }),
            (None, None) => rest.first().map(|line| ValueText {
                text: line.clone(),
                at: at.clone(),
                claim: Claim::SecondLine,
            }),
        };
        // `D2DERR_INSUFFICIENT_BUFFER` over `ERROR_INSUFFICIENT_BUFFER (Windows error)`: the
        // row names two codes, and both are kept; the second has no value of its own.
        let second = value_text
            .as_ref()
            .filter(|value| value.claim == Claim::SecondLine)
            .and_then(|value| second_code(&value.text));
        let meaning = columns
            .meaning
            .and_then(|column| Some(row.cells.get(column)?.content.clone()))
            .map(|range| (range, cell_context(table)));
        let meanings = self.meanings(meaning.into_iter().collect());
        if let Some(second) = second {
            diagnostics.push(
                Diagnostic::info(format!(
                    "this row also names `{second}`; it is kept as a code of its own, with `{}`'s meaning and no value",
                    named.names[0]
                ))
                .at(at.clone()),
            );
            let mut codes = self.codes(named.names, &at, None, &meanings);
            codes.extend(self.codes(vec![second.to_owned()], &at, None, &meanings));
            return RowRead::Codes(codes);
        }
        let numbers = columns
            .value
            .map_or(Numbers::Value(Radix::Any), |value| value.numbers);
        RowRead::Codes(self.valued_codes(
            named,
            &at,
            value_text,
            numbers,
            known,
            &meanings,
            diagnostics,
        ))
    }

    /// The codes of a row: its names with the value `value_text` gives them.
    #[allow(clippy::too_many_arguments)]
    fn valued_codes(
        &self,
        named: Named<'_>,
        at: &Location,
        value_text: Option<ValueText>,
        numbers: Numbers,
        known: &HashMap<String, u32>,
        meanings: &[(String, String)],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Row> {
        match named.share {
            Share::One => {
                let value =
                    self.read_value(&named.names[0], value_text, numbers, known, diagnostics);
                self.codes(named.names, at, value, meanings)
            }
            Share::Bounds => {
                let range = value_text
                    .as_ref()
                    .and_then(|value| Some((range_of(&value.text)?, value.at.clone())));
                let Some(((low, high), value_at)) = range else {
                    if let Some(value) = value_text {
                        diagnostics.push(
                            Diagnostic::warning(format!(
                                "`{}` and `{}` are the bounds of a range, and `{}` is none; both are kept without a value",
                                named.names[0], named.names[1], value.text
                            ))
                            .at(value.at),
                        );
                    }
                    return self.codes(named.names, at, None, meanings);
                };
                let [first, second]: [String; 2] =
                    named.names.try_into().expect("bounds are two names");
                let mut codes =
                    self.codes(vec![first], at, Some((low, value_at.clone())), meanings);
                codes.extend(self.codes(vec![second], at, Some((high, value_at)), meanings));
                codes
            }
        }
    }

    /// One row per name, all with the same value and meaning (`A or B` names one code twice).
    fn codes(
        &self,
        names: Vec<String>,
        at: &Location,
        value: Option<(u32, Location)>,
        meanings: &[(String, String)],
    ) -> Vec<Row> {
        names
            .into_iter()
            .map(|name| Row {
                name,
                at: at.clone(),
                value: value.clone(),
                meanings: meanings.to_vec(),
                heading: Vec::new(),
            })
            .collect()
    }

    /// The names of a name cell whose English first line is `text` (`A or B` names two), and a
    /// value written beside them; what became of the row instead when the cell names no code.
    fn name_of<'t>(
        &self,
        text: &'t str,
        at: &Location,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Named<'t>, RowRead> {
        let named = |names: &[&str], beside, share| Named {
            names: names.iter().map(|name| (*name).to_owned()).collect(),
            beside,
            share,
        };
        match read_name_cell(text) {
            NameCell::Code { name, value } => Ok(named(&[name], value, Share::One)),
            NameCell::Either(first, second) => Ok(named(&[first, second], None, Share::One)),
            NameCell::Bounds(first, second) => Ok(named(&[first, second], None, Share::Bounds)),
            NameCell::Trailing { name, rest } => {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "`{rest}` after the name `{name}` is not part of it, and is dropped"
                    ))
                    .at(at.clone()),
                );
                Ok(named(&[name], None, Share::One))
            }
            NameCell::Placeholder(text) => {
                diagnostics.push(
                    Diagnostic::info(format!(
                        "`{text}` holds the place of a code; the row is skipped"
                    ))
                    .at(at.clone()),
                );
                Err(RowRead::Skipped)
            }
            NameCell::Macro(text) => {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "`{text}` is a macro over the codes, not a code; it is not in the model"
                    ))
                    .at(at.clone()),
                );
                Err(RowRead::Skipped)
            }
            NameCell::Family(text) => {
                diagnostics.push(
                    Diagnostic::info(format!(
                        "`{text}` names a family of codes, not one code; the row is skipped"
                    ))
                    .at(at.clone()),
                );
                Err(RowRead::Skipped)
            }
            NameCell::Other => {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "the English side of this name cell is not an identifier, and the row is not in the model: `{text}`"
                    ))
                    .at(at.clone())
                    .help("a code's name must be a C identifier such as `SEC_E_OK`"),
                );
                Err(RowRead::Unreadable)
            }
        }
    }

    /// The value `text` gives `name`. Where the page says it is a value and it reads as none,
    /// the code stays without one and a warning says why; where it only might be (a name
    /// cell's second line), the warning says it was not a value.
    fn read_value(
        &self,
        name: &str,
        text: Option<ValueText>,
        numbers: Numbers,
        known: &HashMap<String, u32>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<(u32, Location)> {
        let ValueText { text, at, claim } = text?;
        let mut names = |other: &str| known.get(other).map(|&value| i64::from(value as i32));
        let read = match numbers {
            Numbers::Value(radix) => value_of(&text, radix, &mut names),
            Numbers::BitNumber => bit_mask(&text),
        };
        let message = match (read, claim) {
            (Ok(value), _) => return Some((value, at)),
            (Err(error), Claim::Value) => format!(
                "the value of `{name}` cannot be read, and the code is kept without one: {error}"
            ),
            (Err(_), Claim::SecondLine) => format!(
                "the second line of `{name}`'s cell is not a value, and is not in the model: `{text}`"
            ),
        };
        diagnostics.push(Diagnostic::warning(message).at(at));
        None
    }

    /// The meaning in every locale of the page: the lines of `parts`, in order, one after another.
    fn meanings(&self, parts: Vec<(std::ops::Range<usize>, Context)>) -> Vec<(String, String)> {
        let mut meanings = Vec::new();
        for &side in self.sides() {
            let lines: Vec<Vec<Inline>> = parts
                .iter()
                .flat_map(|(range, context)| self.meaning_lines(range.clone(), side, *context))
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
    fn definition_rows(&self, count: &mut RowCount, diagnostics: &mut Vec<Diagnostic>) -> Vec<Row> {
        let mut rows = Vec::new();
        for list in &self.page.definition_lists {
            let section = self.section_of(list.offset);
            let first_term_line = list
                .items
                .first()
                .map(|item| self.page.location(self.path, item.term.start).line);
            if self.in_navigation(section) {
                count.skip_block(first_term_line, list.items.len(), Skip::Navigation);
                continue;
            }
            let terms: Vec<String> = list
                .items
                .iter()
                .map(|item| unwrapped(&self.first_english_line(item.term.clone())))
                .collect();
            let codes = terms.iter().filter(|term| code_like(term)).count();
            if codes * 2 <= terms.len() {
                if !terms.is_empty() {
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "this definition list has no code names; its {} terms are not in the model",
                            terms.len()
                        ))
                        .at(self.page.location(self.path, list.offset)),
                    );
                }
                count.skip_block(first_term_line, list.items.len(), Skip::NoCodeNames);
                continue;
            }
            let heading = self.heading_text(section);
            for (item, term) in list.items.iter().zip(&terms) {
                let first = rows.len();
                count.tally(self.definition(item, term, diagnostics), &mut rows);
                for code in &mut rows[first..] {
                    code.heading.clone_from(&heading);
                }
            }
        }
        rows
    }

    fn definition(
        &self,
        item: &doccodes_page::Definition,
        term: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> RowRead {
        let at = self.english_at_offset(item.term.start, item.term.clone());
        if term.is_empty() {
            diagnostics
                .push(Diagnostic::warning("this term is empty; it is not in the model").at(at));
            return RowRead::Unreadable;
        }
        let named = match self.name_of(term, &at, diagnostics) {
            Ok(named) => named,
            Err(outcome) => return outcome,
        };
        let mut details = item.details.as_slice();
        let value_text = match (named.beside, details.first()) {
            (Some(value), _) => Some(ValueText {
                text: value.to_owned(),
                at: at.clone(),
                claim: Claim::Value,
            }),
            (None, Some(range)) => {
                let text = self.first_english_line(range.clone());
                let bounds = named.share == Share::Bounds && range_of(&text).is_some();
                (parse_value(&text).is_ok() || bounds).then(|| {
                    details = &details[1..];
                    ValueText {
                        text,
                        at: self.english_at_offset(range.start, range.clone()),
                        claim: Claim::Value,
                    }
                })
            }
            (None, None) => None,
        };
        let parts = details
            .iter()
            .map(|range| (range.clone(), Context::Block))
            .collect();
        RowRead::Codes(self.valued_codes(
            named,
            &at,
            value_text,
            Numbers::Value(Radix::Any),
            &HashMap::new(),
            &self.meanings(parts),
            diagnostics,
        ))
    }

    /// Codes given a paragraph each, as the System Error Codes pages give them: a bold name
    /// alone, its value (`5 (0x5)`) in the next paragraph, its meaning in the paragraphs after,
    /// up to the next such name or heading. A bold name not followed by a value is prose.
    fn paragraph_rows(&self, count: &mut RowCount, diagnostics: &mut Vec<Diagnostic>) -> Vec<Row> {
        let paragraphs = &self.page.paragraphs;
        let names: Vec<Option<String>> = paragraphs
            .iter()
            .map(|range| self.bold_name(range.clone()))
            .collect();
        let mut rows = Vec::new();
        let mut at = 0;
        while at < paragraphs.len() {
            let (Some(name), Some(value)) = (&names[at], paragraphs.get(at + 1)) else {
                at += 1;
                continue;
            };
            let section = self.section_of(paragraphs[at].start);
            let value_text = self.first_english_line(value.clone());
            if self.section_of(value.start) != section || parse_value(&value_text).is_err() {
                at += 1;
                continue;
            }
            let mut end = at + 2;
            while end < paragraphs.len()
                && names[end].is_none()
                && self.section_of(paragraphs[end].start) == section
            {
                end += 1;
            }
            let read = if self.in_navigation(section) {
                RowRead::Skipped
            } else {
                let name_at = self.english_at_offset(paragraphs[at].start, paragraphs[at].clone());
                let value_text = ValueText {
                    text: value_text,
                    at: self.english_at_offset(value.start, value.clone()),
                    claim: Claim::Value,
                };
                let value = self.read_value(
                    name,
                    Some(value_text),
                    Numbers::Value(Radix::Any),
                    &HashMap::new(),
                    diagnostics,
                );
                let parts = paragraphs[at + 2..end]
                    .iter()
                    .map(|range| (range.clone(), Context::Block))
                    .collect();
                let mut codes =
                    self.codes(vec![name.clone()], &name_at, value, &self.meanings(parts));
                codes[0].heading = self.heading_text(section);
                RowRead::Codes(codes)
            };
            count.tally(read, &mut rows);
            at = end;
        }
        rows
    }

    /// The code a paragraph names when its English is a code's name in bold and nothing else.
    fn bold_name(&self, range: std::ops::Range<usize>) -> Option<String> {
        // Most paragraphs of a site are prose: only one with bold markup is worth rendering.
        let raw = &self.page.text[range.clone()];
        if !["**", "__", "<b", "<strong"]
            .iter()
            .any(|marker| raw.contains(marker))
        {
            return None;
        }
        let lines = self.page.lines(range, Side::Source, Context::Block);
        let [line] = lines.as_slice() else {
            return None;
        };
        let mut nodes = line
            .iter()
            .filter(|node| !matches!(node, Inline::Text(text) if text.trim().is_empty()));
        let (Some(Inline::Strong(inner)), None) = (nodes.next(), nodes.next()) else {
            return None;
        };
        let name = plain_text(inner, " ");
        let name = name.trim();
        looks_like_code(name).then(|| name.to_owned())
    }

    fn first_english_line(&self, range: std::ops::Range<usize>) -> String {
        self.page
            .lines(range, Side::Source, Context::Block)
            .first()
            .map(|line| plain_text(line, " "))
            .unwrap_or_default()
    }

    /// The page's section headings, each read once: a site's pages of prose never need them.
    fn sections(&self) -> &[Section] {
        self.sections.get_or_init(|| {
            let headings = &self.page.headings;
            let mut sections: Vec<Section> = Vec::with_capacity(headings.len());
            for (index, heading) in headings.iter().enumerate() {
                let text = |side| {
                    self.page
                        .lines(heading.content.clone(), side, Context::Heading)
                        .iter()
                        .map(|line| plain_text(line, " "))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let english = text(Side::Source);
                let key = english.trim().trim_end_matches(':').to_ascii_lowercase();
                let outer = headings[..index]
                    .iter()
                    .rposition(|outer| outer.level < heading.level);
                let navigation = NAVIGATION.contains(&key.as_str())
                    || outer.is_some_and(|outer| sections[outer].navigation);
                // A section heading is worth keeping only on a page with sections.
                let heading = if heading.level == 1 {
                    Vec::new()
                } else {
                    self.sides()
                        .iter()
                        .map(|&side| {
                            let text = match side {
                                Side::Source => english.clone(),
                                Side::Target => text(side),
                            };
                            (self.locale_of(side).to_owned(), text)
                        })
                        .filter(|(_, text)| !text.is_empty())
                        .collect()
                };
                sections.push(Section {
                    heading,
                    navigation,
                });
            }
            sections
        })
    }

    /// The heading of section `index` in each of the page's locales.
    pub(crate) fn heading_text(&self, index: Option<usize>) -> Vec<(String, String)> {
        index.map_or_else(Vec::new, |index| self.sections()[index].heading.clone())
    }

    /// The section (the index of its heading) of what starts at `offset`.
    pub(crate) fn section_of(&self, offset: usize) -> Option<usize> {
        self.page
            .headings
            .iter()
            .rposition(|heading| heading.content.start < offset)
    }

    /// Whether section `index` is navigation ("See also", "Requirements") or nested in one.
    pub(crate) fn in_navigation(&self, index: Option<usize>) -> bool {
        index.is_some_and(|index| self.sections()[index].navigation)
    }

    /// Where the English text in `range` starts: inside its first segment on a translated page.
    pub(crate) fn english_at_offset(
        &self,
        start: usize,
        range: std::ops::Range<usize>,
    ) -> Location {
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
    /// `NAME or OTHER_NAME`: two names of one code.
    Either(&'t str, &'t str),
    /// `EVENT_MIN / EVENT_MAX` over `0x00000001-0x7FFFFFFF`: the bounds of a range, two codes.
    Bounds(&'t str, &'t str),
    /// `NAME (see below)`, `NAME flag`: a name and words after it that are not a value.
    Trailing {
        name: &'t str,
        rest: &'t str,
    },
    /// `N/A`, `Reserved`, `0`: a gap in the list.
    Placeholder(&'t str),
    /// A macro over codes, `DRM_FAILED(Status)`: listed among them, not one of them.
    Macro(&'t str),
    /// `Oi_*`: the names of a family of codes, not one code.
    Family(&'t str),
    Other,
}

/// A name wrapped over two lines of its cell: the first ends where an identifier cannot
/// (`..._`), or the second goes on with one (`_...`).
fn wrapped(first: &str, second: &str) -> bool {
    is_identifier(first)
        && is_identifier(second)
        && (first.ends_with('_') || second.starts_with('_'))
}

/// A name wrapped on one line, `RTM_MAX _ADDRESS_SIZE` or `IMAGE_DLLCHARACTERISTICS_ NO_SEH`,
/// joined; any other text as it is.
fn unwrapped(text: &str) -> String {
    let mut words = text.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(first), Some(second), None) if wrapped(first, second) => format!("{first}{second}"),
        _ => text.to_owned(),
    }
}

fn read_name_cell(text: &str) -> NameCell<'_> {
    let text = text.trim();
    if PLACEHOLDERS.contains(&text.to_ascii_lowercase().as_str()) || text.is_empty() {
        return NameCell::Placeholder(text);
    }
    // `>ERROR_X`: a stray quote marker from the page's conversion to Markdown; `_ *ERROR_X*\*`:
    // emphasis markers a translation pass broke, left as text around the name.
    let text = text.strip_prefix('>').map_or(text, str::trim_start);
    // `Oi_*`: a family of codes, each listed on its own elsewhere.
    if let Some(stem) = text.strip_suffix('*')
        && stem.ends_with('_')
        && is_identifier(stem)
    {
        return NameCell::Family(text);
    }
    let text = text.trim_matches('*');
    let text = text.strip_prefix("_ ").unwrap_or(text).trim_matches('*');
    let text = text.strip_suffix(" _").unwrap_or(text).trim_matches('*');
    if is_identifier(text) {
        return NameCell::Code {
            name: text,
            value: None,
        };
    }
    // `JET_errColumnIndexed -1505`: the name and its value on one line.
    if let Some((name, value)) = text.split_once(char::is_whitespace)
        && is_identifier(name)
        && name.contains('_')
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
    if let Some((first, second)) = text.split_once(" or ")
        && looks_like_code(first.trim())
        && looks_like_code(second.trim())
    {
        return NameCell::Either(first.trim(), second.trim());
    }
    if let Some((first, second)) = text.split_once(" / ")
        && looks_like_code(first.trim())
        && looks_like_code(second.trim())
    {
        return NameCell::Bounds(first.trim(), second.trim());
    }
    // `ERROR_X flag`: a word after a name that is plainly a code's (`SEC E X` is no name).
    if let Some((name, rest)) = text.split_once(char::is_whitespace)
        && looks_like_code(name)
        && name.contains('_')
        && !rest.starts_with('=')
        && rest.split_whitespace().count() <= 2
    {
        return NameCell::Trailing {
            name,
            rest: rest.trim(),
        };
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
        NameCell::Code { name, .. } | NameCell::Trailing { name, .. } => looks_like_code(name),
        NameCell::Either(..) | NameCell::Bounds(..) | NameCell::Macro(_) | NameCell::Family(_) => {
            true
        }
        NameCell::Placeholder(_) | NameCell::Other => false,
    }
}

/// A name looks like a code: `SEC_E_OK`, `NERR_NetNotStarted`, `WSAEINTR`; not `Header`.
pub(crate) fn looks_like_code(name: &str) -> bool {
    is_identifier(name)
        && name.bytes().any(|b| b.is_ascii_alphabetic())
        && (name.contains('_')
            || (name.len() > 2
                && name
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())))
}

/// The name column is the first where most non-empty cells are code names; the value column the
/// first other where most parse as numbers; the meaning column the first left.
fn classify(
    table: &Table,
    headers: &[String],
    english: &[Vec<Vec<Vec<Inline>>>],
) -> Result<Columns, NotCodes> {
    let width = table.header.len();
    let lines = FirstLines::new(headers, english);
    let name = name_column(&lines, width)?;
    one_row_names_codes(headers, name, english.len())?;
    let value = value_column(&NamedRows::new(&lines, name), width, name);
    let meaning = meaning_column(&lines, width, name, value.map(|value| value.column));
    Ok(Columns {
        name,
        value,
        meaning,
    })
}

/// A table as [`classify`] reads it: each cell's first line, and what each column's header
/// says.
struct FirstLines<'t> {
    headers: &'t [String],
    english: &'t [Vec<Vec<Vec<Inline>>>],
    /// Each cell's first line as text, read once: every test of a column looks at these.
    texts: Vec<Vec<Option<String>>>,
}

impl<'t> FirstLines<'t> {
    fn new(headers: &'t [String], english: &'t [Vec<Vec<Vec<Inline>>>]) -> FirstLines<'t> {
        let texts = english
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| cell.first().map(|line| plain_text(line, " ")))
                    .collect()
            })
            .collect();
        FirstLines {
            headers,
            english,
            texts,
        }
    }

    /// The first lines of `column`'s cells that have one, in row order.
    fn cells(&self, column: usize) -> impl Iterator<Item = &str> {
        self.texts
            .iter()
            .filter_map(move |row| row.get(column)?.as_deref())
    }

    /// What `column`'s header says; nothing where the table has no header for it.
    fn says(&self, column: usize) -> Header {
        self.headers
            .get(column)
            .map_or(Header::Silent, |header| header_says(header))
    }
}

/// The first column whose cells are mostly code names, and mostly different ones: codes have
/// names of their own, and a column that says `UNIVERSAL` on every row is a property of the
/// rows, not their names.
fn name_column(lines: &FirstLines<'_>, width: usize) -> Result<usize, NotCodes> {
    (0..width)
        .find(|&column| {
            let names = match lines.says(column) {
                Header::Prose => prose_names(lines, column),
                _ => mostly(lines.cells(column).map(code_like)),
            };
            names && {
                let names: Vec<&str> = lines.cells(column).filter(|text| code_like(text)).collect();
                mostly_distinct(&names)
            }
        })
        .ok_or(NotCodes::NoNameColumn)
}

/// Whether a column under `Meaning` or `Description` names codes: most of its cells are a
/// name alone and unlinked (`| 0x1 | **DCOMSCM_ACTIVATION_USE_ALL_AUTHNSERVICES** |`). A
/// meaning that links a code or says more (`[LOCALE_SDAYNAME1](...) (Monday)`) names another
/// page's code, and the values beside it are a setting's.
fn prose_names(lines: &FirstLines<'_>, column: usize) -> bool {
    mostly(
        lines
            .english
            .iter()
            .filter_map(|row| row.get(column)?.first())
            .map(|line| {
                !line.iter().any(|node| matches!(node, Inline::Link { .. }))
                    && matches!(
                        read_name_cell(&plain_text(line, " ")),
                        NameCell::Code { name, value: None } if looks_like_code(name)
                    )
            }),
    )
}

/// One row gives no column the chance to show itself by differing from row to row, so the
/// header must say the column names codes: `| PIDt | Value |` over `| PID_PAGECOUNT | 100 |`
/// (Msi/ice66.md) is a property of an example database set to 100, not a code whose value is
/// 100.
fn one_row_names_codes(headers: &[String], name: usize, rows: usize) -> Result<(), NotCodes> {
    match headers.get(name) {
        Some(header) if rows == 1 && !header_names_codes(header) => {
            Err(NotCodes::OneRowUnnamed(header.clone()))
        }
        _ => Ok(()),
    }
}

/// The rows of a table that name a code: a column's numbers are counted on them alone, since
/// `| 9 – 15 | | Reserved |` says nothing of what the column holds.
struct NamedRows<'t> {
    lines: &'t FirstLines<'t>,
    /// Per row, whether its name cell names a code.
    named: Vec<bool>,
}

impl<'t> NamedRows<'t> {
    fn new(lines: &'t FirstLines<'t>, name: usize) -> NamedRows<'t> {
        let named = lines
            .texts
            .iter()
            .map(|row| {
                row.get(name)
                    .and_then(|text| text.as_deref())
                    .is_some_and(code_like)
            })
            .collect();
        NamedRows { lines, named }
    }

    /// The first lines of `column`'s cells on the rows that name a code.
    fn cells(&self, column: usize) -> impl Iterator<Item = &str> {
        self.lines
            .texts
            .iter()
            .zip(&self.named)
            .filter(|(_, named)| **named)
            .filter_map(move |(row, _)| row.get(column)?.as_deref())
    }

    /// How `column`'s numbers are written: in hex under a `Hex` header or when
    /// [`padded_hex`](Self::padded_hex), else in any form a value is written in.
    fn radix(&self, column: usize) -> Radix {
        if self.lines.says(column) == Header::Hex || self.padded_hex(column) {
            Radix::Hex
        } else {
            Radix::Any
        }
    }

    /// `| 01 | FC_ALLOCATE_ALL_NODES |`, `| 10 | FC_POINTER_DEREF |`: digits padded to one width
    /// with zeros are hex (ndrtypes.h: 0x10), whatever the header says.
    fn padded_hex(&self, column: usize) -> bool {
        let cells: Vec<&str> = self.cells(column).map(str::trim).collect();
        let width = cells.first().map_or(0, |cell| cell.len());
        width >= 2
            && cells.iter().any(|cell| cell.starts_with('0'))
            && cells
                .iter()
                .all(|cell| cell.len() == width && cell.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    /// `column`'s numbers, when most of its cells are numbers.
    fn numbers(&self, column: usize) -> Option<Vec<u32>> {
        let radix = self.radix(column);
        let read: Vec<Option<u32>> = self
            .cells(column)
            .map(|text| value_of(text, radix, &mut |_| None).ok())
            .collect();
        mostly(read.iter().map(Option::is_some)).then(|| read.into_iter().flatten().collect())
    }
}

/// The column that gives each code its value. A column whose header names the value wins over
/// one that only holds numbers; then a `Bit` column, whose header says its numbers are bit
/// numbers where a silent one says nothing (`| Bit | wingdi.h define | Code page |` gives
/// `FS_LATIN1` bit 0, not 1252); then a column of numbers whose header says nothing. A column
/// whose header names something else (a default, a size, a count) never gives values.
fn value_column(rows: &NamedRows<'_>, width: usize, name: usize) -> Option<ValueColumn> {
    let numbers: Vec<(usize, Vec<u32>)> = (0..width)
        .filter(|&column| {
            column != name
                && matches!(
                    rows.lines.says(column),
                    Header::Value | Header::Hex | Header::Silent
                )
        })
        .filter_map(|column| Some((column, rows.numbers(column)?)))
        .collect();
    if let Some(column) = claimed_value_column(rows.lines, &numbers) {
        return Some(ValueColumn {
            column,
            numbers: Numbers::Value(rows.radix(column)),
            said: rows.lines.says(column),
        });
    }
    if let Some(column) = bit_column(rows, width) {
        return Some(ValueColumn {
            column,
            numbers: Numbers::BitNumber,
            said: Header::Bit,
        });
    }
    silent_value_column(rows.lines, &numbers).map(|column| ValueColumn {
        column,
        numbers: Numbers::Value(rows.radix(column)),
        said: Header::Silent,
    })
}

/// Whether `column`'s header says it holds the value.
fn claims_value(lines: &FirstLines<'_>, column: usize) -> bool {
    matches!(lines.says(column), Header::Value | Header::Hex)
}

/// Of the columns of `numbers` whose header names the value, the one of the largest numbers:
/// of two (`Boolean function (hexadecimal)`, `Raster operation (hexadecimal)`), it gives the
/// whole value and the other a part of it.
fn claimed_value_column(lines: &FirstLines<'_>, numbers: &[(usize, Vec<u32>)]) -> Option<usize> {
    numbers
        .iter()
        .filter(|(column, _)| claims_value(lines, *column))
        .max_by_key(|(column, values)| (values.iter().max().copied(), std::cmp::Reverse(*column)))
        .map(|(column, _)| *column)
}

/// The first `Bit` column whose cells are mostly bit numbers.
fn bit_column(rows: &NamedRows<'_>, width: usize) -> Option<usize> {
    (0..width).find(|&column| {
        rows.lines.says(column) == Header::Bit
            && mostly(rows.cells(column).map(|text| bit_mask(text).is_ok()))
    })
}

/// The first column of `numbers` whose header says nothing and whose numbers differ from row
/// to row, as codes' values do: `0x0007` over and over is a property of each code, not its
/// value.
fn silent_value_column(lines: &FirstLines<'_>, numbers: &[(usize, Vec<u32>)]) -> Option<usize> {
    numbers
        .iter()
        .find(|(column, values)| !claims_value(lines, *column) && mostly_distinct(values))
        .map(|(column, _)| *column)
}

/// The first column left of the name and the value, a `Hex` one aside: its cells are numbers,
/// whether or not they gave the value.
fn meaning_column(
    lines: &FirstLines<'_>,
    width: usize,
    name: usize,
    value: Option<usize>,
) -> Option<usize> {
    (0..width).find(|&column| {
        column != name && Some(column) != value && lines.says(column) != Header::Hex
    })
}

/// True when more than half of `tests` are, and there is one.
fn mostly(tests: impl Iterator<Item = bool>) -> bool {
    let (hits, total) = tests.fold((0, 0), |(hits, total), hit| {
        (hits + usize::from(hit), total + 1)
    });
    total > 0 && hits * 2 > total
}

/// True when at least three in four of `items` differ from the others, as codes' names and
/// values do.
fn mostly_distinct<T: Ord>(items: &[T]) -> bool {
    let set: std::collections::BTreeSet<&T> = items.iter().collect();
    set.len() * 4 >= items.len() * 3
}

/// The mask of a bit number written in a `Bit` column: `3` is `0x8`.
fn bit_mask(text: &str) -> Result<u32, ValueError> {
    let text = text.trim();
    match text.parse::<u32>() {
        Ok(bit) if bit < 32 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(1 << bit),
        _ => Err(ValueError::NotABit(text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract_page;

    #[test]
    fn a_table_of_settings_is_skipped_and_the_page_keeps_its_codes() {
        let page = "# Sample\n\n\
                    | Action | Type |\n|---|---|\n| CA_ONE | 100 |\n| CA_TWO | 80 |\n\n\
                    | Action | Type |\n|---|---|\n| CA_TWO | 125 |\n| CA_THREE | 20 |\n\n\
                    | Action | Type |\n|---|---|\n| CA_FOUR | 7 |\n| CA_FIVE | 9 |\n\n\
                    | Name | Value | Meaning |\n|---|---|---|\n| E_REAL | 0x80040001 | A code. |\n";
        let extraction = extract_page("sample.md", page);
        let model = extraction.model.unwrap();
        let names: Vec<&str> = model.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["E_REAL"]);
        let shown: Vec<String> = extraction
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.location.as_ref().unwrap(), d.message))
            .collect();
        assert_eq!(
            shown,
            [
                "sample.md:3:3: this table gives `CA_TWO` the value 0x0000007D where it is also 0x00000050, in a column whose header does not say it holds values: it is read as a table of settings, and its 2 rows are not in the model",
                "sample.md:8:3: this table gives `CA_TWO` the value 0x0000007D where it is also 0x00000050, in a column whose header does not say it holds values: it is read as a table of settings, and its 2 rows are not in the model",
                "sample.md:13:3: this table gives values under `Type`, the column of another table that gives `CA_TWO` the value 0x0000007D where it is also 0x00000050, in a column whose header does not say it holds values: it is read as a table of settings, and its 2 rows are not in the model",
            ]
        );
        assert_eq!(
            (extraction.rows[0].read, extraction.rows[0].skipped),
            (1, 6)
        );
    }

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
    fn decorated_name_cells_give_their_names_and_placeholders_none() {
        assert_eq!(
            read_name_cell(">ERROR_X"),
            NameCell::Code {
                name: "ERROR_X",
                value: None
            }
        );
        assert_eq!(read_name_cell("E_A or E_B"), NameCell::Either("E_A", "E_B"));
        assert_eq!(read_name_cell("Oi_*"), NameCell::Family("Oi_*"));
        assert_eq!(
            read_name_cell("Undefined"),
            NameCell::Placeholder("Undefined")
        );
        // `DXVA 1` is a version, `X = TRUE` a setting: neither names a code.
        assert_eq!(read_name_cell("DXVA 1"), NameCell::Other);
        assert_eq!(read_name_cell("MF_X = TRUE"), NameCell::Other);
        assert_eq!(unwrapped("RTM_MAX _ADDRESS_SIZE"), "RTM_MAX_ADDRESS_SIZE");
        assert_eq!(unwrapped("IMAGE_X_ NO_SEH"), "IMAGE_X_NO_SEH");
        assert_eq!(unwrapped("ERROR_A flag"), "ERROR_A flag");
        assert_eq!(
            read_name_cell("EVENT_MIN / EVENT_MAX"),
            NameCell::Bounds("EVENT_MIN", "EVENT_MAX")
        );
        assert_eq!(
            read_name_cell("TAG_X flag"),
            NameCell::Trailing {
                name: "TAG_X",
                rest: "flag"
            }
        );
        for text in ["0", "N/A", "Reserved", "-", ""] {
            assert_eq!(read_name_cell(text), NameCell::Placeholder(text));
        }
        // Words that are not a code's name stay unreadable rather than guessed at.
        assert_eq!(read_name_cell("SEC E BAD PKGID"), NameCell::Other);
        assert_eq!(
            read_name_cell("_ ERROR_IPSEC_QM_POLICY_EXISTS*"),
            NameCell::Code {
                name: "ERROR_IPSEC_QM_POLICY_EXISTS",
                value: None
            }
        );
        assert!(!code_like("Header") && !code_like("N/A"));
    }

    #[test]
    fn a_name_wrapped_over_two_lines_is_one_name() {
        assert!(wrapped("ERROR_DS_", "REINSTALLED"));
        assert!(wrapped("ERROR_DS", "_REINSTALLED"));
        assert!(!wrapped("ERROR_DS", "0x80070005"));
        assert!(!wrapped("ERROR_A", "ERROR_B"));
    }

    #[test]
    fn headers_say_which_column_holds_the_value() {
        assert_eq!(header_says("Value"), Header::Value);
        assert_eq!(header_says("Error code"), Header::Value);
        assert_eq!(header_says("HRESULT"), Header::Value);
        assert_eq!(header_says("Hex"), Header::Hex);
        assert_eq!(header_says("New Default Value"), Header::Other);
        assert_eq!(header_says("Initial Value"), Header::Other);
        assert_eq!(header_says("ChildCount"), Header::Other);
        assert_eq!(header_says("Bit"), Header::Bit);
        assert_eq!(header_says("Key length (bits)"), Header::Other);
        assert_eq!(header_says("Bit position"), Header::Bit);
        assert_eq!(header_says("R Bits"), Header::Other);
        assert_eq!(header_says("Description"), Header::Prose);
        assert_eq!(header_says("Meaning"), Header::Prose);
        assert_eq!(header_says("Constant/value"), Header::Value);
        assert_eq!(header_says("Common name"), Header::Silent);
        assert_eq!(header_says("Code page"), Header::Other);
        assert_eq!(header_says("Number"), Header::Value);
        assert_eq!(header_says("Error number"), Header::Value);
        assert_eq!(header_says("Buffer number"), Header::Silent);
        assert_eq!(bit_mask("3"), Ok(8));
        assert_eq!(bit_mask("32"), Err(ValueError::NotABit("32".into())));
        assert_eq!(bit_mask("0x1"), Err(ValueError::NotABit("0x1".into())));
    }

    #[test]
    fn a_one_row_table_needs_a_header_that_names_codes() {
        for naming in ["Constant", "#define", "Enum Value", "Success", "Flag", ""] {
            assert!(header_names_codes(naming), "{naming}");
        }
        for other in ["PIDt", "Action", "Buffer", "Component_Shared"] {
            assert!(!header_names_codes(other), "{other}");
        }
    }
}
