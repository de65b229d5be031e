//! Group rules over one chunk: the records each rule admits are cut into
//! runs of one group key, and the runs fold into flat tables
//! ([`ChunkGroups`]) that the run merges in chunk order.
//!
//! Nothing here allocates per group or per record: a chunk's keys are
//! written once per run of equal `per` cells (data is often sorted by
//! county), numbered by a small open-addressing table, and every buffer
//! is kept per thread for the next chunk ([`GroupScratch`]). Only the
//! chunk's own tables, which travel to the merge, are allocated: a few
//! buffers per rule, whatever the number of groups.

use std::fmt::Write;
use std::hash::Hasher;

use crate::compile::code::{AggCode, Arg, Num, TypeCode};
use crate::data::fxhash::FxHasher;
use crate::model::{AggFn, Pack};
use crate::value::{Cell, Record, Value};

use super::agg::Acc;
use super::code::Cx;
use super::column::{self, Bits, ChunkConds, Mask, WORDS};
use super::expr::cell_value;

/// One group rule's groups found in one chunk, flat, in the order of their
/// first record: no allocation per group.
#[derive(Clone, Debug, Default)]
pub struct ChunkGroups {
    /// The groups' keys one after another (see [`super::group_key`]).
    keys: String,
    /// The groups' `per` values, `per.len()` per group; a text's cell is its
    /// range in the group's key.
    values: Vec<Cell>,
    groups: Vec<ChunkGroup>,
    /// `aggs` accumulators per group, group after group.
    accs: Vec<Acc>,
    /// Values per group.
    width: usize,
    /// Aggregates per group.
    aggs: usize,
}

/// A group's counts, and where its key ends.
#[derive(Clone, Copy, Debug, Default)]
struct ChunkGroup {
    end: usize,
    records: u64,
    skipped: u64,
}

/// One group of a [`ChunkGroups`], read for merging.
pub struct GroupPart<'a> {
    pub key: &'a str,
    pub records: u64,
    pub skipped: u64,
    pub accs: &'a [Acc],
    values: &'a [Cell],
}

impl GroupPart<'_> {
    /// The group's `per` values.
    pub fn values(&self) -> impl Iterator<Item = Value<'_>> + '_ {
        self.values.iter().map(|&cell| match cell {
            Cell::Text(s, e) => Value::Text(self.key.get(s as usize..e as usize).unwrap_or("")),
            Cell::Missing => Value::Missing,
            Cell::Bool(b) => Value::Bool(b),
            Cell::Num(n) => Value::Num(n),
            Cell::Date(d) => Value::Date(d),
            Cell::Enum(e) => Value::Enum(e),
        })
    }
}

impl ChunkGroups {
    /// Room for `groups` groups whose keys take `key_bytes` in all.
    fn with_capacity(width: usize, aggs: usize, groups: usize, key_bytes: usize) -> ChunkGroups {
        ChunkGroups {
            keys: String::with_capacity(key_bytes),
            values: Vec::with_capacity(groups * width),
            groups: Vec::with_capacity(groups),
            accs: Vec::with_capacity(groups * aggs),
            width,
            aggs,
        }
    }

    /// Adds a group with `key` and `values` (texts as ranges in `key`);
    /// returns its index.
    fn push(&mut self, key: &str, values: &[Cell]) -> usize {
        self.keys.push_str(key);
        self.values.extend_from_slice(values);
        self.groups.push(ChunkGroup {
            end: self.keys.len(),
            records: 0,
            skipped: 0,
        });
        self.accs
            .extend(std::iter::repeat_n(Acc::default(), self.aggs));
        self.groups.len() - 1
    }

    /// The groups, in the order of their first record.
    pub fn parts(&self) -> impl Iterator<Item = GroupPart<'_>> + '_ {
        let mut start = 0;
        self.groups.iter().enumerate().map(move |(i, g)| {
            let key = self.keys.get(start..g.end).unwrap_or("");
            start = g.end;
            GroupPart {
                key,
                records: g.records,
                skipped: g.skipped,
                accs: self
                    .accs
                    .get(i * self.aggs..(i + 1) * self.aggs)
                    .unwrap_or(&[]),
                values: (self.values)
                    .get(i * self.width..(i + 1) * self.width)
                    .unwrap_or(&[]),
            }
        })
    }
}

