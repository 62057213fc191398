//! One side of a cell or heading, read the way a browser shows it.
//!
//! pulldown-cmark renders the side's Markdown to HTML (in the same context, a table cell or a
//! heading, so it reads exactly as on the page); scraper (html5ever) parses that HTML, which
//! settles tags, attributes and entities the way a browser does; the walk below keeps what a
//! reader sees as [`Inline`] text and turns the layout elements (`<br>`, `<dt>`, `<dd>`, `<p>`,
//! ...) into line breaks.

use doccodes_inline::{Inline, normalize};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use scraper::{ElementRef, Html, Node};

/// Where a piece of inline Markdown stands on its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    TableCell,
    Heading,
    /// Block content, such as a definition list's `<dt>` and `<dd>`: paragraphs are lines.
    Block,
}

/// The visible lines of `markdown`: each a run of inline text, none empty. What
/// [`Page::lines`](crate::Page::lines) reads a range of a page as, for Markdown that is not a
/// page's own (a cell whose targets were repaired).
pub fn read_lines(markdown: &str, context: Context) -> Vec<Vec<Inline>> {
    let html = render_html(markdown, context);
    if html.len() > MAX_STRUCTURED {
        return vec![vec![Inline::Text(text_of_html(&html))]];
    }
    let fragment = Html::parse_fragment(&html);
    let mut nodes = Vec::new();
    walk_children(fragment.root_element(), &mut nodes, 0);
    split_lines(nodes)
}

fn render_html(markdown: &str, context: Context) -> String {
    let document = match context {
        Context::TableCell => format!("|.|\n|-|\n|{markdown}|\n"),
        Context::Heading => format!("# {markdown}\n"),
        Context::Block => {
            let mut out = String::with_capacity(markdown.len() + 32);
            html::push_html(&mut out, Parser::new_ext(markdown, Options::ENABLE_TABLES));
            return out;
        }
    };
    let mut inside = false;
    let events = Parser::new_ext(&document, Options::ENABLE_TABLES).filter(|event| {
        match event {
            Event::Start(Tag::TableRow | Tag::Heading { .. }) => inside = true,
            Event::End(TagEnd::TableRow | TagEnd::Heading(_)) => inside = false,
            Event::Start(Tag::TableCell) | Event::End(TagEnd::TableCell) => return false,
            _ => {}
        }
        inside && !matches!(event, Event::Start(Tag::TableRow | Tag::Heading { .. }))
    });
    let mut out = String::with_capacity(markdown.len() + 32);
    html::push_html(&mut out, events);
    out
}

/// The longest HTML read as a tree. A table cell or a term is a few hundred bytes; html5ever
/// takes time quadratic in the nesting of what is longer and hostile (50,000 nested `<dl>`).
const MAX_STRUCTURED: usize = 64 * 1024;

/// The text of `html` on one line: tags are spaces, the common entities resolved.
fn text_of_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        rest = rest[open..]
            .find('>')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How deep markup is read as structure; deeper, an element is its text. Real cells nest a few
/// levels; a hostile page nests 50,000, which recursion would not survive.
const MAX_DEPTH: usize = 64;

fn walk_children(element: ElementRef<'_>, out: &mut Vec<Inline>, depth: usize) {
    if depth > MAX_DEPTH {
        out.push(Inline::Text(element.text().collect()));
        return;
    }
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push(Inline::Text(text.to_string())),
            Node::Element(_) => walk_element(ElementRef::wrap(child).unwrap(), out, depth + 1),
            _ => {}
        }
    }
}

fn walk_element(element: ElementRef<'_>, out: &mut Vec<Inline>, depth: usize) {
    let nested = |element| {
        let mut inner = Vec::new();
        walk_children(element, &mut inner, depth);
        inner
    };
    match element.value().name() {
        "br" => out.push(Inline::Break),
        "p" | "div" | "dl" | "dt" | "dd" | "ul" | "ol" | "li" | "table" | "tr" | "h1" | "h2"
        | "h3" | "h4" | "h5" | "h6" | "blockquote" => {
            out.push(Inline::Break);
            walk_children(element, out, depth);
            out.push(Inline::Break);
        }
        "strong" | "b" => out.push(Inline::Strong(nested(element))),
        "em" | "i" => out.push(Inline::Emphasis(nested(element))),
        "code" | "kbd" | "samp" | "tt" => out.push(Inline::Code(element.text().collect())),
        "a" => match element.value().attr("href") {
            Some(href) => out.push(Inline::Link {
                destination: href.to_owned(),
                content: nested(element),
            }),
            None => walk_children(element, out, depth),
        },
        "img" => {
            if let Some(alt) = element.value().attr("alt") {
                out.push(Inline::Text(alt.to_owned()));
            }
        }
        "script" | "style" | "template" => {}
        _ => walk_children(element, out, depth),
    }
}

