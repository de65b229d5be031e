//! CSV text → records and cells, in memory, exactly as the `csv` crate reads
//! it with `flexible` records (RFC 4180; csv_core's state machine):
//!
//! - line ends (`\r`, `\n`, `\r\n`) outside quotes end a record, and runs of
//!   them are skipped, so blank lines hold no record;
//! - a quote opens a quoted cell only as a cell's first byte; inside, `""`
//!   is a quote and line ends are text; after the closing quote, bytes up to
//!   the next delimiter or line end are appended as written; a quote inside
//!   an unquoted cell is text;
//! - a quoted cell still open at the end of the text ends the record there
//!   (the record is then not `closed`).
//!
//! The common row — no quote before its line end — is found with `memchr`
//! and its cells are ranges of the text; only rows with quotes are copied
//! (unescaped). Each cell's position (line within the record, character
//! column, width) is computed with the cells.

use memchr::{memchr, memchr2, memchr3};

/// One record found by [`Splitter::next`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// Offset of the record's first byte.
    pub start: usize,
    /// Offset just past its last cell (its line end, or the end of the text).
    pub end: usize,
    /// `\n` bytes skipped before the record (previous line end, blank lines).
    pub lead_newlines: u32,
    /// `\n` bytes inside the record (in quoted cells).
    pub newlines: u32,
    /// False when a quoted cell is never closed: it runs to the end.
    pub closed: bool,
}

/// What [`Splitter::next`] found from a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    Record(Found),
    /// No record starts before `stop`: skipping line ends reached `at`
    /// (`stop` or the end of the text), past `newlines` `\n` bytes.
    End {
        at: usize,
        newlines: u32,
    },
    /// A record starts at `start` but does not end before `limit`.
    Incomplete {
        start: usize,
        lead_newlines: u32,
    },
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

/// Splits records of one text with one delimiter, reusing its buffers.
#[derive(Debug)]
pub struct Splitter {
    delimiter: u8,
    /// Whether the last record had a quote (its cells are in `cells`,
    /// `unescaped` and `spans`; else in `row_start` and `ends`).
    quoted: bool,
    /// A record without quotes: its offset in the text, and per cell the
    /// offset of its end from there and the UTF-8 continuation bytes
    /// before that end, as `end | continuations << 32`.
    row_start: usize,
    ends: Vec<u64>,
    /// Whether some of those cells are quoted as a whole (the quotes are
    /// not part of the cell).
    strip_quotes: bool,
    /// A record with a quote: per cell a byte range of `unescaped`, and
    /// where the cell is.
    cells: Vec<(usize, usize)>,
    unescaped: Vec<u8>,
    spans: Vec<Span>,
}

/// How the cells of a [`Splitter`]'s last record are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Ranges of the text (no quote in the record).
    Plain,
    /// Ranges of the text, some quoted as a whole (the quotes are not
    /// part of the cell).
    Stripped,
    /// Unescaped into the splitter's buffer.
    Unescaped,
}

/// The cells of a record kept as ranges of its text, checked by
/// [`Splitter::plain_cells`] to lie between the row's delimiters.
#[derive(Clone, Copy, Debug)]
pub struct PlainCells<'t> {
    /// The row, from its first byte to the end of its last cell.
    row: &'t str,
    /// As `Splitter::ends`: per cell, its end and the continuation bytes
    /// before it; every end but the last is a delimiter of `row`, the last
    /// is `row.len()`.
    ends: &'t [u64],
}

