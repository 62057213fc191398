//! SARIF 2.1.0 (OASIS), as code-scanning services read it: one run, one rule per check, one
//! result per finding, written as the pages come. The head ([`start`]) holds the tool and its
//! rules and opens `results`; each page adds its results ([`page`], one a line); [`finish`]
//! closes the run with the totals in its `properties`.
//!
//! Columns count Unicode code points, as every report of the crate does (`columnKind`).
//! Locations are the paths as given, relative to `SRCROOT` (the folder the run was in; a
//! code-scanning upload resolves it to the repository's root). A finding's fix is given only
//! where it is certain: when it is one of the repairs `l10n --fix` makes, which the checks mark
//! when asked (`Config::mark_certain`). Each result carries
//! its baseline key in `partialFingerprints`, and, in a run against a baseline, whether it is
//! `new` or `unchanged`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;

use doccodes_diagnostic::Severity;
use doccodes_l10n::{Check, Located, Review};
use serde::Serialize;

use crate::baseline::{defect, normalize};
use crate::{Totals, json_escaped, json_escaped_twice, json_string};

/// The address of the schema the output follows: the errata 01 schema's own `id`.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Indentation of a result inside `runs[0].results`.
const RESULT_INDENT: &str = "\n        ";

/// The log up to the first result: the tool (named `doccodes`, at `version`) with a rule for
/// every check, then `"results": [`.
pub(crate) fn start(version: &str, information_uri: Option<&str>) -> String {
    let tool = Tool {
        driver: Driver {
            name: "doccodes",
            version,
            information_uri,
            rules: Check::ALL.iter().map(|&check| rule(check)).collect(),
        },
    };
    let tool = serde_json::to_string_pretty(&tool)
        .expect("strings and numbers always serialize")
        .replace('\n', "\n      ");
    format!(
        "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \
         \"tool\": {tool},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ["
    )
}

/// The page's results, each on its own line after a line break, separated by commas. `page` is
/// its baseline label; `known` (in a run against a baseline) says which findings it holds.
///
/// Written in place, member by member, in the order of SARIF's examples: the results are
/// nearly all of a log, and serializing each with serde (escaping byte by byte into a buffer
/// grown result by result) cost a third of a whole site's run.
pub(crate) fn page(review: &Review<'_>, page: &str, known: Option<&[bool]>) -> String {
    let mut artifact_location = String::new();
    {
        let artifact = artifact(&review.path);
        let mut location = Object::open(&mut artifact_location);
        location.string("uri", &artifact.uri);
        if let Some(base) = artifact.uri_base_id {
            location.string("uriBaseId", base);
        }
    }
    let page = normalize(page);
    let mut out = String::with_capacity(review.findings.len() * 700);
    // How often each key came before on the page, for a fingerprint that is unique.
    let mut seen: HashMap<(Option<&str>, Check, &str), usize> = HashMap::new();
    for (index, finding) in review.findings.iter().enumerate() {
        let key = (finding.segment, finding.check, defect(finding));
        let occurrence = seen.entry(key).or_default();
        *occurrence += 1;
        if index > 0 {
            out.push(',');
        }
        out.push_str(RESULT_INDENT);
        let mut result = Object::open(&mut out);
        result.string("ruleId", finding.check.id());
        result.number("ruleIndex", rule_index(finding.check));
        result.string("level", level(finding.severity));
        match &finding.suggestion {
            Some(suggestion) => result
                .object("message")
                .string_of("text", &[&finding.message, "; write `", suggestion, "`"]),
            None => result.object("message").string("text", &finding.message),
        };
        let region = region(finding);
        {
            let mut locations = result.only("locations");
            let mut location = locations.object("physicalLocation");
            location.raw("artifactLocation", &artifact_location);
            region.write(&mut location, "region");
        }
        // A suggestion is a fix where it is one of the certain repairs of `l10n --fix`; others
        // name what is missing, not what to write where.
        if let (true, Some(replacement)) = (finding.certain, &finding.suggestion) {
            let mut fix = result.only("fixes");
            fix.object("description")
                .string_of("text", &["write `", replacement, "`"]);
            let mut change = fix.only("artifactChanges");
            change.raw("artifactLocation", &artifact_location);
            let mut replacement_object = change.only("replacements");
            region.write(&mut replacement_object, "deletedRegion");
            replacement_object
                .object("insertedContent")
                .string("text", replacement);
        }
        // The baseline key and its occurrence as a JSON array, itself a string: each text in
        // it escaped twice, in one pass.
        let key_string = |out: &mut String, text: &str| {
            out.push_str("\\\"");
            json_escaped_twice(out, text);
            out.push_str("\\\"");
        };
        {
            let mut fingerprints = result.object("partialFingerprints");
            let out = fingerprints.name("doccodesKey/v1");
            out.push_str("\"[");
            key_string(out, &page);
            out.push(',');
            match finding.segment {
                Some(segment) => key_string(out, segment),
                None => out.push_str("null"),
            }
            out.push(',');
            key_string(out, finding.check.id());
            out.push(',');
            key_string(out, key.2);
            let _ = write!(out, ",{occurrence}]\"");
        }
        if let Some(known) = known {
            let unchanged = known.get(index).copied().unwrap_or(false);
            result.string("baselineState", if unchanged { "unchanged" } else { "new" });
        }
        let mut properties = result.object("properties");
        properties.string("category", finding.check.category().name());
        if let Some(segment) = finding.segment {
            properties.string("segment", segment);
        }
    }
    out
}

