//! The Guigang plan pack, compiled into the binary so that `dudao check
//! 我校.xlsx` works anywhere without `-r`.

use crate::check::LoadError;
use crate::model::Pack;

/// The shipped pack's files, by their path in the repository.
pub const GUIGANG: &[(&str, &str)] = &[];

/// Loads the built-in Guigang pack.
pub fn guigang() -> Result<Pack, Vec<LoadError>> {
    crate::check::load_sources(
        GUIGANG
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect(),
    )
}
