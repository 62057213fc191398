//! The shapes of a page's Markdown tables read line by line, beside its code blocks
//! (`code_blocks.rs`), for comparing a translation's tables with today's English ones without
//! a pulldown-cmark pass: nine in ten pages that may hold a table hold them as docs write them,
//! a header row at the margin after a blank line, a delimiter row, rows that open with `|`, a
//! blank line.
//!
//! The reading is pulldown-cmark's (0.13, `firstpass.rs`) wherever it answers:
//! - A line outside code that opens with `|` at the margin after a blank line (or as the first
//!   line) starts a paragraph, since nothing but an HTML or metadata block that blank lines do
//!   not end could hold it; its columns are its `|`s not after a backslash, less the first,
//!   and less the last when only whitespace follows it (`count_header_cols`).
//! - The line after it is the table's delimiter row when `scan_table_head` reads as many
//!   columns there: the table is open, and its header row is that first line's cells.
//! - Each next line that opens with `|` after spaces is a row (no block starts with `|`, so
//!   nothing interrupts it); a blank line ends the table. A row's cells end at each `|` not
//!   after a backslash; a row without any ends the table, and one with fewer than the table's
//!   columns is filled, up to a bound on filled cells past which the table ends too.
//!
//! Every other line that a delimiter row could be, and every line after a table's rows that
//! neither opens with `|` nor is blank (a lazy row, a block that ends the table), is
//! [`Unsure`]: the page's tables are then read by pulldown-cmark.

use std::ops::Range;

use crate::TableShape;
use crate::code_blocks::Unsure;

/// The tables of a page, read one line at a time as [`crate::code_blocks`] reads its lines.
pub(crate) struct TableReader<'t> {
    text: &'t str,
    tables: Vec<TableShape>,
    state: State,
}

enum State {
    /// No table is open, and the last line cannot be a header row.
    Outside,
    /// The last line, starting at `start`, may be a header row of `columns` columns.
    Header { start: usize, columns: usize },
    /// A table's rows go on; `missing` cells were filled in so far.
    Rows { table: TableShape, missing: usize },
}

/// pulldown-cmark fills at most this many missing cells in a table, then ends it
/// (`MAX_AUTOCOMPLETED_CELLS`): a table that comes near is left to it.
const MAX_FILLED_CELLS: usize = 1 << 18;

