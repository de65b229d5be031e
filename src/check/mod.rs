//! AST → checked [`Pack`]: names resolved, types proven, load errors
//! collected from every file (LANGUAGE.md 3–9).
//!
//! The checker never stops at the first error: every file is parsed, then
//! everything that parsed is checked, and all errors come back together.
//! Layout: [`error`] the [`LoadError`] type, [`load`] `-r` path expansion,
//! [`names`] declarations (enums, records, fields), [`consts`] const
//! folding, [`types`] expressions, [`functions`] calls and aggregates, [`rules`] rules and waivers,
//! [`templates`] messages, [`examples`] rule examples, [`suggest`] "did you
//! mean".
//!
//! Choices where LANGUAGE.md is silent (documented extensions):
//! - `count_true(b1, b2, …)` → int, how many conditions are true.
//! - `where` and the insides of aggregates are evaluated per record, before
//!   the lets: a let named there is an error (a let still shadows a field).
//! - `require` and `where` see only the lets written before them;
//!   `message`/`help` see every let.
//! - Result types: `int ± int`, `int * int` are int, `percent ± percent`
//!   is percent, other mixes of numbers are number; `round`, `floor`,
//!   `ceil`, `abs` keep their argument's type; `sum`/`min`/`max` keep the
//!   argument's type, `avg` of int is number, `count` int, `cv` number.
//! - Consts fold literals, consts, `+ - * /`, `??`, `and`/`or`/`not` and
//!   unary minus; other forms (calls, comparisons) are not constant.
//! - An enum may not take a built-in type's name (`area`); `matches`
//!   applies to text fields; `min`/`max` to numbers, quantities and dates,
//!   and `max` may not lie below `min`; one header (field name or `column`,
//!   folded as data headers are) may not name two fields of one record.
//! - Example values of enum fields may also be strings spelling a variant's
//!   name or label; a waiver on an `overall` rule is a load error.

mod consts;
pub mod error;
mod examples;
mod functions;
mod load;
mod names;
mod rules;
pub mod suggest;
mod templates;
mod types;

use std::collections::{BTreeMap, HashMap};

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::i18n::{Lang, load as msg};
use crate::model::Pack;
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::ast::{
    ConstDecl, EnumDecl, Item, Module, PlanDecl, QuoteDecl, RecordDecl, RuleDecl, WaiveDecl,
};
use crate::t;

pub use error::{Errors, LoadError};
use names::{CheckedRecord, Decls, dedupe, duplicate};

/// Checks the parsed files of a pack. Returns the pack, or every load
/// error of every file.
pub fn check(sources: SourceMap, modules: Vec<(FileId, Module)>) -> Result<Pack, Vec<LoadError>> {
    let mut errors = Errors::new(Lang::En);
    let pack = check_modules(sources, &modules, &[], &mut errors);
    finish(pack, errors)
}

/// Parses and checks named texts (used for the pack built into the binary),
/// with errors in English.
pub fn load_sources(files: Vec<(String, String)>) -> Result<Pack, Vec<LoadError>> {
    load_sources_in(files, Lang::En)
}

/// [`load_sources`] with errors in `lang`.
pub fn load_sources_in(files: Vec<(String, String)>, lang: Lang) -> Result<Pack, Vec<LoadError>> {
    load_files(files, Errors::new(lang))
}

/// Loads the pack named by `-r/--rules` inputs: files, directories (every
/// `.dudao` file below, recursively) and glob patterns, in sorted order. A
/// path or pattern that matches nothing, and a file that cannot be read or
/// is not UTF-8, are load errors.
pub fn load_paths(inputs: &[String]) -> Result<Pack, Vec<LoadError>> {
    load_paths_in(inputs, Lang::En)
}

/// [`load_paths`] with errors in `lang`.
pub fn load_paths_in(inputs: &[String], lang: Lang) -> Result<Pack, Vec<LoadError>> {
    let mut errors = Errors::new(lang);
    let files = load::read_inputs(inputs, &mut errors);
    load_files(files, errors)
}

/// Renders errors with miette's graphical handler, each showing
/// `file:line:col`, the underlined span, its label and help.
pub fn render_errors(errors: &[LoadError], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    render_with(
        errors,
        GraphicalReportHandler::new_themed(theme).with_width(100),
    )
}

/// [`render_errors`] with miette's own words in `lang` (the errors carry
/// their language already).
pub fn render_errors_in(errors: &[LoadError], color: bool, lang: Lang) -> String {
    error::localize_rendering(render_errors(errors, color), lang)
}

/// Renders errors with a given handler (tests fix the theme and width).
fn render_with(errors: &[LoadError], handler: GraphicalReportHandler) -> String {
    let mut out = String::new();
    for e in errors {
        if handler.render_report(&mut out, e).is_err() {
            out.push_str(&e.to_string());
        }
        // One blank line after each error.
        while !out.ends_with("\n\n") {
            out.push('\n');
        }
    }
    out
}

/// Parses every file, then checks whatever parsed; errors of both kinds
/// are returned together.
fn load_files(files: Vec<(String, String)>, mut errors: Errors) -> Result<Pack, Vec<LoadError>> {
    let mut sources = SourceMap::default();
    let mut modules = Vec::with_capacity(files.len());
    let mut syntax_spans = Vec::new();
    for (name, text) in files {
        let id = sources.add(name, text);
        let (module, syntax_errors) =
            crate::syntax::parse_in(id, &sources.get(id).text, errors.lang);
        for se in syntax_errors {
            syntax_spans.push(se.span);
            errors.push(
                LoadError::at(error::SYNTAX, &sources, se.span, se.message, se.label)
                    .with_help_opt(se.help),
            );
        }
        modules.push((id, module));
    }
    let pack = check_modules(sources, &modules, &syntax_spans, &mut errors);
    finish(pack, errors)
}

