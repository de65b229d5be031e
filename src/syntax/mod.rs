//! Text → syntax tree. Parsing never stops at the first error: it returns a
//! module and every error it found, recovering at the next item keyword.

pub mod ast;
