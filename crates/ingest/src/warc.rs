//! Web archives: WARC 1.0 / 1.1 files, plain or gzip-compressed, read one record at a time.
//!
//! Compression is recognised by the gzip magic bytes, not by the file name. Both layouts are
//! read: one gzip member per record (Common Crawl, CC-NEWS, wget, warcio) and one member for
//! the whole file. Memory stays constant whatever the file size: one record block at a time,
//! and blocks over the size limit are streamed past, not read into memory.
//!
//! [`WarcRecords`] yields raw records and [`WarcRecordError`]s; [`WarcPages`] turns them into
//! the pages the readers make articles of:
//!
//! * `response` records with an HTTP `200` status and an HTML payload (by the HTTP
//!   `Content-Type`, else by sniffing `<html` / `<!doctype html`) and `resource` records of an
//!   HTML content type are pages, with `url` = `WARC-Target-URI` and `captured` =
//!   `WARC-Date`;
//! * other `response` / `resource` records (redirects, errors, PDFs, images) give an
//!   [`InputErrorKind::Unsupported`] skip record naming the URL and what it was;
//! * `warcinfo`, `request`, `metadata`, `revisit`, `conversion` and `continuation` records
//!   are not articles by nature and are passed over without a record (they are counted in
//!   [`WarcStats`]).
//!
//! A damaged record gives one error record naming the record (1-based number and byte
//! offset: of the record in a plain file, of its gzip member in a compressed one) and the
//! reason, and reading goes on: after a truncated or corrupt gzip member with the next
//! member, after a bad record in a plain file with the next `WARC/` version line.

use std::io::{self, BufRead, Read};

use flate2::bufread::GzDecoder;
use newsgraph_core::{InputError, InputErrorKind};
use thiserror::Error;

use crate::decode::{describe_io_error, human_size};
use crate::page::Page;

/// Longest header line (WARC or HTTP) read; longer ones make the record an error.
const MAX_LINE_BYTES: usize = 64 * 1024;
/// Most header lines in one WARC or HTTP header.
const MAX_HEADER_LINES: usize = 1_000;
const RAW_BUFFER_BYTES: usize = 64 * 1024;
const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// One WARC record: its place in the file, its named headers and its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// 1-based record number in the file.
    pub number: u64,
    /// Where the record starts: see [`RecordPlace`].
    pub place: RecordPlace,
    /// `WARC-Type`, lower-cased (`response`, `request`, …).
    pub warc_type: String,
    /// Header fields as written (names with their case), in order.
    pub headers: Vec<(String, String)>,
    /// The record block, `Content-Length` bytes; `None` when it was over the size limit and
    /// streamed past.
    pub block: Option<Vec<u8>>,
    /// `Content-Length` as declared.
    pub content_length: u64,
}

impl WarcRecord {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// Where a record starts in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordPlace {
    /// Byte offset in the file: of the record in a plain file, of the gzip member holding its
    /// start in a compressed one.
    pub offset: u64,
    /// Offset in the uncompressed stream (equal to `offset` in a plain file).
    pub uncompressed: u64,
    pub compressed: bool,
}

impl std::fmt::Display for RecordPlace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.compressed {
            write!(
                f,
                "gzip member at byte {}, uncompressed byte {}",
                self.offset, self.uncompressed
            )
        } else {
            write!(f, "byte {}", self.offset)
        }
    }
}

/// A record that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("record {number} ({place}): {problem}")]
pub struct WarcRecordError {
    pub number: u64,
    pub place: RecordPlace,
    pub problem: WarcProblem,
}

impl WarcRecordError {
    pub fn kind(&self) -> InputErrorKind {
        match self.problem {
            WarcProblem::TooLarge { .. } => InputErrorKind::TooLarge,
            WarcProblem::Io(_) => InputErrorKind::Io,
            _ => InputErrorKind::Binary,
        }
    }
}

