//! Every spelling DATA.md's value table accepts, and the ones it rejects
//! with the diagnostic they must give.

mod common;

use dudao::data::read_cell;
use dudao::model::Type;
use dudao::value::{Date, Dim, Value};

const RATE: Type = Type::Quantity(Dim::Rate);
const AREA: Type = Type::Quantity(Dim::Area);
const MONEY: Type = Type::Quantity(Dim::Money);
const STAGE: Type = Type::Enum(0);

fn num(n: f64) -> Value<'static> {
    Value::Num(n)
}

fn date(y: i32, m: u32, d: u32) -> Value<'static> {
    Value::Date(Date::from_ymd(y, m, d).unwrap())
}

#[test]
fn accepted_spellings() {
    let pack = common::pack();
    let cases: Vec<(&str, Type, Value)> = vec![
        // missing markers, for every type
        ("", Type::Int, Value::Missing),
        ("  ", Type::Text, Value::Missing),
        ("-", Type::Int, Value::Missing),
        ("--", Type::Date, Value::Missing),
        ("—", Type::Bool, Value::Missing),
        ("/", RATE, Value::Missing),
        ("N/A", STAGE, Value::Missing),
        ("NA", Type::Percent, Value::Missing),
        ("null", Type::Number, Value::Missing),
        (" NULL ", Type::Text, Value::Missing),
        // text: kept as written, trimmed
        ("  第一小学 ", Type::Text, Value::Text("第一小学")),
        ("12人", Type::Text, Value::Text("12人")),
        // int
        ("1200", Type::Int, num(1200.0)),
        ("1,200", Type::Int, num(1200.0)),
        ("1,234,567", Type::Int, num(1234567.0)),
        ("１２", Type::Int, num(12.0)),
        ("35.0", Type::Int, num(35.0)),
        ("35.00", Type::Int, num(35.0)),
        ("-5", Type::Int, num(-5.0)),
        ("+7", Type::Int, num(7.0)),
        ("0", Type::Int, num(0.0)),
        (" 42 ", Type::Int, num(42.0)),
        // number
        ("12.5", Type::Number, num(12.5)),
        ("1,200.75", Type::Number, num(1200.75)),
        ("1.5e3", Type::Number, num(1500.0)),
        ("2E-2", Type::Number, num(0.02)),
        ("-0.5", Type::Number, num(-0.5)),
        ("１２.５", Type::Number, num(12.5)),
        (".5", Type::Number, num(0.5)),
        // percent
        ("85%", Type::Percent, num(0.85)),
        ("85 %", Type::Percent, num(0.85)),
        ("８５％", Type::Percent, num(0.85)),
        ("0.85", Type::Percent, num(0.85)),
        ("0", Type::Percent, num(0.0)),
        ("1", Type::Percent, num(1.0)),
        ("100%", Type::Percent, num(1.0)),
        ("12.5%", Type::Percent, num(0.125)),
        // bool
        ("true", Type::Bool, Value::Bool(true)),
        ("FALSE", Type::Bool, Value::Bool(false)),
        ("Yes", Type::Bool, Value::Bool(true)),
        ("no", Type::Bool, Value::Bool(false)),
        ("Y", Type::Bool, Value::Bool(true)),
        ("n", Type::Bool, Value::Bool(false)),
        ("1", Type::Bool, Value::Bool(true)),
        ("0", Type::Bool, Value::Bool(false)),
        ("是", Type::Bool, Value::Bool(true)),
        ("否", Type::Bool, Value::Bool(false)),
        ("有", Type::Bool, Value::Bool(true)),
        ("无", Type::Bool, Value::Bool(false)),
        ("√", Type::Bool, Value::Bool(true)),
        ("×", Type::Bool, Value::Bool(false)),
        ("✓", Type::Bool, Value::Bool(true)),
        ("✗", Type::Bool, Value::Bool(false)),
        // date
        ("2020-09-01", Type::Date, date(2020, 9, 1)),
        ("2020/9/1", Type::Date, date(2020, 9, 1)),
        ("2020.9.1", Type::Date, date(2020, 9, 1)),
        ("2020年9月1日", Type::Date, date(2020, 9, 1)),
        ("2020-9-01", Type::Date, date(2020, 9, 1)),
        ("2020/09/01", Type::Date, date(2020, 9, 1)),
        ("2020-02-29", Type::Date, date(2020, 2, 29)),
        // rate (Mbps)
        ("100", RATE, num(100.0)),
        ("1G", RATE, num(1000.0)),
        ("100 Mbps", RATE, num(100.0)),
        ("100Mbps", RATE, num(100.0)),
        ("100M", RATE, num(100.0)),
        ("100Mb", RATE, num(100.0)),
        ("1Gbps", RATE, num(1000.0)),
        ("1 Gb", RATE, num(1000.0)),
        ("500k", RATE, num(0.5)),
        ("500K", RATE, num(0.5)),
        ("500 kbps", RATE, num(0.5)),
        ("500Kb", RATE, num(0.5)),
        ("100兆", RATE, num(100.0)),
        ("100 兆", RATE, num(100.0)),
        ("百兆", RATE, num(100.0)),
        ("千兆", RATE, num(1000.0)),
        ("万兆", RATE, num(10000.0)),
        ("1,000", RATE, num(1000.0)),
        // area (m²)
        ("1200", AREA, num(1200.0)),
        ("1200㎡", AREA, num(1200.0)),
        ("1200 m2", AREA, num(1200.0)),
        ("1200m²", AREA, num(1200.0)),
        ("1,200 平方米", AREA, num(1200.0)),
        ("12.5平方米", AREA, num(12.5)),
        // money (yuan)
        ("1200", MONEY, num(1200.0)),
        ("1200元", MONEY, num(1200.0)),
        ("1200 yuan", MONEY, num(1200.0)),
        ("12万元", MONEY, num(120000.0)),
        ("12万", MONEY, num(120000.0)),
        ("1.5 万元", MONEY, num(15000.0)),
        // enum: name or any label, folded
        ("primary", STAGE, Value::Enum(0)),
        ("PRIMARY", STAGE, Value::Enum(0)),
        ("小学", STAGE, Value::Enum(0)),
        ("21", STAGE, Value::Enum(0)),
        ("２１", STAGE, Value::Enum(0)),
        (" 初中\u{3000}", STAGE, Value::Enum(1)),
        ("Junior", STAGE, Value::Enum(1)),
    ];
    let mut failures = Vec::new();
    for (text, ty, want) in &cases {
        match read_cell(text, *ty, &pack) {
            Ok(got) if got == *want => {}
            other => failures.push(format!("{text:?} as {ty:?}: want {want:?}, got {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rejected_spellings() {
    let pack = common::pack();
    let cases: Vec<(&str, Type, &str)> = vec![
        ("12人", Type::Int, "schema/type"),
        ("12.5", Type::Int, "schema/type"),
        ("1,20", Type::Int, "schema/type"),
        ("12,00", Type::Int, "schema/type"),
        ("1,2000", Type::Int, "schema/type"),
        (",100", Type::Int, "schema/type"),
        ("1e3", Type::Int, "schema/type"),
        ("abc", Type::Int, "schema/type"),
        ("35.", Type::Int, "schema/type"),
        ("--5", Type::Int, "schema/type"),
        ("inf", Type::Number, "schema/type"),
        ("NaN", Type::Number, "schema/type"),
        ("1.2.3", Type::Number, "schema/type"),
        ("1e", Type::Number, "schema/type"),
        ("12.5kg", Type::Number, "schema/type"),
        ("85", Type::Percent, "schema/type"),
        ("1.5", Type::Percent, "schema/type"),
        ("-0.1", Type::Percent, "schema/type"),
        ("85%%", Type::Percent, "schema/type"),
        ("high", Type::Percent, "schema/type"),
        ("maybe", Type::Bool, "schema/type"),
        ("2", Type::Bool, "schema/type"),
        ("对", Type::Bool, "schema/type"),
        ("2020-13-01", Type::Date, "schema/type"),
        ("2021-02-29", Type::Date, "schema/type"),
        ("2020-09-31", Type::Date, "schema/type"),
        ("2020/09-01", Type::Date, "schema/type"),
        ("20-09-01", Type::Date, "schema/type"),
        ("2020年9月", Type::Date, "schema/type"),
        ("yesterday", Type::Date, "schema/type"),
        ("100 MB", RATE, "schema/type"),
        ("100 Mbit", RATE, "schema/type"),
        ("1T", RATE, "schema/type"),
        ("fast", RATE, "schema/type"),
        ("十兆", RATE, "schema/type"),
        ("1200 亩", AREA, "schema/type"),
        ("1200 m3", AREA, "schema/type"),
        ("12 dollars", MONEY, "schema/type"),
        ("12亿", MONEY, "schema/type"),
        ("小学校", STAGE, "schema/enum"),
        ("高中", STAGE, "schema/enum"),
        ("11", STAGE, "schema/enum"),
    ];
    let mut failures = Vec::new();
    for (text, ty, id) in &cases {
        match read_cell(text, *ty, &pack) {
            Err(e) if e.id == *id => {
                assert!(e.message().contains(text.trim()), "{text}: {}", e.message());
                assert!(e.help.is_some(), "{text}: no help");
            }
            other => failures.push(format!("{text:?} as {ty:?}: want {id}, got {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn messages_say_what_is_wrong_and_how_to_fix_it() {
    let pack = common::pack();
    let e = read_cell("12人", Type::Int, &pack).unwrap_err();
    assert_eq!(e.message(), "cannot read \"12人\" as a whole number");
    assert_eq!(e.help.as_deref(), Some("write the number alone: 12"));
    let e = read_cell("85", Type::Percent, &pack).unwrap_err();
    assert_eq!(e.message(), "\"85\" is not a percentage");
    assert_eq!(e.help.as_deref(), Some("write 85% or 0.85"));
    let e = read_cell("小学校", STAGE, &pack).unwrap_err();
    assert_eq!(e.message(), "\"小学校\" is not a stage");
    let help = e.help.unwrap();
    assert!(help.contains("primary (小学, 21)"), "{help}");
    assert!(help.ends_with("did you mean `小学`?"), "{help}");
}
