//! Findings → text. Each output format is one renderer behind [`Reporter`];
//! renderers never know how rules are evaluated.

use crate::data::DataFile;
use crate::diag::{Finding, Render, Summary};
use crate::i18n::Lang;
use crate::model::Pack;
use crate::value::Date;

pub mod describe;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
mod json_write;
pub mod junit;
pub mod markdown;
pub mod output;
pub mod pack;
pub mod sarif;
mod snippet;
pub mod template;
#[cfg(test)]
mod tests;

/// Makes a [`Render`] for the pack and files of a context: a plain
/// function, so that any thread may make one for the file it reads.
pub type MakeRender = for<'c> fn(&'c Context<'c>) -> Box<dyn Render + 'c>;

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

    /// Whether this renderer looks at findings at all, beyond counting them.
    /// One that only prints the summary (`-q`) says no, and the engine then
    /// counts record findings of rules without waivers where it finds them
    /// instead of building and handing them over; the summary is the same.
    fn wants_findings(&self) -> bool {
        true
    }

    /// What makes, for a context, a renderer that turns one finding into
    /// bytes on any thread, such that [`Reporter::rendered`] writes for them
    /// exactly what [`Reporter::finding`] would write for the finding. With
    /// one, the engine renders record findings in parallel (where they are
    /// read, when a reader checks them) and hands their bytes to
    /// [`Reporter::rendered`] in output order, instead of the findings.
    fn renderer(&self) -> Option<MakeRender> {
        None
    }

    /// Writes the bytes of one or more findings, one after another, as the
    /// [`Reporter::renderer`] rendered them. Only a reporter that offers a
    /// renderer is given any; by default they are refused.
    fn rendered(&mut self, _cx: &Context, _bytes: &[u8]) -> std::io::Result<()> {
        Err(std::io::Error::other(
            "rendered findings for a reporter without a renderer",
        ))
    }

    /// [`Reporter::rendered`] for the bytes of a whole buffer, which the
    /// reporter may take instead of copying: a file written on a thread of
    /// its own gets the buffer as it is, and an emptied buffer (or none)
    /// is left in its place for the engine to reuse. By default the bytes
    /// are copied by [`Reporter::rendered`].
    fn rendered_buffer(&mut self, cx: &Context, bytes: &mut Vec<u8>) -> std::io::Result<()> {
        self.rendered(cx, bytes)
    }

    /// The field whose values this renderer breaks the run's counts down
    /// by (the HTML report's counties). When it names one, the engine
    /// counts every rule's checks per value and hands them over in
    /// [`Summary::breakdown`].
    fn breakdown_field(&self) -> Option<&'static str> {
        None
    }
}