/// A chunk's keys of one `per` list, numbered in order of first use, with
/// their values: an open-addressing table over the key texts, cleared
/// (not freed) between chunks.
#[derive(Debug, Default)]
struct KeyDict {
    /// The keys one after another.
    texts: String,
    /// Per key: where its text ends, its hash, its slot in `slots`.
    keys: Vec<(usize, u64, usize)>,
    /// Per key, `width` values (texts as ranges in the key).
    values: Vec<Cell>,
    width: usize,
    /// Key number + 1, or 0 for a free slot; a power of two longer than
    /// the most keys a chunk can have.
    slots: Vec<u32>,
}

impl KeyDict {
    /// Forgets the keys, keeping the memory.
    fn clear(&mut self, width: usize) {
        for &(_, _, s) in &self.keys {
            if let Some(slot) = self.slots.get_mut(s) {
                *slot = 0;
            }
        }
        self.texts.clear();
        self.keys.clear();
        self.values.clear();
        self.width = width;
        let size = 2 * column::CAPACITY;
        if self.slots.len() != size {
            self.slots.clear();
            self.slots.resize(size, 0);
        }
    }

    /// The key `n`'s text and values.
    fn key(&self, n: u32) -> (&str, &[Cell]) {
        let n = n as usize;
        let start = match n.checked_sub(1).and_then(|p| self.keys.get(p)) {
            Some(&(end, _, _)) => end,
            None => 0,
        };
        let end = self.keys.get(n).map_or(start, |k| k.0);
        let text = self.texts.get(start..end).unwrap_or("");
        let values = (self.values)
            .get(n * self.width..(n + 1) * self.width)
            .unwrap_or(&[]);
        (text, values)
    }

    /// The number of `record`'s key for `per`, or `None` when a `per`
    /// field is missing. At most `slots.len() / 2` keys may be asked for
    /// between clears (one per run of a chunk).
    fn id(&mut self, per: &[u32], record: &Record) -> Option<u32> {
        let (start, at) = (self.texts.len(), self.values.len());
        if !key_of_record(per, record, &mut self.texts, &mut self.values) {
            self.texts.truncate(start);
            self.values.truncate(at);
            return None;
        }
        let key = self.texts.get(start..).unwrap_or("");
        let mut hasher = FxHasher::default();
        hasher.write(key.as_bytes());
        let hash = hasher.finish();
        let mask = self.slots.len().wrapping_sub(1);
        let mut s = hash as usize & mask;
        // The table is never more than half full: a free slot ends the probe.
        for _ in 0..self.slots.len() {
            match self.slots.get(s).copied() {
                Some(0) => {
                    let id = self.keys.len() as u32;
                    if let Some(slot) = self.slots.get_mut(s) {
                        *slot = id + 1;
                    }
                    self.keys.push((self.texts.len(), hash, s));
                    return Some(id);
                }
                Some(found) => {
                    let id = found - 1;
                    if self.keys.get(id as usize).map(|k| k.1) == Some(hash)
                        && self.key(id).0 == key
                    {
                        self.texts.truncate(start);
                        self.values.truncate(at);
                        return Some(id);
                    }
                }
                None => break,
            }
            s = (s + 1) & mask;
        }
        // Unreachable while the table is at most half full; a key past that
        // is left unnumbered rather than misnumbered.
        self.texts.truncate(start);
        self.values.truncate(at);
        None
    }
}

