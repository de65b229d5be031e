//! Value readers: one cell's text → a value of its field's type (DATA.md
//! "Reading values"). Pure functions over `&str`; nothing here knows files.
//!
//! A reader either returns the value (text borrows from the cell) or a
//! [`CellError`] carrying the diagnostic id, a message naming the
//! offending value and advice on how to write it. Allocation happens only on
//! the error path and for enum look-ups (into a reused buffer).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Display;

use crate::data::fold::{fold_into, is_blank, narrow_char};
use crate::data::fxhash::FxBuild;
use crate::i18n::{Lang, Msg, data as m};
use crate::model::{EnumDef, Pack, Type};
use crate::value::{Date, Dim, Value};

/// Why a cell could not be read as its field's type.
#[derive(Clone, Debug, PartialEq)]
pub struct CellError {
    /// `schema/type` or `schema/enum`.
    pub id: &'static str,
    /// The language of the message and help.
    pub lang: Lang,
    /// What is wrong: a catalogue entry whose `{cell}` names the cell.
    pub problem: Msg,
    /// The other holes of `problem` (`value`, …).
    pub args: Vec<(&'static str, String)>,
    /// How to write the value instead.
    pub help: Option<String>,
}

impl CellError {
    /// An error with `problem` about the cell text `value`.
    pub fn new(lang: Lang, id: &'static str, problem: Msg, value: &str) -> CellError {
        CellError {
            id,
            lang,
            problem,
            args: vec![("value", value.to_string())],
            help: None,
        }
    }

    /// The error with one more hole filled.
    pub fn with(mut self, name: &'static str, value: impl Display) -> CellError {
        self.args.push((name, value.to_string()));
        self
    }

    /// The error with its help, a catalogue entry without holes.
    pub fn help(mut self, help: Msg) -> CellError {
        self.help = Some(crate::t!(self.lang, help));
        self
    }

    /// The message, naming the cell as `cell` does (Chinese messages say
    /// where the cell is; English ones leave that to the location).
    pub fn message_at(&self, cell: &dyn Display) -> String {
        let mut args: Vec<(&str, &dyn Display)> = Vec::with_capacity(self.args.len() + 1);
        args.push(("cell", cell));
        args.extend(self.args.iter().map(|(n, v)| (*n, v as &dyn Display)));
        self.problem.format(self.lang, &args)
    }

    /// The message of a cell read on its own.
    pub fn message(&self) -> String {
        match self.lang {
            Lang::En => self.message_at(&""),
            Lang::Zh => self.message_at(&crate::t!(self.lang, m::CELL_ALONE)),
        }
    }
}

/// The spellings of a missing value (after trimming).
pub const MISSING_MARKERS: [&str; 9] = ["", "-", "--", "—", "/", "N/A", "NA", "null", "NULL"];

/// Whether a trimmed cell is one of the missing markers (or empty).
#[inline]
pub fn is_missing(trimmed: &str) -> bool {
    matches!(
        trimmed.as_bytes(),
        b"" | b"-" | b"/" | b"--" | b"NA" | b"N/A" | b"\xE2\x80\x94" | b"null" | b"NULL"
    )
}

/// Reads one cell as `ty`, with English messages. Convenience for tests and
/// examples: it builds the enum tables it needs on every call; readers of
/// whole files use [`CellReader`].
pub fn read_cell<'a>(text: &'a str, ty: Type, pack: &Pack) -> Result<Value<'a>, CellError> {
    let mut reader = CellReader::new(pack, Lang::En);
    reader.read(text, ty)
}

/// Reads cells with per-pack tables built once (enum spellings) and a
/// scratch buffer reused between cells.
#[derive(Clone, Debug)]
pub struct CellReader {
    enums: Vec<EnumTable>,
    scratch: String,
    /// The language of errors.
    lang: Lang,
}

impl CellReader {
    /// A reader whose errors speak `lang`.
    pub fn new(pack: &Pack, lang: Lang) -> CellReader {
        CellReader {
            enums: pack.enums.iter().map(|e| EnumTable::new(e, lang)).collect(),
            scratch: String::new(),
            lang,
        }
    }

