//! The data line a finding points at, as a tiny miette source.
//!
//! Rendering a finding reads one line of its data file at the record's byte
//! offset (never the whole file) and hands miette a source holding only that
//! line, escaped, with offsets rebased to it and the real line number and
//! column reported, so the snippet header reads `path:12:31` and the cost of
//! a finding does not grow with the file.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::escape::{escape, push_escaped};

/// The longest stretch of a line that is read for display.
const MAX_LINE_BYTES: u64 = 64 * 1024;

/// Reads single lines of data files, keeping the last file open: findings
/// arrive sorted by file, so one open file serves a whole run of them.
#[derive(Default)]
pub struct LineReader {
    open: Option<(u32, BufReader<File>)>,
    /// The decoded text of the last file that is not UTF-8: its locations'
    /// offsets index the decoded text, not the file's bytes.
    decoded: Option<(u32, String)>,
}

impl LineReader {
    /// The line starting at byte `offset` of file number `file` at `path`,
    /// without its line break. `encoding` is the file's (`DataFile::encoding`):
    /// for UTF-8 the offset is the file's own, for GB18030 and UTF-16 it
    /// indexes the decoded text.
    pub fn line(
        &mut self,
        file: u32,
        path: &str,
        offset: u64,
        encoding: Option<&str>,
    ) -> io::Result<String> {
        if matches!(encoding, Some("gb18030" | "utf-16le" | "utf-16be")) {
            return self.decoded_line(file, path, offset, encoding);
        }
        let reader = match &mut self.open {
            Some((index, reader)) if *index == file => reader,
            open => &mut open.insert((file, BufReader::new(File::open(path)?))).1,
        };
        reader.seek(SeekFrom::Start(offset))?;
        let mut bytes = Vec::new();
        reader
            .by_ref()
            .take(MAX_LINE_BYTES)
            .read_until(b'\n', &mut bytes)?;
        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
            bytes.pop();
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) if offset == 0 => rest.to_owned(),
            _ => text,
        })
    }

    /// [`LineReader::line`] for a file that was decoded to be read.
    fn decoded_line(
        &mut self,
        file: u32,
        path: &str,
        offset: u64,
        encoding: Option<&str>,
    ) -> io::Result<String> {
        let text = match &mut self.decoded {
            Some((index, text)) if *index == file => text,
            decoded => {
                let text = crate::data::source_text(path, encoding)?;
                &mut decoded.insert((file, text)).1
            }
        };
        let rest = usize::try_from(offset)
            .ok()
            .and_then(|at| text.get(at..))
            .unwrap_or("");
        let mut end = rest.find('\n').unwrap_or(rest.len());
        if end > MAX_LINE_BYTES as usize {
            end = MAX_LINE_BYTES as usize;
            while !rest.is_char_boundary(end) {
                end -= 1;
            }
        }
        Ok(rest[..end].trim_end_matches(['\r', '\n']).to_owned())
    }
}

/// The width in characters of the cell starting at 1-based `column` of a
/// data line, for locations that carry none: a quoted cell runs to its
/// closing quote (doubled quotes stay inside), any other to the next
/// separator (`,` tab `;` `|`, or a JSON `}`/`]`), without trailing spaces.
pub fn cell_width(line: &str, column: u32) -> u32 {
    let mut chars = line
        .chars()
        .skip(column.saturating_sub(1) as usize)
        .peekable();
    let mut width = 0;
    if chars.peek() == Some(&'"') {
        chars.next();
        width = 1;
        while let Some(c) = chars.next() {
            width += 1;
            if c == '"' {
                if chars.peek() != Some(&'"') {
                    return width;
                }
                chars.next();
                width += 1;
            }
        }
        return width;
    }
    let mut spaces = 0;
    for c in chars {
        match c {
            ',' | '\t' | ';' | '|' | '}' | ']' => break,
            c if c.is_whitespace() => spaces += 1,
            _ => {
                width += spaces + 1;
                spaces = 0;
            }
        }
    }
    width
}

