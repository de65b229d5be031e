//! The inspector's report (`--format html`): one self-contained HTML file
//! with totals, a county × rule matrix, a bar chart of failures per rule
//! (inline SVG), and per county the schools with findings, each with the
//! plan clause it breaks, its numbers and the help.
//!
//! The file loads nothing from anywhere: CSS and the one small script are
//! inline, and a Content-Security-Policy allows exactly those two by their
//! SHA-256 hashes (no `'unsafe-inline'`), so even text that slipped through
//! escaping could not run. Every piece of text from data or rules goes
//! through [`push_text`], which escapes `& < > " '` and neutralises control
//! and bidi characters; data reaches the page only as element text and
//! double-quoted attribute values, never inside the script.
//!
//! Findings are buffered (the summary comes first in the page), but only the
//! first [`HtmlOptions::max_rows`] rows of each county × rule are kept: the
//! rest are counted and shown as "… and K more", so 50,000 findings make a
//! file of a few megabytes at most.
//!
//! A record finding does not carry its record's county. The report takes it
//! from the finding's values (`county`), a group's `county`, a county
//! record's key, or else reads the record's row back from its data file:
//! the CSV line at the finding's byte offset (in the decoded text, so GBK
//! works) or the Excel row, and picks the `county` and `name` cells. The
//! same read-back counts each county's schools (records of a type with a
//! `county` field that is not its key), for the share without findings.
//! JSON records are not read back: their county is known only when the
//! rule read it.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

use super::describe::{self, Place};
use super::{Context, Reporter};
use crate::data::{FileFormat, Matcher};
use crate::diag::{Breakdown, Finding, Outcome, RuleRef, Scope, Severity, Shown, Summary, Tally};
use crate::escape::is_unsafe;
use crate::i18n::{self, Lang, common, report as msg};
use crate::model::Pack;
use crate::t;

const CSS: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// The name of the field that places a record in a county.
const COUNTY_FIELD: &str = "county";
/// The name of the field that names a school.
const NAME_FIELD: &str = "name";

/// How the HTML report is laid out.
#[derive(Clone, Debug)]
pub struct HtmlOptions {
    /// Rows shown per county and rule; the rest are counted (0 = all).
    pub max_rows: usize,
}

impl Default for HtmlOptions {
    fn default() -> HtmlOptions {
        HtmlOptions { max_rows: 50 }
    }
}

/// Writes the HTML report to `W` when the run finishes.
pub struct HtmlReporter<W: Write> {
    out: W,
    options: HtmlOptions,
    /// The decoded text of the CSV file last read back (locations' byte
    /// offsets index it); findings come sorted by file, so one is enough.
    text: Option<(u32, String)>,
    matcher: Option<Matcher>,
    /// Per data file: where its county and name columns are.
    columns: HashMap<u32, Option<Columns>>,
    /// Per (workbook file, sheet): the sheet, read back once.
    sheets: HashMap<(u32, u32), Option<Sheet>>,
    /// County → rule id → block.
    counties: BTreeMap<String, BTreeMap<String, Block>>,
    /// Overall findings and findings of no county, by rule id.
    overall: BTreeMap<String, Block>,
    /// Per rule id: counts by outcome.
    per_rule: BTreeMap<String, Counts>,
    /// Per (county, rule id): counts by outcome.
    cells: HashMap<(String, String), Counts>,
    /// Rule id → title.
    titles: HashMap<String, String>,
    /// Per county: the keys of records with findings.
    flagged: HashMap<String, std::collections::HashSet<String>>,
    /// The language of the page (the run's, taken from the context).
    lang: Lang,
}

/// Outcome counts.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    fail: u64,
    missing: u64,
    waived: u64,
    /// Built-in data diagnostics.
    error: u64,
}

impl Counts {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Fail => self.fail += 1,
            Outcome::Missing => self.missing += 1,
            Outcome::Waived => self.waived += 1,
            Outcome::Error => self.error += 1,
        }
    }
}

/// The findings of one rule in one county (or overall).
#[derive(Debug, Default)]
struct Block {
    title: String,
    cite: Option<String>,
    plan: Option<String>,
    /// The help of the first finding; rows show theirs only when different.
    help: Option<String>,
    rows: Vec<Row>,
    /// Findings beyond the cap.
    more: u64,
}

/// One finding, ready to print (text not yet escaped).
#[derive(Debug)]
struct Row {
    severity: Severity,
    outcome: Outcome,
    scope: Scope,
    county: String,
    rule: String,
    /// The school's (or group's) name, if known.
    name: Option<String>,
    /// The record's key or the group's key.
    key: Option<String>,
    message: String,
    help: Option<String>,
    values: Vec<(String, String)>,
    place: Option<String>,
    skipped: u32,
}

/// Where a CSV file keeps the county and name of its records.
#[derive(Clone, Debug)]
struct Columns {
    delimiter: u8,
    county: Option<usize>,
    name: Option<usize>,
}

