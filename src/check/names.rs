//! Declarations: duplicate names, enums, record types and their fields.

use std::collections::HashMap;

use regex::Regex;

use crate::model::{EnumDef, Field, RecordType, Type, Variant};
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{EnumDecl, FieldAttrKind, FieldDecl, RecordDecl};
use crate::value::{Dim, OwnedValue};

use super::consts::{fits, fold_or_report};
use super::error::{self, Errors, LoadError};
use super::suggest;
use super::types::{Const, Place, Scope, Typer, type_name_in};
use crate::i18n::load;
use crate::i18n::{Lang, Msg};
use crate::t;

/// The built-in field types, by name.
pub const BUILTIN_TYPES: &[(&str, Type)] = &[
    ("text", Type::Text),
    ("int", Type::Int),
    ("number", Type::Number),
    ("bool", Type::Bool),
    ("date", Type::Date),
    ("percent", Type::Percent),
    ("rate", Type::Quantity(Dim::Rate)),
    ("area", Type::Quantity(Dim::Area)),
    ("money", Type::Quantity(Dim::Money)),
];

/// Keeps the first of each name, reporting every later one at both places.
pub fn dedupe<'a, T>(
    items: Vec<&'a T>,
    name: impl Fn(&T) -> (&str, Span),
    what: Msg,
    sources: &SourceMap,
    errors: &mut Errors,
) -> Vec<&'a T> {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let mut kept = Vec::new();
    for item in items {
        let (n, span) = name(item);
        match seen.get(n) {
            Some(&first) => errors.push(duplicate(sources, errors.lang, what, n, span, first)),
            None => {
                seen.insert(n, span);
                kept.push(item);
            }
        }
    }
    kept
}

/// `the {what} `{name}` is defined twice`, at the second place and the first.
pub fn duplicate(
    sources: &SourceMap,
    lang: Lang,
    what: Msg,
    name: &str,
    again: Span,
    first: Span,
) -> LoadError {
    let what = t!(lang, what);
    LoadError::at(
        error::DUPLICATE,
        sources,
        again,
        t!(lang, load::DEFINED_TWICE, what = what, name = name),
        t!(lang, load::DEFINED_AGAIN_LABEL),
    )
    .also(sources, first, t!(lang, load::FIRST_DEFINED_LABEL))
    .with_help(t!(lang, load::DEFINED_TWICE_HELP))
}

/// Checks an enum: its name is not a built-in type's, its variants are
/// distinct.
pub fn enum_def(decl: &EnumDecl, sources: &SourceMap, errors: &mut Errors) -> EnumDef {
    let name = decl.name.name.as_str();
    if BUILTIN_TYPES.iter().any(|(n, _)| *n == name) {
        errors.push(
            LoadError::at(
                error::DUPLICATE,
                sources,
                decl.name.span,
                t!(errors.lang, load::ENUM_BUILTIN_NAME, name = name),
                t!(errors.lang, load::ENUM_BUILTIN_NAME_LABEL),
            )
            .with_help(t!(errors.lang, load::ENUM_BUILTIN_NAME_HELP, name = name)),
        );
    }
    let variants = dedupe(
        decl.variants.iter().collect(),
        |v| (v.name.name.as_str(), v.name.span),
        load::KIND_VARIANT,
        sources,
        errors,
    );
    EnumDef {
        name: decl.name.name.clone(),
        variants: variants
            .into_iter()
            .map(|v| Variant {
                name: v.name.name.clone(),
                labels: v.labels.iter().map(|l| l.value.clone()).collect(),
            })
            .collect(),
        span: decl.span,
    }
}

/// A record type and the indices of the fields whose type did not resolve.
pub struct CheckedRecord {
    pub record: RecordType,
    pub bad_fields: Vec<u32>,
}

