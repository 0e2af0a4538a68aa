//! Bytes to text: byte-order marks, UTF-16, binary detection, UTF-8 validation, sizes.

use std::io::{self, Read};

use newsgraph_core::InputErrorKind;
use thiserror::Error;

/// How much of the start of an input is sampled for control characters.
pub(crate) const BINARY_SAMPLE_BYTES: usize = 8 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16_LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16_BE_BOM: &[u8] = b"\xFE\xFF";

/// The encoding announced by a byte-order mark at the start of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ByteOrderMark {
    Utf8,
    Utf16 { big_endian: bool },
}

impl ByteOrderMark {
    /// The mark at the start of `bytes`, if any.
    pub(crate) fn detect(bytes: &[u8]) -> Option<ByteOrderMark> {
        if bytes.starts_with(UTF8_BOM) {
            Some(ByteOrderMark::Utf8)
        } else if bytes.starts_with(UTF16_LE_BOM) {
            Some(ByteOrderMark::Utf16 { big_endian: false })
        } else if bytes.starts_with(UTF16_BE_BOM) {
            Some(ByteOrderMark::Utf16 { big_endian: true })
        } else {
            None
        }
    }

    /// Length of the mark in bytes.
    pub(crate) fn len(self) -> usize {
        match self {
            ByteOrderMark::Utf8 => UTF8_BOM.len(),
            ByteOrderMark::Utf16 { .. } => UTF16_LE_BOM.len(),
        }
    }
}

/// Why the bytes of a whole-text input are not usable text. `Display` is the human-readable
/// reason written into the error record.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum DecodeError {
    #[error("file is empty")]
    Empty,
    #[error("file holds only whitespace")]
    WhitespaceOnly,
    #[error("binary file (NUL byte at offset {offset})")]
    NulByte { offset: usize },
    #[error("binary file ({count} control characters in the first {sampled} bytes)")]
    ControlCharacters { count: usize, sampled: usize },
    #[error("invalid UTF-8 at byte {offset} (line {line})")]
    InvalidUtf8 { offset: usize, line: usize },
    #[error(transparent)]
    InvalidUtf16(#[from] Utf16Error),
}

impl DecodeError {
    pub(crate) fn kind(&self) -> InputErrorKind {
        match self {
            DecodeError::Empty | DecodeError::WhitespaceOnly => InputErrorKind::Empty,
            DecodeError::NulByte { .. } | DecodeError::ControlCharacters { .. } => {
                InputErrorKind::Binary
            }
            DecodeError::InvalidUtf8 { .. } | DecodeError::InvalidUtf16(_) => {
                InputErrorKind::InvalidUtf8
            }
        }
    }
}

/// A UTF-16 input that does not decode.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid UTF-16 at byte {offset}: {problem}")]
pub(crate) struct Utf16Error {
    /// Byte offset in the input, byte-order mark included.
    pub offset: u64,
    pub problem: &'static str,
}

impl Utf16Error {
    /// The `Utf16Error` carried by an I/O error from [`Utf16Decoder`], if that is what it is.
    pub(crate) fn from_io(error: &io::Error) -> Option<&Utf16Error> {
        error.get_ref().and_then(|inner| inner.downcast_ref())
    }
}

