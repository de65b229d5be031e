//! Parser tests: a compact s-expression view of the AST for golden tests,
//! and every error kind rendered as `line:col message | label | help`.

use std::fmt::Write as _;

use crate::source::{FileId, SourceFile};
use crate::syntax::ast::*;
use crate::syntax::{MAX_DEPTH, SyntaxError, parse, parse_expr};

// ----- printers --------------------------------------------------------------

fn num(v: f64) -> String {
    format!("{v}")
}

/// An expression as an s-expression.
fn sx(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Number { value, is_int } => {
            if *is_int {
                num(*value)
            } else {
                format!("{value:?}")
            }
        }
        ExprKind::Percent(v) => format!("{}%", num(v * 100.0)),
        ExprKind::Quantity { value, dim } => format!("{}{}", num(*value), dim.unit()),
        ExprKind::Str(s) => format!("{s:?}"),
        ExprKind::Date(d) => format!("{d}"),
        ExprKind::Bool(b) => format!("{b}"),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Call { func, args, filter } => {
            let mut s = format!("({}", func.name);
            for a in args {
                s.push(' ');
                s.push_str(&sx(a));
            }
            if let Some(f) = filter {
                write!(s, " where {}", sx(f)).unwrap();
            }
            s.push(')');
            s
        }
        ExprKind::List(items) => {
            let items: Vec<_> = items.iter().map(sx).collect();
            format!("[{}]", items.join(" "))
        }
        ExprKind::Unary { op, operand } => {
            let op = match op {
                UnaryOp::Not => "not",
                UnaryOp::Neg => "neg",
            };
            format!("({op} {})", sx(operand))
        }
        ExprKind::Chain { first, rest } => {
            let mut s = format!("({}", sx(first));
            for (op, e) in rest {
                write!(s, " {} {}", op.as_str(), sx(e)).unwrap();
            }
            s.push(')');
            s
        }
        ExprKind::Compare { op, lhs, rhs } => {
            format!("({} {} {})", op.as_str(), sx(lhs), sx(rhs))
        }
        ExprKind::In { lhs, list, negated } => {
            let op = if *negated { "not-in" } else { "in" };
            format!("({op} {} {})", sx(lhs), sx(list))
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => format!("(if {} {} {})", sx(cond), sx(then), sx(otherwise)),
        ExprKind::Paren(inner) => format!("(paren {})", sx(inner)),
    }
}

fn template(t: &Template) -> String {
    let parts: Vec<String> = t
        .parts
        .iter()
        .map(|p| match p {
            TemplatePart::Text(s) => format!("{s:?}"),
            TemplatePart::Hole { expr, format } => match format {
                Format::Plain => format!("{{{}}}", sx(expr)),
                Format::Percent => format!("{{{}:%}}", sx(expr)),
                Format::Decimals(n) => format!("{{{}:.{n}}}", sx(expr)),
            },
        })
        .collect();
    parts.join(" ")
}

