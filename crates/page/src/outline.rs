//! What comparing a translation with today's English page reads of that page, [`Outline`]: its
//! text, its front matter and its tables, without what only a whole [`crate::Page`] reads (lists,
//! paragraphs, definition lists, headings, a line index), and without any Markdown pass when the
//! page cannot hold a table or holds them as docs write them (`table_lines.rs`).

use doccodes_front_matter::Block;

use crate::code_blocks::{self, Blocks};
use crate::table_lines::delimiter_like;
use crate::translation::Body;
use crate::{BlockPass, Segment, TableShape, all_tables, block_pass, english_tags, segments};

/// A page's text, its front matter and the shapes of its tables, as [`crate::Page::parse`] reads
/// them.
#[derive(Debug)]
pub struct Outline<'a> {
    pub text: &'a str,
    pub front_matter: Option<Block<'a>>,
    pub tables: Vec<TableShape>,
}

impl<'a> Outline<'a> {
    /// Reads `text` for its front matter and table shapes: by a line scan alone when no table
    /// can be there (no line a delimiter row could be, no `<table`) or its tables are read line
    /// by line for certain (`table_lines.rs`), else by one pulldown-cmark pass that keeps only
    /// those.
    pub fn parse(text: &'a str) -> Outline<'a> {
        let (markdown, html) = (may_hold_markdown_table(text), may_hold_html_table(text));
        if !(markdown || html) {
            return Outline::without_tables(text);
        }
        if !html
            && let Some(body) = Body::of(text)
            && let Some(Blocks {
                tables: Some(tables),
                ..
            }) = code_blocks::read(text, body.lines, true)
        {
            return Outline {
                text,
                front_matter: body.front_matter,
                tables,
            };
        }
        Outline::by_pulldown(text, None)
    }

    /// The outline by one pulldown-cmark pass, for a page whose tables the line scan leaves
    /// to it. Its `segments`, when read already (by [`crate::Translation`]), are not scanned
    /// again: they only decide which HTML tags are the English side's.
    pub(crate) fn by_pulldown(text: &'a str, segments: Option<&[Segment<'_>]>) -> Outline<'a> {
        let BlockPass {
            front_matter,
            tables,
            code_blocks,
            html_tags,
            ..
        } = block_pass(text, |_, _| {});
        let html_tags = match segments {
            _ if html_tags.is_empty() => html_tags,
            Some(segments) => english_tags(html_tags, segments),
            None => {
                let body = front_matter.map_or(0, |f: Block<'_>| f.offset + f.yaml.len());
                let (segments, _) = segments::scan(text, body, &code_blocks);
                english_tags(html_tags, &segments)
            }
        };
        Outline {
            text,
            front_matter,
            tables: all_tables(text, tables, &html_tags)
                .iter()
                .map(TableShape::from)
                .collect(),
        }
    }

