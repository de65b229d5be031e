//! The national high-quality balanced pack (`rules/national/quality-balanced`,
//! 县域义务教育优质均衡发展督导评估办法): it loads, its examples pass through the
//! engine, the student-weighted 差异系数 matches the method's worked figures,
//! and its fixtures give school- and county-level findings for every rule.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use dudao::diag::{Finding, Outcome, RuleRef, Severity, Summary};
use dudao::model::Pack;
use dudao::report::{Context, Reporter};
use dudao::run::CheckRequest;
use dudao::syntax::ast::ExampleOutcome;
use dudao::value::Date;

const PACK: &str = "rules/national/quality-balanced";

fn pack() -> Pack {
    dudao::check::load_paths(&[PACK.to_string()])
        .unwrap_or_else(|e| panic!("{}", dudao::check::render_errors(&e, false)))
}

/// One finding of a pack rule, as the tests look at it.
#[derive(Clone, Debug)]
struct Seen {
    rule: String,
    outcome: Outcome,
    severity: Severity,
    message: String,
    key: Option<String>,
    group: bool,
    line: Option<u32>,
}

#[derive(Default)]
struct Collect {
    findings: Vec<Seen>,
    builtins: Vec<String>,
}

impl Reporter for Collect {
    fn finding(&mut self, cx: &Context, f: &Finding) -> std::io::Result<()> {
        match f.rule {
            RuleRef::Pack(r) => self.findings.push(Seen {
                rule: cx.pack.rules[r as usize].id.clone(),
                outcome: f.outcome,
                severity: f.severity,
                message: f.message.clone(),
                key: f.key.clone(),
                group: !f.group.is_empty(),
                line: f.location.as_ref().map(|l| l.line),
            }),
            RuleRef::Builtin(id) => self.builtins.push(format!("{id}: {}", f.message)),
        }
        Ok(())
    }
    fn finish(&mut self, _: &Context, _: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

fn check(pack: &Pack, data: &[&str]) -> Collect {
    let request = CheckRequest {
        data: data.iter().map(|s| s.to_string()).collect(),
        read: Default::default(),
        selection: Default::default(),
        as_of: Date::from_ymd(2026, 9, 1).expect("a date"),
    };
    let mut collect = Collect::default();
    dudao::run::check(pack, &request, &mut collect).expect("the run completes");
    collect
}

#[test]
fn the_pack_loads_and_its_examples_pass() {
    let pack = pack();
    let report = dudao::eval::examples::run_examples(&pack, dudao::i18n::Lang::En);
    assert!(
        report.mismatches.is_empty(),
        "examples disagree: {:#?}",
        report.mismatches
    );
    assert!(report.examples >= 140, "{} examples", report.examples);
    assert_eq!(
        pack.plan.as_deref(),
        Some("县域义务教育优质均衡发展督导评估办法(教督〔2017〕6号)")
    );
}

#[test]
fn every_indicator_school_and_county_rule_is_there_with_passing_and_failing_examples() {
    let pack = pack();
    let mut want: Vec<String> = (1..=7).map(|i| format!("RES-{i:02}")).collect();
    want.push("RES-SCHOOL".into());
    want.extend((1..=7).map(|i| format!("CV-P{i:02}")));
    want.extend((1..=7).map(|i| format!("CV-J{i:02}")));
    want.extend(["SIZE-01".to_string(), "SIZE-02".to_string()]);
    let ids: BTreeSet<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
    let want_set: BTreeSet<&str> = want.iter().map(String::as_str).collect();
    assert_eq!(ids, want_set);
    for rule in &pack.rules {
        let outcomes: BTreeSet<String> = rule
            .examples
            .iter()
            .map(|e| format!("{:?}", e.outcome))
            .collect();
        assert!(
            outcomes.contains(&format!("{:?}", ExampleOutcome::Pass)),
            "{} has no passing example",
            rule.id
        );
        assert!(
            outcomes.contains(&format!("{:?}", ExampleOutcome::Fail)),
            "{} has no failing example",
            rule.id
        );
        let cite = rule.cite.as_deref().unwrap_or_default();
        assert!(
            cite.starts_with("第五条") || cite == "第六条",
            "{}: cite {cite}",
            rule.id
        );
        assert!(rule.help.is_some(), "{} says how to fix it", rule.id);
        assert!(
            rule.message.is_some(),
            "{} has the method's wording",
            rule.id
        );
        // A single indicator is a warning (one shortfall is tolerated); the
        // school rule, the coefficients and the size limits are errors.
        let want = if rule.id.starts_with("RES-0") {
            Severity::Warning
        } else {
            Severity::Error
        };
        assert_eq!(rule.severity, want, "{}", rule.id);
    }
}

/// The pack of one rule that states the coefficient as a number, so that the
/// figure itself is checked, not only which side of 0.50 it falls on.
const GOLDEN: &str = r#"
record school {
  id: text, key
  county: text
  students: int
  books: int
}
rule WEIGHTED "weighted" {
  for school per county
  let c = cv(books / students, students)
  require round(c, 4) == 0.5153
  message "cv {c:.4}"
  example pass [
    { county: "示例县", students: 45, books: 279 },
    { county: "示例县", students: 37, books: 137 },
    { county: "示例县", students: 89, books: 935 },
    { county: "示例县", students: 76, books: 160 },
    { county: "示例县", students: 55, books: 402 },
  ]
}
rule UNWEIGHTED "unweighted" {
  for school per county
  let c = cv(books / students)
  require round(c, 4) == 0.4888
  message "cv {c:.4}"
}
"#;

const FIVE_SCHOOLS: &[(u32, u32)] = &[(45, 279), (37, 137), (89, 935), (76, 160), (55, 402)];

#[test]
fn weighted_cv_of_the_five_schools_is_0_5153_and_unweighted_0_4888() {
    let pack = dudao::check::load_sources(vec![("golden.dudao".into(), GOLDEN.into())])
        .unwrap_or_else(|e| panic!("{}", dudao::check::render_errors(&e, false)));
    let report = dudao::eval::examples::run_examples(&pack, dudao::i18n::Lang::En);
    assert_eq!(report.examples, 1);
    assert!(report.mismatches.is_empty(), "{:#?}", report.mismatches);

    // The same five schools as data, through the checker.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut csv = String::from("id,county,students,books\n");
    for (i, (students, books)) in FIVE_SCHOOLS.iter().enumerate() {
        csv.push_str(&format!("{},示例县,{students},{books}\n", i + 1));
    }
    let path = dir.path().join("books.csv");
    std::fs::write(&path, csv).expect("write");
    let found = check(&pack, &[path.to_str().expect("utf-8 path")]);
    let outcomes: BTreeMap<&str, Outcome> = found
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.outcome))
        .collect();
    // Findings are reported for failures only: both rules pass.
    assert!(
        outcomes.values().all(|o| *o != Outcome::Fail),
        "{:#?}",
        found.findings
    );
}

