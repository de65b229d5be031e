//! Values as the engine sees them: dates, quantity dimensions, cells of a
//! record and the runtime value an expression evaluates to.

use std::fmt;

/// A calendar date, as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

impl Date {
    /// The date of a proleptic Gregorian year, month and day, if it is real.
    #[inline]
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if (0..=9999).contains(&year) {
            return civil(year, month, day);
        }
        let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
        let date = time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
        Some(Date(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY))
    }

    /// Year, month and day (0000-01-01 for a day beyond what `time`
    /// represents, or too far for a Julian day number).
    pub fn ymd(self) -> (i32, u32, u32) {
        let julian = self.0.checked_add(UNIX_EPOCH_JULIAN_DAY);
        match julian.and_then(|j| time::Date::from_julian_day(j).ok()) {
            Some(d) => (d.year(), d.month() as u32, d.day() as u32),
            None => (0, 1, 1),
        }
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// Today's date (UTC).
    pub fn today() -> Date {
        let now = time::OffsetDateTime::now_utc().date();
        Date(now.to_julian_day() - UNIX_EPOCH_JULIAN_DAY)
    }

    /// Parses `YYYY-MM-DD` (a real date).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }
}

/// [`Date::from_ymd`] for years 0–9999 (which `time` always accepts):
/// the month and day checked against a table, then days counted from
/// 1970-01-01 as the days of the years before (365 each, and a leap day
/// every 4th year but not every 100th unless every 400th) and of the
/// months before, without `time`'s tables.
#[inline]
fn civil(year: i32, month: u32, day: u32) -> Option<Date> {
    /// Days before each month (index 1–12) of a common year, and the
    /// month's length; index 0 and 13–15 are no month (length 0).
    const MONTHS: [(u16, u8); 16] = [
        (0, 0),
        (0, 31),
        (31, 28),
        (59, 31),
        (90, 30),
        (120, 31),
        (151, 30),
        (181, 31),
        (212, 31),
        (243, 30),
        (273, 31),
        (304, 30),
        (334, 31),
        (0, 0),
        (0, 0),
        (0, 0),
    ];
    let (before, length) = *MONTHS.get(month as usize)?;
    // `year % 25` for `year % 100` once `year % 4 == 0`, and `year % 16`
    // for `year % 400` once `year % 100 == 0`.
    let leap = year & 3 == 0 && (year % 25 != 0 || year & 15 == 0);
    let leap_day = u32::from(leap && month == 2);
    if day == 0 || day > u32::from(length) + leap_day {
        return None;
    }
    // Years before this one, moved on by one 400-year era (146,097 days)
    // so that year 0 counts from a positive number.
    let y = year - 1 + 400;
    let before_year = y * 365 + y / 4 - y / 100 + y / 400 - 146_097;
    let after_feb = i32::from(leap && month > 2);
    // 0001-01-01 is day 0 of `before_year`'s count; 1970-01-01 is 719,162
    // days later.
    let days = before_year + i32::from(before) + after_feb + day as i32 - 1 - 719_162;
    Some(Date(days))
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// The dimension of a quantity; values are kept in the canonical unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dim {
    /// Bandwidth, in Mbps.
    Rate,
    /// Floor area, in m².
    Area,
    /// Money, in yuan.
    Money,
}

impl Dim {
    /// The canonical unit as written in the rule language.
    pub fn unit(self) -> &'static str {
        match self {
            Dim::Rate => "Mbps",
            Dim::Area => "m2",
            Dim::Money => "yuan",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Dim::Rate => "rate",
            Dim::Area => "area",
            Dim::Money => "money",
        }
    }
}

/// One cell of a read record, already converted to its field's type.
///
/// Text is stored as a byte range into the record's own text buffer, so a
/// reader can refill one [`Record`] per row without allocating.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Cell {
    #[default]
    Missing,
    Bool(bool),
    /// int, number, percent (as a fraction) and quantities (canonical unit).
    Num(f64),
    Date(Date),
    /// Index of the variant in its enum.
    Enum(u32),
    /// `start..end` in [`Record::text`].
    Text(u32, u32),
}

/// Where a record came from, for locating its diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct RecordPos {
    /// Index of the data file in the run's file list.
    pub file: u32,
    /// Index of the sheet within the workbook (Excel), else 0.
    pub sheet: u32,
    /// 1-based line (CSV, JSON Lines, JSON) or row (Excel) of the record.
    pub line: u32,
    /// Byte offset of the record's first byte in the file (text formats).
    pub offset: u64,
}

/// One record of a record type: a cell per field, in the type's field order.
#[derive(Clone, Debug, Default)]
pub struct Record {
    pub cells: Vec<Cell>,
    /// Backing store for [`Cell::Text`].
    pub text: String,
    /// Per field: the 1-based column of its cell (characters for text
    /// formats, column number for Excel); 0 when the field has no column.
    pub columns: Vec<u32>,
    /// Cells that begin on a later line than the record itself (a quoted
    /// cell before them held a newline): (field, line, byte offset of that
    /// line). Empty for almost every record.
    pub later_lines: Vec<(u32, u32, u64)>,
    pub pos: RecordPos,
}

