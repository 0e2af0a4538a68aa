//! Readers: turn files, directories and standard input into [`Article`]s, and every input
//! that cannot be read into an [`InputError`] record naming it (file, line) and saying why.
//! Nothing is dropped silently, and nothing stops the rest: [`read_inputs`] streams one
//! [`ReadItem`] after another, in input order.
//!
//! # Inputs
//!
//! * **`-`** is standard input. Its format is the forced one ([`ReadOptions::format`]), else
//!   JSONL when its first non-whitespace character is `{`, else one text article.
//! * **A file named explicitly** is read whatever its extension: `.jsonl` / `.ndjson` as
//!   JSONL, anything else as text (unless a format is forced).
//! * **A directory** is walked recursively, entries sorted by file name at each level
//!   (deterministic; files and subdirectories interleave by name). Read: `.txt` / `.text` as
//!   text, `.jsonl` / `.ndjson` as JSONL (extensions case-insensitive). Any other file —
//!   other extensions, no extension (`README`, `LICENSE`), hidden files (`.DS_Store`),
//!   sockets and pipes — yields an [`InputErrorKind::Unsupported`] record: a skip, not a
//!   failure. With a forced format every regular, non-hidden file is read in that format.
//!   Hidden *directories* below the root (`.git`, `.cache`) are not entered at all: they hold
//!   tool state, not articles, and listing their contents as skips would drown the output.
//!   Symbolic links are followed; loops are reported as errors.
//! * **A path that does not exist** (or cannot be opened) yields an [`InputErrorKind::Io`]
//!   record.
//!
//! # Text files
//!
//! One file is one article. An optional header of `Key: value` lines comes first:
//!
//! ```text
//! Title: Floods close the coast road
//! Date: 14 March 2026
//! Source: Example Gazette
//! URL: https://example.org/floods
//!
//! The body starts here…
//! ```
//!
//! Keys (case-insensitive): `Title`; `Date` or `Published` (normalised, see below);
//! `Source`; `URL` or `Link`; `Byline` or `Author`; `Language` or `Lang`. The header ends at
//! the first line that is not a known `Key: value` line; blank lines after it are consumed.
//! [`Article::text`] is the body exactly as in the file from there on (line endings, spacing
//! and trailing newline kept), so every span points into it. Without a header the whole file
//! is the text, untouched — no headline is guessed from the first line.
//!
//! # JSONL files
//!
//! One JSON object per line, read line by line (constant memory, any file size):
//!
//! ```text
//! {"text": "The body…", "title": "…", "url": "…", "published": "2026-03-14", "source": "…"}
//! ```
//!
//! | field | also accepted |
//! |---|---|
//! | `text` (required, non-empty string) | `body`, `content` (first present wins) |
//! | `title` | `headline` |
//! | `url` | `link` |
//! | `published` (normalised) | `date`, `published_at` |
//! | `source` | |
//! | `byline` | `author`, `authors` (a list of strings is joined with `, `) |
//! | `language` | `lang` |
//!
//! Metadata values that are strings are trimmed; numbers are written out; empty strings,
//! `null`, objects and other types count as absent. Unknown fields are ignored. An `id`
//! field is ignored too: the id is always [`article_id`](newsgraph_core::article_id) of the
//! text and URL. Blank lines are ignored (they still count for line numbers). Each article's
//! origin is the file and its 1-based line; line endings may be `\n` or `\r\n`.
//!
//! # Decoding and bad input
//!
//! A UTF-8 byte-order mark is removed; UTF-16 (LE or BE) with a byte-order mark is decoded.
//! Other text must be UTF-8. The size limit ([`ReadOptions::max_bytes`]) applies to each text
//! file and to each JSONL line, not to a JSONL file as a whole. Errors, with their reasons:
//!
//! | kind | example reason |
//! |---|---|
//! | `Io` | `no such file or directory` |
//! | `Binary` | `binary file (NUL byte at offset 12)`, `binary file (90 control characters in the first 100 bytes)` |
//! | `InvalidUtf8` | `invalid UTF-8 at byte 40 (line 3)`; per JSONL line: `invalid UTF-8 at byte 7 of the line` |
//! | `Empty` | `file is empty`, `file holds only whitespace`, `no article text after the header` |
//! | `TooLarge` | `file is 60.1 MiB, over the 50 MiB limit (--max-bytes)` |
//! | `MalformedJson` | `malformed JSON: expected value at column 3`, `expected a JSON object, found an array` |
//! | `MissingText` | `no "text" field (nor "body" or "content")`, `"text" is empty` |
//! | `Unsupported` | `unsupported file type .md (…)`, `hidden file` (skips) |
//!
//! A file is binary if it contains a NUL byte, or if more than one byte in ten of its first
//! 8 KiB is a control character other than tab, line feed, form feed and carriage return.
//! Every input yields at least one item: an empty JSONL file gives an `Empty` record.
//!
//! # Dates
//!
//! `Date:` headers and JSONL `published` values are normalised to ISO 8601 by
//! [`normalize_date`] when they are unambiguous (`14 March 2026` → `2026-03-14`,
//! `Sat, 14 Mar 2026 09:30:00 GMT` → `2026-03-14T09:30:00Z`); otherwise (`03/04/2026`,
//! unknown zones) they are kept as given.