/// What was wrong with a record.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WarcProblem {
    #[error("not a WARC record: expected a \"WARC/1.x\" version line, found {found:?}")]
    NotWarc { found: String },
    #[error("malformed WARC header: {0}")]
    Header(String),
    #[error("truncated record: Content-Length is {declared} but {ends} after {got} bytes")]
    Truncated {
        declared: u64,
        got: u64,
        ends: &'static str,
    },
    #[error("corrupt or truncated gzip data: {0}")]
    Gzip(String),
    #[error("{what} record of {} for {uri}, over the {} limit", human_size(*size), human_size(*limit))]
    TooLarge {
        what: String,
        uri: String,
        size: u64,
        limit: u64,
    },
    #[error("{0}")]
    Io(String),
}

/// Counts of what a WARC file held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WarcStats {
    /// Records read (well-formed ones).
    pub records: u64,
    /// Pages yielded.
    pub pages: u64,
    /// `warcinfo`, `request`, `metadata`, … records passed over without a record.
    pub passed_over: u64,
    /// Response and resource records that were not HTML pages (skip records).
    pub not_pages: u64,
    /// Damaged records (error records).
    pub errors: u64,
}

// ---------------------------------------------------------------------------------------
// Raw bytes

/// Raw bytes kept from the start of the current gzip member, to search it again for the next
/// member after damage; over this, the mark is dropped and the search starts where reading
/// stopped.
const MAX_MARK_BYTES: usize = 8 * 1024 * 1024;

/// A buffered reader over the file that counts the bytes consumed, can look ahead, and can
/// go back to a mark (the start of the current gzip member).
struct RawReader<R> {
    inner: R,
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    /// File offset of `buffer[0]`.
    origin: u64,
    /// File offset of `buffer[start]`: bytes consumed by the layers above.
    position: u64,
    /// File offset kept in the buffer.
    mark: Option<u64>,
    eof: bool,
}

impl<R: Read> RawReader<R> {
    fn new(inner: R) -> Self {
        RawReader {
            inner,
            buffer: vec![0; RAW_BUFFER_BYTES],
            start: 0,
            end: 0,
            origin: 0,
            position: 0,
            mark: None,
            eof: false,
        }
    }

