//! The `doccodes` binary as a team installs it: `cargo install`, then run from a folder that
//! has nothing to do with this repository.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::workspace;

/// `doccodes` installed with `cargo install --locked --path crates/doccodes` into `root`; its
/// own build folder, so the install does not wait on the one running these tests.
fn install(root: &Path) -> std::path::PathBuf {
    crate::support::run(
        Command::new(env!("CARGO"))
            .args(["install", "--locked", "--debug", "--quiet", "--path"])
            .arg(workspace().join("crates/doccodes"))
            .arg("--root")
            .arg(root)
            .env("CARGO_TARGET_DIR", workspace().join("target")),
    );
    root.join("bin")
        .join(format!("doccodes{}", std::env::consts::EXE_SUFFIX))
}

#[test]
fn an_installed_doccodes_works_on_the_folder_it_is_run_in() {
    let installed = tempfile::tempdir().unwrap();
    let doccodes = install(installed.path());
    let elsewhere = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(&doccodes)
            .args(args)
            .current_dir(elsewhere.path())
            .output()
            .unwrap()
    };

    let version = run(&["--version"]);
    assert!(version.status.success());
    assert_eq!(
        String::from_utf8(version.stdout).unwrap(),
        format!("doccodes {}\n", env!("CARGO_PKG_VERSION"))
    );

    // A page in the current folder, named relatively: checked there, not in the repository.
    fs::copy(
        workspace().join("docs-src/sspi-status-codes.zh-tw.md"),
        elsewhere.path().join("page.zh-tw.md"),
    )
    .unwrap();
    let checked = run(&[
        "l10n",
        "--format",
        "json",
        "--deny",
        "none",
        "page.zh-tw.md",
    ]);
    assert!(checked.status.success(), "{checked:?}");
    let report: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["findings"][0]["file"], "page.zh-tw.md");

    // gen works on the current folder, which is no doccodes project: said, not guessed.
    let generated = run(&["gen", "--check"]);
    assert_eq!(generated.status.code(), Some(2));
    let stderr = String::from_utf8(generated.stderr).unwrap();
    assert!(stderr.contains("docs-src"), "{stderr}");
}

#[test]
fn list_checks_names_every_check_once_with_its_category_and_severity() {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let args = ["doccodes", "l10n", "--list-checks"];
    let code = doccodes::run(
        args,
        doccodes::Terminal::default(),
        &mut stdout,
        &mut stderr,
    );
    assert_eq!(code, 0);
    let listed = String::from_utf8(stdout).unwrap();
    let mut lines = listed.lines();
    let help_at = lines.next().unwrap().find("what it finds").unwrap();
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), doccodes_l10n::Check::ALL.len(), "{listed}");
    for (check, row) in doccodes_l10n::Check::ALL.iter().zip(&rows) {
        let columns: Vec<&str> = row[..help_at].split_whitespace().collect();
        let runs = if check.on_by_default() {
            "always"
        } else {
            "--only"
        };
        assert_eq!(
            columns,
            [
                check.id(),
                check.category().name(),
                check.severity().label(),
                runs
            ]
        );
        // One line of help: the description's first sentence, whole.
        assert_eq!(&row[help_at..], check.summary());
    }
}
