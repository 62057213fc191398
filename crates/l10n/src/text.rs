//! What the checks compare: a segment side's raw Markdown as a reader sees it (escapes
//! resolved, tags, emphasis markers and link destinations gone), every character mapped back to
//! its byte in the raw text, and the words of that text sorted into the kinds of token a
//! translator must leave alone.

use std::ops::Range;

/// The visible text of a segment side, each byte mapped to a byte of the raw side.
pub(crate) struct Visible {
    pub text: String,
    /// Where `text` came from, piece by piece in order: the map back to the raw side, one entry
    /// per run of text rather than per byte (a site has 1.2 GB of segment sides). A first run
    /// copied from the start of the raw side is not listed: half of all sides are that run
    /// alone, and need no list at all.
    pieces: Vec<Piece>,
    /// Contents of code spans, in order, as written.
    pub code_spans: Vec<String>,
    /// Link destinations (`[text](destination)`, `href="..."`), in order, with the raw range of
    /// the whole link syntax from `]` and whether its text was empty.
    pub links: Vec<Link>,
}

pub(crate) struct Link {
    pub destination: String,
    /// The raw offset of the `](` (or `<a`) that introduced it.
    pub at: usize,
    /// The visible range of a Markdown link's text (inside the brackets).
    pub text: Option<Range<usize>>,
}

impl Link {
    pub fn empty_text(&self, visible: &str) -> bool {
        self.text
            .as_ref()
            .is_some_and(|text| visible[text.clone()].trim().is_empty())
    }
}

/// Visible bytes from `visible` on, up to the next piece, and where they came from.
#[derive(Clone, Copy)]
struct Piece {
    visible: usize,
    raw: usize,
    /// Copied as they are from `raw` on, each byte from the same place of the raw side; else
    /// one character that stands for the raw markup at `raw` (an escape, an entity, a tag).
    copied: bool,
}

impl Visible {
    /// The raw byte where the character holding the visible byte `index` came from (the end
    /// maps past the last).
    pub fn raw_offset(&self, index: usize) -> usize {
        if index >= self.text.len() {
            return match self.text.len() {
                0 => 0,
                len => self.raw_offset(len - 1) + 1,
            };
        }
        let piece = match self.pieces.partition_point(|p| p.visible <= index) {
            // Before the first piece listed: the run copied from the start.
            0 => Piece {
                visible: 0,
                raw: 0,
                copied: true,
            },
            after => self.pieces[after - 1],
        };
        if !piece.copied {
            return piece.raw;
        }
        let bytes = self.text.as_bytes();
        let mut start = index;
        while start > piece.visible && is_continuation(bytes[start]) {
            start -= 1;
        }
        piece.raw + (start - piece.visible)
    }

    /// Appends `text`, copied from the raw side at `from`.
    fn copy(&mut self, text: &str, from: usize) {
        if !(self.text.is_empty() && self.pieces.is_empty() && from == 0) {
            self.add_piece(from, true);
        }
        self.text.push_str(text);
    }

    /// Appends `c`, which the raw markup at `from` stands for.
    fn push(&mut self, c: char, from: usize) {
        self.add_piece(from, false);
        self.text.push(c);
    }

    fn add_piece(&mut self, raw: usize, copied: bool) {
        if self.pieces.capacity() == 0 {
            // A side with markup has a few runs of text between it: one allocation.
            self.pieces.reserve_exact(8);
        }
        self.pieces.push(Piece {
            visible: self.text.len(),
            raw,
            copied,
        });
    }
}

impl Visible {
    /// The raw range that the visible bytes `range` came from, escapes and entities whole.
    pub fn raw_range(&self, raw: &str, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let at = self.raw_offset(range.start).min(raw.len());
            return at..at;
        }
        let start = self.raw_offset(range.start);
        let last = self
            .raw_offset(range.end - 1)
            .min(raw.len().saturating_sub(1));
        let rest = &raw[last..];
        let unit = if rest.starts_with('\\') && rest.len() > 1 {
            2
        } else if let Some((entity, _)) = ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            entity.len()
        } else {
            rest.chars().next().map_or(0, char::len_utf8)
        };
        start..last + unit
    }
}

const ENTITIES: [(&str, char); 7] = [
    ("&amp;", '&'),
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&#39;", '\''),
    ("&apos;", '\''),
    ("&nbsp;", ' '),
];

/// The bytes [`visible`] looks at; every other byte is seen as it is.
const SPECIAL: [u8; 8] = [b'\\', b'*', b'`', b'<', b'&', b'[', b']', b':'];

