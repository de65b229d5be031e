//! Compiled code against the tree walker: random typed expressions on
//! random records (proptest), and the shipped pack on the shipped fixtures.

use proptest::prelude::*;

use super::*;
use crate::compile::code::{bool as compile_bool, num as compile_num, val as compile_val};
use crate::eval::expr::{Env, Fields, eval};
use crate::eval::{Verdict, record_verdict};
use crate::model::{Let, Pack, ScalarFn, TExpr, TExprKind, Type};
use crate::source::Span;
use crate::syntax::ast::{BinOp, CompareOp};
use crate::value::{Date, OwnedValue};

/// Enums `color` (3 variants) and `big` (70, more than a word of bits), a
/// record type with a field of each kind, a record rule and a group rule
/// whose expressions the tests replace.
pub(crate) fn pack() -> Pack {
    pack_with(
        "rule R-001 \"r\" {\n  for r\n  require a > 0\n}\n\
         rule G-001 \"g\" {\n  for r per c\n  let s = sum(a where q)\n  require s > 0\n}\n",
    )
}

/// The enums and record type of [`pack`], with `rules`.
pub(crate) fn pack_with(rules: &str) -> Pack {
    let big: Vec<String> = (0..70).map(|i| format!("v{i}")).collect();
    let text = format!(
        "enum color {{ red, green, blue }}\n\
         enum big {{ {} }}\n\
         record r {{\n  a: number\n  b: int\n  p: bool\n  c: color\n  t: text\n  d: date\n  q: bool\n  w: big\n}}\n\
         {rules}",
        big.join(", ")
    );
    match crate::check::load_sources(vec![("p.dudao".into(), text)]) {
        Ok(pack) => pack,
        Err(e) => panic!("{}", crate::check::render_errors(&e, false)),
    }
}

const A: u32 = 0;
const B: u32 = 1;
const P: u32 = 2;
const C: u32 = 3;
const T: u32 = 4;
const D: u32 = 5;
const Q: u32 = 6;
const W: u32 = 7;
const COLOR: Type = Type::Enum(0);
const BIG: Type = Type::Enum(1);

fn te(kind: TExprKind, ty: Type) -> TExpr {
    TExpr {
        kind,
        ty,
        span: Span::default(),
    }
}

fn lit(v: OwnedValue, ty: Type) -> TExpr {
    te(TExprKind::Lit(v), ty)
}

fn field(f: u32, ty: Type) -> TExpr {
    te(TExprKind::Field(f), ty)
}

fn number() -> BoxedStrategy<f64> {
    prop_oneof![
        Just(0.0),
        Just(-0.0),
        Just(1.0),
        (-3i32..60).prop_map(f64::from),
        Just(0.5),
        Just(1e308),
    ]
    .boxed()
}

