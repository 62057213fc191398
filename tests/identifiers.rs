//! Identifiers in localized messages: of the identifiers of each English meaning (as the
//! translation checker sorts words), how many reach the localized meaning verbatim, per locale,
//! on the corpus pages, one model per localized page as `cargo xtask model` makes them. The
//! figures are COVERAGE.md's "Identifiers in localized messages".

use doccodes_extract::{PageInput, Translations, extract_with, set_of};
use doccodes_model::ENGLISH;

use crate::support::{pages_under, read, workspace};

/// Per locale: identifiers of English meanings, those the localized meanings hold verbatim,
/// and the meanings a set drops.
#[derive(Debug, Default, PartialEq)]
struct Figure {
    identifiers: usize,
    reached: usize,
    meanings: usize,
    dropped: usize,
}

impl Figure {
    fn percent(&self) -> f64 {
        100.0 * self.reached as f64 / self.identifiers as f64
    }
}

/// The figure of `locale`'s corpus pages, each page a set of its own. A meaning dropped under
/// `strict` is the English one in the shipped messages: its identifiers all reach them.
fn figure(corpus: &std::path::Path, locale: &str, translations: Translations) -> Figure {
    let mut figure = Figure::default();
    for path in pages_under(&corpus.join(locale)) {
        let text = read(&path);
        let shown = path.to_str().unwrap();
        let input = PageInput {
            path: shown,
            text: &text,
        };
        let extraction = extract_with(&set_of(shown).0, &[input], &[], &[], translations);
        let model = extraction
            .model
            .unwrap_or_else(|_| panic!("{shown}: no model"));
        for entry in &model.entries {
            let english = &entry.meaning[ENGLISH];
            let identifiers = doccodes_l10n::identifiers(english).len();
            figure.identifiers += identifiers;
            match entry.meaning.iter().find(|(other, _)| *other != ENGLISH) {
                Some((_, localized)) => {
                    figure.meanings += 1;
                    let missing = doccodes_l10n::missing_identifiers(english, localized).len();
                    figure.reached += identifiers - missing;
                }
                None => {
                    figure.dropped += 1;
                    figure.reached += identifiers;
                }
            }
        }
    }
    figure
}

#[test]
fn identifiers_of_english_meanings_reach_the_localized_messages() {
    let corpus = workspace().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: ../shared/corpus is not there");
        return;
    }
    for locale in ["zh-tw", "de-de"] {
        // As `model` and a set without `translations:` make them: repaired where certain.
        let repaired = figure(&corpus, locale, Translations::Repaired);
        // As a set with `translations: strict` ships them.
        let strict = figure(&corpus, locale, Translations::Strict);
        eprintln!("{locale}: repaired {repaired:?}, strict {strict:?}");
        assert_eq!(
            repaired.dropped, 0,
            "{locale}: `repaired` keeps every meaning"
        );
        assert_eq!(strict.identifiers, repaired.identifiers);
        assert!(
            strict.percent() >= 99.0,
            "{locale}: {:.2}% of the identifiers reach the shipped messages",
            strict.percent()
        );
        // The rest need repairs that would be guesses: COVERAGE.md lists why, per meaning.
        assert!(
            repaired.percent() >= 88.0,
            "{locale}: {:.2}% reach the repaired meanings",
            repaired.percent()
        );
    }
}

/// `l10n --fix` reaches its fixed point in one run on every translated corpus page: the
/// repaired page has nothing left to repair.
#[test]
fn fix_repairs_every_corpus_page_in_one_run() {
    let corpus = workspace().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: ../shared/corpus is not there");
        return;
    }
    let config = doccodes_l10n::Config::default();
    let mut repairs = 0;
    for locale in ["zh-tw", "de-de"] {
        for path in pages_under(&corpus.join(locale)) {
            let text = read(&path);
            let shown = path.to_str().unwrap();
            let Some((repaired, made)) = doccodes_l10n::repair(shown, &text, &config) else {
                continue;
            };
            repairs += made.len();
            assert_eq!(
                doccodes_l10n::repair(shown, &repaired, &config),
                None,
                "{shown}: a second run repairs more"
            );
        }
    }
    assert!(repairs > 100, "{repairs}");
}