/// What field declarations are checked against.
pub struct Decls<'a> {
    pub enums: &'a [EnumDef],
    pub consts: &'a HashMap<String, Const>,
    pub bad_consts: &'a [String],
    pub sources: &'a SourceMap,
}

/// Checks a record type and its fields.
pub fn record_type(decl: &RecordDecl, decls: &Decls<'_>, errors: &mut Errors) -> CheckedRecord {
    let sources = decls.sources;
    let fields: Vec<&FieldDecl> = dedupe(
        decl.fields.iter().collect(),
        |f| (f.name.name.as_str(), f.name.span),
        load::KIND_FIELD,
        sources,
        errors,
    );
    let mut record = RecordType {
        name: decl.name.name.clone(),
        fields: Vec::new(),
        key: None,
        span: decl.span,
    };
    let mut bad_fields = Vec::new();
    let mut key_span: Option<Span> = None;
    for &decl_field in &fields {
        let index = record.fields.len() as u32;
        let (field, resolved) = field(decl_field, decls, errors);
        if let Some(span) = key_attr_span(decl_field) {
            match key_span {
                Some(first) => errors.push(
                    LoadError::at(
                        error::DUPLICATE,
                        sources,
                        span,
                        t!(errors.lang, load::TWO_KEYS, record = record.name),
                        t!(errors.lang, load::SECOND_KEY_LABEL),
                    )
                    .also(sources, first, t!(errors.lang, load::FIRST_KEY_LABEL))
                    .with_help(t!(errors.lang, load::TWO_KEYS_HELP)),
                ),
                None => {
                    key_span = Some(span);
                    record.key = Some(index);
                }
            }
        }
        if !resolved {
            bad_fields.push(index);
        }
        record.fields.push(field);
    }
    header_clashes(&fields, sources, errors);
    CheckedRecord { record, bad_fields }
}

fn key_attr_span(decl: &FieldDecl) -> Option<Span> {
    decl.attrs
        .iter()
        .find(|a| a.kind == FieldAttrKind::Key)
        .map(|a| a.span)
}

/// Resolves a field's type name; `false` when it names nothing.
fn field_type(decl: &FieldDecl, decls: &Decls<'_>, errors: &mut Errors) -> (Type, bool) {
    let name = decl.ty.name.as_str();
    // An enum named like a built-in type is an error of its own; its
    // fields take the enum, so that nothing else is reported twice.
    if let Some(i) = decls.enums.iter().position(|e| e.name == name) {
        return (Type::Enum(i as u32), true);
    }
    if let Some(&(_, ty)) = BUILTIN_TYPES.iter().find(|(n, _)| *n == name) {
        return (ty, true);
    }
    let candidates = BUILTIN_TYPES
        .iter()
        .map(|(n, _)| *n)
        .chain(decls.enums.iter().map(|e| e.name.as_str()));
    let lang = errors.lang;
    let help =
        suggest::help(lang, name, candidates).unwrap_or_else(|| t!(lang, load::UNKNOWN_TYPE_HELP));
    errors.push(
        LoadError::at(
            error::UNKNOWN_NAME,
            decls.sources,
            decl.ty.span,
            t!(lang, load::UNKNOWN_TYPE, name = name),
            t!(lang, load::UNKNOWN_TYPE_LABEL),
        )
        .with_help(help),
    );
    (Type::Text, false)
}

