#!/usr/bin/env python3
"""The shipped pack's school checks, as an analyst would write them in DuckDB
SQL: the comparison column of bench/run.

    python3 bench/duckdb_checks.py schools.csv failures.csv [--threads=N]

Reads the generated CSV with every column as text (the cells are messy:
`1,200`, `１２０`, `35人`, `1G`, `√`, `-` …), cleans and casts them with a few
macros, and writes one row per failing (rule, school) or (rule, group) to
`failures.csv`. It covers 19 record rules and 4 group/overall rules of
rules/guigang (PE, SIZE, SPED-001, PRIV, LAW, SUP, NET, LAB, PC, BOARD,
STD-001, PRE-001/002/003, PRE-001-CITY). The cleaning is an approximation
of dudao's cell parsing (enum aliases, number spellings, booleans, missing
markers), good enough to time the same amount of work, not to diff findings:
dudao also renders messages, help, locations and values for each finding,
which this SQL does not.
"""

import sys

import duckdb

LEVELS = {
    "kindergarten": ["幼儿园", "111"],
    "kg_class": ["附设幼儿班", "119"],
    "primary": ["小学", "211"],
    "teaching_point": ["小学教学点", "218", "教学点"],
    "primary_class": ["附设小学班", "219"],
    "junior": ["初级中学", "311", "初中"],
    "nine_year": ["九年一贯制学校", "312", "九年一贯制"],
    "junior_class": ["附设普通初中班", "319"],
    "vocational_junior": ["职业初中", "321"],
    "complete": ["完全中学", "341"],
    "senior": ["高级中学", "342", "普通高中"],
    "twelve_year": ["十二年一贯制学校", "345", "十二年一贯制"],
    "senior_class": ["附设普通高中班", "349"],
    "vocational": ["调整后中等职业学校", "361", "中等职业学校"],
    "technical": ["中等技术学校", "362"],
    "normal": ["中等师范学校", "363"],
    "vocational_high": ["职业高中学校", "365", "职业高中"],
    "technician": ["技工学校", "366"],
    "vocational_class": ["附设中职班", "368"],
    "blind": ["盲人学校", "511"],
    "deaf": ["聋人学校", "512"],
    "intellectual": ["弱智学校", "513", "培智学校"],
    "special": ["其他特殊教育学校", "514"],
}
KINDS = {
    "urban": ["城区小学", "城镇小学"],
    "central": ["乡镇中心小学", "中心小学", "中心校"],
    "village_complete": ["村完小", "村完全小学", "完小"],
    "village": ["村小", "村初小", "非完全小学"],
}
AREAS = {
    "urban_core": ["主城区", "111"],
    "urban_fringe": ["城乡结合区", "112"],
    "town_center": ["镇中心区", "121"],
    "town_fringe": ["镇乡结合区", "122"],
    "town_special": ["特殊区域", "123"],
    "township_center": ["乡中心区", "210"],
    "village": ["村庄", "220"],
}
OWNERSHIP = {"public": ["公办", "公立", "教育部门", "其他部门"], "private": ["民办", "私立", "民办学校"]}
REGISTRATION = {
    "nonprofit": ["非营利性", "非营利"],
    "for_profit": ["营利性", "营利"],
    "unregistered": ["未登记", "未分类登记", "待登记"],
}
ACCESS = {
    "fibre": ["光纤", "光纤接入", "光纤专线", "FTTH"],
    "dsl": ["ADSL", "DSL", "电话线"],
    "wireless": ["无线", "4G", "移动网络", "卫星"],
    "none": ["未接入", "无网络"],
}


def enum_case(column, variants):
    arms = " ".join(
        f"WHEN trim({column}) IN ({', '.join(repr(a) for a in [name, *aliases])}) THEN '{name}'"
        for name, aliases in variants.items()
    )
    return f"CASE {arms} END"


def sql_list(*names):
    return "(" + ", ".join(f"'{n}'" for n in names) + ")"


SCHOOL_LEVELS = sql_list("primary", "teaching_point", "junior", "nine_year", "vocational_junior",
                         "complete", "senior", "twelve_year")
COMPULSORY = sql_list("primary", "teaching_point", "junior", "nine_year", "vocational_junior")
SECONDARY = sql_list("junior", "nine_year", "vocational_junior", "complete", "senior", "twelve_year")


