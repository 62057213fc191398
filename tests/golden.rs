//! Golden files: every artifact of the demo set in `tests/fixtures/demo`, a page pair made to
//! hold what an emitter can get wrong (links of every kind, markup, quotes, backslashes, `*/`,
//! `??=`, pipes, brackets, an alias, codes that differ only in severity, values given by the
//! page in three notations and by the facts). Review a change with `git diff tests/golden`;
//! accept it with `UPDATE_EXPECT=1 cargo test`.
//!
//! The seed's own artifacts are golden files too: `generated/` itself, checked by
//! `generate::the_checked_in_output_is_up_to_date`.

use std::fs;
use std::process::Command;

use expect_test::expect_file;

use crate::c_header::compile_and_run;
use crate::support::{run, workspace};

fn demo() -> doccodes::Outputs {
    doccodes::plan(&workspace().join("tests/fixtures/demo")).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors.iter().map(ToString::to_string).collect::<String>()
        )
    })
}

#[test]
fn every_demo_artifact_matches_its_golden_file() {
    let outputs = demo();
    let paths: Vec<&str> = outputs.files.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "crates/demo-status/Cargo.toml",
            "crates/demo-status/README.md",
            "crates/demo-status/src/codes.rs",
            "crates/demo-status/src/lib.rs",
            "generated/c/demo_status.h",
            "generated/md/en-US/demo-codes.md",
            "generated/md/zh-TW/demo-codes.md",
            "generated/model/demo-codes.yaml",
        ]
    );
    for (path, contents) in &outputs.files {
        expect_file![workspace().join("tests/golden/demo").join(path)].assert_eq(contents);
    }
    let warnings: Vec<String> = outputs.warnings.iter().map(ToString::to_string).collect();
    expect_file![workspace().join("tests/golden/demo/warnings.txt")]
        .assert_eq(&warnings.join("\n"));
}

#[test]
fn the_demo_header_compiles_and_runs() {
    let outputs = demo();
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("demo_status.h"),
        &outputs.files["generated/c/demo_status.h"],
    )
    .unwrap();
    let program = "#include <stdio.h>\n#include \"demo_status.h\"\n\
        static const HRESULT codes[] = {DEMO_E_FIRST, DEMO_E_OLD_NAME, DEMO_E_EXPIRED, DEMO_E_QUOTES,\n    \
        DEMO_I_EXPIRED, DEMO_S_OK};\n\
        int main(void) {\n    size_t i;\n    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {\n        \
        printf(\"%08lX %s\\n  %s\\n  %s\\n\", (unsigned long)(uint32_t)codes[i], demo_status_name(codes[i]),\n               \
        demo_status_message(codes[i]), demo_status_message_in(codes[i], \"zh-TW\"));\n    }\n    return 0;\n}\n";
    let output = compile_and_run(program, dir.path(), &[]);
    expect_file![workspace().join("tests/golden/demo/c-run.txt")].assert_eq(&output);
}

#[test]
fn the_demo_rust_compiles_warning_free_and_runs() {
    let outputs = demo();
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("demo_status.rs"),
        &outputs.files["crates/demo-status/src/codes.rs"],
    )
    .unwrap();
    let program = r#"#![deny(warnings)]
#![allow(dead_code)]
include!("demo_status.rs");

fn main() {
    for code in DemoCodes::ALL {
        println!("{code}");
        println!("  {:?}", code.message_in("zh-TW"));
    }
    println!("{:?}", "DEMO_E_OLD_NAME".parse::<DemoCodes>());
    println!("{:?}", DemoCodes::try_from(DEMO_I_EXPIRED).map(DemoCodes::is_error));
    println!("{}", "DEMO_E_NEW".parse::<DemoCodes>().unwrap_err());
}
"#;
    let source = dir.path().join("main.rs");
    fs::write(&source, program).unwrap();
    let binary = dir.path().join("demo");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    run(Command::new(rustc)
        .args(["--edition", "2024", "-o"])
        .arg(&binary)
        .arg(&source));
    let output = run(&mut Command::new(&binary));
    expect_file![workspace().join("tests/golden/demo/rust-run.txt")].assert_eq(&output);
}
