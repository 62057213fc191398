//! Reads a Microsoft Learn Markdown page into its parts, with positions: the YAML front matter
//! (as text, found by `doccodes-front-matter`), the headings, every table with its rows and
//! cells, and every bilingual segment of a machine translation.
//!
//! The page is parsed once with pulldown-cmark for its block structure and scanned once for
//! segments (by an exact reader, `segments.rs`); both borrow from the page's text, so a page costs a few vectors of
//! ranges. What a cell *says* is read on demand ([`Page::lines`]), on one side of the
//! translation: the English source or the localized target. What translation checks read of a
//! page, [`Translation`], is mostly had without the pulldown-cmark pass.

mod code_blocks;
mod inline;
mod outline;
mod segments;
mod table_lines;
mod translation;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use doccodes_diagnostic::{Diagnostic, LineIndex, Location};
use doccodes_front_matter::Block;
use doccodes_inline::Inline;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub use inline::{Context, read_lines};
pub use outline::Outline;
pub use translation::Translation;

/// A parsed page. Ranges are byte ranges into [`Page::text`].
#[derive(Debug)]
pub struct Page<'a> {
    pub text: &'a str,
    pub front_matter: Option<Block<'a>>,
    pub headings: Vec<Heading>,
    pub tables: Vec<Table>,
    /// Definition lists in HTML outside tables (`<dl> <dt>NAME</dt> <dd>...</dd> </dl>`), the
    /// other shape code pages list codes in.
    pub definition_lists: Vec<DefinitionList>,
    /// Paragraphs at the top level (in no list, quote or table), in page order: the System
    /// Error Codes pages give each code as a bold name, a value and a meaning, one paragraph
    /// each.
    pub paragraphs: Vec<Range<usize>>,
    /// Markdown lists (bulleted or numbered, nested ones too) outside HTML `<dl>`s and
    /// `<table>`s, in page order: some pages list codes one item each (`- **E_FAIL**: ...`).
    pub lists: Vec<List>,
    /// Code blocks, fenced or indented, each from its opening fence (or first line) to its
    /// end, in page order: header excerpts that `#define` codes sit in them. A code block's
    /// text is never translated, and holds no segment.
    pub code_blocks: Vec<Range<usize>>,
    /// Every bilingual segment, in page order. Empty on an English page.
    pub segments: Vec<Segment<'a>>,
    /// Span markup that could not be read as a segment.
    pub problems: Vec<Problem>,
    line_index: LineIndex,
}

#[derive(Clone, Debug)]
pub struct Heading {
    pub level: u8,
    /// The heading's inline content, without the `#` marks.
    pub content: Range<usize>,
}

/// A top-level `<dl>` and its terms.
#[derive(Clone, Debug)]
pub struct DefinitionList {
    /// Where the `<dl>` tag starts.
    pub offset: usize,
    pub items: Vec<Definition>,
}

/// One `<dt>` term and what its `<dd>` says: each `<dt>` or `<dd>` of a list nested in the
/// `<dd>` (the value, then the meaning, on WMI and WinHTTP pages), or else the `<dd>` itself.
#[derive(Clone, Debug)]
pub struct Definition {
    pub term: Range<usize>,
    pub details: Vec<Range<usize>>,
}

/// A Markdown list.
#[derive(Clone, Debug)]
pub struct List {
    /// Where the list's first item starts.
    pub offset: usize,
    pub items: Vec<ListItem>,
}

/// One item of a [`List`].
#[derive(Clone, Debug)]
pub struct ListItem {
    /// Where the item's marker (`-`, `*`, `1.`) starts.
    pub offset: usize,
    /// The item's own text, one range per paragraph (a tight item's text is one): without
    /// its marker, and without the lists, code blocks and other blocks nested in it. Each
    /// reads as [`Context::Block`].
    pub paragraphs: Vec<Range<usize>>,
}

#[derive(Clone, Debug)]
pub struct Table {
    /// Index into [`Page::headings`] of the last heading before the table.
    pub heading: Option<usize>,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
    /// An HTML `<table>` (cells hold block content: read them with [`Context::Block`]), not a
    /// Markdown one.
    pub html: bool,
}

