//! Conditions decided a chunk at a time against the same conditions
//! decided record by record ([`Bool::eval`], [`TypeCode::decide`]), which
//! the compiled-code tests hold to the tree walker.

use proptest::prelude::*;

use super::*;
use crate::compile::code::bool as compile_bool;
use crate::eval::code::Decided;
use crate::eval::code::tests::{bool_expr, no_lets, pack, record};
use crate::eval::expr::{Env, Fields, eval};
use crate::value::Value;

/// Every condition of `code`, decided for `records` a chunk at a time, is
/// what deciding each record alone gives; and the same with every table
/// looked up record by record instead of decided by masks.
pub(crate) fn assert_chunk_decides_as_records(code: &TypeCode, records: &[Record]) {
    let mut looked_up = code.clone();
    for t in &mut looked_up.tables {
        t.by_masks = false;
    }
    for code in [code, &looked_up] {
        assert_decided_as_records(code, records);
    }
}

/// [`assert_chunk_decides_as_records`] for one way of deciding the tables.
fn assert_decided_as_records(code: &TypeCode, records: &[Record]) {
    let mut chunk = ChunkConds::default();
    chunk.decide(code, records);
    let mut decided = Decided::default();
    for (n, r) in records.iter().enumerate() {
        code.decide(r, &mut decided);
        for (i, col) in chunk.cols.iter().enumerate() {
            assert_eq!(
                col.get(n),
                decided.get(i as u32),
                "condition {i} {:?}, record {n} {:?}",
                code.conds[i],
                r.cells
            );
        }
    }
    assert_eq!(count(&chunk.valid), records.len() as u64);
    // A table's condition read record by record (through the rows) is its
    // column, whichever way the table was decided.
    let records = &records[..records.len().min(CAPACITY)];
    for t in &code.tables {
        for &i in &t.conds {
            let c = Bool::Decided(i);
            assert_eq!(
                chunk.one_by_one(&c, records, &chunk.valid),
                chunk.cols[i as usize]
            );
        }
    }
}

