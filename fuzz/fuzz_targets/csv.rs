//! The CSV reader with encodings and value reading; the first byte picks
//! the options (delimiter, forced encoding).
#![no_main]

#[path = "common.rs"]
mod common;

use dudao::data::{Encoding, ReadOptions};
use dudao::i18n::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let options = ReadOptions {
        encoding: match mode & 3 {
            1 => Some(Encoding::Utf8),
            2 => Some(Encoding::Gb18030),
            _ => None,
        },
        delimiter: (mode & 4 != 0).then_some(b'\t'),
        record_type: (mode & 8 != 0).then_some(0),
        lang: if mode & 32 != 0 { Lang::Zh } else { Lang::En },
    };
    let name = if mode & 16 != 0 { "data.txt" } else { "data.csv" };
    let _ = common::read_as(name, bytes, &options);
});
