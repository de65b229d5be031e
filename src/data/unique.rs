//! Cross-file memory of `unique`/`key` values (DATA.md `schema/duplicate`).

use std::collections::HashMap;

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

#[derive(Debug, Default)]
struct Seen {
    texts: HashMap<Box<str>, Location>,
    /// Numbers (by bits), dates, enums and bools, tagged.
    others: HashMap<(u8, u64), Location>,
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

    /// Whether `field` of `record_type` must be unique.
    pub fn is_unique(&self, record_type: u32, field: u32) -> bool {
        self.slot(record_type, field).is_some()
    }

    fn slot(&self, record_type: u32, field: u32) -> Option<&Seen> {
        self.seen
            .get(record_type as usize)?
            .get(field as usize)?
            .as_ref()
    }

    /// Records `value` at `at`; returns the earlier location if the value
    /// was seen before (the earlier one stays the reference). Missing values
    /// and non-unique fields are ignored.
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
        let other = match value {
            Value::Missing => return None,
            Value::Text(t) => {
                return match seen.texts.get(t) {
                    Some(first) => Some(first.clone()),
                    None => {
                        seen.texts.insert(t.into(), at.clone());
                        None
                    }
                };
            }
            Value::Num(n) => (0, (if n == 0.0 { 0.0 } else { n }).to_bits()),
            Value::Date(d) => (1, d.0 as i64 as u64),
            Value::Enum(e) => (2, u64::from(e)),
            Value::Bool(b) => (3, u64::from(b)),
        };
        match seen.others.get(&other) {
            Some(first) => Some(first.clone()),
            None => {
                seen.others.insert(other, at.clone());
                None
            }
        }
    }
}
