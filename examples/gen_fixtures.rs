//! Generates the Guigang fixtures: realistic, deterministic school and county
//! records for 贵港市's six county-level units.
//!
//! ```text
//! cargo run --example gen_fixtures                       # the committed fixtures
//! cargo run --example gen_fixtures -- --out DIR          # the same, under DIR
//! cargo run --example gen_fixtures -- --schools 1000000  # a large CSV for benchmarks
//! ```
//!
//! Without `--schools` it writes, under `--out` (default `fixtures`):
//!
//! - `guigang/schools.csv`      ~1,500 schools, UTF-8, official headers
//! - `guigang/counties.csv`     one row per county-level unit
//! - `guigang-xlsx/schools.xlsx` the same schools as an Excel workbook
//! - `guigang-gbk/schools.csv`  the same schools, GBK-encoded, with the
//!   header variants county offices use
//!
//! With `--schools N` it streams N schools to `DIR/schools.csv` (default
//! `target/bench`) without holding them in memory.
//!
//! The data is shaped so that every rule of `rules/guigang` fails for some
//! subjects and passes for others (see `fixtures/README.md`): the
//! distributions straddle each threshold. Cells are spelt the way real
//! returns spell them (`1,200`, `１２０`, `千兆`, `√`, `-`, `35.0` …), all legal
//! under the data contract, plus a handful of genuinely bad cells so that the
//! data diagnostics show too. Everything comes from one seeded splitmix64
//! generator: the same command always writes the same bytes.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// splitmix64: small, fast, and good enough for fixtures.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// Picks from `(weight, item)` pairs.
    fn weighted<'a, T>(&mut self, items: &'a [(u32, T)]) -> &'a T {
        let total: u32 = items.iter().map(|(w, _)| w).sum();
        let mut x = self.below(total as u64) as u32;
        for (w, item) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1].1
    }
}

// ---------------------------------------------------------------------------
// The geography

/// A county-level unit with its townships. The first `urban` townships are the
/// county seat's subdistricts/towns (城区).
struct County {
    name: &'static str,
    townships: &'static [&'static str],
    urban: usize,
    /// Share of kindergarten places that are public, and the chance that a
    /// private kindergarten is 普惠性: tuned so that PRE-001/PRE-002 pass in
    /// some counties and fail in others.
    public_kg: f64,
    inclusive_private: f64,
    /// Chance that a private compulsory school has a 政府购买学位 contract (MIG-001).
    purchased: f64,
}

const COUNTIES: &[County] = &[
    County {
        name: "港北区",
        townships: &[
            "贵城街道",
            "港城街道",
            "大圩镇",
            "庆丰镇",
            "根竹镇",
            "武乐镇",
            "中里乡",
            "奇石乡",
        ],
        urban: 2,
        public_kg: 0.62,
        inclusive_private: 0.75,
        purchased: 0.9,
    },
    County {
        name: "港南区",
        townships: &[
            "江南街道",
            "八塘街道",
            "桥圩镇",
            "木格镇",
            "木梓镇",
            "湛江镇",
            "东津镇",
            "新塘镇",
            "瓦塘镇",
        ],
        urban: 2,
        public_kg: 0.40,
        inclusive_private: 0.55,
        purchased: 0.3,
    },
    County {
        name: "覃塘区",
        townships: &[
            "覃塘街道",
            "东龙镇",
            "三里镇",
            "黄练镇",
            "石卡镇",
            "五里镇",
            "山北乡",
            "樟木乡",
            "蒙公乡",
            "大岭乡",
        ],
        urban: 1,
        public_kg: 0.58,
        inclusive_private: 0.70,
        purchased: 0.8,
    },
    County {
        name: "平南县",
        townships: &[
            "平南街道",
            "上渡街道",
            "平山镇",
            "寺面镇",
            "六陈镇",
            "大新镇",
            "大安镇",
            "武林镇",
            "大鹏镇",
            "大坡镇",
            "安怀镇",
            "丹竹镇",
            "官成镇",
            "思旺镇",
            "东华镇",
            "镇隆镇",
            "同和镇",
            "思界乡",
            "国安瑶族乡",
            "马练瑶族乡",
        ],
        urban: 2,
        public_kg: 0.36,
        inclusive_private: 0.50,
        purchased: 0.2,
    },
    County {
        name: "桂平市",
        townships: &[
            "西山镇",
            "长安街道",
            "木乐镇",
            "木圭镇",
            "石咀镇",
            "油麻镇",
            "社坡镇",
            "罗秀镇",
            "麻垌镇",
            "社步镇",
            "下湾镇",
            "木根镇",
            "中沙镇",
            "大洋镇",
            "大湾镇",
            "白沙镇",
            "石龙镇",
            "蒙圩镇",
            "南木镇",
            "江口镇",
            "金田镇",
            "紫荆镇",
            "马皮乡",
            "寻旺乡",
            "罗播乡",
            "厚禄乡",
            "垌心乡",
        ],
        urban: 2,
        public_kg: 0.45,
        inclusive_private: 0.62,
        purchased: 0.45,
    },
];

/// 市直: schools run by the city, sited in the central districts.
const CITY: &str = "市直";
const CITY_TOWNSHIPS: &[&str] = &["贵城街道", "港城街道", "江南街道", "覃塘街道"];

const VILLAGE_A: &[&str] = &[
    "石", "龙", "平", "安", "新", "大", "东", "西", "南", "北", "塘", "岭", "江", "河", "山", "水",
    "田", "坡", "岗", "林", "桥", "湾", "马", "凤", "黄", "莲", "竹", "罗", "古", "樟", "高", "双",
    "六", "上", "下", "中", "长", "白", "金", "六", "旺", "福", "和", "兴", "富",
];
const VILLAGE_B: &[&str] = &[
    "村", "岭村", "塘村", "江村", "山村", "平村", "安村", "龙村", "田村", "坡村", "垌村", "湾村",
    "冲村", "水村", "石村", "林村", "岗村", "桥村", "良村", "新村",
];
const KG_NAMES: &[&str] = &[
    "阳光",
    "童心",
    "小太阳",
    "育才",
    "金太阳",
    "蓝天",
    "爱心",
    "启智",
    "春苗",
    "贝贝",
    "博雅",
    "新星",
    "小天使",
    "七彩",
    "星光",
    "智慧树",
    "小博士",
    "红黄蓝",
    "快乐",
    "英才",
];
const SURNAMES: &[&str] = &[
    "覃", "黄", "李", "陈", "梁", "韦", "刘", "张", "王", "林", "罗", "蒙", "甘", "谢", "莫", "杨",
    "周", "吴", "潘", "卢", "苏", "邓",
];
const GIVEN: &[&str] = &[
    "建华", "志强", "丽萍", "海燕", "国庆", "永红", "秀英", "桂芳", "德明", "春梅", "伟", "敏",
    "军", "玲", "勇", "芳", "东升", "宏", "晓峰", "雪梅",
];
const NUMERALS: &[&str] = &[
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五", "十六",
];

// ---------------------------------------------------------------------------
// Schools

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Kindergarten,
    KgClass,
    Primary,
    TeachingPoint,
    Junior,
    NineYear,
    Complete,
    Senior,
    TwelveYear,
    Vocational,
    Technical,
    VocationalHigh,
    Technician,
    Intellectual,
    Special,
}

