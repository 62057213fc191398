//! The checks that need an English text beyond each segment's own: the front matter (title,
//! description) against the English heading or page, and, given today's English page, stale
//! segments and tables of another shape.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use doccodes_front_matter::{Block, FrontMatter};
use doccodes_page::{Outline, TableShape, Translation};

use crate::text::{Case, Kind, occurrences, spaced, tokens, visible};
use crate::{Check, Config, Finding};

/// Where the value of top-level `key:` of the front matter `block` starts in the page, for
/// pointing at it.
fn front_matter_span(block: Option<Block<'_>>, key: &str) -> Option<Range<usize>> {
    let front = block?;
    let mut offset = 0;
    for line in front.yaml.split_inclusive('\n') {
        if let Some(value) = line
            .strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(':'))
        {
            let start =
                front.offset + offset + key.len() + 1 + (value.len() - value.trim_start().len());
            let end = front.offset + offset + line.trim_end().len();
            return Some(start..end.max(start));
        }
        offset += line.len();
    }
    None
}

/// The translated title keeps the identifiers of the English H1 (the page's first heading, whose
/// segments carry the English): only an altered one (recased, split) is reported, since a title
/// may say more or less than the heading.
pub(crate) fn front_matter_against_heading(
    page: &Translation<'_>,
    front_matter: &FrontMatter,
    config: &Config,
) -> Vec<Finding> {
    let Some(heading) = &page.title else {
        return Vec::new();
    };
    let english: Vec<&str> = page
        .segments_in(heading.content.clone())
        .iter()
        .map(|segment| segment.source)
        .collect();
    if english.is_empty() {
        return Vec::new();
    }
    front_matter_identifiers(
        page.front_matter,
        front_matter,
        "title",
        &english.join(" "),
        false,
        config,
    )
}

/// Identifiers of `english` that the localized front matter value of `key` lost (altered only,
/// unless `missing_too`), pointed at in the page's front matter `block`.
fn front_matter_identifiers(
    block: Option<Block<'_>>,
    front_matter: &FrontMatter,
    key: &str,
    english: &str,
    missing_too: bool,
    config: &Config,
) -> Vec<Finding> {
    let (Some(span), Some(localized)) = (front_matter_span(block, key), front_matter.value(key))
    else {
        return Vec::new();
    };
    let english = visible(english).text;
    let localized = visible(localized).text;
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for token in tokens(&english, &config.terms) {
        if !matches!(token.kind, Kind::Identifier | Kind::FileName) {
            continue;
        }
        let word = &english[token.range.clone()];
        if seen.contains(&word) || !occurrences(&localized, word, Case::Exact, false).is_empty() {
            continue;
        }
        seen.push(word);
        let altered = occurrences(&localized, word, Case::Ignore, false)
            .first()
            .map(|&at| localized[at..at + word.len()].to_owned())
            .or_else(|| spaced(&localized, word, Case::Ignore).map(|r| localized[r].to_owned()));
        let message = match altered {
            Some(found) => format!("{key}: {word} became {found}"),
            None if missing_too => format!("{key}: {word} of the English {key} is missing"),
            None => continue,
        };
        out.push(Finding {
            check: Check::FrontMatter,
            span: span.clone(),
            segment: None,
            message,
            suggestion: Some(word.to_owned()),
            certain: false,
        });
    }
    out
}

/// What today's English page says about the localized `page`: segments whose English is no
/// longer on it (`stale`), tables of another shape (`structure`), and front matter identifiers
/// against the English front matter. `tables` are the shapes of the localized page's.
pub fn compare_with_english(
    page: &Translation<'_>,
    tables: &[TableShape],
    front_matter: &FrontMatter,
    english: &Outline<'_>,
    config: &Config,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let sources: Vec<Cow<'_, str>> = page
        .segments
        .iter()
        .map(|segment| collapse_whitespace(segment.source))
        .collect();
    let still_there = found_in_collapsed(english.text, &sources);
    for (index, segment) in page.segments.iter().enumerate() {
        if !sources[index].is_empty() && !still_there[index] {
            let start = segment.target_offset;
            out.push(Finding {
                check: Check::StaleSource,
                span: start..start + segment.target.len(),
                segment: Some(index),
                message: "this English is not on today's English page: the source changed after translation"
                    .into(),
                suggestion: None,
                certain: false,
            });
        }
    }

    let table_at = |index: usize| tables[index].first_row.unwrap_or(0);
    if tables.len() != english.tables.len() {
        let at = tables.first().map_or(0, |_| table_at(0));
        out.push(Finding {
            check: Check::TableShape,
            span: at..at + 1,
            segment: None,
            message: format!(
                "{} tables here, {} on today's English page",
                tables.len(),
                english.tables.len()
            ),
            suggestion: None,
            certain: false,
        });
    }
    for (index, (ours, theirs)) in tables.iter().zip(&english.tables).enumerate() {
        let at = table_at(index);
        let (rows, english_rows) = (ours.rows, theirs.rows);
        let (columns, english_columns) = (ours.columns, theirs.columns);
        if rows != english_rows || columns != english_columns {
            out.push(Finding {
                check: Check::TableShape,
                span: at..at + 1,
                segment: None,
                message: format!(
                    "table {}: {rows} rows and {columns} columns here, {english_rows} and \
                     {english_columns} on today's English page",
                    index + 1
                ),
                suggestion: None,
                certain: false,
            });
        }
    }

    let english_front_matter = FrontMatter::of(english.front_matter);
    for key in ["title", "description"] {
        if let Some(text) = english_front_matter.value(key) {
            out.extend(front_matter_identifiers(
                page.front_matter,
                front_matter,
                key,
                text,
                true,
                config,
            ));
        }
    }
    out.retain(|finding| config.runs(finding.check));
    out.sort_by_key(|finding| (finding.span.start, finding.check));
    out
}

