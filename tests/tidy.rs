//! The architecture, enforced: which crates may depend on what, read from `cargo metadata`.
//! ARCHITECTURE.md states these rules in prose; this test holds them.

use std::collections::BTreeMap;
use std::process::Command;

use crate::support::workspace;

/// A dependency and the workspace packages allowed to use it (normal and build dependencies;
/// tests may use anything), with the rule it enforces.
const ONLY: &[(&str, &[&str], &str)] = &[
    (
        "yaml_serde",
        &["doccodes-model", "doccodes-front-matter"],
        "only the model and front matter crates touch YAML",
    ),
    (
        "doccodes-model",
        &[
            "doccodes-extract",
            "doccodes-emit-rust",
            "doccodes-emit-c",
            "doccodes-emit-markdown",
            "doccodes-macros",
            "doccodes",
        ],
        "the translation checks know nothing of code models",
    ),
    (
        "clap",
        &["doccodes", "xtask"],
        "only the command line reads flags",
    ),
    (
        "scraper",
        &["doccodes-page"],
        "only the page reader parses HTML",
    ),
    (
        "pulldown-cmark",
        &["doccodes-page", "doccodes-inline", "xtask"],
        "Markdown is read by the page and inline crates (and the benchmark's floor)",
    ),
    (
        "doccodes-files",
        &["doccodes", "xtask"],
        "the stages know no files: only the command line reads and writes them",
    ),
    (
        "rayon",
        &["doccodes-files", "doccodes"],
        "the stages run on one thread; work is spread over cores around them",
    ),
    (
        "libc",
        &["doccodes-files", "xtask"],
        "system calls live with the files (and the benchmark's rusage)",
    ),
    (
        "quick-xml",
        &["doccodes-exchange"],
        "CAT files are read in one place",
    ),
    (
        "serde_json",
        &["doccodes-l10n-report"],
        "reports are written in one crate",
    ),
    (
        "doccodes",
        &["xtask"],
        "no library depends on the command line",
    ),
    ("xtask", &[], "no library depends on the xtask"),
];

/// Each workspace package's normal and build dependencies, by package name.
fn dependencies() -> BTreeMap<String, Vec<String>> {
    let metadata = crate::support::run(
        Command::new(env!("CARGO"))
            .args([
                "metadata",
                "--format-version",
                "1",
                "--no-deps",
                "--offline",
            ])
            .current_dir(workspace()),
    );
    let metadata: serde_json::Value = serde_json::from_str(&metadata).unwrap();
    metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|package| {
            let used = package["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|dependency| dependency["kind"].as_str() != Some("dev"))
                .map(|dependency| dependency["name"].as_str().unwrap().to_owned())
                .collect();
            (package["name"].as_str().unwrap().to_owned(), used)
        })
        .collect()
}

#[test]
fn crates_depend_only_on_what_the_architecture_allows() {
    let packages = dependencies();
    assert!(packages.contains_key("doccodes-l10n"), "{packages:?}");
    let mut broken = Vec::new();
    for (dependency, allowed, rule) in ONLY {
        for (package, used) in &packages {
            if used.iter().any(|name| name == dependency) && !allowed.contains(&package.as_str()) {
                broken.push(format!("{package} depends on {dependency}: {rule}"));
            }
        }
    }
    assert!(broken.is_empty(), "\n{}\n", broken.join("\n"));
}

/// The rules name real crates: a rule about a crate renamed away would hold forever.
#[test]
fn every_rule_names_crates_that_exist() {
    let packages = dependencies();
    let used: Vec<&String> = packages.values().flatten().collect();
    for (dependency, allowed, _) in ONLY {
        assert!(
            used.contains(&&dependency.to_string()) || *dependency == "xtask",
            "no crate uses {dependency}"
        );
        for package in *allowed {
            assert!(packages.contains_key(*package), "no package {package}");
        }
    }
}
