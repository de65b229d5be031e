//! CSV/TSV/TXT files (RFC 4180 via the `csv` crate), streamed.
//!
//! The csv crate gives each record's unescaped cells and its start
//! position; a [`Recording`] reader under it keeps the raw bytes of the
//! current record (and the few KiB read ahead), from which [`spans`] computes
//! each cell's line, character column and width, quote-aware. Memory stays
//! bounded by the longest record; record buffers are reused.
//!
//! Delimiter: `--delimiter`, else tab for `.tsv`, else tab for a `.txt` or
//! UTF-16 file whose header line has tabs and no commas (Excel's text
//! exports), else comma. Rows whose cells are all blank are skipped.
//!
//! The header is the first row; extension: when it matches no record type,
//! up to five more rows are tried (title rows above a table), and the
//! first row is reported if none fits.

use std::io::{self, Read};

use crate::data::encoding::{Detected, Undecodable, detect, open_text};
use crate::data::limits::{MAX_RECORD_BYTES, show_bytes};
use crate::data::naming::io_reason;
use crate::data::rows::{CellPos, RawCell, data_finding};
use crate::data::{Ctx, Encoding, HeaderMatch};
use crate::i18n::{Lang, data as m};

/// How many rows above the header may be titles (extension).
const TITLE_ROWS: usize = 5;
use crate::diag::Severity;
use crate::value::RecordPos;

pub(super) fn read(ctx: &mut Ctx<'_>) {
    let (path, lang) = (ctx.path, ctx.lang());
    let whole_file = ctx.at(None, CellPos::default());
    let cannot_read =
        |e: &io::Error| crate::t!(lang, m::FILE_UNREADABLE, error = read_error(lang, e));
    let detection = match detect(path, ctx.options.encoding) {
        Ok(Ok(d)) => d,
        Ok(Err(Undecodable::Binary)) => {
            ctx.unreadable(
                crate::t!(lang, m::BINARY_NOT_TEXT),
                Some(crate::t!(lang, m::HELP_BINARY)),
                whole_file,
            );
            return;
        }
        Ok(Err(Undecodable::InvalidUtf8 {
            line,
            column,
            offset,
        })) => {
            ctx.invalid_utf8(
                line,
                column,
                offset,
                Some(crate::t!(lang, m::HELP_NOT_UTF8_FORCED)),
            );
            return;
        }
        Err(e) => {
            ctx.unreadable(cannot_read(&e), None, whole_file);
            return;
        }
    };
    ctx.sink.file.encoding = Some(detection.encoding.name());
    if detection.encoding == Detected::Gb18030 && ctx.options.encoding != Some(Encoding::Gb18030) {
        ctx.guessed_gb18030 = true;
        ctx.sink.finding(data_finding(
            "data/encoding",
            Severity::Info,
            crate::t!(lang, m::READ_AS_GB18030),
            Some(crate::t!(lang, m::HELP_SAVE_UTF8_EXACTLY)),
            Some(whole_file.clone()),
        ));
    }
    let delimiter = delimiter(ctx, &detection.first_line, detection.encoding);
    let text = match open_text(path, detection.encoding) {
        Ok(t) => t,
        Err(e) => {
            ctx.unreadable(cannot_read(&e), None, whole_file);
            return;
        }
    };
    if let Err(e) = read_records(ctx, text, delimiter) {
        ctx.unreadable(cannot_read(&e), None, whole_file);
    }
}

/// Why reading failed: a record over the limit, or the system's reason.
fn read_error(lang: Lang, e: &io::Error) -> String {
    match e.get_ref().and_then(|e| e.downcast_ref::<RecordTooLong>()) {
        Some(RecordTooLong(offset)) => read_error_text(lang, *offset),
        None => io_reason(lang, e),
    }
}

/// A CSV record longer than [`MAX_RECORD_BYTES`], from this byte offset.
#[derive(Debug)]
struct RecordTooLong(u64);

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&read_error_text(Lang::En, self.0))
    }
}

impl std::error::Error for RecordTooLong {}

/// The message of a record over the limit.
fn read_error_text(lang: Lang, offset: u64) -> String {
    crate::t!(
        lang,
        m::RECORD_TOO_LONG,
        offset = offset,
        limit = show_bytes(MAX_RECORD_BYTES as u64)
    )
}

fn delimiter(ctx: &Ctx<'_>, first_line: &str, enc: Detected) -> u8 {
    if let Some(d) = ctx.options.delimiter {
        return d;
    }
    let lower = ctx.path.to_ascii_lowercase();
    if lower.ends_with(".tsv") {
        return b'\t';
    }
    let sniff = lower.ends_with(".txt") || matches!(enc, Detected::Utf16Le | Detected::Utf16Be);
    if sniff && first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    }
}

