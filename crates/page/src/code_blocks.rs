//! The code blocks of a page read line by line, for `Translation::parse`: nine tenths of a
//! localized site's bytes are pages whose code blocks are fenced at the margin and whose
//! indented span markup sits in list items, and their span markup needs no Markdown pass to
//! be told from code.
//!
//! The reading is pulldown-cmark's wherever it answers, by an induction over the lines: outside
//! a block, a line that opens one by the rules below opens one for pulldown-cmark too, because
//! nothing that could hide it (an HTML block, a metadata block, a container that is not a list
//! item) can be open; inside, every line keeps at least the opening fence's indentation, so a
//! list item holding the block stays open, and the line that closes the block closes it there
//! too. Span markup indented four columns is no indented code when it stands less than four
//! columns past the content column of a list item certainly open, or when it continues a
//! paragraph with text no block starts with. Items are counted only when their marker line
//! could be nothing else; one missed or closed early only makes a line look deeper, which
//! errs towards the full parse. Where any of this could fail, the answer is `None` and the
//! page gets the full parse.

use std::ops::Range;

use memchr::memmem::Finder;

use crate::TableShape;
use crate::table_lines::TableReader;
use crate::translation::{Lines, blank};

/// The fenced code blocks among `lines` of `text`, each from its opening line's start to its
/// closing line's end (or the end of the page), or `None` when pulldown-cmark could read a
/// fence differently or could read span markup as an indented code block. Unsure are: a
/// fence after a list marker, `>` or four columns; a fence where an HTML block may be open,
/// or after a line that may open a block blank lines do not end (an HTML comment, `<pre>`, a
/// `---` metadata block); a line inside a block indented less than its fence, or a closing
/// fence indented so that only the list item around it would decide; span markup indented
/// four columns past every list item certainly open around it, unless it continues a
/// paragraph, or on a page with `>` containers or tabs before it. With `tables`, the shapes of
/// the page's Markdown tables are read too (`table_lines.rs`), `None` where that reading is unsure.
pub(crate) fn read(text: &str, lines: Lines<'_>, tables: bool) -> Option<Blocks> {
    let bytes = text.as_bytes();
    let mut reader = BlockReader::new(tables.then(|| TableReader::new(text)));
    for range in lines {
        reader.line(&bytes[range.clone()], range).ok()?;
    }
    Some(reader.finish(bytes.len()))
}

/// What [`read`] finds.
pub(crate) struct Blocks {
    pub(crate) code: Vec<Range<usize>>,
    /// The Markdown tables' shapes, when they were asked for and read for certain.
    pub(crate) tables: Option<Vec<TableShape>>,
}

/// A line that pulldown-cmark could read otherwise than this reading: the page needs the full
/// parse.
pub(crate) struct Unsure;

/// What the lines read so far say of the next one: the fenced block it is in, the blocks that
/// may be open around it, the list items certainly open.
struct BlockReader<'t> {
    /// The page's Markdown tables, while they are wanted and read for certain.
    tables: Option<TableReader<'t>>,
    /// Finds span markup, the one thing an indented line must not hide in code.
    span: Finder<'static>,
    /// The fenced code blocks closed so far.
    blocks: Vec<Range<usize>>,
    /// The fenced block the next line is in.
    open: Option<Fence>,
    /// A type 6 or 7 HTML block (`<div>`, any lone tag) may have begun since the last blank
    /// line.
    html_may_be_open: bool,
    /// A block that blank lines do not end may have begun: HTML types 1 to 5, metadata.
    unended_may_be_open: bool,
    /// A table may have begun since the last blank line: its rows are no paragraph.
    table_may_be_open: bool,
    /// The last line certainly left a paragraph open, which an indented line continues.
    paragraph_open: bool,
    /// The last line was blank, or there was none: any list marker may start a list.
    after_blank: bool,
    /// A `>` or a tab stood before some line's text: list columns below are not certain.
    columns_unsure: bool,
    /// The content columns of list items certainly open, innermost last. An item missed or
    /// closed too early only makes a line look more indented, so the reading stays safe.
    items: Vec<usize>,
}

/// An open fenced code block.
struct Fence {
    /// `` ` `` or `~`.
    mark: u8,
    length: usize,
    /// Its columns of indentation; at most three, all spaces.
    indent: usize,
    /// The offset of its opening line.
    start: usize,
}

