//! Every reporter in Chinese: no English of ours may remain (issue #11).
//!
//! The findings carry Chinese messages (as a pack's would), so whatever
//! English is left in an output came from the reporter itself — unless it
//! is an id, a field name, a file name or a value, which the allowlist
//! names.

use regex::Regex;
use serde_json::Value as Json;

use super::*;
use crate::i18n::Lang;
use crate::report::github::GithubReporter;
use crate::report::html::{HtmlOptions, HtmlReporter};
use crate::report::junit::JunitReporter;
use crate::report::markdown::{MarkdownOptions, MarkdownReporter};
use crate::report::sarif::SarifReporter;

/// Rows of the CSV files: two schools, the second a duplicate of the first.
const ROWS: [&str; 2] = [ROW, "4508020001,乙小学,港北区,60,50\n"];

/// A finding of every kind: record findings (failed, missing data, waived,
/// lowered before their due date), on a CSV line, a GB18030 line and an
/// Excel cell; a group finding with skipped records; an overall finding;
/// data diagnostics (a duplicate with its earlier record, a whole file, a
/// whole row, a type error); the waiver diagnostics; and more of one rule
/// than the reporters show.
fn every_kind() -> Vec<Finding> {
    let mut missing = board(0);
    missing.outcome = Outcome::Missing;
    missing.values[0].1 = Shown::Missing;
    let mut waived = board(0);
    waived.outcome = Outcome::Waived;
    waived.severity = Severity::Info;
    let mut warning = board(1);
    warning.severity = Severity::Warning;
    let mut excel = board(2);
    excel.location.as_mut().unwrap().sheet = Some(0);
    excel.location.as_mut().unwrap().line = 12;

    let data = |id: &'static str, message: &str| {
        let mut f = finding(RuleRef::Builtin(id), Scope::Data, message);
        f.outcome = Outcome::Error;
        f
    };
    let mut duplicate = data("schema/duplicate", "学校标识码 4508020001 重复");
    duplicate.key = Some("4508020001".to_owned());
    duplicate.location = Some(at(0, 3, offset(&ROWS, 3), 1, 10, 0));
    duplicate.related = Some(at(0, 2, offset(&ROWS, 2), 1, 10, 0));
    duplicate.values = vec![("id".to_owned(), Shown::Text("4508020001".to_owned()))];
    let mut unreadable = data("data/unreadable", "文件无法打开");
    unreadable.record_type = None;
    unreadable.location = Some(Location {
        file: 0,
        ..Location::default()
    });
    let mut malformed = data("data/malformed", "这一行的列数与表头不同");
    malformed.location = Some(Location {
        file: 0,
        line: 2,
        offset: offset(&ROWS, 2),
        ..Location::default()
    });
    let mut type_error = data(
        "schema/type",
        "第 3 行 D 列「宿舍床位数」的值“八十”不是整数",
    );
    type_error.help = Some("请填写阿拉伯数字".to_owned());
    type_error.location = Some(at(0, 3, offset(&ROWS, 3), 30, 2, 3));
    type_error.values = vec![("beds".to_owned(), Shown::Text("八十".to_owned()))];
    let mut unused = data("waiver/unused", "BOARD-001 对“4508020009”的豁免没有用上");
    unused.severity = Severity::Warning;
    unused.record_type = None;
    let mut expired = data("waiver/expired", "BOARD-001 对“4508020001”的豁免已过期");
    expired.severity = Severity::Warning;
    expired.record_type = None;
    expired.help = Some("请更新豁免期限".to_owned());

    let mut group = group_finding();
    group.help = Some("增加公办园学位".to_owned());
    let mut group_missing = group_finding();
    group_missing.outcome = Outcome::Missing;
    group_missing.severity = Severity::Warning;
    group_missing.skipped = 1;

    vec![
        board(0),
        missing,
        waived,
        warning,
        excel,
        board(0),
        board(0),
        group,
        group_missing,
        overall_finding(),
        duplicate,
        unreadable,
        malformed,
        type_error,
        unused,
        expired,
    ]
}

/// The run's summary; a run with findings also has its per-county
/// breakdown (for the HTML matrix): 港北区's two schools, BOARD-001 passed
/// once in three checks, PRE-001 undecided.
fn run_summary(findings: &[Finding]) -> Summary {
    let mut summary = summary();
    if !findings.is_empty() {
        let county = |rule: u32| ("港北区".to_owned(), rule);
        let tally = |checks, pass, missing| crate::diag::Tally {
            checks,
            pass,
            missing,
        };
        summary.breakdown = Some(Box::new(crate::diag::Breakdown {
            field: "county".to_owned(),
            records: [(("港北区".to_owned(), 0), 2)].into_iter().collect(),
            tallies: [(county(1), tally(3, 1, 0)), (county(2), tally(1, 0, 1))]
                .into_iter()
                .collect(),
        }));
    }
    summary
}

