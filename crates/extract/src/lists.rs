//! Codes listed outside tables and definition lists: `#define NAME value` lines in a page's code
//! blocks (a header excerpt, `#define WINBIO_E_X ((HRESULT)0x80098052L)`), and bulleted or
//! numbered lists with a code per item (`- **E_FAIL** (0x80004005): meaning`,
//! `* 0x80070057: E_INVALIDARG ...`).
//!
//! Both shapes are far more often something else: a code block is mostly sample code, whose
//! `#define BUFSIZE 512` (or its own `#define STATUS_UNSUCCESSFUL`) is the sample's; a list of
//! names is mostly a list of links to other pages, or of structures, flags and words in
//! capitals. So each is read only when it plainly lists status codes: a code block when it is
//! a header excerpt (every line of code in it a directive: no program) and one of its defines
//! has a status code's name (`Kind::infer`) or names a code the page lists; a list when most of
//! its items start with a code's name, it is no list of links, and its items give values or
//! most of their names are status codes' names. What is not read that way is not a row of
//! codes, and is not counted; in a block or list that is read, every define or item is
//! counted, and what is not a code is a note or a warning.
//!
//! Names and values come from the English side (a code block is never translated); a code read
//! here that the page already lists (a table above the header excerpt) gives it its value when
//! it had none, and is otherwise the same code again.

use std::collections::HashMap;

use doccodes_diagnostic::Diagnostic;
use doccodes_inline::{Inline, plain_text, to_markdown};
use doccodes_model::{ENGLISH, Kind, is_identifier};
use doccodes_page::{Context, ListItem, Side};

use crate::RowCount;
use crate::read::ReadPage;
use crate::rows::{Row, RowRead, looks_like_code};
use crate::value::{Radix, parse_value, value_of};

/// One object-like `#define NAME value` line of a code block.
#[derive(Debug, PartialEq, Eq)]
struct DefineLine<'t> {
    name: &'t str,
    /// Byte offset of the name in the line.
    name_at: usize,
    /// The replacement text without comments, trimmed.
    value: String,
    /// A `//` or `/* */` comment after the value.
    comment: Option<String>,
}

/// The define `line` is, when it is an object-like macro with a value: not `#define F(x)`,
/// not `#define UNICODE`.
fn define_line(line: &str) -> Option<DefineLine<'_>> {
    let start = line.len() - line.trim_start().len();
    let rest = line[start..].strip_prefix('#')?.trim_start();
    let rest = rest.strip_prefix("define")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let name_at = line.len() - rest.trim_start().len();
    let rest = &line[name_at..];
    let length = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..length];
    let body = &rest[length..];
    // `#define F(x) ...`: a function-like macro, no code.
    if !is_identifier(name) || body.starts_with('(') {
        return None;
    }
    let (value, comment) = split_comment(body);
    let value = value.trim().to_owned();
    (!value.is_empty()).then_some(DefineLine {
        name,
        name_at,
        value,
        comment,
    })
}

/// A define's replacement text and the comment after it, `/* */` or `//`.
fn split_comment(body: &str) -> (String, Option<String>) {
    let line = body.find("//");
    let block = body.find("/*");
    match (line, block) {
        (Some(at), block) if block.is_none_or(|block| at < block) => {
            let comment = body[at + 2..].trim();
            (
                body[..at].to_owned(),
                (!comment.is_empty()).then(|| comment.to_owned()),
            )
        }
        (_, Some(at)) => {
            let after = &body[at + 2..];
            let (comment, rest) = after.split_once("*/").unwrap_or((after, ""));
            let comment = comment.trim().trim_matches('*').trim();
            let value = format!("{} {}", &body[..at], rest.split("//").next().unwrap_or(""));
            (value, (!comment.is_empty()).then(|| comment.to_owned()))
        }
        _ => (body.to_owned(), None),
    }
}

/// The lines of a code block with where each starts, a line that ends in `\\` joined with the
/// next as C joins them.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut continued = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let (body, continues) = match body.strip_suffix('\\') {
            Some(body) => (body, true),
            None => (body, false),
        };
        match lines.last_mut() {
            Some((_, last)) if continued => {
                last.push(' ');
                last.push_str(body);
            }
            _ => lines.push((at, body.to_owned())),
        }
        continued = continues;
    }
    lines
}

