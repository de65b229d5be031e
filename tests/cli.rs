//! `dudao` driven end to end, as CI jobs and inspectors run it.

use std::collections::BTreeSet;
use std::process::{Command, Output};

use serde_json::Value;

const PACK: &str = "tests/fixtures/mini/pack.dudao";
const SCHOOLS: &str = "tests/fixtures/mini/schools.csv";
const AS_OF: &str = "2026-11-28";

fn dudao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dudao"))
        .env("LC_ALL", "C")
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
    check_json_at(AS_OF, extra)
}

/// The same, judged at another date.
fn check_json_at(as_of: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json", "-r", PACK, "--as-of", as_of];
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
    let (_, json) = check_json_at("2020-06-01", &["--select", "BOARD", SCHOOLS]);
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

/// The human report of the mini fixture, with the timing masked.
fn human_report(args: &[&str]) -> String {
    let out = dudao(
        &[
            &["check", "-r", PACK, "--as-of", AS_OF, "--color", "never"],
            args,
        ]
        .concat(),
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let (body, timing) = text.rsplit_once(" in ").expect("a summary line");
    let rest = timing.split_once('\n').map_or("", |(_, r)| r);
    format!("{body} in [elapsed]\n{rest}")
}

#[test]
fn human_output_of_the_mini_fixture() {
    insta::assert_snapshot!(human_report(&[SCHOOLS]));
}

#[test]
fn control_characters_from_data_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("evil.csv");
    let header = std::fs::read_to_string(SCHOOLS).expect("schools");
    let header = header.lines().next().expect("header");
    let row = "4508020009,\u{1b}]0;pwned\u{7}\u{1b}[31m红\u{202e}小学\u{85},港北区,大圩镇,初级中学,是,900,0,0,10,100";
    std::fs::write(&csv, format!("{header}\n{row}\n")).expect("write");
    let text = human_report(&["--select", "NET", csv.to_str().expect("utf-8 path")]);
    assert!(text.contains("NET-001"), "{text}");
    for raw in ['\u{1b}', '\u{7}', '\u{202e}', '\u{85}'] {
        assert!(
            !text.contains(raw),
            "raw {raw:?} reached the terminal:\n{text}"
        );
    }
    assert!(text.contains("\\u{1b}]0;pwned\\u{7}"), "{text}");
    assert!(text.contains("\\u{202e}"), "{text}");
}

#[test]
fn rules_lists_the_pack_as_a_table_and_as_json() {
    let out = dudao(&["rules", "-r", PACK, "--format", "json"]);
    assert_eq!(code(&out), 0);
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let rules = json["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
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
    let board = &rules[1];
    assert_eq!(board["cite"], "二(九)1");
    assert_eq!(board["due"], "2020-12-31");
    assert_eq!(board["scope"], "record");
    assert_eq!(board["tags"][0], "boarding");
    assert_eq!(rules[5]["per"], serde_json::json!(["county", "township"]));
    let table = String::from_utf8(dudao(&["rules", "-r", PACK]).stdout).expect("utf-8");
    assert!(table.contains("TOWN-001"), "{table}");
    assert!(table.contains("school per county, township"), "{table}");
}

#[test]
fn explain_shows_a_rule_or_suggests_the_closest_id() {
    let out = dudao(&["explain", "BOARD-001", "-r", PACK]);
    assert_eq!(code(&out), 0);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for part in [
        "寄宿制学校“一人一铺”",
        "二(九)1",
        "2020-12-31",
        "require beds >= boarders",
        "pack.dudao:",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    let out = dudao(&["explain", "BORD-001", "-r", PACK]);
    assert_eq!(code(&out), 2);
    let text = String::from_utf8(out.stderr).expect("utf-8");
    assert!(text.contains("did you mean `BOARD-001`?"), "{text}");
}

#[test]
fn the_built_in_pack_quotes_the_plan() {
    let out = dudao(&["explain", "BOARD-001"]);
    assert_eq!(code(&out), 0);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("The plan says (二(九)1)"), "{text}");
    assert!(text.contains("“一人一铺”达标率达到100%"), "{text}");
}

#[test]
fn test_runs_examples_with_exit_statuses() {
    assert_eq!(code(&dudao(&["test", "-r", PACK])), 0);
    let dir = tempfile::tempdir().expect("tempdir");
    let wrong = dir.path().join("wrong.dudao");
    std::fs::write(
        &wrong,
        "record r { a: int }\nrule R-1 \"a\" {\n  require a > 1\n  example pass { a: 1 }\n}\n",
    )
    .expect("write");
    let out = dudao(&["test", "-r", wrong.to_str().expect("utf-8 path")]);
    assert_eq!(code(&out), 1);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("wrong.dudao:4"), "{text}");
    assert!(text.contains("examples: 0 passed, 1 failed"), "{text}");
    std::fs::write(&wrong, "rule R-1 \"a\" { require b }\n").expect("write");
    assert_eq!(
        code(&dudao(&["test", "-r", wrong.to_str().expect("utf-8 path")])),
        2
    );
}

#[test]
fn template_writes_the_headers_as_csv_with_bom_and_as_xlsx() {
    let out = dudao(&["template", "-r", PACK]);
    assert_eq!(code(&out), 0);
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark");
    let text = String::from_utf8(out.stdout[3..].to_vec()).expect("utf-8");
    assert_eq!(
        text,
        "学校标识码,学校名称,县(市、区),乡镇,办学类型,公办,在校生数,寄宿生数,宿舍床位数,学生用计算机,出口带宽\n"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let xlsx = dir.path().join("form.xlsx");
    let out = dudao(&[
        "template",
        "-r",
        PACK,
        "-o",
        xlsx.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(code(&out), 0);
    // The workbook reads back through dudao's own Excel reader: a header
    // row that matches the record type, and no records.
    let (status, json) = check_json(&[xlsx.to_str().expect("utf-8 path")]);
    assert_eq!(json["files"][0]["type"], "school", "{json}");
    assert_eq!(json["summary"]["records"], 0);
    assert_eq!(status, 0, "no records: no group forms, nothing fails");
    let out = dudao(&["template", "-r", PACK, "--type", "shcool"]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `school`?"));
}

#[test]
fn the_report_is_never_written_over_an_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("schools.csv");
    std::fs::copy(SCHOOLS, &csv).expect("copy");
    let before = std::fs::read(&csv).expect("read");
    let path = csv.to_str().expect("utf-8 path");
    let out = dudao(&["check", "-r", PACK, "--format", "json", "-o", path, path]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing"));
    assert_eq!(std::fs::read(&csv).expect("read"), before);
    let report = dir.path().join("report.json");
    let out = dudao(&[
        "check",
        "-r",
        PACK,
        "--format",
        "json",
        "-o",
        report.to_str().expect("utf-8"),
        path,
    ]);
    assert_eq!(code(&out), 1);
    let json: Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("json");
    assert_eq!(json["summary"]["records"], 8);
}

#[cfg(unix)]
#[test]
fn a_report_file_is_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.json");
    let out = dudao(&[
        "check",
        "-r",
        PACK,
        "--format",
        "json",
        "-o",
        report.to_str().expect("utf-8"),
        SCHOOLS,
    ]);
    assert_eq!(code(&out), 1);
    let mode = std::fs::metadata(&report)
        .expect("report")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
}

#[test]
fn an_unreadable_file_is_reported_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let junk = dir.path().join("学校.xlsx");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&junk, bytes).expect("write");
    let (status, json) = check_json(&[SCHOOLS, junk.to_str().expect("utf-8 path")]);
    assert_eq!(status, 2);
    let unreadable = diagnostics(&json)
        .iter()
        .find(|d| d["rule"] == "data/unreadable")
        .expect("data/unreadable");
    assert!(
        unreadable["file"]
            .as_str()
            .expect("file")
            .ends_with("学校.xlsx")
    );
    // The readable file is still checked.
    assert_eq!(json["summary"]["records"], 8);
}

#[test]
fn type_forces_the_record_type() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("odd.csv");
    // A file with only the required columns, read as the type named.
    std::fs::write(
        &csv,
        "学校标识码,学校名称,县(市、区),办学类型\n4508020001,甲小学,港北区,小学\n",
    )
    .expect("write");
    let path = csv.to_str().expect("utf-8 path");
    let (status, json) = check_json(&["--type", "school", "--select", "NET", path]);
    assert_eq!(status, 0, "{json}");
    assert_eq!(json["files"][0]["type"], "school");
    let out = dudao(&["check", "-r", PACK, "--type", "scool", path]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `school`?"));
}

#[test]
fn a_cell_after_a_multi_line_cell_is_located_on_its_own_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("multi.csv");
    let header = std::fs::read_to_string(SCHOOLS).expect("schools");
    let header = header.lines().next().expect("header");
    // The name holds a newline, so the cells after it are on line 3.
    let row = "4508030001,\"庚初中\n(新校区)\",港南区,桥圩镇,初级中学,是,500,0,0,50,百兆";
    std::fs::write(&csv, format!("{header}\n{row}\n")).expect("write");
    let (_, json) = check_json(&["--select", "NET", csv.to_str().expect("utf-8 path")]);
    let net = diagnostics(&json)
        .iter()
        .find(|d| d["rule"] == "NET-001")
        .expect("NET-001");
    assert_eq!(net["line"], 3, "{net}");
    // (新校区)",港南区,桥圩镇,初级中学,是,500,0,0,50,百兆
    assert_eq!(net["column"], 34, "{net}");
}
