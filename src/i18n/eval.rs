//! Catalogue entries of `eval`: the default messages of rules that have
//! none, the words the engine puts into messages, waiver diagnostics and
//! what `dudao test` says about an example.

crate::messages! {
    /// A requirement that does not hold: `{reads}` lists `name = value`.
    REQUIREMENT_FAILED {
        en: "requirement `{rule}` failed: {reads}",
        zh: "要求 `{rule}` 未满足：{reads}",
    }
    /// How far a `>=`/`>` comparison fell short.
    SHORT_BY {
        en: ": short by {gap}",
        zh: "，还差 {gap}",
    }
    /// How far a `<=`/`<` comparison went over.
    OVER_BY {
        en: ": over by {gap}",
        zh: "，超出 {gap}",
    }
    /// How far apart the sides of `==`/`!=` are.
    OFF_BY {
        en: ": off by {gap}",
        zh: "，相差 {gap}",
    }
    /// A requirement that holds (`dudao test` explains an example).
    REQUIREMENT_HOLDS {
        en: "requirement `{rule}` holds: {reads}",
        zh: "要求 `{rule}` 已满足：{reads}",
    }
    /// A requirement that cannot be decided.
    CANNOT_DECIDE {
        en: "cannot decide `{rule}`: {reason}",
        zh: "无法判断 `{rule}`：{reason}",
    }
    /// Every value is there, yet the requirement has none.
    NO_VALUE {
        en: "it has no value for {reads} (such as 0 / 0)",
        zh: "按 {reads} 算不出结果（例如 0 / 0）",
    }
    /// One value the requirement reads is missing.
    ONE_MISSING {
        en: "{name} is missing",
        zh: "缺少 {name} 的值",
    }
    /// Several values the requirement reads are missing.
    SOME_MISSING {
        en: "{names} are missing",
        zh: "缺少 {names} 的值",
    }
    /// A missing value printed in a message.
    MISSING_VALUE {
        en: "(missing)",
        zh: "（缺失）",
    }
    /// The unit after an amount of money.
    YUAN {
        en: " yuan",
        zh: " 元",
    }
    /// An example whose record is filtered out by `where`.
    WHERE_FALSE {
        en: "the record takes no part: `where` is false",
        zh: "该记录不参与检查：`where` 条件不成立",
    }
    /// An example whose `where` cannot be decided.
    WHERE_MISSING {
        en: "the record takes no part: `where` is missing",
        zh: "该记录不参与检查：`where` 条件缺少数据，无法判断",
    }
    /// A waiver past its `until` date.
    WAIVER_EXPIRED {
        en: "the waiver of {rule} for \"{key}\" expired on {until} ({place}); its failures count again",
        zh: "规则 {rule} 对“{key}”的豁免已于 {until} 到期（{place}），相应的不合格项重新计入",
    }
    /// Advice for an expired waiver.
    HELP_WAIVER_EXPIRED {
        en: "renew the waiver with a new `until` date, or remove it once the school complies",
        zh: "请为豁免设定新的 `until` 日期；学校达标后可删除该豁免",
    }
    /// A waiver that covered no failure.
    WAIVER_UNUSED {
        en: "the waiver of {rule} for \"{key}\" ({place}) matches no failure",
        zh: "规则 {rule} 对“{key}”的豁免（{place}）没有对应任何不合格项",
    }
    /// Advice for an unused waiver.
    HELP_WAIVER_UNUSED {
        en: "remove the waiver, or check that the key is the record's key or the group's values joined with `/`",
        zh: "请删除该豁免，或核对它的键：应是记录的键，或用 `/` 连接的分组各值",
    }
}
