//! The engine: records → findings, with exactly the semantics of
//! LANGUAGE.md 4–7.
//!
//! Each batch of records is cut into fixed-size chunks that rayon evaluates
//! in parallel; every chunk yields its record findings and partial group
//! accumulators, which are merged in chunk order. Chunk boundaries do not
//! depend on the number of threads, so output is identical for any `-j`.

pub mod agg;
mod breakdown;
pub mod examples;
pub mod expr;
pub mod message;

use std::collections::HashMap;
use std::fmt::Write;

use rayon::prelude::*;

use crate::compile::Plan;
use crate::data::Batch;
use crate::data::fxhash::FxBuild;
use crate::diag::{
    Breakdown, Finding, Location, Outcome, RuleRef, Scope, Severity, Shown, Summary,
};
use crate::i18n::Lang;
use crate::model::{Pack, Rule, RuleScope, TExpr};
use crate::value::{OwnedValue, Record, Value};
use agg::Acc;
use breakdown::{BreakdownSpec, ChunkTallies};
use expr::{Env, Fields, eval};

/// Records per parallel work unit; fixed, so results never depend on `-j`.
const CHUNK: usize = 256;

/// What one record rule decided for one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// `where` was false: no outcome.
    Excluded,
    /// `where` (or a `per` field) was missing: no outcome, counted as skipped.
    Skipped,
    Pass,
    Fail,
    Missing,
}

/// The records of one group of one rule, folded.
#[derive(Clone, Debug)]
pub struct Group {
    /// The `per` values, in `per` order.
    pub values: Vec<OwnedValue>,
    pub records: u64,
    /// Records whose aggregated value (or weight) was missing.
    pub skipped: u64,
    pub accs: Vec<Acc>,
}

impl Group {
    fn new(values: Vec<OwnedValue>, aggregates: usize) -> Group {
        Group {
            values,
            records: 0,
            skipped: 0,
            accs: vec![Acc::default(); aggregates],
        }
    }

    fn merge(&mut self, other: &Group) {
        self.records += other.records;
        self.skipped += other.skipped;
        for (a, b) in self.accs.iter_mut().zip(&other.accs) {
            a.merge(b);
        }
    }
}

/// The groups of one rule, by internal key (values joined with U+001F).
/// Every record of a group rule looks its group up here: the Fx hash is
/// several times cheaper than the default SipHash on short keys.
#[derive(Clone, Debug, Default)]
pub struct GroupTable {
    index: HashMap<String, usize, FxBuild>,
    pub groups: Vec<(String, Group)>,
}

impl GroupTable {
    fn entry(&mut self, key: &str, make: impl FnOnce() -> Group) -> &mut Group {
        let i = match self.index.get(key) {
            Some(&i) => i,
            None => {
                self.groups.push((key.to_owned(), make()));
                self.index.insert(key.to_owned(), self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        &mut self.groups[i].1
    }

    fn merge(&mut self, other: GroupTable) {
        for (key, group) in other.groups {
            match self.index.get(&key) {
                Some(&i) => self.groups[i].1.merge(&group),
                None => {
                    self.index.insert(key.clone(), self.groups.len());
                    self.groups.push((key, group));
                }
            }
        }
    }
}

/// Counts that chunks accumulate and the run adds up.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    checks: u64,
    pass: u64,
    missing: u64,
    skipped: u64,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.checks += o.checks;
        self.pass += o.pass;
        self.missing += o.missing;
        self.skipped += o.skipped;
    }
}

/// What one chunk of records produced.
struct ChunkOut {
    findings: Vec<Finding>,
    counts: Counts,
    /// Counts per county, when the run breaks them down.
    tallies: Option<ChunkTallies>,
    /// One table per group rule of the record type, in plan order.
    groups: Vec<GroupTable>,
}

/// Evaluates a pack's rules over batches of records and closes the run.
pub struct Checker<'p> {
    pack: &'p Pack,
    plan: &'p Plan,
    /// Per rule: its groups so far (empty for record rules).
    groups: Vec<GroupTable>,
    /// Per waiver key: whether it covered a failure.
    waiver_used: Vec<bool>,
    counts: Counts,
    summary: Summary,
    /// Whether findings carry their message, help and values (see
    /// [`Checker::render_text`]).
    text: bool,
    /// The language of default messages and built-in diagnostics.
    lang: Lang,
    /// Counts per county, when a reporter asked for them.
    breakdown: Option<(BreakdownSpec, Breakdown)>,
}

