//! `include_codes!("path/to/model.yaml")`: a doccodes model, read at compile time, expanded in
//! place into the same items `cargo xtask gen` writes to a set crate's `src/codes.rs`: a
//! `pub const NAME` per code and an enum named after the model's id (`sspi-status-codes` gives
//! `SspiStatusCodes`) with `from_hresult`, `hresult`, `name`, `message`, `message_in`,
//! `is_error` and the usual trait impls.
//!
//! A model is the YAML that `cargo xtask gen` writes to `generated/model/`, or one written by
//! hand; only `schema`, `id` and `entries` are required:
//!
//! ```yaml
//! schema: 1
//! id: small-codes
//! entries:
//! - name: SMALL_E_FAIL
//!   value: 0x80004005     # or -2147467259
//!   meaning:
//!     en-US: It failed.   # inline Markdown; a newline is a line break
//!     fr-FR: Échec.
//! ```
//!
//! ```
//! mod codes {
//!     doccodes_macros::include_codes!("tests/ui/models/small.yaml");
//! }
//! use codes::SmallCodes;
//!
//! let code = SmallCodes::from_hresult(codes::SMALL_E_FAIL).unwrap();
//! assert_eq!(code.to_string(), "SMALL_E_FAIL (0x80004005): It failed.");
//! assert_eq!(code.message_in("fr-FR"), Some("Échec."));
//! assert!(code.is_error());
//! ```
//!
//! The path is relative to the calling crate's directory (`CARGO_MANIFEST_DIR`) and may not leave
//! it. Cargo rebuilds the caller when the model changes. A bad model is a compile error at the
//! path literal naming the file, and the line and column for what is wrong inside it.
//!
//! The expansion is [`doccodes_emit_rust::items`], the function the xtask formats into
//! `src/codes.rs`, so the two cannot disagree; this crate only finds, reads and reports.

use std::path::{Component, Path, PathBuf};

use doccodes_diagnostic::Diagnostic;
use doccodes_model::Model;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::LitStr;

/// Expands to the items of the model at the given path; see the [crate] docs.
#[proc_macro]
pub fn include_codes(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input.into(), &crate_dir()).into()
}

/// The directory paths are resolved against. `DOCCODES_MANIFEST_DIR` overrides cargo's, because
/// trybuild compiles its cases in a crate of its own under `target/`.
fn crate_dir() -> Result<PathBuf, String> {
    std::env::var_os("DOCCODES_MANIFEST_DIR")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .ok_or_else(|| {
            "CARGO_MANIFEST_DIR is not set: include_codes! resolves its path against the \
             crate's directory, so it must be built by cargo"
                .to_owned()
        })
}

fn expand(input: TokenStream, crate_dir: &Result<PathBuf, String>) -> TokenStream {
    let literal: LitStr = match syn::parse2(input) {
        Ok(literal) => literal,
        Err(error) => {
            return syn::Error::new(
                error.span(),
                "include_codes! takes one string literal: the path of a doccodes model, \
                 relative to the crate's Cargo.toml, such as \"codes.yaml\"",
            )
            .to_compile_error();
        }
    };
    match load(&literal.value(), crate_dir) {
        Ok((file, model)) => {
            let items = match doccodes_emit_rust::items(&model) {
                Ok(items) => items,
                Err(diagnostic) => return error(literal.span(), &diagnostic),
            };
            let file = file.to_string_lossy();
            quote! {
                // Makes the model a dependency of the calling crate: cargo rebuilds it on change.
                const _: &[u8] = ::core::include_bytes!(#file);
                #items
            }
        }
        Err(diagnostic) => error(literal.span(), &diagnostic),
    }
}

/// Finds, reads and checks the model at `shown`; returns its absolute path with the model.
fn load(shown: &str, crate_dir: &Result<PathBuf, String>) -> Result<(PathBuf, Model), Diagnostic> {
    let relative = inside_crate(shown)?;
    let crate_dir = crate_dir.as_ref().map_err(Diagnostic::error)?;
    let file = crate_dir.join(relative);
    let bytes = std::fs::read(&file).map_err(|error| {
        let reason = match error.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_owned(),
            _ => error.to_string(),
        };
        Diagnostic::error(format!("cannot read model `{shown}`: {reason}")).help(format!(
            "the path is relative to the crate's directory, {}",
            crate_dir.display()
        ))
    })?;
    let text = doccodes_diagnostic::decode_utf8(shown, bytes)?;
    let model = Model::from_yaml(shown, &text)?;
    Ok((file, model))
}

