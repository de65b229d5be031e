//! Compiled conditions decided a chunk at a time: one bit per record for
//! "holds" and one for "decided" (not missing), 64 records to a word, so
//! that `and`/`or`/`not` are word operations and a rule's counts are bit
//! counts. Leaves (a bool field, a set of variants, `field op constant`)
//! read one field of each wanted record in a tight loop; shapes with no
//! column form run [`Bool::eval`] record by record. Every bit is what
//! [`Bool::eval`] gives for that record (tests below).

use crate::compile::code::{Bool, Num, TypeCode, Val, step, test};
use std::cell::RefCell;

use crate::syntax::ast::{BinOp, CompareOp};
use crate::value::{Cell, Record};

use super::code::{Cx, text_holds};
use super::group::same_bytes;

/// Records a chunk holds at most: 64 per word.
pub const CAPACITY: usize = WORDS * 64;

/// Words of bits per column.
pub const WORDS: usize = 16;

/// A condition over a chunk's records: bit n of word n / 64 is record n.
/// `yes` is set only where `known` is, and `known` only for wanted records.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bits {
    pub yes: [u64; WORDS],
    pub known: [u64; WORDS],
}

impl Bits {
    /// Nothing decided.
    pub const NONE: Bits = Bits {
        yes: [0; WORDS],
        known: [0; WORDS],
    };

    /// True for every record of `mask`.
    pub fn all(mask: &[u64; WORDS]) -> Bits {
        Bits {
            yes: *mask,
            known: *mask,
        }
    }

    /// Record n: `Some(true/false)`, or `None` when missing.
    pub fn get(&self, n: usize) -> Option<bool> {
        let (w, b) = (n / 64, n % 64);
        let known = self.known.get(w).is_some_and(|k| k >> b & 1 == 1);
        known.then(|| self.yes.get(w).is_some_and(|y| y >> b & 1 == 1))
    }
}

/// A mask of records.
pub type Mask = [u64; WORDS];

/// A three-valued `and` or `or` of parts, folded a part at a time: the
/// records it is true for so far, and those it is false for.
struct Kleene {
    trues: Mask,
    falses: Mask,
}

impl Kleene {
    /// An `and` over `records` before its first part: true for all.
    #[inline]
    fn and(records: &Mask) -> Kleene {
        Kleene {
            trues: *records,
            falses: [0; WORDS],
        }
    }

    /// An `or` over `records` before its first part: false for all.
    #[inline]
    fn or(records: &Mask) -> Kleene {
        Kleene {
            trues: [0; WORDS],
            falses: *records,
        }
    }

    /// Takes in one part of an `and`: false where it is false, true only
    /// where every part is true.
    #[inline]
    fn and_part(&mut self, x: &Bits) {
        for w in 0..WORDS {
            self.falses[w] |= x.known[w] & !x.yes[w];
            self.trues[w] &= x.yes[w];
        }
    }

    /// Takes in one part of an `or`: true where it is true, false only
    /// where every part is false.
    #[inline]
    fn or_part(&mut self, x: &Bits) {
        for w in 0..WORDS {
            self.trues[w] |= x.yes[w];
            self.falses[w] &= x.known[w] & !x.yes[w];
        }
    }

    /// Known where true or false; missing elsewhere.
    #[inline]
    fn bits(&self) -> Bits {
        Bits {
            yes: self.trues,
            known: std::array::from_fn(|w| self.trues[w] | self.falses[w]),
        }
    }
}

/// `a & !b`, word by word.
pub fn and_not(a: &Mask, b: &Mask) -> Mask {
    std::array::from_fn(|w| a[w] & !b[w])
}

/// `a & b`, word by word.
pub fn and(a: &Mask, b: &Mask) -> Mask {
    std::array::from_fn(|w| a[w] & b[w])
}

/// Records in a mask.
pub fn count(m: &Mask) -> u64 {
    m.iter().map(|w| u64::from(w.count_ones())).sum()
}

/// The bits of word `w` for records `first..end`.
#[inline]
pub fn word_in(m: &Mask, w: usize, first: usize, end: usize) -> u64 {
    let (lo, hi) = (first.max(w * 64) - w * 64, end.min(w * 64 + 64) - w * 64);
    if lo >= hi {
        return 0;
    }
    let below_hi = if hi == 64 { u64::MAX } else { (1u64 << hi) - 1 };
    m.get(w)
        .map_or(0, |&bits| bits & below_hi & (u64::MAX << lo))
}

/// Records of a mask among records `first..end`.
pub fn count_in(m: &Mask, first: usize, end: usize) -> u64 {
    if first >= end {
        return 0;
    }
    let (fw, lw) = (first / 64, (end - 1) / 64);
    let low = u64::MAX << (first % 64);
    let high = u64::MAX >> (63 - (end - 1) % 64);
    let word = |w: usize| m.get(w).copied().unwrap_or(0);
    if fw == lw {
        return u64::from((word(fw) & low & high).count_ones());
    }
    let inner: u64 = (fw + 1..lw).map(|w| u64::from(word(w).count_ones())).sum();
    u64::from((word(fw) & low).count_ones()) + inner + u64::from((word(lw) & high).count_ones())
}

