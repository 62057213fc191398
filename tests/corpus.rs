//! The page parser on every page of the shared corpus: English pages and their zh-TW and de-DE
//! machine translations, 16 tables of codes in every shape the docs use.

use doccodes_diagnostic::Severity;
use doccodes_extract::{PageInput, Skip, SkippedBlock, extract, set_of};
use doccodes_inline::{parse_markdown, to_markdown};
use doccodes_page::{Context, Page, Side};

use crate::support::{pages_under, read, shared, workspace, xtask};

/// The pages of the corpus, in every locale (not its README).
fn corpus_pages() -> Vec<std::path::PathBuf> {
    let mut pages = Vec::new();
    for locale in ["en-us", "zh-tw", "de-de"] {
        pages.extend(pages_under(&shared().join("corpus").join(locale)));
    }
    pages
}

#[test]
fn every_corpus_page_reads_without_a_problem_and_with_every_segment() {
    if !crate::support::has_shared() {
        return;
    }
    let pages = corpus_pages();
    assert_eq!(pages.len(), 48, "16 pages in 3 locales");
    for path in &pages {
        let text = read(path);
        let page = Page::parse(&text);
        let shown = path.display();
        assert!(page.problems.is_empty(), "{shown}: {:?}", page.problems);
        assert!(page.front_matter.is_some(), "{shown}: no front matter");
        assert!(!page.tables.is_empty(), "{shown}: no table");
        // Counted independently of the parser: every data-ttu-id opens one segment.
        let expected = text.matches("<span data-ttu-id=").count();
        assert_eq!(page.segments.len(), expected, "{shown}");
        let english = path.components().any(|c| c.as_os_str() == "en-us");
        assert_eq!(
            english,
            expected == 0,
            "{shown}: only English pages lack segments"
        );
        for segment in &page.segments {
            assert_eq!(
                &text[segment.source_offset..][..segment.source.len()],
                segment.source
            );
            let prefix = page.segments[0].id.split('-').next();
            assert_eq!(
                segment.id.split('-').next(),
                prefix,
                "{shown}: one id prefix a page"
            );
        }
    }
}

#[test]
fn every_cell_reads_on_both_sides_and_its_markdown_reads_back_the_same() {
    if !crate::support::has_shared() {
        return;
    }
    let mut lines = 0;
    for path in corpus_pages() {
        let text = read(&path);
        let page = Page::parse(&text);
        for table in &page.tables {
            let cells = table
                .header
                .iter()
                .chain(table.rows.iter().flat_map(|row| &row.cells));
            for cell in cells {
                for side in [Side::Source, Side::Target] {
                    for line in page.lines(cell.content.clone(), side, Context::TableCell) {
                        let markdown = to_markdown(&line);
                        assert_eq!(
                            parse_markdown(&markdown),
                            line,
                            "{}: {markdown}",
                            path.display()
                        );
                        assert!(
                            !markdown.contains("<span"),
                            "{}: {markdown}",
                            path.display()
                        );
                        lines += 1;
                    }
                }
            }
        }
    }
    assert!(lines > 10_000, "{lines}");
}

#[test]
fn the_seed_is_the_corpus_zh_tw_page() {
    if !crate::support::has_shared() {
        return;
    }
    let corpus = read(&shared().join("corpus/zh-tw/desktop-src/SecAuthN/sspi-status-codes.md"));
    assert_eq!(
        corpus,
        read(&workspace().join("docs-src/sspi-status-codes.zh-tw.md"))
    );
    assert_eq!(
        read(&shared().join("seed/sspi-status-codes.zh-tw.md")),
        corpus
    );
}

