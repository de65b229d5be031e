//! Rules: clauses, scope, lets, requirement, reads; and waivers.

use std::collections::HashMap;

use crate::diag::Severity;
use crate::model::{
    Aggregate, EnumDef, Let, Read, ReadKind, RecordType, Rule, RuleScope, TExpr, TExprKind, Type,
    Waiver,
};
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{ClauseKind, MissingPolicy, RuleDecl, ScopeDecl, WaiveDecl};

use super::error::{self, Errors, LoadError};
use super::examples::examples;
use super::names::{CheckedRecord, duplicate};
use super::suggest;
use super::templates::template;
use super::types::{Const, Place, Scope, Typer};
use crate::i18n::load;
use crate::syntax::list_separator;
use crate::t;

/// What a rule is checked against: the pack's declarations so far.
pub struct Context<'a> {
    pub enums: &'a [EnumDef],
    pub consts: &'a HashMap<String, Const>,
    pub bad_consts: &'a [String],
    pub records: &'a [CheckedRecord],
    pub sources: &'a SourceMap,
    /// Where the parser reported syntax errors: a rule holding one may
    /// lack a clause only because it did not parse, so that is not
    /// reported again.
    pub syntax_errors: &'a [Span],
}

impl<'a> Context<'a> {
    fn has_syntax_error(&self, decl: &RuleDecl) -> bool {
        self.syntax_errors.iter().any(|s| {
            s.file == decl.span.file && s.start >= decl.span.start && s.start <= decl.span.end
        })
    }

    /// A typer for one place of a rule.
    pub fn typer<'e>(
        &self,
        rule: &'e RuleCtx<'a>,
        lets: &'e [(String, Option<Type>)],
        place: Place,
        errors: &'e mut Errors,
        aggregates: &'e mut Vec<Aggregate>,
    ) -> Typer<'e, 'e>
    where
        'a: 'e,
    {
        Typer {
            scope: Scope {
                enums: self.enums,
                consts: self.consts,
                bad_consts: self.bad_consts,
                record: Some(&rule.record.record),
                bad_fields: &rule.record.bad_fields,
                lets,
                per: &rule.per,
            },
            place,
            sources: self.sources,
            errors,
            aggregates,
        }
    }
}

/// A rule's record type and scope, once its `for` is known.
pub struct RuleCtx<'a> {
    pub record: &'a CheckedRecord,
    pub record_index: u32,
    pub per: Vec<u32>,
    pub scope: RuleScope,
}

impl RuleCtx<'_> {
    /// The place of `let`, `require` and templates.
    pub fn value_place(&self) -> Place {
        match self.scope {
            RuleScope::Record => Place::Record,
            _ => Place::Group,
        }
    }
}

/// The name of a clause, for "at most once" errors.
fn clause_word(kind: &ClauseKind) -> &'static str {
    match kind {
        ClauseKind::Cite(_) => "cite",
        ClauseKind::Severity(_) => "severity",
        ClauseKind::Due(_) => "due",
        ClauseKind::Tags(_) => "tags",
        ClauseKind::For { .. } => "for",
        ClauseKind::Where(_) => "where",
        ClauseKind::Let { .. } => "let",
        ClauseKind::Require(_) => "require",
        ClauseKind::Message(_) => "message",
        ClauseKind::Help(_) => "help",
        ClauseKind::Missing(_) => "missing",
        ClauseKind::Example(_) => "example",
    }
}

