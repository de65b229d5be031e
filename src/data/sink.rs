//! Delivering records and findings in file order, in reused batches.

use crate::data::{Batch, DataFile};
use crate::diag::Finding;
use crate::value::Record;

/// Records per batch.
pub const BATCH_SIZE: usize = 1024;

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
}

impl<'b> Sink<'b> {
    pub fn new(file: DataFile, on_batch: &'b mut dyn FnMut(&DataFile, &mut Batch)) -> Sink<'b> {
        Sink {
            batch: Batch::default(),
            on_batch,
            file,
            records: 0,
        }
    }

    /// Records that follow are of type `t`.
    pub fn set_type(&mut self, t: u32) {
        if self.batch.record_type != t {
            if self.batch.len > 0 {
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

    /// Hands over what is pending, if anything.
    pub fn flush(&mut self) {
        if self.batch.len > 0 || !self.batch.findings.is_empty() {
            self.file.records = self.records;
            (self.on_batch)(&self.file, &mut self.batch);
            self.batch.len = 0;
            self.batch.findings.clear();
        }
    }
}
