//! Renderer tests: a small pack, data files on disk, findings built by hand.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use serde_json::Value as Json;

use super::human::{HumanOptions, HumanReporter, summary_text};
use super::json::JsonReporter;
use super::{Context, Reporter};
use crate::data::{DataFile, FileFormat};
use crate::diag::{Finding, Location, Outcome, RuleRef, Scope, Severity, Shown, Summary};
use crate::model::{Field, Pack, RecordType, Rule, RuleScope, TExpr, TExprKind, Type};
use crate::source::Span;
use crate::syntax::ast::MissingPolicy;
use crate::value::{Date, OwnedValue};

const HEADER: &str = "学校标识码,学校名称,县(市、区),宿舍床位数,寄宿生数\n";
const ROW: &str = "4508020001,甲小学,港北区,80,120\n";

fn field(name: &str, column: &str, ty: Type) -> Field {
    Field {
        name: name.to_owned(),
        ty,
        required: false,
        unique: false,
        min: None,
        max: None,
        pattern: None,
        pattern_source: None,
        columns: vec![column.to_owned()],
        span: Span::default(),
    }
}

fn rule(id: &str, title: &str, cite: Option<&str>, due: Option<Date>, scope: RuleScope) -> Rule {
    Rule {
        id: id.to_owned(),
        title: title.to_owned(),
        cite: cite.map(str::to_owned),
        severity: Severity::Error,
        due,
        tags: Vec::new(),
        record: 0,
        scope,
        filter: None,
        lets: Vec::new(),
        require: TExpr {
            kind: TExprKind::Lit(OwnedValue::Bool(true)),
            ty: Type::Bool,
            span: Span::default(),
        },
        aggregates: Vec::new(),
        message: None,
        help: None,
        missing: MissingPolicy::Report(Severity::Error),
        examples: Vec::new(),
        reads: Vec::new(),
        require_text: String::new(),
        span: Span::default(),
        id_span: Span::default(),
    }
}

/// Rules: 0 ALL-001 (overall), 1 BOARD-001 (record), 2 PRE-001 (per county).
fn pack() -> Pack {
    let school = RecordType {
        name: "school".to_owned(),
        fields: vec![
            field("id", "学校标识码", Type::Text),
            field("name", "学校名称", Type::Text),
            field("county", "县(市、区)", Type::Text),
            field("beds", "宿舍床位数", Type::Int),
            field("boarders", "寄宿生数", Type::Int),
        ],
        key: Some(0),
        span: Span::default(),
    };
    Pack {
        sources: Default::default(),
        plan: Some("贵港市教育现代化规划".to_owned()),
        enums: Vec::new(),
        records: vec![school],
        rules: vec![
            rule(
                "ALL-001",
                "全市寄宿生总数",
                Some("二(一)"),
                None,
                RuleScope::Overall,
            ),
            rule(
                "BOARD-001",
                "寄宿制学校“一人一铺”",
                Some("二(九)1"),
                Date::from_ymd(2020, 12, 31),
                RuleScope::Record,
            ),
            rule(
                "PRE-001",
                "学前三年毛入园率",
                None,
                None,
                RuleScope::Per(vec![2]),
            ),
        ],
        waivers: Vec::new(),
        plan_text: [(
            "二(九)1".to_owned(),
            "寄宿制学校实现“一人一铺”。".to_owned(),
        )]
        .into_iter()
        .collect(),
    }
}

/// Data files on disk: 0 a UTF-8 CSV, 1 a GB18030 CSV, 2 a workbook (never
/// read). The directory's path is replaced by `fixtures` in rendered output.
struct Files {
    dir: tempfile::TempDir,
    files: Vec<DataFile>,
}