/// What comparing a translation's tables with today's English ones reads of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableShape {
    /// Its header's columns; its rows are cut or filled to as many cells.
    pub columns: usize,
    /// Its rows, the header not counted.
    pub rows: usize,
    /// Where its first row's line starts; `None` when it has none.
    pub first_row: Option<usize>,
}

impl From<&Table> for TableShape {
    fn from(table: &Table) -> TableShape {
        TableShape {
            columns: table.header.len(),
            rows: table.rows.len(),
            first_row: table.rows.first().map(|row| row.offset),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Row {
    /// Where the row's line starts.
    pub offset: usize,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug)]
pub struct Cell {
    /// The cell's Markdown, trimmed of the spaces around it.
    pub content: Range<usize>,
}

/// One translated sentence and the English it was translated from, both as raw Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment<'a> {
    /// The `data-ttu-id`, such as `df3f1-107`.
    pub id: &'a str,
    pub target: &'a str,
    pub source: &'a str,
    /// From `<span data-ttu-id` to the partner's last `</span>`.
    pub markup: Range<usize>,
    pub target_offset: usize,
    pub source_offset: usize,
}

/// Which text of a translated page to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The English source (`sxs-lookup`); an English page's only text.
    Source,
    /// The localized target.
    Target,
}

/// Span markup that is not a well-formed segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub kind: ProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    Unclosed { id: String },
    TargetWithoutSource { id: String },
    SourceWithoutTarget,
    IdMismatch { target: String, source: String },
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Unclosed { id } => write!(f, "span `{id}` is never closed"),
            ProblemKind::TargetWithoutSource { id } => write!(
                f,
                "translated span `{id}` has no `sxs-lookup` span with its English source after it"
            ),
            ProblemKind::SourceWithoutTarget => {
                write!(f, "`sxs-lookup` span with no translated span before it")
            }
            ProblemKind::IdMismatch { target, source } => write!(
                f,
                "translated span `{target}` is paired with English source `{source}`"
            ),
        }
    }
}

impl<'a> Page<'a> {
    pub fn parse(text: &'a str) -> Page<'a> {
        let mut paragraphs = Vec::new();
        // Lists, items and quotes open around the paragraph being read.
        let mut containers = 0usize;
        let mut lists: Vec<List> = Vec::new();
        // The lists open, innermost last.
        let mut open_lists: Vec<usize> = Vec::new();
        // The blocks open, innermost last: an item (its list's index) or any other block.
        let mut blocks: Vec<Option<usize>> = Vec::new();
        // Whether the innermost item's last paragraph range still grows: a tight item's text
        // comes as inline events with no paragraph around them.
        let mut in_run = false;
        let pass = block_pass(text, |event, range| {
            list_event(
                event,
                range,
                text,
                &mut lists,
                &mut open_lists,
                &mut blocks,
                &mut in_run,
            );
            match event {
                Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_)) => containers += 1,
                Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                    containers = containers.saturating_sub(1);
                }
                Event::Start(Tag::Paragraph) if containers == 0 => {
                    paragraphs.push(trim_range(text, range.clone()));
                }
                _ => {}
            }
        });
        let BlockPass {
            front_matter,
            headings,
            tables,
            code_blocks,
            html_tags,
        } = pass;
        let body = front_matter.map_or(0, |f: Block<'_>| f.offset + f.yaml.len());
        let (segments, problems) = segments::scan(text, body, &code_blocks);
        let code_blocks = code_blocks
            .into_iter()
            .map(|range| trim_range(text, range))
            .collect();
        // `<span data-ttu-id><dt>…</span><span class="sxs-lookup">…<dt>…`: a translated tag
        // is its English one again; only the English side's tags make lists and tables.
        let html_tags = english_tags(html_tags, &segments);
        let tables = all_tables(text, tables, &html_tags);
        let structures = html_structures(&html_tags);
        Page {
            text,
            front_matter,
            headings,
            tables,
            definition_lists: definition_lists(&html_tags),
            lists: lists_outside(lists, &structures),
            code_blocks,
            paragraphs: outside(paragraphs, &structures),
            segments,
            problems,
            line_index: LineIndex::new(text),
        }
    }

    /// The segments whose markup lies wholly inside `range`.
    pub fn segments_in(&self, range: Range<usize>) -> &[Segment<'a>] {
        segments_within(&self.segments, range)
    }

    /// The Markdown of `range` on one side: each segment's markup replaced by its source or its
    /// target. Borrowed when the range holds no segment.
    pub fn side(&self, range: Range<usize>, side: Side) -> Cow<'a, str> {
        let segments = self.segments_in(range.clone());
        if segments.is_empty() {
            return Cow::Borrowed(&self.text[range]);
        }
        let mut out = String::with_capacity(range.len());
        let mut at = range.start;
        for segment in segments {
            out.push_str(&self.text[at..segment.markup.start]);
            out.push_str(match side {
                Side::Source => segment.source,
                Side::Target => segment.target,
            });
            at = segment.markup.end;
        }
        out.push_str(&self.text[at..range.end]);
        Cow::Owned(out)
    }

    /// What a reader sees in `range` on one side, line by line.
    pub fn lines(&self, range: Range<usize>, side: Side, context: Context) -> Vec<Vec<Inline>> {
        read_lines(&self.side(range, side), context)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        self.line_index.line_column(self.text, offset)
    }

    /// The text of the 1-based `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &'a str {
        self.line_index.line_text(self.text, line)
    }

    pub fn location(&self, path: &str, offset: usize) -> Location {
        self.line_index.location(path, self.text, offset)
    }

    /// The problems as errors of the file at `path`.
    pub fn problem_diagnostics(&self, path: &str) -> Vec<Diagnostic> {
        self.problems
            .iter()
            .map(|problem| {
                Diagnostic::error(problem.kind.to_string()).at(self.location(path, problem.offset))
            })
            .collect()
    }
}

