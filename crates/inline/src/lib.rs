//! Inline rich text: what a table cell of a documentation page says once the markup that only
//! arranges it (anchors, definition lists, spans) is gone.
//!
//! A meaning in the model is a `Vec<Inline>` written as canonical Markdown: escapes only where
//! Markdown would otherwise read markup (`SEC_E_OK` stays `SEC_E_OK`), `**strong**`, `*emphasis*`,
//! `` `code` ``, `[text](destination)` and `<br/>` for a line break, all on one line so that it fits
//! a YAML scalar and a table cell. [`to_markdown`] and [`parse_markdown`] are inverse on that
//! form; every emitter starts from the parsed nodes.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Link {
        destination: String,
        content: Vec<Inline>,
    },
    Break,
}

/// How to write Markdown for one consumer.
#[derive(Clone, Copy, Debug, Default)]
pub struct MarkdownStyle {
    /// Escape every `[` and `]`: rustdoc reads `[name]` as an intra-doc link.
    pub escape_brackets: bool,
}

/// The canonical Markdown of `nodes`, as the model stores it.
pub fn to_markdown(nodes: &[Inline]) -> String {
    to_markdown_styled(nodes, MarkdownStyle::default())
}

pub fn to_markdown_styled(nodes: &[Inline], style: MarkdownStyle) -> String {
    let mut out = String::new();
    write_nodes(&mut out, nodes, style);
    out
}

/// The text a person reads, markup dropped; a line break becomes `line_break`.
pub fn plain_text(nodes: &[Inline], line_break: &str) -> String {
    let mut out = String::new();
    write_plain(&mut out, nodes, line_break);
    out
}

/// The same text with each link destination replaced by `resolve(destination)`; a link whose
/// destination resolves to `None` becomes its bare content.
pub fn map_links(nodes: &[Inline], resolve: &dyn Fn(&str) -> Option<String>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        match node {
            Inline::Link {
                destination,
                content,
            } => {
                let content = map_links(content, resolve);
                match resolve(destination) {
                    Some(destination) => out.push(Inline::Link {
                        destination,
                        content,
                    }),
                    None => out.extend(content),
                }
            }
            Inline::Strong(inner) => out.push(Inline::Strong(map_links(inner, resolve))),
            Inline::Emphasis(inner) => out.push(Inline::Emphasis(map_links(inner, resolve))),
            other => out.push(other.clone()),
        }
    }
    normalize(out)
}

/// Reads Markdown inline content as a GitHub table cell holds it (so `\|` is a pipe).
///
/// Inline HTML other than `<br>` is kept as text: the canonical form never contains any. A
/// newline, which a cell cannot hold but a hand-written model can, is a line break.
pub fn parse_markdown(markdown: &str) -> Vec<Inline> {
    if !markdown.contains('\n') {
        return parse_line(markdown);
    }
    let mut nodes = Vec::new();
    for (index, line) in markdown.split('\n').enumerate() {
        if index > 0 {
            nodes.push(Inline::Break);
        }
        nodes.extend(parse_line(line.strip_suffix('\r').unwrap_or(line)));
    }
    normalize(nodes)
}

fn parse_line(markdown: &str) -> Vec<Inline> {
    // A one-cell table gives exactly a table cell's inline grammar: no headings or lists from
    // a leading `#` or `-`, and pipes escaped as in the page the text came from.
    // The space keeps a final backslash from escaping the closing pipe; cells are trimmed.
    let document = format!("|.|\n|-|\n|{markdown} |\n");
    let mut stack: Vec<Vec<Inline>> = vec![Vec::new()];
    let mut links: Vec<String> = Vec::new();
    let mut rows = 0;
    for event in Parser::new_ext(&document, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableRow) => rows += 1,
            _ if rows == 0 => {}
            Event::Text(text) => stack
                .last_mut()
                .unwrap()
                .push(Inline::Text(text.into_string())),
            Event::Code(code) => stack
                .last_mut()
                .unwrap()
                .push(Inline::Code(code.into_string())),
            Event::InlineHtml(html) if is_break(&html) => {
                stack.last_mut().unwrap().push(Inline::Break)
            }
            Event::InlineHtml(html) | Event::Html(html) => stack
                .last_mut()
                .unwrap()
                .push(Inline::Text(html.into_string())),
            Event::Start(Tag::Strong | Tag::Emphasis | Tag::Image { .. }) => stack.push(Vec::new()),
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push(dest_url.into_string());
                stack.push(Vec::new());
            }
            Event::End(
                end @ (TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link | TagEnd::Image),
            ) => {
                let content = normalize(stack.pop().unwrap());
                let node = match end {
                    TagEnd::Strong => Inline::Strong(content),
                    TagEnd::Emphasis => Inline::Emphasis(content),
                    TagEnd::Link => Inline::Link {
                        destination: links.pop().unwrap(),
                        content,
                    },
                    _ => {
                        // An image reads as its alternative text.
                        stack.last_mut().unwrap().extend(content);
                        continue;
                    }
                };
                stack.last_mut().unwrap().push(node);
            }
            Event::SoftBreak | Event::HardBreak => stack.last_mut().unwrap().push(Inline::Break),
            _ => {}
        }
    }
    normalize(stack.pop().unwrap())
}

