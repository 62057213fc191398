//! Gettext PO: written with the header `msgfmt --check` asks for and what must not change in
//! comments and flags; read as strictly as `msgfmt` reads it.

use std::fmt::Write;

use doccodes_diagnostic::{LineIndex, Location};

use crate::import::ImportError;
use crate::markup::{self, Node};
use crate::{Entry, Exchanged, Format, Header, Outgoing, Status};

/// The header field that names the page, kept by Poedit and gettext's tools as any `X-` field.
const PAGE_FIELD: &str = "X-Doccodes-Page";

pub(crate) fn write(header: &Header<'_>, segments: &[Outgoing<'_>]) -> String {
    let mut out = String::new();
    let title = header
        .title
        .as_deref()
        .map_or(String::new(), |title| format!(" ({title})"));
    let _ = write!(
        out,
        "# {}{}: its segments for translation, exported by doccodes.\n\
         # Keep each msgctxt: it names the segment. Markup and what `#.` says to keep must stay.\n\
         msgid \"\"\nmsgstr \"\"\n",
        one_line(&header.path),
        one_line(&title),
    );
    let language = header.locale.replace('-', "_");
    for field in [
        format!("Project-Id-Version: {}", crate::file_name(&header.path)),
        "PO-Revision-Date: ".into(),
        "Last-Translator: ".into(),
        "Language-Team: ".into(),
        format!("Language: {language}"),
        "MIME-Version: 1.0".into(),
        "Content-Type: text/plain; charset=UTF-8".into(),
        "Content-Transfer-Encoding: 8bit".into(),
        format!("{PAGE_FIELD}: {}", header.path),
    ] {
        let _ = writeln!(out, "{}", quoted(&format!("{field}\n")));
    }
    for segment in segments {
        out.push('\n');
        for note in &segment.notes {
            let _ = writeln!(out, "#. {}", one_line(note));
        }
        let keep = keep_list(segment);
        if !keep.is_empty() {
            let _ = writeln!(out, "#. keep as is: {}", one_line(&keep.join(" ")));
        }
        let _ = writeln!(out, "#: {}:{}", header.path, segment.line);
        out.push_str("#, no-wrap\n");
        let _ = writeln!(out, "msgctxt {}", quoted(segment.id));
        let _ = writeln!(out, "msgid {}", quoted(segment.source));
        let _ = writeln!(out, "msgstr {}", quoted(segment.target));
    }
    out
}

/// The source's identifiers and markup, each once, in backticks (doubled when they hold one).
fn keep_list(segment: &Outgoing<'_>) -> Vec<String> {
    let mut keep: Vec<String> = Vec::new();
    let mut add = |text: &str| {
        let quoted = if text.contains('`') {
            format!("`` {text} ``")
        } else {
            format!("`{text}`")
        };
        if !keep.contains(&quoted) {
            keep.push(quoted);
        }
    };
    let nodes = markup::read(segment.source, &segment.identifiers);
    let mut stack: Vec<&Node> = nodes.iter().rev().collect();
    while let Some(node) = stack.pop() {
        match node {
            Node::Text(_) => {}
            Node::Ph { raw, .. } => add(&segment.source[raw.clone()]),
            Node::Pc {
                open,
                close,
                children,
                kind,
            } => {
                if *kind == markup::PcKind::Code {
                    add(&segment.source[open.start..close.end]);
                    continue;
                }
                add(&segment.source[open.clone()]);
                add(&segment.source[close.clone()]);
                stack.extend(children.iter().rev());
            }
            Node::Keep(children) => {
                let start = first_offset(children);
                let end = last_offset(children);
                add(&segment.source[start..end]);
            }
        }
    }
    keep
}

fn first_offset(nodes: &[Node]) -> usize {
    match nodes.first() {
        Some(Node::Text(range) | Node::Ph { raw: range, .. }) => range.start,
        Some(Node::Pc { open, .. }) => open.start,
        Some(Node::Keep(children)) => first_offset(children),
        None => 0,
    }
}

fn last_offset(nodes: &[Node]) -> usize {
    match nodes.last() {
        Some(Node::Text(range) | Node::Ph { raw: range, .. }) => range.end,
        Some(Node::Pc { close, .. }) => close.end,
        Some(Node::Keep(children)) => last_offset(children),
        None => 0,
    }
}

/// A comment's text on one line.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// A PO string: quoted, with C escapes for what a PO string cannot hold raw.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() && u32::from(c) < 0x80 => {
                let _ = write!(out, "\\{:03o}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Context,
    Id,
    Plural,
    Str,
}

