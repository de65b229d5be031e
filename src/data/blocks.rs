//! Plain UTF-8 CSV files, memory-mapped and read in parallel blocks.
//!
//! The file is mapped and surveyed in one parallel pass ([`survey`]):
//! checked as UTF-8, cut into blocks just after the first `\n` past each
//! multiple of [`BLOCK`] bytes, and the `\n` bytes before each block
//! counted. Anything else — another encoding, a byte-order mark of UTF-16,
//! NUL bytes, a file that cannot be mapped, a delimiter [`Splitter`] does
//! not take — is left to the streaming reader (`csv.rs`), which decides and
//! reports it as before. The header is found serially; the body's blocks
//! are split into records and filled on the rayon pool, each into its own
//! [`RowsOut`] with its records' true lines, and — given a
//! [`Precheck`](crate::data::Precheck) — checked there, while they are in
//! the cache.
//!
//! A cut may fall inside a quoted cell. Each block is therefore read as if
//! it began a record, and blocks are handed on strictly in file order: a
//! block is taken only if the block before it ended exactly at its start
//! (its last record ended at the cut) with the lines the survey counted;
//! otherwise — and when a record runs more than [`OVERRUN`] bytes past its
//! block — the rest of the block is read again, serially, from where the
//! true records are. So records, findings, line numbers and the order of
//! everything are those of a serial read, for any number of threads;
//! `unique` values are checked at delivery, in file order, so the first
//! occurrence is the one reported.

use std::sync::{Mutex, mpsc};

use memmap2::Mmap;
use rayon::prelude::*;

use crate::data::csv::{
    Header, Row, Step, body_row, delimiter, span_pos, too_long, unclosed_quote,
};
use crate::data::encoding::Detected;
use crate::data::limits::MAX_RECORD_BYTES;
use crate::data::rows::{CellPos, RowFiller};
use crate::data::sink::RowsOut;
use crate::data::split::{Mode, Next, PlainCells, Splitter, newline_after};
use crate::data::{Ctx, Encoding};

/// Bytes per block (cut at the next `\n`). 128 KB measured faster than
/// 256 KB at 10^6 records (`-q` 0.58–0.59 s against 0.61–0.62 s, JSON
/// 1.11–1.15 s against 1.15–1.25 s, alternated) and 1 MB much slower
/// (`-q` 0.98 s); see docs/perf/pipeline.md.
const BLOCK: usize = 128 << 10;

/// How far a record of a block may run past the block's end before the
/// block is read again serially (a quoted cell holding newlines at a cut).
const OVERRUN: usize = 64 << 10;

/// Reads `ctx`'s file if it is plain UTF-8 that can be mapped; false when
/// it is left to the streaming reader (nothing was reported then).
pub(super) fn read_mapped(ctx: &mut Ctx<'_>) -> bool {
    if ctx.options.encoding == Some(Encoding::Gb18030) {
        return false;
    }
    let Some(map) = map(ctx.path) else {
        return false;
    };
    let bytes: &[u8] = &map;
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
    {
        return false;
    }
    let Some(survey) = survey(&map) else {
        return false;
    };
    // SAFETY: every byte was just checked to be UTF-8 (in pieces cut after
    // a `\n`), and the mapped file is assumed unchanged.
    let text = unsafe { std::str::from_utf8_unchecked(bytes) };
    let bom = text.starts_with('\u{FEFF}');
    let body = if bom { &text[3..] } else { text };
    // The first line as encoding detection gives it (from its first 64 KiB).
    let head = &bytes[if bom { 3 } else { 0 }..bytes.len().min(64 * 1024)];
    let first_line = String::from_utf8_lossy(head)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    let delimiter = delimiter(ctx, &first_line, Detected::Utf8 { bom });
    if !Splitter::supports(delimiter) {
        return false;
    }
    ctx.sink.file.encoding = Some(Detected::Utf8 { bom }.name());
    let mut mapped = Mapped {
        map: &map,
        text_start: if bom { 3 } else { 0 },
        released: 0,
        survey,
    };
    read_text(ctx, body, delimiter, &mut mapped);
    true
}

