//! The engine: records → findings, with exactly the semantics of
//! LANGUAGE.md 4–7.
//!
//! Each batch of records is cut into fixed-size chunks that rayon evaluates
//! in parallel; every chunk yields its record findings and partial group
//! accumulators, which are merged in chunk order. Chunk boundaries do not
//! depend on the number of threads, so output is identical for any `-j`.

pub mod agg;
mod breakdown;
pub mod code;
pub(crate) mod column;
pub mod examples;
pub mod expr;
mod group;
pub mod message;

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::compile::Plan;
use crate::compile::code::{AggCode, RecordCode, TypeCode};
use crate::data::fxhash::FxBuild;
use crate::data::{Batch, Precheck};
use crate::diag::{
    Breakdown, Finding, Location, Outcome, Pieces, PreparedValues, RecordFinding, Render, RuleRef,
    Scope, Severity, Shown, ShownRef, Summary, Text,
};
use crate::i18n::{Lang, eval as i18n};
use crate::model::{Pack, RecordType, Rule, RuleScope, TExpr};
use crate::value::{OwnedValue, Record, Value};
use agg::Acc;
use breakdown::{BreakdownSpec, ChunkTallies};
use code::{Cx, Decided};
use column::{Bits, ChunkConds, Mask};
use expr::{Env, Fields, eval};
use group::{ChunkGroups, GroupScratch};

/// Records per parallel work unit; fixed, so results never depend on `-j`.
const CHUNK: usize = 1024;

// A chunk's conditions are decided in columns of this many bits.
const _: () = assert!(CHUNK <= column::CAPACITY);

