//! A page's bilingual segments for CAT tools, and back: [`export`] writes them as XLIFF 2.0 or
//! PO (the segment id as the unit id or `msgctxt`, each finding as a note), [`import`] reads the
//! targets a translator corrected, and [`apply`] writes them into the page, changing only the
//! text of those spans.

use std::collections::BTreeMap;
use std::fmt::Write;

use doccodes_diagnostic::Diagnostic;
use doccodes_l10n::Review;
use doccodes_page::Page;
use quick_xml::Reader;
use quick_xml::events::Event;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xliff,
    Po,
}

impl Format {
    /// The format a file name says: `.po`, or `.xlf` / `.xliff`.
    pub fn of_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".po") {
            Some(Format::Po)
        } else if lower.ends_with(".xlf") || lower.ends_with(".xliff") {
            Some(Format::Xliff)
        } else {
            None
        }
    }
}

/// The segments of the page at `path` in `format`, each with the findings of `review` on it.
pub fn export(format: Format, path: &str, page: &Page<'_>, review: &Review<'_>) -> String {
    let locale = review
        .locale
        .as_ref()
        .map_or("und", |locale| locale.tag.as_str());
    let mut notes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for finding in &review.findings {
        if let Some(id) = finding.segment {
            notes.entry(id).or_default().push(format!(
                "{} {}: {}",
                finding.check.category().name(),
                finding.check.id(),
                finding.message
            ));
        }
    }
    let mut out = String::with_capacity(page.text.len());
    match format {
        Format::Po => {
            let _ = write!(
                out,
                "# {path}: its segments, exported by `cargo xtask export`\n\
                 msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\
                 \"Content-Transfer-Encoding: 8bit\\n\"\n\"Language: {}\\n\"\n\n",
                locale.replace('-', "_")
            );
            for segment in &page.segments {
                for note in notes.get(segment.id).into_iter().flatten() {
                    let _ = writeln!(out, "#. {}", note.replace('\n', " "));
                }
                let (line, _) = page.line_column(segment.target_offset);
                let _ = writeln!(out, "#: {path}:{line}");
                let _ = writeln!(out, "msgctxt {}", po_string(segment.id));
                let _ = writeln!(out, "msgid {}", po_string(segment.source));
                let _ = writeln!(out, "msgstr {}\n", po_string(segment.target));
            }
        }
        Format::Xliff => {
            let _ = write!(
                out,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                 <xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" \
                 srcLang=\"en-US\" trgLang=\"{}\">\n <file id=\"f1\" original=\"{}\">\n",
                xml(locale),
                xml(path)
            );
            for segment in &page.segments {
                let _ = writeln!(out, "  <unit id=\"{}\">", xml(segment.id));
                if let Some(notes) = notes.get(segment.id) {
                    out.push_str("   <notes>\n");
                    for note in notes {
                        let _ = writeln!(out, "    <note>{}</note>", xml(note));
                    }
                    out.push_str("   </notes>\n");
                }
                let _ = writeln!(
                    out,
                    "   <segment>\n    <source xml:space=\"preserve\">{}</source>\n    \
                     <target xml:space=\"preserve\">{}</target>\n   </segment>\n  </unit>",
                    xml(segment.source),
                    xml(segment.target)
                );
            }
            out.push_str(" </file>\n</xliff>\n");
        }
    }
    out
}

/// The targets a CAT tool file gives, by segment id. Errors name the file and line.
pub fn import(
    format: Format,
    path: &str,
    text: &str,
) -> Result<BTreeMap<String, String>, Diagnostic> {
    match format {
        Format::Po => import_po(path, text),
        Format::Xliff => import_xliff(path, text),
    }
}

/// `page` with each segment's target replaced by `targets[id]` where it differs; every other
/// byte as it was. Returns the new text and the ids changed; an id the page lacks is an error.
pub fn apply(
    page: &Page<'_>,
    targets: &BTreeMap<String, String>,
) -> Result<(String, Vec<String>), Diagnostic> {
    let known: std::collections::HashSet<&str> = page.segments.iter().map(|s| s.id).collect();
    if let Some(unknown) = targets.keys().find(|id| !known.contains(id.as_str())) {
        return Err(Diagnostic::error(format!(
            "segment `{unknown}` is not on the page: the file is for another page or version"
        )));
    }
    let mut out = String::with_capacity(page.text.len());
    let mut changed = Vec::new();
    let mut at = 0;
    for segment in &page.segments {
        let Some(target) = targets.get(segment.id) else {
            continue;
        };
        if target == segment.target {
            continue;
        }
        let start = segment.target_offset;
        out.push_str(&page.text[at..start]);
        out.push_str(target);
        at = start + segment.target.len();
        changed.push(segment.id.to_owned());
    }
    out.push_str(&page.text[at..]);
    Ok((out, changed))
}

