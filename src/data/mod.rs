//! Data files → typed records: path expansion, encodings, CSV/JSON/XLSX
//! readers, header matching and cell readers (DATA.md).
//!
//! [`expand_paths`] turns DATA arguments into files; [`read_file`] reads one
//! file, delivering its records and data findings in file order through a
//! callback, in reused [`Batch`]es. The pieces:
//!
//! - `paths`: files, directories and globs → sorted, deduplicated paths;
//! - `encoding`: UTF-8 / GB18030 / UTF-16 detection and decoding;
//! - `header`: a header row → a record type and a column layout;
//! - `cells`: the value readers (one cell's text → a typed value);
//! - `rows`: one row → one record and its schema findings;
//! - `csv`, `json`, `xlsx`: the formats; `unique`: cross-file duplicates;
//! - `split`: CSV text → records and cells; `blocks`: UTF-8 CSV files
//!   mapped and read in parallel blocks, delivered in file order;
//! - `limits`: the bounds on untrusted input;
//! - `sink`: batching; `fold`: header folding; `fxhash`: table hashing.
//!
//! Decisions DATA.md leaves open, and extensions, are in `docs/data.md`.
//! Offsets in locations index the decoded text ([`source_text`]).

mod blocks;
mod cells;
mod csv;
mod encoding;
mod fold;
pub(crate) mod fxhash;
mod header;
mod json;
pub mod limits;
mod naming;
mod paths;
mod rows;
mod sink;
mod split;
mod unique;
mod xlsx;

use std::any::Any;
use std::collections::HashSet;

pub use cells::{CellError, CellReader, MISSING_MARKERS, is_missing, read_cell};
pub use encoding::{Detected, decoded_text, source_text};
pub use fold::fold;
pub use header::{HeaderMatch, Layout, Matcher};
pub use naming::{CellName, ColumnLetters};
pub use paths::expand_paths;
pub use rows::{CellPos, Invalid, RawCell, RowFiller, excel_serial};
pub use unique::Uniques;

use crate::diag::{Finding, Location, Severity};
use crate::i18n::{Lang, data as m};
use crate::model::Pack;
use crate::value::Record;
use rows::data_finding;
use sink::Sink;

/// A data file's format, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Json,
    JsonLines,
    Excel,
}

/// What a run learned about one data file (JSON `files`).
#[derive(Clone, Debug, PartialEq)]
pub struct DataFile {
    /// The path as given on the command line (relative stays relative).
    pub path: String,
    pub format: FileFormat,
    /// The record type its records were read as (the first sheet's, for Excel).
    pub record_type: Option<u32>,
    pub records: u64,
    /// `utf-8` or `gb18030` for text formats.
    pub encoding: Option<&'static str>,
    /// Sheet names, for Excel files; `Location::sheet` indexes this.
    pub sheets: Vec<String>,
}

impl FileFormat {
    /// The format a path's extension names: `.csv` `.txt` `.tsv` CSV,
    /// `.json` JSON, `.jsonl` `.ndjson` JSON Lines, `.xlsx` `.xls` Excel
    /// (ASCII case-insensitive); `None` for anything else.
    pub fn from_path(path: &str) -> Option<FileFormat> {
        let ext = std::path::Path::new(path)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" | "txt" | "tsv" => FileFormat::Csv,
            "json" => FileFormat::Json,
            "jsonl" | "ndjson" => FileFormat::JsonLines,
            "xlsx" | "xls" => FileFormat::Excel,
            _ => return None,
        })
    }
}

impl DataFile {
    /// A file about to be read: nothing known of it but its path (and the
    /// format its extension names; CSV for any other).
    pub fn new(path: &str) -> DataFile {
        DataFile {
            path: path.to_string(),
            format: FileFormat::from_path(path).unwrap_or(FileFormat::Csv),
            record_type: None,
            records: 0,
            encoding: None,
            sheets: Vec::new(),
        }
    }
}

/// Reading overrides from the command line.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// `--encoding`: force UTF-8 or GB18030.
    pub encoding: Option<Encoding>,
    /// `--delimiter`.
    pub delimiter: Option<u8>,
    /// `--type`: index of the record type every file holds.
    pub record_type: Option<u32>,
    /// The language of data diagnostics.
    pub lang: crate::i18n::Lang,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Gb18030,
}

/// A run of records of one type, in file order, and the data diagnostics
/// found while reading them (in the same order).
#[derive(Debug, Default)]
pub struct Batch {
    pub record_type: u32,
    /// Only the first `len` records are filled; the rest are kept for reuse.
    pub records: Vec<Record>,
    pub len: usize,
    pub findings: Vec<Finding>,
    /// Records the reader checked where it read them (with a
    /// [`Precheck`]), block by block in file order: what
    /// [`Precheck::check`] returned. A batch holds these or `records`.
    pub checked: Vec<Box<dyn Any + Send>>,
}

