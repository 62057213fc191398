//! `--format sarif` as a code-scanning service reads it: valid against the official SARIF 2.1.0
//! schema (Python's `jsonschema`, run as a child process), one rule per check, every finding a
//! result at its line and column, fixes that are the repairs `--fix` makes.

use std::path::Path;
use std::process::Command;

use doccodes_l10n::{Check, Config, Review, review};
use doccodes_l10n_report::{Baseline, Format, Stale, Writer};
use serde_json::Value;

use crate::support::{pages_under, read, seed_page, shared, workspace};

pub const SEED: &str = "docs-src/sspi-status-codes.zh-tw.md";

/// A page to check: its path as given, its label (the path under the folder checked) and text.
pub struct Page {
    pub path: String,
    pub label: String,
    pub text: String,
}

impl Page {
    pub fn new(path: &str, label: &str, text: String) -> Page {
        Page {
            path: path.to_owned(),
            label: label.to_owned(),
            text,
        }
    }

    /// Checked as the CLI checks for SARIF: with the certain repairs marked, for the fixes.
    pub fn review(&self) -> Review<'_> {
        let config = Config {
            mark_certain: true,
            ..Config::default()
        };
        review(&self.path, &self.text, None, &config)
    }
}

pub fn seed() -> Page {
    Page::new(SEED, "sspi-status-codes.zh-tw.md", seed_page())
}

/// A run of the checks as the CLI makes it.
pub struct Run<'b> {
    /// What it prints.
    pub text: String,
    pub findings: usize,
    pub known: usize,
    pub stale: Vec<Stale<'b>>,
}

/// `pages` checked and reported in `format`, against `baseline` when given: each page
/// classified and rendered as a worker thread does, then written in order.
pub fn run<'b>(format: Format, pages: &[Page], baseline: Option<&'b Baseline>) -> Run<'b> {
    let mut writer = Writer::new(format).version("9.8.7");
    let mut out = writer.start().into_bytes();
    for page in pages {
        let review = page.review();
        let known = baseline.map(|baseline| baseline.for_page(&page.label).classify(&review));
        let rendered = format.render_with(&review, &page.label, known.as_ref());
        writer.write(rendered, &mut out).unwrap();
    }
    let stale = baseline.map_or(Vec::new(), |baseline| writer.stale(baseline));
    let (findings, known) = (writer.totals().findings, writer.totals().known);
    out.extend(writer.finish().into_bytes());
    Run {
        text: String::from_utf8(out).unwrap(),
        findings,
        known,
        stale,
    }
}

fn sarif(pages: &[Page], baseline: Option<&Baseline>) -> Value {
    let text = run(Format::Sarif, pages, baseline).text;
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}:\n{text}"))
}

/// The rules are the checks, in order, each with its help and default level; every result is
/// its finding: rule, level, message, file, line and column, and the end of what it marks.
#[test]
fn the_sarif_of_the_seed_page_has_a_rule_per_check_and_a_result_per_finding() {
    let page = seed();
    let review = page.review();
    let log = sarif(std::slice::from_ref(&page), None);
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "doccodes");
    assert_eq!(driver["version"], "9.8.7");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Check::ALL.len());
    for (rule, check) in rules.iter().zip(Check::ALL) {
        assert_eq!(rule["id"], check.id());
        assert_eq!(rule["fullDescription"]["text"], check.description());
        assert!(
            rule["help"]["text"]
                .as_str()
                .unwrap()
                .starts_with(check.description())
        );
        let level = match check.severity().label() {
            "info" => "note",
            label => label,
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level);
        assert_eq!(
            rule["defaultConfiguration"]["enabled"].as_bool(),
            (!check.on_by_default()).then_some(false),
            "{}",
            check.id()
        );
    }

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), review.findings.len());
    assert_eq!(
        results.len(),
        84,
        "the seed page's findings (tests/golden/l10n/seed.txt)"
    );
    let lines: Vec<&str> = page.text.lines().collect();
    for (result, finding) in results.iter().zip(&review.findings) {
        assert_eq!(result["ruleId"], finding.check.id());
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(
            result["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with(&finding.message)
        );
        assert!(result.get("baselineState").is_none(), "no baseline");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], SEED);
        assert_eq!(location["artifactLocation"]["uriBaseId"], "SRCROOT");
        let region = &location["region"];
        assert_eq!(region["startLine"], finding.line);
        assert_eq!(region["startColumn"], finding.column);
        // Columns in code points: the line's characters from start to end are the defect.
        if let (Some(mark), Some(target)) = (&finding.mark, finding.target) {
            let end = region["endColumn"].as_u64().unwrap() as usize;
            let marked: String = lines[finding.line - 1]
                .chars()
                .skip(finding.column - 1)
                .take(end - finding.column)
                .collect();
            assert_eq!(marked, target[mark.clone()], "{result}");
        }
        assert!(
            result["partialFingerprints"]["doccodesKey/v1"]
                .as_str()
                .unwrap()
                .starts_with("[\"sspi-status-codes.zh-tw.md\","),
            "the key's page is the label"
        );
    }
    let fingerprints: std::collections::BTreeSet<String> = results
        .iter()
        .map(|result| result["partialFingerprints"].to_string())
        .collect();
    assert_eq!(
        fingerprints.len(),
        results.len(),
        "each result's is its own"
    );
}