impl<'t> PlainCells<'t> {
    /// Cell `i` (without the quotes around it, with `strip`, when it is
    /// quoted as a whole) and its 1-based character column; ("", 0) past
    /// the last cell.
    #[inline(always)]
    pub fn cell_column(&self, i: usize, strip: bool) -> (&'t str, u32) {
        let split = |e: u64| (e as u32 as usize, (e >> 32) as u32);
        let Some(&e) = self.ends.get(i) else {
            return ("", 0);
        };
        let (end, _) = split(e);
        let (start, start_cont) = match i.checked_sub(1).and_then(|p| self.ends.get(p)) {
            // Past the delimiter (one byte, never a continuation byte).
            Some(&p) => {
                let (d, c) = split(p);
                (d + 1, c)
            }
            None => (0, 0),
        };
        let Some(raw) = self.row.as_bytes().get(start..end) else {
            return ("", 0);
        };
        // SAFETY: `row` is a `str`, and `start` and `end` are character
        // boundaries of it: each is 0, `row.len()`, a delimiter's offset or
        // the offset just past one (`Splitter::plain_cells` checked that
        // every end but the last, which is `row.len()`, is a delimiter of
        // `row`), and the delimiter is an ASCII byte, which is a whole
        // character. The range is in bounds (`get` above).
        let raw = unsafe { std::str::from_utf8_unchecked(raw) };
        let cell = match raw.as_bytes() {
            [b'"', .., b'"'] if strip => raw.get(1..raw.len() - 1).unwrap_or(""),
            _ => raw,
        };
        (cell, start as u32 - start_cont + 1)
    }
}

