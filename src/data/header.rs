//! Matching a file's header row to a record type (DATA.md "Matching a file
//! to a record type").

use std::collections::HashMap;

use crate::data::fold::{fold, fold_into};
use crate::model::Pack;

/// Which column feeds which field, for a file (or sheet) of one record type.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub record_type: u32,
    /// Per field: the index of its column in the header, if it has one.
    pub field_column: Vec<Option<usize>>,
    /// Header columns that name no field.
    pub unknown: Vec<usize>,
    /// Header columns naming a field an earlier column already named:
    /// (column index, field index). The first column is the one read.
    pub duplicates: Vec<(usize, u32)>,
}

/// What matching a header gave.
#[derive(Clone, Debug, PartialEq)]
pub enum HeaderMatch {
    Matched(Layout),
    /// No record type fits; the closest one and the required columns it
    /// lacks (each by its first `column` header, or its name).
    NoMatch {
        closest: Option<u32>,
        lacking: Vec<String>,
    },
}

/// Folded spellings of every record type's fields, built once per run.
#[derive(Debug)]
pub struct Matcher {
    /// Per record type: folded name or `column` header → field index.
    types: Vec<HashMap<String, u32>>,
}

impl Matcher {
    pub fn new(pack: &Pack) -> Matcher {
        let types = pack
            .records
            .iter()
            .map(|rt| {
                let mut map = HashMap::new();
                for (i, f) in rt.fields.iter().enumerate() {
                    for s in std::iter::once(&f.name).chain(&f.columns) {
                        map.entry(fold(s)).or_insert(i as u32);
                    }
                }
                map
            })
            .collect();
        Matcher { types }
    }

    /// The field of `record_type` a header (as written) names, if any.
    pub fn field_of(&self, record_type: u32, header: &str) -> Option<u32> {
        self.types
            .get(record_type as usize)?
            .get(&fold(header))
            .copied()
    }

    /// Matches `headers` (as written) against the pack's record types, or
    /// only against `forced` (`--type`).
    pub fn match_header(&self, pack: &Pack, headers: &[&str], forced: Option<u32>) -> HeaderMatch {
        let mut folded = String::new();
        let folded_headers: Vec<String> = headers
            .iter()
            .map(|h| {
                fold_into(h, &mut folded);
                folded.clone()
            })
            .collect();
        let mut best: Option<(Layout, usize)> = None;
        let mut closest: Option<(u32, usize, Vec<String>)> = None;
        for (t, map) in self.types.iter().enumerate() {
            if forced.is_some_and(|f| f as usize != t) {
                continue;
            }
            let Some(rt) = pack.records.get(t) else {
                continue;
            };
            let layout = layout_for(t as u32, map, rt.fields.len(), &folded_headers);
            let matched = layout.field_column.iter().filter(|c| c.is_some()).count();
            let lacking: Vec<String> = rt
                .fields
                .iter()
                .zip(&layout.field_column)
                .filter(|(f, c)| f.required && c.is_none())
                .map(|(f, _)| f.columns.first().unwrap_or(&f.name).clone())
                .collect();
            let fits = if forced.is_some() {
                matched > 0
            } else {
                lacking.is_empty() && matched > 0
            };
            if fits {
                if best.as_ref().is_none_or(|(_, m)| matched > *m) {
                    best = Some((layout, matched));
                }
            } else if closest
                .as_ref()
                .is_none_or(|(_, m, l)| matched > *m || (matched == *m && lacking.len() < l.len()))
            {
                closest = Some((t as u32, matched, lacking));
            }
        }
        match (best, closest) {
            (Some((layout, _)), _) => HeaderMatch::Matched(layout),
            (None, Some((t, _, lacking))) => HeaderMatch::NoMatch {
                closest: Some(t),
                lacking,
            },
            (None, None) => HeaderMatch::NoMatch {
                closest: None,
                lacking: Vec::new(),
            },
        }
    }
}

fn layout_for(
    record_type: u32,
    map: &HashMap<String, u32>,
    fields: usize,
    headers: &[String],
) -> Layout {
    let mut layout = Layout {
        record_type,
        field_column: vec![None; fields],
        unknown: Vec::new(),
        duplicates: Vec::new(),
    };
    for (col, h) in headers.iter().enumerate() {
        match map.get(h) {
            Some(&f) => match layout.field_column.get_mut(f as usize) {
                Some(slot @ None) => *slot = Some(col),
                Some(Some(_)) => layout.duplicates.push((col, f)),
                None => {}
            },
            None => layout.unknown.push(col),
        }
    }
    layout
}