/// The text after `//` on a comment line, or `None` for a line of code.
fn line_comment(line: &str) -> Option<&str> {
    line.trim().strip_prefix("//").map(str::trim)
}

/// What a list item's first line says, on its English side.
#[derive(Debug, PartialEq, Eq)]
enum ItemText<'t> {
    /// A code's name, with a value beside it where there is one (`NAME (0x1)`, `NAME = 1`,
    /// `0x80070005 NAME`); its meaning starts at byte `rest`.
    Code {
        name: &'t str,
        value: Option<&'t str>,
        rest: usize,
    },
    /// `0x80073B0F: HRESULT_FROM_WIN32(ERROR_X)`: a value given for a macro over a code's name.
    Wrapped {
        wrapper: &'t str,
        name: &'t str,
        value: &'t str,
        rest: usize,
    },
    /// `0x80073B39: An entity was ...`: a value and no name.
    Nameless {
        value: &'t str,
    },
    Other,
}

/// The identifier `text` starts with.
fn leading_identifier(text: &str) -> &str {
    let length = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..length]
}

/// A name that starts an item of a list of codes: a code's (`E_FAIL`, `WSAEINTR`), not a word
/// in capitals (`NOTE 1:`, `MPEG-2 bitstreams`, `RGB 24`).
fn list_name(name: &str) -> bool {
    looks_like_code(name) && (name.contains('_') || status_name(name))
}

/// A number as a value is written: `0x80070005`, `5`, `-1505`, `2L`.
fn number_like(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    text.starts_with(|c: char| c.is_ascii_digit()) && parse_value(text).is_ok()
}

/// Where the meaning starts after a name or value: past spaces and one separator (`:`, ` - `,
/// `—`, `–`).
fn after_separator(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let trimmed = rest.trim_start();
    let mut at = at + rest.len() - trimmed.len();
    for separator in [":", "—", "–", "-", ","] {
        if let Some(after) = trimmed.strip_prefix(separator)
            && (separator != "-" || after.starts_with(char::is_whitespace))
        {
            at += separator.len();
            at += after.len() - after.trim_start().len();
            break;
        }
    }
    at
}

fn read_item(text: &str) -> ItemText<'_> {
    let text = text.trim_end();
    let start = text.len() - text.trim_start().len();
    let first = &text[start..];
    // `0x80070057: E_INVALIDARG ...`, `0x80070005 ERROR_ACCESS_DENIED`.
    let token = first
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()
        .unwrap_or("");
    if number_like(token) {
        let after = after_separator(text, start + token.len());
        let name = leading_identifier(&text[after..]);
        if !list_name(name) {
            return ItemText::Nameless { value: token };
        }
        let end = after + name.len();
        if let Some(inside) = text[end..].strip_prefix('(')
            && let Some((inner, _)) = inside.split_once(')')
            && is_identifier(inner.trim())
        {
            return ItemText::Wrapped {
                wrapper: name,
                name: inner.trim(),
                value: token,
                rest: after_separator(text, end + 1 + inner.len() + 1),
            };
        }
        return ItemText::Code {
            name,
            value: Some(token),
            rest: after_separator(text, end),
        };
    }
    let name = leading_identifier(first);
    if !list_name(name) {
        return ItemText::Other;
    }
    let end = start + name.len();
    let after = &text[end..];
    // `MPEG-4 AAC`, `RGB32`: a word of prose, not a name and a value.
    if !(after.is_empty() || after.starts_with([' ', '\t', '(', ':', ','])) {
        return ItemText::Other;
    }
    let spaced = after.trim_start();
    let at = end + after.len() - spaced.len();
    // `NAME (0x1)`, `NAME(13)`; `NAME (disabled)` is a note, the start of the meaning.
    if let Some(inside) = spaced.strip_prefix('(')
        && let Some((value, _)) = inside.split_once(')')
    {
        let value = value.trim();
        let claims = value.starts_with(|c: char| c.is_ascii_digit() || "-{(~".contains(c));
        if claims {
            return ItemText::Code {
                name,
                value: Some(value),
                rest: after_separator(text, at + 1 + inside.find(')').unwrap_or(0) + 1),
            };
        }
        if after.starts_with('(') {
            // `F(x)`: a macro, not a code.
            return ItemText::Other;
        }
    }
    // `NAME = 0x1: meaning`.
    if let Some(value) = spaced.strip_prefix('=') {
        let value_start = at + 1 + (value.len() - value.trim_start().len());
        let value_text = &text[value_start..];
        let length = [":", " - ", "—", "–"]
            .iter()
            .filter_map(|separator| value_text.find(separator))
            .min()
            .unwrap_or(value_text.len());
        return ItemText::Code {
            name,
            value: Some(value_text[..length].trim()),
            rest: after_separator(text, value_start + length),
        };
    }
    // `NAME 0x1 meaning`, `JET_errX -1505`.
    let token = spaced.split_whitespace().next().unwrap_or("");
    if !token.is_empty() && number_like(token.trim_end_matches([':', ','])) {
        let token = token.trim_end_matches([':', ',']);
        return ItemText::Code {
            name,
            value: Some(token),
            rest: after_separator(text, at + token.len()),
        };
    }
    ItemText::Code {
        name,
        value: None,
        rest: after_separator(text, end),
    }
}