/// What one pulldown-cmark pass finds that both [`Page::parse`] and [`Outline::parse`] read:
/// the front matter, the headings, the Markdown tables, the code blocks (untrimmed) and the HTML
/// tags of lists and tables outside Markdown tables.
struct BlockPass<'a> {
    front_matter: Option<Block<'a>>,
    headings: Vec<Heading>,
    tables: Vec<Table>,
    code_blocks: Vec<Range<usize>>,
    html_tags: Vec<FoundTag>,
}

/// The one pulldown-cmark pass over `text` (tables and YAML front matter on), with every event
/// shown to `also` first, for what only a whole [`Page`] reads (lists, paragraphs).
fn block_pass<'a>(text: &'a str, mut also: impl FnMut(&Event<'a>, &Range<usize>)) -> BlockPass<'a> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut front_matter = None;
    let mut headings = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut code_blocks = Vec::new();
    let mut heading: Option<(u8, Option<Range<usize>>)> = None;
    let mut in_front_matter = false;
    let mut in_head = false;
    let mut in_table = false;
    let mut html_tags = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        also(&event, &range);
        if let Event::Html(html) | Event::InlineHtml(html) = &event
            && !in_table
        {
            html_block_tags(html, range.start, headings.len(), &mut html_tags);
        }
        match event {
            // pulldown-cmark reads a `---` block anywhere as metadata; front matter is the
            // one that opens the page.
            Event::Start(Tag::MetadataBlock(_)) => in_front_matter = range.start == 0,
            Event::End(TagEnd::MetadataBlock(_)) => in_front_matter = false,
            Event::Text(_) if in_front_matter => {
                // One event per piece: with CRLF line ends, one per line.
                let start = front_matter.map_or(range.start, |f: Block<'_>| f.offset);
                front_matter = Some(Block {
                    yaml: &text[start..range.end],
                    offset: start,
                });
            }
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level as u8, None)),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, Some(content))) = heading.take() {
                    headings.push(Heading { level, content });
                }
            }
            Event::Start(Tag::CodeBlock(_)) => code_blocks.push(range.clone()),
            // Containers and paragraphs are `also`'s; none opens inside a heading.
            Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_) | Tag::Paragraph)
            | Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_)) => {}
            Event::End(TagEnd::Table) => in_table = false,
            Event::Start(Tag::Table(_)) => {
                in_table = true;
                tables.push(Table {
                    heading: headings.len().checked_sub(1),
                    header: Vec::new(),
                    rows: Vec::new(),
                    html: false,
                })
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                let offset = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                let table = tables.last_mut().expect("rows are inside a table");
                table.rows.push(Row {
                    offset,
                    cells: Vec::new(),
                });
            }
            Event::Start(Tag::TableCell) => {
                let cell = Cell {
                    content: trim_range(text, range),
                };
                let table = tables.last_mut().expect("cells are inside a table");
                match table.rows.last_mut() {
                    Some(row) if !in_head => row.cells.push(cell),
                    _ => table.header.push(cell),
                }
            }
            _ => {
                if let Some((_, content)) = &mut heading {
                    *content = Some(match content.take() {
                        Some(content) => content.start..range.end.max(content.end),
                        None => range,
                    });
                }
            }
        }
    }
    BlockPass {
        front_matter,
        headings,
        tables,
        code_blocks,
        html_tags,
    }
}

