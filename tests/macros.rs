//! `doccodes_macros::include_codes!` as crate authors use it: the SSPI model expanded here
//! agrees with the `sspi-status` crate built from the generated file; hostile text compiles and
//! comes back out of `message()`; and a crate outside the workspace gets its codes, is rebuilt
//! when its model changes and is told the line when the model breaks.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use doccodes_model::{ENGLISH, Model};

use crate::support::{read, run, workspace, xtask};

mod sspi {
    doccodes_macros::include_codes!("generated/model/sspi-status-codes.yaml");
}

mod tricky {
    doccodes_macros::include_codes!("tests/fixtures/macros/tricky.yaml");
}

#[test]
fn the_sspi_model_expands_to_what_the_generated_crate_holds() {
    use sspi::SspiStatusCodes as Expanded;
    use sspi_status::SspiStatusCodes as Generated;

    assert_eq!(Expanded::ALL.len(), Generated::ALL.len());
    assert_eq!(Expanded::LOCALES, Generated::LOCALES);
    for (expanded, generated) in Expanded::ALL.iter().zip(Generated::ALL) {
        assert_eq!(expanded.hresult(), generated.hresult());
        assert_eq!(expanded.name(), generated.name());
        assert_eq!(expanded.to_string(), generated.to_string());
        for locale in Generated::LOCALES {
            assert_eq!(expanded.message_in(locale), generated.message_in(locale));
        }
        let name: Expanded = generated.name().parse().unwrap();
        assert_eq!(name, *expanded);
    }
    assert_eq!(
        sspi::SEC_E_NOT_SUPPORTED,
        sspi_status::SEC_E_UNSUPPORTED_FUNCTION
    );
    assert_eq!(
        Expanded::try_from(0x1234).unwrap_err().to_string(),
        "0x00001234 is not one of the SSPI Status Codes"
    );
}

#[test]
fn hostile_text_compiles_and_comes_back_out_of_message() {
    use tricky::TrickyCodes;

    let messages: Vec<(&str, &str)> = TrickyCodes::ALL
        .iter()
        .map(|code| (code.name(), code.message()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "TRICKY_E_QUOTES",
                r##"She said "stop", it's done; r#"raw"# and "# too."##
            ),
            (
                "TRICKY_E_BACKSLASH",
                r"C:\Windows\System32, a \ alone, a trailing \"
            ),
            (
                "TRICKY_E_COMMENT",
                "/* A C comment */ and a lone */ stay as written; // too."
            ),
            (
                "TRICKY_E_LINES",
                "First line.\nSecond line, {braces} and {} kept."
            ),
            ("TRICKY_E_EMOJI", "Done 🎉, 👩‍💻 and 👍🏽, ÉCHEC, 失敗, Ошибка."),
            (
                "TRICKY_S_FENCE",
                "```\nfn main() { panic!(\"a doctest must not come of this\") }\n```"
            ),
        ]
    );
    assert_eq!(
        TrickyCodes::TrickyEQuotes.message_in("de-de"),
        Some("„Anführungszeichen“ und ‚einfache‘ – fertig.")
    );
    assert_eq!(
        TrickyCodes::TrickyEEmoji.message_in("ja-JP"),
        Some("完了しました 🎉")
    );
    assert_eq!(TrickyCodes::TrickyEEmoji.hresult() as u32, 0x8004_0005);
    assert_eq!(
        TrickyCodes::try_from(7).unwrap_err().to_string(),
        r#"0x00000007 is not one of the Tricky {codes} "quoted""#
    );

    // The model's own reading of the same text: the expansion adds nothing and loses nothing.
    let path = "tests/fixtures/macros/tricky.yaml";
    let model = Model::from_yaml(path, &read(&workspace().join(path))).unwrap();
    for (entry, (name, message)) in model.entries.iter().zip(messages) {
        assert_eq!(entry.name, name);
        assert_eq!(entry.message_in(ENGLISH).unwrap(), message);
    }
}

const CONSUMER_MAIN: &str = r#"#![deny(warnings)]

// A `Result` of the crate's own must not disturb the expansion.
#[allow(dead_code)]
type Result<T> = std::result::Result<T, String>;

doccodes_macros::include_codes!("codes/widget.yaml");

fn main() {
    for code in WidgetErrors::ALL {
        println!("{} {:#010X} {}", code.name(), code.hresult(), code.message());
        for locale in WidgetErrors::LOCALES {
            println!("  {locale}: {}", code.message_in(locale).unwrap_or("-"));
        }
    }
}
"#;

