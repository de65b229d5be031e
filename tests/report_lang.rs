//! The reports in each language, driven through the binary: the same
//! findings of the mini fixture in Chinese and in English (issue #11).

use std::process::{Command, Output};

const PACK: &str = "tests/fixtures/mini/pack.dudao";
const SCHOOLS: &str = "tests/fixtures/mini/schools.csv";

/// `dudao check` on the mini fixture with `args`, in an environment that
/// asks for no language unless `env` does.
fn dudao(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dudao"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "-r", PACK, "--as-of", "2026-11-28", SCHOOLS])
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("dudao runs")
}

/// The human report, its timing masked (`in 0.01s`, `用时 0.01 秒`).
fn human(args: &[&str], env: &[(&str, &str)]) -> String {
    let out = dudao(&[&["--color", "never"], args].concat(), env);
    assert_eq!(out.status.code(), Some(1), "findings make exit status 1");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let timing = regex::Regex::new(r"( in |用时 )[0-9.]+(s| 秒)").unwrap();
    timing.replace(&text, "${1}[elapsed]").into_owned()
}

#[test]
fn human_output_in_chinese() {
    let text = human(&["--lang", "zh"], &[]);
    assert!(
        text.contains("BOARD-001 寄宿制学校“一人一铺” [提示，已豁免]"),
        "{text}"
    );
    assert!(text.contains("  建议：新建或改扩建学生宿舍"), "{text}");
    assert!(text.contains("  注：达标期限 2020年12月31日"), "{text}");
    assert!(text.contains("waiver/expired 豁免已过期 [警告]"), "{text}");
    assert!(
        text.contains("已对照 6 条规则检查 8 条记录（1 个文件），用时 [elapsed]"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn human_output_in_english() {
    let text = human(&["--lang", "en"], &[]);
    assert!(
        text.contains("BOARD-001 寄宿制学校“一人一铺” [info, waived]"),
        "{text}"
    );
    assert!(
        text.contains("checked 8 records (1 file) against 6 rules in [elapsed]"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn the_language_follows_the_locale_unless_given() {
    let summary = |args: &[&str], env: &[(&str, &str)]| {
        let text = human(&[&["-q"], args].concat(), env);
        text.lines().next().unwrap_or_default().to_owned()
    };
    assert!(summary(&[], &[("LANG", "zh_CN.UTF-8")]).starts_with("已对照"));
    assert!(summary(&[], &[("LC_ALL", "zh_CN.UTF-8")]).starts_with("已对照"));
    assert!(summary(&[], &[]).starts_with("checked"));
    assert!(summary(&[], &[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")]).starts_with("checked"));
    assert!(summary(&["--lang", "en"], &[("LANG", "zh_CN.UTF-8")]).starts_with("checked"));
    assert!(summary(&["--lang", "zh"], &[("LC_ALL", "C")]).starts_with("已对照"));
}

/// The machine-readable parts of SARIF and JUnit do not change with the
/// language: the same rule ids, levels, locations and testcase names.
#[test]
fn machine_parts_do_not_change_with_the_language() {
    let run = |format: &str, lang: &str| {
        let out = dudao(&["--format", format, "--lang", lang], &[]);
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let ids = |sarif: &str| {
        let doc: serde_json::Value = serde_json::from_str(sarif).expect("SARIF is JSON");
        let results = doc["runs"][0]["results"]
            .as_array()
            .expect("results")
            .clone();
        results
            .iter()
            .map(|r| {
                (
                    r["ruleId"].to_string(),
                    r["level"].to_string(),
                    r["locations"].to_string(),
                    r["partialFingerprints"].to_string(),
                    r["properties"]["outcome"].to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let (en, zh) = (run("sarif", "en"), run("sarif", "zh"));
    assert_eq!(ids(&en), ids(&zh));
    assert!(
        zh.contains("\"fullName\":\"dudao（督导）教育规划达标检查工具\""),
        "{zh}"
    );

    let names = |junit: &str| {
        regex::Regex::new(r#"<test(?:case|suite|suites) name="[^"]*"[^>]*>"#)
            .unwrap()
            .find_iter(junit)
            .map(|m| m.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    let (en, zh) = (run("junit", "en"), run("junit", "zh"));
    assert_eq!(names(&en), names(&zh));
    assert!(zh.contains("结果：不达标"), "{zh}");
}
