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
/// The start tag of the `sxs-lookup` span around the English side, as the translation pipeline
/// writes it.
const LOOKUP: &[u8] = br#"<span class="sxs-lookup">"#;

/// Every segment of `text[from..]` outside `skip` (code blocks), and what is wrong with the
/// markup that could not be read as one.
pub(crate) fn scan<'a>(
    text: &'a str,
    from: usize,
    skip: &[Range<usize>],
) -> (Vec<Segment<'a>>, Vec<Problem>) {
    let mut problems = Vec::new();
    let tags = span_tags(text);
    // Three tags make a segment.
    let mut segments = Vec::with_capacity(tags.len() / 3);
    let mut skip = skip.iter().peekable();
    let mut next = tags.partition_point(|tag| tag.start < from);
    while let Some(tag) = tags.get(next) {
        let start = tag.start;
        while skip.next_if(|code| code.end <= start).is_some() {}
        // Whatever the markup, the scan moves forward: past this `<span` at least.
        let mut resume = start + "<span".len();
        if let Some(code) = skip.peek().filter(|code| code.contains(&start)) {
            resume = code.end;
        } else if let Some(id) = tag.ttu_id {
            match read_pair(text, &tags, next, id) {
                Ok(segment) => {
                    resume = segment.markup.end;
                    segments.push(segment);
                }
                Err((problem, after)) => {
                    problems.push(problem);
                    resume = resume.max(after);
                }
            }
        } else if tag.lookup {
            problems.push(Problem {
                offset: start,
                kind: ProblemKind::SourceWithoutTarget,
            });
            resume = resume.max(tag.close.map_or(tag.end, |close| close + CLOSE.len()));
        } else {
            resume = resume.max(tag.end);
        }
        // Forward one tag at a time, not by a binary search over the rest: `resume` is
        // nearly always the next tag but one or two, and `next` only grows.
        while tags.get(next).is_some_and(|tag| tag.start < resume) {
            next += 1;
        }
    }
    (segments, problems)
}

/// Reads the target span `tags[index]` and the `sxs-lookup` partner after it. On failure, the
/// problem and the offset to resume scanning from.
fn read_pair<'a>(
    text: &'a str,
    tags: &[SpanTag<'a>],
    index: usize,
    id: &'a str,
) -> Result<Segment<'a>, (Problem, usize)> {
    let tag = &tags[index];
    let start = tag.start;
    let Some(target_end) = tag.close else {
        return Err((
            Problem {
                offset: start,
                kind: ProblemKind::Unclosed { id: id.to_owned() },
            },
            tag.end,
        ));
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
    // The tag at `offset`, searched from `tags[from]` on: nearly always that very tag.
    let at = |offset: usize, from: usize| {
        let found = match tags.get(from) {
            Some(tag) if tag.start >= offset => from,
            _ => from + tags[from.min(tags.len())..].partition_point(|tag| tag.start < offset),
        };
        tags.get(found)
            .filter(|tag| tag.start == offset)
            .map(|tag| (found, tag))
    };
    let (lookup_index, lookup) = at(after_target, index + 1)
        .filter(|(_, lookup)| lookup.lookup)
        .ok_or_else(no_partner)?;
    let (_, inner) = at(lookup.end, lookup_index + 1).ok_or_else(no_partner)?;
    let Some(source_id) = inner.stu_id else {
        return Err(no_partner());
    };
    let source_end = inner.close.ok_or_else(no_partner)?;
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

/// A `<span ...>` start tag: where it is, what the segment reader asks of its attributes, and
/// the `</span>` that closes it.
#[derive(Debug, PartialEq)]
struct SpanTag<'a> {
    start: usize,
    end: usize,
    /// `data-ttu-id`: a translated span.
    ttu_id: Option<&'a str>,
    /// `data-stu-id`: the English source inside an `sxs-lookup` span.
    stu_id: Option<&'a str>,
    /// `class` names `sxs-lookup`.
    lookup: bool,
    close: Option<usize>,
}