/// Which of `patterns` (each with its whitespace collapsed) occur in `text` with its whitespace
/// collapsed. A pattern found in `text` as it is is found in it collapsed: the pattern has no
/// run of whitespace that collapsing could shorten, and it starts and ends on characters that
/// collapsing keeps. So `text` is collapsed only when some pattern is not found as it is (a
/// sentence wrapped over lines, a stale one): for most pages, never.
fn found_in_collapsed(text: &str, patterns: &[Cow<'_, str>]) -> Vec<bool> {
    let mut found = found_in(text, patterns);
    let missing: Vec<usize> = (0..patterns.len())
        .filter(|&index| !found[index] && !patterns[index].is_empty())
        .collect();
    if !missing.is_empty() {
        let collapsed = collapse_whitespace(text);
        let patterns: Vec<&str> = missing.iter().map(|&index| &*patterns[index]).collect();
        for (index, there) in missing.into_iter().zip(found_in(&collapsed, &patterns)) {
            found[index] = there;
        }
    }
    found
}

/// Which of `patterns` occur in `text`, each searched for in the whole text at most once (a page
/// repeats its sentences: `None`, `Reserved`). Empty patterns are not found. A translated page keeps
/// the English page's order, so each pattern is first looked for just after where the last
/// one found ends, by its first byte and a comparison ([`near`]), and only when it is not
/// there in the whole text with memchr's vectorized search, whose searcher costs more to build
/// than a short look costs. Found near is found, so the answer is the whole search's. (One
/// Aho-Corasick pass for all patterns was measured slower: per page, building the automaton
/// and walking it byte by byte cost more than a few dozen vectorized searches.)
fn found_in(text: &str, patterns: &[impl AsRef<str>]) -> Vec<bool> {
    let mut seen: HashMap<&str, Option<usize>> = HashMap::new();
    let mut from = 0;
    let mut out = Vec::with_capacity(patterns.len());
    for pattern in patterns {
        let pattern = pattern.as_ref();
        if pattern.is_empty() {
            out.push(false);
            continue;
        }
        // Found near, a pattern needs no hashing; one that is not is searched for once.
        let at = near(text.as_bytes(), pattern.as_bytes(), from).or_else(|| {
            *seen
                .entry(pattern)
                .or_insert_with(|| memchr::memmem::find(text.as_bytes(), pattern.as_bytes()))
        });
        if let Some(at) = at {
            from = at + pattern.len();
        }
        out.push(at.is_some());
    }
    out
}

/// Where `needle` (not empty) occurs in `haystack` starting at most [`NEAR`] bytes after
/// `from`, by the first few places its first byte is; `None` when it is not found so, which
/// says nothing of the rest of `haystack`.
fn near(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    /// How far past `from` a pattern may start to be found near.
    const NEAR: usize = 512;
    /// How many places of the first byte are compared before the look gives up.
    const TRIES: usize = 16;
    let window = haystack.get(from..)?;
    let starts = &window[..window.len().min(NEAR + 1)];
    memchr::memchr_iter(needle[0], starts)
        .take(TRIES)
        .find(|&at| window[at..].starts_with(needle))
        .map(|at| from + at)
}

/// `text` with every run of whitespace (Unicode's, as `split_whitespace` reads it) made one
/// space, and none at the ends; borrowed when it is so already, as most segments' English is.
/// The English page is collapsed once per page checked: text between runs that change is
/// copied whole, and a byte is decoded only where a whitespace character could start.
fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    if space_run(text, 0) == 0 && word_run(text, 0) == text.len() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = space_run(text, 0);
    while at < text.len() {
        if !out.is_empty() {
            out.push(' ');
        }
        let end = word_run(text, at);
        out.push_str(&text[at..end]);
        at = end + space_run(text, end);
    }
    Cow::Owned(out)
}

/// Whether `byte` may start a whitespace character: ASCII's six, and the lead bytes of U+0085
/// and U+00A0 (`C2`), U+1680 (`E1`), U+2000 to U+205F (`E2`) and U+3000 (`E3`). Arithmetic
/// only, so that a block of bytes is tested at once.
fn may_start_space(byte: u8) -> bool {
    (byte.wrapping_sub(b'\t') < 5) | (byte == b' ') | (byte == 0xC2) | (byte.wrapping_sub(0xE1) < 3)
}

