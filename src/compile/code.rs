//! Rule expressions compiled for evaluating one record at a time.
//!
//! A record rule's `where`, lets and requirement, and a group rule's
//! `where` and aggregate arguments, are compiled once per run into typed
//! code (`eval::code` runs it): a condition ([`Bool`]) yields true, false or
//! missing without building a [`Value`](crate::value::Value), a number
//! ([`Num`]) an `Option<f64>`; enum memberships are bit tests, `field op
//! constant` one comparison, and constant subexpressions are folded. Shapes
//! with no typed form here (text and date operations, most functions) stay
//! expressions and are evaluated by the tree walker ([`Val::Tree`]), so
//! every expression compiles and evaluates to exactly what the tree walker
//! gives, provided each cell holds its field's type (the readers'
//! guarantee).
//!
//! Compiling recurses along the expression's nesting, which the parser
//! bounds; chains (`a + b + …`, `p and q and …`) stay flat vectors.

use crate::model::{AggFn, Pack, RuleScope, ScalarFn, TExpr, TExprKind, Type};
use crate::syntax::ast::{BinOp, CompareOp};
use crate::value::{Cell, Date, OwnedValue};

/// A condition: true, false or missing.
#[derive(Clone, Debug, PartialEq)]
pub enum Bool {
    Const(Option<bool>),
    Field(u32),
    Let(u32),
    Not(Box<Bool>),
    /// `p and q and …`: false if any part is false, else missing if any
    /// is, else true.
    All(Vec<Bool>),
    /// `p or q or …`: true if any part is true, else missing if any is,
    /// else false.
    Any(Vec<Bool>),
    /// `p ?? q ?? …`: the first part that is not missing.
    Coalesce(Vec<Bool>),
    /// An enum field's membership in a set of variants, one bit each
    /// (`level in [..]`, `level == primary`, and their negations), for
    /// variants numbered below 64.
    Variants {
        field: u32,
        set: u64,
        negated: bool,
    },
    /// The same for any variant numbers.
    WideVariants {
        field: u32,
        set: Box<[u64]>,
        negated: bool,
    },
    /// `field op constant` on numbers.
    FieldCmp {
        field: u32,
        op: CompareOp,
        value: f64,
    },
    /// `field op date`.
    DateCmp {
        field: u32,
        op: CompareOp,
        value: Date,
    },
    /// `field op "text"`.
    TextCmp {
        field: u32,
        op: CompareOp,
        value: Box<str>,
    },
    /// A comparison of two numbers.
    CmpNum {
        op: CompareOp,
        lhs: Box<Num>,
        rhs: Box<Num>,
    },
    /// A comparison of two values of another type.
    Cmp {
        op: CompareOp,
        lhs: Box<Val>,
        rhs: Box<Val>,
    },
    /// `present(x)` (`true`) or `missing(x)` (`false`).
    Present(Box<Val>, bool),
    /// `if c then a else b`: condition, then, otherwise.
    If(Box<(Bool, Bool, Bool)>),
    /// Another of the record type's conditions ([`TypeCode::conds`]),
    /// decided by table before this one.
    Decided(u32),
    /// Any other boolean expression, by value.
    Val(Box<Val>),
}

/// A number (`int`, `number`, `percent`, a quantity), or missing.
#[derive(Clone, Debug, PartialEq)]
pub enum Num {
    Const(Option<f64>),
    Field(u32),
    Let(u32),
    /// `a op b op …` with `+ - * /` and `??`, left to right.
    Chain(Box<Num>, Vec<(BinOp, Num)>),
    Neg(Box<Num>),
    /// `if c then a else b`.
    If(Box<(Bool, Num, Num)>),
    /// Any other numeric expression, by value.
    Val(Box<Val>),
}

/// A value of any type.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Const(OwnedValue),
    Field(u32),
    Let(u32),
    Bool(Bool),
    Num(Num),
    /// An expression with no compiled form: the tree walker evaluates it.
    Tree(Box<TExpr>),
}

