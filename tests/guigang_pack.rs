//! The shipped Guigang pack: every file parses, every requirement of the
//! requirements analysis is a rule with its cite, due date and severity,
//! every rule carries passing and failing examples, and every cite has the
//! plan's own sentence.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use dudao::diag::Severity;
use dudao::source::FileId;
use dudao::syntax::ast::{ClauseKind, ExampleOutcome, Item, RuleDecl};

/// (id, cite, due, severity) of every row of the requirements analysis.
/// `None` for due means "always due"; the `-CITY` rules are the city-wide
/// halves of rows given "per county and city-wide".
const REQUIREMENTS: &[(&str, &str, Option<&str>, Severity)] = &[
    ("PE-001", "二(一)2", None, Severity::Error),
    ("PE-002", "二(一)2", None, Severity::Warning),
    ("SIZE-001", "二(三)2", Some("2020-12-31"), Severity::Error),
    ("SIZE-002", "二(四)", Some("2022-12-31"), Severity::Error),
    ("NET-001", "二(八)1", Some("2020-12-31"), Severity::Error),
    ("NET-002", "二(八)1", Some("2020-12-31"), Severity::Error),
    ("LAB-001", "二(八)1", Some("2020-12-31"), Severity::Error),
    ("LAB-002", "二(八)1", Some("2020-12-31"), Severity::Error),
    ("PC-001", "二(八)1", Some("2020-12-31"), Severity::Error),
    ("PC-002", "二(八)1", Some("2020-12-31"), Severity::Error),
    ("PC-003", "二(八)1", Some("2020-12-31"), Severity::Error),
    ("PC-004", "二(八)1", Some("2020-12-31"), Severity::Error),
    ("BOARD-001", "二(九)1", Some("2020-12-31"), Severity::Error),
    ("STD-001", "二(三)1", Some("2020-12-31"), Severity::Error),
    ("SPED-001", "二(三)4", Some("2022-12-31"), Severity::Warning),
    ("PRIV-001", "二(十)4", None, Severity::Error),
    ("PRIV-002", "二(十)4", Some("2022-12-31"), Severity::Error),
    ("LAW-001", "三(二)", None, Severity::Error),
    ("SUP-001", "三(四)", None, Severity::Error),
    ("PRE-001", "二(二)", Some("2022-12-31"), Severity::Error),
    (
        "PRE-001-CITY",
        "二(二)",
        Some("2022-12-31"),
        Severity::Error,
    ),
    ("PRE-002", "二(二)", Some("2022-12-31"), Severity::Error),
    (
        "PRE-002-CITY",
        "二(二)",
        Some("2022-12-31"),
        Severity::Error,
    ),
    ("PRE-003", "二(二)1", Some("2022-12-31"), Severity::Error),
    ("PRE-004", "二(二)1", Some("2022-12-31"), Severity::Error),
    ("MIG-001", "二(三)4", Some("2020-12-31"), Severity::Error),
    ("VOC-001", "二(五)2", None, Severity::Warning),
    ("PE-003", "二(一)2", Some("2022-12-31"), Severity::Error),
    ("ART-001", "二(一)3", Some("2022-12-31"), Severity::Error),
    ("HS-001", "二(四)", Some("2022-12-31"), Severity::Error),
    ("HS-002", "二(四)", Some("2022-12-31"), Severity::Error),
    ("SPED-002", "二(三)4", Some("2022-12-31"), Severity::Error),
    ("ETH-001", "二(九)4", Some("2022-12-31"), Severity::Error),
    ("GOAL-001", "一(三)", Some("2022-12-31"), Severity::Error),
    ("GOAL-002", "一(三)", Some("2022-12-31"), Severity::Error),
    ("GOAL-003", "一(三)", Some("2022-12-31"), Severity::Error),
    ("SPED-003", "二(三)4", Some("2022-12-31"), Severity::Error),
    ("PAY-001", "二(七)5", None, Severity::Error),
    ("FUND-001", "三(三)", None, Severity::Error),
    ("FUND-002", "三(三)", None, Severity::Error),
    ("TEA-001", "二(七)1", Some("2022-12-31"), Severity::Error),
    ("QB-001", "二(三)", Some("2022-12-31"), Severity::Error),
];

struct Parsed {
    rules: Vec<RuleDecl>,
    quotes: BTreeMap<String, String>,
}

fn parse_pack() -> Parsed {
    let mut paths: Vec<_> = fs::read_dir("rules/guigang")
        .expect("rules/guigang")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "dudao"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "the pack has its files");
    let mut parsed = Parsed {
        rules: Vec::new(),
        quotes: BTreeMap::new(),
    };
    for (i, path) in paths.iter().enumerate() {
        let text = fs::read_to_string(path).expect("readable");
        let (module, errors) = dudao::syntax::parse(FileId(i as u32), &text);
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        for item in module.items {
            match item {
                Item::Rule(r) => parsed.rules.push(r),
                Item::Quote(q) => {
                    let old = parsed.quotes.insert(q.cite.value, q.text.value);
                    assert!(old.is_none(), "one quote per cite");
                }
                _ => {}
            }
        }
    }
    parsed
}

