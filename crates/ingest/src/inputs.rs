//! Walking the inputs: files, directories, standard input, in order.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use newsgraph_core::{InputError, InputErrorKind};
use walkdir::{DirEntry, WalkDir};

use crate::decode::{describe_io_error, too_large_reason, ByteOrderMark};
use crate::feed::{sniff_feed, FeedItems};
use crate::fetch::{is_http_url, Fetcher};
use crate::jsonl::read_jsonl;
use crate::page::{page_to_item, Page};
use crate::text::read_text;
use crate::warc::{is_html, media_type, WarcItem, WarcPages};
use crate::{language, InputFormat, ReadItem, ReadOptions, DIRECTORY_EXTENSIONS};

/// The name that stands for standard input.
pub const STDIN_NAME: &str = "-";

/// Buffer for JSONL files: large enough that most lines come in one piece.
const JSONL_BUFFER_BYTES: usize = 64 * 1024;

type Records = Box<dyn Iterator<Item = ReadItem> + Send>;
type DirectoryWalk = walkdir::FilterEntry<walkdir::IntoIter, fn(&DirEntry) -> bool>;

/// The items of all inputs, in order; see [`read_inputs`](crate::read_inputs).
pub struct ReadInputs {
    /// Inputs not yet opened.
    inputs: VecDeque<String>,
    options: ReadOptions,
    /// The directory being walked, as named in the inputs.
    walk: Option<(String, DirectoryWalk)>,
    /// The JSONL file, WARC file, feed (or stream) being read.
    records: Option<Records>,
    /// The HTTP client, when fetching is on.
    fetcher: Option<Fetcher>,
}

pub(crate) fn read_inputs(inputs: &[String], options: &ReadOptions) -> ReadInputs {
    ReadInputs {
        inputs: inputs.iter().cloned().collect(),
        options: options.clone(),
        walk: None,
        records: None,
        fetcher: options.fetch.clone().map(Fetcher::new),
    }
}

/// What opening one input gave: its only item, or a stream of records.
// Short-lived and moved once: boxing the item would only add an allocation per file.
#[allow(clippy::large_enum_variant)]
enum Opened {
    Item(ReadItem),
    Records(Records),
}

impl Iterator for ReadInputs {
    type Item = ReadItem;

    fn next(&mut self) -> Option<ReadItem> {
        let mut item = self.next_item()?;
        if self.options.identify_language {
            if let ReadItem::Article(article) = &mut item {
                language::identify_language(article);
            }
        }
        Some(item)
    }
}

impl ReadInputs {
    fn next_item(&mut self) -> Option<ReadItem> {
        loop {
            if let Some(records) = &mut self.records {
                match records.next() {
                    Some(item) => return Some(item),
                    None => self.records = None,
                }
            }
            let opened = if let Some((root, walk)) = &mut self.walk {
                match walk.next() {
                    Some(entry) => {
                        open_directory_entry(entry, root, &self.options, self.fetcher.as_ref())
                    }
                    None => {
                        self.walk = None;
                        continue;
                    }
                }
            } else {
                let input = self.inputs.pop_front()?;
                self.open_input(&input)
            };
            match opened {
                Some(Opened::Item(item)) => return Some(item),
                Some(Opened::Records(records)) => self.records = Some(records),
                None => {}
            }
        }
    }
}

impl std::iter::FusedIterator for ReadInputs {}

impl ReadInputs {
    /// Open an input named on the command line. A directory starts a walk (`None`).
    fn open_input(&mut self, input: &str) -> Option<Opened> {
        if input == STDIN_NAME {
            return Some(Opened::Records(read_stream(
                io::stdin(),
                STDIN_NAME,
                &self.options,
            )));
        }
        if is_http_url(input) {
            return Some(open_url(input, &self.options, self.fetcher.as_ref()));
        }
        let path = Path::new(input);
        match std::fs::metadata(path) {
            Err(error) => Some(Opened::Item(io_error(input, &error))),
            Ok(metadata) if metadata.is_dir() => {
                let skip_hidden: fn(&DirEntry) -> bool = |entry| !is_hidden_directory(entry);
                let walk = WalkDir::new(path)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(skip_hidden);
                self.walk = Some((input.to_string(), walk));
                None
            }
            Ok(_) => {
                let (format, sniff) = match self.options.format {
                    Some(format) => (format, false),
                    None => (
                        InputFormat::for_named_file(path),
                        InputFormat::feed_needs_sniffing(path),
                    ),
                };
                let choice = FileChoice {
                    format,
                    sniff_feed: sniff,
                    not_a_feed: Some(InputFormat::Text),
                };
                Some(open_file(
                    path,
                    input,
                    choice,
                    &self.options,
                    self.fetcher.as_ref(),
                ))
            }
        }
    }
}