/// Checks one rule; `None` when it has errors (all reported).
pub fn rule(decl: &RuleDecl, pack: &Context<'_>, errors: &mut Errors) -> Option<Rule> {
    let before = errors.len();
    let sources = pack.sources;
    // Clauses other than `let` and `example` at most once.
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for clause in &decl.clauses {
        let word = clause_word(&clause.kind);
        if matches!(word, "let" | "example") {
            continue;
        }
        match seen.get(word) {
            Some(&first) => errors.push(
                LoadError::at(
                    error::DUPLICATE,
                    sources,
                    clause.span,
                    t!(
                        errors.lang,
                        load::CLAUSE_TWICE,
                        rule = decl.id.name,
                        word = word
                    ),
                    t!(errors.lang, load::SECOND_CLAUSE_LABEL),
                )
                .also(sources, first, t!(errors.lang, load::FIRST_CLAUSE_LABEL))
                .with_help(t!(errors.lang, load::CLAUSE_TWICE_HELP, word = word)),
            ),
            None => {
                seen.insert(word, clause.span);
            }
        }
    }
    let ctx = rule_ctx(decl, pack, errors)?;
    let mut rule = Rule {
        id: decl.id.name.clone(),
        title: decl.title.value.clone(),
        cite: None,
        severity: Severity::Error,
        due: None,
        tags: Vec::new(),
        record: ctx.record_index,
        scope: ctx.scope.clone(),
        filter: None,
        lets: Vec::new(),
        require: TExpr {
            kind: TExprKind::Lit(crate::value::OwnedValue::Bool(true)),
            ty: Type::Bool,
            span: decl.span,
        },
        aggregates: Vec::new(),
        message: None,
        help: None,
        missing: MissingPolicy::Report(Severity::Warning),
        examples: Vec::new(),
        reads: Vec::new(),
        require_text: String::new(),
        span: decl.span,
        id_span: decl.id.span,
    };
    let mut lets: Vec<(String, Option<Type>)> = Vec::new();
    let mut let_spans: HashMap<String, Span> = HashMap::new();
    let mut require = None;
    for clause in &decl.clauses {
        match &clause.kind {
            ClauseKind::Cite(s) => rule.cite = Some(s.value.clone()),
            ClauseKind::Severity(s) => rule.severity = *s,
            ClauseKind::Due(d) => rule.due = Some(d.date),
            ClauseKind::Tags(tags) => rule.tags = tags.iter().map(|t| t.name.clone()).collect(),
            ClauseKind::Missing(m) => rule.missing = *m,
            ClauseKind::For { .. }
            | ClauseKind::Message(_)
            | ClauseKind::Help(_)
            | ClauseKind::Example(_) => {}
            ClauseKind::Where(e) => {
                let mut t = pack.typer(&ctx, &lets, Place::Where, errors, &mut rule.aggregates);
                rule.filter = t.condition(e, load::COND_WHERE);
            }
            ClauseKind::Let { name, value } => {
                if let Some(&first) = let_spans.get(&name.name) {
                    errors.push(duplicate(
                        sources,
                        errors.lang,
                        load::KIND_LET,
                        &name.name,
                        name.span,
                        first,
                    ));
                    continue;
                }
                let_spans.insert(name.name.clone(), name.span);
                let mut t =
                    pack.typer(&ctx, &lets, ctx.value_place(), errors, &mut rule.aggregates);
                let typed = t.expr(value);
                lets.push((name.name.clone(), typed.as_ref().map(|v| v.ty)));
                if let Some(v) = typed {
                    rule.lets.push(Let {
                        name: name.name.clone(),
                        value: v,
                        span: clause.span,
                    });
                }
            }
            ClauseKind::Require(e) => {
                if require.is_none() {
                    let mut t =
                        pack.typer(&ctx, &lets, ctx.value_place(), errors, &mut rule.aggregates);
                    require = t.condition(e, load::COND_REQUIRE);
                    rule.require_text = sources.get(e.span.file).slice(e.span).to_string();
                }
            }
        }
    }
    for clause in &decl.clauses {
        match &clause.kind {
            ClauseKind::Message(m) => {
                let mut t =
                    pack.typer(&ctx, &lets, ctx.value_place(), errors, &mut rule.aggregates);
                rule.message = template(&mut t, m);
            }
            ClauseKind::Help(h) => {
                let mut t =
                    pack.typer(&ctx, &lets, ctx.value_place(), errors, &mut rule.aggregates);
                rule.help = template(&mut t, h);
            }
            _ => {}
        }
    }
    rule.examples = examples(decl, &ctx, pack, errors);
    if !seen.contains_key("require") && !pack.has_syntax_error(decl) {
        errors.push(
            LoadError::at(
                error::MISSING_CLAUSE,
                sources,
                decl.id.span,
                t!(errors.lang, load::NO_REQUIRE, rule = decl.id.name),
                t!(errors.lang, load::NO_REQUIRE_LABEL),
            )
            .with_help(t!(errors.lang, load::NO_REQUIRE_HELP)),
        );
    }
    if let Some(r) = require {
        rule.reads = reads(&r, &rule, &ctx.record.record);
        rule.require = r;
    }
    (errors.len() == before).then_some(rule)
}

