//! Function calls: the scalar functions of LANGUAGE.md 5 (with the
//! `count_true` extension) and the aggregates of group rules, with their
//! arity, argument types and where they may appear.

use crate::model::{AggFn, Aggregate, ScalarFn, TExpr, TExprKind, Type};
use crate::source::Span;
use crate::syntax::ast::{Expr, Ident};

use super::error::{self, LoadError};
use super::suggest;
use super::types::{Place, Typer, is_arith, unify};
use crate::i18n::Msg;
use crate::i18n::load;
use crate::t;

/// The aggregate functions, by name.
const AGGREGATES: &[(&str, AggFn)] = &[
    ("count", AggFn::Count),
    ("sum", AggFn::Sum),
    ("avg", AggFn::Avg),
    ("min", AggFn::Min),
    ("max", AggFn::Max),
    ("cv", AggFn::Cv),
];

/// The scalar functions, by name (`count_true` is an extension).
const SCALARS: &[(&str, ScalarFn)] = &[
    ("present", ScalarFn::Present),
    ("missing", ScalarFn::Missing),
    ("least", ScalarFn::Least),
    ("greatest", ScalarFn::Greatest),
    ("abs", ScalarFn::Abs),
    ("round", ScalarFn::Round),
    ("floor", ScalarFn::Floor),
    ("ceil", ScalarFn::Ceil),
    ("len", ScalarFn::Len),
    ("year", ScalarFn::Year),
    ("count_true", ScalarFn::CountTrue),
];

/// The result type of an aggregate (what the engine computes).
fn aggregate_type(func: AggFn, arg: Option<Type>) -> Type {
    match (func, arg) {
        (AggFn::Count, _) => Type::Int,
        (AggFn::Cv, _) => Type::Number,
        (AggFn::Avg, Some(Type::Int)) => Type::Number,
        (_, Some(ty)) => ty,
        (_, None) => Type::Number,
    }
}

impl Typer<'_, '_> {
    /// Checks a call of a scalar function or an aggregate.
    pub(super) fn call(
        &mut self,
        func: &Ident,
        args: &[Expr],
        filter: Option<&Expr>,
        span: Span,
    ) -> Option<TExpr> {
        if let Some(&(_, agg)) = AGGREGATES.iter().find(|(n, _)| *n == func.name) {
            return self.aggregate(func, agg, args, filter, span);
        }
        let Some(&(_, f)) = SCALARS.iter().find(|(n, _)| *n == func.name) else {
            let names = AGGREGATES
                .iter()
                .map(|a| a.0)
                .chain(SCALARS.iter().map(|s| s.0));
            let lang = self.lang();
            let help = suggest::help(lang, &func.name, names);
            let e = LoadError::at(
                error::UNKNOWN_NAME,
                self.sources,
                func.span,
                t!(lang, load::UNKNOWN_FUNCTION, name = func.name),
                t!(lang, load::UNKNOWN_FUNCTION_LABEL),
            )
            .with_help_opt(help);
            self.report(e);
            for arg in args {
                let _ = self.expr(arg);
            }
            return None;
        };
        if let Some(filter) = filter {
            self.err(
                error::SCOPE,
                filter.span,
                t!(self.lang(), load::WHERE_NOT_AGGREGATE, name = func.name),
                t!(self.lang(), load::WHERE_NOT_AGGREGATE_LABEL),
            );
        }
        let typed: Vec<Option<TExpr>> = args.iter().map(|a| self.expr(a)).collect();
        let arity_ok = match f {
            ScalarFn::Present
            | ScalarFn::Missing
            | ScalarFn::Abs
            | ScalarFn::Floor
            | ScalarFn::Ceil => args.len() == 1,
            ScalarFn::Len | ScalarFn::Year => args.len() == 1,
            ScalarFn::Round => matches!(args.len(), 1 | 2),
            ScalarFn::Least | ScalarFn::Greatest | ScalarFn::CountTrue => !args.is_empty(),
        };
        if !arity_ok {
            let expected = match f {
                ScalarFn::Round => load::TAKES_ONE_OR_TWO,
                ScalarFn::Least | ScalarFn::Greatest | ScalarFn::CountTrue => {
                    load::TAKES_AT_LEAST_ONE
                }
                _ => load::TAKES_ONE,
            };
            self.arity(&func.name, expected, args.len(), span);
            return None;
        }
        if filter.is_some() {
            return None;
        }
        let mut out = Vec::with_capacity(typed.len());
        for t in typed {
            out.push(t?);
        }
        let ty = self.scalar_type(f, &func.name, &out)?;
        Some(TExpr {
            kind: TExprKind::Call { func: f, args: out },
            ty,
            span,
        })
    }

