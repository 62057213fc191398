//! The do-not-translate glossary (`cargo xtask l10n --glossary FILE`): the source tokens the
//! identifier checks found broken in the translations, each with how often, on how many pages,
//! by which checks, in which target locales, and one place; written as CSV for a spreadsheet
//! and as TBX (ISO 30042:2019, the TBX-Core dialect) for a terminology or machine-translation
//! system, so that its next run keeps them.
//!
//! Made like the report, page by page: [`PageTerms::of`] on the thread that checked the page,
//! then [`Glossary::add`] in path order, so no review outlives its page and the first place
//! seen is the example. The glossary holds one entry per distinct term, never the findings.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use doccodes_l10n::{Category, Check, Review};

use crate::plural;

/// The language of every page's source side (the `sxs-lookup` spans).
const SOURCE_LANGUAGE: &str = "en";

/// A place in a page, as the report shows it: `path:line:column`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

/// A term's findings on one page.
#[derive(Clone, Debug, PartialEq, Eq)]
struct OnPage {
    count: usize,
    checks: BTreeSet<Check>,
    /// The first finding's line and column.
    at: (usize, usize),
}

/// One page's broken terms, made from its review on any thread: all [`Glossary::add`] needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageTerms {
    path: String,
    locale: Option<String>,
    terms: BTreeMap<String, OnPage>,
}

impl PageTerms {
    /// The terms of `review`'s identifier findings whose suggestion is the source's token.
    pub fn of(review: &Review<'_>) -> PageTerms {
        let mut terms: BTreeMap<String, OnPage> = BTreeMap::new();
        for finding in &review.findings {
            let Some(suggestion) = &finding.suggestion else {
                continue;
            };
            let Some(term) = term(finding.check, suggestion) else {
                continue;
            };
            // Findings come in page order: the first one inserted is the first place.
            let on_page = terms.entry(term).or_insert_with(|| OnPage {
                count: 0,
                checks: BTreeSet::new(),
                at: (finding.line, finding.column),
            });
            on_page.count += 1;
            on_page.checks.insert(finding.check);
        }
        PageTerms {
            path: review.path.clone(),
            locale: review.locale.as_ref().map(|locale| locale.tag.clone()),
            terms,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// What the glossary knows of one term over the pages so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// Findings of it.
    pub count: usize,
    /// Pages with at least one.
    pub pages: usize,
    /// The target locales it was broken in (`zh-TW`), sorted.
    pub locales: BTreeSet<String>,
    pub checks: BTreeSet<Check>,
    /// Its first finding on the first page (in the order pages were added).
    pub example: Place,
}

/// The broken terms of every page added so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Glossary {
    terms: BTreeMap<String, Term>,
    pages: usize,
    findings: usize,
}

impl Glossary {
    pub fn new() -> Glossary {
        Glossary::default()
    }

    /// Adds a page's terms: pages in path order make the examples the report's first places.
    pub fn add(&mut self, page: PageTerms) {
        self.pages += 1;
        for (text, on_page) in page.terms {
            self.findings += on_page.count;
            let place = |path: &str| Place {
                path: path.to_owned(),
                line: on_page.at.0,
                column: on_page.at.1,
            };
            let term = self.terms.entry(text).or_insert_with(|| Term {
                count: 0,
                pages: 0,
                locales: BTreeSet::new(),
                checks: BTreeSet::new(),
                example: place(&page.path),
            });
            term.count += on_page.count;
            term.pages += 1;
            term.checks.extend(on_page.checks);
            if let Some(locale) = &page.locale
                && !term.locales.contains(locale)
            {
                term.locales.insert(locale.clone());
            }
        }
    }

