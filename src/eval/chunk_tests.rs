//! A chunk decided a column at a time ([`check_chunk`]) against its
//! records checked one by one, each rule compiled alone (the path of
//! `dudao test`): the same counts, findings, breakdown and groups.

use proptest::prelude::*;
use proptest::strategy::ValueTree;

use super::*;
use crate::compile::code::TypeCode;
use crate::eval::code::tests::{bool_expr, no_lets, pack_with, record};
use crate::model::TExpr;
use crate::value::Date;

/// The record type of the compiled-code tests, with record rules (one with
/// lets, one reporting missing data) and group rules: `per` an enum, `per`
/// a text and an enum, and `overall` with only counts and with a sum; the
/// last two (never given a `where`) share aggregates with each other and,
/// without `where`s, with G-001.
fn pack() -> Pack {
    pack_with(
        "rule R-001 \"r\" {\n  for r\n  require a > 0\n}\n\
         rule R-002 \"r\" {\n  for r\n  severity warning\n  missing warning\n  let x = a + b\n  require x > 1\n}\n\
         rule R-003 \"r\" {\n  for r\n  missing ignore\n  require a > 0\n}\n\
         rule G-001 \"g\" {\n  for r per c\n  let s = sum(a where q)\n  require s > 0\n}\n\
         rule G-002 \"g\" {\n  for r per t, c\n  let m = max(b)\n  require m > 0\n}\n\
         rule G-003 \"g\" {\n  for r overall\n  let k = count(where p)\n  require k > 1 and count() > 2\n}\n\
         rule G-004 \"g\" {\n  for r overall\n  let s = sum(b where q) ?? 0\n  require s > 1\n}\n\
         rule G-005 \"g\" {\n  for r per c\n  let k = cv(a, b)\n  let s = sum(a where q)\n  require s > 0 or k > 1\n}\n\
         rule G-006 \"g\" {\n  for r per c\n  let n = count()\n  let s = sum(a where q)\n  let k = cv(a, b)\n  require n > s and k > 0\n}\n",
    )
}

/// What the chunk's record rules and group rules give, checked one record
/// and one rule at a time.
struct Expected {
    counts: Counts,
    tally: Counted,
    /// (rule, line) of each finding built, in the order found.
    findings: Vec<(u32, u32)>,
    breakdown: Breakdown,
    groups: Vec<GroupTable>,
}

fn one_by_one(pack: &Pack, plan: &Plan, records: &[Record], count_only: bool) -> Expected {
    let rules = &plan.by_type[0];
    let mut e = Expected {
        counts: Counts::default(),
        tally: Counted::default(),
        findings: Vec::new(),
        breakdown: Breakdown::default(),
        groups: vec![GroupTable::default(); rules.group.len()],
    };
    let spec = BreakdownSpec::new(pack, "c");
    let mut tallies = ChunkTallies::new(Some(&spec), 0).expect("the type has the field");
    for record in records {
        let env = Env {
            fields: Fields::Record(record),
            lets: &[],
            aggs: &[],
        };
        let slot = tallies.record(pack, &env, rules.record.len());
        for (position, &r) in rules.record.iter().enumerate() {
            let code = TypeCode::new(pack, &[r], &[]);
            let mut lets = Vec::new();
            let verdict = record_verdict(&code, record, &mut lets);
            if let Some(slot) = slot {
                tallies.verdict(slot, position, verdict);
            }
            let rule = &pack.rules[r as usize];
            match verdict {
                Verdict::Excluded => {}
                Verdict::Skipped => e.counts.skipped += 1,
                Verdict::Pass => {
                    e.counts.checks += 1;
                    e.counts.pass += 1;
                }
                Verdict::Fail | Verdict::Missing => {
                    e.counts.checks += 1;
                    e.counts.missing += u64::from(verdict == Verdict::Missing);
                    if let Some(severity) = reported_severity(plan, r, rule, verdict) {
                        if count_only {
                            e.tally.note(verdict, severity, 1);
                        } else {
                            e.findings.push((r, record.pos.line));
                        }
                    }
                }
            }
        }
        for (table, &g) in e.groups.iter_mut().zip(&rules.group) {
            let code = TypeCode::new(pack, &[], &[g]);
            let mut key = String::new();
            let rule = &pack.rules[g as usize];
            if !accumulate(rule, &code, record, table, &mut key) {
                e.counts.skipped += 1;
            }
        }
    }
    tallies.merge_into(&rules.record, &mut e.breakdown);
    e
}

