//! Data files → typed records: path expansion, encodings, CSV/JSON/XLSX
//! readers, header matching and cell readers (DATA.md).

use crate::diag::Finding;
use crate::value::Record;

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

/// Reading overrides from the command line.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// `--encoding`: force UTF-8 or GB18030.
    pub encoding: Option<Encoding>,
    /// `--delimiter`.
    pub delimiter: Option<u8>,
    /// `--type`: index of the record type every file holds.
    pub record_type: Option<u32>,
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
}