/// An entry being read.
#[derive(Default)]
struct Pending {
    fuzzy: bool,
    context: Option<String>,
    id: Option<String>,
    plural: bool,
    string: Option<String>,
    /// Where the entry's first keyword and its `msgstr` are.
    start: Option<usize>,
    string_at: Option<usize>,
    /// The line of the header that names the page, to point at it.
    page_at: Option<usize>,
}

/// Reads a PO file as `msgfmt` would, refusing what it would refuse (and a file cut short),
/// and entries this tool cannot place: without `msgctxt`, or plural.
pub(crate) fn read(shown: &str, text: &str) -> Result<Exchanged, ImportError> {
    let index = LineIndex::new(text);
    let at = |offset: usize| index.location(shown, text, offset);
    let syntax = |offset: usize, message: String| ImportError::Syntax {
        format: Format::Po,
        at: at(offset),
        message,
    };
    let mut exchanged = Exchanged {
        pages: Vec::new(),
        entries: Vec::new(),
    };
    let mut pending = Pending::default();
    let mut field: Option<Field> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let offset = line_start;
        line_start += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        let content = line.trim_start().trim_start_matches('\u{feff}');
        let indent = line.len() - content.len();
        if content.is_empty() || content.starts_with("#~") {
            continue;
        }
        if let Some(comment) = content.strip_prefix('#') {
            if pending.string.is_some() {
                finish(&mut exchanged, std::mem::take(&mut pending), &at, &syntax)?;
            } else if pending.start.is_some() {
                return Err(syntax(
                    offset,
                    "a comment inside an entry: its msgstr is missing".into(),
                ));
            }
            field = None;
            if let Some(flags) = comment.strip_prefix(',') {
                pending.fuzzy |= flags.split(',').any(|flag| flag.trim() == "fuzzy");
            }
            continue;
        }
        if content.starts_with('"') {
            let Some(current) = field else {
                return Err(syntax(
                    offset + indent,
                    "a string that continues no keyword".into(),
                ));
            };
            let value = string(content)
                .map_err(|(column, message)| syntax(offset + indent + column, message))?;
            if current == Field::Str && value.starts_with(PAGE_FIELD) {
                pending.page_at = Some(offset + indent);
            }
            let slot = match current {
                Field::Context => &mut pending.context,
                Field::Id => &mut pending.id,
                Field::Plural => continue,
                Field::Str => &mut pending.string,
            };
            slot.get_or_insert_default().push_str(&value);
            continue;
        }
        let keyword_end = content
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(content.len());
        let keyword = &content[..keyword_end];
        let value_at = offset + indent + keyword_end;
        let rest = &content[keyword_end..];
        let value = string(rest.trim_start()).map_err(|(column, message)| {
            syntax(
                value_at + (rest.len() - rest.trim_start().len()) + column,
                message,
            )
        })?;
        let keyword_at = offset + indent;
        let next = match keyword {
            "msgctxt" | "msgid" if pending.string.is_some() => {
                finish(&mut exchanged, std::mem::take(&mut pending), &at, &syntax)?;
                if keyword == "msgctxt" {
                    Field::Context
                } else {
                    Field::Id
                }
            }
            "msgctxt" if pending.start.is_none() => Field::Context,
            "msgctxt" => {
                return Err(syntax(
                    keyword_at,
                    "msgctxt inside an entry: the entry before has no msgstr".into(),
                ));
            }
            "msgid" if pending.id.is_none() => Field::Id,
            "msgid" => {
                return Err(syntax(
                    keyword_at,
                    "a second msgid: the entry before has no msgstr".into(),
                ));
            }
            "msgid_plural" if pending.id.is_some() && pending.string.is_none() => Field::Plural,
            "msgstr" | "msgstr[0]" if pending.id.is_some() && pending.string.is_none() => {
                pending.string_at = Some(keyword_at);
                Field::Str
            }
            _ if keyword.starts_with("msgstr[") && pending.plural => continue,
            "msgid_plural" | "msgstr" | "msgstr[0]" if pending.id.is_none() => {
                return Err(syntax(
                    keyword_at,
                    format!("{keyword} without a msgid before it"),
                ));
            }
            "msgid_plural" | "msgstr" | "msgstr[0]" => {
                return Err(syntax(
                    keyword_at,
                    format!("a second {keyword} in one entry"),
                ));
            }
            _ => {
                return Err(syntax(
                    keyword_at,
                    format!(
                        "`{keyword}` is no PO keyword: expected msgctxt, msgid, msgstr, a string or a comment"
                    ),
                ));
            }
        };
        pending.start.get_or_insert(keyword_at);
        pending.plural |= next == Field::Plural;
        let slot = match next {
            Field::Context => &mut pending.context,
            Field::Id => &mut pending.id,
            Field::Plural => {
                field = Some(next);
                continue;
            }
            Field::Str => &mut pending.string,
        };
        *slot = Some(value);
        field = Some(next);
    }
    if pending.start.is_some() {
        if pending.string.is_none() {
            return Err(syntax(
                pending.start.unwrap_or_default(),
                "the file ends before this entry's msgstr: it is truncated".into(),
            ));
        }
        finish(&mut exchanged, pending, &at, &syntax)?;
    }
    Ok(exchanged)
}

