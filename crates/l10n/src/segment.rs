//! The checks of one page on its own: each segment's target against its own source, and the
//! span markup (pairs, ids) of the page.

use std::borrow::Cow;
use std::ops::Range;

use doccodes_page::{Segment, Translation};

use crate::memo::SegmentMemo;
use crate::text::{self, Case, Kind, Visible, occurrences, spaced, tokens, translatable};
use crate::{Check, Config, Finding, Locale};

/// The findings of `page` on its own, under the memo's config; a segment the memo holds (met
/// on an earlier page in the same locale) gets its findings from it, moved to where it stands.
pub(crate) fn check(
    page: &Translation<'_>,
    locale: Option<&Locale>,
    memo: &mut SegmentMemo<'_>,
) -> Vec<Finding> {
    let config = memo.config();
    let mut out = Vec::new();
    markup_integrity(page, config.runs(Check::IdGap), &mut out);
    let first_alike = first_alike(&page.segments);
    // Everything a segment's findings depend on but its two sides (and where its target
    // stands, which only moves them): `check_segment` reads nothing else of the page.
    let locale_key = memo.locale(locale);
    // Where each segment's findings are in `out`.
    let mut found: Vec<Range<usize>> = Vec::with_capacity(page.segments.len());
    for (index, segment) in page.segments.iter().enumerate() {
        let before = out.len();
        match first_alike[index] {
            Some(first) => {
                let offset = page.segments[first].target_offset;
                for at in found[first].clone() {
                    let finding = &out[at];
                    let span = finding.span.start - offset + segment.target_offset
                        ..finding.span.end - offset + segment.target_offset;
                    out.push(Finding {
                        span,
                        segment: Some(index),
                        ..finding.clone()
                    });
                }
            }
            None => {
                let offset = segment.target_offset;
                match memo.find(locale_key, segment.source, segment.target) {
                    Some(remembered) => out.extend(remembered.iter().map(|finding| Finding {
                        span: finding.span.start.wrapping_add(offset)
                            ..finding.span.end.wrapping_add(offset),
                        segment: Some(index),
                        ..finding.clone()
                    })),
                    None => {
                        check_segment(
                            &View::new(index, segment, &config.terms),
                            locale,
                            config,
                            &mut out,
                        );
                        memo.store(
                            locale_key,
                            segment.source,
                            segment.target,
                            offset,
                            &out[before..],
                        );
                    }
                }
            }
        }
        found.push(before..out.len());
    }
    out
}

/// For each segment, the first one before it with the same source and target, if any: its
/// findings are the same, moved to where it stands. A page repeats a third of its segments
/// (table headings, `Requirements` rows, parameter notes); checking each pair once spares
/// their reading.
fn first_alike(segments: &[Segment<'_>]) -> Vec<Option<usize>> {
    // Sorted by the lengths of the two sides first, numbers only: pairs of the same lengths
    // are few but for the repeated ones, and only they are compared by their text. Sorting
    // them all by their text cost a quarter of what sharing the findings spares.
    let mut by_length: Vec<(usize, usize, usize)> = segments
        .iter()
        .enumerate()
        .map(|(index, segment)| (segment.source.len(), segment.target.len(), index))
        .collect();
    by_length.sort_unstable();
    let texts = |index: usize| (segments[index].source, segments[index].target);
    let mut first_alike = vec![None; segments.len()];
    for same_length in by_length.chunk_by_mut(|a, b| (a.0, a.1) == (b.0, b.1)) {
        if same_length.len() == 1 {
            continue;
        }
        same_length.sort_unstable_by_key(|&(_, _, index)| (texts(index), index));
        for same in same_length.chunk_by(|a, b| texts(a.2) == texts(b.2)) {
            for &(_, _, index) in &same[1..] {
                first_alike[index] = Some(same[0].2);
            }
        }
    }
    first_alike
}

/// The findings of one segment against its own source: a finding's span lies in its target.
fn check_segment(
    view: &View<'_>,
    locale: Option<&Locale>,
    config: &Config,
    out: &mut Vec<Finding>,
) {
    if view.segment.target == view.segment.source {
        // Nothing of the source can be lost or changed: only keeping it can be wrong. A
        // fifth of a site's segments are such (names, code, numbers).
        view.untranslated(locale, out);
        view.whitespace(&[], locale, out);
        return;
    }
    let before = out.len();
    view.identifiers(config, out);
    let identifier_spans: Vec<Range<usize>> =
        out[before..].iter().map(|f| f.span.clone()).collect();
    view.links(out);
    view.markup(config, &identifier_spans, out);
    view.numbers(locale, out);
    view.untranslated(locale, out);
    view.empty(out);
    view.whitespace(&identifier_spans, locale, out);
}

/// One segment, both sides read.
struct View<'p> {
    index: usize,
    segment: &'p Segment<'p>,
    source: Visible,
    /// `None` when the target is the source, as a fifth of a site's segments are (names,
    /// code, numbers): [`View::target`] is then the source's reading. Else read the first time
    /// a check asks: nearly half of the translated segments have nothing in their source that
    /// a check looks for in the target (no identifier, number, link or parenthesis).
    target: Option<std::cell::OnceCell<Visible>>,
    terms: &'p [String],
    /// The target's words in Latin or Cyrillic letters with their letter pairs, made the first
    /// time a translated identifier is looked for among them.
    target_words: std::cell::OnceCell<Vec<(Range<usize>, LetterPairs)>>,
}

/// A word's letter pairs, as [`text::letter_pairs`] makes them.
type LetterPairs = Vec<(char, char)>;

/// The identifiers and file names of the English `raw` that the identifier checks require of
/// a translation, each once, in order.
pub(crate) fn identifiers_of(raw: &str) -> Vec<String> {
    let visible = text::visible(raw);
    let source = &visible.text;
    let mut found: Vec<String> = Vec::new();
    for token in tokens(source, &[]) {
        let word = &source[token.range.clone()];
        let kept = matches!(token.kind, Kind::Identifier | Kind::FileName)
            && !(loose_compound(word) && source.trim() != word);
        if kept && !found.iter().any(|seen| seen == word) {
            found.push(word.to_owned());
        }
    }
    found
}

/// A token of the source that the target does not hold verbatim, and the finding it makes.
struct Lost<'v> {
    token: text::Token,
    word: &'v str,
    check: Check,
    /// Where the target holds the word with other letter case (visible offsets).
    altered_case: Vec<usize>,
    /// Where it holds the word split by spaces, with the same case, and with any case.
    spaced_exact: Option<Range<usize>>,
    spaced_any: Option<Range<usize>>,
}

/// A space in the wrong place, as a whitespace check finds it in the target.
struct Space {
    check: Check,
    /// Where in the target, and how many bytes.
    at: usize,
    length: usize,
    message: String,
}

/// The certain repairs of one segment's target, as `(raw range in the target, the source's
/// token)`, sorted and not overlapping:
/// - a target that is nothing but a mangled or translated identifier (a name cell) becomes the
///   source's token;
/// - a link whose English text is nothing but an identifier, translated or mangled in the
///   target, gets it back as its text, when the link is the one to its destination on both
///   sides (the same link, so its text is that identifier's translation);
/// - an identifier or file name recased or split by spaces gets the source's token back where it
///   stands, every time it does, so that the repaired target has none left.
///
/// A check `config` does not run repairs nothing.
pub(crate) fn repairs(source: &str, target: &str, config: &Config) -> Vec<(Range<usize>, String)> {
    if source == target {
        return Vec::new();
    }
    let segment = Segment {
        id: "",
        target,
        source,
        markup: 0..0,
        target_offset: 0,
        source_offset: 0,
    };
    let view = View::new(0, &segment, &config.terms);
    view.repairs(&view.lost_tokens(), config)
}

/// Whether text between brackets holds a code token's pieces (`\_ filtre D3DX`,
/// `MIF. DMTF \| 001,5`): spaces there are an identifier's damage, reported as such.
fn mangled(enclosed: &str) -> bool {
    enclosed.contains(['_', '|', '\\']) || enclosed.contains("::")
}

/// Whether `destination` is the page of `word`: its file's name, past a kind prefix (`c-` class
/// and `a-` attribute of the AD schema; `nf-header-`, `ns-header-` and the like of the API
/// reference), is the word (`c-top.md` for `Top`); or, for an emphasized word, the whole name is.
fn page_named(destination: &str, word: &str, emphasized: bool) -> bool {
    let path = destination.split(['#', '?']).next().unwrap_or("");
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".md");
    let name = if let Some(rest) = stem.strip_prefix("c-").or_else(|| stem.strip_prefix("a-")) {
        rest
    } else if let Some((kind, rest)) = stem.split_once('-')
        && matches!(kind, "nf" | "ns" | "nn" | "ne" | "nc" | "ni")
    {
        rest.split_once('-').map_or(rest, |(_header, name)| name)
    } else if emphasized {
        stem
    } else {
        return false;
    };
    let letters = |text: &str| -> String {
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    !name.is_empty() && letters(name) == letters(word)
}

/// The inner raw ranges of a side's emphasis, bold and code runs, in order: `*x*`, `**x**`,
/// `` `x` `` (escaped markers are text).
fn emphasis_runs(raw: &str) -> Vec<Range<usize>> {
    let bytes = raw.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let marker = match bytes[i] {
            b'*' | b'`' if !escaped(bytes, i) => {
                let same = bytes[i..].iter().take_while(|&&b| b == bytes[i]).count();
                &raw[i..i + same]
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let inner = i + marker.len();
        match raw[inner..].find(marker) {
            Some(length) if length > 0 => {
                runs.push(inner..inner + length);
                i = inner + length + marker.len();
            }
            _ => i = inner,
        }
    }
    runs
}

/// Where a mangled identifier that starts at `at` ends: its pieces joined by `_`, `.` or `:`
/// with spaces around them (`SEC _ E _ 演算法 _ 不相符`, `DRM _ E _ CLK : _ UNGÜLTIGES`), up to
/// a space that joins nothing.
fn mangled_end(target: &str, at: usize) -> usize {
    let piece = |from: usize| {
        from + target[from..]
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '*' | '`'))
            .unwrap_or(target.len() - from)
    };
    let mut end = piece(at);
    loop {
        let rest = &target[end..];
        let after_spaces = rest.trim_start();
        let Some(joined) = ["_", "::", ":", "."]
            .iter()
            .find_map(|joiner| after_spaces.strip_prefix(joiner))
        else {
            return end;
        };
        let next = joined.trim_start();
        let next_at = target.len() - next.len();
        if next.is_empty() || next.starts_with(|c: char| !c.is_alphanumeric()) {
            // A trailing `_` (`\_ E \_`) belongs to the identifier too.
            return target.len() - joined.len();
        }
        end = piece(next_at);
    }
}

