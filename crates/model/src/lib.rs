//! The canonical model: one set of codes (the translations of one page), every entry with its
//! name, value, alias and meanings per locale, and where it all came from.
//!
//! Its YAML form ([`Model::to_yaml`]) is canonical: the same model gives the same bytes on every
//! machine (fixed key order, entries in page order, maps sorted, values as 8-digit hex, LF and a
//! final newline), and [`Model::from_yaml`] of those bytes gives the model back, so loading and
//! saving again changes nothing. Emitters read a model, never a page.

mod yaml;

use std::collections::BTreeMap;

use doccodes_diagnostic::Diagnostic;
use doccodes_inline::{Inline, parse_markdown, plain_text};
use serde::Deserialize;

pub use serde_yaml::{Mapping, Value};
pub use yaml::parse_front_matter;

/// The schema this crate writes. Schema 2 gave each entry its [`Kind`]; models of schema 1
/// still load, each entry's kind inferred by [`Kind::infer`].
pub const SCHEMA: u32 = 2;

/// The oldest schema this crate reads.
pub const OLDEST_SCHEMA: u32 = 1;

/// The locale of English pages and of the `sxs-lookup` side of translated ones.
pub const ENGLISH: &str = "en-US";

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub schema: u32,
    /// The set's id, from its pages' file name: `sspi-status-codes`.
    pub id: String,
    /// The snake_case stem of generated file and C names: `sspi_status` gives `sspi_status.h`
    /// and `sspi_status_name()`. A hand-written model may leave it out: it is then the id in
    /// snake_case.
    #[serde(default)]
    pub symbol: String,
    /// The page title per locale.
    #[serde(default)]
    pub title: BTreeMap<String, String>,
    /// The C header that defines the codes, as the page names it.
    #[serde(default)]
    pub header: Option<String>,
    /// The English page on Microsoft Learn; relative links in meanings resolve against it.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub sources: Vec<Source>,
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// As given to the tool: relative to the workspace root for `cargo xtask gen`.
    pub path: String,
    pub kind: SourceKind,
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub front_matter: Option<Mapping>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A documentation page.
    Page,
    /// A facts file: values and settings the pages lack.
    Facts,
    /// A page read for the values of the set's codes only.
    Values,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The identifier, always from the English side.
    pub name: String,
    /// The 32-bit value; absent only where no source gives one. Written as 8-digit hex; read
    /// from any YAML integer that fits 32 bits, negative ones as `i32` (`-2146893007`).
    #[serde(default, deserialize_with = "yaml::value")]
    pub value: Option<u32>,
    /// The entry this name is defined as (`SEC_E_NOT_SUPPORTED` is `SEC_E_UNSUPPORTED_FUNCTION`).
    #[serde(default)]
    pub alias_of: Option<String>,
    /// Canonical inline Markdown per locale (see `doccodes_inline`); a newline in a
    /// hand-written meaning is a line break.
    #[serde(default)]
    pub meaning: BTreeMap<String, String>,
    /// The heading of the table (or list) the page gives the code under, per locale, where a
    /// page has several: `Errors`, `Information`.
    #[serde(default)]
    pub heading: BTreeMap<String, String>,
    /// What kind of number the value is; inferred by [`Kind::infer`] where a model omits it.
    #[serde(default)]
    pub kind: Option<Kind>,
}

