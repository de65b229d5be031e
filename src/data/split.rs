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
//! The common row — no quote before its line end — is read in one pass,
//! 32 bytes at a time: its end, its delimiters and the UTF-8 continuation
//! bytes before each, so that each cell is a range of the text with its
//! character column. A block is read by AVX2 (with BMI1, BMI2 and POPCNT)
//! on a CPU that has them, else by SSE2 on x86_64 ([`block`]), else by
//! `u64` words ([`block_words`]); tests hold all three to the same answers.
//! A row whose quoted cells are all quoted as a whole (`"4,866"`) is split
//! in the same pass; any other row with quotes is unescaped into a buffer
//! by csv_core's state machine, and its cells' positions computed by
//! [`spans`].

use memchr::memchr;

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
    reader: Reader,
    /// Whether the last record was unescaped (its cells are in `cells`,
    /// `unescaped` and `spans`; else in `row_start`, `row_len` and
    /// `entries`).
    quoted: bool,
    /// A record kept as ranges of the text: its offset and length,
    row_start: usize,
    row_len: usize,
    /// and in `entries[..=plain_cells]` one entry per cell, its offset from
    /// the row's start and its 1-based character column as
    /// `start | column << 32`, then one more as if a delimiter ended the row
    /// (start `row_len + 1`). Past those: room for one block's delimiters.
    entries: Vec<u64>,
    plain_cells: usize,
    /// Whether some of those cells are quoted as a whole (the quotes are
    /// not part of the cell).
    strip_quotes: bool,
    /// A record unescaped: per cell a byte range of `unescaped`, and where
    /// the cell is.
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

/// The cells of a record kept as ranges of its text, as
/// [`Splitter::next_row`] found them in that text.
#[derive(Clone, Copy, Debug)]
pub struct PlainCells<'t> {
    /// The row, from its first byte to the end of its last cell.
    row: &'t str,
    /// As `Splitter::entries[..=plain_cells]`: per cell its start and
    /// column, then `row.len() + 1`. Every start but the first is just past
    /// a delimiter of `row` ([`Splitter::next_row`] builds these only from
    /// the row it just split, with an ASCII delimiter), and the starts
    /// increase ([`increasing`]: `Splitter::next` writes them in the
    /// order it finds the delimiters, scanning forward).
    entries: &'t [u64],
    /// Cells in the record: `entries.len() - 1`, kept so that a cell's
    /// index is tested against it with no subtraction.
    cells: usize,
    delimiter: u8,
}

impl<'t> PlainCells<'t> {
    /// Cells in the record.
    pub fn len(&self) -> usize {
        self.cells
    }

    /// Cell `i` (without the quotes around it, with `strip`, when it is
    /// quoted as a whole) and its 1-based character column; ("", 0) past
    /// the last cell.
    #[inline(always)]
    pub fn cell_column(&self, i: usize, strip: bool) -> (&'t str, u32) {
        if i >= self.cells {
            return ("", 0);
        }
        // SAFETY: `i + 1 < entries.len()` (above; `cells` is
        // `entries.len() - 1`).
        let (a, b) = unsafe {
            (
                *self.entries.get_unchecked(i),
                *self.entries.get_unchecked(i + 1),
            )
        };
        let (start, end) = (a as u32 as usize, (b as u32 as usize).wrapping_sub(1));
        // SAFETY: `start..end` is in bounds and both are character
        // boundaries of `row`. In bounds: the starts increase, so
        // `start < b`, i.e. `start <= end`, and the last entry is
        // `row.len() + 1`, so `end <= row.len()` (`increasing`: true of
        // entries as `Splitter::next` writes them — each delimiter's entry
        // after the one before it, scanning forward, then `row.len() + 1`
        // — asserted on every row in debug builds and by the splitter's
        // proptest; the entries are borrowed, so unchanged since). Boundaries: `start` is
        // 0 or just past a delimiter of `row`, `end` is a delimiter's
        // offset or `row.len()` (the next entry's start less one: see
        // `entries`), and the delimiter is an ASCII byte, a whole
        // character. `Splitter::next_row` makes `PlainCells` only so: from
        // entries `Splitter::next` computed in the same call from this very
        // text, and only for an ASCII delimiter (checked there in debug
        // builds, and by the splitter's tests).
        let raw = unsafe { self.row.get_unchecked(start..end) };
        let cell = match raw.as_bytes() {
            [b'"', .., b'"'] if strip => raw.get(1..raw.len() - 1).unwrap_or(""),
            _ => raw,
        };
        (cell, (a >> 32) as u32)
    }

