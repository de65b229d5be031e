//! How data diagnostics name things for their reader: the offending cell
//! (第 12 行 D 列「在校生数」, with the header as the file spelled it), a
//! system error, a JSON syntax error. Used on error paths only.

use std::fmt;

use crate::data::FileFormat;
use crate::i18n::{Lang, data as m};

/// The `{cell}` of a cell diagnostic: nothing in English (the location says
/// where), the row, column and header in Chinese.
#[derive(Clone, Copy, Debug)]
pub struct CellName<'a> {
    pub lang: Lang,
    pub format: FileFormat,
    /// 1-based line (text) or row (Excel).
    pub line: u32,
    /// 0-based index of the cell's column in the header.
    pub index: usize,
    /// 1-based column number in the sheet (Excel).
    pub sheet_column: u32,
    /// The column's header as the file spelled it (empty if unknown).
    pub header: &'a str,
}

impl fmt::Display for CellName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.lang == Lang::En {
            return Ok(());
        }
        let header = self.header.trim();
        let text = match self.format {
            _ if self.line == 0 => crate::t!(self.lang, m::CELL_ALONE),
            FileFormat::Csv => crate::t!(
                self.lang,
                m::CELL_IN_ROW,
                line = self.line,
                letter = ColumnLetters(self.index as u32 + 1),
                header = header
            ),
            FileFormat::Excel => crate::t!(
                self.lang,
                m::CELL_IN_SHEET,
                reference = format_args!("{}{}", ColumnLetters(self.sheet_column), self.line),
                header = header
            ),
            FileFormat::Json | FileFormat::JsonLines => {
                crate::t!(
                    self.lang,
                    m::CELL_IN_LINE,
                    line = self.line,
                    header = header
                )
            }
        };
        f.write_str(&text)
    }
}

/// A 1-based column number as a spreadsheet names it: 1 → A, 27 → AA.
#[derive(Clone, Copy, Debug)]
pub struct ColumnLetters(pub u32);

impl fmt::Display for ColumnLetters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut n = self.0.max(1);
        let mut letters = [0u8; 8];
        let mut i = letters.len();
        while n > 0 && i > 0 {
            n -= 1;
            i -= 1;
            letters[i] = b'A' + (n % 26) as u8;
            n /= 26;
        }
        f.write_str(std::str::from_utf8(&letters[i..]).unwrap_or("?"))
    }
}

/// Why the system could not read a file: its own words in English, the
/// common cases in Chinese.
pub fn io_reason(lang: Lang, e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let msg = match (lang, e.kind()) {
        (Lang::En, _) => None,
        (_, ErrorKind::NotFound) => Some(m::FILE_NOT_FOUND),
        (_, ErrorKind::PermissionDenied) => Some(m::FILE_NO_PERMISSION),
        (_, ErrorKind::IsADirectory) => Some(m::FILE_IS_DIRECTORY),
        _ => None,
    };
    msg.map_or_else(|| e.to_string(), |msg| crate::t!(lang, msg))
}

/// What is wrong with JSON text: serde_json's words in English, its kind
/// and place in Chinese.
pub fn json_reason(lang: Lang, e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let msg = match (lang, e.classify()) {
        (Lang::En, _) | (_, Category::Io) => return e.to_string(),
        (_, Category::Syntax) => m::JSON_SYNTAX,
        (_, Category::Data) => m::JSON_SHAPE,
        (_, Category::Eof) => m::JSON_EOF,
    };
    crate::t!(lang, msg, line = e.line(), column = e.column())
}

/// Items joined as a list is written: `a, b` in English, `a、b` in Chinese.
pub fn list<S: AsRef<str>>(lang: Lang, items: &[S]) -> String {
    let sep = match lang {
        Lang::En => ", ",
        Lang::Zh => "、",
    };
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(sep)
}

/// A count in a message: as is in English (as it always was), with
/// thousands separators in Chinese.
pub fn number(lang: Lang, n: u64) -> String {
    match lang {
        Lang::En => n.to_string(),
        Lang::Zh => crate::i18n::count(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_like_a_spreadsheet() {
        let s = |n| ColumnLetters(n).to_string();
        assert_eq!(
            [s(1), s(4), s(26), s(27), s(52), s(703), s(16_384)],
            ["A", "D", "Z", "AA", "AZ", "AAA", "XFD"]
        );
    }

    #[test]
    fn cells_are_named_in_chinese_only() {
        let cell = CellName {
            lang: Lang::Zh,
            format: FileFormat::Csv,
            line: 12,
            index: 3,
            sheet_column: 0,
            header: " 在校生数 ",
        };
        assert_eq!(cell.to_string(), "第 12 行 D 列「在校生数」");
        let excel = CellName {
            format: FileFormat::Excel,
            sheet_column: 3,
            ..cell
        };
        assert_eq!(excel.to_string(), "单元格 C12「在校生数」");
        assert_eq!(
            CellName {
                lang: Lang::En,
                ..cell
            }
            .to_string(),
            ""
        );
    }
}