/// Decode a whole-text input: strip a UTF-8 byte-order mark, decode UTF-16 announced by its
/// byte-order mark, reject binary data, invalid UTF-8 and inputs with no text.
pub(crate) fn decode_text(mut bytes: Vec<u8>) -> Result<String, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let text = match ByteOrderMark::detect(&bytes) {
        Some(ByteOrderMark::Utf16 { big_endian }) => {
            let mut decoder = Utf16Decoder::new(&bytes[2..], big_endian, 2);
            let mut decoded = Vec::with_capacity(bytes.len());
            if let Err(error) = decoder.read_to_end(&mut decoded) {
                return Err(match Utf16Error::from_io(&error) {
                    Some(utf16) => DecodeError::InvalidUtf16(utf16.clone()),
                    // Reading from a slice fails only with the decoder's own errors.
                    None => DecodeError::InvalidUtf16(Utf16Error {
                        offset: 0,
                        problem: "unreadable",
                    }),
                });
            }
            check_not_binary(&decoded)?;
            // The decoder writes only whole, valid characters.
            String::from_utf8(decoded)
                .map_err(|e| invalid_utf8(e.as_bytes(), 0, e.utf8_error().valid_up_to()))?
        }
        bom => {
            let bom_len = bom.map_or(0, ByteOrderMark::len);
            check_not_binary(&bytes[bom_len..]).map_err(|e| match e {
                DecodeError::NulByte { offset } => DecodeError::NulByte {
                    offset: offset + bom_len,
                },
                other => other,
            })?;
            bytes.drain(..bom_len);
            match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(error) => {
                    let valid_up_to = error.utf8_error().valid_up_to();
                    return Err(invalid_utf8(error.as_bytes(), bom_len, valid_up_to));
                }
            }
        }
    };
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    if text.trim().is_empty() {
        return Err(DecodeError::WhitespaceOnly);
    }
    Ok(text)
}

/// The error for `bytes` (which follow `offset_shift` bytes of byte-order mark) whose first
/// `valid_up_to` bytes are valid UTF-8.
fn invalid_utf8(bytes: &[u8], offset_shift: usize, valid_up_to: usize) -> DecodeError {
    let line = 1 + memchr::memchr_iter(b'\n', &bytes[..valid_up_to]).count();
    DecodeError::InvalidUtf8 {
        offset: valid_up_to + offset_shift,
        line,
    }
}

/// Binary data: a NUL byte anywhere, or more than one control character in ten among the
/// first [`BINARY_SAMPLE_BYTES`] bytes (tab, line feed, form feed and carriage return are text).
pub(crate) fn check_not_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(DecodeError::NulByte { offset });
    }
    let sample = &bytes[..bytes.len().min(BINARY_SAMPLE_BYTES)];
    let count = sample.iter().filter(|&&b| is_binary_control(b)).count();
    if count > 0 && count * 10 > sample.len() {
        return Err(DecodeError::ControlCharacters {
            count,
            sampled: sample.len(),
        });
    }
    Ok(())
}

fn is_binary_control(byte: u8) -> bool {
    matches!(byte, 0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F)
}

/// A reader that decodes UTF-16 (byte-order mark already removed) into UTF-8, so that the
/// line-oriented JSONL reader can consume UTF-16 input in constant memory. Unpaired
/// surrogates and a dangling odd byte are reported as an `InvalidData` I/O error wrapping a
/// [`Utf16Error`].
pub(crate) struct Utf16Decoder<R> {
    inner: R,
    big_endian: bool,
    /// Decoded UTF-8 not yet handed out.
    decoded: Vec<u8>,
    decoded_pos: usize,
    /// The first byte of a code unit split across two reads.
    odd_byte: Option<u8>,
    /// A high surrogate waiting for its low half, with the offset where it started.
    high_surrogate: Option<(u16, u64)>,
    /// Offset of the next raw byte in the whole input.
    offset: u64,
    at_end: bool,
}

impl<R: Read> Utf16Decoder<R> {
    /// `start_offset` is the offset of the first byte `inner` yields (the length of the
    /// byte-order mark already consumed), so that errors name bytes of the whole input.
    pub(crate) fn new(inner: R, big_endian: bool, start_offset: u64) -> Self {
        Utf16Decoder {
            inner,
            big_endian,
            decoded: Vec::new(),
            decoded_pos: 0,
            odd_byte: None,
            high_surrogate: None,
            offset: start_offset,
            at_end: false,
        }
    }

    fn fail(offset: u64, problem: &'static str) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, Utf16Error { offset, problem })
    }

