//! Diagnostics in rustc's layout: a message, `--> path:line:column`, the offending line and a
//! caret under the column.
//!
//! Every stage reports bad input as a [`Diagnostic`]; only the xtask prints them. Columns count
//! characters (as rustc does), and the caret is placed by display width, so it sits under the
//! right character in lines of CJK text.

use std::fmt;

use unicode_width::UnicodeWidthChar;

/// How much a diagnostic matters, least first, so `severity >= Severity::Warning` reads right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// `error`, `warning`, `info`: as rustc and the JSON report spell it.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A place in a text file: 1-based line and column (in characters), and that line's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub line_text: String,
}

impl Location {
    /// The location of byte `offset` in `text` (clamped to the text, moved back to a char start).
    pub fn at_offset(path: &str, text: &str, offset: usize) -> Location {
        LineIndex::new(text).location(path, text, offset)
    }

    /// The location of 1-based `line` and `column` in `text`, as YAML parsers report them. A
    /// parser at the end of input reports the line after the last; that is the end of the last.
    pub fn at_line_column(path: &str, text: &str, line: usize, column: usize) -> Location {
        let lines = text.lines().count();
        let (line, column) = match text.lines().last() {
            Some(last) if line > lines => (lines, last.chars().count() + 1),
            _ => (line, column),
        };
        let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        Location {
            path: path.to_owned(),
            line,
            column,
            line_text: line_text.trim_end_matches('\r').to_owned(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

/// Byte offsets of line starts, to turn offsets into lines and columns without rescanning.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // memchr's vector search: every page of a site is indexed, most of them whole.
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset);
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }

    pub fn location(&self, path: &str, text: &str, offset: usize) -> Location {
        let (line, column) = self.line_column(text, offset);
        Location {
            path: path.to_owned(),
            line,
            column,
            line_text: self.line_text(text, line).to_owned(),
        }
    }

    /// The text of the 1-based `line`, without its line break.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(text.len(), |&next| next);
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One message for a person: what is wrong, where, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What kind of problem, shown in brackets after the severity: `error[identifier]`.
    pub code: Option<String>,
    pub message: String,
    pub location: Option<Location>,
    /// Other places that take part, such as the first of two conflicting definitions.
    pub related: Vec<(Location, String)>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            message: message.into(),
            location: None,
            related: Vec::new(),
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn info(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::error(message)
        }
    }

    pub fn code(mut self, code: impl Into<String>) -> Diagnostic {
        self.code = Some(code.into());
        self
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    /// At `location` where there is one: a comparison names the place a value came from when
    /// it knows it.
    pub fn at_known(mut self, location: Option<&Location>) -> Diagnostic {
        if let Some(location) = location {
            self.location = Some(location.clone());
        }
        self
    }

    pub fn related(mut self, location: Location, note: impl Into<String>) -> Diagnostic {
        self.related.push((location, note.into()));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl std::error::Error for Diagnostic {}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.render(f, Paint { on: false })
    }
}

/// A diagnostic shown with colours, as rustc shows it on a terminal.
pub struct Colored<'a>(&'a Diagnostic);

impl fmt::Display for Colored<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.render(f, Paint { on: true })
    }
}

/// ANSI styles, or none.
#[derive(Clone, Copy)]
struct Paint {
    on: bool,
}

