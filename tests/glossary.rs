//! `cargo xtask l10n --glossary FILE`: the do-not-translate terms the translations broke, for a
//! machine-translation system. The seed page's glossary in golden files a reviewer reads; the
//! CSV read back as RFC 4180 says (and by Python's csv module, as a spreadsheet-like reader);
//! the TBX validated with xmllint (tests/fixtures/tbx/); counts held against the JSON report.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use expect_test::expect_file;
use serde_json::Value;

use crate::support::{Run, shared, workspace, xtask};

const SEED: &str = "docs-src/sspi-status-codes.zh-tw.md";
const CORPUS: &str = "../shared/corpus";

/// `l10n --deny none --glossary DIR/terms.csv --glossary DIR/terms.tbx ARGS`, and the two files.
struct Glossary {
    run: Run,
    dir: tempfile::TempDir,
}

impl Glossary {
    fn of(args: &[&str]) -> Glossary {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("terms.csv");
        let tbx = dir.path().join("terms.tbx");
        let mut all = vec![
            "l10n",
            "--deny",
            "none",
            "--glossary",
            csv.to_str().unwrap(),
            "--glossary",
            tbx.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        let run = xtask(&workspace(), &all);
        assert_eq!(run.code, 0, "{}", run.stderr);
        Glossary { run, dir }
    }

    fn csv_path(&self) -> PathBuf {
        self.dir.path().join("terms.csv")
    }

    fn tbx_path(&self) -> PathBuf {
        self.dir.path().join("terms.tbx")
    }

    fn csv_bytes(&self) -> Vec<u8> {
        fs::read(self.csv_path()).unwrap()
    }

    /// The CSV's records after its header, read as RFC 4180 says.
    fn rows(&self) -> Vec<Row> {
        let records = read_csv(&self.csv_bytes());
        assert_eq!(
            records[0],
            ["term", "count", "pages", "locales", "checks", "example"]
        );
        records[1..].iter().map(|record| Row::of(record)).collect()
    }

    fn tbx(&self) -> String {
        fs::read_to_string(self.tbx_path()).unwrap()
    }
}

#[derive(Debug)]
struct Row {
    term: String,
    count: usize,
    pages: usize,
    locales: Vec<String>,
    checks: Vec<String>,
    example: String,
}

impl Row {
    fn of(record: &[String]) -> Row {
        assert_eq!(record.len(), 6, "{record:?}");
        let list = |field: &str| field.split(' ').map(str::to_owned).collect();
        Row {
            term: record[0].clone(),
            count: record[1].parse().unwrap(),
            pages: record[2].parse().unwrap(),
            locales: list(&record[3]),
            checks: list(&record[4]),
            example: record[5].clone(),
        }
    }
}

/// A strict RFC 4180 reader: UTF-8 after a byte order mark, records ending in CRLF, fields
/// quoted with `"` when they hold `,` `"` or a line break, `""` for a quote inside.
fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a byte order mark, so that Excel reads UTF-8");
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                assert!(field.is_empty() && !was_quoted, "a quote inside a field");
                quoted = true;
                was_quoted = true;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                was_quoted = false;
            }
            '\n' => panic!("a bare LF ends a record"),
            _ => {
                assert!(!was_quoted, "text after a closing quote");
                field.push(c);
            }
        }
    }
    assert!(!quoted, "an unclosed quote");
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

/// The findings of the JSON report of `args` that the glossary is made of: identifier
/// findings with a suggestion.
fn identifier_findings(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["l10n", "--format", "json", "--deny", "none"];
    all.extend_from_slice(args);
    let run = xtask(&workspace(), &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["category"] == "identifier" && f["suggestion"].is_string())
        .cloned()
        .collect()
}

