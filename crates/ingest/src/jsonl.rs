//! JSON Lines: one article per line, read line by line in constant memory.

use std::io::{self, BufRead, BufReader, Read};

use newsgraph_core::{article_id, Article, InputError, InputErrorKind, Origin};
use serde_json::{Map, Value};
use thiserror::Error;

use crate::date::normalize_date;
use crate::decode::{
    check_not_binary, describe_io_error, too_large_reason, ByteOrderMark, Utf16Decoder, Utf16Error,
    BINARY_SAMPLE_BYTES,
};
use crate::ReadItem;

/// Fields holding the article text, in order of preference.
pub const TEXT_FIELDS: [&str; 3] = ["text", "body", "content"];
const TITLE_FIELDS: [&str; 2] = ["title", "headline"];
const URL_FIELDS: [&str; 2] = ["url", "link"];
const PUBLISHED_FIELDS: [&str; 3] = ["published", "date", "published_at"];
const SOURCE_FIELDS: [&str; 1] = ["source"];
const BYLINE_FIELDS: [&str; 3] = ["byline", "author", "authors"];
const LANGUAGE_FIELDS: [&str; 2] = ["language", "lang"];

/// The records of a JSONL input, one [`ReadItem`] per non-blank line (see the crate docs).
/// Created by [`read_jsonl`].
pub struct JsonlRecords<R: BufRead> {
    input: String,
    max_line_bytes: u64,
    stream: DecodedStream<R>,
    /// Number of the last line read (1-based).
    line_number: u64,
    line: Vec<u8>,
    /// An error found when opening, yielded first.
    opening_error: Option<InputError>,
    yielded_any: bool,
    finished: bool,
}

/// Read JSONL from `reader`. Each line over `max_line_bytes` is reported as too large and
/// skipped without being held in memory. `input` names the source in origins and errors.
pub fn read_jsonl<R: BufRead>(reader: R, input: &str, max_line_bytes: u64) -> JsonlRecords<R> {
    JsonlRecords::new(reader, input, max_line_bytes)
}

/// The input as UTF-8: as is, or decoded from UTF-16 announced by a byte-order mark.
enum DecodedStream<R: BufRead> {
    Utf8(R),
    Utf16(BufReader<Utf16Decoder<R>>),
}

impl<R: BufRead> Read for DecodedStream<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            DecodedStream::Utf8(reader) => reader.read(buf),
            DecodedStream::Utf16(reader) => reader.read(buf),
        }
    }
}

impl<R: BufRead> BufRead for DecodedStream<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            DecodedStream::Utf8(reader) => reader.fill_buf(),
            DecodedStream::Utf16(reader) => reader.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match self {
            DecodedStream::Utf8(reader) => reader.consume(amount),
            DecodedStream::Utf16(reader) => reader.consume(amount),
        }
    }
}