/// What kind of number a code is: the type a binding gives it and how it converts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A COM/Win32 `HRESULT` (`SEC_E_OK`, `E_FAIL`, `0x8009030C`): a signed 32-bit value with
    /// severity, facility and code.
    Hresult,
    /// A Win32 error code, a `DWORD` as `GetLastError` returns it (`ERROR_*`, `WSA*`, `NERR_*`).
    Win32,
    /// An `NTSTATUS` (`STATUS_*`): a signed 32-bit value with two severity bits.
    Ntstatus,
    /// Any other integer constant (`JET_errColumnIndexed -1505`, MCI's numbers).
    Int,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Hresult, Kind::Win32, Kind::Ntstatus, Kind::Int];

    /// As the model and a facts file spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Hresult => "hresult",
            Kind::Win32 => "win32",
            Kind::Ntstatus => "ntstatus",
            Kind::Int => "int",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The kind a code's name and value say, by these rules in order:
    ///
    /// 1. `STATUS_` names are NTSTATUS values (`STATUS_ACCESS_VIOLATION 0xC0000005`).
    /// 2. A small negative number (-65536 to -1: `JET_errColumnIndexed -1505`) under a name not
    ///    of HRESULT shape (below) is a plain integer.
    /// 3. A value with the severity bit set (`0x8xxxxxxx` and above) is an HRESULT.
    /// 4. A value that fits 16 bits under a Win32 error name (`ERROR_`, `WSA`, `NERR_`, `RPC_S_`,
    ///    `RPC_X_`, `EPT_S_`, `DNS_ERROR_`, `APPMODEL_ERROR_`, `STORE_ERROR_`), or no value and
    ///    such a name, is a Win32 error code, whatever its name has inside
    ///    (`ERROR_SXS_XML_E_BADCHARDATA` 14036, `RPC_S_INVALID_BINDING` 1702).
    /// 5. A name of HRESULT shape, `E_`/`S_` first or `_E_`/`_S_`/`_I_`/`_W_` inside, is an
    ///    HRESULT (`SEC_E_OK` is 0, `SEC_I_CONTINUE_NEEDED` 0x00090312). A positive value
    ///    under another name is not, whatever its bits 16 to 26 hold: `DELETE` 0x00010000 is
    ///    an access right.
    /// 6. Anything else is a plain integer. `doccodes-extract` then reads the other 16-bit
    ///    values of a page whose codes are mostly Win32 as Win32 too (`WAIT_TIMEOUT`,
    ///    `SCHED_E_SERVICE_NOT_LOCALSYSTEM` among the System Error Codes): the page says what
    ///    its names do not.
    pub fn infer(name: &str, value: Option<u32>) -> Kind {
        const WIN32_PREFIXES: [&str; 9] = [
            "ERROR_",
            "WSA",
            "NERR_",
            "RPC_S_",
            "RPC_X_",
            "EPT_S_",
            "DNS_ERROR_",
            "APPMODEL_ERROR_",
            "STORE_ERROR_",
        ];
        if name.starts_with("STATUS_") {
            return Kind::Ntstatus;
        }
        let hresult_name = ["E_", "S_"].iter().any(|prefix| name.starts_with(prefix))
            || ["_E_", "_S_", "_I_", "_W_"]
                .iter()
                .any(|infix| name.contains(infix));
        let win32_name = WIN32_PREFIXES.iter().any(|prefix| name.starts_with(prefix));
        match value {
            Some(value) if value >= 0xFFFF_0000 && !hresult_name => Kind::Int,
            Some(value) if value & 0x8000_0000 != 0 => Kind::Hresult,
            Some(value) if win32_name && value <= 0xFFFF => Kind::Win32,
            None if win32_name => Kind::Win32,
            _ if hresult_name => Kind::Hresult,
            _ => Kind::Int,
        }
    }
}

impl Entry {
    /// The entry's kind: as given, or as its name and value say.
    pub fn kind(&self) -> Kind {
        self.kind
            .unwrap_or_else(|| Kind::infer(&self.name, self.value))
    }

    pub fn meaning_in(&self, locale: &str) -> Option<Vec<Inline>> {
        self.meaning
            .get(locale)
            .map(|markdown| parse_markdown(markdown))
    }

    /// The meaning in `locale` as a message: plain text, each line break a `\n`.
    pub fn message_in(&self, locale: &str) -> Option<String> {
        Some(plain_text(&self.meaning_in(locale)?, "\n"))
    }
}

