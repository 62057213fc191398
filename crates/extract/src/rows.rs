//! The rows of a page that name codes: tables whose column of names is found by its cells,
//! and definition lists outside tables. Names and values are read from the English side only:
//! the translated side of a name cell is an artefact of machine translation
//! (`SEC \_ E \_ 演算法 \_ 不相符`).

use doccodes_diagnostic::{Diagnostic, Location};
use doccodes_inline::{Inline, plain_text, to_markdown};
use doccodes_model::is_identifier;
use doccodes_page::{Cell, Context, Side, Table};

use crate::read::ReadPage;
use crate::value::parse_value;

/// One row of a table of codes.
pub(crate) struct Row {
    pub name: String,
    pub at: Location,
    pub value: Option<(u32, Location)>,
    /// Per locale, canonical Markdown.
    pub meanings: Vec<(String, String)>,
    /// A second code the name cell names under the first.
    pub also: Option<String>,
    /// Per locale, the heading of the row's table where the page has several.
    pub heading: Vec<(String, String)>,
}

/// Which column of a table of codes holds what.
struct Columns {
    name: usize,
    value: Option<usize>,
    meaning: Option<usize>,
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

    pub fn code_rows(&self, diagnostics: &mut Vec<Diagnostic>) -> Vec<Row> {
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
                    diagnostics.push(
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
                let Some(mut read) = self.code_row(table, &columns, row, cells, diagnostics) else {
                    continue;
                };
                read.heading = headings.clone();
                // `D2DERR_INSUFFICIENT_BUFFER` over `ERROR_INSUFFICIENT_BUFFER (Windows error)`:
                // the row names two codes, and both are kept.
                if let Some(also) = read.also.take() {
                    diagnostics.push(
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
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Row> {
        let row_at = || self.page.location(self.path, row.offset);
        let (Some(name_cell), Some(name_lines)) =
            (row.cells.get(columns.name), english.get(columns.name))
        else {
            diagnostics.push(
                Diagnostic::warning("this row has no name cell; the row is not in the model")
                    .at(row_at()),
            );
            return None;
        };
        let at = self.english_at(name_cell);
        let Some(name_line) = name_lines.first() else {
            diagnostics.push(
                Diagnostic::warning("this row's name cell is empty; the row is not in the model")
                    .at(row_at()),
            );
            return None;
        };
        let name_text = plain_text(name_line, " ");
        let (name, beside) = self.name_of(&name_text, &at, diagnostics)?;
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
        let value = self.value_of(&name, value_text, diagnostics);
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
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<(String, Option<&'t str>)> {
        match read_name_cell(text) {
            NameCell::Code { name, value } => Some((name.to_owned(), value)),
            NameCell::Macro(text) => {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "`{text}` is a macro over the codes, not a code; it is not in the model"
                    ))
                    .at(at.clone()),
                );
                None
            }
            NameCell::Other => {
                diagnostics.push(
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
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<(u32, Location)> {
        let (text, at, certain) = text?;
        match parse_value(&text) {
            Ok(value) => Some((value, at)),
            Err(error) if certain => {
                diagnostics
                    .push(Diagnostic::error(format!("the value of `{name}`: {error}")).at(at));
                None
            }
            Err(_) => {
                diagnostics.push(
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
    pub fn definition_rows(&self, diagnostics: &mut Vec<Diagnostic>) -> Vec<Row> {
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
                    diagnostics.push(
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
                    diagnostics.push(
                        Diagnostic::warning("this term is empty; it is not in the model").at(at),
                    );
                    continue;
                }
                let Some((name, beside)) = self.name_of(&text, &at, diagnostics) else {
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
                let value = self.value_of(&name, value_text, diagnostics);
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
}