    /// Whether every cell is blank (ASCII white space), less the quotes of
    /// a cell quoted as a whole with `strip`.
    pub fn all_blank(&self, strip: bool) -> bool {
        if strip {
            (0..self.len()).all(|i| {
                let (cell, _) = self.cell_column(i, true);
                cell.bytes().all(|b| b.is_ascii_whitespace())
            })
        } else {
            // No quote: the cells and delimiters are the whole row.
            let d = self.delimiter;
            self.row.bytes().all(|b| b == d || b.is_ascii_whitespace())
        }
    }
}

/// Whether the entries' starts increase from 0 and the last is
/// `row_len + 1` (so each cell `start..next start − 1` is a range of the
/// row): what lets [`PlainCells::cell_column`] take a cell without bounds
/// checks.
fn increasing(entries: &[u64], row_len: usize) -> bool {
    let (Some(&first), Some(&last)) = (entries.first(), entries.last()) else {
        return false;
    };
    let ordered = entries
        .windows(2)
        .fold(true, |ok, w| ok & ((w[0] as u32) < (w[1] as u32)));
    ordered && first as u32 == 0 && last as u32 as usize == row_len.wrapping_add(1)
}

/// Whether every entry's start but the first is just past a `delimiter`
/// byte of `row`, the first is 0 and the last `row.len() + 1`: what makes
/// the cells of [`PlainCells`] lie on character boundaries.
fn cells_between_delimiters(row: &[u8], entries: &[u64], delimiter: u8) -> bool {
    let starts = || entries.iter().map(|&e| e as u32 as usize);
    let Some((last, inner)) = entries.split_last() else {
        return false;
    };
    *last as u32 as usize == row.len() + 1
        && starts().next() == Some(0)
        && inner.iter().skip(1).all(|&e| {
            (e as u32 as usize).checked_sub(1).and_then(|d| row.get(d)) == Some(&delimiter)
        })
}

/// Bytes in a block.
const WIDTH: usize = 32;

/// What one block of [`WIDTH`] bytes holds; bit k of a mask stands for
/// byte k.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Block<C> {
    /// The delimiter.
    delims: u32,
    /// `\n` and `\r`.
    ends: u32,
    /// Quotes.
    quotes: u32,
    /// What the block says of its UTF-8 continuation bytes (`10xxxxxx`).
    conts: C,
}

/// What a block says of its UTF-8 continuation bytes: enough to give the
/// character column of a cell beginning in it.
trait Conts: Copy {
    /// The entry (see `Splitter::entries`) of a cell beginning just past
    /// byte `k`, from the block's `p`: `base + 1 | (base + 2 - c) << 32`
    /// for a block at offset `base` of the row after `c` continuation
    /// bytes. Its start is `base + k + 1` and its column `base + k + 2 - c`
    /// less the continuation bytes in bytes 0..k of the block (byte k, a
    /// delimiter, line end or padding, is not one).
    fn entry(&self, p: u64, k: u32) -> u64;
    /// `p` for the next block.
    fn next_p(&self, p: u64) -> u64;
}

/// Byte k: k less the continuation bytes in bytes 0..=k, wrapping.
type Lanes = [u8; WIDTH];

impl Conts for Lanes {
    #[inline(always)]
    fn entry(&self, p: u64, k: u32) -> u64 {
        let lane = self[k as usize % WIDTH];
        p.wrapping_add(u64::from(k) + (u64::from(lane) << 32))
    }

    #[inline(always)]
    fn next_p(&self, p: u64) -> u64 {
        let width = WIDTH as u64;
        let conts = u64::from((WIDTH as u8 - 1).wrapping_sub(self[WIDTH - 1]));
        p.wrapping_add(width + ((width - conts) << 32))
    }
}

/// Bit k: byte k is *not* a continuation byte, so that the characters
/// begun in bytes 0..k are the bits below k (counted with POPCNT).
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ContBits(u32);