impl Model {
    /// Every locale with a title or a meaning, English first.
    pub fn locales(&self) -> Vec<&str> {
        let mut locales: Vec<&str> = self
            .title
            .keys()
            .chain(self.entries.iter().flat_map(|entry| entry.meaning.keys()))
            .map(String::as_str)
            .collect();
        locales.sort_by_key(|&locale| (locale != ENGLISH, locale));
        locales.dedup();
        locales
    }

    /// The codes a lookup has one arm for, in page order: the first entry of the set's kind
    /// with each value, aliases skipped.
    pub fn distinct_codes(&self) -> Vec<&Entry> {
        let kind = self.kind();
        let mut seen = std::collections::HashSet::new();
        self.entries
            .iter()
            .filter(|entry| entry.kind() == kind && entry.alias_of.is_none())
            .filter(|entry| entry.value.is_some_and(|v| seen.insert(v)))
            .collect()
    }

    /// Every other entry of the set's kind with a value (aliases, and names for a value an
    /// earlier code has), with the distinct code of its value. In a checked model every one has
    /// such a code.
    pub fn aliases(&self) -> Vec<(&Entry, &Entry)> {
        let kind = self.kind();
        let distinct = self.distinct_codes();
        self.entries
            .iter()
            .filter(|entry| entry.value.is_some() && entry.kind() == kind)
            .filter(|entry| !distinct.iter().any(|code| code.name == entry.name))
            .filter_map(|entry| {
                let code = distinct.iter().find(|code| code.value == entry.value)?;
                Some((entry, *code))
            })
            .collect()
    }

    /// The kind of the set: the kind most of its codes with a value have (a tie goes to the
    /// kind first in [`Kind::ALL`]). A binding gives the set that kind's type; a code of another
    /// kind (`ERROR_BROKEN_PIPE` among smart-card HRESULTs) is a constant of its own kind only,
    /// left out of the set's type.
    pub fn kind(&self) -> Kind {
        let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
        for entry in self.entries.iter().filter(|entry| entry.value.is_some()) {
            *counts.entry(entry.kind()).or_default() += 1;
        }
        Kind::ALL
            .into_iter()
            .max_by_key(|kind| {
                (
                    counts.get(kind).copied().unwrap_or(0),
                    std::cmp::Reverse(*kind),
                )
            })
            .unwrap_or(Kind::Hresult)
    }

    /// The codes with a value of another kind than the set's: constants, not members of its type.
    pub fn other_kinds(&self) -> Vec<&Entry> {
        let kind = self.kind();
        self.entries
            .iter()
            .filter(|entry| entry.value.is_some() && entry.kind() != kind)
            .collect()
    }

    /// The names no source gives a value for: generated code leaves them out, and says so.
    pub fn names_without_value(&self) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|entry| entry.value.is_none())
            .map(|entry| entry.name.as_str())
            .collect()
    }

    pub fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|entry| entry.name == name)
    }

    /// The page on Microsoft Learn in `locale`, if the English one is known.
    pub fn page_url(&self, locale: &str) -> Option<String> {
        let url = self.url.as_deref()?;
        let english = format!("/{}/", ENGLISH.to_ascii_lowercase());
        let localized = format!("/{}/", locale.to_ascii_lowercase());
        Some(url.replacen(&english, &localized, 1))
    }

    /// `destination`, a link found in a meaning, as an absolute URL in `locale`: relative links
    /// resolve against the page, `.md` file names become page names. `None` when there is no
    /// page URL to resolve against.
    pub fn absolute_link(&self, destination: &str, locale: &str) -> Option<String> {
        if destination.starts_with("https://") || destination.starts_with("http://") {
            return Some(destination.to_owned());
        }
        let page = self.page_url(locale)?;
        let (target, fragment) = match destination.split_once('#') {
            Some((target, fragment)) => (target, Some(fragment)),
            None => (destination, None),
        };
        let mut url = if target.is_empty() {
            page
        } else {
            let path_start = page.find("://")? + 3;
            let path_start = path_start + page[path_start..].find('/')?;
            let (origin, path) = page.split_at(path_start);
            let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            if target.starts_with('/') {
                segments.truncate(1); // site-relative links (/windows/desktop/...) keep the locale
            } else {
                segments.pop(); // the page itself
            }
            for part in target.split('/').filter(|s| !s.is_empty() && *s != ".") {
                if part == ".." {
                    segments.pop();
                } else {
                    segments.push(part);
                }
            }
            let path = segments.join("/");
            match path.strip_suffix(".md") {
                Some(page_name) => format!("{origin}/{}", page_name.to_ascii_lowercase()),
                None => format!("{origin}/{path}"),
            }
        };
        if let Some(fragment) = fragment {
            url.push('#');
            url.push_str(fragment);
        }
        Some(url)
    }

    /// The canonical YAML of this model.
    pub fn to_yaml(&self) -> String {
        yaml::write(self)
    }

    /// Reads and checks a model; errors name `path` with line and column.
    pub fn from_yaml(path: &str, text: &str) -> Result<Model, Diagnostic> {
        yaml::read(path, text)
    }
}

