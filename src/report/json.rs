//! `--format json`: the report of CLI.md, streamed. The head is written
//! with the first diagnostic, each diagnostic as it arrives, and `files`
//! and `summary` at the end (CLI.md allows `summary` after `diagnostics`),
//! so a run with a million findings never holds them in memory.
//!
//! Non-finite numbers (a value divided by zero) are written as the strings
//! `"Infinity"` and `"-Infinity"`, which keeps the document valid JSON.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::data::{DataFile, FileFormat};
use crate::diag::{Finding, Location, Outcome, RuleRef, Scope, Severity, Shown, Summary};
use crate::report::{Context, Reporter, cell_ref};

/// Streams the JSON report to a writer.
pub struct JsonReporter<W: Write> {
    out: W,
    /// Diagnostics written so far (for commas, and whether the head is out).
    written: u64,
}

impl<W: Write> JsonReporter<W> {
    pub fn new(out: W) -> JsonReporter<W> {
        JsonReporter { out, written: 0 }
    }

    fn head(&mut self, cx: &Context) -> io::Result<()> {
        write!(self.out, "{{\"dudao\":\"1\",\"as_of\":\"{}\",\"diagnostics\":[", cx.as_of)
    }
}

impl<W: Write> Reporter for JsonReporter<W> {
    fn finding(&mut self, cx: &Context, finding: &Finding) -> io::Result<()> {
        if self.written == 0 {
            self.head(cx)?;
        } else {
            self.out.write_all(b",")?;
        }
        self.out.write_all(b"\n")?;
        self.written += 1;
        serde_json::to_writer(&mut self.out, &Diagnostic { cx, f: finding }).map_err(io::Error::from)
    }

    fn finish(&mut self, cx: &Context, summary: &Summary) -> io::Result<()> {
        if self.written == 0 {
            self.head(cx)?;
        }
        self.out.write_all(b"\n],\"files\":")?;
        let files: Vec<FileEntry> = cx.files.iter().map(|f| FileEntry { cx, f }).collect();
        serde_json::to_writer(&mut self.out, &files)?;
        self.out.write_all(b",\"summary\":")?;
        serde_json::to_writer(&mut self.out, summary)?;
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}

/// One element of `files`.
struct FileEntry<'a> {
    cx: &'a Context<'a>,
    f: &'a DataFile,
}

impl Serialize for FileEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.f;
        let record_type = f
            .record_type
            .and_then(|t| self.cx.pack.records.get(t as usize))
            .map(|r| r.name.as_str());
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("path", &f.path)?;
        map.serialize_entry("type", &record_type)?;
        map.serialize_entry("records", &f.records)?;
        map.serialize_entry("encoding", &f.encoding)?;
        if f.format == FileFormat::Excel {
            map.serialize_entry("sheets", &f.sheets)?;
        }
        map.end()
    }
}

/// One element of `diagnostics`, serialized straight from the finding.
struct Diagnostic<'a> {
    cx: &'a Context<'a>,
    f: &'a Finding,
}

/// Where a finding points, as the JSON fields `file` … `cell`.
#[derive(Default)]
struct Place<'a> {
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    sheet: Option<&'a str>,
    cell: Option<String>,
}

fn place<'a>(cx: &'a Context, loc: Option<&Location>) -> Place<'a> {
    let Some(loc) = loc else {
        return Place::default();
    };
    let file = cx.files.get(loc.file as usize);
    let path = file.map(|f| f.path.as_str());
    let nonzero = |n: u32| (n > 0).then_some(n);
    match (file, loc.sheet) {
        (Some(f), Some(sheet)) if f.format == FileFormat::Excel => Place {
            file: path,
            line: None,
            column: None,
            sheet: f.sheets.get(sheet as usize).map(String::as_str),
            cell: (loc.line > 0 && loc.column > 0).then(|| cell_ref(loc.column, loc.line)),
        },
        _ => Place {
            file: path,
            line: nonzero(loc.line),
            column: nonzero(loc.column),
            ..Place::default()
        },
    }
}

