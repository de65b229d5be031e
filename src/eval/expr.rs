//! Expression evaluation with three-valued logic (LANGUAGE.md 5.2).
//!
//! Types were proven by the checker; a value of an unexpected shape can only
//! come from a bug, and evaluates to missing rather than panicking.

use std::cmp::Ordering;

use crate::model::{ScalarFn, TExpr, TExprKind};
use crate::syntax::ast::{BinOp, CompareOp};
use crate::value::{Cell, OwnedValue, Record, Value};

/// Where field values come from while an expression is evaluated.
#[derive(Clone, Copy)]
pub enum Fields<'a> {
    /// A record rule, a `where`, or an aggregate's argument: one record.
    Record(&'a Record),
    /// A group rule after aggregation: only the `per` fields have values.
    Group {
        per: &'a [u32],
        values: &'a [OwnedValue],
    },
}

/// Everything a name in an expression can resolve to.
///
/// `'a` is the lifetime of the pack and the record, which values borrow
/// text from; `'e` that of the let and aggregate slots.
#[derive(Clone, Copy)]
pub struct Env<'e, 'a> {
    pub fields: Fields<'a>,
    /// The rule's lets evaluated so far.
    pub lets: &'e [Value<'a>],
    /// The rule's aggregates, for group rules.
    pub aggs: &'e [Value<'a>],
}

impl<'a> Env<'_, 'a> {
    /// The value of a field of the record or group.
    #[inline]
    pub fn field(&self, index: u32) -> Value<'a> {
        match self.fields {
            Fields::Record(record) => match record.cells.get(index as usize) {
                Some(&cell) => cell_value(record, cell),
                None => Value::Missing,
            },
            Fields::Group { per, values } => per
                .iter()
                .position(|&f| f == index)
                .and_then(|i| values.get(i))
                .map_or(Value::Missing, OwnedValue::as_value),
        }
    }
}

/// The value of one cell of a record.
#[inline]
pub fn cell_value(record: &Record, cell: Cell) -> Value<'_> {
    match cell {
        Cell::Missing => Value::Missing,
        Cell::Bool(b) => Value::Bool(b),
        Cell::Num(n) => Value::Num(n),
        Cell::Date(d) => Value::Date(d),
        Cell::Enum(e) => Value::Enum(e),
        Cell::Text(..) => Value::Text(record.text_of(cell)),
    }
}

/// [`eval`], with a field, let or literal read in place: a template's
/// holes and an expression's operands are mostly such leaves, and a call
/// of [`eval`] (which saves and restores a dozen registers) costs more than
/// reading one.
#[inline(always)]
pub fn eval_leaf<'a>(expr: &'a TExpr, env: &Env<'_, 'a>) -> Value<'a> {
    match &expr.kind {
        TExprKind::Field(i) => env.field(*i),
        TExprKind::Let(i) => env.lets.get(*i as usize).copied().unwrap_or(Value::Missing),
        TExprKind::Lit(v) => v.as_value(),
        _ => eval(expr, env),
    }
}

/// Evaluates an expression. Recursion follows the expression's nesting,
/// which the parser bounds; chains are walked iteratively.
pub fn eval<'a>(expr: &'a TExpr, env: &Env<'_, 'a>) -> Value<'a> {
    match &expr.kind {
        TExprKind::Lit(v) => v.as_value(),
        TExprKind::Field(i) => env.field(*i),
        TExprKind::Let(i) => env.lets.get(*i as usize).copied().unwrap_or(Value::Missing),
        TExprKind::Agg(i) => env.aggs.get(*i as usize).copied().unwrap_or(Value::Missing),
        TExprKind::Chain { first, rest } => {
            let mut acc = eval_leaf(first, env);
            for (op, operand) in rest {
                acc = apply(*op, acc, operand, env);
            }
            acc
        }
        TExprKind::Compare { op, lhs, rhs } => {
            compare(*op, eval_leaf(lhs, env), eval_leaf(rhs, env))
        }
        TExprKind::In {
            lhs,
            items,
            negated,
        } => {
            let found = member(eval(lhs, env), items, env);
            if *negated { not(found) } else { found }
        }
        TExprKind::Not(e) => not(eval(e, env)),
        TExprKind::Neg(e) => match eval(e, env) {
            Value::Num(n) => Value::Num(-n),
            _ => Value::Missing,
        },
        TExprKind::If {
            cond,
            then,
            otherwise,
        } => match eval(cond, env) {
            Value::Bool(true) => eval_leaf(then, env),
            Value::Bool(false) => eval_leaf(otherwise, env),
            _ => Value::Missing,
        },
        TExprKind::Call { func, args } => call(*func, args, env),
    }
}

/// One step of a chain: `acc op operand`, evaluating the operand only when
/// it can change the result.
fn apply<'a>(op: BinOp, acc: Value<'a>, operand: &'a TExpr, env: &Env<'_, 'a>) -> Value<'a> {
    match op {
        BinOp::And => match acc {
            Value::Bool(false) => acc,
            _ => match (acc, eval(operand, env)) {
                (_, Value::Bool(false)) => Value::Bool(false),
                (Value::Bool(true), Value::Bool(true)) => Value::Bool(true),
                _ => Value::Missing,
            },
        },
        BinOp::Or => match acc {
            Value::Bool(true) => acc,
            _ => match (acc, eval(operand, env)) {
                (_, Value::Bool(true)) => Value::Bool(true),
                (Value::Bool(false), Value::Bool(false)) => Value::Bool(false),
                _ => Value::Missing,
            },
        },
        BinOp::Coalesce => match acc {
            Value::Missing => eval(operand, env),
            _ => acc,
        },
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => match acc {
            Value::Num(a) => match eval_leaf(operand, env) {
                Value::Num(b) => arithmetic(op, a, b),
                _ => Value::Missing,
            },
            _ => Value::Missing,
        },
    }
}