fn read_records(ctx: &mut Ctx<'_>, text: Box<dyn Read>, delimiter: u8) -> io::Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(Recording::new(text));
    let mut row = csv::ByteRecord::new();
    let mut spans_buf: Vec<Span> = Vec::new();
    // The header's number of cells, once read.
    let mut header_width: Option<usize> = None;
    // Rows that matched no record type before the header, and the first
    // of them (its cells and positions), which is reported if no row fits.
    let mut rows_before_header = 0;
    let mut first_row: Option<(Vec<String>, Vec<CellPos>)> = None;
    let mut filler = None;
    loop {
        let more = match reader.read_byte_record(&mut row) {
            Ok(more) => more,
            // With byte records and `flexible`, the csv crate fails only on
            // I/O; any other error would be about one record: skip it.
            Err(e) => match e.into_kind() {
                csv::ErrorKind::Io(e) => return Err(e),
                other => {
                    let line = reader.position().line() as u32;
                    let at = ctx.at(
                        None,
                        CellPos {
                            line,
                            column: 1,
                            ..CellPos::default()
                        },
                    );
                    let error = format!("{other:?}");
                    ctx.malformed(
                        crate::t!(ctx.lang(), m::ROW_UNREADABLE, error = error),
                        None,
                        at,
                    );
                    continue;
                }
            },
        };
        if !more {
            break;
        }
        let Some(start) = row.position().cloned() else {
            continue;
        };
        let end = reader.position().byte();
        let recording = reader.get_mut();
        let raw = recording.raw(start.byte(), end);
        let (lead_lines, lead_bytes) = leading_newlines(raw);
        let line = start.line() as u32 + lead_lines;
        let offset = start.byte() + lead_bytes as u64;
        let balanced = spans(&raw[lead_bytes..], delimiter, &mut spans_buf);
        recording.discard_before(end);
        let pos_of = |i: usize| -> CellPos {
            let s = spans_buf.get(i).copied().unwrap_or_default();
            CellPos {
                line: line + s.line,
                column: s.column,
                offset: offset + u64::from(s.line_start),
                width: s.width,
            }
        };
        let first_cell = pos_of(0);
        if !balanced {
            ctx.malformed(
                crate::t!(ctx.lang(), m::UNCLOSED_QUOTE),
                Some(crate::t!(ctx.lang(), m::HELP_UNCLOSED_QUOTE)),
                ctx.at(None, first_cell),
            );
            continue;
        }
        // The stream is valid UTF-8 and cells are split at ASCII bytes, so
        // every cell is valid UTF-8; a failure would only blank the cell.
        // One check of the whole row costs a fraction of one per cell.
        let text = std::str::from_utf8(row.as_slice()).ok();
        let cell = |i: usize| {
            text.zip(row.range(i))
                .and_then(|(t, r)| t.get(r))
                .or_else(|| std::str::from_utf8(row.get(i)?).ok())
                .unwrap_or("")
        };
        let Some(width) = header_width else {
            let cells: Vec<&str> = (0..row.len()).map(cell).collect();
            let positions: Vec<CellPos> = (0..cells.len()).map(pos_of).collect();
            let fits = matches!(
                ctx.matcher
                    .match_header(ctx.pack, &cells, ctx.options.record_type),
                HeaderMatch::Matched(_)
            );
            if !fits && rows_before_header < TITLE_ROWS {
                // Perhaps a title row: remember the first row for the error.
                if first_row.is_none() {
                    first_row = Some((cells.iter().map(|c| c.to_string()).collect(), positions));
                }
                rows_before_header += 1;
                continue;
            }
            if !fits && let Some((cells, positions)) = first_row.take() {
                let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
                ctx.match_header(&refs, &positions, None, true);
                return Ok(());
            }
            first_row = None;
            filler = ctx.match_header(&cells, &positions, None, true);
            header_width = Some(cells.len());
            if filler.is_none() {
                return Ok(());
            }
            continue;
        };
        if row.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if row.len() != width {
            ctx.malformed(
                crate::t!(ctx.lang(), m::RAGGED_ROW, cells = row.len(), width = width),
                Some(crate::t!(ctx.lang(), m::HELP_RAGGED_ROW)),
                ctx.at(None, first_cell),
            );
            continue;
        }
        let Some(filler) = filler.as_mut() else {
            return Ok(());
        };
        let uniques = &mut *ctx.uniques;
        let file = ctx.file_index;
        ctx.sink.record(|rec, findings| {
            filler.fill(
                rec,
                RecordPos {
                    file,
                    sheet: 0,
                    line,
                    offset,
                },
                uniques,
                findings,
                |col| (RawCell::Text(cell(col)), pos_of(col)),
            );
            true
        });
    }
    if let Some((cells, positions)) = first_row {
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        ctx.match_header(&refs, &positions, None, true);
    } else if header_width.is_none() {
        ctx.unreadable(
            crate::t!(ctx.lang(), m::EMPTY_FILE),
            Some(crate::t!(ctx.lang(), m::HELP_EMPTY_FILE)),
            ctx.at(None, CellPos::default()),
        );
    }
    Ok(())
}

