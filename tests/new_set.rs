//! A binding maintainer's path, end to end, in a copy of the workspace: add a set of another
//! kind (WinSock's decimal codes, Win32 error codes) as the README says, `gen`, build and test
//! its crate, package it, and `sync` when its page changes.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::{shared, workspace, xtask};

const PAGE: &str = "desktop-src/WinSock/windows-sockets-error-codes-2.md";
const CRATE: &str = "windows-sockets-error-codes-2";

/// The workspace without its build output, so cargo sees a workspace like the one cloned.
fn copy_workspace(to: &Path) {
    for name in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        ".cargo",
        "crates",
        "xtask",
        "docs-src",
        "generated",
        "tests",
    ] {
        copy(&workspace().join(name), &to.join(name));
    }
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else if from.is_file() {
        fs::copy(from, to).unwrap();
    }
}

/// `cargo ARGS` in `root`, reusing this workspace's build output for the dependencies.
fn cargo(root: &Path, args: &[&str]) -> String {
    crate::support::run(
        Command::new(env!("CARGO"))
            .args(args)
            .current_dir(root)
            .env("CARGO_TARGET_DIR", workspace().join("target/new-set")),
    )
}

#[test]
fn a_new_set_of_win32_codes_becomes_a_crate_that_builds_tests_packages_and_syncs() {
    if !crate::support::has_shared() {
        return;
    }
    let checkout = tempfile::tempdir().unwrap();
    fs::create_dir_all(checkout.path().join("desktop-src/WinSock")).unwrap();
    let english = shared().join("corpus/en-us").join(PAGE);
    fs::copy(&english, checkout.path().join(PAGE)).unwrap();
    // The checkout holds the other set's page too, as a whole docs checkout does.
    let sspi = "desktop-src/SecAuthN/sspi-status-codes.md";
    fs::create_dir_all(checkout.path().join("desktop-src/SecAuthN")).unwrap();
    fs::copy(
        shared().join("corpus/en-us").join(sspi),
        checkout.path().join(sspi),
    )
    .unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path();
    copy_workspace(root);

    // The README's steps: the page in docs-src/, the set in docs-src/sets, gen.
    fs::copy(
        &english,
        root.join("docs-src/windows-sockets-error-codes-2.md"),
    )
    .unwrap();
    let mut sets = fs::read_to_string(root.join("docs-src/sets")).unwrap();
    sets.push_str(&format!(
        "\nset: windows-sockets-error-codes-2\ndocs: {PAGE}\npages: windows-sockets-error-codes-2.md\n"
    ));
    fs::write(root.join("docs-src/sets"), sets).unwrap();
    let run = xtask(root, &["gen"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("wrote crates/{CRATE}/src/codes.rs")),
        "{}",
        run.stderr
    );
    let codes = fs::read_to_string(root.join(format!("crates/{CRATE}/src/codes.rs"))).unwrap();
    assert!(
        codes.contains("pub const WSAEINTR: u32 = 10004;"),
        "{codes}"
    );
    assert!(codes.contains("#[repr(u32)]"), "{codes}");

    // Its codes are Win32 codes, typed u32, and convert as windows-result and windows-sys do.
    fs::create_dir_all(root.join(format!("crates/{CRATE}/tests"))).unwrap();
    fs::write(
        root.join(format!("crates/{CRATE}/tests/kind.rs")),
        "use windows_sockets_error_codes_2::{WSAEINTR, WindowsSocketsErrorCodes2};\n\
         \n\
         #[test]\n\
         fn win32_codes_as_windows_types_them() {\n    \
             let code: u32 = WSAEINTR;\n    \
             let typed = WindowsSocketsErrorCodes2::from_code(code).unwrap();\n    \
             assert_eq!(typed.name(), \"WSAEINTR\");\n    \
             assert_eq!(typed.to_hresult(), windows_result::HRESULT::from_win32(code).0);\n    \
             assert_eq!(windows_result::HRESULT::from(typed), windows_result::HRESULT::from_win32(10004));\n    \
             let sys: windows_sys::Win32::Foundation::WIN32_ERROR = typed.to_windows_sys();\n    \
             assert_eq!(sys, 10004);\n    \
             assert_eq!(WindowsSocketsErrorCodes2::from_windows_sys(sys), Some(typed));\n\
         }\n",
    )
    .unwrap();
    let tested = cargo(
        root,
        &[
            "test",
            "--offline",
            "-p",
            CRATE,
            "--features",
            "windows,windows-sys",
        ],
    );
    assert!(
        tested.contains("test win32_codes_as_windows_types_them ... ok"),
        "{tested}"
    );
    fs::remove_file(root.join(format!("crates/{CRATE}/tests/kind.rs"))).unwrap();
    fs::remove_dir(root.join(format!("crates/{CRATE}/tests"))).unwrap();
    cargo(
        root,
        &[
            "package",
            "--offline",
            "--no-verify",
            "--allow-dirty",
            "-p",
            CRATE,
        ],
    );
    assert!(
        workspace()
            .join(format!("target/new-set/package/{CRATE}-0.1.0.crate"))
            .is_file()
    );

    // The docs change: sync brings the page and says what changed.
    let page = fs::read_to_string(checkout.path().join(PAGE)).unwrap();
    let changed = page.replace("Interrupted function call.", "Interrupted call.");
    assert_ne!(changed, page);
    fs::write(checkout.path().join(PAGE), changed).unwrap();
    let sync = xtask(root, &["sync", "--docs", checkout.path().to_str().unwrap()]);
    assert_eq!(sync.code, 0, "{}", sync.stderr);
    assert!(
        sync.stdout.contains(
            "## windows-sockets-error-codes-2\n\n- en-US meaning changed for 1 code: `WSAEINTR`\n"
        ),
        "{}",
        sync.stdout
    );
    // The SSPI set lists no English page: its English page in the checkout is said, not added.
    assert!(
        sync.stderr.contains(
            "is the en-US page of set `sspi-status-codes`, which `docs-src/sets` does not list"
        ),
        "{}",
        sync.stderr
    );
    assert_eq!(xtask(root, &["gen", "--check"]).code, 0);
}
