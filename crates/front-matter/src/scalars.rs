//! The top-level scalars of a page's front matter, the keys translation checks ask for (`title`,
//! `ms.contentlocale`, `ms.assetid`).
//!
//! A whole localized site is tens of thousands of front matters, and a YAML parser costs more
//! per page than reading the rest of it. Nearly all of them are lines of `key: value` and
//! `- item`; those are read here directly. Anything else (quotes with escapes, block scalars,
//! nesting, comments, anchors, tags, a value YAML might read as a number, a boolean or null, a
//! key given twice) goes to the YAML parser, so the answer is always what YAML says.

use std::borrow::Cow;

use serde_yaml::Value;

use crate::Block;

/// A page's front matter: its top-level strings and numbers, read once per page (the checks ask
/// for several keys), borrowed from the page where YAML would read them as written.
#[derive(Debug, Default)]
pub struct FrontMatter<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl<'a> FrontMatter<'a> {
    /// The front matter in `yaml`, the text between the `---` lines; empty when it is not a
    /// YAML mapping.
    pub fn read(yaml: &'a str) -> FrontMatter<'a> {
        FrontMatter(front_matter_scalars(yaml).unwrap_or_default())
    }

    /// The front matter of a page's `block`; empty when the page has none.
    pub fn of(block: Option<Block<'a>>) -> FrontMatter<'a> {
        block.map_or_else(FrontMatter::default, |block| FrontMatter::read(block.yaml))
    }

    /// A top-level scalar (`title`, `ms.assetid`).
    pub fn value(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_ref())
    }
}

/// A front matter's top-level keys and their values.
type Scalars<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

/// The top-level keys whose values are strings or numbers, with those values as text (a number
/// as YAML reads it: `0x10` is `16`), in document order. `None` when the text is not a YAML
/// mapping.
fn front_matter_scalars(yaml: &str) -> Option<Scalars<'_>> {
    if let Some(simple) = simple_lines(yaml) {
        return Some(simple);
    }
    let mapping = match serde_yaml::from_str::<Value>(yaml).ok()? {
        Value::Mapping(mapping) => mapping,
        Value::Null => return Some(Vec::new()),
        _ => return None,
    };
    Some(
        mapping
            .into_iter()
            .filter_map(|(key, value)| {
                let Value::String(key) = key else {
                    return None;
                };
                let value = match value {
                    Value::String(text) => text,
                    Value::Number(number) => number.to_string(),
                    _ => return None,
                };
                Some((Cow::Owned(key), Cow::Owned(value)))
            })
            .collect(),
    )
}

/// The scalars of a front matter made only of `key: value` lines, `key:` lines followed by
/// `- item` lines (indented alike, or not), and blank lines, where every value is a string beyond doubt. `None` for
/// anything else. Every front matter of a site comes here: nothing is copied but a value whose
/// quotes were doubled.
fn simple_lines(yaml: &str) -> Option<Scalars<'_>> {
    let bytes = yaml.as_bytes();
    // A lone carriage return is a line break to YAML: only `\r\n` and a last `\r` are read here.
    let lone_carriage_return =
        memchr::memchr_iter(b'\r', bytes).any(|at| at + 1 < bytes.len() && bytes[at + 1] != b'\n');
    if lone_carriage_return || !printable(yaml) {
        return None;
    }
    // Room for a site page's keys, without growing.
    let mut scalars: Scalars<'_> = Vec::with_capacity(16);
    let mut keys: Vec<&str> = Vec::with_capacity(24);
    // After `key:` with nothing on its line: `- item` lines may follow, the key's sequence,
    // each as indented as the first.
    let mut in_sequence = false;
    let mut item_indent = None;
    for line in yaml.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        if indent == line.len() {
            continue;
        }
        if let Some(item) = line[indent..].strip_prefix("- ") {
            if !in_sequence || *item_indent.get_or_insert(indent) != indent {
                return None;
            }
            string(item)?;
            continue;
        }
        item_indent = None;
        let (key, value) = match key_and_value(line) {
            Some((key, value)) => (key, value),
            None => (line.strip_suffix(':')?, ""),
        };
        if !plain_key(key) || maybe_not_a_string(key) || keys.contains(&key) {
            return None;
        }
        keys.push(key);
        in_sequence = value.bytes().all(|b| b == b' ');
        if !in_sequence {
            scalars.push((Cow::Borrowed(key), string(value)?));
        }
    }
    Some(scalars)
}

