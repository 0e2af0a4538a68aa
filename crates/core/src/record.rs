//! Records of the output stream: an analysed document, or an input that could not be read.

use serde::{Deserialize, Serialize};

use crate::{Document, SCHEMA_VERSION};

/// Why an input was not turned into an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputErrorKind {
    /// The file could not be opened or read.
    Io,
    /// The bytes look like a binary file (NUL bytes, control characters).
    Binary,
    /// The bytes are not valid UTF-8.
    InvalidUtf8,
    /// The file or record holds no text.
    Empty,
    /// The input is larger than the size limit.
    TooLarge,
    /// A JSON line that does not parse.
    MalformedJson,
    /// A JSON record without a non-empty `text` field.
    MissingText,
    /// A file the readers do not handle (skipped, not failed).
    Unsupported,
}

impl InputErrorKind {
    /// Whether this counts as a skip (the input was deliberately passed over) rather than a
    /// failure (the input was meant to be read and could not be).
    pub fn is_skip(self) -> bool {
        matches!(self, InputErrorKind::Unsupported)
    }
}

/// An input that did not become an article: which input, where in it, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputError {
    /// File path, `-` for standard input, or URL.
    pub input: String,
    /// 1-based line number, for line-oriented inputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub kind: InputErrorKind,
    pub reason: String,
}

impl InputError {
    pub fn new(
        input: impl Into<String>,
        line: Option<u64>,
        kind: InputErrorKind,
        reason: impl Into<String>,
    ) -> Self {
        InputError {
            input: input.into(),
            line,
            kind,
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.input, line, self.reason),
            None => write!(f, "{}: {}", self.input, self.reason),
        }
    }
}

impl std::error::Error for InputError {}

/// The error record written in place of a document, so that a JSONL stream accounts for every
/// input: `{"schema_version": "0.1", "error": {"input": …, "line": …, "kind": …, "reason": …}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRecord {
    pub schema_version: String,
    pub error: InputError,
}

impl From<InputError> for ErrorRecord {
    fn from(error: InputError) -> Self {
        ErrorRecord {
            schema_version: SCHEMA_VERSION.to_string(),
            error,
        }
    }
}

/// One line of `newsgraph extract` JSONL output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
pub enum Record {
    Error(ErrorRecord),
    Document(Document),
}