/// Compiles a condition.
pub fn bool(e: &TExpr) -> Bool {
    if e.ty != Type::Bool {
        return Bool::Val(Box::new(val(e)));
    }
    let tree = || Bool::Val(Box::new(Val::Tree(Box::new(e.clone()))));
    match &e.kind {
        TExprKind::Lit(v) => Bool::Const(match v {
            OwnedValue::Bool(b) => Some(*b),
            _ => None,
        }),
        TExprKind::Field(i) => Bool::Field(*i),
        TExprKind::Let(i) => Bool::Let(*i),
        TExprKind::Not(x) => match bool(x) {
            Bool::Const(c) => Bool::Const(c.map(|b| !b)),
            x => Bool::Not(Box::new(x)),
        },
        TExprKind::Chain { first, rest } => {
            let op = rest.first().map(|(op, _)| *op);
            if rest.iter().any(|(o, _)| Some(*o) != op) {
                return tree();
            }
            let parts = std::iter::once(&**first)
                .chain(rest.iter().map(|(_, x)| x))
                .map(bool);
            match op {
                None => bool(first),
                Some(BinOp::And) => all(parts),
                Some(BinOp::Or) => any(parts),
                Some(BinOp::Coalesce) => Bool::Coalesce(parts.collect()),
                Some(_) => tree(),
            }
        }
        TExprKind::Compare { op, lhs, rhs } => compare(*op, lhs, rhs),
        TExprKind::In {
            lhs,
            items,
            negated,
        } => {
            let variants = items.iter().map(|i| match &i.kind {
                TExprKind::Lit(OwnedValue::Enum(v)) => Some(*v),
                _ => None,
            });
            match (&lhs.kind, lhs.ty, variants.collect::<Option<Vec<u32>>>()) {
                (TExprKind::Field(f), Type::Enum(_), Some(vs)) => variant_set(*f, &vs, *negated),
                _ => tree(),
            }
        }
        TExprKind::If {
            cond,
            then,
            otherwise,
        } => Bool::If(Box::new((bool(cond), bool(then), bool(otherwise)))),
        TExprKind::Call { func, args } if args.len() == 1 => match func {
            ScalarFn::Present => Bool::Present(Box::new(val(&args[0])), true),
            ScalarFn::Missing => Bool::Present(Box::new(val(&args[0])), false),
            _ => tree(),
        },
        _ => tree(),
    }
}

/// `p and q and …`, without the parts that are always true; false when a
/// part is always false.
fn all(parts: impl Iterator<Item = Bool>) -> Bool {
    let mut kept = Vec::new();
    for p in parts {
        match p {
            Bool::Const(Some(true)) => {}
            Bool::Const(Some(false)) => return Bool::Const(Some(false)),
            p => kept.push(p),
        }
    }
    match kept.len() {
        0 => Bool::Const(Some(true)),
        1 => kept.pop().unwrap_or(Bool::Const(Some(true))),
        _ => Bool::All(kept),
    }
}

/// `p or q or …`, without the parts that are always false; true when a
/// part is always true.
fn any(parts: impl Iterator<Item = Bool>) -> Bool {
    let mut kept = Vec::new();
    for p in parts {
        match p {
            Bool::Const(Some(false)) => {}
            Bool::Const(Some(true)) => return Bool::Const(Some(true)),
            p => kept.push(p),
        }
    }
    match kept.len() {
        0 => Bool::Const(Some(false)),
        1 => kept.pop().unwrap_or(Bool::Const(Some(false))),
        _ => Bool::Any(kept),
    }
}

/// An enum field's membership in `variants`.
fn variant_set(field: u32, variants: &[u32], negated: bool) -> Bool {
    let words = variants.iter().max().map_or(0, |&m| m as usize / 64 + 1);
    let mut set = vec![0u64; words];
    for &v in variants {
        set[v as usize / 64] |= 1 << (v % 64);
    }
    match set[..] {
        [] => Bool::Variants {
            field,
            set: 0,
            negated,
        },
        [set] => Bool::Variants {
            field,
            set,
            negated,
        },
        _ => Bool::WideVariants {
            field,
            set: set.into_boxed_slice(),
            negated,
        },
    }
}

