//! Checked pack → run plan: which rules run on which record type, the
//! severity a failure has at `--as-of`, and the waivers by (rule, key), all
//! settled before the first record is read.

use std::collections::HashMap;

use crate::diag::Severity;
use crate::model::{Pack, RuleScope, TExpr, TExprKind};
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
    /// The distinct `where` clauses of these rules, each given as the first
    /// rule that has it: the engine decides each once per record, however
    /// many rules repeat it (`level in [...]` is in many).
    pub filters: Vec<u32>,
    /// The distinct `per` lists of the group rules (`overall`'s is empty),
    /// each given as the first rule that has it: a record's group key is
    /// made once per list, not once per rule.
    pub pers: Vec<u32>,
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
    /// Per rule: its `where` clause's index in its type's
    /// [`TypeRules::filters`].
    pub filter_slot: Vec<Option<u32>>,
    /// Per group rule: its `per` list's index in its type's
    /// [`TypeRules::pers`].
    pub per_slot: Vec<Option<u32>>,
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
        let mut filter_slot = vec![None; pack.rules.len()];
        let mut per_slot = vec![None; pack.rules.len()];
        for rules in &mut by_type {
            let all: Vec<u32> = rules.record.iter().chain(&rules.group).copied().collect();
            for r in all {
                let rule = &pack.rules[r as usize];
                if let Some(filter) = &rule.filter {
                    let slot = rules.filters.iter().position(|&o| {
                        pack.rules[o as usize]
                            .filter
                            .as_ref()
                            .is_some_and(|f| same(f, filter))
                    });
                    filter_slot[r as usize] = Some(slot.unwrap_or_else(|| {
                        rules.filters.push(r);
                        rules.filters.len() - 1
                    }) as u32);
                }
                let per: &[u32] = match &rule.scope {
                    RuleScope::Record => continue,
                    RuleScope::Per(per) => per,
                    RuleScope::Overall => &[],
                };
                let slot = rules
                    .pers
                    .iter()
                    .position(|&o| match &pack.rules[o as usize].scope {
                        RuleScope::Per(p) => p == per,
                        _ => per.is_empty(),
                    });
                per_slot[r as usize] = Some(slot.unwrap_or_else(|| {
                    rules.pers.push(r);
                    rules.pers.len() - 1
                }) as u32);
            }
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
            filter_slot,
            per_slot,
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

/// Whether two expressions are the same but for where they were written,
/// so that they always evaluate to the same value. Recursion follows the
/// expressions' nesting, which the parser bounds.
fn same(a: &TExpr, b: &TExpr) -> bool {
    let all =
        |x: &[TExpr], y: &[TExpr]| x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y));
    a.ty == b.ty
        && match (&a.kind, &b.kind) {
            (TExprKind::Lit(x), TExprKind::Lit(y)) => x == y,
            (TExprKind::Field(x), TExprKind::Field(y))
            | (TExprKind::Let(x), TExprKind::Let(y))
            | (TExprKind::Agg(x), TExprKind::Agg(y)) => x == y,
            (
                TExprKind::Chain { first, rest },
                TExprKind::Chain {
                    first: first2,
                    rest: rest2,
                },
            ) => {
                same(first, first2)
                    && rest.len() == rest2.len()
                    && rest
                        .iter()
                        .zip(rest2)
                        .all(|((o, x), (o2, y))| o == o2 && same(x, y))
            }
            (
                TExprKind::Compare { op, lhs, rhs },
                TExprKind::Compare {
                    op: op2,
                    lhs: lhs2,
                    rhs: rhs2,
                },
            ) => op == op2 && same(lhs, lhs2) && same(rhs, rhs2),
            (
                TExprKind::In {
                    lhs,
                    items,
                    negated,
                },
                TExprKind::In {
                    lhs: lhs2,
                    items: items2,
                    negated: negated2,
                },
            ) => negated == negated2 && same(lhs, lhs2) && all(items, items2),
            (TExprKind::Not(x), TExprKind::Not(y)) | (TExprKind::Neg(x), TExprKind::Neg(y)) => {
                same(x, y)
            }
            (
                TExprKind::If {
                    cond,
                    then,
                    otherwise,
                },
                TExprKind::If {
                    cond: cond2,
                    then: then2,
                    otherwise: otherwise2,
                },
            ) => same(cond, cond2) && same(then, then2) && same(otherwise, otherwise2),
            (
                TExprKind::Call { func, args },
                TExprKind::Call {
                    func: func2,
                    args: args2,
                },
            ) => func == func2 && all(args, args2),
            _ => false,
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
        let rules = &plan.by_type[0];
        let with_filter: Vec<u32> = (0..pack.rules.len() as u32)
            .filter(|&r| pack.rules[r as usize].record == 0)
            .filter(|&r| plan.filter_slot[r as usize].is_some())
            .collect();
        assert!(
            rules.filters.len() < with_filter.len(),
            "{} filters",
            rules.filters.len()
        );
        for &a in &with_filter {
            for &b in &with_filter {
                let shared = plan.filter_slot[a as usize] == plan.filter_slot[b as usize];
                let (ta, tb) = (where_text(&pack, a), where_text(&pack, b));
                assert_eq!(shared, ta == tb, "{ta:?} / {tb:?}");
            }
        }
        let group: Vec<&u32> = rules.group.iter().collect();
        assert!(
            rules.pers.len() < group.len(),
            "{} per lists",
            rules.pers.len()
        );
        for &&a in &group {
            for &&b in &group {
                let shared = plan.per_slot[a as usize] == plan.per_slot[b as usize];
                let per = |r: u32| match &pack.rules[r as usize].scope {
                    RuleScope::Per(p) => p.clone(),
                    _ => Vec::new(),
                };
                assert_eq!(shared, per(a) == per(b));
            }
        }
    }
}
