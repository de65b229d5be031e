//! The JSON report (CLI.md "JSON output"), streamed: the head is written
//! with the first finding, each diagnostic is written as it arrives, and
//! `files` and `summary` follow at the end — so memory does not grow with
//! the number of findings. Diagnostics are written by hand (no tree, no
//! serde) and can be rendered on the engine's threads ([`Render`]), so the
//! writer only concatenates them.
//!
//! Non-finite numbers, which JSON cannot hold, are written as the strings
//! `"Infinity"`, `"-Infinity"` and `"NaN"`. Integral numbers are written
//! without a fraction (`80`, not `80.0`).

use std::io::{self, Write};
use std::sync::OnceLock;

use serde::Serialize;

use super::describe::{self, Place};
use super::json_write as w;
use super::output::ReportWrite;
use super::{Context, MakeRender, Reporter};
use crate::data::{DataFile, FileFormat};
use crate::diag::{
    Finding, Location, Outcome, Prepared, PreparedValues, RecordFinding, Render, RuleRef, Scope,
    Severity, ShownRef, Summary, Text,
};
use crate::model::{Pack, TPart, TTemplate};

/// Writes the JSON report to `W`. Each diagnostic is a handful of small
/// writes: give it a buffered writer (a `BufWriter` around stdout or a file).
pub struct JsonReporter<W: Write> {
    out: W,
    /// Whether a diagnostic has been written (the next one follows a comma).
    any: bool,
    /// Whether the head (`{"dudao": "1", "as_of": …, "diagnostics": [`) is out.
    started: bool,
    /// One diagnostic, rendered: it goes out in one write.
    buf: Vec<u8>,
}

impl<W: Write> JsonReporter<W> {
    /// A reporter writing to `out`; the head goes out with the first finding
    /// (or at `finish`, when there are none).
    pub fn new(out: W) -> JsonReporter<W> {
        JsonReporter {
            out,
            any: false,
            started: false,
            buf: Vec::with_capacity(1024),
        }
    }

    /// The writer, e.g. to inspect what has been written so far.
    pub fn get_ref(&self) -> &W {
        &self.out
    }

    /// Gives the writer back.
    pub fn into_inner(self) -> W {
        self.out
    }

    fn start(&mut self, cx: &Context) -> io::Result<()> {
        if !self.started {
            self.started = true;
            write!(
                self.out,
                "{{\"dudao\":\"1\",\"as_of\":\"{}\",\"diagnostics\":[",
                cx.as_of
            )?;
        }
        Ok(())
    }
}

impl<W: ReportWrite> Reporter for JsonReporter<W> {
    fn finding(&mut self, cx: &Context, finding: &Finding) -> io::Result<()> {
        self.start(cx)?;
        self.buf.clear();
        self.buf.extend_from_slice(SEPARATOR);
        diagnostic(cx, None, &Entry::of(finding), None, &mut self.buf);
        put(&mut self.out, &mut self.any, &self.buf)
    }

    fn renderer(&self) -> Option<MakeRender> {
        Some(|cx| Box::new(JsonRender::new(cx)))
    }

    fn rendered(&mut self, cx: &Context, bytes: &[u8]) -> io::Result<()> {
        self.start(cx)?;
        put(&mut self.out, &mut self.any, bytes)
    }

    /// The buffer goes to the writer whole ([`ReportWrite::write_buffer`]),
    /// except the report's first diagnostics, whose comma is dropped.
    fn rendered_buffer(&mut self, cx: &Context, bytes: &mut Vec<u8>) -> io::Result<()> {
        self.start(cx)?;
        if !self.any || bytes.is_empty() {
            return put(&mut self.out, &mut self.any, bytes);
        }
        self.out.write_buffer(bytes)
    }

    fn finish(&mut self, cx: &Context, summary: &Summary) -> io::Result<()> {
        self.start(cx)?;
        self.out.write_all(b"\n],\n\"files\":")?;
        let files: Vec<FileEntry> = cx.files.iter().map(|f| FileEntry::new(cx, f)).collect();
        serde_json::to_writer(&mut self.out, &files)?;
        self.out.write_all(b",\n\"summary\":")?;
        serde_json::to_writer(&mut self.out, summary)?;
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}

/// What precedes each diagnostic as rendered: the first one written drops
/// the comma.
const SEPARATOR: &[u8] = b",\n";

/// Writes diagnostics, each preceded by [`SEPARATOR`], dropping the comma
/// before the report's first. A chunk's diagnostics (≈ 0.8 MB) go in
/// pieces of [`PIECE`] bytes, so that a report file's buffer, handed to its
/// writer once past 1 MB, overshoots by at most a piece (its writes were
/// measured slower in the kernel when cut at exactly 1 MB).
fn put(out: &mut impl Write, any: &mut bool, bytes: &[u8]) -> io::Result<()> {
    let bytes = match bytes.split_first() {
        Some((b',', rest)) if !*any => rest,
        _ => bytes,
    };
    *any = true;
    for piece in bytes.chunks(PIECE) {
        out.write_all(piece)?;
    }
    Ok(())
}

/// The most [`put`] writes at once.
const PIECE: usize = 16 << 10;

/// Renders diagnostics on any thread, for the engine's chunks: each
/// preceded by [`SEPARATOR`], so that a run of them is written at once.
struct JsonRender<'c> {
    cx: &'c Context<'c>,
    heads: Heads<'c>,
    /// The last file's index and its path as a JSON string.
    last: Option<(u32, Vec<u8>)>,
    /// When the last file is a text file: its index and
    /// `,"group":null,"file":…,"line":`.
    last_text: Option<(u32, Vec<u8>)>,
}

impl Render for JsonRender<'_> {
    fn render(&self, finding: &Finding, out: &mut Vec<u8>) {
        out.extend_from_slice(SEPARATOR);
        diagnostic(self.cx, Some(self.shared()), &Entry::of(finding), None, out);
    }

    fn render_with(&self, finding: &RecordFinding<'_>, text: &dyn Text, out: &mut Vec<u8>) {
        out.extend_from_slice(SEPARATOR);
        if !self.prepared_record(finding, text, out) {
            let entry = Entry::record(finding);
            diagnostic(self.cx, Some(self.shared()), &entry, Some(text), out);
        }
    }
}

