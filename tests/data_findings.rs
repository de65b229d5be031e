//! Data and schema findings: ids, messages, locations; broken files.

mod common;

use common::{read, read_into, read_with, temp_file};
use dudao::data::{ReadOptions, Uniques};
use dudao::diag::{Outcome, Scope, Severity, Shown};

const HEADER: &str = "学校标识码,学校名称,学段,在校生数\n";

#[test]
fn schema_findings_are_located_at_the_offending_cell() {
    // Line 2 has a multi-line quoted cell; line 4 has Chinese before the
    // bad cell.
    let csv =
        format!("{HEADER}2145000001,\"第一\n小学\",小学,12\n2145000002,港南区中学,初中,12人\n");
    let (_d, path) = temp_file("s.csv", csv.as_bytes());
    let got = read(&path);
    assert_eq!(got.ids(), vec!["schema/type"]);
    let f = got.find("schema/type");
    assert_eq!(f.message, "cannot read \"12人\" as a whole number");
    assert_eq!(f.help.as_deref(), Some("write the number alone: 12"));
    assert_eq!(f.outcome, Outcome::Error);
    assert_eq!(f.scope, Scope::Data);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.record_type, Some(0));
    assert_eq!(f.key.as_deref(), Some("2145000002"));
    assert_eq!(
        f.values,
        vec![("students".to_string(), Shown::Text("12人".into()))]
    );
    let loc = f.location.as_ref().unwrap();
    // `2145000002,港南区中学,初中,` is 10+1+5+1+2+1 = 20 characters.
    assert_eq!(
        (loc.line, loc.column, loc.width, loc.field),
        (4, 21, 3, Some(3))
    );
    assert_eq!(loc.offset, csv.find("2145000002").unwrap() as u64);
    assert_eq!(loc.sheet, None);
    // The unreadable value is missing; the records are still delivered.
    assert_eq!(got.records.len(), 2);
    assert_eq!(got.records[1].cells[3], dudao::value::OwnedValue::Missing);
    assert_eq!(got.records[0].line, 2);
    assert_eq!(got.records[1].line, 4);
}

#[test]
fn a_cell_after_a_multi_line_cell_is_on_its_own_line() {
    let csv = format!("{HEADER}2145000001,\"第一\n小学\",高中,12\n");
    let (_d, path) = temp_file("s.csv", csv.as_bytes());
    let got = read(&path);
    let f = got.find("schema/enum");
    let loc = f.location.as_ref().unwrap();
    // `小学",` then the stage cell: line 3, column 5.
    assert_eq!((loc.line, loc.column), (3, 5));
    assert_eq!(loc.offset, csv.find("小学\"").unwrap() as u64);
    assert!(f.help.as_ref().unwrap().contains("初中"));
}

#[test]
fn required_range_pattern_and_enum() {
    let csv = format!("{HEADER}214500001,,中学,-3\n2145000002,某校,初中,20000\n");
    let (_d, path) = temp_file("s.csv", csv.as_bytes());
    let got = read(&path);
    assert_eq!(
        got.ids(),
        vec![
            "schema/pattern",
            "schema/required",
            "schema/enum",
            "schema/range",
            "schema/range"
        ]
    );
    let pattern = &got.findings[0];
    assert!(pattern.message.contains("214500001"), "{}", pattern.message);
    assert_eq!(got.findings[1].location.as_ref().unwrap().column, 11);
    assert_eq!(got.findings[1].message, "required field name is blank");
    let enum_help = got.findings[2].help.as_deref().unwrap();
    assert!(enum_help.contains("did you mean"), "{enum_help}");
    assert_eq!(
        got.findings[3].message,
        "students = -3 is below the minimum 0"
    );
    assert_eq!(
        got.findings[4].message,
        "students = 20000 is above the maximum 10000"
    );
    // Range failures keep the value.
    assert_eq!(
        got.records[1].cells[3],
        dudao::value::OwnedValue::Num(20000.0)
    );
    // Findings carry the record's key even when it breaks its pattern.
    assert_eq!(got.findings[0].key.as_deref(), Some("214500001"));
}

