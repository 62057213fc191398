//! The top-level scalars of a page's front matter, the keys translation checks ask for (`title`,
//! `ms.contentlocale`, `ms.assetid`).
//!
//! A whole localized site is tens of thousands of front matters, and a YAML parser costs more
//! per page than reading the rest of it. Nearly all of them are lines of `key: value` and
//! `- item`; those are read here directly. Anything else (quotes with escapes, block scalars,
//! nesting, comments, anchors, tags, a value YAML might read as a number, a boolean or null, a
//! key given twice) goes to the YAML parser, so the answer is always what YAML says.

use std::borrow::Cow;

use crate::Value;
use crate::yaml::parse_front_matter;

/// The top-level keys whose values are strings or numbers, with those values as text (a number
/// as YAML reads it: `0x10` is `16`), in document order. `None` when the text is not a YAML
/// mapping.
pub fn front_matter_scalars(yaml: &str) -> Option<Vec<(String, String)>> {
    if let Some(simple) = simple_lines(yaml) {
        return Some(simple);
    }
    let mapping = parse_front_matter(yaml).ok()?;
    Some(
        mapping
            .iter()
            .filter_map(|(key, value)| {
                let Value::String(key) = key else {
                    return None;
                };
                let value = match value {
                    Value::String(text) => text.clone(),
                    Value::Number(number) => number.to_string(),
                    _ => return None,
                };
                Some((key.clone(), value))
            })
            .collect(),
    )
}

/// The scalars of a front matter made only of `key: value` lines, `key:` lines followed by
/// `- item` lines, and blank lines, where every value is a string beyond doubt. `None` for
/// anything else.
fn simple_lines(yaml: &str) -> Option<Vec<(String, String)>> {
    if !yaml.chars().all(printable) {
        return None;
    }
    let mut scalars: Vec<(String, String)> = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    // After `key:` with nothing on its line: `- item` lines may follow, the key's sequence.
    let mut in_sequence = false;
    for line in yaml.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.contains('\r') {
            // A lone carriage return is a line break to YAML.
            return None;
        }
        if line.trim_start_matches(' ').is_empty() {
            continue;
        }
        if let Some(item) = line.strip_prefix("- ") {
            if !in_sequence {
                return None;
            }
            string(item)?;
            continue;
        }
        let (key, value) = match line.split_once(": ") {
            Some((key, value)) => (key, value),
            None => (line.strip_suffix(':')?, ""),
        };
        if !plain_key(key) || maybe_not_a_string(key) || keys.contains(&key) {
            return None;
        }
        keys.push(key);
        in_sequence = value.trim_matches(' ').is_empty();
        if !in_sequence {
            scalars.push((key.to_owned(), string(value)?.into_owned()));
        }
    }
    Some(scalars)
}

/// What YAML reads a value as, when that is a string without doubt and written on one line.
/// Borrowed unless a quote was doubled: most values, and every `- item` only checked, cost no
/// copy.
fn string(value: &str) -> Option<Cow<'_, str>> {
    let value = value.trim_matches(' ');
    if let Some(quoted) = value.strip_prefix('\'') {
        let inner = quoted.strip_suffix('\'')?;
        if !inner.contains('\'') {
            return Some(Cow::Borrowed(inner));
        }
        // `''` is a quote; a lone one would end the string early.
        if inner.replace("''", "").contains('\'') {
            return None;
        }
        return Some(Cow::Owned(inner.replace("''", "'")));
    }
    if let Some(quoted) = value.strip_prefix('"') {
        let inner = quoted.strip_suffix('"')?;
        return (!inner.contains(['"', '\\'])).then_some(Cow::Borrowed(inner));
    }
    let first = value.chars().next()?;
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    if indicator || value.contains(": ") || value.contains(" #") || value.ends_with(':') {
        return None;
    }
    if decimal_integer(value) {
        // YAML reads a number, which reads back as the same digits (`ms:contentKeyID`).
        return Some(Cow::Borrowed(value));
    }
    (!maybe_not_a_string(value)).then_some(Cow::Borrowed(value))
}

/// Digits that read back as themselves, as the test below holds against YAML: no sign, at
/// most 18 of them (more do not fit the integer YAML reads).
fn decimal_integer(value: &str) -> bool {
    (1..=18).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
}