/// `target` with `edits` (sorted, not overlapping raw ranges) made.
pub(crate) fn apply(target: &str, edits: &[(Range<usize>, String)]) -> String {
    let mut repaired = String::with_capacity(target.len());
    let mut at = 0;
    for (range, replacement) in edits {
        repaired.push_str(&target[at..range.start]);
        repaired.push_str(replacement);
        at = range.end;
    }
    repaired.push_str(&target[at..]);
    repaired
}

/// The inner ranges of the bold spans (`**...**`) of a raw side, whitespace trimmed; `None`
/// when a `**` is left open.
fn bold_spans(raw: &str) -> Option<Vec<Range<usize>>> {
    let bytes = raw.as_bytes();
    let mut markers = Vec::new();
    let mut at = 0;
    while let Some(found) = memchr::memmem::find(&bytes[at..], b"**") {
        let i = at + found;
        if i == 0 || bytes[i - 1] != b'\\' {
            markers.push(i);
        }
        at = i + 2;
    }
    if markers.len() % 2 != 0 {
        return None;
    }
    Some(
        markers
            .chunks(2)
            .map(|pair| {
                let inner = &raw[pair[0] + 2..pair[1]];
                let start = pair[0] + 2 + (inner.len() - inner.trim_start().len());
                start..pair[0] + 2 + inner.trim_end().len()
            })
            .collect(),
    )
}

/// The bold span of the target that can only be the translation of the source's bold span
/// `suggestion` (the raw identifier `word`), by elimination: both sides have as many bold
/// spans, every other one of the source is in the target verbatim, and the one left over in the
/// target is plain text that still holds a part of the identifier (`CRYPT _ E _ 撤銷` for
/// `CRYPT_E_REVOKED`). Its raw range.
fn bold_by_elimination(
    source: &str,
    target: &str,
    suggestion: &str,
    word: &str,
) -> Option<Range<usize>> {
    let ours = bold_spans(source)?;
    let mut theirs = bold_spans(target)?;
    if ours.len() != theirs.len() || !ours.iter().any(|span| &source[span.clone()] == suggestion) {
        return None;
    }
    // A span the other repairs make verbatim (`cert \_ e \_ CRITICAL`) is matched too, so
    // that one run leaves nothing for a second.
    let same = |theirs: &str, ours: &str| {
        let (theirs, ours) = (text::visible(theirs).text, text::visible(ours).text);
        theirs.eq_ignore_ascii_case(&ours)
            || spaced(&theirs, &ours, Case::Ignore) == Some(0..theirs.len())
    };
    let mut left = Vec::new();
    for span in &ours {
        let text = &source[span.clone()];
        match theirs
            .iter()
            .position(|other| same(&target[other.clone()], text))
        {
            Some(index) => {
                theirs.remove(index);
            }
            None => left.push(text),
        }
    }
    let (&[only], [range]) = (left.as_slice(), theirs.as_slice()) else {
        return None;
    };
    let found = &target[range.clone()];
    let kept = text::split_parts(word).iter().any(|(part, _)| {
        part.len() >= 2 && !occurrences(found, part, Case::Ignore, false).is_empty()
    });
    (only == suggestion && kept && !found.contains(['*', '`', '[', ']', '<']))
        .then(|| range.clone())
}

impl<'p> View<'p> {
    fn new(index: usize, segment: &'p Segment<'p>, terms: &'p [String]) -> View<'p> {
        View {
            index,
            segment,
            source: text::visible(segment.source),
            target: (segment.target != segment.source).then(std::cell::OnceCell::new),
            terms,
            target_words: std::cell::OnceCell::new(),
        }
    }

    fn target(&self) -> &Visible {
        match &self.target {
            Some(target) => target.get_or_init(|| text::visible(self.segment.target)),
            None => &self.source,
        }
    }

    /// The page range of the visible target bytes `range`.
    fn target_span(&self, range: Range<usize>) -> Range<usize> {
        // Whole raw units: a CJK character's three bytes, an escape's two.
        let raw = self.target().raw_range(self.segment.target, range);
        self.segment.target_offset + raw.start..self.segment.target_offset + raw.end
    }

    /// The whole target, or where it would be when empty.
    fn whole_target(&self) -> Range<usize> {
        self.segment.target_offset..self.segment.target_offset + self.segment.target.len()
    }

    /// The raw source text of the visible source bytes `range`: what to suggest.
    fn source_raw(&self, range: Range<usize>) -> String {
        self.segment.source[self.source.raw_range(self.segment.source, range)].to_owned()
    }

    fn finding(
        &self,
        check: Check,
        span: Range<usize>,
        message: String,
        suggestion: Option<String>,
    ) -> Finding {
        Finding {
            check,
            span,
            segment: Some(self.index),
            message,
            suggestion,
            certain: false,
        }
    }

    /// The raw target range of the text of the link whose English text is nothing but `word`,
    /// when it is the one link to its destination on both sides and its text is plain (no
    /// markup inside the brackets but around it).
    fn link_text_of(&self, word: &str) -> Option<Range<usize>> {
        let source = &self.source;
        let target = self.target();
        let link = source.links.iter().find(|link| {
            link.text
                .as_ref()
                .is_some_and(|text| source.text[text.clone()].trim() == word)
        })?;
        let to = |links: &[text::Link]| {
            links
                .iter()
                .filter(|other| other.destination == link.destination)
                .count()
        };
        if to(&source.links) != 1 || to(&target.links) != 1 {
            return None;
        }
        let theirs = target
            .links
            .iter()
            .find(|other| other.destination == link.destination)?;
        let text = theirs.text.clone()?;
        let inside = &target.text[text.clone()];
        let start = text.start + (inside.len() - inside.trim_start().len());
        let end = text.start + inside.trim_end().len();
        if start >= end {
            return None;
        }
        let raw = target.raw_range(self.segment.target, start..end);
        let plain = !self.segment.target[raw.clone()].contains(['*', '`', '[', ']', '<']);
        plain.then(|| self.segment.target_offset + raw.start..self.segment.target_offset + raw.end)
    }

    /// The identifiers, file names and terms of the source that the target does not hold
    /// verbatim, each once, with where the target holds them altered. The one reading of the
    /// identifier checks and of the repairs.
    fn lost_tokens(&self) -> Vec<Lost<'_>> {
        let source = &self.source.text;
        let mut lost = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        // Words name code by their context only beside emphasis or as a link's text: most
        // segments have neither, and their words are words.
        let emphasis = memchr::memchr2(b'*', b'`', self.segment.source.as_bytes()).is_some();
        let pages = self.links_named_by_their_text();
        for mut token in tokens(source, self.terms) {
            if token.kind == Kind::Word {
                let named = pages.contains(&token.range)
                    || (emphasis && self.named_as_such(token.range.clone()));
                if !named {
                    continue;
                }
                token.kind = Kind::Identifier;
            }
            let word = &source[token.range.clone()];
            if seen.contains(&word) || (loose_compound(word) && source.trim() != word) {
                continue;
            }
            seen.push(word);
            let target = &self.target().text;
            let suffix = token.kind == Kind::Term;
            let exact = occurrences(target, word, Case::Exact, suffix);
            if !exact.is_empty()
                && exact.len() >= occurrences(source, word, Case::Exact, false).len()
            {
                continue;
            }
            // A term or identifier present at all is kept: a translation may say "it" the
            // second time. Fewer occurrences count only when an altered one is there.
            let altered_case: Vec<usize> = occurrences(target, word, Case::Ignore, suffix)
                .into_iter()
                .filter(|at| !exact.contains(at))
                .collect();
            let spaced_exact = spaced(target, word, Case::Exact);
            let spaced_any = spaced_exact
                .clone()
                .or_else(|| spaced(target, word, Case::Ignore));
            let altered = !altered_case.is_empty() || spaced_any.is_some();
            if !exact.is_empty() && !altered {
                continue;
            }
            let check = |check: Check| match token.kind {
                Kind::FileName => Check::FileName,
                _ => check,
            };
            let check = if !altered_case.is_empty() {
                check(Check::IdentifierCase)
            } else if spaced_any.is_some() {
                check(Check::IdentifierSpacing)
            } else if token.kind == Kind::Term {
                // Recased, split or cut short (`TBS` became `TB`), an acronym is damaged;
                // gone, it may have been translated.
                if (self.acronym_in_prose(token.range.clone()) && !self.cut_short(word))
                    || self.part_of_a_localized_name(token.range.clone())
                {
                    continue;
                }
                Check::DntTerm
            } else {
                check(Check::DntIdentifier)
            };
            lost.push(Lost {
                token,
                word,
                check,
                altered_case,
                spaced_exact,
                spaced_any,
            });
        }
        lost
    }

    /// Whether the source's acronym at `range` is a word of its sentence, which a translation
    /// may rightly spell its own way (`a VM` is `una máquina virtual`, `DPI` is `PPP`, `the
    /// server MUST` is `DEBE`), rather than a name to keep: one in bold, code or a link's text
    /// (`**BUTTON**`), the whole segment (`BOOL`), glued to code punctuation (`;;;AU)`), in
    /// parentheses as an abbreviation (`(LKG)`), or long enough to be a name (`OCTETSTRING`).
    /// Product names and `--dnt-file` terms are always names.
    fn acronym_in_prose(&self, range: Range<usize>) -> bool {
        let source = &self.source.text;
        let word = &source[range.clone()];
        let acronym = word.len() <= 5
            && word
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && !self.terms.iter().any(|term| term == word);
        if !acronym || source.trim() == word {
            return false;
        }
        let in_link_text = self.source.links.iter().any(|link| {
            link.text
                .as_ref()
                .is_some_and(|text| text.start <= range.start && range.end <= text.end)
        });
        let raw = self.source.raw_range(self.segment.source, range.clone());
        let marked = |c: char| matches!(c, '*' | '`' | '>' | '<' | '[' | ']');
        let raw_before = self.segment.source[..raw.start].chars().next_back();
        let raw_after = self.segment.source[raw.end..].chars().next();
        let before = source[..range.start].chars().next_back();
        let after = source[range.end..].chars().next();
        let glued = |c: Option<char>| matches!(c, Some(';' | ':' | '=' | '_' | '\\' | '/'));
        let parenthesized = before == Some('(') && after == Some(')');
        !(in_link_text
            || raw_before.is_some_and(marked)
            || raw_after.is_some_and(marked)
            || glued(before)
            || glued(after)
            || parenthesized)
    }

