//! Text encodings of data files (DATA.md "Encodings").
//!
//! One streaming pass over the file decides the encoding before any record
//! is read, so that a file is never half read as UTF-8 and half as GB18030:
//!
//! - a UTF-8 byte-order mark: UTF-8 (the mark is skipped);
//! - a UTF-16 byte-order mark (`FF FE`, `FE FF`): UTF-16, decoded — Excel's
//!   "Unicode text" export is UTF-16LE with tabs (extension);
//! - otherwise a NUL byte in the first 8 KiB: a binary file, unreadable;
//! - otherwise valid UTF-8: UTF-8; not valid UTF-8: GB18030 (a superset of
//!   GBK and GB2312), and the file gets a `data/encoding` info finding.
//!
//! `--encoding` forces UTF-8 or GB18030; forced UTF-8 with invalid bytes is
//! `data/unreadable`, located at the first invalid byte.
//!
//! Byte offsets in [`crate::diag::Location::offset`] and
//! [`crate::value::RecordPos::offset`] count bytes of the *decoded* UTF-8
//! text without the byte-order mark; [`decoded_text`] gives that text.

use std::fs::File;
use std::io::{self, BufReader, Read};

use encoding_rs::{Decoder, GB18030, UTF_16BE, UTF_16LE};

use crate::data::Encoding;

/// The encoding a file was found to have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    Utf8 { bom: bool },
    Gb18030,
    Utf16Le,
    Utf16Be,
}

impl Detected {
    /// The name reported in the JSON `files` entry.
    pub fn name(self) -> &'static str {
        match self {
            Detected::Utf8 { .. } => "utf-8",
            Detected::Gb18030 => "gb18030",
            Detected::Utf16Le => "utf-16le",
            Detected::Utf16Be => "utf-16be",
        }
    }
}

/// Why a file cannot be decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum Undecodable {
    /// NUL bytes and no UTF-16 byte-order mark.
    Binary,
    /// `--encoding utf-8` and an invalid byte at this 1-based line and
    /// character column, `offset` bytes into the file.
    InvalidUtf8 { line: u32, column: u32, offset: u64 },
}

/// What [`detect`] found: the encoding and the start of the decoded text.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    pub encoding: Detected,
    /// The first line of the text (decoded, lossy), for delimiter sniffing.
    pub first_line: String,
}

const CHUNK: usize = 64 * 1024;

/// Decides a file's encoding in one streaming pass.
pub fn detect(path: &str, forced: Option<Encoding>) -> io::Result<Result<Detection, Undecodable>> {
    let mut file = File::open(path)?;
    let mut buf = vec![0u8; CHUNK];
    let head_len = read_full(&mut file, &mut buf)?;
    let head = &buf[..head_len];
    let first_line = |enc: &'static encoding_rs::Encoding, skip: usize| -> String {
        let (text, _) = enc.decode_without_bom_handling(head.get(skip..).unwrap_or(&[]));
        text.lines().next().unwrap_or("").to_string()
    };
    if head.starts_with(&[0xFF, 0xFE]) && forced.is_none() {
        return Ok(Ok(Detection {
            encoding: Detected::Utf16Le,
            first_line: first_line(UTF_16LE, 2),
        }));
    }
    if head.starts_with(&[0xFE, 0xFF]) && forced.is_none() {
        return Ok(Ok(Detection {
            encoding: Detected::Utf16Be,
            first_line: first_line(UTF_16BE, 2),
        }));
    }
    let bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
    if forced == Some(Encoding::Gb18030) {
        return Ok(Ok(Detection {
            encoding: Detected::Gb18030,
            first_line: first_line(GB18030, 0),
        }));
    }
    if memchr::memchr(0, &head[..head_len.min(8192)]).is_some() {
        return Ok(Err(Undecodable::Binary));
    }
    let utf8_line = first_line(encoding_rs::UTF_8, if bom { 3 } else { 0 });
    // Validate the whole file as UTF-8, chunk by chunk, carrying a split
    // sequence over to the next chunk.
    let mut consumed: u64 = 0;
    let mut len = head_len;
    let mut at_end = head_len < CHUNK;
    let invalid_at = loop {
        let carry = match std::str::from_utf8(&buf[..len]) {
            Ok(_) => 0,
            Err(e) if e.error_len().is_none() && !at_end => len - e.valid_up_to(),
            Err(e) => break Some(consumed + e.valid_up_to() as u64),
        };
        if at_end {
            break None;
        }
        buf.copy_within(len - carry..len, 0);
        consumed += (len - carry) as u64;
        let n = read_full(&mut file, &mut buf[carry..])?;
        len = carry + n;
        at_end = len < CHUNK;
    };
    match invalid_at {
        None => Ok(Ok(Detection {
            encoding: Detected::Utf8 { bom },
            first_line: utf8_line,
        })),
        Some(offset) if forced == Some(Encoding::Utf8) => Ok(Err(locate_invalid(path, offset)?)),
        Some(_) => Ok(Ok(Detection {
            encoding: Detected::Gb18030,
            first_line: first_line_of(path, GB18030)?,
        })),
    }
}

