//! One row of any format → one [`Record`] and its data findings: reading
//! each cell as its field's type, `required`, `min`/`max`, `matches` and
//! `unique`. Format readers only say where each cell is and what it holds.

use std::sync::Arc;

use crate::data::FileFormat;
use crate::data::cells::{
    CellError, CellReader, ascii_date, ascii_int, bool_word, fast_bool, fast_date, fast_int,
    fast_text,
};
use crate::data::fold::is_blank;
use crate::data::header::Layout;
use crate::data::limits::{MAX_CELL_BYTES, show_bytes};
use crate::data::naming::CellName;
use crate::data::unique::{Uniques, ValueHash};
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

/// The cells of one row, as a format hands them to
/// [`RowFiller::fill_deferred`].
pub trait RowCells<'a> {
    /// The raw cell in header column `col`, and its 1-based column
    /// (`CellPos::column`).
    fn cell(&mut self, col: usize) -> (RawCell<'a>, u32);
    /// Where the cell in column `col` is: asked only for findings, `unique`
    /// values and rows whose cells may begin on later lines.
    fn pos(&mut self, col: usize) -> CellPos;
    /// Whether a cell may begin on a later line than the row's first (a
    /// quoted cell before it holds a newline).
    fn multiline(&self) -> bool {
        true
    }
}

/// A closure giving each column's raw cell and position as [`RowCells`]
/// (it is called once per column asked for, as long as `pos` asks for
/// the column `cell` asked for last).
struct ByColumn<F> {
    f: F,
    last: Option<(usize, CellPos)>,
}

impl<'a, F: FnMut(usize) -> (RawCell<'a>, CellPos)> RowCells<'a> for ByColumn<F> {
    fn cell(&mut self, col: usize) -> (RawCell<'a>, u32) {
        let (raw, pos) = (self.f)(col);
        self.last = Some((col, pos));
        (raw, pos.column)
    }

    fn pos(&mut self, col: usize) -> CellPos {
        match self.last {
            Some((c, pos)) if c == col => pos,
            _ => (self.f)(col).1,
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
#[derive(Clone, Debug)]
pub struct RowFiller<'p> {
    pack: &'p Pack,
    layout: Layout,
    /// Per field with a column: how its cell is read (shared by the
    /// filler's clones; taken out while a row is filled, see
    /// [`RowFiller::fill_deferred`]). Always `Some` between rows.
    plan: Option<Arc<Plan<'p>>>,
    /// Scratch: positions in `plan.all` of the cells the runs by kind left
    /// to the general path.
    late: Vec<u32>,
    file: u32,
    sheet: Option<u32>,
    cells: CellReader,
    /// Scratch for numbers and booleans turned into text.
    scratch: String,
    /// Where the record's key text is in the arena (set by `note`).
    key_at: Option<(usize, usize)>,
    /// The text the last record held, in bytes: a record's new text
    /// buffer is given half as much again at once (records' texts differ
    /// in length: given exactly as much, every other new buffer grew once
    /// or twice).
    text_hint: usize,
    /// `unique` checks of the record being filled by [`RowFiller::fill`].
    pending: Vec<PendingUnique>,
    arena: String,
    /// How findings name cells: their language, the file's format and its
    /// headers as the file spelled them (by column index).
    lang: Lang,
    format: FileFormat,
    pub(super) headers: Vec<String>,
}

/// A `unique` value of one record, to be checked against the values before
/// it in file order ([`check_unique`]). Readers that fill records out of
/// order (blocks of a file in parallel) keep these and check them in order.
#[derive(Clone, Debug)]
pub struct PendingUnique {
    /// The record's findings that come before this one's duplicate finding
    /// (an index into the findings vector the record was filled with).
    pub insert_at: usize,
    pub field: u32,
    /// The value; `Value::Text("")` stands for the text `shown`.
    value: Value<'static>,
    pub at: Location,
    /// The cell's text (`arena` range), and the record's key (likewise).
    shown: (usize, usize),
    key: (usize, usize),
    /// How the finding names the cell: language, format, the column's
    /// index and its header (`arena` range).
    lang: Lang,
    format: FileFormat,
    column: usize,
    header: (usize, usize),
}

/// How one field's cell is read, decided once per layout: the common cell
/// (text read by [`CellReader::read_fast`] that breaks no check) takes a
/// short path; any other goes through [`RowFiller::read_one`], which reads
/// it again and reports what is wrong.
#[derive(Clone, Debug)]
struct Slot<'p> {
    field: &'p Field,
    ty: Type,
    index: u32,
    /// Its place in [`Plan::all`].
    pos: u32,
    column: usize,
    /// The record type's key.
    key: bool,
    /// `unique` (or the key).
    unique: bool,
    /// Whether the field has a check a value may break (`required`,
    /// `min`/`max`, `matches`).
    checked: bool,
    /// `required`.
    required: bool,
    /// How the common cell is read and stored.
    kind: Kind,
    /// The enum of a slot of kind [`Kind::Enum`] (0 for any other), so
    /// that its run reads it without matching `kind`.
    enum_id: u32,
    /// A `matches` pattern that only says "so many ASCII digits"
    /// (`^[0-9]{10}$`): the least and most digits, checked without the
    /// regex.
    digits: Option<(usize, usize)>,
    /// `min`/`max` as the numbers and dates `range_problem` compares
    /// (unbounded when absent or of another kind).
    num: (f64, f64),
    date: (i32, i32),
}

/// How a [`Slot`]'s common cell is read and stored, decided once per
/// layout: a row on one line is read one run of slots of a kind at a time
/// ([`Plan`]), so the type is not dispatched on per cell.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// Text; no check but perhaps `required`.
    Text,
    /// An int; no check but perhaps `required` and `min`/`max`.
    Int,
    /// A yes/no; no check but perhaps `required`.
    Bool,
    /// A value of enum `.0`; no check but perhaps `required`.
    Enum(u32),
    /// A date; no check but perhaps `required` and `min`/`max`.
    Date,
    /// A number, percent or quantity; no check but perhaps `required` and
    /// `min`/`max`.
    Num,
    /// Any other: [`CellReader::read_fast`], [`Slot::passes`], and the
    /// key's and `unique` notes: the key, `unique` fields, fields with a
    /// `matches` pattern, and bounded text, yes/no and enum fields.
    Other,
}

impl Kind {
    fn of(field: &Field, key: bool) -> Kind {
        if key || field.unique || field.pattern.is_some() {
            return Kind::Other;
        }
        let bounded = field.min.is_some() || field.max.is_some();
        match field.ty {
            Type::Int => Kind::Int,
            Type::Date => Kind::Date,
            Type::Number | Type::Percent | Type::Quantity(_) => Kind::Num,
            _ if bounded => Kind::Other,
            Type::Text => Kind::Text,
            Type::Bool => Kind::Bool,
            Type::Enum(e) => Kind::Enum(e),
        }
    }
}

