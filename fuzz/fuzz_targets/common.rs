//! Shared by the data targets: a small pack with every field type, and a
//! reader that writes the input to a temporary file and runs `dudao::run::check`
//! on it as the CLI would: reading, evaluating and rendering.

use std::sync::OnceLock;

use dudao::compile::Selection;
use dudao::data::ReadOptions;
use dudao::model::Pack;
use dudao::report::human::{HumanOptions, HumanReporter};
use dudao::report::json::JsonReporter;
use dudao::run::CheckRequest;
use dudao::value::Date;

pub const PACK: &str = r#"
enum level {
  primary "小学" "211",
  junior  "初级中学" "311",
}

record school {
  id:        text, key, matches "^[0-9]{10}$", column "学校标识码"
  name:      text, required, column "学校名称"
  level:     level, column "办学类型"
  public:    bool, column "公办"
  students:  int, min 0, column "在校生数"
  ratio:     percent, column "达标率"
  opened:    date, column "建校日期"
  bandwidth: rate, column "出口带宽"
  area:      area, column "校舍面积"
  assets:    money, column "资产"
  score:     number, column "得分"
}

rule R-001 "规模" {
  where level == junior
  require students >= 100 and bandwidth >= 1Gbps
  message "{name}: {students}"
}

rule R-002 "汇总" {
  for school per level
  require sum(students) / count() >= 10 and cv(score) <= 50%
}
"#;

pub fn pack() -> &'static Pack {
    static PACK_CELL: OnceLock<Pack> = OnceLock::new();
    PACK_CELL.get_or_init(|| {
        dudao::check::load_sources(vec![("fuzz.dudao".into(), PACK.into())])
            .unwrap_or_else(|e| panic!("the fuzz pack loads: {e:?}"))
    })
}

/// Writes `bytes` to a file named `name` and runs `dudao check` on it as
/// the CLI does, rendering every finding for the terminal (escaping,
/// snippets) and as JSON, whose output must parse; returns that JSON
/// (`None` when the run failed before reporting).
pub fn read_as(name: &str, bytes: &[u8], read: &ReadOptions) -> Option<serde_json::Value> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the input");
    let request = CheckRequest {
        data: vec![path.to_string_lossy().into_owned()],
        read: read.clone(),
        selection: Selection::default(),
        as_of: Date::from_ymd(2026, 1, 1).expect("a date"),
    };
    let mut human = HumanReporter::new(
        Vec::new(),
        HumanOptions {
            color: false,
            max_per_rule: 0,
            quiet: false,
            width: 80,
        },
    );
    let _ = dudao::run::check(pack(), &request, &mut human);
    let mut json = JsonReporter::new(Vec::new());
    dudao::run::check(pack(), &request, &mut json).ok()?;
    let out = json.into_inner();
    match serde_json::from_slice::<serde_json::Value>(&out) {
        Ok(v) => Some(v),
        Err(e) => panic!("the JSON report does not parse: {e}"),
    }
}