/// Bytes per record a chunk reserves for rendered findings when it finds
/// its first (a JSON diagnostic is ≈ 550 bytes, a record of the benchmark
/// has 1.3 findings on average): growing a large buffer copies it.
const RENDER_GUESS: usize = 1024;

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

    /// Merges a later chunk's groups: a group new to the table is added
    /// as the chunk left it, a known one merges its counts and aggregates.
    fn merge(&mut self, other: ChunkGroups) {
        for part in other.parts() {
            match self.index.get(part.key) {
                Some(&i) => {
                    if let Some((_, group)) = self.groups.get_mut(i) {
                        group.records += part.records;
                        group.skipped += part.skipped;
                        for (a, b) in group.accs.iter_mut().zip(part.accs) {
                            a.merge(b);
                        }
                    }
                }
                None => {
                    let group = Group {
                        values: part.values().map(OwnedValue::from).collect(),
                        records: part.records,
                        skipped: part.skipped,
                        accs: part.accs.to_vec(),
                    };
                    self.index.insert(part.key.to_owned(), self.groups.len());
                    self.groups.push((part.key.to_owned(), group));
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

/// Reported findings counted by outcome and effective severity, as the
/// summary counts them: built ones, and those only counted where they were
/// found ([`Checker::count_only`]).
#[derive(Clone, Copy, Debug, Default)]
struct Counted {
    fail: u64,
    waived: u64,
    errors: u64,
    warnings: u64,
    infos: u64,
}

impl Counted {
    fn finding(&mut self, f: &Finding) {
        self.outcome(f.outcome, f.severity);
    }

    fn outcome(&mut self, outcome: Outcome, severity: Severity) {
        match outcome {
            Outcome::Fail => self.fail += 1,
            Outcome::Waived => self.waived += 1,
            Outcome::Missing | Outcome::Error => {}
        }
        self.severity(severity);
    }

    fn severity(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// `n` findings of one verdict and severity, only counted.
    fn note(&mut self, verdict: Verdict, severity: Severity, n: u64) {
        if verdict == Verdict::Fail {
            self.fail += n;
        }
        match severity {
            Severity::Error => self.errors += n,
            Severity::Warning => self.warnings += n,
            Severity::Info => self.infos += n,
        }
    }

    fn add(&mut self, o: Counted) {
        self.fail += o.fail;
        self.waived += o.waived;
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.infos += o.infos;
    }
}

/// What every chunk of a batch is asked to do.
struct Job<'a> {
    pack: &'a Pack,
    plan: &'a Plan,
    rtype: u32,
    excel: bool,
    /// Findings carry message, help and values, in this language.
    text: Option<Lang>,
    /// See [`Checker::count_only`].
    count_only: bool,
    render: Option<&'a dyn Render>,
    /// Counts per county, when the run breaks them down.
    breakdown: Option<&'a BreakdownSpec>,
    /// Emptied byte buffers of emitted batches ([`Checker::recycle`]).
    spare_bytes: &'a Mutex<Vec<Vec<u8>>>,
}

/// Byte buffers kept for reuse: a batch's chunks take four, and two or
/// three batches are in flight.
const SPARE_BYTE_BUFFERS: usize = 16;

/// What one chunk of records produced.
struct ChunkOut {
    /// Rule findings in output order, waivers applied (without a renderer).
    findings: Vec<Finding>,
    /// With a renderer, the findings rendered as they were found, in output
    /// order: where each is and how it sorts, instead of a [`Finding`].
    placed: Vec<Placed>,
    /// The keys of `placed`, one after another.
    keys: String,
    /// The rendered findings' bytes one after another; `placed[i]`'s end
    /// at `ends[i]`.
    bytes: Vec<u8>,
    ends: Vec<usize>,
    counts: Counts,
    tally: Counted,
    /// Counts per county, when the run breaks them down.
    breakdown: Option<ChunkTallies>,
    /// Waiver keys that covered a failure.
    waivers_used: Vec<usize>,
    /// One table per group rule of the record type, in plan order.
    groups: Vec<ChunkGroups>,
}

/// A record finding a chunk rendered: what its place in the output order
/// depends on (see [`output_order`]), without the finding itself.
#[derive(Clone, Copy, Debug)]
struct Placed {
    file: u32,
    sheet: Option<u32>,
    line: u32,
    /// Index into `Pack::rules`.
    rule: u32,
    /// The key's range in the chunk's `keys`.
    key: Option<(u32, u32)>,
}

/// What findings are ordered by, in this order: place (file, sheet,
/// line), rule id, key. `None` (no place, no key) comes first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct SortKey<'a> {
    place: Option<(u32, Option<u32>, u32)>,
    rule: &'a str,
    key: Option<&'a str>,
}

impl<'a> SortKey<'a> {
    fn of(pack: &'a Pack, f: &'a Finding) -> SortKey<'a> {
        SortKey {
            place: f.location.as_ref().map(|l| (l.file, l.sheet, l.line)),
            rule: rule_id(pack, f.rule),
            key: f.key.as_deref(),
        }
    }
}

impl ChunkOut {
    /// How many findings the chunk made, rendered or built.
    fn len(&self) -> usize {
        self.findings.len() + self.placed.len()
    }

    /// How the chunk's finding `i` sorts.
    fn sort_key<'a>(&'a self, pack: &'a Pack, i: usize) -> SortKey<'a> {
        match self.placed.get(i) {
            Some(p) => SortKey {
                place: Some((p.file, p.sheet, p.line)),
                rule: rule_id(pack, RuleRef::Pack(p.rule)),
                key: p
                    .key
                    .and_then(|(start, end)| self.keys.get(start as usize..end as usize)),
            },
            None => SortKey::of(pack, &self.findings[i - self.placed.len()]),
        }
    }

    /// The rendered bytes of finding `i`, if the chunk rendered them.
    fn rendered(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.bytes.get(start..end)
    }
}

/// One finding as [`Checked::emit`] hands it over.
#[derive(Debug)]
pub enum Emitted<'a> {
    /// A finding to render.
    Finding(&'a Finding),
    /// The bytes of one or more findings, one after another, as the
    /// renderer given to [`Checker::check_batch`] rendered them.
    Rendered(&'a [u8]),
    /// A chunk's buffer, all of it the bytes of its findings as
    /// [`Emitted::Rendered`]: the receiver may take the buffer instead of
    /// copying it, leaving another (emptied) in its place, which
    /// [`Checker::recycle`] keeps for the chunks to come.
    Buffer(&'a mut Vec<u8>),
}

/// One batch's findings, checked and counted, in output order: what
/// [`Checker::check_batch`] hands back for emitting.
pub struct Checked {
    /// The reader's findings (waivers applied).
    reader: Vec<Finding>,
    /// The chunks' findings, built or rendered.
    outs: Vec<ChunkOut>,
    /// `(source, index)` in output order, where source 0 is `reader` and
    /// `c + 1` is `outs[c]`; `None` when that is simply reader, then each
    /// chunk in turn.
    order: Option<Vec<(u32, u32)>>,
}

impl Checked {
    /// How finding `i` of source `c` sorts (see [`Checked::order`]).
    fn sort_key<'a>(&'a self, pack: &'a Pack, c: u32, i: u32) -> SortKey<'a> {
        match c {
            0 => SortKey::of(pack, &self.reader[i as usize]),
            c => self.outs[c as usize - 1].sort_key(pack, i as usize),
        }
    }

    /// Finding `i` of source `c`, built or rendered.
    fn emitted(&self, c: u32, i: u32) -> Emitted<'_> {
        let i = i as usize;
        let out = match c {
            0 => return Emitted::Finding(&self.reader[i]),
            c => &self.outs[c as usize - 1],
        };
        match i.checked_sub(out.placed.len()) {
            Some(built) => Emitted::Finding(&out.findings[built]),
            None => Emitted::Rendered(out.rendered(i).unwrap_or_default()),
        }
    }

    /// Hands every finding, built or rendered, to `emit`, in output order;
    /// a chunk's rendered findings that follow each other go in one piece,
    /// as its whole buffer ([`Emitted::Buffer`]) when nothing falls between.
    pub fn emit(&mut self, emit: &mut dyn FnMut(Emitted<'_>)) {
        match &self.order {
            Some(order) => {
                for &(c, i) in order {
                    emit(self.emitted(c, i));
                }
            }
            None => {
                for f in &self.reader {
                    emit(Emitted::Finding(f));
                }
                for out in &mut self.outs {
                    if !out.placed.is_empty() {
                        emit(Emitted::Buffer(&mut out.bytes));
                    }
                    for f in &out.findings {
                        emit(Emitted::Finding(f));
                    }
                }
            }
        }
    }
}

/// Evaluates a pack's rules over batches of records and closes the run.
pub struct Checker<'p> {
    /// The pack, plan and settings, shared with the threads that check.
    checks: &'p Checks<'p>,
    /// Per rule: its groups so far (empty for record rules).
    groups: Vec<GroupTable>,
    /// Per waiver key: whether it covered a failure.
    waiver_used: Vec<bool>,
    counts: Counts,
    summary: Summary,
    /// Reported findings, counted (built or not).
    tally: Counted,
    /// Counts per county, when the run breaks them down.
    breakdown: Option<Breakdown>,
}

/// How every chunk of records is checked: the part of a run's checking that
/// any thread may use, so that a reader can check records where it reads
/// them ([`Checks::check_records`]); a [`Checker`] merges the results in
/// file order.
pub struct Checks<'p> {
    pack: &'p Pack,
    plan: &'p Plan,
    /// Whether findings carry their message, help and values (see
    /// [`Checks::render_text`]).
    text: bool,
    /// The language of default messages and built-in diagnostics.
    lang: Lang,
    /// See [`Checks::count_only`].
    count_only: bool,
    /// Counts per county, when a reporter asked for them: what to count by,
    /// and the field's name.
    breakdown: Option<(BreakdownSpec, String)>,
    /// Rendered chunks' byte buffers, emptied for reuse: a chunk's JSON is
    /// about a megabyte, and fresh memory costs page faults.
    spare_bytes: Mutex<Vec<Vec<u8>>>,
}

/// Records checked apart from the [`Checker`] (where they were read), for
/// [`Checker::check_batch`] to merge in file order.
pub struct Prechecked {
    /// Each chunk's results, with its findings counted.
    chunks: Vec<(ChunkOut, Counted)>,
    /// Records checked (none when their type has no rules).
    records: u64,
}

impl<'p> Checks<'p> {
    pub fn new(pack: &'p Pack, plan: &'p Plan) -> Checks<'p> {
        Checks {
            pack,
            plan,
            text: true,
            lang: Lang::En,
            count_only: false,
            breakdown: None,
            spare_bytes: Mutex::new(Vec::new()),
        }
    }

    /// Also counts each rule's checks per value of the field `name` (the
    /// county): see [`Summary::breakdown`].
    pub fn break_down_by(&mut self, name: &str) {
        self.breakdown = Some((BreakdownSpec::new(self.pack, name), name.to_owned()));
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

    /// Whether record findings of rules without waivers are only counted,
    /// in the chunk that found them, instead of built and emitted: for a
    /// reporter that does not look at findings (`-q`). The summary is the
    /// same; findings of rules with waivers are still built (their keys
    /// decide), and so are group findings and the readers' own.
    pub fn count_only(&mut self, count_only: bool) {
        self.count_only = count_only;
    }

    /// Checks records of type `rtype`, in chunks of [`CHUNK`] (on the rayon
    /// pool when `parallel`): the rules' findings, counts and partial
    /// groups, for [`Checker::check_batch`] to merge. `excel` says whether
    /// their file is a workbook, whose locations name a sheet; with a
    /// `render`er (and text) record findings are rendered as they are
    /// found, keeping only their bytes and where they sort.
    pub fn check_records(
        &self,
        rtype: u32,
        excel: bool,
        render: Option<&dyn Render>,
        records: &[Record],
        parallel: bool,
    ) -> Prechecked {
        if self.plan.by_type.get(rtype as usize).is_none() {
            return Prechecked {
                chunks: Vec::new(),
                records: 0,
            };
        }
        let job = Job {
            pack: self.pack,
            plan: self.plan,
            rtype,
            excel,
            text: self.text.then_some(self.lang),
            count_only: self.count_only,
            render,
            breakdown: self.breakdown.as_ref().map(|(spec, _)| spec),
            spare_bytes: &self.spare_bytes,
        };
        // Each chunk's findings are counted where they were made.
        let check = |chunk: &[Record]| {
            let out = check_chunk(&job, chunk);
            let mut counted = Counted::default();
            for f in &out.findings {
                counted.finding(f);
            }
            (out, counted)
        };
        let chunks = if parallel {
            records.par_chunks(CHUNK).map(check).collect()
        } else {
            records.chunks(CHUNK).map(check).collect()
        };
        Prechecked {
            chunks,
            records: records.len() as u64,
        }
    }
}

/// Checks one file's records where they are read (`data::Precheck`), with
/// the renderer, if any, made for that file.
pub struct FileChecks<'a> {
    pub checks: &'a Checks<'a>,
    pub render: Option<&'a dyn Render>,
    pub excel: bool,
}

impl Precheck for FileChecks<'_> {
    fn check(&self, record_type: u32, records: &[Record]) -> Box<dyn Any + Send> {
        Box::new(
            self.checks
                .check_records(record_type, self.excel, self.render, records, false),
        )
    }
}

