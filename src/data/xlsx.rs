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

use std::io::{Read, Seek};

use calamine::{CellErrorType, Data, Reader, Sheets, Xlsx, open_workbook_auto};

use crate::data::limits::{MAX_SHEET_CELLS, MAX_XLSX_UNCOMPRESSED, show_bytes};
use crate::data::naming::number;
use crate::data::{Ctx, HeaderMatch};
use crate::i18n::{Lang, data as m};

/// How many non-empty rows above the header may be titles.
const TITLE_ROWS: usize = 5;
use crate::data::rows::{CellPos, Invalid, RawCell};
use crate::value::{Date, RecordPos};

pub(super) fn read(ctx: &mut Ctx<'_>) {
    let outcome = catch_unwind(AssertUnwindSafe(|| read_workbook(ctx)));
    if outcome.is_err() {
        let at = ctx.at(None, CellPos::default());
        ctx.unreadable(
            crate::t!(ctx.lang(), m::WORKBOOK_DAMAGED),
            Some(crate::t!(ctx.lang(), m::HELP_WORKBOOK_DAMAGED)),
            at,
        );
    }
}

fn read_workbook(ctx: &mut Ctx<'_>) {
    let whole_file = ctx.at(None, CellPos::default());
    let lang = ctx.lang();
    if let Err(message) = check_zip_size(lang, ctx.path) {
        ctx.unreadable(
            message,
            Some(crate::t!(lang, m::HELP_WORKBOOK_TOO_LARGE)),
            whole_file,
        );
        return;
    }
    let mut workbook = match open_workbook_auto(ctx.path) {
        Ok(w) => w,
        Err(e) => {
            ctx.unreadable(
                crate::t!(lang, m::CANNOT_OPEN_WORKBOOK, error = e),
                Some(crate::t!(lang, m::HELP_CANNOT_OPEN_WORKBOOK)),
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
        if let Sheets::Xlsx(xlsx) = &mut workbook
            && let Some(message) = sheet_too_large(lang, xlsx, name)
        {
            let at = ctx.at(Some(sheet), CellPos::default());
            ctx.unreadable(message, Some(crate::t!(lang, m::HELP_SHEET_TOO_LARGE)), at);
            continue;
        }
        let range = match workbook.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                let at = ctx.at(Some(sheet), CellPos::default());
                let message = crate::t!(lang, m::CANNOT_READ_SHEET, sheet = name, error = e);
                ctx.unreadable(message, None, at);
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
            // A sheet refused or unreadable was reported already.
            None if ctx.unreadable => {}
            None => ctx.unreadable(
                crate::t!(lang, m::EMPTY_WORKBOOK),
                Some(crate::t!(lang, m::HELP_EMPTY_WORKBOOK)),
                whole_file,
            ),
        }
    }
}

/// Refuses a zip archive (an `.xlsx`) whose parts decompress to more than
/// [`MAX_XLSX_UNCOMPRESSED`] bytes together, before calamine reads any of
/// it into memory: a zip bomb is a few KiB that inflate to GiBs. The bytes
/// are counted by decompressing into nothing, so sizes the archive's
/// directory lies about do not matter. A file that is not a zip archive
/// passes (calamine then says what it is, or that it is damaged).
fn check_zip_size(lang: Lang, path: &str) -> Result<(), String> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    let too_large = |total: u64| {
        crate::t!(
            lang,
            m::WORKBOOK_TOO_LARGE,
            limit = show_bytes(MAX_XLSX_UNCOMPRESSED),
            size = show_bytes(total)
        )
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            // A damaged part: calamine reports it if it matters.
            continue;
        };
        if total.saturating_add(entry.size()) > MAX_XLSX_UNCOMPRESSED {
            return Err(too_large(total.saturating_add(entry.size())));
        }
        let budget = MAX_XLSX_UNCOMPRESSED - total;
        let n =
            std::io::copy(&mut (&mut entry).take(budget + 1), &mut std::io::sink()).unwrap_or(0);
        total += n;
        if total > MAX_XLSX_UNCOMPRESSED {
            return Err(too_large(total));
        }
    }
    Ok(())
}

/// Why a sheet cannot be read whole, if it spans more than
/// [`MAX_SHEET_CELLS`] cells (calamine stores the used area densely): its
/// cells are streamed once to find the used area.
fn sheet_too_large<RS: Read + Seek>(lang: Lang, xlsx: &mut Xlsx<RS>, name: &str) -> Option<String> {
    let mut reader = xlsx.worksheet_cells_reader(name).ok()?;
    let (mut r0, mut r1, mut c0, mut c1) = (u32::MAX, 0u32, u32::MAX, 0u32);
    while let Ok(Some(cell)) = reader.next_cell() {
        let (r, c) = cell.get_position();
        r0 = r0.min(r);
        r1 = r1.max(r);
        c0 = c0.min(c);
        c1 = c1.max(c);
    }
    if r0 > r1 {
        return None;
    }
    let cells = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
    (cells > MAX_SHEET_CELLS).then(|| {
        crate::t!(
            lang,
            m::SHEET_TOO_LARGE,
            sheet = name,
            rows = number(lang, u64::from(r1 - r0 + 1)),
            columns = number(lang, u64::from(c1 - c0 + 1)),
            cells = number(lang, cells),
            limit = number(lang, MAX_SHEET_CELLS)
        )
    })
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
        Data::Error(e) => RawCell::Invalid(Invalid::Excel(error_text(e))),
    }
}

/// An Excel error as Excel shows it.
fn error_text(e: &CellErrorType) -> &'static str {
    match e {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#DATA!",
    }
}
