//! Items, record fields and rule clauses, with error recovery.
//!
//! A recursive-descent parser over tokens lexed on demand. Functions return
//! `Err` at the first error of the construct they parse; the loops over
//! items, fields, variants and clauses record it and skip to the next place
//! where parsing can sensibly resume, so one mistake gives one error and
//! every mistake of a file is reported.

use crate::i18n::{Lang, Msg, load};
use crate::source::{FileId, Span};
use crate::syntax::ast::*;
use crate::syntax::lexer::{self, LexError, Punct, Tok, Token};
use crate::syntax::{
    ATTRIBUTE_KEYWORDS, CLAUSE_KEYWORDS, ITEM_KEYWORDS, SyntaxError, is_keyword, list_separator,
    suggest, template,
};
use crate::t;

pub(crate) type PResult<T> = Result<T, SyntaxError>;

/// Where error recovery may resume.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sync {
    /// The next item at the start of a line.
    Item,
    /// The next clause keyword at the start of a line, or the rule's `}`.
    Clause,
    /// The next field name at the start of a line, or the record's `}`.
    Field,
    /// The next `,` or variant name at the start of a line, or the `}`.
    Variant,
}

pub(crate) struct Parser<'s> {
    file: FileId,
    text: &'s str,
    /// For the text of a string literal: the file offset of each byte.
    map: Option<&'s [usize]>,
    /// Offset after the last consumed token.
    pos: usize,
    /// End of the last consumed token.
    prev_end: usize,
    peeked: Option<Token>,
    /// Current expression nesting.
    pub(crate) depth: usize,
    /// Braces opened by constructs being parsed, for recovery.
    braces: usize,
    errors: Vec<SyntaxError>,
    /// The language of error messages.
    pub(crate) lang: Lang,
}

impl<'s> Parser<'s> {
    pub(crate) fn new(file: FileId, text: &'s str, lang: Lang) -> Parser<'s> {
        Parser {
            lang,
            file,
            text,
            map: None,
            pos: 0,
            prev_end: 0,
            peeked: None,
            depth: 0,
            braces: 0,
            errors: Vec::new(),
        }
    }

    /// A parser over the decoded text of a string literal, starting at
    /// `pos`; `map` turns its offsets into offsets of the file.
    pub(crate) fn in_string(
        file: FileId,
        text: &'s str,
        map: &'s [usize],
        pos: usize,
        lang: Lang,
    ) -> Parser<'s> {
        Parser {
            map: Some(map),
            pos,
            prev_end: pos,
            ..Parser::new(file, text, lang)
        }
    }

    pub(crate) fn into_errors(self) -> Vec<SyntaxError> {
        self.errors
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The text being parsed.
    pub(crate) fn text(&self) -> &'s str {
        self.text
    }

    /// Moves to `pos` (forgetting the peeked token).
    pub(crate) fn seek(&mut self, pos: usize) {
        self.peeked = None;
        self.pos = pos;
        self.prev_end = pos;
    }

    // ----- tokens -------------------------------------------------------

    pub(crate) fn peek(&mut self) -> &Token {
        let (text, pos, lang) = (self.text, self.pos, self.lang);
        self.peeked
            .get_or_insert_with(|| lexer::lex(text, pos, lang))
    }

    /// The token after the next one.
    pub(crate) fn peek2(&mut self) -> Token {
        let end = self.peek().end;
        lexer::lex(self.text, end, self.lang)
    }

    pub(crate) fn bump(&mut self) -> Token {
        let token = self
            .peeked
            .take()
            .unwrap_or_else(|| lexer::lex(self.text, self.pos, self.lang));
        self.pos = token.end;
        if token.tok != Tok::Eof {
            self.prev_end = token.end;
        }
        token
    }

