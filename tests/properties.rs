//! Properties over generated inputs: the page reader and the checks take any text without a
//! panic and with every range inside it; a model saved and loaded is the same model; emitting is
//! a function of the model alone.

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
        let review = doccodes_l10n::review("p.zh-tw.md", &text, Some(&text), &Default::default());
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

    #[test]
    fn emitting_depends_on_the_model_alone(model in model()) {
        prop_assert_eq!(
            doccodes_emit_rust::file(&model, "m").ok(),
            doccodes_emit_rust::file(&model.clone(), "m").ok()
        );
        prop_assert_eq!(doccodes_emit_c::header(&model, "m"), doccodes_emit_c::header(&model, "m"));
        prop_assert_eq!(
            doccodes_emit_markdown::files(&model, "m"),
            doccodes_emit_markdown::files(&model, "m")
        );
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
