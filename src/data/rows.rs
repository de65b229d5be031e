//! One row of any format → one [`Record`] and its data findings: reading
//! each cell as its field's type, `required`, `min`/`max`, `matches` and
//! `unique`. Format readers only say where each cell is and what it holds.

use crate::data::FileFormat;
use crate::data::cells::{CellError, CellReader};
use crate::data::fold::is_blank;
use crate::data::header::Layout;
use crate::data::limits::{MAX_CELL_BYTES, show_bytes};
use crate::data::naming::CellName;
use crate::data::unique::Uniques;
use crate::diag::{Finding, Location, Outcome, RuleRef, Scope, Severity, Shown};
use crate::i18n::{Lang, data as m};
use crate::model::{Field, Pack, Type};
use crate::value::{Cell, Date, Dim, OwnedValue, Record, RecordPos, Value};

/// A cell as a format delivers it, before it is read as its field's type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RawCell<'a> {
    Missing,
    /// Text as written (CSV cells, JSON strings and number literals, Excel
    /// strings); trimmed and read by the value table.
    Text(&'a str),
    /// An Excel number cell.
    Num(f64),
    /// An Excel date cell.
    Date(Date),
    /// A JSON or Excel boolean.
    Bool(bool),
    /// Something that is never a value: a nested JSON object or array, an
    /// Excel error cell.
    Invalid(Invalid),
}

/// A cell that holds no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
    /// An Excel error value, as Excel shows it (`#DIV/0!`).
    Excel(&'static str),
}

impl Invalid {
    /// What the cell holds, for a message (`an object`, `the Excel error #N/A`).
    pub fn describe(self, lang: Lang) -> String {
        match self {
            Invalid::Object => crate::t!(lang, m::AN_OBJECT),
            Invalid::Array => crate::t!(lang, m::AN_ARRAY),
            Invalid::Excel(code) => crate::t!(lang, m::EXCEL_ERROR, code = code),
        }
    }
}

/// Where a cell is, for its findings and `Record::columns`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CellPos {
    /// 1-based line (text) or row (Excel).
    pub line: u32,
    /// 1-based column in characters (text) or column number (Excel).
    pub column: u32,
    /// Byte offset of the start of `line` (text formats).
    pub offset: u64,
    /// The cell's width in characters.
    pub width: u32,
}

/// A built-in data finding at `location` (error unless `severity` says
/// otherwise).
pub fn data_finding(
    id: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    location: Option<Location>,
) -> Finding {
    Finding {
        rule: RuleRef::Builtin(id),
        outcome: Outcome::Error,
        severity,
        scope: Scope::Data,
        message,
        help,
        record_type: None,
        key: None,
        group: Vec::new(),
        location,
        related: None,
        values: Vec::new(),
        skipped: 0,
    }
}

/// Fills records of one record type from rows of one file or sheet.
#[derive(Debug)]
pub struct RowFiller<'p> {
    pack: &'p Pack,
    pub layout: Layout,
    file: u32,
    sheet: Option<u32>,
    cells: CellReader,
    /// Scratch for numbers and booleans turned into text.
    scratch: String,
    key_text: String,
    /// How findings name cells: their language, the file's format and its
    /// headers as the file spelled them (by column index).
    lang: Lang,
    format: FileFormat,
    pub(super) headers: Vec<String>,
}