impl<'p> Slot<'p> {
    fn new(field: &'p Field, (index, pos): (u32, u32), column: usize, key: bool) -> Slot<'p> {
        let num = |b: &Option<OwnedValue>| match b {
            Some(OwnedValue::Num(n)) => Some(*n),
            _ => None,
        };
        let date = |b: &Option<OwnedValue>| match b {
            Some(OwnedValue::Date(d)) => Some(d.0),
            _ => None,
        };
        Slot {
            field,
            ty: field.ty,
            index,
            pos,
            column,
            key,
            unique: field.unique,
            checked: field.required
                || field.min.is_some()
                || field.max.is_some()
                || field.pattern.is_some(),
            required: field.required,
            kind: Kind::of(field, key),
            enum_id: match Kind::of(field, key) {
                Kind::Enum(e) => e,
                _ => 0,
            },
            digits: field.pattern_source.as_deref().and_then(digit_run),
            num: (
                num(&field.min).unwrap_or(f64::NEG_INFINITY),
                num(&field.max).unwrap_or(f64::INFINITY),
            ),
            date: (
                date(&field.min).unwrap_or(i32::MIN),
                date(&field.max).unwrap_or(i32::MAX),
            ),
        }
    }

    /// Whether `value`, read from the trimmed text `shown`, breaks none of
    /// the field's checks (`judge` would report nothing).
    #[inline]
    fn passes(&self, value: &Value<'_>, shown: &str) -> bool {
        match *value {
            Value::Missing => return !self.field.required,
            // Not `n >= lo && n <= hi`: a NaN is out of no range.
            Value::Num(n) if n < self.num.0 || n > self.num.1 => return false,
            Value::Date(d) if d.0 < self.date.0 || d.0 > self.date.1 => return false,
            _ => {}
        }
        if let Some((least, most)) = self.digits {
            return (least..=most).contains(&shown.len()) && all_ascii_digits(shown.as_bytes());
        }
        self.field
            .pattern
            .as_ref()
            .is_none_or(|re| re.is_match(shown))
    }
}

/// Whether every byte is an ASCII digit, eight bytes at a time (a key
/// such as `3445000400` is one word and two bytes).
#[inline]
fn all_ascii_digits(mut b: &[u8]) -> bool {
    while let Some((word, rest)) = b.split_first_chunk::<8>() {
        let w = u64::from_le_bytes(*word);
        // Each byte is 0x30..=0x3F, and adding 6 keeps it below 0x40
        // (its low half is at most 9); no carry crosses a byte once the
        // first test holds.
        const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
        const THREES: u64 = 0x3030_3030_3030_3030;
        if w & HIGH != THREES || w.wrapping_add(0x0606_0606_0606_0606) & HIGH != THREES {
            return false;
        }
        b = rest;
    }
    b.iter().all(u8::is_ascii_digit)
}

/// The least and most digits a `matches` pattern allows when it is only a
/// run of ASCII digits — `[0-9]{n}`, `[0-9]{m,n}`, `[0-9]+` — perhaps
/// between `^` and `$` (the pattern must match the whole text anyway).
fn digit_run(source: &str) -> Option<(usize, usize)> {
    let core = source.strip_prefix('^').unwrap_or(source);
    let core = core.strip_suffix('$').unwrap_or(core);
    let count = core.strip_prefix("[0-9]")?;
    if count == "+" {
        return Some((1, usize::MAX));
    }
    let (least, most) = match count.strip_prefix('{')?.strip_suffix('}')?.split_once(',') {
        Some((m, n)) => (m, n),
        None => (
            count.get(1..count.len() - 1)?,
            count.get(1..count.len() - 1)?,
        ),
    };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<usize>().ok())
            .flatten()
    };
    let (least, most) = (number(least)?, number(most)?);
    (least <= most).then_some((least, most))
}

/// A read value without the borrow of its text: text becomes `Text("")`,
/// the caller keeping the text itself.
fn detached(v: Value<'_>) -> Value<'static> {
    match v {
        Value::Missing => Value::Missing,
        Value::Bool(b) => Value::Bool(b),
        Value::Num(n) => Value::Num(n),
        Value::Date(d) => Value::Date(d),
        Value::Enum(e) => Value::Enum(e),
        Value::Text(_) => Value::Text(""),
    }
}

/// The slots of a layout: every field with a column in field order, and
/// the same slots grouped by [`Kind`], for [`RowFiller::fill_deferred`] to
/// read a row's cells one kind at a time (one dispatch per run instead of
/// one per cell).
#[derive(Clone, Debug, Default)]
struct Plan<'p> {
    all: Vec<Slot<'p>>,
    texts: Vec<Slot<'p>>,
    ints: Vec<Slot<'p>>,
    bools: Vec<Slot<'p>>,
    enums: Vec<Slot<'p>>,
    dates: Vec<Slot<'p>>,
    nums: Vec<Slot<'p>>,
    /// Where the slots of kind [`Kind::Other`] are in `all`, in order.
    others: Vec<u32>,
    /// One more than the largest field index of a slot (0 without
    /// slots): a record with at least this many cells and columns has
    /// every slot's ([`Plan::fits`]).
    fields: usize,
}

impl Plan<'_> {
    /// Whether every slot's field index is below both lengths.
    fn fits(&self, cells: usize, columns: usize) -> bool {
        self.fields <= cells && self.fields <= columns
    }
}

/// Per field with a column in `layout`: its [`Slot`].
fn plan<'p>(pack: &'p Pack, layout: &Layout) -> Plan<'p> {
    let Some(rt) = pack.records.get(layout.record_type as usize) else {
        return Plan::default();
    };
    let mut plan = Plan::default();
    for (fi, field) in rt.fields.iter().enumerate() {
        let Some(column) = layout.field_column.get(fi).copied().flatten() else {
            continue;
        };
        let (Ok(index), Ok(pos)) = (u32::try_from(fi), u32::try_from(plan.all.len())) else {
            continue;
        };
        let slot = Slot::new(field, (index, pos), column, rt.key == Some(index));
        match slot.kind {
            Kind::Text => plan.texts.push(slot.clone()),
            Kind::Int => plan.ints.push(slot.clone()),
            Kind::Bool => plan.bools.push(slot.clone()),
            Kind::Enum(_) => plan.enums.push(slot.clone()),
            Kind::Date => plan.dates.push(slot.clone()),
            Kind::Num => plan.nums.push(slot.clone()),
            Kind::Other => plan.others.push(pos),
        }
        plan.fields = plan.fields.max(fi + 1);
        plan.all.push(slot);
    }
    plan
}

