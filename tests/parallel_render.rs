//! The JSON report's diagnostics are rendered in the engine's chunks, in
//! parallel: the bytes are the same as rendering each finding on the
//! writer's thread, and the same for any number of threads.

use dudao::diag::{Finding, Summary};
use dudao::report::json::JsonReporter;
use dudao::report::{Context, Reporter};
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
    fn renderer<'c>(&self, cx: &'c Context<'c>) -> Option<Box<dyn dudao::diag::Render + 'c>> {
        if self.parallel {
            self.reporter.renderer(cx)
        } else {
            None
        }
    }
    fn rendered(&mut self, cx: &Context, f: &Finding, bytes: &[u8]) -> std::io::Result<()> {
        self.reporter.rendered(cx, f, bytes)
    }
}

fn run<R: Reporter + Send>(threads: usize, reporter: &mut R) {
    let pack = dudao::check::load_paths(&["rules/guigang".to_string()])
        .unwrap_or_else(|e| panic!("{}", dudao::check::render_errors(&e, false)));
    let request = CheckRequest {
        data: vec!["fixtures".to_string()],
        read: Default::default(),
        selection: Default::default(),
        as_of: Date::from_ymd(2023, 6, 1).expect("a date"),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    pool.install(|| dudao::run::check(&pack, &request, reporter))
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