/// A line that is neither blank nor in a fenced block, with where it stands among the list
/// items open before it.
struct TextLine<'l> {
    /// The whole line, its line break included.
    line: &'l [u8],
    /// The spaces, tabs, `>` and list markers before its content.
    prefix: &'l [u8],
    /// Its content, after the prefix.
    content: &'l [u8],
    /// Its leading spaces.
    indent: usize,
    /// The content column of the innermost list item it stays in; 0 at the margin.
    container: usize,
    /// The list marker its text starts with, if any.
    marker: Option<ListMarker>,
    /// Text no block can start with, however deep it stands, after a paragraph: it goes on
    /// through it (an item missed would only make a heading or a list of it).
    continues: bool,
}

impl TextLine<'_> {
    /// Four spaces or a tab before its content, among its containers' markers: what
    /// indented code needs.
    fn indented(&self) -> bool {
        self.prefix.contains(&b'\t') || self.prefix.windows(4).any(|w| w == b"    ")
    }

    /// Indented four columns into its list item, and no paragraph's continuation: where
    /// indented code starts.
    fn code_like(&self) -> bool {
        self.indent >= self.container + 4 && !self.continues
    }
}

impl<'t> BlockReader<'t> {
    fn new(tables: Option<TableReader<'t>>) -> BlockReader<'t> {
        BlockReader {
            tables,
            span: Finder::new(b"<span"),
            blocks: Vec::new(),
            open: None,
            html_may_be_open: false,
            unended_may_be_open: false,
            table_may_be_open: false,
            paragraph_open: false,
            after_blank: true,
            columns_unsure: false,
            items: Vec::new(),
        }
    }

    /// Reads the next line, `range` of the page.
    fn line(&mut self, line: &[u8], range: Range<usize>) -> Result<(), Unsure> {
        if let Some(fence) = &self.open {
            if fence.closed_by(line)? {
                self.blocks.push(fence.start..range.end);
                self.open = None;
            }
            Ok(())
        } else if blank(line) {
            if let Some(tables) = &mut self.tables
                && tables.blank(line).is_err()
            {
                self.tables = None;
            }
            self.blank_line(line);
            Ok(())
        } else {
            if let Some(tables) = &mut self.tables
                && tables
                    .text_line(range.clone(), self.after_blank, self.unended_may_be_open)
                    .is_err()
            {
                self.tables = None;
            }
            self.text_line(line, range.start)
        }
    }

    /// The fenced blocks, the one still open running to the page's `end`, and the tables.
    fn finish(mut self, end: usize) -> Blocks {
        if let Some(fence) = self.open {
            self.blocks.push(fence.start..end);
        }
        Blocks {
            code: self.blocks,
            tables: self.tables.map(TableReader::finish),
        }
    }

    /// A blank line outside fenced code ends paragraphs, tables and the HTML blocks a blank
    /// line ends.
    fn blank_line(&mut self, line: &[u8]) {
        self.html_may_be_open = false;
        self.table_may_be_open = false;
        self.paragraph_open = false;
        self.after_blank = true;
        // A vertical tab or a form feed makes a line blank to some of pulldown-cmark's rules
        // and not to others (list items, paragraphs): columns are unsure after it.
        self.columns_unsure |= line.iter().any(|&b| matches!(b, 0x0b | 0x0c));
    }

    /// Any other line outside fenced code: span markup it may hide in indented code, a fence
    /// it opens, the blocks and list items it may open, a paragraph it starts or continues.
    fn text_line(&mut self, line: &[u8], start: usize) -> Result<(), Unsure> {
        let line = self.place(line);
        if line.indented() && self.span.find(line.line).is_some() {
            self.indented_span_markup(&line)?;
        }
        if let Some(fence) = Fence::opening(line.prefix, line.content, start)? {
            return self.open_fence(fence);
        }
        // What could hold this line's text in a block of its own, from the lines before.
        let in_a_block = self.html_may_be_open || self.unended_may_be_open;
        self.blocks_opened(line.content);
        self.list_item(&line, in_a_block);
        self.paragraph_open = if line.code_like() {
            false
        } else {
            (line.continues && line.indent >= line.container + 4)
                || (starts_text(line.content)
                    && !self.html_may_be_open
                    && !self.unended_may_be_open
                    && !self.table_may_be_open)
        };
        self.after_blank = false;
        Ok(())
    }

    /// Where `line` stands: the list items it is not indented into are closed.
    fn place<'l>(&mut self, line: &'l [u8]) -> TextLine<'l> {
        let (prefix, content) = container_prefix(line);
        self.columns_unsure |= prefix.iter().any(|&b| b == b'>' || b == b'\t');
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        while self.items.last().is_some_and(|&column| column > indent) {
            self.items.pop();
        }
        TextLine {
            line,
            prefix,
            content,
            indent,
            container: self.items.last().copied().unwrap_or(0),
            marker: list_marker(&line[indent..]),
            continues: self.paragraph_open && starts_text(&line[indent..]),
        }
    }

    /// Span markup on an indented line is text where it cannot be indented code: indented
    /// only into a list item certainly open, or continuing a paragraph.
    fn indented_span_markup(&self, line: &TextLine<'_>) -> Result<(), Unsure> {
        let content_is_code = match line.marker {
            // Whether a list item or text, its content is code only past four spaces (or in
            // an item nested on the same line, not read here).
            Some(marker) if line.indent < line.container + 4 => {
                marker.spaces > 4
                    || marker.empty
                    || list_marker(&line.line[line.indent + marker.width + marker.spaces..])
                        .is_some()
            }
            _ => line.code_like(),
        };
        if self.columns_unsure || content_is_code {
            Err(Unsure)
        } else {
            Ok(())
        }
    }

    /// A fence opens a block, unless an HTML or metadata block may be open to hold it.
    fn open_fence(&mut self, fence: Fence) -> Result<(), Unsure> {
        if self.html_may_be_open || self.unended_may_be_open {
            return Err(Unsure);
        }
        self.open = Some(fence);
        self.paragraph_open = false;
        self.after_blank = false;
        Ok(())
    }

    /// Notes the blocks a line's `content` may open: an HTML block, a `---` metadata block, a
    /// table (by its delimiter row).
    fn blocks_opened(&mut self, content: &[u8]) {
        if content.starts_with(b"<") && may_open_html_block(content) {
            self.html_may_be_open = true;
            self.unended_may_be_open |= opens_html_to_an_end_marker(content);
        }
        self.unended_may_be_open |=
            content.starts_with(b"---") && content.trim_ascii_end() == b"---";
        self.table_may_be_open |= content.contains(&b'-')
            && content
                .iter()
                .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t' | b'\r' | b'\n'));
    }

    /// Opens the list item `line` starts, when it could be nothing else: its content column
    /// is where deeper lines stay in it.
    fn list_item(&mut self, line: &TextLine<'_>, in_a_block: bool) {
        if let Some(marker) = line.marker
            && line.indent < line.container + 4
            && !(in_a_block || self.columns_unsure)
            && !marker.empty
            && marker.spaces <= 4
            // After a line that may be a paragraph, only `1.` or a bullet starts a list.
            && (self.after_blank || marker.may_interrupt)
            // `- - -` and `* * *` are rules; `- **x**` is left unread too.
            && !matches!(
                line.line[line.indent + marker.width + marker.spaces],
                b'-' | b'*' | b'_'
            )
        {
            self.items.push(line.indent + marker.width + marker.spaces);
        }
    }
}