/// `lhs op rhs`.
fn compare(op: CompareOp, lhs: &TExpr, rhs: &TExpr) -> Bool {
    let numeric = |t: Type| t.is_numeric() || matches!(t, Type::Quantity(_));
    if numeric(lhs.ty) && numeric(rhs.ty) {
        return match (num(lhs), num(rhs)) {
            (Num::Const(a), Num::Const(b)) => Bool::Const(test_num(op, a, b)),
            (Num::Field(field), Num::Const(Some(value))) => Bool::FieldCmp { field, op, value },
            (Num::Const(Some(value)), Num::Field(field)) => Bool::FieldCmp {
                field,
                op: flipped(op),
                value,
            },
            (Num::Const(None), _) | (_, Num::Const(None)) => Bool::Const(None),
            (l, r) => Bool::CmpNum {
                op,
                lhs: Box::new(l),
                rhs: Box::new(r),
            },
        };
    }
    if let (TExprKind::Field(f), Type::Enum(_), TExprKind::Lit(OwnedValue::Enum(v))) =
        (&lhs.kind, lhs.ty, &rhs.kind)
        && matches!(op, CompareOp::Eq | CompareOp::Ne)
    {
        return variant_set(*f, &[*v], op == CompareOp::Ne);
    }
    let field_lit = match (&lhs.kind, &rhs.kind) {
        (TExprKind::Field(f), TExprKind::Lit(v)) => Some((*f, op, v)),
        (TExprKind::Lit(v), TExprKind::Field(f)) => Some((*f, flipped(op), v)),
        _ => None,
    };
    match field_lit {
        Some((field, op, OwnedValue::Date(d))) if lhs.ty == Type::Date && rhs.ty == Type::Date => {
            return Bool::DateCmp {
                field,
                op,
                value: *d,
            };
        }
        Some((field, op, OwnedValue::Text(t))) if lhs.ty == Type::Text && rhs.ty == Type::Text => {
            return Bool::TextCmp {
                field,
                op,
                value: t.as_str().into(),
            };
        }
        _ => {}
    }
    Bool::Cmp {
        op,
        lhs: Box::new(val(lhs)),
        rhs: Box::new(val(rhs)),
    }
}

/// `b op a` for `a op b`.
fn flipped(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Lt => CompareOp::Gt,
        CompareOp::Le => CompareOp::Ge,
        CompareOp::Gt => CompareOp::Lt,
        CompareOp::Ge => CompareOp::Le,
        op => op,
    }
}

/// `a op b` on numbers: missing when either is missing or NaN.
#[inline]
pub fn test_num(op: CompareOp, a: Option<f64>, b: Option<f64>) -> Option<bool> {
    let ord = a?.partial_cmp(&b?)?;
    Some(test(op, ord))
}

/// Whether `op` holds between two values in order `ord`.
#[inline]
pub fn test(op: CompareOp, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match op {
        CompareOp::Eq => ord == Equal,
        CompareOp::Ne => ord != Equal,
        CompareOp::Lt => ord == Less,
        CompareOp::Le => ord != Greater,
        CompareOp::Gt => ord == Greater,
        CompareOp::Ge => ord != Less,
    }
}

/// Compiles a number.
pub fn num(e: &TExpr) -> Num {
    if !(e.ty.is_numeric() || matches!(e.ty, Type::Quantity(_))) {
        return Num::Val(Box::new(val(e)));
    }
    let tree = || Num::Val(Box::new(Val::Tree(Box::new(e.clone()))));
    match &e.kind {
        TExprKind::Lit(v) => Num::Const(match v {
            OwnedValue::Num(n) => Some(*n),
            _ => None,
        }),
        TExprKind::Field(i) => Num::Field(*i),
        TExprKind::Let(i) => Num::Let(*i),
        TExprKind::Chain { first, rest } => {
            if rest
                .iter()
                .any(|(op, _)| matches!(op, BinOp::And | BinOp::Or))
            {
                return tree();
            }
            let first = num(first);
            let rest: Vec<(BinOp, Num)> = rest.iter().map(|(op, x)| (*op, num(x))).collect();
            let constant = |n: &Num| match n {
                Num::Const(c) => Some(*c),
                _ => None,
            };
            let values: Option<Vec<Option<f64>>> = rest.iter().map(|(_, x)| constant(x)).collect();
            match (constant(&first), values) {
                (Some(mut acc), Some(values)) => {
                    for ((op, _), x) in rest.iter().zip(values) {
                        acc = step(*op, acc, || x);
                    }
                    Num::Const(acc)
                }
                _ if rest.is_empty() => first,
                _ => Num::Chain(Box::new(first), rest),
            }
        }
        TExprKind::Neg(x) => match num(x) {
            Num::Const(c) => Num::Const(c.map(|n| -n)),
            x => Num::Neg(Box::new(x)),
        },
        TExprKind::If {
            cond,
            then,
            otherwise,
        } => Num::If(Box::new((bool(cond), num(then), num(otherwise)))),
        _ => tree(),
    }
}