/// A JSON object written in place, compactly, its members in the order written; closed when
/// dropped, so that every object opened is closed.
struct Object<'o> {
    out: &'o mut String,
    empty: bool,
    /// `}`, or `}]` for the one object of an array.
    close: &'static str,
}

impl<'o> Object<'o> {
    fn open(out: &'o mut String) -> Object<'o> {
        out.push('{');
        Object {
            out,
            empty: true,
            close: "}",
        }
    }

    /// Writes the member's name; its value is written next.
    fn name(&mut self, name: &str) -> &mut String {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
        self.out
    }

    fn string(&mut self, name: &str, value: &str) {
        json_string(self.name(name), value);
    }

    /// A string member made of `parts`, written one after another.
    fn string_of(&mut self, name: &str, parts: &[&str]) {
        let out = self.name(name);
        out.push('"');
        for part in parts {
            json_escaped(out, part);
        }
        out.push('"');
    }

    fn number(&mut self, name: &str, value: usize) {
        let _ = write!(self.name(name), "{value}");
    }

    /// A member whose value is JSON already written.
    fn raw(&mut self, name: &str, json: &str) {
        self.name(name).push_str(json);
    }

    fn object(&mut self, name: &str) -> Object<'_> {
        Object::open(self.name(name))
    }

    /// An array holding one object, which is returned.
    fn only(&mut self, name: &str) -> Object<'_> {
        let out = self.name(name);
        out.push_str("[{");
        Object {
            out,
            empty: true,
            close: "}]",
        }
    }
}

impl Drop for Object<'_> {
    fn drop(&mut self) {
        self.out.push_str(self.close);
    }
}

/// Closes `results` (`written` of them) and the log, with the totals as the run's properties:
/// `findings` counts the new findings, `known` those the baseline holds (results of both).
pub(crate) fn finish(totals: &Totals, written: usize) -> String {
    let properties = RunProperties {
        files: totals.files,
        segments: totals.segments,
        findings: totals.findings,
        known: totals.known,
        unreadable: totals.unreadable,
    };
    let properties = serde_json::to_string_pretty(&properties)
        .expect("numbers always serialize")
        .replace('\n', "\n      ");
    let close = if written == 0 { "]" } else { "\n      ]" };
    format!("{close},\n      \"properties\": {properties}\n    }}\n  ]\n}}\n")
}

fn rule(check: Check) -> Rule {
    let description = check.description();
    let category = check.category().name();
    let level = level(check.severity());
    Rule {
        id: check.id(),
        name: pascal_case(check.id()),
        short_description: Text {
            text: check.summary().into(),
        },
        full_description: Text {
            text: description.into(),
        },
        help: Text {
            text: format!(
                "{description}\n\nCategory: {category}. Default level: {level}; \
                 `--severity {}=LEVEL` changes it.",
                check.id()
            )
            .into(),
        },
        default_configuration: Configuration {
            level,
            enabled: (!check.on_by_default()).then_some(false),
        },
        properties: RuleProperties {
            category,
            tags: [category],
        },
    }
}

