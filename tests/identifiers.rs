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
    // Per locale: identifiers of English meanings, those the repaired meanings hold, and the
    // meanings (of 1,648) a strict set drops for English. Exact, so that a repair lost or a
    // meaning dropped for nothing fails here; COVERAGE.md says why each of the rest is left.
    for (locale, identifiers, reached, dropped) in
        [("zh-tw", 198, 180, 11), ("de-de", 198, 176, 17)]
    {
        // As `model PAGE` makes them, and a set with `translations: repaired`.
        let repaired = figure(&corpus, locale, Translations::Repaired);
        // As a set ships them by default (`translations: strict`).
        let strict = figure(&corpus, locale, Translations::Strict);
        assert_eq!(
            (repaired.identifiers, repaired.reached, repaired.dropped),
            (identifiers, reached, 0),
            "{locale}: repaired {repaired:?}"
        );
        assert_eq!(strict.identifiers, identifiers);
        assert_eq!(strict.dropped, dropped, "{locale}: strict {strict:?}");
        // What strict drops is exactly what repair could not mend: every identifier ships.
        assert_eq!(strict.reached, identifiers, "{locale}: strict {strict:?}");
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