/// Renders `findings` with `reporter` in `lang`, the data directory's path
/// replaced by `fixtures`.
fn render<R: Reporter>(
    files: &Files,
    findings: &[Finding],
    lang: Lang,
    as_of: Date,
    mut reporter: R,
    into_inner: impl FnOnce(R) -> Vec<u8>,
) -> String {
    let pack = pack();
    let cx = Context {
        pack: &pack,
        files: &files.files,
        as_of,
        lang,
    };
    for f in findings {
        reporter.finding(&cx, f).unwrap();
    }
    reporter.finish(&cx, &run_summary(findings)).unwrap();
    let out = String::from_utf8(into_inner(reporter)).unwrap();
    out.replace(files.dir.path().to_str().unwrap(), "fixtures")
}

/// Every reporter's output in `lang`: (format, the text people read).
fn every_reporter(lang: Lang) -> Vec<(&'static str, String)> {
    let files = files(&ROWS);
    let findings = every_kind();
    // Before BOARD-001's due date, so the lowered-severity note shows too.
    let early = Date::from_ymd(2020, 6, 1).unwrap();
    let human_options = HumanOptions {
        max_per_rule: 3,
        ..HumanOptions::default()
    };
    let mut human = render(
        &files,
        &findings,
        lang,
        early,
        HumanReporter::new(Vec::new(), human_options),
        HumanReporter::into_inner,
    );
    let quiet = HumanOptions {
        quiet: true,
        ..HumanOptions::default()
    };
    human += &render(
        &files,
        &findings,
        lang,
        early,
        HumanReporter::new(Vec::new(), quiet),
        HumanReporter::into_inner,
    );
    let markdown = render(
        &files,
        &findings,
        lang,
        as_of(),
        MarkdownReporter::new(Vec::new(), MarkdownOptions { max_per_rule: 2 }),
        MarkdownReporter::into_inner,
    );
    let empty = render(
        &files,
        &[],
        lang,
        as_of(),
        MarkdownReporter::new(Vec::new(), MarkdownOptions::default()),
        MarkdownReporter::into_inner,
    );
    let html = render(
        &files,
        &findings,
        lang,
        as_of(),
        HtmlReporter::new(Vec::new(), HtmlOptions { max_rows: 2 }),
        HtmlReporter::into_inner,
    );
    let html_empty = render(
        &files,
        &[],
        lang,
        as_of(),
        HtmlReporter::new(Vec::new(), HtmlOptions::default()),
        HtmlReporter::into_inner,
    );
    let junit = render(
        &files,
        &findings,
        lang,
        as_of(),
        JunitReporter::new(Vec::new()),
        JunitReporter::into_inner,
    );
    let sarif = render(
        &files,
        &findings,
        lang,
        as_of(),
        SarifReporter::new(Vec::new()),
        SarifReporter::into_inner,
    );
    let github = render(
        &files,
        &findings,
        lang,
        as_of(),
        GithubReporter::new(Vec::new()),
        GithubReporter::into_inner,
    );
    vec![
        ("human", human),
        ("markdown", markdown + &empty),
        ("html", html_text(&html) + &html_text(&html_empty)),
        ("junit", junit_text(&junit)),
        ("sarif", sarif_text(&sarif)),
        ("github", github_text(&github)),
    ]
}

/// What a reader of the page sees: element text outside `<script>` and
/// `<style>`, and the tooltips and accessible names (`title`, `aria-label`).
fn html_text(html: &str) -> String {
    let code = Regex::new(r"(?s)<script>.*?</script>|<style>.*?</style>").unwrap();
    let html = code.replace_all(html, "");
    let shown_attributes = Regex::new(r#"(?:title|aria-label|placeholder)="([^"]*)""#).unwrap();
    let mut text: Vec<String> = shown_attributes
        .captures_iter(&html)
        .map(|c| c[1].to_owned())
        .collect();
    text.push(
        Regex::new(r"<[^>]*>")
            .unwrap()
            .replace_all(&html, " ")
            .into_owned(),
    );
    entities(&text.join("\n"))
}

fn entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&#10;", "\n")
        .replace("&amp;", "&")
}

