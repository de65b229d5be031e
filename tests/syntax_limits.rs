//! The parser's limits: deep nesting is one located error, never a stack
//! overflow; wide chains are fine; arbitrary input never panics.

use dudao::source::FileId;
use dudao::syntax::ast::{ExprKind, Item};
use dudao::syntax::{MAX_DEPTH, parse};
use proptest::prelude::*;

fn const_of(body: &str) -> String {
    format!("const A = {body}\n")
}

fn only_error(text: &str) -> dudao::syntax::SyntaxError {
    let (_, errors) = parse(FileId(0), text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().expect("one error")
}

#[test]
fn twenty_thousand_parentheses_are_one_located_error() {
    let n = 20_000;
    let text = const_of(&format!("{}1{}", "(".repeat(n), ")".repeat(n)));
    let error = only_error(&text);
    assert!(error.message.contains("too deeply nested"), "{error:?}");
    assert!(error.message.contains(&MAX_DEPTH.to_string()), "{error:?}");
    assert!((error.span.start as usize) < text.len());
}

#[test]
fn fifty_thousand_nots_are_one_located_error() {
    let text = const_of(&format!("{}true", "not ".repeat(50_000)));
    let error = only_error(&text);
    assert!(error.message.contains("too deeply nested"), "{error:?}");
}

#[test]
fn deep_lists_unary_minus_and_ifs_are_bounded_too() {
    for body in [
        format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)),
        format!("{}1", "-".repeat(10_000)),
        format!(
            "{}1{}",
            "if true then ".repeat(5_000),
            " else 2".repeat(5_000)
        ),
        format!("{}1{}", "abs(".repeat(10_000), ")".repeat(10_000)),
    ] {
        let (_, errors) = parse(FileId(0), &const_of(&body));
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("too deeply nested")),
            "{errors:#?}"
        );
    }
}

#[test]
fn a_flat_chain_of_twenty_thousand_terms_parses() {
    let terms: Vec<String> = (0..20_000).map(|i| i.to_string()).collect();
    let (module, errors) = parse(FileId(0), &const_of(&terms.join(" + ")));
    assert!(errors.is_empty(), "{errors:#?}");
    let Some(Item::Const(c)) = module.items.first() else {
        panic!("a const");
    };
    let ExprKind::Chain { rest, .. } = &c.value.kind else {
        panic!("a chain");
    };
    assert_eq!(rest.len(), 19_999);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = parse(FileId(0), &text);
    }

    #[test]
    fn arbitrary_tokens_never_panic(tokens in proptest::collection::vec(
        prop_oneof![
            Just("rule"), Just("R-1"), Just("\"t\""), Just("{"), Just("}"), Just("("), Just(")"),
            Just("["), Just("]"), Just("for"), Just("per"), Just("where"), Just("require"),
            Just("a"), Just("1"), Just("80%"), Just("1Gbps"), Just("2020-12-31"), Just("+"),
            Just("and"), Just("not"), Just("in"), Just("=="), Just(","), Just(":"), Just("example"),
            Just("pass"), Just("message"), Just("\"{a}\""), Just("\"{\""), Just("#"), Just("\n"),
            Just("record"), Just("enum"), Just("waive"), Just("until"), Just("??"), Just("if"),
        ],
        0..60,
    )) {
        let _ = parse(FileId(0), &tokens.join(" "));
    }
}
