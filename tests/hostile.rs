//! Hostile and broken input, driven through the real binary: every case
//! ends in a located diagnostic and exit 2, or in a normal report where the
//! input is legal — never a panic, a hang or unbounded memory. Big inputs
//! are generated here, into a temporary directory, not committed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A small pack: a key, a required name, a bounded int and a pattern that
/// would be catastrophic for a backtracking engine.
const PACK: &str = r#"
record school {
  id:       text, key, column "学校标识码"
  name:     text, required, column "学校名称"
  students: int, min 0, column "在校生数"
  code:     text, matches "(a+)+$", column "代码"
}

rule SIZE-001 "规模" {
  require students >= 100
  message "{name} 在校生 {students} 人"
}
"#;

const HEADER: &str = "学校标识码,学校名称,在校生数,代码";

/// Longest a single run may take before it counts as a hang.
const TIMEOUT: Duration = Duration::from_secs(120);

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}); stderr: {}; stdout starts {:?}",
                self.stderr,
                String::from_utf8_lossy(&self.stdout[..self.stdout.len().min(300)])
            )
        })
    }
}

/// Runs dudao in `dir`, killing it (and failing) after [`TIMEOUT`]. Output
/// goes to files so that a large report cannot block the child on a pipe.
fn dudao(dir: &Path, args: &[&str]) -> Run {
    let out_path = dir.join(".stdout");
    let err_path = dir.join(".stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .env("LC_ALL", "C")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("dudao starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dudao {args:?} ran longer than {TIMEOUT:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status
            .code()
            .unwrap_or_else(|| panic!("dudao {args:?} was killed: {status}")),
        stdout: std::fs::read(&out_path).unwrap(),
        stderr: std::fs::read_to_string(&err_path).unwrap(),
    };
    assert!(
        !run.stderr.contains("error[internal]") && !run.stderr.contains("panicked"),
        "dudao {args:?} panicked: {}",
        run.stderr
    );
    run
}

/// A temporary directory holding `pack.dudao` and the given files.
fn setup(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.dudao"), PACK).unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// `dudao check --format json -r pack.dudao ARGS…` in `dir`.
fn check_json(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec![
        "check",
        "--format",
        "json",
        "-r",
        "pack.dudao",
        "--as-of",
        "2026-01-01",
    ];
    all.extend_from_slice(args);
    dudao(dir, &all)
}

fn check_human(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec![
        "check",
        "-r",
        "pack.dudao",
        "--as-of",
        "2026-01-01",
        "--max-per-rule",
        "0",
    ];
    all.extend_from_slice(args);
    dudao(dir, &all)
}

fn diagnostics(json: &Value) -> &Vec<Value> {
    json["diagnostics"].as_array().expect("diagnostics")
}

/// The diagnostics with rule `id`.
fn with_rule<'a>(json: &'a Value, id: &str) -> Vec<&'a Value> {
    diagnostics(json)
        .iter()
        .filter(|d| d["rule"] == id)
        .collect()
}

/// The one diagnostic with rule `id` (fails if there is none).
fn one<'a>(json: &'a Value, id: &str) -> &'a Value {
    with_rule(json, id)
        .first()
        .copied()
        .unwrap_or_else(|| panic!("no {id} in {json:#}"))
}

/// The line and column of a diagnostic.
fn at(d: &Value) -> (i64, i64) {
    (
        d["line"].as_i64().unwrap_or(-1),
        d["column"].as_i64().unwrap_or(-1),
    )
}

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut text = format!("{HEADER}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.into_bytes()
}

// ---------------------------------------------------------------------------
// Text: controls, bidi overrides and invisible characters

const NASTY: &str = "\x1b[31m红\x1b]0;pwned\x07\u{9b}2J\u{202e}gnp.exe\u{200b}\u{feff}x";

/// Characters that must never reach a terminal as they are.
fn raw_controls(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{feff}')
        })
        .collect()
}

