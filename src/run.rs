//! The library's face for `dudao check`: expand the data paths, read every
//! file, evaluate, and stream findings to a reporter in output order.

use std::sync::mpsc;
use std::time::Instant;

use crate::compile::{Plan, Selection};
use crate::data::{self, Batch, DataFile, FileFormat, ReadOptions, Uniques};
use crate::diag::Summary;
use crate::eval::{Checker, Checks, Emitted, FileChecks};
use crate::model::Pack;
use crate::report::{Context, MakeRender, Reporter};
use crate::value::Date;

/// What to check and how.
#[derive(Clone, Debug)]
pub struct CheckRequest {
    /// DATA arguments: files, directories, globs.
    pub data: Vec<String>,
    pub read: ReadOptions,
    pub selection: Selection,
    pub as_of: Date,
}

/// How a run ended.
#[derive(Clone, Debug)]
pub struct CheckResult {
    pub summary: Summary,
    pub files: Vec<DataFile>,
    /// Some file could not be read: the run cannot be trusted (exit 2).
    pub unreadable: bool,
}

/// Checks the records in `request.data` against `pack`, streaming findings
/// to `reporter`. Fails (exit 2) when a DATA path matches nothing.
pub fn check(
    pack: &Pack,
    request: &CheckRequest,
    reporter: &mut dyn Reporter,
) -> Result<CheckResult, RunError> {
    let started = Instant::now();
    let paths = data::expand_paths(&request.data, request.read.lang).map_err(RunError::Paths)?;
    let plan = Plan::new(pack, &request.selection, request.as_of);
    let mut checks = Checks::new(pack, &plan);
    checks.set_lang(request.read.lang);
    checks.render_text(reporter.wants_text());
    checks.count_only(!reporter.wants_findings());
    if let Some(field) = reporter.breakdown_field() {
        checks.break_down_by(field);
    }
    let make_render = reporter.renderer();
    let mut checker = Checker::new(&checks);
    let mut files: Vec<DataFile> = Vec::with_capacity(paths.len());
    let mut unreadable = false;
    let mut io_error = None;
    // The reader runs on a thread of its own, a few batches ahead of the
    // engine, so that reading overlaps evaluating and reporting; where it
    // reads blocks of a file in parallel, it checks (and renders) their
    // records there too. Batches arrive in file order through one channel;
    // their buffers go back to the reader for reuse.
    let (to_engine, from_reader) = mpsc::sync_channel::<FromReader>(QUEUE);
    let (to_reader, spare) = mpsc::channel::<Batch>();
    std::thread::scope(|scope| {
        let paths = &paths;
        let reader = Reader {
            pack,
            request,
            checks: &checks,
            make_render,
        };
        scope.spawn(move || reader.read_all(paths, &to_engine, &spare));
        let mut excel = false;
        for message in from_reader {
            match message {
                FromReader::Start(path) => {
                    let file = DataFile::new(&path);
                    excel = file.format == FileFormat::Excel;
                    files.push(file);
                }
                FromReader::Batch(file, mut batch) => {
                    // Findings of this file are rendered with what is known of it.
                    if files.last() != Some(&file) {
                        files.pop();
                        files.push(file);
                    }
                    let cx = Context {
                        pack,
                        files: &files,
                        as_of: request.as_of,
                        lang: request.read.lang,
                    };
                    // Chunks render findings in parallel when the format can.
                    let render = make_render.map(|make| make(&cx));
                    let mut checked = checker.check_batch(&mut batch, excel, render.as_deref());
                    checked.emit(&mut |found| report(reporter, &cx, found, &mut io_error));
                    checker.recycle(checked);
                    // The reader may have finished: then the buffers are dropped.
                    let _ = to_reader.send(batch);
                }
                FromReader::Done(result) => {
                    unreadable |= result.unreadable;
                    files.pop();
                    files.push(result.file);
                }
            }
        }
    });
    let mut summary = {
        let cx = Context {
            pack,
            files: &files,
            as_of: request.as_of,
            lang: request.read.lang,
        };
        checker.finish(&mut |f| report(reporter, &cx, Emitted::Finding(f), &mut io_error))
    };
    if let Some(e) = io_error {
        return Err(RunError::Output(e));
    }
    summary.files = files.len() as u64;
    summary.elapsed_ms = started.elapsed().as_millis() as u64;
    let cx = Context {
        pack,
        files: &files,
        as_of: request.as_of,
        lang: request.read.lang,
    };
    reporter.finish(&cx, &summary).map_err(RunError::Output)?;
    Ok(CheckResult {
        summary,
        files,
        unreadable,
    })
}

