//! Catalogue entries of `cli`.

crate::messages! {}