#[cfg(target_arch = "x86_64")]
impl Conts for ContBits {
    #[inline(always)]
    fn entry(&self, p: u64, k: u32) -> u64 {
        let chars = (self.0 & !(u32::MAX << (k % 32))).count_ones();
        p.wrapping_add(u64::from(k) + (u64::from(chars) << 32))
    }

    #[inline(always)]
    fn next_p(&self, p: u64) -> u64 {
        p.wrapping_add(WIDTH as u64 + (u64::from(self.0.count_ones()) << 32))
    }
}

/// How a [`Splitter`] reads blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reader {
    /// [`block`]: SSE2 on x86_64, else `u64` words.
    Native,
    /// AVX2, with BMI1, BMI2 and POPCNT for the masks: x86_64 CPUs that
    /// have them all (seen at run time).
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// [`block_words`] on any target (tests: to compare with the others).
    #[cfg(test)]
    Words,
}

impl Reader {
    /// The fastest this CPU runs.
    fn detect() -> Reader {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("bmi1")
            && std::arch::is_x86_feature_detected!("bmi2")
            && std::arch::is_x86_feature_detected!("popcnt")
        {
            return Reader::Avx2;
        }
        Reader::Native
    }
}

/// The masks of one block by AVX2: four byte compares, a signed compare
/// for the bytes that begin characters, and their movemasks.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn block_avx2(bytes: [u8; WIDTH], delimiter: u8) -> Block<ContBits> {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8,
    };
    // SAFETY: `[u8; 32]` and `__m256i` are both 32 plain bytes, and every
    // bit pattern is a value of either.
    let v = unsafe { std::mem::transmute::<[u8; WIDTH], __m256i>(bytes) };
    let eq = |b: u8| _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b as i8));
    let mask = |m: __m256i| _mm256_movemask_epi8(m) as u32;
    Block {
        delims: mask(eq(delimiter)),
        ends: mask(_mm256_or_si256(eq(b'\n'), eq(b'\r'))),
        quotes: mask(eq(b'"')),
        // Bytes other than 0x80..=0xBF are, as signed bytes, exactly those
        // above -65.
        conts: ContBits(mask(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(-65)))),
    }
}

/// The masks of one block, by SSE2 (baseline on x86_64).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn block(bytes: [u8; WIDTH], delimiter: u8) -> Block<Lanes> {
    // SAFETY: this build enables SSE2 (the `cfg` above), all `block_sse2`
    // needs.
    unsafe { block_sse2(bytes, delimiter) }
}

/// [`block`] by SSE2, in two halves of 16 bytes: four byte compares and
/// their movemasks, and the continuation bytes summed across the lanes in
/// four shifted adds.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
#[inline]
fn block_sse2(bytes: [u8; WIDTH], delimiter: u8) -> Block<Lanes> {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_setr_epi8, _mm_shuffle_epi32, _mm_shufflehi_epi16, _mm_slli_si128,
        _mm_unpackhi_epi8,
    };
    // SAFETY: `[u8; 32]` and `[__m128i; 2]` are both 32 plain bytes, and
    // every bit pattern is a value of either.
    let [lo, hi] = unsafe { std::mem::transmute::<[u8; WIDTH], [__m128i; 2]>(bytes) };
    let masks = |v: __m128i| {
        let eq = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
        let mask = |m: __m128i| _mm_movemask_epi8(m) as u32 & 0xFFFF;
        let ends = _mm_or_si128(eq(b'\n'), eq(b'\r'));
        (mask(eq(delimiter)), mask(ends), mask(eq(b'"')))
    };
    // 0x80..=0xBF are, as signed bytes, exactly those below -64: -1 each,
    // so lane k of the prefix sum is minus the continuation bytes in 0..=k.
    let sums = |v: __m128i| {
        let mut sum = _mm_cmplt_epi8(v, _mm_set1_epi8(-64));
        sum = _mm_add_epi8(sum, _mm_slli_si128::<1>(sum));
        sum = _mm_add_epi8(sum, _mm_slli_si128::<2>(sum));
        sum = _mm_add_epi8(sum, _mm_slli_si128::<4>(sum));
        _mm_add_epi8(sum, _mm_slli_si128::<8>(sum))
    };
    let (low, high) = (sums(lo), sums(hi));
    // The low half's last lane, in every lane.
    let carry = _mm_shuffle_epi32::<0xFF>(_mm_shufflehi_epi16::<0xFF>(_mm_unpackhi_epi8(low, low)));
    let high = _mm_add_epi8(high, carry);
    let iota = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    let iota_high = _mm_add_epi8(iota, _mm_set1_epi8(16));
    let lanes = [_mm_add_epi8(iota, low), _mm_add_epi8(iota_high, high)];
    let ((d0, s0, q0), (d1, s1, q1)) = (masks(lo), masks(hi));
    Block {
        delims: d0 | d1 << 16,
        ends: s0 | s1 << 16,
        quotes: q0 | q1 << 16,
        // SAFETY: as above.
        conts: unsafe { std::mem::transmute::<[__m128i; 2], Lanes>(lanes) },
    }
}

