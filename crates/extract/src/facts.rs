//! The facts file: what a set's pages do not say, in a format a person edits.
//!
//! ```text
//! # A comment.
//! symbol: sspi_status
//! header: Winerror.h
//! url: https://learn.microsoft.com/en-us/windows/win32/secauthn/sspi-status-codes
//!
//! SEC_E_ALGORITHM_MISMATCH    0x80090331
//! SEC_E_NOT_SUPPORTED         = SEC_E_UNSUPPORTED_FUNCTION
//! E_INVALIDARG                0x80070057 override: the page gives the 16-bit OLE value
//! ```
//!
//! Settings are `key: value` lines; every other line gives a code its value, or (`= NAME`)
//! defines it as another code, as the C header does. A value the pages give too must agree
//! with them, unless the line says `override:` and why: the page is known wrong, the fact
//! wins, and extraction says where the page differs, or that the override is no longer needed.

use std::collections::HashMap;

use doccodes_diagnostic::{Diagnostic, LineIndex, Location};
use doccodes_model::{Kind, is_identifier};

use crate::value::parse_value;

#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub path: String,
    pub symbol: Option<(String, Location)>,
    pub header: Option<String>,
    pub url: Option<String>,
    /// `kind: win32`: the kind of every code of the set, where the rule guesses wrong.
    pub kind: Option<Kind>,
    pub codes: Vec<Fact>,
}

#[derive(Clone, Debug)]
pub struct Fact {
    pub name: String,
    pub value: FactValue,
    pub location: Location,
    /// `override: REASON`: the pages' value is known wrong, for this reason.
    pub overrides: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FactValue {
    Number(u32),
    AliasOf(String),
}

impl Facts {
    /// Reads a facts file; every malformed line is one error.
    pub fn parse(path: &str, text: &str) -> Result<Facts, Vec<Diagnostic>> {
        let index = LineIndex::new(text);
        let at = |offset: usize| index.location(path, text, offset);
        let mut facts = Facts {
            path: path.to_owned(),
            ..Facts::default()
        };
        let mut errors = Vec::new();
        let mut first_line_of: HashMap<String, Location> = HashMap::new();
        let mut offset = 0;
        for raw in text.split_inclusive('\n') {
            let line_start = offset;
            offset += raw.len();
            let line = raw.trim_end();
            let content = line.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let start = line_start + (line.len() - content.len());
            if let Some((key, value)) = content.split_once(": ")
                && !key.contains(char::is_whitespace)
            {
                let value = value.trim().to_owned();
                match key {
                    "symbol" => facts.symbol = Some((value, at(start + key.len() + 2))),
                    "header" => facts.header = Some(value),
                    "url" => facts.url = Some(value),
                    "kind" => match Kind::parse(&value) {
                        Some(kind) => facts.kind = Some(kind),
                        None => errors.push(
                            Diagnostic::error(format!("unknown kind `{value}`"))
                                .at(at(start + key.len() + 2))
                                .help("the kinds are `hresult`, `win32`, `ntstatus` and `int`"),
                        ),
                    },
                    _ => errors.push(
                        Diagnostic::error(format!("unknown setting `{key}`"))
                            .at(at(start))
                            .help("the settings are `symbol`, `header`, `url` and `kind`"),
                    ),
                }
                continue;
            }
            let mut words = content.split_whitespace();
            let name = words.next().unwrap_or_default();
            let rest: Vec<&str> = words.collect();
            let value_at = start
                + content
                    .find(rest.first().copied().unwrap_or(""))
                    .unwrap_or(0);
            let (rest, overrides) = match rest.iter().position(|word| *word == "override:") {
                Some(at) => (&rest[..at], Some(rest[at + 1..].join(" "))),
                None => (rest.as_slice(), None),
            };
            let value = match rest {
                _ if !is_identifier(name) => Err(format!("`{name}` is not an identifier")),
                _ if overrides.as_ref().is_some_and(String::is_empty) => Err(format!(
                    "`{name}` overrides the pages without a reason: say why after `override:`"
                )),
                ["=", _] if overrides.is_some() => Err(format!(
                    "`{name}` is defined as another code; only a value can override the pages"
                )),
                ["=", other] if is_identifier(other) => Ok(FactValue::AliasOf((*other).to_owned())),
                [number] => parse_value(number)
                    .map(FactValue::Number)
                    .map_err(|error| error.to_string()),
                _ => Err(format!(
                    "expected `{name} VALUE` or `{name} = OTHER_NAME`, found `{content}`"
                )),
            };
            match value {
                Err(message) => errors.push(Diagnostic::error(message).at(at(value_at))),
                Ok(value) => {
                    let location = at(start);
                    if let Some(first) = first_line_of.get(name) {
                        errors.push(
                            Diagnostic::error(format!("`{name}` is in the facts file twice"))
                                .at(location)
                                .related(first.clone(), "first here"),
                        );
                        continue;
                    }
                    first_line_of.insert(name.to_owned(), location.clone());
                    facts.codes.push(Fact {
                        name: name.to_owned(),
                        value,
                        location,
                        overrides,
                    });
                }
            }
        }
        for fact in &facts.codes {
            if let FactValue::AliasOf(other) = &fact.value {
                let target = facts.codes.iter().find(|f| &f.name == other);
                if !matches!(
                    target,
                    Some(Fact {
                        value: FactValue::Number(_),
                        ..
                    })
                ) {
                    errors.push(
                        Diagnostic::error(format!(
                            "`{}` is defined as `{other}`, which has no value in this file",
                            fact.name
                        ))
                        .at(fact.location.clone()),
                    );
                }
            }
        }
        if errors.is_empty() {
            Ok(facts)
        } else {
            Err(errors)
        }
    }

