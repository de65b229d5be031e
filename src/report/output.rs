//! Where a report goes: stdout, or a file written to a temporary name and
//! renamed into place, so no reader ever sees half a report. dudao never
//! writes over one of its own input files. A file is written on a thread of
//! its own, so the kernel's copying never holds up the engine, and a report
//! already at the path is removed on another while the run goes on.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use tempfile::NamedTempFile;

use crate::escape::escape;
use crate::i18n::{Lang, report as msg};
use crate::t;

/// Bytes a report file collects before it writes: a large JSON report is
/// hundreds of MB, and 8 KB writes cost a system call each. (Stdout keeps
/// the usual 8 KB, so a terminal sees diagnostics as they come.)
const BUFFER: usize = 1 << 20;

/// Full buffers that may wait for the file's writer thread.
const BUFFERS_IN_FLIGHT: usize = 2;

/// Buffers at least this long that are offered whole
/// ([`ReportWrite::write_buffer`]) go to a file's writer thread as they
/// are; shorter ones are copied into the current buffer.
const HAND_OVER_AT: usize = 64 << 10;

/// A report's writer, which can also take a whole buffer of bytes: a file
/// written on a thread of its own ([`Background`]) sends the buffer to that
/// thread as it is instead of copying it (a JSON report's rendered chunks,
/// hundreds of MB in all, were copied on the main thread), and gives an
/// emptied buffer back in its place. Anything else copies.
pub trait ReportWrite: Write {
    /// Writes all of `bytes`, like `write_all`. May take the buffer,
    /// leaving another one in its place: empty, of any capacity, for the
    /// caller to reuse. Without a failure, the bytes go out in the order
    /// of the writes, and the buffer taken is written before anything
    /// written after it.
    fn write_buffer(&mut self, bytes: &mut Vec<u8>) -> io::Result<()> {
        self.write_all(bytes)
    }
}

impl ReportWrite for Vec<u8> {}
impl ReportWrite for fs::File {}
impl ReportWrite for io::Stdout {}
impl<W: Write> ReportWrite for BufWriter<W> {}

impl<W: ReportWrite + ?Sized> ReportWrite for &mut W {
    fn write_buffer(&mut self, bytes: &mut Vec<u8>) -> io::Result<()> {
        (**self).write_buffer(bytes)
    }
}

/// An open report destination.
pub enum Output {
    Stdout(BufWriter<io::Stdout>),
    File {
        temp: Background,
        path: PathBuf,
        old: OldReport,
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

    /// A file destination: a temporary file beside `path`; a report
    /// already at `path` is moved aside and removed ([`OldReport`]).
    fn create(path: &Path) -> io::Result<Output> {
        let temp = NamedTempFile::new_in(directory(path))?;
        Ok(Output::File {
            temp: Background::new(temp),
            path: path.to_owned(),
            old: OldReport::remove(path),
        })
    }

    /// Where the report's bytes go.
    pub fn writer(&mut self) -> &mut dyn ReportWrite {
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
            Output::File { temp, path, old } => {
                let temp = temp.finish()?;
                // A temporary file is private (0600); a report is not.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    temp.as_file()
                        .set_permissions(fs::Permissions::from_mode(0o644))?;
                }
                temp.persist(&path).map_err(|e| e.error)?;
                drop(old);
                Ok(())
            }
        }
    }
}

/// A report that was at the path when the run began, moved aside into a
/// fresh temporary directory at once and removed by a thread of its own
/// while the new report is written; dropping it waits for that thread.
/// Removing a large file is slow even when the CPU is idle (0.23 s for an
/// 828 MB report on an ext4 mounted with `discard`, measured with strace),
/// and waiting for it at the end of the run lengthened a 1,000,000-record
/// JSON run by as much. (Renaming the new report over the old one instead
/// makes ext4's `auto_da_alloc` write the new file out at once: 0.49 s.)
/// So from the start of a run `path` holds no report until the new one is
/// renamed in: a failed run leaves none, neither half a report nor the one
/// of an earlier run that could pass for its own.
#[derive(Debug)]
pub struct OldReport(Option<JoinHandle<()>>);

impl OldReport {
    /// Moves the regular file at `path`, if any, aside and starts removing
    /// it. Anything else at `path` (nothing, a directory, a file not ours
    /// to move) is left for the final rename to replace or fail on.
    fn remove(path: &Path) -> OldReport {
        if !fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file()) {
            return OldReport(None);
        }
        let Ok(aside) = tempfile::Builder::new()
            .prefix(".dudao-old")
            .tempdir_in(directory(path))
        else {
            return OldReport(None);
        };
        if fs::rename(path, aside.path().join("report")).is_err() {
            return OldReport(None); // `aside` is removed, empty
        }
        // Without a thread, the directory (and the report) is removed now.
        let removal = std::thread::Builder::new()
            .name("remove old report".into())
            .spawn(move || drop(aside));
        OldReport(removal.ok())
    }
}

