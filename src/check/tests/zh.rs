//! Every load error in Chinese: the same errors at the same places as in
//! English, with no English left in message, labels or help.

use miette::Diagnostic;

use super::{ERROR_CASES, files, plain, with_smoke_schema};
use crate::check::error::localize_rendering;
use crate::check::{LoadError, load_paths_in, load_sources, load_sources_in};
use crate::i18n::{Lang, has_cjk, load::untranslated};

/// Words Chinese load errors keep as they are (names of standards).
const KEPT_WORDS: &[&str] = &["ASCII", "Unicode", "YYYY", "UTF"];

/// The texts of one error a reader sees: message, labels, help, and the
/// same of its related notes.
fn texts(e: &LoadError) -> Vec<String> {
    let mut out = vec![e.message().to_owned()];
    out.extend(e.help().map(str::to_owned));
    for label in e.labels().into_iter().flatten() {
        out.extend(label.label().map(str::to_owned));
    }
    for related in e.related().into_iter().flatten() {
        out.push(related.to_string());
    }
    out
}

fn assert_chinese(case: &str, errors: &[LoadError]) {
    for e in errors {
        for text in texts(e) {
            let words = untranslated(&text, KEPT_WORDS);
            assert!(words.is_empty(), "{case}: {text:?} keeps {words:?}");
            assert!(has_cjk(&text), "{case}: {text:?} is not Chinese");
        }
    }
}

/// The errors of a pack in each language, which must fail to load.
fn both(list: &[(&str, &str)]) -> (Vec<LoadError>, Vec<LoadError>) {
    let (Err(en), Err(zh)) = (
        load_sources(files(list)),
        load_sources_in(files(list), Lang::Zh),
    ) else {
        panic!("the pack loaded");
    };
    (en, zh)
}

#[test]
fn every_load_error_case_is_written_in_chinese() {
    for (name, rest) in ERROR_CASES {
        let text = with_smoke_schema(rest);
        let (en, zh) = both(&[("pack.dudao", &text)]);
        assert_eq!(en.len(), zh.len(), "{name}");
        for (en, zh) in en.iter().zip(&zh) {
            assert_eq!(
                (en.code(), en.span()),
                (zh.code(), zh.span()),
                "{name}: the same error at the same place"
            );
            assert_ne!(en.message(), zh.message(), "{name}");
        }
        assert_chinese(name, &zh);
    }
}

#[test]
fn path_errors_are_written_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_string_lossy().into_owned();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::fs::write(dir.path().join("gbk.dudao"), b"plan \"\xb9\xf3\"").unwrap();
    let inputs = [
        format!("{root}/missing.dudao"),
        format!("{root}/empty"),
        format!("{root}/*.nothing"),
        format!("{root}/gbk.dudao"),
        format!("{root}/[bad"),
    ];
    let Err(errors) = load_paths_in(&inputs, Lang::Zh) else {
        panic!("the paths loaded");
    };
    assert_eq!(errors.len(), inputs.len());
    // Path errors name the path: the test reads only the message.
    for e in &errors {
        let words = untranslated(e.message(), KEPT_WORDS);
        assert!(words.is_empty(), "{:?} keeps {words:?}", e.message());
        assert!(has_cjk(e.message()), "{:?}", e.message());
    }
}

/// A representative set, rendered as a user sees them.
#[test]
fn load_errors_in_chinese() {
    let mut out = String::new();
    for name in [
        "err_unknown_field",
        "err_rate_vs_number",
        "err_field_outside_aggregate",
        "err_duplicate_rule",
        "err_waive_overall",
        "err_example_values",
        "err_bad_arity",
        "err_missing_for",
        "err_header_names_two_fields",
    ] {
        let (_, rest) = ERROR_CASES
            .iter()
            .find(|(n, _)| *n == name)
            .expect("a case");
        let text = with_smoke_schema(rest);
        let (_, zh) = both(&[("pack.dudao", &text)]);
        let text = localize_rendering(plain(&zh), Lang::Zh);
        out.push_str(&format!("=== {name}\n{text}"));
    }
    insta::assert_snapshot!(out);
}
