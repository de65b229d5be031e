//! Catalogue entries of `report`: what the reporters (human, Markdown,
//! HTML, JUnit, SARIF, GitHub) say by themselves around a finding.

crate::messages! {
    // Words every reporter shares.

    /// Severity `error`, as a word for people.
    SEV_ERROR { en: "error", zh: "错误" }
    /// Severity `warning`, as a word for people.
    SEV_WARNING { en: "warning", zh: "警告" }
    /// Severity `info`, as a word for people.
    SEV_INFO { en: "info", zh: "提示" }
    /// Outcome: the requirement failed.
    OUTCOME_FAIL { en: "fail", zh: "不达标" }
    /// Outcome: the requirement could not be decided for missing data.
    OUTCOME_MISSING { en: "missing data", zh: "缺数据" }
    /// Outcome, in JUnit's one-word form.
    OUTCOME_MISSING_SHORT { en: "missing", zh: "缺数据" }
    /// Outcome: a waiver covers the failure.
    OUTCOME_WAIVED { en: "waived", zh: "已豁免" }
    /// Outcome: a built-in data diagnostic.
    OUTCOME_ERROR { en: "error", zh: "数据错误" }
    /// The label before a finding's help.
    HELP_LABEL { en: "help: ", zh: "建议：" }
    /// The group a finding is about: `county = 港北区, township = 根竹镇`.
    GROUP_LINE { en: "group: {group}", zh: "分组：{group}" }
    /// The values a finding read.
    VALUES_LINE { en: "values: {values}", zh: "数值：{values}" }
    /// One record of a group was skipped.
    SKIPPED_ONE {
        en: "{count} record skipped for missing values",
        zh: "{count} 条记录因缺值未计入",
    }
    /// Several records of a group were skipped.
    SKIPPED_MANY {
        en: "{count} records skipped for missing values",
        zh: "{count} 条记录因缺值未计入",
    }
    /// A value the data does not give.
    SHOWN_MISSING { en: "missing", zh: "缺失" }
    /// The other record of a duplicate.
    EARLIER_RECORD { en: "the earlier record", zh: "先出现的那条记录" }
    /// The other record of a duplicate, with no line to show.
    EARLIER_RECORD_AT {
        en: "the earlier record: {place}",
        zh: "先出现的那条记录：{place}",
    }
    /// A place in a text file, for people.
    PLACE_LINE {
        en: "{file}:{line}:{column}",
        zh: "{file} 第 {line} 行第 {column} 列",
    }
    /// A cell of a named worksheet, for people.
    PLACE_SHEET_CELL {
        en: "{file} {sheet}!{cell}",
        zh: "{file} 工作表「{sheet}」{cell} 单元格",
    }
    /// A cell of a workbook whose sheet is not known, for people.
    PLACE_CELL { en: "{file} {cell}", zh: "{file} {cell} 单元格" }

    // Titles of the built-in diagnostics (DATA.md, waivers).

    /// `data/unreadable`.
    TITLE_UNREADABLE { en: "file cannot be read", zh: "文件无法读取" }
    /// `data/malformed`.
    TITLE_MALFORMED { en: "malformed row", zh: "行格式有误" }
    /// `data/encoding`.
    TITLE_ENCODING { en: "file decoded as GB18030", zh: "文件按 GB18030 编码读取" }
    /// `schema/unknown-column`.
    TITLE_UNKNOWN_COLUMN { en: "unknown column", zh: "无法识别的列" }
    /// `schema/missing-column`.
    TITLE_MISSING_COLUMN { en: "required column missing", zh: "缺少必需的列" }
    /// `schema/required`.
    TITLE_REQUIRED { en: "required value missing", zh: "必填项为空" }
    /// `schema/type`.
    TITLE_TYPE { en: "value cannot be read as its type", zh: "值的类型不符" }
    /// `schema/enum`.
    TITLE_ENUM {
        en: "value is not one of the accepted spellings",
        zh: "值不在可选范围内",
    }
    /// `schema/range`.
    TITLE_RANGE { en: "value out of range", zh: "值超出允许范围" }
    /// `schema/pattern`.
    TITLE_PATTERN {
        en: "value does not match the required pattern",
        zh: "值的格式不符合要求",
    }
    /// `schema/duplicate`.
    TITLE_DUPLICATE { en: "duplicate value", zh: "值重复" }
    /// `waiver/unused`.
    TITLE_WAIVER_UNUSED { en: "waiver matches no finding", zh: "豁免未匹配任何问题" }
    /// `waiver/expired`.
    TITLE_WAIVER_EXPIRED { en: "waiver has expired", zh: "豁免已过期" }

    // The human report.

    /// A finding's severity with its outcome: `[error, missing data]`.
    HEADER_MISSING { en: "{severity}, missing data", zh: "{severity}，缺数据" }
    /// A finding's severity with its outcome: `[info, waived]`.
    HEADER_WAIVED { en: "{severity}, waived", zh: "{severity}，已豁免" }
    /// Where a finding is, when its line cannot be shown.
    HUMAN_IN { en: "in {place}", zh: "位置：{place}" }
    /// A note under a finding (cite, due date).
    NOTE { en: "note: {note}", zh: "注：{note}" }
    /// The rule's due date, when it has passed.
    DUE { en: "due {due}", zh: "达标期限 {due}" }
    /// The rule's due date, before it: the severity is lowered until then.
    DUE_LOWERED {
        en: "due {due}: reported as {severity} until then",
        zh: "达标期限 {due}：此前按「{severity}」报告",
    }
    /// One finding of a rule left out by `--max-per-rule`.
    MORE_ONE {
        en: "… and {count} more {rule} diagnostic (use --max-per-rule 0 to see all)",
        zh: "… 另有 {count} 条 {rule} 诊断未列出（用 --max-per-rule 0 可全部列出）",
    }
    /// Findings of a rule left out by `--max-per-rule`.
    MORE_MANY {
        en: "… and {count} more {rule} diagnostics (use --max-per-rule 0 to see all)",
        zh: "… 另有 {count} 条 {rule} 诊断未列出（用 --max-per-rule 0 可全部列出）",
    }
    /// `1 record`.
    RECORDS_ONE { en: "{count} record", zh: "{count} 条记录" }
    /// `1,532 records`.
    RECORDS_MANY { en: "{count} records", zh: "{count} 条记录" }
    /// `1 file`.
    FILES_ONE { en: "{count} file", zh: "{count} 个文件" }
    /// `2 files`.
    FILES_MANY { en: "{count} files", zh: "{count} 个文件" }
    /// `1 rule`.
    RULES_ONE { en: "{count} rule", zh: "{count} 条规则" }
    /// `41 rules`.
    RULES_MANY { en: "{count} rules", zh: "{count} 条规则" }
    /// The summary's first line.
    SUMMARY_CHECKED {
        en: "checked {records} ({files}) against {rules} in {seconds}s",
        zh: "已对照 {rules}检查 {records}（{files}），用时 {seconds} 秒",
    }
    /// The summary's second line.
    SUMMARY_COUNTS {
        en: "errors: {errors}  warnings: {warnings}  info: {infos}  missing data: {missing}  waived: {waived}",
        zh: "错误：{errors}  警告：{warnings}  提示：{infos}  缺数据：{missing}  已豁免：{waived}",
    }

    // The Markdown report.

    /// The report's heading.
    MD_HEADING { en: "dudao report", zh: "dudao 督导报告" }
    /// The report's heading, with the plan's name.
    MD_HEADING_PLAN { en: "dudao report: {plan}", zh: "dudao 督导报告：{plan}" }
    /// The verdict when errors were found.
    MD_FAILED { en: "failed", zh: "未通过" }
    /// The verdict when only warnings were found.
    MD_PASSED_WARNINGS { en: "passed with warnings", zh: "通过，但有警告" }
    /// The verdict when nothing was found.
    MD_PASSED { en: "passed", zh: "通过" }
    /// The line under the heading.
    MD_CHECKED {
        en: "{verdict} — checked {records} records in {files} files against {rules} rules, as of {as_of}.",
        zh: "{verdict}——评估日期 {as_of}，对照 {rules} 条规则检查了 {files} 个文件中的 {records} 条记录。",
    }
    /// The summary table's header row.
    MD_SUMMARY_HEADER {
        en: "| errors | warnings | info | checks | pass | fail | missing data | waived |",
        zh: "| 错误 | 警告 | 提示 | 检查 | 通过 | 不达标 | 缺数据 | 已豁免 |",
    }
    /// When the run found nothing.
    MD_NONE { en: "No diagnostics.", zh: "未发现问题。" }
    /// The heading of the rules table.
    MD_RULES { en: "Rules", zh: "规则" }
    /// The rules table's header row.
    MD_RULES_HEADER {
        en: "| rule | title | cite | failures | missing | waived | errors | warnings | info |",
        zh: "| 规则 | 名称 | 依据 | 不达标 | 缺数据 | 已豁免 | 错误 | 警告 | 提示 |",
    }
    /// The heading of the groups table.
    MD_GROUPS { en: "Groups", zh: "分组" }
    /// The groups table's header row.
    MD_GROUPS_HEADER {
        en: "| group | rule | outcome | severity | message |",
        zh: "| 分组 | 规则 | 结果 | 严重程度 | 说明 |",
    }
    /// The heading of the diagnostics.
    MD_DIAGNOSTICS { en: "Diagnostics", zh: "诊断明细" }
    /// A rule's diagnostics table's header row.
    MD_DIAGNOSTICS_HEADER {
        en: "| severity | outcome | where | subject | message | values |",
        zh: "| 严重程度 | 结果 | 位置 | 对象 | 说明 | 数值 |",
    }
    /// One diagnostic of a rule left out.
    MD_MORE_ONE {
        en: "… and {count} more `{rule}` diagnostic (use `--max-per-rule 0` to see all)",
        zh: "… 另有 {count} 条 `{rule}` 诊断未列出（用 `--max-per-rule 0` 可全部列出）",
    }
    /// Diagnostics of a rule left out.
    MD_MORE_MANY {
        en: "… and {count} more `{rule}` diagnostics (use `--max-per-rule 0` to see all)",
        zh: "… 另有 {count} 条 `{rule}` 诊断未列出（用 `--max-per-rule 0` 可全部列出）",
    }

    // JUnit and SARIF.

    /// JUnit: the rule of a testcase.
    JUNIT_RULE { en: "rule: {rule} {title}", zh: "规则：{rule} {title}" }
    /// JUnit: the outcome of a testcase.
    JUNIT_OUTCOME { en: "outcome: {outcome}", zh: "结果：{outcome}" }
    /// JUnit: where the finding is.
    JUNIT_AT { en: "at: {place}", zh: "位置：{place}" }
    /// JUnit: the plan clause the rule cites.
    JUNIT_CITE { en: "cite: {cite}", zh: "依据：{cite}" }
    /// JUnit: the message of a waived finding.
    JUNIT_WAIVED { en: "waived: {message}", zh: "已豁免：{message}" }
    /// JUnit: a warning or info finding in a passing testcase.
    JUNIT_NOTICE { en: "{severity}: {details}", zh: "{severity}：{details}" }
    /// SARIF: the tool's full name.
    SARIF_FULL_NAME {
        en: "dudao (督导) education-plan compliance checker",
        zh: "dudao（督导）教育规划达标检查工具",
    }

    // The HTML report.

    /// The report's title when the pack names no plan.
    HTML_REPORT { en: "Inspection report", zh: "督导报告" }
    /// The line under the title.
    HTML_META {
        en: "as of {as_of} · dudao {version} · {files} data files",
        zh: "评估日期 {as_of} · dudao {version} · {files} 个数据文件",
    }
    /// The page's footer.
    HTML_FOOTER {
        en: "Made by dudao · This file is self-contained: it opens offline, and can be printed or forwarded.",
        zh: "由 dudao 生成 · 本文件自包含，可离线打开、打印或转发。",
    }
    /// The totals' heading.
    HTML_TOTALS { en: "Overview", zh: "总览" }
    /// Totals card: records read.
    CARD_RECORDS { en: "records", zh: "记录" }
    /// Totals card: rules run.
    CARD_RULES { en: "rules", zh: "规则" }
    /// Totals card: checks made.
    CARD_CHECKS { en: "checks", zh: "检查" }
    /// Totals card: checks passed.
    CARD_PASS { en: "passed", zh: "通过" }
    /// Totals card: checks failed.
    CARD_FAIL { en: "failed", zh: "不达标" }
    /// Totals card: findings of severity error.
    CARD_ERRORS { en: "errors", zh: "错误" }
    /// Totals card: findings of severity warning.
    CARD_WARNINGS { en: "warnings", zh: "警告" }
    /// Totals card: findings of severity info.
    CARD_INFOS { en: "info", zh: "提示" }
    /// The county header of the matrix and the filters.
    HTML_COUNTY { en: "County", zh: "县（市、区）" }
    /// The matrix's heading.
    MATRIX_HEADING { en: "County × rule compliance rate", zh: "县（市、区）× 规则 达标率" }
    /// The matrix when no finding belongs to a county.
    MATRIX_EMPTY {
        en: "No checks belong to a county.",
        zh: "没有按县（市、区）归属的检查。",
    }
    /// What a matrix cell counts.
    MATRIX_NOTE_CELLS {
        en: "Each cell is the county's compliance rate for the rule: the share of its decided checks that passed (a waived failure does not pass; checks missing data are left out, and shown on hover). The darker, the lower the rate.",
        zh: "每格为该县（市、区）该规则的达标率：通过的检查占已判定检查的比例（已豁免的不达标不计为通过；缺数据不参与计算，悬停可见）。颜色越深达标率越低。",
    }
    /// What the clean-school share means.
    MATRIX_NOTE_CLEAN {
        en: "\"Schools without findings\" is the share of the county's schools with no record finding at all.",
        zh: "“无问题学校”为没有任何单条记录问题的学校占该县（市、区）全部学校的比例。",
    }
    /// Matrix column: the county's schools.
    MATRIX_SCHOOLS { en: "Schools", zh: "学校" }
    /// Matrix column: the share of schools without findings.
    MATRIX_CLEAN { en: "Schools without findings", zh: "无问题学校" }
    /// Matrix column: the row's total.
    MATRIX_TOTAL { en: "Total", zh: "合计" }
    /// A matrix cell's tooltip.
    MATRIX_CELL_TITLE {
        en: "{county} · {rule}: passed {pass} / {decided} · failed {fail} · missing data {missing}",
        zh: "{county} · {rule}：达标 {pass} / {decided} · 不达标 {fail} · 缺数据 {missing}",
    }
    /// The matrix's colour legend.
    MATRIX_LEGEND { en: "compliance rate", zh: "达标率" }
    /// The chart's heading.
    CHART_HEADING { en: "Findings per rule", zh: "各规则问题数" }
    /// The chart when there is nothing to draw.
    CHART_EMPTY { en: "No findings.", zh: "没有问题。" }
    /// The chart's accessible name.
    CHART_LABEL {
        en: "Failures and missing data per rule",
        zh: "各规则不达标与缺数据数",
    }
    /// A bar's tooltip.
    CHART_BAR_TITLE {
        en: "{rule}: failed {fail} · missing data {missing}",
        zh: "{rule}：不达标 {fail} · 缺数据 {missing}",
    }
    /// The chart legend of the failure bars.
    CHART_LEGEND_FAIL { en: "failed / data error", zh: "不达标 / 数据错误" }
    /// The findings' heading.
    FINDINGS_HEADING { en: "Findings", zh: "问题明细" }
    /// The filter option that shows everything.
    FILTER_ALL { en: "all", zh: "全部" }
    /// The severity filter.
    FILTER_SEVERITY { en: "Severity", zh: "严重程度" }
    /// The rule filter.
    FILTER_RULE { en: "Rule", zh: "规则" }
    /// The search box.
    FILTER_SEARCH { en: "School name or id", zh: "学校名称或标识码" }
    /// How many findings the filters show; `{count}` is the live counter.
    FILTER_SHOWN { en: "showing {count}", zh: "显示 {count} 条" }
    /// A county's schools, and how many have findings.
    COUNTY_SCHOOLS {
        en: "{all} schools, {flagged} with findings",
        zh: "学校 {all} 所，有问题 {flagged} 所",
    }
    /// How many of a county's schools have findings, the total unknown.
    COUNTY_FLAGGED {
        en: "{flagged} schools with findings",
        zh: "有问题学校 {flagged} 所",
    }
    /// A county's counts.
    COUNTY_COUNTS {
        en: "failed {fail} · missing data {missing} · waived {waived} · {rules} rules",
        zh: "不达标 {fail} · 缺数据 {missing} · 豁免 {waived} · {rules} 条规则",
    }
    /// The heading of city-wide findings.
    OVERALL_HEADING {
        en: "City-wide indicators and other findings",
        zh: "全市指标与其他",
    }
    /// The plan clause a rule cites.
    HTML_CITE { en: "Plan {cite}", zh: "《规划》{cite}" }
    /// Findings table column: the school or other subject.
    COL_SUBJECT { en: "School / subject", zh: "学校 / 对象" }
    /// Findings table column: outcome and severity.
    COL_RESULT { en: "Result", zh: "结果" }
    /// Findings table column: the message.
    COL_MESSAGE { en: "Message", zh: "说明" }
    /// Findings table column: the values read.
    COL_VALUES { en: "Values", zh: "数值" }
    /// Findings table column: where.
    COL_PLACE { en: "Place", zh: "位置" }
    /// Rows of a county and rule beyond the cap.
    HTML_MORE { en: "… and {count} more", zh: "… 另有 {count} 条" }
    /// The subject of a city-wide finding.
    SUBJECT_OVERALL { en: "city-wide", zh: "全市" }

    // Writing the report.

    /// `-o` names one of the data files.
    OUTPUT_IS_INPUT {
        en: "refusing to write the report to {path}: it is one of the input files",
        zh: "不能把报告写到 {path}：它是输入的数据文件之一",
    }
    /// The report's temporary file cannot be created.
    OUTPUT_CANNOT_CREATE {
        en: "cannot create a file in {dir}: {error}",
        zh: "无法在 {dir} 中创建文件：{error}",
    }
}
