//! The JUnit XML report (`--format junit`), for CI systems that show test
//! results (GitLab's `artifacts:reports:junit`, Jenkins, …).
//!
//! `<testsuites>` holds one `<testsuite>` per rule that has diagnostics
//! (pack rules and built-in ids like `schema/type`, sorted by id), and each
//! suite one `<testcase>` per diagnostic — a checked subject that did not
//! pass. A testcase is named by the subject's key, or `file:line` (or
//! `file sheet!cell`) when it has none, or `overall`; its classname is the
//! rule id.
//!
//! - severity `error` → `<failure message="…" type="error">`, the body
//!   carrying the details;
//! - a waived finding (below `error`) → `<skipped message="waived: …"/>`;
//! - `warning` and `info` → a passing testcase whose `<system-out>` carries
//!   the diagnostic, so the run stays green unless errors were found (use
//!   `--deny warnings` and the exit status to fail a pipeline on warnings).
//!
//! So in each suite `tests` is the rule's number of diagnostics, `failures`
//! those at `error` severity, `skipped` the waived ones below `error`, and
//! `errors` is always 0: the JSON report's diagnostics give the same counts.
//!
//! Findings are kept until `finish` (suites need their counts first), as
//! already-rendered XML fragments per rule.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::describe::{self, Place, shown_text};
use super::{Context, Reporter};
use crate::diag::{Finding, Outcome, Severity, Summary};
use crate::escape::is_unsafe;
use crate::i18n::{Lang, report as msg};
use crate::t;

/// Writes the JUnit report to `W`.
pub struct JunitReporter<W: Write> {
    out: W,
    /// Per rule id: counts and the rendered testcases.
    suites: BTreeMap<String, Suite>,
}

#[derive(Default)]
struct Suite {
    tests: u64,
    failures: u64,
    skipped: u64,
    cases: String,
}

impl<W: Write> JunitReporter<W> {
    pub fn new(out: W) -> JunitReporter<W> {
        JunitReporter {
            out,
            suites: BTreeMap::new(),
        }
    }

    /// Gives the writer back.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Reporter for JunitReporter<W> {
    fn finding(&mut self, cx: &Context, finding: &Finding) -> io::Result<()> {
        let id = describe::rule_id(cx, finding.rule);
        let suite = match self.suites.get_mut(id) {
            Some(s) => s,
            None => self.suites.entry(id.to_owned()).or_default(),
        };
        suite.tests += 1;
        let name = case_name(cx, finding);
        let details = details(cx, finding);
        let out = &mut suite.cases;
        let _ = write!(
            out,
            "    <testcase name=\"{}\" classname=\"{}\"",
            attr(&name),
            attr(id)
        );
        if finding.severity == Severity::Error {
            suite.failures += 1;
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"error\">{}</failure>\n    </testcase>",
                attr(&finding.message),
                text(&details)
            );
        } else if finding.outcome == Outcome::Waived {
            suite.skipped += 1;
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\"/>\n      <system-out>{}</system-out>\n    </testcase>",
                attr(&t!(cx.lang, msg::JUNIT_WAIVED, message = finding.message)),
                text(&details)
            );
        } else {
            let _ = writeln!(
                out,
                ">\n      <system-out>{}</system-out>\n    </testcase>",
                text(&t!(
                    cx.lang,
                    msg::JUNIT_NOTICE,
                    severity = describe::severity_word(finding.severity, cx.lang),
                    details = details
                ))
            );
        }
        Ok(())
    }

    fn finish(&mut self, cx: &Context, _summary: &Summary) -> io::Result<()> {
        let (tests, failures, skipped) = self.suites.values().fold((0, 0, 0), |acc, s| {
            (acc.0 + s.tests, acc.1 + s.failures, acc.2 + s.skipped)
        });
        writeln!(self.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            self.out,
            "<testsuites name=\"dudao\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">"
        )?;
        for (id, suite) in &self.suites {
            writeln!(
                self.out,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
                attr(id),
                suite.tests,
                suite.failures,
                suite.skipped
            )?;
            writeln!(
                self.out,
                "    <properties>\n      <property name=\"as_of\" value=\"{}\"/>\n    </properties>",
                cx.as_of
            )?;
            self.out.write_all(suite.cases.as_bytes())?;
            writeln!(self.out, "  </testsuite>")?;
        }
        writeln!(self.out, "</testsuites>")?;
        self.out.flush()
    }
}

