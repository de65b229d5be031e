//! Everything dudao says by itself, in English and in 简体中文 (issue #11).
//!
//! Rule packs speak their own language (titles, messages and help come from
//! the pack); this module holds the rest: data and load diagnostics, waiver
//! diagnostics, summaries, CLI help and errors, report labels. Each text is a
//! [`Msg`] — a stable id and one template per language with named `{holes}`
//! — declared with [`messages!`] in the area file that uses it (`data`,
//! `eval`, `load`, `report`, `cli`). [`ALL`] lists every area's entries so
//! that tests can check each one is translated and both languages use the
//! same holes.
//!
//! The language never changes machine-readable parts: rule ids, diagnostic
//! ids, JSON keys and exit statuses stay as they are.
//!
//! ```
//! use dudao::i18n::{Lang, Msg};
//! const GREETING: Msg = Msg { id: "GREETING", en: "{n} records", zh: "{n} 条记录" };
//! assert_eq!(dudao::t!(Lang::Zh, GREETING, n = 3), "3 条记录");
//! ```

use std::fmt::{self, Display};

/// The language of everything dudao says by itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Every language, for tests that render in each.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// `en`/`zh` (and `zh-CN`, `zh_CN.UTF-8`, `english`, …), ASCII
    /// case-insensitive; `None` for anything else.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "c" || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language the environment asks for: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty decides (POSIX order);
    /// `zh*` means Chinese, anything else English.
    pub fn from_env() -> Lang {
        Lang::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any variable lookup (testable without
    /// touching the process environment).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| var(name))
            .find(|value| !value.is_empty())
            .map_or(Lang::En, |value| {
                if value.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                }
            })
    }

    /// `en` or `zh`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// One catalogue entry: a stable id and its template in each language.
/// Holes are `{name}`; `{{` and `}}` are literal braces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Msg {
    pub id: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

impl Msg {
    /// The raw template in `lang`.
    pub fn template(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }

    /// The text in `lang` with its holes filled from `args`. A hole with no
    /// argument is left as written (`{name}`), which the catalogue tests
    /// catch; use the [`t!`](crate::t) macro rather than calling this.
    pub fn format(&self, lang: Lang, args: &[(&str, &dyn Display)]) -> String {
        let mut out = String::with_capacity(self.template(lang).len() + 16);
        self.write_to(&mut out, lang, args)
            .expect("writing to a String cannot fail");
        out
    }

    /// [`Msg::format`] into any `fmt::Write`, for renderers that stream.
    pub fn write_to(
        &self,
        out: &mut impl fmt::Write,
        lang: Lang,
        args: &[(&str, &dyn Display)],
    ) -> fmt::Result {
        let mut rest = self.template(lang);
        while let Some(i) = rest.find(['{', '}']) {
            out.write_str(&rest[..i])?;
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                out.write_char(tail.as_bytes()[0] as char)?;
                rest = &tail[2..];
                continue;
            }
            match (tail.starts_with('{'), tail.find('}')) {
                (true, Some(end)) => {
                    let name = &tail[1..end];
                    match args.iter().find(|(n, _)| *n == name) {
                        Some((_, value)) => write!(out, "{value}")?,
                        None => out.write_str(&tail[..=end])?,
                    }
                    rest = &tail[end + 1..];
                }
                _ => {
                    out.write_str(&tail[..1])?;
                    rest = &tail[1..];
                }
            }
        }
        out.write_str(rest)
    }

    /// The names of the holes in `lang`'s template, in order of appearance.
    pub fn holes(&self, lang: Lang) -> Vec<&'static str> {
        let mut holes = Vec::new();
        let mut rest = self.template(lang);
        while let Some(i) = rest.find('{') {
            let tail = &rest[i..];
            if let Some(after) = tail.strip_prefix("{{") {
                rest = after;
                continue;
            }
            match tail.find('}') {
                Some(end) => {
                    holes.push(&tail[1..end]);
                    rest = &tail[end + 1..];
                }
                None => break,
            }
        }
        holes
    }
}

/// Formats a catalogue message with named arguments:
/// `t!(lang, data::NOT_INTEGER, value = text, column = header)`.
#[macro_export]
macro_rules! t {
    ($lang:expr, $msg:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $msg.format(
            $lang,
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*],
        )
    };
}