/// A directory below the root whose name starts with `.` (`.git`, `.cache`): not walked.
fn is_hidden_directory(entry: &DirEntry) -> bool {
    entry.depth() > 0 && entry.file_type().is_dir() && is_hidden(entry.file_name())
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

fn io_error(input: &str, error: &io::Error) -> ReadItem {
    ReadItem::Error(InputError::new(
        input,
        None,
        InputErrorKind::Io,
        describe_io_error(error),
    ))
}

fn skipped(input: &str, reason: String) -> Option<Opened> {
    Some(Opened::Item(ReadItem::Error(InputError::new(
        input,
        None,
        InputErrorKind::Unsupported,
        reason,
    ))))
}

/// One entry of a directory walk: a file to read, a skip record, an error, or nothing for
/// the directories themselves.
fn open_directory_entry(
    entry: walkdir::Result<DirEntry>,
    root: &str,
    options: &ReadOptions,
    fetcher: Option<&Fetcher>,
) -> Option<Opened> {
    let entry = match entry {
        Ok(entry) => entry,
        Err(error) => {
            let input = error
                .path()
                .map_or_else(|| root.to_string(), |p| p.to_string_lossy().into_owned());
            let reason = match error.io_error() {
                Some(io_error) => describe_io_error(io_error),
                None => error.to_string(),
            };
            return Some(Opened::Item(ReadItem::Error(InputError::new(
                input,
                None,
                InputErrorKind::Io,
                reason,
            ))));
        }
    };
    let path = entry.path();
    let input = path.to_string_lossy().into_owned();
    let file_type = entry.file_type();
    if file_type.is_dir() {
        return None;
    }
    if !file_type.is_file() {
        return skipped(&input, "not a regular file".to_string());
    }
    if entry.depth() > 0 && is_hidden(entry.file_name()) {
        return skipped(&input, "hidden file".to_string());
    }
    let choice = match options.format {
        Some(format) => FileChoice {
            format,
            sniff_feed: false,
            not_a_feed: None,
        },
        None => match InputFormat::for_file_in_directory(path) {
            Some(format) => FileChoice {
                format,
                sniff_feed: InputFormat::feed_needs_sniffing(path),
                not_a_feed: None,
            },
            None => {
                let found = match path.extension() {
                    Some(extension) => {
                        format!("unsupported file type .{}", extension.to_string_lossy())
                    }
                    None => "file has no extension".to_string(),
                };
                return skipped(
                    &input,
                    format!("{found} (directories are read for {DIRECTORY_EXTENSIONS} files)"),
                );
            }
        },
    };
    Some(open_file(path, &input, choice, options, fetcher))
}

/// How a file is to be read.
struct FileChoice {
    format: InputFormat,
    /// Confirm a feed by the file's start (`.xml`, `.json`).
    sniff_feed: bool,
    /// What a file that is not a feed after all is read as; `None` skips it.
    not_a_feed: Option<InputFormat>,
}

/// Open a file (or another readable thing, such as a named pipe).
fn open_file(
    path: &Path,
    input: &str,
    choice: FileChoice,
    options: &ReadOptions,
    fetcher: Option<&Fetcher>,
) -> Opened {
    let max_bytes = options.max_bytes;
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) => return Opened::Item(io_error(input, &error)),
    };
    let mut format = choice.format;
    if format == InputFormat::Warc {
        return Opened::Records(Box::new(warc_items(file, input, max_bytes)));
    }
    if format == InputFormat::Jsonl {
        return Opened::Records(Box::new(read_jsonl(
            BufReader::with_capacity(JSONL_BUFFER_BYTES, file),
            input,
            max_bytes,
        )));
    }
    let metadata = match file.metadata() {
        Ok(metadata) => metadata,
        Err(error) => return Opened::Item(io_error(input, &error)),
    };
    if metadata.is_file() && metadata.len() > max_bytes {
        return Opened::Item(ReadItem::Error(InputError::new(
            input,
            None,
            InputErrorKind::TooLarge,
            too_large_reason("file", metadata.len(), max_bytes),
        )));
    }
    if format == InputFormat::Text {
        return Opened::Item(read_text(file, input, max_bytes));
    }
    let bytes = match read_limited(file, max_bytes) {
        Ok(bytes) => bytes,
        Err(item) => return Opened::Item(item.named(input, max_bytes)),
    };
    if format == InputFormat::Feed && choice.sniff_feed && !sniff_feed(&bytes) {
        match choice.not_a_feed {
            Some(other) => format = other,
            None => {
                let extension = path
                    .extension()
                    .map_or_else(String::new, |e| e.to_string_lossy().into_owned());
                return Opened::Item(ReadItem::Error(InputError::new(
                    input,
                    None,
                    InputErrorKind::Unsupported,
                    format!("a .{extension} file that is not a feed (no <rss>, <feed> or <rdf:RDF> root, no JSON Feed version)"),
                )));
            }
        }
    }
    match format {
        InputFormat::Feed => Opened::Records(Box::new(FeedItems::new(
            &bytes,
            input,
            None,
            fetcher.cloned(),
        ))),
        InputFormat::Html => Opened::Item(page_to_item(Page {
            input: input.to_string(),
            url: None,
            captured: None,
            content_type: None,
            bytes,
            location: None,
        })),
        _ => Opened::Item(crate::text::article_from_bytes(bytes, input)),
    }
}

