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

use memchr::{memchr, memchr3};

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
    /// Per cell of the last record: a byte range of the text, or of
    /// `unescaped` when the record had a quote.
    cells: Vec<(usize, usize)>,
    unescaped: Vec<u8>,
    quoted: bool,
    spans: Vec<Span>,
}

impl Splitter {
    /// A splitter for `delimiter`, which must be an ASCII byte other than
    /// a quote or a line end.
    pub fn new(delimiter: u8) -> Splitter {
        Splitter {
            delimiter,
            cells: Vec::new(),
            unescaped: Vec::new(),
            quoted: false,
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
            Some(_) => self.quoted(text, p, limit),
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

    /// A record without quotes, `start..end`: one pass finds the
    /// delimiters and counts characters.
    fn plain(&mut self, text: &[u8], start: usize, end: usize) -> Found {
        self.quoted = false;
        self.cells.clear();
        self.spans.clear();
        let row = &text[start..end];
        let mut cell_start = 0usize;
        // Characters before the cell's start, and before the current byte.
        let mut column = 0u32;
        let mut chars = 0u32;
        for (i, &b) in row.iter().enumerate() {
            if b == self.delimiter {
                self.cells.push((start + cell_start, start + i));
                self.spans.push(Span {
                    line: 0,
                    column: column + 1,
                    width: chars - column,
                    line_start: 0,
                });
                cell_start = i + 1;
                column = chars + 1;
            }
            chars += u32::from(b & 0xC0 != 0x80);
        }
        self.cells.push((start + cell_start, end));
        self.spans.push(Span {
            line: 0,
            column: column + 1,
            width: chars - column,
            line_start: 0,
        });
        Found {
            start,
            end,
            lead_newlines: 0,
            newlines: 0,
            closed: true,
        }
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
        self.cells.len()
    }

    /// Cell `i` of the last record (`text` is the text it was found in);
    /// "" if a cell is not valid UTF-8 (a delimiter cut a character).
    pub fn cell<'t>(&'t self, text: &'t str, i: usize) -> &'t str {
        let Some(&(a, b)) = self.cells.get(i) else {
            return "";
        };
        if self.quoted {
            self.unescaped
                .get(a..b)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or("")
        } else {
            text.get(a..b).unwrap_or("")
        }
    }

    /// Whether every cell of the last record is blank (ASCII white space).
    pub fn all_blank(&self, text: &[u8]) -> bool {
        let src: &[u8] = if self.quoted { &self.unescaped } else { text };
        self.cells.iter().all(|&(a, b)| {
            src.get(a..b)
                .is_some_and(|c| c.iter().all(u8::is_ascii_whitespace))
        })
    }

    /// The position of cell `i` of the last record.
    pub fn span(&self, i: usize) -> Span {
        self.spans.get(i).copied().unwrap_or_default()
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

    type Read = (Vec<String>, u32, bool, Vec<Span>);

    fn all(text: &str) -> Vec<Read> {
        let (s0, t) = (text, text.as_bytes());
        let mut s = Splitter::new(b',');
        let mut p = 0;
        let mut out = Vec::new();
        let mut line = 1;
        while let Next::Record(f) = s.next(t, p, t.len(), t.len()) {
            line += f.lead_newlines;
            out.push((
                (0..s.len()).map(|i| s.cell(s0, i).to_string()).collect(),
                line,
                f.closed,
                (0..s.len()).map(|i| s.span(i)).collect(),
            ));
            line += f.newlines;
            p = f.end;
        }
        out
    }

    #[test]
    fn records_split_like_the_csv_crate() {
        let strip = |v: Vec<Read>| {
            v.into_iter()
                .map(|(c, l, k, _)| (c, l, k))
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
    fn by_crate(text: &str) -> Vec<Read> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
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
            let closed = spans(&raw[lead..], b',', &mut spans_buf);
            let cells = row
                .iter()
                .map(|c| String::from_utf8(c.to_vec()).unwrap())
                .collect();
            out.push((
                cells,
                start.line() as u32 + lines,
                closed,
                spans_buf.clone(),
            ));
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn the_splitter_reads_as_the_csv_crate_does(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "学", " ", ",", "\"", "\"\"", "\r", "\n", "\r\n", "x1"]),
                0..40,
            )
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(all(&text), by_crate(&text));
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
