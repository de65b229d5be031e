//! `const NAME = EXPR`: ordered by their dependencies (a const defined
//! through itself is an error, found without recursion), type-checked and
//! folded to values when the pack loads.

use std::collections::HashMap;

use crate::model::{EnumDef, TExpr, TExprKind, Type};
use crate::source::SourceMap;
use crate::syntax::ast::{BinOp, ConstDecl, Expr, ExprKind};
use crate::value::OwnedValue;

use super::error::{self, Errors, LoadError};
use super::types::{Const, Place, Scope, Typer};
use crate::i18n::load;
use crate::t;

/// Folds the pack's consts (duplicates already removed). Returns the consts
/// that loaded and the names of those that did not.
pub fn fold_consts(
    decls: &[&ConstDecl],
    enums: &[EnumDef],
    sources: &SourceMap,
    errors: &mut Errors,
) -> (HashMap<String, Const>, Vec<String>) {
    let index: HashMap<&str, usize> = decls
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.name.as_str(), i))
        .collect();
    let deps: Vec<Vec<usize>> = decls
        .iter()
        .map(|d| {
            names_in(&d.value)
                .iter()
                .filter_map(|n| index.get(n.as_str()).copied())
                .collect()
        })
        .collect();
    let (order, cyclic) = topological_order(&deps);
    let mut bad: Vec<String> = Vec::new();
    for &i in &cyclic {
        let decl = decls[i];
        let e = LoadError::at(
            error::CONST,
            sources,
            decl.name.span,
            t!(errors.lang, load::CONST_CYCLE, name = decl.name.name),
            t!(errors.lang, load::CONST_CYCLE_LABEL),
        )
        .with_help(t!(errors.lang, load::CONST_CYCLE_HELP));
        errors.push(e);
        bad.push(decl.name.name.clone());
    }
    let mut consts = HashMap::new();
    let mut aggregates = Vec::new();
    for i in order {
        let decl = decls[i];
        let mut typer = Typer {
            scope: Scope {
                enums,
                consts: &consts,
                bad_consts: &bad,
                record: None,
                bad_fields: &[],
                lets: &[],
                per: &[],
            },
            place: Place::Const,
            sources,
            errors,
            aggregates: &mut aggregates,
        };
        let folded = typer
            .expr(&decl.value)
            .and_then(|t| fold_or_report(&t, sources, typer.errors));
        match folded {
            Some(c) => {
                consts.insert(decl.name.name.clone(), c);
            }
            None => bad.push(decl.name.name.clone()),
        }
    }
    (consts, bad)
}

/// Folds a typed constant expression, reporting what cannot be folded.
pub fn fold_or_report(t: &TExpr, sources: &SourceMap, errors: &mut Errors) -> Option<Const> {
    match fold(t) {
        Ok(value) => Some(Const { value, ty: t.ty }),
        Err(span) => {
            let e = LoadError::at(
                error::CONST,
                sources,
                span,
                t!(errors.lang, load::NOT_CONSTANT),
                t!(errors.lang, load::NOT_CONSTANT_LABEL),
            )
            .with_help(t!(errors.lang, load::NOT_CONSTANT_HELP));
            errors.push(e);
            None
        }
    }
}

/// The names an expression mentions (iteratively: no recursion).
fn names_in(expr: &Expr) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::Name(n) => names.push(n.clone()),
            ExprKind::Call { args, filter, .. } => {
                stack.extend(args);
                stack.extend(filter.as_deref());
            }
            ExprKind::List(items) => stack.extend(items),
            ExprKind::Unary { operand, .. } => stack.push(operand),
            ExprKind::Chain { first, rest } => {
                stack.push(first);
                stack.extend(rest.iter().map(|(_, e)| e));
            }
            ExprKind::Compare { lhs, rhs, .. } => stack.extend([&**lhs, &**rhs]),
            ExprKind::In { lhs, list, .. } => stack.extend([&**lhs, &**list]),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => stack.extend([&**cond, &**then, &**otherwise]),
            ExprKind::Paren(inner) => stack.push(inner),
            ExprKind::Number { .. }
            | ExprKind::Percent(_)
            | ExprKind::Quantity { .. }
            | ExprKind::Str(_)
            | ExprKind::Date(_)
            | ExprKind::Bool(_) => {}
        }
    }
    names
}