impl Paint {
    fn paint(self, style: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{style}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

const BLUE: &str = "1;34";
const BOLD: &str = "1";

impl Diagnostic {
    /// This diagnostic with colours: for a terminal (see [`std::io::IsTerminal`]).
    pub fn colored(&self) -> Colored<'_> {
        Colored(self)
    }

    fn severity_style(&self) -> &'static str {
        match self.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        }
    }

    fn render(&self, f: &mut fmt::Formatter<'_>, paint: Paint) -> fmt::Result {
        let label = match &self.code {
            Some(code) => format!("{}[{code}]", self.severity.label()),
            None => self.severity.label().to_owned(),
        };
        writeln!(
            f,
            "{}{}",
            paint.paint(self.severity_style(), &label),
            paint.paint(BOLD, &format!(": {}", self.message))
        )?;
        let gutter = std::iter::once(&self.location)
            .flatten()
            .chain(self.related.iter().map(|(location, _)| location))
            .map(|location| location.line.to_string().len())
            .max()
            .unwrap_or(0);
        let pad = " ".repeat(gutter);
        let caret_style = self.severity_style();
        if let Some(location) = &self.location {
            writeln!(f, "{pad}{} {location}", paint.paint(BLUE, "-->"))?;
            write_snippet(f, &pad, location, "", paint, caret_style)?;
        }
        for (location, note) in &self.related {
            writeln!(f, "{pad}{} {location}", paint.paint(BLUE, ":::"))?;
            write_snippet(f, &pad, location, note, paint, BLUE)?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} {} {help}", paint.paint(BLUE, "= help:"))?;
        }
        Ok(())
    }
}

/// The commands report every diagnostic they have, so one error becomes a list of one:
/// `read_text(path, shown)?` in a function that returns `Result<_, Vec<Diagnostic>>`.
impl From<Diagnostic> for Vec<Diagnostic> {
    fn from(diagnostic: Diagnostic) -> Vec<Diagnostic> {
        vec![diagnostic]
    }
}

/// `bytes`, read from the file named `shown`, as text; invalid UTF-8 is an error at its line
/// and column, the line shown up to the bad byte and lossily after it. A byte-order mark is
/// dropped: editors on Windows write one, and front matter must start the text.
pub fn decode_utf8(shown: &str, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    // Checked with SIMD first, a fourth of the standard library's instructions: every page
    // of a site comes here, and its bytes are UTF-8 but for a rare broken file, which the
    // standard check below then locates.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `bytes` was just found to be valid UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let prefix = std::str::from_utf8(&bytes[..valid]).expect("valid up to here");
        let mut location = Location::at_offset(shown, prefix, valid);
        let line_end = bytes[valid..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| valid + i);
        let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
        location.line_text = String::from_utf8_lossy(&bytes[line_start..line_end]).into_owned();
        Diagnostic::error(format!(
            "`{shown}` is not valid UTF-8 (byte 0x{:02X})",
            bytes[valid]
        ))
        .at(location)
        .help("save the file as UTF-8")
    })
}

/// Longest stretch of a line shown before and after the column: table rows run to 700 columns.
const CONTEXT_BEFORE: usize = 40;
const CONTEXT_AFTER: usize = 60;

fn write_snippet(
    f: &mut fmt::Formatter<'_>,
    pad: &str,
    location: &Location,
    note: &str,
    paint: Paint,
    caret_style: &str,
) -> fmt::Result {
    let chars: Vec<char> = location.line_text.chars().collect();
    let column = location.column.saturating_sub(1).min(chars.len());
    let from = column.saturating_sub(CONTEXT_BEFORE);
    let to = (column + CONTEXT_AFTER).min(chars.len());
    let mut shown = String::new();
    if from > 0 {
        shown.push_str("...");
    }
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push_str("...");
    }
    let lead = if from > 0 { 3 } else { 0 };
    let width: usize = lead
        + chars[from..column]
            .iter()
            .map(|&c| char_width(c))
            .sum::<usize>();
    let bar = paint.paint(BLUE, "|");
    writeln!(f, "{pad} {bar}")?;
    let number = paint.paint(BLUE, &format!("{:>w$}", location.line, w = pad.len()));
    writeln!(f, "{number} {bar} {}", shown.trim_end())?;
    let caret = paint.paint(caret_style, "^");
    let spaces = " ".repeat(width);
    if note.is_empty() {
        writeln!(f, "{pad} {bar} {spaces}{caret}")
    } else {
        writeln!(
            f,
            "{pad} {bar} {spaces}{caret} {}",
            paint.paint(caret_style, note)
        )
    }
}