const WIDGET_MODEL: &str = "schema: 1
id: widget-errors
title:
  en-US: Widget Errors
entries:
- name: WIDGET_E_JAMMED
  value: 0x80AB0001
  meaning:
    en-US: The widget is jammed.
    fr-FR: Le widget est coincé.
- name: WIDGET_S_SPINNING
  value: 0x00AB0002
  meaning:
    en-US: The widget spins.
";

/// What the consumer must print for `model`, from the model crate's reading of it.
fn expected_output(model: &Model) -> String {
    let mut out = String::new();
    for entry in &model.entries {
        let value = entry.value.unwrap();
        let message = entry.message_in(ENGLISH).unwrap();
        out.push_str(&format!("{} {value:#010X} {message}\n", entry.name));
        for locale in model.locales() {
            let text = entry.message_in(locale).unwrap_or_else(|| "-".into());
            out.push_str(&format!("  {locale}: {text}\n"));
        }
    }
    out
}

/// Writes `text` to `path` with a modification time in the future, so cargo sees a change
/// however coarse the file system's clock is.
fn write_changed(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
    let file = fs::File::options().append(true).open(path).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
}

#[test]
fn a_crate_outside_the_workspace_includes_its_model_and_follows_its_changes() {
    let dir = tempfile::tempdir().unwrap();
    let consumer = dir.path();
    let macros = workspace().join("crates/macros");
    fs::write(
        consumer.join("Cargo.toml"),
        format!(
            "[package]\nname = \"widget\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
             [dependencies]\ndoccodes-macros = {{ path = {:?} }}\n\n[workspace]\n",
            macros.to_str().unwrap()
        ),
    )
    .unwrap();
    // The workspace's lock file pins the macro's dependencies to the versions tested here.
    fs::copy(workspace().join("Cargo.lock"), consumer.join("Cargo.lock")).unwrap();
    fs::create_dir_all(consumer.join("src")).unwrap();
    fs::create_dir_all(consumer.join("codes")).unwrap();
    fs::write(consumer.join("src/main.rs"), CONSUMER_MAIN).unwrap();
    let model_path = consumer.join("codes/widget.yaml");
    write_changed(&model_path, WIDGET_MODEL);

    // One target directory for every run (shared with `cargo xtask bench-macro`), so the
    // macro's dependencies build once.
    let target = workspace().join("target/macro-users");
    let cargo = |command: &str| {
        let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cargo
            .args([command, "--quiet"])
            .current_dir(consumer)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("DOCCODES_MANIFEST_DIR");
        cargo
    };
    let model = |text: &str| Model::from_yaml("widget.yaml", text).unwrap();

    let first = run(&mut cargo("run"));
    assert_eq!(first, expected_output(&model(WIDGET_MODEL)));
    assert!(first.contains("WIDGET_E_JAMMED 0x80AB0001 The widget is jammed."));

    let changed = WIDGET_MODEL.replace("The widget is jammed.", "The widget is stuck.")
        + "- name: WIDGET_E_MELTED\n  value: -2136276989\n  meaning:\n    en-US: It melted.\n";
    write_changed(&model_path, &changed);
    let second = run(&mut cargo("run"));
    assert_eq!(second, expected_output(&model(&changed)));
    assert!(second.contains("WIDGET_E_JAMMED 0x80AB0001 The widget is stuck."));
    assert!(second.contains("WIDGET_E_MELTED 0x80AB0003 It melted."));

    let broken = changed.replace("  value: 0x00AB0002", "  value: [0x00AB0002");
    write_changed(&model_path, &broken);
    let output = cargo("build").output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = broken
        .lines()
        .position(|line| line.contains("[0x00AB0002"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("::: codes/widget.yaml:{line}:10")),
        "{stderr}"
    );
    assert!(
        stderr.contains("^ while parsing a flow sequence that starts here"),
        "{stderr}"
    );
    assert!(stderr.contains("src/main.rs:7:33"), "{stderr}");
}

#[test]
fn bench_macro_times_both_ways_of_getting_the_items() {
    let run = xtask(&workspace(), &["bench-macro", "--runs", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    assert!(lines[2].starts_with("  include! of crates/sspi-status/src/codes.rs:"));
    assert!(lines[3].starts_with("  include_codes! of generated/model/sspi-status-codes.yaml:"));
    assert!(lines[4].starts_with("  the expansion's share: "));
}