/// The records of a mask among records `first..end`, in order.
pub fn records_in(m: &Mask, first: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
    let words = if first < end {
        first / 64..(end - 1) / 64 + 1
    } else {
        0..0
    };
    words.flat_map(move |w| {
        let mut left = word_in(m, w, first, end);
        std::iter::from_fn(move || {
            (left != 0).then(|| {
                let b = left.trailing_zeros() as usize;
                left &= left - 1;
                w * 64 + b
            })
        })
    })
}

/// Whether a mask holds no record.
pub fn is_empty(m: &Mask) -> bool {
    m.iter().all(|&w| w == 0)
}

/// The records of a mask, in order.
pub fn records(m: &Mask) -> impl Iterator<Item = usize> + '_ {
    m.iter().enumerate().flat_map(|(w, &word)| {
        let mut left = word;
        std::iter::from_fn(move || {
            (left != 0).then(|| {
                let b = left.trailing_zeros() as usize;
                left &= left - 1;
                w * 64 + b
            })
        })
    })
}

/// A number for each record of a chunk: known only for wanted records.
struct Nums {
    vals: Vec<f64>,
    known: Mask,
}

/// What a chunk's records decided of their record type's conditions.
#[derive(Debug, Default)]
pub struct ChunkConds {
    /// Every record of the chunk.
    pub valid: Mask,
    /// Per record, its words of table-decided bits ([`TypeCode::words`]
    /// each): what a condition evaluated record by record reads through
    /// [`Bool::Decided`]. Filled by the tables looked up record by record;
    /// the bits of tables decided by masks are added when first asked for
    /// ([`ChunkConds::rows`]).
    rows: RefCell<Vec<(u64, u64)>>,
    /// Whether `rows` holds every table's bits.
    rows_complete: std::cell::Cell<bool>,
    per_record: usize,
    /// Per field the tables read, each record's slot in them
    /// ([`crate::compile::code::CondTable::slot`]).
    slots: Vec<u32>,
    /// Each record's entry in the table being looked up.
    index: Vec<u32>,
    /// Per value ([`crate::compile::code::CondTable::slot`]) of each field
    /// that tables decided by masks read: the records whose cell has it.
    masks: Vec<Mask>,
    /// Those fields: (field, number of values, its first mask).
    mask_fields: Vec<(u32, u32, usize)>,
    /// The conditions decided by masks.
    masked: Vec<u32>,
    /// Buffers of number columns, for reuse (filling fresh ones costs).
    spare: RefCell<Vec<Vec<f64>>>,
    /// Per condition ([`TypeCode::conds`]): its column.
    pub cols: Vec<Bits>,
}

impl ChunkConds {
    /// Decides every condition of `code` for `records` (at most
    /// [`CAPACITY`]; later ones are left undecided): the tables (from the
    /// records of each field value, or record by record turned into
    /// columns), then the other conditions a column at a time.
    #[inline(never)]
    pub fn decide(&mut self, code: &TypeCode, records: &[Record]) {
        let records = &records[..records.len().min(CAPACITY)];
        let len = records.len();
        self.valid = std::array::from_fn(|w| match len.saturating_sub(w * 64) {
            0 => 0,
            n if n >= 64 => u64::MAX,
            n => (1u64 << n) - 1,
        });
        self.per_record = code.words();
        self.rows.get_mut().clear();
        self.rows_complete.set(true);
        self.cols.clear();
        self.cols.resize(code.conds.len(), Bits::NONE);
        if self.per_record == 0 {
            return;
        }
        if code.tables.iter().any(|t| !t.by_masks) {
            self.rows.get_mut().resize(len * self.per_record, (0, 0));
            self.decide_tables(code, records);
            self.transpose_rows();
        }
        if code.tables.iter().any(|t| t.by_masks) {
            self.decide_by_masks(code, records);
            self.rows_complete.set(false);
        }
        for &i in &code.single {
            let Some(c) = code.conds.get(i as usize) else {
                continue;
            };
            let bits = self.eval(c, records, &self.valid);
            if let Some(col) = self.cols.get_mut(i as usize) {
                *col = bits;
            }
        }
    }

    /// Turns the rows of 64 records into columns of 64 conditions.
    fn transpose_rows(&mut self) {
        let per_record = self.per_record;
        let rows = self.rows.get_mut();
        for w in 0..per_record {
            for (block, rows) in rows.chunks(64 * per_record).enumerate() {
                let (mut yes, mut known) = ([0u64; 64], [0u64; 64]);
                if per_record == 1 {
                    for ((y, n), &(a, b)) in yes.iter_mut().zip(&mut known).zip(rows) {
                        (*y, *n) = (a, b);
                    }
                } else {
                    for (k, row) in rows.chunks(per_record).enumerate().take(64) {
                        if let Some(&(y, n)) = row.get(w) {
                            yes[k] = y;
                            known[k] = n;
                        }
                    }
                }
                transpose(&mut yes, &mut known);
                let cols = self.cols.iter_mut().skip(w * 64).take(64);
                for (col, (&y, &n)) in cols.zip(yes.iter().zip(&known)) {
                    col.yes[block] = y;
                    col.known[block] = n;
                }
            }
        }
    }

