//! The pieces of compact JSON, appended to a byte buffer: strings escaped
//! exactly as serde_json escapes them, integers through `itoa`, and `null`
//! for what is absent. The JSON report writes its diagnostics with these,
//! without building a tree first.

/// Appends `s` as a JSON string. Like serde_json: `"` and `\` are escaped,
/// control characters become `\b \f \n \r \t` or `\u00XX`, everything else
/// (non-ASCII and DEL included) is copied as it is.
pub fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if bytes.len() < SHORT && !needs_escape_short(bytes) {
        // Keys, numbers, short names: nothing to escape, one copy.
        out.extend_from_slice(bytes);
    } else {
        escape(out, s);
    }
    out.push(b'"');
}

/// Appends the inside of a JSON string for `s` (no quotes). Sixteen bytes
/// at a time while nothing needs escaping, else eight: each word is tested
/// and stored whole, and the output cut back
/// to the bytes that belong (no copy call per run); a byte that needs
/// escaping is found directly from the test's lowest flag.
pub fn escape(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 8);
    if bytes.len() < SHORT {
        // Numbers, keys, short names: tested byte by byte, then copied in
        // one call when nothing needs escaping (the usual case).
        if !needs_escape_short(bytes) {
            out.extend_from_slice(bytes);
            return;
        }
        for &b in bytes {
            if b < 0x20 || b == b'"' || b == b'\\' {
                push_escaped(out, b);
            } else {
                out.push(b);
            }
        }
        return;
    }
    let mut i = 0;
    while i < bytes.len() {
        // Sixteen bytes at a time while none needs escaping: one test of
        // both words' masks, one copy.
        while let Some(chunk) = bytes
            .get(i..i + 16)
            .and_then(|c| <&[u8; 16]>::try_from(c).ok())
        {
            let (lo, hi) = chunk.split_at(8);
            let word = |half: &[u8]| u64::from_le_bytes(half.try_into().unwrap_or_default());
            if escape_mask(word(lo)) | escape_mask(word(hi)) != 0 {
                break;
            }
            out.extend_from_slice(chunk);
            i += 16;
        }
        if i >= bytes.len() {
            break;
        }
        let (word, len) = match bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            Some(w) => (w, 8),
            None => {
                // The last few bytes, padded with spaces (which need nothing).
                let mut w = [b' '; 8];
                let tail = &bytes[i..];
                w[..tail.len()].copy_from_slice(tail);
                (w, tail.len())
            }
        };
        let found = escape_mask(u64::from_le_bytes(word));
        // The lowest flagged byte is always a true one (see `escape_mask`),
        // and padding is never flagged, so `safe <= len`.
        let safe = if found == 0 {
            len
        } else {
            (found.trailing_zeros() / 8) as usize
        };
        let end = out.len() + safe;
        out.extend_from_slice(&word);
        out.truncate(end);
        i += safe;
        if safe < len
            && let Some(&b) = bytes.get(i)
        {
            push_escaped(out, b);
            i += 1;
        }
    }
}

/// Texts shorter than this are escaped byte by byte.
const SHORT: usize = 16;

/// Whether a text shorter than [`SHORT`] has a byte to escape: from eight
/// bytes on, two overlapping words tested at once (`escape_mask` is zero
/// exactly when no byte of its word needs escaping).
fn needs_escape_short(bytes: &[u8]) -> bool {
    let word = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map(u64::from_le_bytes)
    };
    match (word(0), bytes.len().checked_sub(8).and_then(word)) {
        (Some(first), Some(last)) => escape_mask(first) | escape_mask(last) != 0,
        _ => bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\'),
    }
}

/// Appends the escape of one byte that needs one.
fn push_escaped(out: &mut Vec<u8>, b: u8) {
    match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        }
    }
}

