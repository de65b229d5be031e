//! The CI output formats (`sarif`, `junit`, `github`, `markdown`), driven
//! through the binary: SARIF validated against the SARIF 2.1.0 schema,
//! JUnit parsed as XML and counted against the JSON report, golden files
//! for GitHub and Markdown, and hostile text in every format.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

const AS_OF: &str = "2026-11-28";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `dudao check ARGS --as-of AS_OF --format FORMAT` in the crate root;
/// returns stdout and the exit status.
fn check(args: &[&str], format: &str) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .env("LC_ALL", "C")
        .current_dir(root())
        .arg("check")
        .args(args)
        .args(["--as-of", AS_OF, "--format", format])
        .output()
        .expect("dudao runs");
    let stdout = String::from_utf8(out.stdout).expect("output is UTF-8");
    let code = out.status.code().expect("exit status");
    assert!(
        code == 0 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (stdout, code)
}

const GUIGANG: &[&str] = &["fixtures/guigang"];
const MINI: &[&str] = &[
    "tests/fixtures/mini",
    "-r",
    "tests/fixtures/mini/pack.dudao",
];

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

/// The official OASIS SARIF 2.1.0 schema, as the `serde-sarif` crate ships
/// it (`src/schema.json`), when that crate's source is in the local cargo
/// registry: `.ci/run` puts it there with `cargo info serde-sarif@0.8.0`.
/// The schema is read where cargo keeps it, never copied into this
/// repository.
fn official_schema() -> Option<jsonschema::Validator> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    let registries = std::fs::read_dir(home.join("registry/src")).ok()?;
    let path = registries
        .filter_map(|r| r.ok())
        .map(|r| r.path().join("serde-sarif-0.8.0/src/schema.json"))
        .find(|p| p.is_file())?;
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    // The 2.1.0 schema's `language` patterns have a stray `]` (corrected in
    // the OASIS errata), which the validator rejects as a regex.
    for def in ["run", "toolComponent"] {
        schema["definitions"][def]["properties"]["language"]["pattern"] =
            Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    }
    Some(
        jsonschema::options()
            .build(&schema)
            .expect("the official schema compiles"),
    )
}

/// Validates a log against the schema kept under `tests/` and, where it is
/// at hand, the official one.
fn assert_valid_sarif(log: &Value) {
    let errors = schema_errors(&schema(), log);
    assert!(errors.is_empty(), "schema errors: {errors:#?}");
    match official_schema() {
        Some(official) => {
            let errors = schema_errors(&official, log);
            assert!(errors.is_empty(), "official schema errors: {errors:#?}");
        }
        None => eprintln!(
            "the official SARIF schema is not in the cargo registry \
             (`cargo info serde-sarif@0.8.0` puts it there): validated against tests/ only"
        ),
    }
}

fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn json_report(args: &[&str]) -> Value {
    serde_json::from_str(&check(args, "json").0).unwrap()
}