impl<W: Write> HtmlReporter<W> {
    pub fn new(out: W, options: HtmlOptions) -> HtmlReporter<W> {
        HtmlReporter {
            out,
            options,
            text: None,
            matcher: None,
            columns: HashMap::new(),
            sheets: HashMap::new(),
            counties: BTreeMap::new(),
            overall: BTreeMap::new(),
            per_rule: BTreeMap::new(),
            cells: HashMap::new(),
            titles: HashMap::new(),
            flagged: HashMap::new(),
            lang: Lang::En,
        }
    }

    /// Gives the writer back.
    pub fn into_inner(self) -> W {
        self.out
    }

    /// The county and school name of a finding, as far as they can be known.
    fn county_and_name(&mut self, cx: &Context, f: &Finding) -> (Option<String>, Option<String>) {
        let text = |name: &str| {
            f.values.iter().find_map(|(k, v)| match v {
                Shown::Text(t) if k == name => Some(t.clone()),
                _ => None,
            })
        };
        let mut county = text(COUNTY_FIELD).or_else(|| {
            f.group
                .iter()
                .find(|(k, _)| k == COUNTY_FIELD)
                .map(|(_, v)| v.clone())
        });
        let mut name = text(NAME_FIELD);
        if county.is_none() && f.scope == Scope::Record {
            // A county record is keyed by its county.
            let county_record = f
                .record_type
                .and_then(|t| cx.pack.records.get(t as usize))
                .is_some_and(keyed_by_county);
            if county_record {
                county = f.key.clone();
            }
        }
        if (county.is_none() || name.is_none())
            && let Some(location) = &f.location
            && location.line > 0
            && let Some((c, n)) = self.read_cells(cx, f.record_type, location)
        {
            county = county.or(c);
            name = name.or(n);
        }
        (county.filter(|c| !c.trim().is_empty()), name)
    }

    /// The county and name cells of the record a location points at, read
    /// back from its CSV file.
    fn read_cells(
        &mut self,
        cx: &Context,
        record_type: Option<u32>,
        location: &crate::diag::Location,
    ) -> Option<(Option<String>, Option<String>)> {
        let file = describe::file(cx, location)?;
        if file.format == FileFormat::Excel {
            return self.read_excel_cells(cx, record_type, location);
        }
        if file.format != FileFormat::Csv {
            return None;
        }
        if !self.columns.contains_key(&location.file) {
            let columns = self.header_columns(cx, location.file);
            self.columns.insert(location.file, columns);
        }
        let columns = self.columns.get(&location.file)?.clone()?;
        let text = self.text(cx, location.file)?;
        let line = text
            .get(location.offset as usize..)?
            .split('\n')
            .next()?
            .trim_end_matches('\r');
        let cells = split_csv(line, columns.delimiter)?;
        let cell = |i: Option<usize>| {
            i.and_then(|i| cells.get(i))
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
        };
        Some((cell(columns.county), cell(columns.name)))
    }

    /// The county and name cells of a workbook row.
    fn read_excel_cells(
        &mut self,
        cx: &Context,
        record_type: Option<u32>,
        location: &crate::diag::Location,
    ) -> Option<(Option<String>, Option<String>)> {
        let file = describe::file(cx, location)?;
        let sheet_index = location.sheet.unwrap_or(0);
        let record_type = record_type.or(file.record_type)?;
        let rt = cx.pack.records.get(record_type as usize)?;
        let fields = (
            rt.field(COUNTY_FIELD).map(|i| i as u32),
            rt.field(NAME_FIELD).map(|i| i as u32),
        );
        let matcher = self.matcher.get_or_insert_with(|| Matcher::new(cx.pack));
        let sheet = self
            .sheets
            .entry((location.file, sheet_index))
            .or_insert_with(|| read_sheet(&file.path, sheet_index, matcher, record_type, fields))
            .as_ref()?;
        let row = (location.line as usize)
            .checked_sub(1 + sheet.first_row as usize)
            .and_then(|i| sheet.range.rows().nth(i))?;
        let cell = |i: Option<usize>| {
            let text = match row.get(i?)? {
                calamine::Data::String(s) => s.trim().to_owned(),
                calamine::Data::Empty => return None,
                other => other.to_string(),
            };
            (!text.is_empty()).then_some(text)
        };
        Some((cell(sheet.county), cell(sheet.name)))
    }

    /// The decoded text of data file `index`, read once.
    fn text(&mut self, cx: &Context, index: u32) -> Option<&str> {
        if self.text.as_ref().is_none_or(|(i, _)| *i != index) {
            let file = cx.files.get(index as usize)?;
            let text = crate::data::source_text(&file.path, file.encoding).ok()?;
            self.text = Some((index, text));
        }
        self.text.as_ref().map(|(_, t)| t.as_str())
    }

