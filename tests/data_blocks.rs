//! UTF-8 CSV files are mapped and read in parallel blocks (`data/blocks.rs`):
//! whatever the cuts between blocks fall on — quoted cells holding
//! newlines, CRLF line ends, blank lines, a quoted cell longer than a
//! block's allowance — the findings are those of a serial read, byte for
//! byte, for any number of threads (but for the last bits of a group's
//! float sums of fractions, which depend on where chunks are cut: at block
//! ends here, every 1,024 records in a serial read), and a duplicate key is
//! reported against its first occurrence.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const PACK: &str = r#"
record school {
  id:       text, key
  name:     text, required
  students: int, min 0
  kind:     kind
}

enum kind {
  public  "公办",
  private "民办"
}

rule SIZE-001 "规模" {
  require students >= 100
  message "{name} 在校生 {students} 人"
}

rule SPREAD-001 "均衡" {
  for school per kind
  let mean = avg(students / 7)
  let spread = cv(students / 3, students)
  require spread <= 0.01
  message "{kind}: 平均 {mean}, 差异系数 {spread}, 合计 {sum(students / 9)}"
}
"#;

/// The reader's block size (`data::blocks::BLOCK`): cuts fall just after
/// the first newline past each multiple of it.
const BLOCK: usize = 128 << 10;

fn dudao(dir: &Path, args: &[&str]) -> (i32, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("dudao runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), out.stdout)
}

/// `check --format json` of `file` with `extra` arguments, as JSON.
fn check(dir: &Path, file: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "check",
        "--format",
        "json",
        "-r",
        "pack.dudao",
        "--as-of",
        "2026-01-01",
    ];
    args.extend_from_slice(extra);
    args.push(file);
    let (code, out) = dudao(dir, &args);
    assert!(code == 0 || code == 1, "exit {code}");
    let mut json: Value = serde_json::from_slice(&out).expect("JSON");
    json["summary"]["elapsed_ms"] = Value::Null;
    json
}

/// A file of several blocks whose every cut lands among rows with quoted,
/// multi-line cells; CRLF and LF rows, blank lines, ragged rows, bad
/// values, duplicate ids (one across blocks), a quoted cell longer than a
/// block may run past its end, and an unterminated quote at the end.
fn messy(ascii: bool) -> Vec<u8> {
    let mut text = String::from("id,name,students,kind\r\n");
    let name = |i: usize| {
        if ascii {
            format!("School {i}")
        } else {
            format!("第{i}小学")
        }
    };
    let kind = |i: usize| match (i % 3, ascii) {
        (0, true) => "public",
        (0, false) => "公办",
        (1, _) => "private",
        _ => "bogus",
    };
    let mut i = 0usize;
    while text.len() < 8 * BLOCK + 100_000 {
        i += 1;
        let near_cut = (text.len() % BLOCK) > BLOCK - 3000 || (text.len() % BLOCK) < 500;
        let id = match i {
            // The same id in the first block and in a later one.
            7 | 9000 => 4_508_000_007,
            _ => 4_508_000_000 + i,
        };
        if i == 2000 {
            // A quoted cell far longer than a block's allowance, across a cut.
            let long = "x,\"\"y\"\"\n".repeat(20_000);
            text.push_str(&format!("{id},\"{long}\",300,{}\n", kind(i)));
        } else if near_cut {
            // Names holding newlines, CRLF, a quote and the delimiter.
            text.push_str(&format!(
                "{id},\"{}\r\nline two\n\"\"three\"\", four\",{},{}\r\n",
                name(i),
                i % 500,
                kind(i)
            ));
        } else if i.is_multiple_of(97) {
            text.push_str(&format!("{id},{},12,{}\n\n\r\n", name(i), kind(i)));
        } else if i.is_multiple_of(101) {
            text.push_str(&format!("{id},{},not a number,{}\n", name(i), kind(i)));
        } else if i.is_multiple_of(103) {
            text.push_str(&format!("{id},{},1\n", name(i)));
        } else {
            text.push_str(&format!(
                "{id}, {} ,{},{}\n",
                name(i),
                (i * 37) % 1000,
                kind(i)
            ));
        }
    }
    text.push_str("4508999999,\"never closed,1,public\n4508999998,x,1,public\n");
    text.into_bytes()
}

fn setup(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.dudao"), PACK).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn diagnostics(json: &Value) -> &Vec<Value> {
    json["diagnostics"].as_array().expect("diagnostics")
}

/// The same diagnostics, but for the last bits of a group's float values:
/// records read in blocks are checked in chunks cut at the blocks' ends,
/// streamed ones every 1,024 records, and a float sum of fractions (a
/// mean, a spread) depends on where its partial sums were cut. Messages
/// (which print such values to two places) and everything else agree.
fn same_but_float_sums(mapped: &[Value], streamed: &[Value]) {
    assert_eq!(mapped.len(), streamed.len());
    let mut groups = 0;
    for (a, b) in mapped.iter().zip(streamed) {
        if a["scope"] != "group" {
            assert_eq!(a, b);
            continue;
        }
        groups += 1;
        let (mut a, mut b) = (a.clone(), b.clone());
        let (va, vb) = (a["values"].take(), b["values"].take());
        assert_eq!(a, b);
        let (va, vb) = (va.as_object().unwrap(), vb.as_object().unwrap());
        assert_eq!(va.keys().collect::<Vec<_>>(), vb.keys().collect::<Vec<_>>());
        for (x, y) in va.values().zip(vb.values()) {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{x} against {y}");
        }
    }
    assert!(groups >= 2, "the group rule found nothing");
}

