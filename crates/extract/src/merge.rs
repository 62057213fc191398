//! The rows of every page of a set merged into one entry per name, under the policy each page
//! is read with; then the facts. Nothing is merged silently: a translation that disagrees with
//! today's English, a name listed twice, two values are diagnostics naming both places.

use std::collections::{BTreeMap, HashMap, HashSet};

use doccodes_diagnostic::{Diagnostic, Location};
use doccodes_model::{ENGLISH, Entry, Kind};

use crate::facts::{FactValue, Facts};
use crate::read::ReadPage;
use crate::rows::Row;

/// How far a page is trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Policy {
    /// Today's English (or, without an English page, any page): it says which codes there are,
    /// their values and their English.
    Authoritative,
    /// A translation checked against today's English page: it adds its own locale's meanings
    /// only; its extra rows, missing rows, older English and other values are warnings.
    Translation,
}

/// The entries so far, in the order pages first list them.
#[derive(Default)]
pub(crate) struct Merge {
    drafts: Vec<Draft>,
    by_name: HashMap<String, usize>,
    aliases: HashMap<String, String>,
}

/// A code as the pages give it, before the sources are merged.
struct Draft {
    name: String,
    heading: BTreeMap<String, String>,
    /// Every value given, with where it was given.
    values: Vec<(u32, Location)>,
    meaning: BTreeMap<String, String>,
    /// Per locale, where the name was first listed.
    seen_on: HashMap<String, Location>,
    /// A facts file's value that overrides the pages', where it is, and why.
    correction: Option<(u32, Location, String)>,
}