/// The Markdown `tables` and the HTML ones the English side's `html_tags` make, in page order.
fn all_tables(text: &str, mut tables: Vec<Table>, html_tags: &[FoundTag]) -> Vec<Table> {
    tables.extend(html_tables(text, html_tags));
    tables.sort_by_key(|table| {
        table
            .header
            .first()
            .map(|cell| cell.content.start)
            .or_else(|| table.rows.first().map(|row| row.offset))
            .unwrap_or(0)
    });
    tables
}

/// A tag of the HTML structures a page lists codes in, opening or closing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BlockTag {
    Open(&'static str),
    Close(&'static str),
}

/// A tag with its byte range in the page and how many headings came before it.
type FoundTag = (BlockTag, Range<usize>, usize);

const BLOCK_TAGS: [&str; 8] = ["dl", "dt", "dd", "table", "tr", "td", "th", "thead"];

/// The definition-list and table tags in a piece of HTML that starts at `offset`. Called for
/// every HTML event, every span of a translated page among them: nothing is allocated.
fn html_block_tags(html: &str, offset: usize, headings: usize, out: &mut Vec<FoundTag>) {
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(start) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) {
        let Some(end) = memchr::memchr(b'>', &bytes[start..]).map(|i| start + i + 1) else {
            return;
        };
        let tag = html[start + 1..end - 1].trim();
        let (closing, name) = match tag.strip_prefix('/') {
            Some(name) => (true, name.trim()),
            None => (false, tag.split_whitespace().next().unwrap_or("")),
        };
        if let Some(&name) = BLOCK_TAGS
            .iter()
            .find(|known| known.eq_ignore_ascii_case(name))
        {
            let tag = if closing {
                BlockTag::Close(name)
            } else {
                BlockTag::Open(name)
            };
            out.push((tag, offset + start..offset + end, headings));
        }
        at = end;
    }
}

/// The HTML `<table>`s among the tags: rows of `<td>` cells, `<th>` cells (or a `<thead>`)
/// making the header. Tables nested in a cell stay that cell's content.
fn html_tables(text: &str, tags: &[FoundTag]) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut depth = 0usize;
    let mut table: Option<Table> = None;
    let mut in_head = false;
    let mut cell_start: Option<usize> = None;
    for (tag, range, headings) in tags {
        match *tag {
            BlockTag::Open("table") => {
                depth += 1;
                if depth == 1 {
                    table = Some(Table {
                        heading: headings.checked_sub(1),
                        header: Vec::new(),
                        rows: Vec::new(),
                        html: true,
                    });
                }
            }
            BlockTag::Close("table") => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    tables.extend(table.take());
                }
            }
            _ if depth != 1 => {}
            BlockTag::Open("thead") => in_head = true,
            BlockTag::Close("thead") => in_head = false,
            BlockTag::Open("tr") => {
                if let Some(table) = &mut table
                    && !in_head
                {
                    let offset = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                    table.rows.push(Row {
                        offset,
                        cells: Vec::new(),
                    });
                }
            }
            BlockTag::Open("td" | "th") => cell_start = Some(range.end),
            BlockTag::Close(name @ ("td" | "th")) => {
                let (Some(start), Some(table)) = (cell_start.take(), &mut table) else {
                    continue;
                };
                let cell = Cell {
                    content: trim_range(text, start..range.start),
                };
                match table.rows.last_mut() {
                    Some(row) if !in_head && name == "td" => row.cells.push(cell),
                    _ => table.header.push(cell),
                }
            }
            _ => {}
        }
    }
    // A header row of `<th>` cells was read as a row first: it is the header.
    for table in &mut tables {
        if table.header.is_empty()
            && let Some(first) = table.rows.first()
            && first.cells.is_empty()
        {
            table.rows.remove(0);
        }
        table.rows.retain(|row| !row.cells.is_empty());
    }
    tables
}

