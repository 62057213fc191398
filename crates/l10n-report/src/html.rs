//! One self-contained review page: the totals and the filters (by severity, category, check and
//! file, combinable, each count following the others) at the top, then per file a table of the
//! segments with findings: the English source and the translation side by side, every defect
//! marked in the translation, the segment's findings listed beside it. No network: styles and
//! script are inline. The totals are written last, when they are known, and shown first by the
//! style sheet, so the page streams. Files show as the xtask names them (relative to the folder
//! checked) and link to the path as given, at the line (`path#L12`, as code hosts number lines).
//!
//! Everything that comes from a page (paths, ids, sides, messages) is escaped: a page is
//! hostile input.

use std::collections::HashMap;
use std::fmt::Write;
use std::ops::Range;

use doccodes_diagnostic::Severity;
use doccodes_l10n::{Category, Check, Located, Review};

use crate::{Totals, plural};

const STYLE: &str = "
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1400px; padding: 1em 2em; color: #1b1b1b;
       display: flex; flex-direction: column; }
h1 { order: -2; } header { order: -1; }
[hidden] { display: none !important; }
h1 { font-size: 1.5em; margin: 0.2em 0; }
h2 { font-size: 1.1em; margin: 1.6em 0 0.4em; }
h2 a { font-family: ui-monospace, monospace; }
h2 button.only { font-size: 0.75em; margin-left: 0.6em; }
section.file { content-visibility: auto; contain-intrinsic-size: auto 30em; }
#filters fieldset { border: none; display: flex; flex-wrap: wrap; align-items: center; gap: 0.4em; margin: 0.3em 0; padding: 0; }
#filters legend { float: left; width: 5.5em; font-weight: 600; padding: 0; }
#filters label { border: 1px solid #ccc; border-radius: 1em; padding: 0.1em 0.7em; cursor: pointer; user-select: none; }
#filters label:has(input:not(:checked)) { color: #888; border-style: dashed; }
#filters input[type=checkbox] { margin: 0 0.35em 0 0; }
#filters input[type=search] { font: inherit; width: 24em; }
#filters button { font-size: 0.85em; }
.count { color: #555; }
#shown { font-weight: 600; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.4em 0.5em; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #f5f5f5; position: sticky; top: 0; }
col.where { width: 8em; } col.findings { width: 30%; }
td.where { font-size: 0.9em; }
td.where a, .at { font-family: ui-monospace, monospace; }
td.source, td.target { font-family: ui-monospace, monospace; font-size: 0.92em; white-space: pre-wrap; }
td.findings ul { list-style: none; margin: 0; padding: 0; }
td.findings li + li { border-top: 1px dashed #ddd; margin-top: 0.35em; padding-top: 0.35em; }
mark { background: #ffd24d; border-radius: 2px; padding: 0 1px; }
mark.off { background: none; outline: 1px dotted #bbb; }
.at { color: #555; font-size: 0.85em; margin-right: 0.3em; }
.severity { font-size: 0.8em; font-weight: 600; text-transform: uppercase; }
.error .severity { color: #b00020; } .warning .severity { color: #9a6700; } .info .severity { color: #0550ae; }
.category, .check { font-size: 0.8em; background: #eef; border-radius: 0.6em; padding: 0 0.5em; margin-left: 0.4em; }
.check { background: #f1f1f1; font-family: ui-monospace, monospace; }
.suggestion code { background: #e6ffec; padding: 0 0.2em; }
.note { color: #555; }
";

/// The filters. One pass over the findings decides which show (toggling `hidden` only where it
/// changes), then their segments, marks and files follow; each box's count is what shows with
/// that box checked and the other filters as they are. No handler per finding: the form and
/// the page each have one. The filters live in the address (`#hide=link,markup` for
/// categories, `hide-severity=`, `hide-check=`, `file=`), so a reviewer can share a view.
const SCRIPT: &str = r#"
(() => {
const facets = [['severity', 'hide-severity'], ['category', 'hide'], ['check', 'hide-check']].map(([name, key]) => {
  const boxes = [...document.querySelectorAll('#filters input[name="' + name + '"]')];
  return {
    key, boxes,
    index: new Map(boxes.map((box, i) => [box.value, i])),
    counts: boxes.map(box => box.parentElement.querySelector('.count')),
  };
});
const form = document.getElementById('filters');
const fileBox = document.getElementById('file');
const shown = document.getElementById('shown');
const plural = (n, word) => n + ' ' + (n === 1 ? word : word + 's');
const files = [], groups = [], findings = [], marks = [];
for (const el of document.querySelectorAll('main section.file, main tbody.segment, main li.finding, main mark[data-m]')) {
  if (el.tagName === 'SECTION') {
    files.push({ el, label: el.dataset.file.toLowerCase(), n: el.querySelector('.n'), total: 0, visible: 0 });
  } else if (el.tagName === 'TBODY') {
    groups.push({ el, size: 0, mask: 0 });
  } else if (el.tagName === 'LI') {
    const group = groups[groups.length - 1];
    files[files.length - 1].total++;
    findings.push({
      el, hidden: false, file: files.length - 1, group,
      bit: 1 << Math.min(group.size++, 31),
      values: [el.dataset.severity, el.dataset.category, el.dataset.check].map((v, i) => facets[i].index.get(v) ?? -1),
    });
  } else {
    marks.push({ el, group: groups[groups.length - 1], mask: Number(el.dataset.m) });
  }
}
function apply() {
  const on = facets.map(f => f.boxes.map(box => box.checked));
  const narrowed = on.some(values => values.includes(false));
  const text = fileBox.value.trim().toLowerCase();
  const fileOk = files.map(f => f.label.includes(text));
  const counts = facets.map(f => f.boxes.map(() => 0));
  for (const f of files) f.visible = 0;
  for (const g of groups) g.mask = 0;
  let visible = 0;
  for (const x of findings) {
    let misses = fileOk[x.file] ? 0 : 1, missed = -1;
    for (let i = 0; i < 3; i++) {
      if (x.values[i] >= 0 && !on[i][x.values[i]]) { misses++; missed = i; }
    }
    if (misses === 0) {
      visible++;
      files[x.file].visible++;
      x.group.mask |= x.bit;
      for (let i = 0; i < 3; i++) if (x.values[i] >= 0) counts[i][x.values[i]]++;
    } else if (misses === 1 && missed >= 0) {
      counts[missed][x.values[missed]]++;
    }
    if (x.hidden !== (misses > 0)) { x.hidden = misses > 0; x.el.hidden = x.hidden; }
  }
  for (const g of groups) if (g.el.hidden !== (g.mask === 0)) g.el.hidden = g.mask === 0;
  for (const m of marks) m.el.classList.toggle('off', (m.mask & m.group.mask) === 0);
  let filesShown = 0;
  for (const [i, f] of files.entries()) {
    const hide = !fileOk[i] || (f.visible === 0 && (f.total > 0 || narrowed));
    if (f.el.hidden !== hide) f.el.hidden = hide;
    if (!hide) filesShown++;
    if (f.n) {
      const n = (f.visible === f.total ? '' : f.visible + ' of ') + plural(f.total, 'finding');
      if (f.n.textContent !== n) f.n.textContent = n;
    }
  }
  facets.forEach((f, i) => f.counts.forEach((el, j) => {
    if (el.textContent !== String(counts[i][j])) el.textContent = counts[i][j];
  }));
  shown.textContent = visible + ' of ' + plural(findings.length, 'finding') + ' shown'
    + (files.length > 1 ? ', in ' + filesShown + ' of ' + plural(files.length, 'file') : '');
}
function read() {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const f of facets) {
    const hide = new Set((params.get(f.key) || '').split(','));
    for (const box of f.boxes) box.checked = !hide.has(box.value);
  }
  fileBox.value = params.get('file') || '';
}
function update() {
  apply();
  const parts = facets.map(f => [f.key, f.boxes.filter(box => !box.checked).map(box => box.value)])
    .filter(([, off]) => off.length)
    .map(([key, off]) => key + '=' + off.map(encodeURIComponent).join(','));
  if (fileBox.value.trim()) parts.push('file=' + encodeURIComponent(fileBox.value.trim()));
  try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search); } catch (e) {}
}
let timer;
form.addEventListener('change', update);
form.addEventListener('input', event => {
  if (event.target === fileBox) { clearTimeout(timer); timer = setTimeout(update, 200); }
});
form.addEventListener('submit', event => event.preventDefault());
form.addEventListener('click', event => {
  const button = event.target.closest('button[data-set]');
  if (!button) return;
  for (const box of button.parentElement.querySelectorAll('input[type=checkbox]')) box.checked = button.dataset.set === 'all';
  update();
});
document.querySelector('main').addEventListener('click', event => {
  const button = event.target.closest('button.only');
  if (!button) return;
  fileBox.value = button.closest('section').dataset.file;
  update();
  fileBox.scrollIntoView({ block: 'nearest' });
});
window.addEventListener('hashchange', () => { read(); apply(); });
read();
apply();
})();
"#;

/// The page's head; the body's sections follow, and the totals come last (shown first).
pub(crate) fn start() -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Translation review</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Translation review</h1>\n<main>\n"
    )
}

/// One file's section, the file shown as `shown`: its segments with findings, each with both
/// sides, its defects marked and its findings listed.
pub(crate) fn page(review: &Review<'_>, shown: &str) -> String {
    let mut out = String::new();
    let label = crate::markup_text(shown);
    let href = crate::markup_text(&href(&review.path));
    let title = if shown == review.path {
        String::new()
    } else {
        format!(" title=\"{}\"", crate::markup_text(&review.path))
    };
    if review.is_untranslated_page() {
        let _ = writeln!(
            out,
            "<section class=\"file\" data-file=\"{label}\">\n<p class=\"note\"><a href=\"{href}\"{title}>\
             <code>{label}</code></a>: no bilingual segments, nothing to check.</p>\n</section>"
        );
        return out;
    }
    let locale = review
        .locale
        .as_ref()
        .map(|l| format!(" ({})", crate::markup_text(&l.tag)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<section class=\"file\" data-file=\"{label}\">\n<h2><a href=\"{href}\"{title}>{label}</a>{locale}: \
         <span class=\"n\">{}</span> in {}",
        count(review.findings.len(), "finding"),
        count(review.segments, "segment"),
    );
    if review.findings.is_empty() {
        out.push_str("</h2>\n");
    } else {
        out.push_str(
            " <button type=\"button\" class=\"only\" title=\"show only this file\">only this file</button></h2>\n\
             <table>\n<colgroup><col class=\"where\"><col><col><col class=\"findings\"></colgroup>\n\
             <thead><tr><th>where</th><th>English source</th><th>translation</th><th>findings</th></tr></thead>\n",
        );
        for findings in groups(&review.findings) {
            group(&mut out, &href, &findings);
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
    out
}

/// The totals and the filters, placed first on screen by the style sheet; `base` is the folder
/// the paths are relative to.
pub(crate) fn finish(totals: &Totals, base: Option<&str>) -> String {
    let mut out = String::from("</main>\n<header>\n");
    let _ = writeln!(
        out,
        "<p id=\"summary\">{}, {}, {}</p>",
        count(totals.files, "file"),
        count(totals.segments, "segment"),
        count(totals.findings, "finding"),
    );
    if totals.known > 0 {
        let _ = writeln!(
            out,
            "<p id=\"known\">{} known from the baseline, not shown.</p>",
            count(totals.known, "finding")
        );
    }
    if totals.unreadable > 0 {
        let _ = writeln!(
            out,
            "<p id=\"unreadable\">{} could not be read: the run's messages say which.</p>",
            count(totals.unreadable, "path")
        );
    }
    if let Some(base) = base {
        let _ = writeln!(
            out,
            "<p id=\"base\">Pages under <code>{}</code> are shown relative to it.</p>",
            crate::markup_text(base)
        );
    }
    out.push_str("<form id=\"filters\">\n");
    let severities = [Severity::Error, Severity::Warning, Severity::Info].map(|s| {
        (
            s.label(),
            totals.by_severity.get(&s).copied().unwrap_or(0),
            "",
        )
    });
    let categories = Category::ALL.map(|c| {
        let count = totals.by_category.get(&c).copied().unwrap_or(0);
        (c.name(), count, "")
    });
    let checks: Vec<(&str, usize, &str)> = Check::ALL
        .iter()
        .map(|c| {
            let count = totals.by_check.get(c).copied().unwrap_or(0);
            (c.id(), count, c.description())
        })
        .collect();
    facet(&mut out, "severity", &severities, false);
    facet(&mut out, "category", &categories, false);
    facet(&mut out, "check", &checks, true);
    out.push_str(
        "<fieldset><legend>file</legend><input type=\"search\" id=\"file\" \
         placeholder=\"part of a path\" aria-label=\"show files whose path contains\"></fieldset>\n",
    );
    let _ = write!(
        out,
        "</form>\n<p id=\"shown\"></p>\n</header>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

/// A row of boxes, one per value found (`name`, count, description), checked; `all`/`none`
/// buttons when there are many.
fn facet(out: &mut String, name: &str, values: &[(&str, usize, &str)], buttons: bool) {
    let found: Vec<_> = values.iter().filter(|(_, count, _)| *count > 0).collect();
    if found.is_empty() {
        return;
    }
    let _ = writeln!(out, "<fieldset><legend>{name}</legend>");
    for (value, count, description) in found {
        let title = if description.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", crate::markup_text(description))
        };
        let _ = writeln!(
            out,
            "<label{title}><input type=\"checkbox\" name=\"{name}\" value=\"{value}\" checked>{value} \
             <span class=\"count\" data-{name}=\"{value}\">{count}</span></label>"
        );
    }
    if buttons {
        out.push_str(
            "<button type=\"button\" data-set=\"all\">all</button>\
             <button type=\"button\" data-set=\"none\">none</button>\n",
        );
    }
    out.push_str("</fieldset>\n");
}

/// The findings by segment, in the order of each segment's first finding; a finding on no
/// segment is a group of its own. A segment is known by where its id sits in the page, not
/// by the id, which a page can repeat (`duplicate-id`).
fn groups<'r, 't>(findings: &'r [Located<'t>]) -> Vec<Vec<&'r Located<'t>>> {
    let mut groups: Vec<Vec<&Located<'t>>> = Vec::new();
    let mut by_segment: HashMap<(usize, usize), usize> = HashMap::new();
    for finding in findings {
        let Some(id) = finding.segment else {
            groups.push(vec![finding]);
            continue;
        };
        let key = (id.as_ptr() as usize, id.len());
        match by_segment.get(&key) {
            Some(&index) => groups[index].push(finding),
            None => {
                by_segment.insert(key, groups.len());
                groups.push(vec![finding]);
            }
        }
    }
    groups
}

/// One segment's row: where, both sides once, every defect marked in the target, each
/// finding listed. With several findings, each mark names the findings it marks (`data-m`,
/// bit `i` for the `i`th, the 32nd bit for the rest), so the filters can unmark it.
fn group(out: &mut String, href: &str, findings: &[&Located<'_>]) {
    let first = findings[0];
    let several = findings.len() > 1;
    let segment = first
        .segment
        .map(|id| format!("<br><code>{}</code>", crate::markup_text(id)))
        .unwrap_or_default();
    let source = first.source.map(crate::markup_text).unwrap_or_default();
    let target = match first.target {
        Some(target) => {
            let marks: Vec<(Range<usize>, u32)> = findings
                .iter()
                .enumerate()
                .filter_map(|(index, finding)| {
                    let mark = finding.mark.clone()?;
                    let fits = mark.start <= mark.end
                        && target.is_char_boundary(mark.start)
                        && target.is_char_boundary(mark.end);
                    fits.then_some((mark, bit(index)))
                })
                .collect();
            marked(target, &marks, several)
        }
        None => format!(
            "<span class=\"note\">{}</span>",
            crate::markup_text(first.line_text)
        ),
    };
    let _ = write!(
        out,
        "<tbody class=\"segment\"><tr><td class=\"where\"><a href=\"{href}#L{line}\">line {line}</a>{segment}</td>\
         <td class=\"source\">{source}</td><td class=\"target\">{target}</td><td class=\"findings\"><ul>",
        line = first.line,
    );
    for finding in findings {
        let severity = finding.severity.label();
        let category = finding.check.category().name();
        let check = finding.check.id();
        let suggestion = finding
            .suggestion
            .as_deref()
            .map(|s| {
                format!(
                    "<div class=\"suggestion\">write <code>{}</code></div>",
                    crate::markup_text(s)
                )
            })
            .unwrap_or_default();
        let _ = write!(
            out,
            "\n<li class=\"finding {severity}\" data-severity=\"{severity}\" data-category=\"{category}\" \
             data-check=\"{check}\"><span class=\"at\">{line}:{column}</span>\
             <span class=\"severity\">{severity}</span><span class=\"category\">{category}</span>\
             <span class=\"check\">{check}</span> {message}{suggestion}</li>",
            line = finding.line,
            column = finding.column,
            message = crate::markup_text(&finding.message),
        );
    }
    out.push_str("</ul></td></tr></tbody>\n");
}

/// The `index`th finding of a segment in a mark's `data-m` (the script computes the same).
fn bit(index: usize) -> u32 {
    1 << index.min(31)
}

/// `target` escaped, each range of `marks` in a `<mark>`; where marks overlap, the text is
/// cut where any starts or ends and each piece names every finding it marks (with `masks`).
/// An empty range is an empty mark at its place.
fn marked(target: &str, marks: &[(Range<usize>, u32)], masks: bool) -> String {
    let mut out = String::with_capacity(target.len() + 32 * marks.len());
    let mut points: Vec<usize> = marks
        .iter()
        .flat_map(|(range, _)| [range.start, range.end])
        .chain([0, target.len()])
        .collect();
    points.sort_unstable();
    points.dedup();
    let mut starts: Vec<&(Range<usize>, u32)> = marks.iter().collect();
    starts.sort_by_key(|(range, _)| range.start);
    let mut ends = starts.clone();
    ends.sort_by_key(|(range, _)| range.end);
    let (mut next_start, mut next_end) = (0, 0);
    // How many marks of each bit cover the piece after the current point.
    let mut covering = [0usize; 32];
    let mut open = 0;
    let tag = |out: &mut String, mask: u32| {
        if masks {
            let _ = write!(out, "<mark data-m=\"{mask}\">");
        } else {
            out.push_str("<mark>");
        }
    };
    for (index, &point) in points.iter().enumerate() {
        let mut empty = 0;
        while let Some((range, bit)) = starts.get(next_start).filter(|m| m.0.start == point) {
            if range.is_empty() {
                empty |= bit;
            } else {
                covering[bit.trailing_zeros() as usize] += 1;
            }
            next_start += 1;
        }
        while let Some((range, bit)) = ends.get(next_end).filter(|m| m.0.end == point) {
            if !range.is_empty() {
                covering[bit.trailing_zeros() as usize] -= 1;
            }
            next_end += 1;
        }
        if empty != 0 {
            if open != 0 {
                out.push_str("</mark>");
                open = 0;
            }
            tag(&mut out, empty);
            out.push_str("</mark>");
        }
        let Some(&next) = points.get(index + 1) else {
            break;
        };
        let mask = covering
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .fold(0, |mask, (bit, _)| mask | 1 << bit);
        if mask != open {
            if open != 0 {
                out.push_str("</mark>");
            }
            if mask != 0 {
                tag(&mut out, mask);
            }
            open = mask;
        }
        out.push_str(&crate::markup_text(&target[point..next]));
    }
    if open != 0 {
        out.push_str("</mark>");
    }
    out
}

/// A path as the target of a link: characters that would end or change the address escaped,
/// and a first part that would read as a scheme (`javascript:`) kept a path by `./`.
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    let first = path.split(['/', '\\']).next().unwrap_or_default();
    // `C:` is a Windows drive, not a scheme.
    if first.contains(':') && first.len() != 2 {
        out.push_str("./");
    }
    for c in path.chars() {
        match c {
            '%' | '#' | '?' | ' ' | '"' | '<' | '>' | '\'' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c if c.is_control() => {
                let mut bytes = [0; 4];
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    let _ = write!(out, "%{byte:02X}");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// `1 finding`, `2 findings`.
fn count(n: usize, word: &str) -> String {
    format!("{n} {}", plural(word, n))
}

#[cfg(test)]
mod tests {
    use doccodes_l10n::{Config, review};

    use super::*;

    fn segment(id: &str, target: &str, source: &str) -> String {
        format!(
            "<span data-ttu-id=\"{id}\">{target}</span><span class=\"sxs-lookup\">\
             <span data-stu-id=\"{id}\">{source}</span></span>"
        )
    }

    fn page_of(segments: &[String]) -> String {
        format!(
            "---\nms.contentlocale: es-ES\n---\n\n{}\n",
            segments.join("\n\n")
        )
    }

    const RECASED: (&str, &str) = (
        "Llame a [**InitializeSecurityCoNtext**](/x/init) , luego a AcceptSecurityCoNtext .",
        "Call [**InitializeSecurityContext**](/x/init), then AcceptSecurityContext.",
    );

    #[test]
    fn a_segments_findings_share_one_row_with_every_defect_marked() {
        let text = page_of(&[
            segment("a-1", RECASED.0, RECASED.1),
            segment("a-2", "SEC \\_ E \\_ OK", "SEC\\_E\\_OK"),
        ]);
        let review = review("x.md", &text, None, &Config::default());
        assert_eq!(review.findings.len(), 5, "{:#?}", review.findings);
        let html = page(&review, "x.md");
        assert_eq!(html.matches("<tbody class=\"segment\">").count(), 2);
        assert_eq!(html.matches("<li class=\"finding ").count(), 5);
        assert_eq!(html.matches(RECASED.1).count(), 1, "the source once");
        assert!(html.contains(
            "<td class=\"target\">Llame a [**<mark data-m=\"1\">InitializeSecurityCoNtext</mark>**](/x/init)\
             <mark data-m=\"2\"> </mark>, luego a <mark data-m=\"4\">AcceptSecurityCoNtext</mark>\
             <mark data-m=\"8\"> </mark>.</td>"
        ));
        // A segment with one finding needs no names on its mark.
        assert!(html.contains("<td class=\"target\"><mark>SEC \\_ E \\_ OK</mark></td>"));
        let first = html.find("data-check=\"identifier-case\"").unwrap();
        let second = html
            .find("data-check=\"space-before-punctuation\"")
            .unwrap();
        let other = html.find("data-check=\"identifier-spacing\"").unwrap();
        assert!(first < second && second < other, "in page order");
    }

    #[test]
    fn segments_that_share_an_id_are_rows_of_their_own() {
        let text = page_of(&[
            segment("a-1", "SEC \\_ E \\_ OK", "SEC\\_E\\_OK"),
            segment("a-1", "SEC \\_ E \\_ OK", "SEC\\_E\\_OK"),
        ]);
        let review = review("x.md", &text, None, &Config::default());
        let groups = groups(&review.findings);
        assert_eq!(groups.len(), review.findings.len() - 1, "{groups:#?}");
        assert!(groups.iter().all(|group| {
            group
                .iter()
                .all(|f| f.line == group[0].line && f.segment == group[0].segment)
        }));
        assert!(groups.iter().any(|group| group.len() == 2));
    }

    #[test]
    fn counts_say_one_finding_and_two_findings() {
        let one = page_of(&[segment("a-1", "SEC \\_ E \\_ OK", "SEC\\_E\\_OK")]);
        let review_one = review("one.md", &one, None, &Config::default());
        assert!(
            page(&review_one, "one.md")
                .contains("<span class=\"n\">1 finding</span> in 1 segment <button")
        );
        let two = page_of(&[
            segment("a-1", "SEC \\_ E \\_ OK", "SEC\\_E\\_OK"),
            segment("a-2", "SEC \\_ E \\_ OK", "SEC\\_E\\_OK"),
        ]);
        let review_two = review("two.md", &two, None, &Config::default());
        assert!(
            page(&review_two, "two.md")
                .contains("<span class=\"n\">2 findings</span> in 2 segments <button")
        );
        let clean = page_of(&[segment("a-1", "SEC\\_E\\_OK", "SEC\\_E\\_OK")]);
        let review_clean = review("clean.md", &clean, None, &Config::default());
        assert!(
            page(&review_clean, "clean.md")
                .contains("<span class=\"n\">0 findings</span> in 1 segment</h2>")
        );
        let mut totals = Totals::default();
        totals.add(&review_one);
        assert!(
            finish(&totals, None).contains("<p id=\"summary\">1 file, 1 segment, 1 finding</p>")
        );
        totals.add(&review_two);
        assert!(
            finish(&totals, None).contains("<p id=\"summary\">2 files, 3 segments, 3 findings</p>")
        );
        // The script says it the same way.
        assert!(SCRIPT.contains("(n === 1 ? word : word + 's')"));
    }

    #[test]
    fn files_show_as_given_to_render_and_link_to_their_path() {
        let text = page_of(&[segment("a-1", "SEC \\_ E \\_ OK", "SEC\\_E\\_OK")]);
        let review = review(
            "/sites/es-es/desktop-src/AD/x.md",
            &text,
            None,
            &Config::default(),
        );
        let html = page(&review, "AD/x.md");
        assert!(html.contains(
            "<section class=\"file\" data-file=\"AD/x.md\">\n<h2><a href=\"/sites/es-es/desktop-src/AD/x.md\" \
             title=\"/sites/es-es/desktop-src/AD/x.md\">AD/x.md</a> (es-ES)"
        ));
        assert!(html.contains("<a href=\"/sites/es-es/desktop-src/AD/x.md#L5\">line 5</a>"));
        // Shown as given: no title repeating it.
        let given = page(&review, &review.path);
        assert!(given.contains(
            "<h2><a href=\"/sites/es-es/desktop-src/AD/x.md\">/sites/es-es/desktop-src/AD/x.md</a>"
        ));
        let english = doccodes_l10n::review(
            "/sites/es-es/desktop-src/AD/en.md",
            "# Title\n",
            None,
            &Config::default(),
        );
        assert!(page(&english, "AD/en.md").contains(
            "<section class=\"file\" data-file=\"AD/en.md\">\n<p class=\"note\">\
             <a href=\"/sites/es-es/desktop-src/AD/en.md\" title=\"/sites/es-es/desktop-src/AD/en.md\">\
             <code>AD/en.md</code></a>: no bilingual segments"
        ));
        let mut totals = Totals::default();
        totals.add(&review);
        assert!(finish(&totals, Some("/sites/es-es/desktop-src")).contains(
            "<p id=\"base\">Pages under <code>/sites/es-es/desktop-src</code> are shown relative to it.</p>"
        ));
        assert!(!finish(&totals, None).contains("id=\"base\""));
    }

    #[test]
    fn everything_from_the_page_is_escaped() {
        let text = page_of(&[segment(
            "a-1",
            "<script>alert(\"x\")</script> SEC \\_ E \\_ OK & <b>",
            "SEC\\_E\\_OK & <b>",
        )]);
        let path = "x<script>\"&.md";
        let review = review(path, &text, None, &Config::default());
        assert!(!review.findings.is_empty());
        let html = page(&review, "<script>\"'.md");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains(
            "<td class=\"target\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; \
             <mark>SEC \\_ E \\_ OK</mark> &amp; &lt;b&gt;</td>"
        ));
        assert!(html.contains("data-file=\"&lt;script&gt;&quot;'.md\""));
        assert!(html.contains("href=\"x%3Cscript%3E%22&amp;.md#L5\""));
        let mut totals = Totals::default();
        totals.add(&review);
        let end = finish(&totals, Some("</code><script>"));
        assert!(end.contains("<code>&lt;/code&gt;&lt;script&gt;</code>"));
        assert_eq!(end.matches("<script").count(), 1, "ours alone");
    }

    #[test]
    fn links_stay_paths() {
        assert_eq!(href("AD/x.md"), "AD/x.md");
        assert_eq!(href("/sites/a b/x#1?.md"), "/sites/a%20b/x%231%3F.md");
        assert_eq!(
            href("javascript:alert(1)//.md"),
            "./javascript:alert(1)//.md"
        );
        assert_eq!(href("C:\\sites\\x.md"), "C:\\sites\\x.md");
        assert_eq!(href("100%.md\n"), "100%25.md%0A");
    }

    #[test]
    fn overlapping_marks_are_cut_where_any_starts_or_ends() {
        let marks = [(1..4, 1), (2..5, 2), (3..3, 4)];
        assert_eq!(
            marked("abcdef", &marks, true),
            "a<mark data-m=\"1\">b</mark><mark data-m=\"3\">c</mark><mark data-m=\"4\"></mark>\
             <mark data-m=\"3\">d</mark><mark data-m=\"2\">e</mark>f"
        );
        assert_eq!(
            marked("a<c>", &[(1..4, 1), (0..0, 2)], false),
            "<mark></mark>a<mark>&lt;c&gt;</mark>"
        );
        assert_eq!(marked("", &[], false), "");
        assert_eq!(marked("a&b", &[], true), "a&amp;b");
        // Beyond 31 findings, the rest share the last bit.
        assert_eq!(bit(0), 1);
        assert_eq!(bit(30), 1 << 30);
        assert_eq!(bit(31), bit(40));
        let many: Vec<(Range<usize>, u32)> = (0..40).map(|i| (i..i + 1, bit(i))).collect();
        let text = "x".repeat(40);
        let html = marked(&text, &many, true);
        assert_eq!(
            html.matches("<mark").count(),
            32,
            "the last nine share a mark"
        );
    }
}