/// The common cell of a slot of a quick kind (not [`Kind::Other`]), read
/// and stored as the general path would (no `Value` in between), or `None`
/// for the general path to read (and report).
#[inline(always)]
fn quick_cell(reader: &CellReader, slot: &Slot<'_>, t: &str, text: &mut String) -> Option<Cell> {
    match slot.kind {
        Kind::Text => text_cell(slot, t, text),
        Kind::Int => int_cell(slot, t),
        Kind::Bool => bool_cell(slot, t),
        Kind::Enum(e) => enum_cell(reader, e, slot, t),
        Kind::Date => date_cell(slot, t),
        Kind::Num => num_cell(reader, slot, t),
        Kind::Other => None,
    }
}

/// A missing value, if its field may be missing.
#[inline(always)]
fn missing(slot: &Slot<'_>) -> Option<Cell> {
    (!slot.required).then_some(Cell::Missing)
}

#[inline(always)]
fn text_cell(slot: &Slot<'_>, t: &str, text: &mut String) -> Option<Cell> {
    match fast_text(t) {
        Value::Missing => missing(slot),
        _ => Some(Record::text_cell(text, t)),
    }
}

/// The readers of ints, yes/no words and dates below take a cell's text
/// as written or trimmed: what they read at once (ASCII digits, a yes/no
/// word, an ASCII date) begins and ends with no blank and is no missing
/// marker, so it is what `fast_*` reads from the trimmed text; anything
/// else is trimmed and read by `fast_*` out of line. Most cells are thus
/// never tested for blanks (`untrimmed_reads_as_trimmed`).
#[inline(always)]
fn int_cell(slot: &Slot<'_>, t: &str) -> Option<Cell> {
    match int_value(t) {
        // Not `n >= lo && n <= hi`: as `Slot::passes`.
        Some(Value::Num(n)) if !(n < slot.num.0 || n > slot.num.1) => Some(Cell::Num(n)),
        Some(Value::Missing) => missing(slot),
        _ => None,
    }
}

#[inline(always)]
fn bool_cell(slot: &Slot<'_>, t: &str) -> Option<Cell> {
    match bool_value(t) {
        Some(Value::Bool(b)) => Some(Cell::Bool(b)),
        Some(Value::Missing) => missing(slot),
        _ => None,
    }
}

#[inline(always)]
fn enum_cell(reader: &CellReader, e: u32, slot: &Slot<'_>, t: &str) -> Option<Cell> {
    match reader.fast_enum(e, t) {
        Some(Value::Enum(v)) => Some(Cell::Enum(v)),
        Some(Value::Missing) => missing(slot),
        _ => None,
    }
}

#[inline(always)]
fn date_cell(slot: &Slot<'_>, t: &str) -> Option<Cell> {
    match date_value(t) {
        Some(Value::Date(d)) if !(d.0 < slot.date.0 || d.0 > slot.date.1) => Some(Cell::Date(d)),
        Some(Value::Missing) => missing(slot),
        _ => None,
    }
}

#[inline(always)]
fn num_cell(reader: &CellReader, slot: &Slot<'_>, t: &str) -> Option<Cell> {
    match reader.read_fast(t, slot.ty) {
        // Not `n >= lo && n <= hi`: as `Slot::passes`.
        Some(Value::Num(n)) if !(n < slot.num.0 || n > slot.num.1) => Some(Cell::Num(n)),
        Some(Value::Missing) => missing(slot),
        _ => None,
    }
}

/// [`fast_int`] of `t` trimmed (see [`int_cell`]).
#[inline(always)]
fn int_value<'a>(t: &str) -> Option<Value<'a>> {
    match ascii_int(t) {
        Some(n) => Some(Value::Num(n)),
        None => trimmed_int(t),
    }
}

/// [`fast_bool`] of `t` trimmed (see [`int_cell`]).
#[inline(always)]
fn bool_value<'a>(t: &str) -> Option<Value<'a>> {
    match bool_word(t) {
        Some(b) => Some(Value::Bool(b)),
        None => trimmed_bool(t),
    }
}

/// [`fast_date`] of `t` trimmed (see [`int_cell`]).
#[inline(always)]
fn date_value<'a>(t: &str) -> Option<Value<'a>> {
    match ascii_date(t) {
        Some(d) => Some(Value::Date(d)),
        None => trimmed_date(t),
    }
}

/// [`fast_int`] of the trimmed text.
#[inline(never)]
fn trimmed_int<'a>(t: &str) -> Option<Value<'a>> {
    fast_int(trim_blank(t))
}

/// [`fast_bool`] of the trimmed text.
#[inline(never)]
fn trimmed_bool<'a>(t: &str) -> Option<Value<'a>> {
    fast_bool(trim_blank(t))
}

/// [`fast_date`] of the trimmed text.
#[inline(never)]
fn trimmed_date<'a>(t: &str) -> Option<Value<'a>> {
    fast_date(trim_blank(t))
}

/// Reads the cells of `slots` (all of one quick kind) with `read`, storing
/// each cell and its column; the slots whose cell `read` leaves to the
/// general path go to `late`. `read` is given the cell trimmed with
/// `TRIM`, else as written (it then trims what it does not read at once).
///
/// # Safety
///
/// Every slot's field index is below `cells.len()` and `columns.len()`
/// (the caller tests [`Plan::fits`] once per row).
#[inline(always)]
unsafe fn quick_run<'a, const TRIM: bool>(
    slots: &[Slot<'_>],
    row: &mut impl RowCells<'a>,
    (cells, columns): (&mut [Cell], &mut [u32]),
    late: &mut Vec<u32>,
    mut read: impl FnMut(&Slot<'_>, &str) -> Option<Cell>,
) {
    for slot in slots {
        let fi = slot.index as usize;
        let (raw, column) = row.cell(slot.column);
        debug_assert!(fi < cells.len() && fi < columns.len());
        // SAFETY: `fi` is below both lengths (this function's contract).
        let (c, col) = unsafe { (cells.get_unchecked_mut(fi), columns.get_unchecked_mut(fi)) };
        *col = column;
        // Each kind of cell stored on its own path (an empty cell stores
        // no payload).
        let stored = match raw {
            // An empty cell is missing, as every type reads it.
            RawCell::Text("") if !slot.required => {
                *c = Cell::Missing;
                true
            }
            RawCell::Text(t) if !t.is_empty() && t.len() <= MAX_CELL_BYTES => {
                match read(slot, if TRIM { trim_blank(t) } else { t }) {
                    Some(cell) => {
                        *c = cell;
                        true
                    }
                    None => false,
                }
            }
            _ => false,
        };
        if !stored {
            late.push(slot.pos);
        }
    }
}

/// The runs of one row, one per quick kind ([`quick_run`]).
///
/// # Safety
///
/// As [`quick_run`]'s: every slot's field index is below `cells.len()` and
/// `columns.len()`.
#[inline(always)]
unsafe fn quick_runs<'a>(
    plan: &Plan<'_>,
    reader: &CellReader,
    row: &mut impl RowCells<'a>,
    (out, columns): (&mut [Cell], &mut [u32]),
    text: &mut String,
    late: &mut Vec<u32>,
) {
    // SAFETY (each run): this function's contract.
    unsafe {
        quick_run::<true>(&plan.texts, row, (out, columns), late, |slot, t| {
            text_cell(slot, t, text)
        });
        quick_run::<false>(&plan.ints, row, (out, columns), late, |slot, t| {
            int_cell(slot, t)
        });
        quick_run::<false>(&plan.bools, row, (out, columns), late, |slot, t| {
            bool_cell(slot, t)
        });
        quick_run::<true>(&plan.enums, row, (out, columns), late, |slot, t| {
            enum_cell(reader, slot.enum_id, slot, t)
        });
        quick_run::<false>(&plan.dates, row, (out, columns), late, |slot, t| {
            date_cell(slot, t)
        });
        quick_run::<true>(&plan.nums, row, (out, columns), late, |slot, t| {
            num_cell(reader, slot, t)
        });
    }
}

