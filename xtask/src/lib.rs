//! `cargo xtask`: the `doccodes` commands on this workspace, and the project's own
//! measurements (`bench`, `bench-macro`). The commands are `doccodes`'s, flattened in: one
//! library, two names.

mod bench;
mod bench_macro;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use doccodes::{BAD_INPUT, Terminal};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "doccodes on this workspace (see `doccodes --help` for examples), and its benchmarks.",
    after_help = "Examples:
  cargo xtask gen                                   regenerate generated/ from docs-src/
  cargo xtask gen --check                           exit 1 if generated/ is stale (CI)
  cargo xtask bench --corpus ../win32-pr.zh-tw/desktop-src     l10n and model against the floor
  cargo xtask bench-macro                           include_codes! against the generated file"
)]
struct Cli {
    /// The workspace to work in (default: the one this xtask belongs to).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Doccodes(Box<doccodes::Command>),
    /// Measure l10n and model over a docs site against one pulldown-cmark pass on the same
    /// files (the floor): wall time, MB/s, peak RSS, time per MB at 10%, 50% and 100%.
    Bench {
        /// The pages to measure on, such as a localized site's desktop-src/.
        #[arg(long, value_name = "DIR")]
        corpus: PathBuf,
        /// Today's English pages (such as the English site's desktop-src/): also time
        /// `l10n --source-root` with them.
        #[arg(long, value_name = "DIR")]
        source_root: Option<PathBuf>,
    },
    /// Time rebuilding a crate that gets the SSPI items from include_codes! against one that
    /// include!s the generated file (builds in target/bench-macro).
    BenchMacro {
        /// Rebuilds of each crate; the median is reported.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
        runs: u16,
    },
}

/// Runs the command line `args` (program name first) on this workspace, or the one `--root`
/// names; returns the exit code.
pub fn run<I, T>(args: I, terminal: Terminal, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli: Cli = match doccodes::parse(args, stdout, stderr) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // The workspace this xtask was built in: `cargo xtask` is run from inside it.
    let root = cli.root.unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask/ is inside the workspace")
            .to_path_buf()
    });
    let result = match cli.command {
        Command::Doccodes(command) => {
            return doccodes::execute(*command, &root, terminal, stdout, stderr);
        }
        Command::Bench {
            corpus,
            source_root,
        } => bench::run(&corpus, source_root.as_deref(), stdout),
        Command::BenchMacro { runs } => bench_macro::run(&root, usize::from(runs), stdout),
    };
    match result {
        Ok(code) => code,
        Err(diagnostics) => {
            for diagnostic in diagnostics {
                let _ = writeln!(stderr, "{diagnostic}");
            }
            BAD_INPUT
        }
    }
}
