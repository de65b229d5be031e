//! Text folding for comparing headers and enum spellings (DATA.md "Matching
//! a file to a record type"): trim, full-width ASCII forms (U+FF01–U+FF5E)
//! and the ideographic space (U+3000) to ASCII, ASCII letters to lower case.

/// One character, folded: full-width ASCII forms and the ideographic space
/// become ASCII, ASCII letters lower case.
pub fn fold_char(c: char) -> char {
    narrow_char(c).to_ascii_lowercase()
}

/// One character with full-width ASCII forms and the ideographic space made
/// ASCII, case kept (for numbers and units).
pub fn narrow_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Whether a character counts as white space when trimming a cell or header
/// (Unicode white space, which includes the ideographic space, and the BOM).
pub fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// `s` folded into `out` (cleared first), trimmed on both sides.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    out.extend(s.trim_matches(is_blank).chars().map(fold_char));
    let trimmed = out.trim_end_matches(is_blank).len();
    out.truncate(trimmed);
}

/// `s` folded into a new string.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_space_and_case() {
        assert_eq!(fold("  （ＡＢｃ）Name\u{3000}"), "(abc)name");
        assert_eq!(fold("学校\u{3000}名称"), "学校 名称");
        assert_eq!(fold("\u{FEFF}School_ID "), "school_id");
        assert_eq!(fold(""), "");
    }
}