/// One step of a numeric chain: `acc op x`, asking for `x` only when it can
/// change the result.
#[inline]
pub fn step(op: BinOp, acc: Option<f64>, x: impl FnOnce() -> Option<f64>) -> Option<f64> {
    let r = match op {
        BinOp::Coalesce => return acc.or_else(x),
        BinOp::Add => acc? + x()?,
        BinOp::Sub => acc? - x()?,
        BinOp::Mul => acc? * x()?,
        BinOp::Div => acc? / x()?,
        BinOp::And | BinOp::Or => return None,
    };
    (!r.is_nan()).then_some(r)
}

/// Compiles a value of any type.
pub fn val(e: &TExpr) -> Val {
    match &e.kind {
        TExprKind::Lit(v) => Val::Const(v.clone()),
        TExprKind::Field(i) => Val::Field(*i),
        TExprKind::Let(i) => Val::Let(*i),
        _ if e.ty == Type::Bool => Val::Bool(bool(e)),
        _ if e.ty.is_numeric() || matches!(e.ty, Type::Quantity(_)) => Val::Num(num(e)),
        _ => Val::Tree(Box::new(e.clone())),
    }
}

/// A record rule, compiled.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordCode {
    /// Index into `Pack::rules`.
    pub rule: u32,
    /// Its `where` clause: an index into [`TypeCode::conds`].
    pub filter: Option<u32>,
    pub lets: Vec<Val>,
    pub require: Bool,
}

/// A group rule's per-record work, compiled.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupCode {
    /// Index into `Pack::rules`.
    pub rule: u32,
    /// Its `where` clause: an index into [`TypeCode::conds`].
    pub filter: Option<u32>,
    /// Its `per` list: an index into [`TypeCode::pers`].
    pub per: u32,
    pub aggs: Vec<AggCode>,
}

/// One aggregate's per-record work.
#[derive(Clone, Debug, PartialEq)]
pub struct AggCode {
    pub func: AggFn,
    /// `where` inside the call: an index into [`TypeCode::conds`].
    pub filter: Option<u32>,
    /// The aggregated expression (none for `count`).
    pub arg: Option<Arg>,
    /// The weight of `cv(E, W)`.
    pub weight: Option<Num>,
}

/// An aggregated expression: a number, or a date (`min`/`max`).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Num(Num),
    Val(Val),
}

/// Some rules of one record type, compiled.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypeCode {
    /// The distinct conditions the rules test before anything else: their
    /// `where` clauses and their aggregates' (`sum(x where …)`). A record
    /// decides each once, however many rules repeat it.
    pub conds: Vec<Bool>,
    /// Conditions that read only enum and bool fields (a few), decided
    /// for every combination of their values ahead: a record looks its
    /// values up once per table.
    pub tables: Vec<CondTable>,
    /// The other conditions, decided one by one.
    pub single: Vec<u32>,
    /// The distinct `per` lists of the group rules (`overall`'s is empty):
    /// a record's group key is made once per list, not once per rule.
    pub pers: Vec<Vec<u32>>,
    /// The record rules, in the order given.
    pub record: Vec<RecordCode>,
    /// The group rules, in the order given.
    pub group: Vec<GroupCode>,
}

/// The conditions of one word (64 conditions) that read the same enum and
/// bool fields and nothing else, decided for each combination of values.
#[derive(Clone, Debug, PartialEq)]
pub struct CondTable {
    /// The fields, each with its number of values (missing, then each
    /// variant or false and true).
    pub fields: Vec<(u32, u32)>,
    /// Which word of the decided bits these conditions are in.
    pub word: u32,
    /// Per combination (the first field's [`CondTable::slot`] varying
    /// fastest): the conditions that hold and those that are decided (not
    /// missing), one bit each.
    pub entries: Vec<(u64, u64)>,
    /// The conditions the table decides (indices into [`TypeCode::conds`]).
    pub conds: Vec<u32>,
    /// Whether a chunk of records may decide them from the records of each
    /// of the fields' values (bool fields, variant sets, `present`, and
    /// `not`/`and`/`or`/`??`/`if` of those: [`maskable`]) instead of looking
    /// each record up: the same bits as the entries give.
    pub by_masks: bool,
}

/// The most combinations of values a condition table may have.
const MAX_ENTRIES: usize = 1024;

