//! The JSON report's diagnostics are rendered in the engine's chunks, in
//! parallel: the bytes are the same as rendering each finding on the
//! writer's thread, and the same for any number of threads.

use dudao::diag::{Finding, Summary};
use dudao::report::json::JsonReporter;
use dudao::report::{Context, Reporter};
use dudao::run::CheckRequest;
use dudao::value::Date;

/// The JSON reporter without its renderer: every finding is written by
/// `finding`, on the writer's thread.
struct Serial(JsonReporter<Vec<u8>>);

impl Reporter for Serial {
    fn finding(&mut self, cx: &Context, f: &Finding) -> std::io::Result<()> {
        self.0.finding(cx, f)
    }
    fn finish(&mut self, cx: &Context, s: &Summary) -> std::io::Result<()> {
        self.0.finish(
            cx,
            &Summary {
                elapsed_ms: 0,
                ..s.clone()
            },
        )
    }
}

/// The JSON reporter with its renderer, `elapsed_ms` zeroed.
struct Parallel(JsonReporter<Vec<u8>>);

impl Reporter for Parallel {
    fn finding(&mut self, cx: &Context, f: &Finding) -> std::io::Result<()> {
        self.0.finding(cx, f)
    }
    fn finish(&mut self, cx: &Context, s: &Summary) -> std::io::Result<()> {
        self.0.finish(
            cx,
            &Summary {
                elapsed_ms: 0,
                ..s.clone()
            },
        )
    }
    fn renderer<'c>(&self, cx: &'c Context<'c>) -> Option<Box<dyn dudao::diag::Render + 'c>> {
        self.0.renderer(cx)
    }
    fn rendered(&mut self, cx: &Context, f: &Finding, bytes: &[u8]) -> std::io::Result<()> {
        self.0.rendered(cx, f, bytes)
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
    let mut serial = Serial(JsonReporter::new(Vec::new()));
    run(1, &mut serial);
    let serial = serial.0.into_inner();
    let value: serde_json::Value = serde_json::from_slice(&serial).expect("valid JSON");
    let diagnostics = value["diagnostics"].as_array().expect("diagnostics");
    assert!(diagnostics.len() > 1000, "{}", diagnostics.len());
    for threads in [1, 2, 3] {
        let mut parallel = Parallel(JsonReporter::new(Vec::new()));
        run(threads, &mut parallel);
        let parallel = parallel.0.into_inner();
        assert!(
            parallel == serial,
            "{threads} threads: the bytes differ from the serial rendering"
        );
    }
}
