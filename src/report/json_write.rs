//! The pieces of compact JSON, appended to a byte buffer: strings escaped
//! exactly as serde_json escapes them, integers through `itoa`, and `null`
//! for what is absent. The JSON report writes its diagnostics with these,
//! without building a tree first.

/// Appends `s` as a JSON string. Like serde_json: `"` and `\` are escaped,
/// control characters become `\b \f \n \r \t` or `\u00XX`, everything else
/// (non-ASCII and DEL included) is copied as it is.
pub fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them needs escaping.
        if let Some(word) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            if !needs_escape(word) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        i += 1;
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        let i = i - 1;
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
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
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether any of eight bytes is a control character, `"` or `\`
/// (the classic "has a zero byte" and "has a byte less than n" tests).
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
    below_space
        || zero_byte(word ^ (ONES * u64::from(b'"')))
        || zero_byte(word ^ (ONES * u64::from(b'\\')))
}

/// Appends a string, or `null`.
pub fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends an integer.
pub fn integer(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
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

/// Appends `"key":` (keys are ours: plain ASCII, nothing to escape).
pub fn key(out: &mut Vec<u8>, key: &str) {
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
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
