//! Checked pack → run plan: which rules run on which record type, the
//! severity a failure has at `--as-of`, and the waivers by (rule, key), all
//! settled before the first record is read.

pub mod code;

use std::collections::HashMap;

use crate::diag::Severity;
use crate::model::{Pack, RuleScope};
use crate::value::Date;

/// `--select` / `--ignore` patterns: a rule id, an id prefix, or `tag:NAME`.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    fn matches(pattern: &str, id: &str, tags: &[String]) -> bool {
        match pattern.strip_prefix("tag:") {
            Some(tag) => tags.iter().any(|t| t == tag),
            None => id.starts_with(pattern),
        }
    }

    /// Whether a rule takes part in the run.
    pub fn includes(&self, id: &str, tags: &[String]) -> bool {
        (self.select.is_empty() || self.select.iter().any(|p| Self::matches(p, id, tags)))
            && !self.ignore.iter().any(|p| Self::matches(p, id, tags))
    }
}

/// The rules of one record type, each list in rule-id order.
#[derive(Clone, Debug, Default)]
pub struct TypeRules {
    pub record: Vec<u32>,
    /// `per` and `overall` rules.
    pub group: Vec<u32>,
    /// These rules compiled for evaluating records.
    pub code: code::TypeCode,
}

/// One key of one waiver, judged at `--as-of`.
#[derive(Clone, Debug)]
pub struct WaiverKey {
    /// Index into `Pack::waivers`.
    pub waiver: u32,
    pub key: String,
    /// On or before the waiver's `until` date.
    pub active: bool,
}

/// Everything about a run that does not depend on the data.
#[derive(Clone, Debug)]
pub struct Plan {
    pub as_of: Date,
    /// Indexed by record type.
    pub by_type: Vec<TypeRules>,
    /// Per rule: whether it runs.
    pub selected: Vec<bool>,
    /// Per rule: the severity of a failure at `as_of` (`info` up to `due`).
    pub fail_severity: Vec<Severity>,
    pub waiver_keys: Vec<WaiverKey>,
    /// Per rule: key → index into `waiver_keys`.
    waiver_index: Vec<HashMap<String, usize>>,
}

impl Plan {
    pub fn new(pack: &Pack, selection: &Selection, as_of: Date) -> Plan {
        let mut by_type = vec![TypeRules::default(); pack.records.len()];
        let mut selected = Vec::with_capacity(pack.rules.len());
        let mut fail_severity = Vec::with_capacity(pack.rules.len());
        for (i, rule) in pack.rules.iter().enumerate() {
            let on = selection.includes(&rule.id, &rule.tags);
            selected.push(on);
            fail_severity.push(match rule.due {
                Some(due) if as_of <= due => Severity::Info,
                _ => rule.severity,
            });
            if let (true, Some(rules)) = (on, by_type.get_mut(rule.record as usize)) {
                match rule.scope {
                    RuleScope::Record => rules.record.push(i as u32),
                    RuleScope::Per(_) | RuleScope::Overall => rules.group.push(i as u32),
                }
            }
        }
        for rules in &mut by_type {
            rules.code = code::TypeCode::new(pack, &rules.record, &rules.group);
        }
        let mut waiver_keys = Vec::new();
        let mut waiver_index = vec![HashMap::new(); pack.rules.len()];
        for (w, waiver) in pack.waivers.iter().enumerate() {
            let Some(index) = waiver_index
                .get_mut(waiver.rule as usize)
                .filter(|_| selected[waiver.rule as usize])
            else {
                continue;
            };
            for (key, _) in &waiver.keys {
                index.entry(key.clone()).or_insert(waiver_keys.len());
                waiver_keys.push(WaiverKey {
                    waiver: w as u32,
                    key: key.clone(),
                    active: as_of <= waiver.until,
                });
            }
        }
        Plan {
            as_of,
            by_type,
            selected,
            fail_severity,
            waiver_keys,
            waiver_index,
        }
    }

    /// The waiver key covering a failure of `rule` for subject `key`.
    pub fn waiver(&self, rule: u32, key: &str) -> Option<usize> {
        self.waiver_index.get(rule as usize)?.get(key).copied()
    }

    /// Whether any waiver names `rule`: its failures need their keys.
    pub fn has_waivers(&self, rule: u32) -> bool {
        self.waiver_index
            .get(rule as usize)
            .is_some_and(|index| !index.is_empty())
    }

    /// How many rules run.
    pub fn rule_count(&self) -> usize {
        self.selected.iter().filter(|&&s| s).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_by_id_prefix_and_tag() {
        let s = Selection {
            select: vec!["BOARD".into(), "tag:net".into()],
            ignore: vec!["BOARD-002".into()],
        };
        assert!(s.includes("BOARD-001", &[]));
        assert!(!s.includes("BOARD-002", &[]));
        assert!(s.includes("NET-001", &["net".into()]));
        assert!(!s.includes("PC-001", &["pc".into()]));
        assert!(Selection::default().includes("PC-001", &[]));
    }

    /// The source text of a rule's `where` clause.
    fn where_text(pack: &Pack, rule: u32) -> Option<&str> {
        let filter = pack.rules[rule as usize].filter.as_ref()?;
        let file = pack.sources.get(filter.span.file);
        file.text
            .get(filter.span.start as usize..filter.span.end as usize)
    }

    #[test]
    fn repeated_where_clauses_and_per_lists_share_a_slot() {
        let pack = crate::builtin::guigang().expect("the shipped pack loads");
        let plan = Plan::new(
            &pack,
            &Selection::default(),
            Date::from_ymd(2023, 1, 1).expect("a date"),
        );
        // Slots are per record type: the schools' (type 0) rules.
        let code = &plan.by_type[0].code;
        let filter = |r: u32| {
            (code.record.iter().find(|c| c.rule == r).map(|c| c.filter))
                .or_else(|| code.group.iter().find(|c| c.rule == r).map(|c| c.filter))
                .flatten()
        };
        let with_filter: Vec<u32> = (0..pack.rules.len() as u32)
            .filter(|&r| pack.rules[r as usize].record == 0)
            .filter(|&r| filter(r).is_some())
            .collect();
        assert!(with_filter.len() > 20);
        for &a in &with_filter {
            for &b in &with_filter {
                let shared = filter(a) == filter(b);
                let (ta, tb) = (where_text(&pack, a), where_text(&pack, b));
                assert_eq!(shared, ta == tb, "{ta:?} / {tb:?}");
            }
        }
        // The aggregates' `where` clauses are among the conditions too, and
        // most conditions are decided by table.
        let agg_filters = code.group.iter().flat_map(|g| &g.aggs);
        assert!(
            agg_filters
                .filter_map(|a| a.filter)
                .all(|c| c < code.conds.len() as u32)
        );
        assert!(code.single.len() * 2 < code.conds.len(), "{code:#?}");
        assert!(
            code.pers.len() < code.group.len(),
            "{} per lists",
            code.pers.len()
        );
        for a in &code.group {
            for b in &code.group {
                let per = |r: u32| match &pack.rules[r as usize].scope {
                    RuleScope::Per(p) => p.clone(),
                    _ => Vec::new(),
                };
                assert_eq!(a.per == b.per, per(a.rule) == per(b.rule));
            }
        }
    }
}
