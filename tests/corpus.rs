//! The page parser on every page of the shared corpus: English pages and their zh-TW and de-DE
//! machine translations, 16 tables of codes in every shape the docs use.

use doccodes_inline::{parse_markdown, to_markdown};
use doccodes_page::{Context, Page, Side};

use crate::support::{pages_under, read, shared, workspace, xtask};

/// The pages of the corpus, in every locale (not its README).
fn corpus_pages() -> Vec<std::path::PathBuf> {
    let mut pages = Vec::new();
    for locale in ["en-us", "zh-tw", "de-de"] {
        pages.extend(pages_under(&shared().join("corpus").join(locale)));
    }
    pages
}

#[test]
fn every_corpus_page_reads_without_a_problem_and_with_every_segment() {
    let pages = corpus_pages();
    assert_eq!(pages.len(), 48, "16 pages in 3 locales");
    for path in &pages {
        let text = read(path);
        let page = Page::parse(&text);
        let shown = path.display();
        assert!(page.problems.is_empty(), "{shown}: {:?}", page.problems);
        assert!(page.front_matter.is_some(), "{shown}: no front matter");
        assert!(!page.tables.is_empty(), "{shown}: no table");
        // Counted independently of the parser: every data-ttu-id opens one segment.
        let expected = text.matches("<span data-ttu-id=").count();
        assert_eq!(page.segments.len(), expected, "{shown}");
        let english = path.components().any(|c| c.as_os_str() == "en-us");
        assert_eq!(
            english,
            expected == 0,
            "{shown}: only English pages lack segments"
        );
        for segment in &page.segments {
            assert_eq!(
                &text[segment.source_offset..][..segment.source.len()],
                segment.source
            );
            let prefix = page.segments[0].id.split('-').next();
            assert_eq!(
                segment.id.split('-').next(),
                prefix,
                "{shown}: one id prefix a page"
            );
        }
    }
}

#[test]
fn every_cell_reads_on_both_sides_and_its_markdown_reads_back_the_same() {
    let mut lines = 0;
    for path in corpus_pages() {
        let text = read(&path);
        let page = Page::parse(&text);
        for table in &page.tables {
            let cells = table
                .header
                .iter()
                .chain(table.rows.iter().flat_map(|row| &row.cells));
            for cell in cells {
                for side in [Side::Source, Side::Target] {
                    for line in page.lines(cell.content.clone(), side, Context::TableCell) {
                        let markdown = to_markdown(&line);
                        assert_eq!(
                            parse_markdown(&markdown),
                            line,
                            "{}: {markdown}",
                            path.display()
                        );
                        assert!(
                            !markdown.contains("<span"),
                            "{}: {markdown}",
                            path.display()
                        );
                        lines += 1;
                    }
                }
            }
        }
    }
    assert!(lines > 10_000, "{lines}");
}

#[test]
fn the_seed_is_the_corpus_zh_tw_page() {
    let corpus = read(&shared().join("corpus/zh-tw/desktop-src/SecAuthN/sspi-status-codes.md"));
    assert_eq!(
        corpus,
        read(&workspace().join("docs-src/sspi-status-codes.zh-tw.md"))
    );
    assert_eq!(
        read(&shared().join("seed/sspi-status-codes.zh-tw.md")),
        corpus
    );
}

#[test]
fn english_and_translated_sspi_pages_give_the_same_names() {
    let names = |locale: &str| {
        let page = shared().join(format!(
            "corpus/{locale}/desktop-src/SecAuthN/sspi-status-codes.md"
        ));
        let run = xtask(&workspace(), &["model", page.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let model = doccodes_model::Model::from_yaml("model", &run.stdout).unwrap();
        let expected = doccodes_extract::normalize_locale(locale);
        assert_eq!(model.sources[0].locale.as_deref(), Some(expected.as_str()));
        model
            .entries
            .into_iter()
            .map(|entry| entry.name)
            .collect::<Vec<_>>()
    };
    let english = names("en-us");
    assert_eq!(english.len(), 77);
    assert_eq!(names("zh-tw"), english);
    assert_eq!(names("de-de"), english);
}

#[test]
fn tables_that_hold_no_codes_are_named_not_dropped() {
    let page = shared().join("corpus/en-us/desktop-src/Direct2D/direct2d-error-codes.md");
    let run = xtask(&workspace(), &["model", page.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: this table has no column of code names; its 4 rows are not in the model"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("direct2d-error-codes.md:128:1"),
        "{}",
        run.stderr
    );
    let model = doccodes_model::Model::from_yaml("stdout", &run.stdout).unwrap();
    assert_eq!(model.entries.len(), 47);
}

#[test]
fn a_page_without_codes_says_why() {
    // Its codes sit in the meaning column as `0x00000000 (PDH_CSTATUS_VALID_DATA)`: a shape
    // still to read.
    let page = shared().join("corpus/en-us/desktop-src/PerfCtrs/pdh-error-codes.md");
    let run = xtask(&workspace(), &["model", page.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("warning: this table has no column of code names; its 86 rows are not in the model\n  --> "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: no table of codes on the pages of `pdh-error-codes`: there is nothing to generate"),
        "{}",
        run.stderr
    );
}