/// The blocks of a mapped file, as [`survey`] found them.
#[derive(Debug, PartialEq)]
struct Survey {
    /// Where each block starts (map offsets, ascending): 0, then just
    /// after the first `\n` at or past each multiple of [`BLOCK`].
    starts: Vec<usize>,
    /// The `\n` bytes before each start.
    lines: Vec<u64>,
}

/// Checks that the mapped bytes are UTF-8 and cuts them into blocks, each
/// starting just after the first `\n` at or past a multiple of [`BLOCK`]
/// (so the cuts do not depend on the threads), counting the `\n` bytes
/// before each block: what reading in parallel needs to number lines where
/// blocks are read. Done in pieces of [`PIECE`] on the rayon pool, each
/// piece's pages released once surveyed, so that it does not make the whole
/// file resident at once. `None` when the bytes are not UTF-8.
fn survey(map: &Mmap) -> Option<Survey> {
    let bytes: &[u8] = map;
    let grid = bytes.len().div_ceil(BLOCK).max(1);
    let per_piece = PIECE / BLOCK;
    let start = |k: usize| match k {
        0 => 0,
        k => newline_after(bytes, k.saturating_mul(BLOCK)).unwrap_or(bytes.len()),
    };
    let pieces: Option<Vec<Vec<(usize, u64)>>> = (0..grid.div_ceil(per_piece))
        .into_par_iter()
        .map(|p| {
            let ks = p * per_piece..((p + 1) * per_piece).min(grid);
            let mut blocks = Vec::with_capacity(ks.len());
            let mut at = start(ks.start);
            let first = at;
            for k in ks {
                let end = start(k + 1);
                if end > at {
                    let block = &bytes[at..end];
                    if simdutf8::basic::from_utf8(block).is_err() {
                        return None;
                    }
                    blocks.push((at, newlines(block)));
                    at = end;
                }
            }
            release_pages(map, first, at);
            Some(blocks)
        })
        .collect();
    let mut survey = Survey {
        starts: Vec::with_capacity(grid),
        lines: Vec::with_capacity(grid),
    };
    let mut lines = 0;
    for (at, newlines) in pieces?.into_iter().flatten() {
        survey.starts.push(at);
        survey.lines.push(lines);
        lines += newlines;
    }
    Some(survey)
}

/// The `\n` bytes in `bytes`, counted 64 bytes at a time into byte-wide
/// counters (which the compiler turns into vector compares and adds).
fn newlines(bytes: &[u8]) -> u64 {
    let (words, rest) = bytes.as_chunks::<64>();
    let mut n = 0;
    // 255 rounds at most, so that no byte-wide counter overflows.
    for group in words.chunks(255) {
        let mut counts = [0u8; 64];
        for word in group {
            for (count, &b) in counts.iter_mut().zip(word) {
                *count += u8::from(b == b'\n');
            }
        }
        n += counts.iter().map(|&c| u64::from(c)).sum::<u64>();
    }
    n + rest.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Bytes of the file surveyed by one task: blocks of [`BLOCK`] bytes.
const PIECE: usize = 4 << 20;

/// Drops the mapped pages that lie wholly or partly in `start..end`,
/// short of the one holding `end` (a read-only map loses nothing: a page
/// touched again is mapped again from the page cache).
fn release_pages(map: &Mmap, start: usize, end: usize) {
    const PAGE: usize = 4096;
    let (first, last) = (start / PAGE * PAGE, end / PAGE * PAGE);
    if last > first {
        // SAFETY: the map is read-only, so dropping its pages loses
        // nothing: they are read from the file again if touched.
        let _ = unsafe {
            map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, first, last - first)
        };
    }
}

/// The mapping under a text, and how much of it was released.
struct Mapped<'m> {
    map: &'m Mmap,
    /// Offset of the text in the map (after a byte-order mark).
    text_start: usize,
    /// Map offset up to which pages were released.
    released: usize,
    /// Where its blocks start.
    survey: Survey,
}