    /// Decides the conditions of the tables marked [`CondTable::by_masks`]
    /// from the records of each value of their fields: one pass over the
    /// records sorts them by the values of every such field (the slot a
    /// table would read: a value outside the field's is missing), then
    /// each condition is word operations on those masks.
    fn decide_by_masks(&mut self, code: &TypeCode, records: &[Record]) {
        self.mask_fields.clear();
        let mut total = 0;
        for t in code.tables.iter().filter(|t| t.by_masks) {
            for &(f, size) in &t.fields {
                if !self.mask_fields.iter().any(|&(g, ..)| g == f) {
                    self.mask_fields.push((f, size, total));
                    total += size as usize;
                }
            }
        }
        self.masks.clear();
        self.masks.resize(total, [0; WORDS]);
        // Bool fields (three slots) a few at a time, in registers; the
        // others one at a time.
        let bools: Vec<(u32, u32, usize)> = (self.mask_fields.iter())
            .filter(|f| f.1 == 3)
            .copied()
            .collect();
        for group in bools.chunks(BOOLS_AT_ONCE) {
            let mut fields = [usize::MAX; BOOLS_AT_ONCE];
            for (to, &(f, ..)) in fields.iter_mut().zip(group) {
                *to = f as usize;
            }
            let found = bool_slots(records, fields);
            for (&(_, _, at), (one, two)) in group.iter().zip(found) {
                if let Some([missing, m1, m2]) = self.masks.get_mut(at..at + 3) {
                    *m1 = one;
                    *m2 = two;
                    *missing = std::array::from_fn(|w| self.valid[w] & !(one[w] | two[w]));
                }
            }
        }
        for &(f, size, at) in self.mask_fields.iter().filter(|f| f.1 != 3) {
            let Some(masks) = self.masks.get_mut(at..at + size as usize) else {
                continue;
            };
            put_slots(masks, records, f as usize);
        }
        self.masked.clear();
        for t in code.tables.iter().filter(|t| t.by_masks) {
            for &i in &t.conds {
                let Some(c) = code.conds.get(i as usize) else {
                    continue;
                };
                self.masked.push(i);
                let bits = self.by_masks(c);
                if let Some(col) = self.cols.get_mut(i as usize) {
                    *col = bits;
                }
            }
        }
    }

    /// The masks of a field's values (slot 0: missing), or none.
    fn masks_of(&self, f: u32) -> &[Mask] {
        match self.mask_fields.iter().find(|&&(g, ..)| g == f) {
            Some(&(_, size, at)) => self.masks.get(at..at + size as usize).unwrap_or(&[]),
            None => &[],
        }
    }

    /// A condition [`crate::compile::code::maskable`] over every record of
    /// the chunk, from the field value masks: what the table's entries
    /// give. Recursion follows the expression's nesting.
    fn by_masks(&self, c: &Bool) -> Bits {
        let valid = &self.valid;
        // The records with a value (slot ≥ 1).
        let present = |m: &[Mask]| match m.first() {
            Some(missing) => and_not(valid, missing),
            None => [0; WORDS],
        };
        let slot = |m: &[Mask], s: usize| m.get(s).copied().unwrap_or([0; WORDS]);
        match c {
            Bool::Const(None) => Bits::NONE,
            Bool::Const(Some(b)) => Bits {
                yes: if *b { *valid } else { [0; WORDS] },
                known: *valid,
            },
            // A bool field: slot 1 false, 2 true.
            Bool::Field(f) => {
                let m = self.masks_of(*f);
                let (no, yes) = (slot(m, 1), slot(m, 2));
                Bits {
                    yes,
                    known: std::array::from_fn(|w| no[w] | yes[w]),
                }
            }
            &Bool::Variants {
                field,
                set,
                negated,
            } => {
                let m = self.masks_of(field);
                let mut left = set;
                let mut inside = [0u64; WORDS];
                while left != 0 {
                    let v = left.trailing_zeros() as usize;
                    left &= left - 1;
                    if let Some(records) = m.get(1 + v) {
                        for (i, r) in inside.iter_mut().zip(records) {
                            *i |= r;
                        }
                    }
                }
                variants(present(m), inside, negated)
            }
            Bool::WideVariants {
                field,
                set,
                negated,
            } => {
                let m = self.masks_of(*field);
                let mut inside = [0u64; WORDS];
                for (v, records) in m.iter().skip(1).enumerate() {
                    let word = set.get(v / 64).copied().unwrap_or(0);
                    if word >> (v % 64) & 1 == 1 {
                        for (i, r) in inside.iter_mut().zip(records) {
                            *i |= r;
                        }
                    }
                }
                variants(present(m), inside, *negated)
            }
            Bool::Present(x, want) => {
                let Val::Field(f) = **x else {
                    return Bits::NONE;
                };
                let present = present(self.masks_of(f));
                Bits {
                    yes: if *want {
                        present
                    } else {
                        and_not(valid, &present)
                    },
                    known: *valid,
                }
            }
            Bool::Not(x) => {
                let x = self.by_masks(x);
                Bits {
                    yes: and_not(&x.known, &x.yes),
                    known: x.known,
                }
            }
            Bool::All(parts) => {
                let mut all = Kleene::and(valid);
                for p in parts {
                    all.and_part(&self.by_masks(p));
                }
                all.bits()
            }
            Bool::Any(parts) => {
                let mut any = Kleene::or(valid);
                for p in parts {
                    any.or_part(&self.by_masks(p));
                }
                any.bits()
            }
            Bool::Coalesce(parts) => {
                let mut out = Bits::NONE;
                for p in parts {
                    let x = self.by_masks(p);
                    for w in 0..WORDS {
                        let new = x.known[w] & !out.known[w];
                        out.yes[w] |= x.yes[w] & new;
                        out.known[w] |= new;
                    }
                }
                out
            }
            Bool::If(parts) => {
                let (c, then, otherwise) = &**parts;
                let (c, a, b) = (
                    self.by_masks(c),
                    self.by_masks(then),
                    self.by_masks(otherwise),
                );
                let no = and_not(&c.known, &c.yes);
                Bits {
                    yes: std::array::from_fn(|w| c.yes[w] & a.yes[w] | no[w] & b.yes[w]),
                    known: std::array::from_fn(|w| c.yes[w] & a.known[w] | no[w] & b.known[w]),
                }
            }
            // Not maskable: never in a table decided by masks.
            _ => Bits::NONE,
        }
    }