/// The symbol of a set that names none, from its id: `sspi-status-codes` → `sspi_status_codes`.
/// The one rule for it, used by extraction and by models loaded without a symbol.
///
/// Always a snake_case identifier: a run of other characters is one `_`, and an id that starts
/// with a digit (`3d-transform`, a page's file name) is prefixed with `codes_`, since neither C
/// nor Rust names may start with one. An id with no letter or digit gives `codes`.
pub fn default_symbol(id: &str) -> String {
    let mut symbol = String::with_capacity(id.len() + 6);
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            symbol.push(c.to_ascii_lowercase());
        } else if !symbol.is_empty() && !symbol.ends_with('_') {
            symbol.push('_');
        }
    }
    let symbol = symbol.trim_end_matches('_');
    match symbol.chars().next() {
        None => "codes".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("codes_{symbol}"),
        Some(_) => symbol.to_owned(),
    }
}

/// True for a snake_case C identifier: what a set's symbol must be.
pub fn is_snake_case(symbol: &str) -> bool {
    is_identifier(symbol) && !symbol.bytes().any(|b| b.is_ascii_uppercase())
}

/// True for an id that can name a file in a folder and stay there: `gen` writes
/// `generated/model/<id>.yaml` and `generated/md/<locale>/<id>.md`. Not empty, no `/` or `\`,
/// no `..`, no leading `.` (a hidden file), no control character or character Windows forbids
/// in a file name (`<>:"|?*`).
pub fn is_file_stem(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && !id.contains("..")
        && !id.chars().any(|c| {
            c.is_control() || matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*')
        })
}