/// Plain text YAML might read as a number, a boolean or null: `103944880`, `-1.5e3`, `.inf`,
/// `0x1F`, `true`, `~`. Erring towards YAML: `2018-05-31` goes to it too. A letter beyond `e`
/// (`4d2c1b2a-797a`, a GUID) or a `/` or a space (`05/31/2018`) makes text.
fn maybe_not_a_string(value: &str) -> bool {
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    let bytes = unsigned.as_bytes();
    let radix = bytes.len() > 1
        && bytes[0] == b'0'
        && matches!(bytes[1].to_ascii_lowercase(), b'x' | b'o' | b'b');
    let decimal = bytes
        .first()
        .is_some_and(|&b| b.is_ascii_digit() || b == b'.')
        && bytes
            .iter()
            .all(|&b| b.is_ascii_digit() || b"._eE+-".contains(&b));
    let special = [".inf", ".nan"]
        .iter()
        .any(|word| word.eq_ignore_ascii_case(unsigned));
    let word = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ]
    .iter()
    .any(|word| word.eq_ignore_ascii_case(value));
    radix || decimal || special || word
}

/// A key as Microsoft Learn writes them: `title`, `ms.contentlocale`, `ms:assetid`, `api_name`.
fn plain_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphanumeric())
        && !key.ends_with(':')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-:/".contains(&b))
}