/// The tags that are not on the translated side of a segment (both in page order).
fn english_tags(tags: Vec<FoundTag>, segments: &[Segment<'_>]) -> Vec<FoundTag> {
    let mut segments = segments.iter().peekable();
    tags.into_iter()
        .filter(|(_, range, _)| {
            let target_end = |s: &Segment<'_>| s.target_offset + s.target.len();
            while segments.next_if(|s| target_end(s) <= range.start).is_some() {}
            segments
                .peek()
                .is_none_or(|s| !(s.target_offset <= range.start && range.end <= target_end(s)))
        })
        .collect()
}

/// The ranges of the outermost HTML `<dl>`s and `<table>`s: Markdown paragraphs inside them
/// (a blank line in a `<dd>` ends the HTML block) are their content, not paragraphs of the page.
fn html_structures(tags: &[FoundTag]) -> Vec<Range<usize>> {
    let mut structures = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (tag, range, _) in tags {
        match *tag {
            BlockTag::Open("dl" | "table") => {
                if depth == 0 {
                    start = range.start;
                }
                depth += 1;
            }
            BlockTag::Close("dl" | "table") if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    structures.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    structures
}

/// The paragraphs that lie in none of `structures` (both in page order).
fn outside(paragraphs: Vec<Range<usize>>, structures: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut structures = structures.iter().peekable();
    paragraphs
        .into_iter()
        .filter(|paragraph| {
            while structures.next_if(|s| s.end <= paragraph.start).is_some() {}
            structures
                .peek()
                .is_none_or(|s| paragraph.end <= s.start || s.end <= paragraph.start)
        })
        .collect()
}

/// Follows one pulldown-cmark event into the Markdown lists: opens and closes lists and
/// items, and gives an item the paragraphs and inline text directly in it.
fn list_event(
    event: &Event<'_>,
    range: &Range<usize>,
    text: &str,
    lists: &mut Vec<List>,
    open_lists: &mut Vec<usize>,
    blocks: &mut Vec<Option<usize>>,
    in_run: &mut bool,
) {
    let item_of = |blocks: &[Option<usize>]| blocks.last().copied().flatten();
    match event {
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
        | Event::Start(Tag::Image { .. })
        | Event::End(
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image,
        )
        | Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::TaskListMarker(_) => {
            let Some(list) = item_of(blocks) else {
                return;
            };
            let Some(item) = lists[list].items.last_mut() else {
                return;
            };
            match item.paragraphs.last_mut() {
                Some(last) if *in_run => last.end = last.end.max(range.end),
                _ => item.paragraphs.push(range.clone()),
            }
            *in_run = true;
        }
        Event::Start(tag) => {
            *in_run = false;
            match tag {
                Tag::List(_) => {
                    lists.push(List {
                        offset: range.start,
                        items: Vec::new(),
                    });
                    open_lists.push(lists.len() - 1);
                    blocks.push(None);
                }
                Tag::Item => {
                    let list = open_lists.last().copied();
                    if let Some(list) = list {
                        lists[list].items.push(ListItem {
                            offset: range.start,
                            paragraphs: Vec::new(),
                        });
                    }
                    blocks.push(list);
                }
                Tag::Paragraph => {
                    if let Some(list) = item_of(blocks)
                        && let Some(item) = lists[list].items.last_mut()
                    {
                        item.paragraphs.push(trim_range(text, range.clone()));
                    }
                    blocks.push(None);
                }
                _ => blocks.push(None),
            }
        }
        Event::End(end) => {
            *in_run = false;
            if matches!(end, TagEnd::List(_)) {
                open_lists.pop();
            }
            blocks.pop();
        }
        Event::Html(_) | Event::Rule => *in_run = false,
    }
}

/// The lists that start in none of `structures`.
fn lists_outside(lists: Vec<List>, structures: &[Range<usize>]) -> Vec<List> {
    lists
        .into_iter()
        .filter(|list| {
            !structures
                .iter()
                .any(|s| s.start <= list.offset && list.offset < s.end)
        })
        .collect()
}

/// Builds the top-level lists from the tags in page order; a list whose tags do not nest is
/// dropped whole rather than read wrong.
fn definition_lists(tags: &[FoundTag]) -> Vec<DefinitionList> {
    let mut lists = Vec::new();
    // Lists inside an HTML table are its cells' content.
    let mut table_depth = 0usize;
    // The open tags, each with where its content starts, and the ranges of its children's
    // content so far.
    let mut stack: Vec<(&'static str, usize, Vec<Range<usize>>)> = Vec::new();
    let mut list: Option<DefinitionList> = None;
    for (tag, range, _) in tags {
        match *tag {
            BlockTag::Open("table") => table_depth += 1,
            BlockTag::Close("table") => table_depth = table_depth.saturating_sub(1),
            _ if table_depth > 0 => {}
            BlockTag::Open("tr" | "td" | "th" | "thead")
            | BlockTag::Close("tr" | "td" | "th" | "thead") => {}
            BlockTag::Open(name) => {
                if name == "dl" && stack.is_empty() {
                    list = Some(DefinitionList {
                        offset: range.start,
                        items: Vec::new(),
                    });
                }
                stack.push((name, range.end, Vec::new()));
            }
            BlockTag::Close(name) => {
                let Some((open, start, children)) = stack.pop() else {
                    continue;
                };
                if open != name {
                    stack.clear();
                    list = None;
                    continue;
                }
                let content = start..range.start;
                match (name, stack.len()) {
                    ("dl", 0) => lists.extend(list.take()),
                    // A term of the top-level list.
                    ("dt", 1) => {
                        if let Some(list) = &mut list {
                            list.items.push(Definition {
                                term: content,
                                details: Vec::new(),
                            });
                        }
                    }
                    ("dd", 1) => {
                        let details = if children.is_empty() {
                            vec![content]
                        } else {
                            children
                        };
                        if let Some(item) = list.as_mut().and_then(|l| l.items.last_mut()) {
                            item.details.extend(details);
                        }
                    }
                    // Inside a top-level `<dd>`: a nested list's parts become its details.
                    ("dt" | "dd", _) => {
                        if let Some((_, _, details)) =
                            stack.get_mut(1).filter(|(name, _, _)| *name == "dd")
                        {
                            details.push(content);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    lists
}

/// The segments among `segments` (in page order) whose markup lies wholly inside `range`.
fn segments_within<'s, 'a>(segments: &'s [Segment<'a>], range: Range<usize>) -> &'s [Segment<'a>] {
    let first = segments.partition_point(|s| s.markup.start < range.start);
    let count = segments[first..]
        .iter()
        .take_while(|s| s.markup.end <= range.end)
        .count();
    &segments[first..first + count]
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: T\nms.contentlocale: de-DE\n---\n# <span data-ttu-id=\"x-1\">Codes</span><span class=\"sxs-lookup\"><span data-stu-id=\"x-1\">Codes</span></span>\n\n## Zweite\n\n| <span data-ttu-id=\"x-2\">Name</span><span class=\"sxs-lookup\"><span data-stu-id=\"x-2\">Name</span></span> | Wert |\n|---|---|\n|  <span data-ttu-id=\"x-3\">S \\_ OK</span><span class=\"sxs-lookup\"><span data-stu-id=\"x-3\">S\\_OK</span></span><br/>  | 0 |\n\n```\n<span data-ttu-id=\"x-9\">code</span>\n```\n";

    /// A `---` line, text and another `---` later in a page is a metadata block to
    /// pulldown-cmark; it once stretched the front matter over the body between.
    #[test]
    fn front_matter_is_the_block_that_opens_the_page() {
        let text = "---\na: 1\n---\n\nText\n\n---\nb: 2\n---\n\nMore\n";
        let page = Page::parse(text);
        assert_eq!(page.front_matter.unwrap().yaml, "a: 1\n");
        assert!(
            Page::parse("Text\n\n---\nb: 2\n---\n")
                .front_matter
                .is_none()
        );
    }

    #[test]
    fn reads_front_matter_headings_tables_and_segments() {
        let page = Page::parse(PAGE);
        assert_eq!(
            page.front_matter.unwrap().yaml,
            "title: T\nms.contentlocale: de-DE\n"
        );
        assert_eq!(page.headings.len(), 2);
        assert_eq!(
            page.side(page.headings[0].content.clone(), Side::Target),
            "Codes"
        );
        let table = &page.tables[0];
        assert_eq!(table.heading, Some(1));
        assert_eq!(table.header.len(), 2);
        assert_eq!(table.rows.len(), 1);
        let name = &table.rows[0].cells[0];
        assert_eq!(page.side(name.content.clone(), Side::Source), "S\\_OK<br/>");
        assert_eq!(
            page.side(name.content.clone(), Side::Target),
            "S \\_ OK<br/>"
        );
        assert_eq!(page.line_column(name.content.start), (11, 4));
        assert_eq!(
            page.segments.len(),
            3,
            "the span in the code block is not a segment"
        );
        assert!(page.problems.is_empty());
    }

    #[test]
    fn definition_lists_give_terms_and_their_details() {
        let text = "Intro.\n\n<dl> <dt>\n\n<span id=\"A\"></span>**WBEM\\_S\\_NO\\_ERROR**\n</dt> <dd> <dl> <dt>\n\n0 (0x0)\n</dt> <dt>\n\n\n\nThe operation was successful.\n\n\n</dt> </dl> </dd> <dt>\n\n**WBEM\\_S\\_FALSE**\n</dt> <dd>\n\nJust a meaning.\n\n</dd> </dl>\n\n| a | b |\n|---|---|\n| <dl> <dt>X</dt> </dl> | y |\n";
        let page = Page::parse(text);
        assert_eq!(
            page.definition_lists.len(),
            1,
            "the one in the table is the table's"
        );
        let lines = |range: &Range<usize>| -> Vec<String> {
            page.lines(range.clone(), Side::Source, Context::Block)
                .iter()
                .map(|line| doccodes_inline::to_markdown(line))
                .collect()
        };
        let items = &page.definition_lists[0].items;
        assert_eq!(items.len(), 2);
        assert_eq!(lines(&items[0].term), ["**WBEM_S_NO_ERROR**"]);
        let details: Vec<Vec<String>> = items[0].details.iter().map(lines).collect();
        assert_eq!(
            details,
            [vec!["0 (0x0)"], vec!["The operation was successful."]]
        );
        assert_eq!(lines(&items[1].term), ["**WBEM_S_FALSE**"]);
        assert_eq!(lines(&items[1].details[0]), ["Just a meaning."]);
    }

    /// Machine translation sometimes wraps a tag in a segment, so the tag stands on both
    /// sides; the English side's alone makes the structure (the zh-TW WMI error page).
    #[test]
    fn tags_inside_a_segment_count_once() {
        let segment = |id: &str, target: &str, source: &str| {
            format!(
                "<span data-ttu-id=\"a1-{id}\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"a1-{id}\">{source}</span></span>"
            )
        };
        let text = format!(
            "---\nms.contentlocale: zh-TW\n---\n# T\n\n<dl> <dt>\n\n**A\\_B**\n</dt> <dd> <dl> {} </dl> </dd> </dl>\n\n<table>\n<tr><th>Code</th></tr>\n<tr>{}</tr>\n</table>\n",
            segment("1", "<dt>甲</dt>", "<dt>A</dt>"),
            segment("2", "<td>乙</td>", "<td>C_D</td>"),
        );
        let page = Page::parse(&text);
        assert!(page.problems.is_empty(), "{:?}", page.problems);
        assert_eq!(page.definition_lists.len(), 1);
        assert_eq!(page.definition_lists[0].items.len(), 1);
        assert_eq!(page.tables.len(), 1);
        assert_eq!(page.tables[0].rows.len(), 1);
        assert_eq!(page.tables[0].rows[0].cells.len(), 1);
    }

    #[test]
    fn html_tables_are_tables_with_block_cells() {
        let text = "# T\n\n<table>\n<tr><th>Code</th><th>Meaning</th></tr>\n<tr>\n<td><dl><dt><strong>WSAEINTR</strong></dt><dt>10004</dt></dl></td>\n<td>Interrupted.</td>\n</tr>\n</table>\n";
        let page = Page::parse(text);
        assert_eq!(page.tables.len(), 1);
        assert!(page.definition_lists.is_empty(), "the list is the cell's");
        let table = &page.tables[0];
        assert!(table.html);
        assert_eq!((table.header.len(), table.rows.len()), (2, 1));
        let lines: Vec<String> = page
            .lines(
                table.rows[0].cells[0].content.clone(),
                Side::Source,
                Context::Block,
            )
            .iter()
            .map(|line| doccodes_inline::to_markdown(line))
            .collect();
        assert_eq!(lines, ["**WSAEINTR**", "10004"]);
        assert_eq!(table.heading, Some(0));
    }

    #[test]
    fn a_quote_that_runs_on_makes_no_segment_and_no_loop() {
        let text = "<span data-ttu-id=\"a-1\">x</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1>y</span></span> \"<span data-ttu-id=\"a-2\">z</span>\n";
        let page = Page::parse(text);
        // The quote after `a-1` runs on to the `"` before `a-2`: that start tag swallows its
        // own close, so neither translated span has its English, nor the lookup its target.
        assert!(page.segments.is_empty(), "{:?}", page.segments);
        let problem = |offset, kind| Problem { offset, kind };
        assert_eq!(
            page.problems,
            [
                problem(0, ProblemKind::TargetWithoutSource { id: "a-1".into() }),
                problem(32, ProblemKind::SourceWithoutTarget),
                problem(97, ProblemKind::TargetWithoutSource { id: "a-2".into() }),
            ]
        );
        assert_eq!(&text[97..][..24], "<span data-ttu-id=\"a-2\">");
    }

    #[test]
    fn crlf_pages_read_like_lf_ones() {
        let page = Page::parse("---\r\ntitle: T\r\nms.contentlocale: zh-TW\r\n---\r\n\r\n# T\r\n");
        let front = page.front_matter.expect("front matter with CRLF");
        assert!(front.yaml.contains("ms.contentlocale: zh-TW"));
        assert_eq!(page.headings.len(), 1);
    }

    #[test]
    fn a_page_without_front_matter_or_tables_is_fine() {
        let page = Page::parse("Just text.\n");
        assert!(page.front_matter.is_none());
        assert!(page.tables.is_empty());
        assert!(page.segments.is_empty());
    }
}

#[cfg(test)]
mod list_tests {
    use super::*;

    fn items(text: &str) -> Vec<Vec<Vec<&str>>> {
        let page = Page::parse(text);
        page.lists
            .iter()
            .map(|list| {
                list.items
                    .iter()
                    .map(|item| item.paragraphs.iter().map(|r| &text[r.clone()]).collect())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn list_items_give_their_own_text_without_marker_or_nested_blocks() {
        let text = "# T\n\n* **E\\_A** (0x1): one\n  more\n* B - two\n\n1. loose\n\n   second paragraph\n\n   - nested\n\n   ```\n   code\n   ```\n2. x\n";
        assert_eq!(
            items(text),
            [
                vec![vec!["**E\\_A** (0x1): one\n  more"], vec!["B - two"]],
                vec![vec!["loose", "second paragraph"], vec!["x"]],
                vec![vec!["nested"]],
            ]
        );
    }

    #[test]
    fn lists_inside_html_structures_are_theirs_and_code_blocks_are_kept() {
        let text = "<dl> <dt>A</dt> <dd>\n\n- inside\n\n</dd> </dl>\n\n- outside\n\n```C++\n#define E_X 1\n```\n";
        let page = Page::parse(text);
        assert_eq!(page.lists.len(), 1);
        assert_eq!(page.code_blocks.len(), 1);
        assert_eq!(
            &text[page.code_blocks[0].clone()],
            "```C++\n#define E_X 1\n```"
        );
    }
}