impl<'p> Checker<'p> {
    pub fn new(checks: &'p Checks<'p>) -> Checker<'p> {
        let (pack, plan) = (checks.pack, checks.plan);
        Checker {
            checks,
            groups: vec![GroupTable::default(); pack.rules.len()],
            waiver_used: vec![false; plan.waiver_keys.len()],
            counts: Counts::default(),
            summary: Summary {
                rules: plan.rule_count() as u64,
                ..Summary::default()
            },
            tally: Counted::default(),
            breakdown: checks.breakdown.as_ref().map(|(_, field)| Breakdown {
                field: field.clone(),
                ..Breakdown::default()
            }),
        }
    }

    /// Checks one batch: its findings (the reader's and the rules'), sorted
    /// by line, rule id and key, come back as a [`Checked`] to emit — on
    /// another thread if the caller likes, while this one checks the next
    /// batch. The run's counts are already updated. Records the reader
    /// checked itself ([`Batch::checked`], each a [`Prechecked`]) are
    /// merged in order; the batch's own records are checked now, in
    /// parallel chunks, as [`Checks::check_records`] says (`excel`,
    /// `render`). The reader's findings are emitted as findings.
    pub fn check_batch(
        &mut self,
        batch: &mut Batch,
        excel: bool,
        render: Option<&dyn Render>,
    ) -> Checked {
        let mut reader = std::mem::take(&mut batch.findings);
        let rtype = batch.record_type;
        let mut outs = Vec::new();
        for checked in batch.checked.drain(..) {
            if let Ok(pre) = checked.downcast::<Prechecked>() {
                self.merge(rtype, *pre, &mut outs);
            }
        }
        let records = &batch.records[..batch.len.min(batch.records.len())];
        if !records.is_empty() {
            let pre = self
                .checks
                .check_records(rtype, excel, render, records, true);
            self.merge(rtype, pre, &mut outs);
        }
        for f in &mut reader {
            self.apply_waiver(f);
        }
        self.checked(reader, outs)
    }

    /// Adds checked chunks of records of type `rtype` to the run's counts
    /// and groups, and their findings to `outs`.
    fn merge(&mut self, rtype: u32, pre: Prechecked, outs: &mut Vec<ChunkOut>) {
        let Some(rules) = self.checks.plan.by_type.get(rtype as usize) else {
            return;
        };
        self.summary.records += pre.records;
        for (mut out, counted) in pre.chunks {
            self.counts.add(out.counts);
            self.tally.add(out.tally);
            self.tally.add(counted);
            if let (Some(tallies), Some(totals)) = (out.breakdown.take(), &mut self.breakdown) {
                tallies.merge_into(&rules.record, totals);
            }
            for &w in &out.waivers_used {
                self.waiver_used[w] = true;
            }
            for (table, &rule) in std::mem::take(&mut out.groups)
                .into_iter()
                .zip(&rules.group)
            {
                self.groups[rule as usize].merge(table);
            }
            outs.push(out);
        }
    }

    /// A batch's findings in output order; counts the reader's.
    fn checked(&mut self, reader: Vec<Finding>, outs: Vec<ChunkOut>) -> Checked {
        for f in &reader {
            self.count(f);
        }
        let mut checked = Checked {
            reader,
            outs,
            order: None,
        };
        // Each chunk's findings are in output order already, and chunks
        // follow each other through the file: with no reader findings, the
        // runs need comparing only where they meet. Otherwise a stable sort
        // merges the ordered runs — the same order as sorting everything.
        let pack = self.checks.pack;
        let mut runs = checked.outs.iter().filter(|o| o.len() > 0);
        let mut last = runs.next().map(|o| o.sort_key(pack, o.len() - 1));
        let runs_in_order = runs.all(|o| {
            let in_order = last.is_none_or(|a| a <= o.sort_key(pack, 0));
            last = Some(o.sort_key(pack, o.len() - 1));
            in_order
        });
        if checked.reader.is_empty() && runs_in_order {
            return checked;
        }
        let mut order: Vec<(u32, u32)> = Vec::new();
        order.extend((0..checked.reader.len()).map(|i| (0, i as u32)));
        for (c, out) in checked.outs.iter().enumerate() {
            order.extend((0..out.len()).map(|i| (c as u32 + 1, i as u32)));
        }
        let key = |&(c, i): &(u32, u32)| checked.sort_key(pack, c, i);
        if !order.is_sorted_by(|a, b| key(a) <= key(b)) {
            order.sort_by(|a, b| key(a).cmp(&key(b)));
            checked.order = Some(order);
        }
        checked
    }

    /// Takes back an emitted batch, keeping its chunks' byte buffers for
    /// the chunks to come.
    pub fn recycle(&self, checked: Checked) {
        let Ok(mut spare) = self.checks.spare_bytes.lock() else {
            return;
        };
        for mut out in checked.outs {
            if spare.len() < SPARE_BYTE_BUFFERS && out.bytes.capacity() > 0 {
                out.bytes.clear();
                spare.push(out.bytes);
            }
        }
    }

    /// Turns a failure covered by an active waiver into `waived`.
    fn apply_waiver(&mut self, f: &mut Finding) {
        if let Some(w) = waive(self.checks.plan, f) {
            self.waiver_used[w] = true;
        }
    }

    fn count(&mut self, f: &Finding) {
        self.tally.finding(f);
    }

    /// Checks every group and overall subject, reports waivers, and returns
    /// the run's counts.
    pub fn finish(mut self, emit: &mut dyn FnMut(&Finding)) -> Summary {
        let pack = self.checks.pack;
        for (r, rule) in pack.rules.iter().enumerate() {
            if !self.checks.plan.selected[r] || rule.scope == RuleScope::Record {
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
                if let (Some((spec, _)), Some(totals)) =
                    (&self.checks.breakdown, &mut self.breakdown)
                {
                    spec.add_group(pack, (r as u32, rule), &group.values, verdict.0, totals);
                }
                let text = self.checks.text.then_some(self.checks.lang);
                if let Some(f) =
                    group_finding(pack, self.checks.plan, r as u32, group, verdict, text)
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
        let (c, t) = (self.counts, self.tally);
        Summary {
            checks: c.checks,
            pass: c.pass,
            missing: c.missing,
            skipped: c.skipped,
            fail: t.fail,
            waived: t.waived,
            errors: t.errors,
            warnings: t.warnings,
            infos: t.infos,
            breakdown: self.breakdown.take().map(Box::new),
            ..self.summary
        }
    }

    /// `waiver/expired` for each key past its date, `waiver/unused` for each
    /// active key that covered no failure; sorted by id, then key.
    fn waiver_findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        for (w, wk) in self.checks.plan.waiver_keys.iter().enumerate() {
            let waiver = &self.checks.pack.waivers[wk.waiver as usize];
            let rule = &self.checks.pack.rules[waiver.rule as usize];
            let file = self.checks.pack.sources.get(waiver.span.file);
            let (line, _) = file.line_col(waiver.span.start as usize);
            let place = format!("{}:{line}", file.name);
            let lang = self.checks.lang;
            let (id, message, help) = if !wk.active {
                (
                    "waiver/expired",
                    crate::t!(
                        lang,
                        i18n::WAIVER_EXPIRED,
                        rule = rule.id,
                        key = wk.key,
                        until = crate::i18n::date(lang, waiver.until),
                        place = place
                    ),
                    i18n::HELP_WAIVER_EXPIRED,
                )
            } else if !self.waiver_used[w] {
                (
                    "waiver/unused",
                    crate::t!(
                        lang,
                        i18n::WAIVER_UNUSED,
                        rule = rule.id,
                        key = wk.key,
                        place = place
                    ),
                    i18n::HELP_WAIVER_UNUSED,
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
                help: Some(crate::t!(lang, help)),
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
            rule_id(self.checks.pack, a.rule)
                .cmp(rule_id(self.checks.pack, b.rule))
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

/// The order findings are reported in: by place (file, sheet, line), then
/// rule id, then key.
fn output_order(pack: &Pack, a: &Finding, b: &Finding) -> std::cmp::Ordering {
    SortKey::of(pack, a).cmp(&SortKey::of(pack, b))
}

/// Turns a failure covered by an active waiver into `waived`; returns the
/// waiver key that covers it, active or not.
fn waive(plan: &Plan, f: &mut Finding) -> Option<usize> {
    let RuleRef::Pack(rule) = f.rule else {
        return None;
    };
    let w = waiver_of(plan, rule, f.outcome, f.key.as_deref())?;
    waived(plan, w, &mut f.outcome, &mut f.severity);
    Some(w)
}

/// The waiver key that covers a failure of pack rule `rule` with `key`,
/// active or not.
fn waiver_of(plan: &Plan, rule: u32, outcome: Outcome, key: Option<&str>) -> Option<usize> {
    match (outcome, key) {
        (Outcome::Fail, Some(key)) => plan.waiver(rule, key),
        _ => None,
    }
}

/// A failure covered by waiver key `w`: `waived` at `info` if it is active.
fn waived(plan: &Plan, w: usize, outcome: &mut Outcome, severity: &mut Severity) {
    if plan.waiver_keys[w].active {
        *outcome = Outcome::Waived;
        *severity = Severity::Info;
    }
}

/// Evaluates one chunk: record rules into findings (waived, ordered and,
/// with a renderer, rendered), group rules into partial tables. Conditions
/// and requirements are decided a column at a time over the chunk
/// ([`ChunkConds`]); counts are bit counts, and only the records a finding
/// is built for are visited one by one.
fn check_chunk(job: &Job<'_>, chunk: &[Record]) -> ChunkOut {
    SCRATCH
        .try_with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => check_chunk_with(job, chunk, &mut scratch),
            Err(_) => check_chunk_with(job, chunk, &mut Scratch::default()),
        })
        .unwrap_or_else(|_| check_chunk_with(job, chunk, &mut Scratch::default()))
}

/// What a chunk leaves for the next one on the same thread: the buffers of
/// its conditions and group tables, emptied but not freed.
#[derive(Default)]
struct Scratch {
    conds: ChunkConds,
    groups: GroupScratch,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// [`check_chunk`] with a thread's buffers.
#[inline(never)]
fn check_chunk_with(job: &Job<'_>, chunk: &[Record], scratch: &mut Scratch) -> ChunkOut {
    let (pack, plan) = (job.pack, job.plan);
    let rules = &plan.by_type[job.rtype as usize];
    let spare = job.spare_bytes.lock().ok().and_then(|mut s| s.pop());
    let mut out = ChunkOut {
        findings: Vec::new(),
        placed: Vec::new(),
        keys: String::new(),
        bytes: spare.unwrap_or_default(),
        ends: Vec::new(),
        counts: Counts::default(),
        tally: Counted::default(),
        breakdown: ChunkTallies::new(job.breakdown, job.rtype),
        waivers_used: Vec::new(),
        groups: Vec::with_capacity(rules.group.len()),
    };
    let code = &rules.code;
    let chunk = &chunk[..chunk.len().min(column::CAPACITY)];
    let conds = &mut scratch.conds;
    conds.decide(code, chunk);
    let build = record_verdicts(job, code, chunk, conds, &mut out);
    record_findings(job, code, chunk, &build, &mut out);
    out.counts.skipped += group::group_folds(
        pack,
        code,
        chunk,
        conds,
        &mut scratch.groups,
        &mut out.groups,
    );
    // Rendered findings were waived and counted as they were found.
    put_in_order(pack, &mut out);
    for f in &mut out.findings {
        if let Some(w) = waive(plan, f) {
            out.waivers_used.push(w);
        }
    }
    out.findings.sort_by(|a, b| output_order(pack, a, b));
    out
}

/// The records of one record rule whose findings are built: those
/// reported, and which of them failed (the others are missing).
struct ToBuild {
    position: usize,
    reported: Mask,
    fail: Mask,
}

/// Decides a chunk's record rules, counts their verdicts (and, when the
/// run breaks them down, per county), tallies the findings only counted,
/// and returns the rules whose findings are built, in rule order.
#[inline(never)]
fn record_verdicts<'a>(
    job: &Job<'_>,
    code: &'a TypeCode,
    chunk: &'a [Record],
    conds: &ChunkConds,
    out: &mut ChunkOut,
) -> Vec<ToBuild> {
    let (pack, plan) = (job.pack, job.plan);
    let valid = conds.valid;
    let mut lets: Vec<Value<'a>> = Vec::new();
    // Each record's slot in the breakdown, counted in record order.
    let slots: Vec<Option<usize>> = match &mut out.breakdown {
        Some(tallies) => (chunk.iter())
            .map(|record| {
                let env = Env {
                    fields: Fields::Record(record),
                    lets: &[],
                    aggs: &[],
                };
                tallies.record(pack, &env, code.record.len())
            })
            .collect(),
        None => Vec::new(),
    };
    let mut build = Vec::new();
    for (position, rc) in code.record.iter().enumerate() {
        let r = rc.rule;
        let rule = &pack.rules[r as usize];
        let filter = match rc.filter {
            Some(c) => conds.cols.get(c as usize).copied().unwrap_or(Bits::NONE),
            None => Bits::all(&valid),
        };
        let applies = filter.yes;
        let require = if rc.lets.is_empty() {
            conds.eval(&rc.require, chunk, &applies)
        } else {
            // Lets are values: the rule runs record by record.
            let mut bits = Bits::NONE;
            for n in column::records(&applies) {
                let Some(record) = chunk.get(n) else { break };
                let (w, b) = (n / 64, n % 64);
                match verdict_after(rc, record, None, &mut lets) {
                    Verdict::Pass => {
                        bits.yes[w] |= 1 << b;
                        bits.known[w] |= 1 << b;
                    }
                    Verdict::Fail => bits.known[w] |= 1 << b,
                    _ => {}
                }
            }
            bits
        };
        let pass = column::and(&applies, &require.yes);
        let fail = column::and_not(&column::and(&applies, &require.known), &require.yes);
        let missing = column::and_not(&applies, &require.known);
        out.counts.skipped += column::count(&column::and_not(&valid, &filter.known));
        out.counts.checks += column::count(&applies);
        out.counts.pass += column::count(&pass);
        out.counts.missing += column::count(&missing);
        if let Some(tallies) = &mut out.breakdown {
            for n in column::records(&applies) {
                if let Some(&Some(slot)) = slots.get(n) {
                    let verdict = match (Bits::all(&pass).get(n), Bits::all(&fail).get(n)) {
                        (Some(true), _) => Verdict::Pass,
                        (_, Some(true)) => Verdict::Fail,
                        _ => Verdict::Missing,
                    };
                    tallies.verdict(slot, position, verdict);
                }
            }
        }
        let fail_severity = reported_severity(plan, r, rule, Verdict::Fail);
        let missing_severity = reported_severity(plan, r, rule, Verdict::Missing);
        let reported: Mask = std::array::from_fn(|w| {
            let missing = if missing_severity.is_some() {
                missing[w]
            } else {
                0
            };
            let fail = if fail_severity.is_some() { fail[w] } else { 0 };
            fail | missing
        });
        if column::is_empty(&reported) {
            continue;
        }
        if job.count_only && !plan.has_waivers(r) {
            if let Some(severity) = fail_severity {
                out.tally
                    .note(Verdict::Fail, severity, column::count(&fail));
            }
            if let Some(severity) = missing_severity {
                out.tally
                    .note(Verdict::Missing, severity, column::count(&missing));
            }
            continue;
        }
        build.push(ToBuild {
            position,
            reported,
            fail,
        });
    }
    build
}

/// Builds (and with a renderer, waives and renders) the findings of
/// `build`, record by record, each record's in rule order.
#[inline(never)]
fn record_findings(
    job: &Job<'_>,
    code: &TypeCode,
    chunk: &[Record],
    build: &[ToBuild],
    out: &mut ChunkOut,
) {
    let (pack, plan) = (job.pack, job.plan);
    let mut any = [0u64; column::WORDS];
    for b in build {
        for (a, r) in any.iter_mut().zip(&b.reported) {
            *a |= r;
        }
    }
    let mut lets: Vec<Value<'_>> = Vec::new();
    for n in column::records(&any) {
        let Some(record) = chunk.get(n) else { break };
        for b in build {
            if !in_mask(&b.reported, n) {
                continue;
            }
            let Some(rc) = code.record.get(b.position) else {
                continue;
            };
            let r = rc.rule;
            let rule = &pack.rules[r as usize];
            let verdict = if in_mask(&b.fail, n) {
                Verdict::Fail
            } else {
                Verdict::Missing
            };
            // The finding's text reads the rule's lets.
            lets.clear();
            if !rc.lets.is_empty() {
                verdict_after(rc, record, None, &mut lets);
            }
            let env = Env {
                fields: Fields::Record(record),
                lets: &lets,
                aggs: &[],
            };
            // With a renderer, the finding is waived, counted and rendered
            // as it is found, its text written straight into the bytes;
            // only where it sorts is kept.
            match job.render.zip(job.text) {
                Some((render, lang)) => {
                    let at = (n, chunk.len());
                    render_record(
                        job,
                        out,
                        (r, rule),
                        (record, &env),
                        verdict,
                        at,
                        (render, lang),
                    );
                }
                None => {
                    let text = job.text;
                    let f = record_finding(pack, plan, r, (record, &env), verdict, job.excel, text);
                    out.findings.extend(f);
                }
            }
        }
    }
}

/// Whether record `n` is in `mask` (without copying it into a [`Bits`]:
/// that copy, per record and rule, was 46 M instructions of a 100,000-record
/// JSON run).
#[inline]
fn in_mask(mask: &column::Mask, n: usize) -> bool {
    mask.get(n / 64).is_some_and(|w| w >> (n % 64) & 1 == 1)
}

/// Waives, counts and renders a failed or undecided record check of rule
/// `r` where it is found (record `n` of the chunk's `len`), keeping its
/// bytes and where it sorts in `out`: its text is written straight into the
/// bytes, and its key into the chunk's key buffer. Out of line, so that the
/// verdict loop around it stays small.
#[inline(never)]
fn render_record(
    job: &Job<'_>,
    out: &mut ChunkOut,
    (r, rule): (u32, &Rule),
    (record, env): (&Record, &Env<'_, '_>),
    verdict: Verdict,
    (n, len): (usize, usize),
    (render, lang): (&dyn Render, Lang),
) {
    let (pack, plan) = (job.pack, job.plan);
    let Some(severity) = reported_severity(plan, r, rule, verdict) else {
        return;
    };
    let Some(rtype) = pack.records.get(rule.record as usize) else {
        return;
    };
    let start = out.keys.len() as u32;
    let has_key = write_key(pack, rtype, env, &mut out.keys);
    let range = has_key.then_some((start, out.keys.len() as u32));
    let key = range.and_then(|(s, e)| out.keys.get(s as usize..e as usize));
    let (mut outcome, mut severity) = (outcome_of(verdict), severity);
    if let Some(w) = waiver_of(plan, r, outcome, key) {
        out.waivers_used.push(w);
        waived(plan, w, &mut outcome, &mut severity);
    }
    out.tally.outcome(outcome, severity);
    let location = record_location(rule, record, env, verdict, job.excel);
    let found = RecordFinding {
        rule: r,
        outcome,
        severity,
        record_type: rule.record,
        key,
        location,
    };
    let text = RecordText {
        pack,
        rule,
        env,
        verdict,
        lang,
    };
    if out.bytes.capacity() - out.bytes.len() < RENDER_GUESS {
        // Room for the rest of the chunk at once, at the bytes per record
        // so far (growing copies). At most doubling, as `Vec` would.
        let per_record = out.bytes.len() / (n + 1);
        let rest = len.saturating_sub(n);
        let room = rest.saturating_mul(per_record.max(RENDER_GUESS));
        out.bytes.reserve(room.min(out.bytes.len().max(1 << 20)));
    }
    render.render_with(&found, &text, &mut out.bytes);
    out.ends.push(out.bytes.len());
    out.placed.push(Placed {
        file: found.location.file,
        sheet: found.location.sheet,
        line: found.location.line,
        rule: r,
        key: range,
    });
}

/// Puts a chunk's rendered findings, rendered in the order they were found,
/// in output order together with their bytes (a stable sort, as for
/// findings rendered after sorting).
fn put_in_order(pack: &Pack, out: &mut ChunkOut) {
    let key = |i: usize| out.sort_key(pack, i);
    // Places decide almost always; rule ids and keys only on one line.
    let place = |p: &Placed| (p.file, p.sheet, p.line);
    let in_order =
        out.placed
            .windows(2)
            .enumerate()
            .all(|(i, w)| match place(&w[0]).cmp(&place(&w[1])) {
                std::cmp::Ordering::Less => true,
                std::cmp::Ordering::Greater => false,
                std::cmp::Ordering::Equal => {
                    // Rule ids of one line mostly differ in their first
                    // byte, which then decides (as it does for `str`).
                    let first = |p: &Placed| {
                        let id = rule_id(pack, RuleRef::Pack(p.rule));
                        id.as_bytes().first().copied()
                    };
                    match first(&w[0]).cmp(&first(&w[1])) {
                        std::cmp::Ordering::Equal => key(i) <= key(i + 1),
                        order => order.is_lt(),
                    }
                }
            });
    if in_order {
        return;
    }
    let mut order: Vec<usize> = (0..out.placed.len()).collect();
    order.sort_by(|&a, &b| key(a).cmp(&key(b)));
    let mut bytes = Vec::with_capacity(out.bytes.len());
    let mut ends = Vec::with_capacity(order.len());
    for &i in &order {
        bytes.extend_from_slice(out.rendered(i).unwrap_or_default());
        ends.push(bytes.len());
    }
    out.placed = order.iter().map(|&i| out.placed[i]).collect();
    out.bytes = bytes;
    out.ends = ends;
}

/// Whether a condition holds: `Some(true/false)`, or `None` when missing.
fn holds(expr: &TExpr, env: &Env<'_, '_>) -> Option<bool> {
    match eval(expr, env) {
        Value::Bool(b) => Some(b),
        _ => None,
    }
}

/// Applies a record rule, compiled alone (`TypeCode::new(pack, &[r],
/// &[])`), to one record; `lets` is left holding its lets.
pub fn record_verdict<'a>(
    code: &'a TypeCode,
    record: &'a Record,
    lets: &mut Vec<Value<'a>>,
) -> Verdict {
    let Some(rc) = code.record.first() else {
        return Verdict::Excluded;
    };
    let mut decided = Decided::default();
    code.decide(record, &mut decided);
    verdict_after(rc, record, rc.filter.map(|s| decided.get(s)), lets)
}

/// Applies a compiled record rule to one record whose `where` already
/// decided `filter` (`None` without a `where`, `Some(None)` when it was
/// missing); `lets` is left holding its lets.
#[inline(always)]
fn verdict_after<'a>(
    code: &'a RecordCode,
    record: &'a Record,
    filter: Option<Option<bool>>,
    lets: &mut Vec<Value<'a>>,
) -> Verdict {
    if !lets.is_empty() {
        lets.clear();
    }
    match filter {
        Some(Some(false)) => return Verdict::Excluded,
        Some(None) => return Verdict::Skipped,
        _ => {}
    }
    for l in &code.lets {
        let v = l.eval(&Cx {
            lets: lets.as_slice(),
            ..Cx::new(record)
        });
        lets.push(v);
    }
    let cx = Cx {
        lets: lets.as_slice(),
        ..Cx::new(record)
    };
    match code.require.eval(&cx) {
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

/// Adds a record to its group of a `per`/`overall` rule, compiled alone
/// (`TypeCode::new(pack, &[], &[r])`). Returns false when the record was
/// skipped because its `where` or a `per` field was missing.
pub fn accumulate(
    rule: &Rule,
    code: &TypeCode,
    record: &Record,
    table: &mut GroupTable,
    key: &mut String,
) -> bool {
    let env = Env {
        fields: Fields::Record(record),
        lets: &[],
        aggs: &[],
    };
    let Some(gc) = code.group.first() else {
        return false;
    };
    let mut decided = Decided::default();
    code.decide(record, &mut decided);
    if let Some(filter) = gc.filter {
        match decided.get(filter) {
            Some(true) => {}
            Some(false) => return true,
            None => return false,
        }
    }
    if !group_key(per_fields(rule), &env, key) {
        return false;
    }
    let group = table.entry(key, || new_group(rule, &env));
    fold(
        &gc.aggs,
        &Cx::new(record),
        |c| decided.get(c) == Some(true),
        group,
    );
    true
}

/// Writes a record's group key for `per` (its values joined with U+001F);
/// false when a `per` field is missing.
fn group_key(per: &[u32], env: &Env<'_, '_>, key: &mut String) -> bool {
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
    true
}

/// A new group holding a record's `per` values.
fn new_group(rule: &Rule, env: &Env<'_, '_>) -> Group {
    let values = per_fields(rule)
        .iter()
        .map(|&f| env.field(f).into())
        .collect();
    Group::new(values, rule.aggregates.len())
}

/// Folds one record into its group's aggregates, compiled in `aggs`; `holds`
/// says whether the record's condition (an aggregate's `where`) holds.
#[inline(always)]
fn fold<'a>(aggs: &'a [AggCode], cx: &Cx<'_, 'a>, holds: impl Fn(u32) -> bool, group: &mut Group) {
    group.records += 1;
    let mut skipped = false;
    for (agg, acc) in aggs.iter().zip(&mut group.accs) {
        if let Some(filter) = agg.filter
            && !holds(filter)
        {
            continue;
        }
        acc.count += 1;
        let Some(arg) = &agg.arg else { continue };
        let weight = match &agg.weight {
            None => Some(1.0),
            Some(w) => w.eval(cx),
        };
        match (arg.eval(cx), weight) {
            (Some(x), Some(w)) => acc.add_for(agg.func, x, w),
            _ => skipped = true,
        }
    }
    if skipped {
        group.skipped += 1;
    }
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

/// The finding for a failed or undecided record check; without `text` (the
/// language of its text), its message, help and values are left empty.
fn record_finding(
    pack: &Pack,
    plan: &Plan,
    r: u32,
    (record, env): (&Record, &Env<'_, '_>),
    verdict: Verdict,
    excel: bool,
    text: Option<Lang>,
) -> Option<Finding> {
    let rule = &pack.rules[r as usize];
    let severity = reported_severity(plan, r, rule, verdict)?;
    let rtype = pack.records.get(rule.record as usize)?;
    let mut key = String::new();
    let key = write_key(pack, rtype, env, &mut key).then_some(key);
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
        location: Some(record_location(rule, record, env, verdict, excel)),
        related: None,
        values,
        skipped: 0,
    })
}

/// Appends a record's key to `out` (a text key as it is, what
/// `write_value` writes; others as printed in English); `false` when the
/// record type has none or the record's is missing.
fn write_key(pack: &Pack, rtype: &RecordType, env: &Env<'_, '_>, out: &mut String) -> bool {
    let Some(k) = rtype.key else {
        return false;
    };
    match env.field(k) {
        Value::Missing => return false,
        Value::Text(t) => out.push_str(t),
        v => {
            out.reserve(24);
            let ty = rtype.fields[k as usize].ty;
            message::write_value(out, pack, v, ty, crate::syntax::ast::Format::Plain);
        }
    }
    true
}

/// Where a record finding points: the offending cell, the first field the
/// requirement reads (for a missing outcome, the first one that is absent).
fn record_location(
    rule: &Rule,
    record: &Record,
    env: &Env<'_, '_>,
    verdict: Verdict,
    excel: bool,
) -> Location {
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
    Location {
        file: record.pos.file,
        sheet: excel.then_some(record.pos.sheet),
        line,
        column,
        offset,
        width: 0,
        field: if column > 0 { field } else { None },
    }
}

/// A finding's message, help and values in the language `text`, or nothing
/// without it.
fn finding_text(
    pack: &Pack,
    rule: &Rule,
    env: &Env<'_, '_>,
    verdict: Verdict,
    text: Option<Lang>,
) -> (String, Option<String>, Vec<(String, Shown)>) {
    let Some(lang) = text else {
        return (String::new(), None, Vec::new());
    };
    let text = RecordText {
        pack,
        rule,
        env,
        verdict,
        lang,
    };
    crate::diag::text_strings(&text)
}

/// The text of a rule's finding about one subject, written on request:
/// into the finding's strings ([`finding_text`]), or by a renderer straight
/// into its output ([`Render::render_with`]).
struct RecordText<'t, 'e, 'a> {
    pack: &'a Pack,
    rule: &'a Rule,
    env: &'t Env<'e, 'a>,
    verdict: Verdict,
    lang: Lang,
}