impl Mapped<'_> {
    /// Releases the pages before text offset `upto`, which is read: a page
    /// of a mapped file counts in the process's resident memory once
    /// touched, so a file read through would count whole. (Released pages
    /// stay in the page cache; touching one again maps it again.)
    fn release(&mut self, upto: usize) {
        const PAGE: usize = 4096;
        let end = (self.text_start + upto) / PAGE * PAGE;
        if end >= self.released + (1 << 20) || (end > self.released && end + PAGE > self.map.len())
        {
            release_pages(self.map, self.released, end);
            self.released = end;
        }
    }
}

/// The file mapped, if it is a regular, non-empty file that can be.
fn map(path: &str) -> Option<Mmap> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() == 0 {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the map is only read, as bytes checked to be UTF-8 right after
    // mapping; like every reader of a file, dudao assumes nobody truncates
    // the file while it is being read.
    unsafe { Mmap::map(&file) }.ok()
}

/// A row found by a [`Splitter`] in the text.
struct SplitRow<'r> {
    splitter: &'r Splitter,
    text: &'r str,
    line: u32,
    offset: u64,
    /// `\n` bytes inside the row (in quoted cells).
    newlines: u32,
}

impl Row for SplitRow<'_> {
    fn len(&self) -> usize {
        self.splitter.len()
    }

    #[inline(always)]
    fn cell(&self, i: usize) -> &str {
        self.splitter.cell(self.text, i)
    }

    fn pos(&self, i: usize) -> CellPos {
        span_pos(self.splitter.span(i), self.line, self.offset)
    }

    #[inline(always)]
    fn cell_column(&self, i: usize) -> (&str, u32) {
        self.splitter.cell_column(self.text, i)
    }

    fn start(&self) -> (u32, u64) {
        // The first cell begins the record's first line.
        (self.line, self.offset)
    }

    fn multiline(&self) -> bool {
        self.newlines > 0
    }

    fn all_blank(&self) -> bool {
        self.splitter.all_blank(self.text.as_bytes())
    }
}

/// A [`SplitRow`] whose cells are ranges of the text ([`Mode::Plain`], or
/// with `STRIP` [`Mode::Stripped`]), read as [`PlainCells`] so that reading
/// a cell asks nothing else.
struct PlainRow<'r, const STRIP: bool> {
    row: &'r SplitRow<'r>,
    cells: PlainCells<'r>,
}

impl<const STRIP: bool> Row for PlainRow<'_, STRIP> {
    fn len(&self) -> usize {
        self.cells.len()
    }

    #[inline(always)]
    fn cell(&self, i: usize) -> &str {
        self.cells.cell_column(i, STRIP).0
    }

    fn pos(&self, i: usize) -> CellPos {
        self.row.pos(i)
    }

    #[inline(always)]
    fn cell_column(&self, i: usize) -> (&str, u32) {
        self.cells.cell_column(i, STRIP)
    }

    fn start(&self) -> (u32, u64) {
        self.row.start()
    }

    fn multiline(&self) -> bool {
        // Neither plain nor whole quoted cells hold a line end.
        false
    }

    fn all_blank(&self) -> bool {
        self.cells.all_blank(STRIP)
    }
}

