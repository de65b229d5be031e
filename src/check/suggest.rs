//! "Did you mean …?": the closest known name to a misspelt one.

use crate::i18n::{Lang, load};
use crate::t;

/// The candidate closest to `name`, if one is close enough to be a likely
/// misspelling (normalised Damerau–Levenshtein similarity ≥ 0.5, or a
/// case-insensitive match).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = if candidate.eq_ignore_ascii_case(name) {
            1.0
        } else {
            strsim::normalized_damerau_levenshtein(name, candidate)
        };
        if score >= 0.5 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `"; did you mean `beds`?"`, or nothing when no name is close.
pub fn did_you_mean<'a>(
    lang: Lang,
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(name, candidates)
        .map_or_else(String::new, |c| t!(lang, load::DID_YOU_MEAN_TAIL, name = c))
}

/// A help text `did you mean `beds`?`, when a candidate is close.
pub fn help<'a>(
    lang: Lang,
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(name, candidates).map(|c| t!(lang, load::DID_YOU_MEAN, name = c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let names = ["beds", "boarders", "students"];
        assert_eq!(closest("bed", names), Some("beds"));
        assert_eq!(closest("Students", names), Some("students"));
        assert_eq!(closest("xyz", names), None);
        assert_eq!(
            did_you_mean(Lang::En, "bordersx", names),
            "; did you mean `boarders`?"
        );
        assert_eq!(
            did_you_mean(Lang::Zh, "bordersx", names),
            "；是不是想写 `boarders`？"
        );
        assert_eq!(
            help(Lang::En, "bed", names).as_deref(),
            Some("did you mean `beds`?")
        );
    }
}
