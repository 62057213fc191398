//! Gettext PO: written with the header `msgfmt --check` asks for and what must not change in
//! comments and flags; read as strictly as `msgfmt` reads it.

use std::fmt::Write;

use crate::import::{FileText, ImportError};
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

/// The keyword a string line continues.
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
    let mut reader = Reader::new(FileText::new(Format::Po, shown, text));
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        reader.line(line_start, line)?;
        line_start += line.len();
    }
    reader.end()
}

/// A PO file being read line by line: the entries so far and the one being read.
struct Reader<'t> {
    file: FileText<'t>,
    exchanged: Exchanged,
    pending: Pending,
    /// The keyword the next string line continues; `None` after a comment.
    field: Option<Field>,
}

impl<'t> Reader<'t> {
    fn new(file: FileText<'t>) -> Reader<'t> {
        Reader {
            file,
            exchanged: Exchanged {
                pages: Vec::new(),
                entries: Vec::new(),
            },
            pending: Pending::default(),
            field: None,
        }
    }

    /// One line, starting at byte `offset` of the file, by its kind.
    fn line(&mut self, offset: usize, line: &str) -> Result<(), ImportError> {
        let line = line.trim_end_matches(['\n', '\r']);
        let content = line.trim_start().trim_start_matches('\u{feff}');
        let content_at = offset + (line.len() - content.len());
        // `#~` keeps an obsolete entry, which is no part of the file's translation.
        if content.is_empty() || content.starts_with("#~") {
            return Ok(());
        }
        if let Some(comment) = content.strip_prefix('#') {
            return self.comment(offset, comment);
        }
        if content.starts_with('"') {
            return self.continuation(content_at, content);
        }
        self.keyword(content_at, content)
    }

    /// A comment ends the entry before it, which must be complete; of comments, only the
    /// flags (`#,`) say anything to an import.
    fn comment(&mut self, line_start: usize, comment: &str) -> Result<(), ImportError> {
        if self.pending.string.is_some() {
            self.finish()?;
        } else if self.pending.start.is_some() {
            return Err(self.file.syntax(
                line_start,
                "a comment inside an entry: its msgstr is missing",
            ));
        }
        self.field = None;
        if let Some(flags) = comment.strip_prefix(',') {
            self.flags(flags);
        }
        Ok(())
    }

    /// `#, fuzzy, no-wrap`: the next entry is fuzzy when one of them says so.
    fn flags(&mut self, flags: &str) {
        self.pending.fuzzy |= flags.split(',').any(|flag| flag.trim() == "fuzzy");
    }

    /// A string alone on its line, at `at`: more of the keyword before it.
    fn continuation(&mut self, at: usize, content: &str) -> Result<(), ImportError> {
        let Some(field) = self.field else {
            return Err(self.file.syntax(at, "a string that continues no keyword"));
        };
        let value =
            string(content).map_err(|(column, message)| self.file.syntax(at + column, message))?;
        if field == Field::Str && value.starts_with(PAGE_FIELD) {
            self.pending.page_at = Some(at);
        }
        let slot = match field {
            Field::Context => &mut self.pending.context,
            Field::Id => &mut self.pending.id,
            // A plural entry is refused whole when it ends: its forms are not kept.
            Field::Plural => return Ok(()),
            Field::Str => &mut self.pending.string,
        };
        slot.get_or_insert_default().push_str(&value);
        Ok(())
    }

    /// A keyword and its string, at `at`. The string is read first: a line that is no
    /// keyword and string is refused for its string.
    fn keyword(&mut self, at: usize, content: &str) -> Result<(), ImportError> {
        let keyword_end = content
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(content.len());
        let (keyword, rest) = content.split_at(keyword_end);
        let value = self.value(at + keyword_end, rest)?;
        let field = match keyword {
            "msgctxt" => self.msgctxt(at)?,
            "msgid" => self.msgid(at)?,
            "msgid_plural" | "msgstr" | "msgstr[0]" if self.expects_msgstr() => match keyword {
                "msgid_plural" => Field::Plural,
                _ => Field::Str,
            },
            // A plural's other forms: the entry is refused whole when it ends.
            _ if keyword.starts_with("msgstr[") && self.pending.plural => return Ok(()),
            "msgid_plural" | "msgstr" | "msgstr[0]" => return Err(self.misplaced(keyword, at)),
            _ => {
                return Err(self.file.syntax(
                    at,
                    format!(
                        "`{keyword}` is no PO keyword: expected msgctxt, msgid, msgstr, a string or a comment"
                    ),
                ));
            }
        };
        self.begin(field, at, value);
        Ok(())
    }

    /// The string after a keyword (`rest`, from `at`), with the space before it.
    fn value(&self, at: usize, rest: &str) -> Result<String, ImportError> {
        let quoted = rest.trim_start();
        string(quoted).map_err(|(column, message)| {
            self.file
                .syntax(at + (rest.len() - quoted.len()) + column, message)
        })
    }

    /// `msgctxt` starts an entry: after a complete one, or first in a new one.
    fn msgctxt(&mut self, at: usize) -> Result<Field, ImportError> {
        if self.pending.string.is_some() {
            self.finish()?;
        } else if self.pending.start.is_some() {
            return Err(self.file.syntax(
                at,
                "msgctxt inside an entry: the entry before has no msgstr",
            ));
        }
        Ok(Field::Context)
    }

    /// `msgid` starts an entry after a complete one, or follows its `msgctxt`.
    fn msgid(&mut self, at: usize) -> Result<Field, ImportError> {
        if self.pending.string.is_some() {
            self.finish()?;
        } else if self.pending.id.is_some() {
            return Err(self
                .file
                .syntax(at, "a second msgid: the entry before has no msgstr"));
        }
        Ok(Field::Id)
    }

    /// Whether the entry has its msgid and waits for its msgstr (or msgid_plural).
    fn expects_msgstr(&self) -> bool {
        self.pending.id.is_some() && self.pending.string.is_none()
    }

    /// `msgid_plural` or `msgstr` where the entry does not expect it.
    fn misplaced(&self, keyword: &str, at: usize) -> ImportError {
        if self.pending.id.is_none() {
            self.file
                .syntax(at, format!("{keyword} without a msgid before it"))
        } else {
            self.file
                .syntax(at, format!("a second {keyword} in one entry"))
        }
    }

    /// The keyword at `at` starts `field` with its first string.
    fn begin(&mut self, field: Field, at: usize, value: String) {
        self.pending.start.get_or_insert(at);
        self.field = Some(field);
        match field {
            Field::Context => self.pending.context = Some(value),
            Field::Id => self.pending.id = Some(value),
            Field::Plural => self.pending.plural = true,
            Field::Str => {
                self.pending.string_at = Some(at);
                self.pending.string = Some(value);
            }
        }
    }

    /// The end of the file: the last entry must be complete.
    fn end(mut self) -> Result<Exchanged, ImportError> {
        if let Some(start) = self.pending.start {
            if self.pending.string.is_none() {
                return Err(self.file.syntax(
                    start,
                    "the file ends before this entry's msgstr: it is truncated",
                ));
            }
            self.finish()?;
        }
        Ok(self.exchanged)
    }

    /// A complete entry: the header (the page it names) or a segment's.
    fn finish(&mut self) -> Result<(), ImportError> {
        let pending = std::mem::take(&mut self.pending);
        let start = pending.start.unwrap_or_default();
        let (Some(id), Some(string)) = (pending.id, pending.string) else {
            return Err(self.file.syntax(start, "an entry without msgid or msgstr"));
        };
        match pending.context {
            None if id.is_empty() => {
                self.header(&string, pending.page_at.unwrap_or(start));
                Ok(())
            }
            None => Err(self.file.syntax(
                start,
                "an entry without msgctxt: this tool's PO names each segment in msgctxt, so the \
                 file is not one it exported",
            )),
            Some(_) if pending.plural => Err(self.file.syntax(
                start,
                "a plural entry (msgid_plural): a page's segments have no plural forms",
            )),
            Some(context) => {
                self.exchanged.entries.push(Entry {
                    id: context,
                    at: self.file.at(pending.string_at.unwrap_or(start)),
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
        }
    }

    /// The header entry (no msgctxt, an empty msgid): the page its `X-Doccodes-Page` field
    /// names, pointed at by `at`.
    fn header(&mut self, fields: &str, at: usize) {
        if let Some(page) = fields.lines().find_map(|line| {
            line.strip_prefix(PAGE_FIELD)
                .and_then(|rest| rest.strip_prefix(':'))
        }) {
            self.exchanged
                .pages
                .push((page.trim().to_owned(), self.file.at(at)));
        }
    }
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
                let rest = &inner[index + 1 + escaped.len_utf8()..];
                let (resolved, digits) =
                    escape(escaped, rest).map_err(|message| (index + 1, message))?;
                for _ in 0..digits {
                    chars.next();
                }
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

/// The character a backslash and `escaped` stand for, and how many of the digits in `rest`
/// (what follows `escaped`) the escape takes in.
fn escape(escaped: char, rest: &str) -> Result<(char, usize), String> {
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
                .chain(rest.chars().take_while(|d| ('0'..='7').contains(d)).take(2))
                .collect();
            let c = char::from_u32(u32::from_str_radix(&digits, 8).unwrap_or(0));
            return Ok((c.unwrap_or('\u{FFFD}'), digits.len() - 1));
        }
        'x' => {
            let digits: String = rest
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .take(2)
                .collect();
            if digits.is_empty() {
                return Err("`\\x` without hex digits".into());
            }
            let c = char::from_u32(u32::from_str_radix(&digits, 16).unwrap_or(0));
            return Ok((c.unwrap_or('\u{FFFD}'), digits.len()));
        }
        other => return Err(format!("`\\{other}` is no escape a PO string has")),
    };
    Ok((resolved, 0))
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
