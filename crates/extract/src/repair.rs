//! Localized meanings with the identifiers of their English. Every segment a translated meaning
//! is read from has its target repaired against its own English first, by
//! [`doccodes_l10n::repair_segment`], the repair `cargo xtask l10n --fix` makes (an identifier
//! recased or split by spaces gets the English token back; a target that is nothing but a
//! translated identifier becomes it); each repair is a note at its place on the page. A meaning
//! that still lacks an identifier of its English is then kept or dropped as the set's
//! [`Translations`] says, with a warning either way.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;

use doccodes_diagnostic::Diagnostic;
use doccodes_inline::Inline;
use doccodes_model::ENGLISH;
use doccodes_page::{Context, Segment, Side, read_lines};

use crate::read::ReadPage;
use crate::rows::Row;

/// What becomes of a localized meaning that lacks an identifier of its English after the
/// certain repairs: `translations:` in the sets file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Translations {
    /// Kept, with a warning naming the code, the locale and the identifier.
    #[default]
    Repaired,
    /// Dropped, with a warning: the code's message in that locale falls back to English.
    Strict,
}

impl Translations {
    /// `repaired` or `strict`, as the sets file spells it.
    pub fn parse(text: &str) -> Option<Translations> {
        match text {
            "repaired" => Some(Translations::Repaired),
            "strict" => Some(Translations::Strict),
            _ => None,
        }
    }
}

/// The repaired targets of a page's segments, each repaired once, and the notes of the repairs
/// not yet reported.
#[derive(Default)]
pub(crate) struct Repairs {
    /// By the segment's target offset: the repaired target, `None` when nothing was repaired.
    targets: RefCell<BTreeMap<usize, Option<String>>>,
    notes: RefCell<Vec<Diagnostic>>,
}

