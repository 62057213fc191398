//! A segment side's inline Markdown as translatable text and the codes around it: escapes,
//! entities, HTML tags and autolinks stand alone ([`Node::Ph`]); emphasis, links and code spans
//! enclose text ([`Node::Pc`]); identifiers and code are kept as they are ([`Node::Keep`]).
//!
//! Every byte of the side lands in exactly one node, in order, so writing the nodes' raw text
//! back gives the side byte for byte whatever the reading got wrong. The reading only decides
//! how much a CAT tool protects; a link it misses stays text, never changes the page. So the
//! rules are CommonMark's, simplified where a miss costs only protection.

use std::ops::Range;

/// What a standalone code stands for: XLIFF's `type` and `equiv` come from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PhKind {
    /// `\_`: shows as the character after the backslash.
    Escape,
    /// `&amp;`, `&#160;`.
    Entity,
    /// `<br/>`, `<b>`, `</a>`, `<!-- -->`.
    Html,
    /// `<https://example.com>`.
    Autolink,
}

/// What a paired code encloses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PcKind {
    Emphasis,
    Link,
    Image,
    Code,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    Text(Range<usize>),
    Ph {
        raw: Range<usize>,
        kind: PhKind,
    },
    Pc {
        open: Range<usize>,
        close: Range<usize>,
        kind: PcKind,
        children: Vec<Node>,
    },
    /// Text that must not be translated: an identifier of the English, a code span's content.
    Keep(Vec<Node>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Atom {
    Text,
    Escape,
    Entity,
    Html,
    Autolink,
    /// A whole code span; its content starts and ends this many bytes inside.
    Code(usize),
    /// `[` or `![`.
    Open,
    /// `](destination)` or `][label]`.
    Close,
    /// A run of `*` or `_`.
    Delimiter {
        byte: u8,
        can_open: bool,
        can_close: bool,
    },
}

/// Pairs nest at most this deep; deeper brackets and emphasis stay text, so no page can
/// exhaust the stack (the page reader bounds markup the same way).
const MAX_DEPTH: usize = 64;

/// The side `raw` as nodes; `identifiers` (the English's, as the checks find them: visible
/// text, escapes resolved) are wrapped in [`Node::Keep`] wherever they stand whole.
pub(crate) fn read(raw: &str, identifiers: &[String]) -> Vec<Node> {
    let atoms = atoms(raw);
    let brackets = pair_brackets(&atoms);
    let mut nodes = build(raw, &atoms, &brackets, 0..atoms.len(), 0);
    if !identifiers.is_empty() {
        keep_identifiers(raw, &mut nodes, identifiers);
    }
    nodes
}

fn atoms(raw: &str) -> Vec<(Range<usize>, Atom)> {
    let bytes = raw.as_bytes();
    let mut atoms: Vec<(Range<usize>, Atom)> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let (length, atom) = atom_at(raw, at);
        match (atoms.last_mut(), atom) {
            (Some((range, Atom::Text)), Atom::Text) => range.end = at + length,
            _ => atoms.push((at..at + length, atom)),
        }
        at += length;
    }
    atoms
}

/// The atom at byte `at` and its length; text one character at a time.
fn atom_at(raw: &str, at: usize) -> (usize, Atom) {
    let bytes = raw.as_bytes();
    let rest = &raw[at..];
    let char_length = rest.chars().next().map_or(1, char::len_utf8);
    match bytes[at] {
        b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => (2, Atom::Escape),
        b'`' => {
            let run = run_length(bytes, at);
            match closing_backticks(bytes, at + run, run) {
                Some(end) => (end - at, Atom::Code(run)),
                None => (run, Atom::Text),
            }
        }
        b'&' => entity_length(rest).map_or((1, Atom::Text), |length| (length, Atom::Entity)),
        b'<' => {
            if let Some(length) = autolink_length(rest) {
                (length, Atom::Autolink)
            } else if let Some(length) = tag_length(rest) {
                (length, Atom::Html)
            } else {
                (1, Atom::Text)
            }
        }
        b'!' if bytes.get(at + 1) == Some(&b'[') => (2, Atom::Open),
        b'[' => (1, Atom::Open),
        b']' => close_length(rest).map_or((1, Atom::Text), |length| (length, Atom::Close)),
        byte @ (b'*' | b'_') => {
            let run = run_length(bytes, at);
            // The page puts the side between `">` and `</span>`: punctuation on both ends.
            let before = raw[..at].chars().next_back().unwrap_or('>');
            let after = raw[at + run..].chars().next().unwrap_or('<');
            let left = !after.is_whitespace()
                && (!is_punctuation(after) || before.is_whitespace() || is_punctuation(before));
            let right = !before.is_whitespace()
                && (!is_punctuation(before) || after.is_whitespace() || is_punctuation(after));
            let (can_open, can_close) = if byte == b'*' {
                (left, right)
            } else {
                (
                    left && (!right || is_punctuation(before)),
                    right && (!left || is_punctuation(after)),
                )
            };
            (
                run,
                Atom::Delimiter {
                    byte,
                    can_open,
                    can_close,
                },
            )
        }
        _ => (char_length, Atom::Text),
    }
}

fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

fn run_length(bytes: &[u8], at: usize) -> usize {
    bytes[at..].iter().take_while(|&&b| b == bytes[at]).count()
}

/// The end of the first run of exactly `run` backticks from `from`.
fn closing_backticks(bytes: &[u8], mut from: usize, run: usize) -> Option<usize> {
    while let Some(offset) = bytes[from..].iter().position(|&b| b == b'`') {
        let start = from + offset;
        let length = run_length(bytes, start);
        if length == run {
            return Some(start + length);
        }
        from = start + length;
    }
    None
}

/// `&name;`, `&#123;` or `&#x1F;`.
fn entity_length(text: &str) -> Option<usize> {
    let end = text[1..].find(';')? + 1;
    let name = &text[1..end];
    let valid = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        (1..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    } else if let Some(decimal) = name.strip_prefix('#') {
        (1..=7).contains(&decimal.len()) && decimal.bytes().all(|b| b.is_ascii_digit())
    } else {
        (2..=32).contains(&name.len())
            && name.as_bytes()[0].is_ascii_alphabetic()
            && name.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    valid.then_some(end + 1)
}

/// `<scheme:...>` with no space or `<` inside.
fn autolink_length(text: &str) -> Option<usize> {
    let end = text.find('>')?;
    let inner = &text[1..end];
    let (scheme, rest) = inner.split_once(':')?;
    let scheme_ok = (2..=32).contains(&scheme.len())
        && scheme.as_bytes()[0].is_ascii_alphabetic()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'));
    (scheme_ok && !rest.is_empty() && !inner.contains(|c: char| c.is_whitespace() || c == '<'))
        .then_some(end + 1)
}

/// An HTML tag (`<b>`, `</b>`, `<a href="x">`, `<br/>`) or comment, to its `>`.
pub(crate) fn tag_length(text: &str) -> Option<usize> {
    if let Some(comment) = text.strip_prefix("<!--") {
        return comment.find("-->").map(|end| 4 + end + 3);
    }
    let bytes = text.as_bytes();
    let name_start = if bytes.get(1) == Some(&b'/') { 2 } else { 1 };
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let mut quote = None;
    for (index, &byte) in bytes.iter().enumerate().skip(name_start) {
        match (quote, byte) {
            (Some(open), _) if byte == open => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'>') => return Some(index + 1),
            (None, b'<' | b'\n') => return None,
            _ => {}
        }
    }
    None
}

/// `](destination)` (parentheses balanced, `<...>` and escapes honoured) or `][label]`.
fn close_length(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes.get(1)? {
        b'(' => {
            let mut depth = 0usize;
            let mut index = 2;
            while index < bytes.len() {
                match bytes[index] {
                    b'\\' => index += 1,
                    b'(' => depth += 1,
                    b')' if depth == 0 => return Some(index + 1),
                    b')' => depth -= 1,
                    b'\n' => return None,
                    _ => {}
                }
                index += 1;
            }
            None
        }
        b'[' => text[2..]
            .find(']')
            .filter(|&end| !text[2..2 + end].contains(['[', '\n']))
            .map(|end| 2 + end + 1),
        _ => None,
    }
}

/// For each `Open` atom that a later `Close` closes, the index of that `Close` (innermost
/// first, as brackets nest).
fn pair_brackets(atoms: &[(Range<usize>, Atom)]) -> Vec<Option<usize>> {
    let mut pairs = vec![None; atoms.len()];
    let mut open = Vec::new();
    for (index, (_, atom)) in atoms.iter().enumerate() {
        match atom {
            Atom::Open => open.push(index),
            Atom::Close => {
                if let Some(start) = open.pop() {
                    pairs[start] = Some(index);
                }
            }
            _ => {}
        }
    }
    pairs
}

