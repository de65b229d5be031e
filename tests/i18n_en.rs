//! Issue #11, English side: everything the readers and the engine say by
//! themselves reads exactly as before the message catalogue (the snapshots
//! were taken before the refactor and must not change).

mod common;
mod i18n_inputs;

use dudao::i18n::Lang;
use i18n_inputs::{data_said, engine_said, lines};

#[test]
fn english_data_diagnostics_are_unchanged() {
    insta::assert_snapshot!("data_en", lines(&data_said(Lang::En)));
}

#[test]
fn english_engine_texts_are_unchanged() {
    insta::assert_snapshot!("engine_en", lines(&engine_said(Lang::En)));
}
