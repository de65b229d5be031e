//! [`LoadError`]: one problem that keeps a pack from loading, as a miette
//! diagnostic with its code, message, labelled spans and help.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceCode};

use crate::escape::escape;
use crate::i18n::{Lang, load};
use crate::source::{SourceFile, SourceMap, Span};
use crate::t;

/// The file is not valid syntax.
pub const SYNTAX: &str = "load/syntax";
/// A name (field, let, const, type, record, variant, function, rule) that
/// does not exist.
pub const UNKNOWN_NAME: &str = "load/unknown-name";
/// Operand, argument or value of the wrong type.
pub const TYPE: &str = "load/type";
/// Something declared twice where once is allowed.
pub const DUPLICATE: &str = "load/duplicate";
/// A `-r` path or pattern that matches nothing or cannot be read.
pub const PATH: &str = "load/path";
/// A required clause (`require`, `for`) is absent.
pub const MISSING_CLAUSE: &str = "load/missing-clause";
/// An aggregate or field used where it has no meaning (record rule,
/// `where`, nested aggregate, non-`per` field in a group rule).
pub const SCOPE: &str = "load/scope";
/// A `matches` pattern that is not a valid regular expression.
pub const REGEX: &str = "load/regex";
/// A const that is defined through itself, or is not constant.
pub const CONST: &str = "load/const";
/// A function called with the wrong number of arguments.
pub const ARITY: &str = "load/arity";
/// An `example` that does not fit its rule.
pub const EXAMPLE: &str = "load/example";
/// A waiver that cannot apply (an `overall` rule).
pub const WAIVER: &str = "load/waiver";

/// An input/output error in `lang`: the system's words in English, the
/// common kinds translated in Chinese (the system's words kept in
/// parentheses for the rest).
pub fn io_reason(lang: Lang, e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match (lang, e.kind()) {
        (Lang::En, _) => e.to_string(),
        (_, ErrorKind::NotFound) => t!(lang, load::IO_NOT_FOUND),
        (_, ErrorKind::PermissionDenied) => t!(lang, load::IO_PERMISSION),
        _ => t!(lang, load::IO_OTHER, error = e),
    }
}

/// A miette rendering with its own words (`help:`) in `lang`: miette writes
/// them in English, at the start of a line (inside colour codes, if any).
pub fn localize_rendering(text: String, lang: Lang) -> String {
    match lang {
        Lang::En => text,
        _ => {
            let (en, zh) = (load::HELP_PREFIX.en, load::HELP_PREFIX.template(lang));
            // Only at the start of a line, after colour codes if any.
            let is_codes = |p: &str| p.is_empty() || (p.starts_with('\u{1b}') && !p.contains(' '));
            text.split_inclusive('\n')
                .map(|line| match line.find(en) {
                    Some(i) if is_codes(&line[..i]) => {
                        format!("{}{zh}{}", &line[..i], &line[i + en.len()..])
                    }
                    _ => line.to_owned(),
                })
                .collect()
        }
    }
}

/// The load errors found so far, and the language they are written in.
#[derive(Debug, Default)]
pub struct Errors {
    /// The language of the messages.
    pub lang: Lang,
    list: Vec<LoadError>,
}

impl Errors {
    /// No errors yet; messages will be in `lang`.
    pub fn new(lang: Lang) -> Errors {
        Errors {
            lang,
            list: Vec::new(),
        }
    }

    /// Adds an error (an inherent method, so that arguments may read
    /// `lang`).
    pub fn push(&mut self, e: LoadError) {
        self.list.push(e);
    }

    /// The errors, in the order found.
    pub fn into_vec(self) -> Vec<LoadError> {
        self.list
    }
}

impl std::ops::Deref for Errors {
    type Target = Vec<LoadError>;
    fn deref(&self) -> &Vec<LoadError> {
        &self.list
    }
}

impl std::ops::DerefMut for Errors {
    fn deref_mut(&mut self) -> &mut Vec<LoadError> {
        &mut self.list
    }
}