    /// Reports a call with the wrong number of arguments.
    fn arity(&mut self, name: &str, expected: Msg, count: usize, span: Span) {
        let lang = self.lang();
        let expected = t!(lang, expected);
        let message = t!(
            lang,
            load::ARITY,
            name = name,
            expected = expected,
            count = count
        );
        let label = if count == 1 {
            t!(lang, load::ARGUMENTS_ONE, count = count)
        } else {
            t!(lang, load::ARGUMENTS_MANY, count = count)
        };
        self.err(error::ARITY, span, message, label);
    }

    /// Reports an argument of the wrong type.
    fn bad_arg(&mut self, func: &str, arg: &TExpr, expected: Msg) {
        let expected = t!(self.lang(), expected);
        self.bad_arg_text(func, arg, &expected);
    }

    /// [`Self::bad_arg`] with the expectation written out.
    fn bad_arg_text(&mut self, func: &str, arg: &TExpr, expected: &str) {
        let (lang, ty) = (self.lang(), self.tname(arg.ty));
        let message = t!(
            lang,
            load::BAD_ARGUMENT,
            name = func,
            expected = expected,
            ty = ty
        );
        let label = t!(lang, load::THIS_IS, ty = ty);
        self.err(error::TYPE, arg.span, message, label);
    }

    /// The result type of a scalar function whose arity was checked.
    fn scalar_type(&mut self, f: ScalarFn, name: &str, args: &[TExpr]) -> Option<Type> {
        let (first, rest) = args.split_first()?;
        match f {
            ScalarFn::Present | ScalarFn::Missing => Some(Type::Bool),
            ScalarFn::Abs | ScalarFn::Floor | ScalarFn::Ceil | ScalarFn::Round => {
                if !is_arith(first.ty) {
                    self.bad_arg(name, first, load::ARG_NUMBER);
                    return None;
                }
                if let Some(d) = rest.first()
                    && d.ty != Type::Int
                {
                    self.bad_arg(name, d, load::ARG_DIGITS);
                    return None;
                }
                Some(first.ty)
            }
            ScalarFn::Len => {
                if first.ty != Type::Text {
                    self.bad_arg(name, first, load::ARG_TEXT);
                    return None;
                }
                Some(Type::Int)
            }
            ScalarFn::Year => {
                if first.ty != Type::Date {
                    self.bad_arg(name, first, load::ARG_DATE);
                    return None;
                }
                Some(Type::Int)
            }
            ScalarFn::CountTrue => {
                let mut ok = true;
                for a in args {
                    if a.ty != Type::Bool {
                        self.bad_arg(name, a, load::ARG_CONDITIONS);
                        ok = false;
                    }
                }
                ok.then_some(Type::Int)
            }
            ScalarFn::Least | ScalarFn::Greatest => {
                if !(is_arith(first.ty) || first.ty == Type::Date) {
                    self.bad_arg(name, first, load::ARG_ORDERED);
                    return None;
                }
                let mut ty = first.ty;
                for a in rest {
                    match unify(ty, a.ty) {
                        Some(t) => ty = t,
                        None => {
                            let ty = self.tname(first.ty);
                            let expected = t!(self.lang(), load::ARG_SAME_TYPE, ty = ty);
                            self.bad_arg_text(name, a, &expected);
                            return None;
                        }
                    }
                }
                Some(ty)
            }
        }
    }

