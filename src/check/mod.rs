//! TODO: check
