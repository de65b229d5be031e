//! Runs of one key, the chunk's key numbers and the "same as before"
//! masks against writing every record's key ([`super::super::group_key`]).

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::eval::expr::{Env, Fields};
use crate::eval::group_key;
use crate::value::{Date, OwnedValue};

/// A cell of a `per` field: texts (short, 8–16 bytes, longer), numbers
/// (±0, NaN), enums, bools, dates, or missing.
fn cell() -> impl Strategy<Value = Option<OwnedValue>> {
    prop_oneof![
        Just(None),
        prop::sample::select(vec![
            "港北区",
            "港南区",
            "",
            "a",
            "abcdefgh",
            "abcdefgi",
            "港北区港北区a",
            "港北区港北区b"
        ])
        .prop_map(|t| Some(OwnedValue::Text(t.into()))),
        prop::sample::select(vec![0.0, -0.0, 1.0, f64::NAN]).prop_map(|n| Some(OwnedValue::Num(n))),
        (0u32..3).prop_map(|e| Some(OwnedValue::Enum(e))),
        any::<bool>().prop_map(|b| Some(OwnedValue::Bool(b))),
        (0i32..2).prop_map(|d| Some(OwnedValue::Date(Date(d)))),
    ]
}

fn record(cells: &[Option<OwnedValue>]) -> Record {
    let mut record = Record::default();
    record.reset(cells.len());
    for (i, value) in cells.iter().enumerate() {
        record.cells[i] = match value {
            None => Cell::Missing,
            Some(OwnedValue::Text(t)) => record.push_text(t),
            Some(OwnedValue::Num(n)) => Cell::Num(*n),
            Some(OwnedValue::Enum(e)) => Cell::Enum(*e),
            Some(OwnedValue::Bool(b)) => Cell::Bool(*b),
            Some(OwnedValue::Date(d)) => Cell::Date(*d),
            Some(OwnedValue::Missing) => Cell::Missing,
        };
    }
    record
}

fn key_of(per: &[u32], record: &Record) -> Option<String> {
    let env = Env {
        fields: Fields::Record(record),
        lets: &[],
        aggs: &[],
    };
    let mut key = String::new();
    group_key(per, &env, &mut key).then_some(key)
}

fn bit(m: &Mask, n: usize) -> bool {
    m[n / 64] >> (n % 64) & 1 == 1
}

/// Records of the runs `rows` gives, with a few copies of each row so
/// that runs are long.
fn records_of(rows: &[(Vec<Option<OwnedValue>>, usize)]) -> Vec<Record> {
    let mut records = Vec::new();
    for (row, copies) in rows {
        for _ in 0..*copies {
            records.push(record(row));
        }
    }
    records.truncate(column::CAPACITY);
    records
}

fn rows() -> impl Strategy<Value = Vec<(Vec<Option<OwnedValue>>, usize)>> {
    prop::collection::vec((prop::collection::vec(cell(), 3), 1usize..5), 1..80)
}

