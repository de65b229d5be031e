//! A small pack built directly (no rule-language parser needed) and helpers
//! to read files with it.
#![allow(dead_code)]

use std::collections::BTreeMap;

use dudao::data::{Batch, FileResult, ReadOptions, Uniques, read_file};
use dudao::diag::{Finding, RuleRef};
use dudao::model::{EnumDef, Field, Pack, RecordType, Type, Variant};
use dudao::source::{SourceMap, Span};
use dudao::value::{Cell, Dim, OwnedValue, Record};

pub fn field(name: &str, ty: Type, columns: &[&str]) -> Field {
    Field {
        name: name.into(),
        ty,
        required: false,
        unique: false,
        min: None,
        max: None,
        pattern: None,
        pattern_source: None,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        span: Span::default(),
    }
}

/// school: id (key, 10 digits), name (required), stage, students (int,
/// min 0), ratio, boarding, opened, bandwidth, area, assets, score.
/// county: code (key), name (required).
pub fn pack() -> Pack {
    let mut id = field("id", Type::Text, &["学校标识码"]);
    id.required = true;
    id.unique = true;
    id.pattern = Some(regex::Regex::new(r"^(?:\d{10})$").unwrap());
    id.pattern_source = Some(r"\d{10}".into());
    let mut name = field("name", Type::Text, &["学校名称"]);
    name.required = true;
    let mut students = field("students", Type::Int, &["在校生数", "学生数"]);
    students.min = Some(OwnedValue::Num(0.0));
    students.max = Some(OwnedValue::Num(10000.0));
    let school = RecordType {
        name: "school".into(),
        fields: vec![
            id,
            name,
            field("stage", Type::Enum(0), &["学段"]),
            students,
            field("ratio", Type::Percent, &["达标率"]),
            field("boarding", Type::Bool, &["是否寄宿"]),
            field("opened", Type::Date, &["建校日期"]),
            field("bandwidth", Type::Quantity(Dim::Rate), &["出口带宽"]),
            field("area", Type::Quantity(Dim::Area), &["校舍面积"]),
            field("assets", Type::Quantity(Dim::Money), &["资产"]),
            field("score", Type::Number, &["得分"]),
        ],
        key: Some(0),
        span: Span::default(),
    };
    let mut code = field("code", Type::Text, &["行政区划代码"]);
    code.required = true;
    code.unique = true;
    let mut cname = field("name", Type::Text, &["区县"]);
    cname.required = true;
    let county = RecordType {
        name: "county".into(),
        fields: vec![code, cname],
        key: Some(0),
        span: Span::default(),
    };
    Pack {
        sources: SourceMap::default(),
        plan: None,
        enums: vec![EnumDef {
            name: "stage".into(),
            variants: vec![
                Variant {
                    name: "primary".into(),
                    labels: vec!["小学".into(), "21".into()],
                },
                Variant {
                    name: "junior".into(),
                    labels: vec!["初中".into(), "31".into()],
                },
            ],
            span: Span::default(),
        }],
        records: vec![school, county],
        rules: vec![],
        waivers: vec![],
        plan_text: BTreeMap::new(),
    }
}

/// A record copied out of a batch, with its text cells resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Got {
    pub record_type: u32,
    pub cells: Vec<OwnedValue>,
    pub columns: Vec<u32>,
    pub line: u32,
    pub sheet: u32,
    pub offset: u64,
}

pub fn owned(rec: &Record, c: Cell) -> OwnedValue {
    match c {
        Cell::Missing => OwnedValue::Missing,
        Cell::Bool(b) => OwnedValue::Bool(b),
        Cell::Num(n) => OwnedValue::Num(n),
        Cell::Date(d) => OwnedValue::Date(d),
        Cell::Enum(e) => OwnedValue::Enum(e),
        Cell::Text(..) => OwnedValue::Text(rec.text_of(c).to_string()),
    }
}

/// Everything reading one file gave.
pub struct Read {
    pub result: FileResult,
    pub records: Vec<Got>,
    pub findings: Vec<Finding>,
}

impl Read {
    /// The ids of the findings, in order.
    pub fn ids(&self) -> Vec<&'static str> {
        self.findings
            .iter()
            .map(|f| match f.rule {
                RuleRef::Builtin(id) => id,
                RuleRef::Pack(_) => "pack",
            })
            .collect()
    }

    pub fn find(&self, id: &str) -> &Finding {
        self.findings
            .iter()
            .find(|f| f.rule == RuleRef::Builtin(leak(id)))
            .unwrap_or_else(|| panic!("no {id} finding in {:#?}", self.findings))
    }
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

pub fn read_with(path: &str, pack: &Pack, options: &ReadOptions) -> Read {
    let mut uniques = Uniques::new(pack);
    read_into(path, pack, options, &mut uniques, 0)
}

pub fn read_into(
    path: &str,
    pack: &Pack,
    options: &ReadOptions,
    uniques: &mut Uniques,
    index: u32,
) -> Read {
    let mut records = Vec::new();
    let mut findings = Vec::new();
    let result = read_file(
        index,
        path,
        pack,
        options,
        uniques,
        None,
        &mut |_, b: &mut Batch| {
            for rec in &b.records[..b.len] {
                records.push(Got {
                    record_type: b.record_type,
                    cells: rec.cells.iter().map(|&c| owned(rec, c)).collect(),
                    columns: rec.columns.clone(),
                    line: rec.pos.line,
                    sheet: rec.pos.sheet,
                    offset: rec.pos.offset,
                });
            }
            findings.extend(b.findings.iter().cloned());
        },
    );
    Read {
        result,
        records,
        findings,
    }
}

pub fn read(path: &str) -> Read {
    read_with(path, &pack(), &ReadOptions::default())
}

/// Writes `bytes` to a file named `name` in a new temporary directory.
pub fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let p = path.to_string_lossy().into_owned();
    (dir, p)
}