    /// Each record's words of table-decided bits, with the bits of the
    /// tables decided by masks added the first time they are asked for.
    fn rows(&self, len: usize) -> std::cell::Ref<'_, Vec<(u64, u64)>> {
        if !self.rows_complete.get() {
            let mut rows = self.rows.borrow_mut();
            rows.resize(len * self.per_record, (0, 0));
            let per_record = self.per_record;
            for &i in &self.masked {
                let Some(col) = self.cols.get(i as usize) else {
                    continue;
                };
                let (word, bit) = (i as usize / 64, 1u64 << (i % 64));
                for n in records(&col.known) {
                    if let Some(row) = rows.get_mut(n * per_record + word) {
                        row.1 |= bit;
                        if col.get(n) == Some(true) {
                            row.0 |= bit;
                        }
                    }
                }
            }
            self.rows_complete.set(true);
        }
        self.rows.borrow()
    }

    /// Looks every record's table conditions up into its row, a table at
    /// a time: each field a table reads is turned into its table slot
    /// ([`crate::compile::code::CondTable::slot`]) once per record, however many tables read it.
    fn decide_tables(&mut self, code: &TypeCode, records: &[Record]) {
        let len = records.len();
        let mut fields: Vec<(u32, u32)> = Vec::new();
        let tables = || code.tables.iter().filter(|t| !t.by_masks);
        for &(f, size) in tables().flat_map(|t| &t.fields) {
            if !fields.contains(&(f, size)) {
                fields.push((f, size));
            }
        }
        // Per field, each record's slot (0 for a cell outside the field's
        // values, as the table reads it).
        // Every slot below is written: the buffer only grows.
        let used = fields.len() * len;
        if self.slots.len() < used {
            self.slots.resize(used, 0);
        }
        let slots = self.slots.get_mut(..used).unwrap_or(&mut []);
        for (&(f, size), slots) in fields.iter().zip(slots.chunks_exact_mut(len.max(1))) {
            for (slot, r) in slots.iter_mut().zip(records) {
                let s = match r.cells.get(f as usize) {
                    Some(&Cell::Bool(b)) => 1 + u32::from(b),
                    Some(&Cell::Enum(v)) => v.saturating_add(1),
                    _ => 0,
                };
                *slot = if s < size { s } else { 0 };
            }
        }
        let per_record = self.per_record.max(1);
        for t in tables() {
            let slots_of = |field: &(u32, u32)| {
                let at = fields.iter().position(|g| g == field).unwrap_or(0) * len;
                self.slots.get(at..at + len).unwrap_or(&[])
            };
            let entries = &t.entries;
            let put = |row: &mut (u64, u64), i: u32| {
                if let Some(&(yes, known)) = entries.get(i as usize) {
                    row.0 |= yes;
                    row.1 |= known;
                }
            };
            // One word of bits per record (at most 64 conditions), and
            // tables of one to three fields (the usual): each record's
            // entry summed in line, without the index column.
            if per_record == 1 {
                let rows = self.rows.get_mut().iter_mut();
                match t.fields.as_slice() {
                    [a] => {
                        for (row, &x) in rows.zip(slots_of(a)) {
                            put(row, x);
                        }
                        continue;
                    }
                    [a, b] => {
                        let sb = a.1;
                        for ((row, &x), &y) in rows.zip(slots_of(a)).zip(slots_of(b)) {
                            put(row, x + y * sb);
                        }
                        continue;
                    }
                    [a, b, c] => {
                        let (sb, sc) = (a.1, a.1.saturating_mul(b.1));
                        let (xs, ys, zs) = (slots_of(a), slots_of(b), slots_of(c));
                        for (((row, &x), &y), &z) in rows.zip(xs).zip(ys).zip(zs) {
                            put(row, x + y * sb + z * sc);
                        }
                        continue;
                    }
                    _ => {}
                }
            }
            // Each record's entry: its fields' slots times their strides
            // (the first field varies fastest), a field at a time.
            if t.fields.is_empty() {
                self.index.clear();
                self.index.resize(len, 0);
            }
            let mut stride = 1u32;
            for (k, field) in t.fields.iter().enumerate() {
                let slots = slots_of(field);
                if k == 0 {
                    self.index.clear();
                    self.index.extend_from_slice(slots);
                } else {
                    for (i, &s) in self.index.iter_mut().zip(slots) {
                        *i += s * stride;
                    }
                }
                stride = stride.saturating_mul(field.1);
            }
            if per_record == 1 {
                for (row, &i) in self.rows.get_mut().iter_mut().zip(&self.index) {
                    put(row, i);
                }
                continue;
            }
            let rows = (self.rows.get_mut().iter_mut())
                .skip(t.word as usize)
                .step_by(per_record);
            for (row, &i) in rows.zip(&self.index) {
                put(row, i);
            }
        }
    }

    /// A condition over the `want`ed records of the chunk (bits of other
    /// records are left clear). It must read no lets; the conditions it
    /// reads ([`Bool::Decided`]) must be decided already. Recursion follows
    /// the expression's nesting, which the parser bounds.
    pub fn eval(&self, c: &Bool, records: &[Record], want: &Mask) -> Bits {
        match c {
            Bool::Const(None) => Bits::NONE,
            Bool::Const(Some(b)) => Bits {
                yes: if *b { *want } else { [0; WORDS] },
                known: *want,
            },
            Bool::Decided(i) => match self.cols.get(*i as usize) {
                Some(col) => Bits {
                    yes: and(&col.yes, want),
                    known: and(&col.known, want),
                },
                None => Bits::NONE,
            },
            Bool::Field(f) => leaf(records, want, *f, |_, cell| match cell {
                Cell::Bool(b) => Some(b),
                _ => None,
            }),
            &Bool::Variants {
                field,
                set,
                negated,
            } => leaf(records, want, field, |_, cell| match cell {
                Cell::Enum(v) => {
                    let bit = if v < 64 { set >> v & 1 } else { 0 };
                    Some((bit == 1) != negated)
                }
                _ => None,
            }),
            &Bool::FieldCmp { field, op, value } => {
                // The operator chosen once, not per record; NaN on either
                // side is missing (as `test_num`).
                let num = |holds: fn(f64, f64) -> bool| {
                    leaf(records, want, field, move |_, cell| match cell {
                        Cell::Num(n) if !n.is_nan() && !value.is_nan() => Some(holds(n, value)),
                        _ => None,
                    })
                };
                match op {
                    CompareOp::Eq => num(|a, b| a == b),
                    CompareOp::Ne => num(|a, b| a != b),
                    CompareOp::Lt => num(|a, b| a < b),
                    CompareOp::Le => num(|a, b| a <= b),
                    CompareOp::Gt => num(|a, b| a > b),
                    CompareOp::Ge => num(|a, b| a >= b),
                }
            }
            &Bool::DateCmp { field, op, value } => {
                leaf(records, want, field, |_, cell| match cell {
                    Cell::Date(d) => Some(test(op, d.cmp(&value))),
                    _ => None,
                })
            }
            Bool::Not(x) => {
                let x = self.eval(x, records, want);
                Bits {
                    yes: and_not(&x.known, &x.yes),
                    known: x.known,
                }
            }
            Bool::All(parts) => {
                // False where any part is false; true where all are true.
                // A part is asked only about records not yet false.
                let mut all = Kleene::and(want);
                for p in parts {
                    let ask = and_not(want, &all.falses);
                    if is_empty(&ask) {
                        break;
                    }
                    all.and_part(&self.eval(p, records, &ask));
                }
                all.bits()
            }
            Bool::Any(parts) => {
                let mut any = Kleene::or(want);
                for p in parts {
                    let ask = and_not(want, &any.trues);
                    if is_empty(&ask) {
                        break;
                    }
                    any.or_part(&self.eval(p, records, &ask));
                }
                any.bits()
            }
            Bool::Coalesce(parts) => {
                // The first part that is not missing.
                let mut out = Bits::NONE;
                for p in parts {
                    let ask = and_not(want, &out.known);
                    if is_empty(&ask) {
                        break;
                    }
                    let x = self.eval(p, records, &ask);
                    for w in 0..WORDS {
                        out.yes[w] |= x.yes[w];
                        out.known[w] |= x.known[w];
                    }
                }
                out
            }
            // `==`/`!=` a non-empty text: bytes against bytes (a cell's
            // bytes equal to a text are that text; an empty text is left to
            // `text_holds`, which reads a cell outside its text as "").
            Bool::TextCmp {
                field,
                op: op @ (CompareOp::Eq | CompareOp::Ne),
                value,
            } if !value.is_empty() => {
                let (value, eq) = (value.as_bytes(), *op == CompareOp::Eq);
                leaf(records, want, *field, |record, cell| match cell {
                    Cell::Text(s, e) => {
                        let text = record.text.as_bytes().get(s as usize..e as usize);
                        Some(text.is_some_and(|t| same_bytes(t, value)) == eq)
                    }
                    _ => None,
                })
            }
            Bool::TextCmp { field, op, value } => leaf(records, want, *field, |record, cell| {
                text_holds(record, cell, *op, value)
            }),
            // `present(field)` / `missing(field)`: never missing itself.
            Bool::Present(x, present) if matches!(**x, Val::Field(_)) => {
                let Val::Field(f) = **x else {
                    return self.one_by_one(c, records, want);
                };
                leaf(records, want, f, |_, cell| {
                    Some((cell != Cell::Missing) == *present)
                })
            }
            Bool::CmpNum { op, lhs, rhs } if Simple::of(lhs).zip(Simple::of(rhs)).is_some() => {
                let (Some(l), Some(r)) = (Simple::of(lhs), Simple::of(rhs)) else {
                    return self.one_by_one(c, records, want);
                };
                // The operator chosen once, not per record.
                match op {
                    CompareOp::Eq => compare_simple(records, want, l, r, |a, b| a == b),
                    CompareOp::Ne => compare_simple(records, want, l, r, |a, b| a != b),
                    CompareOp::Lt => compare_simple(records, want, l, r, |a, b| a < b),
                    CompareOp::Le => compare_simple(records, want, l, r, |a, b| a <= b),
                    CompareOp::Gt => compare_simple(records, want, l, r, |a, b| a > b),
                    CompareOp::Ge => compare_simple(records, want, l, r, |a, b| a >= b),
                }
            }
            Bool::CmpNum { op, lhs, rhs } => {
                let l = self.num(lhs, records, want);
                let r = self.num(rhs, records, &l.known);
                // The operator chosen once, not per record.
                let out = match op {
                    CompareOp::Eq => compare(&l, &r, |a, b| a == b),
                    CompareOp::Ne => compare(&l, &r, |a, b| a != b),
                    CompareOp::Lt => compare(&l, &r, |a, b| a < b),
                    CompareOp::Le => compare(&l, &r, |a, b| a <= b),
                    CompareOp::Gt => compare(&l, &r, |a, b| a > b),
                    CompareOp::Ge => compare(&l, &r, |a, b| a >= b),
                };
                self.give_back(l);
                self.give_back(r);
                out
            }
            _ => self.one_by_one(c, records, want),
        }
    }

    /// A buffer for a column of numbers (its values are left as they were:
    /// only known ones are read).
    fn spare_vals(&self, len: usize) -> Vec<f64> {
        let mut vals = self.spare.borrow_mut().pop().unwrap_or_default();
        vals.resize(len, 0.0);
        vals
    }

    /// Keeps a column's buffer for the next.
    fn give_back(&self, nums: Nums) {
        self.spare.borrow_mut().push(nums.vals);
    }

    /// A number over the `want`ed records of the chunk: fields, constants,
    /// negations and chains a column at a time, other shapes record by
    /// record ([`Num::eval`]). Recursion follows the expression's nesting.
    fn num(&self, x: &Num, records: &[Record], want: &Mask) -> Nums {
        let mut out = Nums {
            vals: self.spare_vals(records.len()),
            known: [0; WORDS],
        };
        match x {
            Num::Const(None) => {}
            Num::Const(Some(c)) => {
                out.vals.fill(*c);
                out.known = *want;
            }
            Num::Field(f) => {
                // A word of wanted records at a time, its known bits kept
                // in a register.
                for (w, &word) in want.iter().enumerate() {
                    let (mut known, mut left) = (0u64, word);
                    while left != 0 {
                        let b = left.trailing_zeros();
                        left &= left - 1;
                        let n = w * 64 + b as usize;
                        let (Some(record), Some(v)) = (records.get(n), out.vals.get_mut(n)) else {
                            break;
                        };
                        if let Some(&Cell::Num(x)) = record.cells.get(*f as usize) {
                            *v = x;
                            known |= 1 << b;
                        }
                    }
                    out.known[w] = known;
                }
            }
            Num::Neg(x) => {
                self.give_back(std::mem::replace(&mut out, self.num(x, records, want)));
                for v in &mut out.vals {
                    *v = -*v;
                }
            }
            Num::Chain(first, rest) => {
                self.give_back(std::mem::replace(&mut out, self.num(first, records, want)));
                for (op, x) in rest {
                    if *op == BinOp::Coalesce {
                        // Asked only where the chain is missing so far.
                        let x = self.num(x, records, &and_not(want, &out.known));
                        for n in self::records(&x.known) {
                            if let (Some(v), Some(&b)) = (out.vals.get_mut(n), x.vals.get(n)) {
                                *v = b;
                            }
                        }
                        for (k, b) in out.known.iter_mut().zip(&x.known) {
                            *k |= b;
                        }
                        self.give_back(x);
                        continue;
                    }
                    // Arithmetic: asked only where the chain is known so
                    // far; missing where either side is, or the result is
                    // not a number (as `step`).
                    let x = self.num(x, records, &out.known);
                    out.known = and(&out.known, &x.known);
                    for n in self::records(&x.known) {
                        let (Some(v), Some(&b)) = (out.vals.get_mut(n), x.vals.get(n)) else {
                            break;
                        };
                        match step(*op, Some(*v), || Some(b)) {
                            Some(r) => *v = r,
                            None => out.known[n / 64] &= !(1 << (n % 64)),
                        }
                    }
                    self.give_back(x);
                }
            }
            _ => {
                let rows = self.rows(records.len());
                for n in self::records(want) {
                    let (Some(record), Some(v)) = (records.get(n), out.vals.get_mut(n)) else {
                        break;
                    };
                    let at = n * self.per_record;
                    let cx = Cx {
                        record,
                        lets: &[],
                        decided: rows.get(at..at + self.per_record).unwrap_or(&[]),
                    };
                    if let Some(x) = x.eval(&cx) {
                        *v = x;
                        out.known[n / 64] |= 1 << (n % 64);
                    }
                }
            }
        }
        out
    }

    /// A condition with no column form, record by record.
    fn one_by_one(&self, c: &Bool, records: &[Record], want: &Mask) -> Bits {
        let mut out = Bits::NONE;
        let rows = self.rows(records.len());
        for n in self::records(want) {
            let Some(record) = records.get(n) else {
                break;
            };
            let at = n * self.per_record;
            let cx = Cx {
                record,
                lets: &[],
                decided: rows.get(at..at + self.per_record).unwrap_or(&[]),
            };
            if let Some(b) = c.eval(&cx) {
                out.known[n / 64] |= 1 << (n % 64);
                out.yes[n / 64] |= u64::from(b) << (n % 64);
            }
        }
        out
    }
}