    /// Make at least `n` bytes available unless the file ends first; the available bytes.
    fn ensure(&mut self, n: usize) -> io::Result<&[u8]> {
        while self.end - self.start < n && !self.eof {
            let keep_from = match self.mark {
                Some(mark) => mark.saturating_sub(self.origin) as usize,
                None => self.start,
            };
            if keep_from > 0 {
                self.buffer.copy_within(keep_from..self.end, 0);
                self.end -= keep_from;
                self.start -= keep_from;
                self.origin += keep_from as u64;
            }
            if self.end == self.buffer.len() {
                if self.mark.is_some() && self.buffer.len() >= MAX_MARK_BYTES {
                    self.mark = None;
                    continue;
                }
                let grown = self.buffer.len() * 2;
                self.buffer.resize(grown, 0);
            }
            match self.inner.read(&mut self.buffer[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(read) => self.end += read,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(&self.buffer[self.start..self.end])
    }

    /// Keep the bytes from the current position until the next mark.
    fn set_mark(&mut self) {
        self.mark = Some(self.position);
    }

    /// Go back to one byte after the mark, when it was kept; whether it was.
    fn rewind_after_mark(&mut self) -> bool {
        let Some(mark) = self.mark.take() else {
            return false;
        };
        let target = mark + 1;
        if target < self.origin || target > self.origin + self.end as u64 || target > self.position
        {
            return false;
        }
        self.start = (target - self.origin) as usize;
        self.position = target;
        true
    }
}

impl<R: Read> Read for RawReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for RawReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            self.ensure(1)?;
        }
        Ok(&self.buffer[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        let amount = amount.min(self.end - self.start);
        self.start += amount;
        self.position += amount as u64;
    }
}

// ---------------------------------------------------------------------------------------
// Decompressed stream, member by member

enum GzState<R: Read> {
    /// Inside a member.
    Member(GzDecoder<RawReader<R>>),
    /// At a member boundary (or the start of the file).
    Between(RawReader<R>),
    /// Only while switching states.
    Empty,
}

/// The uncompressed bytes of the file, one gzip member (or, for a plain file, the whole file)
/// at a time: `read` returns 0 at the end of a member, and [`Stream::next_member`] moves on.
enum Stream<R: Read> {
    Plain {
        raw: RawReader<R>,
        started: bool,
    },
    Gzip {
        state: GzState<R>,
        member_start: u64,
    },
}

impl<R: Read> Stream<R> {
    fn open(inner: R) -> io::Result<Self> {
        let mut raw = RawReader::new(inner);
        let gzip = raw.ensure(2)?.starts_with(&GZIP_MAGIC[..2]);
        Ok(if gzip {
            Stream::Gzip {
                state: GzState::Between(raw),
                member_start: 0,
            }
        } else {
            Stream::Plain {
                raw,
                started: false,
            }
        })
    }

    fn compressed(&self) -> bool {
        matches!(self, Stream::Gzip { .. })
    }

    fn member_start(&self) -> u64 {
        match self {
            Stream::Plain { .. } => 0,
            Stream::Gzip { member_start, .. } => *member_start,
        }
    }

    /// Start the next member; `false` at the end of the file. A member not read to its end
    /// is read through first.
    fn next_member(&mut self) -> io::Result<bool> {
        match self {
            Stream::Plain { raw, started } => {
                if *started {
                    return Ok(false);
                }
                *started = true;
                Ok(!raw.fill_buf()?.is_empty())
            }
            Stream::Gzip {
                state,
                member_start,
            } => {
                if let GzState::Member(decoder) = state {
                    io::copy(decoder, &mut io::sink())?;
                }
                let mut raw = match std::mem::replace(state, GzState::Empty) {
                    GzState::Member(decoder) => decoder.into_inner(),
                    GzState::Between(raw) => raw,
                    GzState::Empty => return Ok(false),
                };
                let more = match raw.fill_buf() {
                    Ok(bytes) => !bytes.is_empty(),
                    Err(error) => {
                        *state = GzState::Between(raw);
                        return Err(error);
                    }
                };
                if !more {
                    *state = GzState::Between(raw);
                    return Ok(false);
                }
                *member_start = raw.position;
                raw.set_mark();
                *state = GzState::Member(GzDecoder::new(raw));
                Ok(true)
            }
        }
    }

    /// After a gzip error: skip to the next gzip member header (the raw bytes `1f 8b 08`)
    /// after the start of the damaged member (when its bytes were kept; else after the
    /// current position), or to the end of the file.
    fn skip_to_next_member(&mut self) -> io::Result<()> {
        let Stream::Gzip { state, .. } = self else {
            return Ok(());
        };
        let mut raw = match std::mem::replace(state, GzState::Empty) {
            GzState::Member(decoder) => decoder.into_inner(),
            GzState::Between(raw) => raw,
            GzState::Empty => return Ok(()),
        };
        raw.rewind_after_mark();
        let result = scan_for_magic(&mut raw);
        *state = GzState::Between(raw);
        result
    }
}

/// Consume raw bytes up to the next gzip magic, or to the end of the file.
fn scan_for_magic<R: Read>(raw: &mut RawReader<R>) -> io::Result<()> {
    loop {
        let available = raw.ensure(GZIP_MAGIC.len())?;
        if available.len() < GZIP_MAGIC.len() {
            let n = available.len();
            raw.consume(n);
            return Ok(());
        }
        match memchr::memmem::find(available, &GZIP_MAGIC) {
            Some(at) => {
                raw.consume(at);
                return Ok(());
            }
            None => {
                // Keep the last bytes: the magic may straddle the buffer's end.
                let n = available.len() - (GZIP_MAGIC.len() - 1);
                raw.consume(n);
            }
        }
    }
}

impl<R: Read> Read for Stream<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain { raw, .. } => raw.read(out),
            Stream::Gzip { state, .. } => match state {
                GzState::Member(decoder) => decoder.read(out),
                GzState::Between(_) | GzState::Empty => Ok(0),
            },
        }
    }
}

// ---------------------------------------------------------------------------------------
// Records

/// A buffer over the uncompressed stream that stops at member ends.
struct Lines<R: Read> {
    stream: Stream<R>,
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    /// Uncompressed bytes consumed.
    position: u64,
}

/// How a block read ended.
enum Block {
    Read(Vec<u8>),
    Skipped,
    /// The member (or file) ended after this many bytes.
    Short(u64),
}