/// [`SPECIAL`] as a table, one lookup per byte: comparing each byte with the eight took a
/// third longer, on every byte of every side.
static IS_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < SPECIAL.len() {
        table[SPECIAL[i] as usize] = true;
        i += 1;
    }
    table
};

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Reads `raw` (one side of a segment: inline Markdown with inline HTML).
pub(crate) fn visible(raw: &str) -> Visible {
    let bytes = raw.as_bytes();
    let mut out = Visible {
        text: String::with_capacity(raw.len()),
        pieces: Vec::new(),
        code_spans: Vec::new(),
        links: Vec::new(),
    };
    // The visible length at each unclosed `[`, to tell an empty link text.
    let mut open_brackets: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        // A run of bytes that mean only themselves, copied whole: most of every segment.
        let plain = bytes[i..]
            .iter()
            .position(|&b| IS_SPECIAL[usize::from(b)])
            .unwrap_or(bytes.len() - i);
        if plain > 0 {
            out.copy(&raw[i..i + plain], i);
            i += plain;
            continue;
        }
        // Not plain: one of the ASCII bytes of `SPECIAL`, a character of its own.
        let c = char::from(bytes[i]);
        match c {
            '\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                out.push(bytes[i + 1] as char, i);
                i += 2;
                continue;
            }
            '*' => {
                i += 1;
                continue;
            }
            '`' => {
                let ticks = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let fence = &raw[i..i + ticks];
                if let Some(end) = find_first(&bytes[i + ticks..], fence.as_bytes()) {
                    let content = &raw[i + ticks..i + ticks + end];
                    out.code_spans.push(content.to_owned());
                    out.copy(content, i + ticks);
                    i += ticks + end + ticks;
                    continue;
                }
            }
            '<' => {
                if let Some(length) = tag_length(&raw[i..]) {
                    let tag = &raw[i..i + length];
                    if let Some(destination) = href(tag) {
                        out.links.push(Link {
                            destination: destination.to_owned(),
                            at: i,
                            text: None,
                        });
                    }
                    // A tag separates words as a reader sees them (`<br/>`, `<dt>`).
                    out.push(' ', i);
                    i += length;
                    continue;
                }
            }
            '&' => {
                if let Some((entity, c)) = ENTITIES.iter().find(|(e, _)| raw[i..].starts_with(e)) {
                    out.push(*c, i);
                    i += entity.len();
                    continue;
                }
            }
            '[' => open_brackets.push(out.text.len()),
            ']' if raw[i..].starts_with("](") => {
                if let Some(length) = destination_length(&raw[i + 2..]) {
                    // The `[` itself is visible at `start`; the text follows it.
                    let text = open_brackets.pop().map(|start| start + 1..out.text.len());
                    out.links.push(Link {
                        destination: without_title(&raw[i + 2..i + 2 + length]).to_owned(),
                        at: i,
                        text,
                    });
                    out.push(']', i);
                    i += 2 + length + 1;
                    continue;
                }
            }
            ':' if raw[i..].starts_with(":::no-loc text=\"") => {
                let start = i + ":::no-loc text=\"".len();
                if let Some(end) = find_first(&bytes[start..], b"\":::") {
                    out.copy(&raw[start..start + end], start);
                    i = start + end + "\":::".len();
                    continue;
                }
            }
            _ => {}
        }
        out.push(c, i);
        i += c.len_utf8();
    }
    out
}

/// Whether the first character of `raw` after any whitespace is shown as it is, not markup:
/// then its reading by [`visible`] is not blank.
pub(crate) fn shows_first(raw: &str) -> bool {
    raw.trim_start()
        .bytes()
        .next()
        .is_some_and(|b| !IS_SPECIAL[usize::from(b)])
}

/// A link destination without its title: `image.png "Coverage bits"` is `image.png`, and the
/// title is text to translate.
fn without_title(destination: &str) -> &str {
    let destination = destination.trim();
    match destination.split_once(char::is_whitespace) {
        Some((path, title)) if title.trim_start().starts_with(['"', '\'']) => path,
        _ => destination,
    }
}

/// HTML elements the docs use, sorted for a binary search. `<Valor del nombre *DataType*>` (a
/// translated placeholder) and `<v: *element* o:althref=...>` (syntax shown as text) are text,
/// not tags.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "figure",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "link",
    "meta",
    "nobr",
    "object",
    "ol",
    "option",
    "p",
    "param",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "section",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// The length of the HTML tag at the start of `text`, if it is one: a comment, or an element
/// the docs use.
fn tag_length(text: &str) -> Option<usize> {
    let name = text[1..].strip_prefix('/').unwrap_or(&text[1..]);
    // The name lowercased on the stack: this runs at every `<` of a site.
    let mut lowered = [0u8; 12];
    let mut length = 0;
    for b in name.bytes().take_while(u8::is_ascii_alphanumeric) {
        if length == lowered.len() {
            return None;
        }
        lowered[length] = b.to_ascii_lowercase();
        length += 1;
    }
    // Compared as bytes, which order as the names do.
    let element = HTML_ELEMENTS
        .binary_search_by(|element| element.as_bytes().cmp(&lowered[..length]))
        .is_ok();
    if !(element || name.starts_with('!')) {
        return None;
    }
    let end = text.find('>')?;
    // A tag does not run across a line or another `<`.
    (!text.as_bytes()[1..end]
        .iter()
        .any(|&b| b == b'<' || b == b'\n'))
    .then_some(end + 1)
}