impl<R: BufRead> JsonlRecords<R> {
    fn new(mut reader: R, input: &str, max_line_bytes: u64) -> Self {
        // Look at the start: a byte-order mark, or binary data.
        let opening = loop {
            match reader.fill_buf() {
                Ok(start) => {
                    let bom = ByteOrderMark::detect(start);
                    let bom_len = bom.map_or(0, ByteOrderMark::len);
                    let binary = match bom {
                        Some(ByteOrderMark::Utf16 { .. }) => Ok(()),
                        _ => {
                            check_not_binary(&start[bom_len..start.len().min(BINARY_SAMPLE_BYTES)])
                        }
                    };
                    break Ok((bom, binary));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(e),
            }
        };
        let mut opening_error = None;
        let mut utf16_big_endian = None;
        match opening {
            Err(error) => {
                opening_error = Some(InputError::new(
                    input,
                    None,
                    InputErrorKind::Io,
                    format!("read error: {}", describe_io_error(&error)),
                ));
            }
            Ok((bom, binary)) => {
                if let Err(error) = binary {
                    opening_error = Some(InputError::new(
                        input,
                        None,
                        error.kind(),
                        error.to_string(),
                    ));
                }
                if let Some(ByteOrderMark::Utf16 { big_endian }) = bom {
                    utf16_big_endian = Some(big_endian);
                }
                reader.consume(bom.map_or(0, ByteOrderMark::len));
            }
        }
        let stream = match utf16_big_endian {
            Some(big_endian) => {
                DecodedStream::Utf16(BufReader::new(Utf16Decoder::new(reader, big_endian, 2)))
            }
            None => DecodedStream::Utf8(reader),
        };
        JsonlRecords {
            input: input.to_string(),
            max_line_bytes,
            stream,
            line_number: 0,
            line: Vec::new(),
            finished: opening_error.is_some(),
            opening_error,
            yielded_any: false,
        }
    }

    fn error(&self, kind: InputErrorKind, reason: impl Into<String>) -> ReadItem {
        ReadItem::Error(InputError::new(
            &self.input,
            Some(self.line_number),
            kind,
            reason,
        ))
    }

    fn next_item(&mut self) -> Option<ReadItem> {
        if let Some(error) = self.opening_error.take() {
            return Some(ReadItem::Error(error));
        }
        while !self.finished {
            let outcome = read_bounded_line(&mut self.stream, &mut self.line, self.max_line_bytes);
            match outcome {
                Err(error) => {
                    self.finished = true;
                    self.line_number += 1;
                    return Some(match Utf16Error::from_io(&error) {
                        Some(utf16) => self.error(InputErrorKind::InvalidUtf8, utf16.to_string()),
                        None => self.error(
                            InputErrorKind::Io,
                            format!("read error: {}", describe_io_error(&error)),
                        ),
                    });
                }
                Ok(LineRead::End) => {
                    self.finished = true;
                    if !self.yielded_any {
                        let reason = if self.line_number == 0 {
                            "file is empty"
                        } else {
                            "file holds only blank lines"
                        };
                        return Some(ReadItem::Error(InputError::new(
                            &self.input,
                            None,
                            InputErrorKind::Empty,
                            reason,
                        )));
                    }
                }
                Ok(LineRead::TooLong { bytes }) => {
                    self.line_number += 1;
                    return Some(self.error(
                        InputErrorKind::TooLarge,
                        too_large_reason("line", bytes, self.max_line_bytes),
                    ));
                }
                Ok(LineRead::Line) => {
                    self.line_number += 1;
                    if let Some(item) = self.parse_line() {
                        return Some(item);
                    }
                }
            }
        }
        None
    }

    /// The record on the current line, or `None` for a blank line.
    fn parse_line(&self) -> Option<ReadItem> {
        let bytes = self.line.strip_suffix(b"\r").unwrap_or(&self.line);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        if let Some(offset) = memchr::memchr(0, bytes) {
            return Some(self.error(
                InputErrorKind::Binary,
                format!("binary data (NUL byte at byte {offset} of the line)"),
            ));
        }
        let line = match std::str::from_utf8(bytes) {
            Ok(line) => line,
            Err(error) => {
                return Some(self.error(
                    InputErrorKind::InvalidUtf8,
                    format!("invalid UTF-8 at byte {} of the line", error.valid_up_to()),
                ))
            }
        };
        Some(match article_from_json(line) {
            Ok(mut article) => {
                article.origin = Some(Origin::new(&self.input, Some(self.line_number)));
                ReadItem::Article(article)
            }
            Err(error) => self.error(error.kind(), error.to_string()),
        })
    }
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = ReadItem;

    fn next(&mut self) -> Option<ReadItem> {
        let item = self.next_item();
        self.yielded_any |= item.is_some();
        item
    }
}

impl<R: BufRead> std::iter::FusedIterator for JsonlRecords<R> {}

/// What [`read_bounded_line`] found.
#[derive(Debug, PartialEq, Eq)]
enum LineRead {
    /// A line (possibly empty) is in the buffer, without its `\n`.
    Line,
    /// A line of `bytes` bytes (without its `\n`), over the limit, was read and dropped.
    TooLong { bytes: u64 },
    /// No more input.
    End,
}

/// Read the next line into `line` (cleared first), keeping at most `max_bytes` bytes of it in
/// memory; the rest of a longer line is read and dropped.
fn read_bounded_line<R: BufRead>(
    reader: &mut R,
    line: &mut Vec<u8>,
    max_bytes: u64,
) -> io::Result<LineRead> {
    line.clear();
    let mut length: u64 = 0;
    let mut read_any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        read_any = true;
        let newline = memchr::memchr(b'\n', available);
        let content = &available[..newline.unwrap_or(available.len())];
        length = length.saturating_add(content.len() as u64);
        if length <= max_bytes {
            line.extend_from_slice(content);
        } else {
            line.clear();
        }
        let consumed = content.len() + usize::from(newline.is_some());
        reader.consume(consumed);
        if newline.is_some() {
            break;
        }
    }
    Ok(match (read_any, length > max_bytes) {
        (false, _) => LineRead::End,
        (true, true) => LineRead::TooLong { bytes: length },
        (true, false) => LineRead::Line,
    })
}