/// Resolves `for`: the record type and the scope.
fn rule_ctx<'a>(decl: &RuleDecl, pack: &Context<'a>, errors: &mut Errors) -> Option<RuleCtx<'a>> {
    let sources = pack.sources;
    let for_clause = decl.clauses.iter().find_map(|c| match &c.kind {
        ClauseKind::For { record, scope } => Some((record, scope)),
        _ => None,
    });
    let Some((record_name, scope)) = for_clause else {
        if let [only] = pack.records {
            return Some(RuleCtx {
                record: only,
                record_index: 0,
                per: Vec::new(),
                scope: RuleScope::Record,
            });
        }
        if pack.has_syntax_error(decl) {
            return None;
        }
        let names: Vec<String> = pack
            .records
            .iter()
            .map(|r| format!("`{}`", r.record.name))
            .collect();
        let lang = errors.lang;
        let help = match names.first() {
            Some(_) => t!(
                lang,
                load::NO_FOR_HELP,
                count = names.len(),
                list = names.join(list_separator(lang))
            ),
            None => t!(lang, load::NO_RECORD_HELP),
        };
        errors.push(
            LoadError::at(
                error::MISSING_CLAUSE,
                sources,
                decl.id.span,
                t!(lang, load::NO_FOR, rule = decl.id.name),
                t!(lang, load::NO_FOR_LABEL),
            )
            .with_help(help),
        );
        return None;
    };
    let Some(index) = pack
        .records
        .iter()
        .position(|r| r.record.name == record_name.name)
    else {
        let help = suggest::help(
            errors.lang,
            &record_name.name,
            pack.records.iter().map(|r| r.record.name.as_str()),
        );
        errors.push(
            LoadError::at(
                error::UNKNOWN_NAME,
                sources,
                record_name.span,
                t!(errors.lang, load::UNKNOWN_RECORD, name = record_name.name),
                t!(errors.lang, load::UNKNOWN_RECORD_LABEL),
            )
            .with_help_opt(help),
        );
        return None;
    };
    let record = &pack.records[index];
    let (scope, per) = match scope {
        ScopeDecl::Record => (RuleScope::Record, Vec::new()),
        ScopeDecl::Overall => (RuleScope::Overall, Vec::new()),
        ScopeDecl::Per(fields) => {
            let mut per = Vec::new();
            let mut ok = true;
            for f in fields {
                match record.record.field(&f.name) {
                    Some(i) if per.contains(&(i as u32)) => {
                        errors.push(LoadError::at(
                            error::DUPLICATE,
                            sources,
                            f.span,
                            t!(errors.lang, load::PER_TWICE, name = f.name),
                            t!(errors.lang, load::NAMED_AGAIN_LABEL),
                        ));
                        ok = false;
                    }
                    Some(i) => per.push(i as u32),
                    None => {
                        let help = suggest::help(
                            errors.lang,
                            &f.name,
                            record.record.fields.iter().map(|f| f.name.as_str()),
                        );
                        errors.push(
                            LoadError::at(
                                error::UNKNOWN_NAME,
                                sources,
                                f.span,
                                t!(errors.lang, load::UNKNOWN_PER_FIELD, name = f.name),
                                t!(
                                    errors.lang,
                                    load::NOT_A_FIELD_OF_LABEL,
                                    record = record.record.name
                                ),
                            )
                            .with_help_opt(help),
                        );
                        ok = false;
                    }
                }
            }
            if !ok {
                return None;
            }
            (RuleScope::Per(per.clone()), per)
        }
    };
    Some(RuleCtx {
        record,
        record_index: index as u32,
        per,
        scope,
    })
}

