//! Runs compiled code ([`crate::compile::code`]) on one record: the same
//! values the tree walker ([`super::expr::eval`]) gives, for a record whose
//! cells hold their fields' types, with fewer steps — conditions never
//! become a [`Value`], numbers are `Option<f64>`, cells are read straight
//! from the record.

use crate::compile::code::{Arg, Bool, CondTable, Num, TypeCode, Val, step, test, test_num};
use crate::syntax::ast::CompareOp;
use crate::value::{Cell, Record, Value};

use super::expr::{Env, Fields, cell_value, compare, eval};

/// What compiled code reads: a record, the rule's lets evaluated so far,
/// and the record's conditions decided so far ([`Decided`]'s words).
#[derive(Clone, Copy)]
pub struct Cx<'e, 'a> {
    pub record: &'a Record,
    pub lets: &'e [Value<'a>],
    pub decided: &'e [(u64, u64)],
}

impl<'e, 'a> Cx<'e, 'a> {
    /// Code over a record, with no lets.
    pub fn new(record: &'a Record) -> Cx<'e, 'a> {
        Cx {
            record,
            lets: &[],
            decided: &[],
        }
    }

    pub(crate) fn cell(&self, field: u32) -> Cell {
        self.record
            .cells
            .get(field as usize)
            .copied()
            .unwrap_or(Cell::Missing)
    }

    /// The tree walker's environment for the same record and lets.
    pub fn env(&self) -> Env<'e, 'a> {
        Env {
            fields: Fields::Record(self.record),
            lets: self.lets,
            aggs: &[],
        }
    }
}

/// What a record's conditions ([`TypeCode::conds`]) decided: one bit each
/// for "holds" and for "decided" (not missing), in words of 64 conditions.
#[derive(Clone, Debug, Default)]
pub struct Decided {
    /// (holds, decided) of conditions 64·w.. in word w.
    words: Vec<(u64, u64)>,
}

impl Decided {
    /// Condition `i`: `Some(true/false)`, or `None` when missing.
    #[inline]
    pub fn get(&self, i: u32) -> Option<bool> {
        decided_bit(&self.words, i)
    }
}

/// Condition `i` in words of decided bits: `Some(true/false)`, or `None`
/// when missing (or not decided at all).
#[inline]
pub fn decided_bit(words: &[(u64, u64)], i: u32) -> Option<bool> {
    let (yes, known) = words.get(i as usize / 64).copied().unwrap_or((0, 0));
    let bit = i % 64;
    (known >> bit & 1 == 1).then_some(yes >> bit & 1 == 1)
}

impl TypeCode {
    /// Words of decided bits a record needs: one per 64 conditions.
    pub fn words(&self) -> usize {
        self.conds.len().div_ceil(64)
    }

    /// Decides one record's table conditions into its words: one lookup
    /// per table.
    #[inline]
    pub fn decide_tables(&self, record: &Record, words: &mut [(u64, u64)]) {
        for t in &self.tables {
            let (yes, known) = t.lookup(record);
            if let Some(word) = words.get_mut(t.word as usize) {
                word.0 |= yes;
                word.1 |= known;
            }
        }
    }

    /// Decides every condition for one record into `out`: the tables
    /// first, then the others (which may read what the tables decided).
    pub fn decide(&self, record: &Record, out: &mut Decided) {
        out.words.clear();
        out.words.resize(self.words(), (0, 0));
        self.decide_tables(record, &mut out.words);
        for &i in &self.single {
            let Some(c) = self.conds.get(i as usize) else {
                continue;
            };
            // `p and …` where a table decided p false is false, `p or …`
            // where it decided p true is true, and `(p and …) or (q and …)`
            // where both p and q are false is false, without a call.
            let words = &out.words;
            let value = match (settled(c, words), c) {
                (Some(b), _) => Some(b),
                (None, Bool::Any(parts))
                    if parts.iter().all(|p| settled(p, words) == Some(false)) =>
                {
                    Some(false)
                }
                _ => c.eval(&Cx {
                    record,
                    lets: &[],
                    decided: words,
                }),
            };
            let bit = 1u64 << (i % 64);
            if let (Some(b), Some(word)) = (value, out.words.get_mut(i as usize / 64)) {
                word.1 |= bit;
                if b {
                    word.0 |= bit;
                }
            }
        }
    }
}

impl CondTable {
    /// The (holds, decided) bits of this table's conditions for a record.
    #[inline]
    pub fn lookup(&self, record: &Record) -> (u64, u64) {
        let (mut n, mut stride) = (0, 1);
        for &(f, size) in &self.fields {
            let cell = record.cells.get(f as usize).copied();
            let slot = CondTable::slot(cell.unwrap_or(Cell::Missing));
            n += if slot < size as usize { slot } else { 0 } * stride;
            stride *= size as usize;
        }
        self.entries.get(n).copied().unwrap_or((0, 0))
    }
}