    /// The source's links whose whole text is one word that names the page linked: `[**Top**](
    /// c-top.md)` (an AD class), `[**Sleep**](/windows/win32/api/synchapi/nf-synchapi-sleep)`;
    /// as the visible ranges of those words.
    fn links_named_by_their_text(&self) -> Vec<Range<usize>> {
        let source = &self.source.text;
        self.source
            .links
            .iter()
            .filter_map(|link| {
                let text = link.text.clone()?;
                let inside = &source[text.clone()];
                let word = inside.trim();
                let start = text.start + (inside.len() - inside.trim_start().len());
                let single = !word.is_empty()
                    && word
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                // The emphasis is around the word, inside the brackets: `[**Top**](…)`.
                let raw = self
                    .source
                    .raw_range(self.segment.source, start..start + word.len());
                let emphasized = self.segment.source[..raw.start].ends_with(['*', '`']);
                (single && page_named(&link.destination, word, emphasized))
                    .then(|| start..start + word.len())
            })
            .collect()
    }

    /// Whether the source's word at `range`, shaped like any word, is a name by what follows
    /// its emphasis: a SAL annotation, as parameters have (`*sesid* \[in\]`), or what it is
    /// (`the **Caption** property`, `the **Execute** method`).
    fn named_as_such(&self, range: Range<usize>) -> bool {
        const KINDS: &str = "property method class function interface structure enumeration \
            event attribute member parameter field";
        let source = &self.source.text;
        // Past the end of a link the word is the text of (`[**Send**](…) method`).
        let after = source[range.end..].trim_start_matches([' ', ']']);
        // Cheap first: asked of every word of a segment with emphasis.
        if !after.starts_with(|c: char| c == '[' || c.is_ascii_lowercase()) {
            return false;
        }
        let raw = self.source.raw_range(self.segment.source, range);
        let emphasized = self.segment.source[..raw.start].ends_with(['*', '`'])
            && self.segment.source[raw.end..].starts_with(['*', '`']);
        if !emphasized {
            return false;
        }
        // Only the annotation right after the word: `*sesid* \[in\]`.
        let annotation = after
            .strip_prefix('[')
            .and_then(|rest| rest.find(']'))
            .map(|end| &after[..end + 2]);
        if annotation.is_some_and(|text| !sal_markers(text).is_empty()) {
            return true;
        }
        let mut next_words = after
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|word| !word.is_empty());
        let next_word = next_words.next().unwrap_or("");
        // `the **Address** property page` names a page of the UI, which is translated.
        let of_the_ui = matches!(next_words.next(), Some("page" | "pages" | "sheet"));
        KINDS.split_whitespace().any(|kind| kind == next_word) && !of_the_ui
    }

    /// Whether the product word at `range` is part of a name the locales have their own for:
    /// `Windows Explorer` is `Esplora risorse`, `Explorateur Windows`; `Visual` is a product
    /// only as `Visual Studio`, `Visual C++`, `Visual Basic` (`the Visual layer` is a feature).
    fn part_of_a_localized_name(&self, range: Range<usize>) -> bool {
        let source = &self.source.text;
        let next = source[range.end..]
            .trim_start()
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ')' | ';'))
            .next()
            .unwrap_or("");
        match &source[range] {
            "Windows" => next == "Explorer",
            "Visual" => !matches!(next, "Studio" | "C++" | "Basic" | "C#"),
            _ => false,
        }
    }

    /// Whether the target holds `acronym` cut short (`TB` for `TBS`): damaged, not translated.
    fn cut_short(&self, acronym: &str) -> bool {
        self.target()
            .text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| {
                word.len() >= 2
                    && word.len() < acronym.len()
                    && acronym.starts_with(word)
                    && word.bytes().all(|b| b.is_ascii_uppercase())
            })
    }

    /// The certain repairs of the target among the `lost` tokens: each range (in the target's
    /// bytes) and what to write there, in order, none overlapping. The repairs of `--fix`, and
    /// what makes a finding's suggestion a certain one.
    fn repairs(&self, lost: &[Lost<'_>], config: &Config) -> Vec<(Range<usize>, String)> {
        let (source, target) = (self.segment.source, self.segment.target);
        let offset = self.segment.target_offset;
        let relative = |span: Range<usize>| span.start - offset..span.end - offset;
        let visible = &self.target().text;
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        let mut add = |range: Range<usize>, suggestion: &str| {
            let overlaps = edits
                .iter()
                .any(|(other, _)| other.start < range.end && range.start < other.end);
            if !overlaps && target[range.clone()] != *suggestion {
                edits.push((range, suggestion.to_owned()));
            }
        };
        let lost: Vec<&Lost<'_>> = lost
            .iter()
            .filter(|lost| config.runs(lost.check) && lost.check != Check::DntTerm)
            .collect();
        for lost in &lost {
            let suggestion = self.source_raw(lost.token.range.clone());
            if source.trim() == suggestion {
                // The segment is the identifier: all of the target is its mangled form.
                let start = target.len() - target.trim_start().len();
                add(start..target.trim_end().len(), &suggestion);
            } else if let Some(span) = self.link_text_of(lost.word) {
                add(relative(span), &suggestion);
            } else if let Some(range) = bold_by_elimination(source, target, &suggestion, lost.word)
            {
                add(range, &suggestion);
            }
        }
        for lost in &lost {
            // The altered token where it stands, each time it does.
            let word = lost.word;
            let recased = lost.altered_case.iter().map(|&at| at..at + word.len());
            // `SEC_E_` split is `SEC _ E` and a `_` that may stand anywhere after: not certain.
            let edges = [b'_', b'.', b':'];
            let open = word.bytes().next().is_some_and(|b| edges.contains(&b))
                || word.bytes().last().is_some_and(|b| edges.contains(&b));
            let split = if open {
                Vec::new()
            } else {
                text::spaced_all(visible, word, Case::Ignore)
            };
            let split = split
                .into_iter()
                .filter(|range| &visible[range.clone()] != word);
            let suggestion = self.source_raw(lost.token.range.clone());
            for range in recased.chain(split) {
                add(relative(self.target_span(range)), &suggestion);
            }
        }
        edits.sort_by_key(|(range, _)| range.start);
        edits
    }

    /// Marks the `findings` of the `lost` tokens whose suggestion, written over their span, is
    /// one of the segment's certain repairs: a fix a code-scanning service may offer, where
    /// other suggestions name what is missing. Repairs mend identifiers, not terms.
    fn mark_certain(&self, lost: &[Lost<'_>], config: &Config, findings: &mut [Finding]) {
        if !config.mark_certain
            || findings
                .iter()
                .all(|finding| finding.check == Check::DntTerm)
        {
            return;
        }
        let repairs = self.repairs(lost, config);
        let offset = self.segment.target_offset;
        for finding in findings {
            let span = &finding.span;
            finding.certain = !span.is_empty()
                && repairs.iter().any(|(range, after)| {
                    range.start + offset == span.start
                        && range.len() == span.len()
                        && finding.suggestion.as_deref() == Some(after.as_str())
                });
        }
    }

    /// Identifiers, file names and terms of the source that the target does not hold verbatim;
    /// code spans and SAL markers that differ.
    fn identifiers(&self, config: &Config, out: &mut Vec<Finding>) {
        let source = &self.source.text;
        let lost = self.lost_tokens();
        let first = out.len();
        for lost in &lost {
            let target = &self.target().text;
            let Lost {
                token, word, check, ..
            } = lost;
            let suggestion = Some(self.source_raw(token.range.clone()));
            let what = match token.kind {
                Kind::FileName => "file name",
                Kind::Term => "term",
                _ => "identifier",
            };
            if let Some(&at) = lost.altered_case.first() {
                let found = &target[at..at + word.len()];
                out.push(self.finding(
                    *check,
                    self.target_span(at..at + word.len()),
                    format!("{what} {word} changed case: {found}"),
                    suggestion,
                ));
            } else if let Some(range) = lost.spaced_any.clone() {
                let found = &target[range.clone()];
                let how = if lost.spaced_exact.is_some() {
                    "split by spaces"
                } else {
                    "split by spaces and recased"
                };
                out.push(self.finding(
                    *check,
                    self.target_span(range.clone()),
                    format!("{what} {word} was {how}: {found}"),
                    suggestion,
                ));
            } else if token.kind == Kind::Term {
                let span = self.became(word).unwrap_or_else(|| self.whole_target());
                out.push(self.finding(
                    *check,
                    span,
                    format!("{what} {word} was translated or dropped"),
                    suggestion,
                ));
            } else {
                let (mut span, detail) = self.translated_parts(word);
                if source.trim() == *word {
                    // The segment is the identifier (a name cell): the defect is all of it.
                    let start = target.len() - target.trim_start().len();
                    span = self.target_span(start..target.trim_end().len());
                }
                out.push(self.finding(
                    *check,
                    span,
                    format!("{what} {word} was translated{detail}"),
                    suggestion,
                ));
            }
        }
        self.mark_certain(&lost, config, &mut out[first..]);
        for code in &self.source.code_spans {
            if !self.target().code_spans.contains(code) {
                out.push(self.finding(
                    Check::CodeSpan,
                    self.whole_target(),
                    format!("code span `{code}` is not in the target verbatim"),
                    Some(format!("`{code}`")),
                ));
            }
        }
        // `[optional](qualifiers.md#optional)` is a link whose text is a word, not SAL.
        let link_texts: Vec<usize> = self
            .source
            .links
            .iter()
            .filter_map(|link| Some(link.text.as_ref()?.start))
            .collect();
        for (at, marker) in sal_markers(source) {
            if !self.target().text.contains(marker) && !link_texts.contains(&(at + 1)) {
                out.push(self.finding(
                    Check::SalMarker,
                    self.whole_target(),
                    format!("SAL annotation {marker} is not in the target verbatim"),
                    Some(marker.replace('[', "\\[").replace(']', "\\]")),
                ));
            }
        }
    }

    /// Where a translated identifier's remains are (the first of its parts still in the
    /// target), and which parts are gone: ` (ALGORITHM, MISMATCH)`.
    fn translated_parts(&self, word: &str) -> (Range<usize>, String) {
        let target = &self.target().text;
        let parts = text::split_parts(word);
        let mut first: Option<usize> = None;
        let mut lost = Vec::new();
        for (part, _) in &parts {
            match occurrences(target, part, Case::Exact, false).first() {
                Some(&at) => first = Some(first.map_or(at, |f: usize| f.min(at))),
                None => lost.push(*part),
            }
        }
        // What the identifier became: from its first part still there over the pieces joined
        // to it (`SEC \_ E \_ 演算法 \_ 不相符`), or the target's word most like it
        // (`kredssp` for `CredSSP`, `сетфилетиме` for `SetFileTime`).
        let span = match first {
            Some(at) => {
                let start = target[..at].trim_end_matches([' ', '_']).len();
                let start = if target[start..at].trim().is_empty() {
                    at
                } else {
                    start
                };
                self.target_span(start..mangled_end(target, at))
            }
            None => self
                .became(word)
                .unwrap_or_else(|| self.somewhere_in_target()),
        };
        let detail = if parts.len() > 1 && !lost.is_empty() && lost.len() < parts.len() {
            format!(" ({} lost)", lost.join(", "))
        } else {
            String::new()
        };
        (span, detail)
    }

    /// The page range of what `word` of the source became in the target: the target's word
    /// most like it by its letters (`kredssp` for `CredSSP`, `сетфилетиме` for `SetFileTime`),
    /// if alike enough; else, for a word the source emphasizes, the target's emphasis in the
    /// same place (`*pOut*` became `*moue*`: the second italic of both).
    fn became(&self, word: &str) -> Option<Range<usize>> {
        self.alike(word).or_else(|| self.emphasized_alike(word))
    }

    /// The page range of the target's word most like `word` of the source by its letters, at
    /// least half alike (the Dice coefficient of their letter pairs), among the words the
    /// source does not have. Not certain enough to repair with: `SEC` is as like `SEC_I_`.
    fn alike(&self, word: &str) -> Option<Range<usize>> {
        let target = &self.target().text;
        let source = &self.source.text;
        let words = self.target_words.get_or_init(|| {
            // Letters compare in Latin, Cyrillic read as Latin; other scripts are not compared.
            text::words_of(target)
                .into_iter()
                .filter(|range| {
                    target[range.clone()]
                        .chars()
                        .any(|c| c.is_ascii_alphabetic() || ('\u{400}'..='\u{4ff}').contains(&c))
                })
                .map(|range| {
                    let pairs = text::letter_pairs(&target[range.clone()]);
                    (range, pairs)
                })
                .collect()
        });
        let pairs = text::letter_pairs(word);
        words
            .iter()
            .filter(|(range, _)| text::could_be_alike(word, &target[range.clone()]))
            .filter(|(range, _)| {
                occurrences(source, &target[range.clone()], Case::Exact, false).is_empty()
            })
            .map(|(range, theirs)| (text::dice(&pairs, theirs), range))
            .filter(|(score, _)| *score >= 0.5)
            .max_by(|(a, _), (b, _)| a.total_cmp(b))
            .map(|(_, range)| self.target_span(range.clone()))
    }

    /// For a word the source emphasizes, the target's emphasis in the same place (`*pOut*`
    /// became `*moue*`: the second italic of both), when both have as many.
    fn emphasized_alike(&self, word: &str) -> Option<Range<usize>> {
        let at = occurrences(&self.source.text, word, Case::Exact, false)
            .first()
            .copied()?;
        let raw = self.source.raw_offset(at);
        let theirs = emphasis_runs(self.segment.source);
        let ours = emphasis_runs(self.segment.target);
        let index = theirs
            .iter()
            .position(|run| run.start <= raw && raw < run.end)?;
        (theirs.len() == ours.len()).then(|| {
            let run = &ours[index];
            self.segment.target_offset + run.start..self.segment.target_offset + run.end
        })
    }

    /// An empty range at the start of the target: the defect is somewhere in it, nowhere known.
    fn somewhere_in_target(&self) -> Range<usize> {
        let start = self.segment.target_offset + self.segment.target.len()
            - self.segment.target.trim_start().len();
        start..start
    }

    /// Link destinations as a multiset; broken `] (`; links that lost their text.
    fn links(&self, out: &mut Vec<Finding>) {
        // A link is written `](` or with a tag: without either, and none in the source, there
        // is nothing to compare, and the target need not be read.
        let target_bytes = self.segment.target.as_bytes();
        let target_may_link = memchr::memchr2_iter(b']', b'<', target_bytes)
            .any(|at| target_bytes[at] == b'<' || target_bytes.get(at + 1) == Some(&b'('));
        if self.source.links.is_empty() && !target_may_link {
            return;
        }
        // `] (` is a broken link only where what follows is one of the source's destinations:
        // translations also bracket UI terms and then open a parenthesis.
        let target_raw = self.segment.target;
        let broken_candidates = if self.source.links.is_empty() {
            Vec::new()
        } else {
            text::find_all(target_raw.as_bytes(), b"] (")
        };
        let broken: Vec<usize> = broken_candidates
            .into_iter()
            .filter(|&at| {
                let after = &target_raw[at + 3..];
                text::destination_length(after)
                    .map(|end| after[..end].trim())
                    .is_some_and(|destination| {
                        self.source
                            .links
                            .iter()
                            .any(|link| link.destination.eq_ignore_ascii_case(destination))
                    })
            })
            .collect();
        for &at in &broken {
            let start = self.segment.target_offset + at;
            out.push(self.finding(
                Check::LinkSyntax,
                start..start + 3,
                "link syntax broken: `] (` does not make a link".into(),
                Some("](".into()),
            ));
        }
        let mut source: Vec<&str> = self
            .source
            .links
            .iter()
            .map(|l| l.destination.as_str())
            .collect();
        let mut target: Vec<(&str, usize)> = self
            .target()
            .links
            .iter()
            .map(|l| (l.destination.as_str(), l.at))
            .collect();
        source.retain(
            |destination| match target.iter().position(|(t, _)| t == destination) {
                Some(index) => {
                    target.remove(index);
                    false
                }
                None => true,
            },
        );
        // A broken link's destination is the source's, out of reach: reported once, above.
        let unexplained = source.len().saturating_sub(broken.len());
        let source = &source[source.len() - unexplained..];
        let mut target = target.into_iter();
        for destination in source {
            match target.next() {
                Some((other, at)) => {
                    let start = self.segment.target_offset + at;
                    let how = if other.eq_ignore_ascii_case(destination) {
                        "changed case"
                    } else {
                        "changed"
                    };
                    out.push(self.finding(
                        Check::LinkDestination,
                        start..start + 2 + other.len(),
                        format!("link destination {how}: {destination} became {other}"),
                        Some((*destination).to_owned()),
                    ));
                }
                None => out.push(self.finding(
                    Check::LinkDestination,
                    self.whole_target(),
                    format!("the link to {destination} is missing"),
                    None,
                )),
            }
        }
        for (other, at) in target {
            let start = self.segment.target_offset + at;
            out.push(self.finding(
                Check::LinkDestination,
                start..start + 2 + other.len(),
                format!("a link to {other} was added"),
                None,
            ));
        }
        // A link whose identifier now stands outside it has one finding: the move.
        let moved = self.identifiers_out_of_links(out);
        for link in &self.target().links {
            let lost =
                !moved.contains(&link.destination.as_str())
                    && link.empty_text(&self.target().text)
                    && self.source.links.iter().any(|s| {
                        s.destination == link.destination && !s.empty_text(&self.source.text)
                    });
            if lost {
                let start = self.segment.target_offset + link.at;
                out.push(self.finding(
                    Check::LinkText,
                    start..start + 1,
                    format!("the link to {} lost its text", link.destination),
                    None,
                ));
            }
        }
    }

    /// An identifier that is a link's text in the source but stands outside the same link in
    /// the target: `[**InitializeSecurityContext (General)**](x)` became
    /// `InitializeSecurityContext (…的 [**一般)**](x)`. Returns the destinations of such links.
    fn identifiers_out_of_links(&self, out: &mut Vec<Finding>) -> Vec<&str> {
        let mut moved = Vec::new();
        let in_a_link = |at: usize| {
            self.target()
                .links
                .iter()
                .any(|link| link.text.as_ref().is_some_and(|text| text.contains(&at)))
        };
        let source_all = &self.source.text;
        let in_a_source_link = |at: usize| {
            self.source
                .links
                .iter()
                .any(|link| link.text.as_ref().is_some_and(|text| text.contains(&at)))
        };
        for link in &self.source.links {
            let Some(text) = &link.text else { continue };
            // The texts of the target's links to the same place (a page may link it twice).
            let theirs: Vec<&str> = self
                .target()
                .links
                .iter()
                .filter(|t| t.destination == link.destination)
                .filter_map(|t| Some(&self.target().text[t.text.clone()?]))
                .collect();
            if theirs.is_empty() {
                continue;
            }
            let source_text = &self.source.text[text.clone()];
            for token in tokens(source_text, self.terms) {
                if token.kind != Kind::Identifier {
                    continue;
                }
                let word = &source_text[token.range];
                let kept_inside = theirs.iter().any(|inside| {
                    !occurrences(inside, word, Case::Ignore, false).is_empty()
                        || spaced(inside, word, Case::Ignore).is_some()
                });
                let outside: Vec<usize> =
                    occurrences(&self.target().text, word, Case::Ignore, false)
                        .into_iter()
                        .filter(|&at| !in_a_link(at))
                        .collect();
                // The source may name it outside the link too (`[**SRSetRestorePoint**](x)` …
                // `**SRSetRestorePoint**`): only one more outside than there was has moved.
                let outside_before = occurrences(source_all, word, Case::Ignore, false)
                    .into_iter()
                    .filter(|&at| !in_a_source_link(at))
                    .count();
                let moved_out = (outside.len() > outside_before).then(|| outside[0]);
                if let (false, Some(at)) = (kept_inside, moved_out) {
                    out.push(self.finding(
                        Check::LinkText,
                        self.target_span(at..at + word.len()),
                        format!("{word} was the link's text and is now outside the link"),
                        None,
                    ));
                    moved.push(link.destination.as_str());
                }
            }
        }
        moved
    }

    /// Counts of bold, italic, code, breaks, tags and escapes; parentheses. A difference that
    /// the certain identifier repairs take away is the identifiers' damage, reported by their
    /// checks (`**Msvm\_ImageManagementService**` became `**Мсвм \_ )**`): not again here.
    fn markup(&self, config: &Config, identifiers: &[Range<usize>], out: &mut Vec<Finding>) {
        let source = markup_counts(self.segment.source);
        let target = markup_counts(self.segment.target);
        let repaired = std::cell::OnceCell::new();
        let repaired = || {
            repaired
                .get_or_init(|| {
                    let edits = repairs(self.segment.source, self.segment.target, config);
                    (!edits.is_empty()).then(|| apply(self.segment.target, &edits))
                })
                .as_deref()
        };
        for (kind, (wanted, found)) in source.iter().zip(target.iter()).enumerate() {
            let identifier_damage =
                || repaired().is_some_and(|repaired| markup_counts(repaired)[kind].0 == wanted.0);
            if wanted.0 != found.0 && !identifier_damage() {
                let (what, _) = MARKUP[kind];
                let span = match found.1 {
                    Some(at) => {
                        self.segment.target_offset + at..self.segment.target_offset + at + 1
                    }
                    None => self.whole_target(),
                };
                out.push(self.finding(
                    Check::MarkupCount,
                    span,
                    format!(
                        "{what}: {} in the source, {} in the target",
                        wanted.0, found.0
                    ),
                    None,
                ));
            }
        }
        self.brackets(identifiers, repaired, out);
    }

    /// Parentheses unbalanced or doubled in the target but not in the source. A translation
    /// may rightly add parentheses (`Mindestversion (Client)`, `0 (null)`); what it may not do
    /// is leave them unbalanced or doubled, `(（例如…) ）`. `repaired` is the target with the
    /// certain identifier repairs made, if any.
    fn brackets<'r>(
        &self,
        identifiers: &[Range<usize>],
        repaired: impl Fn() -> Option<&'r str>,
        out: &mut Vec<Finding>,
    ) {
        // The raw target has every parenthesis its reading has (escapes and entities make
        // none): without one, nothing to read.
        if parentheses(self.segment.target).next().is_none() {
            return;
        }
        let target = &self.target().text;
        let wrong = match balanced(target) {
            Some(at) if balanced(&self.source.text).is_none() => {
                Some((at, "parentheses are unbalanced in the target"))
            }
            _ => doubled_bracket(target)
                .filter(|_| doubled_bracket(&self.source.text).is_none())
                .map(|at| (at, "a parenthesis is doubled (ASCII and full-width)")),
        };
        // A parenthesis inside the bold of an identifier the identifier checks report is that
        // identifier's damage (`**Msvm\_ImageManagementService**` became `**Мсвм \_ )**`).
        let identifier_damage = |at: usize| {
            let raw = self.target().raw_offset(at);
            let in_bold = !identifiers.is_empty()
                && bold_spans(self.segment.target).is_some_and(|spans| {
                    spans.iter().any(|span| span.start <= raw && raw < span.end)
                });
            in_bold
                || repaired().is_some_and(|repaired| {
                    let repaired = text::visible(repaired).text;
                    balanced(&repaired).is_none() && doubled_bracket(&repaired).is_none()
                })
        };
        if let Some((at, message)) = wrong.filter(|&(at, _)| !identifier_damage(at)) {
            let width = target[at..].chars().next().map_or(1, char::len_utf8);
            out.push(self.finding(
                Check::Brackets,
                self.target_span(at..at + width),
                message.into(),
                None,
            ));
        }
    }

    /// Numbers of the source missing from the target; hex values and versions exactly.
    fn numbers(&self, locale: Option<&Locale>, out: &mut Vec<Finding>) {
        // Only a number of the source can go missing or change, and most sources have none.
        // Their digits are counted rather than searched for: a count of all the bytes is
        // vectorized, a search that stops at the first is not.
        if self.source.text.bytes().filter(u8::is_ascii_digit).count() == 0 {
            return;
        }
        let source = numbers(&self.source.text, false);
        if source.is_empty() {
            return;
        }
        let comma = locale.is_some_and(Locale::decimal_comma);
        let mut target = numbers(&self.target().text, comma);
        let mut missing = Vec::new();
        for number in &source {
            let exact = number.hex || number.version;
            // A code or id written without separators keeps its digits (`1048576` is not
            // `1 048 576`); a quantity (`2048 bytes`) or a number the source grouped takes the
            // locale's grouping.
            let keeps_digits = !exact && !number.grouped && !number.quantity;
            let position = target.iter().position(|candidate| {
                let in_words = number.grouped
                    && in_words_of_magnitude(
                        &number.value,
                        &candidate.value,
                        &self.target().text[candidate.range.end..],
                    );
                let same = in_words
                    || candidate.value == number.value
                    || (!exact
                        && comma
                        && candidate.comma_value.as_deref() == Some(number.value.as_ref()))
                    || (!exact
                        && without_trailing_zeros(&candidate.value)
                            == without_trailing_zeros(&number.value));
                same && !(keeps_digits && candidate.grouped)
            });
            match position {
                Some(index) => {
                    target.remove(index);
                }
                // `2-D` may become `2D`: the digits at the start of a word count.
                None if !exact && starts_a_word(&self.target().text, &number.value) => {}
                None => missing.push(number),
            }
        }
        let mut extra = target.into_iter();
        for number in missing {
            let check = if number.hex || number.version {
                Check::ExactNumber
            } else {
                Check::Number
            };
            match extra.next() {
                Some(other) => out.push(self.finding(
                    check,
                    self.target_span(other.range.clone()),
                    format!(
                        "number {} became {}",
                        number.text,
                        &self.target().text[other.range.clone()]
                    ),
                    Some(number.text.to_owned()),
                )),
                // Numbers up to ten are spelled out in prose (`2 bits` is `dos bits`, `3-D`
                // is `трехмерный`), as style guides ask: not a number lost.
                None if check == Check::Number
                    && spelled_out(&self.source.text, number, &self.target().text) => {}
                None => out.push(self.finding(
                    check,
                    self.whole_target(),
                    format!("number {} is missing", number.text),
                    Some(number.text.to_owned()),
                )),
            }
        }
    }

    /// A target equal to its source when the source has words to translate.
    fn untranslated(&self, locale: Option<&Locale>, out: &mut Vec<Finding>) {
        if self.segment.target.trim() != self.segment.source.trim() {
            return;
        }
        let source = &self.source.text;
        let words: Vec<Range<usize>> = words_to_translate(source, self.terms)
            .into_iter()
            .filter(|word| !LITERALS.contains(&&source[word.clone()]))
            .collect();
        // A lone lowercase word (`string`, `-inf`) is a type or a value; a lone emphasized or
        // linked one (`**User**`) a name on the page.
        let raw = self.segment.source.trim();
        let marked = raw.starts_with(['*', '`', '[', '<']);
        let lone_lowercase = words.len() == 1
            && source[words[0].clone()].starts_with(|c: char| c.is_ascii_lowercase());
        if (marked && words.len() <= 2) || lone_lowercase || words.is_empty() {
            return;
        }
        // In another script any English word kept is untranslated. Latin-script languages
        // share many words with English and keep product names, signatures and commands as
        // they are (`Windows 10, version 1703`, `Status Pen::RotateTransform(IN REAL angle)`,
        // `**delete sslcert**`): there, English prose has its function words (`to`,
        // `without`), or plain lowercase words outside bold and code (`go, proceed, safe`)
        // that are not a path's (`/archive/blogs/`) or a link's text (a keyword's page).
        let latin = locale.is_some_and(|locale| !locale.non_latin());
        if latin {
            let function_words = words
                .iter()
                .filter(|word| FUNCTION_WORDS.contains(&&source[(*word).clone()]))
                .count();
            let in_link = |word: &Range<usize>| {
                self.source.links.iter().any(|link| {
                    link.text
                        .as_ref()
                        .is_some_and(|text| text.start <= word.start && word.end <= text.end)
                })
            };
            // A word of a path, an address or a placeholder (`/archive/blogs/`,
            // `mydevice.contoso.com`, `url=`, `<item name>`) is a name, as is one without a
            // vowel (`dst`, `src`).
            let in_code = |word: &Range<usize>| {
                let punctuation = |c: Option<char>| {
                    matches!(
                        c,
                        Some('/' | '.' | ':' | '#' | '\\' | '=' | '@' | '<' | '>' | '_')
                    )
                };
                let before = &source[..word.start];
                let after = &source[word.end..];
                let in_placeholder = before.rfind('<') > before.rfind('>');
                // `.` and `:` end sentences too: in an address they run on (`contoso.com`).
                let runs_on = after.starts_with(['.', ':'])
                    && after[1..].starts_with(|c: char| c.is_alphanumeric() || c == '/');
                punctuation(before.chars().next_back())
                    || (punctuation(after.chars().next()) && !after.starts_with(['.', ':']))
                    || runs_on
                    || in_placeholder
            };
            let mut plain: Vec<&str> = words
                .iter()
                .filter(|word| !in_link(word) && !in_code(word))
                .map(|word| &source[word.clone()])
                .filter(|word| word.len() >= 3 && word.bytes().all(|b| b.is_ascii_lowercase()))
                .filter(|word| word.contains(['a', 'e', 'i', 'o', 'u', 'y']))
                .collect();
            plain.sort_unstable();
            plain.dedup();
            // A signature or a command names code more than once: prose in it needs its words.
            let identifiers = tokens(source, self.terms)
                .filter(|token| token.kind == Kind::Identifier)
                .count();
            if function_words < 2 && (marked || plain.len() < 3 || identifiers >= 2) {
                return;
            }
        }
        out.push(self.finding(
            if latin {
                Check::UnchangedLatin
            } else {
                Check::Unchanged
            },
            self.whole_target(),
            "the target is the English source, untranslated".into(),
            None,
        ));
    }

    fn empty(&self, out: &mut Vec<Finding>) {
        // A target whose first character shows as it is has text, without a reading of it.
        if text::shows_first(self.segment.target) {
            return;
        }
        if self.target().text.trim().is_empty() && !self.source.text.trim().is_empty() {
            out.push(self.finding(
                Check::EmptyTarget,
                self.whole_target(),
                "the target is empty".into(),
                Some(self.segment.source.to_owned()),
            ));
        }
    }

    /// Leading and trailing space the source lacks, new double spaces, a space inside brackets
    /// or before punctuation. Spaces inside an identifier already reported are its finding's.
    fn whitespace(
        &self,
        identifiers: &[Range<usize>],
        locale: Option<&Locale>,
        out: &mut Vec<Finding>,
    ) {
        let mut spaces = Vec::new();
        self.edge_and_double_spaces(&mut spaces);
        self.spaces_inside_brackets(&mut spaces);
        self.spaces_before_punctuation(locale, &mut spaces);
        let base = self.segment.target_offset;
        for Space {
            check,
            at,
            length,
            message,
        } in spaces
        {
            if !identifiers.iter().any(|r| r.contains(&(base + at))) {
                out.push(self.finding(check, base + at..base + at + length, message, None));
            }
        }
    }

    /// Leading and trailing space the source lacks; a double space the source has fewer of.
    fn edge_and_double_spaces(&self, spaces: &mut Vec<Space>) {
        let (source, target) = (self.segment.source, self.segment.target);
        let lead = target.len() - target.trim_start().len();
        if lead > 0 && source.len() == source.trim_start().len() && !target.trim().is_empty() {
            spaces.push(Space {
                check: Check::EdgeSpace,
                at: 0,
                length: lead,
                message: "leading space the source lacks".into(),
            });
        }
        let trail = target.len() - target.trim_end().len();
        if trail > 0 && source.len() == source.trim_end().len() && !target.trim().is_empty() {
            spaces.push(Space {
                check: Check::EdgeSpace,
                at: target.trim_end().len(),
                length: trail,
                message: "trailing space the source lacks".into(),
            });
        }
        let inner = &target[lead..target.trim_end().len()];
        if let Some(at) = double_space(inner)
            && inner.matches("  ").count() > source.trim().matches("  ").count()
        {
            spaces.push(Space {
                check: Check::DoubleSpace,
                at: lead + at,
                length: 2,
                message: "double space".into(),
            });
        }
    }

    /// `( texto )`: a space after an opening parenthesis or bracket the source does not have
    /// (the one before the closing one is a space before punctuation).
    fn spaces_inside_brackets(&self, spaces: &mut Vec<Space>) {
        let (source, target) = (self.segment.source, self.segment.target);
        for at in memchr::memchr2_iter(b'(', b'[', target.as_bytes()) {
            if target.as_bytes().get(at + 1) != Some(&b' ') {
                continue;
            }
            let (opening, closing) = match target.as_bytes()[at] {
                b'(' => ('(', ')'),
                _ => ('[', ']'),
            };
            if source.contains(if opening == '(' { "( " } else { "[ " }) {
                continue;
            }
            let before = &target[..at];
            // An image's alt text (`![ texte`) is not shown.
            let escaped = before.ends_with(['\\', '!']);
            let in_code = before.matches('`').count() % 2 == 1;
            let in_bold = before.matches("**").count() % 2 == 1;
            let enclosed = target[at + 1..].split(closing).next();
            let closes = target[at + 1..].contains(closing);
            if !escaped && !in_code && !in_bold && closes && !enclosed.is_some_and(mangled) {
                spaces.push(Space {
                    check: Check::SpaceInsideBrackets,
                    at: at + 1,
                    length: 1,
                    message: format!("space after `{opening}`, which the source does not have"),
                });
            }
        }
    }

    /// `[**X**](url) , y`: a space before punctuation that ends a clause, where the source has
    /// none before that mark (French puts one before `; : ! ?`, as its typography wants); or
    /// before full-width punctuation. Only a space can come before it: one pass over the
    /// target's spaces, the source asked about a mark only when one is found.
    fn spaces_before_punctuation(&self, locale: Option<&Locale>, spaces: &mut Vec<Space>) {
        let (source, target) = (self.segment.source, self.segment.target);
        let french = || locale.is_some_and(|locale| locale.language_in(&["fr"]));
        let bytes = target.as_bytes();
        // Where the spaces before `at` begin.
        let spaces_from = |at: usize| target[..at].trim_end_matches(' ').len();
        for space_at in memchr::memchr_iter(b' ', bytes) {
            let at = space_at + 1;
            let Some(&next) = bytes.get(at) else {
                continue;
            };
            if !next.is_ascii() {
                // Full-width punctuation is written from 0xE3 or 0xEF on (`。` is E3 80 82,
                // `，` EF BC 8C): an ideograph after a space is passed without reading it.
                if !matches!(next, 0xE3 | 0xEF) {
                    continue;
                }
                let c = target[at..]
                    .chars()
                    .next()
                    .expect("a character after the space");
                if FULL_WIDTH_CLOSERS.contains(c) {
                    let space = spaces_from(at);
                    spaces.push(Space {
                        check: Check::SpaceBeforePunctuation,
                        at: space,
                        length: at - space,
                        message: format!("space before full-width `{c}`"),
                    });
                }
                continue;
            }
            let Some(&(mark, pattern)) = ASCII_CLOSERS.iter().find(|(mark, _)| *mark as u8 == next)
            else {
                continue;
            };
            if (matches!(mark, ';' | ':' | '!' | '?') && french()) || source.contains(pattern) {
                continue;
            }
            let after = &target[at + 1..];
            let ends_clause = after
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || "*_)]\"'<|.,;:!?".contains(c));
            // In code, or in bold that was an identifier (`**SEK \_ . E \_ …**`): the
            // identifier's finding, not the page's spacing.
            let before = &target[..space_at];
            let in_code = before.matches('`').count() % 2 == 1;
            let in_bold = before.matches("**").count() % 2 == 1;
            // `Crypt \_ E \_ OSS-Fehler versetzt \_ .`: the tail of a broken identifier.
            let after_identifier = before.trim_end_matches(' ').ends_with("\\_");
            if ends_clause && !in_code && !in_bold && !after_identifier {
                let space = spaces_from(space_at);
                spaces.push(Space {
                    check: Check::SpaceBeforePunctuation,
                    at: space,
                    length: space_at + 1 - space,
                    message: format!("space before `{mark}`, which the source does not have"),
                });
            }
        }
    }
}