#[test]
fn the_pack_judges_the_five_schools_by_the_weighted_coefficient() {
    // As 生均教学仪器设备值 of five primary schools: weighted 0.5153 > 0.50
    // fails, although the unweighted 0.4888 would pass.
    let pack = pack();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut csv =
        String::from("学校标识码,学校名称,县(市、区),办学类型,在校生数,教学仪器设备资产值\n");
    for (i, (students, yuan)) in FIVE_SCHOOLS.iter().enumerate() {
        csv.push_str(&format!(
            "214500000{},第{}小学,示例县,小学,{students},{yuan}元\n",
            i + 1,
            i + 1
        ));
    }
    let path = dir.path().join("schools.csv");
    std::fs::write(&path, csv).expect("write");
    let found = check(&pack, &[path.to_str().expect("utf-8 path")]);
    let cv: Vec<&Seen> = found
        .findings
        .iter()
        .filter(|f| f.rule == "CV-P06")
        .collect();
    assert_eq!(cv.len(), 1, "{:#?}", found.findings);
    assert_eq!(cv[0].outcome, Outcome::Fail);
    assert_eq!(cv[0].key.as_deref(), Some("示例县"));
    assert!(
        cv[0].message.contains("校际差异系数为 0.5153,高于 0.50"),
        "{}",
        cv[0].message
    );
}

#[test]
fn the_fixtures_give_school_and_county_findings_for_every_rule() {
    let pack = pack();
    let found = check(&pack, &["fixtures/national"]);
    assert!(found.builtins.is_empty(), "{:#?}", found.builtins);
    let failing: BTreeSet<&str> = found
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Fail)
        .map(|f| f.rule.as_str())
        .collect();
    for rule in &pack.rules {
        assert!(
            failing.contains(rule.id.as_str()),
            "{} fails nowhere",
            rule.id
        );
    }

    let has_number = |m: &str| m.chars().any(|c| c.is_ascii_digit());
    // School level: a record, a line in the file, the method's wording.
    let school: Vec<&Seen> = found
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Fail && !f.group)
        .collect();
    assert!(school.len() > 100, "{} school findings", school.len());
    for f in &school {
        assert!(f.line.is_some(), "{f:?}");
        assert!(has_number(&f.message), "{f:?}");
    }
    let res1 = school.iter().find(|f| f.rule == "RES-01").expect("RES-01");
    assert!(
        res1.message.starts_with("每百名学生拥有高于规定学历教师 "),
        "{}",
        res1.message
    );
    assert!(res1.message.contains("人,低于 "), "{}", res1.message);
    assert_eq!(res1.severity, Severity::Warning);
    let whole = school
        .iter()
        .find(|f| f.rule == "RES-SCHOOL")
        .expect("RES-SCHOOL");
    assert!(
        whole.message.contains("七项资源配置指标达到要求的 "),
        "{}",
        whole.message
    );
    assert_eq!(whole.severity, Severity::Error);

    // County level: one group per county, the coefficient in the message.
    let county: Vec<&Seen> = found
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Fail && f.group)
        .collect();
    assert!(county.len() >= 14, "{} county findings", county.len());
    for f in &county {
        assert!(f.rule.starts_with("CV-"), "{f:?}");
        assert!(
            f.message.contains("校际差异系数为 0.") || f.message.contains("校际差异系数为 1."),
            "{}",
            f.message
        );
        assert!(has_number(&f.message));
    }
    let counties = |prefix: &str| -> BTreeSet<String> {
        county
            .iter()
            .filter(|f| f.rule.starts_with(prefix))
            .filter_map(|f| f.key.clone())
            .collect()
    };
    // The balanced county passes everywhere; the most unequal fails.
    assert!(!counties("CV-").contains("安平县"), "{:?}", counties("CV-"));
    assert!(counties("CV-P").contains("云岭县"));
    assert!(counties("CV-J").contains("石门县"));
}

