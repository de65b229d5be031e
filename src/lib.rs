//! dudao (督导): a compliance checker for education data.
//!
//! A rule pack written in the dudao rule language states what a plan
//! requires; dudao checks school- and county-level records against it the
//! way a compiler checks code. The data flows one way:
//!
//! ```text
//! syntax   text → AST with spans (nom)
//! check    AST → resolved, typed Pack; load diagnostics with suggestions
//! compile  Pack → evaluation form (slots, accumulators)
//! data     paths, encodings, CSV/JSON/XLSX → typed records
//! eval     records → findings (rayon)
//! report   findings → human, JSON, SARIF, JUnit, GitHub, Markdown, HTML
//! ```

pub mod builtin;
pub mod check;
pub mod compile;
pub mod data;
pub mod diag;
pub mod escape;
pub mod eval;
pub mod i18n;
pub mod model;
pub mod report;
pub mod run;
pub mod source;
pub mod syntax;
pub mod value;