/// Why reading a whole input failed.
enum LimitedReadError {
    Io(io::Error),
    TooLarge,
}

impl LimitedReadError {
    fn named(self, input: &str, max_bytes: u64) -> ReadItem {
        match self {
            LimitedReadError::Io(error) => io_error(input, &error),
            LimitedReadError::TooLarge => ReadItem::Error(InputError::new(
                input,
                None,
                InputErrorKind::TooLarge,
                crate::decode::stream_too_large_reason("input", max_bytes),
            )),
        }
    }
}

/// Read all of `reader`, up to `max_bytes`.
fn read_limited<R: Read>(reader: R, max_bytes: u64) -> Result<Vec<u8>, LimitedReadError> {
    let mut bytes = Vec::new();
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(LimitedReadError::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(LimitedReadError::TooLarge);
    }
    Ok(bytes)
}

/// The pages of a WARC file as articles, and its error and skip records.
fn warc_items<R: Read + Send + 'static>(
    reader: R,
    input: &str,
    max_bytes: u64,
) -> impl Iterator<Item = ReadItem> + Send {
    WarcPages::new(reader, input, max_bytes).map(|item| match item {
        WarcItem::Page(page) => page_to_item(page),
        WarcItem::Error(error) => ReadItem::Error(error),
    })
}

/// Fetch a URL named as an input: a feed gives its items, an HTML page one article.
fn open_url(url: &str, options: &ReadOptions, fetcher: Option<&Fetcher>) -> Opened {
    let Some(fetcher) = fetcher else {
        return Opened::Item(ReadItem::Error(InputError::new(
            url,
            None,
            InputErrorKind::Unsupported,
            "fetching is off",
        )));
    };
    let fetched = match fetcher.fetch(url) {
        Ok(fetched) => fetched,
        Err(error) => {
            return Opened::Item(ReadItem::Error(InputError::new(
                url,
                None,
                error.kind(),
                format!("fetching: {error}"),
            )))
        }
    };
    let media = fetched.content_type.as_deref().map(media_type);
    let declared_feed = media
        .as_deref()
        .is_some_and(|m| m.contains("rss") || m.contains("atom") || m == "application/feed+json");
    let format = match options.format {
        Some(format) => format,
        None if declared_feed || sniff_feed(&fetched.bytes) => InputFormat::Feed,
        None if is_html(fetched.content_type.as_deref(), &fetched.bytes) => InputFormat::Html,
        None => {
            let what = fetched.content_type.as_deref().unwrap_or("no content type");
            return Opened::Item(ReadItem::Error(InputError::new(
                url,
                None,
                InputErrorKind::Unsupported,
                format!("{what}, neither an HTML page nor a feed"),
            )));
        }
    };
    match format {
        InputFormat::Feed => {
            let base = fetched.url.clone();
            Opened::Records(Box::new(FeedItems::new(
                &fetched.bytes,
                url,
                Some(&base),
                Some(fetcher.clone()),
            )))
        }
        InputFormat::Warc => {
            let bytes = fetched.bytes;
            Opened::Records(Box::new(warc_items(
                io::Cursor::new(bytes),
                url,
                options.max_bytes,
            )))
        }
        InputFormat::Text => Opened::Item(crate::text::article_from_bytes(fetched.bytes, url)),
        InputFormat::Jsonl => Opened::Records(Box::new(read_jsonl(
            io::Cursor::new(fetched.bytes),
            url,
            options.max_bytes,
        ))),
        InputFormat::Html => Opened::Item(page_to_item(fetched.into_page(url))),
    }
}