/// Bool fields read in one pass over a chunk's records.
const BOOLS_AT_ONCE: usize = 4;

/// Per field of `fields` (`usize::MAX`: none), the records in its slot 1
/// and in its slot 2 (see [`crate::compile::code::CondTable::slot`]: false
/// and true, or the first two variants), a word of records at a time in
/// registers.
#[inline(never)]
fn bool_slots<const N: usize>(records: &[Record], fields: [usize; N]) -> [(Mask, Mask); N] {
    let mut out = [([0u64; WORDS], [0u64; WORDS]); N];
    for (w, block) in records.chunks(64).enumerate().take(WORDS) {
        let mut words = [(0u64, 0u64); N];
        for (b, record) in block.iter().enumerate() {
            let bit = 1u64 << b;
            for (k, &f) in fields.iter().enumerate() {
                let s = match record.cells.get(f) {
                    Some(&Cell::Bool(v)) => v,
                    Some(&Cell::Enum(v)) if v < 2 => v == 1,
                    _ => continue,
                };
                if s {
                    words[k].1 |= bit;
                } else {
                    words[k].0 |= bit;
                }
            }
        }
        for ((one, two), (x, y)) in out.iter_mut().zip(words) {
            one[w] = x;
            two[w] = y;
        }
    }
    out
}

