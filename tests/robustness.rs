//! Hostile pages: a 1 MB line, 100,000 columns, 50,000 nested spans and lists, NUL bytes, CRLF,
//! a byte-order mark, invalid UTF-8; segment ids with gaps up to 2^64 and thousands of nested
//! parentheses (`tests/fixtures/hostile/`); what cargo-fuzz found (`tests/fixtures/fuzz/`).
//! Every command gives its one expected result or a clear error naming the file, never a panic
//! or a stack overflow (either would end this test binary), and the pages a real translation
//! would give read the same whatever their line ends.

use std::fs;
use std::path::Path;

use doccodes_page::{Page, Translation};

use crate::support::{seed_page, workspace, xtask};

fn hostile_pages(dir: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let seed = seed_page();
    let nested = 50_000;
    let columns = 100_000;
    vec![
        (
            "long-line.zh-tw.md",
            [&b"x".repeat(1_000_000)[..], b"\n"].concat(),
        ),
        (
            "long-row.md",
            [
                &b"| a | b |\n|---|---|\n| SEC_E_X | "[..],
                &b"y".repeat(1_000_000),
                b" |\n",
            ]
            .concat(),
        ),
        (
            "columns.md",
            format!(
                "|{}\n|{}\n|{}\n",
                "a|".repeat(columns),
                "-|".repeat(columns),
                "SEC_E_A|".repeat(columns)
            )
            .into_bytes(),
        ),
        (
            "nested-spans.zh-tw.md",
            format!(
                "{}text{}\n",
                "<span data-ttu-id=\"x-1\">".repeat(nested),
                "</span>".repeat(nested)
            )
            .into_bytes(),
        ),
        (
            "nested-lists.md",
            format!(
                "{}SEC_E_X{}\n",
                "<dl><dt>".repeat(nested),
                "</dt></dl>".repeat(nested)
            )
            .into_bytes(),
        ),
        ("brackets.md", [&b"[".repeat(200_000)[..], b"\n"].concat()),
        ("nul.zh-tw.md", seed.replacen("SEC", "S\0C", 5).into_bytes()),
        ("crlf.zh-tw.md", seed.replace('\n', "\r\n").into_bytes()),
        (
            "bom.zh-tw.md",
            [&b"\xef\xbb\xbf"[..], seed.as_bytes()].concat(),
        ),
        ("latin1.md", b"caf\xe9\n".to_vec()),
    ]
    .into_iter()
    .inspect(|(name, bytes)| fs::write(dir.join(name), bytes).unwrap())
    .collect()
}

/// What `l10n --deny none` and `model` give on a hostile page: exit code, and for l10n the last
/// line of its report or its error; for model the names of its entries, or what it reports.
struct Expected {
    page: &'static str,
    l10n: (i32, &'static str),
    /// The JSON report's summary (files, segments, findings) and its findings' check ids.
    json: (i32, [u64; 3], &'static [&'static str]),
    model: (i32, Outcome),
}

enum Outcome {
    /// The model's entries, by name.
    Entries(&'static [&'static str]),
    /// Lines stderr must hold, `{path}` standing for the page's path.
    Reports(&'static [&'static str]),
}

const NO_CODES: &str = "error[no-codes]: no table of codes on the pages of";
const ONE_ROW: &str = "warning: this table has one row, and its header `a` does not say the column names codes; its row is not in the model\n --> {path}:3:1\n";
const NOTHING: (i32, &str) = (0, "checked 1 file, 0 segments: 0 findings");
const SEED_REVIEW: &str = "checked 1 file, 171 segments: 84 findings (79 errors, 1 warning, 4 infos; identifier 79, markup 1, whitespace 4)";

