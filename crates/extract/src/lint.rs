//! Documentation errors an HRESULT shows by itself, reported as warnings naming the row: a
//! severity bit that contradicts the name, and a facility unlike its table's. The model keeps
//! the documented value; the facts file can override it.

use std::collections::{BTreeMap, HashMap};

use doccodes_diagnostic::{Diagnostic, Location};
use doccodes_model::{ENGLISH, Entry, Kind};

/// What a name says of its HRESULT's severity bit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Severity {
    /// `E_FAIL`, `SEC_E_X`: set.
    Failure,
    /// `S_OK`, `SEC_I_X`, `XACT_S_X`: clear.
    Success,
}

fn severity_named(name: &str) -> Option<Severity> {
    // `RPC_S_CALLPENDING` is RPC's status, not a success; `EAP_I_EAPHOST_FIRST` bounds a
    // range of codes of either severity.
    if name.starts_with("RPC_S_") || name.ends_with("_FIRST") || name.ends_with("_LAST") {
        return None;
    }
    if name.starts_with("E_") || name.contains("_E_") {
        Some(Severity::Failure)
    } else if name.starts_with("S_") || name.contains("_S_") || name.contains("_I_") {
        Some(Severity::Success)
    } else {
        None
    }
}

/// Warnings for the HRESULTs of `entries` whose value contradicts their name or their table.
///
/// A facility is checked among the failure codes of one table (one heading) that share a name
/// prefix (`SEC_E_` and `SEC_I_` share `SEC`): where at least three of them and three in four
/// have one facility, a code alone in another facility is named. Tables that mix families on
/// purpose (a function's `E_INVALIDARG` beside its own codes) have different prefixes.
pub(crate) fn hresults(
    entries: &[Entry],
    places: &BTreeMap<String, Location>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut families: HashMap<(&str, &str), Vec<(&str, u32)>> = HashMap::new();
    for entry in entries {
        let (Some(value), Some(Kind::Hresult)) = (entry.value, entry.kind) else {
            continue;
        };
        let failure = value & 0x8000_0000 != 0;
        let contradiction = match severity_named(&entry.name) {
            // `SEC_E_OK` is 0 in winerror.h itself: zero is success whatever the name.
            // `TPM_E_PCP_PLATFORM_CLAIM_OUTDATED` 0x40290425: a warning, severity bits 01.
            Some(Severity::Failure) if value & 0xC000_0000 == 0 && value != 0 => {
                Some("names a failure, but its severity bit is clear")
            }
            Some(Severity::Success) if failure => {
                Some("names a success or information code, but its severity bit is set")
            }
            _ => None,
        };
        if let Some(contradiction) = contradiction {
            diagnostics.push(
                Diagnostic::warning(format!("`{}` {contradiction}: 0x{value:08X}", entry.name))
                    .help(
                        "one of the name and the value is wrong on the page; the model keeps both",
                    )
                    .at_known(places.get(&entry.name)),
            );
        }
        // The generic `E_` codes are no family: `E_OUTOFMEMORY` is a Win32 HRESULT, `E_FAIL`
        // is not.
        if failure
            && let Some((prefix, _)) = entry.name.split_once('_')
            && prefix != "E"
        {
            let heading = entry.heading.get(ENGLISH).map_or("", String::as_str);
            families
                .entry((heading, prefix))
                .or_default()
                .push((&entry.name, value));
        }
    }
    let mut families: Vec<_> = families.into_iter().collect();
    families.sort();
    for ((_, prefix), codes) in families {
        let facility = |value: u32| (value >> 16) & 0x7FF;
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for &(_, value) in &codes {
            *counts.entry(facility(value)).or_default() += 1;
        }
        let Some((&usual, &count)) = counts.iter().max_by_key(|(_, count)| **count) else {
            continue;
        };
        if count < 3 || count * 4 < codes.len() * 3 {
            continue;
        }
        // A family spread over two facilities on purpose (`TPM_E_PCP_*` beside `TPM_E_*`) has
        // several codes in each; a typo leaves one code alone in its facility.
        let alone = |value: u32| counts.get(&facility(value)) == Some(&1);
        for &(name, value) in codes
            .iter()
            .filter(|(_, value)| facility(*value) != usual && alone(*value))
        {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "`{name}` has facility {}: 0x{value:08X}, where {count} other `{prefix}_` codes of its table have facility {usual}",
                    facility(value)
                ))
                .help("a code of another facility in a family's table is often a typo in the value")
                .at_known(places.get(name)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract_page;

    #[test]
    fn a_severity_or_facility_the_name_and_table_contradict_is_a_warning_naming_the_row() {
        let page = "| Name | Value | Meaning |\n|---|---|---|\n\
                    | SEC_E_ONE | 0x80090301 | 1 |\n\
                    | SEC_E_TWO | 0x80090302 | 2 |\n\
                    | SEC_E_THREE | 0x80090303 | 3 |\n\
                    | SEC_E_TYPO | 0x80080304 | 4 |\n\
                    | SEC_I_SET | 0x80090305 | 5 |\n\
                    | SEC_E_CLEAR | 0x00090306 | 6 |\n\
                    | E_INVALIDARG | 0x80070057 | 7 |\n\
                    | RPC_S_CALLPENDING | 0x80010115 | RPC's status, not a success |\n\
                    | TPM_E_PCP_CLAIM_OUTDATED | 0x40290425 | A warning |\n\
                    | EAP_I_EAPHOST_FIRST | 0x80420000 | A bound |\n";
        let extraction = extract_page("codes.md", page);
        assert!(extraction.model.is_ok());
        let shown: Vec<String> = extraction
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.location.as_ref().unwrap(), d.message))
            .collect();
        assert_eq!(
            shown,
            [
                "codes.md:7:15: `SEC_I_SET` names a success or information code, but its severity bit is set: 0x80090305",
                "codes.md:8:17: `SEC_E_CLEAR` names a failure, but its severity bit is clear: 0x00090306",
                "codes.md:6:16: `SEC_E_TYPO` has facility 8: 0x80080304, where 4 other `SEC_` codes of its table have facility 9",
            ]
        );
    }
}
