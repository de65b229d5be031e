//! Generates the fixtures of the national high-quality balanced pack
//! (`rules/national/quality-balanced`): realistic, deterministic school
//! records for four counties whose schools differ more or less from one
//! another, so that the student-weighted 差异系数 of some counties stay within
//! the method's limits (0.50 primary, 0.45 junior) and others do not.
//!
//! ```text
//! cargo run --example gen_national                 # writes fixtures/national/schools.csv
//! cargo run --example gen_national -- --out DIR    # the same file under DIR/national/
//! ```
//!
//! Self-contained (it shares nothing with `gen_fixtures.rs`): one seeded
//! splitmix64 generator, so the same command always writes the same bytes.
//!
//! Every school's seven resource figures are drawn as
//! `requirement × level × exp(σ·z)`, where `σ` is the county's spread and `z`
//! mixes a school-wide and a per-indicator standard normal draw: a county
//! with a small σ has small coefficients of variation, one with a large σ
//! large ones (real county monitoring reports show primary CVs from 0.17 to
//! 0.76). The level sits a little above the requirement, so that in every
//! county some schools fall short of some indicators.

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

/// splitmix64.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// A standard normal draw (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// A county: its name, townships (the first is the county seat), and the
/// spread σ of its schools' resources, primary and junior.
struct County {
    name: &'static str,
    townships: &'static [&'static str],
    spread_primary: f64,
    spread_junior: f64,
    /// How far above the requirements the county's typical school lies.
    margin: f64,
}

/// Township names are invented; the spreads are chosen so that 安平县 is
/// balanced, 青溪县 nearly so, and 石门县 and 云岭县 are not.
const COUNTIES: &[County] = &[
    County {
        name: "安平县",
        townships: &["城关镇", "新圩镇", "大塘镇", "石桥乡", "龙口乡", "长安乡"],
        spread_primary: 0.14,
        spread_junior: 0.12,
        margin: 1.25,
    },
    County {
        name: "青溪县",
        townships: &["青溪镇", "河口镇", "东山乡", "平安乡", "三合乡"],
        spread_primary: 0.30,
        spread_junior: 0.25,
        margin: 1.15,
    },
    County {
        name: "石门县",
        townships: &[
            "石门镇",
            "白沙镇",
            "高峰乡",
            "古城乡",
            "黄土乡",
            "北岭乡",
            "马鞍乡",
        ],
        spread_primary: 0.50,
        spread_junior: 0.56,
        margin: 1.10,
    },
    County {
        name: "云岭县",
        townships: &["云岭镇", "西江镇", "上林乡", "中和乡", "坡头乡", "水源乡"],
        spread_primary: 0.62,
        spread_junior: 0.58,
        margin: 1.06,
    },
];

/// The method's requirements (第五条), primary and junior: per 100 students
/// for the counts, per student for areas (㎡) and equipment (yuan).
const NEED_PRIMARY: [f64; 7] = [4.2, 1.0, 0.9, 4.5, 7.5, 2000.0, 2.3];
const NEED_JUNIOR: [f64; 7] = [5.3, 1.0, 0.9, 5.8, 10.2, 2500.0, 2.4];

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    UrbanPrimary,
    CentralPrimary,
    VillagePrimary,
    TeachingPoint,
    Junior,
    NineYear,
    Complete,
    TwelveYear,
    VocationalJunior,
    Special,
}

impl Kind {
    /// 办学类型: the official name or the code, as county returns spell it.
    fn level(self, rng: &mut Rng) -> &'static str {
        let (name, code) = match self {
            Kind::UrbanPrimary | Kind::CentralPrimary | Kind::VillagePrimary => ("小学", "211"),
            Kind::TeachingPoint => ("小学教学点", "218"),
            Kind::Junior => ("初级中学", "311"),
            Kind::NineYear => ("九年一贯制学校", "312"),
            Kind::Complete => ("完全中学", "341"),
            Kind::TwelveYear => ("十二年一贯制学校", "345"),
            Kind::VocationalJunior => ("职业初中", "321"),
            Kind::Special => ("其他特殊教育学校", "514"),
        };
        if rng.chance(0.3) { code } else { name }
    }
    fn is_primary(self) -> bool {
        matches!(
            self,
            Kind::UrbanPrimary | Kind::CentralPrimary | Kind::VillagePrimary | Kind::TeachingPoint
        )
    }
    /// 学校标识码 category: 21 小学, 31 初中, 34 with a senior section, 51 special.
    fn category(self) -> u32 {
        match self {
            k if k.is_primary() => 21,
            Kind::Complete | Kind::TwelveYear => 34,
            Kind::Special => 51,
            _ => 31,
        }
    }
}