/// `a op b` on numbers; `x / 0` is ±∞, or missing for `0 / 0`; NaN is
/// missing.
pub fn arithmetic(op: BinOp, a: f64, b: f64) -> Value<'static> {
    let r = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => a / b,
        _ => f64::NAN,
    };
    if r.is_nan() {
        Value::Missing
    } else {
        Value::Num(r)
    }
}

fn not(v: Value<'_>) -> Value<'_> {
    match v {
        Value::Bool(b) => Value::Bool(!b),
        _ => Value::Missing,
    }
}

/// The order of two present values of one type, if they are comparable.
pub fn order(a: Value<'_>, b: Value<'_>) -> Option<Ordering> {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => x.partial_cmp(&y),
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(&y)),
        (Value::Enum(x), Value::Enum(y)) => Some(x.cmp(&y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(&y)),
        _ => None,
    }
}

/// `a op b`: a bool, or missing when the two are not comparable.
pub(crate) fn compare<'a>(op: CompareOp, a: Value<'a>, b: Value<'a>) -> Value<'a> {
    let Some(ord) = order(a, b) else {
        return Value::Missing;
    };
    Value::Bool(match op {
        CompareOp::Eq => ord == Ordering::Equal,
        CompareOp::Ne => ord != Ordering::Equal,
        CompareOp::Lt => ord == Ordering::Less,
        CompareOp::Le => ord != Ordering::Greater,
        CompareOp::Gt => ord == Ordering::Greater,
        CompareOp::Ge => ord != Ordering::Less,
    })
}

/// `x in [items]`: true if any item equals x; missing if none does but some
/// item (or x) is missing.
fn member<'a>(x: Value<'a>, items: &'a [TExpr], env: &Env<'_, 'a>) -> Value<'a> {
    if x.is_missing() {
        return Value::Missing;
    }
    let mut unknown = false;
    for item in items {
        // `level in [primary, junior, …]`: an enum literal compares by
        // number, without evaluating it as an expression.
        if let (Value::Enum(v), TExprKind::Lit(OwnedValue::Enum(w))) = (x, &item.kind) {
            if v == *w {
                return Value::Bool(true);
            }
            continue;
        }
        match order(x, eval(item, env)) {
            Some(Ordering::Equal) => return Value::Bool(true),
            Some(_) => {}
            None => unknown = true,
        }
    }
    if unknown {
        Value::Missing
    } else {
        Value::Bool(false)
    }
}

fn call<'a>(func: ScalarFn, args: &'a [TExpr], env: &Env<'_, 'a>) -> Value<'a> {
    let arg = |i: usize| args.get(i).map_or(Value::Missing, |a| eval(a, env));
    let num = |i: usize| match arg(i) {
        Value::Num(n) => Some(n),
        _ => None,
    };
    let number = |n: Option<f64>| n.filter(|n| !n.is_nan()).map_or(Value::Missing, Value::Num);
    match func {
        ScalarFn::Present => Value::Bool(!arg(0).is_missing()),
        ScalarFn::Missing => Value::Bool(arg(0).is_missing()),
        ScalarFn::Least | ScalarFn::Greatest => {
            let want = if func == ScalarFn::Least {
                Ordering::Less
            } else {
                Ordering::Greater
            };
            let mut best = Value::Missing;
            for i in 0..args.len() {
                let v = arg(i);
                if v.is_missing() {
                    return Value::Missing;
                }
                if best.is_missing() || order(v, best) == Some(want) {
                    best = v;
                }
            }
            best
        }
        ScalarFn::Abs => number(num(0).map(f64::abs)),
        ScalarFn::Floor => number(num(0).map(f64::floor)),
        ScalarFn::Ceil => number(num(0).map(f64::ceil)),
        ScalarFn::Round => match (num(0), args.len()) {
            (Some(x), 1) => number(Some(x.round())),
            (Some(x), _) => match num(1) {
                Some(digits) => {
                    let scale = 10f64.powi(digits.clamp(-15.0, 15.0) as i32);
                    number(Some((x * scale).round() / scale))
                }
                None => Value::Missing,
            },
            (None, _) => Value::Missing,
        },
        ScalarFn::Len => match arg(0) {
            Value::Text(t) => Value::Num(t.chars().count() as f64),
            _ => Value::Missing,
        },
        ScalarFn::Year => match arg(0) {
            Value::Date(d) => Value::Num(f64::from(d.year())),
            _ => Value::Missing,
        },
        ScalarFn::CountTrue => {
            let mut n = 0.0;
            for i in 0..args.len() {
                match arg(i) {
                    Value::Bool(true) => n += 1.0,
                    Value::Bool(false) => {}
                    _ => return Value::Missing,
                }
            }
            Value::Num(n)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_by_zero_is_infinite_or_missing() {
        assert_eq!(arithmetic(BinOp::Div, 5.0, 0.0), Value::Num(f64::INFINITY));
        assert_eq!(
            arithmetic(BinOp::Div, -5.0, 0.0),
            Value::Num(f64::NEG_INFINITY)
        );
        assert_eq!(arithmetic(BinOp::Div, 0.0, 0.0), Value::Missing);
        assert_eq!(
            arithmetic(BinOp::Sub, f64::INFINITY, f64::INFINITY),
            Value::Missing
        );
    }

    #[test]
    fn comparisons_with_missing_are_missing() {
        assert_eq!(
            compare(CompareOp::Ge, Value::Missing, Value::Num(1.0)),
            Value::Missing
        );
        assert_eq!(
            compare(CompareOp::Le, Value::Num(f64::INFINITY), Value::Num(8.0)),
            Value::Bool(false)
        );
    }
}