impl<'c> JsonRender<'c> {
    /// A renderer for the files and pack of `cx`.
    fn new(cx: &'c Context<'c>) -> JsonRender<'c> {
        // Findings of a batch are almost all in the file read last.
        let last = cx.files.len().checked_sub(1).map(|i| {
            let mut path = Vec::new();
            w::string(&mut path, &cx.files[i].path);
            (i as u32, path)
        });
        // For a text file: what follows a record finding's key up to its
        // line, `,"group":null,"file":…,"line":`.
        let last_text = last.as_ref().and_then(|(i, path)| {
            let file = cx.files.get(*i as usize)?;
            (file.format != FileFormat::Excel).then(|| {
                let mut bytes = b",\"group\":null,\"file\":".to_vec();
                bytes.extend_from_slice(path);
                bytes.extend_from_slice(b",\"line\":");
                (*i, bytes)
            })
        });
        JsonRender {
            cx,
            heads: Heads::new(cx.pack),
            last,
            last_text,
        }
    }

    /// Writes a record finding whose every constant part is prepared — a
    /// finding of its rule's own record type, with the rule's own help
    /// (without holes), at a line of the last file, a text file — in one
    /// straight run, exactly as [`diagnostic`] writes it; `false`, with
    /// nothing written, for any other.
    fn prepared_record(&self, f: &RecordFinding<'_>, text: &dyn Text, out: &mut Vec<u8>) -> bool {
        let Some(head) = self.heads.rule(f.rule) else {
            return false;
        };
        let Some((last, group_file_line)) = &self.last_text else {
            return false;
        };
        let l = &f.location;
        if f.record_type != head.record || l.file != *last || l.line == 0 || !text.help_is_rules() {
            return false;
        }
        let parts = (
            head.open_marks.get(mark_index(f.outcome, f.severity)),
            head.help_key.as_deref(),
            self.heads.record_type(f.record_type),
        );
        let (Some(open_mark), Some(help_key), Some(record_type)) = parts else {
            return false;
        };
        out.extend_from_slice(open_mark);
        let _ = text.message(&mut json_pieces(out, &head.message));
        out.extend_from_slice(help_key);
        w::opt_string(out, f.key);
        out.extend_from_slice(group_file_line);
        w::integer(out, l.line);
        out.extend_from_slice(b",\"column\":");
        w::integer(out, l.column.max(1));
        out.extend_from_slice(
            l.field
                .and_then(|i| record_type.field_tails.get(i as usize))
                .unwrap_or(&record_type.no_field_tail),
        );
        text_values(text, &head.values, out);
        out.extend_from_slice(b"},\"related\":null,\"skipped\":0}");
        true
    }

    fn shared(&self) -> Shared<'_, 'c> {
        Shared {
            heads: &self.heads,
            last: self.last.as_ref().map(|(i, path)| (*i, path.as_slice())),
            last_text: self.last_text.as_ref().map(|(i, b)| (*i, b.as_slice())),
        }
    }
}

/// What a renderer escaped ahead: the pack's pieces and the last file's path.
#[derive(Clone, Copy)]
struct Shared<'a, 'c> {
    heads: &'a Heads<'c>,
    last: Option<(u32, &'a [u8])>,
    last_text: Option<(u32, &'a [u8])>,
}

/// What the diagnostics of a batch repeat, escaped once per batch when
/// first needed: per rule its opening (`{"rule":…,"title":…,"outcome":"`)
/// and its cite and due date (`,"cite":…,"due":…,"scope":"`); per record
/// type its name and its fields' names, as JSON strings.
struct Heads<'c> {
    pack: &'c Pack,
    rules: Vec<OnceLock<RuleHead<'c>>>,
    record_types: Vec<OnceLock<TypeHead>>,
    /// Per outcome and severity: `fail","severity":"error","message":"`.
    marks: Vec<Vec<u8>>,
}

const OUTCOMES: [Outcome; 4] = [
    Outcome::Fail,
    Outcome::Missing,
    Outcome::Waived,
    Outcome::Error,
];
const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

/// A finding's outcome and severity as an index into [`Heads::marks`].
fn mark_index(outcome: Outcome, severity: Severity) -> usize {
    let o = OUTCOMES.iter().position(|&x| x == outcome).unwrap_or(0);
    let s = SEVERITIES.iter().position(|&x| x == severity).unwrap_or(0);
    o * SEVERITIES.len() + s
}

/// What follows a rule's opening: `fail","severity":"error","message":"`.
fn mark(out: &mut Vec<u8>, outcome: Outcome, severity: Severity) {
    out.extend_from_slice(outcome_name(outcome).as_bytes());
    out.extend_from_slice(b"\",\"severity\":\"");
    out.extend_from_slice(severity.as_str().as_bytes());
    out.extend_from_slice(b"\",\"message\":\"");
}

struct RuleHead<'c> {
    open: Vec<u8>,
    /// `open` followed by each of [`Heads::marks`], by [`mark_index`]:
    /// everything up to a pack finding's message in one piece.
    open_marks: Vec<Vec<u8>>,
    cite_due: Vec<u8>,
    /// The rule's record type.
    record: u32,
    /// For a record finding of that type: the cite and due date, the scope
    /// and the record type up to the key (`…,"scope":"record",
    /// "record_type":"school","key":`), when the type exists.
    record_key: Option<Vec<u8>>,
    /// When the rule's help has no holes (or there is none): `","help":…`
    /// followed by `record_key`, everything between a record finding's
    /// message and its key.
    help_key: Option<Vec<u8>>,
    /// The literal pieces of the message and help templates, escaped, by
    /// position (`None` for holes).
    message: Vec<Piece<'c>>,
    help: Vec<Piece<'c>>,
    /// `"name":` for each thing the rule reads.
    values: Vec<Piece<'c>>,
}

