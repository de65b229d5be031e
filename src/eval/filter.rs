//! `where` clauses in a form that is quick to decide for every record: a
//! conjunction whose terms `field in [variants]` / `field == variant` (and
//! their negations) are a bit lookup instead of an expression walk; any
//! other term is evaluated as an expression. Decides exactly what
//! evaluating the clause decides (three-valued, LANGUAGE.md 5.2).

use super::expr::Env;
use super::holds;
use crate::model::{TExpr, TExprKind, Type};
use crate::syntax::ast::{BinOp, CompareOp};
use crate::value::{OwnedValue, Value};

/// A `where` clause as a conjunction of terms.
pub struct Filter<'a> {
    terms: Vec<Term<'a>>,
}

/// One term of the conjunction.
enum Term<'a> {
    /// An enum field's membership in a set of variants (one bit each).
    Variants {
        field: u32,
        set: Vec<u64>,
        negated: bool,
        /// The term itself, for a value of an unexpected shape.
        expr: &'a TExpr,
    },
    Expr(&'a TExpr),
}

impl<'a> Filter<'a> {
    pub fn new(expr: &'a TExpr) -> Filter<'a> {
        let terms = match &expr.kind {
            TExprKind::Chain { first, rest } if rest.iter().all(|(op, _)| *op == BinOp::And) => {
                std::iter::once(&**first)
                    .chain(rest.iter().map(|(_, e)| e))
                    .map(Term::of)
                    .collect()
            }
            _ => vec![Term::of(expr)],
        };
        Filter { terms }
    }

    /// `Some(true/false)`, or `None` when the clause is missing: false if
    /// any term is false, else missing if any term is, else true.
    pub fn decide(&self, env: &Env<'_, 'a>) -> Option<bool> {
        let mut missing = false;
        for term in &self.terms {
            match term.decide(env) {
                Some(true) => {}
                Some(false) => return Some(false),
                None => missing = true,
            }
        }
        if missing { None } else { Some(true) }
    }
}

impl<'a> Term<'a> {
    fn of(expr: &'a TExpr) -> Term<'a> {
        let enum_field = |e: &TExpr| match (&e.kind, e.ty) {
            (TExprKind::Field(f), Type::Enum(_)) => Some(*f),
            _ => None,
        };
        let variant = |e: &TExpr| match &e.kind {
            TExprKind::Lit(OwnedValue::Enum(v)) => Some(*v),
            _ => None,
        };
        let (field, variants, negated) = match &expr.kind {
            TExprKind::In {
                lhs,
                items,
                negated,
            } => (
                enum_field(lhs),
                items.iter().map(variant).collect::<Option<Vec<u32>>>(),
                *negated,
            ),
            TExprKind::Compare {
                op: op @ (CompareOp::Eq | CompareOp::Ne),
                lhs,
                rhs,
            } => (
                enum_field(lhs),
                variant(rhs).map(|v| vec![v]),
                *op == CompareOp::Ne,
            ),
            _ => (None, None, false),
        };
        let (Some(field), Some(variants)) = (field, variants) else {
            return Term::Expr(expr);
        };
        let words = variants.iter().max().map_or(0, |&m| m as usize / 64 + 1);
        let mut set = vec![0u64; words];
        for v in variants {
            set[v as usize / 64] |= 1 << (v % 64);
        }
        Term::Variants {
            field,
            set,
            negated,
            expr,
        }
    }

    fn decide(&self, env: &Env<'_, 'a>) -> Option<bool> {
        match self {
            Term::Variants {
                field,
                set,
                negated,
                expr,
            } => match env.field(*field) {
                Value::Enum(v) => {
                    let word = set.get(v as usize / 64).copied().unwrap_or(0);
                    Some((word >> (v % 64) & 1 == 1) != *negated)
                }
                Value::Missing => None,
                _ => holds(expr, env),
            },
            Term::Expr(expr) => holds(expr, env),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{self, Uniques};
    use crate::eval::expr::Fields;

    /// Every `where` of the shipped pack, decided both ways for every record
    /// of the shipped fixtures (which have missing and odd cells).
    #[test]
    fn filters_decide_what_evaluating_decides() {
        let pack = crate::builtin::guigang().expect("the shipped pack loads");
        let filters: Vec<(u32, &TExpr)> = pack
            .rules
            .iter()
            .filter_map(|r| Some((r.record, r.filter.as_ref()?)))
            .collect();
        let quick = filters.iter().filter(|(_, f)| {
            Filter::new(f)
                .terms
                .iter()
                .any(|t| matches!(t, Term::Variants { .. }))
        });
        assert!(quick.count() > 10);
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
                &mut |_, batch| {
                    for record in &batch.records[..batch.len] {
                        records += 1;
                        let env = Env {
                            fields: Fields::Record(record),
                            lets: &[],
                            aggs: &[],
                        };
                        for (_, f) in filters.iter().filter(|(t, _)| *t == batch.record_type) {
                            let decided = Filter::new(f).decide(&env);
                            missing += usize::from(decided.is_none());
                            assert_eq!(decided, holds(f, &env));
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
}
