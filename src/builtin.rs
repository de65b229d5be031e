//! The shipped packs, compiled into the binary: the Guigang plan pack, so
//! that `dudao check 我校.xlsx` works anywhere without `-r`, and the national
//! high-quality balanced pack, selected by name with `-r national` when no
//! such path exists. Tests check that the lists name every file of
//! `rules/guigang/` and `rules/national/quality-balanced/`.

use crate::check::LoadError;
use crate::i18n::Lang;
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

/// The national pack's files (县域义务教育优质均衡发展督导评估办法), by their path
/// in the repository.
pub const NATIONAL: &[(&str, &str)] = &[
    (
        "rules/national/quality-balanced/balance.dudao",
        include_str!("../rules/national/quality-balanced/balance.dudao"),
    ),
    (
        "rules/national/quality-balanced/method.dudao",
        include_str!("../rules/national/quality-balanced/method.dudao"),
    ),
    (
        "rules/national/quality-balanced/resources.dudao",
        include_str!("../rules/national/quality-balanced/resources.dudao"),
    ),
    (
        "rules/national/quality-balanced/schema.dudao",
        include_str!("../rules/national/quality-balanced/schema.dudao"),
    ),
    (
        "rules/national/quality-balanced/size.dudao",
        include_str!("../rules/national/quality-balanced/size.dudao"),
    ),
];

/// The names under which `-r NAME` selects a built-in pack (when no file or
/// directory NAME exists), with each pack's files.
pub const PACKS: &[(&str, &[(&str, &str)])] = &[("guigang", GUIGANG), ("national", NATIONAL)];

fn load(files: &[(&str, &str)], lang: Lang) -> Result<Pack, Vec<LoadError>> {
    crate::check::load_sources_in(
        files
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect(),
        lang,
    )
}

/// Loads the built-in Guigang pack.
pub fn guigang() -> Result<Pack, Vec<LoadError>> {
    guigang_in(Lang::En)
}

/// [`guigang`], with any load error in `lang`.
pub fn guigang_in(lang: Lang) -> Result<Pack, Vec<LoadError>> {
    load(GUIGANG, lang)
}

/// Loads the built-in national high-quality balanced pack.
pub fn national() -> Result<Pack, Vec<LoadError>> {
    load(NATIONAL, Lang::En)
}

/// Loads the built-in pack called `name` (`guigang`, `national`), if there
/// is one.
pub fn by_name(name: &str) -> Option<Result<Pack, Vec<LoadError>>> {
    by_name_in(name, Lang::En)
}

/// [`by_name`], with any load error in `lang`.
pub fn by_name_in(name: &str, lang: Lang) -> Option<Result<Pack, Vec<LoadError>>> {
    PACKS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, files)| load(files, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_disk(pack: &str) -> Vec<String> {
        let dir = format!("{}/{pack}", env!("CARGO_MANIFEST_DIR"));
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect(pack)
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".dudao"))
            .map(|name| format!("{pack}/{name}"))
            .collect();
        on_disk.sort();
        on_disk
    }

    #[test]
    fn every_file_of_the_pack_is_built_in() {
        let built_in: Vec<&str> = GUIGANG.iter().map(|(name, _)| *name).collect();
        assert_eq!(built_in, on_disk("rules/guigang"));
    }

    #[test]
    fn every_file_of_the_national_pack_is_built_in() {
        let built_in: Vec<&str> = NATIONAL.iter().map(|(name, _)| *name).collect();
        assert_eq!(built_in, on_disk("rules/national/quality-balanced"));
    }

    #[test]
    fn built_in_packs_load_by_name() {
        let national = by_name("national")
            .expect("a built-in pack")
            .expect("loads");
        assert_eq!(national.rules.len(), 24);
        let guigang = by_name("guigang").expect("a built-in pack").expect("loads");
        assert!(guigang.rules.iter().any(|r| r.id == "BOARD-001"));
        assert!(by_name("rules/national").is_none());
    }
}
