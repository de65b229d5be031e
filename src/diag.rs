//! A finding as data: which rule, what outcome, how severe, where, and the
//! values involved. Renderers in `report/` turn findings into text; nothing
//! else formats them, so every output format tells the same story.

use std::collections::BTreeMap;

use serde::Serialize;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a check ended in (passing checks are only counted, never reported).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Fail,
    Missing,
    Waived,
    /// Built-in data, schema and waiver diagnostics.
    Error,
}

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Record,
    Group,
    Overall,
    /// Built-in diagnostics (data, schema, waiver).
    Data,
}

/// The rule behind a finding: one of the pack's, or a built-in diagnostic id
/// of the data contract (`schema/type`, `waiver/unused`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleRef {
    /// Index into `Pack::rules`.
    Pack(u32),
    Builtin(&'static str),
}

/// A value shown in a finding, already in its output form: numbers in the
/// canonical unit, percent as a fraction, enums by variant name, dates ISO.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Missing,
    Bool(bool),
    Num(f64),
    Text(String),
}

/// Where in the data a finding points.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Location {
    /// Index of the data file in the run's file list.
    pub file: u32,
    /// Index of the sheet in the workbook, for Excel files.
    pub sheet: Option<u32>,
    /// 1-based line (text formats) or row (Excel).
    pub line: u32,
    /// 1-based column in characters (text formats) or column number (Excel);
    /// 0 when no single cell is to blame.
    pub column: u32,
    /// Byte offset of the record's first byte (text formats), for showing
    /// the line.
    pub offset: u64,
    /// Length of the offending cell in characters, for underlining.
    pub width: u32,
    /// Index of the offending field in the record type.
    pub field: Option<u32>,
}

/// One reported outcome or diagnostic.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: RuleRef,
    pub outcome: Outcome,
    /// The effective severity (`info` before a rule's `due` date).
    pub severity: Severity,
    pub scope: Scope,
    pub message: String,
    /// For pack rules, the rendered `help` template; for built-ins, advice.
    pub help: Option<String>,
    /// Index of the record type, where one applies.
    pub record_type: Option<u32>,
    /// A record's key value, or a group's `per` values joined with `/`.
    pub key: Option<String>,
    /// A group's `per` fields and values.
    pub group: Vec<(String, String)>,
    /// Where in the data; `None` for group and overall findings.
    pub location: Option<Location>,
    /// An earlier place that matters (the first record of a duplicate key).
    pub related: Option<Location>,
    /// Every field, let and aggregate the requirement read, with its value.
    pub values: Vec<(String, Shown)>,
    /// Records of a group skipped because a value was missing.
    pub skipped: u32,
}

/// A finding about one record by one of the pack's rules, as the engine
/// renders it when it finds it ([`Render::render_with`]): the [`Finding`]
/// of [`RecordFinding::to_finding`] without its text, nothing owned.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordFinding<'a> {
    /// Index into `Pack::rules`.
    pub rule: u32,
    pub outcome: Outcome,
    pub severity: Severity,
    /// Index of the rule's record type.
    pub record_type: u32,
    pub key: Option<&'a str>,
    pub location: Location,
}

impl RecordFinding<'_> {
    /// The finding this stands for, with the given text.
    pub fn to_finding(
        &self,
        (message, help, values): (String, Option<String>, Vec<(String, Shown)>),
    ) -> Finding {
        Finding {
            rule: RuleRef::Pack(self.rule),
            outcome: self.outcome,
            severity: self.severity,
            scope: Scope::Record,
            message,
            help,
            record_type: Some(self.record_type),
            key: self.key.map(str::to_owned),
            group: Vec::new(),
            location: Some(self.location.clone()),
            related: None,
            values,
            skipped: 0,
        }
    }
}

/// Counts over a whole run (CLI.md, JSON `summary`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: u64,
    pub records: u64,
    pub rules: u64,
    /// Every (rule, subject) check made.
    pub checks: u64,
    pub pass: u64,
    pub fail: u64,
    pub missing: u64,
    pub waived: u64,
    /// Diagnostics by effective severity.
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    /// Extension: records that took no part in a rule because its `where`
    /// or a `per` field was missing (counted once per rule and record).
    pub skipped: u64,
    pub elapsed_ms: u64,
    /// Per value of a breakdown field (a county), how each rule fared; only
    /// when a reporter asked for it ([`crate::report::Reporter::breakdown_field`]).
    #[serde(skip)]
    pub breakdown: Option<Box<Breakdown>>,
}

/// How the subjects of one rule within one breakdown value fared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Subjects checked (records, or groups of a `per` rule).
    pub checks: u64,
    pub pass: u64,
    /// Checks that could not be decided for a missing value.
    pub missing: u64,
}

