//! Declarations: duplicate names, enums, record types and their fields.

use std::collections::HashMap;

use regex::Regex;

use crate::model::{EnumDef, Field, RecordType, Type, Variant};
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{EnumDecl, FieldAttrKind, FieldDecl, RecordDecl};
use crate::value::{Dim, OwnedValue};

use super::consts::{fits, fold_or_report};
use super::error::{self, LoadError};
use super::suggest;
use super::types::{Const, Place, Scope, Typer, type_name};

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
    what: &str,
    sources: &SourceMap,
    errors: &mut Vec<LoadError>,
) -> Vec<&'a T> {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let mut kept = Vec::new();
    for item in items {
        let (n, span) = name(item);
        match seen.get(n) {
            Some(&first) => errors.push(duplicate(sources, what, n, span, first)),
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
    what: &str,
    name: &str,
    again: Span,
    first: Span,
) -> LoadError {
    LoadError::at(
        error::DUPLICATE,
        sources,
        again,
        format!("the {what} `{name}` is defined twice"),
        "defined again here".to_string(),
    )
    .also(sources, first, "first defined here")
    .with_help("remove or rename one of the two")
}

/// Checks an enum: its name is not a built-in type's, its variants are
/// distinct.
pub fn enum_def(decl: &EnumDecl, sources: &SourceMap, errors: &mut Vec<LoadError>) -> EnumDef {
    let name = decl.name.name.as_str();
    if BUILTIN_TYPES.iter().any(|(n, _)| *n == name) {
        errors.push(
            LoadError::at(
                error::DUPLICATE,
                sources,
                decl.name.span,
                format!("the enum `{name}` has the name of a built-in type"),
                "a built-in type".to_string(),
            )
            .with_help(format!(
                "rename the enum, e.g. `{name}_kind`, and the fields of that type"
            )),
        );
    }
    let variants = dedupe(
        decl.variants.iter().collect(),
        |v| (v.name.name.as_str(), v.name.span),
        "variant",
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
pub fn record_type(
    decl: &RecordDecl,
    decls: &Decls<'_>,
    errors: &mut Vec<LoadError>,
) -> CheckedRecord {
    let sources = decls.sources;
    let fields: Vec<&FieldDecl> = dedupe(
        decl.fields.iter().collect(),
        |f| (f.name.name.as_str(), f.name.span),
        "field",
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
                        format!("the record `{}` has two `key` fields", record.name),
                        "second key".to_string(),
                    )
                    .also(sources, first, "first key")
                    .with_help("a record has at most one key; mark the other field `unique`"),
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
fn field_type(decl: &FieldDecl, decls: &Decls<'_>, errors: &mut Vec<LoadError>) -> (Type, bool) {
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
    let help = suggest::help(name, candidates).unwrap_or_else(|| {
        "a field's type is text, int, number, bool, date, percent, rate, area, money or an enum"
            .into()
    });
    errors.push(
        LoadError::at(
            error::UNKNOWN_NAME,
            decls.sources,
            decl.ty.span,
            format!("unknown type `{name}`"),
            "neither a built-in type nor an enum".to_string(),
        )
        .with_help(help),
    );
    (Type::Text, false)
}

/// Checks one field: its type and attributes.
fn field(decl: &FieldDecl, decls: &Decls<'_>, errors: &mut Vec<LoadError>) -> (Field, bool) {
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
                    format!("the field `{}` has `{word}` twice", field.name),
                    "given again here".to_string(),
                )
                .also(sources, first, "first given here")
                .with_help(format!("give `{word}` once")),
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
                        format!(
                            "`matches` applies to text fields, and `{}` is {}",
                            field.name,
                            type_name(ty, decls.enums)
                        ),
                        "not a text field".to_string(),
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
                            "invalid regular expression".to_string(),
                            regex_problem(&e),
                        )
                        .with_help(
                            "`matches` takes RE2-style syntax (no look-around or back-references)",
                        ),
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
                format!("the field `{}` has `max` below `min`", field.name),
                "the upper bound".to_string(),
            )
            .also(sources, lo_span, "the lower bound")
            .with_help("no value could satisfy both bounds; swap them"),
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
fn header_clashes(fields: &[&FieldDecl], sources: &SourceMap, errors: &mut Vec<LoadError>) {
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
                        format!("the header `{header}` would name two fields"),
                        format!("names `{}`", f.name.name),
                    )
                    .also(sources, first, format!("names `{}`", fields[j].name.name))
                    .with_help(
                        "a data column must belong to one field: keep the header on one of them",
                    ),
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
    errors: &mut Vec<LoadError>,
) -> Option<OwnedValue> {
    let sources = decls.sources;
    if !(field_ty.is_numeric() || matches!(field_ty, Type::Quantity(_) | Type::Date)) {
        errors.push(LoadError::at(
            error::TYPE,
            sources,
            expr.span,
            format!(
                "`{word}` applies to numbers, quantities and dates, not to {}",
                type_name(field_ty, decls.enums)
            ),
            "no order for this field".to_string(),
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
        let (vn, fname) = (
            type_name(c.ty, decls.enums),
            type_name(field_ty, decls.enums),
        );
        let mut e = LoadError::at(
            error::TYPE,
            sources,
            expr.span,
            format!("`{word}` of a {fname} field must be a {fname}, found {vn}"),
            format!("this is {vn}"),
        );
        if let (Type::Quantity(d), true) = (field_ty, c.ty.is_numeric()) {
            let text = sources.get(expr.span.file).slice(expr.span).trim();
            e.set_help(format!("write {text}{}", d.unit()));
        }
        errors.push(e);
        return None;
    }
    Some(c.value)
}