    /// Finds a CSV file's header among its first lines (the first naming
    /// the county or name field) and the delimiter it uses.
    fn header_columns(&mut self, cx: &Context, index: u32) -> Option<Columns> {
        let file = cx.files.get(index as usize)?;
        let record_type = file.record_type?;
        let rt = cx.pack.records.get(record_type as usize)?;
        let fields = (rt.field(COUNTY_FIELD)?, rt.field(NAME_FIELD));
        let matcher = self.matcher.take().unwrap_or_else(|| Matcher::new(cx.pack));
        let found = self.text(cx, index).and_then(|text| {
            text.split_inclusive('\n').take(12).find_map(|raw| {
                let line = raw.trim_end_matches(['\n', '\r']);
                let delimiter = [b',', b'\t', b';', b'|']
                    .into_iter()
                    .max_by_key(|d| line.bytes().filter(|b| b == d).count())
                    .unwrap_or(b',');
                let cells = split_csv(line, delimiter)?;
                let column_of = |field: usize| {
                    cells
                        .iter()
                        .position(|c| matcher.field_of(record_type, c.trim()) == Some(field as u32))
                };
                let county = column_of(fields.0)?;
                Some(Columns {
                    delimiter,
                    county: Some(county),
                    name: fields.1.and_then(column_of),
                })
            })
        });
        self.matcher = Some(matcher);
        found
    }
}

/// Records per county from the engine's breakdown: every record of a type
/// with a `county` field that is not its key (schools, not the counties'
/// own records).
fn schools_per_county(pack: &Pack, breakdown: Option<&Breakdown>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for ((county, record_type), n) in breakdown.map(|b| &b.records).into_iter().flatten() {
        let counted = pack
            .records
            .get(*record_type as usize)
            .is_some_and(|rt| !keyed_by_county(rt));
        if counted && !county.trim().is_empty() {
            *counts.entry(county.trim().to_owned()).or_insert(0) += n;
        }
    }
    counts
}

/// Whether records of `rt` are counties themselves (keyed by `county`).
fn keyed_by_county(rt: &crate::model::RecordType) -> bool {
    rt.key
        .and_then(|k| rt.fields.get(k as usize))
        .is_some_and(|f| f.name == COUNTY_FIELD)
}

/// A worksheet read back, with its county and name columns.
struct Sheet {
    range: calamine::Range<calamine::Data>,
    /// The sheet's first row (0-based), as `Location::line` counts from it.
    first_row: u32,
    county: Option<usize>,
    name: Option<usize>,
}

/// Reads sheet `sheet` of the workbook at `path` and finds its header
/// among the first rows: the first row naming the county or name field.
fn read_sheet(
    path: &str,
    sheet: u32,
    matcher: &Matcher,
    record_type: u32,
    fields: (Option<u32>, Option<u32>),
) -> Option<Sheet> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(path).ok()?;
    let name = workbook.sheet_names().get(sheet as usize)?.clone();
    let range = workbook.worksheet_range(&name).ok()?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let column_of = |row: &[calamine::Data], field: Option<u32>| {
        let field = field?;
        row.iter().position(|c| match c {
            calamine::Data::String(s) => matcher.field_of(record_type, s.trim()) == Some(field),
            _ => false,
        })
    };
    let (county, name) = range.rows().take(12).find_map(|row| {
        let found = (column_of(row, fields.0), column_of(row, fields.1));
        (found.0.is_some() || found.1.is_some()).then_some(found)
    })?;
    Some(Sheet {
        range,
        first_row,
        county,
        name,
    })
}

/// The cells of one CSV line.
fn split_csv(line: &str, delimiter: u8) -> Option<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(line.as_bytes());
    let record = reader.records().next()?.ok()?;
    Some(record.iter().map(str::to_owned).collect())
}