/// Why a JSON line is not an article. `Display` is the reason in the error record.
#[derive(Debug, Error)]
enum RecordError {
    #[error("malformed JSON: {0}")]
    Malformed(String),
    #[error("expected a JSON object, found {0}")]
    NotAnObject(&'static str),
    #[error("no \"text\" field (nor \"body\" or \"content\")")]
    NoText,
    #[error("\"{field}\" is {found}, not a string")]
    TextNotString {
        field: &'static str,
        found: &'static str,
    },
    #[error("\"{field}\" is empty")]
    TextEmpty { field: &'static str },
}

impl RecordError {
    fn kind(&self) -> InputErrorKind {
        match self {
            RecordError::Malformed(_) | RecordError::NotAnObject(_) => {
                InputErrorKind::MalformedJson
            }
            RecordError::NoText
            | RecordError::TextNotString { .. }
            | RecordError::TextEmpty { .. } => InputErrorKind::MissingText,
        }
    }
}

fn describe_json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message with its position given as a column (a line is always line 1).
fn describe_json_error(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(bare) => format!("{bare} at column {}", error.column()),
        None => message,
    }
}

/// The article in one JSON line (origin not set).
fn article_from_json(line: &str) -> Result<Article, RecordError> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| RecordError::Malformed(describe_json_error(&e)))?;
    let Value::Object(mut fields) = value else {
        return Err(RecordError::NotAnObject(describe_json_type(&value)));
    };
    let (field, text) = TEXT_FIELDS
        .iter()
        .find_map(|&name| match fields.remove(name) {
            None | Some(Value::Null) => None,
            Some(value) => Some((name, value)),
        })
        .ok_or(RecordError::NoText)?;
    let text = match text {
        Value::String(text) => text,
        other => {
            return Err(RecordError::TextNotString {
                field,
                found: describe_json_type(&other),
            })
        }
    };
    if text.trim().is_empty() {
        return Err(RecordError::TextEmpty { field });
    }
    let url = take_metadata(&mut fields, &URL_FIELDS);
    Ok(Article {
        id: article_id(&text, url.as_deref()),
        url,
        source: take_metadata(&mut fields, &SOURCE_FIELDS),
        title: take_metadata(&mut fields, &TITLE_FIELDS),
        byline: take_metadata(&mut fields, &BYLINE_FIELDS),
        published: take_metadata(&mut fields, &PUBLISHED_FIELDS).map(|d| normalize_date(&d)),
        language: take_metadata(&mut fields, &LANGUAGE_FIELDS),
        text,
        origin: None,
        ..Article::default()
    })
}

/// The first usable value among `names`: a string (trimmed, non-empty), a number, or an
/// array of strings (joined with `, `, as for several authors). Other values count as absent.
fn take_metadata(fields: &mut Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|&name| match fields.remove(name)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<&str> = items
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(input: &[u8], max: u64) -> Vec<(LineRead, Vec<u8>)> {
        // A tiny buffer so that lines span several fills.
        let mut reader = BufReader::with_capacity(3, input);
        let mut line = Vec::new();
        let mut out = Vec::new();
        loop {
            let read = read_bounded_line(&mut reader, &mut line, max).unwrap();
            if read == LineRead::End {
                return out;
            }
            out.push((read, line.clone()));
        }
    }

    #[test]
    fn bounded_lines_split_and_drop_long_ones() {
        let lines = lines_of(b"abc\n\nabcdefgh\nxy", 5);
        assert_eq!(
            lines,
            vec![
                (LineRead::Line, b"abc".to_vec()),
                (LineRead::Line, Vec::new()),
                (LineRead::TooLong { bytes: 8 }, Vec::new()),
                (LineRead::Line, b"xy".to_vec()),
            ]
        );
        assert_eq!(lines_of(b"", 5), vec![]);
        assert_eq!(lines_of(b"a\n", 5), vec![(LineRead::Line, b"a".to_vec())]);
    }

    #[test]
    fn fields_aliases_and_metadata() {
        let article = article_from_json(
            r#"{"body":"Rain fell.","headline":" Rain ","link":"https://example.org/r","date":"March 14, 2026","authors":["A. One","B. Two"],"lang":"en","source":"Example Wire","extra":{"x":1}}"#,
        )
        .unwrap();
        assert_eq!(article.text, "Rain fell.");
        assert_eq!(article.title.as_deref(), Some("Rain"));
        assert_eq!(article.url.as_deref(), Some("https://example.org/r"));
        assert_eq!(article.published.as_deref(), Some("2026-03-14"));
        assert_eq!(article.byline.as_deref(), Some("A. One, B. Two"));
        assert_eq!(article.language.as_deref(), Some("en"));
        assert_eq!(article.source.as_deref(), Some("Example Wire"));
        assert_eq!(
            article.id,
            article_id("Rain fell.", Some("https://example.org/r"))
        );
    }

    #[test]
    fn text_wins_over_aliases_and_given_id_is_ignored() {
        let article =
            article_from_json(r#"{"id":"forged","text":"A.","body":"B.","content":null}"#).unwrap();
        assert_eq!(article.text, "A.");
        assert_eq!(article.id, article_id("A.", None));
    }

    #[test]
    fn record_errors_read_well() {
        let reason = |line: &str| {
            let error = article_from_json(line).unwrap_err();
            (error.kind(), error.to_string())
        };
        assert_eq!(
            reason(r#"{"text": }"#),
            (
                InputErrorKind::MalformedJson,
                "malformed JSON: expected value at column 10".to_string()
            )
        );
        assert_eq!(
            reason("[1, 2]"),
            (
                InputErrorKind::MalformedJson,
                "expected a JSON object, found an array".to_string()
            )
        );
        assert_eq!(
            reason(r#"{"title":"T"}"#),
            (
                InputErrorKind::MissingText,
                "no \"text\" field (nor \"body\" or \"content\")".to_string()
            )
        );
        assert_eq!(
            reason(r#"{"text":5}"#),
            (
                InputErrorKind::MissingText,
                "\"text\" is a number, not a string".to_string()
            )
        );
        assert_eq!(
            reason(r#"{"content":"  "}"#),
            (
                InputErrorKind::MissingText,
                "\"content\" is empty".to_string()
            )
        );
    }
}
