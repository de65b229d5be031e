//! Catalogue entries of `eval`.

crate::messages! {}
