//! `cargo xtask model` given the English page and its translations, in any order: one set,
//! entries matched by identifier with a meaning per locale; today's English wins, and what a
//! translation has that the English lacks, or lacks, or translates from older English, is said
//! with file and line.

use std::fs;

use doccodes_model::Model;

use crate::support::{shared, workspace, xtask};

fn merged(pages: &[String]) -> (Model, String) {
    let mut args = vec!["model".to_owned()];
    args.extend(pages.iter().cloned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = xtask(&workspace(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (Model::from_yaml("stdout", &run.stdout).unwrap(), run.stderr)
}

fn corpus(locale: &str, page: &str) -> String {
    shared()
        .join(format!("corpus/{locale}/desktop-src/{page}.md"))
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn the_seed_with_english_and_german_has_every_meaning_in_every_locale() {
    if !crate::support::has_shared() {
        return;
    }
    let (model, _) = merged(&[
        "docs-src/sspi-status-codes.zh-tw.md".into(),
        corpus("en-us", "SecAuthN/sspi-status-codes"),
        corpus("de-de", "SecAuthN/sspi-status-codes"),
    ]);
    assert_eq!(model.entries.len(), 77);
    for entry in &model.entries {
        let locales: Vec<&str> = entry.meaning.keys().map(String::as_str).collect();
        assert_eq!(locales, ["de-DE", "en-US", "zh-TW"], "{}", entry.name);
    }
    assert_eq!(model.locales(), ["en-US", "de-DE", "zh-TW"]);
}

#[test]
fn the_order_of_the_pages_does_not_matter() {
    if !crate::support::has_shared() {
        return;
    }
    let page = "Msi/error-codes";
    let (a, _) = merged(&[
        corpus("zh-tw", page),
        corpus("en-us", page),
        corpus("de-de", page),
    ]);
    let (b, _) = merged(&[
        corpus("de-de", page),
        corpus("zh-tw", page),
        corpus("en-us", page),
    ]);
    assert_eq!(a.entries, b.entries);
    assert_eq!(a.title, b.title);
}

#[test]
fn today_english_wins_and_stale_translations_are_said() {
    if !crate::support::has_shared() {
        return;
    }
    let page = "Msi/error-codes";
    let (model, warnings) = merged(&[corpus("en-us", page), corpus("zh-tw", page)]);
    let english = Model::from_yaml(
        "en",
        &xtask(&workspace(), &["model", &corpus("en-us", page)]).stdout,
    )
    .unwrap();
    for (merged, alone) in model.entries.iter().zip(&english.entries) {
        assert_eq!(merged.meaning["en-US"], alone.meaning["en-US"]);
        assert!(merged.meaning.contains_key("zh-TW"), "{}", merged.name);
    }
    assert!(
        warnings.contains(
            "warning: the zh-TW meaning of `ERROR_UNKNOWN_FEATURE` translates older English: \"The feature identifier is not registered.\""
        ),
        "{warnings}"
    );
    assert!(
        warnings.contains("zh-tw/desktop-src/Msi/error-codes.md:"),
        "{warnings}"
    );

    let page = "TBS/tbs-return-codes";
    let (model, warnings) = merged(&[corpus("en-us", page), corpus("de-de", page)]);
    assert_eq!(
        model.entry("TBS_E_PROVISIONING_INCOMPLETE").unwrap().value,
        Some(0x8028_4016)
    );
    assert!(warnings.contains(
        "this de-DE translation gives `TBS_E_PROVISIONING_INCOMPLETE` the value 0x80284015; today's English page gives 0x80284016"
    ));

    let page = "SecAuthN/schannel-error-codes-for-tls-and-ssl-alerts";
    let (model, warnings) = merged(&[corpus("zh-tw", page), corpus("en-us", page)]);
    assert_eq!(model.entries.len(), 26);
    assert!(warnings.contains(
        "warning: this zh-TW translation lacks 2 of today's English codes: TLS1_ALERT_UNKNOWN_PSK_IDENTITY, TLS1_ALERT_NO_APP_PROTOCOL"
    ), "{warnings}");
}

#[test]
fn a_translation_with_a_row_the_english_lacks_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let english = dir.path().join("codes.md");
    let german = dir.path().join("codes.de-de.md");
    fs::write(
        &english,
        "# Codes\n\n| Name | Value | Meaning |\n|---|---|---|\n| X_E_ONE | 1 | One. |\n",
    )
    .unwrap();
    let row = |id: u32, name: &str, value: u32, meaning: &str, german: &str| {
        format!(
            "| <span data-ttu-id=\"aa11a-{id}\">{name}</span><span class=\"sxs-lookup\"><span data-stu-id=\"aa11a-{id}\">{name}</span></span> | {value} | <span data-ttu-id=\"aa11a-{}\">{german}</span><span class=\"sxs-lookup\"><span data-stu-id=\"aa11a-{}\">{meaning}</span></span> |\n",
            id + 1,
            id + 1
        )
    };
    fs::write(
        &german,
        format!(
            "---\nms.contentlocale: de-DE\n---\n\n# Codes\n\n| Name | Value | Meaning |\n|---|---|---|\n{}{}",
            row(101, "X\\_E\\_ONE", 1, "One.", "Eins."),
            row(103, "X\\_E\\_TWO", 2, "Two.", "Zwei.")
        ),
    )
    .unwrap();
    let (model, warnings) = merged(&[
        german.to_str().unwrap().to_owned(),
        english.to_str().unwrap().to_owned(),
    ]);
    assert_eq!(model.entries.len(), 1);
    assert_eq!(model.entries[0].meaning["de-DE"], "Eins.");
    assert!(
        warnings.contains(
            "warning: `X_E_TWO` is in this translation but not on today's English page; it is not in the model"
        ),
        "{warnings}"
    );
    assert!(warnings.contains("codes.de-de.md:10:104"), "{warnings}");
}
