//! `example OUTCOME { … }` / `example OUTCOME [ {…}, … ]` (LANGUAGE.md 9):
//! the form fits the rule's scope, fields exist, values are literals of the
//! field's type, and a `per` example's records share one group key.

use std::collections::HashMap;

use crate::model::{Example, Field, RuleScope, Type};
use crate::source::Span;
use crate::syntax::ast::{ClauseKind, Expr, ExprKind, RuleDecl};
use crate::value::OwnedValue;

use super::consts::{fits, fold_or_report};
use super::error::{self, Errors, LoadError};
use super::rules::{Context, RuleCtx};
use super::suggest;
use super::types::{Place, type_name_in};
use crate::i18n::load;
use crate::syntax::list_separator;
use crate::t;

/// Checks every example of a rule.
pub fn examples(
    decl: &RuleDecl,
    ctx: &RuleCtx<'_>,
    pack: &Context<'_>,
    errors: &mut Errors,
) -> Vec<Example> {
    let sources = pack.sources;
    let record = &ctx.record.record;
    let mut out = Vec::new();
    for clause in &decl.clauses {
        let ClauseKind::Example(ex) = &clause.kind else {
            continue;
        };
        let group_rule = ctx.scope != RuleScope::Record;
        if ex.is_group != group_rule {
            let (message, help) = if group_rule {
                (load::EXAMPLE_GROUP_FORM, load::EXAMPLE_GROUP_FORM_HELP)
            } else {
                (load::EXAMPLE_RECORD_FORM, load::EXAMPLE_RECORD_FORM_HELP)
            };
            errors.push(
                LoadError::at(
                    error::EXAMPLE,
                    sources,
                    clause.span,
                    t!(errors.lang, message),
                    t!(errors.lang, load::WRONG_FORM_LABEL),
                )
                .with_help(t!(errors.lang, help)),
            );
            continue;
        }
        let before = errors.len();
        let mut records = Vec::with_capacity(ex.records.len());
        for rec in &ex.records {
            let mut values: Vec<(u32, OwnedValue)> = Vec::new();
            let mut spans: HashMap<u32, Span> = HashMap::new();
            for (name, expr) in &rec.fields {
                let Some(index) = record.field(&name.name) else {
                    let fields = record.fields.iter().map(|f| f.name.as_str());
                    let help = suggest::help(errors.lang, &name.name, fields);
                    errors.push(
                        LoadError::at(
                            error::UNKNOWN_NAME,
                            sources,
                            name.span,
                            t!(errors.lang, load::EXAMPLE_UNKNOWN_FIELD, name = name.name),
                            t!(
                                errors.lang,
                                load::NOT_A_FIELD_OF_LABEL,
                                record = record.name
                            ),
                        )
                        .with_help_opt(help),
                    );
                    continue;
                };
                let index = index as u32;
                if let Some(&first) = spans.get(&index) {
                    errors.push(
                        LoadError::at(
                            error::DUPLICATE,
                            sources,
                            name.span,
                            t!(errors.lang, load::EXAMPLE_FIELD_TWICE, name = name.name),
                            t!(errors.lang, load::GIVEN_AGAIN_LABEL),
                        )
                        .also(
                            sources,
                            first,
                            t!(errors.lang, load::FIRST_GIVEN_LABEL),
                        ),
                    );
                    continue;
                }
                spans.insert(index, name.span);
                if ctx.record.bad_fields.contains(&index) {
                    continue;
                }
                if let Some(v) = value(expr, &record.fields[index as usize], ctx, pack, errors) {
                    values.push((index, v));
                }
            }
            records.push((values, rec.span));
        }
        if let RuleScope::Per(per) = &ctx.scope {
            same_group(&records, per, record, pack, errors);
        }
        if errors.len() == before {
            out.push(Example {
                outcome: ex.outcome,
                records: records.into_iter().map(|(v, _)| v).collect(),
                span: clause.span,
            });
        }
    }
    out
}