fn char_width(c: char) -> usize {
    if c == '\t' { 4 } else { c.width().unwrap_or(0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SIMD check and the standard library's agree: texts of bytes that make valid and
    /// broken sequences of every length, a fixed pseudo-random sequence of them.
    #[test]
    fn text_is_decoded_exactly_when_it_is_utf8() {
        let alphabet = [
            b'a', b'\n', 0xc3, 0xa9, 0xe5, 0x80, 0xbf, 0xff, 0xf0, 0x9f, 0xed, 0xa0,
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut valid, mut broken) = (0, 0);
        for _ in 0..100_000 {
            let length = (next() % 80) as usize;
            let bytes: Vec<u8> = (0..length)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            match (
                decode_utf8("p.md", bytes.clone()),
                std::str::from_utf8(&bytes),
            ) {
                (Ok(text), Ok(expected)) => {
                    assert_eq!(text, expected);
                    valid += 1;
                }
                (Err(error), Err(_)) => {
                    assert!(error.location.is_some());
                    broken += 1;
                }
                (ours, theirs) => panic!("{bytes:x?}: {ours:?} but {theirs:?}"),
            }
        }
        assert!(
            valid > 1000 && broken > 1000,
            "{valid} valid, {broken} broken"
        );
    }

    #[test]
    fn columns_count_characters_and_carets_follow_display_width() {
        let text = "a: 1\n秒 \\_ E: x\n";
        let location = Location::at_offset("p.md", text, text.find('E').unwrap());
        assert_eq!((location.line, location.column), (2, 6));
        let shown = Diagnostic::error("identifier was translated")
            .at(location)
            .to_string();
        assert_eq!(
            shown,
            "error: identifier was translated\n \
             --> p.md:2:6\n  |\n2 | 秒 \\_ E: x\n  |       ^\n"
        );
    }

    #[test]
    fn long_lines_are_clipped_around_the_column() {
        let line = format!("{}HERE{}", "x".repeat(100), "y".repeat(100));
        let location = Location::at_offset("p.md", &line, 100);
        let shown = Diagnostic::error("here").at(location).to_string();
        let snippet = shown.lines().nth(3).unwrap();
        assert!(snippet.starts_with("1 | ...xxxx"), "{snippet}");
        assert!(snippet.ends_with("yyy..."), "{snippet}");
        let caret = shown.lines().nth(4).unwrap();
        assert_eq!(caret.find('^'), snippet.find("HERE"));
    }

    #[test]
    fn colours_are_for_terminals_and_change_nothing_else() {
        let diagnostic = Diagnostic::error("identifier was translated")
            .code("identifier")
            .at(Location::at_line_column("p.md", "a 秒 b\n", 1, 3))
            .help("write `SEC`");
        let plain = diagnostic.to_string();
        let colored = diagnostic.colored().to_string();
        assert!(!plain.contains('\x1b'));
        assert!(
            colored.starts_with("\x1b[1;31merror[identifier]\x1b[0m"),
            "{colored:?}"
        );
        let stripped: String = {
            let mut out = String::new();
            let mut rest = colored.as_str();
            while let Some(start) = rest.find('\x1b') {
                out.push_str(&rest[..start]);
                rest = &rest[start + rest[start..].find('m').unwrap() + 1..];
            }
            out.push_str(rest);
            out
        };
        assert_eq!(stripped, plain);
    }

    #[test]
    fn the_end_of_input_is_the_end_of_the_last_line() {
        let location = Location::at_line_column("m.yaml", "a: 1\nb: \"open\n", 3, 1);
        assert_eq!((location.line, location.column), (2, 9));
        assert_eq!(location.line_text, "b: \"open");
    }

    #[test]
    fn related_locations_and_help_follow_the_primary_one() {
        let a = Location::at_line_column("a.facts", "X 0x1\n", 1, 3);
        let b = Location::at_line_column(
            "b.md",
            "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nX 2\n",
            10,
            3,
        );
        let shown = Diagnostic::error("X has two values")
            .at(a)
            .related(b, "the other value")
            .help("correct one of them")
            .to_string();
        assert_eq!(
            shown,
            "error: X has two values\n  --> a.facts:1:3\n   |\n 1 | X 0x1\n   |   ^\n  \
             ::: b.md:10:3\n   |\n10 | X 2\n   |   ^ the other value\n   = help: correct one of them\n"
        );
    }
}
