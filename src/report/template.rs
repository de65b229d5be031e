//! `dudao template`: an empty form with the pack's column headers.

use std::path::Path;

use crate::model::RecordType;

/// The header a field is written under: its first `column` header, else its
/// name.
fn header(rtype: &RecordType) -> impl Iterator<Item = &str> {
    rtype
        .fields
        .iter()
        .map(|f| f.columns.first().map_or(f.name.as_str(), String::as_str))
}

/// A CSV with a UTF-8 byte-order mark (so spreadsheet software reads the
/// Chinese headers correctly) and one header row.
pub fn csv(rtype: &RecordType) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    // Writing into a Vec cannot fail.
    let _ = writer.write_record(header(rtype));
    writer.into_inner().unwrap_or_default()
}

/// The same header row as an Excel workbook, the sheet named after the
/// record type, header cells bold and the row frozen.
pub fn write_xlsx(rtype: &RecordType, path: &Path) -> std::io::Result<()> {
    let bytes = xlsx(rtype).map_err(std::io::Error::other)?;
    super::output::write_atomically(path, &bytes)
}

fn xlsx(rtype: &RecordType) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name(&rtype.name)?;
    for (col, name) in header(rtype).enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, name, &bold)?;
        sheet.set_column_width(col, (name.chars().count() as f64 * 2.2).max(10.0))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}
