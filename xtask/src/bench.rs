//! `cargo xtask bench --corpus DIR`: doccodes against the floor on the same files, in one run.
//!
//! The floor is one single-threaded pulldown-cmark pass over every page (read from disk, tables
//! and front matter on): what any Markdown tool pays. Then `l10n` (this binary, as a child, on
//! both cores, its report thrown away) on 10%, 50% and 100% of the pages, evenly spread over the
//! corpus, for its ratio to the floor, its throughput and peak memory, and its time per MB as the
//! input grows; then model extraction of every page in this process. Figures go to
//! BENCHMARKS.md by hand, with the machine.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use doccodes_diagnostic::Diagnostic;
use doccodes_extract::{PageInput, extract, set_of};
use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

use crate::SUCCESS;

pub fn run(corpus: &Path, stdout: &mut dyn Write) -> Result<i32, Vec<Diagnostic>> {
    let fail = |what: String| vec![Diagnostic::error(format!("bench: {what}"))];
    let mut pages = Vec::new();
    crate::l10n::markdown_files(corpus, &mut pages, &mut Vec::new());
    pages.sort();
    if pages.is_empty() {
        return Err(fail(format!("no *.md under `{}`", corpus.display())));
    }
    let sizes: Vec<u64> = pages
        .iter()
        .map(|page| page.metadata().map_or(0, |m| m.len()))
        .collect();
    let total: u64 = sizes.iter().sum();
    let mb = |bytes: u64| bytes as f64 / 1e6;
    let _ = writeln!(
        stdout,
        "corpus: {} pages, {:.1} MB ({})",
        pages.len(),
        mb(total),
        corpus.display()
    );

    // The floor, single-threaded, reading included; the better of two passes, so that both it
    // and the runs after it read from the page cache.
    let mut events = 0usize;
    let floor = (0..2)
        .map(|_| {
            let start = Instant::now();
            events = 0;
            for page in &pages {
                let text = std::fs::read_to_string(page).unwrap_or_default();
                let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
                events += Parser::new_ext(&text, options).count();
            }
            start.elapsed()
        })
        .min()
        .expect("two passes");
    let _ = writeln!(
        stdout,
        "floor, one pulldown-cmark pass on one core: {:.2} s, {:.0} MB/s ({events} events)",
        floor.as_secs_f64(),
        mb(total) / floor.as_secs_f64()
    );

    let exe = std::env::current_exe().map_err(|error| fail(format!("this program: {error}")))?;
    let list = tempfile_path("bench-pages");
    for percent in [10, 50, 100] {
        // Every tenth page, every other page, all: the same mix of pages at each size, so that
        // time per MB shows how the cost grows, not which folders come first.
        let sample: Vec<usize> = (0..pages.len())
            .filter(|index| index * percent % 100 < percent)
            .collect();
        let count = sample.len();
        let bytes: u64 = sample.iter().map(|&index| sizes[index]).sum();
        let names: String = sample
            .iter()
            .map(|&index| format!("{}\n", pages[index].display()))
            .collect();
        std::fs::write(&list, names)
            .map_err(|error| fail(format!("{}: {error}", list.display())))?;
        let (elapsed, peak) = child(&exe, &list).map_err(fail)?;
        let seconds = elapsed.as_secs_f64();
        let _ = write!(
            stdout,
            "l10n on {percent:>3}% ({count} pages, {:.1} MB): {seconds:.2} s, {:.0} MB/s, {:.2} s per 100 MB, peak RSS {} MB",
            mb(bytes),
            mb(bytes) / seconds,
            seconds / mb(bytes) * 100.0,
            peak / 1024
        );
        if percent == 100 {
            let _ = write!(stdout, "; {:.2}x the floor", seconds / floor.as_secs_f64());
        }
        let _ = writeln!(stdout);
    }
    let _ = std::fs::remove_file(&list);

    // Model extraction of every page, each its own set, on every core.
    let start = Instant::now();
    let (models, failed) = pages
        .par_iter()
        .map(|page| {
            let text = std::fs::read_to_string(page).unwrap_or_default();
            let path = page.display().to_string();
            let input = PageInput {
                path: &path,
                text: &text,
            };
            match extract(&set_of(&path).0, &[input], &[], &[]) {
                Ok(_) => (1usize, 0usize),
                Err(_) => (0, 1),
            }
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let elapsed = start.elapsed().as_secs_f64();
    let _ = writeln!(
        stdout,
        "model of every page: {elapsed:.2} s, {:.0} MB/s, {:.2}x the floor ({models} pages with codes, {failed} without)",
        mb(total) / elapsed,
        elapsed / floor.as_secs_f64()
    );
    Ok(SUCCESS)
}

/// Runs `l10n --files-from LIST` as a child with its report discarded: wall time and peak RSS
/// (KiB) of the child.
fn child(exe: &Path, list: &Path) -> Result<(Duration, u64), String> {
    let start = Instant::now();
    let status = Command::new(exe)
        .args(["l10n", "--format", "json", "--deny", "none", "--files-from"])
        .arg(list)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|error| format!("running l10n: {error}"))?;
    let elapsed = start.elapsed();
    if !status.success() {
        return Err(format!("l10n failed: {status}"));
    }
    Ok((elapsed, peak_rss_of_children()))
}

/// The largest resident set of any child that has ended, in KiB.
fn peak_rss_of_children() -> u64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let result = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    if result == 0 {
        usage.ru_maxrss.max(0) as u64
    } else {
        0
    }
}

fn tempfile_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("doccodes-{name}-{}", std::process::id()))
}
