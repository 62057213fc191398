//! `cargo xtask export` and `import`: a page's segments out to CAT tools and corrected targets
//! back in, changing those spans' text and no other byte; the exported PO read by Translate
//! Toolkit's `pofilter`, a real client.

use std::fs;

use crate::support::{seed_page, workspace, xtask};

const SEED: &str = "docs-src/sspi-status-codes.zh-tw.md";

fn export(format: &str) -> String {
    let run = xtask(&workspace(), &["export", "--format", format, SEED]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// Round trips through `format`: unchanged, nothing changes; one target corrected, that span
/// alone changes.
fn round_trip(format: &str, extension: &str, correct: &dyn Fn(&str) -> String) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("sspi-status-codes.zh-tw.md");
    fs::write(&page, seed_page()).unwrap();
    let exported = dir.path().join(format!("seed.{extension}"));
    fs::write(&exported, export(format)).unwrap();
    let run = xtask(
        &workspace(),
        &["import", exported.to_str().unwrap(), page.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("0 of 171 segments updated"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(&page).unwrap(), seed_page());

    fs::write(&exported, correct(&export(format))).unwrap();
    let run = xtask(
        &workspace(),
        &["import", exported.to_str().unwrap(), page.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 of 171 segments updated (df3f1-107)"),
        "{}",
        run.stderr
    );
    let expected = seed_page().replacen(
        "df3f1-107\">SEC \\_ E \\_ 演算法 \\_ 不相符<",
        "df3f1-107\">SEC\\_E\\_ALGORITHM\\_MISMATCH<",
        1,
    );
    assert_eq!(fs::read_to_string(&page).unwrap(), expected);
}

#[test]
fn po_round_trips_and_a_corrected_target_changes_only_its_span() {
    round_trip("po", "po", &|po| {
        po.replacen(
            "msgstr \"SEC \\\\_ E \\\\_ 演算法 \\\\_ 不相符\"",
            "msgstr \"SEC\\\\_E\\\\_ALGORITHM\\\\_MISMATCH\"",
            1,
        )
    });
}

#[test]
fn xliff_round_trips_as_a_cat_tool_rewrites_it() {
    round_trip("xliff", "xlf", &|xliff| {
        // A tool may write the target as CDATA and with entities, and type an escape the
        // export gave as a code.
        let unit = xliff.find("<unit id=\"df3f1-107\">").unwrap();
        let start = unit + xliff[unit..].find("<target").unwrap();
        let end = start + xliff[start..].find("</target>").unwrap() + "</target>".len();
        format!(
            "{}<target><![CDATA[SEC\\_E]]><ph id=\"c2\" dataRef=\"d1\"/>ALGORITHM&#92;_MISMATCH</target>{}",
            &xliff[..start],
            &xliff[end..]
        )
    });
}

#[test]
fn findings_travel_as_notes() {
    let po = export("po");
    assert!(po.contains(
        "#. identifier dnt-identifier: identifier SEC_E_ALGORITHM_MISMATCH was translated (ALGORITHM, MISMATCH lost)\n#. keep as is: `SEC\\_E\\_ALGORITHM\\_MISMATCH`\n#: docs-src/sspi-status-codes.zh-tw.md:22\n#, no-wrap\nmsgctxt \"df3f1-107\"\n"
    ));
    assert_eq!(po.matches("\nmsgctxt ").count(), 171);
    let xliff = export("xliff");
    assert!(xliff.contains("<note>identifier identifier-case: identifier InitializeSecurityContext changed case: InitializeSecurityCoNtext</note>"));
    assert_eq!(xliff.matches("<unit id=").count(), 171);
}

#[test]
fn import_refuses_what_is_not_for_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.zh-tw.md");
    fs::write(&page, seed_page()).unwrap();
    let other = dir.path().join("other.po");
    fs::write(&other, "msgctxt \"zz-1\"\nmsgid \"A\"\nmsgstr \"B\"\n").unwrap();
    let run = xtask(
        &workspace(),
        &["import", other.to_str().unwrap(), page.to_str().unwrap()],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`zz-1`") && run.stderr.contains("page"),
        "{}",
        run.stderr
    );
    let broken = dir.path().join("broken.po");
    fs::write(&broken, "msgctxt \"df3f1-107\"\nmsgstr SEC\n").unwrap();
    let run = xtask(
        &workspace(),
        &["import", broken.to_str().unwrap(), page.to_str().unwrap()],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("broken.po:2:8")
            && run.stderr.contains("expected a quoted string, found `SEC`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(&page).unwrap(),
        seed_page(),
        "nothing written on failure"
    );
}

/// Translate Toolkit reads the PO as a real client (`pip install translate-toolkit`; CI installs
/// it and sets DOCCODES_REQUIRE_POFILTER).
#[test]
fn pofilter_reads_the_exported_po() {
    if !crate::support::tool(
        "pofilter",
        &["--version"],
        "DOCCODES_REQUIRE_POFILTER",
        "pip install translate-toolkit to run pofilter on the PO",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let po = dir.path().join("seed.po");
    let out = dir.path().join("filtered.po");
    fs::write(&po, export("po")).unwrap();
    crate::support::run(std::process::Command::new("pofilter").arg(&po).arg(&out));
    let filtered = fs::read_to_string(&out).unwrap();
    assert!(
        filtered.contains("msgctxt \"df3f1-107\""),
        "pofilter kept and flagged the entries"
    );
}
