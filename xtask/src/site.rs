//! `cargo xtask model --site DIR --out OUT`: the model of every page of a docs site that lists
//! codes, each page its own set, written to `OUT/<its path below DIR>.yaml`.
//!
//! Pages are read, extracted and written on every core, each worker taking the next page in
//! path order as soon as it is free, while this thread writes their messages in path order; a
//! worker may run at most [`WINDOW`] pages ahead of the messages written, so memory holds a few
//! pages and a window of messages, never the site. A page of prose (no table of codes) is
//! counted, not reported; any other failure is reported with its file and the run goes on to
//! the end. With `--against`, each model is compared with the headers as it is made, and the
//! counts are added up for the site.
//!
//! Models are written through a temporary file and a rename, so a failed write never leaves a
//! part of one, but not synced one by one: an `fsync` per model (5,500 on a whole site) cost
//! more than a third of the run, the workers waiting on the disk. One `syncfs` at the end makes
//! every model durable before the summary says it was written; a crash before that may leave
//! some models empty, as it would leave the run unfinished, and running again replaces them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, PoisonError};

use doccodes_diagnostic::Diagnostic;
use doccodes_extract::{Comparison, Failure, HeaderValues, PageInput, extract, set_of};

use crate::files::{markdown_files, read_headers, read_text, sync_filesystem, write_replacing};
use crate::{BAD_INPUT, SUCCESS};

/// How far the workers may run ahead of the messages written: enough that a slow page never
/// idles the other cores, few enough that the messages waiting are a few hundred pages'.
const WINDOW: usize = 256;

/// What became of one page, and its diagnostics rendered for stderr.
struct Outcome {
    kind: Kind,
    messages: String,
    /// How its values compare with the headers, when there are any.
    against: Comparison,
}

enum Kind {
    Written,
    WithoutCodes,
    Failed,
}

/// The pages handed out and the pages whose messages are written, shared by the workers and
/// this thread; `stopped` when a thread panicked, so that none waits for a page that will
/// never come.
struct Progress {
    next: usize,
    reported: usize,
    stopped: bool,
}

