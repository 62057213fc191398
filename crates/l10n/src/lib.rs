//! Translation checks for machine-translated Microsoft Learn pages in bilingual markup, where
//! every translated segment sits beside its English source. Each target is compared with its
//! own source (identifiers, links, markup, numbers, untranslated text, whitespace), the page's
//! span markup is checked for integrity, and, given today's English page, the page is checked for
//! stale English and for tables of another shape. The categories and the JSON report are fixed by
//! `L10N-CHECKS.md`; what each check looks for is in [`Check`].
//!
//! Everything works on the parsed page ([`doccodes_page::Page`]): segments with their byte
//! offsets, so every finding has a line and column.

mod english;
mod memo;
mod segment;
mod text;

use std::ops::Range;

use doccodes_diagnostic::Severity;
use doccodes_front_matter::FrontMatter;
use doccodes_page::{Outline, Translation};

pub use doccodes_front_matter::Locale;
pub use english::compare_with_english;
pub use memo::SegmentMemo;

/// The categories of L10N-CHECKS.md: every finding carries exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Identifier,
    Link,
    Markup,
    Number,
    Untranslated,
    Missing,
    Whitespace,
    Stale,
    Structure,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Identifier,
        Category::Link,
        Category::Markup,
        Category::Number,
        Category::Untranslated,
        Category::Missing,
        Category::Whitespace,
        Category::Stale,
        Category::Structure,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Identifier => "identifier",
            Category::Link => "link",
            Category::Markup => "markup",
            Category::Number => "number",
            Category::Untranslated => "untranslated",
            Category::Missing => "missing",
            Category::Whitespace => "whitespace",
            Category::Stale => "stale",
            Category::Structure => "structure",
        }
    }
}

/// Up to the first `. ` before a capital outside parentheses and code (`(WinError. h)` and
/// `` `a. B` `` are examples, not ends); the whole text when there is none.
fn first_sentence(description: &str) -> &str {
    let mut depth = 0_usize;
    let mut code = false;
    for (at, c) in description.char_indices() {
        match c {
            '(' if !code => depth += 1,
            ')' if !code => depth = depth.saturating_sub(1),
            '`' => code = !code,
            '.' if depth == 0 && !code => {
                let rest = &description[at + 1..];
                if rest.starts_with(' ') && rest[1..].starts_with(|c: char| c.is_uppercase()) {
                    return &description[..=at];
                }
            }
            _ => {}
        }
    }
    description
}

macro_rules! checks {
    ($($variant:ident $id:literal $category:ident $severity:ident $what:literal,)*) => {
        /// One check: an id for `--only` and `--exclude`, a category, a default severity.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Check {
            $(#[doc = $what] $variant,)*
        }

        impl Check {
            pub const ALL: &'static [Check] = &[$(Check::$variant),*];

            pub fn id(self) -> &'static str {
                match self { $(Check::$variant => $id,)* }
            }

            pub fn category(self) -> Category {
                match self { $(Check::$variant => Category::$category,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Check::$variant => Severity::$severity,)* }
            }

            /// What the check looks for, in a sentence.
            pub fn description(self) -> &'static str {
                match self { $(Check::$variant => $what,)* }
            }

            /// The description's first sentence: one line of help (`--list-checks`, SARIF's
            /// short description).
            pub fn summary(self) -> &'static str {
                first_sentence(self.description())
            }

            /// Whether the check runs without `--only` naming it: all do but `id-gap`, whose
            /// findings on real pages are almost all alt texts translated without markup, and
            /// the whitespace a rendered page does not show (`edge-space`, `double-space`).
            pub fn on_by_default(self) -> bool {
                !matches!(
                    self,
                    Check::IdGap | Check::EdgeSpace | Check::DoubleSpace | Check::UnchangedLatin
                )
            }

            pub fn from_id(id: &str) -> Option<Check> {
                Check::ALL.iter().copied().find(|check| check.id() == id)
            }
        }
    };
}

checks! {
    DntIdentifier "dnt-identifier" Identifier Error
        "A code identifier of the source (SEC_E_OK, InitializeSecurityContext, A::B) is not in the target: translated or mangled.",
    IdentifierCase "identifier-case" Identifier Error
        "A code identifier of the source is in the target with other letter case (InitializeSecurityCoNtext).",
    IdentifierSpacing "identifier-spacing" Identifier Error
        "A code identifier of the source is in the target with spaces inserted around its `_`, `.` or `::` (SEC _ E _ NO _ KERB _ KEY).",
    FileName "file-name" Identifier Error
        "A file name of the source (Winerror.h) is split, recased or translated in the target (WinError. h).",
    DntTerm "dnt-term" Identifier Warning
        "An acronym or product name of the source (SSPI, KDC, Kerberos, or a --dnt-file term) is not in the target. An acronym that is a word of its sentence (a VM, DPI) may be translated (PPP, machine virtuelle): it is reported only recased, split or cut short; in bold, code, a link, parentheses, code punctuation or alone, it must stay.",
    CodeSpan "code-span" Identifier Error
        "An inline code span or :::no-loc::: text differs between source and target.",
    SalMarker "sal-marker" Identifier Warning
        "A SAL annotation of the source (`[in]`, `[out]`, `[in, optional]`) is not in the target verbatim.",
    FrontMatter "front-matter" Identifier Warning
        "The translated title or description lost an identifier of the English one.",
    LinkDestination "link-destination" Link Error
        "The link destinations of source and target differ: changed, lost or added.",
    LinkSyntax "link-syntax" Link Error
        "A link's Markdown is broken in the target (`] (` where the source has `](`).",
    LinkText "link-text" Link Warning
        "A link kept its destination but lost its text, or an identifier that was its text now stands outside it.",
    MarkupCount "markup-count" Markup Warning
        "Bold, italic, code, line breaks, HTML tags or escapes differ in number between source and target.",
    Brackets "brackets" Markup Warning
        "Parentheses (full-width counted as ASCII) differ in number from the source or are unbalanced.",
    Number "number" Number Warning
        "A number of the source is missing or changed in the target. A decimal comma and the locale's grouping of quantities are fine, and so is a number up to ten spelled out; a code or id written without separators keeps its digits (1048576 is not 1 048 576).",
    ExactNumber "exact-number" Number Error
        "A hexadecimal value or a version number of the source is missing or changed in the target.",
    Unchanged "unchanged" Untranslated Info
        "The target equals the source although the source has words to translate, in a language written without Latin letters (zh, ja, ko, ru, ...), where any English word kept is untranslated. Info: 17 of 20 right on a fresh ru-RU sample, the rest a schema's column names that read as words and a term the locale keeps in Latin letters (Mipmap).",
    UnchangedLatin "unchanged-latin" Untranslated Info
        "The same in a Latin-script language, where only English prose counts (two function words, or three plain words outside bold, code, links, paths and placeholders). Off unless named with --only: names, code and formulas read the same in both languages, and 7 of 12 findings were right on pt-BR.",
    PairIntegrity "pair-integrity" Missing Error
        "A translated span without its sxs-lookup partner, a partner without its span, an unclosed span or mismatched ids.",
    EmptyTarget "empty-target" Missing Error
        "A segment whose source has text and whose target has none.",
    DuplicateId "duplicate-id" Missing Error
        "A segment id used twice on the page.",
    IdPrefix "id-prefix" Missing Error
        "A segment id whose prefix differs from the page's other ids.",
    IdGap "id-gap" Missing Warning
        "Segment ids that skip numbers nowhere on the page. Off unless named with --only: image alt texts and attributes are translated without span markup and leave gaps.",
    EdgeSpace "edge-space" Whitespace Info
        "Leading or trailing whitespace in the target that the source lacks. Off unless named with --only: a rendered page does not show it (0 of 20 findings right on es-ES and fr-FR).",
    DoubleSpace "double-space" Whitespace Info
        "Doubled spaces in the target that the source lacks. Off unless named with --only: a rendered page shows one space (0 of 20 findings right on es-ES and fr-FR).",
    SpaceBeforePunctuation "space-before-punctuation" Whitespace Info
        "A space the source lacks before `,` `.` `;` `:` `!` `?` `)` `]` that ends a clause (`[**X**](url) , y`; French keeps its space before `; : ! ?`), or before full-width punctuation (。，、；：！？）).",
    SpaceInsideBrackets "space-inside-brackets" Whitespace Info
        "A space the source lacks just after an opening parenthesis or bracket (`( texto`, `[ **clé**](…)`; the one before the closing one is space-before-punctuation). Quotes are not checked: in these docs they mostly hold literals (`\"MIF.DMTF|001.5\"`), whose damage is an identifier's.",
    StaleSource "stale-source" Stale Warning
        "The English inside the page is no longer on today's English page (--source-root).",
    TableShape "table-shape" Structure Warning
        "The page's tables have other rows or columns than today's English page's (--source-root).",
}