/// What the tables decided of `c` without evaluating it: `p and …` is
/// false where p was decided false, `p or …` true where p was decided true;
/// `None` otherwise.
#[inline(always)]
fn settled(c: &Bool, words: &[(u64, u64)]) -> Option<bool> {
    match c {
        Bool::All(parts) => match parts.first() {
            Some(Bool::Decided(j)) => decided_bit(words, *j).filter(|b| !b),
            _ => None,
        },
        Bool::Any(parts) => match parts.first() {
            Some(Bool::Decided(j)) => decided_bit(words, *j).filter(|b| *b),
            _ => None,
        },
        _ => None,
    }
}

impl Bool {
    /// The condition on a record, without lets.
    pub fn decide(&self, record: &Record) -> Option<bool> {
        self.eval(&Cx::new(record))
    }

    /// `Some(true/false)`, or `None` when missing. The commonest parts —
    /// a bool field, a set of variants, `field op constant` — are decided
    /// here, in line; the others by [`Bool::eval_node`].
    #[inline(always)]
    pub fn eval<'a>(&'a self, cx: &Cx<'_, 'a>) -> Option<bool> {
        match self {
            Bool::Variants {
                field,
                set,
                negated,
            } => match cx.cell(*field) {
                Cell::Enum(v) => {
                    let bit = if v < 64 { set >> v & 1 } else { 0 };
                    Some((bit == 1) != *negated)
                }
                _ => None,
            },
            Bool::Field(f) => match cx.cell(*f) {
                Cell::Bool(b) => Some(b),
                _ => None,
            },
            Bool::FieldCmp { field, op, value } => match cx.cell(*field) {
                Cell::Num(n) => test_num(*op, Some(n), Some(*value)),
                _ => None,
            },
            Bool::Const(c) => *c,
            Bool::Decided(i) => decided_bit(cx.decided, *i),
            Bool::All(parts) => all_of(parts, cx),
            Bool::Any(parts) => any_of(parts, cx),
            Bool::DateCmp { field, op, value } => match cx.cell(*field) {
                Cell::Date(d) => Some(test(*op, d.cmp(value))),
                _ => None,
            },
            Bool::CmpNum { op, lhs, rhs } => cmp_num(*op, lhs, rhs, cx),
            Bool::TextCmp { field, op, value } => text_cmp(*field, *op, value, cx),
            _ => self.eval_node(cx),
        }
    }

    /// [`Bool::eval`] of the other parts. Recursion follows the
    /// expression's nesting, which the parser bounds.
    #[inline(never)]
    fn eval_node<'a>(&'a self, cx: &Cx<'_, 'a>) -> Option<bool> {
        match self {
            Bool::Const(_)
            | Bool::Field(_)
            | Bool::Variants { .. }
            | Bool::FieldCmp { .. }
            | Bool::DateCmp { .. }
            | Bool::TextCmp { .. }
            | Bool::CmpNum { .. }
            | Bool::Decided(_) => self.eval(cx),
            Bool::Not(x) => x.eval(cx).map(|b| !b),
            Bool::All(parts) => all_of(parts, cx),
            Bool::Any(parts) => any_of(parts, cx),
            Bool::Coalesce(parts) => parts.iter().find_map(|p| p.eval(cx)),
            Bool::If(parts) => {
                let (cond, then, otherwise) = &**parts;
                match cond.eval(cx)? {
                    true => then.eval(cx),
                    false => otherwise.eval(cx),
                }
            }
            _ => self.eval_rare(cx),
        }
    }

    /// [`Bool::eval`] of the rarer parts, kept out of the loops above.
    #[inline(never)]
    fn eval_rare<'a>(&'a self, cx: &Cx<'_, 'a>) -> Option<bool> {
        match self {
            Bool::Let(i) => match cx.lets.get(*i as usize) {
                Some(Value::Bool(b)) => Some(*b),
                _ => None,
            },
            Bool::WideVariants {
                field,
                set,
                negated,
            } => match cx.cell(*field) {
                Cell::Enum(v) => {
                    let word = set.get(v as usize / 64).copied().unwrap_or(0);
                    Some((word >> (v % 64) & 1 == 1) != *negated)
                }
                _ => None,
            },
            Bool::Cmp { op, lhs, rhs } => match compare(*op, lhs.eval(cx), rhs.eval(cx)) {
                Value::Bool(b) => Some(b),
                _ => None,
            },
            Bool::Present(x, want) => Some(x.eval(cx).is_missing() != *want),
            Bool::Val(v) => match v.eval(cx) {
                Value::Bool(b) => Some(b),
                _ => None,
            },
            _ => self.eval_node(cx),
        }
    }
}

