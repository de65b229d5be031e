//! Issue #11, Chinese side: everything the readers and the engine say by
//! themselves is Chinese under `Lang::Zh` — no run of three or more ASCII
//! letters is left apart from an explicit list of ids, field names, values
//! and units — and a cell is named by its row, its column and the header
//! as the file spelled it.

mod common;
mod i18n_inputs;

use dudao::i18n::{self, Lang};
use i18n_inputs::{
    DATA_WORDS, ENGINE_WORDS, Said, calamine_words, data_said, engine_pack, engine_said, lines,
};

/// Words of the catalogue itself that stay as written in Chinese: formats,
/// units, options and keywords.
const TECHNICAL: &[&str] = &[
    "GB18030",
    "GBK",
    "UTF",
    "utf",
    "CSV",
    "JSON",
    "Excel",
    "xlsx",
    "xls",
    "csv",
    "txt",
    "tsv",
    "json",
    "jsonl",
    "ndjson",
    "Mbps",
    "MiB",
    "FIFO",
    "dudao",
    "encoding",
    "delimiter",
    "where",
    "until",
    "true",
    "false",
    "yes",
    "records",
];

/// The runs of three or more ASCII letters left in `text` once every
/// allowed word is taken out.
fn untranslated(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut allowed: Vec<&str> = allowed.to_vec();
    allowed.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut rest = text.to_string();
    for word in allowed.iter().filter(|w| !w.is_empty()) {
        rest = rest.replace(word, " ");
    }
    let runs = regex::Regex::new("[A-Za-z]{3,}").unwrap();
    runs.find_iter(&rest)
        .map(|m| m.as_str().to_string())
        .collect()
}

fn assert_chinese(said: &[Said], allowed: &[&str]) {
    let mut bad = Vec::new();
    for s in said {
        for text in std::iter::once(&s.message).chain(&s.help) {
            let left = untranslated(text, allowed);
            if !left.is_empty() || !i18n::has_cjk(text) {
                bad.push(format!("[{}] {}: {text} — {left:?}", s.input, s.id));
            }
        }
    }
    assert!(bad.is_empty(), "untranslated text:\n{}", bad.join("\n"));
}

