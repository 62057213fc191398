//! `doccodes_exchange` as a CAT tool workflow meets it: exports that validate against the
//! official XLIFF 2.0 schema, that Translate Toolkit reads and `msgfmt --check` passes; imports
//! that cannot break the seed page, whatever the file: hostile files are refused whole, entries
//! that cannot be trusted are listed and left out, and files shaped as Poedit, memoQ and Okapi
//! save them import as they should.

use std::fs;
use std::path::Path;
use std::process::Command;

use doccodes_diagnostic::Diagnostic;
use doccodes_exchange::{
    Format, ImportError, ImportOptions, Imported, PageError, Reason, export_page, import_file,
};
use doccodes_l10n::Config;

use crate::support::{has_shared, seed_page, shared, workspace};

const SEED: &str = "docs-src/sspi-status-codes.zh-tw.md";

fn export(format: Format) -> String {
    export_page(format, SEED, &seed_page(), &Config::default()).unwrap()
}

fn import_with(file: &str, text: &str, force: bool) -> Result<Imported, ImportError> {
    let options = ImportOptions {
        force,
        ..ImportOptions::default()
    };
    import_file(SEED, &seed_page(), file, text, &options)
}

fn import(file: &str, text: &str) -> Imported {
    import_with(file, text, false).unwrap_or_else(|error| panic!("{error}"))
}

/// The refusal of a whole file, as a person reads it.
fn refused(file: &str, text: &str) -> String {
    match import_with(file, text, false) {
        Ok(imported) => panic!("{file} was imported: {}", imported.summary(SEED)),
        Err(error) => Diagnostic::from(error).to_string(),
    }
}

fn fixture(name: &str) -> String {
    fs::read_to_string(workspace().join("tests/fixtures/exchange").join(name)).unwrap()
}

/// The export with unit `id`'s `<target>` content replaced by `target` (XML).
fn xliff_target(xliff: &str, id: &str, target: &str) -> String {
    let unit = xliff.find(&format!("<unit id=\"{id}\">")).unwrap();
    let open = unit + xliff[unit..].find("<target").unwrap();
    let start = open + xliff[open..].find('>').unwrap() + 1;
    let end = start + xliff[start..].find("</target>").unwrap();
    format!("{}{target}{}", &xliff[..start], &xliff[end..])
}

/// The export with entry `id`'s `msgstr` line replaced by `line`.
fn po_entry(po: &str, id: &str, line: &str) -> String {
    let entry = po.find(&format!("msgctxt \"{id}\"")).unwrap();
    let start = entry + po[entry..].find("msgstr ").unwrap();
    let end = start + po[start..].find('\n').unwrap();
    format!("{}{line}{}", &po[..start], &po[end..])
}

/// The page's target of segment `id` in `page`.
fn target_of<'p>(page: &'p str, id: &str) -> &'p str {
    let start = page.find(&format!("data-ttu-id=\"{id}\">")).unwrap() + id.len() + 15;
    &page[start..start + page[start..].find("</span>").unwrap()]
}

/// Each `(id, target)` of `expected` is that segment's target in the imported `page`.
fn assert_targets(page: &str, expected: &[(&str, &str)]) {
    for &(id, target) in expected {
        assert_eq!(target_of(page, id), target, "segment {id}");
    }
}

fn reasons(imported: &Imported) -> Vec<(&str, &Reason)> {
    imported
        .not_applied
        .iter()
        .map(|entry| (entry.segment.as_str(), &entry.reason))
        .collect()
}

#[test]
fn an_unchanged_export_imports_as_no_change() {
    for (format, file) in [(Format::Xliff, "seed.xlf"), (Format::Po, "seed.po")] {
        let imported = import(file, &export(format));
        assert_eq!(imported.page, None, "{file}");
        assert_eq!(imported.entries, 171);
        assert!(imported.updated.is_empty() && imported.not_applied.is_empty());
        assert_eq!(
            imported.summary(SEED),
            format!("{SEED}: 0 of 171 segments updated")
        );
    }
}

