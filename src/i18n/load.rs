//! Catalogue entries of `load`: syntax errors of rule files (`syntax`) and
//! the load errors of the checker (`check`). Rule-language words, names and
//! ids stay in code font as written, in both languages.

crate::messages! {
    // ----- syntax: how the parser names what it expected and found -----

    /// "expected X, found Y" at a token.
    EXPECTED {
        en: "expected {what}, found {found}",
        zh: "此处应为{what}，实际遇到{found}",
    }
    /// The label under the token of [`EXPECTED`].
    EXPECTED_LABEL {
        en: "expected {what}",
        zh: "应为{what}",
    }
    /// The end of a string literal (template holes).
    FOUND_STRING_END {
        en: "the end of the string",
        zh: "字符串末尾",
    }
    /// The end of the rule file.
    FOUND_FILE_END {
        en: "the end of the file",
        zh: "文件末尾",
    }
    /// A reserved word found where something else was expected.
    FOUND_KEYWORD {
        en: "keyword `{word}`",
        zh: "关键字 `{word}`",
    }
    /// A string literal found where something else was expected.
    FOUND_STRING {
        en: "a string",
        zh: "一个字符串",
    }
    /// A keyword used as a name.
    KEYWORD_AS_NAME {
        en: "`{name}` is a keyword and cannot be used as {what}",
        zh: "`{name}` 是关键字，不能用作{what}",
    }
    /// Label of [`KEYWORD_AS_NAME`].
    KEYWORD_LABEL {
        en: "reserved keyword",
        zh: "保留关键字",
    }
    /// Help of [`KEYWORD_AS_NAME`].
    KEYWORD_HELP {
        en: "`{name}` is a reserved keyword; choose another name",
        zh: "`{name}` 是保留关键字，请换一个名字",
    }
    /// Help: the closest word.
    DID_YOU_MEAN {
        en: "did you mean `{name}`?",
        zh: "是不是想写 `{name}`？",
    }
    /// Help: the words allowed here.
    WRITE_ONE_OF {
        en: "write one of {list}",
        zh: "请写其中之一：{list}",
    }
    /// Help of a malformed rule id.
    RULE_ID_HELP {
        en: "rule ids look like `BOARD-001` or `it.net-1000m`",
        zh: "规则编号形如 `BOARD-001` 或 `it.net-1000m`",
    }
    /// A word at top level that is a misspelt item keyword.
    UNKNOWN_ITEM {
        en: "unknown item `{word}`",
        zh: "无法识别的条目 `{word}`",
    }
    /// Label of [`UNKNOWN_ITEM`].
    UNKNOWN_ITEM_LABEL {
        en: "unknown item",
        zh: "无法识别的条目",
    }
    /// A clause keyword at top level.
    CLAUSE_OUTSIDE_RULE {
        en: "`{word}` clause outside a rule",
        zh: "`{word}` 子句写在了规则之外",
    }
    /// Label of [`CLAUSE_OUTSIDE_RULE`].
    CLAUSE_OUTSIDE_RULE_LABEL {
        en: "not inside a rule",
        zh: "不在任何规则之内",
    }
    /// Help of [`CLAUSE_OUTSIDE_RULE`].
    CLAUSE_OUTSIDE_RULE_HELP {
        en: "clauses belong inside `rule ID \"TITLE\" { … }`",
        zh: "子句应写在 `rule ID \"TITLE\" { … }` 之内",
    }
    /// What a top-level position expects.
    AN_ITEM {
        en: "an item",
        zh: "条目",
    }
    /// Help: how items start.
    ITEMS_START_WITH {
        en: "items start with {list}",
        zh: "条目以 {list} 开头",
    }
    /// The list of item keywords in [`ITEMS_START_WITH`].
    ITEM_LIST {
        en: "`plan`, `const`, `enum`, `record`, `rule` or `waive`",
        zh: "`plan`、`const`、`enum`、`record`、`rule` 或 `waive`",
    }
    /// A `{ … }` body never closed.
    UNCLOSED {
        en: "expected `}}` to close the {what} started here",
        zh: "此处开始的{what}缺少结尾的 `}}`",
    }
    /// Label of [`UNCLOSED`].
    UNCLOSED_LABEL {
        en: "this {what} is never closed",
        zh: "这个{what}没有闭合",
    }
    /// Help of [`UNCLOSED`].
    UNCLOSED_HELP {
        en: "add `}}` after the {what}'s last line",
        zh: "请在{what}的最后一行之后加上 `}}`",
    }
    /// Body kinds of [`UNCLOSED`].
    BODY_ENUM { en: "enum", zh: "枚举" }
    /// Body kinds of [`UNCLOSED`].
    BODY_RECORD { en: "record", zh: "记录" }
    /// Body kinds of [`UNCLOSED`].
    BODY_RULE { en: "rule", zh: "规则" }
    /// Help of a bad variant separator.
    VARIANT_HELP {
        en: "separate variants with `,`; labels are strings",
        zh: "各变体之间用 `,` 分隔；标签写成字符串",
    }
    /// An unknown field attribute.
    UNKNOWN_ATTRIBUTE {
        en: "unknown attribute `{word}`",
        zh: "无法识别的属性 `{word}`",
    }
    /// What a field expects after its type.
    AN_ATTRIBUTE {
        en: "an attribute",
        zh: "属性",
    }
    /// Help: the field attributes.
    ATTRIBUTES_HELP {
        en: "attributes are `key`, `required`, `unique`, `min V`, `max V`, `matches \"REGEX\"` and `column \"HEADER\"`",
        zh: "可用的属性有 `key`、`required`、`unique`、`min V`、`max V`、`matches \"REGEX\"` 和 `column \"HEADER\"`",
    }
    /// An unknown rule clause.
    UNKNOWN_CLAUSE {
        en: "unknown clause `{word}`",
        zh: "无法识别的子句 `{word}`",
    }
    /// Label of [`UNKNOWN_CLAUSE`].
    UNKNOWN_CLAUSE_LABEL {
        en: "unknown clause",
        zh: "无法识别的子句",
    }
    /// What a rule body expects.
    A_CLAUSE {
        en: "a clause",
        zh: "子句",
    }
    /// Help: how clauses start.
    CLAUSES_START_WITH {
        en: "clauses start with {list}",
        zh: "子句以 {list} 开头",
    }
    /// Help of a bad example body.
    EXAMPLE_BODY_HELP {
        en: "write `example pass { field: value, … }`, or `[ {…}, {…} ]` for a group",
        zh: "请写成 `example pass { field: value, … }`；分组规则写成 `[ {…}, {…} ]`",
    }
    /// Chained comparisons.
    CHAINED_COMPARISON {
        en: "comparison operators cannot be chained",
        zh: "比较运算符不能连写",
    }
    /// Label of [`CHAINED_COMPARISON`].
    CHAINED_COMPARISON_LABEL {
        en: "a second comparison",
        zh: "第二个比较",
    }
    /// Help of [`CHAINED_COMPARISON`].
    CHAINED_COMPARISON_HELP {
        en: "combine comparisons with `and`: `a < b and b < c`",
        zh: "请用 `and` 连接两个比较：`a < b and b < c`",
    }
    /// Expression nesting beyond the limit.
    TOO_DEEP {
        en: "expression too deeply nested (limit {limit})",
        zh: "表达式嵌套太深（上限 {limit} 层）",
    }
    /// Label of [`TOO_DEEP`].
    TOO_DEEP_LABEL {
        en: "nesting exceeds the limit here",
        zh: "嵌套从这里起超出上限",
    }
    /// Help of [`TOO_DEEP`].
    TOO_DEEP_HELP {
        en: "split the expression with `let`",
        zh: "请用 `let` 把表达式拆开",
    }
    /// Help: `not` before a comparison operand.
    NOT_HELP {
        en: "`not` applies to a whole comparison; write `(not …)` here",
        zh: "`not` 作用于整个比较；这里请写成 `(not …)`",
    }
    /// Help for `=`.
    HINT_ASSIGN {
        en: "to compare, write `==`",
        zh: "比较相等请写 `==`",
    }
    /// Help for `!`.
    HINT_BANG {
        en: "write `not` to negate, `!=` for inequality",
        zh: "取反请写 `not`，不相等请写 `!=`",
    }
    /// Help for `&`.
    HINT_AND {
        en: "write `and`",
        zh: "请写 `and`",
    }
    /// Help for `|`.
    HINT_OR {
        en: "write `or`",
        zh: "请写 `or`",
    }
    /// Help for `'`.
    HINT_SINGLE_QUOTE {
        en: "strings are written in double quotes: \"…\"",
        zh: "字符串要用英文双引号括起来：\"…\"",
    }
    /// Help for curly quotes.
    HINT_CURLY_QUOTE {
        en: "strings are delimited by straight double quotes: \"…\"",
        zh: "字符串要用英文直双引号括起来：\"…\"，不能用中文引号",
    }
    /// Help for a non-ASCII character outside a string.
    HINT_NON_ASCII {
        en: "names are ASCII (`[A-Za-z_][A-Za-z0-9_]*`); write other text inside a string \"…\"",
        zh: "名字只能用 ASCII 字符（`[A-Za-z_][A-Za-z0-9_]*`）；其他文字请写在字符串 \"…\" 里",
    }

    // ----- syntax: the things a place expects ---------------------------

    /// A punctuation or word expected at a place: `{token}` and why.
    CTX_AFTER_CONST_NAME { en: "{token} after the constant's name", zh: "常量名之后的 {token}" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_START_ENUM { en: "{token} to start the enum's variants", zh: "枚举变体开头的 {token}" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_AFTER_VARIANT { en: "`,` or `}}` after the variant", zh: "变体之后的 `,` 或 `}}`" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_START_RECORD { en: "{token} to start the record's fields", zh: "记录字段开头的 {token}" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_AFTER_FIELD_NAME { en: "{token} after the field name", zh: "字段名之后的 {token}" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_WAIVED_KEYS { en: "{token} and the waived keys", zh: "{token} 及豁免的键" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_WAIVER_END { en: "{token} and the waiver's end date", zh: "{token} 及豁免的截止日期" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_WAIVER_REASON { en: "{token} and the reason for the waiver", zh: "{token} 及豁免的理由" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_START_RULE { en: "{token} to start the rule's clauses", zh: "规则子句开头的 {token}" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_AFTER_LET_NAME { en: "{token} after the name", zh: "名字之后的 {token}" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_CLOSE_EXAMPLES { en: "{token} to close the example's records", zh: "结束示例记录列表的 {token}" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_EXAMPLE_BODY { en: "`{{` or `[` after the outcome", zh: "结果之后的 `{{` 或 `[`" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_START_EXAMPLE { en: "{token} to start an example record", zh: "示例记录开头的 {token}" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_AFTER_VALUE { en: "{token} or `,` after the value", zh: "值之后的 {token} 或 `,`" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_CLOSE_PAREN { en: "{token} to close `(`", zh: "与 `(` 配对的 {token}" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_CLOSE_LIST { en: "{token} to close the list", zh: "结束列表的 {token}" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_CLOSE_CALL { en: "{token} to close the call to `{name}`", zh: "结束 `{name}` 调用的 {token}" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_AFTER_IF { en: "{token} after the condition of `if`", zh: "`if` 条件之后的 {token}" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_ELSE { en: "{token} (every `if` needs an `else`)", zh: "{token}（每个 `if` 都要有 `else`）" }
    /// See [`CTX_AFTER_CONST_NAME`].
    CTX_CLOSE_HOLE { en: "{token} to close the `{{` of the hole", zh: "结束占位符 `{{` 的 {token}" }

    /// Nouns of what a place expects.
    W_PLAN_TITLE { en: "the plan's title (a string)", zh: "计划标题（字符串）" }
    /// See [`W_PLAN_TITLE`].
    W_CITE_QUOTED { en: "the cite being quoted (a string)", zh: "所引用的条款编号（字符串）" }
    /// See [`W_PLAN_TITLE`].
    W_QUOTED_TEXT { en: "the quoted text (a string)", zh: "引用的原文（字符串）" }
    /// See [`W_PLAN_TITLE`].
    W_CONST_NAME { en: "a constant name", zh: "常量名" }
    /// See [`W_PLAN_TITLE`].
    W_ENUM_NAME { en: "an enum name", zh: "枚举名" }
    /// See [`W_PLAN_TITLE`].
    W_VARIANT_NAME { en: "a variant name", zh: "变体名" }
    /// See [`W_PLAN_TITLE`].
    W_LABEL { en: "a label", zh: "标签" }
    /// See [`W_PLAN_TITLE`].
    W_RECORD_NAME { en: "a record name", zh: "记录名" }
    /// See [`W_PLAN_TITLE`].
    W_FIELD_NAME { en: "a field name", zh: "字段名" }
    /// See [`W_PLAN_TITLE`].
    W_TYPE { en: "a type", zh: "类型" }
    /// See [`W_PLAN_TITLE`].
    W_REGEX { en: "a regular expression (a string)", zh: "正则表达式（字符串）" }
    /// See [`W_PLAN_TITLE`].
    W_HEADER_STRING { en: "a column header (a string)", zh: "列标题（字符串）" }
    /// See [`W_PLAN_TITLE`].
    W_HEADER { en: "a column header", zh: "列标题" }
    /// See [`W_PLAN_TITLE`].
    W_WAIVED_KEY { en: "a waived key (a string)", zh: "豁免的键（字符串）" }
    /// See [`W_PLAN_TITLE`].
    W_DATE { en: "a date (YYYY-MM-DD)", zh: "日期（YYYY-MM-DD）" }
    /// See [`W_PLAN_TITLE`].
    W_REASON { en: "the reason (a string)", zh: "理由（字符串）" }
    /// See [`W_PLAN_TITLE`].
    W_RULE_ID { en: "a rule id", zh: "规则编号" }
    /// See [`W_PLAN_TITLE`].
    W_RULE_TITLE { en: "the rule's title (a string)", zh: "规则标题（字符串）" }
    /// See [`W_PLAN_TITLE`].
    W_CITED_CLAUSE { en: "the cited clause of the plan (a string)", zh: "所引用的计划条款（字符串）" }
    /// See [`W_PLAN_TITLE`].
    W_SEVERITY { en: "a severity", zh: "严重程度" }
    /// See [`W_PLAN_TITLE`].
    W_SEVERITY_OR_IGNORE { en: "a severity or `ignore`", zh: "严重程度或 `ignore`" }
    /// See [`W_PLAN_TITLE`].
    W_TAG { en: "a tag", zh: "标签" }
    /// See [`W_PLAN_TITLE`].
    W_RECORD_TYPE { en: "a record type", zh: "记录类型" }
    /// See [`W_PLAN_TITLE`].
    W_GROUP_FIELD { en: "a field to group by", zh: "分组字段" }
    /// See [`W_PLAN_TITLE`].
    W_NAME { en: "a name", zh: "名字" }
    /// See [`W_PLAN_TITLE`].
    W_MESSAGE { en: "the message (a string)", zh: "提示信息（字符串）" }
    /// See [`W_PLAN_TITLE`].
    W_HELP { en: "the help text (a string)", zh: "帮助说明（字符串）" }
    /// See [`W_PLAN_TITLE`].
    W_OUTCOME { en: "an outcome", zh: "结果" }
    /// See [`W_PLAN_TITLE`].
    W_EXPR_END { en: "the end of the expression", zh: "表达式结尾" }
    /// See [`W_PLAN_TITLE`].
    W_EXPRESSION { en: "an expression", zh: "表达式" }

    // ----- syntax: tokens -----------------------------------------------

    /// Text right after a date.
    DATE_TRAILING {
        en: "unexpected `{text}` after date `{date}`",
        zh: "日期 `{date}` 后面多出了 `{text}`",
    }
    /// Label of [`DATE_TRAILING`].
    DATE_TRAILING_LABEL { en: "not part of a date", zh: "不属于日期" }
    /// A date not written YYYY-MM-DD.
    MALFORMED_DATE { en: "malformed date `{date}`", zh: "日期 `{date}` 格式不对" }
    /// Label of [`MALFORMED_DATE`].
    MALFORMED_DATE_LABEL { en: "dates are written YYYY-MM-DD", zh: "日期应写成 YYYY-MM-DD" }
    /// Help of [`MALFORMED_DATE`].
    MALFORMED_DATE_HELP { en: "write the date like `2020-12-31`", zh: "请按 `2020-12-31` 的格式写日期" }
    /// Label of a date whose parts are not numbers.
    NOT_A_DATE_LABEL { en: "not a date", zh: "不是日期" }
    /// A date that does not exist.
    NOT_REAL_DATE { en: "`{date}` is not a real date", zh: "日历上没有 `{date}` 这一天" }
    /// Label of [`NOT_REAL_DATE`].
    NOT_REAL_DATE_LABEL { en: "no such day in the calendar", zh: "日历上没有这一天" }
    /// A number with a misplaced `_`.
    MALFORMED_NUMBER { en: "malformed number `{number}`", zh: "数字 `{number}` 格式不对" }
    /// Label of [`MALFORMED_NUMBER`].
    MALFORMED_NUMBER_LABEL { en: "`_` must be followed by a digit", zh: "`_` 后面必须跟数字" }
    /// Help of [`MALFORMED_NUMBER`].
    MALFORMED_NUMBER_HELP { en: "write numbers like `1_000` or `12.5`", zh: "数字请写成 `1_000` 或 `12.5` 这样" }
    /// A number beyond the range of a float.
    NUMBER_TOO_LARGE { en: "number `{number}` is too large", zh: "数字 `{number}` 太大" }
    /// Label of [`NUMBER_TOO_LARGE`].
    NUMBER_TOO_LARGE_LABEL { en: "too large", zh: "太大" }
    /// A unit suffix that is not known.
    UNKNOWN_UNIT { en: "unknown unit `{unit}`", zh: "无法识别的单位 `{unit}`" }
    /// Label of [`UNKNOWN_UNIT`].
    UNKNOWN_UNIT_LABEL { en: "unknown unit", zh: "无法识别的单位" }
    /// Help of [`UNKNOWN_UNIT`] when no unit is close.
    UNITS_HELP {
        en: "units are `Mbps`, `Gbps`, `kbps` (rate), `m2` (area) and `yuan` (money)",
        zh: "可用的单位有 `Mbps`、`Gbps`、`kbps`（速率）、`m2`（面积）和 `yuan`（金额）",
    }
    /// A string literal without its closing quote.
    UNTERMINATED_STRING { en: "unterminated string", zh: "字符串没有结束" }
    /// Label of [`UNTERMINATED_STRING`].
    UNTERMINATED_STRING_LABEL { en: "this string is never closed", zh: "这个字符串缺少结尾的引号" }
    /// Help of [`UNTERMINATED_STRING`].
    UNTERMINATED_STRING_HELP { en: "close it with `\"`", zh: "请用 `\"` 结束字符串" }
    /// An unknown escape.
    UNKNOWN_ESCAPE { en: "unknown escape `\\{char}`", zh: "无法识别的转义 `\\{char}`" }
    /// Label of [`UNKNOWN_ESCAPE`].
    UNKNOWN_ESCAPE_LABEL { en: "unknown escape", zh: "无法识别的转义" }
    /// A `\` at the end of the text.
    UNFINISHED_ESCAPE { en: "unfinished escape", zh: "转义不完整" }
    /// A malformed `\u{…}`.
    MALFORMED_UNICODE { en: "malformed unicode escape `{text}`", zh: "Unicode 转义 `{text}` 格式不对" }
    /// Label of [`MALFORMED_UNICODE`].
    MALFORMED_UNICODE_LABEL {
        en: "expected `\\u{{` and one to six hex digits, then `}}`",
        zh: "应为 `\\u{{`、一到六位十六进制数字，再加 `}}`",
    }
    /// A `\u{…}` naming no character.
    NOT_UNICODE { en: "`{text}` is not a Unicode character", zh: "`{text}` 不是 Unicode 字符" }
    /// Label of [`NOT_UNICODE`].
    NOT_UNICODE_LABEL { en: "not a Unicode scalar value", zh: "不是有效的 Unicode 码位" }
    /// Help of every escape error.
    ESCAPE_HELP {
        en: "escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{{4E2D}}`; write `\\\\` for a backslash",
        zh: "可用的转义有 `\\\"`、`\\\\`、`\\n`、`\\t` 和 `\\u{{4E2D}}`；反斜杠本身请写 `\\\\`",
    }

    // ----- syntax: templates --------------------------------------------

    /// A lone `}` in a template.
    TEMPLATE_UNMATCHED { en: "unmatched `}}` in template", zh: "模板中有多余的 `}}`" }
    /// Label of [`TEMPLATE_UNMATCHED`].
    TEMPLATE_UNMATCHED_LABEL { en: "unmatched `}}`", zh: "多余的 `}}`" }
    /// Help of [`TEMPLATE_UNMATCHED`].
    TEMPLATE_UNMATCHED_HELP { en: "write `}}}}` for a literal `}}`", zh: "要显示 `}}` 本身，请写 `}}}}`" }
    /// A `{` never closed in a template.
    TEMPLATE_UNCLOSED { en: "unclosed `{{` in template", zh: "模板中的 `{{` 没有闭合" }
    /// Label of [`TEMPLATE_UNCLOSED`].
    TEMPLATE_UNCLOSED_LABEL { en: "this `{{` is never closed", zh: "这个 `{{` 没有闭合" }
    /// Help of [`TEMPLATE_UNCLOSED`].
    TEMPLATE_UNCLOSED_HELP {
        en: "close the hole with `}}`, or write `{{{{` for a literal `{{`",
        zh: "请用 `}}` 结束占位符；要显示 `{{` 本身，请写 `{{{{`",
    }
    /// `{}` in a template.
    TEMPLATE_EMPTY { en: "empty `{{}}` in template", zh: "模板中有空的 `{{}}`" }
    /// Label of [`TEMPLATE_EMPTY`].
    TEMPLATE_EMPTY_LABEL { en: "no expression here", zh: "这里没有表达式" }
    /// Help of [`TEMPLATE_EMPTY`].
    TEMPLATE_EMPTY_HELP {
        en: "put an expression inside, like `{{beds}}`, or write `{{{{}}}}` for literal braces",
        zh: "请在里面写表达式，如 `{{beds}}`；要显示花括号本身，请写 `{{{{}}}}`",
    }
    /// An unknown `:format` in a hole.
    UNKNOWN_FORMAT { en: "unknown format `:{format}`", zh: "无法识别的格式 `:{format}`" }
    /// Label of [`UNKNOWN_FORMAT`].
    UNKNOWN_FORMAT_LABEL { en: "unknown format", zh: "无法识别的格式" }
    /// Help of [`UNKNOWN_FORMAT`].
    UNKNOWN_FORMAT_HELP {
        en: "write `{{x:%}}` for a percentage or `{{x:.2}}` for two decimals",
        zh: "百分比请写 `{{x:%}}`，保留两位小数请写 `{{x:.2}}`",
    }

    // ----- check: declarations --------------------------------------------

    /// A name declared twice: `{what}` is one of the `KIND_*` words.
    DEFINED_TWICE { en: "the {what} `{name}` is defined twice", zh: "{what} `{name}` 定义了两次" }
    /// Label at the second definition.
    DEFINED_AGAIN_LABEL { en: "defined again here", zh: "这里再次定义" }
    /// Label at the first definition.
    FIRST_DEFINED_LABEL { en: "first defined here", zh: "第一次定义在这里" }
    /// Help of [`DEFINED_TWICE`].
    DEFINED_TWICE_HELP { en: "remove or rename one of the two", zh: "请删掉其中一个，或给它改名" }
    /// Kinds of declarations.
    KIND_ENUM { en: "enum", zh: "枚举" }
    /// See [`KIND_ENUM`].
    KIND_CONST { en: "const", zh: "常量" }
    /// See [`KIND_ENUM`].
    KIND_RECORD { en: "record", zh: "记录类型" }
    /// See [`KIND_ENUM`].
    KIND_RULE { en: "rule", zh: "规则" }
    /// See [`KIND_ENUM`].
    KIND_VARIANT { en: "variant", zh: "变体" }
    /// See [`KIND_ENUM`].
    KIND_FIELD { en: "field", zh: "字段" }
    /// See [`KIND_ENUM`].
    KIND_QUOTE { en: "quote of the cite", zh: "条款引文" }
    /// See [`KIND_ENUM`].
    KIND_LET { en: "let", zh: "`let` 名字" }
    /// A second `plan`.
    PLAN_TWICE { en: "a pack has at most one `plan`", zh: "一个规则包最多只能有一个 `plan`" }
    /// Label at the second `plan`.
    PLAN_TWICE_LABEL { en: "second plan", zh: "第二个 `plan`" }
    /// Label at the first `plan`.
    PLAN_FIRST_LABEL { en: "first plan", zh: "第一个 `plan`" }
    /// Help of [`PLAN_TWICE`].
    PLAN_TWICE_HELP { en: "keep one `plan \"…\"` item", zh: "只保留一个 `plan \"…\"` 条目" }
    /// An enum named like a built-in type.
    ENUM_BUILTIN_NAME { en: "the enum `{name}` has the name of a built-in type", zh: "枚举 `{name}` 与内置类型同名" }
    /// Label of [`ENUM_BUILTIN_NAME`].
    ENUM_BUILTIN_NAME_LABEL { en: "a built-in type", zh: "内置类型" }
    /// Help of [`ENUM_BUILTIN_NAME`].
    ENUM_BUILTIN_NAME_HELP {
        en: "rename the enum, e.g. `{name}_kind`, and the fields of that type",
        zh: "请给枚举改名（例如 `{name}_kind`），并同时修改用到它的字段",
    }
    /// Two `key` fields.
    TWO_KEYS { en: "the record `{record}` has two `key` fields", zh: "记录类型 `{record}` 有两个 `key` 字段" }
    /// Label at the second key.
    SECOND_KEY_LABEL { en: "second key", zh: "第二个 `key`" }
    /// Label at the first key.
    FIRST_KEY_LABEL { en: "first key", zh: "第一个 `key`" }
    /// Help of [`TWO_KEYS`].
    TWO_KEYS_HELP {
        en: "a record has at most one key; mark the other field `unique`",
        zh: "一个记录类型最多只有一个 `key`；另一个字段请标为 `unique`",
    }
    /// A field's type names nothing.
    UNKNOWN_TYPE { en: "unknown type `{name}`", zh: "无法识别的类型 `{name}`" }
    /// Label of [`UNKNOWN_TYPE`].
    UNKNOWN_TYPE_LABEL { en: "neither a built-in type nor an enum", zh: "既不是内置类型，也不是枚举" }
    /// Help of [`UNKNOWN_TYPE`].
    UNKNOWN_TYPE_HELP {
        en: "a field's type is text, int, number, bool, date, percent, rate, area, money or an enum",
        zh: "字段类型可以是 `text`、`int`、`number`、`bool`、`date`、`percent`、`rate`、`area`、`money` 或某个枚举",
    }
    /// An attribute given twice.
    ATTRIBUTE_TWICE { en: "the field `{field}` has `{word}` twice", zh: "字段 `{field}` 写了两次 `{word}`" }
    /// Label at the second attribute.
    GIVEN_AGAIN_LABEL { en: "given again here", zh: "这里再次出现" }
    /// Label at the first attribute.
    FIRST_GIVEN_LABEL { en: "first given here", zh: "第一次出现在这里" }
    /// Help of [`ATTRIBUTE_TWICE`].
    ATTRIBUTE_TWICE_HELP { en: "give `{word}` once", zh: "`{word}` 只需写一次" }
    /// `matches` on a non-text field.
    MATCHES_NOT_TEXT {
        en: "`matches` applies to text fields, and `{field}` is {ty}",
        zh: "`matches` 只能用于文本字段，而 `{field}` 是 {ty} 类型",
    }
    /// Label of [`MATCHES_NOT_TEXT`].
    MATCHES_NOT_TEXT_LABEL { en: "not a text field", zh: "不是文本字段" }
    /// A bad regular expression.
    BAD_REGEX { en: "invalid regular expression", zh: "正则表达式有误" }
    /// Help of [`BAD_REGEX`].
    BAD_REGEX_HELP {
        en: "`matches` takes RE2-style syntax (no look-around or back-references)",
        zh: "`matches` 使用 RE2 风格的语法（不支持环视和反向引用）",
    }
    /// `max` below `min`.
    MAX_BELOW_MIN { en: "the field `{field}` has `max` below `min`", zh: "字段 `{field}` 的 `max` 小于 `min`" }
    /// Label at `max`.
    UPPER_BOUND_LABEL { en: "the upper bound", zh: "上限" }
    /// Label at `min`.
    LOWER_BOUND_LABEL { en: "the lower bound", zh: "下限" }
    /// Help of [`MAX_BELOW_MIN`].
    MAX_BELOW_MIN_HELP {
        en: "no value could satisfy both bounds; swap them",
        zh: "没有任何值能同时满足这两个界限；请把它们对调",
    }
    /// One header naming two fields.
    HEADER_TWO_FIELDS { en: "the header `{header}` would name two fields", zh: "列标题 `{header}` 会同时对应两个字段" }
    /// Label: the field a header names.
    NAMES_FIELD_LABEL { en: "names `{field}`", zh: "对应 `{field}`" }
    /// Help of [`HEADER_TWO_FIELDS`].
    HEADER_TWO_FIELDS_HELP {
        en: "a data column must belong to one field: keep the header on one of them",
        zh: "一列数据只能属于一个字段：请只在其中一个字段上保留这个列标题",
    }
    /// `min`/`max` on a type without order.
    BOUND_NO_ORDER {
        en: "`{word}` applies to numbers, quantities and dates, not to {ty}",
        zh: "`{word}` 只能用于数字、量和日期，不能用于 {ty} 类型",
    }
    /// Label of [`BOUND_NO_ORDER`].
    BOUND_NO_ORDER_LABEL { en: "no order for this field", zh: "这个字段的值没有大小之分" }
    /// A bound of the wrong type.
    BOUND_TYPE {
        en: "`{word}` of a {field_ty} field must be a {field_ty}, found {ty}",
        zh: "{field_ty} 字段的 `{word}` 必须是 {field_ty}，这里却是 {ty} 类型",
    }
    /// Label: the type of an expression.
    THIS_IS { en: "this is {ty}", zh: "这里是 {ty} 类型" }
    /// Help: a number needs a unit.
    WRITE_WITH_UNIT { en: "write {text}", zh: "请写成 `{text}`" }
    /// The name of an enum type.
    ENUM_TYPE { en: "enum `{name}`", zh: "枚举 `{name}`" }

    // ----- check: consts and templates ------------------------------------

    /// A const defined through itself.
    CONST_CYCLE { en: "the const `{name}` is defined through itself", zh: "常量 `{name}` 的定义引用了它自己" }
    /// Label of [`CONST_CYCLE`].
    CONST_CYCLE_LABEL { en: "defined through itself", zh: "引用了自己" }
    /// Help of [`CONST_CYCLE`].
    CONST_CYCLE_HELP {
        en: "give the const a value that does not depend on itself",
        zh: "请给这个常量一个不依赖它自己的值",
    }
    /// A const that cannot be folded.
    NOT_CONSTANT { en: "not a constant expression", zh: "不是常量表达式" }
    /// Label of [`NOT_CONSTANT`].
    NOT_CONSTANT_LABEL { en: "cannot be computed when the pack loads", zh: "加载规则包时无法算出" }
    /// Help of [`NOT_CONSTANT`].
    NOT_CONSTANT_HELP {
        en: "a const may use literals, other consts, arithmetic (`+ - * /`, `??`) and `and`/`or`/`not`",
        zh: "常量只能使用字面值、其他常量、算术运算（`+ - * /`、`??`）以及 `and`/`or`/`not`",
    }
    /// A format on a non-number.
    FORMAT_NEEDS_NUMBER {
        en: "the format {spec} needs a number, found {ty}",
        zh: "格式 {spec} 只能用于数字，这里却是 {ty} 类型",
    }
    /// Help of [`FORMAT_NEEDS_NUMBER`].
    FORMAT_NEEDS_NUMBER_HELP {
        en: "remove the format, or format a numeric value",
        zh: "请去掉这个格式，或改为格式化一个数值",
    }

    /// "Did you mean" appended to a message.
    DID_YOU_MEAN_TAIL { en: "; did you mean `{name}`?", zh: "；是不是想写 `{name}`？" }


    // ----- check: expressions ---------------------------------------------

    /// A non-bool where a condition is needed; `{what}` is a `COND_*` word.
    NOT_A_CONDITION {
        en: "{what} must be a condition (bool), found {ty}",
        zh: "{what}必须是条件（`bool`），这里却是 {ty} 类型",
    }
    /// See [`NOT_A_CONDITION`].
    COND_IF { en: "the test of `if`", zh: "`if` 后面的判断" }
    /// See [`NOT_A_CONDITION`].
    COND_WHERE { en: "`where`", zh: "`where` 子句" }
    /// See [`NOT_A_CONDITION`].
    COND_REQUIRE { en: "`require`", zh: "`require` 子句" }
    /// See [`NOT_A_CONDITION`].
    COND_FILTER { en: "the `where` of an aggregate", zh: "聚合函数中的 `where`" }
    /// A list outside `in`.
    LIST_OUTSIDE_IN { en: "a list may only follow `in` or `not in`", zh: "列表只能写在 `in` 或 `not in` 后面" }
    /// Label of [`LIST_OUTSIDE_IN`].
    LIST_HERE_LABEL { en: "list here", zh: "这里是列表" }
    /// Help: an aggregate of a numeric field.
    AGG_HELP_SUM { en: "did you mean `sum({name})`?", zh: "是不是想写 `sum({name})`？" }
    /// Help: an aggregate of a date field.
    AGG_HELP_MAX { en: "did you mean `max({name})`?", zh: "是不是想写 `max({name})`？" }
    /// Help: an aggregate of a bool field.
    AGG_HELP_COUNT { en: "did you mean `count(where {name})`?", zh: "是不是想写 `count(where {name})`？" }
    /// Help: counting by a field.
    AGG_HELP_COUNT_BY {
        en: "count records by it, e.g. `count(where {name} == …)`",
        zh: "可以按它统计记录数，例如 `count(where {name} == …)`",
    }
    /// A field used outside an aggregate in an `overall` rule.
    FIELD_IN_OVERALL {
        en: "the field `{name}` has no single value in an `overall` rule",
        zh: "在 `overall` 规则中，字段 `{name}` 没有单一的值",
    }
    /// A field used outside an aggregate in a `per` rule (one `per` field).
    FIELD_IN_GROUP_ONE {
        en: "the field `{name}` has no single value in a group: only the `per` field {per} may be used outside an aggregate",
        zh: "在分组中，字段 `{name}` 没有单一的值：聚合函数之外只能使用 `per` 字段 {per}",
    }
    /// A field used outside an aggregate in a `per` rule (several).
    FIELD_IN_GROUP_MANY {
        en: "the field `{name}` has no single value in a group: only the `per` fields {per} may be used outside an aggregate",
        zh: "在分组中，字段 `{name}` 没有单一的值：聚合函数之外只能使用 `per` 字段 {per}",
    }
    /// Label of [`FIELD_IN_GROUP_ONE`].
    OUTSIDE_AGGREGATE_LABEL { en: "outside an aggregate", zh: "在聚合函数之外" }
    /// A let used in `where`.
    LET_IN_WHERE { en: "`where` cannot use the let `{name}`", zh: "`where` 不能使用 `let` 定义的 `{name}`" }
    /// Help of [`LET_IN_WHERE`].
    LET_IN_WHERE_HELP {
        en: "`where` is evaluated per record, before the lets; repeat the let's expression here",
        zh: "`where` 在计算 `let` 之前逐条记录求值；请在这里重写一遍那个表达式",
    }
    /// A let used in an aggregate.
    LET_IN_AGGREGATE { en: "an aggregate cannot use the let `{name}`", zh: "聚合函数不能使用 `let` 定义的 `{name}`" }
    /// Help of [`LET_IN_AGGREGATE`].
    LET_IN_AGGREGATE_HELP {
        en: "an aggregate's argument is evaluated per record; repeat the let's expression here",
        zh: "聚合函数的参数逐条记录求值；请在这里重写一遍那个表达式",
    }
    /// Label of [`LET_IN_WHERE`].
    LET_OF_RULE_LABEL { en: "a let of this rule", zh: "本规则的 `let`" }
    /// A variant used as a value.
    VARIANT_ALONE {
        en: "`{name}` is a variant of the enum `{enum_name}`, not a value here",
        zh: "`{name}` 是枚举 `{enum_name}` 的变体，不能单独当作值使用",
    }
    /// Help of [`VARIANT_ALONE`].
    VARIANT_ALONE_HELP {
        en: "compare a field of that enum with it, e.g. `level == junior` or `level in [a, b]`",
        zh: "请拿该枚举类型的字段与它比较，例如 `level == junior` 或 `level in [a, b]`",
    }
    /// Label of [`VARIANT_ALONE`].
    VARIANT_ALONE_LABEL { en: "variant used alone", zh: "变体被单独使用" }
    /// An unknown name where only consts are allowed.
    UNKNOWN_CONST { en: "unknown const `{name}`", zh: "无法识别的常量 `{name}`" }
    /// Label of [`UNKNOWN_CONST`].
    UNKNOWN_CONST_LABEL {
        en: "not a const (only literals and consts may be used here)",
        zh: "不是常量（这里只能使用字面值和常量）",
    }
    /// An unknown name.
    UNKNOWN_NAME { en: "unknown name `{name}`", zh: "无法识别的名字 `{name}`" }
    /// Label of [`UNKNOWN_NAME`] in a rule.
    UNKNOWN_NAME_IN_RULE_LABEL {
        en: "not a let, a field of `{record}`, or a const",
        zh: "既不是 `let`，也不是 `{record}` 的字段或常量",
    }
    /// Label of [`UNKNOWN_NAME`] elsewhere.
    UNKNOWN_NAME_LABEL { en: "unknown name", zh: "无法识别的名字" }
    /// `not` on a non-bool.
    NOT_NEEDS_BOOL { en: "`not` needs a bool, found {ty}", zh: "`not` 需要 `bool` 值，这里却是 {ty} 类型" }
    /// `-` on a non-number.
    NEG_NEEDS_NUMBER { en: "`-` needs a number, found {ty}", zh: "`-` 需要数字，这里却是 {ty} 类型" }
    /// `and`/`or` on non-bools.
    LOGIC_NEEDS_BOOL {
        en: "`{op}` needs bool operands, found {left} and {right}",
        zh: "`{op}` 两边都必须是 `bool`，这里却是 {left} 和 {right}",
    }
    /// `??` on disagreeing types.
    COALESCE_DISAGREE {
        en: "the operands of `??` must agree, found {left} and {right}",
        zh: "`??` 两边的类型必须一致，这里却是 {left} 和 {right}",
    }
    /// Arithmetic on incompatible types.
    CANNOT_COMBINE {
        en: "`{op}` cannot combine {left} and {right}",
        zh: "`{op}` 不能用于 {left} 和 {right}",
    }
    /// Label: an operation's operand types.
    OPERATION_LABEL { en: "{left} {op} {right}", zh: "{left} `{op}` {right}：类型不匹配" }
    /// Help: a number literal needs a unit.
    NEEDS_UNIT {
        en: "a {dim} needs a unit: write {text}",
        zh: "{dim} 需要单位：请写成 `{text}`",
    }
    /// Help: an expression needs a unit.
    NEEDS_UNIT_EXPR {
        en: "a {dim} needs a unit: e.g. `{text}`",
        zh: "{dim} 需要单位：例如 `{text}`",
    }
    /// Help: the variants of an enum.
    THE_VARIANTS_ARE { en: "the variants are {list}", zh: "可用的变体有 {list}" }
    /// An unknown variant.
    UNKNOWN_VARIANT {
        en: "unknown variant `{name}` of the enum `{enum_name}`",
        zh: "枚举 `{enum_name}` 中没有变体 `{name}`",
    }
    /// Label of [`UNKNOWN_VARIANT`].
    NOT_A_VARIANT_LABEL { en: "not a variant of `{enum_name}`", zh: "不是 `{enum_name}` 的变体" }
    /// Help: compare an enum with a variant, not its label.
    COMPARE_BY_VARIANT {
        en: "compare with the variant by name: `{name}`",
        zh: "请直接用变体名比较：`{name}`",
    }
    /// An ordering of values without order.
    NO_ORDER {
        en: "{ty} values have no order: `{op}` cannot compare them",
        zh: "{ty} 值没有大小之分，不能用 `{op}` 比较",
    }
    /// A comparison of different types.
    CANNOT_COMPARE {
        en: "`{op}` cannot compare {left} with {right}",
        zh: "`{op}` 不能比较 {left} 与 {right}",
    }
    /// Help of [`NO_ORDER`].
    NO_ORDER_HELP { en: "use `==`, `!=` or `in`", zh: "请用 `==`、`!=` 或 `in`" }
    /// `in` without a list.
    IN_NEEDS_LIST { en: "`in` needs a list such as `[a, b]`", zh: "`in` 后面需要列表，如 `[a, b]`" }
    /// Label of [`IN_NEEDS_LIST`].
    NOT_A_LIST_LABEL { en: "not a list", zh: "不是列表" }
    /// A list item of the wrong type.
    LIST_ITEM_TYPE {
        en: "a list item of type {item} cannot match {ty}",
        zh: "列表项的类型是 {item}，无法与 {ty} 匹配",
    }
    /// `if` branches of different types.
    IF_BRANCHES {
        en: "the branches of `if` must agree, found {then} and {otherwise}",
        zh: "`if` 两个分支的类型必须一致，这里却是 {then} 和 {otherwise}",
    }


    // ----- check: functions -----------------------------------------------

    /// An unknown function.
    UNKNOWN_FUNCTION { en: "unknown function `{name}`", zh: "无法识别的函数 `{name}`" }
    /// Label of [`UNKNOWN_FUNCTION`].
    UNKNOWN_FUNCTION_LABEL { en: "no such function", zh: "没有这个函数" }
    /// `where` in a scalar function's call.
    WHERE_NOT_AGGREGATE {
        en: "`{name}` is not an aggregate: `where` is not allowed in its call",
        zh: "`{name}` 不是聚合函数，调用时不能带 `where`",
    }
    /// Label of [`WHERE_NOT_AGGREGATE`].
    WHERE_NOT_AGGREGATE_LABEL { en: "only aggregates take `where`", zh: "只有聚合函数才能带 `where`" }
    /// A call with the wrong number of arguments.
    ARITY { en: "`{name}` takes {expected}, found {count}", zh: "`{name}` 需要{expected}，这里给了 {count} 个" }
    /// Label of [`ARITY`] for one argument.
    ARGUMENTS_ONE { en: "{count} argument", zh: "{count} 个参数" }
    /// Label of [`ARITY`] for several.
    ARGUMENTS_MANY { en: "{count} arguments", zh: "{count} 个参数" }
    /// Arities.
    TAKES_ONE { en: "one argument", zh: "一个参数" }
    /// See [`TAKES_ONE`].
    TAKES_ONE_OR_TWO { en: "one or two arguments", zh: "一个或两个参数" }
    /// See [`TAKES_ONE`].
    TAKES_AT_LEAST_ONE { en: "at least one argument", zh: "至少一个参数" }
    /// See [`TAKES_ONE`].
    TAKES_COUNT { en: "no argument (write `count()` or `count(where P)`)", zh: "零个参数（请写 `count()` 或 `count(where P)`）" }
    /// See [`TAKES_ONE`].
    TAKES_CV { en: "one or two arguments (`cv(E)` or `cv(E, W)`)", zh: "一个或两个参数（`cv(E)` 或 `cv(E, W)`）" }
    /// An argument of the wrong type.
    BAD_ARGUMENT { en: "`{name}` needs {expected}, found {ty}", zh: "`{name}` 需要{expected}，这里却是 {ty} 类型" }
    /// Argument kinds of [`BAD_ARGUMENT`].
    ARG_NUMBER { en: "a number", zh: "数字" }
    /// See [`ARG_NUMBER`].
    ARG_DIGITS { en: "an int number of digits", zh: "表示位数的整数（`int`）" }
    /// See [`ARG_NUMBER`].
    ARG_TEXT { en: "text", zh: "文本" }
    /// See [`ARG_NUMBER`].
    ARG_DATE { en: "a date", zh: "日期" }
    /// See [`ARG_NUMBER`].
    ARG_CONDITIONS { en: "conditions (bool)", zh: "条件（`bool`）" }
    /// See [`ARG_NUMBER`].
    ARG_ORDERED { en: "numbers, quantities or dates", zh: "数字、量或日期" }
    /// See [`ARG_NUMBER`].
    ARG_NUMERIC { en: "numbers or quantities", zh: "数字或量" }
    /// See [`ARG_NUMBER`].
    ARG_WEIGHT { en: "a numeric weight", zh: "数值型的权重" }
    /// See [`ARG_NUMBER`].
    ARG_SAME_TYPE { en: "arguments of one type ({ty})", zh: "同一类型的参数（{ty}）" }
    /// An aggregate in a record rule.
    AGG_IN_RECORD_RULE { en: "the aggregate `{name}` in a record rule", zh: "逐条记录的规则中用了聚合函数 `{name}`" }
    /// Label of [`AGG_IN_RECORD_RULE`].
    AGG_IN_RECORD_RULE_LABEL { en: "aggregates range over a group", zh: "聚合函数要作用于一组记录" }
    /// Help of [`AGG_IN_RECORD_RULE`].
    AGG_IN_RECORD_RULE_HELP {
        en: "make it a group rule: `for RECORD per FIELD` or `for RECORD overall`",
        zh: "请改成分组规则：`for RECORD per FIELD` 或 `for RECORD overall`",
    }
    /// An aggregate in `where`.
    AGG_IN_WHERE { en: "`where` cannot use the aggregate `{name}`", zh: "`where` 中不能使用聚合函数 `{name}`" }
    /// Label of [`AGG_IN_WHERE`].
    AGG_IN_WHERE_LABEL { en: "`where` is evaluated per record", zh: "`where` 是逐条记录求值的" }
    /// Help of [`AGG_IN_WHERE`].
    AGG_IN_WHERE_HELP {
        en: "filter inside the aggregate instead, e.g. `sum(students where public)`",
        zh: "请改在聚合函数内部筛选，例如 `sum(students where public)`",
    }
    /// A nested aggregate.
    AGG_NESTED { en: "the aggregate `{name}` is nested in another aggregate", zh: "聚合函数 `{name}` 嵌套在另一个聚合函数里" }
    /// Label of [`AGG_NESTED`].
    AGG_NESTED_LABEL { en: "nested aggregate", zh: "嵌套的聚合函数" }
    /// An aggregate in a const.
    AGG_IN_CONST { en: "the aggregate `{name}` cannot be used here", zh: "这里不能使用聚合函数 `{name}`" }
    /// Label of [`AGG_IN_CONST`].
    AGG_IN_CONST_LABEL { en: "only literals and consts", zh: "只能使用字面值和常量" }


    // ----- check: rules and waivers ---------------------------------------

    /// A clause given twice.
    CLAUSE_TWICE { en: "the rule `{rule}` has two `{word}` clauses", zh: "规则 `{rule}` 有两个 `{word}` 子句" }
    /// Label at the second clause.
    SECOND_CLAUSE_LABEL { en: "second clause", zh: "第二个子句" }
    /// Label at the first clause.
    FIRST_CLAUSE_LABEL { en: "first clause", zh: "第一个子句" }
    /// Help of [`CLAUSE_TWICE`].
    CLAUSE_TWICE_HELP { en: "a rule has at most one `{word}`", zh: "一条规则最多只能有一个 `{word}`" }
    /// A rule without `require`.
    NO_REQUIRE { en: "the rule `{rule}` has no `require`", zh: "规则 `{rule}` 没有 `require`" }
    /// Label of [`NO_REQUIRE`].
    NO_REQUIRE_LABEL { en: "no requirement", zh: "没有要求" }
    /// Help of [`NO_REQUIRE`].
    NO_REQUIRE_HELP {
        en: "state what the rule requires, e.g. `require beds >= boarders`",
        zh: "请写明这条规则的要求，例如 `require beds >= boarders`",
    }
    /// A rule without `for` in a pack of several record types.
    NO_FOR { en: "the rule `{rule}` has no `for`", zh: "规则 `{rule}` 没有 `for`" }
    /// Label of [`NO_FOR`].
    NO_FOR_LABEL { en: "which records does it check?", zh: "要检查哪类记录？" }
    /// Help of [`NO_FOR`].
    NO_FOR_HELP {
        en: "the pack has {count} record types ({list}): add `for` with one of them",
        zh: "规则包有 {count} 种记录类型（{list}）：请加上 `for` 并指明其中一种",
    }
    /// Help of [`NO_FOR`] when there is no record type.
    NO_RECORD_HELP {
        en: "the pack declares no record type: add a `record`",
        zh: "规则包没有声明任何记录类型：请加一个 `record`",
    }
    /// An unknown record type in `for`.
    UNKNOWN_RECORD { en: "unknown record type `{name}`", zh: "无法识别的记录类型 `{name}`" }
    /// Label of [`UNKNOWN_RECORD`].
    UNKNOWN_RECORD_LABEL { en: "no such record type", zh: "没有这种记录类型" }
    /// A `per` field given twice.
    PER_TWICE { en: "`per` names the field `{name}` twice", zh: "`per` 把字段 `{name}` 写了两次" }
    /// Label of [`PER_TWICE`].
    NAMED_AGAIN_LABEL { en: "named again", zh: "重复写出" }
    /// An unknown `per` field.
    UNKNOWN_PER_FIELD { en: "unknown field `{name}` in `per`", zh: "`per` 中的字段 `{name}` 不存在" }
    /// Label: not a field of a record type.
    NOT_A_FIELD_OF_LABEL { en: "not a field of `{record}`", zh: "不是 `{record}` 的字段" }
    /// A waiver of an unknown rule.
    WAIVER_UNKNOWN_RULE { en: "the waiver names an unknown rule `{rule}`", zh: "豁免所指的规则 `{rule}` 不存在" }
    /// Label of [`WAIVER_UNKNOWN_RULE`].
    NO_SUCH_RULE_LABEL { en: "no such rule", zh: "没有这条规则" }
    /// A waiver of an `overall` rule.
    WAIVER_OVERALL {
        en: "the rule `{rule}` is an `overall` rule and cannot be waived",
        zh: "规则 `{rule}` 是 `overall` 规则，不能豁免",
    }
    /// Label of [`WAIVER_OVERALL`].
    WAIVER_OVERALL_LABEL { en: "an overall check has no key", zh: "整体检查没有键" }
    /// Label at the rule of [`WAIVER_OVERALL`].
    WAIVER_OVERALL_RULE_LABEL { en: "this rule checks `overall`", zh: "这条规则按 `overall` 检查" }
    /// Help of [`WAIVER_OVERALL`].
    WAIVER_OVERALL_HELP {
        en: "waivers exempt one record or group by its key; remove the waiver",
        zh: "豁免按键免除某条记录或某个分组；请删掉这条豁免",
    }


    // ----- check: examples ------------------------------------------------

    /// An example of a group rule written as one record.
    EXAMPLE_GROUP_FORM {
        en: "an example of a `per`/`overall` rule gives the group's records as a list",
        zh: "`per`/`overall` 规则的示例要把这一组的记录写成列表",
    }
    /// Help of [`EXAMPLE_GROUP_FORM`].
    EXAMPLE_GROUP_FORM_HELP { en: "write `example fail [ { … }, { … } ]`", zh: "请写成 `example fail [ { … }, { … } ]`" }
    /// An example of a record rule written as a list.
    EXAMPLE_RECORD_FORM {
        en: "an example of a record rule gives one record",
        zh: "逐条记录的规则，示例只给一条记录",
    }
    /// Help of [`EXAMPLE_RECORD_FORM`].
    EXAMPLE_RECORD_FORM_HELP { en: "write `example fail { field: value, … }`", zh: "请写成 `example fail { field: value, … }`" }
    /// Label of [`EXAMPLE_GROUP_FORM`].
    WRONG_FORM_LABEL { en: "wrong form", zh: "写法不对" }
    /// An unknown field in an example.
    EXAMPLE_UNKNOWN_FIELD { en: "unknown field `{name}` in an example", zh: "示例中的字段 `{name}` 不存在" }
    /// A field given twice in an example.
    EXAMPLE_FIELD_TWICE { en: "the example gives the field `{name}` twice", zh: "示例把字段 `{name}` 写了两次" }
    /// Records of one example in different groups.
    EXAMPLE_GROUPS {
        en: "the records of one example must share the group key ({list})",
        zh: "同一个示例中的记录必须属于同一分组（{list}）",
    }
    /// Label of [`EXAMPLE_GROUPS`].
    ANOTHER_GROUP_LABEL { en: "another group", zh: "另一个分组" }
    /// Label at the first record of [`EXAMPLE_GROUPS`].
    FIRST_GROUP_LABEL { en: "the first record's group", zh: "第一条记录所在的分组" }
    /// Help of [`EXAMPLE_GROUPS`].
    EXAMPLE_GROUPS_HELP {
        en: "give every record of the example the same `per` values",
        zh: "请让示例中每条记录的 `per` 字段取值相同",
    }
    /// An example value of the wrong type.
    EXAMPLE_VALUE_TYPE {
        en: "the field `{name}` is {field_ty}, and this value is {ty}",
        zh: "字段 `{name}` 是 {field_ty} 类型，而这个值是 {ty} 类型",
    }
    /// A fraction for an int field.
    EXAMPLE_FRACTION {
        en: "the field `{name}` is int, and this value has a fraction",
        zh: "字段 `{name}` 是 `int` 类型，而这个值带小数",
    }
    /// Label of [`EXAMPLE_FRACTION`].
    NOT_WHOLE_LABEL { en: "not a whole number", zh: "不是整数" }


    // ----- check: rule files ----------------------------------------------

    /// A rule file that is not UTF-8.
    NOT_UTF8 { en: "the rule file is not valid UTF-8", zh: "规则文件不是有效的 UTF-8 编码" }
    /// Help of [`NOT_UTF8`].
    NOT_UTF8_HELP { en: "save rule files as UTF-8", zh: "请把规则文件另存为 UTF-8 编码" }
    /// A rule file that cannot be read.
    CANNOT_READ_FILE { en: "cannot read the rule file: {error}", zh: "无法读取规则文件：{error}" }
    /// A directory without rule files.
    NO_RULE_FILES { en: "the directory holds no `.dudao` files", zh: "该目录下没有 `.dudao` 文件" }
    /// A `-r` path that does not exist.
    NO_SUCH_PATH { en: "no such file or directory", zh: "找不到该文件或目录" }
    /// A bad glob pattern: where, and why (one of the `GLOB_*` reasons).
    BAD_GLOB {
        en: "invalid glob pattern: Pattern syntax error near position {pos}: {reason}",
        zh: "通配符模式有误：第 {pos} 个字符附近{reason}",
    }
    /// Reasons of [`BAD_GLOB`] (the glob crate's words in English).
    GLOB_WILDCARDS {
        en: "wildcards are either regular `*` or recursive `**`",
        zh: "通配符只能是普通的 `*` 或递归的 `**`",
    }
    /// See [`GLOB_WILDCARDS`].
    GLOB_RECURSIVE {
        en: "recursive wildcards must form a single path component",
        zh: "递归通配符 `**` 必须单独构成路径的一段",
    }
    /// See [`GLOB_WILDCARDS`].
    GLOB_RANGE { en: "invalid range pattern", zh: "字符范围写法有误" }
    /// An input/output error: the file does not exist.
    IO_NOT_FOUND { en: "No such file or directory", zh: "文件或目录不存在" }
    /// An input/output error: no permission.
    IO_PERMISSION { en: "Permission denied", zh: "没有访问权限" }
    /// Any other input/output error, with the system's words.
    IO_OTHER { en: "{error}", zh: "系统错误（{error}）" }
    /// A path a glob matched that cannot be read.
    CANNOT_READ { en: "cannot read: {error}", zh: "无法读取：{error}" }
    /// A pattern matching nothing.
    PATTERN_MATCHES_NOTHING { en: "the pattern matches no file", zh: "该模式没有匹配到任何文件" }
    /// A directory that cannot be read.
    CANNOT_READ_DIR { en: "cannot read the directory: {error}", zh: "无法读取该目录：{error}" }
    /// Label of [`BAD_REGEX`]: the regex engine's own words.
    REGEX_PROBLEM { en: "{problem}", zh: "正则表达式引擎报告：“{problem}”" }

    // ----- rendering ------------------------------------------------------

    /// The word miette writes before a help text (two spaces of indent).
    HELP_PREFIX { en: "  help: ", zh: "  提示：" }
}

/// Words of three or more ASCII letters in `text` that a Chinese text
/// should not contain: anything outside `code spans`, “quotes”, 「quotes」
/// and "quotes" (names, values and rule text stay as written), other than
/// the words in `allow`.
#[cfg(test)]
pub(crate) fn untranslated(text: &str, allow: &[&str]) -> Vec<String> {
    let mut outside = String::with_capacity(text.len());
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match closing {
            Some(end) if c == end => closing = None,
            Some(_) => {}
            None => match c {
                '`' => closing = Some('`'),
                '“' => closing = Some('”'),
                '「' => closing = Some('」'),
                '"' => closing = Some('"'),
                c => outside.push(c),
            },
        }
    }
    outside
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && !allow.contains(w))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untranslated_words_skip_code_and_quotes() {
        let allow = ["int"];
        assert!(untranslated("字段 `beds` 的值“abc”是 int 类型", &allow).is_empty());
        assert_eq!(
            untranslated("expected 字段 \"x\" here", &allow),
            ["expected", "here"]
        );
    }
}