/// Orders nodes so that each comes after its dependencies (iterative
/// depth-first search). Nodes on or depending on a cycle are returned
/// apart, those on a cycle first.
fn topological_order(deps: &[Vec<usize>]) -> (Vec<usize>, Vec<usize>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
        Cyclic,
    }
    let mut mark = vec![Mark::New; deps.len()];
    let mut order = Vec::new();
    let mut cyclic = Vec::new();
    for root in 0..deps.len() {
        if mark[root] != Mark::New {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::Active;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&dep) = deps[node].get(*next) {
                *next += 1;
                match mark[dep] {
                    Mark::New => {
                        mark[dep] = Mark::Active;
                        stack.push((dep, 0));
                    }
                    Mark::Active => {
                        // Every node from `dep` up the stack is on the cycle.
                        let from = stack.iter().position(|&(n, _)| n == dep).unwrap_or(0);
                        for &(n, _) in &stack[from..] {
                            if mark[n] != Mark::Cyclic {
                                mark[n] = Mark::Cyclic;
                                cyclic.push(n);
                            }
                        }
                    }
                    Mark::Done | Mark::Cyclic => {}
                }
            } else {
                stack.pop();
                if mark[node] == Mark::Active {
                    mark[node] = Mark::Done;
                    order.push(node);
                }
            }
        }
    }
    cyclic.sort_unstable();
    (order, cyclic)
}

/// Computes a constant expression, or returns the span of the part that
/// is not constant.
fn fold(t: &TExpr) -> Result<OwnedValue, crate::source::Span> {
    match &t.kind {
        TExprKind::Lit(v) => Ok(v.clone()),
        TExprKind::Neg(inner) => match fold(inner)? {
            OwnedValue::Num(n) => Ok(OwnedValue::Num(-n)),
            other => Ok(other),
        },
        TExprKind::Not(inner) => match fold(inner)? {
            OwnedValue::Bool(b) => Ok(OwnedValue::Bool(!b)),
            other => Ok(other),
        },
        TExprKind::Chain { first, rest } => {
            let mut acc = fold(first)?;
            for (op, rhs) in rest {
                let r = fold(rhs)?;
                acc = apply(*op, acc, r);
            }
            Ok(acc)
        }
        _ => Err(t.span),
    }
}

/// One operator on two folded values (types were checked); missing values
/// propagate as in LANGUAGE.md 5.2.
fn apply(op: BinOp, l: OwnedValue, r: OwnedValue) -> OwnedValue {
    use OwnedValue::{Bool, Missing, Num};
    match (op, l, r) {
        (BinOp::Coalesce, Missing, r) => r,
        (BinOp::Coalesce, l, _) => l,
        (BinOp::And, Bool(false), _) | (BinOp::And, _, Bool(false)) => Bool(false),
        (BinOp::And, Bool(true), Bool(true)) => Bool(true),
        (BinOp::Or, Bool(true), _) | (BinOp::Or, _, Bool(true)) => Bool(true),
        (BinOp::Or, Bool(false), Bool(false)) => Bool(false),
        (BinOp::Add, Num(a), Num(b)) => Num(a + b),
        (BinOp::Sub, Num(a), Num(b)) => Num(a - b),
        (BinOp::Mul, Num(a), Num(b)) => Num(a * b),
        (BinOp::Div, Num(a), Num(b)) => {
            if b == 0.0 && a == 0.0 {
                Missing
            } else {
                Num(a / b)
            }
        }
        _ => Missing,
    }
}

/// Whether a folded value of type `value` fits a field of type `field`
/// (numbers of any kind mix).
pub fn fits(value: Type, field: Type) -> bool {
    value == field || (value.is_numeric() && field.is_numeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topological_order_finds_cycles_without_recursion() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 4 is fine.
        let deps = vec![vec![1], vec![2], vec![0], vec![4], vec![]];
        let (order, cyclic) = topological_order(&deps);
        assert_eq!(cyclic, vec![0, 1, 2]);
        assert_eq!(order, vec![4, 3]);
        // A long chain does not overflow the stack.
        let n = 200_000;
        let deps: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![] })
            .collect();
        let (order, cyclic) = topological_order(&deps);
        assert!(cyclic.is_empty());
        assert_eq!(order.first(), Some(&(n - 1)));
    }
}
