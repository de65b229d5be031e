//! `-r/--rules` inputs → rule files: plain files, directories (every
//! `.dudao` file below, recursively) and glob patterns, expanded by dudao
//! itself so that quoting works the same on every shell.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use glob::MatchOptions;

use super::error::{Errors, LoadError, io_reason};
use crate::i18n::load;
use crate::t;

/// The extension of rule files.
const EXTENSION: &str = "dudao";

/// Reads every rule file the inputs name, as (name, text) in sorted order
/// without repeats. Names are the paths as given or expanded (relative stays
/// relative). Inputs that match nothing and files that cannot be read are
/// errors; the files that could be read are still returned.
pub fn read_inputs(inputs: &[String], errors: &mut Errors) -> Vec<(String, String)> {
    let mut paths = BTreeSet::new();
    for input in inputs {
        expand(input, &mut paths, errors);
    }
    let mut files = Vec::new();
    for path in paths {
        let name = path.to_string_lossy().into_owned();
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push((name, text)),
                Err(_) => errors.push(
                    LoadError::path(name, t!(errors.lang, load::NOT_UTF8))
                        .with_help(t!(errors.lang, load::NOT_UTF8_HELP)),
                ),
            },
            Err(e) => errors.push(LoadError::path(
                name,
                t!(
                    errors.lang,
                    load::CANNOT_READ_FILE,
                    error = io_reason(errors.lang, &e)
                ),
            )),
        }
    }
    files
}

/// Adds the files one input names.
fn expand(input: &str, paths: &mut BTreeSet<PathBuf>, errors: &mut Errors) {
    let path = Path::new(input);
    if path.is_file() {
        paths.insert(path.to_path_buf());
    } else if path.is_dir() {
        let before = paths.len();
        walk_dir(path, paths, errors);
        if paths.len() == before {
            errors.push(LoadError::path(input, t!(errors.lang, load::NO_RULE_FILES)));
        }
    } else if is_pattern(input) {
        expand_glob(input, paths, errors);
    } else {
        errors.push(LoadError::path(input, t!(errors.lang, load::NO_SUCH_PATH)));
    }
}

fn is_pattern(input: &str) -> bool {
    input.contains(['*', '?', '['])
}

/// Adds the files a glob pattern matches; `*` does not cross `/`, `**` does.
fn expand_glob(pattern: &str, paths: &mut BTreeSet<PathBuf>, errors: &mut Errors) {
    let options = MatchOptions {
        require_literal_separator: true,
        ..MatchOptions::new()
    };
    let entries = match glob::glob_with(pattern, options) {
        Ok(entries) => entries,
        Err(e) => {
            let reason = match e.msg {
                "wildcards are either regular `*` or recursive `**`" => {
                    t!(errors.lang, load::GLOB_WILDCARDS)
                }
                "recursive wildcards must form a single path component" => {
                    t!(errors.lang, load::GLOB_RECURSIVE)
                }
                "invalid range pattern" => t!(errors.lang, load::GLOB_RANGE),
                other => other.to_owned(),
            };
            errors.push(LoadError::path(
                pattern,
                t!(errors.lang, load::BAD_GLOB, pos = e.pos, reason = reason),
            ));
            return;
        }
    };
    let mut matched = false;
    for entry in entries {
        matched = true;
        match entry {
            Ok(path) if path.is_dir() => walk_dir(&path, paths, errors),
            Ok(path) => {
                paths.insert(path);
            }
            Err(e) => errors.push(LoadError::path(
                e.path().to_string_lossy(),
                t!(
                    errors.lang,
                    load::CANNOT_READ,
                    error = io_reason(errors.lang, e.error())
                ),
            )),
        }
    }
    if !matched {
        errors.push(LoadError::path(
            pattern,
            t!(errors.lang, load::PATTERN_MATCHES_NOTHING),
        ));
    }
}

/// Adds every `.dudao` file below `dir`, iteratively (no recursion), never
/// entering one directory twice (symbolic link loops).
fn walk_dir(dir: &Path, paths: &mut BTreeSet<PathBuf>, errors: &mut Errors) {
    let mut seen = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if let Ok(real) = dir.canonicalize()
            && !seen.insert(real)
        {
            continue;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                let name = dir.to_string_lossy().into_owned();
                errors.push(LoadError::path(
                    name,
                    t!(
                        errors.lang,
                        load::CANNOT_READ_DIR,
                        error = io_reason(errors.lang, &e)
                    ),
                ));
                continue;
            }
        };
        for entry in entries {
            match entry {
                Ok(entry) => {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == EXTENSION) {
                        paths.insert(path);
                    }
                }
                Err(e) => {
                    let name = dir.to_string_lossy().into_owned();
                    errors.push(LoadError::path(
                        name,
                        t!(
                            errors.lang,
                            load::CANNOT_READ_DIR,
                            error = io_reason(errors.lang, &e)
                        ),
                    ));
                }
            }
        }
    }
}