struct School {
    id: String,
    name: String,
    county: &'static str,
    township: &'static str,
    kind: Kind,
    students: i64,
}

const HEADER: &[&str] = &[
    "学校标识码",
    "学校名称",
    "县(市、区)",
    "乡镇(街道)",
    "办学类型",
    "在校生数",
    "班数",
    "最大班额",
    "专任教师数",
    "高于规定学历教师数",
    "县级及以上骨干教师数",
    "体育、艺术(美术、音乐)专任教师数",
    "教学及辅助用房面积",
    "体育运动场馆面积",
    "教学仪器设备资产值",
    "网络多媒体教室数",
];

fn main() {
    let mut out = PathBuf::from("fixtures");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = PathBuf::from(args.next().expect("--out DIR")),
            other => panic!("unknown argument {other}"),
        }
    }
    let dir = out.join("national");
    fs::create_dir_all(&dir).expect("create the output directory");
    let csv = generate();
    let path = dir.join("schools.csv");
    fs::write(&path, csv).expect("write schools.csv");
    eprintln!("wrote {}", path.display());
}

fn generate() -> String {
    let mut rng = Rng(0x5EED_2017_0006);
    let mut seq = [0u32; 100];
    let mut text = HEADER.join(",");
    text.push('\n');
    let mut line = 1;
    for county in COUNTIES {
        for school in layout(&mut rng, county, &mut seq) {
            line += 1;
            let row = row(&mut rng, county, &school, line);
            text.push_str(&row);
            text.push('\n');
        }
    }
    text
}

/// The schools of one county: per township a central primary, village
/// primaries and teaching points, a junior school (or a nine-year school);
/// urban primaries and juniors in the county seat; a complete school, a
/// special-education school, and here and there a twelve-year or vocational
/// junior school.
fn layout(rng: &mut Rng, county: &County, seq: &mut [u32; 100]) -> Vec<School> {
    let mut schools = Vec::new();
    let mut add = |rng: &mut Rng, kind: Kind, township: &'static str, name: String| {
        let cat = kind.category();
        seq[cat as usize] += 1;
        let students = match kind {
            Kind::UrbanPrimary => rng.range(1300, 2600),
            Kind::CentralPrimary => rng.range(450, 1500),
            Kind::VillagePrimary => rng.range(90, 520),
            Kind::TeachingPoint => rng.range(12, 95),
            Kind::Junior => rng.range(600, 2300),
            Kind::NineYear => rng.range(500, 2800),
            Kind::Complete => rng.range(900, 1900),
            Kind::TwelveYear => rng.range(1800, 2900),
            Kind::VocationalJunior => rng.range(150, 400),
            Kind::Special => rng.range(60, 180),
        };
        schools.push(School {
            id: format!("{cat}45{:06}", seq[cat as usize]),
            name,
            county: county.name,
            township,
            kind,
            students,
        });
    };
    let short = county.name.trim_end_matches('县');
    let seat = county.townships[0];
    for n in ["第一", "第二", "第三", "实验"] {
        add(rng, Kind::UrbanPrimary, seat, format!("{short}县{n}小学"));
    }
    add(rng, Kind::Junior, seat, format!("{short}县第一初级中学"));
    add(rng, Kind::Junior, seat, format!("{short}县第二初级中学"));
    add(rng, Kind::Complete, seat, format!("{short}县民族中学"));
    add(rng, Kind::Special, seat, format!("{short}县特殊教育学校"));
    if county.spread_primary > 0.6 {
        add(rng, Kind::TwelveYear, seat, format!("{short}县育才学校"));
        add(
            rng,
            Kind::VocationalJunior,
            seat,
            format!("{short}县职业初中"),
        );
    }
    const VILLAGES: &[&str] = &[
        "大村", "新村", "六合", "那坡", "上寨", "塘边", "岭脚", "龙田", "石岩", "水口",
    ];
    for (t, township) in county.townships.iter().enumerate() {
        let town = township.trim_end_matches(['镇', '乡']);
        add(
            rng,
            Kind::CentralPrimary,
            township,
            format!("{town}中心小学"),
        );
        let villages = rng.range(3, 5) as usize;
        for v in 0..villages {
            let village = VILLAGES[(t * 3 + v) % VILLAGES.len()];
            add(
                rng,
                Kind::VillagePrimary,
                township,
                format!("{town}{village}小学"),
            );
        }
        for v in 0..rng.range(1, 2) as usize {
            let village = VILLAGES[(t * 5 + v + 4) % VILLAGES.len()];
            add(
                rng,
                Kind::TeachingPoint,
                township,
                format!("{town}{village}教学点"),
            );
        }
        if t > 0 {
            if rng.chance(0.3) {
                add(
                    rng,
                    Kind::NineYear,
                    township,
                    format!("{town}九年一贯制学校"),
                );
            } else {
                add(rng, Kind::Junior, township, format!("{town}初级中学"));
            }
        }
    }
    schools
}