impl<'p> Checker<'p> {
    pub fn new(pack: &'p Pack, plan: &'p Plan) -> Checker<'p> {
        Checker {
            pack,
            plan,
            groups: vec![GroupTable::default(); pack.rules.len()],
            waiver_used: vec![false; plan.waiver_keys.len()],
            counts: Counts::default(),
            summary: Summary {
                rules: plan.rule_count() as u64,
                ..Summary::default()
            },
            text: true,
            lang: Lang::En,
            breakdown: None,
        }
    }

    /// Also counts each rule's checks per value of the field `name` (the
    /// county): see [`Summary::breakdown`].
    pub fn break_down_by(&mut self, name: &str) {
        let spec = BreakdownSpec::new(self.pack, name);
        let totals = Breakdown {
            field: name.to_owned(),
            ..Breakdown::default()
        };
        self.breakdown = Some((spec, totals));
    }

    /// The language of default messages and built-in diagnostics
    /// (English unless set).
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// Whether rule findings carry their rendered message, help and values
    /// (the default). A reporter that only counts findings (`-q`) does not
    /// read them; leaving them empty saves most of the cost of a finding.
    /// Outcomes, severities, keys and locations are always there, so counts,
    /// waivers and output order do not change.
    pub fn render_text(&mut self, text: bool) {
        self.text = text;
    }

    /// Checks one batch and emits its findings (the reader's and the
    /// rules'), sorted by line, rule id and key. `excel` says whether the
    /// batch's file is a workbook, whose locations name a sheet.
    pub fn check_batch(&mut self, batch: &mut Batch, excel: bool, emit: &mut dyn FnMut(&Finding)) {
        let rtype = batch.record_type as usize;
        let Some(rules) = self.plan.by_type.get(rtype) else {
            return;
        };
        let records = &batch.records[..batch.len.min(batch.records.len())];
        self.summary.records += records.len() as u64;
        let (pack, plan, text) = (self.pack, self.plan, self.text);
        let spec = self.breakdown.as_ref().map(|(spec, _)| spec);
        let outs: Vec<ChunkOut> = records
            .par_chunks(CHUNK)
            .map(|chunk| check_chunk(pack, plan, rtype as u32, chunk, (excel, text), spec))
            .collect();
        let mut findings = std::mem::take(&mut batch.findings);
        for out in outs {
            self.counts.add(out.counts);
            if let (Some(tallies), Some((_, totals))) = (out.tallies, &mut self.breakdown) {
                tallies.merge_into(rtype as u32, &rules.record, totals);
            }
            findings.extend(out.findings);
            for (table, &rule) in out.groups.into_iter().zip(&rules.group) {
                self.groups[rule as usize].merge(table);
            }
        }
        for f in &mut findings {
            self.apply_waiver(f);
        }
        findings.sort_by(|a, b| {
            let (la, lb) = (a.location.as_ref(), b.location.as_ref());
            let pos = |l: Option<&Location>| l.map(|l| (l.file, l.sheet, l.line));
            pos(la)
                .cmp(&pos(lb))
                .then_with(|| rule_id(self.pack, a.rule).cmp(rule_id(self.pack, b.rule)))
                .then_with(|| a.key.cmp(&b.key))
        });
        for f in &findings {
            self.count(f);
            emit(f);
        }
    }

    /// Turns a failure covered by an active waiver into `waived`.
    fn apply_waiver(&mut self, f: &mut Finding) {
        let (RuleRef::Pack(rule), Outcome::Fail, Some(key)) = (f.rule, f.outcome, &f.key) else {
            return;
        };
        if let Some(w) = self.plan.waiver(rule, key) {
            self.waiver_used[w] = true;
            if self.plan.waiver_keys[w].active {
                f.outcome = Outcome::Waived;
                f.severity = Severity::Info;
            }
        }
    }

    fn count(&mut self, f: &Finding) {
        match f.outcome {
            Outcome::Fail => self.summary.fail += 1,
            Outcome::Waived => self.summary.waived += 1,
            Outcome::Missing | Outcome::Error => {}
        }
        match f.severity {
            Severity::Error => self.summary.errors += 1,
            Severity::Warning => self.summary.warnings += 1,
            Severity::Info => self.summary.infos += 1,
        }
    }

    /// Notes a file-level finding that arrived outside a batch.
    pub fn file_finding(&mut self, f: &Finding, emit: &mut dyn FnMut(&Finding)) {
        self.count(f);
        emit(f);
    }

    /// Checks every group and overall subject, reports waivers, and returns
    /// the run's counts.
    pub fn finish(mut self, emit: &mut dyn FnMut(&Finding)) -> Summary {
        let pack = self.pack;
        for (r, rule) in pack.rules.iter().enumerate() {
            if !self.plan.selected[r] || rule.scope == RuleScope::Record {
                continue;
            }
            let table = std::mem::take(&mut self.groups[r]);
            let mut findings = Vec::new();
            for (_, group) in &table.groups {
                self.counts.checks += 1;
                let verdict = group_verdict(rule, group);
                match verdict.0 {
                    Verdict::Pass => self.counts.pass += 1,
                    Verdict::Missing => self.counts.missing += 1,
                    _ => {}
                }
                if let Some((spec, totals)) = &mut self.breakdown {
                    spec.add_group(pack, (r as u32, rule), &group.values, verdict.0, totals);
                }
                if let Some(f) = group_finding(pack, self.plan, r as u32, group, verdict, self.text)
                {
                    findings.push(f);
                }
            }
            // Group findings are ordered by their key as printed.
            findings.sort_by(|a, b| a.key.cmp(&b.key));
            for mut f in findings {
                self.apply_waiver(&mut f);
                self.count(&f);
                emit(&f);
            }
        }
        for f in self.waiver_findings() {
            self.count(&f);
            emit(&f);
        }
        let c = self.counts;
        Summary {
            checks: c.checks,
            pass: c.pass,
            missing: c.missing,
            skipped: c.skipped,
            breakdown: self.breakdown.take().map(|(_, totals)| Box::new(totals)),
            ..self.summary
        }
    }

    /// `waiver/expired` for each key past its date, `waiver/unused` for each
    /// active key that covered no failure; sorted by id, then key.
    fn waiver_findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        for (w, wk) in self.plan.waiver_keys.iter().enumerate() {
            let waiver = &self.pack.waivers[wk.waiver as usize];
            let rule = &self.pack.rules[waiver.rule as usize];
            let file = self.pack.sources.get(waiver.span.file);
            let (line, _) = file.line_col(waiver.span.start as usize);
            let place = format!("{}:{line}", file.name);
            let (id, message, help) = if !wk.active {
                (
                    "waiver/expired",
                    format!(
                        "the waiver of {} for \"{}\" expired on {} ({place}); its failures count again",
                        rule.id, wk.key, waiver.until
                    ),
                    "renew the waiver with a new `until` date, or remove it once the school complies",
                )
            } else if !self.waiver_used[w] {
                (
                    "waiver/unused",
                    format!(
                        "the waiver of {} for \"{}\" ({place}) matches no failure",
                        rule.id, wk.key
                    ),
                    "remove the waiver, or check that the key is the record's key or the group's values joined with `/`",
                )
            } else {
                continue;
            };
            out.push(Finding {
                rule: RuleRef::Builtin(id),
                outcome: Outcome::Error,
                severity: Severity::Warning,
                scope: Scope::Data,
                message,
                help: Some(help.to_owned()),
                record_type: Some(rule.record),
                key: Some(wk.key.clone()),
                group: Vec::new(),
                location: None,
                related: None,
                values: vec![
                    ("rule".to_owned(), Shown::Text(rule.id.clone())),
                    ("until".to_owned(), Shown::Text(waiver.until.to_string())),
                    ("reason".to_owned(), Shown::Text(waiver.reason.clone())),
                ],
                skipped: 0,
            });
        }
        out.sort_by(|a, b| {
            rule_id(self.pack, a.rule)
                .cmp(rule_id(self.pack, b.rule))
                .then(a.key.cmp(&b.key))
        });
        out
    }
}