impl Fence {
    /// The fence a line opens, its `content` after `prefix`: three or more backticks or
    /// tildes. Unsure after a list marker, `>` or four columns, where only the containers
    /// around it would decide.
    fn opening(prefix: &[u8], content: &[u8], start: usize) -> Result<Option<Fence>, Unsure> {
        let [mark @ (b'`' | b'~'), ..] = content else {
            return Ok(None);
        };
        let length = content.iter().take_while(|&b| b == mark).count();
        if length < 3 {
            return Ok(None);
        }
        if prefix.len() > 3 || prefix.iter().any(|&b| b != b' ') {
            return Err(Unsure);
        }
        // A backtick in a backtick fence's info string makes the line text.
        if *mark == b'`' && content[length..].contains(&b'`') {
            return Ok(None);
        }
        Ok(Some(Fence {
            mark: *mark,
            length,
            indent: prefix.len(),
            start,
        }))
    }

    /// Whether `line`, inside the block, closes it. Unsure where a line could end a list item
    /// around the block: one indented less than the fence, a blank one with a vertical tab or
    /// a form feed, a closing fence indented so that only the item would decide.
    fn closed_by(&self, line: &[u8]) -> Result<bool, Unsure> {
        if blank(line) {
            // A vertical tab or a form feed closes a list item (see `blank_line`), and the
            // block with it.
            if self.indent > 0 && line.iter().any(|&b| matches!(b, 0x0b | 0x0c)) {
                return Err(Unsure);
            }
            return Ok(false);
        }
        let (indent, rest) = indentation(line);
        if indent < self.indent {
            return Err(Unsure);
        }
        let marks = rest.iter().take_while(|&&b| b == self.mark).count();
        let closing = marks >= self.length
            && rest[marks..]
                .iter()
                .all(|&b| matches!(b, b' ' | b'\r' | b'\n'));
        if closing && indent <= 3 {
            Ok(true)
        } else if closing && indent < 4 + self.indent {
            // Closing if the block is in a list item, content if it is not.
            Err(Unsure)
        } else {
            Ok(false)
        }
    }
}