fn cite(r: &RuleDecl) -> Option<&str> {
    r.clauses.iter().find_map(|c| match &c.kind {
        ClauseKind::Cite(s) => Some(s.value.as_str()),
        _ => None,
    })
}

#[test]
fn every_requirement_is_a_rule_with_its_cite_due_and_severity() {
    let pack = parse_pack();
    let by_id: BTreeMap<&str, &RuleDecl> =
        pack.rules.iter().map(|r| (r.id.name.as_str(), r)).collect();
    assert_eq!(by_id.len(), pack.rules.len(), "rule ids are unique");
    for &(id, want_cite, want_due, want_severity) in REQUIREMENTS {
        let rule = by_id.get(id).unwrap_or_else(|| panic!("{id} is missing"));
        assert_eq!(cite(rule), Some(want_cite), "{id} cite");
        let due = rule.clauses.iter().find_map(|c| match &c.kind {
            ClauseKind::Due(d) => Some(d.span),
            _ => None,
        });
        assert_eq!(due.is_some(), want_due.is_some(), "{id} due");
        let severity = rule
            .clauses
            .iter()
            .find_map(|c| match &c.kind {
                ClauseKind::Severity(s) => Some(*s),
                _ => None,
            })
            .unwrap_or(Severity::Error);
        assert_eq!(severity, want_severity, "{id} severity");
        for clause in ["message", "help", "tags"] {
            let present = rule.clauses.iter().any(|c| {
                matches!(
                    (&c.kind, clause),
                    (ClauseKind::Message(_), "message")
                        | (ClauseKind::Help(_), "help")
                        | (ClauseKind::Tags(_), "tags")
                )
            });
            assert!(present, "{id} has a {clause}");
        }
    }
    let known: BTreeSet<&str> = REQUIREMENTS.iter().map(|r| r.0).collect();
    for id in by_id.keys() {
        assert!(known.contains(id), "{id} is not in the requirements");
    }
}

#[test]
fn every_rule_has_passing_and_failing_examples() {
    for rule in parse_pack().rules {
        let outcomes: Vec<ExampleOutcome> = rule
            .clauses
            .iter()
            .filter_map(|c| match &c.kind {
                ClauseKind::Example(e) => Some(e.outcome),
                _ => None,
            })
            .collect();
        assert!(
            outcomes.contains(&ExampleOutcome::Pass),
            "{} has a pass example",
            rule.id.name
        );
        assert!(
            outcomes.contains(&ExampleOutcome::Fail),
            "{} has a fail example",
            rule.id.name
        );
    }
}

#[test]
fn every_cite_has_the_plans_sentence() {
    let pack = parse_pack();
    for rule in &pack.rules {
        let c = cite(rule).expect("every rule cites the plan");
        let text = pack
            .quotes
            .get(c)
            .unwrap_or_else(|| panic!("no quote for {c}"));
        assert!(text.chars().count() > 10, "{c}: a real sentence");
    }
}

#[test]
fn the_pack_loads_and_type_checks() {
    let pack = match dudao::check::load_paths(&["rules/guigang".to_string()]) {
        Ok(pack) => pack,
        Err(errors) => panic!("{}", dudao::check::render_errors(&errors, false)),
    };
    assert_eq!(pack.rules.len(), REQUIREMENTS.len());
    assert!(pack.record("school").is_some() && pack.record("county").is_some());
    for &(id, cite, _, _) in REQUIREMENTS {
        let rule = &pack.rules[pack.rule(id).unwrap_or_else(|| panic!("{id}"))];
        assert_eq!(rule.cite.as_deref(), Some(cite), "{id}");
        assert!(pack.plan_text.contains_key(cite), "{id}: quote for {cite}");
    }
}

#[test]
fn every_example_gives_its_stated_outcome() {
    let pack = dudao::check::load_paths(&["rules/guigang".to_string()])
        .unwrap_or_else(|errors| panic!("{}", dudao::check::render_errors(&errors, false)));
    let report = dudao::eval::examples::run_examples(&pack, dudao::i18n::Lang::En);
    let mismatches: Vec<String> = report
        .mismatches
        .iter()
        .map(|m| {
            format!(
                "{}: expected {:?}, got {:?}: {}",
                pack.rules[m.rule as usize].id, m.expected, m.actual, m.detail
            )
        })
        .collect();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(report.examples >= 2 * REQUIREMENTS.len());
}
