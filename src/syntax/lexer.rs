//! Tokens of the rule language, recognised on demand at a byte offset.
//!
//! The lexer is a pure function of `(text, offset)`: the parser asks for the
//! token at its position and may ask again after backtracking, and the
//! template parser runs the same lexer over the decoded text of a string.
//! Rule ids (`BOARD-001`, `it.net-1000m`) are not tokens here: they are
//! recognised by [`rule_id`] only where the grammar expects one.
//!
//! Numbers may carry a unit suffix. Accepted units, converted to the
//! dimension's canonical unit:
//!
//! | dimension | units |
//! |---|---|
//! | rate (Mbps) | `bps`, `kbps` = `Kbps`, `Mbps`, `Gbps` |
//! | area (m²) | `m2`, `m²` |
//! | money (yuan) | `yuan` |
//!
//! Units are case-sensitive (`mbps` is an error that suggests `Mbps`), and
//! any other letters directly after a number are an error.

use nom::IResult;
use nom::Parser as _;
use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::{char, digit1, satisfy};
use nom::combinator::recognize;

use crate::i18n::{Lang, Msg, load};
use crate::syntax::ast::ExprKind;
use crate::t;
use crate::value::{Date, Dim};

/// Punctuation and operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Punct {
    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Colon,
    Assign,
    EqEq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Coalesce,
}

impl Punct {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Punct::LBrace => "{",
            Punct::RBrace => "}",
            Punct::LParen => "(",
            Punct::RParen => ")",
            Punct::LBracket => "[",
            Punct::RBracket => "]",
            Punct::Comma => ",",
            Punct::Colon => ":",
            Punct::Assign => "=",
            Punct::EqEq => "==",
            Punct::Ne => "!=",
            Punct::Lt => "<",
            Punct::Le => "<=",
            Punct::Gt => ">",
            Punct::Ge => ">=",
            Punct::Plus => "+",
            Punct::Minus => "-",
            Punct::Star => "*",
            Punct::Slash => "/",
            Punct::Coalesce => "??",
        }
    }
}

/// Longest first, so that `<=` wins over `<`.
const PUNCTS: &[Punct] = &[
    Punct::EqEq,
    Punct::Ne,
    Punct::Le,
    Punct::Ge,
    Punct::Coalesce,
    Punct::LBrace,
    Punct::RBrace,
    Punct::LParen,
    Punct::RParen,
    Punct::LBracket,
    Punct::RBracket,
    Punct::Comma,
    Punct::Colon,
    Punct::Assign,
    Punct::Lt,
    Punct::Gt,
    Punct::Plus,
    Punct::Minus,
    Punct::Star,
    Punct::Slash,
];

/// A lexical error, in offsets of the lexed text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LexError {
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// An identifier or keyword; its text is the token's range.
    Ident,
    /// A string literal and its value after escapes.
    Str(String),
    /// A number, percentage, quantity or date.
    Lit(ExprKind),
    Punct(Punct),
    /// A character that starts no token.
    Unknown(char),
    /// A malformed token (bad escape, unknown unit, impossible date, …).
    Bad(Box<LexError>),
    Eof,
}

/// A token and its byte range.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
    /// Only whitespace precedes the token on its line.
    pub line_start: bool,
}

/// The offset of the first byte after whitespace and comments from `pos`.
pub(crate) fn skip_trivia(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(c) = text.get(pos..).and_then(|s| s.chars().next()) {
        if c == '#' {
            pos = memchr::memchr(b'\n', &bytes[pos..]).map_or(text.len(), |i| pos + i);
        } else if c.is_whitespace() || c == '\u{FEFF}' {
            pos += c.len_utf8();
        } else {
            break;
        }
    }
    pos
}

/// Whether only spaces and tabs separate `pos` from the start of its line.
fn at_line_start(text: &str, pos: usize) -> bool {
    text.get(..pos).is_none_or(|before| {
        let rest = before.trim_end_matches(|c: char| c != '\n' && c.is_whitespace());
        rest.is_empty() || rest.ends_with('\n')
    })
}

