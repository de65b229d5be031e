//! Cross-file memory of `unique`/`key` values (DATA.md `schema/duplicate`).
//!
//! Kept compact because it grows with the data: every value's text goes to
//! one arena string, and each entry holds only where the value was first
//! seen (file, sheet, line, column, offset). Values are found by hash and
//! compared exactly, so there are no false duplicates.

use std::collections::HashMap;
use std::hash::BuildHasher;

use crate::data::fxhash::FxBuild;
use crate::diag::Location;
use crate::model::Pack;
use crate::value::Value;

/// `unique`/`key` values seen so far, per record type and field, each with
/// the location of the record that first had it.
#[derive(Debug, Default)]
pub struct Uniques {
    /// `[record type][field]`: `None` for fields that are not unique.
    seen: Vec<Vec<Option<Seen>>>,
}

/// One field's values.
#[derive(Debug, Default)]
struct Seen {
    /// Canonical value bytes (text as written; other values tagged).
    arena: Vec<u8>,
    entries: Vec<Entry>,
    /// Hash → first entry with that hash (others follow `Entry::next`).
    by_hash: HashMap<u64, u32, FxBuild>,
}

#[derive(Debug)]
struct Entry {
    start: u64,
    len: u32,
    /// The next entry with the same hash, or `u32::MAX`.
    next: u32,
    file: u32,
    /// `u32::MAX` for no sheet.
    sheet: u32,
    line: u32,
    column: u32,
    width: u32,
    offset: u64,
}

impl Uniques {
    pub fn new(pack: &Pack) -> Uniques {
        Uniques {
            seen: pack
                .records
                .iter()
                .map(|rt| {
                    rt.fields
                        .iter()
                        .map(|f| f.unique.then(Seen::default))
                        .collect()
                })
                .collect(),
        }
    }

    /// Records `value` of `field` at `at`; returns where it was first seen
    /// if it was seen before (the first stays the reference). Missing values
    /// and fields that are not unique are ignored.
    pub fn insert(
        &mut self,
        record_type: u32,
        field: u32,
        value: Value<'_>,
        at: &Location,
    ) -> Option<Location> {
        let seen = self
            .seen
            .get_mut(record_type as usize)?
            .get_mut(field as usize)?
            .as_mut()?;
        let mut buf = [0u8; 9];
        let bytes: &[u8] = match value {
            Value::Missing => return None,
            Value::Text(t) => t.as_bytes(),
            Value::Num(n) => tagged(&mut buf, 1, (if n == 0.0 { 0.0 } else { n }).to_bits()),
            Value::Date(d) => tagged(&mut buf, 2, d.0 as i64 as u64),
            Value::Enum(e) => tagged(&mut buf, 3, u64::from(e)),
            Value::Bool(b) => tagged(&mut buf, 4, u64::from(b)),
        };
        let hash = FxBuild::default().hash_one(bytes);
        let head = seen.by_hash.get(&hash).copied();
        let mut i = head.unwrap_or(u32::MAX);
        while let Some(e) = seen.entries.get(i as usize) {
            let start = e.start as usize;
            if seen.arena.get(start..start + e.len as usize) == Some(bytes) {
                return Some(Location {
                    file: e.file,
                    sheet: (e.sheet != u32::MAX).then_some(e.sheet),
                    line: e.line,
                    column: e.column,
                    offset: e.offset,
                    width: e.width,
                    field: Some(field),
                });
            }
            i = e.next;
        }
        let index = u32::try_from(seen.entries.len()).ok()?;
        seen.entries.push(Entry {
            start: seen.arena.len() as u64,
            len: bytes.len() as u32,
            next: head.unwrap_or(u32::MAX),
            file: at.file,
            sheet: at.sheet.unwrap_or(u32::MAX),
            line: at.line,
            column: at.column,
            width: at.width,
            offset: at.offset,
        });
        seen.arena.extend_from_slice(bytes);
        seen.by_hash.insert(hash, index);
        None
    }
}

/// A non-text value as bytes that no text can equal (a leading byte 0xF9–0xFC
/// never occurs in UTF-8).
fn tagged(buf: &mut [u8; 9], tag: u8, bits: u64) -> &[u8] {
    buf[0] = 0xF8 | tag;
    buf[1..].copy_from_slice(&bits.to_le_bytes());
    &buf[..]
}