/// The high bit of each of eight bytes that is a control character, `"` or
/// `\` — the classic "byte less than n" and "zero byte" tests, all three
/// sharing `!word` (`"` and `\` are ASCII, so XOR keeps the high bits). A
/// borrow can flag a byte above a flagged one, never below, so the lowest
/// flag is exact.
fn escape_mask(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    (word.wrapping_sub(ONES * 0x20) | quote.wrapping_sub(ONES) | backslash.wrapping_sub(ONES))
        & !word
        & HIGH
}

/// A `fmt::Write` that escapes what it is given into the inside of a JSON
/// string: templates and values are written through it straight into the
/// output, without a `String` in between.
pub struct Escaped<'a>(pub &'a mut Vec<u8>);

impl std::fmt::Write for Escaped<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        escape(self.0, s);
        Ok(())
    }
}

/// Appends a string, or `null`.
pub fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends an integer.
pub fn integer(out: &mut Vec<u8>, n: impl Into<i64>) {
    crate::eval::message::push_integer(out, n.into());
}

/// Appends an integer, or `null`.
pub fn opt_integer(out: &mut Vec<u8>, n: Option<u32>) {
    match n {
        Some(n) => integer(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends a finite number with a fraction, as serde_json writes an `f64`
/// (the shortest text that reads back as the same number).
pub fn float(out: &mut Vec<u8>, n: f64) {
    // serde_json's own formatting, so that the bytes stay the same; only
    // numbers with a fraction come here, integers take `integer`.
    if serde_json::to_writer(&mut *out, &n).is_err() {
        out.extend_from_slice(b"null");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn escaped(s: &str) -> String {
        let mut out = Vec::new();
        string(&mut out, s);
        String::from_utf8(out).expect("escaping keeps UTF-8")
    }

    #[test]
    fn escapes_like_serde_json() {
        for s in [
            "",
            "plain",
            "引号\"与\\反斜杠",
            "\u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f}\u{7f}",
            "end\n",
            "/ slash",
        ] {
            assert_eq!(escaped(s), serde_json::to_string(s).expect("serializes"));
        }
    }

    #[test]
    fn escapes_at_every_position_of_short_and_long_texts() {
        // Texts of every length around the eight-byte words, with a byte
        // to escape (or a multi-byte character) at every position.
        for len in 0..26 {
            for at in 0..len {
                for c in ['"', '\\', '\n', '\u{1}', '\u{1f}', 'é', '中'] {
                    let s: String = (0..len).map(|i| if i == at { c } else { 'a' }).collect();
                    assert_eq!(escaped(&s), serde_json::to_string(&s).expect("serializes"));
                }
            }
        }
    }

    #[test]
    fn integers_and_nulls() {
        let mut out = Vec::new();
        integer(&mut out, -42i64);
        out.push(b',');
        opt_integer(&mut out, None);
        out.push(b',');
        opt_string(&mut out, None);
        out.push(b',');
        float(&mut out, 0.1 + 0.2);
        assert_eq!(out, b"-42,null,null,0.30000000000000004");
    }

    proptest! {
        #[test]
        fn short_texts_are_tested_exactly(bytes in proptest::collection::vec(any::<u8>(), 0..SHORT)) {
            let expected = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            prop_assert_eq!(needs_escape_short(&bytes), expected);
        }

        #[test]
        fn the_lowest_flag_is_the_first_byte_to_escape(word in any::<[u8; 8]>()) {
            let first = word.iter().position(|&b| b < 0x20 || b == b'"' || b == b'\\');
            let found = escape_mask(u64::from_le_bytes(word));
            let flagged = (found != 0).then(|| (found.trailing_zeros() / 8) as usize);
            prop_assert_eq!(flagged, first);
        }

        #[test]
        fn any_string_escapes_like_serde_json(s in any::<String>()) {
            prop_assert_eq!(escaped(&s), serde_json::to_string(&s).expect("serializes"));
        }

        #[test]
        fn strings_dense_in_escapes_escape_like_serde_json(
            s in "[ab\"\\\\\n\t\u{1}\u{1f}\u{7f}é中]{0,40}"
        ) {
            prop_assert_eq!(escaped(&s), serde_json::to_string(&s).expect("serializes"));
        }
    }
}