#[test]
fn the_seed_pages_broken_terms_in_both_files() {
    let glossary = Glossary::of(&[SEED]);
    assert_eq!(glossary.run.stderr, "");
    let bytes = glossary.csv_bytes();
    assert!(bytes.starts_with("\u{feff}term,".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "CRLF after every record"
    );
    // The golden file without the byte order mark and with LF, as a reviewer reads it.
    let readable = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    expect_file![workspace().join("tests/golden/glossary/seed.csv")].assert_eq(&readable);
    expect_file![workspace().join("tests/golden/glossary/seed.tbx")].assert_eq(&glossary.tbx());

    // One term per broken name, each the suggestion as it reads, counted as the report does.
    let findings = identifier_findings(&[SEED]);
    let rows = glossary.rows();
    assert_eq!(
        rows.iter().map(|row| row.count).sum::<usize>(),
        findings.len()
    );
    let suggested: BTreeSet<String> = findings
        .iter()
        .map(|f| f["suggestion"].as_str().unwrap().replace("\\_", "_"))
        .collect();
    let terms: BTreeSet<String> = rows.iter().map(|row| row.term.clone()).collect();
    assert_eq!(terms, suggested);
    let mismatch = rows
        .iter()
        .find(|row| row.term == "SEC_E_ALGORITHM_MISMATCH")
        .unwrap();
    assert_eq!((mismatch.count, mismatch.pages), (1, 1));
    assert_eq!(mismatch.locales, ["zh-TW"]);
    assert_eq!(mismatch.checks, ["dnt-identifier"]);
    assert_eq!(mismatch.example, format!("{SEED}:22:33"));

    // The TBX holds the same terms in the same order, in English and in zh-TW.
    let tbx = glossary.tbx();
    assert_eq!(tbx.matches("<conceptEntry ").count(), rows.len());
    for row in &rows {
        let term = format!("<term>{}</term>", row.term);
        assert_eq!(tbx.matches(&term).count(), 2, "{term}");
    }
}

/// Two locales and many pages: counts, pages and locales add up, the order is by count then
/// term, and a term broken in both locales has both in its entry.
#[test]
fn the_corpus_terms_add_up_over_pages_and_locales() {
    if !crate::support::has_shared() {
        return;
    }
    let _ = shared();
    let glossary = Glossary::of(&[CORPUS, SEED]);
    let rows = glossary.rows();
    let findings = identifier_findings(&[CORPUS, SEED]);
    assert_eq!(
        rows.iter().map(|row| row.count).sum::<usize>(),
        findings.len()
    );
    for pair in rows.windows(2) {
        let key = |row: &Row| (std::cmp::Reverse(row.count), row.term.clone());
        assert!(key(&pair[0]) < key(&pair[1]), "{pair:?}");
    }
    for row in &rows {
        assert!(row.pages >= 1 && row.pages <= row.count, "{row:?}");
        let pages: BTreeSet<&str> = findings
            .iter()
            .filter(|f| reads_as(f, &row.term))
            .map(|f| f["file"].as_str().unwrap())
            .collect();
        assert_eq!(pages.len(), row.pages, "{row:?}");
    }
    let winerror = rows.iter().find(|row| row.term == "Winerror.h").unwrap();
    assert_eq!(winerror.locales, ["de-DE", "zh-TW"]);
    assert!(winerror.checks.contains(&"file-name".to_owned()));
    assert!(winerror.pages > 1);
    // Every locale a term was broken in has its langSec, beside the English one.
    let tbx = glossary.tbx();
    let languages: usize = rows.iter().map(|row| 1 + row.locales.len()).sum();
    assert_eq!(tbx.matches("<langSec ").count(), languages);
    python_reads_the_csv_as_we_do(&glossary.csv_path(), &rows);
}

/// Whether the finding `f`'s suggestion reads as `term`: backslash escapes resolved, a code
/// span's backticks off (all the corpus has).
fn reads_as(f: &Value, term: &str) -> bool {
    let suggestion = f["suggestion"].as_str().unwrap();
    if f["check"] == "code-span" {
        return suggestion.trim_matches('`') == term;
    }
    let mut reads = String::new();
    let mut chars = suggestion.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                reads.push(next);
                chars.next();
            }
            _ => reads.push(c),
        }
    }
    reads == term
}

