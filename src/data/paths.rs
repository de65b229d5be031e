//! DATA arguments → data files (DATA.md "Formats"): files, directories (every
//! supported file below, recursively) and glob patterns, expanded by dudao
//! itself so quoting works the same on every shell.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};

use crate::data::FileFormat;
use crate::data::naming::io_reason;
use crate::i18n::{Lang, data as m};

/// A DATA argument that gave no files, or a path that could not be listed.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PathError {
    /// The argument as given.
    input: String,
    message: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Printed straight to the terminal: a path may hold controls.
        let escape = crate::escape::escape;
        write!(f, "{}: {}", escape(&self.input), escape(&self.message))
    }
}

/// Whether an argument is a glob pattern rather than a plain path.
fn is_pattern(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Expands DATA arguments into files, sorted by path and deduplicated
/// (`a.csv` and `./a.csv` are one file; the first spelling is kept); paths
/// stay as given (relative stays relative). A file named directly is kept
/// whatever its extension; directories and patterns contribute only
/// supported files. Directories are walked recursively, following symbolic
/// links but never into a directory twice. Every argument that matches
/// nothing, and every path a pattern or directory walk could not read, is an
/// error: the errors are messages of the form `ARGUMENT: what went wrong`,
/// in `lang`.
pub fn expand_paths(inputs: &[String], lang: Lang) -> Result<Vec<String>, Vec<String>> {
    let mut found = Found {
        lang,
        ..Found::default()
    };
    for input in inputs {
        found.found_for_input = 0;
        let errors_before = found.errors.len();
        let mut matched_any = false;
        let path = Path::new(input);
        if path.is_file() {
            found.add(input.clone());
            continue;
        }
        if path.is_dir() {
            found.walk(path, input);
            matched_any = true;
        } else if is_pattern(input) {
            let options = glob::MatchOptions {
                case_sensitive: true,
                require_literal_separator: true,
                require_literal_leading_dot: false,
            };
            match glob::glob_with(input, options) {
                Ok(paths) => {
                    for entry in paths {
                        match entry {
                            Ok(p) => {
                                matched_any = true;
                                if p.is_dir() {
                                    found.walk(&p, input);
                                } else if is_supported(&p) {
                                    found.add(p.to_string_lossy().into_owned());
                                }
                            }
                            Err(e) => {
                                let message = crate::t!(
                                    lang,
                                    m::PATH_CANNOT_READ,
                                    path = e.path().display(),
                                    error = io_reason(lang, e.error())
                                );
                                found.error(input, message);
                            }
                        }
                    }
                }
                Err(e) => found.error(input, crate::t!(lang, m::PATH_BAD_PATTERN, error = e.msg)),
            }
        } else {
            found.error(input, not_a_file(lang, path));
            continue;
        }
        if found.found_for_input == 0 && found.errors.len() == errors_before {
            let what = if matched_any {
                m::PATH_NO_DATA_FILE
            } else {
                m::PATH_NO_MATCH
            };
            found.error(input, crate::t!(lang, what));
        }
    }
    if found.errors.is_empty() {
        Ok(found.files.into_iter().collect())
    } else {
        Err(found.errors.iter().map(PathError::to_string).collect())
    }
}

/// What the arguments expanded to so far.
#[derive(Default)]
struct Found {
    files: BTreeSet<String>,
    /// Files by their path without `.` components, for deduplication.
    seen: HashSet<PathBuf>,
    /// Directories walked, canonical, so links cannot loop.
    walked: HashSet<PathBuf>,
    /// Files the current argument matched (new or not).
    found_for_input: usize,
    errors: Vec<PathError>,
    /// The language of the errors.
    lang: Lang,
}

impl Found {
    fn add(&mut self, path: String) {
        self.found_for_input += 1;
        let key: PathBuf = Path::new(&path)
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect();
        if self.seen.insert(key) {
            self.files.insert(path);
        }
    }

    fn error(&mut self, input: &str, message: String) {
        self.errors.push(PathError {
            input: input.to_string(),
            message,
        });
    }

    /// `dir` could not be listed.
    fn cannot_read(&mut self, input: &str, dir: &Path, e: &std::io::Error) {
        let lang = self.lang;
        let message = crate::t!(
            lang,
            m::PATH_CANNOT_READ,
            path = dir.display(),
            error = io_reason(lang, e)
        );
        self.error(input, message);
    }

    /// Every supported file below `dir`, recursively.
    fn walk(&mut self, dir: &Path, input: &str) {
        if let Ok(canonical) = dir.canonicalize()
            && !self.walked.insert(canonical)
        {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.cannot_read(input, dir, &e);
                return;
            }
        };
        for entry in entries {
            match entry {
                Ok(entry) => {
                    let p = entry.path();
                    if p.is_dir() {
                        self.walk(&p, input);
                    } else if is_supported(&p) {
                        if p.is_file() {
                            self.add(p.to_string_lossy().into_owned());
                        } else {
                            // A FIFO would block the run forever; a dangling
                            // link or a link loop cannot be read.
                            let why = not_a_file(self.lang, &p);
                            self.error(input, format!("{}: {why}", p.display()));
                        }
                    }
                }
                Err(e) => self.cannot_read(input, dir, &e),
            }
        }
    }
}

