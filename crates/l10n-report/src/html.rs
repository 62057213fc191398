//! One self-contained review page: counts per category (each a filter) at the top, then per
//! file a table of findings with the English source and the translation side by side, the
//! defect marked in the translation. No network: styles and script are inline. The counts are
//! written last, when they are known, and shown first by the style sheet, so the page streams.
//! Each finding links to its file and line (`path#L12`, as code hosts number lines).

use std::fmt::Write;

use doccodes_l10n::{Category, Located, Review};

use crate::Totals;

const STYLE: &str = "
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1400px; padding: 1em 2em; color: #1b1b1b;
       display: flex; flex-direction: column; }
h1 { order: -2; } header { order: -1; }
h1 { font-size: 1.5em; margin: 0.2em 0; }
h2 { font-size: 1.1em; margin: 1.6em 0 0.4em; font-family: ui-monospace, monospace; }
nav { display: flex; flex-wrap: wrap; gap: 0.5em; margin: 0.8em 0; }
nav label { border: 1px solid #ccc; border-radius: 1em; padding: 0.15em 0.8em; cursor: pointer; user-select: none; }
nav input { margin-right: 0.4em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.4em 0.5em; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #f5f5f5; position: sticky; top: 0; }
col.where { width: 11em; } col.finding { width: 26%; }
td.where a { font-family: ui-monospace, monospace; font-size: 0.9em; }
td.source, td.target { font-family: ui-monospace, monospace; font-size: 0.92em; white-space: pre-wrap; }
mark { background: #ffd24d; border-radius: 2px; padding: 0 1px; }
.severity { font-size: 0.8em; font-weight: 600; text-transform: uppercase; }
.error .severity { color: #b00020; } .warning .severity { color: #9a6700; } .info .severity { color: #0550ae; }
.category { font-size: 0.8em; background: #eef; border-radius: 0.6em; padding: 0 0.5em; margin-left: 0.4em; }
.suggestion code { background: #e6ffec; padding: 0 0.2em; }
.note { color: #555; }
";

/// The filters: a category's box shows or hides its rows, and `#hide=link,markup` in the
/// address starts with those hidden, so a reviewer can share a view.
const SCRIPT: &str = "
const rows = document.querySelectorAll('tr.finding');
const shown = document.getElementById('shown');
function update() {
  let visible = 0;
  for (const row of rows) { if (!row.hidden) visible++; }
  shown.textContent = visible + ' of ' + rows.length + ' findings shown';
}
for (const box of document.querySelectorAll('nav input')) {
  box.addEventListener('change', () => {
    for (const row of document.querySelectorAll('tr.finding[data-category=\"' + box.dataset.category + '\"]')) {
      row.hidden = !box.checked;
    }
    update();
  });
}
const hide = new URLSearchParams(location.hash.slice(1)).get('hide');
for (const name of hide ? hide.split(',') : []) {
  const box = document.querySelector('nav input[data-category=\"' + name + '\"]');
  if (box) { box.checked = false; box.dispatchEvent(new Event('change')); }
}
update();
";

/// The page's head; the body's sections follow, and the counts come last (shown first).
pub(crate) fn start() -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Translation review</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Translation review</h1>\n<main>\n"
    )
}

/// One file's section: its findings with both sides, the defect marked.
pub(crate) fn page(review: &Review<'_>) -> String {
    let mut out = String::new();
    if review.is_untranslated_page() {
        let _ = writeln!(
            out,
            "<p class=\"note\"><code>{}</code>: no bilingual segments, nothing to check.</p>",
            escape(&review.path)
        );
        return out;
    }
    let locale = review
        .locale
        .as_ref()
        .map(|l| format!(" ({})", escape(&l.tag)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<section class=\"file\">\n<h2>{}{locale}: {} findings in {} segments</h2>",
        escape(&review.path),
        review.findings.len(),
        review.segments
    );
    if !review.findings.is_empty() {
        out.push_str(
            "<table>\n<colgroup><col class=\"where\"><col><col><col class=\"finding\"></colgroup>\n\
             <thead><tr><th>where</th><th>English source</th><th>translation</th><th>finding</th></tr></thead>\n<tbody>\n",
        );
        for finding in &review.findings {
            row(&mut out, review, finding);
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
    out
}

/// The totals and the filter per category, placed first on screen by the style sheet.
pub(crate) fn finish(totals: &Totals) -> String {
    let mut out = String::from("</main>\n<header>\n");
    let _ = writeln!(
        out,
        "<p id=\"summary\">{} {}, {} segments, {} findings</p>\n<nav>",
        totals.files,
        if totals.files == 1 { "file" } else { "files" },
        totals.segments,
        totals.findings
    );
    for category in Category::ALL {
        let count = totals.by_category.get(&category).copied().unwrap_or(0);
        if count > 0 {
            let name = category.name();
            let _ = writeln!(
                out,
                "<label><input type=\"checkbox\" checked data-category=\"{name}\">{name} \
                 <span class=\"count\" data-category=\"{name}\">{count}</span></label>"
            );
        }
    }
    let _ = write!(
        out,
        "</nav>\n<p id=\"shown\"></p>\n</header>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

fn row(out: &mut String, review: &Review<'_>, finding: &Located<'_>) {
    let severity = finding.severity.label();
    let category = finding.check.category().name();
    let path = escape(&review.path);
    let segment = finding
        .segment
        .map(|id| format!("<br><code>{}</code>", escape(id)))
        .unwrap_or_default();
    let source = finding.source.map(escape).unwrap_or_default();
    let target = match (&finding.target, &finding.mark) {
        (Some(target), Some(mark))
            if target.is_char_boundary(mark.start) && target.is_char_boundary(mark.end) =>
        {
            format!(
                "{}<mark>{}</mark>{}",
                escape(&target[..mark.start]),
                escape(&target[mark.clone()]),
                escape(&target[mark.end..])
            )
        }
        (Some(target), _) => escape(target),
        (None, _) => format!("<span class=\"note\">{}</span>", escape(finding.line_text)),
    };
    let suggestion = finding
        .suggestion
        .as_deref()
        .map(|s| {
            format!(
                "<div class=\"suggestion\">write <code>{}</code></div>",
                escape(s)
            )
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<tr class=\"finding {severity}\" data-category=\"{category}\" data-check=\"{check}\">\
         <td class=\"where\"><a href=\"{path}#L{line}\">{path}:{line}:{column}</a>{segment}</td>\
         <td class=\"source\">{source}</td><td class=\"target\">{target}</td>\
         <td><span class=\"severity\">{severity}</span><span class=\"category\">{category}</span> \
         {message}{suggestion}</td></tr>",
        check = finding.check.id(),
        line = finding.line,
        column = finding.column,
        message = escape(&finding.message),
    );
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