impl<W: Write> Reporter for HtmlReporter<W> {
    fn finding(&mut self, cx: &Context, f: &Finding) -> io::Result<()> {
        self.lang = cx.lang;
        let unknown = common::UNKNOWN.template(cx.lang);
        let rule = describe::rule_id(cx, f.rule).to_owned();
        self.per_rule
            .entry(rule.clone())
            .or_default()
            .add(f.outcome);
        if !self.titles.contains_key(&rule) {
            let title = describe::rule_title(cx, f.rule).to_owned();
            self.titles.insert(rule.clone(), title);
        }
        // Overall findings, and diagnostics about no record (waivers, whole files), are
        // the city's; everything else belongs to a county, known or not.
        let citywide = f.scope == Scope::Overall
            || (f.scope == Scope::Data && f.location.as_ref().is_none_or(|l| l.line == 0));
        let (county, name) = if citywide {
            (None, None)
        } else {
            self.county_and_name(cx, f)
        };
        let of_counties = f
            .record_type
            .and_then(|t| cx.pack.records.get(t as usize))
            .is_none_or(keyed_by_county);
        if f.scope == Scope::Record
            && !of_counties
            && let Some(key) = &f.key
        {
            let county = county.as_deref().unwrap_or(unknown);
            if !self
                .flagged
                .get(county)
                .is_some_and(|keys| keys.contains(key))
            {
                self.flagged
                    .entry(county.to_owned())
                    .or_default()
                    .insert(key.clone());
            }
        }
        // A finding with no county goes under "(unknown)" unless it is city-wide.
        let county = match county {
            Some(c) => Some(c),
            None if !citywide => Some(unknown.to_owned()),
            None => None,
        };
        let block = match &county {
            Some(c) => {
                self.cells
                    .entry((c.clone(), rule.clone()))
                    .or_default()
                    .add(f.outcome);
                self.counties
                    .entry(c.clone())
                    .or_default()
                    .entry(rule.clone())
                    .or_default()
            }
            None => self.overall.entry(rule.clone()).or_default(),
        };
        if block.rows.is_empty() && block.more == 0 {
            let pack_rule = describe::pack_rule(cx, f);
            block.title = describe::rule_title(cx, f.rule).to_owned();
            block.cite = pack_rule.and_then(|r| r.cite.clone());
            block.plan = block
                .cite
                .as_ref()
                .and_then(|c| cx.pack.plan_text.get(c))
                .cloned();
            block.help = f.help.clone();
        }
        if self.options.max_rows > 0 && block.rows.len() >= self.options.max_rows {
            block.more += 1;
            return Ok(());
        }
        let place = f
            .location
            .as_ref()
            .map(|l| place_text(&Place::of(cx, l), cx.lang));
        let help = (f.help != block.help).then(|| f.help.clone()).flatten();
        let key = f.key.clone();
        let name = name.or_else(|| {
            (!f.group.is_empty()).then(|| {
                f.group
                    .iter()
                    .map(|(_, v)| v.as_str())
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
        });
        block.rows.push(Row {
            severity: f.severity,
            outcome: f.outcome,
            scope: f.scope,
            county: county.unwrap_or_default(),
            rule,
            name,
            key,
            message: f.message.clone(),
            help,
            values: f
                .values
                .iter()
                .map(|(k, v)| (k.clone(), describe::shown_text(v, cx.lang)))
                .collect(),
            place,
            skipped: f.skipped,
        });
        Ok(())
    }

    fn breakdown_field(&self) -> Option<&'static str> {
        Some(COUNTY_FIELD)
    }

    fn finish(&mut self, cx: &Context, summary: &Summary) -> io::Result<()> {
        self.lang = cx.lang;
        let records = schools_per_county(cx.pack, summary.breakdown.as_deref());
        let page = self.render(cx, summary, &records);
        self.out.write_all(page.as_bytes())?;
        self.out.flush()
    }
}

/// `path:line:column`, or `path sheet!cell` for Excel (in words in
/// Chinese).
fn place_text(place: &Place, lang: Lang) -> String {
    if lang != Lang::En {
        return place.words(lang);
    }
    let mut s = place.file.unwrap_or("").to_owned();
    if let Some(line) = place.line {
        let _ = write!(s, ":{line}:{}", place.column.unwrap_or(1));
    } else if let Some(cell) = &place.cell {
        s.push(' ');
        if let Some(sheet) = place.sheet {
            let _ = write!(s, "{sheet}!");
        }
        s.push_str(cell);
    }
    s
}

/// Appends `s` to `out` as HTML text or attribute value: `& < > " '` become
/// entities, and control, bidi and invisible characters are written as
/// visible `\u{…}` escapes.
pub fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// `s` escaped as by [`push_text`].
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// The Content-Security-Policy of the report: nothing may load, and only the
/// report's own style sheet and script (by hash) apply.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'",
        base64(&sha256(CSS.as_bytes())),
        base64(&sha256(SCRIPT.as_bytes()))
    )
}

/// The colour classes of compliance rates, best first, with the legend's
/// label of each: 100 %, ≥ 95 %, ≥ 85 %, ≥ 70 %, ≥ 50 %, below.
const RATE_LEVELS: [(&str, &str); 6] = [
    ("l0", "100%"),
    ("l1", "≥95%"),
    ("l2", "≥85%"),
    ("l3", "≥70%"),
    ("l4", "≥50%"),
    ("l5", "<50%"),
];

/// The colour class of a rate (`none` when nothing was decided).
fn rate_class(rate: Option<f64>) -> &'static str {
    let Some(rate) = rate else {
        return "none";
    };
    let floors = [1.0, 0.95, 0.85, 0.70, 0.50];
    let level = floors.iter().position(|&f| rate >= f).unwrap_or(5);
    RATE_LEVELS[level].0
}

/// A rate as a whole percentage, never rounded up to 100 % (or down to 0 %)
/// unless it is exactly that.
fn percent(rate: f64) -> String {
    let p = (rate * 100.0).round();
    let p = if p >= 100.0 && rate < 1.0 {
        99.0
    } else if p <= 0.0 && rate > 0.0 {
        1.0
    } else {
        p
    };
    format!("{p:.0}%")
}

/// One matrix cell: the rate, coloured, with the counts in its title.
fn cell(h: &mut String, county: &str, rule: &str, tally: Tally, lang: Lang) {
    let rate = tally.rate();
    let _ = write!(h, "<td class=\"{}\" title=\"", rate_class(rate));
    let decided = tally.checks.saturating_sub(tally.missing);
    let n = |n: u64| describe::number(n, lang);
    push_text(
        h,
        &t!(
            lang,
            msg::MATRIX_CELL_TITLE,
            county = county,
            rule = rule,
            pass = n(tally.pass),
            decided = n(decided),
            fail = n(decided - tally.pass.min(decided)),
            missing = n(tally.missing)
        ),
    );
    h.push_str("\">");
    match rate {
        Some(rate) => h.push_str(&percent(rate)),
        None if tally.checks > 0 => h.push_str(msg::OUTCOME_MISSING.template(lang)),
        None => {}
    }
    h.push_str("</td>");
}