pub fn run(
    site: &Path,
    out: &Path,
    header_paths: &[PathBuf],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<i32, Vec<Diagnostic>> {
    let headers = if header_paths.is_empty() {
        Vec::new()
    } else {
        read_headers(header_paths)?
    };
    let mut pages = Vec::new();
    let mut unreadable = Vec::new();
    markdown_files(site, &mut pages, &mut unreadable);
    if pages.is_empty() && unreadable.is_empty() {
        return Err(vec![Diagnostic::error(format!(
            "no *.md under `{}`",
            site.display()
        ))]);
    }
    pages.sort();
    crate::report(stderr, &unreadable);
    let (mut written, mut without_codes, mut failed) = (0, 0, unreadable.len());
    let mut against = Comparison::default();
    in_order(
        &pages,
        |page| model_of(page, site, out, &headers),
        &mut |outcome| {
            let _ = stderr.write_all(outcome.messages.as_bytes());
            against.add(&outcome.against);
            match outcome.kind {
                Kind::Written => written += 1,
                Kind::WithoutCodes => without_codes += 1,
                Kind::Failed => failed += 1,
            }
        },
    );
    // Written means on disk: a model that a crash could still empty is not reported written.
    if written > 0
        && let Err(error) = sync_filesystem(out)
    {
        let message = format!("cannot sync `{}` to disk: {error}", out.display());
        crate::report(stderr, &[Diagnostic::error(message)]);
        return Ok(BAD_INPUT);
    }
    let models = if written == 1 { "model" } else { "models" };
    let _ = writeln!(
        stdout,
        "{} pages: {written} {models} written to `{}`, {without_codes} without a table of codes, \
         {failed} failed",
        pages.len(),
        out.display()
    );
    if !headers.is_empty() {
        let headers = format!("{} headers", headers.len());
        let _ = writeln!(stdout, "{}", against.summary(&headers).message);
    }
    Ok(if failed == 0 { SUCCESS } else { BAD_INPUT })
}

/// `work` on every page on every core, `report` on each outcome in page order on this thread.
///
/// Each worker takes the next page when it is done with its last, so no core waits for the
/// slowest page of a batch; this thread keeps the outcomes that arrive early until those
/// before them are in.
fn in_order(
    pages: &[PathBuf],
    work: impl Fn(&Path) -> Outcome + Sync,
    report: &mut dyn FnMut(Outcome),
) {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(WINDOW));
    let progress = Mutex::new(Progress {
        next: 0,
        reported: 0,
        stopped: false,
    });
    let reported_more = Condvar::new();
    let lock = || progress.lock().unwrap_or_else(PoisonError::into_inner);
    // A panic on any thread stops the others (then the scope passes it on), rather than leave
    // them waiting for its page.
    let stop_on_panic = || StopOnPanic(&progress, &reported_more);
    std::thread::scope(|scope| {
        let (sender, outcomes) = mpsc::channel::<(usize, Outcome)>();
        for _ in 0..workers {
            let (sender, work, lock) = (sender.clone(), &work, &lock);
            let reported_more = &reported_more;
            scope.spawn(move || {
                let _stop = stop_on_panic();
                loop {
                    let index = {
                        let mut progress = lock();
                        loop {
                            if progress.stopped || progress.next >= pages.len() {
                                return;
                            }
                            if progress.next < progress.reported + WINDOW {
                                break;
                            }
                            progress = reported_more
                                .wait(progress)
                                .unwrap_or_else(PoisonError::into_inner);
                        }
                        progress.next += 1;
                        progress.next - 1
                    };
                    if sender.send((index, work(&pages[index]))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(sender);
        let _stop = stop_on_panic();
        // Outcomes that came before their turn, at their index modulo WINDOW: a worker takes
        // page `reported + WINDOW` only once page `reported` is reported, so none collide.
        let mut early: Vec<Option<Outcome>> = (0..WINDOW).map(|_| None).collect();
        let mut reported = 0;
        for (index, outcome) in outcomes {
            early[index % WINDOW] = Some(outcome);
            let before = reported;
            while let Some(outcome) = early[reported % WINDOW].take() {
                report(outcome);
                reported += 1;
            }
            if reported > before {
                lock().reported = reported;
                reported_more.notify_all();
            }
        }
    });
}

/// Sets `stopped` and wakes every waiting worker when dropped by a panic.
struct StopOnPanic<'a>(&'a Mutex<Progress>, &'a Condvar);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .stopped = true;
            self.1.notify_all();
        }
    }
}

fn model_of(page: &Path, site: &Path, out: &Path, headers: &[HeaderValues]) -> Outcome {
    let failed = |diagnostics: &[Diagnostic]| Outcome {
        kind: Kind::Failed,
        messages: crate::rendered(diagnostics),
        against: Comparison::default(),
    };
    let shown = page.display().to_string();
    let text = match read_text(page, &shown) {
        Ok(text) => text,
        Err(error) => return failed(&[error]),
    };
    let input = PageInput {
        path: &shown,
        text: &text,
    };
    let extraction = extract(&set_of(&shown).0, &[input], &[], &[]);
    match extraction.model {
        Ok(model) => {
            let relative = page.strip_prefix(site).unwrap_or(page);
            let target = out.join(relative).with_extension("yaml");
            if let Err(error) = write_replacing(&target, model.to_yaml().as_bytes()) {
                let message = format!("cannot write `{}`: {error}", target.display());
                return failed(&[Diagnostic::error(message)]);
            }
            let against = if headers.is_empty() {
                Comparison::default()
            } else {
                doccodes_extract::against(&model, &extraction.places, headers)
            };
            let mut messages = crate::rendered(&extraction.diagnostics);
            messages.push_str(&crate::rendered(&against.diagnostics));
            Outcome {
                kind: Kind::Written,
                messages,
                against,
            }
        }
        // The warnings that come along say which tables were not read, which on a page of
        // prose is what one expects.
        Err(Failure::NoCodes) => Outcome {
            kind: Kind::WithoutCodes,
            messages: String::new(),
            against: Comparison::default(),
        },
        Err(Failure::Invalid) => failed(&extraction.diagnostics),
    }
}