impl Text for RecordText<'_, '_, '_> {
    fn message(&self, out: &mut dyn Pieces) -> std::fmt::Result {
        let (pack, rule, env, lang) = (self.pack, self.rule, self.env, self.lang);
        match (&rule.message, self.verdict) {
            (Some(t), Verdict::Fail) => message::write_template(out, pack, t, env, lang),
            (_, Verdict::Missing) => message::write_default_missing(out, pack, rule, env, lang),
            _ => message::write_default_failure(out, pack, rule, env, lang),
        }
    }

    fn has_help(&self) -> bool {
        self.rule.help.is_some()
    }

    fn help(&self, out: &mut dyn Pieces) -> std::fmt::Result {
        match &self.rule.help {
            Some(t) => message::write_template(out, self.pack, t, self.env, self.lang),
            None => Ok(()),
        }
    }

    fn help_is_rules(&self) -> bool {
        true
    }

    /// Every field, let and aggregate the requirement read, with its value.
    fn values(&self, each: &mut dyn FnMut(usize, &str, ShownRef<'_>)) {
        for (n, read) in self.rule.reads.iter().enumerate() {
            each(n, &read.name, self.value(read.what));
        }
    }

    /// [`RecordText::values`] straight into the bytes, one loop.
    fn values_into(&self, out: &mut PreparedValues<'_>) {
        for (n, read) in self.rule.reads.iter().enumerate() {
            out.push(n == 0, n, &read.name, self.value(read.what));
        }
    }
}

