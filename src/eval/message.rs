//! Values as text inside findings: `message`/`help` templates (LANGUAGE.md
//! 6), the generated default message, and the `values` of a finding.

use std::fmt::{self, Write};
use std::sync::OnceLock;

pub use crate::diag::{Pieces, Prepared, Shown, ShownRef};
use crate::eval::expr::{Env, eval_leaf};
use crate::i18n::{Lang, Msg, eval as m};
use crate::model::{AggFn, Aggregate, Pack, ReadKind, Rule, TExprKind, TPart, TTemplate, Type};
use crate::syntax::ast::{CompareOp, Format};
use crate::value::{Dim, Value};

/// The type of an aggregate's result.
pub fn aggregate_type(agg: &Aggregate) -> Type {
    match (agg.func, agg.arg.as_ref().map(|a| a.ty)) {
        (AggFn::Count, _) => Type::Int,
        (AggFn::Cv, _) => Type::Number,
        (AggFn::Avg, Some(Type::Int)) => Type::Number,
        (_, Some(ty)) => ty,
        (_, None) => Type::Number,
    }
}

/// The type of something a rule reads.
pub fn read_type(pack: &Pack, rule: &Rule, what: ReadKind) -> Type {
    match what {
        ReadKind::Field(i) => pack
            .records
            .get(rule.record as usize)
            .and_then(|r| r.fields.get(i as usize))
            .map_or(Type::Text, |f| f.ty),
        ReadKind::Let(i) => rule
            .lets
            .get(i as usize)
            .map_or(Type::Number, |l| l.value.ty),
        ReadKind::Agg(i) => rule
            .aggregates
            .get(i as usize)
            .map_or(Type::Number, aggregate_type),
    }
}

/// Appends a number: integral values without decimals, others with at
/// most two; infinities as ∞.
pub fn write_number<W: Write + ?Sized>(out: &mut W, n: f64) -> fmt::Result {
    if n.is_infinite() {
        out.write_str(if n > 0.0 { "∞" } else { "-∞" })
    } else if is_integral_below(n, 1e15) {
        // What `{n:.0}` prints, without core's float machinery; `-0` too.
        if n == 0.0 && n.is_sign_negative() {
            out.write_char('-')?;
        }
        out.write_str(itoa::Buffer::new().format(n as i64))
    } else {
        write_two_decimals(out, n, true)
    }
}

/// Appends `n` in decimal, as `itoa` writes it. Below 10^8 (lines,
/// columns, counts, the numbers of messages) the digits are computed in
/// one register ([`eight_digits`]) and stored as one word, the output
/// then cut back: no byte-wise stores into a buffer that is then copied
/// (a store-forwarding stall per number), no loop. Larger numbers go
/// through a buffer of pairs of digits.
#[inline]
pub fn push_integer(out: &mut Vec<u8>, n: i64) {
    let v = n.unsigned_abs();
    if v >= 100_000_000 {
        return push_long_integer(out, n);
    }
    if n < 0 {
        out.push(b'-');
    }
    let (digits, len) = eight_digits(v as u32);
    let end = out.len() + len;
    out.extend_from_slice(&digits.to_le_bytes());
    out.truncate(end);
}

/// The decimal digits of `v` (below 10^8) as ASCII in the bytes of a word,
/// the first digit in the lowest byte (so that the word stored little-end
/// first reads in order), followed by `'0'` padding; and how many digits
/// there are (1 for zero). Each step splits every lane of the word in two
/// at once: 8 digits into 4 + 4 (32-bit lanes), 2 + 2 (16-bit), 1 + 1
/// (bytes), dividing by 100 and 10 as multiplications that are exact for
/// the lanes' ranges (below 10,000 and 100: see the test).
#[inline]
fn eight_digits(v: u32) -> (u64, usize) {
    let x = u64::from(v);
    let x = (x / 10_000) | ((x % 10_000) << 32);
    let hundreds = ((x * 10_486) >> 20) & 0x0000_007f_0000_007f;
    let x = hundreds | ((x - hundreds * 100) << 16);
    let tens = ((x * 103) >> 10) & 0x000f_000f_000f_000f;
    let x = tens | ((x - tens * 10) << 8);
    // Leading zeros are the lowest zero bytes; zero itself is one digit.
    let zeros = ((x | (1 << 56)).trailing_zeros() / 8) as usize;
    let digits = (x >> (zeros * 8)) + 0x3030_3030_3030_3030;
    (digits, 8 - zeros)
}

