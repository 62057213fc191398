//! Hostile pages: a 1 MB line, 100,000 columns, 50,000 nested spans and lists, NUL bytes, CRLF,
//! a byte-order mark, invalid UTF-8. Every command gives a correct result or a clear error
//! naming the file, never a panic or a stack overflow (either would end this test binary), and
//! the pages a real translation would give read the same whatever their line ends.

use std::fs;
use std::path::Path;

use doccodes_page::Page;

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

#[test]
fn hostile_pages_give_a_result_or_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (name, _) in hostile_pages(dir.path()) {
        let path = dir.path().join(name);
        let path = path.to_str().unwrap();
        for command in [
            vec!["l10n", "--deny", "none", path],
            vec!["l10n", "--format", "json", "--deny", "none", path],
            vec!["model", path],
        ] {
            let run = xtask(&workspace(), &command);
            assert!(
                [0, 2].contains(&run.code),
                "{command:?}: exit {}\n{}",
                run.code,
                run.stderr
            );
            if run.code == 2 {
                assert!(run.stderr.contains(path), "{command:?}: {}", run.stderr);
            }
        }
    }
    let latin1 = dir.path().join("latin1.md");
    let run = xtask(&workspace(), &["model", latin1.to_str().unwrap()]);
    assert!(
        run.stderr.contains("is not valid UTF-8 (byte 0xE9)"),
        "{}",
        run.stderr
    );
}

/// Line ends, a byte-order mark and NUL bytes in text change nothing that matters.
#[test]
fn crlf_bom_and_nul_pages_read_as_the_seed_does() {
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
    for name in ["crlf.zh-tw.md", "bom.zh-tw.md"] {
        let model = model(name);
        assert!(
            names_and_meanings(&model) == names_and_meanings(&seed),
            "{name} reads otherwise than the seed"
        );
        assert_eq!(model.sources[0].locale.as_deref(), Some("zh-TW"), "{name}");
    }
    assert_eq!(model("nul.zh-tw.md").entries.len(), 77);
    let review = |name: &str| {
        let path = dir.path().join(name);
        let run = xtask(
            &workspace(),
            &["l10n", "--deny", "none", path.to_str().unwrap()],
        );
        run.stdout.lines().last().unwrap().to_owned()
    };
    assert_eq!(
        review("crlf.zh-tw.md"),
        "checked 1 file, 171 segments: 84 findings (79 errors, 1 warning, 4 infos; identifier 79, markup 1, whitespace 4)"
    );
    assert_eq!(review("bom.zh-tw.md"), review("crlf.zh-tw.md"));
}

/// Inputs cargo-fuzz found (crates/fuzz), kept once fixed. The first: a `data-stu-id` whose quote
/// runs on to a later `"`, so the start tag swallows its own close; span matching then sent the
/// scan backwards, forever, filling memory.
#[test]
fn what_the_fuzzer_found_stays_fixed() {
    for name in ["page-runaway-quote.zh-tw.md"] {
        let path = workspace().join("tests/fixtures/fuzz").join(name);
        let path = path.to_str().unwrap();
        for command in [vec!["l10n", "--deny", "none", path], vec!["model", path]] {
            let run = xtask(&workspace(), &command);
            assert!([0, 2].contains(&run.code), "{command:?}: {}", run.stderr);
        }
    }
}

/// The pages cargo-fuzz found read the same by `Page::parse_segments` and by the full parse.
/// The lone carriage returns once did not: line ends to CommonMark's blocks, but not inside
/// pulldown-cmark's code blocks.
#[test]
fn fuzzed_pages_read_the_same_without_blocks() {
    for name in [
        "page-runaway-quote.zh-tw.md",
        "page-lone-carriage-returns.zh-tw.md",
    ] {
        let bytes = fs::read(workspace().join("tests/fixtures/fuzz").join(name)).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let (whole, light) = (Page::parse(&text), Page::parse_segments(&text));
        assert_eq!(light.segments, whole.segments, "{name}");
        assert_eq!(light.problems, whole.problems, "{name}");
    }
}

/// Models cargo-fuzz found that loaded but did not load again once saved.
#[test]
fn fuzzed_models_save_and_load_again() {
    for name in ["model-saved-does-not-load.yaml"] {
        let text = fs::read_to_string(workspace().join("tests/fixtures/fuzz").join(name)).unwrap();
        let Ok(model) = doccodes_model::Model::from_yaml(name, &text) else {
            continue;
        };
        let saved = model.to_yaml();
        let again = doccodes_model::Model::from_yaml(name, &saved)
            .unwrap_or_else(|error| panic!("{name} saved does not load: {error:?}\n{saved}"));
        assert_eq!(again, model, "{name}");
    }
}