#[test]
fn a_corrected_target_changes_its_span_and_nothing_else() {
    let corrected = seed_page().replacen(
        "df3f1-107\">SEC \\_ E \\_ 演算法 \\_ 不相符<",
        "df3f1-107\">SEC\\_E\\_ALGORITHM\\_MISMATCH<",
        1,
    );
    let po = po_entry(
        &export(Format::Po),
        "df3f1-107",
        r#"msgstr "SEC\\_E\\_ALGORITHM\\_MISMATCH""#,
    );
    // In XLIFF the escapes are codes: the translator places them, the page gets `\_` back.
    let ph = |id: &str| format!("<ph id=\"{id}\" dataRef=\"d1\"/>");
    let xliff = xliff_target(
        &export(Format::Xliff),
        "df3f1-107",
        &format!("SEC{}E{}ALGORITHM{}MISMATCH", ph("c1"), ph("c2"), ph("c3")),
    );
    for (file, text) in [("fixed.po", po), ("fixed.xlf", xliff)] {
        let imported = import(file, &text);
        assert_eq!(imported.updated, ["df3f1-107"], "{file}");
        assert_eq!(imported.page.as_deref(), Some(corrected.as_str()), "{file}");
    }
}

#[test]
fn codes_moved_by_a_translator_restore_the_markup() {
    let xliff = xliff_target(
        &export(Format::Xliff),
        "df3f1-116",
        "無法成功初始化<pc id=\"c1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">\
         <pc id=\"c2\" dataRefStart=\"d3\" dataRefEnd=\"d3\">安全性封裝</pc></pc>，因此不應該安裝。",
    );
    let imported = import("moved.xlf", &xliff);
    assert_eq!(imported.updated, ["df3f1-116"]);
    assert_eq!(
        target_of(imported.page.as_deref().unwrap(), "df3f1-116"),
        "無法成功初始化[*安全性封裝*](../secgloss/s-gly.md)，因此不應該安裝。"
    );
}

#[test]
fn the_export_protects_markup_and_identifiers() {
    let xliff = export(Format::Xliff);
    assert!(xliff.contains(
        "<source xml:space=\"preserve\">The <pc id=\"c1\" dataRefStart=\"d1\" dataRefEnd=\"d2\" type=\"link\" \
         dispStart=\"[\" dispEnd=\"](../secgloss/s-gly.md)\"><pc id=\"c2\" dataRefStart=\"d3\" dataRefEnd=\"d3\" \
         type=\"fmt\" dispStart=\"*\" dispEnd=\"*\">security package</pc></pc> cannot"
    ));
    assert!(xliff.contains("<data id=\"d2\">](../secgloss/s-gly.md)</data>"));
    assert!(xliff.contains(
        "<source xml:space=\"preserve\"><mrk id=\"m1\" translate=\"no\">SEC<ph id=\"c1\" dataRef=\"d1\" \
         type=\"other\" disp=\"\\_\" equiv=\"_\"/>E"
    ));
    assert!(
        xliff.contains("defined in <mrk id=\"m1\" translate=\"no\">Winerror.h</mrk>.</source>")
    );
    // An `ms.translationtype: MT` page: translated, not reviewed.
    assert_eq!(xliff.matches("<segment state=\"translated\">").count(), 171);
    let human = seed_page().replacen("ms.translationtype: MT", "ms.translationtype: HT", 1);
    let reviewed = export_page(Format::Xliff, SEED, &human, &Config::default()).unwrap();
    assert_eq!(
        reviewed.matches("<segment state=\"reviewed\">").count(),
        171
    );

    let po = export(Format::Po);
    assert!(po.contains(
        "#. identifier dnt-identifier: identifier SEC_E_ALGORITHM_MISMATCH was translated (ALGORITHM, MISMATCH lost)\n\
         #. keep as is: `SEC\\_E\\_ALGORITHM\\_MISMATCH`\n\
         #: docs-src/sspi-status-codes.zh-tw.md:22\n\
         #, no-wrap\n\
         msgctxt \"df3f1-107\"\n"
    ));
    assert!(po.contains("#. keep as is: `[` `](../secgloss/s-gly.md)` `*`\n"));
    for field in [
        "Project-Id-Version: sspi-status-codes.zh-tw.md",
        "Language: zh_TW",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "X-Doccodes-Page: docs-src/sspi-status-codes.zh-tw.md",
    ] {
        assert!(po.contains(&format!("\"{field}\\n\"\n")), "{field}");
    }
}