    /// The file span of a range of the parsed text.
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        match self.map {
            Some(map) => {
                let at = |i: usize| map.get(i).or(map.last()).copied().unwrap_or(0);
                Span::new(self.file, at(start), at(end))
            }
            None => Span::new(self.file, start, end),
        }
    }

    pub(crate) fn tspan(&self, token: &Token) -> Span {
        self.span(token.start, token.end)
    }

    /// The span from `start` to the end of the last consumed token.
    pub(crate) fn since(&self, start: usize) -> Span {
        self.span(start, self.prev_end.max(start))
    }

    pub(crate) fn token_text(&self, token: &Token) -> &'s str {
        self.text.get(token.start..token.end).unwrap_or("")
    }

    /// Whether the next token is the word `word` (keyword or identifier).
    pub(crate) fn at_word(&mut self, word: &str) -> bool {
        let token = self.peek().clone();
        token.tok == Tok::Ident && self.token_text(&token) == word
    }

    pub(crate) fn eat_word(&mut self, word: &str) -> Option<Token> {
        self.at_word(word).then(|| self.bump())
    }

    pub(crate) fn at_punct(&mut self, p: Punct) -> bool {
        self.peek().tok == Tok::Punct(p)
    }

    pub(crate) fn eat_punct(&mut self, p: Punct) -> Option<Token> {
        self.at_punct(p).then(|| self.bump())
    }

    /// The punctuation `p`, else an error saying what it was for:
    /// `context` has a `{token}` hole.
    pub(crate) fn expect_punct(&mut self, p: Punct, context: Msg) -> PResult<Token> {
        let what = t!(self.lang, context, token = format!("`{}`", p.as_str()));
        self.expect_punct_for(p, &what)
    }

    /// [`Parser::expect_punct`] with the context already written.
    pub(crate) fn expect_punct_for(&mut self, p: Punct, what: &str) -> PResult<Token> {
        match self.eat_punct(p) {
            Some(t) => Ok(t),
            None => Err(self.expected_text(what, &format!("`{}`", p.as_str()))),
        }
    }

    /// The word `word`, else an error saying what it was for.
    pub(crate) fn expect_word(&mut self, word: &str, context: Msg) -> PResult<Token> {
        match self.eat_word(word) {
            Some(t) => Ok(t),
            None => {
                let token = format!("`{word}`");
                let what = t!(self.lang, context, token = token);
                Err(self.expected_text(&what, &token))
            }
        }
    }

    /// How a token is named in messages.
    pub(crate) fn describe(&self, token: &Token) -> String {
        match &token.tok {
            Tok::Eof if self.map.is_some() => t!(self.lang, load::FOUND_STRING_END),
            Tok::Eof => t!(self.lang, load::FOUND_FILE_END),
            Tok::Ident if is_keyword(self.token_text(token)) => {
                t!(
                    self.lang,
                    load::FOUND_KEYWORD,
                    word = self.token_text(token)
                )
            }
            Tok::Ident => format!("`{}`", self.token_text(token)),
            Tok::Str(_) => t!(self.lang, load::FOUND_STRING),
            Tok::Lit(_) | Tok::Bad(_) => format!("`{}`", self.token_text(token)),
            Tok::Punct(p) => format!("`{}`", p.as_str()),
            Tok::Unknown(c) => format!("`{c}`"),
        }
    }

    /// An error at a token.
    pub(crate) fn error_at(
        &self,
        token: &Token,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> SyntaxError {
        if let Tok::Bad(e) = &token.tok {
            return self.lex_error(e);
        }
        SyntaxError {
            span: self.tspan(token),
            message,
            label: label.to_string(),
            help: help.or_else(|| hint(&token.tok, self.lang)),
        }
    }

    pub(crate) fn lex_error(&self, e: &LexError) -> SyntaxError {
        SyntaxError {
            span: self.span(e.start, e.end),
            message: e.message.clone(),
            label: e.label.clone(),
            help: e.help.clone(),
        }
    }

    /// "expected X, found Y" at the next token; when that token is on a
    /// later line, the error points just after the previous token instead.
    pub(crate) fn expected(&mut self, what: Msg) -> SyntaxError {
        let what = t!(self.lang, what);
        self.expected_text(&what, &what)
    }

    /// [`Parser::expected`] with `what` written out; the label names
    /// `short` (in English, `what` up to its purpose " to …").
    fn expected_text(&mut self, what: &str, short: &str) -> SyntaxError {
        let token = self.peek().clone();
        if let Tok::Bad(e) = &token.tok {
            return self.lex_error(e);
        }
        let found = self.describe(&token);
        let message = t!(self.lang, load::EXPECTED, what = what, found = found);
        let short = match self.lang {
            Lang::En => what.split(" to ").next().unwrap_or(what),
            Lang::Zh => short,
        };
        let label = t!(self.lang, load::EXPECTED_LABEL, what = short);
        let mut error = self.error_at(&token, message, &label, None);
        if (token.line_start || token.tok == Tok::Eof) && self.prev_end > 0 {
            error.span = self.span(self.prev_end, self.prev_end);
        }
        error
    }

    // ----- names and literals ---------------------------------------------

    /// A name that is not a keyword.
    pub(crate) fn ident(&mut self, what: Msg) -> PResult<Ident> {
        let token = self.peek().clone();
        if token.tok != Tok::Ident {
            return Err(self.expected(what));
        }
        let name = self.token_text(&token);
        if is_keyword(name) {
            let help = Some(t!(self.lang, load::KEYWORD_HELP, name = name));
            let structural = CLAUSE_KEYWORDS.contains(&name) || ITEM_KEYWORDS.contains(&name);
            if structural && token.line_start {
                let mut e = self.expected(what);
                e.help = help;
                return Err(e);
            }
            let what = t!(self.lang, what);
            let message = t!(self.lang, load::KEYWORD_AS_NAME, name = name, what = what);
            let label = t!(self.lang, load::KEYWORD_LABEL);
            return Err(self.error_at(&token, message, &label, help));
        }
        self.bump();
        Ok(Ident {
            name: name.to_string(),
            span: self.tspan(&token),
        })
    }

    pub(crate) fn string(&mut self, what: Msg) -> PResult<StrLit> {
        let token = self.peek().clone();
        match token.tok {
            Tok::Str(value) => {
                self.bump();
                Ok(StrLit {
                    value,
                    span: self.span(token.start, token.end),
                })
            }
            _ => Err(self.expected(what)),
        }
    }

    fn date(&mut self, what: Msg) -> PResult<DateLit> {
        let token = self.peek().clone();
        match token.tok {
            Tok::Lit(ExprKind::Date(date)) => {
                self.bump();
                Ok(DateLit {
                    date,
                    span: self.tspan(&token),
                })
            }
            _ => Err(self.expected(what)),
        }
    }

    /// A rule id, lexed here only (`BOARD-001`, `it.net-1000m`).
    fn rule_id(&mut self) -> PResult<Ident> {
        let start = lexer::skip_trivia(self.text, self.pos);
        let len = self.text.get(start..).and_then(lexer::rule_id);
        match len {
            Some(len) if !is_keyword(&self.text[start..start + len]) => {
                self.peeked = None;
                self.pos = start + len;
                self.prev_end = self.pos;
                Ok(Ident {
                    name: self.text[start..start + len].to_string(),
                    span: self.span(start, start + len),
                })
            }
            _ => {
                let mut e = self.expected(load::W_RULE_ID);
                e.help = Some(t!(self.lang, load::RULE_ID_HELP));
                Err(e)
            }
        }
    }

    /// One of `words`, by index.
    fn one_of(&mut self, words: &[&str], what: Msg) -> PResult<(usize, Token)> {
        let token = self.peek().clone();
        let found = (token.tok == Tok::Ident)
            .then(|| words.iter().position(|w| *w == self.token_text(&token)))
            .flatten();
        match found {
            Some(i) => Ok((i, self.bump())),
            None => {
                let list = words
                    .iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(list_separator(self.lang));
                let mut e = self.expected(what);
                e.help = Some(match suggest(self.token_text(&token), words) {
                    Some(s) if token.tok == Tok::Ident => {
                        t!(self.lang, load::DID_YOU_MEAN, name = s)
                    }
                    _ => t!(self.lang, load::WRITE_ONE_OF, list = list),
                });
                Err(e)
            }
        }
    }

    // ----- recovery -------------------------------------------------------

    /// Whether a token starts an item: an item keyword at the start of a
    /// line (`quote` only when a string follows).
    fn starts_item(&mut self, token: &Token) -> bool {
        if token.tok != Tok::Ident || !token.line_start {
            return false;
        }
        match self.token_text(token) {
            "quote" => matches!(lexer::lex(self.text, token.end, self.lang).tok, Tok::Str(_)),
            word => ITEM_KEYWORDS.contains(&word),
        }
    }

    /// Skips tokens until parsing can resume at `sync`. `open` braces were
    /// opened since the construct the sync belongs to.
    fn recover(&mut self, sync: Sync, open: usize) {
        let mut depth = open;
        loop {
            let token = self.peek().clone();
            let word = (token.tok == Tok::Ident).then(|| self.token_text(&token));
            let stop = match &token.tok {
                Tok::Eof => true,
                _ if self.starts_item(&token) => true,
                Tok::Punct(Punct::RBrace) if sync != Sync::Item => {
                    if depth == 0 {
                        true
                    } else {
                        depth -= 1;
                        false
                    }
                }
                Tok::Punct(Punct::LBrace) => {
                    depth += 1;
                    false
                }
                Tok::Punct(Punct::Comma) => sync == Sync::Variant && depth == 0,
                _ => match (sync, word) {
                    (Sync::Clause, Some(w)) => token.line_start && CLAUSE_KEYWORDS.contains(&w),
                    (Sync::Field | Sync::Variant, Some(w)) => token.line_start && !is_keyword(w),
                    _ => false,
                },
            };
            if stop {
                return;
            }
            self.bump();
        }
    }

    /// Records an error and recovers; guarantees progress from `before`.
    fn fail(&mut self, error: SyntaxError, sync: Sync, base_braces: usize, before: usize) {
        self.errors.push(error);
        let open = self.braces.saturating_sub(base_braces);
        self.braces = base_braces;
        self.depth = 0;
        self.recover(sync, open);
        if self.pos == before && self.peek().tok != Tok::Eof {
            self.bump();
            self.recover(sync, 0);
        }
    }

    // ----- items ----------------------------------------------------------

    pub(crate) fn module(&mut self) -> Module {
        let mut items = Vec::new();
        loop {
            let token = self.peek().clone();
            if token.tok == Tok::Eof {
                break;
            }
            let before = self.pos;
            let word = self.token_text(&token);
            let is_item = match word {
                "quote" => matches!(self.peek2().tok, Tok::Str(_)),
                _ => ITEM_KEYWORDS.contains(&word),
            };
            let result = if token.tok == Tok::Ident && is_item {
                self.item()
            } else {
                Err(self.not_an_item(&token))
            };
            match result {
                Ok(item) => items.push(item),
                Err(e) => self.fail(e, Sync::Item, 0, before),
            }
        }
        Module { items }
    }

    fn not_an_item(&self, token: &Token) -> SyntaxError {
        let text = self.token_text(token);
        let lang = self.lang;
        if token.tok == Tok::Ident
            && let Some(s) = suggest(text, ITEM_KEYWORDS)
        {
            return self.error_at(
                token,
                t!(lang, load::UNKNOWN_ITEM, word = text),
                &t!(lang, load::UNKNOWN_ITEM_LABEL),
                Some(t!(lang, load::DID_YOU_MEAN, name = s)),
            );
        }
        if token.tok == Tok::Ident && CLAUSE_KEYWORDS.contains(&text) {
            return self.error_at(
                token,
                t!(lang, load::CLAUSE_OUTSIDE_RULE, word = text),
                &t!(lang, load::CLAUSE_OUTSIDE_RULE_LABEL),
                Some(t!(lang, load::CLAUSE_OUTSIDE_RULE_HELP)),
            );
        }
        let what = t!(lang, load::AN_ITEM);
        self.error_at(
            token,
            t!(
                lang,
                load::EXPECTED,
                what = what,
                found = self.describe(token)
            ),
            &t!(lang, load::EXPECTED_LABEL, what = what),
            Some(t!(
                lang,
                load::ITEMS_START_WITH,
                list = t!(lang, load::ITEM_LIST)
            )),
        )
    }

    fn item(&mut self) -> PResult<Item> {
        let keyword = self.bump();
        let start = keyword.start;
        match self.token_text(&keyword) {
            "plan" => {
                let title = self.string(load::W_PLAN_TITLE)?;
                Ok(Item::Plan(PlanDecl {
                    title,
                    span: self.since(start),
                }))
            }
            "quote" => {
                let cite = self.string(load::W_CITE_QUOTED)?;
                let text = self.string(load::W_QUOTED_TEXT)?;
                Ok(Item::Quote(QuoteDecl {
                    cite,
                    text,
                    span: self.since(start),
                }))
            }
            "const" => {
                let name = self.ident(load::W_CONST_NAME)?;
                self.expect_punct(Punct::Assign, load::CTX_AFTER_CONST_NAME)?;
                let value = self.expr()?;
                Ok(Item::Const(ConstDecl {
                    name,
                    value,
                    span: self.since(start),
                }))
            }
            "enum" => self.enum_decl(start).map(Item::Enum),
            "record" => self.record_decl(start).map(Item::Record),
            "rule" => self.rule_decl(start).map(Item::Rule),
            _ => self.waive_decl(start).map(Item::Waive),
        }
    }

    /// The error for a `{ … }` body that reached the next item or the end
    /// of the file.
    fn unclosed(&self, what: Msg, open: &Token) -> SyntaxError {
        let what = t!(self.lang, what);
        SyntaxError {
            span: self.tspan(open),
            message: t!(self.lang, load::UNCLOSED, what = what),
            label: t!(self.lang, load::UNCLOSED_LABEL, what = what),
            help: Some(t!(self.lang, load::UNCLOSED_HELP, what = what)),
        }
    }

    /// Whether a body loop has reached the next item or the end of file.
    fn body_ended(&mut self) -> bool {
        let token = self.peek().clone();
        token.tok == Tok::Eof || self.starts_item(&token)
    }

    fn enum_decl(&mut self, start: usize) -> PResult<EnumDecl> {
        let name = self.ident(load::W_ENUM_NAME)?;
        let open = self.expect_punct(Punct::LBrace, load::CTX_START_ENUM)?;
        self.braces += 1;
        let base = self.braces;
        let mut variants = Vec::new();
        loop {
            if self.eat_punct(Punct::RBrace).is_some() {
                break;
            }
            if self.body_ended() {
                self.errors.push(self.unclosed(load::BODY_ENUM, &open));
                break;
            }
            let before = self.pos;
            match self.variant() {
                Ok(v) => variants.push(v),
                Err(e) => {
                    self.fail(e, Sync::Variant, base, before);
                    self.eat_punct(Punct::Comma);
                }
            }
        }
        self.braces = base - 1;
        Ok(EnumDecl {
            name,
            variants,
            span: self.since(start),
        })
    }

    /// `name "label"…` and its `,` (or the enum's `}` next).
    fn variant(&mut self) -> PResult<VariantDecl> {
        let name = self.ident(load::W_VARIANT_NAME)?;
        let mut labels = Vec::new();
        while let Tok::Str(_) = self.peek().tok {
            labels.push(self.string(load::W_LABEL)?);
        }
        if self.eat_punct(Punct::Comma).is_none() && !self.at_punct(Punct::RBrace) {
            let mut e = self.expected(load::CTX_AFTER_VARIANT);
            e.help = Some(t!(self.lang, load::VARIANT_HELP));
            return Err(e);
        }
        Ok(VariantDecl { name, labels })
    }

    fn record_decl(&mut self, start: usize) -> PResult<RecordDecl> {
        let name = self.ident(load::W_RECORD_NAME)?;
        let open = self.expect_punct(Punct::LBrace, load::CTX_START_RECORD)?;
        self.braces += 1;
        let base = self.braces;
        let mut fields = Vec::new();
        loop {
            if self.eat_punct(Punct::RBrace).is_some() {
                break;
            }
            if self.body_ended() {
                self.errors.push(self.unclosed(load::BODY_RECORD, &open));
                break;
            }
            let before = self.pos;
            match self.field() {
                Ok(f) => fields.push(f),
                Err(e) => self.fail(e, Sync::Field, base, before),
            }
        }
        self.braces = base - 1;
        Ok(RecordDecl {
            name,
            fields,
            span: self.since(start),
        })
    }

    /// `name: type, attribute, …`
    fn field(&mut self) -> PResult<FieldDecl> {
        let start = self.peek().start;
        let name = self.ident(load::W_FIELD_NAME)?;
        self.expect_punct(Punct::Colon, load::CTX_AFTER_FIELD_NAME)?;
        let ty = self.ident(load::W_TYPE)?;
        let mut attrs = Vec::new();
        while self.eat_punct(Punct::Comma).is_some() {
            attrs.push(self.attribute()?);
        }
        Ok(FieldDecl {
            name,
            ty,
            attrs,
            span: self.since(start),
        })
    }

    fn attribute(&mut self) -> PResult<FieldAttr> {
        let token = self.peek().clone();
        let word = if token.tok == Tok::Ident {
            self.token_text(&token)
        } else {
            ""
        };
        if !ATTRIBUTE_KEYWORDS.contains(&word) {
            let lang = self.lang;
            let help = suggest(word, ATTRIBUTE_KEYWORDS)
                .map(|s| t!(lang, load::DID_YOU_MEAN, name = s))
                .unwrap_or_else(|| t!(lang, load::ATTRIBUTES_HELP));
            let what = t!(lang, load::AN_ATTRIBUTE);
            let message = if token.tok == Tok::Ident && !is_keyword(word) {
                t!(lang, load::UNKNOWN_ATTRIBUTE, word = word)
            } else {
                t!(
                    lang,
                    load::EXPECTED,
                    what = what,
                    found = self.describe(&token)
                )
            };
            let label = t!(lang, load::EXPECTED_LABEL, what = what);
            return Err(self.error_at(&token, message, &label, Some(help)));
        }
        self.bump();
        let kind = match word {
            "key" => FieldAttrKind::Key,
            "required" => FieldAttrKind::Required,
            "unique" => FieldAttrKind::Unique,
            "min" => FieldAttrKind::Min(self.expr()?),
            "max" => FieldAttrKind::Max(self.expr()?),
            "matches" => FieldAttrKind::Matches(self.string(load::W_REGEX)?),
            _ => {
                let mut headers = vec![self.string(load::W_HEADER_STRING)?];
                while let Tok::Str(_) = self.peek().tok {
                    headers.push(self.string(load::W_HEADER)?);
                }
                FieldAttrKind::Column(headers)
            }
        };
        Ok(FieldAttr {
            kind,
            span: self.since(token.start),
        })
    }

    fn waive_decl(&mut self, start: usize) -> PResult<WaiveDecl> {
        let rule = self.rule_id()?;
        self.expect_word("for", load::CTX_WAIVED_KEYS)?;
        let mut keys = vec![self.string(load::W_WAIVED_KEY)?];
        while self.eat_punct(Punct::Comma).is_some() {
            keys.push(self.string(load::W_WAIVED_KEY)?);
        }
        self.expect_word("until", load::CTX_WAIVER_END)?;
        let until = self.date(load::W_DATE)?;
        self.expect_word("because", load::CTX_WAIVER_REASON)?;
        let reason = self.string(load::W_REASON)?;
        Ok(WaiveDecl {
            rule,
            keys,
            until,
            reason,
            span: self.since(start),
        })
    }

    // ----- rules ----------------------------------------------------------

    fn rule_decl(&mut self, start: usize) -> PResult<RuleDecl> {
        let id = self.rule_id()?;
        let title = self.string(load::W_RULE_TITLE)?;
        let open = self.expect_punct(Punct::LBrace, load::CTX_START_RULE)?;
        self.braces += 1;
        let base = self.braces;
        let mut clauses = Vec::new();
        loop {
            if self.eat_punct(Punct::RBrace).is_some() {
                break;
            }
            if self.body_ended() {
                self.errors.push(self.unclosed(load::BODY_RULE, &open));
                break;
            }
            let before = self.pos;
            let token = self.peek().clone();
            let word = self.token_text(&token);
            let result = if token.tok == Tok::Ident && CLAUSE_KEYWORDS.contains(&word) {
                self.clause()
            } else {
                Err(self.not_a_clause(&token))
            };
            match result {
                Ok(clause) => clauses.push(clause),
                Err(e) => self.fail(e, Sync::Clause, base, before),
            }
        }
        self.braces = base - 1;
        Ok(RuleDecl {
            id,
            title,
            clauses,
            span: self.since(start),
        })
    }

    fn not_a_clause(&self, token: &Token) -> SyntaxError {
        let text = self.token_text(token);
        let lang = self.lang;
        let list = CLAUSE_KEYWORDS
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(list_separator(lang));
        let help = Some(t!(lang, load::CLAUSES_START_WITH, list = list));
        if token.tok == Tok::Ident && !is_keyword(text) {
            let help = suggest(text, CLAUSE_KEYWORDS)
                .map(|s| t!(lang, load::DID_YOU_MEAN, name = s))
                .or(help);
            return self.error_at(
                token,
                t!(lang, load::UNKNOWN_CLAUSE, word = text),
                &t!(lang, load::UNKNOWN_CLAUSE_LABEL),
                help,
            );
        }
        let what = t!(lang, load::A_CLAUSE);
        let message = t!(
            lang,
            load::EXPECTED,
            what = what,
            found = self.describe(token)
        );
        self.error_at(
            token,
            message,
            &t!(lang, load::EXPECTED_LABEL, what = what),
            hint(&token.tok, lang).or(help),
        )
    }

    fn clause(&mut self) -> PResult<Clause> {
        let keyword = self.bump();
        let start = keyword.start;
        let kind = match self.token_text(&keyword) {
            "cite" => ClauseKind::Cite(self.string(load::W_CITED_CLAUSE)?),
            "severity" => {
                let words = ["error", "warning", "info"];
                let (i, _) = self.one_of(&words, load::W_SEVERITY)?;
                ClauseKind::Severity([Severity::Error, Severity::Warning, Severity::Info][i])
            }
            "missing" => {
                let words = ["error", "warning", "info", "ignore"];
                let (i, _) = self.one_of(&words, load::W_SEVERITY_OR_IGNORE)?;
                ClauseKind::Missing(match i {
                    0 => MissingPolicy::Report(Severity::Error),
                    1 => MissingPolicy::Report(Severity::Warning),
                    2 => MissingPolicy::Report(Severity::Info),
                    _ => MissingPolicy::Ignore,
                })
            }
            "due" => ClauseKind::Due(self.date(load::W_DATE)?),
            "tags" => {
                let mut tags = vec![self.ident(load::W_TAG)?];
                while self.eat_punct(Punct::Comma).is_some() {
                    tags.push(self.ident(load::W_TAG)?);
                }
                ClauseKind::Tags(tags)
            }
            "for" => {
                let record = self.ident(load::W_RECORD_TYPE)?;
                let scope = if self.eat_word("overall").is_some() {
                    ScopeDecl::Overall
                } else if self.eat_word("per").is_some() {
                    let mut fields = vec![self.ident(load::W_GROUP_FIELD)?];
                    while self.eat_punct(Punct::Comma).is_some() {
                        fields.push(self.ident(load::W_GROUP_FIELD)?);
                    }
                    ScopeDecl::Per(fields)
                } else {
                    ScopeDecl::Record
                };
                ClauseKind::For { record, scope }
            }
            "where" => ClauseKind::Where(self.expr()?),
            "require" => ClauseKind::Require(self.expr()?),
            "let" => {
                let name = self.ident(load::W_NAME)?;
                self.expect_punct(Punct::Assign, load::CTX_AFTER_LET_NAME)?;
                let value = self.expr()?;
                ClauseKind::Let { name, value }
            }
            "message" => ClauseKind::Message(self.template(load::W_MESSAGE)?),
            "help" => ClauseKind::Help(self.template(load::W_HELP)?),
            _ => ClauseKind::Example(self.example()?),
        };
        Ok(Clause {
            kind,
            span: self.since(start),
        })
    }

    fn template(&mut self, what: Msg) -> PResult<Template> {
        let token = self.peek().clone();
        if !matches!(token.tok, Tok::Str(_)) {
            return Err(self.expected(what));
        }
        self.bump();
        let (template, errors) = template::parse(self.file, self.text, token.start, self.lang);
        self.errors.extend(errors);
        Ok(template)
    }

    fn example(&mut self) -> PResult<ExampleDecl> {
        let words = ["pass", "fail", "missing", "skip"];
        let (i, token) = self.one_of(&words, load::W_OUTCOME)?;
        let outcome = [
            ExampleOutcome::Pass,
            ExampleOutcome::Fail,
            ExampleOutcome::Missing,
            ExampleOutcome::Skip,
        ][i];
        let outcome_span = self.tspan(&token);
        let mut records = Vec::new();
        let is_group = self.eat_punct(Punct::LBracket).is_some();
        if is_group {
            loop {
                if self.eat_punct(Punct::RBracket).is_some() {
                    break;
                }
                records.push(self.example_record()?);
                if self.eat_punct(Punct::Comma).is_none() {
                    self.expect_punct(Punct::RBracket, load::CTX_CLOSE_EXAMPLES)?;
                    break;
                }
            }
        } else if self.at_punct(Punct::LBrace) {
            records.push(self.example_record()?);
        } else {
            let mut e = self.expected(load::CTX_EXAMPLE_BODY);
            e.help = Some(t!(self.lang, load::EXAMPLE_BODY_HELP));
            return Err(e);
        }
        Ok(ExampleDecl {
            outcome,
            outcome_span,
            records,
            is_group,
        })
    }

    /// `{ field: value, … }`
    fn example_record(&mut self) -> PResult<ExampleRecord> {
        let open = self.expect_punct(Punct::LBrace, load::CTX_START_EXAMPLE)?;
        self.braces += 1;
        let mut fields = Vec::new();
        loop {
            if self.eat_punct(Punct::RBrace).is_some() {
                break;
            }
            let name = self.ident(load::W_FIELD_NAME)?;
            self.expect_punct(Punct::Colon, load::CTX_AFTER_FIELD_NAME)?;
            let value = self.expr()?;
            fields.push((name, value));
            if self.eat_punct(Punct::Comma).is_none() {
                self.expect_punct(Punct::RBrace, load::CTX_AFTER_VALUE)?;
                break;
            }
        }
        self.braces -= 1;
        Ok(ExampleRecord {
            fields,
            span: self.since(open.start),
        })
    }

    /// A lone expression filling the whole text.
    pub(crate) fn standalone_expr(&mut self) -> Option<Expr> {
        let result = self.expr().and_then(|e| {
            if self.peek().tok == Tok::Eof {
                Ok(e)
            } else {
                Err(self.expected(load::W_EXPR_END))
            }
        });
        result.map_err(|e| self.errors.push(e)).ok()
    }
}

/// Advice for tokens people write from other languages.
pub(crate) fn hint(tok: &Tok, lang: Lang) -> Option<String> {
    let msg = match tok {
        Tok::Punct(Punct::Assign) => load::HINT_ASSIGN,
        Tok::Unknown('!') => load::HINT_BANG,
        Tok::Unknown('&') => load::HINT_AND,
        Tok::Unknown('|') => load::HINT_OR,
        Tok::Unknown('\'') => load::HINT_SINGLE_QUOTE,
        Tok::Unknown('“' | '”') => load::HINT_CURLY_QUOTE,
        Tok::Unknown(c) if !c.is_ascii() => load::HINT_NON_ASCII,
        _ => return None,
    };
    Some(t!(lang, msg))
}