impl<'a> RecordText<'_, '_, 'a> {
    /// The value of something the rule reads, as a finding shows it.
    #[inline]
    fn value(&self, what: crate::model::ReadKind) -> ShownRef<'a> {
        let value = message::read_value(what, self.env);
        // Only an enum's variant needs the type to be shown.
        let ty = match value {
            Value::Enum(_) => message::read_type(self.pack, self.rule, what),
            _ => crate::model::Type::Text,
        };
        message::shown_ref(self.pack, value, ty)
    }
}

/// The finding for a failed or undecided group or overall check.
fn group_finding(
    pack: &Pack,
    plan: &Plan,
    r: u32,
    group: &Group,
    (verdict, aggs): (Verdict, Vec<Value<'static>>),
    text: Option<Lang>,
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

#[cfg(test)]
mod text_tests {
    use super::*;
    use proptest::prelude::*;

    /// `Text` without [`Text::values_into`]: its default, through
    /// [`Text::values`].
    struct Plain<'t>(&'t dyn Text);

    impl Text for Plain<'_> {
        fn message(&self, out: &mut dyn Pieces) -> std::fmt::Result {
            self.0.message(out)
        }
        fn has_help(&self) -> bool {
            self.0.has_help()
        }
        fn help(&self, out: &mut dyn Pieces) -> std::fmt::Result {
            self.0.help(out)
        }
        fn values(&self, each: &mut dyn FnMut(usize, &str, ShownRef<'_>)) {
            self.0.values(each)
        }
    }

    fn values_of(text: &dyn Text, names: &[Option<(&str, Vec<u8>)>]) -> String {
        let mut out = Vec::new();
        text.values_into(&mut PreparedValues {
            out: &mut out,
            names,
            between: b';',
            name: |out, name| out.extend_from_slice(format!("[{name}]").as_bytes()),
            value: |out, value| out.extend_from_slice(format!("{value:?}").as_bytes()),
        });
        String::from_utf8_lossy(&out).into_owned()
    }

    proptest! {
        /// A record finding's values written in one loop are those its
        /// `values` gives, names prepared or not.
        #[test]
        fn record_values_go_into_prepared_bytes_as_values_gives_them(
            record in crate::eval::code::tests::record(),
            prepare in proptest::collection::vec(any::<bool>(), 8),
        ) {
            let pack = crate::eval::code::tests::pack_with(
                "rule R-001 \"r\" {\n  for r\n  let x = a + b\n  \
                 require x > 0 and c == red and t == \"a\" and p and d > 2020-01-01 and w == v3\n}\n",
            );
            let rule = &pack.rules[0];
            let mut lets = Vec::new();
            let env = eval_lets(rule, Fields::Record(&record), &[], &mut lets);
            let names: Vec<Option<(&str, Vec<u8>)>> = rule
                .reads
                .iter()
                .zip(&prepare)
                .map(|(read, &p)| p.then(|| (read.name.as_str(), format!("<{}>", read.name).into_bytes())))
                .collect();
            for verdict in [Verdict::Fail, Verdict::Missing] {
                let text = RecordText { pack: &pack, rule, env: &env, verdict, lang: Lang::En };
                prop_assert!(rule.reads.len() > 3);
                prop_assert_eq!(values_of(&text, &names), values_of(&Plain(&text), &names));
            }
        }
    }
}

#[cfg(test)]
mod order_tests {
    use super::*;
    use proptest::prelude::*;

    /// Rule ids that differ in their first byte, and ids that share it.
    fn pack() -> Pack {
        let rules: String = ["R-002", "R-001", "Q-001", "RA-1", "B-7", "R-0010"]
            .iter()
            .map(|id| format!("rule {id} \"r\" {{\n  for r\n  require a > 0\n}}\n"))
            .collect();
        crate::eval::code::tests::pack_with(&rules)
    }

    proptest! {
        /// The chunk's order check (first bytes of rule ids, then the whole
        /// sort key) and its sort put findings and their bytes in the order
        /// of a stable sort by sort key.
        #[test]
        fn a_chunk_puts_its_findings_in_sort_key_order(
            found in proptest::collection::vec((1u32..4, 0u32..6, proptest::option::of(0u8..3)), 0..40),
            by_line in any::<bool>(),
        ) {
            let pack = pack();
            let mut found = found;
            if by_line {
                // In line order, as a chunk finds them: only the findings
                // of one line may be out of order.
                found.sort_by_key(|&(line, ..)| line);
            }
            let mut out = ChunkOut {
                findings: Vec::new(),
                placed: Vec::new(),
                keys: String::new(),
                bytes: Vec::new(),
                ends: Vec::new(),
                counts: Counts::default(),
                tally: Counted::default(),
                breakdown: None,
                waivers_used: Vec::new(),
                groups: Vec::new(),
            };
            for (i, &(line, rule, key)) in found.iter().enumerate() {
                let key = key.map(|k| {
                    let start = out.keys.len() as u32;
                    out.keys.push_str(["k1", "k2", "k10"][k as usize]);
                    (start, out.keys.len() as u32)
                });
                out.placed.push(Placed { file: 0, sheet: None, line, rule, key });
                out.bytes.extend_from_slice(format!("<{i}>").as_bytes());
                out.ends.push(out.bytes.len());
            }
            let mut want: Vec<usize> = (0..found.len()).collect();
            want.sort_by(|&a, &b| out.sort_key(&pack, a).cmp(&out.sort_key(&pack, b)));
            let want_bytes: Vec<u8> = want.iter().flat_map(|&i| format!("<{i}>").into_bytes()).collect();
            let want_keys: Vec<_> = want.iter().map(|&i| out.sort_key(&pack, i)).map(|k| (k.place, k.rule.to_owned(), k.key.map(str::to_owned))).collect();
            put_in_order(&pack, &mut out);
            prop_assert_eq!(String::from_utf8_lossy(&out.bytes), String::from_utf8_lossy(&want_bytes));
            let got_keys: Vec<_> = (0..found.len()).map(|i| out.sort_key(&pack, i)).map(|k| (k.place, k.rule.to_owned(), k.key.map(str::to_owned))).collect();
            prop_assert_eq!(got_keys, want_keys);
        }
    }
}

#[cfg(test)]
mod mask_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn in_mask_reads_what_bits_read(mask in any::<[u64; column::WORDS]>(), n in 0usize..column::WORDS * 64 + 3) {
            prop_assert_eq!(in_mask(&mask, n), Bits::all(&mask).get(n) == Some(true));
        }
    }
}

#[cfg(test)]
#[path = "chunk_tests.rs"]
mod chunk_tests;