#[test]
fn exported_paths_are_relative() {
    let absolute = workspace().join(SEED);
    let absolute = absolute.to_str().unwrap();
    for format in [Format::Xliff, Format::Po] {
        let exported = export_page(format, absolute, &seed_page(), &Config::default()).unwrap();
        assert!(!exported.contains(absolute), "{format:?}");
        assert!(
            !exported.contains(workspace().to_str().unwrap()),
            "{format:?}"
        );
        assert!(exported.contains("sspi-status-codes.zh-tw.md"));
    }
    assert!(export(Format::Xliff).contains("original=\"docs-src/sspi-status-codes.zh-tw.md\""));
}

#[test]
fn an_english_page_has_nothing_to_export() {
    let english = "# SSPI Status Codes\n\nThe following status codes are used.\n";
    assert_eq!(
        export_page(Format::Po, "en.md", english, &Config::default()),
        Err(PageError::NoSegments {
            page: "en.md".into()
        })
    );
}

/// Files that cannot be trusted are refused whole, each with a message naming the place.
#[test]
fn hostile_files_are_refused_whole() {
    let xliff = export(Format::Xliff);
    let po = export(Format::Po);
    let unit_107 = {
        let start = xliff.find("  <unit id=\"df3f1-107\">").unwrap();
        let end = start + xliff[start..].find("</unit>\n").unwrap() + 8;
        xliff[start..end].to_owned()
    };
    let entry_107 = {
        let start = po.find("msgctxt \"df3f1-107\"").unwrap();
        let end = start + po[start..].find("\n\n").unwrap() + 2;
        po[start..end].to_owned()
    };
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "truncated.xlf",
            xliff[..xliff.find("演算法").unwrap()].to_owned(),
            "the file ends inside this <target>: it is truncated",
        ),
        (
            "cut.xlf",
            xliff[..xliff.len() / 2].to_owned(),
            "not well-formed XML",
        ),
        (
            "truncated.po",
            po[..po.find("用戶端和伺服器").unwrap()].to_owned(),
            "truncated.po:52:9\n",
        ),
        (
            "no-msgstr.po",
            po[..po.find("msgstr \"用戶端和伺服器").unwrap()].to_owned(),
            "the file ends before this entry's msgstr: it is truncated",
        ),
        (
            "mismatched.xlf",
            xliff.replacen("</segment>", "</unit>", 1),
            "not well-formed XML: ill-formed document: expected `</segment>`, but `</unit>` was found",
        ),
        (
            "entity.xlf",
            xliff.replacen("意義", "&nbsp;意義", 1),
            "`&nbsp;` is no entity XML defines",
        ),
        (
            "escape.po",
            po.replacen("msgstr \"意義\"", "msgstr \"意\\q義\"", 1),
            "`\\q` is no escape a PO string has",
        ),
        (
            "keyword.po",
            po.replacen("msgstr \"意義\"", "msgstring \"意義\"", 1),
            "`msgstring` is no PO keyword",
        ),
        (
            "duplicate.xlf",
            xliff.replacen(" </file>", &format!("{unit_107} </file>"), 1),
            "segment `df3f1-107` has two entries",
        ),
        (
            "duplicate.po",
            format!("{po}\n{entry_107}"),
            "segment `df3f1-107` has two entries",
        ),
        (
            "other-page.xlf",
            xliff.replacen(
                "original=\"docs-src/sspi-status-codes.zh-tw.md\"",
                "original=\"docs-src/kerberos-codes.zh-tw.md\"",
                1,
            ),
            "the file is for `docs-src/kerberos-codes.zh-tw.md`, not `docs-src/sspi-status-codes.zh-tw.md`",
        ),
        (
            "other-page.po",
            po.replacen(
                "X-Doccodes-Page: docs-src/sspi-status-codes.zh-tw.md",
                "X-Doccodes-Page: ntstatus.zh-tw.md",
                1,
            ),
            "the file is for `ntstatus.zh-tw.md`",
        ),
        (
            "other-ids.po",
            "msgctxt \"zz-1\"\nmsgid \"A\"\nmsgstr \"B\"\n".into(),
            "none of the 1 entries of `other-ids.po` (the first is `zz-1`) is a segment of",
        ),
        (
            "header-only.po",
            po[..po.find("\n\n").unwrap() + 1].to_owned(),
            "`header-only.po` has no entries to import",
        ),
        (
            "xliff12.xlf",
            fixture("xliff12.xlf"),
            "XLIFF 1.2 is not read; export again with this tool's XLIFF 2.0",
        ),
        (
            "page.xlf",
            "<!DOCTYPE html>\n<html><body>not XLIFF</body></html>\n".into(),
            "not an XLIFF file: the document is a <html>",
        ),
        (
            "no-context.po",
            "msgid \"SSPI Status Codes\"\nmsgstr \"SSPI 狀態碼\"\n".into(),
            "an entry without msgctxt",
        ),
        (
            "plural.po",
            po.replacen(
                "msgid \"Meaning\"\nmsgstr \"意義\"",
                "msgid \"Meaning\"\nmsgid_plural \"Meanings\"\nmsgstr[0] \"意義\"",
                1,
            ),
            "a plural entry (msgid_plural)",
        ),
    ];
    for (file, text, expected) in cases {
        let message = refused(file, &text);
        assert!(
            message.contains(expected),
            "{file}: expected `{expected}` in\n{message}"
        );
        assert!(message.contains("nothing was imported"), "{message}");
    }
    // The place is shown with its line: the header field that names another page, the
    // cut-short string in the truncated PO.
    let other = po.replacen(
        "X-Doccodes-Page: docs-src/",
        "X-Doccodes-Page: elsewhere/x-",
        1,
    );
    let message = refused("other-page.po", &other);
    assert!(
        message.contains("--> other-page.po:13:1\n   |\n13 | \"X-Doccodes-Page: elsewhere/x-"),
        "{message}"
    );
    let message = refused("truncated.po", &po[..po.find("用戶端和伺服器").unwrap()]);
    assert!(
        message.contains(concat!(
            "error: cannot read the PO file: the string is not closed: the line is cut short\n",
            "  --> truncated.po:52:9\n",
            "   |\n",
            "52 | msgstr \"\n",
        )),
        "{message}"
    );
}