impl Level {
    /// (official name, code, 学校标识码 category).
    fn labels(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Level::Kindergarten => ("幼儿园", "111", "11"),
            Level::KgClass => ("附设幼儿班", "119", "11"),
            Level::Primary => ("小学", "211", "21"),
            Level::TeachingPoint => ("小学教学点", "218", "21"),
            Level::Junior => ("初级中学", "311", "31"),
            Level::NineYear => ("九年一贯制学校", "312", "31"),
            Level::Complete => ("完全中学", "341", "34"),
            Level::Senior => ("高级中学", "342", "34"),
            Level::TwelveYear => ("十二年一贯制学校", "345", "34"),
            Level::Vocational => ("调整后中等职业学校", "361", "36"),
            Level::Technical => ("中等技术学校", "362", "36"),
            Level::VocationalHigh => ("职业高中学校", "365", "36"),
            Level::Technician => ("技工学校", "366", "36"),
            Level::Intellectual => ("弱智学校", "513", "51"),
            Level::Special => ("其他特殊教育学校", "514", "51"),
        }
    }
    fn is_kg(self) -> bool {
        matches!(self, Level::Kindergarten | Level::KgClass)
    }
    fn is_vocational(self) -> bool {
        matches!(
            self,
            Level::Vocational | Level::Technical | Level::VocationalHigh | Level::Technician
        )
    }
    fn is_special(self) -> bool {
        matches!(self, Level::Intellectual | Level::Special)
    }
    /// 中小学 (general primary and secondary).
    fn is_school(self) -> bool {
        !self.is_kg() && !self.is_vocational() && !self.is_special()
    }
    fn has_junior(self) -> bool {
        matches!(
            self,
            Level::Junior | Level::NineYear | Level::Complete | Level::TwelveYear
        )
    }
    fn has_senior(self) -> bool {
        matches!(self, Level::Complete | Level::Senior | Level::TwelveYear)
    }
    fn compulsory(self) -> bool {
        matches!(
            self,
            Level::Primary | Level::TeachingPoint | Level::Junior | Level::NineYear
        )
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Urban,
    Central,
    VillageComplete,
    Village,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Area {
    UrbanCore,
    UrbanFringe,
    TownCenter,
    TownFringe,
    TownshipCenter,
    Village,
}

impl Area {
    fn labels(self) -> (&'static str, &'static str) {
        match self {
            Area::UrbanCore => ("主城区", "111"),
            Area::UrbanFringe => ("城乡结合区", "112"),
            Area::TownCenter => ("镇中心区", "121"),
            Area::TownFringe => ("镇乡结合区", "122"),
            Area::TownshipCenter => ("乡中心区", "210"),
            Area::Village => ("村庄", "220"),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Reg {
    Nonprofit,
    ForProfit,
    Unregistered,
}

/// One school with its true figures; how they are spelt is decided when the
/// row is written.
#[derive(Clone)]
struct School {
    id: String,
    name: String,
    county: &'static str,
    township: &'static str,
    level: Level,
    kind: Option<Kind>,
    area: Area,
    public: bool,
    registration: Option<Reg>,
    inclusive: Option<bool>,
    purchased: Option<bool>,
    founded: (i64, i64),
    students: i64,
    intake: i64,
    senior_intake: Option<i64>,
    classes: i64,
    max_class: Option<i64>,
    boarders: i64,
    beds: Option<i64>,
    staff: i64,
    teachers: i64,
    student_pcs: Option<i64>,
    teacher_pcs: Option<i64>,
    bandwidth: Option<i64>,
    fibre: bool,
    metro: Option<bool>,
    net_lab: Option<bool>,
    e_library: Option<bool>,
    pe_minutes: Option<i64>,
    vision: Option<bool>,
    sped_students: i64,
    resource_rooms: i64,
    migrants: i64,
    standard: Option<bool>,
    charter: Option<bool>,
    inspector: Option<String>,
    football: bool,
    art_troupe: bool,
    demonstration: bool,
    star: bool,
    ethnic: bool,
}

/// Hands out 学校标识码: category + 45 + a per-category sequence (46, 47 …
/// once the sequence passes a million).
struct Codes {
    next: [u64; 6],
    stride: u64,
}

impl Codes {
    fn new(stride: u64) -> Self {
        Codes {
            next: [1000, 3000, 2000, 400, 300, 50],
            stride,
        }
    }
    fn issue(&mut self, rng: &mut Rng, category: &str) -> String {
        let slot = match category {
            "11" => 0,
            "21" => 1,
            "31" => 2,
            "34" => 3,
            "36" => 4,
            _ => 5,
        };
        let seq = self.next[slot];
        self.next[slot] += 1 + rng.below(self.stride);
        // Ten digits: past a million schools of a category the two province
        // digits count on from 45 (so smaller runs are as they always were).
        let province = 45 + seq / 1_000_000;
        assert!(
            province < 100,
            "学校标识码 sequence exhausted for category {category}"
        );
        format!("{category}{province}{:06}", seq % 1_000_000)
    }
}

fn village(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(VILLAGE_A), rng.pick(VILLAGE_B))
}

fn person(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

/// A short form of a township for school names: 大圩镇 → 大圩.
fn short(township: &str) -> &str {
    township
        .strip_suffix("瑶族乡")
        .or_else(|| township.strip_suffix("街道"))
        .or_else(|| township.strip_suffix('镇'))
        .or_else(|| township.strip_suffix('乡'))
        .unwrap_or(township)
}

/// What to build in one township; the builder fills in the figures.
struct Plan<'a> {
    county: &'a County,
    township: &'static str,
    urban: bool,
    rural_township: bool,
}

struct Gen {
    rng: Rng,
    codes: Codes,
    /// Running number for city-wide school names (第N小学 …) per county.
    ordinal: usize,
}

impl Gen {
    fn new(seed: u64, stride: u64) -> Self {
        Gen {
            rng: Rng(seed),
            codes: Codes::new(stride),
            ordinal: 0,
        }
    }

    /// A school of `level` with believable figures for its size.
    #[allow(clippy::too_many_arguments)]
    fn school(
        &mut self,
        county: &'static str,
        township: &'static str,
        level: Level,
        kind: Option<Kind>,
        area: Area,
        public: bool,
        students: i64,
        name: String,
    ) -> School {
        let r = &mut self.rng;
        let (_, _, category) = level.labels();
        let id = self.codes.issue(r, category);
        let rural = matches!(area, Area::TownshipCenter | Area::Village);
        let town = matches!(area, Area::TownCenter | Area::TownFringe);
        // Class size and count.
        let avg_class = match level {
            Level::Kindergarten | Level::KgClass => r.range(22, 35),
            Level::TeachingPoint => r.range(8, 25),
            Level::Primary if rural => r.range(28, 45),
            Level::Primary => r.range(42, 56),
            Level::Junior | Level::NineYear => r.range(46, 58),
            Level::Complete | Level::Senior | Level::TwelveYear => r.range(50, 62),
            _ if level.is_special() => r.range(8, 12),
            _ => r.range(38, 50),
        };
        let classes = ((students + avg_class - 1) / avg_class).max(1);
        let spread = match level {
            Level::TeachingPoint => r.range(0, 6),
            _ if level.is_kg() || level.is_special() => r.range(0, 5),
            _ => r.range(0, 12),
        };
        let max_class = Some((students / classes + spread).min(students));
        // Teachers: pupil–teacher ratios of Guangxi schools.
        let ptr = match level {
            Level::Kindergarten | Level::KgClass => 16.0,
            Level::TeachingPoint => 14.0,
            Level::Primary => 19.0,
            Level::Junior | Level::NineYear => 13.5,
            Level::Complete | Level::Senior | Level::TwelveYear => 13.0,
            _ if level.is_special() => 4.0,
            _ => 18.0,
        } * (0.85 + 0.3 * r.unit());
        let teachers = ((students as f64 / ptr).round() as i64).max(1);
        let staff = teachers + (teachers as f64 * (0.05 + 0.15 * r.unit())).round() as i64;
        // Boarding: rural junior and senior schools board most of their pupils.
        let board_share = match level {
            Level::Junior | Level::NineYear if !matches!(area, Area::UrbanCore) => {
                0.45 + 0.4 * r.unit()
            }
            Level::Complete | Level::Senior | Level::TwelveYear => 0.6 + 0.35 * r.unit(),
            Level::Primary if kind == Some(Kind::Central) => 0.15 + 0.3 * r.unit(),
            Level::Primary if rural && r.chance(0.15) => 0.1 + 0.2 * r.unit(),
            _ if level.is_vocational() => 0.5 + 0.4 * r.unit(),
            _ if level.is_special() => 0.3 + 0.3 * r.unit(),
            _ => 0.0,
        };
        let boarders = (students as f64 * board_share).round() as i64;
        // BOARD-001: about one boarding school in five is short of beds.
        let beds = if boarders == 0 {
            if r.chance(0.5) { Some(0) } else { None }
        } else if r.chance(0.03) {
            None
        } else if r.chance(0.2) {
            Some((boarders as f64 * (0.7 + 0.28 * r.unit())).round() as i64)
        } else {
            Some(boarders + r.range(0, boarders / 5 + 2))
        };
        // Computers: the ratio straddles the plan's 8/10/15 to 1.
        let target = match level {
            Level::Senior => Some(8.0),
            _ if level.has_junior() => Some(10.0),
            Level::Primary => Some(15.0),
            _ if level.is_vocational() => Some(6.0),
            _ => None,
        };
        let student_pcs = match target {
            Some(t) if r.chance(0.02) => {
                let _ = t;
                None
            }
            Some(t) => {
                let ratio = t * (0.55 + 0.75 * r.unit());
                Some((students as f64 / ratio).round() as i64)
            }
            None if level == Level::TeachingPoint => Some(r.range(0, 4)),
            None => None,
        };
        let teacher_pcs = if level.is_kg() {
            Some(r.range(1, teachers.max(2)))
        } else if r.chance(0.02) {
            None
        } else if r.chance(0.3) {
            Some((teachers as f64 * (0.5 + 0.45 * r.unit())).round() as i64)
        } else {
            Some(teachers + r.range(0, teachers / 6 + 1))
        };
        // Network: who needs 1000M, who 100M.
        let needs_gigabit = level.has_junior()
            || level.has_senior()
            || level.is_vocational()
            || kind == Some(Kind::Central);
        let bandwidth = if r.chance(0.03) {
            None
        } else if needs_gigabit {
            Some(*r.weighted(&[
                (62, 1000),
                (12, 500),
                (10, 300),
                (8, 200),
                (4, 100),
                (4, 10000),
            ]))
        } else if kind == Some(Kind::VillageComplete) {
            Some(*r.weighted(&[(50, 100), (18, 200), (14, 50), (8, 20), (10, 1000)]))
        } else if level.is_kg() {
            Some(*r.weighted(&[(40, 100), (30, 200), (20, 50), (10, 300)]))
        } else {
            Some(*r.weighted(&[(40, 100), (30, 50), (20, 20), (10, 10)]))
        };
        let fibre = r.chance(if rural { 0.8 } else { 0.95 });
        let metro = if r.chance(0.03) {
            None
        } else {
            Some(r.chance(0.85))
        };
        let lab_school = level.has_junior() || level.has_senior() || kind == Some(Kind::Central);
        let net_lab = if lab_school || level == Level::Primary || level.is_vocational() {
            if r.chance(0.03) {
                None
            } else {
                Some(r.chance(0.87))
            }
        } else {
            None
        };
        let e_library = if lab_school || level.is_vocational() {
            if r.chance(0.03) {
                None
            } else {
                Some(r.chance(0.76))
            }
        } else {
            None
        };
        let general = level.is_school();
        let pe_minutes = if general && !r.chance(0.03) {
            Some(*r.weighted(&[(55, 60), (15, 70), (12, 90), (10, 45), (5, 40), (3, 30)]))
        } else {
            None
        };
        let vision = if general && !r.chance(0.03) {
            Some(r.chance(0.91))
        } else {
            None
        };
        // Students with disabilities in regular classes.
        let sped_students = if general && level != Level::TeachingPoint {
            *r.weighted(&[
                (45, 0),
                (20, 1),
                (12, 2),
                (8, 3),
                (5, 4),
                (4, 5),
                (3, 7),
                (3, 11),
            ])
        } else {
            0
        };
        let resource_rooms = if sped_students >= 5 && r.chance(0.5) {
            1
        } else {
            0
        };
        let migrants = if level.is_kg() || !general {
            0
        } else if area == Area::UrbanCore || area == Area::UrbanFringe {
            (students as f64 * (0.05 + 0.2 * r.unit())).round() as i64
        } else if town {
            (students as f64 * 0.04 * r.unit()).round() as i64
        } else {
            0
        };
        let small_rural =
            matches!(level, Level::Primary | Level::TeachingPoint) && rural && students < 100;
        let township_boarding = level.compulsory()
            && boarders > 0
            && !matches!(area, Area::UrbanCore | Area::UrbanFringe);
        let standard = if small_rural || township_boarding {
            if r.chance(0.04) {
                None
            } else {
                Some(r.chance(0.72))
            }
        } else if general {
            Some(r.chance(0.85))
        } else {
            None
        };
        let charter = if r.chance(0.03) {
            None
        } else {
            Some(r.chance(0.93))
        };
        let inspector = if r.chance(0.06) {
            None
        } else {
            Some(person(r))
        };
        let year = if level.is_kg() {
            r.range(1985, 2022)
        } else {
            r.range(1952, 2021)
        };
        let founded = (year, r.range(1, 12));
        let intake = if level.is_kg() {
            students / 3
        } else if level.is_vocational() || level.has_senior() || level.has_junior() {
            (students as f64 / 3.0 * (0.9 + 0.2 * r.unit())).round() as i64
        } else {
            (students as f64 / 6.0 * (0.9 + 0.2 * r.unit())).round() as i64
        };
        let senior_intake = match level {
            Level::Complete => Some(intake / 2),
            Level::TwelveYear => Some(intake / 4),
            _ => None,
        };
        School {
            id,
            name,
            county,
            township,
            level,
            kind,
            area,
            public,
            registration: None,
            inclusive: None,
            purchased: None,
            founded,
            students,
            intake,
            senior_intake,
            classes,
            max_class: if r.chance(0.03) { None } else { max_class },
            boarders,
            beds,
            staff,
            teachers,
            student_pcs,
            teacher_pcs,
            bandwidth,
            fibre,
            metro,
            net_lab,
            e_library,
            pe_minutes,
            vision,
            sped_students,
            resource_rooms,
            migrants,
            standard,
            charter,
            inspector,
            football: false,
            art_troupe: false,
            demonstration: false,
            star: false,
            ethnic: false,
        }
    }

    /// Makes a school private and fills in the private-school fields.
    fn privatise(&mut self, s: &mut School, county: &County) {
        let r = &mut self.rng;
        s.public = false;
        s.registration = if r.chance(0.06) {
            None
        } else if s.level.compulsory() || s.level.has_junior() {
            // PRIV-001: now and then a compulsory school registered for profit.
            Some(*r.weighted(&[
                (85, Reg::Nonprofit),
                (5, Reg::ForProfit),
                (10, Reg::Unregistered),
            ]))
        } else {
            Some(*r.weighted(&[
                (55, Reg::Nonprofit),
                (30, Reg::ForProfit),
                (15, Reg::Unregistered),
            ]))
        };
        if s.level.compulsory() || s.level.has_junior() {
            s.purchased = Some(r.chance(county.purchased));
            // Private schools in town take in many migrant children.
            s.migrants = (s.students as f64 * (0.3 + 0.4 * r.unit())).round() as i64;
        }
    }

    /// All schools of one township, in the order they are listed.
    fn township(&mut self, plan: &Plan, out: &mut Vec<School>) {
        let c = plan.county;
        let t = plan.township;
        let cn = c.name;
        let st = short(t);
        let seat_area = if plan.urban {
            Area::UrbanCore
        } else if plan.rural_township {
            Area::TownshipCenter
        } else {
            Area::TownCenter
        };
        let village_area = |r: &mut Rng| {
            if plan.urban {
                if r.chance(0.6) {
                    Area::UrbanFringe
                } else {
                    Area::TownFringe
                }
            } else {
                Area::Village
            }
        };

        // Kindergartens. PRE-003: one township in twelve has no public one.
        let has_public_kg = !self.rng.chance(0.085);
        if has_public_kg {
            let n = if plan.urban {
                self.rng.range(280, 520)
            } else {
                self.rng.range(150, 360)
            };
            let mut s = self.school(
                cn,
                t,
                Level::Kindergarten,
                None,
                seat_area,
                true,
                n,
                format!("{cn}{st}中心幼儿园"),
            );
            s.inclusive = Some(true);
            out.push(s);
        }
        // Extra public kindergartens (village or community ones), as many as
        // the county's public share `public_kg` calls for.
        let public_weight = c.public_kg / (1.0 - c.public_kg);
        let (public_extra, private_n) = if plan.urban {
            (self.rng.range(2, 5), self.rng.range(8, 16))
        } else {
            (self.rng.range(0, 2), self.rng.range(2, 7))
        };
        let public_extra = (public_extra as f64 * public_weight * 1.3).round() as i64;
        for _ in 0..public_extra {
            let v = village(&mut self.rng);
            let n = (self.rng.range(60, 200) as f64 * public_weight * 1.2) as i64 + 30;
            let area = village_area(&mut self.rng);
            let name = if plan.urban {
                format!("{cn}{st}第{}幼儿园", NUMERALS[self.rng.below(6) as usize])
            } else {
                format!("{cn}{st}{v}幼儿园")
            };
            let mut s = self.school(cn, t, Level::Kindergarten, None, area, true, n, name);
            s.inclusive = Some(true);
            out.push(s);
        }
        for _ in 0..private_n {
            let brand = *self.rng.pick(KG_NAMES);
            let n = if plan.urban {
                self.rng.range(90, 380)
            } else {
                self.rng.range(40, 200)
            };
            let area = if plan.urban {
                Area::UrbanCore
            } else {
                village_area(&mut self.rng)
            };
            let mut s = self.school(
                cn,
                t,
                Level::Kindergarten,
                None,
                area,
                false,
                n,
                format!("{cn}{st}{brand}幼儿园"),
            );
            self.privatise(&mut s, c);
            s.inclusive = if self.rng.chance(0.04) {
                None
            } else {
                Some(self.rng.chance(c.inclusive_private))
            };
            out.push(s);
        }
        // An attached kindergarten class at a village school, now and then.
        if !plan.urban && self.rng.chance(0.15) {
            let v = village(&mut self.rng);
            let n = self.rng.range(20, 45);
            let mut s = self.school(
                cn,
                t,
                Level::KgClass,
                None,
                Area::Village,
                true,
                n,
                format!("{cn}{st}{v}小学附设幼儿班"),
            );
            s.inclusive = Some(true);
            out.push(s);
        }

        // Primary schools.
        if plan.urban {
            for _ in 0..self.rng.range(3, 7) {
                self.ordinal += 1;
                let n = self.rng.range(1500, 3400);
                let name = format!(
                    "{cn}第{}小学",
                    NUMERALS[(self.ordinal - 1) % NUMERALS.len()]
                );
                let name = if self.ordinal > NUMERALS.len() {
                    format!("{cn}{st}{}小学", village(&mut self.rng))
                } else {
                    name
                };
                out.push(self.school(
                    cn,
                    t,
                    Level::Primary,
                    Some(Kind::Urban),
                    Area::UrbanCore,
                    true,
                    n,
                    name,
                ));
            }
            if self.rng.chance(0.6) {
                // A private nine-year school in town (民办学校).
                let brand = *self
                    .rng
                    .pick(&["育英", "博文", "英华", "启航", "明德", "华英"]);
                let n = self.rng.range(900, 3000);
                let mut s = self.school(
                    cn,
                    t,
                    Level::NineYear,
                    None,
                    Area::UrbanFringe,
                    false,
                    n,
                    format!("{cn}{brand}学校"),
                );
                self.privatise(&mut s, c);
                out.push(s);
            }
        }
        let central_n = if plan.urban {
            self.rng.range(900, 2200)
        } else {
            self.rng.range(500, 1400)
        };
        out.push(self.school(
            cn,
            t,
            Level::Primary,
            Some(Kind::Central),
            seat_area,
            true,
            central_n,
            format!("{cn}{st}中心小学"),
        ));
        let (complete_n, village_n, points_n) = if plan.urban {
            (self.rng.range(1, 3), 0, 0)
        } else {
            (
                self.rng.range(3, 8),
                self.rng.range(0, 3),
                self.rng.range(1, 4),
            )
        };
        for _ in 0..complete_n {
            let v = village(&mut self.rng);
            let n = self.rng.range(120, 650);
            let area = village_area(&mut self.rng);
            out.push(self.school(
                cn,
                t,
                Level::Primary,
                Some(Kind::VillageComplete),
                area,
                true,
                n,
                format!("{cn}{st}{v}小学"),
            ));
        }
        for _ in 0..village_n {
            let v = village(&mut self.rng);
            let n = self.rng.range(45, 160);
            out.push(self.school(
                cn,
                t,
                Level::Primary,
                Some(Kind::Village),
                Area::Village,
                true,
                n,
                format!("{cn}{st}{v}初级小学"),
            ));
        }
        for _ in 0..points_n {
            let v = village(&mut self.rng);
            let n = self.rng.range(10, 100);
            out.push(self.school(
                cn,
                t,
                Level::TeachingPoint,
                None,
                Area::Village,
                true,
                n,
                format!("{cn}{st}{v}教学点"),
            ));
        }

        // Secondary schools.
        let juniors = if plan.urban {
            self.rng.range(2, 4)
        } else if self.rng.chance(0.3) {
            2
        } else {
            1
        };
        for j in 0..juniors {
            let n = if plan.urban {
                self.rng.range(1500, 3200)
            } else {
                self.rng.range(700, 2200)
            };
            let name = if j == 0 {
                format!("{cn}{st}初级中学")
            } else {
                format!("{cn}{st}第{}初级中学", NUMERALS[j as usize])
            };
            out.push(self.school(cn, t, Level::Junior, None, seat_area, true, n, name));
        }
        if !plan.urban && self.rng.chance(0.35) {
            let v = village(&mut self.rng);
            let n = self.rng.range(400, 1300);
            out.push(self.school(
                cn,
                t,
                Level::NineYear,
                None,
                Area::Village,
                true,
                n,
                format!("{cn}{st}{v}九年一贯制学校"),
            ));
        }
    }

    /// The county seat's senior, vocational and special schools.
    fn county_schools(&mut self, c: &'static County, out: &mut Vec<School>) {
        let cn = c.name;
        let t = c.townships[0];
        let seniors: &[&str] = match cn {
            "桂平市" => &[
                "桂平市第一中学",
                "桂平市第二中学",
                "桂平市第三中学",
                "桂平市第四中学",
                "桂平市第五中学",
                "桂平市浔州高级中学",
                "桂平市社坡高级中学",
                "桂平市麻垌高级中学",
            ],
            "平南县" => &[
                "平南县中学",
                "平南县民族中学",
                "平南县大安高级中学",
                "平南县平南高级中学",
                "平南县丹竹高级中学",
                "平南县六陈高级中学",
            ],
            "港北区" => &["贵港市港北高级中学", "贵港市港北区庆丰中学"],
            "港南区" => &[
                "贵港市港南中学",
                "贵港市桥圩高级中学",
                "贵港市港南区木格中学",
            ],
            _ => &["贵港市覃塘高级中学", "贵港市覃塘区东龙中学"],
        };
        for (i, name) in seniors.iter().enumerate() {
            let level = if i % 3 == 2 {
                Level::Complete
            } else {
                Level::Senior
            };
            let n = self.rng.range(2200, 5200);
            let township = if i < 4 {
                t
            } else {
                c.townships[(i * 3) % c.townships.len()]
            };
            let area = if i < 4 {
                Area::UrbanCore
            } else {
                Area::TownCenter
            };
            out.push(self.school(cn, township, level, None, area, true, n, name.to_string()));
        }
        if cn == "桂平市" || cn == "平南县" {
            let n = self.rng.range(2500, 4500);
            let mut s = self.school(
                cn,
                t,
                Level::TwelveYear,
                None,
                Area::UrbanFringe,
                false,
                n,
                format!("{cn}博文实验学校"),
            );
            self.privatise(&mut s, c);
            out.push(s);
        }
        let n = self.rng.range(3000, 6000);
        out.push(self.school(
            cn,
            t,
            Level::VocationalHigh,
            None,
            Area::UrbanFringe,
            true,
            n,
            format!("{cn}职业教育中心"),
        ));
        if cn == "桂平市" || cn == "平南县" {
            let n = self.rng.range(1800, 3600);
            out.push(self.school(
                cn,
                t,
                Level::Vocational,
                None,
                Area::UrbanFringe,
                true,
                n,
                format!("{cn}第二职业技术学校"),
            ));
        }
        if cn != "覃塘区" {
            let n = self.rng.range(80, 260);
            let level = if cn == "港北区" {
                Level::Special
            } else {
                Level::Intellectual
            };
            out.push(self.school(
                cn,
                t,
                level,
                None,
                Area::UrbanFringe,
                true,
                n,
                format!("{cn}特殊教育学校"),
            ));
        }
    }

    /// 市直: the city's own schools.
    fn city_schools(&mut self, out: &mut Vec<School>) {
        let list: &[(&str, Level, usize, i64, i64)] = &[
            ("贵港市高级中学", Level::Senior, 0, 3500, 5200),
            ("贵港市江南中学", Level::Senior, 2, 3000, 4800),
            ("贵港市达开高级中学", Level::Senior, 1, 2800, 4500),
            ("贵港市西江中学", Level::Complete, 3, 2500, 4200),
            ("贵港市民族中学", Level::Complete, 0, 2000, 3600),
            ("贵港市高级中学附属初级中学", Level::Junior, 0, 2400, 3600),
            ("贵港市江南中学初中部", Level::Junior, 2, 1800, 3000),
            ("贵港市实验小学", Level::Primary, 0, 2400, 3400),
            ("贵港市江南小学", Level::Primary, 2, 1800, 3000),
            ("贵港市职业教育中心", Level::VocationalHigh, 1, 3000, 5200),
            ("贵港市卫生学校", Level::Technical, 3, 2500, 4200),
            ("贵港市技工学校", Level::Technician, 3, 1500, 3200),
            ("贵港市机电工程学校", Level::Vocational, 3, 1200, 2600),
            ("贵港市特殊教育学校", Level::Intellectual, 1, 150, 320),
            ("贵港市机关幼儿园", Level::Kindergarten, 0, 400, 600),
            ("贵港市第二机关幼儿园", Level::Kindergarten, 2, 300, 500),
            ("贵港市教育局直属幼儿园", Level::Kindergarten, 1, 260, 480),
        ];
        for &(name, level, ti, lo, hi) in list {
            let n = self.rng.range(lo, hi);
            let kind = if level == Level::Primary {
                Some(Kind::Urban)
            } else {
                None
            };
            let mut s = self.school(
                CITY,
                CITY_TOWNSHIPS[ti],
                level,
                kind,
                Area::UrbanCore,
                true,
                n,
                name.to_string(),
            );
            if level.is_kg() {
                s.inclusive = Some(true);
            }
            out.push(s);
        }
    }

    /// The whole city, in a stable order: 市直 first, then each county.
    fn city(&mut self) -> Vec<School> {
        let mut out = Vec::new();
        self.city_schools(&mut out);
        for c in COUNTIES {
            self.ordinal = 0;
            self.county_schools(c, &mut out);
            for (i, &t) in c.townships.iter().enumerate() {
                let plan = Plan {
                    county: c,
                    township: t,
                    urban: i < c.urban,
                    rural_township: t.ends_with('乡'),
                };
                self.township(&plan, &mut out);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// City-wide designations (HS-001, HS-002, PE-003, ART-001, ETH-001): how many
// schools carry each title. PE-003 and HS-002 meet the plan's target; the
// others fall short.
const FOOTBALL: usize = 13; // target 15: the fixtures fall short
const ART: usize = 8; // target 10
const DEMONSTRATION: usize = 11; // target 14
const STAR: usize = 6; // target 7: the fixtures fall short
const ETHNIC: usize = 6; // target 10

fn designate(schools: &mut [School], rng: &mut Rng) {
    fn choose(
        schools: &mut [School],
        rng: &mut Rng,
        n: usize,
        eligible: impl Fn(&School) -> bool,
        set: impl Fn(&mut School),
    ) {
        let mut idx: Vec<usize> = (0..schools.len())
            .filter(|&i| eligible(&schools[i]))
            .collect();
        // Bigger schools first, then a shuffle among the top candidates.
        idx.sort_by_key(|&i| std::cmp::Reverse(schools[i].students));
        idx.truncate((n * 2).max(n));
        for k in (1..idx.len()).rev() {
            let j = rng.below(k as u64 + 1) as usize;
            idx.swap(k, j);
        }
        for &i in idx.iter().take(n) {
            set(&mut schools[i]);
        }
    }
    choose(
        schools,
        rng,
        DEMONSTRATION,
        |s| s.level.has_senior() && s.public,
        |s| s.demonstration = true,
    );
    choose(
        schools,
        rng,
        STAR,
        |s| s.level.has_senior() && !s.demonstration,
        |s| s.star = true,
    );
    choose(
        schools,
        rng,
        FOOTBALL,
        |s| s.level.is_school() && s.level != Level::TeachingPoint,
        |s| s.football = true,
    );
    choose(
        schools,
        rng,
        ART,
        |s| s.level.has_junior() || s.level.has_senior(),
        |s| s.art_troupe = true,
    );
    // PRIV-001: the private schools with compulsory sections in 桂平市 and
    // 平南县 registered for profit, as a few did before the 2021 rules.
    for s in schools.iter_mut() {
        if !s.public
            && (s.level.compulsory() || s.level.has_junior())
            && (s.county == "桂平市" && s.level == Level::TwelveYear
                || s.county == "平南县" && s.level == Level::NineYear)
        {
            s.registration = Some(Reg::ForProfit);
        }
    }
    choose(
        schools,
        rng,
        ETHNIC,
        |s| s.level.is_school() && s.level != Level::TeachingPoint,
        |s| s.ethnic = true,
    );
}

// ---------------------------------------------------------------------------
// Spelling: how county offices actually write the figures.

/// Headers of the school table: official first; the GBK copy uses variants.
const HEADERS: &[(&str, &str)] = &[
    ("学校标识码", "学校代码"),
    ("学校名称", "学校名称"),
    ("县(市、区)", "县区"),
    ("乡镇(街道)", "乡镇"),
    ("办学类型", "办学类型代码"),
    ("学校类别", "小学类别"),
    ("城乡分类", "城乡分类代码"),
    ("办学性质", "公办/民办"),
    ("民办学校分类登记", "营利性/非营利性"),
    ("普惠性", "普惠园"),
    ("政府购买学位服务", "是否政府购买服务"),
    ("建校年月", "建校时间"),
    ("在校生数", "在校学生数"),
    ("招生数", "本年招生数"),
    ("其中:高中招生数", "高中招生数"),
    ("班数", "教学班数"),
    ("最大班额", "最大班额(人)"),
    ("寄宿生数", "住校生数"),
    ("宿舍床位数", "床位数"),
    ("教职工数", "教职工总数"),
    ("专任教师数", "专任教师"),
    ("学生用计算机台数", "学生用计算机"),
    ("教师用计算机台数", "教师用计算机"),
    ("出口带宽", "出口带宽(Mbps)"),
    ("接入方式", "网络接入方式"),
    ("是否接入教育城域网", "接入教育城域网"),
    ("计算机网络教室", "网络教室"),
    ("电子阅览室", "是否建有电子阅览室"),
    ("每天体育活动时间(分钟)", "体育活动时间(分钟)"),
    ("视力监测", "是否开展视力监测"),
    ("随班就读残疾学生数", "随班就读学生数"),
    ("资源教室数", "资源教室(间)"),
    ("随迁子女数", "进城务工人员随迁子女数"),
    ("达到自治区办学标准", "是否达到办学标准"),
    ("是否有章程", "学校章程"),
    ("责任督学", "责任督学姓名"),
    ("青少年校园足球特色学校", "校园足球特色学校"),
    ("市级中学生艺术团", "市级艺术团"),
    ("自治区示范性普通高中", "示范性高中"),
    ("自治区星级特色普通高中", "星级特色高中"),
    ("民族文化教育示范学校", "民族文化示范学校"),
];

/// Spells values; its own generator, so spelling never shifts the figures.
struct Speller {
    rng: Rng,
}

impl Speller {
    fn int(&mut self, v: i64) -> String {
        let r = &mut self.rng;
        if r.chance(0.015) {
            return fullwidth(&v.to_string());
        }
        if v >= 1000 && r.chance(0.35) {
            return thousands(v);
        }
        if r.chance(0.02) {
            return format!("{v}.0");
        }
        v.to_string()
    }
    fn opt_int(&mut self, v: Option<i64>) -> String {
        match v {
            Some(v) => self.int(v),
            None => self.missing(),
        }
    }
    fn missing(&mut self) -> String {
        self.rng
            .weighted(&[(70, ""), (20, "-"), (5, "/"), (5, "—")])
            .to_string()
    }
    fn bool(&mut self, v: Option<bool>) -> String {
        match v {
            None => self.missing(),
            Some(b) => {
                let (t, f) = *self.rng.weighted(&[
                    (60, ("是", "否")),
                    (15, ("有", "无")),
                    (15, ("√", "×")),
                    (5, ("Y", "N")),
                    (5, ("1", "0")),
                ]);
                (if b { t } else { f }).to_string()
            }
        }
    }
    /// A designation: 是 for the schools that carry it, blank or 否 otherwise.
    fn flag(&mut self, v: bool) -> String {
        if v {
            "是".into()
        } else if self.rng.chance(0.3) {
            "否".into()
        } else {
            String::new()
        }
    }
    fn rate(&mut self, mbps: Option<i64>) -> String {
        let Some(m) = mbps else { return self.missing() };
        let r = &mut self.rng;
        match m {
            10000 => r.pick(&["万兆", "10G", "10000M"]).to_string(),
            1000 => r
                .pick(&["千兆", "1000M", "1G", "1000Mbps", "1000", "1000 M", "1Gbps"])
                .to_string(),
            100 => r
                .pick(&["百兆", "100M", "100Mbps", "100", "100兆"])
                .to_string(),
            _ => match r.below(4) {
                0 => format!("{m}M"),
                1 => format!("{m}Mbps"),
                2 => format!("{m}兆"),
                _ => m.to_string(),
            },
        }
    }
    fn level(&mut self, l: Level) -> String {
        let (name, code, _) = l.labels();
        if self.rng.chance(0.3) {
            code.into()
        } else {
            name.into()
        }
    }
    fn area(&mut self, a: Area) -> String {
        let (name, code) = a.labels();
        if self.rng.chance(0.5) {
            code.into()
        } else {
            name.into()
        }
    }
    fn date(&mut self, (y, m): (i64, i64)) -> String {
        let d = if m == 9 { 1 } else { self.rng.range(1, 28) };
        match self.rng.below(4) {
            0 => format!("{y}-{m:02}-{d:02}"),
            1 => format!("{y}/{m}/{d}"),
            2 => format!("{y}年{m}月{d}日"),
            _ => format!("{y}.{m}.{d}"),
        }
    }

    fn row(&mut self, s: &School) -> Vec<String> {
        let kg = s.level.is_kg();
        let kind = match s.kind {
            None => String::new(),
            Some(Kind::Urban) => "城区小学".into(),
            Some(Kind::Central) => self
                .rng
                .pick(&["乡镇中心小学", "乡镇中心小学", "中心校"])
                .to_string(),
            Some(Kind::VillageComplete) => self
                .rng
                .pick(&["村完小", "村完小", "村完全小学"])
                .to_string(),
            Some(Kind::Village) => "村小".into(),
        };
        let ownership = if s.public { "公办" } else { "民办" };
        let registration = match (s.public, s.registration) {
            (true, _) => String::new(),
            (false, None) => self.missing(),
            (false, Some(Reg::Nonprofit)) => self.rng.pick(&["非营利性", "非营利"]).to_string(),
            (false, Some(Reg::ForProfit)) => "营利性".into(),
            (false, Some(Reg::Unregistered)) => self.rng.pick(&["未登记", "待登记"]).to_string(),
        };
        let access = if s.bandwidth.is_none() {
            String::new()
        } else if s.fibre {
            self.rng
                .pick(&["光纤", "光纤", "光纤接入", "光纤专线"])
                .to_string()
        } else {
            self.rng.pick(&["ADSL", "无线", "4G"]).to_string()
        };
        let general = s.level.is_school();
        let boarding_cells = !kg;
        let students = self.int(s.students);
        vec![
            s.id.clone(),
            s.name.clone(),
            s.county.to_string(),
            s.township.to_string(),
            self.level(s.level),
            kind,
            self.area(s.area),
            ownership.to_string(),
            registration,
            if kg {
                self.bool(s.inclusive)
            } else {
                String::new()
            },
            if s.purchased.is_some() {
                self.bool(s.purchased)
            } else {
                String::new()
            },
            self.date(s.founded),
            students,
            self.int(s.intake),
            s.senior_intake.map(|v| self.int(v)).unwrap_or_default(),
            self.int(s.classes),
            if general {
                self.opt_int(s.max_class)
            } else {
                String::new()
            },
            if boarding_cells {
                self.int(s.boarders)
            } else {
                String::new()
            },
            if boarding_cells {
                self.opt_int(s.beds)
            } else {
                String::new()
            },
            self.int(s.staff),
            self.int(s.teachers),
            if kg {
                String::new()
            } else {
                self.opt_int(s.student_pcs)
            },
            self.opt_int(s.teacher_pcs),
            self.rate(s.bandwidth),
            access,
            self.bool(s.metro),
            if s.net_lab.is_some() {
                self.bool(s.net_lab)
            } else {
                String::new()
            },
            if s.e_library.is_some() {
                self.bool(s.e_library)
            } else {
                String::new()
            },
            if general {
                self.opt_int(s.pe_minutes)
            } else {
                String::new()
            },
            if general {
                self.bool(s.vision)
            } else {
                String::new()
            },
            if general {
                self.int(s.sped_students)
            } else {
                String::new()
            },
            if kg {
                String::new()
            } else {
                self.int(s.resource_rooms)
            },
            if general {
                self.int(s.migrants)
            } else {
                String::new()
            },
            if s.standard.is_some() {
                self.bool(s.standard)
            } else {
                String::new()
            },
            self.bool(s.charter),
            s.inspector.clone().unwrap_or_default(),
            if general {
                self.flag(s.football)
            } else {
                String::new()
            },
            if s.level.has_junior() || s.level.has_senior() {
                self.flag(s.art_troupe)
            } else {
                String::new()
            },
            if s.level.has_senior() {
                self.flag(s.demonstration)
            } else {
                String::new()
            },
            if s.level.has_senior() {
                self.flag(s.star)
            } else {
                String::new()
            },
            if general {
                self.flag(s.ethnic)
            } else {
                String::new()
            },
        ]
    }
}

fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap()
            } else {
                c
            }
        })
        .collect()
}

fn thousands(v: i64) -> String {
    let digits = v.abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if v < 0 { format!("-{out}") } else { out }
}

/// Column index of a header, for the deliberate bad cells.
fn col(header: &str) -> usize {
    HEADERS
        .iter()
        .position(|(h, _)| *h == header)
        .expect("known header")
}

/// The handful of genuinely bad cells a real return contains, so that the
/// data diagnostics show too. Each is listed in fixtures/README.md.
fn spoil(rows: &mut [Vec<String>], schools: &[School]) {
    let find = |pred: &dyn Fn(&School) -> bool, nth: usize| -> usize {
        schools
            .iter()
            .enumerate()
            .filter(|(_, s)| pred(s))
            .nth(nth)
            .map(|(i, _)| i)
            .expect("a school to spoil")
    };
    // schema/type: a unit in a number cell.
    let i = find(&|s| s.level == Level::TeachingPoint, 3);
    rows[i][col("在校生数")] = format!("{}人", schools[i].students);
    // schema/enum: a misspelt 办学类型.
    let i = find(&|s| s.level == Level::Junior && s.county == "桂平市", 4);
    rows[i][col("办学类型")] = "初级中校".into();
    // schema/type: a word where a bandwidth belongs.
    let i = find(
        &|s| s.kind == Some(Kind::VillageComplete) && s.county == "平南县",
        7,
    );
    rows[i][col("出口带宽")] = "光纤".into();
    // schema/pattern: a code that lost a digit.
    let i = find(
        &|s| s.level == Level::Kindergarten && s.county == "港南区",
        5,
    );
    rows[i][0].pop();
    // schema/range: a negative count.
    let i = find(&|s| s.level == Level::Primary && s.county == "覃塘区", 6);
    rows[i][col("寄宿生数")] = "-12".into();
    // schema/type: a yes/no cell answered with a sentence.
    let i = find(&|s| s.level == Level::Junior && s.county == "港北区", 1);
    rows[i][col("视力监测")] = "已安排".into();
    // schema/type: an impossible date.
    let i = find(
        &|s| s.level == Level::Kindergarten && s.county == "桂平市",
        9,
    );
    rows[i][col("建校年月")] = "2019-02-30".into();
}

/// A school reported twice (schema/duplicate): the second copy, merged in from
/// another return, has slightly different figures.
fn duplicate(rows: &mut Vec<Vec<String>>, schools: &[School]) {
    let i = schools
        .iter()
        .position(|s| s.kind == Some(Kind::Central) && s.county == "港南区")
        .expect("a central primary");
    let mut copy = rows[i].clone();
    copy[col("在校生数")] = (schools[i].students + 37).to_string();
    let at = (i + 40).min(rows.len());
    rows.insert(at, copy);
}

// ---------------------------------------------------------------------------
// Writers

fn csv_line(cells: &[String]) -> String {
    let mut line = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        if c.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&c.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(c);
        }
    }
    line.push_str("\r\n");
    line
}

fn write_csv(path: &Path, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let mut text = csv_line(header);
    for r in rows {
        text.push_str(&csv_line(r));
    }
    fs::write(path, text)
}

fn write_gbk(path: &Path, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let mut text = csv_line(header);
    for r in rows {
        text.push_str(&csv_line(r));
    }
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "every fixture character must exist in GBK");
    fs::write(path, bytes)
}