/// Every byte 0x01 / 0x80.
const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` that equals the byte `splat` repeats
/// (exact: no carry crosses a byte).
#[inline(always)]
fn equal_bytes(w: u64, splat: u64) -> u64 {
    let x = w ^ splat;
    !(((x & !HI).wrapping_add(!HI)) | x) & HI
}

/// What [`scan_word`] carries from one word of a row to the next.
#[derive(Default)]
struct Carry {
    /// UTF-8 continuation bytes so far.
    continuations: u64,
    /// Quotes so far (rows with quotes).
    quotes: u64,
    /// `HI` when the word starts inside a quoted cell, else 0.
    inside: u64,
}

/// Finds the delimiters in the 8 bytes of a row at `base` (little-endian in
/// `w`; only the bytes whose high bit is in `valid` are the row's): pushes
/// each one's offset and the continuation bytes before it to `ends`. With
/// `QUOTES`, delimiters between a quote and the next are not delimiters
/// (cells quoted as a whole, without `""` — [`Splitter::simple_quoted`]
/// checks that), and quotes are counted.
#[inline(always)]
fn scan_word<const QUOTES: bool>(
    ends: &mut Vec<u64>,
    splat: u64,
    w: u64,
    valid: u64,
    base: u64,
    carry: &mut Carry,
) {
    let mut delims = equal_bytes(w, splat) & valid;
    if QUOTES {
        let quotes = equal_bytes(w, LO.wrapping_mul(u64::from(b'"'))) & valid;
        // Bit 7 of byte k: the parity of the quotes in bytes 0..=k.
        let mut parity = quotes;
        parity ^= parity << 8;
        parity ^= parity << 16;
        parity ^= parity << 32;
        let inside = (parity ^ carry.inside) & HI;
        delims &= !inside;
        carry.inside = if inside >> 63 != 0 { HI } else { 0 };
        carry.quotes += (quotes >> 7).wrapping_mul(LO) >> 56;
    }
    // 0x01 in each byte 10xxxxxx; byte k of `prefix` counts them in bytes
    // 0..=k (at most 8: no carry), so byte k of `prefix << 8` in 0..k.
    let cont = (w & !(w << 1) & HI) >> 7;
    let prefix = cont.wrapping_mul(LO);
    let before = prefix << 8;
    while delims != 0 {
        let bit = u64::from(delims.trailing_zeros()) & !7;
        let k = bit / 8;
        let c = carry.continuations + ((before >> bit) & 0xFF);
        ends.push((base + k) | (c << 32));
        delims &= delims - 1;
    }
    carry.continuations += prefix >> 56;
}

impl Splitter {
    /// A splitter for `delimiter`, which must be an ASCII byte other than
    /// a quote or a line end.
    pub fn new(delimiter: u8) -> Splitter {
        Splitter {
            delimiter,
            quoted: false,
            row_start: 0,
            ends: Vec::new(),
            strip_quotes: false,
            cells: Vec::new(),
            unescaped: Vec::new(),
            spans: Vec::new(),
        }
    }

    /// The delimiters this splitter reads exactly as the `csv` crate does.
    pub fn supports(delimiter: u8) -> bool {
        delimiter.is_ascii() && !matches!(delimiter, b'"' | b'\r' | b'\n')
    }

    /// The next record of `text` from `from`: only one starting before
    /// `stop`, and only if it ends before `limit` (or at the end of the text).
    pub fn next(&mut self, text: &[u8], from: usize, stop: usize, limit: usize) -> Next {
        let mut p = from;
        let mut lead = 0u32;
        let stop = stop.min(text.len());
        while p < stop {
            match text[p] {
                b'\n' => lead += 1,
                b'\r' => {}
                _ => break,
            }
            p += 1;
        }
        if p >= stop {
            return Next::End {
                at: p,
                newlines: lead,
            };
        }
        let limit = limit.clamp(p, text.len());
        let window = &text[p..limit];
        let hit = memchr3(b'\n', b'\r', b'"', window);
        let found = match hit {
            Some(i) if window[i] != b'"' => Some(self.plain(text, p, p + i)),
            None if limit == text.len() => Some(self.plain(text, p, limit)),
            None => None,
            Some(_) => self
                .simple_quoted(text, p, limit)
                .or_else(|| self.quoted(text, p, limit)),
        };
        match found {
            Some(mut f) => {
                f.lead_newlines = lead;
                Next::Record(f)
            }
            None => Next::Incomplete {
                start: p,
                lead_newlines: lead,
            },
        }
    }

    /// A record without quotes, `start..end`: cells are found eight bytes
    /// at a time (no branch per byte), and each cell's character column is
    /// its byte offset less the UTF-8 continuation bytes before it.
    fn plain(&mut self, text: &[u8], start: usize, end: usize) -> Found {
        if u32::try_from(end - start).is_err() {
            // Offsets would not fit in 32 bits (longer than any record
            // dudao reads): the general state machine reads it the same.
            return self.quoted(text, start, end).unwrap_or(Found {
                start,
                end,
                lead_newlines: 0,
                newlines: 0,
                closed: true,
            });
        }
        self.scan::<false>(text, start, end);
        Found {
            start,
            end,
            lead_newlines: 0,
            newlines: 0,
            closed: true,
        }
    }

    /// A record with quotes from `start` whose every quoted cell is quoted
    /// as a whole — `,"4,866",` — without `""`, line ends or text after the
    /// closing quote: its cells are ranges of the text like a plain
    /// record's, less their quotes. `None` for any other record (or one not
    /// ending before `limit`), which [`Splitter::quoted`] reads.
    fn simple_quoted(&mut self, text: &[u8], start: usize, limit: usize) -> Option<Found> {
        // The record's end: the first line end outside quote pairs.
        let mut i = start;
        let end = loop {
            let window = text.get(i..limit)?;
            match memchr3(b'\n', b'\r', b'"', window) {
                None if limit == text.len() => break limit,
                None => return None,
                Some(k) if window[k] != b'"' => break i + k,
                Some(k) => {
                    let open = i + k + 1;
                    let close = open + memchr(b'"', text.get(open..limit)?)?;
                    if memchr2(b'\n', b'\r', &text[open..close]).is_some() {
                        return None;
                    }
                    i = close + 1;
                }
            }
        };
        u32::try_from(end - start).ok()?;
        let quotes = self.scan::<true>(text, start, end);
        // Every quote opens or closes a cell quoted as a whole.
        let row = &text[start..end];
        let whole = (0..self.ends.len())
            .filter(|&i| {
                self.plain_cell(i)
                    .and_then(|((a, b), _)| row.get(a as usize..b as usize))
                    .is_some_and(|c| c.len() >= 2 && c[0] == b'"' && c[c.len() - 1] == b'"')
            })
            .count();
        if quotes != 2 * whole as u64 {
            return None;
        }
        self.strip_quotes = true;
        Some(Found {
            start,
            end,
            lead_newlines: 0,
            newlines: 0,
            closed: true,
        })
    }

    /// Splits `start..end` into `row_start` and `ends` (see [`scan_word`]);
    /// returns the quotes counted.
    fn scan<const QUOTES: bool>(&mut self, text: &[u8], start: usize, end: usize) -> u64 {
        let row = &text[start..end];
        self.quoted = false;
        self.strip_quotes = false;
        self.row_start = start;
        let mut ends = std::mem::take(&mut self.ends);
        ends.clear();
        let splat = LO.wrapping_mul(u64::from(self.delimiter));
        let mut carry = Carry::default();
        let mut words = row.chunks_exact(8);
        let mut base = 0u64;
        for word in &mut words {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            scan_word::<QUOTES>(
                &mut ends,
                splat,
                u64::from_le_bytes(w),
                !0,
                base,
                &mut carry,
            );
            base += 8;
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // Padding bytes are zero: never continuation bytes, and masked
            // out as delimiters (a NUL delimiter would match them).
            let valid = HI >> (8 * (8 - rest.len()));
            scan_word::<QUOTES>(
                &mut ends,
                splat,
                u64::from_le_bytes(w),
                valid,
                base,
                &mut carry,
            );
        }
        ends.push(row.len() as u64 | (carry.continuations << 32));
        self.ends = ends;
        carry.quotes
    }

    /// Cell `i` of the last record, without quotes: (start, end) offsets
    /// from the row's start, and the characters before each.
    #[inline(always)]
    fn plain_cell(&self, i: usize) -> Option<((u32, u32), (u32, u32))> {
        let split = |e: u64| (e as u32, (e >> 32) as u32);
        let (end, end_cont) = split(*self.ends.get(i)?);
        let (start, start_cont) = match i.checked_sub(1) {
            // Past the delimiter (one byte, never a continuation byte).
            Some(p) => {
                let (d, c) = split(*self.ends.get(p)?);
                (d + 1, c)
            }
            None => (0, 0),
        };
        Some(((start, end), (start - start_cont, end - end_cont)))
    }

    /// A record with a quote somewhere, by csv_core's state machine; `None`
    /// when it does not end before `limit` (short of the end of the text).
    fn quoted(&mut self, text: &[u8], start: usize, limit: usize) -> Option<Found> {
        #[derive(PartialEq)]
        enum St {
            StartField,
            InField,
            InQuoted,
            AfterQuote,
        }
        self.quoted = true;
        self.cells.clear();
        self.unescaped.clear();
        self.ends.clear();
        let d = self.delimiter;
        let mut st = St::StartField;
        let mut cell = 0usize;
        let mut newlines = 0u32;
        let mut i = start;
        let end = loop {
            let Some(&b) = text.get(i).filter(|_| i < limit) else {
                if limit < text.len() {
                    return None;
                }
                break i;
            };
            let term = b == b'\n' || b == b'\r';
            match st {
                St::StartField | St::InField | St::AfterQuote if b == d => {
                    self.cells.push((cell, self.unescaped.len()));
                    cell = self.unescaped.len();
                    st = St::StartField;
                }
                St::StartField | St::InField | St::AfterQuote if term => break i,
                St::StartField if b == b'"' => st = St::InQuoted,
                St::InQuoted if b == b'"' => st = St::AfterQuote,
                St::AfterQuote if b == b'"' => {
                    self.unescaped.push(b);
                    st = St::InQuoted;
                }
                St::InQuoted => {
                    newlines += u32::from(b == b'\n');
                    self.unescaped.push(b);
                }
                St::StartField | St::InField | St::AfterQuote => {
                    self.unescaped.push(b);
                    st = St::InField;
                }
            }
            i += 1;
        };
        self.cells.push((cell, self.unescaped.len()));
        let closed = st != St::InQuoted;
        spans(&text[start..end], d, &mut self.spans);
        Some(Found {
            start,
            end,
            lead_newlines: 0,
            newlines,
            closed,
        })
    }

    /// Cells in the last record.
    pub fn len(&self) -> usize {
        if self.quoted {
            self.cells.len()
        } else {
            self.ends.len()
        }
    }

    /// Cell `i` of the last record (`text` is the text it was found in);
    /// "" if a cell is not valid UTF-8 (a delimiter cut a character).
    #[inline(always)]
    pub fn cell<'t>(&'t self, text: &'t str, i: usize) -> &'t str {
        if self.quoted {
            let Some(&(a, b)) = self.cells.get(i) else {
                return "";
            };
            self.unescaped
                .get(a..b)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or("")
        } else {
            self.cell_column(text, i).0
        }
    }

    /// A cell of a record without `quoted` state: its raw text, less the
    /// quotes around it when it is quoted as a whole.
    #[inline(always)]
    fn unquoted<'t>(&self, text: &'t str, (a, b): (u32, u32)) -> &'t str {
        let at = self.row_start;
        let raw = text.get(at + a as usize..at + b as usize).unwrap_or("");
        if self.strip_quotes && raw.len() >= 2 && raw.starts_with('"') {
            raw.get(1..raw.len() - 1).unwrap_or("")
        } else {
            raw
        }
    }

    /// Whether every cell of the last record is blank (ASCII white space).
    pub fn all_blank(&self, text: &[u8]) -> bool {
        let blank = |c: &[u8]| c.iter().all(u8::is_ascii_whitespace);
        if self.quoted {
            return self
                .cells
                .iter()
                .all(|&(a, b)| self.unescaped.get(a..b).is_some_and(blank));
        }
        if self.strip_quotes {
            // Quotes around a cell are not its text.
            return (0..self.ends.len()).all(|i| {
                self.plain_cell(i).is_some_and(|((a, b), _)| {
                    let at = self.row_start;
                    text.get(at + a as usize..at + b as usize)
                        .is_some_and(|raw| match raw {
                            [b'"', inner @ .., b'"'] => blank(inner),
                            _ => blank(raw),
                        })
                })
            });
        }
        // No quote: the cells and delimiters are the whole row.
        let end = self.ends.last().map_or(0, |&e| e as u32 as usize);
        let d = self.delimiter;
        text.get(self.row_start..self.row_start + end)
            .is_some_and(|row| row.iter().all(|&b| b == d || b.is_ascii_whitespace()))
    }

    /// How the last record's cells are kept.
    pub fn mode(&self) -> Mode {
        if self.quoted {
            Mode::Unescaped
        } else if self.strip_quotes {
            Mode::Stripped
        } else {
            Mode::Plain
        }
    }

    /// The cells of the last record as ranges of `text` (the text it was
    /// found in), for a record in mode [`Mode::Plain`] or
    /// [`Mode::Stripped`]; `None` in mode [`Mode::Unescaped`], or if the
    /// cells do not lie between delimiters of `text`.
    ///
    /// Every end but the last is checked here, once per record, to be a
    /// delimiter of the row (an ASCII byte), and the row itself to be a
    /// slice of `text` on character boundaries; so every cell begins and
    /// ends on a character boundary and [`PlainCells::cell_column`] need not
    /// check it again.
    pub fn plain_cells<'t>(&'t self, text: &'t str) -> Option<PlainCells<'t>> {
        if self.quoted || !self.delimiter.is_ascii() {
            return None;
        }
        let (&last, inner) = self.ends.split_last()?;
        let row = text.get(self.row_start..self.row_start.checked_add(last as u32 as usize)?)?;
        let bytes = row.as_bytes();
        let d = self.delimiter;
        if !inner
            .iter()
            .all(|&e| bytes.get(e as u32 as usize) == Some(&d))
        {
            return None;
        }
        Some(PlainCells {
            row,
            ends: &self.ends,
        })
    }

    /// Cell `i` of the last record (as [`Splitter::cell`]) and its 1-based
    /// character column (as [`Splitter::column`]).
    #[inline(always)]
    pub fn cell_column<'t>(&'t self, text: &'t str, i: usize) -> (&'t str, u32) {
        if self.quoted {
            return (self.cell(text, i), self.column(i));
        }
        let Some((range, (start, _))) = self.plain_cell(i) else {
            return ("", 0);
        };
        (self.unquoted(text, range), start + 1)
    }

    /// The 1-based character column of cell `i` of the last record.
    #[inline(always)]
    fn column(&self, i: usize) -> u32 {
        if self.quoted {
            return self.spans.get(i).map_or(0, |s| s.column);
        }
        self.plain_cell(i).map_or(0, |(_, (start, _))| start + 1)
    }

    /// The position of cell `i` of the last record.
    #[inline]
    pub fn span(&self, i: usize) -> Span {
        if self.quoted {
            return self.spans.get(i).copied().unwrap_or_default();
        }
        match self.plain_cell(i) {
            Some((_, (start, end))) => Span {
                line: 0,
                column: start + 1,
                width: end - start,
                line_start: 0,
            },
            None => Span::default(),
        }
    }
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

/// The offset just past the first `\n` at or after `at`: a candidate cut
/// between blocks (whether it is outside quotes is for the reader to see).
pub fn newline_after(text: &[u8], at: usize) -> Option<usize> {
    let at = at.min(text.len());
    memchr(b'\n', &text[at..]).map(|i| at + i + 1)
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

    /// Cells, line, whether closed, positions, whether all blank.
    type Read = (Vec<String>, u32, bool, Vec<Span>, bool);

    fn all(text: &str) -> Vec<Read> {
        all_with(text, b',')
    }

    fn all_with(text: &str, delimiter: u8) -> Vec<Read> {
        let (s0, t) = (text, text.as_bytes());
        let mut s = Splitter::new(delimiter);
        let mut p = 0;
        let mut out = Vec::new();
        let mut line = 1;
        while let Next::Record(f) = s.next(t, p, t.len(), t.len()) {
            line += f.lead_newlines;
            // The cells as ranges checked once: the same cells and columns.
            match (s.mode(), s.plain_cells(s0)) {
                (Mode::Unescaped, cells) => assert!(cells.is_none()),
                (mode, Some(cells)) => {
                    for i in 0..=s.len() {
                        let general = if i < s.len() {
                            s.cell_column(s0, i)
                        } else {
                            ("", 0)
                        };
                        assert_eq!(cells.cell_column(i, mode == Mode::Stripped), general);
                    }
                }
                (mode, None) => panic!("no plain cells in mode {mode:?}"),
            }
            out.push((
                (0..s.len()).map(|i| s.cell(s0, i).to_string()).collect(),
                line,
                f.closed,
                (0..s.len()).map(|i| s.span(i)).collect(),
                s.all_blank(t),
            ));
            line += f.newlines;
            p = f.end;
        }
        out
    }

    #[test]
    fn plain_cells_are_only_taken_from_the_text_split() {
        let mut s = Splitter::new(b',');
        let Next::Record(_) = s.next(b"a,b", 0, 3, 3) else {
            panic!("no record");
        };
        let cells = s
            .plain_cells("a,b")
            .map(|c| (c.cell_column(0, false), c.cell_column(1, false)));
        assert_eq!(cells, Some((("a", 1), ("b", 3))));
        // Another text: its bytes where the delimiters were are not
        // delimiters (here, inside a character), so no cells.
        assert!(s.plain_cells("学").is_none());
        assert!(s.plain_cells("a").is_none());
        assert!(s.plain_cells("").is_none());
        assert!(s.plain_cells("x,yz").is_some());
    }

    #[test]
    fn records_split_like_the_csv_crate() {
        let strip = |v: Vec<Read>| {
            v.into_iter()
                .map(|(c, l, k, ..)| (c, l, k))
                .collect::<Vec<_>>()
        };
        let got = strip(all("a,b\r\n\r\n\"x\ny\",\"q\"\"\"z,w\"v\rlast,"));
        let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            got,
            vec![
                (cells(&["a", "b"]), 1, true),
                (cells(&["x\ny", "q\"z", "w\"v"]), 3, true),
                (cells(&["last", ""]), 4, true),
            ]
        );
        assert_eq!(
            strip(all("a,\"open\nstill")),
            vec![(cells(&["a", "open\nstill"]), 1, false)]
        );
        assert!(all("\r\n\n").is_empty());
    }

    #[test]
    fn a_record_past_the_limit_is_incomplete() {
        let t = b"a,\"b\nc\",d\ne";
        let mut s = Splitter::new(b',');
        assert_eq!(
            s.next(t, 0, t.len(), 5),
            Next::Incomplete {
                start: 0,
                lead_newlines: 0
            }
        );
        assert!(matches!(s.next(t, 0, 1, t.len()), Next::Record(f) if f.end == 9));
        assert_eq!(
            s.next(t, 9, 10, t.len()),
            Next::End {
                at: 10,
                newlines: 1
            }
        );
    }

    /// Records as the `csv` crate reads them: cells, line, and whether
    /// [`spans`] finds every quote closed.
    fn by_crate(text: &str, delimiter: u8) -> Vec<Read> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut out = Vec::new();
        let mut row = csv::ByteRecord::new();
        let mut spans_buf = Vec::new();
        while reader.read_byte_record(&mut row).unwrap() {
            let start = row.position().unwrap().clone();
            let end = reader.position().byte() as usize;
            let raw = &text.as_bytes()[start.byte() as usize..end];
            let lead = raw
                .iter()
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .count();
            let lines = raw[..lead].iter().filter(|&&b| b == b'\n').count() as u32;
            let closed = spans(&raw[lead..], delimiter, &mut spans_buf);
            let cells = row
                .iter()
                .map(|c| String::from_utf8(c.to_vec()).unwrap())
                .collect();
            let blank = row.iter().all(|c| c.iter().all(u8::is_ascii_whitespace));
            out.push((
                cells,
                start.line() as u32 + lines,
                closed,
                spans_buf.clone(),
                blank,
            ));
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn the_splitter_reads_as_the_csv_crate_does(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "学", " ", ",", "\"", "\"\"", "\r", "\n", "\r\n", "x1", "é", "𝄞",
                    "abcdefghij", "贵港市高级中学", ",,", "\u{0}", "\"4,866\"", "\"学,\"",
                    "\"\"", "\",\"",
                ]),
                0..60,
            ),
            delimiter in proptest::sample::select(vec![b',', b'\t', b';', 0u8]),
        ) {
            let text: String = parts.concat().replace(',', &char::from(delimiter).to_string());
            proptest::prop_assert_eq!(all_with(&text, delimiter), by_crate(&text, delimiter));
        }

        #[test]
        fn records_read_in_two_blocks_are_the_records_read_at_once(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "学", ",", "\"", "\r", "\n", "\r\n"]),
                1..40,
            ),
            cut in 0usize..200,
        ) {
            // As `blocks.rs` does: records starting before a cut, then the
            // second block read as if it began a record — taken only when
            // the first block ended exactly at the cut, else read again
            // from where the first block's records reached.
            let text: String = parts.concat();
            let t = text.as_bytes();
            let cut = cut.min(t.len());
            let mut s = Splitter::new(b',');
            let mut read = |from: usize, stop: usize| {
                let mut p = from;
                let mut got = Vec::new();
                loop {
                    match s.next(t, p, stop, t.len()) {
                        Next::Record(f) => {
                            got.push((f.start, (0..s.len()).map(|i| s.cell(&text, i).to_string()).collect::<Vec<_>>()));
                            p = f.end;
                        }
                        Next::End { at, .. } => return (got, at),
                        Next::Incomplete { .. } => unreachable!(),
                    }
                }
            };
            let (whole, _) = read(0, t.len());
            let (mut first, reached) = read(0, cut);
            let (second, _) = read(cut, t.len());
            if reached == cut {
                first.extend(second);
            } else {
                first.extend(read(reached, t.len()).0);
            }
            proptest::prop_assert_eq!(first, whole);
        }
    }
}