/// A fix is a repair `--fix` is certain of: applying every fix of the seed page gives the page
/// `--fix` writes, and no fix is offered where the suggestion only names what is missing.
#[test]
fn sarif_fixes_are_the_repairs_fix_makes() {
    let page = seed();
    let log = sarif(std::slice::from_ref(&page), None);
    let mut edits = Vec::new();
    for result in log["runs"][0]["results"].as_array().unwrap() {
        for fix in result["fixes"].as_array().into_iter().flatten() {
            let change = &fix["artifactChanges"][0];
            assert_eq!(change["artifactLocation"]["uri"], SEED);
            let replacement = &change["replacements"][0];
            let region = &replacement["deletedRegion"];
            assert_eq!(
                region,
                &result["locations"][0]["physicalLocation"]["region"]
            );
            let line = region["startLine"].as_u64().unwrap() as usize;
            let start = region["startColumn"].as_u64().unwrap() as usize;
            let end = region["endColumn"].as_u64().unwrap() as usize;
            let inserted = replacement["insertedContent"]["text"].as_str().unwrap();
            edits.push((line, start, end, inserted.to_owned()));
        }
    }
    assert!(
        edits.len() > 70,
        "the names in cells are certain: {}",
        edits.len()
    );
    // Applied from the last, so that earlier columns stay where they are.
    let mut lines: Vec<String> = page.text.lines().map(str::to_owned).collect();
    for (line, start, end, inserted) in edits.iter().rev() {
        let chars: Vec<char> = lines[line - 1].chars().collect();
        let before: String = chars[..start - 1].iter().collect();
        let after: String = chars[end - 1..].iter().collect();
        lines[line - 1] = format!("{before}{inserted}{after}");
    }
    let fixed = lines.join("\n") + "\n";
    let (repaired, _) = doccodes_l10n::repair(SEED, &page.text, &Config::default()).unwrap();
    assert_eq!(fixed, repaired);
}

/// Python's `jsonschema` present, or `false` after saying the test skips. CI installs
/// python3-jsonschema and sets DOCCODES_REQUIRE_JSONSCHEMA, so that this cannot pass by
/// skipping there.
fn has_jsonschema() -> bool {
    crate::support::tool(
        "python3",
        &["-c", "import jsonschema"],
        "DOCCODES_REQUIRE_JSONSCHEMA",
        "python3 -m pip install jsonschema to validate SARIF against its schema",
    )
}

/// The errors of the JSON at `instance` against the draft-4 schema at `schema`, one a line;
/// empty when it is valid.
fn schema_errors(schema: &Path, instance: &Path) -> String {
    const VALIDATE: &str = "
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding='utf-8'))
instance = json.load(open(sys.argv[2], encoding='utf-8'))
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))[:10]:
    print('/'.join(map(str, error.absolute_path)) + ': ' + error.message)
";
    crate::support::run(
        Command::new("python3")
            .args(["-c", VALIDATE])
            .arg(schema)
            .arg(instance),
    )
}

/// The SARIF of the seed page, and of a run of many pages (the zh-TW and de-DE corpus, an
/// English page, a page given by its absolute path) against a baseline of the seed page, is
/// valid SARIF 2.1.0; a log the schema does not allow is not.
#[test]
fn sarif_validates_against_the_official_schema() {
    if !crate::support::has_shared() || !has_jsonschema() {
        return;
    }
    let schema = shared().join("schemas/sarif-schema-2.1.0.json");
    let dir = tempfile::tempdir().unwrap();
    let validate = |text: &str| {
        let path = dir.path().join("log.sarif");
        std::fs::write(&path, text).unwrap();
        schema_errors(&schema, &path)
    };

    let single = run(Format::Sarif, &[seed()], None).text;
    assert_eq!(validate(&single), "", "the seed page");

    let mut pages = vec![seed()];
    for locale in ["zh-tw", "de-de"] {
        let folder = shared().join("corpus").join(locale);
        for path in pages_under(&folder) {
            let label = path.strip_prefix(&folder).unwrap().to_str().unwrap();
            pages.push(Page::new(path.to_str().unwrap(), label, read(&path)));
        }
    }
    let english = pages_under(&shared().join("corpus/en-us"))[0].clone();
    pages.push(Page::new("english.md", "english.md", read(&english)));
    let absolute = workspace().join(SEED);
    pages.push(Page::new(
        absolute.to_str().unwrap(),
        "absolute.md",
        seed_page(),
    ));
    let mut writer = doccodes_l10n_report::BaselineWriter::new();
    writer.add(&pages[0].label, &pages[0].review());
    let baseline = doccodes_l10n_report::Baseline::parse("b.json", &writer.finish()).unwrap();
    let many = run(Format::Sarif, &pages, Some(&baseline));
    assert_eq!(validate(&many.text), "", "{} pages", pages.len());

    let log: Value = serde_json::from_str(&many.text).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let findings: usize = pages.iter().map(|page| page.review().findings.len()).sum();
    assert_eq!(results.len(), findings);
    let unchanged = results
        .iter()
        .filter(|result| result["baselineState"] == "unchanged")
        .count();
    assert_eq!(unchanged, 84, "the seed page's findings, in the baseline");
    assert!(
        results
            .iter()
            .all(|r| r["baselineState"] == "unchanged" || r["baselineState"] == "new")
    );
    let properties = &log["runs"][0]["properties"];
    assert_eq!(properties["known"], 84);
    assert_eq!(properties["findings"], findings - 84);
    assert_eq!(properties["files"], pages.len());
    assert!(
        results.iter().any(
            |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("file:///")
        ),
        "an absolute path is a file URI"
    );

    // The schema is read: a level SARIF does not have, and a result without its message, fail.
    let broken = single.replacen("\"level\":\"error\"", "\"level\":\"info\"", 1);
    assert!(
        validate(&broken).contains("'info' is not one of"),
        "{}",
        validate(&broken)
    );
    let broken = single.replacen("\"message\":", "\"note\":", 1);
    assert!(validate(&broken).contains("'message' is a required property"));
}