/// Where `text` first has two spaces in a row. A search for the spaces themselves: a searcher
/// built for each segment cost more than this whole check.
fn double_space(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b' ', bytes).find(|&at| bytes.get(at + 1) == Some(&b' '))
}

/// Words kept in every language: literals of code and data, names of files without extension.
const LITERALS: &[&str] = &["True", "False", "Makefile"];

/// English words that only prose has: a text with two of them is a sentence, not a name.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "for", "with", "without", "from", "by", "at", "as",
    "and", "or", "is", "are", "was", "be", "been", "this", "that", "these", "it", "its", "not",
    "can", "will", "when", "if", "which", "you", "your", "into", "than", "then", "has", "have",
];

/// The words of an English text a translation must change: not tokens to keep, and not the
/// capitalized words of a product name (`Windows Server`, `Windows Vista`).
fn words_to_translate(text: &str, terms: &[String]) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut after_name = false;
    let mut previous_end = 0;
    for token in tokens(text, terms) {
        let word = &text[token.range.clone()];
        let adjacent = text[previous_end..token.range.start].trim().is_empty();
        let capitalized = word.starts_with(|c: char| c.is_ascii_uppercase());
        let name_part = token.kind != Kind::Word
            || word.bytes().all(|b| b.is_ascii_digit())
            || (capitalized && after_name && adjacent);
        if !name_part && translatable(text, &token) {
            words.push(token.range.clone());
        }
        after_name = name_part;
        previous_end = token.range.end;
    }
    words
}