/// `line` cut at its first `: `, as `split_once(": ")` cuts it, without building a searcher
/// for each line: the key before it is a few bytes.
fn key_and_value(line: &str) -> Option<(&str, &str)> {
    let at = line.as_bytes().windows(2).position(|pair| pair == b": ")?;
    Some((&line[..at], &line[at + 2..]))
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
    let first = *value.as_bytes().first()?;
    let indicator = matches!(
        first,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    );
    if indicator || mapping_or_comment(value) {
        return None;
    }
    if decimal_integer(value) {
        // YAML reads a number, which reads back as the same digits (`ms:contentKeyID`).
        return Some(Cow::Borrowed(value));
    }
    (!maybe_not_a_string(value)).then_some(Cow::Borrowed(value))
}

/// Whether plain text holds `: ` or ends in `:` (a mapping to YAML) or holds ` #` (a comment):
/// one pass, since every value of every page comes here.
fn mapping_or_comment(value: &str) -> bool {
    let bytes = value.as_bytes();
    memchr::memchr2_iter(b':', b'#', bytes).any(|at| match bytes[at] {
        b':' => matches!(bytes.get(at + 1), None | Some(b' ')),
        _ => at > 0 && bytes[at - 1] == b' ',
    })
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
    // What each reading below needs first: a sign, a digit, a `.`, or a word's first letter.
    if !value.as_bytes().first().is_some_and(|b| {
        matches!(
            b.to_ascii_lowercase(),
            b'+' | b'-' | b'.' | b'0'..=b'9' | b't' | b'f' | b'y' | b'n' | b'o' | b'~'
        )
    }) {
        return false;
    }
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    let bytes = unsigned.as_bytes();
    // `0x1F`, `0o17`, `0b101`, each in its own digits (and `_`): a GUID or a hash that
    // begins `0b` (`0bee52ac-0454-…`, `0b203152c8fa…`) is text.
    let radix = bytes.len() > 2 && bytes[0] == b'0' && {
        let digit: fn(&u8) -> bool = match bytes[1].to_ascii_lowercase() {
            b'x' => u8::is_ascii_hexdigit,
            b'o' => |b| (b'0'..=b'7').contains(b),
            b'b' => |b| matches!(b, b'0' | b'1'),
            _ => |_| false,
        };
        bytes[2..].iter().all(|b| digit(b) || *b == b'_')
    };
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
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':' | b'/'))
}

