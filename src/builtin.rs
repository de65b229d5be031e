//! The Guigang plan pack, compiled into the binary so that `dudao check
//! 我校.xlsx` works anywhere without `-r`. A test checks that this list
//! names every file of `rules/guigang/`.

use crate::check::LoadError;
use crate::model::Pack;

/// The shipped pack's files, by their path in the repository.
pub const GUIGANG: &[(&str, &str)] = &[
    (
        "rules/guigang/aggregate.dudao",
        include_str!("../rules/guigang/aggregate.dudao"),
    ),
    (
        "rules/guigang/county.dudao",
        include_str!("../rules/guigang/county.dudao"),
    ),
    (
        "rules/guigang/facilities.dudao",
        include_str!("../rules/guigang/facilities.dudao"),
    ),
    (
        "rules/guigang/plan.dudao",
        include_str!("../rules/guigang/plan.dudao"),
    ),
    (
        "rules/guigang/preschool.dudao",
        include_str!("../rules/guigang/preschool.dudao"),
    ),
    (
        "rules/guigang/schema.dudao",
        include_str!("../rules/guigang/schema.dudao"),
    ),
    (
        "rules/guigang/school.dudao",
        include_str!("../rules/guigang/school.dudao"),
    ),
];

/// Loads the built-in Guigang pack.
pub fn guigang() -> Result<Pack, Vec<LoadError>> {
    crate::check::load_sources(
        GUIGANG
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_pack_is_built_in() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/guigang");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("rules/guigang")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".dudao"))
            .map(|name| format!("rules/guigang/{name}"))
            .collect();
        on_disk.sort();
        let built_in: Vec<&str> = GUIGANG.iter().map(|(name, _)| *name).collect();
        assert_eq!(built_in, on_disk);
    }
}
