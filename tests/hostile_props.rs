//! A bounded, CI-sized run of what the fuzz targets in `fuzz/` check: the
//! rule-language front end and the CSV, JSON, JSON Lines and Excel readers
//! never panic on any input, and the JSON report of a run always parses.
//! The targets' shared code (pack, `read_as`) is included from `fuzz/`, so
//! both run the same check.

#[path = "../fuzz/fuzz_targets/common.rs"]
mod common;

use dudao::data::{Encoding, ReadOptions};
use dudao::i18n::Lang;
use proptest::prelude::*;

/// Pieces from which the generators build inputs: the pack's headers and
/// values, and bytes that trouble readers.
fn fragments(extra: &'static [&'static [u8]]) -> impl Strategy<Value = Vec<u8>> {
    const COMMON: &[&[u8]] = &[
        "学校标识码".as_bytes(),
        "学校名称".as_bytes(),
        "办学类型".as_bytes(),
        "在校生数".as_bytes(),
        "达标率".as_bytes(),
        "建校日期".as_bytes(),
        "出口带宽".as_bytes(),
        "初级中学".as_bytes(),
        b"4508020001",
        b"1,200",
        b"85%",
        b"2020-09-01",
        b"1G",
        b"-",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xd1\xa7\xd0\xa3",
        b"\xff",
        b"\x00",
        b"\x1b[31m",
        "\u{202e}".as_bytes(),
        b" ",
    ];
    let pieces: Vec<&'static [u8]> = COMMON.iter().chain(extra).copied().collect();
    proptest::collection::vec(proptest::sample::select(pieces), 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_rule_text_loads_or_fails_cleanly(
        parts in proptest::collection::vec(prop_oneof![
            Just("record school {\n"), Just("rule R-1 \"t\" {\n"), Just("}\n"),
            Just("  a: int, min 0, column \"甲\"\n"), Just("  b: text, key\n"),
            Just("require "), Just("where "), Just("for school per a\n"), Just("a"), Just("b"),
            Just(" >= "), Just(" and "), Just("sum(a where b)"), Just("count()"), Just("("),
            Just(")"), Just("1"), Just("80%"), Just("1Gbps"), Just("2020-12-31"),
            Just("const C = C + 1\n"), Just("enum e { x \"X\" }\n"), Just("message \"{a}\"\n"),
            Just("example pass { a: 1 }\n"), Just("waive R-1 for \"1\" until 2030-01-01 because \"x\"\n"),
            Just("matches \"(a+)+$\""), Just("\u{202e}"), Just("\"unterminated"), Just("\n"),
            "\\PC{0,8}".prop_map(|s| Box::leak(s.into_boxed_str()) as &str),
        ], 0..60),
    ) {
        let text = parts.concat();
        if let Err(errors) = dudao::check::load_sources(vec![("p.dudao".into(), text)]) {
            prop_assert!(!errors.is_empty());
            let rendered = dudao::check::render_errors(&errors, false);
            prop_assert!(rendered.contains("p.dudao"));
        }
    }

    #[test]
    fn any_csv_bytes_read_cleanly(
        mode in 0u8..64,
        body in fragments(&[b",", b",", b"\"", b"\"\"", b"\n", b"\r\n", b"\r", b"\t"]),
    ) {
        let header = "学校标识码,学校名称,办学类型,在校生数\n".as_bytes();
        let bytes = if mode & 1 == 0 { [header, &body].concat() } else { body };
        let options = ReadOptions {
            encoding: match mode & 6 {
                2 => Some(Encoding::Utf8),
                4 => Some(Encoding::Gb18030),
                _ => None,
            },
            delimiter: (mode & 8 != 0).then_some(b'\t'),
            record_type: (mode & 16 != 0).then_some(0),
            lang: if mode & 32 != 0 { Lang::Zh } else { Lang::En },
        };
        let json = common::read_as("data.csv", &bytes, &options);
        well_formed(json.as_ref())?;
    }

    #[test]
    fn any_json_bytes_read_cleanly(
        lines in any::<bool>(),
        body in fragments(&[
            b"{", b"}", b"[", b"]", b":", b",", b"\"", b"\"\xe5\xad\xa6\xe6\xa0\xa1\xe5\x90\x8d\xe7\xa7\xb0\":",
            b"null", b"true", b"12", b"1e400", b"\"x\"", b"\n", b"{\"records\":[",
        ]),
    ) {
        let name = if lines { "data.jsonl" } else { "data.json" };
        let json = common::read_as(name, &body, &ReadOptions::default());
        well_formed(json.as_ref())?;
    }

    #[test]
    fn damaged_workbooks_read_cleanly(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = workbook().to_vec();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        let json = common::read_as("data.xlsx", &bytes, &ReadOptions::default());
        well_formed(json.as_ref())?;
    }
}

/// A run's JSON report covers the one file, and every diagnostic names its
/// rule and, if about the file, the file.
fn well_formed(json: Option<&serde_json::Value>) -> Result<(), TestCaseError> {
    let json = json.ok_or_else(|| TestCaseError::fail("the run failed"))?;
    prop_assert_eq!(&json["summary"]["files"], 1);
    for d in json["diagnostics"].as_array().into_iter().flatten() {
        prop_assert!(d["rule"].is_string(), "{}", d);
        if let Some(file) = d["file"].as_str() {
            prop_assert!(file.ends_with(".csv") || file.contains("data."), "{}", file);
        }
    }
    Ok(())
}

/// A small valid workbook of the fuzz pack's school type, stored (not
/// compressed) so that byte edits hit cell text, not deflate streams.
fn workbook() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let rows: [[&str; 4]; 3] = [
            ["学校标识码", "学校名称", "办学类型", "在校生数"],
            ["4508020001", "甲", "初级中学", "50"],
            ["4508020002", "乙", "小学", "-"],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
        sheet.write_number(3, 3, 1200.0).unwrap();
        book.save_to_buffer().unwrap()
    })
}

#[test]
fn the_fuzz_pack_loads_and_its_workbook_reads() {
    assert_eq!(common::pack().rules.len(), 2);
    // The undamaged workbook gives a normal run: R-001 fails for 甲.
    let json = common::read_as("data.xlsx", workbook(), &ReadOptions::default()).unwrap();
    assert_eq!(json["summary"]["records"], 3);
    let failed: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "R-001")
        .collect();
    assert_eq!(failed.len(), 1, "{json:#}");
    assert_eq!(failed[0]["key"], "4508020001");
    assert_eq!(failed[0]["cell"], "D2");
}
