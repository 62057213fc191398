//! `doccodes export` and `import`: a page's segments to a CAT tool and its corrected targets
//! back, through `doccodes-exchange`, which decides everything; this reads and writes files.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use doccodes_diagnostic::Diagnostic;
use doccodes_exchange::{ImportOptions, export_page, import_file};
use doccodes_files::{read_text, write_atomically};
use doccodes_l10n::Config;

use crate::{SUCCESS, Terminal};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// XLIFF 2.0, markup as inline codes, identifiers marked translate="no".
    Xliff,
    /// Gettext PO, with what must not change listed per entry.
    Po,
}

pub fn export(format: Format, page: &Path, stdout: &mut dyn Write) -> Result<i32, Vec<Diagnostic>> {
    let shown = page.display().to_string();
    let text = read_text(page, &shown)?;
    let format = match format {
        Format::Xliff => doccodes_exchange::Format::Xliff,
        Format::Po => doccodes_exchange::Format::Po,
    };
    let exported = export_page(format, &shown, &text, &Config::default())
        .map_err(|error| vec![Diagnostic::from(error)])?;
    let _ = stdout.write_all(exported.as_bytes());
    Ok(SUCCESS)
}

/// Refused whole (nothing written) when the file cannot be trusted; otherwise each entry not
/// applied is a warning, and the page is written once, atomically, if anything changed.
pub fn import(
    file: &Path,
    page: &Path,
    force: bool,
    terminal: Terminal,
    stderr: &mut dyn Write,
) -> Result<i32, Vec<Diagnostic>> {
    let file_shown = file.display().to_string();
    let exchanged = read_text(file, &file_shown)?;
    let shown = page.display().to_string();
    let text = read_text(page, &shown)?;
    let options = ImportOptions {
        force,
        config: Config::default(),
    };
    let imported = import_file(&shown, &text, &file_shown, &exchanged, &options)
        .map_err(|error| vec![Diagnostic::from(error)])?;
    terminal.report(stderr, &imported.diagnostics());
    if let Some(updated) = &imported.page {
        write_atomically(page, updated.as_bytes()).map_err(|error| {
            vec![Diagnostic::error(format!(
                "cannot write `{shown}`: {error}"
            ))]
        })?;
    }
    let _ = writeln!(stderr, "{}", imported.summary(&shown));
    Ok(SUCCESS)
}
