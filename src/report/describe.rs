//! What every renderer says the same way about a finding: its rule's id,
//! title, cite and due date, the names of its record type and field, where
//! it points, and how a shown value reads.

use crate::data::{DataFile, FileFormat};
use crate::diag::{Finding, Location, Outcome, RuleRef, Severity, Shown};
use crate::i18n::{self, Lang, Msg, report as msg};
use crate::model::{Field, Rule};
use crate::report::Context;
use crate::t;
use std::fmt::Write;

/// The pack rule behind a finding, if it is not a built-in diagnostic.
pub fn pack_rule<'a>(cx: &Context<'a>, finding: &Finding) -> Option<&'a Rule> {
    match finding.rule {
        RuleRef::Pack(i) => cx.pack.rules.get(i as usize),
        RuleRef::Builtin(_) => None,
    }
}

/// The rule id: the pack's (`BOARD-001`) or the data contract's (`schema/type`).
pub fn rule_id<'a>(cx: &Context<'a>, rule: RuleRef) -> &'a str {
    match rule {
        RuleRef::Pack(i) => cx.pack.rules.get(i as usize).map_or("?", |r| &r.id),
        RuleRef::Builtin(id) => id,
    }
}

/// The rule title, or a short title in the report's language for a
/// built-in diagnostic.
pub fn rule_title<'a>(cx: &Context<'a>, rule: RuleRef) -> &'a str {
    match rule {
        RuleRef::Pack(i) => cx.pack.rules.get(i as usize).map_or("", |r| &r.title),
        RuleRef::Builtin(id) => builtin_title(id, cx.lang),
    }
}

/// Titles of the built-in diagnostics of the data contract (DATA.md) and of
/// waivers; an unknown id is its own title.
pub fn builtin_title(id: &str, lang: Lang) -> &str {
    let title = match id {
        "data/unreadable" => msg::TITLE_UNREADABLE,
        "data/malformed" => msg::TITLE_MALFORMED,
        "data/encoding" => msg::TITLE_ENCODING,
        "schema/unknown-column" => msg::TITLE_UNKNOWN_COLUMN,
        "schema/missing-column" => msg::TITLE_MISSING_COLUMN,
        "schema/required" => msg::TITLE_REQUIRED,
        "schema/type" => msg::TITLE_TYPE,
        "schema/enum" => msg::TITLE_ENUM,
        "schema/range" => msg::TITLE_RANGE,
        "schema/pattern" => msg::TITLE_PATTERN,
        "schema/duplicate" => msg::TITLE_DUPLICATE,
        "waiver/unused" => msg::TITLE_WAIVER_UNUSED,
        "waiver/expired" => msg::TITLE_WAIVER_EXPIRED,
        other => return other,
    };
    title.template(lang)
}

/// A severity as a word for people: `error`, `警告`.
pub fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    let word = match severity {
        Severity::Error => msg::SEV_ERROR,
        Severity::Warning => msg::SEV_WARNING,
        Severity::Info => msg::SEV_INFO,
    };
    word.template(lang)
}

/// An outcome as words for people: `fail`, `missing data`, `已豁免`.
pub fn outcome_word(outcome: Outcome, lang: Lang) -> &'static str {
    let word = match outcome {
        Outcome::Fail => msg::OUTCOME_FAIL,
        Outcome::Missing => msg::OUTCOME_MISSING,
        Outcome::Waived => msg::OUTCOME_WAIVED,
        Outcome::Error => msg::OUTCOME_ERROR,
    };
    word.template(lang)
}

/// A count for people: as it is in English (the English reports were
/// written so), with thousands separators in Chinese.
pub fn number(n: u64, lang: Lang) -> String {
    match lang {
        Lang::En => n.to_string(),
        Lang::Zh => i18n::count(n),
    }
}

/// `3 records skipped for missing values`: a group finding's records that
/// had no value.
pub fn skipped(skipped: u32, lang: Lang) -> String {
    let line = if skipped == 1 {
        msg::SKIPPED_ONE
    } else {
        msg::SKIPPED_MANY
    };
    t!(lang, line, count = number(skipped.into(), lang))
}

/// `n` with the singular or plural form of a counted noun, the count
/// grouped by thousands: `1,532 records`, `1 file`, `2 个文件`.
pub fn counted(n: u64, one: Msg, many: Msg, lang: Lang) -> String {
    let noun = if n == 1 { one } else { many };
    t!(lang, noun, count = i18n::count(n))
}

/// The name of the finding's record type, if any.
pub fn record_type_name<'a>(cx: &Context<'a>, finding: &Finding) -> Option<&'a str> {
    let index = finding.record_type?;
    cx.pack.records.get(index as usize).map(|r| r.name.as_str())
}

/// The field a location points at: looked up in the finding's record type,
/// or else in the record type its file was read as.
pub fn field<'a>(cx: &Context<'a>, finding: &Finding, location: &Location) -> Option<&'a Field> {
    field_in(cx, finding.record_type, location)
}

/// [`field`] for a finding of record type `record_type`.
pub fn field_in<'a>(
    cx: &Context<'a>,
    record_type: Option<u32>,
    location: &Location,
) -> Option<&'a Field> {
    let index = location.field?;
    let record_type = record_type.or_else(|| file(cx, location)?.record_type)?;
    cx.pack
        .records
        .get(record_type as usize)?
        .fields
        .get(index as usize)
}

/// The data file a location points into.
pub fn file<'a>(cx: &Context<'a>, location: &Location) -> Option<&'a DataFile> {
    cx.files.get(location.file as usize)
}

