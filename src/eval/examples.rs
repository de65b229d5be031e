//! `dudao test`: every rule's `example`s (LANGUAGE.md 9) through the same
//! functions that check real records. Examples ignore `due` and waivers.

use crate::compile::code::TypeCode;
use crate::eval::expr::{Env, Fields};
use crate::eval::{GroupTable, Verdict, accumulate, group_verdict, message, record_verdict};
use crate::i18n::{Lang, eval as m};
use crate::model::{Example, Pack, Rule, RuleScope};
use crate::source::Span;
use crate::syntax::ast::ExampleOutcome;
use crate::value::{Cell, OwnedValue, Record};

/// An example whose rule gave another outcome than the one it states.
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    /// Index into `Pack::rules`.
    pub rule: u32,
    pub span: Span,
    pub expected: ExampleOutcome,
    pub actual: ExampleOutcome,
    /// What the rule said about the example (its failure message, or the
    /// values it read).
    pub detail: String,
}

/// The result of running every example of a pack.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExampleReport {
    pub examples: usize,
    pub mismatches: Vec<Mismatch>,
}

/// Runs every example of every rule, in rule order; mismatches are
/// explained in `lang`.
pub fn run_examples(pack: &Pack, lang: Lang) -> ExampleReport {
    let mut report = ExampleReport::default();
    for (r, rule) in pack.rules.iter().enumerate() {
        for example in &rule.examples {
            report.examples += 1;
            let (actual, detail) = run_example(pack, (r as u32, rule), example, lang);
            if actual != example.outcome {
                report.mismatches.push(Mismatch {
                    rule: r as u32,
                    span: example.span,
                    expected: example.outcome,
                    actual,
                    detail,
                });
            }
        }
    }
    report
}

/// Builds one example record: the given fields set, the others missing.
fn build_record(pack: &Pack, rule: &Rule, values: &[(u32, OwnedValue)]) -> Record {
    let fields = pack
        .records
        .get(rule.record as usize)
        .map_or(0, |r| r.fields.len());
    let mut record = Record::default();
    record.reset(fields);
    for (field, value) in values {
        let cell = match value {
            OwnedValue::Missing => Cell::Missing,
            OwnedValue::Bool(b) => Cell::Bool(*b),
            OwnedValue::Num(n) => Cell::Num(*n),
            OwnedValue::Date(d) => Cell::Date(*d),
            OwnedValue::Enum(e) => Cell::Enum(*e),
            OwnedValue::Text(t) => record.push_text(t),
        };
        if let Some(slot) = record.cells.get_mut(*field as usize) {
            *slot = cell;
        }
    }
    record
}

fn run_example(
    pack: &Pack,
    (r, rule): (u32, &Rule),
    example: &Example,
    lang: Lang,
) -> (ExampleOutcome, String) {
    let records: Vec<Record> = example
        .records
        .iter()
        .map(|values| build_record(pack, rule, values))
        .collect();
    if rule.scope == RuleScope::Record {
        let Some(record) = records.first() else {
            return (ExampleOutcome::Skip, String::new());
        };
        let code = TypeCode::new(pack, &[r], &[]);
        let mut lets = Vec::new();
        let verdict = record_verdict(&code, record, &mut lets);
        let env = Env {
            fields: Fields::Record(record),
            lets: &lets,
            aggs: &[],
        };
        return (outcome(verdict), describe(pack, rule, &env, verdict, lang));
    }
    let mut table = GroupTable::default();
    let mut key = String::new();
    let code = TypeCode::new(pack, &[], &[r]);
    for record in &records {
        accumulate(rule, &code, record, &mut table, &mut key);
    }
    let mut result = (ExampleOutcome::Skip, String::new());
    for (_, group) in &table.groups {
        let (verdict, aggs) = group_verdict(rule, group);
        let mut lets = Vec::new();
        let env = super::group_env(rule, group, &aggs, &mut lets);
        let this = (outcome(verdict), describe(pack, rule, &env, verdict, lang));
        let rank = |o: ExampleOutcome| match o {
            ExampleOutcome::Fail => 3,
            ExampleOutcome::Missing => 2,
            ExampleOutcome::Pass => 1,
            ExampleOutcome::Skip => 0,
        };
        if rank(this.0) > rank(result.0) {
            result = this;
        }
    }
    result
}

fn outcome(verdict: Verdict) -> ExampleOutcome {
    match verdict {
        Verdict::Excluded | Verdict::Skipped => ExampleOutcome::Skip,
        Verdict::Pass => ExampleOutcome::Pass,
        Verdict::Fail => ExampleOutcome::Fail,
        Verdict::Missing => ExampleOutcome::Missing,
    }
}

fn describe(pack: &Pack, rule: &Rule, env: &Env<'_, '_>, verdict: Verdict, lang: Lang) -> String {
    match verdict {
        Verdict::Fail => message::default_failure(pack, rule, env, lang),
        Verdict::Missing => message::default_missing(pack, rule, env, lang),
        Verdict::Excluded => crate::t!(lang, m::WHERE_FALSE),
        Verdict::Skipped => crate::t!(lang, m::WHERE_MISSING),
        Verdict::Pass => crate::t!(
            lang,
            m::REQUIREMENT_HOLDS,
            rule = rule.require_text,
            reads = message::reads(pack, rule, env, lang)
        ),
    }
}
