//! Catalogue entries of `load`.

crate::messages! {}