/// Where the text a cell was read from is: in the row, or in the filler's
/// scratch (numbers and dates of Excel and JSON, long cells).
enum ShownAt<'a> {
    Row(&'a str),
    Scratch,
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
            plan: Some(Arc::new(plan(pack, &layout))),
            late: Vec::new(),
            layout,
            file,
            sheet,
            cells: CellReader::new(pack, lang),
            scratch: String::new(),
            key_at: None,
            text_hint: 0,
            pending: Vec::new(),
            arena: String::new(),
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

    /// Which column feeds which field.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Column `col` feeds field `field` from now on, if that field had no
    /// column yet (a key first seen in a later JSON Lines object).
    pub fn add_column(&mut self, field: u32, col: usize) {
        if let Some(slot @ None) = self.layout.field_column.get_mut(field as usize) {
            *slot = Some(col);
            self.plan = Some(Arc::new(plan(self.pack, &self.layout)));
        }
    }

    /// The language its findings speak.
    pub fn lang(&self) -> Lang {
        self.lang
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
    /// column and where it is. Findings are appended to `findings`, and
    /// `unique` values are checked against `uniques` at once.
    pub fn fill<'a>(
        &mut self,
        rec: &mut Record,
        pos: RecordPos,
        uniques: &mut Uniques,
        findings: &mut Vec<Finding>,
        cell: impl FnMut(usize) -> (RawCell<'a>, CellPos),
    ) {
        let mut pending = std::mem::take(&mut self.pending);
        let mut arena = std::mem::take(&mut self.arena);
        pending.clear();
        arena.clear();
        let mut cells = ByColumn {
            f: cell,
            last: None,
        };
        self.fill_deferred(rec, pos, findings, &mut pending, &mut arena, &mut cells);
        // Inserting from the last keeps the earlier insertion points valid.
        for p in pending.iter().rev() {
            if let Some(f) = check_unique(
                self.pack,
                self.layout.record_type,
                (p, None),
                &arena,
                uniques,
            ) {
                findings.insert(p.insert_at.min(findings.len()), f);
            }
        }
        self.pending = pending;
        self.arena = arena;
    }

    /// Fills `rec` like [`RowFiller::fill`] but leaves its `unique` checks
    /// in `pending` (texts in `arena`), for the caller to make in file order.
    pub fn fill_deferred<'a>(
        &mut self,
        rec: &mut Record,
        pos: RecordPos,
        findings: &mut Vec<Finding>,
        pending: &mut Vec<PendingUnique>,
        arena: &mut String,
        cells: &mut impl RowCells<'a>,
    ) {
        let pack = self.pack;
        let rt_index = self.layout.record_type;
        let Some(rt) = pack.records.get(rt_index as usize) else {
            return;
        };
        rec.refill(rt.fields.len());
        if rec.text.capacity() == 0 {
            rec.text.reserve(self.text_hint + self.text_hint / 2);
        }
        rec.pos = pos;
        self.key_at = None;
        let first_finding = findings.len();
        let first_pending = pending.len();
        // Taken out for the row and put back after it, so that the row
        // can read it while `self` fills cells: cloning the `Arc` instead
        // cost two atomic operations per row on a count the pool's
        // threads share (≈ 6 % of the filler's samples at 10^6 records).
        let Some(plan) = self.plan.take() else {
            return;
        };
        if plan.all.len() < rt.fields.len() {
            // Fields without a column: missing, column 0.
            rec.cells.fill(Cell::Missing);
            rec.columns.fill(0);
        }
        let sink = (&mut *findings, &mut *pending, &mut *arena);
        if cells.multiline() {
            // Cells may begin on later lines: one at a time, in order.
            for slot in &plan.all {
                self.fill_one(
                    rec,
                    slot,
                    cells,
                    Some(pos.line),
                    (&mut *sink.0, &mut *sink.1, &mut *sink.2),
                );
            }
        } else {
            // One run per kind; then, in field order, the other fields and
            // the cells the runs left (only these make findings and notes,
            // so findings come in field order as before).
            let mut late = std::mem::take(&mut self.late);
            late.clear();
            let reader = &self.cells;
            let Record {
                cells: out,
                columns,
                text,
                ..
            } = &mut *rec;
            let (out, columns) = (&mut out[..], &mut columns[..]);
            if plan.fits(out.len(), columns.len()) {
                // SAFETY: every slot's field index is below both lengths
                // (`Plan::fits`, just tested).
                unsafe { quick_runs(&plan, reader, cells, (out, columns), text, &mut late) };
            } else {
                // Never with a record `refill`ed for the record type: the
                // general path reads every cell.
                late.extend(
                    plan.all
                        .iter()
                        .filter(|s| s.kind != Kind::Other)
                        .map(|s| s.pos),
                );
            }
            let order = if late.is_empty() {
                &plan.others
            } else {
                late.extend_from_slice(&plan.others);
                late.sort_unstable();
                &late
            };
            for slot in order.iter().filter_map(|&p| plan.all.get(p as usize)) {
                self.fill_one(
                    rec,
                    slot,
                    cells,
                    None,
                    (&mut *sink.0, &mut *sink.1, &mut *sink.2),
                );
            }
            self.late = late;
        }
        self.plan = Some(plan);
        self.text_hint = rec.text.len();
        let key_at = self.key_at.unwrap_or((0, 0));
        for p in &mut pending[first_pending..] {
            p.key = key_at;
        }
        if findings.len() == first_finding {
            return;
        }
        let key = arena
            .get(key_at.0..key_at.1)
            .filter(|k| !k.is_empty())
            .map(str::to_string);
        for f in &mut findings[first_finding..] {
            f.record_type = Some(rt_index);
            f.key.clone_from(&key);
        }
    }

    /// Reads and stores the cell of `slot`, and its column: a quick kind's
    /// common cell as [`quick_cell`] reads it, another field's common cell
    /// by [`CellReader::read_fast`] (with its key and `unique` notes), any
    /// other through [`RowFiller::read_slow`]. With `line` (the record's),
    /// a cell on a later line is noted in `Record::later_lines`.
    #[inline(always)]
    fn fill_one<'a>(
        &mut self,
        rec: &mut Record,
        slot: &Slot<'_>,
        cells: &mut impl RowCells<'a>,
        line: Option<u32>,
        (findings, pending, arena): (&mut Vec<Finding>, &mut Vec<PendingUnique>, &mut String),
    ) {
        let fi = slot.index as usize;
        let (raw, column) = cells.cell(slot.column);
        if let Some(c) = rec.columns.get_mut(fi) {
            *c = column;
        }
        if let Some(line) = line {
            let cpos = cells.pos(slot.column);
            if cpos.line != line && cpos.line > 0 {
                rec.later_lines.push((slot.index, cpos.line, cpos.offset));
            }
        }
        // The common cell: read on the fast path, no check to report.
        if let RawCell::Text(t) = raw
            && t.len() <= MAX_CELL_BYTES
        {
            let t = trim_blank(t);
            if let Some(stored) = quick_cell(&self.cells, slot, t, &mut rec.text) {
                if let Some(c) = rec.cells.get_mut(fi) {
                    *c = stored;
                }
                return;
            }
            if slot.kind == Kind::Other
                && let Some(v) = self.cells.read_fast(t, slot.ty)
                && (!slot.checked || slot.passes(&v, t))
            {
                let stored = match v {
                    Value::Missing => Cell::Missing,
                    Value::Bool(b) => Cell::Bool(b),
                    Value::Num(n) => Cell::Num(n),
                    Value::Date(d) => Cell::Date(d),
                    Value::Enum(e) => Cell::Enum(e),
                    Value::Text(_) => Record::text_cell(&mut rec.text, t),
                };
                if let Some(c) = rec.cells.get_mut(fi) {
                    *c = stored;
                }
                if slot.key || slot.unique {
                    self.note(
                        slot,
                        detached(v),
                        stored,
                        t,
                        &mut *cells,
                        (findings, pending, arena),
                    );
                }
                return;
            }
        }
        self.read_slow(rec, slot, &mut *cells, (findings, pending, arena));
    }

    /// Reads the cell of `slot` through the general path (a finding, or a
    /// spelling the fast path does not read) and stores it.
    #[inline(never)]
    fn read_slow<'a>(
        &mut self,
        rec: &mut Record,
        slot: &Slot<'_>,
        cells: &mut impl RowCells<'a>,
        sink: (&mut Vec<Finding>, &mut Vec<PendingUnique>, &mut String),
    ) {
        let (raw, _) = cells.cell(slot.column);
        let cpos = cells.pos(slot.column);
        let (value, shown_at) = self.read_one(raw, slot.field, slot.index, &cpos, sink.0);
        let shown = match shown_at {
            ShownAt::Row(t) => t,
            ShownAt::Scratch => self.scratch.as_str(),
        };
        let stored = match value {
            Value::Missing => Cell::Missing,
            Value::Bool(b) => Cell::Bool(b),
            Value::Num(n) => Cell::Num(n),
            Value::Date(d) => Cell::Date(d),
            Value::Enum(e) => Cell::Enum(e),
            Value::Text(_) => rec.push_text(shown),
        };
        if let Some(c) = rec.cells.get_mut(slot.index as usize) {
            *c = stored;
        }
        if slot.key || slot.unique {
            let shown = shown.to_string();
            self.note(slot, value, stored, &shown, cells, sink);
        }
    }

    /// Notes the key's text and a `unique` value to check (the text goes to
    /// the arena once for both).
    #[inline(never)]
    fn note<'a>(
        &mut self,
        slot: &Slot<'_>,
        value: Value<'static>,
        stored: Cell,
        shown: &str,
        cells: &mut impl RowCells<'a>,
        (findings, pending, arena): (&mut Vec<Finding>, &mut Vec<PendingUnique>, &mut String),
    ) {
        let a = arena.len();
        arena.push_str(shown);
        let shown_range = (a, arena.len());
        if slot.key {
            // The key's text, for the record's findings and `unique` notes.
            self.key_at = Some(shown_range);
        }
        if slot.unique && !matches!(stored, Cell::Missing) {
            let h = arena.len();
            arena.push_str(self.headers.get(slot.column).map_or("", String::as_str));
            pending.push(PendingUnique {
                lang: self.lang,
                format: self.format,
                column: slot.column,
                header: (h, arena.len()),
                insert_at: findings.len(),
                field: slot.index,
                value,
                at: self.location(&cells.pos(slot.column), Some(slot.index)),
                shown: shown_range,
                key: (0, 0),
            });
        }
    }

    /// Reads one cell; says where its trimmed text (as shown in findings and
    /// stored for text fields) is.
    fn read_one<'a>(
        &mut self,
        raw: RawCell<'a>,
        field: &Field,
        fi: u32,
        cpos: &CellPos,
        findings: &mut Vec<Finding>,
    ) -> (Value<'static>, ShownAt<'a>) {
        if let RawCell::Text(t) = raw
            && t.len() <= MAX_CELL_BYTES
        {
            let t = trim_blank(t);
            let result = self.cells.read_trimmed(t, field.ty).map(detached);
            let value = self.judge(result, t, field, fi, cpos, findings);
            return (value, ShownAt::Row(t));
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        let result = self.read_other(raw, field, &mut scratch);
        let value = self.judge(result, &scratch, field, fi, cpos, findings);
        self.scratch = scratch;
        (value, ShownAt::Scratch)
    }

    /// Reads a cell that is not text of a sane length, writing the text it
    /// shows as into `scratch`.
    fn read_other(
        &mut self,
        raw: RawCell<'_>,
        field: &Field,
        scratch: &mut String,
    ) -> Result<Value<'static>, CellError> {
        use std::fmt::Write;
        let lang = self.lang;
        scratch.clear();
        match raw {
            RawCell::Missing => Ok(Value::Missing),
            RawCell::Date(d) => {
                let _ = write!(scratch, "{d}");
                match field.ty {
                    Type::Date => Ok(Value::Date(d)),
                    _ => self.read_text(scratch, field.ty),
                }
            }
            RawCell::Num(n) => {
                let _ = write!(scratch, "{n}");
                match field.ty {
                    Type::Date => excel_serial(n).map(Value::Date).ok_or_else(|| {
                        CellError::new(lang, "schema/type", m::SERIAL_NOT_DATE, scratch)
                            .help(m::HELP_SERIAL_DATE)
                    }),
                    _ => self.read_text(scratch, field.ty),
                }
            }
            RawCell::Bool(b) => {
                scratch.push_str(if b { "true" } else { "false" });
                self.read_text(scratch, field.ty)
            }
            RawCell::Text(t) => {
                // Longer than the limit: only the start is kept, for the
                // finding to show.
                scratch.extend(t.chars().take(40));
                scratch.push('…');
                Err(
                    CellError::new(lang, "schema/type", m::CELL_TOO_LONG, scratch)
                        .with("field", &field.name)
                        .with("size", show_bytes(t.len() as u64))
                        .with("limit", show_bytes(MAX_CELL_BYTES as u64))
                        .help(m::HELP_CELL_TOO_LONG),
                )
            }
            RawCell::Invalid(what) => {
                let what = what.describe(lang);
                scratch.push_str(&what);
                let mut e = CellError::new(lang, "schema/type", m::NOT_A_VALUE, &what)
                    .with("field", &field.name)
                    .with("what", &what);
                e.help = Some(crate::t!(lang, m::HELP_NOT_A_VALUE, field = field.name));
                Err(e)
            }
        }
    }

    /// A read value against its field's `required`, `min`/`max` and
    /// `matches`; findings for what fails. `shown` is the cell's text.
    fn judge(
        &self,
        result: Result<Value<'static>, CellError>,
        shown: &str,
        field: &Field,
        fi: u32,
        cpos: &CellPos,
        findings: &mut Vec<Finding>,
    ) -> Value<'static> {
        let lang = self.lang;
        let at = || {
            let cpos = CellPos {
                width: if cpos.width == 0 {
                    shown.chars().count() as u32
                } else {
                    cpos.width
                },
                ..*cpos
            };
            self.location(&cpos, Some(fi))
        };
        let values = || vec![(field.name.clone(), Shown::Text(shown.to_string()))];
        let value = match result {
            Ok(v) => v,
            Err(e) => {
                let message = e.message_at(&self.cell_name(fi, cpos));
                let mut f = data_finding(e.id, Severity::Error, message, e.help, Some(at()));
                f.values = values();
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
                    Some(at()),
                );
                f.values = values();
                findings.push(f);
            }
            return value;
        }
        if (field.min.is_some() || field.max.is_some())
            && let Some(msg) = range_problem(lang, &value, field, &self.cell_name(fi, cpos))
        {
            let mut f = data_finding(
                "schema/range",
                Severity::Error,
                msg.0,
                Some(msg.1),
                Some(at()),
            );
            f.values = values();
            findings.push(f);
        }
        if let Some(re) = &field.pattern
            && !re.is_match(shown)
        {
            let pattern = field.pattern_source.as_deref().unwrap_or(re.as_str());
            let mut f = data_finding(
                "schema/pattern",
                Severity::Error,
                crate::t!(
                    lang,
                    m::PATTERN_MISMATCH,
                    cell = self.cell_name(fi, cpos),
                    value = shown,
                    pattern = pattern
                ),
                Some(crate::t!(
                    lang,
                    m::HELP_PATTERN,
                    field = field.name,
                    pattern = pattern
                )),
                Some(at()),
            );
            f.values = values();
            findings.push(f);
        }
        value
    }

    /// Reads `text` as `ty`; text values are returned as `Value::Text("")`
    /// (the text itself is the caller's).
    fn read_text(&mut self, text: &str, ty: Type) -> Result<Value<'static>, CellError> {
        self.cells.read(text, ty).map(detached)
    }
}