/// Sorts the records by their slot for field `f` (see
/// [`crate::compile::code::CondTable::slot`]; a slot past the masks is
/// slot 0, missing): a record's bit is set in the mask of its slot.
#[inline(never)]
fn put_slots(masks: &mut [Mask], records: &[Record], f: usize) {
    let size = masks.len() as u32;
    for (w, block) in records.chunks(64).enumerate().take(WORDS) {
        for (b, record) in block.iter().enumerate() {
            let s = match record.cells.get(f) {
                Some(&Cell::Bool(v)) => 1 + u32::from(v),
                Some(&Cell::Enum(v)) => v.saturating_add(1),
                _ => 0,
            };
            let s = if s < size { s } else { 0 };
            if let Some(word) = masks.get_mut(s as usize).and_then(|m| m.get_mut(w)) {
                *word |= 1 << b;
            }
        }
    }
}

/// `x in set` (or `not in`, `negated`) from the records with a value
/// (`present`) and those whose value is in the set (`inside`).
fn variants(present: Mask, inside: Mask, negated: bool) -> Bits {
    Bits {
        yes: if negated {
            and_not(&present, &inside)
        } else {
            inside
        },
        known: present,
    }
}

/// A number read from a record in one step or two: a constant, a field, or
/// a field and a constant joined by one arithmetic operator (`8 *
/// student_pcs`), with the values [`ChunkConds::num`] gives it.
#[derive(Clone, Copy)]
enum Simple {
    Const(Option<f64>),
    Field(u32),
    ConstField(f64, BinOp, u32),
    FieldConst(u32, BinOp, f64),
}

