//! Findings → text. Each output format is one renderer behind [`Reporter`];
//! renderers never know how rules are evaluated.

use crate::data::DataFile;
use crate::diag::{Finding, Summary};
use crate::i18n::Lang;
use crate::model::Pack;
use crate::value::Date;

pub mod describe;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod output;
pub mod pack;
pub mod sarif;
mod snippet;
pub mod template;
#[cfg(test)]
mod tests;

/// What a renderer may consult besides the findings themselves.
pub struct Context<'a> {
    pub pack: &'a Pack,
    /// The data files read so far; a finding's `Location::file` indexes this.
    pub files: &'a [DataFile],
    pub as_of: Date,
    /// The language of everything the renderer says by itself.
    pub lang: Lang,
}

/// An output format. Findings arrive in output order (CLI.md), one at a
/// time, so a renderer can stream; `finish` closes the report.
pub trait Reporter {
    fn finding(&mut self, cx: &Context, finding: &Finding) -> std::io::Result<()>;
    fn finish(&mut self, cx: &Context, summary: &Summary) -> std::io::Result<()>;

    /// Whether this renderer reads a finding's text (message, help, values)
    /// at all. One that only counts (the human summary under `-q`) says no,
    /// and the engine then leaves that text empty instead of rendering it.
    fn wants_text(&self) -> bool {
        true
    }

    /// The field whose values this renderer breaks the run's counts down
    /// by (the HTML report's counties). When it names one, the engine
    /// counts every rule's checks per value and hands them over in
    /// [`Summary::breakdown`].
    fn breakdown_field(&self) -> Option<&'static str> {
        None
    }
}
