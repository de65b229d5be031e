//! `dudao` driven end to end, as CI jobs and inspectors run it.

use std::collections::BTreeSet;
use std::process::{Command, Output};

use serde_json::Value;

const PACK: &str = "tests/fixtures/mini/pack.dudao";
const SCHOOLS: &str = "tests/fixtures/mini/schools.csv";
const AS_OF: &str = "2026-11-28";

fn dudao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dudao"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("dudao runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit status")
}

/// `dudao check --format json` on the mini pack, with extra arguments.
fn check_json(extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json", "-r", PACK, "--as-of", AS_OF];
    args.extend_from_slice(extra);
    let out = dudao(&args);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (code(&out), json)
}

fn diagnostics(json: &Value) -> &Vec<Value> {
    json["diagnostics"].as_array().expect("diagnostics")
}

/// (rule, key, outcome, severity) of every diagnostic.
fn outcomes(json: &Value) -> BTreeSet<(String, String, String, String)> {
    diagnostics(json)
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("-").to_owned();
            (s("rule"), s("key"), s("outcome"), s("severity"))
        })
        .collect()
}

fn has(
    set: &BTreeSet<(String, String, String, String)>,
    rule: &str,
    key: &str,
    outcome: &str,
    severity: &str,
) -> bool {
    set.contains(&(rule.into(), key.into(), outcome.into(), severity.into()))
}

#[test]
fn every_scope_and_waiver_state_on_the_mini_pack() {
    let (status, json) = check_json(&[SCHOOLS]);
    assert_eq!(status, 1);
    let got = outcomes(&json);
    let want = [
        ("BOARD-001", "4508020002", "waived", "info"),
        ("BOARD-001", "4508020003", "fail", "error"),
        ("NET-001", "4508030001", "fail", "error"),
        ("PC-001", "4508020003", "fail", "warning"),
        ("PC-001", "4508020004", "fail", "warning"),
        ("PC-001", "4508030001", "missing", "warning"),
        ("PRE-001", "港北区", "fail", "error"),
        ("PRE-001", "港南区", "missing", "warning"),
        ("TOWN-001", "港北区/根竹镇", "fail", "error"),
        ("TOWN-001", "港南区/桥圩镇", "fail", "error"),
        ("ALL-001", "-", "fail", "error"),
        ("waiver/expired", "4508020003", "error", "warning"),
        ("waiver/unused", "4508020001", "error", "warning"),
        ("schema/type", "4508030002", "error", "error"),
    ];
    for (rule, key, outcome, severity) in want {
        assert!(
            has(&got, rule, key, outcome, severity),
            "missing {rule} {key} {outcome} {severity} in {got:#?}"
        );
    }
    let rule_findings = got.iter().filter(|(r, ..)| !r.contains('/')).count();
    assert_eq!(rule_findings, 11, "{got:#?}");
    let summary = &json["summary"];
    assert_eq!(summary["records"], 8);
    assert_eq!(summary["rules"], 6);
    assert_eq!(summary["waived"], 1);
    assert_eq!(summary["missing"], 2);
    // BOARD-001 for 4508020004 (boarders blank) and TOWN-001 for it (no township).
    assert_eq!(summary["skipped"], 2);
}

#[test]
fn record_findings_point_at_the_cell() {
    let (_, json) = check_json(&[SCHOOLS]);
    let net = diagnostics(&json)
        .iter()
        .find(|d| d["rule"] == "NET-001")
        .expect("NET-001");
    assert_eq!(net["file"], SCHOOLS);
    assert_eq!(net["line"], 8);
    assert_eq!(net["field"], "bandwidth");
    assert_eq!(net["values"]["bandwidth"], 100.0);
    // 4508030001,庚初中,港南区,桥圩镇,初级中学,√,0,0,0,0,百兆: the 11th cell.
    assert_eq!(net["column"], 39);
    let board = diagnostics(&json)
        .iter()
        .find(|d| d["rule"] == "BOARD-001" && d["key"] == "4508020003")
        .expect("BOARD-001");
    assert_eq!(board["message"], "宿舍床位 150 张,寄宿生 200 人,缺 50 张");
    assert_eq!(board["values"]["beds"], 150.0);
    assert_eq!(board["values"]["boarders"], 200.0);
    let pre = diagnostics(&json)
        .iter()
        .find(|d| d["rule"] == "PRE-001" && d["key"] == "港北区")
        .expect("PRE-001");
    assert_eq!(pre["scope"], "group");
    assert_eq!(pre["group"]["county"], "港北区");
    assert_eq!(pre["message"], "港北区公办园在园幼儿占比 37.5%,低于 50%");
    assert!(pre["file"].is_null());
}