/// The first start of `needle` in `haystack`, found by its first byte: a side is short, and a
/// searcher built for each search would cost more than it saves.
fn find_first(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memchr_iter(needle[0], haystack).find(|&at| haystack[at..].starts_with(needle))
}

/// The `href="..."` of a tag (not `althref="..."`).
fn href(tag: &str) -> Option<&str> {
    let bytes = tag.as_bytes();
    // A tag starts with `<`: there is a byte before any `href`.
    let at = memchr::memchr_iter(b'h', bytes)
        .find(|&at| bytes[at..].starts_with(b"href=\"") && bytes[at - 1].is_ascii_whitespace())?
        + "href=\"".len();
    let end = memchr::memchr(b'"', &tag.as_bytes()[at..])?;
    Some(&tag[at..at + end])
}

/// The length of a link destination up to (not including) its closing `)`, with balanced
/// parentheses inside (`(v=vs.85)`), if it closes on this line.
pub(crate) fn destination_length(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    // Bytes, not characters: what it looks for is ASCII, which UTF-8 writes as itself.
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' if depth == 0 => return Some(i),
            b')' => depth -= 1,
            b'\n' => return None,
            _ => {}
        }
    }
    None
}

/// What a word of the English side is to a translator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Code: `SEC_E_OK`, `InitializeSecurityContext`, `ID2D1Device::CreatePrintControl`.
    Identifier,
    /// `Winerror.h`, `MsiExec.exe`.
    FileName,
    /// An acronym or a product term: `SSPI`, `KDC`, `Kerberos`.
    Term,
    /// Anything else: a word to translate, or a number.
    Word,
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub kind: Kind,
    /// Byte range in the visible text.
    pub range: Range<usize>,
}

/// Acronym-shaped words a translation may rightly replace: callouts, a few English words in
/// capitals, units that locales write their own way (`KB` is `Ko`, `КБ`), Roman numerals.
const NOT_TERMS: &[&str] = &[
    "NOTE",
    "IMPORTANT",
    "TIP",
    "WARNING",
    "CAUTION",
    "ID",
    "IDS",
    "OK",
    "AND",
    "OR",
    "NOT",
    "THE",
    "TODO",
    "AM",
    "PM",
    "II",
    "III",
    "IV",
    "KB",
    "MB",
    "GB",
    "TB",
    "PB",
    "KBPS",
    "MBPS",
    "GBPS",
    "MHZ",
    "GHZ",
    "YES",
    "NO",
    "OS",
    "UI",
];

/// Product and protocol names Microsoft never translates, beyond what the shapes catch.
const TERMS: &[&str] = &[
    "Kerberos",
    "Schannel",
    "Negotiate",
    "Windows",
    "Microsoft",
    "Azure",
    "Visual",
    "Studio",
    "Direct3D",
    "Outlook",
    "Excel",
    "Xbox",
    "Cortana",
    "Bluetooth",
    "Ethernet",
    "Intel",
    "Linux",
    "Java",
    "Python",
];

const FILE_EXTENSIONS: &[&str] = &[
    "h", "hpp", "c", "cpp", "cs", "idl", "lib", "dll", "exe", "sys", "inf", "ini", "xml", "mof",
    "msi", "msp", "mst", "msm", "cab", "cat", "ocx", "tlb", "md", "txt", "json", "ps1", "cmd",
    "bat", "vbs", "js", "manifest", "winmd", "rc", "def",
];

/// The words of `text`: runs of ASCII letters, digits and `_`, joined through `::` and through
/// `.` between a word and a file extension or between digits.
pub(crate) fn tokens<'t>(
    text: &'t str,
    extra_terms: &'t [String],
) -> impl Iterator<Item = Token> + 't {
    let mut at = 0;
    // Read as the caller asks: most callers look at each token once.
    std::iter::from_fn(move || {
        let token = next_token(text, at, extra_terms)?;
        at = token.range.end;
        Some(token)
    })
}

