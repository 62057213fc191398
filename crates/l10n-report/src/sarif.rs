//! SARIF 2.1.0 (OASIS), as code-scanning services read it: one run, one rule per check, one
//! result per finding, written as the pages come. The head ([`start`]) holds the tool and its
//! rules and opens `results`; each page adds its results ([`page`], one a line); [`finish`]
//! closes the run with the totals in its `properties`.
//!
//! Columns count Unicode code points, as every report of the crate does (`columnKind`).
//! Locations are the paths as given, relative to `SRCROOT` (the folder the run was in; a
//! code-scanning upload resolves it to the repository's root). A finding's fix is given only
//! where it is certain: when it is one of the repairs `l10n --fix` makes. Each result carries
//! its baseline key in `partialFingerprints`, and, in a run against a baseline, whether it is
//! `new` or `unchanged`.

use std::borrow::Cow;
use std::collections::HashMap;

use doccodes_diagnostic::Severity;
use doccodes_l10n::{Category, Check, Config, Located, Review, SegmentRepair, repair_segment};
use serde::Serialize;

use crate::Totals;
use crate::baseline::{defect, normalize};

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
pub(crate) fn page(review: &Review<'_>, page: &str, known: Option<&[bool]>) -> String {
    let artifact = artifact(&review.path);
    let page = normalize(page);
    let mut out = String::new();
    // How often each key came before on the page, for a fingerprint that is unique.
    let mut seen: HashMap<(Option<&str>, Check, &str), usize> = HashMap::new();
    // The last segment's certain repairs: its findings come together.
    let mut repairs: Option<(&str, Vec<SegmentRepair>)> = None;
    for (index, finding) in review.findings.iter().enumerate() {
        let key = (finding.segment, finding.check, defect(finding));
        let occurrence = seen.entry(key).or_default();
        *occurrence += 1;
        let region = region(finding);
        let fix = certain_fix(finding, &mut repairs).map(|replacement| Fix {
            description: Text {
                text: format!("write `{replacement}`").into(),
            },
            artifact_changes: [Change {
                artifact_location: &artifact,
                replacements: [Replacement {
                    deleted_region: region,
                    inserted_content: Text {
                        text: replacement.into(),
                    },
                }],
            }],
        });
        let message = match &finding.suggestion {
            Some(suggestion) => format!("{}; write `{suggestion}`", finding.message).into(),
            None => Cow::Borrowed(finding.message.as_str()),
        };
        let fingerprint = serde_json::to_string(&(
            &page,
            finding.segment,
            finding.check.id(),
            key.2,
            *occurrence,
        ))
        .expect("strings and numbers always serialize");
        let result = SarifResult {
            rule_id: finding.check.id(),
            rule_index: rule_index(finding.check),
            level: level(finding.severity),
            message: Text { text: message },
            locations: [ResultLocation {
                physical_location: PhysicalLocation {
                    artifact_location: &artifact,
                    region,
                },
            }],
            fixes: fix.into_iter().collect(),
            partial_fingerprints: Fingerprints { key: fingerprint },
            baseline_state: known.map(|known| {
                if known.get(index).copied().unwrap_or(false) {
                    "unchanged"
                } else {
                    "new"
                }
            }),
            properties: ResultProperties {
                category: finding.check.category().name(),
                segment: finding.segment,
            },
        };
        if index > 0 {
            out.push(',');
        }
        out.push_str(RESULT_INDENT);
        out.push_str(
            &serde_json::to_string(&result).expect("strings and numbers always serialize"),
        );
    }
    out
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

/// The finding's suggestion, when writing it over the marked text is one of the certain repairs
/// of its segment (`l10n --fix`): a suggestion elsewhere names what is missing, not what to
/// write where. `repairs` keeps the last segment's repairs, its findings being consecutive.
fn certain_fix<'r>(
    finding: &'r Located<'_>,
    repairs: &mut Option<(&'r str, Vec<SegmentRepair>)>,
) -> Option<&'r str> {
    // Repairs mend identifiers only; asking for a segment's repairs reads it again, which
    // costs about as much as its check.
    if finding.check.category() != Category::Identifier || finding.check == Check::DntTerm {
        return None;
    }
    let suggestion = finding.suggestion.as_deref()?;
    let mark = finding.mark.clone().filter(|mark| !mark.is_empty())?;
    let (segment, source, target) = (finding.segment?, finding.source?, finding.target?);
    if repairs.as_ref().is_none_or(|(id, _)| *id != segment) {
        // The repairs of the identifier checks, which are all on by default; a check excluded
        // has no finding here to match.
        let made = repair_segment(source, target, &Config::default())
            .map(|(_, made)| made)
            .unwrap_or_default();
        *repairs = Some((segment, made));
    }
    let (_, made) = repairs.as_ref()?;
    made.iter()
        .any(|repair| {
            repair.at == mark.start
                && repair.before.len() == mark.len()
                && repair.after == suggestion
        })
        .then_some(suggestion)
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [ResultLocation<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix<'a>>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: &'a Artifact,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Artifact {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix<'a> {
    description: Text<'a>,
    artifact_changes: [Change<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Change<'a> {
    artifact_location: &'a Artifact,
    replacements: [Replacement<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

/// The baseline key (page, segment, check, defect) and which occurrence of it on the page, as
/// a JSON array: stable while the defect stands, wherever its line moves.
#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "doccodesKey/v1")]
    key: String,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    category: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    segment: Option<&'a str>,
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