/// `shown` as a path that stays inside the crate's directory: relative, and never climbing
/// above its start with `..`, so a crate builds the same wherever it is checked out.
fn inside_crate(shown: &str) -> Result<&Path, Diagnostic> {
    let path = Path::new(shown);
    if shown.is_empty() {
        return Err(Diagnostic::error(
            "include_codes! needs the path of a model, relative to the crate's directory",
        ));
    }
    if path.has_root() || path.is_absolute() || shown.starts_with('\\') {
        return Err(Diagnostic::error(format!(
            "`{shown}` is an absolute path: give the model's path relative to the crate's directory"
        ))
        .help("copy the model into the crate, so it builds the same on every machine"));
    }
    let mut depth = 0usize;
    for component in path.components() {
        match component {
            Component::ParentDir if depth == 0 => {
                return Err(Diagnostic::error(format!(
                    "`{shown}` leaves the crate's directory through `..`"
                ))
                .help("copy the model into the crate, so the crate builds on its own"));
            }
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    Ok(path)
}

/// `diagnostic` as a `compile_error!` at the path literal: the message, then where in the model
/// (file:line:column, the line, a caret) as the xtask prints it.
fn error(span: Span, diagnostic: &Diagnostic) -> TokenStream {
    let text = diagnostic.to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text).trim_end();
    syn::Error::new(span, text).to_compile_error()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    /// The promise of this crate: the expansion, printed as the xtask prints items, is the
    /// checked-in file byte for byte (comparing raw tokens cannot work: prettyplease adds
    /// braces and commas, and `///` reads back as a raw string).
    #[test]
    fn the_expansion_is_the_generated_file() {
        let expansion = expand(
            quote!("generated/model/sspi-status-codes.yaml"),
            &Ok(workspace()),
        );
        let mut expanded: syn::File = syn::parse2(expansion).unwrap();
        let tracker = expanded.items.remove(0);
        let tracker = quote!(#tracker).to_string();
        assert!(
            tracker.starts_with("const _ : & [u8] = :: core :: include_bytes ! (")
                && tracker.ends_with("/generated/model/sspi-status-codes.yaml\") ;"),
            "{tracker}"
        );

        let generated =
            std::fs::read_to_string(workspace().join("crates/sspi-status/src/codes.rs")).unwrap();
        let (header, items) = generated.split_once("\n\n").unwrap();
        assert_eq!(
            header,
            "// generated by `cargo xtask gen` from generated/model/sspi-status-codes.yaml, do not edit"
        );
        let printed = prettyplease::unparse(&expanded);
        let first_difference = printed
            .lines()
            .zip(items.lines())
            .position(|(expanded, generated)| expanded != generated);
        assert_eq!(
            first_difference, None,
            "the expansion differs from the file at item line"
        );
        assert_eq!(printed, items);
        assert_eq!(
            expanded.items.len(),
            syn::parse_file(items).unwrap().items.len()
        );
    }

    #[test]
    fn paths_stay_inside_the_crate() {
        assert!(inside_crate("codes.yaml").is_ok());
        assert!(inside_crate("./models/../codes.yaml").is_ok());
        for (path, message) in [
            (
                "../codes.yaml",
                "`../codes.yaml` leaves the crate's directory through `..`",
            ),
            (
                "models/../../codes.yaml",
                "`models/../../codes.yaml` leaves the crate's directory through `..`",
            ),
            (
                "/etc/codes.yaml",
                "`/etc/codes.yaml` is an absolute path: give the model's path relative to the crate's directory",
            ),
            (
                "",
                "include_codes! needs the path of a model, relative to the crate's directory",
            ),
        ] {
            assert_eq!(inside_crate(path).unwrap_err().message, message);
        }
    }
}