/// Why a path that is neither a file nor a directory cannot be read: it
/// does not exist, cannot be looked at (a symbolic-link loop, a permission),
/// or is a FIFO, socket or device, which dudao never opens (a FIFO would
/// block the run).
fn not_a_file(lang: Lang, path: &Path) -> String {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => crate::t!(lang, m::PATH_NOT_FOUND),
        Err(e) => crate::t!(lang, m::PATH_UNREADABLE, error = io_reason(lang, &e)),
        Ok(_) => crate::t!(lang, m::PATH_NOT_REGULAR),
    }
}

fn is_supported(p: &Path) -> bool {
    p.to_str().and_then(FileFormat::from_path).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        for f in [
            "a/x.csv",
            "a/b/y.xlsx",
            "a/b/notes.md",
            "a/z.json",
            "top.tsv",
        ] {
            std::fs::write(root.join(f), "h\n").unwrap();
        }
        dir
    }

    #[test]
    fn directories_recurse_and_keep_supported_files() {
        let dir = setup();
        let root = dir.path().to_string_lossy().into_owned();
        let got = expand_paths(&[format!("{root}/a")], Lang::En).unwrap();
        let want: Vec<String> = ["a/b/y.xlsx", "a/x.csv", "a/z.json"]
            .iter()
            .map(|f| format!("{root}/{f}"))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn globs_sort_deduplicate_and_star_stays_in_one_directory() {
        let dir = setup();
        let root = dir.path().to_string_lossy().into_owned();
        let got = expand_paths(
            &[
                format!("{root}/a/*.csv"),
                format!("{root}/a/x.csv"),
                format!("{root}/*"),
            ],
            Lang::En,
        )
        .unwrap();
        // `*` does not cross `/`; `{root}/*` includes the directory `a`,
        // walked recursively, and `top.tsv`.
        let want: Vec<String> = ["a/b/y.xlsx", "a/x.csv", "a/z.json", "top.tsv"]
            .iter()
            .map(|f| format!("{root}/{f}"))
            .collect();
        assert_eq!(got, want);
        let recursive = expand_paths(&[format!("{root}/**/*.xlsx")], Lang::En).unwrap();
        assert_eq!(recursive, vec![format!("{root}/a/b/y.xlsx")]);
    }

    #[test]
    fn unmatched_paths_and_patterns_are_errors() {
        let dir = setup();
        let root = dir.path().to_string_lossy().into_owned();
        let errs = expand_paths(
            &[
                format!("{root}/missing.csv"),
                format!("{root}/*.nothing"),
                format!("{root}/a/x.csv"),
            ],
            Lang::En,
        )
        .unwrap_err();
        assert_eq!(
            errs,
            vec![
                format!("{root}/missing.csv: no such file or directory"),
                format!("{root}/*.nothing: matches nothing"),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn one_file_spelled_twice_is_read_once_and_links_do_not_loop() {
        let dir = setup();
        let root = dir.path().to_string_lossy().into_owned();
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("a/b/loop")).unwrap();
        let got = expand_paths(
            &[
                format!("{root}/a/x.csv"),
                format!("{root}/./a/x.csv"),
                format!("{root}/a"),
            ],
            Lang::En,
        )
        .unwrap();
        let want: Vec<String> = ["a/b/y.xlsx", "a/x.csv", "a/z.json"]
            .iter()
            .map(|f| format!("{root}/{f}"))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn relative_paths_stay_relative() {
        let dir = setup();
        let cwd = std::env::current_dir().unwrap();
        // Build a relative path from the current directory to the temp dir.
        let rel = pathdiff(dir.path(), &cwd);
        let got = expand_paths(&[format!("{rel}/top.tsv")], Lang::En).unwrap();
        assert_eq!(got, vec![format!("{rel}/top.tsv")]);
        assert!(!got[0].starts_with('/'));
    }

    /// `path` relative to `base` (both absolute), with `..` steps.
    fn pathdiff(path: &Path, base: &Path) -> String {
        let p: Vec<_> = path.components().collect();
        let b: Vec<_> = base.components().collect();
        let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let mut parts: Vec<String> = vec!["..".into(); b.len() - common];
        parts.extend(
            p[common..]
                .iter()
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        );
        parts.join("/")
    }
}