/// Reads the decoded text of a file: the header serially, then the body.
fn read_text(ctx: &mut Ctx<'_>, text: &str, delimiter: u8, mapped: &mut Mapped<'_>) {
    let bytes = text.as_bytes();
    let mut splitter = Splitter::new(delimiter);
    let mut header = Header::default();
    let mut p = 0;
    let mut newlines = 0u32;
    let (filler, width) = loop {
        match splitter.next(bytes, p, bytes.len(), limit(p)) {
            Next::End { .. } => {
                header.end(ctx);
                return;
            }
            Next::Incomplete { .. } => {
                stop_too_long(ctx, p);
                return;
            }
            Next::Record(f) => {
                newlines += f.lead_newlines;
                let row = SplitRow {
                    splitter: &splitter,
                    text,
                    line: newlines + 1,
                    offset: f.start as u64,
                    newlines: f.newlines,
                };
                newlines += f.newlines;
                p = f.end;
                if !f.closed {
                    let finding = unclosed_quote(ctx.lang(), ctx.file_index, row.pos(0));
                    ctx.sink.finding(finding);
                    continue;
                }
                match header.row(ctx, &row) {
                    Step::Next => {}
                    Step::Stop => return,
                    Step::Found(filler, width) => break (*filler, width),
                }
            }
        }
    };
    let job = Job {
        text,
        delimiter,
        width,
        file: ctx.file_index,
    };
    read_body(ctx, &job, filler, p, newlines, mapped);
}

/// The limit for a record searched from `p`: past it, the record is longer
/// than [`MAX_RECORD_BYTES`].
fn limit(p: usize) -> usize {
    p.saturating_add(MAX_RECORD_BYTES + 1)
}

/// Reading stops at a record that is too long (searched from `p`).
fn stop_too_long(ctx: &mut Ctx<'_>, p: usize) {
    let whole_file = ctx.at(None, CellPos::default());
    ctx.unreadable(too_long(ctx.lang(), p as u64), None, whole_file);
}

/// What every block of one file shares.
struct Job<'t> {
    text: &'t str,
    delimiter: u8,
    /// Cells in the header.
    width: usize,
    file: u32,
}

/// How reading a block went.
#[derive(Clone, Copy, Debug)]
struct Parsed {
    /// Where the next record is to be searched from.
    reached: usize,
    /// `\n` bytes from the block's start to `reached`.
    newlines: u32,
    /// False when a record did not end within the allowed length; it is
    /// searched from `reached`.
    complete: bool,
}

/// Fills `out` with the records that start in `start..stop` (after
/// `lines_before` lines), each allowed `max_record` bytes (from the end of
/// the record before it).
#[expect(
    clippy::too_many_arguments,
    reason = "one block's reading, spelled out"
)]
fn parse(
    job: &Job<'_>,
    splitter: &mut Splitter,
    filler: &mut RowFiller<'_>,
    start: usize,
    stop: usize,
    lines_before: u32,
    max_record: usize,
    out: &mut RowsOut,
) -> Parsed {
    let mut p = start;
    let mut newlines = 0u32;
    loop {
        let limit = p.saturating_add(max_record);
        let (next, split, cells) = splitter.next_row(job.text, p, stop, limit);
        match next {
            Next::End { at, newlines: n } => {
                return Parsed {
                    reached: at,
                    newlines: newlines + n,
                    complete: true,
                };
            }
            Next::Incomplete { .. } => {
                return Parsed {
                    reached: p,
                    newlines,
                    complete: false,
                };
            }
            Next::Record(f) => {
                newlines += f.lead_newlines;
                let row = SplitRow {
                    splitter: split,
                    text: job.text,
                    line: lines_before.saturating_add(newlines).saturating_add(1),
                    offset: f.start as u64,
                    newlines: f.newlines,
                };
                if f.closed {
                    match (split.mode(), cells) {
                        (Mode::Plain, Some(cells)) => {
                            let row = PlainRow::<false> { row: &row, cells };
                            body_row(filler, job.width, job.file, &row, out)
                        }
                        (Mode::Stripped, Some(cells)) => {
                            let row = PlainRow::<true> { row: &row, cells };
                            body_row(filler, job.width, job.file, &row, out)
                        }
                        _ => body_row(filler, job.width, job.file, &row, out),
                    }
                } else {
                    out.findings
                        .push(unclosed_quote(filler.lang(), job.file, row.pos(0)));
                }
                newlines += f.newlines;
                p = f.end;
            }
        }
    }
}

/// Takes a spare buffer from a pool (a poisoned pool has none).
fn take<T>(pool: &Mutex<Vec<T>>) -> Option<T> {
    pool.lock().ok().and_then(|mut v| v.pop())
}

