//! XLIFF 2.0 core: written with the page's inline Markdown as codes, read back with the codes
//! restored from each unit's `originalData`.

use std::fmt::Write;

use quick_xml::NsReader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;

use crate::import::{FileText, ImportError};
use crate::markup::{self, Node, PcKind, PhKind};
use crate::{Entry, Exchanged, Format, Header, Outgoing, Status};

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
    escaped(value, Place::Content)
}

/// Text where `<cp>` may not stand (notes): what XML cannot carry becomes U+FFFD.
fn text(value: &str) -> String {
    escaped(value, Place::Note)
}

/// An attribute value: escaped, with whitespace kept as references (a parser turns raw tabs
/// and line breaks into spaces) and what XML cannot carry as U+FFFD.
fn attribute(value: &str) -> String {
    escaped(value, Place::Attribute)
}

/// Where escaped text stands, which decides what else must be a reference there and what
/// stands for a character XML cannot carry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Content,
    Note,
    Attribute,
}

fn escaped(value: &str, place: Place) -> String {
    let attribute = place == Place::Attribute;
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            c if xml_char(c) => out.push(c),
            c if place == Place::Content => {
                let _ = write!(out, "<cp hex=\"{:04X}\"/>", u32::from(c));
            }
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
    let mut reader = Reader::new(FileText::new(Format::Xliff, shown, text));
    reader.root()?;
    while let Some((offset, xliff, event)) = reader.next_event()? {
        reader.event(offset, xliff, event)?;
    }
    reader.end()
}

/// An XLIFF document being read event by event: the entries so far, and where in the
/// document the reader is.
struct Reader<'t> {
    file: FileText<'t>,
    xml: NsReader<&'t [u8]>,
    exchanged: Exchanged,
    /// Every open element, to name the one a truncated file leaves open.
    open: Vec<(String, usize)>,
    /// Depth inside an element of another namespace (an extension: skipped whole).
    foreign: usize,
    unit: Option<Unit>,
    /// The `<data>` being read: its id and text.
    data: Option<(String, String)>,
    side: Option<Side>,
}

