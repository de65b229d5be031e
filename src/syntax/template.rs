//! `message`/`help` templates: literal text, `{EXPR}`, `{EXPR:%}`,
//! `{EXPR:.N}`, and `{{`/`}}` for literal braces.
//!
//! The string literal is decoded again together with a map from each byte of
//! its value to the offset of the source character that produced it, and
//! hole expressions are parsed from the decoded text with that map, so every
//! span (of an expression or an error) points into the rule file, inside
//! the string, even after escapes.

use crate::i18n::{Lang, Msg, load};
use crate::source::{FileId, Span};
use crate::syntax::SyntaxError;
use crate::syntax::ast::{Expr, Format, Template, TemplatePart};
use crate::syntax::lexer::{self, Punct};
use crate::syntax::parser::{PResult, Parser};
use crate::t;

/// Parses the template whose string literal starts (with its quote) at
/// `start` in `text`.
pub(crate) fn parse(
    file: FileId,
    text: &str,
    start: usize,
    lang: Lang,
) -> (Template, Vec<SyntaxError>) {
    let scanned = lexer::scan_string(text, start, true, lang);
    let mut t = TemplateParser {
        file,
        text: &scanned.value,
        map: &scanned.map,
        parts: Vec::new(),
        literal: String::new(),
        errors: Vec::new(),
        lang,
    };
    t.run();
    let template = Template {
        parts: t.parts,
        span: Span::new(file, start, scanned.end),
    };
    (template, t.errors)
}

struct TemplateParser<'t> {
    file: FileId,
    /// The decoded string.
    text: &'t str,
    /// File offset of each byte of `text`, and of its end.
    map: &'t [usize],
    parts: Vec<TemplatePart>,
    literal: String,
    errors: Vec<SyntaxError>,
    lang: Lang,
}

impl TemplateParser<'_> {
    fn run(&mut self) {
        let mut i = 0;
        while let Some(c) = self.text.get(i..).and_then(|s| s.chars().next()) {
            let doubled = self.text[i + c.len_utf8()..].starts_with(c);
            match c {
                '{' | '}' if doubled => {
                    self.literal.push(c);
                    i += 2;
                }
                '}' => {
                    self.error(
                        i,
                        i + 1,
                        load::TEMPLATE_UNMATCHED,
                        load::TEMPLATE_UNMATCHED_LABEL,
                        load::TEMPLATE_UNMATCHED_HELP,
                    );
                    i += 1;
                }
                '{' => {
                    if !self.literal.is_empty() {
                        let text = std::mem::take(&mut self.literal);
                        self.parts.push(TemplatePart::Text(text));
                    }
                    i = self.hole(i);
                }
                c => {
                    self.literal.push(c);
                    i += c.len_utf8();
                }
            }
        }
        if !self.literal.is_empty() {
            let text = std::mem::take(&mut self.literal);
            self.parts.push(TemplatePart::Text(text));
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        let at = |i: usize| self.map.get(i).or(self.map.last()).copied().unwrap_or(0);
        Span::new(self.file, at(start), at(end))
    }

    fn error(&mut self, start: usize, end: usize, message: Msg, label: Msg, help: Msg) {
        self.errors.push(SyntaxError {
            span: self.span(start, end),
            message: t!(self.lang, message),
            label: t!(self.lang, label),
            help: Some(t!(self.lang, help)),
        });
    }

    /// The hole whose `{` is at `open`; returns where the text resumes.
    fn hole(&mut self, open: usize) -> usize {
        let Some(close) = self.text[open..].find('}').map(|i| open + i) else {
            self.error(
                open,
                open + 1,
                load::TEMPLATE_UNCLOSED,
                load::TEMPLATE_UNCLOSED_LABEL,
                load::TEMPLATE_UNCLOSED_HELP,
            );
            return self.text.len();
        };
        let mut p = Parser::in_string(self.file, self.text, self.map, open + 1, self.lang);
        if p.at_punct(Punct::RBrace) {
            self.error(
                open,
                close + 1,
                load::TEMPLATE_EMPTY,
                load::TEMPLATE_EMPTY_LABEL,
                load::TEMPLATE_EMPTY_HELP,
            );
            return close + 1;
        }
        match hole_body(&mut p) {
            Ok((expr, format)) => {
                self.parts.push(TemplatePart::Hole { expr, format });
                p.pos()
            }
            Err(e) => {
                self.errors.push(e);
                let from = p.pos().max(open + 1);
                self.text[from..]
                    .find('}')
                    .map_or(self.text.len(), |i| from + i + 1)
            }
        }
    }
}

/// `EXPR [:FORMAT] }`
fn hole_body(p: &mut Parser<'_>) -> PResult<(Expr, Format)> {
    let expr = p.expr()?;
    let format = match p.eat_punct(Punct::Colon) {
        Some(colon) => format(p, colon.start)?,
        None => Format::Plain,
    };
    p.expect_punct(Punct::RBrace, load::CTX_CLOSE_HOLE)?;
    Ok((expr, format))
}

/// The format after `:`: `%` or `.N`.
fn format(p: &mut Parser<'_>, colon: usize) -> PResult<Format> {
    let text = p.text();
    let start = lexer::skip_trivia(text, p.pos());
    let rest = &text[start..];
    let (format, len) = if rest.starts_with('%') {
        (Some(Format::Percent), 1)
    } else if let Some(digits) = rest.strip_prefix('.') {
        let n = digits.chars().take_while(char::is_ascii_digit).count();
        (digits[..n].parse().ok().map(Format::Decimals), 1 + n)
    } else {
        (None, 0)
    };
    match format {
        Some(format) => {
            p.seek(start + len);
            Ok(format)
        }
        None => {
            let end = rest.find('}').map_or(text.len(), |i| start + i);
            let written = text[start..end].trim();
            Err(SyntaxError {
                span: p.span(colon, end),
                message: t!(p.lang, load::UNKNOWN_FORMAT, format = written),
                label: t!(p.lang, load::UNKNOWN_FORMAT_LABEL),
                help: Some(t!(p.lang, load::UNKNOWN_FORMAT_HELP)),
            })
        }
    }
}