fn is_break(html: &str) -> bool {
    let tag: String = html.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(
        tag.to_ascii_lowercase().as_str(),
        "<br>" | "<br/>" | "</br>"
    )
}

/// Merges neighbouring text nodes and drops empty ones, so equal text has one shape.
pub fn normalize(nodes: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(nodes.len());
    for node in nodes {
        match node {
            Inline::Text(text) if text.is_empty() => {}
            Inline::Text(text) => match out.last_mut() {
                Some(Inline::Text(previous)) => previous.push_str(&text),
                _ => out.push(Inline::Text(text)),
            },
            Inline::Strong(inner) | Inline::Emphasis(inner) if inner.is_empty() => {}
            other => out.push(other),
        }
    }
    out
}

fn write_plain(out: &mut String, nodes: &[Inline], line_break: &str) {
    for node in nodes {
        match node {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::Strong(inner) | Inline::Emphasis(inner) => write_plain(out, inner, line_break),
            Inline::Link { content, .. } => write_plain(out, content, line_break),
            Inline::Break => out.push_str(line_break),
        }
    }
}

fn write_nodes(out: &mut String, nodes: &[Inline], style: MarkdownStyle) {
    for (i, node) in nodes.iter().enumerate() {
        match node {
            Inline::Text(text) => {
                let before = out.chars().next_back();
                let after = nodes.get(i + 1).and_then(first_char);
                write_text(out, text, before, after, style);
            }
            Inline::Code(code) => write_code(out, code),
            Inline::Strong(inner) => write_delimited(out, "**", inner, style),
            Inline::Emphasis(inner) => write_delimited(out, "*", inner, style),
            Inline::Link {
                destination,
                content,
            } => {
                out.push('[');
                write_nodes(out, content, style);
                out.push_str("](");
                if destination.contains([' ', '(', ')', '<', '>']) {
                    out.push('<');
                    out.push_str(&destination.replace('<', "%3C").replace('>', "%3E"));
                    out.push('>');
                } else {
                    out.push_str(destination);
                }
                out.push(')');
            }
            Inline::Break => out.push_str("<br/>"),
        }
    }
}

fn first_char(node: &Inline) -> Option<char> {
    match node {
        Inline::Text(text) => text.chars().next(),
        // Delimiters, backticks and brackets are punctuation: they never join a word.
        _ => Some('*'),
    }
}

/// Writes `**inner**` with the inner text's outer spaces moved outside the delimiters, where
/// Markdown needs them to read the delimiters as markup.
fn write_delimited(out: &mut String, delimiter: &str, inner: &[Inline], style: MarkdownStyle) {
    let mut content = String::new();
    write_nodes(&mut content, inner, style);
    let trimmed = content.trim();
    if trimmed.is_empty() {
        out.push_str(&content);
        return;
    }
    let start = content.len() - content.trim_start().len();
    out.push_str(&content[..start]);
    out.push_str(delimiter);
    out.push_str(trimmed);
    out.push_str(delimiter);
    out.push_str(&content[start + trimmed.len()..]);
}

fn write_code(out: &mut String, code: &str) {
    let longest_run = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = code.starts_with('`') || code.ends_with('`');
    out.push_str(&fence);
    if pad {
        out.push(' ');
    }
    out.push_str(&code.replace('|', "\\|"));
    if pad {
        out.push(' ');
    }
    out.push_str(&fence);
}

