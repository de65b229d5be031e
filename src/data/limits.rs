//! Resource bounds on untrusted data (docs/data.md "Limits").
//!
//! Data files come from schools and counties, not from whoever runs dudao:
//! a file must never make a run exhaust memory or time. Each bound is far
//! above what a real table needs, and each is reported with an error that
//! names it, so a user who meets one knows what to change.

/// The longest cell value read (1 MiB of UTF-8). A longer cell is
/// `schema/type` at that cell and the value is missing.
pub const MAX_CELL_BYTES: usize = 1024 * 1024;

/// The most columns a header row (or the union of JSON keys) may have;
/// Excel's own limit. A wider file is `data/unreadable`.
pub const MAX_COLUMNS: usize = 16_384;

/// The longest raw CSV record or JSON Lines line (64 MiB). Reading stops
/// there: `data/unreadable` at that record.
pub const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// The most bytes an Excel workbook (`.xlsx`) may decompress to, all its
/// parts together (256 MiB). Counted by actually decompressing, so sizes
/// the zip directory lies about do not matter; a workbook over it is
/// `data/unreadable` before calamine reads it.
pub const MAX_XLSX_UNCOMPRESSED: u64 = 256 * 1024 * 1024;

/// The most cells (rows × columns of the used area, empty cells included)
/// one sheet may span (2²³). calamine stores a sheet densely, so two cells
/// far apart (`A1` and `XFD1048576`) would otherwise ask for billions of
/// cells; such a sheet is `data/unreadable`.
pub const MAX_SHEET_CELLS: u64 = 8 * 1024 * 1024;

/// A byte count for messages: `1 MiB`, `256 MiB`, or bytes below 1 KiB.
pub fn show_bytes(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else if n >= 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_read_well() {
        assert_eq!(show_bytes(MAX_CELL_BYTES as u64), "1 MiB");
        assert_eq!(show_bytes(MAX_XLSX_UNCOMPRESSED), "256 MiB");
        assert_eq!(show_bytes(10_000_000), "9.5 MiB");
        assert_eq!(show_bytes(2048), "2.0 KiB");
        assert_eq!(show_bytes(12), "12 bytes");
    }
}
