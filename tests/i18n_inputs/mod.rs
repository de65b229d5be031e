//! Inputs that make the readers and the engine say everything they can say
//! by themselves (issue #11), shared by the English and Chinese tests.
#![allow(dead_code)]

use std::fmt::Write;

use dudao::data::{Encoding, ReadOptions};
use dudao::diag::{Finding, RuleRef, Summary};
use dudao::i18n::Lang;
use dudao::model::Pack;
use dudao::report::{Context, Reporter};
use dudao::run::CheckRequest;
use dudao::value::Date;

use crate::common;

/// One diagnostic's text.
#[derive(Clone, Debug, PartialEq)]
pub struct Said {
    /// The input it came from.
    pub input: String,
    pub id: String,
    pub message: String,
    pub help: Option<String>,
}

/// The data and values of the inputs, which may stay as written in any
/// language.
pub const DATA_WORDS: &[&str] = &[
    "maybe",
    "fast",
    "dollars",
    "abc",
    "high",
    "xxx",
    "primary",
    "junior",
    "stage",
    "true",
    "false",
    "yes",
    "Mbps",
    "MiB",
    "GB18030",
    "GBK",
    "UTF",
    "CSV",
    "JSON",
    "Excel",
    "xlsx",
    "encoding",
    "delimiter",
    "school",
    "students",
    "name",
    "ratio",
    "score",
    "records",
];

fn id_of(f: &Finding, pack: &Pack) -> String {
    match f.rule {
        RuleRef::Builtin(id) => id.to_string(),
        RuleRef::Pack(i) => pack.rules[i as usize].id.clone(),
    }
}