/// Newlines the csv crate skipped before a record: (lines, bytes).
fn leading_newlines(raw: &[u8]) -> (u32, usize) {
    let mut lines = 0;
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        match b {
            b'\n' => lines += 1,
            b'\r' => {}
            _ => break,
        }
        i += 1;
    }
    (lines, i)
}

/// Where one cell of a record is, relative to the record's first line.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Span {
    /// Lines after the record's first line (a quoted cell may hold newlines).
    pub line: u32,
    /// 1-based column in characters within that line.
    pub column: u32,
    /// Width in characters, up to the end of the line.
    pub width: u32,
    /// Byte offset of that line's start from the record's start.
    pub line_start: u32,
}

/// The position of every cell of one raw record (quote-aware, RFC 4180).
/// Returns false when a quoted cell is never closed.
pub fn spans(raw: &[u8], delimiter: u8, out: &mut Vec<Span>) -> bool {
    out.clear();
    let mut i = 0;
    let mut line = 0u32;
    let mut line_start = 0usize;
    let mut col = 0u32; // characters before `i` on the current line
    let is_char_start = |b: u8| b & 0xC0 != 0x80;
    loop {
        let mut span = Span {
            line,
            column: col + 1,
            width: 0,
            line_start: line_start as u32,
        };
        let mut same_line = true;
        let mut quoted = raw.get(i) == Some(&b'"');
        if quoted {
            i += 1;
            col += 1;
            span.width += 1;
        }
        while let Some(&b) = raw.get(i) {
            if quoted {
                if b == b'"' {
                    if raw.get(i + 1) == Some(&b'"') {
                        i += 2;
                        col += 2;
                        if same_line {
                            span.width += 2;
                        }
                        continue;
                    }
                    quoted = false;
                } else if b == b'\n' {
                    i += 1;
                    line += 1;
                    line_start = i;
                    col = 0;
                    same_line = false;
                    continue;
                }
            } else if b == delimiter || b == b'\n' || b == b'\r' {
                break;
            }
            if is_char_start(b) {
                col += 1;
                if same_line && b != b'\r' {
                    span.width += 1;
                }
            }
            i += 1;
        }
        out.push(span);
        if quoted {
            return false;
        }
        match raw.get(i) {
            Some(&b) if b == delimiter => {
                i += 1;
                col += 1;
            }
            _ => return true,
        }
    }
}

/// A reader that keeps what it has read since the start of the current
/// record, so the record's raw bytes can be examined after the csv crate
/// has parsed it.
struct Recording<R> {
    inner: R,
    buf: Vec<u8>,
    /// Index in `buf` of stream offset `base`.
    start: usize,
    base: u64,
}

impl<R: Read> Recording<R> {
    fn new(inner: R) -> Recording<R> {
        Recording {
            inner,
            buf: Vec::new(),
            start: 0,
            base: 0,
        }
    }

    /// The bytes from stream offset `from` to `to` (empty if not kept).
    fn raw(&self, from: u64, to: u64) -> &[u8] {
        let a = self.start + from.saturating_sub(self.base) as usize;
        let b = self.start + to.saturating_sub(self.base) as usize;
        self.buf.get(a..b.min(self.buf.len())).unwrap_or(&[])
    }

    /// Forgets the bytes before stream offset `offset`.
    fn discard_before(&mut self, offset: u64) {
        let n = offset.saturating_sub(self.base) as usize;
        self.start = (self.start + n).min(self.buf.len());
        self.base = offset;
        if self.start > 64 * 1024 && self.start * 2 > self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
    }
}

impl<R: Read> Read for Recording<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        // The csv crate holds a whole record in memory: bound it.
        if self.buf.len() - self.start > MAX_RECORD_BYTES {
            return Err(io::Error::other(RecordTooLong(self.base)));
        }
        let n = self.inner.read(out)?;
        self.buf.extend_from_slice(&out[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_characters_and_follow_quotes() {
        let mut out = Vec::new();
        assert!(spans("学校,\"a,\"\"b\",x\r\n".as_bytes(), b',', &mut out));
        let cols: Vec<(u32, u32, u32)> = out.iter().map(|s| (s.line, s.column, s.width)).collect();
        assert_eq!(cols, vec![(0, 1, 2), (0, 4, 7), (0, 12, 1)]);
        assert!(spans(b"\"a\nbc\",d\n", b',', &mut out));
        assert_eq!((out[1].line, out[1].column, out[1].line_start), (1, 5, 3));
        assert!(!spans(b"a,\"open", b',', &mut out));
    }
}
