//! The Markdown report (`--format markdown`), for a pull-request comment:
//! a heading, the summary counts, a table of rules (id, title, cite and
//! their failures, missing data and waivers), a table of group findings,
//! then each rule's diagnostics — at most `--max-per-rule` of them, then
//! "… and K more".
//!
//! Every text from data or rules goes through [`cell`], which keeps it from
//! breaking a table (`|`, newlines), from becoming Markdown (backticks,
//! emphasis, links) and from becoming HTML (`<`, `>`, `&`); control
//! characters and bidi overrides are written as `\u{…}`.
//!
//! Tables come before the diagnostics, so the report is written at
//! `finish`; only the diagnostics that will be shown are kept (as rendered
//! rows), the rest are counted.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::describe::{self, Place, shown_text};
use super::{Context, Reporter};
use crate::diag::{Finding, Outcome, Scope, Summary};
use crate::escape::{is_unsafe, push_escaped};
use crate::i18n::{Lang, report as msg};
use crate::t;

/// How the Markdown report looks.
#[derive(Clone, Debug)]
pub struct MarkdownOptions {
    /// Show at most this many diagnostics per rule; 0 shows all.
    pub max_per_rule: usize,
}

impl Default for MarkdownOptions {
    fn default() -> MarkdownOptions {
        MarkdownOptions { max_per_rule: 20 }
    }
}

/// Writes the Markdown report to `W`.
pub struct MarkdownReporter<W: Write> {
    out: W,
    options: MarkdownOptions,
    /// Per rule id.
    rules: BTreeMap<String, RuleEntry>,
    /// Group findings: (group key, rule id, rendered row).
    groups: Vec<(String, String, String)>,
}

#[derive(Default)]
struct RuleEntry {
    title: String,
    cite: Option<String>,
    /// Failures (and built-in diagnostics), missing data, waived.
    failures: u64,
    missing: u64,
    waived: u64,
    errors: u64,
    warnings: u64,
    infos: u64,
    /// Rendered rows of the diagnostics to show.
    rows: Vec<String>,
    total: u64,
}

impl<W: Write> MarkdownReporter<W> {
    pub fn new(out: W, options: MarkdownOptions) -> MarkdownReporter<W> {
        MarkdownReporter {
            out,
            options,
            rules: BTreeMap::new(),
            groups: Vec::new(),
        }
    }

    /// Gives the writer back.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Reporter for MarkdownReporter<W> {
    fn finding(&mut self, cx: &Context, finding: &Finding) -> io::Result<()> {
        let id = describe::rule_id(cx, finding.rule);
        let entry = match self.rules.get_mut(id) {
            Some(e) => e,
            None => {
                let entry = RuleEntry {
                    title: describe::rule_title(cx, finding.rule).to_owned(),
                    cite: describe::pack_rule(cx, finding).and_then(|r| r.cite.clone()),
                    ..RuleEntry::default()
                };
                self.rules.entry(id.to_owned()).or_insert(entry)
            }
        };
        match finding.outcome {
            Outcome::Fail | Outcome::Error => entry.failures += 1,
            Outcome::Missing => entry.missing += 1,
            Outcome::Waived => entry.waived += 1,
        }
        match finding.severity {
            crate::diag::Severity::Error => entry.errors += 1,
            crate::diag::Severity::Warning => entry.warnings += 1,
            crate::diag::Severity::Info => entry.infos += 1,
        }
        entry.total += 1;
        let max = self.options.max_per_rule;
        if max == 0 || entry.rows.len() < max {
            entry.rows.push(row(cx, finding));
        }
        if finding.scope == Scope::Group {
            let key = finding.key.clone().unwrap_or_default();
            let group_row = format!(
                "| {} | {} | {} | {} | {} |",
                cell(&key),
                cell(id),
                describe::outcome_word(finding.outcome, cx.lang),
                describe::severity_word(finding.severity, cx.lang),
                cell(&finding.message)
            );
            self.groups.push((key, id.to_owned(), group_row));
        }
        Ok(())
    }

