//! CSV/TSV/TXT files (RFC 4180).
//!
//! Plain UTF-8 files in regular files are mapped and read in parallel
//! blocks (`blocks.rs`, with `split.rs`); the rest — GB18030, UTF-16, files
//! that cannot be mapped — are decoded and streamed here through the `csv`
//! crate. Both share the header search ([`Header`]) and the handling of a
//! body row ([`body_row`]), so they report the same things in the same way.
//!
//! When streaming, the csv crate gives each record's unescaped cells and
//! its start position; a [`Recording`] reader under it keeps the raw bytes of the
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
use crate::data::rows::{CellPos, RawCell, RowCells, RowFiller, data_finding};
use crate::data::sink::RowsOut;
use crate::data::split::{Span, spans};
use crate::data::{Ctx, Encoding, HeaderMatch, blocks};
use crate::diag::{Finding, Location, Severity};
use crate::i18n::{Lang, data as m};
use crate::value::RecordPos;

/// How many rows above the header may be titles (extension).
const TITLE_ROWS: usize = 5;

pub(super) fn read(ctx: &mut Ctx<'_>) {
    // Plain UTF-8 in a regular file is mapped and read in parallel blocks;
    // everything else is streamed.
    if blocks::read_mapped(ctx) {
        return;
    }
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

pub(super) fn delimiter(ctx: &Ctx<'_>, first_line: &str, enc: Detected) -> u8 {
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
    let mut header = Header::default();
    let mut body: Option<(RowFiller<'_>, usize)> = None;
    let mut out = RowsOut::default();
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
        // The stream is valid UTF-8 and cells are split at ASCII bytes, so
        // every cell is valid UTF-8; a failure would only blank the cell.
        // One check of the whole row costs a fraction of one per cell.
        let cells = CrateRow {
            row: &row,
            text: std::str::from_utf8(row.as_slice()).ok(),
            spans: &spans_buf,
            line,
            offset,
        };
        if !balanced {
            let f = unclosed_quote(ctx.lang(), ctx.file_index, cells.pos(0));
            ctx.sink.finding(f);
            continue;
        }
        let Some((filler, width)) = body.as_mut() else {
            match header.row(ctx, &cells) {
                Step::Next => continue,
                Step::Stop => return Ok(()),
                Step::Found(filler, width) => body = Some((*filler, width)),
            }
            continue;
        };
        body_row(filler, *width, ctx.file_index, &cells, &mut out);
        let of = (filler.record_type(), filler.headers.as_slice());
        out.deliver(ctx.pack, of, ctx.uniques, &mut ctx.sink);
    }
    if body.is_none() {
        header.end(ctx);
    }
    Ok(())
}

/// One row, as a splitter gives it: its cells' text and positions.
pub(super) trait Row {
    /// Cells in the row.
    fn len(&self) -> usize;
    /// The text of cell `i` ("" past the end).
    fn cell(&self, i: usize) -> &str;
    /// Where cell `i` is.
    fn pos(&self, i: usize) -> CellPos;
    /// The text of cell `i` and its 1-based column (`pos(i).column`).
    fn cell_column(&self, i: usize) -> (&str, u32) {
        (self.cell(i), self.pos(i).column)
    }
    /// The line and byte offset where the row begins (`pos(0)`'s).
    fn start(&self) -> (u32, u64) {
        let pos = self.pos(0);
        (pos.line, pos.offset)
    }
    /// Whether a cell may begin on a later line than the row's first.
    fn multiline(&self) -> bool {
        true
    }
    /// Whether every cell is blank (the row is skipped).
    fn all_blank(&self) -> bool;
}

/// A row's cells as the filler takes them.
struct CellsOf<'r, R>(&'r R);

impl<'r, R: Row> RowCells<'r> for CellsOf<'r, R> {
    #[inline(always)]
    fn cell(&mut self, col: usize) -> (RawCell<'r>, u32) {
        let (text, column) = self.0.cell_column(col);
        (RawCell::Text(text), column)
    }

    fn pos(&mut self, col: usize) -> CellPos {
        self.0.pos(col)
    }

    fn multiline(&self) -> bool {
        self.0.multiline()
    }
}

/// A row from the `csv` crate, with the positions [`spans`] found.
struct CrateRow<'r> {
    row: &'r csv::ByteRecord,
    /// The row's bytes as text, if valid UTF-8 (else cell by cell).
    text: Option<&'r str>,
    spans: &'r [Span],
    line: u32,
    offset: u64,
}

impl Row for CrateRow<'_> {
    fn len(&self) -> usize {
        self.row.len()
    }

    fn cell(&self, i: usize) -> &str {
        self.text
            .zip(self.row.range(i))
            .and_then(|(t, r)| t.get(r))
            .or_else(|| std::str::from_utf8(self.row.get(i)?).ok())
            .unwrap_or("")
    }

    fn pos(&self, i: usize) -> CellPos {
        span_pos(
            self.spans.get(i).copied().unwrap_or_default(),
            self.line,
            self.offset,
        )
    }

    fn all_blank(&self) -> bool {
        self.row
            .iter()
            .all(|c| c.iter().all(u8::is_ascii_whitespace))
    }
}