fn files(rows: &[&str]) -> Files {
    let dir = tempfile::tempdir().unwrap();
    let mut text = HEADER.to_owned();
    for row in rows {
        text.push_str(row);
    }
    let utf8 = dir.path().join("schools.csv");
    std::fs::write(&utf8, &text).unwrap();
    let gbk = dir.path().join("gbk.csv");
    std::fs::write(&gbk, encoding_rs::GB18030.encode(&text).0).unwrap();
    let csv = |path: &std::path::Path, encoding| DataFile {
        path: path.to_str().unwrap().to_owned(),
        format: FileFormat::Csv,
        record_type: Some(0),
        records: rows.len() as u64,
        encoding: Some(encoding),
        sheets: Vec::new(),
    };
    let files = vec![
        csv(&utf8, "utf-8"),
        csv(&gbk, "gb18030"),
        DataFile {
            path: dir.path().join("schools.xlsx").to_str().unwrap().to_owned(),
            format: FileFormat::Excel,
            record_type: Some(0),
            records: 40,
            encoding: None,
            sheets: vec!["学校".to_owned()],
        },
    ];
    Files { dir, files }
}

/// The byte offset of 1-based `line` in a file made by [`files`] from `rows`.
fn offset(rows: &[&str], line: u32) -> u64 {
    let mut offset = HEADER.len();
    for row in &rows[..line as usize - 2] {
        offset += row.len();
    }
    offset as u64
}

fn at(file: u32, line: u32, offset: u64, column: u32, width: u32, field: u32) -> Location {
    Location {
        file,
        sheet: None,
        line,
        column,
        offset,
        width,
        field: Some(field),
    }
}

fn finding(rule: RuleRef, scope: Scope, message: &str) -> Finding {
    Finding {
        rule,
        outcome: Outcome::Fail,
        severity: Severity::Error,
        scope,
        message: message.to_owned(),
        help: None,
        record_type: Some(0),
        key: None,
        group: Vec::new(),
        location: None,
        related: None,
        values: Vec::new(),
        skipped: 0,
    }
}

/// BOARD-001 failing at the beds cell of `ROW` on line 2 of `file`.
fn board(file: u32) -> Finding {
    let mut f = finding(
        RuleRef::Pack(1),
        Scope::Record,
        "宿舍床位 80 张,寄宿生 120 人,缺 40 张",
    );
    f.help = Some("新建或改扩建学生宿舍,使床位数不少于寄宿生数".to_owned());
    f.key = Some("4508020001".to_owned());
    // The readers' offsets index the decoded text, so the GB18030 file's
    // line 2 starts where the UTF-8 file's does.
    let offset = offset(&[ROW], 2);
    f.location = Some(at(file, 2, offset, 20, 2, 3));
    f.values = vec![
        ("beds".to_owned(), Shown::Num(80.0)),
        ("boarders".to_owned(), Shown::Num(120.0)),
    ];
    f
}

fn group_finding() -> Finding {
    let mut f = finding(
        RuleRef::Pack(2),
        Scope::Group,
        "港北区学前三年毛入园率 80%,低于 85%",
    );
    f.key = Some("港北区".to_owned());
    f.group = vec![("county".to_owned(), "港北区".to_owned())];
    f.values = vec![
        ("sum(students)".to_owned(), Shown::Num(500.0)),
        ("rate".to_owned(), Shown::Num(0.8)),
    ];
    f.skipped = 3;
    f
}

fn overall_finding() -> Finding {
    let mut f = finding(
        RuleRef::Pack(0),
        Scope::Overall,
        "全市寄宿生 120 人,不足 200 人",
    );
    f.values = vec![("sum(boarders)".to_owned(), Shown::Num(120.0))];
    f
}

fn summary() -> Summary {
    Summary {
        files: 2,
        records: 1532,
        rules: 41,
        checks: 50120,
        pass: 49800,
        fail: 270,
        missing: 12,
        waived: 4,
        errors: 213,
        warnings: 57,
        infos: 3,
        skipped: 5,
        elapsed_ms: 210,
        breakdown: None,
    }
}

fn as_of() -> Date {
    Date::from_ymd(2026, 11, 28).unwrap()
}

fn human_with(files: &Files, findings: &[Finding], options: HumanOptions) -> String {
    human_as_of(files, findings, options, as_of())
}