#[test]
fn control_characters_in_school_names_are_escaped_for_the_terminal() {
    let row = format!("4508020001,{NASTY},5,");
    let dir = setup(&[("s.csv", &csv(&[&row]))]);
    let run = check_human(dir.path(), &["s.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = run.out();
    assert!(out.contains("SIZE-001"), "{out}");
    assert_eq!(raw_controls(&out), Vec::<char>::new(), "{out:?}");
    for escaped in [
        "\\u{1b}[31m红",
        "\\u{7}",
        "\\u{9b}",
        "\\u{202e}",
        "\\u{200b}",
        "\\u{feff}",
    ] {
        assert!(out.contains(escaped), "{escaped} missing in {out}");
    }
}

#[test]
fn control_characters_in_headers_are_escaped_for_the_terminal() {
    let text = format!("{HEADER},\x1b[2J坏\u{202e}列\n4508020001,甲,500,a,x\n");
    let dir = setup(&[("h.csv", text.as_bytes())]);
    let run = check_human(dir.path(), &["h.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.out();
    assert!(out.contains("schema/unknown-column"), "{out}");
    assert!(out.contains("\\u{1b}[2J坏\\u{202e}列"), "{out}");
    assert_eq!(raw_controls(&out), Vec::<char>::new(), "{out:?}");
}

#[test]
fn control_characters_survive_json_output_well_formed() {
    let row = format!("4508020001,{NASTY},5,");
    let header = format!("{HEADER},\x1b[2J坏\u{202e}列");
    let text = format!("{header}\n{row},x\n");
    let dir = setup(&[("s.csv", text.as_bytes())]);
    let run = check_json(dir.path(), &["s.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // serde_json writes C0 controls as \u001b: no raw ESC or BEL in the bytes.
    assert!(
        !run.stdout.iter().any(|&b| b == 0x1b || b == 0x07),
        "raw controls in JSON"
    );
    let json = run.json();
    let d = one(&json, "SIZE-001");
    let message = d["message"].as_str().unwrap();
    assert!(message.starts_with(NASTY), "{message:?}");
    let unknown = one(&json, "schema/unknown-column");
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("\x1b[2J坏\u{202e}列")
    );
}

#[test]
fn control_characters_in_rule_files_are_escaped_in_load_errors_and_listings() {
    let bad =
        "record s {\n  a: int\n}\nrule R-1 \"\x1b[31mt\" {\n  require \x1b[2J\u{202e} a > 1\n}\n";
    let good = "record s {\n  a: int, column \"\u{202e}A\"\n}\nrule R-1 \"\x1b[31mt\x07\" {\n  cite \"\u{9b}x\"\n  help \"\x1b]0;t\x07\"\n  require a > 1 # \x1b[2J\n  example pass { a: 0 }\n}\n";
    let dir = setup(&[
        ("bad.dudao", bad.as_bytes()),
        ("good.dudao", good.as_bytes()),
    ]);
    let run = dudao(dir.path(), &["rules", "-r", "bad.dudao"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("found `\\u{1b}`"), "{}", run.stderr);
    // The snippet keeps its columns: each control is one visible stand-in.
    assert!(
        run.stderr.contains("require ?[2J\u{fffd} a > 1"),
        "{}",
        run.stderr
    );
    assert_eq!(
        raw_controls(&run.stderr),
        Vec::<char>::new(),
        "{:?}",
        run.stderr
    );
    for args in [&["rules"][..], &["explain", "R-1"], &["test"]] {
        let mut all = args.to_vec();
        all.extend_from_slice(&["-r", "good.dudao"]);
        let run = dudao(dir.path(), &all);
        let text = format!("{}{}", run.out(), run.stderr);
        let expected = if args == ["test"] {
            "# ?[2J"
        } else {
            "\\u{1b}[31mt"
        };
        assert!(text.contains(expected), "{args:?}: {text}");
        assert_eq!(
            raw_controls(&text),
            Vec::<char>::new(),
            "{args:?}: {text:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Size

#[test]
fn a_ten_megabyte_cell_is_refused_naming_the_limit() {
    let big = "x".repeat(10_000_000);
    let row = format!("4508020001,{big},500,a");
    let dir = setup(&[("big.csv", &csv(&[&row, "4508020002,乙,500,a"]))]);
    let run = check_json(dir.path(), &["big.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    let d = one(&json, "schema/type");
    assert!(
        d["message"].as_str().unwrap().contains("limit of 1 MiB"),
        "{d:#}"
    );
    assert_eq!(at(d), (2, 12));
    assert_eq!(d["field"], "name");
    // The report shows the start of the cell, not ten megabytes of it.
    assert!(run.stdout.len() < 100_000, "{} bytes", run.stdout.len());
    assert_eq!(json["summary"]["records"], 2);
    // Human output too: its snippet shows at most 64 KiB of the line.
    let human = check_human(dir.path(), &["big.csv"]);
    assert_eq!(human.code, 1);
    assert!(human.out().contains("limit of 1 MiB"));
    assert!(human.out().contains("big.csv:2:12"));
    assert!(
        human.stdout.len() < 1_000_000,
        "{} bytes",
        human.stdout.len()
    );
}

#[test]
fn a_record_longer_than_sixty_four_mebibytes_stops_the_file() {
    // An unterminated quote swallows the rest of a 65 MiB file.
    let mut bytes = csv(&["4508020001,甲,500,a"]);
    bytes.extend_from_slice(b"4508020002,\"");
    bytes.resize(bytes.len() + (65 << 20), b'x');
    let dir = setup(&[("long.csv", &bytes)]);
    let run = check_json(dir.path(), &["long.csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let json = run.json();
    let d = one(&json, "data/unreadable");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("longer than the limit of 64 MiB"),
        "{d:#}"
    );
    assert_eq!(json["summary"]["records"], 1);
    // A JSON Lines line, likewise.
    let mut bytes =
        "{\"学校标识码\": \"1\", \"学校名称\": \"甲\", \"在校生数\": 500}\n{\"学校名称\": \""
            .as_bytes()
            .to_vec();
    bytes.resize(bytes.len() + (65 << 20), b'x');
    std::fs::write(dir.path().join("long.jsonl"), &bytes).unwrap();
    drop(bytes);
    let run = check_json(dir.path(), &["long.jsonl"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let json = run.json();
    let d = one(&json, "data/unreadable");
    assert_eq!(d["message"], "the line is longer than the limit of 64 MiB");
    assert_eq!(at(d), (2, 1));
    assert_eq!(json["summary"]["records"], 1);
}

#[test]
fn a_hundred_thousand_columns_are_refused_naming_the_limit() {
    let mut text = String::from(HEADER);
    for i in 0..100_000 {
        text.push_str(&format!(",c{i}"));
    }
    text.push_str("\n4508020001,甲,500,a");
    text.push_str(&",1".repeat(100_000));
    text.push('\n');
    let dir = setup(&[("wide.csv", text.as_bytes())]);
    let run = check_json(dir.path(), &["wide.csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let json = run.json();
    let d = one(&json, "data/unreadable");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("100004 columns") && message.contains("16384"),
        "{message}"
    );
    assert_eq!(at(d), (1, 1));
}

/// Was quadratic (each key looked up in a list of all keys): minutes.
#[test]
fn json_objects_with_a_hundred_thousand_keys_are_refused_quickly() {
    let mut object = String::from("{\"学校标识码\": \"1\", \"学校名称\": \"甲\"");
    for i in 0..100_000 {
        object.push_str(&format!(", \"k{i}\": {i}"));
    }
    object.push('}');
    let array = format!("[{object}]");
    let lines = format!("{{\"学校标识码\": \"2\", \"学校名称\": \"乙\"}}\n{object}\n");
    let dir = setup(&[
        ("wide.json", array.as_bytes()),
        ("wide.jsonl", lines.as_bytes()),
    ]);
    for (name, line, limit) in [
        (
            "wide.json",
            1,
            "the header row has 16385 columns, more than the limit of 16384",
        ),
        ("wide.jsonl", 2, "more than 16384 different keys"),
    ] {
        let started = Instant::now();
        let run = check_json(dir.path(), &["-q", name]);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{name}: {:?}",
            started.elapsed()
        );
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        let json = run.json();
        let d = one(&json, "data/unreadable");
        assert!(d["message"].as_str().unwrap().contains(limit), "{d:#}");
        assert_eq!(d["line"], line);
    }
}

/// 200,000 rows rather than 1,000,000: a million takes about 5 s in a debug
/// build on this machine, too long for every `cargo test`.
#[test]
fn two_hundred_thousand_tiny_rows_are_read() {
    let mut text = format!("{HEADER}\n");
    for i in 0..200_000 {
        text.push_str(&format!("{i},s,100,a\n"));
    }
    let dir = setup(&[("rows.csv", text.as_bytes())]);
    let run = check_json(dir.path(), &["rows.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["summary"]["records"], 200_000);
    assert_eq!(json["summary"]["errors"], 0);
}

#[test]
fn an_empty_file_is_unreadable() {
    let dir = setup(&[("empty.csv", b"")]);
    let run = check_json(dir.path(), &["empty.csv"]);
    assert_eq!(run.code, 2);
    let json = run.json();
    let d = one(&json, "data/unreadable");
    assert!(d["message"].as_str().unwrap().contains("empty"), "{d:#}");
    assert_eq!(d["file"], "empty.csv");
}

#[test]
fn a_file_of_only_a_header_has_no_records() {
    let dir = setup(&[("header.csv", format!("{HEADER}\n").as_bytes())]);
    let run = check_json(dir.path(), &["header.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["summary"]["records"], 0);
    assert_eq!(json["files"][0]["type"], "school");
}

// ---------------------------------------------------------------------------
// Encoding

#[test]
fn nul_bytes_make_a_binary_file() {
    let dir = setup(&[("nul.csv", &csv(&["4508020001,a\0b,500,a"]))]);
    let run = check_json(dir.path(), &["nul.csv"]);
    assert_eq!(run.code, 2);
    let json = run.json();
    assert!(
        one(&json, "data/unreadable")["message"]
            .as_str()
            .unwrap()
            .contains("binary")
    );
}

#[test]
fn bytes_that_are_neither_utf8_nor_gb18030_are_replaced_or_located() {
    // 0xFF is no lead byte in GB18030 either: it reads as U+FFFD.
    let mut gbk = encoding_rs::GB18030.encode(HEADER).0.into_owned();
    gbk.extend_from_slice(b"\n4508020001,\xff\xfe\x80,5,a\n");
    let mut bytes = csv(&[]);
    bytes.extend_from_slice(b"4508020001,\xff\xfe\x80,500,a\n");
    let dir = setup(&[("gbk.csv", &gbk), ("bad.csv", &bytes)]);
    let run = check_json(dir.path(), &["gbk.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["files"][0]["encoding"], "gb18030");
    assert_eq!(one(&json, "data/encoding")["severity"], "info");
    assert_eq!(json["summary"]["records"], 1);
    let name = one(&json, "SIZE-001")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(name.starts_with('\u{fffd}'), "{name:?}");
    // A UTF-8 file with a stray byte is read as GB18030 too: its header
    // then matches nothing, at line 1.
    let run = check_json(dir.path(), &["bad.csv"]);
    assert_eq!(run.code, 2);
    let json = run.json();
    let d = one(&json, "data/unreadable");
    assert_eq!(at(d), (1, 1));
    // … and the help says why, and how to find the damaged byte.
    assert!(
        d["help"].as_str().unwrap().contains("--encoding utf-8"),
        "{d:#}"
    );
    // Forced UTF-8: unreadable at the first invalid byte.
    let forced = check_json(dir.path(), &["--encoding", "utf-8", "bad.csv"]);
    assert_eq!(forced.code, 2);
    let json = forced.json();
    assert_eq!(at(one(&json, "data/unreadable")), (2, 12));
}

#[test]
fn a_utf16_file_with_a_byte_order_mark_is_read() {
    let text =
        format!("{}\r\n4508020001,甲,50,a\r\n", HEADER.replace(',', "\t")).replace(",", "\t");
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let dir = setup(&[("u16.txt", &bytes)]);
    let run = check_json(dir.path(), &["u16.txt"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["files"][0]["encoding"], "utf-16le");
    let d = one(&json, "SIZE-001");
    assert_eq!(d["key"], "4508020001");
    assert_eq!(d["message"], "甲 在校生 50 人");
    assert_eq!(d["line"], 2);
}

#[test]
fn mixed_line_endings_are_all_row_ends() {
    let text = format!("{HEADER}\r\n4508020001,甲,1,a\n4508020002,乙,2,a\r\n4508020003,丙,3,a\n");
    let dir = setup(&[("mixed.csv", text.as_bytes())]);
    let run = check_json(dir.path(), &["mixed.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    let lines: Vec<i64> = with_rule(&json, "SIZE-001")
        .iter()
        .map(|d| at(d).0)
        .collect();
    assert_eq!(lines, vec![2, 3, 4]);
    assert_eq!(json["summary"]["records"], 3);
}

// ---------------------------------------------------------------------------
// Structure

#[test]
fn ragged_rows_are_malformed_and_skipped() {
    let dir = setup(&[(
        "ragged.csv",
        &csv(&[
            "4508020001,甲",
            "4508020002,乙,500,a,extra",
            "4508020003,丙,500,a",
        ]),
    )]);
    let run = check_json(dir.path(), &["ragged.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    let lines: Vec<(i64, i64)> = with_rule(&json, "data/malformed")
        .iter()
        .map(|d| at(d))
        .collect();
    assert_eq!(lines, vec![(2, 1), (3, 1)]);
    assert_eq!(json["summary"]["records"], 1);
}

#[test]
fn an_unterminated_quote_is_malformed_at_its_row() {
    let dir = setup(&[(
        "quote.csv",
        &csv(&[
            "4508020001,甲,500,a",
            "4508020002,\"乙,500,a",
            "4508020003,丙,500,a",
        ]),
    )]);
    let run = check_json(dir.path(), &["quote.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    let d = one(&json, "data/malformed");
    assert!(
        d["message"].as_str().unwrap().contains("never closed"),
        "{d:#}"
    );
    assert_eq!(at(d).0, 3);
}

#[test]
fn json_nested_a_hundred_thousand_deep_is_an_error_not_a_crash() {
    let deep = |inner: &str| format!("{}{inner}{}", "[".repeat(100_000), "]".repeat(100_000));
    let array = deep("");
    let in_value = format!("[{{\"学校标识码\": \"1\", \"学校名称\": {}}}]", deep("1"));
    let line = format!(
        "{{\"学校标识码\": \"1\", \"学校名称\": \"甲\"}}\n{{\"学校名称\": {}}}\n",
        deep("1")
    );
    let dir = setup(&[
        ("array.json", array.as_bytes()),
        ("value.json", in_value.as_bytes()),
        ("lines.jsonl", line.as_bytes()),
    ]);
    let run = check_json(dir.path(), &["array.json"]);
    assert_eq!(run.code, 2);
    let json = run.json();
    let d = one(&json, "data/unreadable");
    assert_eq!(d["file"], "array.json");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("matches no record type"),
        "{d:#}"
    );

    // Nesting inside a value is skipped without recursion: the value is
    // `schema/type` at its cell.
    for (name, line, column) in [("value.json", 1, 25), ("lines.jsonl", 2, 10)] {
        let run = check_json(dir.path(), &[name]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        let json = run.json();
        let d = one(&json, "schema/type");
        assert_eq!(d["message"], "name holds an array, not a value");
        assert_eq!(at(d), (line, column), "{name}");
    }
}

#[test]
fn a_random_bytes_xlsx_is_unreadable() {
    // A fixed pseudo-random sequence (xorshift), so the test is repeatable.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let mut with_magic = b"PK\x03\x04".to_vec();
    with_magic.extend_from_slice(&bytes);
    let dir = setup(&[("random.xlsx", &bytes), ("magic.xlsx", &with_magic)]);
    for name in ["random.xlsx", "magic.xlsx"] {
        let run = check_json(dir.path(), &[name]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        let json = run.json();
        let d = one(&json, "data/unreadable");
        assert_eq!(d["file"], name);
        assert!(d["message"].as_str().unwrap().contains("workbook"), "{d:#}");
    }
}

/// A minimal workbook whose one sheet holds `sheet_xml`.
fn workbook(sheet_xml: &mut dyn FnMut(&mut dyn Write)) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let parts: [(&str, &str); 4] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    sheet_xml(&mut zip);
    zip.finish().unwrap().into_inner()
}

const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_END: &str = "</sheetData></worksheet>";

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

#[test]
fn the_hand_made_workbook_is_read() {
    let bytes = workbook(&mut |w| {
        let header = [("A1", "学校标识码"), ("B1", "学校名称"), ("C1", "在校生数")]
            .map(|(c, t)| inline(c, t))
            .concat();
        let row = format!(
            "{}{}<c r=\"C2\"><v>5</v></c>",
            inline("A2", "4508020001"),
            inline("B2", "甲")
        );
        write!(
            w,
            "{SHEET_START}<row r=\"1\">{header}</row><row r=\"2\">{row}</row>{SHEET_END}"
        )
        .unwrap();
    });
    let dir = setup(&[("ok.xlsx", &bytes)]);
    let run = check_json(dir.path(), &["ok.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    let d = one(&json, "SIZE-001");
    assert_eq!(d["cell"], "C2");
    assert_eq!(d["message"], "甲 在校生 5 人");
}

#[test]
fn a_zip_bomb_workbook_is_refused_naming_the_limit() {
    // A sheet whose XML inflates to 300 MiB (a comment of spaces), from a
    // file of well under a megabyte.
    let bytes = workbook(&mut |w| {
        w.write_all(SHEET_START.as_bytes()).unwrap();
        w.write_all(b"<!--").unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..300 {
            w.write_all(&chunk).unwrap();
        }
        w.write_all(b"-->").unwrap();
        w.write_all(SHEET_END.as_bytes()).unwrap();
    });
    assert!(bytes.len() < 4 << 20, "{} bytes", bytes.len());
    let dir = setup(&[("bomb.xlsx", &bytes)]);
    let run = check_json(dir.path(), &["bomb.xlsx"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let json = run.json();
    let d = one(&json, "data/unreadable");
    assert_eq!(d["file"], "bomb.xlsx");
    assert!(
        d["message"].as_str().unwrap().contains("limit of 256 MiB"),
        "{d:#}"
    );
}

#[test]
fn two_cells_far_apart_are_refused_naming_the_limit() {
    let bytes = workbook(&mut |w| {
        write!(
            w,
            "{SHEET_START}<row r=\"1\">{}</row><row r=\"1048576\">{}</row>{SHEET_END}",
            inline("A1", "学校标识码"),
            inline("XFD1048576", "x")
        )
        .unwrap();
    });
    let dir = setup(&[("far.xlsx", &bytes)]);
    let run = check_json(dir.path(), &["far.xlsx"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let json = run.json();
    let found = with_rule(&json, "data/unreadable");
    assert_eq!(found.len(), 1, "{json:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("Sheet1 spans 1048576 rows × 16384 columns"),
        "{message}"
    );
    assert!(message.contains("limit of 8388608 cells"), "{message}");
}

#[test]
fn a_sheet_with_merged_cells_is_read() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = setup(&[]);
    let path = dir.path().join("merged.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .merge_range(0, 0, 0, 2, "贵港市学校基本情况表", &Format::new())
        .unwrap();
    for (c, h) in ["学校标识码", "学校名称", "在校生数"].iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    // The name spans two rows: only the first holds it.
    sheet.merge_range(2, 1, 3, 1, "甲", &Format::new()).unwrap();
    sheet.write_string(2, 0, "4508020001").unwrap();
    sheet.write_number(2, 2, 500).unwrap();
    sheet.write_string(3, 0, "4508020002").unwrap();
    sheet.write_number(3, 2, 500).unwrap();
    book.save(&path).unwrap();
    let run = check_json(dir.path(), &["merged.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["summary"]["records"], 2);
    let d = one(&json, "schema/required");
    assert_eq!(d["cell"], "B4");
    assert_eq!(d["key"], "4508020002");
}

// ---------------------------------------------------------------------------
// Paths

#[test]
fn a_directory_of_ten_thousand_files_is_read() {
    let dir = setup(&[]);
    let data = dir.path().join("many");
    std::fs::create_dir(&data).unwrap();
    for i in 0..10_000 {
        std::fs::write(
            data.join(format!("f{i:05}.csv")),
            format!("{HEADER}\n{i},s,100,a\n"),
        )
        .unwrap();
    }
    let run = check_json(dir.path(), &["many"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["summary"]["files"], 10_000);
    assert_eq!(json["summary"]["records"], 10_000);
    assert_eq!(json["files"][0]["path"], "many/f00000.csv");
}

#[test]
fn symbolic_link_loops_are_errors_not_hangs() {
    let dir = setup(&[("d/a.csv", &csv(&["4508020001,甲,500,a"]))]);
    let root = dir.path();
    // A directory that contains itself, and two links pointing at each other.
    std::os::unix::fs::symlink("..", root.join("d/up")).unwrap();
    std::os::unix::fs::symlink("loop2.csv", root.join("loop1.csv")).unwrap();
    std::os::unix::fs::symlink("loop1.csv", root.join("loop2.csv")).unwrap();

    let run = check_json(root, &["d"]);
    assert_eq!(run.code, 2, "the walk meets the loop links: {}", run.stderr);
    assert!(run.stderr.contains("loop1.csv"), "{}", run.stderr);

    let run = check_json(root, &["d/a.csv", "loop1.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("loop1.csv: cannot read it") && run.stderr.contains("symbolic links"),
        "{}",
        run.stderr
    );

    // Without the loop links, the self-containing directory is walked once.
    std::fs::remove_file(root.join("loop1.csv")).unwrap();
    std::fs::remove_file(root.join("loop2.csv")).unwrap();
    let run = check_json(root, &["d"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["summary"]["files"], 1);
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = setup(&[]);
    let fifo = dir.path().join("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let run = check_json(dir.path(), &["pipe.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("pipe.csv: not a regular file"),
        "{}",
        run.stderr
    );
    // Met in a directory walk, too.
    let run = check_json(dir.path(), &["."]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[test]
fn control_characters_in_paths_are_escaped() {
    let name = "e\x1b[31mx.csv";
    let dir = setup(&[(name, &csv(&["4508020001,甲,5,a"]))]);
    let run = check_human(dir.path(), &[name, "no\x1b]0;t\x07pe.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no\\u{1b}]0;t\\u{7}pe.csv: no such file"),
        "{}",
        run.stderr
    );
    assert_eq!(
        raw_controls(&run.stderr),
        Vec::<char>::new(),
        "{:?}",
        run.stderr
    );
    let run = check_human(dir.path(), &[name]);
    assert_eq!(run.code, 1);
    assert!(run.out().contains("e\\u{1b}[31mx.csv:2:"), "{}", run.out());
    assert_eq!(
        raw_controls(&run.out()),
        Vec::<char>::new(),
        "{:?}",
        run.out()
    );
}

#[test]
fn a_directory_named_like_a_data_file_is_no_data_file() {
    let dir = setup(&[]);
    std::fs::create_dir(dir.path().join("dir.csv")).unwrap();
    let run = check_json(dir.path(), &["dir.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("dir.csv: matches no supported data file"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = setup(&[("secret.csv", &csv(&["4508020001,甲,500,a"]))]);
    let path = dir.path().join("secret.csv");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&path).is_ok() {
        // Root reads anything: the FIFO and directory tests cover this.
        eprintln!("skipped: running as root, where mode 000 does not block reads");
        return;
    }
    let run = check_json(dir.path(), &["secret.csv"]);
    assert_eq!(run.code, 2);
    let json = run.json();
    let d = one(&json, "data/unreadable");
    assert!(
        d["message"].as_str().unwrap().contains("ermission"),
        "{d:#}"
    );
}

#[test]
fn the_report_never_overwrites_an_input() {
    let data = csv(&["4508020001,甲,5,a"]);
    let dir = setup(&[("s.csv", &data)]);
    for format in ["json", "human"] {
        let run = dudao(
            dir.path(),
            &[
                "check",
                "-r",
                "pack.dudao",
                "--format",
                format,
                "-o",
                "./s.csv",
                "s.csv",
            ],
        );
        assert_eq!(run.code, 2);
        assert!(
            run.stderr.contains("one of the input files"),
            "{}",
            run.stderr
        );
        assert_eq!(std::fs::read(dir.path().join("s.csv")).unwrap(), data);
    }
}

// ---------------------------------------------------------------------------
// Rules

fn rules_with(text: &str) -> tempfile::TempDir {
    let dir = setup(&[("data.csv", &csv(&["4508020001,甲,500,a"]))]);
    std::fs::write(dir.path().join("pack.dudao"), text).unwrap();
    dir
}

#[test]
fn twenty_thousand_deep_rule_nesting_is_one_located_error() {
    let n = 20_000;
    let text = format!(
        "{PACK}\nrule DEEP-001 \"deep\" {{\n  require {}students{} >= 1\n}}\n",
        "(".repeat(n),
        ")".repeat(n)
    );
    let dir = rules_with(&text);
    let run = check_human(dir.path(), &["data.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("too deeply nested"),
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    assert!(
        run.stderr.contains("pack.dudao:15:"),
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    // One error, whose snippet is the (long) line itself.
    assert!(
        run.stderr.len() < 4 * text.len(),
        "{} bytes of errors",
        run.stderr.len()
    );
    assert!(
        run.stderr.contains("the rule pack has 1 error;"),
        "one error"
    );
}

#[test]
fn a_megabyte_of_rules_in_thousands_of_rules_loads_and_runs() {
    let mut text = String::from(PACK);
    let mut n = 0;
    while text.len() < 1 << 20 {
        n += 1;
        text.push_str(&format!(
            "\nrule GEN-{n:05} \"生成的规则 {n}\" {{\n  cite \"附{n}\"\n  where students > {n}\n  require students <= {} or name == \"{}\"\n  message \"{{name}}: {{students}} > {}\"\n}}\n",
            n + 100_000,
            "长".repeat(40),
            n + 100_000
        ));
    }
    assert!(n > 3_000, "{n} rules");
    let dir = rules_with(&text);
    let run = check_json(dir.path(), &["data.csv"]);
    assert_eq!(run.code, 0, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    let json = run.json();
    assert_eq!(json["summary"]["rules"].as_u64(), Some(n + 1));
    // 499 generated rules apply to a school of 500 students, and pass.
    assert_eq!(json["summary"]["pass"].as_u64(), Some(499 + 1));
}

#[test]
fn a_megabyte_of_garbage_rules_is_errors_not_a_hang() {
    let mut text = String::new();
    let mut i = 0u32;
    while text.len() < 1 << 20 {
        i += 1;
        text.push_str(match i % 5 {
            0 => "rule { require ( }\n",
            1 => "record x { a: nosuchtype }\n",
            2 => "\"unterminated\n",
            3 => "const = = =\n",
            _ => "@@@ ### ]]]\n",
        });
    }
    let dir = rules_with(&text);
    let started = Instant::now();
    let run = check_human(dir.path(), &["data.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("error"),
        "{}",
        &run.stderr[..run.stderr.len().min(500)]
    );
    assert!(run.stderr.contains("pack.dudao:"), "located");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_catastrophic_pattern_stays_linear() {
    // `(a+)+$` on `aaa…ab` takes exponential time in a backtracking engine.
    let long = format!("{}b", "a".repeat(100_000));
    let rows: Vec<String> = (0..50)
        .map(|i| format!("45080200{i:02},甲,500,{long}"))
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let dir = setup(&[("re.csv", &csv(&refs))]);
    let started = Instant::now();
    let run = check_json(dir.path(), &["re.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let json = run.json();
    assert_eq!(with_rule(&json, "schema/pattern").len(), 50);
}

#[test]
fn a_const_defined_through_itself_is_a_located_error() {
    let text = format!("{PACK}\nconst A = B + 1\nconst B = A * 2\nconst C = C\n");
    let dir = rules_with(&text);
    let run = check_human(dir.path(), &["data.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`A` is defined through itself"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`C` is defined through itself"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("pack.dudao:14:7"), "{}", run.stderr);
    let rules = dudao(dir.path(), &["rules", "-r", "pack.dudao"]);
    assert_eq!(rules.code, 2);
}

// ---------------------------------------------------------------------------
// Inputs are never written

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|p| {
            let meta = std::fs::metadata(&p).unwrap();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes, meta.modified().unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_input_is_byte_for_byte_unchanged_after_a_run_in_every_format() {
    let xlsx = workbook(&mut |w| {
        let header = [("A1", "学校标识码"), ("B1", "学校名称"), ("C1", "在校生数")]
            .map(|(c, t)| inline(c, t))
            .concat();
        let row = format!(
            "{}{}<c r=\"C2\"><v>5</v></c>",
            inline("A2", "4508020009"),
            inline("B2", "甲")
        );
        write!(
            w,
            "{SHEET_START}<row r=\"1\">{header}</row><row r=\"2\">{row}</row>{SHEET_END}"
        )
        .unwrap();
    });
    let gbk: &[u8] = b"\xd1\xa7\xd0\xa3\xb1\xea\xca\xb6\xc2\xeb,\xd1\xa7\xd0\xa3\xc3\xfb\xb3\xc6\n4508020005,\xd2\xd2\n";
    let dir = setup(&[
        (
            "a.csv",
            &csv(&[&format!("4508020001,{NASTY},5,a"), "4508020002,乙"]),
        ),
        (
            "b.json",
            r#"[{"学校标识码": "4508020003", "学校名称": "丙", "在校生数": 5}]"#.as_bytes(),
        ),
        (
            "c.jsonl",
            "{\"学校标识码\": \"4508020004\", \"学校名称\": \"丁\", \"在校生数\": \"5\"}\n{bad\n"
                .as_bytes(),
        ),
        ("d.xlsx", &xlsx),
        ("e.csv", gbk),
    ]);
    let before = snapshot(dir.path());
    assert_eq!(before.len(), 6);
    let out = tempfile::tempdir().unwrap();
    let mut ran = 0;
    for format in [
        "human", "json", "sarif", "junit", "github", "markdown", "html",
    ] {
        let report = out.path().join(format!("report.{format}"));
        let report = report.to_str().unwrap();
        for extra in [&[][..], &["-o", report][..]] {
            let mut args = vec![
                "check",
                "-r",
                "pack.dudao",
                "--format",
                format,
                "--as-of",
                "2026-01-01",
            ];
            args.extend_from_slice(extra);
            args.extend_from_slice(&["a.csv", "b.json", "c.jsonl", "d.xlsx", "e.csv"]);
            let run = dudao(dir.path(), &args);
            assert_eq!(run.code, 1, "{format}: {}", run.stderr);
            ran += 1;
        }
    }
    assert_eq!(ran, 14, "every format, to stdout and to a file");
    for cmd in [
        &["rules", "-r", "pack.dudao"][..],
        &["test", "-r", "pack.dudao"],
        &["explain", "SIZE-001", "-r", "pack.dudao"],
    ] {
        dudao(dir.path(), cmd);
    }
    assert_eq!(snapshot(dir.path()), before);
}
