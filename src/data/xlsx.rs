//! Excel workbooks (`.xlsx`, `.xls`) via calamine.
//!
//! Every sheet whose header row (its first non-empty row) matches a record
//! type is read; other sheets are skipped. When no sheet matches, the file
//! is `data/unreadable` with what the first non-empty sheet lacks. Positions
//! are the sheet (index into `DataFile::sheets`), the row number as `line`
//! and the column number as `column`. Rows whose cells are all empty are
//! skipped. A workbook calamine cannot open, or that makes it panic, is
//! `data/unreadable`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{CellErrorType, Data, Reader, open_workbook_auto};

use crate::data::{Ctx, HeaderMatch};

/// How many non-empty rows above the header may be titles.
const TITLE_ROWS: usize = 5;
use crate::data::rows::{CellPos, RawCell};
use crate::value::{Date, RecordPos};

pub(super) fn read(ctx: &mut Ctx<'_>) {
    let outcome = catch_unwind(AssertUnwindSafe(|| read_workbook(ctx)));
    if outcome.is_err() {
        let at = ctx.at(None, CellPos::default());
        ctx.unreadable(
            "the workbook is damaged and cannot be read".into(),
            Some("open it in a spreadsheet program and save it again".into()),
            at,
        );
    }
}

fn read_workbook(ctx: &mut Ctx<'_>) {
    let whole_file = ctx.at(None, CellPos::default());
    let mut workbook = match open_workbook_auto(ctx.path) {
        Ok(w) => w,
        Err(e) => {
            ctx.unreadable(
                format!("cannot open the workbook: {e}"),
                Some("save it as .xlsx from a spreadsheet program".into()),
                whole_file,
            );
            return;
        }
    };
    let names = workbook.sheet_names();
    ctx.sink.file.sheets = names.clone();
    let mut matched = false;
    // The first non-empty sheet's header, to explain a file matching nothing.
    let mut first_header: Option<(Vec<String>, Vec<CellPos>, u32)> = None;
    for (si, name) in names.iter().enumerate() {
        let sheet = si as u32;
        let range = match workbook.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                let at = ctx.at(Some(sheet), CellPos::default());
                ctx.unreadable(format!("cannot read the sheet {name}: {e}"), None, at);
                continue;
            }
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        // The header: the first non-empty row, or (extension) the first of
        // the first few non-empty rows that matches a record type, so that
        // title rows above a table do not hide it.
        let non_empty: Vec<usize> = range
            .rows()
            .enumerate()
            .filter(|(_, row)| row.iter().any(|c| !is_empty(c)))
            .map(|(i, _)| i)
            .take(TITLE_ROWS + 1)
            .collect();
        let Some(&first) = non_empty.first() else {
            continue;
        };
        let header_of = |i: usize| -> (Vec<String>, Vec<CellPos>) {
            let cells: Vec<String> = range
                .rows()
                .nth(i)
                .map(|row| row.iter().map(header_text).collect())
                .unwrap_or_default();
            let positions = (0..cells.len())
                .map(|j| cell_pos(r0, c0, i, j, cells[j].chars().count()))
                .collect();
            (cells, positions)
        };
        let found = non_empty.iter().copied().find(|&i| {
            let (cells, _) = header_of(i);
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            matches!(
                ctx.matcher
                    .match_header(ctx.pack, &refs, ctx.options.record_type),
                HeaderMatch::Matched(_)
            )
        });
        let Some(hi) = found else {
            if first_header.is_none() {
                let (cells, positions) = header_of(first);
                first_header = Some((cells, positions, sheet));
            }
            continue;
        };
        let (headers, positions) = header_of(hi);
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        let Some(mut filler) = ctx.match_header(&refs, &positions, Some(sheet), false) else {
            continue;
        };
        let rows = range.rows().enumerate().skip(hi + 1);
        matched = true;
        for (i, row) in rows {
            if row.iter().all(is_empty) {
                continue;
            }
            let line = r0 + i as u32 + 1;
            let uniques = &mut *ctx.uniques;
            let file = ctx.file_index;
            ctx.sink.record(|rec, findings| {
                filler.fill(
                    rec,
                    RecordPos {
                        file,
                        sheet,
                        line,
                        offset: 0,
                    },
                    uniques,
                    findings,
                    |col| {
                        let data = row.get(col).unwrap_or(&Data::Empty);
                        let raw = raw_cell(data);
                        // Other cells' widths come from their shown text.
                        let width = match data {
                            Data::String(s) => s.chars().count(),
                            _ => 0,
                        };
                        (raw, cell_pos(r0, c0, i, col, width))
                    },
                );
                true
            });
        }
    }
    if !matched {
        match first_header {
            Some((headers, positions, sheet)) => {
                let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
                let _ = ctx.match_header(&refs, &positions, Some(sheet), true);
            }
            None => ctx.unreadable(
                "the workbook has no data: every sheet is empty".into(),
                Some("the first non-empty row of a sheet must name the columns".into()),
                whole_file,
            ),
        }
    }
}

fn cell_pos(r0: u32, c0: u32, row: usize, col: usize, width: usize) -> CellPos {
    CellPos {
        line: r0 + row as u32 + 1,
        column: c0 + col as u32 + 1,
        offset: 0,
        width: width as u32,
    }
}

fn is_empty(c: &Data) -> bool {
    match c {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A header cell as text.
fn header_text(c: &Data) -> String {
    match c {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// An Excel cell as the row reader sees it.
fn raw_cell(c: &Data) -> RawCell<'_> {
    match c {
        Data::Empty => RawCell::Missing,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => RawCell::Text(s),
        Data::Float(f) => RawCell::Num(*f),
        Data::Int(i) => RawCell::Num(*i as f64),
        Data::Bool(b) => RawCell::Bool(*b),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match Date::from_ymd(i32::from(y), u32::from(m), u32::from(d)) {
                Some(date) if dt.is_datetime() => RawCell::Date(date),
                _ => RawCell::Num(dt.as_f64()),
            }
        }
        Data::Error(e) => RawCell::Invalid(error_text(e)),
    }
}

fn error_text(e: &CellErrorType) -> &'static str {
    match e {
        CellErrorType::Div0 => "the Excel error #DIV/0!",
        CellErrorType::NA => "the Excel error #N/A",
        CellErrorType::Name => "the Excel error #NAME?",
        CellErrorType::Null => "the Excel error #NULL!",
        CellErrorType::Num => "the Excel error #NUM!",
        CellErrorType::Ref => "the Excel error #REF!",
        CellErrorType::Value => "the Excel error #VALUE!",
        CellErrorType::GettingData => "the Excel error #DATA!",
    }
}