/// The first token of `text` from `from` on. A function of its own, not the iterator's
/// closure, so that the offset stays in a register while the bytes are read.
fn next_token(text: &str, from: usize, extra_terms: &[String]) -> Option<Token> {
    let bytes = text.as_bytes();
    let word = is_word;
    let start = from + bytes[from..].iter().position(|&b| word(b))?;
    let mut i = start;
    let mut part_start = i;
    // The classes of its bytes, gathered as they are read: all most words need to be told
    // apart (a lowercase word is a word), without a second pass.
    let mut classes = 0;
    loop {
        while let Some(&b) = bytes.get(i) {
            let class = CLASSES[b as usize];
            if class & WORD == 0 {
                break;
            }
            classes |= class;
            i += 1;
        }
        // Most words end at a space or a mark that joins nothing: what follows is read only
        // after a `.`, `-`, `\` or `:`.
        if bytes
            .get(i)
            .is_none_or(|&b| CLASSES[b as usize] & (DOT | HYPHEN | PATH) == 0)
        {
            break;
        }
        if bytes[i..].starts_with(b"::") && bytes.get(i + 2).is_some_and(|&b| word(b)) {
            classes |= PATH;
            i += 2;
            part_start = i;
            continue;
        }
        let next_end = |from: usize| from + bytes[from..].iter().take_while(|&&b| word(b)).count();
        if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(|&b| word(b)) {
            let next = &text[i + 1..next_end(i + 1)];
            let part = &text[part_start..i];
            let digits = bytes[i - 1].is_ascii_digit() && bytes[i + 1].is_ascii_digit();
            let extension = FILE_EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(next));
            // System.Object, Microsoft.Isam.Esent: a namespace path.
            let dotted = [part, next]
                .iter()
                .all(|p| p.len() >= 2 && p.starts_with(|c: char| c.is_ascii_uppercase()));
            if digits || extension || dotted {
                classes |= DOT;
                i += 1;
                part_start = i;
                continue;
            }
        }
        // Root\CIMv2, HKEY_LOCAL_MACHINE\System, xs:string: paths and qualified names.
        if matches!(bytes.get(i), Some(b'\\' | b':'))
            && bytes.get(i + 1).is_some_and(|&b| b.is_ascii_alphanumeric())
            && !bytes[i + 1..].starts_with(b"//")
        {
            classes |= PATH;
            i += 1;
            part_start = i;
            continue;
        }
        // Range-Lower, ms-DS-Is-Domain-For: hyphenated schema names.
        if bytes.get(i) == Some(&b'-') && bytes.get(i + 1).is_some_and(u8::is_ascii_uppercase) {
            classes |= HYPHEN;
            i += 1;
            part_start = i;
            continue;
        }
        break;
    }
    Some(Token {
        kind: kind_of_classes(&text[start..i], classes, extra_terms),
        range: start..i,
    })
}

/// What a byte is to [`tokens`] and [`kind_of_classes`], one bit each, looked up in
/// [`CLASSES`].
const WORD: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 4;
const DIGIT: u8 = 8;
const UNDERSCORE: u8 = 16;
const DOT: u8 = 32;
const HYPHEN: u8 = 64;
/// `\` or `:`: a path or a qualified name.
const PATH: u8 = 128;

/// The class of every byte: one lookup instead of a chain of comparisons, as this runs on
/// every byte of every English side several times.
static CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        classes[b] = if byte.is_ascii_lowercase() {
            WORD | LOWER
        } else if byte.is_ascii_uppercase() {
            WORD | UPPER
        } else if byte.is_ascii_digit() {
            WORD | DIGIT
        } else {
            match byte {
                b'_' => WORD | UNDERSCORE,
                b'.' => DOT,
                b'-' => HYPHEN,
                b'\\' | b':' => PATH,
                _ => 0,
            }
        };
        b += 1;
    }
    classes
};

/// An ASCII letter, digit or `_`: what tokens are made of.
fn is_word(b: u8) -> bool {
    CLASSES[b as usize] & WORD != 0
}

#[cfg(test)]
fn kind(token: &str, extra_terms: &[String]) -> Kind {
    let classes = token
        .bytes()
        .fold(0, |classes, b| classes | CLASSES[b as usize]);
    kind_of_classes(token, classes, extra_terms)
}

