//! `cargo xtask bench-macro`: what `include_codes!` costs a crate author, measured where they
//! pay it. Two crates that differ only in where the SSPI items come from, `include!` of the
//! generated file or `include_codes!` of the model, are rebuilt after touching their `main.rs`;
//! the difference of the medians is the expansion's cost inside rustc. The in-process stages are
//! in `cargo bench -p doccodes-emit-rust`.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use doccodes_diagnostic::Diagnostic;

const MODEL: &str = "generated/model/sspi-status-codes.yaml";
const FILE: &str = "crates/sspi-status/src/codes.rs";

const MAIN_TAIL: &str = "
fn main() {
    let codes = SspiStatusCodes::ALL;
    println!(\"{} codes, first {}\", codes.len(), codes[0]);
}
";

pub fn run(root: &Path, runs: usize, stdout: &mut dyn Write) -> Result<i32, Vec<Diagnostic>> {
    let fail = |what: &str, error: &dyn std::fmt::Display| {
        vec![Diagnostic::error(format!("bench-macro: {what}: {error}"))]
    };
    let bench = root.join("target/bench-macro");
    let root_text = root.to_str().ok_or_else(|| {
        fail(
            "the workspace path",
            &"is not UTF-8, and a Cargo.toml must name it",
        )
    })?;
    let setup = || -> std::io::Result<()> {
        fs::create_dir_all(bench.join("from-file/src"))?;
        fs::create_dir_all(bench.join("from-macro/src"))?;
        fs::write(
            bench.join("Cargo.toml"),
            "[workspace]\nmembers = [\"from-file\", \"from-macro\"]\nresolver = \"3\"\n",
        )?;
        // The workspace's lock pins the macro's dependencies to the versions it is tested with.
        fs::copy(root.join("Cargo.lock"), bench.join("Cargo.lock"))?;
        let manifest = |name: &str, dependencies: &str| {
            format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
                 [dependencies]\n{dependencies}"
            )
        };
        fs::write(
            bench.join("from-file/Cargo.toml"),
            manifest("from-file", ""),
        )?;
        fs::write(
            bench.join("from-macro/Cargo.toml"),
            manifest(
                "from-macro",
                &format!("doccodes-macros = {{ path = \"{root_text}/crates/macros\" }}\n"),
            ),
        )?;
        fs::copy(
            root.join(MODEL),
            bench.join("from-macro/sspi-status-codes.yaml"),
        )?;
        fs::write(
            bench.join("from-file/src/main.rs"),
            format!("include!(\"{root_text}/{FILE}\");\n{MAIN_TAIL}"),
        )?;
        fs::write(
            bench.join("from-macro/src/main.rs"),
            format!("doccodes_macros::include_codes!(\"sspi-status-codes.yaml\");\n{MAIN_TAIL}"),
        )
    };
    setup().map_err(|error| fail("setting up target/bench-macro", &error))?;

    let build = |package: &str| -> Result<Duration, Vec<Diagnostic>> {
        let main = bench.join(package).join("src/main.rs");
        let touch = fs::File::options()
            .append(true)
            .open(&main)
            .and_then(|file| file.set_modified(SystemTime::now()));
        touch.map_err(|error| fail("touching main.rs", &error))?;
        let start = Instant::now();
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--quiet", "--package", package])
            .current_dir(&bench)
            // Shared with the integration tests' crate outside the workspace: one build of the
            // macro's dependencies serves both.
            .env("CARGO_TARGET_DIR", root.join("target/macro-users"))
            .env_remove("DOCCODES_MANIFEST_DIR")
            .output()
            .map_err(|error| fail("running cargo", &error))?;
        let elapsed = start.elapsed();
        if !output.status.success() {
            return Err(fail(
                &format!("building {package}"),
                &String::from_utf8_lossy(&output.stderr),
            ));
        }
        Ok(elapsed)
    };

    let _ = writeln!(
        stdout,
        "building both crates once (the macro and its dependencies) ..."
    );
    build("from-file")?;
    build("from-macro")?;
    let mut file_times = Vec::with_capacity(runs);
    let mut macro_times = Vec::with_capacity(runs);
    for _ in 0..runs {
        file_times.push(build("from-file")?);
        macro_times.push(build("from-macro")?);
    }
    let file = median(&mut file_times);
    let expanded = median(&mut macro_times);
    let _ = writeln!(
        stdout,
        "rebuild of a crate holding the SSPI items, median of {runs} (dev profile):"
    );
    let _ = writeln!(stdout, "  include! of {FILE}: {:>8.1} ms", ms(file));
    let _ = writeln!(
        stdout,
        "  include_codes! of {MODEL}: {:>8.1} ms",
        ms(expanded)
    );
    let _ = writeln!(
        stdout,
        "  the expansion's share: {:+.1} ms",
        ms(expanded) - ms(file)
    );
    Ok(doccodes::SUCCESS)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