/// Checks one field: its type and attributes.
fn field(decl: &FieldDecl, decls: &Decls<'_>, errors: &mut Errors) -> (Field, bool) {
    let sources = decls.sources;
    let (ty, resolved) = field_type(decl, decls, errors);
    let mut field = Field {
        name: decl.name.name.clone(),
        ty,
        required: false,
        unique: false,
        min: None,
        max: None,
        pattern: None,
        pattern_source: None,
        columns: Vec::new(),
        span: decl.span,
    };
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for attr in &decl.attrs {
        let word = match &attr.kind {
            FieldAttrKind::Key => "key",
            FieldAttrKind::Required => "required",
            FieldAttrKind::Unique => "unique",
            FieldAttrKind::Min(_) => "min",
            FieldAttrKind::Max(_) => "max",
            FieldAttrKind::Matches(_) => "matches",
            FieldAttrKind::Column(_) => "column",
        };
        if let Some(&first) = seen.get(word) {
            errors.push(
                LoadError::at(
                    error::DUPLICATE,
                    sources,
                    attr.span,
                    t!(
                        errors.lang,
                        load::ATTRIBUTE_TWICE,
                        field = field.name,
                        word = word
                    ),
                    t!(errors.lang, load::GIVEN_AGAIN_LABEL),
                )
                .also(sources, first, t!(errors.lang, load::FIRST_GIVEN_LABEL))
                .with_help(t!(
                    errors.lang,
                    load::ATTRIBUTE_TWICE_HELP,
                    word = word
                )),
            );
            continue;
        }
        seen.insert(word, attr.span);
        match &attr.kind {
            FieldAttrKind::Key => {
                field.required = true;
                field.unique = true;
            }
            FieldAttrKind::Required => field.required = true,
            FieldAttrKind::Unique => field.unique = true,
            FieldAttrKind::Min(e) if resolved => field.min = bound(word, e, ty, decls, errors),
            FieldAttrKind::Max(e) if resolved => field.max = bound(word, e, ty, decls, errors),
            FieldAttrKind::Min(_) | FieldAttrKind::Max(_) => {}
            FieldAttrKind::Matches(pattern) => {
                if ty != Type::Text && resolved {
                    errors.push(LoadError::at(
                        error::TYPE,
                        sources,
                        attr.span,
                        t!(
                            errors.lang,
                            load::MATCHES_NOT_TEXT,
                            field = field.name,
                            ty = type_name_in(ty, decls.enums, errors.lang)
                        ),
                        t!(errors.lang, load::MATCHES_NOT_TEXT_LABEL),
                    ));
                    continue;
                }
                match Regex::new(&format!("^(?:{})$", pattern.value)) {
                    Ok(re) => {
                        field.pattern = Some(re);
                        field.pattern_source = Some(pattern.value.clone());
                    }
                    Err(e) => errors.push(
                        LoadError::at(
                            error::REGEX,
                            sources,
                            pattern.span,
                            t!(errors.lang, load::BAD_REGEX),
                            t!(
                                errors.lang,
                                load::REGEX_PROBLEM,
                                problem = regex_problem(&e)
                            ),
                        )
                        .with_help(t!(errors.lang, load::BAD_REGEX_HELP)),
                    ),
                }
            }
            FieldAttrKind::Column(headers) => {
                field
                    .columns
                    .extend(headers.iter().map(|h| h.value.clone()));
            }
        }
    }
    let bounds = (&field.min, &field.max, seen.get("min"), seen.get("max"));
    if let (Some(lo), Some(hi), Some(&lo_span), Some(&hi_span)) = bounds
        && above(lo, hi)
    {
        errors.push(
            LoadError::at(
                error::TYPE,
                sources,
                hi_span,
                t!(errors.lang, load::MAX_BELOW_MIN, field = field.name),
                t!(errors.lang, load::UPPER_BOUND_LABEL),
            )
            .also(sources, lo_span, t!(errors.lang, load::LOWER_BOUND_LABEL))
            .with_help(t!(errors.lang, load::MAX_BELOW_MIN_HELP)),
        );
    }
    (field, resolved)
}

/// Whether the bound `lo` lies above `hi`.
fn above(lo: &OwnedValue, hi: &OwnedValue) -> bool {
    match (lo, hi) {
        (OwnedValue::Num(a), OwnedValue::Num(b)) => a > b,
        (OwnedValue::Date(a), OwnedValue::Date(b)) => a > b,
        _ => false,
    }
}