/// A cell's text without leading and trailing blanks (as `is_blank`). The
/// common cell is returned at once: its first byte is neither ASCII white
/// space nor the lead byte of a blank character followed by a byte a blank
/// has there, and its last byte is neither ASCII white space nor the last
/// byte of a blank character preceded by a byte a blank has there
/// ([`EDGES`]; so `是`, whose last byte ends U+202F too, is returned at once).
/// Otherwise the first and last characters are decoded and tested.
#[inline(always)]
pub fn trim_blank(t: &str) -> &str {
    let b = t.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return t;
    };
    if EDGES[usize::from(first)] & MAY_START | EDGES[usize::from(last)] & MAY_END == 0 {
        // The common cell: one test of both edges.
        return t;
    }
    let edge = |at: Option<&u8>, test: u8| at.is_some_and(|&c| EDGES[usize::from(c)] & test != 0);
    // A blank begins here: ASCII white space, or a lead byte and the byte
    // after it ...
    let start =
        EDGES[usize::from(first)] & MAY_START != 0 && (first < 0x80 || edge(b.get(1), SECOND));
    // ... or ends here: ASCII white space, or a last byte and the byte
    // before it.
    let end = EDGES[usize::from(last)] & MAY_END != 0
        && (last < 0x80 || edge(b.len().checked_sub(2).and_then(|i| b.get(i)), BEFORE_LAST));
    if (start && t.starts_with(is_blank)) || (end && t.ends_with(is_blank)) {
        t.trim_matches(is_blank)
    } else {
        t
    }
}

