//! `message`/`help` templates: each `{EXPR[:FORMAT]}` hole is type-checked
//! in the rule's scope (lets, fields, aggregates); errors point inside the
//! string.

use crate::model::{TPart, TTemplate, Type};
use crate::syntax::ast::{Format, Template, TemplatePart};

use super::error;
use super::types::{Typer, type_name_in};
use crate::i18n::load;
use crate::t;

/// Checks a template; `None` when a hole has an error (reported).
pub fn template(typer: &mut Typer<'_, '_>, template: &Template) -> Option<TTemplate> {
    let mut parts = Vec::with_capacity(template.parts.len());
    let mut ok = true;
    for part in &template.parts {
        match part {
            TemplatePart::Text(t) => parts.push(TPart::Text(t.clone())),
            TemplatePart::Hole { expr, format } => {
                let Some(t) = typer.expr(expr) else {
                    ok = false;
                    continue;
                };
                let fits = match format {
                    Format::Plain => true,
                    Format::Percent => t.ty.is_numeric(),
                    Format::Decimals(_) => t.ty.is_numeric() || matches!(t.ty, Type::Quantity(_)),
                };
                if !fits {
                    let lang = typer.errors.lang;
                    let name = type_name_in(t.ty, typer.scope.enums, lang);
                    let spec = match format {
                        Format::Percent => "`:%`".to_string(),
                        _ => "`:.N`".to_string(),
                    };
                    typer.errors.push(
                        error::LoadError::at(
                            error::TYPE,
                            typer.sources,
                            expr.span,
                            t!(lang, load::FORMAT_NEEDS_NUMBER, spec = spec, ty = name),
                            t!(lang, load::THIS_IS, ty = name),
                        )
                        .with_help(t!(lang, load::FORMAT_NEEDS_NUMBER_HELP)),
                    );
                    ok = false;
                    continue;
                }
                parts.push(TPart::Hole {
                    expr: t,
                    format: *format,
                });
            }
        }
    }
    ok.then_some(TTemplate { parts })
}