#[test]
fn transposing_moves_bit_c_of_row_k_to_bit_k_of_row_c() {
    let mut a = [0u64; 64];
    for (k, row) in a.iter_mut().enumerate() {
        *row = (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (1 << (k % 64));
    }
    let mut b = a.map(|row| !row.rotate_left(7));
    let (before_a, before_b) = (a, b);
    transpose(&mut a, &mut b);
    for (before, after) in [(before_a, a), (before_b, b)] {
        for (k, row) in before.iter().enumerate() {
            for (c, column) in after.iter().enumerate() {
                assert_eq!(row >> c & 1, column >> k & 1, "row {k}, bit {c}");
            }
        }
    }
}

#[test]
fn masks_list_their_records_in_order() {
    let mut m = [0u64; 16];
    m[0] = 0b1001;
    m[3] = 1 << 63;
    m[15] = 1;
    assert_eq!(records(&m).collect::<Vec<_>>(), vec![0, 3, 255, 960]);
    assert_eq!(count(&m), 4);
    assert!(!is_empty(&m) && is_empty(&[0; 16]));
}

#[test]
fn ranges_of_a_mask_count_and_list_their_records() {
    let mut m = [0u64; 16];
    for n in [0, 5, 63, 64, 65, 127, 128, 700, 1023] {
        m[n / 64] |= 1 << (n % 64);
    }
    for (first, end) in [
        (0, 1024),
        (0, 0),
        (5, 6),
        (6, 63),
        (5, 129),
        (64, 128),
        (700, 1024),
        (1000, 1024),
        (9, 3),
    ] {
        let want: Vec<usize> = records(&m).filter(|n| (first..end).contains(n)).collect();
        assert_eq!(
            records_in(&m, first, end).collect::<Vec<_>>(),
            want,
            "{first}..{end}"
        );
        assert_eq!(
            count_in(&m, first, end),
            want.len() as u64,
            "{first}..{end}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A compiled condition over a chunk (more than one word of records)
    /// gives each wanted record what [`Bool::eval`] and the tree walker give
    /// it, and leaves the other records clear.
    #[test]
    fn conditions_over_a_chunk_decide_as_record_by_record(
        e in bool_expr(3),
        records in prop::collection::vec(record(), 1..140),
        seed in any::<u64>(),
    ) {
        let e = no_lets(e);
        let c = compile_bool(&e);
        let chunk = ChunkConds::default();
        let mut want = [0u64; 16];
        for (n, _) in records.iter().enumerate() {
            // About three records in four, from the seed.
            let bit = seed.rotate_left(n as u32 * 7) & 3 != 0;
            want[n / 64] |= u64::from(bit) << (n % 64);
        }
        let bits = chunk.eval(&c, &records, &want);
        for (n, r) in records.iter().enumerate() {
            let wanted = want[n / 64] >> (n % 64) & 1 == 1;
            let expect = if wanted { c.eval(&Cx::new(r)) } else { None };
            prop_assert_eq!(bits.get(n), expect, "{:?} record {} {:?}", c, n, r.cells);
            // And the tree walker's value, to which `Bool::eval` is held.
            let env = Env { fields: Fields::Record(r), lets: &[], aggs: &[] };
            let walked = match eval(&e, &env) { Value::Bool(b) if wanted => Some(b), _ => None };
            prop_assert_eq!(bits.get(n), walked);
        }
        for ((yes, known), want) in bits.yes.iter().zip(&bits.known).zip(&want) {
            prop_assert_eq!(yes & !known, 0);
            prop_assert_eq!(known & !want, 0);
        }
    }

    /// A record type's conditions (rules' and aggregates' `where`s, with
    /// tables and parts decided first) over a chunk are what deciding each
    /// record alone gives.
    #[test]
    fn chunk_conditions_decide_as_each_record_alone(
        filter in bool_expr(2),
        other in bool_expr(2),
        agg_filter in bool_expr(2),
        records in prop::collection::vec(record(), 1..140),
    ) {
        let mut pack = pack();
        let (r, g) = (pack.rule("R-001").unwrap_or(0) as u32, pack.rule("G-001").unwrap_or(1) as u32);
        pack.rules[r as usize].filter = Some(no_lets(filter));
        pack.rules[g as usize].filter = Some(no_lets(other));
        pack.rules[g as usize].aggregates[0].filter = Some(no_lets(agg_filter));
        let code = TypeCode::new(&pack, &[r], &[g]);
        assert_chunk_decides_as_records(&code, &records);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Comparisons of a field, a constant, or a field and a constant joined
    /// by `+ - * /` (either side first) — the shapes decided in one pass per
    /// record — give each wanted record what [`Bool::eval`] gives it, for
    /// every operator.
    #[test]
    fn simple_number_comparisons_decide_as_record_by_record(
        records in prop::collection::vec(record(), 1..140),
        c in prop::sample::select(vec![0.0, -0.0, 2.5, -3.0, 1e308, f64::INFINITY, f64::NAN]),
        seed in any::<u64>(),
    ) {
        let chunk = ChunkConds::default();
        let mut want = [0u64; 16];
        for n in 0..records.len() {
            let bit = seed.rotate_left(n as u32 * 5) & 3 != 0;
            want[n / 64] |= u64::from(bit) << (n % 64);
        }
        let mut sides = vec![Num::Field(0), Num::Field(1), Num::Const(Some(c)), Num::Const(None)];
        for op in [BinOp::Add, BinOp::Sub, BinOp::Mul, BinOp::Div] {
            sides.push(Num::Chain(Box::new(Num::Const(Some(c))), vec![(op, Num::Field(1))]));
            sides.push(Num::Chain(Box::new(Num::Field(0)), vec![(op, Num::Const(Some(c)))]));
        }
        for op in [CompareOp::Eq, CompareOp::Ne, CompareOp::Lt, CompareOp::Le, CompareOp::Gt, CompareOp::Ge] {
            for lhs in &sides {
                for rhs in &sides {
                    let cond = Bool::CmpNum { op, lhs: Box::new(lhs.clone()), rhs: Box::new(rhs.clone()) };
                    let bits = chunk.eval(&cond, &records, &want);
                    for (n, r) in records.iter().enumerate() {
                        let wanted = want[n / 64] >> (n % 64) & 1 == 1;
                        let expect = if wanted { cond.eval(&Cx::new(r)) } else { None };
                        prop_assert_eq!(bits.get(n), expect, "{:?} record {} {:?}", cond, n, r.cells);
                    }
                }
            }
        }
    }
}