/// Returns a buffer to a pool.
fn put<T>(pool: &Mutex<Vec<T>>, item: T) {
    if let Ok(mut v) = pool.lock() {
        v.push(item);
    }
}

/// Reads the body from `from` (after `lines_before` lines): blocks in
/// parallel, delivered in order. With a precheck, each block's records are
/// checked where they were read.
fn read_body(
    ctx: &mut Ctx<'_>,
    job: &Job<'_>,
    filler: RowFiller<'_>,
    from: usize,
    lines_before: u32,
    mapped: &mut Mapped<'_>,
) {
    let bytes = job.text.as_bytes();
    // The blocks: from `from`, then from each surveyed start past it, with
    // the lines before each.
    let line = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let survey = &mapped.survey;
    let mut blocks: Vec<(usize, u32)> = vec![(from, lines_before)];
    blocks.extend(
        survey
            .starts
            .iter()
            .zip(&survey.lines)
            .filter_map(|(&at, &lines)| Some((at.checked_sub(mapped.text_start)?, line(lines))))
            .filter(|&(at, _)| at > from && at < bytes.len()),
    );
    let end = |i: usize| blocks.get(i + 1).map_or(bytes.len(), |b| b.0);
    let record_type = filler.record_type();
    let precheck = ctx.precheck;
    let check = |out: &mut RowsOut| {
        if let Some(precheck) = precheck {
            out.checked = Some(precheck.check(record_type, &out.records[..out.len]));
        }
    };
    let fillers = Mutex::new(Vec::new());
    let outs = Mutex::new(Vec::new());
    let mut splitter = Splitter::new(job.delimiter);
    // Where the true records are, and the lines before that point.
    let mut pos = from;
    let mut lines = lines_before;
    // Reads the rest of a block serially from `pos`, delivering it; false
    // when reading stops (a record too long).
    let mut serial = |ctx: &mut Ctx<'_>, pos: &mut usize, lines: &mut u32, stop: usize| -> bool {
        let mut filler = take(&fillers).unwrap_or_else(|| filler.clone());
        let mut out: RowsOut = take(&outs).unwrap_or_default();
        out.clear();
        let parsed = parse(
            job,
            &mut splitter,
            &mut filler,
            *pos,
            stop,
            *lines,
            MAX_RECORD_BYTES + 1,
            &mut out,
        );
        check(&mut out);
        out.deliver(ctx.pack, record_type, ctx.uniques, &mut ctx.sink);
        put(&fillers, filler);
        put(&outs, out);
        *lines = lines.saturating_add(parsed.newlines);
        *pos = parsed.reached;
        if !parsed.complete {
            stop_too_long(ctx, parsed.reached);
        }
        parsed.complete
    };
    if blocks.len() == 1 {
        serial(ctx, &mut pos, &mut lines, bytes.len());
        return;
    }
    let window = rayon::current_num_threads() + 2;
    let proto = &filler;
    rayon::in_place_scope(|scope| {
        let (to_driver, results) = mpsc::channel::<(usize, RowsOut, Parsed)>();
        let (fillers, outs, blocks, check) = (&fillers, &outs, &blocks, &check);
        let spawn = |i: usize| {
            let to_driver = to_driver.clone();
            scope.spawn(move |_| {
                let Some(&(start, lines_before)) = blocks.get(i) else {
                    return;
                };
                let mut filler = take(fillers).unwrap_or_else(|| proto.clone());
                let mut out = take(outs).unwrap_or_default();
                out.clear();
                let mut splitter = Splitter::new(job.delimiter);
                let parsed = parse(
                    job,
                    &mut splitter,
                    &mut filler,
                    start,
                    end(i),
                    lines_before,
                    OVERRUN,
                    &mut out,
                );
                put(fillers, filler);
                // A block read from a cut inside a quoted cell is read again
                // (below), so checking it here is only wasted when that
                // happens, which is rare.
                check(&mut out);
                let _ = to_driver.send((i, out, parsed));
            });
        };
        let mut next = 0;
        while next < blocks.len().min(window) {
            spawn(next);
            next += 1;
        }
        let mut ready: Vec<Option<(RowsOut, Parsed)>> = (0..blocks.len()).map(|_| None).collect();
        for (i, &(start, block_lines)) in blocks.iter().enumerate() {
            let (mut out, parsed) = loop {
                if let Some(done) = ready.get_mut(i).and_then(Option::take) {
                    break done;
                }
                match results.recv() {
                    Ok((j, out, parsed)) => {
                        if let Some(slot) = ready.get_mut(j) {
                            *slot = Some((out, parsed));
                        }
                    }
                    // Every job sends; a lost one would be a bug: stop.
                    Err(_) => return,
                }
            };
            if next < blocks.len() {
                spawn(next);
                next += 1;
            }
            // The survey counted every `\n`, as reading does: a block that
            // starts where the records before it ended has its lines right.
            debug_assert!(start != pos || block_lines == lines);
            let aligned = start == pos && block_lines == lines;
            if aligned {
                out.deliver(ctx.pack, record_type, ctx.uniques, &mut ctx.sink);
                lines = lines.saturating_add(parsed.newlines);
                pos = parsed.reached;
            }
            out.clear();
            put(outs, out);
            let taken = aligned && parsed.complete;
            if !taken && !serial(ctx, &mut pos, &mut lines, end(i)) {
                return;
            }
            mapped.release(pos);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of `text` repeated past `len` bytes, with `tail` at the end.
    fn mapped(text: &str, len: usize, tail: &[u8]) -> (tempfile::NamedTempFile, Mmap) {
        use std::io::Write;
        let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
        let mut bytes = text.repeat(len / text.len() + 1).into_bytes();
        bytes.extend_from_slice(tail);
        file.write_all(&bytes).expect("writes");
        let map = super::map(&file.path().to_string_lossy()).expect("maps");
        (file, map)
    }

    #[test]
    fn newlines_are_counted_in_any_length_and_alignment() {
        let text = "a\n\n学校,\"x\ny\"\r\n".repeat(2000);
        for (start, end) in [
            (0, 0),
            (0, 1),
            (1, 64),
            (3, 64 * 255 + 7),
            (0, text.len()),
            (5, text.len() - 3),
        ] {
            let bytes = &text.as_bytes()[start..end];
            let expected = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
            assert_eq!(newlines(bytes), expected, "{start}..{end}");
        }
    }

    #[test]
    fn the_survey_checks_every_byte_and_counts_the_lines_before_each_block() {
        // Lines of 11 bytes with three-byte characters: the multiples of
        // BLOCK fall anywhere in a line, inside characters too.
        let (_f, map) = mapped("学校,12\n", 3 * PIECE, "末".as_bytes());
        let bytes: &[u8] = &map;
        let mut starts = vec![0];
        for k in 1..bytes.len().div_ceil(BLOCK) {
            let at = newline_after(bytes, k * BLOCK).unwrap_or(bytes.len());
            if at > *starts.last().unwrap() && at < bytes.len() {
                starts.push(at);
            }
        }
        let lines = starts
            .iter()
            .map(|&at| bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64)
            .collect();
        assert!(starts.len() > 3 * PIECE / BLOCK - 2);
        assert_eq!(survey(&map), Some(Survey { starts, lines }));
        // A stray byte in the last piece, or a character cut short at the
        // very end, is found.
        let (_f, map) = mapped("学校,12\n", 3 * PIECE, b"\xFFok\n");
        assert_eq!(survey(&map), None);
        let (_f, map) = mapped("学校,12\n", 3 * PIECE, &"末".as_bytes()[..2]);
        assert_eq!(survey(&map), None);
        // One line longer than a block: one block.
        let (_f, map) = mapped("学", 2 * BLOCK, b"");
        assert_eq!(
            survey(&map),
            Some(Survey {
                starts: vec![0],
                lines: vec![0]
            })
        );
    }
}