fn names(ids: &[Ident]) -> String {
    ids.iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn strs(ss: &[StrLit]) -> String {
    ss.iter()
        .map(|s| format!("{:?}", s.value))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A module, one line per item, field and clause.
fn module(m: &Module) -> String {
    let mut out = String::new();
    for item in &m.items {
        match item {
            Item::Plan(p) => writeln!(out, "plan {:?}", p.title.value),
            Item::Quote(q) => writeln!(out, "quote {:?} {:?}", q.cite.value, q.text.value),
            Item::Const(c) => writeln!(out, "const {} = {}", c.name.name, sx(&c.value)),
            Item::Enum(e) => {
                writeln!(out, "enum {}", e.name.name).unwrap();
                for v in &e.variants {
                    writeln!(out, "  {} {}", v.name.name, strs(&v.labels)).unwrap();
                }
                Ok(())
            }
            Item::Record(r) => {
                writeln!(out, "record {}", r.name.name).unwrap();
                for f in &r.fields {
                    let attrs: Vec<String> = f.attrs.iter().map(|a| attr(&a.kind)).collect();
                    writeln!(
                        out,
                        "  {}: {} [{}]",
                        f.name.name,
                        f.ty.name,
                        attrs.join(", ")
                    )
                    .unwrap();
                }
                Ok(())
            }
            Item::Rule(r) => {
                writeln!(out, "rule {} {:?}", r.id.name, r.title.value).unwrap();
                for c in &r.clauses {
                    writeln!(out, "  {}", clause(&c.kind)).unwrap();
                }
                Ok(())
            }
            Item::Waive(w) => writeln!(
                out,
                "waive {} for {} until {} because {:?}",
                w.rule.name,
                strs(&w.keys),
                w.until.date,
                w.reason.value
            ),
        }
        .unwrap();
    }
    out
}

fn attr(a: &FieldAttrKind) -> String {
    match a {
        FieldAttrKind::Key => "key".into(),
        FieldAttrKind::Required => "required".into(),
        FieldAttrKind::Unique => "unique".into(),
        FieldAttrKind::Min(e) => format!("min {}", sx(e)),
        FieldAttrKind::Max(e) => format!("max {}", sx(e)),
        FieldAttrKind::Matches(s) => format!("matches {:?}", s.value),
        FieldAttrKind::Column(h) => format!("column {}", strs(h)),
    }
}

fn clause(c: &ClauseKind) -> String {
    match c {
        ClauseKind::Cite(s) => format!("cite {:?}", s.value),
        ClauseKind::Severity(s) => format!("severity {}", s.as_str()),
        ClauseKind::Due(d) => format!("due {}", d.date),
        ClauseKind::Tags(t) => format!("tags {}", names(t)),
        ClauseKind::For { record, scope } => match scope {
            ScopeDecl::Record => format!("for {}", record.name),
            ScopeDecl::Per(f) => format!("for {} per {}", record.name, names(f)),
            ScopeDecl::Overall => format!("for {} overall", record.name),
        },
        ClauseKind::Where(e) => format!("where {}", sx(e)),
        ClauseKind::Let { name, value } => format!("let {} = {}", name.name, sx(value)),
        ClauseKind::Require(e) => format!("require {}", sx(e)),
        ClauseKind::Message(t) => format!("message {}", template(t)),
        ClauseKind::Help(t) => format!("help {}", template(t)),
        ClauseKind::Missing(MissingPolicy::Ignore) => "missing ignore".into(),
        ClauseKind::Missing(MissingPolicy::Report(s)) => format!("missing {}", s.as_str()),
        ClauseKind::Example(e) => {
            let records: Vec<String> = e
                .records
                .iter()
                .map(|r| {
                    let fields: Vec<String> = r
                        .fields
                        .iter()
                        .map(|(n, v)| format!("{}: {}", n.name, sx(v)))
                        .collect();
                    format!("{{{}}}", fields.join(", "))
                })
                .collect();
            let body = if e.is_group {
                format!("[{}]", records.join(" "))
            } else {
                records.join(" ")
            };
            format!("example {} {body}", e.outcome.as_str())
        }
    }
}

/// Errors as `line:col message | label | help`.
fn errors(text: &str, errors: &[SyntaxError]) -> String {
    let file = SourceFile::new("t.dudao", text);
    let mut out = String::new();
    for e in errors {
        let (line, col) = file.line_col(e.span.start as usize);
        write!(out, "{line}:{col} {} | {}", e.message, e.label).unwrap();
        if let Some(h) = &e.help {
            write!(out, " | {h}").unwrap();
        }
        out.push('\n');
    }
    out
}

/// Parses a file that must have no errors and prints it.
fn ok(text: &str) -> String {
    let (m, errs) = parse(FileId(0), text);
    assert!(
        errs.is_empty(),
        "unexpected errors:\n{}",
        errors(text, &errs)
    );
    module(&m)
}

/// Parses an expression that must have no errors and prints it.
fn expr(text: &str) -> String {
    let (e, errs) = parse_expr(FileId(0), text);
    assert!(
        errs.is_empty(),
        "unexpected errors:\n{}",
        errors(text, &errs)
    );
    sx(&e.expect("an expression"))
}

/// The errors of a file, which must have some.
fn errs(text: &str) -> String {
    let (_, errs) = parse(FileId(0), text);
    assert!(!errs.is_empty(), "expected errors in {text:?}");
    errors(text, &errs)
}

// ----- smoke -----------------------------------------------------------------

#[test]
fn smoke() {
    assert_eq!(expr("a + b * c"), "(a + (b * c))");
    assert_eq!(MAX_DEPTH, 96);
}

// ----- the contract's examples -----------------------------------------------

#[test]
fn language_section_1_schema() {
    insta::assert_snapshot!(ok(include_str!("testdata/schema.dudao")));
}

#[test]
fn language_section_1_rules() {
    insta::assert_snapshot!(ok(include_str!("testdata/boarding.dudao")));
}

#[test]
fn language_section_9_examples() {
    insta::assert_snapshot!(ok(include_str!("testdata/examples.dudao")));
}

// ----- every construct -------------------------------------------------------

#[test]
fn every_item_and_clause() {
    let text = r#"
plan "方案"
quote "二(九)1" "寄宿制学校实现“一人一铺”。"
const A = 56
const B = -5
const LIMIT = 80%
enum kind { a, b "B", c "C" "3", }
enum empty {}
record r {
  id: text, key, matches "^[0-9]+$", column "标识码" "代码"
  n: int, required, unique, min 0, max LIMIT
  neg: number, min -5, max 1_000.5
  p: percent, min 0%, max 100%
  d: date, min 2020-01-01
  k: kind
}
rule it.net-1000m "title" { for r }
rule R_1 "t" {
  tags a, b_2
  severity warning
  missing ignore
  for r per n, k
  where not (n > 0)
  let x = n ?? 0
  let y = if x > 3 then 1 else 2
  require x in [1, 2, 3,] and k not in [a, b]
  message "n={n:.2} {{literal}} {x:%}"
  help "fix {n}"
  cite "一"
  due 2021-02-28
  example pass { n: 1, k: a, d: 2020-01-02, p: 50%, }
  example fail [ { n: 1 }, { n: 2 } ]
  example skip [ ]
  example missing {}
}
rule O "o" {
  for r overall
  missing error
  require count() > 0 and count(where n > 1) >= 1 and cv(n, n where n > 0) < 0.5
}
waive R_1 for "a", "b" until 2023-06-30 because "r"
"#;
    insta::assert_snapshot!(ok(text));
}

#[test]
fn severities_and_missing_policies() {
    let out = ok(r#"rule A "t" { severity info missing info require true }
rule B "t" { severity error missing warning require true }"#);
    assert!(out.contains("severity info\n  missing info"));
    assert!(out.contains("severity error\n  missing warning"));
}

#[test]
fn one_line_rule_and_items() {
    let out = ok(r#"plan "p" const A = 1 rule X "t" { for s where a > 0 require b } const B = 2"#);
    assert_eq!(
        out,
        "plan \"p\"\nconst A = 1\nrule X \"t\"\n  for s\n  where (> a 0)\n  require b\nconst B = 2\n"
    );
}

#[test]
fn quote_is_only_an_item_keyword() {
    let out = ok(r#"record r { quote: text }
rule Q "q" { let quote = 1 require quote > 0 }"#);
    assert!(out.contains("quote: text"), "{out}");
    assert!(out.contains("let quote = 1"), "{out}");
}

#[test]
fn comments_everywhere_but_in_strings() {
    let out = ok("# head\nrule A \"t # not a comment\" { # c\n require a # c\n > 1 # c\n}\n# tail");
    assert_eq!(out, "rule A \"t # not a comment\"\n  require (> a 1)\n");
}

// ----- lexical ---------------------------------------------------------------

#[test]
fn numbers_percentages_quantities() {
    assert_eq!(expr("12"), "12");
    assert_eq!(expr("1_000"), "1000");
    assert_eq!(expr("12.5"), "12.5");
    assert_eq!(expr("12.0"), "12.0");
    assert_eq!(expr("80%"), "80%");
    assert_eq!(expr("12.5%"), "12.5%");
    assert_eq!(expr("1000Mbps"), "1000Mbps");
    assert_eq!(expr("1Gbps"), "1000Mbps");
    assert_eq!(expr("512kbps"), "0.512Mbps");
    assert_eq!(expr("512Kbps"), "0.512Mbps");
    assert_eq!(expr("2000000bps"), "2Mbps");
    assert_eq!(expr("2.5m2"), "2.5m2");
    assert_eq!(expr("2.5m²"), "2.5m2");
    assert_eq!(expr("300yuan"), "300yuan");
    assert_eq!(expr("1_000yuan"), "1000yuan");
}

#[test]
fn literal_kinds() {
    let kind = |t: &str| parse_expr(FileId(0), t).0.map(|e| e.kind);
    assert_eq!(
        kind("80%"),
        Some(ExprKind::Percent(0.8)),
        "80% is the number 0.8"
    );
    assert_eq!(
        kind("12"),
        Some(ExprKind::Number {
            value: 12.0,
            is_int: true
        })
    );
    assert_eq!(
        kind("12.5"),
        Some(ExprKind::Number {
            value: 12.5,
            is_int: false
        })
    );
    assert_eq!(
        kind("512kbps"),
        Some(ExprKind::Quantity {
            value: 0.512,
            dim: crate::value::Dim::Rate
        })
    );
    assert_eq!(
        kind("2020-12-31"),
        Some(ExprKind::Date(
            crate::value::Date::from_ymd(2020, 12, 31).unwrap()
        ))
    );
    assert_eq!(
        kind("2024-02-29").map(|k| matches!(k, ExprKind::Date(_))),
        Some(true)
    );
    assert_eq!(kind("true"), Some(ExprKind::Bool(true)));
    assert_eq!(kind("false"), Some(ExprKind::Bool(false)));
}

#[test]
fn string_escapes() {
    let kind = |t: &str| parse_expr(FileId(0), t).0.map(|e| e.kind);
    assert_eq!(
        kind(r#""a\"b\\c\nd\te\u{4E2D}""#),
        Some(ExprKind::Str("a\"b\\c\nd\te中".into()))
    );
    assert_eq!(
        kind("\"“一人一铺”\""),
        Some(ExprKind::Str("“一人一铺”".into()))
    );
    assert_eq!(kind("\"多\n行\""), Some(ExprKind::Str("多\n行".into())));
    assert_eq!(kind("\"#x\""), Some(ExprKind::Str("#x".into())));
}

#[test]
fn dates_minus_and_subtraction() {
    assert_eq!(expr("2020-12-31"), "2020-12-31");
    assert_eq!(expr("2020 - 12 - 31"), "(2020 - 12 - 31)");
    assert_eq!(expr("a-1"), "(a - 1)");
    assert_eq!(expr("2020-12"), "(2020 - 12)");
}

// ----- precedence ------------------------------------------------------------

#[test]
fn precedence_ladder() {
    assert_eq!(
        expr("a or b and not c == d + e * -f ?? g"),
        "(a or (b and (not (== c (d + (e * (neg (f ?? g))))))))"
    );
    assert_eq!(
        expr("if a or b then c + 1 else d * 2"),
        "(if (a or b) (c + 1) (d * 2))"
    );
    assert_eq!(expr("if a then b else c or d"), "(if a b (c or d))");
    assert_eq!(expr("x + if a then 1 else 2 * 3"), "(x + (if a 1 (2 * 3)))");
}

#[test]
fn chains_are_flat_and_left_to_right() {
    assert_eq!(expr("a + b - c + d"), "(a + b - c + d)");
    assert_eq!(expr("a * b / c"), "(a * b / c)");
    assert_eq!(expr("a or b or c"), "(a or b or c)");
    assert_eq!(expr("a and b and c"), "(a and b and c)");
    assert_eq!(expr("a ?? b ?? c"), "(a ?? b ?? c)");
    assert_eq!(expr("a - b * c - d"), "(a - (b * c) - d)");
}

#[test]
fn not_and_membership() {
    assert_eq!(expr("not a in [1]"), "(not (in a [1]))");
    assert_eq!(expr("a not in [1, 2]"), "(not-in a [1 2])");
    assert_eq!(expr("not a not in [1]"), "(not (not-in a [1]))");
    assert_eq!(expr("not not a"), "(not (not a))");
    assert_eq!(expr("not a and b"), "((not a) and b)");
    assert_eq!(expr("a in [1] or b"), "((in a [1]) or b)");
    assert_eq!(expr("a + 1 in [2]"), "(in (a + 1) [2])");
}

#[test]
fn unary_minus_and_coalesce() {
    assert_eq!(expr("-a ?? b"), "(neg (a ?? b))");
    assert_eq!(expr("a ?? -1"), "(a ?? (neg 1))");
    assert_eq!(expr("- -a"), "(neg (neg a))");
    assert_eq!(expr("-a * b"), "((neg a) * b)");
    assert_eq!(expr("a - -b"), "(a - (neg b))");
}

#[test]
fn comparisons() {
    for op in ["==", "!=", "<", "<=", ">", ">="] {
        assert_eq!(expr(&format!("a {op} b")), format!("({op} a b)"));
    }
    assert_eq!(expr("a+b>=c*d"), "(>= (a + b) (c * d))");
}

#[test]
fn calls_lists_parens() {
    assert_eq!(expr("count()"), "(count)");
    assert_eq!(expr("count(where a > 1)"), "(count where (> a 1))");
    assert_eq!(expr("sum(x where p)"), "(sum x where p)");
    assert_eq!(expr("cv(e, w where p and q)"), "(cv e w where (p and q))");
    assert_eq!(expr("round(x, 2)"), "(round x 2)");
    assert_eq!(expr("least(a, b, c,)"), "(least a b c)");
    assert_eq!(expr("min(x)"), "(min x)");
    assert_eq!(expr("max(x where y)"), "(max x where y)");
    assert_eq!(expr("missing(x)"), "(missing x)");
    assert_eq!(expr("present (x)"), "(present x)");
    assert_eq!(expr("(a + b) * c"), "((paren (a + b)) * c)");
    assert_eq!(expr("[]"), "[]");
    assert_eq!(expr("[a, [1, 2], \"s\",]"), "[a [1 2] \"s\"]");
}

// ----- spans -----------------------------------------------------------------

fn slice(text: &str, span: crate::source::Span) -> &str {
    &text[span.start as usize..span.end as usize]
}

#[test]
fn spans_cover_nodes() {
    let text = "rule BOARD-001 \"t\" {\n  for school per county\n  require (beds + 1) >= sum(x where y)\n}\n";
    let (m, errs) = parse(FileId(7), text);
    assert!(errs.is_empty());
    let Item::Rule(rule) = &m.items[0] else {
        panic!("not a rule")
    };
    assert_eq!(slice(text, rule.span), &text[..text.len() - 1]);
    assert_eq!(rule.span.file, FileId(7));
    assert_eq!(slice(text, rule.id.span), "BOARD-001");
    assert_eq!(slice(text, rule.title.span), "\"t\"");
    assert_eq!(slice(text, rule.clauses[0].span), "for school per county");
    assert_eq!(
        slice(text, rule.clauses[1].span),
        "require (beds + 1) >= sum(x where y)"
    );
    let ClauseKind::Require(e) = &rule.clauses[1].kind else {
        panic!("not require")
    };
    assert_eq!(slice(text, e.span), "(beds + 1) >= sum(x where y)");
    let ExprKind::Compare { lhs, rhs, .. } = &e.kind else {
        panic!("not a comparison")
    };
    assert_eq!(slice(text, lhs.span), "(beds + 1)");
    assert_eq!(slice(text, rhs.span), "sum(x where y)");
    let ExprKind::Call { func, filter, .. } = &rhs.kind else {
        panic!("not a call")
    };
    assert_eq!(slice(text, func.span), "sum");
    assert_eq!(slice(text, filter.as_ref().unwrap().span), "y");
}

#[test]
fn item_spans() {
    let text = "waive A-1 for \"k\" until 2023-01-01 because \"r\"\nrecord r {\n  a: int, min 0, column \"x\" \"y\"\n}\n";
    let (m, errs) = parse(FileId(0), text);
    assert!(errs.is_empty());
    let Item::Waive(w) = &m.items[0] else {
        panic!()
    };
    assert_eq!(slice(text, w.span), text.lines().next().unwrap());
    assert_eq!(slice(text, w.until.span), "2023-01-01");
    let Item::Record(r) = &m.items[1] else {
        panic!()
    };
    let f = &r.fields[0];
    assert_eq!(slice(text, f.span), "a: int, min 0, column \"x\" \"y\"");
    assert_eq!(slice(text, f.attrs[1].span), "column \"x\" \"y\"");
    assert_eq!(slice(text, f.ty.span), "int");
}

#[test]
fn template_spans_point_into_the_file() {
    let text = "rule A \"t\" { message \"\\u{4E2D}\\\"宿 {beds + 1} {{x}} {students / 2:.1}\" }";
    let (m, errs) = parse(FileId(0), text);
    assert!(errs.is_empty(), "{}", errors(text, &errs));
    let Item::Rule(rule) = &m.items[0] else {
        panic!()
    };
    let ClauseKind::Message(t) = &rule.clauses[0].kind else {
        panic!()
    };
    assert_eq!(slice(text, t.span), &text[21..text.len() - 2]);
    let holes: Vec<&Expr> = t
        .parts
        .iter()
        .filter_map(|p| match p {
            TemplatePart::Hole { expr, .. } => Some(expr),
            TemplatePart::Text(_) => None,
        })
        .collect();
    assert_eq!(slice(text, holes[0].span), "beds + 1");
    assert_eq!(slice(text, holes[1].span), "students / 2");
    let ExprKind::Chain { first, .. } = &holes[1].kind else {
        panic!()
    };
    assert_eq!(slice(text, first.span), "students");
    assert_eq!(
        template(t),
        "\"中\\\"宿 \" {(beds + 1)} \" {x} \" {(students / 2):.1}"
    );
}

#[test]
fn template_with_escaped_string_in_hole() {
    let text = r#"rule A "t" { message "{name ?? \"无\"}" }"#;
    let (m, errs) = parse(FileId(0), text);
    assert!(errs.is_empty(), "{}", errors(text, &errs));
    let Item::Rule(rule) = &m.items[0] else {
        panic!()
    };
    let ClauseKind::Message(t) = &rule.clauses[0].kind else {
        panic!()
    };
    assert_eq!(template(t), "{(name ?? \"无\")}");
    let TemplatePart::Hole { expr, .. } = &t.parts[0] else {
        panic!()
    };
    assert_eq!(slice(text, expr.span), r#"name ?? \"无\""#);
}

// ----- errors ----------------------------------------------------------------

/// Each case on its own, as `source` then its errors.
fn error_cases(cases: &[&str]) -> String {
    let mut out = String::new();
    for case in cases {
        writeln!(out, ">>> {case}\n{}", errs(case)).unwrap();
    }
    out
}

const LEXICAL_CASES: &[&str] = &[
    "const A = 1000Mb",
    "const A = 1000M",
    "const A = 1Gbit",
    "const A = 0²x",
    "const A = 10mbps",
    "const A = 3apples",
    "const A = 2021-02-29",
    "const A = 2020-13-01",
    "const A = 2020-1-5",
    "const A = 2020-12-31x",
    "const A = 1_",
    "const A = 100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    r#"const A = "a\qb""#,
    r#"const A = "a\u{D800}""#,
    r#"const A = "a\u{110000}""#,
    r#"const A = "a\u4E2D""#,
    r#"const A = "a\u{}""#,
    "const A = \"abc",
    "const A = 'abc'",
    "const A = “abc”",
    "const 床位 = 1",
    "const A = a && b",
    "const A = a || b",
    "const A = !a",
    "const A = a = b",
];

#[test]
fn lexical_errors() {
    insta::assert_snapshot!(error_cases(LEXICAL_CASES));
}

const ITEM_CASES: &[&str] = &[
    "rul A \"t\" { require a }",
    "recrod r { a: int }",
    "plan",
    "plan title",
    "const = 1",
    "const min = 1",
    "const A 1",
    "const A =",
    "enum e { a b }",
    "enum e { a \"x\" \"y\" c }",
    "enum e { key }",
    "enum e a, b }",
    "record r { a int }",
    "record r { a: }",
    "record r { a: int, requird }",
    "record r { a: int, min }",
    "record r { a: int, column }",
    "record r { a: int, matches 1 }",
    "record r { a: int, \"x\" }",
    "record r { key: int }",
    "rule \"t\" { require a }",
    "rule A { require a }",
    "rule A \"t\" require a",
    "rule for \"t\" { }",
    "waive A \"k\" until 2020-01-01 because \"r\"",
    "waive A for k until 2020-01-01 because \"r\"",
    "waive A for \"k\" 2020-01-01 because \"r\"",
    "waive A for \"k\" until soon because \"r\"",
    "waive A for \"k\" until 2020-01-01 \"r\"",
    "waive A for \"k\" until 2020-01-01 because",
    "quote \"a\"",
    "require a > 1",
    "} const A = 1",
    "42",
];

#[test]
fn item_errors() {
    insta::assert_snapshot!(error_cases(ITEM_CASES));
}

const CLAUSE_CASES: &[&str] = &[
    "rule A \"t\" { requre a }",
    "rule A \"t\" { wher a }",
    "rule A \"t\" { exampel pass {} }",
    "rule A \"t\" { xyzzy }",
    "rule A \"t\" { per a }",
    "rule A \"t\" { 42 }",
    "rule A \"t\" { severity fatal }",
    "rule A \"t\" { severity warn }",
    "rule A \"t\" { missing skip }",
    "rule A \"t\" { due tomorrow }",
    "rule A \"t\" { tags a, }",
    "rule A \"t\" { tags }",
    "rule A \"t\" { for }",
    "rule A \"t\" { for s per }",
    "rule A \"t\" { let = 1 }",
    "rule A \"t\" { let x 1 }",
    "rule A \"t\" { let where = 1 }",
    "rule A \"t\" { cite 1 }",
    "rule A \"t\" { message msg }",
    "rule A \"t\" { example }",
    "rule A \"t\" { example win {} }",
    "rule A \"t\" { example pass }",
    "rule A \"t\" { example pass { a 1 } }",
    "rule A \"t\" { example pass { a: 1 b: 2 } }",
    "rule A \"t\" { example pass [ { a: 1 } { a: 2 } ] }",
    "rule A \"t\" { example pass { level: } }",
    "rule A \"t\" {\n  require a\n",
    "rule A \"t\" {\n  require a\n\nrule B \"u\" { require b }",
    "record r {\n  a: int\n\nconst A = 1",
    "enum e {\n  a,\n\nconst A = 1",
];

#[test]
fn clause_errors() {
    insta::assert_snapshot!(error_cases(CLAUSE_CASES));
}

const EXPRESSION_CASES: &[&str] = &[
    "const A = a < b < c",
    "const A = a == b in [1]",
    "const A = a in [1] not in [2]",
    "const A = (a + b",
    "const A = [a, b",
    "const A = f(a b)",
    "const A = sum(a where)",
    "const A = a +",
    "const A = * a",
    "const A = a == not b",
    "const A = if a then b",
    "const A = if a b else c",
    "const A = min",
    "const A = rule",
    "const A = )",
    "const A = a ?? * b",
];

#[test]
fn expression_errors() {
    insta::assert_snapshot!(error_cases(EXPRESSION_CASES));
}

const TEMPLATE_CASES: &[&str] = &[
    r#"rule A "t" { message "宿舍 {beds" }"#,
    r#"rule A "t" { message "宿舍 beds}" }"#,
    r#"rule A "t" { message "宿舍 {}" }"#,
    r#"rule A "t" { message "宿舍 {beds +}" }"#,
    r#"rule A "t" { message "宿舍 {beds beds}" }"#,
    r#"rule A "t" { message "宿舍 {beds:x}" }"#,
    r#"rule A "t" { message "宿舍 {beds:.}" }"#,
    r#"rule A "t" { message "宿舍 {beds:.999}" }"#,
    r#"rule A "t" { message "\t{beds < }" }"#,
    r#"rule A "t" { help "{a} {b +} {c:%} {d:?} }" }"#,
    r#"rule A "t" { message "{10mbps}" }"#,
    r#"rule A "t" { message "{\"a\q\"}" }"#,
];

#[test]
fn template_errors() {
    insta::assert_snapshot!(error_cases(TEMPLATE_CASES));
}

/// Type names, units, formats and other words that Chinese messages keep as
/// the language writes them.
const KEPT_WORDS: &[&str] = &["ASCII", "Unicode", "YYYY", "UTF"];

#[test]
fn every_syntax_error_is_written_in_chinese() {
    let cases = [
        LEXICAL_CASES,
        ITEM_CASES,
        CLAUSE_CASES,
        EXPRESSION_CASES,
        TEMPLATE_CASES,
    ];
    let mut deep = String::from("const A = ");
    deep.push_str(&"(".repeat(MAX_DEPTH + 1));
    let mut count = 0;
    for case in cases.iter().flat_map(|c| c.iter()).chain([&deep.as_str()]) {
        let (_, en) = parse(FileId(0), case);
        let (_, zh) = crate::syntax::parse_in(FileId(0), case, crate::i18n::Lang::Zh);
        assert_eq!(en.len(), zh.len(), "{case}");
        for (en, zh) in en.iter().zip(&zh) {
            assert_eq!(en.span, zh.span, "{case}");
            for text in [&zh.message, &zh.label].into_iter().chain(&zh.help) {
                let words = crate::i18n::load::untranslated(text, KEPT_WORDS);
                assert!(words.is_empty(), "{case}: {text:?} keeps {words:?}");
                assert!(crate::i18n::has_cjk(text), "{case}: {text:?}");
            }
            count += 1;
        }
    }
    assert!(count > 100, "{count} errors");
}

#[test]
fn syntax_errors_in_chinese() {
    let cases = [
        "const A = 1000Mb",
        "const A = 2021-02-29",
        "const A = \"abc",
        "const A = a && b",
        "recrod r { a: int }",
        "const A 1",
        "rule A \"t\" { requre a }",
        "rule A \"t\" { severity warn }",
        "rule A \"t\" {\n  require a\n",
        "const A = a < b < c",
        "const A = f(a b)",
        "const A = if a b else c",
        r#"rule A "t" { message "宿舍 {beds" }"#,
        r#"rule A "t" { message "宿舍 {beds:x}" }"#,
    ];
    let mut out = String::new();
    for case in cases {
        let (_, errs) = crate::syntax::parse_in(FileId(0), case, crate::i18n::Lang::Zh);
        writeln!(out, ">>> {case}\n{}", errors(case, &errs)).unwrap();
    }
    insta::assert_snapshot!(out);
}