impl Simple {
    fn of(n: &Num) -> Option<Simple> {
        let arithmetic =
            |op: &BinOp| matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div);
        Some(match n {
            Num::Const(c) => Simple::Const(*c),
            Num::Field(f) => Simple::Field(*f),
            Num::Chain(first, rest) => match (&**first, rest.as_slice()) {
                (Num::Const(Some(c)), [(op, Num::Field(f))]) if arithmetic(op) => {
                    Simple::ConstField(*c, *op, *f)
                }
                (Num::Field(f), [(op, Num::Const(Some(c)))]) if arithmetic(op) => {
                    Simple::FieldConst(*f, *op, *c)
                }
                _ => return None,
            },
            _ => return None,
        })
    }

    /// The number for one record: missing where a field is not a number
    /// or the arithmetic's result is not a number (as [`step`]).
    #[inline(always)]
    fn value(self, record: &Record) -> Option<f64> {
        let cell = |f: u32| match record.cells.get(f as usize) {
            Some(&Cell::Num(x)) => Some(x),
            _ => None,
        };
        match self {
            Simple::Const(c) => c,
            Simple::Field(f) => cell(f),
            Simple::ConstField(c, op, f) => step(op, Some(c), || cell(f)),
            Simple::FieldConst(f, op, c) => step(op, cell(f), || Some(c)),
        }
    }
}

