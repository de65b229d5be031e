//! Name resolution and type checking of expressions (LANGUAGE.md 5, 5.1):
//! AST [`Expr`] → typed [`TExpr`], with every problem reported as a located
//! [`LoadError`]. A failed subexpression yields `None` and its parents stay
//! silent, so one mistake gives one error.

use std::collections::HashMap;

use crate::model::{Aggregate, EnumDef, RecordType, TExpr, TExprKind, Type};
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{BinOp, CompareOp, Expr, ExprKind, UnaryOp};
use crate::value::{Dim, OwnedValue};

use super::error::{self, Errors, LoadError};
use super::suggest;
use crate::i18n::load;
use crate::i18n::{Lang, Msg};
use crate::syntax::list_separator;
use crate::t;

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
    pub errors: &'e mut Errors,
    /// The rule's aggregates so far (identical text is shared).
    pub aggregates: &'e mut Vec<Aggregate>,
}

/// The name of a type as users write it, in `lang` (`int`, `enum `level``
/// or 枚举 `level`).
pub fn type_name_in(ty: Type, enums: &[EnumDef], lang: Lang) -> String {
    let word = match ty {
        Type::Bool => "bool",
        Type::Int => "int",
        Type::Number => "number",
        Type::Percent => "percent",
        Type::Quantity(dim) => dim.name(),
        Type::Text => "text",
        Type::Date => "date",
        Type::Enum(i) => match enums.get(i as usize) {
            Some(e) => return t!(lang, load::ENUM_TYPE, name = e.name),
            None => "enum",
        },
    };
    code_word(word, lang)
}