def main():
    csv, out = sys.argv[1], sys.argv[2]
    con = duckdb.connect()
    for a in sys.argv[3:]:
        if a.startswith("--threads="):
            con.execute(f"SET threads = {int(a.split('=', 1)[1])}")
    con.execute(r"""
        CREATE MACRO miss(x) AS trim(x) IN ('', '-', '/', '—', '无数据', 'NA', 'N/A');
        CREATE MACRO num(x) AS CASE WHEN miss(x) THEN NULL ELSE TRY_CAST(regexp_replace(
            translate(trim(x), '０１２３４５６７８９．', '0123456789.'),
            '[,，人台间个分钟 ]', '', 'g') AS DOUBLE) END;
        CREATE MACRO rate(x) AS CASE
            WHEN miss(x) THEN NULL
            WHEN trim(x) = '千兆' THEN 1000.0
            WHEN trim(x) = '百兆' THEN 100.0
            WHEN regexp_matches(trim(x), '(?i)g(bps)?$') THEN
                TRY_CAST(regexp_replace(trim(x), '(?i)g(bps)?$', '') AS DOUBLE) * 1000
            ELSE TRY_CAST(regexp_replace(num(regexp_replace(trim(x), '(?i)(mbps|m|兆)$', ''))::VARCHAR,
                                         '^$', 'x') AS DOUBLE) END;
        CREATE MACRO flag(x) AS CASE
            WHEN trim(x) IN ('是', '√', '✓', 'Y', 'y', '1', '有', 'true', 'TRUE', '已建') THEN true
            WHEN trim(x) IN ('否', '×', '✗', 'N', 'n', '0', '无', 'false', 'FALSE', '未建') THEN false
            END;
    """)
    cols = {
        "id": "学校标识码", "name": "学校名称", "county": "县(市、区)", "township": "乡镇(街道)",
        "level": "办学类型", "kind": "学校类别", "area": "城乡分类", "ownership": "办学性质",
        "registration": "民办学校分类登记", "inclusive": "普惠性", "students": "在校生数",
        "max_class": "最大班额", "boarders": "寄宿生数", "beds": "宿舍床位数",
        "teachers": "专任教师数", "student_pcs": "学生用计算机台数", "teacher_pcs": "教师用计算机台数",
        "bandwidth": "出口带宽", "access": "接入方式", "metro": "是否接入教育城域网",
        "net_lab": "计算机网络教室", "e_library": "电子阅览室", "pe_minutes": "每天体育活动时间(分钟)",
        "vision": "视力监测", "sped_students": "随班就读残疾学生数", "resource_rooms": "资源教室数",
        "standard": "达到自治区办学标准", "charter": "是否有章程", "inspector": "责任督学",
    }
    q = {k: f'"{v}"' for k, v in cols.items()}
    con.execute(f"""
        CREATE TEMP TABLE s AS SELECT
            {q['id']} AS id, {q['name']} AS name, {q['county']} AS county, {q['township']} AS township,
            {enum_case(q['level'], LEVELS)} AS level,
            {enum_case(q['kind'], KINDS)} AS kind,
            {enum_case(q['area'], AREAS)} AS area,
            {enum_case(q['ownership'], OWNERSHIP)} AS ownership,
            {enum_case(q['registration'], REGISTRATION)} AS registration,
            {enum_case(q['access'], ACCESS)} AS access,
            flag({q['inclusive']}) AS inclusive,
            num({q['students']}) AS students, num({q['max_class']}) AS max_class,
            num({q['boarders']}) AS boarders, num({q['beds']}) AS beds,
            num({q['teachers']}) AS teachers, num({q['student_pcs']}) AS student_pcs,
            num({q['teacher_pcs']}) AS teacher_pcs, rate({q['bandwidth']}) AS bandwidth,
            flag({q['metro']}) AS metro, flag({q['net_lab']}) AS net_lab,
            flag({q['e_library']}) AS e_library, num({q['pe_minutes']}) AS pe_minutes,
            flag({q['vision']}) AS vision, num({q['sped_students']}) AS sped_students,
            num({q['resource_rooms']}) AS resource_rooms, flag({q['standard']}) AS standard,
            flag({q['charter']}) AS charter, NOT miss({q['inspector']}) AS has_inspector
        FROM read_csv('{csv}', all_varchar = true, header = true)
    """)
    central = "(level = 'primary' AND kind = 'central')"
    record_rules = [
        ("PE-001", f"level IN {SCHOOL_LEVELS}", "pe_minutes >= 60"),
        ("PE-002", f"level IN {SCHOOL_LEVELS}", "vision"),
        ("SIZE-001", f"level IN {COMPULSORY}", "max_class < 56"),
        ("SIZE-002", "level IN ('senior', 'complete', 'twelve_year')", "max_class < 66"),
        ("SPED-001", "level NOT IN ('kindergarten', 'kg_class', 'blind', 'deaf', 'intellectual', 'special')"
                     " AND sped_students >= 5", "resource_rooms >= 1"),
        ("PRIV-001", f"level IN {sql_list('primary', 'teaching_point', 'junior', 'nine_year', 'vocational_junior', 'complete', 'twelve_year')}"
                     " AND ownership = 'private'", "registration <> 'for_profit'"),
        ("PRIV-002", "ownership = 'private'", "registration IN ('nonprofit', 'for_profit')"),
        ("LAW-001", "true", "charter"),
        ("SUP-001", "true", "has_inspector"),
        ("NET-001", f"level IN {sql_list('junior', 'nine_year', 'vocational_junior', 'complete', 'senior', 'twelve_year', 'vocational', 'technical', 'normal', 'vocational_high', 'technician')}"
                    f" OR {central}", "bandwidth >= 1000 AND access = 'fibre' AND metro"),
        ("NET-002", "level = 'primary' AND kind = 'village_complete'",
                    "bandwidth >= 100 AND access = 'fibre' AND metro"),
        ("LAB-001", f"level IN {SECONDARY} OR {central}", "net_lab"),
        ("LAB-002", f"level IN {SECONDARY} OR {central}", "e_library"),
        ("PC-001", "level = 'senior'", "students <= 8 * student_pcs"),
        ("PC-002", f"level IN {sql_list('junior', 'nine_year', 'vocational_junior', 'complete', 'twelve_year')}",
                   "students <= 10 * student_pcs"),
        ("PC-003", "level = 'primary'", "students <= 15 * student_pcs"),
        ("PC-004", f"level IN {SCHOOL_LEVELS}", "teacher_pcs >= teachers"),
        ("BOARD-001", "boarders > 0", "beds >= boarders"),
        ("STD-001", "(level IN ('primary', 'teaching_point') AND area IN ('township_center', 'village')"
                    " AND students < 100) OR (level IN "
                    f"{COMPULSORY} AND boarders > 0 AND area IN ('town_center', 'town_fringe',"
                    " 'town_special', 'township_center', 'village'))", "standard"),
    ]
    parts = [
        f"SELECT '{rid}' AS rule, id AS subject FROM s WHERE ({where}) AND NOT coalesce({req}, false)"
        for rid, where, req in record_rules
    ]
    kg = "level IN ('kindergarten', 'kg_class')"
    parts += [
        f"""SELECT 'PRE-001', county FROM s WHERE {kg} GROUP BY county HAVING NOT coalesce(
               coalesce(sum(students) FILTER (WHERE ownership = 'public' OR inclusive), 0)
               / sum(students) >= 0.8, false)""",
        f"""SELECT 'PRE-002', county FROM s WHERE {kg} GROUP BY county HAVING NOT coalesce(
               coalesce(sum(students) FILTER (WHERE ownership = 'public'), 0)
               / sum(students) >= 0.5, false)""",
        """SELECT 'PRE-003', county || '/' || township FROM s
               WHERE county <> '市直' AND NOT miss(county) AND NOT miss(township)
               GROUP BY county, township
               HAVING count(*) FILTER (WHERE level = 'kindergarten' AND ownership = 'public') < 1""",
        f"""SELECT 'PRE-001-CITY', NULL FROM s WHERE {kg} HAVING NOT coalesce(
               coalesce(sum(students) FILTER (WHERE ownership = 'public' OR inclusive), 0)
               / sum(students) >= 0.8, false)""",
    ]
    con.execute(f"COPY ({' UNION ALL '.join(parts)}) TO '{out}' (FORMAT csv, HEADER)")


if __name__ == "__main__":
    main()