impl CondTable {
    /// The entry of a cell: 0 for missing, 1 + the number of a variant, 1 +
    /// 0/1 for false/true.
    #[inline]
    pub fn slot(cell: Cell) -> usize {
        match cell {
            Cell::Bool(b) => 1 + usize::from(b),
            Cell::Enum(v) => 1 + v as usize,
            _ => 0,
        }
    }
}

impl TypeCode {
    /// Compiles the record rules `record` and group rules `group` of one
    /// record type.
    pub fn new(pack: &Pack, record: &[u32], group: &[u32]) -> TypeCode {
        let mut code = TypeCode::default();
        let rule = |r: u32| &pack.rules[r as usize];
        for &r in record {
            let filter = rule(r).filter.as_ref().map(|f| code.cond(f));
            code.record.push(RecordCode {
                rule: r,
                filter,
                lets: rule(r).lets.iter().map(|l| val(&l.value)).collect(),
                require: bool(&rule(r).require),
            });
        }
        for &r in group {
            let filter = rule(r).filter.as_ref().map(|f| code.cond(f));
            let per: &[u32] = match &rule(r).scope {
                RuleScope::Per(per) => per,
                _ => &[],
            };
            let slot = code.pers.iter().position(|p| p == per).unwrap_or_else(|| {
                code.pers.push(per.to_vec());
                code.pers.len() - 1
            });
            let aggs = rule(r)
                .aggregates
                .iter()
                .map(|a| AggCode {
                    func: a.func,
                    filter: a.filter.as_ref().map(|f| code.cond(f)),
                    arg: a.arg.as_ref().map(|e| match e.ty {
                        Type::Date => Arg::Val(val(e)),
                        _ => Arg::Num(num(e)),
                    }),
                    weight: a.weight.as_ref().map(num),
                })
                .collect();
            code.group.push(GroupCode {
                rule: r,
                filter,
                per: slot as u32,
                aggs,
            });
        }
        code.plan_conds(
            pack,
            record.first().or(group.first()).map(|&r| rule(r).record),
        );
        code
    }

    /// The index of a condition, added if it is new.
    fn cond(&mut self, e: &TExpr) -> u32 {
        let c = bool(e);
        let i = self.conds.iter().position(|o| *o == c).unwrap_or_else(|| {
            self.conds.push(c);
            self.conds.len() - 1
        });
        i as u32
    }

    /// Sorts the conditions into tables and single ones.
    fn plan_conds(&mut self, pack: &Pack, record_type: Option<u32>) {
        let fields = record_type
            .and_then(|t| pack.records.get(t as usize))
            .map_or(&[][..], |t| &t.fields[..]);
        // The values a field can hold: missing, then each variant or bool.
        let values = |f: u32| -> Option<Vec<Cell>> {
            let mut all = vec![Cell::Missing];
            match fields.get(f as usize)?.ty {
                Type::Bool => all.extend([Cell::Bool(false), Cell::Bool(true)]),
                Type::Enum(e) => {
                    let n = pack.enums.get(e as usize)?.variants.len() as u32;
                    all.extend((0..n).map(Cell::Enum));
                }
                _ => return None,
            }
            Some(all)
        };
        // First the conditions of a word that read only enum and bool fields
        // go into groups whose fields have few enough combinations, each
        // joining the group it grows least; then each group becomes a table.
        let size = |fs: &[u32]| -> usize {
            fs.iter()
                .map(|&f| values(f).map_or(usize::MAX, |v| v.len()))
                .fold(1, usize::saturating_mul)
        };
        let tabulable =
            |c: &Bool| fields_read(c).is_some_and(|f| !f.is_empty() && size(&f) <= MAX_ENTRIES);
        // A condition that cannot go into a table whole may have `and`/`or`
        // parts that can: they become conditions of their own, decided by
        // table first, and the condition reads their outcome.
        for i in 0..self.conds.len() {
            if !tabulable(&self.conds[i]) {
                let c = std::mem::replace(&mut self.conds[i], Bool::Const(None));
                self.conds[i] = self.split(c, &tabulable);
            }
        }
        let mut groups: Vec<(Vec<u32>, u32, Vec<u32>)> = Vec::new();
        for (i, c) in self.conds.iter().enumerate() {
            let read = fields_read(c).filter(|f| !f.is_empty() && size(f) <= MAX_ENTRIES);
            let Some(read) = read else {
                self.single.push(i as u32);
                continue;
            };
            let word = (i / 64) as u32;
            let union = |g: &[u32]| {
                let mut u: Vec<u32> = g.iter().chain(&read).copied().collect();
                u.sort_unstable();
                u.dedup();
                u
            };
            let best = (groups.iter().enumerate())
                .filter(|(_, g)| g.1 == word)
                .map(|(n, g)| (size(&union(&g.0)), n))
                .filter(|&(s, _)| s <= MAX_ENTRIES)
                .min();
            match best {
                Some((_, n)) => {
                    groups[n].0 = union(&groups[n].0);
                    groups[n].2.push(i as u32);
                }
                None => groups.push((read, word, vec![i as u32])),
            }
        }
        let mut record = crate::value::Record::default();
        record.reset(fields.len());
        let is_bool = |f: u32| match fields.get(f as usize).map(|f| &f.ty) {
            Some(Type::Bool) => Some(true),
            Some(Type::Enum(_)) => Some(false),
            _ => None,
        };
        for (group_fields, word, conds) in groups {
            let by_masks = (conds.iter()).all(|&i| maskable(&self.conds[i as usize], &is_bool));
            let domains: Vec<(u32, Vec<Cell>)> = (group_fields.iter())
                .filter_map(|&f| Some((f, values(f)?)))
                .collect();
            let mut table = CondTable {
                fields: domains.iter().map(|(f, v)| (*f, v.len() as u32)).collect(),
                word,
                entries: vec![(0, 0); size(&group_fields)],
                conds: conds.clone(),
                by_masks,
            };
            for (n, entry) in table.entries.iter_mut().enumerate() {
                // Combination n: the first field's value varies fastest.
                let mut rest = n;
                for (f, cells) in &domains {
                    record.cells[*f as usize] = cells[rest % cells.len()];
                    rest /= cells.len();
                }
                for &i in &conds {
                    let bit = 1u64 << (i % 64);
                    match self.conds[i as usize].decide(&record) {
                        Some(true) => *entry = (entry.0 | bit, entry.1 | bit),
                        Some(false) => entry.1 |= bit,
                        None => {}
                    }
                }
            }
            self.tables.push(table);
        }
    }
}