/// Characters a YAML reader takes as they are: no control characters, and none of the line
/// breaks YAML knows beyond `\n` and `\r`.
fn printable(c: char) -> bool {
    let breaks_or_byte_order_mark = ['\u{2028}', '\u{2029}', '\u{feff}'];
    matches!(c, '\n' | '\r' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        && !breaks_or_byte_order_mark.contains(&c)
        || c >= '\u{10000}'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the YAML parser alone says: the answer the short way must give.
    fn by_yaml(yaml: &str) -> Option<Vec<(String, String)>> {
        let mapping = parse_front_matter(yaml).ok()?;
        Some(
            mapping
                .iter()
                .filter_map(|(key, value)| {
                    let key = key.as_str()?.to_owned();
                    match value {
                        Value::String(text) => Some((key, text.clone())),
                        Value::Number(number) => Some((key, number.to_string())),
                        _ => None,
                    }
                })
                .collect(),
        )
    }

    const SEED: &str = "description: SSPI 應用程式中使用的狀態碼。\nms.assetid: b5f8ed5c-797a-46fa-8a73-a054ecc50265\ntitle: SSPI 狀態碼\nms.topic: article\nms.date: 05/31/2018\nms.openlocfilehash: b74172334c98188ad8f90733c1e84fd276a32648\nms.translationtype: MT\nms.contentlocale: zh-TW\nms.locfileid: '103944880'\n";

    #[test]
    fn a_site_page_is_read_the_short_way_as_yaml_reads_it() {
        let reference = "title: CimInstance.SetCimSessionComputerName 方法 (Microsoft.Management.Infrastructure)\nms:assetid: M:Microsoft.Management.Infrastructure.CimInstance.SetCimSessionComputerName(System.String)\ndescription: '深入瞭解： CimInstance. SetCimSessionComputerName 方法 (字串) '\nf1_keywords:\n- Microsoft.Management.Infrastructure.CimInstance.SetCimSessionComputerName\n- Microsoft::Management::Infrastructure::CimInstance::SetCimSessionComputerName\ndev_langs:\n- C++\nms.locfileid: \"104319575\"\r\n";
        for yaml in [SEED, reference] {
            assert!(simple_lines(yaml).is_some(), "{yaml}");
            assert_eq!(front_matter_scalars(yaml), by_yaml(yaml), "{yaml}");
        }
        let seed = front_matter_scalars(SEED).unwrap();
        assert!(seed.contains(&("ms.locfileid".into(), "103944880".into())));
        assert!(seed.contains(&("ms.date".into(), "05/31/2018".into())));
    }

    #[test]
    fn integers_are_read_the_short_way_as_yaml_reads_them() {
        for value in [
            "0",
            "7",
            "55103932",
            "123456789012345678",
            "00",
            "007",
            "0123",
            "1234567890123456789",
            "99999999999999999999",
            "-1",
            "+1",
        ] {
            let yaml = format!("title: T\nms:contentKeyID: {value}\n");
            assert_eq!(front_matter_scalars(&yaml), by_yaml(&yaml), "{yaml}");
        }
        assert!(simple_lines("ms:contentKeyID: 55103932\n").is_some());
    }

    proptest::proptest! {
        /// Front matters made of the pieces YAML reads in more than one way: the short way
        /// gives YAML's answer or leaves it to YAML.
        #[test]
        fn the_short_way_agrees_with_yaml(
            lines in proptest::collection::vec(line(), 0..8),
            crlf in proptest::bool::ANY,
        ) {
            let yaml = lines.join(if crlf { "\r\n" } else { "\n" });
            proptest::prop_assert_eq!(front_matter_scalars(&yaml), by_yaml(&yaml), "{:?}", yaml);
        }
    }

    fn line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let key = proptest::sample::select(vec![
            "title",
            "ms.date",
            "k",
            "ms:assetid",
            "1",
            "true",
            "a b",
            "-x",
            "#c",
            "'q'",
            "k:",
        ]);
        let separator = proptest::sample::select(vec![": ", ":", ":  ", " : ", ":\t"]);
        let value = proptest::sample::select(vec![
            "x",
            "4d2c1b2a-797a",
            "0a3f",
            "0b101",
            "0B1",
            "+0x1F",
            "+.inf",
            "-.NaN",
            "1_000",
            "2018-05-31",
            "e3",
            ".5",
            "5.",
            "1e",
            "+",
            "+-1",
            "b5f8ed5c",
            "0o17",
            "0xG",
            "05/31/2018",
            "103944880",
            "0",
            "00",
            "007",
            "123456789012345678",
            "1234567890123456789",
            "99999999999999999999",
            "'it''s'",
            "'a'",
            "'a' b",
            "\"b\"",
            "\"c\\\"\"",
            "a # c",
            "a#c",
            "a: b",
            "a:",
            "~",
            "Yes",
            "NULL",
            "- x",
            "-",
            "[a]",
            "{a: b}",
            "&a x",
            "*a",
            "!t x",
            "|",
            "> ",
            "C#",
            "C++",
            "0x1F",
            ".inf",
            "inf",
            "1e3",
            "-1",
            "中文",
            "a\tb",
            "",
            " lead",
            "trail ",
            "a\u{2028}b",
            "\u{85}",
            "%x",
            "@x",
            "`x`",
        ]);
        prop_oneof![
            (key.clone(), separator, value.clone()).prop_map(|(k, s, v)| format!("{k}{s}{v}")),
            value.clone().prop_map(|v| format!("- {v}")),
            (key, value).prop_map(|(k, v)| format!("  {k}: {v}")),
            proptest::sample::select(vec!["", "  ", "# note", "---", "...", "-"])
                .prop_map(str::to_owned),
        ]
    }

    /// Each of these leaves the short way, and the YAML parser's answer stands, error or not.
    #[test]
    fn anything_beyond_simple_lines_is_the_yaml_parsers() {
        let tricky = [
            "ms.locfileid: 103944880",
            "n: 0x10",
            "n: 1.5e3",
            "n: .inf",
            "n: -.5",
            "d: 2018-05-31",
            "b: true",
            "b: Yes",
            "z: ~",
            "z: null",
            "t: a # comment",
            "t: 'it''s'",
            "t: 'unclosed",
            "t: 'a' 'b'",
            "t: \"esc\\u0041pe\"",
            "t: \"a\" \"b\"",
            "t: |\n  block\n  text",
            "t: >\n  folded",
            "t: plain\n  continued",
            "t: [a, b]",
            "t: {a: b}",
            "t: &anchor x\nu: *anchor",
            "t: !tag x",
            "t: a: b",
            "t: a:",
            "t: x\nt: y",
            "- item",
            "k:\n- a: b",
            "k:\n- - a",
            "k:\n  nested: 1",
            "? complex\n: key",
            "\"quoted key\": x",
            "'quoted key': x",
            "key with space: x",
            "k: a\tb",
            "k: \u{7}",
            "k: a\u{2028}b",
            "k: \u{feff}x",
            "# comment\nk: v",
            "k: v\n...",
            "k: v\n---\nl: w",
            "",
            "just text",
            "k:",
            "k: -",
            "k: - x",
            "k: `x`",
            "k: @x",
            "k: %x",
            "k: 0b101",
            "k: +.inf",
            "k: 5.",
            "k: 1_000",
            "guid: 4d2c1b2a-797a-46fa-8a73-a054ecc50265",
            "1: numeric key",
            "true: key",
            "k: a\rb",
        ];
        for yaml in tricky {
            assert_eq!(front_matter_scalars(yaml), by_yaml(yaml), "{yaml:?}");
        }
        assert_eq!(
            front_matter_scalars("ms.locfileid: 103944880\nn: 0x10"),
            Some(vec![
                ("ms.locfileid".into(), "103944880".into()),
                ("n".into(), "16".into())
            ])
        );
    }
}
