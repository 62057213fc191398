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

use doccodes_diagnostic::Diagnostic;
use doccodes_extract::{Comparison, Failure, HeaderValues, PageInput, extract, set_of};
use doccodes_files::{in_order, markdown_files, read_text, sync_filesystem, write_replacing};

use crate::read::read_headers;
use crate::{BAD_INPUT, SUCCESS, Terminal};

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

pub fn run(
    site: &Path,
    out: &Path,
    header_paths: &[PathBuf],
    terminal: Terminal,
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
    terminal.report(stderr, &unreadable);
    let (mut written, mut without_codes, mut failed) = (0, 0, unreadable.len());
    let mut against = Comparison::default();
    in_order(
        &pages,
        |page| model_of(page, site, out, &headers, terminal),
        |outcome| {
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
        terminal.report(stderr, &[Diagnostic::error(message)]);
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

fn model_of(
    page: &Path,
    site: &Path,
    out: &Path,
    headers: &[HeaderValues],
    terminal: Terminal,
) -> Outcome {
    let failed = |diagnostics: &[Diagnostic]| Outcome {
        kind: Kind::Failed,
        messages: terminal.rendered(diagnostics),
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
            let mut messages = terminal.rendered(&extraction.diagnostics);
            messages.push_str(&terminal.rendered(&against.diagnostics));
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