fn po_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads PO entries: `msgctxt` (the segment id) and `msgstr`, strings possibly continued on
/// following lines.
fn import_po(path: &str, text: &str) -> Result<BTreeMap<String, String>, Diagnostic> {
    let mut targets = BTreeMap::new();
    let mut context: Option<String> = None;
    let mut field: Option<(&str, String)> = None;
    let mut finish = |field: &mut Option<(&str, String)>, context: &mut Option<String>| {
        if let Some((key, value)) = field.take() {
            match key {
                "msgctxt" => *context = Some(value),
                "msgstr" => {
                    if let Some(id) = context.take() {
                        targets.insert(id, value);
                    }
                }
                _ => {}
            }
        }
    };
    for (number, line) in text.lines().enumerate() {
        let error = |message: &str| {
            Diagnostic::error(format!("{path}:{}: {message}: `{line}`", number + 1))
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('"') {
            let Some((_, value)) = &mut field else {
                return Err(error("a string continues no field"));
            };
            value.push_str(&po_unescape(line).ok_or_else(|| error("not a PO string"))?);
            continue;
        }
        finish(&mut field, &mut context);
        let (key, rest) = line
            .split_once(' ')
            .ok_or_else(|| error("expected `key \"string\"`"))?;
        let key = match key {
            "msgctxt" => "msgctxt",
            "msgid" => "msgid",
            "msgstr" => "msgstr",
            _ => return Err(error("unknown keyword")),
        };
        field = Some((
            key,
            po_unescape(rest).ok_or_else(|| error("not a PO string"))?,
        ));
    }
    finish(&mut field, &mut context);
    Ok(targets)
}

fn po_unescape(quoted: &str) -> Option<String> {
    let inner = quoted.trim().strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            other => other,
        });
    }
    Some(out)
}

fn xml(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

/// Reads the `<target>` text of each `<unit id>`, as any XLIFF 2.0 writer lays it out.
fn import_xliff(path: &str, text: &str) -> Result<BTreeMap<String, String>, Diagnostic> {
    let mut reader = Reader::from_str(text);
    let mut targets = BTreeMap::new();
    let mut unit: Option<String> = None;
    let mut target: Option<String> = None;
    loop {
        let position = reader.buffer_position();
        let error = |message: String| {
            let line = text[..(position as usize).min(text.len())]
                .matches('\n')
                .count()
                + 1;
            Diagnostic::error(format!("{path}:{line}: {message}"))
        };
        match reader.read_event() {
            Ok(Event::Start(tag)) => match tag.local_name().as_ref() {
                b"unit" => {
                    let id = tag
                        .attributes()
                        .flatten()
                        .find(|attribute| attribute.key.local_name().as_ref() == b"id")
                        .and_then(|attribute| attribute.unescape_value().ok())
                        .ok_or_else(|| error("a <unit> without an id".into()))?;
                    unit = Some(id.into_owned());
                }
                b"target" => target = Some(String::new()),
                _ => {}
            },
            Ok(Event::Empty(tag)) if tag.local_name().as_ref() == b"target" => {
                if let Some(id) = &unit {
                    targets.insert(id.clone(), String::new());
                }
            }
            Ok(Event::Text(content)) => {
                if let Some(target) = &mut target {
                    let text = content
                        .decode()
                        .map_err(|e| error(format!("not text: {e}")))?;
                    target.push_str(
                        &quick_xml::escape::unescape(&text)
                            .map_err(|e| error(format!("bad entity: {e}")))?,
                    );
                }
            }
            Ok(Event::CData(content)) => {
                if let Some(target) = &mut target {
                    target.push_str(&String::from_utf8_lossy(&content));
                }
            }
            Ok(Event::GeneralRef(reference)) => {
                if let Some(target) = &mut target {
                    let entity = format!("&{};", String::from_utf8_lossy(&reference));
                    let resolved = quick_xml::escape::unescape(&entity)
                        .map_err(|e| error(format!("bad entity: {e}")))?;
                    target.push_str(&resolved);
                }
            }
            Ok(Event::End(tag)) => match tag.local_name().as_ref() {
                b"target" => {
                    if let (Some(id), Some(text)) = (&unit, target.take()) {
                        targets.insert(id.clone(), text);
                    }
                }
                b"unit" => unit = None,
                _ => {}
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(error(format!("not XML: {e}"))),
        }
    }
    Ok(targets)
}