/// Checks records where they are read: the engine's, given by the caller of
/// [`read_file`]. A reader that reads blocks of a file in parallel (a plain
/// UTF-8 CSV file) checks each block's records on the thread that read
/// them, while they are in its cache, and delivers what this returns
/// ([`Batch::checked`]) instead of the records; other readers deliver
/// records.
pub trait Precheck: Sync {
    /// Checks records of type `record_type`, the next ones of the file.
    fn check(&self, record_type: u32, records: &[Record]) -> Box<dyn Any + Send>;
}

/// What a run reports about one file after reading it.
#[derive(Clone, Debug, PartialEq)]
pub struct FileResult {
    pub file: DataFile,
    /// The file could not be read (or matched no record type): the run
    /// exits 2. Its `data/unreadable` finding was delivered in a batch.
    pub unreadable: bool,
}

/// Reads one file, delivering its records and data findings in file order
/// through `on_batch` (batches of up to 4,096 records; a batch may hold no
/// records and only findings), each with what is known about the file so
/// far: its encoding and sheet names are settled before the first batch. A
/// path with an unknown extension is read as CSV.
pub fn read_file(
    file_index: u32,
    path: &str,
    pack: &Pack,
    options: &ReadOptions,
    uniques: &mut Uniques,
    precheck: Option<&dyn Precheck>,
    on_batch: &mut dyn FnMut(&DataFile, &mut Batch),
) -> FileResult {
    let file = DataFile::new(path);
    let format = file.format;
    let mut ctx = Ctx {
        file_index,
        path,
        pack,
        options,
        uniques,
        precheck,
        matcher: Matcher::new(pack),
        sink: Sink::new(file, on_batch),
        unreadable: false,
        unknown_reported: HashSet::new(),
        guessed_gb18030: false,
    };
    match format {
        FileFormat::Csv => csv::read(&mut ctx),
        FileFormat::Json => json::read_json(&mut ctx),
        FileFormat::JsonLines => json::read_lines(&mut ctx),
        FileFormat::Excel => xlsx::read(&mut ctx),
    }
    ctx.sink.flush();
    let mut file = ctx.sink.file;
    file.records = ctx.sink.records;
    FileResult {
        file,
        unreadable: ctx.unreadable,
    }
}

/// The state of reading one file, shared by the format readers.
struct Ctx<'a> {
    file_index: u32,
    path: &'a str,
    pack: &'a Pack,
    options: &'a ReadOptions,
    uniques: &'a mut Uniques,
    /// Checks blocks of records where they are read, if the caller wants.
    precheck: Option<&'a dyn Precheck>,
    sink: Sink<'a>,
    matcher: Matcher,
    unreadable: bool,
    /// Folded headers already reported as `schema/unknown-column`.
    unknown_reported: HashSet<String>,
    /// The file was read as GB18030 because it is not valid UTF-8 (not
    /// because `--encoding` said so): a header matching nothing may be a
    /// UTF-8 file with one damaged byte, read as GB18030 whole.
    guessed_gb18030: bool,
}

impl<'a> Ctx<'a> {
    /// The language of this file's findings.
    fn lang(&self) -> Lang {
        self.options.lang
    }

    /// A location in this file: `line` 0 means the whole file.
    fn at(&self, sheet: Option<u32>, pos: CellPos) -> Location {
        Location {
            file: self.file_index,
            sheet,
            line: pos.line,
            column: pos.column,
            offset: pos.offset,
            width: pos.width,
            field: None,
        }
    }

    /// The file cannot be read: `data/unreadable`, and the run exits 2.
    fn unreadable(&mut self, message: String, help: Option<String>, location: Location) {
        self.unreadable = true;
        self.sink.finding(data_finding(
            "data/unreadable",
            Severity::Error,
            message,
            help,
            Some(location),
        ));
    }

    /// Forced UTF-8 met a byte that is not UTF-8: `data/unreadable` there.
    fn invalid_utf8(&mut self, line: u32, column: u32, offset: u64, help: Option<String>) {
        let at = self.at(
            None,
            CellPos {
                line,
                column,
                offset,
                width: 1,
            },
        );
        self.unreadable(crate::t!(self.lang(), m::NOT_UTF8_FORCED), help, at);
    }

    /// A row that cannot be read: `data/malformed`; the row is skipped.
    fn malformed(&mut self, message: String, help: Option<String>, location: Location) {
        self.sink.finding(data_finding(
            "data/malformed",
            Severity::Error,
            message,
            help,
            Some(location),
        ));
    }

    /// A column that appears after the header was matched (a key first seen
    /// in a later JSON Lines object): it feeds its field if that field has
    /// no column yet; a header naming no field is `schema/unknown-column`.
    fn add_column(&mut self, filler: &mut RowFiller<'a>, header: &str, col: usize, pos: CellPos) {
        let t = filler.record_type();
        if filler.headers.len() <= col {
            filler.headers.resize(col + 1, String::new());
        }
        if let Some(slot) = filler.headers.get_mut(col) {
            header.trim().clone_into(slot);
        }
        match self.matcher.field_of(t, header) {
            Some(f) => filler.add_column(f, col),
            None => {
                let folded = fold(header);
                if !folded.is_empty() && self.unknown_reported.insert(folded) {
                    let mut f = data_finding(
                        "schema/unknown-column",
                        Severity::Info,
                        crate::t!(self.lang(), m::UNKNOWN_COLUMN, header = header.trim()),
                        None,
                        Some(self.at(None, pos)),
                    );
                    f.record_type = Some(t);
                    self.sink.finding(f);
                }
            }
        }
    }

