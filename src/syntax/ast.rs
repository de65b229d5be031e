//! The syntax tree of a rule file, exactly as written; every node has a span.
//!
//! Chains of one precedence level (`a + b - c`, `p and q and r`) are kept
//! flat in [`ExprKind::Chain`], so a 20,000-term sum is a wide node rather
//! than a 20,000-deep tree: nothing downstream recurses along a chain.

pub use crate::diag::Severity;
use crate::source::Span;
use crate::value::{Date, Dim};

/// A name as written, with its place.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal: its value after escapes, and its span including quotes.
#[derive(Clone, Debug, PartialEq)]
pub struct StrLit {
    pub value: String,
    pub span: Span,
}

/// A date literal.
#[derive(Clone, Debug, PartialEq)]
pub struct DateLit {
    pub date: Date,
    pub span: Span,
}

/// One parsed `.dudao` file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Module {
    pub items: Vec<Item>,
}

/// A top-level item.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Plan(PlanDecl),
    Const(ConstDecl),
    Enum(EnumDecl),
    Record(RecordDecl),
    Rule(RuleDecl),
    Waive(WaiveDecl),
    Quote(QuoteDecl),
}

/// `plan "TITLE"`.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanDecl {
    pub title: StrLit,
    pub span: Span,
}

/// Extension: `quote "CITE" "TEXT"` ships the plan's own sentence for a
/// cite, so that `dudao explain` can quote the plan. `quote` is a keyword
/// only at the start of an item.
#[derive(Clone, Debug, PartialEq)]
pub struct QuoteDecl {
    pub cite: StrLit,
    pub text: StrLit,
    pub span: Span,
}

/// `const NAME = EXPR`.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstDecl {
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

/// `enum NAME { variant "label"…, … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDecl {
    pub name: Ident,
    pub variants: Vec<VariantDecl>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VariantDecl {
    pub name: Ident,
    pub labels: Vec<StrLit>,
}

/// `record NAME { field… }`.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDecl {
    pub name: Ident,
    pub fields: Vec<FieldDecl>,
    pub span: Span,
}

/// `NAME: TYPE [, ATTRIBUTE]…`; the type is a name resolved by the checker
/// (a built-in type or an enum).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub name: Ident,
    pub ty: Ident,
    pub attrs: Vec<FieldAttr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldAttr {
    pub kind: FieldAttrKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FieldAttrKind {
    Key,
    Required,
    Unique,
    Min(Expr),
    Max(Expr),
    Matches(StrLit),
    Column(Vec<StrLit>),
}

/// `rule ID "TITLE" { clause… }`.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDecl {
    pub id: Ident,
    pub title: StrLit,
    pub clauses: Vec<Clause>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    pub kind: ClauseKind,
    /// From the clause keyword to the end of the clause.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ClauseKind {
    Cite(StrLit),
    Severity(Severity),
    Due(DateLit),
    Tags(Vec<Ident>),
    For { record: Ident, scope: ScopeDecl },
    Where(Expr),
    Let { name: Ident, value: Expr },
    Require(Expr),
    Message(Template),
    Help(Template),
    Missing(MissingPolicy),
    Example(ExampleDecl),
}

/// The `missing` clause: a severity, or `ignore`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingPolicy {
    Report(Severity),
    Ignore,
}

/// What one check of a rule covers.
#[derive(Clone, Debug, PartialEq)]
pub enum ScopeDecl {
    /// `for RECORD`
    Record,
    /// `for RECORD per F1, F2`
    Per(Vec<Ident>),
    /// `for RECORD overall`
    Overall,
}

/// `example OUTCOME { … }` or `example OUTCOME [ {…}, … ]`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleDecl {
    pub outcome: ExampleOutcome,
    pub outcome_span: Span,
    /// One record for `{ … }`; the group's records for `[ … ]`.
    pub records: Vec<ExampleRecord>,
    /// Whether the records were written as a `[ … ]` list.
    pub is_group: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleOutcome {
    Pass,
    Fail,
    Missing,
    Skip,
}

impl ExampleOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            ExampleOutcome::Pass => "pass",
            ExampleOutcome::Fail => "fail",
            ExampleOutcome::Missing => "missing",
            ExampleOutcome::Skip => "skip",
        }
    }
}

/// `{ field: value, … }` in an example.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleRecord {
    pub fields: Vec<(Ident, Expr)>,
    pub span: Span,
}

/// `waive ID for "KEY"[, "KEY"…] until DATE because "REASON"`.
#[derive(Clone, Debug, PartialEq)]
pub struct WaiveDecl {
    pub rule: Ident,
    pub keys: Vec<StrLit>,
    pub until: DateLit,
    pub reason: StrLit,
    pub span: Span,
}

/// A `message`/`help` string: literal text and `{EXPR[:FORMAT]}` holes.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
    /// The whole string literal, quotes included.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    Text(String),
    /// `{EXPR}` / `{EXPR:%}` / `{EXPR:.N}`; spans of the expression point
    /// into the rule file, inside the string.
    Hole {
        expr: Expr,
        format: Format,
    },
}

/// How a template hole prints its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Plain,
    /// `:%` — a share as a percentage with one decimal.
    Percent,
    /// `:.N` — N decimals.
    Decimals(u8),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `12`, `1_000`, `12.5`; `is_int` when written without a fraction.
    Number {
        value: f64,
        is_int: bool,
    },
    /// `80%`, stored as the fraction 0.8.
    Percent(f64),
    /// `1000Mbps`, `2.5m2`, `300yuan`, in the dimension's canonical unit.
    Quantity {
        value: f64,
        dim: Dim,
    },
    Str(String),
    Date(Date),
    Bool(bool),
    /// A let, field, const or (on the right of `==`/`in`) an enum variant.
    Name(String),
    /// `f(args)`; `filter` is the `where P` of an aggregate (`sum(x where p)`,
    /// `count(where p)`).
    Call {
        func: Ident,
        args: Vec<Expr>,
        filter: Option<Box<Expr>>,
    },
    /// `[a, b]`
    List(Vec<Expr>),
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    /// Operators of one precedence level, applied left to right:
    /// `first op₁ rest₁ op₂ rest₂ …`.
    Chain {
        first: Box<Expr>,
        rest: Vec<(BinOp, Expr)>,
    },
    /// `lhs op rhs` for `== != < <= > >=` (not chainable).
    Compare {
        op: CompareOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `lhs in [..]` / `lhs not in [..]`.
    In {
        lhs: Box<Expr>,
        list: Box<Expr>,
        negated: bool,
    },
    If {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// `( expr )`, kept so that spans and pretty-printing are faithful.
    Paren(Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
}

/// Left-associative operators; each [`ExprKind::Chain`] holds one level:
/// `Or`; `And`; `Add`/`Sub`; `Mul`/`Div`; `Coalesce`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Add,
    Sub,
    Mul,
    Div,
    Coalesce,
}

impl BinOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Coalesce => "??",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CompareOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}