#[test]
fn duplicates_point_back_to_the_first_record_across_files() {
    let pack = common::pack();
    let mut uniques = Uniques::new(&pack);
    let (_d1, a) = temp_file(
        "a.csv",
        format!("{HEADER}2145000001,甲,小学,1\n").as_bytes(),
    );
    let (_d2, b) = temp_file(
        "b.csv",
        format!("{HEADER}2145000002,乙,小学,1\n2145000001,丙,小学,1\n").as_bytes(),
    );
    let opts = ReadOptions::default();
    let first = read_into(&a, &pack, &opts, &mut uniques, 0);
    assert!(first.findings.is_empty());
    let second = read_into(&b, &pack, &opts, &mut uniques, 1);
    assert_eq!(second.ids(), vec!["schema/duplicate"]);
    let f = &second.findings[0];
    let loc = f.location.as_ref().unwrap();
    assert_eq!((loc.file, loc.line, loc.column), (1, 3, 1));
    let rel = f.related.as_ref().unwrap();
    assert_eq!((rel.file, rel.line, rel.column), (0, 2, 1));
    assert_eq!(second.records.len(), 2, "both records are still delivered");
}

#[test]
fn malformed_rows_are_skipped_and_reading_goes_on() {
    let csv = format!("{HEADER}2145000001,甲,小学\n2145000002,乙,小学,1\n\n,,,\n");
    let (_d, path) = temp_file("s.csv", csv.as_bytes());
    let got = read(&path);
    assert_eq!(got.ids(), vec!["data/malformed"]);
    let loc = got.findings[0].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (2, 1));
    assert!(got.findings[0].message.contains("3 cells"));
    assert_eq!(got.records.len(), 1);
    assert!(!got.result.unreadable);
}

#[test]
fn an_unterminated_quote_is_malformed_not_a_crash() {
    let csv =
        format!("{HEADER}2145000001,甲,小学,1\n2145000002,\"乙,小学,1\n2145000003,丙,小学,1\n");
    let (_d, path) = temp_file("s.csv", csv.as_bytes());
    let got = read(&path);
    assert_eq!(got.ids(), vec!["data/malformed"]);
    assert_eq!(got.findings[0].location.as_ref().unwrap().line, 3);
    assert!(got.findings[0].message.contains("quote"));
    assert_eq!(got.records.len(), 1);
}

#[test]
fn headers_fold_unknown_columns_are_info_once() {
    let csv = "  学校标识码 ,ＮＡＭＥ,备注,学段,备注\n2145000001,甲,x,小学,y\n";
    let (_d, path) = temp_file("s.csv", csv.as_bytes());
    let got = read(&path);
    assert_eq!(got.ids(), vec!["schema/unknown-column"]);
    let f = &got.findings[0];
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(f.location.as_ref().unwrap().column, 15);
    assert_eq!(
        got.records[0].cells[1],
        dudao::value::OwnedValue::Text("甲".into())
    );
}

#[test]
fn the_type_with_most_matching_columns_wins() {
    let (_d, path) = temp_file("c.csv", "行政区划代码,区县\n450802,港北区\n".as_bytes());
    let got = read(&path);
    assert_eq!(got.result.file.record_type, Some(1));
    assert_eq!(got.records[0].record_type, 1);
}

#[test]
fn no_matching_type_is_unreadable_and_lists_what_is_lacking() {
    let (_d, path) = temp_file("s.csv", "学校名称,学段\n甲,小学\n".as_bytes());
    let got = read(&path);
    assert!(got.result.unreadable);
    let f = got.find("data/unreadable");
    let help = f.help.as_deref().unwrap();
    assert!(
        help.contains("school") && help.contains("学校标识码"),
        "{help}"
    );
    assert!(got.records.is_empty());
}

