//! Walking the inputs: files, directories, standard input, in order.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use newsgraph_core::{InputError, InputErrorKind};
use walkdir::{DirEntry, WalkDir};

use crate::decode::{describe_io_error, too_large_reason, ByteOrderMark};
use crate::jsonl::read_jsonl;
use crate::text::read_text;
use crate::{InputFormat, ReadItem, ReadOptions};

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
    /// The JSONL file (or stream) being read.
    records: Option<Records>,
}

pub(crate) fn read_inputs(inputs: &[String], options: &ReadOptions) -> ReadInputs {
    ReadInputs {
        inputs: inputs.iter().cloned().collect(),
        options: options.clone(),
        walk: None,
        records: None,
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
        loop {
            if let Some(records) = &mut self.records {
                match records.next() {
                    Some(item) => return Some(item),
                    None => self.records = None,
                }
            }
            let opened = if let Some((root, walk)) = &mut self.walk {
                match walk.next() {
                    Some(entry) => open_directory_entry(entry, root, &self.options),
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
                let format = self
                    .options
                    .format
                    .unwrap_or_else(|| InputFormat::for_named_file(path));
                Some(open_file(path, input, format, self.options.max_bytes))
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
    let format = match options.format {
        Some(format) => format,
        None => {
            match InputFormat::for_file_in_directory(path) {
                Some(format) => format,
                None => {
                    let found = match path.extension() {
                        Some(extension) => {
                            format!("unsupported file type .{}", extension.to_string_lossy())
                        }
                        None => "file has no extension".to_string(),
                    };
                    return skipped(
                    &input,
                    format!("{found} (directories are read for .txt, .text, .jsonl and .ndjson files)"),
                );
                }
            }
        }
    };
    Some(open_file(path, &input, format, options.max_bytes))
}

/// Open a file (or another readable thing, such as a named pipe) as `format`.
fn open_file(path: &Path, input: &str, format: InputFormat, max_bytes: u64) -> Opened {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) => return Opened::Item(io_error(input, &error)),
    };
    match format {
        InputFormat::Jsonl => Opened::Records(Box::new(read_jsonl(
            BufReader::with_capacity(JSONL_BUFFER_BYTES, file),
            input,
            max_bytes,
        ))),
        InputFormat::Text => {
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
            Opened::Item(read_text(file, input, max_bytes))
        }
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
                Ok(start) => break sniff_format(start),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                // Reading again reports the error.
                Err(_) => break InputFormat::Text,
            }
        },
    };
    match format {
        InputFormat::Jsonl => Box::new(read_jsonl(reader, input, options.max_bytes)),
        InputFormat::Text => Box::new(std::iter::once(read_text(reader, input, options.max_bytes))),
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
