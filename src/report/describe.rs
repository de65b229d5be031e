//! What every renderer says the same way about a finding: its rule's id,
//! title, cite and due date, the names of its record type and field, where
//! it points, and how a shown value reads.

use crate::data::{DataFile, FileFormat};
use crate::diag::{Finding, Location, RuleRef, Shown};
use crate::model::{Field, Rule};
use crate::report::Context;
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

/// The rule title, or a short English title for a built-in diagnostic.
pub fn rule_title<'a>(cx: &Context<'a>, rule: RuleRef) -> &'a str {
    match rule {
        RuleRef::Pack(i) => cx.pack.rules.get(i as usize).map_or("", |r| &r.title),
        RuleRef::Builtin(id) => builtin_title(id),
    }
}

/// Titles of the built-in diagnostics of the data contract (DATA.md) and of
/// waivers; an unknown id is its own title.
pub fn builtin_title(id: &str) -> &str {
    match id {
        "data/unreadable" => "file cannot be read",
        "data/malformed" => "malformed row",
        "data/encoding" => "file decoded as GB18030",
        "schema/unknown-column" => "unknown column",
        "schema/missing-column" => "required column missing",
        "schema/required" => "required value missing",
        "schema/type" => "value cannot be read as its type",
        "schema/enum" => "value is not one of the accepted spellings",
        "schema/range" => "value out of range",
        "schema/pattern" => "value does not match the required pattern",
        "schema/duplicate" => "duplicate value",
        "waiver/unused" => "waiver matches no finding",
        "waiver/expired" => "waiver has expired",
        other => other,
    }
}

/// The name of the finding's record type, if any.
pub fn record_type_name<'a>(cx: &Context<'a>, finding: &Finding) -> Option<&'a str> {
    let index = finding.record_type?;
    cx.pack.records.get(index as usize).map(|r| r.name.as_str())
}

/// The field a location points at: looked up in the finding's record type,
/// or else in the record type its file was read as.
pub fn field<'a>(cx: &Context<'a>, finding: &Finding, location: &Location) -> Option<&'a Field> {
    let index = location.field?;
    let record_type = finding
        .record_type
        .or_else(|| file(cx, location)?.record_type)?;
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

    /// `path:12:31`, `path 学校!C12` or `path`, as people quote a place.
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
/// numbers with at most six decimals, missing as `missing`. Text is returned
/// as it is: escape it before printing.
pub fn shown_text(value: &Shown) -> String {
    match value {
        Shown::Missing => "missing".to_owned(),
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
        assert_eq!(shown_text(&Shown::Num(80.0)), "80");
        assert_eq!(shown_text(&Shown::Num(0.85)), "0.85");
        assert_eq!(shown_text(&Shown::Num(0.1 + 0.2)), "0.3");
        assert_eq!(shown_text(&Shown::Num(-0.0000001)), "0");
        assert_eq!(shown_text(&Shown::Num(f64::INFINITY)), "∞");
        assert_eq!(shown_text(&Shown::Missing), "missing");
        assert_eq!(shown_text(&Shown::Bool(true)), "true");
    }
}