impl TypeCode {
    /// `c` with the parts of its `and`/`or` chains that `tabulable` accepts
    /// made into conditions of their own ([`Bool::Decided`]), first in the
    /// chain. Recursion follows the expression's nesting.
    fn split(&mut self, c: Bool, tabulable: &dyn Fn(&Bool) -> bool) -> Bool {
        let (parts, all) = match c {
            Bool::All(parts) => (parts, true),
            Bool::Any(parts) => (parts, false),
            c => return c,
        };
        let (tab, rest): (Vec<Bool>, Vec<Bool>) = parts.into_iter().partition(|p| tabulable(p));
        // The tabulable parts as one condition if that one is tabulable
        // too (its fields may have too many combinations), else each alone:
        // every condition read through `Decided` is decided by table.
        let joined = match all {
            true => Bool::All(tab.clone()),
            false => Bool::Any(tab.clone()),
        };
        let subs = if tab.len() > 1 && tabulable(&joined) {
            vec![joined]
        } else {
            tab
        };
        let mut out = Vec::with_capacity(rest.len() + subs.len());
        for sub in subs {
            let i = self
                .conds
                .iter()
                .position(|o| *o == sub)
                .unwrap_or_else(|| {
                    self.conds.push(sub);
                    self.conds.len() - 1
                });
            out.push(Bool::Decided(i as u32));
        }
        out.extend(rest.into_iter().map(|p| self.split(p, tabulable)));
        if all { Bool::All(out) } else { Bool::Any(out) }
    }
}

/// Whether a condition of a table can be decided from the records of each
/// value of its fields: it reads bool fields as such (`is_bool` gives
/// `Some(true)`), enum fields by variant sets (`Some(false)`), either by
/// `present`/`missing`, and combines those with `not`, `and`, `or`, `??`
/// and `if`. Recursion follows the expression's nesting.
pub fn maskable(c: &Bool, is_bool: &dyn Fn(u32) -> Option<bool>) -> bool {
    match c {
        Bool::Const(_) => true,
        Bool::Field(f) => is_bool(*f) == Some(true),
        Bool::Variants { field, .. } | Bool::WideVariants { field, .. } => {
            is_bool(*field) == Some(false)
        }
        Bool::Present(x, _) => matches!(**x, Val::Field(f) if is_bool(f).is_some()),
        Bool::Not(x) => maskable(x, is_bool),
        Bool::All(parts) | Bool::Any(parts) | Bool::Coalesce(parts) => {
            parts.iter().all(|p| maskable(p, is_bool))
        }
        Bool::If(parts) => {
            maskable(&parts.0, is_bool)
                && maskable(&parts.1, is_bool)
                && maskable(&parts.2, is_bool)
        }
        _ => false,
    }
}

