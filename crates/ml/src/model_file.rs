//! The model file format.
//!
//! ```text
//! b"NGMODEL\n"               8-byte magic
//! u32 little-endian          length of the header
//! header                     JSON (readable with `head -c 2000 model.ngm`)
//! payload                    postcard-encoded model, deflate-compressed
//! ```
//!
//! The header records what the model is, the format version, the training data, the command
//! that trained it, the date and the dev scores, so a model file explains itself.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

const MAGIC: &[u8; 8] = b"NGMODEL\n";

/// The version of the container format (the payload's own layout is versioned by `kind`).
pub const FORMAT_VERSION: u32 = 1;

/// Largest header accepted, to refuse garbage early.
const MAX_HEADER_BYTES: usize = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a newsgraph model file (bad magic bytes)")]
    NotAModel { path: PathBuf },
    #[error("{path}: model format version {found}, this build reads {expected}")]
    Version {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("{path}: model kind {found:?}, expected {expected:?}")]
    Kind {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("{path}: corrupt model: {reason}")]
    Corrupt { path: PathBuf, reason: String },
}

/// What a model file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelHeader {
    pub format_version: u32,
    /// What the payload is, with its own version: "tagger/1", "parser/1", "ner/1".
    pub kind: String,
    /// Training and dev data (paths and sizes), as given to the training command.
    pub training_data: Vec<String>,
    /// The command line that trained the model.
    pub command: String,
    /// When it was trained (ISO 8601 date).
    pub created: String,
    /// Scores on the dev data, by metric name.
    pub dev_scores: BTreeMap<String, f64>,
    /// Anything else worth knowing: hyper-parameters, seed, feature counts.
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
}

impl ModelHeader {
    pub fn new(kind: impl Into<String>) -> Self {
        ModelHeader {
            format_version: FORMAT_VERSION,
            kind: kind.into(),
            training_data: Vec::new(),
            command: String::new(),
            created: String::new(),
            dev_scores: BTreeMap::new(),
            notes: BTreeMap::new(),
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ModelError + '_ {
    move |source| ModelError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Encode a model file into bytes.
pub fn encode<T: Serialize>(header: &ModelHeader, payload: &T) -> Result<Vec<u8>, String> {
    let header_json = serde_json::to_vec_pretty(header).map_err(|e| e.to_string())?;
    let raw = postcard::to_allocvec(payload).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(raw.len() / 2 + header_json.len() + 16);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(header_json.len() as u32).to_le_bytes());
    out.extend_from_slice(&header_json);
    let mut encoder = flate2::write::DeflateEncoder::new(out, flate2::Compression::best());
    encoder.write_all(&raw).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}

/// Write a model file.
pub fn save<T: Serialize>(
    path: &Path,
    header: &ModelHeader,
    payload: &T,
) -> Result<(), ModelError> {
    let bytes = encode(header, payload).map_err(|reason| ModelError::Corrupt {
        path: path.to_path_buf(),
        reason,
    })?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io_error(path))?;
    }
    std::fs::write(path, bytes).map_err(io_error(path))
}

fn split_header<'b>(path: &Path, bytes: &'b [u8]) -> Result<(ModelHeader, &'b [u8]), ModelError> {
    let corrupt = |reason: &str| ModelError::Corrupt {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if bytes.len() < 12 || &bytes[..8] != MAGIC {
        return Err(ModelError::NotAModel {
            path: path.to_path_buf(),
        });
    }
    let mut length = [0u8; 4];
    length.copy_from_slice(&bytes[8..12]);
    let length = u32::from_le_bytes(length) as usize;
    if length > MAX_HEADER_BYTES || 12 + length > bytes.len() {
        return Err(corrupt("header length out of range"));
    }
    let header: ModelHeader = serde_json::from_slice(&bytes[12..12 + length])
        .map_err(|e| corrupt(&format!("header: {e}")))?;
    if header.format_version != FORMAT_VERSION {
        return Err(ModelError::Version {
            path: path.to_path_buf(),
            found: header.format_version,
            expected: FORMAT_VERSION,
        });
    }
    Ok((header, &bytes[12 + length..]))
}

/// Decode a model file from bytes; `path` names it in errors. `kind` must match the header's.
pub fn decode<T: DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
    kind: &str,
) -> Result<(ModelHeader, T), ModelError> {
    let (header, compressed) = split_header(path, bytes)?;
    if header.kind != kind {
        return Err(ModelError::Kind {
            path: path.to_path_buf(),
            found: header.kind,
            expected: kind.to_string(),
        });
    }
    let mut raw = Vec::with_capacity(compressed.len() * 3);
    flate2::read::DeflateDecoder::new(compressed)
        .read_to_end(&mut raw)
        .map_err(|e| ModelError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("payload: {e}"),
        })?;
    let payload = postcard::from_bytes(&raw).map_err(|e| ModelError::Corrupt {
        path: path.to_path_buf(),
        reason: format!("payload: {e}"),
    })?;
    Ok((header, payload))
}

/// Read a model file of the given kind.
pub fn load<T: DeserializeOwned>(path: &Path, kind: &str) -> Result<(ModelHeader, T), ModelError> {
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    decode(path, &bytes, kind)
}

/// Read only the header of a model file.
pub fn read_header(path: &Path) -> Result<ModelHeader, ModelError> {
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    split_header(path, &bytes).map(|(header, _)| header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Toy {
        words: Vec<String>,
        weights: Vec<i16>,
    }

    fn toy() -> Toy {
        Toy {
            words: vec!["junta".into(), "bloc".into()],
            weights: vec![3, -7, 12],
        }
    }

    #[test]
    fn round_trip_keeps_header_and_payload() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("models/toy.ngm");
        let mut header = ModelHeader::new("toy/1");
        header.dev_scores.insert("accuracy".into(), 97.5);
        header.command = "newsgraph train toy".into();
        save(&path, &header, &toy()).unwrap();
        let (read, payload): (ModelHeader, Toy) = load(&path, "toy/1").unwrap();
        assert_eq!(read, header);
        assert_eq!(payload, toy());
        assert_eq!(read_header(&path).unwrap().dev_scores["accuracy"], 97.5);
        let raw = std::fs::read(&path).unwrap();
        assert!(String::from_utf8_lossy(&raw[..200.min(raw.len())]).contains("\"kind\": \"toy/1\""));
    }

    #[test]
    fn wrong_kind_and_garbage_are_clear_errors() {
        let bytes = encode(&ModelHeader::new("toy/1"), &toy()).unwrap();
        let path = Path::new("m.ngm");
        let err = decode::<Toy>(path, &bytes, "parser/1").unwrap_err();
        assert!(err.to_string().contains("expected \"parser/1\""), "{err}");
        let err = decode::<Toy>(path, b"hello world, not a model", "toy/1").unwrap_err();
        assert!(matches!(err, ModelError::NotAModel { .. }));
        let mut truncated = bytes.clone();
        truncated.truncate(bytes.len() - 5);
        assert!(decode::<Toy>(path, &truncated, "toy/1").is_err());
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = decode::<Toy>(Path::new("x"), &bytes, "toy/1");
            let mut prefixed = MAGIC.to_vec();
            prefixed.extend_from_slice(&bytes);
            let _ = decode::<Toy>(Path::new("x"), &prefixed, "toy/1");
        }
    }
}