/// The id a finding sorts and prints by.
pub fn rule_id(pack: &Pack, rule: RuleRef) -> &str {
    match rule {
        RuleRef::Pack(i) => pack.rules.get(i as usize).map_or("", |r| r.id.as_str()),
        RuleRef::Builtin(id) => id,
    }
}

/// Evaluates one chunk: record rules into findings, group rules into
/// partial tables.
fn check_chunk(
    pack: &Pack,
    plan: &Plan,
    rtype: u32,
    chunk: &[Record],
    (excel, text): (bool, bool),
    breakdown: Option<&BreakdownSpec>,
) -> ChunkOut {
    let rules = &plan.by_type[rtype as usize];
    let breakdown_field = breakdown.and_then(|spec| spec.field(rtype));
    let mut out = ChunkOut {
        findings: Vec::new(),
        counts: Counts::default(),
        tallies: breakdown_field.map(|_| ChunkTallies::default()),
        groups: vec![GroupTable::default(); rules.group.len()],
    };
    let mut lets: Vec<Value<'_>> = Vec::new();
    let mut key = String::new();
    for record in chunk {
        let slot = match (&mut out.tallies, breakdown_field) {
            (Some(tallies), Some(field)) => {
                let value = record
                    .cells
                    .get(field as usize)
                    .map_or(Value::Missing, |&cell| expr::cell_value(record, cell));
                tallies.record(pack, (rtype, field), value, rules.record.len())
            }
            _ => None,
        };
        for (position, &r) in rules.record.iter().enumerate() {
            let rule = &pack.rules[r as usize];
            let verdict = record_verdict(rule, record, &mut lets);
            if let (Some(tallies), Some(slot)) = (&mut out.tallies, slot) {
                tallies.verdict(slot, position, verdict);
            }
            match verdict {
                Verdict::Excluded => {}
                Verdict::Skipped => out.counts.skipped += 1,
                Verdict::Pass => {
                    out.counts.checks += 1;
                    out.counts.pass += 1;
                }
                Verdict::Fail | Verdict::Missing => {
                    out.counts.checks += 1;
                    if verdict == Verdict::Missing {
                        out.counts.missing += 1;
                    }
                    let env = Env {
                        fields: Fields::Record(record),
                        lets: &lets,
                        aggs: &[],
                    };
                    let finding = record_finding(pack, plan, r, record, &env, verdict, excel, text);
                    if let Some(f) = finding {
                        out.findings.push(f);
                    }
                }
            }
        }
        for (table, &r) in out.groups.iter_mut().zip(&rules.group) {
            let rule = &pack.rules[r as usize];
            if !accumulate(rule, record, table, &mut key) {
                out.counts.skipped += 1;
            }
        }
    }
    out
}

