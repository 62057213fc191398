//! Reading input for people (errors with line and column) and writing output atomically.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use doccodes_diagnostic::Diagnostic;
use doccodes_extract::{HeaderValues, PageInput};

/// The text of `path`, named `shown` in errors. Invalid UTF-8 is an error at its line and column.
pub fn read_text(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let bytes = fs::read(path)
        .map_err(|error| Diagnostic::error(format!("cannot read `{shown}`: {error}")))?;
    doccodes_diagnostic::decode_utf8(shown, bytes)
}

/// Pages read from disk, each with the path to show, kept so [`PageInput`]s can borrow them.
pub struct ReadPages {
    pages: Vec<(String, String)>,
}

impl ReadPages {
    /// Reads every `(path, shown)`; the first that cannot be read is the error.
    pub fn read(files: &[(PathBuf, String)]) -> Result<ReadPages, Vec<Diagnostic>> {
        let pages = files
            .iter()
            .map(|(path, shown)| Ok((shown.clone(), read_text(path, shown)?)))
            .collect::<Result<_, Diagnostic>>()
            .map_err(|error| vec![error])?;
        Ok(ReadPages { pages })
    }

    pub fn inputs(&self) -> Vec<PageInput<'_>> {
        self.pages
            .iter()
            .map(|(path, text)| PageInput { path, text })
            .collect()
    }
}

/// Replaces `path` with `contents` so that a reader sees the old file or the new one, never
/// a part, even after a crash: write a temporary file beside it, sync it to disk, then rename
/// it over. For the files people keep: `gen`'s checked-in output, and pages `l10n --fix` and
/// `import` edit in place, whose old text exists nowhere else.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_through_temporary(path, contents, true)
}

/// Replaces `path` with `contents` through a temporary file and a rename, like
/// [`write_atomically`], but without syncing each file: a failed write (a full disk, bad
/// input stopping the run) still leaves the old file or none, never a part, but after a power
/// loss a file may be empty until its data is synced, which is the caller's business (see
/// [`sync_filesystem`]). For output that is made again from its input, many files at a time.
pub fn write_replacing(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    // Where there is no `sync(2)` to do it for the whole run (Windows), each file is synced.
    write_through_temporary(path, contents, cfg!(not(unix)))
}

fn write_through_temporary(path: &Path, contents: &[u8], sync: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path.file_name().expect("a file").to_string_lossy();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(contents)?;
        if sync {
            file.sync_all()?;
        }
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Waits until everything written to the file system that holds `dir` is on disk: one
/// `syncfs(2)` for all the files of a run instead of an `fsync` for each, so the disk sees one
/// flush, not thousands.
#[cfg(target_os = "linux")]
pub fn sync_filesystem(dir: &Path) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let dir = fs::File::open(dir)?;
    // SAFETY: syncfs only reads the descriptor, which `dir` keeps open for the call.
    if unsafe { libc::syncfs(dir.as_raw_fd()) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// On other Unixes there is no `syncfs`: `sync(2)` flushes every file system.
#[cfg(all(unix, not(target_os = "linux")))]
pub fn sync_filesystem(_dir: &Path) -> std::io::Result<()> {
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
    Ok(())
}

/// Elsewhere (Windows) there is no call that flushes a file system: [`write_replacing`] has
/// synced each file already.
#[cfg(not(unix))]
pub fn sync_filesystem(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Every `*.md` under `dir`, hidden folders left out; folders that cannot be read are errors.
pub fn markdown_files(dir: &Path, found: &mut Vec<PathBuf>, errors: &mut Vec<Diagnostic>) {
    files_with_extension(dir, "md", found, errors);
}

/// Every file named `*.{extension}` under `dir`, hidden folders left out.
fn files_with_extension(
    dir: &Path,
    extension: &str,
    found: &mut Vec<PathBuf>,
    errors: &mut Vec<Diagnostic>,
) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(Diagnostic::error(format!(
                "cannot read folder `{}`: {error}",
                dir.display()
            )));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let wanted = path.extension().is_some_and(|e| e == extension);
        match entry.file_type() {
            Ok(kind) if kind.is_dir() && !hidden => {
                files_with_extension(&path, extension, found, errors)
            }
            Ok(kind) if kind.is_file() && wanted => found.push(path),
            // A link to a file counts (Debian's mingw-w64 headers are all links); a link to a
            // folder is not followed, so no loop of links can make the walk endless.
            Ok(kind) if kind.is_symlink() && wanted && path.is_file() => found.push(path),
            _ => {}
        }
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
            files_with_extension(path, "h", &mut found, &mut errors);
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