/// Writes a record's group key for `per` after `key` (its values joined
/// with U+001F: the text of [`super::group_key`]) and pushes its values
/// (texts as ranges in the key); false when a `per` field is missing.
fn key_of_record(per: &[u32], record: &Record, key: &mut String, values: &mut Vec<Cell>) -> bool {
    let start = key.len();
    let at = |key: &String| u32::try_from(key.len() - start).unwrap_or(u32::MAX);
    for (i, &f) in per.iter().enumerate() {
        if i > 0 {
            key.push('\u{1f}');
        }
        let cell = record
            .cells
            .get(f as usize)
            .copied()
            .unwrap_or(Cell::Missing);
        match cell_value(record, cell) {
            Value::Missing => return false,
            Value::Text(t) => {
                let s = at(key);
                key.push_str(t);
                values.push(Cell::Text(s, at(key)));
            }
            Value::Num(n) => {
                let _ = write!(key, "{n}");
                values.push(Cell::Num(n));
            }
            Value::Bool(b) => {
                let _ = write!(key, "{b}");
                values.push(Cell::Bool(b));
            }
            Value::Date(d) => {
                let _ = write!(key, "{d}");
                values.push(Cell::Date(d));
            }
            Value::Enum(e) => {
                let _ = write!(key, "#{e}");
                values.push(Cell::Enum(e));
            }
        }
    }
    true
}

/// One `per` list's keys in a chunk: runs of records with one key.
#[derive(Debug, Default)]
struct KeyRuns {
    /// (first record, end, key number), in record order; runs without a
    /// key (a `per` field missing) or without a wanted record are left out.
    runs: Vec<(usize, usize, u32)>,
    /// The records of the runs.
    keyed: Mask,
    dict: KeyDict,
}

impl KeyRuns {
    /// Cuts the wanted records into runs of records whose every `per` cell
    /// equals the record before's (`as_before`), and numbers each run's
    /// key.
    fn find(&mut self, per: &[u32], chunk: &[Record], as_before: &Mask, want: &Mask) {
        self.runs.clear();
        self.keyed = [0; WORDS];
        self.dict.clear(per.len());
        let len = chunk.len().min(column::CAPACITY);
        // A run starts at every record not as before (record 0 included).
        let mut starts: Mask = std::array::from_fn(|w| !as_before[w]);
        clear_from(&mut starts, len);
        let mut first = match next_bit(&starts, 0) {
            Some(n) => n,
            None => return,
        };
        while first < len {
            let end = next_bit(&starts, first + 1).unwrap_or(len);
            if column::count_in(want, first, end) > 0
                && let Some(record) = chunk.get(first)
                && let Some(id) = self.dict.id(per, record)
            {
                self.runs.push((first, end, id));
                set_range(&mut self.keyed, first, end);
            }
            first = end;
        }
    }
}

/// Clears the bits of records `from..`.
fn clear_from(m: &mut Mask, from: usize) {
    for (w, word) in m.iter_mut().enumerate() {
        let lo = w * 64;
        if from <= lo {
            *word = 0;
        } else if from < lo + 64 {
            *word &= (1u64 << (from - lo)) - 1;
        }
    }
}

/// Sets the bits of records `first..end`.
fn set_range(m: &mut Mask, first: usize, end: usize) {
    if first >= end {
        return;
    }
    for w in first / 64..=(end - 1) / 64 {
        let (lo, hi) = (first.max(w * 64) - w * 64, end.min(w * 64 + 64) - w * 64);
        let below_hi = if hi == 64 { u64::MAX } else { (1u64 << hi) - 1 };
        if let Some(word) = m.get_mut(w) {
            *word |= below_hi & (u64::MAX << lo);
        }
    }
}

/// The first set bit at or after `from`.
fn next_bit(m: &Mask, from: usize) -> Option<usize> {
    let mut w = from / 64;
    let mut word = m.get(w)? & (u64::MAX << (from % 64));
    loop {
        if word != 0 {
            return Some(w * 64 + word.trailing_zeros() as usize);
        }
        w += 1;
        word = *m.get(w)?;
    }
}

