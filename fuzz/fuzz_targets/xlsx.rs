//! The Excel reader (calamine under dudao's guards) on any bytes. Seed the
//! corpus with real workbooks (`dudao template -o seed.xlsx`) so that the
//! fuzzer starts inside valid zip archives.
#![no_main]

#[path = "common.rs"]
mod common;

use dudao::data::ReadOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = common::read_as("data.xlsx", data, &ReadOptions::default());
});