/// Splits at top-level breaks, collapses white space as HTML does, drops empty lines.
fn split_lines(nodes: Vec<Inline>) -> Vec<Vec<Inline>> {
    let mut lines = Vec::new();
    let mut line = Vec::new();
    for node in nodes {
        if node == Inline::Break {
            lines.push(std::mem::take(&mut line));
        } else {
            line.push(node);
        }
    }
    lines.push(line);
    lines
        .into_iter()
        .map(|line| {
            let mut space_before = true;
            let mut line = collapse_space(line, &mut space_before);
            trim_end(&mut line);
            normalize(line)
        })
        .filter(|line| !line.is_empty())
        .collect()
}

fn collapse_space(nodes: Vec<Inline>, space_before: &mut bool) -> Vec<Inline> {
    let collapse = |text: &str, space_before: &mut bool| {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_ascii_whitespace() {
                if !*space_before {
                    out.push(' ');
                }
                *space_before = true;
            } else {
                out.push(c);
                *space_before = false;
            }
        }
        out
    };
    let nodes = nodes.into_iter().map(|node| match node {
        Inline::Text(text) => Inline::Text(collapse(&text, space_before)),
        Inline::Code(code) => {
            let mut inside = false;
            let code = collapse(&code, &mut inside);
            *space_before = false;
            Inline::Code(code)
        }
        Inline::Strong(inner) => Inline::Strong(collapse_space(inner, space_before)),
        Inline::Emphasis(inner) => Inline::Emphasis(collapse_space(inner, space_before)),
        Inline::Link {
            destination,
            content,
        } => Inline::Link {
            destination,
            content: collapse_space(content, space_before),
        },
        Inline::Break => {
            *space_before = true;
            Inline::Break
        }
    });
    normalize(nodes.collect())
}

fn trim_end(nodes: &mut Vec<Inline>) {
    while let Some(last) = nodes.last_mut() {
        match last {
            Inline::Text(text) => {
                text.truncate(text.trim_end().len());
                if !text.is_empty() {
                    return;
                }
            }
            Inline::Strong(inner) | Inline::Emphasis(inner) => {
                trim_end(inner);
                if !inner.is_empty() {
                    return;
                }
            }
            Inline::Link { content, .. } => return trim_end(content),
            Inline::Code(_) | Inline::Break => return,
        }
        nodes.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use doccodes_inline::{plain_text, to_markdown};

    fn lines(markdown: &str) -> Vec<String> {
        read_lines(markdown, Context::TableCell)
            .iter()
            .map(|line| to_markdown(line))
            .collect()
    }

    #[test]
    fn a_name_cell_is_its_identifier() {
        assert_eq!(
            lines(r"SEC\_E\_ALGORITHM\_MISMATCH<br/>"),
            ["SEC_E_ALGORITHM_MISMATCH"]
        );
    }

    #[test]
    fn a_definition_list_cell_gives_name_and_value_lines() {
        let cell = r#"<span id="D2DERR_BAD_NUMBER"></span><span id="d2derr_bad_number"></span><dl> <dt>**D2DERR\_BAD\_NUMBER**</dt> <dt>0x88990011</dt> </dl>"#;
        let read = read_lines(cell, Context::TableCell);
        assert_eq!(lines(cell), ["**D2DERR_BAD_NUMBER**", "0x88990011"]);
        assert_eq!(plain_text(&read[0], " "), "D2DERR_BAD_NUMBER");
    }

    #[test]
    fn meanings_keep_links_emphasis_and_html_bold() {
        assert_eq!(
            lines(
                "The [*security package*](../secgloss/s-gly.md) cannot  initialize.<br/><b>NOTE:</b> Retry &amp; wait."
            ),
            [
                "The [*security package*](../secgloss/s-gly.md) cannot initialize.",
                "**NOTE:** Retry & wait."
            ]
        );
    }

    #[test]
    fn headings_drop_their_anchors() {
        let read = read_lines(
            r#"<a name="sspi-status-codes"></a>SSPI Status Codes"#,
            Context::Heading,
        );
        assert_eq!(plain_text(&read[0], " "), "SSPI Status Codes");
    }
}
