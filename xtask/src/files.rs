//! Reading input for people (errors with line and column) and writing output atomically.

use std::fs;
use std::io::Write;
use std::path::Path;

use doccodes_diagnostic::{Diagnostic, Location};

/// The text of `path`, named `shown` in errors. Invalid UTF-8 is an error at its line and column.
pub fn read_text(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let bytes = fs::read(path)
        .map_err(|error| Diagnostic::error(format!("cannot read `{shown}`: {error}")))?;
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let prefix = std::str::from_utf8(&bytes[..valid]).expect("valid up to here");
        let mut location = Location::at_offset(shown, prefix, valid);
        // The offending line, shown up to the bad byte and lossily after it.
        let line_end = bytes[valid..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| valid + i);
        let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
        location.line_text = String::from_utf8_lossy(&bytes[line_start..line_end]).into_owned();
        Diagnostic::error(format!(
            "`{shown}` is not valid UTF-8 (byte 0x{:02X})",
            bytes[valid]
        ))
        .at(location)
        .help("save the file as UTF-8")
    })
}

/// Replaces `path` with `contents` so that a reader sees the old file or the new one, never
/// a part: write a temporary file beside it, then rename it over.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().expect("output files are inside generated/");
    fs::create_dir_all(dir)?;
    let name = path.file_name().expect("a file").to_string_lossy();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}