impl Tally {
    /// Adds another tally's counts.
    pub fn add(&mut self, other: Tally) {
        self.checks += other.checks;
        self.pass += other.pass;
        self.missing += other.missing;
    }

    /// The share of decided checks that passed (waived failures do not
    /// pass); `None` when nothing was decided.
    pub fn rate(&self) -> Option<f64> {
        let decided = self.checks.saturating_sub(self.missing);
        (decided > 0).then(|| self.pass as f64 / decided as f64)
    }
}

/// A run's counts broken down by the values of one field (the county).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Breakdown {
    /// The field's name, e.g. `county`.
    pub field: String,
    /// Records per (value, record type), for record types that have the
    /// field.
    pub records: BTreeMap<(String, u32), u64>,
    /// Per (value, rule index): how the rule's subjects with that value
    /// fared. Record rules count records; `per` rules whose groups include
    /// the field count groups. Overall rules have no value and no entry.
    pub tallies: BTreeMap<(String, u32), Tally>,
}

/// Turns one finding into an output format's bytes, on any thread: the
/// engine renders findings in the chunk that found them, so that a format
/// with a renderer writes them in parallel and the writer only concatenates
/// (`report::Reporter::renderer`).
pub trait Render: Sync {
    /// Appends the finding's bytes to `out`.
    fn render(&self, finding: &Finding, out: &mut Vec<u8>);

    /// Appends the bytes of a record finding whose message, help and
    /// values are written on demand by `text`: exactly what
    /// [`Render::render`] appends for [`RecordFinding::to_finding`] with
    /// that text. The engine renders record findings this way, without
    /// building a [`Finding`] or its text; by default both are built and
    /// rendered.
    fn render_with(&self, finding: &RecordFinding<'_>, text: &dyn Text, out: &mut Vec<u8>) {
        self.render(&finding.to_finding(text_strings(text)), out);
    }
}

/// A [`Text`] written out as a finding's message, help and values.
pub fn text_strings(text: &dyn Text) -> (String, Option<String>, Vec<(String, Shown)>) {
    let mut message = String::new();
    let _ = text.message(&mut message);
    let help = text.has_help().then(|| {
        let mut help = String::new();
        let _ = text.help(&mut help);
        help
    });
    let mut values = Vec::new();
    text.values(&mut |_, name, value| values.push((name.to_owned(), value.to_shown())));
    (message, help, values)
}

/// The text of a finding that the engine has not built: its message, help
/// and values, written on request (see [`Render::render_with`]).
pub trait Text {
    /// Writes the message.
    fn message(&self, out: &mut dyn Pieces) -> std::fmt::Result;
    /// Whether the finding has a help text.
    fn has_help(&self) -> bool;
    /// Writes the help text (nothing when there is none).
    fn help(&self, out: &mut dyn Pieces) -> std::fmt::Result;
    /// Whether the help is the finding's pack rule's own `help` template,
    /// written with its literal pieces as [`Pieces::fixed`] (and none when
    /// the rule has none): a renderer may then write a template without
    /// holes as it prepared it, without calling [`Text::help`].
    fn help_is_rules(&self) -> bool {
        false
    }
    /// Calls `each` with every value's position among the rule's reads,
    /// name and value, in order.
    fn values(&self, each: &mut dyn FnMut(usize, &str, ShownRef<'_>));

    /// Writes every value that [`Text::values`] gives, in order, into
    /// prepared bytes ([`PreparedValues::push`]); a `Text` may write them
    /// there without a call through `dyn FnMut` per value.
    fn values_into(&self, out: &mut PreparedValues<'_>) {
        let mut first = true;
        self.values(&mut |n, name, value| {
            out.push(first, n, name, value);
            first = false;
        });
    }
}

/// Bytes a [`Text`] writes a finding's values into
/// ([`Text::values_into`]): each value's name as a renderer prepared it,
/// each value written by the renderer's function.
pub struct PreparedValues<'o> {
    pub out: &'o mut Vec<u8>,
    /// Per position among the rule's reads: the name (the pack's own, told
    /// by its address) and its bytes as prepared, up to the value.
    pub names: &'o [Option<(&'o str, Vec<u8>)>],
    /// The byte between two values.
    pub between: u8,
    /// Writes a name that was not prepared, up to its value.
    pub name: fn(&mut Vec<u8>, &str),
    /// Writes a value.
    pub value: fn(&mut Vec<u8>, ShownRef<'_>),
}

