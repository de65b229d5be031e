//! Every input that once crashed, hung or exhausted dudao, kept in
//! `tests/hostile/regressions/`: the binary must end each run cleanly —
//! exit 0, 1 or 2 with its diagnostics, never a panic ("error[internal]"),
//! a signal or a hang. `rules-*.dudao` files are loaded as packs (`dudao
//! rules`); any other file is checked as data against the fuzz targets' pack.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../fuzz/fuzz_targets/common.rs"]
#[allow(dead_code)]
mod common;

const DIR: &str = "tests/hostile/regressions";

/// Runs dudao, failing after 60 s; returns (exit code, stdout, stderr).
fn dudao(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = dir.join(".out");
    let err = dir.join(".err");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .env("LC_ALL", "C")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dudao {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (
        status
            .code()
            .unwrap_or_else(|| panic!("dudao {args:?}: {status}")),
        std::fs::read_to_string(out).unwrap_or_default(),
        std::fs::read_to_string(err).unwrap_or_default(),
    )
}

#[test]
fn every_kept_input_ends_cleanly() {
    let mut inputs: Vec<_> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no regression inputs in {DIR}");
    for input in inputs {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(&input, dir.path().join(&name)).unwrap();
        std::fs::write(dir.path().join("pack.dudao"), common::PACK).unwrap();
        let (code, out, err) = if name.starts_with("rules-") {
            dudao(dir.path(), &["rules", "-r", &name])
        } else {
            dudao(
                dir.path(),
                &["check", "-r", "pack.dudao", "--format", "json", &name],
            )
        };
        assert!(
            (0..=2).contains(&code) && !err.contains("error[internal]"),
            "{name}: exit {code}: {err}"
        );
        if !name.starts_with("rules-") {
            let json: serde_json::Value = serde_json::from_str(&out)
                .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {err}"));
            assert_eq!(json["summary"]["files"], 1, "{name}");
        }
    }
}

/// The first kept input: a workbook whose two cells, `A1` and `XFD1048576`,
/// made calamine allocate 17 billion cells before dudao's sheet-area limit.
#[test]
fn far_apart_cells_are_refused_by_the_sheet_area_limit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(DIR).join("far-apart-cells.xlsx"),
        dir.path().join("far.xlsx"),
    )
    .unwrap();
    std::fs::write(dir.path().join("pack.dudao"), common::PACK).unwrap();
    let (code, out, _) = dudao(
        dir.path(),
        &["check", "-r", "pack.dudao", "--format", "json", "far.xlsx"],
    );
    assert_eq!(code, 2);
    assert!(
        out.contains("more than the limit of 8388608 cells per sheet"),
        "{out}"
    );
}