/// The records whose cell of field `f` writes the same key text as the
/// record before's: equal present cells (numbers bit for bit, texts by
/// bytes). Each cell is read once; texts (most `per` fields) take the
/// short path.
fn same_as_before(chunk: &[Record], f: u32) -> Mask {
    let mut mask = [0u64; WORDS];
    let f = f as usize;
    // The record before's text, or (when it was not a text) its cell.
    let mut before_text: Option<&[u8]> = None;
    let mut before = Cell::Missing;
    for (word, records) in mask.iter_mut().zip(chunk.chunks(64)) {
        let mut bits = 0u64;
        for (b, record) in records.iter().enumerate() {
            let cell = record.cells.get(f).copied().unwrap_or(Cell::Missing);
            let same = if let Cell::Text(s, e) = cell {
                let text = record.text.as_bytes().get(s as usize..e as usize);
                let same = matches!((text, before_text), (Some(x), Some(y)) if same_bytes(x, y));
                before_text = text;
                before = Cell::Missing;
                same
            } else {
                let same = match (before, cell) {
                    (Cell::Num(p), Cell::Num(q)) => p.to_bits() == q.to_bits(),
                    (Cell::Enum(p), Cell::Enum(q)) => p == q,
                    (Cell::Bool(p), Cell::Bool(q)) => p == q,
                    (Cell::Date(p), Cell::Date(q)) => p == q,
                    _ => false,
                };
                before_text = None;
                before = cell;
                same
            };
            bits |= u64::from(same) << b;
        }
        *word = bits;
    }
    mask
}

/// Whether two byte strings are equal; from 8 to 16 bytes (most group key
/// cells) as their first and last eight bytes, without a call.
#[inline]
pub(crate) fn same_bytes(x: &[u8], y: &[u8]) -> bool {
    let len = x.len();
    if len != y.len() {
        return false;
    }
    if !(8..=16).contains(&len) {
        return x == y;
    }
    let word = |s: &[u8], at: usize| {
        s.get(at..at + 8)
            .and_then(|w| w.try_into().ok())
            .map_or(0, u64::from_ne_bytes)
    };
    word(x, 0) == word(y, 0) && word(x, len - 8) == word(y, len - 8)
}

/// What group folding keeps between chunks of one thread: every buffer,
/// emptied (not freed) for the next chunk.
#[derive(Debug, Default)]
pub(super) struct GroupScratch {
    /// Per group rule, its `where`.
    filters: Vec<Bits>,
    /// Per field of a `per` list: its "same as before" mask.
    same: Vec<(u32, Mask)>,
    /// Per `per` list: its runs and keys.
    lists: Vec<KeyRuns>,
    /// A rule's runs: (first record, end, group index).
    runs: Vec<(usize, usize, usize)>,
    /// Key number → group index in the rule's table.
    by_id: Vec<u32>,
    /// Per aggregate of a rule: the earlier (rule, aggregate) equal to it.
    twins: Vec<Option<(usize, usize)>>,
    /// Per (rule, aggregate) folded in this chunk: the records whose value
    /// was missing.
    missing: Vec<(usize, usize, Mask)>,
}

/// What the aggregates of one rule fold over.
struct Folding<'a> {
    chunk: &'a [Record],
    conds: &'a ChunkConds,
    /// The records the rule folds.
    folded: &'a Mask,
    /// (first record, end, group index) in record order.
    runs: &'a [(usize, usize, usize)],
    /// The rule's index in `code.group`.
    rule: usize,
    /// Per aggregate: the earlier (rule, aggregate) it equals.
    twins: &'a [Option<(usize, usize)>],
    /// The earlier rules' tables.
    tables: &'a [ChunkGroups],
}

/// No group yet for a key number.
const NO_GROUP: u32 = u32::MAX;