    /// Matches a header row (`headers`, with each header's position) to a
    /// record type and reports what DATA.md asks about it. `None` when no
    /// type fits (reported as `data/unreadable` if `report_no_match`).
    fn match_header(
        &mut self,
        headers: &[&str],
        positions: &[CellPos],
        sheet: Option<u32>,
        report_no_match: bool,
    ) -> Option<RowFiller<'a>> {
        let (pack, lang) = (self.pack, self.lang());
        let header_line = positions.first().copied().unwrap_or_default();
        if headers.len() > limits::MAX_COLUMNS {
            let at = self.at(
                sheet,
                CellPos {
                    column: 1,
                    ..header_line
                },
            );
            let count = naming::number(lang, headers.len() as u64);
            let limit = naming::number(lang, limits::MAX_COLUMNS as u64);
            self.unreadable(
                crate::t!(lang, m::TOO_MANY_COLUMNS, count = count, limit = limit),
                Some(crate::t!(lang, m::HELP_TOO_MANY_COLUMNS)),
                at,
            );
            return None;
        }
        let layout = match self
            .matcher
            .match_header(pack, headers, self.options.record_type)
        {
            HeaderMatch::Matched(layout) => layout,
            HeaderMatch::NoMatch { closest, lacking } => {
                if report_no_match {
                    let help = match closest.and_then(|t| pack.records.get(t as usize)) {
                        Some(rt) if !lacking.is_empty() => {
                            let columns = naming::list(lang, &lacking);
                            crate::t!(
                                lang,
                                m::HELP_LACKS_COLUMNS,
                                name = rt.name,
                                columns = columns
                            )
                        }
                        Some(rt) => crate::t!(lang, m::HELP_NO_FIELD, name = rt.name),
                        None => crate::t!(lang, m::HELP_NO_TYPES),
                    };
                    let help = if self.guessed_gb18030 {
                        crate::t!(lang, m::HELP_GUESSED_GB18030, help = help)
                    } else {
                        help
                    };
                    let at = self.at(
                        sheet,
                        CellPos {
                            column: 1,
                            ..header_line
                        },
                    );
                    self.unreadable(crate::t!(lang, m::HEADER_MATCHES_NO_TYPE), Some(help), at);
                }
                return None;
            }
        };
        // The header's findings go with the records that follow.
        self.sink.set_type(layout.record_type);
        let pos = |col: usize| positions.get(col).copied().unwrap_or(header_line);
        for &col in &layout.unknown {
            let Some(h) = headers.get(col) else { continue };
            let folded = fold(h);
            if folded.is_empty() || !self.unknown_reported.insert(folded) {
                continue;
            }
            let mut f = data_finding(
                "schema/unknown-column",
                Severity::Info,
                crate::t!(lang, m::UNKNOWN_COLUMN, header = h.trim()),
                None,
                Some(self.at(sheet, pos(col))),
            );
            f.record_type = Some(layout.record_type);
            self.sink.finding(f);
        }
        let rt = pack.records.get(layout.record_type as usize)?;
        for &(col, field) in &layout.duplicates {
            let name = rt
                .fields
                .get(field as usize)
                .map_or("", |f| f.name.as_str());
            let mut f = data_finding(
                "data/malformed",
                Severity::Error,
                crate::t!(
                    lang,
                    m::DUPLICATE_COLUMN,
                    header = headers.get(col).map_or("", |h| h.trim()),
                    field = name
                ),
                Some(crate::t!(lang, m::HELP_DUPLICATE_COLUMN)),
                Some(self.at(sheet, pos(col))),
            );
            f.record_type = Some(layout.record_type);
            self.sink.finding(f);
        }
        for (fi, field) in rt.fields.iter().enumerate() {
            if field.required && layout.field_column.get(fi).copied().flatten().is_none() {
                let mut f = data_finding(
                    "schema/missing-column",
                    Severity::Error,
                    crate::t!(lang, m::MISSING_COLUMN, field = field.name),
                    Some(crate::t!(
                        lang,
                        m::HELP_MISSING_COLUMN,
                        header = field.columns.first().unwrap_or(&field.name)
                    )),
                    Some(Location {
                        field: Some(fi as u32),
                        ..self.at(
                            sheet,
                            CellPos {
                                column: 1,
                                ..header_line
                            },
                        )
                    }),
                );
                f.record_type = Some(layout.record_type);
                self.sink.finding(f);
            }
        }
        if self.sink.file.record_type.is_none() {
            self.sink.file.record_type = Some(layout.record_type);
        }
        let names = (
            lang,
            self.sink.file.format,
            headers.iter().map(|h| h.trim().to_string()).collect(),
        );
        Some(RowFiller::new(pack, layout, self.file_index, sheet, names))
    }
}
