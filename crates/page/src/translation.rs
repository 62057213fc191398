//! What translation checks read of a page, [`Translation`], and its reading without a
//! pulldown-cmark pass wherever none could change it: nine tenths of a localized site's bytes.

use std::ops::Range;

use doccodes_diagnostic::LineIndex;
use doccodes_front_matter::Block;

use crate::outline::{may_hold_html_table, may_hold_markdown_table};
use crate::{
    Heading, Outline, Page, Problem, Segment, TableShape, code_blocks, segments, segments_within,
    trim_range,
};

/// What translation checks read of a page: its front matter, its title and its bilingual
/// segments, with the span markup that is not one. Ranges are byte ranges into
/// [`Translation::text`]. [`Translation::parse`] reads it without the Markdown pass a
/// [`Page`] costs wherever it can; a checker that needs the page's tables too reads them with
/// it ([`Translation::parse_with_tables`]).
#[derive(Debug)]
pub struct Translation<'a> {
    pub text: &'a str,
    pub front_matter: Option<Block<'a>>,
    /// The page's first level-1 heading: the English a translated title is checked against.
    pub title: Option<Heading>,
    /// Every bilingual segment, in page order. Empty on an English page.
    pub segments: Vec<Segment<'a>>,
    /// Span markup that could not be read as a segment.
    pub problems: Vec<Problem>,
    line_index: LineIndex,
}

impl<'a> Translation<'a> {
    /// Reads `text` without a pulldown-cmark pass when none could change the answer: the
    /// page's first line after the front matter is its `# ` title, and its code blocks are
    /// read line by line as pulldown-cmark reads them: fenced ones at the margin, and no
    /// indented one around span markup (`code_blocks.rs` says when that holds, for nine tenths
    /// of a site's bytes). Any other page is read by [`Page::parse`].
    pub fn parse(text: &'a str) -> Translation<'a> {
        Translation::without_blocks(text, false)
            .map_or_else(|| Page::parse(text).into(), |(translation, _)| translation)
    }

    /// [`Translation::parse`] with the shapes of the page's tables, as [`Page::parse`] reads
    /// them: when the page is read without blocks, line by line with its code blocks
    /// (`table_lines.rs`) where that is certain, else by [`Outline`]'s lighter pass (or none
    /// when the page cannot hold a table); else from the [`Page`] parsed anyway.
    pub fn parse_with_tables(text: &'a str) -> (Translation<'a>, Vec<TableShape>) {
        let (markdown, html) = (may_hold_markdown_table(text), may_hold_html_table(text));
        match Translation::without_blocks(text, markdown && !html) {
            Some((translation, Some(tables))) => (translation, tables),
            Some((translation, None)) if !(markdown || html) => (translation, Vec::new()),
            Some((translation, None)) => {
                let tables = Outline::by_pulldown(text, Some(&translation.segments)).tables;
                (translation, tables)
            }
            None => {
                let page = Page::parse(text);
                let tables = page.tables.iter().map(TableShape::from).collect();
                (page.into(), tables)
            }
        }
    }

    /// The page read without a pulldown-cmark pass, with its Markdown tables when `tables`
    /// asks and they are certain.
    fn without_blocks(
        text: &'a str,
        tables: bool,
    ) -> Option<(Translation<'a>, Option<Vec<TableShape>>)> {
        let Body {
            front_matter,
            start: body,
            lines,
        } = Body::of(text)?;
        let bytes = text.as_bytes();
        let first = lines.clone().find(|line| !blank(&bytes[line.clone()]))?;
        let title = title_heading(text, first)?;
        let blocks = code_blocks::read(text, lines, tables)?;
        let (segments, problems) = segments::scan(text, body, &blocks.code);
        let translation = Translation {
            text,
            front_matter,
            title: Some(title),
            segments,
            problems,
            line_index: LineIndex::new(text),
        };
        Some((translation, blocks.tables))
    }

    /// The segments whose markup lies wholly inside `range`.
    pub fn segments_in(&self, range: Range<usize>) -> &[Segment<'a>] {
        segments_within(&self.segments, range)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        self.line_index.line_column(self.text, offset)
    }

    /// The text of the 1-based `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &'a str {
        self.line_index.line_text(self.text, line)
    }
}

impl<'a> From<Page<'a>> for Translation<'a> {
    /// The page's parts translation checks read; the rest of it is dropped.
    fn from(page: Page<'a>) -> Translation<'a> {
        Translation {
            text: page.text,
            front_matter: page.front_matter,
            title: page.headings.into_iter().find(|heading| heading.level == 1),
            segments: page.segments,
            problems: page.problems,
            line_index: page.line_index,
        }
    }
}