#[test]
fn the_binary_selects_the_built_in_pack_by_name() {
    // Run where no path `national` exists, so the name means the built-in pack.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dudao"))
        .env("LC_ALL", "C")
        .args(["test", "-r", "national"])
        .current_dir(dir.path())
        .output()
        .expect("dudao runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("0 failed"), "{text}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dudao"))
        .env("LC_ALL", "C")
        .args(["explain", "RES-SCHOOL", "-r", "national"])
        .current_dir(dir.path())
        .output()
        .expect("dudao runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("余项不能低于要求的85%"), "{text}");
}

/// The counties whose coefficient is above the limit, per rule, as an
/// independent computation from the CSV found them (fixtures/national/README.md).
const FAILING_COUNTIES: &[(&str, &[&str])] = &[
    ("CV-P01", &["云岭县", "石门县"]),
    ("CV-P02", &["云岭县"]),
    ("CV-P03", &["云岭县", "石门县"]),
    ("CV-P04", &["云岭县"]),
    ("CV-P05", &["云岭县"]),
    ("CV-P06", &["云岭县", "石门县"]),
    ("CV-P07", &["云岭县"]),
    ("CV-J01", &["云岭县"]),
    ("CV-J02", &["云岭县"]),
    ("CV-J03", &["云岭县", "石门县"]),
    ("CV-J04", &["石门县"]),
    ("CV-J05", &["云岭县", "石门县"]),
    ("CV-J06", &["石门县"]),
    ("CV-J07", &["石门县"]),
];

#[test]
fn the_fixture_counties_fail_the_coefficients_the_readme_lists() {
    let found = check(&pack(), &["fixtures/national"]);
    let mut got: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut school: HashMap<(&str, Outcome), u32> = HashMap::new();
    for f in &found.findings {
        if f.group {
            if let Some(key) = &f.key {
                got.entry(f.rule.as_str()).or_default().insert(key.as_str());
            }
        } else {
            *school.entry((f.rule.as_str(), f.outcome)).or_default() += 1;
        }
    }
    for (rule, counties) in FAILING_COUNTIES {
        let want: BTreeSet<&str> = counties.iter().copied().collect();
        assert_eq!(got.get(rule), Some(&want), "{rule}");
    }
    assert_eq!(got.len(), FAILING_COUNTIES.len());
    // RES-SCHOOL fails a school whose known figures decide it, even with a
    // blank indicator; only one school is left undecided.
    assert_eq!(school.get(&("RES-SCHOOL", Outcome::Fail)), Some(&132));
    assert_eq!(school.get(&("RES-SCHOOL", Outcome::Missing)), Some(&1));
    assert_eq!(school.get(&("SIZE-01", Outcome::Fail)), Some(&15));
    assert_eq!(school.get(&("SIZE-02", Outcome::Fail)), Some(&31));
}

#[test]
fn header_variants_and_units_of_county_returns_are_read() {
    // Variant headers (full-width parentheses folded), 万元 and ㎡ in cells.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let csv = "学校代码,校名,县区,办学类型代码,在校学生数,学历高于规定要求的专任教师数,县级以上骨干教师数,\
               音体美专任教师数,教学及辅助用房(㎡),体育运动场(馆)面积,教学仪器设备值,网络多媒体教室(间)\n\
               3145000001,某某初级中学,示例县,311,\"1,000\",53,10,9,\"5,800㎡\",9000平方米,250万元,24\n";
    let path = dir.path().join("returns.csv");
    std::fs::write(&path, csv).expect("write");
    let found = check(&pack(), &[path.to_str().expect("utf-8 path")]);
    assert!(found.builtins.is_empty(), "{:#?}", found.builtins);
    let failing: Vec<&Seen> = found
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Fail && !f.group)
        .collect();
    // Only the sports ground falls short (9.0 ㎡ per student against 10.2, but
    // above 85% of it, so the school still meets the method).
    assert_eq!(failing.len(), 1, "{failing:#?}");
    assert_eq!(failing[0].rule, "RES-05");
    assert!(
        failing[0]
            .message
            .starts_with("生均体育运动场馆面积 9.00 平方米,低于 10.2 平方米"),
        "{}",
        failing[0].message
    );
}