/// [`push_integer`] for numbers of any size: the digits are written into a
/// fixed buffer by pairs, which is appended whole and the output cut back.
#[cold]
fn push_long_integer(out: &mut Vec<u8>, n: i64) {
    /// Two digits for each number below 100.
    const PAIRS: &[u8; 200] = b"\
        0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    // A sign and at most 20 digits.
    let mut buf = [b'-'; 24];
    let mut v = n.unsigned_abs();
    let sign = usize::from(n < 0);
    let len = sign + v.checked_ilog10().unwrap_or(0) as usize + 1;
    let mut i = len;
    while v >= 100 {
        let pair = (v % 100) as usize * 2;
        v /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if v >= 10 {
        let pair = v as usize * 2;
        buf[i - 2..i].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        buf[i - 1] = b'0' + v as u8;
    }
    let end = out.len() + len;
    out.extend_from_slice(&buf);
    out.truncate(end);
}

/// Whether `n` is a whole number of magnitude below `limit` (≤ 2^63):
/// `n.fract() == 0.0 && n.abs() < limit` without the call to `trunc`.
pub fn is_integral_below(n: f64, limit: f64) -> bool {
    // Below the limit, the conversion to i64 truncates exactly; NaN fails
    // the comparison.
    n.abs() < limit && (n as i64) as f64 == n
}

/// Appends `n` exactly as `{n:.2}` would, or, with `trim`, as `{n:.2}`
/// would with trailing zeros and then a trailing point removed.
fn write_two_decimals<W: Write + ?Sized>(out: &mut W, n: f64, trim: bool) -> fmt::Result {
    write_decimals(out, n, 2, trim)
}

/// 10^d for the numbers of decimals that [`write_decimals`] writes without
/// core's float formatting.
const SCALES: [f64; 5] = [1.0, 10.0, 100.0, 1_000.0, 10_000.0];

/// Appends `n` exactly as `{n:.digits$}` would, or, with `trim` (and
/// `digits > 0`), with trailing zeros and then a trailing point removed.
/// `{:.d}` rounds the number's exact binary value, and for many values
/// core's fast path gives up and falls back to slow big-number arithmetic.
/// Here, with S = 10^d, k = round(|n| × S) is taken as the answer only when
/// |n| provably lies strictly between (k − ½)/S and (k + ½)/S: `mul_add`
/// computes |n| × 2S − (2k ± 1) with a single rounding, which keeps the
/// sign of the exact difference. On a tie, for more than four decimals or
/// at magnitudes where that is not exact, core's formatting decides.
fn write_decimals<W: Write + ?Sized>(
    out: &mut W,
    n: f64,
    digits: usize,
    trim: bool,
) -> fmt::Result {
    let a = n.abs();
    if let Some(&scale) = SCALES.get(digits)
        && a * scale < 1e14
    {
        let k = (a * scale).round();
        let (below, above) = (2.0 * k - 1.0, 2.0 * k + 1.0);
        let twice = 2.0 * scale;
        if a.mul_add(twice, -below) > 0.0 && a.mul_add(twice, -above) < 0.0 {
            let k = k as u64;
            let pow = 10u64.pow(digits as u32);
            // Sign, at most 15 integer digits, point and four decimals.
            let mut buf = [0u8; 24];
            let mut len = 0;
            if n.is_sign_negative() {
                buf[0] = b'-';
                len = 1;
            }
            let mut int = itoa::Buffer::new();
            let int = int.format(k / pow).as_bytes();
            buf[len..len + int.len()].copy_from_slice(int);
            len += int.len();
            if digits > 0 {
                let point = len;
                buf[point] = b'.';
                let mut frac = k % pow;
                for slot in buf[point + 1..point + 1 + digits].iter_mut().rev() {
                    *slot = b'0' + (frac % 10) as u8;
                    frac /= 10;
                }
                len = point + 1 + digits;
                if trim {
                    while len > point + 1 && buf[len - 1] == b'0' {
                        len -= 1;
                    }
                    if len == point + 1 {
                        len = point;
                    }
                }
            }
            return out.write_str(std::str::from_utf8(&buf[..len]).unwrap_or(""));
        }
    }
    let text = format!("{n:.digits$}");
    if trim && digits > 0 {
        out.write_str(text.trim_end_matches('0').trim_end_matches('.'))
    } else {
        out.write_str(&text)
    }
}

/// Appends a value as a template hole prints it, in English: for keys,
/// which never change with the language.
pub fn write_value(out: &mut String, pack: &Pack, value: Value<'_>, ty: Type, format: Format) {
    let _ = write_value_in(out, pack, value, ty, format, Lang::En);
}

/// Appends a value as a template hole prints it in `lang` (a missing value
/// is `(missing)` or `（缺失）`, a date 2020-09-01 or 2020年9月1日).
pub fn write_value_in<W: Write + ?Sized>(
    out: &mut W,
    pack: &Pack,
    value: Value<'_>,
    ty: Type,
    format: Format,
    lang: Lang,
) -> fmt::Result {
    match (value, format) {
        (Value::Missing, _) => write_msg(out, &MISSING_VALUE, lang, &mut |_, _| None),
        (Value::Num(n), Format::Percent) if n.is_finite() => {
            write_decimals(out, n * 100.0, 1, false)?;
            out.write_char('%')
        }
        (Value::Num(n), Format::Decimals(d)) if n.is_finite() => {
            write_decimals(out, n, usize::from(d), false)
        }
        (Value::Num(n), _) if ty == Type::Percent && n.is_finite() => {
            write_number(out, n * 100.0)?;
            out.write_char('%')
        }
        (Value::Num(n), _) => write_number(out, n),
        (Value::Bool(b), _) => out.write_str(if b { "true" } else { "false" }),
        (Value::Date(d), _) => out.write_str(&crate::i18n::date(lang, d)),
        (Value::Text(t), _) => out.write_str(t),
        (Value::Enum(v), _) => out.write_str(enum_label(pack, ty, v)),
    }
}

/// A variant as people read it: its first label, else its name.
fn enum_label(pack: &Pack, ty: Type, variant: u32) -> &str {
    enum_variant(pack, ty, variant).map_or("?", |v| {
        v.labels.first().map_or(v.name.as_str(), String::as_str)
    })
}

fn enum_variant(pack: &Pack, ty: Type, variant: u32) -> Option<&crate::model::Variant> {
    match ty {
        Type::Enum(e) => pack.enums.get(e as usize)?.variants.get(variant as usize),
        _ => None,
    }
}

/// A value as a finding's `values` carry it (enums by variant name).
pub fn shown(pack: &Pack, value: Value<'_>, ty: Type) -> Shown {
    shown_ref(pack, value, ty).to_shown()
}

/// A value as a finding's `values` carry it, borrowed from the record or
/// the pack.
pub fn shown_ref<'a>(pack: &'a Pack, value: Value<'a>, ty: Type) -> ShownRef<'a> {
    match value {
        Value::Missing => ShownRef::Missing,
        Value::Bool(b) => ShownRef::Bool(b),
        Value::Num(n) => ShownRef::Num(n),
        Value::Date(d) => ShownRef::Date(d),
        Value::Text(t) => ShownRef::Text(t),
        Value::Enum(v) => match enum_variant(pack, ty, v) {
            Some(variant) => ShownRef::Text(&variant.name),
            None => ShownRef::Variant(v),
        },
    }
}

/// Writes a `message`/`help` template into `out`, its literal pieces as
/// [`Pieces::fixed`] by their position among the template's parts.
pub fn write_template<W: Pieces + ?Sized>(
    out: &mut W,
    pack: &Pack,
    template: &TTemplate,
    env: &Env<'_, '_>,
    lang: Lang,
) -> fmt::Result {
    // Prepared bytes (JSON) are written without a call through `Pieces`
    // per piece and hole: the same loop, for their own type.
    match out.prepared() {
        Some(mut bytes) => write_parts(&mut bytes, pack, template, env, lang),
        None => write_parts(out, pack, template, env, lang),
    }
}

/// [`write_template`]'s parts, one by one.
#[inline(always)]
fn write_parts<W: Pieces + ?Sized>(
    out: &mut W,
    pack: &Pack,
    template: &TTemplate,
    env: &Env<'_, '_>,
    lang: Lang,
) -> fmt::Result {
    for (n, part) in template.parts.iter().enumerate() {
        match part {
            TPart::Text(text) => out.fixed(n, text)?,
            TPart::Hole { expr, format } => {
                write_hole(out, pack, eval_leaf(expr, env), expr.ty, *format, lang)?
            }
        }
    }
    Ok(())
}

/// Writes a value as a template hole prints it ([`write_value_in`]); what
/// needs no escaping goes to [`Pieces::verbatim`] where there is one.
fn write_hole<W: Pieces + ?Sized>(
    out: &mut W,
    pack: &Pack,
    value: Value<'_>,
    ty: Type,
    format: Format,
    lang: Lang,
) -> fmt::Result {
    match value {
        // Text as it is, in any format.
        Value::Text(t) => out.write_str(t),
        // A plain whole number (not a percent), as `write_number` writes
        // it; `-0` keeps its sign there.
        Value::Num(n)
            if format == Format::Plain
                && ty != Type::Percent
                && is_integral_below(n, 1e15)
                && (n != 0.0 || n.is_sign_positive()) =>
        {
            match out.verbatim() {
                Some(bytes) => {
                    push_integer(bytes, n as i64);
                    Ok(())
                }
                None => write_value_in(out, pack, value, ty, format, lang),
            }
        }
        _ if is_verbatim(value) => match out.verbatim() {
            Some(bytes) => write_value_in(&mut Bytes(bytes), pack, value, ty, format, lang),
            None => write_value_in(out, pack, value, ty, format, lang),
        },
        _ => write_value_in(out, pack, value, ty, format, lang),
    }
}

/// Writes `text`, which needs no escaping in any output (ASCII
/// punctuation and spaces, CJK punctuation), as [`Pieces::verbatim`] where
/// there is one.
fn write_plain<W: Pieces + ?Sized>(out: &mut W, text: &'static str) -> fmt::Result {
    match out.verbatim() {
        Some(bytes) => {
            bytes.extend_from_slice(text.as_bytes());
            Ok(())
        }
        None => out.write_str(text),
    }
}

/// Whether a hole of this value writes only what [`Pieces::verbatim`]
/// takes (numbers, `∞`, `%`, bools, dates).
fn is_verbatim(value: Value<'_>) -> bool {
    matches!(value, Value::Num(_) | Value::Bool(_) | Value::Date(_))
}

/// Text appended to bytes as it is.
struct Bytes<'a>(&'a mut Vec<u8>);

