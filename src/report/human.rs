//! The human report: each finding rendered by miette's graphical handler,
//! pointing into the data file's line, then the "… and K more" tails of
//! rules capped by `--max-per-rule`, then the summary.
//!
//! Every text that comes from data or rules — messages, help, names, values,
//! paths, the data line itself — is escaped ([`escape`](crate::escape))
//! before miette sees it.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::describe::{self, Place, shown_text};
use super::snippet::{LineReader, LineSource, cell_width};
use super::{Context, Reporter};
use crate::data::FileFormat;
use crate::diag::{Finding, Location, Outcome, RuleRef, Severity, Summary};
use crate::escape::escape;
use crate::i18n::{self, Lang, report as msg};
use crate::t;

/// How the human report looks.
#[derive(Clone, Debug)]
pub struct HumanOptions {
    /// Colour (ANSI) output; `false` uses miette's unicode theme without colour.
    pub color: bool,
    /// Show at most this many diagnostics per rule (`--max-per-rule`); 0 shows all.
    pub max_per_rule: usize,
    /// `-q`: print the summary only.
    pub quiet: bool,
    /// The width to wrap messages at, in terminal columns.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> HumanOptions {
        HumanOptions {
            color: false,
            max_per_rule: 20,
            quiet: false,
            width: 100,
        }
    }
}

/// Renders findings for people, as they arrive.
pub struct HumanReporter<W: Write> {
    out: W,
    options: HumanOptions,
    /// For text files: snippet header `path:line:column`.
    handler: GraphicalReportHandler,
    /// For Excel's synthetic lines, whose source name already says
    /// `path sheet!C12`.
    sheet_handler: GraphicalReportHandler,
    lines: LineReader,
    /// Findings seen per rule, shown or not.
    seen: HashMap<RuleRef, u64>,
}

impl<W: Write> HumanReporter<W> {
    /// A reporter writing to `out` (give it a buffered writer); nothing is
    /// written until the first finding.
    pub fn new(out: W, options: HumanOptions) -> HumanReporter<W> {
        let theme = if options.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(options.width)
            .with_links(false)
            .with_context_lines(0);
        HumanReporter {
            out,
            sheet_handler: handler.clone().without_primary_span_start(),
            handler,
            options,
            lines: LineReader::default(),
            seen: HashMap::new(),
        }
    }

    /// The writer, e.g. to inspect what has been written so far.
    pub fn get_ref(&self) -> &W {
        &self.out
    }

    /// Gives the writer back.
    pub fn into_inner(self) -> W {
        self.out
    }

    /// One finding as text: miette's rendering, the notes, the related place.
    fn render(&mut self, cx: &Context, finding: &Finding) -> Result<String, fmt::Error> {
        let mut out = String::new();
        let mut body = vec![escape(&finding.message).into_owned()];
        let mut report = Report {
            code: Some(header(cx, finding)),
            message: String::new(),
            severity: miette_severity(finding.severity),
            help: finding.help.as_deref().map(|h| escape(h).into_owned()),
            source: None,
            labels: Vec::new(),
        };
        if let Some(location) = &finding.location {
            let (source, label) = self.snippet(cx, finding, location, true);
            match source {
                Some(source) => report.attach(source, label),
                None => body.push(t!(cx.lang, msg::HUMAN_IN, place = place_text(cx, location))),
            }
        }
        body.extend(details(finding, cx.lang));
        report.message = body.join("\n");
        let excel = finding.location.as_ref().is_some_and(|l| is_excel(cx, l));
        self.handler_for(excel).render_report(&mut out, &report)?;
        if cx.lang != Lang::En {
            out = relabel_help(&out, cx.lang);
        }
        for note in notes(cx, finding) {
            out.push_str("  ");
            out.push_str(&t!(cx.lang, msg::NOTE, note = note));
            out.push('\n');
        }
        if let Some(related) = &finding.related {
            out.push('\n');
            let (source, label) = self.snippet(cx, finding, related, false);
            let mut earlier = Report {
                code: None,
                message: msg::EARLIER_RECORD.template(cx.lang).to_owned(),
                severity: miette::Severity::Advice,
                help: None,
                source: None,
                labels: Vec::new(),
            };
            match source {
                Some(source) => earlier.attach(source, label),
                None => {
                    earlier.message = t!(
                        cx.lang,
                        msg::EARLIER_RECORD_AT,
                        place = place_text(cx, related)
                    )
                }
            }
            self.handler_for(is_excel(cx, related))
                .render_report(&mut out, &earlier)?;
        }
        Ok(out)
    }

    fn handler_for(&self, excel: bool) -> &GraphicalReportHandler {
        if excel {
            &self.sheet_handler
        } else {
            &self.handler
        }
    }