impl<W: Write> HtmlReporter<W> {
    fn render(&self, cx: &Context, summary: &Summary, records: &BTreeMap<String, u64>) -> String {
        let lang = self.lang;
        let mut h = String::with_capacity(64 * 1024);
        let report = msg::HTML_REPORT.template(lang);
        let plan = cx.pack.plan.as_deref().unwrap_or(report);
        let html_lang = match lang {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        };
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
        );
        h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
        push_text(&mut h, &content_security_policy());
        h.push_str(
            "\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        );
        h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
        push_text(&mut h, report);
        h.push_str(" — ");
        push_text(&mut h, plan);
        h.push_str("</title>\n<style>");
        h.push_str(CSS);
        h.push_str("</style>\n</head>\n<body>\n<header>\n<h1>");
        push_text(&mut h, report);
        h.push_str(" · ");
        push_text(&mut h, plan);
        h.push_str("</h1>\n<p class=\"meta\">");
        let meta = t!(
            lang,
            msg::HTML_META,
            as_of = i18n::date(lang, cx.as_of),
            version = env!("CARGO_PKG_VERSION"),
            files = describe::number(summary.files, lang)
        );
        push_text(&mut h, &meta);
        h.push_str("</p>\n</header>\n");
        self.totals(&mut h, summary);
        self.matrix(&mut h, cx, summary.breakdown.as_deref(), records);
        self.bars(&mut h);
        self.filters(&mut h);
        self.drill_down(&mut h, records);
        h.push_str("<footer>");
        push_text(&mut h, msg::HTML_FOOTER.template(lang));
        h.push_str("</footer>\n<script>");
        h.push_str(SCRIPT);
        h.push_str("</script>\n</body>\n</html>\n");
        h
    }

    fn totals(&self, h: &mut String, s: &Summary) {
        let lang = self.lang;
        let _ = write!(
            h,
            "<section id=\"totals\">\n<h2>{}</h2>\n<ul class=\"cards\">\n",
            msg::HTML_TOTALS.template(lang)
        );
        let cards: [(&str, i18n::Msg, u64); 10] = [
            ("records", msg::CARD_RECORDS, s.records),
            ("rules", msg::CARD_RULES, s.rules),
            ("checks", msg::CARD_CHECKS, s.checks),
            ("pass", msg::CARD_PASS, s.pass),
            ("fail", msg::CARD_FAIL, s.fail),
            ("error", msg::CARD_ERRORS, s.errors),
            ("warning", msg::CARD_WARNINGS, s.warnings),
            ("info", msg::CARD_INFOS, s.infos),
            ("missing", msg::OUTCOME_MISSING, s.missing),
            ("waived", msg::OUTCOME_WAIVED, s.waived),
        ];
        for (class, label, n) in cards {
            let _ = writeln!(
                h,
                "<li class=\"{class}\" data-total=\"{class}\"><span class=\"n\">{}</span><span class=\"l\">{}</span></li>",
                describe::number(n, lang),
                label.template(lang)
            );
        }
        h.push_str("</ul>\n</section>\n");
    }

    /// Records of a county with findings, and all its records (if known).
    fn flagged(&self, county: &str, records: &BTreeMap<String, u64>) -> (u64, Option<u64>) {
        let flagged = self.flagged.get(county).map_or(0, |k| k.len() as u64);
        (flagged, records.get(county).copied().filter(|&n| n > 0))
    }