impl Record {
    /// The text of a text cell.
    pub fn text_of(&self, cell: Cell) -> &str {
        match cell {
            Cell::Text(s, e) => self.text.get(s as usize..e as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// The line and line offset where a field's cell begins.
    pub fn cell_line(&self, field: u32) -> (u32, u64) {
        self.later_lines
            .iter()
            .find(|(f, ..)| *f == field)
            .map_or((self.pos.line, self.pos.offset), |&(_, line, offset)| {
                (line, offset)
            })
    }

    /// Appends a text value to the buffer and returns its cell.
    pub fn push_text(&mut self, s: &str) -> Cell {
        Record::text_cell(&mut self.text, s)
    }

    /// Appends a text value to `text` (a record's [`Record::text`]) and
    /// returns its cell.
    #[inline]
    pub fn text_cell(text: &mut String, s: &str) -> Cell {
        let start = text.len() as u32;
        text.push_str(s);
        Cell::Text(start, text.len() as u32)
    }

    /// Readies the record for refilling with `n` fields by a reader that
    /// sets every cell and column itself: cells and columns keep what they
    /// held when the record already had `n` fields; the rest is emptied.
    pub fn refill(&mut self, n: usize) {
        if self.cells.len() != n || self.columns.len() != n {
            self.reset(n);
        } else {
            self.later_lines.clear();
            self.text.clear();
        }
    }

    /// Empties the record for reuse with `n` fields, keeping its allocations.
    pub fn reset(&mut self, n: usize) {
        self.cells.clear();
        self.cells.resize(n, Cell::Missing);
        self.columns.clear();
        self.columns.resize(n, 0);
        self.later_lines.clear();
        self.text.clear();
    }
}

/// The value of an expression while the engine evaluates it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    Missing,
    Bool(bool),
    Num(f64),
    Date(Date),
    Enum(u32),
    Text(&'a str),
}

impl Value<'_> {
    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing)
    }
}

/// An owned value, as stored in constants, example records and findings.
#[derive(Clone, Debug, PartialEq)]
pub enum OwnedValue {
    Missing,
    Bool(bool),
    Num(f64),
    Date(Date),
    Enum(u32),
    Text(String),
}

impl OwnedValue {
    pub fn as_value(&self) -> Value<'_> {
        match self {
            OwnedValue::Missing => Value::Missing,
            OwnedValue::Bool(b) => Value::Bool(*b),
            OwnedValue::Num(n) => Value::Num(*n),
            OwnedValue::Date(d) => Value::Date(*d),
            OwnedValue::Enum(e) => Value::Enum(*e),
            OwnedValue::Text(t) => Value::Text(t),
        }
    }
}

impl From<Value<'_>> for OwnedValue {
    fn from(v: Value<'_>) -> OwnedValue {
        match v {
            Value::Missing => OwnedValue::Missing,
            Value::Bool(b) => OwnedValue::Bool(b),
            Value::Num(n) => OwnedValue::Num(n),
            Value::Date(d) => OwnedValue::Date(d),
            Value::Enum(e) => OwnedValue::Enum(e),
            Value::Text(t) => OwnedValue::Text(t.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_reject_unreal_days() {
        let d = Date::from_ymd(2020, 12, 31).unwrap();
        assert_eq!(d.to_string(), "2020-12-31");
        // Days far beyond any calendar show as 0000-01-01, never overflow.
        assert_eq!(Date(i32::MAX).ymd(), (0, 1, 1));
        assert_eq!(Date(i32::MIN).ymd(), (0, 1, 1));
        assert_eq!(Date::from_ymd(1970, 1, 1), Some(Date(0)));
        assert_eq!(Date::from_ymd(2021, 2, 29), None);
        assert_eq!(Date::parse_iso("2020-02-29"), Date::from_ymd(2020, 2, 29));
        assert_eq!(Date::parse_iso("2020-2-29"), None);
    }

    /// `time`'s answer, which `from_ymd` gave before it counted days itself.
    fn by_time(year: i32, month: u32, day: u32) -> Option<Date> {
        let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
        let date = time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
        Some(Date(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY))
    }

    #[test]
    fn days_are_counted_as_time_counts_them() {
        let years = (0..=9999)
            .step_by(7)
            .chain([0, 1, 4, 100, 1600, 1900, 1970, 2000, 2024, 9999]);
        for year in years.chain(1890..2110) {
            for month in 0..=13 {
                for day in 0..=32 {
                    assert_eq!(
                        Date::from_ymd(year, month, day),
                        by_time(year, month, day),
                        "{year}-{month}-{day}"
                    );
                }
            }
        }
        for (y, m, d) in [(-1, 12, 31), (10000, 1, 1), (-9999, 1, 1), (2020, 2, 300)] {
            assert_eq!(Date::from_ymd(y, m, d), by_time(y, m, d));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_day_is_counted_as_time_counts_it(
            year in -10_100i32..10_100,
            month in 0u32..14,
            day in 0u32..33,
        ) {
            proptest::prop_assert_eq!(Date::from_ymd(year, month, day), by_time(year, month, day));
        }
    }
}