fn write_text(
    out: &mut String,
    text: &str,
    before: Option<char>,
    after: Option<char>,
    style: MarkdownStyle,
) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let previous = if i == 0 { before } else { Some(chars[i - 1]) };
        let next = chars.get(i + 1).copied().or(after);
        // A delimiter between spaces can neither open nor close emphasis; `_` inside a word
        // cannot either (`SEC_E_OK`). Only the others need a backslash.
        let spaced =
            previous.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace);
        let in_word =
            previous.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
        let escape = match c {
            '\\' | '`' | '|' => true,
            '*' => !spaced,
            '_' => !(spaced || in_word),
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '&' => looks_like_entity(&chars[i + 1..]),
            '[' => style.escape_brackets,
            ']' => style.escape_brackets || next == Some('('),
            '~' => next == Some('~'),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
}

fn looks_like_entity(rest: &[char]) -> bool {
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name > 0 && rest.get(name) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_owned())
    }

    #[test]
    fn identifiers_keep_their_underscores_unescaped() {
        let nodes = vec![text(
            "Returns SEC_E_OK or _private_ values, not SEC _ E * 1.",
        )];
        let markdown = to_markdown(&nodes);
        assert_eq!(
            markdown,
            "Returns SEC_E_OK or \\_private\\_ values, not SEC _ E * 1."
        );
        assert_eq!(parse_markdown(&markdown), nodes);
    }

    #[test]
    fn page_escapes_are_resolved() {
        assert_eq!(
            parse_markdown("SEC\\_E\\_OK<br/>"),
            vec![text("SEC_E_OK"), Inline::Break]
        );
    }

    #[test]
    fn a_newline_in_hand_written_text_is_a_line_break() {
        assert_eq!(parse_markdown("a trailing \\"), vec![text("a trailing \\")]);
        let nodes = parse_markdown("Quote \" and C:\\dir \\ */\r\n第二行 🎉");
        assert_eq!(
            nodes,
            vec![
                text("Quote \" and C:\\dir \\ */"),
                Inline::Break,
                text("第二行 🎉")
            ]
        );
        assert_eq!(
            to_markdown(&nodes),
            "Quote \" and C:\\\\dir \\\\ \\*/<br/>第二行 🎉"
        );
    }

    #[test]
    fn markup_round_trips() {
        let nodes = vec![
            text("The "),
            Inline::Link {
                destination: "../secgloss/s-gly.md".into(),
                content: vec![Inline::Emphasis(vec![text("security package")])],
            },
            text(" uses "),
            Inline::Code("a|`b".into()),
            text(" & 1 < 2, a*b, [in] x|y, &amp; <b>"),
            Inline::Break,
            Inline::Strong(vec![text("NOTE:")]),
            text(" see "),
            Inline::Link {
                destination: "https://example.com/a (b)".into(),
                content: vec![text("here")],
            },
        ];
        let markdown = to_markdown(&nodes);
        assert_eq!(
            markdown,
            "The [*security package*](../secgloss/s-gly.md) uses ``a\\|`b`` & 1 < 2, a\\*b, [in] \
             x\\|y, \\&amp; \\<b><br/>**NOTE:** see [here](<https://example.com/a (b)>)"
        );
        assert_eq!(parse_markdown(&markdown), nodes);
    }

    #[test]
    fn delimiters_hug_their_text() {
        let nodes = vec![text("a"), Inline::Strong(vec![text(" NOTE: ")]), text("b")];
        assert_eq!(to_markdown(&nodes), "a **NOTE:** b");
    }

    #[test]
    fn rustdoc_style_escapes_brackets() {
        let nodes = vec![text("[in] buffer")];
        let style = MarkdownStyle {
            escape_brackets: true,
        };
        assert_eq!(to_markdown_styled(&nodes, style), "\\[in\\] buffer");
    }

    #[test]
    fn plain_text_drops_markup_and_unresolvable_links() {
        let nodes = parse_markdown("A [*b*](x.md) `c`<br/>**d**");
        assert_eq!(plain_text(&nodes, " "), "A b c d");
        let absolute = map_links(&nodes, &|d: &str| {
            d.starts_with("http").then(|| d.to_owned())
        });
        assert_eq!(to_markdown(&absolute), "A *b* `c`<br/>**d**");
    }
}
