//! XLIFF 2.0 core: written with the page's inline Markdown as codes, read back with the codes
//! restored from each unit's `originalData`.

use std::fmt::Write;

use doccodes_diagnostic::{LineIndex, Location};
use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use crate::import::ImportError;
use crate::markup::{self, Node, PcKind, PhKind};
use crate::{Entry, Exchanged, Header, Outgoing, Status};

const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

pub(crate) fn write(header: &Header<'_>, segments: &[Outgoing<'_>]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <xliff xmlns=\"{NAMESPACE}\" version=\"2.0\" srcLang=\"en-US\" trgLang=\"{}\">\n \
         <file id=\"f1\" original=\"{}\">\n",
        attribute(header.locale),
        attribute(&header.path)
    );
    if let Some(title) = &header.title {
        let _ = writeln!(
            out,
            "  <notes>\n   <note category=\"title\">{}</note>\n  </notes>",
            text(title)
        );
    }
    for segment in segments {
        unit(&mut out, segment);
    }
    out.push_str(" </file>\n</xliff>\n");
    out
}

fn unit(out: &mut String, segment: &Outgoing<'_>) {
    let mut codes = Codes::default();
    let source = codes.write_side(
        segment.source,
        &markup::read(segment.source, &segment.identifiers),
        true,
    );
    let target = codes.write_side(
        segment.target,
        &markup::read(segment.target, &segment.identifiers),
        false,
    );
    let _ = writeln!(out, "  <unit id=\"{}\">", attribute(segment.id));
    if !segment.notes.is_empty() {
        out.push_str("   <notes>\n");
        for note in &segment.notes {
            let _ = writeln!(out, "    <note>{}</note>", text(note));
        }
        out.push_str("   </notes>\n");
    }
    if !codes.data.is_empty() {
        out.push_str("   <originalData>\n");
        for (index, data) in codes.data.iter().enumerate() {
            let _ = writeln!(
                out,
                "    <data id=\"d{}\">{}</data>",
                index + 1,
                content(data)
            );
        }
        out.push_str("   </originalData>\n");
    }
    let _ = writeln!(
        out,
        "   <segment state=\"{}\">\n    <source xml:space=\"preserve\">{source}</source>\n    \
         <target xml:space=\"preserve\">{target}</target>\n   </segment>\n  </unit>",
        segment.state.name()
    );
}

/// A unit's inline codes: their original data, each text once, and their ids, a target's
/// code taking the id of the source's code with the same data (XLIFF pairs them by id).
#[derive(Default)]
struct Codes {
    data: Vec<String>,
    /// The source's codes: their data and id, and whether the target has used the id.
    source: Vec<(String, String, bool)>,
    next_code: usize,
    next_mark: usize,
}

impl Codes {
    fn data_ref(&mut self, data: &str) -> String {
        let index = match self.data.iter().position(|known| known == data) {
            Some(index) => index,
            None => {
                self.data.push(data.to_owned());
                self.data.len() - 1
            }
        };
        format!("d{}", index + 1)
    }

    fn code_id(&mut self, key: String, in_source: bool) -> String {
        if !in_source
            && let Some((_, id, used)) = self
                .source
                .iter_mut()
                .find(|(known, _, used)| *known == key && !used)
        {
            *used = true;
            return id.clone();
        }
        self.next_code += 1;
        let id = format!("c{}", self.next_code);
        if in_source {
            self.source.push((key, id.clone(), false));
        }
        id
    }

    fn write_side(&mut self, raw: &str, nodes: &[Node], in_source: bool) -> String {
        let mut out = String::new();
        self.write_nodes(&mut out, raw, nodes, in_source);
        out
    }

