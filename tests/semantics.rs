//! The semantics of LANGUAGE.md 4–7, pinned through rule examples: each
//! rule below states the outcome the engine must give for small records.

use dudao::eval::examples::run_examples;

/// Loads a one-file pack and runs its examples; every example must hold.
fn assert_examples_hold(source: &str) -> usize {
    let pack = match dudao::check::load_sources(vec![("semantics.dudao".into(), source.into())]) {
        Ok(pack) => pack,
        Err(errors) => panic!("{}", dudao::check::render_errors(&errors, false)),
    };
    let report = run_examples(&pack, dudao::i18n::Lang::En);
    let text = dudao::report::pack::examples(&pack, &report, false, dudao::i18n::Lang::En);
    assert!(report.mismatches.is_empty(), "{text}");
    report.examples
}

const SCHEMA: &str = r#"
enum level { kindergarten "幼儿园", primary "小学", junior "初级中学" }
record school {
  id: text, key
  county: text
  township: text
  level: level
  public: bool
  students: int
  boarders: int
  beds: int
  pcs: int
  bandwidth: rate
  opened: date
  share: percent
}
"#;

#[test]
fn kleene_logic_through_where_and_require() {
    let rules = r#"
rule AND-1 "and" {
  require public and students > 0
  example fail    { public: false }
  example missing { public: true }
  example pass    { public: true, students: 1 }
  example fail    { students: 0 }
}
rule OR-1 "or" {
  require public or students > 0
  example pass    { public: true }
  example missing { public: false }
  example pass    { students: 5 }
  example fail    { public: false, students: 0 }
}
rule NOT-1 "not" {
  require not public
  example missing { }
  example pass    { public: false }
}
rule WHERE-1 "where missing skips, false excludes" {
  where boarders > 0
  require beds >= boarders
  example skip    { beds: 10 }
  example skip    { boarders: 0, beds: 0 }
  example fail    { boarders: 100, beds: 80 }
  example pass    { boarders: 100, beds: 120 }
  example missing { boarders: 100 }
}
rule IF-1 "if with a missing condition" {
  require if public then students > 0 else true
  example missing { students: 3 }
  example pass    { public: false }
  example fail    { public: true, students: 0 }
}
"#;
    assert_eq!(assert_examples_hold(&format!("{SCHEMA}{rules}")), 18);
}

#[test]
fn division_by_zero_and_coalesce() {
    let rules = r#"
rule DIV-1 "students per computer" {
  require students / pcs <= 10
  example fail    { students: 100, pcs: 0 }
  example missing { students: 0, pcs: 0 }
  example pass    { students: 100, pcs: 10 }
  example missing { students: 100 }
}
rule DIV-2 "negative over zero is -∞" {
  require (0 - students) / pcs < -1000000
  example pass    { students: 5, pcs: 0 }
}
rule COAL-1 "??" {
  require (beds ?? 0) >= boarders
  example fail    { boarders: 10 }
  example pass    { boarders: 10, beds: 10 }
}
rule FN-1 "present and missing are never missing" {
  require present(beds) or missing(pcs)
  example pass    { }
  example fail    { pcs: 1 }
}
"#;
    assert_eq!(assert_examples_hold(&format!("{SCHEMA}{rules}")), 9);
}

#[test]
fn aggregates_skip_missing_values_and_are_missing_over_none() {
    let rules = r#"
rule SUM-1 "public share" {
  for school per county
  where level == kindergarten
  require sum(students where public) / sum(students) >= 50%
  example fail [
    { county: "港北区", level: kindergarten, students: 300, public: true },
    { county: "港北区", level: kindergarten, students: 400, public: false },
  ]
  example pass [
    { county: "港北区", level: kindergarten, students: 300, public: true },
    { county: "港北区", level: kindergarten, public: false },
  ]
  example missing [
    { county: "港南区", level: kindergarten, public: true },
  ]
  example skip [
    { county: "港南区", level: primary, students: 10 },
  ]
}
rule CNT-1 "count() counts records, count(where) only true" {
  for school overall
  require count() == 3 and count(where public) == 1
  example pass [ { public: true }, { public: false }, { } ]
  example fail [ { public: true }, { public: true }, { } ]
}
rule AVG-1 "avg, min, max over present values" {
  for school overall
  require avg(students) == 20 and min(students) == 10 and max(students) == 30
  example pass [ { students: 10 }, { students: 30 }, { } ]
}
rule TOWN-1 "a township with no public kindergarten is still a group" {
  for school per county, township
  require count(where level == kindergarten and public) >= 1
  example fail [ { county: "港北区", township: "大圩镇", level: primary } ]
  example pass [ { county: "港北区", township: "大圩镇", level: kindergarten, public: true } ]
  example skip [ { county: "港北区", level: kindergarten, public: true } ]
}
"#;
    assert_eq!(assert_examples_hold(&format!("{SCHEMA}{rules}")), 10);
}

#[test]
fn a_wrong_example_is_reported_where_it_stands() {
    let source = format!(
        "{SCHEMA}{}",
        r#"
rule BOARD-001 "一人一铺" {
  where boarders > 0
  require beds >= boarders
  example pass { boarders: 100, beds: 80 }
}
"#
    );
    let pack = dudao::check::load_sources(vec![("wrong.dudao".into(), source)]).expect("loads");
    let report = run_examples(&pack, dudao::i18n::Lang::En);
    assert_eq!(report.mismatches.len(), 1);
    let text = dudao::report::pack::examples(&pack, &report, false, dudao::i18n::Lang::En);
    assert!(
        text.contains("example expects `pass`, but the rule gives `fail`"),
        "{text}"
    );
    assert!(text.contains("wrong.dudao:"), "{text}");
    assert!(text.contains("short by 20"), "{text}");
    assert!(text.contains("examples: 0 passed, 1 failed"), "{text}");
}