mod date;
mod decode;
pub mod dedup;
pub mod feed;
pub mod fetch;
mod header;
mod inputs;
mod jsonl;
pub mod language;
mod page;
mod text;
pub mod warc;

use std::path::Path;
use std::str::FromStr;

use newsgraph_core::{Article, InputError, InputErrorKind};
use thiserror::Error;

pub use date::normalize_date;
pub use dedup::{DedupOptions, Deduplicator};
pub use feed::FeedItems;
pub use fetch::{FetchOptions, Fetcher};
pub use inputs::{read_stream, ReadInputs, STDIN_NAME};
pub use jsonl::{read_jsonl, JsonlRecords, TEXT_FIELDS};
pub use page::{page_to_item, Page};
pub use text::read_text;

/// The default size limit: 50 MiB per text file or JSONL line.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// How an input is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// One article per file, with an optional header.
    Text,
    /// One article per line, as a JSON object.
    Jsonl,
    /// One web page per file: main text and metadata extracted.
    Html,
    /// A web archive (`.warc`, `.warc.gz`): its HTML responses.
    Warc,
    /// An RSS, Atom or JSON Feed: one article per item.
    Feed,
}

/// Extensions read in a directory walk, for the skip message.
const DIRECTORY_EXTENSIONS: &str =
    ".txt, .text, .jsonl, .ndjson, .html, .htm, .warc, .warc.gz, .rss, .atom and feed .xml / .json";

impl InputFormat {
    /// The format of a file named explicitly: by extension (see
    /// [`for_file_in_directory`](Self::for_file_in_directory)), text otherwise. A `.xml` or
    /// `.json` file that turns out not to be a feed is read as text.
    pub fn for_named_file(path: &Path) -> InputFormat {
        Self::for_file_in_directory(path).unwrap_or(InputFormat::Text)
    }

    /// The format of a file met in a directory walk, or `None` when such files are skipped:
    /// `.txt` / `.text` are text, `.jsonl` / `.ndjson` JSONL, `.html` / `.htm` / `.xhtml`
    /// HTML, `.warc` / `.warc.gz` WARC, `.rss` / `.atom` feeds; `.xml` and `.json` are feeds
    /// when their start says so (checked when the file is opened).
    pub fn for_file_in_directory(path: &Path) -> Option<InputFormat> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".warc.gz") {
            return Some(InputFormat::Warc);
        }
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "warc" => Some(InputFormat::Warc),
            "rss" | "atom" | "xml" | "json" => Some(InputFormat::Feed),
            _ => None,
        }
    }

    /// Whether the extension only suggests a feed, to be confirmed by the file's start
    /// (`.xml`, `.json`).
    pub(crate) fn feed_needs_sniffing(path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xml") || e.eq_ignore_ascii_case("json"))
    }
}

impl std::fmt::Display for InputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            InputFormat::Text => "text",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Html => "html",
            InputFormat::Warc => "warc",
            InputFormat::Feed => "feed",
        })
    }
}

/// A format name that is not one of the known ones.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "unknown input format {0:?} (expected \"text\", \"jsonl\", \"html\", \"warc\" or \"feed\")"
)]
pub struct UnknownInputFormat(pub String);

impl FromStr for InputFormat {
    type Err = UnknownInputFormat;