/// `nodes` without the first `count` characters of their text; markup emptied by it goes too.
fn drop_chars(nodes: &[Inline], count: &mut usize) -> Vec<Inline> {
    let mut out = Vec::new();
    for node in nodes {
        if *count == 0 {
            out.push(node.clone());
            continue;
        }
        match node {
            Inline::Text(text) | Inline::Code(text) => {
                let length = text.chars().count();
                if length <= *count {
                    *count -= length;
                    continue;
                }
                let rest: String = text.chars().skip(*count).collect();
                *count = 0;
                out.push(match node {
                    Inline::Code(_) => Inline::Code(rest),
                    _ => Inline::Text(rest),
                });
            }
            Inline::Strong(inner) | Inline::Emphasis(inner) => {
                let inner = drop_chars(inner, count);
                if !inner.is_empty() {
                    out.push(match node {
                        Inline::Strong(_) => Inline::Strong(inner),
                        _ => Inline::Emphasis(inner),
                    });
                }
            }
            Inline::Link {
                destination,
                content,
            } => {
                let content = drop_chars(content, count);
                if !content.is_empty() {
                    out.push(Inline::Link {
                        destination: destination.clone(),
                        content,
                    });
                }
            }
            Inline::Break => *count = count.saturating_sub(1),
        }
    }
    // The spaces the dropped text leaves at the start.
    if let Some(Inline::Text(text)) = out.first_mut() {
        *text = text.trim_start().to_owned();
        if text.is_empty() {
            out.remove(0);
        }
    }
    out
}

/// An item whose first line starts with a link, `[**NAME**](page.md)`: it points at a page.
fn starts_with_link(line: &[Inline]) -> bool {
    let mut nodes = line
        .iter()
        .filter(|node| !matches!(node, Inline::Text(text) if text.trim().is_empty()));
    match nodes.next() {
        Some(Inline::Link { .. }) => true,
        Some(Inline::Strong(inner) | Inline::Emphasis(inner)) => starts_with_link(inner),
        _ => false,
    }
}

/// A name a status code has: `E_FAIL`, `ERROR_X`, `WS_E_X`, `STATUS_X`; not a flag's
/// (`WSA_FLAG_MULTIPOINT_C_ROOT`).
fn status_name(name: &str) -> bool {
    Kind::infer(name, None) != Kind::Int && !name.contains("_FLAG_")
}

/// A define that is a status code's: by its name, not its value (`0xFF515700` is a mask). The
/// severities a message compiler's header defines before its codes (`STATUS_SEVERITY_ERROR`)
/// are parts of codes, not codes.
fn status_define(name: &str) -> bool {
    status_name(name) && !name.starts_with("STATUS_SEVERITY_")
}

