//! Any bytes, as a page: read as UTF-8 when they are, parsed, checked, extracted. Nothing may
//! panic, loop or overflow the stack, and what translation checks and the comparison with
//! today's English read of a page without a whole `Page` (`Translation`, `Outline`) must be
//! what the full parse gives.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let page = doccodes_page::Page::parse(text);
    for table in &page.tables {
        for cell in table.rows.iter().flat_map(|row| &row.cells) {
            let _ = page.lines(
                cell.content.clone(),
                doccodes_page::Side::Target,
                doccodes_page::Context::TableCell,
            );
        }
    }
    let light = doccodes_page::Translation::parse(text);
    assert_eq!(
        light.front_matter.map(|f| (f.offset, f.yaml)),
        page.front_matter.map(|f| (f.offset, f.yaml))
    );
    assert_eq!(light.segments, page.segments);
    assert_eq!(light.problems, page.problems);
    let starts = |segments: &[doccodes_page::Segment<'_>]| {
        segments.iter().map(|s| s.markup.start).collect::<Vec<_>>()
    };
    let title = page.headings.iter().find(|h| h.level == 1);
    assert_eq!(
        light
            .title
            .as_ref()
            .map(|h| starts(light.segments_in(h.content.clone()))),
        title.map(|h| starts(page.segments_in(h.content.clone())))
    );
    // What a comparison with today's English reads of a page, without the rest of a Page:
    // the same front matter, and tables of the same shapes in the same places.
    let shapes: Vec<doccodes_page::TableShape> = page.tables.iter().map(Into::into).collect();
    let outline = doccodes_page::Outline::parse(text);
    assert_eq!(
        outline.front_matter.map(|f| (f.offset, f.yaml)),
        page.front_matter.map(|f| (f.offset, f.yaml))
    );
    assert_eq!(outline.tables, shapes);
    let (_, with_tables) = doccodes_page::Translation::parse_with_tables(text);
    assert_eq!(with_tables, shapes);
    // Every check, those off by default too (`id-gap` once hung on a gap of 2^64 ids): as
    // `tests/robustness.rs` runs the pages of `tests/fixtures/hostile/` in `cargo test`.
    let config = doccodes_l10n::Config {
        only: doccodes_l10n::Check::ALL.to_vec(),
        ..doccodes_l10n::Config::default()
    };
    let _ = doccodes_l10n::review("fuzz.zh-tw.md", text, None, &config);
    let _ = doccodes_l10n::review("fuzz.zh-tw.md", text, Some(text), &config);
    let _ = doccodes_l10n::repair("fuzz.zh-tw.md", text, &config);
    let input = doccodes_extract::PageInput {
        path: "fuzz.zh-tw.md",
        text,
    };
    let _ = doccodes_extract::extract("fuzz", &[input], &[], &[]);
});
