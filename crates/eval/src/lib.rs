//! Gold-format readers and metrics behind `newsgraph eval`.

pub mod conllu;
pub mod metrics;
pub mod ner;
pub mod timeml;
pub mod tokens;