/// A text of the pack and its escaped form.
type Piece<'c> = Option<(&'c str, Vec<u8>)>;

/// Escaped template pieces for every literal part of `template`.
fn pieces(template: Option<&TTemplate>) -> Vec<Piece<'_>> {
    let parts = template.map_or(&[][..], |t| t.parts.as_slice());
    parts
        .iter()
        .map(|part| match part {
            TPart::Text(text) => {
                let mut escaped = Vec::with_capacity(text.len());
                w::escape(&mut escaped, text);
                Some((text.as_str(), escaped))
            }
            TPart::Hole { .. } => None,
        })
        .collect()
}

/// Where a diagnostic's message or help is written: escaped as it comes,
/// the template's literal pieces (`fixed`) copied as they were escaped
/// ahead.
fn json_pieces<'o>(out: &'o mut Vec<u8>, fixed: &'o [Piece<'o>]) -> Prepared<'o> {
    Prepared {
        out,
        fixed,
        text: w::escape,
    }
}

struct TypeHead {
    name: Vec<u8>,
    fields: Vec<Vec<u8>>,
    /// Per field, what follows a text file's column up to a finding's
    /// values: `,"sheet":null,"cell":null,"field":"name","values":{`.
    field_tails: Vec<Vec<u8>>,
    /// The same with `"field":null`, for no field or an unknown one.
    no_field_tail: Vec<u8>,
}

/// What follows a text file's column up to the values, for field `name`
/// (escaped, or `null`).
fn field_tail(name: &[u8]) -> Vec<u8> {
    [
        b",\"sheet\":null,\"cell\":null,\"field\":".as_slice(),
        name,
        b",\"values\":{",
    ]
    .concat()
}

impl<'c> Heads<'c> {
    fn new(pack: &'c Pack) -> Heads<'c> {
        Heads {
            pack,
            rules: pack.rules.iter().map(|_| OnceLock::new()).collect(),
            record_types: pack.records.iter().map(|_| OnceLock::new()).collect(),
            marks: OUTCOMES
                .iter()
                .flat_map(|&o| {
                    SEVERITIES.iter().map(move |&s| {
                        let mut bytes = Vec::new();
                        mark(&mut bytes, o, s);
                        bytes
                    })
                })
                .collect(),
        }
    }

    /// The pieces of pack rule `i`.
    fn rule(&self, i: u32) -> Option<&RuleHead<'c>> {
        let rule = self.pack.rules.get(i as usize)?;
        let head = self.rules.get(i as usize)?.get_or_init(|| {
            let mut open = Vec::new();
            open.extend_from_slice(b"{\"rule\":");
            w::string(&mut open, &rule.id);
            open.extend_from_slice(b",\"title\":");
            w::string(&mut open, &rule.title);
            open.extend_from_slice(b",\"outcome\":\"");
            let mut cite_due = Vec::new();
            cite_and_due(
                &mut cite_due,
                rule.cite.as_deref(),
                rule.due.map(|d| d.to_string()).as_deref(),
            );
            let values = rule
                .reads
                .iter()
                .map(|read| {
                    let mut name = quoted(&read.name);
                    name.push(b':');
                    Some((read.name.as_str(), name))
                })
                .collect();
            let record_key = self.pack.records.get(rule.record as usize).map(|r| {
                let mut bytes = cite_due.clone();
                bytes.extend_from_slice(b"record\",\"record_type\":");
                w::string(&mut bytes, &r.name);
                bytes.extend_from_slice(b",\"key\":");
                bytes
            });
            let fixed_help = match &rule.help {
                None => Some(b"null".to_vec()),
                Some(t) => t.parts.iter().try_fold(b"\"".to_vec(), |mut bytes, part| {
                    let TPart::Text(text) = part else { return None };
                    w::escape(&mut bytes, text);
                    Some(bytes)
                }),
            };
            let help_key = fixed_help.zip(record_key.as_ref()).map(|(help, key)| {
                let mut bytes = b"\",\"help\":".to_vec();
                bytes.extend_from_slice(&help);
                if rule.help.is_some() {
                    bytes.push(b'"');
                }
                bytes.extend_from_slice(key);
                bytes
            });
            let open_marks = self
                .marks
                .iter()
                .map(|mark| [open.as_slice(), mark].concat())
                .collect();
            RuleHead {
                open,
                open_marks,
                cite_due,
                record: rule.record,
                record_key,
                help_key,
                message: pieces(rule.message.as_ref()),
                help: pieces(rule.help.as_ref()),
                values,
            }
        });
        Some(head)
    }

    /// The names of record type `i` and its fields.
    fn record_type(&self, i: u32) -> Option<&TypeHead> {
        let record = self.pack.records.get(i as usize)?;
        let head = self.record_types.get(i as usize)?.get_or_init(|| {
            let fields: Vec<Vec<u8>> = record.fields.iter().map(|f| quoted(&f.name)).collect();
            TypeHead {
                name: quoted(&record.name),
                field_tails: fields.iter().map(|f| field_tail(f)).collect(),
                no_field_tail: field_tail(b"null"),
                fields,
            }
        });
        Some(head)
    }
}

fn quoted(s: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(s.len() + 2);
    w::string(&mut v, s);
    v
}

/// A diagnostic's fields as [`diagnostic`] reads them, borrowed from a
/// [`Finding`] or a [`RecordFinding`].
struct Entry<'a> {
    rule: RuleRef,
    outcome: Outcome,
    severity: Severity,
    scope: Scope,
    record_type: Option<u32>,
    key: Option<&'a str>,
    group: &'a [(String, String)],
    location: Option<&'a Location>,
    related: Option<&'a Location>,
    skipped: u32,
    message: &'a str,
    help: Option<&'a str>,
    values: &'a [(String, crate::diag::Shown)],
}