impl SpanTag<'_> {
    /// A tag starting at `start`, its attributes not read yet.
    fn at(start: usize) -> Self {
        SpanTag {
            start,
            end: 0,
            ttu_id: None,
            stu_id: None,
            lookup: false,
            close: None,
        }
    }
}

/// Every span start tag of the page in order, each with its close, in one pass over the `<`s
/// with a stack: looking closes up by scanning forward would take quadratic time on nested
/// spans, and a second pass would read every tag twice.
fn span_tags(text: &str) -> Vec<SpanTag<'_>> {
    // Sized for a page of segments (a tag every 80 bytes or so) rather than counted first: a
    // second pass over the page costs more than growing the vector for a denser one.
    let mut tags: Vec<SpanTag<'_>> = Vec::with_capacity(text.len() / 64);
    let mut open: Vec<usize> = Vec::new();
    let bytes = text.as_bytes();
    // Where the next `<` may be: past this one, or past the bytes of a tag that hold no other
    // (`</span>`, the pipeline's `sxs-lookup` tag), where the next tag often begins at once.
    let mut from = 0;
    while let Some(at) = next_angle(bytes, from) {
        let rest = &bytes[at..];
        from = at + 1;
        if rest.starts_with(CLOSE.as_bytes()) {
            // A start tag whose quote runs on swallows what follows it, its own close too:
            // such a pair is no pair.
            if let Some(index) = open.pop()
                && tags[index].end <= at
            {
                tags[index].close = Some(at);
            }
            from = at + CLOSE.len();
        } else if rest.starts_with(b"<span")
            && let Some(tag) = read_tag(text, at)
        {
            if rest.starts_with(LOOKUP) {
                from = at + LOOKUP.len();
            }
            open.push(tags.len());
            tags.push(tag);
        }
    }
    tags
}

/// The first `<` of `bytes` from `from` on. The tags of span markup stand side by side
/// (`</span><span class="sxs-lookup"><span`): the byte at `from` is looked at before a search
/// is begun.
fn next_angle(bytes: &[u8], from: usize) -> Option<usize> {
    match bytes.get(from)? {
        b'<' => Some(from),
        _ => memchr::memchr(b'<', &bytes[from..]).map(|at| from + at),
    }
}

/// Reads the start tag at `start`, if one begins there.
fn read_tag(text: &str, start: usize) -> Option<SpanTag<'_>> {
    read_pipeline_tag(text, start).or_else(|| read_any_tag(text, start))
}

/// [`read_tag`] for any spelling: the first of an attribute given twice counts, names compared
/// without case, as browsers do.
fn read_any_tag(text: &str, start: usize) -> Option<SpanTag<'_>> {
    let rest = text.get(start..)?.strip_prefix("<span")?;
    let bytes = rest.as_bytes();
    if !matches!(bytes.first(), Some(b' ' | b'\t' | b'\n' | b'>' | b'/')) {
        return None;
    }
    let mut tag = SpanTag::at(start);
    let mut class_seen = false;
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
                let len = memchr::memchr(quote, &bytes[i + 1..])?;
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
        if name.eq_ignore_ascii_case("data-ttu-id") {
            tag.ttu_id = tag.ttu_id.or(Some(value));
        } else if name.eq_ignore_ascii_case("data-stu-id") {
            tag.stu_id = tag.stu_id.or(Some(value));
        } else if name.eq_ignore_ascii_case("class") && !class_seen {
            class_seen = true;
            tag.lookup = value.split_ascii_whitespace().any(|c| c == "sxs-lookup");
        }
    }
    tag.end = start + "<span".len() + i + 1;
    Some(tag)
}