fn write_xlsx(
    path: &Path,
    header: &[String],
    rows: &[Vec<String>],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    // A fixed creation time, so that regenerating writes the same bytes.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2022, 9, 1)?.and_hms(8, 0, 0)?;
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title("贵港市学校基本情况(测试数据)")
            .set_creation_datetime(&created),
    );
    let sheet = book.add_worksheet();
    sheet.set_name("学校基本情况")?;
    // The form's title and notes go on a second sheet: the reader takes the
    // first non-empty row of a sheet as its header.
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            // Plain whole numbers become numeric cells, as Excel stores them;
            // the 学校标识码 stays text, and messy spellings stay strings.
            let numeric = c != 0
                && !v.is_empty()
                && v.len() < 9
                && v.bytes().all(|b| b.is_ascii_digit())
                && !(v.len() > 1 && v.starts_with('0'));
            if numeric {
                sheet.write_number(r, c, v.parse::<f64>().expect("digits"))?;
            } else if !v.is_empty() {
                sheet.write_string(r, c, v)?;
            }
        }
    }
    let notes = book.add_worksheet();
    notes.set_name("填报说明")?;
    notes.write_string(
        0,
        0,
        "贵港市教育事业统计 学校基本情况表(生成的测试数据,非真实统计)",
    )?;
    notes.write_string(1, 0, "数据时点:当年9月1日;出口带宽单位 Mbps")?;
    book.save(path)
}