    fn write_nodes(&mut self, out: &mut String, raw: &str, nodes: &[Node], in_source: bool) {
        for node in nodes {
            match node {
                Node::Text(range) => out.push_str(&content(&raw[range.clone()])),
                Node::Ph { raw: range, kind } => {
                    let original = &raw[range.clone()];
                    let id = self.code_id(original.to_owned(), in_source);
                    let data = self.data_ref(original);
                    let (kind, equiv) = match kind {
                        PhKind::Escape => ("other", Some(&original[1..])),
                        PhKind::Entity => ("other", None),
                        PhKind::Html => ("fmt", None),
                        PhKind::Autolink => ("link", Some(&original[1..original.len() - 1])),
                    };
                    let _ = write!(
                        out,
                        "<ph id=\"{id}\" dataRef=\"{data}\" type=\"{kind}\" disp=\"{}\"",
                        attribute(original)
                    );
                    if let Some(equiv) = equiv {
                        let _ = write!(out, " equiv=\"{}\"", attribute(equiv));
                    }
                    out.push_str("/>");
                }
                Node::Pc {
                    open,
                    close,
                    kind,
                    children,
                } => {
                    let (start, end) = (&raw[open.clone()], &raw[close.clone()]);
                    let id = self.code_id(format!("{start}\u{0}{end}"), in_source);
                    let (data_start, data_end) = (self.data_ref(start), self.data_ref(end));
                    let kind = match kind {
                        PcKind::Emphasis | PcKind::Code => "fmt",
                        PcKind::Link => "link",
                        PcKind::Image => "image",
                    };
                    let _ = write!(
                        out,
                        "<pc id=\"{id}\" dataRefStart=\"{data_start}\" dataRefEnd=\"{data_end}\" \
                         type=\"{kind}\" dispStart=\"{}\" dispEnd=\"{}\">",
                        attribute(start),
                        attribute(end)
                    );
                    self.write_nodes(out, raw, children, in_source);
                    out.push_str("</pc>");
                }
                Node::Keep(children) => {
                    self.next_mark += 1;
                    let _ = write!(out, "<mrk id=\"m{}\" translate=\"no\">", self.next_mark);
                    self.write_nodes(out, raw, children, in_source);
                    out.push_str("</mrk>");
                }
            }
        }
    }
}

/// Whether XML 1.0 can carry `c` as a character (not as `<cp>`).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text content of `<source>`, `<target>` and `<data>`: escaped, a carriage return kept as a
/// reference (a parser would read a raw one as a line feed), what XML cannot carry as `<cp>`.
fn content(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            c => {
                let _ = write!(out, "<cp hex=\"{:04X}\"/>", u32::from(c));
            }
        }
    }
    out
}

/// Text where `<cp>` may not stand (notes): what XML cannot carry becomes U+FFFD.
fn text(value: &str) -> String {
    content(&value.replace(|c| !xml_char(c), "\u{FFFD}"))
}

/// An attribute value: escaped, with whitespace kept as references (a parser turns raw tabs
/// and line breaks into spaces) and what XML cannot carry as U+FFFD.
fn attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// A `<source>` or `<target>` being read: its text with codes restored so far.
struct Side {
    target: bool,
    text: String,
    /// For each open `<pc>` or `<mrk>`, what its end restores.
    ends: Vec<Option<String>>,
    unreadable: Option<String>,
    at: usize,
}

/// One `<segment>` or `<ignorable>` of a unit.
struct Part {
    ignorable: bool,
    initial: bool,
    source: Option<Side>,
    target: Option<Side>,
}

struct Unit {
    id: String,
    at: usize,
    data: Vec<(String, String)>,
    parts: Vec<Part>,
}