    /// Reads one cell (trimmed here) as `ty`; missing markers give
    /// [`Value::Missing`].
    pub fn read<'a>(&mut self, text: &'a str, ty: Type) -> Result<Value<'a>, CellError> {
        self.read_trimmed(text.trim_matches(is_blank), ty)
    }

    /// Reads one cell already trimmed (no blank at either end) as `ty`.
    /// The common spellings are read by [`CellReader::read_fast`] before
    /// the general path (full-width forms, separators, units, folding),
    /// which gives the same value for them.
    pub fn read_trimmed<'a>(&mut self, t: &'a str, ty: Type) -> Result<Value<'a>, CellError> {
        match self.read_fast(t, ty) {
            Some(v) => Ok(v),
            None => self.read_general(t, ty),
        }
    }

    /// Reads the common spellings of a trimmed cell — missing markers,
    /// ASCII numbers (`1,200`, `35.0`), a number and a unit (`300M`,
    /// `100 Mbps`), ASCII dates in the four styles, an enum spelling or a
    /// yes/no word as the tables hold it (or in other ASCII case) — exactly
    /// as the general path reads them; `None` for anything else, which is
    /// for the general path to read (or to report).
    #[inline(always)]
    pub fn read_fast<'a>(&self, t: &'a str, ty: Type) -> Option<Value<'a>> {
        match ty {
            Type::Text => Some(fast_text(t)),
            Type::Int => fast_int(t),
            Type::Number => {
                if t.len() <= 4 && is_missing(t) {
                    return Some(Value::Missing);
                }
                plain_number(t)
                    .or_else(|| narrowed(t, plain_number))
                    .map(Value::Num)
            }
            Type::Percent => {
                if t.len() <= 4 && is_missing(t) {
                    return Some(Value::Missing);
                }
                t.strip_suffix('%')
                    .and_then(plain_int)
                    .map(|n| Value::Num(n / 100.0))
            }
            Type::Bool => fast_bool(t),
            Type::Enum(e) => self.fast_enum(e, t),
            Type::Date => fast_date(t),
            Type::Quantity(dim) => {
                if t.len() <= 4 && is_missing(t) {
                    return Some(Value::Missing);
                }
                plain_quantity(t, dim).map(Value::Num)
            }
        }
    }

    /// [`CellReader::read_fast`] of an enum cell (enum `e`): a spelling as
    /// the table holds it, or ASCII and full-width forms in another case
    /// (`ADSL`, `４Ｇ`), which fold to one.
    #[inline(always)]
    pub fn fast_enum<'a>(&self, e: u32, t: &str) -> Option<Value<'a>> {
        if t.len() <= 4 && is_missing(t) {
            return Some(Value::Missing);
        }
        let table = self.enums.get(e as usize)?;
        match table.exact.get(t) {
            Some(v) => Some(Value::Enum(v)),
            None => table.folded(t).map(Value::Enum),
        }
    }

    fn read_general<'a>(&mut self, t: &'a str, ty: Type) -> Result<Value<'a>, CellError> {
        let (scratch, lang) = (&mut self.scratch, self.lang);
        match ty {
            Type::Text => Ok(Value::Text(t)),
            Type::Int => read_int(t, scratch)
                .map(Value::Num)
                .ok_or_else(|| type_error(lang, t, true, scratch)),
            Type::Number => read_number(t, scratch)
                .map(Value::Num)
                .ok_or_else(|| type_error(lang, t, false, scratch)),
            Type::Percent => read_percent(lang, t, scratch).map(Value::Num),
            Type::Bool => read_bool(t, scratch).map(Value::Bool).ok_or_else(|| {
                CellError::new(lang, "schema/type", m::NOT_BOOL, t).help(m::HELP_BOOL)
            }),
            Type::Date => read_date(t).map(Value::Date).ok_or_else(|| {
                CellError::new(lang, "schema/type", m::NOT_DATE, t).help(m::HELP_DATE)
            }),
            Type::Quantity(dim) => read_quantity(t, dim, scratch)
                .map(Value::Num)
                .ok_or_else(|| quantity_error(lang, t, dim)),
            Type::Enum(e) => match self.enums.get(e as usize) {
                Some(table) => table.read(lang, t, scratch).map(Value::Enum),
                None => Err(CellError::new(lang, "schema/enum", m::ENUM_UNKNOWN, t)),
            },
        }
    }
}

/// [`CellReader::read_fast`] of a text cell.
#[inline(always)]
pub fn fast_text(t: &str) -> Value<'_> {
    if t.len() <= 4 && is_missing(t) {
        Value::Missing
    } else {
        Value::Text(t)
    }
}

/// [`CellReader::read_fast`] of an int cell: ASCII int grammar
/// ([`ascii_int`]), or the same in full-width forms (`９８`), which the
/// general path narrows first.
#[inline(always)]
pub fn fast_int<'a>(t: &str) -> Option<Value<'a>> {
    if let Some(n) = ascii_int(t) {
        return Some(Value::Num(n));
    }
    if t.len() <= 4 && is_missing(t) {
        return Some(Value::Missing);
    }
    wide_int(t).map(Value::Num)
}

/// An int in full-width forms: out of line, as few cells have them.
#[inline(never)]
fn wide_int(t: &str) -> Option<f64> {
    narrowed(t, ascii_int)
}

/// [`CellReader::read_fast`] of a bool cell. (No missing marker is a
/// yes/no word, so the words are tried first.)
#[inline(always)]
pub fn fast_bool<'a>(t: &str) -> Option<Value<'a>> {
    if let Some(b) = bool_word(t) {
        return Some(Value::Bool(b));
    }
    if t.len() <= 4 && is_missing(t) {
        return Some(Value::Missing);
    }
    ascii_bool(t).map(Value::Bool)
}

/// [`CellReader::read_fast`] of a date cell.
#[inline(always)]
pub fn fast_date<'a>(t: &str) -> Option<Value<'a>> {
    if t.len() <= 4 && is_missing(t) {
        return Some(Value::Missing);
    }
    ascii_date(t).map(Value::Date)
}

/// [`plain_int`], else [`plain_decimal`].
fn plain_number(t: &str) -> Option<f64> {
    plain_int(t).or_else(|| plain_decimal(t))
}

/// The longest cell [`narrowed`] narrows, in bytes.
const NARROW: usize = 48;

/// `t` into `buf` with its full-width ASCII forms and ideographic spaces
/// made ASCII (as `narrow_char` makes them): its length, when `t` is at
/// most [`NARROW`] bytes and has no other non-ASCII character.
#[inline]
fn narrow(t: &str, buf: &mut [u8; NARROW]) -> Option<usize> {
    let b = t.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let (ascii, width) = match (c, b.get(i + 1), b.get(i + 2)) {
            (0..=0x7F, ..) => (c, 1),
            // U+FF01–U+FF3F and U+FF40–U+FF5E.
            (0xEF, Some(0xBC), Some(&d @ 0x81..=0xBF)) => (d - 0x60, 3),
            (0xEF, Some(0xBD), Some(&d @ 0x80..=0x9E)) => (d - 0x20, 3),
            // U+3000.
            (0xE3, Some(0x80), Some(0x80)) => (b' ', 3),
            _ => return None,
        };
        *buf.get_mut(n)? = ascii;
        n += 1;
        i += width;
    }
    Some(n)
}

/// `read` of `t` narrowed ([`narrow`]), when `t` has a non-ASCII character
/// and narrows.
fn narrowed<T>(t: &str, read: impl FnOnce(&str) -> Option<T>) -> Option<T> {
    if t.is_ascii() {
        return None;
    }
    let mut buf = [0u8; NARROW];
    let n = narrow(t, &mut buf)?;
    read(std::str::from_utf8(buf.get(..n)?).ok()?)
}

/// `t` when it is 1 to 15 ASCII digits, with an optional `-`: the value
/// `parse_decimal` gives it, without its copying and checks.
fn plain_int(t: &str) -> Option<f64> {
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t),
    };
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    let mut n: u64 = 0;
    for &b in digits.as_bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(b - b'0');
    }
    // Below 2^53, exact; `-0` is -0.0 as `str::parse` makes it.
    let v = n as f64;
    Some(if neg { -v } else { v })
}