/// Where a page's blocks are read line by line: after its front matter.
pub(crate) struct Body<'a> {
    pub(crate) front_matter: Option<Block<'a>>,
    /// Where the text after the front matter starts (its closing `---` line's start).
    pub(crate) start: usize,
    /// The lines after the front matter's closing `---` line.
    pub(crate) lines: Lines<'a>,
}

impl<'a> Body<'a> {
    /// `None` for a page with a lone `\r`, which ends a line for CommonMark's blocks but not
    /// inside pulldown-cmark's code blocks (real pages have none: such a page is parsed whole),
    /// or that opens with a byte order mark, which the line readers do not skip.
    pub(crate) fn of(text: &'a str) -> Option<Body<'a>> {
        if text.starts_with('\u{feff}') {
            return None;
        }
        let front_matter = doccodes_front_matter::find(text);
        let start = front_matter.map_or(0, |f| f.offset + f.yaml.len());
        let bytes = text.as_bytes();
        let lone_carriage_return = memchr::memchr_iter(b'\r', &bytes[start..])
            .any(|at| bytes.get(start + at + 1) != Some(&b'\n'));
        if lone_carriage_return {
            return None;
        }
        let lines = Lines {
            bytes,
            at: front_matter.map_or(0, |_| start + line_length(&bytes[start..])),
        };
        Some(Body {
            front_matter,
            start,
            lines,
        })
    }
}

/// The byte ranges of the lines from `at` on, each with its `\n`.
#[derive(Clone)]
pub(crate) struct Lines<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl Iterator for Lines<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let start = self.at;
        (start < self.bytes.len()).then(|| {
            self.at += line_length(&self.bytes[start..]);
            start..self.at
        })
    }
}

/// A line of nothing but spaces and tabs, as CommonMark counts blank.
pub(crate) fn blank(line: &[u8]) -> bool {
    line.iter()
        .all(|&b| matches!(b, b'\t' | 0x0b | 0x0c | b' ' | b'\r' | b'\n'))
}

/// The level-1 ATX heading `line` is (up to three spaces, `#`, a space or tab, then content),
/// with its content trimmed.
fn title_heading(text: &str, line: Range<usize>) -> Option<Heading> {
    let bytes = &text.as_bytes()[line.clone()];
    let indent = bytes.iter().take_while(|&&b| b == b' ').count();
    let rest = bytes.get(indent..)?.strip_prefix(b"#")?;
    if indent > 3 || !matches!(rest.first(), Some(b' ' | b'\t')) {
        return None;
    }
    let start = line.start + indent + 1;
    let content = trim_range(text, start..line.end);
    let words = &text[content.clone()];
    // `# #` is an empty heading with a closing sequence: pulldown-cmark gives it no content.
    (!words
        .trim_matches(|c: char| c == '#' || c.is_whitespace())
        .is_empty())
    .then_some(Heading { level: 1, content })
}