/// One defect. `span` is the byte range of the page it points at (in a target where it
/// concerns one); `segment` the index of its segment in [`Translation::segments`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub check: Check,
    pub span: Range<usize>,
    pub segment: Option<usize>,
    pub message: String,
    /// What to write instead, where that is certain: for identifiers, the source's token.
    pub suggestion: Option<String>,
    /// Whether writing `suggestion` over `span` is one of the repairs `l10n --fix` makes:
    /// a fix to offer, not only a hint at what is missing. Marked only when the config asks
    /// ([`Config::mark_certain`]).
    pub certain: bool,
}

/// Which checks run and what else counts as do-not-translate.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Run only these checks (all when empty).
    pub only: Vec<Check>,
    pub exclude: Vec<Check>,
    /// Terms to keep verbatim on top of the built-in rules (`--dnt-file`), one per entry.
    pub terms: Vec<String>,
    /// Severities that replace a check's default (`--severity CHECK=LEVEL`).
    pub severities: Vec<(Check, Severity)>,
    /// Whether findings say which suggestions are certain repairs ([`Finding::certain`]):
    /// what SARIF's fixes need, at a twentieth of the checks' time, which other reports spare.
    pub mark_certain: bool,
}

impl Config {
    pub fn runs(&self, check: Check) -> bool {
        let chosen = if self.only.is_empty() {
            check.on_by_default()
        } else {
            self.only.contains(&check)
        };
        chosen && !self.exclude.contains(&check)
    }

    /// The severity of `check`'s findings: the default unless overridden.
    pub fn severity(&self, check: Check) -> Severity {
        self.severities
            .iter()
            .rev()
            .find(|(overridden, _)| *overridden == check)
            .map_or(check.severity(), |&(_, severity)| severity)
    }
}

/// Every finding of `page` on its own: segment against source, span markup, front matter.
/// Sorted by position.
pub fn check_page(
    page: &Translation<'_>,
    front_matter: &FrontMatter,
    locale: Option<&Locale>,
    config: &Config,
) -> Vec<Finding> {
    check_page_with(page, front_matter, locale, &mut SegmentMemo::unused(config))
}

/// [`check_page`] under the memo's config, with the segments it remembers not checked again.
fn check_page_with(
    page: &Translation<'_>,
    front_matter: &FrontMatter,
    locale: Option<&Locale>,
    memo: &mut SegmentMemo<'_>,
) -> Vec<Finding> {
    let config = memo.config();
    let mut findings = segment::check(page, locale, memo);
    findings.extend(english::front_matter_against_heading(
        page,
        front_matter,
        config,
    ));
    findings.retain(|finding| config.runs(finding.check));
    findings.sort_by_key(|finding| (finding.span.start, finding.check));
    findings
}

/// A finding where a reviewer reads it: file position, the segment's two sides, and the defect's
/// range in the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<'t> {
    pub check: Check,
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    /// The page line the finding points at, for a caret under it.
    pub line_text: &'t str,
    /// The `data-ttu-id` of the segment, when the finding concerns one.
    pub segment: Option<&'t str>,
    pub source: Option<&'t str>,
    pub target: Option<&'t str>,
    pub message: String,
    pub suggestion: Option<String>,
    /// Whether writing `suggestion` over `mark` is one of the repairs `l10n --fix` makes.
    pub certain: bool,
    /// The defect's byte range inside `target`, to mark it in place.
    pub mark: Option<Range<usize>>,
}

/// One page checked: its findings located, in order of position, borrowing the page's text
/// (a site has 700,000 findings; copying each one's line and sides cost a tenth of the check).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review<'t> {
    pub path: String,
    pub locale: Option<Locale>,
    pub segments: usize,
    pub findings: Vec<Located<'t>>,
    /// Whether today's English page was there to compare with.
    pub compared_with_english: bool,
}

impl Review<'_> {
    /// An English page (or any page without bilingual segments): nothing to check.
    pub fn is_untranslated_page(&self) -> bool {
        self.segments == 0 && self.findings.is_empty()
    }
}

/// Checks the page `text` at `path`; with `english`, today's English page, also for stale
/// English and table shape.
pub fn review<'t>(path: &str, text: &'t str, english: Option<&str>, config: &Config) -> Review<'t> {
    review_with(&mut SegmentMemo::unused(config), path, text, english)
}

/// [`review`] under the memo's config, with the segments it remembers from earlier pages not
/// checked again and the segments of this page remembered: the same review, for less work
/// when pages share segments, as a site's do. One memo per worker, for all its pages.
pub fn review_with<'t>(
    memo: &mut SegmentMemo<'_>,
    path: &str,
    text: &'t str,
    english: Option<&str>,
) -> Review<'t> {
    let config = memo.config();
    // The page's tables are compared only with today's English, and only by the table-shape
    // check; without them, what the checks read of a page can often be had without a Markdown
    // pass, and with them, a page that cannot hold a table (`Outline::parse`) needs none.
    let tables_checked = english.is_some() && config.runs(Check::TableShape);
    let (page, tables) = if tables_checked {
        Translation::parse_with_tables(text)
    } else {
        (Translation::parse(text), Vec::new())
    };
    let front_matter = FrontMatter::of(page.front_matter);
    let against_english = match english {
        Some(english) if !page.segments.is_empty() => {
            let english = if tables_checked {
                Outline::parse(english)
            } else {
                Outline::without_tables(english)
            };
            compare_with_english(&page, &tables, &front_matter, &english, config)
        }
        _ => Vec::new(),
    };
    reviewed(
        memo,
        path,
        &page,
        &front_matter,
        against_english,
        english.is_some(),
    )
}

/// [`review`] without today's English of a page read already ([`Translation::parse`]): for a
/// caller that reads the page's segments itself, as an export does.
pub fn review_translation<'t>(path: &str, page: &Translation<'t>, config: &Config) -> Review<'t> {
    let front_matter = FrontMatter::of(page.front_matter);
    let mut memo = SegmentMemo::unused(config);
    reviewed(&mut memo, path, page, &front_matter, Vec::new(), false)
}

/// The page's findings, with those of its comparison with today's English (`compared`), in
/// order and located.
fn reviewed<'t>(
    memo: &mut SegmentMemo<'_>,
    path: &str,
    page: &Translation<'t>,
    front_matter: &FrontMatter,
    against_english: Vec<Finding>,
    compared: bool,
) -> Review<'t> {
    let config = memo.config();
    let locale = Locale::of(front_matter, path);
    let mut findings = if page.segments.is_empty() && page.problems.is_empty() {
        Vec::new()
    } else {
        check_page_with(page, front_matter, locale.as_ref(), memo)
    };
    if !against_english.is_empty() {
        findings.extend(against_english);
        findings.sort_by_key(|finding| (finding.span.start, finding.check));
    }
    let findings = findings
        .into_iter()
        .map(|finding| locate(page, finding, config))
        .collect();
    Review {
        path: path.to_owned(),
        locale,
        segments: page.segments.len(),
        findings,
        compared_with_english: compared,
    }
}