/// The kind of `token`, whose bytes' [`CLASSES`] together are `classes`.
fn kind_of_classes(token: &str, classes: u8, extra_terms: &[String]) -> Kind {
    let has = |class: u8| classes & class != 0;
    let (has_lower, has_upper, has_digit) = (has(LOWER), has(UPPER), has(DIGIT));
    let (dot, hyphen, path, underscore) = (has(DOT), has(HYPHEN), has(PATH), has(UNDERSCORE));
    if !(has_upper || has_digit || dot || hyphen || path || underscore) {
        // A lowercase word, as most are: a term only when the caller says so (the built-in
        // terms are capitalized).
        return if extra_terms.iter().any(|term| term == token) {
            Kind::Term
        } else {
            Kind::Word
        };
    }
    // What only some of the other words are asked is read again from the token, when asked:
    // counting it for all words as `tokens` reads them cost more.
    let bytes = token.as_bytes();
    let letters = || bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let hex = token.len() > 2
        && (token.starts_with("0x") || token.starts_with("0X"))
        && token[2..]
            .trim_end_matches(['L', 'l', 'U', 'u'])
            .bytes()
            .all(|b| b.is_ascii_hexdigit());
    // Numbers, hexadecimal ones too, are the number check's.
    if !(has_lower || has_upper) || hex {
        return Kind::Word;
    }
    if dot
        && let Some((stem, extension)) = token.rsplit_once('.')
        && !stem.is_empty()
        && FILE_EXTENSIONS
            .iter()
            .any(|e| e.eq_ignore_ascii_case(extension))
        && stem.bytes().any(|b| b.is_ascii_alphabetic())
    {
        return Kind::FileName;
    }
    if path {
        return Kind::Identifier;
    }
    if hyphen {
        // Two capitalized parts make a name (System-Flags, ms-DS-Is-Domain-For); one does not
        // (non-Windows).
        let capitalized = token
            .split('-')
            .filter(|part| part.starts_with(|c: char| c.is_ascii_uppercase()))
            .count();
        return if capitalized >= 2 {
            Kind::Identifier
        } else {
            Kind::Word
        };
    }
    if dot && !has_digit {
        return Kind::Identifier;
    }
    // Length and first letter first: most capitalized words are no built-in term, and fail
    // there without a comparison of their bytes.
    let listed = |terms: &[&str]| {
        terms.iter().any(|term| {
            term.len() == token.len() && term.as_bytes()[0] == bytes[0] && *term == token
        })
    };
    if listed(TERMS) || extra_terms.iter().any(|term| term == token) {
        return Kind::Term;
    }
    let inner_underscore = underscore && token.trim_matches('_').contains('_');
    if inner_underscore && letters() >= 2 {
        return Kind::Identifier;
    }
    // A lowercase letter followed by a capital: InitializeSecurityContext, mciSendString.
    let camel = bytes
        .windows(2)
        .any(|pair| pair[0].is_ascii_lowercase() && pair[1].is_ascii_uppercase());
    if camel {
        return Kind::Identifier;
    }
    if has_upper && has_lower && has_digit && bytes[0].is_ascii_uppercase() && letters() >= 3 {
        // ID2D1Device, Win32, Direct2D: code names mixing digits and case.
        return Kind::Identifier;
    }
    if has_upper && !has_lower && letters() >= 2 && !listed(NOT_TERMS) {
        return Kind::Term;
    }
    Kind::Word
}

/// True for a word worth translating: letters, not a token to keep.
pub(crate) fn translatable(text: &str, token: &Token) -> bool {
    token.kind == Kind::Word
        && text[token.range.clone()]
            .bytes()
            .filter(u8::is_ascii_alphabetic)
            .count()
            >= 2
        && !text[token.range.clone()]
            .bytes()
            .any(|b| b.is_ascii_digit())
}

/// Where `needle` occurs in `haystack` as a whole word: not inside a longer run of ASCII
/// letters, digits or `_` (CJK text around it is a boundary). `suffix` lets a lowercase
/// inflection follow (`KDCs`, `Kerberos'`).
pub(crate) fn occurrences(haystack: &str, needle: &str, case: Case, suffix: bool) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = haystack.as_bytes();
    let found: Vec<usize> = match case {
        Case::Exact => find_all(bytes, needle.as_bytes()),
        Case::Ignore => find_all_ignoring_case(bytes, needle.as_bytes()),
    };
    found
        .into_iter()
        .filter(|&at| {
            let end = at + needle.len();
            let before = at == 0 || !word(bytes[at - 1]);
            let after = end == bytes.len()
                || !word(bytes[end])
                || (suffix && {
                    let rest = bytes[end..].iter().take_while(|&&b| word(b));
                    rest.clone().count() <= 3 && rest.clone().all(u8::is_ascii_lowercase)
                });
            before && after
        })
        .collect()
}

/// Every start of `needle` in `haystack`, not overlapping. A segment is short: a scan for the
/// first byte beats building a searcher on every call; a long text gets a searcher.
pub(crate) fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    if haystack.len() > 1024 {
        return memchr::memmem::find_iter(haystack, needle).collect();
    }
    let mut found = Vec::new();
    let mut at = 0;
    let last = needle[needle.len() - 1];
    while let Some(start) = memchr::memchr(needle[0], &haystack[at..]).map(|i| at + i) {
        // Its last byte first: most places of the first byte fail there, without a call to
        // compare the rest.
        if haystack.get(start + needle.len() - 1) == Some(&last)
            && haystack[start..].starts_with(needle)
        {
            found.push(start);
            at = start + needle.len();
        } else {
            at = start + 1;
        }
    }
    found
}

/// [`find_all`] with ASCII letters of either case alike, without lowercased copies for the
/// short haystacks of segments.
fn find_all_ignoring_case(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    if haystack.len() > 1024 {
        return find_all(&haystack.to_ascii_lowercase(), &needle.to_ascii_lowercase());
    }
    let first = needle[0];
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = memchr::memchr2(lower, upper, &haystack[at..]).map(|i| at + i) {
        if haystack[start..]
            .get(..needle.len())
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(needle))
        {
            found.push(start);
            at = start + needle.len();
        } else {
            at = start + 1;
        }
    }
    found
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    Exact,
    Ignore,
}

