//! Reading speed on a generated ~100 MB CSV (ignored: run it on purpose,
//! in release mode, under `/usr/bin/time -v` for the peak memory):
//!
//! ```text
//! cargo test --release --test data_speed -- --ignored --nocapture
//! ```

mod common;

use std::io::Write;
use std::time::Instant;

use dudao::data::{Batch, ReadOptions, Uniques, read_file};

#[test]
#[ignore]
fn read_a_hundred_megabytes() {
    measure(&common::pack());
}

/// The same without `unique`/`key` fields: memory that does not grow with
/// the data.
#[test]
#[ignore]
fn read_a_hundred_megabytes_without_unique_fields() {
    let mut pack = common::pack();
    for f in &mut pack.records[0].fields {
        f.unique = false;
    }
    measure(&pack);
}

fn measure(pack: &dudao::model::Pack) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(
        out,
        "学校标识码,学校名称,学段,在校生数,达标率,是否寄宿,建校日期,出口带宽,校舍面积,资产,得分"
    )
    .unwrap();
    let mut i: u64 = 0;
    let mut written: u64 = 0;
    while written < 100_000_000 {
        let line = format!(
            "{},\"港北区第{}小学\",小学,\"1,{:03}\",{}%,是,2020-09-01,{}M,{}㎡,{}万元,{}.5\n",
            2_145_000_000 + i,
            i,
            i % 1000,
            i % 100,
            100 + i % 900,
            1000 + i % 5000,
            i % 300,
            i % 100
        );
        out.write_all(line.as_bytes()).unwrap();
        written += line.len() as u64;
        i += 1;
    }
    out.flush().unwrap();
    drop(out);
    let mut uniques = Uniques::new(pack);
    let mut records = 0u64;
    let mut findings = 0u64;
    let start = Instant::now();
    let result = read_file(
        0,
        path.to_str().unwrap(),
        pack,
        &ReadOptions::default(),
        &mut uniques,
        None,
        &mut |_, b: &mut Batch| {
            records += b.len as u64;
            findings += b.findings.len() as u64;
        },
    );
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(records, i);
    assert_eq!(result.file.records, i);
    assert_eq!(findings, 0);
    println!(
        "read {records} records, {:.1} MB in {secs:.2}s: {:.1} MB/s",
        written as f64 / 1e6,
        written as f64 / 1e6 / secs
    );
}