fn human_as_of(files: &Files, findings: &[Finding], options: HumanOptions, as_of: Date) -> String {
    let pack = pack();
    let cx = Context {
        pack: &pack,
        files: &files.files,
        as_of,
        lang: crate::i18n::Lang::En,
    };
    let mut reporter = HumanReporter::new(Vec::new(), options);
    for f in findings {
        reporter.finding(&cx, f).unwrap();
    }
    reporter.finish(&cx, &summary()).unwrap();
    let out = String::from_utf8(reporter.into_inner()).unwrap();
    out.replace(files.dir.path().to_str().unwrap(), "fixtures")
}

fn human(files: &Files, findings: &[Finding]) -> String {
    human_with(files, findings, HumanOptions::default())
}

#[test]
fn record_finding_underlines_the_cell_after_chinese_text() {
    let files = files(&[ROW]);
    let out = human(&files, &[board(0)]);
    assert!(out.contains("fixtures/schools.csv:2:20"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn gb18030_line_is_decoded() {
    let files = files(&[ROW]);
    let out = human(&files, &[board(1)]);
    assert!(out.contains("4508020001,甲小学,港北区,80,120"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn excel_finding_shows_a_synthetic_line() {
    let files = files(&[ROW]);
    let mut f = board(2);
    f.location = Some(Location {
        file: 2,
        sheet: Some(0),
        line: 12,
        column: 4,
        offset: 0,
        width: 0,
        field: Some(3),
    });
    let out = human(&files, &[f]);
    assert!(out.contains("D12  宿舍床位数 = 80"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn group_finding_shows_group_values_and_skipped() {
    let files = files(&[ROW]);
    let out = human(&files, &[group_finding()]);
    assert!(out.contains("county = 港北区"), "{out}");
    assert!(out.contains("sum(students) = 500"), "{out}");
    assert!(
        out.contains("3 records skipped for missing values"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn overall_finding_shows_values() {
    let files = files(&[ROW]);
    let out = human(&files, &[overall_finding()]);
    assert!(out.contains("sum(boarders) = 120"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn data_diagnostic_shows_the_related_location() {
    let rows = [ROW, "4508020001,乙小学,港北区,60,50\n"];
    let files = files(&rows);
    let mut f = finding(
        RuleRef::Builtin("schema/duplicate"),
        Scope::Data,
        "学校标识码 4508020001 重复",
    );
    f.outcome = Outcome::Error;
    f.key = Some("4508020001".to_owned());
    f.location = Some(at(0, 3, offset(&rows, 3), 1, 10, 0));
    f.related = Some(at(0, 2, offset(&rows, 2), 1, 10, 0));
    f.values = vec![("id".to_owned(), Shown::Text("4508020001".to_owned()))];
    let out = human(&files, &[f]);
    assert!(
        out.contains("schema/duplicate duplicate value [error]"),
        "{out}"
    );
    assert!(out.contains("fixtures/schools.csv:2:1"), "{out}");
    assert!(out.contains("fixtures/schools.csv:3:1"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn outcome_and_due_date_are_told() {
    let files = files(&[ROW]);
    let mut early = board(0);
    early.severity = Severity::Info;
    let before_due = Date::from_ymd(2020, 6, 1).unwrap();
    let out = human_as_of(&files, &[early], HumanOptions::default(), before_due);
    assert!(
        out.contains("BOARD-001 寄宿制学校“一人一铺” [info]"),
        "{out}"
    );
    assert!(
        out.contains("note: due 2020-12-31: reported as info until then"),
        "{out}"
    );

    let mut missing = board(0);
    missing.outcome = Outcome::Missing;
    let mut waived = board(0);
    waived.outcome = Outcome::Waived;
    waived.severity = Severity::Info;
    let out = human(&files, &[missing, waived]);
    assert!(out.contains("[error, missing data]"), "{out}");
    assert!(out.contains("[info, waived]"), "{out}");
    assert!(out.contains("note: due 2020-12-31\n"), "{out}");
}

#[test]
fn file_level_and_whole_row_locations() {
    let files = files(&[ROW]);
    let mut unreadable = finding(RuleRef::Builtin("data/unreadable"), Scope::Data, "无法读取");
    unreadable.outcome = Outcome::Error;
    unreadable.record_type = None;
    unreadable.location = Some(Location {
        file: 0,
        ..Location::default()
    });
    let mut malformed = finding(RuleRef::Builtin("data/malformed"), Scope::Data, "列数不对");
    malformed.outcome = Outcome::Error;
    malformed.location = Some(Location {
        file: 0,
        line: 2,
        offset: offset(&[ROW], 2),
        ..Location::default()
    });
    let out = human(&files, &[unreadable.clone(), malformed.clone()]);
    assert!(out.contains("│ in fixtures/schools.csv\n"), "{out}");
    assert!(out.contains("[fixtures/schools.csv:2:1]"), "{out}");
    assert!(
        out.contains("─".repeat(30).as_str()),
        "the whole row is underlined: {out}"
    );
    insta::assert_snapshot!(out);

    let doc = json(&files, &[unreadable, malformed]);
    let file_level = &doc["diagnostics"][0];
    assert_every_key(file_level);
    assert_eq!(file_level["file"], files.files[0].path.as_str());
    assert!(file_level["line"].is_null() && file_level["record_type"].is_null());
    let row = &doc["diagnostics"][1];
    assert_eq!(
        (row["line"].as_u64(), row["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(row["field"].is_null());
}

#[test]
fn max_per_rule_prints_the_tail_before_the_summary() {
    let files = files(&[ROW]);
    let options = HumanOptions {
        max_per_rule: 1,
        ..HumanOptions::default()
    };
    let findings = [board(0), overall_finding(), board(0), board(0)];
    let out = human_with(&files, &findings, options);
    assert_eq!(out.matches("BOARD-001 寄宿制学校").count(), 1, "{out}");
    assert!(out.contains("… and 2 more BOARD-001 diagnostics (use --max-per-rule 0 to see all)\n"));
    assert!(!out.contains("more ALL-001"));
    insta::assert_snapshot!(out);

    let all = HumanOptions {
        max_per_rule: 0,
        ..HumanOptions::default()
    };
    let out = human_with(&files, &findings, all);
    assert_eq!(out.matches("BOARD-001 寄宿制学校").count(), 3, "{out}");
    assert!(!out.contains(" more "));
}

#[test]
fn quiet_prints_only_the_summary() {
    let files = files(&[ROW]);
    let options = HumanOptions {
        quiet: true,
        max_per_rule: 1,
        ..HumanOptions::default()
    };
    let out = human_with(&files, &[board(0), board(0), group_finding()], options);
    assert_eq!(out, summary_text(&summary(), crate::i18n::Lang::En));
    insta::assert_snapshot!(out);
}

#[test]
fn summary_has_the_contract_form() {
    let text = summary_text(&summary(), crate::i18n::Lang::En);
    assert_eq!(
        text,
        "checked 1,532 records (2 files) against 41 rules in 0.21s\n\
         errors: 213  warnings: 57  info: 3  missing data: 12  waived: 4\n"
    );
    let one = Summary {
        files: 1,
        records: 1_234_567,
        rules: 1,
        elapsed_ms: 5,
        ..Summary::default()
    };
    insta::assert_snapshot!(summary_text(&one, crate::i18n::Lang::En));
}

#[test]
fn colour_output_uses_ansi_only_from_the_theme() {
    let files = files(&[ROW]);
    let options = HumanOptions {
        color: true,
        ..HumanOptions::default()
    };
    let out = human_with(&files, &[board(0)], options);
    assert!(out.contains('\x1b'), "a coloured theme emits ANSI");
    assert!(human(&files, &[board(0)]).chars().all(|c| c != '\x1b'));
}

#[test]
fn control_characters_from_data_and_rules_are_escaped() {
    let evil = "甲\x1b]0;x\x07小学\x1b[31m\u{202e}\u{85}";
    let row = format!("4508020001,{evil},港北区,80,120\n");
    let files = files(&[&row]);
    let mut f = board(0);
    f.message = format!("{evil} 床位不足");
    f.help = Some(format!("help {evil}"));
    f.location = Some(at(0, 2, offset(&[&row], 2), 11, 14, 1));
    f.values = vec![("name".to_owned(), Shown::Text(evil.to_owned()))];
    let mut g = group_finding();
    g.group = vec![("county".to_owned(), evil.to_owned())];
    for color in [false, true] {
        let options = HumanOptions {
            color,
            ..HumanOptions::default()
        };
        let out = human_with(&files, &[f.clone(), g.clone()], options);
        for raw in ['\x07', '\u{202e}', '\u{85}'] {
            assert!(!out.contains(raw), "raw {raw:?} in {out}");
        }
        if !color {
            assert!(!out.contains('\x1b'), "{out}");
        }
        assert!(!out.contains("\x1b]0;"), "{out}");
        assert!(!out.contains("\x1b[31m\u{202e}"), "{out}");
        let escaped = "甲\\u{1b}]0;x\\u{7}小学\\u{1b}[31m\\u{202e}\\u{85}";
        // In the message, the data line, the label, the help and the group.
        assert!(out.matches(escaped).count() >= 5, "{out}");
    }
}

#[test]
fn snippet_reads_are_cached_per_file_and_survive_a_missing_file() {
    let files = files(&[ROW]);
    let mut gone = files.files.clone();
    gone[0].path = files
        .dir
        .path()
        .join("gone.csv")
        .to_str()
        .unwrap()
        .to_owned();
    let pack = pack();
    let cx = Context {
        pack: &pack,
        files: &gone,
        as_of: as_of(),
        lang: crate::i18n::Lang::En,
    };
    let mut reporter = HumanReporter::new(Vec::new(), HumanOptions::default());
    reporter.finding(&cx, &board(0)).unwrap();
    let out = String::from_utf8(reporter.into_inner()).unwrap();
    assert!(out.contains("gone.csv:2:20"), "{out}");
    assert!(out.contains("宿舍床位 80 张"));
}

// ---- JSON ----

/// A writer whose contents the test can read while the reporter holds it.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl super::output::ReportWrite for Shared {}

impl Shared {
    fn text(&self) -> String {
        String::from_utf8(self.0.borrow().clone()).unwrap()
    }
}

fn json(files: &Files, findings: &[Finding]) -> Json {
    let pack = pack();
    let cx = Context {
        pack: &pack,
        files: &files.files,
        as_of: as_of(),
        lang: crate::i18n::Lang::En,
    };
    let mut reporter = JsonReporter::new(Vec::new());
    for f in findings {
        reporter.finding(&cx, f).unwrap();
    }
    reporter.finish(&cx, &summary()).unwrap();
    serde_json::from_slice(&reporter.into_inner()).unwrap()
}

const DIAGNOSTIC_KEYS: [&str; 21] = [
    "rule",
    "title",
    "outcome",
    "severity",
    "message",
    "help",
    "cite",
    "due",
    "scope",
    "record_type",
    "key",
    "group",
    "file",
    "line",
    "column",
    "sheet",
    "cell",
    "field",
    "values",
    "related",
    "skipped",
];

fn assert_every_key(d: &Json) {
    let object = d.as_object().unwrap();
    for key in DIAGNOSTIC_KEYS {
        assert!(object.contains_key(key), "{key} missing in {d}");
    }
    assert_eq!(object.len(), DIAGNOSTIC_KEYS.len(), "{d}");
}

#[test]
fn json_record_finding_has_every_key_with_its_type() {
    let files = files(&[ROW]);
    let doc = json(&files, &[board(0)]);
    assert_eq!(doc["dudao"], "1");
    assert_eq!(doc["as_of"], "2026-11-28");
    let d = &doc["diagnostics"][0];
    assert_every_key(d);
    let path = files.files[0].path.as_str();
    let expected = serde_json::json!({
        "rule": "BOARD-001",
        "title": "寄宿制学校“一人一铺”",
        "outcome": "fail",
        "severity": "error",
        "message": "宿舍床位 80 张,寄宿生 120 人,缺 40 张",
        "help": "新建或改扩建学生宿舍,使床位数不少于寄宿生数",
        "cite": "二(九)1",
        "due": "2020-12-31",
        "scope": "record",
        "record_type": "school",
        "key": "4508020001",
        "group": null,
        "file": path,
        "line": 2, "column": 20, "sheet": null, "cell": null,
        "field": "beds",
        "values": {"beds": 80, "boarders": 120},
        "related": null,
        "skipped": 0
    });
    assert_eq!(d, &expected);
    assert!(d["values"]["beds"].is_u64());
}

#[test]
fn json_excel_finding_has_sheet_and_cell() {
    let files = files(&[ROW]);
    let mut f = board(2);
    f.location = Some(Location {
        file: 2,
        sheet: Some(0),
        line: 12,
        column: 3,
        offset: 0,
        width: 0,
        field: Some(3),
    });
    let d = &json(&files, &[f])["diagnostics"][0];
    assert_every_key(d);
    assert_eq!(d["sheet"], "学校");
    assert_eq!(d["cell"], "C12");
    assert!(d["line"].is_null() && d["column"].is_null());
    assert!(d["file"].as_str().unwrap().ends_with("schools.xlsx"));
}

#[test]
fn json_group_and_overall_findings() {
    let files = files(&[ROW]);
    let doc = json(&files, &[group_finding(), overall_finding()]);
    let group = &doc["diagnostics"][0];
    assert_every_key(group);
    assert_eq!(group["scope"], "group");
    assert_eq!(group["key"], "港北区");
    assert_eq!(group["group"], serde_json::json!({"county": "港北区"}));
    assert_eq!(group["values"]["sum(students)"], 500);
    assert_eq!(group["values"]["rate"], 0.8);
    assert_eq!(group["skipped"], 3);
    assert!(group["cite"].is_null() && group["due"].is_null() && group["help"].is_null());
    for key in [
        "file", "line", "column", "sheet", "cell", "field", "related",
    ] {
        assert!(group[key].is_null(), "{key}: {group}");
    }

    let overall = &doc["diagnostics"][1];
    assert_every_key(overall);
    assert_eq!(overall["scope"], "overall");
    assert!(overall["key"].is_null() && overall["group"].is_null());
    assert_eq!(overall["cite"], "二(一)");
    assert_eq!(overall["values"], serde_json::json!({"sum(boarders)": 120}));
}

#[test]
fn json_data_diagnostic_with_related_location() {
    let rows = [ROW, "4508020001,乙小学,港北区,60,50\n"];
    let files = files(&rows);
    let mut f = finding(
        RuleRef::Builtin("schema/type"),
        Scope::Data,
        "“八十”不是整数",
    );
    f.outcome = Outcome::Error;
    f.help = Some("写成阿拉伯数字".to_owned());
    f.location = Some(at(0, 3, offset(&rows, 3), 20, 2, 3));
    f.related = Some(at(0, 2, offset(&rows, 2), 1, 10, 0));
    f.values = vec![
        ("beds".to_owned(), Shown::Missing),
        ("ok".to_owned(), Shown::Bool(false)),
        ("raw".to_owned(), Shown::Text("八十".to_owned())),
    ];
    let d = &json(&files, &[f])["diagnostics"][0];
    assert_every_key(d);
    assert_eq!(d["rule"], "schema/type");
    assert_eq!(d["title"], "value cannot be read as its type");
    assert_eq!(d["outcome"], "error");
    assert_eq!(d["scope"], "data");
    assert_eq!(d["field"], "beds");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(20))
    );
    assert_eq!(
        d["values"],
        serde_json::json!({"beds": null, "ok": false, "raw": "八十"})
    );
    let related = d["related"].as_object().unwrap();
    assert_eq!(related.len(), 5);
    assert_eq!(related["line"], 2);
    assert_eq!(related["column"], 1);
    assert!(related["sheet"].is_null() && related["cell"].is_null());
    assert_eq!(related["file"], files.files[0].path.as_str());
}

#[test]
fn json_files_and_summary() {
    let files = files(&[ROW]);
    let doc = json(&files, &[]);
    assert_eq!(doc["diagnostics"], serde_json::json!([]));
    let summary = doc["summary"].as_object().unwrap();
    for (key, value) in [
        ("files", 2),
        ("records", 1532),
        ("rules", 41),
        ("checks", 50120),
        ("pass", 49800),
        ("fail", 270),
        ("missing", 12),
        ("waived", 4),
        ("errors", 213),
        ("warnings", 57),
        ("infos", 3),
        ("elapsed_ms", 210),
        ("skipped", 5),
    ] {
        assert_eq!(summary[key], value, "{key}");
    }
    let list = doc["files"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["type"], "school");
    assert_eq!(list[0]["records"], 1);
    assert_eq!(list[0]["encoding"], "utf-8");
    assert!(list[0].get("sheets").is_none());
    assert_eq!(list[1]["encoding"], "gb18030");
    assert!(list[2]["encoding"].is_null());
    assert_eq!(list[2]["sheets"], serde_json::json!(["学校"]));
}

#[test]
fn json_non_finite_numbers_stay_valid() {
    let files = files(&[ROW]);
    let mut f = overall_finding();
    f.values = vec![
        ("up".to_owned(), Shown::Num(f64::INFINITY)),
        ("down".to_owned(), Shown::Num(f64::NEG_INFINITY)),
        ("nan".to_owned(), Shown::Num(f64::NAN)),
        ("half".to_owned(), Shown::Num(0.5)),
        ("big".to_owned(), Shown::Num(1e300)),
    ];
    let d = &json(&files, &[f])["diagnostics"][0];
    assert_eq!(d["values"]["up"], "Infinity");
    assert_eq!(d["values"]["down"], "-Infinity");
    assert_eq!(d["values"]["nan"], "NaN");
    assert_eq!(d["values"]["half"], 0.5);
    assert_eq!(d["values"]["big"], 1e300);
}

#[test]
fn json_streams_diagnostics_before_finish() {
    let files = files(&[ROW]);
    let pack = pack();
    let cx = Context {
        pack: &pack,
        files: &files.files,
        as_of: as_of(),
        lang: crate::i18n::Lang::En,
    };
    let out = Shared::default();
    let mut reporter = JsonReporter::new(out.clone());
    reporter.finding(&cx, &board(0)).unwrap();
    let first = out.text();
    assert!(
        first.starts_with("{\"dudao\":\"1\",\"as_of\":\"2026-11-28\""),
        "{first}"
    );
    assert!(first.contains("\"rule\":\"BOARD-001\""), "{first}");
    assert!(!first.contains("summary"));
    reporter.finding(&cx, &group_finding()).unwrap();
    assert!(out.text().contains("\"rule\":\"PRE-001\""));
    assert!(!out.text().contains("summary"));
    reporter.finish(&cx, &summary()).unwrap();
    let doc: Json = serde_json::from_str(&out.text()).unwrap();
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 2);
    assert_eq!(doc["summary"]["records"], 1532);
}

#[test]
fn json_keeps_untrusted_text_well_formed() {
    let files = files(&[ROW]);
    let mut f = board(0);
    f.message = "甲\x1b]0;x\x07\"}\u{202e}".to_owned();
    let d = &json(&files, &[f])["diagnostics"][0];
    assert_eq!(d["message"], "甲\x1b]0;x\x07\"}\u{202e}");
}

#[test]
fn many_findings_in_a_long_file_render_line_by_line() {
    let rows: Vec<String> = (0..3000)
        .map(|i| format!("45080{i:05},甲小学,港北区,80,120\n"))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let files = files(&rows);
    let mut next = offset(&rows, 2);
    let findings: Vec<Finding> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut f = board(0);
            f.location = Some(at(0, i as u32 + 2, next, 20, 2, 3));
            next += row.len() as u64;
            f
        })
        .collect();
    let options = HumanOptions {
        max_per_rule: 0,
        ..HumanOptions::default()
    };
    let started = std::time::Instant::now();
    let out = human_with(&files, &findings, options);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    assert_eq!(out.matches("╭─[fixtures/schools.csv:").count(), 3000);
    assert!(out.contains("[fixtures/schools.csv:3001:20]"));
    assert!(
        out.contains("3001 │ 4508002999,甲小学,港北区,80,120"),
        "{}",
        &out[out.len() - 800..]
    );
}

#[test]
fn a_location_without_width_underlines_the_whole_cell() {
    let files = files(&[ROW]);
    let mut f = board(0);
    if let Some(l) = f.location.as_mut() {
        l.width = 0;
    }
    assert_eq!(human(&files, &[f]), human(&files, &[board(0)]));
}

mod lang;