impl Serialize for Place<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("file", &self.file)?;
        map.serialize_entry("line", &self.line)?;
        map.serialize_entry("column", &self.column)?;
        map.serialize_entry("sheet", &self.sheet)?;
        map.serialize_entry("cell", &self.cell)?;
        map.end()
    }
}

/// A value in `values`: numbers as numbers, missing as null.
struct ShownJson<'a>(&'a Shown);

impl Serialize for ShownJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Shown::Missing => s.serialize_none(),
            Shown::Bool(b) => s.serialize_bool(*b),
            Shown::Num(n) if n.is_finite() => s.serialize_f64(*n),
            Shown::Num(n) => s.serialize_str(if *n > 0.0 { "Infinity" } else { "-Infinity" }),
            Shown::Text(t) => s.serialize_str(t),
        }
    }
}

/// An ordered object of name → value pairs.
struct Pairs<'a, V>(&'a [(String, V)], fn(&'a V) -> ShownOrStr<'a>);

enum ShownOrStr<'a> {
    Shown(&'a Shown),
    Str(&'a str),
}

impl<V> Serialize for Pairs<'_, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            match (self.1)(v) {
                ShownOrStr::Shown(v) => map.serialize_entry(k, &ShownJson(v))?,
                ShownOrStr::Str(v) => map.serialize_entry(k, v)?,
            }
        }
        map.end()
    }
}

fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Fail => "fail",
        Outcome::Missing => "missing",
        Outcome::Waived => "waived",
        Outcome::Error => "error",
    }
}

fn scope_name(s: Scope) -> &'static str {
    match s {
        Scope::Record => "record",
        Scope::Group => "group",
        Scope::Overall => "overall",
        Scope::Data => "data",
    }
}

fn severity_name(s: Severity) -> &'static str {
    s.as_str()
}

impl Serialize for Diagnostic<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (cx, f) = (self.cx, self.f);
        let pack = cx.pack;
        let rule = match f.rule {
            RuleRef::Pack(i) => pack.rules.get(i as usize),
            RuleRef::Builtin(_) => None,
        };
        let (id, title) = match (f.rule, rule) {
            (_, Some(r)) => (r.id.as_str(), r.title.as_str()),
            (RuleRef::Builtin(id), None) => (id, crate::diag::builtin_title(id)),
            (RuleRef::Pack(_), None) => ("", ""),
        };
        let rtype = f.record_type.and_then(|t| pack.records.get(t as usize));
        let field = match (f.location.as_ref().and_then(|l| l.field), rtype) {
            (Some(i), Some(r)) => r.fields.get(i as usize).map(|f| f.name.as_str()),
            _ => None,
        };
        let at = place(cx, f.location.as_ref());
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("rule", id)?;
        map.serialize_entry("title", title)?;
        map.serialize_entry("outcome", outcome_name(f.outcome))?;
        map.serialize_entry("severity", severity_name(f.severity))?;
        map.serialize_entry("message", &f.message)?;
        map.serialize_entry("help", &f.help)?;
        map.serialize_entry("cite", &rule.and_then(|r| r.cite.as_deref()))?;
        map.serialize_entry("due", &rule.and_then(|r| r.due).map(|d| d.to_string()))?;
        map.serialize_entry("scope", scope_name(f.scope))?;
        map.serialize_entry("record_type", &rtype.map(|r| r.name.as_str()))?;
        map.serialize_entry("key", &f.key)?;
        if f.group.is_empty() {
            map.serialize_entry("group", &None::<()>)?;
        } else {
            map.serialize_entry("group", &Pairs(&f.group, |v: &String| ShownOrStr::Str(v)))?;
        }
        map.serialize_entry("file", &at.file)?;
        map.serialize_entry("line", &at.line)?;
        map.serialize_entry("column", &at.column)?;
        map.serialize_entry("sheet", &at.sheet)?;
        map.serialize_entry("cell", &at.cell)?;
        map.serialize_entry("field", &field)?;
        map.serialize_entry("values", &Pairs(&f.values, ShownOrStr::Shown))?;
        match &f.related {
            Some(r) => map.serialize_entry("related", &place(cx, Some(r)))?,
            None => map.serialize_entry("related", &None::<()>)?,
        }
        map.serialize_entry("skipped", &f.skipped)?;
        map.end()
    }
}