impl Write for Bytes<'_> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// `name = value` for each thing the requirement read, with units for
/// quantities.
pub fn reads(pack: &Pack, rule: &Rule, env: &Env<'_, '_>, lang: Lang) -> String {
    Subject {
        pack,
        rule,
        env,
        lang,
    }
    .reads()
    .to_string()
}

/// A rule's finding about one subject, for the default messages' parts,
/// which are written as they are formatted (no `String` per part).
#[derive(Clone, Copy)]
struct Subject<'s, 'e, 'a> {
    pack: &'s Pack,
    rule: &'s Rule,
    env: &'s Env<'e, 'a>,
    lang: Lang,
}

/// One part of a default message, as `Display` for a catalogue hole.
struct Part<'s, 'e, 'a> {
    of: Subject<'s, 'e, 'a>,
    what: PartKind,
}

enum PartKind {
    /// `name = value, …` ([`reads`]).
    Reads,
    /// Why a requirement could not be decided.
    MissingReason,
    /// The names of the absent values, joined.
    Absent,
    /// A number as a hole of the requirement's left side prints it.
    Gap(f64, Type),
}

impl<'s, 'e, 'a> Subject<'s, 'e, 'a> {
    fn reads(self) -> Part<'s, 'e, 'a> {
        self.part(PartKind::Reads)
    }

    fn part(self, what: PartKind) -> Part<'s, 'e, 'a> {
        Part { of: self, what }
    }

    /// The names of the fields and aggregates the requirement read that
    /// have no value.
    fn absent(self) -> impl Iterator<Item = &'s str> {
        self.rule
            .reads
            .iter()
            .filter(move |r| {
                !matches!(r.what, ReadKind::Let(_)) && read_value(r.what, self.env).is_missing()
            })
            .map(|r| r.name.as_str())
    }
}