    /// The value of `name`, following an alias.
    pub fn value_of(&self, name: &str) -> Option<u32> {
        let fact = self.codes.iter().find(|fact| fact.name == name)?;
        match &fact.value {
            FactValue::Number(value) => Some(*value),
            FactValue::AliasOf(other) => self.value_of(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_values_and_aliases() {
        let text = "# SSPI\nsymbol: sspi_status\nheader: Winerror.h\n\nSEC_E_UNSUPPORTED_FUNCTION 0x80090302\nSEC_E_NOT_SUPPORTED  = SEC_E_UNSUPPORTED_FUNCTION\n";
        let facts = Facts::parse("s.facts", text).unwrap();
        assert_eq!(facts.symbol.as_ref().unwrap().0, "sspi_status");
        assert_eq!(facts.header.as_deref(), Some("Winerror.h"));
        assert_eq!(facts.codes.len(), 2);
        assert_eq!(facts.value_of("SEC_E_NOT_SUPPORTED"), Some(0x8009_0302));
        assert_eq!(facts.codes[1].location.line, 6);
    }

    #[test]
    fn an_override_says_why() {
        let text = "E_INVALIDARG 0x80070057 override: the page gives the 16-bit OLE value\n";
        let facts = Facts::parse("s.facts", text).unwrap();
        assert_eq!(facts.codes[0].value, FactValue::Number(0x8007_0057));
        assert_eq!(
            facts.codes[0].overrides.as_deref(),
            Some("the page gives the 16-bit OLE value")
        );
        let errors =
            Facts::parse("s.facts", "E_X 1 override:\nE_Y = E_X override: no\n").unwrap_err();
        let shown: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            shown,
            [
                "`E_X` overrides the pages without a reason: say why after `override:`",
                "`E_Y` is defined as another code; only a value can override the pages",
            ]
        );
    }

    #[test]
    fn every_bad_line_is_an_error_with_its_place() {
        let text =
            "colour: red\nSEC_E_OK 0x100000000\nSEC_E_X = SEC_E_Y\nSEC_E_Z\nSEC_E_Z 1\nSEC_E_Z 2\n";
        let errors = Facts::parse("s.facts", text).unwrap_err();
        let shown: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.location.as_ref().unwrap(), e.message))
            .collect();
        assert_eq!(
            shown,
            [
                "s.facts:1:1: unknown setting `colour`",
                "s.facts:2:10: `0x100000000` does not fit in 32 bits",
                "s.facts:4:1: expected `SEC_E_Z VALUE` or `SEC_E_Z = OTHER_NAME`, found `SEC_E_Z`",
                "s.facts:6:1: `SEC_E_Z` is in the facts file twice",
                "s.facts:3:1: `SEC_E_X` is defined as `SEC_E_Y`, which has no value in this file",
            ]
        );
    }
}