/// A code fence's opening or closing line.
fn is_fence(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("```") || line.starts_with("~~~")
}

/// A line of a `/* */` comment that spans lines: its start, its end, or a `*` line between.
fn in_block_comment(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("/*") || line.starts_with('*') || line.ends_with("*/")
}

impl ReadPage<'_> {
    /// The codes the page `#define`s in its code blocks; `known` holds the values read so far
    /// on the page, for values written over other codes.
    pub(crate) fn define_rows(
        &self,
        rows: &mut Vec<Row>,
        count: &mut RowCount,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let mut known: HashMap<String, u32> = rows
            .iter()
            .filter_map(|row| Some((row.name.clone(), row.value.as_ref()?.0)))
            .collect();
        // A define of a code the page lists gives its value, whatever its name.
        let listed: std::collections::HashSet<String> =
            rows.iter().map(|row| row.name.clone()).collect();
        let code = |name: &str| status_define(name) || listed.contains(name);
        for block in &self.page.code_blocks {
            let section = self.section_of(block.start);
            let text = self.page.side(block.clone(), Side::Source);
            // A code block holds no segment, so its English is the page's bytes.
            let exact = matches!(text, std::borrow::Cow::Borrowed(_));
            let lines = logical_lines(&text);
            let mut defines = Vec::new();
            let mut message: Option<Vec<&str>> = None;
            // A line of C that is no directive: the block is a program, not a header excerpt.
            let mut program = false;
            for (at, line) in &lines {
                if is_fence(line) {
                    continue;
                }
                if let Some(comment) = line_comment(line) {
                    match &mut message {
                        _ if comment.eq_ignore_ascii_case("MessageText:") => {
                            message = Some(Vec::new());
                        }
                        Some(lines) if !comment.is_empty() => lines.push(comment),
                        _ => {}
                    }
                    continue;
                }
                if line.trim().is_empty() || in_block_comment(line) {
                    continue;
                }
                if !line.trim_start().starts_with('#') {
                    program = true;
                    break;
                }
                let texts = message.take();
                let Some(define) = define_line(line.trim_end()) else {
                    continue;
                };
                let meaning = define
                    .comment
                    .clone()
                    .or_else(|| texts.filter(|t| !t.is_empty()).map(|t| t.join(" ")));
                let place = block.start + if exact { at + define.name_at } else { 0 };
                defines.push((define, meaning, place));
            }
            let mut folded: Vec<Result<u32, String>> = Vec::new();
            for (define, _, _) in &defines {
                let mut names = |name: &str| known.get(name).map(|&value| i64::from(value as i32));
                let value = value_of(&define.value, Radix::Any, &mut names);
                if let Ok(value) = value {
                    known.insert(define.name.to_owned(), value);
                }
                folded.push(value.map_err(|error| error.to_string()));
            }
            let codes = defines
                .iter()
                .zip(&folded)
                .any(|((define, _, _), value)| value.is_ok() && code(define.name));
            // Sample code, or constants of the sample: not a list of codes.
            if program || !codes {
                continue;
            }
            if self.in_navigation(section) {
                count.skipped += defines.len();
                continue;
            }
            let heading = self.heading_text(section);
            for ((define, meaning, place), value) in defines.into_iter().zip(folded) {
                let at = self.page.location(self.path, place);
                let read = match value {
                    Ok(value) if code(define.name) => {
                        // A code block is never translated: its comment is English.
                        let meanings = meaning
                            .filter(|_| self.locale == ENGLISH)
                            .map(|meaning| {
                                (ENGLISH.to_owned(), to_markdown(&[Inline::Text(meaning)]))
                            })
                            .into_iter()
                            .collect();
                        let row = Row {
                            name: define.name.to_owned(),
                            at,
                            value: Some((value, self.page.location(self.path, place))),
                            meanings,
                            heading: heading.clone(),
                        };
                        add_code(row, rows, diagnostics)
                    }
                    Ok(value) => {
                        diagnostics.push(
                            Diagnostic::info(format!(
                                "`{}` ({value:#X}) is defined beside the codes but has no status code's name; it is not in the model",
                                define.name
                            ))
                            .at(at),
                        );
                        RowRead::Skipped
                    }
                    Err(error) => {
                        diagnostics.push(
                            Diagnostic::info(format!(
                                "`#define {}` gives no value this reader folds, and is not in the model: {error}",
                                define.name
                            ))
                            .at(at),
                        );
                        RowRead::Skipped
                    }
                };
                tally(count, read, rows);
            }
        }
    }

    /// The codes the page lists in bulleted or numbered lists, one per item.
    pub(crate) fn list_rows(
        &self,
        rows: &mut Vec<Row>,
        count: &mut RowCount,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for list in &self.page.lists {
            let lines: Vec<Vec<Inline>> = list
                .items
                .iter()
                .map(|item| self.first_line(item, Side::Source))
                .collect();
            let texts: Vec<String> = lines.iter().map(|line| plain_text(line, " ")).collect();
            let read: Vec<ItemText<'_>> = texts.iter().map(|text| read_item(text)).collect();
            let names: Vec<&str> = read
                .iter()
                .filter_map(|item| match item {
                    ItemText::Code { name, .. } | ItemText::Wrapped { name, .. } => Some(*name),
                    _ => None,
                })
                .collect();
            let links = lines.iter().filter(|line| starts_with_link(line)).count();
            let valued = read.iter().any(|item| match item {
                ItemText::Code {
                    value: Some(value), ..
                } => parse_value(value).is_ok(),
                ItemText::Wrapped { .. } => true,
                _ => false,
            });
            let status = names.iter().filter(|name| status_name(name)).count();
            let codes = names.len() * 2 > list.items.len()
                && links * 2 <= list.items.len()
                && (valued || status * 2 > names.len());
            if !codes {
                continue;
            }
            let section = self.section_of(list.offset);
            if self.in_navigation(section) {
                count.skipped += list.items.len();
                continue;
            }
            let heading = self.heading_text(section);
            for ((item, text), line) in list.items.iter().zip(&read).zip(&lines) {
                let outcome = self.list_item(item, text, line, &heading, rows, diagnostics);
                tally(count, outcome, rows);
            }
        }
    }

    fn first_line(&self, item: &ListItem, side: Side) -> Vec<Inline> {
        item.paragraphs
            .first()
            .and_then(|range| {
                self.page
                    .lines(range.clone(), side, Context::Block)
                    .into_iter()
                    .next()
            })
            .unwrap_or_default()
    }

    fn list_item(
        &self,
        item: &ListItem,
        text: &ItemText<'_>,
        line: &[Inline],
        heading: &[(String, String)],
        rows: &mut [Row],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> RowRead {
        let range = item
            .paragraphs
            .first()
            .cloned()
            .unwrap_or(item.offset..item.offset);
        let at = self.english_at_offset(range.start, range.clone());
        let shown = shortened(&plain_text(line, " "));
        let (name, value, rest) = match *text {
            ItemText::Code { name, value, rest } => {
                let value = match value.map(|value| value_of(value, Radix::Any, &mut |_| None)) {
                    None => None,
                    Some(Ok(value)) => Some(value),
                    Some(Err(error)) => {
                        diagnostics.push(
                            Diagnostic::warning(format!(
                                "the value of `{name}` cannot be read, and the item is not in the model: {error}"
                            ))
                            .at(at),
                        );
                        return RowRead::Unreadable;
                    }
                };
                (name, value, rest)
            }
            ItemText::Wrapped {
                wrapper,
                name,
                value,
                rest,
            } => {
                // `HRESULT_FROM_WIN32(ERROR_X)` is 0x8007xxxx: ERROR_X is xxxx.
                let given = parse_value(value).ok();
                let inner = given.map(|value| value & 0xFFFF).filter(|inner| {
                    value_of(&format!("{wrapper}({inner})"), Radix::Any, &mut |_| None).ok()
                        == given
                        && *inner != 0
                });
                let Some(inner) = inner else {
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "`{value}` is given for `{wrapper}({name})`, which gives `{name}` no value this reader can tell; the item is not in the model"
                        ))
                        .at(at),
                    );
                    return RowRead::Unreadable;
                };
                diagnostics.push(
                    Diagnostic::info(format!(
                        "`{value}` is `{wrapper}({name})`: `{name}` is read with the value {inner:#X}"
                    ))
                    .at(at.clone()),
                );
                (name, Some(inner), rest)
            }
            ItemText::Nameless { value } => {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "this item gives the value `{value}` but names no code, and is not in the model: `{shown}`"
                    ))
                    .at(at),
                );
                return RowRead::Unreadable;
            }
            ItemText::Other => {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "this item of a list of codes does not start with a code's name, and is not in the model: `{shown}`"
                    ))
                    .at(at),
                );
                return RowRead::Unreadable;
            }
        };
        let english = plain_text(line, " ");
        let prefix = &english[..rest.min(english.len())];
        let meanings = self.item_meanings(item, prefix);
        let row = Row {
            name: name.to_owned(),
            at: at.clone(),
            value: value.map(|value| (value, at)),
            meanings,
            heading: heading.to_vec(),
        };
        add_code(row, rows, diagnostics)
    }

    /// An item's meaning in each locale: its text after `prefix` (the English name, value and
    /// separator), then its other lines and paragraphs. A translated side that does not start
    /// with the English prefix gives what follows its first separator.
    fn item_meanings(&self, item: &ListItem, prefix: &str) -> Vec<(String, String)> {
        let mut meanings = Vec::new();
        for &side in self.sides() {
            let mut lines: Vec<Vec<Inline>> = item
                .paragraphs
                .iter()
                .flat_map(|range| self.meaning_lines(range.clone(), side, Context::Block))
                .collect();
            let Some(first) = lines.first_mut() else {
                continue;
            };
            let text = plain_text(first, " ");
            let drop = if text.starts_with(prefix) {
                Some(prefix.chars().count())
            } else if side == Side::Target {
                [":", " - ", "—"]
                    .iter()
                    .filter_map(|separator| Some(text.find(separator)? + separator.len()))
                    .min()
                    .map(|at| text[..at].chars().count())
            } else {
                None
            };
            let Some(mut drop) = drop else {
                continue;
            };
            *first = drop_chars(first, &mut drop);
            let nodes: Vec<Inline> = lines
                .into_iter()
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join(&Inline::Break);
            if !nodes.is_empty() {
                meanings.push((self.locale_of(side).to_owned(), to_markdown(&nodes)));
            }
        }
        meanings
    }
}

