//! Counts per value of one field — the county — for reports that show each
//! rule's compliance rate by county (the HTML report's matrix).
//!
//! Only a reporter that asks for it pays for it: chunks then look up each
//! record's value once and count every record rule's verdict under it; the
//! run adds the chunks' tallies up (sums, so chunk order does not matter)
//! and counts `per` groups whose key includes the field when it closes.

use std::collections::HashMap;

use crate::data::fxhash::FxBuild;
use crate::diag::{Breakdown, Tally};
use crate::eval::Verdict;
use crate::eval::expr::Env;
use crate::eval::message::write_value;
use crate::model::{Pack, Rule, RuleScope, Type};
use crate::syntax::ast::Format;
use crate::value::OwnedValue;

/// Which field of each record type breaks the counts down.
pub(crate) struct BreakdownSpec {
    /// Per record type: the index of the field, if it has one.
    field_by_type: Vec<Option<u32>>,
}

impl BreakdownSpec {
    /// Breaks down by the fields named `name`, in every record type that
    /// has one.
    pub fn new(pack: &Pack, name: &str) -> BreakdownSpec {
        BreakdownSpec {
            field_by_type: pack
                .records
                .iter()
                .map(|rt| rt.field(name).map(|i| i as u32))
                .collect(),
        }
    }

    /// The breakdown field of a record type.
    pub fn field(&self, record_type: u32) -> Option<u32> {
        self.field_by_type
            .get(record_type as usize)
            .copied()
            .flatten()
    }

    /// Adds a finished group of a `per` rule whose key includes the field.
    pub fn add_group(
        &self,
        pack: &Pack,
        rule: (u32, &Rule),
        key: &[OwnedValue],
        verdict: Verdict,
        into: &mut Breakdown,
    ) {
        let (index, rule) = rule;
        let (Some(field), RuleScope::Per(per)) = (self.field(rule.record), &rule.scope) else {
            return;
        };
        let Some(value) = per
            .iter()
            .position(|&f| f == field)
            .and_then(|i| key.get(i))
        else {
            return;
        };
        let mut text = String::new();
        write_value(
            &mut text,
            pack,
            value.as_value(),
            field_type(pack, rule.record, field),
            Format::Plain,
        );
        let tally = into.tallies.entry((text, index)).or_default();
        count(tally, verdict);
    }
}

/// One chunk's counts: per value, its records and a tally per record rule
/// (in the plan's order of the record type's rules).
#[derive(Debug)]
pub(crate) struct ChunkTallies {
    /// The record type and its breakdown field.
    record_type: u32,
    field: u32,
    index: HashMap<String, usize, FxBuild>,
    values: Vec<(String, u64, Vec<Tally>)>,
    scratch: String,
}

impl ChunkTallies {
    /// Counts for a chunk of records of `record_type`, or `None` when the
    /// run is not broken down or the type has no breakdown field.
    pub fn new(spec: Option<&BreakdownSpec>, record_type: u32) -> Option<ChunkTallies> {
        let field = spec?.field(record_type)?;
        Some(ChunkTallies {
            record_type,
            field,
            index: HashMap::default(),
            values: Vec::new(),
            scratch: String::new(),
        })
    }

    /// Counts a record (its fields as `env` gives them) under its value of
    /// the field and returns the value's slot; `None` when it has no value.
    pub fn record(&mut self, pack: &Pack, env: &Env<'_, '_>, rules: usize) -> Option<usize> {
        let value = env.field(self.field);
        if value.is_missing() {
            return None;
        }
        self.scratch.clear();
        let ty = field_type(pack, self.record_type, self.field);
        write_value(&mut self.scratch, pack, value, ty, Format::Plain);
        let slot = match self.index.get(self.scratch.as_str()) {
            Some(&slot) => slot,
            None => {
                let slot = self.values.len();
                self.index.insert(self.scratch.clone(), slot);
                let text = self.scratch.clone();
                self.values.push((text, 0, vec![Tally::default(); rules]));
                slot
            }
        };
        self.values[slot].1 += 1;
        Some(slot)
    }

    /// Counts the verdict of the `position`-th record rule under a slot.
    pub fn verdict(&mut self, slot: usize, position: usize, verdict: Verdict) {
        if let Some(tally) = self.values[slot].2.get_mut(position) {
            count(tally, verdict);
        }
    }

    /// Adds this chunk's counts to the run's; `rules` maps positions to
    /// rule indexes.
    pub fn merge_into(self, rules: &[u32], into: &mut Breakdown) {
        let record_type = self.record_type;
        for (value, records, tallies) in self.values {
            for (&rule, tally) in rules.iter().zip(&tallies) {
                if tally.checks > 0 {
                    into.tallies
                        .entry((value.clone(), rule))
                        .or_default()
                        .add(*tally);
                }
            }
            *into.records.entry((value, record_type)).or_insert(0) += records;
        }
    }
}

fn count(tally: &mut Tally, verdict: Verdict) {
    match verdict {
        Verdict::Excluded | Verdict::Skipped => return,
        Verdict::Pass => tally.pass += 1,
        Verdict::Missing => tally.missing += 1,
        Verdict::Fail => {}
    }
    tally.checks += 1;
}

fn field_type(pack: &Pack, record_type: u32, field: u32) -> Type {
    pack.records
        .get(record_type as usize)
        .and_then(|rt| rt.fields.get(field as usize))
        .map_or(Type::Text, |f| f.ty)
}