/// Where `token` occurs with spaces (or full-width colons) inserted around its `_`, `.` and `::`
/// separators, as machine translation leaves identifiers: `SEC _ E _ NO _ KERB _ KEY`,
/// `WinError. h`, `ID2D1Device：： CreatePrintControl`. Returns the first range found.
pub(crate) fn spaced(haystack: &str, token: &str, case: Case) -> Option<Range<usize>> {
    spaced_from(haystack, token, case).next()
}

/// Every place [`spaced`] finds, in order, not overlapping (an unsplit occurrence among them).
pub(crate) fn spaced_all(haystack: &str, token: &str, case: Case) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = Vec::new();
    for range in spaced_from(haystack, token, case) {
        if found.last().is_none_or(|last| last.end <= range.start) {
            found.push(range);
        }
    }
    found
}

fn spaced_from<'h>(
    haystack: &'h str,
    token: &'h str,
    case: Case,
) -> impl Iterator<Item = Range<usize>> + 'h {
    // Most tokens have no separator to put spaces around (`SSPI`, `InitializeSecurityContext`):
    // nothing to split, nor to look for.
    let separated = token.bytes().any(|b| matches!(b, b'_' | b'.' | b':'));
    let parts = if separated {
        split_parts(token)
    } else {
        Vec::new()
    };
    let eq = move |a: &str, b: &str| match case {
        Case::Exact => a == b,
        Case::Ignore => a.eq_ignore_ascii_case(b),
    };
    let starts = if parts.len() < 2 {
        Vec::new()
    } else {
        occurrences(haystack, parts[0].0, case, false)
    };
    starts.into_iter().filter_map(move |start| {
        let mut at = start + parts[0].0.len();
        for &(part, separator) in &parts[1..] {
            let rest = &haystack[at..];
            let skipped = rest.len() - rest.trim_start().len();
            let rest = rest.trim_start();
            let separator_width = match separator {
                "::" if rest.starts_with("::") => 2,
                "::" if rest.starts_with("：：") => "：：".len(),
                _ if rest.starts_with(separator) => separator.len(),
                _ => return None,
            };
            let rest = &rest[separator_width..];
            let skipped2 = rest.len() - rest.trim_start().len();
            let rest = rest.trim_start();
            if rest.len() < part.len() || !rest.is_char_boundary(part.len()) {
                return None;
            }
            if !eq(&rest[..part.len()], part) {
                return None;
            }
            at += skipped + separator_width + skipped2 + part.len();
        }
        let boundary = haystack[at..]
            .bytes()
            .next()
            .is_none_or(|b| !(b.is_ascii_alphanumeric() || b == b'_'));
        boundary.then_some(start..at)
    })
}

/// `SEC_E_OK` → `[("SEC", ""), ("E", "_"), ("OK", "_")]`: each part with the separator before it.
pub(crate) fn split_parts(token: &str) -> Vec<(&str, &str)> {
    let mut parts = Vec::new();
    let mut separator = "";
    let mut rest = token;
    loop {
        let bytes = rest.as_bytes();
        let next = bytes.iter().enumerate().find_map(|(at, b)| match b {
            b'_' => Some((at, "_")),
            b'.' => Some((at, ".")),
            b':' if bytes.get(at + 1) == Some(&b':') => Some((at, "::")),
            _ => None,
        });
        match next {
            Some((at, found)) => {
                if at > 0 {
                    parts.push((&rest[..at], separator));
                    separator = found;
                } else if parts.is_empty() {
                    // A leading `_` belongs to the first part.
                    separator = found;
                }
                rest = &rest[at + found.len()..];
            }
            None => {
                if !rest.is_empty() {
                    parts.push((rest, separator));
                }
                return parts;
            }
        }
    }
}

