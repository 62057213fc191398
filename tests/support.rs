//! Paths, the shared data, and running the xtask in a scratch copy of the workspace.

use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` (or `$DOCCODES_SHARED`): the corpus and the facts, which the project reads but
/// never copies. A test that needs them asks [`has_shared`] first.
pub fn shared() -> PathBuf {
    let shared = shared_dir();
    assert!(
        shared.join("corpus").is_dir() && shared.join("facts").is_dir(),
        "the shared corpus and facts are not at {}; set DOCCODES_SHARED to their folder",
        shared.display()
    );
    shared
}

fn shared_dir() -> PathBuf {
    std::env::var_os("DOCCODES_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared"))
}

/// Whether the shared corpus and facts are there. A clone of the repository alone has no
/// `../shared`: a test that needs it says so on one line and passes, so that the clone's tests
/// are green; `.ci/run` sets DOCCODES_REQUIRE_SHARED, under which its absence fails them.
pub fn has_shared() -> bool {
    let shared = shared_dir();
    let there = shared.join("corpus").is_dir() && shared.join("facts").is_dir();
    if !there {
        assert!(
            std::env::var_os("DOCCODES_REQUIRE_SHARED").is_none(),
            "DOCCODES_REQUIRE_SHARED is set but the shared corpus and facts are not at {}",
            shared.display()
        );
        eprintln!(
            "skipped: the shared corpus and facts are not at {} (set DOCCODES_SHARED)",
            shared.display()
        );
    }
    there
}

/// Whether `program arguments` runs on this machine. When not, the test that asks says on one
/// line how to `install` it and skips, unless `required` (an environment variable `.ci/run`
/// sets) says it must run: in CI no test passes by skipping.
pub fn tool(program: &str, arguments: &[&str], required: &str, install: &str) -> bool {
    let runs = std::process::Command::new(program)
        .args(arguments)
        .output()
        .is_ok_and(|output| output.status.success());
    if !runs {
        assert!(
            std::env::var_os(required).is_none(),
            "{required} is set but `{program} {}` does not run",
            arguments.join(" ")
        );
        eprintln!("skipped: {install}");
    }
    runs
}

/// A corpus page's path below `corpus/`, as diagnostics and goldens name it:
/// `en-us/desktop-src/WinSock/windows-sockets-error-codes-2.md`.
pub fn corpus_name(path: &Path) -> String {
    let path = path.to_str().unwrap();
    path.split_once("corpus/")
        .map_or(path, |(_, rest)| rest)
        .to_owned()
}

pub fn seed_page() -> String {
    read(&workspace().join("docs-src/sspi-status-codes.zh-tw.md"))
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The SSPI facts shared with the project: `(name, value, alias_of)` in file order.
pub fn facts() -> Vec<(String, u32, Option<String>)> {
    read(&shared().join("facts/winerror-sspi.tsv"))
        .lines()
        .filter(|line| !line.starts_with('#'))
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let value = u32::from_str_radix(fields[1].trim_start_matches("0x"), 16).unwrap();
            let alias = fields
                .get(2)
                .filter(|a| !a.is_empty())
                .map(|a| a.to_string());
            (fields[0].to_owned(), value, alias)
        })
        .collect()
}

/// Every file under `dir`, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = fs::read_dir(&current) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Every `.md` file under `dir`, sorted.
pub fn pages_under(dir: &Path) -> Vec<PathBuf> {
    let mut pages = files_under(dir);
    pages.retain(|path| path.extension().is_some_and(|e| e == "md"));
    pages
}

/// A scratch workspace: a copy of what gen reads and writes in `from`: `docs-src/`,
/// `generated/`, and the crates gen made (their `Cargo.toml` carries its mark).
pub fn scratch_copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["docs-src", "generated"] {
        copy_tree(&from.join(sub), &dir.path().join(sub));
    }
    for crate_dir in generated_crates(from) {
        let relative = crate_dir.strip_prefix(from).unwrap();
        copy_tree(&crate_dir, &dir.path().join(relative));
    }
    dir
}

/// The crates of `root` that gen made: their manifest's first line carries its mark.
pub fn generated_crates(root: &Path) -> Vec<PathBuf> {
    let mut crates: Vec<PathBuf> = fs::read_dir(root.join("crates"))
        .into_iter()
        .flatten()
        .map(|entry| entry.unwrap().path())
        .filter(|dir| {
            fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|manifest| {
                manifest
                    .lines()
                    .next()
                    .is_some_and(|line| line.contains("generated by `cargo xtask gen`"))
            })
        })
        .collect();
    crates.sort();
    crates
}

/// Every file gen owns under `root`, relative path to contents: `generated/` and its crates.
pub fn generated_snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = snapshot(&root.join("generated"))
        .into_iter()
        .map(|(path, bytes)| (format!("generated/{path}"), bytes))
        .collect();
    for crate_dir in generated_crates(root) {
        let relative = crate_dir
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        files.extend(
            snapshot(&crate_dir)
                .into_iter()
                .map(|(path, bytes)| (format!("{relative}/{path}"), bytes)),
        );
    }
    files
}

fn copy_tree(from: &Path, to: &Path) {
    let Ok(entries) = fs::read_dir(from) else {
        return;
    };
    fs::create_dir_all(to).unwrap();
    for entry in entries {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, relative path to contents.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (relative, fs::read(&path).unwrap())
        })
        .collect()
}

/// What `cargo xtask ARGS` does in `root`: exit code, stdout, stderr.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn xtask(root: &Path, args: &[&str]) -> Run {
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let root = root.to_str().unwrap();
    let argv: Vec<&str> = ["xtask", "--root", root]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    let code = xtask::run(
        argv,
        doccodes::Terminal::default(),
        &mut stdout,
        &mut stderr,
    );
    Run {
        code,
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// Runs a program and returns its stdout, failing the test with its stderr.
pub fn run(command: &mut std::process::Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// mingw-w64's include folder (Debian's mingw-w64-x86-64-dev), or `None` after saying the test
/// skips. CI installs it and sets DOCCODES_REQUIRE_MINGW, so a test cannot pass by skipping there.
pub fn mingw_include() -> Option<PathBuf> {
    let include = PathBuf::from("/usr/x86_64-w64-mingw32/include");
    if include.join("winerror.h").is_file() {
        return Some(include);
    }
    assert!(
        std::env::var_os("DOCCODES_REQUIRE_MINGW").is_none(),
        "DOCCODES_REQUIRE_MINGW is set but mingw-w64's winerror.h is not installed"
    );
    eprintln!("skipped: install mingw-w64-x86-64-dev to test against mingw-w64's headers");
    None
}
