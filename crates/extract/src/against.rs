//! A model's documented values against C headers (`model --against HEADER...`): every name a
//! header defines with another value is reported with both places. The model keeps what the
//! docs say; a value known wrong is overridden in the facts file, with a reason.

use std::collections::BTreeMap;

use doccodes_diagnostic::{Diagnostic, Location};
use doccodes_model::Model;

/// The values one C header defines, evaluated as a C compiler would (`doccodes-cexpr`).
pub struct HeaderValues {
    /// Per name, the value (those that fit 32 bits) and where it is defined.
    values: BTreeMap<String, (u32, Location)>,
}

impl HeaderValues {
    pub fn read(path: &str, text: &str) -> HeaderValues {
        let lines: Vec<&str> = text.lines().collect();
        let values = doccodes_cexpr::values(&doccodes_cexpr::defines(text))
            .into_iter()
            .filter_map(|(name, (value, line))| {
                let value = doccodes_cexpr::fits_32_bits(value)?;
                let line_text = lines.get(line - 1).copied().unwrap_or_default();
                let column = line_text.find(&name).map_or(1, |at| at + 1);
                let at = Location {
                    path: path.to_owned(),
                    line,
                    column,
                    line_text: line_text.to_owned(),
                };
                Some((name, (value, at)))
            })
            .collect();
        HeaderValues { values }
    }

    /// How many values the header defines.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// How the documented values of models compare with headers: one model's, or a site's added up.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Each difference (a warning) and each Win32 code documented as its HRESULT (a note).
    pub diagnostics: Vec<Diagnostic>,
    /// Documented values that a header defining the name agrees with.
    pub agree: usize,
    /// Win32 codes documented as `HRESULT_FROM_WIN32` of the header's value.
    pub as_hresult: usize,
    /// Documented values that no header defining the name agrees with.
    pub differ: usize,
    /// Documented values whose names no header defines.
    pub undefined: usize,
}

/// Compares every valued entry of `model` with the headers that define its name. One header
/// that agrees is enough: headers define some names twice, for other platforms (the 16-bit
/// `issper16.h` beside `sspi.h`). `places` says where each value was given
/// ([`crate::Extraction::places`]).
pub fn against(
    model: &Model,
    places: &BTreeMap<String, Location>,
    headers: &[HeaderValues],
) -> Comparison {
    let mut comparison = Comparison::default();
    for entry in &model.entries {
        let Some(value) = entry.value else { continue };
        let defined: Vec<&(u32, Location)> = headers
            .iter()
            .filter_map(|header| header.values.get(&entry.name))
            .collect();
        if defined.is_empty() {
            comparison.undefined += 1;
            continue;
        }
        if defined.iter().any(|(defined, _)| *defined == value) {
            comparison.agree += 1;
            continue;
        }
        let at = places.get(&entry.name);
        if let Some((code, header_at)) = defined.iter().find(|(defined, _)| {
            *defined <= 0xFFFF
                && doccodes_cexpr::hresult_from_win32(i64::from(*defined)) == i64::from(value)
        }) {
            let file = file_name(&header_at.path);
            comparison.as_hresult += 1;
            let note = Diagnostic::info(format!(
                "`{}` is documented as its HRESULT, 0x{value:08X}; `{file}` defines the Win32 code {code}, and HRESULT_FROM_WIN32({code}) is 0x{value:08X}",
                entry.name
            ));
            comparison.diagnostics.push(
                note.at_known(at)
                    .related(header_at.clone(), "the Win32 code"),
            );
            continue;
        }
        comparison.differ += 1;
        // The value to suggest: one of the documented value's severity where a header has it
        // (`winerror.h`'s 0x80090301, not the 16-bit 0x1301).
        let header_value = defined
            .iter()
            .map(|(defined, _)| *defined)
            .find(|defined| defined >> 31 == value >> 31)
            .unwrap_or(defined[0].0);
        // Every header that defines the name, as each defines it: `SEC_E_INVALID_HANDLE` is
        // 0x1301 in the 16-bit `issper16.h` and 0x80090301 in `winerror.h`.
        let elsewhere: Vec<String> = defined
            .iter()
            .map(|(defined, at)| format!("0x{defined:08X} in `{}`", file_name(&at.path)))
            .collect();
        let difference = Diagnostic::warning(format!(
            "`{}` is 0x{value:08X} in the docs and {}",
            entry.name,
            elsewhere.join(", ")
        ))
        .help(format!(
            "the model keeps the documented value; where the docs are wrong, the facts file can say so: `{} 0x{header_value:08X} override: <why>`",
            entry.name
        ));
        let mut difference = difference.at_known(at);
        for (defined, at) in &defined {
            difference = difference.related(at.clone(), format!("0x{defined:08X} here"));
        }
        comparison.diagnostics.push(difference);
    }
    comparison
}

