//! The seed page becomes the model the issue asks for: 77 entries in page order, names from the
//! English side, values from the facts, meanings in en-US and zh-TW.

use doccodes_inline::parse_markdown;
use doccodes_model::Model;

use crate::support::{facts, read, seed_page, workspace, xtask};

/// The seed's rows read without the parser: each table row's first English source is the name,
/// the meaning cell's English sources and translations, joined as they stand.
fn rows_read_by_hand() -> Vec<(String, String, String)> {
    let sides = |cell: &str, marker: &str| -> Vec<String> {
        cell.split(marker)
            .skip(1)
            .map(|rest| {
                let text = &rest[rest.find("\">").unwrap() + 2..];
                text[..text.find("</span>").unwrap()].to_owned()
            })
            .collect()
    };
    seed_page()
        .lines()
        .filter(|line| line.starts_with("| <span data-ttu-id=\"df3f1-") && !line.contains("-105\""))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let name = sides(cells[0], "data-stu-id=")[0].replace("\\_", "_");
            let source = sides(cells[1], "data-stu-id=").join(" ");
            let target = sides(cells[1], "data-ttu-id=").join(" ");
            (name, source, target)
        })
        .collect()
}

fn seed_model() -> Model {
    let run = xtask(
        &workspace(),
        &["model", "docs-src/sspi-status-codes.zh-tw.md"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // No warnings on the seed page: a note for each identifier the translation recased and
    // the model has repaired.
    let said: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_alphabetic()))
        .collect();
    assert_eq!(
        said,
        [
            "info: repaired `InitializeSecurityCoNtext` to `InitializeSecurityContext` in the zh-TW meaning: the identifier of its English",
            "info: repaired `AcceptSecurityCoNtext` to `AcceptSecurityContext` in the zh-TW meaning: the identifier of its English",
        ],
        "{}",
        run.stderr
    );
    Model::from_yaml("stdout", &run.stdout).unwrap()
}

#[test]
fn the_model_has_the_77_codes_of_the_page_in_page_order() {
    let model = seed_model();
    let rows = rows_read_by_hand();
    assert_eq!(rows.len(), 77);
    let names: Vec<&str> = model.entries.iter().map(|e| e.name.as_str()).collect();
    let expected: Vec<&str> = rows.iter().map(|(name, _, _)| name.as_str()).collect();
    assert_eq!(names, expected);
    for ((_, source, target), entry) in rows.iter().zip(&model.entries) {
        assert_eq!(
            entry.meaning_in("en-US").unwrap(),
            parse_markdown(source),
            "{}",
            entry.name
        );
        // The two identifiers the translation recased are the English's in the model.
        let repaired = target.replace("SecurityCoNtext", "SecurityContext");
        assert_eq!(
            entry.meaning_in("zh-TW").unwrap(),
            parse_markdown(&repaired),
            "{}",
            entry.name
        );
    }
}

#[test]
fn names_values_and_the_alias_are_the_facts() {
    if !crate::support::has_shared() {
        return;
    }
    let model = seed_model();
    let facts = facts();
    assert_eq!(facts.len(), 77);
    for (name, value, alias_of) in &facts {
        let entry = model
            .entry(name)
            .unwrap_or_else(|| panic!("{name} is not in the model"));
        assert_eq!(entry.value, Some(*value), "{name}");
        assert_eq!(&entry.alias_of, alias_of, "{name}");
    }
    let alias = model.entry("SEC_E_NOT_SUPPORTED").unwrap();
    assert_eq!(
        alias.alias_of.as_deref(),
        Some("SEC_E_UNSUPPORTED_FUNCTION")
    );
    assert_eq!(alias.value, Some(0x8009_0302));
}

#[test]
fn names_never_come_from_the_translation() {
    let model = seed_model();
    let algorithm = &model.entries[0];
    assert_eq!(algorithm.name, "SEC_E_ALGORITHM_MISMATCH");
    assert!(seed_page().contains("SEC \\_ E \\_ 演算法 \\_ 不相符"));
    assert!(
        model
            .entries
            .iter()
            .all(|e| doccodes_model::is_identifier(&e.name))
    );
}

#[test]
fn titles_sources_and_links_are_kept() {
    let model = seed_model();
    assert_eq!(model.title["en-US"], "SSPI Status Codes");
    assert_eq!(model.title["zh-TW"], "SSPI 狀態碼");
    assert_eq!(model.header.as_deref(), Some("Winerror.h"));
    let page = &model.sources[0];
    assert_eq!(page.path, "docs-src/sspi-status-codes.zh-tw.md");
    let front_matter = page.front_matter.as_ref().unwrap();
    assert_eq!(front_matter["ms.contentlocale"], "zh-TW");
    assert_eq!(front_matter["ms.locfileid"], "103944880");
    assert_eq!(model.sources[1].path, "docs-src/sspi-status-codes.facts");
    let install = model.entry("SEC_E_CANNOT_INSTALL").unwrap();
    assert_eq!(
        install.meaning["en-US"],
        "The [*security package*](../secgloss/s-gly.md) cannot initialize successfully and should not be installed."
    );
}

#[test]
fn the_model_command_prints_the_checked_in_model_and_the_model_saves_unchanged() {
    let checked_in = read(&workspace().join("generated/model/sspi-status-codes.yaml"));
    let run = xtask(
        &workspace(),
        &["model", "docs-src/sspi-status-codes.zh-tw.md"],
    );
    assert_eq!(run.stdout, checked_in);
    let model = Model::from_yaml("generated/model/sspi-status-codes.yaml", &checked_in).unwrap();
    assert_eq!(model.to_yaml(), checked_in, "load + save is byte-identical");
    assert!(checked_in.ends_with("\n") && !checked_in.contains('\r'));
}

#[test]
fn the_page_has_171_segments_with_their_places() {
    let text = seed_page();
    let page = doccodes_page::Page::parse(&text);
    assert_eq!(page.segments.len(), 171);
    let first = &page.segments[4];
    assert_eq!(first.id, "df3f1-107");
    assert_eq!(first.source, r"SEC\_E\_ALGORITHM\_MISMATCH");
    assert_eq!(first.target, r"SEC \_ E \_ 演算法 \_ 不相符");
    assert_eq!(page.line_column(first.markup.start), (22, 3));
    let last = page.segments.last().unwrap();
    assert_eq!(last.id, "df3f1-273");
    assert_eq!(last.target, "內容資料必須與對等互連重新協商。");
    // Columns count characters: the Chinese before it on line 98 counts one each.
    assert_eq!(page.line_column(last.markup.start), (98, 170));
    let table = &page.tables[0];
    assert_eq!(table.rows.len(), 77);
    let cell = &table.rows[0].cells[0];
    assert_eq!(page.segments_in(cell.content.clone()), &page.segments[4..5]);
}