impl Drop for OldReport {
    fn drop(&mut self) {
        if let Some(thread) = self.0.take() {
            let _ = thread.join();
        }
    }
}

/// A temporary file written by a thread of its own: writes fill a buffer
/// of [`BUFFER`] bytes, which goes to the thread when full (at most
/// [`BUFFERS_IN_FLIGHT`] wait) and comes back empty for reuse; a large
/// buffer offered whole ([`ReportWrite::write_buffer`]) goes as it is,
/// after what was buffered before it, and a spare buffer takes its place.
/// `flush` hands the buffer over without waiting; [`Background::finish`]
/// waits for every byte. The first write error stops the thread and is
/// returned by every later write.
pub struct Background<F: Write + Send + 'static = NamedTempFile> {
    buf: Vec<u8>,
    full: Option<SyncSender<Vec<u8>>>,
    spare: Receiver<Vec<u8>>,
    thread: Option<JoinHandle<io::Result<F>>>,
    /// The thread's error, once known: (kind, message).
    failed: Option<(io::ErrorKind, String)>,
}

impl<F: Write + Send + 'static> Background<F> {
    fn new(mut file: F) -> Background<F> {
        let (full, to_write) = mpsc::sync_channel::<Vec<u8>>(BUFFERS_IN_FLIGHT);
        let (give_back, spare) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            for mut buf in to_write {
                file.write_all(&buf)?;
                buf.clear();
                // The other side may be gone (it is finishing): drop the buffer.
                let _ = give_back.send(buf);
            }
            Ok(file)
        });
        Background {
            buf: Vec::with_capacity(BUFFER),
            full: Some(full),
            spare,
            thread: Some(thread),
            failed: None,
        }
    }

    /// The error every write returns once the thread has failed.
    fn error(&self) -> Option<io::Error> {
        self.failed
            .as_ref()
            .map(|(kind, message)| io::Error::new(*kind, message.clone()))
    }

    /// A buffer the thread has written and given back, if there is one.
    fn spare(&self) -> Option<Vec<u8>> {
        self.spare.try_recv().ok()
    }

    /// Sends the buffer to the thread and takes a spare one.
    fn hand_over(&mut self) -> io::Result<()> {
        if let Some(e) = self.error() {
            return Err(e);
        }
        if self.buf.is_empty() {
            return Ok(());
        }
        let next = self.spare().unwrap_or_else(|| Vec::with_capacity(BUFFER));
        let full = std::mem::replace(&mut self.buf, next);
        self.send(full)
    }

    /// Sends bytes to the thread; if it has stopped, its error says why.
    fn send(&mut self, full: Vec<u8>) -> io::Result<()> {
        let sent = self.full.as_ref().is_some_and(|tx| tx.send(full).is_ok());
        if sent {
            return Ok(());
        }
        let e = match self.join() {
            Err(e) => e,
            Ok(_) => io::Error::other("the report writer stopped"),
        };
        self.failed = Some((e.kind(), e.to_string()));
        Err(e)
    }

    /// Closes the channel and waits for the thread.
    fn join(&mut self) -> io::Result<F> {
        self.full = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("the report writer panicked")),
            None => Err(self
                .error()
                .unwrap_or_else(|| io::Error::other("the report writer stopped"))),
        }
    }

    /// Writes what is left and returns the file once every byte is in it.
    fn finish(mut self) -> io::Result<F> {
        self.hand_over()?;
        self.join()
    }
}

impl<F: Write + Send + 'static> Drop for Background<F> {
    /// An unfinished report: waits for the thread, whose temporary file is
    /// then removed (so nothing is left behind when the caller returns).
    fn drop(&mut self) {
        if self.thread.is_some() {
            let _ = self.join();
        }
    }
}

impl<F: Write + Send + 'static> Write for Background<F> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if let Some(e) = self.error() {
            return Err(e);
        }
        self.buf.extend_from_slice(data);
        if self.buf.len() >= BUFFER {
            self.hand_over()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.hand_over()
    }
}