impl<'t> TableReader<'t> {
    pub(crate) fn new(text: &'t str) -> TableReader<'t> {
        TableReader {
            text,
            tables: Vec::new(),
            state: State::Outside,
        }
    }

    /// A blank line (as [`crate::translation::blank`] says) outside fenced code: it ends a
    /// table. A vertical tab or a form feed makes a line blank to some of pulldown-cmark's
    /// rules and a paragraph to others.
    pub(crate) fn blank(&mut self, line: &[u8]) -> Result<(), Unsure> {
        if line.iter().any(|&b| matches!(b, 0x0b | 0x0c)) {
            return Err(Unsure);
        }
        self.end_table();
        Ok(())
    }

    /// A line outside fenced code that is not blank, `range` of the page. `after_blank`: the
    /// line before it was blank, or there was none. `unended_may_be_open`: a block that blank
    /// lines do not end (an HTML comment, `<pre>`, a metadata block) may be open before it.
    pub(crate) fn text_line(
        &mut self,
        range: Range<usize>,
        after_blank: bool,
        unended_may_be_open: bool,
    ) -> Result<(), Unsure> {
        let bytes = self.text.as_bytes();
        let line = without_line_break(&bytes[range.clone()]);
        match std::mem::replace(&mut self.state, State::Outside) {
            State::Rows {
                mut table,
                mut missing,
            } => {
                let indent = line.iter().take_while(|&&b| b == b' ').count();
                if line.get(indent) != Some(&b'|') {
                    return Err(Unsure);
                }
                fill(
                    &mut missing,
                    table.columns,
                    self.cells(range.start + indent, table.columns),
                )?;
                table.rows += 1;
                table.first_row.get_or_insert(range.start);
                self.state = State::Rows { table, missing };
            }
            State::Header { start, columns } if delimiter_like(line) => {
                if delimiter_columns(line)? != Some(columns) {
                    return Err(Unsure);
                }
                let mut missing = 0;
                fill(&mut missing, columns, self.cells(start, columns))?;
                self.state = State::Rows {
                    table: TableShape {
                        columns,
                        rows: 0,
                        first_row: None,
                    },
                    missing,
                };
            }
            // The header row's paragraph goes on: no table.
            State::Header { .. } => {}
            State::Outside if delimiter_like(line) => return Err(Unsure),
            State::Outside => {
                let hard_break = line.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1;
                if after_blank && !unended_may_be_open && line.first() == Some(&b'|') && !hard_break
                {
                    self.state = State::Header {
                        start: range.start,
                        columns: header_columns(line),
                    };
                }
            }
        }
        Ok(())
    }

    /// The tables read, the last one ended by the page's end.
    pub(crate) fn finish(mut self) -> Vec<TableShape> {
        self.end_table();
        self.tables
    }

    fn end_table(&mut self) {
        if let State::Rows { table, .. } = std::mem::replace(&mut self.state, State::Outside) {
            self.tables.push(table);
        }
    }

    /// How many cells, up to `columns`, the row whose content starts at `start` has
    /// (`parse_table_row_inner`): each after a `|` and whitespace, to the next `|` not after a
    /// backslash, or to the line's end.
    fn cells(&self, start: usize, columns: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut cells = 0;
        let mut at = start;
        while cells < columns {
            if bytes.get(at) == Some(&b'|') {
                at += 1;
            }
            at += bytes[at..]
                .iter()
                .take_while(|&&b| matches!(b, b' ' | b'\t' | 0x0b | 0x0c))
                .count();
            if matches!(bytes.get(at), None | Some(b'\n' | b'\r')) {
                break;
            }
            cells += 1;
            at = cell_end(bytes, at);
        }
        cells
    }
}

/// A row of `cells` in a table of `columns`, its missing cells filled: unsure of a row of none,
/// which ends a table in pulldown-cmark and is then read as something else, and of a table
/// that comes near the bound on filled cells.
fn fill(missing: &mut usize, columns: usize, cells: usize) -> Result<(), Unsure> {
    *missing += columns - cells;
    if cells == 0 || *missing >= MAX_FILLED_CELLS {
        return Err(Unsure);
    }
    Ok(())
}

/// Where the cell whose content starts at `at` ends: its first `|` not after a backslash, or
/// its line's end.
fn cell_end(bytes: &[u8], at: usize) -> usize {
    let mut from = at;
    while let Some(found) = memchr::memchr3(b'|', b'\n', b'\r', &bytes[from..]) {
        let end = from + found;
        if bytes[end] != b'|' || end == 0 || bytes[end - 1] != b'\\' {
            return end;
        }
        from = end + 1;
    }
    bytes.len()
}

/// A header row's columns: its `|`s not after a backslash, less the one it opens with, and
/// less the last one when only whitespace follows it (`count_header_cols`). `line` opens
/// with `|` and has no line break.
fn header_columns(line: &[u8]) -> usize {
    let pipes: Vec<usize> = memchr::memchr_iter(b'|', line)
        .filter(|&at| at == 0 || line[at - 1] != b'\\')
        .collect();
    let last = *pipes.last().expect("the line opens with `|`");
    let closed = line[last + 1..]
        .iter()
        .all(|&b| matches!(b, b' ' | b'\t' | 0x0b | 0x0c));
    pipes.len() - 1 + usize::from(!closed)
}

/// What pulldown-cmark could read as a delimiter row, in any container: `|`, `-`, `:`,
/// spaces, tabs and `>` only, with a `|` and a `-`. `line` has no line break.
pub(crate) fn delimiter_like(line: &[u8]) -> bool {
    line.iter()
        .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t' | b'>'))
        && memchr::memchr(b'|', line).is_some()
        && memchr::memchr(b'-', line).is_some()
}

/// The columns of a delimiter row at the margin, as `scan_table_head` reads it; `None` when it
/// is none. Unsure of a tab, which it reads by columns.
fn delimiter_columns(line: &[u8]) -> Result<Option<usize>, Unsure> {
    if line.contains(&b'\t') {
        return Err(Unsure);
    }
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    if indent > 3 {
        return Ok(None);
    }
    let mut rest = &line[indent..];
    let mut found_pipe = false;
    if let Some(after) = rest.strip_prefix(b"|") {
        rest = after;
        found_pipe = true;
    }
    let (mut columns, mut found_hyphen, mut hyphen_in_column, mut column_open) =
        (0, false, false, false);
    for &b in rest {
        match b {
            b' ' => {}
            b':' => column_open = true,
            b'-' => {
                column_open = true;
                found_hyphen = true;
                hyphen_in_column = true;
            }
            b'|' => {
                if !hyphen_in_column {
                    return Ok(None);
                }
                found_pipe = true;
                columns += 1;
                column_open = false;
                hyphen_in_column = false;
            }
            _ => return Ok(None),
        }
    }
    columns += usize::from(column_open);
    Ok((found_pipe && found_hyphen).then_some(columns))
}

/// `line` without its `\n` or `\r\n`.
fn without_line_break(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}