/// A word of the language as a message shows it: bare in English, in code
/// font among Chinese text.
pub fn code_word(word: &str, lang: Lang) -> String {
    match lang {
        Lang::En => word.to_owned(),
        Lang::Zh => format!("`{word}`"),
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
        type_name_in(ty, self.scope.enums, self.lang())
    }

    /// The language of messages.
    pub(super) fn lang(&self) -> Lang {
        self.errors.lang
    }

    pub(super) fn text(&self, span: Span) -> &str {
        self.sources.get(span.file).slice(span)
    }

    /// Checks an expression that must be `bool` (`where`, `require`, …).
    pub fn condition(&mut self, expr: &Expr, what: Msg) -> Option<TExpr> {
        let t = self.expr(expr)?;
        if t.ty != Type::Bool {
            let (lang, ty) = (self.lang(), self.tname(t.ty));
            let message = t!(lang, load::NOT_A_CONDITION, what = t!(lang, what), ty = ty);
            let label = t!(lang, load::THIS_IS, ty = ty);
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
                    t!(self.lang(), load::LIST_OUTSIDE_IN),
                    t!(self.lang(), load::LIST_HERE_LABEL),
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
            let lang = self.lang();
            let help = match field.ty {
                ty if is_arith(ty) => t!(lang, load::AGG_HELP_SUM, name = name),
                Type::Date => t!(lang, load::AGG_HELP_MAX, name = name),
                Type::Bool => t!(lang, load::AGG_HELP_COUNT, name = name),
                _ => t!(lang, load::AGG_HELP_COUNT_BY, name = name),
            };
            let per: Vec<&str> = self
                .scope
                .per
                .iter()
                .filter_map(|&p| record.fields.get(p as usize))
                .map(|f| f.name.as_str())
                .collect();
            let message = if per.is_empty() {
                t!(lang, load::FIELD_IN_OVERALL, name = name)
            } else {
                let list = per
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(list_separator(lang));
                let msg = if per.len() == 1 {
                    load::FIELD_IN_GROUP_ONE
                } else {
                    load::FIELD_IN_GROUP_MANY
                };
                t!(lang, msg, name = name, per = list)
            };
            let label = t!(lang, load::OUTSIDE_AGGREGATE_LABEL);
            self.err(error::SCOPE, span, message, label).set_help(help);
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
        let lang = self.lang();
        let (message, help) = match self.place {
            Place::Where => (
                t!(lang, load::LET_IN_WHERE, name = name),
                t!(lang, load::LET_IN_WHERE_HELP),
            ),
            _ => (
                t!(lang, load::LET_IN_AGGREGATE, name = name),
                t!(lang, load::LET_IN_AGGREGATE_HELP),
            ),
        };
        let label = t!(lang, load::LET_OF_RULE_LABEL);
        self.err(error::SCOPE, span, message, label).set_help(help);
    }

    fn unknown_name(&mut self, name: &str, span: Span, lets_visible: bool) {
        if let Some(e) = self
            .scope
            .enums
            .iter()
            .find(|e| e.variants.iter().any(|v| v.name == name))
        {
            let lang = self.lang();
            let message = t!(lang, load::VARIANT_ALONE, name = name, enum_name = e.name);
            let help = t!(lang, load::VARIANT_ALONE_HELP);
            let label = t!(lang, load::VARIANT_ALONE_LABEL);
            self.err(error::UNKNOWN_NAME, span, message, label)
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
        let lang = self.lang();
        let help = suggest::help(lang, name, candidates.iter().copied());
        let (message, label) = match (self.place, self.scope.record) {
            (Place::Const, _) => (
                t!(lang, load::UNKNOWN_CONST, name = name),
                t!(lang, load::UNKNOWN_CONST_LABEL),
            ),
            (_, Some(r)) => (
                t!(lang, load::UNKNOWN_NAME, name = name),
                t!(lang, load::UNKNOWN_NAME_IN_RULE_LABEL, record = r.name),
            ),
            (_, None) => (
                t!(lang, load::UNKNOWN_NAME, name = name),
                t!(lang, load::UNKNOWN_NAME_LABEL),
            ),
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
                    let ty = self.tname(t.ty);
                    let message = t!(self.lang(), load::NOT_NEEDS_BOOL, ty = ty);
                    let label = t!(self.lang(), load::THIS_IS, ty = ty);
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
                    let ty = self.tname(t.ty);
                    let message = t!(self.lang(), load::NEG_NEEDS_NUMBER, ty = ty);
                    let label = t!(self.lang(), load::THIS_IS, ty = ty);
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
            let (lang, o) = (self.lang(), op.as_str());
            let message = match op {
                BinOp::Or | BinOp::And => {
                    t!(lang, load::LOGIC_NEEDS_BOOL, op = o, left = l, right = rn)
                }
                BinOp::Coalesce => t!(lang, load::COALESCE_DISAGREE, left = l, right = rn),
                _ => t!(lang, load::CANNOT_COMBINE, op = o, left = l, right = rn),
            };
            let help = self.unit_help(lt, rt, rhs);
            let e = LoadError::at(
                error::TYPE,
                self.sources,
                span,
                message,
                t!(lang, load::OPERATION_LABEL, left = l, op = o, right = rn),
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
        let (lang, text) = (self.lang(), self.text(expr.span).trim());
        if matches!(expr.kind, ExprKind::Number { .. }) {
            let text = format!("{text}{}", dim.unit());
            t!(
                lang,
                load::NEEDS_UNIT,
                dim = code_word(dim.name(), lang),
                text = text
            )
        } else {
            let text = format!("({text}) * 1{}", dim.unit());
            t!(
                lang,
                load::NEEDS_UNIT_EXPR,
                dim = code_word(dim.name(), lang),
                text = text
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
        let lang = self.lang();
        let help = suggest::help(lang, name, def.variants.iter().map(|v| v.name.as_str()));
        let names: Vec<String> = def
            .variants
            .iter()
            .map(|v| format!("`{}`", v.name))
            .collect();
        let help = help.unwrap_or_else(|| {
            t!(
                lang,
                load::THE_VARIANTS_ARE,
                list = names.join(list_separator(lang))
            )
        });
        let e = LoadError::at(
            error::UNKNOWN_NAME,
            self.sources,
            expr.span,
            t!(
                lang,
                load::UNKNOWN_VARIANT,
                name = name,
                enum_name = def.name
            ),
            t!(lang, load::NOT_A_VARIANT_LABEL, enum_name = def.name),
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
            .map(|v| t!(self.lang(), load::COMPARE_BY_VARIANT, name = v.name))
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
            let (lang, o) = (self.lang(), op.as_str());
            let message = if l.ty == r.ty {
                t!(lang, load::NO_ORDER, ty = ln, op = o)
            } else {
                t!(lang, load::CANNOT_COMPARE, op = o, left = ln, right = rn)
            };
            let help = match (l.ty, r.ty) {
                (Type::Quantity(d), b) if b.is_numeric() => Some(self.number_as_quantity(d, rhs)),
                (a, Type::Quantity(d)) if a.is_numeric() => Some(self.number_as_quantity(d, lhs)),
                _ if l.ty == r.ty => Some(t!(lang, load::NO_ORDER_HELP)),
                (Type::Enum(e), Type::Text) => self.variant_for_label(e, rhs),
                _ => None,
            };
            let label = t!(lang, load::OPERATION_LABEL, left = ln, op = o, right = rn);
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
                t!(self.lang(), load::IN_NEEDS_LIST),
                t!(self.lang(), load::NOT_A_LIST_LABEL),
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
                        let message = t!(self.lang(), load::LIST_ITEM_TYPE, item = tn, ty = ln);
                        let help = self.unit_help(lt, t.ty, item);
                        let e = LoadError::at(
                            error::TYPE,
                            self.sources,
                            item.span,
                            message,
                            t!(self.lang(), load::THIS_IS, ty = tn),
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
        let c = self.condition(cond, load::COND_IF);
        let t = self.expr(then);
        let o = self.expr(otherwise);
        let (c, t, o) = (c?, t?, o?);
        let Some(ty) = unify(t.ty, o.ty) else {
            let (tn, on) = (self.tname(t.ty), self.tname(o.ty));
            let lang = self.lang();
            let message = t!(lang, load::IF_BRANCHES, then = tn, otherwise = on);
            let e = LoadError::at(
                error::TYPE,
                self.sources,
                then.span,
                message,
                t!(lang, load::THIS_IS, ty = tn),
            )
            .also(
                self.sources,
                otherwise.span,
                t!(lang, load::THIS_IS, ty = on),
            );
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