/// [`EDGES`]: the byte may begin a blank character / may end one / may
/// follow the lead byte of one / may come just before the last byte of one.
const MAY_START: u8 = 1;
const MAY_END: u8 = 2;
const SECOND: u8 = 4;
const BEFORE_LAST: u8 = 8;

/// Per byte value, how it may be part of a blank character at a cell's
/// edge. The blanks: ASCII white space, U+0085 (C2 85), U+00A0 (C2 A0),
/// U+1680 (E1 9A 80), U+2000–U+200A (E2 80 80–8A), U+2028, U+2029, U+202F
/// (E2 80 A8, A9, AF), U+205F (E2 81 9F), U+3000 (E3 80 80) and the
/// byte-order mark (EF BB BF).
static EDGES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        if matches!(b, 0x09..=0x0D | b' ') {
            t[i] = MAY_START | MAY_END;
        }
        if matches!(b, 0xC2 | 0xE1..=0xE3 | 0xEF) {
            t[i] |= MAY_START;
        }
        if matches!(b, 0x80..=0x8A | 0xA0 | 0xA8 | 0xA9 | 0xAF | 0x9F | 0xBF) {
            t[i] |= MAY_END;
        }
        if matches!(b, 0x85 | 0xA0 | 0x9A | 0x80 | 0x81 | 0xBB) {
            t[i] |= SECOND;
        }
        if matches!(b, 0xC2 | 0x9A | 0x80 | 0x81 | 0xBB) {
            t[i] |= BEFORE_LAST;
        }
        i += 1;
    }
    t
};