/// Folds a chunk's records into its group rules' tables (one per rule,
/// in `code.group` order): each rule takes the runs of its `per` list that
/// hold records its `where` admits, then each aggregate adds the records
/// its own `where` admits, one aggregate at a time. Returns the records
/// skipped (a `where` or a `per` field missing).
#[inline(never)]
pub(super) fn group_folds(
    pack: &Pack,
    code: &TypeCode,
    chunk: &[Record],
    conds: &ChunkConds,
    s: &mut GroupScratch,
    tables: &mut Vec<ChunkGroups>,
) -> u64 {
    let chunk = &chunk[..chunk.len().min(column::CAPACITY)];
    let valid = conds.valid;
    let mut skipped_records = 0;
    s.filters.clear();
    s.filters
        .extend(code.group.iter().map(|gc| match gc.filter {
            Some(c) => conds.cols.get(c as usize).copied().unwrap_or(Bits::NONE),
            None => Bits::all(&valid),
        }));
    s.same.clear();
    for &f in code.pers.iter().flatten() {
        if !s.same.iter().any(|(g, _)| *g == f) {
            s.same.push((f, same_as_before(chunk, f)));
        }
    }
    s.lists.resize_with(code.pers.len(), KeyRuns::default);
    for (k, per) in code.pers.iter().enumerate() {
        let Some(list) = s.lists.get_mut(k) else {
            continue;
        };
        let mut want = [0u64; WORDS];
        for (gc, f) in code.group.iter().zip(&s.filters) {
            if gc.per as usize == k {
                for (w, y) in want.iter_mut().zip(&f.yes) {
                    *w |= y;
                }
            }
        }
        if per.is_empty() {
            // `overall`: one run of every record, one empty key.
            list.runs.clear();
            list.dict.clear(0);
            list.keyed = valid;
            if !chunk.is_empty() {
                list.runs.push((0, chunk.len(), 0));
            }
            continue;
        }
        let mut as_before = valid;
        for &f in per {
            if let Some((_, mask)) = s.same.iter().find(|(g, _)| *g == f) {
                as_before = column::and(&as_before, mask);
            }
        }
        list.find(per, chunk, &as_before, &want);
    }
    tables.clear();
    s.missing.clear();
    for (j, (gc, filter)) in code.group.iter().zip(&s.filters).enumerate() {
        let rule = &pack.rules[gc.rule as usize];
        let per_len = match &rule.scope {
            crate::model::RuleScope::Per(per) => per.len(),
            _ => 0,
        };
        let aggs = rule.aggregates.len();
        skipped_records += column::count(&column::and_not(&valid, &filter.known));
        let Some(list) = s.lists.get(gc.per as usize) else {
            tables.push(ChunkGroups::with_capacity(per_len, aggs, 0, 0));
            continue;
        };
        skipped_records += column::count(&column::and_not(&filter.yes, &list.keyed));
        let folded = column::and(&filter.yes, &list.keyed);
        if column::is_empty(&folded) {
            tables.push(ChunkGroups::with_capacity(per_len, aggs, 0, 0));
            continue;
        }
        // At most one group per key of the list.
        let keys = list.dict.keys.len().max(1);
        let mut table = ChunkGroups::with_capacity(per_len, aggs, keys, list.dict.texts.len());
        s.by_id.clear();
        s.by_id.resize(list.dict.keys.len().max(1), NO_GROUP);
        s.runs.clear();
        for &(first, end, id) in &list.runs {
            let records = column::count_in(&folded, first, end);
            if records == 0 {
                continue;
            }
            let Some(g) = s.by_id.get_mut(id as usize) else {
                continue;
            };
            if *g == NO_GROUP {
                let (key, values) = list.dict.key(id);
                *g = table.push(key, values) as u32;
            }
            let g = *g as usize;
            if let Some(group) = table.groups.get_mut(g) {
                group.records += records;
            }
            s.runs.push((first, end, g));
        }
        // An aggregate equal to one of an earlier rule with the same
        // `per` list and `where` (so the same groups, in the same order)
        // takes that rule's accumulators instead of adding again.
        s.twins.clear();
        s.twins.extend(gc.aggs.iter().map(|agg| {
            let earlier = code.group.get(..j).unwrap_or(&[]).iter().enumerate().rev();
            earlier
                .filter(|(_, o)| o.per == gc.per && o.filter == gc.filter)
                .find_map(|(i, o)| o.aggs.iter().position(|b| b == agg).map(|b| (i, b)))
        }));
        let folding = Folding {
            chunk,
            conds,
            folded: &folded,
            runs: &s.runs,
            rule: j,
            twins: &s.twins,
            tables,
        };
        fold_aggregates(&gc.aggs, &folding, &mut s.missing, &mut table);
        tables.push(table);
    }
    skipped_records
}