/// Two [`Simple`] numbers compared for each wanted record, in one pass:
/// missing where either is missing or NaN (as `test_num`).
#[inline(always)]
fn compare_simple(
    records: &[Record],
    want: &Mask,
    l: Simple,
    r: Simple,
    holds: impl Fn(f64, f64) -> bool,
) -> Bits {
    each(records, want, |record| {
        let (x, y) = (l.value(record)?, r.value(record)?);
        (!x.is_nan() && !y.is_nan()).then(|| holds(x, y))
    })
}

/// Two number columns compared where the right one is known (it was asked
/// only where the left one is): missing where either side is NaN (as
/// `test_num`).
#[inline(always)]
fn compare(l: &Nums, r: &Nums, holds: impl Fn(f64, f64) -> bool) -> Bits {
    let mut out = Bits::NONE;
    for (w, &word) in r.known.iter().enumerate() {
        let (mut yes, mut known, mut left) = (0u64, 0u64, word);
        while left != 0 {
            let b = left.trailing_zeros();
            left &= left - 1;
            let n = w * 64 + b as usize;
            let (Some(&x), Some(&y)) = (l.vals.get(n), r.vals.get(n)) else {
                break;
            };
            if !x.is_nan() && !y.is_nan() {
                known |= 1 << b;
                yes |= u64::from(holds(x, y)) << b;
            }
        }
        out.yes[w] = yes;
        out.known[w] = known;
    }
    out
}

/// A condition on one field's cell, for each wanted record.
#[inline(always)]
fn leaf(
    records: &[Record],
    want: &Mask,
    field: u32,
    f: impl Fn(&Record, Cell) -> Option<bool>,
) -> Bits {
    each(records, want, |record| {
        let cell = record.cells.get(field as usize).copied();
        f(record, cell.unwrap_or(Cell::Missing))
    })
}

/// A condition on each wanted record, a word of records at a time with its
/// bits in registers.
#[inline(always)]
fn each(records: &[Record], want: &Mask, f: impl Fn(&Record) -> Option<bool>) -> Bits {
    let mut out = Bits::NONE;
    for (w, &word) in want.iter().enumerate() {
        let (mut yes, mut known, mut left) = (0u64, 0u64, word);
        let block = records.get(w * 64..).unwrap_or(&[]);
        while left != 0 {
            let b = left.trailing_zeros();
            left &= left - 1;
            let Some(record) = block.get(b as usize) else {
                break;
            };
            if let Some(x) = f(record) {
                known |= 1 << b;
                yes |= u64::from(x) << b;
            }
        }
        out.yes[w] = yes;
        out.known[w] = known;
    }
    out
}

/// Transposes two 64 × 64 bit matrices in one pass: bit c of row k becomes
/// bit k of row c (the recursive block swap of Hacker's Delight 7–3).
fn transpose(a: &mut [u64; 64], b: &mut [u64; 64]) {
    let mut j = 32;
    let mut m: u64 = 0x0000_0000_FFFF_FFFF;
    while j != 0 {
        let mut k = 0;
        while k < 64 {
            let t = ((a[k] >> j) ^ a[k + j]) & m;
            a[k] ^= t << j;
            a[k + j] ^= t;
            let u = ((b[k] >> j) ^ b[k + j]) & m;
            b[k] ^= u << j;
            b[k + j] ^= u;
            k = (k + j + 1) & !j;
        }
        j >>= 1;
        m ^= m << j;
    }
}

#[cfg(test)]
#[path = "column_tests.rs"]
pub(crate) mod tests;