/// Emphasis at one level of `span` (inside brackets is another level): CommonMark's
/// delimiter stack, matching runs of the same character and length. Each opener is paired
/// with its closer's index; openers passed over by a match stay text, so pairs nest.
fn pair_emphasis(
    atoms: &[(Range<usize>, Atom)],
    brackets: &[Option<usize>],
    span: Range<usize>,
) -> Vec<Option<usize>> {
    let mut pairs = vec![None; atoms.len()];
    let mut openers: Vec<usize> = Vec::new();
    let mut index = span.start;
    while index < span.end {
        let (range, atom) = &atoms[index];
        if let Some(close) = brackets[index].filter(|&close| close < span.end) {
            index = close + 1;
            continue;
        }
        if let Atom::Delimiter {
            byte,
            can_open,
            can_close,
        } = *atom
        {
            let matching = can_close
                .then(|| {
                    openers.iter().rposition(|&opener| {
                        let (opened, atom) = &atoms[opener];
                        matches!(atom, Atom::Delimiter { byte: b, .. } if *b == byte)
                            && opened.len() == range.len()
                    })
                })
                .flatten();
            if let Some(position) = matching {
                pairs[openers[position]] = Some(index);
                openers.truncate(position);
            } else if can_open {
                openers.push(index);
            }
        }
        index += 1;
    }
    pairs
}

fn build(
    raw: &str,
    atoms: &[(Range<usize>, Atom)],
    brackets: &[Option<usize>],
    span: Range<usize>,
    depth: usize,
) -> Vec<Node> {
    let emphasis = pair_emphasis(atoms, brackets, span.clone());
    let mut nodes = Vec::new();
    let mut index = span.start;
    while index < span.end {
        let (range, atom) = atoms[index].clone();
        let pair = brackets[index]
            .filter(|&close| close < span.end)
            .map(|close| (close, bracket_kind(raw, &range)))
            .or_else(|| emphasis[index].map(|close| (close, PcKind::Emphasis)))
            .filter(|_| depth < MAX_DEPTH);
        if let Some((close, kind)) = pair {
            nodes.push(Node::Pc {
                open: range,
                close: atoms[close].0.clone(),
                kind,
                children: build(raw, atoms, brackets, index + 1..close, depth + 1),
            });
            index = close + 1;
            continue;
        }
        let node = standalone(range, atom);
        match (nodes.last_mut(), node) {
            (Some(Node::Text(previous)), Node::Text(range)) if previous.end == range.start => {
                previous.end = range.end;
            }
            (_, node) => nodes.push(node),
        }
        index += 1;
    }
    nodes
}

/// An atom that no pair takes as its opening: a standalone code, a code span, or text.
fn standalone(range: Range<usize>, atom: Atom) -> Node {
    let placeholder = |kind| Node::Ph {
        raw: range.clone(),
        kind,
    };
    match atom {
        Atom::Escape => placeholder(PhKind::Escape),
        Atom::Entity => placeholder(PhKind::Entity),
        Atom::Html => placeholder(PhKind::Html),
        Atom::Autolink => placeholder(PhKind::Autolink),
        Atom::Code(run) => Node::Pc {
            open: range.start..range.start + run,
            close: range.end - run..range.end,
            kind: PcKind::Code,
            children: vec![Node::Keep(vec![Node::Text(
                range.start + run..range.end - run,
            )])],
        },
        Atom::Text | Atom::Open | Atom::Close | Atom::Delimiter { .. } => Node::Text(range),
    }
}

fn bracket_kind(raw: &str, open: &Range<usize>) -> PcKind {
    if raw[open.clone()].starts_with('!') {
        PcKind::Image
    } else {
        PcKind::Link
    }
}

