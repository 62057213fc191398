//! The exact reader of bilingual span markup.
//!
//! A translated sentence is written as
//! `<span data-ttu-id="ID">target</span><span class="sxs-lookup"><span data-stu-id="ID">source</span></span>`.
//! It is read from the page's bytes rather than from an HTML parser because both sides must come
//! back byte for byte with their offsets (they are Markdown, not HTML, and findings point into
//! them), and because html5ever re-parents what translations put inside the spans (`<dt>`),
//! which would move text between segments.

use std::ops::Range;

use crate::{Problem, ProblemKind, Segment};

const CLOSE: &str = "</span>";

/// Every segment of `text[from..]` outside `skip` (code blocks), and what is wrong with the
/// markup that could not be read as one.
pub(crate) fn scan<'a>(
    text: &'a str,
    from: usize,
    skip: &[Range<usize>],
) -> (Vec<Segment<'a>>, Vec<Problem>) {
    let mut segments = Vec::new();
    let mut problems = Vec::new();
    let closes = Closes::of(text);
    let matching_close = |content: usize| closes.of_content(content);
    let mut at = from;
    while let Some(found) = next_span(&text[at..]) {
        let start = at + found;
        // Whatever the markup, the scan moves forward: past this `<span` at least.
        let past = start + "<span".len();
        if let Some(code) = skip.iter().find(|range| range.contains(&start)) {
            at = code.end;
            continue;
        }
        let Some(tag) = Tag::read(text, start) else {
            at = past;
            continue;
        };
        if let Some(id) = tag.attribute("data-ttu-id") {
            match read_pair(text, start, &tag, id, &matching_close) {
                Ok(segment) => {
                    at = segment.markup.end;
                    segments.push(segment);
                }
                Err((problem, resume)) => {
                    problems.push(problem);
                    at = resume;
                }
            }
        } else if tag.has_class("sxs-lookup") {
            problems.push(Problem {
                offset: start,
                kind: ProblemKind::SourceWithoutTarget,
            });
            at = matching_close(tag.end).map_or(tag.end, |close| close + CLOSE.len());
        } else {
            at = tag.end;
        }
        at = at.max(past);
    }
    (segments, problems)
}

/// Where the next `<span` starts: a byte search for `<`, then a look, rather than a substring
/// searcher built for each of a page's thousands of calls.
fn next_span(text: &str) -> Option<usize> {
    text.match_indices('<')
        .map(|(at, _)| at)
        .find(|&at| text[at..].starts_with("<span"))
}

/// Reads the target span opened by `tag` at `start` and the `sxs-lookup` partner after it.
/// On failure, the problem and the offset to resume scanning from.
fn read_pair<'a>(
    text: &'a str,
    start: usize,
    tag: &Tag<'a>,
    id: &'a str,
    matching_close: &dyn Fn(usize) -> Option<usize>,
) -> Result<Segment<'a>, (Problem, usize)> {
    let problem = |kind| {
        (
            Problem {
                offset: start,
                kind,
            },
            tag.end,
        )
    };
    let Some(target_end) = matching_close(tag.end) else {
        return Err(problem(ProblemKind::Unclosed { id: id.to_owned() }));
    };
    let after_target = target_end + CLOSE.len();
    let no_partner = || {
        (
            Problem {
                offset: start,
                kind: ProblemKind::TargetWithoutSource { id: id.to_owned() },
            },
            after_target,
        )
    };
    let lookup = Tag::read(text, after_target)
        .filter(|lookup| lookup.has_class("sxs-lookup"))
        .ok_or_else(no_partner)?;
    let inner = Tag::read(text, lookup.end).ok_or_else(no_partner)?;
    let Some(source_id) = inner.attribute("data-stu-id") else {
        return Err(no_partner());
    };
    let source_end = matching_close(inner.end).ok_or_else(no_partner)?;
    let end = source_end + CLOSE.len();
    if !text[end..].starts_with(CLOSE) {
        return Err(no_partner());
    }
    if source_id != id {
        return Err((
            Problem {
                offset: lookup.start,
                kind: ProblemKind::IdMismatch {
                    target: id.to_owned(),
                    source: source_id.to_owned(),
                },
            },
            end + CLOSE.len(),
        ));
    }
    Ok(Segment {
        id,
        target: &text[tag.end..target_end],
        source: &text[inner.end..source_end],
        markup: start..end + CLOSE.len(),
        target_offset: tag.end,
        source_offset: inner.end,
    })
}

/// For every `<span ...>` of a page, the `</span>` that closes it, found in one pass with a
/// stack: looking each up by scanning forward would take quadratic time on nested spans.
struct Closes {
    /// From where a span's content starts (its start tag's end) to its `</span>`.
    by_content: std::collections::HashMap<usize, usize>,
}

impl Closes {
    fn of(text: &str) -> Closes {
        let mut by_content = std::collections::HashMap::new();
        let mut open: Vec<usize> = Vec::new();
        for (at, _) in text.match_indices('<') {
            let rest = &text[at..];
            if rest.starts_with(CLOSE) {
                // A start tag whose quote runs on swallows what follows it, its own close too:
                // such a pair is no pair.
                if let Some(content) = open.pop()
                    && content <= at
                {
                    by_content.insert(content, at);
                }
            } else if rest.starts_with("<span")
                && let Some(tag) = Tag::read(text, at)
            {
                open.push(tag.end);
            }
        }
        Closes { by_content }
    }