/// Python's csv module, reading the file as a spreadsheet would (UTF-8 with its byte order
/// mark, CRLF records), finds the same fields; skipped where there is no python3.
fn python_reads_the_csv_as_we_do(csv: &Path, rows: &[Row]) {
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    \
                  print(json.dumps(list(csv.reader(f, strict=True))))";
    let Ok(output) = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(csv)
        .output()
    else {
        eprintln!("skipped: no python3 to read the CSV with its csv module");
        return;
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records: Vec<Vec<String>> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(records.len(), rows.len() + 1);
    for (record, row) in records[1..].iter().zip(rows) {
        assert_eq!(record[0], row.term);
        assert_eq!(record[1], row.count.to_string());
        assert_eq!(record[5], row.example);
    }
}

/// xmllint validates the TBX of the seed page and of the corpus against the schema in
/// tests/fixtures/tbx/ (and against an official TBX schema when DOCCODES_TBX_RNG names one),
/// and rejects a TBX the schema does not allow. CI installs libxml2-utils and sets
/// DOCCODES_REQUIRE_XMLLINT, so that this cannot pass by skipping there.
#[test]
fn the_tbx_validates_against_the_tbx_core_schema() {
    if !crate::support::has_shared() {
        return;
    }
    if !crate::support::tool(
        "xmllint",
        &["--version"],
        "DOCCODES_REQUIRE_XMLLINT",
        "install libxml2-utils to validate the TBX glossary with xmllint",
    ) {
        return;
    }
    let mut schemas = vec![workspace().join("tests/fixtures/tbx/glossary.rng")];
    if let Some(official) = std::env::var_os("DOCCODES_TBX_RNG") {
        schemas.push(PathBuf::from(official));
    }
    let validate = |tbx: &Path, schema: &Path| {
        Command::new("xmllint")
            .args(["--noout", "--relaxng"])
            .arg(schema)
            .arg(tbx)
            .output()
            .unwrap()
    };
    let _ = shared();
    for args in [&[SEED][..], &[CORPUS, SEED][..]] {
        let glossary = Glossary::of(args);
        for schema in &schemas {
            let output = validate(&glossary.tbx_path(), schema);
            assert!(
                output.status.success(),
                "{args:?} against {}: {}",
                schema.display(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    // The schema is read: a TBX of another dialect, or a langSec without its language, fails.
    let glossary = Glossary::of(&[SEED]);
    let tbx = glossary.tbx();
    let broken = [
        tbx.replace("type=\"TBX-Core\"", "type=\"TBX-Basic\""),
        tbx.replacen("<langSec xml:lang=\"en\">", "<langSec>", 1),
        tbx.replace("urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed-1"),
    ];
    for (number, text) in broken.iter().enumerate() {
        let path = glossary.dir.path().join(format!("broken-{number}.tbx"));
        fs::write(&path, text).unwrap();
        let output = validate(&path, &schemas[0]);
        assert!(!output.status.success(), "broken-{number} validated");
    }
}

#[test]
fn a_glossary_file_of_another_extension_is_refused_before_any_page_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("terms.txt");
    let csv = dir.path().join("terms.csv");
    let run = xtask(
        &workspace(),
        &[
            "l10n",
            "--glossary",
            csv.to_str().unwrap(),
            "--glossary",
            txt.to_str().unwrap(),
            SEED,
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "", "nothing checked");
    assert!(
        run.stderr
            .contains("terms.txt`: the format is chosen by the extension, .csv or .tbx"),
        "{}",
        run.stderr
    );
    assert!(!txt.exists() && !csv.exists(), "nothing written");
}

/// With --fix, the glossary is what the translation broke, not what is left after the repairs.
#[test]
fn with_fix_the_glossary_lists_the_terms_before_the_repairs() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("sspi-status-codes.zh-tw.md");
    fs::copy(workspace().join(SEED), &page).unwrap();
    let fixed = Glossary::of(&["--fix", page.to_str().unwrap()]);
    assert!(fixed.run.stderr.contains("fixed "), "{}", fixed.run.stderr);
    assert_ne!(
        fs::read(&page).unwrap(),
        fs::read(workspace().join(SEED)).unwrap(),
        "the page was repaired"
    );
    let as_published = Glossary::of(&[SEED]);
    let terms = |glossary: &Glossary| -> Vec<(String, usize)> {
        glossary
            .rows()
            .into_iter()
            .map(|row| (row.term, row.count))
            .collect()
    };
    assert_eq!(terms(&fixed), terms(&as_published));
}

/// A page with nothing broken: a CSV of the header, and no TBX (its body holds an entry).
#[test]
fn nothing_broken_is_a_csv_header_and_no_tbx() {
    if !crate::support::has_shared() {
        return;
    }
    let _ = shared();
    let english = "../shared/corpus/en-us/desktop-src/TBS/tbs-return-codes.md";
    let glossary = Glossary::of(&[english]);
    assert_eq!(
        glossary.csv_bytes(),
        "\u{feff}term,count,pages,locales,checks,example\r\n".as_bytes()
    );
    assert!(!glossary.tbx_path().exists());
    assert!(
        glossary
            .run
            .stderr
            .contains("terms.tbx` not written: no term was broken"),
        "{}",
        glossary.run.stderr
    );
}