/// A number expression, `depth` levels deep at most.
fn num_expr(depth: u32) -> BoxedStrategy<TExpr> {
    let leaf = prop_oneof![
        number().prop_map(|n| lit(OwnedValue::Num(n), Type::Number)),
        Just(lit(OwnedValue::Missing, Type::Number)),
        Just(field(A, Type::Number)),
        Just(field(B, Type::Int)),
        Just(te(TExprKind::Let(0), Type::Number)),
        Just(te(TExprKind::Agg(0), Type::Number)),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    let sub = num_expr(depth - 1);
    let op = prop_oneof![
        Just(BinOp::Add),
        Just(BinOp::Sub),
        Just(BinOp::Mul),
        Just(BinOp::Div),
        Just(BinOp::Coalesce),
    ];
    prop_oneof![
        2 => leaf,
        2 => (sub.clone(), prop::collection::vec((op, sub.clone()), 1..4)).prop_map(|(f, rest)| te(
            TExprKind::Chain {
                first: Box::new(f),
                rest
            },
            Type::Number
        )),
        1 => sub.clone().prop_map(|x| te(TExprKind::Neg(Box::new(x)), Type::Number)),
        1 => (bool_expr(depth - 1), sub.clone(), sub.clone()).prop_map(|(c, a, b)| te(
            TExprKind::If {
                cond: Box::new(c),
                then: Box::new(a),
                otherwise: Box::new(b)
            },
            Type::Number
        )),
        1 => sub.prop_map(|x| te(
            TExprKind::Call {
                func: ScalarFn::Abs,
                args: vec![x]
            },
            Type::Number
        )),
    ]
    .boxed()
}

fn compare_op() -> impl Strategy<Value = CompareOp> {
    prop_oneof![
        Just(CompareOp::Eq),
        Just(CompareOp::Ne),
        Just(CompareOp::Lt),
        Just(CompareOp::Le),
        Just(CompareOp::Gt),
        Just(CompareOp::Ge),
    ]
}

/// A value of a non-numeric, non-bool type: a field, a literal, missing.
fn other_expr() -> BoxedStrategy<TExpr> {
    prop_oneof![
        (0u32..3).prop_map(|v| (field(C, COLOR), lit(OwnedValue::Enum(v), COLOR))),
        (0u32..70).prop_map(|v| (field(W, BIG), lit(OwnedValue::Enum(v), BIG))),
        "[ab]{0,2}".prop_map(|s| (field(T, Type::Text), lit(OwnedValue::Text(s), Type::Text))),
        (0i32..3).prop_map(|d| (
            field(D, Type::Date),
            lit(OwnedValue::Date(Date(d)), Type::Date)
        )),
    ]
    .prop_flat_map(|(f, l)| {
        let ty = f.ty;
        prop_oneof![Just(f), Just(l), Just(lit(OwnedValue::Missing, ty))]
    })
    .boxed()
}

/// A condition, `depth` levels deep at most.
pub(crate) fn bool_expr(depth: u32) -> BoxedStrategy<TExpr> {
    let variants = |ty: Type, f: u32, n: u32| {
        (prop::collection::vec(0..n, 0..5), any::<bool>()).prop_map(move |(vs, negated)| {
            te(
                TExprKind::In {
                    lhs: Box::new(field(f, ty)),
                    items: vs
                        .into_iter()
                        .map(|v| lit(OwnedValue::Enum(v), ty))
                        .collect(),
                    negated,
                },
                Type::Bool,
            )
        })
    };
    let leaf = prop_oneof![
        any::<bool>().prop_map(|b| lit(OwnedValue::Bool(b), Type::Bool)),
        Just(lit(OwnedValue::Missing, Type::Bool)),
        Just(field(P, Type::Bool)),
        Just(field(Q, Type::Bool)),
        Just(te(TExprKind::Let(1), Type::Bool)),
        variants(COLOR, C, 3),
        variants(BIG, W, 70),
        (compare_op(), other_expr(), other_expr()).prop_filter_map("same type", |(op, l, r)| {
            (l.ty == r.ty).then(|| {
                te(
                    TExprKind::Compare {
                        op,
                        lhs: Box::new(l),
                        rhs: Box::new(r),
                    },
                    Type::Bool,
                )
            })
        }),
        (any::<bool>(), other_expr()).prop_map(|(present, x)| te(
            TExprKind::Call {
                func: if present {
                    ScalarFn::Present
                } else {
                    ScalarFn::Missing
                },
                args: vec![x]
            },
            Type::Bool
        )),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    let sub = bool_expr(depth - 1);
    let op = prop_oneof![Just(BinOp::And), Just(BinOp::Or), Just(BinOp::Coalesce)];
    prop_oneof![
        3 => leaf,
        2 => (sub.clone(), prop::collection::vec((op, sub.clone()), 1..4), any::<bool>()).prop_map(
            |(f, mut rest, same)| {
                if same {
                    let op = rest[0].0;
                    rest.iter_mut().for_each(|r| r.0 = op);
                }
                te(
                    TExprKind::Chain {
                        first: Box::new(f),
                        rest,
                    },
                    Type::Bool,
                )
            }
        ),
        1 => sub.clone().prop_map(|x| te(TExprKind::Not(Box::new(x)), Type::Bool)),
        2 => (compare_op(), num_expr(depth - 1), num_expr(depth - 1)).prop_map(|(op, l, r)| te(
            TExprKind::Compare {
                op,
                lhs: Box::new(l),
                rhs: Box::new(r)
            },
            Type::Bool
        )),
        1 => (sub.clone(), sub.clone(), sub).prop_map(|(c, a, b)| te(
            TExprKind::If {
                cond: Box::new(c),
                then: Box::new(a),
                otherwise: Box::new(b)
            },
            Type::Bool
        )),
    ]
    .boxed()
}

/// A record of the test type: each cell of its field's type, or missing.
pub(crate) fn record() -> impl Strategy<Value = Record> {
    let opt = |s: BoxedStrategy<Cell>| prop_oneof![1 => Just(Cell::Missing), 3 => s];
    (
        opt(number().prop_map(Cell::Num).boxed()),
        opt(number().prop_map(Cell::Num).boxed()),
        opt(any::<bool>().prop_map(Cell::Bool).boxed()),
        opt((0u32..3).prop_map(Cell::Enum).boxed()),
        prop::option::of("[ab]{0,2}"),
        opt((0i32..3).prop_map(|d| Cell::Date(Date(d))).boxed()),
        opt(any::<bool>().prop_map(Cell::Bool).boxed()),
        opt((0u32..70).prop_map(Cell::Enum).boxed()),
    )
        .prop_map(|(a, b, p, c, t, d, q, w)| {
            let mut r = Record::default();
            r.reset(8);
            let t = t.map_or(Cell::Missing, |t| r.push_text(&t));
            r.cells.copy_from_slice(&[a, b, p, c, t, d, q, w]);
            r
        })
}

/// `e` with every let replaced by a missing value. Recursion follows the
/// expression's nesting.
pub(crate) fn no_lets(mut e: TExpr) -> TExpr {
    let kind = std::mem::replace(&mut e.kind, TExprKind::Lit(OwnedValue::Missing));
    let boxed = |x: Box<TExpr>| Box::new(no_lets(*x));
    e.kind = match kind {
        TExprKind::Let(_) => TExprKind::Lit(OwnedValue::Missing),
        TExprKind::Chain { first, rest } => TExprKind::Chain {
            first: boxed(first),
            rest: rest.into_iter().map(|(op, x)| (op, no_lets(x))).collect(),
        },
        TExprKind::Compare { op, lhs, rhs } => TExprKind::Compare {
            op,
            lhs: boxed(lhs),
            rhs: boxed(rhs),
        },
        TExprKind::In {
            lhs,
            items,
            negated,
        } => TExprKind::In {
            lhs: boxed(lhs),
            items: items.into_iter().map(no_lets).collect(),
            negated,
        },
        TExprKind::Not(x) => TExprKind::Not(boxed(x)),
        TExprKind::Neg(x) => TExprKind::Neg(boxed(x)),
        TExprKind::If {
            cond,
            then,
            otherwise,
        } => TExprKind::If {
            cond: boxed(cond),
            then: boxed(then),
            otherwise: boxed(otherwise),
        },
        TExprKind::Call { func, args } => TExprKind::Call {
            func,
            args: args.into_iter().map(no_lets).collect(),
        },
        other => other,
    };
    e
}

/// A let's value as the tree walker gives it.
fn let_value(e: &TExpr, record: &Record, lets: &[Value<'_>]) -> OwnedValue {
    let env = Env {
        fields: Fields::Record(record),
        lets,
        aggs: &[],
    };
    eval(e, &env).into()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every expression compiles to code that gives the tree walker's value.
    #[test]
    fn compiled_expressions_evaluate_as_the_tree_walker(
        b in bool_expr(3),
        n in num_expr(3),
        let_num in prop_oneof![Just(Value::Missing), number().prop_map(Value::Num)],
        let_bool in prop_oneof![Just(Value::Missing), any::<bool>().prop_map(Value::Bool)],
        records in prop::collection::vec(record(), 1..6),
    ) {
        let lets = [let_num, let_bool];
        let (cb, cn, cv) = (compile_bool(&b), compile_num(&n), compile_val(&b));
        for record in &records {
            let env = Env { fields: Fields::Record(record), lets: &lets, aggs: &[] };
            let cx = Cx { lets: &lets, ..Cx::new(record) };
            let want = match eval(&b, &env) { Value::Bool(x) => Some(x), _ => None };
            prop_assert_eq!(cb.eval(&cx), want, "{:?}", cb);
            prop_assert_eq!(cv.eval(&cx), eval(&b, &env));
            let want = match eval(&n, &env) { Value::Num(x) => Some(x), _ => None };
            prop_assert_eq!(cn.eval(&cx).map(f64::to_bits), want.map(f64::to_bits), "{:?}", cn);
        }
    }

    /// A rule's `where`, lets, requirement and its aggregate's `where`,
    /// compiled with condition tables, decide what the tree walker decides.
    #[test]
    fn compiled_rules_decide_as_the_tree_walker(
        filter in bool_expr(2),
        agg_filter in bool_expr(2),
        let_num in num_expr(2),
        require in bool_expr(2),
        records in prop::collection::vec(record(), 1..6),
    ) {
        // `where` clauses read no lets, nor does the first let.
        let (filter, agg_filter, let_num) = (no_lets(filter), no_lets(agg_filter), no_lets(let_num));
        let mut pack = pack();
        let (r, g) = (pack.rule("R-001").unwrap_or(0) as u32, pack.rule("G-001").unwrap_or(1) as u32);
        {
            let rule = &mut pack.rules[r as usize];
            rule.filter = Some(filter.clone());
            rule.lets = vec![
                Let { name: "x".into(), value: let_num.clone(), span: Span::default() },
                Let { name: "y".into(), value: require.clone(), span: Span::default() },
            ];
            rule.require = require.clone();
        }
        pack.rules[g as usize].aggregates[0].filter = Some(agg_filter.clone());
        let code = TypeCode::new(&pack, &[r], &[g]);
        let mut decided = Decided::default();
        for record in &records {
            code.decide(record, &mut decided);
            let env = Env { fields: Fields::Record(record), lets: &[], aggs: &[] };
            let holds = |e: &TExpr| match eval(e, &env) { Value::Bool(x) => Some(x), _ => None };
            let agg = &code.group[0].aggs[0];
            prop_assert_eq!(agg.filter.map(|c| decided.get(c)), Some(holds(&agg_filter)));
            let mut lets = Vec::new();
            let verdict = record_verdict(&code, record, &mut lets);
            let want = match holds(&filter) {
                Some(false) => Verdict::Excluded,
                None => Verdict::Skipped,
                Some(true) => {
                    let x = let_value(&let_num, record, &[]);
                    prop_assert_eq!(lets.first().map(|&v| OwnedValue::from(v)), Some(x.clone()));
                    let both = [x.as_value(), Value::Missing];
                    let y = let_value(&require, record, &both[..1]);
                    prop_assert_eq!(lets.get(1).map(|&v| OwnedValue::from(v)), Some(y));
                    let env = Env { fields: Fields::Record(record), lets: &lets, aggs: &[] };
                    match eval(&require, &env) {
                        Value::Bool(true) => Verdict::Pass,
                        Value::Bool(false) => Verdict::Fail,
                        _ => Verdict::Missing,
                    }
                }
            };
            prop_assert_eq!(verdict, want);
        }
    }
}

/// Every condition of the shipped pack (rules' and aggregates' `where`),
/// decided through the tables for every record of the shipped fixtures
/// (which have missing and odd cells), against the tree walker.
#[test]
fn shipped_conditions_decide_as_the_tree_walker() {
    use crate::data::{self, Uniques};
    let pack = crate::builtin::guigang().expect("the shipped pack loads");
    let plan = crate::compile::Plan::new(&pack, &Default::default(), Date(0));
    let mut uniques = Uniques::new(&pack);
    let (mut records, mut missing) = (0, 0);
    for path in [
        "fixtures/guigang/schools.csv",
        "fixtures/guigang/counties.csv",
    ] {
        data::read_file(
            0,
            path,
            &pack,
            &Default::default(),
            &mut uniques,
            None,
            &mut |_, batch| {
                let code = &plan.by_type[batch.record_type as usize].code;
                assert!(!code.tables.is_empty());
                for chunk in batch.records[..batch.len].chunks(1024) {
                    crate::eval::column::tests::assert_chunk_decides_as_records(code, chunk);
                }
                let mut decided = Decided::default();
                for record in &batch.records[..batch.len] {
                    records += 1;
                    code.decide(record, &mut decided);
                    let env = Env {
                        fields: Fields::Record(record),
                        lets: &[],
                        aggs: &[],
                    };
                    let holds = |e: &TExpr| match eval(e, &env) {
                        Value::Bool(x) => Some(x),
                        _ => None,
                    };
                    for rc in &code.record {
                        let rule = &pack.rules[rc.rule as usize];
                        let got = rc.filter.map(|c| decided.get(c));
                        missing += usize::from(got == Some(None));
                        assert_eq!(got, rule.filter.as_ref().map(holds), "{}", rule.id);
                    }
                    for gc in &code.group {
                        let rule = &pack.rules[gc.rule as usize];
                        assert_eq!(
                            gc.filter.map(|c| decided.get(c)),
                            rule.filter.as_ref().map(holds)
                        );
                        for (a, agg) in gc.aggs.iter().zip(&rule.aggregates) {
                            let got = a.filter.map(|c| decided.get(c));
                            assert_eq!(got, agg.filter.as_ref().map(holds), "{}", rule.id);
                        }
                    }
                }
            },
        );
    }
    assert!(
        records > 1000 && missing > 0,
        "{records} records, {missing} missing"
    );
}

/// A condition whose enum and bool parts have too many combinations for one
/// table: each part is decided by a table of its own, before the condition
/// reads it (found by the proptest above).
#[test]
fn parts_with_too_many_combinations_for_one_table_are_each_decided_first() {
    let and = |parts: Vec<TExpr>| {
        let mut parts = parts.into_iter();
        let first = Box::new(parts.next().expect("a part"));
        let rest = parts.map(|p| (BinOp::And, p)).collect();
        te(TExprKind::Chain { first, rest }, Type::Bool)
    };
    let is = |f: u32, ty: Type, v: u32| {
        te(
            TExprKind::Compare {
                op: CompareOp::Eq,
                lhs: Box::new(field(f, ty)),
                rhs: Box::new(lit(OwnedValue::Enum(v), ty)),
            },
            Type::Bool,
        )
    };
    let positive = te(
        TExprKind::Compare {
            op: CompareOp::Gt,
            lhs: Box::new(field(A, Type::Number)),
            rhs: Box::new(lit(OwnedValue::Num(0.0), Type::Number)),
        },
        Type::Bool,
    );
    let filter = and(vec![
        is(C, COLOR, 1),
        is(W, BIG, 65),
        field(P, Type::Bool),
        field(Q, Type::Bool),
        positive,
    ]);
    let mut pack = pack();
    let r = pack.rule("R-001").expect("the rule") as u32;
    pack.rules[r as usize].filter = Some(filter.clone());
    let code = TypeCode::new(&pack, &[r], &[]);
    assert!(code.tables.len() >= 2, "{code:#?}");
    let mut decided = Decided::default();
    let mut record = Record::default();
    record.reset(8);
    for (c, w, p, q, a) in [
        (1, 65, true, true, 1.0),
        (1, 65, true, true, -1.0),
        (1, 64, true, true, 1.0),
        (0, 65, true, false, 1.0),
    ] {
        record.cells[C as usize] = Cell::Enum(c);
        record.cells[W as usize] = Cell::Enum(w);
        record.cells[P as usize] = Cell::Bool(p);
        record.cells[Q as usize] = Cell::Bool(q);
        record.cells[A as usize] = Cell::Num(a);
        code.decide(&record, &mut decided);
        let env = Env {
            fields: Fields::Record(&record),
            lets: &[],
            aggs: &[],
        };
        let want = match eval(&filter, &env) {
            Value::Bool(x) => Some(x),
            _ => None,
        };
        assert_eq!(code.record[0].filter.map(|c| decided.get(c)), Some(want));
    }
}

/// More than 64 conditions: the later ones are decided in further words,
/// by table and one by one, as the tree walker decides them.
#[test]
fn conditions_past_the_first_word_decide_as_the_tree_walker() {
    let mut text = String::from(
        "enum color { red, green, blue }\n\
         record r {\n  a: number\n  b: int\n  p: bool\n  c: color\n}\n",
    );
    // 60 conditions evaluated alone, then 10 for tables: conditions 60–63
    // in the first word, 64–69 in the second.
    let tabled = [
        "c == red and p",
        "c == green or p",
        "c != blue",
        "not p",
        "c in [red, blue]",
        "c == red or not p",
        "p == false and c != green",
        "c in [green] or c == blue",
        "p",
        "c == blue and not p",
    ];
    for i in 0..70 {
        let filter = match tabled.get(i.max(60) - 60) {
            Some(t) if i >= 60 => t.to_string(),
            _ => format!("b > {i} or c == blue"),
        };
        text.push_str(&format!(
            "rule R-{i:03} \"r\" {{\n  for r\n  where {filter}\n  require a > 0\n}}\n"
        ));
    }
    let pack = match crate::check::load_sources(vec![("p.dudao".into(), text)]) {
        Ok(pack) => pack,
        Err(e) => panic!("{}", crate::check::render_errors(&e, false)),
    };
    let rules: Vec<u32> = (0..pack.rules.len() as u32).collect();
    let code = TypeCode::new(&pack, &rules, &[]);
    assert!(
        code.conds.len() > 64 && !code.tables.is_empty(),
        "{code:#?}"
    );
    assert!(code.tables.iter().any(|t| t.word > 0), "{:?}", code.tables);
    let mut decided = Decided::default();
    let mut record = Record::default();
    let mut all = Vec::new();
    for (b, p, c) in [
        (0.0, true, 0),
        (40.0, false, 1),
        (80.0, true, 2),
        (3.0, false, 0),
    ] {
        record.reset(4);
        record.cells[1] = Cell::Num(b);
        record.cells[2] = Cell::Bool(p);
        record.cells[3] = Cell::Enum(c);
        for cells in [&record.cells[..], &[Cell::Missing; 4][..]] {
            let mut r = Record::default();
            r.reset(4);
            r.cells.copy_from_slice(cells);
            all.push(r.clone());
            code.decide(&r, &mut decided);
            let env = Env {
                fields: Fields::Record(&r),
                lets: &[],
                aggs: &[],
            };
            for rc in &code.record {
                let rule = &pack.rules[rc.rule as usize];
                let want = rule.filter.as_ref().map(|f| match eval(f, &env) {
                    Value::Bool(x) => Some(x),
                    _ => None,
                });
                assert_eq!(rc.filter.map(|c| decided.get(c)), want, "{}", rule.id);
            }
        }
    }
    crate::eval::column::tests::assert_chunk_decides_as_records(&code, &all);
}

/// `(p and …) or (q and …)` with p and q decided by table, settled
/// without a call where both are false, and the shapes around it, on every
/// combination of cells (missing included), as the tree walker decides them.
#[test]
fn ors_of_ands_with_tabled_parts_decide_as_the_tree_walker() {
    let mut text = String::from(
        "enum color { red, green, blue }\n\
         record r {\n  a: number\n  b: int\n  p: bool\n  c: color\n}\n",
    );
    let filters = [
        "(c == red and a > 1) or (c == blue and b < 3)",
        "(p and a > 0) or (c == green and a < 0) or (not p and b > 1)",
        "(c == red and a > 1) or b < 3",
        "b < 3 or (c == red and a > 1)",
        "(c == red or a > 1) and (c == blue or b < 3)",
        "(c != red and a > 1) or (p or b < 3)",
    ];
    for (i, filter) in filters.iter().enumerate() {
        text.push_str(&format!(
            "rule R-{i:03} \"r\" {{\n  for r\n  where {filter}\n  require a > 0\n}}\n"
        ));
    }
    let pack = match crate::check::load_sources(vec![("p.dudao".into(), text)]) {
        Ok(pack) => pack,
        Err(e) => panic!("{}", crate::check::render_errors(&e, false)),
    };
    let rules: Vec<u32> = (0..pack.rules.len() as u32).collect();
    let code = TypeCode::new(&pack, &rules, &[]);
    assert!(!code.tables.is_empty(), "{code:#?}");
    let mut decided = Decided::default();
    let cells = |values: &[Cell]| values.to_vec();
    let a = cells(&[
        Cell::Missing,
        Cell::Num(-1.0),
        Cell::Num(0.5),
        Cell::Num(2.0),
    ]);
    let b = cells(&[Cell::Missing, Cell::Num(1.0), Cell::Num(5.0)]);
    let p = cells(&[Cell::Missing, Cell::Bool(false), Cell::Bool(true)]);
    let c = cells(&[Cell::Missing, Cell::Enum(0), Cell::Enum(1), Cell::Enum(2)]);
    let mut checked = 0;
    for &ca in &a {
        for &cb in &b {
            for &cp in &p {
                for &cc in &c {
                    let mut r = Record::default();
                    r.reset(4);
                    r.cells.copy_from_slice(&[ca, cb, cp, cc]);
                    code.decide(&r, &mut decided);
                    let env = Env {
                        fields: Fields::Record(&r),
                        lets: &[],
                        aggs: &[],
                    };
                    for rc in &code.record {
                        let rule = &pack.rules[rc.rule as usize];
                        let want = rule.filter.as_ref().map(|f| match eval(f, &env) {
                            Value::Bool(x) => Some(x),
                            _ => None,
                        });
                        assert_eq!(
                            rc.filter.map(|c| decided.get(c)),
                            want,
                            "{} {:?}",
                            rule.id,
                            r.cells
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 4 * 3 * 3 * 4 * filters.len());
}