impl PendingUnique {
    /// The value's hash, for [`check_unique`] (made ahead of it, where
    /// records are read in parallel); `arena` holds its text.
    pub fn hash(&self, arena: &str) -> Option<ValueHash> {
        ValueHash::of(match self.value {
            Value::Text(_) => Value::Text(arena.get(self.shown.0..self.shown.1).unwrap_or("")),
            v => v,
        })
    }
}

/// Checks one pending `unique` value against the values seen before it;
/// the `schema/duplicate` finding when it was seen. `hash` is the value's
/// [`PendingUnique::hash`] when it was made ahead.
pub fn check_unique(
    pack: &Pack,
    record_type: u32,
    (p, hash): (&PendingUnique, Option<ValueHash>),
    arena: &str,
    uniques: &mut Uniques,
) -> Option<Finding> {
    let hash = hash.or_else(|| p.hash(arena))?;
    let first = uniques.insert_hash(record_type, p.field, hash, &p.at)?;
    let text = |(a, b): (usize, usize)| arena.get(a..b).unwrap_or("");
    let shown = text(p.shown);
    let field = pack
        .records
        .get(record_type as usize)?
        .fields
        .get(p.field as usize)?;
    let cell = CellName {
        lang: p.lang,
        format: p.format,
        line: p.at.line,
        index: p.column,
        sheet_column: p.at.column,
        header: text(p.header),
    };
    let mut f = duplicate_finding(p.lang, &cell, &field.name, shown, first, p.at.clone());
    f.record_type = Some(record_type);
    let key = text(p.key);
    f.key = (!key.is_empty()).then(|| key.to_string());
    Some(f)
}

