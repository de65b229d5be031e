//! Delivering records and findings in file order, in reused batches.

use std::any::Any;

use crate::data::rows::{PendingUnique, check_unique};
use crate::data::unique::ValueHash;
use crate::data::{Batch, DataFile, Uniques};
use crate::diag::Finding;
use crate::model::Pack;
use crate::value::Record;

/// Records per batch: four engine chunks, so both cores have work, and few
/// enough that the batches in flight keep memory flat (see run.rs `QUEUE`).
pub const BATCH_SIZE: usize = 4096;

/// How many `unique` values ahead of the one it checks [`RowsOut::deliver`]
/// prefetches the table slot of.
const AHEAD: usize = 16;

/// Collects records and findings into a [`Batch`] and hands it on when full
/// (or when the record type changes, or at the end). Record buffers are
/// reused from batch to batch.
pub struct Sink<'b> {
    batch: Batch,
    on_batch: &'b mut dyn FnMut(&DataFile, &mut Batch),
    /// What is known about the file so far, handed over with each batch.
    pub file: DataFile,
    /// Records delivered so far.
    pub records: u64,
    /// Records delivered as checked since the last hand-over.
    checked: usize,
}

impl<'b> Sink<'b> {
    pub fn new(file: DataFile, on_batch: &'b mut dyn FnMut(&DataFile, &mut Batch)) -> Sink<'b> {
        Sink {
            batch: Batch::default(),
            on_batch,
            file,
            records: 0,
            checked: 0,
        }
    }

    /// Records that follow are of type `t`.
    pub fn set_type(&mut self, t: u32) {
        if self.batch.record_type != t {
            if self.batch.len > 0 || !self.batch.checked.is_empty() {
                self.flush();
            }
            self.batch.record_type = t;
        }
    }

    /// A finding not tied to a delivered record (file-level, malformed row).
    pub fn finding(&mut self, f: Finding) {
        self.batch.findings.push(f);
    }

    /// Fills the next record with `fill`, which also appends that record's
    /// findings; `fill` returns whether the record is to be delivered.
    pub fn record(&mut self, fill: impl FnOnce(&mut Record, &mut Vec<Finding>) -> bool) {
        let Batch {
            records,
            len,
            findings,
            ..
        } = &mut self.batch;
        if *len == records.len() {
            records.push(Record::default());
        }
        if fill(&mut records[*len], findings) {
            *len += 1;
            self.records += 1;
            if *len >= BATCH_SIZE {
                self.flush();
            }
        }
    }

    /// Counts a record that was checked where it was read (its result is
    /// handed over by [`Sink::checked`] after its block's last record);
    /// `findings` appends the record's findings.
    pub fn counted(&mut self, findings: impl FnOnce(&mut Vec<Finding>)) {
        findings(&mut self.batch.findings);
        self.records += 1;
        self.checked += 1;
    }

    /// Hands on what checking the records [`Sink::counted`] since the last
    /// call returned; the batch goes when it holds enough of them.
    pub fn checked(&mut self, result: Box<dyn Any + Send>) {
        self.batch.checked.push(result);
        if self.checked >= BATCH_SIZE {
            self.flush();
        }
    }

    /// Hands over what is pending, if anything.
    pub fn flush(&mut self) {
        let batch = &self.batch;
        if batch.len > 0 || !batch.findings.is_empty() || !batch.checked.is_empty() {
            self.file.records = self.records;
            (self.on_batch)(&self.file, &mut self.batch);
            self.batch.len = 0;
            self.batch.findings.clear();
            self.batch.checked.clear();
            self.checked = 0;
        }
    }
}

/// Records and findings of a run of rows, filled apart from the [`Sink`]
/// (on another thread), to be handed to it in order by
/// [`RowsOut::deliver`]; buffers are reused.
#[derive(Debug, Default)]
pub struct RowsOut {
    /// Only the first `len` are filled.
    pub records: Vec<Record>,
    pub len: usize,
    /// The rows' findings in order: each record's own, and findings about
    /// rows that gave no record.
    pub findings: Vec<Finding>,
    /// Per record: its own findings, `findings[own.0..own.1]`, and the end
    /// of its pending values in `pending` (they start where the record
    /// before it ends).
    own: Vec<(usize, usize, usize)>,
    /// The records' `unique` values, in order, to check when delivering.
    pub pending: Vec<PendingUnique>,
    /// Per pending value: its hash, made here so that delivering, which
    /// runs on one thread for the whole file, only probes the table.
    hashes: Vec<Option<ValueHash>>,
    pub arena: String,
    /// What checking the records where they were read returned
    /// (`data::Precheck`), if they were: then they are not handed on.
    pub checked: Option<Box<dyn Any + Send>>,
}

impl RowsOut {
    /// Empties it for reuse, keeping its buffers.
    pub fn clear(&mut self) {
        self.len = 0;
        self.findings.clear();
        self.own.clear();
        self.pending.clear();
        self.hashes.clear();
        self.arena.clear();
        self.checked = None;
    }

