//! JSON (`[{…}, …]` or `{"records": [...]}`) and JSON Lines files.
//!
//! A JSON file is read whole (decoded text in memory), each record borrowed
//! from it as a raw value so that its position is known; its columns are
//! the keys of all its objects, in order of first appearance. JSON Lines
//! are streamed line by line; the first object's keys choose the record
//! type, and keys first seen later join the columns as they appear.
//!
//! Values: strings and number literals are read by the value table, `true`
//! and `false` as the words, `null` is missing, objects and arrays are a
//! `schema/type` error at that record. serde_json's recursion limit stays
//! on; nesting inside a value is skipped iteratively by serde_json, so deep
//! nesting is an error, never a crash.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::io::{BufRead, BufReader, Read};

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::data::encoding::{Detected, Undecodable, decoded_text, detect, open_text};
use crate::data::limits::{MAX_COLUMNS, MAX_RECORD_BYTES, show_bytes};
use crate::data::naming::{io_reason, json_reason, number};
use crate::data::rows::{CellPos, Invalid, RawCell, RowFiller, data_finding};
use crate::data::{Ctx, Encoding};
use crate::diag::Severity;
use crate::i18n::data as m;
use crate::value::RecordPos;

/// One JSON object: its members in order, values unparsed.
struct Obj<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Obj<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Obj<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Obj<'de>, A::Error> {
                let mut members = Vec::new();
                while let Some((k, v)) = map.next_entry::<Cow<'de, str>, &'de RawValue>()? {
                    members.push((k, v));
                }
                Ok(Obj(members))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Deserialize)]
struct Wrapped<'a> {
    #[serde(borrow)]
    records: Vec<&'a RawValue>,
}

/// Decides the encoding (as for CSV) and reports problems; `None` when the
/// file cannot be read.
fn text_encoding(ctx: &mut Ctx<'_>) -> Option<Detected> {
    let whole_file = ctx.at(None, CellPos::default());
    let lang = ctx.lang();
    match detect(ctx.path, ctx.options.encoding) {
        Ok(Ok(d)) => {
            ctx.sink.file.encoding = Some(d.encoding.name());
            if d.encoding == Detected::Gb18030 && ctx.options.encoding != Some(Encoding::Gb18030) {
                ctx.guessed_gb18030 = true;
                ctx.sink.finding(data_finding(
                    "data/encoding",
                    Severity::Info,
                    crate::t!(lang, m::READ_AS_GB18030),
                    Some(crate::t!(lang, m::HELP_SAVE_UTF8)),
                    Some(whole_file),
                ));
            }
            Some(d.encoding)
        }
        Ok(Err(Undecodable::Binary)) => {
            ctx.unreadable(crate::t!(lang, m::BINARY_NOT_JSON), None, whole_file);
            None
        }
        Ok(Err(Undecodable::InvalidUtf8 {
            line,
            column,
            offset,
        })) => {
            ctx.invalid_utf8(line, column, offset, None);
            None
        }
        Err(e) => {
            let error = io_reason(lang, &e);
            ctx.unreadable(
                crate::t!(lang, m::FILE_UNREADABLE, error = error),
                None,
                whole_file,
            );
            None
        }
    }
}

/// Line (1-based), column (characters, 1-based) and line-start offset of
/// byte `at` in `text`, counting from a known earlier point.
#[derive(Clone, Copy)]
struct Cursor {
    byte: usize,
    line: u32,
    line_start: usize,
}

impl Cursor {
    fn advance(&mut self, text: &str, to: usize) {
        let to = to.min(text.len());
        if to < self.byte {
            return;
        }
        let slice = &text.as_bytes()[self.byte..to];
        self.line += memchr::memchr_iter(b'\n', slice).count() as u32;
        if let Some(i) = memchr::memrchr(b'\n', slice) {
            self.line_start = self.byte + i + 1;
        }
        self.byte = to;
    }

    fn pos(&self, text: &str, width: u32) -> CellPos {
        let column = text
            .get(self.line_start..self.byte)
            .map_or(0, |s| s.chars().count()) as u32
            + 1;
        CellPos {
            line: self.line,
            column,
            offset: self.line_start as u64,
            width,
        }
    }
}

fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