/// The position of `check` in [`Check::ALL`], the order of the rules.
fn rule_index(check: Check) -> usize {
    Check::ALL
        .iter()
        .position(|&c| c == check)
        .expect("every check is in Check::ALL")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `dnt-identifier` as SARIF's `name` wants it: `DntIdentifier`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

/// Where the finding is; with its end where it marks text in the target.
fn region(finding: &Located<'_>) -> Region {
    let marked = finding
        .mark
        .clone()
        .and_then(|mark| finding.target?.get(mark))
        .filter(|marked| !marked.is_empty());
    let Some(marked) = marked else {
        return Region {
            start_line: finding.line,
            start_column: finding.column,
            end_line: None,
            end_column: None,
        };
    };
    // SARIF's end column is the one after the last character, on the last line marked.
    let (end_line, end_column) = match marked.rfind('\n') {
        None => (finding.line, finding.column + marked.chars().count()),
        Some(at) => (
            finding.line + marked.matches('\n').count(),
            marked[at + 1..].chars().count() + 1,
        ),
    };
    Region {
        start_line: finding.line,
        start_column: finding.column,
        end_line: (end_line != finding.line).then_some(end_line),
        end_column: Some(end_column),
    }
}

/// A path as given as a URI: relative to `SRCROOT`, or a `file:` URI when absolute. `\` is read
/// as a separator (a path given on Windows); what a URI cannot hold is percent-encoded.
fn artifact(path: &str) -> Artifact {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    let drive =
        bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if path.starts_with('/') {
        Artifact {
            uri: format!("file://{}", encode(&path)),
            uri_base_id: None,
        }
    } else if drive {
        Artifact {
            uri: format!("file:///{}:{}", &path[..1], encode(&path[2..])),
            uri_base_id: None,
        }
    } else {
        Artifact {
            uri: encode(&normalize(&path)),
            uri_base_id: Some("SRCROOT"),
        }
    }
}

/// `path` with every byte but unreserved characters, sub-delimiters, `@` and `/` as `%XX`
/// (RFC 3986); `:` too, which would read as a scheme in a relative reference.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A struct, not a `json!` map, whose order would follow serde_json's features.
#[derive(Serialize)]
struct RunProperties {
    files: usize,
    segments: usize,
    findings: usize,
    known: usize,
    unreadable: usize,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'a str>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text<'static>,
    full_description: Text<'static>,
    help: Text<'static>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
    /// `false` for the checks that run only when named; SARIF's default is `true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    enabled: Option<bool>,
}

#[derive(Serialize)]
struct RuleProperties {
    category: &'static str,
    /// The category again, where code-scanning services look for tags to filter by.
    tags: [&'static str; 1],
}

/// SARIF's `message`, `multiformatMessageString` and `artifactContent`: a text.
#[derive(Serialize)]
struct Text<'a> {
    text: Cow<'a, str>,
}

/// Where a page's results are, as SARIF names a file.
struct Artifact {
    uri: String,
    /// `SRCROOT` for a relative `uri`.
    uri_base_id: Option<&'static str>,
}

#[derive(Clone, Copy)]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: Option<usize>,
    end_column: Option<usize>,
}

impl Region {
    fn write(&self, object: &mut Object<'_>, name: &str) {
        let mut region = object.object(name);
        region.number("startLine", self.start_line);
        region.number("startColumn", self.start_column);
        if let Some(line) = self.end_line {
            region.number("endLine", line);
        }
        if let Some(column) = self.end_column {
            region.number("endColumn", column);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_the_ids_in_pascal_case() {
        assert_eq!(
            pascal_case("space-before-punctuation"),
            "SpaceBeforePunctuation"
        );
    }

    #[test]
    fn paths_become_uri_references() {
        let uri = |path| {
            let artifact = artifact(path);
            (artifact.uri, artifact.uri_base_id)
        };
        assert_eq!(
            uri("./docs src/a#1.zh-tw.md"),
            ("docs%20src/a%231.zh-tw.md".into(), Some("SRCROOT"))
        );
        assert_eq!(
            uri("說明/a:b.md"),
            ("%E8%AA%AA%E6%98%8E/a%3Ab.md".into(), Some("SRCROOT"))
        );
        assert_eq!(uri("/home/x/a.md"), ("file:///home/x/a.md".into(), None));
        assert_eq!(uri("C:\\docs\\a.md"), ("file:///C:/docs/a.md".into(), None));
    }
}