/// A load error: a miette diagnostic with a code, a message, a primary
/// labelled span, secondary labels (e.g. both places of a duplicate) and a
/// help text. Secondary places in another file are attached as related
/// diagnostics, so each is shown in its own file.
#[derive(Debug)]
pub struct LoadError {
    code: &'static str,
    message: String,
    file: String,
    source: Option<Arc<SourceFile>>,
    span: Option<Span>,
    label: String,
    secondary: Vec<(Span, String)>,
    help: Option<String>,
    related: Vec<LoadError>,
    /// A related note (the other place of a duplicate): no code, advice.
    note: bool,
}

impl LoadError {
    /// An error located at `span` of a file in `sources`.
    pub fn at(
        code: &'static str,
        sources: &SourceMap,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> LoadError {
        let source = Arc::clone(sources.get(span.file));
        LoadError {
            code,
            message: message.into(),
            file: source.name.clone(),
            source: Some(source),
            span: Some(span),
            label: label.into(),
            secondary: Vec::new(),
            help: None,
            related: Vec::new(),
            note: false,
        }
    }

    /// An error about a path, with no source text to point into.
    pub fn path(path: impl Into<String>, message: impl Into<String>) -> LoadError {
        LoadError {
            code: PATH,
            message: message.into(),
            file: path.into(),
            source: None,
            span: None,
            label: String::new(),
            secondary: Vec::new(),
            help: None,
            related: Vec::new(),
            note: false,
        }
    }

    /// Adds a help text.
    pub fn with_help(mut self, help: impl Into<String>) -> LoadError {
        self.help = Some(help.into());
        self
    }

    /// Replaces the help text.
    pub fn set_help(&mut self, help: impl Into<String>) {
        self.help = Some(help.into());
    }

    /// Adds a help text when there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> LoadError {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Adds a second place: a label in the same file, or a related note
    /// pointing into the other file.
    pub fn also(mut self, sources: &SourceMap, span: Span, label: impl Into<String>) -> LoadError {
        let label = label.into();
        if self.span.is_some_and(|s| s.file == span.file) {
            self.secondary.push((span, label));
        } else {
            let mut note = LoadError::at(self.code, sources, span, label.clone(), label);
            note.note = true;
            self.related.push(note);
        }
        self
    }

    /// The error's code, e.g. `load/unknown-name`.
    pub fn code(&self) -> &str {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// The rule file (or the `-r` path) the error is in.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The primary span, if the error points into a rule file.
    pub fn span(&self) -> Option<Span> {
        self.span
    }

    /// 1-based line of the primary span.
    pub fn line(&self) -> Option<usize> {
        self.line_col().map(|(l, _)| l)
    }

    /// 1-based column (in characters) of the primary span.
    pub fn column(&self) -> Option<usize> {
        self.line_col().map(|(_, c)| c)
    }

    /// Orders errors by file, then position; path errors come first.
    pub fn sort_key(&self) -> (bool, u32, u32) {
        match self.span {
            Some(span) => (true, span.file.0, span.start),
            None => (false, 0, 0),
        }
    }

    fn line_col(&self) -> Option<(usize, usize)> {
        let (source, span) = (self.source.as_ref()?, self.span?);
        Some(source.line_col(span.start as usize))
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages quote rule text and paths: escaped for the terminal.
        let message = escape(&self.message);
        match self.span {
            Some(_) => f.write_str(&message),
            None => write!(f, "{}: {message}", escape(&self.file)),
        }
    }
}

impl std::error::Error for LoadError {}

impl Diagnostic for LoadError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.note).then(|| Box::new(self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.note.then_some(miette::Severity::Advice)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(escape(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_deref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = self.span?;
        let first =
            LabeledSpan::new_primary_with_span(Some(escape(&self.label).into_owned()), primary);
        let rest = self.secondary.iter().map(|(span, label)| {
            LabeledSpan::new_with_span(Some(escape(label).into_owned()), *span)
        });
        Some(Box::new(std::iter::once(first).chain(rest)))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|e| e as &dyn Diagnostic)))
    }
}