/// `t` when it is ASCII digits, one point and digits (`35.5`): parsed as
/// `parse_decimal` would parse its (identical) ASCII form.
fn plain_decimal(t: &str) -> Option<f64> {
    let (int, frac) = t.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `t` when it is ASCII int grammar with at most 15 digits: an optional
/// `-`, digits with `,` separators in groups of three, and an optional
/// fraction of zeros (`1,200`, `35.0`): the value `read_int` gives it.
#[inline(always)]
pub(super) fn ascii_int(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    let (neg, b) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    let sign = |v: f64| if neg { -v } else { v };
    // The common cell: digits only.
    let mut n: u64 = 0;
    for (i, &c) in b.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            if i == 0 {
                return None;
            }
            return separated_int(b).map(sign);
        }
        n = n * 10 + u64::from(d);
        if i >= 15 {
            return None;
        }
    }
    // Below 2^53, exact; `-0` is -0.0 as `str::parse` makes it.
    (!b.is_empty()).then(|| sign(n as f64))
}

/// The digits of [`ascii_int`] past the sign when they have separators or
/// a zero fraction.
fn separated_int(b: &[u8]) -> Option<f64> {
    let mut n: u64 = 0;
    let mut digits = 0usize;
    // Digits in the current group, and whether a separator was seen.
    let mut group = 0usize;
    let mut comma = false;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                n = n * 10 + u64::from(c - b'0');
                digits += 1;
                group += 1;
                if digits > 15 {
                    return None;
                }
            }
            b',' => {
                // The first group has 1 to 3 digits, every later one 3.
                if group == 0 || group > 3 || (comma && group != 3) {
                    return None;
                }
                comma = true;
                group = 0;
            }
            _ => break,
        }
        i += 1;
    }
    if digits == 0 || (comma && group != 3) {
        return None;
    }
    if let Some((b'.', zeros)) = b[i..].split_first() {
        if zeros.is_empty() || !zeros.iter().all(|&z| z == b'0') {
            return None;
        }
    } else if i != b.len() {
        return None;
    }
    Some(n as f64)
}

/// A yes/no word in ASCII of another case (`Y`, `No`, `TRUE`): the value
/// `read_bool` gives it (folding ASCII is lower-casing it).
fn ascii_bool(t: &str) -> Option<bool> {
    let mut buf = [0u8; 5];
    let word = buf.get_mut(..t.len())?;
    word.copy_from_slice(t.as_bytes());
    word.make_ascii_lowercase();
    bool_bytes(word)
}

/// `2020-09-01`, `2020/9/1`, `2020.9.1`, `2020年9月1日` in ASCII digits: the
/// date `read_date` gives it (which also reads full-width forms).
pub(super) fn ascii_date(t: &str) -> Option<Date> {
    // 年, 月, 日 (compared as arrays, not as slices: no call to `bcmp`).
    const NIAN: [u8; 3] = *b"\xE5\xB9\xB4";
    const YUE: [u8; 3] = *b"\xE6\x9C\x88";
    const RI: [u8; 3] = *b"\xE6\x97\xA5";
    let (year, rest) = t.as_bytes().split_first_chunk::<4>()?;
    let year = four_digits(*year)?;
    let (month, day) = match rest.split_first()? {
        (&sep @ (b'-' | b'/' | b'.'), rest) => {
            let (month, rest) = one_or_two_digits(rest)?;
            let (day, rest) = match rest.split_first()? {
                (&c, rest) if c == sep => one_or_two_digits(rest)?,
                _ => return None,
            };
            if !rest.is_empty() {
                return None;
            }
            (month, day)
        }
        _ => {
            let (&nian, rest) = rest.split_first_chunk::<3>()?;
            let (month, rest) = one_or_two_digits(rest).filter(|_| nian == NIAN)?;
            let (&yue, rest) = rest.split_first_chunk::<3>()?;
            let (day, rest) = one_or_two_digits(rest).filter(|_| yue == YUE)?;
            if rest.len() != 3 || rest.first_chunk::<3>() != Some(&RI) {
                return None;
            }
            (month, day)
        }
    };
    Date::from_ymd(year as i32, month, day)
}

/// Four ASCII digits as a number, tested and read as one word: a byte
/// below `0` borrows (its byte of `d` has its top bit set, and the bytes
/// below it are digits, which do not borrow), a byte above `9` has its
/// top bit set in `d` or in `d + 0x76`.
#[inline(always)]
fn four_digits(b: [u8; 4]) -> Option<u32> {
    let d = u32::from_le_bytes(b).wrapping_sub(0x3030_3030);
    if (d | d.wrapping_add(0x7676_7676)) & 0x8080_8080 != 0 {
        return None;
    }
    // Pairs (first × 10 + second) in bytes 0 and 2, then the two pairs.
    let pairs = (d * 10 + (d >> 8)) & 0x00FF_00FF;
    Some((pairs & 0xFF) * 100 + (pairs >> 16))
}

/// One or two ASCII digits at the start of `b` (as many as there are), and
/// what follows them.
#[inline(always)]
fn one_or_two_digits(b: &[u8]) -> Option<(u32, &[u8])> {
    let (&first, rest) = b.split_first()?;
    let d0 = first.wrapping_sub(b'0');
    if d0 > 9 {
        return None;
    }
    match rest.split_first() {
        Some((&c, after)) if c.wrapping_sub(b'0') <= 9 => {
            Some((u32::from(d0) * 10 + u32::from(c - b'0'), after))
        }
        _ => Some((u32::from(d0), rest)),
    }
}