pub(super) fn read_json(ctx: &mut Ctx<'_>) {
    let Some(encoding) = text_encoding(ctx) else {
        return;
    };
    let text = match decoded_text(ctx.path, encoding) {
        Ok(t) => t,
        Err(e) => {
            let at = ctx.at(None, CellPos::default());
            let error = io_reason(ctx.lang(), &e);
            ctx.unreadable(
                crate::t!(ctx.lang(), m::FILE_UNREADABLE, error = error),
                None,
                at,
            );
            return;
        }
    };
    let trimmed = text.trim_start();
    let parsed = if trimmed.starts_with('{') {
        serde_json::from_str::<Wrapped>(&text).map(|w| w.records)
    } else {
        serde_json::from_str::<Vec<&RawValue>>(&text)
    };
    let elements = match parsed {
        Ok(e) => e,
        Err(e) => {
            let line = e.line() as u32;
            let at = ctx.at(
                None,
                CellPos {
                    line,
                    column: e.column() as u32,
                    offset: 0,
                    width: 1,
                },
            );
            let lang = ctx.lang();
            ctx.unreadable(
                crate::t!(lang, m::NOT_JSON_ARRAY, error = json_reason(lang, &e)),
                Some(crate::t!(lang, m::HELP_JSON_ARRAY)),
                at,
            );
            return;
        }
    };
    // Columns: every key, in order of first appearance (one past the
    // limit is enough for the header check to refuse the file).
    let mut columns = Columns::default();
    'collect: for el in &elements {
        if let Ok(obj) = serde_json::from_str::<Obj>(el.get()) {
            for (k, _) in obj.0 {
                if columns.names.len() > MAX_COLUMNS {
                    break 'collect;
                }
                columns.add(&k);
            }
        }
    }
    let headers = &columns.names;
    let mut cursor = Cursor {
        byte: 0,
        line: 1,
        line_start: 0,
    };
    let first = elements.first().map_or(0, |e| offset_in(&text, e.get()));
    cursor.advance(&text, first);
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let positions = vec![cursor.pos(&text, 1); headers.len()];
    let Some(mut filler) = ctx.match_header(&header_refs, &positions, None, true) else {
        return;
    };
    for el in &elements {
        cursor.advance(&text, offset_in(&text, el.get()));
        read_object(ctx, &mut filler, &text, el.get(), cursor, &columns);
    }
}

