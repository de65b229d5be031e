//! Reports about the pack itself: `dudao rules`, `dudao explain` and the
//! results of `dudao test`.

use std::fmt::{self, Write};
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use serde_json::{Value as Json, json};

use crate::eval::examples::ExampleReport;
use crate::i18n::{Lang, cli as msg};
use crate::model::{Pack, Rule, RuleScope};
use crate::source::{SourceFile, Span};
use crate::t;

/// `record`, `group` or `overall` (the JSON's words).
fn scope_name(rule: &Rule) -> &'static str {
    match rule.scope {
        RuleScope::Record => "record",
        RuleScope::Per(_) => "group",
        RuleScope::Overall => "overall",
    }
}

/// The scope's kind in `lang`: record, group, overall.
fn scope_kind(rule: &Rule, lang: Lang) -> String {
    let kind = match rule.scope {
        RuleScope::Record => msg::SCOPE_KIND_RECORD,
        RuleScope::Per(_) => msg::SCOPE_KIND_GROUP,
        RuleScope::Overall => msg::SCOPE_KIND_OVERALL,
    };
    t!(lang, kind)
}

/// The scope as a reader says it: `school`, `school per county, township`.
fn scope_text(pack: &Pack, rule: &Rule, lang: Lang) -> String {
    let Some(rtype) = pack.records.get(rule.record as usize) else {
        return String::new();
    };
    match &rule.scope {
        RuleScope::Record => rtype.name.clone(),
        RuleScope::Overall => t!(lang, msg::SCOPE_OVERALL, record = rtype.name),
        RuleScope::Per(per) => {
            let names: Vec<&str> = per
                .iter()
                .filter_map(|&f| rtype.fields.get(f as usize))
                .map(|f| f.name.as_str())
                .collect();
            let fields = names.join(crate::syntax::list_separator(lang));
            t!(lang, msg::SCOPE_PER, record = rtype.name, fields = fields)
        }
    }
}

