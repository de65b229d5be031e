//! Load tests: the contract's examples load into the expected shapes, and
//! every kind of load error renders as a located diagnostic (snapshots).

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::*;
use crate::diag::Severity;
use crate::model::{AggFn, ReadKind, RuleScope, TExprKind, Type};
use crate::syntax::ast::{ExampleOutcome, MissingPolicy};
use crate::value::{Date, Dim, OwnedValue};

const SMOKE: &str = include_str!("testdata/smoke.dudao");
const SCHEMA: &str = include_str!("testdata/schema.dudao");
const BOARDING: &str = include_str!("testdata/boarding.dudao");
const EXAMPLES: &str = include_str!("testdata/examples.dudao");

pub(super) fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

fn load(list: &[(&str, &str)]) -> Pack {
    match load_sources(files(list)) {
        Ok(pack) => pack,
        Err(errors) => panic!("load errors:\n{}", plain(&errors)),
    }
}

pub(super) fn plain(errors: &[LoadError]) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    render_with(errors, handler)
}

/// The rendered errors of a pack that must fail to load.
fn errors_of(list: &[(&str, &str)]) -> String {
    match load_sources(files(list)) {
        Ok(_) => panic!("the pack loaded"),
        Err(errors) => plain(&errors),
    }
}

/// A one-record-type schema followed by `rest`, as `pack.dudao`.
pub(super) fn with_smoke_schema(rest: &str) -> String {
    let end = SMOKE.find("rule BOARD-001").unwrap_or(SMOKE.len());
    format!("{}{rest}", &SMOKE[..end])
}

fn errors_in(rest: &str) -> String {
    errors_of(&[("pack.dudao", &with_smoke_schema(rest))])
}

#[test]
fn smoke_pack_loads() {
    let pack = load(&[("pack.dudao", SMOKE)]);
    assert_eq!(pack.plan.as_deref(), Some("smoke"));
    let ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ALL-001",
            "BOARD-001",
            "NET-001",
            "PC-001",
            "PRE-001",
            "TOWN-001"
        ]
    );
    let school = &pack.records[0];
    assert_eq!(school.key, Some(0));
    assert!(school.fields[0].required && school.fields[0].unique);
    assert!(
        school.fields[0]
            .pattern
            .as_ref()
            .is_some_and(|p| p.is_match("4508020001"))
    );
    assert!(
        !school.fields[0]
            .pattern
            .as_ref()
            .is_some_and(|p| p.is_match("x4508020001"))
    );
    assert_eq!(school.fields[4].ty, Type::Enum(0));
    assert_eq!(school.fields[10].ty, Type::Quantity(Dim::Rate));
    assert_eq!(school.fields[6].min, Some(OwnedValue::Num(0.0)));
    let board = &pack.rules[pack.rule("BOARD-001").unwrap()];
    assert_eq!(board.due, Date::from_ymd(2020, 12, 31));
    assert_eq!(board.missing, MissingPolicy::Report(Severity::Warning));
    assert_eq!(board.severity, Severity::Error);
    assert_eq!(board.require_text, "beds >= boarders");
    let pc = &pack.rules[pack.rule("PC-001").unwrap()];
    assert_eq!(pc.severity, Severity::Warning);
    let pre = &pack.rules[pack.rule("PRE-001").unwrap()];
    assert_eq!(pre.scope, RuleScope::Per(vec![2]));
    let texts: Vec<&str> = pre.aggregates.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["sum(students where public)", "sum(students)"]);
    let town = &pack.rules[pack.rule("TOWN-001").unwrap()];
    assert_eq!(town.scope, RuleScope::Per(vec![2, 3]));
    assert_eq!(town.aggregates[0].func, AggFn::Count);
    assert!(town.aggregates[0].filter.is_some());
    let all = &pack.rules[pack.rule("ALL-001").unwrap()];
    assert_eq!(all.scope, RuleScope::Overall);
    assert_eq!(pack.waivers.len(), 2);
    assert_eq!(
        pack.waivers[0].rule as usize,
        pack.rule("BOARD-001").unwrap()
    );
    assert_eq!(pack.waivers[0].keys[0].0, "4508020002");
}

