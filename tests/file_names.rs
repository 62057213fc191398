//! A set's id and symbol name the files `gen` writes (`generated/model/<id>.yaml`,
//! `crates/<crate>/`): one that would leave its folder, or hide there, is refused
//! wherever it comes from (the sets file, a facts file, a model a crate includes) with exit code
//! 2, and nothing is written.

use doccodes_model::Model;

use crate::support::{read, scratch_copy, snapshot, workspace, xtask};

/// `gen` on a copy of the workspace after `edit` of `path`; its stderr, after checking that it
/// failed with exit code 2 and left generated/ as it was.
fn gen_fails(path: &str, edit: impl FnOnce(String) -> String) -> String {
    let scratch = scratch_copy(&workspace());
    let file = scratch.path().join(path);
    let text = read(&file);
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit changed nothing");
    std::fs::write(&file, edited).unwrap();
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

#[test]
fn a_set_id_that_leaves_its_folder_or_hides_is_refused() {
    for id in ["..", ".hidden"] {
        let stderr = gen_fails("docs-src/sets", |text| {
            text.replace("set: sspi-status-codes", &format!("set: {id}"))
        });
        // Said at the sets file's line; the model loader refuses it too, for a model written
        // by hand (tests of `from_yaml`).
        assert!(
            stderr.starts_with(&format!(
                "error: `{id}` is not a set id\n --> docs-src/sets:9:5\n"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn a_symbol_that_is_not_an_identifier_is_refused_in_a_facts_file() {
    let facts = "docs-src/sspi-status-codes.facts";
    let line = read(&workspace().join(facts))
        .lines()
        .position(|line| line == "symbol: sspi_status")
        .unwrap()
        + 1;
    let stderr = gen_fails(facts, |text| {
        text.replace("symbol: sspi_status", "symbol: ../../evil")
    });
    assert!(
        stderr.contains(&format!(
            "error: symbol `../../evil` is not a snake_case identifier: it names the generated \
             type and files\n --> {facts}:{line}:9\n"
        )),
        "{stderr}"
    );
}

#[test]
fn a_symbol_that_is_not_an_identifier_is_refused_in_a_model() {
    let path = "generated/model/sspi-status-codes.yaml";
    let yaml =
        read(&workspace().join(path)).replacen("symbol: sspi_status", "symbol: ../../evil", 1);
    let error = Model::from_yaml(path, &yaml).unwrap_err().to_string();
    assert!(
        error.starts_with(
            "error: symbol `../../evil` is not a snake_case identifier: it names the generated \
             type and files\n --> generated/model/sspi-status-codes.yaml:4:9\n  |\n\
             4 | symbol: ../../evil\n  |         ^\n"
        ),
        "{error}"
    );
}