#[test]
fn forced_type_reports_missing_columns_once() {
    let pack = common::pack();
    let opts = ReadOptions {
        record_type: Some(0),
        ..Default::default()
    };
    let (_d, path) = temp_file("s.csv", "学校名称,学段\n甲,小学\n乙,初中\n".as_bytes());
    let got = read_with(&path, &pack, &opts);
    assert_eq!(got.ids(), vec!["schema/missing-column"]);
    assert_eq!(got.records.len(), 2);
}

#[test]
fn a_header_naming_a_field_twice_is_an_error() {
    let (_d, path) = temp_file(
        "s.csv",
        "学校标识码,学校名称,name\n2145000001,甲,乙\n".as_bytes(),
    );
    let got = read(&path);
    let f = got.find("data/malformed");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.location.as_ref().unwrap().column, 12);
    assert_eq!(
        got.records[0].cells[1],
        dudao::value::OwnedValue::Text("甲".into())
    );
}

#[test]
fn empty_binary_and_random_files_are_unreadable() {
    for (name, bytes) in [
        ("empty.csv", Vec::new()),
        ("bin.csv", vec![0u8, 159, 146, 150, 0, 1, 2]),
        (
            "random.xlsx",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                .collect(),
        ),
        ("empty.xlsx", Vec::new()),
        ("bad.json", b"[{\"a\": 1}".to_vec()),
        ("empty.jsonl", b"\n\n".to_vec()),
    ] {
        let (_d, path) = temp_file(name, &bytes);
        let got = read(&path);
        assert!(got.result.unreadable, "{name}");
        assert_eq!(got.ids(), vec!["data/unreadable"], "{name}");
        assert!(got.findings[0].location.is_some(), "{name}");
    }
    let got = read("/nonexistent/dir/x.csv");
    assert!(got.result.unreadable);
}

#[test]
fn a_header_only_file_has_no_records_and_no_errors() {
    let (_d, path) = temp_file("s.csv", HEADER.as_bytes());
    let got = read(&path);
    assert!(!got.result.unreadable);
    assert!(got.findings.is_empty());
    assert_eq!(got.result.file.records, 0);
}

#[test]
fn utf16_text_exports_are_decoded_with_tabs() {
    let text = "学校标识码\t学校名称\n2145000001\t甲\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let (_d, path) = temp_file("export.txt", &bytes);
    let got = read(&path);
    assert!(got.findings.is_empty(), "{:#?}", got.findings);
    assert_eq!(got.result.file.encoding, Some("utf-16le"));
    assert_eq!(
        got.records[0].cells[1],
        dudao::value::OwnedValue::Text("甲".into())
    );
}

#[test]
fn delimiter_option_is_used() {
    let (_d, path) = temp_file("s.csv", "学校标识码;学校名称\n2145000001;甲\n".as_bytes());
    let got = read_with(
        &path,
        &common::pack(),
        &ReadOptions {
            delimiter: Some(b';'),
            ..Default::default()
        },
    );
    assert!(got.findings.is_empty(), "{:#?}", got.findings);
    assert_eq!(got.records.len(), 1);
}

#[test]
fn json_nested_values_and_bad_lines() {
    let json = "[{\"学校标识码\": \"2145000001\", \"学校名称\": {\"a\": 1}},\n 5,\n {\"学校标识码\": \"2145000002\", \"学校名称\": \"乙\"}]";
    let (_d, path) = temp_file("s.json", json.as_bytes());
    let got = read(&path);
    // An unreadable value is missing, without a second `schema/required`.
    assert_eq!(got.ids(), vec!["schema/type", "data/malformed"]);
    let loc = got.findings[0].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (1, 34));
    assert_eq!(got.findings[1].location.as_ref().unwrap().line, 2);
    assert_eq!(got.records.len(), 2);

    let jsonl = "{\"学校标识码\": \"2145000001\", \"学校名称\": \"甲\"}\n{\"学校标识码\": \n\n{\"学校标识码\": \"2145000002\", \"学校名称\": [1]}\n";
    let (_d2, path) = temp_file("s.jsonl", jsonl.as_bytes());
    let got = read(&path);
    assert_eq!(got.ids(), vec!["data/malformed", "schema/type"]);
    assert_eq!(got.findings[0].location.as_ref().unwrap().line, 2);
    let loc = got.findings[1].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (4, 33));
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let deep = format!(
        "[{{\"学校标识码\": \"1\", \"学校名称\": {}{}}}]",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (_d, path) = temp_file("deep.json", deep.as_bytes());
    let got = read(&path);
    assert!(got.ids().contains(&"schema/type"), "{:?}", got.ids());
    let line = format!(
        "{{\"学校标识码\": {}{}}}\n",
        "{\"a\":".repeat(100_000),
        "}".repeat(100_000)
    );
    let (_d2, path) = temp_file("deep.jsonl", line.as_bytes());
    let got = read(&path);
    assert!(got.result.unreadable || !got.findings.is_empty());
}