/// The token at or after `pos` (after skipping trivia).
pub(crate) fn lex(text: &str, pos: usize, lang: Lang) -> Token {
    let start = skip_trivia(text, pos);
    let line_start = at_line_start(text, start);
    let rest = text.get(start..).unwrap_or("");
    let (tok, len) = match rest.chars().next() {
        None => (Tok::Eof, 0),
        Some(c) if c == '_' || c.is_ascii_alphabetic() => (Tok::Ident, ident_len(rest)),
        Some(c) if c.is_ascii_digit() => number(rest, start, lang),
        Some('"') => {
            let s = scan_string(text, start, false, lang);
            let tok = match s.error {
                Some(e) => Tok::Bad(Box::new(e)),
                None => Tok::Str(s.value),
            };
            (tok, s.end - start)
        }
        Some(c) => match PUNCTS.iter().find(|p| rest.starts_with(p.as_str())) {
            Some(&p) => (Tok::Punct(p), p.as_str().len()),
            None => (Tok::Unknown(c), c.len_utf8()),
        },
    };
    Token {
        tok,
        start,
        end: start + len,
        line_start,
    }
}

fn ident(input: &str) -> IResult<&str, &str> {
    recognize((
        satisfy(|c| c == '_' || c.is_ascii_alphabetic()),
        take_while(|c: char| c == '_' || c.is_ascii_alphanumeric()),
    ))
    .parse(input)
}

fn ident_len(input: &str) -> usize {
    ident(input).map_or(0, |(_, s)| s.len())
}

/// The length of a rule id (`[A-Za-z][A-Za-z0-9_.-]*`) at the start of
/// `input`, if there is one.
pub(crate) fn rule_id(input: &str) -> Option<usize> {
    let id: IResult<&str, &str> = recognize((
        satisfy(|c| c.is_ascii_alphabetic()),
        take_while(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')),
    ))
    .parse(input);
    id.ok().map(|(_, s)| s.len())
}

/// `digits-digits-digits`: something written as a date.
fn date_like(input: &str) -> IResult<&str, (&str, &str, &str)> {
    let (rest, (y, _, m, _, d)) = (digit1, char('-'), digit1, char('-'), digit1).parse(input)?;
    Ok((rest, (y, m, d)))
}

/// `[0-9][0-9_]*` and an optional fraction `.[0-9][0-9_]*`.
fn decimal(input: &str) -> IResult<&str, &str> {
    let digits = |i| take_while1(|c: char| c.is_ascii_digit() || c == '_').parse(i);
    let (rest, int) = digits(input)?;
    let fraction: IResult<&str, (char, char)> =
        (char('.'), satisfy(|c| c.is_ascii_digit())).parse(rest);
    match fraction {
        Ok(_) => recognize((digits, char('.'), digits)).parse(input),
        Err(_) => Ok((rest, int)),
    }
}

/// A unit: how to convert to the canonical unit (`value * mul / div`).
struct Unit {
    name: &'static str,
    dim: Dim,
    mul: f64,
    div: f64,
}

const UNITS: &[Unit] = &[
    Unit {
        name: "bps",
        dim: Dim::Rate,
        mul: 1.0,
        div: 1e6,
    },
    Unit {
        name: "kbps",
        dim: Dim::Rate,
        mul: 1.0,
        div: 1e3,
    },
    Unit {
        name: "Kbps",
        dim: Dim::Rate,
        mul: 1.0,
        div: 1e3,
    },
    Unit {
        name: "Mbps",
        dim: Dim::Rate,
        mul: 1.0,
        div: 1.0,
    },
    Unit {
        name: "Gbps",
        dim: Dim::Rate,
        mul: 1e3,
        div: 1.0,
    },
    Unit {
        name: "m2",
        dim: Dim::Area,
        mul: 1.0,
        div: 1.0,
    },
    Unit {
        name: "m²",
        dim: Dim::Area,
        mul: 1.0,
        div: 1.0,
    },
    Unit {
        name: "yuan",
        dim: Dim::Money,
        mul: 1.0,
        div: 1.0,
    },
];

fn is_suffix_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '²'
}