/// One escaped line of data as a miette source. The cell to underline is
/// given in characters of the original line and mapped to byte offsets of
/// the escaped text.
#[derive(Debug)]
pub struct LineSource {
    name: String,
    text: String,
    /// 0-based line number.
    line: usize,
    /// The cell's span in `text`.
    cell: SourceSpan,
    /// The cell's 0-based column in the original line, in characters.
    column: usize,
}

impl LineSource {
    /// `line` (1-based) of the file `name`, with the cell at `column`
    /// (1-based, characters) spanning `width` characters. A column beyond
    /// the line's end points just past it.
    pub fn new(name: &str, text: &str, line: u32, column: u32, width: u32) -> LineSource {
        let first = column.saturating_sub(1) as usize;
        let last = first + width as usize;
        let mut escaped = String::with_capacity(text.len());
        let (mut start, mut end) = (None, None);
        for (i, c) in text.chars().enumerate() {
            if i == first {
                start = Some(escaped.len());
            }
            if i == last {
                end = Some(escaped.len());
            }
            push_escaped(&mut escaped, c);
        }
        let start = start.unwrap_or(escaped.len());
        let end = end.unwrap_or(escaped.len()).max(start);
        LineSource {
            name: escape(name).into_owned(),
            text: escaped,
            line: line.saturating_sub(1) as usize,
            cell: SourceSpan::from((start, end - start)),
            column: first,
        }
    }

    /// Where the cell is in the escaped text: the span to label.
    pub fn cell(&self) -> SourceSpan {
        self.cell
    }
}

impl SourceCode for LineSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        if start + span.len() > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let column = if start == self.cell.offset() {
            self.column
        } else {
            self.text.get(..start).map_or(start, |s| s.chars().count())
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            SourceSpan::from((0, self.text.len())),
            self.line,
            column,
            1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_one_line_at_an_offset_in_either_encoding() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(b"\xef\xbb\xbfid,name\r\n1,\xe7\x94\xb2\r\n")
            .unwrap();
        let path = file.path().to_str().unwrap();
        let mut reader = LineReader::default();
        assert_eq!(reader.line(0, path, 0, Some("utf-8")).unwrap(), "id,name");
        assert_eq!(reader.line(0, path, 12, Some("utf-8")).unwrap(), "1,甲");

        // In a GB18030 file offsets index the decoded text: "名\n" is three
        // bytes in the file but four decoded, so the second line starts at 4.
        let mut gbk = tempfile::NamedTempFile::new().unwrap();
        gbk.write_all(b"\xc3\xfb\r\n1,\xbc\xd7\r\n").unwrap();
        let path = gbk.path().to_str().unwrap();
        assert_eq!(reader.line(1, path, 0, Some("gb18030")).unwrap(), "名");
        assert_eq!(reader.line(1, path, 5, Some("gb18030")).unwrap(), "1,甲");
        assert_eq!(reader.line(1, path, 99, Some("gb18030")).unwrap(), "");
    }

    #[test]
    fn cell_widths_are_found_when_missing() {
        let line = "4508,甲小学,\"a,\"\"b\"\"\",80,,{\"x\": 1 }";
        assert_eq!(cell_width(line, 1), 4);
        assert_eq!(cell_width(line, 6), 3);
        assert_eq!(cell_width(line, 10), 9);
        assert_eq!(cell_width(line, 20), 2);
        assert_eq!(cell_width(line, 23), 0);
        assert_eq!(cell_width(line, 30), 1);
        assert_eq!(cell_width(line, 99), 0);
    }

    #[test]
    fn the_cell_is_found_in_the_escaped_line() {
        let source = LineSource::new("x.csv", "甲\x1b,80", 12, 4, 2);
        assert_eq!(source.text, "甲\\u{1b},80");
        assert_eq!(source.cell, SourceSpan::from((10, 2)));
        let contents = source.read_span(&source.cell(), 0, 0).unwrap();
        assert_eq!((contents.line(), contents.column()), (11, 3));
        assert_eq!(contents.name(), Some("x.csv"));
    }
}