#[test]
fn workbook_findings_name_sheet_row_and_column() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.xlsx").to_string_lossy().into_owned();
    let mut wb = Workbook::new();
    let other = wb.add_worksheet();
    other.write_string(0, 0, "无关").unwrap();
    let ws = wb.add_worksheet();
    for (j, h) in ["学校标识码", "学校名称", "在校生数", "建校日期"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "2145000001").unwrap();
    ws.write_string(1, 1, "甲").unwrap();
    ws.write_number(1, 2, 12.5).unwrap();
    ws.write_number(1, 3, 44075.0).unwrap();
    ws.write_number(2, 0, 2145000002.0).unwrap();
    ws.write_string(2, 1, "乙").unwrap();
    ws.write_string(2, 2, "12人").unwrap();
    wb.save(&path).unwrap();
    let got = read(&path);
    assert_eq!(got.ids(), vec!["schema/type", "schema/type"]);
    let loc = got.findings[0].location.as_ref().unwrap();
    // C2 of the second sheet.
    assert_eq!((loc.sheet, loc.line, loc.column), (Some(1), 2, 3));
    assert_eq!(
        got.findings[0].message,
        "cannot read \"12.5\" as a whole number"
    );
    assert_eq!(got.findings[0].key.as_deref(), Some("2145000001"));
    // A number cell in a text key field reads as its digits.
    assert_eq!(got.findings[1].key.as_deref(), Some("2145000002"));
    let r = &got.records[0];
    assert_eq!(
        r.cells[6],
        dudao::value::OwnedValue::Date(dudao::value::Date::from_ymd(2020, 9, 1).unwrap())
    );
}

#[test]
fn crlf_and_blank_lines_keep_line_numbers_true() {
    let csv = "学校标识码,学校名称,学段,在校生数\r\n\r\n2145000001,甲,小学,1\r\n\r\n\r\n2145000002,乙,小学,x\r\n";
    let (_d, path) = temp_file("s.csv", csv.as_bytes());
    let got = read(&path);
    let lines: Vec<u32> = got.records.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![3, 6]);
    assert_eq!(
        got.records[1].offset,
        csv.find("2145000002").unwrap() as u64
    );
    let loc = got.find("schema/type").location.clone().unwrap();
    assert_eq!((loc.line, loc.column, loc.width), (6, 17, 1));
}

#[test]
fn offsets_count_the_decoded_text_without_the_byte_order_mark() {
    let body = format!("{HEADER}2145000001,甲,小学,1\n");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(body.as_bytes());
    let (_d, path) = temp_file("s.csv", &bytes);
    let got = read(&path);
    assert_eq!(got.records[0].offset, HEADER.len() as u64);
    let text = dudao::data::source_text(&path, got.result.file.encoding).unwrap();
    assert_eq!(&text[got.records[0].offset as usize..][..10], "2145000001");
    // GBK: offsets index the decoded text too.
    let gbk = read("tests/data/formats/schools_gbk.csv");
    let text = dudao::data::source_text(
        "tests/data/formats/schools_gbk.csv",
        gbk.result.file.encoding,
    )
    .unwrap();
    assert!(text[gbk.records[2].offset as usize..].starts_with("2145000003,平南县"));
}