fn locate<'t>(page: &Translation<'t>, finding: Finding, config: &Config) -> Located<'t> {
    let (line, column) = page.line_column(finding.span.start);
    let segment = finding.segment.map(|index| &page.segments[index]);
    let mark = segment.and_then(|segment| {
        let target = segment.target_offset..segment.target_offset + segment.target.len();
        (target.start <= finding.span.start && finding.span.end <= target.end)
            .then(|| finding.span.start - target.start..finding.span.end - target.start)
    });
    Located {
        check: finding.check,
        severity: config.severity(finding.check),
        line,
        column,
        line_text: page.line_text(line),
        segment: segment.map(|s| s.id),
        source: segment.map(|s| s.source),
        target: segment.map(|s| s.target),
        message: finding.message,
        suggestion: finding.suggestion,
        certain: finding.certain,
        mark,
    }
}

/// One repair `--fix` made: where, and the text before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    pub line: usize,
    pub column: usize,
    pub before: String,
    pub after: String,
}

/// One certain repair of a segment's target: where in the target (a byte offset), and the text
/// before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentRepair {
    pub at: usize,
    pub before: String,
    pub after: String,
}

/// The one repair of a segment, shared by `--fix` ([`repair`]) and by extraction (a translated
/// meaning): `target` with every defect repaired whose repair is certain against its own English
/// `source`. An identifier recased or split by spaces gets the source's token back wherever it
/// stands, each time it does; a target that is nothing but the identifier (a name cell),
/// translated or mangled, becomes the source's token. Nothing else is touched, byte for byte,
/// and the result is a fixed point: repairing it again repairs nothing. `None` when there is
/// nothing to repair.
pub fn repair_segment(
    source: &str,
    target: &str,
    config: &Config,
) -> Option<(String, Vec<SegmentRepair>)> {
    let edits = segment::repairs(source, target, config);
    if edits.is_empty() {
        return None;
    }
    let mut repaired = String::with_capacity(target.len());
    let mut repairs = Vec::with_capacity(edits.len());
    let mut at = 0;
    for (range, replacement) in edits {
        repairs.push(SegmentRepair {
            at: range.start,
            before: target[range.clone()].to_owned(),
            after: replacement.clone(),
        });
        repaired.push_str(&target[at..range.start]);
        repaired.push_str(&replacement);
        at = range.end;
    }
    repaired.push_str(&target[at..]);
    Some((repaired, repairs))
}

/// `text` with every segment's target repaired by [`repair_segment`]. Nothing else is touched,
/// byte for byte; a second run repairs nothing. `None` when there is nothing to repair.
pub fn repair(_path: &str, text: &str, config: &Config) -> Option<(String, Vec<Repair>)> {
    let page = Translation::parse(text);
    let mut repaired = String::with_capacity(text.len());
    let mut repairs = Vec::new();
    let mut at = 0;
    for segment in &page.segments {
        let Some((target, made)) = repair_segment(segment.source, segment.target, config) else {
            continue;
        };
        for made in made {
            let (line, column) = page.line_column(segment.target_offset + made.at);
            repairs.push(Repair {
                line,
                column,
                before: made.before,
                after: made.after,
            });
        }
        repaired.push_str(&text[at..segment.target_offset]);
        repaired.push_str(&target);
        at = segment.target_offset + segment.target.len();
    }
    if repairs.is_empty() {
        return None;
    }
    repaired.push_str(&text[at..]);
    Some((repaired, repairs))
}

/// The identifiers and file names of an English text (inline Markdown, a meaning or a segment
/// side) that a translation must keep verbatim, each once, in order: what the identifier checks
/// look for (`dnt-identifier`, `identifier-case`, `identifier-spacing`, `file-name`).
pub fn identifiers(english: &str) -> Vec<String> {
    segment::identifiers_of(english)
}