impl<'a> Entry<'a> {
    fn of(f: &'a Finding) -> Entry<'a> {
        Entry {
            rule: f.rule,
            outcome: f.outcome,
            severity: f.severity,
            scope: f.scope,
            record_type: f.record_type,
            key: f.key.as_deref(),
            group: &f.group,
            location: f.location.as_ref(),
            related: f.related.as_ref(),
            skipped: f.skipped,
            message: &f.message,
            help: f.help.as_deref(),
            values: &f.values,
        }
    }

    /// A record finding, whose text is written on request.
    fn record(f: &'a RecordFinding<'a>) -> Entry<'a> {
        Entry {
            rule: RuleRef::Pack(f.rule),
            outcome: f.outcome,
            severity: f.severity,
            scope: Scope::Record,
            record_type: Some(f.record_type),
            key: f.key,
            group: &[],
            location: Some(&f.location),
            related: None,
            skipped: 0,
            message: "",
            help: None,
            values: &[],
        }
    }
}

/// Appends one entry of `diagnostics`: every key present, `null` where it
/// does not apply, in the order CLI.md lists them. `shared` holds pieces a
/// renderer escaped ahead; `text`, when given, writes the message, help and
/// values that `finding` then leaves empty. Either way the bytes are the
/// same as for the finding with its text in it and nothing escaped ahead.
fn diagnostic(
    cx: &Context,
    shared: Option<Shared<'_, '_>>,
    finding: &Entry<'_>,
    text: Option<&dyn Text>,
    out: &mut Vec<u8>,
) {
    let location = finding.location;
    let head = match (finding.rule, shared) {
        (RuleRef::Pack(i), Some(s)) => s.heads.rule(i),
        _ => None,
    };
    let open_mark = head.and_then(|h| {
        h.open_marks
            .get(mark_index(finding.outcome, finding.severity))
    });
    match (open_mark, head) {
        (Some(bytes), _) => out.extend_from_slice(bytes),
        (None, Some(h)) => {
            out.extend_from_slice(&h.open);
            mark(out, finding.outcome, finding.severity);
        }
        (None, None) => {
            out.extend_from_slice(b"{\"rule\":");
            w::string(out, describe::rule_id(cx, finding.rule));
            out.extend_from_slice(b",\"title\":");
            w::string(out, describe::rule_title(cx, finding.rule));
            out.extend_from_slice(b",\"outcome\":\"");
            match shared.and_then(|s| {
                s.heads
                    .marks
                    .get(mark_index(finding.outcome, finding.severity))
            }) {
                Some(m) => out.extend_from_slice(m),
                None => mark(out, finding.outcome, finding.severity),
            }
        }
    }
    let no_pieces: &[Piece] = &[];
    match text {
        Some(t) => {
            let fixed = head.map_or(no_pieces, |h| &h.message);
            let _ = t.message(&mut json_pieces(out, fixed));
        }
        None => w::escape(out, finding.message),
    }
    // A record finding of the rule's own record type.
    let record_head =
        head.filter(|h| finding.scope == Scope::Record && finding.record_type == Some(h.record));
    let help_key = record_head
        .zip(text)
        .filter(|(_, t)| t.help_is_rules())
        .and_then(|(h, _)| h.help_key.as_deref());
    match help_key {
        Some(bytes) => out.extend_from_slice(bytes),
        None => help_to_key(cx, shared, finding, text, head, record_head, out),
    }
    w::opt_string(out, finding.key);
    // A line and column of the last file, a text file: from its prepared
    // pieces, as `position` writes them.
    let text_place = shared
        .and_then(|s| s.last_text)
        .zip(location)
        .filter(|((i, _), l)| finding.group.is_empty() && l.file == *i && l.line != 0);
    let type_head = shared
        .zip(finding.record_type)
        .and_then(|(s, t)| s.heads.record_type(t));
    match (text_place, type_head) {
        (Some(((_, group_file_line), l)), type_head) => {
            out.extend_from_slice(group_file_line);
            w::integer(out, l.line);
            out.extend_from_slice(b",\"column\":");
            w::integer(out, l.column.max(1));
            match type_head {
                // The field of the finding's own record type, as
                // `field_name` finds it, and the values' opening.
                Some(t) => out.extend_from_slice(
                    l.field
                        .and_then(|f| t.field_tails.get(f as usize))
                        .unwrap_or(&t.no_field_tail),
                ),
                None => {
                    out.extend_from_slice(b",\"sheet\":null,\"cell\":null,\"field\":");
                    field_value(cx, shared, finding, out);
                    out.extend_from_slice(b",\"values\":{");
                }
            }
        }
        (None, _) => {
            group_and_position(cx, shared, finding, out);
            out.extend_from_slice(b",\"field\":");
            field_value(cx, shared, finding, out);
            out.extend_from_slice(b",\"values\":{");
        }
    }
    match text {
        Some(t) => text_values(t, head.map_or(no_pieces, |h| &h.values), out),
        None => {
            for (i, (name, value)) in finding.values.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                w::string(out, name);
                out.push(b':');
                shown(out, value.as_ref());
            }
        }
    }
    if finding.related.is_none() && finding.skipped == 0 {
        // A record finding's end, in one piece.
        out.extend_from_slice(b"},\"related\":null,\"skipped\":0}");
        return;
    }
    out.extend_from_slice(b"},\"related\":");
    match finding.related {
        Some(l) => {
            out.push(b'{');
            position(out, &Place::of(cx, l), None);
            out.push(b'}');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"skipped\":");
    w::integer(out, finding.skipped);
    out.push(b'}');
}