impl<'t> Reader<'t> {
    fn new(file: FileText<'t>) -> Reader<'t> {
        Reader {
            xml: NsReader::from_str(file.text),
            file,
            exchanged: Exchanged {
                pages: Vec::new(),
                entries: Vec::new(),
            },
            open: Vec::new(),
            foreign: 0,
            unit: None,
            data: None,
            side: None,
        }
    }

    /// The next event, where it starts and whether its element is in XLIFF 2.0's namespace;
    /// `None` at the end of the file.
    fn next_event(&mut self) -> Result<Option<(usize, bool, Event<'t>)>, ImportError> {
        let offset = self.xml.buffer_position() as usize;
        let (namespace, event) = match self.xml.read_resolved_event() {
            Ok(read) => read,
            Err(error) => {
                return Err(self.file.syntax(
                    self.xml.error_position() as usize,
                    format!("not well-formed XML: {error}"),
                ));
            }
        };
        if matches!(event, Event::Eof) {
            return Ok(None);
        }
        let xliff =
            matches!(namespace, ResolveResult::Bound(ns) if ns.as_ref() == NAMESPACE.as_bytes());
        Ok(Some((offset, xliff, event)))
    }

    /// Reads up to the root element and checks it.
    fn root(&mut self) -> Result<(), ImportError> {
        loop {
            let Some((offset, xliff, event)) = self.next_event()? else {
                return Err(self
                    .file
                    .syntax(self.file.text.len(), "no XLIFF element: the file is empty"));
            };
            match event {
                Event::Start(tag) => return self.xliff(offset, xliff, &tag, false),
                Event::Empty(tag) => return self.xliff(offset, xliff, &tag, true),
                other => self.event(offset, xliff, other)?,
            }
        }
    }

    /// The root must be XLIFF 2.x in 2.0's namespace (2.1 and 2.2 keep it): 1.2 has other
    /// elements and would read as no segments at all.
    fn xliff(
        &mut self,
        offset: usize,
        xliff: bool,
        tag: &BytesStart<'_>,
        empty: bool,
    ) -> Result<(), ImportError> {
        let name = local_name(tag);
        if name != "xliff" {
            return Err(self.file.syntax(
                offset,
                format!("not an XLIFF file: the document is a <{name}>"),
            ));
        }
        let version = attribute_value(tag, "version");
        if !(xliff
            && version
                .as_deref()
                .is_some_and(|version| version.starts_with("2.")))
        {
            return Err(ImportError::UnsupportedVersion {
                at: self.file.at(offset),
                version: version.unwrap_or_else(|| "without a version".into()),
            });
        }
        if !empty {
            self.open.push((name, offset));
        }
        Ok(())
    }

    /// One event at `offset`; `xliff` when its element is in XLIFF 2.0's namespace.
    fn event(&mut self, offset: usize, xliff: bool, event: Event<'_>) -> Result<(), ImportError> {
        match event {
            Event::Start(tag) => self.start(offset, xliff, &tag, false),
            Event::Empty(tag) => self.start(offset, xliff, &tag, true),
            Event::End(tag) => {
                self.end_element(xliff, tag.local_name().as_ref());
                Ok(())
            }
            Event::Text(content) => self.decoded_text(offset, content.xml10_content()),
            Event::CData(content) => self.decoded_text(offset, content.xml10_content()),
            Event::GeneralRef(reference) => self.reference(offset, &reference),
            Event::Eof | Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {
                Ok(())
            }
        }
    }

    /// An element's start (`empty` for `<x/>`): skipped inside an extension, an inline code
    /// inside a source or target, else one of the document's structure.
    fn start(
        &mut self,
        offset: usize,
        xliff: bool,
        tag: &BytesStart<'_>,
        empty: bool,
    ) -> Result<(), ImportError> {
        let name = local_name(tag);
        if !empty {
            self.open.push((name.clone(), offset));
        }
        if self.foreign > 0 {
            self.foreign += usize::from(!empty);
            return Ok(());
        }
        if !xliff {
            self.extension(&name, empty);
            return Ok(());
        }
        if let Some(side) = &mut self.side {
            side.inline(&name, empty, tag, self.unit.as_ref());
            return Ok(());
        }
        match name.as_str() {
            "file" => self.file_start(offset, tag),
            "unit" => self.unit_start(offset, tag)?,
            "data" if !empty => {
                self.data = Some((
                    attribute_value(tag, "id").unwrap_or_default(),
                    String::new(),
                ));
            }
            "cp" => self.data_code_point(offset, tag)?,
            "segment" => self.add_part(segment(tag)),
            "ignorable" => self.add_part(ignorable()),
            "source" | "target" => self.side_start(offset, &name, tag, empty),
            // Notes and the rest say nothing an import applies.
            _ => {}
        }
        Ok(())
    }

    /// An element of another namespace: an extension, skipped whole. In a source or target
    /// it stands for what cannot be restored.
    fn extension(&mut self, name: &str, empty: bool) {
        if let Some(side) = &mut self.side {
            side.unreadable.get_or_insert_with(|| {
                format!("<{name}> of another namespace inside a target or source")
            });
        }
        self.foreign += usize::from(!empty);
    }

    /// `<file original>`: the page the file is for.
    fn file_start(&mut self, offset: usize, tag: &BytesStart<'_>) {
        if let Some(original) = attribute_value(tag, "original") {
            self.exchanged.pages.push((original, self.file.at(offset)));
        }
    }

    /// `<unit id>`: one segment's entry, which its id places.
    fn unit_start(&mut self, offset: usize, tag: &BytesStart<'_>) -> Result<(), ImportError> {
        let id = attribute_value(tag, "id")
            .ok_or_else(|| self.file.syntax(offset, "a <unit> without an id"))?;
        self.unit = Some(Unit {
            id,
            at: offset,
            data: Vec::new(),
            parts: Vec::new(),
        });
        Ok(())
    }

    /// `<cp hex>` in a unit's `<data>`: a character XML cannot carry.
    fn data_code_point(&mut self, offset: usize, tag: &BytesStart<'_>) -> Result<(), ImportError> {
        if let Some((_, data)) = &mut self.data {
            data.push(
                code_point(&attribute_value(tag, "hex").unwrap_or_default())
                    .ok_or_else(|| self.file.syntax(offset, "a <cp> whose hex is no character"))?,
            );
        }
        Ok(())
    }

    fn add_part(&mut self, part: Part) {
        if let Some(unit) = &mut self.unit {
            unit.parts.push(part);
        }
    }

    /// `<source>` or `<target>`: read to its end, then its part's.
    fn side_start(&mut self, offset: usize, name: &str, tag: &BytesStart<'_>, empty: bool) {
        let side = Side {
            target: name == "target",
            text: String::new(),
            ends: Vec::new(),
            unreadable: attribute_value(tag, "order")
                .map(|_| "its target is reordered (`order`)".to_owned()),
            at: offset,
        };
        if empty {
            self.add_side(side);
        } else {
            self.side = Some(side);
        }
    }

    /// A side read whole, to the unit's last part.
    fn add_side(&mut self, side: Side) {
        if let Some(part) = self.unit.as_mut().and_then(|unit| unit.parts.last_mut()) {
            if side.target {
                part.target = Some(side);
            } else {
                part.source = Some(side);
            }
        }
    }

    /// An element's end (`xliff` when in XLIFF 2.0's namespace), by its local name.
    fn end_element(&mut self, xliff: bool, name: &[u8]) {
        self.open.pop();
        if self.foreign > 0 {
            self.foreign -= 1;
            return;
        }
        if !xliff {
            return;
        }
        match name {
            b"source" | b"target" => {
                if let Some(side) = self.side.take() {
                    self.add_side(side);
                }
            }
            b"pc" | b"mrk" => {
                if let Some(side) = &mut self.side {
                    side.close_code();
                }
            }
            b"data" => {
                if let (Some(unit), Some(data)) = (&mut self.unit, self.data.take()) {
                    unit.data.push(data);
                }
            }
            b"unit" => {
                if let Some(unit) = self.unit.take() {
                    self.exchanged.entries.push(entry(unit, &self.file));
                }
            }
            _ => {}
        }
    }

    /// `&name;` or `&#N;`: a character, or one of XML's own entities (a file of this tool
    /// has no DTD to define others).
    fn reference(&mut self, offset: usize, reference: &BytesRef<'_>) -> Result<(), ImportError> {
        let name = String::from_utf8_lossy(reference).into_owned();
        let resolved = match reference.resolve_char_ref() {
            Ok(Some(c)) => c,
            Ok(None) => predefined_entity(&name).ok_or_else(|| {
                self.file.syntax(
                    offset,
                    format!("`&{name};` is no entity XML defines (a file of this tool has no DTD)"),
                )
            })?,
            Err(error) => return Err(self.file.syntax(offset, format!("`&{name};`: {error}"))),
        };
        self.push_text(resolved.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    /// Text goes to the side or the data being read; elsewhere it says nothing.
    /// Character data or a CDATA section, decoded by quick-xml: the same text to the reader.
    fn decoded_text(
        &mut self,
        offset: usize,
        content: Result<std::borrow::Cow<'_, str>, impl std::fmt::Display>,
    ) -> Result<(), ImportError> {
        let content =
            content.map_err(|error| self.file.syntax(offset, format!("not text: {error}")))?;
        self.push_text(&content);
        Ok(())
    }

    fn push_text(&mut self, content: &str) {
        if let Some(side) = &mut self.side {
            side.text.push_str(content);
        } else if let Some((_, data)) = &mut self.data {
            data.push_str(content);
        }
    }

    /// The end of the file: every element must be closed.
    fn end(self) -> Result<Exchanged, ImportError> {
        if let Some((name, offset)) = self.open.last() {
            return Err(self.file.syntax(
                *offset,
                format!("the file ends inside this <{name}>: it is truncated"),
            ));
        }
        Ok(self.exchanged)
    }
}

fn local_name(tag: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(tag.local_name().as_ref()).into_owned()
}

fn attribute_value(tag: &BytesStart<'_>, key: &str) -> Option<String> {
    tag.attributes()
        .flatten()
        .find(|attribute| attribute.key.as_ref() == key.as_bytes())
        .and_then(|attribute| attribute.unescape_value().ok())
        .map(|value| value.into_owned())
}

fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

fn code_point(hex: &str) -> Option<char> {
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}

/// `<segment>`: without `state` it is `initial`, the schema's default.
fn segment(tag: &BytesStart<'_>) -> Part {
    Part {
        ignorable: false,
        initial: attribute_value(tag, "state").is_none_or(|state| state == "initial"),
        source: None,
        target: None,
    }
}

/// `<ignorable>`: what a tool keeps between a unit's segments (space), never translated.
fn ignorable() -> Part {
    Part {
        ignorable: true,
        initial: false,
        source: None,
        target: None,
    }
}

impl Side {
    /// An inline element inside `<source>` or `<target>`: a code is replaced by its original
    /// data, a marker is transparent.
    fn inline(&mut self, name: &str, empty: bool, tag: &BytesStart<'_>, unit: Option<&Unit>) {
        let original = |key: &str| original_data(name, tag, key, unit);
        match name {
            "ph" | "sc" | "ec" => {
                if let Some(text) = self.restore(original("dataRef")) {
                    self.text.push_str(&text);
                }
            }
            "pc" => {
                let start = self.restore(original("dataRefStart"));
                let end = self.restore(original("dataRefEnd"));
                self.text.push_str(start.as_deref().unwrap_or_default());
                if empty {
                    self.text.push_str(end.as_deref().unwrap_or_default());
                } else {
                    self.ends.push(end);
                }
            }
            "mrk" if !empty => self.ends.push(None),
            "cp" => match code_point(&attribute_value(tag, "hex").unwrap_or_default()) {
                Some(c) => self.text.push(c),
                None => {
                    self.unreadable
                        .get_or_insert_with(|| "a <cp> whose hex is no character".into());
                }
            },
            "mrk" | "sm" | "em" => {}
            other => {
                self.unreadable
                    .get_or_insert_with(|| format!("<{other}> is no inline element of XLIFF 2.0"));
            }
        }
    }

    /// A code's original data, or why there is none; the first reason makes the side
    /// unreadable.
    fn restore(&mut self, original: Result<String, String>) -> Option<String> {
        match original {
            Ok(text) => Some(text),
            Err(reason) => {
                self.unreadable.get_or_insert(reason);
                None
            }
        }
    }

    /// The end of a `<pc>` (its end code restored) or a `<mrk>`.
    fn close_code(&mut self) {
        if let Some(Some(end)) = self.ends.pop() {
            self.text.push_str(&end);
        }
    }
}

/// The original data the inline code `<name>` refers to by its attribute `key`.
fn original_data(
    name: &str,
    tag: &BytesStart<'_>,
    key: &str,
    unit: Option<&Unit>,
) -> Result<String, String> {
    let reference = attribute_value(tag, key).ok_or_else(|| {
        format!(
            "<{name} id=\"{}\"> has no {key}: it was not exported with the page's markup",
            attribute_value(tag, "id").unwrap_or_default()
        )
    })?;
    unit.and_then(|unit| unit.data.iter().find(|(id, _)| *id == reference))
        .map(|(_, data)| data.clone())
        .ok_or_else(|| format!("<{name}> refers to data `{reference}`, which the unit lacks"))
}

/// A unit as one entry: its segments' sources and targets joined in order (a tool may split
/// a unit into segments with `<ignorable>` space between), its state the least finished.
fn entry(unit: Unit, file: &FileText<'_>) -> Entry {
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
        at: file.at(target_at.unwrap_or(unit.at)),
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
