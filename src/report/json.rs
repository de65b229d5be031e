//! The JSON report (CLI.md "JSON output"), streamed: the head is written
//! with the first finding, each diagnostic is serialized straight to the
//! writer as it arrives, and `files` and `summary` follow at the end — so
//! memory does not grow with the number of findings.
//!
//! Non-finite numbers, which JSON cannot hold, are written as the strings
//! `"Infinity"`, `"-Infinity"` and `"NaN"`. Integral numbers are written
//! without a fraction (`80`, not `80.0`).

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::describe::{self, Place};
use super::{Context, Reporter};
use crate::data::{DataFile, FileFormat};
use crate::diag::{Finding, Location, Outcome, Scope, Severity, Shown, Summary};

/// Writes the JSON report to `W`. Each diagnostic is a handful of small
/// writes: give it a buffered writer (a `BufWriter` around stdout or a file).
pub struct JsonReporter<W: Write> {
    out: W,
    /// Diagnostics written so far.
    written: u64,
    /// Whether the head (`{"dudao": "1", "as_of": …, "diagnostics": [`) is out.
    started: bool,
    /// One diagnostic, serialized: serde_json makes a write per key, value
    /// and quote, and through a `dyn Write` each is a call; a `Vec` takes
    /// them inline, and the diagnostic goes out in one write.
    buf: Vec<u8>,
}

impl<W: Write> JsonReporter<W> {
    /// A reporter writing to `out`; the head goes out with the first finding
    /// (or at `finish`, when there are none).
    pub fn new(out: W) -> JsonReporter<W> {
        JsonReporter {
            out,
            written: 0,
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

impl<W: Write> Reporter for JsonReporter<W> {
    fn finding(&mut self, cx: &Context, finding: &Finding) -> io::Result<()> {
        self.start(cx)?;
        self.buf.clear();
        self.buf
            .extend_from_slice(if self.written == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(&mut self.buf, &Diagnostic::new(cx, finding))?;
        self.out.write_all(&self.buf)?;
        self.written += 1;
        Ok(())
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

/// One entry of `diagnostics`, borrowing from the finding and the pack.
#[derive(Serialize)]
struct Diagnostic<'a> {
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

impl<'a> Diagnostic<'a> {
    fn new(cx: &Context<'a>, finding: &'a Finding) -> Diagnostic<'a> {
        let rule = describe::pack_rule(cx, finding);
        let location = finding.location.as_ref();
        Diagnostic {
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
        }
    }
}

/// `file`, `line`, `column`, `sheet`, `cell`: all present, null where they
/// do not apply.
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
        let Place {
            file,
            line,
            column,
            sheet,
            cell,
        } = Place::of(cx, location);
        Position {
            file,
            line,
            column,
            sheet,
            cell,
        }
    }
}

/// A group's `per` fields and values, as an object in `per` order.
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

/// `values`: an object in the order the requirement read them.
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

/// A shown value: numbers as numbers (non-finite ones as strings), bools,
/// text, missing as null.
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
