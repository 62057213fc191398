//! Any bytes, as a page: read as UTF-8 when they are, parsed, checked, extracted. Nothing may
//! panic, loop or overflow the stack.
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
    let config = doccodes_l10n::Config::default();
    let _ = doccodes_l10n::review("fuzz.zh-tw.md", text, Some(text), &config);
    let _ = doccodes_l10n::repair("fuzz.zh-tw.md", text, &config);
    let input = doccodes_extract::PageInput {
        path: "fuzz.zh-tw.md",
        text,
    };
    let _ = doccodes_extract::extract("fuzz", &[input], &[], &[]);
});