impl fmt::Display for Part<'_, '_, '_> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(&mut Formatted(out))
    }
}

/// A formatter as [`Pieces`] (every piece written as text).
struct Formatted<'f, 'a>(&'f mut fmt::Formatter<'a>);

impl Write for Formatted<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.write_str(s)
    }
}

impl Pieces for Formatted<'_, '_> {}

/// A catalogue message as [`write_msg`] writes it: split into literal text
/// and holes once per language, when first written, instead of scanning
/// the text for braces at every finding.
struct Catalogued {
    msg: Msg,
    /// The pieces in English and in Chinese.
    split: [OnceLock<Vec<MsgPiece>>; 2],
}

/// A piece of a catalogue message's text.
#[derive(Clone, Copy, Debug, PartialEq)]
enum MsgPiece {
    Text(&'static str),
    /// A hole's name, and its text as written (`{name}`), kept when the
    /// writer does not know the name.
    Hole(&'static str, &'static str),
}

impl Catalogued {
    const fn new(msg: Msg) -> Catalogued {
        Catalogued {
            msg,
            split: [OnceLock::new(), OnceLock::new()],
        }
    }

    fn pieces(&self, lang: Lang) -> &[MsgPiece] {
        let i = match lang {
            Lang::En => 0,
            Lang::Zh => 1,
        };
        self.split[i].get_or_init(|| split_msg(self.msg.template(lang)))
    }
}

/// The catalogue messages the engine writes into findings.
static MISSING_VALUE: Catalogued = Catalogued::new(m::MISSING_VALUE);
static NO_VALUE: Catalogued = Catalogued::new(m::NO_VALUE);
static ONE_MISSING: Catalogued = Catalogued::new(m::ONE_MISSING);
static SOME_MISSING: Catalogued = Catalogued::new(m::SOME_MISSING);
static REQUIREMENT_FAILED: Catalogued = Catalogued::new(m::REQUIREMENT_FAILED);
static SHORT_BY: Catalogued = Catalogued::new(m::SHORT_BY);
static OVER_BY: Catalogued = Catalogued::new(m::OVER_BY);
static OFF_BY: Catalogued = Catalogued::new(m::OFF_BY);
static CANNOT_DECIDE: Catalogued = Catalogued::new(m::CANNOT_DECIDE);

/// A catalogue text's pieces, read exactly as [`Msg::write_to`] reads
/// it: `{{` and `}}` are a brace, `{name}` a hole, a lone brace itself.
fn split_msg(template: &'static str) -> Vec<MsgPiece> {
    let mut pieces = Vec::new();
    let mut rest = template;
    // `{` and `}` are ASCII: their byte positions are character boundaries.
    while let Some(i) = rest.bytes().position(|b| b == b'{' || b == b'}') {
        let (text, tail) = rest.split_at(i);
        if !text.is_empty() {
            pieces.push(MsgPiece::Text(text));
        }
        if tail.starts_with("{{") || tail.starts_with("}}") {
            pieces.push(MsgPiece::Text(&tail[..1]));
            rest = &tail[2..];
            continue;
        }
        match (tail.starts_with('{'), tail.bytes().position(|b| b == b'}')) {
            (true, Some(end)) => {
                pieces.push(MsgPiece::Hole(&tail[1..end], &tail[..=end]));
                rest = &tail[end + 1..];
            }
            _ => {
                pieces.push(MsgPiece::Text(&tail[..1]));
                rest = &tail[1..];
            }
        }
    }
    if !rest.is_empty() {
        pieces.push(MsgPiece::Text(rest));
    }
    pieces
}

/// Writes catalogue message `msg` in `lang` exactly as [`Msg::write_to`]
/// does, each hole written by `hole` straight into `out` (`None`: a name it
/// does not know, left as written), without core's formatting machinery.
fn write_msg<W: Write + ?Sized>(
    out: &mut W,
    msg: &Catalogued,
    lang: Lang,
    hole: &mut dyn FnMut(&str, &mut W) -> Option<fmt::Result>,
) -> fmt::Result {
    for &piece in msg.pieces(lang) {
        match piece {
            MsgPiece::Text(text) => out.write_str(text)?,
            MsgPiece::Hole(name, written) => match hole(name, out) {
                Some(result) => result?,
                None => out.write_str(written)?,
            },
        }
    }
    Ok(())
}

impl Part<'_, '_, '_> {
    /// Writes the part into any [`Pieces`] (what its `Display` shows).
    fn write<W: Pieces + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let Subject {
            pack,
            rule,
            env,
            lang,
        } = self.of;
        match self.what {
            PartKind::Reads => {
                for (i, read) in rule.reads.iter().enumerate() {
                    if i > 0 {
                        write_plain(
                            out,
                            match lang {
                                Lang::En => ", ",
                                Lang::Zh => "，",
                            },
                        )?;
                    }
                    let ty = read_type(pack, rule, read.what);
                    out.write_str(&read.name)?;
                    write_plain(out, " = ")?;
                    let value = read_value(read.what, env);
                    write_hole(out, pack, value, ty, Format::Plain, lang)?;
                    if let (Type::Quantity(dim), Value::Num(_)) = (ty, value) {
                        out.write_str(unit_suffix(dim, lang))?;
                    }
                }
                Ok(())
            }
            PartKind::MissingReason => {
                let mut absent = self.of.absent();
                match (absent.next(), absent.next()) {
                    (None, _) => write_msg(out, &NO_VALUE, lang, &mut |hole, out| {
                        (hole == "reads").then(|| self.of.reads().write(out))
                    }),
                    (Some(name), None) => write_msg(out, &ONE_MISSING, lang, &mut |hole, out| {
                        (hole == "name").then(|| out.write_str(name))
                    }),
                    _ => write_msg(out, &SOME_MISSING, lang, &mut |hole, out| {
                        (hole == "names").then(|| self.of.part(PartKind::Absent).write(out))
                    }),
                }
            }
            PartKind::Absent => {
                for (i, name) in self.of.absent().enumerate() {
                    if i > 0 {
                        out.write_str(match lang {
                            Lang::En => ", ",
                            Lang::Zh => "、",
                        })?;
                    }
                    out.write_str(name)?;
                }
                Ok(())
            }
            PartKind::Gap(gap, ty) => {
                write_hole(out, pack, Value::Num(gap), ty, Format::Plain, lang)
            }
        }
    }
}