/// A word as letters to compare across scripts and spellings, handed to `letter` one by one:
/// lowercase, Cyrillic written in Latin letters (`сетфилетиме` is `setfiletime`), anything but
/// letters and digits dropped.
fn comparable(word: &str, mut letter: impl FnMut(char)) {
    const CYRILLIC: [(char, &str); 33] = [
        ('а', "a"),
        ('б', "b"),
        ('в', "v"),
        ('г', "g"),
        ('д', "d"),
        ('е', "e"),
        ('ё', "e"),
        ('ж', "zh"),
        ('з', "z"),
        ('и', "i"),
        ('й', "i"),
        ('к', "k"),
        ('л', "l"),
        ('м', "m"),
        ('н', "n"),
        ('о', "o"),
        ('п', "p"),
        ('р', "r"),
        ('с', "s"),
        ('т', "t"),
        ('у', "u"),
        ('ф', "f"),
        ('х', "h"),
        ('ц', "c"),
        ('ч', "ch"),
        ('ш', "sh"),
        ('щ', "sh"),
        ('ъ', ""),
        ('ы', "y"),
        ('ь', ""),
        ('э', "e"),
        ('ю', "yu"),
        ('я', "ya"),
    ];
    for c in word.chars() {
        // What needs no case table: ASCII, and the ideographs a Chinese target's words are
        // mostly made of.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                letter(c.to_ascii_lowercase());
            }
            continue;
        }
        if CJK_IDEOGRAPHS.contains(&c) {
            letter(c);
            continue;
        }
        for c in c.to_lowercase() {
            // The table is searched only for a letter in its range, `а` to `ё`.
            let latin = ('а'..='ё')
                .contains(&c)
                .then(|| CYRILLIC.iter().find(|(cyrillic, _)| *cyrillic == c))
                .flatten();
            match latin {
                Some((_, latin)) => latin.chars().for_each(&mut letter),
                None if c.is_alphanumeric() => letter(c),
                None => {}
            }
        }
    }
}

/// The CJK Unified Ideographs: letters without case (a unit test holds them so).
const CJK_IDEOGRAPHS: std::ops::RangeInclusive<char> = '\u{4E00}'..='\u{9FFF}';

/// A word's letter pairs once [`comparable`], sorted: what [`dice`] compares.
pub(crate) fn letter_pairs(word: &str) -> Vec<(char, char)> {
    // Paired as the letters come, with no string or list of them in between: this runs on
    // every Latin word of a target that lost an identifier. A word has about as many letters
    // as bytes, or fewer: one allocation.
    let mut pairs = Vec::with_capacity(word.len());
    let mut previous = None;
    comparable(word, |c| {
        if let Some(previous) = previous {
            pairs.push((previous, c));
        }
        previous = Some(c);
    });
    pairs.sort_unstable();
    pairs
}

/// Whether two words are near enough in length for [`dice`] to reach one half: it cannot when
/// one has over three times the other's letters. Checked before the pairs are made.
pub(crate) fn could_be_alike(a: &str, b: &str) -> bool {
    let (a, b) = (a.chars().count(), b.chars().count());
    a >= 2 && b >= 2 && a.max(b) <= 3 * a.min(b) + 2
}

/// How alike two words are, 0 to 1, from their [`letter_pairs`]: the Dice coefficient
/// (`CredSSP` and `kredssp` share five of six pairs).
pub(crate) fn dice(a: &[(char, char)], b: &[(char, char)]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // Shared pairs, each counted as often as both have it: a merge of two sorted lists.
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f32 / (a.len() + b.len()) as f32
}