/// One row per county-level unit. Figures are invented but plausible; each
/// county rule fails for some units and passes for others.
fn counties_csv() -> String {
    let header = [
        "县(市、区)",
        "行政区划代码",
        "学前教育毛入园率",
        "九年义务教育巩固率",
        "高中阶段教育毛入学率",
        "残疾儿童少年入学率",
        "义务教育教师年平均工资收入",
        "当地公务员年平均工资收入",
        "一般公共预算教育支出",
        "上年一般公共预算教育支出",
        "生均一般公共预算教育支出",
        "上年生均一般公共预算教育支出",
        "全面推行县管校聘",
        "义务教育优质均衡发展县",
    ];
    let rows: [[&str; 14]; 6] = [
        [
            "港北区",
            "450802",
            "93.2%",
            "96.1%",
            "92.4%",
            "97.3%",
            "98,560元",
            "96,200元",
            "186,540万元",
            "179,820万元",
            "12,480元",
            "12,105元",
            "是",
            "否",
        ],
        [
            "港南区",
            "450803",
            "90.4%",
            "0.962",
            "91.0%",
            "95.8%",
            "9.1万元",
            "9.3万元",
            "162,310万元",
            "158,760万元",
            "11,960元",
            "-",
            "是",
            "否",
        ],
        [
            "覃塘区",
            "450804",
            "91.6%",
            "94.8%",
            "85",
            "93.6%",
            "87,900元",
            "88,400元",
            "118,270万元",
            "121,530万元",
            "12,020元",
            "11,870元",
            "否",
            "否",
        ],
        [
            "平南县",
            "450821",
            "88.7%",
            "95.9%",
            "89.6%",
            "96.2%",
            "86,300",
            "86,300",
            "284,900万元",
            "271,650万元",
            "10,860元",
            "11,040元",
            "√",
            "×",
        ],
        [
            "桂平市",
            "450881",
            "89.9%",
            "95.2%",
            "90.3%",
            "94.1%",
            "85,750元",
            "89,600元",
            "371,420万元",
            "352,180万元",
            "10,540元",
            "10,730元",
            "否",
            "否",
        ],
        [
            "市直",
            "450800",
            "-",
            "-",
            "-",
            "-",
            "102,300元",
            "98,900元",
            "96,480万元",
            "92,100万元",
            "16,230元",
            "15,880元",
            "-",
            "-",
        ],
    ];
    let mut text = csv_line(&header.map(String::from));
    for r in rows {
        text.push_str(&csv_line(&r.map(String::from)));
    }
    text
}