#[test]
fn due_dates_are_info_up_to_and_including_the_day() {
    for (as_of, severity) in [
        ("2022-12-30", "info"),
        ("2022-12-31", "info"),
        ("2023-01-01", "error"),
    ] {
        let out = dudao(&[
            "check", "--format", "json", "-r", PACK, "--as-of", as_of, "--select", "NET", SCHOOLS,
        ]);
        let json: Value = serde_json::from_slice(&out.stdout).expect("json");
        let got = outcomes(&json);
        assert!(
            has(&got, "NET-001", "4508030001", "fail", severity),
            "{as_of}: {got:#?}"
        );
    }
}

#[test]
fn waivers_before_and_after_their_date() {
    // On 2020-06-01 both waivers are active; the BOARD-001 failures are not
    // yet due either.
    let (_, json) = check_json(&["--select", "BOARD", "--as-of", "2020-06-01", SCHOOLS]);
    let got = outcomes(&json);
    assert!(
        has(&got, "BOARD-001", "4508020002", "waived", "info"),
        "{got:#?}"
    );
    assert!(
        has(&got, "BOARD-001", "4508020003", "waived", "info"),
        "{got:#?}"
    );
    assert!(!got.iter().any(|(r, ..)| r == "waiver/expired"), "{got:#?}");
}

#[test]
fn select_and_ignore_by_id_prefix_and_tag() {
    let rules = |extra: &[&str]| -> BTreeSet<String> {
        let (_, json) = check_json(&[extra, &[SCHOOLS]].concat());
        diagnostics(&json)
            .iter()
            .filter_map(|d| d["rule"].as_str())
            .filter(|r| !r.contains('/'))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        rules(&["--select", "tag:network"]),
        BTreeSet::from(["NET-001".into(), "PC-001".into()])
    );
    assert_eq!(
        rules(&["--select", "P", "--ignore", "PRE-001"]),
        BTreeSet::from(["PC-001".into()])
    );
    assert_eq!(
        rules(&["--select", "ALL-001"]),
        BTreeSet::from(["ALL-001".into()])
    );
}

#[test]
fn exit_statuses() {
    let clean = "tests/fixtures/mini/clean.csv";
    let junior = "tests/fixtures/mini/junior.csv";
    let run = |args: &[&str]| {
        code(&dudao(
            &[&["check", "-q", "-r", PACK, "--as-of", AS_OF], args].concat(),
        ))
    };
    assert_eq!(run(&["--select", "BOARD", clean]), 0);
    assert_eq!(
        run(&["--select", "PC", junior]),
        0,
        "a warning alone passes"
    );
    assert_eq!(run(&["--select", "PC", "--deny", "warnings", junior]), 1);
    assert_eq!(run(&[SCHOOLS]), 1);
    assert_eq!(run(&["tests/fixtures/mini/no-such-file.csv"]), 2);
    assert_eq!(run(&["tests/fixtures/mini/*.nothing"]), 2);
    let bad_pack = code(&dudao(&[
        "check",
        "-r",
        "tests/fixtures/mini/no-such-pack.dudao",
        clean,
    ]));
    assert_eq!(bad_pack, 2);
}

#[test]
fn output_is_identical_for_any_number_of_threads() {
    let run = |jobs: &str| {
        let (_, mut json) = check_json(&["-j", jobs, SCHOOLS]);
        json["summary"]["elapsed_ms"] = Value::Null;
        serde_json::to_string(&json).expect("serialize")
    };
    assert_eq!(run("1"), run("4"));
}

#[test]
fn a_misspelt_field_is_a_load_error_with_a_suggestion() {
    let dir = tempfile::tempdir().expect("tempdir");
    let typo = dir.path().join("typo.dudao");
    std::fs::write(
        &typo,
        "rule T-1 \"typo\" {\n  for school\n  require bed >= boarders\n}\n",
    )
    .expect("write");
    let out = dudao(&[
        "rules",
        "-r",
        PACK,
        "-r",
        typo.to_str().expect("utf-8 path"),
    ]);
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(code(&out), 2);
    assert!(text.contains("typo.dudao:3"), "{text}");
    assert!(text.contains("beds"), "{text}");
}
