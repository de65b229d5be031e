//! Expressions, by precedence climbing (LANGUAGE.md section 5).
//!
//! Loosest first: `if`; `or`; `and`; `not`; comparisons and `in`; `+ -`;
//! `* /`; unary `-`; `??`; primaries. Each binary level is parsed by a loop
//! into one flat [`ExprKind::Chain`], so long sums cost no stack. Recursion
//! happens only through nesting (parentheses, lists, call arguments, `if`
//! parts) and prefix operators, and all of it counts against
//! [`MAX_DEPTH`]: too deep an expression is one located error.

use crate::i18n::load;
use crate::syntax::MAX_DEPTH;
use crate::syntax::ast::*;
use crate::syntax::is_keyword;
use crate::syntax::lexer::{Punct, Tok, Token};
use crate::syntax::parser::{PResult, Parser};
use crate::t;

/// An operator between comparison operands.
enum CmpOp {
    Compare(CompareOp),
    In { negated: bool },
}

impl Parser<'_> {
    /// A full expression.
    pub(crate) fn expr(&mut self) -> PResult<Expr> {
        let token = self.peek().clone();
        self.enter(&token, 1)?;
        let result = self.or_expr();
        self.depth -= 1;
        result
    }

    /// Accounts for `levels` more levels of nesting at `token`.
    fn enter(&mut self, token: &Token, levels: usize) -> PResult<()> {
        if self.depth + levels > MAX_DEPTH {
            return Err(self.error_at(
                token,
                t!(self.lang, load::TOO_DEEP, limit = MAX_DEPTH),
                &t!(self.lang, load::TOO_DEEP_LABEL),
                Some(t!(self.lang, load::TOO_DEEP_HELP)),
            ));
        }
        self.depth += levels;
        Ok(())
    }

    /// A left-associative chain of one precedence level.
    fn chain(
        &mut self,
        first: fn(&mut Self) -> PResult<Expr>,
        next: fn(&mut Self) -> PResult<Expr>,
        op: fn(&mut Self) -> Option<BinOp>,
    ) -> PResult<Expr> {
        let first = first(self)?;
        let mut rest = Vec::new();
        while let Some(op) = op(self) {
            self.bump();
            rest.push((op, next(self)?));
        }
        Ok(match rest.last() {
            None => first,
            Some((_, last)) => Expr {
                span: first.span.to(last.span),
                kind: ExprKind::Chain {
                    first: Box::new(first),
                    rest,
                },
            },
        })
    }

    fn or_expr(&mut self) -> PResult<Expr> {
        self.chain(Self::and_expr, Self::and_expr, |p| {
            p.at_word("or").then_some(BinOp::Or)
        })
    }

    fn and_expr(&mut self) -> PResult<Expr> {
        self.chain(Self::not_expr, Self::not_expr, |p| {
            p.at_word("and").then_some(BinOp::And)
        })
    }

    /// Prefix operators: the run of tokens, each a level of nesting.
    fn prefix_run(&mut self, is_op: fn(&mut Self) -> bool) -> PResult<Vec<Token>> {
        let mut ops = Vec::new();
        while is_op(self) {
            let token = self.peek().clone();
            if let Err(e) = self.enter(&token, 1) {
                self.depth -= ops.len();
                return Err(e);
            }
            ops.push(self.bump());
        }
        Ok(ops)
    }

    /// Applies prefix operators (innermost last in `ops`) to an operand.
    fn apply_prefix(
        &mut self,
        ops: Vec<Token>,
        operand: PResult<Expr>,
        op: UnaryOp,
    ) -> PResult<Expr> {
        self.depth -= ops.len();
        let mut expr = operand?;
        for token in ops.into_iter().rev() {
            expr = Expr {
                span: self.tspan(&token).to(expr.span),
                kind: ExprKind::Unary {
                    op,
                    operand: Box::new(expr),
                },
            };
        }
        Ok(expr)
    }

    fn not_expr(&mut self) -> PResult<Expr> {
        let nots = self.prefix_run(|p| p.at_word("not"))?;
        let operand = self.cmp_expr();
        self.apply_prefix(nots, operand, UnaryOp::Not)
    }

    /// The comparison operator ahead, if any (`not in` is two tokens).
    fn cmp_op(&mut self) -> Option<CmpOp> {
        let token = self.peek().clone();
        let op = match token.tok {
            Tok::Punct(Punct::EqEq) => CompareOp::Eq,
            Tok::Punct(Punct::Ne) => CompareOp::Ne,
            Tok::Punct(Punct::Lt) => CompareOp::Lt,
            Tok::Punct(Punct::Le) => CompareOp::Le,
            Tok::Punct(Punct::Gt) => CompareOp::Gt,
            Tok::Punct(Punct::Ge) => CompareOp::Ge,
            Tok::Ident => {
                return match self.token_text(&token) {
                    "in" => Some(CmpOp::In { negated: false }),
                    "not" => {
                        let next = self.peek2();
                        (next.tok == Tok::Ident && self.token_text(&next) == "in")
                            .then_some(CmpOp::In { negated: true })
                    }
                    _ => None,
                };
            }
            _ => return None,
        };
        Some(CmpOp::Compare(op))
    }

    fn cmp_expr(&mut self) -> PResult<Expr> {
        let lhs = self.add_expr()?;
        let Some(op) = self.cmp_op() else {
            return Ok(lhs);
        };
        self.bump();
        if let CmpOp::In { negated: true } = op {
            self.bump();
        }
        let rhs = self.add_expr()?;
        let span = lhs.span.to(rhs.span);
        let kind = match op {
            CmpOp::Compare(op) => ExprKind::Compare {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            CmpOp::In { negated } => ExprKind::In {
                lhs: Box::new(lhs),
                list: Box::new(rhs),
                negated,
            },
        };
        if self.cmp_op().is_some() {
            let token = self.peek().clone();
            return Err(self.error_at(
                &token,
                t!(self.lang, load::CHAINED_COMPARISON),
                &t!(self.lang, load::CHAINED_COMPARISON_LABEL),
                Some(t!(self.lang, load::CHAINED_COMPARISON_HELP)),
            ));
        }
        Ok(Expr { kind, span })
    }

    fn add_expr(&mut self) -> PResult<Expr> {
        self.chain(Self::mul_expr, Self::mul_expr, |p| match p.peek().tok {
            Tok::Punct(Punct::Plus) => Some(BinOp::Add),
            Tok::Punct(Punct::Minus) => Some(BinOp::Sub),
            _ => None,
        })
    }

    fn mul_expr(&mut self) -> PResult<Expr> {
        self.chain(Self::neg_expr, Self::neg_expr, |p| match p.peek().tok {
            Tok::Punct(Punct::Star) => Some(BinOp::Mul),
            Tok::Punct(Punct::Slash) => Some(BinOp::Div),
            _ => None,
        })
    }

    fn neg_expr(&mut self) -> PResult<Expr> {
        let minuses = self.prefix_run(|p| p.at_punct(Punct::Minus))?;
        let operand = self.coalesce_expr();
        self.apply_prefix(minuses, operand, UnaryOp::Neg)
    }

    /// `a ?? b`; as in Python's `2 ** -1`, the right operand may be
    /// negated (`x ?? -1`) although `-` binds looser than `??`.
    fn coalesce_expr(&mut self) -> PResult<Expr> {
        let next = |p: &mut Self| {
            if p.at_punct(Punct::Minus) {
                p.neg_expr()
            } else {
                p.primary()
            }
        };
        self.chain(Self::primary, next, |p| {
            p.at_punct(Punct::Coalesce).then_some(BinOp::Coalesce)
        })
    }

    fn primary(&mut self) -> PResult<Expr> {
        let token = self.peek().clone();
        let span = self.tspan(&token);
        let kind = match token.tok {
            Tok::Lit(kind) => kind,
            Tok::Str(value) => ExprKind::Str(value),
            Tok::Punct(Punct::LParen) => return self.paren(),
            Tok::Punct(Punct::LBracket) => return self.list(),
            Tok::Ident => {
                let word = self.token_text(&token);
                let call = self.peek2().tok == Tok::Punct(Punct::LParen);
                match word {
                    "true" => ExprKind::Bool(true),
                    "false" => ExprKind::Bool(false),
                    "if" => return self.if_expr(),
                    "min" | "max" | "missing" if call => return self.call(),
                    _ if is_keyword(word) => {
                        let help = (word == "not").then(|| t!(self.lang, load::NOT_HELP));
                        let mut e = self.expected(load::W_EXPRESSION);
                        e.help = help.or(e.help);
                        return Err(e);
                    }
                    _ if call => return self.call(),
                    _ => ExprKind::Name(word.to_string()),
                }
            }
            _ => return Err(self.expected(load::W_EXPRESSION)),
        };
        self.bump();
        Ok(Expr { kind, span })
    }

    fn paren(&mut self) -> PResult<Expr> {
        let open = self.bump();
        let inner = self.expr()?;
        self.expect_punct(Punct::RParen, load::CTX_CLOSE_PAREN)?;
        Ok(Expr {
            kind: ExprKind::Paren(Box::new(inner)),
            span: self.since(open.start),
        })
    }

    /// `[a, b, …]`, trailing comma allowed.
    fn list(&mut self) -> PResult<Expr> {
        let open = self.bump();
        let mut items = Vec::new();
        while !self.at_punct(Punct::RBracket) {
            items.push(self.expr()?);
            if self.eat_punct(Punct::Comma).is_none() {
                break;
            }
        }
        self.expect_punct(Punct::RBracket, load::CTX_CLOSE_LIST)?;
        Ok(Expr {
            kind: ExprKind::List(items),
            span: self.since(open.start),
        })
    }

    /// `f(args)`, `f(args where p)`, `count(where p)`, `count()`.
    fn call(&mut self) -> PResult<Expr> {
        let name = self.bump();
        let func = Ident {
            name: self.token_text(&name).to_string(),
            span: self.tspan(&name),
        };
        self.bump();
        let mut args = Vec::new();
        let mut filter = None;
        while !self.at_punct(Punct::RParen) {
            if self.eat_word("where").is_some() {
                filter = Some(Box::new(self.expr()?));
                break;
            }
            args.push(self.expr()?);
            if self.eat_punct(Punct::Comma).is_none() && !self.at_word("where") {
                break;
            }
        }
        let context = t!(
            self.lang,
            load::CTX_CLOSE_CALL,
            token = "`)`",
            name = func.name
        );
        self.expect_punct_for(Punct::RParen, &context)?;
        Ok(Expr {
            kind: ExprKind::Call { func, args, filter },
            span: self.since(name.start),
        })
    }

    /// `if A then B else C`.
    fn if_expr(&mut self) -> PResult<Expr> {
        let keyword = self.bump();
        let cond = self.expr()?;
        self.expect_word("then", load::CTX_AFTER_IF)?;
        let then = self.expr()?;
        self.expect_word("else", load::CTX_ELSE)?;
        let otherwise = self.expr()?;
        Ok(Expr {
            span: self.tspan(&keyword).to(otherwise.span),
            kind: ExprKind::If {
                cond: Box::new(cond),
                then: Box::new(then),
                otherwise: Box::new(otherwise),
            },
        })
    }
}