fn expectations() -> Vec<Expected> {
    let empty: &[&str] = &[];
    let seed_names: &'static [&'static str] = seed_names().leak();
    vec![
        Expected {
            page: "long-line.zh-tw.md",
            l10n: NOTHING,
            json: (0, [1, 0, 0], empty),
            model: (2, Outcome::Reports(&[NO_CODES])),
        },
        Expected {
            page: "long-row.md",
            l10n: NOTHING,
            json: (0, [1, 0, 0], empty),
            model: (2, Outcome::Reports(&[ONE_ROW, NO_CODES])),
        },
        Expected {
            page: "columns.md",
            l10n: NOTHING,
            json: (0, [1, 0, 0], empty),
            model: (2, Outcome::Reports(&[ONE_ROW, NO_CODES])),
        },
        Expected {
            page: "nested-spans.zh-tw.md",
            l10n: (
                0,
                "checked 1 file, 0 segments: 1 finding (1 error; missing 1)",
            ),
            json: (0, [1, 0, 1], &["pair-integrity"]),
            model: (
                2,
                Outcome::Reports(&[
                    "error: translated span `x-1` has no `sxs-lookup` span with its English source after it\n --> {path}:1:1\n",
                ]),
            ),
        },
        Expected {
            page: "nested-lists.md",
            l10n: NOTHING,
            json: (0, [1, 0, 0], empty),
            model: (0, Outcome::Entries(&["SEC_E_X"])),
        },
        Expected {
            page: "brackets.md",
            l10n: NOTHING,
            json: (0, [1, 0, 0], empty),
            model: (2, Outcome::Reports(&[NO_CODES])),
        },
        Expected {
            page: "nul.zh-tw.md",
            l10n: (
                2,
                "error: cannot read `{path}`: a binary file, not text (a NUL byte at byte 1885)",
            ),
            json: (2, [0, 0, 0], empty),
            model: (
                2,
                Outcome::Reports(&[
                    "error: cannot read `{path}`: a binary file, not text (a NUL byte at byte 1885)",
                ]),
            ),
        },
        Expected {
            page: "crlf.zh-tw.md",
            l10n: (0, SEED_REVIEW),
            json: (0, [1, 171, 84], empty),
            model: (0, Outcome::Entries(seed_names)),
        },
        Expected {
            page: "bom.zh-tw.md",
            l10n: (0, SEED_REVIEW),
            json: (0, [1, 171, 84], empty),
            model: (0, Outcome::Entries(seed_names)),
        },
        Expected {
            page: "latin1.md",
            l10n: (
                2,
                "error: `{path}` is not valid UTF-8 (byte 0xE9)\n --> {path}:1:4\n",
            ),
            json: (2, [0, 0, 0], empty),
            model: (
                2,
                Outcome::Reports(&[
                    "error: `{path}` is not valid UTF-8 (byte 0xE9)\n --> {path}:1:4\n",
                ]),
            ),
        },
    ]
}

/// The names of the seed page's codes, in page order.
fn seed_names() -> Vec<&'static str> {
    let run = xtask(
        &workspace(),
        &["model", "docs-src/sspi-status-codes.zh-tw.md"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let seed = doccodes_model::Model::from_yaml("seed", &run.stdout).unwrap();
    assert_eq!(seed.entries.len(), 77);
    seed.entries
        .into_iter()
        .map(|entry| &*entry.name.leak())
        .collect()
}

#[test]
fn hostile_pages_give_a_result_or_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let pages = hostile_pages(dir.path());
    let expectations = expectations();
    let expected_pages: Vec<&str> = expectations.iter().map(|e| e.page).collect();
    let written: Vec<&str> = pages.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        expected_pages, written,
        "every hostile page has its expectation"
    );
    for expected in &expectations {
        let path = dir.path().join(expected.page);
        let path = path.to_str().unwrap();
        let at = |text: &str| text.replace("{path}", path);
        let page = expected.page;

        let run = xtask(&workspace(), &["l10n", "--deny", "none", path]);
        let (code, said) = expected.l10n;
        assert_eq!(run.code, code, "{page}: l10n: {}", run.stderr);
        if code == 0 {
            assert_eq!(
                run.stdout.lines().last(),
                Some(said),
                "{page}: {}",
                run.stdout
            );
        } else {
            assert!(run.stderr.contains(&at(said)), "{page}: {}", run.stderr);
            assert!(
                run.stdout.ends_with("; 1 path not read\n"),
                "{page}: {}",
                run.stdout
            );
        }

        let run = xtask(
            &workspace(),
            &["l10n", "--format", "json", "--deny", "none", path],
        );
        let (code, [files, segments, findings], checks) = expected.json;
        assert_eq!(run.code, code, "{page}: l10n --format json: {}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let summary = &json["summary"];
        assert_eq!(
            [
                &summary["files"],
                &summary["segments"],
                &summary["findings"]
            ],
            [files, segments, findings]
                .map(serde_json::Value::from)
                .each_ref(),
            "{page}: {summary}"
        );
        assert_eq!(
            summary["unreadable"].as_u64(),
            (code == 2).then_some(1),
            "{page}"
        );
        if !checks.is_empty() {
            let found: Vec<&str> = json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|finding| finding["check"].as_str().unwrap())
                .collect();
            assert_eq!(found, checks, "{page}");
        }

        let run = xtask(&workspace(), &["model", path]);
        let (code, outcome) = &expected.model;
        assert_eq!(run.code, *code, "{page}: model: {}", run.stderr);
        match outcome {
            Outcome::Entries(names) => {
                let model = doccodes_model::Model::from_yaml(page, &run.stdout).unwrap();
                let found: Vec<&str> = model.entries.iter().map(|e| e.name.as_str()).collect();
                assert_eq!(found, *names, "{page}");
            }
            Outcome::Reports(lines) => {
                assert!(run.stdout.is_empty(), "{page}: {}", run.stdout);
                for line in *lines {
                    assert!(
                        run.stderr.contains(&at(line)),
                        "{page}: {line}\n{}",
                        run.stderr
                    );
                }
                assert!(run.stderr.contains(path), "{page}: {}", run.stderr);
            }
        }
    }
}

