//! Baselines as a team adopting the checks in CI uses them: a baseline written from today's
//! pages passes them, still passes when every line has moved, fails on exactly one new defect,
//! and names the entries whose defects were fixed.

use doccodes_diagnostic::Severity;
use doccodes_l10n_report::baseline::Entry;
use doccodes_l10n_report::{Baseline, BaselineWriter, Format};
use serde_json::Value;

use crate::sarif::{Page, run, seed};

/// The baseline of `pages`, written to its file and read back, as CI would use it.
fn baseline_of(pages: &[Page]) -> Baseline {
    let mut writer = BaselineWriter::new();
    for page in pages {
        writer.add(&page.label, &page.review());
    }
    let text = writer.finish();
    Baseline::parse("baseline.json", &text).unwrap_or_else(|error| panic!("{error}\n{text}"))
}

/// The seed page with `from` replaced by `to` once, where it occurs once.
fn edited(from: &str, to: &str) -> Page {
    let page = seed();
    assert_eq!(page.text.matches(from).count(), 1, "{from}");
    Page {
        text: page.text.replacen(from, to, 1),
        ..page
    }
}

/// The report's findings, read from its JSON.
fn json_findings(text: &str) -> Vec<Value> {
    let report: Value = serde_json::from_str(text).unwrap();
    report["findings"].as_array().unwrap().clone()
}

#[test]
fn a_baseline_of_todays_page_passes_it() {
    let page = seed();
    let baseline = baseline_of(std::slice::from_ref(&page));
    // 84 findings, each its own key but for the same defect twice in a segment.
    let counted: usize = baseline.entries().iter().map(|entry| entry.count).sum();
    assert_eq!(counted, 84);
    let review = page.review();
    let known = baseline.for_page(&page.label).classify(&review);
    assert!(known.findings.iter().all(|&known| known));
    // What --deny compares: nothing new, where without the baseline there are errors.
    let rendered = Format::Human.render_with(&review, &page.label, Some(&known));
    assert_eq!(rendered.worst(), None);
    let rendered = Format::Human.render_with(&review, &page.label, None);
    assert_eq!(rendered.worst(), Some(Severity::Error));

    let human = run(Format::Human, std::slice::from_ref(&page), Some(&baseline));
    assert_eq!(
        human.text,
        "checked 1 file, 171 segments: 0 findings; 84 known from the baseline, not shown\n"
    );
    assert!(human.stale.is_empty());
    let json = run(Format::Json, std::slice::from_ref(&page), Some(&baseline));
    assert_eq!(json_findings(&json.text), Vec::<Value>::new());
    let report: Value = serde_json::from_str(&json.text).unwrap();
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 1, "segments": 171, "findings": 0}),
        "the summary of L10N-CHECKS.md, counting what is reported"
    );
    let html = run(Format::Html, std::slice::from_ref(&page), Some(&baseline));
    assert!(
        html.text
            .contains("<p id=\"known\">84 findings known from the baseline")
    );
}

/// Blank lines and a paragraph above the title (the front matter kept first): every finding
/// below the front matter is on another line, and all are known.
#[test]
fn a_baseline_survives_every_line_moving() {
    let page = seed();
    let before = page.review();
    let moved = edited(
        "---\n# ",
        "---\n\n\n<!-- moved -->\n\nA paragraph the page did not have.\n\n# ",
    );
    let after = moved.review();
    assert_eq!(after.findings.len(), before.findings.len());
    let (front_matter, inserted) = (13, 6);
    assert_eq!(
        moved.text.lines().count(),
        page.text.lines().count() + inserted
    );
    let unmoved: Vec<(usize, &str)> = (after.findings.iter().zip(&before.findings))
        .filter(|(a, b)| {
            a.line != b.line + inserted && !(a.line == b.line && b.line <= front_matter)
        })
        .map(|(a, b)| (b.line, a.check.id()))
        .collect();
    assert_eq!(unmoved, [], "every finding below the front matter moved");
    assert!(
        after
            .findings
            .iter()
            .filter(|f| f.line > front_matter)
            .count()
            > 80
    );
    let baseline = baseline_of(std::slice::from_ref(&page));
    let run = run(Format::Json, std::slice::from_ref(&moved), Some(&baseline));
    assert_eq!(json_findings(&run.text), Vec::<Value>::new());
    assert_eq!((run.findings, run.known), (0, 84));
    assert!(run.stale.is_empty());
}