impl<F: Write + Send + 'static> ReportWrite for Background<F> {
    /// A buffer of [`HAND_OVER_AT`] bytes or more goes to the thread as it
    /// is, after what is buffered; a buffer the thread has given back (or
    /// none) takes its place.
    fn write_buffer(&mut self, bytes: &mut Vec<u8>) -> io::Result<()> {
        if bytes.len() < HAND_OVER_AT {
            return self.write_all(bytes);
        }
        self.hand_over()?;
        let full = std::mem::replace(bytes, self.spare().unwrap_or_default());
        self.send(full)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_report_holds_every_byte_in_order_once_committed() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("report.json");
        let mut out = Output::open(Some(&path), &[], Lang::En).expect("opens");
        // Several buffers' worth, in writes of every size, with flushes
        // between them; nothing is visible at `path` before the commit.
        let mut expected = Vec::new();
        for i in 0..3_000u32 {
            let piece = format!("{i}:{}\n", "数据".repeat((i % 700) as usize));
            out.writer().write_all(piece.as_bytes()).expect("writes");
            expected.extend_from_slice(piece.as_bytes());
            if i % 1_000 == 0 {
                out.writer().flush().expect("flushes");
            }
        }
        assert!(expected.len() > 3 * BUFFER);
        assert!(!path.exists());
        out.commit().expect("commits");
        assert_eq!(fs::read(&path).expect("the report"), expected);
    }

    #[test]
    fn buffers_handed_over_whole_keep_their_place_among_writes() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("report.json");
        let mut out = Output::open(Some(&path), &[], Lang::En).expect("opens");
        // Writes, small buffers (copied) and large ones (sent as they are)
        // in turn; every buffer comes back empty, and some come back with
        // room: buffers the writer thread gave back, for reuse.
        let mut expected = Vec::new();
        let mut reused = 0;
        for i in 0..60usize {
            let piece = format!("<{i}>");
            out.writer().write_all(piece.as_bytes()).expect("writes");
            expected.extend_from_slice(piece.as_bytes());
            let len = if i % 3 == 0 {
                100
            } else {
                HAND_OVER_AT + i * 1_000
            };
            let mut buffer: Vec<u8> = (0..len).map(|n| (n % 251) as u8 ^ i as u8).collect();
            expected.extend_from_slice(&buffer);
            out.writer()
                .write_buffer(&mut buffer)
                .expect("writes a buffer");
            if len >= HAND_OVER_AT {
                assert!(buffer.is_empty(), "a large buffer is taken");
                reused += usize::from(buffer.capacity() > 0);
            }
            if i % 7 == 0 {
                out.writer().flush().expect("flushes");
            }
        }
        assert!(reused > 0, "the writer gives buffers back");
        assert!(!path.exists());
        out.commit().expect("commits");
        assert_eq!(fs::read(&path).expect("the report"), expected);
    }

    /// A file that fails once it holds `room` bytes, as a full disk does.
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "no room left"));
            }
            let n = data.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_is_returned_by_every_later_write_buffers_too() {
        for whole in [false, true] {
            let mut out = Background::new(Full { room: 3 * BUFFER });
            let mut first = None;
            for i in 0..200 {
                let mut buffer = vec![b'x'; HAND_OVER_AT + i];
                let written = if whole {
                    out.write_buffer(&mut buffer)
                } else {
                    out.write_all(&buffer)
                };
                if let Err(e) = written {
                    first = Some(e);
                    break;
                }
            }
            let first = first.expect("the writes fail once the file is full");
            assert_eq!(first.kind(), io::ErrorKind::StorageFull);
            assert_eq!(first.to_string(), "no room left");
            // Every later write says the same, whichever way it comes.
            let again = out.write_buffer(&mut vec![b'y'; HAND_OVER_AT]);
            let again = again.expect_err("a buffer after the failure");
            assert_eq!(
                (again.kind(), again.to_string()),
                (first.kind(), first.to_string())
            );
            let again = out.write_all(b"z").and_then(|()| out.flush());
            let again = again.expect_err("a write after the failure");
            assert_eq!(
                (again.kind(), again.to_string()),
                (first.kind(), first.to_string())
            );
            let last = out.finish().err().expect("finishing fails too");
            assert_eq!(last.kind(), io::ErrorKind::StorageFull);
        }
    }

    #[test]
    fn a_report_replaces_the_one_before_and_leaves_nothing_else_behind() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("report.json");
        fs::write(&path, "the old report").expect("writes");
        let mut out = Output::open(Some(&path), &[], Lang::En).expect("opens");
        out.writer().write_all(b"the new report").expect("writes");
        // The old report is gone from the start: no run passes it off as
        // its own.
        assert!(!path.exists());
        out.commit().expect("commits");
        assert_eq!(fs::read(&path).expect("the new"), b"the new report");
        assert_eq!(names_in(dir.path()), vec!["report.json"]);
    }

    #[test]
    fn a_run_that_fails_leaves_no_report_and_nothing_else_behind() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("report.json");
        fs::write(&path, "the old report").expect("writes");
        let mut out = Output::open(Some(&path), &[], Lang::En).expect("opens");
        out.writer().write_all(b"half a rep").expect("writes");
        drop(out);
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn what_is_not_a_file_at_the_path_is_left_to_the_rename() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("report.json");
        fs::create_dir(&path).expect("makes a directory");
        let mut out = Output::open(Some(&path), &[], Lang::En).expect("opens");
        out.writer().write_all(b"the new report").expect("writes");
        assert!(out.commit().is_err(), "a directory is not replaced");
        assert!(path.is_dir());
        assert_eq!(names_in(dir.path()), vec!["report.json"]);
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("lists")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }
}
