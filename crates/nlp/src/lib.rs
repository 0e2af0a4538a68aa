//! newsgraph's English models, trained by our own code (`newsgraph train …`) and run in pure
//! Rust: a POS tagger (UPOS and Penn XPOS), a lemmatizer, a transition-based dependency parser
//! and a named-entity recognizer.
//!
//! Models are loaded once and shared read-only; every `predict`-style method takes `&self`
//! and scratch buffers from the caller, so one model serves all threads.

pub mod gazetteer;
pub mod lemmatizer;
pub mod ner;
pub mod parser;
pub mod shape;
pub mod tagger;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    #[error(transparent)]
    Model(#[from] newsgraph_ml::ModelError),
    #[error("{0}")]
    Training(String),
}