proptest! {
    /// A record is marked "same as before" only when its cell writes the
    /// key text of the record before's, both present.
    #[test]
    fn same_as_before_means_the_same_key_text(rows in rows(), f in 0u32..3) {
        let records = records_of(&rows);
        let mask = same_as_before(&records, f);
        prop_assert!(!bit(&mask, 0));
        for n in 1..records.len() {
            if bit(&mask, n) {
                let here = key_of(&[f], &records[n]);
                prop_assert!(here.is_some());
                prop_assert_eq!(here, key_of(&[f], &records[n - 1]));
            }
        }
        // Copies of one present row are always found equal (except NaN
        // keys, which compare by bits and are copied bit for bit too).
        let mut n = 0;
        for (row, copies) in &rows {
            for k in 0..*copies {
                if n < records.len() && k > 0 && row[f as usize].is_some() {
                    prop_assert!(bit(&mask, n), "copy {} of row at {}", k, n);
                }
                n += 1;
            }
        }
    }

    /// Runs cover exactly the wanted records with a key, each numbered
    /// as writing and numbering every record's key does; each number's
    /// text and values are the key's and the group's.
    #[test]
    fn key_runs_number_as_writing_every_key(
        rows in rows(),
        per in prop::sample::select(vec![vec![0u32], vec![0, 1], vec![2, 0, 1]]),
        want_seed in any::<u64>(),
    ) {
        let records = records_of(&rows);
        let len = records.len();
        let mut as_before: Mask = std::array::from_fn(|_| u64::MAX);
        for &f in &per {
            as_before = column::and(&as_before, &same_as_before(&records, f));
        }
        // A pseudo-random set of wanted records.
        let want: Mask = std::array::from_fn(|w| want_seed.rotate_left(w as u32 * 7) ^ (w as u64));
        let mut runs = KeyRuns::default();
        // Twice: the second time over a dictionary that was used.
        for _ in 0..2 {
            runs.find(&per, &records, &as_before, &want);
            let mut ids: HashMap<String, u32> = HashMap::new();
            let mut covered = [0u64; WORDS];
            let mut last_end = 0;
            for &(first, end, id) in &runs.runs {
                prop_assert!(first >= last_end && first < end && end <= len);
                last_end = end;
                prop_assert!(column::count_in(&want, first, end) > 0);
                for n in first..end {
                    covered[n / 64] |= 1 << (n % 64);
                    let key = key_of(&per, &records[n]);
                    prop_assert!(key.is_some());
                    let key = key.unwrap_or_default();
                    let next = ids.len() as u32;
                    prop_assert_eq!(*ids.entry(key.clone()).or_insert(next), id);
                    let (text, values) = runs.dict.key(id);
                    prop_assert_eq!(text, key.as_str());
                    let part = GroupPart { key: text, records: 0, skipped: 0, accs: &[], values };
                    let got: Vec<OwnedValue> = part.values().map(OwnedValue::from).collect();
                    let env = Env { fields: Fields::Record(&records[n]), lets: &[], aggs: &[] };
                    let want_values: Vec<OwnedValue> =
                        per.iter().map(|&f| env.field(f).into()).collect();
                    prop_assert_eq!(format!("{got:?}"), format!("{want_values:?}"));
                }
            }
            prop_assert_eq!(covered, runs.keyed);
            // Every wanted record with a key is in a run.
            for (n, record) in records.iter().enumerate() {
                if bit(&want, n) && key_of(&per, record).is_some() {
                    prop_assert!(bit(&covered, n), "record {} left out", n);
                }
            }
        }
    }
}

/// Byte strings of every length up to 20 that differ in one byte (or in
/// length) are told apart, equal ones are not.
#[test]
fn same_bytes_compares_every_byte() {
    for len in 0..20usize {
        let x: Vec<u8> = (0..len as u8).collect();
        assert!(same_bytes(&x, &x.clone()));
        assert!(!same_bytes(&x, &x[..len.saturating_sub(1)]) || len == 0);
        for at in 0..len {
            let mut y = x.clone();
            y[at] ^= 0x80;
            assert!(!same_bytes(&x, &y), "{len} bytes, differing at {at}");
        }
    }
}

/// A chunk of 1,024 distinct keys (one run each) numbers them all.
#[test]
fn a_chunk_of_distinct_keys_numbers_every_one() {
    let records: Vec<Record> = (0..column::CAPACITY)
        .map(|i| record(&[Some(OwnedValue::Text(format!("k{i}")))]))
        .collect();
    let mut runs = KeyRuns::default();
    let as_before = same_as_before(&records, 0);
    runs.find(&[0], &records, &as_before, &[u64::MAX; WORDS]);
    assert_eq!(runs.runs.len(), column::CAPACITY);
    for (i, &(first, end, id)) in runs.runs.iter().enumerate() {
        assert_eq!((first, end, id as usize), (i, i + 1, i));
        assert_eq!(runs.dict.key(id).0, format!("k{i}"));
    }
}
