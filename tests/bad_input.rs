//! DESIGN.md's bad input, one test each: a clear error naming file, line and column, exit code
//! 2, and nothing written.

use std::fs;
use std::path::Path;

use doccodes_model::Model;

use crate::support::{read, scratch_copy, snapshot, workspace, xtask};

const SEED: &str = "docs-src/sspi-status-codes.zh-tw.md";
const FACTS: &str = "docs-src/sspi-status-codes.facts";

/// Runs `gen` on a copy of `from` after `edit`; returns stderr after checking that gen failed
/// with exit code 2 and left generated/ as it was.
fn gen_fails(from: &Path, edit: impl FnOnce(&Path)) -> String {
    let scratch = scratch_copy(from);
    edit(scratch.path());
    let before = snapshot(&scratch.path().join("generated"));
    let run = xtask(scratch.path(), &["gen"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        snapshot(&scratch.path().join("generated")),
        before,
        "nothing is written"
    );
    run.stderr
}

fn edit_file(root: &Path, path: &str, edit: impl FnOnce(String) -> String) {
    let path = root.join(path);
    let text = read(&path);
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit changed nothing");
    fs::write(path, edited).unwrap();
}

/// The 1-based line and column (in characters) of `needle` in the seed page.
fn seed_position(needle: &str) -> (usize, usize) {
    let text = read(&workspace().join(SEED));
    let offset = text.find(needle).unwrap();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..offset].matches('\n').count() + 1,
        text[line_start..offset].chars().count() + 1,
    )
}

#[test]
fn invalid_utf8() {
    let (line, column) = seed_position("不相符");
    let stderr = gen_fails(&workspace(), |root| {
        let path = root.join(SEED);
        let mut bytes = fs::read(&path).unwrap();
        let at = String::from_utf8(bytes.clone())
            .unwrap()
            .find("不相符")
            .unwrap();
        bytes[at] = 0xFF;
        fs::write(path, bytes).unwrap();
    });
    assert!(
        stderr.starts_with(&format!(
            "error: `{SEED}` is not valid UTF-8 (byte 0xFF)\n  --> {SEED}:{line}:{column}\n"
        )),
        "{stderr}"
    );
}

#[test]
fn a_span_without_its_partner() {
    let partner = r#"<span class="sxs-lookup"><span data-stu-id="df3f1-108">The client and server cannot communicate because they do not possess a common algorithm.</span></span>"#;
    let (line, column) = seed_position(r#"<span data-ttu-id="df3f1-108">"#);
    let stderr = gen_fails(&workspace(), |root| {
        edit_file(root, SEED, |text| text.replace(partner, ""));
    });
    assert!(stderr.starts_with(&format!(
        "error: translated span `df3f1-108` has no `sxs-lookup` span with its English source after it\n  --> {SEED}:{line}:{column}\n"
    )), "{stderr}");
}

#[test]
fn a_name_cell_whose_english_side_is_not_an_identifier() {
    let (line, column) = seed_position(r"SEC\_E\_BAD\_PKGID</span>");
    let stderr = gen_fails(&workspace(), |root| {
        edit_file(root, SEED, |text| {
            text.replace(r"SEC\_E\_BAD\_PKGID</span>", "SEC E BAD PKGID</span>")
        });
    });
    // The row fails, not the page: a warning at the cell; the facts file then names a code no
    // page lists, and that is what stops the set.
    assert!(stderr.starts_with(&format!(
        "warning: the English side of this name cell is not an identifier, and the row is not in the model: `SEC E BAD PKGID`\n  --> {SEED}:{line}:{column}\n"
    )), "{stderr}");
    assert!(
        stderr.contains("= help: a code's name must be a C identifier"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: `SEC_E_BAD_PKGID` is in the facts file but on no page"),
        "{stderr}"
    );
}

#[test]
fn the_same_name_with_two_values() {
    // The demo page gives DEMO_E_FIRST a value, and so does its facts file.
    let demo = workspace().join("tests/fixtures/demo");
    let stderr = gen_fails(&demo, |root| {
        edit_file(root, "docs-src/demo-codes.facts", |text| {
            text.replace(
                "DEMO_E_FIRST      0x80041001",
                "DEMO_E_FIRST      0x80041002",
            )
        });
    });
    assert!(stderr.contains(
        "error: `DEMO_E_FIRST` has two values: 0x80041001 and 0x80041002\n  --> docs-src/demo-codes.facts:7:1\n"
    ), "{stderr}");
    assert!(
        stderr.contains("::: docs-src/demo-codes.md:16:"),
        "names the page too: {stderr}"
    );
    assert!(stderr.contains("0x80041001 here"), "{stderr}");
}

#[test]
fn a_value_outside_32_bits() {
    let stderr = gen_fails(&workspace(), |root| {
        edit_file(root, FACTS, |text| {
            text.replace(
                "SEC_E_OK                             0x00000000",
                "SEC_E_OK                             0x100000000",
            )
        });
    });
    let line = read(&workspace().join(FACTS))
        .lines()
        .position(|l| l.starts_with("SEC_E_OK "))
        .unwrap()
        + 1;
    assert!(
        stderr.starts_with(&format!(
            "error: `0x100000000` does not fit in 32 bits\n  --> {FACTS}:{line}:38\n"
        )),
        "{stderr}"
    );
}

#[test]
fn an_unknown_schema_version() {
    let path = "generated/model/sspi-status-codes.yaml";
    let yaml = read(&workspace().join(path)).replacen("schema: 2", "schema: 3", 1);
    let error = Model::from_yaml(path, &yaml).unwrap_err().to_string();
    assert!(error.starts_with(
        "error: unknown schema version `3`: this doccodes reads schemas 1 to 2\n --> generated/model/sspi-status-codes.yaml:2:9\n"
    ), "{error}");
}

#[test]
fn a_yaml_syntax_error_in_a_model() {
    let path = "generated/model/sspi-status-codes.yaml";
    let yaml =
        read(&workspace().join(path)).replacen("header: Winerror.h", "header: Winerror.h: x", 1);
    let error = Model::from_yaml(path, &yaml).unwrap_err().to_string();
    assert!(
        error.starts_with(
            "error: invalid model: mapping values are not allowed in this context\n \
             --> generated/model/sspi-status-codes.yaml:8:19\n  |\n8 | header: Winerror.h: x\n"
        ),
        "{error}"
    );
}