/// Adds each run's records to its group's aggregates, an aggregate at a
/// time (or copies an equal aggregate's accumulators), and counts the
/// records whose aggregated value (or weight) is missing.
fn fold_aggregates(
    aggs: &[AggCode],
    at: &Folding<'_>,
    missing: &mut Vec<(usize, usize, Mask)>,
    table: &mut ChunkGroups,
) {
    let (chunk, runs) = (at.chunk, at.runs);
    let width = table.aggs;
    let mut skipped = [0u64; WORDS];
    for (a, agg) in aggs.iter().enumerate() {
        if let Some(&Some((i, b))) = at.twins.get(a)
            && let Some(twin) = at.tables.get(i)
        {
            for g in 0..table.groups.len() {
                let acc = twin.accs.get(g * twin.aggs + b).copied();
                if let (Some(acc), Some(to)) = (acc, table.accs.get_mut(g * width + a)) {
                    *to = acc;
                }
            }
            let lost = (missing.iter())
                .find(|m| (m.0, m.1) == (i, b))
                .map_or([0; WORDS], |m| m.2);
            skipped = std::array::from_fn(|w| skipped[w] | lost[w]);
            missing.push((at.rule, a, lost));
            continue;
        }
        let mut lost = [0u64; WORDS];
        let admitted = match agg.filter {
            Some(c) => match at.conds.cols.get(c as usize) {
                Some(bits) => column::and(at.folded, &bits.yes),
                None => [0; WORDS],
            },
            None => *at.folded,
        };
        // A number field without a weight is read straight from the cell.
        let field = match (&agg.arg, &agg.weight) {
            (Some(Arg::Num(Num::Field(f))), None) => Some(*f),
            _ => None,
        };
        let value = |record: &Record| -> Option<(f64, f64)> {
            if let Some(f) = field {
                return match record.cells.get(f as usize) {
                    Some(&Cell::Num(x)) => Some((x, 1.0)),
                    _ => None,
                };
            }
            let cx = Cx::new(record);
            let weight = match &agg.weight {
                None => Some(1.0),
                Some(w) => w.eval(&cx),
            };
            agg.arg.as_ref()?.eval(&cx).zip(weight)
        };
        for &(first, end, g) in runs {
            let Some(acc) = table.accs.get_mut(g * width + a) else {
                continue;
            };
            acc.count += column::count_in(&admitted, first, end);
            if agg.arg.is_none() {
                continue;
            }
            if let (Some(f), AggFn::Sum | AggFn::Avg) = (field, agg.func) {
                sum_field(chunk, f, &admitted, (first, end), acc, &mut lost);
                continue;
            }
            for n in column::records_in(&admitted, first, end) {
                let Some(record) = chunk.get(n) else { break };
                match value(record) {
                    Some((x, w)) => acc.add_for(agg.func, x, w),
                    None => lost[n / 64] |= 1 << (n % 64),
                }
            }
        }
        skipped = std::array::from_fn(|w| skipped[w] | lost[w]);
        missing.push((at.rule, a, lost));
    }
    for &(first, end, g) in runs {
        if let Some(group) = table.groups.get_mut(g) {
            group.skipped += column::count_in(&skipped, first, end);
        }
    }
}

/// Adds number field `f` of the admitted records among `first..end` to a
/// `sum` or `avg` (what [`Acc::add_for`] does for them, in record order),
/// marking records whose cell is not a number as skipped.
#[inline]
fn sum_field(
    chunk: &[Record],
    f: u32,
    admitted: &Mask,
    (first, end): (usize, usize),
    acc: &mut Acc,
    skipped: &mut Mask,
) {
    if first >= end {
        return;
    }
    let (mut n, mut sum) = (acc.n, acc.sum);
    for w in first / 64..=(end - 1) / 64 {
        let mut bits = column::word_in(admitted, w, first, end);
        let block = chunk.get(w * 64..).unwrap_or(&[]);
        while bits != 0 {
            let b = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            match block.get(b).and_then(|r| r.cells.get(f as usize)) {
                Some(&Cell::Num(x)) => {
                    n += 1;
                    sum += x;
                }
                _ => {
                    if let Some(s) = skipped.get_mut(w) {
                        *s |= 1 << b;
                    }
                }
            }
        }
    }
    acc.n = n;
    acc.sum = sum;
}

#[cfg(test)]
#[path = "group_tests.rs"]
mod tests;