    /// Fills the next record with `fill`, which appends its findings and
    /// pending `unique` values.
    pub fn record(
        &mut self,
        fill: impl FnOnce(&mut Record, &mut Vec<Finding>, &mut Vec<PendingUnique>, &mut String),
    ) {
        if self.len == self.records.len() {
            self.records.push(Record::default());
        }
        let first = self.findings.len();
        fill(
            &mut self.records[self.len],
            &mut self.findings,
            &mut self.pending,
            &mut self.arena,
        );
        let arena = self.arena.as_str();
        let new = &self.pending[self.hashes.len()..];
        self.hashes.extend(new.iter().map(|p| p.hash(arena)));
        self.own
            .push((first, self.findings.len(), self.pending.len()));
        self.len += 1;
    }

    /// Hands everything to `sink` in order, checking `unique` values
    /// against `uniques` now, in file order (`headers`: the header row of
    /// the filler that made them). Records checked where they were read
    /// ([`RowsOut::checked`]) are counted and their result handed on
    /// instead of them.
    pub fn deliver(
        &mut self,
        pack: &Pack,
        (record_type, headers): (u32, &[String]),
        uniques: &mut Uniques,
        sink: &mut Sink<'_>,
    ) {
        let checked = self.checked.take();
        // Cursors (an index and a draining iterator that move together)
        // rather than peeking iterators: peeking moves a whole `Finding`
        // in and out of the peek slot, three times per record.
        let mut findings = Cursor {
            next: 0,
            rest: self.findings.drain(..),
        };
        let mut values = Values {
            all: &self.pending,
            hashes: &self.hashes,
            arena: self.arena.as_str(),
            headers,
            next: 0,
        };
        for (rec, &(start, end, pending_end)) in self.records.iter_mut().zip(&self.own) {
            findings.until(start, &mut |f| sink.finding(f));
            let mut own = |out: &mut Vec<Finding>| {
                values.check(pack, record_type, pending_end, uniques, &mut findings, out);
                findings.until(end, &mut |f| out.push(f));
            };
            if checked.is_some() {
                sink.counted(own);
            } else {
                sink.record(|slot, out| {
                    std::mem::swap(slot, rec);
                    own(out);
                    true
                });
            }
        }
        findings.until(usize::MAX, &mut |f| sink.finding(f));
        drop(findings);
        if let Some(checked) = checked {
            sink.checked(checked);
        }
        self.clear();
    }
}

/// A run's pending `unique` values, checked record by record.
struct Values<'a> {
    all: &'a [PendingUnique],
    hashes: &'a [Option<ValueHash>],
    arena: &'a str,
    headers: &'a [String],
    /// The first value not checked yet.
    next: usize,
}

impl Values<'_> {
    /// Checks the values up to `end` against `uniques` (each after the
    /// run's findings that come before it), appending duplicates to `out`.
    fn check(
        &mut self,
        pack: &Pack,
        record_type: u32,
        end: usize,
        uniques: &mut Uniques,
        findings: &mut Cursor<'_>,
        out: &mut Vec<Finding>,
    ) {
        let (all, hashes) = (self.all, self.hashes);
        for k in self.next..end.min(all.len()) {
            let p = &all[k];
            let hash = hashes.get(k).copied().flatten();
            if let (Some(ahead), Some(Some(h))) = (all.get(k + AHEAD), hashes.get(k + AHEAD)) {
                uniques.prefetch(record_type, ahead.field, *h);
            }
            findings.until(p.insert_at, &mut |f| out.push(f));
            let texts = (self.arena, self.headers);
            if let Some(f) = check_unique(pack, record_type, (p, hash), texts, uniques) {
                out.push(f);
            }
        }
        self.next = end;
    }
}

/// A run's findings handed on in order.
struct Cursor<'a> {
    /// The index in the run's findings of the next one in `rest`.
    next: usize,
    rest: std::vec::Drain<'a, Finding>,
}

impl Cursor<'_> {
    /// Hands on the findings before index `stop`.
    fn until(&mut self, stop: usize, to: &mut dyn FnMut(Finding)) {
        while self.next < stop {
            let Some(f) = self.rest.next() else {
                self.next = usize::MAX;
                return;
            };
            self.next += 1;
            to(f);
        }
    }
}