/// Line ends and a byte-order mark change nothing that matters; a NUL byte makes a binary
/// file, named and refused (above).
#[test]
fn crlf_and_bom_pages_read_as_the_seed_does() {
    let dir = tempfile::tempdir().unwrap();
    hostile_pages(dir.path());
    let model = |name: &str| {
        let path = dir.path().join(name);
        let run = xtask(&workspace(), &["model", path.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        doccodes_model::Model::from_yaml(name, &run.stdout).unwrap()
    };
    let seed = xtask(
        &workspace(),
        &["model", "docs-src/sspi-status-codes.zh-tw.md"],
    );
    let seed = doccodes_model::Model::from_yaml("seed", &seed.stdout).unwrap();
    let names_and_meanings = |model: &doccodes_model::Model| -> Vec<(String, String)> {
        model
            .entries
            .iter()
            .map(|e| (e.name.clone(), format!("{:?}", e.meaning)))
            .collect()
    };
    assert_eq!(seed.entries.len(), 77);
    for name in ["crlf.zh-tw.md", "bom.zh-tw.md"] {
        let model = model(name);
        assert!(
            names_and_meanings(&model) == names_and_meanings(&seed),
            "{name} reads otherwise than the seed"
        );
        assert_eq!(model.sources[0].locale.as_deref(), Some("zh-TW"), "{name}");
    }
}

/// Every check, those off by default too.
fn every_check() -> doccodes_l10n::Config {
    doccodes_l10n::Config {
        only: doccodes_l10n::Check::ALL.to_vec(),
        ..doccodes_l10n::Config::default()
    }
}

/// `review` of a fixture with every check on, alone and against itself as today's English:
/// each finding's check id, line and message. A run that has not finished in a minute fails
/// (the id-gap page once ran for minutes, or forever).
fn review_fixture(path: &str) -> [Vec<(String, usize, String)>; 2] {
    let text = read_fixture(path);
    let name = Path::new(path)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let findings = |english: Option<&str>| {
            doccodes_l10n::review(&name, &text, english, &every_check())
                .findings
                .into_iter()
                .map(|f| (f.check.id().to_owned(), f.line, f.message))
                .collect::<Vec<_>>()
        };
        let _ = doccodes_l10n::repair(&name, &text, &every_check());
        let _ = sender.send([findings(None), findings(Some(&text))]);
    });
    receiver
        .recv_timeout(std::time::Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{path}: review has not finished in 60 s"))
}

/// A fixture's text: its loading failing is the test failing.
fn read_fixture(path: &str) -> String {
    let path = workspace().join(path);
    let bytes = fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    String::from_utf8(bytes).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Segment ids 101, 100000000 and 2^64-1: each gap is one finding, found without walking it.
#[test]
fn the_id_gap_page_is_checked_with_every_check_at_once() {
    let [alone, compared] = review_fixture("tests/fixtures/hostile/id-gap.zh-tw.md");
    let gaps = [
        "segment ids jump from 101 to 100000000: ab12c-102 to ab12c-99999999 are missing",
        "segment ids jump from 100000000 to 18446744073709551615: ab12c-100000001 to ab12c-18446744073709551614 are missing",
    ];
    for findings in [&alone, &compared] {
        let id_gaps: Vec<(usize, &str)> = findings
            .iter()
            .filter(|(check, _, _)| check == "id-gap")
            .map(|(_, line, message)| (*line, message.as_str()))
            .collect();
        assert_eq!(id_gaps, [(8, gaps[0]), (10, gaps[1])], "{findings:#?}");
    }
    assert_eq!(listed(&alone), "id-gap:8 id-gap:10", "{alone:#?}");
    assert_eq!(compared, alone);
}

/// Five thousand nested parentheses around an identifier, five thousand never closed, and an
/// identifier split by spaces inside five thousand more: read without recursion, and the one
/// defect found.
#[test]
fn the_nested_parentheses_page_is_checked_with_every_check() {
    let [alone, compared] = review_fixture("tests/fixtures/hostile/nested-parentheses.zh-tw.md");
    assert_eq!(listed(&alone), "identifier-spacing:12", "{alone:#?}");
    assert!(alone[0].2.contains("SEC_E_OK"), "{alone:#?}");
    assert_eq!(compared, alone);
}

/// Findings as `check:line`, in order.
fn listed(findings: &[(String, usize, String)]) -> String {
    findings
        .iter()
        .map(|(check, line, _)| format!("{check}:{line}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Inputs cargo-fuzz found (crates/fuzz), kept once fixed. The first: a `data-stu-id` whose
/// quote runs on to a later `"`, so the start tag swallows its own close; span matching then
/// sent the scan backwards, forever, filling memory. They hold NUL bytes, so the commands
/// refuse them as binary files: the page reader, the checks (every one) and the extractor read
/// them here directly, as the fuzz target does.
#[test]
fn what_the_fuzzer_found_stays_fixed() {
    for (name, nul_at, markup) in [
        (
            "page-runaway-quote.zh-tw.md",
            238,
            "pair-integrity:16 pair-integrity:16 pair-integrity:17 pair-integrity:19 \
             pair-integrity:19 pair-integrity:20",
        ),
        (
            "page-lone-carriage-returns.zh-tw.md",
            82,
            "pair-integrity:56 pair-integrity:57 pair-integrity:57 pair-integrity:57 \
             pair-integrity:59 pair-integrity:59 id-prefix:59 pair-integrity:61 pair-integrity:61 \
             duplicate-id:87 duplicate-id:89 duplicate-id:93 pair-integrity:93 pair-integrity:93 \
             id-prefix:103 pair-integrity:104 pair-integrity:104 pair-integrity:106 \
             pair-integrity:106 id-prefix:106 pair-integrity:108 pair-integrity:110 \
             pair-integrity:110 pair-integrity:111 pair-integrity:111 pair-integrity:112 \
             pair-integrity:113 pair-integrity:113 pair-integrity:113 pair-integrity:114 \
             pair-integrity:114",
        ),
    ] {
        let fixture = format!("tests/fixtures/fuzz/{name}");
        let text = read_fixture(&fixture);
        let [alone, compared] = review_fixture(&fixture);
        // The damage to the span markup, in full; what the checks make of the words between
        // is theirs to change.
        let structure = |findings: &[(String, usize, String)]| {
            let kept: Vec<_> = findings
                .iter()
                .filter(|(check, _, _)| {
                    ["pair-integrity", "duplicate-id", "id-prefix", "id-gap"]
                        .contains(&check.as_str())
                })
                .cloned()
                .collect();
            listed(&kept)
        };
        assert_eq!(structure(&alone), markup, "{name}: {alone:#?}");
        assert_eq!(compared, alone, "{name}");
        let input = doccodes_extract::PageInput {
            path: name,
            text: &text,
        };
        let extraction = doccodes_extract::extract("fuzz", &[input], &[], &[]);
        assert!(extraction.model.is_err(), "{name}: {:?}", extraction.model);
        let path = workspace().join(&fixture);
        let path = path.to_str().unwrap();
        for command in [vec!["l10n", "--deny", "none", path], vec!["model", path]] {
            let run = xtask(&workspace(), &command);
            assert_eq!(run.code, 2, "{command:?}: {}", run.stderr);
            assert!(
                run.stderr.contains(&format!(
                    "error: cannot read `{path}`: a binary file, not text (a NUL byte at byte {nul_at})"
                )),
                "{command:?}: {}",
                run.stderr
            );
        }
    }
}

/// The pages cargo-fuzz found read the same by `Translation::parse` and by the full parse.
/// The lone carriage returns once did not: line ends to CommonMark's blocks, but not inside
/// pulldown-cmark's code blocks.
#[test]
fn fuzzed_pages_read_the_same_without_blocks() {
    for name in [
        "page-runaway-quote.zh-tw.md",
        "page-lone-carriage-returns.zh-tw.md",
    ] {
        let text = read_fixture(&format!("tests/fixtures/fuzz/{name}"));
        let (whole, light) = (Page::parse(&text), Translation::parse(&text));
        assert_eq!(light.segments, whole.segments, "{name}");
        assert_eq!(light.problems, whole.problems, "{name}");
    }
}

/// Models cargo-fuzz found that loaded but did not load again once saved: each loads, and
/// saved, loads again to the same model.
#[test]
fn fuzzed_models_save_and_load_again() {
    let name = "model-saved-does-not-load.yaml";
    let text = read_fixture(&format!("tests/fixtures/fuzz/{name}"));
    let model = doccodes_model::Model::from_yaml(name, &text)
        .unwrap_or_else(|error| panic!("{name} does not load: {error:?}"));
    let saved = model.to_yaml();
    let again = doccodes_model::Model::from_yaml(name, &saved)
        .unwrap_or_else(|error| panic!("{name} saved does not load: {error:?}\n{saved}"));
    assert_eq!(again, model, "{name}");
}