#[test]
fn workbook_title_rows_above_the_header_are_skipped() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx").to_string_lossy().into_owned();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "贵港市学校基本情况表").unwrap();
    ws.write_string(1, 0, "填报单位:港北区").unwrap();
    ws.write_string(2, 0, "学校标识码").unwrap();
    ws.write_string(2, 1, "学校名称").unwrap();
    ws.write_string(2, 2, "在校生数").unwrap();
    ws.write_string(3, 0, "2145000001").unwrap();
    ws.write_string(3, 1, "甲").unwrap();
    ws.write_number(3, 2, -12.0).unwrap();
    wb.save(&path).unwrap();
    let got = read(&path);
    assert_eq!(got.records.len(), 1);
    assert_eq!(got.records[0].line, 4);
    let loc = got.find("schema/range").location.clone().unwrap();
    // C4, three characters wide (`-12`).
    assert_eq!(
        (loc.sheet, loc.line, loc.column, loc.width),
        (Some(0), 4, 3, 3)
    );
}

#[test]
fn csv_title_rows_above_the_header_are_skipped() {
    let csv =
        format!("贵港市学校基本情况表,,,\n\n填报日期:2020年9月1日\n{HEADER}2145000001,甲,小学,x\n");
    let (_d, path) = temp_file("s.csv", csv.as_bytes());
    let got = read(&path);
    assert_eq!(got.ids(), vec!["schema/type"]);
    assert_eq!(got.records[0].line, 5);
    // Seven rows that match nothing: the first is reported.
    let csv = "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n";
    let (_d, path) = temp_file("s.csv", csv.as_bytes());
    let got = read(&path);
    assert!(got.result.unreadable);
    assert_eq!(got.ids(), vec!["data/unreadable"]);
    assert_eq!(got.findings[0].location.as_ref().unwrap().line, 1);
}

#[test]
fn every_matching_sheet_is_read_as_its_own_type() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.xlsx").to_string_lossy().into_owned();
    let mut wb = Workbook::new();
    let counties = wb.add_worksheet();
    counties.set_name("区县").unwrap();
    counties.write_string(0, 0, "行政区划代码").unwrap();
    counties.write_string(0, 1, "区县").unwrap();
    counties.write_string(1, 0, "450802").unwrap();
    counties.write_string(1, 1, "港北区").unwrap();
    let schools = wb.add_worksheet();
    schools.set_name("学校").unwrap();
    schools.write_string(0, 0, "学校标识码").unwrap();
    schools.write_string(0, 1, "学校名称").unwrap();
    schools.write_string(0, 2, "备注").unwrap();
    schools.write_string(1, 0, "2145000001").unwrap();
    schools.write_string(1, 1, "甲").unwrap();
    wb.save(&path).unwrap();
    let got = read(&path);
    let types: Vec<(u32, u32)> = got
        .records
        .iter()
        .map(|r| (r.record_type, r.sheet))
        .collect();
    assert_eq!(types, vec![(1, 0), (0, 1)]);
    assert_eq!(got.result.file.record_type, Some(1));
    assert_eq!(
        got.result.file.sheets,
        vec!["区县".to_string(), "学校".to_string()]
    );
    let unknown = got.find("schema/unknown-column");
    let loc = unknown.location.as_ref().unwrap();
    assert_eq!((loc.sheet, loc.line, loc.column), (Some(1), 1, 3));
}

#[test]
fn json_lines_keys_first_seen_later_are_read() {
    let jsonl = "{\"学校标识码\": \"2145000001\", \"学校名称\": \"甲\"}\n{\"学校标识码\": \"2145000002\", \"学校名称\": \"乙\", \"在校生数\": \"x\", \"备注\": 1}\n";
    let (_d, path) = temp_file("s.jsonl", jsonl.as_bytes());
    let got = read(&path);
    assert_eq!(got.ids(), vec!["schema/unknown-column", "schema/type"]);
    let loc = got.findings[1].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.field), (2, Some(3)));
}