    /// The county × rule matrix of compliance rates: per cell, the share of
    /// the county's decided checks of the rule that passed (a waived failure
    /// does not pass; checks missing a value are left out and shown in the
    /// cell's title).
    fn matrix(
        &self,
        h: &mut String,
        cx: &Context,
        breakdown: Option<&Breakdown>,
        records: &BTreeMap<String, u64>,
    ) {
        let lang = self.lang;
        let id = |rule: u32| describe::rule_id(cx, RuleRef::Pack(rule));
        let _ = writeln!(
            h,
            "<section id=\"matrix\">\n<h2>{}</h2>",
            msg::MATRIX_HEADING.template(lang)
        );
        let tallies = breakdown.map(|b| &b.tallies);
        let mut rules: Vec<u32> = tallies
            .into_iter()
            .flatten()
            .filter(|(_, t)| t.checks > 0)
            .map(|((_, rule), _)| *rule)
            .collect();
        rules.sort_by(|a, b| id(*a).cmp(id(*b)));
        rules.dedup();
        let mut counties: Vec<&str> = tallies
            .into_iter()
            .flatten()
            .map(|((county, _), _)| county.as_str())
            .chain(self.counties.keys().map(String::as_str))
            .filter(|c| !c.trim().is_empty())
            .collect();
        counties.sort_unstable();
        counties.dedup();
        if rules.is_empty() || counties.is_empty() {
            let _ = writeln!(h, "<p>{}</p>\n</section>", msg::MATRIX_EMPTY.template(lang));
            return;
        }
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>\n<p class=\"note\">{}</p>",
            msg::MATRIX_NOTE_CELLS.template(lang),
            msg::MATRIX_NOTE_CLEAN.template(lang)
        );
        let _ = write!(
            h,
            "<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th>",
            msg::HTML_COUNTY.template(lang),
            msg::MATRIX_SCHOOLS.template(lang),
            msg::MATRIX_CLEAN.template(lang)
        );
        for &rule in &rules {
            let id = id(rule);
            h.push_str("<th class=\"rule\" scope=\"col\" title=\"");
            if let Some(title) = self.titles.get(id) {
                push_text(h, title);
            }
            h.push_str("\">");
            push_text(h, id);
            h.push_str("</th>");
        }
        let total_label = msg::MATRIX_TOTAL.template(lang);
        let _ = write!(h, "<th>{total_label}</th></tr></thead>\n<tbody>\n");
        let empty = BTreeMap::new();
        let tallies = tallies.unwrap_or(&empty);
        for county in counties {
            h.push_str("<tr><th scope=\"row\">");
            push_text(h, county);
            h.push_str("</th>");
            match self.flagged(county, records) {
                (flagged, Some(all)) => {
                    let clean = all.saturating_sub(flagged);
                    let _ = write!(
                        h,
                        "<td>{all}</td><td class=\"{} rate\" title=\"{clean} / {all}\">{}</td>",
                        rate_class(Some(clean as f64 / all as f64)),
                        percent(clean as f64 / all as f64)
                    );
                }
                (_, None) => h.push_str("<td></td><td></td>"),
            }
            let mut total = Tally::default();
            for &rule in &rules {
                let tally = tallies
                    .get(&(county.to_owned(), rule))
                    .copied()
                    .unwrap_or_default();
                total.add(tally);
                cell(h, county, id(rule), tally, lang);
            }
            cell(h, county, total_label, total, lang);
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table></div>\n<p class=\"legend note\">");
        for (class, label) in RATE_LEVELS {
            let _ = write!(h, "<span class=\"{class}\">{label}</span>");
        }
        let _ = writeln!(h, " {}</p>\n</section>", msg::MATRIX_LEGEND.template(lang));
    }

    fn bars(&self, h: &mut String) {
        let lang = self.lang;
        let _ = writeln!(
            h,
            "<section id=\"chart\">\n<h2>{}</h2>",
            msg::CHART_HEADING.template(lang)
        );
        let mut rules: Vec<(&String, &Counts)> = self
            .per_rule
            .iter()
            .filter(|(_, c)| c.fail + c.error + c.missing > 0)
            .collect();
        rules.sort_by(|a, b| {
            (b.1.fail + b.1.error, b.1.missing)
                .cmp(&(a.1.fail + a.1.error, a.1.missing))
                .then(a.0.cmp(b.0))
        });
        rules.truncate(60);
        if rules.is_empty() {
            let _ = writeln!(h, "<p>{}</p>\n</section>", msg::CHART_EMPTY.template(lang));
            return;
        }
        let max = rules
            .iter()
            .map(|(_, c)| c.fail + c.error + c.missing)
            .max()
            .unwrap_or(1)
            .max(1);
        let (label_w, bar_w, row_h) = (130.0, 620.0, 20.0);
        let height = row_h * rules.len() as f64 + 30.0;
        let _ = writeln!(
            h,
            "<svg class=\"bars\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"860\" height=\"{height}\" viewBox=\"0 0 860 {height}\">",
            msg::CHART_LABEL.template(lang)
        );
        for (i, (rule, c)) in rules.iter().enumerate() {
            let y = i as f64 * row_h;
            let bad = c.fail + c.error;
            let w_bad = bar_w * bad as f64 / max as f64;
            let w_missing = bar_w * c.missing as f64 / max as f64;
            h.push_str("<g><title>");
            push_text(
                h,
                &t!(
                    lang,
                    msg::CHART_BAR_TITLE,
                    rule = rule,
                    fail = bad,
                    missing = c.missing
                ),
            );
            let _ = write!(
                h,
                "</title><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">",
                label_w - 6.0,
                y + 14.0
            );
            push_text(h, rule);
            let _ = writeln!(
                h,
                "</text><rect class=\"fail\" x=\"{label_w}\" y=\"{:.1}\" width=\"{w_bad:.1}\" height=\"14\"/><rect class=\"missing\" x=\"{:.1}\" y=\"{:.1}\" width=\"{w_missing:.1}\" height=\"14\"/><text x=\"{:.1}\" y=\"{:.1}\">{bad}{}</text></g>",
                y + 3.0,
                label_w + w_bad,
                y + 3.0,
                label_w + w_bad + w_missing + 6.0,
                y + 14.0,
                if c.missing > 0 {
                    format!(" + {}", c.missing)
                } else {
                    String::new()
                }
            );
        }
        let y = row_h * rules.len() as f64 + 18.0;
        let _ = writeln!(
            h,
            "<rect class=\"fail\" x=\"{label_w}\" y=\"{:.1}\" width=\"12\" height=\"12\"/><text x=\"{}\" y=\"{y:.1}\">{}</text><rect class=\"missing\" x=\"{}\" y=\"{:.1}\" width=\"12\" height=\"12\"/><text x=\"{}\" y=\"{y:.1}\">{}</text>\n</svg>",
            y - 10.0,
            label_w + 16.0,
            msg::CHART_LEGEND_FAIL.template(lang),
            label_w + 156.0,
            y - 10.0,
            label_w + 172.0,
            msg::OUTCOME_MISSING.template(lang),
        );
        h.push_str("</section>\n");
    }

    fn filters(&self, h: &mut String) {
        let lang = self.lang;
        let all = msg::FILTER_ALL.template(lang);
        let _ = write!(
            h,
            "<section id=\"findings\">\n<h2>{}</h2>\n<form class=\"filters\" role=\"search\">\n<label>{} <select id=\"f-county\"><option value=\"\">{all}</option>",
            msg::FINDINGS_HEADING.template(lang),
            msg::HTML_COUNTY.template(lang)
        );
        for county in self.counties.keys() {
            h.push_str("<option value=\"");
            push_text(h, county);
            h.push_str("\">");
            push_text(h, county);
            h.push_str("</option>");
        }
        let _ = write!(
            h,
            "</select></label>\n<label>{} <select id=\"f-sev\"><option value=\"\">{all}</option>",
            msg::FILTER_SEVERITY.template(lang)
        );
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            let _ = write!(
                h,
                "<option value=\"{}\">{}</option>",
                severity.as_str(),
                describe::severity_word(severity, lang)
            );
        }
        let _ = write!(
            h,
            "</select></label>\n<label>{} <select id=\"f-rule\"><option value=\"\">{all}</option>",
            msg::FILTER_RULE.template(lang)
        );
        let mut rules: Vec<&String> = self.per_rule.keys().collect();
        rules.sort();
        for rule in rules {
            h.push_str("<option value=\"");
            push_text(h, rule);
            h.push_str("\">");
            push_text(h, rule);
            h.push_str("</option>");
        }
        let shown = t!(
            lang,
            msg::FILTER_SHOWN,
            count = format_args!("<output id=\"f-count\">{all}</output>")
        );
        let _ = write!(
            h,
            "</select></label>\n<label>{} <input id=\"f-text\" type=\"search\" autocomplete=\"off\"></label>\n<span class=\"note\">{shown}</span>\n</form>\n",
            msg::FILTER_SEARCH.template(lang)
        );
    }

    fn drill_down(&self, h: &mut String, records: &BTreeMap<String, u64>) {
        for (county, rules) in &self.counties {
            let mut counts = Counts::default();
            for rule in rules.keys() {
                if let Some(c) = self.cells.get(&(county.clone(), rule.clone())) {
                    counts.fail += c.fail + c.error;
                    counts.missing += c.missing;
                    counts.waived += c.waived;
                }
            }
            h.push_str("<details class=\"county\" data-county=\"");
            push_text(h, county);
            h.push_str("\">\n<summary>");
            push_text(h, county);
            let lang = self.lang;
            let n = |n: u64| describe::number(n, lang);
            let schools = match self.flagged(county, records) {
                (flagged, Some(all)) => {
                    let schools = t!(
                        lang,
                        msg::COUNTY_SCHOOLS,
                        all = n(all),
                        flagged = n(flagged)
                    );
                    format!("{schools} · ")
                }
                (flagged, None) if flagged > 0 => {
                    format!("{} · ", t!(lang, msg::COUNTY_FLAGGED, flagged = n(flagged)))
                }
                _ => String::new(),
            };
            let counts = t!(
                lang,
                msg::COUNTY_COUNTS,
                fail = n(counts.fail),
                missing = n(counts.missing),
                waived = n(counts.waived),
                rules = n(rules.len() as u64)
            );
            let _ = writeln!(
                h,
                "<span class=\"counts\">{schools}{counts}</span></summary>"
            );
            for (rule, block) in rules {
                self.block(h, rule, block);
            }
            h.push_str("</details>\n");
        }
        if !self.overall.is_empty() {
            let _ = writeln!(
                h,
                "<h2 id=\"overall\">{}</h2>\n<div class=\"overall\">",
                msg::OVERALL_HEADING.template(self.lang)
            );
            for (rule, block) in &self.overall {
                self.block(h, rule, block);
            }
            h.push_str("</div>\n");
        }
        h.push_str("</section>\n");
    }

    fn block(&self, h: &mut String, rule: &str, block: &Block) {
        h.push_str("<div class=\"rule-block\" data-rule=\"");
        push_text(h, rule);
        h.push_str("\">\n<h3>");
        push_text(h, rule);
        h.push(' ');
        push_text(h, &block.title);
        h.push_str("</h3>\n");
        let lang = self.lang;
        if let Some(cite) = &block.cite {
            h.push_str("<p class=\"clause\"><span class=\"cite\">");
            push_text(h, &t!(lang, msg::HTML_CITE, cite = cite));
            h.push_str("</span>");
            if let Some(plan) = &block.plan {
                push_text(h, plan);
            }
            h.push_str("</p>\n");
        }
        if let Some(help) = &block.help {
            self.help(h, help);
            h.push('\n');
        }
        let _ = writeln!(
            h,
            "<table class=\"findings\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            msg::COL_SUBJECT.template(lang),
            msg::COL_RESULT.template(lang),
            msg::COL_MESSAGE.template(lang),
            msg::COL_VALUES.template(lang),
            msg::COL_PLACE.template(lang)
        );
        for row in &block.rows {
            self.row(h, row);
        }
        if block.more > 0 {
            let _ = writeln!(
                h,
                "<tr class=\"more\"><td colspan=\"5\">{}</td></tr>",
                t!(
                    lang,
                    msg::HTML_MORE,
                    count = describe::number(block.more, lang)
                )
            );
        }
        h.push_str("</tbody></table>\n</div>\n");
    }

    /// A help paragraph, labelled.
    fn help(&self, h: &mut String, help: &str) {
        h.push_str("<p class=\"help\"><span class=\"label\">");
        push_text(h, msg::HELP_LABEL.template(self.lang));
        h.push_str("</span>");
        push_text(h, help);
        h.push_str("</p>");
    }

    fn row(&self, h: &mut String, row: &Row) {
        let lang = self.lang;
        let sev = row.severity.as_str();
        let mut search = String::new();
        for part in [&row.name, &row.key].into_iter().flatten() {
            search.push_str(&part.to_lowercase());
            search.push(' ');
        }
        h.push_str("<tr class=\"finding\" data-county=\"");
        push_text(h, &row.county);
        let _ = write!(h, "\" data-sev=\"{sev}\" data-rule=\"");
        push_text(h, &row.rule);
        h.push_str("\" data-search=\"");
        push_text(h, search.trim_end());
        h.push_str("\"><td>");
        match (&row.name, &row.key) {
            (Some(name), Some(key)) if name != key => {
                push_text(h, name);
                h.push_str("<br><span class=\"id\">");
                push_text(h, key);
                h.push_str("</span>");
            }
            (Some(text), _) | (None, Some(text)) => push_text(h, text),
            (None, None) => h.push_str(match row.scope {
                Scope::Overall => msg::SUBJECT_OVERALL.template(lang),
                _ => "—",
            }),
        }
        let _ = write!(
            h,
            "</td><td class=\"sev {sev}\">{}<br>{}</td><td>",
            describe::outcome_word(row.outcome, lang),
            describe::severity_word(row.severity, lang)
        );
        push_text(h, &row.message);
        if let Some(help) = &row.help {
            self.help(h, help);
        }
        h.push_str("</td><td class=\"vals\">");
        for (k, v) in &row.values {
            h.push_str("<code>");
            push_text(h, k);
            h.push_str(" = ");
            push_text(h, v);
            h.push_str("</code> ");
        }
        if row.skipped > 0 {
            h.push_str("<span class=\"note\">");
            push_text(h, &describe::skipped(row.skipped, lang));
            h.push_str("</span>");
        }
        h.push_str("</td><td class=\"place\">");
        if let Some(place) = &row.place {
            push_text(h, place);
        }
        h.push_str("</td></tr>\n");
    }
}

