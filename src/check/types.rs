//! Name resolution and type checking of expressions (LANGUAGE.md 5, 5.1):
//! AST [`Expr`] → typed [`TExpr`], with every problem reported as a located
//! [`LoadError`]. A failed subexpression yields `None` and its parents stay
//! silent, so one mistake gives one error.

use std::collections::HashMap;

use crate::model::{Aggregate, EnumDef, RecordType, TExpr, TExprKind, Type};
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{BinOp, CompareOp, Expr, ExprKind, UnaryOp};
use crate::value::{Dim, OwnedValue};

use super::error::{self, LoadError};
use super::suggest;

/// A folded `const`.
#[derive(Clone, Debug)]
pub struct Const {
    pub value: OwnedValue,
    pub ty: Type,
}

/// Where an expression stands, which decides what its names may mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A const, a `min`/`max` bound or an example value: literals and
    /// consts only.
    Const,
    /// A rule's `where`: evaluated per record, before lets and grouping.
    Where,
    /// `let`, `require`, `message`, `help` of a record rule.
    Record,
    /// `let`, `require`, `message`, `help` of a `per`/`overall` rule.
    Group,
    /// The argument, weight or `where` of an aggregate: per record.
    InAgg,
}

/// What names can refer to while one expression is checked.
pub struct Scope<'a> {
    pub enums: &'a [EnumDef],
    pub consts: &'a HashMap<String, Const>,
    /// Consts that failed to load: names of them fail silently.
    pub bad_consts: &'a [String],
    /// The rule's record type (none for consts).
    pub record: Option<&'a RecordType>,
    /// Fields whose declared type did not resolve: uses fail silently.
    pub bad_fields: &'a [u32],
    /// The lets visible here, in order, with their types (`None` for a
    /// let whose expression has errors: uses of it fail silently).
    pub lets: &'a [(String, Option<Type>)],
    /// The `per` fields of a `per` rule.
    pub per: &'a [u32],
}

/// Checks expressions of one scope, collecting errors and aggregates.
pub struct Typer<'a, 'e> {
    pub scope: Scope<'a>,
    pub place: Place,
    pub sources: &'a SourceMap,
    pub errors: &'e mut Vec<LoadError>,
    /// The rule's aggregates so far (identical text is shared).
    pub aggregates: &'e mut Vec<Aggregate>,
}

/// The name of a type as users write it.
pub fn type_name(ty: Type, enums: &[EnumDef]) -> String {
    match ty {
        Type::Bool => "bool".into(),
        Type::Int => "int".into(),
        Type::Number => "number".into(),
        Type::Percent => "percent".into(),
        Type::Quantity(dim) => dim.name().into(),
        Type::Text => "text".into(),
        Type::Date => "date".into(),
        Type::Enum(i) => match enums.get(i as usize) {
            Some(e) => format!("enum `{}`", e.name),
            None => "enum".into(),
        },
    }
}

/// The common type of two values that must agree (`??`, `if` branches,
/// list items, `least`): equal types, or numbers of any kind.
pub fn unify(a: Type, b: Type) -> Option<Type> {
    if a == b {
        Some(a)
    } else if a.is_numeric() && b.is_numeric() {
        Some(Type::Number)
    } else {
        None
    }
}

fn is_quantity(ty: Type) -> bool {
    matches!(ty, Type::Quantity(_))
}

pub(super) fn is_arith(ty: Type) -> bool {
    ty.is_numeric() || is_quantity(ty)
}

impl Typer<'_, '_> {
    pub(super) fn err(
        &mut self,
        code: &'static str,
        span: Span,
        message: String,
        label: String,
    ) -> &mut LoadError {
        self.errors
            .push(LoadError::at(code, self.sources, span, message, label));
        let last = self.errors.len() - 1;
        &mut self.errors[last]
    }

    pub(super) fn report(&mut self, e: LoadError) {
        self.errors.push(e);
    }

    pub(super) fn tname(&self, ty: Type) -> String {
        type_name(ty, self.scope.enums)
    }

    pub(super) fn text(&self, span: Span) -> &str {
        self.sources.get(span.file).slice(span)
    }

    /// Checks an expression that must be `bool` (`where`, `require`, …).
    pub fn condition(&mut self, expr: &Expr, what: &str) -> Option<TExpr> {
        let t = self.expr(expr)?;
        if t.ty != Type::Bool {
            let message = format!(
                "{what} must be a condition (bool), found {}",
                self.tname(t.ty)
            );
            let label = format!("this is {}", self.tname(t.ty));
            self.err(error::TYPE, expr.span, message, label);
            return None;
        }
        Some(t)
    }

