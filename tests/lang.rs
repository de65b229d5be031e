//! The language dudao speaks by itself: chosen by `--lang`, else by
//! LC_ALL/LC_MESSAGES/LANG; the CLI's help and errors and the load errors
//! of a rule pack in Chinese, English as before.

use std::process::{Command, Output};

/// Runs dudao with `env` as the only locale variables.
fn dudao(env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dudao"));
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    command
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("dudao runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8")
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Words of 3+ ASCII letters outside `code`, <METAVARS>, [brackets] and
/// option names, other than `allow`.
fn untranslated(line: &str, allow: &[&str]) -> Vec<String> {
    let mut outside = String::new();
    let mut closing = None;
    for c in line.chars() {
        match closing {
            Some(end) if c == end => closing = None,
            Some(_) => {}
            None => match c {
                '`' => closing = Some('`'),
                '<' => closing = Some('>'),
                '“' => closing = Some('”'),
                c => outside.push(c),
            },
        }
    }
    outside
        .split_whitespace()
        .filter(|w| !w.starts_with('-'))
        .flat_map(|w| w.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| w.len() >= 3 && !allow.contains(w))
        .map(str::to_owned)
        .collect()
}

/// Names that stay as written in Chinese help: the program, commands,
/// values of options, environment variables, formats, pack names.
const HELP_WORDS: &[&str] = &[
    "dudao", "check", "rules", "explain", "test", "template", "help", "auto", "always", "never",
    "human", "json", "sarif", "junit", "github", "markdown", "html", "utf", "gb", "CSV", "xlsx",
    "DATA", "ASCII", "CPU", "Excel", "tag", "NAME", "BOARD", "warnings",
];

#[test]
fn lang_option_beats_the_environment() {
    let zh_env = [("LC_ALL", "zh_CN.UTF-8")];
    let out = dudao(&zh_env, &["--lang", "en", "--help"]);
    assert!(stdout(&out).contains("Usage: dudao"), "{}", stdout(&out));
    let out = dudao(
        &[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")],
        &["--lang=zh", "--help"],
    );
    assert!(stdout(&out).contains("用法：dudao"), "{}", stdout(&out));
    // LC_ALL beats LANG.
    let out = dudao(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")], &["--help"]);
    assert!(stdout(&out).contains("Usage: dudao"));
}

#[test]
fn lang_zh_cn_gives_chinese() {
    let out = dudao(&[("LANG", "zh_CN.UTF-8")], &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("用法：dudao [选项] <命令>"), "{text}");
    assert!(text.contains("命令：") && text.contains("选项："), "{text}");
    let out = dudao(
        &[("LC_MESSAGES", "zh_CN.UTF-8")],
        &["rules", "-r", "nothing-here.dudao"],
    );
    assert!(
        stderr(&out).contains("找不到该文件或目录"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_language_is_an_error_in_the_chosen_language() {
    let out = dudao(&[("LANG", "zh_CN.UTF-8")], &["--lang", "fr", "rules"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.starts_with("错误："), "{text}");
    assert!(text.contains("不支持的语言“fr”：请用 en 或 zh"), "{text}");
    let out = dudao(&[("LC_ALL", "C")], &["--lang=fr", "rules"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains("unknown language \"fr\": use en or zh"),
        "{text}"
    );
}

#[test]
fn chinese_help_has_no_untranslated_line() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["rules", "--help"],
        &["explain", "--help"],
        &["test", "--help"],
        &["template", "--help"],
        &["help", "check"],
    ] {
        let out = dudao(&[], &[&["--lang", "zh"][..], args].concat());
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = stdout(&out);
        assert!(has_cjk(&text), "{args:?}: {text}");
        for line in text.lines() {
            let words = untranslated(line, HELP_WORDS);
            assert!(words.is_empty(), "{args:?}: {line:?} keeps {words:?}");
        }
    }
}

#[test]
fn english_help_is_as_before() {
    let out = dudao(&[("LC_ALL", "C")], &["--help"]);
    let text = stdout(&out);
    for line in [
        "督导 — check education records against a plan's requirements",
        "Usage: dudao [OPTIONS] <COMMAND>",
        "Commands:",
        "  check     Check the records in DATA (files, directories, globs) against a rule pack",
        "  help      Print this message or the help of the given subcommand(s)",
        "Options:",
        "      --lang <en|zh>  The language dudao speaks: en or zh (default: from LC_ALL, LC_MESSAGES, LANG)",
        "  -h, --help          Print help",
        "  -V, --version       Print version",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
    }
    let out = dudao(&[("LC_ALL", "C")], &["check", "--help"]);
    let text = stdout(&out);
    for line in [
        "Usage: dudao check [OPTIONS] <DATA>...",
        "Arguments:",
        "  <DATA>...  Data files, directories or glob patterns",
        "  -q, --quiet                        Human output: the summary only",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
    }
    assert!(text.contains("[default: human] [possible values: human, json, sarif"));
}

#[test]
fn clap_errors_in_chinese_keep_status_2() {
    let zh = [("LANG", "zh_CN.UTF-8")];
    let out = dudao(&zh, &["chek"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.contains("错误：无法识别的子命令“chek”"), "{text}");
    assert!(text.contains("提示：是不是想写“check”？"), "{text}");
    let out = dudao(&zh, &["check", "--as-off", "2020-01-01", "x.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.contains("无法识别的参数“--as-off”"), "{text}");
    assert!(text.contains("“--as-of”"), "{text}");
    let out = dudao(&zh, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("缺少必需的参数：<DATA>..."));
    let out = dudao(&zh, &["check", "x.csv", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains("参数“--format <FORMAT>”的值“pdf”无效"),
        "{text}"
    );
    assert!(text.contains("可用的值：human、json"), "{text}");
    for line in text.lines().filter(|l| !l.starts_with("用法")) {
        assert!(untranslated(line, HELP_WORDS).is_empty(), "{line:?}");
    }
    let out = dudao(&[("LC_ALL", "C")], &["check", "x.csv", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("invalid value 'pdf' for '--format <FORMAT>'"));
}

#[test]
fn a_bad_rule_file_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("bad.dudao");
    std::fs::write(
        &rules,
        "record school { name: text, key\n  beds: int }\nrule R \"r\" { require bed >= 0 }\n",
    )
    .unwrap();
    let rules = rules.to_string_lossy().into_owned();
    let out = dudao(&[("LANG", "zh_CN.UTF-8")], &["rules", "-r", &rules]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.contains("无法识别的名字 `bed`"), "{text}");
    assert!(text.contains("\n  提示：是不是想写 `beds`？\n"), "{text}");
    assert!(
        text.ends_with("错误：规则包有 1 处错误，未进行任何检查\n"),
        "{text}"
    );
    let out = dudao(&[("LC_ALL", "C")], &["rules", "-r", &rules]);
    let text = stderr(&out);
    assert!(text.contains("unknown name `bed`"), "{text}");
    assert!(text.ends_with("error: the rule pack has 1 error; nothing was checked\n"));
}

#[test]
fn pack_reports_in_chinese() {
    let zh = [("LANG", "zh_CN.UTF-8")];
    let out = dudao(&zh, &["explain", "BORD-001"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "错误：规则包中没有规则 `BORD-001`；是不是想写 `BOARD-001`？\n"
    );
    let out = dudao(&zh, &["explain", "BOARD-001"]);
    let text = stdout(&out);
    assert!(text.contains("  级别"), "{text}");
    assert!(text.contains("源代码（"), "{text}");
    let out = dudao(&zh, &["rules"]);
    let text = stdout(&out);
    assert!(text.contains("编号"), "{text}");
    assert!(text.contains("条规则"), "{text}");
    let out = dudao(&zh, &["test"]);
    assert!(
        stdout(&out).contains("个通过，0 个未通过"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn refusing_to_overwrite_an_input_in_chinese() {
    let data = "tests/fixtures/mini/schools.csv";
    let pack = "tests/fixtures/mini/pack.dudao";
    let out = dudao(
        &[("LANG", "zh_CN.UTF-8")],
        &["check", data, "-r", pack, "-o", data],
    );
    assert_eq!(out.status.code(), Some(2));
    // The reason is the reporters' text (i18n::report); main says 错误：.
    let text = stderr(&out);
    assert!(text.starts_with("错误："), "{text}");
    assert!(text.contains(data), "{text}");
}

#[test]
fn a_bad_number_in_chinese() {
    let out = dudao(
        &[("LANG", "zh_CN.UTF-8")],
        &["check", "x.csv", "--jobs", "abc"],
    );
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.starts_with("错误：参数“--jobs <N>”的值“abc”无效：应为大于或等于 0 的整数\n"),
        "{text}"
    );
}

#[test]
fn explain_in_chinese() {
    let out = dudao(&[("LANG", "zh_CN.UTF-8")], &["explain", "BOARD-001"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let head: String = text.lines().take(14).map(|l| format!("{l}\n")).collect();
    insta::assert_snapshot!(head);
}
