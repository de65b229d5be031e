//! Findings → text. Each output format is one renderer behind [`Reporter`];
//! renderers never know how rules are evaluated.

use crate::data::DataFile;
use crate::diag::{Finding, Summary};
use crate::model::Pack;
use crate::value::Date;

/// What a renderer may consult besides the findings themselves.
pub struct Context<'a> {
    pub pack: &'a Pack,
    /// The data files read so far; a finding's `Location::file` indexes this.
    pub files: &'a [DataFile],
    pub as_of: Date,
}

/// An output format. Findings arrive in output order (CLI.md), one at a
/// time, so a renderer can stream; `finish` closes the report.
pub trait Reporter {
    fn finding(&mut self, cx: &Context, finding: &Finding) -> std::io::Result<()>;
    fn finish(&mut self, cx: &Context, summary: &Summary) -> std::io::Result<()>;
}

pub mod escape;
pub mod output;
pub mod pack;
pub mod template;
pub mod json;

/// An Excel cell reference: column 3, row 12 → `C12`.
pub fn cell_ref(column: u32, row: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{row}", String::from_utf8_lossy(&letters))
}

#[cfg(test)]
mod tests {
    #[test]
    fn cell_references() {
        assert_eq!(super::cell_ref(3, 12), "C12");
        assert_eq!(super::cell_ref(26, 1), "Z1");
        assert_eq!(super::cell_ref(27, 2), "AA2");
        assert_eq!(super::cell_ref(703, 9), "AAA9");
    }
}