/// A number, percentage, quantity or date at the start of `rest`, which
/// begins with a digit; `start` is its offset, for error spans.
fn number(rest: &str, start: usize, lang: Lang) -> (Tok, usize) {
    let bad = |s: usize, e: usize, message: String, label: Msg, help: Option<Msg>| {
        Tok::Bad(Box::new(LexError {
            start: start + s,
            end: start + e,
            message,
            label: t!(lang, label),
            help: help.map(|h| t!(lang, h)),
        }))
    };
    if let Ok((after, (y, m, d))) = date_like(rest) {
        let len = rest.len() - after.len();
        let written = &rest[..len];
        let trailing = after
            .chars()
            .take_while(|&c| is_suffix_char(c))
            .map(char::len_utf8)
            .sum::<usize>();
        if trailing > 0 {
            let tok = bad(
                len,
                len + trailing,
                t!(
                    lang,
                    load::DATE_TRAILING,
                    text = &after[..trailing],
                    date = written
                ),
                load::DATE_TRAILING_LABEL,
                None,
            );
            return (tok, len + trailing);
        }
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            let tok = bad(
                0,
                len,
                t!(lang, load::MALFORMED_DATE, date = written),
                load::MALFORMED_DATE_LABEL,
                Some(load::MALFORMED_DATE_HELP),
            );
            return (tok, len);
        }
        let date = (y.parse(), m.parse(), d.parse());
        let tok = match date {
            (Ok(y), Ok(m), Ok(d)) => match Date::from_ymd(y, m, d) {
                Some(date) => Tok::Lit(ExprKind::Date(date)),
                None => bad(
                    0,
                    len,
                    t!(lang, load::NOT_REAL_DATE, date = written),
                    load::NOT_REAL_DATE_LABEL,
                    None,
                ),
            },
            _ => bad(
                0,
                len,
                t!(lang, load::MALFORMED_DATE, date = written),
                load::NOT_A_DATE_LABEL,
                None,
            ),
        };
        return (tok, len);
    }
    let Ok((after, digits)) = decimal(rest) else {
        // Unreachable in practice: `rest` starts with a digit.
        return (Tok::Unknown('0'), 1);
    };
    let len = digits.len();
    if digits.ends_with('_') || digits.contains("_.") {
        let tok = bad(
            0,
            len,
            t!(lang, load::MALFORMED_NUMBER, number = digits),
            load::MALFORMED_NUMBER_LABEL,
            Some(load::MALFORMED_NUMBER_HELP),
        );
        return (tok, len);
    }
    let value: f64 = match digits.replace('_', "").parse() {
        Ok(v) if f64::is_finite(v) => v,
        _ => {
            let tok = bad(
                0,
                len,
                t!(lang, load::NUMBER_TOO_LARGE, number = digits),
                load::NUMBER_TOO_LARGE_LABEL,
                None,
            );
            return (tok, len);
        }
    };
    let is_int = !digits.contains('.');
    if after.starts_with('%') {
        return (Tok::Lit(ExprKind::Percent(value / 100.0)), len + 1);
    }
    let unit_len: usize = after
        .chars()
        .take_while(|&c| is_suffix_char(c))
        .map(char::len_utf8)
        .sum();
    if unit_len == 0 {
        return (Tok::Lit(ExprKind::Number { value, is_int }), len);
    }
    let unit = &after[..unit_len];
    let tok = match UNITS.iter().find(|u| u.name == unit) {
        Some(u) => Tok::Lit(ExprKind::Quantity {
            value: value * u.mul / u.div,
            dim: u.dim,
        }),
        None => {
            let mut tok = bad(
                len,
                len + unit_len,
                t!(lang, load::UNKNOWN_UNIT, unit = unit),
                load::UNKNOWN_UNIT_LABEL,
                Some(load::UNITS_HELP),
            );
            if let (Tok::Bad(e), Some(best)) = (&mut tok, closest_unit(unit)) {
                e.help = Some(t!(lang, load::DID_YOU_MEAN, name = best));
            }
            tok
        }
    };
    (tok, len + unit_len)
}

/// The known unit closest to a misspelt one, if any is close. Rates
/// written the way data sheets and plans write them (`1000M`, `1000Mb`,
/// `1Gbit`, `512kb`) mean `Kbps`/`Mbps`/`Gbps`, whatever their edit
/// distance to `m2`.
fn closest_unit(unit: &str) -> Option<&'static str> {
    let lower = unit.to_ascii_lowercase();
    let first = lower.chars().next().map_or(0, char::len_utf8);
    let (prefix, rest) = lower.split_at(first);
    if ["", "b", "bit", "bits", "bps"].contains(&rest) {
        match prefix {
            "k" => return Some("Kbps"),
            "m" => return Some("Mbps"),
            "g" => return Some("Gbps"),
            _ => {}
        }
    }
    UNITS
        .iter()
        .map(|u| {
            (
                strsim::levenshtein(&lower, &u.name.to_ascii_lowercase()),
                u.name,
            )
        })
        .filter(|&(d, name)| d <= 2 && d < name.len().max(2))
        .min_by_key(|&(d, _)| d)
        .map(|(_, name)| name)
}

