//! Cross-file memory of `unique`/`key` values (DATA.md `schema/duplicate`).
//!
//! Kept compact because it grows with the data (one entry per distinct
//! value, ~50 bytes): a value is remembered by two independent 64-bit
//! hashes of its canonical bytes (Fx, which also places it in the table,
//! and std's `DefaultHasher`, SipHash-1-3), not by its text, with where it was first seen (file,
//! sheet, line, column, width, offset). Two different values are taken
//! for one only if both hashes agree — for n values about n²/2¹²⁹, never
//! in practice.

use std::hash::{BuildHasher, Hasher};

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

/// Entries per chunk of [`Seen::entries`] (chunks never move, so growing
/// never copies what is already there).
const CHUNK: usize = 1 << 14;

/// One field's values.
#[derive(Debug, Default)]
struct Seen {
    entries: Vec<Vec<Entry>>,
    len: usize,
    /// Open addressing by the Fx hash: entry index + 1, 0 for empty; at
    /// most three quarters full.
    slots: Vec<u32>,
}

#[derive(Debug)]
struct Entry {
    fx: u64,
    sip: u64,
    file: u32,
    /// `u32::MAX` for no sheet.
    sheet: u32,
    line: u32,
    column: u32,
    width: u32,
    offset: u64,
}

impl Seen {
    fn entry(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i / CHUNK)?.get(i % CHUNK)
    }

    /// The slot where `fx` is or would go.
    fn find(&self, fx: u64, sip: u64) -> (usize, Option<&Entry>) {
        let mask = self.slots.len() - 1;
        let mut i = (fx as usize) & mask;
        loop {
            match self.slots[i] {
                0 => return (i, None),
                n => {
                    if let Some(e) = self.entry(n as usize - 1)
                        && e.fx == fx
                        && e.sip == sip
                    {
                        return (i, Some(e));
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table (or makes the first one).
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let mut slots = vec![0u32; size];
        let mask = size - 1;
        for (i, e) in self.entries.iter().flatten().enumerate() {
            let mut s = (e.fx as usize) & mask;
            while slots[s] != 0 {
                s = (s + 1) & mask;
            }
            slots[s] = i as u32 + 1;
        }
        self.slots = slots;
    }
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
        let fx = FxBuild::default().hash_one(bytes);
        let sip = {
            // Fixed keys: the same hash for the same bytes within a run.
            let mut h = std::hash::DefaultHasher::new();
            h.write(bytes);
            h.finish()
        };
        if (seen.len + 1) * 4 > seen.slots.len() * 3 {
            seen.grow();
        }
        let (slot, found) = seen.find(fx, sip);
        if let Some(e) = found {
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
        let index = u32::try_from(seen.len + 1).ok()?;
        if seen.len % CHUNK == 0 {
            seen.entries.push(Vec::new());
        }
        seen.entries.last_mut()?.push(Entry {
            fx,
            sip,
            file: at.file,
            sheet: at.sheet.unwrap_or(u32::MAX),
            line: at.line,
            column: at.column,
            width: at.width,
            offset: at.offset,
        });
        seen.len += 1;
        seen.slots[slot] = index;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_occurrence_is_remembered_across_growth() {
        let pack = crate::builtin::guigang().expect("the shipped pack loads");
        let (t, f) = pack
            .records
            .iter()
            .enumerate()
            .find_map(|(t, rt)| {
                let f = rt.fields.iter().position(|f| f.unique)?;
                Some((t as u32, f as u32))
            })
            .expect("a unique field");
        let mut u = Uniques::new(&pack);
        let at = |line: u32| Location {
            file: 0,
            sheet: None,
            line,
            column: 3,
            offset: u64::from(line) * 10,
            width: 10,
            field: Some(f),
        };
        let id = |i: u32| format!("45{i:08}");
        for i in 0..100_000 {
            assert_eq!(u.insert(t, f, Value::Text(&id(i)), &at(i + 2)), None);
        }
        for i in (0..100_000).step_by(997) {
            let first = u
                .insert(t, f, Value::Text(&id(i)), &at(200_000))
                .expect("seen");
            assert_eq!(first, at(i + 2));
        }
        // Numbers: 0 and -0 are one value; 1 is not the text "1".
        assert_eq!(u.insert(t, f, Value::Num(0.0), &at(5)), None);
        assert_eq!(u.insert(t, f, Value::Num(-0.0), &at(6)), Some(at(5)));
        assert_eq!(u.insert(t, f, Value::Text("1"), &at(7)), None);
        assert_eq!(u.insert(t, f, Value::Num(1.0), &at(8)), None);
        assert_eq!(u.insert(t, f, Value::Missing, &at(9)), None);
    }
}