/// A quantity written as ASCII digits, then perhaps ASCII spaces and a
/// unit (`300M`, `100 Mbps`, `300兆`, `百兆`): the value `read_quantity`
/// gives it.
fn plain_quantity(t: &str, dim: Dim) -> Option<f64> {
    let b = t.as_bytes();
    // The leading ASCII digits, read as they are counted.
    let mut n: u64 = 0;
    let mut digits = 0;
    while let Some(&c) = b.get(digits) {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        if digits == 15 {
            // Too many digits for the fast path (no special rate either).
            return special_rate(t, dim);
        }
        n = n * 10 + u64::from(d);
        digits += 1;
    }
    let Some((&next, _)) = b.get(digits..)?.split_first() else {
        // Digits only (or nothing): as `plain_int` reads them.
        return plain_int(t).or_else(|| special_rate(t, dim));
    };
    if digits == 0 {
        // `-5`, or a rate in words.
        return plain_int(t).or_else(|| special_rate(t, dim));
    }
    // The number ends where `split_number` ends it: at a character that
    // is no part of a number (nor a full-width form, which narrows).
    if matches!(next, b'+' | b'-' | b'.' | b',' | b'e' | b'E' | 0xEF) {
        return None;
    }
    let spaces = b
        .get(digits..)?
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    let unit = t.get(digits + spaces..)?;
    // A unit the general path would narrow first (full-width forms, the
    // ideographic space) or trim further is left to it.
    if unit
        .bytes()
        .any(|c| c == 0xEF || c == 0xE3 || c == 0xC2 || c == 0xE1 || c == 0xE2)
    {
        return None;
    }
    // Below 2^53, exact.
    Some(n as f64 * unit_factor(unit, dim)?)
}

/// The yes/no words exactly as the bool vocabulary spells them (a word
/// written so is its own folded form).
#[inline(always)]
pub(super) fn bool_word(t: &str) -> Option<bool> {
    bool_bytes(t.as_bytes())
}

/// [`bool_word`] of a word's bytes.
#[inline(always)]
fn bool_bytes(b: &[u8]) -> Option<bool> {
    // By bytes: `true`, `yes`, `y`, `1`, 是, 有, √, ✓ and `false`, `no`,
    // `n`, `0`, 否, 无, ×, ✗ (a slice pattern compares bytes in place).
    match b {
        b"1" | b"y" | b"yes" | b"true" => Some(true),
        b"\xE6\x98\xAF" | b"\xE6\x9C\x89" | b"\xE2\x88\x9A" | b"\xE2\x9C\x93" => Some(true),
        b"0" | b"n" | b"no" | b"false" => Some(false),
        b"\xE5\x90\xA6" | b"\xE6\x97\xA0" | b"\xC3\x97" | b"\xE2\x9C\x97" => Some(false),
        _ => None,
    }
}

/// Splits a cell into its leading number (digits, signs, separators, point,
/// exponent, in ASCII or full-width forms) and the rest, trimmed.
fn split_number(t: &str) -> (&str, &str) {
    let end = t
        .char_indices()
        .find(|&(_, c)| {
            !matches!(
                narrow_char(c),
                '0'..='9' | '+' | '-' | '.' | ',' | 'e' | 'E'
            )
        })
        .map_or(t.len(), |(i, _)| i);
    (&t[..end], t[end..].trim_matches(is_blank))
}

