//! Inputs of the stages read from disk: pages a model is made of, C headers to compare with.

use std::fs;
use std::path::PathBuf;

use doccodes_diagnostic::Diagnostic;
use doccodes_extract::{HeaderValues, PageInput};

/// Pages read from disk, each with the path to show, kept so [`PageInput`]s can borrow them.
pub struct ReadPages {
    pages: Vec<(String, String)>,
}

impl ReadPages {
    /// Reads every `(path, shown)`; the first that cannot be read is the error.
    pub fn read(files: &[(PathBuf, String)]) -> Result<ReadPages, Vec<Diagnostic>> {
        let pages = files
            .iter()
            .map(|(path, shown)| Ok((shown.clone(), doccodes_files::read_text(path, shown)?)))
            .collect::<Result<_, Diagnostic>>()?;
        Ok(ReadPages { pages })
    }

    pub fn inputs(&self) -> Vec<PageInput<'_>> {
        self.pages
            .iter()
            .map(|(path, text)| PageInput { path, text })
            .collect()
    }
}

/// The values of every C header in `paths`: files, or folders searched for `*.h`, in path order.
/// A header need not be UTF-8 (mingw-w64's are not all): bytes that are not become
/// replacement characters, and only its comments hold such bytes.
pub fn read_headers(paths: &[PathBuf]) -> Result<Vec<HeaderValues>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            doccodes_files::files_with_extension(path, "h", &mut found, &mut errors);
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let headers: Vec<HeaderValues> = files
        .iter()
        .filter_map(|path| {
            let shown = path.display().to_string();
            match fs::read(path) {
                Ok(bytes) => Some(HeaderValues::read(&shown, &String::from_utf8_lossy(&bytes))),
                Err(error) => {
                    errors.push(Diagnostic::error(format!("cannot read `{shown}`: {error}")));
                    None
                }
            }
        })
        .collect();
    if errors.is_empty() {
        Ok(headers)
    } else {
        Err(errors)
    }
}
