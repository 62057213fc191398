//! `cargo xtask bench --corpus DIR`: doccodes against the floor on the same files, in one run.
//!
//! The floor is one single-threaded pulldown-cmark pass over every page (read from disk, tables
//! and front matter on): what any Markdown tool pays. Then `l10n` (this binary, as a child, on
//! both cores, its report thrown away) on 10%, 50% and 100% of the pages, evenly spread over the
//! corpus, for its ratio to the floor, its throughput and peak memory, and its time per MB as the
//! input grows; on the whole corpus again with `--format sarif`, `--write-baseline`, `--baseline`
//! and, when given, `--source-root` (each against the floor and the plain run); then
//! `model --site` over the corpus, as a child too. Figures go to
//! BENCHMARKS.md by hand, with the machine. CPU time and peak memory come from `wait4`, on Unix;
//! elsewhere (Windows) the report says they were not measured.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use doccodes_diagnostic::Diagnostic;
use pulldown_cmark::{Options, Parser};

use doccodes::{BAD_INPUT, SUCCESS};

pub fn run(
    corpus: &Path,
    source_root: Option<&Path>,
    stdout: &mut dyn Write,
) -> Result<i32, Vec<Diagnostic>> {
    let fail = |what: String| vec![Diagnostic::error(format!("bench: {what}"))];
    let mut pages = Vec::new();
    doccodes_files::markdown_files(corpus, &mut pages, &mut Vec::new());
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
    // `l10n` on the pages of `list` in `format`, with `extra` arguments, as a child; its
    // report thrown away.
    let l10n = |format: &str, extra: &[&OsStr]| -> Result<Measured, Vec<Diagnostic>> {
        let run = measure(
            "l10n",
            Command::new(&exe)
                .args(["l10n", "--format", format, "--deny", "none", "--files-from"])
                .arg(&list)
                .args(extra),
            false,
        )
        .map_err(fail)?;
        match run.code {
            SUCCESS => Ok(run),
            code => Err(fail(format!(
                "l10n --format {format} {extra:?} exited with {code}"
            ))),
        }
    };
    let mut whole = None;
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
        let run = l10n("json", &[])?;
        let seconds = run.elapsed.as_secs_f64();
        let _ = write!(
            stdout,
            "l10n on {percent:>3}% ({count} pages, {:.1} MB): {seconds:.2} s, {:.0} MB/s, {:.2} s per 100 MB, {}, {}",
            mb(bytes),
            mb(bytes) / seconds,
            seconds / mb(bytes) * 100.0,
            cpu(run.cpu),
            peak_rss(run.peak)
        );
        if percent == 100 {
            let _ = write!(stdout, "; {:.2}x the floor", seconds / floor.as_secs_f64());
            whole = Some(run);
        }
        let _ = writeln!(stdout);
    }
    // The whole corpus again, as a team runs it in CI: SARIF, a baseline written, then read
    // (its entries all known); and against today's English pages when given.
    let whole = whole.expect("the 100% run").elapsed.as_secs_f64();
    let baseline = tempfile_path("bench-baseline");
    let (sarif, json) = ("sarif", "json");
    let mut variants: Vec<(&str, &str, Vec<&OsStr>)> = vec![
        ("--format sarif", sarif, vec![]),
        (
            "--write-baseline",
            json,
            vec!["--write-baseline".as_ref(), baseline.as_ref()],
        ),
        (
            "--baseline",
            json,
            vec!["--baseline".as_ref(), baseline.as_ref()],
        ),
    ];
    if let Some(english) = source_root {
        variants.push((
            "--source-root",
            json,
            vec!["--source-root".as_ref(), english.as_ref()],
        ));
    }
    for (label, format, extra) in variants {
        let run = l10n(format, &extra)?;
        let seconds = run.elapsed.as_secs_f64();
        let _ = writeln!(
            stdout,
            "l10n {label} on 100%: {seconds:.2} s, {}, {}; {:.2}x the floor, {:.2}x the run without",
            cpu(run.cpu),
            peak_rss(run.peak),
            seconds / floor.as_secs_f64(),
            seconds / whole
        );
    }
    let _ = std::fs::remove_file(&list);
    let _ = std::fs::remove_file(&baseline);

    // `model --site`: every page its own set, on every core, its models written to a
    // scratch folder that goes when the run is measured.
    let out = tempfile_path("bench-models");
    let model = measure(
        "model --site",
        Command::new(&exe)
            .args(["model", "--site"])
            .arg(corpus)
            .arg("--out")
            .arg(&out),
        true,
    );
    let _ = std::fs::remove_dir_all(&out);
    let model = model.map_err(fail)?;
    // 2 is a page that failed (a docs typo): the summary counts them; the run is still measured.
    if ![SUCCESS, BAD_INPUT].contains(&model.code) {
        return Err(fail(format!("model --site exited with {}", model.code)));
    }
    let seconds = model.elapsed.as_secs_f64();
    let _ = writeln!(
        stdout,
        "model --site: {seconds:.2} s, {:.0} MB/s, {:.2}x the floor, {}, {} ({})",
        mb(total) / seconds,
        seconds / floor.as_secs_f64(),
        cpu(model.cpu),
        peak_rss(model.peak),
        model.stdout.trim()
    );
    Ok(SUCCESS)
}