/// One CSV row: the school's figures, spelt the way county returns spell
/// them, with a few blanks and dashes.
fn row(rng: &mut Rng, county: &County, s: &School, line: usize) -> String {
    let primary = s.kind.is_primary();
    let need = if primary { NEED_PRIMARY } else { NEED_JUNIOR };
    let spread = if primary {
        county.spread_primary
    } else {
        county.spread_junior
    };
    let students = s.students;
    let n = students as f64;
    // Class size: crowded in town, small in villages.
    let (lo, hi) = match s.kind {
        Kind::UrbanPrimary => (40, 56),
        Kind::CentralPrimary => (36, 50),
        Kind::VillagePrimary | Kind::TeachingPoint => (12, 42),
        Kind::Special => (8, 14),
        _ => (40, 58),
    };
    let max_class = rng.range(lo, hi).min(students);
    let avg = (max_class as f64 * 0.88).max(6.0);
    let classes = ((n / avg).ceil() as i64).max(1);
    let ratio = match s.kind {
        Kind::VillagePrimary | Kind::TeachingPoint => 11.0 + rng.unit() * 6.0,
        k if k.is_primary() => 16.0 + rng.unit() * 4.0,
        Kind::Special => 4.0,
        _ => 11.5 + rng.unit() * 3.0,
    };
    let teachers = ((n / ratio).round() as i64).max(1);
    let school_z = rng.normal();
    // Qualifications vary most between town and village schools: the
    // higher-degree share gets a wider spread (and is capped by the
    // teachers the school has).
    let mut figure = |i: usize| -> f64 {
        let z = (0.6 * school_z + 0.8 * rng.normal()).clamp(-2.2, 2.2);
        let (level, wider) = if i == 0 {
            (county.margin - 0.17, 2.0)
        } else {
            (county.margin, 1.0)
        };
        need[i] * level * (spread * wider * z).exp()
    };
    let higher = ((figure(0) * n / 100.0).round() as i64).min(teachers);
    let backbone = (figure(1) * n / 100.0).round() as i64;
    let pe_art = ((figure(2) * n / 100.0).round() as i64).min(teachers);
    let rooms = (figure(3) * n).round() as i64;
    let sports = (figure(4) * n).round() as i64;
    let equipment = figure(5) * n;
    let multimedia = (figure(6) * n / 100.0).round() as i64;

    let mut cells: Vec<String> = vec![
        s.id.clone(),
        s.name.clone(),
        s.county.to_owned(),
        s.township.to_owned(),
        s.kind.level(rng).to_owned(),
        int(rng, students),
        int(rng, classes),
        max_class.to_string(),
        teachers.to_string(),
        higher.to_string(),
        backbone.to_string(),
        pe_art.to_string(),
        area(rng, rooms),
        area(rng, sports),
        money(rng, equipment),
        multimedia.to_string(),
    ];
    // About one school in forty leaves an indicator blank or dashed.
    if rng.chance(0.025) {
        let col = 9 + rng.range(0, 6) as usize;
        cells[col] = if line.is_multiple_of(2) {
            String::new()
        } else {
            "-".into()
        };
    }
    let mut row = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            row.push(',');
        }
        if cell.contains(',') {
            let _ = write!(row, "\"{cell}\"");
        } else {
            row.push_str(cell);
        }
    }
    row
}

/// An integer as returns write it: usually plain, sometimes `1,200`.
fn int(rng: &mut Rng, v: i64) -> String {
    if v >= 1000 && rng.chance(0.3) {
        format!("{},{:03}", v / 1000, v % 1000)
    } else {
        v.to_string()
    }
}

/// An area: `4520`, `4,520㎡` or `4520平方米`.
fn area(rng: &mut Rng, v: i64) -> String {
    match rng.range(0, 3) {
        0 => format!("{}㎡", int(rng, v)),
        1 => format!("{v}平方米"),
        _ => int(rng, v),
    }
}

/// Equipment value: mostly in 万元 with the unit in the cell, as the asset
/// forms keep it; sometimes in yuan.
fn money(rng: &mut Rng, yuan: f64) -> String {
    if rng.chance(0.75) {
        format!("{:.2}万元", yuan / 10000.0)
    } else {
        let v = yuan.round() as i64;
        if rng.chance(0.5) {
            format!("{v}元")
        } else {
            v.to_string()
        }
    }
}
