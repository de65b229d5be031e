//! `where` clauses in a form that is quick to decide for every record:
//! `and`/`or` chains of parts, where `field in [variants]` /
//! `field == variant` (and their negations) are a bit lookup and
//! `field op literal` a single comparison instead of an expression walk;
//! any other part is evaluated as an expression. Decides exactly what
//! evaluating the clause decides (three-valued, LANGUAGE.md 5.2).

use super::expr::{Env, compare};
use super::holds;
use crate::model::{TExpr, TExprKind, Type};
use crate::syntax::ast::{BinOp, CompareOp};
use crate::value::{OwnedValue, Value};

/// A `where` clause, ready to decide.
pub struct Filter<'a> {
    root: Node<'a>,
}

/// A part of a clause.
enum Node<'a> {
    /// `p and q and …`: false if any part is false, else missing if any
    /// is, else true.
    All(Vec<Node<'a>>),
    /// `p or q or …`: true if any part is true, else missing if any is,
    /// else false.
    Any(Vec<Node<'a>>),
    /// An enum field's membership in a set of variants (one bit each).
    Variants {
        field: u32,
        set: Vec<u64>,
        negated: bool,
        /// The part itself, for a value of an unexpected shape.
        expr: &'a TExpr,
    },
    /// `field op literal`.
    Compare {
        field: u32,
        op: CompareOp,
        value: Value<'a>,
    },
    Expr(&'a TExpr),
}

impl<'a> Filter<'a> {
    pub fn new(expr: &'a TExpr) -> Filter<'a> {
        Filter {
            root: Node::of(expr),
        }
    }

    /// `Some(true/false)`, or `None` when the clause is missing.
    pub fn decide(&self, env: &Env<'_, 'a>) -> Option<bool> {
        self.root.decide(env)
    }
}

impl<'a> Node<'a> {
    /// The node for an expression. Recursion follows the expression's
    /// nesting, which the parser bounds.
    fn of(expr: &'a TExpr) -> Node<'a> {
        if let TExprKind::Chain { first, rest } = &expr.kind {
            let parts = || {
                std::iter::once(&**first)
                    .chain(rest.iter().map(|(_, e)| e))
                    .map(Node::of)
                    .collect()
            };
            if rest.iter().all(|(op, _)| *op == BinOp::And) {
                return Node::All(parts());
            }
            if rest.iter().all(|(op, _)| *op == BinOp::Or) {
                return Node::Any(parts());
            }
            return Node::Expr(expr);
        }
        let field = |e: &TExpr| match &e.kind {
            TExprKind::Field(f) => Some((*f, e.ty)),
            _ => None,
        };
        let variant = |e: &TExpr| match &e.kind {
            TExprKind::Lit(OwnedValue::Enum(v)) => Some(*v),
            _ => None,
        };
        let (f, variants, negated) = match &expr.kind {
            TExprKind::In {
                lhs,
                items,
                negated,
            } => (
                field(lhs),
                items.iter().map(variant).collect::<Option<Vec<u32>>>(),
                *negated,
            ),
            TExprKind::Compare { op, lhs, rhs } => match (field(lhs), &rhs.kind) {
                (Some((f, Type::Enum(_))), _) if matches!(op, CompareOp::Eq | CompareOp::Ne) => (
                    Some((f, lhs.ty)),
                    variant(rhs).map(|v| vec![v]),
                    *op == CompareOp::Ne,
                ),
                (Some((field, _)), TExprKind::Lit(value)) => {
                    return Node::Compare {
                        field,
                        op: *op,
                        value: value.as_value(),
                    };
                }
                _ => (None, None, false),
            },
            _ => (None, None, false),
        };
        let (Some((field, Type::Enum(_))), Some(variants)) = (f, variants) else {
            return Node::Expr(expr);
        };
        let words = variants.iter().max().map_or(0, |&m| m as usize / 64 + 1);
        let mut set = vec![0u64; words];
        for v in variants {
            set[v as usize / 64] |= 1 << (v % 64);
        }
        Node::Variants {
            field,
            set,
            negated,
            expr,
        }
    }

    fn decide(&self, env: &Env<'_, 'a>) -> Option<bool> {
        match self {
            Node::All(parts) => {
                let mut missing = false;
                for part in parts {
                    match part.decide(env) {
                        Some(true) => {}
                        Some(false) => return Some(false),
                        None => missing = true,
                    }
                }
                if missing { None } else { Some(true) }
            }
            Node::Any(parts) => {
                let mut missing = false;
                for part in parts {
                    match part.decide(env) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => missing = true,
                    }
                }
                if missing { None } else { Some(false) }
            }
            Node::Variants {
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
            Node::Compare { field, op, value } => match compare(*op, env.field(*field), *value) {
                Value::Bool(b) => Some(b),
                _ => None,
            },
            Node::Expr(expr) => holds(expr, env),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{self, Uniques};
    use crate::eval::expr::Fields;

    /// Every `where` of the shipped pack (rules' and aggregates'), decided
    /// both ways for every record of the shipped fixtures (which have
    /// missing and odd cells).
    #[test]
    fn filters_decide_what_evaluating_decides() {
        let pack = crate::builtin::guigang().expect("the shipped pack loads");
        let filters: Vec<(u32, &TExpr)> = pack
            .rules
            .iter()
            .flat_map(|r| {
                let aggregates = r.aggregates.iter().filter_map(|a| a.filter.as_ref());
                r.filter.iter().chain(aggregates).map(|f| (r.record, f))
            })
            .collect();
        let quick = filters
            .iter()
            .filter(|(_, f)| !matches!(Filter::new(f).root, Node::Expr(_)));
        assert!(quick.count() > 20);
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