/// An identifier damaged in a segment that had no finding: one new finding, that one, and the
/// others still known.
#[test]
fn one_new_defect_is_one_new_finding() {
    let baseline = baseline_of(&[seed()]);
    let damaged = edited("並定義于 Winerror.h 中", "並定義于 WinError. h 中");
    let run = run(
        Format::Json,
        std::slice::from_ref(&damaged),
        Some(&baseline),
    );
    let findings = json_findings(&run.text);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["check"], "file-name");
    assert_eq!(findings[0]["segment"], "df3f1-104");
    assert_eq!((run.findings, run.known), (1, 84));
    assert!(run.stale.is_empty());

    // The exit code counts the new finding: an error.
    let review = damaged.review();
    let known = baseline.for_page(&damaged.label).classify(&review);
    assert_eq!(known.count(), 84);
    let rendered = Format::Json.render_with(&review, &damaged.label, Some(&known));
    assert_eq!(rendered.worst(), Some(Severity::Error));

    // SARIF lists every finding, the new one as new.
    let sarif = crate::sarif::run(
        Format::Sarif,
        std::slice::from_ref(&damaged),
        Some(&baseline),
    );
    let log: Value = serde_json::from_str(&sarif.text).unwrap();
    let states: Vec<&Value> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| &result["baselineState"])
        .collect();
    assert_eq!(states.len(), 85);
    assert_eq!(states.iter().filter(|state| **state == "new").count(), 1);
}

/// A defect fixed leaves its entry stale, named with its page, segment, check and defect; a
/// page the run did not check has no stale entries.
#[test]
fn an_entry_whose_defect_was_fixed_is_stale() {
    let other = Page::new("other.zh-tw.md", "other.zh-tw.md", seed().text);
    let baseline = baseline_of(&[seed(), other]);
    let fixed = edited(
        "[**InitializeSecurityCoNtext (一般)**]",
        "[**InitializeSecurityContext (一般)**]",
    );
    let run = run(Format::Human, std::slice::from_ref(&fixed), Some(&baseline));
    assert_eq!(run.findings, 0, "{}", run.text);
    assert_eq!(run.stale.len(), 1);
    let stale = &run.stale[0];
    assert_eq!(&*stale.entry.page, "sspi-status-codes.zh-tw.md");
    assert_eq!(stale.entry.segment.as_deref(), Some("df3f1-256"));
    assert_eq!(stale.entry.check, "identifier-case");
    assert_eq!(&*stale.entry.defect, "InitializeSecurityCoNtext");
    assert_eq!(stale.found, 0);
    assert_eq!(
        stale.diagnostic().to_string(),
        "warning: baseline entry `sspi-status-codes.zh-tw.md` segment df3f1-256 identifier-case: \
         `InitializeSecurityCoNtext` no longer found\n \
         = help: fixed? write the baseline again (--write-baseline) to drop the entry\n"
    );
}

/// A page with the same defect twice in one segment (an id used twice): one entry with a
/// count; a third is new (and so is its id's second duplicate), and with one gone the entry is
/// stale, found once of twice.
#[test]
fn the_same_key_twice_is_one_entry_with_a_count() {
    let row = "| <span data-ttu-id=\"ab12c-101\">秒 \\_ E \\_ 確定</span><span class=\"sxs-lookup\"><span data-stu-id=\"ab12c-101\">SEC\\_E\\_OK</span></span> |\n";
    let page_of = |rows: usize| {
        let text = format!(
            "---\ntitle: T\nms.contentlocale: zh-TW\n---\n\n# T\n\n| a |\n|---|\n{}",
            row.repeat(rows)
        );
        Page::new("twice.md", "twice.md", text)
    };
    let twice = page_of(2);
    let baseline = baseline_of(std::slice::from_ref(&twice));
    let counted: Vec<(&str, usize)> = baseline
        .entries()
        .iter()
        .map(|entry| (&*entry.check, entry.count))
        .collect();
    assert!(counted.contains(&("dnt-identifier", 2)), "{counted:?}");
    let json = baseline.to_json();
    assert!(json.contains(", \"count\": 2}"), "{json}");

    let three = run(Format::Json, &[page_of(3)], Some(&baseline));
    let new: Vec<(String, u64)> = json_findings(&three.text)
        .iter()
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let new: Vec<(&str, u64)> = new
        .iter()
        .map(|(check, line)| (check.as_str(), *line))
        .collect();
    assert_eq!(
        new,
        [("duplicate-id", 12), ("dnt-identifier", 12)],
        "the third row"
    );

    let once = run(Format::Json, &[page_of(1)], Some(&baseline));
    let stale: Vec<(&str, usize, usize)> = once
        .stale
        .iter()
        .map(|stale| (&*stale.entry.check, stale.entry.count, stale.found))
        .collect();
    assert_eq!(
        stale,
        [("dnt-identifier", 2, 1), ("duplicate-id", 1, 0)],
        "in the baseline's order"
    );
}