impl<'p> RowFiller<'p> {
    /// A filler for rows laid out as `layout`, in `file` (and `sheet`),
    /// whose header row is `headers`; findings speak `lang`.
    pub fn new(
        pack: &'p Pack,
        layout: Layout,
        file: u32,
        sheet: Option<u32>,
        (lang, format, headers): (Lang, FileFormat, Vec<String>),
    ) -> RowFiller<'p> {
        RowFiller {
            pack,
            layout,
            file,
            sheet,
            cells: CellReader::new(pack, lang),
            scratch: String::new(),
            key_text: String::new(),
            lang,
            format,
            headers,
        }
    }

    /// How a finding names the cell of field `fi` at `pos` (error paths).
    fn cell_name(&self, fi: u32, pos: &CellPos) -> CellName<'_> {
        let index = self
            .layout
            .field_column
            .get(fi as usize)
            .copied()
            .flatten()
            .unwrap_or(0);
        CellName {
            lang: self.lang,
            format: self.format,
            line: pos.line,
            index,
            sheet_column: pos.column,
            header: self.headers.get(index).map_or("", String::as_str),
        }
    }

    pub fn record_type(&self) -> u32 {
        self.layout.record_type
    }

    /// A location in this file (and sheet).
    pub fn location(&self, pos: &CellPos, field: Option<u32>) -> Location {
        Location {
            file: self.file,
            sheet: self.sheet,
            line: pos.line,
            column: pos.column,
            offset: pos.offset,
            width: pos.width,
            field,
        }
    }

    /// Fills `rec` from a row. `cell(column)` gives the raw cell in a header
    /// column and where it is. Findings are appended to `findings`.
    pub fn fill<'a>(
        &mut self,
        rec: &mut Record,
        pos: RecordPos,
        uniques: &mut Uniques,
        findings: &mut Vec<Finding>,
        mut cell: impl FnMut(usize) -> (RawCell<'a>, CellPos),
    ) {
        let pack = self.pack;
        let rt_index = self.layout.record_type;
        let Some(rt) = pack.records.get(rt_index as usize) else {
            return;
        };
        rec.reset(rt.fields.len());
        rec.pos = pos;
        self.key_text.clear();
        let first_finding = findings.len();
        for (fi, field) in rt.fields.iter().enumerate() {
            let Some(col) = self.layout.field_column.get(fi).copied().flatten() else {
                continue;
            };
            let (raw, cpos) = cell(col);
            if let Some(c) = rec.columns.get_mut(fi) {
                *c = cpos.column;
            }
            if cpos.line != pos.line && cpos.line > 0 {
                rec.later_lines.push((fi as u32, cpos.line, cpos.offset));
            }
            let value = self.read_one(raw, field, fi as u32, &cpos, findings);
            if rt.key == Some(fi as u32) {
                self.key_text.clear();
                self.key_text.push_str(&self.scratch);
            }
            let stored = match value {
                Value::Missing => Cell::Missing,
                Value::Bool(b) => Cell::Bool(b),
                Value::Num(n) => Cell::Num(n),
                Value::Date(d) => Cell::Date(d),
                Value::Enum(e) => Cell::Enum(e),
                Value::Text(_) => rec.push_text(&self.scratch),
            };
            if let Some(slot) = rec.cells.get_mut(fi) {
                *slot = stored;
            }
            if field.unique && !matches!(stored, Cell::Missing) {
                let at = self.location(&cpos, Some(fi as u32));
                let v = match stored {
                    Cell::Text(..) => Value::Text(rec.text_of(stored)),
                    Cell::Num(n) => Value::Num(n),
                    Cell::Date(d) => Value::Date(d),
                    Cell::Enum(e) => Value::Enum(e),
                    Cell::Bool(b) => Value::Bool(b),
                    Cell::Missing => Value::Missing,
                };
                if let Some(first) = uniques.insert(rt_index, fi as u32, v, &at) {
                    let shown = rec.text_of(stored).to_string();
                    let shown = if shown.is_empty() {
                        self.scratch.clone()
                    } else {
                        shown
                    };
                    let lang = self.lang;
                    let mut f = data_finding(
                        "schema/duplicate",
                        Severity::Error,
                        crate::t!(
                            lang,
                            m::DUPLICATE_VALUE,
                            cell = self.cell_name(fi as u32, &cpos),
                            field = field.name,
                            value = shown,
                            first = where_is(lang, &first)
                        ),
                        Some(crate::t!(lang, m::HELP_DUPLICATE, field = field.name)),
                        Some(at),
                    );
                    f.related = Some(first);
                    f.values = vec![(field.name.clone(), Shown::Text(shown))];
                    findings.push(f);
                }
            }
        }
        if findings.len() == first_finding {
            return;
        }
        let key = (!self.key_text.is_empty()).then(|| self.key_text.clone());
        for f in &mut findings[first_finding..] {
            f.record_type = Some(rt_index);
            f.key.clone_from(&key);
        }
    }

    /// Reads one cell, leaving its trimmed text (as shown in findings and
    /// stored for text fields) in `self.scratch`.
    fn read_one(
        &mut self,
        raw: RawCell<'_>,
        field: &Field,
        fi: u32,
        cpos: &CellPos,
        findings: &mut Vec<Finding>,
    ) -> Value<'static> {
        use std::fmt::Write;
        let lang = self.lang;
        self.scratch.clear();
        let result: Result<Value<'static>, CellError> = match raw {
            RawCell::Missing => Ok(Value::Missing),
            RawCell::Date(d) => {
                let _ = write!(self.scratch, "{d}");
                match field.ty {
                    Type::Date => Ok(Value::Date(d)),
                    _ => self.read_text(field.ty),
                }
            }
            RawCell::Num(n) => {
                let _ = write!(self.scratch, "{n}");
                match field.ty {
                    Type::Date => excel_serial(n).map(Value::Date).ok_or_else(|| {
                        CellError::new(lang, "schema/type", m::SERIAL_NOT_DATE, &self.scratch)
                            .help(m::HELP_SERIAL_DATE)
                    }),
                    _ => self.read_text(field.ty),
                }
            }
            RawCell::Bool(b) => {
                self.scratch.push_str(if b { "true" } else { "false" });
                self.read_text(field.ty)
            }
            RawCell::Text(t) if t.len() > MAX_CELL_BYTES => {
                // Only the start is kept, for the finding to show.
                self.scratch.extend(t.chars().take(40));
                self.scratch.push('…');
                Err(
                    CellError::new(lang, "schema/type", m::CELL_TOO_LONG, &self.scratch)
                        .with("field", &field.name)
                        .with("size", show_bytes(t.len() as u64))
                        .with("limit", show_bytes(MAX_CELL_BYTES as u64))
                        .help(m::HELP_CELL_TOO_LONG),
                )
            }
            RawCell::Text(t) => {
                self.scratch.push_str(t.trim_matches(is_blank));
                self.read_text(field.ty)
            }
            RawCell::Invalid(what) => {
                let what = what.describe(lang);
                self.scratch.push_str(&what);
                let mut e = CellError::new(lang, "schema/type", m::NOT_A_VALUE, &what)
                    .with("field", &field.name)
                    .with("what", &what);
                e.help = Some(crate::t!(lang, m::HELP_NOT_A_VALUE, field = field.name));
                Err(e)
            }
        };
        let cpos = &CellPos {
            width: if cpos.width == 0 {
                self.scratch.chars().count() as u32
            } else {
                cpos.width
            },
            ..*cpos
        };
        let at = |s: &Self| s.location(cpos, Some(fi));
        let shown = || vec![(field.name.clone(), Shown::Text(self.scratch.clone()))];
        let value = match result {
            Ok(v) => v,
            Err(e) => {
                let message = e.message_at(&self.cell_name(fi, cpos));
                let mut f = data_finding(e.id, Severity::Error, message, e.help, Some(at(self)));
                f.values = shown();
                findings.push(f);
                return Value::Missing;
            }
        };
        if value.is_missing() {
            if field.required {
                let mut f = data_finding(
                    "schema/required",
                    Severity::Error,
                    crate::t!(
                        lang,
                        m::REQUIRED_BLANK,
                        cell = self.cell_name(fi, cpos),
                        field = field.name
                    ),
                    Some(crate::t!(lang, m::HELP_REQUIRED, field = field.name)),
                    Some(at(self)),
                );
                f.values = shown();
                findings.push(f);
            }
            return value;
        }
        if let Some(msg) = range_problem(lang, &value, field, &self.cell_name(fi, cpos)) {
            let mut f = data_finding(
                "schema/range",
                Severity::Error,
                msg.0,
                Some(msg.1),
                Some(at(self)),
            );
            f.values = shown();
            findings.push(f);
        }
        if let Some(re) = &field.pattern
            && !re.is_match(&self.scratch)
        {
            let pattern = field.pattern_source.as_deref().unwrap_or(re.as_str());
            let mut f = data_finding(
                "schema/pattern",
                Severity::Error,
                crate::t!(
                    lang,
                    m::PATTERN_MISMATCH,
                    cell = self.cell_name(fi, cpos),
                    value = self.scratch,
                    pattern = pattern
                ),
                Some(crate::t!(
                    lang,
                    m::HELP_PATTERN,
                    field = field.name,
                    pattern = pattern
                )),
                Some(at(self)),
            );
            f.values = shown();
            findings.push(f);
        }
        value
    }

    /// Reads `self.scratch` as `ty`; text values are returned as
    /// `Value::Text("")` (the text itself stays in `self.scratch`).
    fn read_text(&mut self, ty: Type) -> Result<Value<'static>, CellError> {
        Ok(match self.cells.read(&self.scratch, ty)? {
            Value::Missing => Value::Missing,
            Value::Bool(b) => Value::Bool(b),
            Value::Num(n) => Value::Num(n),
            Value::Date(d) => Value::Date(d),
            Value::Enum(e) => Value::Enum(e),
            Value::Text(_) => Value::Text(""),
        })
    }
}

