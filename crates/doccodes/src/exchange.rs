//! `doccodes export` and `import`: a page's segments to a CAT tool and its corrected targets
//! back, through `doccodes-exchange`.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use doccodes_diagnostic::Diagnostic;
use doccodes_files::{read_text, write_atomically};
use doccodes_l10n::{Config, review};
use doccodes_page::Page;

use crate::SUCCESS;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// XLIFF 2.0.
    Xliff,
    /// Gettext PO.
    Po,
}

pub fn export(format: Format, page: &Path, stdout: &mut dyn Write) -> Result<i32, Vec<Diagnostic>> {
    let shown = page.display().to_string();
    let text = read_text(page, &shown).map_err(|error| vec![error])?;
    let parsed = Page::parse(&text);
    let findings = review(&shown, &text, None, &Config::default());
    let format = match format {
        Format::Xliff => doccodes_exchange::Format::Xliff,
        Format::Po => doccodes_exchange::Format::Po,
    };
    let _ =
        stdout.write_all(doccodes_exchange::export(format, &shown, &parsed, &findings).as_bytes());
    Ok(SUCCESS)
}

pub fn import(file: &Path, page: &Path, stderr: &mut dyn Write) -> Result<i32, Vec<Diagnostic>> {
    let file_shown = file.display().to_string();
    let format = doccodes_exchange::Format::of_path(&file_shown).ok_or_else(|| {
        vec![Diagnostic::error(format!(
            "`{file_shown}`: the file name says neither .po nor .xlf/.xliff"
        ))]
    })?;
    let exchanged = read_text(file, &file_shown).map_err(|error| vec![error])?;
    let targets =
        doccodes_exchange::import(format, &file_shown, &exchanged).map_err(|e| vec![e])?;
    let shown = page.display().to_string();
    let text = read_text(page, &shown).map_err(|error| vec![error])?;
    let (updated, changed) =
        doccodes_exchange::apply(&Page::parse(&text), &targets).map_err(|error| vec![error])?;
    if !changed.is_empty() {
        write_atomically(page, updated.as_bytes()).map_err(|error| {
            vec![Diagnostic::error(format!(
                "cannot write `{shown}`: {error}"
            ))]
        })?;
    }
    let _ = writeln!(
        stderr,
        "{shown}: {} of {} segments updated{}",
        changed.len(),
        targets.len(),
        if changed.is_empty() {
            String::new()
        } else {
            format!(" ({})", changed.join(", "))
        }
    );
    Ok(SUCCESS)
}