/// The whitespace character at `at` of `text` (on a character boundary), by its length.
fn space_at(text: &str, at: usize) -> Option<usize> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return may_start_space(byte).then_some(1);
    }
    let c = text[at..].chars().next()?;
    c.is_whitespace().then(|| c.len_utf8())
}

/// How long the run of whitespace at `at` is.
fn space_run(text: &str, mut at: usize) -> usize {
    let start = at;
    while let Some(length) = space_at(text, at) {
        at += length;
    }
    at - start
}

/// Where the run from `at` of what collapsing leaves as it is ends: characters that are not
/// whitespace, with single spaces between them. Sixteen bytes are passed at once where none
/// may start whitespace but a space before a byte that may not: most of an English page.
fn word_run(text: &str, mut at: usize) -> usize {
    const BLOCK: usize = 16;
    let bytes = text.as_bytes();
    loop {
        while let Some(window) = bytes.get(at..at + BLOCK + 1) {
            let plain =
                window[..BLOCK]
                    .iter()
                    .zip(&window[1..])
                    .fold(true, |plain, (&b, &next)| {
                        plain & (!may_start_space(b) | (b == b' ') & !may_start_space(next))
                    });
            if !plain {
                break;
            }
            at += BLOCK;
        }
        let block_end = (at + BLOCK).min(bytes.len());
        while at < block_end {
            let byte = bytes[at];
            let single_space = byte == b' '
                && bytes.get(at + 1).is_some_and(|&next| {
                    // A space before a character that shares a lead byte with whitespace too.
                    !may_start_space(next) || !next.is_ascii() && space_at(text, at + 1).is_none()
                });
            let kept = !may_start_space(byte)
                || single_space
                || !byte.is_ascii() && space_at(text, at).is_none();
            if !kept {
                return at;
            }
            at += 1;
        }
        if at >= bytes.len() {
            return at;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_as_split_whitespace_reads_it() {
        for text in [
            "",
            "   ",
            "one",
            "  The  function\tfails.\r\n Next\x0Bline\x0C ",
            "non\u{a0}breaking\u{3000}ideographic\u{2028}line\u{85}next",
            "café — “quoted” 😀 end\u{200a}",
            "\u{a0}lead and trail\u{a0}",
        ] {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text), expected, "{text:?}");
        }
    }

    #[test]
    fn every_pattern_is_found_where_it_is_even_inside_another() {
        let text = "The function fails. The function succeeds if the handle is valid.";
        let patterns: Vec<String> = [
            "The function fails.",
            "",
            "the handle is valid.",
            "The function fails.",
            "function",
            "The function returns.",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            found_in(text, &patterns),
            [true, false, true, true, true, false]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        /// Looked for in the text as it is first or not, a collapsed pattern is found where the
        /// collapsed text's search finds it.
        #[test]
        fn found_as_written_is_found_collapsed(
            text in "[ab \n\u{a0}]{0,300}",
            patterns in proptest::collection::vec("[ab \n]{0,8}", 0..20),
        ) {
            let patterns: Vec<Cow<'_, str>> = patterns
                .iter()
                .map(|pattern| Cow::Owned(collapse_whitespace(pattern).into_owned()))
                .collect();
            let collapsed = collapse_whitespace(&text);
            let expected: Vec<bool> = patterns
                .iter()
                .map(|p| !p.is_empty() && collapsed.contains(&**p))
                .collect();
            proptest::prop_assert_eq!(found_in_collapsed(&text, &patterns), expected);
        }

        /// Collapsed by runs, text reads as `split_whitespace` reads it: short texts of every
        /// kind of whitespace and of characters whose first byte some whitespace shares (`¢`,
        /// `ᚠ`, `†`, `、`), and long runs, read sixteen bytes at a time, with whitespace at every
        /// place of a block.
        #[test]
        fn whitespace_collapses_by_runs_as_split_whitespace_reads_it(
            text in proptest::prop_oneof![
                "[a é¢ᚠ†、 \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2003}\u{2028}\u{205f}\u{3000}]{0,40}",
                "([a-z]{0,20}[ ]?){0,6}[ \t\n\u{a0}\u{3000}¢†]{0,2}([a-z]{0,20}[ ]?){0,6}",
            ],
        ) {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let collapsed = collapse_whitespace(&text);
            proptest::prop_assert_eq!(&collapsed, &expected);
            proptest::prop_assert_eq!(matches!(collapsed, Cow::Borrowed(_)), expected == text);
        }

        /// Looked for near the last one found first or not, every pattern is found where the
        /// whole text's search finds it: in order, out of order, repeated, overlapping.
        #[test]
        fn found_near_is_found_as_a_whole_search_finds_it(
            text in "[ab ]{0,1200}",
            patterns in proptest::collection::vec("[ab ]{0,6}", 0..40),
        ) {
            let expected: Vec<bool> = patterns
                .iter()
                .map(|p| !p.is_empty() && text.contains(p.as_str()))
                .collect();
            proptest::prop_assert_eq!(found_in(&text, &patterns), expected);
        }
    }
}