/// Whether a condition holds: `Some(true/false)`, or `None` when missing.
fn holds(expr: &TExpr, env: &Env<'_, '_>) -> Option<bool> {
    match eval(expr, env) {
        Value::Bool(b) => Some(b),
        _ => None,
    }
}

/// Applies a record rule to one record; `lets` is left holding its lets.
pub fn record_verdict<'a>(
    rule: &'a Rule,
    record: &'a Record,
    lets: &mut Vec<Value<'a>>,
) -> Verdict {
    lets.clear();
    let fields = Fields::Record(record);
    if let Some(filter) = &rule.filter {
        let env = Env {
            fields,
            lets: &[],
            aggs: &[],
        };
        match holds(filter, &env) {
            Some(true) => {}
            Some(false) => return Verdict::Excluded,
            None => return Verdict::Skipped,
        }
    }
    let env = eval_lets(rule, fields, &[], lets);
    match holds(&rule.require, &env) {
        Some(true) => Verdict::Pass,
        Some(false) => Verdict::Fail,
        None => Verdict::Missing,
    }
}

/// Evaluates a rule's lets in order into `lets` and returns the full
/// environment.
fn eval_lets<'e, 'a>(
    rule: &'a Rule,
    fields: Fields<'a>,
    aggs: &'e [Value<'a>],
    lets: &'e mut Vec<Value<'a>>,
) -> Env<'e, 'a> {
    lets.clear();
    for l in &rule.lets {
        let env = Env {
            fields,
            lets: lets.as_slice(),
            aggs,
        };
        let v = eval(&l.value, &env);
        lets.push(v);
    }
    Env {
        fields,
        lets: lets.as_slice(),
        aggs,
    }
}