/// The file: sorted, one entry a line, read back to the same baseline and written again to the
/// same bytes; labels written on Windows are the same page.
#[test]
fn the_baseline_file_round_trips_in_a_stable_order() {
    let mut writer = BaselineWriter::new();
    let pages = [
        Page::new("b/x.md", "b\\x.md", seed().text),
        Page::new("a/x.md", "./a/x.md", seed().text),
    ];
    for page in &pages {
        writer.add(&page.label, &page.review());
    }
    let text = writer.finish();
    let baseline = Baseline::parse("baseline.json", &text).unwrap();
    assert!(text.starts_with("{\n  \"version\": 1,\n  \"entries\": [\n    {\"page\": \"a/x.md\""));
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("    {")).collect();
    assert_eq!(lines.len(), baseline.entries().len());
    // Written page by page as it is read back and written whole: sorted, one line a key.
    assert_eq!(baseline.to_json(), text);
    assert_eq!(
        baseline
            .for_page("b/x.md")
            .classify(&pages[0].review())
            .count(),
        84
    );
    // One page under two labels (as two paths may name it) is one page: counted together.
    let mut twice = BaselineWriter::new();
    twice.add("a/x.md", &pages[1].review());
    twice.add("./a/x.md", &pages[1].review());
    let twice = Baseline::parse("twice.json", &twice.finish()).unwrap();
    let once: Vec<&Entry> = (baseline.entries().iter())
        .filter(|entry| &*entry.page == "a/x.md")
        .collect();
    assert_eq!(twice.entries().len(), once.len());
    for (entry, single) in twice.entries().iter().zip(once) {
        assert_eq!(
            (&entry.segment, &entry.defect),
            (&single.segment, &single.defect)
        );
        assert_eq!(entry.count, 2 * single.count);
    }
    let empty = BaselineWriter::new().finish();
    assert_eq!(empty, "{\n  \"version\": 1,\n  \"entries\": []\n}\n");
    assert_eq!(Baseline::parse("b.json", &empty).unwrap().entries(), []);
}

/// Files that are not baselines: an error for people, at the place, never a panic.
#[test]
fn a_bad_baseline_is_an_error_at_its_place() {
    let error = |text: &str| {
        let error = Baseline::parse("b.json", text).unwrap_err();
        let location = error.location.clone().unwrap();
        (error.message, location.line, location.column)
    };
    let (message, line, _) = error("{\n  \"version\": 2,\n  \"entries\": []\n}\n");
    assert_eq!(
        message,
        "`b.json` is not a baseline: version 2 of the baseline format; this doccodes reads version 1"
    );
    assert_eq!(line, 2);
    let (message, line, column) =
        error("{\n  \"version\": 1,\n  \"entries\": [\n    {\"page\": 1}\n");
    assert!(
        message.contains("invalid type: integer `1`, expected a string"),
        "{message}"
    );
    assert_eq!((line, column), (4, 14), "at the value");
    let (message, ..) = error(
        "{\"version\": 1, \"entries\": [{\"page\": \"a\", \"check\": \"c\", \"defect\": \"d\", \"count\": 0}]}",
    );
    assert!(message.contains("expected a nonzero"), "{message}");
    let (message, ..) = error("{\"entries\": []}");
    assert!(message.contains("missing field `version`"), "{message}");
    let (message, line, _) = error("{\"version\": 1, \"entries\": [");
    assert!(message.contains("EOF"), "{message}");
    assert_eq!(line, 1);
    let (message, ..) = error("");
    assert!(message.contains("EOF"), "{message}");
}

/// The command a team runs in CI: `--write-baseline` once, then `--baseline` on every change.
/// Today's page passes; with every line moved it still passes; one new defect fails the run
/// with exactly that finding; a fixed one is reported stale.
#[test]
fn the_command_passes_known_findings_and_fails_on_one_new_defect() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.zh-tw.md");
    let baseline = dir.path().join("l10n-baseline.json");
    let today = std::fs::read_to_string(
        crate::support::workspace().join("docs-src/sspi-status-codes.zh-tw.md"),
    )
    .unwrap();
    std::fs::write(&page, &today).unwrap();
    let l10n = |args: &[&str]| {
        let mut argv = vec!["l10n", "--format", "json"];
        argv.extend_from_slice(args);
        argv.push(page.to_str().unwrap());
        crate::support::xtask(dir.path(), &argv)
    };
    let written = l10n(&[
        "--deny",
        "none",
        "--write-baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let with = ["--baseline", baseline.to_str().unwrap()];
    let passed = l10n(&with);
    assert_eq!((passed.code, passed.stderr.as_str()), (0, ""));
    assert_eq!(json_findings(&passed.stdout).len(), 0);

    // Every line moves: a paragraph after the front matter.
    let moved = today.replacen("\n---\n", "\n---\n\nA note.\n\nAnother note.\n\n", 1);
    assert_ne!(moved, today);
    std::fs::write(&page, &moved).unwrap();
    let passed = l10n(&with);
    assert_eq!((passed.code, passed.stderr.as_str()), (0, ""));

    std::fs::write(&page, moved.replacen("Winerror.h", "WinError. h", 1)).unwrap();
    let failed = l10n(&with);
    assert_eq!(failed.code, 1, "{}", failed.stderr);
    let findings = json_findings(&failed.stdout);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["check"], "file-name");
}