    /// Checks one expression.
    pub fn expr(&mut self, expr: &Expr) -> Option<TExpr> {
        let span = expr.span;
        let lit = |value: OwnedValue, ty: Type| {
            Some(TExpr {
                kind: TExprKind::Lit(value),
                ty,
                span,
            })
        };
        match &expr.kind {
            ExprKind::Number { value, is_int } => {
                let ty = if *is_int { Type::Int } else { Type::Number };
                lit(OwnedValue::Num(*value), ty)
            }
            ExprKind::Percent(v) => lit(OwnedValue::Num(*v), Type::Percent),
            ExprKind::Quantity { value, dim } => lit(OwnedValue::Num(*value), Type::Quantity(*dim)),
            ExprKind::Str(s) => lit(OwnedValue::Text(s.clone()), Type::Text),
            ExprKind::Date(d) => lit(OwnedValue::Date(*d), Type::Date),
            ExprKind::Bool(b) => lit(OwnedValue::Bool(*b), Type::Bool),
            ExprKind::Name(name) => self.name(name, span),
            ExprKind::Paren(inner) => {
                let t = self.expr(inner)?;
                Some(TExpr { span, ..t })
            }
            ExprKind::List(_) => {
                self.err(
                    error::TYPE,
                    span,
                    "a list may only follow `in` or `not in`".into(),
                    "list here".into(),
                );
                None
            }
            ExprKind::Unary { op, operand } => self.unary(*op, operand, span),
            ExprKind::Chain { first, rest } => self.chain(first, rest, span),
            ExprKind::Compare { op, lhs, rhs } => self.compare(*op, lhs, rhs, span),
            ExprKind::In { lhs, list, negated } => self.in_list(lhs, list, *negated, span),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => self.if_expr(cond, then, otherwise, span),
            ExprKind::Call { func, args, filter } => self.call(func, args, filter.as_deref(), span),
        }
    }

    fn name(&mut self, name: &str, span: Span) -> Option<TExpr> {
        let lets_visible = matches!(self.place, Place::Record | Place::Group);
        // A let comes first, even where it cannot be used.
        if let Some(i) = self.scope.lets.iter().position(|(n, _)| n == name) {
            if !lets_visible {
                self.let_out_of_place(name, span);
                return None;
            }
            let ty = self.scope.lets[i].1?;
            return Some(TExpr {
                kind: TExprKind::Let(i as u32),
                ty,
                span,
            });
        }
        if self.place != Place::Const
            && let Some(record) = self.scope.record
            && let Some(i) = record.field(name)
        {
            return self.field(record, i as u32, span);
        }
        if let Some(c) = self.scope.consts.get(name) {
            return Some(TExpr {
                kind: TExprKind::Lit(c.value.clone()),
                ty: c.ty,
                span,
            });
        }
        if self.scope.bad_consts.iter().any(|c| c == name) {
            return None;
        }
        self.unknown_name(name, span, lets_visible);
        None
    }