impl Merge {
    /// Adds the rows of `page`, read under `policy`.
    pub fn page(
        &mut self,
        page: &ReadPage<'_>,
        rows: Vec<Row>,
        policy: Policy,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if policy == Policy::Translation {
            self.missing_from(page, &rows, diagnostics);
        }
        for row in rows {
            if policy == Policy::Translation && !self.by_name.contains_key(&row.name) {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "`{}` is in this translation but not on today's English page; it is not in the model",
                        row.name
                    ))
                    .at(row.at.clone()),
                );
                continue;
            }
            let index = *self.by_name.entry(row.name.clone()).or_insert_with(|| {
                self.drafts.push(Draft {
                    name: row.name.clone(),
                    heading: BTreeMap::new(),
                    values: Vec::new(),
                    meaning: BTreeMap::new(),
                    seen_on: HashMap::new(),
                    correction: None,
                });
                self.drafts.len() - 1
            });
            self.drafts[index].add(page, row, policy, diagnostics);
        }
    }

    /// A translation that lacks some of today's English codes is older than the English page.
    fn missing_from(&self, page: &ReadPage<'_>, rows: &[Row], diagnostics: &mut Vec<Diagnostic>) {
        let here: HashSet<&str> = rows.iter().map(|row| row.name.as_str()).collect();
        let missing: Vec<&str> = self
            .drafts
            .iter()
            .map(|draft| draft.name.as_str())
            .filter(|name| !here.contains(name))
            .collect();
        if !missing.is_empty() {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "this {} translation lacks {} of today's English codes: {}",
                    page.locale,
                    missing.len(),
                    missing.join(", ")
                ))
                .at(page.page.location(page.path, 0))
                .help("the translation is older than the English page; their meanings stay untranslated"),
            );
        }
    }

    /// The values a page read for values only gives this set's codes.
    pub fn values(&mut self, rows: Vec<Row>) {
        for row in rows {
            if let (Some(&index), Some(value)) = (self.by_name.get(&row.name), row.value) {
                self.drafts[index].values.push(value);
            }
        }
    }

    /// The values and aliases of a facts file; a fact about a code no page lists is an error.
    pub fn facts(&mut self, facts: &Facts, diagnostics: &mut Vec<Diagnostic>) {
        for fact in &facts.codes {
            let Some(&index) = self.by_name.get(&fact.name) else {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "`{}` is in the facts file but on no page",
                        fact.name
                    ))
                    .at(fact.location.clone())
                    .help("check the name's spelling, or remove the line"),
                );
                continue;
            };
            if let FactValue::AliasOf(other) = &fact.value {
                self.aliases.insert(fact.name.clone(), other.clone());
            }
            let draft = &mut self.drafts[index];
            match (facts.value_of(&fact.name), &fact.overrides) {
                (Some(value), Some(reason)) => {
                    draft.correction = Some((value, fact.location.clone(), reason.clone()));
                }
                (Some(value), None) => draft.values.push((value, fact.location.clone())),
                (None, _) => {}
            }
        }
    }

    /// One entry per name, in page order; a name with two values is an error naming both.
    /// `kind`, from the facts, overrides the rule each entry's kind is inferred by
    /// ([`Kind::infer`], then: on a set whose codes are mostly Win32, any other 16-bit value,
    /// a plain integer or an HRESULT by its name alone, is Win32 too: `WAIT_TIMEOUT` and
    /// `SCHED_E_SERVICE_NOT_LOCALSYSTEM` among the System Error Codes; on a set whose codes are
    /// mostly HRESULTs, a plain integer is an HRESULT too: `PDH_CSTATUS_VALID_DATA` 0).
    ///
    /// Also where each entry's value was given, for comparisons that name the place.
    pub fn entries(
        mut self,
        kind: Option<Kind>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Vec<Entry>, BTreeMap<String, Location>) {
        let mut places = BTreeMap::new();
        let mut entries: Vec<Entry> = self
            .drafts
            .into_iter()
            .map(|draft| {
                let value = draft.value(diagnostics).map(|(value, at)| {
                    places.insert(draft.name.clone(), at);
                    value
                });
                Entry {
                    alias_of: self.aliases.remove(&draft.name),
                    kind: Some(kind.unwrap_or_else(|| Kind::infer(&draft.name, value))),
                    value,
                    name: draft.name,
                    meaning: draft.meaning,
                    heading: draft.heading,
                }
            })
            .collect();
        let count = |kind: Kind| {
            entries
                .iter()
                .filter(|entry| entry.kind == Some(kind))
                .count()
        };
        let (win32, hresult) = (count(Kind::Win32), count(Kind::Hresult));
        if kind.is_none() && win32 * 2 > entries.len() {
            for entry in &mut entries {
                let other = matches!(entry.kind, Some(Kind::Int | Kind::Hresult));
                if other && entry.value.is_some_and(|v| v <= 0xFFFF) {
                    entry.kind = Some(Kind::Win32);
                }
            }
        } else if kind.is_none() && hresult * 2 > entries.len() {
            // `PDH_CSTATUS_VALID_DATA` 0 among `PDH_CSTATUS_NO_MACHINE` 0x800007D0: every
            // 32-bit value is an HRESULT, the success ones positive.
            for entry in &mut entries {
                if entry.kind == Some(Kind::Int) {
                    entry.kind = Some(Kind::Hresult);
                }
            }
        }
        (entries, places)
    }
}