/// The start of an item's text, to name it in a diagnostic.
fn shortened(text: &str) -> String {
    const SHOWN: usize = 60;
    match text.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_owned(),
    }
}

/// Counts what became of a define or an item.
fn tally(count: &mut RowCount, read: RowRead, rows: &mut Vec<Row>) {
    count.tally(read, rows);
}

/// A code read from a code block or a list, beside the page's codes so far: one it already
/// lists without a value takes this one's; one it lists with the same value, or this one
/// without a value, is the same code again, a note. Two values stay two rows, for the merge to
/// report.
fn add_code(row: Row, rows: &mut [Row], diagnostics: &mut Vec<Diagnostic>) -> RowRead {
    let Some(same) = rows.iter_mut().find(|other| other.name == row.name) else {
        return RowRead::Codes(vec![row]);
    };
    match (&same.value, &row.value) {
        (Some((first, _)), Some((value, _))) if first != value => RowRead::Codes(vec![row]),
        (None, Some(value)) => {
            same.value = Some(value.clone());
            for (locale, meaning) in row.meanings {
                if !same.meanings.iter().any(|(other, _)| *other == locale) {
                    same.meanings.push((locale, meaning));
                }
            }
            RowRead::Codes(Vec::new())
        }
        _ => {
            diagnostics.push(
                Diagnostic::info(format!(
                    "`{}` is listed above already; this is the same code again",
                    row.name
                ))
                .at(row.at)
                .related(same.at.clone(), "listed here"),
            );
            RowRead::Skipped
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn define_lines_give_name_value_and_comment() {
        assert_eq!(
            define_line("#define WINBIO_E_X ((HRESULT)0x80098052L)"),
            Some(DefineLine {
                name: "WINBIO_E_X",
                name_at: 8,
                value: "((HRESULT)0x80098052L)".into(),
                comment: None,
            })
        );
        let define = define_line("  #  define E_A  0x1L // The first.").unwrap();
        assert_eq!(
            (
                define.name,
                define.value.as_str(),
                define.comment.as_deref()
            ),
            ("E_A", "0x1L", Some("The first."))
        );
        let define = define_line("#define E_B (0x2 | E_A) /* The second. */").unwrap();
        assert_eq!(
            (define.value.trim(), define.comment.as_deref()),
            ("(0x2 | E_A)", Some("The second."))
        );
        assert_eq!(define_line("#define WIN32_LEAN_AND_MEAN"), None);
        assert_eq!(define_line("#define UNICODE // wide"), None);
        assert_eq!(define_line("#define F(x) ((x) + 1)"), None);
        assert_eq!(define_line("#include <windows.h>"), None);
        assert_eq!(define_line("#defineX 1"), None);
    }

    #[test]
    fn items_give_a_name_a_value_and_where_the_meaning_starts() {
        let code = |text: &'static str| match read_item(text) {
            ItemText::Code { name, value, rest } => (name, value, &text[rest..]),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(code("ERROR_X"), ("ERROR_X", None, ""));
        assert_eq!(
            code("E_FAIL (0x80004005): Failed."),
            ("E_FAIL", Some("0x80004005"), "Failed.")
        );
        assert_eq!(
            code("0x80070005 ERROR_ACCESS_DENIED"),
            ("ERROR_ACCESS_DENIED", Some("0x80070005"), "")
        );
        assert_eq!(
            code("0x80070057: E_INVALIDARG One or more arguments are invalid."),
            (
                "E_INVALIDARG",
                Some("0x80070057"),
                "One or more arguments are invalid."
            )
        );
        assert_eq!(
            code("NAME_X = 0x10: a flag"),
            ("NAME_X", Some("0x10"), "a flag")
        );
        assert_eq!(code("ERROR_Y(13) - bad"), ("ERROR_Y", Some("13"), "bad"));
        assert_eq!(code("WS_E_Z — gone"), ("WS_E_Z", None, "gone"));
        assert_eq!(
            code("SE_UNDOCK_NAME (disabled)"),
            ("SE_UNDOCK_NAME", None, "(disabled)")
        );
        assert_eq!(
            code("SECURITY_X ({0,0,0,0,0,15})"),
            ("SECURITY_X", Some("{0,0,0,0,0,15}"), "")
        );
        assert_eq!(
            code("JET_errColumnIndexed -1505 The column is indexed."),
            (
                "JET_errColumnIndexed",
                Some("-1505"),
                "The column is indexed."
            )
        );
        assert_eq!(
            read_item("0x80073B0F: HRESULT_FROM_WIN32(ERROR_MRM_X) : Duplicate Entry."),
            ItemText::Wrapped {
                wrapper: "HRESULT_FROM_WIN32",
                name: "ERROR_MRM_X",
                value: "0x80073B0F",
                rest: 46,
            }
        );
        assert_eq!(
            read_item("0x80073B39: An entity was defined twice"),
            ItemText::Nameless {
                value: "0x80073B39"
            }
        );
        assert_eq!(read_item("The matching engine must"), ItemText::Other);
        assert_eq!(read_item("GET_X_LPARAM(lParam): the x"), ItemText::Other);
        assert_eq!(read_item("NOTE 1: The accelerator"), ItemText::Other);
        assert!(status_name("ERROR_INVALID_FLAGS") && !status_name("WSA_FLAG_OVERLAPPED"));
        assert_eq!(read_item("MPEG_X-4 bitstreams"), ItemText::Other);
    }

    /// Each entry's name, value and English meaning.
    type Entries = Vec<(String, Option<u32>, Option<String>)>;

    fn read(text: &str) -> (Entries, crate::Extraction) {
        let page = crate::PageInput {
            path: "codes.md",
            text,
        };
        let extraction = crate::extract("codes", &[page], &[], &[]);
        let entries = extraction
            .model
            .as_ref()
            .map(|model| {
                model
                    .entries
                    .iter()
                    .map(|entry| {
                        let meaning = entry.meaning.get(ENGLISH).cloned();
                        (entry.name.clone(), entry.value, meaning)
                    })
                    .collect()
            })
            .unwrap_or_default();
        (entries, extraction)
    }

    #[test]
    fn a_header_excerpt_gives_its_status_codes_and_a_program_nothing() {
        let text = "# Codes\n\n| Name | Meaning |\n|---|---|\n| E\\_A | From the table. |\n\n\
                    ```cpp\n#define STATUS_SEVERITY_ERROR 0x3\n#define FACILITY_X 0x876\n\
                    #define E_A ((HRESULT)0x80040001L)\n//\n// MessageId: E_B\n//\n// MessageText:\n//\n\
                    // The second.\n//\n#define E_B (E_A + 1) // Trailing.\n#define E_C _T(\"c\")\n\
                    #define E_D \\\n    0x80040004\n```\n\n\
                    ```cpp\n#include <windows.h>\n#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001L)\n\
                    int main() { return 0; }\n```\n";
        let (entries, extraction) = read(text);
        assert_eq!(
            entries,
            [
                (
                    "E_A".into(),
                    Some(0x8004_0001),
                    Some("From the table.".into())
                ),
                ("E_B".into(), Some(0x8004_0002), Some("Trailing.".into())),
                ("E_D".into(), Some(0x8004_0004), None),
            ]
        );
        let notes: Vec<&str> = extraction
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert_eq!(
            logical_lines("#define A \\\n  1\nB"),
            [(0, "#define A    1".to_owned()), (16, "B".to_owned())]
        );
        assert!(notes[0].starts_with("`STATUS_SEVERITY_ERROR` (0x3) is defined beside the codes"));
        assert!(notes[2].starts_with("`#define E_C` gives no value"));
        let count = &extraction.rows[0];
        // The table's row and the six defines of the header excerpt: `E_A` again gives the
        // table's code its value, the severity, facility and `E_C` are skipped; the program's
        // define is no row.
        assert_eq!((count.read, count.skipped, count.unreadable), (4, 3, 0));
    }

    #[test]
    fn a_list_of_codes_is_read_and_a_list_of_links_or_words_is_not() {
        let text = "# Codes\n\n## Return value\n\n\
                    - **E_FAIL** (0x80004005): It *failed*.\n- **ERROR_X**, if it broke.\n- 0x80070005 ERROR_ACCESS_DENIED\n\n\
                    Structures:\n\n- [**WS_E_STRUCT**](ws.md)\n- [**WS_E_OTHER**](other.md)\n\n\
                    - NOTE 1: prose\n- MPEG-2 bitstreams\n\n## See also\n\n- **E_NAV**\n- **E_NAV2**\n";
        let (entries, extraction) = read(text);
        assert_eq!(
            entries,
            [
                (
                    "E_FAIL".into(),
                    Some(0x8000_4005),
                    Some("It *failed*.".into())
                ),
                ("ERROR_X".into(), None, Some("if it broke.".into())),
                ("ERROR_ACCESS_DENIED".into(), Some(0x8007_0005), None),
            ]
        );
        let count = &extraction.rows[0];
        assert_eq!((count.read, count.skipped, count.unreadable), (3, 2, 0));
    }

    #[test]
    fn the_name_and_value_are_dropped_from_the_meaning_with_their_markup() {
        let nodes = vec![
            Inline::Strong(vec![Inline::Text("E_X".into())]),
            Inline::Text(" (0x1): It ".into()),
            Inline::Emphasis(vec![Inline::Text("failed".into())]),
        ];
        assert_eq!(
            to_markdown(&drop_chars(&nodes, &mut "E_X (0x1): ".chars().count())),
            "It *failed*"
        );
    }
}
