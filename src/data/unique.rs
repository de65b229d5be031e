//! Cross-file memory of `unique`/`key` values (DATA.md `schema/duplicate`).
//!
//! Kept compact because it grows with the data (one entry per distinct
//! value: 24 bytes, and 11–21 bytes of table, whose 8-byte slots are
//! between three eighths and three quarters full): a value is remembered by two 64-bit
//! hashes of its canonical bytes ([`ValueHash`]: `place`, which places it
//! in the table, and `check`), not by its text, with where it was first
//! seen (file, sheet, line, column, width, offset). Both are made in one
//! pass over the bytes by two multiply-rotate chains with different
//! constants and rotations, each finished by its own mixer. The table's
//! slots hold the top 32 bits of `place` beside the entry's number, so a
//! probe touches entries only on a likely match and growing the table never
//! reads an entry (it moves slots nearly in order); the entry holds the
//! whole `check`. Two different values are taken for one only if 96 bits
//! agree — for n values about n²/2⁹⁷, never in practice.
//!
//! The hashes are made where a record is read (in parallel, see
//! `sink::RowsOut`); the table, which must see values in file order, only
//! probes and inserts, and [`Uniques::prefetch`] lets the caller fetch a
//! slot a few values before it inserts there, so cache misses overlap.

use crate::diag::Location;
use crate::model::Pack;
use crate::value::Value;

/// A `unique` value's identity: two independent 64-bit hashes of its
/// canonical bytes (text as written after trimming; numbers, dates, enums
/// and booleans by value, so `0` and `-0` are one value and `1` is not the
/// text `"1"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueHash {
    place: u64,
    check: u64,
}

impl ValueHash {
    /// The hash of a value; `None` for a missing one (never a duplicate).
    pub fn of(value: Value<'_>) -> Option<ValueHash> {
        let mut buf = [0u8; 9];
        let bytes: &[u8] = match value {
            Value::Missing => return None,
            Value::Text(t) => t.as_bytes(),
            Value::Num(n) => tagged(&mut buf, 1, (if n == 0.0 { 0.0 } else { n }).to_bits()),
            Value::Date(d) => tagged(&mut buf, 2, d.0 as i64 as u64),
            Value::Enum(e) => tagged(&mut buf, 3, u64::from(e)),
            Value::Bool(b) => tagged(&mut buf, 4, u64::from(b)),
        };
        let (place, check) = hash_pair(bytes);
        Some(ValueHash { place, check })
    }

    /// The 32 bits a slot keeps: the top of `place`, which also
    /// places it.
    fn tag(self) -> u64 {
        self.place >> 32
    }
}

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
    /// Open addressing by the top bits of `place`: 0 for empty, else the
    /// value's [`ValueHash::tag`] in the high half and its entry's index + 1
    /// in the low half; at most three quarters full.
    slots: Vec<u64>,
    /// `64 - log2(slots.len())` (at least 32): the shift that turns a `place`
    /// hash, or a slot, into its home slot.
    shift: u32,
    /// The file and sheet (`u32::MAX` for none) of the entries from an
    /// index on, in order: `(index, file, sheet)`.
    places: Vec<(usize, u32, u32)>,
    /// Widths of [`WIDE`] or more, by entry index, in order.
    wide: Vec<(usize, u32)>,
}

/// Where a value was first seen, in 24 bytes: the file and sheet are kept
/// once per run of entries from one place ([`Seen::places`]), a width that
/// does not fit 16 bits beside the entries ([`Seen::wide`]).
#[derive(Debug)]
struct Entry {
    check: u64,
    /// The offset (48 bits: 256 TiB) above the width (16 bits; `u16::MAX`
    /// for a width found in [`Seen::wide`]).
    offset_width: u64,
    line: u32,
    column: u32,
}

/// Widths of [`Entry::offset_width`] that mean "look it up".
const WIDE: u64 = 0xFFFF;