/// `schema/duplicate` at `at` for a value first seen at `first`.
fn duplicate_finding(
    lang: Lang,
    cell: &CellName<'_>,
    field: &str,
    shown: &str,
    first: Location,
    at: Location,
) -> Finding {
    let mut f = data_finding(
        "schema/duplicate",
        Severity::Error,
        crate::t!(
            lang,
            m::DUPLICATE_VALUE,
            cell = cell,
            field = field,
            value = shown,
            first = where_is(lang, &first)
        ),
        Some(crate::t!(lang, m::HELP_DUPLICATE, field = field)),
        Some(at),
    );
    f.related = Some(first);
    f.values = vec![(field.to_string(), Shown::Text(shown.to_string()))];
    f
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

    proptest::proptest! {
        /// A pattern read as a run of digits matches exactly what its
        /// regex matches.
        #[test]
        fn digit_patterns_match_as_their_regex(
            source in proptest::sample::select(vec![
                "^[0-9]{10}$", "[0-9]{6}", "^[0-9]{2,4}$", "[0-9]+", "^[0-9]{3}", "[0-9]{0,2}$",
                "[0-9]*", "\\d{3}", "[0-9]{3}x", "[0-9]{,3}", "[0-9]{3,}", "^[0-9]{0,0}$",
            ]),
            text in "[0-9]{0,12}|[0-9]{0,6}[０-９a \n][0-9]{0,6}",
        ) {
            // Only patterns the checker would accept.
            let Ok(re) = regex::Regex::new(&format!("^(?:{source})$")) else {
                return Ok(());
            };
            if let Some((least, most)) = digit_run(source) {
                let ours = (least..=most).contains(&text.len())
                    && text.bytes().all(|b| b.is_ascii_digit());
                proptest::prop_assert_eq!(ours, re.is_match(&text), "{}", source);
            }
        }
    }

    /// A row of text cells on line 7, cell `i` in column `i + 1`.
    struct TestRow<'a> {
        cells: &'a [String],
        multiline: bool,
    }

    impl<'a> RowCells<'a> for TestRow<'a> {
        fn cell(&mut self, col: usize) -> (RawCell<'a>, u32) {
            let text = self.cells.get(col).map_or("", String::as_str);
            (RawCell::Text(text), col as u32 + 1)
        }

        fn pos(&mut self, col: usize) -> CellPos {
            CellPos {
                line: 7,
                column: col as u32 + 1,
                offset: 100,
                width: 0,
            }
        }

        fn multiline(&self) -> bool {
            self.multiline
        }
    }

    /// What filling one row gives: the record and its findings and
    /// pending `unique` values (as text).
    fn fill_row(
        filler: &mut RowFiller<'_>,
        row: &[String],
        multiline: bool,
    ) -> (Record, String, String, String) {
        let (mut rec, mut findings, mut pending, mut arena) =
            (Record::default(), Vec::new(), Vec::new(), String::new());
        let pos = RecordPos {
            file: 0,
            sheet: 0,
            line: 7,
            offset: 100,
        };
        let mut cells = TestRow {
            cells: row,
            multiline,
        };
        filler.fill_deferred(
            &mut rec,
            pos,
            &mut findings,
            &mut pending,
            &mut arena,
            &mut cells,
        );
        (rec, format!("{findings:?}"), format!("{pending:?}"), arena)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Reading a row one kind at a time (a row on one line), and cell by
        /// cell by kind (a row whose cells may be on later lines), give
        /// exactly what reading every cell by `read_fast`, `passes` and the
        /// general path gives: cells, columns, text, findings in order,
        /// `unique` notes.
        #[test]
        fn runs_by_kind_fill_as_cell_by_cell(
            values in proptest::collection::vec(
                proptest::sample::select(vec![
                    "", " ", "0", "60", "1500", "-3", "９８", "4,866", "90.0", "90.5", "是",
                    "否", "Y", "有", "√", "x", "ADSL", "adsl", "光纤", "小学", "211", "abc",
                    "2020-09-01", "2020/9/1", "2020年9月1日", "2020-02-30", "NA", "—", "-",
                    " 12 ", "3445000400", "34450004", "学校", "\u{3000}是", "100M", "千兆",
                    "1000 M", "1G", "百兆", "300兆", "-5M", "１００Ｍ",
                ]),
                41,
            ),
            columns in proptest::strategy::Strategy::prop_shuffle(
                proptest::sample::subsequence((0..41usize).collect::<Vec<_>>(), 30..=41),
            ),
        ) {
            use proptest::prelude::*;
            let pack = crate::builtin::guigang().expect("the shipped pack loads");
            let school = pack.records.iter().position(|r| r.name == "school").expect("school");
            let fields = pack.records[school].fields.len();
            let layout = Layout {
                record_type: school as u32,
                field_column: (0..fields).map(|i| columns.get(i).copied()).collect(),
                unknown: Vec::new(),
                duplicates: Vec::new(),
            };
            let headers: Vec<String> = (0..41).map(|i| format!("h{i}")).collect();
            let mut filler = RowFiller::new(
                &pack,
                layout,
                0,
                None,
                (Lang::En, FileFormat::Csv, headers),
            );
            // The reference: every cell read as a field of kind `Other`
            // (`read_fast` and `passes`, else the general path), in order.
            let mut reference = filler.clone();
            let base = filler.plan.clone().expect("a plan");
            reference.plan = Some(Arc::new(Plan {
                others: (0..base.all.len() as u32).collect(),
                all: base
                    .all
                    .iter()
                    .map(|slot| Slot {
                        kind: Kind::Other,
                        ..slot.clone()
                    })
                    .collect(),
                ..Plan::default()
            }));
            // Every slot's field index is below `Plan::fields` (what lets
            // the runs store without testing it), and no further.
            prop_assert!(base.all.iter().all(|s| (s.index as usize) < base.fields));
            prop_assert!(base.all.iter().any(|s| s.index as usize + 1 == base.fields));
            prop_assert!(base.fits(fields, fields));
            prop_assert!(!base.fits(base.fields - 1, fields) && !base.fits(fields, base.fields - 1));
            // A plan that does not fit the record reads every cell on the
            // general path, as the reference does.
            let mut unfit = filler.clone();
            unfit.plan = Some(Arc::new(Plan {
                fields: fields + 1,
                ..(*base).clone()
            }));
            let row: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            let by_kind = fill_row(&mut filler, &row, false);
            let general = fill_row(&mut unfit, &row, false);
            let one_by_one = fill_row(&mut reference, &row, false);
            let in_order = fill_row(&mut filler, &row, true);
            prop_assert_eq!(&in_order.0.cells, &one_by_one.0.cells);
            prop_assert_eq!(&in_order.0.columns, &one_by_one.0.columns);
            prop_assert_eq!(&in_order.0.text, &one_by_one.0.text);
            prop_assert_eq!(&in_order.1, &one_by_one.1);
            prop_assert_eq!(&in_order.2, &one_by_one.2);
            prop_assert_eq!(&in_order.3, &one_by_one.3);
            // Text cells compared by their text: the runs store texts in
            // another order.
            let shown = |rec: &Record| -> Vec<(Cell, String)> {
                rec.cells
                    .iter()
                    .map(|&c| match c {
                        Cell::Text(..) => (Cell::Text(0, 0), rec.text_of(c).to_string()),
                        c => (c, String::new()),
                    })
                    .collect()
            };
            prop_assert_eq!(shown(&by_kind.0), shown(&one_by_one.0));
            prop_assert_eq!(&by_kind.0.columns, &one_by_one.0.columns);
            prop_assert_eq!(by_kind.0.text.len(), one_by_one.0.text.len());
            prop_assert!(one_by_one.0.later_lines.is_empty());
            prop_assert_eq!(&by_kind.1, &one_by_one.1);
            prop_assert_eq!(&by_kind.2, &one_by_one.2);
            prop_assert_eq!(&by_kind.3, &one_by_one.3);
            prop_assert_eq!(shown(&general.0), shown(&one_by_one.0));
            prop_assert_eq!(&general.0.columns, &one_by_one.0.columns);
            prop_assert_eq!(&general.1, &one_by_one.1);
            prop_assert_eq!(&general.2, &one_by_one.2);
            prop_assert_eq!(&general.3, &one_by_one.3);
        }
    }

    proptest::proptest! {
        /// Eight bytes at a time, as byte by byte.
        #[test]
        fn digits_are_found_as_byte_by_byte(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![0x2Fu8..=0x3A, proptest::num::u8::ANY],
                0..30,
            )
        ) {
            proptest::prop_assert_eq!(
                all_ascii_digits(&bytes),
                bytes.iter().all(u8::is_ascii_digit)
            );
        }
    }

    #[test]
    fn digit_runs_are_read_only_from_digit_patterns() {
        assert!(all_ascii_digits(b"3445000400"));
        assert!(all_ascii_digits(b""));
        for bad in [
            &b"34450004:0"[..],
            b"/445000400",
            b"3445000\xB00",
            b"344500040 ",
        ] {
            assert!(!all_ascii_digits(bad));
        }
        assert_eq!(digit_run("^[0-9]{10}$"), Some((10, 10)));
        assert_eq!(digit_run("[0-9]{2,4}"), Some((2, 4)));
        assert_eq!(digit_run("[0-9]+"), Some((1, usize::MAX)));
        for other in [
            "[0-9]*",
            "\\d{3}",
            "[0-9]{3}x",
            "[0-9]{,3}",
            "[0-9]{3,}",
            "[0-9]{4,2}",
            "[0-9]",
        ] {
            assert_eq!(digit_run(other), None, "{other}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        /// Ints, yes/no words and dates read from a cell as written are
        /// what the fast readers read from it trimmed.
        #[test]
        fn untrimmed_reads_as_trimmed(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "0", "1", "7", "12", "345", "-", ",", ".", "0", "00", "000", "1,200", " ",
                    "\t", "\u{3000}", "\u{A0}", "\u{2003}", "\u{FEFF}", "\u{85}", "\n", "是",
                    "否", "√", "×", "✓", "有", "无", "y", "Y", "yes", "No", "true", "FALSE", "NA",
                    "N/A", "null", "—", "/", "2020", "-09-01", "/9/1", ".9.1", "年", "9月", "1日",
                    "２０", "９", "１２", "人", "M", "x", "\u{202F}", "\u{1680}",
                ]),
                0..5,
            )
        ) {
            let t: String = parts.concat();
            proptest::prop_assert_eq!(int_value(&t), fast_int(trim_blank(&t)), "{:?}", t);
            proptest::prop_assert_eq!(bool_value(&t), fast_bool(trim_blank(&t)), "{:?}", t);
            proptest::prop_assert_eq!(date_value(&t), fast_date(trim_blank(&t)), "{:?}", t);
        }
    }

    #[test]
    fn every_character_at_either_end_is_trimmed_exactly_when_blank() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [format!("x{c}"), format!("{c}x"), c.to_string()] {
                assert_eq!(trim_blank(&text), text.trim_matches(is_blank), "{c:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn trimming_cells_trims_exactly_the_blanks(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "学", " ", "\t", "\u{3000}", "\u{A0}", "\u{85}", "\u{2003}", "\u{FEFF}",
                    "\u{1680}", "é", "√", "\u{1F}", "１", "\u{202F}", "\u{205F}", "\u{2028}",
                    "\u{2029}", "\u{200A}", "\u{200B}", "—", "✓", "\u{2080}", "\u{B}", "\r",
                    "\u{1D}", "ｱ", "\u{E000}", "𝄞", "\u{FFEF}",
                ]),
                0..6,
            )
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(trim_blank(&text), text.trim_matches(is_blank));
        }
    }
}