/// A header as data files are matched against it (DATA.md): trimmed,
/// full-width ASCII forms and the ideographic space folded, ASCII letters
/// lower-cased.
fn fold_header(header: &str) -> String {
    header
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .map(|c| c.to_ascii_lowercase())
        .collect::<String>()
        .trim()
        .to_string()
}

/// Reports a name or `column` header that would match two fields of one
/// record type, at both places.
fn header_clashes(fields: &[&FieldDecl], sources: &SourceMap, errors: &mut Errors) {
    let mut seen: HashMap<String, (usize, Span)> = HashMap::new();
    for (i, f) in fields.iter().enumerate() {
        let headers = f.attrs.iter().flat_map(|a| match &a.kind {
            FieldAttrKind::Column(hs) => hs.iter().map(|h| (h.value.as_str(), h.span)).collect(),
            _ => Vec::new(),
        });
        for (header, span) in std::iter::once((f.name.name.as_str(), f.name.span)).chain(headers) {
            let key = fold_header(header);
            match seen.get(&key) {
                Some(&(j, first)) if j != i => errors.push(
                    LoadError::at(
                        error::DUPLICATE,
                        sources,
                        span,
                        t!(errors.lang, load::HEADER_TWO_FIELDS, header = header),
                        t!(errors.lang, load::NAMES_FIELD_LABEL, field = f.name.name),
                    )
                    .also(
                        sources,
                        first,
                        t!(
                            errors.lang,
                            load::NAMES_FIELD_LABEL,
                            field = fields[j].name.name
                        ),
                    )
                    .with_help(t!(errors.lang, load::HEADER_TWO_FIELDS_HELP)),
                ),
                Some(_) => {}
                None => {
                    seen.insert(key, (i, span));
                }
            }
        }
    }
}

/// The last line of a regex error, which names the problem.
fn regex_problem(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map_or(text.clone(), |l| {
            l.trim().trim_start_matches("error: ").to_string()
        })
}

/// A `min`/`max` bound: constant, and of the field's type.
fn bound(
    word: &str,
    expr: &crate::syntax::ast::Expr,
    field_ty: Type,
    decls: &Decls<'_>,
    errors: &mut Errors,
) -> Option<OwnedValue> {
    let sources = decls.sources;
    if !(field_ty.is_numeric() || matches!(field_ty, Type::Quantity(_) | Type::Date)) {
        errors.push(LoadError::at(
            error::TYPE,
            sources,
            expr.span,
            t!(
                errors.lang,
                load::BOUND_NO_ORDER,
                word = word,
                ty = type_name_in(field_ty, decls.enums, errors.lang)
            ),
            t!(errors.lang, load::BOUND_NO_ORDER_LABEL),
        ));
        return None;
    }
    let mut aggregates = Vec::new();
    let mut typer = Typer {
        scope: Scope {
            enums: decls.enums,
            consts: decls.consts,
            bad_consts: decls.bad_consts,
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
    let c = typer.expr(expr)?;
    let c = fold_or_report(&c, sources, typer.errors)?;
    if !fits(c.ty, field_ty) {
        let lang = typer.errors.lang;
        let (vn, fname) = (
            type_name_in(c.ty, decls.enums, lang),
            type_name_in(field_ty, decls.enums, lang),
        );
        let mut e = LoadError::at(
            error::TYPE,
            sources,
            expr.span,
            t!(
                lang,
                load::BOUND_TYPE,
                word = word,
                field_ty = fname,
                ty = vn
            ),
            t!(lang, load::THIS_IS, ty = vn),
        );
        if let (Type::Quantity(d), true) = (field_ty, c.ty.is_numeric()) {
            let text = sources.get(expr.span.file).slice(expr.span).trim();
            e.set_help(t!(
                lang,
                load::WRITE_WITH_UNIT,
                text = format!("{text}{}", d.unit())
            ));
        }
        errors.push(e);
        return None;
    }
    Some(c.value)
}
