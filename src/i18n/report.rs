//! Catalogue entries of `report`.

crate::messages! {}