/// The subject's key, else where it is, else `overall`.
fn case_name(cx: &Context, finding: &Finding) -> String {
    if let Some(key) = &finding.key {
        return key.clone();
    }
    match &finding.location {
        Some(location) => place_text(cx, location),
        None => "overall".to_owned(),
    }
}

/// `path:12:31`, `path 学校!C12` or `path`: a testcase's name, the same
/// in every language.
fn place_text(cx: &Context, location: &crate::diag::Location) -> String {
    Place::of(cx, location).text()
}

/// The body of a failure or system-out: message, place, group, values,
/// help, cite.
fn details(cx: &Context, finding: &Finding) -> String {
    let lang = cx.lang;
    let mut lines = vec![finding.message.clone()];
    lines.push(t!(
        lang,
        msg::JUNIT_RULE,
        rule = describe::rule_id(cx, finding.rule),
        title = describe::rule_title(cx, finding.rule)
    ));
    lines.push(t!(
        lang,
        msg::JUNIT_OUTCOME,
        outcome = outcome_text(finding.outcome, lang)
    ));
    if let Some(location) = &finding.location {
        let place = Place::of(cx, location).words(lang);
        lines.push(t!(lang, msg::JUNIT_AT, place = place));
    }
    if !finding.group.is_empty() {
        let group: Vec<String> = finding
            .group
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        lines.push(t!(lang, msg::GROUP_LINE, group = group.join(", ")));
    }
    if !finding.values.is_empty() {
        let values: Vec<String> = finding
            .values
            .iter()
            .map(|(k, v)| format!("{k} = {}", shown_text(v, lang)))
            .collect();
        lines.push(t!(lang, msg::VALUES_LINE, values = values.join(", ")));
    }
    if let Some(help) = &finding.help {
        lines.push(format!("{}{help}", msg::HELP_LABEL.template(lang)));
    }
    if let Some(cite) = describe::pack_rule(cx, finding).and_then(|r| r.cite.as_deref()) {
        lines.push(t!(lang, msg::JUNIT_CITE, cite = cite));
    }
    lines.join("\n")
}

/// The outcome in a testcase's details: one word in English.
fn outcome_text(outcome: Outcome, lang: Lang) -> &'static str {
    match outcome {
        Outcome::Missing => msg::OUTCOME_MISSING_SHORT.template(lang),
        other => describe::outcome_word(other, lang),
    }
}

/// Whether XML 1.0 forbids `c` in a document (C0 controls but tab, LF and
/// CR; U+FFFE and U+FFFF).
pub fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Escapes `s` for XML. Characters XML forbids, and the other characters
/// that must not reach a reader as they are (bidi overrides, invisible
/// format characters, C1 controls: [`is_unsafe`]), become `\u{…}` text;
/// tab, LF and CR stay in text and become character references in
/// attributes, so they survive attribute normalization.
fn escape_xml(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' | '\r' | '\t' if attribute => {
                let _ = write!(out, "&#{};", c as u32);
            }
            '\n' | '\t' => out.push(c),
            '\r' => out.push_str("&#13;"),
            c if xml_forbidden(c) || is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

fn attr(s: &str) -> String {
    escape_xml(s, true)
}

fn text(s: &str) -> String {
    escape_xml(s, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_covers_markup_and_forbidden_characters() {
        assert_eq!(attr("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(attr("x\ny\tz"), "x&#10;y&#9;z");
        assert_eq!(text("x\ny"), "x\ny");
        assert_eq!(text("\x1b[31m\x07\u{202e}"), "\\u{1b}[31m\\u{7}\\u{202e}");
        assert_eq!(text("\u{ffff}\u{0}"), "\\u{ffff}\\u{0}");
    }
}