    fn refill(&mut self) -> io::Result<()> {
        self.decoded.clear();
        self.decoded_pos = 0;
        let mut raw = [0u8; 8 * 1024];
        let read = loop {
            match self.inner.read(&mut raw) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        if read == 0 {
            self.at_end = true;
            if self.odd_byte.is_some() {
                return Err(Self::fail(
                    self.offset - 1,
                    "odd number of bytes (truncated code unit)",
                ));
            }
            if let Some((_, at)) = self.high_surrogate {
                return Err(Self::fail(at, "unpaired surrogate at end of input"));
            }
            return Ok(());
        }
        for &byte in &raw[..read] {
            self.offset += 1;
            let Some(first) = self.odd_byte.take() else {
                self.odd_byte = Some(byte);
                continue;
            };
            let unit = if self.big_endian {
                u16::from_be_bytes([first, byte])
            } else {
                u16::from_le_bytes([first, byte])
            };
            self.push_unit(unit, self.offset - 2)?;
        }
        Ok(())
    }

    fn push_unit(&mut self, unit: u16, unit_offset: u64) -> io::Result<()> {
        let code_point = match (self.high_surrogate.take(), unit) {
            (None, 0xD800..=0xDBFF) => {
                self.high_surrogate = Some((unit, unit_offset));
                return Ok(());
            }
            (None, 0xDC00..=0xDFFF) => {
                return Err(Self::fail(unit_offset, "unpaired low surrogate"));
            }
            (None, _) => u32::from(unit),
            (Some((high, _)), 0xDC00..=0xDFFF) => {
                0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00)
            }
            (Some((_, at)), _) => {
                return Err(Self::fail(at, "unpaired high surrogate"));
            }
        };
        let character = char::from_u32(code_point)
            .ok_or_else(|| Self::fail(unit_offset, "not a Unicode scalar value"))?;
        let mut utf8 = [0u8; 4];
        self.decoded
            .extend_from_slice(character.encode_utf8(&mut utf8).as_bytes());
        Ok(())
    }
}

impl<R: Read> Read for Utf16Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.decoded_pos == self.decoded.len() {
            if self.at_end {
                return Ok(0);
            }
            self.refill()?;
        }
        let available = &self.decoded[self.decoded_pos..];
        let count = available.len().min(buf.len());
        buf[..count].copy_from_slice(&available[..count]);
        self.decoded_pos += count;
        Ok(count)
    }
}

/// A size for humans: `812 bytes`, `3.4 KiB`, `60.1 MiB`, `2 GiB`.
pub(crate) fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, scale) in UNITS {
        if bytes >= scale {
            // Precision loss is irrelevant at one decimal.
            #[allow(clippy::cast_precision_loss)]
            let value = format!("{:.1}", bytes as f64 / scale as f64);
            let value = value.strip_suffix(".0").unwrap_or(&value);
            return format!("{value} {unit}");
        }
    }
    if bytes == 1 {
        "1 byte".to_string()
    } else {
        format!("{bytes} bytes")
    }
}

/// `"<what> is 60.1 MiB, over the 50 MiB limit (--max-bytes)"`, with exact byte counts when
/// the rounded sizes would read the same.
pub(crate) fn too_large_reason(what: &str, size: u64, limit: u64) -> String {
    let (size_text, limit_text) = if human_size(size) == human_size(limit) {
        (format!("{size} bytes"), format!("{limit}-byte"))
    } else {
        (human_size(size), limit_adjective(limit))
    };
    format!("{what} is {size_text}, over the {limit_text} limit (--max-bytes)")
}

/// `"<what> is over the 50 MiB limit (--max-bytes)"`, for streams whose size is unknown.
pub(crate) fn stream_too_large_reason(what: &str, limit: u64) -> String {
    format!(
        "{what} is over the {} limit (--max-bytes)",
        limit_adjective(limit)
    )
}