/// Adds a record to its group of a `per`/`overall` rule. Returns false when
/// the record was skipped because its `where` or a `per` field was missing.
pub fn accumulate(rule: &Rule, record: &Record, table: &mut GroupTable, key: &mut String) -> bool {
    let env = Env {
        fields: Fields::Record(record),
        lets: &[],
        aggs: &[],
    };
    if let Some(filter) = &rule.filter {
        match holds(filter, &env) {
            Some(true) => {}
            Some(false) => return true,
            None => return false,
        }
    }
    let per = per_fields(rule);
    key.clear();
    for (i, &f) in per.iter().enumerate() {
        if i > 0 {
            key.push('\u{1f}');
        }
        match env.field(f) {
            Value::Missing => return false,
            Value::Text(t) => key.push_str(t),
            Value::Num(n) => {
                let _ = write!(key, "{n}");
            }
            Value::Bool(b) => {
                let _ = write!(key, "{b}");
            }
            Value::Date(d) => {
                let _ = write!(key, "{d}");
            }
            Value::Enum(e) => {
                let _ = write!(key, "#{e}");
            }
        }
    }
    let group = table.entry(key, || {
        let values = per.iter().map(|&f| env.field(f).into()).collect();
        Group::new(values, rule.aggregates.len())
    });
    group.records += 1;
    let mut skipped = false;
    for (agg, acc) in rule.aggregates.iter().zip(&mut group.accs) {
        if let Some(filter) = &agg.filter
            && holds(filter, &env) != Some(true)
        {
            continue;
        }
        acc.count += 1;
        let Some(arg) = &agg.arg else { continue };
        let weight = match &agg.weight {
            None => Some(1.0),
            Some(w) => match eval(w, &env) {
                Value::Num(w) => Some(w),
                _ => None,
            },
        };
        match (eval(arg, &env), weight) {
            (Value::Num(x), Some(w)) => acc.add(x, w),
            (Value::Date(d), Some(w)) => acc.add(f64::from(d.0), w),
            _ => skipped = true,
        }
    }
    if skipped {
        group.skipped += 1;
    }
    true
}

/// The `per` fields of a group rule (none for `overall`).
fn per_fields(rule: &Rule) -> &[u32] {
    match &rule.scope {
        RuleScope::Per(per) => per,
        _ => &[],
    }
}

/// The environment of a group after aggregation: its `per` values, its
/// aggregates, and the rule's lets evaluated into `lets`.
pub(crate) fn group_env<'e, 'a>(
    rule: &'a Rule,
    group: &'a Group,
    aggs: &'e [Value<'a>],
    lets: &'e mut Vec<Value<'a>>,
) -> Env<'e, 'a> {
    let fields = Fields::Group {
        per: per_fields(rule),
        values: &group.values,
    };
    eval_lets(rule, fields, aggs, lets)
}

/// Evaluates a group's aggregates, lets and requirement.
pub fn group_verdict(rule: &Rule, group: &Group) -> (Verdict, Vec<Value<'static>>) {
    let aggs: Vec<Value<'static>> = rule
        .aggregates
        .iter()
        .zip(&group.accs)
        .map(|(a, acc)| acc.finish(a))
        .collect();
    let mut lets = Vec::new();
    let env = group_env(rule, group, &aggs, &mut lets);
    let verdict = match holds(&rule.require, &env) {
        Some(true) => Verdict::Pass,
        Some(false) => Verdict::Fail,
        None => Verdict::Missing,
    };
    (verdict, aggs)
}

/// The severity a verdict is reported at, or `None` when it is not reported.
fn reported_severity(
    plan: &Plan,
    rule_index: u32,
    rule: &Rule,
    verdict: Verdict,
) -> Option<Severity> {
    match verdict {
        Verdict::Fail => Some(plan.fail_severity[rule_index as usize]),
        Verdict::Missing => match rule.missing {
            crate::syntax::ast::MissingPolicy::Report(s) => Some(s),
            crate::syntax::ast::MissingPolicy::Ignore => None,
        },
        _ => None,
    }
}

fn outcome_of(verdict: Verdict) -> Outcome {
    if verdict == Verdict::Missing {
        Outcome::Missing
    } else {
        Outcome::Fail
    }
}