#[test]
fn english_and_translated_sspi_pages_give_the_same_names() {
    if !crate::support::has_shared() {
        return;
    }
    let names = |locale: &str| {
        let page = shared().join(format!(
            "corpus/{locale}/desktop-src/SecAuthN/sspi-status-codes.md"
        ));
        let run = xtask(&workspace(), &["model", page.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let model = doccodes_model::Model::from_yaml("model", &run.stdout).unwrap();
        let expected = doccodes_front_matter::Locale::new(locale).tag;
        assert_eq!(model.sources[0].locale.as_deref(), Some(expected.as_str()));
        model
            .entries
            .into_iter()
            .map(|entry| entry.name)
            .collect::<Vec<_>>()
    };
    let english = names("en-us");
    assert_eq!(english.len(), 77);
    assert_eq!(names("zh-tw"), english);
    assert_eq!(names("de-de"), english);
}

/// What `extract` makes of one corpus page alone: its row count and its diagnostics.
fn extract_alone(relative: &str) -> doccodes_extract::Extraction {
    let path = shared().join("corpus").join(relative);
    let text = read(&path);
    let input = PageInput {
        path: path.to_str().unwrap(),
        text: &text,
    };
    extract(&set_of(input.path).0, &[input], &[], &[])
}

/// The lines of an extraction's diagnostics of `severity`.
fn lines_of(extraction: &doccodes_extract::Extraction, severity: Severity) -> Vec<usize> {
    extraction
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .filter_map(|d| Some(d.location.as_ref()?.line))
        .collect()
}

/// The WMDM page's table of 27 rows at line 64 has no column of code names: its rows are
/// counted as skipped, and a warning names the table.
#[test]
fn tables_that_hold_no_codes_are_named_not_dropped() {
    if !crate::support::has_shared() {
        return;
    }
    let extraction = extract_alone("en-us/desktop-src/WMDM/error-codes.md");
    let [count] = extraction.rows.as_slice() else {
        panic!("{:?}", extraction.rows);
    };
    let table = SkippedBlock {
        line: 64,
        rows: 27,
        why: Skip::NoCodeNames,
    };
    assert!(count.skipped_blocks.contains(&table), "{count:?}");
    assert!(
        lines_of(&extraction, Severity::Warning).contains(&64),
        "{:?}",
        extraction.diagnostics
    );
}

/// The Requirements table under the Direct2D codes names headers, not codes: it is a section
/// of navigation, skipped without a word, and the page's codes are all there.
#[test]
fn navigation_sections_are_not_read_for_codes() {
    if !crate::support::has_shared() {
        return;
    }
    let extraction = extract_alone("en-us/desktop-src/Direct2D/direct2d-error-codes.md");
    let [count] = extraction.rows.as_slice() else {
        panic!("{:?}", extraction.rows);
    };
    assert_eq!(
        count.skipped_blocks,
        [SkippedBlock {
            line: 128,
            rows: 4,
            why: Skip::Navigation
        }]
    );
    assert!(
        extraction
            .diagnostics
            .iter()
            .all(|d| d.location.as_ref().is_none_or(|at| at.line != 128)),
        "{:?}",
        extraction.diagnostics
    );
    let model = extraction.model.as_ref().unwrap();
    assert_eq!(
        model.entries.len(),
        49,
        "47 rows, two of them naming a second code"
    );
}

#[test]
fn a_page_without_codes_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("notes.md");
    std::fs::write(
        &page,
        "# Notes\n\n| Requirement | Value |\n|---|---|\n| Header | Winerror.h |\n",
    )
    .unwrap();
    let run = xtask(&workspace(), &["model", page.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains(
            "warning: this table has no column of code names; its row is not in the model\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "error[no-codes]: no table of codes on the pages of `notes` (`{}`): there is nothing to generate",
            page.display()
        )),
        "{}",
        run.stderr
    );
}

/// What the corpus pages give: per page, its rows (table rows and definition-list terms), the
/// entries of its model, and how the rest are accounted for. Every row is an entry or is named
/// by a diagnostic; none is dropped silently.
#[test]
fn every_row_of_every_corpus_page_is_an_entry_or_a_diagnostic() {
    if !crate::support::has_shared() {
        return;
    }
    let mut table = String::new();
    for path in corpus_pages() {
        let text = read(&path);
        let page = Page::parse(&text);
        let rows: usize = page.tables.iter().map(|t| t.rows.len()).sum::<usize>()
            + page
                .definition_lists
                .iter()
                .map(|l| l.items.len())
                .sum::<usize>();
        let shown = crate::support::corpus_name(&path);
        let input = PageInput {
            path: path.to_str().unwrap(),
            text: &text,
        };
        let extraction = extract(&set_of(input.path).0, &[input], &[], &[]);
        let [count] = extraction.rows.as_slice() else {
            panic!("{shown}: one page, one count: {:?}", extraction.rows);
        };
        assert_eq!(count.total(), rows, "{shown}: {count:?}");
        let Ok(model) = extraction.model else {
            table.push_str(&format!("{shown}: {rows} rows, no model\n"));
            continue;
        };
        table.push_str(&format!(
            "{shown}: {rows} rows: {} read, {} skipped, {} unreadable; {} entries, {} with a value\n",
            count.read,
            count.skipped,
            count.unreadable,
            model.entries.len(),
            model.entries.iter().filter(|e| e.value.is_some()).count()
        ));
        // The tables and lists skipped whole; the rest of the skipped rows are skipped one by
        // one (a placeholder, a family of codes), each with a note.
        for block in &count.skipped_blocks {
            table.push_str(&format!(
                "  line {}: {} rows skipped: {:?}\n",
                block.line, block.rows, block.why
            ));
        }
        let whole: usize = count.skipped_blocks.iter().map(|b| b.rows).sum();
        assert!(whole <= count.skipped, "{shown}: {count:?}");
    }
    expect_test::expect_file![workspace().join("tests/golden/corpus-rows.txt")].assert_eq(&table);
}

/// The emitters on every corpus page, in every locale: its Rust compiles warning-free as a
/// library, its header as C99 and C++11. Two pages list no values: SSPI's come from the facts
/// file in docs-src/, the MCI errors' from one written from mingw-w64's mmsystem.h.
#[test]
fn every_corpus_model_compiles_as_rust_and_as_c() {
    if !crate::support::has_shared() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    for path in corpus_pages() {
        let mut args = vec!["model".to_owned(), path.to_str().unwrap().to_owned()];
        let facts = match doccodes_extract::set_of(path.to_str().unwrap()).0.as_str() {
            "sspi-status-codes" => Some("docs-src/sspi-status-codes.facts"),
            "general-mci-errors" => Some("tests/fixtures/facts/general-mci-errors.facts"),
            _ => None,
        };
        if let Some(facts) = facts {
            args.extend(["--facts".to_owned(), facts.to_owned()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = xtask(&workspace(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let model = doccodes_model::Model::from_yaml("stdout", &run.stdout).unwrap();
        let rust = doccodes_emit_rust::file(&model, "corpus")
            .unwrap_or_else(|error| panic!("{}: {}", path.display(), error.message));
        let locale = model.sources[0].locale.clone().unwrap_or_default();
        let stem = format!(
            "{}_{}",
            model.symbol,
            locale.replace('-', "_").to_lowercase()
        );
        let source = dir.path().join(format!("{stem}.rs"));
        std::fs::write(&source, &rust).unwrap();
        crate::support::run(
            std::process::Command::new(&rustc)
                .args(["--edition", "2024", "--crate-type", "lib", "-D", "warnings"])
                .arg("--out-dir")
                .arg(dir.path())
                .arg(&source),
        );
        let header = doccodes_emit_c::file_name(&model);
        std::fs::write(
            dir.path().join(&header),
            doccodes_emit_c::header(&model, "corpus"),
        )
        .unwrap();
        let program = dir.path().join(format!("{stem}.c"));
        std::fs::write(
            &program,
            format!("#include \"{header}\"\nint main(void) {{ return 0; }}\n"),
        )
        .unwrap();
        for (compiler, standard) in [("gcc", "-std=c99"), ("g++", "-std=c++11")] {
            crate::support::run(
                std::process::Command::new(compiler)
                    .args([
                        standard,
                        "-Wall",
                        "-Wextra",
                        "-Werror",
                        "-fsyntax-only",
                        "-x",
                    ])
                    .arg(if compiler == "gcc" { "c" } else { "c++" })
                    .arg(&program),
            );
        }
    }
    // Their values are in no page: a facts file gives SSPI's (docs-src/), none is written yet
    // for the MCI errors.
}

/// `cargo xtask model --site SITE --out OUT`.
fn model_site(site: &std::path::Path, out: &std::path::Path) -> crate::support::Run {
    let (site, out) = (site.to_str().unwrap(), out.to_str().unwrap());
    xtask(&workspace(), &["model", "--site", site, "--out", out])
}

/// The corpus read as one docs site: every page is a set of its own, its model written where
/// its path says, the same bytes `model PAGE` prints for it, on every run.
#[test]
fn a_whole_site_gives_each_code_page_its_model() {
    if !crate::support::has_shared() {
        return;
    }
    let site = shared().join("corpus");
    let out = tempfile::tempdir().unwrap();
    let run = model_site(&site, out.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The corpus README is a page of prose.
    assert!(
        run.stdout.starts_with("49 pages: 48 models written to `")
            && run
                .stdout
                .ends_with("`, 1 without a table of codes, 0 failed\n"),
        "{}",
        run.stdout
    );
    let first = crate::support::snapshot(out.path());
    assert_eq!(first.len(), 48);
    for page in corpus_pages() {
        let relative = page.strip_prefix(&site).unwrap().with_extension("yaml");
        let alone = xtask(&workspace(), &["model", page.to_str().unwrap()]);
        let written = read(&out.path().join(&relative));
        assert_eq!(written, alone.stdout, "{}", relative.display());
    }
    let again = model_site(&site, out.path());
    assert_eq!(again.code, 0);
    assert_eq!(crate::support::snapshot(out.path()), first);
}

/// A site's pages of prose are counted, not errors; a page that cannot be read is an error
/// naming it, and the run still writes every model it can.
#[test]
fn a_site_with_prose_and_a_broken_page_writes_what_it_can() {
    if !crate::support::has_shared() {
        return;
    }
    let site = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let codes = shared().join("corpus/en-us/desktop-src/SecAuthN/sspi-status-codes.md");
    std::fs::create_dir_all(site.path().join("a/b")).unwrap();
    std::fs::copy(&codes, site.path().join("a/b/sspi-status-codes.md")).unwrap();
    std::fs::write(
        site.path().join("a/prose.md"),
        "# About\n\nNo codes here.\n",
    )
    .unwrap();
    std::fs::write(site.path().join("broken.md"), b"# Codes\n\n| \xff |\n").unwrap();
    let run = model_site(site.path(), out.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("3 pages: 1 model written to `")
            && run
                .stdout
                .ends_with("`, 1 without a table of codes, 1 failed\n"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("broken.md:3:3"), "{}", run.stderr);
    assert!(!run.stderr.contains("prose.md"), "{}", run.stderr);
    let written = crate::support::snapshot(out.path());
    let names: Vec<&str> = written.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["a/b/sspi-status-codes.yaml"]);
}

#[test]
fn a_site_needs_somewhere_to_write() {
    let run = xtask(&workspace(), &["model", "--site", "."]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--out"), "{}", run.stderr);
}

/// Every value the English corpus pages give, against mingw-w64's headers, as a binding
/// maintainer checks them: `model --site --against` the include folder. The names both define
/// agree, but for the documentation errors listed in the golden file, each with both places.
#[test]
fn every_corpus_value_agrees_with_mingw_headers_but_for_the_listed_documentation_errors() {
    if !crate::support::has_shared() {
        return;
    }
    let Some(include) = crate::support::mingw_include() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let site = shared().join("corpus/en-us");
    let run = xtask(
        &workspace(),
        &[
            "model",
            "--site",
            site.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "--against",
            include.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = run.stdout.lines().nth(1).unwrap_or_default().to_owned();
    // Each difference, where the page gives it and where the headers do; paths relative.
    let mut differences = String::new();
    let mut lines = run.stderr.lines();
    while let Some(line) = lines.next() {
        if !(line.starts_with("warning: `") && line.contains(" in the docs and ")) {
            continue;
        }
        differences.push_str(line);
        differences.push('\n');
        for line in lines.by_ref().take_while(|line| !line.is_empty()) {
            if let Some(place) = line
                .trim_start()
                .strip_prefix("--> ")
                .or_else(|| line.trim_start().strip_prefix("::: "))
            {
                let place = place
                    .rsplit_once("corpus/en-us/")
                    .or_else(|| place.rsplit_once("include/"))
                    .map_or(place, |(_, rest)| rest);
                differences.push_str(&format!("  {place}\n"));
            }
        }
    }
    let headers = include.to_str().unwrap();
    let text = format!("{}\n{differences}", summary.replace(headers, "include"));
    expect_test::expect_file![workspace().join("tests/golden/corpus-values-vs-mingw.txt")]
        .assert_eq(&text);
    let rate: f64 = summary
        .rsplit_once(" (")
        .and_then(|(_, rate)| rate.split('%').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no rate in {summary}"));
    assert!(rate >= 98.5, "{summary}");
}