/// A limit before "limit": `50 MiB`, `100-byte`.
fn limit_adjective(limit: u64) -> String {
    if limit < 1024 {
        format!("{limit}-byte")
    } else {
        human_size(limit)
    }
}

/// An I/O error as a short reason.
pub(crate) fn describe_io_error(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let pair = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        bytes
    }

    #[test]
    fn plain_utf8_is_kept_exactly() {
        let text = "Héadline\r\n\r\nBody  text.\n";
        assert_eq!(decode_text(text.as_bytes().to_vec()).unwrap(), text);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(b"Body.");
        assert_eq!(decode_text(bytes).unwrap(), "Body.");
    }

    #[test]
    fn utf16_both_byte_orders_decode() {
        let text = "Zürich \u{1F4F0} report.\n";
        for big_endian in [false, true] {
            assert_eq!(decode_text(utf16(text, big_endian)).unwrap(), text);
        }
    }

    #[test]
    fn utf16_unpaired_surrogate_is_reported_with_offset() {
        let mut bytes = vec![0xFF, 0xFE, b'a', 0];
        bytes.extend_from_slice(&0xDC00u16.to_le_bytes());
        let error = decode_text(bytes).unwrap_err();
        assert_eq!(error.kind(), InputErrorKind::InvalidUtf8);
        assert_eq!(
            error.to_string(),
            "invalid UTF-16 at byte 4: unpaired low surrogate"
        );
    }

    #[test]
    fn utf16_odd_length_is_reported() {
        let error = decode_text(vec![0xFF, 0xFE, b'a', 0, b'b']).unwrap_err();
        assert!(error.to_string().contains("odd number of bytes"), "{error}");
    }

    #[test]
    fn nul_byte_offset_counts_the_bom() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(b"ab\0");
        assert_eq!(
            decode_text(bytes).unwrap_err(),
            DecodeError::NulByte { offset: 5 }
        );
    }

    #[test]
    fn control_characters_make_binary() {
        let bytes: Vec<u8> = (0..100u8)
            .map(|i| if i % 5 == 0 { 0x01 } else { b'a' })
            .collect();
        let error = decode_text(bytes).unwrap_err();
        assert_eq!(error.kind(), InputErrorKind::Binary);
        assert_eq!(
            error.to_string(),
            "binary file (20 control characters in the first 100 bytes)"
        );
        // A stray escape in a long text is not binary.
        let mut text = "word ".repeat(100).into_bytes();
        text.push(0x1B);
        assert!(decode_text(text).is_ok());
    }

    #[test]
    fn invalid_utf8_names_byte_and_line() {
        let error = decode_text(b"ok\nna\xEFve".to_vec()).unwrap_err();
        assert_eq!(error.to_string(), "invalid UTF-8 at byte 5 (line 2)");
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(b"\xFF");
        assert_eq!(
            decode_text(bom).unwrap_err().to_string(),
            "invalid UTF-8 at byte 3 (line 1)"
        );
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert_eq!(decode_text(Vec::new()).unwrap_err(), DecodeError::Empty);
        assert_eq!(
            decode_text(UTF8_BOM.to_vec()).unwrap_err(),
            DecodeError::Empty
        );
        assert_eq!(
            decode_text(b" \r\n\t\n".to_vec()).unwrap_err(),
            DecodeError::WhitespaceOnly
        );
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(812), "812 bytes");
        assert_eq!(human_size(50 << 20), "50 MiB");
        assert_eq!(human_size(63_019_827), "60.1 MiB");
        assert_eq!(
            too_large_reason("file", 63_019_827, 50 << 20),
            "file is 60.1 MiB, over the 50 MiB limit (--max-bytes)"
        );
        assert_eq!(
            too_large_reason("file", (50 << 20) + 1, 50 << 20),
            "file is 52428801 bytes, over the 52428800-byte limit (--max-bytes)"
        );
    }
}
