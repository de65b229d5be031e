//! The value readers and the CSV/JSON readers never panic, whatever the
//! bytes.

mod common;

use dudao::data::read_cell;
use dudao::model::Type;
use dudao::value::Dim;
use proptest::prelude::*;

const TYPES: [Type; 10] = [
    Type::Text,
    Type::Int,
    Type::Number,
    Type::Percent,
    Type::Bool,
    Type::Date,
    Type::Quantity(Dim::Rate),
    Type::Quantity(Dim::Area),
    Type::Quantity(Dim::Money),
    Type::Enum(0),
];

/// Text made of the characters the readers care about.
fn cellish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just('0'),
            Just('9'),
            Just('１'),
            Just(','),
            Just('.'),
            Just('-'),
            Just('+'),
            Just('e'),
            Just('%'),
            Just('％'),
            Just('年'),
            Just('月'),
            Just('日'),
            Just('/'),
            Just('万'),
            Just('元'),
            Just('兆'),
            Just('M'),
            Just('G'),
            Just('k'),
            Just('b'),
            Just('㎡'),
            Just(' '),
            Just('\u{3000}'),
            Just('"'),
            Just('\n'),
            any::<char>(),
        ],
        0..24,
    )
    .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn value_readers_never_panic(text in cellish(), t in 0..TYPES.len()) {
        let pack = common::pack();
        match read_cell(&text, TYPES[t], &pack) {
            Ok(_) => {}
            Err(e) => prop_assert!(e.id == "schema/type" || e.id == "schema/enum"),
        }
    }

    #[test]
    fn csv_reader_never_panics(body in proptest::collection::vec(any::<u8>(), 0..400), utf8 in cellish()) {
        let mut bytes = "学校标识码,学校名称,学段,在校生数\n".as_bytes().to_vec();
        bytes.extend_from_slice(utf8.as_bytes());
        bytes.extend_from_slice(&body);
        let (_d, path) = common::temp_file("p.csv", &bytes);
        let got = common::read(&path);
        for f in &got.findings {
            prop_assert!(f.location.is_some());
        }
        prop_assert_eq!(got.records.len() as u64, got.result.file.records);
        let (_d, path) = common::temp_file("p.csv", &body);
        let got = common::read(&path);
        prop_assert_eq!(got.records.len() as u64, got.result.file.records);
    }

    #[test]
    fn json_readers_never_panic(body in proptest::collection::vec(any::<u8>(), 0..300), text in cellish()) {
        for name in ["p.json", "p.jsonl"] {
            let mut bytes = format!("[{{\"学校标识码\": \"{text}\"}},").into_bytes();
            bytes.extend_from_slice(&body);
            for bytes in [&bytes, &body] {
                let (_d, path) = common::temp_file(name, bytes);
                let got = common::read(&path);
                prop_assert_eq!(got.records.len() as u64, got.result.file.records);
                prop_assert!(got.findings.iter().all(|f| f.location.is_some()));
            }
        }
    }
}
