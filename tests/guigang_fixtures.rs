//! The shipped pack against the shipped fixtures: every rule finds
//! something to report (except the two city-wide targets the fixtures meet),
//! and the deliberately bad cells give their data diagnostics.

use std::collections::{BTreeMap, BTreeSet};

use dudao::diag::{Finding, Outcome, RuleRef, Summary};
use dudao::report::{Context, Reporter};
use dudao::run::CheckRequest;
use dudao::value::Date;

#[derive(Default)]
struct Collect {
    /// (rule id, outcome) → count.
    outcomes: BTreeMap<(String, String), u32>,
    /// Built-in diagnostics as (id, file, line).
    builtins: BTreeSet<(String, String, u32)>,
    /// Failing group keys by rule id.
    groups: BTreeMap<String, BTreeSet<String>>,
}

impl Reporter for Collect {
    fn finding(&mut self, cx: &Context, f: &Finding) -> std::io::Result<()> {
        match f.rule {
            RuleRef::Pack(r) => {
                let id = cx.pack.rules[r as usize].id.clone();
                let outcome = format!("{:?}", f.outcome).to_lowercase();
                if f.outcome == Outcome::Fail && !f.group.is_empty() {
                    let key = f.key.clone().unwrap_or_default();
                    self.groups.entry(id.clone()).or_default().insert(key);
                }
                *self.outcomes.entry((id, outcome)).or_default() += 1;
            }
            RuleRef::Builtin(id) => {
                let (file, line) = match &f.location {
                    Some(l) => (cx.files[l.file as usize].path.clone(), l.line),
                    None => (String::new(), 0),
                };
                self.builtins.insert((id.to_string(), file, line));
            }
        }
        Ok(())
    }
    fn finish(&mut self, _: &Context, _: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

fn run(data: &[&str]) -> Collect {
    let pack = dudao::check::load_paths(&["rules/guigang".to_string()])
        .unwrap_or_else(|e| panic!("{}", dudao::check::render_errors(&e, false)));
    let request = CheckRequest {
        data: data.iter().map(|s| s.to_string()).collect(),
        read: Default::default(),
        selection: Default::default(),
        as_of: Date::from_ymd(2023, 6, 1).expect("a date"),
    };
    let mut collect = Collect::default();
    dudao::run::check(&pack, &request, &mut collect).expect("the run completes");
    collect
}

#[test]
fn every_rule_fails_somewhere_on_the_csv_fixtures() {
    let found = run(&["fixtures/guigang"]);
    let pack = dudao::check::load_paths(&["rules/guigang".to_string()]).expect("loads");
    for rule in &pack.rules {
        let fails = found
            .outcomes
            .get(&(rule.id.clone(), "fail".into()))
            .copied()
            .unwrap_or(0);
        assert!(fails > 0, "{} finds no failure", rule.id);
    }
    // Per-county and per-township rules fail for some groups only.
    let pre3 = &found.groups["PRE-003"];
    assert!(!pre3.is_empty() && pre3.len() < 10, "{pre3:?}");
    for id in ["PRE-001", "PRE-002", "MIG-001"] {
        let n = found.groups[id].len();
        assert!((1..6).contains(&n), "{id}: {:?}", found.groups[id]);
    }
}

#[test]
fn the_bad_cells_give_data_diagnostics() {
    let found = run(&["fixtures/guigang"]);
    let schools = "fixtures/guigang/schools.csv";
    for (id, line) in [
        ("schema/type", 58),
        ("schema/type", 120),
        ("schema/pattern", 201),
        ("schema/duplicate", 258),
        ("schema/range", 410),
        ("schema/type", 653),
        ("schema/type", 989),
        ("schema/enum", 1037),
    ] {
        assert!(
            found
                .builtins
                .contains(&(id.to_string(), schools.to_string(), line)),
            "{id} at line {line}: {:?}",
            found.builtins
        );
    }
    assert!(found.builtins.contains(&(
        "schema/type".to_string(),
        "fixtures/guigang/counties.csv".to_string(),
        4
    )));
}

#[test]
fn the_gbk_and_xlsx_copies_read_like_the_csv() {
    let csv = run(&["fixtures/guigang/schools.csv"]);
    for other in ["fixtures/guigang-gbk", "fixtures/guigang-xlsx"] {
        let found = run(&[other]);
        assert_eq!(found.outcomes, csv.outcomes, "{other}");
    }
}

/// A finding in a GBK file shows its own data line: locations index the
/// decoded text, so the snippet is taken from it, not from the file's bytes
/// (where every Chinese character is one byte shorter).
#[test]
fn gbk_findings_show_their_own_line() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dudao"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LC_ALL", "C")
        .args(["check", "fixtures/guigang-gbk", "--as-of", "2026-11-28"])
        .args([
            "--select",
            "NET-001",
            "--max-per-rule",
            "1",
            "--color",
            "never",
        ])
        .output()
        .expect("dudao runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("schools.csv:2:98]\n 2 │ 3445000400,贵港市高级中学,市直,"),
        "{text}"
    );
    assert!(text.contains("╰── bandwidth = 300"), "{text}");
    assert!(!text.contains('\u{fffd}'), "{text}");
}
