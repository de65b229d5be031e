//! Source texts of rule files, with a line index, and spans into them.
//!
//! miette's built-in `SourceCode for str` rescans from byte 0 for every span
//! it reads; [`SourceFile`] answers from a precomputed line index instead, so
//! rendering thousands of diagnostics stays linear.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

impl From<Span> for SourceSpan {
    fn from(span: Span) -> SourceSpan {
        SourceSpan::from((span.start as usize, span.len()))
    }
}

/// One rule file: its display name, its text and the byte offset of each line.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// `text` as shown in snippets, when it holds characters that must not
    /// reach a terminal (see [`shown_text`]); byte offsets are the same.
    shown: Option<String>,
}

/// Text for a terminal snippet with the same byte offsets and character
/// columns as `text`: every character the terminal must not receive as it
/// is (`report::escape::is_unsafe`: ESC, BEL, C1 controls, bidi overrides,
/// zero-width characters; tab and line breaks stay) becomes a visible
/// stand-in of the same UTF-8 length — `?`, `¤` or `�`. A lone carriage
/// return (one not ending a line) is a stand-in too: it would move the
/// cursor back over the line. `None` when nothing needed replacing.
pub fn shown_text(text: &str) -> Option<String> {
    let hidden = |c: char, next: Option<char>| match c {
        '\t' | '\n' => false,
        '\r' => next != Some('\n'),
        c => crate::escape::is_unsafe(c),
    };
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if hidden(c, chars.peek().copied()) {
            any = true;
            break;
        }
    }
    if !any {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if hidden(c, chars.peek().copied()) {
            out.push(match c.len_utf8() {
                1 => '?',
                2 => '¤',
                _ => '\u{fffd}',
            });
        } else {
            out.push(c);
        }
    }
    Some(out)
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            shown: shown_text(&text),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.line_starts.partition_point(|&s| s <= start) - 1;
        // The line holding the span's last byte (its first, when empty).
        let last_byte = end.saturating_sub(1).max(start);
        let last = self.line_starts.partition_point(|&s| s <= last_byte) - 1;
        let first = first.saturating_sub(context_lines_before);
        let last = (last + context_lines_after).min(self.line_starts.len() - 1);
        let from = self.line_starts[first];
        let to = self
            .line_starts
            .get(last + 1)
            .map_or(self.text.len(), |&s| s);
        // miette shows `line:column` of the span's start in report headers.
        let column = self.line_col(start).1 - 1;
        let shown = self.shown.as_deref().unwrap_or(&self.text);
        let contents = MietteSpanContents::new_named(
            crate::escape::escape(&self.name).into_owned(),
            &shown.as_bytes()[from..to],
            SourceSpan::from((from, to - from)),
            first,
            column,
            last - first + 1,
        );
        Ok(Box::new(contents))
    }
}

/// All rule files of a pack, addressed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<Arc<SourceFile>>,
}

impl SourceMap {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(Arc::new(SourceFile::new(name, text)));
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &Arc<SourceFile> {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &Arc<SourceFile>)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("a.dudao", "ab\n宿舍x\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(9), (2, 3));
    }

    #[test]
    fn shown_text_keeps_offsets_and_hides_controls() {
        assert_eq!(shown_text("plain\ttext\r\n"), None);
        let text = "a\x1bb\u{9b}c\u{202e}d\re\r\n";
        let shown = shown_text(text).unwrap();
        assert_eq!(shown, "a?b¤c\u{fffd}d?e\r\n");
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown.chars().count(), text.chars().count());
    }
}