impl Comparison {
    /// Adds another model's counts (not its diagnostics) to these.
    pub fn add(&mut self, other: &Comparison) {
        self.agree += other.agree;
        self.as_hresult += other.as_hresult;
        self.differ += other.differ;
        self.undefined += other.undefined;
    }

    /// The counts in a sentence; `headers` names what was compared with.
    pub fn summary(&self, headers: &str) -> Diagnostic {
        let compared = self.agree + self.as_hresult + self.differ;
        let rate = if compared == 0 {
            String::new()
        } else {
            format!(
                " ({:.1}% of those the headers define agree, or are their HRESULT)",
                100.0 * (self.agree + self.as_hresult) as f64 / compared as f64
            )
        };
        Diagnostic::info(format!(
            "of {} documented values, {} agree with {headers}, {} are Win32 codes documented as their HRESULT, {} differ; {} name nothing the headers define{rate}",
            compared + self.undefined,
            self.agree,
            self.as_hresult,
            self.differ,
            self.undefined
        ))
    }
}

/// `winerror.h` of `/usr/x86_64-w64-mingw32/include/winerror.h`.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract_page;

    #[test]
    fn each_documented_value_a_header_contradicts_is_named_with_both_places() {
        let page = "| Name | Value | Meaning |\n|---|---|---|\n\
                    | E_INVALIDARG | 0x80000003 | Bad. |\n\
                    | E_FAIL | 0x80004005 | Failed. |\n\
                    | ERROR_INSTALL_FAILED | 0x80073CF9 | No. |\n\
                    | E_MINE | 0x80040200 | Ours. |\n";
        let header = "#define E_INVALIDARG _HRESULT_TYPEDEF_(0x80070057L)\n\
                      #define E_FAIL _HRESULT_TYPEDEF_(0x80004005L)\n\
                      #define ERROR_INSTALL_FAILED 15609L\n";
        let extraction = extract_page("codes.md", page);
        let model = extraction.model.unwrap();
        let headers = [HeaderValues::read("include/winerror.h", header)];
        let comparison = against(&model, &extraction.places, &headers);
        assert_eq!(
            (
                comparison.agree,
                comparison.as_hresult,
                comparison.differ,
                comparison.undefined
            ),
            (1, 1, 1, 1)
        );
        let shown: Vec<String> = comparison
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown[0],
            "warning: `E_INVALIDARG` is 0x80000003 in the docs and 0x80070057 in `winerror.h`\n \
             --> codes.md:3:18\n  |\n3 | | E_INVALIDARG | 0x80000003 | Bad. |\n  |                  ^\n \
             ::: include/winerror.h:1:9\n  |\n1 | #define E_INVALIDARG _HRESULT_TYPEDEF_(0x80070057L)\n  \
             |         ^ 0x80070057 here\n  \
             = help: the model keeps the documented value; where the docs are wrong, the facts file can say so: `E_INVALIDARG 0x80070057 override: <why>`\n"
        );
        assert!(
            shown[1].starts_with("info: `ERROR_INSTALL_FAILED` is documented as its HRESULT, 0x80073CF9; `winerror.h` defines the Win32 code 15609"),
            "{}",
            shown[1]
        );
        assert_eq!(shown.len(), 2);
        assert_eq!(
            comparison.summary("winerror.h").message,
            "of 4 documented values, 1 agree with winerror.h, 1 are Win32 codes documented as their HRESULT, 1 differ; 1 name nothing the headers define (66.7% of those the headers define agree, or are their HRESULT)"
        );
    }
}