/// Entries whose target cannot be trusted are listed with why, and left out; the others apply.
#[test]
fn untrusted_entries_are_listed_and_left_out() {
    let mut po = export(Format::Po);
    po = po_entry(&po, "df3f1-108", "msgstr \"\"");
    po = po.replacen(
        "#, no-wrap\nmsgctxt \"df3f1-110\"",
        "#, fuzzy, no-wrap\nmsgctxt \"df3f1-110\"",
        1,
    );
    po = po_entry(
        &po,
        "df3f1-110",
        "msgstr \"用戶端提供的 SSPI 通道繫結不正確。\"",
    );
    po = po.replacen(
        "msgid \"The requested package identifier does not exist.\"",
        "msgid \"The requested package ID does not exist.\"",
        1,
    );
    po = po_entry(&po, "df3f1-112", "msgstr \"要求的套件 ID 不存在。\"");
    po = po_entry(
        &po,
        "df3f1-114",
        "msgstr \"提供給函式的緩衝區太小，無法容納資訊。\"",
    );
    let imported = import("untrusted.po", &po);
    assert_eq!(imported.updated, ["df3f1-114"]);
    assert_eq!(
        reasons(&imported),
        [
            ("df3f1-108", &Reason::Empty),
            ("df3f1-110", &Reason::Fuzzy),
            (
                "df3f1-112",
                &Reason::Stale {
                    file: "The requested package ID does not exist.".into(),
                    page: "The requested package identifier does not exist.".into(),
                }
            ),
        ]
    );
    let page = imported.page.as_deref().unwrap();
    assert_eq!(
        target_of(page, "df3f1-114"),
        "提供給函式的緩衝區太小，無法容納資訊。"
    );
    assert_eq!(
        page,
        seed_page().replacen(
            "提供給函數的緩衝區不夠大，無法包含資訊。",
            "提供給函式的緩衝區太小，無法容納資訊。",
            1
        )
    );
    assert_eq!(
        imported.summary(SEED),
        format!("{SEED}: 1 of 171 segments updated (df3f1-114); 3 not applied")
    );
    let diagnostics: Vec<String> = imported
        .diagnostics()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        diagnostics[1].starts_with(
            "warning[import]: `df3f1-110` not applied: it is marked fuzzy\n  --> untrusted.po:"
        ),
        "{}",
        diagnostics[1]
    );

    let mut xliff = export(Format::Xliff);
    xliff = xliff_target(&xliff, "df3f1-108", "用戶端與伺服器無法通訊。");
    let unit_108 = xliff.find("<unit id=\"df3f1-108\">").unwrap();
    xliff.replace_range(
        unit_108..,
        &xliff[unit_108..].replacen("state=\"translated\"", "state=\"initial\"", 1),
    );
    let unit_110 = xliff.find("<unit id=\"df3f1-110\">").unwrap();
    let target = unit_110 + xliff[unit_110..].find("    <target").unwrap();
    let end = target + xliff[target..].find("</target>\n").unwrap() + 10;
    xliff.replace_range(target..end, "");
    xliff = xliff_target(&xliff, "df3f1-112", "");
    let imported = import("untrusted.xlf", &xliff);
    assert!(imported.updated.is_empty());
    assert_eq!(
        reasons(&imported),
        [
            ("df3f1-108", &Reason::Initial),
            ("df3f1-110", &Reason::Untranslated),
            ("df3f1-112", &Reason::Empty),
        ]
    );
    assert_eq!(imported.page, None);
}