/// Two capitalized words joined by a hyphen (`Auto-Generation`, `States-English`): a schema
/// name when it stands alone in a segment (`System-Flags`), prose inside a sentence.
fn loose_compound(word: &str) -> bool {
    let Some((first, second)) = word.split_once('-') else {
        return false;
    };
    let lowercase_after_first = |part: &str| part.bytes().skip(1).all(|b| b.is_ascii_lowercase());
    !second.contains('-') && lowercase_after_first(first) && lowercase_after_first(second)
}

const FULL_WIDTH_CLOSERS: &str = "。，、；：！？）」』】〉》";

/// ASCII punctuation that never follows a space in English, with the space before it.
const ASCII_CLOSERS: [(char, &str); 8] = [
    (',', " ,"),
    ('.', " ."),
    (';', " ;"),
    (':', " :"),
    ('!', " !"),
    ('?', " ?"),
    (')', " )"),
    (']', " ]"),
];

/// The SAL annotations of a visible text, each with its offset.
fn sal_markers(text: &str) -> Vec<(usize, &str)> {
    let mut markers = Vec::new();
    let bytes = text.as_bytes();
    for start in memchr::memchr_iter(b'[', bytes) {
        let Some(end) = memchr::memchr(b']', &bytes[start..]) else {
            break;
        };
        let inside = &text[start + 1..start + end];
        let sal = ["in", "out", "optional", "opt", "retval", "reserved"];
        if !inside.is_empty() && inside.split(',').all(|word| sal.contains(&word.trim())) {
            markers.push((start, &text[start..=start + end]));
        }
    }
    markers
}

