//! Each page shape the docs list codes in, on a minimal real page of its own in
//! `tests/fixtures/layouts/` (their README says where each comes from): what the reader makes
//! of it, name, value and kind per entry, and what became of every row, as a golden file.

use doccodes_extract::{PageInput, extract, set_of};

use crate::support::{read, workspace};

#[test]
fn every_layout_reads_as_its_golden_file_says() {
    let dir = workspace().join("tests/fixtures/layouts");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .filter(|path| !path.ends_with("README.md"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 10, "{pages:?}");
    for path in pages {
        let text = read(&path);
        let file = path.file_name().unwrap().to_str().unwrap();
        let shown = format!("tests/fixtures/layouts/{file}");
        let input = PageInput {
            path: &shown,
            text: &text,
        };
        let extraction = extract(&set_of(&shown).0, &[input], &[], &[]);
        let mut out = String::new();
        for count in &extraction.rows {
            out.push_str(&format!(
                "rows: {} read, {} skipped, {} unreadable\n",
                count.read, count.skipped, count.unreadable
            ));
        }
        match &extraction.model {
            Ok(model) => {
                for entry in &model.entries {
                    let value = entry.value.map_or("-".to_owned(), |v| format!("0x{v:08X}"));
                    out.push_str(&format!(
                        "{} {value} {}\n",
                        entry.name,
                        entry.kind().as_str()
                    ));
                }
            }
            Err(failure) => out.push_str(&format!("no model: {failure:?}\n")),
        }
        for diagnostic in &extraction.diagnostics {
            let at = diagnostic
                .location
                .as_ref()
                .map_or(String::new(), |l| format!(" at {}:{}", l.line, l.column));
            out.push_str(&format!(
                "{}{at}: {}\n",
                diagnostic.severity.label(),
                diagnostic.message
            ));
        }
        let golden = workspace()
            .join("tests/golden/layouts")
            .join(file.replace(".md", ".txt"));
        expect_test::expect_file![golden].assert_eq(&out);
    }
}
