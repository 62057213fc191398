//! Properties over generated inputs: the page reader and the checks take any text without a
//! panic and with every range inside it; a model saved and loaded is the same model; every code
//! is emitted in every target, from the model alone.

use std::collections::BTreeMap;

use doccodes_model::{Entry, Model, SCHEMA};
use doccodes_page::Page;
use proptest::prelude::*;

/// Text made of what pages are made of, in any order: span markup, table pipes, escapes, HTML
/// tags, front matter fences, CJK, line ends of both kinds, and arbitrary characters.
fn page_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("<span data-ttu-id=\"a-1\">".to_owned()),
        Just("</span>".to_owned()),
        Just("<span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">".to_owned()),
        Just("| ".to_owned()),
        Just("|---|".to_owned()),
        Just("\\_".to_owned()),
        Just("<dl><dt>".to_owned()),
        Just("</dt></dl>".to_owned()),
        Just("<table><tr><td>".to_owned()),
        Just("---\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n".to_owned()),
        Just("SEC_E_OK".to_owned()),
        Just("秒 \\_ E".to_owned()),
        Just("](a.md)".to_owned()),
        Just("```".to_owned()),
        any::<String>(),
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn the_page_reader_takes_any_text(text in page_text()) {
        let page = Page::parse(&text);
        for segment in &page.segments {
            prop_assert!(segment.markup.end <= text.len());
            prop_assert!(text.is_char_boundary(segment.target_offset));
            prop_assert!(text.is_char_boundary(segment.source_offset));
        }
        for table in &page.tables {
            for cell in table.rows.iter().flat_map(|row| &row.cells).chain(&table.header) {
                prop_assert!(cell.content.end <= text.len());
            }
        }
        // Every check, those off by default too, as the page fuzz target runs them.
        let every_check = doccodes_l10n::Config {
            only: doccodes_l10n::Check::ALL.to_vec(),
            ..Default::default()
        };
        let review = doccodes_l10n::review("p.zh-tw.md", &text, Some(&text), &every_check);
        for finding in &review.findings {
            prop_assert!(finding.line >= 1 && finding.column >= 1);
            if let (Some(target), Some(mark)) = (&finding.target, &finding.mark) {
                prop_assert!(mark.end <= target.len());
            }
        }
    }

    #[test]
    fn any_bytes_are_read_or_refused_with_a_place(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        match doccodes_diagnostic::decode_utf8("p.md", bytes) {
            Ok(text) => {
                Page::parse(&text);
            }
            Err(error) => prop_assert!(error.location.is_some()),
        }
    }

    #[test]
    fn a_model_saved_and_loaded_is_the_same_model(model in model()) {
        let yaml = model.to_yaml();
        let back = Model::from_yaml("m.yaml", &yaml).unwrap();
        prop_assert_eq!(&back, &model);
        prop_assert_eq!(back.to_yaml(), yaml);
    }

    /// Each emitter writes every code, and writes it from the model alone: the model read back
    /// from its YAML (what gen hands the emitters, and the macro reads) gives the same bytes.
    #[test]
    fn every_code_is_emitted_in_every_target_from_the_model_alone(model in model()) {
        let rust = match doccodes_emit_rust::file(&model, "m") {
            Ok(rust) => rust,
            // A Rust enum needs a value; that is the one model it refuses, and says why.
            Err(error) if model.entries.iter().all(|entry| entry.value.is_none()) => {
                prop_assert_eq!(
                    error.message,
                    format!(
                        "no code of `{}` has a value, so there is no Rust enum to make: give values in its facts file",
                        model.id
                    )
                );
                String::new()
            }
            Err(error) => return Err(TestCaseError::fail(error.message)),
        };
        let header = doccodes_emit_c::header(&model, "m");
        let markdown = doccodes_emit_markdown::files(&model, "m");
        prop_assert!(!markdown.is_empty());
        for entry in &model.entries {
            let name = &entry.name;
            if entry.value.is_some() {
                prop_assert!(rust.contains(&format!("pub const {name}: ")), "{name}\n{rust}");
                prop_assert!(header.contains(&format!("#define {name} ")), "{name}\n{header}");
            }
            for (path, text) in &markdown {
                prop_assert!(text.contains(&format!("| `{name}` |")), "{name}: {path}\n{text}");
            }
        }
        let back = Model::from_yaml("m.yaml", &model.to_yaml())
            .map_err(|error| TestCaseError::fail(format!("{error:?}")))?;
        prop_assert_eq!(doccodes_emit_rust::file(&back, "m").unwrap_or_default(), rust);
        prop_assert_eq!(doccodes_emit_c::header(&back, "m"), header);
        prop_assert_eq!(doccodes_emit_markdown::files(&back, "m"), markdown);
    }
}

fn model() -> impl Strategy<Value = Model> {
    let entry = (
        "[A-Z][A-Z0-9_]{0,20}",
        proptest::option::of(any::<u32>()),
        proptest::collection::btree_map("(en-US|zh-TW|de-DE|ja-JP)", "(\\PC|\n|\t| ){0,40}", 0..3),
    );
    (
        "[a-z][a-z0-9-]{0,12}",
        proptest::collection::vec(entry, 1..12),
        "\\PC{0,30}",
    )
        .prop_map(|(id, entries, title)| {
            let mut seen = std::collections::HashSet::new();
            Model {
                schema: SCHEMA,
                symbol: id.replace('-', "_"),
                id,
                title: [("en-US".to_owned(), title)].into(),
                header: None,
                url: None,
                sources: Vec::new(),
                entries: entries
                    .into_iter()
                    .filter(|(name, _, _)| seen.insert(name.clone()))
                    .map(|(name, value, meaning)| Entry {
                        name,
                        value,
                        alias_of: None,
                        meaning,
                        heading: BTreeMap::new(),
                        kind: Some(doccodes_model::Kind::Int),
                    })
                    .collect(),
            }
        })
}