impl Seen {
    fn entry(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i / CHUNK)?.get(i % CHUNK)
    }

    /// Remembers where the value of entry `index` (the next) was first seen.
    fn entry_for(&mut self, index: usize, check: u64, at: &Location) -> Entry {
        let sheet = at.sheet.unwrap_or(u32::MAX);
        if self
            .places
            .last()
            .is_none_or(|&(_, f, s)| (f, s) != (at.file, sheet))
        {
            self.places.push((index, at.file, sheet));
        }
        let width = u64::from(at.width);
        if width >= WIDE {
            self.wide.push((index, at.width));
        }
        Entry {
            check,
            offset_width: at.offset.min((1 << 48) - 1) << 16 | width.min(WIDE),
            line: at.line,
            column: at.column,
        }
    }

    /// Where the value of entry `index` was first seen.
    fn location(&self, index: usize, e: &Entry, field: u32) -> Location {
        let place = self.places.partition_point(|&(i, ..)| i <= index);
        let (_, file, sheet) = self
            .places
            .get(place.wrapping_sub(1))
            .copied()
            .unwrap_or_default();
        let width = match e.offset_width & WIDE {
            WIDE => self
                .wide
                .binary_search_by_key(&index, |&(i, _)| i)
                .map_or(WIDE as u32, |w| self.wide[w].1),
            width => width as u32,
        };
        Location {
            file,
            sheet: (sheet != u32::MAX).then_some(sheet),
            line: e.line,
            column: e.column,
            offset: e.offset_width >> 16,
            width,
            field: Some(field),
        }
    }

    /// The home slot of a `place` hash or of a slot (whose high half is the
    /// hash's); the table is never empty when asked.
    fn home(&self, place: u64) -> usize {
        (place.checked_shr(self.shift).unwrap_or(0) as usize) & (self.slots.len() - 1)
    }

    /// The slot where `hash` is or would go, and its entry (with its index)
    /// when it is there.
    fn find(&self, hash: ValueHash) -> (usize, Option<(usize, &Entry)>) {
        let mask = self.slots.len() - 1;
        let tag = hash.tag();
        let mut i = self.home(hash.place);
        loop {
            match self.slots[i] {
                0 => return (i, None),
                slot => {
                    let index = (slot & 0xFFFF_FFFF) as usize - 1;
                    if slot >> 32 == tag
                        && let Some(e) = self.entry(index)
                        && e.check == hash.check
                    {
                        return (i, Some((index, e)));
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table (or makes the first one).
    #[expect(
        clippy::slow_vector_initialization,
        reason = "writing the zeros is the point"
    )]
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        // Zeros written, not `vec![0; size]`: calloc's untouched pages are
        // mapped to the shared zero page on the first probe and copied on
        // the first insert, a second fault that also flushes the other
        // cores' TLBs (measured: 4 % of `-q`'s time at 10^6 records).
        let mut slots = Vec::with_capacity(size);
        slots.resize(size, 0u64);
        let old = std::mem::replace(&mut self.slots, slots);
        self.shift = 64 - size.trailing_zeros();
        let mask = size - 1;
        for slot in old.into_iter().filter(|&s| s != 0) {
            let mut s = self.home(slot);
            while self.slots[s] != 0 {
                s = (s + 1) & mask;
            }
            self.slots[s] = slot;
        }
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

    fn seen(&self, record_type: u32, field: u32) -> Option<&Seen> {
        self.seen
            .get(record_type as usize)?
            .get(field as usize)?
            .as_ref()
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
        self.insert_hash(record_type, field, ValueHash::of(value)?, at)
    }

    /// [`Uniques::insert`] for a value already hashed.
    pub fn insert_hash(
        &mut self,
        record_type: u32,
        field: u32,
        hash: ValueHash,
        at: &Location,
    ) -> Option<Location> {
        let seen = self
            .seen
            .get_mut(record_type as usize)?
            .get_mut(field as usize)?
            .as_mut()?;
        if (seen.len + 1) * 4 > seen.slots.len() * 3 {
            seen.grow();
        }
        let (slot, found) = seen.find(hash);
        if let Some((index, e)) = found {
            return Some(seen.location(index, e, field));
        }
        let index = u32::try_from(seen.len + 1)
            .ok()
            .filter(|&i| i != u32::MAX)?;
        if seen.len % CHUNK == 0 {
            seen.entries.push(Vec::with_capacity(CHUNK));
        }
        let entry = seen.entry_for(seen.len, hash.check, at);
        seen.entries.last_mut()?.push(entry);
        seen.len += 1;
        seen.slots[slot] = hash.tag() << 32 | u64::from(index);
        None
    }

    /// Asks the CPU to fetch the home slot of `hash` (of `field`) into its
    /// cache, without waiting for it: called a few values ahead of
    /// inserting, it lets the table's cache misses (it outgrows the caches
    /// at a few hundred thousand values) overlap with the work in between.
    #[inline]
    pub fn prefetch(&self, record_type: u32, field: u32, hash: ValueHash) {
        let Some(seen) = self
            .seen(record_type, field)
            .filter(|s| !s.slots.is_empty())
        else {
            return;
        };
        let Some(slot) = seen.slots.get(seen.home(hash.place)) else {
            return;
        };
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a prefetch reads nothing the program sees and never
        // faults, whatever the address (here one inside the table), and SSE,
        // which provides it, is part of every x86_64 CPU.
        unsafe {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(slot).cast());
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = slot;
    }
}

/// Two 64-bit hashes of `bytes` in one pass over its 8-byte words (the last
/// eight bytes as the last word): two
/// chains of folded multiplies (the 128-bit product's halves xored, as in
/// foldhash, so every bit of a word reaches every bit of the state) with
/// different seeds and constants, both starting from the length, each
/// finished by its own mixer (murmur3's and SplitMix64's), so that the
/// pair behaves as one 128-bit hash.
fn hash_pair(bytes: &[u8]) -> (u64, u64) {
    const K1: u64 = 0x517c_c1b7_2722_0a95;
    const K2: u64 = 0x9e37_79b9_7f4a_7c15;
    let fold = |x: u64, k: u64| {
        let m = u128::from(x) * u128::from(k);
        (m as u64) ^ ((m >> 64) as u64)
    };
    let len = bytes.len() as u64;
    let (mut a, mut b) = (len ^ 0x243f_6a88_85a3_08d3, len ^ 0x1319_8a2e_0370_7344);
    let mut add = |w: u64| {
        a = fold(a ^ w, K1);
        b = fold(b ^ w, K2);
    };
    let (words, rest) = bytes.as_chunks::<8>();
    for w in words {
        add(u64::from_le_bytes(*w));
    }
    if !rest.is_empty() {
        // The last eight bytes (overlapping the word before: for a given
        // length, the words still determine the bytes) when there are
        // that many, one load instead of copying a few bytes.
        let last = bytes.last_chunk::<8>().copied().unwrap_or_else(|| {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            w
        });
        add(u64::from_le_bytes(last));
    }
    let murmur = |mut h: u64| {
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    };
    let splitmix = |mut h: u64| {
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    };
    (murmur(a), splitmix(b))
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

    /// An empty memory for the shipped pack, and a record type and field
    /// of it that are unique.
    fn shipped_unique_field() -> (Uniques, u32, u32) {
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
        (Uniques::new(&pack), t, f)
    }

    #[test]
    fn the_first_occurrence_is_remembered_across_growth() {
        let (mut u, t, f) = shipped_unique_field();
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
        // A value hashed ahead (as the block reader does) is the same value.
        assert_eq!(ValueHash::of(Value::Missing), None);
        let hash = ValueHash::of(Value::Text(&id(7))).expect("a value");
        u.prefetch(t, f, hash);
        assert_eq!(u.insert_hash(t, f, hash, &at(300_000)), Some(at(9)));
    }

    #[test]
    fn every_part_of_the_first_place_is_remembered_whatever_the_file_sheet_or_width() {
        let (mut u, t, f) = shipped_unique_field();
        // Runs of files and sheets, back and forth; widths on both sides
        // of 16 bits; offsets past 4 GiB.
        let at = |i: u32| Location {
            file: i / 7 % 3,
            sheet: (!i.is_multiple_of(5)).then_some(i / 3 % 4),
            line: i + 2,
            column: i % 100,
            offset: u64::from(i) << 20,
            width: [1, 0xFFFE, 0xFFFF, 0x1_0000, u32::MAX][i as usize % 5],
            field: Some(f),
        };
        for i in 0..5_000 {
            assert_eq!(u.insert(t, f, Value::Num(f64::from(i)), &at(i)), None);
        }
        for i in 0..5_000 {
            let mut later = at(i + 10_000);
            later.file = 9;
            assert_eq!(
                u.insert(t, f, Value::Num(f64::from(i)), &later),
                Some(at(i))
            );
        }
    }

    #[test]
    fn the_two_hashes_tell_apart_values_that_differ_little() {
        use std::collections::HashSet;
        // School ids in sequence, the same with one byte more or a zero
        // byte appended (the length is hashed), numbers next to each other.
        let mut texts: Vec<Vec<u8>> = (0..200_000u32)
            .map(|i| format!("45{i:08}").into_bytes())
            .collect();
        texts.extend((0..1_000u32).map(|i| format!("45{i:08}0").into_bytes()));
        texts.extend((0..1_000u32).map(|i| format!("45{i:08}\0").into_bytes()));
        texts.extend((0..1_000u64).map(|i| {
            let mut buf = [0u8; 9];
            tagged(&mut buf, 1, (i as f64).to_bits()).to_vec()
        }));
        let (mut places, mut checks, mut tops) = (HashSet::new(), HashSet::new(), HashSet::new());
        for t in &texts {
            let (place, check) = hash_pair(t);
            places.insert(place);
            checks.insert(check);
            tops.insert(place >> 48);
        }
        assert_eq!(places.len(), texts.len());
        assert_eq!(checks.len(), texts.len());
        // The top 16 bits place values in a table of 65,536 slots: 203,000
        // values uniformly placed leave 65,536 · e^(−3.1) ≈ 2,950 slots
        // empty (the sequential ids alone would fill few with a weak hash).
        let empty = (1usize << 16) - tops.len();
        assert!((2_500..3_400).contains(&empty), "{empty} empty slots");
    }
}
