//! Where a report goes: stdout, or a file written to a temporary name and
//! renamed into place, so no reader ever sees half a report. dudao never
//! writes over one of its own input files.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::escape::escape;
use crate::i18n::{Lang, report as msg};
use crate::t;

/// Bytes a report file collects before it writes: a large JSON report is
/// hundreds of MB, and 8 KB writes cost a system call each on the writer's
/// thread. (Stdout keeps the usual 8 KB, so a terminal sees diagnostics as
/// they come.)
const BUFFER: usize = 1 << 20;

/// An open report destination.
pub enum Output {
    Stdout(BufWriter<io::Stdout>),
    File {
        temp: BufWriter<NamedTempFile>,
        path: PathBuf,
    },
}

impl Output {
    /// Opens the destination; refuses a path that is one of the DATA
    /// inputs (or a file found under them). The error says why, in `lang`.
    pub fn open(path: Option<&Path>, inputs: &[String], lang: Lang) -> Result<Output, String> {
        let Some(path) = path else {
            return Ok(Output::Stdout(BufWriter::new(io::stdout())));
        };
        if is_input(path, inputs) {
            let path = escape(&path.to_string_lossy()).into_owned();
            return Err(t!(lang, msg::OUTPUT_IS_INPUT, path = path));
        }
        Output::create(path).map_err(|e| {
            t!(
                lang,
                msg::OUTPUT_CANNOT_CREATE,
                dir = escape(&directory(path).to_string_lossy()),
                error = e
            )
        })
    }

    /// A file destination: a temporary file beside `path`.
    fn create(path: &Path) -> io::Result<Output> {
        let temp = NamedTempFile::new_in(directory(path))?;
        Ok(Output::File {
            temp: BufWriter::with_capacity(BUFFER, temp),
            path: path.to_owned(),
        })
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(w) => w,
            Output::File { temp, .. } => temp,
        }
    }

    /// Flushes, and moves a file report into place.
    pub fn commit(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut w) => match w.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            },
            Output::File { temp, path } => {
                let temp = temp.into_inner().map_err(|e| e.into_error())?;
                // A temporary file is private (0600); a report is not.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    temp.as_file()
                        .set_permissions(fs::Permissions::from_mode(0o644))?;
                }
                temp.persist(&path).map(|_| ()).map_err(|e| e.error)
            }
        }
    }
}

/// Writes bytes to `path` through a temporary file and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut out = Output::create(path)?;
    out.writer().write_all(bytes)?;
    out.commit()
}

/// The directory a file at `path` goes into.
fn directory(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Whether `path` names an input file, directly or under an input directory.
fn is_input(path: &Path, inputs: &[String]) -> bool {
    let Ok(target) = fs::canonicalize(path) else {
        return false; // a file that does not exist yet is no input
    };
    let expanded = crate::data::expand_paths(inputs, crate::i18n::Lang::En).unwrap_or_default();
    inputs
        .iter()
        .chain(expanded.iter())
        .filter_map(|p| fs::canonicalize(p).ok())
        .any(|p| p == target)
}
