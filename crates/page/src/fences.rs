//! The fenced code blocks of a page read line by line, for `Page::parse_segments`: a third of a
//! localized site's bytes are pages whose only code blocks are fenced at the margin, and their
//! span markup needs no Markdown pass to be told from code.
//!
//! The reading is pulldown-cmark's wherever it answers, by an induction over the lines: outside
//! a block, a line that opens one by the rules below opens one for pulldown-cmark too, because
//! nothing that could hide it (an HTML block, a metadata block, a container that is not a list
//! item) can be open; inside, every line keeps at least the opening fence's indentation, so a
//! list item holding the block stays open, and the line that closes the block closes it there
//! too. Where either could fail, the answer is `None` and the page gets the full parse.

use std::ops::Range;

use crate::{Lines, blank, container_prefix};

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

/// The fenced code blocks among `lines` of `bytes`, each from its opening line's start to its
/// closing line's end (or the end of the page), or `None` when pulldown-cmark could read a
/// fence differently: a fence after a list marker, `>` or four columns; a fence where an HTML
/// block may be open, or after a line that may open a block blank lines do not end (an HTML
/// comment, `<pre>`, a `---` metadata block); a line inside a block indented less than its
/// fence, or a closing fence indented so that only the list item around it would decide.
pub(crate) fn fenced_code_blocks(bytes: &[u8], lines: Lines<'_>) -> Option<Vec<Range<usize>>> {
    let mut blocks = Vec::new();
    let mut open: Option<Fence> = None;
    // A type 6 or 7 HTML block (`<div>`, any lone tag) may have begun since the last blank line.
    let mut html_may_be_open = false;
    // A block that blank lines do not end may have begun: HTML types 1 to 5, metadata.
    let mut unended_may_be_open = false;
    for range in lines {
        let line = &bytes[range.clone()];
        if let Some(fence) = &open {
            if blank(line) {
                continue;
            }
            let (indent, rest) = indentation(line);
            if indent < fence.indent {
                return None;
            }
            let marks = rest.iter().take_while(|&&b| b == fence.mark).count();
            let closing = marks >= fence.length
                && rest[marks..]
                    .iter()
                    .all(|&b| matches!(b, b' ' | b'\r' | b'\n'));
            if closing && indent <= 3 {
                blocks.push(fence.start..range.end);
                open = None;
            } else if closing && indent < 4 + fence.indent {
                // Closing if the block is in a list item, content if it is not.
                return None;
            }
            continue;
        }
        if blank(line) {
            html_may_be_open = false;
            continue;
        }
        let (prefix, rest) = container_prefix(line);
        if let [mark @ (b'`' | b'~'), ..] = rest {
            let length = rest.iter().take_while(|&b| b == mark).count();
            if length >= 3 {
                if prefix.len() > 3 || prefix.iter().any(|&b| b != b' ') {
                    return None;
                }
                // A backtick in a backtick fence's info string makes the line text.
                if *mark == b'`' && rest[length..].contains(&b'`') {
                    continue;
                }
                if html_may_be_open || unended_may_be_open {
                    return None;
                }
                open = Some(Fence {
                    mark: *mark,
                    length,
                    indent: prefix.len(),
                    start: range.start,
                });
                continue;
            }
        }
        if rest.starts_with(b"<") {
            html_may_be_open = true;
            unended_may_be_open |= opens_html_to_an_end_marker(rest);
        }
        unended_may_be_open |= rest.starts_with(b"---") && rest.trim_ascii_end() == b"---";
    }
    if let Some(fence) = open {
        blocks.push(fence.start..bytes.len());
    }
    Some(blocks)
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
