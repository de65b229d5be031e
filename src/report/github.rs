//! GitHub Actions workflow commands (`--format github`): one
//! `::error`/`::warning`/`::notice` line per diagnostic, which GitHub turns
//! into annotations, then the plain summary.
//!
//! ```text
//! ::error file=data/schools.csv,line=12,col=31,title=BOARD-001 寄宿制学校“一人一铺”::宿舍床位 80 张…%0Ahelp: …
//! ```
//!
//! - `file` is the path as given; `line` and `col` are sent for text files
//!   when known (`col` only when one cell is to blame: every dudao span is
//!   on one line). An Excel cell has no line: its `sheet!cell` starts the
//!   message. Group and overall findings have no `file`; their key starts
//!   the message.
//! - Escaping follows GitHub's runner: in the message `%`, CR and LF become
//!   `%25`, `%0D`, `%0A`; in properties also `:` and `,` become `%3A`,
//!   `%2C`. Other control characters, bidi overrides and invisible format
//!   characters from data are written as `\u{…}` so a school name cannot
//!   colour or reorder the log. Every command is one line.
//! - GitHub shows at most 10 error and 10 warning annotations per step (50
//!   per job); the log still carries every command, and the summary says
//!   how many there were.

use std::io::{self, Write};

use super::describe::{self, Place};
use super::human::summary_text;
use super::{Context, Reporter};
use crate::diag::{Finding, Severity, Summary};
use crate::escape::{is_unsafe, push_escaped};
use crate::i18n::report as msg;

/// Writes workflow commands to `W`.
pub struct GithubReporter<W: Write> {
    out: W,
}

impl<W: Write> GithubReporter<W> {
    pub fn new(out: W) -> GithubReporter<W> {
        GithubReporter { out }
    }

    /// Gives the writer back.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Reporter for GithubReporter<W> {
    fn finding(&mut self, cx: &Context, finding: &Finding) -> io::Result<()> {
        let line = command(cx, finding);
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self, cx: &Context, summary: &Summary) -> io::Result<()> {
        self.out
            .write_all(summary_text(summary, cx.lang).as_bytes())?;
        self.out.flush()
    }
}

/// The workflow command for one finding, without the line end.
pub fn command(cx: &Context, finding: &Finding) -> String {
    let kind = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut properties: Vec<String> = Vec::new();
    let mut prefix = None;
    if let Some(location) = &finding.location {
        let place = Place::of(cx, location);
        if let Some(file) = place.file {
            properties.push(format!("file={}", property(file)));
        }
        if let Some(line) = place.line {
            properties.push(format!("line={line}"));
            if location.column > 0 {
                properties.push(format!("col={}", location.column));
            }
        }
        if let Some(cell) = place.cell {
            prefix = Some(match place.sheet {
                Some(sheet) => format!("{sheet}!{cell}"),
                None => cell,
            });
        }
    } else if let Some(key) = &finding.key {
        prefix = Some(key.clone());
    }
    let id = describe::rule_id(cx, finding.rule);
    let title = describe::rule_title(cx, finding.rule);
    let title = if title.is_empty() || title == id {
        id.to_owned()
    } else {
        format!("{id} {title}")
    };
    properties.push(format!("title={}", property(&title)));
    let mut text = String::new();
    if let Some(prefix) = prefix {
        text.push_str(&prefix);
        text.push_str(": ");
    }
    text.push_str(&finding.message);
    if let Some(help) = &finding.help {
        text.push('\n');
        text.push_str(msg::HELP_LABEL.template(cx.lang));
        text.push_str(help);
    }
    format!("::{kind} {}::{}", properties.join(","), message(&text))
}

/// Escapes a command's message: `%`, CR, LF; other unsafe characters as
/// `\u{…}`.
pub fn message(s: &str) -> String {
    escape(s, false)
}

/// Escapes a property value: as a message, and `:` and `,` too.
pub fn property(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if is_unsafe(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping() {
        assert_eq!(message("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
        assert_eq!(
            message("\x1b]0;x\x07\u{202e}"),
            "\\u{1b}]0;x\\u{7}\\u{202e}"
        );
    }
}