    /// `text` with its front matter, found by the line scan pulldown-cmark's block agrees with
    /// (`front_matter_is_found_as_pulldown_finds_it`), and no tables: for a reader that does not
    /// look at them.
    pub fn without_tables(text: &'a str) -> Outline<'a> {
        Outline {
            text,
            front_matter: doccodes_front_matter::find(text),
            tables: Vec::new(),
        }
    }
}

/// Whether [`crate::Page::parse`] could find a Markdown table in `text`; `false` only when it finds
/// none. A Markdown table needs its delimiter row, which pulldown-cmark (`scan_table_head`)
/// reads after the line's container marks (`>`, spaces, tabs) as spaces, tabs, `|`, `-` and
/// `:` only, with at least one `|` and one `-`, up to a `\n` or `\r`: no such line, no
/// Markdown table.
pub(crate) fn may_hold_markdown_table(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Every line with a `|` in it, cut at `\n` and `\r` both.
    let mut line_end = 0;
    for pipe in memchr::memchr_iter(b'|', bytes) {
        if pipe < line_end {
            continue;
        }
        let start = memchr::memrchr2(b'\n', b'\r', &bytes[..pipe]).map_or(0, |at| at + 1);
        line_end =
            memchr::memchr2(b'\n', b'\r', &bytes[pipe..]).map_or(bytes.len(), |at| pipe + at);
        if delimiter_like(&bytes[start..line_end]) {
            return true;
        }
    }
    false
}

/// Whether [`crate::Page::parse`] could find an HTML table in `text`; `false` only when it finds
/// none. An HTML table needs an opening tag whose name, after the `<` and the whitespace
/// `html_block_tags` trims, is `table` in any case; an HTML event's text is the page's, or,
/// in a quote or list item, the page's without `>` marks and indentation, so a `<` followed
/// by whitespace and `>` only, then `table`, is looked for.
pub(crate) fn may_hold_html_table(text: &str) -> bool {
    let bytes = text.as_bytes();
    let opens_table = |open: usize| {
        let rest = text[open + 1..].trim_start_matches(|c: char| c.is_whitespace() || c == '>');
        rest.as_bytes()
            .get(..5)
            .is_some_and(|name| name.eq_ignore_ascii_case(b"table"))
    };
    // Most `<`s open a `span` or close a tag: told apart by the next byte alone, an ASCII one
    // that is neither whitespace (as `char::is_whitespace` reads it), `>` nor `t`. A
    // translated page is thousands of them, so a block of bytes is tested at once (in lanes
    // the compiler vectorizes), and only a block with a `<` before another byte is looked at
    // closely: twice as fast on a translated page as stopping at every `<`.
    const BLOCK: usize = 64;
    let mut start = 0;
    while let Some(window) = bytes.get(start..start + BLOCK + 1) {
        let suspect = window[..BLOCK]
            .iter()
            .zip(&window[1..])
            .fold(0u8, |suspect, (&b, &next)| {
                let may_open = u8::from(next >= 0x80)
                    | u8::from(next == b' ')
                    | u8::from(next.wrapping_sub(b'\t') < 5)
                    | u8::from(next == b'>')
                    | u8::from(next | 0x20 == b't');
                suspect | (u8::from(b == b'<') & may_open)
            });
        if suspect != 0 && (start..start + BLOCK).any(|at| bytes[at] == b'<' && opens_table(at)) {
            return true;
        }
        start += BLOCK;
    }
    (start..bytes.len()).any(|at| bytes[at] == b'<' && opens_table(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Page;
    use crate::translation::Body;

    /// Whether either half says a table may be there.
    fn may_hold_table(text: &str) -> bool {
        may_hold_markdown_table(text) || may_hold_html_table(text)
    }

    /// The table shapes of the whole parse.
    fn shapes(page: &Page<'_>) -> Vec<TableShape> {
        page.tables.iter().map(TableShape::from).collect()
    }

    /// Pages of the lines that make and unmake tables, Markdown and HTML, in quotes and
    /// list items, with every line end.
    fn table_lines() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let line = proptest::sample::select(vec![
            "---",
            "title: T",
            "",
            "# T",
            "| a | b |",
            "a | b",
            "| a |",
            "|---|---|",
            "---|---",
            "|-|",
            "| :-: |",
            "|:--",
            "-|",
            "|",
            "-",
            "--- | ---",
            "> | a |",
            "> |---|",
            ">|-|",
            "- | a |",
            "  |---|",
            "\t| - |",
            "    |---|",
            "| --- | x",
            "|| - |",
            "<table>",
            "< TABLE >",
            "<\ntable>",
            "> <table>",
            "<Table><tr><td>x</td></tr></table>",
            "<tr><th>h</th></tr>",
            "</table>",
            "<div>",
            "text",
            "> text",
            "- item",
            "1. item",
            "```",
            "<span data-ttu-id=\"a-1\"><table></span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\"><td>x</td></span></span>",
            // What decides a table's rows and cells when read line by line.
            "| a | b | c |",
            "| a \\| b |",
            "| a \\\\| b |",
            "| `a|b` | c |",
            "| a |  | b",
            "|a|b|c|d|",
            "| a \\",
            "  | a | b |",
            "    | a |",
            "| a |\t",
            "|\t|",
            "| ",
            "||",
            "|---|---|---|",
            "| --- |",
            "|:-:|-:|",
            "|- -|",
            "| - | \t- |",
            "   |---|",
            "\u{b}",
            "  ",
            "# Heading",
            "Heading",
            "===",
            "```",
            "<!-- x",
            "-->",
            "<div>",
            "- | a |",
            "1. item",
            "> | a |",
            "para | b",
        ]);
        (proptest::collection::vec(line, 0..12), 0..3usize)
            .prop_map(|(lines, ends)| lines.join(["\n", "\r\n", "\r"][ends]))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// A page said to hold no table has none, and the outline's tables and front matter
        /// are the page's.
        #[test]
        fn an_outline_is_the_pages_tables_and_front_matter(text in table_lines()) {
            let page = Page::parse(&text);
            if !may_hold_table(&text) {
                proptest::prop_assert!(page.tables.is_empty());
            }
            let outline = Outline::parse(&text);
            proptest::prop_assert_eq!(
                outline.front_matter.map(|f| (f.offset, f.yaml)),
                page.front_matter.map(|f| (f.offset, f.yaml))
            );
            proptest::prop_assert_eq!(outline.tables, shapes(&page));
        }
    }

    /// The tables a page's line scan reads, or `None` where it leaves them to pulldown-cmark.
    fn read_by_lines(text: &str) -> Option<Vec<TableShape>> {
        code_blocks::read(text, Body::of(text)?.lines, true)?.tables
    }

    #[test]
    fn tables_as_docs_write_them_are_read_line_by_line() {
        for text in [
            "---\ntitle: T\n---\n# T\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n|  3 \\| 4 |\n\nText\n",
            "| a |\r\n| - |\r\n  | x | y |\r\n| |\r\n",
            "# T\n\n```\n|---|\n```\n\n| a | b\n|---|---|\n| `c|d` |\n\n| e |\n|---|\n",
            "Text | with a pipe\n\n| h |\nno delimiter\n",
        ] {
            let lines = read_by_lines(text).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(lines, shapes(&Page::parse(text)), "{text:?}");
        }
        for text in [
            // A table after a paragraph line, in a list item, or without leading pipes.
            "Text\n| a |\n|---|\n",
            "- item\n\n  | a |\n  |---|\n",
            "a | b\n--|--\n",
            // Lines after the rows that are not rows: lazy, or a block that ends the table.
            "| a |\n|---|\nlazy\n",
            "| a |\n|---|\n# H\n",
            // A row of no cells; a delimiter row of other columns; a tab in one.
            "| a |\n|---|\n|\n",
            "| a | b |\n|---|\n",
            "| a |\n|\t---|\n",
            // A block blank lines do not end may hold the table.
            "<!--\n\n| a |\n|---|\n-->\n",
        ] {
            assert!(read_by_lines(text).is_none(), "{text:?}");
        }
    }

    proptest::proptest! {
        /// Read a block at a time, an HTML table's tag is looked for as at every `<`.
        #[test]
        fn html_tables_are_seen_by_blocks_as_at_every_tag(
            text in "(<|t|T|able|ABLE|span|>| |\t|\u{3000}|\u{a0}|é|x){0,90}",
        ) {
            let at_every_tag = text.match_indices('<').any(|(open, _)| {
                let rest = text[open + 1..].trim_start_matches(|c: char| c.is_whitespace() || c == '>');
                rest.len() >= 5 && rest.as_bytes()[..5].eq_ignore_ascii_case(b"table")
            });
            proptest::prop_assert_eq!(may_hold_html_table(&text), at_every_tag);
        }
    }

    #[test]
    fn tables_are_seen_where_they_may_be() {
        for text in [
            "| a |\n|---|\n",
            "> | a |\n> | - |\n",
            "a | b\r:-|-:\r",
            "<TABLE><tr><td>x</td></tr></TABLE>",
        ] {
            assert!(may_hold_table(text), "{text:?}");
            assert!(!Page::parse(text).tables.is_empty(), "{text:?}");
        }
        // Looked for, though no HTML event holds it.
        for text in [
            "< table border=1>",
            "<\u{b}table>",
            "<\u{3000}table>",
            "<>table",
        ] {
            assert!(may_hold_table(text), "{text:?}");
        }
        for text in ["a | b\n", "| a |\n| x |\n", "<tab>", "a table", "---\n|\n"] {
            assert!(!may_hold_table(text), "{text:?}");
        }
    }
}
