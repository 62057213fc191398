//! `model --against HEADER`: documented values compared with a C header, each difference named
//! with both places, the model printed unchanged; and a facts file's override of a value the
//! docs have wrong.

use crate::support::{workspace, xtask};

const PAGE: &str = "tests/fixtures/against/codes.md";
const HEADER: &str = "tests/fixtures/against/winerror.h";

#[test]
fn each_documented_value_a_header_contradicts_is_named_with_both_places() {
    let run = xtask(&workspace(), &["model", PAGE, "--against", HEADER]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    expect_test::expect_file!["golden/against.txt"].assert_eq(&run.stderr);
    // The model keeps what the page says.
    let model = doccodes_model::Model::from_yaml("model", &run.stdout).unwrap();
    let value = |name: &str| {
        model
            .entries
            .iter()
            .find(|entry| entry.name == name)
            .and_then(|entry| entry.value)
    };
    assert_eq!(value("E_INVALIDARG"), Some(0x8000_0003));
    assert_eq!(value("ERROR_INSTALL_FAILED"), Some(0x8007_3CF9));
}

#[test]
fn an_override_in_the_facts_file_corrects_the_value_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let facts = dir.path().join("codes.facts");
    std::fs::write(
        &facts,
        "E_INVALIDARG 0x80070057 override: the page gives the legacy 16-bit OLE value\n",
    )
    .unwrap();
    let facts = facts.to_str().unwrap();
    let run = xtask(
        &workspace(),
        &["model", PAGE, "--facts", facts, "--against", HEADER],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "info: `E_INVALIDARG` is documented as 0x80000003; the facts file overrides it with 0x80070057: the page gives the legacy 16-bit OLE value"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("of 4 documented values, 2 agree"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("- name: E_INVALIDARG\n  value: 0x80070057\n")
    );
}

#[test]
fn a_header_that_cannot_be_read_is_an_error_and_no_model() {
    let run = xtask(
        &workspace(),
        &[
            "model",
            PAGE,
            "--against",
            "tests/fixtures/against/missing.h",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("tests/fixtures/against/missing.h"),
        "{}",
        run.stderr
    );
}

/// `--site` with `--against` a folder of headers, linked as Debian links mingw-w64's: each
/// model compared as it is made, the counts added up for the site.
#[cfg(unix)]
#[test]
fn a_site_is_compared_with_a_folder_of_headers() {
    let site = tempfile::tempdir().unwrap();
    let include = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    for name in ["a.md", "b.md"] {
        std::fs::copy(workspace().join(PAGE), site.path().join(name)).unwrap();
    }
    std::os::unix::fs::symlink(workspace().join(HEADER), include.path().join("winerror.h"))
        .unwrap();
    let run = xtask(
        &workspace(),
        &[
            "model",
            "--site",
            site.path().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "--against",
            include.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.ends_with(
            "`, 0 without a table of codes, 0 failed\nof 8 documented values, 2 agree with 1 headers, 2 are Win32 codes documented as their HRESULT, 2 differ; 2 name nothing the headers define (66.7% of those the headers define agree, or are their HRESULT)\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr.matches("in the docs and 0x80070057").count(), 2);
}