/// Batches the reader may run ahead of the engine: enough to keep both
/// busy, few enough that memory stays flat (a batch is 4,096 records).
const QUEUE: usize = 4;

/// What the reader thread tells the engine, in file order.
enum FromReader {
    /// A file is about to be read.
    Start(String),
    /// A batch of records and data findings, with what is known of its file.
    Batch(DataFile, Batch),
    /// The file is read.
    Done(data::FileResult),
}

/// What the reader thread needs.
struct Reader<'a> {
    pack: &'a Pack,
    request: &'a CheckRequest,
    /// How records are checked where they are read.
    checks: &'a Checks<'a>,
    make_render: Option<MakeRender>,
}

impl Reader<'_> {
    /// Reads every file in order and sends its batches on, refilling
    /// buffers the engine has sent back.
    fn read_all(
        &self,
        paths: &[String],
        to_engine: &mpsc::SyncSender<FromReader>,
        spare: &mpsc::Receiver<Batch>,
    ) {
        let (pack, request) = (self.pack, self.request);
        let mut uniques = Uniques::new(pack);
        // The files as far as a renderer made here needs them (paths and
        // formats): findings name their file by its index.
        let mut files: Vec<DataFile> = Vec::with_capacity(paths.len());
        for (i, path) in paths.iter().enumerate() {
            if to_engine.send(FromReader::Start(path.clone())).is_err() {
                return;
            }
            files.push(DataFile::new(path));
            let cx = Context {
                pack,
                files: &files,
                as_of: request.as_of,
                lang: request.read.lang,
            };
            let render = self.make_render.map(|make| make(&cx));
            let precheck = FileChecks {
                checks: self.checks,
                render: render.as_deref(),
                excel: files[i].format == FileFormat::Excel,
            };
            let result = data::read_file(
                i as u32,
                path,
                pack,
                &request.read,
                &mut uniques,
                Some(&precheck),
                &mut |file, batch| {
                    // Hand the filled buffers over and keep reading into
                    // spare ones (the sink clears what it is left with).
                    let mut full = spare.try_recv().unwrap_or_default();
                    full.len = 0;
                    full.findings.clear();
                    full.checked.clear();
                    std::mem::swap(&mut full, batch);
                    batch.record_type = full.record_type;
                    let _ = to_engine.send(FromReader::Batch(file.clone(), full));
                },
            );
            if to_engine.send(FromReader::Done(result)).is_err() {
                return;
            }
        }
    }
}

/// Hands one finding, or the bytes of findings the engine rendered, to the
/// reporter, keeping the first write error (after which nothing more is
/// written).
fn report(
    reporter: &mut dyn Reporter,
    cx: &Context,
    found: Emitted<'_>,
    error: &mut Option<std::io::Error>,
) {
    if error.is_some() {
        return;
    }
    let written = match found {
        Emitted::Rendered(bytes) => reporter.rendered(cx, bytes),
        Emitted::Buffer(bytes) => reporter.rendered_buffer(cx, bytes),
        Emitted::Finding(finding) => reporter.finding(cx, finding),
    };
    if let Err(e) = written {
        *error = Some(e);
    }
}

/// Why a run could not produce a report.
#[derive(Debug)]
pub enum RunError {
    /// DATA paths that match nothing or cannot be listed.
    Paths(Vec<String>),
    /// Writing the report failed.
    Output(std::io::Error),
}