/// True for a C identifier: what a name of the model must be.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_id_gives_a_snake_case_symbol() {
        for (id, symbol) in [
            ("sspi-status-codes", "sspi_status_codes"),
            ("Com.Error--Codes", "com_error_codes"),
            ("2d-affine-transform", "codes_2d_affine_transform"),
            ("802-11-wireless", "codes_802_11_wireless"),
            ("-x-", "x"),
            ("---", "codes"),
            ("", "codes"),
        ] {
            assert_eq!(default_symbol(id), symbol, "{id}");
            assert!(is_snake_case(&default_symbol(id)), "{id}");
        }
    }

    fn model(url: &str) -> Model {
        Model {
            schema: SCHEMA,
            id: "x".into(),
            symbol: "x".into(),
            title: BTreeMap::new(),
            header: None,
            url: Some(url.into()),
            sources: Vec::new(),
            entries: Vec::new(),
        }
    }

    #[test]
    fn links_resolve_against_the_page_in_each_locale() {
        let model =
            model("https://learn.microsoft.com/en-us/windows/win32/secauthn/sspi-status-codes");
        assert_eq!(
            model
                .absolute_link("../secgloss/s-gly.md", "en-US")
                .unwrap(),
            "https://learn.microsoft.com/en-us/windows/win32/secgloss/s-gly"
        );
        assert_eq!(
            model
                .absolute_link("../SecGloss/c-gly.md#ca", "zh-TW")
                .unwrap(),
            "https://learn.microsoft.com/zh-tw/windows/win32/secgloss/c-gly#ca"
        );
        assert_eq!(
            model
                .absolute_link("acceptsecuritycontext--schannel.md", "en-US")
                .unwrap(),
            "https://learn.microsoft.com/en-us/windows/win32/secauthn/acceptsecuritycontext--schannel"
        );
        assert_eq!(
            model
                .absolute_link("/windows/desktop/api/sspi/nf-sspi-x", "de-DE")
                .unwrap(),
            "https://learn.microsoft.com/de-de/windows/desktop/api/sspi/nf-sspi-x"
        );
        assert_eq!(
            model
                .absolute_link("https://example.com/a", "de-DE")
                .unwrap(),
            "https://example.com/a"
        );
        assert_eq!(
            model.absolute_link("#remarks", "en-US").unwrap(),
            "https://learn.microsoft.com/en-us/windows/win32/secauthn/sspi-status-codes#remarks"
        );
    }

    #[test]
    fn identifiers_are_c_identifiers() {
        assert!(is_identifier("SEC_E_OK"));
        assert!(is_identifier("NERR_NetNotStarted"));
        assert!(!is_identifier("SEC \\_ E"));
        assert!(!is_identifier("1ABC"));
        assert!(!is_identifier(""));
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn kinds_follow_the_documented_rule() {
        let cases = [
            ("STATUS_ACCESS_VIOLATION", Some(0xC000_0005), Kind::Ntstatus),
            ("STATUS_SUCCESS", Some(0), Kind::Ntstatus),
            ("E_FAIL", Some(0x8000_4005), Kind::Hresult),
            ("SEC_E_OK", Some(0), Kind::Hresult),
            ("SEC_I_CONTINUE_NEEDED", Some(0x0009_0312), Kind::Hresult),
            ("S_FALSE", Some(1), Kind::Hresult),
            ("PDH_CSTATUS_NO_MACHINE", Some(0x8000_07D0), Kind::Hresult),
            ("ERROR_ACCESS_DENIED", Some(5), Kind::Win32),
            ("WSAEWOULDBLOCK", Some(10035), Kind::Win32),
            ("ERROR_SXS_XML_E_BADCHARDATA", Some(14036), Kind::Win32),
            ("RPC_S_INVALID_BINDING", Some(1702), Kind::Win32),
            ("WAIT_TIMEOUT", Some(258), Kind::Int),
            ("NERR_NetNotStarted", Some(2102), Kind::Win32),
            ("ERROR_WINHTTP_TIMEOUT", None, Kind::Win32),
            ("JET_errColumnIndexed", Some(-1505i32 as u32), Kind::Int),
            ("MCIERR_INVALID_DEVICE_ID", None, Kind::Int),
            ("DRM_E_X", None, Kind::Hresult),
            ("TBS_SUCCESS", Some(0), Kind::Int),
        ];
        for (name, value, kind) in cases {
            assert_eq!(Kind::infer(name, value), kind, "{name}");
        }
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn a_schema_1_model_loads_with_its_kinds_inferred_and_saves_as_schema_2() {
        let old = "schema: 1\nid: x\nentries:\n- name: ERROR_X\n  value: 5\n- name: E_Y\n  value: 0x80004005\n";
        let model = Model::from_yaml("old.yaml", old).unwrap();
        assert_eq!(model.schema, SCHEMA);
        assert_eq!(model.entries[0].kind, Some(Kind::Win32));
        assert_eq!(model.entries[1].kind, Some(Kind::Hresult));
        let yaml = model.to_yaml();
        assert!(
            yaml.contains("schema: 2\n") && yaml.contains("  kind: win32\n"),
            "{yaml}"
        );
        assert_eq!(Model::from_yaml("new.yaml", &yaml).unwrap(), model);
    }
}