/// A cell's position from its span in a record at `line`, `offset`.
pub(super) fn span_pos(s: Span, line: u32, offset: u64) -> CellPos {
    CellPos {
        line: line + s.line,
        column: s.column,
        offset: offset + u64::from(s.line_start),
        width: s.width,
    }
}

/// The rows before the header: title rows are passed over (extension),
/// and the first row is kept for the error if no row fits.
#[derive(Default)]
pub(super) struct Header {
    rows_before: usize,
    first_row: Option<(Vec<String>, Vec<CellPos>)>,
}

/// What a row before the body did.
pub(super) enum Step<'a> {
    /// Not the header (perhaps a title): go on.
    Next,
    /// The header: the body's rows are filled so, and have this many cells.
    Found(Box<RowFiller<'a>>, usize),
    /// No header fits; reported.
    Stop,
}

impl Header {
    /// Takes the next row before the body.
    pub(super) fn row<'a>(&mut self, ctx: &mut Ctx<'a>, row: &dyn Row) -> Step<'a> {
        let cells: Vec<&str> = (0..row.len()).map(|i| row.cell(i)).collect();
        let positions: Vec<CellPos> = (0..cells.len()).map(|i| row.pos(i)).collect();
        let fits = matches!(
            ctx.matcher
                .match_header(ctx.pack, &cells, ctx.options.record_type),
            HeaderMatch::Matched(_)
        );
        if !fits && self.rows_before < TITLE_ROWS {
            // Perhaps a title row: remember the first row for the error.
            if self.first_row.is_none() {
                self.first_row = Some((cells.iter().map(|c| c.to_string()).collect(), positions));
            }
            self.rows_before += 1;
            return Step::Next;
        }
        if !fits && let Some((cells, positions)) = self.first_row.take() {
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            ctx.match_header(&refs, &positions, None, true);
            return Step::Stop;
        }
        self.first_row = None;
        match ctx.match_header(&cells, &positions, None, true) {
            Some(filler) => Step::Found(Box::new(filler), cells.len()),
            None => Step::Stop,
        }
    }

    /// The text ended before a header was found.
    pub(super) fn end(self, ctx: &mut Ctx<'_>) {
        if let Some((cells, positions)) = self.first_row {
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            ctx.match_header(&refs, &positions, None, true);
        } else {
            ctx.unreadable(
                crate::t!(ctx.lang(), m::EMPTY_FILE),
                Some(crate::t!(ctx.lang(), m::HELP_EMPTY_FILE)),
                ctx.at(None, CellPos::default()),
            );
        }
    }
}

/// One row after the header (its quotes closed): a record into `out`, or
/// nothing for a blank row, or `data/malformed` for a ragged one.
pub(super) fn body_row<R: Row>(
    filler: &mut RowFiller<'_>,
    width: usize,
    file: u32,
    row: &R,
    out: &mut RowsOut,
) {
    if row.all_blank() {
        return;
    }
    if row.len() != width {
        out.findings.push(ragged_row(
            filler.lang(),
            file,
            row.len(),
            width,
            row.pos(0),
        ));
        return;
    }
    let (line, offset) = row.start();
    out.record(|rec, findings, pending, arena| {
        filler.fill_deferred(
            rec,
            RecordPos {
                file,
                sheet: 0,
                line,
                offset,
            },
            findings,
            pending,
            arena,
            &mut CellsOf(row),
        );
    });
}

/// A location in a text file.
fn row_location(file: u32, pos: CellPos) -> Location {
    Location {
        file,
        sheet: None,
        line: pos.line,
        column: pos.column,
        offset: pos.offset,
        width: pos.width,
        field: None,
    }
}

/// `data/malformed`: a quoted cell runs to the end of the file.
pub(super) fn unclosed_quote(lang: Lang, file: u32, first_cell: CellPos) -> Finding {
    data_finding(
        "data/malformed",
        Severity::Error,
        crate::t!(lang, m::UNCLOSED_QUOTE),
        Some(crate::t!(lang, m::HELP_UNCLOSED_QUOTE)),
        Some(row_location(file, first_cell)),
    )
}

/// `data/malformed`: a row with more or fewer cells than the header.
fn ragged_row(lang: Lang, file: u32, cells: usize, width: usize, first_cell: CellPos) -> Finding {
    data_finding(
        "data/malformed",
        Severity::Error,
        crate::t!(lang, m::RAGGED_ROW, cells = cells, width = width),
        Some(crate::t!(lang, m::HELP_RAGGED_ROW)),
        Some(row_location(file, first_cell)),
    )
}

/// Why reading stops at a record longer than [`MAX_RECORD_BYTES`] (from
/// byte `from`).
pub(super) fn too_long(lang: Lang, from: u64) -> String {
    crate::t!(
        lang,
        m::FILE_UNREADABLE,
        error = read_error_text(lang, from)
    )
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
