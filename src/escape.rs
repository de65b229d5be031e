//! Escaping untrusted text for the terminal.
//!
//! School names, cell values, messages and even paths come from files dudao
//! does not control. Before any of it reaches the human renderer, every
//! character that could move the cursor, retitle the terminal, inject colour
//! or reorder what the reader sees is replaced by its Rust-style escape
//! (`\u{1b}`), so what is printed is exactly what the file holds.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must not reach a terminal as it is: C0 controls (ESC, BEL,
/// tab, newline…), DEL, C1 controls (U+0080–U+009F, e.g. CSI U+009B), the
/// bidirectional overrides, embeddings and isolates, line/paragraph
/// separators, and invisible format characters (zero-width spaces and
/// joiners, word joiner, byte-order mark, interlinear annotations).
pub fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// `s` with every [unsafe](is_unsafe) character written as `\u{…}`
/// (lowercase hex); borrowed when nothing needed escaping.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Appends `c` to `out`, escaped if it is [unsafe](is_unsafe).
pub fn push_escaped(out: &mut String, c: char) {
    if is_unsafe(c) {
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_text_is_borrowed() {
        assert!(matches!(escape("港北区 甲小学, 80 张"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_bidi_and_invisibles_are_escaped() {
        assert_eq!(escape("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape("\x1b]0;x\x07"), "\\u{1b}]0;x\\u{7}");
        assert_eq!(escape("\u{85}\u{9b}\x7f"), "\\u{85}\\u{9b}\\u{7f}");
        assert_eq!(escape("x\u{202e}y\u{2066}"), "x\\u{202e}y\\u{2066}");
        assert_eq!(
            escape("\u{200b}\u{feff}\t\n"),
            "\\u{200b}\\u{feff}\\u{9}\\u{a}"
        );
    }
}