/// The [`identifiers`] of `english` that `translated` (its translation, inline Markdown) does
/// not hold verbatim, in order.
pub fn missing_identifiers(english: &str, translated: &str) -> Vec<String> {
    let translated = text::visible(translated);
    identifiers(english)
        .into_iter()
        .filter(|word| {
            text::occurrences(&translated.text, word, text::Case::Exact, false).is_empty()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_has_a_summary_of_one_sentence() {
        for check in Check::ALL {
            let summary = check.summary();
            assert!(summary.ends_with('.'), "{}: {summary}", check.id());
            assert!(check.description().starts_with(summary));
            assert!(!summary.contains(". A"), "{}: {summary}", check.id());
        }
        assert_eq!(
            Check::DntTerm.summary(),
            "An acronym or product name of the source (SSPI, KDC, Kerberos, or a --dnt-file term) is not in the target."
        );
        assert_eq!(
            Check::FileName.summary(),
            Check::FileName.description(),
            "(WinError. h) ends no sentence"
        );
    }

    /// A page of one table row per `(target, source)` pair, in `locale`.
    fn page_of(locale: &str, pairs: &[(&str, &str)]) -> String {
        let mut text = format!("---\ntitle: T\nms.contentlocale: {locale}\n---\n\n| a |\n|---|\n");
        for (index, (target, source)) in pairs.iter().enumerate() {
            let id = format!("ab12c-{}", 101 + index);
            text.push_str(&format!(
                "| <span data-ttu-id=\"{id}\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{source}</span></span> |\n"
            ));
        }
        text
    }

    /// `(check id, message)` of every finding on such a page.
    fn found(locale: &str, pairs: &[(&str, &str)]) -> Vec<(&'static str, String)> {
        let text = page_of(locale, pairs);
        review("p.md", &text, None, &Config::default())
            .findings
            .into_iter()
            .map(|f| (f.check.id(), f.message))
            .collect()
    }

    fn ids(locale: &str, pairs: &[(&str, &str)]) -> Vec<&'static str> {
        found(locale, pairs).into_iter().map(|(id, _)| id).collect()
    }

    /// The ids of what `check` alone finds on such a page, on by default or not.
    fn ids_of(locale: &str, pairs: &[(&str, &str)], check: Check) -> Vec<&'static str> {
        let config = Config {
            only: vec![check],
            ..Config::default()
        };
        review("p.md", &page_of(locale, pairs), None, &config)
            .findings
            .iter()
            .map(|f| f.check.id())
            .collect()
    }

    #[test]
    fn correct_cjk_cyrillic_and_accented_translations_are_silent() {
        let pairs = [
            (
                "用戶端提供的 SSPI 通道系結不正確。",
                "The SSPI channel bindings supplied by the client are incorrect.",
            ),
            (
                "呼叫 [**InitializeSecurityContext (一般)**](../a.md) 之前，請先呼叫 CompleteAuthToken。",
                "Call [**InitializeSecurityContext (General)**](../a.md) after CompleteAuthToken.",
            ),
            (
                "找不到任何 Kerberos 金鑰（KDC）。",
                "No Kerberos key (KDC) was found.",
            ),
            (
                "定義於 Winerror.h 中，值為 0x80090331，共 3 個。",
                "Defined in Winerror.h as 0x80090331, 3 of them.",
            ),
            ("SEC\\_E\\_OK", "SEC\\_E\\_OK"),
            ("ToolBarButtonStyle", "ToolBarButtonStyle"),
            ("Windows Server 2008", "Windows Server 2008"),
        ];
        assert_eq!(found("zh-TW", &pairs), []);
        let pairs = [
            (
                "Die SSPI-Kanalbindungen des Clients sind ungültig.",
                "The SSPI channel bindings supplied by the client are incorrect.",
            ),
            ("Header", "Header"),
            (
                "Verfügbar ab Version 3.0, Wert 2,5 und 1.000 Einträge.",
                "Available since version 3.0, value 2.5 and 1,000 entries.",
            ),
            (
                "Unterstützte Mindestversion (Client)",
                "Minimum supported client",
            ),
        ];
        assert_eq!(found("de-DE", &pairs), []);
        let pairs = [
            (
                "Функция SetFileTime вернула ошибку.",
                "The SetFileTime function failed.",
            ),
            (
                "Не более 1\u{a0}000 записей по 2,5 КБ.",
                "At most 1,000 entries of 2.5 KB.",
            ),
        ];
        assert_eq!(found("ru-RU", &pairs), []);
        let pairs = [(
            "Au plus 10 000 entrées de 2,5 Ko.",
            "At most 10,000 entries of 2.5 KB.",
        )];
        assert_eq!(found("fr-FR", &pairs), []);
    }

    #[test]
    fn identifiers_translated_recased_spaced_or_transliterated() {
        assert_eq!(
            found(
                "zh-TW",
                &[(
                    "SEC \\_ E \\_ 演算法 \\_ 不相符",
                    "SEC\\_E\\_ALGORITHM\\_MISMATCH"
                )]
            ),
            [(
                "dnt-identifier",
                "identifier SEC_E_ALGORITHM_MISMATCH was translated (ALGORITHM, MISMATCH lost)"
                    .into()
            )]
        );
        assert_eq!(
            found(
                "zh-TW",
                &[("秒 \\_ E \\_ 無法 \\_ 安裝", "SEC\\_E\\_CANNOT\\_INSTALL")]
            ),
            [(
                "dnt-identifier",
                "identifier SEC_E_CANNOT_INSTALL was translated (SEC, CANNOT, INSTALL lost)".into()
            )]
        );
        assert_eq!(
            found(
                "zh-TW",
                &[(
                    "SEC \\_ E \\_ NO \\_ KERB \\_ KEY",
                    "SEC\\_E\\_NO\\_KERB\\_KEY"
                )]
            ),
            [(
                "identifier-spacing",
                "identifier SEC_E_NO_KERB_KEY was split by spaces: SEC _ E _ NO _ KERB _ KEY"
                    .into()
            )]
        );
        assert_eq!(
            found(
                "zh-TW",
                &[(
                    "然後 InitializeSecurityCoNtext。",
                    "Then InitializeSecurityContext."
                )]
            ),
            [(
                "identifier-case",
                "identifier InitializeSecurityContext changed case: InitializeSecurityCoNtext"
                    .into()
            )]
        );
        assert_eq!(
            found(
                "ru-RU",
                &[(
                    "Функция сетфилетиме вернула ошибку.",
                    "The SetFileTime function failed."
                )]
            ),
            [(
                "dnt-identifier",
                "identifier SetFileTime was translated".into()
            )]
        );
        assert_eq!(
            found("zh-TW", &[("此錯誤 ([**ID2D1Device：： CreatePrintControl**](/a)) 。", "This error ([**ID2D1Device::CreatePrintControl**](/a)).")]),
            [
                ("identifier-spacing", "identifier ID2D1Device::CreatePrintControl was split by spaces: ID2D1Device：： CreatePrintControl".into()),
                ("space-before-punctuation", "space before full-width `。`".into()),
            ]
        );
    }

    #[test]
    fn file_names_terms_code_and_sal_markers() {
        assert_eq!(
            found(
                "de-DE",
                &[(
                    "Sie sind in WinError. h definiert.",
                    "They are defined in Winerror.h."
                )]
            ),
            [(
                "file-name",
                "file name Winerror.h was split by spaces and recased: WinError. h".into()
            )]
        );
        assert_eq!(
            found(
                "zh-TW",
                &[(
                    "無法使用 TB 事件記錄檔。",
                    "The TBS event log is not available."
                )]
            ),
            [("dnt-term", "term TBS was translated or dropped".into())]
        );
        assert_eq!(
            found("zh-TW", &[("設定 `值`。", "Set `value`.")]),
            [(
                "code-span",
                "code span `value` is not in the target verbatim".into()
            )]
        );
        assert_eq!(
            ids("zh-TW", &[("\\[擴展\\] 緩衝區", "\\[out\\] buffer")]),
            ["sal-marker"]
        );
        // A term the team adds is kept like a built-in one.
        let text = page_of("zh-TW", &[("請使用 康托索。", "Use Contoso.")]);
        let config = Config {
            terms: vec!["Contoso".into()],
            ..Config::default()
        };
        let review = review("p.md", &text, None, &config);
        assert_eq!(review.findings[0].check, Check::DntTerm);
        assert_eq!(review.findings[0].suggestion.as_deref(), Some("Contoso"));
    }

    #[test]
    fn links_changed_broken_added_or_emptied() {
        assert_eq!(
            found(
                "zh-TW",
                &[(
                    "請參閱 [**AcceptSecurityContext**] (acceptsecuritycoNtext--schannel.md)。",
                    "See [**AcceptSecurityContext**](acceptsecuritycontext--schannel.md)."
                )]
            ),
            [(
                "link-syntax",
                "link syntax broken: `] (` does not make a link".into()
            )]
        );
        assert_eq!(
            found(
                "zh-TW",
                &[("請參閱 [函式](b.md)。", "See [the function](a.md).")]
            ),
            [(
                "link-destination",
                "link destination changed: a.md became b.md".into()
            )]
        );
        assert_eq!(
            found("zh-TW", &[("請參閱函式。", "See [the function](a.md).")]),
            [("link-destination", "the link to a.md is missing".into())]
        );
        assert_eq!(
            found(
                "zh-TW",
                &[("請參閱 [](a.md)。", "See [the function](a.md).")]
            ),
            [("link-text", "the link to a.md lost its text".into())]
        );
        assert_eq!(
            found(
                "zh-TW",
                &[(
                    "呼叫 InitializeSecurityContext (包含的 [**一般)**](a.md)。",
                    "Call [**InitializeSecurityContext (General)**](a.md).",
                )]
            ),
            [(
                "link-text",
                "InitializeSecurityContext was the link's text and is now outside the link".into()
            )]
        );
        // Emptied and moved out is one link defect, the move (the bold it lost is another).
        assert_eq!(
            ids(
                "zh-TW",
                &[(
                    "[](a.md)具有引數的 glIsEnabled",
                    "[**glIsEnabled**](a.md) with an argument"
                )]
            ),
            ["markup-count", "link-text"]
        );
        // A segment left as it was has nothing of its links to lose.
        assert_eq!(
            ids(
                "zh-TW",
                &[(
                    "[**A**](a.md) [**AB**](a.md)",
                    "[**A**](a.md) [**AB**](a.md)"
                )]
            ),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn markup_brackets_and_numbers() {
        assert_eq!(
            found("zh-TW", &[("請參閱函式。", "See the **function**.")]),
            [(
                "markup-count",
                "bold: 2 in the source, 0 in the target".into()
            )]
        );
        assert_eq!(
            found(
                "zh-TW",
                &[(
                    "服務品質 (（例如，相互驗證或委派) ）失敗。",
                    "Quality of service (for example, mutual authentication) failed."
                )]
            ),
            [
                (
                    "brackets",
                    "a parenthesis is doubled (ASCII and full-width)".into()
                ),
                (
                    "space-before-punctuation",
                    "space before full-width `）`".into()
                ),
            ]
        );
        assert_eq!(
            ids(
                "zh-TW",
                &[(
                    "使用 ADDR_ANY) 呼叫 bind (時。",
                    "When bind is called (with ADDR_ANY)."
                )]
            ),
            ["brackets"]
        );
        assert_eq!(
            found(
                "de-DE",
                &[(
                    ".NET Core 3,1 ist erforderlich.",
                    ".NET Core 3.1 is required."
                )]
            ),
            [("exact-number", "number 3.1 became 3,1".into())]
        );
        assert_eq!(
            found(
                "zh-TW",
                &[
                    (
                        "向量不應是 (0、0、0)。",
                        "The vector should not be (0,0,0)."
                    ),
                    (
                        "在 [圖片專案] (的 [檔案]) 上按一下。",
                        "Click picture items (file)."
                    ),
                    (
                        "例如，在網際網路上查閱資訊。",
                        "For example, look up information on the Internet."
                    ),
                    ("**系統旗標**", "**System-Flags**"),
                    (
                        "美國的 LCID （英文）。",
                        "The LCID for United States-English."
                    ),
                ]
            ),
            [(
                "dnt-identifier",
                "identifier System-Flags was translated".into()
            )]
        );
        assert_eq!(
            found("zh-TW", &[("傳回件。", "Returns 1 item.")]),
            [("number", "number 1 is missing".into())]
        );
        assert_eq!(
            found("de-DE", &[("Wert 0x800f 022f", "Value 0x800F022F")]),
            [("exact-number", "number 0x800F022F became 0x800f".into())]
        );
    }

    #[test]
    fn untranslated_empty_and_whitespace() {
        assert_eq!(
            found("zh-TW", &[("Description", "Description")]),
            [(
                "unchanged",
                "the target is the English source, untranslated".into()
            )]
        );
        assert_eq!(ids("de-DE", &[("Name", "Name")]), Vec::<&str>::new());
        // In a Latin-script language, prose left in English is `unchanged-latin`, off by default.
        let kept = [(
            "An existing connection was closed.",
            "An existing connection was closed.",
        )];
        assert_eq!(ids("de-DE", &kept), Vec::<&str>::new());
        assert_eq!(
            ids_of("de-DE", &kept, Check::UnchangedLatin),
            ["unchanged-latin"]
        );
        assert_eq!(ids("zh-TW", &[("", "Meaning")]), ["empty-target"]);
        // Spaces a rendered page does not show are findings only when asked for.
        let spaces = Config {
            only: vec![Check::EdgeSpace, Check::DoubleSpace],
            ..Config::default()
        };
        let found_with = |locale: &str, pairs: &[(&str, &str)], config: &Config| {
            review("p.md", &page_of(locale, pairs), None, config)
                .findings
                .into_iter()
                .map(|f| (f.check.id(), f.message))
                .collect::<Vec<_>>()
        };
        let edges = [(" (開發人員錯誤訊息) ", "Error Messages (for Developers)")];
        assert_eq!(found("zh-TW", &edges), []);
        assert_eq!(
            found_with("zh-TW", &edges, &spaces),
            [
                ("edge-space", "leading space the source lacks".into()),
                ("edge-space", "trailing space the source lacks".into()),
            ]
        );
        let double = [("值包含  編碼。", "The value contains an encoding.")];
        assert_eq!(found("zh-TW", &double), []);
        assert_eq!(
            found_with("zh-TW", &double, &spaces),
            [("double-space", "double space".into())]
        );
    }

    #[test]
    fn a_space_before_punctuation_that_shows_is_found_but_french_spacing_is_not() {
        let linked = [(
            "Consulte [**AcceptSecurityContext**](a.md) , luego llame a la función .",
            "See [**AcceptSecurityContext**](a.md), then call the function.",
        )];
        assert_eq!(
            found("es-ES", &linked),
            [
                (
                    "space-before-punctuation",
                    "space before `,`, which the source does not have".into()
                ),
                (
                    "space-before-punctuation",
                    "space before `.`, which the source does not have".into()
                ),
            ]
        );
        // French sets a space before `; : ! ?`; `.NET` is not this; `( a )` is a space inside
        // brackets, then one before `)`.
        let french = [(
            "Remarque : utilisez .NET ; voir ( a ).",
            "Note: use .NET; see (a).",
        )];
        assert_eq!(
            ids("fr-FR", &french),
            ["space-inside-brackets", "space-before-punctuation"],
            "only the spaces inside `( a )`"
        );
        // The source's own spacing is the source's.
        assert_eq!(ids("de-DE", &[("a , b", "a , b")]), Vec::<&str>::new());
    }

    #[test]
    fn span_markup_pairs_ids_and_prefixes() {
        let text = page_of("zh-TW", &[("一", "One"), ("二", "Two"), ("三", "Three")])
            .replace("ab12c-102", "ab12c-104")
            .replacen("ab12c-103", "ab12c-101", 2)
            + "| <span data-ttu-id=\"zz99z-110\">四</span><span class=\"sxs-lookup\"><span data-stu-id=\"zz99z-110\">Four</span></span> |\n\
               | <span data-ttu-id=\"ab12c-111\">五</span> |\n";
        let every = Config {
            only: Check::ALL.to_vec(),
            ..Config::default()
        };
        let findings: Vec<(&str, String)> = review("p.md", &text, None, &every)
            .findings
            .into_iter()
            .map(|f| (f.check.id(), f.message))
            .collect();
        assert_eq!(
            findings,
            [
                ("id-gap", "segment ids jump from 101 to 104: ab12c-102 to ab12c-103 are missing".into()),
                ("duplicate-id", "segment id ab12c-101 is used twice; first on line 8".into()),
                ("id-prefix", "segment id zz99z-110 has prefix zz99z; the page's others have ab12c".into()),
                ("pair-integrity", "translated span `ab12c-111` has no `sxs-lookup` span with its English source after it".into()),
            ]
        );
    }

    #[test]
    fn every_later_use_of_an_id_points_at_the_first() {
        let text = page_of("zh-TW", &[("一", "One"), ("二", "Two"), ("三", "Three")])
            .replace("ab12c-102", "ab12c-101")
            .replace("ab12c-103", "ab12c-101");
        let duplicates: Vec<String> = review("p.md", &text, None, &Config::default())
            .findings
            .into_iter()
            .filter(|f| f.check == Check::DuplicateId)
            .map(|f| format!("{}: {}", f.line, f.message))
            .collect();
        assert_eq!(
            duplicates,
            [
                "9: segment id ab12c-101 is used twice; first on line 8",
                "10: segment id ab12c-101 is used twice; first on line 8",
            ]
        );
    }

    #[test]
    fn only_exclude_and_severity_overrides() {
        let text = page_of("zh-TW", &[(" SEC \\_ E \\_ NO", "SEC\\_E\\_NO")]);
        // edge-space is off by default: a rendered page does not show it.
        let all = review("p.md", &text, None, &Config::default());
        assert_eq!(all.findings.len(), 1);
        let both = Config {
            only: vec![Check::EdgeSpace, Check::IdentifierSpacing],
            ..Config::default()
        };
        assert_eq!(review("p.md", &text, None, &both).findings.len(), 2);
        let config = Config {
            only: vec![Check::EdgeSpace, Check::IdentifierSpacing],
            exclude: vec![Check::EdgeSpace],
            severities: vec![(Check::IdentifierSpacing, Severity::Warning)],
            ..Config::default()
        };
        let some = review("p.md", &text, None, &config);
        assert_eq!(some.findings.len(), 1);
        assert_eq!(some.findings[0].severity, Severity::Warning);
        let only = Config {
            only: vec![Check::EdgeSpace],
            ..Config::default()
        };
        assert_eq!(
            review("p.md", &text, None, &only).findings[0].check,
            Check::EdgeSpace
        );
    }

    #[test]
    fn a_memo_shared_by_pages_gives_each_page_its_own_review() {
        // The same segments on pages in two locales (`Description` kept is a finding in
        // Chinese, not in French), at other offsets, beside segments of their own, under a
        // config of its own.
        let pairs = |extra: &'static str| {
            [
                (r"Wert 3,1 in SEC \_ E \_ OK.", r"Value 3.1 in SEC\_E\_OK."),
                (extra, "Another segment."),
                ("Description", "Description"),
                ("請參閱 [函式](b.md)。", "See [the function](a.md)."),
            ]
        };
        let pages = [
            page_of("zh-TW", &pairs("另一個")),
            page_of("fr-FR", &pairs("Un autre segment.")),
            page_of("zh-TW", &pairs("別的區段，更長一點")),
            page_of("fr-FR", &pairs("Un autre segment, plus long.")),
            page_of("zh-TW", &[("Description", "Description")]),
        ];
        let config = Config {
            only: Check::ALL.to_vec(),
            ..Config::default()
        };
        let mut memo = SegmentMemo::new(&config);
        for (index, text) in pages.iter().enumerate() {
            let path = format!("p{index}.md");
            let alone = review(&path, text, None, &config);
            assert!(!alone.findings.is_empty());
            assert_eq!(review_with(&mut memo, &path, text, None), alone, "{path}");
        }
    }

    #[test]
    fn today_english_makes_stale_and_structure_findings() {
        let localized = page_of("zh-TW", &[("一", "One."), ("二", "Two.")]);
        let english = "---\ntitle: T\n---\n\n| a |\n|---|\n| One. |\n| Two, now. |\n| Three. |\n";
        let findings: Vec<(&str, String)> =
            review("p.md", &localized, Some(english), &Config::default())
                .findings
                .into_iter()
                .map(|f| (f.check.id(), f.message))
                .collect();
        assert_eq!(
            findings,
            [
                ("table-shape", "table 1: 2 rows and 1 columns here, 3 and 1 on today's English page".into()),
                ("stale-source", "this English is not on today's English page: the source changed after translation".into()),
            ]
        );
    }

    #[test]
    fn repairs_restore_identifiers_and_touch_nothing_else() {
        let text = page_of(
            "zh-TW",
            &[
                (
                    "SEC \\_ E \\_ 演算法 \\_ 不相符",
                    "SEC\\_E\\_ALGORITHM\\_MISMATCH",
                ),
                (
                    "然後呼叫 InitializeSecurityCoNtext。",
                    "Then call InitializeSecurityContext.",
                ),
                (
                    "找不到 SEC \\_ E \\_ NO \\_ KERB \\_ KEY 的值。",
                    "No value of SEC\\_E\\_NO\\_KERB\\_KEY.",
                ),
                (
                    "呼叫 秒 \\_ 函式 來處理。",
                    "Call SEC\\_E\\_OK to handle it.",
                ),
            ],
        );
        let (repaired, repairs) = repair("p.md", &text, &Config::default()).unwrap();
        let shown: Vec<(&str, &str)> = repairs
            .iter()
            .map(|r| (r.before.as_str(), r.after.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "SEC \\_ E \\_ 演算法 \\_ 不相符",
                    "SEC\\_E\\_ALGORITHM\\_MISMATCH"
                ),
                ("InitializeSecurityCoNtext", "InitializeSecurityContext"),
                (
                    "SEC \\_ E \\_ NO \\_ KERB \\_ KEY",
                    "SEC\\_E\\_NO\\_KERB\\_KEY"
                ),
            ],
            "a translated identifier inside a sentence is not certain, so it stays"
        );
        assert_eq!(repairs[0].line, 8);
        // Byte for byte elsewhere: undo the three edits and the page is the same.
        let undone = repaired
            .replacen(
                "SEC\\_E\\_ALGORITHM\\_MISMATCH</span><span class",
                "SEC \\_ E \\_ 演算法 \\_ 不相符</span><span class",
                1,
            )
            .replacen(
                "然後呼叫 InitializeSecurityContext。",
                "然後呼叫 InitializeSecurityCoNtext。",
                1,
            )
            .replacen(
                "找不到 SEC\\_E\\_NO\\_KERB\\_KEY 的值",
                "找不到 SEC \\_ E \\_ NO \\_ KERB \\_ KEY 的值",
                1,
            );
        assert_eq!(undone, text);
        assert_eq!(
            repair("p.md", &repaired, &Config::default()),
            None,
            "idempotent"
        );
    }

    #[test]
    fn a_repair_reaches_its_fixed_point_in_one_run() {
        // Every occurrence of a recased or split identifier is repaired, not only the first a
        // finding points at: a second run has nothing left to do.
        let text = page_of(
            "de-DE",
            &[
                (
                    "Rufen Sie [**completeauthtoken**](a.md) auf, danach erneut completeauthtoken.",
                    "Call [**CompleteAuthToken**](a.md), then CompleteAuthToken again.",
                ),
                (
                    "SEC \\_ E \\_ OK oder sec \\_ e \\_ ok, beide SEC \\_ E \\_ OK.",
                    "SEC\\_E\\_OK or SEC\\_E\\_OK, both SEC\\_E\\_OK.",
                ),
            ],
        );
        let (repaired, repairs) = repair("p.md", &text, &Config::default()).unwrap();
        let shown: Vec<(usize, &str)> = repairs
            .iter()
            .map(|r| (r.column, r.before.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (46, "completeauthtoken"),
                (92, "completeauthtoken"),
                (33, "SEC \\_ E \\_ OK"),
                (53, "sec \\_ e \\_ ok"),
                (75, "SEC \\_ E \\_ OK"),
            ]
        );
        assert!(repaired.contains(
            "Rufen Sie [**CompleteAuthToken**](a.md) auf, danach erneut CompleteAuthToken."
        ));
        assert!(repaired.contains("SEC\\_E\\_OK oder SEC\\_E\\_OK, beide SEC\\_E\\_OK."));
        assert_eq!(repair("p.md", &repaired, &Config::default()), None);
        let left = review("p.md", &repaired, None, &Config::default());
        assert!(
            left.findings
                .iter()
                .all(|f| f.check.category() != Category::Identifier),
            "{:?}",
            left.findings
        );
    }

    #[test]
    fn a_segment_is_repaired_on_its_own_and_its_repairs_name_their_offsets() {
        let (target, repairs) = repair_segment(
            "Call InitializeSecurityContext and then InitializeSecurityContext.",
            "Rufen Sie InitializeSecurityCoNtext und dann initializesecuritycontext auf.",
            &Config::default(),
        )
        .unwrap();
        assert_eq!(
            target,
            "Rufen Sie InitializeSecurityContext und dann InitializeSecurityContext auf."
        );
        let at: Vec<usize> = repairs.iter().map(|r| r.at).collect();
        assert_eq!(at, [10, 45]);
        // A check that does not run repairs nothing.
        let config = Config {
            exclude: vec![Check::IdentifierCase],
            ..Config::default()
        };
        assert_eq!(
            repair_segment(
                "Call InitializeSecurityContext.",
                "InitializeSecurityCoNtext",
                &config
            ),
            None
        );
    }

    #[test]
    fn a_link_or_bold_span_that_was_the_identifier_gets_it_back_where_that_is_certain() {
        let config = Config::default();
        let repaired = |source: &str, target: &str| {
            repair_segment(source, target, &config).map(|(target, _)| target)
        };
        // The one link to its destination on both sides: its text is the identifier's.
        assert_eq!(
            repaired(
                "Hold a reference to [**IDWriteTextRenderer**](/a/idwrite) after the call.",
                "Einen Verweis auf [**idschreitetextrenderer**](/a/idwrite) halten.",
            )
            .as_deref(),
            Some("Einen Verweis auf [**IDWriteTextRenderer**](/a/idwrite) halten.")
        );
        // Two links to one destination: which text is which is a guess.
        assert_eq!(
            repaired(
                "See [**WINHTTP_A_B**](/x) and [**WINHTTP_C_D**](/x).",
                "請參閱 [**WINHTTP _ 甲 _ 乙**](/x) 與 [**WINHTTP _ 丙 _ 丁**](/x)。",
            ),
            None
        );
        // The one bold span left over once the others are matched verbatim.
        assert_eq!(
            repaired(
                "Equivalent to **CERT_E_EXPIRED** or **CERT_E_VALIDITYPERIODNESTING**.",
                "等於 **cert _ e 已 _ 過期** 或 **CERT_E_VALIDITYPERIODNESTING**。",
            )
            .as_deref(),
            Some("等於 **CERT_E_EXPIRED** 或 **CERT_E_VALIDITYPERIODNESTING**。")
        );
        // Two left over: pairing them by order would be a guess.
        assert_eq!(
            repaired(
                "Such as **CERT_E_ROLE** or **CERT_E_PURPOSE**.",
                "例如 **cert _ e _ 角色** 或 **cert _ e _ 用途**。",
            ),
            None
        );
        // An identifier translated inside a sentence stays: nothing says where it ends.
        assert_eq!(
            repaired(
                "The function returns ERROR_CALL_NOT_IMPLEMENTED.",
                "此函式會傳回未實作為值的錯誤 _ 呼叫 _ _ 。",
            ),
            None
        );
    }

    #[test]
    fn identifiers_of_a_meaning_and_those_its_translation_lacks() {
        let english = "Call [**CompleteAuthToken**](a.md) from `Winerror.h`; see SEC\\_E\\_OK, Kerberos and the non-Windows KDC.";
        assert_eq!(
            identifiers(english),
            ["CompleteAuthToken", "Winerror.h", "SEC_E_OK"]
        );
        assert_eq!(
            missing_identifiers(
                english,
                "呼叫 [**completeauthtoken**](a.md) 與 Winerror.h：SEC\\_E\\_OK"
            ),
            ["CompleteAuthToken"]
        );
    }

    // What reviewers judged on es-ES, fr-FR and ru-RU (tests/fixtures/l10n-precision/), one
    // case of each rule it taught.

    #[test]
    fn acronyms_in_prose_may_be_translated_names_may_not() {
        let silent = [
            (
                "es-ES",
                "Existen cuando se anula el registro de una máquina virtual.",
                "They exist when a VM is unregistered.",
            ),
            (
                "fr-FR",
                "WPARAM contient une valeur PPP.",
                "The WPARAM contains a DPI value.",
            ),
            (
                "es-ES",
                "Si no es el caso, el servidor DEBE notificar un error.",
                "If this is not the case, the server MUST report an error.",
            ),
            (
                "ru-RU",
                "Указатель на строку в Юникоде.",
                "A pointer to a Unicode string.",
            ),
        ];
        for (locale, target, source) in silent {
            assert_eq!(found(locale, &[(target, source)]), [], "{source}");
        }
        let kept = [
            (
                "es-ES",
                "Se trata de un **botón** predefinido.",
                "This is a predefined **BUTTON**.",
            ),
            ("es-ES", "(A;;RPLCLORC;;;ESTÉ)", "(A;;RPLCLORC;;;AU)"),
            (
                "fr-FR",
                "dans la configuration (correcte connue).",
                "in the last-known-good (LKG) configuration.",
            ),
        ];
        for (locale, target, source) in kept {
            assert_eq!(ids(locale, &[(target, source)]), ["dnt-term"], "{source}");
        }
    }

    #[test]
    fn numbers_as_the_locale_writes_them_and_codes_as_written() {
        let silent = [
            (
                "fr-FR",
                "La valeur est 2 796 202.",
                "The value is 2,796,202.",
            ),
            (
                "fr-FR",
                "Un tampon de 2 048 octets.",
                "A buffer of 2048 bytes.",
            ),
            ("es-ES", "Use dos bits.", "Use 2 bits."),
            ("ru-RU", "Трехмерное пространство.", "The 3-D space."),
            ("fr-FR", "Valeurs de 0 à -64.", "Values from 0.0 to -64.0."),
            ("es-ES", "La E/S del disco.", "The disk I/0."),
        ];
        for (locale, target, source) in silent {
            assert_eq!(found(locale, &[(target, source)]), [], "{source}");
        }
        // The digit of a file's name is the file name's: its damage is not a number lost.
        let path = ids(
            "fr-FR",
            &[(
                "le chemin « c : Temp1.txt »",
                "the \"c:\\temp\\1.txt\" path",
            )],
        );
        assert!(!path.contains(&"number"), "{path:?}");
        assert_eq!(
            found("fr-FR", &[("1 048 576", "1048576")]),
            [("number", "number 1048576 became 1 048 576".into())]
        );
        assert_eq!(ids("ru-RU", &[("Ошибка двух.", "Error [2].")]), ["number"]);
        assert_eq!(
            found("es-ES", &[("(v\\[0\\]/511,0, 1)", "(v\\[0\\]/511.0, 1)")]),
            []
        );
        assert_eq!(
            ids("es-ES", &[("Windows NT 4,0", "Windows NT 4.0")]),
            ["exact-number"]
        );
    }

    #[test]
    fn untranslated_means_english_prose_left_as_it_was() {
        let silent = [
            ("fr-FR", "Windows 10, version 1703, Windows 8.1, Windows 7"),
            (
                "es-ES",
                "**Status Pen::RotateTransform(IN REAL angle, IN MatrixOrder order)**",
            ),
            ("es-ES", "**delete sslcert ipport=0.0.0.0:443**"),
            ("es-ES", "/archive/blogs/carlosag/"),
            (
                "es-ES",
                "namespace, [nointerpolation](a.md), [noperspective](b.md), NULL",
            ),
            ("ru-RU", "True"),
            ("ru-RU", "Makefile"),
            (
                "it-IT",
                "\"https://www.w3.org/2001/04/xmldsig-more\\#rsa-sha384\"",
            ),
            (
                "it-IT",
                "\\<index name> \\| \\<item name> \\| \\<schema name> ':' \\<item name>",
            ),
            ("it-IT", "jpe, jpeg, jpg"),
            ("it-IT", "mydevice.contoso.com"),
            ("it-IT", "texld dst, src"),
            (
                "it-IT",
                "add urlacl url=https://www.contoso.com:80/MyUri user=DOMAIN\\\\user listen=yes",
            ),
            (
                "it-IT",
                "GpStatus WINGDIPAPI GdipDrawLine( GpGraphics \\* graphics, GpPen \\* pen, INT count, REAL width)",
            ),
        ];
        for (locale, text) in silent {
            let found = [Check::Unchanged, Check::UnchangedLatin]
                .map(|check| ids_of(locale, &[(text, text)], check));
            assert_eq!(found, [[""; 0]; 2], "{text}");
        }
        let untranslated = [
            (
                "fr-FR",
                "This function is not supported on the server.",
                Check::UnchangedLatin,
            ),
            (
                "es-ES",
                "go, proceed, progress, safe",
                Check::UnchangedLatin,
            ),
            ("ru-RU", "Header", Check::Unchanged),
        ];
        for (locale, text, check) in untranslated {
            assert_eq!(
                ids_of(locale, &[(text, text)], check),
                [check.id()],
                "{text}"
            );
        }
    }

    #[test]
    fn markup_is_counted_as_markdown_reads_it() {
        let silent = [
            // An escaped star, then italic; a space between them changes nothing.
            ("es-ES", "\\* *pX*", "\\**pX*"),
            // `<subclave ...>` is a placeholder, not a `<sub>` tag.
            (
                "es-ES",
                "HKCU\\\\Direct3D\\\\<subclave definida por el usuario>",
                "HKCU\\\\Direct3D\\\\<user-defined subkey>",
            ),
            // A link's title is text; its destination is unchanged.
            (
                "fr-FR",
                "![Bits](images/bits.png \"Bits de couverture\")",
                "![Bits](images/bits.png \"Coverage bits\")",
            ),
            // Syntax shown as text, with an attribute that is not a link.
            (
                "fr-FR",
                "<v: *élément* o:althref=\" *expression* \">",
                "<v: *element* o:althref=\" *expression* \">",
            ),
            // A link whose text is a word in brackets is not a SAL annotation.
            (
                "es-ES",
                "[opcional](q.md#optional)",
                "[optional](q.md#optional)",
            ),
        ];
        for (locale, target, source) in silent {
            assert_eq!(found(locale, &[(target, source)]), [], "{source}");
        }
        // An escaped backslash before bold is not an escaped star: the path's damage is an
        // identifier's, and the markup is the same.
        let path = ids(
            "es-ES",
            &[(
                "**HKEY\\_LOCAL\\_MACHINE** \\\\ **Sistema**",
                "**HKEY\\_LOCAL\\_MACHINE**\\\\**System**",
            )],
        );
        assert!(!path.contains(&"markup-count"), "{path:?}");
        // A translated placeholder is not an empty target.
        assert_eq!(
            ids("es-ES", &[("<nombre *DataType*>", "<*DataType* name>")]),
            Vec::<&str>::new()
        );
        // A parenthesis left inside a mangled identifier's bold is the identifier's damage.
        assert_eq!(
            ids(
                "ru-RU",
                &[("**Мсвм \\_ )**", "**Msvm\\_ImageManagementService**")]
            ),
            ["dnt-identifier"]
        );
    }

    #[test]
    fn the_defect_marked_is_what_the_identifier_became() {
        let marked = |locale: &str, target: &str, source: &str| -> Vec<String> {
            let text = page_of(locale, &[(target, source)]);
            review("p.md", &text, None, &Config::default())
                .findings
                .iter()
                .filter(|f| f.check.category() == Category::Identifier)
                .map(|f| f.target.unwrap()[f.mark.clone().unwrap()].to_owned())
                .collect()
        };
        assert_eq!(
            marked(
                "de-DE",
                "**Akzeptsecuritycontext (kredssp)**",
                "**AcceptSecurityContext (CredSSP)**"
            ),
            ["Akzeptsecuritycontext", "kredssp"]
        );
        assert_eq!(
            marked("ru-RU", "Вызовите сетфилетиме.", "Call SetFileTime."),
            ["сетфилетиме"]
        );
        assert_eq!(
            marked(
                "zh-TW",
                "SEC \\_ E \\_ 演算法 \\_ 不相符",
                "SEC\\_E\\_ALGORITHM\\_MISMATCH"
            ),
            ["SEC \\_ E \\_ 演算法 \\_ 不相符"]
        );
        assert_eq!(
            marked(
                "fr-FR",
                "la valeur du paramètre *moue* .",
                "the value of the *pOut* parameter."
            ),
            ["moue"]
        );
        // Past recognition, the finding marks nothing rather than a letter that is not it.
        assert_eq!(
            marked("fr-FR", "Appelez la fonction.", "Call SetFileTime."),
            [""]
        );
    }

    #[test]
    fn words_that_name_code_by_their_context_are_identifiers() {
        let translated = [
            (
                "de-DE",
                "Klassen: [**Oben**](c-top.md)",
                "Classes: [**Top**](c-top.md)",
            ),
            ("zh-TW", "[**返回頁首**](c-top.md)", "[**Top**](c-top.md)"),
            (
                "es-ES",
                "*Peso* \\[in, optional\\]",
                "*Weight* \\[in, optional\\]",
            ),
            (
                "es-ES",
                "cambie la propiedad **texto**.",
                "change the **Text** property.",
            ),
            (
                "es-ES",
                "un [**desencadenador**](/windows/win32/api/x/nn-x-trigger)",
                "a [**Trigger**](/windows/win32/api/x/nn-x-trigger)",
            ),
        ];
        for (locale, target, source) in translated {
            assert_eq!(
                ids(locale, &[(target, source)]),
                ["dnt-identifier"],
                "{source}"
            );
        }
        let words = [
            // A page of the UI is translated; so is a link to a page named like its words.
            (
                "es-ES",
                "la página de propiedades **Dirección**.",
                "the **Address** property page.",
            ),
            (
                "es-ES",
                "Vea [información general](overview.md).",
                "See [Overview](overview.md).",
            ),
            ("es-ES", "el método siguiente", "the following method"),
        ];
        for (locale, target, source) in words {
            assert_eq!(found(locale, &[(target, source)]), [], "{source}");
        }
    }

    #[test]
    fn a_space_just_inside_a_bracket_shows() {
        assert_eq!(
            found(
                "ru-RU",
                &[(
                    "Квалификаторы: [ **ключ**](k.md)",
                    "Qualifiers: [**key**](k.md)"
                )]
            ),
            [(
                "space-inside-brackets",
                "space after `[`, which the source does not have".into()
            )]
        );
        assert_eq!(
            ids("fr-FR", &[("une liste ( a, b ) ici", "a list (a, b) here")]),
            ["space-inside-brackets", "space-before-punctuation"]
        );
        let silent = [
            // An identifier's pieces, an image's alt text, a space the source has too.
            (
                "fr-FR",
                "dans le [ \\_ filtre D3DX](f.md).",
                "in [D3DX\\_FILTER](f.md).",
            ),
            ("ru-RU", "![ снимок экрана](a.png)", "![screen shot](a.png)"),
            ("es-ES", "una lista ( a, b )", "a list ( a, b )"),
        ];
        for (locale, target, source) in silent {
            assert!(
                !ids(locale, &[(target, source)]).contains(&"space-inside-brackets"),
                "{source}"
            );
        }
    }

    // What reviewers judged on it-IT, the site sampled after the tuning above, taught these.
    #[test]
    fn localized_names_numbers_in_words_and_lists() {
        let silent = [
            ("it-IT", "Aprire Esplora risorse.", "Open Windows Explorer."),
            (
                "it-IT",
                "usando il livello visivo",
                "using the Visual layer",
            ),
            (
                "it-IT",
                "moltiplicata per 10 milioni.",
                "multiplied by 10,000,000.",
            ),
            ("it-IT", "come `{20,20,100,100}`.", "as `{20,20,100,100}`."),
            (
                "it-IT",
                "macchine virtuali di seconda generazione",
                "generation 2 virtual machines",
            ),
        ];
        for (locale, target, source) in silent {
            assert_eq!(found(locale, &[(target, source)]), [], "{source}");
        }
        assert_eq!(
            ids("it-IT", &[("Apri Visual Basic.", "Open Visual Studio.")]),
            ["dnt-term"]
        );
        assert_eq!(
            ids("it-IT", &[("per 40 milioni", "by 40000000")]),
            ["number"]
        );
    }

    #[test]
    fn id_gaps_of_any_width_are_one_finding_found_at_once() {
        // Ids that jump from 101 to 100000000, then to the largest id there is: each gap is
        // one finding, found without walking it.
        let mut text = String::from("---\ntitle: T\nms.contentlocale: zh-TW\n---\n\n");
        for id in ["101", "100000000", &u64::MAX.to_string()] {
            text.push_str(&format!(
                "<span data-ttu-id=\"ab12c-{id}\">甲</span><span class=\"sxs-lookup\"><span data-stu-id=\"ab12c-{id}\">A</span></span>\n\n"
            ));
        }
        let config = Config {
            only: vec![Check::IdGap],
            ..Config::default()
        };
        let messages: Vec<String> = review("p.md", &text, None, &config)
            .findings
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(
            messages,
            [
                "segment ids jump from 101 to 100000000: ab12c-102 to ab12c-99999999 are missing",
                "segment ids jump from 100000000 to 18446744073709551615: ab12c-100000001 to ab12c-18446744073709551614 are missing",
            ]
        );
    }
}