/// Reports records of one `per` example that fall in different groups.
fn same_group(
    records: &[(Vec<(u32, OwnedValue)>, Span)],
    per: &[u32],
    record: &crate::model::RecordType,
    pack: &Context<'_>,
    errors: &mut Errors,
) {
    let key = |values: &[(u32, OwnedValue)]| -> Vec<OwnedValue> {
        per.iter()
            .map(|p| {
                values
                    .iter()
                    .find(|(i, _)| i == p)
                    .map_or(OwnedValue::Missing, |(_, v)| v.clone())
            })
            .collect()
    };
    let Some((first, first_span)) = records.first() else {
        return;
    };
    let first_key = key(first);
    for (values, span) in &records[1..] {
        if key(values) != first_key {
            let names: Vec<String> = per
                .iter()
                .filter_map(|&p| record.fields.get(p as usize))
                .map(|f| format!("`{}`", f.name))
                .collect();
            errors.push(
                LoadError::at(
                    error::EXAMPLE,
                    pack.sources,
                    *span,
                    t!(
                        errors.lang,
                        load::EXAMPLE_GROUPS,
                        list = names.join(list_separator(errors.lang))
                    ),
                    t!(errors.lang, load::ANOTHER_GROUP_LABEL),
                )
                .also(
                    pack.sources,
                    *first_span,
                    t!(errors.lang, load::FIRST_GROUP_LABEL),
                )
                .with_help(t!(errors.lang, load::EXAMPLE_GROUPS_HELP)),
            );
            return;
        }
    }
}

/// One example value, converted to the field's type.
fn value(
    expr: &Expr,
    field: &Field,
    ctx: &RuleCtx<'_>,
    pack: &Context<'_>,
    errors: &mut Errors,
) -> Option<OwnedValue> {
    let sources = pack.sources;
    if let (Type::Enum(e), ExprKind::Name(name)) = (field.ty, &expr.kind)
        && let Some(def) = pack.enums.get(e as usize)
        && !pack.consts.contains_key(name.as_str())
    {
        if let Some(v) = def.variants.iter().position(|v| &v.name == name) {
            return Some(OwnedValue::Enum(v as u32));
        }
        let variants = def.variants.iter().map(|v| v.name.as_str());
        let help = suggest::help(errors.lang, name, variants);
        errors.push(
            LoadError::at(
                error::UNKNOWN_NAME,
                sources,
                expr.span,
                t!(
                    errors.lang,
                    load::UNKNOWN_VARIANT,
                    name = name,
                    enum_name = def.name
                ),
                t!(errors.lang, load::NOT_A_VARIANT_LABEL, enum_name = def.name),
            )
            .with_help_opt(help),
        );
        return None;
    }
    // Extension: a string that spells a variant (name or label) as data would.
    if let (Type::Enum(e), ExprKind::Str(text)) = (field.ty, &expr.kind)
        && let Some(def) = pack.enums.get(e as usize)
        && let Some(v) = def
            .variants
            .iter()
            .position(|v| &v.name == text || v.labels.iter().any(|l| l == text))
    {
        return Some(OwnedValue::Enum(v as u32));
    }
    let mut aggregates = Vec::new();
    let mut typer = pack.typer(ctx, &[], Place::Const, errors, &mut aggregates);
    let t = typer.expr(expr)?;
    let c = fold_or_report(&t, sources, typer.errors)?;
    let integral = match (&c.value, field.ty) {
        (OwnedValue::Num(n), Type::Int) => n.fract() == 0.0,
        _ => true,
    };
    if fits(c.ty, field.ty) && integral {
        return Some(c.value);
    }
    let lang = typer.errors.lang;
    let (vn, fname) = (
        type_name_in(c.ty, pack.enums, lang),
        type_name_in(field.ty, pack.enums, lang),
    );
    let mut e = LoadError::at(
        error::TYPE,
        sources,
        expr.span,
        t!(
            lang,
            load::EXAMPLE_VALUE_TYPE,
            name = field.name,
            field_ty = fname,
            ty = vn
        ),
        t!(lang, load::THIS_IS, ty = vn),
    );
    if !integral {
        e = LoadError::at(
            error::TYPE,
            sources,
            expr.span,
            t!(lang, load::EXAMPLE_FRACTION, name = field.name),
            t!(lang, load::NOT_WHOLE_LABEL),
        );
    } else if let (Type::Quantity(d), true) = (field.ty, c.ty.is_numeric()) {
        let text = sources.get(expr.span.file).slice(expr.span).trim();
        e.set_help(t!(
            lang,
            load::WRITE_WITH_UNIT,
            text = format!("{text}{}", d.unit())
        ));
    }
    errors.push(e);
    None
}