impl Draft {
    fn add(
        &mut self,
        page: &ReadPage<'_>,
        row: Row,
        policy: Policy,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let translation = policy == Policy::Translation;
        if let Some(first) = self.seen_on.get(&page.locale) {
            diagnostics.push(
                Diagnostic::warning(format!("`{}` is listed twice on this page", row.name))
                    .at(row.at.clone())
                    .related(first.clone(), "first here"),
            );
        } else {
            self.seen_on.insert(page.locale.clone(), row.at.clone());
        }
        match row.value {
            // The value in a translation is its English's: older than today's page.
            Some((value, at)) if translation => {
                if let Some((now, _)) = self.values.iter().find(|(now, _)| *now != value) {
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "this {} translation gives `{}` the value 0x{value:08X}; today's English page gives 0x{now:08X}",
                            page.locale, self.name
                        ))
                        .at(at)
                        .help("the English page wins: the translation is older"),
                    );
                }
            }
            Some(value) => self.values.push(value),
            None => {}
        }
        for (locale, heading) in row.heading {
            if !(translation && locale == ENGLISH) {
                self.heading.entry(locale).or_insert(heading);
            }
        }
        for (locale, meaning) in row.meanings {
            if translation && locale == ENGLISH {
                // The English this translation was made from.
                if let Some(now) = self.meaning.get(ENGLISH)
                    && *now != meaning
                {
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "the {} meaning of `{}` translates older English: \"{meaning}\"",
                            page.locale, self.name
                        ))
                        .at(row.at.clone())
                        .help(format!(
                            "today's English is \"{now}\"; the translation is kept, and is stale"
                        )),
                    );
                }
                continue;
            }
            self.meaning.entry(locale).or_insert(meaning);
        }
    }

    /// The one value all sources agree on, and where it was given; two different ones are an
    /// error naming both. A facts file's override wins, and each page value it overrides is
    /// noted; an override no page needs is a warning.
    fn value(&self, diagnostics: &mut Vec<Diagnostic>) -> Option<(u32, Location)> {
        if let Some((value, at, reason)) = &self.correction {
            let mut overridden: Vec<&(u32, Location)> = self
                .values
                .iter()
                .filter(|(other, _)| other != value)
                .collect();
            overridden.dedup_by_key(|(other, _)| *other);
            if overridden.is_empty() {
                let now = match self.values.first() {
                    Some(_) => format!("the pages now give 0x{value:08X} too"),
                    None => "no page gives a value".to_owned(),
                };
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "the override of `{}` is no longer needed: {now}",
                        self.name
                    ))
                    .at(at.clone())
                    .help("remove `override:` and its reason"),
                );
            }
            for (other, other_at) in overridden {
                diagnostics.push(
                    Diagnostic::info(format!(
                        "`{}` is documented as 0x{other:08X}; the facts file overrides it with 0x{value:08X}: {reason}",
                        self.name
                    ))
                    .at(other_at.clone())
                    .related(at.clone(), "overridden here"),
                );
            }
            return Some((*value, at.clone()));
        }
        let (first, first_at) = self.values.first()?;
        if let Some((other, other_at)) = self.values.iter().find(|(value, _)| value != first) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "`{}` has two values: 0x{first:08X} and 0x{other:08X}",
                    self.name
                ))
                .at(other_at.clone())
                .related(first_at.clone(), format!("0x{first:08X} here"))
                .help("correct the wrong source: the facts file, or the page; or, where the page is known wrong, end the facts line with `override:` and why"),
            );
        }
        Some((*first, first_at.clone()))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Facts, PageInput, extract};

    const PAGE: &str =
        "| Name | Value | Meaning |\n|---|---|---|\n| E_INVALIDARG | 0x80000003 | Bad. |\n";

    fn messages(facts: &str) -> (Option<u32>, Vec<String>) {
        let page = PageInput {
            path: "codes.md",
            text: PAGE,
        };
        let facts = Facts::parse("codes.facts", facts).unwrap();
        let extraction = extract("codes", &[page], &[facts], &[]);
        let shown = extraction
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.location.as_ref().unwrap(), d.message))
            .collect();
        (extraction.model.unwrap().entries[0].value, shown)
    }

    #[test]
    fn an_override_wins_and_says_which_documented_value_it_corrects() {
        let (value, shown) =
            messages("E_INVALIDARG 0x80070057 override: the page gives the 16-bit OLE value\n");
        assert_eq!(value, Some(0x8007_0057));
        assert_eq!(
            shown,
            [
                "codes.md:3:18: `E_INVALIDARG` is documented as 0x80000003; the facts file overrides it with 0x80070057: the page gives the 16-bit OLE value"
            ]
        );
    }

    #[test]
    fn an_override_the_docs_no_longer_need_is_a_warning() {
        let (value, shown) = messages("E_INVALIDARG 0x80000003 override: was wrong once\n");
        assert_eq!(value, Some(0x8000_0003));
        assert_eq!(
            shown,
            [
                "codes.facts:1:1: the override of `E_INVALIDARG` is no longer needed: the pages now give 0x80000003 too"
            ]
        );
    }

    #[test]
    fn without_override_a_facts_value_that_differs_is_an_error() {
        let page = PageInput {
            path: "codes.md",
            text: PAGE,
        };
        let facts = Facts::parse("codes.facts", "E_INVALIDARG 0x80070057\n").unwrap();
        let extraction = extract("codes", &[page], &[facts], &[]);
        assert!(extraction.model.is_err());
        assert!(extraction.diagnostics[0].message.contains("has two values"));
    }
}
