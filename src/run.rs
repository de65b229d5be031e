//! The library's face for `dudao check`: expand the data paths, read every
//! file, evaluate, and stream findings to a reporter in output order.

use std::time::Instant;

use crate::compile::{Plan, Selection};
use crate::data::{self, DataFile, FileFormat, ReadOptions, Uniques};
use crate::diag::{Finding, Summary};
use crate::eval::Checker;
use crate::model::Pack;
use crate::report::{Context, Reporter};
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
    let paths = data::expand_paths(&request.data).map_err(RunError::Paths)?;
    let plan = Plan::new(pack, &request.selection, request.as_of);
    let mut checker = Checker::new(pack, &plan);
    let mut uniques = Uniques::new(pack);
    let mut files: Vec<DataFile> = Vec::with_capacity(paths.len());
    let mut unreadable = false;
    let mut io_error = None;
    for (i, path) in paths.iter().enumerate() {
        let excel = data::format_of(path) == Some(FileFormat::Excel);
        files.push(DataFile {
            path: path.clone(),
            format: data::format_of(path).unwrap_or(FileFormat::Csv),
            record_type: None,
            records: 0,
            encoding: None,
            sheets: Vec::new(),
        });
        let result = data::read_file(
            i as u32,
            path,
            pack,
            &request.read,
            &mut uniques,
            &mut |file, batch| {
                // Findings of this file are rendered with what is known of it.
                if files.last() != Some(file) {
                    files.pop();
                    files.push(file.clone());
                }
                let cx = Context {
                    pack,
                    files: &files,
                    as_of: request.as_of,
                };
                checker.check_batch(batch, excel, &mut |f| {
                    report(reporter, &cx, f, &mut io_error)
                });
            },
        );
        unreadable |= result.unreadable;
        files.pop();
        files.push(result.file);
    }
    let mut summary = {
        let cx = Context {
            pack,
            files: &files,
            as_of: request.as_of,
        };
        checker.finish(&mut |f| report(reporter, &cx, f, &mut io_error))
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
    };
    reporter.finish(&cx, &summary).map_err(RunError::Output)?;
    Ok(CheckResult {
        summary,
        files,
        unreadable,
    })
}

/// Hands one finding to the reporter, keeping the first write error (after
/// which nothing more is written).
fn report(
    reporter: &mut dyn Reporter,
    cx: &Context,
    finding: &Finding,
    error: &mut Option<std::io::Error>,
) {
    if error.is_none()
        && let Err(e) = reporter.finding(cx, finding)
    {
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
