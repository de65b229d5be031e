//! Catalogue entries of `data`.

crate::messages! {}