pub(super) fn read_lines(ctx: &mut Ctx<'_>) {
    let Some(encoding) = text_encoding(ctx) else {
        return;
    };
    let stream = match open_text(ctx.path, encoding) {
        Ok(s) => s,
        Err(e) => {
            let at = ctx.at(None, CellPos::default());
            let error = io_reason(ctx.lang(), &e);
            ctx.unreadable(
                crate::t!(ctx.lang(), m::FILE_UNREADABLE, error = error),
                None,
                at,
            );
            return;
        }
    };
    let mut reader = BufReader::with_capacity(64 * 1024, stream);
    let mut buf = Vec::new();
    let mut offset: u64 = 0;
    let mut line: u32 = 0;
    let mut columns = Columns::default();
    let mut filler: Option<RowFiller> = None;
    loop {
        buf.clear();
        let n = match (&mut reader)
            .take(MAX_RECORD_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
        {
            Ok(n) => n,
            Err(e) => {
                let at = ctx.at(
                    None,
                    CellPos {
                        line: line + 1,
                        column: 1,
                        offset,
                        width: 0,
                    },
                );
                let error = io_reason(ctx.lang(), &e);
                ctx.unreadable(
                    crate::t!(ctx.lang(), m::FILE_UNREADABLE, error = error),
                    None,
                    at,
                );
                return;
            }
        };
        if n == 0 {
            break;
        }
        line += 1;
        if n > MAX_RECORD_BYTES {
            let at = ctx.at(
                None,
                CellPos {
                    line,
                    column: 1,
                    offset,
                    width: 0,
                },
            );
            let limit = show_bytes(MAX_RECORD_BYTES as u64);
            ctx.unreadable(
                crate::t!(ctx.lang(), m::LINE_TOO_LONG, limit = limit),
                Some(crate::t!(ctx.lang(), m::HELP_ONE_OBJECT_PER_LINE)),
                at,
            );
            return;
        }
        let line_offset = offset;
        offset += n as u64;
        let Ok(text) = std::str::from_utf8(&buf) else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let start = CellPos {
            line,
            column: 1,
            offset: line_offset,
            width: 0,
        };
        let obj = match serde_json::from_str::<Obj>(text) {
            Ok(o) => o,
            Err(e) => {
                let upto = (e.column().saturating_sub(1)).min(text.len());
                let column = text.get(..upto).map_or(upto, |s| s.chars().count()) as u32 + 1;
                let at = ctx.at(
                    None,
                    CellPos {
                        column,
                        width: 1,
                        ..start
                    },
                );
                let lang = ctx.lang();
                ctx.malformed(
                    crate::t!(lang, m::LINE_NOT_OBJECT, error = json_reason(lang, &e)),
                    Some(crate::t!(lang, m::HELP_ONE_OBJECT_PER_LINE)),
                    at,
                );
                continue;
            }
        };
        if filler.is_none() {
            for (k, _) in obj.0.iter().take(MAX_COLUMNS + 1) {
                columns.add(k);
            }
            let header_refs: Vec<&str> = columns.names.iter().map(String::as_str).collect();
            let positions = vec![CellPos { width: 1, ..start }; header_refs.len()];
            filler = ctx.match_header(&header_refs, &positions, None, true);
            if filler.is_none() {
                return;
            }
        }
        if let Some(f) = filler.as_mut() {
            for (k, _) in &obj.0 {
                if columns.get(k).is_some() {
                    continue;
                }
                if columns.names.len() >= MAX_COLUMNS {
                    let lang = ctx.lang();
                    let limit = number(lang, MAX_COLUMNS as u64);
                    ctx.unreadable(
                        crate::t!(lang, m::TOO_MANY_KEYS, limit = limit),
                        Some(crate::t!(lang, m::HELP_TOO_MANY_KEYS)),
                        ctx.at(None, start),
                    );
                    return;
                }
                if let Some(col) = columns.add(k) {
                    ctx.add_column(f, k, col, CellPos { width: 1, ..start });
                }
            }
            let cursor = Cursor {
                byte: 0,
                line,
                line_start: 0,
            };
            // Offsets inside `text` are relative to the line's start.
            read_object_at(ctx, f, text, obj, cursor, &columns, line_offset);
        }
    }
    if filler.is_none() {
        let at = ctx.at(None, CellPos::default());
        ctx.unreadable(crate::t!(ctx.lang(), m::NO_JSON_OBJECT), None, at);
    }
}

/// A file's columns: keys in order of first appearance, indexed.
#[derive(Default)]
struct Columns {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Columns {
    /// Adds a key not seen before, returning its column.
    fn add(&mut self, key: &str) -> Option<usize> {
        if self.index.contains_key(key) {
            return None;
        }
        let col = self.names.len();
        self.names.push(key.to_string());
        self.index.insert(key.to_string(), col);
        Some(col)
    }

    fn get(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }
}

/// One element of a JSON array: an object, or a malformed row.
fn read_object(
    ctx: &mut Ctx<'_>,
    filler: &mut RowFiller<'_>,
    text: &str,
    raw: &str,
    cursor: Cursor,
    columns: &Columns,
) {
    match serde_json::from_str::<Obj>(raw) {
        Ok(obj) => read_object_at(ctx, filler, text, obj, cursor, columns, 0),
        Err(e) => {
            let at = ctx.at(None, cursor.pos(text, 1));
            let lang = ctx.lang();
            ctx.malformed(
                crate::t!(lang, m::RECORD_NOT_OBJECT, error = json_reason(lang, &e)),
                Some(crate::t!(lang, m::HELP_RECORD_OBJECT)),
                at,
            );
        }
    }
}

/// Fills a record from an object whose text lies in `text` (whose byte 0 is
/// `base` bytes into the decoded file).
fn read_object_at(
    ctx: &mut Ctx<'_>,
    filler: &mut RowFiller<'_>,
    text: &str,
    obj: Obj<'_>,
    cursor: Cursor,
    columns: &Columns,
    base: u64,
) {
    let record_pos = cursor.pos(text, 1);
    // Only members whose column feeds a field are read (the first of
    // duplicate keys), and their positions are found only when asked for:
    // an object of many keys costs time linear in its size.
    let field_columns: Vec<usize> = filler
        .layout()
        .field_column
        .iter()
        .flatten()
        .copied()
        .collect();
    let mut strings: Vec<Cow<str>> = Vec::with_capacity(field_columns.len());
    let mut members: Vec<(usize, usize, &str)> = Vec::with_capacity(field_columns.len());
    for (k, v) in &obj.0 {
        let Some(col) = columns.get(k) else {
            continue;
        };
        if !field_columns.contains(&col) || members.iter().any(|m| m.0 == col) {
            continue;
        }
        let raw = v.get();
        let s = if raw.starts_with('"') {
            serde_json::from_str::<Cow<str>>(raw).unwrap_or(Cow::Borrowed(""))
        } else {
            Cow::Borrowed(raw)
        };
        strings.push(s);
        members.push((col, strings.len() - 1, raw));
    }
    let cell_of = |col: usize| -> (RawCell<'_>, CellPos) {
        let Some(&(_, i, raw)) = members.iter().find(|(c, _, _)| *c == col) else {
            return (RawCell::Missing, record_pos);
        };
        let s: &str = &strings[i];
        let mut cur = cursor;
        cur.advance(text, offset_in(text, raw));
        let width = raw.lines().next().map_or(0, |l| l.chars().count()) as u32;
        let mut pos = cur.pos(text, width);
        pos.offset += base;
        let cell = match raw.as_bytes().first() {
            Some(b'"') => RawCell::Text(s),
            Some(b'n') => RawCell::Missing,
            Some(b't') => RawCell::Bool(true),
            Some(b'f') => RawCell::Bool(false),
            Some(b'{') => RawCell::Invalid(Invalid::Object),
            Some(b'[') => RawCell::Invalid(Invalid::Array),
            _ => RawCell::Text(s),
        };
        (cell, pos)
    };
    let uniques = &mut *ctx.uniques;
    let pos = RecordPos {
        file: ctx.file_index,
        sheet: 0,
        line: record_pos.line,
        offset: record_pos.offset + base,
    };
    ctx.sink.record(|rec, findings| {
        filler.fill(rec, pos, uniques, findings, cell_of);
        true
    });
}
