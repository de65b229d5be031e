//! Catalogue entries of `cli`: the command line's help and errors, and the
//! `dudao rules`/`explain`/`test` reports about a pack.

crate::messages! {
    // ----- help: commands -------------------------------------------------

    /// What dudao is, atop `dudao --help`.
    ABOUT {
        en: "督导 — check education records against a plan's requirements",
        zh: "督导 —— 按照规划的要求检查教育数据",
    }
    /// `dudao check`.
    ABOUT_CHECK {
        en: "Check the records in DATA (files, directories, globs) against a rule pack",
        zh: "按规则包检查 DATA（文件、目录或通配符）中的记录",
    }
    /// `dudao rules`.
    ABOUT_RULES {
        en: "Load a pack and list its rules (or report its errors)",
        zh: "加载规则包并列出其中的规则（有错误时报告错误）",
    }
    /// `dudao explain`.
    ABOUT_EXPLAIN {
        en: "Everything about one rule, with the plan text it cites",
        zh: "说明一条规则的全部内容，并附上它引用的规划原文",
    }
    /// `dudao test`.
    ABOUT_TEST {
        en: "Run every rule's examples",
        zh: "运行每条规则的示例",
    }
    /// `dudao template`.
    ABOUT_TEMPLATE {
        en: "Write an empty CSV (or .xlsx) with the pack's column headers, to fill in",
        zh: "生成带有规则包列标题的空白 CSV（或 .xlsx）表格，供填写",
    }
    /// `dudao help`.
    ABOUT_HELP {
        en: "Print this message or the help of the given subcommand(s)",
        zh: "显示本说明，或指定子命令的说明",
    }

    // ----- help: arguments ------------------------------------------------

    /// `--lang`.
    HELP_LANG {
        en: "The language dudao speaks: en or zh (default: from LC_ALL, LC_MESSAGES, LANG)",
        zh: "dudao 使用的语言：en 或 zh（默认按环境变量 `LC_ALL`、`LC_MESSAGES`、`LANG` 决定）",
    }
    /// `--help`.
    HELP_HELP { en: "Print help", zh: "显示帮助" }
    /// `--version`.
    HELP_VERSION { en: "Print version", zh: "显示版本号" }
    /// `-r/--rules`.
    HELP_RULES {
        en: "Rule files, directories or globs, or a built-in pack by name: `guigang`, `national` (default: the Guigang plan pack built into dudao)",
        zh: "规则文件、目录或通配符，也可以是内置规则包的名字：`guigang`、`national`（默认：dudao 内置的贵港规划规则包）",
    }
    /// `--color`.
    HELP_COLOR {
        en: "Colour: auto, always or never (honours NO_COLOR)",
        zh: "是否彩色显示：auto、always 或 never（遵循环境变量 `NO_COLOR`；默认 auto）",
    }
    /// `--format` of `dudao check`.
    HELP_FORMAT {
        en: "The report's format",
        zh: "报告格式：human、json、sarif、junit、github、markdown 或 html（默认 human）",
    }
    /// `--format` of `dudao rules`.
    HELP_LIST_FORMAT {
        en: "The list's format",
        zh: "列表格式：human 或 json（默认 human）",
    }
    /// DATA.
    HELP_DATA { en: "Data files, directories or glob patterns", zh: "数据文件、目录或通配符" }
    /// `-o/--output` of `dudao check`.
    HELP_OUTPUT { en: "Write the report there instead of stdout", zh: "把报告写入该文件，而不是输出到屏幕" }
    /// `--as-of`.
    HELP_AS_OF {
        en: "The date against which `due` and waivers are judged (default: today)",
        zh: "判断 `due` 期限和豁免是否有效所依据的日期（默认：今天）",
    }
    /// `--select`.
    HELP_SELECT {
        en: "Rules to run: an id, an id prefix, or tag:NAME (repeatable)",
        zh: "只运行这些规则：规则编号、编号前缀或 tag:NAME（可重复）",
    }
    /// `--ignore`.
    HELP_IGNORE {
        en: "Rules to leave out: an id, an id prefix, or tag:NAME (repeatable)",
        zh: "跳过这些规则：规则编号、编号前缀或 tag:NAME（可重复）",
    }
    /// `--deny`.
    HELP_DENY {
        en: "`--deny warnings`: warnings also fail the run",
        zh: "`--deny warnings`：有警告时也判为不通过",
    }
    /// `--type` of `dudao check`.
    HELP_TYPE {
        en: "Every DATA file holds records of this type",
        zh: "所有 DATA 文件中的记录都属于这一类型",
    }
    /// `--encoding`.
    HELP_ENCODING {
        en: "Force the encoding of text files",
        zh: "指定文本文件的编码：utf-8 或 gb18030（默认自动识别）",
    }
    /// `--delimiter`.
    HELP_DELIMITER {
        en: "The CSV cell delimiter (one ASCII character; `\\t` for tab)",
        zh: "CSV 的分隔符（一个 ASCII 字符；制表符写 `\\t`）",
    }
    /// `-j/--jobs`.
    HELP_JOBS {
        en: "Worker threads (default: all cores). Output is identical for every N",
        zh: "工作线程数（默认：全部 CPU 核心）。N 取任何值，结果都相同",
    }
    /// `--max-per-rule`.
    HELP_MAX_PER_RULE {
        en: "Human/markdown output shows at most N diagnostics per rule (0 = all)",
        zh: "human/markdown 报告中每条规则最多显示 N 条问题（0 表示全部；默认 20）",
    }
    /// `-q/--quiet`.
    HELP_QUIET { en: "Human output: the summary only", zh: "human 报告只显示汇总" }
    /// The rule id of `dudao explain`.
    HELP_RULE_ID { en: "The rule id, e.g. BOARD-001", zh: "规则编号，例如 BOARD-001" }
    /// `--type` of `dudao template`.
    HELP_TEMPLATE_TYPE {
        en: "The record type (default: the pack's first)",
        zh: "记录类型（默认：规则包中的第一种）",
    }
    /// `-o/--output` of `dudao template`.
    HELP_TEMPLATE_OUTPUT {
        en: "Where to write (default: stdout); a name ending in .xlsx writes a workbook",
        zh: "写到哪里（默认：输出到屏幕）；文件名以 .xlsx 结尾时生成 Excel 工作簿",
    }

    // ----- help: headings -------------------------------------------------

    /// The usage heading.
    HEADING_USAGE { en: "Usage: ", zh: "用法：" }
    /// The subcommands heading.
    HEADING_COMMANDS { en: "Commands", zh: "命令" }
    /// The placeholder of a subcommand in the usage line.
    COMMAND_VALUE { en: "COMMAND", zh: "命令" }
    /// The options heading.
    HEADING_OPTIONS { en: "Options", zh: "选项" }
    /// The positional arguments heading.
    HEADING_ARGUMENTS { en: "Arguments", zh: "参数" }

    // ----- errors of the command line ------------------------------------

    /// The prefix of every error line.
    ERROR { en: "error: {message}", zh: "错误：{message}" }
    /// An argument clap does not know.
    UNKNOWN_ARGUMENT { en: "unexpected argument '{arg}' found", zh: "无法识别的参数“{arg}”" }
    /// A subcommand clap does not know.
    UNKNOWN_SUBCOMMAND { en: "unrecognized subcommand '{arg}'", zh: "无法识别的子命令“{arg}”" }
    /// A tip naming the closest argument.
    TIP_SIMILAR { en: "tip: a similar argument exists: '{arg}'", zh: "提示：是不是想写“{arg}”？" }
    /// Required arguments absent.
    MISSING_REQUIRED {
        en: "the following required arguments were not provided: {args}",
        zh: "缺少必需的参数：{args}",
    }
    /// A subcommand is required.
    MISSING_SUBCOMMAND {
        en: "a subcommand is required",
        zh: "需要指定子命令，如 check、rules、explain、test 或 template",
    }
    /// A value outside the accepted ones.
    INVALID_VALUE {
        en: "invalid value '{value}' for '{arg}'",
        zh: "参数“{arg}”的值“{value}”无效",
    }
    /// The accepted values.
    POSSIBLE_VALUES { en: "possible values: {values}", zh: "可用的值：{values}" }
    /// A value that a parser refused, with the reason.
    INVALID_VALUE_BECAUSE {
        en: "invalid value '{value}' for '{arg}': {reason}",
        zh: "参数“{arg}”的值“{value}”无效：{reason}",
    }
    /// A value was expected after an option.
    VALUE_MISSING {
        en: "a value is required for '{arg}' but none was supplied",
        zh: "参数“{arg}”后面需要给出一个值",
    }
    /// An option given twice.
    ARGUMENT_TWICE {
        en: "the argument '{arg}' cannot be used multiple times",
        zh: "参数“{arg}”只能使用一次",
    }
    /// Any other problem with the arguments.
    BAD_ARGUMENTS {
        en: "the arguments cannot be understood: {detail}",
        zh: "无法理解命令行参数：{detail}",
    }
    /// The closing line of an argument error.
    MORE_INFO { en: "For more information, try '{help}'.", zh: "如需了解更多，请运行 `{help}`。" }
    /// `--as-of` is not a date.
    BAD_DATE {
        en: "`{value}` is not a real date in the form YYYY-MM-DD",
        zh: "“{value}”不是有效的日期，应写成 YYYY-MM-DD",
    }
    /// A count (`--jobs`, `--max-per-rule`) that is not a whole number.
    NOT_A_COUNT {
        en: "not a whole number of 0 or more",
        zh: "应为大于或等于 0 的整数",
    }
    /// `--delimiter` is not one character.
    BAD_DELIMITER { en: "`{value}` is not one ASCII character", zh: "“{value}”不是单个 ASCII 字符" }

    // ----- errors of a run ------------------------------------------------

    /// A panic, caught.
    INTERNAL_ERROR {
        en: "error[internal]: dudao stopped on an internal error; this is a bug — please report it with the input that caused it",
        zh: "错误[internal]：dudao 因内部错误而停止。这是程序缺陷，请连同引发问题的输入一起报告给我们",
    }
    /// The rule pack did not load.
    PACK_HAS_ERRORS_ONE {
        en: "error: the rule pack has {count} error; nothing was checked",
        zh: "错误：规则包有 {count} 处错误，未进行任何检查",
    }
    /// See [`PACK_HAS_ERRORS_ONE`].
    PACK_HAS_ERRORS_MANY {
        en: "error: the rule pack has {count} errors; nothing was checked",
        zh: "错误：规则包有 {count} 处错误，未进行任何检查",
    }
    /// The report could not be written.
    CANNOT_WRITE_REPORT { en: "cannot write the report: {error}", zh: "无法写出报告：{error}" }
    /// The template could not be written.
    CANNOT_WRITE_TEMPLATE { en: "cannot write the template: {error}", zh: "无法写出模板：{error}" }
    /// stdout could not be written.
    CANNOT_WRITE { en: "cannot write: {error}", zh: "无法输出：{error}" }
    /// A pack without record types.
    NO_RECORD_TYPE { en: "the pack declares no record type", zh: "规则包没有声明任何记录类型" }
    /// `--type NAME` names no record type.
    UNKNOWN_RECORD_TYPE {
        en: "the pack has no record type `{name}`{suggestion}",
        zh: "规则包中没有记录类型 `{name}`{suggestion}",
    }
    /// `dudao explain ID` names no rule.
    NO_SUCH_RULE { en: "no rule `{id}` in the pack{suggestion}", zh: "规则包中没有规则 `{id}`{suggestion}" }

    // ----- dudao rules ----------------------------------------------------

    /// Column headings of `dudao rules`.
    COL_ID { en: "ID", zh: "编号" }
    /// See [`COL_ID`].
    COL_SEVERITY { en: "SEVERITY", zh: "级别" }
    /// See [`COL_ID`].
    COL_DUE { en: "DUE", zh: "生效日期" }
    /// See [`COL_ID`].
    COL_SCOPE { en: "SCOPE", zh: "范围" }
    /// See [`COL_ID`].
    COL_CITE { en: "CITE", zh: "条款" }
    /// See [`COL_ID`].
    COL_TITLE { en: "TITLE", zh: "标题" }
    /// The closing count of `dudao rules`.
    RULE_COUNT { en: "{count} rules", zh: "共 {count} 条规则" }
    /// A scope over all records of a type.
    SCOPE_OVERALL { en: "{record} overall", zh: "{record} 整体" }
    /// A scope per group.
    SCOPE_PER { en: "{record} per {fields}", zh: "{record} 按 {fields} 分组" }
    /// Scope kinds.
    SCOPE_KIND_RECORD { en: "record", zh: "逐条记录" }
    /// See [`SCOPE_KIND_RECORD`].
    SCOPE_KIND_GROUP { en: "group", zh: "分组" }
    /// See [`SCOPE_KIND_RECORD`].
    SCOPE_KIND_OVERALL { en: "overall", zh: "整体" }

    // ----- dudao explain --------------------------------------------------

    /// Field labels of `dudao explain`.
    EXPLAIN_PLAN { en: "plan", zh: "规划" }
    /// See [`EXPLAIN_PLAN`].
    EXPLAIN_CITE { en: "cite", zh: "条款" }
    /// See [`EXPLAIN_PLAN`].
    EXPLAIN_SEVERITY { en: "severity", zh: "级别" }
    /// See [`EXPLAIN_PLAN`].
    EXPLAIN_DUE { en: "due", zh: "生效日期" }
    /// See [`EXPLAIN_PLAN`].
    EXPLAIN_SCOPE { en: "scope", zh: "范围" }
    /// See [`EXPLAIN_PLAN`].
    EXPLAIN_TAGS { en: "tags", zh: "标签" }
    /// See [`EXPLAIN_PLAN`].
    EXPLAIN_MISSING { en: "missing", zh: "缺值时" }
    /// A severity that is `info` until the due date.
    SEVERITY_UNTIL_DUE {
        en: "{severity} (info up to and including {due})",
        zh: "{severity}（{due}及以前为 info）",
    }
    /// The scope and its kind.
    SCOPE_WITH_KIND { en: "{scope} ({kind})", zh: "{scope}（{kind}）" }
    /// A rule without a due date.
    ALWAYS_DUE { en: "none: always due", zh: "无：始终生效" }
    /// The plan text a rule cites.
    PLAN_SAYS { en: "The plan says ({cite}):", zh: "规划原文（{cite}）：" }
    /// The rule's source.
    SOURCE_AT { en: "Source ({file}:{line}):", zh: "源代码（{file}:{line}）：" }

    // ----- dudao test -----------------------------------------------------

    /// An example whose outcome differs.
    EXAMPLE_MISMATCH {
        en: "{rule}: example expects `{expected}`, but the rule gives `{actual}`",
        zh: "{rule}：示例预期为 `{expected}`，规则实际给出 `{actual}`",
    }
    /// Label of [`EXAMPLE_MISMATCH`].
    EXAMPLE_GIVES { en: "gives {actual}", zh: "实际为 {actual}" }
    /// The closing count of `dudao test`.
    EXAMPLES_SUMMARY {
        en: "examples: {passed} passed, {failed} failed",
        zh: "示例：{passed} 个通过，{failed} 个未通过",
    }
}