impl PreparedValues<'_> {
    /// Writes the value at position `n` among the rule's reads, `name`,
    /// preceded by [`PreparedValues::between`] unless it is the `first`.
    #[inline]
    pub fn push(&mut self, first: bool, n: usize, name: &str, value: ShownRef<'_>) {
        if !first {
            self.out.push(self.between);
        }
        match self.names.get(n) {
            Some(Some((source, bytes))) if std::ptr::eq(*source, name) => {
                self.out.extend_from_slice(bytes);
            }
            _ => (self.name)(self.out, name),
        }
        (self.value)(self.out, value);
    }
}

/// Where a [`Text`] writes a message or help: text, some of which is fixed
/// — the `n`th literal piece of the rule's template, the same in every
/// finding of the rule — so that a renderer may prepare it once.
pub trait Pieces: std::fmt::Write {
    /// Writes the template's `n`th piece, `text`.
    fn fixed(&mut self, n: usize, text: &str) -> std::fmt::Result {
        let _ = n;
        self.write_str(text)
    }

    /// Where text that this output would copy as it is may be appended
    /// directly, skipping [`std::fmt::Write::write_str`]'s escaping: text
    /// of digits, signs, points, `%`, `∞`, `true`/`false` and dates — what
    /// a number, bool or date hole writes. `None` (the default) where the
    /// output is not such bytes.
    fn verbatim(&mut self) -> Option<&mut Vec<u8>> {
        None
    }

    /// The output as [`Prepared`] bytes, if it is such: a template is then
    /// written into them directly. `None` (the default) otherwise.
    fn prepared(&mut self) -> Option<Prepared<'_>> {
        None
    }
}

impl Pieces for String {}

/// Bytes whose template pieces a renderer prepared: each literal piece of
/// a template escaped once, and how free text is written (escaped). A
/// [`Text`] given one ([`Pieces::prepared`]) writes its templates straight
/// into the bytes, without a call through [`Pieces`] per piece and hole.
pub struct Prepared<'o> {
    pub out: &'o mut Vec<u8>,
    /// Per part of the template: a literal piece's text (the pack's own,
    /// told by its address) and its bytes as prepared; `None` for a hole.
    pub fixed: &'o [Option<(&'o str, Vec<u8>)>],
    /// Appends free text (a text hole, a piece not prepared), escaped as
    /// the output needs.
    pub text: fn(&mut Vec<u8>, &str),
}

impl std::fmt::Write for Prepared<'_> {
    #[inline]
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        (self.text)(self.out, s);
        Ok(())
    }
}

impl Pieces for Prepared<'_> {
    /// The piece as prepared, when it was made from this very text.
    #[inline]
    fn fixed(&mut self, n: usize, text: &str) -> std::fmt::Result {
        match self.fixed.get(n) {
            Some(Some((source, bytes))) if std::ptr::eq(*source, text) => {
                self.out.extend_from_slice(bytes);
            }
            _ => (self.text)(self.out, text),
        }
        Ok(())
    }

    /// Prepared output is bytes that digits, signs and the like need no
    /// escaping in.
    #[inline]
    fn verbatim(&mut self) -> Option<&mut Vec<u8>> {
        Some(self.out)
    }

    fn prepared(&mut self) -> Option<Prepared<'_>> {
        Some(Prepared {
            out: &mut *self.out,
            fixed: self.fixed,
            text: self.text,
        })
    }
}

/// A value of a finding's `values` before it is built into a [`Shown`]:
/// text borrowed from the record or the pack, a date not yet written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ShownRef<'a> {
    Missing,
    Bool(bool),
    Num(f64),
    Text(&'a str),
    /// Shown as its ISO text (`2020-09-01`).
    Date(crate::value::Date),
    /// An enum variant the pack does not name, shown as its number.
    Variant(u32),
}

impl ShownRef<'_> {
    /// The value as a finding carries it.
    pub fn to_shown(self) -> Shown {
        match self {
            ShownRef::Missing => Shown::Missing,
            ShownRef::Bool(b) => Shown::Bool(b),
            ShownRef::Num(n) => Shown::Num(n),
            ShownRef::Text(t) => Shown::Text(t.to_owned()),
            ShownRef::Date(d) => Shown::Text(d.to_string()),
            ShownRef::Variant(v) => Shown::Text(v.to_string()),
        }
    }
}

impl Shown {
    /// The value borrowed.
    pub fn as_ref(&self) -> ShownRef<'_> {
        match self {
            Shown::Missing => ShownRef::Missing,
            Shown::Bool(b) => ShownRef::Bool(*b),
            Shown::Num(n) => ShownRef::Num(*n),
            Shown::Text(t) => ShownRef::Text(t),
        }
    }
}
