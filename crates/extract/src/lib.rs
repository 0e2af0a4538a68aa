//! Extraction layers that read the analysed document (tokens, tags, parse, entity mentions)
//! and add facts to it. This crate starts with [`quotes`]: direct quotes, indirect speech and
//! "according to" attributions, their speakers resolved to entities within the article, and
//! what the source descriptions say about the sources ("two Chadian officials").
//!
//! Everything here is pure and deterministic: no I/O except loading and saving models.

pub mod quotes;

/// Errors of the extraction layers (model files, training data).
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error(transparent)]
    Model(#[from] newsgraph_ml::ModelError),
    #[error("training data: {0}")]
    Training(String),
}