    /// The line a location points at, and the label for its cell
    /// (`beds = 80`, the value taken from the finding's values when
    /// `with_value`). `None` when the location has no line or the file
    /// cannot be read again.
    fn snippet(
        &mut self,
        cx: &Context,
        finding: &Finding,
        location: &Location,
        with_value: bool,
    ) -> (Option<LineSource>, Option<String>) {
        let Some(file) = describe::file(cx, location) else {
            return (None, None);
        };
        if location.line == 0 {
            return (None, None);
        }
        let field = describe::field(cx, finding, location);
        let value = field
            .filter(|_| with_value)
            .and_then(|f| finding.values.iter().find(|(name, _)| *name == f.name))
            .map(|(_, v)| shown_text(v, cx.lang));
        let label = field.map(|f| match &value {
            Some(v) => format!("{} = {}", escape(&f.name), escape(v)),
            None => escape(&f.name).into_owned(),
        });
        if file.format == FileFormat::Excel {
            let place = Place::of(cx, location);
            let cell = place.cell.unwrap_or_default();
            let name = match place.sheet {
                Some(sheet) => format!("{} {sheet}!{cell}", file.path),
                None => format!("{} {cell}", file.path),
            };
            let prefix = format!("{cell}  ");
            let mut text = prefix.clone();
            if let Some(f) = field {
                text.push_str(f.columns.first().unwrap_or(&f.name));
                if let Some(v) = &value {
                    text.push_str(" = ");
                    text.push_str(v);
                }
            }
            let column = prefix.chars().count() as u32 + 1;
            let width = (text.chars().count() - prefix.chars().count()) as u32;
            let source = LineSource::new(&name, &text, location.line, column, width);
            return (Some(source), label);
        }
        let gb18030 = file.encoding == Some("gb18030");
        let Ok(text) = self
            .lines
            .line(location.file, &file.path, location.offset, gb18030)
        else {
            return (None, None);
        };
        if text.is_empty() {
            return (None, None);
        }
        let (column, width) = match (location.column, location.width) {
            (0, _) => (1, text.chars().count() as u32),
            (column, 0) => (column, cell_width(&text, column)),
            (column, width) => (column, width),
        };
        let source = LineSource::new(&file.path, &text, location.line, column, width);
        (Some(source), label)
    }
}

impl<W: Write> Reporter for HumanReporter<W> {
    fn finding(&mut self, cx: &Context, finding: &Finding) -> io::Result<()> {
        let seen = self.seen.entry(finding.rule).or_default();
        *seen += 1;
        let capped = self.options.max_per_rule > 0 && *seen > self.options.max_per_rule as u64;
        if self.options.quiet || capped {
            return Ok(());
        }
        let text = self.render(cx, finding).map_err(io::Error::other)?;
        self.out.write_all(text.as_bytes())?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self, cx: &Context, summary: &Summary) -> io::Result<()> {
        if !self.options.quiet && self.options.max_per_rule > 0 {
            let max = self.options.max_per_rule as u64;
            let mut tails: Vec<(&str, u64)> = self
                .seen
                .iter()
                .filter(|(_, seen)| **seen > max)
                .map(|(rule, seen)| (describe::rule_id(cx, *rule), seen - max))
                .collect();
            tails.sort();
            for (id, more) in &tails {
                let line = if *more == 1 {
                    msg::MORE_ONE
                } else {
                    msg::MORE_MANY
                };
                let count = describe::number(*more, cx.lang);
                writeln!(
                    self.out,
                    "{}",
                    t!(cx.lang, line, count = count, rule = escape(id))
                )?;
            }
            if !tails.is_empty() {
                writeln!(self.out)?;
            }
        }
        self.out
            .write_all(summary_text(summary, cx.lang).as_bytes())?;
        self.out.flush()
    }

    fn wants_text(&self) -> bool {
        !self.options.quiet
    }

    fn wants_findings(&self) -> bool {
        !self.options.quiet
    }
}

/// The two closing lines:
///
/// ```text
/// checked 1,532 records (2 files) against 41 rules in 0.21s
/// errors: 213  warnings: 57  info: 3  missing data: 12  waived: 4
/// ```
///
/// or in Chinese
///
/// ```text
/// 已对照 41 条规则检查 1,532 条记录（2 个文件），用时 0.21 秒
/// 错误：213  警告：57  提示：3  缺数据：12  已豁免：4
/// ```
pub fn summary_text(summary: &Summary, lang: Lang) -> String {
    let n = |n| describe::number(n, lang);
    let checked = t!(
        lang,
        msg::SUMMARY_CHECKED,
        records = describe::counted(summary.records, msg::RECORDS_ONE, msg::RECORDS_MANY, lang),
        files = describe::counted(summary.files, msg::FILES_ONE, msg::FILES_MANY, lang),
        rules = describe::counted(summary.rules, msg::RULES_ONE, msg::RULES_MANY, lang),
        seconds = format_args!("{:.2}", summary.elapsed_ms as f64 / 1000.0),
    );
    let counts = t!(
        lang,
        msg::SUMMARY_COUNTS,
        errors = n(summary.errors),
        warnings = n(summary.warnings),
        infos = n(summary.infos),
        missing = n(summary.missing),
        waived = n(summary.waived),
    );
    format!("{checked}\n{counts}\n")
}