#[test]
fn sarif_of_guigang_is_valid_sarif_2_1_0() {
    let (text, code) = check(GUIGANG, "sarif");
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    assert_valid_sarif(&log);

    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "dudao");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();

    let report = json_report(GUIGANG);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for (result, diagnostic) in results.iter().zip(diagnostics) {
        assert_eq!(result["ruleId"], diagnostic["rule"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(result["message"]["text"], diagnostic["message"]);
        let level = match diagnostic["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(result["level"], level);
        assert_eq!(result["properties"]["outcome"], diagnostic["outcome"]);
        if let Some(key) = diagnostic["key"].as_str() {
            let file = diagnostic["file"].as_str().unwrap_or_default();
            assert_eq!(
                result["partialFingerprints"]["dudao/v1"],
                format!("{}|{file}|{key}", diagnostic["rule"].as_str().unwrap())
            );
        }
        if diagnostic["file"].is_string() {
            let physical = &result["locations"][0]["physicalLocation"];
            assert_eq!(physical["artifactLocation"]["uri"], diagnostic["file"]);
            assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            assert_eq!(physical["region"]["startLine"], diagnostic["line"]);
            assert_eq!(physical["region"]["startColumn"], diagnostic["column"]);
            assert!(physical["region"]["startLine"].as_u64().unwrap() >= 1);
            assert!(physical["region"]["startColumn"].as_u64().unwrap() >= 1);
        }
        if diagnostic["scope"] == "group" {
            let logical = &result["locations"][0]["logicalLocations"][0];
            assert_eq!(logical["kind"], "group");
            assert_eq!(logical["name"], diagnostic["key"]);
            let qualified: Vec<String> = diagnostic["group"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap()))
                .collect();
            // JSON objects come back sorted; compare as sets of pairs.
            let mut got: Vec<&str> = logical["fullyQualifiedName"]
                .as_str()
                .unwrap()
                .split('/')
                .collect();
            got.sort();
            let mut want: Vec<&str> = qualified.iter().map(String::as_str).collect();
            want.sort();
            assert_eq!(got, want);
        }
    }
    // Every rule that appears is described once, with its title and cite.
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
    let board = rules.iter().find(|r| r["id"] == "BOARD-001").unwrap();
    assert!(
        board["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("一人一铺")
    );
    assert!(board["properties"]["cite"].is_string());
    let builtin = rules.iter().find(|r| r["id"] == "schema/type").unwrap();
    assert_eq!(builtin["properties"]["builtin"], true);
    assert!(rules.iter().all(|r| r.get("helpUri").is_none()));
}

/// A change that makes a SARIF log invalid.
type Breakage = Box<dyn Fn(&mut Value)>;

#[test]
fn sarif_schema_rejects_broken_logs() {
    let validator = schema();
    let (text, _) = check(MINI, "sarif");
    let good: Value = serde_json::from_str(&text).unwrap();
    assert!(schema_errors(&validator, &good).is_empty());

    let breakages: Vec<(&str, Breakage)> = vec![
        (
            "no version",
            Box::new(|l| {
                l.as_object_mut().unwrap().remove("version");
            }),
        ),
        ("wrong version", Box::new(|l| l["version"] = json!("2.0.0"))),
        (
            "line 0",
            Box::new(|l| {
                l["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                    json!(0)
            }),
        ),
        (
            "column 0",
            Box::new(|l| {
                l["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
                    json!(0)
            }),
        ),
        (
            "unknown level",
            Box::new(|l| l["runs"][0]["results"][0]["level"] = json!("fatal")),
        ),
        (
            "result without message",
            Box::new(|l| {
                l["runs"][0]["results"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("message");
            }),
        ),
        (
            "unknown result property",
            Box::new(|l| l["runs"][0]["results"][0]["severity"] = json!("error")),
        ),
        (
            "driver without name",
            Box::new(|l| {
                l["runs"][0]["tool"]["driver"]
                    .as_object_mut()
                    .unwrap()
                    .remove("name");
            }),
        ),
        (
            "rule without id",
            Box::new(|l| {
                l["runs"][0]["tool"]["driver"]["rules"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("id");
            }),
        ),
        (
            "rule index below -1",
            Box::new(|l| l["runs"][0]["results"][0]["ruleIndex"] = json!(-2)),
        ),
        (
            "message as a string",
            Box::new(|l| l["runs"][0]["results"][0]["message"] = json!("text")),
        ),
    ];
    for (what, breakage) in breakages {
        let mut broken = good.clone();
        breakage(&mut broken);
        assert!(
            !schema_errors(&validator, &broken).is_empty(),
            "a log with {what} passed validation"
        );
    }
}

/// Per rule id: (diagnostics, at error severity, waived below error).
fn json_counts(report: &Value) -> BTreeMap<String, (u64, u64, u64)> {
    let mut counts: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        let c = counts
            .entry(d["rule"].as_str().unwrap().to_owned())
            .or_default();
        c.0 += 1;
        if d["severity"] == "error" {
            c.1 += 1;
        } else if d["outcome"] == "waived" {
            c.2 += 1;
        }
    }
    counts
}

fn attr_u64(node: roxmltree::Node, name: &str) -> u64 {
    node.attribute(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .parse()
        .unwrap()
}

fn assert_junit_matches_json(args: &[&str]) {
    let (xml, _) = check(args, "junit");
    let doc = roxmltree::Document::parse(&xml).expect("JUnit output is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let want = json_counts(&json_report(args));
    let mut got = BTreeMap::new();
    for suite in root.children().filter(|n| n.has_tag_name("testsuite")) {
        let name = suite.attribute("name").unwrap().to_owned();
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let tests = attr_u64(suite, "tests");
        let failures = attr_u64(suite, "failures");
        let skipped = attr_u64(suite, "skipped");
        assert_eq!(attr_u64(suite, "errors"), 0);
        assert_eq!(cases.len() as u64, tests, "{name}");
        let failed = cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
            .count() as u64;
        let skips = cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("skipped")))
            .count() as u64;
        assert_eq!(failed, failures, "{name}");
        assert_eq!(skips, skipped, "{name}");
        for case in &cases {
            assert_eq!(case.attribute("classname"), Some(name.as_str()));
            assert!(!case.attribute("name").unwrap().is_empty());
            if let Some(f) = case.children().find(|n| n.has_tag_name("failure")) {
                assert_eq!(f.attribute("type"), Some("error"));
                assert!(f.attribute("message").is_some());
            }
        }
        got.insert(name, (tests, failures, skipped));
    }
    assert_eq!(got, want);
    let total: u64 = want.values().map(|c| c.0).sum();
    assert_eq!(attr_u64(root, "tests"), total);
    assert_eq!(
        attr_u64(root, "failures"),
        want.values().map(|c| c.1).sum::<u64>()
    );
}

#[test]
fn junit_of_guigang_parses_and_counts_match_json() {
    assert_junit_matches_json(GUIGANG);
}

#[test]
fn junit_of_mini_counts_waivers_as_skipped() {
    assert_junit_matches_json(MINI);
    let (xml, _) = check(MINI, "junit");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let board = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite") && n.attribute("name") == Some("BOARD-001"))
        .unwrap();
    assert_eq!(board.attribute("skipped"), Some("1"));
    // A group finding is named by its key, an overall one `overall`.
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert!(names.contains(&"港北区/根竹镇"));
    assert!(names.contains(&"overall"));
}

/// The human summary's timing varies from run to run.
fn normalize(text: &str) -> String {
    let re = regex::Regex::new(r"in \d+\.\d\ds\n").unwrap();
    re.replace_all(text, "in 0.00s\n").into_owned()
}

fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing: run with UPDATE_GOLDEN=1", path.display()));
    assert_eq!(
        actual, expected,
        "{name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)"
    );
}

#[test]
fn github_output_of_mini_matches_golden() {
    let (text, code) = check(MINI, "github");
    assert_eq!(code, 1);
    golden("mini.github.txt", &normalize(&text));
    let report = json_report(MINI);
    let n = report["diagnostics"].as_array().unwrap().len();
    let commands: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), n);
    // Group and overall findings carry no file; record ones carry file, line, col.
    assert!(
        commands
            .iter()
            .any(|c| c.starts_with("::error title=TOWN-001"))
    );
    assert!(
        commands
            .iter()
            .any(|c| c.starts_with("::error file=tests/fixtures/mini/junior.csv,line=2,col=40,"))
    );
    assert!(commands.iter().any(|c| c.starts_with("::notice ")));
    assert!(text.ends_with("waived: 1\n"));
}

#[test]
fn markdown_output_of_mini_matches_golden() {
    let (text, _) = check(MINI, "markdown");
    golden("mini.md", &text);
    assert!(text.starts_with("## dudao report"));
    assert!(text.contains("| `BOARD-001` | 寄宿制学校“一人一铺” | 二(九)1 | 2 | 0 | 1 |"));
    assert!(text.contains("### Groups"));
}

#[test]
fn markdown_caps_diagnostics_per_rule() {
    let out = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .env("LC_ALL", "C")
        .current_dir(root())
        .args(["check"])
        .args(MINI)
        .args([
            "--as-of",
            AS_OF,
            "--format",
            "markdown",
            "--max-per-rule",
            "1",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("… and 3 more `PC-001` diagnostics"), "{text}");
    assert!(text.contains("… and 2 more `BOARD-001` diagnostics"));
    let pc = text.split("#### `PC-001`").nth(1).unwrap();
    let pc = pc.split("####").next().unwrap();
    let rows = pc.lines().filter(|l| l.starts_with("| warning")).count();
    assert_eq!(rows, 1);
}

#[test]
fn every_format_writes_to_a_file_with_o() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["sarif", "junit", "github", "markdown"] {
        let path = dir.path().join(format!("report.{format}"));
        let status = Command::new(env!("CARGO_BIN_EXE_dudao"))
            .env("LC_ALL", "C")
            .current_dir(root())
            .args(["check"])
            .args(MINI)
            .args(["--as-of", AS_OF, "--format", format, "-o"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(status.status.code(), Some(1), "{format}");
        assert!(status.stdout.is_empty(), "{format} wrote to stdout");
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(
            normalize(&written) == normalize(&check(MINI, format).0),
            "{format}: -o wrote another report than stdout"
        );
    }
}

// ---- hostile text ------------------------------------------------------

const HOSTILE_PACK: &str = r#"
record school {
  name:   text, key, column "学校名称"
  county: text, column "县"
  beds:   int, column "床位"
}

rule NAME-001 "名称 | <b>标题</b> 100%: a, b" {
  cite "一|<i>二</i>"
  require beds >= 100
  message "{name} 床位 {beds}"
  help "修正 {name}"
}

rule GRP-001 "每县床位" {
  for school per county
  require sum(beds) >= 1000
}
"#;

/// A school whose name holds `%`, a newline, `|`, `<script>`, `:` and `,`,
/// ESC, BEL and U+202E; its county too.
const HOSTILE_NAME: &str =
    "50% 甲|小学 <script>alert(1)</script>\n第二行: a, b \x1b[31m\x07 \u{202e}";

fn hostile_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.dudao"), HOSTILE_PACK).unwrap();
    let csv = format!(
        "学校名称,县,床位\n\"{HOSTILE_NAME}\",\"港北区 <script>|x</script>\r\n\x1b[2J, c\",80\n正常小学,港南区,200\n"
    );
    std::fs::write(dir.path().join("data.csv"), csv).unwrap();
    dir
}

fn hostile(dir: &Path, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .env("LC_ALL", "C")
        .current_dir(dir)
        .args([
            "check",
            "data.csv",
            "-r",
            "pack.dudao",
            "--as-of",
            AS_OF,
            "--format",
            format,
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_no_raw_controls(text: &str, allowed: &[char]) {
    for c in text.chars() {
        let control = c.is_control() || c == '\u{202e}';
        assert!(
            !control || allowed.contains(&c),
            "raw {:?} in output:\n{text}",
            c
        );
    }
}

#[test]
fn hostile_text_in_sarif_stays_valid() {
    let dir = hostile_dir();
    let text = hostile(dir.path(), "sarif");
    assert_no_raw_controls(&text, &['\n', '\u{202e}']);
    let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let record = results.iter().find(|r| r["ruleId"] == "NAME-001").unwrap();
    // The data is carried exactly, as JSON strings.
    assert_eq!(record["properties"]["key"], HOSTILE_NAME);
    assert!(
        record["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(HOSTILE_NAME)
    );
    let group = results.iter().find(|r| r["ruleId"] == "GRP-001").unwrap();
    let logical = &group["locations"][0]["logicalLocations"][0];
    assert!(
        logical["fullyQualifiedName"]
            .as_str()
            .unwrap()
            .starts_with("county=港北区 <script>|x</script>")
    );
}

#[test]
fn hostile_text_in_junit_stays_well_formed() {
    let dir = hostile_dir();
    let xml = hostile(dir.path(), "junit");
    assert_no_raw_controls(&xml, &['\n']);
    assert!(!xml.contains("<script>"));
    let doc = roxmltree::Document::parse(&xml).expect("JUnit output is XML");
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase") && n.attribute("classname") == Some("NAME-001"))
        .unwrap();
    let name = case.attribute("name").unwrap();
    // Markup and newlines survive as data; controls are spelled out.
    assert!(name.starts_with("50% 甲|小学 <script>alert(1)</script>\n第二行: a, b "));
    assert!(name.contains("\\u{1b}[31m\\u{7} \\u{202e}"));
    let failure = case.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert!(failure.attribute("message").unwrap().contains("<script>"));
    assert!(failure.text().unwrap().contains("help: 修正 50% 甲|小学"));
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 2);
}

#[test]
fn hostile_text_in_github_commands_is_escaped() {
    let dir = hostile_dir();
    let text = hostile(dir.path(), "github");
    assert_no_raw_controls(&text, &['\n']);
    let lines: Vec<&str> = text.lines().collect();
    // Three commands and the two summary lines: nothing split a command.
    assert_eq!(lines.len(), 5, "{text}");
    let record = lines[0];
    // The beds cell follows two cells that hold newlines: it is on line 4.
    assert!(
        record.starts_with("::error file=data.csv,line=4,col=10,"),
        "{record}"
    );
    assert!(
        record.contains(",title=NAME-001 名称 | <b>标题</b> 100%25%3A a%2C b::"),
        "{record}"
    );
    let message = record
        .split_once("::")
        .unwrap()
        .1
        .split_once("::")
        .unwrap()
        .1;
    assert!(message.starts_with("50%25 甲|小学 <script>alert(1)</script>%0A第二行: a, b \\u{1b}[31m\\u{7} \\u{202e} 床位 80%0Ahelp: 修正 50%25"), "{message}");
    let group = lines[1];
    assert!(
        group.starts_with(
            "::error title=GRP-001 每县床位::港北区 <script>|x</script>%0D%0A\\u{1b}[2J, c: "
        ),
        "{group}"
    );
    assert!(lines[2].starts_with("::error title=GRP-001 每县床位::港南区: "));
    assert!(lines[3].starts_with("checked 2 records"));
}

/// The number of cell separators in a table row: pipes not escaped.
fn columns(row: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    n
}

#[test]
fn hostile_text_in_markdown_keeps_tables_and_has_no_html() {
    let dir = hostile_dir();
    let text = hostile(dir.path(), "markdown");
    assert_no_raw_controls(&text, &['\n']);
    assert!(!text.contains("<script"), "{text}");
    assert!(!text.contains("<b>") && !text.contains("<i>"));
    assert!(text.contains("&lt;script&gt;"));
    // Every table row has as many cells as its header.
    let mut header: Option<usize> = None;
    let mut rows = 0;
    for line in text.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        match header {
            None => header = Some(columns(line)),
            Some(n) => {
                assert_eq!(columns(line), n, "row breaks its table: {line}");
                rows += 1;
            }
        }
    }
    assert!(rows >= 5, "{text}");
    assert!(text.contains("50% 甲\\|小学 &lt;script&gt;alert(1)&lt;/script&gt;<br>第二行: a, b \\u{1b}\\[31m\\u{7} \\u{202e}"), "{text}");
}

#[test]
fn sarif_of_excel_puts_sheet_and_cell_in_a_logical_location() {
    let args = &["fixtures/guigang-xlsx"];
    let (text, _) = check(args, "sarif");
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let report = json_report(args);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    let mut cells = 0;
    for (result, diagnostic) in results.iter().zip(diagnostics) {
        let Some(cell) = diagnostic["cell"].as_str() else {
            continue;
        };
        cells += 1;
        let location = &result["locations"][0];
        let physical = &location["physicalLocation"];
        assert_eq!(
            physical["artifactLocation"]["uri"],
            "fixtures/guigang-xlsx/schools.xlsx"
        );
        assert!(physical.get("region").is_none(), "a workbook has no lines");
        let logical = &location["logicalLocations"][0];
        assert_eq!(logical["kind"], "cell");
        let sheet = diagnostic["sheet"].as_str().unwrap();
        assert_eq!(logical["name"], format!("{sheet}!{cell}"));
        assert_eq!(result["properties"]["cell"], cell);
        assert_eq!(result["properties"]["sheet"], sheet);
    }
    assert!(cells > 100);
    let (github, _) = check(args, "github");
    let first = github.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=fixtures/guigang-xlsx/schools.xlsx,title="),
        "{first}"
    );
    assert!(!first.contains("line="));
}
