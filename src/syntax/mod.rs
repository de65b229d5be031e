//! Text → syntax tree. Parsing never stops at the first error: it returns a
//! module and every error it found, recovering at the next clause (inside a
//! rule) or the next item keyword at the start of a line (at top level).
//!
//! Layout: [`lexer`] recognises tokens (nom), [`parser`] items and clauses,
//! [`expr`] expressions, [`template`] the `{EXPR}` holes of messages.

pub mod ast;
mod expr;
mod lexer;
mod parser;
mod template;
#[cfg(test)]
mod tests;

use crate::i18n::Lang;
use crate::source::{FileId, Span};

/// One syntax error, located in the parsed file.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

/// The reserved words of the language (LANGUAGE.md section 10).
pub const KEYWORDS: &[&str] = &[
    "plan", "const", "enum", "record", "rule", "waive", "for", "per", "overall", "where", "let",
    "require", "cite", "severity", "due", "tags", "message", "help", "missing", "error", "warning",
    "info", "ignore", "key", "required", "unique", "min", "max", "matches", "column", "if", "then",
    "else", "and", "or", "not", "in", "true", "false", "until", "because", "example", "pass",
    "fail", "skip",
];

/// The keywords that start a clause of a rule.
pub const CLAUSE_KEYWORDS: &[&str] = &[
    "cite", "severity", "due", "tags", "for", "where", "let", "require", "message", "help",
    "missing", "example",
];

/// The words that start an item. `quote` (an extension) is recognised only
/// at the start of an item and is not reserved elsewhere.
pub const ITEM_KEYWORDS: &[&str] = &["plan", "const", "enum", "record", "rule", "waive", "quote"];

/// The attributes of a record field.
pub const ATTRIBUTE_KEYWORDS: &[&str] = &[
    "key", "required", "unique", "min", "max", "matches", "column",
];

/// Expressions nested deeper than this (parentheses, lists, calls, `if`,
/// `not`, unary minus) are an error rather than a risk to the stack.
pub const MAX_DEPTH: usize = 96;

/// How lists of words are joined in messages: `a, b` or `a、b`.
pub fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ", ",
        Lang::Zh => "、",
    }
}

/// Whether `word` is reserved.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Parses one rule file. Always returns a module (with the items that
/// parsed) and every syntax error found.
pub fn parse(file: FileId, text: &str) -> (ast::Module, Vec<SyntaxError>) {
    parse_in(file, text, Lang::En)
}

/// [`parse`] with error messages in `lang`.
pub fn parse_in(file: FileId, text: &str, lang: Lang) -> (ast::Module, Vec<SyntaxError>) {
    let mut parser = parser::Parser::new(file, text, lang);
    let module = parser.module();
    (module, parser.into_errors())
}

/// Parses a lone expression (for example one given on the command line).
pub fn parse_expr(file: FileId, text: &str) -> (Option<ast::Expr>, Vec<SyntaxError>) {
    let mut parser = parser::Parser::new(file, text, Lang::En);
    let expr = parser.standalone_expr();
    (expr, parser.into_errors())
}

/// The candidate closest to a misspelt word, if one is close enough to be a
/// plausible typo.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|&c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(d, c)| d > 0 && d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}