/// Whether `text` starts with what starts no block but a paragraph: a letter, a digit, a
/// character beyond ASCII, or span markup that opens no HTML block.
fn starts_text(text: &[u8]) -> bool {
    match text.first() {
        Some(b'<') => !may_open_html_block(text),
        Some(&b) => b.is_ascii_alphanumeric() || b >= 0x80,
        None => false,
    }
}

/// A list marker at the start of a line's text: `-`, `*`, `+`, or one to nine digits and `.`
/// or `)`, then spaces.
#[derive(Clone, Copy)]
struct ListMarker {
    width: usize,
    /// The spaces after it (a tab counts as many, to be refused).
    spaces: usize,
    /// Nothing after the spaces: an empty item.
    empty: bool,
    /// A bullet or `1.`: what may start a list where a paragraph is open.
    may_interrupt: bool,
}

fn list_marker(text: &[u8]) -> Option<ListMarker> {
    let digits = text.iter().take_while(|b| b.is_ascii_digit()).count();
    let (width, may_interrupt) = match text {
        [b'-' | b'*' | b'+', ..] => (1, true),
        _ if (1..=9).contains(&digits) && matches!(text.get(digits), Some(b'.' | b')')) => {
            (digits + 1, &text[..digits] == b"1")
        }
        _ => return None,
    };
    let after = &text[width..];
    let spaces = after.iter().take_while(|&&b| b == b' ').count();
    if spaces == 0 {
        return None;
    }
    let rest = &after[spaces..];
    Some(ListMarker {
        width,
        // A tab after the marker: columns this reading does not count.
        spaces: if rest.first() == Some(&b'\t') {
            usize::MAX
        } else {
            spaces
        },
        empty: rest.iter().all(|b| b.is_ascii_whitespace()),
        may_interrupt,
    })
}

/// The columns of a line's leading spaces and tabs (a tab to the next multiple of four), and
/// the rest.
fn indentation(line: &[u8]) -> (usize, &[u8]) {
    let mut columns = 0;
    let mut at = 0;
    while let Some(&b) = line.get(at) {
        match b {
            b' ' => columns += 1,
            b'\t' => columns = columns / 4 * 4 + 4,
            _ => break,
        }
        at += 1;
    }
    (columns, &line[at..])
}

/// Whether `rest`, a line from its `<`, could open an HTML block. Not when it opens with a
/// `<span ...>` tag and goes on after it, as lines of translated text do: `span` is none of
/// the block tags (types 1 to 6), and a tag opens a block of type 7 only when nothing but
/// spaces follows it on its line. Its end is the first `>` outside quotes; in a tag that is
/// no valid HTML, which opens no block at all, it does not matter where that is.
fn may_open_html_block(rest: &[u8]) -> bool {
    let Some(attributes) = rest.strip_prefix(b"<span") else {
        return true;
    };
    if !matches!(attributes.first(), Some(b' ' | b'>')) {
        return true;
    }
    let mut quote = None;
    for (at, &b) in attributes.iter().enumerate() {
        match (quote, b) {
            (_, b'\n' | b'\r') => return true,
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(open), _) if open == b => quote = None,
            (None, b'>') => {
                return attributes[at + 1..].iter().all(u8::is_ascii_whitespace);
            }
            _ => {}
        }
    }
    true
}

/// Whether `rest`, a line from its `<`, could open an HTML block that only an end marker ends
/// (`-->`, `?>`, `</pre>`...), not a blank line: CommonMark's types 1 to 5, and a little more.
fn opens_html_to_an_end_marker(rest: &[u8]) -> bool {
    let after = &rest[1..];
    matches!(after.first(), Some(b'!' | b'?'))
        || ["script", "pre", "style", "textarea"].iter().any(|name| {
            after
                .get(..name.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(name.as_bytes()))
        })
}

/// A line split where its content starts, after what could be container markers: spaces,
/// tabs, `>` and list markers (`-`, `*`, `+`, `1.`, `1)` before a space).
fn container_prefix(line: &[u8]) -> (&[u8], &[u8]) {
    let mut at = 0;
    loop {
        let rest = &line[at..];
        let marker = match rest {
            [b' ' | b'\t' | b'>', ..] => 1,
            [b'-' | b'*' | b'+', b' ' | b'\t', ..] => 1,
            _ => {
                let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
                match rest.get(digits..) {
                    Some([b'.' | b')', b' ' | b'\t', ..]) if (1..=9).contains(&digits) => {
                        digits + 1
                    }
                    _ => 0,
                }
            }
        };
        if marker == 0 {
            return line.split_at(at);
        }
        at += marker;
    }
}