/// Wraps each whole occurrence of an identifier in a run of text and escapes in
/// [`Node::Keep`], at every level. The longest identifiers are placed first; occurrences do
/// not overlap.
fn keep_identifiers(raw: &str, nodes: &mut Vec<Node>, identifiers: &[String]) {
    for node in nodes.iter_mut() {
        if let Node::Pc { children, kind, .. } = node
            && *kind != PcKind::Code
        {
            keep_identifiers(raw, children, identifiers);
        }
    }
    let mut sorted: Vec<&String> = identifiers.iter().collect();
    sorted.sort_by_key(|identifier| std::cmp::Reverse(identifier.len()));
    let mut out = Vec::with_capacity(nodes.len());
    let mut run: Vec<Shown> = Vec::new();
    for node in std::mem::take(nodes) {
        match Shown::of(node) {
            Ok(piece) => run.push(piece),
            Err(node) => {
                out.extend(mark_run(raw, std::mem::take(&mut run), &sorted));
                out.push(node);
            }
        }
    }
    out.extend(mark_run(raw, run, &sorted));
    *nodes = out;
}

/// A piece of a run in which identifiers are looked for: text, or an escape (`\_`), which
/// shows as the character after its backslash. Anything else ends the run.
enum Shown {
    Text(Range<usize>),
    Escape(Range<usize>),
}

impl Shown {
    /// `node` as a piece of a run, or `node` itself when it is none.
    fn of(node: Node) -> Result<Shown, Node> {
        match node {
            Node::Text(range) => Ok(Shown::Text(range)),
            Node::Ph {
                raw,
                kind: PhKind::Escape,
            } => Ok(Shown::Escape(raw)),
            other => Err(other),
        }
    }

    fn range(&self) -> &Range<usize> {
        match self {
            Shown::Text(range) | Shown::Escape(range) => range,
        }
    }

    fn node(self) -> Node {
        match self {
            Shown::Text(range) => Node::Text(range),
            Shown::Escape(raw) => Node::Ph {
                raw,
                kind: PhKind::Escape,
            },
        }
    }
}

/// One run of text and escapes, with the identifiers in it wrapped.
fn mark_run(raw: &str, run: Vec<Shown>, identifiers: &[&String]) -> Vec<Node> {
    if run.is_empty() {
        return Vec::new();
    }
    let kept = identifier_ranges(raw, &run, identifiers);
    if kept.is_empty() {
        return run.into_iter().map(Shown::node).collect();
    }
    let cuts: Vec<usize> = kept
        .iter()
        .flat_map(|range| [range.start, range.end])
        .collect();
    let mut out = Vec::new();
    let mut keep: Option<(usize, Vec<Node>)> = None;
    let mut pending = kept.into_iter().peekable();
    for piece in run.into_iter().flat_map(|piece| match piece {
        Shown::Text(range) => split_text(range, &cuts),
        escape => vec![escape],
    }) {
        let range = piece.range().clone();
        if keep.is_none()
            && let Some(next) = pending.next_if(|next| next.start == range.start)
        {
            keep = Some((next.end, Vec::new()));
        }
        match &mut keep {
            Some((end, nodes)) => {
                nodes.push(piece.node());
                if range.end == *end {
                    out.push(Node::Keep(std::mem::take(nodes)));
                    keep = None;
                }
            }
            None => out.push(piece.node()),
        }
    }
    out
}

/// The raw ranges of the whole occurrences of `identifiers` in the text `run` shows, each
/// byte in one at most (the first identifier to take it keeps it), in order.
fn identifier_ranges(raw: &str, run: &[Shown], identifiers: &[&String]) -> Vec<Range<usize>> {
    // The visible text, each of its bytes mapped to the raw range it shows.
    let mut visible = String::new();
    let mut origin: Vec<Range<usize>> = Vec::new();
    for piece in run {
        match piece {
            Shown::Text(range) => {
                for (offset, c) in raw[range.clone()].char_indices() {
                    let start = range.start + offset;
                    visible.push(c);
                    origin.extend((0..c.len_utf8()).map(|_| start..start + c.len_utf8()));
                }
            }
            Shown::Escape(range) => {
                visible.push_str(&raw[range.start + 1..range.end]);
                origin.push(range.clone());
            }
        }
    }
    let mut taken = vec![false; visible.len()];
    let mut kept: Vec<Range<usize>> = Vec::new();
    // An empty identifier would match between every two characters and mark nothing.
    for identifier in identifiers
        .iter()
        .filter(|identifier| !identifier.is_empty())
    {
        for (start, _) in visible.match_indices(identifier.as_str()) {
            let end = start + identifier.len();
            let whole = !visible[..start].chars().next_back().is_some_and(is_word)
                && !visible[end..].chars().next().is_some_and(is_word);
            if whole && !taken[start..end].iter().any(|&t| t) {
                taken[start..end].iter_mut().for_each(|t| *t = true);
                kept.push(origin[start].start..origin[end - 1].end);
            }
        }
    }
    kept.sort_by_key(|range| range.start);
    kept
}