/// A scanned string literal.
pub(crate) struct ScannedStr {
    /// The value after escapes.
    pub value: String,
    /// For each byte of `value`, and one past its end, the offset in the
    /// scanned text of the source character that produced it (only when
    /// requested).
    pub map: Vec<usize>,
    /// One past the closing quote (or the end of the text).
    pub end: usize,
    /// The first error in the literal.
    pub error: Option<LexError>,
}

/// Scans the string literal whose opening quote is at `start`.
pub(crate) fn scan_string(text: &str, start: usize, want_map: bool, lang: Lang) -> ScannedStr {
    let mut out = ScannedStr {
        value: String::new(),
        map: Vec::new(),
        end: text.len(),
        error: None,
    };
    let body = start + 1;
    let mut chars = text.get(body..).unwrap_or("").char_indices().peekable();
    let push = |out: &mut ScannedStr, c: char, at: usize| {
        if want_map {
            out.map.extend(std::iter::repeat_n(at, c.len_utf8()));
        }
        out.value.push(c);
    };
    while let Some((i, c)) = chars.next() {
        let at = body + i;
        match c {
            '"' => {
                if want_map {
                    out.map.push(at);
                }
                out.end = at + 1;
                return out;
            }
            '\\' => {
                let (c, len) = escape(&text[at..], lang);
                // Skip the escape's remaining characters.
                while chars.peek().is_some_and(|&(j, _)| body + j < at + len) {
                    chars.next();
                }
                match c {
                    Ok(c) => push(&mut out, c, at),
                    Err((message, label)) => {
                        if out.error.is_none() {
                            out.error = Some(LexError {
                                start: at,
                                end: at + len,
                                message,
                                label,
                                help: Some(t!(lang, load::ESCAPE_HELP)),
                            });
                        }
                    }
                }
            }
            c => push(&mut out, c, at),
        }
    }
    if want_map {
        out.map.push(text.len());
    }
    out.error = Some(LexError {
        start,
        end: start + 1,
        message: t!(lang, load::UNTERMINATED_STRING),
        label: t!(lang, load::UNTERMINATED_STRING_LABEL),
        help: Some(t!(lang, load::UNTERMINATED_STRING_HELP)),
    });
    out
}

/// The message and label of a bad escape.
type EscapeError = (String, String);

/// The escape at the start of `s` (which begins with `\`) and its length.
fn escape(s: &str, lang: Lang) -> (Result<char, EscapeError>, usize) {
    let mut it = s.chars().skip(1);
    match it.next() {
        Some('"') => (Ok('"'), 2),
        Some('\\') => (Ok('\\'), 2),
        Some('n') => (Ok('\n'), 2),
        Some('t') => (Ok('\t'), 2),
        Some('u') => unicode_escape(s, lang),
        Some(c) => (
            Err((
                t!(lang, load::UNKNOWN_ESCAPE, char = c),
                t!(lang, load::UNKNOWN_ESCAPE_LABEL),
            )),
            1 + c.len_utf8(),
        ),
        None => (
            Err((
                t!(lang, load::UNFINISHED_ESCAPE),
                t!(lang, load::UNFINISHED_ESCAPE),
            )),
            1,
        ),
    }
}

/// `\u{XXXX}` with one to six hex digits naming a Unicode scalar value.
fn unicode_escape(s: &str, lang: Lang) -> (Result<char, EscapeError>, usize) {
    let bad = |len: usize| {
        (
            Err((
                t!(lang, load::MALFORMED_UNICODE, text = &s[..len]),
                t!(lang, load::MALFORMED_UNICODE_LABEL),
            )),
            len,
        )
    };
    let Some(body) = s.strip_prefix("\\u{") else {
        return bad(2);
    };
    let hex_len = body.chars().take_while(char::is_ascii_hexdigit).count();
    if !body[hex_len..].starts_with('}') || hex_len == 0 || hex_len > 6 {
        return bad(3 + hex_len);
    }
    let len = 3 + hex_len + 1;
    match u32::from_str_radix(&body[..hex_len], 16)
        .ok()
        .and_then(char::from_u32)
    {
        Some(c) => (Ok(c), len),
        None => (
            Err((
                t!(lang, load::NOT_UNICODE, text = &s[..len]),
                t!(lang, load::NOT_UNICODE_LABEL),
            )),
            len,
        ),
    }
}