/// The pack when there are no errors, else the errors in file order.
fn finish(pack: Pack, errors: Errors) -> Result<Pack, Vec<LoadError>> {
    let mut errors = errors.into_vec();
    if errors.is_empty() {
        Ok(pack)
    } else {
        errors.sort_by_key(LoadError::sort_key);
        Err(errors)
    }
}

/// The items of all files, by kind, in file and source order.
#[derive(Default)]
struct Items<'a> {
    plans: Vec<&'a PlanDecl>,
    quotes: Vec<&'a QuoteDecl>,
    consts: Vec<&'a ConstDecl>,
    enums: Vec<&'a EnumDecl>,
    records: Vec<&'a RecordDecl>,
    rules: Vec<&'a RuleDecl>,
    waivers: Vec<&'a WaiveDecl>,
}

fn check_modules(
    sources: SourceMap,
    modules: &[(FileId, Module)],
    syntax_errors: &[Span],
    errors: &mut Errors,
) -> Pack {
    let mut items = Items::default();
    for (_, module) in modules {
        for item in &module.items {
            match item {
                Item::Plan(p) => items.plans.push(p),
                Item::Quote(q) => items.quotes.push(q),
                Item::Const(c) => items.consts.push(c),
                Item::Enum(e) => items.enums.push(e),
                Item::Record(r) => items.records.push(r),
                Item::Rule(r) => items.rules.push(r),
                Item::Waive(w) => items.waivers.push(w),
            }
        }
    }
    let src = &sources;
    let plan = plan(&items.plans, src, errors);
    let plan_text = plan_text(&items.quotes, src, errors);
    let enum_decls = dedupe(
        items.enums,
        |e| (e.name.name.as_str(), e.name.span),
        msg::KIND_ENUM,
        src,
        errors,
    );
    let enums: Vec<_> = enum_decls
        .iter()
        .map(|e| names::enum_def(e, src, errors))
        .collect();
    let const_decls = dedupe(
        items.consts,
        |c| (c.name.name.as_str(), c.name.span),
        msg::KIND_CONST,
        src,
        errors,
    );
    let (consts, bad_consts) = consts::fold_consts(&const_decls, &enums, src, errors);
    let record_decls = dedupe(
        items.records,
        |r| (r.name.name.as_str(), r.name.span),
        msg::KIND_RECORD,
        src,
        errors,
    );
    let decls = Decls {
        enums: &enums,
        consts: &consts,
        bad_consts: &bad_consts,
        sources: src,
    };
    let records: Vec<CheckedRecord> = record_decls
        .iter()
        .map(|r| names::record_type(r, &decls, errors))
        .collect();
    // Every rule is checked, duplicates too, so that their own errors show.
    let all_rules = items.rules.clone();
    let rule_decls = dedupe(
        items.rules,
        |r| (r.id.name.as_str(), r.id.span),
        msg::KIND_RULE,
        src,
        errors,
    );
    let all_ids: Vec<&str> = rule_decls.iter().map(|r| r.id.name.as_str()).collect();
    let ctx = rules::Context {
        enums: &enums,
        consts: &consts,
        bad_consts: &bad_consts,
        records: &records,
        sources: src,
        syntax_errors,
    };
    let mut checked: Vec<_> = all_rules
        .iter()
        .filter_map(|r| rules::rule(r, &ctx, errors))
        .collect();
    checked.sort_by(|a, b| a.id.cmp(&b.id));
    checked.dedup_by(|a, b| a.id == b.id);
    let waivers = items
        .waivers
        .iter()
        .filter_map(|w| rules::waiver(w, &checked, &all_ids, src, errors))
        .collect();
    let records = records.into_iter().map(|r| r.record).collect();
    Pack {
        sources,
        plan,
        enums,
        records,
        rules: checked,
        waivers,
        plan_text,
    }
}

/// The plan title; a second `plan` is an error at both places.
fn plan(plans: &[&PlanDecl], sources: &SourceMap, errors: &mut Errors) -> Option<String> {
    let first = plans.first()?;
    for again in &plans[1..] {
        errors.push(
            LoadError::at(
                error::DUPLICATE,
                sources,
                again.span,
                t!(errors.lang, msg::PLAN_TWICE),
                t!(errors.lang, msg::PLAN_TWICE_LABEL),
            )
            .also(sources, first.span, t!(errors.lang, msg::PLAN_FIRST_LABEL))
            .with_help(t!(errors.lang, msg::PLAN_TWICE_HELP)),
        );
    }
    Some(first.title.value.clone())
}

/// The plan's sentences by cite; a cite quoted twice is an error.
fn plan_text(
    quotes: &[&QuoteDecl],
    sources: &SourceMap,
    errors: &mut Errors,
) -> BTreeMap<String, String> {
    let mut text = BTreeMap::new();
    let mut spans: HashMap<&str, Span> = HashMap::new();
    for q in quotes {
        match spans.get(q.cite.value.as_str()) {
            Some(&first) => errors.push(duplicate(
                sources,
                errors.lang,
                msg::KIND_QUOTE,
                &q.cite.value,
                q.cite.span,
                first,
            )),
            None => {
                spans.insert(&q.cite.value, q.cite.span);
                text.insert(q.cite.value.clone(), q.text.value.clone());
            }
        }
    }
    text
}

#[cfg(test)]
mod tests;