    fn field(&mut self, record: &RecordType, index: u32, span: Span) -> Option<TExpr> {
        if self.scope.bad_fields.contains(&index) {
            return None;
        }
        let field = &record.fields[index as usize];
        if self.place == Place::Group && !self.scope.per.contains(&index) {
            let name = &field.name;
            let help = match field.ty {
                ty if is_arith(ty) => format!("did you mean `sum({name})`?"),
                Type::Date => format!("did you mean `max({name})`?"),
                Type::Bool => format!("did you mean `count(where {name})`?"),
                _ => format!("count records by it, e.g. `count(where {name} == …)`"),
            };
            let per: Vec<&str> = self
                .scope
                .per
                .iter()
                .filter_map(|&p| record.fields.get(p as usize))
                .map(|f| f.name.as_str())
                .collect();
            let message = if per.is_empty() {
                format!("the field `{name}` has no single value in an `overall` rule")
            } else {
                format!(
                    "the field `{name}` has no single value in a group: only the `per` field{} {} may be used outside an aggregate",
                    if per.len() == 1 { "" } else { "s" },
                    per.iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            self.err(error::SCOPE, span, message, "outside an aggregate".into())
                .set_help(help);
            return None;
        }
        Some(TExpr {
            kind: TExprKind::Field(index),
            ty: field.ty,
            span,
        })
    }

    /// A let named in `where` or inside an aggregate, which are evaluated
    /// per record, before the lets.
    fn let_out_of_place(&mut self, name: &str, span: Span) {
        let (message, help) = match self.place {
            Place::Where => (
                format!("`where` cannot use the let `{name}`"),
                "`where` is evaluated per record, before the lets; repeat the let's expression here",
            ),
            _ => (
                format!("an aggregate cannot use the let `{name}`"),
                "an aggregate's argument is evaluated per record; repeat the let's expression here",
            ),
        };
        self.err(error::SCOPE, span, message, "a let of this rule".into())
            .set_help(help);
    }

    fn unknown_name(&mut self, name: &str, span: Span, lets_visible: bool) {
        if let Some(e) = self
            .scope
            .enums
            .iter()
            .find(|e| e.variants.iter().any(|v| v.name == name))
        {
            let message = format!(
                "`{name}` is a variant of the enum `{}`, not a value here",
                e.name
            );
            let help =
                "compare a field of that enum with it, e.g. `level == junior` or `level in [a, b]`";
            self.err(
                error::UNKNOWN_NAME,
                span,
                message,
                "variant used alone".into(),
            )
            .set_help(help);
            return;
        }
        let mut candidates: Vec<&str> = Vec::new();
        if lets_visible {
            candidates.extend(self.scope.lets.iter().map(|(n, _)| n.as_str()));
        }
        if self.place != Place::Const
            && let Some(record) = self.scope.record
        {
            candidates.extend(record.fields.iter().map(|f| f.name.as_str()));
        }
        candidates.extend(self.scope.consts.keys().map(String::as_str));
        candidates.sort_unstable();
        let help = suggest::help(name, candidates.iter().copied());
        let (message, label) = match (self.place, self.scope.record) {
            (Place::Const, _) => (
                format!("unknown const `{name}`"),
                "not a const (only literals and consts may be used here)".to_string(),
            ),
            (_, Some(r)) => (
                format!("unknown name `{name}`"),
                format!("not a let, a field of `{}`, or a const", r.name),
            ),
            (_, None) => (format!("unknown name `{name}`"), "unknown name".to_string()),
        };
        let e = LoadError::at(error::UNKNOWN_NAME, self.sources, span, message, label)
            .with_help_opt(help);
        self.report(e);
    }

    fn unary(&mut self, op: UnaryOp, operand: &Expr, span: Span) -> Option<TExpr> {
        let t = self.expr(operand)?;
        match op {
            UnaryOp::Not => {
                if t.ty != Type::Bool {
                    let message = format!("`not` needs a bool, found {}", self.tname(t.ty));
                    let label = format!("this is {}", self.tname(t.ty));
                    self.err(error::TYPE, operand.span, message, label);
                    return None;
                }
                Some(TExpr {
                    kind: TExprKind::Not(Box::new(t)),
                    ty: Type::Bool,
                    span,
                })
            }
            UnaryOp::Neg => {
                if !is_arith(t.ty) {
                    let message = format!("`-` needs a number, found {}", self.tname(t.ty));
                    let label = format!("this is {}", self.tname(t.ty));
                    self.err(error::TYPE, operand.span, message, label);
                    return None;
                }
                let ty = t.ty;
                Some(TExpr {
                    kind: TExprKind::Neg(Box::new(t)),
                    ty,
                    span,
                })
            }
        }
    }

    fn chain(&mut self, first: &Expr, rest: &[(BinOp, Expr)], span: Span) -> Option<TExpr> {
        let first_t = self.expr(first);
        let mut acc = first_t.as_ref().map(|t| t.ty);
        let mut items = Vec::with_capacity(rest.len());
        let mut ok = first_t.is_some();
        for (op, rhs) in rest {
            let rt = self.expr(rhs);
            match (acc, &rt) {
                (Some(lt), Some(r)) => {
                    let so_far = first.span.to(rhs.span);
                    acc = self.binary(*op, lt, r, rhs, so_far);
                }
                _ => acc = None,
            }
            match rt {
                Some(r) => items.push((*op, r)),
                None => ok = false,
            }
        }
        let ty = acc?;
        if !ok {
            return None;
        }
        Some(TExpr {
            kind: TExprKind::Chain {
                first: Box::new(first_t?),
                rest: items,
            },
            ty,
            span,
        })
    }

    /// The type of `lhs op rhs` inside a chain, or an error.
    fn binary(&mut self, op: BinOp, lt: Type, r: &TExpr, rhs: &Expr, span: Span) -> Option<Type> {
        let rt = r.ty;
        let result = match op {
            BinOp::Or | BinOp::And => (lt == Type::Bool && rt == Type::Bool).then_some(Type::Bool),
            BinOp::Coalesce => unify(lt, rt),
            BinOp::Add | BinOp::Sub => match (lt, rt) {
                (Type::Int, Type::Int) => Some(Type::Int),
                (Type::Percent, Type::Percent) => Some(Type::Percent),
                (a, b) if a.is_numeric() && b.is_numeric() => Some(Type::Number),
                (Type::Quantity(a), Type::Quantity(b)) if a == b => Some(lt),
                _ => None,
            },
            BinOp::Mul => match (lt, rt) {
                (Type::Int, Type::Int) => Some(Type::Int),
                (a, b) if a.is_numeric() && b.is_numeric() => Some(Type::Number),
                (Type::Quantity(_), b) if b.is_numeric() => Some(lt),
                (a, Type::Quantity(_)) if a.is_numeric() => Some(rt),
                _ => None,
            },
            BinOp::Div => match (lt, rt) {
                (a, b) if a.is_numeric() && b.is_numeric() => Some(Type::Number),
                (Type::Quantity(a), Type::Quantity(b)) if a == b => Some(Type::Number),
                (Type::Quantity(_), b) if b.is_numeric() => Some(lt),
                _ => None,
            },
        };
        if result.is_none() {
            let (l, rn) = (self.tname(lt), self.tname(rt));
            let message = match op {
                BinOp::Or | BinOp::And => {
                    format!("`{}` needs bool operands, found {l} and {rn}", op.as_str())
                }
                BinOp::Coalesce => format!("the operands of `??` must agree, found {l} and {rn}"),
                _ => format!("`{}` cannot combine {l} and {rn}", op.as_str()),
            };
            let help = self.unit_help(lt, rt, rhs);
            let e = LoadError::at(
                error::TYPE,
                self.sources,
                span,
                message,
                format!("{l} {} {rn}", op.as_str()),
            )
            .with_help_opt(help);
            self.report(e);
        }
        result
    }

    /// For a quantity meeting a bare number: `write 1000Mbps`.
    fn unit_help(&self, lt: Type, rt: Type, rhs: &Expr) -> Option<String> {
        let dim = match (lt, rt) {
            (Type::Quantity(d), b) if b.is_numeric() => d,
            _ => return None,
        };
        Some(self.number_as_quantity(dim, rhs))
    }

    fn number_as_quantity(&self, dim: Dim, expr: &Expr) -> String {
        if matches!(expr.kind, ExprKind::Number { .. }) {
            format!(
                "a {} needs a unit: write {}{}",
                dim.name(),
                self.text(expr.span).trim(),
                dim.unit()
            )
        } else {
            format!(
                "a {} needs a unit: e.g. `({}) * 1{}`",
                dim.name(),
                self.text(expr.span).trim(),
                dim.unit()
            )
        }
    }

    /// Checks the right side of `==`, `!=`, `in`: a bare name is a variant
    /// when the left side is an enum.
    fn operand_for(&mut self, left: Option<Type>, expr: &Expr) -> Option<TExpr> {
        let (Some(Type::Enum(e)), ExprKind::Name(name)) = (left, &expr.kind) else {
            return self.expr(expr);
        };
        let def = self.scope.enums.get(e as usize)?;
        if let Some(v) = def.variants.iter().position(|v| &v.name == name) {
            return Some(TExpr {
                kind: TExprKind::Lit(OwnedValue::Enum(v as u32)),
                ty: Type::Enum(e),
                span: expr.span,
            });
        }
        let is_value = self.scope.lets.iter().any(|(n, _)| n == name)
            || self.scope.record.is_some_and(|r| r.field(name).is_some())
            || self.scope.consts.contains_key(name.as_str());
        if is_value {
            return self.expr(expr);
        }
        let help = suggest::help(name, def.variants.iter().map(|v| v.name.as_str()));
        let names: Vec<String> = def
            .variants
            .iter()
            .map(|v| format!("`{}`", v.name))
            .collect();
        let help = help.unwrap_or_else(|| format!("the variants are {}", names.join(", ")));
        let e = LoadError::at(
            error::UNKNOWN_NAME,
            self.sources,
            expr.span,
            format!("unknown variant `{name}` of the enum `{}`", def.name),
            format!("not a variant of `{}`", def.name),
        )
        .with_help(help);
        self.report(e);
        None
    }

    /// For an enum compared with a string that spells one of its variants
    /// (by name or label): `write the variant name: `junior``.
    fn variant_for_label(&self, e: u32, expr: &Expr) -> Option<String> {
        let ExprKind::Str(text) = &expr.kind else {
            return None;
        };
        let def = self.scope.enums.get(e as usize)?;
        def.variants
            .iter()
            .find(|v| &v.name == text || v.labels.iter().any(|l| l == text))
            .map(|v| format!("compare with the variant by name: `{}`", v.name))
    }

    fn compare(&mut self, op: CompareOp, lhs: &Expr, rhs: &Expr, span: Span) -> Option<TExpr> {
        let l = self.expr(lhs);
        let r = self.operand_for(l.as_ref().map(|t| t.ty), rhs);
        let (l, r) = (l?, r?);
        let ordering = !matches!(op, CompareOp::Eq | CompareOp::Ne);
        let ok = match (l.ty, r.ty) {
            (a, b) if a.is_numeric() && b.is_numeric() => true,
            (Type::Quantity(a), Type::Quantity(b)) => a == b,
            (Type::Text, Type::Text) | (Type::Date, Type::Date) => true,
            (Type::Bool, Type::Bool) | (Type::Enum(_), Type::Enum(_)) if l.ty == r.ty => !ordering,
            _ => false,
        };
        if !ok {
            let (ln, rn) = (self.tname(l.ty), self.tname(r.ty));
            let message = if l.ty == r.ty {
                format!(
                    "{ln} values have no order: `{}` cannot compare them",
                    op.as_str()
                )
            } else {
                format!("`{}` cannot compare {ln} with {rn}", op.as_str())
            };
            let help = match (l.ty, r.ty) {
                (Type::Quantity(d), b) if b.is_numeric() => Some(self.number_as_quantity(d, rhs)),
                (a, Type::Quantity(d)) if a.is_numeric() => Some(self.number_as_quantity(d, lhs)),
                _ if l.ty == r.ty => Some("use `==`, `!=` or `in`".to_string()),
                (Type::Enum(e), Type::Text) => self.variant_for_label(e, rhs),
                _ => None,
            };
            let label = format!("{ln} {} {rn}", op.as_str());
            let e =
                LoadError::at(error::TYPE, self.sources, span, message, label).with_help_opt(help);
            self.report(e);
            return None;
        }
        Some(TExpr {
            kind: TExprKind::Compare {
                op,
                lhs: Box::new(l),
                rhs: Box::new(r),
            },
            ty: Type::Bool,
            span,
        })
    }

    fn in_list(&mut self, lhs: &Expr, list: &Expr, negated: bool, span: Span) -> Option<TExpr> {
        let l = self.expr(lhs);
        let mut inner = list;
        while let ExprKind::Paren(e) = &inner.kind {
            inner = e;
        }
        let ExprKind::List(items) = &inner.kind else {
            self.err(
                error::TYPE,
                list.span,
                "`in` needs a list such as `[a, b]`".into(),
                "not a list".into(),
            );
            return None;
        };
        let left_ty = l.as_ref().map(|t| t.ty);
        let mut typed = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match self.operand_for(left_ty, item) {
                Some(t) => {
                    if let Some(lt) = left_ty
                        && unify(lt, t.ty).is_none()
                    {
                        let (ln, tn) = (self.tname(lt), self.tname(t.ty));
                        let message = format!("a list item of type {tn} cannot match {ln}");
                        let help = self.unit_help(lt, t.ty, item);
                        let e = LoadError::at(
                            error::TYPE,
                            self.sources,
                            item.span,
                            message,
                            format!("this is {tn}"),
                        )
                        .with_help_opt(help);
                        self.report(e);
                        ok = false;
                    }
                    typed.push(t);
                }
                None => ok = false,
            }
        }
        let l = l?;
        if !ok {
            return None;
        }
        Some(TExpr {
            kind: TExprKind::In {
                lhs: Box::new(l),
                items: typed,
                negated,
            },
            ty: Type::Bool,
            span,
        })
    }

    fn if_expr(&mut self, cond: &Expr, then: &Expr, otherwise: &Expr, span: Span) -> Option<TExpr> {
        let c = self.condition(cond, "the test of `if`");
        let t = self.expr(then);
        let o = self.expr(otherwise);
        let (c, t, o) = (c?, t?, o?);
        let Some(ty) = unify(t.ty, o.ty) else {
            let (tn, on) = (self.tname(t.ty), self.tname(o.ty));
            let message = format!("the branches of `if` must agree, found {tn} and {on}");
            let e = LoadError::at(
                error::TYPE,
                self.sources,
                then.span,
                message,
                format!("this is {tn}"),
            )
            .also(self.sources, otherwise.span, format!("this is {on}"));
            self.report(e);
            return None;
        };
        Some(TExpr {
            kind: TExprKind::If {
                cond: Box::new(c),
                then: Box::new(t),
                otherwise: Box::new(o),
            },
            ty,
            span,
        })
    }
}