/// What the requirement reads, in order of first use; a let's own reads
/// come before the let.
fn reads(require: &TExpr, rule: &Rule, record: &RecordType) -> Vec<Read> {
    // Each let's reads, computed in order (a let reads only earlier lets).
    let mut let_reads: Vec<Vec<ReadKind>> = Vec::with_capacity(rule.lets.len());
    for l in &rule.lets {
        let mut out = Vec::new();
        collect(&l.value, &let_reads, &mut out);
        let_reads.push(out);
    }
    let mut kinds = Vec::new();
    collect(require, &let_reads, &mut kinds);
    let name = |k: ReadKind| -> String {
        match k {
            ReadKind::Field(i) => record
                .fields
                .get(i as usize)
                .map_or_else(String::new, |f| f.name.clone()),
            ReadKind::Let(i) => rule
                .lets
                .get(i as usize)
                .map_or_else(String::new, |l| l.name.clone()),
            ReadKind::Agg(i) => rule
                .aggregates
                .get(i as usize)
                .map_or_else(String::new, |a| a.text.clone()),
        }
    };
    kinds
        .into_iter()
        .map(|what| Read {
            name: name(what),
            what,
        })
        .collect()
}

/// Appends the reads of `e` not yet in `out`, in source order.
fn collect(e: &TExpr, let_reads: &[Vec<ReadKind>], out: &mut Vec<ReadKind>) {
    let push = |k: ReadKind, out: &mut Vec<ReadKind>| {
        if !out.contains(&k) {
            out.push(k);
        }
    };
    match &e.kind {
        TExprKind::Lit(_) => {}
        TExprKind::Field(i) => push(ReadKind::Field(*i), out),
        TExprKind::Agg(i) => push(ReadKind::Agg(*i), out),
        TExprKind::Let(i) => {
            if let Some(inner) = let_reads.get(*i as usize) {
                for &k in inner {
                    push(k, out);
                }
            }
            push(ReadKind::Let(*i), out);
        }
        TExprKind::Chain { first, rest } => {
            collect(first, let_reads, out);
            for (_, r) in rest {
                collect(r, let_reads, out);
            }
        }
        TExprKind::Compare { lhs, rhs, .. } => {
            collect(lhs, let_reads, out);
            collect(rhs, let_reads, out);
        }
        TExprKind::In { lhs, items, .. } => {
            collect(lhs, let_reads, out);
            for item in items {
                collect(item, let_reads, out);
            }
        }
        TExprKind::Not(inner) | TExprKind::Neg(inner) => collect(inner, let_reads, out),
        TExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            collect(cond, let_reads, out);
            collect(then, let_reads, out);
            collect(otherwise, let_reads, out);
        }
        TExprKind::Call { args, .. } => {
            for a in args {
                collect(a, let_reads, out);
            }
        }
    }
}

/// Checks a waiver against the (sorted) rules.
pub fn waiver(
    decl: &WaiveDecl,
    rules: &[Rule],
    all_ids: &[&str],
    sources: &SourceMap,
    errors: &mut Errors,
) -> Option<Waiver> {
    let Ok(index) = rules.binary_search_by(|r| r.id.as_str().cmp(&decl.rule.name)) else {
        // A rule that exists but failed to load: its own errors say enough.
        if all_ids.contains(&decl.rule.name.as_str()) {
            return None;
        }
        let help = suggest::help(errors.lang, &decl.rule.name, all_ids.iter().copied());
        errors.push(
            LoadError::at(
                error::UNKNOWN_NAME,
                sources,
                decl.rule.span,
                t!(
                    errors.lang,
                    load::WAIVER_UNKNOWN_RULE,
                    rule = decl.rule.name
                ),
                t!(errors.lang, load::NO_SUCH_RULE_LABEL),
            )
            .with_help_opt(help),
        );
        return None;
    };
    let rule = &rules[index];
    if rule.scope == RuleScope::Overall {
        errors.push(
            LoadError::at(
                error::WAIVER,
                sources,
                decl.rule.span,
                t!(errors.lang, load::WAIVER_OVERALL, rule = rule.id),
                t!(errors.lang, load::WAIVER_OVERALL_LABEL),
            )
            .also(
                sources,
                rule.id_span,
                t!(errors.lang, load::WAIVER_OVERALL_RULE_LABEL),
            )
            .with_help(t!(errors.lang, load::WAIVER_OVERALL_HELP)),
        );
        return None;
    }
    Some(Waiver {
        rule: index as u32,
        keys: decl
            .keys
            .iter()
            .map(|k| (k.value.clone(), k.span))
            .collect(),
        until: decl.until.date,
        reason: decl.reason.value.clone(),
        span: decl.span,
    })
}