/// The words of a visible text in any script, as ranges: runs of letters, digits and `_`,
/// joined through `-`, `.` and `::` between them (`Accept-SecurityContext`, `Winerror.h`).
pub(crate) fn words_of(text: &str) -> Vec<Range<usize>> {
    // ASCII and the CJK ideographs without the Unicode tables: most of what a target is.
    let word = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '_'
        } else {
            CJK_IDEOGRAPHS.contains(&c) || c.is_alphanumeric()
        }
    };
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let joiner = matches!(c, '-' | '.' | ':')
            && start.is_some()
            && chars
                .peek()
                .is_some_and(|&(_, next)| word(next) || next == ':');
        match (word(c) || joiner, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                words.push(from..at);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        words.push(from..text.len());
    }
    words
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_elements_are_sorted_for_their_binary_search() {
        assert!(super::HTML_ELEMENTS.is_sorted());
        assert_eq!(super::tag_length("<BR/> x"), Some(5));
        assert_eq!(super::tag_length("<subclave definida>"), None);
    }

    use super::*;

    /// What lets [`comparable`] pass them on as they are, and [`words_of`] take them for
    /// letters without a look at the Unicode tables.
    #[test]
    fn cjk_ideographs_are_letters_without_case() {
        for c in CJK_IDEOGRAPHS {
            assert!(c.is_alphanumeric() && c.to_lowercase().eq([c]), "{c:?}");
        }
        assert_eq!(letter_pairs("使用SetFileTime"), {
            let mut pairs = vec![('使', '用'), ('用', 's'), ('s', 'e'), ('e', 't')];
            pairs.extend([('t', 'f'), ('f', 'i'), ('i', 'l'), ('l', 'e'), ('e', 't')]);
            pairs.extend([('t', 'i'), ('i', 'm'), ('m', 'e')]);
            pairs.sort_unstable();
            pairs
        });
        assert_eq!(letter_pairs("Сеть"), [('e', 't'), ('s', 'e')]);
    }

    #[test]
    fn find_all_finds_what_match_indices_finds_short_or_long_in_either_case() {
        let long = "aab".repeat(500);
        for (haystack, needle) in [
            ("SEC_E_OK SEC_E_OK", "SEC_E_OK"),
            ("aaaa", "aa"),
            ("abc", "abcd"),
            ("x", "x"),
            (long.as_str(), "ab"),
            (long.as_str(), "aab"),
        ] {
            let expected: Vec<usize> = haystack.match_indices(needle).map(|(at, _)| at).collect();
            assert_eq!(find_all(haystack.as_bytes(), needle.as_bytes()), expected);
            let (upper, lower) = (haystack.to_ascii_uppercase(), needle.to_ascii_lowercase());
            let expected: Vec<usize> = upper
                .to_ascii_lowercase()
                .match_indices(&lower)
                .map(|(at, _)| at)
                .collect();
            assert_eq!(
                find_all_ignoring_case(upper.as_bytes(), needle.as_bytes()),
                expected
            );
        }
    }

    fn kinds(text: &str) -> Vec<(String, Kind)> {
        let visible = visible(text);
        tokens(&visible.text, &[])
            .map(|t| (visible.text[t.range].to_owned(), t.kind))
            .collect()
    }

    #[test]
    fn the_visible_text_resolves_escapes_and_drops_markup() {
        let v = visible(
            "[**AcceptSecurityContext (General)**](../a--b.md(v=vs.85)) and SEC\\_E\\_OK<br/>`x_y` &amp; <dt>6</dt>",
        );
        assert_eq!(
            v.text,
            "[AcceptSecurityContext (General)] and SEC_E_OK x_y &  6 "
        );
        assert_eq!(v.links[0].destination, "../a--b.md(v=vs.85)");
        assert_eq!(v.code_spans, ["x_y"]);
        let at = v.text.find("SEC_E_OK").unwrap();
        assert_eq!(
            v.raw_offset(at + 3),
            "[**AcceptSecurityContext (General)**](../a--b.md(v=vs.85)) and SEC".len()
        );
    }

    /// `kind` reads a lowercase word as a term only when the caller names it.
    #[test]
    fn built_in_terms_are_capitalized() {
        assert!(
            TERMS
                .iter()
                .all(|t| t.starts_with(|c: char| c.is_ascii_uppercase()))
        );
        assert_eq!(kind("kerberos", &[]), Kind::Word);
        assert_eq!(kind("kerberos", &["kerberos".into()]), Kind::Term);
    }

    #[test]
    fn words_are_sorted_into_what_a_translator_keeps() {
        assert_eq!(
            kinds(
                "The SEC\\_E\\_OK code of InitializeSecurityContext in Winerror.h for KDC, Kerberos and ID2D1Device::CreatePrintControl, version 3.1, 0x80090331 IDs"
            ),
            [
                ("The".into(), Kind::Word),
                ("SEC_E_OK".into(), Kind::Identifier),
                ("code".into(), Kind::Word),
                ("of".into(), Kind::Word),
                ("InitializeSecurityContext".into(), Kind::Identifier),
                ("in".into(), Kind::Word),
                ("Winerror.h".into(), Kind::FileName),
                ("for".into(), Kind::Word),
                ("KDC".into(), Kind::Term),
                ("Kerberos".into(), Kind::Term),
                ("and".into(), Kind::Word),
                ("ID2D1Device::CreatePrintControl".into(), Kind::Identifier),
                ("version".into(), Kind::Word),
                ("3.1".into(), Kind::Word),
                ("0x80090331".into(), Kind::Word),
                ("IDs".into(), Kind::Word),
            ]
        );
    }

    #[test]
    fn spaced_identifiers_are_found_where_they_stand() {
        let text =
            "找不到 SEC _ E _ NO _ KERB _ KEY 與 WinError. h 及 ID2D1Device：： CreatePrintControl";
        let found = spaced(text, "SEC_E_NO_KERB_KEY", Case::Exact).unwrap();
        assert_eq!(&text[found], "SEC _ E _ NO _ KERB _ KEY");
        assert!(spaced(text, "Winerror.h", Case::Exact).is_none());
        let found = spaced(text, "Winerror.h", Case::Ignore).unwrap();
        assert_eq!(&text[found], "WinError. h");
        let found = spaced(text, "ID2D1Device::CreatePrintControl", Case::Exact).unwrap();
        assert_eq!(&text[found], "ID2D1Device：： CreatePrintControl");
        assert_eq!(
            split_parts("SEC_E_OK"),
            [("SEC", ""), ("E", "_"), ("OK", "_")]
        );
    }

    #[test]
    fn occurrences_respect_word_boundaries() {
        assert_eq!(
            occurrences("KDC 與 KDCs，XKDC", "KDC", Case::Exact, false),
            [0]
        );
        assert_eq!(
            occurrences("KDC 與 KDCs，XKDC", "KDC", Case::Exact, true),
            [0, 8]
        );
        assert_eq!(
            occurrences(
                "initializesecuritycontext",
                "InitializeSecurityContext",
                Case::Ignore,
                false
            ),
            [0]
        );
    }
}
