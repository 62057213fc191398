//! `cargo xtask model --site DIR --out OUT`: the model of every page of a docs site that lists
//! codes, each page its own set, written to `OUT/<its path below DIR>.yaml`.
//!
//! Pages are read and extracted a batch at a time on every core and written in path order, so
//! memory holds one batch, never the site. A page of prose (no table of codes) is counted, not
//! reported; any other failure is reported with its file and the run goes on to the end.

use std::io::Write;
use std::path::Path;

use doccodes_diagnostic::Diagnostic;
use doccodes_extract::{Failure, PageInput, extract, set_of};
use rayon::prelude::*;

use crate::files::{markdown_files, read_text, write_atomically};
use crate::{BAD_INPUT, SUCCESS};

/// Pages extracted together: enough to keep both cores busy, few enough to hold in memory.
const BATCH: usize = 256;

/// What became of one page, and its diagnostics rendered for stderr.
struct Outcome {
    kind: Kind,
    messages: String,
}

enum Kind {
    Written,
    WithoutCodes,
    Failed,
}

pub fn run(
    site: &Path,
    out: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<i32, Vec<Diagnostic>> {
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
    // Each worker reads, extracts, writes and renders its page; this thread only keeps the
    // messages in path order.
    for batch in pages.chunks(BATCH) {
        let outcomes: Vec<Outcome> = batch
            .par_iter()
            .map(|page| model_of(page, site, out))
            .collect();
        for outcome in outcomes {
            let _ = stderr.write_all(outcome.messages.as_bytes());
            match outcome.kind {
                Kind::Written => written += 1,
                Kind::WithoutCodes => without_codes += 1,
                Kind::Failed => failed += 1,
            }
        }
    }
    let models = if written == 1 { "model" } else { "models" };
    let _ = writeln!(
        stdout,
        "{} pages: {written} {models} written to `{}`, {without_codes} without a table of codes, \
         {failed} failed",
        pages.len(),
        out.display()
    );
    Ok(if failed == 0 { SUCCESS } else { BAD_INPUT })
}

fn model_of(page: &Path, site: &Path, out: &Path) -> Outcome {
    let failed = |diagnostics: &[Diagnostic]| Outcome {
        kind: Kind::Failed,
        messages: crate::rendered(diagnostics),
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
            if let Err(error) = write_atomically(&target, model.to_yaml().as_bytes()) {
                let message = format!("cannot write `{}`: {error}", target.display());
                return failed(&[Diagnostic::error(message)]);
            }
            Outcome {
                kind: Kind::Written,
                messages: crate::rendered(&extraction.diagnostics),
            }
        }
        // The warnings that come along say which tables were not read, which on a page of
        // prose is what one expects.
        Err(Failure::NoCodes) => Outcome {
            kind: Kind::WithoutCodes,
            messages: String::new(),
        },
        Err(Failure::Invalid) => failed(&extraction.diagnostics),
    }
}
