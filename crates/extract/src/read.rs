//! A page of a set read for extraction: parsed, its front matter read, its locale known.

use std::cell::OnceCell;

use doccodes_diagnostic::{Diagnostic, Location};
use doccodes_front_matter::Locale;
use doccodes_inline::plain_text;
use doccodes_model::{ENGLISH, Mapping, parse_front_matter};
use doccodes_page::{Context, Page, Side};

use crate::repair::Repairs;
use crate::rows::Section;
use crate::{PageInput, set_of};

/// A page of the set, parsed, with the locale its front matter and file name agree on.
pub(crate) struct ReadPage<'a> {
    pub path: &'a str,
    pub page: Page<'a>,
    pub locale: String,
    pub front_matter: Mapping,
    /// Filled by `ReadPage::sections` the first time a table or list asks.
    pub sections: OnceCell<Vec<Section>>,
    /// The targets of the segments meanings were read from, repaired.
    pub repairs: Repairs,
}

/// Parses `input` and reads its front matter; `None` when the page cannot be trusted (a
/// malformed segment, a locale its file name contradicts), with the errors in `diagnostics`.
pub(crate) fn read_page<'a>(
    input: &PageInput<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ReadPage<'a>> {
    let page = Page::parse(input.text);
    let mut errors = page.problem_diagnostics(input.path);
    let front_matter = match page.front_matter {
        None => Mapping::new(),
        Some(front) => parse_front_matter(front.yaml).unwrap_or_else(|(message, line, column)| {
            let (first_line, _) = page.line_column(front.offset);
            errors.push(
                Diagnostic::error(format!("invalid front matter: {message}")).at(
                    Location::at_line_column(input.path, input.text, first_line + line - 1, column),
                ),
            );
            Mapping::new()
        }),
    };
    let declared = front_matter
        .get("ms.contentlocale")
        .and_then(|value| value.as_str())
        .map(|tag| Locale::new(tag).tag);
    let named = set_of(input.path).1;
    if let Some(declared) = &declared
        && !Locale::is_tag(declared)
    {
        errors.push(
            Diagnostic::error(format!("`ms.contentlocale: {declared}` is not a locale"))
                .at(page.location(input.path, page.front_matter.map_or(0, |f| f.offset))),
        );
    }
    let locale = declared.clone().unwrap_or_else(|| ENGLISH.to_owned());
    if let (Some(declared), Some(named)) = (&declared, &named)
        && declared != named
    {
        errors.push(
            Diagnostic::error(format!(
                "the file name says {named} but `ms.contentlocale` says {declared}"
            ))
            .at(page.location(input.path, page.front_matter.map_or(0, |f| f.offset))),
        );
    }
    if declared.is_none() && !page.segments.is_empty() {
        errors.push(
            Diagnostic::error(
                "a translated page (it has bilingual segments) without `ms.contentlocale`",
            )
            .at(page.location(input.path, page.segments[0].markup.start)),
        );
    }
    if !errors.is_empty() {
        diagnostics.append(&mut errors);
        return None;
    }
    Some(ReadPage {
        path: input.path,
        page,
        locale,
        front_matter,
        sections: OnceCell::new(),
        repairs: Repairs::default(),
    })
}

impl ReadPage<'_> {
    /// The sides this page has text for: an English page has only its source.
    pub fn sides(&self) -> &'static [Side] {
        if self.locale == ENGLISH {
            &[Side::Source]
        } else {
            &[Side::Source, Side::Target]
        }
    }

    pub fn locale_of(&self, side: Side) -> &str {
        match side {
            Side::Source => ENGLISH,
            Side::Target => &self.locale,
        }
    }

    pub fn title(&self, side: Side) -> Option<String> {
        let heading = self.page.headings.iter().find(|heading| heading.level == 1);
        let from_heading = heading.map(|heading| {
            let lines = self
                .page
                .lines(heading.content.clone(), side, Context::Heading);
            lines
                .iter()
                .map(|line| plain_text(line, " "))
                .collect::<Vec<_>>()
                .join(" ")
        });
        from_heading.filter(|title| !title.is_empty()).or_else(|| {
            // The front matter's title is in the page's own language.
            (self.locale_of(side) == self.locale)
                .then(|| self.front_matter.get("title")?.as_str().map(str::to_owned))
                .flatten()
        })
    }
}
