//! The JSON report's diagnostics are rendered in the engine's chunks, in
//! parallel: the bytes are the same as rendering each finding on the
//! writer's thread, and the same for any number of threads.

use dudao::data::ReadOptions;
use dudao::diag::{Finding, Summary};
use dudao::i18n::Lang;
use dudao::report::json::JsonReporter;
use dudao::report::{Context, MakeRender, Reporter};
use dudao::run::CheckRequest;
use dudao::value::Date;

/// The JSON reporter with `elapsed_ms` zeroed; with `parallel` false it
/// offers no renderer, so every finding is written by `finding`, on the
/// writer's thread.
struct Json {
    reporter: JsonReporter<Vec<u8>>,
    parallel: bool,
}

impl Json {
    fn new(parallel: bool) -> Json {
        Json {
            reporter: JsonReporter::new(Vec::new()),
            parallel,
        }
    }
}

impl Reporter for Json {
    fn finding(&mut self, cx: &Context, f: &Finding) -> std::io::Result<()> {
        self.reporter.finding(cx, f)
    }
    fn finish(&mut self, cx: &Context, s: &Summary) -> std::io::Result<()> {
        let summary = Summary {
            elapsed_ms: 0,
            ..s.clone()
        };
        self.reporter.finish(cx, &summary)
    }
    fn renderer(&self) -> Option<MakeRender> {
        if self.parallel {
            self.reporter.renderer()
        } else {
            None
        }
    }
    fn rendered(&mut self, cx: &Context, bytes: &[u8]) -> std::io::Result<()> {
        self.reporter.rendered(cx, bytes)
    }
}

fn run<R: Reporter + Send>(threads: usize, reporter: &mut R) {
    let pack = dudao::check::load_paths(&["rules/guigang".to_string()])
        .unwrap_or_else(|e| panic!("{}", dudao::check::render_errors(&e, false)));
    run_on(&pack, "fixtures", Lang::En, threads, reporter);
}

fn run_on<R: Reporter + Send>(
    pack: &dudao::model::Pack,
    data: &str,
    lang: Lang,
    threads: usize,
    reporter: &mut R,
) {
    let request = CheckRequest {
        data: vec![data.to_string()],
        read: ReadOptions {
            lang,
            ..Default::default()
        },
        selection: Default::default(),
        as_of: Date::from_ymd(2023, 6, 1).expect("a date"),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    pool.install(|| dudao::run::check(pack, &request, reporter))
        .expect("the run completes");
}

#[test]
fn parallel_rendering_writes_the_serial_bytes() {
    let mut serial = Json::new(false);
    run(1, &mut serial);
    let serial = serial.reporter.into_inner();
    let value: serde_json::Value = serde_json::from_slice(&serial).expect("valid JSON");
    let diagnostics = value["diagnostics"].as_array().expect("diagnostics");
    assert!(diagnostics.len() > 1000, "{}", diagnostics.len());
    for threads in [1, 2, 3] {
        let mut parallel = Json::new(true);
        run(threads, &mut parallel);
        let parallel = parallel.reporter.into_inner();
        assert!(
            parallel == serial,
            "{threads} threads: the bytes differ from the serial rendering"
        );
    }
}

/// A pack whose messages, help and values carry text from the data.
const HOSTILE_PACK: &str = r#"
record school {
  id: text, key, column "id"
  name: text, column "name"
  students: int, column "students"
  pcs: int, column "pcs"
}
rule PC-001 "生机比" {
  cite "二(八)1"
  due 2020-12-31
  for school
  require students / pcs <= 10
  message "{name}: 在校生 {students} 人, 计算机 {pcs} 台"
  help "为{name}补足计算机"
}
rule PC-002 "computers" {
  for school
  require pcs >= 1
}
rule NAME-001 "name" {
  for school
  require name == "plain"
  message "name {name}"
}
"#;

/// Rows whose text needs escaping in JSON: quotes, backslashes, tabs,
/// control characters, a newline inside a quoted cell, CJK; and values
/// missing or without a quotient.
const HOSTILE_CSV: &str = "id,name,students,pcs\n\
\"k\"\"1\",\"a \"\"quoted\"\" \\ name\twith tab\",100,1\n\
k2,\"two\nlines \u{1} ctl\",50,0\n\
k3\\,x,,\n\
\"中\u{7f}\",\"学校\u{1f}\",30,\n\
k5,plain,10,1\n";

#[test]
fn text_from_the_data_renders_the_same_in_parallel_and_in_every_language() {
    let pack = dudao::check::load_sources(vec![("p.dudao".into(), HOSTILE_PACK.into())])
        .unwrap_or_else(|e| panic!("{}", dudao::check::render_errors(&e, false)));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("schools.csv");
    std::fs::write(&path, HOSTILE_CSV).expect("writes the data");
    let data = path.to_string_lossy().into_owned();
    for lang in [Lang::En, Lang::Zh] {
        let mut serial = Json::new(false);
        run_on(&pack, &data, lang, 1, &mut serial);
        let serial = serial.reporter.into_inner();
        let value: serde_json::Value = serde_json::from_slice(&serial).expect("valid JSON");
        let diagnostics = value["diagnostics"].as_array().expect("diagnostics");
        assert!(diagnostics.len() >= 6, "{}", diagnostics.len());
        let messages: Vec<&str> = diagnostics
            .iter()
            .filter_map(|d| d["message"].as_str())
            .collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("a \"quoted\" \\ name\twith tab")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("two\nlines \u{1} ctl")),
            "{messages:?}"
        );
        for threads in [1, 2] {
            let mut parallel = Json::new(true);
            run_on(&pack, &data, lang, threads, &mut parallel);
            let parallel = parallel.reporter.into_inner();
            assert_eq!(
                String::from_utf8_lossy(&parallel),
                String::from_utf8_lossy(&serial),
                "{lang:?}, {threads} threads"
            );
        }
    }
}