/// What the markup check counts, and the raw markers that make each (beside `**`, `*` and
/// backticks, read by hand).
const MARKUP: [(&str, &[&str]); 6] = [
    ("bold", &["<strong>", "<b>"]),
    ("italic", &["<em>", "<i>"]),
    ("inline code", &[]),
    ("line breaks", &["<br"]),
    (
        "HTML tags",
        &[
            "<dt", "<dd", "<dl", "<p>", "<ul", "<ol", "<li", "<table", "<tr", "<td", "<th",
            "<span", "<a ", "<div", "<sup", "<sub",
        ],
    ),
    (
        "escapes",
        &["\\*", "\\[", "\\]", "\\<", "\\>", "\\#", "\\|", "\\`"],
    ),
];

/// Per kind of [`MARKUP`]: how many, and where the first is. One pass over the bytes: this
/// runs on both sides of every segment of a site.
fn markup_counts(raw: &str) -> [(usize, Option<usize>); 6] {
    const BOLD: usize = 0;
    const ITALIC: usize = 1;
    const CODE: usize = 2;
    let mut counts = [(0usize, None::<usize>); 6];
    let mut found = |kind: usize, at: usize| {
        counts[kind].0 += 1;
        counts[kind].1.get_or_insert(at);
    };
    let bytes = raw.as_bytes();
    // Markup bytes are few: memchr finds them, a vector search instead of a look at each byte.
    let mut after_bold = 0;
    for i in memchr::memchr3_iter(b'*', b'`', b'<', bytes) {
        match bytes[i] {
            // The second star of a `**`, taken with the first.
            b'*' if i < after_bold => {}
            // `\*` is a star of the text; the next one is read afresh (`\**p*` is a star, then
            // an italic `p`).
            b'*' if escaped(bytes, i) => {}
            b'*' => {
                if bytes.get(i + 1) == Some(&b'*') {
                    // `**` is bold: both stars are taken.
                    found(BOLD, i);
                    after_bold = i + 2;
                    continue;
                }
                let after_star = i > 0 && bytes[i - 1] == b'*' && !escaped(bytes, i - 1);
                if !after_star {
                    found(ITALIC, i);
                }
            }
            b'`' => found(CODE, i),
            _ => {
                if let Some(kind) = marker_at(raw, i) {
                    found(kind, i);
                }
            }
        }
    }
    // Only escapes begin with `\`, and only escapes are counted here; the second `\` of `\\`
    // is the escaped character, not an escape (`KEY\\**Name**`).
    for i in memchr::memchr_iter(b'\\', bytes) {
        if escaped(bytes, i) {
            continue;
        }
        if let Some(kind) = marker_at(raw, i) {
            found(kind, i);
        }
    }
    counts[CODE].0 /= 2;
    counts
}

/// Whether the byte at `i` is escaped: an odd run of backslashes stands before it.
fn escaped(bytes: &[u8], i: usize) -> bool {
    bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// The bytes that follow the `<` or `\` of a [`MARKUP`] marker, as a table.
static MARKER_SECOND_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut kind = 0;
    while kind < MARKUP.len() {
        let markers = MARKUP[kind].1;
        let mut marker = 0;
        while marker < markers.len() {
            table[markers[marker].as_bytes()[1] as usize] = true;
            marker += 1;
        }
        kind += 1;
    }
    table
};