fn said(input: &str, pack: &Pack, findings: &[Finding]) -> Vec<Said> {
    findings
        .iter()
        .map(|f| Said {
            input: input.to_string(),
            id: id_of(f, pack),
            message: f.message.clone(),
            help: f.help.clone(),
        })
        .collect()
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

/// Every data diagnostic the readers produce on a set of small bad files,
/// in `lang`.
pub fn data_said(lang: Lang) -> Vec<Said> {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let write = |name: &str, bytes: &[u8]| std::fs::write(path(name), bytes).unwrap();
    let pack = common::pack();
    let options = ReadOptions {
        lang,
        ..ReadOptions::default()
    };
    let mut out = Vec::new();
    let mut read = |name: &str, pack: &Pack, options: &ReadOptions| {
        let got = common::read_with(&path(name), pack, options);
        out.extend(said(name, pack, &got.findings));
    };

    // One bad cell of each kind, a duplicate key, a blank required cell,
    // an unknown column, a ragged row and a quote never closed.
    write(
        "bad.csv",
        "学校标识码,学校名称,学段,在校生数,达标率,是否寄宿,建校日期,出口带宽,校舍面积,资产,得分,备注\n\
         2145000001,甲,小学,12人,85,maybe,2020-13-01,fast,1200 亩,12 dollars,abc,x\n\
         2145000001,,小学校,12.5,high,是,2020-09-01,100,1200,1200,1.5,x\n\
         12345,丙,特殊教育学校,abc,50%,是,2020-09-01,100,1200,1200,1,x\n\
         2145000005,丁,初中,20000,0.5,是,2020-09-01,100,1200,1200,x,x\n\
         2145000006,戊,初中,-5,0.5,是,2020-09-01,100,1200,1200,1,x\n\
         1,2\n\
         2145000008,\"unclosed\n"
            .as_bytes(),
    );
    read("bad.csv", &pack, &options);
    // Two columns of one field.
    write(
        "dupcol.csv",
        "学校标识码,学校名称,在校生数,学生数\n2145000001,甲,1,2\n".as_bytes(),
    );
    read("dupcol.csv", &pack, &options);
    // A required column missing under --type.
    write(
        "nocol.csv",
        "学校标识码,在校生数\n2145000001,1\n".as_bytes(),
    );
    let forced = ReadOptions {
        record_type: Some(0),
        ..options.clone()
    };
    read("nocol.csv", &pack, &forced);
    // A header matching nothing: in UTF-8, and in a file guessed as GBK.
    write("nomatch.csv", b"a,b\n1,2\n");
    read("nomatch.csv", &pack, &options);
    write("nomatch_gbk.csv", &gbk("甲,乙\n1,2\n"));
    read("nomatch_gbk.csv", &pack, &options);
    // A GBK file with a variant header and a bad cell; the same forced UTF-8.
    write(
        "schools_gbk.csv",
        &gbk("学校标识码,学校名称,学生数\n2145000001,甲,12人\n"),
    );
    read("schools_gbk.csv", &pack, &options);
    let utf8 = ReadOptions {
        encoding: Some(Encoding::Utf8),
        ..options.clone()
    };
    read("schools_gbk.csv", &pack, &utf8);
    // Packs whose record types explain a mismatch differently.
    let no_types = Pack {
        records: vec![],
        ..common::pack()
    };
    read("nomatch.csv", &no_types, &options);
    let mut optional = common::pack();
    for rt in &mut optional.records {
        for f in &mut rt.fields {
            f.required = false;
        }
    }
    read("nomatch.csv", &optional, &options);
    // Files that cannot be read.
    write("binary.csv", b"a\0b\n");
    read("binary.csv", &pack, &options);
    write("binary.json", b"[\0]");
    read("binary.json", &pack, &options);
    read("does-not-exist.csv", &pack, &options);
    std::fs::create_dir(path("folder.csv")).unwrap();
    read("folder.csv", &pack, &options);
    write("empty.csv", b"");
    read("empty.csv", &pack, &options);
    // Limits: a cell over 1 MiB, a header over 16,384 columns.
    let mut long = "学校标识码,学校名称\n2145000001,".to_string();
    long.push_str(&"x".repeat((1 << 20) + 1));
    long.push('\n');
    write("long.csv", long.as_bytes());
    read("long.csv", &pack, &options);
    let mut wide = vec!["a"; 16_385].join(",");
    wide.push('\n');
    write("wide.csv", wide.as_bytes());
    read("wide.csv", &pack, &options);
    // JSON: a record that is no object, an object and an array as cells.
    write(
        "bad.json",
        r#"[1, {"学校标识码": "2145000001", "学校名称": {"a": 1}, "在校生数": [1]}]"#.as_bytes(),
    );
    read("bad.json", &pack, &options);
    write("eof.json", br#"{"a": 1"#);
    read("eof.json", &pack, &options);
    write("syntax.json", b"[1,,]");
    read("syntax.json", &pack, &options);
    write(
        "lines.jsonl",
        "{\"学校标识码\": \"2145000001\", \"学校名称\": \"甲\"}\n\
         not json\n\
         {\"学校标识码\": \"2145000003\", \"学校名称\": \"乙\", \"备注\": \"x\"}\n\
         {\"学校标识码\": \"2145000004\", \"学校名称\": \"丁\", \"在校生数\": \"12人\"}\n"
            .as_bytes(),
    );
    read("lines.jsonl", &pack, &options);
    write("blank.jsonl", b"\n\n");
    read("blank.jsonl", &pack, &options);
    // Excel: a bad cell, a number that is no date; an empty and a damaged workbook.
    {
        use rust_xlsxwriter::Workbook;
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (j, h) in ["学校标识码", "学校名称", "在校生数", "建校日期"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, j as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "2145000001").unwrap();
        ws.write_string(1, 1, "甲").unwrap();
        ws.write_string(1, 2, "12人").unwrap();
        ws.write_number(1, 3, -3.0).unwrap();
        wb.save(path("bad.xlsx")).unwrap();
        let mut empty = Workbook::new();
        empty.add_worksheet();
        empty.save(path("empty.xlsx")).unwrap();
    }
    read("bad.xlsx", &pack, &options);
    read("empty.xlsx", &pack, &options);
    write("damaged.xlsx", b"PK not a zip archive");
    read("damaged.xlsx", &pack, &options);
    out
}

/// What calamine says about `damaged.xlsx`: outside text, kept as it is.
pub fn calamine_words() -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.xlsx");
    std::fs::write(&path, b"PK not a zip archive").unwrap();
    match calamine::open_workbook_auto(&path) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    }
}