/// The members of a finding's `values` written on request, their names
/// from `names` where prepared.
fn text_values(text: &dyn Text, names: &[Piece<'_>], out: &mut Vec<u8>) {
    text.values_into(&mut PreparedValues {
        out,
        names,
        between: b',',
        name: |out, name| {
            w::string(out, name);
            out.push(b':');
        },
        value: shown,
    });
}

/// What lies between a diagnostic's message and its key, `","help":…` to
/// `"key":`, written piece by piece.
fn help_to_key(
    cx: &Context,
    shared: Option<Shared<'_, '_>>,
    finding: &Entry<'_>,
    text: Option<&dyn Text>,
    head: Option<&RuleHead<'_>>,
    record_head: Option<&RuleHead<'_>>,
    out: &mut Vec<u8>,
) {
    let rule = match finding.rule {
        RuleRef::Pack(i) => cx.pack.rules.get(i as usize),
        RuleRef::Builtin(_) => None,
    };
    let no_pieces: &[Piece] = &[];
    out.extend_from_slice(b"\",\"help\":");
    match text {
        Some(t) if t.has_help() => {
            out.push(b'"');
            let fixed = head.map_or(no_pieces, |h| &h.help);
            let _ = t.help(&mut json_pieces(out, fixed));
            out.push(b'"');
        }
        Some(_) => out.extend_from_slice(b"null"),
        None => w::opt_string(out, finding.help),
    }
    match record_head.and_then(|h| h.record_key.as_deref()) {
        Some(bytes) => out.extend_from_slice(bytes),
        None => {
            match head {
                Some(h) => out.extend_from_slice(&h.cite_due),
                None => cite_and_due(
                    out,
                    rule.and_then(|r| r.cite.as_deref()),
                    rule.and_then(|r| r.due).map(|d| d.to_string()).as_deref(),
                ),
            }
            out.extend_from_slice(scope_name(finding.scope).as_bytes());
            out.extend_from_slice(b"\",\"record_type\":");
            let type_head = shared
                .zip(finding.record_type)
                .and_then(|(s, t)| s.heads.record_type(t));
            match type_head {
                Some(t) => out.extend_from_slice(&t.name),
                None => w::opt_string(
                    out,
                    (finding.record_type)
                        .and_then(|t| cx.pack.records.get(t as usize))
                        .map(|r| r.name.as_str()),
                ),
            }
            out.extend_from_slice(b",\"key\":");
        }
    }
}

/// The name of the field a finding points at, as a JSON string, or `null`.
fn field_value(
    cx: &Context,
    shared: Option<Shared<'_, '_>>,
    finding: &Entry<'_>,
    out: &mut Vec<u8>,
) {
    match (shared, finding.location) {
        (Some(s), Some(l)) => match field_name(cx, s.heads, finding, l) {
            Some(name) => out.extend_from_slice(name),
            None => out.extend_from_slice(b"null"),
        },
        (_, location) => {
            let field = location.and_then(|l| describe::field_in(cx, finding.record_type, l));
            w::opt_string(out, field.map(|f| f.name.as_str()));
        }
    }
}

/// `,"group":…,` and the finding's position (`"file":…` to `"cell":…`).
fn group_and_position(
    cx: &Context,
    shared: Option<Shared<'_, '_>>,
    finding: &Entry<'_>,
    out: &mut Vec<u8>,
) {
    out.extend_from_slice(b",\"group\":");
    if finding.group.is_empty() {
        out.extend_from_slice(b"null");
    } else {
        out.push(b'{');
        for (i, (k, v)) in finding.group.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            w::string(out, k);
            out.push(b':');
            w::string(out, v);
        }
        out.push(b'}');
    }
    out.push(b',');
    match finding.location {
        Some(l) => {
            let path = shared
                .and_then(|s| s.last)
                .filter(|&(i, _)| i == l.file)
                .map(|(_, path)| path);
            position(out, &Place::of(cx, l), path);
        }
        None => out.extend_from_slice(
            b"\"file\":null,\"line\":null,\"column\":null,\"sheet\":null,\"cell\":null",
        ),
    }
}

/// `,"cite":…,"due":…,"scope":"` (the scope's name follows).
fn cite_and_due(out: &mut Vec<u8>, cite: Option<&str>, due: Option<&str>) {
    out.extend_from_slice(b",\"cite\":");
    w::opt_string(out, cite);
    out.extend_from_slice(b",\"due\":");
    w::opt_string(out, due);
    out.extend_from_slice(b",\"scope\":\"");
}

/// The escaped name of the field a location points at, as
/// [`describe::field`] finds it.
fn field_name<'h>(
    cx: &Context,
    heads: &'h Heads<'_>,
    finding: &Entry<'_>,
    location: &crate::diag::Location,
) -> Option<&'h [u8]> {
    let index = location.field?;
    let record_type = finding
        .record_type
        .or_else(|| describe::file(cx, location)?.record_type)?;
    let names = &heads.record_type(record_type)?.fields;
    names.get(index as usize).map(Vec::as_slice)
}

fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Fail => "fail",
        Outcome::Missing => "missing",
        Outcome::Waived => "waived",
        Outcome::Error => "error",
    }
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Record => "record",
        Scope::Group => "group",
        Scope::Overall => "overall",
        Scope::Data => "data",
    }
}

/// `"file":…,"line":…,"column":…,"sheet":…,"cell":…`, null where they do
/// not apply; `path` is the file's path escaped ahead, when it was.
fn position(out: &mut Vec<u8>, place: &Place, path: Option<&[u8]>) {
    out.extend_from_slice(b"\"file\":");
    match path {
        Some(path) => out.extend_from_slice(path),
        None => w::opt_string(out, place.file),
    }
    out.extend_from_slice(b",\"line\":");
    w::opt_integer(out, place.line);
    out.extend_from_slice(b",\"column\":");
    w::opt_integer(out, place.column);
    out.extend_from_slice(b",\"sheet\":");
    w::opt_string(out, place.sheet);
    out.extend_from_slice(b",\"cell\":");
    w::opt_string(out, place.cell.as_deref());
}