/// The masks of one block (no SSE2: eight-byte words).
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
fn block(bytes: [u8; WIDTH], delimiter: u8) -> Block<Lanes> {
    block_words(bytes, delimiter)
}

/// Every byte 0x01 / 0x80.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
const LO: u64 = 0x0101_0101_0101_0101;
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
const HI: u64 = 0x8080_8080_8080_8080;

/// The masks of one block as [`block`] gives them, a `u64` word at a time:
/// bytes equal to a byte by the exact zero-byte test, their high bits
/// gathered by a multiply, continuation bytes counted by a multiply.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
#[inline(always)]
fn block_words(bytes: [u8; WIDTH], delimiter: u8) -> Block<Lanes> {
    // The high bit of each byte of `w` equal to `b` (no carry crosses a
    // byte); those bits as the low 8 bits of a mask.
    let equal = |w: u64, b: u8| {
        let x = w ^ LO.wrapping_mul(u64::from(b));
        !(((x & !HI).wrapping_add(!HI)) | x) & HI
    };
    let bits = |h: u64| ((h >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32;
    let mut b = Block {
        delims: 0,
        ends: 0,
        quotes: 0,
        conts: [0; WIDTH],
    };
    // Continuation bytes before the word.
    let mut before = 0u64;
    for (i, word) in bytes.chunks_exact(8).enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let w = u64::from_le_bytes(w);
        let quotes = equal(w, b'"');
        b.delims |= bits(equal(w, delimiter)) << (8 * i);
        b.ends |= bits(equal(w, b'\n') | equal(w, b'\r')) << (8 * i);
        b.quotes |= bits(quotes) << (8 * i);
        // 0x01 in each byte 10xxxxxx; byte k of the product counts them
        // in bytes 0..=k of the word (at most 8: no carry), and at most
        // 32 with those before.
        let counts = ((w & !(w << 1) & HI) >> 7).wrapping_mul(LO) + before.wrapping_mul(LO);
        before = counts >> 56;
        // Bytewise `k - count`: adding `0x80 | k` and taking away a count
        // of at most 32 borrows from no other byte.
        let k = 0x0706_0504_0302_0100u64 + (8 * i as u64).wrapping_mul(LO);
        let lanes = ((k | HI) - counts) ^ HI;
        b.conts[8 * i..8 * i + 8].copy_from_slice(&lanes.to_le_bytes());
    }
    b
}

/// All the bits of a block's masks.
const FULL: u32 = u32::MAX;

/// Room in `entries` for the entries of one block from `n` (one per byte)
/// and one more.
#[inline(always)]
fn room(entries: &mut Vec<u64>, n: usize) -> &mut [u64] {
    if entries.len() < n + WIDTH + 1 {
        grow(entries, n);
    }
    &mut entries[n..n + WIDTH]
}

/// Makes [`room`] in `entries` (rarely: they are kept from row to row).
#[cold]
#[inline(never)]
fn grow(entries: &mut Vec<u64>, n: usize) {
    entries.resize((n + WIDTH + 1).max(2 * entries.len()), 0);
}

/// Writes to `out` the entry of the cell after each delimiter in `delims`
/// (a block with `p` and `conts`); returns how many.
#[inline(always)]
fn push_cells(out: &mut [u64], mut delims: u32, p: u64, conts: &impl Conts) -> usize {
    let mut j = 0;
    while delims != 0 {
        out[j % WIDTH] = conts.entry(p, delims.trailing_zeros());
        j += 1;
        delims &= delims - 1;
    }
    j
}

/// Bit k: the parity of the bits in 0..=k of `bits`, one bit at a time
/// (quotes are few).
#[inline(always)]
fn prefix_parity(mut bits: u32) -> u32 {
    let mut parity = 0;
    while bits != 0 {
        // Every bit from the lowest set one up.
        parity ^= !((bits & bits.wrapping_neg()) - 1);
        bits &= bits - 1;
    }
    parity
}

/// How [`Splitter::scan`] ended.
enum Scan {
    /// At a line end at this offset of the text.
    End(usize),
    /// At the limit, before any line end.
    Limit,
    /// At something only the general state machine reads: a quote that
    /// neither opens nor closes a cell quoted as a whole, a line end in a
    /// quoted cell, a quoted cell open at the limit.
    General,
}

impl Splitter {
    /// A splitter for `delimiter`, which must be an ASCII byte other than
    /// a quote or a line end.
    pub fn new(delimiter: u8) -> Splitter {
        Splitter {
            delimiter,
            reader: Reader::detect(),
            quoted: false,
            row_start: 0,
            row_len: 0,
            entries: Vec::new(),
            plain_cells: 0,
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
        let plain = |end| Found {
            start: p,
            end,
            lead_newlines: 0,
            newlines: 0,
            closed: true,
        };
        let found = if limit - p >= u32::MAX as usize {
            // Offsets might not fit in 32 bits (longer than any record
            // dudao reads): the general state machine reads it the same.
            self.quoted(text, p, limit)
        } else {
            match self.scan(text, p, limit) {
                Scan::End(end) => Some(plain(end)),
                Scan::Limit if limit == text.len() => Some(plain(limit)),
                Scan::Limit => None,
                Scan::General => self.quoted(text, p, limit),
            }
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

    /// As [`Splitter::next`] in a text known to be UTF-8; for a record in
    /// mode [`Mode::Plain`] or [`Mode::Stripped`], also its cells as
    /// [`PlainCells`], which take each cell without checking it again.
    /// The splitter is given back to read the rest of the record.
    pub fn next_row<'a>(
        &'a mut self,
        text: &'a str,
        from: usize,
        stop: usize,
        limit: usize,
    ) -> (Next, &'a Splitter, Option<PlainCells<'a>>) {
        let next = self.next(text.as_bytes(), from, stop, limit);
        let this: &'a Splitter = self;
        let cells = match next {
            // The entries were just computed from this text's row; an
            // ASCII delimiter is a whole character.
            Next::Record(_) if !this.quoted && this.delimiter.is_ascii() => {
                let row = text.get(this.row_start..this.row_start + this.row_len);
                let entries = this.entries.get(..=this.plain_cells);
                row.zip(entries).map(|(row, entries)| PlainCells {
                    row,
                    entries,
                    cells: entries.len().saturating_sub(1),
                    delimiter: this.delimiter,
                })
            }
            _ => None,
        };
        if let Some(c) = &cells {
            debug_assert!(cells_between_delimiters(
                c.row.as_bytes(),
                c.entries,
                c.delimiter
            ));
            debug_assert!(increasing(c.entries, c.row.len()));
        }
        (next, this, cells)
    }

    /// Splits the row from `start`, up to its line end or `limit` (at most
    /// `u32::MAX` bytes on), in one pass, [`WIDTH`] bytes at a time: a block
    /// without line end or quote only has its delimiters taken. Quoted
    /// cells are taken as ranges too when each is quoted as a whole —
    /// `,"4,866",` — its delimiters masked by the parity of the quotes
    /// before them; any other quote gives up at once ([`Scan::General`]).
    fn scan(&mut self, text: &[u8], start: usize, limit: usize) -> Scan {
        match self.reader {
            Reader::Native => self.scan_with(block, text, start, limit),
            // SAFETY: `Reader::detect` chose AVX2 only on a CPU with every
            // feature `scan_avx2` enables.
            #[cfg(target_arch = "x86_64")]
            Reader::Avx2 => unsafe { self.scan_avx2(text, start, limit) },
            #[cfg(test)]
            Reader::Words => self.scan_with(block_words, text, start, limit),
        }
    }

    /// [`Splitter::scan`] compiled for AVX2, BMI1, BMI2 and POPCNT.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,bmi1,bmi2,popcnt")]
    fn scan_avx2(&mut self, text: &[u8], start: usize, limit: usize) -> Scan {
        self.scan_with(|bytes, d| block_avx2(bytes, d), text, start, limit)
    }

    /// [`Splitter::scan`] with blocks read by `block`.
    #[inline(always)]
    fn scan_with<C: Conts>(
        &mut self,
        block: impl Fn([u8; WIDTH], u8) -> Block<C>,
        text: &[u8],
        start: usize,
        limit: usize,
    ) -> Scan {
        let d = self.delimiter;
        let entries = &mut self.entries;
        room(entries, 0)[0] = 1 << 32;
        let mut n = 1;
        let mut p = 1 | 2 << 32;
        // Block offset in the row; `FULL` while in a quoted cell; whether
        // the row has a quoted cell.
        let mut at = 0;
        let mut inside = 0u32;
        let mut quoted = false;
        let mut blocks = text[start..limit].chunks_exact(WIDTH);
        let ended = loop {
            let (b, valid) = match blocks.next().and_then(|c| <[u8; WIDTH]>::try_from(c).ok()) {
                Some(bytes) => {
                    let b = block(bytes, d);
                    if (b.ends | b.quotes | inside) == 0 {
                        n += push_cells(room(entries, n), b.delims, p, &b.conts);
                        p = b.conts.next_p(p);
                        at += WIDTH;
                        continue;
                    }
                    (b, FULL)
                }
                None => {
                    // The last bytes before the limit, padded with zeros:
                    // never continuation bytes, and masked out as
                    // delimiters (a NUL delimiter would match them).
                    let rest = blocks.remainder();
                    let mut bytes = [0u8; WIDTH];
                    bytes[..rest.len()].copy_from_slice(rest);
                    (block(bytes, d), (1 << rest.len()) - 1)
                }
            };
            // A line end, a quote or a quoted cell, or the last bytes.
            let quotes = b.quotes & valid;
            let within = if quotes == 0 {
                inside
            } else {
                prefix_parity(quotes) ^ inside
            };
            let line_ends = b.ends & valid;
            let ends = line_ends & !within;
            let row = if ends != 0 {
                (1 << ends.trailing_zeros()) - 1
            } else {
                valid
            };
            if line_ends & within & row != 0 {
                break Scan::General;
            }
            if quotes & row != 0 {
                quoted = true;
                let whole = |k: u32| {
                    let o = start + at + k as usize;
                    if within >> k & 1 != 0 {
                        // Opening: the cell's first byte.
                        o == start || text[o - 1] == d
                    } else {
                        // Closing: its last.
                        o + 1 >= limit || matches!(text[o + 1], b'\n' | b'\r') || text[o + 1] == d
                    }
                };
                let mut q = quotes & row;
                while q != 0 {
                    if !whole(q.trailing_zeros()) {
                        break;
                    }
                    q &= q - 1;
                }
                if q != 0 {
                    break Scan::General;
                }
            }
            n += push_cells(room(entries, n), b.delims & !within & row, p, &b.conts);
            if ends != 0 {
                let k = ends.trailing_zeros() as usize;
                entries[n] = b.conts.entry(p, k as u32);
                break Scan::End(start + at + k);
            }
            if valid != FULL {
                if within >> (WIDTH - 1) != 0 {
                    // A quoted cell open at the limit.
                    break Scan::General;
                }
                entries[n] = b.conts.entry(p, valid.count_ones());
                break Scan::Limit;
            }
            inside = if within >> (WIDTH - 1) != 0 { FULL } else { 0 };
            p = b.conts.next_p(p);
            at += WIDTH;
        };
        if !matches!(ended, Scan::General) {
            self.quoted = false;
            self.strip_quotes = quoted;
            self.row_start = start;
            self.row_len = match ended {
                Scan::End(end) => end - start,
                _ => limit - start,
            };
            self.plain_cells = n;
        }
        ended
    }

    /// Cell `i` of the last record, without quotes: (start, end) offsets
    /// from the row's start, and the characters before each.
    #[inline(always)]
    fn plain_cell(&self, i: usize) -> Option<((u32, u32), (u32, u32))> {
        let entries = self.entries.get(..=self.plain_cells)?;
        let &[a, b] = entries.get(i..)?.first_chunk::<2>()?;
        let (start, end) = (a as u32, (b as u32).checked_sub(1)?);
        let (start_col, end_col) = ((a >> 32) as u32, (b >> 32) as u32);
        Some((
            (start, end),
            (start_col.checked_sub(1)?, end_col.checked_sub(2)?),
        ))
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
        if self.quoted {
            self.cells.len()
        } else {
            self.plain_cells
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
            return (0..self.plain_cells).all(|i| {
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
        let d = self.delimiter;
        text.get(self.row_start..self.row_start + self.row_len)
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

    /// Every way this machine can read blocks.
    fn readers() -> Vec<Reader> {
        let mut readers = vec![Reader::Native, Reader::Words];
        if Reader::detect() != Reader::Native {
            readers.push(Reader::detect());
        }
        readers
    }

    /// Records as [`Splitter::next_row`] reads them, with each reader, which
    /// must all agree.
    fn all_with(text: &str, delimiter: u8) -> Vec<Read> {
        let mut all = readers()
            .into_iter()
            .map(|reader| all_by(text, delimiter, reader));
        let first = all.next().unwrap_or_default();
        for other in all {
            assert_eq!(other, first);
        }
        first
    }

    fn all_by(text: &str, delimiter: u8, reader: Reader) -> Vec<Read> {
        let (s0, t) = (text, text.as_bytes());
        let mut splitter = Splitter::new(delimiter);
        splitter.reader = reader;
        let mut p = 0;
        let mut out = Vec::new();
        let mut line = 1;
        loop {
            let (next, s, cells) = splitter.next_row(s0, p, t.len(), t.len());
            let Next::Record(f) = next else {
                break;
            };
            line += f.lead_newlines;
            // The cells as ranges taken unchecked: the same cells, columns
            // and blankness as the general path's.
            match (s.mode(), cells) {
                (Mode::Unescaped, cells) => assert!(cells.is_none()),
                (mode, Some(cells)) => {
                    let strip = mode == Mode::Stripped;
                    assert!(cells_between_delimiters(
                        cells.row.as_bytes(),
                        cells.entries,
                        delimiter
                    ));
                    assert!(increasing(cells.entries, cells.row.len()));
                    assert_eq!(cells.len(), s.len());
                    for i in 0..=s.len() {
                        let general = if i < s.len() {
                            s.cell_column(s0, i)
                        } else {
                            ("", 0)
                        };
                        assert_eq!(cells.cell_column(i, strip), general);
                    }
                    assert_eq!(cells.all_blank(strip), s.all_blank(t));
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
    fn plain_cells_lie_between_delimiters() {
        let mut s = Splitter::new(b',');
        let (_, _, cells) = s.next_row("a,学,b\n", 0, 8, 8);
        let cells = cells.map(|c| (0..4).map(|i| c.cell_column(i, false)).collect::<Vec<_>>());
        assert_eq!(cells, Some(vec![("a", 1), ("学", 3), ("b", 5), ("", 0)]));
        // The invariant the unchecked cells rely on, and what breaks it.
        let row = "a,学,b".as_bytes();
        let e = |start: u64, column: u64| start | column << 32;
        assert!(cells_between_delimiters(
            row,
            &[e(0, 1), e(2, 3), e(6, 5), e(8, 7)],
            b','
        ));
        // A start inside the character, a start not past a delimiter, a
        // first start not 0, a last not past the row, no entries.
        assert!(!cells_between_delimiters(
            row,
            &[e(0, 1), e(3, 3), e(8, 7)],
            b','
        ));
        assert!(!cells_between_delimiters(
            row,
            &[e(0, 1), e(1, 2), e(8, 7)],
            b','
        ));
        assert!(!cells_between_delimiters(row, &[e(2, 3), e(8, 7)], b','));
        assert!(!cells_between_delimiters(row, &[e(0, 1), e(7, 7)], b','));
        assert!(!cells_between_delimiters(row, &[], b','));
        // What the unchecked ranges rely on besides: starts that increase
        // from 0 to `row.len() + 1`.
        assert!(increasing(&[e(0, 1), e(2, 3), e(6, 5), e(8, 7)], row.len()));
        assert!(increasing(&[e(0, 1), e(8, 2)], row.len()));
        assert!(!increasing(
            &[e(0, 1), e(6, 3), e(2, 5), e(8, 7)],
            row.len()
        ));
        assert!(!increasing(
            &[e(0, 1), e(2, 3), e(2, 5), e(8, 7)],
            row.len()
        ));
        assert!(!increasing(&[e(1, 1), e(8, 7)], row.len()));
        assert!(!increasing(&[e(0, 1), e(9, 7)], row.len()));
        assert!(!increasing(&[e(0, 1), e(7, 7)], row.len()));
        assert!(!increasing(&[], row.len()));
        // A delimiter that is not ASCII gives no unchecked cells.
        let mut s = Splitter::new(0xA6);
        let (next, _, cells) = s.next_row("学,x", 0, 5, 5);
        assert!(matches!(next, Next::Record(_)) && cells.is_none());
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
                    "\"\"", "\",\"", "0123456789abcdefghij", ",,,,,,,,,,,,,,,,,,",
                    "\"贵港,市高级中学\"",
                ]),
                0..60,
            ),
            delimiter in proptest::sample::select(vec![b',', b'\t', b';', 0u8]),
        ) {
            let text: String = parts.concat().replace(',', &char::from(delimiter).to_string());
            proptest::prop_assert_eq!(all_with(&text, delimiter), by_crate(&text, delimiter));
        }

        #[test]
        fn a_block_reads_the_same_by_words_as_byte_by_byte(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![
                    b'a', b',', b'\t', b';', 0u8, b'"', b'\n', b'\r', b' ', 0x7F, 0x80, 0xAD,
                    0xBF, 0xC0, 0xE5, 0xFF,
                ]),
                WIDTH,
            ),
            delimiter in proptest::sample::select(vec![b',', b'\t', b';', 0u8]),
        ) {
            let mut bytes_of = [0u8; WIDTH];
            bytes_of.copy_from_slice(&bytes);
            let mask = |f: &dyn Fn(u8) -> bool| {
                (0..WIDTH).filter(|&k| f(bytes_of[k])).fold(0u32, |m, k| m | 1 << k)
            };
            let mut lanes = [0u8; WIDTH];
            let mut seen = 0u8;
            for (k, &b) in bytes_of.iter().enumerate() {
                seen += u8::from(b & 0xC0 == 0x80);
                lanes[k] = (k as u8).wrapping_sub(seen);
            }
            let by_bytes = Block {
                delims: mask(&|b| b == delimiter),
                ends: mask(&|b| matches!(b, b'\n' | b'\r')),
                quotes: mask(&|b| b == b'"'),
                conts: lanes,
            };
            // The native block (SSE2 on x86_64) and the portable one.
            proptest::prop_assert_eq!(block(bytes_of, delimiter), by_bytes);
            proptest::prop_assert_eq!(block_words(bytes_of, delimiter), by_bytes);
            // AVX2, if this CPU has it: the same masks, and the same entry
            // for a cell after any byte that is not a continuation byte.
            #[cfg(target_arch = "x86_64")]
            if Reader::detect() == Reader::Avx2 {
                // SAFETY: the CPU has AVX2 (just detected).
                let b = unsafe { block_avx2(bytes_of, delimiter) };
                proptest::prop_assert_eq!(
                    (b.delims, b.ends, b.quotes),
                    (by_bytes.delims, by_bytes.ends, by_bytes.quotes)
                );
                let p = 7 | 40 << 32;
                for k in (0..WIDTH as u32).filter(|&k| bytes_of[k as usize] & 0xC0 != 0x80) {
                    proptest::prop_assert_eq!(b.conts.entry(p, k), by_bytes.conts.entry(p, k));
                }
                proptest::prop_assert_eq!(b.conts.next_p(p), by_bytes.conts.next_p(p));
            }
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