/// The finding for a failed or undecided record check; without `text`, its
/// message, help and values are left empty.
#[allow(clippy::too_many_arguments)]
fn record_finding(
    pack: &Pack,
    plan: &Plan,
    r: u32,
    record: &Record,
    env: &Env<'_, '_>,
    verdict: Verdict,
    excel: bool,
    text: bool,
) -> Option<Finding> {
    let rule = &pack.rules[r as usize];
    let severity = reported_severity(plan, r, rule, verdict)?;
    let rtype = pack.records.get(rule.record as usize)?;
    let key = rtype.key.and_then(|k| match env.field(k) {
        Value::Missing => None,
        v => {
            let mut s = String::new();
            message::write_value(
                &mut s,
                pack,
                v,
                rtype.fields[k as usize].ty,
                crate::syntax::ast::Format::Plain,
            );
            Some(s)
        }
    });
    // The offending cell: the first field the requirement reads (for a
    // missing outcome, the first one that is absent).
    let fields_read = || {
        rule.reads.iter().filter_map(|read| match read.what {
            crate::model::ReadKind::Field(f) => Some(f),
            _ => None,
        })
    };
    let field = fields_read()
        .find(|&f| verdict != Verdict::Missing || env.field(f).is_missing())
        .or_else(|| fields_read().next());
    let column = field
        .and_then(|f| record.columns.get(f as usize))
        .copied()
        .unwrap_or(0);
    let (line, offset) = field.map_or((record.pos.line, record.pos.offset), |f| {
        record.cell_line(f)
    });
    let (message, help, values) = finding_text(pack, rule, env, verdict, text);
    Some(Finding {
        rule: RuleRef::Pack(r),
        outcome: outcome_of(verdict),
        severity,
        scope: Scope::Record,
        message,
        help,
        record_type: Some(rule.record),
        key,
        group: Vec::new(),
        location: Some(Location {
            file: record.pos.file,
            sheet: excel.then_some(record.pos.sheet),
            line,
            column,
            offset,
            width: 0,
            field: if column > 0 { field } else { None },
        }),
        related: None,
        values,
        skipped: 0,
    })
}

/// A finding's message, help and values, or nothing without `text`.
fn finding_text(
    pack: &Pack,
    rule: &Rule,
    env: &Env<'_, '_>,
    verdict: Verdict,
    text: bool,
) -> (String, Option<String>, Vec<(String, Shown)>) {
    if !text {
        return (String::new(), None, Vec::new());
    }
    let message = match (&rule.message, verdict) {
        (Some(t), Verdict::Fail) => message::render_template(pack, t, env),
        (_, Verdict::Missing) => message::default_missing(pack, rule, env),
        _ => message::default_failure(pack, rule, env),
    };
    let help = rule
        .help
        .as_ref()
        .map(|t| message::render_template(pack, t, env));
    (message, help, values_of(pack, rule, env))
}

/// Every field, let and aggregate the requirement read, with its value.
fn values_of(pack: &Pack, rule: &Rule, env: &Env<'_, '_>) -> Vec<(String, Shown)> {
    rule.reads
        .iter()
        .map(|read| {
            let ty = message::read_type(pack, rule, read.what);
            (
                read.name.clone(),
                message::shown(pack, message::read_value(read.what, env), ty),
            )
        })
        .collect()
}

/// The finding for a failed or undecided group or overall check.
fn group_finding(
    pack: &Pack,
    plan: &Plan,
    r: u32,
    group: &Group,
    (verdict, aggs): (Verdict, Vec<Value<'static>>),
    text: bool,
) -> Option<Finding> {
    let rule = &pack.rules[r as usize];
    let severity = reported_severity(plan, r, rule, verdict)?;
    let per = per_fields(rule);
    let rtype = pack.records.get(rule.record as usize)?;
    let mut lets = Vec::new();
    let env = group_env(rule, group, &aggs, &mut lets);
    let group_fields: Vec<(String, String)> = per
        .iter()
        .zip(&group.values)
        .map(|(&f, v)| {
            let field = &rtype.fields[f as usize];
            // Keys name enum variants (as waivers do), other values as printed.
            let s = match message::shown(pack, v.as_value(), field.ty) {
                Shown::Text(name) if matches!(field.ty, crate::model::Type::Enum(_)) => name,
                _ => {
                    let mut s = String::new();
                    let plain = crate::syntax::ast::Format::Plain;
                    message::write_value(&mut s, pack, v.as_value(), field.ty, plain);
                    s
                }
            };
            (field.name.clone(), s)
        })
        .collect();
    let display_key = (!per.is_empty()).then(|| {
        group_fields
            .iter()
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join("/")
    });
    let (message, help, values) = finding_text(pack, rule, &env, verdict, text);
    Some(Finding {
        rule: RuleRef::Pack(r),
        outcome: outcome_of(verdict),
        severity,
        scope: if matches!(rule.scope, RuleScope::Overall) {
            Scope::Overall
        } else {
            Scope::Group
        },
        message,
        help,
        record_type: Some(rule.record),
        key: display_key,
        group: group_fields,
        location: None,
        related: None,
        values,
        skipped: group.skipped as u32,
    })
}