/// A shown value: numbers as numbers (integral ones without a fraction,
/// non-finite ones as strings), bools, text, missing as null.
fn shown(out: &mut Vec<u8>, value: ShownRef) {
    match value {
        ShownRef::Missing => out.extend_from_slice(b"null"),
        ShownRef::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        ShownRef::Text(t) => w::string(out, t),
        ShownRef::Date(d) => {
            use std::fmt::Write as _;
            out.push(b'"');
            let _ = write!(w::Escaped(out), "{d}");
            out.push(b'"');
        }
        ShownRef::Variant(v) => {
            out.push(b'"');
            w::integer(out, v);
            out.push(b'"');
        }
        // Whole numbers first: the usual case, and never NaN or infinite.
        ShownRef::Num(n) if crate::eval::message::is_integral_below(n, 9.0e15) => {
            w::integer(out, n as i64)
        }
        ShownRef::Num(n) if n.is_nan() => w::string(out, "NaN"),
        ShownRef::Num(n) if n.is_infinite() => {
            w::string(out, if n > 0.0 { "Infinity" } else { "-Infinity" })
        }
        ShownRef::Num(n) => w::float(out, n),
    }
}

/// One entry of `files`.
#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    #[serde(rename = "type")]
    record_type: Option<&'a str>,
    records: u64,
    encoding: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheets: Option<&'a [String]>,
}

impl<'a> FileEntry<'a> {
    fn new(cx: &Context<'a>, file: &'a DataFile) -> FileEntry<'a> {
        FileEntry {
            path: &file.path,
            record_type: file
                .record_type
                .and_then(|t| cx.pack.records.get(t as usize))
                .map(|r| r.name.as_str()),
            records: file.records,
            encoding: file.encoding,
            sheets: (file.format == FileFormat::Excel).then_some(file.sheets.as_slice()),
        }
    }
}

#[cfg(test)]
mod tests {
    //! The hand-written diagnostics against serde_json's serialization of
    //! the same entry (what the JSON report wrote before it was written by
    //! hand), for arbitrary findings over a pack whose every text is
    //! hostile: written from a finding, with the pack's pieces escaped
    //! ahead, and with the text written on request.

    use super::*;
    use crate::diag::{Location, Pieces, Severity, Shown};
    use crate::value::Date;
    use proptest::prelude::*;
    use serde::ser::{SerializeMap, Serializer};

    /// One entry of `diagnostics` as serde_json writes it.
    #[derive(Serialize)]
    struct Reference<'a> {
        rule: &'a str,
        title: &'a str,
        outcome: Outcome,
        severity: Severity,
        message: &'a str,
        help: Option<&'a str>,
        cite: Option<&'a str>,
        due: Option<String>,
        scope: Scope,
        record_type: Option<&'a str>,
        key: Option<&'a str>,
        group: Option<Pairs<'a>>,
        #[serde(flatten)]
        place: Position<'a>,
        field: Option<&'a str>,
        values: Values<'a>,
        related: Option<Position<'a>>,
        skipped: u32,
    }

    #[derive(Serialize, Default)]
    struct Position<'a> {
        file: Option<&'a str>,
        line: Option<u32>,
        column: Option<u32>,
        sheet: Option<&'a str>,
        cell: Option<String>,
    }

    impl<'a> Position<'a> {
        fn of(cx: &Context<'a>, location: &Location) -> Position<'a> {
            let p = Place::of(cx, location);
            Position {
                file: p.file,
                line: p.line,
                column: p.column,
                sheet: p.sheet,
                cell: p.cell,
            }
        }
    }

    struct Pairs<'a>(&'a [(String, String)]);

    impl Serialize for Pairs<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(self.0.len()))?;
            for (k, v) in self.0 {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }

    struct Values<'a>(&'a [(String, Shown)]);

    impl Serialize for Values<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(self.0.len()))?;
            for (k, v) in self.0 {
                map.serialize_entry(k, &ShownJson(v))?;
            }
            map.end()
        }
    }

    struct ShownJson<'a>(&'a Shown);

    impl Serialize for ShownJson<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self.0 {
                Shown::Missing => serializer.serialize_none(),
                Shown::Bool(b) => serializer.serialize_bool(*b),
                Shown::Text(t) => serializer.serialize_str(t),
                Shown::Num(n) if n.is_nan() => serializer.serialize_str("NaN"),
                Shown::Num(n) if n.is_infinite() => {
                    serializer.serialize_str(if *n > 0.0 { "Infinity" } else { "-Infinity" })
                }
                Shown::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
                    serializer.serialize_i64(*n as i64)
                }
                Shown::Num(n) => serializer.serialize_f64(*n),
            }
        }
    }

    fn reference(cx: &Context, finding: &Finding) -> Vec<u8> {
        let rule = describe::pack_rule(cx, finding);
        let location = finding.location.as_ref();
        let entry = Reference {
            rule: describe::rule_id(cx, finding.rule),
            title: describe::rule_title(cx, finding.rule),
            outcome: finding.outcome,
            severity: finding.severity,
            message: &finding.message,
            help: finding.help.as_deref(),
            cite: rule.and_then(|r| r.cite.as_deref()),
            due: rule.and_then(|r| r.due).map(|d| d.to_string()),
            scope: finding.scope,
            record_type: describe::record_type_name(cx, finding),
            key: finding.key.as_deref(),
            group: (!finding.group.is_empty()).then_some(Pairs(&finding.group)),
            place: location.map_or_else(Position::default, |l| Position::of(cx, l)),
            field: location
                .and_then(|l| describe::field(cx, finding, l))
                .map(|f| f.name.as_str()),
            values: Values(&finding.values),
            related: finding.related.as_ref().map(|l| Position::of(cx, l)),
            skipped: finding.skipped,
        };
        serde_json::to_vec(&entry).expect("serializes")
    }

    const PACK: &str = r#"
