//! A checked, resolved rule pack: what the checker produces and everything
//! downstream (compiler, readers, engine, renderers) consumes.
//!
//! Names are resolved to indices and every expression carries its type, so
//! no later stage looks a name up or re-checks a type.

use std::collections::BTreeMap;

use regex::Regex;

use crate::diag::Severity;
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{BinOp, CompareOp, ExampleOutcome, Format, MissingPolicy};
use crate::value::{Date, Dim, OwnedValue};

/// A loaded pack: its sources, record types and rules.
#[derive(Debug)]
pub struct Pack {
    pub sources: SourceMap,
    /// The `plan "…"` title, if the pack has one.
    pub plan: Option<String>,
    pub enums: Vec<EnumDef>,
    pub records: Vec<RecordType>,
    /// Sorted by rule id.
    pub rules: Vec<Rule>,
    pub waivers: Vec<Waiver>,
    /// The plan's own sentences by cite (`二(九)1` → text), from the pack's
    /// `quote` items.
    pub plan_text: BTreeMap<String, String>,
}

impl Pack {
    pub fn record(&self, name: &str) -> Option<usize> {
        self.records.iter().position(|r| r.name == name)
    }

    pub fn rule(&self, id: &str) -> Option<usize> {
        self.rules.binary_search_by(|r| r.id.as_str().cmp(id)).ok()
    }
}

/// `enum NAME { … }`.
#[derive(Debug)]
pub struct EnumDef {
    pub name: String,
    pub variants: Vec<Variant>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Variant {
    pub name: String,
    /// The labels data may spell it with (names, official codes).
    pub labels: Vec<String>,
}

/// The type of a field or an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Bool,
    Int,
    Number,
    /// A share, 0.85 = 85%.
    Percent,
    Quantity(Dim),
    Text,
    Date,
    /// Index into `Pack::enums`.
    Enum(u32),
}

impl Type {
    /// `int`, `number` and `percent` mix freely.
    pub fn is_numeric(self) -> bool {
        matches!(self, Type::Int | Type::Number | Type::Percent)
    }
}

/// `record NAME { … }`.
#[derive(Debug)]
pub struct RecordType {
    pub name: String,
    pub fields: Vec<Field>,
    /// Index of the `key` field.
    pub key: Option<u32>,
    pub span: Span,
}

impl RecordType {
    pub fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// One field of a record type, with its attributes.
#[derive(Debug)]
pub struct Field {
    pub name: String,
    pub ty: Type,
    /// `required` or `key`.
    pub required: bool,
    /// `unique` or `key`.
    pub unique: bool,
    pub min: Option<OwnedValue>,
    pub max: Option<OwnedValue>,
    /// `matches "…"`, anchored so that the whole text must match.
    pub pattern: Option<Regex>,
    /// The pattern as written, for messages.
    pub pattern_source: Option<String>,
    /// `column "…"` headers, in order; the field's own name also matches.
    pub columns: Vec<String>,
    pub span: Span,
}

/// A checked rule.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub cite: Option<String>,
    pub severity: Severity,
    pub due: Option<Date>,
    pub tags: Vec<String>,
    /// Index into `Pack::records`.
    pub record: u32,
    pub scope: RuleScope,
    /// `where`: evaluated per record, never holds aggregates.
    pub filter: Option<TExpr>,
    /// `let`s in order; a let may read earlier lets.
    pub lets: Vec<Let>,
    pub require: TExpr,
    /// The aggregates the rule's expressions use, referenced by
    /// [`TExprKind::Agg`].
    pub aggregates: Vec<Aggregate>,
    pub message: Option<TTemplate>,
    pub help: Option<TTemplate>,
    pub missing: MissingPolicy,
    pub examples: Vec<Example>,
    /// What the requirement reads (directly or through lets), in order of
    /// first use: reported as a finding's `values`.
    pub reads: Vec<Read>,
    /// The source text of the `require` expression, for default messages.
    pub require_text: String,
    /// The whole `rule … { … }` item.
    pub span: Span,
    pub id_span: Span,
}

/// Which records one check covers.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleScope {
    Record,
    /// Field indices of the `per` fields.
    Per(Vec<u32>),
    Overall,
}

#[derive(Debug)]
pub struct Let {
    pub name: String,
    pub value: TExpr,
    pub span: Span,
}

/// A name the requirement reads and how to get its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Read {
    /// The field or let name, or the aggregate as written (`sum(students)`).
    pub name: String,
    pub what: ReadKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadKind {
    Field(u32),
    Let(u32),
    Agg(u32),
}

/// `count`, `sum`, … over a group's records.
#[derive(Debug)]
pub struct Aggregate {
    pub func: AggFn,
    /// The aggregated expression (none for `count`).
    pub arg: Option<TExpr>,
    /// The weight of `cv(E, W)`.
    pub weight: Option<TExpr>,
    /// `where P` inside the call.
    pub filter: Option<TExpr>,
    /// As written, e.g. `sum(students where inclusive)`.
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggFn {
    Count,
    Sum,
    Avg,
    Min,
    Max,
    Cv,
}

/// A typed expression.
#[derive(Clone, Debug, PartialEq)]
pub struct TExpr {
    pub kind: TExprKind,
    pub ty: Type,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TExprKind {
    /// A literal, a const (folded at load) or an enum variant.
    Lit(OwnedValue),
    /// A field of the rule's record type, by index.
    Field(u32),
    /// A `let` of the rule, by index.
    Let(u32),
    /// An aggregate of the rule, by index into `Rule::aggregates`.
    Agg(u32),
    Chain {
        first: Box<TExpr>,
        rest: Vec<(BinOp, TExpr)>,
    },
    Compare {
        op: CompareOp,
        lhs: Box<TExpr>,
        rhs: Box<TExpr>,
    },
    In {
        lhs: Box<TExpr>,
        items: Vec<TExpr>,
        negated: bool,
    },
    Not(Box<TExpr>),
    Neg(Box<TExpr>),
    If {
        cond: Box<TExpr>,
        then: Box<TExpr>,
        otherwise: Box<TExpr>,
    },
    Call {
        func: ScalarFn,
        args: Vec<TExpr>,
    },
}

/// The scalar functions of LANGUAGE.md 5 (and documented extensions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarFn {
    Present,
    Missing,
    Least,
    Greatest,
    Abs,
    Round,
    Floor,
    Ceil,
    Len,
    Year,
    /// Extension: how many of its bool arguments are true.
    CountTrue,
}

/// A checked `message`/`help` template.
#[derive(Clone, Debug, PartialEq)]
pub struct TTemplate {
    pub parts: Vec<TPart>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TPart {
    Text(String),
    Hole { expr: TExpr, format: Format },
}

/// `example OUTCOME …`, with values converted to their fields' types.
#[derive(Debug)]
pub struct Example {
    pub outcome: ExampleOutcome,
    /// One record for record rules, the group's records otherwise; each a
    /// list of (field index, value); fields not given are missing.
    pub records: Vec<Vec<(u32, OwnedValue)>>,
    pub span: Span,
}

/// `waive ID for "KEY"… until DATE because "REASON"`.
#[derive(Debug)]
pub struct Waiver {
    /// Index into `Pack::rules`.
    pub rule: u32,
    pub keys: Vec<(String, Span)>,
    pub until: Date,
    pub reason: String,
    pub span: Span,
}