    /// The terms, most often broken first, then by term: the order of both files.
    pub fn terms(&self) -> Vec<(&str, &Term)> {
        let mut terms: Vec<(&str, &Term)> = self
            .terms
            .iter()
            .map(|(text, term)| (text.as_str(), term))
            .collect();
        terms.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(b.0)));
        terms
    }

    /// Pages added, with terms or without.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Findings the terms come from.
    pub fn findings(&self) -> usize {
        self.findings
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// The term a finding of `check` suggests, as it reads: `SEC_E_OK` for the suggestion
/// `SEC\_E\_OK`, `[in]` for `\[in\]`, `x_y` for the code span `` `x_y` ``; `None` for a check
/// outside the identifier category, whose suggestion is no source token, or for a suggestion
/// that reads as nothing.
pub fn term(check: Check, suggestion: &str) -> Option<String> {
    if check.category() != Category::Identifier {
        return None;
    }
    let reads = match check {
        // A code span's text is literal: no escapes inside.
        Check::CodeSpan => code_span_text(suggestion).to_owned(),
        // The front matter checks suggest the visible word, escapes already resolved.
        Check::FrontMatter => suggestion.to_owned(),
        _ => unescape(suggestion),
    };
    // A term is one line: line breaks and other control characters read as spaces.
    let term: String = reads
        .replace("\r\n", " ")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let term = term.trim();
    (!term.is_empty()).then(|| term.to_owned())
}

/// The text of a code span as the suggestion writes it (`` `x` ``): the backticks off, and
/// the one space CommonMark strips from each side of text that begins and ends with one.
fn code_span_text(span: &str) -> &str {
    let ticks = span.len() - span.trim_start_matches('`').len();
    let inner = span.trim_start_matches('`');
    let inner = inner
        .strip_suffix(&span[..ticks])
        .filter(|_| ticks > 0)
        .unwrap_or(span);
    match inner.strip_prefix(' ').and_then(|i| i.strip_suffix(' ')) {
        Some(stripped) if !inner.trim_matches(' ').is_empty() => stripped,
        _ => inner,
    }
}

/// `text` as it reads: CommonMark's backslash escapes of ASCII punctuation and HTML's
/// character references (the common named ones, decimal and hexadecimal) resolved.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['\\', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix('\\') {
            match after.chars().next() {
                Some(c) if c.is_ascii_punctuation() => {
                    out.push(c);
                    rest = &after[1..];
                }
                _ => {
                    out.push('\\');
                    rest = after;
                }
            }
        } else if let Some((c, length)) = character_reference(rest) {
            out.push(c);
            rest = &rest[length..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The character `text`'s leading `&...;` stands for, and its length.
fn character_reference(text: &str) -> Option<(char, usize)> {
    // The longest name HTML has is 32 characters.
    let end = text.char_indices().take(34).find(|&(_, c)| c == ';')?.0;
    let name = &text[1..end];
    let c = if let Some(number) = name.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex)
                if (1..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                u32::from_str_radix(hex, 16).ok()?
            }
            None if (1..=7).contains(&number.len())
                && number.bytes().all(|b| b.is_ascii_digit()) =>
            {
                number.parse().ok()?
            }
            _ => return None,
        };
        // CommonMark: a reference to U+0000 or to no character is U+FFFD.
        char::from_u32(value)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}')
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

/// The glossary as CSV (RFC 4180: fields with `,` `"` or a line break quoted, `"` doubled, CRLF
/// after each record), UTF-8 with a byte order mark so that Excel reads it as UTF-8, under a
/// header: term, count, pages, locales, checks, example. Lists in a field are space-separated.
pub fn csv(glossary: &Glossary) -> String {
    let mut out = String::from("\u{feff}");
    csv_record(
        &mut out,
        &["term", "count", "pages", "locales", "checks", "example"],
    );
    for (text, term) in glossary.terms() {
        csv_record(
            &mut out,
            &[
                text,
                &term.count.to_string(),
                &term.pages.to_string(),
                &join(term.locales.iter().map(String::as_str)),
                &join(term.checks.iter().map(|check| check.id())),
                &term.example.to_string(),
            ],
        );
    }
    out
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(" ")
}