/// Reads until `buf` is full or the end of the file.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn first_line_of(path: &str, enc: &'static encoding_rs::Encoding) -> io::Result<String> {
    let mut head = vec![0u8; 8192];
    let n = read_full(&mut File::open(path)?, &mut head)?;
    let (text, _) = enc.decode_without_bom_handling(&head[..n]);
    Ok(text.lines().next().unwrap_or("").to_string())
}

/// Line and column of the invalid byte at `offset` (error path only).
fn locate_invalid(path: &str, offset: u64) -> io::Result<Undecodable> {
    let mut prefix = Vec::new();
    File::open(path)?.take(offset).read_to_end(&mut prefix)?;
    let line_start = memchr::memrchr(b'\n', &prefix).map_or(0, |i| i + 1);
    let line = memchr::memchr_iter(b'\n', &prefix).count() as u32 + 1;
    let column = String::from_utf8_lossy(&prefix[line_start..])
        .chars()
        .count() as u32
        + 1;
    Ok(Undecodable::InvalidUtf8 {
        line,
        column,
        offset: line_start as u64,
    })
}

/// The file as a stream of UTF-8 bytes without byte-order mark.
pub fn open_text(path: &str, encoding: Detected) -> io::Result<Box<dyn Read>> {
    let mut file = BufReader::with_capacity(CHUNK, File::open(path)?);
    Ok(match encoding {
        Detected::Utf8 { bom } => {
            if bom {
                let mut mark = [0u8; 3];
                file.read_exact(&mut mark)?;
            }
            Box::new(file)
        }
        Detected::Gb18030 => Box::new(Decoding::new(
            file,
            GB18030.new_decoder_without_bom_handling(),
        )),
        Detected::Utf16Le => Box::new(Decoding::new(file, UTF_16LE.new_decoder_with_bom_removal())),
        Detected::Utf16Be => Box::new(Decoding::new(file, UTF_16BE.new_decoder_with_bom_removal())),
    })
}

/// The whole decoded text of a file, whose byte offsets are the ones in
/// locations: for renderers that show the offending line.
pub fn decoded_text(path: &str, encoding: Detected) -> io::Result<String> {
    let mut text = String::new();
    open_text(path, encoding)?.read_to_string(&mut text)?;
    Ok(text)
}

/// The decoded text of a file read before, from the encoding name its
/// [`crate::data::DataFile`] reports (`utf-8`, `gb18030`, `utf-16le`,
/// `utf-16be`): byte offsets in its locations index this text. Invalid
/// UTF-8 becomes U+FFFD.
pub fn source_text(path: &str, encoding: Option<&str>) -> io::Result<String> {
    let detected = match encoding {
        Some("gb18030") => Detected::Gb18030,
        Some("utf-16le") => Detected::Utf16Le,
        Some("utf-16be") => Detected::Utf16Be,
        _ => {
            let bytes = std::fs::read(path)?;
            let body = bytes
                .strip_prefix(&[0xEF, 0xBB, 0xBF][..])
                .unwrap_or(&bytes);
            return Ok(String::from_utf8_lossy(body).into_owned());
        }
    };
    decoded_text(path, detected)
}

/// A reader decoding another into UTF-8 (malformed input becomes U+FFFD).
struct Decoding<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    eof: bool,
    done: bool,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
}

impl<R: Read> Decoding<R> {
    fn new(inner: R, decoder: Decoder) -> Decoding<R> {
        Decoding {
            inner,
            decoder,
            input: vec![0; CHUNK],
            in_start: 0,
            in_end: 0,
            eof: false,
            done: false,
            output: vec![0; 3 * CHUNK + 16],
            out_start: 0,
            out_end: 0,
        }
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_start < self.out_end {
                let n = out.len().min(self.out_end - self.out_start);
                out[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
                self.out_start += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            if self.in_start == self.in_end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.eof = n == 0;
                self.in_start = 0;
                self.in_end = n;
            }
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                self.eof,
            );
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            if self.eof && result == encoding_rs::CoderResult::InputEmpty {
                self.done = true;
            }
        }
    }
}
