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