/// The length of the line at the start of `bytes`, its `\n` included.
fn line_length(bytes: &[u8]) -> usize {
    memchr::memchr(b'\n', bytes).map_or(bytes.len(), |at| at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEGMENT: &str = "<span data-ttu-id=\"a-1\">標題</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Title</span></span>";

    /// Pages made of the lines that decide where blocks are: front matter fences, titles,
    /// code fences, indented and nested span markup, lists, quotes, HTML blocks.
    fn block_lines() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let line = proptest::sample::select(vec![
            "---".to_owned(),
            "...".to_owned(),
            "----".to_owned(),
            "--- ".to_owned(),
            "title: T".to_owned(),
            String::new(),
            "  ".to_owned(),
            "\t".to_owned(),
            "\u{b}".to_owned(),
            format!("# {SEGMENT}"),
            format!("  # {SEGMENT} #"),
            format!("    # {SEGMENT}"),
            format!("## {SEGMENT}"),
            format!("#{SEGMENT}"),
            "# ".to_owned(),
            "# #".to_owned(),
            "Title".to_owned(),
            "===".to_owned(),
            "```".to_owned(),
            "~~~".to_owned(),
            "    ```".to_owned(),
            "- ```".to_owned(),
            "> ```".to_owned(),
            "1. ```".to_owned(),
            SEGMENT.to_owned(),
            format!("    {SEGMENT}"),
            format!("\t{SEGMENT}"),
            format!("- {SEGMENT}"),
            format!("-     {SEGMENT}"),
            format!(">     {SEGMENT}"),
            format!("1.     {SEGMENT}"),
            format!("text {SEGMENT}"),
            format!("  - {SEGMENT}"),
            "<span data-ttu-id=\"a-2\">".to_owned(),
            "</span>".to_owned(),
            "<pre>".to_owned(),
            "</pre>".to_owned(),
            "<!--".to_owned(),
            "-->".to_owned(),
            "| a | b |".to_owned(),
            "|---|---|".to_owned(),
            "- item".to_owned(),
            "    code".to_owned(),
            // What decides where a fenced code block opens and closes.
            "  ```".to_owned(),
            "   ~~~".to_owned(),
            "     ```".to_owned(),
            " \t```".to_owned(),
            "````".to_owned(),
            "``` ".to_owned(),
            "```cpp".to_owned(),
            "``` a`b".to_owned(),
            "~~~ a`b".to_owned(),
            "1. Step".to_owned(),
            "  code".to_owned(),
            format!("  {SEGMENT}"),
            format!("   {SEGMENT}"),
            "<div>".to_owned(),
            "<!-- a -->".to_owned(),
            "<?x".to_owned(),
            "<PRE>".to_owned(),
            // What decides whether indented span markup is code: list items and their
            // columns, paragraphs continued, tables, rules.
            "1.  Step".to_owned(),
            "2. Step".to_owned(),
            "10. Step".to_owned(),
            "    - item".to_owned(),
            "  - item".to_owned(),
            "-".to_owned(),
            "* * *".to_owned(),
            "- - x".to_owned(),
            format!("    -   {SEGMENT}"),
            format!("        {SEGMENT}"),
            format!("      {SEGMENT}"),
            format!("- - {SEGMENT}"),
            format!("- -     {SEGMENT}"),
            format!("1.      {SEGMENT}"),
            format!("    | {SEGMENT} |"),
            "    |---|".to_owned(),
            "a | b".to_owned(),
            format!("> - {SEGMENT}"),
            format!("  \t{SEGMENT}"),
            format!("1.  {SEGMENT}"),
            "<span data-ttu-id=\"a-3\" title='>'>".to_owned(),
            "<span title=\"a>b\">x".to_owned(),
            "<span>".to_owned(),
            "<span class=\"x\">  ".to_owned(),
        ]);
        // Most pages open as the site's do, front matter and title, for the line scan to
        // be tried on what follows.
        let opening = proptest::sample::select(vec![
            vec![],
            vec!["---", "title: T", "---", ""],
            vec!["---", "title: T", "---"],
        ]);
        let title = proptest::option::weighted(0.8, Just(format!("# {SEGMENT}")));
        (
            opening,
            title,
            proptest::collection::vec(line, 0..12),
            0..3usize,
            proptest::bool::ANY,
        )
            .prop_map(|(opening, title, rest, ends, last)| {
                let end = ["\n", "\r\n", "\r"][ends];
                let mut lines: Vec<String> = opening.into_iter().map(str::to_owned).collect();
                lines.extend(title);
                lines.extend(rest);
                let mut text = lines.join(end);
                if last {
                    text.push_str(end);
                }
                text
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// The line scan finds the front matter pulldown-cmark finds.
        #[test]
        fn front_matter_is_found_as_pulldown_finds_it(text in block_lines()) {
            let scanned = doccodes_front_matter::find(&text).map(|f| (f.offset, f.yaml));
            let parsed = Page::parse(&text).front_matter.map(|f| (f.offset, f.yaml));
            proptest::prop_assert_eq!(scanned, parsed);
        }

        /// Read without pulldown-cmark or with it, a page gives translation checks the same.
        #[test]
        fn segments_read_without_blocks_are_the_same(text in block_lines()) {
            let whole = Page::parse(&text);
            let light = Translation::parse(&text);
            proptest::prop_assert_eq!(
                light.front_matter.map(|f| (f.offset, f.yaml)),
                whole.front_matter.map(|f| (f.offset, f.yaml))
            );
            proptest::prop_assert_eq!(&light.segments, &whole.segments);
            proptest::prop_assert_eq!(&light.problems, &whole.problems);
            let (with_tables, tables) = Translation::parse_with_tables(&text);
            proptest::prop_assert_eq!(&with_tables.segments, &whole.segments);
            let whole_tables: Vec<TableShape> = whole.tables.iter().map(TableShape::from).collect();
            proptest::prop_assert_eq!(tables, whole_tables);
            let whole_title = whole.headings.iter().find(|h| h.level == 1);
            proptest::prop_assert_eq!(
                light.title.as_ref().map(|h| light.segments_in(h.content.clone())),
                whole_title.map(|h| whole.segments_in(h.content.clone()))
            );
        }
    }

    #[test]
    fn a_page_that_opens_with_its_title_is_read_without_blocks() {
        let title = format!("---\ntitle: T\n---\n\n# {SEGMENT}\n\n");
        // Each page with the number of its segments outside code: the title's and any after.
        for (sure, outside) in [
            (format!("{title}- {SEGMENT}\n"), 2),
            (format!("{title}```cpp\n{SEGMENT}\n```\n{SEGMENT}\n"), 2),
            // A shorter or other fence inside a block is code; an unclosed block runs to the end.
            (
                format!("{title}````\n```\n{SEGMENT}\n~~~\n````\n{SEGMENT}\n"),
                2,
            ),
            (format!("{title}~~~\n{SEGMENT}\n"), 1),
            // In a list item, its lines as indented as its fence.
            (
                format!("{title}1. Step\n\n   ```\n   {SEGMENT}\n   ```\n{SEGMENT}\n"),
                2,
            ),
            // A backtick in the info string: text, not a fence.
            (format!("{title}``` a`b\n{SEGMENT}\n"), 2),
            // An HTML block ended by a blank line before the fence.
            (format!("{title}<div>\n\n```\n{SEGMENT}\n```\n"), 1),
            // Span markup indented in list items, as localized pages have it: text and
            // tables continued after a blank line, nested items.
            (
                format!(
                    "{title}1.  {SEGMENT}\n\n    {SEGMENT}\n    -   {SEGMENT}\n        {SEGMENT}\n"
                ),
                5,
            ),
            (
                format!(
                    "{title}-   {SEGMENT}\n\n    | {SEGMENT} |\n    |---|\n    | {SEGMENT} |\n"
                ),
                4,
            ),
            // A paragraph continued by an indented line.
            (format!("{title}{SEGMENT}\n    {SEGMENT}\n"), 3),
            (format!("{title}2. Step\n\n      {SEGMENT}\n"), 2),
        ] {
            let (page, _) =
                Translation::without_blocks(&sure, false).unwrap_or_else(|| panic!("{sure}"));
            assert_eq!(page.segments.len(), outside, "{sure}");
            assert_eq!(page.segments, Page::parse(&sure).segments, "{sure}");
        }
        for unsure in [
            format!("---\ntitle: T\n---\n\nIntro\n\n# {SEGMENT}\n"),
            format!("{title}    {SEGMENT}\n"),
            // Fences after a list marker or `>`, or indented four columns.
            format!("{title}- ```\n{SEGMENT}\n"),
            format!("{title}> ```\n{SEGMENT}\n"),
            format!("{title}\t```\n{SEGMENT}\n"),
            // Where an HTML block may be open, or a block only an end marker ends.
            format!("{title}<div>\n```\n{SEGMENT}\n```\n"),
            format!("{title}<!-- a\n\n```\n-->\n{SEGMENT}\n"),
            // A `---` line may open a metadata block holding the fence.
            format!("{title}---\nkey: v\n```\n---\n{SEGMENT}\n"),
            // A line in the block less indented than its fence may end a list item.
            format!("{title}- a\n\n  ```\nb\n  ```\n{SEGMENT}\n"),
            // Closing in a list item, content outside one.
            format!("{title}- a\n\n  ```\n  b\n    ```\n  {SEGMENT}\n"),
            // Indented code: past four columns of any item, after a blank line.
            format!("{title}- a\n\n      {SEGMENT}\n"),
            format!("{title}-     {SEGMENT}\n"),
            format!("{title}- -     {SEGMENT}\n"),
            // `2.` cannot interrupt a paragraph, so it opens no item to indent into.
            format!("{title}Text\n2. Step\n\n      {SEGMENT}\n"),
            // An item left by a line less indented, though lazily it may go on.
            format!("{title}1.  a\nb\n\n    {SEGMENT}\n"),
            // Found by the property test: a heading in an item no line before could open
            // (`2.` after a heading is one), then code past it; a vertical tab, blank to
            // some rules, closing the item around a fence.
            format!("{title}2. Step\n    # {SEGMENT}\n        {SEGMENT}\n"),
            format!("{title}- item\n  ```\n\x0b\n  - {SEGMENT}\n"),
            format!("{title}{SEGMENT}\n\x0b\n2. Step\n\n    -   {SEGMENT}\n"),
            // Quotes and tabs: columns not counted here.
            format!("{title}> 1.  a\n>\n>     {SEGMENT}\n"),
            format!("{title}1.\ta\n\n    {SEGMENT}\n"),
        ] {
            assert!(
                Translation::without_blocks(&unsure, false).is_none(),
                "{unsure}"
            );
        }
    }
}