    fn finish(&mut self, cx: &Context, summary: &Summary) -> io::Result<()> {
        let lang = cx.lang;
        let n = |n: u64| describe::number(n, lang);
        let mut out = String::new();
        let heading = match &cx.pack.plan {
            Some(plan) => t!(lang, msg::MD_HEADING_PLAN, plan = cell(plan)),
            None => msg::MD_HEADING.template(lang).to_owned(),
        };
        let _ = write!(out, "## {heading}\n\n");
        let (mark, verdict) = if summary.errors > 0 {
            ("❌", msg::MD_FAILED)
        } else if summary.warnings > 0 {
            ("⚠️", msg::MD_PASSED_WARNINGS)
        } else {
            ("✅", msg::MD_PASSED)
        };
        let as_of = crate::i18n::date(lang, cx.as_of);
        let checked = t!(
            lang,
            msg::MD_CHECKED,
            verdict = format_args!("{mark} **{}**", verdict.template(lang)),
            records = n(summary.records),
            files = n(summary.files),
            rules = n(summary.rules),
            as_of = as_of,
        );
        let _ = writeln!(out, "{checked}\n");
        let _ = writeln!(
            out,
            "{}\n|---:|---:|---:|---:|---:|---:|---:|---:|",
            msg::MD_SUMMARY_HEADER.template(lang)
        );
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            n(summary.errors),
            n(summary.warnings),
            n(summary.infos),
            n(summary.checks),
            n(summary.pass),
            n(summary.fail),
            n(summary.missing),
            n(summary.waived)
        );
        if self.rules.is_empty() {
            let _ = writeln!(out, "\n{}", msg::MD_NONE.template(lang));
        } else {
            let _ = writeln!(
                out,
                "\n### {}\n\n{}\n|---|---|---|---:|---:|---:|---:|---:|---:|",
                msg::MD_RULES.template(lang),
                msg::MD_RULES_HEADER.template(lang)
            );
            for (id, e) in &self.rules {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |",
                    code(id),
                    cell(&e.title),
                    e.cite.as_deref().map(cell).unwrap_or_default(),
                    n(e.failures),
                    n(e.missing),
                    n(e.waived),
                    n(e.errors),
                    n(e.warnings),
                    n(e.infos)
                );
            }
        }
        if !self.groups.is_empty() {
            self.groups.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
            let _ = writeln!(
                out,
                "\n### {}\n\n{}\n|---|---|---|---|---|",
                msg::MD_GROUPS.template(lang),
                msg::MD_GROUPS_HEADER.template(lang)
            );
            for (_, _, row) in &self.groups {
                out.push_str(row);
                out.push('\n');
            }
        }
        if !self.rules.is_empty() {
            let _ = writeln!(out, "\n### {}", msg::MD_DIAGNOSTICS.template(lang));
        }
        for (id, e) in &self.rules {
            let _ = write!(out, "\n#### `{}`", code(id));
            if !e.title.is_empty() && e.title != *id {
                let _ = write!(out, " {}", cell(&e.title));
            }
            let _ = writeln!(
                out,
                "\n\n{}\n|---|---|---|---|---|---|",
                msg::MD_DIAGNOSTICS_HEADER.template(lang)
            );
            for row in &e.rows {
                out.push_str(row);
                out.push('\n');
            }
            let more = e.total - e.rows.len() as u64;
            if more > 0 {
                let line = if more == 1 {
                    msg::MD_MORE_ONE
                } else {
                    msg::MD_MORE_MANY
                };
                let _ = writeln!(
                    out,
                    "\n{}",
                    t!(lang, line, count = n(more), rule = code(id))
                );
            }
        }
        self.out.write_all(out.as_bytes())?;
        self.out.flush()
    }
}

/// One diagnostic's table row.
fn row(cx: &Context, finding: &Finding) -> String {
    let lang: Lang = cx.lang;
    let place = finding
        .location
        .as_ref()
        .map(|l| Place::of(cx, l).words(lang))
        .unwrap_or_default();
    let values: Vec<String> = finding
        .values
        .iter()
        .map(|(k, v)| format!("{k} = {}", shown_text(v, lang)))
        .collect();
    let mut message = cell(&finding.message);
    if let Some(help) = &finding.help {
        let _ = write!(
            message,
            "<br>{}{}",
            msg::HELP_LABEL.template(lang),
            cell(help)
        );
    }
    format!(
        "| {} | {} | {} | {} | {} | {} |",
        describe::severity_word(finding.severity, lang),
        describe::outcome_word(finding.outcome, lang),
        cell(&place),
        cell(finding.key.as_deref().unwrap_or_default()),
        message,
        cell(&values.join(", "))
    )
}

/// Text for a table cell: Markdown punctuation backslash-escaped, `<`, `>`
/// and `&` as entities, newlines as `<br>`, unsafe characters as `\u{…}`.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c if is_unsafe(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a code span: a rule id. Backticks cannot be escaped there,
/// so they, pipes and unsafe characters are replaced.
fn code(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '`' => '\'',
            '|' => '¦',
            c if is_unsafe(c) => '?',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_tables_or_inject_html() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(cell("<script>x</script>"), "&lt;script&gt;x&lt;/script&gt;");
        assert_eq!(cell("a\r\nb"), "a<br>b");
        assert_eq!(cell("`x` *y*"), "\\`x\\` \\*y\\*");
        assert_eq!(cell("\x1b\u{202e}"), "\\u{1b}\\u{202e}");
        assert_eq!(code("A`|B"), "A'¦B");
    }
}
