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

use serde::Serialize;

use super::describe::{self, Place};
use super::json_write as w;
use super::{Context, Reporter};
use crate::data::{DataFile, FileFormat};
use crate::diag::{Finding, Outcome, Render, Scope, Shown, Summary};

/// Writes the JSON report to `W`. Each diagnostic is a handful of small
/// writes: give it a buffered writer (a `BufWriter` around stdout or a file).
pub struct JsonReporter<W: Write> {
    out: W,
    /// Diagnostics written so far.
    written: u64,
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
        diagnostic(cx, finding, &mut self.buf);
        self.out.write_all(&self.buf)?;
        self.written += 1;
        Ok(())
    }

    fn renderer<'c>(&self, cx: &'c Context<'c>) -> Option<Box<dyn Render + 'c>> {
        Some(Box::new(JsonRender { cx }))
    }

    fn rendered(&mut self, cx: &Context, _: &Finding, bytes: &[u8]) -> io::Result<()> {
        self.start(cx)?;
        self.out
            .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        self.out.write_all(bytes)?;
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

/// Renders diagnostics on any thread, for the engine's chunks.
struct JsonRender<'c> {
    cx: &'c Context<'c>,
}

impl Render for JsonRender<'_> {
    fn render(&self, finding: &Finding, out: &mut Vec<u8>) {
        diagnostic(self.cx, finding, out);
    }
}

/// Appends one entry of `diagnostics`: every key present, `null` where it
/// does not apply, in the order CLI.md lists them.
fn diagnostic(cx: &Context, finding: &Finding, out: &mut Vec<u8>) {
    let rule = describe::pack_rule(cx, finding);
    let location = finding.location.as_ref();
    out.push(b'{');
    w::key(out, "rule");
    w::string(out, describe::rule_id(cx, finding.rule));
    out.push(b',');
    w::key(out, "title");
    w::string(out, describe::rule_title(cx, finding.rule));
    out.push(b',');
    w::key(out, "outcome");
    w::string(out, outcome_name(finding.outcome));
    out.push(b',');
    w::key(out, "severity");
    w::string(out, finding.severity.as_str());
    out.push(b',');
    w::key(out, "message");
    w::string(out, &finding.message);
    out.push(b',');
    w::key(out, "help");
    w::opt_string(out, finding.help.as_deref());
    out.push(b',');
    w::key(out, "cite");
    w::opt_string(out, rule.and_then(|r| r.cite.as_deref()));
    out.push(b',');
    w::key(out, "due");
    w::opt_string(
        out,
        rule.and_then(|r| r.due).map(|d| d.to_string()).as_deref(),
    );
    out.push(b',');
    w::key(out, "scope");
    w::string(out, scope_name(finding.scope));
    out.push(b',');
    w::key(out, "record_type");
    w::opt_string(out, describe::record_type_name(cx, finding));
    out.push(b',');
    w::key(out, "key");
    w::opt_string(out, finding.key.as_deref());
    out.push(b',');
    w::key(out, "group");
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
    match location {
        Some(l) => position(out, &Place::of(cx, l)),
        None => out.extend_from_slice(
            b"\"file\":null,\"line\":null,\"column\":null,\"sheet\":null,\"cell\":null",
        ),
    }
    out.push(b',');
    w::key(out, "field");
    let field = location.and_then(|l| describe::field(cx, finding, l));
    w::opt_string(out, field.map(|f| f.name.as_str()));
    out.push(b',');
    w::key(out, "values");
    out.push(b'{');
    for (i, (k, v)) in finding.values.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        w::string(out, k);
        out.push(b':');
        shown(out, v);
    }
    out.push(b'}');
    out.push(b',');
    w::key(out, "related");
    match &finding.related {
        Some(l) => {
            out.push(b'{');
            position(out, &Place::of(cx, l));
            out.push(b'}');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.push(b',');
    w::key(out, "skipped");
    w::integer(out, finding.skipped);
    out.push(b'}');
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
/// not apply.
fn position(out: &mut Vec<u8>, place: &Place) {
    w::key(out, "file");
    w::opt_string(out, place.file);
    out.push(b',');
    w::key(out, "line");
    w::opt_integer(out, place.line);
    out.push(b',');
    w::key(out, "column");
    w::opt_integer(out, place.column);
    out.push(b',');
    w::key(out, "sheet");
    w::opt_string(out, place.sheet);
    out.push(b',');
    w::key(out, "cell");
    w::opt_string(out, place.cell.as_deref());
}

/// A shown value: numbers as numbers (integral ones without a fraction,
/// non-finite ones as strings), bools, text, missing as null.
fn shown(out: &mut Vec<u8>, value: &Shown) {
    match value {
        Shown::Missing => out.extend_from_slice(b"null"),
        Shown::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Shown::Text(t) => w::string(out, t),
        Shown::Num(n) if n.is_nan() => w::string(out, "NaN"),
        Shown::Num(n) if n.is_infinite() => {
            w::string(out, if *n > 0.0 { "Infinity" } else { "-Infinity" })
        }
        Shown::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => w::integer(out, *n as i64),
        Shown::Num(n) => w::float(out, *n),
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