/// A location in the output's terms: the file's path, and either a line and
/// column (text formats) or a sheet and cell (Excel). A location on line 0
/// is about the whole file. When no single cell is to blame (column 0), the
/// row's first cell stands for it, as DATA.md "Positions" asks.
#[derive(Clone, Debug, PartialEq)]
pub struct Place<'a> {
    pub file: Option<&'a str>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub sheet: Option<&'a str>,
    pub cell: Option<String>,
}

impl<'a> Place<'a> {
    pub fn of(cx: &Context<'a>, location: &Location) -> Place<'a> {
        let data_file = file(cx, location);
        let mut place = Place {
            file: data_file.map(|f| f.path.as_str()),
            line: None,
            column: None,
            sheet: None,
            cell: None,
        };
        if location.line == 0 {
            return place;
        }
        let column = location.column.max(1);
        if data_file.is_some_and(|f| f.format == FileFormat::Excel) {
            place.sheet = location
                .sheet
                .and_then(|s| data_file?.sheets.get(s as usize))
                .map(String::as_str);
            place.cell = Some(cell_ref(column, location.line));
        } else {
            place.line = Some(location.line);
            place.column = Some(column);
        }
        place
    }

    /// The place in words of `lang`: `path:12:31` or `path 第 12 行第 31
    /// 列`, `path 学校!C12` or `path 工作表「学校」C12 单元格`, or `path`.
    pub fn words(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.text();
        }
        let file = self.file.unwrap_or("?");
        match (self.line, self.column, self.sheet, &self.cell) {
            (Some(line), Some(column), _, _) => {
                t!(
                    lang,
                    msg::PLACE_LINE,
                    file = file,
                    line = line,
                    column = column
                )
            }
            (_, _, Some(sheet), Some(cell)) => {
                t!(
                    lang,
                    msg::PLACE_SHEET_CELL,
                    file = file,
                    sheet = sheet,
                    cell = cell
                )
            }
            (_, _, None, Some(cell)) => t!(lang, msg::PLACE_CELL, file = file, cell = cell),
            _ => file.to_owned(),
        }
    }

    /// `path:12:31`, `path 学校!C12` or `path`, as tools quote a place (and
    /// the English reports).
    pub fn text(&self) -> String {
        let mut text = self.file.unwrap_or("?").to_owned();
        if let (Some(line), Some(column)) = (self.line, self.column) {
            let _ = write!(text, ":{line}:{column}");
        }
        match (self.sheet, &self.cell) {
            (Some(sheet), Some(cell)) => {
                let _ = write!(text, " {sheet}!{cell}");
            }
            (None, Some(cell)) => {
                let _ = write!(text, " {cell}");
            }
            _ => {}
        }
        text
    }
}

/// An A1-style cell reference: column 3, row 12 → `C12`.
pub fn cell_ref(column: u32, row: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let digit = (n - 1) % 26;
        letters.push(b'A' + digit as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{row}", String::from_utf8_lossy(&letters))
}

/// A shown value as people read it: integers without a fraction, other
/// numbers with at most six decimals, missing as `missing` (`缺失`). Text
/// is returned as it is: escape it before printing.
pub fn shown_text(value: &Shown, lang: Lang) -> String {
    match value {
        Shown::Missing => msg::SHOWN_MISSING.template(lang).to_owned(),
        Shown::Bool(b) => b.to_string(),
        Shown::Num(n) => number_text(*n),
        Shown::Text(t) => t.clone(),
    }
}

fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return if n.is_nan() {
            "NaN".to_owned()
        } else if n > 0.0 {
            "∞".to_owned()
        } else {
            "-∞".to_owned()
        };
    }
    let text = format!("{n:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs_use_spreadsheet_letters() {
        assert_eq!(cell_ref(1, 1), "A1");
        assert_eq!(cell_ref(3, 12), "C12");
        assert_eq!(cell_ref(26, 2), "Z2");
        assert_eq!(cell_ref(27, 2), "AA2");
        assert_eq!(cell_ref(703, 9), "AAA9");
    }

    #[test]
    fn numbers_read_naturally() {
        let shown = |v| shown_text(&v, Lang::En);
        assert_eq!(shown(Shown::Num(80.0)), "80");
        assert_eq!(shown(Shown::Num(0.85)), "0.85");
        assert_eq!(shown(Shown::Num(0.1 + 0.2)), "0.3");
        assert_eq!(shown(Shown::Num(-0.0000001)), "0");
        assert_eq!(shown(Shown::Num(f64::INFINITY)), "∞");
        assert_eq!(shown(Shown::Missing), "missing");
        assert_eq!(shown(Shown::Bool(true)), "true");
        assert_eq!(shown_text(&Shown::Missing, Lang::Zh), "缺失");
    }

    #[test]
    fn places_read_as_words_in_chinese() {
        let line = Place {
            file: Some("a.csv"),
            line: Some(12),
            column: Some(4),
            sheet: None,
            cell: None,
        };
        assert_eq!(line.words(Lang::En), "a.csv:12:4");
        assert_eq!(line.words(Lang::Zh), "a.csv 第 12 行第 4 列");
        let cell = Place {
            file: Some("b.xlsx"),
            line: None,
            column: None,
            sheet: Some("学校"),
            cell: Some("C12".to_owned()),
        };
        assert_eq!(cell.words(Lang::En), "b.xlsx 学校!C12");
        assert_eq!(cell.words(Lang::Zh), "b.xlsx 工作表「学校」C12 单元格");
        assert_eq!(
            counted(1532, msg::RECORDS_ONE, msg::RECORDS_MANY, Lang::En),
            "1,532 records"
        );
        assert_eq!(
            counted(1, msg::FILES_ONE, msg::FILES_MANY, Lang::Zh),
            "1 个文件"
        );
        assert_eq!(number(12345, Lang::En), "12345");
        assert_eq!(number(12345, Lang::Zh), "12,345");
    }
}