// ---------------------------------------------------------------------------

struct Args {
    out: Option<PathBuf>,
    schools: Option<u64>,
}

fn args() -> Args {
    let mut a = Args {
        out: None,
        schools: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--out" => a.out = Some(it.next().expect("--out DIR").into()),
            "--schools" => {
                let n = it.next().expect("--schools N").replace(['_', ','], "");
                a.schools = Some(n.parse().expect("--schools takes a number"));
            }
            "-h" | "--help" => {
                println!("usage: gen_fixtures [--out DIR] [--schools N]");
                std::process::exit(0);
            }
            other => {
                eprintln!("gen_fixtures: unknown argument `{other}`");
                std::process::exit(2);
            }
        }
    }
    a
}

const SEED: u64 = 0x4508_2019_2022;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = args();
    if let Some(n) = a.schools {
        let out = a.out.unwrap_or_else(|| "target/bench".into());
        return bench(&out, n);
    }
    let out = a.out.unwrap_or_else(|| "fixtures".into());
    let mut g = Gen::new(SEED, 3);
    let mut schools = g.city();
    designate(&mut schools, &mut g.rng);
    let mut sp = Speller {
        rng: Rng(SEED ^ 0xC5F),
    };
    let mut rows: Vec<Vec<String>> = schools.iter().map(|s| sp.row(s)).collect();
    spoil(&mut rows, &schools);
    duplicate(&mut rows, &schools);

    let official: Vec<String> = HEADERS.iter().map(|(h, _)| h.to_string()).collect();
    let variant: Vec<String> = HEADERS.iter().map(|(_, h)| h.to_string()).collect();
    for d in ["guigang", "guigang-xlsx", "guigang-gbk"] {
        fs::create_dir_all(out.join(d))?;
    }
    write_csv(&out.join("guigang/schools.csv"), &official, &rows)?;
    fs::write(out.join("guigang/counties.csv"), counties_csv())?;
    write_xlsx(&out.join("guigang-xlsx/schools.xlsx"), &official, &rows)?;
    write_gbk(&out.join("guigang-gbk/schools.csv"), &variant, &rows)?;
    eprintln!(
        "wrote {} school rows and 6 county rows under {}",
        rows.len(),
        out.display()
    );
    Ok(())
}