/// Replaces the label miette writes before a finding's help (`help: `, in
/// English whatever the language) with the catalogue's. The label starts
/// its line (after the theme's colour, if any), where no message, snippet
/// or note line can start; `建议：` is as wide as `help: `, so miette's
/// wrapping of the help stays aligned.
fn relabel_help(rendered: &str, lang: Lang) -> String {
    let from = format!("  {}", msg::HELP_LABEL.en);
    let to = format!("  {}", msg::HELP_LABEL.template(lang));
    let mut out = String::with_capacity(rendered.len() + 8);
    for line in rendered.split_inclusive('\n') {
        let colour = if line.starts_with('\x1b') {
            line.find('m').map_or(0, |i| i + 1)
        } else {
            0
        };
        match line[colour..].strip_prefix(from.as_str()) {
            Some(rest) => {
                out.push_str(&line[..colour]);
                out.push_str(&to);
                out.push_str(rest);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// `BOARD-001 寄宿制学校“一人一铺” [error]`, with the outcome when it is
/// not a plain failure: `[error, missing data]`, `[info, waived]`.
fn header(cx: &Context, finding: &Finding) -> String {
    let id = describe::rule_id(cx, finding.rule);
    let title = describe::rule_title(cx, finding.rule);
    let severity = describe::severity_word(finding.severity, cx.lang);
    let kind = match finding.outcome {
        Outcome::Missing => t!(cx.lang, msg::HEADER_MISSING, severity = severity),
        Outcome::Waived => t!(cx.lang, msg::HEADER_WAIVED, severity = severity),
        Outcome::Fail | Outcome::Error => severity.to_owned(),
    };
    if title == id || title.is_empty() {
        format!("{} [{kind}]", escape(id))
    } else {
        format!("{} {} [{kind}]", escape(id), escape(title))
    }
}

/// Lines under the message: the group, the values read, the records skipped.
fn details(finding: &Finding, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    if !finding.group.is_empty() {
        let group: Vec<String> = finding
            .group
            .iter()
            .map(|(k, v)| format!("{} = {}", escape(k), escape(v)))
            .collect();
        lines.push(t!(lang, msg::GROUP_LINE, group = group.join(", ")));
    }
    if !finding.values.is_empty() {
        let values: Vec<String> = finding
            .values
            .iter()
            .map(|(k, v)| format!("{} = {}", escape(k), escape(&shown_text(v, lang))))
            .collect();
        lines.push(t!(lang, msg::VALUES_LINE, values = values.join(", ")));
    }
    if finding.skipped > 0 {
        lines.push(describe::skipped(finding.skipped, lang));
    }
    lines
}

/// Notes after the help: the cite with the plan's sentence, and the due date.
fn notes(cx: &Context, finding: &Finding) -> Vec<String> {
    let mut notes = Vec::new();
    let Some(rule) = describe::pack_rule(cx, finding) else {
        return notes;
    };
    if let Some(cite) = &rule.cite {
        match cx.pack.plan_text.get(cite) {
            Some(text) => notes.push(format!("{} {}", escape(cite), escape(text))),
            None => notes.push(escape(cite).into_owned()),
        }
    }
    if let Some(due) = rule.due {
        let date = i18n::date(cx.lang, due);
        if cx.as_of < due && rule.severity != Severity::Info {
            let severity = describe::severity_word(finding.severity, cx.lang);
            notes.push(t!(
                cx.lang,
                msg::DUE_LOWERED,
                due = date,
                severity = severity
            ));
        } else {
            notes.push(t!(cx.lang, msg::DUE, due = date));
        }
    }
    notes
}

/// `path:12:31`, `path 学校!C12` or `path` (in words in Chinese), for
/// locations without a snippet.
fn place_text(cx: &Context, location: &Location) -> String {
    escape(&Place::of(cx, location).words(cx.lang)).into_owned()
}

fn is_excel(cx: &Context, location: &Location) -> bool {
    describe::file(cx, location).is_some_and(|f| f.format == FileFormat::Excel)
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// One finding, already escaped, as a miette diagnostic.
#[derive(Debug)]
struct Report {
    code: Option<String>,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<LineSource>,
    labels: Vec<LabeledSpan>,
}

impl Report {
    /// Points the report at a line, underlining its cell.
    fn attach(&mut self, source: LineSource, label: Option<String>) {
        self.labels = vec![LabeledSpan::new_primary_with_span(label, source.cell())];
        self.source = Some(source);
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }
}