/// The three start tags of every segment as the translation pipeline writes them, byte for
/// byte: `<span data-ttu-id="ID">`, `<span class="sxs-lookup">`, `<span data-stu-id="ID">`.
/// Read here without the attribute loop of [`read_any_tag`], which gives them the same
/// reading and takes every other tag (another spelling, another attribute, a quote left open).
fn read_pipeline_tag(text: &str, start: usize) -> Option<SpanTag<'_>> {
    const TARGET: &[u8] = br#"<span data-ttu-id=""#;
    const SOURCE: &[u8] = br#"<span data-stu-id=""#;
    let rest = &text.as_bytes()[start..];
    let mut tag = SpanTag::at(start);
    if rest.starts_with(LOOKUP) {
        tag.lookup = true;
        tag.end = start + LOOKUP.len();
        return Some(tag);
    }
    let prefix = if rest.starts_with(TARGET) {
        TARGET
    } else if rest.starts_with(SOURCE) {
        SOURCE
    } else {
        return None;
    };
    let value_start = start + prefix.len();
    let length = memchr::memchr(b'"', &rest[prefix.len()..])?;
    // The closing quote must end the tag: `">`.
    if text.as_bytes().get(value_start + length + 1) != Some(&b'>') {
        return None;
    }
    let id = Some(&text[value_start..value_start + length]);
    if prefix == TARGET {
        tag.ttu_id = id;
    } else {
        tag.stu_id = id;
    }
    tag.end = value_start + length + 2;
    Some(tag)
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

    /// A quote left open runs the start tag on over the next one, which ends where it ends:
    /// each tag has its own close, so the swallowing tag is unclosed, not closed by the other's.
    #[test]
    fn a_tag_left_open_by_its_quote_is_unclosed() {
        let text = r#"<span data-ttu-id="a-1>x</span><span class="sxs-lookup"><span data-stu-id="a-1">y</span></span>"#;
        let (segments, problems) = scan(text, 0, &[]);
        assert!(segments.is_empty());
        let kinds: Vec<String> = problems.iter().map(|p| p.kind.to_string()).collect();
        assert_eq!(
            kinds,
            [r#"span `a-1>x</span><span class=` is never closed"#]
        );
    }

    /// The pipeline's tags read without the attribute loop read as with it; any other tag,
    /// however like them, is left to it.
    #[test]
    fn pipeline_tags_read_as_any_tag_does() {
        for text in [
            r#"<span data-ttu-id="6a872-111">"#,
            r#"<span data-stu-id="6a872-111">x"#,
            r#"<span class="sxs-lookup"><span"#,
            r#"<span data-ttu-id="a<b>">"#,
            r#"<span data-ttu-id="">"#,
        ] {
            let fast = read_pipeline_tag(text, 0);
            assert!(fast.is_some(), "{text}");
            assert_eq!(fast, read_any_tag(text, 0), "{text}");
        }
        for text in [
            r#"<span data-ttu-id="a" class="b">"#,
            r#"<span data-ttu-id="a"/>"#,
            r#"<span data-ttu-id="a>x</span>"#,
            r#"<span DATA-TTU-ID="a">"#,
            r#"<span class="sxs-lookup x">"#,
            r#"<span class='sxs-lookup'>"#,
        ] {
            assert_eq!(read_pipeline_tag(text, 0), None, "{text}");
        }
    }

    /// Only the bytes of `</span>` and of the pipeline's `sxs-lookup` tag are passed over
    /// unread: a `</span>` in another tag's quotes still takes that tag off the stack, which
    /// leaves it unclosed, and the English side with it.
    #[test]
    fn a_close_inside_quotes_still_counts() {
        let text = r#"<span data-ttu-id="a-1">x</span><span class="sxs-lookup"><span data-stu-id="a-1" title="</span>">y</span></span>"#;
        let (segments, problems) = scan(text, 0, &[]);
        assert!(segments.is_empty());
        let kinds: Vec<String> = problems.iter().map(|p| p.kind.to_string()).collect();
        assert_eq!(
            kinds,
            [
                "translated span `a-1` has no `sxs-lookup` span with its English source after it",
                "`sxs-lookup` span with no translated span before it",
            ]
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