/// JUnit's text for people: failure and skip messages, element text.
fn junit_text(xml: &str) -> String {
    let messages = Regex::new(r#"message="([^"]*)""#).unwrap();
    let mut text: Vec<String> = messages
        .captures_iter(xml)
        .map(|c| c[1].to_owned())
        .collect();
    let body = Regex::new(r">([^<]+)<").unwrap();
    text.extend(body.captures_iter(xml).map(|c| c[1].to_owned()));
    entities(&text.join("\n"))
}

/// SARIF's text for people: every `text`, the tool's full name and the
/// titles.
fn sarif_text(sarif: &str) -> String {
    fn walk(value: &Json, out: &mut Vec<String>) {
        match value {
            Json::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("text" | "fullName" | "title", Json::String(s)) => out.push(s.clone()),
                        _ => walk(value, out),
                    }
                }
            }
            Json::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::from_str(sarif).unwrap(), &mut out);
    out.join("\n")
}

/// GitHub's text for people: each command's title and message, and the
/// summary.
fn github_text(log: &str) -> String {
    let mut text = Vec::new();
    for line in log.lines() {
        match line.strip_prefix("::") {
            Some(command) => {
                let (properties, message) = command.split_once("::").unwrap();
                let title = properties.split(',').find_map(|p| p.strip_prefix("title="));
                text.extend(title.map(str::to_owned));
                text.push(message.to_owned());
            }
            None => text.push(line.to_owned()),
        }
    }
    text.join("\n")
        .replace("%0A", "\n")
        .replace("%0D", "")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// Words from data, rules and the command line that may stay as they are.
fn allowed() -> Vec<String> {
    let pack = pack();
    let mut words: Vec<String> = vec![
        // the tool, its option, the data's file names and sheet
        "dudao",
        "--max-per-rule",
        "fixtures/schools.csv",
        "fixtures/gbk.csv",
        "fixtures/schools.xlsx",
        // built-in diagnostic ids
        "schema/duplicate",
        "schema/type",
        "data/unreadable",
        "data/malformed",
        "waiver/unused",
        "waiver/expired",
        // field names and expressions the findings carry
        "sum(students)",
        "sum(boarders)",
        "boarders",
        "county",
        "rate",
        "beds",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    words.extend(pack.rules.iter().map(|r| r.id.clone()));
    // Longest first, so `sum(boarders)` goes before `boarders`.
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words
}

/// Runs of three or more ASCII letters left in `text` once the allowed
/// words are taken out, each with some context.
fn english_left(text: &str) -> Vec<String> {
    let mut text = text.to_owned();
    for word in allowed() {
        text = text.replace(&word, " ");
    }
    let letters = Regex::new(r"[A-Za-z]{3,}").unwrap();
    letters
        .find_iter(&text)
        .map(|m| {
            let line = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
            let end = text[m.end()..]
                .find('\n')
                .map_or(text.len(), |i| m.end() + i);
            format!("{:?} in {:?}", m.as_str(), &text[line..end])
        })
        .collect()
}

#[test]
fn every_reporter_speaks_chinese() {
    for (format, text) in every_reporter(Lang::Zh) {
        assert!(crate::i18n::has_cjk(&text), "{format}");
        let left = english_left(&text);
        assert!(
            left.is_empty(),
            "{format} has English of its own in Chinese:\n{}",
            left.join("\n")
        );
    }
}

#[test]
fn the_english_check_would_catch_english() {
    // The same findings in English leave words of ours in every format.
    for (format, text) in every_reporter(Lang::En) {
        assert!(!english_left(&text).is_empty(), "{format}");
    }
}

#[test]
fn chinese_reports_read_naturally() {
    let files = files(&ROWS);
    let findings = every_kind();
    let early = Date::from_ymd(2020, 6, 1).unwrap();
    let human = render(
        &files,
        &findings,
        Lang::Zh,
        early,
        HumanReporter::new(Vec::new(), HumanOptions::default()),
        HumanReporter::into_inner,
    );
    insta::assert_snapshot!(human);
    assert!(
        human.contains("BOARD-001 寄宿制学校“一人一铺” [警告]"),
        "{human}"
    );
    assert!(human.contains("[错误，缺数据]") && human.contains("[提示，已豁免]"));
    assert!(human.contains("  建议：新建或改扩建学生宿舍"), "{human}");
    assert!(human.contains("注：达标期限 2020年12月31日：此前按「警告」报告"));
    assert!(human.contains("分组：county = 港北区"), "{human}");
    assert!(human.contains("3 条记录因缺值未计入"), "{human}");
    assert!(human.contains("位置：fixtures/schools.csv\n"), "{human}");
    assert!(human.contains("schema/duplicate 值重复 [错误]"), "{human}");
    assert!(human.contains("先出现的那条记录"), "{human}");
    assert!(human.ends_with(
        "已对照 41 条规则检查 1,532 条记录（2 个文件），用时 0.21 秒\n\
         错误：213  警告：57  提示：3  缺数据：12  已豁免：4\n"
    ));

    let markdown = render(
        &files,
        &findings,
        Lang::Zh,
        as_of(),
        MarkdownReporter::new(Vec::new(), MarkdownOptions { max_per_rule: 2 }),
        MarkdownReporter::into_inner,
    );
    insta::assert_snapshot!(markdown);
    assert!(markdown.contains("评估日期 2026年11月28日"), "{markdown}");
    assert!(markdown.contains("| 1,532 |") || markdown.contains("1,532 条记录"));
    assert!(markdown.contains("| 50,120 | 49,800 |"), "{markdown}");
}

#[test]
fn the_html_page_is_in_its_language() {
    let files = files(&ROWS);
    let findings = every_kind();
    let page = |lang| {
        render(
            &files,
            &findings,
            lang,
            as_of(),
            HtmlReporter::new(Vec::new(), HtmlOptions::default()),
            HtmlReporter::into_inner,
        )
    };
    let zh = page(Lang::Zh);
    assert!(zh.contains("<html lang=\"zh-CN\">"));
    assert!(zh.contains("<h2>总览</h2>") && zh.contains("<h2>问题明细</h2>"));
    assert!(zh.contains("<span class=\"n\">1,532</span><span class=\"l\">记录</span>"));
    assert!(zh.contains("<span class=\"label\">建议：</span>"));
    assert!(zh.contains("显示 <output id=\"f-count\">全部</output> 条"));
    // The matrix: a rate with its counts, a cell with only missing data.
    assert!(zh.contains("title=\"港北区 · BOARD-001：达标 1 / 3 · 不达标 2 · 缺数据 0\">33%</td>"));
    assert!(zh.contains("缺数据 1\">缺数据</td>"), "{zh}");
    let en = page(Lang::En);
    assert!(en.contains(
        "title=\"港北区 · BOARD-001: passed 1 / 3 · failed 2 · missing data 0\">33%</td>"
    ));
    assert!(en.contains("missing data 1\">missing data</td>"));
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("<h2>Overview</h2>") && en.contains("<h2>Findings</h2>"));
    assert!(en.contains("<span class=\"n\">1532</span><span class=\"l\">records</span>"));
    assert!(en.contains("showing <output id=\"f-count\">all</output>"));
    for chinese in ["总览", "问题明细", "《规划》", "建议", "县（市、区）"] {
        assert!(!en.contains(chinese), "{chinese} in the English page");
    }
    // The style sheet and the script are the same in both, so one CSP
    // serves both.
    let csp = |page: &str| {
        let start = page.find("Content-Security-Policy").unwrap();
        page[start..start + 200].to_owned()
    };
    assert_eq!(csp(&zh), csp(&en));
}

#[test]
fn the_help_label_is_chinese_in_colour_too() {
    let files = files(&ROWS);
    let options = HumanOptions {
        color: true,
        ..HumanOptions::default()
    };
    let out = render(
        &files,
        &[board(0)],
        Lang::Zh,
        as_of(),
        HumanReporter::new(Vec::new(), options),
        HumanReporter::into_inner,
    );
    assert!(out.contains('\x1b'), "coloured");
    assert!(out.contains("  建议："), "{out}");
    assert!(!out.contains("help"), "{out}");
}

#[test]
fn output_errors_are_in_the_language() {
    use crate::report::output::Output;
    let files = files(&ROWS);
    let input = files.files[0].path.clone();
    let path = std::path::Path::new(&input);
    let error = |lang| match Output::open(Some(path), std::slice::from_ref(&input), lang) {
        Err(e) => e,
        Ok(_) => panic!("an input file is refused"),
    };
    assert!(error(Lang::En).starts_with("refusing to write the report to "));
    assert!(error(Lang::Zh).starts_with("不能把报告写到 "));
    assert!(error(Lang::Zh).ends_with("：它是输入的数据文件之一"));
}
