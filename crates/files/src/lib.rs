//! Pages on disk: found under folders, read for people (invalid UTF-8 is an error at its line
//! and column), written atomically; each translation paired with today's English page
//! ([`EnglishSite`]); work on every core reported in input order ([`in_order`]).
//!
//! The stages (`page`, `extract`, `l10n`, ...) know no files; the command line knows no loops
//! of its own: what touches the file system or spreads work over cores is here, tested without
//! a process.

mod english;
mod ordered;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use doccodes_diagnostic::Diagnostic;

pub use english::EnglishSite;
pub use ordered::{in_order, in_order_with};

/// The text of `path`, named `shown` in errors. Invalid UTF-8 is an error at its line and
/// column; a binary file (a NUL byte in its first 8 KiB, git's rule) is named, never echoed.
pub fn read_text(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let bytes = fs::read(path)
        .map_err(|error| Diagnostic::error(format!("cannot read `{shown}`: {error}")))?;
    if let Some(at) = memchr::memchr(0, &bytes[..bytes.len().min(8192)]) {
        return Err(Diagnostic::error(format!(
            "cannot read `{shown}`: a binary file, not text (a NUL byte at byte {at})"
        )));
    }
    doccodes_diagnostic::decode_utf8(shown, bytes)
}

/// Replaces `path` with `contents` so that a reader sees the old file or the new one, never
/// a part, even after a crash: write a temporary file beside it, sync it to disk, then rename
/// it over. For the files people keep: `gen`'s checked-in output, and pages `l10n --fix` and
/// `import` edit in place, whose old text exists nowhere else.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_through_temporary(path, |file| file.write_all(contents), true, || {})
}

/// [`write_atomically`] of what `write` writes, as it writes it: for a file too large to make
/// whole in memory first (a whole site's baseline is 100 MB). An error from `write` leaves the
/// old file, as any other does.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_through_temporary(
        path,
        |file| {
            let mut buffered = std::io::BufWriter::with_capacity(1 << 20, file);
            write(&mut buffered)?;
            buffered.flush()
        },
        true,
        || {},
    )
}

/// [`write_atomically`], calling `before_rename` once the temporary file is written and synced
/// and before it is renamed over `path`: the one moment a kill leaves both the old file and a
/// whole temporary one. For tests that stop a writer there (`gen`'s
/// `DOCCODES_TEST_HOOK_ABORT_GEN_AT`); no other caller.
#[doc(hidden)]
pub fn write_atomically_with_hook(
    path: &Path,
    contents: &[u8],
    before_rename: impl FnOnce(),
) -> std::io::Result<()> {
    write_through_temporary(path, |file| file.write_all(contents), true, before_rename)
}

/// Replaces `path` with `contents` through a temporary file and a rename, like
/// [`write_atomically`], but without syncing each file: a failed write (a full disk, bad
/// input stopping the run) still leaves the old file or none, never a part, but after a power
/// loss a file may be empty until its data is synced, which is the caller's business (see
/// [`sync_filesystem`]). For output that is made again from its input, many files at a time.
pub fn write_replacing(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    // Where there is no `sync(2)` to do it for the whole run (Windows), each file is synced.
    write_through_temporary(
        path,
        |file| file.write_all(contents),
        cfg!(not(unix)),
        || {},
    )
}

fn write_through_temporary(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
    sync: bool,
    before_rename: impl FnOnce(),
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path.file_name().expect("a file").to_string_lossy();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        write(&mut file)?;
        if sync {
            file.sync_all()?;
        }
        drop(file);
        before_rename();
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

/// Every file named `*.{extension}` under `dir`, hidden folders left out; folders that cannot be
/// read are errors.
pub fn files_with_extension(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_as_it_goes_replaces_the_old_one_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.json");
        fs::write(&path, "old").unwrap();
        let failed = write_atomically_with(&path, |out| {
            out.write_all(b"half of the new")?;
            Err(std::io::Error::other("stopped"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "stopped");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
        write_atomically_with(&path, |out| {
            for piece in ["new ", "in ", "pieces"] {
                out.write_all(piece.as_bytes())?;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new in pieces");
    }

    #[test]
    fn a_binary_file_is_named_not_echoed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("image.md");
        fs::write(&path, b"\x7fELF\x02\x01\x01\0\0\0\xd0secret").unwrap();
        let error = read_text(&path, "image.md").unwrap_err().to_string();
        assert_eq!(
            error.trim_end(),
            "error: cannot read `image.md`: a binary file, not text (a NUL byte at byte 7)"
        );
    }

    #[test]
    fn invalid_utf8_in_text_is_shown_at_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        fs::write(&path, b"# Title\nbad \xff here\n").unwrap();
        let error = read_text(&path, "page.md").unwrap_err().to_string();
        assert!(error.contains("page.md:2:5"), "{error}");
    }
}