/// `lhs op rhs` on numbers: a small function of its own, cheaper to call
/// than [`Bool::eval_node`].
#[inline(never)]
fn cmp_num<'a>(op: CompareOp, lhs: &'a Num, rhs: &'a Num, cx: &Cx<'_, 'a>) -> Option<bool> {
    test_num(op, lhs.eval(cx), rhs.eval(cx))
}

/// `field op text`; `==` and `!=` compare lengths before bytes.
#[inline(never)]
fn text_cmp(field: u32, op: CompareOp, value: &str, cx: &Cx<'_, '_>) -> Option<bool> {
    text_holds(cx.record, cx.cell(field), op, value)
}

/// `cell op text` for a cell of `record`: missing unless the cell is a text.
#[inline]
pub(crate) fn text_holds(record: &Record, cell: Cell, op: CompareOp, value: &str) -> Option<bool> {
    match cell {
        Cell::Text(..) => {
            let text = record.text_of(cell);
            Some(match op {
                CompareOp::Eq => text == value,
                CompareOp::Ne => text != value,
                _ => test(op, text.cmp(value)),
            })
        }
        _ => None,
    }
}

/// `p and q and …`: false if any part is false, else missing if any is,
/// else true. A small function of its own, so that a chain of leaves costs
/// little more than its leaves.
#[inline(never)]
fn all_of<'a>(parts: &'a [Bool], cx: &Cx<'_, 'a>) -> Option<bool> {
    let mut missing = false;
    for p in parts {
        match p.eval(cx) {
            Some(true) => {}
            Some(false) => return Some(false),
            None => missing = true,
        }
    }
    (!missing).then_some(true)
}

/// `p or q or …`: true if any part is true, else missing if any is, else
/// false.
#[inline(never)]
fn any_of<'a>(parts: &'a [Bool], cx: &Cx<'_, 'a>) -> Option<bool> {
    let mut missing = false;
    for p in parts {
        match p.eval(cx) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => missing = true,
        }
    }
    (!missing).then_some(false)
}

impl Num {
    /// The number, or `None` when missing: a field or constant in line,
    /// the rest by [`Num::eval_node`].
    #[inline(always)]
    pub fn eval<'a>(&'a self, cx: &Cx<'_, 'a>) -> Option<f64> {
        match self {
            Num::Field(f) => match cx.cell(*f) {
                Cell::Num(n) => Some(n),
                _ => None,
            },
            Num::Const(c) => *c,
            _ => self.eval_node(cx),
        }
    }

    /// [`Num::eval`] of the other parts.
    #[inline(never)]
    fn eval_node<'a>(&'a self, cx: &Cx<'_, 'a>) -> Option<f64> {
        match self {
            Num::Const(_) | Num::Field(_) => self.eval(cx),
            Num::Let(i) => match cx.lets.get(*i as usize) {
                Some(Value::Num(n)) => Some(*n),
                _ => None,
            },
            Num::Chain(first, rest) => {
                let mut acc = first.eval(cx);
                for (op, x) in rest {
                    acc = step(*op, acc, || x.eval(cx));
                }
                acc
            }
            Num::Neg(x) => x.eval(cx).map(|n| -n),
            Num::If(parts) => {
                let (cond, then, otherwise) = &**parts;
                match cond.eval(cx)? {
                    true => then.eval(cx),
                    false => otherwise.eval(cx),
                }
            }
            Num::Val(v) => match v.eval(cx) {
                Value::Num(n) => Some(n),
                _ => None,
            },
        }
    }
}

impl Val {
    /// The value.
    pub fn eval<'a>(&'a self, cx: &Cx<'_, 'a>) -> Value<'a> {
        match self {
            Val::Const(v) => v.as_value(),
            Val::Field(f) => cell_value(cx.record, cx.cell(*f)),
            Val::Let(i) => cx.lets.get(*i as usize).copied().unwrap_or(Value::Missing),
            Val::Bool(b) => b.eval(cx).map_or(Value::Missing, Value::Bool),
            Val::Num(n) => n.eval(cx).map_or(Value::Missing, Value::Num),
            Val::Tree(e) => eval(e, &cx.env()),
        }
    }
}

impl Arg {
    /// The aggregated value as a number (a date as its day number).
    pub fn eval<'a>(&'a self, cx: &Cx<'_, 'a>) -> Option<f64> {
        match self {
            Arg::Num(n) => n.eval(cx),
            Arg::Val(v) => match v.eval(cx) {
                Value::Num(x) => Some(x),
                Value::Date(d) => Some(f64::from(d.0)),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
#[path = "code_tests.rs"]
pub(crate) mod tests;