#[test]
fn one_thread_and_two_read_a_multi_block_file_identically() {
    let dir = setup(&[("schools.csv", &messy(false))]);
    let one = check(dir.path(), "schools.csv", &["-j", "1"]);
    let two = check(dir.path(), "schools.csv", &["-j", "2"]);
    assert_eq!(one, two);
    assert_eq!(one["files"][0]["encoding"], "utf-8");
    assert!(one["summary"]["records"].as_u64().unwrap() > 10_000);
    // Every kind of finding the file was made to have is there.
    for id in [
        "data/malformed",
        "schema/type",
        "schema/enum",
        "schema/duplicate",
    ] {
        assert!(diagnostics(&one).iter().any(|d| d["rule"] == id), "no {id}");
    }
}

#[test]
fn blocks_read_as_the_streaming_reader_reads() {
    // An ASCII file is the same text read as GB18030, which is streamed:
    // every finding, line, column and offset must agree.
    let dir = setup(&[("schools.csv", &messy(true))]);
    let mapped = check(dir.path(), "schools.csv", &[]);
    let streamed = check(dir.path(), "schools.csv", &["--encoding", "gb18030"]);
    assert_eq!(mapped["files"][0]["encoding"], "utf-8");
    assert_eq!(streamed["files"][0]["encoding"], "gb18030");
    same_but_float_sums(diagnostics(&mapped), diagnostics(&streamed));
    assert_eq!(mapped["summary"], streamed["summary"]);
    // Chinese messages name the cell by its line, which a block learns
    // only when it is handed on.
    let mapped = check(dir.path(), "schools.csv", &["--lang", "zh"]);
    let streamed = check(
        dir.path(),
        "schools.csv",
        &["--lang", "zh", "--encoding", "gb18030"],
    );
    same_but_float_sums(diagnostics(&mapped), diagnostics(&streamed));
    let late = diagnostics(&mapped)
        .iter()
        .find(|d| d["rule"] == "schema/type" && d["line"].as_u64() > Some(2 * 5_000))
        .expect("a type finding past the first blocks");
    let line = late["line"].as_u64().unwrap_or(0);
    let message = late["message"].as_str().unwrap_or("");
    assert!(message.starts_with(&format!("第 {line} 行 ")), "{message}");
}

#[test]
fn a_duplicate_in_a_later_block_names_the_first_occurrence() {
    let dir = setup(&[("schools.csv", &messy(false))]);
    let json = check(dir.path(), "schools.csv", &["-j", "2"]);
    let dups: Vec<&Value> = diagnostics(&json)
        .iter()
        .filter(|d| d["rule"] == "schema/duplicate")
        .collect();
    assert_eq!(dups.len(), 1, "{dups:#?}");
    let d = dups[0];
    // Row 7 is in the first block; its twin (row 9000) blocks later.
    let first = d["related"]["line"].as_u64().unwrap();
    assert!((8..100).contains(&first), "{d:#}");
    assert!(d["line"].as_u64().unwrap() > 9000, "{d:#}");
    let message = d["message"].as_str().unwrap();
    assert!(message.contains(&format!("line {first}")), "{message}");
    assert_eq!(d["key"], "4508000007");
}

#[test]
fn small_files_and_odd_line_ends_read_as_before() {
    // Smaller than a block, with a byte-order mark and CRLF; a header only;
    // blank lines only after the header; no final line end.
    let dir = setup(&[
        (
            "bom.csv",
            "\u{FEFF}id,name,students,kind\r\n1,\"a\r\nb\",5,公办\r\n\r\n2,b,500,民办".as_bytes(),
        ),
        ("header.csv", b"id,name,students,kind\n"),
        ("blank.csv", b"id,name,students,kind\n\n\r\n  \n"),
    ]);
    let bom = check(dir.path(), "bom.csv", &[]);
    assert_eq!(bom["files"][0]["encoding"], "utf-8");
    assert_eq!(bom["summary"]["records"], 2);
    let fail = diagnostics(&bom)
        .iter()
        .find(|d| d["rule"] == "SIZE-001")
        .expect("SIZE-001");
    // Its students cell is on the quoted name's second line.
    assert_eq!(fail["line"], 3);
    assert_eq!(fail["key"], "1");
    for file in ["header.csv", "blank.csv"] {
        let json = check(dir.path(), file, &[]);
        assert_eq!(json["summary"]["records"], 0, "{file}");
        assert!(diagnostics(&json).is_empty(), "{file}: {json:#}");
    }
}
