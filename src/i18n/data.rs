//! Catalogue entries of `data`: what the readers say about data files.
//!
//! `{cell}` names the offending cell for a clerk — 第 12 行 D 列「在校生数」,
//! 单元格 C12「在校生数」, with the column header as the file spelled it. It
//! is empty in English, whose messages leave the place to the finding's
//! location, as they always have.

crate::messages! {
    // ---- Naming a cell (Chinese messages only: see the module doc) ----

    /// A CSV cell: its line, its column letter as a spreadsheet shows it, its header.
    CELL_IN_ROW {
        en: "line {line}, column {letter} \"{header}\"",
        zh: "第 {line} 行 {letter} 列「{header}」",
    }
    /// An Excel cell: its reference and its header.
    CELL_IN_SHEET {
        en: "cell {reference} \"{header}\"",
        zh: "单元格 {reference}「{header}」",
    }
    /// A JSON value: its line and its key.
    CELL_IN_LINE {
        en: "line {line}, key \"{header}\"",
        zh: "第 {line} 行「{header}」",
    }
    /// A cell with no known place (a value read on its own).
    CELL_ALONE {
        en: "the cell",
        zh: "该单元格",
    }

    // ---- Value readers: schema/type and schema/enum ----

    /// A cell that should hold an `int`.
    NOT_INTEGER {
        en: "{cell}cannot read \"{value}\" as a whole number",
        zh: "{cell}的值“{value}”不是整数",
    }
    /// A cell that should hold a `number`.
    NOT_NUMBER {
        en: "{cell}cannot read \"{value}\" as a number",
        zh: "{cell}的值“{value}”不是数字",
    }
    /// A number followed by other text (`12人`).
    HELP_NUMBER_ALONE {
        en: "write the number alone: {number}",
        zh: "只填数字即可：{number}",
    }
    /// A number with a fraction where a whole number is wanted.
    HELP_NO_FRACTION {
        en: "write a whole number (no fraction)",
        zh: "请填写整数（不带小数）",
    }
    /// Advice for an `int` cell that holds no number.
    HELP_INTEGER_DIGITS {
        en: "write a whole number in digits, e.g. 1200 or 1,200",
        zh: "请用阿拉伯数字填写整数，例如 1200 或 1,200",
    }
    /// Advice for a `number` cell that holds no number.
    HELP_NUMBER_DIGITS {
        en: "write a number in digits, e.g. 1200 or 1,200",
        zh: "请用阿拉伯数字填写，例如 1200 或 1,200",
    }
    /// A bare number above 1 in a `percent` cell (`85`).
    NOT_PERCENT_SCALE {
        en: "{cell}\"{value}\" is not a percentage",
        zh: "{cell}的值“{value}”没有写成百分数",
    }
    /// How to write that number as a percentage.
    HELP_PERCENT_SCALE {
        en: "write {number}% or {fraction}",
        zh: "请写成 {number}% 或 {fraction}",
    }
    /// A `percent` cell that holds no number.
    NOT_PERCENT {
        en: "{cell}cannot read \"{value}\" as a percentage",
        zh: "{cell}的值“{value}”不是百分数",
    }
    /// Advice for a `percent` cell.
    HELP_PERCENT {
        en: "write a percentage such as 85% or a fraction such as 0.85",
        zh: "请填写百分数（如 85%）或小数（如 0.85）",
    }
    /// A `bool` cell that is not one of the yes/no words.
    NOT_BOOL {
        en: "{cell}cannot read \"{value}\" as yes or no",
        zh: "{cell}的值“{value}”不是“是”或“否”",
    }
    /// The yes/no words.
    HELP_BOOL {
        en: "write 是 or 否 (also accepted: true/false, yes/no, y/n, 1/0, 有/无, √/×, ✓/✗)",
        zh: "请填写“是”或“否”（也可以写 true/false、yes/no、y/n、1/0、有/无、√/×、✓/✗）",
    }
    /// A `date` cell that is not a real date.
    NOT_DATE {
        en: "{cell}cannot read \"{value}\" as a date",
        zh: "{cell}的值“{value}”不是有效的日期",
    }
    /// The date spellings.
    HELP_DATE {
        en: "write a real date as 2020-09-01, 2020/9/1, 2020.9.1 or 2020年9月1日",
        zh: "请填写真实存在的日期，如 2020-09-01、2020/9/1、2020.9.1 或 2020年9月1日",
    }
    /// An Excel number in a `date` column that is no date serial.
    SERIAL_NOT_DATE {
        en: "{cell}cannot read {value} as a date",
        zh: "{cell}的值 {value} 不是有效的日期",
    }
    /// Advice for an Excel date cell.
    HELP_SERIAL_DATE {
        en: "write a real date as 2020-09-01",
        zh: "请填写真实存在的日期，如 2020-09-01",
    }
    /// A `rate` cell that is no bandwidth.
    NOT_RATE {
        en: "{cell}cannot read \"{value}\" as a bandwidth",
        zh: "{cell}的值“{value}”不是带宽",
    }
    /// Bandwidth spellings.
    HELP_RATE {
        en: "write megabits per second, e.g. 100, 100 Mbps, 1G or 千兆",
        zh: "请按兆比特每秒填写，例如 100、100 Mbps、1G 或 千兆",
    }
    /// An `area` cell that is no area.
    NOT_AREA {
        en: "{cell}cannot read \"{value}\" as an area",
        zh: "{cell}的值“{value}”不是面积",
    }
    /// Area spellings.
    HELP_AREA {
        en: "write square metres, e.g. 1200 or 1200㎡",
        zh: "请按平方米填写，例如 1200 或 1200㎡",
    }
    /// A `money` cell that is no amount.
    NOT_MONEY {
        en: "{cell}cannot read \"{value}\" as an amount of money",
        zh: "{cell}的值“{value}”不是金额",
    }
    /// Money spellings.
    HELP_MONEY {
        en: "write yuan, e.g. 1200, 1200元 or 12万元",
        zh: "请按元填写，例如 1200、1200元 或 12万元",
    }
    /// An enum cell matching none of its spellings.
    NOT_ENUM {
        en: "{cell}\"{value}\" is not a {name}",
        zh: "{cell}的值“{value}”不是可选的 `{name}` 之一",
    }
    /// The spellings an enum accepts.
    HELP_ENUM {
        en: "write one of: {accepted}",
        zh: "请填写以下之一：{accepted}",
    }
    /// The spellings an enum accepts, and the closest one.
    HELP_ENUM_GUESS {
        en: "write one of: {accepted}; did you mean `{guess}`?",
        zh: "请填写以下之一：{accepted}。是不是要写“{guess}”？",
    }
    /// A field whose enum the pack lacks (a checked pack never has one).
    ENUM_UNKNOWN {
        en: "{cell}cannot read \"{value}\": the field's enum is unknown",
        zh: "{cell}的值“{value}”无法读取：该字段的枚举类型未知",
    }
    /// A cell longer than `limits::MAX_CELL_BYTES`.
    CELL_TOO_LONG {
        en: "{cell}{field} holds {size} of text, more than the limit of {limit} per cell",
        zh: "{cell}（字段 `{field}`）的文字长达 {size}，超过了每个单元格 {limit} 的上限",
    }
    /// Advice for a cell that is too long.
    HELP_CELL_TOO_LONG {
        en: "a cell holds one value: check the file for a stray quote",
        zh: "一个单元格只填一个值：请检查文件中是否有多余的引号",
    }
    /// A JSON object or array, or an Excel error, where a value should be.
    NOT_A_VALUE {
        en: "{cell}{field} holds {what}, not a value",
        zh: "{cell}（字段 `{field}`）填的是{what}，不是一个值",
    }
    /// Advice for a cell that holds no value.
    HELP_NOT_A_VALUE {
        en: "write a single value for {field}",
        zh: "请为 `{field}` 填写单个值",
    }
    /// A JSON object as a cell.
    AN_OBJECT {
        en: "an object",
        zh: "一个对象",
    }
    /// A JSON array as a cell.
    AN_ARRAY {
        en: "an array",
        zh: "一个数组",
    }
    /// An Excel error value (`#DIV/0!`) as a cell.
    EXCEL_ERROR {
        en: "the Excel error {code}",
        zh: "Excel 错误值 {code}",
    }

    // ---- schema/required, range, pattern, duplicate ----

    /// A required cell left blank.
    REQUIRED_BLANK {
        en: "{cell}required field {field} is blank",
        zh: "{cell}是必填项（字段 `{field}`），不能空着",
    }
    /// Advice for a blank required cell.
    HELP_REQUIRED {
        en: "fill in {field}",
        zh: "请填写必填字段 `{field}`",
    }
    /// A value under the field's `min`.
    BELOW_MIN {
        en: "{cell}{field} = {value} is below the minimum {bound}",
        zh: "{cell}（字段 `{field}`）的值 {value} 低于最小值 {bound}",
    }
    /// Advice for a value under `min`.
    HELP_BELOW_MIN {
        en: "{field} must be at least {bound}: check the value",
        zh: "`{field}` 不能小于 {bound}：请核对这个值",
    }
    /// A value over the field's `max`.
    ABOVE_MAX {
        en: "{cell}{field} = {value} is above the maximum {bound}",
        zh: "{cell}（字段 `{field}`）的值 {value} 高于最大值 {bound}",
    }
    /// Advice for a value over `max`.
    HELP_ABOVE_MAX {
        en: "{field} must be at most {bound}: check the value",
        zh: "`{field}` 不能大于 {bound}：请核对这个值",
    }
    /// A text breaking the field's `matches` pattern.
    PATTERN_MISMATCH {
        en: "{cell}\"{value}\" does not match the pattern {pattern}",
        zh: "{cell}的值“{value}”不符合格式 {pattern}",
    }
    /// Advice for a text breaking its pattern.
    HELP_PATTERN {
        en: "write {field} in the form {pattern}",
        zh: "请按格式 {pattern} 填写 `{field}`",
    }
    /// A `unique` value an earlier record already had.
    DUPLICATE_VALUE {
        en: "{cell}{field} \"{value}\" was already used by an earlier record ({first})",
        zh: "{cell}的值“{value}”与前面{first}的记录重复（字段 `{field}`）",
    }
    /// Advice for a duplicate value.
    HELP_DUPLICATE {
        en: "each record needs its own {field}: correct or remove one of the two",
        zh: "每条记录的 `{field}` 都必须各不相同：请改正或删除两条中的一条",
    }
    /// Where the first record with a value is, in a text file.
    AT_LINE {
        en: "line {line}",
        zh: "第 {line} 行",
    }
    /// Where the first record with a value is, in a workbook.
    AT_ROW {
        en: "row {line}",
        zh: "工作表第 {line} 行",
    }

    // ---- The header: schema/unknown-column, schema/missing-column ----

    /// A header naming no field.
    UNKNOWN_COLUMN {
        en: "the column \"{header}\" names no field and is ignored",
        zh: "「{header}」列不对应任何字段，已忽略",
    }
    /// A header naming a field an earlier column named.
    DUPLICATE_COLUMN {
        en: "the column \"{header}\" names the field {field} a second time",
        zh: "「{header}」列与前面的列对应同一个字段 `{field}`",
    }
    /// Advice for two columns of one field.
    HELP_DUPLICATE_COLUMN {
        en: "remove or rename one of the two columns; the first one is read",
        zh: "请删除或改名其中一列；现在读取的是前一列",
    }
    /// A required field without a column.
    MISSING_COLUMN {
        en: "the required field {field} has no column",
        zh: "缺少必填字段 `{field}` 的列",
    }
    /// Advice for a missing column.
    HELP_MISSING_COLUMN {
        en: "add a column headed \"{header}\"",
        zh: "请加上标题为「{header}」的一列",
    }
    /// A header row with more columns than `limits::MAX_COLUMNS`.
    TOO_MANY_COLUMNS {
        en: "the header row has {count} columns, more than the limit of {limit}",
        zh: "表头有 {count} 列，超过了 {limit} 列的上限",
    }
    /// Advice for a header row that is too wide.
    HELP_TOO_MANY_COLUMNS {
        en: "a record type has a few dozen fields: check the delimiter (--delimiter)",
        zh: "一种记录通常只有几十个字段：请检查分隔符（--delimiter）",
    }
    /// A header row fitting no record type.
    HEADER_MATCHES_NO_TYPE {
        en: "the header row matches no record type",
        zh: "表头与任何记录类型都对不上",
    }
    /// The closest record type and the required columns it lacks.
    HELP_LACKS_COLUMNS {
        en: "the closest record type, {name}, lacks the required columns {columns}",
        zh: "最接近的记录类型是 `{name}`，但缺少必填列：{columns}",
    }
    /// The closest record type, none of whose fields has a column.
    HELP_NO_FIELD {
        en: "no header names a field of {name}; add its column headers",
        zh: "表头中没有 `{name}` 的任何字段：请加上它的列标题",
    }
    /// A pack without record types.
    HELP_NO_TYPES {
        en: "the rule pack defines no record types",
        zh: "规则包没有定义任何记录类型",
    }
    /// A file guessed to be GB18030 whose header matched nothing.
    HELP_GUESSED_GB18030 {
        en: "{help}; the file is not valid UTF-8 and was read as GB18030: if it was saved as UTF-8, `--encoding utf-8` shows where its damaged byte is",
        zh: "{help}；另外，文件不是有效的 UTF-8，已按 GB18030 读取：如果它是按 UTF-8 保存的，用 `--encoding utf-8` 可以找到损坏的字节",
    }

    // ---- Files: data/encoding, data/unreadable, data/malformed ----

    /// A file read as GB18030 because it is not UTF-8.
    READ_AS_GB18030 {
        en: "the file is not UTF-8; it was read as GB18030 (GBK)",
        zh: "文件不是 UTF-8 编码，已按 GB18030（GBK）读取",
    }
    /// Advice for a GB18030 CSV file.
    HELP_SAVE_UTF8_EXACTLY {
        en: "save it as UTF-8 to be sure every character is read as meant",
        zh: "请另存为 UTF-8，以确保每个字都按原意读取",
    }
    /// Advice for a GB18030 JSON file.
    HELP_SAVE_UTF8 {
        en: "save it as UTF-8",
        zh: "请另存为 UTF-8",
    }
    /// `--encoding utf-8` and a byte that is not UTF-8.
    NOT_UTF8_FORCED {
        en: "the file is not valid UTF-8 (--encoding utf-8)",
        zh: "文件不是有效的 UTF-8（--encoding utf-8）",
    }
    /// Advice for a CSV file that is not UTF-8 under `--encoding utf-8`.
    HELP_NOT_UTF8_FORCED {
        en: "save the file as UTF-8, or use --encoding gb18030",
        zh: "请把文件另存为 UTF-8，或使用 --encoding gb18030",
    }
    /// A text file that is binary.
    BINARY_NOT_TEXT {
        en: "the file is binary, not text",
        zh: "这是二进制文件，不是文本文件",
    }
    /// A JSON file that is binary.
    BINARY_NOT_JSON {
        en: "the file is binary, not JSON",
        zh: "这是二进制文件，不是 JSON 文件",
    }
    /// Advice for a binary file.
    HELP_BINARY {
        en: "save it as CSV (UTF-8) or as an Excel workbook",
        zh: "请另存为 CSV（UTF-8）或 Excel 工作簿",
    }
    /// The system could not read the file.
    FILE_UNREADABLE {
        en: "cannot read the file: {error}",
        zh: "无法读取文件：{error}",
    }
    /// Why: the file does not exist (Chinese; English gives the system's words).
    FILE_NOT_FOUND {
        en: "no such file",
        zh: "文件不存在",
    }
    /// Why: no permission (Chinese; English gives the system's words).
    FILE_NO_PERMISSION {
        en: "permission denied",
        zh: "没有读取权限",
    }
    /// Why: it is a directory (Chinese; English gives the system's words).
    FILE_IS_DIRECTORY {
        en: "it is a directory",
        zh: "这是一个文件夹",
    }
    /// A text file with no row at all.
    EMPTY_FILE {
        en: "the file is empty: it has no header row",
        zh: "文件是空的：没有表头行",
    }
    /// Advice for an empty file.
    HELP_EMPTY_FILE {
        en: "the first row must name the columns",
        zh: "第一行必须是各列的标题",
    }
    /// A CSV record longer than `limits::MAX_RECORD_BYTES`.
    RECORD_TOO_LONG {
        en: "a record (from byte {offset}) is longer than the limit of {limit}; a quote may be missing",
        zh: "从第 {offset} 字节开始的一条记录超过了 {limit} 的上限；可能少了一个引号",
    }
    /// A CSV row the csv crate refused.
    ROW_UNREADABLE {
        en: "the row cannot be read: {error}",
        zh: "这一行无法读取：{error}",
    }
    /// A quote that runs to the end of the file.
    UNCLOSED_QUOTE {
        en: "a quoted cell is never closed: the quote runs to the end of the file",
        zh: "有一个带引号的单元格没有闭合：引号一直延续到了文件末尾",
    }
    /// Advice for an unclosed quote.
    HELP_UNCLOSED_QUOTE {
        en: "close the quote with \" (write \"\" for a quote inside a cell)",
        zh: "请用 \" 闭合引号（单元格里的引号要写成 \"\"）",
    }
    /// A row with more or fewer cells than the header.
    RAGGED_ROW {
        en: "the row has {cells} cells; the header has {width}",
        zh: "这一行有 {cells} 个单元格，而表头有 {width} 列",
    }
    /// Advice for a ragged row.
    HELP_RAGGED_ROW {
        en: "check for a missing or extra delimiter, or an unquoted delimiter inside a cell",
        zh: "请检查是否少了或多了分隔符，或单元格里有没加引号的分隔符",
    }
    /// A JSON file that is not an array of records.
    NOT_JSON_ARRAY {
        en: "the file is not a JSON array of records: {error}",
        zh: "文件不是由记录组成的 JSON 数组：{error}",
    }
    /// Advice for a JSON file of the wrong shape.
    HELP_JSON_ARRAY {
        en: "write an array of objects, or {{\"records\": [ … ]}}",
        zh: "请写成对象数组，或 {{\"records\": [ … ]}}",
    }
    /// A JSON array element that is not an object.
    RECORD_NOT_OBJECT {
        en: "the record is not a JSON object: {error}",
        zh: "这条记录不是 JSON 对象：{error}",
    }
    /// Advice for an element that is not an object.
    HELP_RECORD_OBJECT {
        en: "every record must be an object of column names and values",
        zh: "每条记录都必须是由列名和值组成的对象",
    }
    /// A JSON Lines line that is not an object.
    LINE_NOT_OBJECT {
        en: "the line is not a JSON object: {error}",
        zh: "这一行不是 JSON 对象：{error}",
    }
    /// A JSON Lines line longer than `limits::MAX_RECORD_BYTES`.
    LINE_TOO_LONG {
        en: "the line is longer than the limit of {limit}",
        zh: "这一行超过了 {limit} 的上限",
    }
    /// Advice for JSON Lines.
    HELP_ONE_OBJECT_PER_LINE {
        en: "write one JSON object per line",
        zh: "请每行写一个 JSON 对象",
    }
    /// JSON Lines objects with more keys than `limits::MAX_COLUMNS`.
    TOO_MANY_KEYS {
        en: "the objects have more than {limit} different keys, the limit of columns",
        zh: "对象里不同的键超过了 {limit} 个，即列数的上限",
    }
    /// Advice for too many keys.
    HELP_TOO_MANY_KEYS {
        en: "a record type has a few dozen fields: check how the file was made",
        zh: "一种记录通常只有几十个字段：请检查文件是怎样生成的",
    }
    /// A JSON Lines file without any object.
    NO_JSON_OBJECT {
        en: "the file holds no JSON object",
        zh: "文件里没有 JSON 对象",
    }
    /// A JSON syntax error (Chinese; English gives serde_json's words).
    JSON_SYNTAX {
        en: "syntax error at line {line} column {column}",
        zh: "第 {line} 行第 {column} 列有语法错误",
    }
    /// A JSON value of the wrong kind (Chinese; English gives serde_json's words).
    JSON_SHAPE {
        en: "unexpected value at line {line} column {column}",
        zh: "第 {line} 行第 {column} 列的值类型不对",
    }
    /// JSON text that ends too early (Chinese; English gives serde_json's words).
    JSON_EOF {
        en: "the text ends early at line {line} column {column}",
        zh: "内容在第 {line} 行第 {column} 列提前结束",
    }
    /// A workbook calamine panicked on.
    WORKBOOK_DAMAGED {
        en: "the workbook is damaged and cannot be read",
        zh: "工作簿已损坏，无法读取",
    }
    /// Advice for a damaged workbook.
    HELP_WORKBOOK_DAMAGED {
        en: "open it in a spreadsheet program and save it again",
        zh: "请用电子表格软件打开后重新保存",
    }
    /// A workbook calamine cannot open.
    CANNOT_OPEN_WORKBOOK {
        en: "cannot open the workbook: {error}",
        zh: "无法打开工作簿：{error}",
    }
    /// Advice for a workbook that cannot be opened.
    HELP_CANNOT_OPEN_WORKBOOK {
        en: "save it as .xlsx from a spreadsheet program",
        zh: "请用电子表格软件另存为 .xlsx 文件",
    }
    /// A workbook decompressing past `limits::MAX_XLSX_UNCOMPRESSED`.
    WORKBOOK_TOO_LARGE {
        en: "the workbook decompresses to more than {limit} (at least {size}), more than the limit of {limit}",
        zh: "工作簿解压后超过 {limit}（至少 {size}），超出了 {limit} 的上限",
    }
    /// Advice for a workbook that is too large.
    HELP_WORKBOOK_TOO_LARGE {
        en: "a workbook of school records is a few MiB: split the file or remove what is not data",
        zh: "一份学校数据工作簿通常只有几 MiB：请拆分文件，或删除不是数据的内容",
    }
    /// A sheet spanning more than `limits::MAX_SHEET_CELLS`.
    SHEET_TOO_LARGE {
        en: "the sheet {sheet} spans {rows} rows × {columns} columns ({cells} cells), more than the limit of {limit} cells per sheet",
        zh: "工作表 {sheet} 占了 {rows} 行 × {columns} 列（共 {cells} 个单元格），超过了每个工作表 {limit} 个单元格的上限",
    }
    /// Advice for a sheet that is too large.
    HELP_SHEET_TOO_LARGE {
        en: "delete the stray cells far from the table, or copy the table to a new sheet",
        zh: "请删除远离表格的零散单元格，或把表格复制到一个新工作表",
    }
    /// A sheet calamine cannot read.
    CANNOT_READ_SHEET {
        en: "cannot read the sheet {sheet}: {error}",
        zh: "无法读取工作表 {sheet}：{error}",
    }
    /// A workbook whose sheets are all empty.
    EMPTY_WORKBOOK {
        en: "the workbook has no data: every sheet is empty",
        zh: "工作簿里没有数据：所有工作表都是空的",
    }
    /// Advice for an empty workbook.
    HELP_EMPTY_WORKBOOK {
        en: "the first non-empty row of a sheet must name the columns",
        zh: "工作表中第一个非空行必须是各列的标题",
    }

    // ---- DATA arguments (paths) ----

    /// A DATA argument naming nothing.
    PATH_NOT_FOUND {
        en: "no such file or directory",
        zh: "文件或文件夹不存在",
    }
    /// A DATA argument that cannot be looked at.
    PATH_UNREADABLE {
        en: "cannot read it: {error}",
        zh: "无法读取：{error}",
    }
    /// A DATA argument that is a FIFO, socket or device.
    PATH_NOT_REGULAR {
        en: "not a regular file (a FIFO, socket or device); dudao reads only files and directories",
        zh: "不是普通文件（而是 FIFO、套接字或设备）；dudao 只读取文件和文件夹",
    }
    /// A path below a DATA argument that cannot be read.
    PATH_CANNOT_READ {
        en: "cannot read {path}: {error}",
        zh: "无法读取 {path}：{error}",
    }
    /// A glob pattern that does not parse.
    PATH_BAD_PATTERN {
        en: "invalid pattern: {error}",
        zh: "通配符写法有误：{error}",
    }
    /// A directory or pattern with no supported file.
    PATH_NO_DATA_FILE {
        en: "matches no supported data file (.csv .txt .tsv .json .jsonl .ndjson .xlsx .xls)",
        zh: "没有匹配到支持的数据文件（.csv .txt .tsv .json .jsonl .ndjson .xlsx .xls）",
    }
    /// A pattern matching nothing.
    PATH_NO_MATCH {
        en: "matches nothing",
        zh: "没有匹配到任何文件",
    }
}