    /// `txt` / `text`, `jsonl` / `ndjson`, `html` / `htm`, `warc`, or `feed` / `rss` /
    /// `atom` / `jsonfeed`; case-insensitive.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.trim().to_ascii_lowercase().as_str() {
            "txt" | "text" => Ok(InputFormat::Text),
            "jsonl" | "ndjson" => Ok(InputFormat::Jsonl),
            "html" | "htm" => Ok(InputFormat::Html),
            "warc" => Ok(InputFormat::Warc),
            "feed" | "rss" | "atom" | "jsonfeed" => Ok(InputFormat::Feed),
            _ => Err(UnknownInputFormat(name.to_string())),
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Largest text file, HTML page, feed, JSONL line or WARC record to read, in bytes.
    /// Default [`DEFAULT_MAX_BYTES`].
    pub max_bytes: u64,
    /// Read every input as this format instead of choosing by file extension (or, for
    /// standard input, by its first bytes).
    pub format: Option<InputFormat>,
    /// How URLs named as inputs, and feed items without complete content, are fetched;
    /// `None` fetches nothing (such inputs give error records).
    pub fetch: Option<FetchOptions>,
    /// Identify the language of articles that do not declare one (see [`language`]).
    pub identify_language: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            format: None,
            fetch: Some(FetchOptions::default()),
            identify_language: true,
        }
    }
}

/// One result of reading: an article, or the record of an input that did not become one.
#[derive(Debug, Clone, PartialEq)]
// Articles are the common case: boxing them would add an allocation per article for the
// sake of the rare error.
#[allow(clippy::large_enum_variant)]
pub enum ReadItem {
    Article(Article),
    /// An error of kind [`InputErrorKind::Unsupported`] is a skip, not a failure.
    Error(InputError),
}

impl ReadItem {
    /// Whether this is the record of an input deliberately passed over.
    pub fn is_skip(&self) -> bool {
        matches!(self, ReadItem::Error(error) if error.kind.is_skip())
    }

    /// Whether this is an error that is not a skip.
    pub fn is_failure(&self) -> bool {
        matches!(self, ReadItem::Error(error) if !error.kind.is_skip())
    }

    /// The error kind, for errors.
    pub fn error_kind(&self) -> Option<InputErrorKind> {
        match self {
            ReadItem::Article(_) => None,
            ReadItem::Error(error) => Some(error.kind),
        }
    }
}

impl From<Article> for ReadItem {
    fn from(article: Article) -> Self {
        ReadItem::Article(article)
    }
}

impl From<InputError> for ReadItem {
    fn from(error: InputError) -> Self {
        ReadItem::Error(error)
    }
}

/// Read `inputs` in order — files, directories (recursively) and `-` for standard input — as
/// a stream of articles and error records. Files are opened one at a time as the iterator
/// advances; JSONL is read line by line. See the crate docs for formats and errors.
pub fn read_inputs(inputs: &[String], options: &ReadOptions) -> ReadInputs {
    inputs::read_inputs(inputs, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names() {
        for (name, format) in [
            ("txt", InputFormat::Text),
            ("Text", InputFormat::Text),
            ("jsonl", InputFormat::Jsonl),
            ("NDJSON", InputFormat::Jsonl),
        ] {
            assert_eq!(name.parse::<InputFormat>(), Ok(format));
        }
        for (name, format) in [
            ("HTML", InputFormat::Html),
            ("warc", InputFormat::Warc),
            ("rss", InputFormat::Feed),
            ("jsonfeed", InputFormat::Feed),
        ] {
            assert_eq!(name.parse::<InputFormat>(), Ok(format));
        }
        let error = "csv".parse::<InputFormat>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown input format \"csv\" (expected \"text\", \"jsonl\", \"html\", \"warc\" or \"feed\")"
        );
        assert_eq!(InputFormat::Jsonl.to_string(), "jsonl");
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(
            InputFormat::for_named_file(Path::new("a/b.NDJSON")),
            InputFormat::Jsonl
        );
        assert_eq!(
            InputFormat::for_named_file(Path::new("a/b.json")),
            InputFormat::Feed
        );
        assert_eq!(
            InputFormat::for_named_file(Path::new("crawl.WARC.gz")),
            InputFormat::Warc
        );
        assert_eq!(
            InputFormat::for_file_in_directory(Path::new("page.htm")),
            Some(InputFormat::Html)
        );
        assert_eq!(InputFormat::for_file_in_directory(Path::new("x.gz")), None);
        assert_eq!(
            InputFormat::for_named_file(Path::new("README")),
            InputFormat::Text
        );
        assert_eq!(InputFormat::for_file_in_directory(Path::new("x.md")), None);
        assert_eq!(
            InputFormat::for_file_in_directory(Path::new("README")),
            None
        );
        assert_eq!(
            InputFormat::for_file_in_directory(Path::new("x.TXT")),
            Some(InputFormat::Text)
        );
    }

    #[test]
    fn read_items_are_send() {
        fn assert_send<T: Send>() {}
        assert_send::<ReadInputs>();
        assert_send::<ReadItem>();
    }
}