/// The fields a condition reads, sorted; `None` when it reads a let, an
/// aggregate or another condition.
fn fields_read(c: &Bool) -> Option<Vec<u32>> {
    let mut fields = Vec::new();
    reads_bool(c, &mut fields)?;
    fields.sort_unstable();
    fields.dedup();
    Some(fields)
}

fn reads_bool(c: &Bool, out: &mut Vec<u32>) -> Option<()> {
    match c {
        Bool::Const(_) => {}
        Bool::Decided(_) => return None,
        Bool::Field(f)
        | Bool::DateCmp { field: f, .. }
        | Bool::TextCmp { field: f, .. }
        | Bool::Variants { field: f, .. }
        | Bool::WideVariants { field: f, .. }
        | Bool::FieldCmp { field: f, .. } => out.push(*f),
        Bool::Let(_) => return None,
        Bool::Not(x) => reads_bool(x, out)?,
        Bool::All(parts) | Bool::Any(parts) | Bool::Coalesce(parts) => {
            for p in parts {
                reads_bool(p, out)?;
            }
        }
        Bool::CmpNum { lhs, rhs, .. } => {
            reads_num(lhs, out)?;
            reads_num(rhs, out)?;
        }
        Bool::Cmp { lhs, rhs, .. } => {
            reads_val(lhs, out)?;
            reads_val(rhs, out)?;
        }
        Bool::Present(x, _) => reads_val(x, out)?,
        Bool::If(parts) => {
            reads_bool(&parts.0, out)?;
            reads_bool(&parts.1, out)?;
            reads_bool(&parts.2, out)?;
        }
        Bool::Val(v) => reads_val(v, out)?,
    }
    Some(())
}

fn reads_num(n: &Num, out: &mut Vec<u32>) -> Option<()> {
    match n {
        Num::Const(_) => {}
        Num::Field(f) => out.push(*f),
        Num::Let(_) => return None,
        Num::Chain(first, rest) => {
            reads_num(first, out)?;
            for (_, x) in rest {
                reads_num(x, out)?;
            }
        }
        Num::Neg(x) => reads_num(x, out)?,
        Num::If(parts) => {
            reads_bool(&parts.0, out)?;
            reads_num(&parts.1, out)?;
            reads_num(&parts.2, out)?;
        }
        Num::Val(v) => reads_val(v, out)?,
    }
    Some(())
}

fn reads_val(v: &Val, out: &mut Vec<u32>) -> Option<()> {
    match v {
        Val::Const(_) => {}
        Val::Field(f) => out.push(*f),
        Val::Let(_) => return None,
        Val::Bool(b) => reads_bool(b, out)?,
        Val::Num(n) => reads_num(n, out)?,
        Val::Tree(e) => reads_expr(e, out)?,
    }
    Some(())
}

/// The fields an expression reads. Recursion follows the expression's
/// nesting, which the parser bounds.
fn reads_expr(e: &TExpr, out: &mut Vec<u32>) -> Option<()> {
    match &e.kind {
        TExprKind::Lit(_) => {}
        TExprKind::Field(f) => out.push(*f),
        TExprKind::Let(_) | TExprKind::Agg(_) => return None,
        TExprKind::Chain { first, rest } => {
            reads_expr(first, out)?;
            for (_, x) in rest {
                reads_expr(x, out)?;
            }
        }
        TExprKind::Compare { lhs, rhs, .. } => {
            reads_expr(lhs, out)?;
            reads_expr(rhs, out)?;
        }
        TExprKind::In { lhs, items, .. } => {
            reads_expr(lhs, out)?;
            for x in items {
                reads_expr(x, out)?;
            }
        }
        TExprKind::Not(x) | TExprKind::Neg(x) => reads_expr(x, out)?,
        TExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            reads_expr(cond, out)?;
            reads_expr(then, out)?;
            reads_expr(otherwise, out)?;
        }
        TExprKind::Call { args, .. } => {
            for x in args {
                reads_expr(x, out)?;
            }
        }
    }
    Some(())
}