fn csv_record(out: &mut String, fields: &[&str]) {
    for (index, field) in fields.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

/// The glossary as a TBX document (ISO 30042:2019, namespace `urn:iso:std:iso:30042:ed-2`, the
/// TBX-Core dialect): one `conceptEntry` per term, in the order of [`Glossary::terms`], with a
/// `langSec` for `en` and one per target locale, each holding the term itself (the target term
/// is the source term: do not translate), and its counts, checks and example as notes. `None`
/// for an empty glossary: TBX's body holds at least one entry.
pub fn tbx(glossary: &Glossary) -> Option<String> {
    if glossary.is_empty() {
        return None;
    }
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<tbx type=\"TBX-Core\" style=\"dca\" xml:lang=\"en\" \
         xmlns=\"urn:iso:std:iso:30042:ed-2\">\n",
    );
    out.push_str("  <tbxHeader>\n    <fileDesc>\n      <titleStmt>\n");
    out.push_str("        <title>Do-not-translate terms the translations broke</title>\n");
    out.push_str("      </titleStmt>\n      <sourceDesc>\n");
    let _ = writeln!(
        out,
        "        <p>{} {} broken in {} {} on {} checked {}, found by the identifier checks of \
         cargo xtask l10n. Keep each verbatim in every language: its term in a target \
         language is the English term.</p>",
        glossary.terms.len(),
        plural("term", glossary.terms.len()),
        glossary.findings,
        plural("finding", glossary.findings),
        glossary.pages,
        plural("page", glossary.pages),
    );
    out.push_str("      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n");
    out.push_str("  <text>\n    <body>\n");
    for (number, (text, term)) in glossary.terms().into_iter().enumerate() {
        let _ = writeln!(out, "      <conceptEntry id=\"c{}\">", number + 1);
        let notes = [
            "do not translate".to_owned(),
            format!("findings: {}", term.count),
            format!("pages: {}", term.pages),
            format!("checks: {}", join(term.checks.iter().map(|c| c.id()))),
            format!("example: {}", term.example),
        ];
        for note in notes {
            let _ = writeln!(out, "        <note>{}</note>", crate::markup_text(&note));
        }
        let languages = std::iter::once(SOURCE_LANGUAGE).chain(
            term.locales
                .iter()
                .map(String::as_str)
                .filter(|locale| !locale.eq_ignore_ascii_case(SOURCE_LANGUAGE)),
        );
        for language in languages {
            let _ = writeln!(
                out,
                "        <langSec xml:lang=\"{}\">\n          <termSec>\n            \
                 <term>{}</term>\n          </termSec>\n        </langSec>",
                crate::markup_text(language),
                crate::markup_text(text)
            );
        }
        out.push_str("      </conceptEntry>\n");
    }
    out.push_str("    </body>\n  </text>\n</tbx>\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use doccodes_diagnostic::Severity;
    use doccodes_l10n::{Check, Locale, Located, Review};

    use super::*;

    fn finding(check: Check, line: usize, suggestion: Option<&str>) -> Located<'static> {
        Located {
            check,
            severity: Severity::Error,
            line,
            column: 3,
            line_text: "",
            segment: None,
            source: None,
            target: None,
            message: String::new(),
            suggestion: suggestion.map(str::to_owned),
            certain: false,
            mark: None,
        }
    }

    fn review(path: &str, locale: &str, findings: Vec<Located<'static>>) -> Review<'static> {
        Review {
            path: path.to_owned(),
            locale: Some(Locale {
                tag: locale.to_owned(),
            }),
            segments: 10,
            findings,
            compared_with_english: false,
        }
    }

    fn glossary(reviews: &[Review<'static>]) -> Glossary {
        let mut glossary = Glossary::new();
        for review in reviews {
            glossary.add(PageTerms::of(review));
        }
        glossary
    }

    #[test]
    fn terms_read_as_the_page_shows_them() {
        let cases = [
            (Check::DntIdentifier, "SEC\\_E\\_OK", "SEC_E_OK"),
            (Check::SalMarker, "\\[in\\]", "[in]"),
            (Check::SalMarker, "\\[in, optional\\]", "[in, optional]"),
            (Check::FileName, "Winerror.h", "Winerror.h"),
            (Check::IdentifierCase, "A\\*\\*B", "A**B"),
            // A backslash before a letter or at the end is text.
            (Check::DntIdentifier, "Root\\CIMv2", "Root\\CIMv2"),
            (Check::DntIdentifier, "end\\", "end\\"),
            (Check::DntIdentifier, "a\\\\b", "a\\b"),
            (Check::DntIdentifier, "A&lt;T&gt;", "A<T>"),
            (
                Check::DntIdentifier,
                "&#x41;&#66;&amp;&bogus;",
                "AB&&bogus;",
            ),
            (Check::DntIdentifier, "AT&T", "AT&T"),
            (Check::CodeSpan, "`x_y`", "x_y"),
            (Check::CodeSpan, "`a\\_b`", "a\\_b"),
            (Check::CodeSpan, "` `x` `", "`x`"),
            (Check::CodeSpan, "`a\nb`", "a b"),
            (Check::FrontMatter, "SEC_E_OK", "SEC_E_OK"),
            (Check::DntTerm, "Kerberos", "Kerberos"),
        ];
        for (check, suggestion, expected) in cases {
            assert_eq!(
                term(check, suggestion).as_deref(),
                Some(expected),
                "{check:?} {suggestion:?}"
            );
        }
        assert_eq!(term(Check::CodeSpan, "` `"), None, "reads as nothing");
        assert_eq!(
            term(Check::LinkText, "SEC_E_OK"),
            None,
            "not an identifier check"
        );
        assert_eq!(term(Check::Number, "3.1"), None);
    }

    #[test]
    fn findings_count_per_term_with_pages_locales_checks_and_the_first_place() {
        let reviews = [
            review(
                "a.zh-tw.md",
                "zh-TW",
                vec![
                    finding(Check::IdentifierSpacing, 4, Some("SEC\\_E\\_OK")),
                    finding(Check::DntIdentifier, 7, Some("SEC\\_E\\_OK")),
                    finding(Check::Number, 8, None),
                    finding(Check::LinkSyntax, 8, Some("](x.md)")),
                    finding(Check::DntTerm, 9, Some("Kerberos")),
                ],
            ),
            review("b.md", "en-US", Vec::new()),
            review(
                "c.de-de.md",
                "de-DE",
                vec![finding(Check::FrontMatter, 2, Some("SEC_E_OK"))],
            ),
        ];
        let glossary = glossary(&reviews);
        assert_eq!((glossary.pages(), glossary.findings()), (3, 4));
        let terms = glossary.terms();
        let names: Vec<&str> = terms.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["SEC_E_OK", "Kerberos"]);
        let (_, ok) = terms[0];
        assert_eq!((ok.count, ok.pages), (3, 2));
        assert_eq!(ok.locales.iter().collect::<Vec<_>>(), ["de-DE", "zh-TW"]);
        assert_eq!(
            ok.checks.iter().copied().collect::<Vec<_>>(),
            [
                Check::DntIdentifier,
                Check::IdentifierSpacing,
                Check::FrontMatter
            ]
        );
        assert_eq!(ok.example.to_string(), "a.zh-tw.md:4:3");
    }

    #[test]
    fn terms_are_ordered_by_count_then_by_term() {
        let findings = ["b", "a", "c", "c", "B", "a"]
            .map(|t| finding(Check::DntTerm, 1, Some(t)))
            .to_vec();
        let glossary = glossary(&[review("p.md", "ja-JP", findings)]);
        let names: Vec<&str> = glossary.terms().iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["a", "c", "B", "b"]);
    }

    #[test]
    fn csv_quotes_what_rfc_4180_says_and_ends_records_with_crlf() {
        let findings = vec![
            finding(Check::SalMarker, 1, Some("\\[in, optional\\]")),
            finding(Check::CodeSpan, 2, Some("`say \"hi\"`")),
            finding(Check::DntIdentifier, 3, Some("SEC\\_E\\_OK")),
        ];
        let csv = csv(&glossary(&[review("dir, x/p.md", "zh-TW", findings)]));
        assert_eq!(
            csv,
            "\u{feff}term,count,pages,locales,checks,example\r\n\
             SEC_E_OK,1,1,zh-TW,dnt-identifier,\"dir, x/p.md:3:3\"\r\n\
             \"[in, optional]\",1,1,zh-TW,sal-marker,\"dir, x/p.md:1:3\"\r\n\
             \"say \"\"hi\"\"\",1,1,zh-TW,code-span,\"dir, x/p.md:2:3\"\r\n"
        );
    }

    #[test]
    fn tbx_has_one_entry_per_term_with_the_same_term_in_each_language() {
        let reviews = [
            review(
                "a.md",
                "zh-TW",
                vec![finding(Check::DntIdentifier, 1, Some("A&lt;T&gt;"))],
            ),
            review(
                "b.md",
                "de-DE",
                vec![finding(Check::DntIdentifier, 5, Some("A&lt;T&gt;"))],
            ),
        ];
        let document = tbx(&glossary(&reviews)).unwrap();
        let root = "<tbx type=\"TBX-Core\" style=\"dca\" xml:lang=\"en\" \
                    xmlns=\"urn:iso:std:iso:30042:ed-2\">";
        assert!(document.contains(root));
        assert_eq!(document.matches("<conceptEntry id=").count(), 1);
        for language in ["en", "de-DE", "zh-TW"] {
            assert!(document.contains(&format!("<langSec xml:lang=\"{language}\">")));
        }
        assert_eq!(document.matches("<term>A&lt;T&gt;</term>").count(), 3);
        assert!(document.contains("<note>findings: 2</note>"));
        assert!(document.contains("<note>example: a.md:1:3</note>"));
        assert_eq!(tbx(&Glossary::new()), None, "a TBX body holds an entry");
    }

    #[test]
    fn xml_text_escapes_markup_and_replaces_what_xml_forbids() {
        assert_eq!(
            crate::markup_text("a<b>&\"c\"\u{1}\u{ffff}\t"),
            "a&lt;b&gt;&amp;&quot;c&quot;\u{fffd}\u{fffd}\t"
        );
    }
}