    /// The offset of the `</span>` closing the span whose content starts at `content`.
    fn of_content(&self, content: usize) -> Option<usize> {
        self.by_content.get(&content).copied()
    }
}

/// A `<span ...>` start tag and its attributes.
struct Tag<'a> {
    start: usize,
    end: usize,
    attributes: Vec<(&'a str, &'a str)>,
}

impl<'a> Tag<'a> {
    /// Reads the start tag at `start`, if one begins there.
    fn read(text: &'a str, start: usize) -> Option<Tag<'a>> {
        let rest = text.get(start..)?.strip_prefix("<span")?;
        let bytes = rest.as_bytes();
        if !matches!(bytes.first(), Some(b' ' | b'\t' | b'\n' | b'>' | b'/')) {
            return None;
        }
        let mut attributes = Vec::new();
        let mut i = 0;
        loop {
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match bytes.get(i)? {
                b'>' => break,
                b'/' if bytes.get(i + 1) == Some(&b'>') => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            let name_start = i;
            while bytes
                .get(i)
                .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
            {
                i += 1;
            }
            if i == name_start {
                return None;
            }
            let name = &rest[name_start..i];
            let mut value = "";
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                let quote = *bytes.get(i)?;
                if quote == b'"' || quote == b'\'' {
                    let len = rest[i + 1..].find(quote as char)?;
                    value = &rest[i + 1..i + 1 + len];
                    i += len + 2;
                } else {
                    let value_start = i;
                    while bytes
                        .get(i)
                        .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                    {
                        i += 1;
                    }
                    value = &rest[value_start..i];
                }
            }
            attributes.push((name, value));
        }
        Some(Tag {
            start,
            end: start + "<span".len() + i + 1,
            attributes,
        })
    }

    fn attribute(&self, name: &str) -> Option<&'a str> {
        self.attributes
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|&(_, value)| value)
    }

    fn has_class(&self, class: &str) -> bool {
        self.attribute("class")
            .is_some_and(|classes| classes.split_ascii_whitespace().any(|c| c == class))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAIR: &str = r#"<span data-ttu-id="a-1">秒 \_ E</span><span class="sxs-lookup"><span data-stu-id="a-1">SEC\_E</span></span>"#;

    #[test]
    fn reads_a_pair_with_both_sides_and_offsets() {
        let text = format!("| {PAIR}<br/> |");
        let (segments, problems) = scan(&text, 0, &[]);
        assert!(problems.is_empty(), "{problems:?}");
        let [segment] = &segments[..] else {
            panic!("{segments:?}")
        };
        assert_eq!(segment.id, "a-1");
        assert_eq!(segment.target, r"秒 \_ E");
        assert_eq!(segment.source, r"SEC\_E");
        assert_eq!(&text[segment.markup.clone()], PAIR);
        assert_eq!(&text[segment.source_offset..][..6], r"SEC\_E");
    }

    #[test]
    fn nested_spans_stay_inside_their_segment() {
        let text = r#"<span data-ttu-id="a-2"><span id="x"></span>Ziel</span><span class="sxs-lookup"><span data-stu-id="a-2"><span id="x"></span>Target</span></span>"#;
        let (segments, problems) = scan(text, 0, &[]);
        assert!(problems.is_empty());
        assert_eq!(segments[0].target, r#"<span id="x"></span>Ziel"#);
        assert_eq!(segments[0].source, r#"<span id="x"></span>Target"#);
    }

    #[test]
    fn broken_markup_becomes_problems_and_scanning_goes_on() {
        let text = format!(
            r#"<span data-ttu-id="a-3">lonely</span> <span class="sxs-lookup"><span data-stu-id="a-4">orphan</span></span> {PAIR} <span data-ttu-id="a-5">never closed"#
        );
        let (segments, problems) = scan(&text, 0, &[]);
        assert_eq!(segments.len(), 1);
        let kinds: Vec<String> = problems.iter().map(|p| p.kind.to_string()).collect();
        assert_eq!(
            kinds,
            [
                "translated span `a-3` has no `sxs-lookup` span with its English source after it",
                "`sxs-lookup` span with no translated span before it",
                "span `a-5` is never closed",
            ]
        );
    }

    #[test]
    fn mismatched_ids_are_reported() {
        let text = r#"<span data-ttu-id="a-6">x</span><span class="sxs-lookup"><span data-stu-id="a-7">y</span></span>"#;
        let (segments, problems) = scan(text, 0, &[]);
        assert!(segments.is_empty());
        assert_eq!(
            problems[0].kind.to_string(),
            "translated span `a-6` is paired with English source `a-7`"
        );
    }

    #[test]
    fn code_blocks_are_skipped() {
        let text = format!("```\n{PAIR}\n```\n");
        let code_block = 0..text.len();
        let (segments, _) = scan(&text, 0, std::slice::from_ref(&code_block));
        assert!(segments.is_empty());
    }
}
