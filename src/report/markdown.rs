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
                outcome_text(finding.outcome),
                finding.severity.as_str(),
                cell(&finding.message)
            );
            self.groups.push((key, id.to_owned(), group_row));
        }
        Ok(())
    }

    fn finish(&mut self, cx: &Context, summary: &Summary) -> io::Result<()> {
        let mut out = String::new();
        out.push_str("## dudao report");
        if let Some(plan) = &cx.pack.plan {
            let _ = write!(out, ": {}", cell(plan));
        }
        out.push_str("\n\n");
        let verdict = if summary.errors > 0 {
            "❌ **failed**"
        } else if summary.warnings > 0 {
            "⚠️ **passed with warnings**"
        } else {
            "✅ **passed**"
        };
        let _ = writeln!(
            out,
            "{verdict} — checked {} records in {} files against {} rules, as of {}.\n",
            summary.records, summary.files, summary.rules, cx.as_of
        );
        out.push_str(
            "| errors | warnings | info | checks | pass | fail | missing data | waived |\n\
             |---:|---:|---:|---:|---:|---:|---:|---:|\n",
        );
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            summary.errors,
            summary.warnings,
            summary.infos,
            summary.checks,
            summary.pass,
            summary.fail,
            summary.missing,
            summary.waived
        );
        if self.rules.is_empty() {
            out.push_str("\nNo diagnostics.\n");
        } else {
            out.push_str(
                "\n### Rules\n\n\
                 | rule | title | cite | failures | missing | waived | errors | warnings | info |\n\
                 |---|---|---|---:|---:|---:|---:|---:|---:|\n",
            );
            for (id, e) in &self.rules {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |",
                    code(id),
                    cell(&e.title),
                    e.cite.as_deref().map(cell).unwrap_or_default(),
                    e.failures,
                    e.missing,
                    e.waived,
                    e.errors,
                    e.warnings,
                    e.infos
                );
            }
        }
        if !self.groups.is_empty() {
            self.groups.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
            out.push_str(
                "\n### Groups\n\n\
                 | group | rule | outcome | severity | message |\n\
                 |---|---|---|---|---|\n",
            );
            for (_, _, row) in &self.groups {
                out.push_str(row);
                out.push('\n');
            }
        }
        if !self.rules.is_empty() {
            out.push_str("\n### Diagnostics\n");
        }
        for (id, e) in &self.rules {
            let _ = write!(out, "\n#### `{}`", code(id));
            if !e.title.is_empty() && e.title != *id {
                let _ = write!(out, " {}", cell(&e.title));
            }
            out.push_str(
                "\n\n| severity | outcome | where | subject | message | values |\n\
                 |---|---|---|---|---|---|\n",
            );
            for row in &e.rows {
                out.push_str(row);
                out.push('\n');
            }
            let more = e.total - e.rows.len() as u64;
            if more > 0 {
                let _ = writeln!(
                    out,
                    "\n… and {more} more `{}` diagnostic{} (use `--max-per-rule 0` to see all)",
                    code(id),
                    if more == 1 { "" } else { "s" }
                );
            }
        }
        self.out.write_all(out.as_bytes())?;
        self.out.flush()
    }
}

/// One diagnostic's table row.
fn row(cx: &Context, finding: &Finding) -> String {
    let place = finding
        .location
        .as_ref()
        .map(|l| Place::of(cx, l).text())
        .unwrap_or_default();
    let values: Vec<String> = finding
        .values
        .iter()
        .map(|(k, v)| format!("{k} = {}", shown_text(v)))
        .collect();
    let mut message = cell(&finding.message);
    if let Some(help) = &finding.help {
        let _ = write!(message, "<br>help: {}", cell(help));
    }
    format!(
        "| {} | {} | {} | {} | {} | {} |",
        finding.severity.as_str(),
        outcome_text(finding.outcome),
        cell(&place),
        cell(finding.key.as_deref().unwrap_or_default()),
        message,
        cell(&values.join(", "))
    )
}

fn outcome_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Fail => "fail",
        Outcome::Missing => "missing data",
        Outcome::Waived => "waived",
        Outcome::Error => "error",
    }
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
