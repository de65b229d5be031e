//! The same schools in every format read into the same values; positions
//! in text files and workbooks.

mod common;

use std::path::Path;

use common::{Read, read};
use dudao::data::{FileFormat, ReadOptions};
use dudao::diag::Severity;
use dudao::value::{Date, OwnedValue};

const DIR: &str = "tests/data/formats";

fn fixture(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// Regenerates the GBK and XLSX fixtures from `schools.csv`:
/// `cargo test --test data_formats -- --ignored generate_fixtures`.
#[test]
#[ignore]
fn generate_fixtures() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let text = std::fs::read_to_string(fixture("schools.csv")).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    // `㎡` is in GBK (A1EF); check the round trip.
    let (back, _) = encoding_rs::GB18030.decode_without_bom_handling(&gbk);
    assert_eq!(back, text);
    std::fs::write(fixture("schools_gbk.csv"), &gbk).unwrap();

    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "本表由学校填报").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("学校").unwrap();
    // Row 1 is empty: the header is the first non-empty row (row 2), and
    // the table starts in column B.
    let header = [
        "学校标识码",
        "学校名称",
        "学段",
        "在校生数",
        "达标率",
        "是否寄宿",
        "建校日期",
        "出口带宽",
        "校舍面积",
        "资产",
        "得分",
    ];
    for (j, h) in header.iter().enumerate() {
        ws.write_string(1, 1 + j as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let pct = Format::new().set_num_format("0%");
    // School 1: numbers as numbers, a real date cell, percent as a fraction.
    ws.write_string(2, 1, "2145000001").unwrap();
    ws.write_string(2, 2, "港北区第一小学").unwrap();
    ws.write_string(2, 3, "小学").unwrap();
    ws.write_number(2, 4, 1200.0).unwrap();
    ws.write_number_with_format(2, 5, 0.85, &pct).unwrap();
    ws.write_string(2, 6, "是").unwrap();
    ws.write_datetime_with_format(2, 7, ExcelDateTime::from_ymd(2020, 9, 1).unwrap(), &date)
        .unwrap();
    ws.write_string(2, 8, "1G").unwrap();
    ws.write_string(2, 9, "1200㎡").unwrap();
    ws.write_string(2, 10, "12万元").unwrap();
    ws.write_number(2, 11, 88.5).unwrap();
    // School 2: a boolean cell, an Excel serial (number) in a date field.
    ws.write_string(3, 1, "2145000002").unwrap();
    ws.write_string(3, 2, "覃塘区\"实验\"初中").unwrap();
    ws.write_number(3, 3, 31.0).unwrap();
    ws.write_number(3, 4, 850.0).unwrap();
    ws.write_number(3, 5, 0.9).unwrap();
    ws.write_boolean(3, 6, false).unwrap();
    ws.write_number(3, 7, 43709.0).unwrap();
    ws.write_string(3, 8, "100 Mbps").unwrap();
    ws.write_number(3, 9, 800.0).unwrap();
    ws.write_string(3, 10, "50000元").unwrap();
    // School 3: text everywhere.
    for (j, v) in [
        "2145000003",
        "平南县中心小学",
        "primary",
        "45",
        "",
        "有",
        "2018年9月1日",
        "千兆",
        "",
        "",
        "-",
    ]
    .iter()
    .enumerate()
    {
        if !v.is_empty() {
            ws.write_string(4, 1 + j as u16, *v).unwrap();
        }
    }
    wb.save(fixture("schools.xlsx")).unwrap();
}

fn text(s: &str) -> OwnedValue {
    OwnedValue::Text(s.into())
}

fn num(n: f64) -> OwnedValue {
    OwnedValue::Num(n)
}

fn date(y: i32, m: u32, d: u32) -> OwnedValue {
    OwnedValue::Date(Date::from_ymd(y, m, d).unwrap())
}

fn expected() -> Vec<Vec<OwnedValue>> {
    use OwnedValue::{Bool, Enum, Missing};
    vec![
        vec![
            text("2145000001"),
            text("港北区第一小学"),
            Enum(0),
            num(1200.0),
            num(0.85),
            Bool(true),
            date(2020, 9, 1),
            num(1000.0),
            num(1200.0),
            num(120000.0),
            num(88.5),
        ],
        vec![
            text("2145000002"),
            text("覃塘区\"实验\"初中"),
            Enum(1),
            num(850.0),
            num(0.9),
            Bool(false),
            date(2019, 9, 1),
            num(100.0),
            num(800.0),
            num(50000.0),
            Missing,
        ],
        vec![
            text("2145000003"),
            text("平南县中心小学"),
            Enum(0),
            num(45.0),
            Missing,
            Bool(true),
            date(2018, 9, 1),
            num(1000.0),
            Missing,
            Missing,
            Missing,
        ],
    ]
}

fn check_same(name: &str, got: &Read) {
    assert!(!got.result.unreadable, "{name}: {:#?}", got.findings);
    let errors: Vec<_> = got
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
    let cells: Vec<Vec<OwnedValue>> = got.records.iter().map(|r| r.cells.clone()).collect();
    assert_eq!(cells, expected(), "{name}");
    assert_eq!(got.result.file.records, 3, "{name}");
    assert_eq!(got.result.file.record_type, Some(0), "{name}");
    assert!(got.records.iter().all(|r| r.record_type == 0));
}

#[test]
fn every_format_reads_the_same_values() {
    for (name, format, encoding) in [
        ("schools.csv", FileFormat::Csv, Some("utf-8")),
        ("schools_bom.csv", FileFormat::Csv, Some("utf-8")),
        ("schools_gbk.csv", FileFormat::Csv, Some("gb18030")),
        ("schools.tsv", FileFormat::Csv, Some("utf-8")),
        ("schools.json", FileFormat::Json, Some("utf-8")),
        ("schools.jsonl", FileFormat::JsonLines, Some("utf-8")),
        ("schools.xlsx", FileFormat::Excel, None),
    ] {
        let got = read(&fixture(name));
        check_same(name, &got);
        assert_eq!(got.result.file.format, format, "{name}");
        assert_eq!(got.result.file.encoding, encoding, "{name}");
        assert_eq!(got.result.file.path, fixture(name));
    }
}

#[test]
fn gbk_is_reported_as_info_and_can_be_forced() {
    let got = read(&fixture("schools_gbk.csv"));
    assert_eq!(got.ids(), vec!["data/encoding"]);
    let f = got.find("data/encoding");
    assert_eq!(f.severity, Severity::Info);
    assert!(f.message.contains("GB18030"), "{}", f.message);
    let forced = common::read_with(
        &fixture("schools_gbk.csv"),
        &common::pack(),
        &ReadOptions {
            encoding: Some(dudao::data::Encoding::Gb18030),
            ..Default::default()
        },
    );
    assert!(forced.findings.is_empty(), "{:#?}", forced.findings);
    assert_eq!(forced.records.len(), 3);
}

#[test]
fn forced_utf8_on_gbk_is_a_located_unreadable_error() {
    let got = common::read_with(
        &fixture("schools_gbk.csv"),
        &common::pack(),
        &ReadOptions {
            encoding: Some(dudao::data::Encoding::Utf8),
            ..Default::default()
        },
    );
    assert!(got.result.unreadable);
    let f = got.find("data/unreadable");
    let loc = f.location.as_ref().unwrap();
    // 学 and 校 in GBK (D1A7 D0A3) happen to be valid UTF-8 pairs; 标
    // (B1EA) is not: the third character.
    assert_eq!((loc.line, loc.column), (1, 3));
    assert!(got.records.is_empty());
}

#[test]
fn text_positions_are_lines_and_character_columns() {
    let got = read(&fixture("schools.csv"));
    // Line 3 holds `2145000002,"覃塘区""实验""初中",初中,850,…`.
    let r = &got.records[1];
    assert_eq!(r.line, 3);
    let csv = std::fs::read_to_string(fixture("schools.csv")).unwrap();
    let line3_start = csv.match_indices('\n').nth(1).unwrap().0 + 1;
    assert_eq!(r.offset, line3_start as u64);
    // id at 1, quoted name at 12 (13 characters with quotes), stage at 26.
    assert_eq!(&r.columns[..4], &[1, 12, 26, 29]);
    let json = read(&fixture("schools.jsonl"));
    // The blank line 2 is skipped: the second record is on line 3.
    assert_eq!(
        json.records.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![1, 3, 4]
    );
    // `"学校名称": ` value column on line 1: count characters.
    let line1 = std::fs::read_to_string(fixture("schools.jsonl")).unwrap();
    let line1 = line1.lines().next().unwrap();
    let byte = line1.find("\"港北区").unwrap();
    assert_eq!(
        json.records[0].columns[1],
        line1[..byte].chars().count() as u32 + 1
    );
}

#[test]
fn workbook_positions_are_sheet_row_and_column() {
    let got = read(&fixture("schools.xlsx"));
    assert_eq!(
        got.result.file.sheets,
        vec!["说明".to_string(), "学校".to_string()]
    );
    let lines: Vec<(u32, u32)> = got.records.iter().map(|r| (r.sheet, r.line)).collect();
    assert_eq!(lines, vec![(1, 3), (1, 4), (1, 5)]);
    // The table starts in column B.
    assert_eq!(&got.records[0].columns[..3], &[2, 3, 4]);
    assert!(Path::new(&fixture("schools.xlsx")).exists());
}