fn assert_same_groups(got: &[ChunkGroups], want: &[GroupTable]) {
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        // Merged into an empty table, a chunk's groups are taken as they are.
        let mut table = GroupTable::default();
        table.merge(g.clone());
        let g = &table;
        let keys = |t: &GroupTable| t.groups.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
        assert_eq!(keys(g), keys(w));
        for ((_, a), (_, b)) in g.groups.iter().zip(&w.groups) {
            assert_eq!(a.values, b.values);
            assert_eq!((a.records, a.skipped), (b.records, b.skipped));
            // Bit for bit (a `cv` over huge values is NaN on both sides).
            assert_eq!(bits(&a.accs), bits(&b.accs));
        }
    }
}

fn bits(accs: &[Acc]) -> Vec<[u64; 8]> {
    (accs.iter())
        .map(|a| {
            let f = [a.sum, a.min, a.max, a.weight, a.mean, a.m2].map(f64::to_bits);
            [a.count, a.n, f[0], f[1], f[2], f[3], f[4], f[5]]
        })
        .collect()
}

fn check(pack: &Pack, records: &[Record]) {
    let plan = Plan::new(pack, &Default::default(), Date(0));
    let spec = BreakdownSpec::new(pack, "c");
    let spare = Mutex::new(Vec::new());
    for count_only in [false, true] {
        let job = Job {
            pack,
            plan: &plan,
            rtype: 0,
            excel: false,
            text: None,
            count_only,
            render: None,
            breakdown: Some(&spec),
            spare_bytes: &spare,
        };
        let mut out = check_chunk(&job, records);
        let want = one_by_one(pack, &plan, records, count_only);
        let c = |c: Counts| (c.checks, c.pass, c.missing, c.skipped);
        assert_eq!(c(out.counts), c(want.counts));
        let t = |t: Counted| (t.fail, t.waived, t.errors, t.warnings, t.infos);
        assert_eq!(t(out.tally), t(want.tally));
        // The chunk sorts its findings by line and rule, as found here.
        let got: Vec<(u32, u32)> = (out.findings.iter())
            .map(|f| match (f.rule, &f.location) {
                (RuleRef::Pack(r), Some(l)) => (r, l.line),
                _ => (u32::MAX, 0),
            })
            .collect();
        assert_eq!(got, want.findings);
        let mut breakdown = Breakdown::default();
        if let Some(tallies) = out.breakdown.take() {
            tallies.merge_into(&plan.by_type[0].record, &mut breakdown);
        }
        assert_eq!(breakdown, want.breakdown);
        assert_same_groups(&out.groups, &want.groups);
    }
}

/// Sets the rules' `where`s (a group rule's aggregate `where` too).
fn with_filters(filters: &[TExpr]) -> Pack {
    let mut pack = pack();
    for (rule, f) in pack.rules.iter_mut().zip(filters) {
        match rule.aggregates.first_mut() {
            Some(agg) if rule.id == "G-003" => agg.filter = Some(f.clone()),
            _ => rule.filter = Some(f.clone()),
        }
    }
    pack
}

/// Records at lines 2, 3, …
fn numbered(mut records: Vec<Record>) -> Vec<Record> {
    for (n, r) in records.iter_mut().enumerate() {
        r.pos.line = n as u32 + 2;
    }
    records
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn a_chunk_checks_as_its_records_one_by_one(
        filters in prop::collection::vec(bool_expr(2).prop_map(no_lets), 7),
        records in prop::collection::vec(record(), 1..200),
    ) {
        check(&with_filters(&filters), &numbered(records));
    }
}

/// Without `where` clauses, a full chunk of 1,024 records.
#[test]
fn a_full_chunk_without_filters_checks_as_its_records_one_by_one() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let records = prop::collection::vec(record(), CHUNK)
        .new_tree(&mut runner)
        .expect("records")
        .current();
    check(&pack(), &numbered(records));
}
