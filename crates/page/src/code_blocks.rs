//! The code blocks of a page read line by line, for `Page::parse_segments`: nine tenths of a
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
/// fence differently or could read span markup as an indented code block. Unsure are: a
/// fence after a list marker, `>` or four columns; a fence where an HTML block may be open,
/// or after a line that may open a block blank lines do not end (an HTML comment, `<pre>`, a
/// `---` metadata block); a line inside a block indented less than its fence, or a closing
/// fence indented so that only the list item around it would decide; span markup indented
/// four columns past every list item certainly open around it, unless it continues a
/// paragraph, or on a page with `>` containers or tabs before it.
pub(crate) fn code_blocks(bytes: &[u8], lines: Lines<'_>) -> Option<Vec<Range<usize>>> {
    let span = memchr::memmem::Finder::new(b"<span");
    let mut blocks = Vec::new();
    let mut open: Option<Fence> = None;
    // A type 6 or 7 HTML block (`<div>`, any lone tag) may have begun since the last blank line.
    let mut html_may_be_open = false;
    // A block that blank lines do not end may have begun: HTML types 1 to 5, metadata.
    let mut unended_may_be_open = false;
    // A table may have begun since the last blank line: its rows are no paragraph.
    let mut table_may_be_open = false;
    // The last line certainly left a paragraph open, which an indented line continues.
    let mut paragraph_open = false;
    let mut after_blank = true;
    // A `>` or a tab stood before some line's text: list columns below are not certain.
    let mut columns_unsure = false;
    // The content columns of list items certainly open, innermost last. An item missed or
    // closed too early only makes a line look more indented, so the reading stays safe.
    let mut items: Vec<usize> = Vec::new();
    for range in lines {
        let line = &bytes[range.clone()];
        if let Some(fence) = &open {
            if blank(line) {
                // A vertical tab or a form feed closes a list item (see below), and the
                // block with it.
                if fence.indent > 0 && line.iter().any(|&b| matches!(b, 0x0b | 0x0c)) {
                    return None;
                }
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
            table_may_be_open = false;
            paragraph_open = false;
            after_blank = true;
            // A vertical tab or a form feed makes a line blank to some of pulldown-cmark's
            // rules and not to others (list items, paragraphs): columns are unsure after it.
            columns_unsure |= line.iter().any(|&b| matches!(b, 0x0b | 0x0c));
            continue;
        }
        let (prefix, rest) = container_prefix(line);
        columns_unsure |= prefix.iter().any(|&b| b == b'>' || b == b'\t');
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        // This line closes the items it is not indented into.
        while items.last().is_some_and(|&column| column > indent) {
            items.pop();
        }
        let container = items.last().copied().unwrap_or(0);
        let marker = list_marker(&line[indent..]);
        // Text no block can start with, however deep it stands: a paragraph open before it
        // goes on through it (an item missed would only make a heading or a list of it).
        let continues = paragraph_open && starts_text(&line[indent..]);
        let code_like = indent >= container + 4 && !continues;
        let indented = prefix.contains(&b'\t') || prefix.windows(4).any(|w| w == b"    ");
        if indented && span.find(line).is_some() {
            let content_is_code = match marker {
                // Whether a list item or text, its content is code only past four spaces
                // (or in an item nested on the same line, not read here).
                Some(marker) if indent < container + 4 => {
                    marker.spaces > 4
                        || marker.empty
                        || list_marker(&line[indent + marker.width + marker.spaces..]).is_some()
                }
                _ => code_like,
            };
            if columns_unsure || content_is_code {
                return None;
            }
        }
        if let [mark @ (b'`' | b'~'), ..] = rest {
            let length = rest.iter().take_while(|&b| b == mark).count();
            if length >= 3 {
                if prefix.len() > 3 || prefix.iter().any(|&b| b != b' ') {
                    return None;
                }
                // A backtick in a backtick fence's info string makes the line text.
                if !(*mark == b'`' && rest[length..].contains(&b'`')) {
                    if html_may_be_open || unended_may_be_open {
                        return None;
                    }
                    open = Some(Fence {
                        mark: *mark,
                        length,
                        indent: prefix.len(),
                        start: range.start,
                    });
                    paragraph_open = false;
                    after_blank = false;
                    continue;
                }
            }
        }
        // What could hold this line's text in a block of its own, from the lines before.
        let in_a_block = html_may_be_open || unended_may_be_open;
        if rest.starts_with(b"<") && may_open_html_block(rest) {
            html_may_be_open = true;
            unended_may_be_open |= opens_html_to_an_end_marker(rest);
        }
        unended_may_be_open |= rest.starts_with(b"---") && rest.trim_ascii_end() == b"---";
        table_may_be_open |= rest.contains(&b'-')
            && rest
                .iter()
                .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t' | b'\r' | b'\n'));
        if let Some(marker) = marker
            && indent < container + 4
            && !(in_a_block || columns_unsure)
            && !marker.empty
            && marker.spaces <= 4
            // After a line that may be a paragraph, only `1.` or a bullet starts a list.
            && (after_blank || marker.may_interrupt)
            // `- - -` and `* * *` are rules; `- **x**` is left unread too.
            && !matches!(line[indent + marker.width + marker.spaces], b'-' | b'*' | b'_')
        {
            items.push(indent + marker.width + marker.spaces);
        }
        paragraph_open = if code_like {
            false
        } else {
            (continues && indent >= container + 4)
                || (starts_text(rest)
                    && !html_may_be_open
                    && !unended_may_be_open
                    && !table_may_be_open)
        };
        after_blank = false;
    }
    if let Some(fence) = open {
        blocks.push(fence.start..bytes.len());
    }
    Some(blocks)
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