/// A complete entry: the header (the page it names) or a segment's.
fn finish(
    exchanged: &mut Exchanged,
    pending: Pending,
    at: &dyn Fn(usize) -> Location,
    syntax: &dyn Fn(usize, String) -> ImportError,
) -> Result<(), ImportError> {
    let start = pending.start.unwrap_or_default();
    let (Some(id), Some(string)) = (pending.id, pending.string) else {
        return Err(syntax(start, "an entry without msgid or msgstr".into()));
    };
    let Some(context) = pending.context else {
        if id.is_empty() {
            if let Some(page) = string.lines().find_map(|line| {
                line.strip_prefix(PAGE_FIELD)
                    .and_then(|rest| rest.strip_prefix(':'))
            }) {
                exchanged
                    .pages
                    .push((page.trim().to_owned(), at(pending.page_at.unwrap_or(start))));
            }
            return Ok(());
        }
        return Err(syntax(
            start,
            "an entry without msgctxt: this tool's PO names each segment in msgctxt, so the file \
             is not one it exported"
                .into(),
        ));
    };
    if pending.plural {
        return Err(syntax(
            start,
            "a plural entry (msgid_plural): a page's segments have no plural forms".into(),
        ));
    }
    exchanged.entries.push(Entry {
        id: context,
        at: at(pending.string_at.unwrap_or(start)),
        source: id,
        target: Some(string),
        status: if pending.fuzzy {
            Status::Fuzzy
        } else {
            Status::Ready
        },
        unreadable: None,
    });
    Ok(())
}

/// A quoted PO string and nothing after it but space; errors give the column (in bytes from
/// the quote) and what is wrong.
fn string(quoted: &str) -> Result<String, (usize, String)> {
    let Some(inner) = quoted.strip_prefix('"') else {
        return Err((0, format!("expected a quoted string, found `{quoted}`")));
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => {
                let rest = &inner[index + 1..];
                if !rest.trim().is_empty() {
                    return Err((
                        index + 2,
                        format!("text after the closing quote: `{}`", rest.trim()),
                    ));
                }
                return Ok(out);
            }
            '\\' => {
                let Some((_, escaped)) = chars.next() else {
                    break;
                };
                let resolved = match escaped {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'v' => '\u{b}',
                    '\\' | '"' | '\'' | '?' => escaped,
                    '0'..='7' => {
                        let digits: String = std::iter::once(escaped)
                            .chain(
                                inner[index + 2..]
                                    .chars()
                                    .take_while(|d| ('0'..='7').contains(d))
                                    .take(2),
                            )
                            .collect();
                        for _ in 1..digits.len() {
                            chars.next();
                        }
                        char::from_u32(u32::from_str_radix(&digits, 8).unwrap_or(0))
                            .unwrap_or('\u{FFFD}')
                    }
                    'x' => {
                        let digits: String = inner[index + 2..]
                            .chars()
                            .take_while(char::is_ascii_hexdigit)
                            .take(2)
                            .collect();
                        if digits.is_empty() {
                            return Err((index + 1, "`\\x` without hex digits".into()));
                        }
                        for _ in 0..digits.len() {
                            chars.next();
                        }
                        char::from_u32(u32::from_str_radix(&digits, 16).unwrap_or(0))
                            .unwrap_or('\u{FFFD}')
                    }
                    other => {
                        return Err((
                            index + 1,
                            format!("`\\{other}` is no escape a PO string has"),
                        ));
                    }
                };
                out.push(resolved);
            }
            c => out.push(c),
        }
    }
    Err((
        quoted.len(),
        "the string is not closed: the line is cut short".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_read_as_msgfmt_reads_them() {
        assert_eq!(
            string(r#""a\\_b \"c\"\n\101""#),
            Ok("a\\_b \"c\"\nA".into())
        );
        assert_eq!(
            string(r#""open"#).unwrap_err().1,
            "the string is not closed: the line is cut short"
        );
        assert_eq!(
            string(r#""a\q""#).unwrap_err().1,
            "`\\q` is no escape a PO string has"
        );
        assert_eq!(
            string(r#""a" b"#).unwrap_err().1,
            "text after the closing quote: `b`"
        );
        assert_eq!(quoted("a\\_\"b\"\n"), r#""a\\_\"b\"\n""#);
    }
}