/// `range` cut at every cut inside it.
fn split_text(range: Range<usize>, cuts: &[usize]) -> Vec<Shown> {
    let mut pieces = Vec::new();
    let mut at = range.start;
    for &cut in cuts {
        if at < cut && cut < range.end {
            pieces.push(Shown::Text(at..cut));
            at = cut;
        }
    }
    pieces.push(Shown::Text(at..range.end));
    pieces
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The raw text of `nodes`, which is the side they were read from.
#[cfg(test)]
pub(crate) fn raw_of(raw: &str, nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(range) | Node::Ph { raw: range, .. } => out.push_str(&raw[range.clone()]),
            Node::Pc {
                open,
                close,
                children,
                ..
            } => {
                out.push_str(&raw[open.clone()]);
                out.push_str(&raw_of(raw, children));
                out.push_str(&raw[close.clone()]);
            }
            Node::Keep(children) => out.push_str(&raw_of(raw, children)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(raw: &str, identifiers: &[&str]) -> String {
        let identifiers: Vec<String> = identifiers.iter().map(|s| s.to_string()).collect();
        let nodes = read(raw, &identifiers);
        assert_eq!(raw_of(raw, &nodes), raw, "every byte in one node");
        fn show(raw: &str, nodes: &[Node], out: &mut String) {
            for node in nodes {
                match node {
                    Node::Text(range) => out.push_str(&raw[range.clone()]),
                    Node::Ph { raw: range, .. } => {
                        out.push('{');
                        out.push_str(&raw[range.clone()]);
                        out.push('}');
                    }
                    Node::Pc {
                        open,
                        close,
                        children,
                        ..
                    } => {
                        out.push('<');
                        out.push_str(&raw[open.clone()]);
                        out.push('|');
                        show(raw, children, out);
                        out.push('|');
                        out.push_str(&raw[close.clone()]);
                        out.push('>');
                    }
                    Node::Keep(children) => {
                        out.push('«');
                        show(raw, children, out);
                        out.push('»');
                    }
                }
            }
        }
        let mut out = String::new();
        show(raw, &nodes, &mut out);
        out
    }

    #[test]
    fn markup_becomes_codes_and_text_stays_text() {
        assert_eq!(
            shape("The [*security package*](../s.md) failed.", &[]),
            "The <[|<*|security package|*>|](../s.md)> failed."
        );
        assert_eq!(
            shape("SEC\\_E\\_OK and `x | y` &amp; <br/>", &["SEC_E_OK"]),
            "«SEC{\\_}E{\\_}OK» and <`|«x | y»|`> {&amp;} {<br/>}"
        );
        assert_eq!(
            shape("**Kerberos** <https://a.b/c> ![alt](i.png)", &[]),
            "<**|Kerberos|**> {<https://a.b/c>} <![|alt|](i.png)>"
        );
    }

    #[test]
    fn what_does_not_pair_stays_text() {
        assert_eq!(shape("a * b * c", &[]), "a * b * c");
        assert_eq!(shape("[x] (y) `z", &[]), "[x] (y) `z");
        assert_eq!(
            shape("SEC \\_ E \\_ 演算法", &["SEC_E_X"]),
            "SEC {\\_} E {\\_} 演算法"
        );
        assert_eq!(shape("snake_case_name x", &[]), "snake_case_name x");
        assert_eq!(shape("a < b > c &x", &[]), "a < b > c &x");
    }

    #[test]
    fn identifiers_are_kept_whole_only() {
        assert_eq!(
            shape(
                "Call **InitializeSecurityContext** (Winerror.h).",
                &["InitializeSecurityContext", "Winerror.h"]
            ),
            "Call <**|«InitializeSecurityContext»|**> («Winerror.h»)."
        );
        assert_eq!(shape("SEC_E_OKAY", &["SEC_E_OK"]), "SEC_E_OKAY");
    }

    #[test]
    fn deep_nesting_is_text_past_the_bound() {
        let raw = format!("{}x{}", "[".repeat(100_000), "](u)".repeat(100_000));
        let nodes = read(&raw, &[]);
        assert_eq!(raw_of(&raw, &nodes), raw);
    }
}