/// Reads an XLIFF 2.0 document. Anything not well-formed, another version, a unit without an
/// id is an error for the whole file; an entry whose codes cannot be restored is marked
/// `unreadable` and still listed.
pub(crate) fn read(shown: &str, text: &str) -> Result<Exchanged, ImportError> {
    let index = LineIndex::new(text);
    let at = |offset: usize| index.location(shown, text, offset);
    let syntax = |offset: usize, message: String| ImportError::Syntax {
        format: crate::Format::Xliff,
        at: at(offset),
        message,
    };
    let mut reader = NsReader::from_str(text);
    let mut exchanged = Exchanged {
        pages: Vec::new(),
        entries: Vec::new(),
    };
    // Every open element, to name the one a truncated file leaves open.
    let mut open: Vec<(String, usize)> = Vec::new();
    // Depth inside an element of another namespace (an extension: skipped whole).
    let mut foreign = 0usize;
    let mut root = false;
    let mut unit: Option<Unit> = None;
    let mut data: Option<(String, String)> = None;
    let mut side: Option<Side> = None;
    loop {
        let offset = reader.buffer_position() as usize;
        let (namespace, event) = match reader.read_resolved_event() {
            Ok((namespace, event)) => (
                matches!(namespace, ResolveResult::Bound(ns) if ns.as_ref() == NAMESPACE.as_bytes()),
                event,
            ),
            Err(error) => {
                return Err(syntax(
                    reader.error_position() as usize,
                    format!("not well-formed XML: {error}"),
                ));
            }
        };
        match event {
            Event::Start(ref tag) | Event::Empty(ref tag) => {
                let empty = matches!(event, Event::Empty(_));
                let name = String::from_utf8_lossy(tag.local_name().as_ref()).into_owned();
                if !empty {
                    open.push((name.clone(), offset));
                }
                if foreign > 0 {
                    foreign += usize::from(!empty);
                    continue;
                }
                if !root {
                    match root_element(tag, &name, namespace) {
                        Ok(()) => {}
                        Err(Root::NotXliff) => {
                            return Err(syntax(
                                offset,
                                format!("not an XLIFF file: the document is a <{name}>"),
                            ));
                        }
                        Err(Root::Version(version)) => {
                            return Err(ImportError::UnsupportedVersion {
                                at: at(offset),
                                version,
                            });
                        }
                    }
                    root = true;
                    continue;
                }
                if !namespace {
                    if let Some(side) = &mut side {
                        side.unreadable.get_or_insert_with(|| {
                            format!("<{name}> of another namespace inside a target or source")
                        });
                    }
                    foreign += usize::from(!empty);
                    continue;
                }
                let attribute = |key: &str| attribute_value(tag, key);
                if let Some(side) = &mut side {
                    inline_start(side, &name, empty, &attribute, unit.as_ref());
                    continue;
                }
                match name.as_str() {
                    "file" => {
                        if let Some(original) = attribute("original") {
                            exchanged.pages.push((original, at(offset)));
                        }
                    }
                    "unit" => {
                        let id = attribute("id")
                            .ok_or_else(|| syntax(offset, "a <unit> without an id".into()))?;
                        unit = Some(Unit {
                            id,
                            at: offset,
                            data: Vec::new(),
                            parts: Vec::new(),
                        });
                    }
                    "data" if !empty => {
                        data = Some((attribute("id").unwrap_or_default(), String::new()));
                    }
                    "cp" => {
                        if let Some((_, data)) = &mut data {
                            data.push(
                                code_point(&attribute("hex").unwrap_or_default()).ok_or_else(
                                    || syntax(offset, "a <cp> whose hex is no character".into()),
                                )?,
                            );
                        }
                    }
                    "segment" | "ignorable" => {
                        let ignorable = name == "ignorable";
                        if let Some(unit) = &mut unit {
                            unit.parts.push(Part {
                                ignorable,
                                // A segment without `state` is `initial`: the schema's default.
                                initial: !ignorable
                                    && attribute("state").is_none_or(|state| state == "initial"),
                                source: None,
                                target: None,
                            });
                        }
                    }
                    "source" | "target" => {
                        let mut new = Side {
                            target: name == "target",
                            text: String::new(),
                            ends: Vec::new(),
                            unreadable: None,
                            at: offset,
                        };
                        if attribute("order").is_some() {
                            new.unreadable = Some("its target is reordered (`order`)".into());
                        }
                        if empty {
                            finish_side(&mut unit, new);
                        } else {
                            side = Some(new);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref tag) => {
                open.pop();
                if foreign > 0 {
                    foreign -= 1;
                    continue;
                }
                if !namespace {
                    continue;
                }
                let name = tag.local_name();
                match name.as_ref() {
                    b"source" | b"target" if side.is_some() => {
                        if let Some(side) = side.take() {
                            finish_side(&mut unit, side);
                        }
                    }
                    b"pc" | b"mrk" => {
                        if let Some(side) = &mut side
                            && let Some(Some(end)) = side.ends.pop()
                        {
                            side.text.push_str(&end);
                        }
                    }
                    b"data" => {
                        if let (Some(unit), Some(data)) = (&mut unit, data.take()) {
                            unit.data.push(data);
                        }
                    }
                    b"unit" => {
                        if let Some(unit) = unit.take() {
                            exchanged.entries.push(entry(unit, &at));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(content) => {
                let content = content
                    .xml10_content()
                    .map_err(|error| syntax(offset, format!("not text: {error}")))?;
                push_text(&mut side, &mut data, &content);
            }
            Event::CData(content) => {
                let content = content
                    .xml10_content()
                    .map_err(|error| syntax(offset, format!("not text: {error}")))?;
                push_text(&mut side, &mut data, &content);
            }
            Event::GeneralRef(reference) => {
                let name = String::from_utf8_lossy(&reference).into_owned();
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match name.as_str() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        _ => {
                            return Err(syntax(
                                offset,
                                format!(
                                    "`&{name};` is no entity XML defines (a file of this tool has no DTD)"
                                ),
                            ));
                        }
                    },
                    Err(error) => return Err(syntax(offset, format!("`&{name};`: {error}"))),
                };
                push_text(&mut side, &mut data, resolved.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if let Some((name, offset)) = open.last() {
        return Err(syntax(
            *offset,
            format!("the file ends inside this <{name}>: it is truncated"),
        ));
    }
    if !root {
        return Err(syntax(
            text.len(),
            "no XLIFF element: the file is empty".into(),
        ));
    }
    Ok(exchanged)
}

fn attribute_value(tag: &BytesStart<'_>, key: &str) -> Option<String> {
    tag.attributes()
        .flatten()
        .find(|attribute| attribute.key.as_ref() == key.as_bytes())
        .and_then(|attribute| attribute.unescape_value().ok())
        .map(|value| value.into_owned())
}

enum Root {
    NotXliff,
    /// The version the root says (or how it says none).
    Version(String),
}

/// The root must be XLIFF 2.x in 2.0's namespace (2.1 and 2.2 keep it): 1.2 has other
/// elements and would read as no segments at all.
fn root_element(tag: &BytesStart<'_>, name: &str, namespace: bool) -> Result<(), Root> {
    if name != "xliff" {
        return Err(Root::NotXliff);
    }
    let version = attribute_value(tag, "version");
    match version {
        Some(version) if version.starts_with("2.") && namespace => Ok(()),
        Some(version) => Err(Root::Version(version)),
        None => Err(Root::Version("without a version".into())),
    }
}

fn code_point(hex: &str) -> Option<char> {
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}

fn push_text(side: &mut Option<Side>, data: &mut Option<(String, String)>, content: &str) {
    if let Some(side) = side {
        side.text.push_str(content);
    } else if let Some((_, data)) = data {
        data.push_str(content);
    }
}

/// An inline element inside `<source>` or `<target>`: a code is replaced by its original
/// data, a marker is transparent.
fn inline_start(
    side: &mut Side,
    name: &str,
    empty: bool,
    attribute: &dyn Fn(&str) -> Option<String>,
    unit: Option<&Unit>,
) {
    let original = |key: &str| -> Result<String, String> {
        let reference = attribute(key).ok_or_else(|| {
            format!(
                "<{name} id=\"{}\"> has no {key}: it was not exported with the page's markup",
                attribute("id").unwrap_or_default()
            )
        })?;
        unit.and_then(|unit| unit.data.iter().find(|(id, _)| *id == reference))
            .map(|(_, data)| data.clone())
            .ok_or_else(|| format!("<{name}> refers to data `{reference}`, which the unit lacks"))
    };
    let mut restore = |result: Result<String, String>| match result {
        Ok(text) => Some(text),
        Err(reason) => {
            side.unreadable.get_or_insert(reason);
            None
        }
    };
    match name {
        "ph" | "sc" | "ec" => {
            if let Some(text) = restore(original("dataRef")) {
                side.text.push_str(&text);
            }
        }
        "pc" => {
            let start = restore(original("dataRefStart"));
            let end = restore(original("dataRefEnd"));
            side.text.push_str(start.as_deref().unwrap_or_default());
            if empty {
                side.text.push_str(end.as_deref().unwrap_or_default());
            } else {
                side.ends.push(end);
            }
        }
        "mrk" if !empty => side.ends.push(None),
        "cp" => match code_point(&attribute("hex").unwrap_or_default()) {
            Some(c) => side.text.push(c),
            None => {
                side.unreadable
                    .get_or_insert_with(|| "a <cp> whose hex is no character".into());
            }
        },
        "mrk" | "sm" | "em" => {}
        other => {
            side.unreadable
                .get_or_insert_with(|| format!("<{other}> is no inline element of XLIFF 2.0"));
        }
    }
}

fn finish_side(unit: &mut Option<Unit>, side: Side) {
    if let Some(part) = unit.as_mut().and_then(|unit| unit.parts.last_mut()) {
        if side.target {
            part.target = Some(side);
        } else {
            part.source = Some(side);
        }
    }
}

/// A unit as one entry: its segments' sources and targets joined in order (a tool may split
/// a unit into segments with `<ignorable>` space between), its state the least finished.
fn entry(unit: Unit, at: &dyn Fn(usize) -> Location) -> Entry {
    let mut source = String::new();
    let mut target = Some(String::new());
    let mut unreadable = None;
    let mut initial = false;
    let mut target_at = None;
    for part in &unit.parts {
        initial |= part.initial;
        for side in [&part.source, &part.target].into_iter().flatten() {
            if let Some(reason) = &side.unreadable {
                unreadable.get_or_insert_with(|| reason.clone());
            }
        }
        if let Some(side) = &part.source {
            source.push_str(&side.text);
        }
        match (&part.target, part.ignorable, &mut target) {
            (Some(side), _, Some(joined)) => {
                target_at.get_or_insert(side.at);
                joined.push_str(&side.text);
            }
            // An ignorable without a target stands for its source in the target.
            (None, true, Some(joined)) => {
                joined.push_str(part.source.as_ref().map_or("", |side| side.text.as_str()));
            }
            (None, false, _) => target = None,
            (_, _, None) => {}
        }
    }
    Entry {
        id: unit.id,
        at: at(target_at.unwrap_or(unit.at)),
        source,
        target: target.filter(|_| unit.parts.iter().any(|part| !part.ignorable)),
        status: if initial {
            Status::Initial
        } else {
            Status::Ready
        },
        unreadable,
    }
}
