//! The JSON and JSON Lines readers; the first byte picks which.
#![no_main]

#[path = "common.rs"]
mod common;

use dudao::data::ReadOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let name = if mode & 1 == 0 { "data.json" } else { "data.jsonl" };
    let _ = common::read_as(name, bytes, &ReadOptions::default());
});