#[test]
fn typo_in_second_file_suggests_the_field() {
    let typo = "rule T-1 \"typo\" {\n  for school\n  require bed >= boarders\n}\n";
    let Err(errors) = load_sources(files(&[("pack.dudao", SMOKE), ("typo.dudao", typo)])) else {
        panic!("the typo loaded");
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code(), "load/unknown-name");
    assert_eq!(errors[0].file(), "typo.dudao");
    assert_eq!((errors[0].line(), errors[0].column()), (Some(3), Some(11)));
    let text = plain(&errors);
    assert!(text.contains("typo.dudao:3:11"), "{text}");
    assert!(text.contains("`beds`"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn language_section_1_loads() {
    let pack = load(&[("schema.dudao", SCHEMA), ("boarding.dudao", BOARDING)]);
    assert_eq!(pack.enums[0].variants.len(), 6);
    assert_eq!(pack.enums[0].variants[5].labels, ["中等职业学校"]);
    let board = &pack.rules[pack.rule("BOARD-001").unwrap()];
    let reads: Vec<(&str, ReadKind)> = board
        .reads
        .iter()
        .map(|r| (r.name.as_str(), r.what))
        .collect();
    assert_eq!(
        reads,
        [
            ("beds", ReadKind::Field(5)),
            ("boarders", ReadKind::Field(4))
        ]
    );
    assert!(board.message.is_some() && board.help.is_some());
    assert_eq!(board.cite.as_deref(), Some("二(九)1"));
    let pre = &pack.rules[pack.rule("PRE-001").unwrap()];
    let reads: Vec<(&str, ReadKind)> = pre
        .reads
        .iter()
        .map(|r| (r.name.as_str(), r.what))
        .collect();
    assert_eq!(
        reads,
        [
            ("sum(students where inclusive)", ReadKind::Agg(0)),
            ("covered", ReadKind::Let(0)),
            ("sum(students)", ReadKind::Agg(1)),
        ]
    );
    assert_eq!(pre.aggregates.len(), 2, "identical aggregates are shared");
    assert_eq!(pre.lets[0].value.ty, Type::Int);
    assert_eq!(pre.require.ty, Type::Bool);
    assert_eq!(pack.waivers[0].until, Date::from_ymd(2023, 6, 30).unwrap());
}

#[test]
fn language_section_9_examples_load() {
    let pack = load(&[("schema.dudao", SCHEMA), ("examples.dudao", EXAMPLES)]);
    let board = &pack.rules[pack.rule("BOARD-002").unwrap()];
    let outcomes: Vec<ExampleOutcome> = board.examples.iter().map(|e| e.outcome).collect();
    assert_eq!(
        outcomes,
        [
            ExampleOutcome::Pass,
            ExampleOutcome::Fail,
            ExampleOutcome::Missing,
            ExampleOutcome::Skip
        ]
    );
    assert_eq!(
        board.examples[0].records,
        [vec![
            (4, OwnedValue::Num(100.0)),
            (5, OwnedValue::Num(120.0))
        ]]
    );
    assert_eq!(
        board.examples[2].records,
        [vec![(4, OwnedValue::Num(100.0))]]
    );
    let pre = &pack.rules[pack.rule("PRE-002").unwrap()];
    assert_eq!(pre.examples[0].records.len(), 2);
    assert_eq!(
        pre.examples[0].records[1],
        [
            (2, OwnedValue::Text("港北区".into())),
            (3, OwnedValue::Enum(0)),
            (7, OwnedValue::Num(200.0)),
            (8, OwnedValue::Bool(false)),
        ]
    );
}

#[test]
fn consts_fold_and_quotes_fill_plan_text() {
    let pack = load(&[(
        "p.dudao",
        &with_smoke_schema(
            "const A = B * 2\nconst B = 1_000 + 24\nconst FAST = 1Gbps / 2\n\
             quote \"二(九)1\" \"全面实现寄宿制学校“一人一铺”\"\n\
             rule R \"r\" { for school require bandwidth >= FAST and students <= A\n\
             let x = if public then 1 else 2.5\n\
             message \"{x:.1} {students / 3:%} {count_true(public, students > 1)}\" }\n",
        ),
    )]);
    let rule = &pack.rules[0];
    let TExprKind::Chain { first, .. } = &rule.require.kind else {
        panic!("not a chain: {:?}", rule.require.kind);
    };
    let TExprKind::Compare { rhs, .. } = &first.kind else {
        panic!("not a comparison");
    };
    assert_eq!(rhs.kind, TExprKind::Lit(OwnedValue::Num(500.0)));
    assert_eq!(rhs.ty, Type::Quantity(Dim::Rate));
    assert_eq!(rule.lets[0].value.ty, Type::Number);
    assert_eq!(pack.plan_text["二(九)1"], "全面实现寄宿制学校“一人一铺”");
}

#[test]
fn example_enum_values_may_be_labels() {
    let pack = load(&[(
        "p.dudao",
        &with_smoke_schema(
            "rule R \"r\" { for school require beds >= 0\n\
             example pass { level: \"初级中学\", bandwidth: 1Gbps, public: true }\n\
             example pass { level: \"211\", students: -1 } }\n",
        ),
    )]);
    let examples = &pack.rules[0].examples;
    assert_eq!(
        examples[0].records[0],
        [
            (4, OwnedValue::Enum(2)),
            (10, OwnedValue::Num(1000.0)),
            (5, OwnedValue::Bool(true)),
        ]
    );
    assert_eq!(
        examples[1].records[0],
        [(4, OwnedValue::Enum(1)), (6, OwnedValue::Num(-1.0))]
    );
}

#[test]
fn for_defaults_to_the_only_record_type() {
    let pack = load(&[(
        "p.dudao",
        &with_smoke_schema("rule R \"r\" { require beds >= 0 }\n"),
    )]);
    assert_eq!(pack.rules[0].record, 0);
    assert_eq!(pack.rules[0].scope, RuleScope::Record);
}

/// One snapshot test per case, and [`ERROR_CASES`] listing them all (the
/// Chinese tests render each again).
macro_rules! error_snapshots {
    ($($name:ident: $rest:expr,)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(errors_in($rest));
            }
        )*
        /// Every load-error case above, by name.
        pub(super) const ERROR_CASES: &[(&str, &str)] = &[$((stringify!($name), $rest)),*];
    };
}

error_snapshots! {
    err_syntax: "rule R \"r\" { for school require beds >= }\n",
    err_unknown_field: "rule R \"r\" { for school require bed >= boarders }\n",
    err_unknown_variant: "rule R \"r\" { for school require level == juniro }\n",
    err_variant_alone: "rule R \"r\" { for school require junior }\n",
    err_unknown_function: "rule R \"r\" { for school require lenn(name) > 1 }\n",
    err_unknown_record: "rule R \"r\" { for schol require beds >= 0 }\n",
    err_unknown_per_field: "rule R \"r\" { for school per countyy require count() > 0 }\n",
    err_unknown_type: "record county { name: txt }\nrule R \"r\" { for school require beds >= 0 }\n",
    err_unknown_waiver_rule: "rule BOARD-001 \"r\" { for school require beds >= 0 }\nwaive BORD-001 for \"1\" until 2030-01-01 because \"x\"\n",
    err_waive_overall: "rule ALL \"r\" { for school overall require count() > 0 }\nwaive ALL for \"1\" until 2030-01-01 because \"x\"\n",
    err_rate_vs_number: "rule R \"r\" { for school require bandwidth >= 1000 }\n",
    err_rate_plus_number: "rule R \"r\" { for school require bandwidth + 10 >= 1Gbps }\n",
    err_text_vs_int: "rule R \"r\" { for school require name == 3 }\n",
    err_require_not_bool: "rule R \"r\" { for school require beds + 1 }\n",
    err_where_not_bool: "rule R \"r\" { for school where name require beds > 0 }\n",
    err_and_not_bool: "rule R \"r\" { for school require public and beds }\n",
    err_if_branches: "rule R \"r\" { for school require (if public then 1 else \"x\") == 1 }\n",
    err_coalesce: "rule R \"r\" { for school require (beds ?? name) == 1 }\n",
    err_in_item: "rule R \"r\" { for school require level in [junior, 3] }\n",
    err_enum_order: "rule R \"r\" { for school require level < junior }\n",
    err_bad_arity: "rule R \"r\" { for school require round(beds, 1, 2) > 0 }\n",
    err_bad_argument: "rule R \"r\" { for school require len(beds) > 0 }\n",
    err_scalar_where: "rule R \"r\" { for school per county require abs(1 where public) > 0 }\n",
    err_count_argument: "rule R \"r\" { for school per county require count(beds) > 0 }\n",
    err_aggregate_in_record_rule: "rule R \"r\" { for school require sum(beds) > 0 }\n",
    err_aggregate_in_where: "rule R \"r\" { for school per county where sum(beds) > 0 require count() > 0 }\n",
    err_nested_aggregate: "rule R \"r\" { for school overall require sum(max(beds)) > 0 }\n",
    err_field_outside_aggregate: "rule R \"r\" { for school per county require students > 10 }\n",
    err_aggregate_type: "rule R \"r\" { for school overall require sum(name) > 0 }\n",
    err_let_in_where: "rule R \"r\" { for school let x = 1 where beds > x require beds > 0 }\n",
    err_duplicate_rule: "rule R \"r\" { for school require beds > 0 }\nrule R \"r\" { for school require beds > 1 }\n",
    err_duplicate_let: "rule R \"r\" { for school let x = 1 let x = 2 require beds > x }\n",
    err_duplicate_clause: "rule R \"r\" { for school severity info severity warning require beds > 0 }\n",
    err_missing_require: "rule R \"r\" { for school where beds > 0 }\n",
    err_missing_for: "record county { name: text }\nrule R \"r\" { require beds > 0 }\n",
    err_duplicate_enum_variant_record_const: "enum size { a, b, a }\nenum level { x }\nrecord school { x: int\n  x: text }\nconst C = 1\nconst C = 2\n",
    err_two_keys: "record county { code: text, key\n  name: text, key }\n",
    err_duplicate_attribute: "record county { code: int, min 0, min 1 }\n",
    err_bad_regex: "record county { code: text, matches \"[0-9\" }\n",
    err_min_wrong_type: "record county { speed: rate, min 0\n  name: text, min 1 }\n",
    err_const_cycle: "const A = B + 1\nconst B = A * 2\nconst C = C\n",
    err_const_not_constant: "const A = beds\nconst B = round(2)\n",
    err_template_hole: "rule R \"r\" { for school require beds > 0 message \"床位 {bed} 张, {name:%}\" }\n",
    err_example_form: "rule R \"r\" { for school require beds > 0 example pass [ { beds: 1 } ] }\n",
    err_example_values: "rule R \"r\" { for school require beds > 0 example pass { bed: 1, beds: 1.5, bandwidth: 100, level: juniro, name: 3 } }\n",
    err_example_group_key: "rule R \"r\" { for school per county require count() > 0 example pass [ { county: \"a\" }, { county: \"b\" } ] }\n",
    err_duplicate_plan_and_quote: "plan \"again\"\nquote \"a\" \"x\"\nquote \"a\" \"y\"\n",
    err_max_below_min: "record county { pupils: int, min 10, max 5 }\n",
    err_header_names_two_fields: "record county { code: text, column \"代码\"\n  name: text, column \"名称\" \"ＣＯＤＥ\" }\n",
    err_if_condition: "rule R \"r\" { for school require if beds then true else false }\n",
    err_not_and_minus: "rule R \"r\" { for school require not beds or -name == 1 }\n",
    err_list_outside_in: "rule R \"r\" { for school require [1, 2] == 1 }\n",
    err_in_without_list: "rule R \"r\" { for school require beds in beds }\n",
    err_matches_non_text: "record county { pupils: int, matches \"[0-9]+\" }\n",
    err_group_example_form: "rule R \"r\" { for school overall require count() > 0 example pass { beds: 1 } }\n",
    err_aggregate_in_const: "const A = sum(1)\n",
    err_let_in_aggregate: "rule R \"r\" { for school per county let x = 1 require sum(beds where beds > x) > 0 }\n",
    err_least_mixed: "rule R \"r\" { for school require least(beds, name) > 0 and round(beds, 1.5) > 0 and year(name) > 0 }\n",
    err_keyword_typos: "rule R \"r\" {\n  for school\n  requir beds > 0\n  severity eror\n}\n",
    err_rate_in_numbers: "rule R \"r\" { for school require bandwidth in [100Mbps, 1000] }\n",
    err_enum_vs_label: "rule R \"r\" { for school require level == \"初级中学\" }\n",
    err_duplicate_field: "record county { code: int\n  code: text }\n",
    err_let_error_reported_once: "rule R \"r\" { for school let x = bed + 1 require x > 0 }\n",
    err_enum_named_like_a_builtin_type: "enum area { urban, rural }\nrecord place { kind: area }\nrule R \"r\" { for place require kind == urban }\n",
}

#[test]
fn errors_in_two_files_are_reported_together() {
    let a = with_smoke_schema("rule A-1 \"a\" { for school require bed >= 0 }\n");
    let b = "rule A-1 \"again\" { for school require beds >= \"x\" }\n";
    let text = errors_of(&[("a.dudao", &a), ("b.dudao", b)]);
    assert!(text.contains("a.dudao:"), "{text}");
    assert!(text.contains("b.dudao:1:"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn path_errors() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_string_lossy().into_owned();
    std::fs::write(dir.path().join("bad.dudao"), b"plan \"\xff\"").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/ok.dudao"), "plan \"p\"\n").unwrap();
    let inputs = vec![
        format!("{root}/missing.dudao"),
        format!("{root}/*.nothing"),
        format!("{root}/bad.dudao"),
    ];
    let Err(errors) = load_paths(&inputs) else {
        panic!("bad paths loaded");
    };
    let codes: Vec<&str> = errors.iter().map(|e| e.code()).collect();
    assert_eq!(codes, ["load/path"; 3]);
    let messages: Vec<String> = errors
        .iter()
        .map(|e| e.to_string().replace(&root, "ROOT"))
        .collect();
    insta::assert_debug_snapshot!(messages);
    // A directory holds every `.dudao` file below it; `*` does not cross `/`.
    let pack = load_paths(&[format!("{root}/sub")]).unwrap();
    assert_eq!(pack.plan.as_deref(), Some("p"));
    assert!(load_paths(&[format!("{root}/*/ok.dudao")]).is_ok());
    assert!(load_paths(&[format!("{root}/*ok.dudao")]).is_err());
    assert!(load_paths(&[format!("{root}/**/ok.dudao")]).is_ok());
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let Err(errors) = load_paths(&[format!("{root}/empty")]) else {
        panic!("an empty directory loaded");
    };
    assert_eq!(errors[0].message(), "the directory holds no `.dudao` files");
}

#[test]
fn long_const_chains_and_wide_sums_do_not_overflow() {
    let mut text = String::from("const C0 = 1\n");
    for i in 1..3000 {
        text.push_str(&format!("const C{i} = C{} + 1\n", i - 1));
    }
    let pack_text = with_smoke_schema(&format!(
        "{text}rule R \"r\" {{ for school require beds >= C2999 + {} }}\n",
        vec!["1"; 5000].join(" + ")
    ));
    let pack = load(&[("p.dudao", &pack_text)]);
    assert_eq!(pack.rules.len(), 1);
    // Nesting as deep as the parser allows.
    let depth = crate::syntax::MAX_DEPTH - 4;
    let nested = format!("{}beds{}", "(-".repeat(depth / 2), ")".repeat(depth / 2));
    let pack_text = with_smoke_schema(&format!(
        "rule R \"r\" {{ for school require {nested} <= 0 }}\n"
    ));
    let pack = load(&[("p.dudao", &pack_text)]);
    assert_eq!(pack.rules[0].require.ty, Type::Bool);
}

/// Words of the language, for token soups that reach the checker.
const VOCABULARY: &[&str] = &[
    "rule",
    "R",
    "\"t\"",
    "{",
    "}",
    "for",
    "school",
    "per",
    "county",
    "overall",
    "where",
    "require",
    "let",
    "x",
    "=",
    "==",
    "!=",
    ">=",
    "<",
    "+",
    "-",
    "*",
    "/",
    "??",
    "and",
    "or",
    "not",
    "in",
    "[",
    "]",
    "(",
    ")",
    ",",
    "if",
    "then",
    "else",
    "beds",
    "boarders",
    "level",
    "junior",
    "sum",
    "count",
    "cv",
    "least",
    "round",
    "present",
    "1",
    "2.5",
    "80%",
    "1Gbps",
    "2020-01-01",
    "\"s\"",
    "true",
    "message",
    "\"{beds}\"",
    "example",
    "pass",
    "fail",
    ":",
    "waive",
    "BOARD-001",
    "until",
    "because",
    "const",
    "C",
    "enum",
    "record",
    "plan",
    "\n",
];

proptest::proptest! {
    #[test]
    fn token_soup_never_panics(words in proptest::collection::vec(0..VOCABULARY.len(), 0..60)) {
        let soup: Vec<&str> = words.iter().map(|&i| VOCABULARY[i]).collect();
        let soup = soup.join(" ");
        let text = with_smoke_schema(&format!(
            "{soup}\nrule Z \"z\" {{ for school per county let y = {soup}\n require {soup} }}\n"
        ));
        let _ = load_sources(vec![("p.dudao".into(), text)]);
    }

    #[test]
    fn arbitrary_input_never_panics(text in "\\PC{0,300}") {
        let _ = load_sources(vec![("p.dudao".into(), text)]);
    }

    #[test]
    fn mutated_smoke_never_panics(cut in 0usize..2000, insert in "[a-z{}()\\[\\]\"=<>+*/, \n0-9%]{0,8}") {
        let mut text = SMOKE.to_string();
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.insert_str(at, &insert);
        let _ = load_sources(vec![("p.dudao".into(), text)]);
    }
}

/// The types of a rule's lets, in order.
fn let_types(rest: &str) -> Vec<Type> {
    let pack = load(&[("p.dudao", &with_smoke_schema(rest))]);
    pack.rules[0].lets.iter().map(|l| l.value.ty).collect()
}

#[test]
fn arithmetic_types_follow_section_5_1() {
    let rate = Type::Quantity(Dim::Rate);
    let types = let_types(
        "rule R \"r\" { for school\n\
         let a = bandwidth * 2\n let b = bandwidth / 2\n let c = bandwidth / 1Gbps\n\
         let d = 2 * bandwidth\n let e = bandwidth + 1Mbps - 512kbps\n let f = students / 2\n\
         let g = students + 1\n let h = least(beds, 2.5)\n let i = year(2020-01-01)\n\
         let j = len(name)\n let k = count_true(public, beds > 0)\n let l = beds ?? 0\n\
         let m = 80% + 5%\n let n = round(students / 3, 1)\n let o = -bandwidth\n\
         let p = if public then 1 else 2\n let q = abs(students - beds) * 10%\n\
         require a >= 1Mbps and level not in [primary, junior] and present(township) }\n",
    );
    assert_eq!(
        types,
        [
            rate,
            rate,
            Type::Number,
            rate,
            rate,
            Type::Number,
            Type::Int,
            Type::Number,
            Type::Int,
            Type::Int,
            Type::Int,
            Type::Int,
            Type::Percent,
            Type::Number,
            rate,
            Type::Int,
            Type::Number,
        ]
    );
}

#[test]
fn aggregate_types_and_shared_aggregates() {
    let types = let_types(
        "rule R \"r\" { for school per county\n\
         let a = avg(students)\n let b = sum(bandwidth where public)\n let c = cv(students, beds)\n\
         let d = min(pcs)\n let e = count()\n let f = sum(students) / count()\n\
         require a > 0 and sum(students) > 0 and county != \"\"\n\
         message \"{county}: {sum(students)} {max(bandwidth):.1}\" }\n",
    );
    let rate = Type::Quantity(Dim::Rate);
    assert_eq!(
        types,
        [
            Type::Number,
            rate,
            Type::Number,
            Type::Int,
            Type::Int,
            Type::Number
        ]
    );
    let pack = load(&[(
        "p.dudao",
        &with_smoke_schema(
            "rule R \"r\" { for school per county\n let a = sum(students)\n\
             require a > 0 and sum(students) > count()\n message \"{max(beds)}\" }\n",
        ),
    )]);
    let rule = &pack.rules[0];
    let texts: Vec<&str> = rule.aggregates.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["sum(students)", "count()", "max(beds)"]);
    let reads: Vec<ReadKind> = rule.reads.iter().map(|r| r.what).collect();
    assert_eq!(
        reads,
        [ReadKind::Agg(0), ReadKind::Let(0), ReadKind::Agg(1)]
    );
}

#[test]
fn check_takes_parsed_modules() {
    let mut sources = SourceMap::default();
    let id = sources.add("p.dudao", SMOKE);
    let (module, syntax) = crate::syntax::parse(id, &sources.get(id).text);
    assert!(syntax.is_empty());
    let pack = check(sources, vec![(id, module)]).unwrap_or_else(|e| panic!("{}", plain(&e)));
    assert_eq!(pack.rules.len(), 6);
}

#[test]
fn errors_carry_code_file_line_and_column() {
    let Err(errors) = load_sources(files(&[(
        "p.dudao",
        &with_smoke_schema("rule R \"r\" { for school require bandwidth >= 1000 }\n"),
    )])) else {
        panic!("loaded");
    };
    let e = &errors[0];
    assert_eq!(e.code(), "load/type");
    assert_eq!(
        (e.file(), e.line(), e.column()),
        ("p.dudao", Some(20), Some(33))
    );
    assert_eq!(e.help(), Some("a rate needs a unit: write 1000Mbps"));
    assert!(e.message().contains("rate"));
    let coloured = render_errors(&errors, true);
    assert!(coloured.contains("\u{1b}["), "colour is on");
    assert!(
        !render_errors(&errors, false).contains("\u{1b}["),
        "colour is off"
    );
}

#[test]
fn rule_without_any_record_type() {
    insta::assert_snapshot!(errors_of(&[("p.dudao", "rule R \"r\" { require true }\n")]));
}

mod zh;
