//! Words every area shares.

crate::messages! {
    /// A value, a county or a name that the data does not give.
    UNKNOWN {
        en: "(unknown)",
        zh: "（未知）",
    }
    /// `--lang` was given something other than `en` or `zh`.
    BAD_LANG {
        en: "unknown language \"{value}\": use en or zh",
        zh: "不支持的语言“{value}”：请用 en 或 zh",
    }
}