/// The grammar shared by int and number: optional sign, digits with `,`
/// thousands separators in groups of three, then (if `decimal`) a fraction
/// and an exponent; for ints only an all-zero fraction. The ASCII form goes
/// to `out` and is parsed.
fn parse_decimal(t: &str, decimal: bool, out: &mut String) -> Option<f64> {
    out.clear();
    let mut chars = t.chars().map(narrow_char).peekable();
    if let Some(&c) = chars.peek()
        && (c == '+' || c == '-')
    {
        out.push(c);
        chars.next();
    }
    // Integer part with separators.
    let mut group = 0usize;
    let mut groups = 0usize;
    let mut first_group = 0usize;
    let mut saw_comma = false;
    while let Some(&c) = chars.peek() {
        match c {
            '0'..='9' => {
                out.push(c);
                group += 1;
            }
            ',' => {
                if groups == 0 {
                    first_group = group;
                    if group == 0 || group > 3 {
                        return None;
                    }
                } else if group != 3 {
                    return None;
                }
                saw_comma = true;
                groups += 1;
                group = 0;
            }
            _ => break,
        }
        chars.next();
    }
    if saw_comma && group != 3 {
        return None;
    }
    let int_digits = if saw_comma {
        first_group + 3 * groups
    } else {
        group
    };
    // Fraction.
    let mut frac_digits = 0usize;
    if chars.peek() == Some(&'.') {
        chars.next();
        out.push('.');
        while let Some(&c) = chars.peek() {
            if !c.is_ascii_digit() || (!decimal && c != '0') {
                break;
            }
            out.push(c);
            frac_digits += 1;
            chars.next();
        }
        if frac_digits == 0 {
            return None;
        }
    }
    if int_digits == 0 && (frac_digits == 0 || !decimal) {
        return None;
    }
    // Exponent.
    if decimal && matches!(chars.peek(), Some('e' | 'E')) {
        chars.next();
        out.push('e');
        if let Some(&c) = chars.peek()
            && (c == '+' || c == '-')
        {
            out.push(c);
            chars.next();
        }
        let mut exp_digits = 0;
        while let Some(&c) = chars.peek() {
            if !c.is_ascii_digit() {
                break;
            }
            out.push(c);
            exp_digits += 1;
            chars.next();
        }
        if exp_digits == 0 {
            return None;
        }
    }
    if chars.next().is_some() {
        return None;
    }
    out.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `1,200` → 1200, `１２` → 12, `35.0` → 35.
fn read_int(t: &str, scratch: &mut String) -> Option<f64> {
    parse_decimal(t, false, scratch)
}

/// Decimal or scientific notation with int's digits and separators.
fn read_number(t: &str, scratch: &mut String) -> Option<f64> {
    parse_decimal(t, true, scratch)
}

/// `85%` → 0.85; a bare fraction 0..=1 as it is; `85` → error with advice.
fn read_percent(lang: Lang, t: &str, scratch: &mut String) -> Result<f64, CellError> {
    let (num, rest) = split_number(t);
    let value = parse_decimal(num, true, scratch);
    match (value, rest) {
        (Some(v), "%" | "％") => Ok(v / 100.0),
        (Some(v), "") if (0.0..=1.0).contains(&v) => Ok(v),
        (Some(v), "") => {
            let mut e = CellError::new(lang, "schema/type", m::NOT_PERCENT_SCALE, t);
            let fraction = trim_float(v / 100.0);
            e.help = Some(crate::t!(
                lang,
                m::HELP_PERCENT_SCALE,
                number = num,
                fraction = fraction
            ));
            Err(e)
        }
        _ => Err(CellError::new(lang, "schema/type", m::NOT_PERCENT, t).help(m::HELP_PERCENT)),
    }
}

/// A float as a short decimal (`0.85`, not `0.8500000000000001`).
fn trim_float(v: f64) -> String {
    let s = format!("{:.6}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// The bool vocabulary, ASCII case-insensitive.
fn read_bool(t: &str, scratch: &mut String) -> Option<bool> {
    fold_into(t, scratch);
    bool_word(scratch)
}

/// `2020-09-01`, `2020/9/1`, `2020.9.1`, `2020年9月1日`; a real date.
pub fn read_date(t: &str) -> Option<Date> {
    // Dates are short: a fixed buffer, no allocation.
    let mut buf = ['\0'; 16];
    let mut len = 0;
    for c in t.chars() {
        *buf.get_mut(len)? = narrow_char(c);
        len += 1;
    }
    let chars = &buf[..len];
    let mut i = 0;
    let number = |max: usize, i: &mut usize| -> Option<u32> {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() && *i - start < max {
            *i += 1;
        }
        if *i == start {
            return None;
        }
        chars[start..*i]
            .iter()
            .try_fold(0u32, |acc, c| Some(acc * 10 + c.to_digit(10)?))
    };
    let year_start = i;
    let year = number(4, &mut i)?;
    if i - year_start != 4 {
        return None;
    }
    let sep = *chars.get(i)?;
    let (sep2, end) = match sep {
        '-' | '/' | '.' => (sep, None),
        '年' => ('月', Some('日')),
        _ => return None,
    };
    i += 1;
    let month = number(2, &mut i)?;
    if chars.get(i) != Some(&sep2) {
        return None;
    }
    i += 1;
    let day = number(2, &mut i)?;
    if let Some(end) = end {
        if chars.get(i) != Some(&end) {
            return None;
        }
        i += 1;
    }
    if i != chars.len() {
        return None;
    }
    Date::from_ymd(year as i32, month, day)
}

/// A number with an optional unit of `dim`, in the canonical unit.
fn read_quantity(t: &str, dim: Dim, scratch: &mut String) -> Option<f64> {
    if let Some(v) = special_rate(t, dim) {
        return Some(v);
    }
    let (num, rest) = split_number(t);
    let value = parse_decimal(num, true, scratch)?;
    let unit: Cow<str> = if rest.chars().all(|c| narrow_char(c) == c) {
        Cow::Borrowed(rest)
    } else {
        Cow::Owned(rest.chars().map(narrow_char).collect())
    };
    Some(value * unit_factor(&unit, dim)?)
}

/// The rates written as words: `百兆`, `千兆`, `万兆`.
fn special_rate(t: &str, dim: Dim) -> Option<f64> {
    if dim != Dim::Rate {
        return None;
    }
    match t {
        "百兆" => Some(100.0),
        "千兆" => Some(1000.0),
        "万兆" => Some(10000.0),
        _ => None,
    }
}

/// What a unit of `dim` (narrowed, trimmed) multiplies by.
fn unit_factor(unit: &str, dim: Dim) -> Option<f64> {
    match dim {
        Dim::Rate => rate_factor(unit),
        Dim::Area => match unit {
            "" | "m2" | "m²" | "㎡" | "平方米" => Some(1.0),
            _ => None,
        },
        Dim::Money => match unit {
            "" | "元" | "yuan" => Some(1.0),
            "万" | "万元" => Some(10000.0),
            _ => None,
        },
    }
}

/// `k`/`K`, `M`, `G`, each optionally followed by `b`/`bps`, or `兆`; none
/// means Mbps.
fn rate_factor(unit: &str) -> Option<f64> {
    let (factor, rest) = match unit.as_bytes() {
        b"" | b"\xE5\x85\x86" => return Some(1.0), // "" or 兆
        [b'k' | b'K', rest @ ..] => (0.001, rest),
        [b'M', rest @ ..] => (1.0, rest),
        [b'G', rest @ ..] => (1000.0, rest),
        _ => return None,
    };
    matches!(rest, b"" | b"b" | b"bps").then_some(factor)
}

/// The error for an unreadable int (`whole`) or number; when the cell is a
/// number followed by other text (`12人`), the help says to write the number
/// alone.
fn type_error(lang: Lang, t: &str, whole: bool, scratch: &mut String) -> CellError {
    let (num, rest) = split_number(t);
    let problem = if whole { m::NOT_INTEGER } else { m::NOT_NUMBER };
    let mut e = CellError::new(lang, "schema/type", problem, t);
    if !rest.is_empty() && parse_decimal(num, true, scratch).is_some() {
        e.help = Some(crate::t!(lang, m::HELP_NUMBER_ALONE, number = num));
        e
    } else if whole && parse_decimal(t, true, scratch).is_some() {
        e.help(m::HELP_NO_FRACTION)
    } else if whole {
        e.help(m::HELP_INTEGER_DIGITS)
    } else {
        e.help(m::HELP_NUMBER_DIGITS)
    }
}

fn quantity_error(lang: Lang, t: &str, dim: Dim) -> CellError {
    let (problem, help) = match dim {
        Dim::Rate => (m::NOT_RATE, m::HELP_RATE),
        Dim::Area => (m::NOT_AREA, m::HELP_AREA),
        Dim::Money => (m::NOT_MONEY, m::HELP_MONEY),
    };
    CellError::new(lang, "schema/type", problem, t).help(help)
}

/// One enum's spellings, folded, and what to say when a cell matches none.
#[derive(Clone, Debug)]
struct EnumTable {
    name: String,
    /// Folded spelling → variant index.
    by_spelling: HashMap<String, u32, FxBuild>,
    /// The same, for the fast path's exact look-ups.
    exact: Spellings,
    /// (folded, as written) for suggestions.
    spellings: Vec<(String, String)>,
    /// "primary (小学, 21), junior (初中)"; in Chinese
    /// "primary（小学、21）、junior（初中）".
    accepted: String,
}

/// Spellings (exact strings) → variant index. A spelling of up to 16
/// bytes is found in an open-addressed table by its length and two
/// numbers that hold every byte of it ([`words`]), hashed by a multiply:
/// usually one slot read and compared, with no call; a longer one is
/// compared whole.
#[derive(Clone, Debug)]
struct Spellings {
    /// A power of two of slots, at least twice as many as spellings of up
    /// to 16 bytes (so that a probe always reaches a free slot), probed
    /// from [`spot`] on.
    slots: Vec<Spelt>,
    /// The spellings of more than 16 bytes, and their variants.
    long: Vec<(Box<str>, u32)>,
}

/// A slot of [`Spellings::slots`]: a spelling's [`words`], its length
/// ([`FREE`] for a free slot) and its variant.
#[derive(Clone, Copy, Debug)]
struct Spelt {
    words: (u64, u64),
    len: u32,
    variant: u32,
}

/// The length of a free [`Spelt`].
const FREE: u32 = u32::MAX;

/// Where the probe for a spelling with these [`words`] and length begins
/// (masked to the table's size by the caller).
#[inline(always)]
fn spot((a, b): (u64, u64), len: usize) -> usize {
    let h = (a ^ b.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 40) as usize
}

impl Spellings {
    fn new(map: &HashMap<String, u32, FxBuild>) -> Spellings {
        let short = map.keys().filter(|k| k.len() <= 16).count();
        let size = (2 * short).next_power_of_two().max(2);
        let free = Spelt {
            words: (0, 0),
            len: FREE,
            variant: 0,
        };
        let mut slots = vec![free; size];
        let mut long = Vec::new();
        // In order, so that the table does not depend on the map's.
        let mut keys: Vec<(&String, &u32)> = map.iter().collect();
        keys.sort();
        for (k, &v) in keys {
            if k.len() > 16 {
                long.push((k.as_str().into(), v));
                continue;
            }
            let w = words(k.as_bytes());
            let mut i = spot(w, k.len());
            while slots[i & (size - 1)].len != FREE {
                i += 1;
            }
            slots[i & (size - 1)] = Spelt {
                words: w,
                len: k.len() as u32,
                variant: v,
            };
        }
        Spellings { slots, long }
    }

    /// The variant spelt exactly `t`.
    #[inline(always)]
    fn get(&self, t: &str) -> Option<u32> {
        let b = t.as_bytes();
        if b.len() > 16 {
            return self.long.iter().find(|(s, _)| **s == *t).map(|e| e.1);
        }
        let w = words(b);
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = spot(w, b.len());
        // A free slot ends the probe: at least half the slots are free.
        loop {
            let e = self.slots.get(i & mask)?;
            if e.len == b.len() as u32 && e.words == w {
                return Some(e.variant);
            }
            if e.len == FREE {
                return None;
            }
            i = i.wrapping_add(1);
        }
    }
}

/// Two numbers that, among byte strings of one length up to 16, differ
/// whenever the strings do (they hold every byte): the first and the last
/// eight bytes, or for a shorter string its first and last four, two or
/// one. Each is a load of fixed size (copying a variable length would call
/// `memcpy`); beyond 16 bytes, the first 16.
#[inline(always)]
fn words(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    let at = |i: usize| -> [u8; 8] {
        b.get(i..i + 8)
            .and_then(|w| w.try_into().ok())
            .unwrap_or([0; 8])
    };
    let at4 = |i: usize| -> u64 {
        b.get(i..i + 4)
            .and_then(|w| w.try_into().ok())
            .map_or(0, |w| u64::from(u32::from_le_bytes(w)))
    };
    let at2 = |i: usize| -> u64 {
        b.get(i..i + 2)
            .and_then(|w| w.try_into().ok())
            .map_or(0, |w| u64::from(u16::from_le_bytes(w)))
    };
    match n {
        0 => (0, 0),
        1 => (b.first().map_or(0, |&c| u64::from(c)), 0),
        2..=3 => (at2(0), at2(n - 2)),
        4..=7 => (at4(0), at4(n - 4)),
        8..=16 => (u64::from_le_bytes(at(0)), u64::from_le_bytes(at(n - 8))),
        _ => (u64::from_le_bytes(at(0)), u64::from_le_bytes(at(8))),
    }
}

impl EnumTable {
    fn new(def: &EnumDef, lang: Lang) -> EnumTable {
        let mut by_spelling = HashMap::default();
        let mut spellings = Vec::new();
        let mut accepted = Vec::new();
        for (i, v) in def.variants.iter().enumerate() {
            for s in std::iter::once(&v.name).chain(&v.labels) {
                let folded = super::fold::fold(s);
                by_spelling.entry(folded.clone()).or_insert(i as u32);
                spellings.push((folded, s.clone()));
            }
            if v.labels.is_empty() {
                accepted.push(v.name.clone());
            } else {
                let labels = super::naming::list(lang, &v.labels);
                accepted.push(match lang {
                    Lang::En => format!("{} ({labels})", v.name),
                    Lang::Zh => format!("{}（{labels}）", v.name),
                });
            }
        }
        EnumTable {
            name: def.name.clone(),
            exact: Spellings::new(&by_spelling),
            by_spelling,
            spellings,
            accepted: super::naming::list(lang, &accepted),
        }
    }

    /// The variant of an ASCII or full-width spelling in another case, as
    /// [`EnumTable::read`] finds it: for such a trimmed cell, folding is
    /// narrowing and lower-casing ASCII. Out of line: few cells need it.
    #[inline(never)]
    fn folded(&self, t: &str) -> Option<u32> {
        let mut buf = [0u8; NARROW];
        let n = narrow(t, &mut buf)?;
        let word = buf.get_mut(..n)?;
        word.make_ascii_lowercase();
        self.exact.get(std::str::from_utf8(word).ok()?)
    }

    fn read(&self, lang: Lang, t: &str, scratch: &mut String) -> Result<u32, CellError> {
        fold_into(t, scratch);
        if let Some(&i) = self.by_spelling.get(scratch.as_str()) {
            return Ok(i);
        }
        let best = self
            .spellings
            .iter()
            .map(|(folded, written)| (strsim::normalized_levenshtein(scratch, folded), written))
            .filter(|&(score, _)| score >= 0.4)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let help = match best {
            Some((_, guess)) => crate::t!(
                lang,
                m::HELP_ENUM_GUESS,
                accepted = self.accepted,
                guess = guess
            ),
            None => crate::t!(lang, m::HELP_ENUM, accepted = self.accepted),
        };
        let mut e = CellError::new(lang, "schema/enum", m::NOT_ENUM, t).with("name", &self.name);
        e.help = Some(help);
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TYPES: [Type; 12] = [
        Type::Text,
        Type::Int,
        Type::Number,
        Type::Percent,
        Type::Bool,
        Type::Date,
        Type::Quantity(Dim::Rate),
        Type::Quantity(Dim::Area),
        Type::Quantity(Dim::Money),
        Type::Enum(0),
        Type::Enum(1),
        Type::Enum(2),
    ];

    fn messy() -> impl Strategy<Value = String> {
        let pieces = vec![
            "0",
            "7",
            "12",
            "１",
            "-",
            "+",
            ".",
            ",",
            "e",
            "%",
            "％",
            "是",
            "否",
            "有",
            "Y",
            "y",
            "true",
            "√",
            "人",
            "万元",
            "G",
            "Mbps",
            "㎡",
            " ",
            "\u{3000}",
            "小学",
            "21",
            "初中",
            "Primary",
            "primary",
            "ｐｒｉｍａｒｙ",
            "城区",
            "NA",
            "null",
            "—",
            "2020-09-01",
            "年",
            "1234567890123456",
            "200",
            ",",
            ",000",
            ".0",
            "00",
            "N",
            "No",
            "TRUE",
            "M",
            "Mbps",
            "兆",
            "百兆",
            " M",
            "\t",
            "k",
            "b",
            "万元",
            "m2",
            "\u{A0}",
            "2020",
            "9",
            "/",
            "年",
            "月",
            "日",
            "2020-9-1",
            "2021/12/31",
            "2020年9月1日",
            "2020.02.30",
            "1999.1.31",
        ];
        proptest::collection::vec(proptest::sample::select(pieces), 0..7).prop_map(|v| v.concat())
    }

    #[test]
    fn the_missing_markers_and_only_they_are_missing() {
        for marker in MISSING_MARKERS {
            assert!(is_missing(marker), "{marker:?}");
        }
        for other in [" ", "0", "n/a", "Null", "---", "－", "——", "NAN"] {
            assert!(!is_missing(other), "{other:?}");
        }
    }

    #[test]
    fn spellings_find_what_the_map_finds() {
        let pack = crate::builtin::guigang().expect("the shipped pack loads");
        let reader = CellReader::new(&pack, Lang::En);
        let mut probes: Vec<String> = vec![String::new(), "x".into(), "123456789".into()];
        for table in &reader.enums {
            for (folded, written) in &table.spellings {
                probes.push(folded.clone());
                probes.push(written.clone());
                // Near misses: one byte changed, cut, or longer.
                let b = folded.as_bytes();
                for i in 0..b.len() {
                    let mut v = b.to_vec();
                    v[i] ^= 1;
                    probes.extend(String::from_utf8(v).ok());
                    probes.extend(folded.get(..i).map(String::from));
                }
                probes.push(format!("{folded}a"));
                probes.push(format!("a{folded}"));
            }
        }
        assert!(reader.enums.len() >= 3);
        for table in &reader.enums {
            for p in &probes {
                assert_eq!(
                    table.exact.get(p),
                    table.by_spelling.get(p.as_str()).copied(),
                    "{p:?}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn spellings_find_what_a_map_finds(
            keys in proptest::collection::vec("[a-c学是]{0,12}", 0..12),
            probe in "[a-c学是]{0,12}",
        ) {
            let map: HashMap<String, u32, FxBuild> =
                keys.iter().enumerate().map(|(i, k)| (k.clone(), i as u32)).collect();
            let exact = Spellings::new(&map);
            prop_assert_eq!(exact.get(&probe), map.get(&probe).copied());
            for k in map.keys() {
                prop_assert_eq!(exact.get(k), map.get(k).copied());
            }
        }
    }

    /// Four bytes byte by byte, as `ascii_date` read a year before.
    fn four_digits_by_bytes(b: [u8; 4]) -> Option<u32> {
        b.iter().try_fold(0u32, |v, &c| {
            let d = c.wrapping_sub(b'0');
            (d <= 9).then_some(v * 10 + u32::from(d))
        })
    }

    #[test]
    fn four_digits_read_as_byte_by_byte() {
        // Every byte in every place, the others digits; every digit string.
        for place in 0..4 {
            for byte in 0..=255u8 {
                for fill in [b'0', b'5', b'9'] {
                    let mut b = [fill; 4];
                    b[place] = byte;
                    assert_eq!(four_digits(b), four_digits_by_bytes(b), "{b:?}");
                }
            }
        }
        for n in 0..10_000u32 {
            let b: [u8; 4] = format!("{n:04}").as_bytes().try_into().unwrap();
            assert_eq!(four_digits(b), Some(n));
        }
    }

    proptest! {
        #[test]
        fn four_bytes_read_as_byte_by_byte(
            b in proptest::array::uniform4(proptest::sample::select(
                vec![0u8, b'/', b'0', b'1', b'8', b'9', b':', 0x7F, 0x80, 0xB0, 0xB9, 0xD0, 0xFF],
            ))
        ) {
            prop_assert_eq!(four_digits(b), four_digits_by_bytes(b));
        }
    }

    #[test]
    fn the_yes_no_words_are_read_by_their_bytes() {
        for (word, b) in [
            ("true", true),
            ("yes", true),
            ("y", true),
            ("1", true),
            ("是", true),
            ("有", true),
            ("√", true),
            ("✓", true),
            ("false", false),
            ("no", false),
            ("n", false),
            ("0", false),
            ("否", false),
            ("无", false),
            ("×", false),
            ("✗", false),
        ] {
            assert_eq!(bool_word(word), Some(b), "{word}");
        }
        for other in ["", "Y", "yes ", "是的", "t", "2", "√√"] {
            assert_eq!(bool_word(other), None, "{other}");
        }
    }

    /// `text`, trimmed, gives the same through `read_trimmed` (fast path
    /// first) as through the general path alone.
    fn check_fast_path(text: &str, ty: Type) -> Result<(), TestCaseError> {
        static PACK: std::sync::OnceLock<Pack> = std::sync::OnceLock::new();
        let pack = PACK.get_or_init(|| crate::builtin::guigang().expect("the shipped pack loads"));
        let mut reader = CellReader::new(pack, crate::i18n::Lang::En);
        let trimmed = text.trim_matches(is_blank);
        let fast = reader.read_trimmed(trimmed, ty);
        let general = if is_missing(trimmed) {
            Ok(Value::Missing)
        } else {
            reader.read_general(trimmed, ty)
        };
        match (&fast, &general) {
            // -0 and 0 differ only in sign: compare bits.
            (Ok(Value::Num(a)), Ok(Value::Num(b))) => prop_assert_eq!(a.to_bits(), b.to_bits()),
            _ => prop_assert_eq!(fast, general),
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10000))]

        /// Numbers and quantities near the fast spellings read as the
        /// general path reads them, as every type.
        #[test]
        fn near_numbers_read_as_the_general_path(
            text in proptest::string::string_regex(concat!(
                "[-+]?[0-9]{0,5}(,[0-9]{0,4}){0,2}([.．][0-9０]{0,2})?",
                "( |\u{3000}|\t)?(M|Mbps|Gb|k|兆|万元|m2|㎡|人|%|e3|０)?|百兆|千兆",
            )).expect("a valid regex"),
            t in 0..TYPES.len(),
        ) {
            check_fast_path(&text, TYPES[t])?;
        }

        /// Dates near the four styles read as the general path reads them.
        #[test]
        fn near_dates_read_as_the_general_path(
            text in proptest::string::string_regex(
                "(20[0-9]{2}|[0-9]{3,5})([-/.．]|年)0?[01]?[0-9０]?([-/.]|月)0?[0-3]?[0-9]?日?",
            ).expect("a valid regex"),
        ) {
            check_fast_path(&text, Type::Date)?;
        }

        /// Short words read as the general path reads them, as bools and
        /// enums.
        #[test]
        fn near_words_read_as_the_general_path(
            text in "[a-zA-Z0-9]{1,6}|[是否有无√×]|Ｙ",
            t in 0..TYPES.len(),
        ) {
            check_fast_path(&text, TYPES[t])?;
        }

        /// The fast spellings give exactly what the general path gives.
        #[test]
        fn the_fast_path_reads_as_the_general_path(text in messy(), t in 0..TYPES.len()) {
            check_fast_path(&text, TYPES[t])?;
        }

        /// Numbers and words partly in full-width forms or another case
        /// read as the general path reads them, as every type and every
        /// enum of the shipped pack.
        #[test]
        fn wide_and_cased_forms_read_as_the_general_path(
            text in wide_or_cased(),
            t in 0..TYPES.len() + 8,
        ) {
            let ty = TYPES.get(t).copied().unwrap_or_else(|| Type::Enum((t - TYPES.len()) as u32));
            check_fast_path(&text, ty)?;
        }
    }

    /// Pieces of numbers and enum and bool words, each perhaps written in
    /// full-width forms (the space as U+3000) and perhaps upper-cased.
    fn wide_or_cased() -> impl Strategy<Value = String> {
        let pieces = vec![
            "0", "1", "9", "12", "300", "-", "+", ",", ",000", ".", ".0", ".5", "e", "%", " ",
            "adsl", "dsl", "ftth", "4g", "y", "yes", "n", "no", "true", "na", "null", "n/a", "m",
            "mbps", "光纤", "学", "/", "—", "－", "￥", "ｱ",
        ];
        let piece = (proptest::sample::select(pieces), any::<bool>(), 0..3u8);
        proptest::collection::vec(piece, 0..5).prop_map(|v| {
            v.into_iter()
                .flat_map(|(p, wide, case)| {
                    p.chars()
                        .map(move |c| match case {
                            0 => c.to_ascii_uppercase(),
                            _ => c,
                        })
                        .map(move |c| match c {
                            ' ' if wide => '\u{3000}',
                            '!'..='~' if wide => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                            _ => c,
                        })
                })
                .collect()
        })
    }

    #[test]
    fn wide_ints_and_cased_enums_are_read_on_the_fast_path() {
        let pack = crate::builtin::guigang().expect("the shipped pack loads");
        let reader = CellReader::new(&pack, Lang::En);
        assert_eq!(reader.read_fast("９８", Type::Int), Some(Value::Num(98.0)));
        assert_eq!(
            reader.read_fast("４，８６６", Type::Int),
            Some(Value::Num(4866.0))
        );
        assert_eq!(
            reader.read_fast("１２．５", Type::Number),
            Some(Value::Num(12.5))
        );
        assert_eq!(reader.read_fast("９８人", Type::Int), None);
        let access = pack
            .enums
            .iter()
            .position(|e| e.name == "access")
            .expect("access") as u32;
        for spelling in ["ADSL", "Adsl", "ＡＤＳＬ", "4G", "４ｇ", "FTTH"] {
            let general = reader.clone().read_general(spelling, Type::Enum(access));
            assert_eq!(
                reader.fast_enum(access, spelling),
                general.ok(),
                "{spelling}"
            );
            assert!(reader.fast_enum(access, spelling).is_some(), "{spelling}");
        }
    }
}