/// `text` padded with spaces to `width` columns (CJK characters take two).
fn pad(text: &str, width: usize) -> String {
    let used: usize = text
        .chars()
        .map(|c| {
            if crate::i18n::has_cjk(c.encode_utf8(&mut [0; 4])) {
                2
            } else {
                1
            }
        })
        .sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// `dudao rules --format json`.
pub fn rules_json(pack: &Pack) -> String {
    let rules: Vec<Json> = pack
        .rules
        .iter()
        .map(|rule| {
            let rtype = pack.records.get(rule.record as usize);
            let per: Vec<&str> = match &rule.scope {
                RuleScope::Per(per) => per
                    .iter()
                    .filter_map(|&f| rtype?.fields.get(f as usize).map(|f| f.name.as_str()))
                    .collect(),
                _ => Vec::new(),
            };
            json!({
                "id": rule.id,
                "title": rule.title,
                "cite": rule.cite,
                "severity": rule.severity.as_str(),
                "due": rule.due.map(|d| d.to_string()),
                "scope": scope_name(rule),
                "record_type": rtype.map(|r| r.name.as_str()),
                "per": per,
                "tags": rule.tags,
                "examples": rule.examples.len(),
            })
        })
        .collect();
    let doc = json!({ "dudao": "1", "plan": pack.plan, "rules": rules });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// `dudao rules`: one line per rule, headed in `lang`.
pub fn rules_table(pack: &Pack, lang: Lang) -> String {
    let mut out = String::new();
    if let Some(plan) = &pack.plan {
        let _ = writeln!(out, "{}\n", escape(plan));
    }
    let id_width = pack
        .rules
        .iter()
        .map(|r| r.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let _ = writeln!(
        out,
        "{}  {}  {}  {}  {}  {}",
        pad(&t!(lang, msg::COL_ID), id_width),
        pad(&t!(lang, msg::COL_SEVERITY), 8),
        pad(&t!(lang, msg::COL_DUE), 10),
        pad(&t!(lang, msg::COL_SCOPE), 28),
        pad(&t!(lang, msg::COL_CITE), 10),
        t!(lang, msg::COL_TITLE),
    );
    for rule in &pack.rules {
        let due = rule.due.map_or_else(|| "-".to_owned(), |d| d.to_string());
        let _ = write!(
            out,
            "{:id_width$}  {:8}  {:10}  {}  {}  {}",
            rule.id,
            rule.severity.as_str(),
            due,
            pad(&scope_text(pack, rule, lang), 28),
            pad(&escape(rule.cite.as_deref().unwrap_or("-")), 10),
            escape(&rule.title),
        );
        if !rule.tags.is_empty() {
            let _ = write!(out, "  [{}]", rule.tags.join(", "));
        }
        out.push('\n');
    }
    let count = pack.rules.len();
    let _ = writeln!(out, "\n{}", t!(lang, msg::RULE_COUNT, count = count));
    out
}

/// `dudao explain RULE`: everything about one rule, or an error that
/// suggests the closest id.
pub fn explain(pack: &Pack, id: &str, lang: Lang) -> Result<String, String> {
    let Some(index) = pack.rule(id) else {
        let ids = pack.rules.iter().map(|r| r.id.as_str());
        let suggestion = crate::check::suggest::did_you_mean(lang, id, ids);
        return Err(t!(
            lang,
            msg::NO_SUCH_RULE,
            id = escape(id),
            suggestion = suggestion
        ));
    };
    let rule = &pack.rules[index];
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", rule.id, escape(&rule.title));
    let field = |out: &mut String, name: crate::i18n::Msg, value: &str| {
        let _ = writeln!(out, "  {} {}", pad(&t!(lang, name), 9), escape(value));
    };
    if let Some(plan) = &pack.plan {
        field(&mut out, msg::EXPLAIN_PLAN, plan);
    }
    if let Some(cite) = &rule.cite {
        field(&mut out, msg::EXPLAIN_CITE, cite);
    }
    let severity = match rule.due {
        Some(due) => t!(
            lang,
            msg::SEVERITY_UNTIL_DUE,
            severity = rule.severity.as_str(),
            due = crate::i18n::date(lang, due)
        ),
        None => rule.severity.as_str().to_owned(),
    };
    field(&mut out, msg::EXPLAIN_SEVERITY, &severity);
    field(
        &mut out,
        msg::EXPLAIN_DUE,
        &rule
            .due
            .map_or_else(|| t!(lang, msg::ALWAYS_DUE), |d| crate::i18n::date(lang, d)),
    );
    field(
        &mut out,
        msg::EXPLAIN_SCOPE,
        &t!(
            lang,
            msg::SCOPE_WITH_KIND,
            scope = scope_text(pack, rule, lang),
            kind = scope_kind(rule, lang)
        ),
    );
    if !rule.tags.is_empty() {
        field(&mut out, msg::EXPLAIN_TAGS, &rule.tags.join(", "));
    }
    let missing = match rule.missing {
        crate::syntax::ast::MissingPolicy::Report(s) => s.as_str(),
        crate::syntax::ast::MissingPolicy::Ignore => "ignore",
    };
    field(&mut out, msg::EXPLAIN_MISSING, missing);
    if let Some(text) = rule.cite.as_ref().and_then(|c| pack.plan_text.get(c)) {
        let cite = escape(rule.cite.as_deref().unwrap_or(""));
        let _ = writeln!(
            out,
            "\n{}\n  {}",
            t!(lang, msg::PLAN_SAYS, cite = cite),
            escape(text)
        );
    }
    let file = pack.sources.get(rule.span.file);
    let (line, _) = file.line_col(rule.span.start as usize);
    let source = t!(lang, msg::SOURCE_AT, file = escape(&file.name), line = line);
    let _ = writeln!(out, "\n{source}");
    for text in file.slice(rule.span).lines() {
        let _ = writeln!(out, "  {}", escape(text));
    }
    Ok(out)
}

/// A mismatched example as a miette diagnostic in its rule file.
#[derive(Debug)]
struct ExampleDiagnostic {
    message: String,
    label: String,
    help: String,
    file: Arc<SourceFile>,
    span: Span,
}

impl fmt::Display for ExampleDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExampleDiagnostic {}

impl Diagnostic for ExampleDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("test/example"))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.file.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label.clone()),
            self.span,
        ))))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.help))
    }
}

/// `dudao test`: each mismatch at its example, then a closing count line.
pub fn examples(pack: &Pack, report: &ExampleReport, color: bool, lang: Lang) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    for m in &report.mismatches {
        let rule = &pack.rules[m.rule as usize];
        let diagnostic = ExampleDiagnostic {
            message: t!(
                lang,
                msg::EXAMPLE_MISMATCH,
                rule = rule.id,
                expected = m.expected.as_str(),
                actual = m.actual.as_str()
            ),
            label: t!(lang, msg::EXAMPLE_GIVES, actual = m.actual.as_str()),
            help: escape(&m.detail).into_owned(),
            file: pack.sources.get(m.span.file).clone(),
            span: m.span,
        };
        let mut text = String::new();
        let _ = handler.render_report(&mut text, &diagnostic);
        out.push_str(&crate::check::error::localize_rendering(text, lang));
        out.push('\n');
    }
    let failed = report.mismatches.len();
    let passed = report.examples - failed;
    let _ = writeln!(
        out,
        "{}",
        t!(
            lang,
            msg::EXAMPLES_SUMMARY,
            passed = passed,
            failed = failed
        )
    );
    out
}

fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    crate::escape::escape(text)
}
