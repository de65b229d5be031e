//! Reports about the pack itself: `dudao rules`, `dudao explain` and the
//! results of `dudao test`.

use std::fmt::{self, Write};
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use serde_json::{Value as Json, json};

use crate::eval::examples::ExampleReport;
use crate::model::{Pack, Rule, RuleScope};
use crate::source::{SourceFile, Span};

/// `record`, `group` or `overall`.
fn scope_name(rule: &Rule) -> &'static str {
    match rule.scope {
        RuleScope::Record => "record",
        RuleScope::Per(_) => "group",
        RuleScope::Overall => "overall",
    }
}

/// The scope as a reader says it: `school`, `school per county, township`.
fn scope_text(pack: &Pack, rule: &Rule) -> String {
    let Some(rtype) = pack.records.get(rule.record as usize) else {
        return String::new();
    };
    match &rule.scope {
        RuleScope::Record => rtype.name.clone(),
        RuleScope::Overall => format!("{} overall", rtype.name),
        RuleScope::Per(per) => {
            let names: Vec<&str> = per
                .iter()
                .filter_map(|&f| rtype.fields.get(f as usize))
                .map(|f| f.name.as_str())
                .collect();
            format!("{} per {}", rtype.name, names.join(", "))
        }
    }
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

/// `dudao rules`: one line per rule.
pub fn rules_table(pack: &Pack) -> String {
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
        "{:id_width$}  {:8}  {:10}  {:28}  {:10}  TITLE",
        "ID", "SEVERITY", "DUE", "SCOPE", "CITE"
    );
    for rule in &pack.rules {
        let due = rule.due.map_or_else(|| "-".to_owned(), |d| d.to_string());
        let _ = write!(
            out,
            "{:id_width$}  {:8}  {:10}  {:28}  {:10}  {}",
            rule.id,
            rule.severity.as_str(),
            due,
            scope_text(pack, rule),
            escape(rule.cite.as_deref().unwrap_or("-")),
            escape(&rule.title),
        );
        if !rule.tags.is_empty() {
            let _ = write!(out, "  [{}]", rule.tags.join(", "));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "\n{} rules", pack.rules.len());
    out
}

/// `dudao explain RULE`: everything about one rule, or an error that
/// suggests the closest id.
pub fn explain(pack: &Pack, id: &str) -> Result<String, String> {
    let Some(index) = pack.rule(id) else {
        let ids = pack.rules.iter().map(|r| r.id.as_str());
        return Err(format!(
            "no rule `{}` in the pack{}",
            escape(id),
            crate::check::suggest::did_you_mean(id, ids)
        ));
    };
    let rule = &pack.rules[index];
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", rule.id, escape(&rule.title));
    let field = |out: &mut String, name: &str, value: &str| {
        let _ = writeln!(out, "  {name:<9} {}", escape(value));
    };
    if let Some(plan) = &pack.plan {
        field(&mut out, "plan", plan);
    }
    if let Some(cite) = &rule.cite {
        field(&mut out, "cite", cite);
    }
    let severity = match rule.due {
        Some(due) => format!(
            "{} (info up to and including {due})",
            rule.severity.as_str()
        ),
        None => rule.severity.as_str().to_owned(),
    };
    field(&mut out, "severity", &severity);
    field(
        &mut out,
        "due",
        &rule
            .due
            .map_or_else(|| "none: always due".to_owned(), |d| d.to_string()),
    );
    field(
        &mut out,
        "scope",
        &format!("{} ({})", scope_text(pack, rule), scope_name(rule)),
    );
    if !rule.tags.is_empty() {
        field(&mut out, "tags", &rule.tags.join(", "));
    }
    let missing = match rule.missing {
        crate::syntax::ast::MissingPolicy::Report(s) => s.as_str(),
        crate::syntax::ast::MissingPolicy::Ignore => "ignore",
    };
    field(&mut out, "missing", missing);
    if let Some(text) = rule.cite.as_ref().and_then(|c| pack.plan_text.get(c)) {
        let _ = writeln!(
            out,
            "\nThe plan says ({}):\n  {}",
            escape(rule.cite.as_deref().unwrap_or("")),
            escape(text)
        );
    }
    let file = pack.sources.get(rule.span.file);
    let (line, _) = file.line_col(rule.span.start as usize);
    let _ = writeln!(out, "\nSource ({}:{line}):", escape(&file.name));
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
pub fn examples(pack: &Pack, report: &ExampleReport, color: bool) -> String {
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
            message: format!(
                "{}: example expects `{}`, but the rule gives `{}`",
                rule.id,
                m.expected.as_str(),
                m.actual.as_str()
            ),
            label: format!("gives {}", m.actual.as_str()),
            help: escape(&m.detail).into_owned(),
            file: pack.sources.get(m.span.file).clone(),
            span: m.span,
        };
        let _ = handler.render_report(&mut out, &diagnostic);
        out.push('\n');
    }
    let failed = report.mismatches.len();
    let _ = writeln!(
        out,
        "examples: {} passed, {failed} failed",
        report.examples - failed
    );
    out
}

fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    crate::escape::escape(text)
}
