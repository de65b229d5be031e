//! The rule-language front end: parse and check any text, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Err(errors) = dudao::check::load_sources(vec![("fuzz.dudao".into(), text)]) {
        // Rendering reads every span: it must not panic either.
        let _ = dudao::check::render_errors(&errors, false);
    }
});