impl ReadPage<'_> {
    /// What a reader sees in `range` on `side`, line by line, each segment's target repaired:
    /// what a meaning is read from.
    pub(crate) fn meaning_lines(
        &self,
        range: Range<usize>,
        side: Side,
        context: Context,
    ) -> Vec<Vec<Inline>> {
        let segments = self.page.segments_in(range.clone());
        if side == Side::Source || segments.is_empty() {
            return self.page.lines(range, side, context);
        }
        let mut markdown = String::with_capacity(range.len());
        let mut at = range.start;
        for segment in segments {
            markdown.push_str(&self.page.text[at..segment.markup.start]);
            match self.repaired(segment) {
                Some(target) => markdown.push_str(&target),
                None => markdown.push_str(segment.target),
            }
            at = segment.markup.end;
        }
        markdown.push_str(&self.page.text[at..range.end]);
        read_lines(&markdown, context)
    }

    /// The segment's target repaired, or `None` when it needs no repair; its repairs noted the
    /// first time.
    fn repaired(&self, segment: &Segment<'_>) -> Option<String> {
        let mut targets = self.repairs.targets.borrow_mut();
        if let Some(known) = targets.get(&segment.target_offset) {
            return known.clone();
        }
        let config = doccodes_l10n::Config::default();
        let repaired = doccodes_l10n::repair_segment(segment.source, segment.target, &config);
        let target = repaired.map(|(target, repairs)| {
            let mut notes = self.repairs.notes.borrow_mut();
            for repair in repairs {
                let at = self
                    .page
                    .location(self.path, segment.target_offset + repair.at);
                notes.push(
                    Diagnostic::info(format!(
                        "repaired `{}` to `{}` in the {} meaning: the identifier of its English",
                        repair.before, repair.after, self.locale
                    ))
                    .at(at),
                );
            }
            target
        });
        targets.insert(segment.target_offset, target.clone());
        target
    }

    /// After the page's rows are read: the notes of its repairs, then a warning for every
    /// localized meaning that still lacks an identifier of its English, dropped when
    /// `translations` is strict.
    pub(crate) fn check_meanings(
        &self,
        rows: &mut [Row],
        translations: Translations,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        diagnostics.append(&mut self.repairs.notes.borrow_mut());
        if self.locale == ENGLISH {
            return;
        }
        // A code listed twice keeps its first row's meanings (the merge warns): a later row's
        // translation must not stand in for the first one's, dropped.
        let mut first_dropped: BTreeMap<String, bool> = BTreeMap::new();
        for row in rows.iter_mut() {
            if let Some(&dropped) = first_dropped.get(row.name.as_str()) {
                if dropped {
                    row.meanings.retain(|(locale, _)| *locale != self.locale);
                }
                continue;
            }
            let dropped = self.check_row(row, translations, diagnostics);
            first_dropped.insert(row.name.clone(), dropped);
        }
    }

    /// Whether the row's localized meaning was dropped.
    fn check_row(
        &self,
        row: &mut Row,
        translations: Translations,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> bool {
        let Some((_, english)) = row.meanings.iter().find(|(locale, _)| locale == ENGLISH) else {
            return false;
        };
        let Some((_, localized)) = row
            .meanings
            .iter()
            .find(|(locale, _)| *locale == self.locale)
        else {
            return false;
        };
        let missing = doccodes_l10n::missing_identifiers(english, localized);
        if missing.is_empty() {
            return false;
        }
        let missing: Vec<String> = missing.iter().map(|word| format!("`{word}`")).collect();
        let what = match translations {
            Translations::Repaired => "kept as it is (`translations: repaired`)",
            Translations::Strict => {
                "dropped: the code's message falls back to English (`translations: strict`)"
            }
        };
        diagnostics.push(
            Diagnostic::warning(format!(
                "the {} meaning of `{}` lacks {} of its English, and no repair is certain; {what}",
                self.locale,
                row.name,
                missing.join(", ")
            ))
            .at(row.at.clone()),
        );
        if translations == Translations::Strict {
            row.meanings.retain(|(locale, _)| *locale != self.locale);
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use crate::{PageInput, Translations, extract_with};

    const PAGE: &str = "---\nms.contentlocale: zh-tw\n---\n\n| Name | Meaning |\n|---|---|\n| <span data-ttu-id=\"ab12c-101\">秒 \\_ E \\_ 確定</span><span class=\"sxs-lookup\"><span data-stu-id=\"ab12c-101\">SEC\\_E\\_OK</span></span> | <span data-ttu-id=\"ab12c-102\">呼叫 InitializeSecurityCoNtext 之後再呼叫 initializesecuritycontext。</span><span class=\"sxs-lookup\"><span data-stu-id=\"ab12c-102\">Call InitializeSecurityContext, then InitializeSecurityContext again.</span></span> |\n| <span data-ttu-id=\"ab12c-103\">SEC \\_ E \\_ 失敗</span><span class=\"sxs-lookup\"><span data-stu-id=\"ab12c-103\">SEC\\_E\\_FAIL</span></span> | <span data-ttu-id=\"ab12c-104\">傳回錯誤 _ 呼叫 _ 未實作。</span><span class=\"sxs-lookup\"><span data-stu-id=\"ab12c-104\">Returns ERROR\\_CALL\\_NOT\\_IMPLEMENTED.</span></span> |\n";

    fn said(translations: Translations) -> (Vec<(String, Option<String>)>, Vec<String>) {
        let page = PageInput {
            path: "codes.zh-tw.md",
            text: PAGE,
        };
        let extraction = extract_with("codes", &[page], &[], &[], translations);
        let model = extraction.model.unwrap();
        let meanings = model
            .entries
            .iter()
            .map(|entry| (entry.name.clone(), entry.meaning.get("zh-TW").cloned()))
            .collect();
        let diagnostics = extraction
            .diagnostics
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap();
                format!(
                    "{} {}:{}: {}",
                    d.severity.label(),
                    at.line,
                    at.column,
                    d.message
                )
            })
            .collect();
        (meanings, diagnostics)
    }

    #[test]
    fn meanings_are_repaired_and_one_still_lacking_an_identifier_is_kept_or_dropped() {
        let (meanings, diagnostics) = said(Translations::Repaired);
        assert_eq!(
            meanings,
            [
                (
                    "SEC_E_OK".to_owned(),
                    Some(
                        "呼叫 InitializeSecurityContext 之後再呼叫 InitializeSecurityContext。"
                            .to_owned()
                    )
                ),
                (
                    "SEC_E_FAIL".to_owned(),
                    Some("傳回錯誤 _ 呼叫 _ 未實作。".to_owned())
                ),
            ]
        );
        assert_eq!(
            diagnostics,
            [
                "info 7:167: repaired `InitializeSecurityCoNtext` to `InitializeSecurityContext` in the zh-TW meaning: the identifier of its English",
                "info 7:199: repaired `initializesecuritycontext` to `InitializeSecurityContext` in the zh-TW meaning: the identifier of its English",
                "warning 8:109: the zh-TW meaning of `SEC_E_FAIL` lacks `ERROR_CALL_NOT_IMPLEMENTED` of its English, and no repair is certain; kept as it is (`translations: repaired`)",
            ]
        );
        let (meanings, diagnostics) = said(Translations::Strict);
        assert_eq!(meanings[1], ("SEC_E_FAIL".to_owned(), None));
        assert!(meanings[0].1.is_some());
        assert!(
            diagnostics[2].starts_with("warning 8:109: the zh-TW meaning of `SEC_E_FAIL` lacks `ERROR_CALL_NOT_IMPLEMENTED` of its English, and no repair is certain; dropped: the code's message falls back to English"),
            "{diagnostics:?}"
        );
    }
}