/// Whether every character is one a YAML reader takes as it is: no control characters, and
/// none of the line breaks YAML knows beyond `\n` and `\r`. Read by bytes, since every front
/// matter comes here: U+0080 to U+009F are `C2 80` to `C2 9F`, U+2028 and U+2029 are `E2 80 A8`
/// and `E2 80 A9`, U+FEFF is `EF BB BF`, U+FFFE and U+FFFF are `EF BF BE` and `EF BF BF`.
fn printable(text: &str) -> bool {
    let bytes = text.as_bytes();
    let byte_is_printable = |at: usize| {
        let next = |n: usize| bytes.get(at + n).copied().unwrap_or(0);
        match bytes[at] {
            b'\n' | b'\r' | b' '..=b'~' => true,
            0x00..=0x7f => false,
            0xc2 => next(1) >= 0xa0,
            0xe2 => !(next(1) == 0x80 && matches!(next(2), 0xa8 | 0xa9)),
            0xef => !matches!((next(1), next(2)), (0xbb, 0xbf) | (0xbf, 0xbe | 0xbf)),
            _ => true,
        }
    };
    // Sixteen bytes at a time, as the compiler can test them together: a block without a
    // control character or a byte that starts one of the sequences above is let through whole
    // (CJK text too), any other is read byte by byte.
    const BLOCK: usize = 16;
    let suspect = |b: u8| {
        (b < b' ') & (b != b'\n') & (b != b'\r')
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xe2)
            | (b == 0xef)
    };
    bytes.chunks(BLOCK).enumerate().all(|(index, block)| {
        let clean = block.iter().fold(true, |clean, &b| clean & !suspect(b));
        clean || (0..block.len()).all(|offset| byte_is_printable(index * BLOCK + offset))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte reading of `printable` against YAML 1.2's printable set, character by character,
    /// every character there is.
    #[test]
    fn printable_is_yamls_set_for_every_character() {
        let yaml_printable = |c: char| {
            matches!(c, '\n' | '\r' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
                && !['\u{2028}', '\u{2029}', '\u{feff}'].contains(&c)
                || c >= '\u{10000}'
        };
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            // Alone, and (each byte sequence `printable` tells apart is below U+10000) across
            // the end of the blocks the ASCII test reads.
            let positions: &[usize] = if c < '\u{10000}' { &[1, 14, 15] } else { &[1] };
            for &before in positions {
                let text = format!("{}{c}{}", "a".repeat(before), "b".repeat(20));
                assert_eq!(printable(&text), yaml_printable(c), "U+{:04X}", c as u32);
            }
        }
    }

    /// What the YAML library alone says, written apart from the long way: the oracle both ways
    /// are held to.
    fn by_yaml(yaml: &str) -> Option<Scalars<'static>> {
        let mapping = match serde_yaml::from_str::<serde_yaml::Value>(yaml).ok()? {
            serde_yaml::Value::Mapping(mapping) => mapping,
            serde_yaml::Value::Null => return Some(Vec::new()),
            _ => return None,
        };
        let mut scalars = Vec::new();
        for (key, value) in mapping {
            let (serde_yaml::Value::String(key), Some(value)) = (key, scalar(value)) else {
                continue;
            };
            scalars.push((Cow::Owned(key), Cow::Owned(value)));
        }
        Some(scalars)
    }

    fn scalar(value: serde_yaml::Value) -> Option<String> {
        match value {
            serde_yaml::Value::String(text) => Some(text),
            serde_yaml::Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
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
        /// gives the YAML library's answer or leaves it to the long way, which gives it too.
        #[test]
        fn the_short_way_agrees_with_yaml(yaml in front_matter()) {
            let expected = by_yaml(&yaml);
            if let Some(short) = simple_lines(&yaml) {
                proptest::prop_assert_eq!(Some(short), expected.clone(), "{:?}", yaml);
            }
            proptest::prop_assert_eq!(front_matter_scalars(&yaml), expected, "{:?}", yaml);
        }
    }

    /// The property above sees both ways: a fair share of its front matters are read the short
    /// way, and a fair share are not.
    #[test]
    fn the_property_tries_both_ways() {
        use proptest::strategy::{Strategy, ValueTree};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = front_matter();
        let samples = 2000;
        let short = (0..samples)
            .filter(|_| {
                let yaml = strategy.new_tree(&mut runner).unwrap().current();
                simple_lines(&yaml).is_some()
            })
            .count();
        assert!(
            (samples / 10..samples * 9 / 10).contains(&short),
            "{short} of {samples} read the short way"
        );
    }

    fn front_matter() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        (proptest::collection::vec(line(), 0..8), proptest::bool::ANY)
            .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
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
            "0b12",
            "0bee52ac-0454",
            "0b203152c8fa",
            "0o18",
            "0x1G",
            "0x_1F",
            "0b",
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
            (0..3usize, value.clone()).prop_map(|(n, v)| format!("{}- {v}", " ".repeat(n))),
            (key, value).prop_map(|(k, v)| format!("  {k}: {v}")),
            proptest::sample::select(vec!["", "  ", "# note", "---", "...", "-"])
                .prop_map(str::to_owned),
        ]
    }

    /// Each of these leaves the short way (`simple_lines` refuses it), and the answer is what
    /// YAML says, written here by hand: the scalars, `None` for a text that is no mapping.
    #[test]
    fn anything_beyond_simple_lines_is_the_yaml_parsers() {
        let tricky: &[(&str, Option<Written>)] = &[
            // 19 digits: more than the short way takes as a number.
            (
                "ms.locfileid: 1234567890123456789",
                Some(&[("ms.locfileid", "1234567890123456789")]),
            ),
            ("n: 0x10", Some(&[("n", "16")])),
            ("n: 1.5e3", Some(&[("n", "1500.0")])),
            ("n: .inf", Some(&[("n", ".inf")])),
            ("n: -.5", Some(&[("n", "-0.5")])),
            ("d: 2018-05-31", Some(&[("d", "2018-05-31")])),
            ("b: true", Some(&[])),
            ("b: Yes", Some(&[("b", "Yes")])),
            ("z: ~", Some(&[])),
            ("z: null", Some(&[])),
            ("t: a # comment", Some(&[("t", "a")])),
            // A comment after a quoted value.
            ("t: 'it''s' # c", Some(&[("t", "it's")])),
            ("t: 'unclosed", None),
            ("t: 'a' 'b'", None),
            ("t: \"esc\\u0041pe\"", Some(&[("t", "escApe")])),
            ("t: \"a\" \"b\"", None),
            ("t: |\n  block\n  text", Some(&[("t", "block\ntext")])),
            ("t: >\n  folded", Some(&[("t", "folded")])),
            ("t: plain\n  continued", Some(&[("t", "plain continued")])),
            ("t: [a, b]", Some(&[])),
            ("t: {a: b}", Some(&[])),
            ("t: &anchor x\nu: *anchor", Some(&[("t", "x"), ("u", "x")])),
            ("t: !tag x", Some(&[])),
            ("t: a: b", None),
            ("t: a:", None),
            ("t: x\nt: y", None),
            ("- item", None),
            ("k:\n- a: b", Some(&[])),
            ("k:\n- - a", Some(&[])),
            // Items indented unlike the first: nested, or no mapping.
            ("k:\n  - a\n- b", None),
            ("k:\n- a\n  - b", Some(&[])),
            ("k:\n  nested: 1", Some(&[])),
            ("? complex\n: key", Some(&[("complex", "key")])),
            ("\"quoted key\": x", Some(&[("quoted key", "x")])),
            ("'quoted key': x", Some(&[("quoted key", "x")])),
            ("key with space: x", Some(&[("key with space", "x")])),
            ("k: a\tb", Some(&[("k", "a\tb")])),
            ("k: \u{7}", None),
            ("k: a\u{2028}b", None),
            ("k: \u{feff}x", Some(&[("k", "\u{feff}x")])),
            ("# comment\nk: v", Some(&[("k", "v")])),
            ("k: v\n...", Some(&[("k", "v")])),
            ("k: v\n---\nl: w", None),
            // Only a comment: null, no scalars.
            ("# nothing here", Some(&[])),
            ("just text", None),
            // A key with nothing but a comment: null.
            ("k:   # nothing", Some(&[])),
            ("k: -", None),
            ("k: - x", None),
            ("k: `x`", None),
            ("k: @x", None),
            ("k: %x", None),
            ("k: 0b101", Some(&[("k", "5")])),
            ("k: +.inf", Some(&[("k", ".inf")])),
            ("k: 5.", Some(&[("k", "5.0")])),
            ("k: 1_000", Some(&[("k", "1_000")])),
            (
                "guid: 4d2c1b2a-797a-46fa-8a73-a054ecc50265 # id",
                Some(&[("guid", "4d2c1b2a-797a-46fa-8a73-a054ecc50265")]),
            ),
            ("1: numeric key", Some(&[])),
            ("true: key", Some(&[])),
            ("k: a\rb", None),
        ];
        for (yaml, expected) in tricky {
            assert!(
                simple_lines(yaml).is_none(),
                "{yaml:?} is read the short way"
            );
            assert_eq!(front_matter_scalars(yaml), owned(*expected), "{yaml:?}");
        }
    }

    /// Front matters the short way reads, with what YAML says, written here by hand.
    #[test]
    fn simple_lines_are_read_the_short_way_as_yaml_reads_them() {
        let simple: &[(&str, Written)] = &[
            ("ms.locfileid: 103944880", &[("ms.locfileid", "103944880")]),
            ("t: 'it''s'", &[("t", "it's")]),
            ("", &[]),
            ("k:", &[]),
            ("k:\n- a\n- 'b'\nl: x", &[("l", "x")]),
            ("k:\n  - a\n  - b\nl: x", &[("l", "x")]),
            (
                "guid: 4d2c1b2a-797a-46fa-8a73-a054ecc50265",
                &[("guid", "4d2c1b2a-797a-46fa-8a73-a054ecc50265")],
            ),
            (
                "ms.date: 05/31/2018\r\nt: \"C++\"",
                &[("ms.date", "05/31/2018"), ("t", "C++")],
            ),
        ];
        for (yaml, expected) in simple {
            assert_eq!(simple_lines(yaml), owned(Some(expected)), "{yaml:?}");
            assert_eq!(
                front_matter_scalars(yaml),
                owned(Some(expected)),
                "{yaml:?}"
            );
            assert_eq!(by_yaml(yaml), owned(Some(expected)), "{yaml:?}");
        }
    }

    /// Scalars written by hand: key and value.
    type Written = &'static [(&'static str, &'static str)];

    fn owned(scalars: Option<Written>) -> Option<Scalars<'static>> {
        scalars.map(|scalars| {
            scalars
                .iter()
                .map(|&(key, value)| (Cow::Borrowed(key), Cow::Borrowed(value)))
                .collect()
        })
    }
}