/// A pack whose rules give every default message, with waivers expired
/// and unused, and examples that do not hold.
pub const ENGINE_PACK: &str = r#"
record school {
  id:       text, key, column "学校标识码"
  beds:     int, column "宿舍床位数"
  boarders: int, column "寄宿生数"
  funds:    money, column "经费"
  pcs:      int, column "计算机数"
  students: int, column "在校生数"
}

rule BED-001 "床位" {
  require beds >= boarders
  example pass { beds: 1, boarders: 2 }
  example fail { beds: 3, boarders: 2 }
}

rule FUND-001 "经费" {
  require funds <= 300yuan
}

rule EQ-001 "相等" {
  require pcs == students
}

rule RATIO-001 "生机比" {
  where students > 0
  require students / pcs <= 10
  example fail { students: 0 }
  example fail { pcs: 1 }
}

rule AVG-001 "寄宿生机比" {
  require boarders / pcs <= 10
}

rule MSG-001 "模板" {
  require students >= 10
  message "床位 {beds} 张"
}

waive BED-001 for "1" until 2021-01-01 because "过期"
waive BED-001 for "9" until 2030-01-01 because "未用"
"#;

/// The rule texts and names of [`ENGINE_PACK`], kept as written.
pub const ENGINE_WORDS: &[&str] = &[
    "BED-001",
    "beds >= boarders",
    "funds <= 300yuan",
    "pcs == students",
    "students / pcs <= 10",
    "students >= 10",
    "boarders / pcs <= 10",
    "beds",
    "boarders",
    "funds",
    "pcs",
    "students",
    "i18n.dudao",
    "where",
    "until",
];

pub fn engine_pack() -> Pack {
    dudao::check::load_sources(vec![("i18n.dudao".into(), ENGINE_PACK.into())])
        .unwrap_or_else(|e| panic!("{}", dudao::check::render_errors(&e, false)))
}

struct Collect(Vec<Finding>);

impl Reporter for Collect {
    fn finding(&mut self, _: &Context, f: &Finding) -> std::io::Result<()> {
        self.0.push(f.clone());
        Ok(())
    }
    fn finish(&mut self, _: &Context, _: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every finding of a run of [`ENGINE_PACK`] in `lang`.
pub fn engine_said(lang: Lang) -> Vec<Said> {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("schools.csv");
    std::fs::write(
        &data,
        "学校标识码,宿舍床位数,寄宿生数,经费,计算机数,在校生数\n\
         1,80,120,500,3,5\n\
         2,,120,100,0,0\n\
         3,,,100,0,20\n\
         4,1,0,100,0,0\n",
    )
    .unwrap();
    let pack = engine_pack();
    let request = CheckRequest {
        data: vec![data.to_string_lossy().into_owned()],
        read: ReadOptions {
            lang,
            ..ReadOptions::default()
        },
        selection: Default::default(),
        as_of: Date::from_ymd(2023, 6, 1).unwrap(),
    };
    let mut collect = Collect(Vec::new());
    dudao::run::check(&pack, &request, &mut collect).expect("the run completes");
    said("schools.csv", &pack, &collect.0)
}

/// One line per diagnostic, for snapshots.
pub fn lines(said: &[Said]) -> String {
    let mut out = String::new();
    for s in said {
        let _ = writeln!(out, "[{}] {}: {}", s.input, s.id, s.message);
        if let Some(h) = &s.help {
            let _ = writeln!(out, "    help: {h}");
        }
    }
    out
}