/// Rules whose ids are not in the order they run, so that a record's
/// findings are found out of output order, and keys that repeat, so that
/// the reader's own findings fall between the rendered ones.
const UNORDERED_PACK: &str = r#"
record school {
  id: text, key, column "id"
  name: text, column "name"
  students: int, column "students"
  pcs: int, column "pcs"
}
rule Z-001 "z" {
  for school
  require pcs >= 1
  message "{name} has {pcs}"
}
rule A-001 "a" {
  for school
  require students < 500
}
rule M-001 "m" {
  for school
  require students / pcs <= 10
}
"#;

#[test]
fn findings_found_out_of_order_and_the_readers_own_are_ordered_as_built() {
    let pack = dudao::check::load_sources(vec![("p.dudao".into(), UNORDERED_PACK.into())])
        .unwrap_or_else(|e| panic!("{}", dudao::check::render_errors(&e, false)));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("schools.csv");
    // Over three chunks of records; every 700th key repeats an earlier one,
    // every 300th name spans two lines.
    let mut csv = String::from("id,name,students,pcs\n");
    for i in 0..3500u32 {
        let id = if i % 700 == 699 { i - 350 } else { i };
        let name = if i % 300 == 0 {
            format!("\"n{i}\nsecond line\"")
        } else {
            format!("n{i}")
        };
        csv.push_str(&format!("k{id},{name},{},{}\n", (i * 37) % 900, i % 13));
    }
    std::fs::write(&path, csv).expect("writes the data");
    let data = path.to_string_lossy().into_owned();
    let mut serial = Json::new(false);
    run_on(&pack, &data, Lang::En, 1, &mut serial);
    let serial = serial.reporter.into_inner();
    let value: serde_json::Value = serde_json::from_slice(&serial).expect("valid JSON");
    let rules: Vec<&str> = value["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(rules.len() > 3500, "{}", rules.len());
    assert!(rules.contains(&"schema/duplicate"), "{rules:?}");
    for threads in [1, 2] {
        let mut parallel = Json::new(true);
        run_on(&pack, &data, Lang::En, threads, &mut parallel);
        let parallel = parallel.reporter.into_inner();
        assert!(
            parallel == serial,
            "{threads} threads: the bytes differ from the serial rendering"
        );
    }
}