/// "line 3" (text files), "row 3" (workbooks), for duplicate messages.
fn where_is(lang: Lang, l: &Location) -> String {
    match l.sheet {
        Some(_) => crate::t!(lang, m::AT_ROW, line = l.line),
        None => crate::t!(lang, m::AT_LINE, line = l.line),
    }
}

/// An Excel serial day number (1900 date system) as a date.
pub fn excel_serial(n: f64) -> Option<Date> {
    if !n.is_finite() || !(1.0..2_958_466.0).contains(&n) {
        return None;
    }
    let days = n.floor() as i32;
    // Serial 61 is 1900-03-01; Excel counts a fictitious 1900-02-29 (60).
    let days = if days < 60 { days + 1 } else { days };
    Some(Date(days - 25_569))
}

/// (message, help) when a value breaks its field's `min`/`max`.
fn range_problem(
    lang: Lang,
    value: &Value<'_>,
    field: &Field,
    cell: &CellName<'_>,
) -> Option<(String, String)> {
    let below = |bound: &OwnedValue| match (value, bound) {
        (Value::Num(v), OwnedValue::Num(b)) => v < b,
        (Value::Date(v), OwnedValue::Date(b)) => v < b,
        _ => false,
    };
    let above = |bound: &OwnedValue| match (value, bound) {
        (Value::Num(v), OwnedValue::Num(b)) => v > b,
        (Value::Date(v), OwnedValue::Date(b)) => v > b,
        _ => false,
    };
    let name = &field.name;
    let (bound, problem, help) = if let Some(min) = field.min.as_ref().filter(|m| below(m)) {
        (min, m::BELOW_MIN, m::HELP_BELOW_MIN)
    } else if let Some(max) = field.max.as_ref().filter(|m| above(m)) {
        (max, m::ABOVE_MAX, m::HELP_ABOVE_MAX)
    } else {
        return None;
    };
    let (v, b) = (
        show(lang, value, field.ty),
        show_owned(lang, bound, field.ty),
    );
    Some((
        crate::t!(
            lang,
            problem,
            cell = cell,
            field = name,
            value = v,
            bound = b
        ),
        crate::t!(lang, help, field = name, bound = b),
    ))
}