/// `CPU 1.23 s`, or why there is no figure.
fn cpu(cpu: Option<Duration>) -> String {
    match cpu {
        Some(cpu) => format!("CPU {:.2} s", cpu.as_secs_f64()),
        None => "CPU time not measured on this platform".to_owned(),
    }
}

/// `peak RSS 123 MB` (MiB, as the figures in BENCHMARKS.md have always been), or why there is
/// no figure: never a 0 that reads as a measurement.
fn peak_rss(kib: Option<u64>) -> String {
    match kib {
        Some(kib) => format!("peak RSS {} MB", kib / 1024),
        None => "peak RSS not measured on this platform".to_owned(),
    }
}

/// A child run to its end.
struct Measured {
    code: i32,
    elapsed: Duration,
    /// The child's own CPU time, user and system: next to `elapsed`, how much of the cores it
    /// had (on a shared machine, less than all of them when others run). Unix only.
    cpu: Option<Duration>,
    /// The child's own largest resident set, in KiB. Unix only.
    peak: Option<u64>,
    stdout: String,
}

/// Runs `command` (stderr discarded; stdout kept when `keep_stdout`, else discarded) and
/// waits for it to end.
fn measure(what: &str, command: &mut Command, keep_stdout: bool) -> Result<Measured, String> {
    let start = Instant::now();
    let mut child = command
        .stdout(if keep_stdout {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("running {what}: {error}"))?;
    let mut stdout = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        let _ = pipe.read_to_string(&mut stdout);
    }
    let (code, cpu, peak) = reap(what, child)?;
    Ok(Measured {
        code,
        elapsed: start.elapsed(),
        cpu,
        peak,
        stdout,
    })
}

/// The exit code, CPU time and peak memory (KiB) of `child`, reaped with `wait4`, which gives
/// this child's own peak memory, not the largest of all children so far.
#[cfg(unix)]
fn reap(
    what: &str,
    child: std::process::Child,
) -> Result<(i32, Option<Duration>, Option<u64>), String> {
    let pid = libc::pid_t::try_from(child.id()).map_err(|error| format!("{what}: {error}"))?;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 writes only the status and usage it is given, and
    // reaps only this child, which nothing else waits for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if reaped != pid {
        return Err(format!(
            "waiting for {what}: {}",
            std::io::Error::last_os_error()
        ));
    }
    if !libc::WIFEXITED(status) {
        return Err(format!("{what} did not exit (wait status {status})"));
    }
    let time = |value: libc::timeval| {
        let seconds = u64::try_from(value.tv_sec).unwrap_or(0);
        let micros = u32::try_from(value.tv_usec).unwrap_or(0);
        Duration::new(seconds, micros * 1000)
    };
    let maxrss = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    // Linux and the BSDs count `ru_maxrss` in KiB, Apple's systems in bytes.
    let peak = if cfg!(target_vendor = "apple") {
        maxrss / 1024
    } else {
        maxrss
    };
    Ok((
        libc::WEXITSTATUS(status),
        Some(time(usage.ru_utime) + time(usage.ru_stime)),
        Some(peak),
    ))
}

/// Elsewhere std's wait: the exit code and, through `elapsed`, the wall time; no CPU time or
/// peak memory, which the report says rather than printing a 0.
#[cfg(not(unix))]
fn reap(
    what: &str,
    mut child: std::process::Child,
) -> Result<(i32, Option<Duration>, Option<u64>), String> {
    let status = child
        .wait()
        .map_err(|error| format!("waiting for {what}: {error}"))?;
    match status.code() {
        Some(code) => Ok((code, None, None)),
        None => Err(format!("{what} did not exit ({status})")),
    }
}

fn tempfile_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("doccodes-{name}-{}", std::process::id()))
}
