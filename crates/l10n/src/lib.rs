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
mod segment;
mod text;

use std::ops::Range;

use doccodes_diagnostic::Severity;
use doccodes_page::Page;

pub use english::{compare_with_english, front_matter_value};

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
        "An acronym or product name of the source (SSPI, KDC, Kerberos, or a --dnt-file term) is not in the target.",
    CodeSpan "code-span" Identifier Error
        "An inline code span or :::no-loc::: text differs between source and target.",
    SalMarker "sal-marker" Identifier Warning
        "A SAL annotation of the source ([in], [out], [in, optional]) is not in the target verbatim.",
    FrontMatter "front-matter" Identifier Warning
        "The translated title or description lost an identifier of the English one.",
    LinkDestination "link-destination" Link Error
        "The link destinations of source and target differ: changed, lost or added.",
    LinkSyntax "link-syntax" Link Error
        "A link's Markdown is broken in the target (`] (` where the source has `](`).",
    LinkText "link-text" Link Warning
        "A link kept its destination but lost its text.",
    MarkupCount "markup-count" Markup Warning
        "Bold, italic, code, line breaks, HTML tags or escapes differ in number between source and target.",
    Brackets "brackets" Markup Warning
        "Parentheses (full-width counted as ASCII) differ in number from the source or are unbalanced.",
    Number "number" Number Warning
        "A number of the source is missing or changed in the target (a decimal comma where the locale uses one is fine).",
    ExactNumber "exact-number" Number Error
        "A hexadecimal value or a version number of the source is missing or changed in the target.",
    Unchanged "unchanged" Untranslated Warning
        "The target equals the source although the source has words to translate.",
    PairIntegrity "pair-integrity" Missing Error
        "A translated span without its sxs-lookup partner, a partner without its span, an unclosed span or mismatched ids.",
    EmptyTarget "empty-target" Missing Error
        "A segment whose source has text and whose target has none.",
    DuplicateId "duplicate-id" Missing Error
        "A segment id used twice on the page.",
    IdPrefix "id-prefix" Missing Error
        "A segment id whose prefix differs from the page's other ids.",
    IdGap "id-gap" Missing Warning
        "Segment ids that skip numbers: segments missing from the page.",
    EdgeSpace "edge-space" Whitespace Info
        "Leading or trailing whitespace in the target that the source lacks.",
    DoubleSpace "double-space" Whitespace Info
        "Doubled spaces in the target that the source lacks.",
    SpaceBeforePunctuation "space-before-punctuation" Whitespace Info
        "A space before full-width punctuation (。，、；：！？）) in the target.",
    StaleSource "stale-source" Stale Warning
        "The English inside the page is no longer on today's English page (--source-root).",
    TableShape "table-shape" Structure Warning
        "The page's tables have other rows or columns than today's English page's (--source-root).",
}

/// One defect. `span` is the byte range of the page it points at (in a target where it
/// concerns one); `segment` the index of its segment in [`Page::segments`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub check: Check,
    pub span: Range<usize>,
    pub segment: Option<usize>,
    pub message: String,
    /// What to write instead, where that is certain: for identifiers, the source's token.
    pub suggestion: Option<String>,
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
}

impl Config {
    pub fn runs(&self, check: Check) -> bool {
        (self.only.is_empty() || self.only.contains(&check)) && !self.exclude.contains(&check)
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

/// What the checks need to know about the target language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale {
    /// As the page says it, `zh-TW`.
    pub tag: String,
}

impl Locale {
    /// The page's locale: `ms.contentlocale` in its front matter, else a locale in its path
    /// (`x.zh-tw.md`, `zh-tw/desktop-src/x.md`).
    pub fn of(page: &Page<'_>, path: &str) -> Option<Locale> {
        let from_front_matter = page
            .front_matter
            .as_ref()
            .and_then(|front| front_matter_value(front.yaml, "ms.contentlocale"));
        let tag = from_front_matter.or_else(|| {
            path.split(['/', '\\', '.'])
                .rfind(|part| is_locale(part))
                .map(str::to_owned)
        })?;
        Some(Locale { tag })
    }

    fn language(&self) -> String {
        self.tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }

    /// Scripts without Latin letters: an English word left in them is untranslated.
    pub fn non_latin(&self) -> bool {
        matches!(
            self.language().as_str(),
            "zh" | "ja"
                | "ko"
                | "ru"
                | "uk"
                | "bg"
                | "el"
                | "he"
                | "ar"
                | "th"
                | "hi"
                | "kk"
                | "mk"
                | "be"
                | "fa"
                | "sr"
        ) && !self.tag.to_ascii_lowercase().contains("latn")
    }

    /// Writes `3,5` for three and a half.
    pub fn decimal_comma(&self) -> bool {
        !matches!(
            self.language().as_str(),
            "en" | "zh" | "ja" | "ko" | "th" | "he" | "hi" | "ms" | "fil"
        )
    }
}

fn is_locale(part: &str) -> bool {
    let mut pieces = part.split('-');
    let language = pieces.next().unwrap_or("");
    let Some(region) = pieces.next() else {
        return false;
    };
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && (2..=4).contains(&region.len())
        && region.bytes().all(|b| b.is_ascii_alphanumeric())
        && pieces.next().is_none()
}

/// Every finding of `page` on its own: segment against source, span markup, front matter.
/// Sorted by position.
pub fn check_page(page: &Page<'_>, locale: Option<&Locale>, config: &Config) -> Vec<Finding> {
    let mut findings = segment::check(page, locale, config);
    findings.extend(english::front_matter_against_heading(page, config));
    findings.retain(|finding| config.runs(finding.check));
    findings.sort_by_key(|finding| (finding.span.start, finding.check));
    findings
}

/// A finding where a reviewer reads it: file position, the segment's two sides, and the defect's
/// range in the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub check: Check,
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    /// The page line the finding points at, for a caret under it.
    pub line_text: String,
    /// The `data-ttu-id` of the segment, when the finding concerns one.
    pub segment: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub message: String,
    pub suggestion: Option<String>,
    /// The defect's byte range inside `target`, to mark it in place.
    pub mark: Option<Range<usize>>,
}

/// One page checked: its findings located, in order of position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    pub path: String,
    pub locale: Option<Locale>,
    pub segments: usize,
    pub findings: Vec<Located>,
    /// Whether today's English page was there to compare with.
    pub compared_with_english: bool,
}

impl Review {
    /// An English page (or any page without bilingual segments): nothing to check.
    pub fn is_untranslated_page(&self) -> bool {
        self.segments == 0 && self.findings.is_empty()
    }
}

/// Checks the page `text` at `path`; with `english`, today's English page, also for stale
/// English and table shape.
pub fn review(path: &str, text: &str, english: Option<&str>, config: &Config) -> Review {
    let page = Page::parse(text);
    let locale = Locale::of(&page, path);
    let mut findings = if page.segments.is_empty() && page.problems.is_empty() {
        Vec::new()
    } else {
        check_page(&page, locale.as_ref(), config)
    };
    if let Some(english) = english
        && !page.segments.is_empty()
    {
        findings.extend(compare_with_english(&page, &Page::parse(english), config));
        findings.sort_by_key(|finding| (finding.span.start, finding.check));
    }
    let findings = findings
        .into_iter()
        .map(|finding| locate(&page, path, finding, config))
        .collect();
    Review {
        path: path.to_owned(),
        locale,
        segments: page.segments.len(),
        findings,
        compared_with_english: english.is_some(),
    }
}

fn locate(page: &Page<'_>, path: &str, finding: Finding, config: &Config) -> Located {
    let location = page.location(path, finding.span.start);
    let segment = finding.segment.map(|index| &page.segments[index]);
    let mark = segment.and_then(|segment| {
        let target = segment.target_offset..segment.target_offset + segment.target.len();
        (target.start <= finding.span.start && finding.span.end <= target.end)
            .then(|| finding.span.start - target.start..finding.span.end - target.start)
    });
    Located {
        check: finding.check,
        severity: config.severity(finding.check),
        line: location.line,
        column: location.column,
        line_text: location.line_text,
        segment: segment.map(|s| s.id.to_owned()),
        source: segment.map(|s| s.source.to_owned()),
        target: segment.map(|s| s.target.to_owned()),
        message: finding.message,
        suggestion: finding.suggestion,
        mark,
    }
}