/// SHA-256 of `data` (FIPS 180-4), for the CSP hashes.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut state: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for chunk in message.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in chunk.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = state;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *s = s.wrapping_add(v);
        }
    }
    let mut out = [0u8; 32];
    for (i, s) in state.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&s.to_be_bytes());
    }
    out
}

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha256_matches_the_standard_vectors() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let long = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(
            hex(&sha256(long)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn text_is_escaped_and_controls_neutralised() {
        assert_eq!(
            escape_html("<img src=x onerror=alert(2)> & \"a\" 'b'"),
            "&lt;img src=x onerror=alert(2)&gt; &amp; &quot;a&quot; &#39;b&#39;"
        );
        assert_eq!(
            escape_html("a\u{1b}[31m\u{202e}b"),
            "a\\u{1b}[31m\\u{202e}b"
        );
        assert_eq!(escape_html("港北区 甲小学"), "港北区 甲小学");
    }

    #[test]
    fn csp_allows_only_the_inline_style_and_script_by_hash() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none';"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains(&format!("'sha256-{}'", base64(&sha256(SCRIPT.as_bytes())))));
        assert!(csp.contains(&format!("'sha256-{}'", base64(&sha256(CSS.as_bytes())))));
    }

    #[test]
    fn rates_are_coloured_on_a_fixed_scale() {
        assert_eq!(rate_class(Some(1.0)), "l0");
        assert_eq!(rate_class(Some(0.999)), "l1");
        assert_eq!(rate_class(Some(0.95)), "l1");
        assert_eq!(rate_class(Some(0.85)), "l2");
        assert_eq!(rate_class(Some(0.7)), "l3");
        assert_eq!(rate_class(Some(0.5)), "l4");
        assert_eq!(rate_class(Some(0.49)), "l5");
        assert_eq!(rate_class(Some(0.0)), "l5");
        assert_eq!(rate_class(None), "none");
    }

    #[test]
    fn percentages_never_round_to_all_or_nothing() {
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.9996), "99%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.0004), "1%");
        assert_eq!(percent(1.0 / 3.0), "33%");
    }

    #[test]
    fn csv_lines_split_with_quotes() {
        assert_eq!(
            split_csv("1,\"a,b\",港北区", b',').unwrap(),
            vec!["1", "a,b", "港北区"]
        );
    }
}