/// Declares catalogue entries as `pub const`s and an `ENTRIES` list of them:
///
/// ```ignore
/// messages! {
///     /// A cell that should hold a whole number.
///     NOT_INTEGER {
///         en: "\"{value}\" in {column} is not a whole number",
///         zh: "「{column}」的值“{value}”不是整数",
///     }
/// }
/// ```
#[macro_export]
macro_rules! messages {
    ($($(#[$doc:meta])* $name:ident { en: $en:expr, zh: $zh:expr $(,)? })*) => {
        $(
            $(#[$doc])*
            pub const $name: $crate::i18n::Msg = $crate::i18n::Msg {
                id: stringify!($name),
                en: $en,
                zh: $zh,
            };
        )*
        /// Every entry of this area, for the catalogue tests.
        pub const ENTRIES: &[$crate::i18n::Msg] = &[$($name),*];
    };
}

/// Every catalogue entry of every area.
pub fn all() -> impl Iterator<Item = &'static Msg> {
    AREAS.iter().flat_map(|area| area.iter())
}

/// Each area's entry list.
const AREAS: &[&[Msg]] = &[
    common::ENTRIES,
    data::ENTRIES,
    eval::ENTRIES,
    load::ENTRIES,
    report::ENTRIES,
    cli::ENTRIES,
];

pub mod cli;
pub mod common;
pub mod data;
pub mod eval;
pub mod load;
pub mod report;

/// Whether `text` contains a CJK ideograph (tests use it to tell a Chinese
/// text from an untranslated English one).
pub fn has_cjk(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}'))
}

/// A count for people: `12,345` in both languages (千位分隔).
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A date for people: `2020-12-31` in English, `2020年12月31日` in Chinese.
pub fn date(lang: Lang, d: crate::value::Date) -> String {
    match lang {
        Lang::En => d.to_string(),
        Lang::Zh => {
            let (y, m, day) = d.ymd();
            format!("{y}年{m}月{day}日")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn holes_are_filled_by_name_and_braces_escape() {
        const M: Msg = Msg {
            id: "M",
            en: "{a} and {b} in {{braces}}",
            zh: "{b}与{a}",
        };
        assert_eq!(t!(Lang::En, M, a = 1, b = "x"), "1 and x in {braces}");
        assert_eq!(t!(Lang::Zh, M, a = 1, b = "x"), "x与1");
        assert_eq!(M.holes(Lang::En), ["a", "b"]);
        assert_eq!(t!(Lang::En, M, a = 1), "1 and {b} in {braces}");
    }

    #[test]
    fn language_follows_posix_variables() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_vars(env(&[])), Lang::En);
        assert_eq!(Lang::from_vars(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(
            Lang::from_vars(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_vars(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "zh_TW"),
                ("LANG", "en_US")
            ])),
            Lang::Zh
        );
        assert_eq!(Lang::parse("ZH-cn"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn every_entry_is_translated_with_the_same_holes() {
        let mut ids = HashSet::new();
        for msg in all() {
            assert!(ids.insert(msg.id), "{} is declared twice", msg.id);
            assert!(!msg.en.trim().is_empty(), "{} has no English", msg.id);
            assert!(!msg.zh.trim().is_empty(), "{} has no Chinese", msg.id);
            assert_ne!(msg.en, msg.zh, "{} is not translated", msg.id);
            let mut en = msg.holes(Lang::En);
            let mut zh = msg.holes(Lang::Zh);
            en.sort_unstable();
            zh.sort_unstable();
            assert_eq!(en, zh, "{}: the languages use different holes", msg.id);
            let words = msg.zh.split(['{', '}']).step_by(2).collect::<String>();
            assert!(
                has_cjk(&words) || !words.chars().any(|c| c.is_ascii_alphabetic()),
                "{}: the Chinese text reads as English: {}",
                msg.id,
                msg.zh
            );
        }
    }

    #[test]
    fn counts_and_dates_read_naturally() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
        let d = crate::value::Date::from_ymd(2020, 12, 31).unwrap();
        assert_eq!(date(Lang::En, d), "2020-12-31");
        assert_eq!(date(Lang::Zh, d), "2020年12月31日");
    }
}