fn show(lang: Lang, v: &Value<'_>, ty: Type) -> String {
    match v {
        Value::Num(n) => show_num(lang, *n, ty),
        Value::Date(d) => crate::i18n::date(lang, *d),
        _ => String::new(),
    }
}

fn show_owned(lang: Lang, v: &OwnedValue, ty: Type) -> String {
    show(lang, &v.as_value(), ty)
}

/// A number for messages: percent as `85%`, quantities with their unit.
fn show_num(lang: Lang, n: f64, ty: Type) -> String {
    let short = |v: f64| {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    match ty {
        Type::Percent => format!("{}%", short(n * 100.0)),
        Type::Quantity(Dim::Rate) => format!("{} Mbps", short(n)),
        Type::Quantity(Dim::Area) => format!("{} m2", short(n)),
        Type::Quantity(Dim::Money) => match lang {
            Lang::En => format!("{} yuan", short(n)),
            Lang::Zh => format!("{} 元", short(n)),
        },
        _ => short(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::cells::read_date;

    #[test]
    fn excel_serials_are_dates() {
        assert_eq!(excel_serial(44075.0), Date::from_ymd(2020, 9, 1));
        assert_eq!(excel_serial(61.0), Date::from_ymd(1900, 3, 1));
        assert_eq!(excel_serial(1.0), Date::from_ymd(1900, 1, 1));
        assert_eq!(excel_serial(-3.0), None);
        assert_eq!(read_date("2020-09-01"), excel_serial(44075.5));
    }
}