/// A target that would break the bilingual markup, its table row or its line is refused for
/// its segment, force or not.
#[test]
fn targets_that_would_break_the_page_are_refused() {
    let mut po = export(Format::Po);
    for (id, target) in [
        ("df3f1-108", r#"用戶端與伺服器\n無法通訊。"#),
        ("df3f1-110", "用戶端提供的 SSPI | 通道系結不正確。"),
        ("df3f1-112", "要求的套件</span>識別碼不存在。"),
        ("df3f1-114", "緩衝區 `太小。"),
        ("df3f1-118", r#"封裝無法封裝內容。\\"#),
        ("df3f1-120", "收到的憑證<b 已過期。"),
        ("df3f1-122", r#"處理憑證時發生未知的錯誤（\\|）。"#),
    ] {
        po = po_entry(&po, id, &format!("msgstr \"{target}\""));
    }
    for force in [false, true] {
        let imported = import_with("breaking.po", &po, force).unwrap();
        let broken: Vec<(&str, String)> = imported
            .not_applied
            .iter()
            .filter_map(|entry| match &entry.reason {
                Reason::BreaksPage(why) => Some((entry.segment.as_str(), why.clone())),
                _ => None,
            })
            .collect();
        let expected = [
            (
                "df3f1-108",
                "a line break in the target would end the table row",
            ),
            (
                "df3f1-110",
                "an unescaped `|` in a table cell would split the cell",
            ),
            (
                "df3f1-112",
                "span markup (`<span`, `</span>`) in the target",
            ),
            ("df3f1-114", "a backtick that opens no closed code span"),
            ("df3f1-118", "a backslash at the end escapes the `<`"),
            ("df3f1-120", "`<b 已過期。` opens an HTML tag or comment"),
        ];
        assert_eq!(broken.len(), expected.len(), "{broken:?}");
        for ((id, why), (expected_id, expected_why)) in broken.iter().zip(expected) {
            assert_eq!(*id, expected_id);
            assert!(why.starts_with(expected_why), "{id}: {why}");
        }
        // The escaped `\|` keeps the cell whole; it is one more escape than the English has,
        // which the checks report (markup-count): applied under force only.
        if force {
            assert_eq!(imported.updated, ["df3f1-122"]);
            assert_eq!(imported.forced.len(), 1);
        } else {
            assert_eq!(imported.page, None);
            assert!(matches!(
                imported.not_applied.last().unwrap().reason,
                Reason::Defects(_)
            ));
        }
    }
}

/// A target that adds an identifier, link or markup defect the checks find is refused unless
/// forced; one that keeps the page's defect, or repairs it, is not.
#[test]
fn targets_that_add_defects_are_refused_unless_forced() {
    let mut po = export(Format::Po);
    po = po_entry(
        &po,
        "df3f1-104",
        "msgstr \"下列狀態碼適用于 SSPI 應用程式，並定義于 WinError 標頭中。\"",
    );
    po = po_entry(
        &po,
        "df3f1-116",
        "msgstr \"安全性封裝無法成功初始化，因此不應該安裝。\"",
    );
    // The page's own defect kept, with other words around it: not an added one.
    po = po_entry(&po, "df3f1-109", r#"msgstr "SEC \\_ E \\_ 不良的系結 \\_""#);
    let imported = import_with("defects.po", &po, false).unwrap();
    assert_eq!(imported.page, None);
    let found: Vec<(&str, &Vec<String>)> = imported
        .not_applied
        .iter()
        .map(|entry| match &entry.reason {
            Reason::Defects(found) => (entry.segment.as_str(), found),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "df3f1-104");
    assert!(
        found[0].1.iter().any(|f| f.starts_with("file-name ")),
        "{found:?}"
    );
    assert_eq!(found[1].0, "df3f1-116");
    assert!(
        found[1]
            .1
            .iter()
            .any(|f| f.starts_with("link-destination ")),
        "{found:?}"
    );
    let message = imported.not_applied[0].diagnostic().to_string();
    assert!(
        message.contains("= help: correct the target, or import with --force to apply it anyway"),
        "{message}"
    );

    let forced = import_with("defects.po", &po, true).unwrap();
    assert_eq!(forced.updated, ["df3f1-104", "df3f1-116"]);
    assert!(forced.not_applied.is_empty());
    assert_eq!(forced.forced.len(), 2);
    assert!(
        forced.diagnostics()[0]
            .to_string()
            .starts_with("warning[import]: `df3f1-104` imported with --force: it adds"),
    );
}

/// A PO as Poedit saves it: its own header fields, wrapped strings, a fuzzy entry with the
/// previous msgid, an obsolete entry.
#[test]
fn a_po_saved_by_poedit() {
    let imported = import("poedit.po", &fixture("poedit.po"));
    assert_eq!(imported.updated, ["df3f1-107", "df3f1-108", "df3f1-118"]);
    assert_eq!(imported.entries, 5, "the obsolete entry is no entry");
    assert_eq!(
        reasons(&imported),
        [("df3f1-110", &Reason::Fuzzy), ("df3f1-116", &Reason::Empty)]
    );
    let page = imported.page.unwrap();
    assert_targets(
        &page,
        &[
            ("df3f1-107", "SEC\\_E\\_ALGORITHM\\_MISMATCH"),
            (
                "df3f1-108",
                "用戶端與伺服器無法通訊，因為兩者沒有共同的演算法。",
            ),
            ("df3f1-118", "套件無法封裝「內容」\"context\"。"),
        ],
    );
}

/// An XLIFF 2.0 as memoQ and Okapi save it: a byte order mark and CRLF, extension namespaces
/// and metadata (one with an element named `target`), notes, a unit split into segments with
/// an `<ignorable>`, a comment and CDATA in a target, paired codes as `<sc>`/`<ec>`.
#[test]
fn an_xliff_saved_by_memoq_or_okapi() {
    let text = fixture("memoq.xlf");
    assert!(text.starts_with('\u{feff}') && text.contains("\r\n"));
    let imported = import("memoq.xlf", &text);
    assert_eq!(imported.updated, ["df3f1-107", "df3f1-108", "df3f1-116"]);
    assert_eq!(
        reasons(&imported),
        [
            ("df3f1-118", &Reason::Initial),
            ("df3f1-120", &Reason::Untranslated)
        ]
    );
    assert_eq!(imported.not_applied[0].at.to_string(), "memoq.xlf:58:9");
    let page = imported.page.unwrap();
    assert_targets(
        &page,
        &[
            ("df3f1-107", "SEC\\_E\\_ALGORITHM\\_MISMATCH"),
            (
                "df3f1-108",
                "用戶端與伺服器無法通訊，因為兩者沒有共同的演算法。",
            ),
            (
                "df3f1-116",
                "[*安全性套件*](../secgloss/s-gly.md)無法順利初始化，因此不應安裝。",
            ),
        ],
    );
}

/// xmllint validates the export (and the memoQ-shaped fixture) against the official XLIFF 2.0
/// core schema in ../shared/schemas. CI sets DOCCODES_REQUIRE_XMLLINT.
#[test]
fn the_xliff_is_valid_against_the_xliff_2_0_schema() {
    if !has_shared()
        || !crate::support::tool(
            "xmllint",
            &["--version"],
            "DOCCODES_REQUIRE_XMLLINT",
            "install libxml2-utils to validate the XLIFF with xmllint",
        )
    {
        return;
    }
    let schema = shared().join("schemas/xliff_core_2.0.xsd");
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("seed.xlf");
    fs::write(&exported, export(Format::Xliff)).unwrap();
    let memoq = workspace().join("tests/fixtures/exchange/memoq.xlf");
    for file in [exported.as_path(), memoq.as_path()] {
        crate::support::run(
            Command::new("xmllint")
                .args(["--noout", "--schema"])
                .arg(&schema)
                .arg(file),
        );
    }
}

/// Translate Toolkit's XLIFF 2.0 reader (`translate.storage.xliff2`; translate-toolkit 3.20.4
/// has it) reads every unit, its id, state and target; and a file it writes back with
/// one target changed imports as that one change. CI installs translate-toolkit and sets
/// DOCCODES_REQUIRE_POFILTER.
#[test]
fn translate_toolkit_reads_and_writes_the_xliff() {
    if !crate::support::tool(
        "python3",
        &["-c", "import translate.storage.xliff2"],
        "DOCCODES_REQUIRE_POFILTER",
        "pip install a translate-toolkit with translate.storage.xliff2 to read the XLIFF",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("seed.xlf");
    let written = dir.path().join("written.xlf");
    fs::write(&exported, export(Format::Xliff)).unwrap();
    let script = "import sys\n\
        from translate.storage import xliff2\n\
        store = xliff2.Xliff2File.parsefile(sys.argv[1])\n\
        units = store.units\n\
        print(len(units), sum(u.istranslated() for u in units), units[13].getid(), units[13].target)\n\
        units[5].target = '用戶端與伺服器無法通訊。'\n\
        open(sys.argv[2], 'wb').write(bytes(store))\n";
    let read = crate::support::run(
        Command::new("python3")
            .args(["-c", script])
            .arg(&exported)
            .arg(&written),
    );
    assert_eq!(
        read,
        "171 171 df3f1-116 安全性封裝無法成功初始化，因此不應該安裝。\n"
    );
    let imported = import("written.xlf", &fs::read_to_string(&written).unwrap());
    assert_eq!(imported.updated, ["df3f1-108"]);
    assert!(imported.not_applied.is_empty());
}

/// `msgfmt --check` compiles the export and the Poedit-shaped fixture without a warning. CI
/// installs gettext and sets DOCCODES_REQUIRE_MSGFMT.
#[test]
fn msgfmt_checks_the_po_without_a_warning() {
    if !crate::support::tool(
        "msgfmt",
        &["--version"],
        "DOCCODES_REQUIRE_MSGFMT",
        "install gettext to check the PO with msgfmt",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("seed.po");
    fs::write(&exported, export(Format::Po)).unwrap();
    let poedit = workspace().join("tests/fixtures/exchange/poedit.po");
    for file in [exported.as_path(), poedit.as_path()] {
        check_with_msgfmt(file);
    }
}

fn check_with_msgfmt(file: &Path) {
    let run = Command::new("msgfmt")
        .args(["--check", "--statistics", "-o", "/dev/null"])
        .arg(file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    // --statistics prints one line of counts; anything else is a warning.
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("translated message"), "{stderr}");
}
