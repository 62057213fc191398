//! Reads a Microsoft Learn Markdown page into its parts, with positions: the YAML front matter
//! (as text: the model crate owns YAML), the headings, every table with its rows and cells, and
//! every bilingual segment of a machine translation.
//!
//! The page is parsed once with pulldown-cmark for its block structure and scanned once for
//! segments (by an exact reader, `segments.rs`); both borrow from the page's text, so a page costs a few vectors of
//! ranges. What a cell *says* is read on demand ([`Page::lines`]), on one side of the
//! translation: the English source or the localized target.

mod inline;
mod segments;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use doccodes_diagnostic::{Diagnostic, LineIndex, Location};
use doccodes_inline::Inline;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub use inline::Context;
use inline::read_lines;

/// A parsed page. Ranges are byte ranges into [`Page::text`].
#[derive(Debug)]
pub struct Page<'a> {
    pub text: &'a str,
    pub front_matter: Option<FrontMatter<'a>>,
    pub headings: Vec<Heading>,
    pub tables: Vec<Table>,
    /// Every bilingual segment, in page order. Empty on an English page.
    pub segments: Vec<Segment<'a>>,
    /// Span markup that could not be read as a segment.
    pub problems: Vec<Problem>,
    line_index: LineIndex,
}

/// The YAML between the opening and closing `---` lines.
#[derive(Clone, Copy, Debug)]
pub struct FrontMatter<'a> {
    pub yaml: &'a str,
    pub offset: usize,
}

#[derive(Clone, Debug)]
pub struct Heading {
    pub level: u8,
    /// The heading's inline content, without the `#` marks.
    pub content: Range<usize>,
}

#[derive(Clone, Debug)]
pub struct Table {
    /// Index into [`Page::headings`] of the last heading before the table.
    pub heading: Option<usize>,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
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
        let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
        let mut front_matter = None;
        let mut headings = Vec::new();
        let mut tables: Vec<Table> = Vec::new();
        let mut code_blocks = Vec::new();
        let mut heading: Option<(u8, Option<Range<usize>>)> = None;
        let mut in_front_matter = false;
        let mut in_head = false;
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            match event {
                Event::Start(Tag::MetadataBlock(_)) => in_front_matter = true,
                Event::End(TagEnd::MetadataBlock(_)) => in_front_matter = false,
                Event::Text(_) if in_front_matter => {
                    front_matter = Some(FrontMatter {
                        yaml: &text[range.clone()],
                        offset: range.start,
                    });
                }
                Event::Start(Tag::Heading { level, .. }) => heading = Some((level as u8, None)),
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, Some(content))) = heading.take() {
                        headings.push(Heading { level, content });
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => code_blocks.push(range),
                Event::Start(Tag::Table(_)) => tables.push(Table {
                    heading: headings.len().checked_sub(1),
                    header: Vec::new(),
                    rows: Vec::new(),
                }),
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
        let body = front_matter.map_or(0, |f: FrontMatter<'_>| f.offset + f.yaml.len());
        let (segments, problems) = segments::scan(text, body, &code_blocks);
        Page {
            text,
            front_matter,
            headings,
            tables,
            segments,
            problems,
            line_index: LineIndex::new(text),
        }
    }

    /// The segments whose markup lies wholly inside `range`.
    pub fn segments_in(&self, range: Range<usize>) -> &[Segment<'a>] {
        let first = self
            .segments
            .partition_point(|s| s.markup.start < range.start);
        let count = self.segments[first..]
            .iter()
            .take_while(|s| s.markup.end <= range.end)
            .count();
        &self.segments[first..first + count]
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

/// The front matter of `text` without parsing the rest: for reading many pages' metadata (an
/// `ms.assetid` index of a whole site) at the cost of a line scan.
pub fn front_matter(text: &str) -> Option<FrontMatter<'_>> {
    let rest = text.strip_prefix("---")?;
    let newline = rest.find('\n')?;
    if !rest[..newline].trim().is_empty() {
        return None;
    }
    let start = 3 + newline + 1;
    let mut at = start;
    for line in text[start..].split_inclusive('\n') {
        let line_end = line.trim_end();
        if line_end == "---" || line_end == "..." {
            return Some(FrontMatter {
                yaml: &text[start..at],
                offset: start,
            });
        }
        at += line.len();
    }
    None
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
    fn a_page_without_front_matter_or_tables_is_fine() {
        let page = Page::parse("Just text.\n");
        assert!(page.front_matter.is_none());
        assert!(page.tables.is_empty());
        assert!(page.segments.is_empty());
    }
}
