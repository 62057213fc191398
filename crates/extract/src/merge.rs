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
            if let Some(value) = facts.value_of(&fact.name) {
                self.drafts[index]
                    .values
                    .push((value, fact.location.clone()));
            }
        }
    }

    /// One entry per name, in page order; a name with two values is an error naming both.
    /// `kind`, from the facts, overrides the rule each entry's kind is inferred by
    /// ([`Kind::infer`], then: on a set whose codes are mostly Win32, any other 16-bit value,
    /// a plain integer or an HRESULT by its name alone, is Win32 too: `WAIT_TIMEOUT` and
    /// `SCHED_E_SERVICE_NOT_LOCALSYSTEM` among the System Error Codes).
    pub fn entries(mut self, kind: Option<Kind>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Entry> {
        let mut entries: Vec<Entry> = self
            .drafts
            .into_iter()
            .map(|draft| {
                let value = draft.value(diagnostics);
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
        let win32 = entries
            .iter()
            .filter(|entry| entry.kind == Some(Kind::Win32))
            .count();
        if kind.is_none() && win32 * 2 > entries.len() {
            for entry in &mut entries {
                let other = matches!(entry.kind, Some(Kind::Int | Kind::Hresult));
                if other && entry.value.is_some_and(|v| v <= 0xFFFF) {
                    entry.kind = Some(Kind::Win32);
                }
            }
        }
        entries
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

    /// The one value all sources agree on; two different ones are an error naming both.
    fn value(&self, diagnostics: &mut Vec<Diagnostic>) -> Option<u32> {
        let (first, first_at) = self.values.first()?;
        if let Some((other, other_at)) = self.values.iter().find(|(value, _)| value != first) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "`{}` has two values: 0x{first:08X} and 0x{other:08X}",
                    self.name
                ))
                .at(other_at.clone())
                .related(first_at.clone(), format!("0x{first:08X} here"))
                .help("correct the wrong source: the facts file, or the page"),
            );
        }
        Some(*first)
    }
}