#[test]
fn every_data_and_engine_catalogue_entry_reads_as_chinese() {
    let entries = i18n::data::ENTRIES.iter().chain(i18n::eval::ENTRIES);
    let mut bad = Vec::new();
    for msg in entries {
        // Holes are filled with values; the words around them must be Chinese.
        let words: String = msg.zh.split(['{', '}']).step_by(2).collect();
        let left = untranslated(&words, TECHNICAL);
        if !left.is_empty() {
            bad.push(format!("{}: {} — {left:?}", msg.id, msg.zh));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_data_diagnostic_is_said_in_chinese() {
    let zh = data_said(Lang::Zh);
    let en = data_said(Lang::En);
    // The same diagnostics, ids and order in both languages.
    let ids = |s: &[Said]| {
        s.iter()
            .map(|s| (s.input.clone(), s.id.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&zh), ids(&en));
    assert!(zh.len() >= 50, "{}", zh.len());
    let calamine = calamine_words();
    let mut allowed = DATA_WORDS.to_vec();
    allowed.extend(TECHNICAL);
    allowed.push(&calamine);
    assert_chinese(&zh, &allowed);
    insta::assert_snapshot!("data_zh", lines(&zh));
}

#[test]
fn every_engine_text_is_said_in_chinese() {
    let zh = engine_said(Lang::Zh);
    let mut allowed = ENGINE_WORDS.to_vec();
    allowed.extend(TECHNICAL);
    // Pack messages are the pack's own: only what dudao adds is checked.
    let ours: Vec<Said> = zh.into_iter().filter(|s| s.id != "MSG-001").collect();
    assert_chinese(&ours, &allowed);
    insta::assert_snapshot!("engine_zh", lines(&engine_said(Lang::Zh)));
}

#[test]
fn a_pack_message_shows_a_missing_value_in_chinese() {
    let zh = engine_said(Lang::Zh);
    let messages: Vec<&str> = zh
        .iter()
        .filter(|s| s.id == "MSG-001")
        .map(|s| s.message.as_str())
        .collect();
    assert_eq!(messages, ["床位 80 张", "床位 （缺失） 张", "床位 1 张"]);
}

#[test]
fn the_chinese_message_names_the_cell_and_the_header_as_the_file_spelled_it() {
    let zh = data_said(Lang::Zh);
    let message = |input: &str, id: &str, n: usize| {
        zh.iter()
            .filter(|s| s.input == input && s.id == id)
            .nth(n)
            .unwrap_or_else(|| panic!("no {id} #{n} for {input}"))
            .message
            .clone()
    };
    // A GBK file whose header is the variant 学生数, not 在校生数.
    assert_eq!(
        message("schools_gbk.csv", "schema/type", 0),
        "第 2 行 C 列「学生数」的值“12人”不是整数"
    );
    assert_eq!(
        message("bad.csv", "schema/type", 0),
        "第 2 行 D 列「在校生数」的值“12人”不是整数"
    );
    assert_eq!(
        message("bad.csv", "schema/required", 0),
        "第 3 行 B 列「学校名称」是必填项（字段 `name`），不能空着"
    );
    assert_eq!(
        message("bad.csv", "schema/duplicate", 0),
        "第 3 行 A 列「学校标识码」的值“2145000001”与前面第 2 行的记录重复（字段 `id`）"
    );
    // Excel: the cell reference; JSON Lines: the line and the key.
    assert_eq!(
        message("bad.xlsx", "schema/type", 0),
        "单元格 C2「在校生数」的值“12人”不是整数"
    );
    assert_eq!(
        message("bad.xlsx", "schema/type", 1),
        "单元格 D2「建校日期」的值 -3 不是有效的日期"
    );
    assert_eq!(
        message("lines.jsonl", "schema/type", 0),
        "第 4 行「在校生数」的值“12人”不是整数"
    );
}

#[test]
fn path_errors_are_said_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_string_lossy().into_owned();
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    std::fs::write(dir.path().join("notes/a.md"), "x").unwrap();
    let inputs = [
        format!("{root}/missing.csv"),
        format!("{root}/*.nothing"),
        format!("{root}/notes"),
        format!("{root}/a["),
    ];
    let errors = dudao::data::expand_paths(&inputs, Lang::Zh).unwrap_err();
    let english = dudao::data::expand_paths(&inputs, Lang::En).unwrap_err();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert_eq!(errors[0], format!("{root}/missing.csv: 文件或文件夹不存在"));
    assert_eq!(
        english[0],
        format!("{root}/missing.csv: no such file or directory")
    );
    assert_eq!(errors[1], format!("{root}/*.nothing: 没有匹配到任何文件"));
    let glob = glob::Pattern::new("a[").unwrap_err().msg;
    // The arguments stay as given.
    let mut allowed: Vec<&str> = inputs.iter().map(String::as_str).collect();
    allowed.extend(TECHNICAL);
    allowed.push(glob);
    let said: Vec<Said> = errors
        .iter()
        .map(|e| Said {
            input: "paths".into(),
            id: "paths".into(),
            message: e.clone(),
            help: None,
        })
        .collect();
    assert_chinese(&said, &allowed);
}

#[test]
fn dudao_test_explains_examples_in_chinese() {
    let pack = engine_pack();
    let zh = dudao::eval::examples::run_examples(&pack, Lang::Zh);
    let en = dudao::eval::examples::run_examples(&pack, Lang::En);
    let details = |r: &dudao::eval::examples::ExampleReport| {
        r.mismatches
            .iter()
            .map(|m| m.detail.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        details(&en),
        [
            "requirement `beds >= boarders` failed: beds = 1, boarders = 2: short by 1",
            "requirement `beds >= boarders` holds: beds = 3, boarders = 2",
            "the record takes no part: `where` is false",
            "the record takes no part: `where` is missing",
        ]
    );
    assert_eq!(
        details(&zh),
        [
            "要求 `beds >= boarders` 未满足：beds = 1，boarders = 2，还差 1",
            "要求 `beds >= boarders` 已满足：beds = 3，boarders = 2",
            "该记录不参与检查：`where` 条件不成立",
            "该记录不参与检查：`where` 条件缺少数据，无法判断",
        ]
    );
}

#[test]
fn an_excel_error_cell_is_described_in_chinese() {
    use dudao::data::Invalid;
    assert_eq!(
        Invalid::Excel("#N/A").describe(Lang::Zh),
        "Excel 错误值 #N/A"
    );
    assert_eq!(
        Invalid::Excel("#N/A").describe(Lang::En),
        "the Excel error #N/A"
    );
    assert_eq!(Invalid::Array.describe(Lang::Zh), "一个数组");
}