/// Read a stream such as standard input. The format is `options.format` when set; otherwise
/// the stream is JSONL when its first non-whitespace character is `{`, and one text article
/// otherwise. `input` names it in origins and errors.
pub fn read_stream<R: Read + Send + 'static>(
    reader: R,
    input: &str,
    options: &ReadOptions,
) -> Box<dyn Iterator<Item = ReadItem> + Send> {
    let mut reader = BufReader::with_capacity(JSONL_BUFFER_BYTES, reader);
    let format = match options.format {
        Some(format) => format,
        None => loop {
            match reader.fill_buf() {
                Ok(start) => break sniff_stream(start),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                // Reading again reports the error.
                Err(_) => break InputFormat::Text,
            }
        },
    };
    match format {
        InputFormat::Jsonl => Box::new(read_jsonl(reader, input, options.max_bytes)),
        InputFormat::Text => Box::new(std::iter::once(read_text(reader, input, options.max_bytes))),
        InputFormat::Warc => Box::new(warc_items(reader, input, options.max_bytes)),
        InputFormat::Html | InputFormat::Feed => {
            let bytes = match read_limited(reader, options.max_bytes) {
                Ok(bytes) => bytes,
                Err(error) => {
                    return Box::new(std::iter::once(error.named(input, options.max_bytes)))
                }
            };
            if format == InputFormat::Feed {
                let fetcher = options.fetch.clone().map(Fetcher::new);
                Box::new(FeedItems::new(&bytes, input, None, fetcher))
            } else {
                Box::new(std::iter::once(page_to_item(Page {
                    input: input.to_string(),
                    url: None,
                    captured: None,
                    content_type: None,
                    bytes,
                    location: None,
                })))
            }
        }
    }
}

/// The format of a stream by its first bytes: WARC (`WARC/` or gzip), a feed, HTML, JSONL
/// (first non-whitespace character `{`), else text.
fn sniff_stream(start: &[u8]) -> InputFormat {
    let markup = start
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<');
    if start.starts_with(b"WARC/") || start.starts_with(&[0x1f, 0x8b]) {
        InputFormat::Warc
    } else if sniff_feed(start) {
        InputFormat::Feed
    } else if markup && crate::warc::sniff_html(start) {
        InputFormat::Html
    } else {
        sniff_format(start)
    }
}

/// JSONL when the first character that is not whitespace (after a byte-order mark) is `{`.
fn sniff_format(start: &[u8]) -> InputFormat {
    let (body, step, offset) = match ByteOrderMark::detect(start) {
        Some(ByteOrderMark::Utf8) => (&start[3..], 1, 0),
        // The ASCII byte of each UTF-16 code unit, and a zero byte beside it.
        Some(ByteOrderMark::Utf16 { big_endian: false }) => (&start[2..], 2, 0),
        Some(ByteOrderMark::Utf16 { big_endian: true }) => (&start[2..], 2, 1),
        None => (start, 1, 0),
    };
    let first = body
        .chunks(step)
        .filter(|unit| unit.len() == step)
        .map(|unit| {
            let other_bytes_zero = unit.iter().enumerate().all(|(i, &b)| i == offset || b == 0);
            (unit[offset], other_bytes_zero)
        })
        .find(|(byte, _)| !byte.is_ascii_whitespace());
    match first {
        Some((b'{', true)) => InputFormat::Jsonl,
        _ => InputFormat::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(sniff_format(b"  \n{\"text\":1}"), InputFormat::Jsonl);
        assert_eq!(sniff_format(b"\xEF\xBB\xBF{"), InputFormat::Jsonl);
        assert_eq!(sniff_format(b"\xFF\xFE \0{\0"), InputFormat::Jsonl);
        assert_eq!(sniff_format(b"\xFE\xFF\0{"), InputFormat::Jsonl);
        assert_eq!(sniff_format(b"\xFF\xFE{\x01"), InputFormat::Text);
        assert_eq!(sniff_format(b"Headline {x}"), InputFormat::Text);
        assert_eq!(sniff_format(b""), InputFormat::Text);
    }
}