fn unit_suffix(dim: Dim, lang: Lang) -> &'static str {
    match dim {
        Dim::Rate => "Mbps",
        Dim::Area => "m²",
        Dim::Money => m::YUAN.template(lang),
    }
}

/// The current value of something a rule reads.
pub fn read_value<'a>(what: ReadKind, env: &Env<'_, 'a>) -> Value<'a> {
    match what {
        ReadKind::Field(i) => env.field(i),
        ReadKind::Let(i) => env.lets.get(i as usize).copied().unwrap_or(Value::Missing),
        ReadKind::Agg(i) => env.aggs.get(i as usize).copied().unwrap_or(Value::Missing),
    }
}

/// ``requirement `beds >= boarders` failed: beds = 80, boarders = 120: short by 40``.
pub fn default_failure(pack: &Pack, rule: &Rule, env: &Env<'_, '_>, lang: Lang) -> String {
    let mut out = String::new();
    let _ = write_default_failure(&mut out, pack, rule, env, lang);
    out
}

/// [`default_failure`] into any [`Pieces`].
pub fn write_default_failure<W: Pieces + ?Sized>(
    out: &mut W,
    pack: &Pack,
    rule: &Rule,
    env: &Env<'_, '_>,
    lang: Lang,
) -> fmt::Result {
    let subject = Subject {
        pack,
        rule,
        env,
        lang,
    };
    write_msg(
        out,
        &REQUIREMENT_FAILED,
        lang,
        &mut |hole, out| match hole {
            "rule" => Some(out.write_str(&rule.require_text)),
            "reads" => Some(subject.reads().write(out)),
            _ => None,
        },
    )?;
    if let TExprKind::Compare { op, lhs, rhs } = &rule.require.kind
        && let (Value::Num(l), Value::Num(r)) = (eval_leaf(lhs, env), eval_leaf(rhs, env))
        && l.is_finite()
        && r.is_finite()
    {
        let (word, gap) = match op {
            CompareOp::Ge | CompareOp::Gt => (&SHORT_BY, r - l),
            CompareOp::Le | CompareOp::Lt => (&OVER_BY, l - r),
            CompareOp::Eq | CompareOp::Ne => (&OFF_BY, (l - r).abs()),
        };
        if gap > 0.0 {
            let gap = subject.part(PartKind::Gap(gap, lhs.ty));
            write_msg(out, word, lang, &mut |hole, out| {
                (hole == "gap").then(|| gap.write(out))
            })?;
        }
    }
    Ok(())
}

/// ``cannot decide `beds >= boarders`: beds is missing``; when every value
/// is present the requirement itself has no value (`0 / 0`).
pub fn default_missing(pack: &Pack, rule: &Rule, env: &Env<'_, '_>, lang: Lang) -> String {
    let mut out = String::new();
    let _ = write_default_missing(&mut out, pack, rule, env, lang);
    out
}