    fn aggregate(
        &mut self,
        func: &Ident,
        agg: AggFn,
        args: &[Expr],
        filter: Option<&Expr>,
        span: Span,
    ) -> Option<TExpr> {
        let name = func.name.as_str();
        let lang = self.lang();
        match self.place {
            Place::Group => {}
            Place::Record => {
                self.err(
                    error::SCOPE,
                    span,
                    t!(lang, load::AGG_IN_RECORD_RULE, name = name),
                    t!(lang, load::AGG_IN_RECORD_RULE_LABEL),
                )
                .set_help(t!(lang, load::AGG_IN_RECORD_RULE_HELP));
                return None;
            }
            Place::Where => {
                self.err(
                    error::SCOPE,
                    span,
                    t!(lang, load::AGG_IN_WHERE, name = name),
                    t!(lang, load::AGG_IN_WHERE_LABEL),
                )
                .set_help(t!(lang, load::AGG_IN_WHERE_HELP));
                return None;
            }
            Place::InAgg => {
                self.err(
                    error::SCOPE,
                    span,
                    t!(lang, load::AGG_NESTED, name = name),
                    t!(lang, load::AGG_NESTED_LABEL),
                );
                return None;
            }
            Place::Const => {
                self.err(
                    error::CONST,
                    span,
                    t!(lang, load::AGG_IN_CONST, name = name),
                    t!(lang, load::AGG_IN_CONST_LABEL),
                );
                return None;
            }
        }
        let arity_ok = match agg {
            AggFn::Count => args.is_empty(),
            AggFn::Cv => matches!(args.len(), 1 | 2),
            _ => args.len() == 1,
        };
        if !arity_ok {
            let expected = match agg {
                AggFn::Count => load::TAKES_COUNT,
                AggFn::Cv => load::TAKES_CV,
                _ => load::TAKES_ONE,
            };
            self.arity(name, expected, args.len(), span);
            return None;
        }
        self.place = Place::InAgg;
        let arg = args.first().map(|a| self.expr(a));
        let weight = args.get(1).map(|a| self.expr(a));
        let cond = filter.map(|f| self.condition(f, load::COND_FILTER));
        self.place = Place::Group;
        let arg = match arg {
            Some(a) => Some(a?),
            None => None,
        };
        let weight = match weight {
            Some(w) => Some(w?),
            None => None,
        };
        let filter = match cond {
            Some(c) => Some(c?),
            None => None,
        };
        if let Some(a) = &arg {
            let ok = match agg {
                AggFn::Min | AggFn::Max => is_arith(a.ty) || a.ty == Type::Date,
                _ => is_arith(a.ty),
            };
            if !ok {
                let expected = match agg {
                    AggFn::Min | AggFn::Max => load::ARG_ORDERED,
                    _ => load::ARG_NUMERIC,
                };
                self.bad_arg(name, a, expected);
                return None;
            }
        }
        if let Some(w) = &weight
            && !w.ty.is_numeric()
        {
            self.bad_arg(name, w, load::ARG_WEIGHT);
            return None;
        }
        let ty = aggregate_type(agg, arg.as_ref().map(|a| a.ty));
        let text = self.text(span).to_string();
        let index = match self.aggregates.iter().position(|a| a.text == text) {
            Some(i) => i,
            None => {
                self.aggregates.push(Aggregate {
                    func: agg,
                    arg,
                    weight,
                    filter,
                    text,
                    span,
                });
                self.aggregates.len() - 1
            }
        };
        Some(TExpr {
            kind: TExprKind::Agg(index as u32),
            ty,
            span,
        })
    }
}