/// The kind of [`MARKUP`] whose marker stands at `i`: at most one does, as no marker begins
/// another.
fn marker_at(raw: &str, i: usize) -> Option<usize> {
    let rest = &raw.as_bytes()[i..];
    // `\_` and `\.` (in identifiers), `<0x…>` begin no marker: passed at one look.
    if !rest
        .get(1)
        .is_some_and(|&b| MARKER_SECOND_BYTES[usize::from(b)])
    {
        return None;
    }
    MARKUP.iter().position(|(_, markers)| {
        markers.iter().any(|marker| {
            let marker = marker.as_bytes();
            // The byte after `<` or `\` first: it tells nearly every marker apart without a
            // comparison of the rest.
            rest.get(1) == marker.get(1)
                && rest.starts_with(marker)
                // A tag's name ends where it ends: `<sub>`, not `<subclave definida>`.
                && (!marker[marker.len() - 1].is_ascii_alphabetic()
                    || !rest
                        .get(marker.len())
                        .is_some_and(u8::is_ascii_alphanumeric))
        })
    })
}

/// Where two opening or two closing parentheses stand together, spaces between, as machine
/// translation leaves them when it adds full-width ones to the ASCII pair: `(（`, `) ）`.
fn doubled_bracket(text: &str) -> Option<usize> {
    let mut previous: Option<Parenthesis> = None;
    for parenthesis in parentheses(text) {
        if let Some(first) = previous
            && first.opening == parenthesis.opening
            && first.full_width != parenthesis.full_width
            && text.as_bytes()[first.at + first.width()..parenthesis.at]
                .iter()
                .all(|&b| b == b' ')
        {
            return Some(first.at);
        }
        previous = Some(parenthesis);
    }
    None
}

/// Where the parentheses of `text` first go wrong (a closer with nothing open, or the first
/// opener left open), if they do.
fn balanced(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    for parenthesis in parentheses(text) {
        if parenthesis.opening {
            open.push(parenthesis.at);
        } else if open.pop().is_none() {
            return Some(parenthesis.at);
        }
    }
    open.first().copied()
}

#[derive(Clone, Copy)]
struct Parenthesis {
    at: usize,
    opening: bool,
    /// `（` or `）`, three bytes.
    full_width: bool,
}

impl Parenthesis {
    fn width(self) -> usize {
        if self.full_width { 3 } else { 1 }
    }
}

/// The parentheses of `text`, ASCII and full-width, in order. memchr finds the candidates
/// (`(`, `)` and the first byte of U+FF08 and U+FF09) rather than decoding every character.
fn parentheses(text: &str) -> impl Iterator<Item = Parenthesis> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'(', b')', 0xEF, bytes).filter_map(move |at| {
        let (opening, full_width) = match (bytes[at], bytes.get(at + 1..at + 3)) {
            (b'(', _) => (true, false),
            (b')', _) => (false, false),
            (_, Some([0xBC, 0x88])) => (true, true),
            (_, Some([0xBC, 0x89])) => (false, true),
            _ => return None,
        };
        Some(Parenthesis {
            at,
            opening,
            full_width,
        })
    })
}

struct Number<'t> {
    text: &'t str,
    /// Canonical: hex lowercased without suffix; decimals with `.`; thousands separators gone.
    value: Cow<'t, str>,
    /// The value read as a decimal-comma locale writes numbers (`3,5` → `3.5`, `1.000` →
    /// `1000`), when it has a separator.
    comma_value: Option<String>,
    hex: bool,
    version: bool,
    /// Written with separators between thousands (`1,000`, `1 000`, `1.000`).
    grouped: bool,
    /// Followed by a word (`2048 bytes`): a quantity, which a locale may group its own way.
    quantity: bool,
    range: Range<usize>,
}

/// The standalone numbers of a visible text: not inside a word (`S4U`, `Win32`, `x64`). A `,`
/// joins thousands (`1,000`), and decimals where `decimal_comma`; otherwise it separates
/// numbers (`(0,0,0)`).
fn numbers(text: &str, decimal_comma: bool) -> Vec<Number<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Most bytes are no digit: from one digit to the next.
    while let Some(skip) = bytes[i..].iter().position(u8::is_ascii_digit) {
        i += skip;
        if !starts_a_number(bytes, i) {
            i += 1;
            continue;
        }
        let hex = bytes[i] == b'0' && matches!(bytes.get(i + 1), Some(b'x' | b'X'));
        let (number, end) = if hex {
            hex_number(text, i)
        } else {
            decimal_number(text, i, decimal_comma)
        };
        out.extend(number);
        i = end;
    }
    out
}

/// Whether the digit at `i` starts a number: not inside a word (`S4U`), a number (`1.5`) or a
/// name with a slash (`I/0`).
fn starts_a_number(bytes: &[u8], i: usize) -> bool {
    // Digits after `I/` are a name's (`I/0`, a misspelt `I/O`), not a number; a version after
    // one is (`HTTP/1.1`).
    let after_name_slash =
        i >= 2 && bytes[i - 1] == b'/' && bytes[i - 2].is_ascii_alphabetic() && {
            let end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            !(bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
        };
    i == 0 || !(is_word_byte(bytes[i - 1]) || bytes[i - 1] == b'.' || after_name_slash)
}

/// An ASCII letter, digit or `_`: what a number does not stand inside of.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The hexadecimal number (`0x80090308`, `0xFFL`) at `start`, unless it runs into a word; and
/// where to read on.
fn hex_number(text: &str, start: usize) -> (Option<Number<'_>>, usize) {
    let bytes = text.as_bytes();
    let mut end = start + 2;
    while end < bytes.len() && bytes[end].is_ascii_hexdigit() {
        end += 1;
    }
    let digits_end = end;
    while end < bytes.len() && matches!(bytes[end], b'L' | b'l' | b'U' | b'u') {
        end += 1;
    }
    if end < bytes.len() && is_word_byte(bytes[end]) || digits_end == start + 2 {
        return (None, end);
    }
    let number = Number {
        text: &text[start..end],
        value: Cow::Owned(text[start..digits_end].to_ascii_lowercase()),
        comma_value: None,
        hex: true,
        version: false,
        grouped: false,
        quantity: false,
        range: start..end,
    };
    (Some(number), end)
}

/// The decimal number at `start`, with its separators, unless it is part of a word or a file's
/// name (`64bit`, `1.txt`); and where to read on.
fn decimal_number(text: &str, start: usize, decimal_comma: bool) -> (Option<Number<'_>>, usize) {
    let bytes = text.as_bytes();
    let end = decimal_end(text, start, decimal_comma);
    // `1.txt` is a file's name, `64bit` a word.
    let file_name =
        bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic);
    if end < bytes.len() && (bytes[end].is_ascii_alphabetic() || bytes[end] == b'_') || file_name {
        return (None, end);
    }
    let raw = &text[start..end];
    let dots = raw.matches('.').count();
    let preceding = text[..start].trim_end();
    let previous_word = preceding
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let version = dots >= 2
        || (dots == 1
            && (preceding
                .strip_suffix('/')
                .is_some_and(|name| name.ends_with(|c: char| c.is_ascii_alphabetic()))
                || previous_word.eq_ignore_ascii_case("version")
                || previous_word.starts_with(|c: char| c.is_ascii_uppercase())));
    // Most numbers are digits alone, their own canonical value with no other reading.
    let digits = raw.bytes().all(|b| b.is_ascii_digit());
    // `511,0` is a decimal where the locale writes a decimal comma, not thousands.
    let grouped = !digits && !version && {
        let reading = match decimal_comma {
            true => locale_reading(raw).unwrap_or_else(|| canonical(raw)),
            false => canonical(raw),
        };
        reading.bytes().all(|b| b.is_ascii_digit())
    };
    let quantity = text[end..]
        .trim_start_matches([' ', '\u{a0}'])
        .starts_with(|c: char| c.is_alphabetic());
    let number = Number {
        text: raw,
        value: if digits {
            Cow::Borrowed(raw)
        } else {
            Cow::Owned(canonical(raw))
        },
        comma_value: if digits { None } else { locale_reading(raw) },
        hex: false,
        version,
        grouped,
        quantity,
        range: start..end,
    };
    (Some(number), end)
}

/// Where the digits from `start` end, with the `.` and `,` that join them (`1,000`, `3.5`,
/// and `3,5` where `decimal_comma`) and the spaces that group thousands (`1 000`).
fn decimal_end(text: &str, start: usize, decimal_comma: bool) -> usize {
    let bytes = text.as_bytes();
    let list = comma_list(&bytes[start..]);
    let mut end = start;
    loop {
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        let group = bytes.get(end + 1..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        });
        let joins = match bytes.get(end) {
            Some(b'.') => group > 0,
            Some(b',') => !list && (group == 3 || (decimal_comma && group > 0)),
            _ => false,
        };
        if joins {
            end += 1;
            continue;
        }
        // French and Russian group thousands with a (no-break) space: `1 000`.
        if let Some(space) = [" ", "\u{a0}", "\u{202f}"]
            .iter()
            .find(|space| text[end..].starts_with(**space))
        {
            let group = &bytes[end + space.len()..];
            let digits = group.iter().take_while(|b| b.is_ascii_digit()).count();
            let next_is_digit = group.get(digits).is_some_and(u8::is_ascii_digit);
            if digits == 3 && !next_is_digit && space_grouped(&text[start..end]) {
                end += space.len();
                continue;
            }
        }
        return end;
    }
}

/// Whether `number` is thousands grouped by spaces so far (`1`, `12 345`): a first group of one
/// to three digits, then groups of three.
fn space_grouped(number: &str) -> bool {
    number
        .split([' ', '\u{a0}', '\u{202f}'])
        .enumerate()
        .all(|(index, group)| {
            group.bytes().all(|b| b.is_ascii_digit())
                && match index {
                    0 => (1..=3).contains(&group.len()),
                    _ => group.len() == 3,
                }
        })
}

/// The words of the numbers zero to ten in the languages of the docs, cardinal and ordinal
/// (`generation 2` is `seconda generazione`); `-` ends a stem that takes endings (`двух`,
/// `двумя`; `четырех`), the others are whole words. Han numerals stand anywhere.
const NUMBER_WORDS: [&str; 11] = [
    "zero cero zéro null ноль нул- 零",
    "one un une uno una um uma ein eins eine один одн- first primo prima primer- premier- \
     première erst- перв- 一",
    "two dos deux due dois duas zwei два две дв- bidimension- second- segund- deuxième zweit- \
     втор- 二 两",
    "three tres trois tre três drei три трех- трёх- трем- tridimension- third terz- tercer- \
     troisième dritt- трет- 三",
    "four cuatro quatre quattro quatro vier четыр- fourth quart- cuart- quatrième viert- \
     четверт- 四",
    "five cinco cinq cinque fünf пят- fifth quint- cinquième fünft- 五",
    "six seis sei sechs шест- sixth sest- sext- sixième sechst- 六",
    "seven siete sept sette sete sieben сем- седьм- seventh settim- séptim- septième siebt- 七",
    "eight ocho huit otto oito acht восем- восьм- eighth ottav- octav- huitième 八",
    "nine nueve neuf nove neun девят- ninth nono nona noveno novena neuvième neunt- 九",
    "ten diez dix dieci dez zehn десят- tenth decim- décim- dixième zehnt- 十",
];