impl<R: Read> Lines<R> {
    /// The buffered bytes, reading more when empty; empty at the end of the member.
    fn fill(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
            loop {
                match self.stream.read(&mut self.buffer) {
                    Ok(n) => {
                        self.end = n;
                        break;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(&self.buffer[self.start..self.end])
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        self.position += n as u64;
    }

    fn clear(&mut self) {
        self.position += (self.end - self.start) as u64;
        self.start = 0;
        self.end = 0;
    }

    /// One line without its line ending; `None` at the end of the member. Lines longer than
    /// [`MAX_LINE_BYTES`] are an error.
    fn line(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        loop {
            let available = self.fill()?;
            if available.is_empty() {
                return Ok(if line.is_empty() { None } else { Some(line) });
            }
            match memchr::memchr(b'\n', available) {
                Some(at) => {
                    line.extend_from_slice(&available[..at]);
                    self.consume(at + 1);
                    if line.last() == Some(&b'\r') {
                        line.pop();
                    }
                    return Ok(Some(line));
                }
                None => {
                    let n = available.len();
                    line.extend_from_slice(available);
                    self.consume(n);
                }
            }
            if line.len() > MAX_LINE_BYTES {
                return Err(io::Error::other(LongLine));
            }
        }
    }

    /// Skip through the next line feed (or to the end of the member).
    fn skip_line(&mut self) -> io::Result<()> {
        loop {
            let available = self.fill()?;
            if available.is_empty() {
                return Ok(());
            }
            match memchr::memchr(b'\n', available) {
                Some(at) => {
                    self.consume(at + 1);
                    return Ok(());
                }
                None => {
                    let n = available.len();
                    self.consume(n);
                }
            }
        }
    }

    /// Skip CR and LF bytes; whether any other byte follows in this member.
    fn skip_line_breaks(&mut self) -> io::Result<bool> {
        loop {
            let available = self.fill()?;
            if available.is_empty() {
                return Ok(false);
            }
            match available.iter().position(|&b| b != b'\r' && b != b'\n') {
                Some(at) => {
                    self.consume(at);
                    return Ok(true);
                }
                None => {
                    let n = available.len();
                    self.consume(n);
                }
            }
        }
    }

    /// Read `length` bytes, or stream past them when `keep` is false.
    fn block(&mut self, length: u64, keep: bool) -> io::Result<Block> {
        let mut block = Vec::new();
        if keep {
            block.reserve(usize::try_from(length).unwrap_or(0).min(16 * 1024 * 1024));
        }
        let mut got = 0u64;
        while got < length {
            let available = self.fill()?;
            if available.is_empty() {
                return Ok(Block::Short(got));
            }
            let n = (available.len() as u64).min(length - got) as usize;
            if keep {
                block.extend_from_slice(&available[..n]);
            }
            self.consume(n);
            got += n as u64;
        }
        Ok(if keep {
            Block::Read(block)
        } else {
            Block::Skipped
        })
    }
}

/// The records of a WARC file, one at a time; see the module docs.
pub struct WarcRecords<R: Read> {
    lines: Option<Lines<R>>,
    /// An error opening the file, reported once.
    open_error: Option<io::Error>,
    max_bytes: u64,
    number: u64,
    /// Set after an error: how to find the next record.
    resync: Resync,
    /// Whether the current member (or plain file) has been started.
    in_member: bool,
    done: bool,
}

impl<R: Read> WarcRecords<R> {
    /// Read records from `reader`; blocks of records that could become pages and are larger
    /// than `max_bytes` are streamed past and reported.
    pub fn new(reader: R, max_bytes: u64) -> Self {
        let (lines, open_error) = match Stream::open(reader) {
            Ok(stream) => (
                Some(Lines {
                    stream,
                    buffer: vec![0; RAW_BUFFER_BYTES],
                    start: 0,
                    end: 0,
                    position: 0,
                }),
                None,
            ),
            Err(error) => (None, Some(error)),
        };
        WarcRecords {
            lines,
            open_error,
            max_bytes,
            number: 0,
            resync: Resync::No,
            in_member: false,
            done: false,
        }
    }

    fn place(&self, lines: &Lines<R>) -> RecordPlace {
        let compressed = lines.stream.compressed();
        RecordPlace {
            offset: if compressed {
                lines.stream.member_start()
            } else {
                lines.position
            },
            uncompressed: lines.position,
            compressed,
        }
    }

    /// Skip to the next line of this member that starts with `WARC/`: whether there is one.
    fn scan_to_record_line(&mut self, lines: &mut Lines<R>) -> io::Result<bool> {
        loop {
            let available = lines.fill()?;
            if available.is_empty() {
                return Ok(false);
            }
            if available.starts_with(b"WARC/") {
                return Ok(true);
            }
            lines.skip_line()?;
        }
    }

    /// Move to the start of the next record: `Ok(false)` at the end of the file.
    fn seek_record(&mut self, lines: &mut Lines<R>) -> io::Result<bool> {
        match std::mem::replace(&mut self.resync, Resync::No) {
            Resync::No => {}
            Resync::NextMember => {
                // The rest of the damaged gzip member is dropped: the next record starts with
                // the next member found.
                lines.clear();
                self.in_member = false;
                lines.stream.skip_to_next_member()?;
            }
            Resync::NextRecordLine => {
                if !self.scan_to_record_line(lines)? {
                    self.in_member = false;
                }
            }
        }
        loop {
            if !self.in_member {
                if !lines.stream.next_member()? {
                    return Ok(false);
                }
                self.in_member = true;
            }
            if lines.skip_line_breaks()? {
                return Ok(true);
            }
            self.in_member = false;
        }
    }

    fn read_record(&mut self, lines: &mut Lines<R>) -> Result<Option<WarcRecord>, WarcRecordError> {
        let position_error = |this: &Self, lines: &Lines<R>, error: io::Error| WarcRecordError {
            number: this.number + 1,
            place: this.place(lines),
            problem: problem_of(&error, lines.stream.compressed()),
        };
        match self.seek_record(lines) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(error) => return Err(position_error(self, lines, error)),
        }
        self.number += 1;
        let number = self.number;
        let place = self.place(lines);
        let fail = |problem: WarcProblem| WarcRecordError {
            number,
            place,
            problem,
        };
        let io_fail = |error: io::Error, compressed: bool| fail(problem_of(&error, compressed));
        let compressed = lines.stream.compressed();

        let version = match lines.line() {
            Ok(Some(line)) => line,
            Ok(None) => return Ok(None),
            Err(error) => return Err(io_fail(error, compressed)),
        };
        if !version.starts_with(b"WARC/") {
            let shown: String = String::from_utf8_lossy(&version).chars().take(40).collect();
            return Err(fail(WarcProblem::NotWarc { found: shown }));
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let line = match lines.line() {
                Ok(Some(line)) => line,
                Ok(None) => {
                    return Err(fail(WarcProblem::Truncated {
                        declared: 0,
                        got: 0,
                        ends: if compressed {
                            "the gzip member ends in the header, before the block"
                        } else {
                            "the file ends in the header, before the block"
                        },
                    }))
                }
                Err(error) => return Err(io_fail(error, compressed)),
            };
            if line.is_empty() {
                break;
            }
            if headers.len() >= MAX_HEADER_LINES {
                return Err(fail(WarcProblem::Header(format!(
                    "more than {MAX_HEADER_LINES} header lines"
                ))));
            }
            let line = String::from_utf8_lossy(&line).into_owned();
            if line.starts_with([' ', '\t']) {
                match headers.last_mut() {
                    Some((_, value)) => {
                        value.push(' ');
                        value.push_str(line.trim());
                    }
                    None => {
                        return Err(fail(WarcProblem::Header(
                            "a continuation line before any header".to_string(),
                        )))
                    }
                }
                continue;
            }
            match line.split_once(':') {
                Some((name, value)) => {
                    headers.push((name.trim().to_string(), value.trim().to_string()))
                }
                None => {
                    let shown: String = line.chars().take(40).collect();
                    return Err(fail(WarcProblem::Header(format!(
                        "a header line without a colon: {shown:?}"
                    ))));
                }
            }
        }
        let content_length = match header(&headers, "Content-Length") {
            Some(value) => value.parse::<u64>().map_err(|_| {
                fail(WarcProblem::Header(format!(
                    "Content-Length is not a number: {value:?}"
                )))
            })?,
            None => {
                return Err(fail(WarcProblem::Header(
                    "no Content-Length header".to_string(),
                )))
            }
        };
        let warc_type = header(&headers, "WARC-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let keep = !may_be_page(&warc_type) || content_length <= self.max_bytes;
        let block = match lines.block(content_length, keep) {
            Ok(Block::Read(block)) => Some(block),
            Ok(Block::Skipped) => None,
            Ok(Block::Short(got)) => {
                return Err(fail(WarcProblem::Truncated {
                    declared: content_length,
                    got,
                    ends: if compressed {
                        "the gzip member ends"
                    } else {
                        "the file ends"
                    },
                }))
            }
            Err(error) => return Err(io_fail(error, compressed)),
        };
        Ok(Some(WarcRecord {
            number,
            place,
            warc_type,
            headers,
            block,
            content_length,
        }))
    }
}

/// How to find the next record after an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resync {
    No,
    /// The gzip data is damaged: go on with the next gzip member header found.
    NextMember,
    /// The record is damaged: go on with the next line that starts with `WARC/`.
    NextRecordLine,
}

/// A header line over [`MAX_LINE_BYTES`].
#[derive(Debug, Error)]
#[error("a header line is longer than {MAX_LINE_BYTES} bytes")]
struct LongLine;

fn problem_of(error: &io::Error, compressed: bool) -> WarcProblem {
    if error.get_ref().is_some_and(|e| e.is::<LongLine>()) {
        return WarcProblem::Header(error.to_string());
    }
    if compressed
        && matches!(
            error.kind(),
            io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof
        )
    {
        let detail = if error.kind() == io::ErrorKind::UnexpectedEof {
            "the file ends inside a gzip member".to_string()
        } else {
            error.to_string()
        };
        WarcProblem::Gzip(detail)
    } else if error.kind() == io::ErrorKind::InvalidData {
        WarcProblem::Header(error.to_string())
    } else {
        WarcProblem::Io(describe_io_error(error))
    }
}

impl<R: Read> Iterator for WarcRecords<R> {
    type Item = Result<WarcRecord, WarcRecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if let Some(error) = self.open_error.take() {
            self.done = true;
            return Some(Err(WarcRecordError {
                number: 1,
                place: RecordPlace {
                    offset: 0,
                    uncompressed: 0,
                    compressed: false,
                },
                problem: WarcProblem::Io(describe_io_error(&error)),
            }));
        }
        let mut lines = self.lines.take()?;
        let result = self.read_record(&mut lines);
        match &result {
            Ok(None) => self.done = true,
            Ok(Some(_)) => {}
            Err(error) => {
                self.resync = match error.problem {
                    WarcProblem::Gzip(_) => Resync::NextMember,
                    _ => Resync::NextRecordLine,
                };
                // Reading errors other than bad data (a failing disk) would repeat forever.
                if matches!(error.problem, WarcProblem::Io(_)) {
                    self.done = true;
                }
            }
        }
        // A damaged record in a compressed file: look for the next record now, so that damage
        // to the gzip data behind it (a truncated member running into the next one) is
        // reported as what it is, in this record's error.
        let mut result = result;
        if let Err(error) = &mut result {
            if self.resync == Resync::NextRecordLine && lines.stream.compressed() {
                let scan = self.scan_to_record_line(&mut lines);
                if let Ok(false) = scan {
                    self.in_member = false;
                }
                if let Err(io_error) = scan {
                    let problem = problem_of(&io_error, true);
                    self.resync = if matches!(problem, WarcProblem::Gzip(_)) {
                        Resync::NextMember
                    } else {
                        self.done = true;
                        Resync::No
                    };
                    error.problem = problem;
                } else {
                    // Positioned at the next record, or at the end of the member.
                    self.resync = Resync::No;
                }
            }
        }
        self.lines = Some(lines);
        result.transpose()
    }
}

impl<R: Read> std::iter::FusedIterator for WarcRecords<R> {}

/// Record types that can hold a page.
fn may_be_page(warc_type: &str) -> bool {
    matches!(warc_type, "response" | "resource")
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

// ---------------------------------------------------------------------------------------
// Pages

/// One result of reading a WARC file as pages.
#[derive(Debug, Clone, PartialEq)]
pub enum WarcItem {
    Page(Page),
    /// A damaged record (failure) or a record that is not a page (an `Unsupported` skip).
    Error(InputError),
}

/// The HTML pages of a WARC file, and records of what did not become one.
pub struct WarcPages<R: Read> {
    records: WarcRecords<R>,
    input: String,
    stats: WarcStats,
}

impl<R: Read> WarcPages<R> {
    /// `input` names the file in pages and errors.
    pub fn new(reader: R, input: &str, max_bytes: u64) -> Self {
        WarcPages {
            records: WarcRecords::new(reader, max_bytes),
            input: input.to_string(),
            stats: WarcStats::default(),
        }
    }

    /// What was read so far.
    pub fn stats(&self) -> WarcStats {
        self.stats
    }

    fn error(&self, kind: InputErrorKind, reason: String) -> WarcItem {
        WarcItem::Error(InputError::new(self.input.clone(), None, kind, reason))
    }

    fn page_of(&mut self, record: WarcRecord) -> Option<WarcItem> {
        if !may_be_page(&record.warc_type) {
            self.stats.passed_over += 1;
            return None;
        }
        let uri = record
            .header("WARC-Target-URI")
            .map(|u| u.trim_matches(['<', '>']).to_string());
        let shown_uri = uri
            .clone()
            .unwrap_or_else(|| "(no WARC-Target-URI)".to_string());
        let place = format!("record {} ({})", record.number, record.place);
        let Some(block) = record.block.as_deref() else {
            self.stats.errors += 1;
            let problem = WarcProblem::TooLarge {
                what: record.warc_type.clone(),
                uri: shown_uri,
                size: record.content_length,
                limit: self.records.max_bytes,
            };
            return Some(self.error(InputErrorKind::TooLarge, format!("{place}: {problem}")));
        };
        let record_type = record.header("Content-Type").unwrap_or("").to_string();
        let (status, content_type, body) = if record.warc_type == "response" {
            if !record_type.is_empty()
                && !record_type
                    .to_ascii_lowercase()
                    .starts_with("application/http")
            {
                self.stats.not_pages += 1;
                return Some(self.error(
                    InputErrorKind::Unsupported,
                    format!("{place}: {shown_uri}: response record of type {record_type}, not an HTTP response"),
                ));
            }
            match parse_http_response(block, self.records.max_bytes) {
                Ok(response) => (Some(response.status), response.content_type, response.body),
                Err(problem) => {
                    self.stats.errors += 1;
                    return Some(self.error(
                        InputErrorKind::Binary,
                        format!("{place}: {shown_uri}: bad HTTP response: {problem}"),
                    ));
                }
            }
        } else {
            (
                None,
                Some(record_type).filter(|t| !t.is_empty()),
                block.to_vec(),
            )
        };
        if let Some(status) = status.filter(|&s| s != 200) {
            self.stats.not_pages += 1;
            return Some(self.error(
                InputErrorKind::Unsupported,
                format!("{place}: {shown_uri}: HTTP status {status}, not a page"),
            ));
        }
        if !is_html(content_type.as_deref(), &body) {
            self.stats.not_pages += 1;
            let what = content_type.as_deref().unwrap_or("no content type");
            return Some(self.error(
                InputErrorKind::Unsupported,
                format!("{place}: {shown_uri}: {what}, not HTML"),
            ));
        }
        self.stats.pages += 1;
        Some(WarcItem::Page(Page {
            input: self.input.clone(),
            url: uri,
            captured: record.header("WARC-Date").map(str::to_string),
            content_type,
            bytes: body,
            location: Some(place),
        }))
    }
}

impl<R: Read> Iterator for WarcPages<R> {
    type Item = WarcItem;

    fn next(&mut self) -> Option<WarcItem> {
        loop {
            match self.records.next()? {
                Ok(record) => {
                    self.stats.records += 1;
                    if let Some(item) = self.page_of(record) {
                        return Some(item);
                    }
                }
                Err(error) => {
                    self.stats.errors += 1;
                    return Some(self.error(error.kind(), error.to_string()));
                }
            }
        }
    }
}

/// Whether a payload is HTML: by its content type when there is one that says, else by
/// sniffing its start.
pub(crate) fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    if let Some(content_type) = content_type {
        let media = media_type(content_type);
        if media == "text/html" || media == "application/xhtml+xml" {
            return true;
        }
        if !media.is_empty()
            && media != "application/octet-stream"
            && media != "text/plain"
            && media != "unknown/unknown"
        {
            return false;
        }
    }
    sniff_html(body)
}

/// `<!doctype html`, `<html` or `<head` near the start (after whitespace and comments).
pub(crate) fn sniff_html(body: &[u8]) -> bool {
    let start = &body[..body.len().min(1024)];
    let lower: Vec<u8> = start.iter().map(u8::to_ascii_lowercase).collect();
    memchr::memmem::find(&lower, b"<!doctype html").is_some()
        || memchr::memmem::find(&lower, b"<html").is_some()
        || memchr::memmem::find(&lower, b"<head").is_some()
}

/// The media type of a Content-Type value, lower-cased, without parameters.
pub(crate) fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

struct HttpResponse {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Parse an HTTP/1.x response as archived: status line, headers, body. Chunked transfer
/// coding and gzip / deflate content coding (when the archive kept them) are undone.
fn parse_http_response(block: &[u8], max_bytes: u64) -> Result<HttpResponse, String> {
    let header_end = memchr::memmem::find(block, b"\r\n\r\n")
        .map(|at| (at, at + 4))
        .or_else(|| memchr::memmem::find(block, b"\n\n").map(|at| (at, at + 2)))
        .ok_or("no end of the HTTP header")?;
    let head = String::from_utf8_lossy(&block[..header_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    let protocol = parts.next().unwrap_or("");
    if !protocol.starts_with("HTTP/") {
        let shown: String = status_line.chars().take(40).collect();
        return Err(format!("expected an HTTP status line, found {shown:?}"));
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("no status code in {status_line:?}"))?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines.take(MAX_HEADER_LINES) {
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    let mut body = block[header_end.1..].to_vec();
    let chunked = header(&headers, "Transfer-Encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    if let Some(coding) = header(&headers, "Content-Encoding") {
        body = decode_content(coding, body, max_bytes)?;
    }
    Ok(HttpResponse {
        status,
        content_type: header(&headers, "Content-Type").map(str::to_string),
        body,
    })
}

/// Undo chunked transfer coding.
fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let line_end = memchr::memchr(b'\n', data).ok_or("truncated chunked body")?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size_text = size_text.trim().split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        data = &data[line_end + 1..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size {
            return Err("truncated chunked body".to_string());
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size..];
        data = data
            .strip_prefix(b"\r\n")
            .or_else(|| data.strip_prefix(b"\n"))
            .unwrap_or(data);
    }
}

/// Undo a `Content-Encoding` (gzip, x-gzip, deflate; identity), reading at most
/// `max_bytes` of output.
pub(crate) fn decode_content(
    coding: &str,
    body: Vec<u8>,
    max_bytes: u64,
) -> Result<Vec<u8>, String> {
    let coding = coding.trim().to_ascii_lowercase();
    let mut out = Vec::new();
    let limit = max_bytes.saturating_add(1);
    let result = match coding.as_str() {
        "" | "identity" => return Ok(body),
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(&body[..])
            .take(limit)
            .read_to_end(&mut out),
        "deflate" => {
            // Servers send either zlib-wrapped or raw deflate under this name.
            let zlib = flate2::read::ZlibDecoder::new(&body[..])
                .take(limit)
                .read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                flate2::read::DeflateDecoder::new(&body[..])
                    .take(limit)
                    .read_to_end(&mut out)
            } else {
                zlib
            }
        }
        other => return Err(format!("unsupported content encoding {other:?}")),
    };
    match result {
        Ok(_) if out.len() as u64 > max_bytes => Err(format!(
            "the {coding} body decompresses to more than the {} limit",
            human_size(max_bytes)
        )),
        Ok(_) => Ok(out),
        Err(error) => Err(format!("corrupt {coding} body: {error}")),
    }
}