/// Streams `n` schools: the city's layout repeated (each round a fresh draw),
/// written row by row.
fn bench(out: &Path, n: u64) -> Result<(), Box<dyn std::error::Error>> {
    fs::create_dir_all(out)?;
    let path = out.join("schools.csv");
    let mut w = BufWriter::new(File::create(&path)?);
    let official: Vec<String> = HEADERS.iter().map(|(h, _)| h.to_string()).collect();
    w.write_all(csv_line(&official).as_bytes())?;
    let mut g = Gen::new(SEED, 1);
    let mut sp = Speller {
        rng: Rng(SEED ^ 0xBE7C),
    };
    let mut written = 0u64;
    let mut round = 0u32;
    'outer: loop {
        // One round is about 1,500 schools: small enough to hold.
        let mut schools = g.city();
        designate(&mut schools, &mut g.rng);
        for s in &mut schools {
            if round > 0 {
                s.name = format!("{}(第{}批)", s.name, round + 1);
            }
        }
        for s in &schools {
            if written == n {
                break 'outer;
            }
            w.write_all(csv_line(&sp.row(s)).as_bytes())?;
            written += 1;
        }
        round += 1;
    }
    w.flush()?;
    eprintln!("wrote {written} school rows to {}", path.display());
    Ok(())
}