/// [`default_missing`] into any [`Pieces`].
pub fn write_default_missing<W: Pieces + ?Sized>(
    out: &mut W,
    pack: &Pack,
    rule: &Rule,
    env: &Env<'_, '_>,
    lang: Lang,
) -> fmt::Result {
    let subject = Subject {
        pack,
        rule,
        env,
        lang,
    };
    let reason = subject.part(PartKind::MissingReason);
    write_msg(out, &CANNOT_DECIDE, lang, &mut |hole, out| match hole {
        "rule" => Some(out.write_str(&rule.require_text)),
        "reason" => Some(reason.write(out)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes that take verbatim text, as the JSON renderer's do.
    struct Raw(Vec<u8>);

    impl Write for Raw {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.extend_from_slice(s.as_bytes());
            Ok(())
        }
    }

    impl Pieces for Raw {
        fn verbatim(&mut self) -> Option<&mut Vec<u8>> {
            Some(&mut self.0)
        }
    }

    /// A pack with nothing in it: the holes under test need none.
    /// Prepared bytes written one call at a time: `Pieces` without
    /// [`Pieces::prepared`].
    struct OneByOne<'o>(Prepared<'o>);

    impl Write for OneByOne<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.write_str(s)
        }
    }

    impl Pieces for OneByOne<'_> {
        fn fixed(&mut self, n: usize, text: &str) -> fmt::Result {
            self.0.fixed(n, text)
        }

        fn verbatim(&mut self) -> Option<&mut Vec<u8>> {
            self.0.verbatim()
        }
    }

    fn empty_pack() -> crate::model::Pack {
        crate::model::Pack {
            sources: Default::default(),
            plan: None,
            enums: Vec::new(),
            records: Vec::new(),
            rules: Vec::new(),
            waivers: Vec::new(),
            plan_text: Default::default(),
        }
    }

    proptest::proptest! {
        #[test]
        fn integral_test_agrees_with_fract(
            n in proptest::num::f64::ANY,
            k in -20_000_000_000_000_000i64..20_000_000_000_000_000,
        ) {
            for n in [n, k as f64, k as f64 + 0.5, -(k as f64)] {
                for limit in [1e15, 9.0e15] {
                    proptest::prop_assert_eq!(
                        is_integral_below(n, limit),
                        n.fract() == 0.0 && n.abs() < limit,
                        "{:e}", n
                    );
                }
            }
        }
    }

    #[test]
    fn numbers_print_compactly() {
        let mut s = String::new();
        for n in [40.0, 13.333333, 0.5, f64::INFINITY, -2.0] {
            write_number(&mut s, n).unwrap();
            s.push(' ');
        }
        assert_eq!(s, "40 13.33 0.5 ∞ -2 ");
    }

    #[test]
    fn missing_values_and_dates_follow_the_language() {
        let pack = empty_pack();
        let date = crate::value::Date::from_ymd(2020, 9, 1).unwrap();
        let show = |value, ty, lang| {
            let mut s = String::new();
            write_value_in(&mut s, &pack, value, ty, Format::Plain, lang).unwrap();
            s
        };
        assert_eq!(show(Value::Date(date), Type::Date, Lang::En), "2020-09-01");
        assert_eq!(
            show(Value::Date(date), Type::Date, Lang::Zh),
            "2020年9月1日"
        );
        assert_eq!(show(Value::Missing, Type::Int, Lang::En), "(missing)");
        assert_eq!(show(Value::Missing, Type::Int, Lang::Zh), "（缺失）");
        // Keys never change with the language.
        let mut key = String::new();
        write_value(
            &mut key,
            &pack,
            Value::Date(date),
            Type::Date,
            Format::Plain,
        );
        assert_eq!(key, "2020-09-01");
    }

    fn two_decimals(n: f64) -> String {
        let mut s = String::new();
        write_two_decimals(&mut s, n, false).unwrap();
        s
    }

    /// What `write_number` printed for a number with a fraction before it
    /// trimmed without a buffer: `{:.2}`, then trailing zeros and point cut.
    fn trimmed(n: f64) -> String {
        format!("{n:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned()
    }

    #[test]
    fn integers_print_like_format() {
        for n in [0.0, -0.0, 1.0, -7.0, 123_456_789.0, -999_999_999_999_999.0] {
            let mut s = String::new();
            write_number(&mut s, n).unwrap();
            assert_eq!(s, format!("{n:.0}"));
        }
    }

    #[test]
    fn two_decimals_round_like_format_on_ties_and_edges() {
        for n in [
            0.125,
            0.375,
            2.675,
            1.005,
            0.005,
            0.015,
            -0.001,
            -0.0,
            0.0,
            1e-300,
            -1e-12,
            999_999_999_999.995,
            1e12,
            4.5e15,
            1.0 / 3.0,
            -2.0 / 3.0,
            0.1 + 0.2,
        ] {
            assert_eq!(two_decimals(n), format!("{n:.2}"), "{n:e}");
            let mut s = String::new();
            write_two_decimals(&mut s, n, true).unwrap();
            assert_eq!(s, trimmed(n), "{n:e}");
        }
    }

    fn decimals(n: f64, digits: usize) -> String {
        let mut s = String::new();
        write_decimals(&mut s, n, digits, false).unwrap();
        s
    }

    #[test]
    fn decimals_round_like_format_on_ties_and_edges() {
        for digits in 0..=6 {
            for n in [
                0.5,
                1.5,
                2.5,
                -0.5,
                0.05,
                0.25,
                0.125,
                0.0625,
                0.00005,
                1.00005,
                -0.0,
                0.0,
                99_999_999_999_999.5,
                1e14,
                1e13 + 0.5,
                4.5e15,
                1e-320,
                f64::MAX,
            ] {
                assert_eq!(
                    decimals(n, digits),
                    format!("{n:.digits$}"),
                    "{n:e} {digits}"
                );
            }
        }
    }

    #[test]
    fn percent_and_decimal_holes_print_like_format() {
        let pack = empty_pack();
        for n in [0.8567, 1.0, 0.0005, -0.25, 1e300, 12.345, 2.675] {
            let mut s = String::new();
            write_value_in(
                &mut s,
                &pack,
                Value::Num(n),
                Type::Number,
                Format::Percent,
                Lang::En,
            )
            .unwrap();
            assert_eq!(s, format!("{:.1}%", n * 100.0));
            for d in [0u8, 1, 2, 4, 7] {
                let mut s = String::new();
                let format = Format::Decimals(d);
                write_value_in(&mut s, &pack, Value::Num(n), Type::Number, format, Lang::En)
                    .unwrap();
                assert_eq!(s, format!("{n:.*}", usize::from(d)));
            }
        }
    }

    #[test]
    fn eight_digits_divides_every_lane_exactly() {
        // The two divisions by multiplication, for every value a lane holds.
        for y in 0..10_000u64 {
            assert_eq!((y * 10_486) >> 20, y / 100, "{y}");
        }
        for z in 0..100u64 {
            assert_eq!((z * 103) >> 10, z / 10, "{z}");
        }
    }

    #[test]
    fn integers_at_every_length_are_pushed_as_itoa_writes_them() {
        let mut cases: Vec<i64> = (0..20_000).collect();
        let mut p = 1i64;
        while let Some(next) = p.checked_mul(10) {
            cases.extend([p - 1, p, p + 1, 2 * p - 1, 9 * p, next - 1]);
            p = next;
        }
        for n in cases.clone() {
            cases.push(-n);
        }
        for n in cases {
            let mut out = b"x".to_vec();
            push_integer(&mut out, n);
            assert_eq!(String::from_utf8_lossy(&out), format!("x{n}"));
        }
    }

    proptest::proptest! {
        #[test]
        fn verbatim_holes_need_no_json_escaping(
            n in proptest::num::f64::ANY,
            b in proptest::bool::ANY,
            days in proptest::num::i32::ANY,
            digits in 0u8..8,
        ) {
            // What a number, bool or date hole writes is copied as it is
            // into a JSON string (`Pieces::verbatim`): no quote, backslash
            // or control character, in any format, type or language.
            let pack = empty_pack();
            let date = crate::value::Date(days);
            let types = [Type::Int, Type::Number, Type::Percent, Type::Quantity(Dim::Money)];
            let formats = [Format::Plain, Format::Percent, Format::Decimals(digits)];
            for lang in Lang::ALL {
                for value in [Value::Num(n), Value::Bool(b), Value::Date(date)] {
                    proptest::prop_assert!(is_verbatim(value));
                    for ty in types {
                        for format in formats {
                            let mut s = String::new();
                            write_value_in(&mut s, &pack, value, ty, format, lang).unwrap();
                            proptest::prop_assert!(
                                !s.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\'),
                                "{:?}", s
                            );
                        }
                    }
                }
            }
        }

        #[test]
        fn integers_are_pushed_as_itoa_writes_them(
            n in proptest::num::i64::ANY,
            small in -1000i64..1000,
            eight in -100_000_000i64..100_000_000,
        ) {
            for n in [n, small, eight, n / 1_000_000, n / 100_000_000_000, i64::MIN, i64::MAX, 0] {
                let mut out = b"x".to_vec();
                push_integer(&mut out, n);
                proptest::prop_assert_eq!(String::from_utf8_lossy(&out), format!("x{n}"));
            }
        }

        #[test]
        fn prepared_bytes_get_what_pieces_get(
            record in crate::eval::code::tests::record(),
            prepare in proptest::collection::vec(proptest::bool::ANY, 12),
        ) {
            // Templates with every kind of hole (text, with quotes and a
            // newline; numbers plain, percent and with decimals; bools,
            // dates, enums, missing values, `if` texts), written into
            // prepared bytes directly and through `dyn Pieces` one call
            // at a time; some literal pieces prepared, some not.
            let pack = crate::eval::code::tests::pack_with(
                "rule R-001 \"r\" {\n  for r\n  require a > 0\n  \
                 message \"a {a} b={b:.2} \\\"{t}\\\" {a / b:%}\\n{p}{d}{c}{if q then \\\"是\\\" else \\\"否\\\"}\"\n  \
                 help \"{w} {b * 2} 行 {a:.0}\"\n}\n",
            );
            let rule = &pack.rules[0];
            let env = Env { fields: crate::eval::expr::Fields::Record(&record), lets: &[], aggs: &[] };
            for template in [rule.message.as_ref(), rule.help.as_ref()].into_iter().flatten() {
                let fixed: Vec<Option<(&str, Vec<u8>)>> = template
                    .parts
                    .iter()
                    .zip(&prepare)
                    .map(|(part, &prepared)| match part {
                        TPart::Text(text) if prepared => Some((text.as_str(), format!("<{text}>").into_bytes())),
                        _ => None,
                    })
                    .collect();
                let escape: fn(&mut Vec<u8>, &str) = |out, s| out.extend_from_slice(s.escape_debug().to_string().as_bytes());
                for lang in Lang::ALL {
                    let mut direct = Vec::new();
                    write_template(&mut Prepared { out: &mut direct, fixed: &fixed, text: escape }, &pack, template, &env, lang).unwrap();
                    let mut one_by_one = Vec::new();
                    let mut pieces = OneByOne(Prepared { out: &mut one_by_one, fixed: &fixed, text: escape });
                    write_template(&mut pieces as &mut dyn Pieces, &pack, template, &env, lang).unwrap();
                    proptest::prop_assert_eq!(String::from_utf8_lossy(&direct), String::from_utf8_lossy(&one_by_one));
                }
            }
        }

        #[test]
        fn holes_write_what_write_value_in_writes(
            n in proptest::num::f64::ANY,
            k in -2_000_000_000_000_000i64..2_000_000_000_000_000,
            digits in 0u8..6,
            text in "[a\"\\\\\n名 ]{0,12}",
        ) {
            // The fast paths against the general one.
            let pack = empty_pack();
            let types = [Type::Int, Type::Number, Type::Percent, Type::Quantity(Dim::Money)];
            let formats = [Format::Plain, Format::Percent, Format::Decimals(digits)];
            let date = crate::value::Date(k as i32);
            let values = [n, k as f64, -(k as f64), 0.0, -0.0, k as f64 / 100.0]
                .map(Value::Num)
                .into_iter()
                .chain([Value::Text(&text), Value::Bool(k % 2 == 0), Value::Date(date), Value::Missing, Value::Enum(3)]);
            let types = types.into_iter().chain([Type::Text, Type::Bool, Type::Date]);
            for value in values {
                for lang in Lang::ALL {
                    for ty in types.clone() {
                        for format in formats {
                            let mut expected = String::new();
                            write_value_in(&mut expected, &pack, value, ty, format, lang).unwrap();
                            let mut out = Raw(Vec::new());
                            write_hole(&mut out, &pack, value, ty, format, lang).unwrap();
                            proptest::prop_assert_eq!(String::from_utf8_lossy(&out.0), expected);
                        }
                    }
                }
            }
        }

        #[test]
        fn catalogue_messages_are_written_as_msg_writes_them(
            en in "[{}ab名 ]{0,16}",
            zh in "[{}ab名 ]{0,16}",
            a in "[{}a名]{0,4}",
            b in "[{}b名]{0,4}",
        ) {
            // Templates of holes named `a` and `b`, unknown names, doubled
            // and lone braces.
            let msg = Msg {
                id: "test",
                en: Box::leak(en.into_boxed_str()),
                zh: Box::leak(zh.into_boxed_str()),
            };
            for lang in Lang::ALL {
                let mut expected = String::new();
                msg.write_to(&mut expected, lang, &[("a", &a), ("b", &b)]).unwrap();
                let mut written = String::new();
                write_msg(&mut written, &Catalogued::new(msg), lang, &mut |hole, out| match hole {
                    "a" => Some(out.write_str(&a)),
                    "b" => Some(out.write_str(&b)),
                    _ => None,
                })
                .unwrap();
                proptest::prop_assert_eq!(written, expected);
            }
        }

        #[test]
        fn two_decimals_agree_with_format(n in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO) {
            proptest::prop_assert_eq!(two_decimals(n), format!("{n:.2}"));
            let mut s = String::new();
            write_two_decimals(&mut s, n, true).unwrap();
            proptest::prop_assert_eq!(s, trimmed(n));
        }

        #[test]
        fn decimals_agree_with_format(
            n in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
            digits in 0usize..=5,
        ) {
            proptest::prop_assert_eq!(decimals(n, digits), format!("{n:.digits$}"));
        }

        #[test]
        fn decimals_agree_near_ties(
            units in -10_000_000i64..10_000_000,
            digits in 0usize..=4,
            tweak in -4i32..=4,
        ) {
            // Values at and next to k/10^d and (k + ½)/10^d.
            let scale = 10f64.powi(digits as i32);
            for base in [units as f64 / scale, (units as f64 + 0.5) / scale] {
                let mut n = base;
                for _ in 0..tweak.unsigned_abs() {
                    n = if tweak > 0 { n.next_up() } else { n.next_down() };
                }
                proptest::prop_assert_eq!(decimals(n, digits), format!("{n:.digits$}"));
            }
        }

        #[test]
        fn two_decimals_agree_near_cents(cents in -10_000_000i64..10_000_000, tweak in -4i32..=4) {
            // Values at and next to k/100 and (k + ½)/100, where rounding is
            // decided by the last bits.
            for base in [cents as f64 / 100.0, (cents as f64 + 0.5) / 100.0] {
                let mut n = base;
                for _ in 0..tweak.unsigned_abs() {
                    n = if tweak > 0 { n.next_up() } else { n.next_down() };
                }
                proptest::prop_assert_eq!(two_decimals(n), format!("{n:.2}"));
                let mut s = String::new();
                write_two_decimals(&mut s, n, true).unwrap();
                proptest::prop_assert_eq!(s, trimmed(n));
            }
        }
    }
}