/// Whether the source's `number`, missing as digits, is in `target` as a word: a whole number
/// up to ten, not a placeholder (`[2]`, `{0}`, `%1`), whose word the target has.
fn spelled_out(source: &str, number: &Number<'_>, target: &str) -> bool {
    let Ok(value) = number.value.parse::<usize>() else {
        return false;
    };
    let placeholder = source[..number.range.start].ends_with(['[', '{', '%'])
        || source[number.range.end..].starts_with([']', '}']);
    if value > 10 || placeholder {
        return false;
    }
    let target = target.to_lowercase();
    let words: Vec<&str> = target
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .collect();
    NUMBER_WORDS[value].split_whitespace().any(|spelled| {
        if !spelled.is_ascii() && spelled.chars().count() == 1 {
            return target.contains(spelled);
        }
        match spelled.strip_suffix('-') {
            Some(stem) => words.iter().any(|word| word.starts_with(stem)),
            None => words.contains(&spelled),
        }
    })
}

/// `64.0` is `64`, `0.50` is `0.5`: the same quantity, however many zeros it is written with.
fn without_trailing_zeros(value: &str) -> &str {
    match value.split_once('.') {
        Some((_, fraction)) if fraction.bytes().all(|b| b.is_ascii_digit()) => {
            value.trim_end_matches('0').trim_end_matches('.')
        }
        _ => value,
    }
}

/// Whether the digits and commas at the start of `bytes` are a list (`20,20,100,100`), not a
/// number with thousands or a decimal: two commas or more, and a group after one not of three.
fn comma_list(bytes: &[u8]) -> bool {
    let run = bytes
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b',')
        .count();
    let (mut after_first, mut odd) = (0, false);
    for group in bytes[..run].split(|b| *b == b',').skip(1) {
        after_first += 1;
        odd |= group.len() != 3;
    }
    after_first >= 2 && odd
}

/// Whether the number `value` (`10000000`) is written in `target` at `at` as a count of
/// millions or billions (`10 milioni`, `2 Milliarden`, `3 миллиарда`).
fn in_words_of_magnitude(source_value: &str, candidate: &str, after: &str) -> bool {
    const MILLIONS: &str = "million milion millon миллион";
    const BILLIONS: &str = "billion billón miliard milliard миллиард";
    let (Ok(value), Ok(count)) = (source_value.parse::<u64>(), candidate.parse::<u64>()) else {
        return false;
    };
    let word = after
        .trim_start()
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let names = |stems: &str| stems.split_whitespace().any(|stem| word.starts_with(stem));
    (count.checked_mul(1_000_000) == Some(value) && names(MILLIONS))
        || (count.checked_mul(1_000_000_000) == Some(value) && names(BILLIONS))
}

/// Whether `digits` stand at the start of a word of `text`, not inside a longer number.
fn starts_a_word(text: &str, digits: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(digits).any(|(at, _)| {
        let end = at + digits.len();
        (at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
            && bytes.get(end).is_none_or(|b| !b.is_ascii_digit())
    })
}

/// `number` as German or French write numbers: `.` between thousands, `,` before decimals.
fn locale_reading(number: &str) -> Option<String> {
    let number: &str = &number.replace([' ', '\u{a0}', '\u{202f}'], "");
    if !number.contains([',', '.']) {
        return None;
    }
    let (integer, fraction) = match number.rsplit_once(',') {
        Some((integer, fraction)) if !fraction.contains('.') => (integer, Some(fraction)),
        _ => (number, None),
    };
    let groups: Vec<&str> = integer.split('.').collect();
    if groups[1..].iter().any(|group| group.len() != 3) {
        return None;
    }
    let integer = groups.concat();
    Some(match fraction {
        Some(fraction) => format!("{integer}.{fraction}"),
        None => integer,
    })
}

/// `1,000` → `1000` and `1 000` → `1000`; `3.5` stays; `1.000.000` (a locale's thousands) → `1000000`.
fn canonical(number: &str) -> String {
    let number: &str = &number.replace([' ', '\u{a0}', '\u{202f}'], "");
    let groups_of_three = |separator: char| {
        let mut parts = number.split(separator);
        parts.next();
        let rest: Vec<&str> = parts.collect();
        !rest.is_empty() && rest.iter().all(|part| part.len() == 3)
    };
    if number.contains(',') && groups_of_three(',') && !number.contains('.') {
        return number.replace(',', "");
    }
    if number.matches('.').count() >= 2 && groups_of_three('.') && !number.contains(',') {
        return number.replace('.', "");
    }
    number.replace(',', "")
}

/// Every segment id written anywhere on the page, code blocks included: ids missing from the
/// segments may stand where segments are not read.
/// The numbers of the segment ids with `prefix` written anywhere on the page, code blocks
/// included (ids missing from the segments may stand where segments are not read), sorted.
fn id_numbers_on_page(page: &Translation<'_>, prefix: &str) -> Vec<u64> {
    let mut numbers = Vec::new();
    for marker in ["data-ttu-id=\"", "data-stu-id=\""] {
        for (at, _) in page.text.match_indices(marker) {
            let rest = &page.text[at + marker.len()..];
            let Some(id) = rest.find('"').map(|end| &rest[..end]) else {
                continue;
            };
            if let Some((theirs, number)) = id_parts(id)
                && theirs == prefix
                && let Ok(number) = number.parse()
            {
                numbers.push(number);
            }
        }
    }
    numbers.sort_unstable();
    numbers
}

/// A segment id's prefix and number: `d8d35-103` is `d8d35` and `103`. Read from its end by
/// hand: a page has hundreds of ids, and a search for a `char` from the end costs more than
/// the few bytes of the number it crosses.
fn id_parts(id: &str) -> Option<(&str, &str)> {
    let dash = id.bytes().rposition(|b| b == b'-')?;
    Some((&id[..dash], &id[dash + 1..]))
}

/// Pairs, ids and prefixes of the page's span markup.
fn markup_integrity(page: &Translation<'_>, gaps: bool, out: &mut Vec<Finding>) {
    for problem in &page.problems {
        out.push(Finding {
            check: Check::PairIntegrity,
            span: problem.offset..problem.offset + 1,
            segment: None,
            message: problem.kind.to_string(),
            suggestion: None,
            certain: false,
        });
    }
    // Ids and prefixes sorted rather than hashed: a site has 2.5 million of them, a page a few
    // hundred, and sorting short strings costs less than hashing them. By length first: the
    // pipeline numbers a page's ids in order (`-99`, `-100`), so they come sorted so, and the
    // sort only confirms it.
    let mut by_id: Vec<(usize, &str, usize)> = page
        .segments
        .iter()
        .enumerate()
        .map(|(index, segment)| (segment.id.len(), segment.id, index))
        .collect();
    by_id.sort_unstable();
    // For each segment whose id came before, where it came first.
    let mut first_use = vec![None; page.segments.len()];
    for same in by_id.chunk_by(|a, b| a.1 == b.1) {
        for &(_, _, index) in &same[1..] {
            first_use[index] = Some(same[0].2);
        }
    }
    let mut prefixes: Vec<&str> = page
        .segments
        .iter()
        .filter_map(|segment| Some(id_parts(segment.id)?.0))
        .collect();
    prefixes.sort_unstable();
    let main_prefix = prefixes
        .chunk_by(|a, b| a == b)
        .max_by_key(|same| (same.len(), std::cmp::Reverse(same[0])))
        .map(|same| same[0]);
    let mut previous: Option<u64> = None;
    let mut on_page = None;
    for (index, segment) in page.segments.iter().enumerate() {
        let span = segment.markup.start..segment.markup.start + 1;
        let finding = |check, message| Finding {
            check,
            span: span.clone(),
            segment: Some(index),
            message,
            suggestion: None,
            certain: false,
        };
        if let Some(first) = first_use[index] {
            let (line, _) = page.line_column(page.segments[first].markup.start);
            out.push(finding(
                Check::DuplicateId,
                format!(
                    "segment id {} is used twice; first on line {line}",
                    segment.id
                ),
            ));
            continue;
        }
        let Some((prefix, number)) = id_parts(segment.id) else {
            continue;
        };
        if Some(prefix) != main_prefix {
            out.push(finding(
                Check::IdPrefix,
                format!(
                    "segment id {} has prefix {prefix}; the page's others have {}",
                    segment.id,
                    main_prefix.unwrap_or_default()
                ),
            ));
            continue;
        }
        let Ok(number) = number.parse::<u64>() else {
            continue;
        };
        // Whether no id of the gap stands anywhere on the page: one binary search over the
        // page's ids, however wide the gap (`101` to `100000000`, or to `u64::MAX`).
        let missing = |on_page: &mut Option<Vec<u64>>, from: u64, to: u64| {
            let numbers = on_page.get_or_insert_with(|| id_numbers_on_page(page, prefix));
            let first_at_or_after = numbers.partition_point(|&n| n < from);
            numbers.get(first_at_or_after).is_none_or(|&n| n >= to)
        };
        if let Some(previous) = previous
            && gaps
            && number > previous.saturating_add(1)
            && missing(&mut on_page, previous + 1, number)
        {
            let gap = if number == previous + 2 {
                format!("{prefix}-{} is", previous + 1)
            } else {
                format!("{prefix}-{} to {prefix}-{} are", previous + 1, number - 1)
            };
            out.push(finding(
                Check::IdGap,
                format!("segment ids jump from {previous} to {number}: {gap} missing"),
            ));
        }
        previous = Some(number);
    }
}

#[cfg(test)]
mod tests {
    use super::markup_counts;

    #[test]
    fn markup_is_counted_by_kind_with_its_first_place() {
        let raw = r"**a** \*b\* *c* `d` x<br/>y <b>e</b> \_ \[f\] ***g*** </b>";
        let counts: Vec<(usize, Option<usize>)> = markup_counts(raw).to_vec();
        let at = |needle: &str| Some(raw.find(needle).unwrap());
        assert_eq!(
            counts,
            [
                // `**a**`, `***g***` twice, `<b>`.
                (5, at("**a")),
                // `*c*`; the third star of a `***` follows a star, so it is not one.
                (2, at("*c")),
                (1, at("`d")),
                (1, at("<br")),
                (0, None),
                // `\*` twice, `\[`, `\]`; not `\_`.
                (4, at(r"\*")),
            ]
        );
    }
}