record school {
  id: text, key, column "id"
  level: text, column "level"
  students: int, column "students"
  pcs: int, column "pcs"
}
rule PC-001 "title" {
  cite "cite"
  due 2020-12-31
  for school
  require students / pcs <= 10
  message "在校生 {students} 人, 计算机 {pcs} 台"
  help "补足 {students} and {pcs}"
}
rule PC-002 "title" {
  for school
  require pcs >= 1
}
rule PC-003 "title" {
  for school
  require pcs >= 2
  message "{pcs} < 2"
  help "a help without holes"
}
"#;

    /// Text that may need escaping: quotes, backslashes, controls, DEL,
    /// CJK, and runs long enough for the eight-byte scan.
    fn hostile() -> impl Strategy<Value = String> {
        "[a\"\\\\\n\t\u{1}\u{1f}\u{7f}é中 ]{0,20}"
    }

    /// The pack above with hostile titles, cites, names and template text.
    fn pack(texts: &[String]) -> Pack {
        let mut pack = crate::check::load_sources(vec![("p.dudao".into(), PACK.into())])
            .unwrap_or_else(|_| panic!("the test pack loads"));
        let mut text = texts.iter().cycle().cloned();
        let mut next = || text.next().unwrap_or_default();
        for record in &mut pack.records {
            record.name = next();
            for field in &mut record.fields {
                field.name = next();
            }
        }
        for rule in &mut pack.rules {
            rule.title = next();
            if rule.cite.is_some() {
                rule.cite = Some(next());
            }
            for read in &mut rule.reads {
                read.name = next();
            }
            for template in [&mut rule.message, &mut rule.help].into_iter().flatten() {
                for part in &mut template.parts {
                    if let TPart::Text(t) = part {
                        *t = next();
                    }
                }
            }
        }
        pack
    }

    /// A CSV file and a workbook, the workbook last unless `text_last`
    /// (the last file's pieces are prepared by the renderer).
    fn files(paths: &[String], sheets: Vec<String>, text_last: bool) -> Vec<DataFile> {
        let mut files = vec![
            DataFile {
                path: paths[0].clone(),
                format: FileFormat::Csv,
                record_type: Some(0),
                records: 3,
                encoding: Some("utf-8"),
                sheets: Vec::new(),
            },
            DataFile {
                path: paths[1].clone(),
                format: FileFormat::Excel,
                record_type: None,
                records: 3,
                encoding: None,
                sheets,
            },
        ];
        if text_last {
            files.reverse();
        }
        files
    }

    fn location() -> impl Strategy<Value = Location> {
        (
            0u32..3,
            proptest::option::of(0u32..3),
            0u32..4,
            // Column 0 (no single cell) is shown as the first.
            prop_oneof![Just(0u32), 1u32..40],
            proptest::option::of(0u32..6),
        )
            .prop_map(|(file, sheet, line, column, field)| Location {
                file,
                sheet,
                line,
                column,
                offset: 0,
                width: 0,
                field,
            })
    }

    fn any_shown() -> impl Strategy<Value = Shown> {
        prop_oneof![
            Just(Shown::Missing),
            any::<bool>().prop_map(Shown::Bool),
            any::<f64>().prop_map(Shown::Num),
            (-1_000_000i64..1_000_000).prop_map(|n| Shown::Num(n as f64 / 100.0)),
            hostile().prop_map(Shown::Text),
        ]
    }

    fn finding() -> impl Strategy<Value = Finding> {
        let rule = prop_oneof![
            (0u32..4).prop_map(RuleRef::Pack),
            Just(RuleRef::Builtin("schema/type")),
            Just(RuleRef::Builtin("waiver/unused")),
        ];
        let outcome = prop_oneof![
            Just(Outcome::Fail),
            Just(Outcome::Missing),
            Just(Outcome::Waived),
            Just(Outcome::Error)
        ];
        let severity = prop_oneof![
            Just(Severity::Info),
            Just(Severity::Warning),
            Just(Severity::Error)
        ];
        let scope = prop_oneof![
            Just(Scope::Record),
            Just(Scope::Group),
            Just(Scope::Overall),
            Just(Scope::Data)
        ];
        (
            (rule, outcome, severity, scope),
            (
                hostile(),
                proptest::option::of(hostile()),
                proptest::option::of(0u32..2),
                proptest::option::of(hostile()),
            ),
            (
                proptest::collection::vec((hostile(), hostile()), 0..3),
                proptest::option::of(location()),
                proptest::option::of(location()),
                proptest::collection::vec((hostile(), any_shown()), 0..4),
                prop_oneof![Just(0u32), any::<u32>()],
            ),
        )
            .prop_map(
                |(
                    (rule, outcome, severity, scope),
                    (message, help, record_type, key),
                    (group, location, related, values, skipped),
                )| Finding {
                    rule,
                    outcome,
                    severity,
                    scope,
                    message,
                    help,
                    record_type,
                    key,
                    group,
                    location,
                    related,
                    values,
                    skipped,
                },
            )
    }

    /// The finding as the engine makes a record finding: a pack rule's, of
    /// the rule's record type, in no group (the renderer's prepared path).
    fn as_record(f: Finding) -> Finding {
        Finding {
            rule: RuleRef::Pack(f.skipped % 3),
            scope: Scope::Record,
            record_type: Some(0),
            group: Vec::new(),
            ..f
        }
    }

    /// A finding's text written on request: the rule's templates with
    /// `holes` in their holes (the pack's own literal pieces as `fixed`),
    /// or else the finding's message and help; values under the rule's
    /// read names where it has them.
    struct Written<'a> {
        rule: Option<&'a crate::model::Rule>,
        finding: &'a Finding,
        holes: &'a [String],
    }

    impl Written<'_> {
        fn template(&self, t: &TTemplate, out: &mut dyn Pieces) -> std::fmt::Result {
            let mut holes = self.holes.iter().cycle();
            for (n, part) in t.parts.iter().enumerate() {
                match part {
                    TPart::Text(text) => out.fixed(n, text)?,
                    TPart::Hole { .. } => out.write_str(holes.next().map_or("", String::as_str))?,
                }
            }
            Ok(())
        }
    }

    impl Text for Written<'_> {
        fn message(&self, out: &mut dyn Pieces) -> std::fmt::Result {
            match self.rule.and_then(|r| r.message.as_ref()) {
                Some(t) => self.template(t, out),
                None => out.write_str(&self.finding.message),
            }
        }
        fn has_help(&self) -> bool {
            self.rule
                .map_or(self.finding.help.is_some(), |r| r.help.is_some())
        }
        fn help(&self, out: &mut dyn Pieces) -> std::fmt::Result {
            match self.rule.and_then(|r| r.help.as_ref()) {
                Some(t) => self.template(t, out),
                None => out.write_str(self.finding.help.as_deref().unwrap_or("")),
            }
        }
        fn help_is_rules(&self) -> bool {
            self.rule.is_some()
        }
        fn values(&self, each: &mut dyn FnMut(usize, &str, ShownRef<'_>)) {
            for (n, (name, value)) in self.finding.values.iter().enumerate() {
                let read = self.rule.and_then(|r| r.reads.get(n));
                each(n, read.map_or(name, |r| &r.name), value.as_ref());
            }
        }
    }

    proptest! {
        #[test]
        fn diagnostics_are_written_as_serde_json_writes_them(
            texts in proptest::collection::vec(hostile(), 1..12),
            paths in proptest::collection::vec(hostile(), 2),
            sheets in proptest::collection::vec(hostile(), 0..3),
            findings in proptest::collection::vec(prop_oneof![finding(), finding().prop_map(as_record)], 1..6),
            holes in proptest::collection::vec(hostile(), 1..4),
            text_last in any::<bool>(),
        ) {
            let pack = pack(&texts);
            let files = files(&paths, sheets, text_last);
            let cx = Context {
                pack: &pack,
                files: &files,
                as_of: Date::from_ymd(2023, 1, 1).expect("a date"),
                lang: crate::i18n::Lang::Zh,
            };
            let reporter = JsonReporter::new(Vec::new());
            let render = reporter.renderer().expect("a renderer")(&cx);
            // One renderer for all, so that pieces escaped for one finding
            // are reused for the next.
            for f in &findings {
                let expected = reference(&cx, f);
                let mut general = Vec::new();
                diagnostic(&cx, None, &Entry::of(f), None, &mut general);
                prop_assert_eq!(String::from_utf8_lossy(&general), String::from_utf8_lossy(&expected));
                let mut ahead = Vec::new();
                render.render(f, &mut ahead);
                let ahead = ahead.strip_prefix(SEPARATOR).expect("a separator first");
                prop_assert_eq!(String::from_utf8_lossy(ahead), String::from_utf8_lossy(&expected));

                // A record finding of the same rule, outcome, key and
                // place, its text written on request, against the finding
                // with that text.
                let RuleRef::Pack(rule) = f.rule else { continue };
                let text = Written { rule: describe::pack_rule(&cx, f), finding: f, holes: &holes };
                let record = RecordFinding {
                    rule,
                    outcome: f.outcome,
                    severity: f.severity,
                    record_type: f.record_type.unwrap_or(0),
                    key: f.key.as_deref(),
                    location: f.location.clone().unwrap_or_default(),
                };
                let full = record.to_finding(crate::diag::text_strings(&text));
                let mut on_request = Vec::new();
                render.render_with(&record, &text, &mut on_request);
                let expected = reference(&cx, &full);
                let on_request = on_request.strip_prefix(SEPARATOR).expect("a separator first");
                prop_assert_eq!(String::from_utf8_lossy(on_request), String::from_utf8_lossy(&expected));
            }
        }
    }

    proptest! {
        #[test]
        fn prepared_records_are_written_as_diagnostic_writes_them(
            texts in proptest::collection::vec(hostile(), 1..12),
            paths in proptest::collection::vec(hostile(), 2),
            findings in proptest::collection::vec(finding().prop_map(as_record), 1..6),
            holes in proptest::collection::vec(hostile(), 1..4),
            line in 1u32..5,
            column in 0u32..40,
            field in proptest::option::of(0u32..6),
        ) {
            // The last file is the text file, where record findings are.
            let pack = pack(&texts);
            let files = files(&paths, Vec::new(), true);
            let cx = Context {
                pack: &pack,
                files: &files,
                as_of: Date::from_ymd(2023, 1, 1).expect("a date"),
                lang: crate::i18n::Lang::Zh,
            };
            let render = JsonRender::new(&cx);
            for f in &findings {
                let RuleRef::Pack(rule) = f.rule else { continue };
                let text = Written { rule: describe::pack_rule(&cx, f), finding: f, holes: &holes };
                let location = Location { file: 1, sheet: None, line, column, offset: 0, width: 0, field };
                let record = RecordFinding {
                    rule,
                    outcome: f.outcome,
                    severity: f.severity,
                    record_type: 0,
                    key: f.key.as_deref(),
                    location,
                };
                let mut fast = Vec::new();
                let prepared = render.prepared_record(&record, &text, &mut fast);
                // Rules 1 and 2 have help without holes (or none): prepared.
                prop_assert_eq!(prepared, rule != 0);
                if prepared {
                    let mut general = Vec::new();
                    let entry = Entry::record(&record);
                    diagnostic(&cx, Some(render.shared()), &entry, Some(&text), &mut general);
                    prop_assert_eq!(String::from_utf8_lossy(&fast), String::from_utf8_lossy(&general));
                } else {
                    prop_assert!(fast.is_empty());
                }
            }
        }
    }

    #[test]
    fn dates_and_unnamed_variants_are_strings() {
        let mut out = Vec::new();
        let date = Date::from_ymd(2020, 9, 1).expect("a date");
        shown(&mut out, ShownRef::Date(date));
        out.push(b',');
        shown(&mut out, ShownRef::Variant(7));
        assert_eq!(out, b"\"2020-09-01\",\"7\"");
        assert_eq!(
            ShownRef::Date(date).to_shown(),
            Shown::Text("2020-09-01".into())
        );
        assert_eq!(ShownRef::Variant(7).to_shown(), Shown::Text("7".into()));
    }
}
